//! What system a simulator builds: the BAM, the engine, the EEs and how the hardware answers.

use crate::Hardware;
use socgen_runtime::bam::{AddressMode, LockTarget};

/// The system the simulator builds: one BAM, one crypto engine, the EEs that use them.
#[derive(Debug, Clone)]
pub struct ModelConfig {
    /// The BAM's physical base address.
    pub bam_base: u64,
    /// The number of pipes.
    pub num_pipes: u32,
    /// The number of EEs.
    pub num_ees: u32,
    /// How command elements encode register addresses.
    pub address_mode: AddressMode,
    /// The crypto engine's physical base address.
    pub qce_base: u64,
    /// Its register window size.
    pub qce_size: usize,
    /// The engine's pipes and the EE each belongs to (register ownership, `IRQ_SRCS_EE`, CPU
    /// faults). Which pipes a lock excludes is decided by `P_CTRL.P_LOCK_GROUP`, not by this.
    pub pipes: Vec<(u32, u32)>,
    /// Whether LOCK/UNLOCK are honoured (`false` only to show what goes wrong without).
    pub honour_locks: bool,
    /// How the hardware answers the open questions ([`Hardware::BELIEVED`] unless a test
    /// plays the adversary).
    pub hardware: Hardware,
}

impl ModelConfig {
    /// The system of a SoC's lock target: its BAM (base, pipes, address mode) and the
    /// target's rx/tx pipes in the target's EE; the engine at `qce_base` (`qce_size` bytes).
    pub fn for_target(target: &LockTarget, qce_base: u64, qce_size: usize) -> Self {
        let mut pipes = vec![(target.pipe, target.ee)];
        pipes.extend(target.tx_pipe.map(|p| (p, target.ee)));
        ModelConfig {
            bam_base: target.bam_base,
            num_pipes: target.num_channels,
            num_ees: 4,
            address_mode: target.address_mode,
            qce_base,
            qce_size,
            pipes,
            honour_locks: true,
            hardware: Hardware::BELIEVED,
        }
    }

    /// The same system behaving as `hardware`.
    pub fn with_hardware(mut self, hardware: Hardware) -> Self {
        self.hardware = hardware;
        self
    }

    /// Adds a pipe of the engine, used by `ee` (another EE's pipe pair, say).
    pub fn with_pipe(mut self, pipe: u32, ee: u32) -> Self {
        self.pipes.push((pipe, ee));
        self
    }

    /// A BAM that ignores LOCK/UNLOCK: for tests that must show the race they guard against.
    pub fn without_locking(mut self) -> Self {
        self.honour_locks = false;
        self
    }
}
