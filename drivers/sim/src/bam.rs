//! Which BAM register an offset names, from the revision's generated layout.

use socgen_runtime::bam::{BamRevision, RegLoc};

/// A BAM register the simulator gives behaviour to; any other offset is plain storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BamReg {
    /// `REVISION`.
    Revision,
    /// `NUM_PIPES`.
    NumPipes,
    /// `IRQ_SRCS_EE` of an EE.
    IrqSrcsEe(u32),
    /// `P_CTRL` of a pipe.
    PCtrl(u32),
    /// `P_RST`.
    PRst(u32),
    /// `P_IRQ_STTS`.
    PIrqStts(u32),
    /// `P_IRQ_CLR`.
    PIrqClr(u32),
    /// `P_IRQ_EN`.
    PIrqEn(u32),
    /// `P_EVNT_REG`: the doorbell.
    PEvntReg(u32),
    /// `P_SW_OFSTS`: the hardware position.
    PSwOfsts(u32),
    /// `P_DESC_FIFO_ADDR`.
    PDescFifoAddr(u32),
    /// `P_FIFO_SIZES`.
    PFifoSizes(u32),
}

impl BamReg {
    /// The pipe a per-pipe register belongs to.
    pub fn pipe(self) -> Option<u32> {
        match self {
            BamReg::PCtrl(p)
            | BamReg::PRst(p)
            | BamReg::PIrqStts(p)
            | BamReg::PIrqClr(p)
            | BamReg::PIrqEn(p)
            | BamReg::PEvntReg(p)
            | BamReg::PSwOfsts(p)
            | BamReg::PDescFifoAddr(p)
            | BamReg::PFifoSizes(p) => Some(p),
            BamReg::Revision | BamReg::NumPipes | BamReg::IrqSrcsEe(_) => None,
        }
    }
}

/// The copy of `loc` at `offset`, if `offset` is one of its `pipes` x `ees` copies.
fn index_of(loc: RegLoc, offset: usize, pipes: u32, ees: u32) -> Option<u32> {
    let delta = u32::try_from(offset.checked_sub(loc.offset as usize)?).ok()?;
    let (stride, count) = match (loc.pipe_stride, loc.ee_stride) {
        (0, 0) => return (delta == 0).then_some(0),
        (0, stride) => (stride, ees),
        (stride, _) => (stride, pipes),
    };
    let index = delta / stride;
    (delta % stride == 0 && index < count).then_some(index)
}

/// Decodes `offset` in revision `R`'s layout.
pub fn decode<R: BamRevision>(offset: usize, pipes: u32, ees: u32) -> Option<BamReg> {
    type Make = fn(u32) -> BamReg;
    let table: [(RegLoc, Make); 12] = [
        (R::REVISION_REG, |_| BamReg::Revision),
        (R::NUM_PIPES, |_| BamReg::NumPipes),
        (R::IRQ_SRCS_EE, BamReg::IrqSrcsEe),
        (R::P_CTRL, BamReg::PCtrl),
        (R::P_RST, BamReg::PRst),
        (R::P_IRQ_STTS, BamReg::PIrqStts),
        (R::P_IRQ_CLR, BamReg::PIrqClr),
        (R::P_IRQ_EN, BamReg::PIrqEn),
        (R::P_EVNT_REG, BamReg::PEvntReg),
        (R::P_SW_OFSTS, BamReg::PSwOfsts),
        (R::P_DESC_FIFO_ADDR, BamReg::PDescFifoAddr),
        (R::P_FIFO_SIZES, BamReg::PFifoSizes),
    ];
    table
        .iter()
        .find_map(|(loc, make)| index_of(*loc, offset, pipes, ees).map(make))
}

/// Descriptor flag bits (`tests/data/upstream/bam.yaml`, `descriptor.flags`), decoded by the simulator on
/// its own so that a driver bug in the encoding cannot cancel out.
pub mod flags {
    /// Interrupt when processed.
    pub const INT: u16 = 0x8000;
    /// End of transfer.
    pub const EOT: u16 = 0x4000;
    /// End of block.
    pub const EOB: u16 = 0x2000;
    /// Notify when done: the next descriptor waits until the peripheral has finished.
    pub const NWD: u16 = 0x1000;
    /// Command descriptor.
    pub const CMD: u16 = 0x0800;
    /// Pipe lock.
    pub const LOCK: u16 = 0x0400;
    /// Pipe unlock.
    pub const UNLOCK: u16 = 0x0200;
    /// Immediate command descriptor (vendor msm-sps.h `SPS_IOVEC_FLAG_IMME`).
    pub const IMME: u16 = 0x0100;
    /// Bits 3..0: bus-address bits 35..32 in vendor code (msm-sps.h `DESC_FLAG_WORD`).
    pub const ADDR_35_32: u16 = 0x000f;
}

/// `P_IRQ_STTS` bits (`tests/data/upstream/bam.yaml`, `p_irq_en_bits`).
pub mod irq {
    /// A descriptor with INT was processed.
    pub const PRCSD_DESC: u32 = 1 << 0;
    /// A descriptor error.
    pub const ERR: u32 = 1 << 4;
    /// A descriptor with EOT was processed.
    pub const TRNSFR_END: u32 = 1 << 5;
}

#[cfg(test)]
mod tests {
    use super::*;
    use qcom_socs::blocks::bam::v1_7_0::Layout;

    #[test]
    fn decodes_per_pipe_and_per_ee_copies_of_v1_7() {
        // v1.7.0: P_CTRL at 0x13000 + pipe * 0x1000, IRQ_SRCS_EE at 0x3000 + ee * 0x1000.
        assert_eq!(decode::<Layout>(0x17000, 20, 4), Some(BamReg::PCtrl(4)));
        assert_eq!(
            decode::<Layout>(0x13800 + 0x5000, 20, 4),
            Some(BamReg::PSwOfsts(5))
        );
        assert_eq!(decode::<Layout>(0x5000, 20, 4), Some(BamReg::IrqSrcsEe(2)));
        assert_eq!(decode::<Layout>(0x13000 + 20 * 0x1000, 20, 4), None);
        assert_eq!(
            decode::<Layout>(0x13004 + 0x1000, 20, 4),
            Some(BamReg::PRst(1))
        );
    }
}
