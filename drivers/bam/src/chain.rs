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
        /// every dummy lock descriptor points at.
        ce_bus: u32,
        /// Where the flags go.
        placement: Placement,
    },
}

/// The descriptors of one transaction in FIFO order (see the module docs).
///
/// Rules it guarantees, whatever the segments:
/// - LOCK and UNLOCK only on command descriptors; data descriptors are built with
///   [`DataFlags`], which cannot express them;
/// - when locked: exactly one LOCK, on the first descriptor, and exactly one UNLOCK, on the
///   last, never both on one descriptor; NWD on every data descriptor, so the UNLOCK cannot
///   be processed before the data has been written;
/// - the last descriptor carries INT (the completion interrupt);
/// - an empty transaction gives an empty chain.
#[derive(Debug, Clone)]
pub struct Chain<'a> {
    segments: &'a [Segment],
    dummy_bus: u32,
    locked: bool,
    head_dummy: bool,
    tail_dummy: bool,
    /// Merge: the LOCK goes on the transaction's own first (command) descriptor.
    lock_on_first: bool,
    /// Merge: the UNLOCK goes on the transaction's own last (command) descriptor.
    unlock_on_last: bool,
    /// Descriptors of the transaction itself (without lock dummies).
    own: u32,
    /// Cursor: dummies emitted, segment index, elements or bytes of it already emitted, own
    /// descriptors emitted.
    head_done: bool,
    tail_done: bool,
    segment: usize,
    within: u32,
    index: u32,
}

impl<'a> Chain<'a> {
    /// The chain of `segments` under `plan`.
    pub fn new(segments: &'a [Segment], plan: LockPlan) -> Self {
        let own = segments
            .iter()
            .fold(0u32, |n, s| n.saturating_add(s.descriptors()));
        let first_is_cmd = segments.first().is_some_and(Segment::is_commands);
        let last_is_cmd = segments.last().is_some_and(Segment::is_commands);
        let (locked, dummy_bus, head_dummy, tail_dummy, lock_on_first, unlock_on_last) = match plan
        {
            _ if own == 0 => (false, 0, false, false, false, false),
            LockPlan::Unlocked => (false, 0, false, false, false, false),
            LockPlan::Locked {
                ce_bus,
                placement: Placement::Wrap,
            } => (true, ce_bus, true, true, false, false),
            LockPlan::Locked {
                ce_bus,
                placement: Placement::Merge,
            } => {
                let lock_on_first = first_is_cmd;
                // Never LOCK and UNLOCK on one descriptor: whether the hardware would
                // unlock before or after processing it is not documented. A transaction
                // that is a single command descriptor gets a dummy UNLOCK instead.
                let unlock_on_last = last_is_cmd && !(lock_on_first && own == 1);
                (
                    true,
                    ce_bus,
                    !lock_on_first,
                    !unlock_on_last,
                    lock_on_first,
                    unlock_on_last,
                )
            }
        };
        Chain {
            segments,
            dummy_bus,
            locked,
            head_dummy,
            tail_dummy,
            lock_on_first,
            unlock_on_last,
            own,
            head_done: false,
            tail_done: false,
            segment: 0,
            within: 0,
            index: 0,
        }
    }

    /// All descriptors of the chain, lock dummies included (not only the ones left).
    pub fn total(&self) -> u32 {
        self.own.saturating_add(self.extra())
    }

    /// The dummy lock descriptors the plan adds (0, 1 or 2).
    pub fn extra(&self) -> u32 {
        u32::from(self.head_dummy).saturating_add(u32::from(self.tail_dummy))
    }

    fn remaining(&self) -> u32 {
        let dummies_left = u32::from(self.head_dummy && !self.head_done)
            .saturating_add(u32::from(self.tail_dummy && !self.tail_done));
        self.own
            .saturating_sub(self.index)
            .saturating_add(dummies_left)
    }

    fn dummy(&self, flags: CommandFlags) -> Descriptor {
        Descriptor::command(self.dummy_bus, CommandElement::SIZE as u16, flags)
    }

