//! The analysis stage, between lowering and the emitters: it reads the model and where its
//! parts were written ([`crate::origins`]), never the syntax. It holds the risk model of a lock
//! setup (`risk`: which graded behaviours its descriptors rely on), the lock-evidence rules
//! built on it (W0310-W0314), and the comparison of a SoC with a device tree blob (`dtb`,
//! E0501-E0506, W0501, W0502). `codegen/tests/layers.rs` holds it to reading no syntax.

#[cfg(feature = "cli")]
pub mod dtb;
mod evidence;
pub mod risk;

pub use evidence::lock_evidence;
