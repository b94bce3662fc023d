//! `socgen diff`: what changed between two block revisions or two SoCs, for porting work.

use crate::model::{Block, Instance, Model, Register, Shape, Soc};
use std::fmt::Write;

/// Where a register is: `0x13000 + pipe*0x1000`.
fn place(block: &Block, r: &Register) -> String {
    let mut s = format!("{:#x}", r.offset);
    match &r.shape {
        Shape::Single => {}
        Shape::Array { count, stride } => {
            let _ = write!(s, " + n*{stride:#x} (n < {count})");
        }
        Shape::Dimensioned(dims) => {
            for (pos, stride) in dims {
                let _ = write!(s, " + {}*{stride:#x}", block.indices[*pos].name);
            }
        }
    }
    s
}

fn fields(r: &Register) -> Vec<(String, String)> {
    r.fields
        .iter()
        .map(|f| {
            let values: Vec<String> = f
                .values
                .iter()
                .map(|v| format!("{}={}", v.name, v.value))
                .collect();
            let bits = if f.width == 1 {
                f.lsb.to_string()
            } else {
                format!("{}:{}", f.msb(), f.lsb)
            };
            (
                f.name.clone(),
                format!("bits {bits} {} [{}]", f.access.as_str(), values.join(" ")),
            )
        })
        .collect()
}

/// The differences between two block revisions, one line each.
pub fn blocks(a: &Block, b: &Block) -> String {
    let mut out = format!("{} -> {}\n", a.id(), b.id());
    let mut same = 0;
    for ra in &a.registers {
        let Some(rb) = b.register(&ra.name) else {
            let _ = writeln!(out, "  removed  {:<20} {}", ra.name, place(a, ra));
            continue;
        };
        let mut changes = Vec::new();
        let (pa, pb) = (place(a, ra), place(b, rb));
        if pa != pb {
            changes.push(format!("moved {pa} -> {pb}"));
        }
        if ra.access != rb.access {
            changes.push(format!(
                "access {} -> {}",
                ra.access.as_str(),
                rb.access.as_str()
            ));
        }
        if ra.reset != rb.reset {
            changes.push(format!("reset {:?} -> {:?}", ra.reset, rb.reset));
        }
        let (fa, fb) = (fields(ra), fields(rb));
        for (name, da) in &fa {
            match fb.iter().find(|(n, _)| n == name) {
                None => changes.push(format!("field {name} removed")),
                Some((_, db)) if db != da => changes.push(format!("field {name}: {da} -> {db}")),
                Some(_) => {}
            }
        }
        for (name, db) in &fb {
            if !fa.iter().any(|(n, _)| n == name) {
                changes.push(format!("field {name} added: {db}"));
            }
        }
        if changes.is_empty() {
            same += 1;
        } else {
            for (i, c) in changes.iter().enumerate() {
                let label = if i == 0 { ra.name.as_str() } else { "" };
                let kind = if i == 0 { "changed" } else { "" };
                let _ = writeln!(out, "  {kind:<8} {label:<20} {c}");
            }
        }
    }
    for rb in &b.registers {
        if a.register(&rb.name).is_none() {
            let _ = writeln!(out, "  added    {:<20} {}", rb.name, place(b, rb));
        }
    }
    if a.pipe_locking.as_ref().map(|f| f.value) != b.pipe_locking.as_ref().map(|f| f.value) {
        let _ = writeln!(
            out,
            "  changed  {:<20} pipe locking {:?} -> {:?}",
            "(capability)",
            a.pipe_locking.as_ref().map(|f| f.value),
            b.pipe_locking.as_ref().map(|f| f.value)
        );
    }
    let _ = writeln!(out, "  {same} register(s) unchanged");
    out
}

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn describe(model: &Model, i: &Instance) -> Vec<(&'static str, String)> {
    vec![
        ("block", model.block_of(i).id()),
        ("base", format!("{:#x}", i.base)),
        ("size", format!("{:#x}", i.size)),
        ("compatible", i.compatible.join(", ")),
        ("ee", opt(i.ee)),
        ("num_channels", opt(i.num_channels)),
        ("num_ees", opt(i.num_ees)),
        (
            "dma",
            opt(i.dma.as_ref().map(|d| format!("rx {} tx {}", d.rx, d.tx))),
        ),
    ]
}

/// The differences between two SoCs, one line each.
pub fn socs(model: &Model, a: &Soc, b: &Soc) -> String {
    let mut out = format!("{} -> {}\n", a.name, b.name);
    for ia in &a.instances {
        let Some(ib) = b.instance(&ia.name) else {
            let _ = writeln!(
                out,
                "  removed  {:<14} {} at {:#x}",
                ia.name,
                model.block_of(ia).id(),
                ia.base
            );
            continue;
        };
        for ((key, va), (_, vb)) in describe(model, ia).into_iter().zip(describe(model, ib)) {
            if va != vb {
                let _ = writeln!(out, "  changed  {:<14} {key}: {va} -> {vb}", ia.name);
            }
        }
    }
    for ib in &b.instances {
        if a.instance(&ib.name).is_none() {
            let _ = writeln!(
                out,
                "  added    {:<14} {} at {:#x}",
                ib.name,
                model.block_of(ib).id(),
                ib.base
            );
        }
    }
    let lock = |s: &Soc| {
        s.lock.as_ref().map(|l| {
            format!(
                "pipe {} {:?} {:?} {} ce {:#x}",
                l.pipe,
                l.placement,
                l.dummy,
                crate::model::address_mode_name(l.address_mode),
                l.scratchpad_ce_address
            )
        })
    };
    if lock(a) != lock(b) {
        let _ = writeln!(
            out,
            "  changed  {:<14} {:?} -> {:?}",
            "(lock)",
            lock(a),
            lock(b)
        );
    }
    out
}
