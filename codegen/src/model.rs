//! The intermediate model: what every emitter reads. It knows nothing of YAML.
//!
//! The lock vocabulary (`Placement`, `AddressMode`, `DummyAccess`) is the no_std runtime's own
//! types, so the generator, the generated code and the drivers share one definition.
//!
//! Built by [`crate::lower`] from files that passed [`crate::validate`], so its invariants hold:
//! names are identifiers and unique, registers and fields do not overlap, every register copy
//! lies inside every instance of its block, values fit their fields, indices refer to existing
//! entries, command-element addresses are representable. Emitters may rely on them.

pub use socgen_runtime::bam::{AddressMode, CeAddressError, DummyAccess, Placement};

/// Everything loaded in one run. Blocks and SoCs are sorted by name, so output is deterministic.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    /// Block revisions, sorted by name then revision.
    pub blocks: Vec<Block>,
    /// SoCs, sorted by name.
    pub socs: Vec<Soc>,
    /// The graded hardware behaviours of the behaviour catalogue, in [`BehaviourId::ALL`]
    /// order.
    pub behaviours: Vec<Behaviour>,
}

impl Model {
    /// The block an instance uses.
    pub fn block_of(&self, instance: &Instance) -> &Block {
        &self.blocks[instance.block]
    }

    /// The SoC with this name.
    pub fn soc(&self, name: &str) -> Option<&Soc> {
        self.socs.iter().find(|s| s.name == name)
    }
}

/// How the BAM driver indexes a register it programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BamCopies {
    /// One copy: no strides, no array.
    Global,
    /// One copy per pipe: a stride for the `pipe` index and no other.
    PerPipe,
    /// One copy per execution environment: a stride for the `ee` index and no other.
    PerEe,
}

/// What the BAM driver (`socgen-bam`, through `socgen_runtime::bam::BamRevision`) binds to in a
/// block named `bam`: `(BamRevision constant, register, how it is indexed)`. The validator
/// refuses a `bam` revision without one of them (E0117) and the Rust emitter reads the same
/// table, so a renamed register is an error, never a silently missing `Layout`.
pub const BAM_DRIVER_REGISTERS: &[(&str, &str, BamCopies)] = &[
    ("CTRL", "CTRL", BamCopies::Global),
    ("REVISION_REG", "REVISION", BamCopies::Global),
    ("NUM_PIPES", "NUM_PIPES", BamCopies::Global),
    ("DESC_CNT_TRSHLD", "DESC_CNT_TRSHLD", BamCopies::Global),
    ("IRQ_SRCS", "IRQ_SRCS", BamCopies::Global),
    ("IRQ_SRCS_MSK", "IRQ_SRCS_MSK", BamCopies::Global),
    ("IRQ_STTS", "IRQ_STTS", BamCopies::Global),
    ("IRQ_CLR", "IRQ_CLR", BamCopies::Global),
    ("IRQ_EN", "IRQ_EN", BamCopies::Global),
    ("CNFG_BITS", "CNFG_BITS", BamCopies::Global),
    ("IRQ_SRCS_EE", "IRQ_SRCS_EE", BamCopies::PerEe),
    ("IRQ_SRCS_MSK_EE", "IRQ_SRCS_MSK_EE", BamCopies::PerEe),
    ("P_CTRL", "P_CTRL", BamCopies::PerPipe),
    ("P_RST", "P_RST", BamCopies::PerPipe),
    ("P_HALT", "P_HALT", BamCopies::PerPipe),
    ("P_IRQ_STTS", "P_IRQ_STTS", BamCopies::PerPipe),
    ("P_IRQ_CLR", "P_IRQ_CLR", BamCopies::PerPipe),
    ("P_IRQ_EN", "P_IRQ_EN", BamCopies::PerPipe),
    ("P_EVNT_REG", "P_EVNT_REG", BamCopies::PerPipe),
    ("P_SW_OFSTS", "P_SW_OFSTS", BamCopies::PerPipe),
    ("P_DESC_FIFO_ADDR", "P_DESC_FIFO_ADDR", BamCopies::PerPipe),
    ("P_FIFO_SIZES", "P_FIFO_SIZES", BamCopies::PerPipe),
];

