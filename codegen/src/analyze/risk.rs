//! Which lock setups are unsafe under a hardware variant the evidence leaves open.
//!
//! **Policy.** A variant of the hardware (a switch of `socgen_sim::Hardware`) is *ruled out*
//! when the behaviour it contradicts is graded `precedent` or better: shipping vendor or upstream
//! code relies on it on hardware. `inferred` and `unknown` leave it *open*. A lock setup that puts
//! a flag on a descriptor whose behaviour is open is unsafe under that variant; the validator
//! warns (W0310-W0314) and the docs say which experiment settles it.
//!
//! The rules read only the model: the grades come from the behaviour record
//! ([`Model::behaviours`]) and from the lock's own facts ([`Lock::facts`]), so raising a grade in
//! `socs/hardware/bam.yaml` (or a register's `write_ignored` evidence) removes the warning.

use crate::diagnostics::Code;
use crate::model::{
    BehaviourId, DummyAccess, FactSubject, Grade, Lock, LockFact, Model, Placement, Soc,
    UnlockElement,
};

/// Whether evidence of this grade rules out the variants that contradict it.
pub fn ruled_out(grade: Grade) -> bool {
    grade <= Grade::Precedent
}

/// What socgen knows about the transactions its driver submits on the locked pipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientShapes {
    /// Some transactions start with a data descriptor.
    pub start_with_data: bool,
    /// Some transactions end with a data descriptor (or are one command descriptor).
    pub end_with_data: bool,
    /// Some transactions end with the client's own command descriptor.
    pub end_with_commands: bool,
    /// Registers every transaction writes again before its operation starts (`GO`): a write
    /// the UNLOCK descriptor leaves in one of them cannot reach the next transaction.
    pub rewritten_before_go: &'static [&'static str],
}

impl ClientShapes {
    /// socgen's QCE driver: every transaction opens with its own WRITE command descriptors and
    /// ends with the input data (EOT|NWD).
    /// Every request writes `STATUS` and `CONFIG` first and `SEG_SIZE` and `CONFIG` again just
    /// before `GOPROC` (`socgen_qce`'s program; a test holds the list to it).
    pub const QCE: ClientShapes = ClientShapes {
        start_with_data: false,
        end_with_data: true,
        end_with_commands: false,
        rewritten_before_go: &["STATUS", "CONFIG", "SEG_SIZE"],
    };
    /// A client socgen has no driver for: assume every shape.
    pub const ANY: ClientShapes = ClientShapes {
        start_with_data: true,
        end_with_data: true,
        end_with_commands: true,
        rewritten_before_go: &[],
    };

    /// What socgen knows of the transactions of a client whose block has `role`.
    pub fn of_role(role: crate::model::BlockRole) -> ClientShapes {
        if role == crate::model::BlockRole::CryptoEngine {
            ClientShapes::QCE
        } else {
            ClientShapes::ANY
        }
    }
}

/// The client of the locked pipe (the instance whose `dma.rx` is the lock pipe) and what its
/// transactions look like: `("crypto", QCE)` for a `qce` block, [`ClientShapes::ANY`] otherwise.
pub fn client(model: &Model, soc: &Soc, lock: &Lock) -> (Option<String>, ClientShapes) {
    let inst = soc.instances.iter().find(|i| {
        i.dma
            .as_ref()
            .is_some_and(|d| d.controller == lock.bam && d.rx == lock.pipe)
    });
    match inst {
        Some(i) => (
            Some(i.name.clone()),
            ClientShapes::of_role(model.block_of(i).role),
        ),
        None => (None, ClientShapes::ANY),
    }
}

/// One behaviour a lock setup puts on a descriptor, and the hardware variant that breaks it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reliance {
    /// The warning when the behaviour's grade leaves the variant open.
    pub code: Code,
    /// The behaviour (or the scratchpad's `write_ignored`).
    pub subject: FactSubject,
    /// Its grade.
    pub grade: Grade,
    /// Its source.
    pub source: String,
    /// The question of `docs/HARDWARE-VALIDATION.md` that settles it (`Q2`).
    pub question: &'static str,
    /// The variant, as the model's switch names it.
    pub variant: &'static str,
    /// Which descriptor carries what, in this setup.
    pub carried_by: String,
    /// What goes wrong under the variant.
    pub consequence: &'static str,
    /// How to make the setup safe.
    pub fix: String,
}

impl Reliance {
    /// Whether the evidence leaves the variant open (then the setup is unsafe under it).
    pub fn open(&self) -> bool {
        !ruled_out(self.grade)
    }
}

