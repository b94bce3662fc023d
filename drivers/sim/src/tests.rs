//! The simulator's hardware checks, each against hand-made bytes (descriptors and command elements
//! are built here from the record's layout, not with the driver's encoders).

use super::*;
use crate::descriptor::{read_destination, sps_violation};
use qcom_socs::blocks::bam::v1_4_0::Layout as V1_4;
use qcom_socs::blocks::bam::v1_7_0::Layout as V1_7;
use qcom_socs::blocks::qce::v5::offsets;
use socgen_bam::DmaRegion;
use socgen_bam::testing::DmaBuf;
use socgen_runtime::Io;
use socgen_runtime::bam::regs::PCtrl;
use socgen_runtime::bam::{AddressMode, BamRevision, PipeLocking};

/// sm8550's crypto wrapper: BAM at 0x1dc4000, engine at 0x1dfa000 (0x3a000 into the
/// 256 KiB-aligned block at 0x1dc0000).
const BAM: u64 = 0x1dc_4000;
const QCE: u64 = 0x1df_a000;
const QCE_SIZE: usize = 0x6000;
/// The engine's command-element base in `BamOffset18`.
const CE_BASE: u32 = 0x3_a000;

const INT: u16 = 1 << 15;
const EOT: u16 = 1 << 14;
const NWD: u16 = 1 << 12;
const CMD: u16 = 1 << 11;
const LOCK: u16 = 1 << 10;
const UNLOCK: u16 = 1 << 9;
const IMME: u16 = 1 << 8;

fn config() -> ModelConfig {
    ModelConfig {
        bam_base: BAM,
        num_pipes: 20,
        num_ees: 4,
        address_mode: AddressMode::BamOffset18,
        qce_base: QCE,
        qce_size: QCE_SIZE,
        pipes: vec![(4, 0), (5, 0), (6, 1), (7, 1)],
        honour_locks: true,
        hardware: Hardware::BELIEVED,
    }
}

/// One pipe programmed by hand, as firmware outside socgen's driver would.
struct Raw<R: PipeLocking> {
    port: BamPort<R>,
    fifo: DmaBuf,
    pipe: u32,
    slot: u32,
}

const SLOTS: u32 = 16;

impl<R: PipeLocking> Raw<R> {
    /// An rx (memory-to-device) pipe in lock group `group`.
    fn new(model: &Model<R>, pipe: u32, ee: u32, group: u32) -> Self {
        let raw = Raw {
            port: model.bam(ee),
            fifo: model.memory().alloc(SLOTS as usize * 8),
            pipe,
            slot: 0,
        };
        let ctrl = PCtrl::ZERO
            .with_p_en(true)
            .with_p_sys_mode(true)
            .try_with_p_lock_group(group)
            .expect("group fits the field");
        raw.write(R::P_RST, 1);
        raw.write(R::P_RST, 0);
        raw.write(R::P_DESC_FIFO_ADDR, raw.fifo.bus_addr());
        raw.write(R::P_FIFO_SIZES, SLOTS * 8);
        raw.write(R::P_CTRL, ctrl.to_bits());
        raw
    }

    fn write(&self, loc: socgen_runtime::bam::RegLoc, value: u32) {
        self.port.write32(loc.at(self.pipe, 0).unwrap(), value);
    }

    fn irq_status(&self) -> u32 {
        self.port.read32(R::P_IRQ_STTS.at(self.pipe, 0).unwrap())
    }

    /// Queues one descriptor (bytes 0..4 address, 4..6 size, 6..8 flags) and rings.
    fn push(&mut self, addr: u32, size: u16, flags: u16) {
        let mut bytes = [0u8; 8];
        bytes[..4].copy_from_slice(&addr.to_le_bytes());
        bytes[4..6].copy_from_slice(&size.to_le_bytes());
        bytes[6..].copy_from_slice(&flags.to_le_bytes());
        self.fifo.write_and_clean(self.slot as usize * 8, &bytes);
        self.slot = (self.slot + 1) % SLOTS;
        self.write(R::P_EVNT_REG, self.slot * 8);
    }

    /// Queues a command descriptor over `elements`, placed in a fresh region.
    fn commands(&mut self, model: &Model<R>, elements: &[[u8; 16]], flags: u16) {
        let bytes: Vec<u8> = elements.iter().flatten().copied().collect();
        let region = model.memory().alloc_with(&bytes);
        self.push(region.bus_addr(), bytes.len() as u16, CMD | flags);
    }
}

