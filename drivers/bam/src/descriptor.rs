//! The 8-byte BAM hardware descriptor and its flags.
//!
//! Layout (`struct bam_desc_hw` in mainline bam_dma.c, whose address field is 32 bits too;
//! vendor msm-sps.h `struct sps_iovec`), every field little-endian:
//!
//! | bytes | field |
//! |---|---|
//! | 0..4 | buffer bus address, bits 31..0 |
//! | 4..6 | buffer size in bytes |
//! | 6..8 | flags: INT 15, EOT 14, EOB 13, NWD 12, CMD 11, LOCK 10, UNLOCK 9, IMME 8; bits 3..0 carry bus-address bits 35..32 in vendor code (msm-sps.h `DESC_FLAG_WORD`) |
//!
//! Data and command descriptors take different flag types, so that the combinations the
//! vendor SPS driver refuses (`sps_check_iovec_flags()` in sps.c, six rules; question Q4 of
//! `docs/HARDWARE-VALIDATION.md`) cannot be built at all:
//!
//! | refused by SPS | here |
//! |---|---|
//! | "NWD is only valid with EOT or CMD" | [`DataFlags`] has no NWD on its own, only [`DataFlags::EOT_NWD`] |
//! | "EOT and CMD are not allowed to coexist" | [`CommandFlags`] has no EOT |
//! | "pipe lock/unlock flags are only valid with Command Descriptor" | [`DataFlags`] has no LOCK or UNLOCK |
//! | "Can't lock and unlock a pipe by the same Command Descriptor" | [`Chain`](crate::Chain) never does it (the type can express it, for tests of the rule) |
//! | "Immediate and CMD are not allowed to coexist" | neither type has IMME |
//! | "Immediate and NWD are not allowed to coexist" | neither type has IMME |
//!
//! Neither type converts into the other, and neither can be made from raw bits: every value
//! is a union of the public constants, none of which holds IMME ([`FLAG_IMME`]) or any of
//! bits 3..0 ([`FLAG_ADDR_35_32`]). Bus addresses are `u32` everywhere (see the crate docs), so
//! those bits are always 0 in what the driver writes, and a buffer above 4 GiB cannot be
//! described at all.

use core::ops::BitOr;

/// INT: raise the pipe's "descriptor processed" interrupt when this descriptor is done.
pub const FLAG_INT: u16 = 1 << 15;
/// EOT: end of transfer.
pub const FLAG_EOT: u16 = 1 << 14;
/// EOB: end of block.
pub const FLAG_EOB: u16 = 1 << 13;
/// NWD: do not start the next descriptor until this one's writes have completed.
pub const FLAG_NWD: u16 = 1 << 12;
/// CMD: the buffer holds 16-byte command elements, not data.
pub const FLAG_CMD: u16 = 1 << 11;
/// LOCK: from this descriptor on, the BAM serves only this pipe's group (command only).
pub const FLAG_LOCK: u16 = 1 << 10;
/// UNLOCK: release the lock taken by LOCK (command only).
pub const FLAG_UNLOCK: u16 = 1 << 9;
/// IMME: an immediate descriptor (vendor msm-sps.h `SPS_IOVEC_FLAG_IMME`, 0x0100, bit 8 of
/// the flag field as in this layout). socgen never sets it: neither [`DataFlags`] nor
/// [`CommandFlags`] can express it. The vendor SPS layer refuses it together with CMD or NWD;
/// the fake BAM and the simulator do too.
pub const FLAG_IMME: u16 = 1 << 8;
/// Bits 3..0 of the flag field: bus-address bits 35..32 in vendor code (msm-sps.h
/// `DESC_FLAG_WORD`, qce50 `SPS_GET_UPPER_ADDR`). socgen's bus addresses are 32-bit
/// (`DmaRegion::bus_addr() -> u32`), so these bits are always 0 in what it writes.
pub const FLAG_ADDR_35_32: u16 = 0xf;

