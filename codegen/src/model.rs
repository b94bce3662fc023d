//! The intermediate model: what every emitter reads. It knows nothing of YAML.
//!
//! The lock vocabulary (`Placement`, `AddressMode`, `DummyAccess`) is the no_std runtime's own
//! types, so the generator, the generated code and the drivers share one definition.
//!
//! Built by [`crate::lower`] from files that passed [`crate::validate`], so its invariants hold:
//! names are identifiers and unique, registers and fields do not overlap, every register copy
//! lies inside every instance of its block, values fit their fields, indices refer to existing
//! entries, command-element addresses are representable. Emitters may rely on them.

pub use socgen_runtime::bam::{AddressMode, CeAddressError, DummyAccess, Placement};

/// Everything loaded in one run. Blocks and SoCs are sorted by name, so output is deterministic.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    /// Block revisions, sorted by name then revision.
    pub blocks: Vec<Block>,
    /// SoCs, sorted by name.
    pub socs: Vec<Soc>,
    /// The graded hardware behaviours of the behaviour record, in [`BehaviourId::ALL`]
    /// order.
    pub behaviours: Vec<Behaviour>,
}

impl Model {
    /// The block an instance uses.
    pub fn block_of(&self, instance: &Instance) -> &Block {
        &self.blocks[instance.block]
    }

    /// The SoC with this name.
    pub fn soc(&self, name: &str) -> Option<&Soc> {
        self.socs.iter().find(|s| s.name == name)
    }
}

mod bam_driver;
mod block;
mod evidence;
mod soc;

pub use bam_driver::*;
pub use block::*;
pub use evidence::*;
pub use soc::*;
