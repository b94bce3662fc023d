//! Register maps for people: Markdown and self-contained HTML (minijinja templates in
//! `codegen/templates/docs/`).
//!
//! Per SoC: the instances (base, size, block revision, device-tree properties, DMA wiring), a
//! register map per instance (offsets, absolute addresses, copies on that instance, access,
//! reset), the pipe-lock setup explained, and per register of every block revision the SoC
//! uses a bit-field diagram (an inline SVG in HTML, a table in Markdown) with its enums.
//! Output depends only on the model: no timestamps, no paths, stable order.
//!
//! The geometry of the diagrams is computed here; the templates only draw it.

use crate::model::{
    Access, AddressMode, Block, DummyAccess, Field, Grade, Instance, Lock, LockFact, Model,
    Placement, Register, Shape, Soc, UnlockElement,
};
use minijinja::{AutoEscape, Environment, Value as JValue};
use serde_json::{Value, json};

mod diagram;
mod lock;
mod registers;

use diagram::*;
use lock::*;
pub use lock::{Kind, grades_line, lock_example};
use registers::*;

const SOC_MD: &str = include_str!("../../templates/docs/soc.md.j2");
const INDEX_MD: &str = include_str!("../../templates/docs/index.md.j2");
const SOC_HTML: &str = include_str!("../../templates/docs/soc.html.j2");
const INDEX_HTML: &str = include_str!("../../templates/docs/index.html.j2");
const CSS: &str = include_str!("../../templates/docs/style.css");
const CE_LAYOUT_MD: &str = include_str!("../../templates/docs/ce_layout.md.j2");
const CE_LAYOUT_HTML: &str = include_str!("../../templates/docs/ce_layout.html.j2");

fn hex(v: u64) -> String {
    format!("{v:#x}")
}

fn hex32(v: u32) -> String {
    format!("{v:#010x}")
}

/// An anchor-safe id: lower case, `[a-z0-9-]` only.
fn slug(parts: &[&str]) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        for c in p.chars() {
            out.push(if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            });
        }
    }
    out
}

fn block_anchor(block: &Block) -> String {
    slug(&["block", &block.name, &block.revision_ident()])
}

fn register_anchor(block: &Block, reg: &Register) -> String {
    slug(&["reg", &block.name, &block.revision_ident(), &reg.name])
}

fn instance_anchor(inst: &Instance) -> String {
    slug(&["inst", &inst.name])
}

/// The template context of one SoC (shared by the Markdown and HTML templates).
fn soc_context(model: &Model, soc: &Soc) -> Value {
    let mut blocks: Vec<usize> = soc.instances.iter().map(|i| i.block).collect();
    blocks.sort_unstable();
    blocks.dedup();
    let lockable: Vec<String> = soc
        .instances
        .iter()
        .map(|i| model.block_of(i))
        .filter(|b| b.pipe_locking.as_ref().is_some_and(|f| f.value))
        .map(Block::id)
        .collect();
    json!({
        "soc": {"name": soc.name, "description": soc.description, "source": soc.source},
        "instances": soc.instances.iter().map(|i| instance_context(model, soc, i)).collect::<Vec<_>>(),
        "blocks": blocks.iter().map(|b| block_context(&model.blocks[*b])).collect::<Vec<_>>(),
        "lock": soc.lock.as_ref().map(|l| lock_context(model, soc, l)),
        "lockable": !lockable.is_empty(),
        "css": CSS,
    })
}