/// The grade of a recorded behaviour where this lock's client was observed (its
/// `per_peripheral:` entry for the client's block, else the behaviour's own grade).
fn behaviour_grade(model: &Model, lock: &Lock, id: BehaviourId) -> (Grade, String) {
    model
        .behaviours
        .iter()
        .find(|b| b.id == id)
        .map_or((Grade::Unknown, String::new()), |b| {
            let (evidence, source) = b.on(lock.client_block.as_deref());
            (evidence.grade, source.to_string())
        })
}

fn fact(lock: &Lock, subject: FactSubject) -> Option<&LockFact> {
    lock.facts.iter().find(|f| f.subject == subject)
}

/// Every behaviour this lock setup puts on one of its descriptors that a model switch varies,
/// ruled out or not, in code order.
pub fn reliances(model: &Model, soc: &Soc, lock: &Lock) -> Vec<Reliance> {
    let (client_name, shapes) = client(model, soc, lock);
    let sp = &soc.instances[lock.scratchpad_instance];
    let mut setup = Setup {
        model,
        soc,
        lock,
        client_name: client_name.map_or("the client".to_string(), |n| format!("`{n}`")),
        qce: shapes == ClientShapes::QCE,
        scratch: format!(
            "`{}.{}`",
            sp.name,
            model.block_of(sp).registers[lock.scratchpad_register].name
        ),
        plan: crate::lock_plan::for_client(lock.placement, &shapes),
        out: Vec::new(),
    };
    if lock.dummy == DummyAccess::Read {
        setup.lock_on_read_dummy();
        setup.unlock_on_read_dummy();
    }
    // A write element chosen for UNLOCK is listed after the merge placement's own UNLOCK.
    let unlock_write = setup.unlock_element();
    if setup.plan.unlock_own {
        setup.unlock_on_own_descriptor();
    }
    setup.out.extend(unlock_write);
    if let DummyAccess::Write(v) = lock.dummy {
        setup.write_dummy(v);
    }
    setup.out
}

/// What [`reliances`] needs to word each reliance of one lock setup, and the list so far.
struct Setup<'a> {
    model: &'a Model,
    soc: &'a Soc,
    lock: &'a Lock,
    /// The client quoted ("`crypto`"), or "the client".
    client_name: String,
    /// The client is socgen's QCE driver, whose transactions open with commands.
    qce: bool,
    /// The scratchpad quoted ("`crypto.VERSION`").
    scratch: String,
    plan: crate::lock_plan::ClientPlan,
    out: Vec<Reliance>,
}

/// The fix every dummy-read reliance offers besides its own.
const WRITE_FIX: &str = "`dummy: {write: 0}` on a read-only scratchpad whose `write_ignored` is \
                         graded precedent or better";

