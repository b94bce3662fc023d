//! Recovery that works whichever way a reset goes.
//!
//! Nothing public says whether a pipe reset (`P_RST`) releases a lock the pipe holds (open
//! question Q5), nor what an UNLOCK does on a pipe that holds none (Q10: ignored, an error, or
//! releasing a lock another pipe of the same group holds). The driver's error path must not
//! depend on either: after resetting its locked pipe it sends the target's UNLOCK descriptor
//! alone (`socgen_bam::Pipe::reset`). Here every combination of the model's answers runs the
//! same story on three SoCs with different pipes and BAM placements: Linux's request fails with
//! a descriptor error under its own lock, its driver notices and resets, and then the secure
//! side must finish *without Linux doing anything more*; Linux's next request must succeed.
//!
//! The first test shows what the lone UNLOCK is for: on a BAM whose reset keeps the lock, a
//! reset alone leaves the other side stalled.

mod common;

use common::{Engine, Expect, RawPipe, Secure, Side, drive, model_on};
use qcom_socs::{ipq4019, msm8996, sm8550};
use socgen_bam::{CommandFlags, Descriptor, DmaRegion};
use socgen_qce::{AesKey, CipherMode, CipherRequest, Direction, Error};
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};
use socgen_sim::{AesMode, Event, Hardware, Model, PipeReset, Rng, UnlockWithoutLock};

const KEY: [u8; 16] = *b"0123456789abcdef";

fn ecb(data: &[u8]) -> Expect {
    let mut output = data.to_vec();
    socgen_sim::aes(&KEY, AesMode::Ecb, true, &[0; 16], &mut output).unwrap();
    Expect {
        output,
        digest: vec![],
    }
}

/// Every combination of the two open questions the error path meets.
fn hardware() -> Vec<Hardware> {
    let mut all = Vec::new();
    for pipe_reset in [PipeReset::ReleasesLock, PipeReset::KeepsLock] {
        for unlock_without_lock in [
            UnlockWithoutLock::Ignored,
            UnlockWithoutLock::Error,
            UnlockWithoutLock::ReleasesGroup,
        ] {
            all.push(Hardware {
                pipe_reset,
                unlock_without_lock,
                ..Hardware::BELIEVED
            });
        }
    }
    all
}

/// Steps the model, polling only Linux, until Linux's driver has reported its failed request
/// (it reset its pipes then); the secure side's driver is never polled here.
fn until_linux_reports<R: PipeLocking>(model: &Model<R>, linux: &mut Side<R>, rng: &mut Rng) {
    for _ in 0..10_000 {
        if !linux.results.is_empty() {
            return;
        }
        model.step(rng);
        linux.poll();
    }
    panic!("Linux's failed request was never reported");
}

fn story<T: LockTargetSpec + 'static>(engine: Engine, hardware: Hardware) {
    let what = format!("{} on {}", T::TARGET.soc, hardware.describe());
    let model = model_on::<T>(engine, true, hardware);
    let mut linux = Side::new::<T>(&model, engine, 4096);
    let mut tz = Side::new::<Secure<T>>(&model, engine, 4096);
    // Linux's input is at a bus address with no memory: the error comes after its LOCK.
    let doomed = linux
        .qce
        .submit_cipher(&CipherRequest {
            key: AesKey::Aes128(&KEY),
            mode: CipherMode::Ecb,
            direction: Direction::Encrypt,
            src: 0x1000,
            dst: 0x2000,
            len: 64,
        })
        .expect("submit");
    linux.track(doomed);
    let mut rng = Rng::new(7);
    // Linux first, so that it holds the lock when the error comes.
    while model.lock_holders().is_empty() && model.step_pipe(T::TARGET.pipe) {}
    assert_eq!(model.lock_holders(), [T::TARGET.pipe], "{what}");
    let data = [0x5a; 64];
    let theirs = tz
        .cipher(&model, &KEY, CipherMode::Ecb, Direction::Encrypt, &data)
        .expect("submit");
    until_linux_reports(&model, &mut linux, &mut rng);
    assert_eq!(
        linux.results.get(&doomed),
        Some(&Err(Error::Descriptor)),
        "{what}"
    );
    // From here Linux does nothing at all: the model runs and only the secure side polls.
    drive(&model, &mut rng, &mut [&mut tz]);
    assert!(
        tz.correct(theirs, &ecb(&data)),
        "{what}: the secure side waited for Linux ({:?})",
        tz.results.get(&theirs)
    );
    let again = linux
        .cipher(&model, &KEY, CipherMode::Ecb, Direction::Encrypt, &data)
        .unwrap_or_else(|e| panic!("{what}: Linux cannot submit after its recovery: {e}"));
    drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
    assert!(linux.correct(again, &ecb(&data)), "{what}");
    assert_eq!(model.lock_holder(), None, "{what}");
    assert!(!linux.qce.rx_pipe().recovering(), "{what}");
    // The lone UNLOCK went out at least once (twice where the first was refused, never
    // more: the second reset sends none).
    let refused = model.events().iter().any(|e| {
        matches!(
            e,
            Event::Error {
                error: socgen_sim::DescriptorError::UnlockWithoutLock,
                ..
            }
        )
    });
    let expect_refusal = hardware.pipe_reset == PipeReset::ReleasesLock
        && hardware.unlock_without_lock == UnlockWithoutLock::Error;
    assert_eq!(refused, expect_refusal, "{what}");
}

