//! The descriptor chain of one transaction under a lock plan: a pure computation.
//!
//! [`Chain`] is an iterator over the descriptors of a transaction in FIFO order, lock
//! descriptors included. It depends only on the segments and the plan, so the pipe runs it
//! once to count the slots it needs and, if they are free, once more to write them: the LOCK
//! is never written unless the room for everything up to its UNLOCK is already reserved.

use crate::descriptor::{CommandFlags, DataFlags, Descriptor, MAX_DESCRIPTOR_BYTES};
use crate::transaction::{Kind, MAX_CES_PER_DESCRIPTOR, Segment};
use socgen_runtime::CommandElement;
use socgen_runtime::bam::Placement;

/// How a pipe wraps each transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockPlan {
    /// No LOCK/UNLOCK at all (a pipe of a BAM without locking, or a client that needs none).
    Unlocked,
    /// Every transaction is wrapped in LOCK ... UNLOCK.
    Locked {
        /// Bus address of the driver's lock command element (one element, 16 bytes), which
        /// every dummy LOCK descriptor points at.
        ce_bus: u32,
        /// What every dummy UNLOCK descriptor points at: the lock element unless the target
        /// unlocks with another access or with no element at all
        /// (`socgen_runtime::bam::LockTargetSpec::UNLOCK`).
        unlock: UnlockDummy,
        /// Where the flags go.
        placement: Placement,
    },
}

/// The command a dummy UNLOCK descriptor carries: `elements` (0 or 1) command elements at
/// `bus`.
///
/// One element is the usual shape (the Linux series writes the scratchpad, vendor qce50 writes
/// `CONFIG`); none is vendor qce50's shape below crypto 5.3 (`_qce_unlock_other_pipes` sends a
/// command descriptor of size 0 with only `CMD|UNLOCK`), whose effect is graded per engine in
/// the behaviour record (`unlock_on_empty_command_descriptor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnlockDummy {
    /// Bus address of the element (with no element: an address inside the driver's scratch
    /// lines, never read).
    pub bus: u32,
    /// Command elements the descriptor carries: 1, or 0.
    pub elements: u16,
}

impl UnlockDummy {
    /// One element at `bus`.
    pub const fn element(bus: u32) -> Self {
        UnlockDummy { bus, elements: 1 }
    }

    /// The descriptor's size field: 16 bytes per element.
    pub const fn size(self) -> u16 {
        self.elements.saturating_mul(CommandElement::SIZE as u16)
    }

    /// The lone UNLOCK descriptor (with INT) that closes a chain or releases a lock a reset may
    /// have kept.
    pub fn descriptor(self) -> Descriptor {
        Descriptor::command(
            self.bus,
            self.size(),
            CommandFlags::UNLOCK | CommandFlags::INT,
        )
    }
}

