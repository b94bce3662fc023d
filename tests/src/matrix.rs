//! The hardware matrix: every lock setup of [`crate::setups`] runs the
//! contention, fault and vector suites on the model under `Hardware::BELIEVED` and under each
//! deviation (the full cross product with `--long`). A cell is the worst thing any run showed:
//! `corrupts` (a request reported done with a wrong result, or the other side ran while one
//! held the lock) > `deadlocks` (a request never reported, or the lock left held) > `faults`
//! (a request failed that should have succeeded) > `safe`; with the suite and the first seed
//! that showed it.

use crate::harness::contention::{self, Outcome};
use crate::harness::{Engine, Expect, RawPipe, Secure, Side, drive, model_on, vectors};
use crate::setups::Setup;
use socgen_bam::{CommandFlags, Descriptor, DmaRegion};
use socgen_qce::{CipherMode, Direction, Error, RequestId};
use socgen_runtime::bam::{DummyAccess, LockTargetSpec, PipeLocking, UnlockWith};
use socgen_sim::{AesMode, Event, Hardware, Model, Rng};
use std::fmt;

/// What a cell (or a run) showed, least severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Every result right, once, in order; the lock released.
    Safe,
    /// A request failed (an error interrupt, a descriptor error) that should have succeeded.
    Faults,
    /// A request was never reported, or the lock was left held: the next request of the other
    /// side would wait for ever.
    Deadlocks,
    /// A request was reported done with a wrong result, or reported twice, or the other side's
    /// work ran while a side held the lock.
    Corrupts,
}

impl Verdict {
    /// The word in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Safe => "safe",
            Verdict::Faults => "faults",
            Verdict::Deadlocks => "deadlocks",
            Verdict::Corrupts => "corrupts",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many seeded runs each suite makes per cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Contention interleavings (each: two requests per side, seeded submission moments and
    /// bursts).
    pub contention: u64,
    /// Interleavings of different algorithms on each side (`contention::interleaving_mixed`:
    /// XTS, CCM and authenc beside CBC/CTR and the HMACs).
    pub mixed: u64,
    /// Resets under the lock (each at a seeded moment).
    pub resets: u64,
    /// Steps the model takes while the secure side's firmware holds the lock.
    pub hold_steps: usize,
}

impl Counts {
    /// The default run (CI, and the committed table).
    pub const DEFAULT: Counts = Counts {
        contention: 64,
        mixed: 4,
        resets: 8,
        hold_steps: 200,
    };
    /// `--long`.
    pub const LONG: Counts = Counts {
        contention: 200,
        mixed: 24,
        resets: 24,
        hold_steps: 1000,
    };
}

/// The worst thing one cell's runs showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellResult {
    /// The verdict.
    pub verdict: Verdict,
    /// The suite and the first seed that showed it (`contention#3`), empty when safe.
    pub first: String,
    /// What went wrong in that run.
    pub detail: String,
    /// Runs made.
    pub runs: u64,
    /// Descriptors the model served over all runs.
    pub descriptors: u64,
}

impl CellResult {
    fn new() -> Self {
        CellResult {
            verdict: Verdict::Safe,
            first: String::new(),
            detail: String::new(),
            runs: 0,
            descriptors: 0,
        }
    }

    /// Records one run; a strictly worse verdict replaces the recorded one, so the first seed
    /// of the worst verdict stays.
    fn record<R: PipeLocking>(&mut self, model: &Model<R>, run: String, judged: Judged) {
        self.runs += 1;
        self.descriptors += model
            .events()
            .iter()
            .filter(|e| matches!(e, Event::Descriptor { .. }))
            .count() as u64;
        if judged.verdict > self.verdict {
            self.verdict = judged.verdict;
            self.first = run;
            self.detail = judged.detail;
        }
    }

    /// `safe`, or `corrupts contention#3`.
    pub fn cell(&self) -> String {
        match self.verdict {
            Verdict::Safe => "safe".into(),
            v => format!("**{v}** {}", self.first),
        }
    }
}

/// A run's verdict and what showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// The verdict.
    pub verdict: Verdict,
    /// The first finding of that verdict.
    pub detail: String,
}

