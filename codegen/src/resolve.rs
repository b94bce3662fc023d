//! Small interpretations of the syntax shared by validation and lowering, so both read the
//! files the same way.

use crate::model::{Access, Bound};
use crate::syntax::{AccessSpec, BlockFile, InstanceSpec, NumberOrWord, RegisterSpec};

/// Registers may not expand to more copies than this (a guard against absurd counts).
pub const MAX_COPIES: u64 = 1 << 16;

/// `msb:lsb` or a bit number, as `(msb, lsb)`; the error says what is wrong.
pub fn bits(spec: &NumberOrWord) -> Result<(u64, u64), String> {
    match spec {
        NumberOrWord::Number(n) => Ok((*n, *n)),
        NumberOrWord::Word(w) => {
            let parse = |s: &str| s.trim().parse::<u64>().map_err(|_| ());
            match w.split_once(':') {
                Some((hi, lo)) => match (parse(hi), parse(lo)) {
                    (Ok(hi), Ok(lo)) if hi >= lo => Ok((hi, lo)),
                    (Ok(hi), Ok(lo)) => Err(format!(
                        "`{w}` has its high bit {hi} below its low bit {lo}; write `{lo}:{hi}`"
                    )),
                    _ => Err(format!("`{w}` is not `msb:lsb`")),
                },
                None if w.trim().is_empty() => Err("the value is empty".to_string()),
                None => Err(format!(
                    "`{w}` is not `msb:lsb` or a bit number of 0 or more"
                )),
            }
        }
    }
}

/// `block@revision`.
pub fn block_ref(s: &str) -> Option<(&str, &str)> {
    let (b, r) = s.split_once('@')?;
    (!b.is_empty() && !r.is_empty()).then_some((b, r))
}

/// The model access for a written access.
pub fn access(spec: AccessSpec) -> Access {
    match spec {
        AccessSpec::Ro => Access::ReadOnly,
        AccessSpec::Rw => Access::ReadWrite,
        AccessSpec::Wo => Access::WriteOnly,
        AccessSpec::W1c => Access::W1c,
        AccessSpec::Unknown => Access::Unknown,
    }
}

/// The bound property named by an index's `bound:`.
pub fn bound(name: &str) -> Option<Bound> {
    match name {
        "num_channels" => Some(Bound::NumChannels),
        "num_ees" => Some(Bound::NumEes),
        _ => None,
    }
}

/// An instance's value for a bound property.
pub fn instance_bound(inst: &InstanceSpec, bound: Bound) -> Option<u64> {
    match bound {
        Bound::NumChannels => inst.num_channels.as_ref().map(|v| v.value),
        Bound::NumEes => inst.num_ees.as_ref().map(|v| v.value),
    }
}

/// The block's indices as `(name, max, bound)`, skipping malformed ones.
pub fn indices(block: &BlockFile) -> Vec<(String, u64, Option<Bound>)> {
    block
        .indices
        .0
        .iter()
        .map(|(name, spec)| {
            (
                name.value.clone(),
                spec.value.max.value,
                spec.value.bound.as_ref().and_then(|b| bound(&b.value)),
            )
        })
        .collect()
}

/// A block's registers may not expand to more copies than this in total: overlap checking looks
/// at every copy, so this bounds its time and memory however the file is written.
pub const MAX_BLOCK_COPIES: u64 = 1 << 18;

/// How many copies [`copies`] would return, without expanding them (saturating).
pub fn copy_count(reg: &RegisterSpec, index_names: &[String], counts: &[u64]) -> u64 {
    if let Some(array) = &reg.array {
        return array.value.count.value;
    }
    reg.strides
        .0
        .iter()
        .filter_map(|(name, _)| index_names.iter().position(|n| *n == name.value))
        .map(|pos| counts.get(pos).copied().unwrap_or(1).max(1))
        .fold(1u64, u64::saturating_mul)
}

/// The offsets of every copy of a register (as [`copies`], without the index values); `None`
/// beyond [`MAX_COPIES`].
pub fn copy_offsets(
    reg: &RegisterSpec,
    index_names: &[String],
    counts: &[u64],
) -> Option<Vec<u64>> {
    if copy_count(reg, index_names, counts) > MAX_COPIES {
        return None;
    }
    let base = reg.offset.value;
    if let Some(array) = &reg.array {
        let stride = array.value.stride.value;
        return Some(
            (0..array.value.count.value)
                .map(|i| base.saturating_add(i.saturating_mul(stride)))
                .collect(),
        );
    }
    let mut out = vec![base];
    for (name, stride) in &reg.strides.0 {
        let Some(pos) = index_names.iter().position(|n| *n == name.value) else {
            continue;
        };
        let count = counts.get(pos).copied().unwrap_or(1).max(1);
        out = out
            .iter()
            .flat_map(|&off| {
                (0..count).map(move |i| off.saturating_add(i.saturating_mul(stride.value)))
            })
            .collect();
    }
    Some(out)
}