/// The descriptors of one transaction in FIFO order (see the module docs).
///
/// # The flag rules
///
/// This is the one place the driver decides descriptor flags. Sources are in
/// the behaviour record `socs/hardware/bam.yaml` (questions Q2-Q4, Q9 of
/// `docs/HARDWARE-VALIDATION.md`), cited by message-id or repository path.
///
/// 1. **LOCK and UNLOCK only on command descriptors.** APQ8016E TRM 8.7.3.4, quoted in
///    <aamsL4uh58Fv5een@linaro.org>: "Pipe locking and unlocking should appear only in
///    command-descriptor"; vendor sps.c refuses them on data. Data descriptors take
///    [`DataFlags`], which cannot express them.
/// 2. **When locked: exactly one LOCK, on the first descriptor, and one UNLOCK, on the last;
///    never both on one descriptor.** Vendor sps.c: "Can't lock and unlock a pipe by the same
///    Command Descriptor"; whether UNLOCK takes effect before or after its own descriptor is
///    unknown (Q3). Under [`Placement::Wrap`] both are dummy descriptors (the Linux series
///    v11-v21: a dummy `CMD|LOCK` at the head of the rx queue, a dummy `CMD|UNLOCK` at its
///    tail); under [`Placement::Merge`] they go on the transaction's own first and last
///    command descriptors (vendor qce50 puts LOCK on its first command descriptor), with a
///    dummy only where the transaction starts or ends with data, or is a single command
///    descriptor.
/// 3. **When locked: the last descriptor of a data segment that is followed by a command
///    descriptor (the transaction's own, or the dummy UNLOCK) carries EOT|NWD; no other data
///    descriptor gets NWD from the chain.** TRM, quoted in <abE9RQfGN6Ycns1B@linaro.org>: "On
///    the data descriptor preceding command descriptor, NWD bit must be asserted in order to
///    assure that all the data has been transferred"; series v21 `rxflags = txflags |
///    DMA_PREP_FENCE` (EOT|NWD on the last input descriptor); vendor qce50 sets EOT|NWD on the
///    last input iovec only. EOT comes with it because NWD on a data descriptor is only valid
///    with EOT (vendor sps.c: "NWD is only valid with EOT or CMD"). NWD on an earlier piece of
///    a split buffer could hold the engine waiting for data that sits behind it.
/// 4. **The caller's [`DataFlags`] go on the last descriptor of their buffer**, as mainline
///    bam_dma.c applies `DMA_PREP_INTERRUPT` (EOT) and `DMA_PREP_FENCE` (NWD) to the last
///    hardware descriptor of a transfer only ("set any special flags on the last descriptor").
/// 5. **EOT never on a command descriptor** (vendor sps.c: "EOT and CMD are not allowed to
///    coexist"): [`CommandFlags`] has no EOT.
/// 6. **INT on the last descriptor of the transaction, unless it carries EOT**, which raises
///    its own interrupt (mainline bam_dma.c adds INT only when EOT is absent). No other
///    descriptor gets INT from the chain.
///
/// An empty transaction gives an empty chain. The order of the segments is the caller's: the
/// QCE driver puts all commands before the data on rx (series v13, the BAM HPG
/// recommendation) and submits tx before rx, as the series does from v16 on; vendor qce50
/// submits rx first, and no source requires either order (behaviour `submission_order`,
/// inferred).
///
/// # Shape
///
/// [`Chain::new`] decides once where the LOCK goes (a dummy with its bus address, or the
/// own first descriptor) and where the UNLOCK goes (a dummy, or the own last descriptor), or
/// that there is neither; a lock without an unlock, a dummy without an address, or lock
/// flags on an unlocked chain cannot be expressed. Iterating then moves a cursor strictly
/// forward: dummy LOCK, the own descriptors, dummy UNLOCK, done.
#[derive(Debug, Clone)]
pub struct Chain<'a> {
    segments: &'a [Segment],
    /// Descriptors of the transaction itself (without lock dummies).
    own: u32,
    locking: Locking,
    state: State,
}

/// How one chain is locked: decided once by [`Chain::new`] from the plan and the shape of the
/// transaction. A dummy is exactly where its bus address is, and a chain that is not locked
/// has neither LOCK nor UNLOCK anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locking {
    /// No LOCK or UNLOCK (an unlocked plan, or an empty transaction).
    Unlocked,
    /// LOCK at the head and UNLOCK at the tail (rule 2).
    Locked {
        /// Where the LOCK goes.
        open: Open,
        /// Where the UNLOCK goes.
        close: Close,
    },
}

/// Where a locked chain's LOCK goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// On a dummy command descriptor pointing at the lock element at `bus`, before the
    /// transaction.
    Dummy { bus: u32 },
    /// On the transaction's own first descriptor, a command descriptor (merge only).
    OnFirst,
}

/// Where a locked chain's UNLOCK goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Close {
    /// On a dummy command descriptor after the transaction; it carries the chain's INT.
    Dummy(UnlockDummy),
    /// On the transaction's own last descriptor, a command descriptor other than the one
    /// carrying the LOCK (merge only).
    OnLast,
}