/// The most bytes one descriptor may move: `SZ_32K - 8`, as bam_dma.c. Longer data buffers
/// and command blocks are split over several descriptors.
pub const MAX_DESCRIPTOR_BYTES: u32 = 32_760;

/// The size of one hardware descriptor in bytes.
pub const DESCRIPTOR_BYTES: usize = 8;

/// Flags a data descriptor may carry: INT, EOT, EOB, and NWD only together with EOT.
///
/// There is no LOCK or UNLOCK (SPS: "pipe lock/unlock flags are only valid with Command
/// Descriptor") and no NWD without EOT (SPS: "NWD is only valid with EOT or CMD"): every value
/// is a union of the constants below, and the only one with NWD, [`DataFlags::EOT_NWD`], has
/// EOT too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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
    /// End of transfer, and hold the next descriptor until the peripheral has taken this
    /// one's data: what the last descriptor before a command descriptor carries on a locked
    /// pipe (see [`Chain`](crate::Chain)).
    pub const EOT_NWD: Self = Self(FLAG_EOT | FLAG_NWD);

    /// Both sets of flags (`const` form of `|`).
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether every flag of `other` is set.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The raw flag bits, as they appear in bytes 6..8 of the descriptor.
    pub const fn bits(self) -> u16 {
        self.0
    }
}

impl BitOr for DataFlags {
    type Output = Self;
    fn bitor(self, other: Self) -> Self {
        self.union(other)
    }
}

/// Flags a command descriptor may carry: INT, EOB, NWD, LOCK, UNLOCK. CMD itself is implied
/// by the type. There is no EOT (SPS: "EOT and CMD are not allowed to coexist").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CommandFlags(u16);

impl CommandFlags {
    /// No flags besides the implied CMD.
    pub const NONE: Self = Self(0);
    /// Interrupt when processed.
    pub const INT: Self = Self(FLAG_INT);
    /// End of block.
    pub const EOB: Self = Self(FLAG_EOB);
    /// Wait for this descriptor's register accesses before the next descriptor (valid on a
    /// command descriptor without EOT; the vendor NAND driver puts it on its EXEC_CMD write).
    pub const NWD: Self = Self(FLAG_NWD);
    /// Lock the pipe group.
    pub const LOCK: Self = Self(FLAG_LOCK);
    /// Unlock the pipe group.
    pub const UNLOCK: Self = Self(FLAG_UNLOCK);

    /// Both sets of flags (`const` form of `|`).
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether every flag of `other` is set.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The raw flag bits, CMD included, as they appear in bytes 6..8 of the descriptor.
    pub const fn bits(self) -> u16 {
        self.0 | FLAG_CMD
    }
}

impl BitOr for CommandFlags {
    type Output = Self;
    fn bitor(self, other: Self) -> Self {
        self.union(other)
    }
}

/// One hardware descriptor. Built only through [`Descriptor::data`] and
/// [`Descriptor::command`], so its flags always respect the data/command split; decoding with
/// [`Descriptor::from_bytes`] shows whatever the bytes say (for tests and fakes).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
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

    /// Decodes the 8 bytes the hardware reads.
    pub const fn from_bytes(bytes: [u8; 8]) -> Self {
        let [a0, a1, a2, a3, s0, s1, f0, f1] = bytes;
        Descriptor {
            addr: u32::from_le_bytes([a0, a1, a2, a3]),
            size: u16::from_le_bytes([s0, s1]),
            flags: u16::from_le_bytes([f0, f1]),
        }
    }

    /// The 8 bytes the hardware reads: every field little-endian, whatever the CPU.
    pub const fn to_bytes(self) -> [u8; 8] {
        let [a0, a1, a2, a3] = self.addr.to_le_bytes();
        let [s0, s1] = self.size.to_le_bytes();
        let [f0, f1] = self.flags.to_le_bytes();
        [a0, a1, a2, a3, s0, s1, f0, f1]
    }

    /// The buffer's bus address.
    pub const fn addr(self) -> u32 {
        self.addr
    }

    /// The buffer size in bytes.
    pub const fn size(self) -> u16 {
        self.size
    }

    /// The raw flag bits.
    pub const fn flags(self) -> u16 {
        self.flags
    }

    /// Whether it is a command descriptor (CMD set).
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

    /// Whether every bit of `flag` (one of the `FLAG_*` constants) is set.
    pub const fn has(self, flag: u16) -> bool {
        self.flags & flag == flag
    }
}

