//! Registers, their fields and enum values, and the overlaps between registers once arrays
//! and per-index copies are expanded: alignment (E0103), reset values (E0005, E0109), access
//! (E0111), array shape (E0113), strides (E0112), bit ranges (E0005, E0106, E0107), enum
//! values (E0101, E0108, E0110), overlaps and the offset space (E0104, E0105).

use super::identifiers::Case;
use super::{Validator, codes};
use crate::load::did_you_mean;
use crate::model::Access;
use crate::resolve;
use crate::source::{FileId, Sp};
use crate::syntax::{ArraySpec, BlockFile, FieldSpec, NumberOrWord, RegisterSpec};
use std::collections::{HashMap, HashSet};

/// The keys a register's `evidence:` map may grade.
const REGISTER_EVIDENCE_KEYS: &[&str] = &["write_ignored"];

/// A stride or offset step that keeps 32-bit registers apart and aligned.
fn stride_ok(stride: u64) -> bool {
    stride != 0 && stride.is_multiple_of(4)
}

/// Whether a field's access allows something its register's access forbids.
fn field_access_conflicts(register: Access, field: Access) -> bool {
    match register {
        Access::ReadOnly => !matches!(field, Access::ReadOnly | Access::Unknown),
        Access::WriteOnly => !matches!(field, Access::WriteOnly | Access::W1c | Access::Unknown),
        Access::W1c => !matches!(field, Access::W1c | Access::Unknown),
        Access::ReadWrite | Access::Unknown => false,
    }
}

/// A field whose bits overlap an earlier one's.
struct Overlap<T> {
    /// The earlier field reaching furthest up, and the highest bit it reaches.
    earlier: T,
    reach: u64,
    /// The overlapping field and its bits.
    later: T,
    msb: u64,
    lsb: u64,
}

/// The overlaps among bit ranges `(msb, lsb, id)`: sorted by low bit, a field overlaps an
/// earlier one exactly when its low bit is at or below the highest bit reached so far. Every
/// such field is reported (against the field reaching furthest), so a wide field cannot hide
/// the overlaps after its first.
fn overlapping_bits<T: Copy>(mut ranges: Vec<(u64, u64, T)>) -> Vec<Overlap<T>> {
    ranges.sort_by_key(|(_, lsb, _)| *lsb);
    let mut out = Vec::new();
    let mut widest: Option<(u64, T)> = None;
    for (msb, lsb, later) in ranges {
        let Some((reach, earlier)) = widest else {
            widest = Some((msb, later));
            continue;
        };
        if msb > reach {
            widest = Some((msb, later));
        }
        if lsb <= reach {
            out.push(Overlap {
                earlier,
                reach,
                later,
                msb,
                lsb,
            });
        }
    }
    out
}

