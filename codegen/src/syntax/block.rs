//! A block revision (`socs/blocks/<block>/<revision>.yaml`), the register catalogue its
//! `offsets:` place (`shared/<name>.yaml`), and the registers, fieldsets and fields they hold.

use super::located::{EvidenceSpec, Grade, NumberOrWord, SpMap};
use crate::source::Sp;
#[cfg(feature = "cli")]
use schemars::JsonSchema;
use serde::Deserialize;

/// A block revision file: `socs/blocks/<block>/<revision>.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BlockFile {
    /// The block name; equals the directory name.
    pub block: Sp<String>,
    /// The revision; equals the file stem.
    pub revision: Sp<String>,
    /// What the block is to socgen's drivers: `dma-engine` (a BAM), `crypto-engine` (driven
    /// by socgen-qce over BAM pipes) or `peripheral` (the default).
    #[serde(default)]
    pub role: Option<Sp<crate::model::BlockRole>>,
    /// One sentence for the docs.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// Where the facts come from.
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// Device-tree compatibles that select this layout.
    #[serde(default)]
    pub compatibles: Vec<Sp<String>>,
    /// What the block can do.
    #[serde(default)]
    pub capabilities: Option<Sp<Capabilities>>,
    /// The block executes BAM command elements.
    #[serde(default)]
    pub command_element: Option<Sp<CommandElementSpec>>,
    /// Named indices of dimensioned registers.
    #[serde(default)]
    pub indices: SpMap<Sp<IndexSpec>>,
    /// A register catalogue (path relative to this file) whose registers `offsets:` places.
    #[serde(default)]
    pub catalogue: Option<Sp<String>>,
    /// Where this revision puts registers of its `catalogue:`: one entry per register.
    #[serde(default)]
    pub offsets: Vec<Sp<OffsetSpec>>,
    /// Named field layouts its registers may share (`fieldset: NAME` on a register).
    #[serde(default)]
    pub fieldsets: Vec<Sp<FieldsetSpec>>,
    /// The registers this revision defines itself (besides those it places from `catalogue:`).
    #[serde(default)]
    pub registers: Vec<Sp<RegisterSpec>>,
    /// The fieldsets of its `catalogue:`, which the registers it places may name; set by the
    /// loader, never written in YAML.
    #[serde(skip)]
    pub catalogue_fieldsets: Vec<Sp<FieldsetSpec>>,
}

impl BlockFile {
    /// The fieldset a register of this revision names: its own, or its catalogue's.
    pub fn fieldset(&self, name: &str) -> Option<&Sp<FieldsetSpec>> {
        self.fieldsets
            .iter()
            .chain(&self.catalogue_fieldsets)
            .find(|fs| fs.value.name.value == name)
    }

    /// A register's fields: its fieldset's when it names one this revision has, else its own.
    pub fn fields_of<'a>(&'a self, r: &'a RegisterSpec) -> &'a [Sp<FieldSpec>] {
        match r.fieldset.as_ref().and_then(|n| self.fieldset(&n.value)) {
            Some(set) => &set.value.fields,
            None => &r.fields,
        }
    }
}

/// A named field layout that several registers share (`fieldsets:`): a register names it with
/// `fieldset: NAME` instead of listing `fields:`, and every register naming it has one value
/// type, named after the fieldset.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldsetSpec {
    /// Name (`UPPER_SNAKE`); the shared value type is named after it.
    pub name: Sp<String>,
    /// Documentation.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// Overrides the file's source for its fields.
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// Bit fields, as a register's `fields:` (their access defaults to each register's).
    pub fields: Vec<Sp<FieldSpec>>,
}

/// One entry of a revision's `offsets:` table: where a catalogue register sits in this revision.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OffsetSpec {
    /// The register's name in the catalogue.
    pub name: Sp<String>,
    /// Byte offset from the instance base.
    pub offset: Sp<u64>,
    /// `count` copies `stride` bytes apart.
    #[serde(default)]
    pub array: Option<Sp<ArraySpec>>,
    /// Strides per index.
    #[serde(default)]
    pub strides: SpMap<Sp<u64>>,
    /// Fields of the catalogue register this revision does not have (the register then gets a
    /// value type of its own in this revision).
    #[serde(default)]
    pub without_fields: Vec<Sp<String>>,
}

/// A register catalogue: `socs/blocks/<block>/shared/<name>.yaml`. Register layouts (access,
/// reset, fields, enums) without offsets, shared by the revisions whose `catalogue:` names it;
/// each revision places them with its own `offsets:` table.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    /// The catalogue name; equals the file stem.
    pub catalogue: Sp<String>,
    /// One sentence for the docs.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// Where the layouts come from; the default source of every register in the catalogue.
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// Named field layouts its registers may share (`fieldset: NAME` on a register).
    #[serde(default)]
    pub fieldsets: Vec<Sp<FieldsetSpec>>,
    /// The register layouts.
    pub registers: Vec<Sp<LayoutSpec>>,
}