/// What the chain emits next. The transitions only go forward,
/// `Lock -> Own -> Unlock -> Done`: `Lock` and `Unlock` are skipped where [`Locking`] has no
/// dummy, and `Own` is skipped for an empty transaction, which is never locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// The dummy LOCK.
    Lock,
    /// The transaction's own descriptor number `index`: `within` elements (command block) or
    /// bytes (data buffer) of `segments[segment]` are already emitted.
    Own {
        segment: usize,
        within: u32,
        index: u32,
    },
    /// The dummy UNLOCK.
    Unlock,
    /// Nothing left.
    Done,
}

impl Locking {
    fn open_dummy(self) -> Option<u32> {
        match self {
            Locking::Locked {
                open: Open::Dummy { bus },
                ..
            } => Some(bus),
            _ => None,
        }
    }

    fn close_dummy(self) -> Option<UnlockDummy> {
        match self {
            Locking::Locked {
                close: Close::Dummy(unlock),
                ..
            } => Some(unlock),
            _ => None,
        }
    }
}

impl<'a> Chain<'a> {
    /// The chain of `segments` under `plan`.
    pub fn new(segments: &'a [Segment], plan: LockPlan) -> Self {
        let own = segments
            .iter()
            .fold(0u32, |n, s| n.saturating_add(s.descriptors()));
        let first_is_cmd = segments.first().is_some_and(Segment::is_commands);
        let last_is_cmd = segments.last().is_some_and(Segment::is_commands);
        let locking = match plan {
            _ if own == 0 => Locking::Unlocked,
            LockPlan::Unlocked => Locking::Unlocked,
            LockPlan::Locked {
                ce_bus,
                unlock,
                placement: Placement::Wrap,
            } => Locking::Locked {
                open: Open::Dummy { bus: ce_bus },
                close: Close::Dummy(unlock),
            },
            LockPlan::Locked {
                ce_bus,
                unlock,
                placement: Placement::Merge,
            } => {
                let open = if first_is_cmd {
                    Open::OnFirst
                } else {
                    Open::Dummy { bus: ce_bus }
                };
                // Never LOCK and UNLOCK on one descriptor: whether the hardware would
                // unlock before or after processing it is not documented. A transaction
                // that is a single command descriptor gets a dummy UNLOCK instead.
                let close = if last_is_cmd && !(open == Open::OnFirst && own == 1) {
                    Close::OnLast
                } else {
                    Close::Dummy(unlock)
                };
                Locking::Locked { open, close }
            }
        };
        let chain = Chain {
            segments,
            own,
            locking,
            state: State::Done,
        };
        Chain {
            state: chain.after_lock(),
            ..chain
        }
    }

    /// The first state: the dummy LOCK if there is one, else what follows it.
    fn after_lock(&self) -> State {
        if self.locking.open_dummy().is_some() {
            State::Lock
        } else {
            self.after_open()
        }
    }

    /// The state after the LOCK (dummy or none): the own descriptors, else what follows them.
    fn after_open(&self) -> State {
        if self.own > 0 {
            State::Own {
                segment: 0,
                within: 0,
                index: 0,
            }
        } else {
            self.after_own()
        }
    }

    /// The state after the own descriptors: the dummy UNLOCK if there is one, else done.
    fn after_own(&self) -> State {
        if self.locking.close_dummy().is_some() {
            State::Unlock
        } else {
            State::Done
        }
    }

    /// All descriptors of the chain, lock dummies included (not only the ones left).
    pub fn total(&self) -> u32 {
        self.own.saturating_add(self.extra())
    }

    /// The dummy lock descriptors the plan adds (0, 1 or 2).
    pub fn extra(&self) -> u32 {
        u32::from(self.locking.open_dummy().is_some())
            .saturating_add(u32::from(self.locking.close_dummy().is_some()))
    }

    fn remaining(&self) -> u32 {
        let tail = u32::from(self.locking.close_dummy().is_some());
        match self.state {
            State::Lock => self.total(),
            State::Own { index, .. } => self.own.saturating_sub(index).saturating_add(tail),
            State::Unlock => 1,
            State::Done => 0,
        }
    }

