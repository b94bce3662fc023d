//! The facts a lock setup rests on, as lowering attaches them to each [`Lock`]: which graded
//! behaviours of the behaviour record it relies on (and why this setup needs each), then the
//! block and SoC facts it uses, each with its grade and source. The docs list them and `analyze` grades a
//! setup by them; which descriptors carry LOCK and UNLOCK comes from [`crate::lock_plan`].

use crate::model::{
    AddressMode, Behaviour, BehaviourId as B, BehaviourId, Block, DummyAccess, Fact, FactSubject,
    Instance, Lock, LockFact, Placement, UnlockElement,
};

/// Every fact `lock` rests on: the behaviours first, in the record's order, then its own facts.
pub(super) fn lock_facts(
    lock: &Lock,
    instances: &[Instance],
    blocks: &[Block],
    behaviours: &[Behaviour],
    write_ignored: Option<&Fact<()>>,
) -> Vec<LockFact> {
    let setup = Setup::new(lock, instances, blocks);
    let mut needs = Needs::default();
    setup.descriptor_needs(&mut needs);
    setup.ordering_needs(&mut needs);
    setup.group_needs(&mut needs);
    setup.address_needs(&mut needs);
    let mut facts = behaviour_facts(&needs, behaviours, lock.client_block.as_deref());
    setup.own_facts(write_ignored, &mut facts);
    facts
}

/// The behaviours a setup relies on, each with why, in the order the reasons are found.
#[derive(Default)]
struct Needs(Vec<(BehaviourId, String)>);

impl Needs {
    fn add(&mut self, id: BehaviourId, why: impl Into<String>) {
        self.0.push((id, why.into()));
    }
}

/// One lock setup and the names its reasons quote.
struct Setup<'a> {
    lock: &'a Lock,
    instances: &'a [Instance],
    blocks: &'a [Block],
    bam: &'a Instance,
    bam_block: &'a Block,
    /// The scratchpad register, quoted: "`crypto.VERSION`".
    scratch: String,
    /// "pipes 2 and 3", or "pipe 2" without a tx partner.
    pipes: String,
}

impl<'a> Setup<'a> {
    fn new(lock: &'a Lock, instances: &'a [Instance], blocks: &'a [Block]) -> Self {
        let bam = &instances[lock.bam];
        let pipes = match lock.tx_pipe {
            Some(tx) => format!("pipes {} and {tx}", lock.pipe),
            None => format!("pipe {}", lock.pipe),
        };
        Setup {
            lock,
            instances,
            blocks,
            bam,
            bam_block: &blocks[bam.block],
            scratch: register_name(
                instances,
                blocks,
                lock.scratchpad_instance,
                lock.scratchpad_register,
            ),
            pipes,
        }
    }

    fn register_name(&self, instance: usize, register: usize) -> String {
        register_name(self.instances, self.blocks, instance, register)
    }

    /// The dummy's access: its word, and the behaviours LOCK and UNLOCK on it rely on.
    fn dummy_kind(&self) -> (&'static str, BehaviourId, BehaviourId) {
        match self.lock.dummy {
            DummyAccess::Read => ("read", B::LockOnReadElement, B::UnlockOnReadElement),
            DummyAccess::Write(_) => ("write", B::LockOnWriteElement, B::UnlockOnWriteElement),
        }
    }

    /// Which descriptors carry the flags, and what those descriptors' elements are.
    fn descriptor_needs(&self, needs: &mut Needs) {
        let lock = self.lock;
        needs.add(
            B::FlagsOnCommandDescriptors,
            "LOCK and UNLOCK ride only on command descriptors, on separate ones; a dummy command \
             descriptor carries them where a transaction starts or ends with data",
        );
        needs.add(
            B::LockOnConsumerPipe,
            format!(
                "only pipe {} (memory to peripheral, carrying the command descriptors) is locked",
                lock.pipe
            ),
        );
        let (kind, lock_kind, _) = self.dummy_kind();
        let lock_dummy_when = crate::lock_plan::lock_dummy_when(lock.placement);
        needs.add(
            lock_kind,
            format!(
                "in {lock_dummy_when}, LOCK rides on a dummy {kind} of {}",
                self.scratch
            ),
        );
        self.unlock_needs(needs);
        // Any client: these facts hold for the setup, whoever submits on the pipe.
        let any =
            crate::lock_plan::for_client(lock.placement, &crate::analyze::risk::ClientShapes::ANY);
        if any.lock_own {
            needs.add(
                B::LockOnWriteElement,
                "merge: LOCK rides on the transaction's own first command descriptor, whose \
                 elements are register writes",
            );
            needs.add(
                B::UnlockOnWriteElement,
                "merge: UNLOCK rides on the transaction's own last command descriptor, whose \
                 elements are register writes",
            );
        }
        if lock.dummy == DummyAccess::Read {
            self.read_element_needs(needs);
        }
    }

