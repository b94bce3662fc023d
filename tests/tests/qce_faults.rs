//! Faults around the locked QCE path: a full FIFO at submit, a pipe reset in the middle of a
//! locked transaction, a descriptor error, the secure side holding the lock for a long time,
//! FIFO wrap-around, a lock flag on a data descriptor. In each, every request is reported
//! exactly once (result or error), the lock ends released, and nothing is lost.

mod common;

use common::{Engine, Expect, RawPipe, Secure, Side, drive, model};
use qcom_socs::sm8550;
use socgen_bam::{CommandFlags, Descriptor, DmaRegion};
use socgen_qce::{CipherMode, Direction, Error, RequestId};
use socgen_runtime::Io;
use socgen_runtime::bam::{BamRevision, LockTargetSpec};
use socgen_sim::{AesMode, DescriptorError, Event, Model, Rng, irq};

type Linux = sm8550::Lock;
type Tz = Secure<sm8550::Lock>;
type R = <Linux as LockTargetSpec>::Revision;

const ENGINE: Engine = engine!(sm8550);
const KEY: [u8; 16] = *b"0123456789abcdef";

fn ecb(data: &[u8]) -> Expect {
    let mut out = data.to_vec();
    socgen_sim::aes(&KEY, AesMode::Ecb, true, &[0; 16], &mut out).unwrap();
    Expect {
        output: out,
        digest: vec![],
    }
}

fn encrypt(side: &mut Side<R>, model: &Model<R>, data: &[u8]) -> Result<RequestId, Error> {
    side.cipher(model, &KEY, CipherMode::Ecb, Direction::Encrypt, data)
}

fn count(model: &Model<R>, f: impl Fn(&Event) -> bool) -> usize {
    model.events().iter().filter(|e| f(e)).count()
}

/// The invariants every fault test ends with.
fn settled(model: &Model<R>, sides: &[&Side<R>]) {
    for side in sides {
        assert_eq!(side.qce.pending(), 0, "a request is still pending");
        assert_eq!(
            side.reports.len(),
            side.submitted(),
            "a request was never reported"
        );
        assert!(
            side.reports.values().all(|&n| n == 1),
            "a request was reported twice"
        );
    }
    assert_eq!(model.lock_holder(), None, "the lock is still held");
    let locks = count(model, |e| matches!(e, Event::Locked { .. }));
    let unlocks = count(model, |e| matches!(e, Event::Unlocked { .. }));
    assert_eq!(locks, unlocks, "every LOCK is released once");
}

#[test]
fn fifo_full_at_submit_writes_nothing_and_the_retry_succeeds() {
    let model = model::<Linux>(ENGINE, false, true);
    // 8 slots: 7 usable; a request needs 4 (merge: commands, commands, data, UNLOCK dummy).
    let mut linux = Side::new::<Linux>(&model, ENGINE, 64);
    let data = [0x5a; 48];
    let first = encrypt(&mut linux, &model, &data).unwrap();
    let before = model.events().len();
    let full = encrypt(&mut linux, &model, &data);
    assert!(
        matches!(
            full,
            Err(Error::Bam(socgen_bam::Error::FifoFull {
                needed: 4,
                free: 3
            }))
        ),
        "{full:?}"
    );
    let mut rng = Rng::new(11);
    drive(&model, &mut rng, &mut [&mut linux]);
    assert!(model.events().len() > before);
    let second = encrypt(&mut linux, &model, &data).unwrap();
    drive(&model, &mut rng, &mut [&mut linux]);
    assert!(linux.correct(first, &ecb(&data)) && linux.correct(second, &ecb(&data)));
    // The refused submission left no trace: one LOCK per accepted request.
    assert_eq!(count(&model, |e| matches!(e, Event::Locked { .. })), 2);
    settled(&model, &[&linux]);
}