/// A command element from its four words (little-endian, word 0 = command << 24 | address).
fn element(command: u8, address: u32, word1: u32, word2: u32) -> [u8; 16] {
    let mut e = [0u8; 16];
    for (i, w) in [(u32::from(command) << 24) | address, word1, word2, 0]
        .into_iter()
        .enumerate()
    {
        e[i * 4..i * 4 + 4].copy_from_slice(&w.to_le_bytes());
    }
    e
}

fn write_element(offset: usize, value: u32) -> [u8; 16] {
    element(0, CE_BASE + offset as u32, value, u32::MAX)
}

fn read_element(offset: usize, destination: u32, word2: u32) -> [u8; 16] {
    element(1, CE_BASE + offset as u32, destination, word2)
}

fn run<R: PipeLocking>(model: &Model<R>) {
    model.run(&mut Rng::new(1), 100);
}

fn descriptors<R: BamRevision>(model: &Model<R>, pipe: u32) -> usize {
    model
        .events()
        .iter()
        .filter(|e| matches!(e, Event::Descriptor { pipe: p, .. } if *p == pipe))
        .count()
}

/// Asserts `pipe` stopped on `error` with `P_IRQ_STTS.ERR` and processed nothing after it.
fn stopped<R: PipeLocking>(model: &Model<R>, raw: &Raw<R>, error: DescriptorError) {
    assert_eq!(model.pipe_error(raw.pipe), Some(error));
    assert_ne!(raw.irq_status() & irq::ERR, 0, "the error interrupt");
}

// --- the vendor SPS rules -------------------------------------------------------------------

#[test]
fn nwd_on_a_data_descriptor_without_eot_is_a_descriptor_error() {
    let model = Model::<V1_7>::new(config());
    let mut rx = Raw::new(&model, 4, 0, 2);
    let data = model.memory().alloc_with(&[0; 64]);
    rx.push(data.bus_addr(), 64, NWD);
    run(&model);
    stopped(&model, &rx, DescriptorError::NwdWithoutEot);
    assert_eq!(descriptors(&model, 4), 0);

    // The rule is "NWD only with EOT or CMD": both of those pass.
    let model = Model::<V1_7>::new(config());
    let mut rx = Raw::new(&model, 4, 0, 2);
    let data = model.memory().alloc_with(&[0; 64]);
    rx.commands(&model, &[write_element(offsets::ENCR_SEG_CFG, 0)], NWD);
    rx.push(data.bus_addr(), 64, EOT | NWD);
    run(&model);
    assert_eq!(model.pipe_error(4), None);
    // The command retired; the data went into the engine and, with NWD, retires only when an
    // operation has consumed it (none was started here).
    assert_eq!(descriptors(&model, 4), 1);
    assert!(
        model
            .events()
            .iter()
            .all(|e| !matches!(e, Event::Error { .. }))
    );
}

#[test]
fn eot_on_a_command_descriptor_is_a_descriptor_error() {
    let model = Model::<V1_7>::new(config());
    let mut rx = Raw::new(&model, 4, 0, 2);
    rx.commands(&model, &[write_element(offsets::ENCR_SEG_CFG, 1)], EOT);
    run(&model);
    stopped(&model, &rx, DescriptorError::EotOnCommand);
    assert!(
        !model
            .events()
            .iter()
            .any(|e| matches!(e, Event::RegisterWrite { .. })),
        "the elements did not run"
    );

    let model = Model::<V1_7>::new(config());
    let mut rx = Raw::new(&model, 4, 0, 2);
    rx.commands(&model, &[write_element(offsets::ENCR_SEG_CFG, 1)], INT);
    run(&model);
    assert_eq!(model.pipe_error(4), None, "INT on a command is fine");
}

#[test]
fn lock_and_unlock_on_one_descriptor_is_a_descriptor_error() {
    let model = Model::<V1_7>::new(config());
    let mut rx = Raw::new(&model, 4, 0, 2);
    let version = read_element(offsets::VERSION, model.memory().alloc(4).bus_addr(), 0);
    rx.commands(&model, &[version], LOCK | UNLOCK);
    run(&model);
    stopped(&model, &rx, DescriptorError::LockAndUnlock);
    assert_eq!(model.lock_holder(), None);
    assert!(
        !model
            .events()
            .iter()
            .any(|e| matches!(e, Event::Locked { .. } | Event::RegisterRead { .. }))
    );
}

