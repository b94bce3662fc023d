//! A block revision as the emitters read it: registers, fieldsets, fields, enum values, the
//! index bounds of their copies and each block's role.

use super::Fact;

/// One IP block revision.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Block name (`bam`, `qce`).
    pub name: String,
    /// What the block is to socgen's drivers (its file's `role:`).
    pub role: BlockRole,
    /// Revision (`v1.7.0`, `v5`).
    pub revision: String,
    /// Documentation.
    pub description: String,
    /// Provenance of the file.
    pub source: String,
    /// Device-tree compatibles.
    pub compatibles: Vec<String>,
    /// Whether the BAM honours LOCK/UNLOCK, with its source.
    pub pipe_locking: Option<Fact<bool>>,
    /// Address bits of the command elements this block executes, with its source.
    pub command_element_bits: Option<Fact<u32>>,
    /// Destination bits of a READ command element on this block (32: third word ignored;
    /// 36: bits 35..32 in bits 3..0 of the third word), with its source.
    pub read_destination_bits: Option<Fact<u32>>,
    /// Named indices of dimensioned registers.
    pub indices: Vec<Index>,
    /// Registers, in offset order.
    pub registers: Vec<Register>,
    /// The fieldsets its registers name, sorted by name.
    pub fieldsets: Vec<Fieldset>,
}

/// What a block is to socgen's drivers, as its block file states it (`role:`). Whether a block
/// is a BAM or the crypto engine is decided here, once, from data: nothing asks its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum BlockRole {
    /// A Qualcomm BAM that `socgen-bam` drives: a DMA engine whose revision must carry every
    /// register and field the driver programs (E0117), for which socgen emits the driver's
    /// `BamRevision` binding and lock targets.
    Bam,
    /// A DMA engine with pipes and execution environments that socgen describes but no
    /// socgen driver binds to: its instances take `ee`, `num_channels`, the remote-control
    /// flags and lock sections, and other instances name its pipes in `dma:`, as a BAM's do.
    DmaEngine,
    /// A crypto engine that `socgen-qce` drives over a DMA engine's pipes.
    CryptoEngine,
    /// Any other block.
    #[default]
    Peripheral,
}

impl BlockRole {
    /// Whether the role is a DMA engine (`bam` or `dma-engine`).
    pub fn is_dma_engine(self) -> bool {
        matches!(self, BlockRole::Bam | BlockRole::DmaEngine)
    }

    /// The role's YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            BlockRole::Bam => "bam",
            BlockRole::DmaEngine => "dma-engine",
            BlockRole::CryptoEngine => "crypto-engine",
            BlockRole::Peripheral => "peripheral",
        }
    }
}

impl Block {
    /// Whether the block is a DMA engine (a BAM or another): it has pipes and EEs, and
    /// instances may lock its pipes.
    pub fn is_dma_engine(&self) -> bool {
        self.role.is_dma_engine()
    }

    /// Whether the block is a BAM `socgen-bam` drives.
    pub fn is_bam(&self) -> bool {
        self.role == BlockRole::Bam
    }

    /// Whether the block is a crypto engine driven by `socgen-qce`.
    pub fn is_crypto_engine(&self) -> bool {
        self.role == BlockRole::CryptoEngine
    }

    /// `name@revision`.
    pub fn id(&self) -> String {
        format!("{}@{}", self.name, self.revision)
    }

    /// The revision as an identifier: `v1.7.0` -> `v1_7_0`.
    pub fn revision_ident(&self) -> String {
        self.revision.replace(['.', '-'], "_")
    }

    /// The register with this name.
    pub fn register(&self, name: &str) -> Option<&Register> {
        self.registers.iter().find(|r| r.name == name)
    }

    /// The fieldset with this name.
    pub fn fieldset(&self, name: &str) -> Option<&Fieldset> {
        self.fieldsets.iter().find(|f| f.name == name)
    }

    /// The registers that name the fieldset `name`, in offset order.
    pub fn registers_of(&self, name: &str) -> impl Iterator<Item = &Register> {
        self.registers
            .iter()
            .filter(move |r| r.fieldset.as_deref() == Some(name))
    }
}

/// A named field layout that several registers share: they have one value type, named after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fieldset {
    /// Name (`UPPER_SNAKE`).
    pub name: String,
    /// Documentation.
    pub description: String,
    /// Provenance.
    pub source: String,
    /// Fields, in bit order. A field without its own `access:` has the access its registers
    /// agree on; where they differ, `W1c` if one of them is write-1-to-clear, else `Unknown`
    /// (each register's copy in [`Register::fields`] has that register's).
    pub fields: Vec<Field>,
    /// The register catalogue (`shared/<name>.yaml`) its registers were placed from, when every
    /// register naming it was: every revision placing them shares its value type.
    pub layout: Option<String>,
}

