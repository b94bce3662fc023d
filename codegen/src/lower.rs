//! Lowering: valid syntax to the model. Runs only when validation found no errors, so it
//! resolves references without reporting; anything unresolvable is skipped, never a panic.

use crate::diagnostics::{Code, Diagnostic};
use crate::load::{Loaded, LoadedSoc};
use crate::model::{
    Access, AddressMode, Behaviour, BehaviourId, Block, Dma, DummyAccess, EnumValue, Evidence,
    Fact, Field, Fieldset, Grade, Index, Instance, Lock, Model, PeripheralGrade, Placement,
    Register, Shape, Soc, UnlockElement,
};
use crate::origins::{LockOrigins, Origins, SocOrigins};
use crate::resolve;
use crate::source::Sp;
mod lock_facts;

use crate::syntax::{
    AddressModeSpec, BlockFile, DummySpec, EvidenceSpec, FieldSpec, Grade as GradeSpec,
    NumberOrWord, PlacementSpec, RegisterSpec, Status, UnlockAccessSpec,
};
use lock_facts::lock_facts;

mod origins;

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
pub fn lower(loaded: &Loaded) -> Lowered {
    let blocks: Vec<Block> = loaded.blocks.iter().map(|b| block(&b.syntax)).collect();
    let behaviours = behaviours(loaded);
    let mut socs = Vec::with_capacity(loaded.socs.len());
    let mut origins = Origins {
        blocks: loaded.blocks.iter().map(origins::block).collect(),
        socs: Vec::new(),
    };
    let mut internal = Vec::new();
    for ls in &loaded.socs {
        match soc(ls, loaded, &blocks, &behaviours) {
            Ok((s, o)) => {
                socs.push(s);
                origins.socs.push(o);
            }
            Err(what) => internal.push(impossible(ls, &what)),
        }
    }
    let model = Model {
        blocks,
        socs,
        behaviours,
    };
    Lowered {
        model,
        origins,
        internal,
    }
}

/// What lowering produces: the model, where each of its SoCs was written, and the internal
/// errors it met (E0901) instead of dropping a SoC.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The model.
    pub model: Model,
    /// Where each SoC, instance and lock section of the model was written.
    pub origins: Origins,
    /// States validation should have refused, one per SoC left out.
    pub internal: Vec<Diagnostic>,
}

/// A state validation should have refused, met while lowering SoC `ls`: an error at the SoC
/// (E0901) instead of a SoC missing from every output without a word.
fn impossible(ls: &LoadedSoc, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::Internal,
        ls.syntax.soc.loc,
        format!(
            "internal error: lowering SoC `{}`: {what}",
            ls.syntax.soc.value
        ),
    )
    .label("validation let this through")
    .help("this is a bug in socgen, not in the file: please report it with this file attached")
}

fn grade(g: GradeSpec) -> Grade {
    match g {
        GradeSpec::Documented => Grade::Documented,
        GradeSpec::Upstream => Grade::Upstream,
        GradeSpec::Precedent => Grade::Precedent,
        GradeSpec::Inferred => Grade::Inferred,
        GradeSpec::Unknown => Grade::Unknown,
    }
}

/// A grade written as `grade:` + `reasoning:`; `unknown` when absent (validation refuses that).
fn evidence(g: &Option<Sp<GradeSpec>>, reasoning: &Option<Sp<String>>) -> Evidence {
    Evidence {
        grade: g.as_ref().map_or(Grade::Unknown, |g| grade(g.value)),
        reasoning: text(reasoning),
    }
}

fn evidence_entry(e: &EvidenceSpec, inherited: &str) -> Fact<()> {
    Fact {
        value: (),
        source: or_source(&e.source, inherited),
        evidence: Evidence {
            grade: grade(e.grade.value),
            reasoning: text(&e.reasoning),
        },
    }
}

