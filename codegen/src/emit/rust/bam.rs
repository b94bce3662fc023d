//! What the BAM driver binds to: a `role: bam` revision's `Layout` (`BamRevision`), the
//! driver's stand-ins and runtime value types, and a SoC's lock target.

use super::*;
use crate::model::Lock;

/// `impl BamRevision` from the BAM block's own registers, bound by [`BAM_DRIVER_REGISTERS`]
/// (locations only; values come from `bam::regs`). The validator refuses a `bam` revision
/// that lacks one of them (E0117), so on a model `None` cannot happen; it stays an `Option`
/// rather than an index that could panic.
pub(super) fn bam_layout(block: &Block, rt: &TokenStream) -> Option<TokenStream> {
    let text = "This revision's register layout, for the BAM driver.";
    bam_revision_type(block, rt, &format_ident!("Layout"), text)
}

/// The `BamRevision` (and `PipeLocking`) implementation of a `bam` revision on a type `ty` with
/// the doc comment `text`.
pub(super) fn bam_revision_type(
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
    let mut done: Vec<&str> = Vec::new();
    let mut values = Vec::new();
    for r in names.iter().filter_map(|n| block.register(n)) {
        if let Some(set) = r.fieldset.as_deref().and_then(|n| block.fieldset(n)) {
            if !done.contains(&set.name.as_str()) {
                done.push(&set.name);
                values.push(fieldset_type(block, set, &rt));
            }
            continue;
        }
        values.push(match fields_some_revisions_lack(model, r) {
            Some(note) => {
                let mut r = r.clone();
                r.description = format!("{}\n\n{note}", r.description);
                value_type(&r, &rt)
            }
            None => value_type(r, &rt),
        });
    }
    format(quote!(#(#values)*))
}

/// For a value type shared by every `bam` revision: which of its fields some revisions lack
/// (`without_fields:`), and why the driver never sets them there. `None` when every revision
/// that has the register has all its fields.
pub(super) fn fields_some_revisions_lack(model: &Model, shared: &Register) -> Option<String> {
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

pub(super) fn lock_target(model: &Model, soc: &Soc, rt: &TokenStream) -> Option<TokenStream> {
    let lock = soc.lock.as_ref()?;
    let bam = &soc.instances[lock.bam];
    let block = model.block_of(bam);
    if !block.is_bam() || bam_layout(block, rt).is_none() {
        return None;
    }
    let path = block_path(block, 1);
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
    let dummy = dummy_access(lock.dummy, rt);
    let (placement, mode) = placement_and_mode(lock, rt);
    let lock_group = Literal::u32_unsuffixed(lock.lock_group);
    let (unlock, unlock_text) = unlock_element(model, soc, lock, rt);
    let text = lock_doc(model, soc, lock, &unlock_text);
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

/// A dummy access as the runtime's type.
fn dummy_access(access: DummyAccess, rt: &TokenStream) -> TokenStream {
    match access {
        DummyAccess::Read => quote!(#rt::bam::DummyAccess::Read),
        DummyAccess::Write(v) => {
            let v = hex32(v);
            quote!(#rt::bam::DummyAccess::Write(#v))
        }
    }
}

/// The lock's placement and address mode as the runtime's types.
fn placement_and_mode(lock: &Lock, rt: &TokenStream) -> (TokenStream, TokenStream) {
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
    (placement, mode)
}

/// The `UNLOCK` constant when `unlock:` chooses an element, and the words for what UNLOCK
/// dummies carry.
fn unlock_element(
    model: &Model,
    soc: &Soc,
    lock: &Lock,
    rt: &TokenStream,
) -> (TokenStream, String) {
    match lock.unlock.as_ref().map(|u| u.value) {
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
                DummyAccess::Read => (
                    quote!(#rt::bam::DummyAccess::Read),
                    format!("a read of `{name}`"),
                ),
                DummyAccess::Write(v) => {
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
    }
}

/// The `Lock` type's documentation: the setup in words and the facts it rests on.
fn lock_doc(model: &Model, soc: &Soc, lock: &Lock, unlock_text: &str) -> TokenStream {
    let bam = &soc.instances[lock.bam];
    let scratch_inst = &soc.instances[lock.scratchpad_instance];
    let scratch_reg = &model.block_of(scratch_inst).registers[lock.scratchpad_register];
    let facts: Vec<String> = lock
        .facts
        .iter()
        .map(|f| format!("- `{}`: {}", f.subject.name(), f.evidence.grade.as_str()))
        .collect();
    doc(&format!(
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
        crate::model::address_mode_name(lock.address_mode),
        lock.placement,
        unlock_text,
        lock.lock_group,
        lock.rationale,
        lock.source,
        facts.join("\n")
    ))
}
