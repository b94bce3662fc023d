//! The BAM command element: "write V to register A" or "read register A into memory at D".
//!
//! Layout (16 bytes, every word little-endian, `include/linux/dma/qcom_bam_dma.h`):
//!
//! | bytes | meaning |
//! |---|---|
//! | 0..4 | bits 23..0: register address; bits 31..24: command (0 write, 1 read) |
//! | 4..8 | write: the value; read: bits 31..0 of the bus address the value is stored to |
//! | 8..12 | write: the mask (`0xffff_ffff` writes the whole register); read: see below |
//! | 12..16 | reserved, zero |
//!
//! The third word of a **read** element depends on the BAM revision ([`CeFormat`], a fact of
//! each BAM block file, `command_element.read_destination_bits`): below v1.6.0 the hardware
//! ignores it (we write 0); from v1.6.0 on, its bits 3..0 carry bits 35..32 of a 36-bit
//! destination and bits 31..4 are reserved (0). The old encoding, `0xffff_ffff` in that word,
//! sends the value to `0xf_xxxx_xxxx` on v1.6.0+ (upstream fix 867621ba2030, "dma: qcom:
//! bam_dma: Fix command element mask field for BAM v1.6.0+"); no constructor here can build it.

use super::Index;

/// The most address bits a command element carries.
pub const CE_ADDRESS_BITS: u32 = 24;

/// A command-element register address: fits in [`CE_ADDRESS_BITS`] bits.
///
/// It is never made by masking. Generated code computes each address at generation time in the
/// SoC's address mode and builds it with [`CeAddr::new_const`], which refuses, at compile time,
/// an address that does not fit; run-time values go through [`CeAddr::new`], which returns `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CeAddr(u32);

impl CeAddr {
    /// The address, or `None` if it needs more than 24 bits.
    #[inline]
    pub const fn new(addr: u32) -> Option<CeAddr> {
        if addr >> CE_ADDRESS_BITS == 0 {
            Some(CeAddr(addr))
        } else {
            None
        }
    }

    /// The address `ADDR`, checked at compile time.
    #[inline]
    pub const fn new_const<const ADDR: u32>() -> CeAddr {
        const {
            assert!(
                ADDR >> CE_ADDRESS_BITS == 0,
                "command-element address needs more than 24 bits"
            )
        };
        CeAddr(ADDR)
    }

    /// The address as a number.
    #[inline]
    pub const fn get(self) -> u32 {
        self.0
    }

    /// The address of the register `offset` bytes further on, or `None` past 24 bits.
    #[inline]
    pub const fn offset(self, offset: u32) -> Option<CeAddr> {
        match self.0.checked_add(offset) {
            Some(addr) => CeAddr::new(addr),
            None => None,
        }
    }
}

/// The command-element addresses of one instance: a base and the `SPAN` bytes from it, all
/// representable in [`CE_ADDRESS_BITS`] bits.
///
/// It cannot misaddress: [`CeWindow::new`] refuses, at compile time, a base whose window does not
/// fit, and every address is taken at an offset proven inside the window, by a compile-time
/// check on a constant offset ([`CeWindow::reg`]) or on the last copy of an array whose index is
/// a typed [`Index`] ([`CeWindow::indexed`], [`CeWindow::indexed2`]). No address is computed
/// by masking, wrapping or falling back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CeWindow<const SPAN: u32> {
    base: CeAddr,
}

impl<const SPAN: u32> CeWindow<SPAN> {
    /// The window of `SPAN` bytes at `BASE`, checked at compile time.
    #[inline]
    pub const fn new<const BASE: u32>() -> Self {
        const {
            assert!(
                BASE as u64 + SPAN as u64 <= 1 << CE_ADDRESS_BITS,
                "command-element window needs more than 24 address bits"
            )
        };
        CeWindow { base: CeAddr(BASE) }
    }

    /// The address of offset 0.
    #[inline]
    pub const fn base(self) -> CeAddr {
        self.base
    }

    /// The address of the 32-bit register at the constant `OFFSET`; an offset whose register
    /// does not lie inside the window is a compile error.
    #[inline]
    pub const fn reg<const OFFSET: u32>(self) -> CeAddr {
        const {
            assert!(
                OFFSET as u64 + 4 <= SPAN as u64,
                "register outside the command-element window"
            )
        };
        // base + SPAN fits (`new`) and OFFSET < SPAN: no overflow, no bit beyond 24.
        CeAddr(self.base.0.wrapping_add(OFFSET))
    }

