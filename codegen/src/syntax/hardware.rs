//! The behaviour record: `socs/hardware/<name>.yaml`, the graded hardware behaviours.

use super::located::Grade;
use crate::source::Sp;
#[cfg(feature = "cli")]
use schemars::JsonSchema;
use serde::Deserialize;

/// A catalogue of hardware behaviours: `socs/hardware/<name>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HardwareFile {
    /// The catalogue's name; equals the file stem.
    pub hardware: Sp<String>,
    /// What the catalogue covers.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// The record the entries come from.
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// One entry per behaviour, each with a fixed id the generator knows.
    pub behaviours: Vec<Sp<BehaviourSpec>>,
}

/// One graded behaviour.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BehaviourSpec {
    /// The fixed id (`lock_on_read_element`).
    pub id: Sp<String>,
    /// The open question of the record it belongs to (`Q2`).
    #[serde(default)]
    pub question: Option<Sp<String>>,
    /// What the driver assumes, in one or two sentences.
    pub statement: Sp<String>,
    /// How strong the evidence is.
    pub grade: Sp<Grade>,
    /// Where it is stated (message-ids, repo@commit:path).
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// Why, required when the grade is `inferred`.
    #[serde(default)]
    pub reasoning: Option<Sp<String>>,
    /// What else the hardware might do.
    #[serde(default)]
    pub alternatives: Vec<Sp<String>>,
    /// The grade where the behaviour was observed on one peripheral's pipes (the block name of
    /// the locked pipe's client, e.g. `qce`, or `qpic_nand`): there it replaces `grade:`, which
    /// then stands for every other peripheral.
    #[serde(default)]
    pub per_peripheral: Vec<Sp<PeripheralGradeSpec>>,
}

/// One entry of a behaviour's `per_peripheral:`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PeripheralGradeSpec {
    /// The block name of the locked pipe's client (`qce`, `qpic_nand`).
    pub peripheral: Sp<String>,
    /// How strong the evidence is on that peripheral.
    pub grade: Sp<Grade>,
    /// Where it is stated.
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// Why, required when the grade is `inferred`.
    #[serde(default)]
    pub reasoning: Option<Sp<String>>,
}
