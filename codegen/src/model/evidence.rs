//! Graded facts: a value with its source and evidence grade, the record of hardware
//! behaviours, and the facts each lock setup rests on.

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
        /// The behaviours of the behaviour records (`socs/hardware/bam.yaml`, `socs/hardware/qce.yaml`)
        /// the generator and the drivers rely on. Each must be graded in one of them, once; the
        /// id is the YAML `id:`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum BehaviourId { $(#[doc = concat!("`", $id, "`")] $variant,)* }

        impl BehaviourId {
            /// Every id, in the records' order.
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

/// One graded behaviour of the behaviour record.
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

/// What a lock fact is about: a recorded behaviour, or a fact written in a block or SoC file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactSubject {
    /// A behaviour of the behaviour record.
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