    /// The address of copy `index` of the register array at `OFFSET`, `STRIDE` bytes apart;
    /// an array whose last copy is not inside the window is a compile error.
    #[inline]
    pub const fn indexed<const OFFSET: u32, const STRIDE: u32, const N: u32>(
        self,
        index: Index<N>,
    ) -> CeAddr {
        const {
            assert!(
                OFFSET as u64 + (N as u64).saturating_sub(1) * STRIDE as u64 + 4 <= SPAN as u64,
                "register array outside the command-element window"
            )
        };
        // index < N, so the offset is at most the last copy's, which the check put inside.
        let offset = OFFSET.wrapping_add(index.get().wrapping_mul(STRIDE));
        CeAddr(self.base.0.wrapping_add(offset))
    }

    /// The address of copy (`a`, `b`) of a register with two indices, `S1` and `S2` bytes
    /// apart; a register whose last copy is not inside the window is a compile error.
    #[inline]
    pub const fn indexed2<
        const OFFSET: u32,
        const S1: u32,
        const N1: u32,
        const S2: u32,
        const N2: u32,
    >(
        self,
        a: Index<N1>,
        b: Index<N2>,
    ) -> CeAddr {
        const {
            assert!(
                OFFSET as u64
                    + (N1 as u64).saturating_sub(1) * S1 as u64
                    + (N2 as u64).saturating_sub(1) * S2 as u64
                    + 4
                    <= SPAN as u64,
                "register outside the command-element window"
            )
        };
        // a < N1 and b < N2: at most the last copy's offset, which the check put inside.
        let offset = OFFSET
            .wrapping_add(a.get().wrapping_mul(S1))
            .wrapping_add(b.get().wrapping_mul(S2));
        CeAddr(self.base.0.wrapping_add(offset))
    }
}

/// How a BAM revision encodes the destination of a read command element: a fact of the BAM
/// block file (`command_element.read_destination_bits`), emitted by the generator as
/// `socgen_runtime::bam::BamRevision::COMMAND_ELEMENT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CeFormat {
    read_destination_bits: u32,
}

impl CeFormat {
    /// Below BAM v1.6.0: 32-bit destinations, the third word of a read is ignored (written 0).
    pub const DESTINATION_32: CeFormat = CeFormat {
        read_destination_bits: 32,
    };
    /// BAM v1.6.0 and later: 36-bit destinations, bits 35..32 in bits 3..0 of the third word.
    pub const DESTINATION_36: CeFormat = CeFormat {
        read_destination_bits: 36,
    };

    /// The format with `bits` destination bits; `None` for anything but the two layouts the
    /// public record describes (32 and 36).
    pub const fn with_destination_bits(bits: u32) -> Option<CeFormat> {
        match bits {
            32 => Some(Self::DESTINATION_32),
            36 => Some(Self::DESTINATION_36),
            _ => None,
        }
    }

    /// How many destination address bits a read element carries.
    pub const fn read_destination_bits(self) -> u32 {
        self.read_destination_bits
    }

    /// "Read `addr` and store the value at bus address `destination`", for destinations above
    /// 4 GiB; `None` when `destination` needs more bits than this revision carries (it is
    /// refused, never truncated).
    pub const fn read(self, addr: CeAddr, destination: u64) -> Option<CommandElement> {
        if destination >> self.read_destination_bits != 0 {
            return None;
        }
        // Below 2^36 here, so the high word is at most 0xf (0 for 32-bit formats).
        let high = (destination >> 32) as u32;
        Some(CommandElement {
            bytes: le_words(
                addr.0 | ((CeCommand::Read as u32) << 24),
                destination as u32,
                high,
                0,
            ),
        })
    }

    /// The destination of a read element as this revision's hardware decodes it: the third
    /// word is ignored on 32-bit formats; on 36-bit ones, bits 3..0 are address bits 35..32 and
    /// `None` is returned if a reserved bit (31..4) is set. `None` for a write element.
    pub const fn read_destination(self, element: &CommandElement) -> Option<u64> {
        if !matches!(element.command(), CeCommand::Read) {
            return None;
        }
        let low = word(&element.bytes, 1) as u64;
        if self.read_destination_bits == 32 {
            return Some(low);
        }
        let high = word(&element.bytes, 2);
        if high >> 4 != 0 {
            return None;
        }
        Some(((high as u64) << 32) | low)
    }
}