/// The fields the BAM driver sets when it enables the BAM and its pipes: `(register, fields)`.
/// A `bam` revision without one of them is refused (E0117) with a message naming what the
/// driver programs; [`BAM_DRIVER_FIELDS`] gives their bits.
pub const BAM_DRIVER_MASKS: &[(&str, &[&str])] = &[
    ("CTRL", &["BAM_SW_RST"]),
    ("CTRL", &["BAM_EN"]),
    ("P_CTRL", &["P_EN"]),
    ("P_CTRL", &["P_DIRECTION"]),
    ("P_CTRL", &["P_SYS_MODE"]),
    ("P_IRQ_EN", &["P_PRCSD_DESC", "P_ERR", "P_TRNSFR_END"]),
    ("IRQ_EN", &["BAM_ERROR", "BAM_HRESP_ERR"]),
    ("IRQ_SRCS_MSK_EE", &["BAM_IRQ"]),
];

/// The fields the BAM driver programs or reads through the typed values in
/// `socgen_runtime::bam::regs`: `(register, field, lsb, width)`. Those types are generated once,
/// from the bundled catalogue `socs/blocks/bam/shared/registers.yaml`, and checked in; the
/// validator refuses a `bam` revision whose field differs (E0117), since the driver would then
/// program the wrong bits on it.
pub const BAM_DRIVER_FIELDS: &[(&str, &str, u32, u32)] = &[
    ("CTRL", "BAM_SW_RST", 0, 1),
    ("CTRL", "BAM_EN", 1, 1),
    ("IRQ_EN", "BAM_HRESP_ERR", 1, 1),
    ("IRQ_EN", "BAM_ERROR", 2, 1),
    ("IRQ_SRCS_EE", "P_IRQ", 0, 31),
    ("IRQ_SRCS_EE", "BAM_IRQ", 31, 1),
    ("IRQ_SRCS_MSK_EE", "P_IRQ_MSK", 0, 31),
    ("IRQ_SRCS_MSK_EE", "BAM_IRQ", 31, 1),
    ("P_CTRL", "P_EN", 1, 1),
    ("P_CTRL", "P_DIRECTION", 3, 1),
    ("P_CTRL", "P_SYS_MODE", 5, 1),
    ("P_CTRL", "P_LOCK_GROUP", 16, 5),
    ("P_IRQ_STTS", "P_ERR", 4, 1),
    ("P_IRQ_EN", "P_PRCSD_DESC", 0, 1),
    ("P_IRQ_EN", "P_ERR", 4, 1),
    ("P_IRQ_EN", "P_TRNSFR_END", 5, 1),
    ("P_SW_OFSTS", "SW_OFSTS", 0, 16),
];

/// The fields of [`BAM_DRIVER_FIELDS`] the driver programs only on revisions with pipe locking
/// (`socgen_runtime::bam::PipeLocking`): a `bam` revision without pipe locking may lack them
/// (BAM v1.3.0 has no lock group), one with it may not (E0115, E0117).
pub const BAM_LOCKING_ONLY_FIELDS: &[(&str, &str)] = &[("P_CTRL", "P_LOCK_GROUP")];

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

/// A value with the source that states it and how strong that evidence is.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact<T> {
    /// The value.
    pub value: T,
    /// Where it is stated.
    pub source: String,
    /// How strong the evidence is, and why when it is inferred.
    pub evidence: Evidence,
}

/// How strong the public evidence for a behavioural fact is. Ordered strongest first, so
/// `grade > Grade::Documented` means "weaker than documented".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// A public manual or the vendor's own statement.
    Documented,
    /// Merged or reviewed upstream code that works on hardware.
    Upstream,
    /// Shipping vendor code does it.
    Precedent,
    /// Our reading of the record, with the reasoning.
    Inferred,
    /// The record does not settle it.
    Unknown,
}

impl Grade {
    /// Every grade, strongest first.
    pub const ALL: [Grade; 5] = [
        Grade::Documented,
        Grade::Upstream,
        Grade::Precedent,
        Grade::Inferred,
        Grade::Unknown,
    ];

    /// The YAML spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Documented => "documented",
            Grade::Upstream => "upstream",
            Grade::Precedent => "precedent",
            Grade::Inferred => "inferred",
            Grade::Unknown => "unknown",
        }
    }
}

/// The grade of a fact, with its reasoning (empty unless given; required for `inferred`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The grade.
    pub grade: Grade,
    /// Why (for `inferred`, and anywhere the YAML says).
    pub reasoning: String,
}

