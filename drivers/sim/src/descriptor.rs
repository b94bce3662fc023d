//! Descriptor processing: one step of a pipe, the command elements it runs against the engine,
//! the data it streams, and the vendor SPS layer's refusals.

use crate::event::{DescriptorError, Event};
use crate::state::State;
use crate::{
    CeAddressDecode, EmptyCommand, LockOnRead, Memory, NwdWaits, ScratchpadWrite, UnlockOnRead,
    UnlockTiming, flags, irq,
};
use socgen_runtime::bam::AddressMode;

/// The descriptor a step serves: its buffer, the flags the BAM acts on, and how far earlier
/// visits got (bytes written, or 1 for a descriptor waiting at its second visit).
struct Step {
    addr: u32,
    size: u16,
    flags: u16,
    partial: u32,
}

impl Step {
    fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

impl State {
    /// One step of `pipe`: the descriptor at its FIFO position, or the next part of one (an
    /// output descriptor filled in pieces, an NWD descriptor waiting for the engine, the
    /// elements of an UNLOCK released at fetch).
    pub(crate) fn process(&mut self, pipe: u32, memory: &Memory) {
        let Some((addr, size, flags)) = self.descriptor(pipe, memory) else {
            self.fail(pipe, DescriptorError::FifoNotInMemory);
            return;
        };
        if let Some(error) = sps_violation(flags) {
            self.fail(pipe, error);
            return;
        }
        let Some(partial) = self.pipes.get(pipe as usize).map(|p| p.partial) else {
            return;
        };
        let Some(flags) = self.honoured_flags(pipe, flags, size) else {
            return;
        };
        let step = Step {
            addr,
            size,
            flags,
            partial,
        };
        self.lock_if_asked(pipe, &step, memory);
        let unlocks = self.unlocks(&step, memory);
        let unlock_first =
            unlocks && self.config.hardware.unlock_timing == UnlockTiming::BeforeDescriptor;
        if unlock_first && partial == 0 {
            // Released at fetch; the elements are a step of their own, run unlocked.
            if self.unlock(pipe) {
                self.set_partial(pipe, 1);
            }
            return;
        }
        if !self.transfer(pipe, &step, memory) {
            return;
        }
        if unlocks && !unlock_first && !self.unlock(pipe) {
            return;
        }
        self.retire(pipe, &step);
    }

    /// The flags the BAM acts on; `None`, with the pipe stopped, for an empty command
    /// descriptor on [`EmptyCommand::Error`] hardware.
    fn honoured_flags(&mut self, pipe: u32, flags: u16, size: u16) -> Option<u16> {
        let empty = flags & flags::CMD != 0 && size == 0;
        let empty_command = self.config.hardware.empty_command;
        if empty && empty_command == EmptyCommand::Error {
            self.fail(pipe, DescriptorError::BadCommandSize);
            return None;
        }
        // The flags of an empty command descriptor are dropped on `Ignored` hardware.
        if empty && empty_command == EmptyCommand::Ignored {
            return Some(flags & !(flags::LOCK | flags::UNLOCK));
        }
        Some(flags)
    }

    /// Takes the lock for `step`'s LOCK, at its first visit, unless the pipe holds it already
    /// or the descriptor only reads on [`LockOnRead::Ignored`] hardware.
    fn lock_if_asked(&mut self, pipe: u32, step: &Step, memory: &Memory) {
        let ignored = step.has(flags::LOCK)
            && self.config.hardware.lock_on_read == LockOnRead::Ignored
            && only_reads(memory, step.addr, step.size);
        if step.has(flags::LOCK) && step.partial == 0 && !self.holds_lock(pipe) && !ignored {
            self.take_lock(pipe);
        }
    }

    /// Whether `step`'s UNLOCK takes effect: not on a descriptor that only reads on
    /// [`UnlockOnRead::Ignored`] hardware.
    fn unlocks(&self, step: &Step, memory: &Memory) -> bool {
        step.has(flags::UNLOCK)
            && !(self.config.hardware.unlock_on_read == UnlockOnRead::Ignored
                && only_reads(memory, step.addr, step.size))
    }

    /// Runs `step`'s elements or moves its data; `false` when the descriptor does not retire
    /// in this step (an error stopped the pipe, or it waits for the engine).
    fn transfer(&mut self, pipe: u32, step: &Step, memory: &Memory) -> bool {
        if step.has(flags::CMD) && step.size == 0 {
            // No element to run: only the flags.
            true
        } else if step.has(flags::CMD) {
            self.run_commands(pipe, step.addr, step.size, memory)
        } else if self.is_rx(pipe) {
            self.feed_input(pipe, step, memory)
        } else {
            self.fill_output(pipe, step, memory)
        }
    }