#[test]
fn lock_or_unlock_on_a_data_descriptor_is_a_descriptor_error() {
    for flag in [LOCK, UNLOCK, LOCK | EOT | NWD] {
        let model = Model::<V1_7>::new(config());
        let mut rx = Raw::new(&model, 4, 0, 2);
        let data = model.memory().alloc_with(&[0; 16]);
        rx.push(data.bus_addr(), 16, flag);
        run(&model);
        stopped(&model, &rx, DescriptorError::LockFlagOnData);
        assert_eq!(model.lock_holder(), None, "flags {flag:#x}");
    }
}

#[test]
fn imme_with_cmd_is_a_descriptor_error() {
    let model = Model::<V1_7>::new(config());
    let mut rx = Raw::new(&model, 4, 0, 2);
    rx.commands(&model, &[write_element(offsets::ENCR_SEG_CFG, 1)], IMME);
    run(&model);
    stopped(&model, &rx, DescriptorError::ImmeWithCmd);
    assert!(
        !model
            .events()
            .iter()
            .any(|e| matches!(e, Event::RegisterWrite { .. })),
        "the elements did not run"
    );
}

#[test]
fn imme_with_nwd_is_a_descriptor_error() {
    // On data, with EOT so that NWD itself is allowed; IMME is what breaks the rule.
    let model = Model::<V1_7>::new(config());
    let mut rx = Raw::new(&model, 4, 0, 2);
    let data = model.memory().alloc_with(&[0; 64]);
    rx.push(data.bus_addr(), 64, EOT | NWD | IMME);
    run(&model);
    stopped(&model, &rx, DescriptorError::ImmeWithNwd);
    assert_eq!(descriptors(&model, 4), 0);
}

#[test]
fn flag_bits_3_to_0_name_a_buffer_above_4_gib() {
    // Vendor code puts bus-address bits 35..32 there; the simulator's memory is the 32-bit bus
    // space, so any of them set is a buffer not in memory, on data and on commands alike.
    for bit in 0..4 {
        let model = Model::<V1_7>::new(config());
        let mut rx = Raw::new(&model, 4, 0, 2);
        let data = model.memory().alloc_with(&[0; 64]);
        rx.push(data.bus_addr(), 64, EOT | (1 << bit));
        run(&model);
        stopped(&model, &rx, DescriptorError::BufferNotInMemory);
        assert_eq!(descriptors(&model, 4), 0, "bit {bit}");

        let model = Model::<V1_7>::new(config());
        let mut rx = Raw::new(&model, 4, 0, 2);
        rx.commands(&model, &[write_element(offsets::ENCR_SEG_CFG, 1)], 1 << bit);
        run(&model);
        stopped(&model, &rx, DescriptorError::BufferNotInMemory);
        assert!(
            !model
                .events()
                .iter()
                .any(|e| matches!(e, Event::RegisterWrite { .. })),
            "bit {bit}: the elements did not run"
        );
    }
}

#[test]
fn a_failed_pipe_stops_until_reset() {
    let model = Model::<V1_7>::new(config());
    let mut rx = Raw::new(&model, 4, 0, 2);
    rx.commands(&model, &[write_element(offsets::ENCR_SEG_CFG, 1)], EOT);
    rx.commands(&model, &[write_element(offsets::ENCR_SEG_CFG, 2)], 0);
    run(&model);
    assert_eq!(model.pipe_error(4), Some(DescriptorError::EotOnCommand));
    assert_eq!(descriptors(&model, 4), 0, "the next descriptor waits");
    rx.write(V1_7::P_RST, 1);
    assert_eq!(model.pipe_error(4), None);
}

// --- read elements per revision --------------------------------------------------------------

/// Runs one read of VERSION with `word2` in a fresh model of revision `R`; the destination
/// region's bytes, the pipe's error, its `P_IRQ_STTS` and the bus address in word 1.
fn read_version<R: PipeLocking>(word2: u32) -> (Vec<u8>, Option<DescriptorError>, u32, u32) {
    let model = Model::<R>::new(config());
    let mut rx = Raw::new(&model, 4, 0, 2);
    let target = model.memory().alloc(4);
    rx.commands(
        &model,
        &[read_element(offsets::VERSION, target.bus_addr(), word2)],
        0,
    );
    run(&model);
    (
        read_back(&target, 0, 4),
        model.pipe_error(4),
        rx.irq_status(),
        target.bus_addr(),
    )
}

