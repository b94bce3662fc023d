//! Rules about what a block revision must contain, now that its registers may come from a
//! register catalogue (`catalogue:` + `offsets:`) as well as its own `registers:`.
//!
//! - A revision with neither `registers:` nor `offsets:` describes nothing (E0004).
//! - A block with `role: bam` is what the BAM driver binds to: it must have every register
//!   of [`BAM_DRIVER_REGISTERS`], indexed the way the driver indexes it, every field of
//!   [`BAM_DRIVER_MASKS`] and a `command_element:` format (E0117); of the fields in
//!   [`BAM_LOCKING_ONLY_FIELDS`] (the lock group), only when it declares pipe locking, since the
//!   driver programs them only on such revisions. Without this rule the Rust
//!   emitter used to leave out `Layout` and the SoC's `Lock` without a word.

use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::load::{Loaded, LoadedBlock, did_you_mean};
use crate::model::{
    BAM_DRIVER_FIELDS, BAM_DRIVER_MASKS, BAM_DRIVER_REGISTERS, BAM_LOCKING_ONLY_FIELDS, BamCopies,
};
use crate::resolve;
use crate::source::Loc;
use crate::source::Sp;
use crate::syntax::BlockFile;
use crate::syntax::RegisterSpec;

/// Every problem of these rules in the loaded blocks.
pub(super) fn check(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut diags = catalogue_names(loaded);
    for lb in &loaded.blocks {
        if let Some(d) = describes_nothing(lb) {
            diags.push(d);
        } else if super::role(lb) == crate::model::BlockRole::Bam {
            driver_binding(lb, &mut diags);
        }
    }
    diags
}

/// A catalogue's name becomes the module of its shared value types (`blocks::bam::registers`),
/// beside the revisions' modules: it must be a lower_snake identifier (E0102) and differ from
/// every revision of the blocks that use it (E0101).
fn catalogue_names(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut v = super::Validator {
        loaded,
        diags: Vec::new(),
    };
    for (_, parsed) in &loaded.catalogues {
        if let Some(cat) = parsed {
            v.ident(
                &cat.catalogue,
                "register catalogue",
                super::identifiers::Case::Lower,
            );
        }
    }
    for lb in &loaded.blocks {
        let Some(name) = lb
            .syntax
            .registers
            .iter()
            .find_map(|r| r.value.layout.as_ref())
        else {
            continue;
        };
        let clash = loaded.blocks.iter().find(|other| {
            other.dir_name == lb.dir_name
                && other.syntax.revision.value.replace(['.', '-'], "_") == *name
        });
        if let (Some(other), Some(at)) = (clash, &lb.syntax.catalogue) {
            v.diags.push(e0101_catalogue_named_like_revision(
                at.loc,
                name,
                &other.syntax.revision,
            ));
        }
    }
    v.diags
}

fn describes_nothing(lb: &LoadedBlock) -> Option<Diagnostic> {
    let b = &lb.syntax;
    // A catalogue whose every entry was refused has already been reported (E0116).
    if !b.registers.is_empty() || !b.offsets.is_empty() {
        return None;
    }
    Some(e0004_block_without_registers(b))
}

fn driver_binding(lb: &LoadedBlock, diags: &mut Vec<Diagnostic>) {
    let b = &lb.syntax;
    driver_registers(b, diags);
    masked_fields(b, diags);
    typed_fields(b, diags);
    if b.command_element.is_none() {
        diags.push(e0117_no_command_element(b));
    }
}

/// The revision's register named `name`.
fn register<'b>(b: &'b BlockFile, name: &str) -> Option<&'b RegisterSpec> {
    b.registers
        .iter()
        .map(|r| &r.value)
        .find(|r| r.name.value == name)
}

/// Every register the driver binds is there, indexed by pipe or EE as the driver indexes it.
fn driver_registers(b: &BlockFile, diags: &mut Vec<Diagnostic>) {
    let names: Vec<String> = b
        .registers
        .iter()
        .map(|r| r.value.name.value.clone())
        .collect();
    let missing: Vec<&str> = BAM_DRIVER_REGISTERS
        .iter()
        .map(|(_, reg, _)| *reg)
        .filter(|reg| register(b, reg).is_none())
        .collect();
    if !missing.is_empty() {
        let near: Vec<(String, &str)> = missing
            .iter()
            .filter_map(|m| did_you_mean(m, &names).map(|n| (n.to_string(), *m)))
            .collect();
        diags.push(e0117_missing_registers(b, &missing, &near));
    }
    for (_, reg, copies) in BAM_DRIVER_REGISTERS {
        if let Some(r) = register(b, reg)
            && let Some(problem) = wrong_copies(r, *copies)
        {
            diags.push(e0117_wrong_copies(r, &problem, *copies));
        }
    }
}

