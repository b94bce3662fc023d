//! Registers, their fields and enum values, and the overlaps between registers once arrays
//! and per-index copies are expanded: alignment (E0103), reset values (E0005, E0109), access
//! (E0111), array shape (E0113), strides (E0112), bit ranges (E0005, E0106, E0107), enum
//! values (E0101, E0108, E0110), overlaps and the offset space (E0104, E0105).

use super::Validator;
use super::identifiers::Case;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::load::did_you_mean;
use crate::model::Access;
use crate::resolve;
use crate::source::Loc;
use crate::source::Sp;
use crate::syntax::EnumValueSpec;
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
    pub(super) fn register(&mut self, b: &BlockFile, r: &RegisterSpec) {
        self.ident(&r.name, "register", Case::Upper);
        self.evidence_map(
            &r.evidence,
            REGISTER_EVIDENCE_KEYS,
            &format!("register `{}`", r.name.value),
        );
        if !r.offset.value.is_multiple_of(4) {
            self.push(e0103_misaligned_register(r));
        }
        self.reset_value(r);
        let reg_access = resolve::access(r.access.value);
        if let Some(wi) = &r.write_ignored
            && wi.value
            && reg_access != Access::ReadOnly
        {
            self.push(e0111_write_ignored_writable(r, wi.loc, reg_access));
        }
        if let Some(array) = &r.array {
            self.array(r, array);
        }
        self.strides(b, r);
        match r.fieldset.as_ref().and_then(|n| b.fieldset(&n.value)) {
            // The fieldset's own fields are checked once, where it is declared
            // (`validate/fieldset.rs`); what depends on this register is its access.
            Some(set) if r.fields.is_empty() => {
                for field in &set.value.fields {
                    self.field_access(r, reg_access, &field.value);
                }
            }
            _ => self.fields(
                &format!("register `{}`", r.name.value),
                Some((r, reg_access)),
                &r.fields,
            ),
        }
    }

    /// Checks a field list (a register's, or a fieldset's when `register` is `None`): each
    /// field, unique names, no overlaps. `owner` names the list in messages.
    pub(super) fn fields(
        &mut self,
        owner: &str,
        register: Option<(&RegisterSpec, Access)>,
        fields: &[Sp<FieldSpec>],
    ) {
        let mut bit_ranges: Vec<(u64, u64, &FieldSpec)> = Vec::new();
        for field in fields {
            if let Some((r, reg_access)) = register {
                self.field_access(r, reg_access, &field.value);
            }
            if let Some((msb, lsb)) = self.field(owner, &field.value) {
                bit_ranges.push((msb, lsb, &field.value));
            }
        }
        self.unique(fields.iter().map(|fl| &fl.value.name), "field", owner);
        for o in overlapping_bits(bit_ranges) {
            self.push(e0107_overlapping_fields(
                owner,
                o.earlier,
                o.reach,
                o.later,
                (o.msb, o.lsb),
            ));
        }
    }

    fn reset_value(&mut self, r: &RegisterSpec) {
        match &r.reset.value {
            NumberOrWord::Word(w) if w != "unknown" => {
                self.push(e0005_reset_word(r.reset.loc, w));
            }
            NumberOrWord::Number(v) if *v > u64::from(u32::MAX) => {
                self.push(e0109_reset_too_wide(r.reset.loc, *v, &r.name.value));
            }
            _ => {}
        }
    }

    fn array(&mut self, r: &RegisterSpec, array: &Sp<ArraySpec>) {
        let name = &r.name.value;
        if !r.strides.0.is_empty() {
            self.push(e0113_array_and_strides(name, array.loc));
        }
        if array.value.count.value == 0 {
            self.push(e0113_empty_array(name, array.value.count.loc));
        }
        if !stride_ok(array.value.stride.value) {
            self.push(e0103_array_stride(name, &array.value.stride));
        }
    }

    fn strides(&mut self, b: &BlockFile, r: &RegisterSpec) {
        let name = &r.name.value;
        let declared: Vec<String> = b.indices.0.iter().map(|(n, _)| n.value.clone()).collect();
        for (index, stride) in &r.strides.0 {
            if !declared.contains(&index.value) {
                let suggestion = did_you_mean(&index.value, &declared);
                self.push(e0112_stride_for_undeclared_index(
                    name, index, &declared, suggestion,
                ));
            }
            if !stride_ok(stride.value) {
                self.push(e0103_index_stride(name, &index.value, stride));
            }
        }
        self.unique(
            r.strides.0.iter().map(|(n, _)| n),
            "stride",
            &format!("register `{name}`"),
        );
    }

    /// Checks one field and its values; returns its bit range when that is usable.
    fn field(&mut self, owner: &str, fs: &FieldSpec) -> Option<(u64, u64)> {
        self.field_name(&fs.name);
        let range = match resolve::bits(&fs.bits.value) {
            Err(why) => {
                self.push(e0005_field_bits(fs, &why));
                None
            }
            Ok((msb, _)) if msb > 31 => {
                self.push(e0106_field_outside_register(fs, msb, owner));
                None
            }
            Ok((msb, lsb)) => {
                let width = msb - lsb + 1;
                for value in &fs.values {
                    if width < 64 && value.value.value.value >> width != 0 {
                        self.push(e0108_value_too_wide(fs, &value.value, width));
                    }
                }
                Some((msb, lsb))
            }
        };
        self.unique(
            fs.values.iter().map(|v| &v.value.name),
            "enum value",
            &format!("field `{}`", fs.name.value),
        );
        let mut by_value: HashMap<u64, &Sp<String>> = HashMap::new();
        for v in &fs.values {
            self.ident(&v.value.name, "enum value", Case::Upper);
            match by_value.get(&v.value.value.value) {
                Some(first) => self.push(e0110_duplicate_value(&fs.name.value, first, &v.value)),
                None => {
                    by_value.insert(v.value.value.value, &v.value.name);
                }
            }
        }
        range
    }

    /// A field's own `access:` must not allow what its register's forbids.
    fn field_access(&mut self, r: &RegisterSpec, reg_access: Access, fs: &FieldSpec) {
        if let Some(fa) = &fs.access {
            let field_access = resolve::access(fa.value);
            if field_access_conflicts(reg_access, field_access) {
                self.push(e0111_field_access(fs, fa.loc, field_access, r, reg_access));
            }
        }
    }

    pub(super) fn register_overlaps(&mut self, b: &BlockFile) {
        let idx = resolve::indices(b);
        let names: Vec<String> = idx.iter().map(|i| i.0.clone()).collect();
        let maxes: Vec<u64> = idx.iter().map(|i| i.1).collect();
        let mut spans: Vec<(u64, u64, usize)> = Vec::new();
        let mut over_budget = false;
        for (ri, reg) in b.registers.iter().enumerate() {
            let r = &reg.value;
            if resolve::last_end(r, &names, &maxes).is_none_or(|end| end > 1 << 32) {
                self.push(e0105_beyond_4gib(r));
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
                    self.push(e0105_block_copies(r, resolve::MAX_BLOCK_COPIES));
                }
                continue;
            }
            let Some(copies) = resolve::copy_offsets(r, &names, &maxes) else {
                self.push(e0105_register_copies(r, resolve::MAX_COPIES));
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
                self.push(e0104_overlapping_registers(
                    first, first_at, second, second_at,
                ));
            }
        }
    }
}