#[test]
fn read_destination_on_a_36_bit_revision() {
    assert_eq!(V1_7::COMMAND_ELEMENT.read_destination_bits(), 36);
    let (bytes, error, _, _) = read_version::<V1_7>(0);
    assert_eq!(error, None);
    assert_eq!(
        bytes,
        MODEL_VERSION.to_le_bytes(),
        "word 2 = 0: the value arrives"
    );

    // The pre-fix encoding: reserved bits 31..4 set.
    let (bytes, error, status, _) = read_version::<V1_7>(u32::MAX);
    assert_eq!(error, Some(DescriptorError::ReservedReadBits(u32::MAX)));
    assert_ne!(status & irq::ERR, 0);
    assert_eq!(bytes, [0; 4], "nothing written");

    // Bits 35..32 only: what the value's destination would be on IPQ5424, above 4 GiB.
    let (bytes, error, status, bus) = read_version::<V1_7>(0xf);
    assert_eq!(
        error,
        Some(DescriptorError::ReadDestinationNotInMemory(
            0xf_0000_0000 | u64::from(bus)
        ))
    );
    assert_ne!(status & irq::ERR, 0);
    assert_eq!(bytes, [0; 4]);
    let (_, error, _, bus) = read_version::<V1_7>(1);
    assert_eq!(
        error,
        Some(DescriptorError::ReadDestinationNotInMemory(
            0x1_0000_0000 | u64::from(bus)
        ))
    );
}

#[test]
fn read_destination_on_a_32_bit_revision_ignores_word_2() {
    assert_eq!(V1_4::COMMAND_ELEMENT.read_destination_bits(), 32);
    for word2 in [0, 0xf, u32::MAX] {
        let (bytes, error, _, _) = read_version::<V1_4>(word2);
        assert_eq!(error, None, "word 2 = {word2:#x}");
        assert_eq!(bytes, MODEL_VERSION.to_le_bytes());
    }
}

#[test]
fn read_destination_not_in_memory_below_4_gib() {
    let model = Model::<V1_7>::new(config());
    let mut rx = Raw::new(&model, 4, 0, 2);
    rx.commands(&model, &[read_element(offsets::VERSION, 0x1000, 0)], 0);
    run(&model);
    stopped(
        &model,
        &rx,
        DescriptorError::ReadDestinationNotInMemory(0x1000),
    );
}

#[test]
fn write_elements_keep_their_mask_on_every_revision() {
    fn masked<R: PipeLocking>() -> u32 {
        let model = Model::<R>::new(config());
        let mut rx = Raw::new(&model, 4, 0, 2);
        let seg = offsets::ENCR_SEG_SIZE;
        rx.commands(
            &model,
            &[
                element(0, CE_BASE + seg as u32, 0x1234_5678, u32::MAX),
                element(0, CE_BASE + seg as u32, 0xffff_ffff, 0x0000_00f0),
            ],
            0,
        );
        run(&model);
        assert_eq!(model.pipe_error(4), None);
        model.qce_cpu(0).read32(seg)
    }
    assert_eq!(masked::<V1_7>(), 0x1234_56f8);
    assert_eq!(masked::<V1_4>(), 0x1234_56f8);
}

// --- lock groups -------------------------------------------------------------------------------

/// Pipe 4 (EE 0, group 2) takes the lock; pipe 6 (EE 1, in `other_group`) then has a command
/// descriptor queued. Returns the simulator and whether pipe 6's descriptor ran while 4 held it.
fn second_pipe_under_lock(other_group: u32) -> (Model<V1_7>, Raw<V1_7>, Raw<V1_7>, bool) {
    let model = Model::<V1_7>::new(config());
    let mut linux = Raw::new(&model, 4, 0, 2);
    let mut secure = Raw::new(&model, 6, 1, other_group);
    let scratch = model.memory().alloc(4);
    let dummy = read_element(offsets::VERSION, scratch.bus_addr(), 0);
    linux.commands(&model, &[dummy], LOCK);
    run(&model);
    assert_eq!(model.lock_holder(), Some(4));
    secure.commands(&model, &[write_element(offsets::ENCR_SEG_CFG, 7)], 0);
    run(&model);
    let ran = descriptors(&model, 6) == 1;
    (model, linux, secure, ran)
}

