//! What the BAM driver needs to know about a BAM revision and a SoC's lock setup.
//!
//! The generator implements [`BamRevision`] for every BAM block revision (from its YAML: offsets,
//! strides and field masks) and emits one [`LockTarget`] per SoC with a lock section, so the
//! driver in `socgen-bam` is specialised per target without knowing any SoC itself.

use super::{CeAddr, CeFormat};

/// Typed values of the BAM registers the driver programs (`CTRL`, `P_CTRL`, `P_IRQ_EN`...),
/// generated from the register catalogue every bundled BAM revision shares
/// (`socs/blocks/bam/shared/registers.yaml`) and checked in: the driver builds its register
/// writes from them (`PCtrl::ZERO.with_p_en(true)`) instead of raw masks. The validator refuses
/// a `bam` revision whose fields differ from these (E0117), so they hold for every revision a
/// generated `Layout` exists for.
#[rustfmt::skip]
// Field placement shifts by constants below 32 and masks the result, so it cannot overflow.
#[allow(clippy::arithmetic_side_effects)]
pub mod regs {
// @generated begin: `SOCGEN_BLESS=1 cargo test -p socgen --test bam_standins` rewrites this
// region from socs/blocks/bam/ (emit::rust::bam_runtime_values); do not edit it by hand.
/// `CTRL` register value: BAM global control: software reset, enable, descriptor cache.
///
/// Access `rw`, reset value unknown.
///
/// Access inferred from driver usage: bam_init (bam_reset in newer copies) reads BAM_CTRL and writes it back with BAM_SW_RST set, then cleared, then BAM_EN set
///
/// Source: torvalds/linux drivers/dma/qcom/bam_dma.c @ 00c4747a2f64d8d8f7db10127b394e915b20a7f4 (also 8440d4a7; brgl/linux 0462551d, identical definitions): the register bit #defines
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Ctrl(u32);
impl Ctrl {
    /// All bits zero.
    pub const ZERO: Self = Self(0);
    /// The value of raw register bits.
    #[inline]
    pub const fn from_bits(bits: u32) -> Self {
        Self(bits)
    }
    /// The raw register bits.
    #[inline]
    pub const fn to_bits(self) -> u32 {
        self.0
    }
    /// `BAM_SW_RST` (bit 0, `rw`): Software reset: the driver sets it, then clears it.
    #[inline]
    pub const fn bam_sw_rst(self) -> bool {
        self.0 & 0x1 != 0
    }
    /// Sets or clears `BAM_SW_RST`.
    #[inline]
    pub const fn with_bam_sw_rst(self, value: bool) -> Self {
        if value { Self(self.0 | 0x1) } else { Self(self.0 & !0x1) }
    }
    /// `BAM_EN` (bit 1, `rw`): BAM enable.
    #[inline]
    pub const fn bam_en(self) -> bool {
        self.0 & 0x2 != 0
    }
    /// Sets or clears `BAM_EN`.
    #[inline]
    pub const fn with_bam_en(self, value: bool) -> Self {
        if value { Self(self.0 | 0x2) } else { Self(self.0 & !0x2) }
    }
    /// `BAM_EN_ACCUM` (bit 4, `rw`): Accumulation enable.
    #[inline]
    pub const fn bam_en_accum(self) -> bool {
        self.0 & 0x10 != 0
    }
    /// Sets or clears `BAM_EN_ACCUM`.
    #[inline]
    pub const fn with_bam_en_accum(self, value: bool) -> Self {
        if value { Self(self.0 | 0x10) } else { Self(self.0 & !0x10) }
    }
    /// `BAM_TESTBUS_SEL` (bits 10:5, `rw`): Test bus select.
    #[inline]
    pub const fn bam_testbus_sel(self) -> u32 {
        (self.0 >> 5) & 0x3f
    }
    /// Sets `BAM_TESTBUS_SEL` to the constant `V`; a `V` that does not fit is a compile error.
    #[inline]
    pub const fn with_bam_testbus_sel<const V: u32>(self) -> Self {
        const {
            assert!(V <= 0x3f, "value does not fit the 6-bit field `BAM_TESTBUS_SEL`")
        };
        Self((self.0 & !0x7e0) | (V << 5))
    }
    /// Sets `BAM_TESTBUS_SEL`, or fails if `value` does not fit.
    #[inline]
    pub const fn try_with_bam_testbus_sel(
        self,
        value: u32,
    ) -> Result<Self, super::super::FieldOverflow> {
        if value > 0x3f {
            return Err(super::super::FieldOverflow {
                value,
                width: 6,
            });
        }
        Ok(Self((self.0 & !0x7e0) | (value << 5)))
    }
    /// `BAM_DESC_CACHE_SEL` (bits 14:13, `rw`): Descriptor cache select.
    #[inline]
    pub const fn bam_desc_cache_sel(self) -> u32 {
        (self.0 >> 13) & 0x3
    }
    /// Sets `BAM_DESC_CACHE_SEL` to the constant `V`; a `V` that does not fit is a compile error.
    #[inline]
    pub const fn with_bam_desc_cache_sel<const V: u32>(self) -> Self {
        const {
            assert!(V <= 0x3, "value does not fit the 2-bit field `BAM_DESC_CACHE_SEL`")
        };
        Self((self.0 & !0x6000) | (V << 13))
    }
    /// Sets `BAM_DESC_CACHE_SEL`, or fails if `value` does not fit.
    #[inline]
    pub const fn try_with_bam_desc_cache_sel(
        self,
        value: u32,
    ) -> Result<Self, super::super::FieldOverflow> {
        if value > 0x3 {
            return Err(super::super::FieldOverflow {
                value,
                width: 2,
            });
        }
        Ok(Self((self.0 & !0x6000) | (value << 13)))
    }
    /// `BAM_CACHED_DESC_STORE` (bit 15, `rw`): Cached descriptor store.
    #[inline]
    pub const fn bam_cached_desc_store(self) -> bool {
        self.0 & 0x8000 != 0
    }
    /// Sets or clears `BAM_CACHED_DESC_STORE`.
    #[inline]
    pub const fn with_bam_cached_desc_store(self, value: bool) -> Self {
        if value { Self(self.0 | 0x8000) } else { Self(self.0 & !0x8000) }
    }
    /// `IBC_DISABLE` (bit 16, `rw`): IBC disable.
    #[inline]
    pub const fn ibc_disable(self) -> bool {
        self.0 & 0x10000 != 0
    }
    /// Sets or clears `IBC_DISABLE`.
    #[inline]
    pub const fn with_ibc_disable(self, value: bool) -> Self {
        if value { Self(self.0 | 0x10000) } else { Self(self.0 & !0x10000) }
    }
}
impl super::super::Bits for Ctrl {
    const W1C_MASK: u32 = 0x0;
    const FROM_BITS: fn(u32) -> Self = Self::from_bits;
    const TO_BITS: fn(Self) -> u32 = Self::to_bits;
}
impl core::fmt::Debug for Ctrl {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Ctrl")
            .field("bam_sw_rst", &self.bam_sw_rst())
            .field("bam_en", &self.bam_en())
            .field("bam_en_accum", &self.bam_en_accum())
            .field("bam_testbus_sel", &self.bam_testbus_sel())
            .field("bam_desc_cache_sel", &self.bam_desc_cache_sel())
            .field("bam_cached_desc_store", &self.bam_cached_desc_store())
            .field("ibc_disable", &self.ibc_disable())
            .finish()
    }
}
/// `IRQ` fieldset value: BAM-level interrupt bits: bam_dma.c defines the same bits for BAM_IRQ_STTS (*_IRQ), BAM_IRQ_CLR (*_CLR) and BAM_IRQ_EN (*_EN).
///
/// The value of `IRQ_STTS` (`ro`), `IRQ_CLR` (`wo`), `IRQ_EN` (`unknown`): each register's access decides whether it is read or written. Reset value unknown.
///
/// Source: torvalds/linux drivers/dma/qcom/bam_dma.c @ 00c4747a2f64d8d8f7db10127b394e915b20a7f4 (also 8440d4a7; brgl/linux 0462551d, identical definitions): the register bit #defines
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Irq(u32);
impl Irq {
    /// All bits zero.
    pub const ZERO: Self = Self(0);
    /// The value of raw register bits.
    #[inline]
    pub const fn from_bits(bits: u32) -> Self {
        Self(bits)
    }
    /// The raw register bits.
    #[inline]
    pub const fn to_bits(self) -> u32 {
        self.0
    }
    /// `BAM_HRESP_ERR` (bit 1, `unknown`): Bus (HRESP) error.
    #[inline]
    pub const fn bam_hresp_err(self) -> bool {
        self.0 & 0x2 != 0
    }
    /// Sets or clears `BAM_HRESP_ERR`.
    #[inline]
    pub const fn with_bam_hresp_err(self, value: bool) -> Self {
        if value { Self(self.0 | 0x2) } else { Self(self.0 & !0x2) }
    }
    /// `BAM_ERROR` (bit 2, `unknown`): BAM error.
    #[inline]
    pub const fn bam_error(self) -> bool {
        self.0 & 0x4 != 0
    }
    /// Sets or clears `BAM_ERROR`.
    #[inline]
    pub const fn with_bam_error(self, value: bool) -> Self {
        if value { Self(self.0 | 0x4) } else { Self(self.0 & !0x4) }
    }
    /// `BAM_EMPTY` (bit 3, `unknown`): BAM empty.
    #[inline]
    pub const fn bam_empty(self) -> bool {
        self.0 & 0x8 != 0
    }
    /// Sets or clears `BAM_EMPTY`.
    #[inline]
    pub const fn with_bam_empty(self, value: bool) -> Self {
        if value { Self(self.0 | 0x8) } else { Self(self.0 & !0x8) }
    }
    /// `BAM_TIMER` (bit 4, `unknown`): Timer.
    #[inline]
    pub const fn bam_timer(self) -> bool {
        self.0 & 0x10 != 0
    }
    /// Sets or clears `BAM_TIMER`.
    #[inline]
    pub const fn with_bam_timer(self, value: bool) -> Self {
        if value { Self(self.0 | 0x10) } else { Self(self.0 & !0x10) }
    }
}
impl super::super::Bits for Irq {
    const W1C_MASK: u32 = 0x0;
    const FROM_BITS: fn(u32) -> Self = Self::from_bits;
    const TO_BITS: fn(Self) -> u32 = Self::to_bits;
}
impl core::fmt::Debug for Irq {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Irq")
            .field("bam_hresp_err", &self.bam_hresp_err())
            .field("bam_error", &self.bam_error())
            .field("bam_empty", &self.bam_empty())
            .field("bam_timer", &self.bam_timer())
            .finish()
    }
}
/// `IRQ_SOURCE` fieldset value: Interrupt sources: one bit per pipe plus the BAM-level interrupt.
///
/// The value of `IRQ_SRCS` (`unknown`), `IRQ_SRCS_EE` (`ro`): each register's access decides whether it is read or written. Reset value unknown.
///
/// Source: torvalds/linux drivers/dma/qcom/bam_dma.c @ 00c4747a2f64d8d8f7db10127b394e915b20a7f4 (also 8440d4a7; brgl/linux 0462551d, identical definitions): the register bit #defines
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IrqSource(u32);
impl IrqSource {
    /// All bits zero.
    pub const ZERO: Self = Self(0);
    /// The value of raw register bits.
    #[inline]
    pub const fn from_bits(bits: u32) -> Self {
        Self(bits)
    }
    /// The raw register bits.
    #[inline]
    pub const fn to_bits(self) -> u32 {
        self.0
    }
    /// `P_IRQ` (bits 30:0, `unknown`): One bit per pipe (bit n = pipe n).
    #[inline]
    pub const fn p_irq(self) -> u32 {
        self.0 & 0x7fffffff
    }
    /// Sets `P_IRQ` to the constant `V`; a `V` that does not fit is a compile error.
    #[inline]
    pub const fn with_p_irq<const V: u32>(self) -> Self {
        const {
            assert!(V <= 0x7fffffff, "value does not fit the 31-bit field `P_IRQ`")
        };
        Self((self.0 & !0x7fffffff) | V)
    }
    /// Sets `P_IRQ`, or fails if `value` does not fit.
    #[inline]
    pub const fn try_with_p_irq(
        self,
        value: u32,
    ) -> Result<Self, super::super::FieldOverflow> {
        if value > 0x7fffffff {
            return Err(super::super::FieldOverflow {
                value,
                width: 31,
            });
        }
        Ok(Self((self.0 & !0x7fffffff) | value))
    }
    /// `BAM_IRQ` (bit 31, `unknown`): BAM-level interrupt (details in IRQ_STTS).
    #[inline]
    pub const fn bam_irq(self) -> bool {
        self.0 & 0x80000000 != 0
    }
    /// Sets or clears `BAM_IRQ`.
    #[inline]
    pub const fn with_bam_irq(self, value: bool) -> Self {
        if value { Self(self.0 | 0x80000000) } else { Self(self.0 & !0x80000000) }
    }
}
impl super::super::Bits for IrqSource {
    const W1C_MASK: u32 = 0x0;
    const FROM_BITS: fn(u32) -> Self = Self::from_bits;
    const TO_BITS: fn(Self) -> u32 = Self::to_bits;
}
impl core::fmt::Debug for IrqSource {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("IrqSource")
            .field("p_irq", &self.p_irq())
            .field("bam_irq", &self.bam_irq())
            .finish()
    }
}
/// `IRQ_SOURCE_MASK` fieldset value: Interrupt source mask: one bit per pipe plus the BAM-level interrupt (bam_dma.c: P_IRQ_MSK = P_IRQ, BAM_IRQ_MSK = BAM_IRQ).
///
/// The value of `IRQ_SRCS_MSK` (`unknown`), `IRQ_SRCS_MSK_EE` (`rw`): each register's access decides whether it is read or written. Reset value unknown.
///
/// Source: torvalds/linux drivers/dma/qcom/bam_dma.c @ 00c4747a2f64d8d8f7db10127b394e915b20a7f4 (also 8440d4a7; brgl/linux 0462551d, identical definitions): the register bit #defines
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IrqSourceMask(u32);
impl IrqSourceMask {
    /// All bits zero.
    pub const ZERO: Self = Self(0);
    /// The value of raw register bits.
    #[inline]
    pub const fn from_bits(bits: u32) -> Self {
        Self(bits)
    }
    /// The raw register bits.
    #[inline]
    pub const fn to_bits(self) -> u32 {
        self.0
    }
    /// `P_IRQ_MSK` (bits 30:0, `unknown`): One bit per pipe.
    #[inline]
    pub const fn p_irq_msk(self) -> u32 {
        self.0 & 0x7fffffff
    }
    /// Sets `P_IRQ_MSK` to the constant `V`; a `V` that does not fit is a compile error.
    #[inline]
    pub const fn with_p_irq_msk<const V: u32>(self) -> Self {
        const {
            assert!(V <= 0x7fffffff, "value does not fit the 31-bit field `P_IRQ_MSK`")
        };
        Self((self.0 & !0x7fffffff) | V)
    }
    /// Sets `P_IRQ_MSK`, or fails if `value` does not fit.
    #[inline]
    pub const fn try_with_p_irq_msk(
        self,
        value: u32,
    ) -> Result<Self, super::super::FieldOverflow> {
        if value > 0x7fffffff {
            return Err(super::super::FieldOverflow {
                value,
                width: 31,
            });
        }
        Ok(Self((self.0 & !0x7fffffff) | value))
    }
    /// `BAM_IRQ` (bit 31, `unknown`): BAM-level interrupt (BAM_IRQ_MSK in bam_dma.c).
    #[inline]
    pub const fn bam_irq(self) -> bool {
        self.0 & 0x80000000 != 0
    }
    /// Sets or clears `BAM_IRQ`.
    #[inline]
    pub const fn with_bam_irq(self, value: bool) -> Self {
        if value { Self(self.0 | 0x80000000) } else { Self(self.0 & !0x80000000) }
    }
}
impl super::super::Bits for IrqSourceMask {
    const W1C_MASK: u32 = 0x0;
    const FROM_BITS: fn(u32) -> Self = Self::from_bits;
    const TO_BITS: fn(Self) -> u32 = Self::to_bits;
}
impl core::fmt::Debug for IrqSourceMask {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("IrqSourceMask")
            .field("p_irq_msk", &self.p_irq_msk())
            .field("bam_irq", &self.bam_irq())
            .finish()
    }
}
/// `P_CTRL` register value: Pipe control; the driver writes P_EN | P_SYS_MODE (0x22), plus P_DIRECTION for peripheral-to-memory pipes (0x2a).
///
/// One type for every `bam` revision, generated from the catalogue: it keeps every field of the catalogue's `P_CTRL`, also those some revisions lack: `P_WRITE_NWD` (not on v1.3.0), `P_LOCK_GROUP` (not on v1.3.0). The driver never sets `P_WRITE_NWD`. The driver sets `P_LOCK_GROUP` only on revisions with pipe locking (`PipeLocking`), which must have it (E0115, E0117). On a revision without such a field the driver leaves its bits 0.
///
/// Access `unknown`, reset value unknown.
///
/// Source: torvalds/linux drivers/dma/qcom/bam_dma.c @ 00c4747a2f64d8d8f7db10127b394e915b20a7f4 (also 8440d4a7; brgl/linux 0462551d, identical definitions): the register bit #defines
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PCtrl(u32);
impl PCtrl {
    /// All bits zero.
    pub const ZERO: Self = Self(0);
    /// The value of raw register bits.
    #[inline]
    pub const fn from_bits(bits: u32) -> Self {
        Self(bits)
    }
    /// The raw register bits.
    #[inline]
    pub const fn to_bits(self) -> u32 {
        self.0
    }
    /// `P_EN` (bit 1, `unknown`): Pipe enable.
    #[inline]
    pub const fn p_en(self) -> bool {
        self.0 & 0x2 != 0
    }
    /// Sets or clears `P_EN`.
    #[inline]
    pub const fn with_p_en(self, value: bool) -> Self {
        if value { Self(self.0 | 0x2) } else { Self(self.0 & !0x2) }
    }
    /// `P_DIRECTION` (bit 3, `unknown`): Direction: set for peripheral-to-memory (DMA_DEV_TO_MEM) pipes.
    #[inline]
    pub const fn p_direction(self) -> bool {
        self.0 & 0x8 != 0
    }
    /// Sets or clears `P_DIRECTION`.
    #[inline]
    pub const fn with_p_direction(self, value: bool) -> Self {
        if value { Self(self.0 | 0x8) } else { Self(self.0 & !0x8) }
    }
    /// `P_SYS_STRM` (bit 4, `unknown`): System stream.
    #[inline]
    pub const fn p_sys_strm(self) -> bool {
        self.0 & 0x10 != 0
    }
    /// Sets or clears `P_SYS_STRM`.
    #[inline]
    pub const fn with_p_sys_strm(self, value: bool) -> Self {
        if value { Self(self.0 | 0x10) } else { Self(self.0 & !0x10) }
    }
    /// `P_SYS_MODE` (bit 5, `unknown`): System mode (the driver always sets it).
    #[inline]
    pub const fn p_sys_mode(self) -> bool {
        self.0 & 0x20 != 0
    }
    /// Sets or clears `P_SYS_MODE`.
    #[inline]
    pub const fn with_p_sys_mode(self, value: bool) -> Self {
        if value { Self(self.0 | 0x20) } else { Self(self.0 & !0x20) }
    }
    /// `P_AUTO_EOB` (bit 6, `unknown`): Automatic end of block.
    #[inline]
    pub const fn p_auto_eob(self) -> bool {
        self.0 & 0x40 != 0
    }
    /// Sets or clears `P_AUTO_EOB`.
    #[inline]
    pub const fn with_p_auto_eob(self, value: bool) -> Self {
        if value { Self(self.0 | 0x40) } else { Self(self.0 & !0x40) }
    }
    /// `P_AUTO_EOB_SEL` (bits 8:7, `unknown`): Automatic end-of-block selection.
    ///
    /// Access inferred from driver usage: width 2 derived from the listed values 0..3 (bam_dma.c gives only P_AUTO_EOB_SEL_SHIFT 7)
    #[inline]
    pub const fn p_auto_eob_sel(self) -> p_ctrl::PAutoEobSel {
        p_ctrl::PAutoEobSel::from_bits(self.0 >> 7)
    }
    /// Sets `P_AUTO_EOB_SEL`.
    #[inline]
    pub const fn with_p_auto_eob_sel(self, value: p_ctrl::PAutoEobSel) -> Self {
        Self((self.0 & !0x180) | ((value.to_bits() << 7) & 0x180))
    }
    /// `P_PREFETCH_LIMIT` (bits 10:9, `unknown`): Prefetch limit.
    ///
    /// Access inferred from driver usage: width 2 derived from the listed values 0..2 (bam_dma.c gives only P_PREFETCH_LIMIT_SHIFT 9)
    #[inline]
    pub const fn p_prefetch_limit(self) -> p_ctrl::PPrefetchLimit {
        p_ctrl::PPrefetchLimit::from_bits(self.0 >> 9)
    }
    /// Sets `P_PREFETCH_LIMIT`.
    #[inline]
    pub const fn with_p_prefetch_limit(self, value: p_ctrl::PPrefetchLimit) -> Self {
        Self((self.0 & !0x600) | ((value.to_bits() << 9) & 0x600))
    }
    /// `P_WRITE_NWD` (bit 11, `unknown`): Write NWD.
    #[inline]
    pub const fn p_write_nwd(self) -> bool {
        self.0 & 0x800 != 0
    }
    /// Sets or clears `P_WRITE_NWD`.
    #[inline]
    pub const fn with_p_write_nwd(self, value: bool) -> Self {
        if value { Self(self.0 | 0x800) } else { Self(self.0 & !0x800) }
    }
    /// `P_LOCK_GROUP` (bits 20:16, `unknown`): Lock group of the pipe: while a pipe holds the lock, the BAM stalls pipes outside its group (series v16 cover letter). P_LOCK_GROUP_SHIFT/MASK are defined in bam_dma.c but used nowhere; vendor bam.c writes the field in bam_pipe_init() (arter97/caf_msm-5.4@0625c48c2d20:drivers/platform/msm/sps/bam.c).
    #[inline]
    pub const fn p_lock_group(self) -> u32 {
        (self.0 >> 16) & 0x1f
    }
    /// Sets `P_LOCK_GROUP` to the constant `V`; a `V` that does not fit is a compile error.
    #[inline]
    pub const fn with_p_lock_group<const V: u32>(self) -> Self {
        const {
            assert!(V <= 0x1f, "value does not fit the 5-bit field `P_LOCK_GROUP`")
        };
        Self((self.0 & !0x1f0000) | (V << 16))
    }
    /// Sets `P_LOCK_GROUP`, or fails if `value` does not fit.
    #[inline]
    pub const fn try_with_p_lock_group(
        self,
        value: u32,
    ) -> Result<Self, super::super::FieldOverflow> {
        if value > 0x1f {
            return Err(super::super::FieldOverflow {
                value,
                width: 5,
            });
        }
        Ok(Self((self.0 & !0x1f0000) | (value << 16)))
    }
}
impl super::super::Bits for PCtrl {
    const W1C_MASK: u32 = 0x0;
    const FROM_BITS: fn(u32) -> Self = Self::from_bits;
    const TO_BITS: fn(Self) -> u32 = Self::to_bits;
}
impl core::fmt::Debug for PCtrl {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PCtrl")
            .field("p_en", &self.p_en())
            .field("p_direction", &self.p_direction())
            .field("p_sys_strm", &self.p_sys_strm())
            .field("p_sys_mode", &self.p_sys_mode())
            .field("p_auto_eob", &self.p_auto_eob())
            .field("p_auto_eob_sel", &self.p_auto_eob_sel())
            .field("p_prefetch_limit", &self.p_prefetch_limit())
            .field("p_write_nwd", &self.p_write_nwd())
            .field("p_lock_group", &self.p_lock_group())
            .finish()
    }
}
/// Field value types of `P_CTRL`.
pub mod p_ctrl {
    /// Values of `P_AUTO_EOB_SEL` (bits 8:7, `unknown`): Automatic end-of-block selection.
    ///
    /// Access inferred from driver usage: width 2 derived from the listed values 0..3 (bam_dma.c gives only P_AUTO_EOB_SEL_SHIFT 7)
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    #[repr(u32)]
    pub enum PAutoEobSel {
        /// `SIZE_512` = 0. P_AUTO_EOB_SEL_512 (bam_dma.c gives no unit)
        Size512 = 0x0,
        /// `SIZE_256` = 1. P_AUTO_EOB_SEL_256
        Size256 = 0x1,
        /// `SIZE_128` = 2. P_AUTO_EOB_SEL_128
        Size128 = 0x2,
        /// `SIZE_64` = 3. P_AUTO_EOB_SEL_64
        Size64 = 0x3,
    }
    impl PAutoEobSel {
        /// The value of the field bits (masked to the field width).
        #[inline]
        pub const fn from_bits(bits: u32) -> Self {
            match bits & 0x3 {
                0x0 => Self::Size512,
                0x1 => Self::Size256,
                0x2 => Self::Size128,
                _ => Self::Size64,
            }
        }
        /// The field bits.
        #[inline]
        pub const fn to_bits(self) -> u32 {
            self as u32
        }
    }
    /// Values of `P_PREFETCH_LIMIT` (bits 10:9, `unknown`): Prefetch limit.
    ///
    /// Access inferred from driver usage: width 2 derived from the listed values 0..2 (bam_dma.c gives only P_PREFETCH_LIMIT_SHIFT 9)
    ///
    /// Not every value has a name, so this is an open set of constants.
    #[derive(Clone, Copy, PartialEq, Eq, Hash)]
    pub struct PPrefetchLimit(u32);
    impl PPrefetchLimit {
        /// `LIMIT_32` = 0. P_PREFETCH_LIMIT_32 (bam_dma.c gives no unit)
        pub const LIMIT_32: Self = Self(0x0);
        /// `LIMIT_16` = 1. P_PREFETCH_LIMIT_16
        pub const LIMIT_16: Self = Self(0x1);
        /// `LIMIT_4` = 2. P_PREFETCH_LIMIT_4
        pub const LIMIT_4: Self = Self(0x2);
        /// The value of the field bits (masked to the field width).
        #[inline]
        pub const fn from_bits(bits: u32) -> Self {
            Self(bits & 0x3)
        }
        /// `value`, or `None` if it does not fit the field.
        #[inline]
        pub const fn new(value: u32) -> Option<Self> {
            if value <= 0x3 { Some(Self(value)) } else { None }
        }
        /// The field bits.
        #[inline]
        pub const fn to_bits(self) -> u32 {
            self.0
        }
        /// The value's name, if it has one.
        pub const fn name(self) -> Option<&'static str> {
            match self.0 {
                0x0 => Some("LIMIT_32"),
                0x1 => Some("LIMIT_16"),
                0x2 => Some("LIMIT_4"),
                _ => None,
            }
        }
    }
    impl core::fmt::Debug for PPrefetchLimit {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            match self.name() {
                Some(name) => f.write_str(name),
                None => write!(f, "{:#x}", self.0),
            }
        }
    }
}
/// `P_IRQ` fieldset value: Pipe interrupt bits, as bam_dma.c defines them for BAM_P_IRQ_EN (P_*_EN).
///
/// The value of `P_IRQ_STTS` (`ro`), `P_IRQ_CLR` (`wo`), `P_IRQ_EN` (`unknown`): each register's access decides whether it is read or written. Reset value unknown.
///
/// `P_IRQ_STTS` has this layout by inference: layout taken from P_IRQ_EN: process_channel_irqs (bam_dma.c) writes the value read from P_IRQ_STTS unchanged to P_IRQ_CLR; no source lists these bits
///
/// `P_IRQ_CLR` has this layout by inference: layout taken from P_IRQ_EN: process_channel_irqs (bam_dma.c) writes the value read from P_IRQ_STTS unchanged to P_IRQ_CLR; no source lists these bits
///
/// Source: torvalds/linux drivers/dma/qcom/bam_dma.c @ 00c4747a2f64d8d8f7db10127b394e915b20a7f4 (also 8440d4a7; brgl/linux 0462551d, identical definitions): the register bit #defines
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PIrq(u32);
impl PIrq {
    /// All bits zero.
    pub const ZERO: Self = Self(0);
    /// The value of raw register bits.
    #[inline]
    pub const fn from_bits(bits: u32) -> Self {
        Self(bits)
    }
    /// The raw register bits.
    #[inline]
    pub const fn to_bits(self) -> u32 {
        self.0
    }
    /// `P_PRCSD_DESC` (bit 0, `unknown`): A descriptor was processed.
    #[inline]
    pub const fn p_prcsd_desc(self) -> bool {
        self.0 & 0x1 != 0
    }
    /// Sets or clears `P_PRCSD_DESC`.
    #[inline]
    pub const fn with_p_prcsd_desc(self, value: bool) -> Self {
        if value { Self(self.0 | 0x1) } else { Self(self.0 & !0x1) }
    }
    /// `P_TIMER` (bit 1, `unknown`): Timer.
    #[inline]
    pub const fn p_timer(self) -> bool {
        self.0 & 0x2 != 0
    }
    /// Sets or clears `P_TIMER`.
    #[inline]
    pub const fn with_p_timer(self, value: bool) -> Self {
        if value { Self(self.0 | 0x2) } else { Self(self.0 & !0x2) }
    }
    /// `P_WAKE` (bit 2, `unknown`): Wake.
    #[inline]
    pub const fn p_wake(self) -> bool {
        self.0 & 0x4 != 0
    }
    /// Sets or clears `P_WAKE`.
    #[inline]
    pub const fn with_p_wake(self, value: bool) -> Self {
        if value { Self(self.0 | 0x4) } else { Self(self.0 & !0x4) }
    }
    /// `P_OUT_OF_DESC` (bit 3, `unknown`): Out of descriptors.
    #[inline]
    pub const fn p_out_of_desc(self) -> bool {
        self.0 & 0x8 != 0
    }
    /// Sets or clears `P_OUT_OF_DESC`.
    #[inline]
    pub const fn with_p_out_of_desc(self, value: bool) -> Self {
        if value { Self(self.0 | 0x8) } else { Self(self.0 & !0x8) }
    }
    /// `P_ERR` (bit 4, `unknown`): Pipe error.
    #[inline]
    pub const fn p_err(self) -> bool {
        self.0 & 0x10 != 0
    }
    /// Sets or clears `P_ERR`.
    #[inline]
    pub const fn with_p_err(self, value: bool) -> Self {
        if value { Self(self.0 | 0x10) } else { Self(self.0 & !0x10) }
    }
    /// `P_TRNSFR_END` (bit 5, `unknown`): Transfer end.
    #[inline]
    pub const fn p_trnsfr_end(self) -> bool {
        self.0 & 0x20 != 0
    }
    /// Sets or clears `P_TRNSFR_END`.
    #[inline]
    pub const fn with_p_trnsfr_end(self, value: bool) -> Self {
        if value { Self(self.0 | 0x20) } else { Self(self.0 & !0x20) }
    }
}
impl super::super::Bits for PIrq {
    const W1C_MASK: u32 = 0x0;
    const FROM_BITS: fn(u32) -> Self = Self::from_bits;
    const TO_BITS: fn(Self) -> u32 = Self::to_bits;
}
impl core::fmt::Debug for PIrq {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PIrq")
            .field("p_prcsd_desc", &self.p_prcsd_desc())
            .field("p_timer", &self.p_timer())
            .field("p_wake", &self.p_wake())
            .field("p_out_of_desc", &self.p_out_of_desc())
            .field("p_err", &self.p_err())
            .field("p_trnsfr_end", &self.p_trnsfr_end())
            .finish()
    }
}
/// `P_SW_OFSTS` register value: Pipe software offsets: how far the hardware has got, as a descriptor FIFO byte offset.
///
/// Access `ro`, reset value unknown.
///
/// Access inferred from driver usage: bam_dma.c only reads BAM_P_SW_OFSTS (process_channel_irqs)
///
/// Source: torvalds/linux drivers/dma/qcom/bam_dma.c @ 00c4747a2f64d8d8f7db10127b394e915b20a7f4 (also 8440d4a7; brgl/linux 0462551d, identical definitions): the register bit #defines
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PSwOfsts(u32);
impl PSwOfsts {
    /// All bits zero.
    pub const ZERO: Self = Self(0);
    /// The value of raw register bits.
    #[inline]
    pub const fn from_bits(bits: u32) -> Self {
        Self(bits)
    }
    /// The raw register bits.
    #[inline]
    pub const fn to_bits(self) -> u32 {
        self.0
    }
    /// `SW_OFSTS` (bits 15:0, `ro`): Descriptor FIFO byte offset the hardware has reached (P_SW_OFSTS_MASK 0xffff).
    #[inline]
    pub const fn sw_ofsts(self) -> u32 {
        self.0 & 0xffff
    }
}
impl super::super::Bits for PSwOfsts {
    const W1C_MASK: u32 = 0x0;
    const FROM_BITS: fn(u32) -> Self = Self::from_bits;
    const TO_BITS: fn(Self) -> u32 = Self::to_bits;
}
impl core::fmt::Debug for PSwOfsts {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PSwOfsts").field("sw_ofsts", &self.sw_ofsts()).finish()
    }
}
// @generated end
}

