//! Lowering: valid syntax to the model. Runs only when validation found no errors, so it
//! resolves references without reporting; anything unresolvable is skipped, never a panic.

use crate::diagnostics::{Code, Diagnostic};
use crate::load::{Loaded, LoadedSoc};
use crate::model::{
    Access, Behaviour, BehaviourId, Block, EnumValue, Evidence, Fact, Field, Fieldset, Grade,
    Index, Model, PeripheralGrade, Register, Shape,
};
use crate::origins::Origins;
use crate::resolve;
use crate::source::Sp;
mod lock_facts;
mod soc;

use crate::syntax::{
    BlockFile, EvidenceSpec, FieldSpec, Grade as GradeSpec, NumberOrWord, RegisterSpec,
};
use soc::soc;

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
