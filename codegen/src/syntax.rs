//! The YAML files as written: serde types that keep every node's location.
//!
//! Nothing here is checked beyond what serde checks (keys, types). The validation pass reads
//! these types and reports what is wrong; the lowering pass turns valid ones into the model.
//! Spanned values stay out of `flatten` and untagged enums, where the parser loses locations:
//! an untagged enum is wrapped whole in [`Sp`] instead.

use crate::source::Sp;
#[cfg(feature = "cli")]
use schemars::JsonSchema;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// A YAML mapping kept in file order, with the location of every key.
#[derive(Debug, Clone, PartialEq)]
pub struct SpMap<V>(pub Vec<(Sp<String>, V)>);

impl<V> Default for SpMap<V> {
    fn default() -> Self {
        SpMap(Vec::new())
    }
}

#[cfg(feature = "cli")]
impl<V: JsonSchema> JsonSchema for SpMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = SpMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Sp<String>>()? {
                    out.push((key, map.next_value()?));
                }
                Ok(SpMap(out))
            }
        }
        d.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}

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

/// A number, or a word such as `unknown` (checked by validation).
// Read by hand rather than derived as a serde `untagged` enum, whose error ("did not match any
// variant of untagged enum NumberOrWord") named a Rust type and said nothing useful: a negative
// number or a float here is kept as a word, which validation reports as a wrong value (E0005)
// at the value. `#[serde(untagged)]` stays for the JSON Schema only.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "cli", derive(JsonSchema), serde(untagged))]
pub enum NumberOrWord {
    /// A number.
    Number(u64),
    /// A word.
    Word(String),
}

impl<'de> Deserialize<'de> for NumberOrWord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NumberOrWord;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a word")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Number(v))
            }
            // Any other scalar is kept as written; validation says why it is wrong, at the
            // value's own location (an error raised here would point at the key).
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(String::new()))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            // A list or mapping is read to its end first, so that an alias bomb or deep
            // nesting in it meets the parser's budget (E0002) rather than slipping past.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Err(serde::de::Error::invalid_type(
                    serde::de::Unexpected::Seq,
                    &self,
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Err(serde::de::Error::invalid_type(
                    serde::de::Unexpected::Map,
                    &self,
                ))
            }
        }
        d.deserialize_any(V)
    }
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

/// How strong the public evidence for a behavioural fact is, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// A public manual or the vendor's own statement.
    Documented,
    /// Merged or reviewed upstream code that works on hardware.
    Upstream,
    /// Shipping vendor code does it.
    Precedent,
    /// Our reading of the record; `reasoning:` says why.
    Inferred,
    /// The record does not settle it.
    Unknown,
}

/// The grade of one fact written elsewhere in the same section (`evidence: {lock_group: ..}`).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EvidenceSpec {
    /// How strong the evidence is.
    pub grade: Sp<Grade>,
    /// Where it is stated (message-ids, repo@commit:path).
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// Why, required when the grade is `inferred`.
    #[serde(default)]
    pub reasoning: Option<Sp<String>>,
}

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
