//! The matrix's scenarios beyond the contention runs: a reset under the lock, a descriptor
//! error, a lock held by firmware across a long stretch, a few published vectors. Each returns
//! its model and what it showed.

use super::{Judged, Verdict, Want, judge};
use crate::harness::{Engine, Expect, RawPipe, Secure, Side, drive, model_on, vectors};
use socgen_bam::{CommandFlags, Descriptor, DmaRegion};
use socgen_qce::{CipherMode, Direction, Error, RequestId};
use socgen_runtime::bam::{DummyAccess, LockTargetSpec, PipeLocking, UnlockWith};
use socgen_sim::{AesMode, Hardware, Model, Rng};

const KEY: [u8; 16] = *b"0123456789abcdef";

fn ecb(data: &[u8]) -> Expect {
    let mut out = data.to_vec();
    socgen_sim::aes(&KEY, AesMode::Ecb, true, &[0; 16], &mut out).expect("AES");
    Expect {
        output: out,
        digest: vec![],
    }
}

fn encrypt<R: PipeLocking>(
    side: &mut Side<R>,
    model: &Model<R>,
    data: &[u8],
) -> Result<RequestId, Error> {
    side.cipher(model, &KEY, CipherMode::Ecb, Direction::Encrypt, data)
}

/// Linux's pipe is reset (the driver's `reset`) at a seeded moment after it took the lock (or
/// tried to); its request fails; the secure side's must then succeed before Linux submits
/// anything else, and Linux's next request must succeed too.
pub(super) fn reset_under_lock<T: LockTargetSpec + 'static>(
    engine: Engine,
    hardware: Hardware,
    seed: u64,
) -> (Model<T::Revision>, Judged) {
    let model = model_on::<T>(engine, true, hardware);
    let mut linux = Side::new::<T>(&model, engine, 4096);
    let mut tz = Side::new::<Secure<T>>(&model, engine, 4096);
    let mut rng = Rng::new(seed);
    let data = [seed as u8; 64];
    let doomed = encrypt(&mut linux, &model, &data).expect("submit");
    let theirs = encrypt(&mut tz, &model, &data).expect("submit");
    // Until Linux holds the lock (where a LOCK is not honoured: until its LOCK descriptor
    // went by), then a seeded number of steps more.
    let pipe = T::TARGET.pipe;
    for _ in 0..200 {
        if model.lock_holders().contains(&pipe) || !model.step(&mut rng) {
            break;
        }
    }
    let steps = rng.below(3);
    model.run(&mut rng, steps);
    linux.reset();
    // The secure side must finish without Linux doing anything more: a lock the reset left
    // held would be freed only by Linux's next UNLOCK, which may never come.
    drive(&model, &mut rng, &mut [&mut tz]);
    let mut judged = Judged::safe();
    if !tz.results.contains_key(&theirs) {
        judged.note(Verdict::Deadlocks, || {
            "the secure side waits for the lock Linux's reset pipe still holds".into()
        });
    }
    let mut wants = vec![
        (0, doomed, Want::FailureOr(ecb(&data))),
        (1, theirs, Want::Result(ecb(&data))),
    ];
    match encrypt(&mut linux, &model, &data) {
        Ok(again) => wants.push((0, again, Want::Result(ecb(&data)))),
        Err(error) => judged.note(Verdict::Deadlocks, || {
            format!("Linux cannot submit after its reset: {error}")
        }),
    }
    drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
    let after = judge(&model, &[&linux, &tz], &wants);
    judged.note(after.verdict, || after.detail.clone());
    (model, judged)
}