/// Every field the driver's masks name is a field of its register.
fn masked_fields(b: &BlockFile, diags: &mut Vec<Diagnostic>) {
    for (reg, fields) in BAM_DRIVER_MASKS {
        let Some(r) = register(b, reg) else { continue };
        let have: Vec<String> = b
            .fields_of(r)
            .iter()
            .map(|x| x.value.name.value.clone())
            .collect();
        for field in *fields {
            if !have.iter().any(|h| h == field) {
                let near = did_you_mean(field, &have);
                diags.push(e0117_missing_programmed_field(r, field, near));
            }
        }
    }
}

/// Every field the driver reads or writes by type is there, at the bits the driver uses.
fn typed_fields(b: &BlockFile, diags: &mut Vec<Diagnostic>) {
    // Where the revision says it locks pipes, if it does.
    let locking = b
        .capabilities
        .as_ref()
        .and_then(|c| c.value.pipe_locking.as_ref())
        .filter(|p| p.value)
        .map(|p| p.loc);
    for (reg, field, lsb, width) in BAM_DRIVER_FIELDS {
        let Some(r) = register(b, reg) else { continue };
        let Some(fs) = b.fields_of(r).iter().find(|x| x.value.name.value == *field) else {
            if let Some(d) = missing_typed_field(r, reg, field, bits_text(*lsb, *width), locking) {
                diags.push(d);
            }
            continue;
        };
        let Ok((msb, got_lsb)) = resolve::bits(&fs.value.bits.value) else {
            continue; // reported by the field rules
        };
        let got_width = msb.saturating_sub(got_lsb).saturating_add(1);
        if (got_lsb, got_width) != (u64::from(*lsb), u64::from(*width)) {
            diags.push(e0117_field_moved(
                fs.value.bits.loc,
                reg,
                field,
                &bits_text(got_lsb as u32, got_width as u32),
                &bits_text(*lsb, *width),
            ));
        }
    }
}

/// A typed field the register lacks, unless the revision need not have it or a mask's check
/// reported it already.
fn missing_typed_field(
    r: &RegisterSpec,
    reg: &str,
    field: &str,
    bits: String,
    locking: Option<Loc>,
) -> Option<Diagnostic> {
    // The driver sets the lock group only on revisions that lock (`PipeLocking`): a
    // revision that does not may lack the field (BAM v1.3.0), one that does may not.
    if BAM_LOCKING_ONLY_FIELDS.contains(&(reg, field)) {
        return locking.map(|at| e0117_missing_locking_field(r, field, &bits, at));
    }
    // A missing field the masks need is reported by `masked_fields`.
    let masked = BAM_DRIVER_MASKS
        .iter()
        .any(|(mr, mf)| *mr == reg && mf.contains(&field));
    (!masked).then(|| e0117_missing_typed_field(r, field, &bits))
}

fn bits_text(lsb: u32, width: u32) -> String {
    if width == 1 {
        format!("bit {lsb}")
    } else {
        format!("bits {}:{lsb}", lsb.saturating_add(width).saturating_sub(1))
    }
}

/// Why `r` is not indexed as `copies` says, if it is not.
fn wrong_copies(r: &RegisterSpec, copies: BamCopies) -> Option<String> {
    let strides: Vec<&str> = r.strides.0.iter().map(|(k, _)| k.value.as_str()).collect();
    if r.array.is_some() {
        return Some("is an array; the driver indexes it by pipe or EE only".to_string());
    }
    let want: &[&str] = match copies {
        BamCopies::Global => &[],
        BamCopies::PerPipe => &["pipe"],
        BamCopies::PerEe => &["ee"],
    };
    (strides != want).then(|| {
        let had = if strides.is_empty() {
            "no strides".to_string()
        } else {
            format!("strides for {}", strides.join(", "))
        };
        let needs = match copies {
            BamCopies::Global => "one copy",
            BamCopies::PerPipe => "one copy per pipe",
            BamCopies::PerEe => "one copy per execution environment",
        };
        format!("has {had}, but the driver uses {needs}")
    })
}

/// `at` is the revision's `catalogue:` key, `other` the revision whose name the catalogue takes.
fn e0101_catalogue_named_like_revision(at: Loc, name: &str, other: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateName,
        at,
        format!(
            "register catalogue `{name}` has the name of revision `{}`",
            other.value
        ),
    )
    .label("its types would share a module name with that revision")
    .related(other.loc, "the revision")
    .help("rename the catalogue (its file and its `catalogue:` key)")
}

fn e0004_block_without_registers(b: &BlockFile) -> Diagnostic {
    Diagnostic::new(
        Code::MissingKey,
        // The whole revision lacks the key, so point at the start of its first line.
        Loc {
            col: 1,
            ..b.block.loc
        },
        format!(
            "block `{}@{}` has no registers",
            b.block.value, b.revision.value
        ),
    )
    .label("neither `registers:` nor `offsets:`")
    .help(
        "list the registers under `registers:`, or name a register catalogue with \
         `catalogue: shared/<name>.yaml` and place its registers with `offsets:`",
    )
}

/// Why the driver needs what E0117 asks for, said once for every condition of the code.
const BAM_DRIVER_WHY: &str = "the BAM driver (socgen-bam) programs it through `BamRevision`";

