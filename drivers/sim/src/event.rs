//! What the simulator records: descriptor errors and the event log.

use crate::Completed;

/// What a descriptor did wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DescriptorError {
    /// The FIFO slot is not in memory.
    FifoNotInMemory,
    /// LOCK or UNLOCK on a data descriptor.
    LockFlagOnData,
    /// A command descriptor whose size is not a whole number of 16-byte elements.
    BadCommandSize,
    /// A buffer that is not in memory.
    BufferNotInMemory,
    /// A command element whose address decodes to no register of the engine.
    BadRegisterAddress(u32),
    /// A command element with an unknown command.
    BadCommand(u8),
    /// A read element whose third word sets a reserved bit (31..4 on 36-bit revisions): the
    /// word as found.
    ReservedReadBits(u32),
    /// A read element whose destination, decoded in the revision's format, is not in memory
    /// (at or above 4 GiB, or where no region is): the decoded destination.
    ReadDestinationNotInMemory(u64),
    /// NWD on a data descriptor without EOT (vendor SPS: "NWD is only valid with EOT or CMD").
    NwdWithoutEot,
    /// EOT on a command descriptor (vendor SPS: "EOT and CMD are not allowed to coexist").
    EotOnCommand,
    /// LOCK and UNLOCK on one descriptor (vendor SPS: "Can't lock and unlock a pipe by the
    /// same Command Descriptor").
    LockAndUnlock,
    /// A command-element write the engine answered with a bus error (a write to `VERSION` on
    /// [`crate::ScratchpadWrite::BusError`] hardware): the element's address field.
    BusError(u32),
    /// An UNLOCK on a pipe that holds no lock, on [`crate::UnlockWithoutLock::Error`] hardware.
    UnlockWithoutLock,
    /// IMME together with CMD (vendor SPS: "Immediate and CMD are not allowed to coexist").
    ImmeWithCmd,
    /// IMME together with NWD (vendor SPS: "Immediate and NWD are not allowed to coexist").
    ImmeWithNwd,
}

/// What happened, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A descriptor was processed (retired).
    Descriptor {
        /// The pipe.
        pipe: u32,
        /// Buffer bus address.
        addr: u32,
        /// Buffer size.
        size: u16,
        /// Flags.
        flags: u16,
    },
    /// A pipe took the lock.
    Locked {
        /// The pipe.
        pipe: u32,
    },
    /// A pipe gave the lock back (`by_reset`: because it was reset).
    Unlocked {
        /// The pipe.
        pipe: u32,
        /// The lock went with a pipe reset, not an UNLOCK descriptor.
        by_reset: bool,
    },
    /// A command element wrote an engine register.
    RegisterWrite {
        /// The pipe.
        pipe: u32,
        /// Offset in the engine's window.
        offset: usize,
        /// Value.
        value: u32,
    },
    /// A command element read an engine register into memory.
    RegisterRead {
        /// The pipe.
        pipe: u32,
        /// Offset in the engine's window.
        offset: usize,
        /// Destination bus address as decoded in the revision's format.
        destination: u64,
    },
    /// The engine finished an operation.
    Operation(Completed),
    /// A descriptor error: the pipe stops until it is reset.
    Error {
        /// The pipe.
        pipe: u32,
        /// What was wrong.
        error: DescriptorError,
    },
    /// A pipe was reset (`P_RST`).
    Reset {
        /// The pipe.
        pipe: u32,
    },
    /// A CPU access to the engine while another EE's pipe held the lock: aborted.
    CpuFault {
        /// The EE that tried.
        ee: u32,
        /// Offset in the engine's window.
        offset: usize,
        /// Whether it was a write.
        write: bool,
    },
    /// An UNLOCK on a pipe that held no lock had no effect (Q10 as believed: the lone UNLOCK a
    /// driver sends after a reset that released the lock).
    UnlockIgnored {
        /// The pipe.
        pipe: u32,
    },
    /// Software did something the simulator cannot give a meaning to (a doorbell outside the
    /// FIFO, another EE's pipe registers).
    Violation(String),
}
