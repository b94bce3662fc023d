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
    Dummy, Field, Instance, Model, Placement, Register, Shape, Soc, UnlockElement,
};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

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

/// What `socgen_macros::soc!` expands to for the SoC file at `path`: the same tokens as the
/// build-script path ([`tokens`] for that SoC with the runtime as a crate) and the files read,
/// or the rendered diagnostics.
pub fn expand_soc_file(
    path: &std::path::Path,
) -> Result<(TokenStream, Vec<std::path::PathBuf>), String> {
    if !path.is_file() {
        return Err(format!("no SoC file at {}", path.display()));
    }
    let checked = crate::check(&[path.to_path_buf()]);
    let Some(model) = &checked.model else {
        return Err(format!(
            "invalid SoC description:\n{}",
            checked.render(false)
        ));
    };
    let options = RustOptions {
        socs: Some(model.socs.iter().map(|s| s.name.clone()).collect()),
        runtime: RuntimePath::Crate,
    };
    Ok((tokens(model, &options), checked.loaded.read_paths.clone()))
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

// --- blocks --------------------------------------------------------------------------------

fn index_params(block: &Block) -> Vec<proc_macro2::Ident> {
    block
        .indices
        .iter()
        .map(|i| format_ident!("{}", upper(&i.name)))
        .collect()
}

fn access_marker(access: Access, rt: &TokenStream) -> TokenStream {
    match access {
        Access::ReadOnly => quote!(#rt::ReadOnly),
        Access::WriteOnly => quote!(#rt::WriteOnly),
        Access::ReadWrite | Access::W1c | Access::Unknown => quote!(#rt::ReadWrite),
    }
}

fn block_module(block: &Block, with_commands: bool, opts: &RustOptions) -> TokenStream {
    let rt = rt(opts);
    let ident = format_ident!("{}", block.revision_ident());
    let mut text = format!("`{}`", block.id());
    if !block.description.is_empty() {
        text.push_str(&format!(": {}", block.description));
    }
    text.push_str(&format!("\n\nSource: {}", block.source));
    if !block.compatibles.is_empty() {
        text.push_str(&format!(
            "\n\nDevice-tree compatibles: `{}`",
            block.compatibles.join("`, `")
        ));
    }
    let docs = doc(&text);
    let id = lit(&block.id());
    let compat = block.compatibles.iter().map(|c| lit(c));
    let values = block.registers.iter().map(|r| match &r.layout {
        None => value_type(r, &rt, true),
        Some(catalogue) => {
            let module = format_ident!("{}", snake(catalogue));
            let ty = format_ident!("{}", camel(&r.name));
            let enums = r.fields.iter().any(|f| !f.values.is_empty()).then(|| {
                let m = format_ident!("{}", snake(&r.name));
                quote!(pub use super::#module::#m;)
            });
            quote!(pub use super::#module::#ty; #enums)
        }
    });
    let handle = handle(block, &rt);
    let commands = with_commands.then(|| commands(block, &rt));
    let layout = block.is_bam().then(|| bam_layout(block, &rt)).flatten();
    let offsets = block.registers.iter().map(|r| {
        let name = format_ident!("{}", upper(&r.name));
        let off = hex(u64::from(r.offset));
        let text = format!("Offset of `{}` (copy 0).", r.name);
        quote!(#[doc = #text] pub const #name: usize = #off;)
    });
    let body = with_rt(
        quote! {
            /// `block@revision`.
            pub const BLOCK: &str = #id;
            /// Device-tree compatibles that select this layout.
            pub const COMPATIBLES: &[&str] = &[#(#compat),*];
            /// Register offsets from the instance base.
            pub mod offsets { #(#offsets)* }
            #(#values)*
            #handle
            #commands
            #layout
        },
        opts,
    );
    quote! {
        #docs
        pub mod #ident { #body }
    }
}

/// One module per register catalogue the given revisions of a block place registers from, with
/// one value type per catalogue register (the first revision's copy: every copy has the same
/// layout, because the loader builds them all from the one catalogue entry). The revisions
/// re-export them, so `v1_7_0::PCtrl` and `v1_4_0::PCtrl` are the same type.
fn shared_layouts(revisions: &[&Block], opts: &RustOptions) -> TokenStream {
    let rt = rt(opts);
    let mut catalogues: Vec<(&str, Vec<&Register>)> = Vec::new();
    for block in revisions {
        for r in &block.registers {
            let Some(cat) = r.layout.as_deref() else {
                continue;
            };
            let idx = match catalogues.iter().position(|(c, _)| *c == cat) {
                Some(i) => i,
                None => {
                    catalogues.push((cat, Vec::new()));
                    catalogues.len() - 1
                }
            };
            if let Some((_, regs)) = catalogues.get_mut(idx)
                && !regs.iter().any(|x| x.name == r.name)
            {
                regs.push(r);
            }
        }
    }
    catalogues.sort_by(|a, b| a.0.cmp(b.0));
    let mods = catalogues.into_iter().map(|(cat, mut regs)| {
        regs.sort_by(|a, b| a.name.cmp(&b.name));
        let ident = format_ident!("{}", snake(cat));
        let text = format!(
            "Register values of the catalogue `shared/{cat}.yaml`, shared by every revision that \
             places its registers (each revision re-exports them; offsets are per revision)."
        );
        let values = regs.iter().map(|r| value_type(r, &rt, true));
        let body = with_rt(quote!(#(#values)*), opts);
        quote! {
            #[doc = #text]
            pub mod #ident { #body }
        }
    });
    quote!(#(#mods)*)
}

fn register_doc(r: &Register, what: &str) -> String {
    let mut text = format!("`{}` {what}", r.name);
    if !r.description.is_empty() {
        text.push_str(&format!(": {}", r.description));
    }
    text.push_str(&format!(
        "\n\nOffset {:#x}, access `{}`",
        r.offset,
        r.access.as_str()
    ));
    match &r.shape {
        Shape::Single => {}
        Shape::Array { count, stride } => {
            text.push_str(&format!(", {count} copies {stride:#x} bytes apart"))
        }
        Shape::Dimensioned(_) => text.push_str(", one copy per index (see the accessor)"),
    }
    match r.reset {
        Some(v) => text.push_str(&format!(", reset {v:#010x}.")),
        None => text.push_str(", reset value unknown."),
    }
    if let Some(inf) = &r.inferred {
        text.push_str(&format!("\n\nAccess inferred from driver usage: {inf}"));
    }
    text.push_str(&format!("\n\nSource: {}", r.source));
    text
}

/// An accessor's documentation: where the register is; what it holds is the value type's
/// documentation, which it links instead of repeating.
fn accessor_doc(r: &Register) -> String {
    let mut text = format!(
        "`{}` register at offset {:#x}, access `{}`",
        r.name,
        r.offset,
        r.access.as_str()
    );
    match &r.shape {
        Shape::Single => {}
        Shape::Array { count, stride } => {
            text.push_str(&format!(", {count} copies {stride:#x} bytes apart"))
        }
        Shape::Dimensioned(_) => text.push_str(", one copy per index"),
    }
    text.push_str(&format!(": [`{}`].", camel(&r.name)));
    text
}

/// [`register_doc`] without the place, which differs per revision (the accessor says it).
fn layout_doc(r: &Register) -> String {
    let mut text = format!("`{}` register value", r.name);
    if !r.description.is_empty() {
        text.push_str(&format!(": {}", r.description));
    }
    text.push_str(&format!("\n\nAccess `{}`", r.access.as_str()));
    match r.reset {
        Some(v) => text.push_str(&format!(", reset {v:#010x}.")),
        None => text.push_str(", reset value unknown."),
    }
    if let Some(inf) = &r.inferred {
        text.push_str(&format!("\n\nAccess inferred from driver usage: {inf}"));
    }
    text.push_str(&format!("\n\nSource: {}", r.source));
    text
}

fn field_doc(f: &Field) -> String {
    let bits = if f.width == 1 {
        format!("bit {}", f.lsb)
    } else {
        format!("bits {}:{}", f.msb(), f.lsb)
    };
    let mut text = format!("`{}` ({bits}, `{}`)", f.name, f.access.as_str());
    if !f.description.is_empty() {
        text.push_str(&format!(": {}", f.description));
    }
    if let Some(inf) = &f.inferred {
        text.push_str(&format!("\n\nAccess inferred from driver usage: {inf}"));
    }
    text
}

/// Whether a field's values become a closed Rust enum (every value named, names distinct).
fn closed_enum(f: &Field) -> bool {
    let mut names: Vec<String> = f.values.iter().map(|v| camel(&v.name)).collect();
    names.sort();
    names.dedup();
    f.values_closed() && names.len() == f.values.len()
}

fn enum_type(f: &Field, rt: &TokenStream) -> TokenStream {
    let _ = rt;
    let ty = format_ident!("{}", camel(&f.name));
    let ones = hex32(if f.width >= 32 {
        u32::MAX
    } else {
        (1u32 << f.width) - 1
    });
    let text = doc(&format!("Values of {}", field_doc(f)));
    if closed_enum(f) {
        let last = f.values.last().map(|v| format_ident!("{}", camel(&v.name)));
        let variants = f.values.iter().map(|v| {
            let name = format_ident!("{}", camel(&v.name));
            let value = hex32(v.value);
            let d = doc(&format!("`{}` = {}. {}", v.name, v.value, v.description));
            quote!(#d #name = #value)
        });
        let arms = f
            .values
            .iter()
            .take(f.values.len().saturating_sub(1))
            .map(|v| {
                let name = format_ident!("{}", camel(&v.name));
                let value = hex32(v.value);
                quote!(#value => Self::#name,)
            });
        quote! {
            #text
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[repr(u32)]
            pub enum #ty { #(#variants,)* }
            impl #ty {
                /// The value of the field bits (masked to the field width).
                #[inline]
                pub const fn from_bits(bits: u32) -> Self {
                    match bits & #ones { #(#arms)* _ => Self::#last }
                }
                /// The field bits.
                #[inline]
                pub const fn to_bits(self) -> u32 { self as u32 }
            }
        }
    } else {
        let consts = f.values.iter().map(|v| {
            let name = format_ident!("{}", upper(&v.name));
            let value = hex32(v.value);
            let d = doc(&format!("`{}` = {}. {}", v.name, v.value, v.description));
            quote!(#d pub const #name: Self = Self(#value);)
        });
        let names = f.values.iter().map(|v| {
            let value = hex32(v.value);
            let name = lit(&v.name);
            quote!(#value => Some(#name),)
        });
        quote! {
            #text
            ///
            /// Not every value has a name, so this is an open set of constants.
            #[derive(Clone, Copy, PartialEq, Eq, Hash)]
            pub struct #ty(u32);
            impl #ty {
                #(#consts)*
                /// The value of the field bits (masked to the field width).
                #[inline]
                pub const fn from_bits(bits: u32) -> Self { Self(bits & #ones) }
                /// `value`, or `None` if it does not fit the field.
                #[inline]
                pub const fn new(value: u32) -> Option<Self> {
                    if value <= #ones { Some(Self(value)) } else { None }
                }
                /// The field bits.
                #[inline]
                pub const fn to_bits(self) -> u32 { self.0 }
                /// The value's name, if it has one.
                pub const fn name(self) -> Option<&'static str> {
                    match self.0 { #(#names)* _ => None }
                }
            }
            impl core::fmt::Debug for #ty {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    match self.name() {
                        Some(name) => f.write_str(name),
                        None => write!(f, "{:#x}", self.0),
                    }
                }
            }
        }
    }
}

/// The value type of `r`. `compact` emits the short forms the runtime's `Bits` and `Word`
/// allow (conversions written once; a register without fields, reset value or
/// write-1-to-clear bits is a `Word`); without it, the long form the runtime's own
/// `bam::regs` keeps until it is regenerated (`generated/runtime/src/bam.rs` has another
/// owner; either form satisfies `RegValue`).
fn value_type(r: &Register, rt: &TokenStream, compact: bool) -> TokenStream {
    let ty = format_ident!("{}", camel(&r.name));
    let module = format_ident!("{}", snake(&r.name));
    let docs = doc(&if r.layout.is_some() {
        layout_doc(r)
    } else {
        register_doc(r, "register value")
    });
    if compact && r.fields.is_empty() && r.reset.is_none() && r.w1c_mask() == 0 {
        // Nothing to name, check or mask: the runtime's plain 32-bit value says it all.
        return quote! { #docs pub type #ty = #rt::Word; };
    }
    let reset = r.reset.map(|v| {
        let v = hex32(v);
        quote!(
            /// The value after reset.
            pub const RESET: Self = Self(#v);
        )
    });
    let w1c = hex32(r.w1c_mask());
    let mut methods = Vec::new();
    let mut debug_fields = Vec::new();
    let mut enums = Vec::new();
    for f in &r.fields {
        let get = format_ident!("{}", snake(&f.name));
        let lsb = Literal::u32_unsuffixed(f.lsb);
        // Shifts by 0 are left out: clippy (rightly) flags them in generated code too.
        let field_bits = if f.lsb == 0 {
            quote!(self.0)
        } else {
            quote!((self.0 >> #lsb))
        };
        let field_arg = if f.lsb == 0 {
            quote!(self.0)
        } else {
            quote!(self.0 >> #lsb)
        };
        let place = |v: TokenStream| if f.lsb == 0 { v } else { quote!((#v << #lsb)) };
        let place_enum = place(quote!(value.to_bits()));
        let place_const = place(quote!(V));
        let place_value = place(quote!(value));
        let ones = hex32(if f.width >= 32 {
            u32::MAX
        } else {
            (1u32 << f.width) - 1
        });
        let mask = hex32(f.mask());
        let fdoc = doc(&field_doc(f));
        let name = lit(&snake(&f.name));
        let set_doc = format!(" Sets `{}`.", f.name);
        let set_bool_doc = format!(" Sets or clears `{}`.", f.name);
        let set_const_doc = format!(
            " Sets `{}` to the constant `V`; a `V` that does not fit is a compile error.",
            f.name
        );
        let try_doc = format!(" Sets `{}`, or fails if `value` does not fit.", f.name);
        let clear_doc = format!(
            " Marks `{}` for clearing: pass the result to the register's `clear`.",
            f.name
        );
        debug_fields.push(quote!(.field(#name, &self.#get())));
        let writable = f.access.writable() && f.access != Access::W1c;
        if !f.values.is_empty() {
            enums.push(enum_type(f, rt));
            let ety = format_ident!("{}", camel(&f.name));
            methods.push(quote! {
                #fdoc
                #[inline]
                pub const fn #get(self) -> #module::#ety { #module::#ety::from_bits(#field_arg) }
            });
            if writable {
                let set = format_ident!("with_{}", snake(&f.name));
                methods.push(quote! {
                    #[doc = #set_doc]
                    #[inline]
                    pub const fn #set(self, value: #module::#ety) -> Self {
                        Self((self.0 & !#mask) | (#place_enum & #mask))
                    }
                });
            }
        } else if f.width == 1 {
            methods.push(quote! {
                #fdoc
                #[inline]
                pub const fn #get(self) -> bool { self.0 & #mask != 0 }
            });
            if writable {
                let set = format_ident!("with_{}", snake(&f.name));
                methods.push(quote! {
                    #[doc = #set_bool_doc]
                    #[inline]
                    pub const fn #set(self, value: bool) -> Self {
                        if value { Self(self.0 | #mask) } else { Self(self.0 & !#mask) }
                    }
                });
            }
        } else {
            methods.push(quote! {
                #fdoc
                #[inline]
                pub const fn #get(self) -> u32 { #field_bits & #ones }
            });
            if writable && f.width == 32 {
                let set = format_ident!("with_{}", snake(&f.name));
                methods.push(quote! {
                    #[doc = #set_doc]
                    #[inline]
                    pub const fn #set(self, value: u32) -> Self { Self(value) }
                });
            } else if writable {
                let set = format_ident!("with_{}", snake(&f.name));
                let try_set = format_ident!("try_with_{}", snake(&f.name));
                let width = Literal::u32_unsuffixed(f.width);
                let msg = format!("value does not fit the {}-bit field `{}`", f.width, f.name);
                methods.push(quote! {
                    #[doc = #set_const_doc]
                    #[inline]
                    pub const fn #set<const V: u32>(self) -> Self {
                        const { assert!(V <= #ones, #msg) };
                        Self((self.0 & !#mask) | #place_const)
                    }
                    #[doc = #try_doc]
                    #[inline]
                    pub const fn #try_set(self, value: u32) -> Result<Self, #rt::FieldOverflow> {
                        if value > #ones {
                            return Err(#rt::FieldOverflow { value, width: #width });
                        }
                        Ok(Self((self.0 & !#mask) | #place_value))
                    }
                });
            }
        }
        if f.access == Access::W1c || (r.access == Access::W1c) {
            let clear = format_ident!("clear_{}", snake(&f.name));
            methods.push(quote! {
                #[doc = #clear_doc]
                #[inline]
                pub const fn #clear(self) -> Self { Self(self.0 | #mask) }
            });
        }
    }
    let tyname = lit(&camel(&r.name));
    let debug = if r.fields.is_empty() {
        let fmt = lit(&format!("{}({{:#010x}})", camel(&r.name)));
        quote!(write!(f, #fmt, self.0))
    } else {
        quote!(f.debug_struct(#tyname) #(#debug_fields)* .finish())
    };
    let enum_mod = (!enums.is_empty()).then(|| {
        let text = format!("Field value types of `{}`.", r.name);
        quote!(#[doc = #text] pub mod #module { #(#enums)* })
    });
    let trait_impl = if compact {
        quote! {
            impl #rt::Bits for #ty {
                const W1C_MASK: u32 = #w1c;
                const FROM_BITS: fn(u32) -> Self = Self::from_bits;
                const TO_BITS: fn(Self) -> u32 = Self::to_bits;
            }
        }
    } else {
        quote! {
            impl #rt::RegValue for #ty {
                const W1C_MASK: u32 = #w1c;
                #[inline(always)]
                fn from_bits(bits: u32) -> Self { Self(bits) }
                #[inline(always)]
                fn to_bits(self) -> u32 { self.0 }
            }
        }
    };
    quote! {
        #docs
        #[repr(transparent)]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct #ty(u32);
        impl #ty {
            /// All bits zero.
            pub const ZERO: Self = Self(0);
            #reset
            /// The value of raw register bits.
            #[inline]
            pub const fn from_bits(bits: u32) -> Self { Self(bits) }
            /// The raw register bits.
            #[inline]
            pub const fn to_bits(self) -> u32 { self.0 }
            #(#methods)*
        }
        #trait_impl
        impl core::fmt::Debug for #ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result { #debug }
        }
        #enum_mod
    }
}

/// Parameters and offset expression for one register's accessor.
fn locate(
    block: &Block,
    r: &Register,
    rt: &TokenStream,
) -> (Vec<TokenStream>, TokenStream, Vec<TokenStream>) {
    let off = hex(u64::from(r.offset));
    let off_usize: TokenStream = format!("{:#x}usize", r.offset)
        .parse()
        .unwrap_or_else(|_| quote!(#off));
    match &r.shape {
        Shape::Single => (Vec::new(), quote!(#off), Vec::new()),
        Shape::Array { count, stride } => {
            let count = Literal::u32_unsuffixed(*count);
            let stride = hex(u64::from(*stride));
            (
                vec![quote!(index: #rt::Index<#count>)],
                quote!(#off_usize.wrapping_add((index.get() as usize).wrapping_mul(#stride))),
                vec![quote!(index)],
            )
        }
        Shape::Dimensioned(dims) => {
            let mut params = Vec::new();
            let mut args = Vec::new();
            let mut expr = quote!(#off_usize);
            for (pos, stride) in dims {
                let index = &block.indices[*pos];
                let name = format_ident!("{}", snake(&index.name));
                let count = format_ident!("{}", upper(&index.name));
                let stride = hex(u64::from(*stride));
                params.push(quote!(#name: #rt::Index<#count>));
                args.push(quote!(#name));
                expr = quote!(#expr.wrapping_add((#name.get() as usize).wrapping_mul(#stride)));
            }
            (params, expr, args)
        }
    }
}

fn handle(block: &Block, rt: &TokenStream) -> TokenStream {
    let params = index_params(block);
    let generics = quote!(#(const #params: u32),*);
    let args = quote!(#(#params),*);
    let accessors = block.registers.iter().map(|r| {
        let method = format_ident!("{}", snake(&r.name));
        let ty = format_ident!("{}", camel(&r.name));
        let access = access_marker(r.access, rt);
        let (params, offset, _) = locate(block, r, rt);
        let text = doc(&accessor_doc(r));
        quote! {
            #text
            #[inline(always)]
            pub fn #method(&self, #(#params),*) -> #rt::Reg<'_, I, #ty, #access> {
                #rt::Reg::new(&self.io, #offset)
            }
        }
    });
    let index_doc = if block.indices.is_empty() {
        String::new()
    } else {
        format!(
            "\n\nThe const parameters are how many values each index takes on an instance ({}); \
             each SoC module names the right type for each instance.",
            block
                .indices
                .iter()
                .map(|i| format!("`{}`", upper(&i.name)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let text = format!(
        "Register access to one `{}` instance through an [`Io`](socgen_runtime::Io) window.{index_doc}",
        block.id()
    );
    quote! {
        #[doc = #text]
        #[derive(Debug)]
        pub struct Registers<I, #generics> { io: I }
        impl<I: #rt::Io, #generics> Registers<I, #args> {
            /// A handle on the instance whose window `io` covers.
            #[inline(always)]
            pub const fn new(io: I) -> Self { Self { io } }
            /// The underlying window.
            #[inline(always)]
            pub fn io(&self) -> &I { &self.io }
            #(#accessors)*
        }
    }
}

/// One past the last byte of `block`'s registers with `counts` copies along each index (the
/// instance's counts, or the block's maxima for the default): the span of the command-element
/// window its builders address.
fn register_extent(block: &Block, counts: &[u32]) -> u64 {
    block
        .registers
        .iter()
        .map(|r| {
            let last = match &r.shape {
                Shape::Single => 0,
                Shape::Array { count, stride } => {
                    u64::from(count.saturating_sub(1)) * u64::from(*stride)
                }
                Shape::Dimensioned(dims) => dims
                    .iter()
                    .map(|(pos, stride)| {
                        let n = counts.get(*pos).copied().unwrap_or(0);
                        u64::from(n.saturating_sub(1)) * u64::from(*stride)
                    })
                    .sum(),
            };
            u64::from(r.offset) + last + 4
        })
        .max()
        .unwrap_or(0)
}

/// The address of `r`'s copy as a proven call on the command-element window (`None` for a
/// register with more than two indices, which the runtime has no proof for).
fn window_addr(block: &Block, r: &Register) -> Option<TokenStream> {
    let off = hex32(r.offset);
    Some(match &r.shape {
        Shape::Single => quote!(self.window.reg::<#off>()),
        Shape::Array { count, stride } => {
            let (n, s) = (Literal::u32_unsuffixed(*count), hex32(*stride));
            quote!(self.window.indexed::<#off, #s, #n>(index))
        }
        Shape::Dimensioned(dims) => {
            let arg = |(pos, stride): &(usize, u32)| {
                let index = block.indices.get(*pos)?;
                Some((
                    format_ident!("{}", snake(&index.name)),
                    format_ident!("{}", upper(&index.name)),
                    hex32(*stride),
                ))
            };
            match dims.as_slice() {
                [a] => {
                    let (i, n, s) = arg(a)?;
                    quote!(self.window.indexed::<#off, #s, #n>(#i))
                }
                [a, b] => {
                    let ((i1, n1, s1), (i2, n2, s2)) = (arg(a)?, arg(b)?);
                    quote!(self.window.indexed2::<#off, #s1, #n1, #s2, #n2>(#i1, #i2))
                }
                _ => return None,
            }
        }
    })
}

fn commands(block: &Block, rt: &TokenStream) -> TokenStream {
    let params = index_params(block);
    let maxima: Vec<u32> = block.indices.iter().map(|i| i.max).collect();
    let span = hex32(u32::try_from(register_extent(block, &maxima)).unwrap_or(u32::MAX));
    let generics = quote!(#(const #params: u32,)* const SPAN: u32 = #span);
    let impl_generics = quote!(#(const #params: u32,)* const SPAN: u32);
    let args = quote!(#(#params,)* SPAN);
    let builders = block.registers.iter().map(|r| {
        let ty = format_ident!("{}", camel(&r.name));
        let (params, _, _) = locate(block, r, rt);
        let Some(addr) = window_addr(block, r) else {
            return quote!();
        };
        let mut out = Vec::new();
        if r.access.writable() {
            let name = format_ident!("write_{}", snake(&r.name));
            let text = format!("A command element writing `{}`.", r.name);
            out.push(quote! {
                #[doc = #text]
                #[inline]
                pub const fn #name(self, #(#params,)* value: #ty) -> #rt::CommandElement {
                    #rt::CommandElement::write(#addr, value.to_bits())
                }
            });
        }
        if r.access.readable() {
            let name = format_ident!("read_{}", snake(&r.name));
            let text = format!(
                "A command element reading `{}` into the 32-bit word at bus address `destination`.",
                r.name
            );
            out.push(quote! {
                #[doc = #text]
                #[inline]
                pub const fn #name(self, #(#params,)* destination: u32) -> #rt::CommandElement {
                    #rt::CommandElement::read(#addr, destination)
                }
            });
        }
        quote!(#(#out)*)
    });
    quote! {
        /// Command-element builders for an instance the SoC's locked BAM can program.
        ///
        /// They address a `SPAN`-byte window (the instance's registers) from the instance's
        /// command-element base, as the generator computed it in the SoC's address mode. The
        /// window is checked to fit when it is made and every register inside it, both at
        /// compile time, so no builder can produce a wrong address.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Commands<#generics> { window: #rt::CeWindow<SPAN> }
        impl<#impl_generics> Commands<#args> {
            #[allow(dead_code)]
            pub(crate) const fn new<const BASE: u32>() -> Self {
                Self { window: #rt::CeWindow::new::<BASE>() }
            }
            /// The command-element address of offset 0.
            #[inline]
            pub const fn base(self) -> #rt::CeAddr { self.window.base() }
            #(#builders)*
        }
    }
}

/// `impl BamRevision` from the BAM block's own registers, bound by [`BAM_DRIVER_REGISTERS`]
/// (locations only; values come from `bam::regs`). The validator refuses a `bam` revision
/// that lacks one of them (E0117), so on a model `None` cannot happen; it stays an `Option`
/// rather than an index that could panic.
fn bam_layout(block: &Block, rt: &TokenStream) -> Option<TokenStream> {
    let text = "This revision's register layout, for the BAM driver.";
    bam_revision_type(block, rt, &format_ident!("Layout"), text)
}

/// The `BamRevision` (and `PipeLocking`) implementation of a `bam` revision on a type `ty` with
/// the doc comment `text`.
fn bam_revision_type(
    block: &Block,
    rt: &TokenStream,
    ty: &proc_macro2::Ident,
    text: &str,
) -> Option<TokenStream> {
    let loc = |name: &str| -> Option<TokenStream> {
        let r = block.register(name)?;
        let (mut pipe, mut ee) = (0u32, 0u32);
        if let Shape::Dimensioned(dims) = &r.shape {
            for (pos, stride) in dims {
                match block.indices.get(*pos).map(|i| i.name.as_str()) {
                    Some("pipe") => pipe = *stride,
                    Some("ee") => ee = *stride,
                    _ => {}
                }
            }
        }
        let (o, p, e) = (hex32(r.offset), hex32(pipe), hex32(ee));
        Some(quote!(#rt::bam::RegLoc { offset: #o, pipe_stride: #p, ee_stride: #e }))
    };
    let mask = |reg: &str, fields: &[&str]| -> Option<TokenStream> {
        let r = block.register(reg)?;
        let mut m = 0u32;
        for f in fields {
            m |= r.fields.iter().find(|x| x.name == *f)?.mask();
        }
        Some(hex32(m))
    };
    let mut consts = Vec::new();
    for (konst, reg, _) in BAM_DRIVER_REGISTERS {
        let k = format_ident!("{}", konst);
        let l = loc(reg)?;
        consts.push(quote!(const #k: #rt::bam::RegLoc = #l;));
    }
    let locking = block.pipe_locking.as_ref().is_some_and(|f| f.value);
    let max_pipes = block
        .indices
        .iter()
        .find(|i| i.name == "pipe")
        .map_or(0, |i| i.max);
    let max_pipes = Literal::u32_unsuffixed(max_pipes);
    let revision = lit(&block.revision);
    let read_bits = block.read_destination_bits.as_ref()?.value;
    let format = match read_bits {
        32 => quote!(#rt::CeFormat::DESTINATION_32),
        36 => quote!(#rt::CeFormat::DESTINATION_36),
        _ => return None,
    };
    let lock_group = mask("P_CTRL", &["P_LOCK_GROUP"]);
    let locking_impl = match (locking, lock_group) {
        (true, Some(_)) => Some(quote!(impl #rt::bam::PipeLocking for #ty {})),
        (true, None) => return None,
        (false, _) => None,
    };
    let docs = doc(text);
    Some(quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct #ty;
        impl #rt::bam::BamRevision for #ty {
            const REVISION: &'static str = #revision;
            const PIPE_LOCKING: bool = #locking;
            const MAX_PIPES: u32 = #max_pipes;
            const COMMAND_ELEMENT: #rt::CeFormat = #format;
            #(#consts)*
        }
        #locking_impl
    })
}

/// The `BamRevision` of every `bam` revision of the model, one type per revision named after it
/// (`V1_7_0`), formatted: the test stand-ins `socgen-bam` checks in
/// (`drivers/bam/src/testing/revisions.rs`), so that the driver's tests run on the catalogue's
/// own numbers without the driver depending on the generator.
pub fn bam_standins(model: &Model) -> String {
    let rt = quote!(::socgen_runtime);
    let types = model.blocks.iter().filter(|b| b.is_bam()).filter_map(|b| {
        let ty = format_ident!("{}", b.revision_ident().to_uppercase());
        let mut text = format!("BAM {}", b.revision);
        if !b.description.is_empty() {
            text.push_str(&format!(": {}", b.description));
        }
        text.push_str(&format!(
            "\n\nGenerated from `socs/blocks/bam/{}.yaml`; the same as \
                 `qcom_socs::blocks::bam::{}::Layout`.",
            b.revision,
            b.revision_ident()
        ));
        bam_revision_type(b, &rt, &ty, &text)
    });
    format(quote!(#(#types)*))
}

/// The value types of the BAM registers the driver uses ([`BAM_DRIVER_FIELDS`]), from the
/// catalogue the bundled `bam` revisions share, formatted for the runtime's
/// `socgen_runtime::bam::regs` (paths to the runtime root are `super::super`, which holds both in
/// the runtime crate and in the standalone export's `socgen_runtime` module). Empty when no
/// `bam` revision places those registers from a catalogue.
pub fn bam_runtime_values(model: &Model) -> String {
    let rt = quote!(super::super);
    let mut names: Vec<&str> = BAM_DRIVER_FIELDS.iter().map(|(r, ..)| *r).collect();
    names.sort_unstable();
    names.dedup();
    let source = model.blocks.iter().filter(|b| b.is_bam()).find(|b| {
        names
            .iter()
            .all(|n| b.register(n).is_some_and(|r| r.layout.is_some()))
    });
    let Some(block) = source else {
        return String::new();
    };
    let values = names.iter().filter_map(|n| block.register(n)).map(|r| {
        match fields_some_revisions_lack(model, r) {
            Some(note) => {
                let mut r = r.clone();
                r.description = format!("{}\n\n{note}", r.description);
                value_type(&r, &rt, false)
            }
            None => value_type(r, &rt, false),
        }
    });
    format(quote!(#(#values)*))
}

/// For a value type shared by every `bam` revision: which of its fields some revisions lack
/// (`without_fields:`), and why the driver never sets them there. `None` when every revision
/// that has the register has all its fields.
fn fields_some_revisions_lack(model: &Model, shared: &Register) -> Option<String> {
    let mut lacking: Vec<(&str, Vec<&str>)> = Vec::new();
    for f in &shared.fields {
        let without: Vec<&str> = model
            .blocks
            .iter()
            .filter(|b| b.is_bam())
            .filter(|b| {
                b.register(&shared.name)
                    .is_some_and(|r| r.fields.iter().all(|g| g.name != f.name))
            })
            .map(|b| b.revision.as_str())
            .collect();
        if !without.is_empty() {
            lacking.push((&f.name, without));
        }
    }
    if lacking.is_empty() {
        return None;
    }
    let list: Vec<String> = lacking
        .iter()
        .map(|(f, revs)| format!("`{f}` (not on {})", revs.join(", ")))
        .collect();
    let mut note = format!(
        "One type for every `bam` revision, generated from the catalogue: it keeps every field \
         of the catalogue's `{}`, also those some revisions lack: {}.",
        shared.name,
        list.join(", ")
    );
    for (f, _) in &lacking {
        if BAM_LOCKING_ONLY_FIELDS.contains(&(shared.name.as_str(), *f)) {
            note.push_str(&format!(
                " The driver sets `{f}` only on revisions with pipe locking (`PipeLocking`), \
                 which must have it (E0115, E0117)."
            ));
        } else if !BAM_DRIVER_FIELDS
            .iter()
            .any(|(r, g, ..)| *r == shared.name && g == f)
        {
            note.push_str(&format!(" The driver never sets `{f}`."));
        }
    }
    note.push_str(" On a revision without such a field the driver leaves its bits 0.");
    Some(note)
}

// --- SoCs ----------------------------------------------------------------------------------

/// The path to a block module from a SoC module (`depth` 1) or an instance module (2).
fn block_path(block: &Block, depth: usize) -> TokenStream {
    let name = format_ident!("{}", snake(&block.name));
    let rev = format_ident!("{}", block.revision_ident());
    let supers = (0..depth).map(|_| quote!(super::));
    quote!(#(#supers)* blocks::#name::#rev)
}

fn instance_module(model: &Model, soc: &Soc, inst: &Instance, opts: &RustOptions) -> TokenStream {
    let rt = &rt(opts);
    let block = model.block_of(inst);
    let ident = format_ident!("{}", snake(&inst.name));
    let path = block_path(block, 2);
    let base = hex(inst.base);
    let size = hex(inst.size);
    let mut text = format!("`{}`: `{}` at {:#x}", inst.name, block.id(), inst.base);
    if !inst.description.is_empty() {
        text.push_str(&format!(". {}", inst.description));
    }
    if !inst.enabled {
        text.push_str("\n\nDisabled in the SoC's device tree (boards may enable it).");
    }
    text.push_str(&format!("\n\nSource: {}", inst.source));
    let docs = doc(&text);
    let compat = inst.compatible.iter().map(|c| lit(c));
    let mut props = Vec::new();
    let mut prop = |name: &str, doc_text: &str, value: Option<u32>| {
        if let Some(v) = value {
            let n = format_ident!("{}", name);
            let v = Literal::u32_unsuffixed(v);
            props.push(quote!(#[doc = #doc_text] pub const #n: u32 = #v;));
        }
    };
    prop(
        "EE",
        "The execution environment this side uses (`qcom,ee`).",
        inst.ee,
    );
    prop(
        "NUM_CHANNELS",
        "Pipes of this BAM (`num-channels`).",
        inst.num_channels,
    );
    prop(
        "NUM_EES",
        "Execution environments of this BAM (`qcom,num-ees`).",
        inst.num_ees,
    );
    if block.command_element_bits.is_some() {
        let (c, p) = (inst.controlled_remotely, inst.powered_remotely);
        props.push(quote! {
            /// `qcom,controlled-remotely`: another EE sets the BAM up.
            pub const CONTROLLED_REMOTELY: bool = #c;
            /// `qcom,powered-remotely`.
            pub const POWERED_REMOTELY: bool = #p;
        });
    }
    if let Some(dma) = &inst.dma {
        let ctrl = lit(&soc.instances[dma.controller].name);
        let (rx, tx) = (
            Literal::u32_unsuffixed(dma.rx),
            Literal::u32_unsuffixed(dma.tx),
        );
        props.push(quote! {
            /// The BAM instance this instance's DMA goes through.
            pub const DMA_CONTROLLER: &str = #ctrl;
            /// Memory-to-peripheral pipe (`rx`).
            pub const DMA_RX_PIPE: u32 = #rx;
            /// Peripheral-to-memory pipe (`tx`).
            pub const DMA_TX_PIPE: u32 = #tx;
        });
    }
    let counts: Vec<Literal> = inst
        .index_counts
        .iter()
        .map(|c| Literal::u32_unsuffixed(*c))
        .collect();
    let index_types = block.indices.iter().zip(&counts).map(|(index, count)| {
        let ty = format_ident!("{}", camel(&index.name));
        let text = format!(
            "A valid `{}` index on this instance (0..{count}).",
            index.name
        );
        quote!(#[doc = #text] pub type #ty = #rt::Index<#count>;)
    });
    let commands = inst.ce_base.map(|ce| {
        let ce = hex32(ce);
        let mode = soc.lock.as_ref().map_or("", |l| l.address_mode.as_str());
        let text = format!(
            "Command-element builders for this instance; addresses in the SoC's `{mode}` mode, \
             computed by the generator (base {ce})."
        );
        let span =
            hex32(u32::try_from(register_extent(block, &inst.index_counts)).unwrap_or(u32::MAX));
        quote! {
            #[doc = #text]
            pub const COMMANDS: #path::Commands<#(#counts,)* #span> =
                #path::Commands::new::<#ce>();
        }
    });
    let enabled = inst.enabled;
    let body = with_rt(
        quote! {
            /// Physical base address.
            pub const BASE: u64 = #base;
            /// Register window size in bytes.
            pub const SIZE: usize = #size;
            /// Device-tree compatibles.
            pub const COMPATIBLE: &[&str] = &[#(#compat),*];
            /// `status = "okay"` in the SoC's device tree.
            pub const ENABLED: bool = #enabled;
            #(#props)*
            #(#index_types)*
            /// The register handle type for this instance.
            pub type Registers<I> = #path::Registers<I, #(#counts),*>;
            /// This instance's MMIO window type: `Registers::new(unsafe { Mmio::new(BASE as usize) })`.
            pub type Mmio = #rt::Mmio<SIZE>;
            #commands
        },
        opts,
    );
    quote! {
        #docs
        pub mod #ident { #body }
    }
}

fn lock_target(model: &Model, soc: &Soc, rt: &TokenStream) -> Option<TokenStream> {
    let lock = soc.lock.as_ref()?;
    let bam = &soc.instances[lock.bam];
    let block = model.block_of(bam);
    if !block.is_bam() || bam_layout(block, rt).is_none() {
        return None;
    }
    let path = block_path(block, 1);
    let scratch_inst = &soc.instances[lock.scratchpad_instance];
    let scratch_reg = &model.block_of(scratch_inst).registers[lock.scratchpad_register];
    let soc_name = lit(&soc.name);
    let bam_name = lit(&bam.name);
    let base = hex(bam.base);
    let size = hex(bam.size);
    let ee = Literal::u32_unsuffixed(bam.ee.unwrap_or(0));
    let channels = Literal::u32_unsuffixed(bam.index_counts.first().copied().unwrap_or(0));
    let remote = bam.controlled_remotely;
    let pipe = Literal::u32_unsuffixed(lock.pipe);
    let tx = match lock.tx_pipe {
        Some(t) => {
            let t = Literal::u32_unsuffixed(t);
            quote!(Some(#t))
        }
        None => quote!(None),
    };
    let ce = hex32(lock.scratchpad_ce_address);
    let dummy = match lock.dummy {
        Dummy::Read => quote!(#rt::bam::DummyAccess::Read),
        Dummy::Write(v) => {
            let v = hex32(v);
            quote!(#rt::bam::DummyAccess::Write(#v))
        }
    };
    let placement = match lock.placement {
        Placement::Wrap => quote!(#rt::bam::Placement::Wrap),
        Placement::Merge => quote!(#rt::bam::Placement::Merge),
    };
    let mode = match lock.address_mode {
        AddressMode::Phys24 => quote!(#rt::bam::AddressMode::Phys24),
        AddressMode::BamOffset18 => quote!(#rt::bam::AddressMode::BamOffset18),
        AddressMode::WrapperOffset18 { wrapper_base } => {
            let base = hex(wrapper_base);
            quote!(#rt::bam::AddressMode::WrapperOffset18 { wrapper_base: #base })
        }
    };
    let lock_group = Literal::u32_unsuffixed(lock.lock_group);
    let (unlock, unlock_text) = match lock.unlock.as_ref().map(|u| u.value) {
        None => (TokenStream::new(), "the lock dummy".to_string()),
        Some(UnlockElement::None) => (
            quote!(const UNLOCK: #rt::bam::UnlockWith = #rt::bam::UnlockWith::NoElement;),
            "a command descriptor with no element".to_string(),
        ),
        Some(UnlockElement::Access {
            instance,
            register,
            ce_address,
            access,
        }) => {
            let i = &soc.instances[instance];
            let name = format!("{}.{}", i.name, model.block_of(i).registers[register].name);
            let (access, what) = match access {
                Dummy::Read => (
                    quote!(#rt::bam::DummyAccess::Read),
                    format!("a read of `{name}`"),
                ),
                Dummy::Write(v) => {
                    let what = format!("a write of {v:#x} to `{name}`");
                    let v = hex32(v);
                    (quote!(#rt::bam::DummyAccess::Write(#v)), what)
                }
            };
            let ce = hex32(ce_address);
            (
                quote! {
                    const UNLOCK: #rt::bam::UnlockWith =
                        #rt::bam::UnlockWith::Element(#rt::bam::DummyElement {
                            register: #rt::CeAddr::new_const::<#ce>(),
                            access: #access,
                        });
                },
                what,
            )
        }
    };
    let facts: Vec<String> = lock
        .facts
        .iter()
        .map(|f| format!("- `{}`: {}", f.subject.name(), f.evidence.grade.as_str()))
        .collect();
    let text = doc(&format!(
        "The pipe-lock setup of {}: `{}` pipe {} locked, scratchpad `{}.{}` ({:?} access, \
         command-element address {:#x} in `{}` mode), flags placed by `{:?}`, UNLOCK dummies \
         carrying {}, lock group {}.\n\n{}\n\nSource: {}\n\n\
         It rests on these facts (evidence grade; `socs/hardware/bam.yaml` and the SoC's \
         generated docs give statement and source):\n\n{}",
        soc.name,
        bam.name,
        lock.pipe,
        scratch_inst.name,
        scratch_reg.name,
        lock.dummy,
        lock.scratchpad_ce_address,
        lock.address_mode.as_str(),
        lock.placement,
        unlock_text,
        lock.lock_group,
        lock.rationale,
        lock.source,
        facts.join("\n")
    ));
    Some(quote! {
        #text
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Lock;
        impl #rt::bam::LockTargetSpec for Lock {
            type Revision = #path::Layout;
            const TARGET: #rt::bam::LockTarget = #rt::bam::LockTarget {
                soc: #soc_name,
                bam: #bam_name,
                bam_base: #base,
                bam_size: #size,
                ee: #ee,
                num_channels: #channels,
                controlled_remotely: #remote,
                pipe: #pipe,
                tx_pipe: #tx,
                lock_group: #lock_group,
                scratchpad: #rt::CeAddr::new_const::<#ce>(),
                dummy: #dummy,
                placement: #placement,
                address_mode: #mode,
            };
            #unlock
        }
        /// The lock target of this SoC's crypto engine, for `socgen_bam`.
        pub const fn lock_target() -> Lock { Lock }
    })
}

fn soc_module(model: &Model, soc: &Soc, opts: &RustOptions) -> TokenStream {
    let rt = rt(opts);
    let ident = format_ident!("{}", snake(&soc.name));
    let mut text = format!("SoC `{}`", soc.name);
    if !soc.description.is_empty() {
        text.push_str(&format!(": {}", soc.description));
    }
    text.push_str(&format!("\n\nSource: {}", soc.source));
    let docs = doc(&text);
    let name = lit(&soc.name);
    let instances = soc
        .instances
        .iter()
        .map(|i| instance_module(model, soc, i, opts));
    let lock = with_rt(lock_target(model, soc, &rt).unwrap_or_default(), opts);
    quote! {
        #docs
        pub mod #ident {
            /// The SoC name.
            pub const NAME: &str = #name;
            #(#instances)*
            #lock
        }
    }
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