/// The catalogue's behaviours in [`BehaviourId::ALL`] order (the first entry per id).
fn behaviours(loaded: &Loaded) -> Vec<Behaviour> {
    let mut out = Vec::new();
    for id in BehaviourId::ALL {
        let found = loaded
            .hardware
            .iter()
            .flat_map(|h| h.syntax.behaviours.iter())
            .find(|b| b.value.id.value == id.as_str());
        if let Some(b) = found {
            let b = &b.value;
            out.push(Behaviour {
                id: *id,
                question: b.question.as_ref().map(|q| q.value.clone()),
                statement: b.statement.value.trim().to_string(),
                evidence: Evidence {
                    grade: grade(b.grade.value),
                    reasoning: text(&b.reasoning),
                },
                source: text(&b.source),
                alternatives: b
                    .alternatives
                    .iter()
                    .map(|a| a.value.trim().to_string())
                    .collect(),
                per_peripheral: b
                    .per_peripheral
                    .iter()
                    .map(|p| PeripheralGrade {
                        peripheral: p.value.peripheral.value.clone(),
                        evidence: evidence(&Some(p.value.grade.clone()), &p.value.reasoning),
                        source: text(&p.value.source),
                    })
                    .collect(),
            });
        }
    }
    out
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
        .map(|r| lower_register(b, &r.value, &indices, &source))
        .collect();
    registers.sort_by(|a, b| (a.offset, &a.name).cmp(&(b.offset, &b.name)));
    let fieldsets = fieldsets(b, &registers, &source);
    let caps_source = |own: &Option<Sp<String>>| or_source(own, &source);
    Block {
        name: b.block.value.clone(),
        role: b.role.as_ref().map(|r| r.value).unwrap_or_default(),
        revision: b.revision.value.clone(),
        description: text(&b.description),
        source: source.clone(),
        compatibles: b.compatibles.iter().map(|c| c.value.clone()).collect(),
        pipe_locking: b.capabilities.as_ref().and_then(|c| {
            c.value.pipe_locking.as_ref().map(|p| Fact {
                value: p.value,
                source: caps_source(&c.value.source),
                evidence: evidence(&c.value.grade, &c.value.reasoning),
            })
        }),
        command_element_bits: b.command_element.as_ref().map(|c| Fact {
            value: c.value.address_bits.value as u32,
            source: caps_source(&c.value.source),
            evidence: evidence(&c.value.grade, &c.value.reasoning),
        }),
        read_destination_bits: b.command_element.as_ref().map(|c| Fact {
            value: c.value.read_destination_bits.value as u32,
            source: caps_source(&c.value.source),
            evidence: evidence(&c.value.grade, &c.value.reasoning),
        }),
        indices,
        registers,
        fieldsets,
    }
}

fn lower_register(b: &BlockFile, r: &RegisterSpec, indices: &[Index], source: &str) -> Register {
    let reg_source = or_source(&r.source, source);
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
    let set = r.fieldset.as_ref().and_then(|n| b.fieldset(&n.value));
    let fields = match set {
        Some(set) => {
            let set_source = or_source(&set.value.source, &reg_source);
            let mut fields = lower_fields(&set.value.fields, access, &set_source);
            if let Some(why) = &r.fieldset_inferred {
                for f in &mut fields {
                    f.inferred.get_or_insert_with(|| why.value.clone());
                }
            }
            fields
        }
        None => lower_fields(&r.fields, access, &reg_source),
    };
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
        layout: r.layout.clone(),
        fieldset: set.map(|s| s.value.name.value.clone()),
        fieldset_inferred: set
            .and(r.fieldset_inferred.as_ref())
            .map(|s| s.value.clone()),
    }
}

/// The fieldsets the registers of a revision name, each once, sorted by name.
fn fieldsets(b: &BlockFile, registers: &[Register], source: &str) -> Vec<Fieldset> {
    let mut names: Vec<&str> = registers
        .iter()
        .filter_map(|r| r.fieldset.as_deref())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let spec = b.fieldset(name)?;
            let users: Vec<&Register> = registers
                .iter()
                .filter(|r| r.fieldset.as_deref() == Some(name))
                .collect();
            // A field without `access:` has the access its registers agree on; where they
            // differ, write-1-to-clear wins, so no register's `write` sets a bit that clears.
            let first = users.first()?;
            let access = if users.iter().all(|r| r.access == first.access) {
                first.access
            } else if users.iter().any(|r| r.access == Access::W1c) {
                Access::W1c
            } else {
                Access::Unknown
            };
            let set_source = or_source(&spec.value.source, source);
            Some(Fieldset {
                name: name.to_string(),
                description: text(&spec.value.description),
                fields: lower_fields(&spec.value.fields, access, &set_source),
                source: set_source,
                layout: first
                    .layout
                    .clone()
                    .filter(|_| users.iter().all(|r| r.layout.is_some())),
            })
        })
        .collect()
}

/// Fields in bit order; a field without `access:` has `access`.
fn lower_fields(fields: &[Sp<FieldSpec>], access: Access, source: &str) -> Vec<Field> {
    let mut out: Vec<Field> = fields
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
                source: or_source(&f.source, source),
            })
        })
        .collect();
    out.sort_by_key(|f| f.lsb);
    out
}