/// Where one BAM register lives: `offset + pipe * pipe_stride + ee * ee_stride`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegLoc {
    /// Offset of copy 0 from the BAM base.
    pub offset: u32,
    /// Bytes between the copies of consecutive pipes (0 for a global register).
    pub pipe_stride: u32,
    /// Bytes between the copies of consecutive execution environments (0 if not per EE).
    pub ee_stride: u32,
}

impl RegLoc {
    /// The byte offset of the copy for `pipe` and `ee`, or `None` if it overflows.
    #[inline]
    pub const fn at(self, pipe: u32, ee: u32) -> Option<usize> {
        let Some(p) = pipe.checked_mul(self.pipe_stride) else {
            return None;
        };
        let Some(e) = ee.checked_mul(self.ee_stride) else {
            return None;
        };
        let Some(sum) = self.offset.checked_add(p) else {
            return None;
        };
        match sum.checked_add(e) {
            Some(v) => Some(v as usize),
            None => None,
        }
    }
}

/// The register layout and capabilities of one BAM revision (v1.3.0, v1.4.0, v1.7.0...).
///
/// Implemented by generated code from `socs/blocks/bam/<revision>.yaml`. The driver takes the
/// register locations from here and builds and decodes values with [`regs`] (so do the fake BAM
/// and the model), whose fields the validator holds every revision to (E0117).
pub trait BamRevision {
    /// The revision name, e.g. `"v1.7.0"`.
    const REVISION: &'static str;
    /// Whether this revision honours LOCK/UNLOCK descriptor flags.
    const PIPE_LOCKING: bool;
    /// The hardware limit on pipe numbers.
    const MAX_PIPES: u32;
    /// How this revision encodes command elements (the destination of a read element).
    const COMMAND_ELEMENT: CeFormat;