#[test]
fn a_lock_stalls_the_pipes_of_other_groups() {
    let (model, mut linux, _secure, ran) = second_pipe_under_lock(3);
    assert!(!ran, "group 3 waits while group 2 holds the lock");
    assert_eq!(model.lock_group(4), 2);
    assert_eq!(model.lock_group(6), 3);
    // The other EE's CPU is locked out too, this EE's is not.
    assert_eq!(model.qce_cpu(1).read32(offsets::VERSION), 0);
    assert_eq!(model.qce_cpu(0).read32(offsets::VERSION), MODEL_VERSION);
    let scratch = model.memory().alloc(4);
    let dummy = read_element(offsets::VERSION, scratch.bus_addr(), 0);
    linux.commands(&model, &[dummy], UNLOCK);
    run(&model);
    assert_eq!(model.lock_holder(), None);
    assert_eq!(descriptors(&model, 6), 1, "and runs after the UNLOCK");
}

#[test]
fn pipes_of_the_holders_group_keep_running() {
    // Another EE's pipe in the holder's group (the TrustZone pipes left in group 0 with
    // Linux's, say) is not excluded: the lock keys on groups, not EEs.
    let (model, mut linux, mut secure, ran) = second_pipe_under_lock(2);
    assert!(ran, "the same group runs under the lock");
    // Its LOCK joins the lock instead of waiting for it.
    let scratch = model.memory().alloc(4);
    let dummy = read_element(offsets::VERSION, scratch.bus_addr(), 0);
    secure.commands(&model, &[dummy], LOCK);
    run(&model);
    assert_eq!(model.lock_holders(), vec![4, 6]);
    linux.commands(&model, &[dummy], UNLOCK);
    run(&model);
    assert_eq!(
        model.lock_holders(),
        vec![6],
        "held until every holder unlocked"
    );
    assert_eq!(
        model.qce_cpu(0).read32(offsets::VERSION),
        0,
        "EE 1 holds it"
    );
    secure.write(V1_7::P_RST, 1);
    assert_eq!(
        model.lock_holder(),
        None,
        "a reset releases (a modelling choice)"
    );
}

#[test]
fn unprogrammed_groups_exclude_nothing() {
    let model = Model::<V1_7>::new(config());
    let mut linux = Raw::new(&model, 4, 0, 0);
    let mut secure = Raw::new(&model, 6, 1, 0);
    let scratch = model.memory().alloc(4);
    let dummy = read_element(offsets::VERSION, scratch.bus_addr(), 0);
    linux.commands(&model, &[dummy], LOCK);
    run(&model);
    secure.commands(&model, &[write_element(offsets::ENCR_SEG_CFG, 7)], 0);
    run(&model);
    assert_eq!(model.lock_holder(), Some(4));
    assert_eq!(descriptors(&model, 6), 1);
}

#[test]
fn without_locking_nothing_is_excluded() {
    let model = Model::<V1_7>::new(config().without_locking());
    let mut linux = Raw::new(&model, 4, 0, 2);
    let mut secure = Raw::new(&model, 6, 1, 3);
    let scratch = model.memory().alloc(4);
    let dummy = read_element(offsets::VERSION, scratch.bus_addr(), 0);
    linux.commands(&model, &[dummy], LOCK);
    secure.commands(&model, &[write_element(offsets::ENCR_SEG_CFG, 7)], 0);
    run(&model);
    assert_eq!(descriptors(&model, 6), 1);
    assert_eq!(model.lock_holder(), None);
}

// --- the command-element address reference ---------------------------------------------------

/// The test SoC of `tests/data/unaligned`: wrapper at 0x1c98000 (not 256 KiB aligned), BAM
/// at +0x4000, engine at +0x3a000.
fn unaligned(address_mode: AddressMode) -> ModelConfig {
    ModelConfig {
        bam_base: 0x1c9_c000,
        qce_base: 0x1cd_2000,
        address_mode,
        ..config()
    }
}

/// Runs a write of 0x5a to CE address `ce` in a model configured by `config`.
fn write_at(config: ModelConfig, ce: u32) -> Model<V1_7> {
    let model = Model::<V1_7>::new(config);
    let mut rx = Raw::new(&model, 4, 0, 2);
    rx.commands(&model, &[element(0, ce, 0x5a, u32::MAX)], 0);
    run(&model);
    model
}