fn e0103_misaligned_register(r: &RegisterSpec) -> Diagnostic {
    Diagnostic::new(
        Code::MisalignedOffset,
        r.offset.loc,
        format!(
            "register `{}` at offset {:#x} is not 32-bit aligned",
            r.name.value, r.offset.value
        ),
    )
    .label("not a multiple of 4")
    .help(format!(
        "registers are 32-bit; did you mean {:#x}?",
        r.offset.value & !3
    ))
}

fn e0103_array_stride(name: &str, stride: &Sp<u64>) -> Diagnostic {
    Diagnostic::new(
        Code::MisalignedOffset,
        stride.loc,
        format!("array `{name}` has stride {:#x}", stride.value),
    )
    .label("must be a non-zero multiple of 4")
    .help("consecutive 32-bit registers are 4 bytes apart")
}

fn e0103_index_stride(name: &str, index: &str, stride: &Sp<u64>) -> Diagnostic {
    Diagnostic::new(
        Code::MisalignedOffset,
        stride.loc,
        format!("register `{name}` has {index} stride {:#x}", stride.value),
    )
    .label("must be a non-zero multiple of 4")
    .help("copies of a 32-bit register are a multiple of 4 bytes apart")
}

fn e0005_reset_word(at: Loc, word: &str) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        at,
        if word.is_empty() {
            "the reset value is empty".to_string()
        } else {
            format!("reset value `{word}` is neither a number of 0 or more nor `unknown`")
        },
    )
    .label("expected a number or `unknown`")
    .help("write the reset value from the source, or `unknown` if no source gives it")
}