/// `Err` says which state validation should have refused.
fn soc(
    ls: &LoadedSoc,
    loaded: &Loaded,
    blocks: &[Block],
    catalogue: &[Behaviour],
) -> Result<(Soc, SocOrigins), String> {
    let s = &ls.syntax;
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
                wrapper_base: l
                    .wrapper
                    .as_ref()
                    .ok_or("`wrapper_offset18` without `wrapper:`")?
                    .value
                    .base
                    .value,
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
    let mut instance_origin = Vec::with_capacity(order.len());
    for &i in &order {
        let spec = &s.instances[i].value;
        instance_origin.push(origins::instance(spec));
        let unknown = || {
            format!(
                "instance `{}`: block `{}` is not loaded",
                spec.name.value, spec.block.value
            )
        };
        let block = block_pos(&spec.block.value).ok_or_else(unknown)?;
        let (bname, rev) = resolve::block_ref(&spec.block.value).ok_or_else(unknown)?;
        let loaded_block = loaded.block(bname, rev).ok_or_else(unknown)?;
        let (counts, _) = resolve::index_counts(&loaded_block.syntax, spec);
        let dma = match &spec.dma {
            Some(d) => Some(Dma {
                controller: pos_of(&d.value.controller.value).ok_or_else(|| {
                    format!(
                        "instance `{}`: `dma:` controller `{}` is no instance",
                        spec.name.value, d.value.controller.value
                    )
                })?,
                rx: d.value.rx.value as u32,
                tx: d.value.tx.value as u32,
            }),
            None => None,
        };
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
            let bam = pos_of(&l.bam.value).ok_or("the lock's `bam:` is no instance")?;
            let (inst_name, reg_name) = l
                .scratchpad
                .value
                .split_once('.')
                .ok_or("`scratchpad:` is not `instance.REGISTER`")?;
            let scratchpad_instance = pos_of(inst_name).ok_or("`scratchpad:` names no instance")?;
            let sp_inst = &instances[scratchpad_instance];
            let sp_block = &blocks[sp_inst.block];
            let scratchpad_register = sp_block
                .registers
                .iter()
                .position(|r| r.name == reg_name)
                .ok_or("`scratchpad:` names no register of its block")?;
            let mode = address_mode.ok_or("a lock without an address mode")?;
            let scratchpad_ce_address = mode
                .encode(
                    instances[bam].base,
                    sp_inst.base + u64::from(sp_block.registers[scratchpad_register].offset),
                )
                .map_err(|e| format!("the scratchpad's command-element address: {e:?}"))?;
            let pipe = l.pipe.value as u32;
            let tx_pipe = instances.iter().find_map(|i| {
                i.dma
                    .as_ref()
                    .filter(|d| d.controller == bam && d.rx == pipe)
                    .map(|d| d.tx)
            });
            let lock_source = or_source(&l.source, &source);
            let lock_group_evidence = l
                .evidence
                .0
                .iter()
                .find(|(k, _)| k.value == "lock_group")
                .map_or(
                    Fact {
                        value: (),
                        source: lock_source.clone(),
                        evidence: evidence(&None, &None),
                    },
                    |(_, e)| evidence_entry(&e.value, &lock_source),
                );
            let wrapper = match (mode, &l.wrapper) {
                (AddressMode::WrapperOffset18 { .. }, Some(w)) => Some(Fact {
                    value: text(&w.value.description),
                    source: or_source(&w.value.source, &lock_source),
                    evidence: evidence(&w.value.grade, &w.value.reasoning),
                }),
                _ => None,
            };
            // The scratchpad's `write_ignored` grade, for a dummy write.
            let write_ignored = match l.dummy.value {
                DummySpec::Write(_) => resolve::block_ref(
                    &s.instances
                        .iter()
                        .find(|i| i.value.name.value == inst_name)
                        .ok_or("`scratchpad:` names no instance")?
                        .value
                        .block
                        .value,
                )
                .and_then(|(b, r)| loaded.block(b, r))
                .and_then(|lb| {
                    let reg = lb
                        .syntax
                        .registers
                        .iter()
                        .find(|r| r.value.name.value == reg_name)?;
                    let file_source = text(&lb.syntax.source);
                    let reg_source = or_source(&reg.value.source, &file_source);
                    reg.value
                        .evidence
                        .0
                        .iter()
                        .find(|(k, _)| k.value == "write_ignored")
                        .map(|(_, e)| evidence_entry(&e.value, &reg_source))
                }),
                DummySpec::Read => None,
            };
            let client_block = instances
                .iter()
                .find(|i| {
                    i.dma
                        .as_ref()
                        .is_some_and(|d| d.controller == bam && d.rx == pipe)
                })
                .map(|i| blocks[i.block].name.clone());
            let unlock = match &l.unlock {
                None => None,
                Some(u) => {
                    let u = &u.value;
                    let element = match &u.access.value {
                        UnlockAccessSpec::None => UnlockElement::None,
                        access => {
                            let bad = "`unlock:`'s `register:` is not an instance's register";
                            let (inst, reg) = u
                                .register
                                .as_ref()
                                .and_then(|r| r.value.split_once('.'))
                                .ok_or(bad)?;
                            let instance = pos_of(inst).ok_or(bad)?;
                            let ib = &blocks[instances[instance].block];
                            let register =
                                ib.registers.iter().position(|r| r.name == reg).ok_or(bad)?;
                            let ce_address = mode
                                .encode(
                                    instances[bam].base,
                                    instances[instance].base
                                        + u64::from(ib.registers[register].offset),
                                )
                                .map_err(|e| format!("the `unlock:` element's address: {e:?}"))?;
                            UnlockElement::Access {
                                instance,
                                register,
                                ce_address,
                                access: match access {
                                    UnlockAccessSpec::Write(v) => DummyAccess::Write(*v as u32),
                                    _ => DummyAccess::Read,
                                },
                            }
                        }
                    };
                    Some(Fact {
                        value: element,
                        source: or_source(&u.source, &lock_source),
                        evidence: evidence(&u.grade, &u.reasoning),
                    })
                }
            };
            let mut lock = Lock {
                bam,
                pipe,
                tx_pipe,
                lock_group: l.lock_group.value as u32,
                lock_group_evidence,
                wrapper,
                facts: Vec::new(),
                scratchpad_instance,
                scratchpad_register,
                scratchpad_ce_address,
                dummy: match l.dummy.value {
                    DummySpec::Read => DummyAccess::Read,
                    DummySpec::Write(v) => DummyAccess::Write(v as u32),
                },
                placement: match l.placement.value {
                    PlacementSpec::Wrap => Placement::Wrap,
                    PlacementSpec::Merge => Placement::Merge,
                },
                unlock,
                client_block,
                address_mode: mode,
                rationale: text(&l.rationale),
                source: lock_source,
            };
            lock.facts = lock_facts(&lock, &instances, blocks, catalogue, write_ignored.as_ref());
            Some(lock)
        }
        None => None,
    };
    let lock_origins = s.lock.as_ref().map(|l| LockOrigins {
        placement: l.value.placement.loc,
        dummy: l.value.dummy.loc,
        unlock_access: l.value.unlock.as_ref().map(|u| u.value.access.loc),
        strict: l.value.strict.as_ref().filter(|s| s.value).map(|s| s.loc),
    });
    let origins = SocOrigins {
        name: s.soc.value.clone(),
        soc: s.soc.loc,
        instances: instance_origin,
        lock: lock_origins,
    };
    let soc = Soc {
        name: s.soc.value.clone(),
        description: text(&s.description),
        source,
        instances,
        lock,
    };
    Ok((soc, origins))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lowering run on input validation would refuse (a lock naming no BAM instance, a
    /// `dma:` controller that is no instance) reports E0901 at the SoC; the SoC is not
    /// quietly missing while the other SoCs lower.
    #[test]
    fn an_impossible_state_is_an_internal_error_not_a_dropped_soc() {
        let dir = std::env::temp_dir().join(format!("socgen-lower-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("blocks/tiny")).unwrap();
        std::fs::write(
            dir.join("blocks/tiny/v1.yaml"),
            "block: tiny\nrevision: v1\nsource: t\nregisters:\n  - {name: A, offset: 0, access: rw, reset: 0}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("good.yaml"),
            "soc: good\nsource: t\ninstances:\n  - {name: a, block: tiny@v1, base: 0x1000, size: 0x100, source: t}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("bad.yaml"),
            "soc: bad\nsource: t\ninstances:\n  - {name: a, block: tiny@v1, base: 0x1000, size: 0x100, source: t, dma: {controller: nowhere, rx: 0, tx: 1}}\n",
        )
        .unwrap();
        let loaded = crate::load::load(std::slice::from_ref(&dir));
        assert!(loaded.diags.is_empty(), "{:?}", loaded.diags);
        // Skip validation on purpose: lowering must not rely on it to stay honest.
        let Lowered {
            model, internal, ..
        } = lower(&loaded);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            model
                .socs
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            ["good"]
        );
        assert_eq!(internal.len(), 1, "{internal:?}");
        assert_eq!(internal[0].code, Code::Internal);
        assert!(
            internal[0].message.contains("`bad`"),
            "{}",
            internal[0].message
        );
        assert!(
            internal[0].message.contains("nowhere"),
            "{}",
            internal[0].message
        );
    }
}
