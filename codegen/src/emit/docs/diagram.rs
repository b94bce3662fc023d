//! The bit-field diagram of a register: where each field's box and label go. The templates
//! only draw what this computes.

use super::*;

/// Bits of a register, drawn left (31) to right (0).
pub(super) const BITS: u32 = 32;
/// Width of one bit cell in the diagram, in SVG units.
pub(super) const CELL: u32 = 28;
/// Left margin of the diagram.
pub(super) const LEFT: u32 = 8;
/// Top of the field boxes (the bit numbers sit above).
pub(super) const BOX_TOP: u32 = 16;
/// Height of the field boxes.
pub(super) const BOX_H: u32 = 30;
/// Estimated advance of one character of the 11px monospace labels (generous, so that
/// labels judged to fit really do).
pub(super) const CHAR_W: f64 = 7.0;

/// One drawn piece of a register: a field or a reserved gap.
pub(super) struct Segment<'a> {
    pub(super) msb: u32,
    pub(super) lsb: u32,
    pub(super) field: Option<&'a Field>,
}

/// Fields and reserved gaps, from bit 31 down to bit 0.
pub(super) fn segments(reg: &Register) -> Vec<Segment<'_>> {
    let mut fields: Vec<&Field> = reg.fields.iter().collect();
    fields.sort_by_key(|f| std::cmp::Reverse(f.lsb));
    let mut out = Vec::new();
    let mut next: i64 = i64::from(BITS) - 1; // highest bit not yet covered
    for f in fields {
        if i64::from(f.msb()) < next {
            out.push(Segment {
                msb: next as u32,
                lsb: f.msb() + 1,
                field: None,
            });
        }
        out.push(Segment {
            msb: f.msb(),
            lsb: f.lsb,
            field: Some(f),
        });
        next = i64::from(f.lsb) - 1;
    }
    if next >= 0 && !reg.fields.is_empty() {
        out.push(Segment {
            msb: next as u32,
            lsb: 0,
            field: None,
        });
    }
    out
}

/// The bit-field diagram of one register: boxes, bit numbers and labels with their
/// coordinates. Labels that do not fit their box go below it, slanted by 45 degrees.
pub(super) fn diagram(reg: &Register) -> Value {
    let x_of = |bit: u32| LEFT + (BITS - 1 - bit) * CELL;
    let label_y = BOX_TOP + BOX_H + 14;
    let mut boxes = Vec::new();
    let mut below = Vec::new();
    let mut right_extent = f64::from(LEFT + BITS * CELL);
    let mut bottom_extent = f64::from(BOX_TOP + BOX_H);
    let segs = segments(reg);
    for s in &segs {
        let x = x_of(s.msb);
        let w = (s.msb - s.lsb + 1) * CELL;
        let cx = x + w / 2;
        let (class, label, title) = match s.field {
            Some(f) => (
                format!("acc-{}", access_label(f.access)),
                f.name.clone(),
                format!("{} [{}] {}", f.name, bits_label(f), access_label(f.access)),
            ),
            None => (
                "reserved".to_string(),
                String::new(),
                format!("reserved [{}:{}]", s.msb, s.lsb),
            ),
        };
        let fits = (label.chars().count() as f64) * CHAR_W + 6.0 <= f64::from(w);
        boxes.push(json!({
            "x": x, "w": w, "cx": cx, "class": class, "title": title,
            "inside": if fits { label.clone() } else { String::new() },
        }));
        if !fits && !label.is_empty() {
            let len = (label.chars().count() as f64) * CHAR_W * std::f64::consts::FRAC_1_SQRT_2;
            right_extent = right_extent.max(f64::from(cx) + len + 4.0);
            bottom_extent = bottom_extent.max(f64::from(label_y) + len + 8.0);
            below.push(json!({"cx": cx, "y": label_y, "text": label}));
        }
    }
    if reg.fields.is_empty() {
        boxes.push(json!({
            "x": LEFT, "w": BITS * CELL, "cx": LEFT + BITS * CELL / 2, "class": "nofields",
            "title": "no fields described", "inside": "no fields described",
        }));
    }
    let numbers: Vec<Value> = (0..BITS)
        .rev()
        .map(|b| json!({"x": x_of(b) + CELL / 2, "bit": b}))
        .collect();
    let ticks: Vec<Value> = segs
        .iter()
        .map(|s| json!({"x": x_of(s.lsb) + CELL}))
        .collect();
    json!({
        "width": right_extent.ceil() as u32 + 4,
        "height": bottom_extent.ceil() as u32 + 4,
        "box_top": BOX_TOP,
        "box_h": BOX_H,
        "box_mid": BOX_TOP + BOX_H / 2 + 4,
        "box_bottom": BOX_TOP + BOX_H,
        "left": LEFT,
        "full": BITS * CELL,
        "numbers": numbers,
        "boxes": boxes,
        "below": below,
        "ticks": ticks,
    })
}