#[test]
fn the_other_side_never_waits_past_this_sides_recovery_under_every_answer() {
    for hardware in hardware() {
        story::<sm8550::Lock>(engine!(sm8550), hardware);
        story::<msm8996::Lock>(engine!(msm8996), hardware);
        story::<ipq4019::Lock>(engine!(ipq4019), hardware);
    }
}

/// What the lone UNLOCK is for: a BAM whose pipe reset keeps the lock leaves every other
/// group stalled after a bare `P_RST`; the same reset followed by the target's UNLOCK
/// descriptor frees it. (Firmware driving the pipe by hand, `RawPipe`, does only what it is
/// told.)
#[test]
fn on_a_bam_whose_reset_keeps_the_lock_a_bare_reset_strands_it() {
    type T = sm8550::Lock;
    let engine = engine!(sm8550);
    let hardware = Hardware {
        pipe_reset: PipeReset::KeepsLock,
        ..Hardware::BELIEVED
    };
    let model = model_on::<T>(engine, true, hardware);
    let target = T::TARGET;
    let mut raw = RawPipe::new(&model, target.pipe, target.ee, target.lock_group);
    let line = model.memory().alloc(64);
    let lock = engine
        .commands
        .write_encr_seg_cfg(qcom_socs::blocks::qce::v5::EncrSegCfg::ZERO);
    let config = qcom_socs::blocks::qce::v5::Config::from_bits(0xE01EF);
    let unlock = engine.commands.write_config(config);
    line.write_and_clean(0, &lock.to_bytes());
    line.write_and_clean(16, &unlock.to_bytes());
    raw.push(Descriptor::command(line.bus_addr(), 16, CommandFlags::LOCK).to_bytes());
    let mut rng = Rng::new(1);
    model.run(&mut rng, 10);
    assert_eq!(model.lock_holder(), Some(target.pipe));
    raw.reset();
    assert_eq!(
        model.lock_holder(),
        Some(target.pipe),
        "P_RST kept the lock on this BAM"
    );
    let mut tz = Side::new::<Secure<T>>(&model, engine, 4096);
    let data = [1; 32];
    let theirs = tz
        .cipher(&model, &KEY, CipherMode::Ecb, Direction::Encrypt, &data)
        .expect("submit");
    drive(&model, &mut rng, &mut [&mut tz]);
    assert!(
        !tz.results.contains_key(&theirs),
        "stranded behind the kept lock"
    );
    raw.push(Descriptor::command(line.bus_addr() + 16, 16, CommandFlags::UNLOCK).to_bytes());
    drive(&model, &mut rng, &mut [&mut tz]);
    assert!(tz.correct(theirs, &ecb(&data)));
    assert_eq!(model.lock_holder(), None);
}
