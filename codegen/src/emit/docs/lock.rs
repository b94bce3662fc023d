//! The template context of a SoC's lock setup: its BAM, pipes, scratchpad, address mode,
//! example descriptor chains, the graded facts it rests on and the risks the evidence leaves.

use super::*;

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
pub(super) fn experiment_context(question: Option<&str>) -> Value {
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
pub(super) fn fact_context(f: &LockFact) -> Value {
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

pub(super) fn lock_context(model: &Model, soc: &Soc, lock: &Lock) -> Value {
    let bam = &soc.instances[lock.bam];
    let bam_block = model.block_of(bam);
    json!({
        "bam": bam_context(bam, bam_block),
        "pipe": lock.pipe,
        "tx_pipe": lock.tx_pipe,
        "clients": clients(soc, lock),
        "scratchpad": scratchpad_context(model, soc, lock),
        "ce_address": hex(u64::from(lock.scratchpad_ce_address)),
        "mode": crate::model::address_mode_name(lock.address_mode),
        "mode_text": mode_text(lock, bam),
        "dummy": match lock.dummy {
            DummyAccess::Read => json!({"read": true}),
            DummyAccess::Write(v) => json!({"read": false, "value": hex(u64::from(v))}),
        },
        "placement": match lock.placement {
            Placement::Wrap => "wrap",
            Placement::Merge => "merge",
        },
        "unlock": unlock_context(model, soc, lock),
        "examples": examples(lock.placement),
        "rationale": lock.rationale,
        "source": lock.source,
        "lock_group": lock_group_context(lock),
        "reference": lock.address_mode.reference(bam.base).map(hex),
        "ce_layout": ce_layout(bam_block),
        "facts": lock.facts.iter().map(fact_context).collect::<Vec<_>>(),
        "open_facts": lock.open_facts().count(),
        "risks": risk_contexts(model, soc, lock),
        "questions": question_contexts(lock),
    })
}

/// The locked BAM: where it is, its EE and pipes, and the source that says it can lock.
fn bam_context(bam: &Instance, bam_block: &Block) -> Value {
    json!({
        "name": bam.name,
        "anchor": instance_anchor(bam),
        "block": bam_block.id(),
        "block_anchor": block_anchor(bam_block),
        "base": hex(bam.base),
        "ee": bam.ee,
        "num_channels": bam.num_channels,
        "pipe_locking_source": bam_block.pipe_locking.as_ref().map(|f| f.source.clone()),
    })
}

/// The instances whose rx pipe is the locked one.
fn clients(soc: &Soc, lock: &Lock) -> Vec<Value> {
    soc.instances
        .iter()
        .filter(|i| {
            i.dma
                .as_ref()
                .is_some_and(|d| d.controller == lock.bam && d.rx == lock.pipe)
        })
        .map(|i| json!({"name": i.name, "anchor": instance_anchor(i)}))
        .collect()
}

fn scratchpad_context(model: &Model, soc: &Soc, lock: &Lock) -> Value {
    let sp = &soc.instances[lock.scratchpad_instance];
    let sp_block = model.block_of(sp);
    let sp_reg = &sp_block.registers[lock.scratchpad_register];
    json!({
        "instance": sp.name,
        "instance_anchor": instance_anchor(sp),
        "register": sp_reg.name,
        "anchor": register_anchor(sp_block, sp_reg),
        "address": hex(sp.base + u64::from(sp_reg.offset)),
        "access": access_label(sp_reg.access),
        "write_ignored": sp_reg.write_ignored,
    })
}

/// What a command element's address means in the lock's address mode.
fn mode_text(lock: &Lock, bam: &Instance) -> String {
    match lock.address_mode {
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
    }
}

/// The element an UNLOCK dummy carries, when `unlock:` chooses one.
fn unlock_context(model: &Model, soc: &Soc, lock: &Lock) -> Option<Value> {
    lock.unlock.as_ref().map(|u| match u.value {
        UnlockElement::None => json!({
            "text": "no element: a command descriptor of size 0 that only carries the flag",
            "grade": u.evidence.grade.as_str(),
        }),
        UnlockElement::Access {
            instance,
            register,
            ce_address,
            access,
        } => {
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
    })
}

/// The descriptor chains of example transactions under the lock's placement.
fn examples(placement: Placement) -> Vec<Value> {
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
    shapes
        .iter()
        .map(|(what, own)| json!({"what": what, "chain": lock_example(placement, own)}))
        .collect()
}

fn lock_group_context(lock: &Lock) -> Value {
    json!({
        "value": lock.lock_group,
        "pipes": match lock.tx_pipe {
            Some(tx) => format!("pipes {} and {tx}", lock.pipe),
            None => format!("pipe {}", lock.pipe),
        },
        "grade": lock.lock_group_evidence.evidence.grade.as_str(),
        "source": lock.lock_group_evidence.source,
    })
}

/// The reliances of the setup that the evidence leaves open, with their experiments.
fn risk_contexts(model: &Model, soc: &Soc, lock: &Lock) -> Vec<Value> {
    crate::analyze::risk::risks(model, soc, lock)
        .iter()
        .map(|r| {
            json!({
                "code": r.code.as_str(),
                "id": r.subject.name(),
                "anchor": format!("fact-{}", r.subject.name().replace('_', "-")),
                "grade": r.grade.as_str(),
                "variant": r.variant,
                "carried_by": r.carried_by,
                "consequence": r.consequence,
                "fix": r.fix,
                "experiment": experiment_context(Some(r.question)),
            })
        })
        .collect::<Vec<_>>()
}

/// The open facts only hardware can settle, with their experiments.
fn question_contexts(lock: &Lock) -> Vec<Value> {
    crate::analyze::risk::hardware_questions(lock)
        .map(|f| {
            let mut v = fact_context(f);
            v["experiment"] = experiment_context(crate::analyze::risk::question_of(f).as_deref());
            v
        })
        .collect::<Vec<_>>()
}