    /// Own descriptor `index`, `within` into `segments[segment]`, flags decided by its
    /// position; with the cursor after it, or `None` if the segments ran out first.
    fn own_descriptor(
        &self,
        segment: usize,
        within: u32,
        index: u32,
    ) -> Option<(Descriptor, State)> {
        let current = self.segments.get(segment)?;
        let is_first = index == 0;
        let is_last = index.saturating_add(1) == self.own;
        let (descriptor, within, segment_done) = match current.kind() {
            Kind::Commands { bus, count } => {
                self.command_piece(bus, count, within, is_first, is_last)
            }
            Kind::Data {
                bus,
                len,
                flags: user,
            } => self.data_piece(segment, bus, len, user, within, is_last),
        };
        let next = if is_last {
            self.after_own()
        } else if segment_done {
            State::Own {
                segment: segment.saturating_add(1),
                within: 0,
                index: index.saturating_add(1),
            }
        } else {
            State::Own {
                segment,
                within,
                index: index.saturating_add(1),
            }
        };
        Some((descriptor, next))
    }

    /// The command descriptor `within` elements into a commands segment at `bus` of `count`
    /// elements; with the elements done after it and whether that ends the segment.
    fn command_piece(
        &self,
        bus: u32,
        count: u32,
        within: u32,
        is_first: bool,
        is_last: bool,
    ) -> (Descriptor, u32, bool) {
        let n = count.saturating_sub(within).min(MAX_CES_PER_DESCRIPTOR);
        // In range: `Segment::commands` checked `bus + count * 16` fits in 32 bits.
        let addr = bus.wrapping_add(within.wrapping_mul(16));
        let mut flags = CommandFlags::NONE;
        // Rule 2 (merge): LOCK on the own first, UNLOCK on the own last command
        // descriptor (`Chain::new` made sure they are never the same one).
        if let Locking::Locked { open, close } = self.locking {
            if is_first && open == Open::OnFirst {
                flags = flags | CommandFlags::LOCK;
            }
            if is_last && close == Close::OnLast {
                flags = flags | CommandFlags::UNLOCK;
            }
        }
        // Rule 6: command descriptors never carry EOT (rule 5), so the last one gets INT.
        if is_last && self.locking.close_dummy().is_none() {
            flags = flags | CommandFlags::INT;
        }
        let within = within.saturating_add(n);
        // n <= 2047, so n * 16 <= 32752 fits in the 16-bit size field.
        let size = u16::try_from(n.saturating_mul(16)).unwrap_or(u16::MAX);
        (
            Descriptor::command(addr, size, flags),
            within,
            within >= count,
        )
    }

    /// The data descriptor `within` bytes into `segments[segment]`, a buffer at `bus` of `len`
    /// bytes with the caller's flags `user`; with the bytes done after it and whether that
    /// ends the segment.
    fn data_piece(
        &self,
        segment: usize,
        bus: u32,
        len: u32,
        user: DataFlags,
        within: u32,
        is_last: bool,
    ) -> (Descriptor, u32, bool) {
        let tail_dummy = self.locking.close_dummy().is_some();
        let n = len.saturating_sub(within).min(MAX_DESCRIPTOR_BYTES);
        let addr = bus.wrapping_add(within);
        let within = within.saturating_add(n);
        let segment_done = within >= len;
        let mut flags = DataFlags::NONE;
        if segment_done {
            // Rule 4: the caller's flags on the buffer's last descriptor.
            flags = flags | user;
            // Rule 3: before a command descriptor of a locked chain, EOT|NWD.
            let next_is_command = match self.segments.get(segment.saturating_add(1)) {
                Some(next) => next.is_commands(),
                None => tail_dummy,
            };
            if self.locking != Locking::Unlocked && next_is_command {
                flags = flags | DataFlags::EOT_NWD;
            }
        }
        // Rule 6: INT closes the transaction unless EOT already interrupts.
        if is_last && !tail_dummy && !flags.contains(DataFlags::EOT) {
            flags = flags | DataFlags::INT;
        }
        // n <= 32760 fits in the 16-bit size field.
        let size = u16::try_from(n).unwrap_or(u16::MAX);
        (Descriptor::data(addr, size, flags), within, segment_done)
    }
}