    /// `CTRL`.
    const CTRL: RegLoc;
    /// `REVISION`.
    const REVISION_REG: RegLoc;
    /// `NUM_PIPES`.
    const NUM_PIPES: RegLoc;
    /// `DESC_CNT_TRSHLD`.
    const DESC_CNT_TRSHLD: RegLoc;
    /// `IRQ_SRCS`.
    const IRQ_SRCS: RegLoc;
    /// `IRQ_SRCS_MSK`.
    const IRQ_SRCS_MSK: RegLoc;
    /// `IRQ_STTS`.
    const IRQ_STTS: RegLoc;
    /// `IRQ_CLR`.
    const IRQ_CLR: RegLoc;
    /// `IRQ_EN`.
    const IRQ_EN: RegLoc;
    /// `CNFG_BITS`.
    const CNFG_BITS: RegLoc;
    /// `IRQ_SRCS_EE` (per EE).
    const IRQ_SRCS_EE: RegLoc;
    /// `IRQ_SRCS_MSK_EE` (per EE).
    const IRQ_SRCS_MSK_EE: RegLoc;
    /// `P_CTRL` (per pipe).
    const P_CTRL: RegLoc;
    /// `P_RST` (per pipe).
    const P_RST: RegLoc;
    /// `P_HALT` (per pipe).
    const P_HALT: RegLoc;
    /// `P_IRQ_STTS` (per pipe).
    const P_IRQ_STTS: RegLoc;
    /// `P_IRQ_CLR` (per pipe).
    const P_IRQ_CLR: RegLoc;
    /// `P_IRQ_EN` (per pipe).
    const P_IRQ_EN: RegLoc;
    /// `P_EVNT_REG` (per pipe): the doorbell, written with the FIFO byte offset of the tail.
    const P_EVNT_REG: RegLoc;
    /// `P_SW_OFSTS` (per pipe): hardware progress, a FIFO byte offset in the low 16 bits.
    const P_SW_OFSTS: RegLoc;
    /// `P_DESC_FIFO_ADDR` (per pipe).
    const P_DESC_FIFO_ADDR: RegLoc;
    /// `P_FIFO_SIZES` (per pipe).
    const P_FIFO_SIZES: RegLoc;
    // No field masks: register values are the typed values of [`regs`], whose fields E0117
    // holds every `bam` revision to, so a location is all a revision has of its own.
}