#[test]
fn pipe_reset_in_the_middle_of_a_locked_transaction() {
    for seed in 0..200 {
        let model = model::<Linux>(ENGINE, true, true);
        let mut linux = Side::new::<Linux>(&model, ENGINE, 4096);
        let mut tz = Side::new::<Tz>(&model, ENGINE, 4096);
        let mut rng = Rng::new(seed);
        let data = [seed as u8; 64];
        let doomed = encrypt(&mut linux, &model, &data).unwrap();
        let theirs = encrypt(&mut tz, &model, &data).unwrap();
        // Run until Linux holds the lock, then some more, then reset under the lock.
        while model.lock_holder() != Some(Linux::TARGET.pipe) {
            assert!(model.step(&mut rng), "seed {seed}: Linux never locked");
        }
        let steps = rng.below(3);
        model.run(&mut rng, steps);
        let held = model.lock_holder() == Some(Linux::TARGET.pipe);
        linux.reset();
        if held {
            assert_eq!(
                model.lock_holder(),
                None,
                "seed {seed}: reset keeps the lock"
            );
        }
        assert_eq!(linux.results[&doomed], Err(Error::Reset));
        let again = encrypt(&mut linux, &model, &data).unwrap();
        drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
        assert!(
            linux.correct(again, &ecb(&data)),
            "seed {seed}: {:?}",
            linux.results
        );
        assert!(
            tz.correct(theirs, &ecb(&data)),
            "seed {seed}: secure side harmed"
        );
        settled(&model, &[&linux, &tz]);
    }
}

#[test]
fn descriptor_error_fails_the_request_and_releases_the_lock() {
    let model = model::<Linux>(ENGINE, true, true);
    let mut linux = Side::new::<Linux>(&model, ENGINE, 4096);
    let mut tz = Side::new::<Tz>(&model, ENGINE, 4096);
    let mut rng = Rng::new(5);
    // Input at a bus address with no memory: the BAM fails the data descriptor, after the
    // LOCK (merged onto the first command descriptor) was taken.
    let bad = socgen_qce::CipherRequest {
        key: socgen_qce::AesKey::Aes128(&KEY),
        mode: CipherMode::Ecb,
        direction: Direction::Encrypt,
        src: 0x1000,
        dst: 0x2000,
        len: 64,
    };
    let doomed = linux.qce.submit_cipher(&bad).unwrap();
    linux.track(doomed);
    let data = [3; 64];
    let theirs = encrypt(&mut tz, &model, &data).unwrap();
    while model.pipe_error(Linux::TARGET.pipe).is_none() {
        assert!(model.step(&mut rng), "the error never happened");
    }
    assert_eq!(
        model.pipe_error(Linux::TARGET.pipe),
        Some(DescriptorError::BufferNotInMemory)
    );
    assert_eq!(
        model.lock_holder(),
        Some(Linux::TARGET.pipe),
        "the failed pipe holds the lock"
    );
    drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
    let mut results = std::mem::take(&mut linux.results);
    assert_eq!(results.remove(&doomed), Some(Err(Error::Descriptor)));
    assert!(
        tz.correct(theirs, &ecb(&data)),
        "the secure side proceeds after the reset"
    );
    // Linux's side works again.
    let next = encrypt(&mut linux, &model, &data).unwrap();
    drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
    assert!(linux.correct(next, &ecb(&data)));
    assert_eq!(linux.reports.get(&doomed), Some(&1));
    linux.results.insert(doomed, Err(Error::Descriptor));
    settled(&model, &[&linux, &tz]);
}