    /// An rx data descriptor: its bytes go to the engine; with NWD it retires only once the
    /// engine is done with them, at a later visit if need be.
    fn feed_input(&mut self, pipe: u32, step: &Step, memory: &Memory) -> bool {
        let pair = Self::pair(pipe);
        if step.has(flags::NWD) && step.partial == 1 {
            // Second visit of an NWD descriptor: retire once the engine is done.
            return self.nwd_done(pair);
        }
        let Some(bytes) = memory.device_read(step.addr, step.size.into()) else {
            self.fail(pipe, DescriptorError::BufferNotInMemory);
            return false;
        };
        self.qce.push_input(pair, &bytes);
        self.note_completions();
        if step.has(flags::NWD) && !self.nwd_done(pair) {
            self.set_partial(pipe, 1);
            return false;
        }
        true
    }

    /// A tx data descriptor: filled with the output the engine has, over as many visits as
    /// that takes.
    fn fill_output(&mut self, pipe: u32, step: &Step, memory: &Memory) -> bool {
        let want = u32::from(step.size).saturating_sub(step.partial);
        let chunk = self.qce.take_output(Self::pair(pipe), want as usize);
        let at = step.addr.wrapping_add(step.partial);
        if !chunk.is_empty() && !memory.device_write(at, &chunk) {
            self.fail(pipe, DescriptorError::BufferNotInMemory);
            return false;
        }
        let written = step.partial + chunk.len() as u32;
        if written < u32::from(step.size) {
            self.set_partial(pipe, written);
            return false;
        }
        true
    }

    fn set_partial(&mut self, pipe: u32, partial: u32) {
        if let Some(p) = self.pipes.get_mut(pipe as usize) {
            p.partial = partial;
        }
    }

    /// Retires `step`'s descriptor: the pipe moves on and raises what its flags ask for.
    fn retire(&mut self, pipe: u32, step: &Step) {
        if let Some(p) = self.pipes.get_mut(pipe as usize) {
            p.partial = 0;
            p.position = (p.position + 8) % p.fifo_size.max(8);
            if step.has(flags::INT) {
                p.irq_status |= irq::PRCSD_DESC;
            }
            if step.has(flags::EOT) {
                p.irq_status |= irq::TRNSFR_END;
            }
        }
        self.events.push(Event::Descriptor {
            pipe,
            addr: step.addr,
            size: step.size,
            flags: step.flags,
        });
    }

    /// Decodes a command-element address to an offset in the engine's window.
    pub(crate) fn engine_offset(&self, address: u32) -> Option<usize> {
        let mode = match self.config.hardware.ce_address {
            CeAddressDecode::WrapperOffset18 => self.config.address_mode,
            CeAddressDecode::Full24 => AddressMode::Phys24,
        };
        let physical = match mode {
            AddressMode::Phys24 => u64::from(address),
            AddressMode::BamOffset18 => {
                if address >= 1 << 18 {
                    return None;
                }
                (self.config.bam_base & !0x3_ffff) + u64::from(address)
            }
            AddressMode::WrapperOffset18 { wrapper_base } => {
                if address >= 1 << 18 {
                    return None;
                }
                wrapper_base.checked_add(u64::from(address))?
            }
        };
        let offset = usize::try_from(physical.checked_sub(self.config.qce_base)?).ok()?;
        (offset < self.config.qce_size && offset.is_multiple_of(4)).then_some(offset)
    }