/// A BAM revision whose YAML says it honours LOCK/UNLOCK. The generator implements it only for
/// such revisions, so asking for a locking pipe on v1.3.0 does not type-check.
/// The lock group goes into [`regs::PCtrl`]'s `P_LOCK_GROUP`, which E0115 requires of such a
/// revision.
pub trait PipeLocking: BamRevision {}

/// What the lock/unlock command element does to the scratchpad register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DummyAccess {
    /// Read the scratchpad into a driver-owned word. Always safe.
    Read,
    /// Write this value. Only emitted when the SoC file declares the scratchpad read-only and
    /// write-ignored.
    Write(u32),
}

/// One dummy command element: an access of one register, by command-element address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DummyElement {
    /// The register's command-element address in the SoC's address mode.
    pub register: CeAddr,
    /// What the element does to it.
    pub access: DummyAccess,
}

/// Where the LOCK and UNLOCK flags go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A dummy LOCK command descriptor at the head, a dummy UNLOCK one at the tail.
    Wrap,
    /// LOCK on the transaction's own first command descriptor, UNLOCK on its own trailing command
    /// descriptor; a dummy only where the transaction has none.
    Merge,
}

/// How command-element addresses are encoded on a SoC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressMode {
    /// The register's physical address, which must be below 2^24.
    Phys24,
    /// The low 18 bits of the register's physical address: its offset from the 256 KiB-aligned
    /// block that holds the BAM. The same as [`AddressMode::WrapperOffset18`] whenever the
    /// peripheral wrapper is 256 KiB aligned.
    BamOffset18,
    /// The register's offset from the peripheral wrapper's base, below 2^18; the wrapper
    /// need not be 256 KiB aligned (SDX75's QPIC at 0x01c98000 is not).
    WrapperOffset18 {
        /// The wrapper's physical base address.
        wrapper_base: u64,
    },
}