/// Every copy's offset of a register, given how many values each block index takes; `None`
/// if the register would expand to more than [`MAX_COPIES`] copies.
pub fn copies(
    reg: &RegisterSpec,
    index_names: &[String],
    counts: &[u64],
) -> Option<Vec<(u64, Vec<u64>)>> {
    let base = reg.offset.value;
    if let Some(array) = &reg.array {
        let count = array.value.count.value;
        if count > MAX_COPIES {
            return None;
        }
        let stride = array.value.stride.value;
        return Some(
            (0..count)
                .map(|i| (base.saturating_add(i.saturating_mul(stride)), vec![i]))
                .collect(),
        );
    }
    let mut out = vec![(base, Vec::new())];
    for (name, stride) in &reg.strides.0 {
        let Some(pos) = index_names.iter().position(|n| *n == name.value) else {
            continue;
        };
        let count = counts.get(pos).copied().unwrap_or(1).max(1);
        if (out.len() as u64).saturating_mul(count) > MAX_COPIES {
            return None;
        }
        out = out
            .into_iter()
            .flat_map(|(off, idx)| {
                (0..count).map(move |i| {
                    let mut idx = idx.clone();
                    idx.push(i);
                    (off.saturating_add(i.saturating_mul(stride.value)), idx)
                })
            })
            .collect();
    }
    Some(out)
}

/// How many values each index takes on an instance: the instance's bound property when it
/// sets it, else the index's `max`; in both cases cut down to the largest count for which every
/// copy of every register fits in `size`, so no generated accessor reaches outside the window.
/// Returns `(counts, declared)`: `declared` is the property value where one was given.
pub fn index_counts(block: &BlockFile, inst: &InstanceSpec) -> (Vec<u64>, Vec<Option<u64>>) {
    let idx = indices(block);
    let names: Vec<String> = idx.iter().map(|i| i.0.clone()).collect();
    let declared: Vec<Option<u64>> = idx
        .iter()
        .map(|(_, _, bound)| bound.and_then(|b| instance_bound(inst, b)))
        .collect();
    let mut counts: Vec<u64> = idx
        .iter()
        .zip(&declared)
        .map(|((_, max, _), d)| d.unwrap_or(*max))
        .collect();
    let size = inst.size.value;
    for pos in 0..counts.len() {
        let fits = |n: u64, counts: &[u64]| {
            let mut c = counts.to_vec();
            c[pos] = n;
            block.registers.iter().all(|r| {
                let r = &r.value;
                if !r.strides.0.iter().any(|(k, _)| k.value == names[pos]) {
                    return true;
                }
                last_end(r, &names, &c).is_some_and(|end| end <= size)
            })
        };
        // `fits` is monotone (more copies only reach further), so the largest count that
        // fits is found by bisection: bounded work even for a count near 2^64.
        let want = counts[pos];
        if want > 1 && !fits(want, &counts) {
            // Invariant: `lo` fits (or is 1, the floor), `hi` does not.
            let (mut lo, mut hi) = (1u64, want);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if fits(mid, &counts) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            counts[pos] = lo;
        }
    }
    (counts, declared)
}

/// One past the last byte of the register's last copy, without expanding it.
pub fn last_end(reg: &RegisterSpec, index_names: &[String], counts: &[u64]) -> Option<u64> {
    let mut end = reg.offset.value;
    if let Some(array) = &reg.array {
        let n = array.value.count.value.max(1) - 1;
        end = end.checked_add(n.checked_mul(array.value.stride.value)?)?;
    }
    for (name, stride) in &reg.strides.0 {
        if let Some(pos) = index_names.iter().position(|n| *n == name.value) {
            let n = counts.get(pos).copied().unwrap_or(1).max(1) - 1;
            end = end.checked_add(n.checked_mul(stride.value)?)?;
        }
    }
    end.checked_add(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_ranges() {
        assert_eq!(bits(&NumberOrWord::Word("15:8".into())), Ok((15, 8)));
        assert_eq!(bits(&NumberOrWord::Number(3)), Ok((3, 3)));
        assert!(bits(&NumberOrWord::Word("8:15".into())).is_err());
        assert!(bits(&NumberOrWord::Word("a:b".into())).is_err());
    }
}