    pub(crate) fn run_commands(
        &mut self,
        pipe: u32,
        addr: u32,
        size: u16,
        memory: &Memory,
    ) -> bool {
        if size == 0 || !size.is_multiple_of(16) {
            self.fail(pipe, DescriptorError::BadCommandSize);
            return false;
        }
        let Some(bytes) = memory.device_read(addr, size.into()) else {
            self.fail(pipe, DescriptorError::BufferNotInMemory);
            return false;
        };
        for element in bytes.chunks_exact(16) {
            let word = |i: usize| {
                u32::from_le_bytes([element[i], element[i + 1], element[i + 2], element[i + 3]])
            };
            let (command, address) = ((word(0) >> 24) as u8, word(0) & 0x00ff_ffff);
            let Some(offset) = self.engine_offset(address) else {
                self.fail(pipe, DescriptorError::BadRegisterAddress(address));
                return false;
            };
            match command {
                0 => {
                    let offset = match (offset, self.config.hardware.scratchpad_write) {
                        (VERSION, ScratchpadWrite::BusError) => {
                            self.fail(pipe, DescriptorError::BusError(address));
                            return false;
                        }
                        (VERSION, ScratchpadWrite::LandsIn(other)) => other,
                        _ => offset,
                    };
                    let mask = word(8);
                    let value = (self.qce.read(offset) & !mask) | (word(4) & mask);
                    self.qce.write(offset, value);
                    self.events.push(Event::RegisterWrite {
                        pipe,
                        offset,
                        value,
                    });
                }
                1 => {
                    let destination =
                        match read_destination(self.read_destination_bits, word(4), word(8)) {
                            Ok(destination) => destination,
                            Err(error) => {
                                self.fail(pipe, error);
                                return false;
                            }
                        };
                    let value = self.qce.read(offset);
                    let written = u32::try_from(destination)
                        .is_ok_and(|bus| memory.device_write(bus, &value.to_le_bytes()));
                    if !written {
                        self.fail(
                            pipe,
                            DescriptorError::ReadDestinationNotInMemory(destination),
                        );
                        return false;
                    }
                    self.events.push(Event::RegisterRead {
                        pipe,
                        offset,
                        destination,
                    });
                }
                other => {
                    self.fail(pipe, DescriptorError::BadCommand(other));
                    return false;
                }
            }
            self.note_completions();
        }
        true
    }

    /// Whether an rx data descriptor with NWD of `pair` may retire, per [`NwdWaits`].
    pub(crate) fn nwd_done(&self, pair: u32) -> bool {
        match self.config.hardware.nwd {
            NwdWaits::ForDescriptorData => self.qce.input_drained(pair),
            NwdWaits::ForOperationEnd => self.qce.operation_done(pair),
        }
    }
}

/// QCE `VERSION`: the scratchpad of [`ScratchpadWrite`].
const VERSION: usize = qcom_socs::blocks::qce::v5::offsets::VERSION;

/// Whether the command descriptor at `addr` (`size` bytes) holds only READ elements (command
/// 1 in bits 31..24 of word 0); `false` when it is not a readable whole number of elements
/// (processing raises that error).
fn only_reads(memory: &Memory, addr: u32, size: u16) -> bool {
    if size == 0 || !size.is_multiple_of(16) {
        return false;
    }
    memory
        .device_read(addr, size.into())
        .is_some_and(|bytes| bytes.chunks_exact(16).all(|element| element[3] == 1))
}

/// The vendor SPS driver's six refusals (`sps_check_iovec_flags()`, question Q4) as descriptor
/// errors, checked on the raw flag bits before anything else happens to the descriptor and in
/// the vendor's order (the first rule broken names the error); then a buffer above 4 GiB (flag
/// bits 3..0 carry bus-address bits 35..32 in vendor code), which is outside the simulator's
/// 32-bit memory.
pub(crate) fn sps_violation(flags: u16) -> Option<DescriptorError> {
    let has = |f: u16| flags & f != 0;
    if !has(flags::CMD) && has(flags::NWD) && !has(flags::EOT) {
        Some(DescriptorError::NwdWithoutEot)
    } else if has(flags::CMD) && has(flags::EOT) {
        Some(DescriptorError::EotOnCommand)
    } else if !has(flags::CMD) && has(flags::LOCK | flags::UNLOCK) {
        Some(DescriptorError::LockFlagOnData)
    } else if has(flags::LOCK) && has(flags::UNLOCK) {
        Some(DescriptorError::LockAndUnlock)
    } else if has(flags::IMME) && has(flags::CMD) {
        Some(DescriptorError::ImmeWithCmd)
    } else if has(flags::IMME) && has(flags::NWD) {
        Some(DescriptorError::ImmeWithNwd)
    } else if has(flags::ADDR_35_32) {
        // Bus-address bits 35..32: the buffer lies above 4 GiB, where memory is not.
        Some(DescriptorError::BufferNotInMemory)
    } else {
        None
    }
}

/// The destination of a read element from its second and third words, for a revision whose
/// read elements carry `bits` destination bits: with 32 the third word is ignored; with more,
/// its low `bits - 32` bits are the destination's bits above 31 and every other bit is
/// reserved (question Q1).
pub(crate) fn read_destination(bits: u32, low: u32, third: u32) -> Result<u64, DescriptorError> {
    if bits <= 32 {
        return Ok(u64::from(low));
    }
    let high_mask = u32::MAX
        .checked_shr(64u32.saturating_sub(bits))
        .unwrap_or(0);
    if third & !high_mask != 0 {
        return Err(DescriptorError::ReservedReadBits(third));
    }
    Ok((u64::from(third) << 32) | u64::from(low))
}
