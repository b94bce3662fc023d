//! The BAM as a whole: reset and configuration, and its interrupt sources.

use crate::error::Error;
use core::marker::PhantomData;
use socgen_runtime::Io;
use socgen_runtime::bam::regs::{Ctrl, Irq, IrqSource, IrqSourceMask};
use socgen_runtime::bam::{BamRevision, LockTargetSpec, RegLoc};

/// `DESC_CNT_TRSHLD` after reset: bam_dma.c `DEFAULT_CNT_THRSHLD`
/// (`tests/data/upstream/bam.yaml`).
pub const DESC_CNT_TRSHLD_DEFAULT: u32 = 4;
/// `CNFG_BITS` after reset: bam_dma.c `BAM_CNFG_BITS_DEFAULT`, bits 2 and 12..=27
/// (`tests/data/upstream/bam.yaml` `bam_cnfg_bits`).
pub const CNFG_BITS_DEFAULT: u32 = 0x0fff_f004;
/// `IRQ_SRCS_EE`: one bit per pipe (`P_IRQ`).
pub const IRQ_SRCS_PIPES: u32 = IrqSource::from_bits(u32::MAX).p_irq();
/// `IRQ_SRCS_EE`: the BAM's own interrupt (`BAM_IRQ`).
pub const IRQ_SRCS_BAM: u32 = IrqSourceMask::ZERO.with_bam_irq(true).to_bits();

/// Which interrupt sources are pending for this execution environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IrqSources {
    /// Bit `n` set: pipe `n` has a pending interrupt (acknowledge it with
    /// [`Pipe::ack_irq`](crate::Pipe::ack_irq)).
    pub pipes: u32,
    /// The BAM itself (errors): acknowledge with [`Bam::ack_bam_irq`].
    pub bam: bool,
}

/// One BAM instance as seen from one execution environment: BAM-level init and interrupts.
/// Pipes are [`Pipe`](crate::Pipe)s, which may share its register window (`I = &T`).
pub struct Bam<R: BamRevision, I: Io> {
    io: I,
    ee: u32,
    ctrl: usize,
    desc_cnt_trshld: usize,
    cnfg_bits: usize,
    irq_en: usize,
    irq_stts: usize,
    irq_clr: usize,
    irq_srcs_ee: usize,
    irq_srcs_msk_ee: usize,
    _revision: PhantomData<fn() -> R>,
}

impl<R: BamRevision, I: Io> core::fmt::Debug for Bam<R, I> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Bam")
            .field("revision", &R::REVISION)
            .field("ee", &self.ee)
            .finish_non_exhaustive()
    }
}

impl<R: BamRevision, I: Io> Bam<R, I> {
    /// The BAM behind `io`, seen from execution environment `ee`. Touches no register.
    pub fn new(io: I, ee: u32) -> Result<Self, Error> {
        let global = |loc: RegLoc| loc.at(0, 0).ok_or(Error::BadEe);
        let per_ee = |loc: RegLoc| loc.at(0, ee).ok_or(Error::BadEe);
        Ok(Bam {
            ctrl: global(R::CTRL)?,
            desc_cnt_trshld: global(R::DESC_CNT_TRSHLD)?,
            cnfg_bits: global(R::CNFG_BITS)?,
            irq_en: global(R::IRQ_EN)?,
            irq_stts: global(R::IRQ_STTS)?,
            irq_clr: global(R::IRQ_CLR)?,
            irq_srcs_ee: per_ee(R::IRQ_SRCS_EE)?,
            irq_srcs_msk_ee: per_ee(R::IRQ_SRCS_MSK_EE)?,
            io,
            ee,
            _revision: PhantomData,
        })
    }

    /// The BAM of lock target `T`, from `T`'s execution environment, initialised unless `T`
    /// says another execution environment controls it.
    pub fn for_target<T: LockTargetSpec<Revision = R>>(io: I) -> Result<Self, Error> {
        let bam = Self::new(io, T::TARGET.ee)?;
        bam.init(T::TARGET.controlled_remotely);
        Ok(bam)
    }

    /// Resets and configures the BAM as bam_dma.c's `bam_reset` does (`tests/data/upstream/bam.yaml`
    /// `driver_sequences.bam_reset`): `CTRL.SW_RST` pulsed, `CTRL.EN` set,
    /// `DESC_CNT_TRSHLD`, `CNFG_BITS`, `IRQ_EN` (error and bus error) and
    /// `IRQ_SRCS_MSK_EE` (the BAM interrupt only; pipes add their bit when they start).
    ///
    /// Does nothing and returns `false` when the BAM is `controlled_remotely`: another
    /// execution environment owns its configuration, and resetting it would break that one.
    pub fn init(&self, controlled_remotely: bool) -> bool {
        if controlled_remotely {
            return false;
        }
        let ctrl = Ctrl::from_bits(self.io.read32(self.ctrl));
        self.io
            .write32(self.ctrl, ctrl.with_bam_sw_rst(true).to_bits());
        let ctrl = ctrl.with_bam_sw_rst(false);
        self.io.write32(self.ctrl, ctrl.to_bits());
        self.io.write32(self.ctrl, ctrl.with_bam_en(true).to_bits());
        self.io
            .write32(self.desc_cnt_trshld, DESC_CNT_TRSHLD_DEFAULT);
        self.io.write32(self.cnfg_bits, CNFG_BITS_DEFAULT);
        let errors = Irq::ZERO.with_bam_error(true).with_bam_hresp_err(true);
        self.io.write32(self.irq_en, errors.to_bits());
        let bam_only = IrqSourceMask::ZERO.with_bam_irq(true);
        self.io.write32(self.irq_srcs_msk_ee, bam_only.to_bits());
        true
    }

    /// The pending interrupt sources of this execution environment (`IRQ_SRCS_EE`).
    pub fn irq_sources(&self) -> IrqSources {
        let sources = IrqSource::from_bits(self.io.read32(self.irq_srcs_ee));
        IrqSources {
            pipes: sources.p_irq(),
            bam: sources.bam_irq(),
        }
    }

    /// Reads the BAM's own interrupt status (`IRQ_STTS`) and clears exactly those bits
    /// (`IRQ_CLR`); returns them.
    pub fn ack_bam_irq(&self) -> u32 {
        let status = self.io.read32(self.irq_stts);
        self.io.write32(self.irq_clr, status);
        status
    }

    /// The execution environment.
    pub fn ee(&self) -> u32 {
        self.ee
    }

    /// The register window.
    pub fn io(&self) -> &I {
        &self.io
    }
}