impl Judged {
    /// Nothing wrong yet.
    pub fn safe() -> Self {
        Judged {
            verdict: Verdict::Safe,
            detail: String::new(),
        }
    }

    /// Notes a finding; keeps the first of the worst.
    pub fn note(&mut self, verdict: Verdict, detail: impl FnOnce() -> String) {
        if verdict > self.verdict {
            self.verdict = verdict;
            self.detail = detail();
        }
    }
}

/// What a request of side `side` (index into the sides) must end as.
pub enum Want {
    /// Done with exactly this result.
    Result(Expect),
    /// Failed (the test provoked it); done with a right result is accepted too.
    FailureOr(Expect),
}

/// Judges a settled system: every wanted request reported as wanted, once; nothing pending;
/// the lock free.
pub fn judge<R: PipeLocking>(
    model: &Model<R>,
    sides: &[&Side<R>],
    wants: &[(usize, RequestId, Want)],
) -> Judged {
    let mut judged = Judged::safe();
    for (index, id, want) in wants {
        let side = sides[*index];
        let ee = side.ee;
        match (side.results.get(id), want) {
            (None, _) => judged.note(Verdict::Deadlocks, || {
                format!("EE {ee} request {} never reported", id.0)
            }),
            (Some(Ok(_)), Want::Result(expect) | Want::FailureOr(expect)) => {
                if !side.correct(*id, expect) {
                    judged.note(Verdict::Corrupts, || {
                        format!("EE {ee} request {} done with a wrong result", id.0)
                    });
                }
            }
            (Some(Err(error)), Want::Result(_)) => judged.note(Verdict::Faults, || {
                format!("EE {ee} request {} failed: {error:?}", id.0)
            }),
            (Some(Err(_)), Want::FailureOr(_)) => {}
        }
    }
    for side in sides {
        let ee = side.ee;
        if side.reports.values().any(|&n| n != 1) {
            judged.note(Verdict::Corrupts, || {
                format!("EE {ee}: a request reported twice")
            });
        }
        if !side.order.windows(2).all(|w| w[0] < w[1]) {
            judged.note(Verdict::Corrupts, || {
                format!("EE {ee}: requests reported out of order")
            });
        }
        if side.qce.pending() != 0 {
            judged.note(Verdict::Deadlocks, || {
                format!("EE {ee}: {} requests still pending", side.qce.pending())
            });
        }
    }
    if let Some(holder) = model.lock_holder() {
        judged.note(Verdict::Deadlocks, || {
            format!("the lock is left held by pipe {holder}")
        });
    }
    judged
}

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

/// Runs every suite on setup `T` under `hardware`: the cell of the matrix.
pub fn run_cell<T: LockTargetSpec + 'static>(
    setup: &Setup,
    hardware: Hardware,
    counts: &Counts,
) -> CellResult {
    let engine = setup.engine;
    let mut cell = CellResult::new();
    for seed in 0..counts.contention {
        let model = model_on::<T>(engine, true, hardware);
        let outcome = contention::interleaving::<T, Secure<T>>(engine, model, seed);
        let judged = judge_contention(&outcome);
        cell.record(&outcome.model, format!("contention#{seed}"), judged);
    }
    for seed in 0..counts.mixed {
        let model = model_on::<T>(engine, true, hardware);
        let outcome = contention::interleaving_mixed::<T, Secure<T>>(engine, model, seed);
        let judged = judge_contention(&outcome);
        cell.record(&outcome.model, format!("mixed#{seed}"), judged);
    }
    for seed in 0..counts.resets {
        let (model, judged) = reset_under_lock::<T>(engine, hardware, seed);
        cell.record(&model, format!("reset#{seed}"), judged);
    }
    let (model, judged) = descriptor_error::<T>(engine, hardware);
    cell.record(&model, "descriptor-error#5".into(), judged);
    let (model, judged) = long_hold::<T>(engine, hardware, counts.hold_steps);
    cell.record(&model, "long-hold#9".into(), judged);
    let (model, judged) = some_vectors::<T>(engine, hardware);
    cell.record(&model, "vectors#1".into(), judged);
    cell
}

