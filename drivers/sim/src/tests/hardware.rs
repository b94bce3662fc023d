//! One test per [`Hardware`] switch: the same hand-made descriptors under each value, and the
//! model behaving differently; then the exploration API (`runnable_pipes`, `step_pipe`,
//! `fingerprint`) and the switch catalogue (`deviations`, `cross_product`, `describe`).

use super::*;
use qcom_socs::blocks::qce::v5::{Config, Goproc};
use std::collections::HashSet;

fn model_on(hardware: Hardware) -> Model<V1_7> {
    Model::new(config().with_hardware(hardware))
}

/// A read of `VERSION` into a fresh 4-byte region: the read dummy.
fn read_dummy<R: PipeLocking>(model: &Model<R>) -> [u8; 16] {
    read_element(offsets::VERSION, model.memory().alloc(4).bus_addr(), 0)
}

/// A write dummy: `ENCR_SEG_CFG` = 0 (no cipher), as a transaction's own first write.
fn write_dummy() -> [u8; 16] {
    write_element(offsets::ENCR_SEG_CFG, 0)
}

fn seg_size<R: PipeLocking>(model: &Model<R>) -> u32 {
    model.qce_cpu(0).read32(offsets::ENCR_SEG_SIZE)
}

// --- Q2: LOCK on a read element -------------------------------------------------------------

/// Pipe 4 (group 2) sends a LOCK on `lock`; pipe 6 (group 3, EE 1) then has a write queued.
/// Returns the lock's holder and whether pipe 6 ran.
fn lock_then_other_group(
    hardware: Hardware,
    lock: fn(&Model<V1_7>) -> [u8; 16],
) -> (Option<u32>, bool) {
    let model = model_on(hardware);
    let mut linux = Raw::new(&model, 4, 0, 2);
    let mut secure = Raw::new(&model, 6, 1, 3);
    linux.commands(&model, &[lock(&model)], LOCK);
    run(&model);
    secure.commands(&model, &[write_element(offsets::ENCR_SEG_SIZE, 7)], 0);
    run(&model);
    assert_eq!(model.pipe_error(4), None);
    (model.lock_holder(), descriptors(&model, 6) == 1)
}

#[test]
fn lock_on_read_honoured_or_ignored() {
    let honoured = Hardware::BELIEVED;
    let ignored = Hardware {
        lock_on_read: LockOnRead::Ignored,
        ..honoured
    };
    assert_eq!(
        lock_then_other_group(honoured, read_dummy),
        (Some(4), false)
    );
    assert_eq!(
        lock_then_other_group(ignored, read_dummy),
        (None, true),
        "a LOCK on a read dummy locks nothing"
    );
    // A LOCK on a write element locks on both.
    for hardware in [honoured, ignored] {
        assert_eq!(
            lock_then_other_group(hardware, |_| write_dummy()),
            (Some(4), false)
        );
    }
    // A descriptor mixing a read and a write is not "all reads".
    let model = model_on(ignored);
    let mut linux = Raw::new(&model, 4, 0, 2);
    linux.commands(&model, &[read_dummy(&model), write_dummy()], LOCK);
    run(&model);
    assert_eq!(model.lock_holder(), Some(4));
}

// --- Q2: UNLOCK on a read element -----------------------------------------------------------

/// Pipe 4 locks (write element), then unlocks with `unlock`; pipe 6 (group 3) has a write
/// queued. Returns the lock's holder and whether pipe 6 ran.
fn unlock_then_other_group(
    hardware: Hardware,
    unlock: fn(&Model<V1_7>) -> [u8; 16],
) -> (Option<u32>, bool) {
    let model = model_on(hardware);
    let mut linux = Raw::new(&model, 4, 0, 2);
    let mut secure = Raw::new(&model, 6, 1, 3);
    linux.commands(&model, &[write_dummy()], LOCK);
    run(&model);
    secure.commands(&model, &[write_element(offsets::ENCR_SEG_SIZE, 7)], 0);
    linux.commands(&model, &[unlock(&model)], UNLOCK);
    run(&model);
    assert_eq!(descriptors(&model, 4), 2, "the UNLOCK descriptor retired");
    (model.lock_holder(), descriptors(&model, 6) == 1)
}