/// The command of a command element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum CeCommand {
    /// Write the data word (under the mask) to the register.
    Write = 0,
    /// Read the register and store it at the bus address in the data word.
    Read = 1,
}

/// One 16-byte BAM command element, stored exactly as the hardware reads it.
///
/// Plain `Copy` data, `const`-constructible, so a whole command list can be a `const` or a
/// `static` placed in DMA memory.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C, align(16))]
pub struct CommandElement {
    bytes: [u8; 16],
}

const fn le_words(w0: u32, w1: u32, w2: u32, w3: u32) -> [u8; 16] {
    let [a0, a1, a2, a3] = w0.to_le_bytes();
    let [b0, b1, b2, b3] = w1.to_le_bytes();
    let [c0, c1, c2, c3] = w2.to_le_bytes();
    let [d0, d1, d2, d3] = w3.to_le_bytes();
    [
        a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3, d0, d1, d2, d3,
    ]
}

const fn word(bytes: &[u8; 16], at: usize) -> u32 {
    match at {
        0 => u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
        1 => u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]),
        2 => u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]),
        _ => u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]),
    }
}

impl CommandElement {
    /// The size of one command element in bytes.
    pub const SIZE: usize = 16;

    /// "Write `value` to `addr`", the whole register.
    #[inline]
    pub const fn write(addr: CeAddr, value: u32) -> Self {
        Self::write_masked(addr, value, u32::MAX)
    }

    /// "Write the bits of `value` selected by `mask` to `addr`".
    #[inline]
    pub const fn write_masked(addr: CeAddr, value: u32, mask: u32) -> Self {
        CommandElement {
            bytes: le_words(addr.0 | ((CeCommand::Write as u32) << 24), value, mask, 0),
        }
    }

    /// "Read `addr` and store the value at the 32-bit bus address `destination`".
    ///
    /// The third word is 0, which is right on every BAM revision: ignored below v1.6.0, and
    /// address bits 35..32 (all zero for a 32-bit destination) from v1.6.0 on. Destinations
    /// above 4 GiB go through the revision's [`CeFormat::read`].
    #[inline]
    pub const fn read(addr: CeAddr, destination: u32) -> Self {
        CommandElement {
            bytes: le_words(addr.0 | ((CeCommand::Read as u32) << 24), destination, 0, 0),
        }
    }

    /// Decodes 16 bytes as the hardware would; `None` for an unknown command.
    pub const fn from_bytes(bytes: [u8; 16]) -> Option<Self> {
        match bytes[3] {
            0 | 1 => Some(CommandElement { bytes }),
            _ => None,
        }
    }

    /// The 16 bytes the hardware reads.
    #[inline]
    pub const fn to_bytes(&self) -> [u8; 16] {
        self.bytes
    }

    /// The command.
    #[inline]
    pub const fn command(&self) -> CeCommand {
        if self.bytes[3] == CeCommand::Read as u8 {
            CeCommand::Read
        } else {
            CeCommand::Write
        }
    }

    /// The register address.
    #[inline]
    pub const fn address(&self) -> CeAddr {
        CeAddr(word(&self.bytes, 0) & 0x00ff_ffff)
    }

    /// The data word: the value to write, or the destination bus address of a read.
    #[inline]
    pub const fn data(&self) -> u32 {
        word(&self.bytes, 1)
    }

    /// The third word: a write's mask; a read's high destination bits (or 0, see [`CeFormat`]).
    #[inline]
    pub const fn mask(&self) -> u32 {
        word(&self.bytes, 2)
    }

    /// The same command element with another data word (used to point a read at its buffer).
    #[inline]
    pub const fn with_data(self, data: u32) -> Self {
        CommandElement {
            bytes: le_words(word(&self.bytes, 0), data, word(&self.bytes, 2), 0),
        }
    }
}

