//! Lowering: valid syntax to the model. Runs only when validation found no errors, so it
//! resolves references without reporting; anything unresolvable is skipped, never a panic.

use crate::load::Loaded;
use crate::model::{
    AddressMode, Block, Dma, Dummy, EnumValue, Fact, Field, Index, Instance, Lock, Model,
    Placement, Register, Shape, Soc,
};
use crate::resolve;
use crate::source::Sp;
use crate::syntax::{
    AddressModeSpec, BlockFile, DummySpec, NumberOrWord, PlacementSpec, SocFile, Status,
};

fn text(s: &Option<Sp<String>>) -> String {
    s.as_ref()
        .map(|s| s.value.trim().to_string())
        .unwrap_or_default()
}

fn or_source(own: &Option<Sp<String>>, inherited: &str) -> String {
    match own {
        Some(s) if !s.value.trim().is_empty() => s.value.trim().to_string(),
        _ => inherited.to_string(),
    }
}

/// Builds the model from validated files.
pub fn lower(loaded: &Loaded) -> Model {
    let blocks: Vec<Block> = loaded.blocks.iter().map(|b| block(&b.syntax)).collect();
    let socs = loaded
        .socs
        .iter()
        .filter_map(|s| soc(&s.syntax, loaded, &blocks))
        .collect();
    Model { blocks, socs }
}

fn block(b: &BlockFile) -> Block {
    let source = text(&b.source);
    let indices: Vec<Index> = b
        .indices
        .0
        .iter()
        .map(|(name, spec)| Index {
            name: name.value.clone(),
            max: u32::try_from(spec.value.max.value).unwrap_or(u32::MAX),
            bound: spec
                .value
                .bound
                .as_ref()
                .and_then(|b| resolve::bound(&b.value)),
            description: text(&spec.value.description),
            source: or_source(&spec.value.source, &source),
        })
        .collect();
    let mut registers: Vec<Register> = b
        .registers
        .iter()
        .map(|r| {
            let r = &r.value;
            let reg_source = or_source(&r.source, &source);
            let access = resolve::access(r.access.value);
            let shape = if let Some(a) = &r.array {
                Shape::Array {
                    count: a.value.count.value as u32,
                    stride: a.value.stride.value as u32,
                }
            } else if r.strides.0.is_empty() {
                Shape::Single
            } else {
                Shape::Dimensioned(
                    r.strides
                        .0
                        .iter()
                        .filter_map(|(k, v)| {
                            let pos = indices.iter().position(|i| i.name == k.value)?;
                            Some((pos, v.value as u32))
                        })
                        .collect(),
                )
            };
            let mut fields: Vec<Field> = r
                .fields
                .iter()
                .filter_map(|f| {
                    let f = &f.value;
                    let (msb, lsb) = resolve::bits(&f.bits.value).ok()?;
                    let mut values: Vec<EnumValue> = f
                        .values
                        .iter()
                        .map(|v| EnumValue {
                            name: v.value.name.value.clone(),
                            value: v.value.value.value as u32,
                            description: text(&v.value.description),
                        })
                        .collect();
                    values.sort_by_key(|v| v.value);
                    Some(Field {
                        name: f.name.value.clone(),
                        lsb: lsb as u32,
                        width: (msb - lsb + 1) as u32,
                        access: f
                            .access
                            .as_ref()
                            .map_or(access, |a| resolve::access(a.value)),
                        description: text(&f.description),
                        values,
                        inferred: f.inferred.as_ref().map(|s| s.value.clone()),
                        source: or_source(&f.source, &reg_source),
                    })
                })
                .collect();
            fields.sort_by_key(|f| f.lsb);
            Register {
                name: r.name.value.clone(),
                offset: r.offset.value as u32,
                access,
                reset: match r.reset.value {
                    NumberOrWord::Number(n) => u32::try_from(n).ok(),
                    NumberOrWord::Word(_) => None,
                },
                write_ignored: r.write_ignored.as_ref().is_some_and(|w| w.value),
                inferred: r.inferred.as_ref().map(|s| s.value.clone()),
                description: text(&r.description),
                source: reg_source,
                shape,
                fields,
            }
        })
        .collect();
    registers.sort_by(|a, b| (a.offset, &a.name).cmp(&(b.offset, &b.name)));
    let caps_source = |own: &Option<Sp<String>>| or_source(own, &source);
    Block {
        name: b.block.value.clone(),
        revision: b.revision.value.clone(),
        description: text(&b.description),
        source: source.clone(),
        compatibles: b.compatibles.iter().map(|c| c.value.clone()).collect(),
        pipe_locking: b.capabilities.as_ref().and_then(|c| {
            c.value.pipe_locking.as_ref().map(|p| Fact {
                value: p.value,
                source: caps_source(&c.value.source),
            })
        }),
        command_element_bits: b.command_element.as_ref().map(|c| Fact {
            value: c.value.address_bits.value as u32,
            source: caps_source(&c.value.source),
        }),
        read_destination_bits: b.command_element.as_ref().map(|c| Fact {
            value: c.value.read_destination_bits.value as u32,
            source: caps_source(&c.value.source),
        }),
        indices,
        registers,
    }
}