/// Why a physical address has no command-element address in an [`AddressMode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CeAddressError {
    /// `phys24`: the address needs more than 24 bits.
    Above24Bits,
    /// An 18-bit offset mode: the address lies below the reference (the BAM's 256 KiB block,
    /// or the wrapper).
    BelowReference {
        /// What offsets are measured from.
        reference: u64,
    },
    /// An 18-bit offset mode: the address is more than 2^18 bytes past the reference.
    Beyond18Bits {
        /// What offsets are measured from.
        reference: u64,
        /// The offset that does not fit.
        offset: u64,
    },
}

impl AddressMode {
    /// The physical address offsets are measured from when the BAM sits at `bam_base`: its
    /// 256 KiB-aligned block (`BamOffset18`) or the wrapper (`WrapperOffset18`); `None` for
    /// `Phys24`.
    pub const fn reference(self, bam_base: u64) -> Option<u64> {
        match self {
            AddressMode::Phys24 => None,
            AddressMode::BamOffset18 => Some(bam_base & !0x3_ffff),
            AddressMode::WrapperOffset18 { wrapper_base } => Some(wrapper_base),
        }
    }

    /// The command-element address of the physical address `addr` when the BAM sits at
    /// `bam_base`: the inverse of [`physical`](Self::physical). Never masks: an address the
    /// mode cannot express is an error.
    pub const fn encode(self, bam_base: u64, addr: u64) -> Result<u32, CeAddressError> {
        match self.reference(bam_base) {
            None => {
                if addr < 1 << 24 {
                    Ok(addr as u32)
                } else {
                    Err(CeAddressError::Above24Bits)
                }
            }
            Some(reference) => match addr.checked_sub(reference) {
                Some(offset) if offset < 1 << 18 => Ok(offset as u32),
                Some(offset) => Err(CeAddressError::Beyond18Bits { reference, offset }),
                None => Err(CeAddressError::BelowReference { reference }),
            },
        }
    }

