//! The analysis stage, between lowering and the emitters: it reads the model and where its
//! parts were written ([`crate::origins`]), never the syntax. It holds the risk model of a lock
//! setup (`risk`: which graded behaviours its descriptors rely on) and the lock-evidence rules
//! built on it (W0310-W0314). `codegen/tests/layers.rs` holds it to reading no syntax.

mod evidence;
pub mod risk;

pub use evidence::lock_evidence;