/// Linux's input is at a bus address with no memory: its request fails with the error
/// interrupt after the LOCK was taken; the secure side must proceed after the driver's reset,
/// and Linux's next request must succeed.
pub(super) fn descriptor_error<T: LockTargetSpec + 'static>(
    engine: Engine,
    hardware: Hardware,
) -> (Model<T::Revision>, Judged) {
    let model = model_on::<T>(engine, true, hardware);
    let mut linux = Side::new::<T>(&model, engine, 4096);
    let mut tz = Side::new::<Secure<T>>(&model, engine, 4096);
    let mut rng = Rng::new(5);
    let bad = socgen_qce::CipherRequest {
        key: socgen_qce::AesKey::Aes128(&KEY),
        mode: CipherMode::Ecb,
        direction: Direction::Encrypt,
        src: 0x1000,
        dst: 0x2000,
        len: 64,
    };
    let doomed = linux.qce.submit_cipher(&bad).expect("submit");
    linux.track(doomed);
    let data = [3; 64];
    let theirs = encrypt(&mut tz, &model, &data).expect("submit");
    drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
    // Before Linux submits again: the driver's reset after the error must have let the secure
    // side through.
    let stuck = !tz.results.contains_key(&theirs);
    let next = encrypt(&mut linux, &model, &data);
    drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
    let mut wants = vec![(1, theirs, Want::Result(ecb(&data)))];
    if let Ok(next) = next {
        wants.push((0, next, Want::Result(ecb(&data))));
    }
    let mut judged = judge(&model, &[&linux, &tz], &wants);
    if let Err(error) = next {
        judged.note(Verdict::Deadlocks, || {
            format!("Linux cannot submit after the error: {error}")
        });
    }
    if stuck {
        judged.note(Verdict::Deadlocks, || {
            "the secure side waits for the lock Linux's failed, reset pipe still holds".into()
        });
    }
    match linux.results.get(&doomed) {
        Some(Err(_)) => {}
        Some(Ok(_)) => judged.note(Verdict::Corrupts, || {
            "a request from unmapped memory reported done".into()
        }),
        None => judged.note(Verdict::Deadlocks, || {
            "the failed request was never reported".into()
        }),
    }
    (model, judged)
}

/// The secure side's firmware drives its rx pipe by hand, in the setup's shape: a LOCK (wrap:
/// on the setup's own dummy element, a read of the scratchpad or a write of 0; merge: on a
/// command of its own, a write of `ENCR_SEG_CFG` = 0, as a transaction's first command
/// descriptor would carry it), then nothing for `steps` steps while Linux submits three
/// requests, none of which may complete; then the UNLOCK on the dummy element (where a
/// transaction ends with data, both shapes unlock with the dummy), after which all three must
/// be right. Firmware whose pipe stops with an error resets it and gives up its lock.
pub(super) fn long_hold<T: LockTargetSpec + 'static>(
    engine: Engine,
    hardware: Hardware,
    steps: usize,
) -> (Model<T::Revision>, Judged) {
    let model = model_on::<T>(engine, true, hardware);
    let mut linux = Side::new::<T>(&model, engine, 4096);
    let secure = <Secure<T> as LockTargetSpec>::TARGET;
    let mut firmware = Firmware {
        pipe: RawPipe::<T::Revision>::new(&model, secure.pipe, secure.ee, secure.lock_group),
        number: secure.pipe,
        failed: false,
    };
    let elements = HoldElements::write::<T>(&model, engine);
    let mut judged = Judged::safe();
    firmware
        .pipe
        .push(Descriptor::command(elements.lock_at, 16, CommandFlags::LOCK).to_bytes());
    let mut rng = Rng::new(9);
    model.run(&mut rng, 10);
    firmware.failed(&model, &mut judged);
    let data: Vec<[u8; 64]> = (0..3).map(|i| [i; 64]).collect();
    let ids: Vec<_> = data
        .iter()
        .map(|d| encrypt(&mut linux, &model, d).expect("submit"))
        .collect();
    for step in 0..steps {
        model.step(&mut rng);
        if firmware.failed(&model, &mut judged) {
            continue;
        }
        if linux.poll() != 0 {
            judged.note(Verdict::Corrupts, || {
                format!("a Linux request completed {step} steps into the secure side's lock")
            });
        }
    }
    if !firmware.failed(&model, &mut judged) {
        let unlock = Descriptor::command(
            elements.unlock_at,
            elements.unlock_size,
            CommandFlags::UNLOCK,
        );
        firmware.pipe.push(unlock.to_bytes());
    }
    for _ in 0..4 {
        drive(&model, &mut rng, &mut [&mut linux]);
        firmware.failed(&model, &mut judged);
    }
    let wants: Vec<_> = ids
        .iter()
        .zip(&data)
        .map(|(id, d)| (0, *id, Want::Result(ecb(d))))
        .collect();
    let after = judge(&model, &[&linux], &wants);
    judged.note(after.verdict, || after.detail.clone());
    (model, judged)
}

/// The secure side's firmware of [`long_hold`]: its hand-driven pipe, and whether that pipe
/// has stopped with an error.
struct Firmware<R: PipeLocking> {
    pipe: RawPipe<R>,
    number: u32,
    failed: bool,
}

impl<R: PipeLocking> Firmware<R> {
    /// Whether the firmware's pipe has failed; the first time it is seen stopped with an
    /// error, the firmware resets it (giving up its lock) and the fault is noted.
    fn failed(&mut self, model: &Model<R>, judged: &mut Judged) -> bool {
        if !self.failed && model.pipe_error(self.number).is_some() {
            self.failed = true;
            self.pipe.reset();
            judged.note(Verdict::Faults, || {
                "the secure firmware's lock descriptor raised an error".into()
            });
        }
        self.failed
    }
}

