//! The Markdown and HTML register maps: golden snapshots for the fixture SoC, and for every
//! bundled SoC a structural check (every register of every instance is listed, one bit-field
//! diagram per register, balanced markup, no external assets, deterministic output).

use socgen::model::{Model, Soc};
use std::path::{Path, PathBuf};

fn fixture() -> Model {
    let checked =
        socgen::check(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")]);
    // The fixture's wrap lock with a read dummy warns W0310 and W0311; nothing else may.
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| d.code.is_lock_evidence()),
        "{}",
        checked.render(false)
    );
    checked.model.expect("model")
}

fn catalogue() -> Model {
    let checked = socgen::check(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs")]);
    checked.model.expect("valid catalogue")
}

#[test]
fn fixture_markdown() {
    let model = fixture();
    let soc = model.soc("chip").expect("chip");
    insta::assert_snapshot!("fixture_md", socgen::emit::docs::markdown(&model, soc));
}

#[test]
fn fixture_html() {
    let model = fixture();
    let soc = model.soc("chip").expect("chip");
    insta::assert_snapshot!("fixture_html", socgen::emit::docs::html(&model, soc));
}

#[test]
fn fixture_indices() {
    let model = fixture();
    let socs: Vec<&Soc> = model.socs.iter().collect();
    insta::assert_snapshot!(
        "fixture_index_md",
        socgen::emit::docs::markdown_index(&model, &socs)
    );
    insta::assert_snapshot!(
        "fixture_index_html",
        socgen::emit::docs::html_index(&model, &socs)
    );
}

/// Checks that elements open and close in order (void and self-closed elements aside).
fn assert_balanced(html: &str, what: &str) {
    const VOID: [&str; 4] = ["meta", "br", "line", "!doctype"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after
            .find('>')
            .unwrap_or_else(|| panic!("{what}: unclosed tag"));
        let tag = &after[..end];
        rest = &after[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("{what}: </{name}> without opening tag"));
            assert_eq!(open, name, "{what}: <{open}> closed by </{name}>");
            continue;
        }
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "{what}: unclosed elements {stack:?}");
}

/// No scripts, stylesheets, fonts or images from anywhere: the only URL is the SVG namespace.
fn assert_self_contained(html: &str, what: &str) {
    for needle in [
        "<script", "<link", "<img", "<iframe", "@import", "url(", "src=",
    ] {
        assert!(!html.contains(needle), "{what}: contains {needle}");
    }
    let urls = html.matches("http://").count() + html.matches("https://").count();
    let namespaces = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(urls, namespaces, "{what}: external URL");
}

/// The part of `text` from `start` up to (not including) the first of `ends` after it.
fn section<'a>(text: &'a str, start: &str, ends: &[&str]) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("missing {start}"));
    let body = &text[from + start.len()..];
    let to = ends
        .iter()
        .filter_map(|e| body.find(e))
        .min()
        .unwrap_or(body.len());
    &body[..to]
}

/// One diagram and one Markdown section per register of every block revision `soc` uses, with
/// "reset unknown" where the reset value is.
fn register_sections_are_complete(model: &Model, soc: &Soc, html: &str, md: &str) {
    let what = soc.name.as_str();
    let mut blocks: Vec<usize> = soc.instances.iter().map(|i| i.block).collect();
    blocks.sort_unstable();
    blocks.dedup();
    let registers: usize = blocks
        .iter()
        .map(|b| model.blocks[*b].registers.len())
        .sum();
    assert_eq!(
        html.matches("<svg class=\"bitfield\"").count(),
        registers,
        "{what}"
    );
    assert_eq!(md.matches("\n#### `").count(), registers, "{what}");
    for b in &blocks {
        let block = &model.blocks[*b];
        let details = section(md, &format!("### {}\n", block.id()), &["\n### "]);
        for r in &block.registers {
            assert!(
                details.contains(&format!("#### `{}` at `", r.name)),
                "{what}: {}",
                r.name
            );
            if r.reset.is_none() {
                let head = section(details, &format!("#### `{}` at `", r.name), &["\n#### "]);
                assert!(head.contains("reset unknown"), "{what}: {}", r.name);
            }
        }
    }
}