fn e0109_reset_too_wide(at: Loc, value: u64, name: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ResetTooWide,
        at,
        format!("reset value {value:#x} of `{name}` does not fit in 32 bits"),
    )
    .label("wider than the register")
    .help("registers are 32 bits wide; check the value against the source")
}

fn e0111_write_ignored_writable(r: &RegisterSpec, declared: Loc, access: Access) -> Diagnostic {
    Diagnostic::new(
        Code::AccessConflict,
        declared,
        format!(
            "register `{}` is `{}` but declared write-ignored",
            r.name.value,
            access.as_str()
        ),
    )
    .label("contradicts the access")
    .related(r.access.loc, "access declared here")
    .help("only a read-only register can ignore writes; fix one of the two")
}

fn e0111_field_access(
    field: &FieldSpec,
    at: Loc,
    field_access: Access,
    r: &RegisterSpec,
    reg_access: Access,
) -> Diagnostic {
    Diagnostic::new(
        Code::AccessConflict,
        at,
        format!(
            "field `{}` is `{}` in a `{}` register",
            field.name.value,
            field_access.as_str(),
            reg_access.as_str()
        ),
    )
    .label("contradicts the register")
    .related(r.access.loc, "register access declared here")
    .help(
        "a field cannot allow what its register forbids; make the register `rw` or fix the \
         field",
    )
}

fn e0113_array_and_strides(name: &str, array: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::ArrayShape,
        array,
        format!("register `{name}` is both an array and dimensioned"),
    )
    .label("array here")
    .help("use `array:` for numbered copies or `strides:` for per-pipe/EE copies, not both")
}

fn e0113_empty_array(name: &str, count: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::ArrayShape,
        count,
        format!("array `{name}` has no elements"),
    )
    .label("count 0")
    .help("an array needs count >= 1; drop `array:` for a single register")
}

fn e0112_stride_for_undeclared_index(
    name: &str,
    index: &Sp<String>,
    declared: &[String],
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownIndex,
        index.loc,
        format!(
            "register `{name}` has a stride for `{}`, which the block does not declare",
            index.value
        ),
    )
    .label("unknown index")
    .help(format!(
        "{}declare it under `indices:` (declared: {})",
        super::hint(suggestion),
        if declared.is_empty() {
            "none".to_string()
        } else {
            declared.join(", ")
        }
    ))
}

fn e0005_field_bits(field: &FieldSpec, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        field.bits.loc,
        format!("bits of field `{}`: {why}", field.name.value),
    )
    .label("expected `msb:lsb` or a bit number")
    .help("write e.g. `bits: 9:6` or `bits: 10`")
}

