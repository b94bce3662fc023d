//! Register maps for people: Markdown and self-contained HTML (minijinja templates in
//! `codegen/templates/docs/`).
//!
//! Per SoC: the instances (base, size, block revision, device-tree properties, DMA wiring), a
//! register map per instance (offsets, absolute addresses, copies on that instance, access,
//! reset), the pipe-lock setup explained, and per register of every block revision the SoC
//! uses a bit-field diagram (an inline SVG in HTML, a table in Markdown) with its enums.
//! Output depends only on the model: no timestamps, no paths, stable order.
//!
//! The geometry of the diagrams is computed here; the templates only draw it.

use crate::model::{
    Access, AddressMode, Block, DummyAccess, Field, Grade, Instance, Lock, LockFact, Model,
    Placement, Register, Shape, Soc, UnlockElement,
};
use minijinja::{AutoEscape, Environment, Value as JValue};
use serde_json::{Value, json};

const SOC_MD: &str = include_str!("../../templates/docs/soc.md.j2");
const INDEX_MD: &str = include_str!("../../templates/docs/index.md.j2");
const SOC_HTML: &str = include_str!("../../templates/docs/soc.html.j2");
const INDEX_HTML: &str = include_str!("../../templates/docs/index.html.j2");
const CSS: &str = include_str!("../../templates/docs/style.css");
const CE_LAYOUT_MD: &str = include_str!("../../templates/docs/ce_layout.md.j2");
const CE_LAYOUT_HTML: &str = include_str!("../../templates/docs/ce_layout.html.j2");

/// Bits of a register, drawn left (31) to right (0).
const BITS: u32 = 32;
/// Width of one bit cell in the diagram, in SVG units.
const CELL: u32 = 28;
/// Left margin of the diagram.
const LEFT: u32 = 8;
/// Top of the field boxes (the bit numbers sit above).
const BOX_TOP: u32 = 16;
/// Height of the field boxes.
const BOX_H: u32 = 30;
/// Estimated advance of one character of the 11px monospace labels (generous, so that
/// labels judged to fit really do).
const CHAR_W: f64 = 7.0;

fn hex(v: u64) -> String {
    format!("{v:#x}")
}

fn hex32(v: u32) -> String {
    format!("{v:#010x}")
}

/// An anchor-safe id: lower case, `[a-z0-9-]` only.
fn slug(parts: &[&str]) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        for c in p.chars() {
            out.push(if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            });
        }
    }
    out
}

fn block_anchor(block: &Block) -> String {
    slug(&["block", &block.name, &block.revision_ident()])
}

fn register_anchor(block: &Block, reg: &Register) -> String {
    slug(&["reg", &block.name, &block.revision_ident(), &reg.name])
}

fn instance_anchor(inst: &Instance) -> String {
    slug(&["inst", &inst.name])
}

fn access_label(a: Access) -> &'static str {
    match a {
        Access::ReadOnly => "ro",
        Access::ReadWrite => "rw",
        Access::WriteOnly => "wo",
        Access::W1c => "w1c",
        Access::Unknown => "unknown",
    }
}

fn bits_label(f: &Field) -> String {
    if f.width == 1 {
        f.lsb.to_string()
    } else {
        format!("{}:{}", f.msb(), f.lsb)
    }
}