#[test]
fn unlock_on_read_honoured_or_ignored() {
    let honoured = Hardware::BELIEVED;
    let ignored = Hardware {
        unlock_on_read: UnlockOnRead::Ignored,
        ..honoured
    };
    assert_eq!(unlock_then_other_group(honoured, read_dummy), (None, true));
    assert_eq!(
        unlock_then_other_group(ignored, read_dummy),
        (Some(4), false),
        "the pipe keeps the lock and the other group stalls"
    );
    for hardware in [honoured, ignored] {
        assert_eq!(
            unlock_then_other_group(hardware, |_| write_dummy()),
            (None, true)
        );
    }
}

// --- Q3: when UNLOCK takes effect -----------------------------------------------------------

#[test]
fn unlock_after_or_before_its_descriptor() {
    // Pipe 4 holds the lock and queues an UNLOCK whose element writes ENCR_SEG_SIZE = 1;
    // pipe 6 (group 3) waits with ENCR_SEG_SIZE = 2. Scheduled by hand: the highest
    // runnable pipe each step, so pipe 6 moves as soon as the lock lets it.
    let order = |hardware| {
        let model = model_on(hardware);
        let mut linux = Raw::new(&model, 4, 0, 2);
        let mut secure = Raw::new(&model, 6, 1, 3);
        linux.commands(&model, &[write_dummy()], LOCK);
        assert!(model.step_pipe(4));
        secure.commands(&model, &[write_element(offsets::ENCR_SEG_SIZE, 2)], 0);
        linux.commands(&model, &[write_element(offsets::ENCR_SEG_SIZE, 1)], UNLOCK);
        let mut schedule = Vec::new();
        loop {
            let runnable = model.runnable_pipes();
            let Some(&pipe) = runnable.iter().max() else {
                break;
            };
            schedule.push(pipe);
            assert!(model.step_pipe(pipe));
        }
        (schedule, seg_size(&model), model.lock_holder())
    };
    let after = order(Hardware::BELIEVED);
    assert_eq!(
        after,
        (vec![4, 6], 2, None),
        "pipe 6 only after the whole UNLOCK"
    );
    let before = Hardware {
        unlock_timing: UnlockTiming::BeforeDescriptor,
        ..Hardware::BELIEVED
    };
    assert_eq!(
        order(before),
        (vec![4, 6, 4], 1, None),
        "released at fetch: pipe 6 runs before the UNLOCK's own element"
    );

    // Under `BeforeDescriptor`, another group may even take the lock in between; the UNLOCK's
    // elements then wait for it.
    let model = model_on(before);
    let mut linux = Raw::new(&model, 4, 0, 2);
    let mut secure = Raw::new(&model, 6, 1, 3);
    linux.commands(&model, &[write_dummy()], LOCK);
    assert!(model.step_pipe(4));
    linux.commands(&model, &[write_element(offsets::ENCR_SEG_SIZE, 1)], UNLOCK);
    secure.commands(&model, &[write_dummy()], LOCK);
    assert_eq!(model.runnable_pipes(), vec![4]);
    assert!(model.step_pipe(4));
    assert_eq!(model.lock_holder(), None);
    assert_eq!(descriptors(&model, 4), 1, "the UNLOCK has not retired");
    assert_eq!(model.runnable_pipes(), vec![4, 6]);
    assert!(model.step_pipe(6));
    assert_eq!(model.lock_holder(), Some(6));
    assert_eq!(
        model.runnable_pipes(),
        Vec::<u32>::new(),
        "pipe 4 is locked out"
    );
    assert!(!model.step_pipe(4));
}