impl Setup<'_> {
    /// A reliance on recorded behaviour `id`, graded where the lock's client was observed.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        code: Code,
        id: BehaviourId,
        question: &'static str,
        variant: &'static str,
        carried_by: String,
        consequence: &'static str,
        fix: String,
    ) {
        let (grade, source) = behaviour_grade(self.model, self.lock, id);
        self.out.push(Reliance {
            code,
            subject: FactSubject::Behaviour(id),
            grade,
            source,
            question,
            variant,
            carried_by,
            consequence,
            fix,
        });
    }

    fn register_name(&self, instance: usize, register: usize) -> String {
        let i = &self.soc.instances[instance];
        format!(
            "`{}.{}`",
            i.name,
            self.model.block_of(i).registers[register].name
        )
    }

    /// LOCK on a dummy READ of the scratchpad, where the plan sends a LOCK dummy.
    fn lock_on_read_dummy(&mut self) {
        let (scratch, client_name) = (&self.scratch, &self.client_name);
        let carried_by = match self.lock.placement {
            _ if !self.plan.lock_dummy => return,
            Placement::Wrap => format!(
                "`placement: wrap` with `dummy: read`: every transaction's LOCK rides on a dummy \
                 READ of {scratch}"
            ),
            Placement::Merge => format!(
                "`placement: merge` with `dummy: read`: a transaction of {client_name} that starts \
                 with data opens with a dummy READ of {scratch} carrying LOCK"
            ),
        };
        let fix = if self.qce {
            format!(
                "use `placement: merge`: socgen's QCE driver opens every transaction with its \
                 own WRITE command descriptor, which then carries LOCK; or {WRITE_FIX}"
            )
        } else {
            format!(
                "use `placement: wrap` with {WRITE_FIX} ({client_name} is not a client \
                 socgen drives, so its transactions may start with data)"
            )
        };
        self.push(
            Code::LockOnReadOpen,
            BehaviourId::LockOnReadElement,
            "Q2",
            "lock_on_read: ignored",
            carried_by,
            "no lock is taken, so the transaction's register writes interleave with another \
             EE's",
            fix,
        );
    }

    /// UNLOCK on a dummy READ of the scratchpad, where the plan sends an UNLOCK dummy and no
    /// `unlock:` element replaces it.
    fn unlock_on_read_dummy(&mut self) {
        let (scratch, client_name) = (&self.scratch, &self.client_name);
        let carried_by = match self.lock.placement {
            _ if self.lock.unlock.is_some() || !self.plan.unlock_dummy => return,
            Placement::Wrap => format!(
                "`placement: wrap` with `dummy: read`: every transaction's UNLOCK rides on a \
                 dummy READ of {scratch}"
            ),
            Placement::Merge => format!(
                "`placement: merge` with `dummy: read`: a transaction of {client_name} that ends \
                 with data closes with a dummy READ of {scratch} carrying UNLOCK"
            ),
        };
        self.push(
            Code::UnlockOnReadOpen,
            BehaviourId::UnlockOnReadElement,
            "Q2",
            "unlock_on_read: ignored",
            carried_by,
            "the pipe keeps the lock and every other EE's pipes stall",
            format!("use {WRITE_FIX}, so that UNLOCK rides on a WRITE element"),
        );
    }

    /// What the `unlock:` element relies on wherever a dummy UNLOCK is sent (always after a
    /// reset). A read or an empty descriptor is pushed now; a write is returned, to be listed
    /// after the merge placement's own UNLOCK.
    fn unlock_element(&mut self) -> Option<Reliance> {
        let u = self.lock.unlock.as_ref()?;
        let client_name = self.client_name.clone();
        match u.value {
            UnlockElement::Access {
                instance,
                register,
                access: DummyAccess::Read,
                ..
            } => {
                let target = self.register_name(instance, register);
                self.push(
                    Code::UnlockOnReadOpen,
                    BehaviourId::UnlockOnReadElement,
                    "Q2",
                    "unlock_on_read: ignored",
                    format!("`unlock: {{access: read}}`: every dummy UNLOCK is a READ of {target}"),
                    "the pipe keeps the lock and every other EE's pipes stall",
                    format!(
                        "use `unlock: {{access: {{write: ..}}}}` on a register {client_name} \
                         writes again before every operation"
                    ),
                );
                None
            }
            UnlockElement::None => {
                self.push(
                    Code::UnlockElementOpen,
                    BehaviourId::UnlockOnEmptyCommandDescriptor,
                    "Q2",
                    "empty_command: ignored / error",
                    "`unlock: {access: none}`: every dummy UNLOCK is a command descriptor with \
                     no element"
                        .to_string(),
                    "the UNLOCK is skipped (the pipe keeps the lock) or stops the pipe with an \
                     error",
                    format!(
                        "use `unlock: {{access: {{write: ..}}}}` on a register {client_name} \
                         writes again before every operation, or grade the behaviour for this \
                         peripheral once a source shows it"
                    ),
                );
                None
            }
            UnlockElement::Access {
                instance,
                register,
                access: DummyAccess::Write(v),
                ..
            } => Some(Reliance {
                code: Code::UnlockElementOpen,
                subject: FactSubject::UnlockElement,
                grade: u.evidence.grade,
                source: u.source.clone(),
                question: "Q2",
                variant: "the UNLOCK write is not harmless",
                carried_by: format!(
                    "`unlock: {{access: {{write: {v:#x}}}}}`: every dummy UNLOCK writes {}",
                    self.register_name(instance, register)
                ),
                consequence: "the write changes engine state the other EE's operation relies on",
                fix: "grade `unlock:` `precedent` or better with the source that writes this \
                      value there on hardware"
                    .to_string(),
            }),
        }
    }

    /// `placement: merge` puts UNLOCK on the transaction's own last command descriptor.
    fn unlock_on_own_descriptor(&mut self) {
        let client_name = &self.client_name;
        let carried_by = format!(
            "`placement: merge`: a transaction of {client_name} that ends with commands \
             carries UNLOCK on its own last command descriptor"
        );
        self.push(
            Code::UnlockTimingOpen,
            BehaviourId::UnlockAfterDescriptor,
            "Q3",
            "unlock_timing: before its descriptor",
            carried_by,
            "that descriptor's register writes run after the lock is released",
            format!(
                "use `placement: wrap` (UNLOCK then rides on a dummy that only touches the \
                 scratchpad) with {WRITE_FIX}"
            ),
        );
    }

    /// LOCK and UNLOCK dummies that write the scratchpad rely on the write being ignored.
    fn write_dummy(&mut self, v: u32) {
        let (grade, source) = fact(self.lock, FactSubject::ScratchpadWriteIgnored)
            .map_or((Grade::Unknown, String::new()), |f| {
                (f.evidence.grade, f.source.clone())
            });
        self.out.push(Reliance {
            code: Code::DummyWriteOpen,
            subject: FactSubject::ScratchpadWriteIgnored,
            grade,
            source,
            question: "Q8",
            variant: "scratchpad_write: bus error / lands in another register",
            carried_by: format!(
                "`dummy: {{write: {v:#x}}}`: LOCK and UNLOCK dummies write {}",
                self.scratch
            ),
            consequence: "the dummy raises a descriptor error, or changes an engine register the \
                          other EE relies on",
            fix: "use `dummy: read`, or grade the register's `write_ignored` evidence precedent \
                  or better once a source shows writes are ignored"
                .to_string(),
        });
    }
}

