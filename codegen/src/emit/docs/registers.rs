//! The template contexts of blocks, registers and instances: register tables with their
//! copies and absolute addresses, fields, enums, and a BAM's command-element layout.

use super::*;

pub(super) fn access_label(a: Access) -> &'static str {
    match a {
        Access::ReadOnly => "ro",
        Access::ReadWrite => "rw",
        Access::WriteOnly => "wo",
        Access::W1c => "w1c",
        Access::Unknown => "unknown",
    }
}

pub(super) fn bits_label(f: &Field) -> String {
    if f.width == 1 {
        f.lsb.to_string()
    } else {
        format!("{}:{}", f.msb(), f.lsb)
    }
}

/// The offset of copy 0 and how further copies are reached, at block level.
pub(super) fn shape_context(block: &Block, reg: &Register) -> Value {
    match &reg.shape {
        Shape::Single => json!({
            "kind": "single",
            "expr": hex(u64::from(reg.offset)),
            "copies": "1",
        }),
        Shape::Array { count, stride } => json!({
            "kind": "array",
            "expr": format!("{} + {} × n", hex(u64::from(reg.offset)), hex(u64::from(*stride))),
            "copies": format!("n < {count}"),
        }),
        Shape::Dimensioned(dims) => {
            let terms: Vec<String> = dims
                .iter()
                .map(|(pos, stride)| {
                    format!("{} × {}", hex(u64::from(*stride)), block.indices[*pos].name)
                })
                .collect();
            let bounds: Vec<String> = dims
                .iter()
                .map(|(pos, _)| {
                    let ix = &block.indices[*pos];
                    format!("{} < {}", ix.name, ix.max)
                })
                .collect();
            json!({
                "kind": "dims",
                "expr": format!("{} + {}", hex(u64::from(reg.offset)), terms.join(" + ")),
                "copies": bounds.join(", "),
            })
        }
    }
}

/// Copies of a register on one instance: `(count, text)`.
pub(super) fn instance_copies(block: &Block, inst: &Instance, reg: &Register) -> (u64, String) {
    match &reg.shape {
        Shape::Single => (1, "1".into()),
        Shape::Array { count, .. } => (u64::from(*count), format!("{count} (n < {count})")),
        Shape::Dimensioned(dims) => {
            let mut total = 1u64;
            let mut parts = Vec::new();
            for (pos, _) in dims {
                let ix = &block.indices[*pos];
                let n = inst.index_counts.get(*pos).copied().unwrap_or(ix.max);
                total = total.saturating_mul(u64::from(n));
                let why = ix
                    .bound
                    .map_or(String::new(), |b| format!(" by {}", b.key()));
                parts.push(format!("{} < {n}{why}", ix.name));
            }
            (total, format!("{total} ({})", parts.join("; ")))
        }
    }
}

pub(super) fn register_context(block: &Block, reg: &Register) -> Value {
    let rows: Vec<Value> = segments(reg)
        .iter()
        .map(|s| match s.field {
            Some(f) => json!({
                "bits": bits_label(f),
                "name": f.name,
                "reserved": false,
                "access": access_label(f.access),
                "inferred": f.inferred,
                "description": f.description,
                "mask": hex32(f.mask()),
                "values": f.values.iter().map(|v| json!({
                    "name": v.name,
                    "value": v.value,
                    "hex": hex(u64::from(v.value)),
                    "description": v.description,
                })).collect::<Vec<_>>(),
                "closed": f.values_closed(),
                "described": f.values.iter().any(|v| !v.description.is_empty()),
            }),
            None => json!({
                "bits": if s.msb == s.lsb { s.msb.to_string() } else { format!("{}:{}", s.msb, s.lsb) },
                "name": "",
                "reserved": true,
                "access": "",
                "description": "",
                "mask": "",
                "values": [],
            }),
        })
        .collect();
    json!({
        "name": reg.name,
        "anchor": register_anchor(block, reg),
        "offset": hex(u64::from(reg.offset)),
        "shape": shape_context(block, reg),
        "access": access_label(reg.access),
        "inferred": reg.inferred,
        "write_ignored": reg.write_ignored,
        "reset": reg.reset.map_or("unknown".to_string(), hex32),
        "description": reg.description,
        "source": reg.source,
        "rows": rows,
        "has_fields": !reg.fields.is_empty(),
        "has_values": reg.fields.iter().any(|f| !f.values.is_empty()),
        "diagram": diagram(reg),
    })
}

