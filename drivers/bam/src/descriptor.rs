//! The 8-byte BAM hardware descriptor and its flags.
//!
//! Layout (little-endian): bytes 0..4 buffer bus address, 4..6 size in bytes, 6..8 flags.
//! Flags (bam_dma.c, locking series): INT 15, EOT 14, EOB 13, NWD 12, CMD 11, LOCK 10, UNLOCK 9.
//!
//! Data and command descriptors take different flag types, so LOCK/UNLOCK cannot be put on a
//! data descriptor: [`DataFlags`] has no such constants.

/// Raise an interrupt when this descriptor is processed.
pub const FLAG_INT: u16 = 1 << 15;
/// End of transfer.
pub const FLAG_EOT: u16 = 1 << 14;
/// End of block.
pub const FLAG_EOB: u16 = 1 << 13;
/// Do not process the next descriptor until this one's writes completed.
pub const FLAG_NWD: u16 = 1 << 12;
/// The buffer holds command elements.
pub const FLAG_CMD: u16 = 1 << 11;
/// Lock the pipe group (command descriptors only).
pub const FLAG_LOCK: u16 = 1 << 10;
/// Unlock the pipe group (command descriptors only).
pub const FLAG_UNLOCK: u16 = 1 << 9;

/// The most bytes one descriptor moves (`SZ_32K - 8`); longer buffers are split.
pub const MAX_DESCRIPTOR_BYTES: u32 = 32_760;

/// Flags a data descriptor may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DataFlags(u16);

impl DataFlags {
    /// No flags.
    pub const NONE: Self = Self(0);
    /// Interrupt when processed.
    pub const INT: Self = Self(FLAG_INT);
    /// End of transfer.
    pub const EOT: Self = Self(FLAG_EOT);
    /// End of block.
    pub const EOB: Self = Self(FLAG_EOB);
    /// Wait for writes before the next descriptor.
    pub const NWD: Self = Self(FLAG_NWD);

    /// Both sets of flags.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
    /// The raw bits.
    pub const fn bits(self) -> u16 {
        self.0
    }
}

/// Flags a command descriptor may carry; CMD is implied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommandFlags(u16);

impl CommandFlags {
    /// No flags besides CMD.
    pub const NONE: Self = Self(0);
    /// Interrupt when processed.
    pub const INT: Self = Self(FLAG_INT);
    /// End of transfer.
    pub const EOT: Self = Self(FLAG_EOT);
    /// End of block.
    pub const EOB: Self = Self(FLAG_EOB);
    /// Wait for writes before the next descriptor.
    pub const NWD: Self = Self(FLAG_NWD);
    /// Lock the pipe group.
    pub const LOCK: Self = Self(FLAG_LOCK);
    /// Unlock the pipe group.
    pub const UNLOCK: Self = Self(FLAG_UNLOCK);

    /// Both sets of flags.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
    /// The raw bits, CMD included.
    pub const fn bits(self) -> u16 {
        self.0 | FLAG_CMD
    }
}

/// One hardware descriptor, in CPU form; [`Descriptor::to_bytes`] gives what the BAM reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Descriptor {
    addr: u32,
    size: u16,
    flags: u16,
}

impl Descriptor {
    /// A data descriptor: `size` bytes at bus address `addr`.
    pub const fn data(addr: u32, size: u16, flags: DataFlags) -> Self {
        Descriptor {
            addr,
            size,
            flags: flags.bits(),
        }
    }

    /// A command descriptor over `size` bytes of command elements at bus address `addr`.
    pub const fn command(addr: u32, size: u16, flags: CommandFlags) -> Self {
        Descriptor {
            addr,
            size,
            flags: flags.bits(),
        }
    }

    /// Decodes 8 bytes as the hardware would.
    pub const fn from_bytes(b: [u8; 8]) -> Self {
        Descriptor {
            addr: u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            size: u16::from_le_bytes([b[4], b[5]]),
            flags: u16::from_le_bytes([b[6], b[7]]),
        }
    }

    /// The 8 bytes the hardware reads.
    pub const fn to_bytes(self) -> [u8; 8] {
        let a = self.addr.to_le_bytes();
        let s = self.size.to_le_bytes();
        let f = self.flags.to_le_bytes();
        [a[0], a[1], a[2], a[3], s[0], s[1], f[0], f[1]]
    }

    /// Buffer bus address.
    pub const fn addr(self) -> u32 {
        self.addr
    }
    /// Size in bytes.
    pub const fn size(self) -> u16 {
        self.size
    }
    /// Raw flags.
    pub const fn flags(self) -> u16 {
        self.flags
    }
    /// Whether it is a command descriptor.
    pub const fn is_command(self) -> bool {
        self.flags & FLAG_CMD != 0
    }
    /// Whether it carries LOCK.
    pub const fn locks(self) -> bool {
        self.flags & FLAG_LOCK != 0
    }
    /// Whether it carries UNLOCK.
    pub const fn unlocks(self) -> bool {
        self.flags & FLAG_UNLOCK != 0
    }

    /// The same descriptor with more flag bits. Private: only the chain builder, which knows
    /// whether a descriptor is a command one, adds LOCK/UNLOCK this way.
    pub(crate) const fn with_raw_flags(self, bits: u16) -> Self {
        Descriptor {
            addr: self.addr,
            size: self.size,
            flags: self.flags | bits,
        }
    }
}
