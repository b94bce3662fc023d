//! The `lock:` section of a SoC file: the dummy, placement, `unlock:` element, address mode
//! and wrapper it settles.

use super::located::{EvidenceSpec, Grade, SpMap};
use crate::source::Sp;
#[cfg(feature = "cli")]
use schemars::JsonSchema;
use serde::Deserialize;

/// `dummy:` of the lock section.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum DummySpec {
    /// Read the scratchpad.
    Read,
    /// Write this value to the scratchpad.
    Write(
        #[serde(deserialize_with = "crate::source::number")]
        #[cfg_attr(feature = "cli", schemars(with = "u64"))]
        u64,
    ),
}

/// `unlock.access:` of the lock section: what a dummy UNLOCK descriptor's element does.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum UnlockAccessSpec {
    /// Read `register`.
    Read,
    /// Write this value to `register`.
    Write(
        #[serde(deserialize_with = "crate::source::number")]
        #[cfg_attr(feature = "cli", schemars(with = "u64"))]
        u64,
    ),
    /// No element: a command descriptor of size 0 that only carries the flag.
    None,
}

/// `unlock:` of the lock section: what a dummy UNLOCK descriptor carries instead of the lock
/// dummy, graded.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UnlockSpec {
    /// `read`, `{write: VALUE}` or `none`.
    pub access: Sp<UnlockAccessSpec>,
    /// `instance.REGISTER` the element accesses (not with `none`).
    #[serde(default)]
    pub register: Option<Sp<String>>,
    /// How strong the evidence is that this UNLOCK works and is harmless.
    #[serde(default)]
    pub grade: Option<Sp<Grade>>,
    /// Why, required when the grade is `inferred`.
    #[serde(default)]
    pub reasoning: Option<Sp<String>>,
    /// Where the shape and, for a write, the value come from.
    #[serde(default)]
    pub source: Option<Sp<String>>,
}

/// `placement:` of the lock section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum PlacementSpec {
    /// Dummy LOCK/UNLOCK command descriptors around the transaction.
    Wrap,
    /// Flags on the transaction's own command descriptors where possible.
    Merge,
}

/// `address_mode:` of the lock section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AddressModeSpec {
    /// Physical address below 2^24.
    Phys24,
    /// The low 18 bits of the physical address: the offset from the 256 KiB-aligned block that
    /// holds the BAM.
    BamOffset18,
    /// Offset from the peripheral wrapper's base (`wrapper:`), below 2^18.
    WrapperOffset18,
}

/// `wrapper:` of the lock section: the base command-element offsets are measured from.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WrapperSpec {
    /// The wrapper's physical base address.
    pub base: Sp<u64>,
    /// What the wrapper is (`QPIC wrapper`, `crypto subsystem`).
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// How strong the evidence is that offsets are measured from this base.
    #[serde(default)]
    pub grade: Option<Sp<Grade>>,
    /// Why, required when the grade is `inferred`.
    #[serde(default)]
    pub reasoning: Option<Sp<String>>,
    /// Where the base comes from.
    #[serde(default)]
    pub source: Option<Sp<String>>,
}

/// The `lock:` section.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LockSpec {
    /// The BAM instance.
    pub bam: Sp<String>,
    /// The locked pipe.
    pub pipe: Sp<u64>,
    /// `instance.REGISTER`.
    pub scratchpad: Sp<String>,
    /// Dummy access.
    pub dummy: Sp<DummySpec>,
    /// Flag placement.
    pub placement: Sp<PlacementSpec>,
    /// What a dummy UNLOCK carries, when not the lock dummy.
    #[serde(default)]
    pub unlock: Option<Sp<UnlockSpec>>,
    /// Command-element address mode.
    pub address_mode: Sp<AddressModeSpec>,
    /// The wrapper base for `address_mode: wrapper_offset18`.
    #[serde(default)]
    pub wrapper: Option<Sp<WrapperSpec>>,
    /// The lock group programmed into `P_CTRL.P_LOCK_GROUP` of the locked pipe and its tx pipe.
    pub lock_group: Sp<u64>,
    /// Grades of the facts written in this section, by key (`lock_group`).
    #[serde(default)]
    pub evidence: SpMap<Sp<EvidenceSpec>>,
    /// Why this is safe.
    #[serde(default)]
    pub rationale: Option<Sp<String>>,
    /// Where the facts come from.
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// `true`: a setup unsafe under a hardware variant its evidence leaves open (W0310-W0314)
    /// is an error, not a warning.
    #[serde(default)]
    pub strict: Option<Sp<bool>>,
}