/// The command elements the firmware of [`long_hold`] locks and unlocks with, written to a
/// scratch region: the dummy at 0, its own `ENCR_SEG_CFG` write at 16, an unlock element at
/// 32 where the target has one.
struct HoldElements {
    lock_at: u32,
    unlock_at: u32,
    unlock_size: u16,
}

impl HoldElements {
    fn write<T: LockTargetSpec + 'static>(model: &Model<T::Revision>, engine: Engine) -> Self {
        let scratch = model.memory().alloc(64);
        let dummy = match T::TARGET.dummy {
            DummyAccess::Read => <T::Revision as socgen_runtime::bam::BamRevision>::COMMAND_ELEMENT
                .read(T::TARGET.scratchpad, u64::from(scratch.bus_addr() + 48))
                .expect("read element"),
            DummyAccess::Write(value) => {
                socgen_runtime::CommandElement::write(T::TARGET.scratchpad, value)
            }
        };
        let own = engine
            .commands
            .write_encr_seg_cfg(qcom_socs::blocks::qce::v5::EncrSegCfg::ZERO);
        scratch.write_and_clean(0, &dummy.to_bytes());
        scratch.write_and_clean(16, &own.to_bytes());
        // The UNLOCK element: the target's own unlock access where it has one (vendor QCE: a
        // write of CONFIG's reset value, or no element at all), else the lock dummy.
        let (unlock_at, unlock_size) = match T::UNLOCK {
            UnlockWith::Element(unlock) => {
                let element = match unlock.access {
                    DummyAccess::Write(value) => {
                        socgen_runtime::CommandElement::write(unlock.register, value)
                    }
                    DummyAccess::Read => {
                        <T::Revision as socgen_runtime::bam::BamRevision>::COMMAND_ELEMENT
                            .read(unlock.register, u64::from(scratch.bus_addr() + 48))
                            .expect("read element")
                    }
                };
                scratch.write_and_clean(32, &element.to_bytes());
                (scratch.bus_addr() + 32, 16)
            }
            UnlockWith::NoElement => (scratch.bus_addr() + 32, 0),
            UnlockWith::LockDummy => (scratch.bus_addr(), 16),
        };
        let lock_at = match T::TARGET.placement {
            socgen_runtime::bam::Placement::Wrap => scratch.bus_addr(),
            socgen_runtime::bam::Placement::Merge => scratch.bus_addr() + 16,
        };
        HoldElements {
            lock_at,
            unlock_at,
            unlock_size,
        }
    }
}

/// A few published vectors through one side: AES ECB, CBC and CTR, SHA-256, HMAC-SHA-256,
/// HMAC-SHA-1.
pub(super) fn some_vectors<T: LockTargetSpec + 'static>(
    engine: Engine,
    hardware: Hardware,
) -> (Model<T::Revision>, Judged) {
    let model = model_on::<T>(engine, false, hardware);
    let mut side = Side::new::<T>(&model, engine, 4096);
    let mut rng = Rng::new(1);
    let mut wants = Vec::new();
    let aes = vectors::aes();
    for name in [
        "FIPS-197 C.1 AES-128",
        "SP 800-38A F.2.1 CBC-AES128",
        "SP 800-38A F.5.5 CTR-AES256",
    ] {
        let v = aes.iter().find(|v| v.name == name).expect("vector");
        let id = side
            .cipher(&model, &v.key, v.mode, Direction::Encrypt, &v.plaintext)
            .expect("submit");
        let expect = Expect {
            output: v.ciphertext.clone(),
            digest: vec![],
        };
        wants.push((0, id, Want::Result(expect)));
        drive(&model, &mut rng, &mut [&mut side]);
    }
    let hashes = vectors::hashes();
    for name in ["FIPS 180 SHA-256 abc", "RFC 4231 case 2", "RFC 2202 case 1"] {
        let v = hashes.iter().find(|v| v.name == name).expect("vector");
        let id = side
            .hash(&model, v.alg, v.key.as_deref(), &v.message)
            .expect("submit");
        let expect = Expect {
            output: vec![],
            digest: v.digest.clone(),
        };
        wants.push((0, id, Want::Result(expect)));
        drive(&model, &mut rng, &mut [&mut side]);
    }
    let judged = judge(&model, &[&side], &wants);
    (model, judged)
}