#[test]
fn wrapper_offsets_are_measured_from_the_wrapper_base() {
    let wrapper = AddressMode::WrapperOffset18 {
        wrapper_base: 0x1c9_8000,
    };
    let seg = offsets::ENCR_SEG_SIZE as u32;
    // 0x3a000 into the wrapper is the engine.
    let model = write_at(unaligned(wrapper), 0x3_a000 + seg);
    assert_eq!(model.pipe_error(4), None);
    assert!(model.events().contains(&Event::RegisterWrite {
        pipe: 4,
        offset: seg as usize,
        value: 0x5a
    }));
    // The low 18 bits of the engine's physical address (0x12000) are not, in this mode.
    let model = write_at(unaligned(wrapper), 0x1_2000 + seg);
    assert_eq!(
        model.pipe_error(4),
        Some(DescriptorError::BadRegisterAddress(0x1_2000 + seg))
    );
    // A model that measures from the BAM's 256 KiB-aligned block (BamOffset18, 0x1c80000)
    // sends the wrapper offset outside the engine (0x1cba000); the engine, 0x52000 into that
    // block, is out of its 18-bit reach altogether.
    for ce in [0x3_a000 + seg, 0x1_2000 + seg] {
        let model = write_at(unaligned(AddressMode::BamOffset18), ce);
        assert_eq!(
            model.pipe_error(4),
            Some(DescriptorError::BadRegisterAddress(ce))
        );
    }
    // Offsets are 18 bits in both modes.
    let model = write_at(unaligned(wrapper), 0x4_0000 + seg);
    assert!(matches!(
        model.pipe_error(4),
        Some(DescriptorError::BadRegisterAddress(_))
    ));
}

#[test]
fn read_destination_decoding_is_total() {
    assert_eq!(read_destination(32, 0x8000_0000, u32::MAX), Ok(0x8000_0000));
    assert_eq!(read_destination(36, 0x10, 0xa), Ok(0xa_0000_0010));
    assert_eq!(
        read_destination(36, 0x10, 0x10),
        Err(DescriptorError::ReservedReadBits(0x10))
    );
    assert_eq!(read_destination(64, 1, u32::MAX), Ok(0xffff_ffff_0000_0001));
}

#[test]
fn sps_rules_cover_exactly_the_refused_combinations() {
    // Every flag value: the six rules of vendor sps.c `sps_check_iovec_flags()`, in the
    // vendor's order (the first one broken names the error), then a buffer above 4 GiB
    // (address bits 35..32 in flag bits 3..0). Nothing else is refused.
    for flags in 0..=u16::MAX {
        let has = |f: u16| flags & f != 0;
        let rules = [
            (
                has(NWD) && !has(EOT) && !has(CMD),
                DescriptorError::NwdWithoutEot,
            ),
            (has(CMD) && has(EOT), DescriptorError::EotOnCommand),
            (
                !has(CMD) && has(LOCK | UNLOCK),
                DescriptorError::LockFlagOnData,
            ),
            (has(LOCK) && has(UNLOCK), DescriptorError::LockAndUnlock),
            (has(IMME) && has(CMD), DescriptorError::ImmeWithCmd),
            (has(IMME) && has(NWD), DescriptorError::ImmeWithNwd),
            (flags & 0xf != 0, DescriptorError::BufferNotInMemory),
        ];
        let first = rules.iter().find(|(broken, _)| *broken).map(|(_, e)| *e);
        assert_eq!(sps_violation(flags), first, "{flags:#06x}");
    }
}

#[test]
fn the_model_and_the_fake_bam_refuse_the_same_descriptors_for_the_same_rule() {
    use socgen_bam::Descriptor;
    use socgen_bam::testing::{Refusal, refusal};
    for flags in 0..=u16::MAX {
        let [f0, f1] = flags.to_le_bytes();
        let fake = refusal(Descriptor::from_bytes([0, 0, 0, 0, 16, 0, f0, f1])).map(|r| match r {
            Refusal::NwdWithoutEot => DescriptorError::NwdWithoutEot,
            Refusal::EotOnCommand => DescriptorError::EotOnCommand,
            Refusal::LockFlagOnData => DescriptorError::LockFlagOnData,
            Refusal::LockAndUnlock => DescriptorError::LockAndUnlock,
            Refusal::ImmeWithCmd => DescriptorError::ImmeWithCmd,
            Refusal::ImmeWithNwd => DescriptorError::ImmeWithNwd,
            Refusal::BufferAbove4GiB => DescriptorError::BufferNotInMemory,
        });
        assert_eq!(sps_violation(flags), fake, "{flags:#06x}");
    }
}

mod hardware;