    /// The physical address a command-element address `ce` refers to when the BAM sits at
    /// `bam_base`; `None` if `ce` does not fit the mode.
    pub const fn physical(self, bam_base: u64, ce: u32) -> Option<u64> {
        match self {
            AddressMode::Phys24 => {
                if ce >> 24 == 0 {
                    Some(ce as u64)
                } else {
                    None
                }
            }
            AddressMode::BamOffset18 => {
                if ce >> 18 == 0 {
                    (bam_base & !0x3_ffff).checked_add(ce as u64)
                } else {
                    None
                }
            }
            AddressMode::WrapperOffset18 { wrapper_base } => {
                if ce >> 18 == 0 {
                    wrapper_base.checked_add(ce as u64)
                } else {
                    None
                }
            }
        }
    }
}

/// One SoC's pipe-lock setup for a BAM client, as its YAML lock section says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockTarget {
    /// The SoC name.
    pub soc: &'static str,
    /// The BAM instance name.
    pub bam: &'static str,
    /// The BAM's physical base address.
    pub bam_base: u64,
    /// The BAM's register window size.
    pub bam_size: u64,
    /// The execution environment this side runs in (`qcom,ee`).
    pub ee: u32,
    /// The number of pipes of this BAM on this SoC.
    pub num_channels: u32,
    /// The BAM is set up by another execution environment: skip BAM-level init.
    pub controlled_remotely: bool,
    /// The pipe that carries the command descriptors and the lock (memory to peripheral).
    pub pipe: u32,
    /// The client's peripheral-to-memory pipe, if it has one.
    pub tx_pipe: Option<u32>,
    /// The lock group programmed into `P_CTRL.P_LOCK_GROUP` of `pipe` and `tx_pipe`: a lock
    /// held by a pipe excludes the pipes of other groups.
    pub lock_group: u32,
    /// The scratchpad register's command-element address in this SoC's address mode.
    pub scratchpad: CeAddr,
    /// The dummy access on the scratchpad.
    pub dummy: DummyAccess,
    /// Where the flags go.
    pub placement: Placement,
    /// How command-element addresses are encoded.
    pub address_mode: AddressMode,
}