    /// The next descriptor of the transaction itself, flags decided by its position.
    fn next_own(&mut self) -> Option<Descriptor> {
        let segment = self.segments.get(self.segment)?;
        let is_first = self.index == 0;
        let is_last = self.index.saturating_add(1) == self.own;
        let (descriptor, segment_done) = match segment.kind() {
            Kind::Commands { bus, count } => {
                let n = count
                    .saturating_sub(self.within)
                    .min(MAX_CES_PER_DESCRIPTOR);
                // In range: `Segment::commands` checked `bus + count * 16` fits in 32 bits.
                let addr = bus.wrapping_add(self.within.wrapping_mul(16));
                let mut flags = CommandFlags::NONE;
                if is_first && self.lock_on_first {
                    flags = flags | CommandFlags::LOCK;
                }
                if is_last && self.unlock_on_last {
                    flags = flags | CommandFlags::UNLOCK;
                }
                if is_last && !self.tail_dummy {
                    flags = flags | CommandFlags::INT;
                }
                self.within = self.within.saturating_add(n);
                // n <= 2047, so n * 16 <= 32752 fits in the 16-bit size field.
                let size = u16::try_from(n.saturating_mul(16)).unwrap_or(u16::MAX);
                (Descriptor::command(addr, size, flags), self.within >= count)
            }
            Kind::Data {
                bus,
                len,
                flags: user,
            } => {
                let n = len.saturating_sub(self.within).min(MAX_DESCRIPTOR_BYTES);
                let addr = bus.wrapping_add(self.within);
                self.within = self.within.saturating_add(n);
                let segment_done = self.within >= len;
                let mut flags = DataFlags::NONE;
                if segment_done {
                    flags = flags | user;
                }
                if self.locked {
                    flags = flags | DataFlags::NWD;
                }
                if is_last && !self.tail_dummy {
                    flags = flags | DataFlags::INT;
                }
                // n <= 32760 fits in the 16-bit size field.
                let size = u16::try_from(n).unwrap_or(u16::MAX);
                (Descriptor::data(addr, size, flags), segment_done)
            }
        };
        if segment_done {
            self.segment = self.segment.saturating_add(1);
            self.within = 0;
        }
        self.index = self.index.saturating_add(1);
        Some(descriptor)
    }
}

impl Iterator for Chain<'_> {
    type Item = Descriptor;

    fn next(&mut self) -> Option<Descriptor> {
        if self.head_dummy && !self.head_done {
            self.head_done = true;
            return Some(self.dummy(CommandFlags::LOCK));
        }
        if self.index < self.own
            && let Some(descriptor) = self.next_own()
        {
            return Some(descriptor);
        }
        if self.tail_dummy && !self.tail_done {
            self.tail_done = true;
            self.index = self.own;
            return Some(self.dummy(CommandFlags::UNLOCK | CommandFlags::INT));
        }
        None
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
    use crate::descriptor::{FLAG_INT, FLAG_NWD};

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
        placement: Placement::Wrap,
    };
    const MERGE: LockPlan = LockPlan::Locked {
        ce_bus: 0x40,
        placement: Placement::Merge,
    };

    #[test]
    fn unlocked_chain_has_int_on_the_last_descriptor_only() {
        let s = segs(&[(true, 3), (false, 100)]);
        let c: std::vec::Vec<_> = Chain::new(&s, LockPlan::Unlocked).collect();
        assert_eq!(c.len(), 2);
        assert!(!c[0].has(FLAG_INT) && c[1].has(FLAG_INT));
        assert!(!c[1].has(FLAG_NWD));
    }

    #[test]
    fn merge_costs_nothing_when_commands_open_and_close() {
        let s = segs(&[(true, 3), (false, 100), (true, 1)]);
        let chain = Chain::new(&s, MERGE);
        assert_eq!((chain.total(), chain.extra()), (3, 0));
        let c: std::vec::Vec<_> = chain.collect();
        assert!(c[0].locks() && !c[0].unlocks());
        assert!(c[2].unlocks() && c[2].has(FLAG_INT) && c[2].addr() != 0x40);
        assert!(c[1].has(FLAG_NWD));
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
    fn wrap_adds_two_dummies_and_the_iterator_knows_its_length() {
        let s = segs(&[(false, 70_000)]);
        let mut chain = Chain::new(&s, WRAP);
        assert_eq!(chain.len(), 5);
        assert!(chain.next().unwrap().locks());
        assert_eq!(chain.len(), 4);
        assert_eq!(chain.by_ref().count(), 4);
        assert_eq!(chain.next(), None);
    }

    #[test]
    fn empty_transactions_have_empty_chains() {
        assert_eq!(Chain::new(&[], WRAP).count(), 0);
    }
}