/// The offset of copy 0 and how further copies are reached, at block level.
fn shape_context(block: &Block, reg: &Register) -> Value {
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
fn instance_copies(block: &Block, inst: &Instance, reg: &Register) -> (u64, String) {
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

/// One drawn piece of a register: a field or a reserved gap.
struct Segment<'a> {
    msb: u32,
    lsb: u32,
    field: Option<&'a Field>,
}

/// Fields and reserved gaps, from bit 31 down to bit 0.
fn segments(reg: &Register) -> Vec<Segment<'_>> {
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
fn diagram(reg: &Register) -> Value {
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

fn register_context(block: &Block, reg: &Register) -> Value {
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

fn block_context(block: &Block) -> Value {
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

fn instance_context(model: &Model, soc: &Soc, inst: &Instance) -> Value {
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

/// Descriptor kinds of an example transaction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// One command descriptor of the transaction's own.
    Cmd,
    /// One data descriptor.
    Data,
}

/// The descriptors a locked transaction of these kinds becomes, in FIFO order, with the flags
/// the driver sets (`socgen-bam`'s chain): LOCK/UNLOCK where [`crate::lock_plan::plan`] puts
/// them; EOT|NWD on the last data descriptor a command descriptor follows, and NWD
/// nowhere else; no EOT on command descriptors; INT on the last descriptor unless it has EOT.
/// Each is `what + FLAGS` (`dummy command + LOCK`, `data + EOT|NWD`). What the generated docs
/// show; `tests/tests/lock_plan.rs` holds it equal to `socgen_bam::Chain` for every shape.
pub fn lock_example(placement: Placement, own: &[Kind]) -> Vec<String> {
    let plan = crate::lock_plan::plan(
        placement,
        crate::lock_plan::Shape {
            starts_with_command: own.first() == Some(&Kind::Cmd),
            ends_with_command: own.last() == Some(&Kind::Cmd),
            single: own.len() == 1,
        },
    );
    let (head_dummy, tail_dummy) = (plan.lock_on_dummy, plan.unlock_on_dummy);
    let (lock_first, unlock_last) = (!head_dummy, !tail_dummy);
    // (kind, dummy, flags)
    let mut descs: Vec<(Kind, bool, Vec<&str>)> = Vec::new();
    if head_dummy {
        descs.push((Kind::Cmd, true, vec!["LOCK"]));
    }
    for (i, k) in own.iter().enumerate() {
        let mut flags = Vec::new();
        if i == 0 && lock_first {
            flags.push("LOCK");
        }
        if i + 1 == own.len() && unlock_last {
            flags.push("UNLOCK");
        }
        descs.push((*k, false, flags));
    }
    if tail_dummy {
        descs.push((Kind::Cmd, true, vec!["UNLOCK"]));
    }
    for i in 0..descs.len() {
        let next_is_cmd = descs.get(i + 1).is_some_and(|d| d.0 == Kind::Cmd);
        if descs[i].0 == Kind::Data && next_is_cmd {
            descs[i].2.extend(["EOT", "NWD"]);
        }
    }
    if let Some(last) = descs.last_mut()
        && !last.2.contains(&"EOT")
    {
        last.2.push("INT");
    }
    descs
        .into_iter()
        .map(|(kind, dummy, flags)| {
            let what = match (kind, dummy) {
                (Kind::Cmd, true) => "dummy command",
                (Kind::Cmd, false) => "command",
                (Kind::Data, _) => "data",
            };
            if flags.is_empty() {
                what.to_string()
            } else {
                format!("{what} + {}", flags.join("|"))
            }
        })
        .collect()
}

/// The command-element layout of a BAM revision: word, WRITE meaning, READ meaning.
fn ce_layout(block: &Block) -> Option<Value> {
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

/// One line summing up the grades of the facts a lock setup rests on, for `socgen list`:
/// `facts: 4 documented, 3 upstream, ...; open: lock_on_read_element (inferred), ...`, the open
/// ones (below precedent) weakest first.
pub fn grades_line(lock: &Lock) -> String {
    let counts: Vec<String> = Grade::ALL
        .iter()
        .map(|g| {
            let n = lock.facts.iter().filter(|f| f.evidence.grade == *g).count();
            (n, g)
        })
        .filter(|(n, _)| *n > 0)
        .map(|(n, g)| format!("{n} {}", g.as_str()))
        .collect();
    let mut weak: Vec<&LockFact> = lock
        .facts
        .iter()
        .filter(|f| f.evidence.grade > Grade::Precedent)
        .collect();
    weak.sort_by_key(|f| std::cmp::Reverse(f.evidence.grade));
    let weak: Vec<String> = weak
        .iter()
        .map(|f| format!("{} ({})", f.subject.name(), f.evidence.grade.as_str()))
        .collect();
    let mut line = format!("facts: {}", counts.join(", "));
    if !weak.is_empty() {
        line.push_str(&format!("; weakest: {}", weak.join(", ")));
    }
    line
}

/// The experiment of `docs/HARDWARE-VALIDATION.md` that settles a question, for the templates.
/// The pages name the file and its `#qN` anchor in text rather than linking to it: they are
/// written to any `--out` directory (and into other trees), where no relative path reaches the
/// repository's `docs/`, and there is no canonical URL to link to.
fn experiment_context(question: Option<&str>) -> Value {
    match question.and_then(crate::analyze::risk::experiment) {
        Some((title, path)) => json!({
            "question": question,
            "title": title,
            "code": format!("`{path}`"),
            "path": path,
        }),
        None => Value::Null,
    }
}

/// One lock fact for the templates; `experiment` only for facts graded below documented.
fn fact_context(f: &LockFact) -> Value {
    let open = f.evidence.grade > Grade::Documented;
    let question = crate::analyze::risk::question_of(f);
    json!({
        "anchor": format!("fact-{}", f.subject.name().replace('_', "-")),
        "experiment": if open { experiment_context(question.as_deref()) } else { Value::Null },
        "id": f.subject.name(),
        "statement": f.statement,
        "grade": f.evidence.grade.as_str(),
        "reasoning": f.evidence.reasoning,
        "source": f.source,
        "question": f.question,
        "why": f.why,
        "alternatives": f.alternatives,
        "open": f.evidence.grade > Grade::Documented,
    })
}

fn lock_context(model: &Model, soc: &Soc, lock: &Lock) -> Value {
    let bam = &soc.instances[lock.bam];
    let bam_block = model.block_of(bam);
    let sp = &soc.instances[lock.scratchpad_instance];
    let sp_block = model.block_of(sp);
    let sp_reg = &sp_block.registers[lock.scratchpad_register];
    let clients: Vec<Value> = soc
        .instances
        .iter()
        .filter(|i| {
            i.dma
                .as_ref()
                .is_some_and(|d| d.controller == lock.bam && d.rx == lock.pipe)
        })
        .map(|i| json!({"name": i.name, "anchor": instance_anchor(i)}))
        .collect();
    let mode = match lock.address_mode {
        AddressMode::Phys24 => {
            "phys24: a command element carries the register's physical address, which must be below 2^24".to_string()
        }
        AddressMode::BamOffset18 => format!(
            "bam_offset18: a command element carries the low 18 bits of the register's physical address, i.e. its offset from {}, the 256 KiB-aligned block holding the BAM. That equals the offset from the peripheral wrapper only when the wrapper is 256 KiB aligned",
            hex(bam.base & !0x3_ffff)
        ),
        AddressMode::WrapperOffset18 { wrapper_base } => format!(
            "wrapper_offset18: a command element carries the register's offset from the named wrapper base {}{}, which must be below 2^18 (the wrapper need not be 256 KiB aligned)",
            hex(wrapper_base),
            lock.wrapper
                .as_ref()
                .filter(|w| !w.value.is_empty())
                .map_or(String::new(), |w| format!(" ({})", w.value))
        ),
    };
    let shapes: [(&str, &[Kind]); 6] = [
        ("commands only", &[Kind::Cmd, Kind::Cmd]),
        ("commands, then data", &[Kind::Cmd, Kind::Data]),
        (
            "commands, then data in two descriptors",
            &[Kind::Cmd, Kind::Data, Kind::Data],
        ),
        ("data, then commands", &[Kind::Data, Kind::Cmd]),
        ("data only", &[Kind::Data]),
        ("a single command descriptor", &[Kind::Cmd]),
    ];
    let examples: Vec<Value> = shapes
        .iter()
        .map(|(what, own)| json!({"what": what, "chain": lock_example(lock.placement, own)}))
        .collect();
    json!({
        "bam": {
            "name": bam.name,
            "anchor": instance_anchor(bam),
            "block": bam_block.id(),
            "block_anchor": block_anchor(bam_block),
            "base": hex(bam.base),
            "ee": bam.ee,
            "num_channels": bam.num_channels,
            "pipe_locking_source": bam_block.pipe_locking.as_ref().map(|f| f.source.clone()),
        },
        "pipe": lock.pipe,
        "tx_pipe": lock.tx_pipe,
        "clients": clients,
        "scratchpad": {
            "instance": sp.name,
            "instance_anchor": instance_anchor(sp),
            "register": sp_reg.name,
            "anchor": register_anchor(sp_block, sp_reg),
            "address": hex(sp.base + u64::from(sp_reg.offset)),
            "access": access_label(sp_reg.access),
            "write_ignored": sp_reg.write_ignored,
        },
        "ce_address": hex(u64::from(lock.scratchpad_ce_address)),
        "mode": crate::model::address_mode_name(lock.address_mode),
        "mode_text": mode,
        "dummy": match lock.dummy {
            DummyAccess::Read => json!({"read": true}),
            DummyAccess::Write(v) => json!({"read": false, "value": hex(u64::from(v))}),
        },
        "placement": match lock.placement {
            Placement::Wrap => "wrap",
            Placement::Merge => "merge",
        },
        "unlock": lock.unlock.as_ref().map(|u| match u.value {
            UnlockElement::None => json!({
                "text": "no element: a command descriptor of size 0 that only carries the flag",
                "grade": u.evidence.grade.as_str(),
            }),
            UnlockElement::Access { instance, register, ce_address, access } => {
                let i = &soc.instances[instance];
                let name = format!("{}.{}", i.name, model.block_of(i).registers[register].name);
                let what = match access {
                    DummyAccess::Read => format!("a read of {name}"),
                    DummyAccess::Write(v) => format!("a write of {} to {name}", hex(u64::from(v))),
                };
                json!({
                    "text": format!("{what} at command-element address {}", hex(u64::from(ce_address))),
                    "grade": u.evidence.grade.as_str(),
                })
            }
        }),
        "examples": examples,
        "rationale": lock.rationale,
        "source": lock.source,
        "lock_group": {
            "value": lock.lock_group,
            "pipes": match lock.tx_pipe {
                Some(tx) => format!("pipes {} and {tx}", lock.pipe),
                None => format!("pipe {}", lock.pipe),
            },
            "grade": lock.lock_group_evidence.evidence.grade.as_str(),
            "source": lock.lock_group_evidence.source,
        },
        "reference": lock.address_mode.reference(bam.base).map(hex),
        "ce_layout": ce_layout(bam_block),
        "facts": lock.facts.iter().map(fact_context).collect::<Vec<_>>(),
        "open_facts": lock.open_facts().count(),
        "risks": crate::analyze::risk::risks(model, soc, lock)
            .iter()
            .map(|r| json!({
                "code": r.code.as_str(),
                "id": r.subject.name(),
                "anchor": format!("fact-{}", r.subject.name().replace('_', "-")),
                "grade": r.grade.as_str(),
                "variant": r.variant,
                "carried_by": r.carried_by,
                "consequence": r.consequence,
                "fix": r.fix,
                "experiment": experiment_context(Some(r.question)),
            }))
            .collect::<Vec<_>>(),
        "questions": crate::analyze::risk::hardware_questions(lock)
            .map(|f| {
                let mut v = fact_context(f);
                v["experiment"] = experiment_context(crate::analyze::risk::question_of(f).as_deref());
                v
            })
            .collect::<Vec<_>>(),
    })
}

/// The template context of one SoC (shared by the Markdown and HTML templates).
fn soc_context(model: &Model, soc: &Soc) -> Value {
    let mut blocks: Vec<usize> = soc.instances.iter().map(|i| i.block).collect();
    blocks.sort_unstable();
    blocks.dedup();
    let lockable: Vec<String> = soc
        .instances
        .iter()
        .map(|i| model.block_of(i))
        .filter(|b| b.pipe_locking.as_ref().is_some_and(|f| f.value))
        .map(Block::id)
        .collect();
    json!({
        "soc": {"name": soc.name, "description": soc.description, "source": soc.source},
        "instances": soc.instances.iter().map(|i| instance_context(model, soc, i)).collect::<Vec<_>>(),
        "blocks": blocks.iter().map(|b| block_context(&model.blocks[*b])).collect::<Vec<_>>(),
        "lock": soc.lock.as_ref().map(|l| lock_context(model, soc, l)),
        "lockable": !lockable.is_empty(),
        "css": CSS,
    })
}

fn index_context(model: &Model, socs: &[&Soc]) -> Value {
    let rows: Vec<Value> = socs
        .iter()
        .map(|soc| {
            let mut blocks: Vec<String> = soc
                .instances
                .iter()
                .map(|i| model.block_of(i).id())
                .collect();
            blocks.sort();
            blocks.dedup();
            let lock = soc.lock.as_ref().map(|l| {
                format!(
                    "{} pipe {}, {}, dummy {}",
                    soc.instances[l.bam].name,
                    l.pipe,
                    match l.placement {
                        Placement::Wrap => "wrap",
                        Placement::Merge => "merge",
                    },
                    match l.dummy {
                        DummyAccess::Read => "read".to_string(),
                        DummyAccess::Write(v) => format!("write {}", hex(u64::from(v))),
                    }
                )
            });
            json!({
                "name": soc.name,
                "description": soc.description,
                "instances": soc.instances.len(),
                "blocks": blocks,
                "lock": lock,
            })
        })
        .collect();
    json!({"socs": rows, "css": CSS})
}

/// Escapes text for HTML and turns `code` spans into `<code>` elements.
fn prose(text: &str) -> JValue {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    // Only pair backticks when they are balanced; otherwise keep them literally.
    let balanced = text.matches('`').count().is_multiple_of(2);
    for c in text.chars() {
        match c {
            '`' if balanced => {
                out.push_str(if in_code { "</code>" } else { "<code>" });
                in_code = !in_code;
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    JValue::from_safe_string(out)
}

/// Makes text safe inside a Markdown table cell or list item: one line, `|` escaped,
/// HTML-significant characters neutralised.
fn cell(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn environment(html: bool) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_auto_escape_callback(move |_| {
        if html {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.add_filter("prose", |s: String| prose(&s));
    env.add_filter("cell", |s: String| cell(&s));
    env
}

/// Pastes the shared partials into a template (the build has no multi-template loader).
fn with_partials(template: &str) -> String {
    template
        .replace("{% include \"ce_layout_md\" %}\n", CE_LAYOUT_MD)
        .replace("{% include \"ce_layout_html\" %}\n", CE_LAYOUT_HTML)
}

fn render(html: bool, template: &str, ctx: Value) -> String {
    let template = with_partials(template);
    let template = template.as_str();
    // The templates are part of the binary; a failure is a bug in them, reported in the
    // output rather than by a panic.
    match environment(html).render_str(template, ctx) {
        Ok(text) => text,
        Err(e) if html => {
            format!("<!doctype html><title>error</title><p>socgen template error: {e}</p>\n")
        }
        Err(e) => format!("socgen template error: {e}\n"),
    }
}

/// The Markdown register map of one SoC.
pub fn markdown(model: &Model, soc: &Soc) -> String {
    render(false, SOC_MD, soc_context(model, soc))
}

/// The self-contained HTML register map of one SoC (inline CSS and SVG, no external assets).
pub fn html(model: &Model, soc: &Soc) -> String {
    render(true, SOC_HTML, soc_context(model, soc))
}

/// The Markdown index linking `<soc>/<soc>.md` for the given SoCs.
pub fn markdown_index(model: &Model, socs: &[&Soc]) -> String {
    render(false, INDEX_MD, index_context(model, socs))
}

/// The HTML index linking `<soc>/<soc>.html` for the given SoCs.
pub fn html_index(model: &Model, socs: &[&Soc]) -> String {
    render(true, INDEX_HTML, index_context(model, socs))
}

/// The Markdown files of one SoC: `(name relative to out/md/<soc>/, text)`.
pub fn markdown_files(model: &Model, soc: &Soc) -> Vec<(String, String)> {
    vec![(format!("{}.md", soc.name), markdown(model, soc))]
}

/// The HTML files of one SoC: `(name relative to out/html/<soc>/, text)`.
pub fn html_files(model: &Model, soc: &Soc) -> Vec<(String, String)> {
    vec![(format!("{}.html", soc.name), html(model, soc))]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(fields: Vec<(u32, u32)>) -> Register {
        Register {
            name: "R".into(),
            offset: 0,
            access: Access::ReadWrite,
            reset: None,
            write_ignored: false,
            inferred: None,
            description: String::new(),
            source: String::new(),
            shape: Shape::Single,
            layout: None,
            fieldset: None,
            fieldset_inferred: None,
            fields: fields
                .into_iter()
                .enumerate()
                .map(|(i, (lsb, width))| Field {
                    name: format!("F{i}"),
                    lsb,
                    width,
                    access: Access::ReadWrite,
                    description: String::new(),
                    values: Vec::new(),
                    inferred: None,
                    source: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn segments_cover_all_32_bits_with_gaps_as_reserved() {
        let r = reg(vec![(0, 1), (4, 4), (31, 1)]);
        let segs: Vec<(u32, u32, bool)> = segments(&r)
            .iter()
            .map(|s| (s.msb, s.lsb, s.field.is_some()))
            .collect();
        assert_eq!(
            segs,
            vec![
                (31, 31, true),
                (30, 8, false),
                (7, 4, true),
                (3, 1, false),
                (0, 0, true)
            ]
        );
        let full = reg(vec![(0, 32)]);
        assert_eq!(segments(&full).len(), 1);
        assert!(segments(&reg(vec![])).is_empty());
    }

    #[test]
    fn merge_puts_flags_on_own_command_descriptors_and_wrap_always_adds_dummies() {
        use Kind::*;
        assert_eq!(
            lock_example(Placement::Merge, &[Cmd, Cmd]),
            ["command + LOCK", "command + UNLOCK|INT"]
        );
        assert_eq!(
            lock_example(Placement::Merge, &[Cmd]),
            ["command + LOCK", "dummy command + UNLOCK|INT"]
        );
        assert_eq!(
            lock_example(Placement::Merge, &[Cmd, Data]),
            [
                "command + LOCK",
                "data + EOT|NWD",
                "dummy command + UNLOCK|INT"
            ]
        );
        assert_eq!(
            lock_example(Placement::Merge, &[Data]),
            [
                "dummy command + LOCK",
                "data + EOT|NWD",
                "dummy command + UNLOCK|INT"
            ]
        );
        assert_eq!(
            lock_example(Placement::Wrap, &[Cmd, Data]),
            [
                "dummy command + LOCK",
                "command",
                "data + EOT|NWD",
                "dummy command + UNLOCK|INT"
            ]
        );
    }

    #[test]
    fn nwd_only_on_the_last_data_descriptor_before_a_command() {
        use Kind::*;
        for placement in [Placement::Wrap, Placement::Merge] {
            for own in [
                &[Cmd, Data, Data][..],
                &[Data, Data, Cmd],
                &[Cmd, Data, Cmd, Data, Data],
                &[Data],
            ] {
                let chain = lock_example(placement, own);
                for (i, d) in chain.iter().enumerate() {
                    let next_cmd = chain.get(i + 1).is_some_and(|n| n.contains("command"));
                    if d.starts_with("data") {
                        assert_eq!(d.contains("EOT|NWD"), next_cmd, "{chain:?}");
                    } else {
                        assert!(!d.contains("EOT") && !d.contains("NWD"), "{chain:?}");
                    }
                    let flags: Vec<&str> = d
                        .split_once(" + ")
                        .map_or(Vec::new(), |(_, f)| f.split('|').collect());
                    assert!(
                        !(flags.contains(&"LOCK") && flags.contains(&"UNLOCK")),
                        "{chain:?}"
                    );
                    assert_eq!(d.contains("INT"), i + 1 == chain.len(), "{chain:?}");
                }
                assert_eq!(chain.iter().filter(|d| d.contains("+ LOCK")).count(), 1);
                assert_eq!(chain.iter().filter(|d| d.contains("UNLOCK")).count(), 1);
            }
        }
    }

    #[test]
    fn prose_escapes_and_marks_code() {
        assert_eq!(
            prose("a <b> & `X_Y`").to_string(),
            "a &lt;b&gt; &amp; <code>X_Y</code>"
        );
        assert_eq!(prose("odd ` tick").to_string(), "odd ` tick");
        assert_eq!(cell("a | b\nc <d>"), "a \\| b c &lt;d&gt;");
    }
}