impl core::fmt::Debug for Descriptor {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        const NAMES: [(u16, &str); 8] = [
            (FLAG_CMD, "CMD"),
            (FLAG_LOCK, "LOCK"),
            (FLAG_UNLOCK, "UNLOCK"),
            (FLAG_NWD, "NWD"),
            (FLAG_INT, "INT"),
            (FLAG_EOT, "EOT"),
            (FLAG_EOB, "EOB"),
            (FLAG_IMME, "IMME"),
        ];
        write!(f, "Descriptor({:#010x}, {} B", self.addr, self.size)?;
        for (bit, name) in NAMES {
            if self.flags & bit != 0 {
                write!(f, " {name}")?;
            }
        }
        // Never set by the driver: shown so that a fake's or a test's report names them.
        let upper = self.flags & FLAG_ADDR_35_32;
        if upper != 0 {
            write!(f, " ADDR[35:32]={upper:#x}")?;
        }
        write!(f, ")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_flags_imply_cmd_and_data_flags_do_not() {
        assert_eq!(CommandFlags::NONE.bits(), FLAG_CMD);
        assert_eq!(DataFlags::NONE.bits(), 0);
        assert_eq!(CommandFlags::NWD.bits(), FLAG_CMD | FLAG_NWD);
        assert!((DataFlags::INT | DataFlags::EOT).contains(DataFlags::EOT));
    }

    #[test]
    fn no_data_flags_value_has_nwd_without_eot_and_no_command_flags_value_has_eot() {
        // Nor does any value of either type hold IMME or address bits 35..32 (flag bits 3..0).
        // Every value is a union of the public constants: try all of them.
        let data = [
            DataFlags::NONE,
            DataFlags::INT,
            DataFlags::EOT,
            DataFlags::EOB,
            DataFlags::EOT_NWD,
        ];
        let command = [
            CommandFlags::NONE,
            CommandFlags::INT,
            CommandFlags::EOB,
            CommandFlags::NWD,
            CommandFlags::LOCK,
            CommandFlags::UNLOCK,
        ];
        for mask in 0u32..1 << data.len() {
            let f = data
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .fold(DataFlags::NONE, |a, (_, b)| a | *b);
            assert!(f.bits() & FLAG_NWD == 0 || f.bits() & FLAG_EOT != 0);
            assert!(f.bits() & (FLAG_CMD | FLAG_LOCK | FLAG_UNLOCK) == 0);
            assert!(f.bits() & (FLAG_IMME | FLAG_ADDR_35_32) == 0, "{f:?}");
        }
        for mask in 0u32..1 << command.len() {
            let f = command
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .fold(CommandFlags::NONE, |a, (_, b)| a | *b);
            assert!(f.bits() & FLAG_EOT == 0 && f.bits() & FLAG_CMD != 0);
            assert!(f.bits() & (FLAG_IMME | FLAG_ADDR_35_32) == 0, "{f:?}");
        }
    }

    #[test]
    fn round_trips_through_bytes() {
        let d = Descriptor::command(0xdead_bee0, 0x7ff0, CommandFlags::LOCK | CommandFlags::INT);
        assert_eq!(Descriptor::from_bytes(d.to_bytes()), d);
        assert!(d.is_command() && d.locks() && !d.unlocks() && d.has(FLAG_INT));
    }
}