/// The reliances of this setup that the evidence leaves open: the setup is unsafe under their
/// variants.
pub fn risks(model: &Model, soc: &Soc, lock: &Lock) -> Vec<Reliance> {
    reliances(model, soc, lock)
        .into_iter()
        .filter(Reliance::open)
        .collect()
}

/// The behaviours a choice of placement or dummy decides (the ones [`reliances`] covers).
const CHOSEN_BY_THE_LOCK_SECTION: &[BehaviourId] = &[
    BehaviourId::LockOnReadElement,
    BehaviourId::UnlockOnReadElement,
    BehaviourId::LockOnWriteElement,
    BehaviourId::UnlockOnWriteElement,
    BehaviourId::UnlockAfterDescriptor,
    BehaviourId::UnlockOnEmptyCommandDescriptor,
];

/// The behaviours the driver is built not to depend on: every answer the record leaves open
/// is survived (the lone UNLOCK after a reset), so they are no question for a lock section.
const SURVIVED_BY_THE_DRIVER: &[BehaviourId] = &[
    BehaviourId::PipeResetReleasesLock,
    BehaviourId::UnlockWithoutLockIgnored,
];

/// The open facts (graded `inferred` or `unknown`) this setup rests on that no choice of
/// placement or dummy avoids: questions only hardware can answer (pipe reset and the lock,
/// read-element reliability, lock group 0, the command-element reference point...).
pub fn hardware_questions(lock: &Lock) -> impl Iterator<Item = &LockFact> {
    lock.facts.iter().filter(|f| {
        !ruled_out(f.evidence.grade)
            && match f.subject {
                FactSubject::Behaviour(id) => {
                    !CHOSEN_BY_THE_LOCK_SECTION.contains(&id)
                        && !SURVIVED_BY_THE_DRIVER.contains(&id)
                }
                FactSubject::ScratchpadWriteIgnored | FactSubject::UnlockElement => false,
                _ => true,
            }
    })
}

/// The section of `docs/HARDWARE-VALIDATION.md` with the experiment for a question (`Q2` ->
/// `q2`), the anchor that file declares with `<a id="q2"></a>`.
pub fn question_anchor(question: &str) -> String {
    question.to_ascii_lowercase()
}

/// The experiments of `docs/HARDWARE-VALIDATION.md`, one section per question, by title.
pub const EXPERIMENTS: &[(&str, &str)] = &[
    ("Q1", "Read element, third word, per BAM revision"),
    ("Q2", "Which command elements may carry LOCK and UNLOCK"),
    ("Q3", "When UNLOCK takes effect"),
    ("Q4", "What NWD waits for"),
    ("Q5", "Does a pipe reset release a held lock?"),
    ("Q6", "Lock groups"),
    ("Q7", "What a command-element address is an offset from"),
    ("Q8", "Is a write to the scratchpad harmless?"),
    ("Q10", "What an UNLOCK does on a pipe that holds no lock"),
    ("Q11", "Does the result dump's status carry OPERATION_DONE?"),
];

/// Where the experiment for a question is: its title and `docs/HARDWARE-VALIDATION.md#q2`, or
/// `None` when the guide has no section for it.
pub fn experiment(question: &str) -> Option<(&'static str, String)> {
    EXPERIMENTS
        .iter()
        .find(|(q, _)| *q == question)
        .map(|(q, title)| {
            (
                *title,
                format!("docs/HARDWARE-VALIDATION.md#{}", question_anchor(q)),
            )
        })
}

/// The question of `docs/HARDWARE-VALIDATION.md` whose experiment settles a fact, if any.
pub fn question_of(f: &LockFact) -> Option<String> {
    match f.subject {
        FactSubject::ScratchpadWriteIgnored => Some("Q8".into()),
        FactSubject::UnlockElement => Some("Q2".into()),
        FactSubject::Wrapper => Some("Q7".into()),
        FactSubject::LockGroup => Some("Q6".into()),
        FactSubject::ReadDestinationBits => Some("Q1".into()),
        FactSubject::PipeLocking => Some("Q2".into()),
        FactSubject::Behaviour(_) => f.question.clone(),
    }
}
