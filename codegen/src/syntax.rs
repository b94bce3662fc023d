//! The YAML files as written: serde types that keep every node's location.
//!
//! Nothing here is checked beyond what serde checks (keys, types). The validation pass reads
//! these types and reports what is wrong; the lowering pass turns valid ones into the model.
//! Spanned values stay out of `flatten` and untagged enums, where the parser loses locations:
//! an untagged enum is wrapped whole in [`Sp`](crate::source::Sp) instead.
//!
//! One module per file kind, each type re-exported here: [`BlockFile`] and [`CatalogueFile`]
//! (block), [`SocFile`] and [`FragmentFile`] (soc, lock), [`BoardFile`] (board), [`HardwareFile`]
//! (hardware: the behaviour record), and the values they share (located).

mod block;
mod board;
mod hardware;
mod located;
mod lock;
mod soc;

pub use block::{
    AccessSpec, ArraySpec, BlockFile, Capabilities, CatalogueFile, CommandElementSpec,
    EnumValueSpec, FieldSpec, FieldsetSpec, IndexSpec, LayoutSpec, OffsetSpec, RegisterSpec,
};
pub use board::{BoardFile, OverrideSpec};
pub use hardware::{BehaviourSpec, HardwareFile, PeripheralGradeSpec};
pub use located::{EvidenceSpec, Grade, NumberOrWord, SpMap};
pub use lock::{
    AddressModeSpec, DummySpec, LockSpec, PlacementSpec, UnlockAccessSpec, UnlockSpec, WrapperSpec,
};
pub use soc::{DmaSpec, FragmentFile, InstanceSpec, SocFile, Status};