    /// What the element an UNLOCK dummy carries relies on.
    fn unlock_needs(&self, needs: &mut Needs) {
        let (kind, _, unlock_kind) = self.dummy_kind();
        let when = crate::lock_plan::unlock_dummy_when(self.lock.placement);
        match self.lock.unlock.as_ref().map(|u| u.value) {
            None => needs.add(
                unlock_kind,
                format!(
                    "in {when}, UNLOCK rides on a dummy {kind} of {}",
                    self.scratch
                ),
            ),
            Some(UnlockElement::Access {
                instance,
                register,
                access,
                ..
            }) => {
                let target = self.register_name(instance, register);
                let (id, what) = match access {
                    DummyAccess::Read => (B::UnlockOnReadElement, format!("a read of {target}")),
                    DummyAccess::Write(v) => (
                        B::UnlockOnWriteElement,
                        format!("a write of {v:#x} to {target}"),
                    ),
                };
                needs.add(
                    id,
                    format!("in {when}, UNLOCK rides on a dummy command descriptor: {what}"),
                );
            }
            Some(UnlockElement::None) => needs.add(
                B::UnlockOnEmptyCommandDescriptor,
                format!("in {when}, UNLOCK rides on a command descriptor with no element"),
            ),
        }
    }

    fn read_element_needs(&self, needs: &mut Needs) {
        needs.add(
            B::ReadElementReliable,
            format!("the dummy reads {} over DMA", self.scratch),
        );
        needs.add(
            B::ReadElementThirdWord,
            format!(
                "the dummy read's third word is built for {} ({}-bit destinations)",
                self.bam_block.id(),
                self.bam_block
                    .read_destination_bits
                    .as_ref()
                    .map_or(32, |f| f.value)
            ),
        );
    }

    /// What keeps the UNLOCK behind the work it guards, and what recovery does not rely on.
    fn ordering_needs(&self, needs: &mut Needs) {
        needs.add(
            B::UnlockAfterDescriptor,
            match self.lock.placement {
                Placement::Wrap => {
                    "wrap: UNLOCK rides on a dummy that only touches the scratchpad, so at worst \
                     that access runs unlocked"
                }
                Placement::Merge => {
                    "merge: the transaction's last command descriptor carries UNLOCK, so its \
                     elements must still run under the lock"
                }
            },
        );
        needs.add(
            B::NwdWaitsForPeripheral,
            "EOT|NWD on the data before the UNLOCK keeps the UNLOCK from overtaking the data",
        );
        needs.add(
            B::NwdPlacement,
            "the driver puts EOT|NWD only on the last data descriptor a command descriptor follows",
        );
        needs.add(
            B::PipeResetReleasesLock,
            "not relied on: after resetting the locked pipe the driver sends its UNLOCK \
             descriptor alone, which releases a lock the reset kept",
        );
        needs.add(
            B::UnlockWithoutLockIgnored,
            "not relied on: when the reset did release the lock, the driver's lone UNLOCK \
             reaches a pipe that holds none; ignored, refused with the error interrupt (the \
             driver then resets once more without another UNLOCK) or releasing its group's lock \
             (only the tx partner, which never locks) are all harmless",
        );
        needs.add(
            B::SubmissionOrder,
            "the client's driver queues the tx transaction before the rx one",
        );
    }

    fn group_needs(&self, needs: &mut Needs) {
        let group = self.lock.lock_group;
        let pipes = &self.pipes;
        needs.add(
            B::LockExcludesOtherGroups,
            format!(
                "{pipes} are put in lock group {group}; the lock must stall the other EEs' pipes"
            ),
        );
        needs.add(
            B::LockGroupPerPipePair,
            format!("lock group {group} is programmed into P_CTRL.P_LOCK_GROUP of {pipes}"),
        );
        needs.add(
            B::LockGroupZero,
            if group == 0 {
                "this setup leaves its pipes in lock group 0"
            } else {
                "other execution environments may leave their pipes in lock group 0"
            },
        );
    }

    /// What the command elements' addresses rely on, per address mode.
    fn address_needs(&self, needs: &mut Needs) {
        match self.lock.address_mode {
            AddressMode::Phys24 => needs.add(
                B::CeAddressPhys24,
                "phys24: command elements carry physical addresses",
            ),
            AddressMode::BamOffset18 => {
                needs.add(
                    B::CeAddress18Bits,
                    "bam_offset18: command elements carry 18-bit offsets",
                );
                needs.add(
                    B::CeAddressFromWrapper,
                    format!(
                        "bam_offset18 measures from {:#x}, the 256 KiB-aligned block holding the \
                         BAM; that is the wrapper offset only if the wrapper is aligned",
                        self.bam.base & !0x3_ffff
                    ),
                );
            }
            AddressMode::WrapperOffset18 { wrapper_base } => {
                needs.add(
                    B::CeAddress18Bits,
                    "wrapper_offset18: command elements carry 18-bit offsets",
                );
                needs.add(
                    B::CeAddressFromWrapper,
                    format!("wrapper_offset18 measures from the wrapper at {wrapper_base:#x}"),
                );
            }
        }
    }