/// Every register of every instance, with its absolute address, in both maps.
fn instance_tables_are_complete(model: &Model, soc: &Soc, html: &str, md: &str) {
    let what = soc.name.as_str();
    for inst in &soc.instances {
        let block = model.block_of(inst);
        let h = section(
            html,
            &format!("<code>{}</code> &mdash; {}", inst.name, block.id()),
            &["<h3", "<h2"],
        );
        let m = section(
            md,
            &format!("### `{}`: {}", inst.name, block.id()),
            &["\n### ", "\n## "],
        );
        assert_eq!(
            h.matches("<tr><td class=\"num\">").count(),
            block.registers.len(),
            "{what}.{}",
            inst.name
        );
        for r in &block.registers {
            let addr = format!("{:#x}", inst.base + u64::from(r.offset));
            assert!(
                h.contains(&format!("<code>{}</code>", r.name)) && h.contains(&addr),
                "{what}.{}.{}",
                inst.name,
                r.name
            );
            assert!(
                m.contains(&format!("[`{}`]", r.name)) && m.contains(&addr),
                "{what}.{}.{}",
                inst.name,
                r.name
            );
        }
    }
}

/// The lock setup names its BAM, pipe, scratchpad and command-element address.
fn lock_section_names_the_setup(model: &Model, soc: &Soc, md: &str) {
    let what = soc.name.as_str();
    let lock_md = section(md, "## Pipe lock", &["\n## "]);
    match &soc.lock {
        Some(l) => {
            let sp = &soc.instances[l.scratchpad_instance];
            let reg = &model.block_of(sp).registers[l.scratchpad_register];
            for needle in [
                format!("| locked pipe | {} |", l.pipe),
                format!("`{}.{}`", sp.name, reg.name),
                format!("`{:#x}`", l.scratchpad_ce_address),
                format!("[`{}`]", soc.instances[l.bam].name),
            ] {
                assert!(lock_md.contains(&needle), "{what}: {needle} in\n{lock_md}");
            }
            assert!(
                lock_md.contains("+ LOCK") && lock_md.contains("+ UNLOCK"),
                "{what}"
            );
        }
        None => assert!(lock_md.contains("no lock section"), "{what}"),
    }
}

#[test]
fn every_bundled_soc_has_a_complete_well_formed_map() {
    let model = catalogue();
    for soc in &model.socs {
        let what = soc.name.as_str();
        let html = socgen::emit::docs::html(&model, soc);
        let md = socgen::emit::docs::markdown(&model, soc);
        for text in [&html, &md] {
            assert!(!text.contains("template error"), "{what}: {text}");
        }
        assert_balanced(&html, what);
        assert_self_contained(&html, what);
        register_sections_are_complete(&model, soc, &html, &md);
        instance_tables_are_complete(&model, soc, &html, &md);
        lock_section_names_the_setup(&model, soc, &md);
        assert_eq!(
            html,
            socgen::emit::docs::html(&model, soc),
            "{what}: deterministic"
        );
        assert_eq!(
            md,
            socgen::emit::docs::markdown(&model, soc),
            "{what}: deterministic"
        );
    }
}

#[test]
fn the_indices_link_every_bundled_soc() {
    let model = catalogue();
    let socs: Vec<&Soc> = model.socs.iter().collect();
    let index = socgen::emit::docs::html_index(&model, &socs);
    assert_balanced(&index, "index.html");
    assert_self_contained(&index, "index.html");
    let index_md = socgen::emit::docs::markdown_index(&model, &socs);
    for soc in &socs {
        assert!(
            index.contains(&format!("href=\"{0}/{0}.html\"", soc.name)),
            "{}",
            soc.name
        );
        assert!(
            index_md.contains(&format!("({0}/{0}.md)", soc.name)),
            "{}",
            soc.name
        );
    }
}