// --- Q4: what NWD waits for -----------------------------------------------------------------

/// Pipe 4 (pair 2) starts a 64-byte operation, then sends its input as `pieces` (bytes,
/// flags). Returns the data descriptors retired, whether the operation finished and the
/// pipes still runnable.
fn nwd_run(hardware: Hardware, pieces: &[(u16, u16)]) -> (usize, bool, Vec<u32>) {
    let model = model_on(hardware);
    let mut rx = Raw::new(&model, 4, 0, 2);
    let config = Config::ZERO
        .with_pipe_set_select::<2>()
        .with_little_endian_mode(true)
        .to_bits();
    rx.commands(
        &model,
        &[
            write_element(offsets::CONFIG, config),
            write_element(offsets::SEG_SIZE, 64),
            write_element(offsets::GOPROC, Goproc::ZERO.with_go(true).to_bits()),
        ],
        0,
    );
    for &(size, flags) in pieces {
        let data = model.memory().alloc_with(&vec![0x5a; size.into()]);
        rx.push(data.bus_addr(), size, flags);
    }
    run(&model);
    assert_eq!(model.pipe_error(4), None);
    let finished = model
        .events()
        .iter()
        .any(|e| matches!(e, Event::Operation(done) if done.pair == 2 && done.bytes == 64));
    (descriptors(&model, 4) - 1, finished, model.runnable_pipes())
}

#[test]
fn nwd_waits_for_the_descriptor_or_the_operation() {
    let data = Hardware::BELIEVED;
    let end = Hardware {
        nwd: NwdWaits::ForOperationEnd,
        ..data
    };
    // NWD (with EOT, as the SPS rule wants) on a piece that is not the operation's last.
    let split = [(32, EOT | NWD), (32, EOT | NWD)];
    assert_eq!(nwd_run(data, &split), (2, true, vec![]));
    assert_eq!(
        nwd_run(end, &split),
        (0, false, vec![]),
        "the first piece waits for an operation that needs the second: stalled for ever"
    );
    // NWD on the last piece only works under both.
    let last = [(32, EOT), (32, EOT | NWD)];
    assert_eq!(nwd_run(data, &last), (2, true, vec![]));
    assert_eq!(nwd_run(end, &last), (2, true, vec![]));
}

// --- Q5: what P_RST does to a held lock -----------------------------------------------------

#[test]
fn pipe_reset_releases_or_keeps_the_lock() {
    let reset_holder = |hardware| {
        let model = model_on(hardware);
        let mut linux = Raw::new(&model, 4, 0, 2);
        let mut secure = Raw::new(&model, 6, 1, 3);
        linux.commands(&model, &[write_dummy()], LOCK);
        run(&model);
        secure.commands(&model, &[write_element(offsets::ENCR_SEG_SIZE, 7)], 0);
        linux.write(V1_7::P_RST, 1);
        linux.write(V1_7::P_RST, 0);
        run(&model);
        (model, linux, secure)
    };
    let (model, ..) = reset_holder(Hardware::BELIEVED);
    assert_eq!(model.lock_holder(), None);
    assert_eq!(descriptors(&model, 6), 1);

    let keeps = Hardware {
        pipe_reset: PipeReset::KeepsLock,
        ..Hardware::BELIEVED
    };
    let (model, linux, _secure) = reset_holder(keeps);
    assert_eq!(model.lock_holder(), Some(4), "the lock survives the reset");
    assert_eq!(
        descriptors(&model, 6),
        0,
        "and the other group stays stalled"
    );
    // A BAM reset frees it.
    let ctrl = V1_7::CTRL.at(0, 0).unwrap();
    let reset = socgen_runtime::bam::regs::Ctrl::ZERO.with_bam_sw_rst(true);
    linux.port.write32(ctrl, reset.to_bits());
    linux.port.write32(ctrl, 0);
    assert_eq!(model.lock_holder(), None);
    run(&model);
    assert_eq!(descriptors(&model, 6), 1);

    // So does an UNLOCK from the reset pipe, once it is set up again.
    let (model, _, _secure) = reset_holder(keeps);
    let mut linux = Raw::new(&model, 4, 0, 2);
    linux.commands(&model, &[write_dummy()], UNLOCK);
    run(&model);
    assert_eq!(model.lock_holder(), None);
    assert_eq!(descriptors(&model, 6), 1);
}

