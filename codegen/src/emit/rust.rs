//! The Rust emitter: typed, `no_std`, allocation-free register APIs.
//!
//! For each block revision, a module with one `Copy` value type per register (`const fn`
//! getters and `with_*` setters), field enums, a handle `Registers<I, ..>` generic over
//! `socgen_runtime::Io` whose methods' access decides what can be done, and command-element
//! builders. For each SoC, a module per instance (base, size, DT properties, index types, the
//! handle type) and the lock target the BAM driver consumes.
//!
//! Paths between generated modules are relative (`super::...`), so the output works at a crate
//! root (`qcom-socs`, standalone export) or inside any module (`socgen_macros::soc!`).

use crate::emit::names::{camel, snake, upper};
use crate::model::{
    Access, AddressMode, BAM_DRIVER_FIELDS, BAM_DRIVER_REGISTERS, BAM_LOCKING_ONLY_FIELDS, Block,
    DummyAccess, Field, Fieldset, Instance, Model, Placement, Register, Shape, Soc, UnlockElement,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

mod bam;
mod block;
mod soc;
mod values;

use bam::*;
pub use bam::{bam_runtime_values, bam_standins};
use block::*;
use soc::*;
use values::*;

/// Where generated code finds the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimePath {
    /// `::socgen_runtime` (a dependency).
    Crate,
    /// `crate::socgen_runtime` (sources copied into the crate, for builds without cargo).
    CrateModule,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct RustOptions {
    /// SoCs to emit (by name); `None` for all. Blocks are emitted when a chosen SoC uses them,
    /// or all of them when `socs` is `None`.
    pub socs: Option<Vec<String>>,
    /// Where the runtime is.
    pub runtime: RuntimePath,
}

impl Default for RustOptions {
    fn default() -> Self {
        RustOptions {
            socs: None,
            runtime: RuntimePath::Crate,
        }
    }
}

/// Where the runtime is, as spelled once per module: `use <root> as socgen_rt;`.
fn rt_root(opts: &RustOptions) -> TokenStream {
    match opts.runtime {
        RuntimePath::Crate => quote!(::socgen_runtime),
        RuntimePath::CrateModule => quote!(crate::socgen_runtime),
    }
}

/// How generated items name the runtime: the alias [`with_rt`] imports. Not `rt`, which a
/// register with value enums (`pub mod rt`) or an instance could be called.
fn rt(_opts: &RustOptions) -> TokenStream {
    quote!(socgen_rt)
}

/// `body` with the runtime alias imported in front of it, if an item directly in it uses the
/// alias (an unused import would be a warning in the generated crate).
fn with_rt(body: TokenStream, opts: &RustOptions) -> TokenStream {
    fn uses(stream: &TokenStream) -> bool {
        stream.clone().into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => i == "socgen_rt",
            proc_macro2::TokenTree::Group(g) => uses(&g.stream()),
            _ => false,
        })
    }
    if uses(&body) {
        let root = rt_root(opts);
        quote!(use #root as socgen_rt; #body)
    } else {
        body
    }
}

fn hex(v: u64) -> Literal {
    // Hex literals read like the datasheet; the suffix keeps them typed.
    format!("{v:#x}")
        .parse::<Literal>()
        .unwrap_or_else(|_| Literal::u64_unsuffixed(v))
}

