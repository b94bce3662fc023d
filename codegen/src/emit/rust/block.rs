//! A block revision's module: the handle `Registers<I, ..>` whose methods exist by access, the
//! shared value types of a register catalogue, window addresses and the command-element
//! builders.

use super::*;

pub(super) fn index_params(block: &Block) -> Vec<proc_macro2::Ident> {
    block
        .indices
        .iter()
        .map(|i| format_ident!("{}", upper(&i.name)))
        .collect()
}

pub(super) fn access_marker(access: Access, rt: &TokenStream) -> TokenStream {
    match access {
        Access::ReadOnly => quote!(#rt::ReadOnly),
        Access::WriteOnly => quote!(#rt::WriteOnly),
        Access::ReadWrite | Access::W1c | Access::Unknown => quote!(#rt::ReadWrite),
    }
}

pub(super) fn block_module(block: &Block, with_commands: bool, opts: &RustOptions) -> TokenStream {
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
    let values = revision_values(block, &rt);
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

/// The value types of a revision's registers: its own, each fieldset's once, and re-exports of
/// those its catalogue shares.
fn revision_values(block: &Block, rt: &TokenStream) -> Vec<TokenStream> {
    let mut done: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for r in &block.registers {
        let set = r.fieldset.as_deref().and_then(|n| block.fieldset(n));
        if let Some(set) = set {
            if done.contains(&set.name.as_str()) {
                continue;
            }
            done.push(&set.name);
        }
        let shared = match set {
            Some(set) => set
                .layout
                .as_deref()
                .map(|cat| (cat, &set.name, &set.fields)),
            None => r.layout.as_deref().map(|cat| (cat, &r.name, &r.fields)),
        };
        out.push(match (shared, set) {
            (Some((catalogue, name, fields)), _) => {
                let module = format_ident!("{}", snake(catalogue));
                let ty = format_ident!("{}", camel(name));
                let enums = fields.iter().any(|f| !f.values.is_empty()).then(|| {
                    let m = format_ident!("{}", snake(name));
                    quote!(pub use super::#module::#m;)
                });
                quote!(pub use super::#module::#ty; #enums)
            }
            (None, Some(set)) => fieldset_type(block, set, rt),
            (None, None) => value_type(r, rt),
        });
    }
    out
}

/// One module per register catalogue the given revisions of a block place registers from, with
/// one value type per catalogue register (the first revision's copy: every copy has the same
/// layout, because the loader builds them all from the one catalogue entry). The revisions
/// re-export them, so `v1_7_0::PCtrl` and `v1_4_0::PCtrl` are the same type.
pub(super) fn shared_layouts(revisions: &[&Block], opts: &RustOptions) -> TokenStream {
    let rt = rt(opts);
    let mut catalogues: Vec<(&str, Vec<(&Block, &Register)>)> = Vec::new();
    for block in revisions {
        for r in &block.registers {
            let set = r.fieldset.as_deref().and_then(|n| block.fieldset(n));
            let (cat, name) = match set {
                Some(set) => match set.layout.as_deref() {
                    Some(cat) => (cat, &set.name),
                    None => continue,
                },
                None => match r.layout.as_deref() {
                    Some(cat) => (cat, &r.name),
                    None => continue,
                },
            };
            let idx = match catalogues.iter().position(|(c, _)| *c == cat) {
                Some(i) => i,
                None => {
                    catalogues.push((cat, Vec::new()));
                    catalogues.len() - 1
                }
            };
            if let Some((_, regs)) = catalogues.get_mut(idx)
                && !regs.iter().any(|(b, x)| type_of(b, x) == *name)
            {
                regs.push((block, r));
            }
        }
    }
    catalogues.sort_by(|a, b| a.0.cmp(b.0));
    let mods = catalogues.into_iter().map(|(cat, mut regs)| {
        regs.sort_by(|a, b| type_of(a.0, a.1).cmp(type_of(b.0, b.1)));
        let ident = format_ident!("{}", snake(cat));
        let text = format!(
            "Register values of the catalogue `shared/{cat}.yaml`, shared by every revision that \
             places its registers (each revision re-exports them; offsets are per revision)."
        );
        let values = regs.iter().map(|(block, r)| {
            match r.fieldset.as_deref().and_then(|n| block.fieldset(n)) {
                Some(set) => fieldset_type(block, set, &rt),
                None => value_type(r, &rt),
            }
        });
        let body = with_rt(quote!(#(#values)*), opts);
        quote! {
            #[doc = #text]
            pub mod #ident { #body }
        }
    });
    quote!(#(#mods)*)
}

/// The name a register's value type is emitted under: its fieldset's, or its own.
fn type_of<'a>(block: &'a Block, r: &'a Register) -> &'a str {
    match r.fieldset.as_deref().and_then(|n| block.fieldset(n)) {
        Some(set) => &set.name,
        None => &r.name,
    }
}

/// Parameters and offset expression for one register's accessor.
pub(super) fn locate(
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

pub(super) fn handle(block: &Block, rt: &TokenStream) -> TokenStream {
    let params = index_params(block);
    let generics = quote!(#(const #params: u32),*);
    let args = quote!(#(#params),*);
    let accessors = block.registers.iter().map(|r| {
        let method = format_ident!("{}", snake(&r.name));
        let ty = format_ident!("{}", value_type_name(r));
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
pub(super) fn register_extent(block: &Block, counts: &[u32]) -> u64 {
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
pub(super) fn window_addr(block: &Block, r: &Register) -> Option<TokenStream> {
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

pub(super) fn commands(block: &Block, rt: &TokenStream) -> TokenStream {
    let params = index_params(block);
    let maxima: Vec<u32> = block.indices.iter().map(|i| i.max).collect();
    let span = hex32(u32::try_from(register_extent(block, &maxima)).unwrap_or(u32::MAX));
    let generics = quote!(#(const #params: u32,)* const SPAN: u32 = #span);
    let impl_generics = quote!(#(const #params: u32,)* const SPAN: u32);
    let args = quote!(#(#params,)* SPAN);
    let builders = block.registers.iter().map(|r| {
        let ty = format_ident!("{}", value_type_name(r));
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