// --- Q6: what a lock excludes ---------------------------------------------------------------

#[test]
fn lock_excludes_by_group_or_by_ee() {
    // Pipe 4 (EE 0, group 2) holds the lock; pipe 5 (EE 0, group 3) and pipe 6 (EE 1, group
    // 2) each have a write queued.
    let ran = |hardware| {
        let model = model_on(hardware);
        let mut holder = Raw::new(&model, 4, 0, 2);
        let mut same_ee = Raw::new(&model, 5, 0, 3);
        let mut same_group = Raw::new(&model, 6, 1, 2);
        holder.commands(&model, &[write_dummy()], LOCK);
        run(&model);
        same_ee.commands(&model, &[write_dummy()], 0);
        same_group.commands(&model, &[write_dummy()], 0);
        run(&model);
        assert_eq!(model.lock_holder(), Some(4));
        (descriptors(&model, 5), descriptors(&model, 6))
    };
    assert_eq!(
        ran(Hardware::BELIEVED),
        (0, 1),
        "by group: the other EE's pipe runs"
    );
    let by_ee = Hardware {
        exclusion: LockExclusion::ByEe,
        ..Hardware::BELIEVED
    };
    assert_eq!(
        ran(by_ee),
        (1, 0),
        "by EE: the other group of the same EE runs"
    );
}

// --- Q8: a write to VERSION -----------------------------------------------------------------

#[test]
fn scratchpad_write_ignored_bus_error_or_aliased() {
    let write_version = |hardware| {
        let model = model_on(hardware);
        let mut rx = Raw::new(&model, 4, 0, 2);
        rx.commands(&model, &[write_element(offsets::CONFIG, 0xe01ef)], 0);
        rx.commands(&model, &[write_element(offsets::VERSION, 0)], LOCK);
        run(&model);
        let cpu = model.qce_cpu(0);
        (
            model.pipe_error(4),
            cpu.read32(offsets::VERSION),
            cpu.read32(offsets::CONFIG),
        )
    };
    let on = |scratchpad_write| Hardware {
        scratchpad_write,
        ..Hardware::BELIEVED
    };
    assert_eq!(
        write_version(on(ScratchpadWrite::Ignored)),
        (None, MODEL_VERSION, 0xe01ef)
    );
    assert_eq!(
        write_version(on(ScratchpadWrite::BusError)),
        (
            Some(DescriptorError::BusError(CE_BASE + offsets::VERSION as u32)),
            MODEL_VERSION,
            0xe01ef
        )
    );
    assert_eq!(
        write_version(on(ScratchpadWrite::LandsIn(offsets::CONFIG))),
        (None, MODEL_VERSION, 0),
        "the dummy's 0 lands in CONFIG"
    );
    // Reads of VERSION are the same on all three.
    for scratchpad_write in [
        ScratchpadWrite::Ignored,
        ScratchpadWrite::BusError,
        ScratchpadWrite::LandsIn(offsets::CONFIG),
    ] {
        let model = model_on(on(scratchpad_write));
        let mut rx = Raw::new(&model, 4, 0, 2);
        rx.commands(&model, &[read_dummy(&model)], LOCK);
        run(&model);
        assert_eq!(model.pipe_error(4), None);
        assert_eq!(model.lock_holder(), Some(4));
    }
}

// --- Q7: the address field ------------------------------------------------------------------