fn hex32(v: u32) -> TokenStream {
    let l = format!("{v:#x}")
        .parse::<Literal>()
        .unwrap_or_else(|_| Literal::u32_unsuffixed(v));
    quote!(#l)
}

fn doc(text: &str) -> TokenStream {
    let text = text.trim();
    if text.is_empty() {
        return quote!();
    }
    let lines = text
        .lines()
        .map(|l| format!(" {}", escape_html(l.trim_end())));
    quote!(#(#[doc = #lines])*)
}

/// YAML prose may say `<soc>`: outside code spans, `<` and `>` become entities so rustdoc
/// renders them as text instead of reading an HTML tag.
fn escape_html(line: &str) -> String {
    line.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 0 {
                part.replace('<', "&lt;").replace('>', "&gt;")
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// The generated code as tokens (used by the proc macros too).
pub fn tokens(model: &Model, opts: &RustOptions) -> TokenStream {
    tokens_with(model, opts, false)
}

/// The chosen SoCs (`opts.socs`), each behind `#[cfg(feature = "<soc>")]`, and each block
/// revision behind `#[cfg(any(feature = ..))]` of the SoCs using it: the sources `qcom-socs`
/// ships, so a consumer compiles the SoCs it enables without running the generator.
pub fn feature_gated_tokens(model: &Model, opts: &RustOptions) -> TokenStream {
    tokens_with(model, opts, true)
}

/// `#[cfg(any(feature = "a", ..))]` for the SoCs named, or nothing when not gating.
fn feature_cfg(gated: bool, socs: &[&str]) -> TokenStream {
    if !gated {
        return quote!();
    }
    let mut socs = socs.to_vec();
    socs.sort_unstable();
    let names = socs.iter().map(|s| lit(s));
    quote!(#[cfg(any(#(feature = #names),*))])
}

fn tokens_with(model: &Model, opts: &RustOptions, gated: bool) -> TokenStream {
    let socs: Vec<&Soc> = model
        .socs
        .iter()
        .filter(|s| opts.socs.as_ref().is_none_or(|list| list.contains(&s.name)))
        .collect();
    let mut used = vec![opts.socs.is_none(); model.blocks.len()];
    let mut commands = vec![false; model.blocks.len()];
    // Per block, the SoCs using it (for the feature gates).
    let mut users: Vec<Vec<&str>> = vec![Vec::new(); model.blocks.len()];
    for soc in &socs {
        for inst in &soc.instances {
            used[inst.block] = true;
            if let Some(u) = users.get_mut(inst.block)
                && !u.contains(&soc.name.as_str())
            {
                u.push(&soc.name);
            }
            if inst.ce_base.is_some() {
                commands[inst.block] = true;
            }
        }
    }
    let mut by_name: Vec<(String, Vec<TokenStream>, Vec<&str>)> = Vec::new();
    for (i, block) in model.blocks.iter().enumerate() {
        if !used[i] {
            continue;
        }
        let cfg = feature_cfg(gated, &users[i]);
        let module = block_module(block, commands[i], opts);
        let module = quote!(#cfg #module);
        match by_name.iter_mut().find(|(n, _, _)| *n == block.name) {
            Some((_, mods, all)) => {
                mods.push(module);
                for soc in &users[i] {
                    if !all.contains(soc) {
                        all.push(soc);
                    }
                }
            }
            None => by_name.push((block.name.clone(), vec![module], users[i].clone())),
        }
    }
    let block_mods = by_name.iter().map(|(name, mods, all)| {
        let ident = format_ident!("{}", snake(name));
        let text = format!("Revisions of the `{name}` block.");
        let revisions: Vec<&Block> = model
            .blocks
            .iter()
            .enumerate()
            .filter(|(i, b)| used[*i] && b.name == *name)
            .map(|(_, b)| b)
            .collect();
        let shared = shared_layouts(&revisions, opts);
        let cfg = feature_cfg(gated, all);
        quote! {
            #[doc = #text]
            #cfg
            pub mod #ident { #shared #(#mods)* }
        }
    });
    let soc_mods = socs.iter().map(|soc| {
        let cfg = feature_cfg(gated, &[soc.name.as_str()]);
        let module = soc_module(model, soc, opts);
        quote!(#cfg #module)
    });
    quote! {
        /// Register blocks, one module per IP block, one submodule per revision.
        pub mod blocks { #(#block_mods)* }
        #(#soc_mods)*
    }
}

/// Every block of the model as `pub mod <block> { pub mod <revision> { .. } }`, without the
/// `blocks` wrapper (what `register_block!` expands to).
pub fn block_tokens(model: &Model, opts: &RustOptions) -> TokenStream {
    let mods = model.blocks.iter().map(|b| {
        let name = format_ident!("{}", snake(&b.name));
        let module = block_module(b, false, opts);
        let shared = shared_layouts(&[b], opts);
        quote!(pub mod #name { #shared #module })
    });
    quote!(#(#mods)*)
}

/// The generated code, formatted.
pub fn generate(model: &Model, opts: &RustOptions) -> String {
    format(tokens(model, opts))
}

/// Formats generated tokens with prettyplease (feature `pretty`); without it, the tokens as one
/// line, which is all a build script writing to `OUT_DIR` needs.
pub fn format(tokens: TokenStream) -> String {
    #[cfg(feature = "pretty")]
    if let Ok(file) = syn::parse2::<syn::File>(tokens.clone()) {
        return space_doc_comments(&prettyplease::unparse(&file));
    }
    // Unreachable for emitter output with `pretty`; keep the unformatted text rather than lose it.
    tokens.to_string()
}

/// prettyplease prints `#[doc = "x"]` as `///x`; rustfmt-style output has `/// x`.
#[cfg(feature = "pretty")]
fn space_doc_comments(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 20);
    for line in code.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        match trimmed.strip_prefix("///") {
            Some(rest) if !rest.is_empty() && !rest.starts_with([' ', '/']) => {
                out.push_str(indent);
                out.push_str("/// ");
                out.push_str(rest);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn prose_angle_brackets_are_escaped_but_code_spans_are_not() {
        assert_eq!(
            escape_html("rows '<soc> merge' -> `Reg<'_, I>`"),
            "rows '&lt;soc&gt; merge' -&gt; `Reg<'_, I>`"
        );
        assert_eq!(escape_html("no brackets"), "no brackets");
    }
}
