//! Test support (feature `testing`, needs `std`): hand-written BAM revisions and lock targets,
//! heap DMA buffers, a fake BAM that processes descriptors and checks the lock rules, and an
//! instant-completion register window for benchmarks. Not for firmware builds.
//!
//! Test support may panic on misuse by a test (it is not driver code), so the driver's
//! no-panic lints are relaxed here.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod dma_buf;
mod fake_bam;
mod instant_bam;
mod refusal;
mod revisions;

pub use dma_buf::DmaBuf;
pub use fake_bam::{FakeBam, Log, P_IRQ_ERR, P_IRQ_PRCSD_DESC, P_IRQ_TRNSFR_END, Processed};
pub use instant_bam::InstantBam;
pub use refusal::{Refusal, refusal, sps_refuses};
pub use revisions::{
    HypotheticalV1_4WriteLock, Msm8996CryptoLock, Msm8996WrapLock, Sm8550CryptoLock, V1_3_0,
    V1_4_0, V1_7_0,
};