fn e0106_field_outside_register(field: &FieldSpec, msb: u64, owner: &str) -> Diagnostic {
    Diagnostic::new(
        Code::FieldOutsideRegister,
        field.bits.loc,
        format!(
            "field `{}` reaches bit {msb}, outside the 32-bit {owner}",
            field.name.value
        ),
    )
    .label("beyond bit 31")
    .help("registers have bits 31..0; check the bit range against the source")
}

fn e0107_overlapping_fields(
    owner: &str,
    earlier: &FieldSpec,
    earlier_msb: u64,
    field: &FieldSpec,
    (msb, lsb): (u64, u64),
) -> Diagnostic {
    Diagnostic::new(
        Code::OverlappingFields,
        field.bits.loc,
        format!(
            "fields `{}` and `{}` overlap in {owner}",
            earlier.name.value, field.name.value
        ),
    )
    .label(format!(
        "bits {msb}..{lsb} overlap bits up to {}",
        earlier_msb.min(msb)
    ))
    .related(
        earlier.bits.loc,
        format!("`{}` is here", earlier.name.value),
    )
    .help("give each field its own bits; check both ranges against the source")
}

fn e0108_value_too_wide(field: &FieldSpec, value: &EnumValueSpec, width: u64) -> Diagnostic {
    Diagnostic::new(
        Code::ValueTooWide,
        value.value.loc,
        format!(
            "value {} of `{}.{}` does not fit its {width}-bit field",
            value.value.value, field.name.value, value.name.value
        ),
    )
    .label(format!("needs more than {width} bits"))
    .related(field.bits.loc, "the field's bits")
    .help(format!(
        "the field holds 0..={}; fix the value or widen `bits:`",
        (1u64 << width) - 1
    ))
}

fn e0110_duplicate_value(field: &str, first: &Sp<String>, value: &EnumValueSpec) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateValue,
        value.value.loc,
        format!(
            "`{}` and `{}` both have value {} in field `{field}`",
            first.value, value.name.value, value.value.value
        ),
    )
    .label("value used twice")
    .related(first.loc, "first used here")
    .help("keep one name per value and mention the alias in its description")
}

fn e0104_overlapping_registers(
    first: &RegisterSpec,
    first_at: u64,
    second: &RegisterSpec,
    second_at: u64,
) -> Diagnostic {
    Diagnostic::new(
        Code::OverlappingRegisters,
        second.offset.loc,
        format!(
            "registers `{}` and `{}` overlap at offset {second_at:#x}",
            first.name.value, second.name.value
        ),
    )
    .label(format!(
        "a copy of `{}` lands at {second_at:#x}",
        second.name.value
    ))
    .related(
        first.offset.loc,
        format!("`{}` has a copy at {first_at:#x}", first.name.value),
    )
    .help("check both offsets and strides (and index limits) against the source")
}

fn e0105_beyond_4gib(r: &RegisterSpec) -> Diagnostic {
    Diagnostic::new(
        Code::AddressSpace,
        r.offset.loc,
        format!(
            "register `{}` (with all its copies) reaches past 4 GiB",
            r.name.value
        ),
    )
    .label("beyond the 32-bit offset space")
    .help("check the offset, count and strides against the source")
}

fn e0105_block_copies(r: &RegisterSpec, budget: u64) -> Diagnostic {
    Diagnostic::new(
        Code::AddressSpace,
        r.offset.loc,
        format!(
            "with `{}`, the block's registers expand to more than {budget} copies in total",
            r.name.value
        ),
    )
    .label("too many copies in this block")
    .help("check the array counts and the index `max` values")
}

fn e0105_register_copies(r: &RegisterSpec, budget: u64) -> Diagnostic {
    Diagnostic::new(
        Code::AddressSpace,
        r.offset.loc,
        format!(
            "register `{}` expands to more than {budget} copies",
            r.name.value
        ),
    )
    .label("too many copies")
    .help("check `count` and the index `max` values")
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