fn index_context(model: &Model, socs: &[&Soc]) -> Value {
    let rows: Vec<Value> = socs
        .iter()
        .map(|soc| {
            let mut blocks: Vec<String> = soc
                .instances
                .iter()
                .map(|i| model.block_of(i).id())
                .collect();
            blocks.sort();
            blocks.dedup();
            let lock = soc.lock.as_ref().map(|l| {
                format!(
                    "{} pipe {}, {}, dummy {}",
                    soc.instances[l.bam].name,
                    l.pipe,
                    match l.placement {
                        Placement::Wrap => "wrap",
                        Placement::Merge => "merge",
                    },
                    match l.dummy {
                        DummyAccess::Read => "read".to_string(),
                        DummyAccess::Write(v) => format!("write {}", hex(u64::from(v))),
                    }
                )
            });
            json!({
                "name": soc.name,
                "description": soc.description,
                "instances": soc.instances.len(),
                "blocks": blocks,
                "lock": lock,
            })
        })
        .collect();
    json!({"socs": rows, "css": CSS})
}

/// Escapes text for HTML and turns `code` spans into `<code>` elements.
fn prose(text: &str) -> JValue {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    // Only pair backticks when they are balanced; otherwise keep them literally.
    let balanced = text.matches('`').count().is_multiple_of(2);
    for c in text.chars() {
        match c {
            '`' if balanced => {
                out.push_str(if in_code { "</code>" } else { "<code>" });
                in_code = !in_code;
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    JValue::from_safe_string(out)
}

/// Makes text safe inside a Markdown table cell or list item: one line, `|` escaped,
/// HTML-significant characters neutralised.
fn cell(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn environment(html: bool) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_auto_escape_callback(move |_| {
        if html {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.add_filter("prose", |s: String| prose(&s));
    env.add_filter("cell", |s: String| cell(&s));
    env
}

/// Pastes the shared partials into a template (the build has no multi-template loader).
fn with_partials(template: &str) -> String {
    template
        .replace("{% include \"ce_layout_md\" %}\n", CE_LAYOUT_MD)
        .replace("{% include \"ce_layout_html\" %}\n", CE_LAYOUT_HTML)
}

fn render(html: bool, template: &str, ctx: Value) -> String {
    let template = with_partials(template);
    let template = template.as_str();
    // The templates are part of the binary; a failure is a bug in them, reported in the
    // output rather than by a panic.
    match environment(html).render_str(template, ctx) {
        Ok(text) => text,
        Err(e) if html => {
            format!("<!doctype html><title>error</title><p>socgen template error: {e}</p>\n")
        }
        Err(e) => format!("socgen template error: {e}\n"),
    }
}

/// The Markdown register map of one SoC.
pub fn markdown(model: &Model, soc: &Soc) -> String {
    render(false, SOC_MD, soc_context(model, soc))
}

/// The self-contained HTML register map of one SoC (inline CSS and SVG, no external assets).
pub fn html(model: &Model, soc: &Soc) -> String {
    render(true, SOC_HTML, soc_context(model, soc))
}

/// The Markdown index linking `<soc>/<soc>.md` for the given SoCs.
pub fn markdown_index(model: &Model, socs: &[&Soc]) -> String {
    render(false, INDEX_MD, index_context(model, socs))
}

/// The HTML index linking `<soc>/<soc>.html` for the given SoCs.
pub fn html_index(model: &Model, socs: &[&Soc]) -> String {
    render(true, INDEX_HTML, index_context(model, socs))
}

/// The Markdown files of one SoC: `(name relative to out/md/<soc>/, text)`.
pub fn markdown_files(model: &Model, soc: &Soc) -> Vec<(String, String)> {
    vec![(format!("{}.md", soc.name), markdown(model, soc))]
}

/// The HTML files of one SoC: `(name relative to out/html/<soc>/, text)`.
pub fn html_files(model: &Model, soc: &Soc) -> Vec<(String, String)> {
    vec![(format!("{}.html", soc.name), html(model, soc))]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(fields: Vec<(u32, u32)>) -> Register {
        Register {
            name: "R".into(),
            offset: 0,
            access: Access::ReadWrite,
            reset: None,
            write_ignored: false,
            inferred: None,
            description: String::new(),
            source: String::new(),
            shape: Shape::Single,
            layout: None,
            fieldset: None,
            fieldset_inferred: None,
            fields: fields
                .into_iter()
                .enumerate()
                .map(|(i, (lsb, width))| Field {
                    name: format!("F{i}"),
                    lsb,
                    width,
                    access: Access::ReadWrite,
                    description: String::new(),
                    values: Vec::new(),
                    inferred: None,
                    source: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn segments_cover_all_32_bits_with_gaps_as_reserved() {
        let r = reg(vec![(0, 1), (4, 4), (31, 1)]);
        let segs: Vec<(u32, u32, bool)> = segments(&r)
            .iter()
            .map(|s| (s.msb, s.lsb, s.field.is_some()))
            .collect();
        assert_eq!(
            segs,
            vec![
                (31, 31, true),
                (30, 8, false),
                (7, 4, true),
                (3, 1, false),
                (0, 0, true)
            ]
        );
        let full = reg(vec![(0, 32)]);
        assert_eq!(segments(&full).len(), 1);
        assert!(segments(&reg(vec![])).is_empty());
    }

    #[test]
    fn merge_puts_flags_on_own_command_descriptors_and_wrap_always_adds_dummies() {
        use Kind::*;
        assert_eq!(
            lock_example(Placement::Merge, &[Cmd, Cmd]),
            ["command + LOCK", "command + UNLOCK|INT"]
        );
        assert_eq!(
            lock_example(Placement::Merge, &[Cmd]),
            ["command + LOCK", "dummy command + UNLOCK|INT"]
        );
        assert_eq!(
            lock_example(Placement::Merge, &[Cmd, Data]),
            [
                "command + LOCK",
                "data + EOT|NWD",
                "dummy command + UNLOCK|INT"
            ]
        );
        assert_eq!(
            lock_example(Placement::Merge, &[Data]),
            [
                "dummy command + LOCK",
                "data + EOT|NWD",
                "dummy command + UNLOCK|INT"
            ]
        );
        assert_eq!(
            lock_example(Placement::Wrap, &[Cmd, Data]),
            [
                "dummy command + LOCK",
                "command",
                "data + EOT|NWD",
                "dummy command + UNLOCK|INT"
            ]
        );
    }

    #[test]
    fn nwd_only_on_the_last_data_descriptor_before_a_command() {
        use Kind::*;
        for placement in [Placement::Wrap, Placement::Merge] {
            for own in [
                &[Cmd, Data, Data][..],
                &[Data, Data, Cmd],
                &[Cmd, Data, Cmd, Data, Data],
                &[Data],
            ] {
                let chain = lock_example(placement, own);
                for (i, d) in chain.iter().enumerate() {
                    let next_cmd = chain.get(i + 1).is_some_and(|n| n.contains("command"));
                    if d.starts_with("data") {
                        assert_eq!(d.contains("EOT|NWD"), next_cmd, "{chain:?}");
                    } else {
                        assert!(!d.contains("EOT") && !d.contains("NWD"), "{chain:?}");
                    }
                    let flags: Vec<&str> = d
                        .split_once(" + ")
                        .map_or(Vec::new(), |(_, f)| f.split('|').collect());
                    assert!(
                        !(flags.contains(&"LOCK") && flags.contains(&"UNLOCK")),
                        "{chain:?}"
                    );
                    assert_eq!(d.contains("INT"), i + 1 == chain.len(), "{chain:?}");
                }
                assert_eq!(chain.iter().filter(|d| d.contains("+ LOCK")).count(), 1);
                assert_eq!(chain.iter().filter(|d| d.contains("UNLOCK")).count(), 1);
            }
        }
    }

    #[test]
    fn prose_escapes_and_marks_code() {
        assert_eq!(
            prose("a <b> & `X_Y`").to_string(),
            "a &lt;b&gt; &amp; <code>X_Y</code>"
        );
        assert_eq!(prose("odd ` tick").to_string(), "odd ` tick");
        assert_eq!(cell("a | b\nc <d>"), "a \\| b c &lt;d&gt;");
    }
}
