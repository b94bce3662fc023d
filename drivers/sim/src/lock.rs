//! Pipe locking: taking and giving back the lock, what it keeps out, and resets.

use crate::event::{DescriptorError, Event};
use crate::state::{Lock, PipeState, State};
use crate::{LockExclusion, PipeReset, UnlockWithoutLock};

impl State {
    pub(crate) fn holds_lock(&self, pipe: u32) -> bool {
        self.lock
            .as_ref()
            .is_some_and(|lock| lock.holders.contains(&pipe))
    }

    /// Whether a held lock keeps the BAM from serving `pipe`: it does unless `pipe` is in the
    /// holder's lock group (v16 cover letter: the BAM "will lock all other pipes not related
    /// to the current pipe group"), or, on [`LockExclusion::ByEe`] hardware, in a holder's EE.
    pub(crate) fn locked_out(&self, pipe: u32) -> bool {
        let Some(lock) = &self.lock else {
            return false;
        };
        if !self.config.honour_locks || lock.holders.contains(&pipe) {
            return false;
        }
        match self.config.hardware.exclusion {
            LockExclusion::ByLockGroup => self.group(pipe) != lock.group,
            LockExclusion::ByEe => {
                let ee = self.ee(pipe);
                lock.holders.iter().all(|&holder| self.ee(holder) != ee)
            }
        }
    }

    /// A LOCK processed for `pipe`. It is not locked out, so the lock is free or held by its
    /// group (EE), which it joins.
    pub(crate) fn take_lock(&mut self, pipe: u32) {
        if self.config.honour_locks {
            let group = self.group(pipe);
            self.lock
                .get_or_insert(Lock {
                    holders: Vec::new(),
                    group,
                })
                .holders
                .push(pipe);
        }
        self.events.push(Event::Locked { pipe });
    }

    /// An UNLOCK processed for `pipe`; `false` when it stopped the pipe with an error.
    pub(crate) fn unlock(&mut self, pipe: u32) -> bool {
        if self.holds_lock(pipe) || !self.config.honour_locks {
            self.release(pipe);
            self.events.push(Event::Unlocked {
                pipe,
                by_reset: false,
            });
            return true;
        }
        match self.config.hardware.unlock_without_lock {
            UnlockWithoutLock::Ignored => {
                self.events.push(Event::UnlockIgnored { pipe });
                true
            }
            UnlockWithoutLock::Error => {
                self.fail(pipe, DescriptorError::UnlockWithoutLock);
                false
            }
            UnlockWithoutLock::ReleasesGroup => {
                let group = self.group(pipe);
                let holders = match &self.lock {
                    Some(lock) if lock.group == group => lock.holders.clone(),
                    _ => Vec::new(),
                };
                if holders.is_empty() {
                    self.events.push(Event::UnlockIgnored { pipe });
                }
                for holder in holders {
                    self.release(holder);
                    self.events.push(Event::Unlocked {
                        pipe: holder,
                        by_reset: false,
                    });
                }
                true
            }
        }
    }

    /// A BAM reset (`CTRL.BAM_SW_RST`): frees the lock, whoever holds it, on every hardware.
    /// (The pipes' registers are left alone: each EE's driver pulses the BAM reset while
    /// bringing its own side up, and the simulator does not let that undo the other side's
    /// set-up.)
    pub(crate) fn bam_reset(&mut self) {
        if let Some(lock) = self.lock.take() {
            for pipe in lock.holders {
                self.events.push(Event::Unlocked {
                    pipe,
                    by_reset: true,
                });
            }
        }
    }

    /// Takes `pipe` out of the lock's holders; the lock is free when none is left.
    pub(crate) fn release(&mut self, pipe: u32) {
        if let Some(lock) = &mut self.lock {
            lock.holders.retain(|&p| p != pipe);
            if lock.holders.is_empty() {
                self.lock = None;
            }
        }
    }

    pub(crate) fn reset_pipe(&mut self, pipe: u32) {
        let rx = self.is_rx(pipe);
        if self.holds_lock(pipe) && self.config.hardware.pipe_reset == PipeReset::ReleasesLock {
            self.release(pipe);
            self.events.push(Event::Unlocked {
                pipe,
                by_reset: true,
            });
        }
        if let Some(p) = self.pipes.get_mut(pipe as usize) {
            *p = PipeState::default();
        }
        self.qce.flush(Self::pair(pipe), rx);
        self.events.push(Event::Reset { pipe });
    }

    pub(crate) fn cpu_faults(&self, ee: u32) -> bool {
        self.config.honour_locks
            && self.lock.as_ref().is_some_and(|lock| {
                lock.holders
                    .iter()
                    .any(|&holder| self.ee(holder) != Some(ee))
            })
    }
}