macro_rules! behaviours {
    ($($variant:ident = $id:literal;)*) => {
        /// The behaviours of the catalogues (`socs/hardware/bam.yaml`, `socs/hardware/qce.yaml`)
        /// the generator and the drivers rely on. Each must be graded in one of them, once; the
        /// id is the YAML `id:`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum BehaviourId { $(#[doc = concat!("`", $id, "`")] $variant,)* }

        impl BehaviourId {
            /// Every id, in catalogue order.
            pub const ALL: &'static [BehaviourId] = &[$(BehaviourId::$variant,)*];

            /// The YAML id.
            pub fn as_str(self) -> &'static str {
                match self { $(BehaviourId::$variant => $id,)* }
            }

            /// The id written `s`, if the generator knows it.
            pub fn parse(s: &str) -> Option<BehaviourId> {
                match s { $($id => Some(BehaviourId::$variant),)* _ => None }
            }
        }
    };
}

behaviours! {
    FlagsOnCommandDescriptors = "flags_on_command_descriptors";
    LockOnWriteElement = "lock_on_write_element";
    UnlockOnWriteElement = "unlock_on_write_element";
    UnlockOnReadElement = "unlock_on_read_element";
    LockOnReadElement = "lock_on_read_element";
    ReadElementReliable = "read_element_reliable";
    ReadElementThirdWord = "read_element_third_word";
    UnlockAfterDescriptor = "unlock_after_descriptor";
    NwdWaitsForPeripheral = "nwd_waits_for_peripheral";
    NwdPlacement = "nwd_placement";
    LockOnConsumerPipe = "lock_on_consumer_pipe";
    PipeResetReleasesLock = "pipe_reset_releases_lock";
    LockExcludesOtherGroups = "lock_excludes_other_groups";
    LockGroupPerPipePair = "lock_group_per_pipe_pair";
    LockGroupZero = "lock_group_zero";
    CeAddress18Bits = "ce_address_18_bits";
    CeAddressFromWrapper = "ce_address_from_wrapper";
    CeAddressPhys24 = "ce_address_phys24";
    UnlockOnEmptyCommandDescriptor = "unlock_on_empty_command_descriptor";
    UnlockWithoutLockIgnored = "unlock_without_lock_ignored";
    SubmissionOrder = "submission_order";
    ResultDumpLayout = "result_dump_layout";
    ResultDumpErrorBits = "result_dump_error_bits";
    ResultDumpStatusComplete = "result_dump_status_complete";
    ResultDumpDigest = "result_dump_digest";
    ResultDumpByteCount = "result_dump_byte_count";
    CtrCounterWholeBlocks = "ctr_counter_whole_blocks";
    CtrCounterMaskAllOnes = "ctr_counter_mask_all_ones";
    CbcNextIv = "cbc_next_iv";
    HashUpdateWholeBlocks = "hash_update_whole_blocks";
    HmacByteCountIncludesKeyBlock = "hmac_byte_count_includes_key_block";
    XtsLengthRule = "xts_length_rule";
    XtsNoCiphertextStealing = "xts_no_ciphertext_stealing";
    DesCbcNextIv = "des_cbc_next_iv";
    CcmAadFormattedInput = "ccm_aad_formatted_input";
    CcmB0InNonceRegisters = "ccm_b0_in_nonce_registers";
    CcmTagInOutput = "ccm_tag_in_output";
    CcmMacFailed = "ccm_mac_failed";
    AeadAadPassthrough = "aead_aad_passthrough";
    AuthPosInputOrOutput = "auth_pos_input_or_output";
}

/// One graded behaviour of the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct Behaviour {
    /// Its fixed id.
    pub id: BehaviourId,
    /// The open question of the record (`Q2`), if any.
    pub question: Option<String>,
    /// What the driver assumes.
    pub statement: String,
    /// How strong the evidence is.
    pub evidence: Evidence,
    /// Where it is stated.
    pub source: String,
    /// What else the hardware might do.
    pub alternatives: Vec<String>,
    /// Where the behaviour was observed on one peripheral's pipes, the grade there (replacing
    /// `evidence` for that peripheral).
    pub per_peripheral: Vec<PeripheralGrade>,
}