impl Validator<'_> {
    pub(super) fn register(&mut self, f: FileId, b: &BlockFile, r: &RegisterSpec) {
        self.ident(f, &r.name, "register", Case::Upper);
        self.evidence_map(
            f,
            &r.evidence,
            REGISTER_EVIDENCE_KEYS,
            &format!("register `{}`", r.name.value),
        );
        if !r.offset.value.is_multiple_of(4) {
            self.push(codes::e0103_misaligned_register(f, r));
        }
        self.reset_value(f, r);
        let reg_access = resolve::access(r.access.value);
        if let Some(wi) = &r.write_ignored
            && wi.value
            && reg_access != Access::ReadOnly
        {
            self.push(codes::e0111_write_ignored_writable(
                f, r, wi.loc, reg_access,
            ));
        }
        if let Some(array) = &r.array {
            self.array(f, r, array);
        }
        self.strides(f, b, r);
        let mut bit_ranges: Vec<(u64, u64, &FieldSpec)> = Vec::new();
        for field in &r.fields {
            if let Some((msb, lsb)) = self.field(f, r, reg_access, &field.value) {
                bit_ranges.push((msb, lsb, &field.value));
            }
        }
        self.unique(
            f,
            r.fields.iter().map(|fl| &fl.value.name),
            "field",
            &format!("register `{}`", r.name.value),
        );
        for o in overlapping_bits(bit_ranges) {
            self.push(codes::e0107_overlapping_fields(
                f,
                &r.name.value,
                o.earlier,
                o.reach,
                o.later,
                (o.msb, o.lsb),
            ));
        }
    }

    fn reset_value(&mut self, f: FileId, r: &RegisterSpec) {
        match &r.reset.value {
            NumberOrWord::Word(w) if w != "unknown" => {
                self.push(codes::e0005_reset_word(f, r.reset.loc, w));
            }
            NumberOrWord::Number(v) if *v > u64::from(u32::MAX) => {
                self.push(codes::e0109_reset_too_wide(
                    f,
                    r.reset.loc,
                    *v,
                    &r.name.value,
                ));
            }
            _ => {}
        }
    }

    fn array(&mut self, f: FileId, r: &RegisterSpec, array: &Sp<ArraySpec>) {
        let name = &r.name.value;
        if !r.strides.0.is_empty() {
            self.push(codes::e0113_array_and_strides(f, name, array.loc));
        }
        if array.value.count.value == 0 {
            self.push(codes::e0113_empty_array(f, name, array.value.count.loc));
        }
        if !stride_ok(array.value.stride.value) {
            self.push(codes::e0103_array_stride(f, name, &array.value.stride));
        }
    }

    fn strides(&mut self, f: FileId, b: &BlockFile, r: &RegisterSpec) {
        let name = &r.name.value;
        let declared: Vec<String> = b.indices.0.iter().map(|(n, _)| n.value.clone()).collect();
        for (index, stride) in &r.strides.0 {
            if !declared.contains(&index.value) {
                let suggestion = did_you_mean(&index.value, &declared);
                self.push(codes::e0112_stride_for_undeclared_index(
                    f, name, index, &declared, suggestion,
                ));
            }
            if !stride_ok(stride.value) {
                self.push(codes::e0103_index_stride(f, name, &index.value, stride));
            }
        }
        self.unique(
            f,
            r.strides.0.iter().map(|(n, _)| n),
            "stride",
            &format!("register `{name}`"),
        );
    }

    /// Checks one field and its values; returns its bit range when that is usable.
    fn field(
        &mut self,
        f: FileId,
        r: &RegisterSpec,
        reg_access: Access,
        fs: &FieldSpec,
    ) -> Option<(u64, u64)> {
        self.field_name(f, &fs.name);
        let range = match resolve::bits(&fs.bits.value) {
            Err(why) => {
                self.push(codes::e0005_field_bits(f, fs, &why));
                None
            }
            Ok((msb, _)) if msb > 31 => {
                self.push(codes::e0106_field_outside_register(
                    f,
                    fs,
                    msb,
                    &r.name.value,
                ));
                None
            }
            Ok((msb, lsb)) => {
                let width = msb - lsb + 1;
                for value in &fs.values {
                    if width < 64 && value.value.value.value >> width != 0 {
                        self.push(codes::e0108_value_too_wide(f, fs, &value.value, width));
                    }
                }
                Some((msb, lsb))
            }
        };
        if let Some(fa) = &fs.access {
            let field_access = resolve::access(fa.value);
            if field_access_conflicts(reg_access, field_access) {
                self.push(codes::e0111_field_access(
                    f,
                    fs,
                    fa.loc,
                    field_access,
                    r,
                    reg_access,
                ));
            }
        }
        self.unique(
            f,
            fs.values.iter().map(|v| &v.value.name),
            "enum value",
            &format!("field `{}`", fs.name.value),
        );
        let mut by_value: HashMap<u64, &Sp<String>> = HashMap::new();
        for v in &fs.values {
            self.ident(f, &v.value.name, "enum value", Case::Upper);
            match by_value.get(&v.value.value.value) {
                Some(first) => self.push(codes::e0110_duplicate_value(
                    f,
                    &fs.name.value,
                    first,
                    &v.value,
                )),
                None => {
                    by_value.insert(v.value.value.value, &v.value.name);
                }
            }
        }
        range
    }

    pub(super) fn register_overlaps(&mut self, f: FileId, b: &BlockFile) {
        let idx = resolve::indices(b);
        let names: Vec<String> = idx.iter().map(|i| i.0.clone()).collect();
        let maxes: Vec<u64> = idx.iter().map(|i| i.1).collect();
        let mut spans: Vec<(u64, u64, usize)> = Vec::new();
        let mut over_budget = false;
        for (ri, reg) in b.registers.iter().enumerate() {
            let r = &reg.value;
            if resolve::last_end(r, &names, &maxes).is_none_or(|end| end > 1 << 32) {
                self.push(codes::e0105_beyond_4gib(f, r));
                continue;
            }
            let count = resolve::copy_count(r, &names, &maxes);
            if count <= resolve::MAX_COPIES
                && (spans.len() as u64).saturating_add(count) > resolve::MAX_BLOCK_COPIES
            {
                // Reported once, at the register that crosses the budget; the registers after
                // it are not expanded (their other checks still run).
                if !over_budget {
                    over_budget = true;
                    self.push(codes::e0105_block_copies(f, r, resolve::MAX_BLOCK_COPIES));
                }
                continue;
            }
            let Some(copies) = resolve::copy_offsets(r, &names, &maxes) else {
                self.push(codes::e0105_register_copies(f, r, resolve::MAX_COPIES));
                continue;
            };
            spans.extend(copies.into_iter().map(|off| (off, off + 4, ri)));
        }
        spans.sort();
        let mut reported = HashSet::new();
        // Registers are 4 bytes and offsets 4-aligned (or already reported), so overlapping
        // copies are neighbours once sorted.
        for pair in spans.windows(2) {
            let [(a_start, a_end, a), (b_start, _, bi)] = pair else {
                continue;
            };
            if b_start < a_end && a != bi && reported.insert((*a.min(bi), *a.max(bi))) {
                let (Some(ra), Some(rb)) = (b.registers.get(*a), b.registers.get(*bi)) else {
                    continue;
                };
                let ((first, first_at), (second, second_at)) = if a < bi {
                    ((&ra.value, *a_start), (&rb.value, *b_start))
                } else {
                    ((&rb.value, *b_start), (&ra.value, *a_start))
                };
                self.push(codes::e0104_overlapping_registers(
                    f, first, first_at, second, second_at,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{field_access_conflicts, overlapping_bits};
    use crate::model::Access;

    #[test]
    fn a_wide_field_does_not_hide_the_overlaps_after_it() {
        // WIDE 7:0 covers EN (0), LO (1) and HI (5): three overlaps, each against the field
        // reaching furthest before it.
        let got = overlapping_bits(vec![
            (0, 0, "EN"),
            (7, 0, "WIDE"),
            (1, 1, "LO"),
            (5, 5, "HI"),
        ]);
        let pairs: Vec<(&str, u64, &str)> =
            got.iter().map(|o| (o.earlier, o.reach, o.later)).collect();
        assert_eq!(
            pairs,
            [("EN", 0, "WIDE"), ("WIDE", 7, "LO"), ("WIDE", 7, "HI")]
        );
        assert!(overlapping_bits(vec![(0, 0, "A"), (2, 1, "B"), (31, 3, "C")]).is_empty());
    }

    #[test]
    fn a_field_may_narrow_its_registers_access_but_not_widen_it() {
        assert!(field_access_conflicts(Access::ReadOnly, Access::ReadWrite));
        assert!(field_access_conflicts(Access::WriteOnly, Access::ReadOnly));
        assert!(!field_access_conflicts(Access::WriteOnly, Access::W1c));
        assert!(!field_access_conflicts(Access::ReadWrite, Access::ReadOnly));
        assert!(!field_access_conflicts(Access::ReadOnly, Access::Unknown));
    }
}