/// An instance property that bounds an index per SoC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `num_channels`.
    NumChannels,
    /// `num_ees`.
    NumEes,
}

impl Bound {
    /// The YAML key.
    pub fn key(self) -> &'static str {
        match self {
            Bound::NumChannels => "num_channels",
            Bound::NumEes => "num_ees",
        }
    }
}

/// A named index (`pipe`, `ee`).
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// Name.
    pub name: String,
    /// Indices are `0..max`.
    pub max: u32,
    /// The instance property that bounds it per SoC.
    pub bound: Option<Bound>,
    /// Documentation.
    pub description: String,
    /// Where `max` comes from.
    pub source: String,
}

/// Access type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read-only: no write method.
    ReadOnly,
    /// Read-write.
    ReadWrite,
    /// Write-only: no read method.
    WriteOnly,
    /// Write 1 to clear.
    W1c,
    /// No source says; treated as read-write.
    Unknown,
}

impl Access {
    /// Whether software may read it.
    pub fn readable(self) -> bool {
        !matches!(self, Access::WriteOnly)
    }
    /// Whether software may write it.
    pub fn writable(self) -> bool {
        !matches!(self, Access::ReadOnly)
    }
    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Access::ReadOnly => "ro",
            Access::ReadWrite => "rw",
            Access::WriteOnly => "wo",
            Access::W1c => "w1c",
            Access::Unknown => "unknown",
        }
    }
}

/// How many copies a register has and where they are.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// One register.
    Single,
    /// `count` copies `stride` bytes apart.
    Array {
        /// Copies.
        count: u32,
        /// Bytes between copies.
        stride: u32,
    },
    /// One copy per value of each index: `(index position in Block::indices, stride)`.
    Dimensioned(Vec<(usize, u32)>),
}

/// One register.
#[derive(Debug, Clone, PartialEq)]
pub struct Register {
    /// Name (`UPPER_SNAKE`).
    pub name: String,
    /// Offset of copy 0.
    pub offset: u32,
    /// Access.
    pub access: Access,
    /// Reset value, if a source gives it.
    pub reset: Option<u32>,
    /// A source says writes are ignored.
    pub write_ignored: bool,
    /// The access was inferred from driver usage: the citation.
    pub inferred: Option<String>,
    /// Documentation.
    pub description: String,
    /// Provenance.
    pub source: String,
    /// Copies.
    pub shape: Shape,
    /// Fields, in bit order (lowest first); with a fieldset, the fieldset's, with this
    /// register's access where a field has none of its own.
    pub fields: Vec<Field>,
    /// The register catalogue (`shared/<name>.yaml`) this register's layout comes from, if it
    /// was placed by an offset table: every revision placing it shares one value type.
    pub layout: Option<String>,
    /// The fieldset ([`Block::fieldsets`]) giving its fields, whose value type it shares.
    pub fieldset: Option<String>,
    /// That it has the fieldset's layout was inferred: the reasoning.
    pub fieldset_inferred: Option<String>,
}

impl Register {
    /// Bits covered by W1C fields (or all bits of a W1C register).
    pub fn w1c_mask(&self) -> u32 {
        if self.access == Access::W1c {
            return u32::MAX;
        }
        self.fields
            .iter()
            .filter(|f| f.access == Access::W1c)
            .fold(0, |m, f| m | f.mask())
    }
}

/// One bit field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name (`UPPER_SNAKE`).
    pub name: String,
    /// Lowest bit.
    pub lsb: u32,
    /// Width in bits (1..=32).
    pub width: u32,
    /// Access.
    pub access: Access,
    /// Documentation.
    pub description: String,
    /// Enumerated values, sorted by value.
    pub values: Vec<EnumValue>,
    /// The access was inferred from driver usage: the citation.
    pub inferred: Option<String>,
    /// Provenance.
    pub source: String,
}

impl Field {
    /// The mask of the field in the register.
    pub fn mask(&self) -> u32 {
        let ones = if self.width >= 32 {
            u32::MAX
        } else {
            (1u32 << self.width) - 1
        };
        ones << self.lsb
    }
    /// The highest bit.
    pub fn msb(&self) -> u32 {
        self.lsb + self.width - 1
    }
    /// Whether every value of the field has a name.
    pub fn values_closed(&self) -> bool {
        self.width < 32 && self.values.len() as u64 == 1u64 << self.width
    }
}

/// One enumerated value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// Name.
    pub name: String,
    /// Value.
    pub value: u32,
    /// Documentation.
    pub description: String,
}