/// A behaviour's grade on one peripheral (the block name of the locked pipe's client).
#[derive(Debug, Clone, PartialEq)]
pub struct PeripheralGrade {
    /// The block name (`qce`, `qpic_nand`).
    pub peripheral: String,
    /// The grade there.
    pub evidence: Evidence,
    /// Where it is stated.
    pub source: String,
}

impl Behaviour {
    /// The evidence and source for a lock whose client is a `peripheral` block (`None`: a lock
    /// without a known client): its own entry if it has one, else the behaviour's grade.
    pub fn on(&self, peripheral: Option<&str>) -> (&Evidence, &str) {
        self.per_peripheral
            .iter()
            .find(|p| Some(p.peripheral.as_str()) == peripheral)
            .map_or((&self.evidence, self.source.as_str()), |p| {
                (&p.evidence, p.source.as_str())
            })
    }
}

/// What a lock fact is about: a catalogue behaviour, or a fact written in a block or SoC file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactSubject {
    /// A behaviour of the catalogue.
    Behaviour(BehaviourId),
    /// `capabilities.pipe_locking` of the BAM revision.
    PipeLocking,
    /// `command_element.read_destination_bits` of the BAM revision.
    ReadDestinationBits,
    /// `lock_group` of the lock section.
    LockGroup,
    /// `wrapper` of the lock section (the command-element reference base).
    Wrapper,
    /// `write_ignored` of the dummy-write scratchpad register.
    ScratchpadWriteIgnored,
    /// `unlock:` of the lock section: the element a dummy UNLOCK carries, and that it is
    /// harmless.
    UnlockElement,
}

impl FactSubject {
    /// A short stable name: the behaviour id, or the YAML key the fact is written under.
    pub fn name(self) -> &'static str {
        match self {
            FactSubject::Behaviour(id) => id.as_str(),
            FactSubject::PipeLocking => "pipe_locking",
            FactSubject::ReadDestinationBits => "read_destination_bits",
            FactSubject::LockGroup => "lock_group",
            FactSubject::Wrapper => "wrapper",
            FactSubject::ScratchpadWriteIgnored => "write_ignored",
            FactSubject::UnlockElement => "unlock",
        }
    }
}

/// One fact a SoC's lock setup rests on, with its grade and why the setup depends on it.
#[derive(Debug, Clone, PartialEq)]
pub struct LockFact {
    /// What it is about.
    pub subject: FactSubject,
    /// What is assumed.
    pub statement: String,
    /// How strong the evidence is.
    pub evidence: Evidence,
    /// Where it is stated.
    pub source: String,
    /// The open question of the record, if any.
    pub question: Option<String>,
    /// What else the hardware might do (empty for facts written in block or SoC files).
    pub alternatives: Vec<String>,
    /// How this setup depends on it.
    pub why: String,
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

/// One SoC.
#[derive(Debug, Clone, PartialEq)]
pub struct Soc {
    /// Name (`sm8550`).
    pub name: String,
    /// Documentation.
    pub description: String,
    /// Provenance.
    pub source: String,
    /// Instances, in address order.
    pub instances: Vec<Instance>,
    /// The pipe-lock setup.
    pub lock: Option<Lock>,
}

impl Soc {
    /// The instance with this name.
    pub fn instance(&self, name: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.name == name)
    }
}

/// One instance of a block.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Name (DT label).
    pub name: String,
    /// Position of its block in [`Model::blocks`].
    pub block: usize,
    /// Physical base.
    pub base: u64,
    /// Window size.
    pub size: u64,
    /// DT compatibles.
    pub compatible: Vec<String>,
    /// `qcom,ee`.
    pub ee: Option<u32>,
    /// `num-channels`.
    pub num_channels: Option<u32>,
    /// `qcom,num-ees`.
    pub num_ees: Option<u32>,
    /// `qcom,controlled-remotely`.
    pub controlled_remotely: bool,
    /// `qcom,powered-remotely`.
    pub powered_remotely: bool,
    /// DMA wiring.
    pub dma: Option<Dma>,
    /// `status = "okay"` (or no status) in the dtsi.
    pub enabled: bool,
    /// Documentation.
    pub description: String,
    /// Provenance.
    pub source: String,
    /// Valid count of each block index on this instance (same order as `Block::indices`).
    pub index_counts: Vec<u32>,
    /// Command-element address of offset 0 of this instance, when its registers can be
    /// programmed through the SoC's locked BAM (it is a DMA client of the lock's BAM).
    pub ce_base: Option<u32>,
}