pub(super) fn block_context(block: &Block) -> Value {
    json!({
        "id": block.id(),
        "anchor": block_anchor(block),
        "name": block.name,
        "revision": block.revision,
        "description": block.description,
        "source": block.source,
        "compatibles": block.compatibles,
        "pipe_locking": block.pipe_locking.as_ref().map(|f| json!({"value": f.value, "source": f.source})),
        "ce_bits": block.command_element_bits.as_ref().map(|f| json!({"value": f.value, "source": f.source})),
        "ce_layout": ce_layout(block),
        "indices": block.indices.iter().map(|ix| json!({
            "name": ix.name,
            "max": ix.max,
            "bound": ix.bound.map(|b| b.key()),
            "description": ix.description,
            "source": ix.source,
        })).collect::<Vec<_>>(),
        "registers": block.registers.iter().map(|r| register_context(block, r)).collect::<Vec<_>>(),
    })
}

pub(super) fn instance_context(model: &Model, soc: &Soc, inst: &Instance) -> Value {
    let block = model.block_of(inst);
    let mut props = Vec::new();
    if let Some(ee) = inst.ee {
        props.push(format!("ee {ee}"));
    }
    if let Some(n) = inst.num_channels {
        props.push(format!("num_channels {n}"));
    }
    if let Some(n) = inst.num_ees {
        props.push(format!("num_ees {n}"));
    }
    if inst.controlled_remotely {
        props.push("controlled remotely".into());
    }
    if inst.powered_remotely {
        props.push("powered remotely".into());
    }
    if !inst.enabled {
        props.push("disabled in the device tree".into());
    }
    let dma = inst.dma.as_ref().map(|d| {
        let c = &soc.instances[d.controller];
        json!({"controller": c.name, "anchor": instance_anchor(c), "rx": d.rx, "tx": d.tx})
    });
    let registers: Vec<Value> = block
        .registers
        .iter()
        .map(|r| {
            let (_, copies) = instance_copies(block, inst, r);
            json!({
                "name": r.name,
                "anchor": register_anchor(block, r),
                "expr": shape_context(block, r)["expr"],
                "address": hex(inst.base + u64::from(r.offset)),
                "copies": copies,
                "access": access_label(r.access),
                "reset": r.reset.map_or("unknown".to_string(), hex32),
            })
        })
        .collect();
    json!({
        "name": inst.name,
        "anchor": instance_anchor(inst),
        "block": block.id(),
        "block_anchor": block_anchor(block),
        "base": hex(inst.base),
        "last": hex(inst.base + inst.size.saturating_sub(1)),
        "size": hex(inst.size),
        "compatible": inst.compatible,
        "props": props,
        "dma": dma,
        "ce_base": inst.ce_base.map(|c| hex(u64::from(c))),
        "description": inst.description,
        "source": inst.source,
        "registers": registers,
    })
}

/// The command-element layout of a BAM revision: word, WRITE meaning, READ meaning.
pub(super) fn ce_layout(block: &Block) -> Option<Value> {
    let bits = block.read_destination_bits.as_ref()?;
    let address = block.command_element_bits.as_ref().map_or(24, |f| f.value);
    let third_read = match bits.value {
        36 => "bits 3..0: destination address bits 35..32; bits 31..4 reserved (0). BAM v1.6.0 and later".to_string(),
        _ => "ignored by the hardware (socgen writes 0). BAM below v1.6.0".to_string(),
    };
    Some(json!({
        "read_bits": bits.value,
        "source": bits.source,
        "grade": bits.evidence.grade.as_str(),
        "rows": [
            {"word": "0", "write": format!("bits 31..24: command 0 (write); bits {}..0: register address", address - 1), "read": format!("bits 31..24: command 1 (read); bits {}..0: register address", address - 1)},
            {"word": "1", "write": "the value to write", "read": "destination address bits 31..0 (where the value is stored)"},
            {"word": "2", "write": "the write mask (0xffffffff: the whole register), on every revision", "read": third_read},
            {"word": "3", "write": "reserved (0)", "read": "reserved (0)"},
        ],
    }))
}