/// One register layout in a catalogue: a register without its place.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LayoutSpec {
    /// Name.
    pub name: Sp<String>,
    /// Access.
    pub access: Sp<AccessSpec>,
    /// Reset value or `unknown`.
    pub reset: Sp<NumberOrWord>,
    /// Writes are ignored (a source says so).
    #[serde(default)]
    pub write_ignored: Option<Sp<bool>>,
    /// The access type was inferred from driver usage: the citation.
    #[serde(default)]
    pub inferred: Option<Sp<String>>,
    /// Documentation.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// Bit fields.
    #[serde(default)]
    pub fields: Vec<Sp<FieldSpec>>,
    /// The fieldset (of this file's `fieldsets:`) that gives its fields, instead of `fields:`.
    #[serde(default)]
    pub fieldset: Option<Sp<String>>,
    /// That this register has the fieldset's layout was inferred: the reasoning.
    #[serde(default)]
    pub fieldset_inferred: Option<Sp<String>>,
    /// Overrides the catalogue's source.
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// Grades of the behavioural facts written above, by key (`write_ignored`).
    #[serde(default)]
    pub evidence: SpMap<Sp<EvidenceSpec>>,
}

/// `capabilities:`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Capabilities {
    /// The BAM honours LOCK/UNLOCK descriptor flags.
    #[serde(default)]
    pub pipe_locking: Option<Sp<bool>>,
    /// How strong the evidence for `pipe_locking` is (required with `pipe_locking`).
    #[serde(default)]
    pub grade: Option<Sp<Grade>>,
    /// Why, when the grade is `inferred`.
    #[serde(default)]
    pub reasoning: Option<Sp<String>>,
    /// Where that is stated.
    #[serde(default)]
    pub source: Option<Sp<String>>,
}

/// `command_element:`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CommandElementSpec {
    /// Address bits a command element carries.
    pub address_bits: Sp<u64>,
    /// Destination address bits a READ element carries: 32 (the third word is ignored; write
    /// 0) or 36 (bits 35..32 in bits 3..0 of the third word, BAM v1.6.0 and later).
    pub read_destination_bits: Sp<u64>,
    /// How strong the evidence for the element format is (required).
    #[serde(default)]
    pub grade: Option<Sp<Grade>>,
    /// Why, when the grade is `inferred`.
    #[serde(default)]
    pub reasoning: Option<Sp<String>>,
    /// Where that is stated.
    #[serde(default)]
    pub source: Option<Sp<String>>,
}

/// One entry of `indices:`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IndexSpec {
    /// The hardware limit: indices are `0..max`.
    pub max: Sp<u64>,
    /// The instance property bounding the index per SoC.
    #[serde(default)]
    pub bound: Option<Sp<String>>,
    /// Documentation.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// Where the limit comes from.
    #[serde(default)]
    pub source: Option<Sp<String>>,
}

/// Register and field access as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum AccessSpec {
    /// Read-only.
    Ro,
    /// Read-write.
    Rw,
    /// Write-only.
    Wo,
    /// Write 1 to clear.
    W1c,
    /// No source says.
    Unknown,
}

/// One register.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterSpec {
    /// Name.
    pub name: Sp<String>,
    /// Byte offset from the instance base.
    pub offset: Sp<u64>,
    /// Access.
    pub access: Sp<AccessSpec>,
    /// Reset value or `unknown`.
    pub reset: Sp<NumberOrWord>,
    /// Writes are ignored (a source says so).
    #[serde(default)]
    pub write_ignored: Option<Sp<bool>>,
    /// The access type was inferred from driver usage: the citation.
    #[serde(default)]
    pub inferred: Option<Sp<String>>,
    /// Documentation.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// `count` copies `stride` bytes apart.
    #[serde(default)]
    pub array: Option<Sp<ArraySpec>>,
    /// Strides per index.
    #[serde(default)]
    pub strides: SpMap<Sp<u64>>,
    /// Bit fields.
    #[serde(default)]
    pub fields: Vec<Sp<FieldSpec>>,
    /// The fieldset (of this file's `fieldsets:`) that gives its fields, instead of `fields:`.
    #[serde(default)]
    pub fieldset: Option<Sp<String>>,
    /// That this register has the fieldset's layout was inferred: the reasoning.
    #[serde(default)]
    pub fieldset_inferred: Option<Sp<String>>,
    /// Overrides the file's source.
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// Grades of the behavioural facts written above, by key (`write_ignored`).
    #[serde(default)]
    pub evidence: SpMap<Sp<EvidenceSpec>>,
    /// The catalogue whose layout this register shares (`shared/<name>.yaml`), when it was
    /// placed by an `offsets:` entry; set by the loader, never written in YAML.
    #[serde(skip)]
    pub layout: Option<String>,
}

/// `array:`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ArraySpec {
    /// Number of copies.
    pub count: Sp<u64>,
    /// Bytes between copies.
    pub stride: Sp<u64>,
}

/// One bit field.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Name.
    pub name: Sp<String>,
    /// `msb:lsb` or one bit number.
    pub bits: Sp<NumberOrWord>,
    /// Access (defaults to the register's).
    #[serde(default)]
    pub access: Option<Sp<AccessSpec>>,
    /// Enumerated values.
    #[serde(default)]
    pub values: Vec<Sp<EnumValueSpec>>,
    /// Documentation.
    #[serde(default)]
    pub description: Option<Sp<String>>,
    /// The access type was inferred from driver usage: the citation.
    #[serde(default)]
    pub inferred: Option<Sp<String>>,
    /// Overrides the register's source.
    #[serde(default)]
    pub source: Option<Sp<String>>,
}

/// One enumerated value.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    /// Name.
    pub name: Sp<String>,
    /// Value.
    pub value: Sp<u64>,
    /// Documentation.
    #[serde(default)]
    pub description: Option<Sp<String>>,
}
