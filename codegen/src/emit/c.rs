//! C headers in Linux-kernel style (minijinja templates in `codegen/templates/`): one header
//! per block revision, one per SoC, and a `_Static_assert` program per SoC that checks the
//! macros against the model when compiled.

use crate::model::{
    AddressMode, Block, DummyAccess, Instance, Lock, Model, Placement, Register, Shape, Soc,
    UnlockElement,
};
use serde_json::{Value, json};

const BLOCK_TEMPLATE: &str = include_str!("../../templates/block.h.j2");
const SOC_TEMPLATE: &str = include_str!("../../templates/soc.h.j2");
const TEST_TEMPLATE: &str = include_str!("../../templates/soc_test.c.j2");

fn hex(v: u64) -> String {
    format!("{v:#x}")
}

fn header_name(block: &Block) -> String {
    format!("{}_{}", block.name, block.revision_ident())
}

fn prefix(block: &Block) -> String {
    header_name(block).to_ascii_uppercase()
}

fn render(template: &str, ctx: Value) -> String {
    let mut env = minijinja::Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    // The templates are part of the binary; a failure here is a bug in them, reported in the
    // output rather than by a panic.
    match env.render_str(template, ctx) {
        Ok(text) => text,
        Err(e) => format!("#error \"socgen template error: {e}\"\n"),
    }
}

