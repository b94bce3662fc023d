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

use super::codes;
use crate::diagnostics::Diagnostic;
use crate::load::{Loaded, LoadedBlock, did_you_mean};
use crate::model::{
    BAM_DRIVER_FIELDS, BAM_DRIVER_MASKS, BAM_DRIVER_REGISTERS, BAM_LOCKING_ONLY_FIELDS, BamCopies,
};
use crate::resolve;
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
        if let Some((file, cat)) = parsed {
            v.ident(
                *file,
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
            v.diags.push(codes::e0101_catalogue_named_like_revision(
                lb.file,
                at.loc,
                name,
                other.file,
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
    Some(codes::e0004_block_without_registers(lb.file, b))
}

fn driver_binding(lb: &LoadedBlock, diags: &mut Vec<Diagnostic>) {
    let b = &lb.syntax;
    let f = lb.file;
    let find = |name: &str| {
        b.registers
            .iter()
            .map(|r| &r.value)
            .find(|r| r.name.value == name)
    };
    let names: Vec<String> = b
        .registers
        .iter()
        .map(|r| r.value.name.value.clone())
        .collect();
    let missing: Vec<&str> = BAM_DRIVER_REGISTERS
        .iter()
        .map(|(_, reg, _)| *reg)
        .filter(|reg| find(reg).is_none())
        .collect();
    if !missing.is_empty() {
        let near: Vec<(String, &str)> = missing
            .iter()
            .filter_map(|m| did_you_mean(m, &names).map(|n| (n.to_string(), *m)))
            .collect();
        diags.push(codes::e0117_missing_registers(f, b, &missing, &near));
    }
    for (_, reg, copies) in BAM_DRIVER_REGISTERS {
        if let Some(r) = find(reg)
            && let Some(problem) = wrong_copies(r, *copies)
        {
            diags.push(codes::e0117_wrong_copies(f, r, &problem, *copies));
        }
    }
    for (reg, fields) in BAM_DRIVER_MASKS {
        let Some(r) = find(reg) else { continue };
        let have: Vec<String> = r
            .fields
            .iter()
            .map(|x| x.value.name.value.clone())
            .collect();
        for field in *fields {
            if !have.iter().any(|h| h == field) {
                let near = did_you_mean(field, &have);
                diags.push(codes::e0117_missing_programmed_field(f, r, field, near));
            }
        }
    }
    // Where the revision says it locks pipes, if it does.
    let locking = b
        .capabilities
        .as_ref()
        .and_then(|c| c.value.pipe_locking.as_ref())
        .filter(|p| p.value)
        .map(|p| p.loc);
    for (reg, field, lsb, width) in BAM_DRIVER_FIELDS {
        let Some(r) = find(reg) else { continue };
        let Some(fs) = r.fields.iter().find(|x| x.value.name.value == *field) else {
            // The driver sets the lock group only on revisions that lock (`PipeLocking`): a
            // revision that does not may lack the field (BAM v1.3.0), one that does may not.
            if BAM_LOCKING_ONLY_FIELDS.contains(&(*reg, *field)) {
                if let Some(at) = locking {
                    let bits = bits_text(*lsb, *width);
                    diags.push(codes::e0117_missing_locking_field(f, r, field, &bits, at));
                }
                continue;
            }
            // A missing field the masks need is reported above; the others here.
            if !BAM_DRIVER_MASKS
                .iter()
                .any(|(mr, mf)| mr == reg && mf.contains(field))
            {
                let bits = bits_text(*lsb, *width);
                diags.push(codes::e0117_missing_typed_field(f, r, field, &bits));
            }
            continue;
        };
        let Ok((msb, got_lsb)) = resolve::bits(&fs.value.bits.value) else {
            continue; // reported by the field rules
        };
        let got_width = msb.saturating_sub(got_lsb).saturating_add(1);
        if (got_lsb, got_width) != (u64::from(*lsb), u64::from(*width)) {
            diags.push(codes::e0117_field_moved(
                f,
                fs.value.bits.loc,
                reg,
                field,
                &bits_text(got_lsb as u32, got_width as u32),
                &bits_text(*lsb, *width),
            ));
        }
    }
    if b.command_element.is_none() {
        diags.push(codes::e0117_no_command_element(f, b));
    }
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
