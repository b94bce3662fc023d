//! A board file: `socs/boards/<board>.yaml`.

use super::soc::Status;
use crate::source::Sp;
#[cfg(feature = "cli")]
use schemars::JsonSchema;
use serde::Deserialize;

/// A board file: `socs/boards/<board>.yaml`. What a board's device tree (the `.dts` over the
/// SoC's `.dtsi`) decides about the SoC's instances: which it enables or disables and which BAMs
/// another processor controls or powers. Only `check --dtb` and `import` read it; the SoC's
/// generated code is the SoC file's.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BoardFile {
    /// The board name; equals the file stem (`sm8550-mtp`).
    pub board: Sp<String>,
    /// The SoC the board carries: a SoC file's `soc:`.
    pub soc: Sp<String>,
    /// Documentation.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// Where the board's decisions come from (its `.dts`).
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// The board's device-tree root compatibles that select this file (`qcom,sm8550-mtp`).
    #[serde(default)]
    pub compatible: Vec<Sp<String>>,
    /// What the board changes, per SoC instance.
    #[serde(default)]
    pub overrides: Vec<Sp<OverrideSpec>>,
}

/// One board override: the instance it changes and the board's values.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OverrideSpec {
    /// The SoC instance (its `name:`).
    pub instance: Sp<String>,
    /// DT `status` on this board.
    #[serde(default)]
    pub status: Option<Sp<Status>>,
    /// `qcom,controlled-remotely` on this board (BAM instances only).
    #[serde(default)]
    pub controlled_remotely: Option<Sp<bool>>,
    /// `qcom,powered-remotely` on this board (BAM instances only).
    #[serde(default)]
    pub powered_remotely: Option<Sp<bool>>,
    /// Overrides the file's source.
    #[serde(default)]
    pub source: Option<Sp<String>>,
}