/// A lock target together with its BAM revision: all a driver needs to build a locking pipe.
///
/// Generated per SoC (e.g. `qcom_socs::sm8550::Lock`). Only generated for BAM revisions
/// whose YAML says they support pipe locking.
pub trait LockTargetSpec {
    /// The BAM revision of the lock's BAM instance.
    type Revision: PipeLocking;
    /// The SoC's lock setup.
    const TARGET: LockTarget;
    /// What a dummy UNLOCK descriptor carries: by default the lock dummy (`TARGET.dummy` on
    /// `TARGET.scratchpad`). The vendor QCE driver, for one, unlocks with a write of `CONFIG`'s
    /// reset value 0xE01EF ([`UnlockWith::Element`]), and below crypto 5.3 with a command
    /// descriptor that has no element at all ([`UnlockWith::NoElement`]). The same descriptor,
    /// alone, is what the driver sends after resetting the locked pipe.
    const UNLOCK: UnlockWith = UnlockWith::LockDummy;
}

/// What a dummy UNLOCK command descriptor carries (the lock section's `unlock:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnlockWith {
    /// The lock dummy: `LockTarget::dummy` on `LockTarget::scratchpad`.
    LockDummy,
    /// One element of its own: an access of a register, e.g. a write of `CONFIG`'s reset value.
    Element(DummyElement),
    /// No element: a command descriptor of size 0 that only carries the flag.
    NoElement,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `encode` is the inverse of `physical` wherever it succeeds, and refuses instead of
    /// masking at each mode's edges.
    #[test]
    fn encode_inverts_physical_and_never_masks() {
        let bam = 0x1dc4000;
        let modes = [
            AddressMode::Phys24,
            AddressMode::BamOffset18,
            AddressMode::WrapperOffset18 {
                wrapper_base: 0x1c98000,
            },
        ];
        for mode in modes {
            for addr in [
                0x1dc4000u64,
                0x1dfa000,
                0x1c98000,
                0x1cd7ffc,
                0xff_fffc,
                0x100_0000,
            ] {
                match mode.encode(bam, addr) {
                    Ok(ce) => assert_eq!(mode.physical(bam, ce), Some(addr), "{mode:?} {addr:#x}"),
                    Err(_) => assert!(
                        (0..1u32 << 24)
                            .step_by(0x1000)
                            .all(|ce| mode.physical(bam, ce) != Some(addr)),
                        "{mode:?} {addr:#x} refused but expressible"
                    ),
                }
            }
        }
        assert_eq!(
            AddressMode::Phys24.encode(bam, 1 << 24),
            Err(CeAddressError::Above24Bits)
        );
        assert_eq!(
            AddressMode::BamOffset18.encode(bam, 0x1dc0000 + (1 << 18)),
            Err(CeAddressError::Beyond18Bits {
                reference: 0x1dc0000,
                offset: 1 << 18
            })
        );
        assert_eq!(
            AddressMode::BamOffset18.encode(bam, 0x1dbfffc),
            Err(CeAddressError::BelowReference {
                reference: 0x1dc0000
            })
        );
    }

    #[test]
    fn regloc_adds_strides_and_refuses_overflow() {
        let p_ctrl = RegLoc {
            offset: 0x13000,
            pipe_stride: 0x1000,
            ee_stride: 0,
        };
        assert_eq!(p_ctrl.at(4, 0), Some(0x17000));
        let ee = RegLoc {
            offset: 0x3000,
            pipe_stride: 0,
            ee_stride: 0x1000,
        };
        assert_eq!(ee.at(9, 2), Some(0x5000));
        assert_eq!(p_ctrl.at(u32::MAX, 0), None);
    }

    #[test]
    fn address_modes_name_their_reference_point() {
        // sm8550: BAM at 0x1dc4000, crypto at 0x1dfa000, 0x3a000 into the aligned block.
        assert_eq!(
            AddressMode::BamOffset18.physical(0x1dc_4000, 0x3_a000),
            Some(0x1df_a000)
        );
        // SDX75's QPIC wrapper at 0x1c98000 is not 256 KiB aligned.
        let wrapper = AddressMode::WrapperOffset18 {
            wrapper_base: 0x1c9_8000,
        };
        assert_eq!(wrapper.physical(0x1c9_c000, 0x3_0000), Some(0x1cc_8000));
        assert_eq!(wrapper.physical(0x1c9_c000, 0x4_0000), None);
        assert_eq!(AddressMode::Phys24.physical(0, 0x100_0000), None);
    }
}
