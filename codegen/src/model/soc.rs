//! A SoC as the emitters read it: its instances, their DMA wiring, and its lock setup with the
//! command-element addresses it uses.

use super::{AddressMode, CeAddressError, DummyAccess, Fact, Grade, LockFact, Placement};

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
    /// Position of its block in [`Model::blocks`](super::Model::blocks).
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
    /// Every fact the setup rests on, in a fixed order (recorded behaviours, then the block and
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