#[test]
fn ce_address_as_18_bit_offset_or_full_24_bits() {
    // A wrapper below 16 MiB: BAM at 0x704000, engine at 0x73a000 (0x3a000 into the aligned
    // block at 0x700000), so both encodings fit the field.
    let low = |ce_address| ModelConfig {
        bam_base: 0x70_4000,
        qce_base: 0x73_a000,
        hardware: Hardware {
            ce_address,
            ..Hardware::BELIEVED
        },
        ..config()
    };
    let seg = offsets::ENCR_SEG_SIZE as u32;
    let offset18 = 0x3_a000 + seg;
    let physical = 0x73_a000 + seg;
    let written = |model: &Model<V1_7>| model.pipe_error(4).is_none() && seg_size(model) == 0x5a;

    let model = write_at(low(CeAddressDecode::WrapperOffset18), offset18);
    assert!(written(&model));
    let model = write_at(low(CeAddressDecode::WrapperOffset18), physical);
    assert_eq!(
        model.pipe_error(4),
        Some(DescriptorError::BadRegisterAddress(physical))
    );
    let model = write_at(low(CeAddressDecode::Full24), physical);
    assert!(written(&model), "the physical address reaches the engine");
    let model = write_at(low(CeAddressDecode::Full24), offset18);
    assert_eq!(
        model.pipe_error(4),
        Some(DescriptorError::BadRegisterAddress(offset18)),
        "0x3a000 is no engine register as a physical address"
    );
}

// --- the exploration API --------------------------------------------------------------------

/// Two EEs with a locked transaction each (read dummies, as the bundled setups), every
/// descriptor queued before anything runs.
fn contended() -> Model<V1_7> {
    let model = model_on(Hardware::BELIEVED);
    let mut linux = Raw::new(&model, 4, 0, 2);
    let mut secure = Raw::new(&model, 6, 1, 3);
    for (raw, value) in [(&mut linux, 1), (&mut secure, 2)] {
        raw.commands(&model, &[read_dummy(&model)], LOCK);
        raw.commands(&model, &[write_element(offsets::ENCR_SEG_SIZE, value)], 0);
        raw.commands(&model, &[read_dummy(&model)], UNLOCK);
    }
    model
}

#[test]
fn step_is_runnable_pipes_then_step_pipe() {
    for seed in 0..20 {
        let random = contended();
        let steps = random.run(&mut Rng::new(seed), 100);
        let explicit = contended();
        let mut rng = Rng::new(seed);
        let mut explicit_steps = 0;
        loop {
            let runnable = explicit.runnable_pipes();
            let Some(&pipe) = runnable.get(rng.below(runnable.len())) else {
                break;
            };
            assert!(explicit.step_pipe(pipe));
            explicit_steps += 1;
        }
        assert_eq!(steps, explicit_steps);
        assert_eq!(random.events(), explicit.events(), "seed {seed}");
        assert_eq!(random.fingerprint(), explicit.fingerprint());
    }
}

#[test]
fn step_pipe_refuses_a_pipe_that_cannot_move() {
    let model = contended();
    assert_eq!(model.runnable_pipes(), vec![4, 6]);
    assert!(model.step_pipe(4));
    assert_eq!(model.runnable_pipes(), vec![4], "pipe 6 is locked out");
    let before = model.fingerprint();
    let events = model.events().len();
    assert!(!model.step_pipe(6));
    assert!(!model.step_pipe(5), "nothing queued");
    assert!(!model.step_pipe(99), "no such pipe");
    assert_eq!(model.fingerprint(), before);
    assert_eq!(model.events().len(), events);
}