fn block_context(block: &Block) -> Value {
    let registers: Vec<Value> = block
        .registers
        .iter()
        .map(|r| {
            let fields: Vec<Value> = r
                .fields
                .iter()
                .map(|f| {
                    json!({
                        "name": f.name,
                        "mask": format!("{:#010x}U", f.mask()),
                        "msb": f.msb(),
                        "lsb": f.lsb,
                        "values": f.values.iter().map(|v| json!({"name": v.name, "value": v.value})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut v = json!({
                "name": r.name,
                "access": r.access.as_str(),
                "description": r.description.replace("*/", "* /"),
                "offset": hex(u64::from(r.offset)),
                "reset": r.reset.map(|v| format!("{v:#010x}U")),
                "fields": fields,
            });
            match &r.shape {
                Shape::Single => v["kind"] = "single".into(),
                Shape::Array { count, stride } => {
                    v["kind"] = "array".into();
                    v["count"] = (*count).into();
                    v["stride"] = hex(u64::from(*stride)).into();
                }
                Shape::Dimensioned(dims) => {
                    v["kind"] = "dims".into();
                    let dims: Vec<Value> = dims
                        .iter()
                        .map(|(pos, stride)| json!({"name": block.indices[*pos].name, "stride": hex(u64::from(*stride))}))
                        .collect();
                    let params: Vec<String> = dims.iter().map(|d| d["name"].as_str().unwrap_or("i").to_string()).collect();
                    v["params"] = params.join(", ").into();
                    v["dims"] = dims.into();
                }
            }
            v
        })
        .collect();
    let ce = block.read_destination_bits.as_ref().map(|bits| {
        json!({
            "read_bits": bits.value,
            "address_bits": block.command_element_bits.as_ref().map_or(24, |f| f.value),
            "high": bits.value > 32,
            "source": bits.source.replace("*/", "* /"),
        })
    });
    json!({
        "block": {"id": block.id(), "name": block.name, "revision": block.revision, "description": block.description, "source": block.source},
        "guard": format!("SOCGEN_{}_H", prefix(block)),
        "prefix": prefix(block),
        "registers": registers,
        "ce": ce,
    })
}

/// The header of one block revision: `(file name, text)`.
pub fn block_header(block: &Block) -> (String, String) {
    (
        format!("{}.h", header_name(block)),
        render(BLOCK_TEMPLATE, block_context(block)),
    )
}

fn soc_context(model: &Model, soc: &Soc) -> Value {
    let mut blocks: Vec<String> = soc
        .instances
        .iter()
        .map(|i| header_name(model.block_of(i)))
        .collect();
    blocks.sort();
    blocks.dedup();
    let instances: Vec<Value> = soc
        .instances
        .iter()
        .map(|i| instance_context(model, i))
        .collect();
    let lock = soc.lock.as_ref().map(|l| lock_context(model, soc, l));
    json!({
        "soc": {"name": soc.name, "description": soc.description, "source": soc.source},
        "guard": format!("SOCGEN_{}_H", soc.name.to_ascii_uppercase()),
        "prefix": soc.name.to_ascii_uppercase(),
        "blocks": blocks,
        "instances": instances,
        "lock": lock,
    })
}

/// One instance: its window and the device-tree properties the header states.
fn instance_context(model: &Model, i: &Instance) -> Value {
    let mut props = Vec::new();
    let mut prop = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            props.push(json!({"name": name, "value": value}));
        }
    };
    prop("EE", i.ee.map(|v| v.to_string()));
    prop("NUM_CHANNELS", i.num_channels.map(|v| v.to_string()));
    prop("NUM_EES", i.num_ees.map(|v| v.to_string()));
    if model.block_of(i).command_element_bits.is_some() {
        prop(
            "CONTROLLED_REMOTELY",
            Some(u8::from(i.controlled_remotely).to_string()),
        );
    }
    prop("DMA_RX_PIPE", i.dma.as_ref().map(|d| d.rx.to_string()));
    prop("DMA_TX_PIPE", i.dma.as_ref().map(|d| d.tx.to_string()));
    prop("CE_BASE", i.ce_base.map(|c| hex(u64::from(c))));
    json!({
        "name": i.name,
        "upper": i.name.to_ascii_uppercase(),
        "block": model.block_of(i).id(),
        "base": format!("{:#x}ULL", i.base),
        "size": format!("{:#x}U", i.size),
        "props": props,
    })
}

/// The lock section as the SoC header's macros and comment state it.
fn lock_context(model: &Model, soc: &Soc, l: &Lock) -> Value {
    let sp = &soc.instances[l.scratchpad_instance];
    let reg = &model.block_of(sp).registers[l.scratchpad_register];
    let bam = &soc.instances[l.bam];
    let facts: Vec<String> = l
        .facts
        .iter()
        .map(|f| format!("{} ({})", f.subject.name(), f.evidence.grade.as_str()))
        .collect();
    json!({
        "bam_block": prefix(model.block_of(bam)),
        "lock_group": l.lock_group,
        "lock_group_grade": l.lock_group_evidence.evidence.grade.as_str(),
        "reference": l.address_mode.reference(bam.base).map(|r| format!("{r:#x}ULL")),
        "wrapper_base": match l.address_mode {
            AddressMode::WrapperOffset18 { wrapper_base } => Some(format!("{wrapper_base:#x}ULL")),
            _ => None,
        },
        "scratchpad_phys": format!("{:#x}ULL", sp.base + u64::from(reg.offset)),
        "facts": facts.join(", "),
        "summary": format!("{} pipe {}, {:?} placement, {:?} dummy", soc.instances[l.bam].name, l.pipe, l.placement, l.dummy),
        "rationale": l.rationale.replace("*/", "* /"),
        "bam_base": format!("{:#x}ULL", soc.instances[l.bam].base),
        "pipe": l.pipe,
        "ce": hex(u64::from(l.scratchpad_ce_address)),
        "scratchpad": format!("{}.{}", sp.name, reg.name),
        "mode": crate::model::address_mode_name(l.address_mode),
        "read": u8::from(l.dummy == DummyAccess::Read),
        "write_value": match l.dummy { DummyAccess::Write(v) => Some(format!("{v:#x}U")), DummyAccess::Read => None },
        "wrap": u8::from(l.placement == Placement::Wrap),
        "unlock": unlock_context(model, soc, l),
    })
}

/// The element an UNLOCK dummy carries, when `unlock:` chooses one.
fn unlock_context(model: &Model, soc: &Soc, l: &Lock) -> Option<Value> {
    l.unlock.as_ref().map(|u| match u.value {
        UnlockElement::None => json!({
            "what": "a command descriptor with no element",
            "elements": 0,
        }),
        UnlockElement::Access {
            instance,
            register,
            ce_address,
            access,
        } => {
            let i = &soc.instances[instance];
            let name = format!("{}.{}", i.name, model.block_of(i).registers[register].name);
            json!({
                "what": match access {
                    DummyAccess::Read => format!("a read of {name}"),
                    DummyAccess::Write(v) => format!("a write of {v:#x} to {name}"),
                },
                "elements": 1,
                "ce": hex(u64::from(ce_address)),
                "read": u8::from(access == DummyAccess::Read),
                "write_value": match access {
                    DummyAccess::Write(v) => Some(format!("{v:#x}U")),
                    DummyAccess::Read => None,
                },
            })
        }
    })
}

/// Every `_Static_assert` the test program makes for a SoC: the macros against the model.
fn asserts(model: &Model, soc: &Soc) -> Vec<Value> {
    let mut a = Asserts(Vec::new());
    let mut seen = Vec::new();
    for inst in &soc.instances {
        let block = model.block_of(inst);
        let up = format!(
            "{}_{}",
            soc.name.to_ascii_uppercase(),
            inst.name.to_ascii_uppercase()
        );
        a.push(
            format!("{up}_BASE == {:#x}ULL", inst.base),
            format!("{} base", inst.name),
        );
        a.push(
            format!("{up}_SIZE == {:#x}U", inst.size),
            format!("{} size", inst.name),
        );
        if seen.contains(&inst.block) {
            continue;
        }
        seen.push(inst.block);
        for r in &block.registers {
            a.register(&prefix(block), r);
        }
    }
    // The command-element format of every BAM revision the SoC uses (once each).
    let mut seen_ce = Vec::new();
    for inst in &soc.instances {
        let block = model.block_of(inst);
        let Some(bits) = &block.read_destination_bits else {
            continue;
        };
        if !seen_ce.contains(&inst.block) {
            seen_ce.push(inst.block);
            a.command_element(block, bits.value);
        }
    }
    if let Some(l) = &soc.lock {
        a.lock(model, soc, l);
    }
    a.0
}

/// The `_Static_assert`s of a test program: `{expr, what}` each.
struct Asserts(Vec<Value>);

impl Asserts {
    fn push(&mut self, expr: String, what: String) {
        self.0.push(json!({"expr": expr, "what": what}));
    }

    /// A register's offset (of its last copy, for arrays), its fields and their values.
    fn register(&mut self, p: &str, r: &Register) {
        let name = format!("{p}_{}", r.name);
        match &r.shape {
            Shape::Single => self.push(format!("{name} == {:#x}", r.offset), r.name.clone()),
            Shape::Array { count, stride } => {
                let last = count.saturating_sub(1);
                self.push(
                    format!(
                        "{name}({last}) == {:#x}",
                        u64::from(r.offset) + u64::from(last) * u64::from(*stride)
                    ),
                    format!("{}[{last}]", r.name),
                );
                self.push(
                    format!("{name}_COUNT == {count}"),
                    format!("{} count", r.name),
                );
            }
            Shape::Dimensioned(dims) => {
                let expect: u64 =
                    u64::from(r.offset) + dims.iter().map(|(_, s)| u64::from(*s)).sum::<u64>();
                let args = vec!["1"; dims.len()].join(", ");
                self.push(
                    format!("{name}({args}) == {expect:#x}"),
                    format!("{} copy 1", r.name),
                );
            }
        }
        for f in &r.fields {
            let m = format!("{name}_{}", f.name);
            self.push(
                format!("{m}_MASK == {:#x}U && {m}_SHIFT == {}", f.mask(), f.lsb),
                format!("{}.{}", r.name, f.name),
            );
            for v in &f.values {
                self.push(
                    format!("{m}_{} == {}", v.name, v.value),
                    format!("{}.{}.{}", r.name, f.name, v.name),
                );
            }
        }
    }

    /// The command-element macros of a BAM revision whose read element has `bits`
    /// destination bits.
    fn command_element(&mut self, block: &Block, bits: u32) {
        let p = prefix(block);
        self.push(
            format!("{p}_CE_READ_DEST_BITS == {}", bits),
            format!("{} read destination bits", block.id()),
        );
        // Bits 35..32 of 0x9_8765_4320 are 9: in the third word from v1.6.0 on, 0 below.
        let expect = if bits > 32 { 9 } else { 0 };
        self.push(
            format!("{p}_CE_READ_WORD2(0x987654320ULL) == {expect}U"),
            format!("{} read element third word", block.id()),
        );
        self.push(
            format!("{p}_CE_READ_WORD2(0x87654320ULL) == 0U"),
            format!("{} read element third word below 4 GiB", block.id()),
        );
        self.push(
            format!(
                "{p}_CE_READ_DEST_FITS(0xfffffffffULL) == {}",
                u8::from(bits > 32)
            ),
            format!("{} widest destination", block.id()),
        );
        self.push(
            format!("{p}_CE_WRITE_WORD2(0xffffffffU) == 0xffffffffU"),
            format!("{} write mask", block.id()),
        );
    }

    /// The lock section's macros: group, reference base, scratchpad address, pipe.
    fn lock(&mut self, model: &Model, soc: &Soc, l: &Lock) {
        let up = soc.name.to_ascii_uppercase();
        let bam = &soc.instances[l.bam];
        let bp = prefix(model.block_of(bam));
        self.push(
            format!("{up}_LOCK_GROUP == {}", l.lock_group),
            "lock group".into(),
        );
        self.push(
            format!(
                "{up}_LOCK_GROUP <= ({bp}_P_CTRL_P_LOCK_GROUP_MASK >> {bp}_P_CTRL_P_LOCK_GROUP_SHIFT)"
            ),
            "lock group fits P_CTRL.P_LOCK_GROUP".into(),
        );
        if let Some(reference) = l.address_mode.reference(bam.base) {
            let sp = &soc.instances[l.scratchpad_instance];
            let reg = &model.block_of(sp).registers[l.scratchpad_register];
            self.push(
                format!("{up}_LOCK_CE_REFERENCE == {reference:#x}ULL"),
                "command-element reference base".into(),
            );
            self.push(
                format!(
                    "{up}_LOCK_SCRATCHPAD_CE_ADDR == {:#x}ULL - {up}_LOCK_CE_REFERENCE",
                    sp.base + u64::from(reg.offset)
                ),
                "scratchpad offset from the reference base".into(),
            );
        }
        if let AddressMode::WrapperOffset18 { wrapper_base } = l.address_mode {
            self.push(
                format!("{up}_LOCK_WRAPPER_BASE == {wrapper_base:#x}ULL"),
                "wrapper base".into(),
            );
        }
        self.push(
            format!(
                "{up}_LOCK_SCRATCHPAD_CE_ADDR == {:#x}",
                l.scratchpad_ce_address
            ),
            "lock scratchpad".into(),
        );
        self.push(format!("{up}_LOCK_PIPE == {}", l.pipe), "lock pipe".into());
    }
}

/// Every C file for a SoC: the block headers it uses, its own header and the test program.
pub fn files(model: &Model, soc: &Soc) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut blocks: Vec<usize> = soc.instances.iter().map(|i| i.block).collect();
    blocks.sort_unstable();
    blocks.dedup();
    for b in blocks {
        out.push(block_header(&model.blocks[b]));
    }
    out.push((
        format!("{}.h", soc.name),
        render(SOC_TEMPLATE, soc_context(model, soc)),
    ));
    out.push((
        format!("test_{}.c", soc.name),
        render(
            TEST_TEMPLATE,
            json!({"soc": soc.name, "asserts": asserts(model, soc)}),
        ),
    ));
    out
}