#[test]
fn the_secure_side_holds_the_lock_for_a_long_time() {
    let model = model::<Linux>(ENGINE, true, true);
    let mut linux = Side::new::<Linux>(&model, ENGINE, 4096);
    let mut firmware = RawPipe::<R>::new(
        &model,
        Tz::TARGET.pipe,
        Tz::TARGET.ee,
        Tz::TARGET.lock_group,
    );
    let scratch = model.memory().alloc(64);
    let element = ENGINE.commands.read_version(scratch.bus_addr() + 32);
    scratch.write_and_clean(0, &element.to_bytes());
    let lock = Descriptor::command(scratch.bus_addr(), 16, CommandFlags::LOCK);
    firmware.push(lock.to_bytes());
    let mut rng = Rng::new(9);
    model.run(&mut rng, 10);
    assert_eq!(model.lock_holder(), Some(Tz::TARGET.pipe));

    let data: Vec<[u8; 64]> = (0..3).map(|i| [i; 64]).collect();
    let ids: Vec<_> = data
        .iter()
        .map(|d| encrypt(&mut linux, &model, d).unwrap())
        .collect();
    for _ in 0..1_000 {
        model.step(&mut rng);
        assert_eq!(
            linux.poll(),
            0,
            "nothing completes while the other side holds the lock"
        );
    }
    assert!(
        model
            .events()
            .iter()
            .all(|e| !matches!(e, Event::Error { .. }))
    );
    assert_eq!(linux.qce.pending(), 3, "and nothing is dropped");
    assert_eq!(
        model.qce_cpu(0).read32(0),
        0,
        "the CPU path is locked out too"
    );

    let unlock = Descriptor::command(scratch.bus_addr(), 16, CommandFlags::UNLOCK);
    firmware.push(unlock.to_bytes());
    drive(&model, &mut rng, &mut [&mut linux]);
    for (id, d) in ids.iter().zip(&data) {
        assert!(linux.correct(*id, &ecb(d)), "{:?}", linux.results.get(id));
    }
    settled(&model, &[&linux]);
}

#[test]
fn fifo_wraps_around_many_times() {
    let model = model::<Linux>(ENGINE, true, true);
    // 16 slots on each side, 60 requests each: every ring wraps more than ten times.
    let mut linux = Side::new::<Linux>(&model, ENGINE, 128);
    let mut tz = Side::new::<Tz>(&model, ENGINE, 128);
    let mut rng = Rng::new(17);
    let mut expected = Vec::new();
    for i in 0..60u8 {
        for (is_linux, side) in [(true, &mut linux), (false, &mut tz)] {
            let data = [i ^ u8::from(is_linux); 32];
            let id = loop {
                match encrypt(side, &model, &data) {
                    Ok(id) => break id,
                    Err(Error::Busy | Error::Bam(socgen_bam::Error::FifoFull { .. })) => {
                        model.run(&mut rng, 3);
                        side.poll();
                    }
                    Err(e) => panic!("{e:?}"),
                }
            };
            expected.push((is_linux, id, ecb(&data)));
        }
    }
    drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
    for (is_linux, id, expect) in &expected {
        let side = if *is_linux { &linux } else { &tz };
        assert!(side.correct(*id, expect), "{id:?}");
    }
    settled(&model, &[&linux, &tz]);
}

#[test]
fn a_lock_flag_on_a_data_descriptor_raises_the_error_interrupt() {
    let model = model::<Linux>(ENGINE, true, true);
    let mut firmware = RawPipe::<R>::new(
        &model,
        Tz::TARGET.pipe,
        Tz::TARGET.ee,
        Tz::TARGET.lock_group,
    );
    let buffer = model.memory().alloc(64);
    // addr, size 64, flags LOCK (0x0400) without CMD: what socgen-bam's types cannot express.
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&buffer.bus_addr().to_le_bytes());
    bytes[4..6].copy_from_slice(&64u16.to_le_bytes());
    bytes[6..].copy_from_slice(&0x0400u16.to_le_bytes());
    firmware.push(bytes);
    model.run(&mut Rng::new(0), 10);
    assert_eq!(
        model.pipe_error(Tz::TARGET.pipe),
        Some(DescriptorError::LockFlagOnData)
    );
    assert_eq!(model.lock_holder(), None, "the flag took no lock");
    let status = firmware.read(R::P_IRQ_STTS);
    assert_ne!(status & irq::ERR, 0);
}