impl core::fmt::Debug for CommandElement {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CommandElement")
            .field("command", &self.command())
            .field("address", &format_args!("{:#08x}", self.address().get()))
            .field("data", &format_args!("{:#010x}", self.data()))
            .field("mask", &format_args!("{:#010x}", self.mask()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_element_is_little_endian_with_command_in_top_byte() {
        let ce = CommandElement::write(CeAddr::new_const::<0x03_a200>(), 0x1122_3344);
        assert_eq!(
            ce.to_bytes(),
            [
                0x00, 0xa2, 0x03, 0x00, 0x44, 0x33, 0x22, 0x11, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0
            ]
        );
        assert_eq!(ce.command(), CeCommand::Write);
        assert_eq!(ce.address().get(), 0x03_a200);
    }

    #[test]
    fn read_element_carries_destination() {
        let ce = CommandElement::read(CeAddr::new_const::<0x03_a000>(), 0x8000_0040);
        assert_eq!(&ce.to_bytes()[..4], &[0x00, 0xa0, 0x03, 0x01]);
        assert_eq!(
            &ce.to_bytes()[8..],
            &[0; 8],
            "third word 0 on every revision"
        );
        assert_eq!(ce.data(), 0x8000_0040);
        assert_eq!(ce.with_data(4).data(), 4);
        assert_eq!(ce.with_data(4).command(), CeCommand::Read);
    }

    #[test]
    fn read_destinations_follow_the_revision_format() {
        let addr = CeAddr::new_const::<0x03_a000>();
        let wide = CeFormat::DESTINATION_36.read(addr, 0x9_8000_0040);
        assert_eq!(wide.map(|e| e.data()), Some(0x8000_0040));
        assert_eq!(
            wide.map(|e| e.mask()),
            Some(0x9),
            "bits 35..32 in bits 3..0 of the third word"
        );
        assert_eq!(
            wide.and_then(|e| CeFormat::DESTINATION_36.read_destination(&e)),
            Some(0x9_8000_0040)
        );
        // Refused, never truncated.
        assert_eq!(CeFormat::DESTINATION_32.read(addr, 0x1_0000_0000), None);
        assert_eq!(CeFormat::DESTINATION_36.read(addr, 0x10_0000_0000), None);
        // Below 4 GiB both formats build the same bytes as `CommandElement::read`.
        for format in [CeFormat::DESTINATION_32, CeFormat::DESTINATION_36] {
            assert_eq!(
                format.read(addr, 0x8000_0040),
                Some(CommandElement::read(addr, 0x8000_0040))
            );
        }
        // The pre-fix encoding, third word 0xffff_ffff: reserved bits on v1.6.0+; with only the
        // low nibble set the value would go to 0xf_8000_0040; older revisions ignore the word.
        let with_word2 = |w2: u32| {
            let bytes = CommandElement::read(addr, 0x8000_0040).to_bytes();
            CommandElement {
                bytes: le_words(word(&bytes, 0), word(&bytes, 1), w2, word(&bytes, 3)),
            }
        };
        let old = with_word2(u32::MAX);
        assert_eq!(CeFormat::DESTINATION_36.read_destination(&old), None);
        assert_eq!(
            CeFormat::DESTINATION_36.read_destination(&with_word2(0xf)),
            Some(0xf_8000_0040)
        );
        assert_eq!(
            CeFormat::DESTINATION_32.read_destination(&old),
            Some(0x8000_0040)
        );
        assert_eq!(CeFormat::with_destination_bits(34), None);
    }

    #[test]
    fn window_addresses_are_base_plus_checked_offsets() {
        let w = CeWindow::<0x6000>::new::<0x3a000>();
        assert_eq!(w.base().get(), 0x3a000);
        assert_eq!(w.reg::<0x100>().get(), 0x3a100);
        assert_eq!(
            w.reg::<0x5ffc>().get(),
            0x3fffc,
            "the last word of the window"
        );
        let keys = Index::<16>::new(15).map(|i| w.indexed::<0x3040, 4, 16>(i).get());
        assert_eq!(keys, Some(0x3d07c));
        let two = Index::<3>::new(2)
            .zip(Index::<2>::new(1))
            .map(|(a, b)| w.indexed2::<0x10, 0x100, 3, 0x1000, 2>(a, b).get());
        assert_eq!(two, Some(0x3a000 + 0x10 + 0x200 + 0x1000));
        // The highest window that fits: its last word is the last 24-bit address.
        let top = CeWindow::<0x10>::new::<0x00ff_fff0>();
        assert_eq!(top.reg::<0xc>().get(), 0x00ff_fffc);
    }

    #[test]
    fn addresses_beyond_24_bits_are_refused_not_masked() {
        assert_eq!(CeAddr::new(0x0100_0000), None);
        assert_eq!(CeAddr::new(0x00ff_fffc).map(CeAddr::get), Some(0x00ff_fffc));
        assert_eq!(
            CeAddr::new(0x00ff_fffc).and_then(|a| a.offset(4)),
            None,
            "offset past 24 bits must not wrap"
        );
        assert!(
            CommandElement::from_bytes([0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).is_none()
        );
    }
}
