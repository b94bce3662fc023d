//! The hardware matrix: every lock setup of [`crate::setups`] runs the
//! contention, fault and vector suites on the model under `Hardware::BELIEVED` and under each
//! deviation (the full cross product with `--long`). A cell is the worst thing any run showed:
//! `corrupts` (a request reported done with a wrong result, or the other side ran while one
//! held the lock) > `deadlocks` (a request never reported, or the lock left held) > `faults`
//! (a request failed that should have succeeded) > `safe`; with the suite and the first seed
//! that showed it.

mod suites;
mod variants;

pub use variants::{CLIENT_BLOCK, Grades, Variant, variants};

use crate::harness::contention::{self, Outcome};
use crate::harness::{Expect, Secure, Side, model_on};
use crate::setups::Setup;
use socgen_qce::RequestId;
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};
use socgen_sim::{Event, Hardware, Model};
use std::fmt;
use suites::{descriptor_error, long_hold, reset_under_lock, some_vectors};

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
