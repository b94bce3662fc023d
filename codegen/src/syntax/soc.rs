//! A SoC file (`socs/<soc>.yaml`), the fragments it includes, and its instances.

use super::lock::LockSpec;
use crate::source::Sp;
#[cfg(feature = "cli")]
use schemars::JsonSchema;
use serde::Deserialize;

/// A SoC file: `socs/<soc>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SocFile {
    /// The SoC name; equals the file stem.
    pub soc: Sp<String>,
    /// Documentation.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// Where the facts come from.
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// Fragment files (paths relative to this file) whose instances and lock section this SoC
    /// shares with others.
    #[serde(default)]
    pub include: Vec<Sp<String>>,
    /// Other device-tree root compatibles that name this silicon (`qcom,qcs6490` for sc7280):
    /// `check --dtb` and `import` take a blob whose root compatible is one of them for this SoC.
    #[serde(default)]
    pub also_compatible: Vec<Sp<String>>,
    /// Where the `also_compatible` facts come from (the device trees that carry them).
    #[serde(default)]
    pub also_compatible_source: Option<Sp<String>>,
    /// The instances (after loading: the included ones first).
    #[serde(default)]
    pub instances: Vec<Sp<InstanceSpec>>,
    /// The pipe-lock setup (own, or from a fragment).
    #[serde(default)]
    pub lock: Option<Sp<LockSpec>>,
}

/// A fragment: content several SoC files share (`socs/common/*.yaml`), pulled in with
/// `include:`. Its locations keep pointing into the fragment.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FragmentFile {
    /// The fragment's name; equals the file stem.
    pub fragment: Sp<String>,
    /// What is shared and why.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// Where the facts come from; the default source of its instances and lock section.
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// Shared instances.
    #[serde(default)]
    pub instances: Vec<Sp<InstanceSpec>>,
    /// A shared lock section.
    #[serde(default)]
    pub lock: Option<Sp<LockSpec>>,
}

/// DT `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Enabled.
    Okay,
    /// Disabled in the dtsi (boards may enable it).
    Disabled,
}

/// One instance of a block in a SoC.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InstanceSpec {
    /// Name (the DT label).
    pub name: Sp<String>,
    /// `block@revision`.
    pub block: Sp<String>,
    /// Physical base address.
    pub base: Sp<u64>,
    /// Register window size.
    pub size: Sp<u64>,
    /// DT compatibles.
    #[serde(default)]
    pub compatible: Vec<Sp<String>>,
    /// `qcom,ee`.
    #[serde(default)]
    pub ee: Option<Sp<u64>>,
    /// `num-channels`.
    #[serde(default)]
    pub num_channels: Option<Sp<u64>>,
    /// `qcom,num-ees`.
    #[serde(default)]
    pub num_ees: Option<Sp<u64>>,
    /// `qcom,controlled-remotely`.
    #[serde(default)]
    pub controlled_remotely: Option<Sp<bool>>,
    /// `qcom,powered-remotely`.
    #[serde(default)]
    pub powered_remotely: Option<Sp<bool>>,
    /// DMA wiring.
    #[serde(default)]
    pub dma: Option<Sp<DmaSpec>>,
    /// DT status.
    #[serde(default)]
    pub status: Option<Sp<Status>>,
    /// Documentation.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// Overrides the file's source.
    #[serde(default)]
    pub source: Option<Sp<String>>,
}

/// `dma:` of an instance.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DmaSpec {
    /// The BAM instance.
    pub controller: Sp<String>,
    /// Memory-to-peripheral pipe.
    pub rx: Sp<u64>,
    /// Peripheral-to-memory pipe.
    pub tx: Sp<u64>,
}