impl Iterator for Chain<'_> {
    type Item = Descriptor;

    fn next(&mut self) -> Option<Descriptor> {
        loop {
            match self.state {
                // Rule 2: the dummy LOCK opens the chain, the dummy UNLOCK closes it (with
                // INT, rule 6).
                State::Lock => {
                    self.state = self.after_open();
                    let bus = self.locking.open_dummy()?;
                    return Some(Descriptor::command(
                        bus,
                        CommandElement::SIZE as u16,
                        CommandFlags::LOCK,
                    ));
                }
                State::Own {
                    segment,
                    within,
                    index,
                } => match self.own_descriptor(segment, within, index) {
                    Some((descriptor, next)) => {
                        self.state = next;
                        return Some(descriptor);
                    }
                    // Not reached: `own` counts the descriptors of `segments`. Close the
                    // chain rather than stop inside the lock.
                    None => self.state = self.after_own(),
                },
                State::Unlock => {
                    self.state = State::Done;
                    return Some(self.locking.close_dummy()?.descriptor());
                }
                State::Done => return None,
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::try_from(self.remaining()).unwrap_or(usize::MAX);
        (n, Some(n))
    }
}

impl ExactSizeIterator for Chain<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptor::{FLAG_EOT, FLAG_INT, FLAG_NWD};

    fn segs(spec: &[(bool, u32)]) -> std::vec::Vec<Segment> {
        spec.iter()
            .enumerate()
            .map(|(i, &(cmd, n))| {
                let bus = 0x1000_0000 + (i as u32) * 0x10_0000;
                if cmd {
                    Segment::commands(bus, n).unwrap()
                } else {
                    Segment::data(bus, n, DataFlags::NONE).unwrap()
                }
            })
            .collect()
    }

    const WRAP: LockPlan = LockPlan::Locked {
        ce_bus: 0x40,
        unlock: UnlockDummy::element(0x40),
        placement: Placement::Wrap,
    };
    const MERGE: LockPlan = LockPlan::Locked {
        ce_bus: 0x40,
        unlock: UnlockDummy::element(0x40),
        placement: Placement::Merge,
    };

    #[test]
    fn unlocked_chain_has_int_on_the_last_descriptor_only() {
        let s = segs(&[(true, 3), (false, 100)]);
        let c: std::vec::Vec<_> = Chain::new(&s, LockPlan::Unlocked).collect();
        assert_eq!(c.len(), 2);
        assert!(!c[0].has(FLAG_INT) && c[1].has(FLAG_INT));
        assert!(!c[1].has(FLAG_NWD) && !c[1].has(FLAG_EOT));
    }

    #[test]
    fn a_last_descriptor_with_eot_gets_no_int() {
        let s = [Segment::data(0x1000, 100, DataFlags::EOT).unwrap()];
        let c: std::vec::Vec<_> = Chain::new(&s, LockPlan::Unlocked).collect();
        assert_eq!(c[0].flags(), FLAG_EOT);
    }

    #[test]
    fn merge_costs_nothing_when_commands_open_and_close() {
        let s = segs(&[(true, 3), (false, 100), (true, 1)]);
        let chain = Chain::new(&s, MERGE);
        assert_eq!((chain.total(), chain.extra()), (3, 0));
        let c: std::vec::Vec<_> = chain.collect();
        assert!(c[0].locks() && !c[0].unlocks());
        assert!(c[2].unlocks() && c[2].has(FLAG_INT) && c[2].addr() != 0x40);
        assert_eq!(c[1].flags(), FLAG_EOT | FLAG_NWD);
    }

    #[test]
    fn merge_never_puts_lock_and_unlock_on_one_descriptor() {
        let s = segs(&[(true, 3)]);
        let c: std::vec::Vec<_> = Chain::new(&s, MERGE).collect();
        assert_eq!(c.len(), 2);
        assert!(c[0].locks() && !c[0].unlocks() && !c[0].has(FLAG_INT));
        assert!(c[1].unlocks() && c[1].addr() == 0x40 && c[1].has(FLAG_INT));
    }

    #[test]
    fn eot_nwd_only_on_the_last_piece_before_a_command_descriptor() {
        // Split data, then data, then commands, then data: pieces 0,1 plain; the second
        // buffer (before the commands) and the last buffer (before the dummy UNLOCK) EOT|NWD.
        let s = segs(&[(false, 70_000), (false, 8), (true, 2), (false, 8)]);
        let flags: std::vec::Vec<u16> = Chain::new(&s, WRAP).map(|d| d.flags()).collect();
        let en = FLAG_EOT | FLAG_NWD;
        assert_eq!(
            flags,
            [
                0x0c00, // CMD|LOCK
                0, 0, 0, en, 0x0800, en, 0x8a00, // INT|CMD|UNLOCK
            ]
        );
    }

    #[test]
    fn wrap_adds_two_dummies_and_the_iterator_knows_its_length() {
        let s = segs(&[(false, 70_000)]);
        let mut chain = Chain::new(&s, WRAP);
        assert_eq!(chain.len(), 5);
        assert!(chain.next().unwrap().locks());
        assert_eq!(chain.len(), 4);
        assert_eq!(chain.by_ref().count(), 4);
        assert_eq!(chain.next(), None);
    }

    /// Every transaction shape of up to three segments (command block, short or split data)
    /// under every plan: the length is exact at each step, and a locked chain has one LOCK,
    /// on its first descriptor, and one UNLOCK, on its last, never the same one; INT only
    /// on the last descriptor, unless that one has EOT.
    #[test]
    fn every_small_shape_keeps_the_lock_rules_at_every_step() {
        let kinds: [(bool, u32); 3] = [(true, 2), (false, 64), (false, 40_000)];
        let mut shapes: std::vec::Vec<std::vec::Vec<(bool, u32)>> = std::vec::Vec::new();
        for a in kinds {
            shapes.push(std::vec![a]);
            for b in kinds {
                shapes.push(std::vec![a, b]);
                for c in kinds {
                    shapes.push(std::vec![a, b, c]);
                }
            }
        }
        for shape in &shapes {
            let s = segs(shape);
            for plan in [LockPlan::Unlocked, WRAP, MERGE] {
                let mut chain = Chain::new(&s, plan);
                let total = chain.total() as usize;
                let mut all = std::vec::Vec::new();
                while let Some(d) = {
                    assert_eq!(chain.len(), total - all.len(), "{shape:?} {plan:?}");
                    chain.next()
                } {
                    all.push(d);
                }
                assert_eq!(all.len(), total, "{shape:?} {plan:?}");
                let locks: std::vec::Vec<usize> = (0..total).filter(|&i| all[i].locks()).collect();
                let unlocks: std::vec::Vec<usize> =
                    (0..total).filter(|&i| all[i].unlocks()).collect();
                let ints: std::vec::Vec<usize> =
                    (0..total).filter(|&i| all[i].has(FLAG_INT)).collect();
                if plan == LockPlan::Unlocked {
                    assert!(locks.is_empty() && unlocks.is_empty(), "{shape:?}");
                } else {
                    assert_eq!(locks, [0], "{shape:?} {plan:?}");
                    assert_eq!(unlocks, [total - 1], "{shape:?} {plan:?}");
                }
                let last_has_eot = all[total - 1].has(FLAG_EOT);
                let want: &[usize] = if last_has_eot { &[] } else { &[total - 1] };
                assert_eq!(ints, want, "{shape:?} {plan:?}");
            }
        }
    }

    #[test]
    fn empty_transactions_have_empty_chains() {
        assert_eq!(Chain::new(&[], WRAP).count(), 0);
    }
}