/// DMA wiring of a client.
#[derive(Debug, Clone, PartialEq)]
pub struct Dma {
    /// Position of the BAM instance in [`Soc::instances`].
    pub controller: usize,
    /// Memory-to-peripheral pipe.
    pub rx: u32,
    /// Peripheral-to-memory pipe.
    pub tx: u32,
}

/// What a dummy UNLOCK descriptor carries when it is not the lock dummy (`unlock:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnlockElement {
    /// One element accessing a register.
    Access {
        /// Position of the register's instance in [`Soc::instances`].
        instance: usize,
        /// Position of the register in its block's registers.
        register: usize,
        /// Its command-element address.
        ce_address: u32,
        /// Read it, or write a value.
        access: DummyAccess,
    },
    /// No element: a command descriptor of size 0.
    None,
}
/// The YAML spelling of an address mode (`address_mode:`).
pub fn address_mode_name(mode: AddressMode) -> &'static str {
    match mode {
        AddressMode::Phys24 => "phys24",
        AddressMode::BamOffset18 => "bam_offset18",
        AddressMode::WrapperOffset18 { .. } => "wrapper_offset18",
    }
}

/// The command-element address of the physical address `addr` when the BAM sits at
/// `bam_base`, or why it cannot be expressed, in words for a diagnostic. Never masks.
pub fn encode_ce(mode: AddressMode, bam_base: u64, addr: u64) -> Result<u32, String> {
    let what = match mode {
        AddressMode::WrapperOffset18 { .. } => "wrapper",
        _ => "BAM block",
    };
    mode.encode(bam_base, addr).map_err(|e| match e {
        CeAddressError::Above24Bits => format!("physical address {addr:#x} needs more than 24 bits"),
        CeAddressError::Beyond18Bits { reference, offset } => format!(
            "address {addr:#x} is {offset:#x} bytes past the {what} at {reference:#x}, beyond 18 bits"
        ),
        CeAddressError::BelowReference { reference } => {
            format!("address {addr:#x} lies below the {what} at {reference:#x}")
        }
    })
}

/// A SoC's pipe-lock setup.
#[derive(Debug, Clone, PartialEq)]
pub struct Lock {
    /// Position of the BAM instance in [`Soc::instances`].
    pub bam: usize,
    /// The locked pipe (carries command descriptors).
    pub pipe: u32,
    /// The tx pipe of the client whose rx pipe is `pipe`, if any.
    pub tx_pipe: Option<u32>,
    /// `P_CTRL.P_LOCK_GROUP` of `pipe` and `tx_pipe`.
    pub lock_group: u32,
    /// The grade of `lock_group` and its source.
    pub lock_group_evidence: Fact<()>,
    /// The wrapper of `address_mode: wrapper_offset18`: what it is, with its grade and source.
    pub wrapper: Option<Fact<String>>,
    /// Position of the scratchpad's instance in [`Soc::instances`].
    pub scratchpad_instance: usize,
    /// Position of the scratchpad register in its block's registers.
    pub scratchpad_register: usize,
    /// The scratchpad's command-element address.
    pub scratchpad_ce_address: u32,
    /// The dummy access.
    pub dummy: DummyAccess,
    /// Where the flags go.
    pub placement: Placement,
    /// What a dummy UNLOCK carries instead of the lock dummy, with its grade and source.
    pub unlock: Option<Fact<UnlockElement>>,
    /// The block name of the locked pipe's client (the instance whose `dma.rx` is `pipe`),
    /// which picks a behaviour's per-peripheral grade.
    pub client_block: Option<String>,
    /// Address encoding.
    pub address_mode: AddressMode,
    /// Why this is safe.
    pub rationale: String,
    /// Provenance.
    pub source: String,
    /// Every fact the setup rests on, in a fixed order (catalogue behaviours, then the block and
    /// SoC facts), each once.
    pub facts: Vec<LockFact>,
}

impl Lock {
    /// The facts graded below `documented`: what the model may one day vary.
    pub fn open_facts(&self) -> impl Iterator<Item = &LockFact> {
        self.facts
            .iter()
            .filter(|f| f.evidence.grade > Grade::Documented)
    }
}