fn judge_contention<R: PipeLocking>(outcome: &Outcome<R>) -> Judged {
    let mut judged = Judged::safe();
    if outcome.corrupt > 0 {
        judged.note(Verdict::Corrupts, || {
            format!("{} results done but wrong", outcome.corrupt)
        });
    }
    if let Some(broken) = &outcome.broken {
        let verdict = if broken.contains("twice") {
            Verdict::Corrupts
        } else {
            Verdict::Deadlocks
        };
        judged.note(verdict, || broken.clone());
    }
    if outcome.wrong > outcome.corrupt + outcome.failed {
        judged.note(Verdict::Deadlocks, || {
            format!(
                "{} requests never reported",
                outcome.wrong - outcome.corrupt - outcome.failed
            )
        });
    }
    if outcome.failed > 0 {
        judged.note(Verdict::Faults, || {
            format!("{} requests failed", outcome.failed)
        });
    }
    judged
}

/// Linux's pipe is reset (the driver's `reset`) at a seeded moment after it took the lock (or
/// tried to); its request fails; the secure side's must then succeed before Linux submits
/// anything else, and Linux's next request must succeed too.
fn reset_under_lock<T: LockTargetSpec + 'static>(
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
fn descriptor_error<T: LockTargetSpec + 'static>(
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
fn long_hold<T: LockTargetSpec + 'static>(
    engine: Engine,
    hardware: Hardware,
    steps: usize,
) -> (Model<T::Revision>, Judged) {
    let model = model_on::<T>(engine, true, hardware);
    let mut linux = Side::new::<T>(&model, engine, 4096);
    let secure = <Secure<T> as LockTargetSpec>::TARGET;
    let mut firmware =
        RawPipe::<T::Revision>::new(&model, secure.pipe, secure.ee, secure.lock_group);
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
    let mut judged = Judged::safe();
    let mut failed = false;
    let mut check_firmware = |judged: &mut Judged, firmware: &mut RawPipe<T::Revision>| {
        if !failed && model.pipe_error(secure.pipe).is_some() {
            failed = true;
            firmware.reset();
            judged.note(Verdict::Faults, || {
                "the secure firmware's lock descriptor raised an error".into()
            });
        }
        failed
    };
    firmware.push(Descriptor::command(lock_at, 16, CommandFlags::LOCK).to_bytes());
    let mut rng = Rng::new(9);
    model.run(&mut rng, 10);
    check_firmware(&mut judged, &mut firmware);
    let data: Vec<[u8; 64]> = (0..3).map(|i| [i; 64]).collect();
    let ids: Vec<_> = data
        .iter()
        .map(|d| encrypt(&mut linux, &model, d).expect("submit"))
        .collect();
    for step in 0..steps {
        model.step(&mut rng);
        if check_firmware(&mut judged, &mut firmware) {
            continue;
        }
        if linux.poll() != 0 {
            judged.note(Verdict::Corrupts, || {
                format!("a Linux request completed {step} steps into the secure side's lock")
            });
        }
    }
    if !check_firmware(&mut judged, &mut firmware) {
        firmware.push(Descriptor::command(unlock_at, unlock_size, CommandFlags::UNLOCK).to_bytes());
    }
    for _ in 0..4 {
        drive(&model, &mut rng, &mut [&mut linux]);
        check_firmware(&mut judged, &mut firmware);
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

/// A few published vectors through one side: AES ECB, CBC and CTR, SHA-256, HMAC-SHA-256,
/// HMAC-SHA-1.
fn some_vectors<T: LockTargetSpec + 'static>(
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

/// One column of the matrix: a hardware the model behaves as.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The hardware.
    pub hardware: Hardware,
    /// `believed`, or the switches that differ (`Hardware::describe`).
    pub label: String,
    /// The believed behaviours it contradicts: (id or evidence key, question, grade).
    pub contradicts: Vec<(&'static str, &'static str, String)>,
    /// Whether the evidence leaves it open: every behaviour it contradicts is graded
    /// `inferred` or `unknown`. A `precedent` or better grade (shipping vendor code, upstream
    /// code or a vendor statement relies on the believed behaviour on hardware) rules it out;
    /// the same policy as the validator's W031x rules (`socgen::risk`). `BELIEVED`: true.
    pub open: bool,
}

/// The block every setup's locked pipe serves: the grades of [`Grades`] are the ones for it.
pub const CLIENT_BLOCK: &str = "qce";

/// The grades of the catalogue's behaviours (`socs/hardware/bam.yaml`) and of QCE `VERSION`'s
/// `write_ignored` evidence (`socs/blocks/qce/v5.yaml`), as `socgen::check` reads them from the
/// repository's `socs/`.
#[derive(Debug, Clone, Default)]
pub struct Grades(pub std::collections::BTreeMap<String, String>);

impl Grades {
    /// Checks `socs/` and reads the grades from the lowered model (and the block syntax for
    /// register evidence).
    pub fn load() -> Grades {
        let socs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs");
        let checked = socgen::check(&[socs]);
        let model = checked.model.as_ref().expect("socs/ checks without errors");
        let mut grades = std::collections::BTreeMap::new();
        // Every setup locks the crypto engine's rx pipe: the grades where it was observed on
        // the crypto engine (`per_peripheral: qce`), else the behaviour's own.
        for behaviour in &model.behaviours {
            let (evidence, _) = behaviour.on(Some(CLIENT_BLOCK));
            grades.insert(
                behaviour.id.as_str().to_string(),
                evidence.grade.as_str().to_string(),
            );
        }
        for block in &checked.loaded.blocks {
            let syntax = &block.syntax;
            if syntax.block.value != "qce" {
                continue;
            }
            for register in &syntax.registers {
                if register.value.name.value != "VERSION" {
                    continue;
                }
                for (key, evidence) in &register.value.evidence.0 {
                    let grade = format!("{:?}", evidence.value.grade.value).to_lowercase();
                    grades.insert(key.value.clone(), grade);
                }
            }
        }
        Grades(grades)
    }

    /// The grade of behaviour (or evidence key) `id`, `?` if unknown to the catalogue.
    pub fn of(&self, id: &str) -> &str {
        self.0.get(id).map_or("?", String::as_str)
    }
}

/// The value of `switch` (a field of `Hardware`) in `hardware`.
fn switch_value(hardware: &Hardware, switch: &str) -> String {
    match switch {
        "lock_on_read" => format!("{:?}", hardware.lock_on_read),
        "unlock_on_read" => format!("{:?}", hardware.unlock_on_read),
        "unlock_timing" => format!("{:?}", hardware.unlock_timing),
        "nwd" => format!("{:?}", hardware.nwd),
        "pipe_reset" => format!("{:?}", hardware.pipe_reset),
        "exclusion" => format!("{:?}", hardware.exclusion),
        "scratchpad_write" => format!("{:?}", hardware.scratchpad_write),
        "ce_address" => format!("{:?}", hardware.ce_address),
        "empty_command" => format!("{:?}", hardware.empty_command),
        "unlock_without_lock" => format!("{:?}", hardware.unlock_without_lock),
        "dump_status" => format!("{:?}", hardware.dump_status),
        other => panic!("unknown switch {other}"),
    }
}

/// `BELIEVED` and each deviation, or (`long`) the whole cross product.
pub fn variants(long: bool, grades: &Grades) -> Vec<Variant> {
    let deviations = Hardware::deviations();
    let hardware: Vec<Hardware> = if long {
        Hardware::cross_product()
    } else {
        std::iter::once(Hardware::BELIEVED)
            .chain(deviations.iter().map(|d| d.hardware))
            .collect()
    };
    hardware
        .into_iter()
        .map(|hardware| {
            let contradicts: Vec<_> = deviations
                .iter()
                .filter(|d| {
                    switch_value(&hardware, d.switch) == switch_value(&d.hardware, d.switch)
                })
                .map(|d| (d.behaviour, d.question, grades.of(d.behaviour).to_string()))
                .collect();
            let open = contradicts
                .iter()
                .all(|(_, _, grade)| matches!(grade.as_str(), "inferred" | "unknown" | "?"));
            Variant {
                hardware,
                label: hardware.describe(),
                contradicts,
                open,
            }
        })
        .collect()
}

/// Runs `f(0..n)` on every core, in order of the results.
pub fn parallel<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.min(n) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let result = f(i);
                    results.lock().expect("no panics")[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("no panics")
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}