#[test]
fn every_lock_section_lists_the_graded_facts_it_rests_on() {
    let model = catalogue();
    let mut locked = 0;
    for soc in &model.socs {
        let Some(lock) = &soc.lock else { continue };
        locked += 1;
        let what = soc.name.as_str();
        let md = socgen::emit::docs::markdown(&model, soc);
        let html = socgen::emit::docs::html(&model, soc);
        let facts_md = section(&md, "### What this setup rests on", &["\n## "]);
        let facts_html = section(&html, "What this setup rests on</h4>", &["</table>"]);
        assert!(!lock.facts.is_empty(), "{what}");
        for f in &lock.facts {
            let grade = f.evidence.grade.as_str();
            let row = format!("`{}`", f.subject.name());
            assert!(
                facts_md.lines().any(|l| l.starts_with(&format!("| {row}"))
                    && l.contains(&format!("| **{grade}** |"))),
                "{what}: {row} {grade} in\n{facts_md}"
            );
            assert!(
                facts_html.contains(&format!("<code>{}</code>", f.subject.name()))
                    && facts_html.contains(&format!("grade-{grade}")),
                "{what}: {row}"
            );
        }
        // Every setup rests on the lock group and the BAM revision's locking, with a source.
        for key in [
            "lock_group",
            "pipe_locking",
            "nwd_placement",
            "unlock_after_descriptor",
        ] {
            assert!(facts_md.contains(&format!("| `{key}`")), "{what}: {key}");
        }
        let lock_md = section(&md, "## Pipe lock", &["\n## "]);
        assert!(
            lock_md.contains(&format!("| lock group | {},", lock.lock_group)),
            "{what}"
        );
        // The element layout of the locked BAM's revision, with the read word per revision.
        assert!(lock_md.contains("| 2 | the write mask"), "{what}");
        // The flag rule: NWD only with EOT, INT on the last descriptor, LOCK and UNLOCK apart.
        assert!(
            lock_md.contains("| commands, then data | ")
                && lock_md.contains("data + EOT\\|NWD → dummy command + UNLOCK\\|INT |"),
            "{what}: {lock_md}"
        );
        assert!(
            !lock_md.contains("Every data descriptor carries NWD"),
            "{what}"
        );
        assert!(
            !lock.rationale.contains("NWD on data"),
            "{what}: {}",
            lock.rationale
        );
    }
    assert!(locked >= 10, "{locked} SoCs with a lock");
}

#[test]
fn block_sections_show_the_element_layout_per_revision() {
    let model = catalogue();
    let soc = model.soc("msm8974").expect("msm8974 has a v1.4.0 BAM");
    let md = socgen::emit::docs::markdown(&model, soc);
    let bam = section(&md, "### bam@v1.4.0\n", &["\n#### "]);
    assert!(bam.contains("| 2 | the write mask (0xffffffff: the whole register), on every revision | ignored by the hardware (socgen writes 0). BAM below v1.6.0 |"), "{bam}");
    let soc = model.soc("sm8550").expect("sm8550");
    let md = socgen::emit::docs::markdown(&model, soc);
    let bam = section(&md, "### bam@v1.7.0\n", &["\n#### "]);
    assert!(bam.contains("bits 3..0: destination address bits 35..32; bits 31..4 reserved (0). BAM v1.6.0 and later"), "{bam}");
}

#[test]
fn open_facts_name_their_experiment_and_the_guide_has_each_anchor() {
    // Every experiment the pages name is a section of the guide, under its `<a id="qN">`.
    let guide = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/HARDWARE-VALIDATION.md"),
    )
    .expect("read the guide");
    for (q, title) in socgen::analyze::risk::EXPERIMENTS {
        let anchor = format!("<a id=\"{}\"></a>\n\n## {q}. {title}\n", q.to_lowercase());
        assert!(guide.contains(&anchor), "the guide lacks `{anchor}`");
    }
    // Every fact below documented with a question the guide answers names it, in both formats;
    // every SoC lists the questions only hardware can answer (lock group 0 at least).
    let model = catalogue();
    for soc in &model.socs {
        let Some(lock) = &soc.lock else { continue };
        let md = socgen::emit::docs::markdown(&model, soc);
        let html = socgen::emit::docs::html(&model, soc);
        for f in lock.open_facts() {
            let Some(q) = socgen::analyze::risk::question_of(f) else {
                continue;
            };
            let Some((_, path)) = socgen::analyze::risk::experiment(&q) else {
                continue;
            };
            assert!(
                md.contains(&format!("(`{path}`)")),
                "{}: {}",
                soc.name,
                path
            );
            assert!(
                html.contains(&format!("(<code>{path}</code>)")),
                "{}",
                soc.name
            );
        }
        assert!(
            md.contains("### Questions only hardware can answer"),
            "{}",
            soc.name
        );
        assert!(html.contains("id=\"hardware-questions\""), "{}", soc.name);
        let questions: Vec<&str> = socgen::analyze::risk::hardware_questions(lock)
            .map(|f| f.subject.name())
            .collect();
        assert!(
            questions.contains(&"lock_group_zero"),
            "{}: {questions:?}",
            soc.name
        );
        // The driver's lone UNLOCK after a reset survives every answer to these.
        for survived in ["pipe_reset_releases_lock", "unlock_without_lock_ignored"] {
            assert!(!questions.contains(&survived), "{}: {survived}", soc.name);
        }
    }
}
