//! A SoC's module: one module per instance (base, size, device-tree properties, index types,
//! the handle) and the SoC module around them (the lock target is `bam.rs`).

use super::*;

/// The path to a block module from a SoC module (`depth` 1) or an instance module (2).
pub(super) fn block_path(block: &Block, depth: usize) -> TokenStream {
    let name = format_ident!("{}", snake(&block.name));
    let rev = format_ident!("{}", block.revision_ident());
    let supers = (0..depth).map(|_| quote!(super::));
    quote!(#(#supers)* blocks::#name::#rev)
}

pub(super) fn instance_module(
    model: &Model,
    soc: &Soc,
    inst: &Instance,
    opts: &RustOptions,
) -> TokenStream {
    let rt = &rt(opts);
    let block = model.block_of(inst);
    let ident = format_ident!("{}", snake(&inst.name));
    let path = block_path(block, 2);
    let base = hex(inst.base);
    let size = hex(inst.size);
    let docs = instance_docs(block, inst);
    let compat = inst.compatible.iter().map(|c| lit(c));
    let props = property_constants(soc, block, inst);
    let counts: Vec<Literal> = inst
        .index_counts
        .iter()
        .map(|c| Literal::u32_unsuffixed(*c))
        .collect();
    let index_types = index_types(block, &counts, rt);
    let commands = commands_constant(soc, block, inst, &path, &counts);
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

/// The instance module's documentation: what it is, whether enabled, and its source.
fn instance_docs(block: &Block, inst: &Instance) -> TokenStream {
    let mut text = format!("`{}`: `{}` at {:#x}", inst.name, block.id(), inst.base);
    if !inst.description.is_empty() {
        text.push_str(&format!(". {}", inst.description));
    }
    if !inst.enabled {
        text.push_str("\n\nDisabled in the SoC's device tree (boards may enable it).");
    }
    text.push_str(&format!("\n\nSource: {}", inst.source));
    doc(&text)
}

/// The device-tree properties the instance has, and its DMA wiring, as constants.
fn property_constants(soc: &Soc, block: &Block, inst: &Instance) -> Vec<TokenStream> {
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
    props
}

/// One bounded index type per index of the block, bounded by this instance's count.
fn index_types(block: &Block, counts: &[Literal], rt: &TokenStream) -> Vec<TokenStream> {
    block
        .indices
        .iter()
        .zip(counts)
        .map(|(index, count)| {
            let ty = format_ident!("{}", camel(&index.name));
            let text = format!(
                "A valid `{}` index on this instance (0..{count}).",
                index.name
            );
            quote!(#[doc = #text] pub type #ty = #rt::Index<#count>;)
        })
        .collect()
}

/// `COMMANDS`, the command-element builders, when the lock's BAM addresses this instance.
fn commands_constant(
    soc: &Soc,
    block: &Block,
    inst: &Instance,
    path: &TokenStream,
    counts: &[Literal],
) -> Option<TokenStream> {
    let ce = hex32(inst.ce_base?);
    let mode = soc
        .lock
        .as_ref()
        .map_or("", |l| crate::model::address_mode_name(l.address_mode));
    let text = format!(
        "Command-element builders for this instance; addresses in the SoC's `{mode}` mode, \
         computed by the generator (base {ce})."
    );
    let span = hex32(u32::try_from(register_extent(block, &inst.index_counts)).unwrap_or(u32::MAX));
    Some(quote! {
        #[doc = #text]
        pub const COMMANDS: #path::Commands<#(#counts,)* #span> =
            #path::Commands::new::<#ce>();
    })
}

pub(super) fn soc_module(model: &Model, soc: &Soc, opts: &RustOptions) -> TokenStream {
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