fn soc(s: &SocFile, loaded: &Loaded, blocks: &[Block]) -> Option<Soc> {
    let source = text(&s.source);
    let block_pos = |r: &str| {
        let (name, rev) = resolve::block_ref(r)?;
        blocks
            .iter()
            .position(|b| b.name == name && b.revision == rev)
    };
    // Instances sorted by base; remember where each written one went.
    let mut order: Vec<usize> = (0..s.instances.len()).collect();
    order.sort_by_key(|&i| (s.instances[i].value.base.value, i));
    let pos_of = |name: &str| {
        order
            .iter()
            .position(|&i| s.instances[i].value.name.value == name)
    };
    let lock_bam = s.lock.as_ref().map(|l| l.value.bam.value.clone());
    let address_mode = match s.lock.as_ref().map(|l| &l.value) {
        None => None,
        Some(l) => Some(match l.address_mode.value {
            AddressModeSpec::Phys24 => AddressMode::Phys24,
            AddressModeSpec::BamOffset18 => AddressMode::BamOffset18,
            AddressModeSpec::WrapperOffset18 => AddressMode::WrapperOffset18 {
                wrapper_base: l.wrapper.as_ref()?.value.base.value,
            },
        }),
    };
    let lock_bam_base = lock_bam.as_ref().and_then(|name| {
        s.instances
            .iter()
            .find(|i| i.value.name.value == *name)
            .map(|i| i.value.base.value)
    });
    let mut instances = Vec::with_capacity(order.len());
    for &i in &order {
        let spec = &s.instances[i].value;
        let block = block_pos(&spec.block.value)?;
        let (bname, rev) = resolve::block_ref(&spec.block.value)?;
        let loaded_block = loaded.block(bname, rev)?;
        let (counts, _) = resolve::index_counts(&loaded_block.syntax, spec);
        let dma = spec.dma.as_ref().and_then(|d| {
            Some(Dma {
                controller: pos_of(&d.value.controller.value)?,
                rx: d.value.rx.value as u32,
                tx: d.value.tx.value as u32,
            })
        });
        let ce_base = match (&spec.dma, &lock_bam, address_mode, lock_bam_base) {
            (Some(d), Some(bam), Some(mode), Some(bam_base))
                if d.value.controller.value == *bam =>
            {
                mode.encode(bam_base, spec.base.value).ok()
            }
            _ => None,
        };
        instances.push(Instance {
            name: spec.name.value.clone(),
            block,
            base: spec.base.value,
            size: spec.size.value,
            compatible: spec.compatible.iter().map(|c| c.value.clone()).collect(),
            ee: spec.ee.as_ref().map(|v| v.value as u32),
            num_channels: spec.num_channels.as_ref().map(|v| v.value as u32),
            num_ees: spec.num_ees.as_ref().map(|v| v.value as u32),
            controlled_remotely: spec.controlled_remotely.as_ref().is_some_and(|v| v.value),
            powered_remotely: spec.powered_remotely.as_ref().is_some_and(|v| v.value),
            dma,
            enabled: !matches!(
                spec.status.as_ref().map(|s| s.value),
                Some(Status::Disabled)
            ),
            description: text(&spec.description),
            source: or_source(&spec.source, &source),
            index_counts: counts.iter().map(|&c| c as u32).collect(),
            ce_base,
        });
    }
    let lock = match &s.lock {
        Some(l) => {
            let l = &l.value;
            let bam = pos_of(&l.bam.value)?;
            let (inst_name, reg_name) = l.scratchpad.value.split_once('.')?;
            let scratchpad_instance = pos_of(inst_name)?;
            let sp_inst = &instances[scratchpad_instance];
            let sp_block = &blocks[sp_inst.block];
            let scratchpad_register = sp_block.registers.iter().position(|r| r.name == reg_name)?;
            let mode = address_mode?;
            let scratchpad_ce_address = mode
                .encode(
                    instances[bam].base,
                    sp_inst.base + u64::from(sp_block.registers[scratchpad_register].offset),
                )
                .ok()?;
            let pipe = l.pipe.value as u32;
            let tx_pipe = instances.iter().find_map(|i| {
                i.dma
                    .as_ref()
                    .filter(|d| d.controller == bam && d.rx == pipe)
                    .map(|d| d.tx)
            });
            Some(Lock {
                bam,
                pipe,
                tx_pipe,
                lock_group: l.lock_group.value as u32,
                scratchpad_instance,
                scratchpad_register,
                scratchpad_ce_address,
                dummy: match l.dummy.value {
                    DummySpec::Read => Dummy::Read,
                    DummySpec::Write(v) => Dummy::Write(v as u32),
                },
                placement: match l.placement.value {
                    PlacementSpec::Wrap => Placement::Wrap,
                    PlacementSpec::Merge => Placement::Merge,
                },
                address_mode: mode,
                rationale: text(&l.rationale),
                source: or_source(&l.source, &source),
            })
        }
        None => None,
    };
    Some(Soc {
        name: s.soc.value.clone(),
        description: text(&s.description),
        source,
        instances,
        lock,
    })
}