    /// The setup's own facts: its BAM's locking, the read element's width, the lock group, the
    /// wrapper, the scratchpad's write behaviour and the UNLOCK element.
    fn own_facts(&self, write_ignored: Option<&Fact<()>>, facts: &mut Vec<LockFact>) {
        let (lock, bam_block) = (self.lock, self.bam_block);
        if let Some(p) = &bam_block.pipe_locking {
            facts.push(own(
                FactSubject::PipeLocking,
                format!(
                    "BAM {} honours LOCK/UNLOCK descriptor flags.",
                    bam_block.revision
                ),
                graded(p),
                format!("`{}` is a {}", self.bam.name, bam_block.id()),
            ));
        }
        if lock.dummy == DummyAccess::Read
            && let Some(r) = &bam_block.read_destination_bits
        {
            facts.push(own(
                FactSubject::ReadDestinationBits,
                format!(
                    "A read element on BAM {} carries {} destination bits.",
                    bam_block.revision, r.value
                ),
                graded(r),
                "the dummy read's third word".into(),
            ));
        }
        facts.push(own(
            FactSubject::LockGroup,
            format!("Lock group {} for {}.", lock.lock_group, self.pipes),
            graded(&lock.lock_group_evidence),
            "programmed into P_CTRL.P_LOCK_GROUP when the pipes are set up".into(),
        ));
        facts.extend(self.wrapper_fact());
        if let Some(wi) = write_ignored {
            facts.push(own(
                FactSubject::ScratchpadWriteIgnored,
                format!("{} is read-only and ignores writes.", self.scratch),
                graded(wi),
                "the dummy writes it".into(),
            ));
        }
        facts.extend(self.unlock_fact());
    }

    fn wrapper_fact(&self) -> Option<LockFact> {
        let lock = self.lock;
        let (AddressMode::WrapperOffset18 { wrapper_base }, Some(w)) =
            (lock.address_mode, &lock.wrapper)
        else {
            return None;
        };
        let what = if w.value.is_empty() {
            "the peripheral wrapper"
        } else {
            w.value.as_str()
        };
        Some(own(
            FactSubject::Wrapper,
            format!("Command-element offsets are measured from {what} at {wrapper_base:#x}."),
            graded(w),
            format!(
                "the scratchpad's command-element address {:#x} is its offset from that base",
                lock.scratchpad_ce_address
            ),
        ))
    }

    fn unlock_fact(&self) -> Option<LockFact> {
        let u = self.lock.unlock.as_ref()?;
        let statement = match u.value {
            UnlockElement::Access {
                instance,
                register,
                access: DummyAccess::Write(v),
                ..
            } => format!(
                "An UNLOCK descriptor may write {v:#x} to {}: every transaction of the client \
                 writes that register again before its operation starts.",
                self.register_name(instance, register)
            ),
            UnlockElement::Access {
                instance, register, ..
            } => format!(
                "An UNLOCK descriptor may read {}.",
                self.register_name(instance, register)
            ),
            UnlockElement::None => {
                "An UNLOCK may ride on a command descriptor with no element.".to_string()
            }
        };
        Some(own(
            FactSubject::UnlockElement,
            statement,
            graded(u),
            "the `unlock:` element every dummy UNLOCK, and the lone UNLOCK after a reset, carry"
                .into(),
        ))
    }
}

/// A register of an instance, quoted: "`crypto.VERSION`".
fn register_name(
    instances: &[Instance],
    blocks: &[Block],
    instance: usize,
    register: usize,
) -> String {
    let i = &instances[instance];
    format!("`{}.{}`", i.name, blocks[i.block].registers[register].name)
}

/// Each behaviour once, in the record's order, with every reason the setup needs it, graded where
/// the lock's client was observed when the record scopes the behaviour per peripheral.
fn behaviour_facts(needs: &Needs, behaviours: &[Behaviour], client: Option<&str>) -> Vec<LockFact> {
    let mut facts = Vec::new();
    for id in BehaviourId::ALL {
        let whys: Vec<&str> = needs
            .0
            .iter()
            .filter(|(n, _)| n == id)
            .map(|(_, w)| w.as_str())
            .collect();
        if whys.is_empty() {
            continue;
        }
        let Some(b) = behaviours.iter().find(|b| b.id == *id) else {
            continue;
        };
        let (evidence, source) = b.on(client);
        facts.push(LockFact {
            subject: FactSubject::Behaviour(*id),
            statement: b.statement.clone(),
            evidence: evidence.clone(),
            source: source.to_string(),
            question: b.question.clone(),
            alternatives: b.alternatives.clone(),
            why: whys.join("; "),
        });
    }
    facts
}

/// A fact of the setup itself (not a recorded behaviour), with its grade and source.
fn own(subject: FactSubject, statement: String, fact: Fact<()>, why: String) -> LockFact {
    LockFact {
        subject,
        statement,
        evidence: fact.evidence,
        source: fact.source,
        question: None,
        alternatives: Vec::new(),
        why,
    }
}

/// A fact's grade and source without its value.
fn graded<T>(fact: &Fact<T>) -> Fact<()> {
    Fact {
        value: (),
        source: fact.source.clone(),
        evidence: fact.evidence.clone(),
    }
}
