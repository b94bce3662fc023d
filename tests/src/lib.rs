//! Shared helpers for the cross-crate tests, and the fixture SoC expanded by the proc macro;
//! the end-to-end harness ([`harness`]), the hardware matrix ([`matrix`]) and the exhaustive
//! explorer ([`explore`]) that `cargo run -p socgen-tests --release --bin hardware-matrix` runs.

pub mod explore;
pub mod harness;
pub mod matrix;
pub mod repo;
pub mod report;
pub mod setups;

/// The fixture SoC of `codegen/tests/fixtures`, expanded by `socgen_macros::soc!`.
pub mod fixture {
    socgen_macros::soc!("../codegen/tests/fixtures/chip.yaml");
}

use core::cell::RefCell;

/// An [`socgen_runtime::Io`] over a small register file that records every access.
#[derive(Debug, Default)]
pub struct RecordingIo {
    /// Register contents by offset.
    pub regs: RefCell<std::collections::BTreeMap<usize, u32>>,
    /// Every access in order: `(is_write, offset, value)`.
    pub log: RefCell<Vec<(bool, usize, u32)>>,
}

impl socgen_runtime::Io for RecordingIo {
    fn read32(&self, offset: usize) -> u32 {
        let v = self.regs.borrow().get(&offset).copied().unwrap_or(0);
        self.log.borrow_mut().push((false, offset, v));
        v
    }
    fn write32(&self, offset: usize, value: u32) {
        self.regs.borrow_mut().insert(offset, value);
        self.log.borrow_mut().push((true, offset, value));
    }
}