/// `near` pairs a missing register with the revision's register it may have been renamed to.
fn e0117_missing_registers(b: &BlockFile, missing: &[&str], near: &[(String, &str)]) -> Diagnostic {
    let mut help = format!(
        "the BAM driver (socgen-bam) programs these through `BamRevision`: add them (or \
         place them with `offsets:`): {}",
        missing.join(", ")
    );
    if !near.is_empty() {
        let near: Vec<String> = near
            .iter()
            .map(|(have, want)| format!("`{have}` for `{want}`"))
            .collect();
        help.push_str(&format!("; did you mean {}?", near.join(", ")));
    }
    Diagnostic::new(
        Code::BamDriverBinding,
        b.block.loc,
        format!(
            "BAM revision `{}` lacks register(s) the driver programs: {}",
            b.revision.value,
            missing.join(", ")
        ),
    )
    .label("the driver cannot bind to this revision")
    .help(help)
}

/// `problem` says how the register is indexed (see `catalogue::wrong_copies`).
fn e0117_wrong_copies(r: &RegisterSpec, problem: &str, copies: BamCopies) -> Diagnostic {
    Diagnostic::new(
        Code::BamDriverBinding,
        r.name.loc,
        format!("BAM register `{}` {problem}", r.name.value),
    )
    .label("the driver would address the wrong copy")
    .help(match copies {
        BamCopies::Global => "give it no `strides:` and no `array:`",
        BamCopies::PerPipe => "give it `strides: {pipe: <bytes>}` only",
        BamCopies::PerEe => "give it `strides: {ee: <bytes>}` only",
    })
}

/// A field the driver programs by name is missing; `near` is a field it may have been renamed to.
fn e0117_missing_programmed_field(r: &RegisterSpec, field: &str, near: Option<&str>) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::BamDriverBinding,
        r.name.loc,
        format!(
            "BAM register `{}` has no field `{field}`, which the driver programs",
            r.name.value
        ),
    )
    .label(format!("no `{field}` among its fields"));
    // The fields may be written in a catalogue: point at the layout, too.
    if let Some(first) = r.fields.first() {
        d = d.related(first.loc, "its fields are defined here");
    }
    match near {
        Some(near) => d.help(format!(
            "did you mean `{near}`? {BAM_DRIVER_WHY}; keep its name"
        )),
        None => d.help(format!("add the field `{field}`: {BAM_DRIVER_WHY}")),
    }
}

/// A field the driver reads or writes through a typed value (not a mask) is missing;
/// `bits` is where the typed value puts it.
fn e0117_missing_typed_field(r: &RegisterSpec, field: &str, bits: &str) -> Diagnostic {
    Diagnostic::new(
        Code::BamDriverBinding,
        r.name.loc,
        format!(
            "BAM register `{}` has no field `{field}`, which the driver uses",
            r.name.value
        ),
    )
    .label(format!("no `{field}` among its fields"))
    .help(format!("add the field `{field}` ({bits})"))
}

/// A field the driver programs only on revisions with pipe locking (`P_CTRL.P_LOCK_GROUP`) is
/// missing from one that locks; `locking` is its `capabilities.pipe_locking: true`.
fn e0117_missing_locking_field(
    r: &RegisterSpec,
    field: &str,
    bits: &str,
    locking: Loc,
) -> Diagnostic {
    Diagnostic::new(
        Code::BamDriverBinding,
        r.name.loc,
        format!(
            "BAM register `{}` has no field `{field}`, which the driver programs on every \
             revision with pipe locking, as this one is",
            r.name.value
        ),
    )
    .label(format!("no `{field}` among its fields"))
    .related(locking, "pipe locking is declared here")
    .help(format!(
        "add the field `{field}` ({bits}): a locking pipe and its client's tx pipe get the \
         SoC's `lock_group` there. A revision without pipe locking needs no such field (vendor \
         bam.c defines it for the NDP BAMs only; BAM v1.3.0 leaves it out with `without_fields:`)"
    ))
}

/// `got` and `want` are the field's bits as the file and as the driver's typed values say.
fn e0117_field_moved(bits_at: Loc, reg: &str, field: &str, got: &str, want: &str) -> Diagnostic {
    Diagnostic::new(
        Code::BamDriverBinding,
        bits_at,
        format!(
            "`{reg}.{field}` is at {got}, but the driver's typed values \
             (`socgen_runtime::bam::regs`) put it at {want}"
        ),
    )
    .label("the driver would program other bits")
    .help(
        "the driver is built for the bundled catalogue socs/blocks/bam/shared/\
         registers.yaml; a BAM whose fields moved needs its own driver support",
    )
}

fn e0117_no_command_element(b: &BlockFile) -> Diagnostic {
    Diagnostic::new(
        Code::BamDriverBinding,
        b.block.loc,
        format!(
            "BAM revision `{}` says nothing about its command elements",
            b.revision.value
        ),
    )
    .label("no `command_element:`")
    .help(
        "add `command_element: {address_bits: 24, read_destination_bits: 32 or 36, \
         grade: .., source: ..}`: the driver encodes the lock's read element in this \
         format",
    )
}