#[test]
fn fingerprints_follow_the_state() {
    let (a, b) = (contended(), contended());
    assert_eq!(
        a.fingerprint(),
        b.fingerprint(),
        "equal states, equal fingerprints"
    );
    let start = a.fingerprint();
    // Both orders of the two whole transactions end in different states (the last write
    // wins), and each order is reproducible.
    let serve = |model: &Model<V1_7>, order: [u32; 2]| {
        for pipe in order {
            while model.step_pipe(pipe) {}
        }
        model.fingerprint()
    };
    let ab = serve(&a, [4, 6]);
    let ba = serve(&b, [6, 4]);
    assert_ne!(ab, start);
    assert_ne!(ab, ba);
    assert_eq!(ab, serve(&contended(), [4, 6]));
    // The event log is history, not state.
    a.take_events();
    assert_eq!(a.fingerprint(), ab);
    // The device view of memory is state.
    let c = contended();
    serve(&c, [4, 6]);
    c.memory().alloc_with(&[1]);
    let d = contended();
    serve(&d, [4, 6]);
    d.memory().alloc_with(&[2]);
    assert_ne!(c.fingerprint(), d.fingerprint());
}

// --- the catalogue of switches --------------------------------------------------------------

#[test]
fn deviations_flip_one_switch_each() {
    let deviations = Hardware::deviations();
    assert_eq!(deviations.len(), 14);
    let believed = Hardware::BELIEVED;
    assert_eq!(believed.describe(), "believed");
    assert_eq!(Hardware::default(), believed);
    let differing = |h: &Hardware| {
        [
            h.lock_on_read != believed.lock_on_read,
            h.unlock_on_read != believed.unlock_on_read,
            h.unlock_timing != believed.unlock_timing,
            h.nwd != believed.nwd,
            h.pipe_reset != believed.pipe_reset,
            h.exclusion != believed.exclusion,
            h.scratchpad_write != believed.scratchpad_write,
            h.ce_address != believed.ce_address,
            h.empty_command != believed.empty_command,
            h.unlock_without_lock != believed.unlock_without_lock,
            h.dump_status != believed.dump_status,
        ]
        .iter()
        .filter(|&&d| d)
        .count()
    };
    let catalogue = [
        include_str!("../../../../socs/hardware/bam.yaml"),
        include_str!("../../../../socs/hardware/qce.yaml"),
    ]
    .concat();
    for d in &deviations {
        assert_eq!(differing(&d.hardware), 1, "{d:?}");
        let description = d.hardware.describe();
        assert!(
            description.ends_with(&format!("={}", d.value)),
            "{description}"
        );
        assert!(!description.contains(','));
        assert!(d.question.starts_with('Q'));
        assert!(
            d.behaviour == "write_ignored"
                || catalogue.contains(&format!("- id: {}\n", d.behaviour)),
            "{} is a catalogue id",
            d.behaviour
        );
    }
    let descriptions: HashSet<String> = deviations.iter().map(|d| d.hardware.describe()).collect();
    assert_eq!(descriptions.len(), deviations.len(), "distinct");
    let two = Hardware {
        lock_on_read: LockOnRead::Ignored,
        unlock_timing: UnlockTiming::BeforeDescriptor,
        ..believed
    };
    assert_eq!(two.describe(), "lock-on-read=ignored, unlock=before");
    let odd = Hardware {
        scratchpad_write: ScratchpadWrite::LandsIn(0x110),
        ..believed
    };
    assert_eq!(odd.describe(), "scratchpad=lands-in-0x110");
}

#[test]
fn the_cross_product_has_every_combination_once() {
    let all = Hardware::cross_product();
    assert_eq!(all.len(), 2 * 2 * 2 * 2 * 2 * 2 * 3 * 2 * 3 * 3 * 2);
    assert_eq!(all.first(), Some(&Hardware::BELIEVED));
    let unique: HashSet<Hardware> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len());
    for d in Hardware::deviations() {
        assert!(unique.contains(&d.hardware), "{}", d.hardware.describe());
    }
    let descriptions: HashSet<String> = all.iter().map(Hardware::describe).collect();
    assert_eq!(
        descriptions.len(),
        all.len(),
        "descriptions tell them apart"
    );
}
