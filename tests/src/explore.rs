//! Exhaustive small cases: two EEs (Linux, the SoC's target; the secure
//! side, `Secure<T>`, each in its own lock group) submit one or two small requests each, and
//! then *every* order in which the BAM could serve their descriptors is explored, breadth first
//! over `Model::runnable_pipes` / `Model::step_pipe`, states deduplicated by
//! `Model::fingerprint`. The model cannot be copied, so each state is reached again by replaying
//! its path from a fresh system (the drivers' submissions are deterministic).
//!
//! Where no pipe can move, both drivers poll (a driver resets its pipes after an error
//! interrupt, which may let the other side run again: then exploring goes on). A state where no
//! pipe can move and a poll changes nothing is terminal: every result is checked (right, once, in order; the lock free), as in the matrix ([`crate::matrix::judge`]);
//! work still pending there is a deadlock. Schedules (complete paths from the start to a
//! terminal state) are counted by dynamic programming over the deduplicated graph; the first
//! failing terminal state breadth-first search reaches gives the shortest schedule that shows
//! the failure.

use crate::harness::contention::IV;
use crate::harness::{Expect, Secure, Side, model_on};
use crate::matrix::{Judged, Verdict, Want, judge};
use crate::setups::Setup;
use socgen_qce::{CipherMode, Direction, HashAlg, RequestId};
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};
use socgen_sim::{AesMode, Event, Hardware, HashAlg as ModelHash, Model, flags};
use std::collections::HashMap;
use std::marker::PhantomData;

/// Linux's AES-128 key.
pub const LINUX_KEY: [u8; 16] = *b"linux-aes128-key";
/// The secure side's AES-128 key.
pub const TZ_KEY: [u8; 16] = *b"secure-aes128key";

/// A small case: what each side submits before the exploration starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Case {
    /// One AES-128-CBC request of one block per side.
    OneEach,
    /// An AES-128-CBC request of one block, then a SHA-256 of 3 bytes, per side.
    TwoEach,
    /// Linux's AES-128-CBC request reads its input from a bus address with no memory, so its
    /// pipe stops with an error under its lock; the driver's poll resets it (and sends its lone
    /// UNLOCK); the secure side's one request must still complete.
    ErrorUnderLock,
}

impl Case {
    /// Every case.
    pub const ALL: [Case; 3] = [Case::OneEach, Case::TwoEach, Case::ErrorUnderLock];

    /// Its name in the table.
    pub fn name(self) -> &'static str {
        match self {
            Case::OneEach => "1+1 (AES-CBC)",
            Case::TwoEach => "2+2 (AES-CBC, SHA-256)",
            Case::ErrorUnderLock => "error under Linux's lock + 1 (AES-CBC)",
        }
    }
}

/// Each side's FIFOs.
const FIFO_BYTES: usize = 256;

/// Stop exploring a case past this many states (the table says so).
pub const MAX_STATES: usize = 50_000;

/// One step of a schedule: the pipe served and the descriptor it served, or a poll of both
/// drivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The pipe (`None`: the drivers polled).
    pub pipe: Option<u32>,
    /// The descriptor (`cmd x2 LOCK`, `data 16 B EOT|NWD`).
    pub descriptor: String,
}

/// What exploring one case found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exploration {
    /// Distinct states (by fingerprint), the start and terminal ones included.
    pub states: usize,
    /// Distinct terminal states.
    pub terminals: usize,
    /// Complete schedules (paths from the start to a terminal state).
    pub schedules: u128,
    /// Of those, the ones ending in a failing terminal state.
    pub failing_schedules: u128,
    /// The worst verdict of any terminal state.
    pub verdict: Verdict,
    /// What showed it (first terminal state of that verdict in breadth-first order).
    pub detail: String,
    /// The shortest schedule that shows it (empty when safe).
    pub shortest: Vec<Step>,
    /// The exploration stopped at [`MAX_STATES`].
    pub truncated: bool,
}

/// A fresh system with both sides' requests submitted, and what each must end as.
struct World<R: PipeLocking> {
    model: Model<R>,
    linux: Side<R>,
    tz: Side<R>,
    wants: Vec<(usize, RequestId, Want)>,
}

impl<R: PipeLocking> World<R> {
    fn judge(&self) -> Judged {
        judge(&self.model, &[&self.linux, &self.tz], &self.wants)
    }

    /// Takes one action again, on the way to a state already explored.
    fn replay(&mut self, action: Action) {
        match action {
            Action::Serve(pipe) => {
                self.model.step_pipe(pipe);
            }
            Action::Poll => {
                self.linux.poll();
                self.tz.poll();
            }
        }
    }

    /// Takes one action; describes it (`None`: the pipe could not move).
    fn act(&mut self, action: Action) -> Option<Step> {
        let pipe = match action {
            Action::Serve(pipe) => pipe,
            Action::Poll => {
                let reported = self.linux.poll() + self.tz.poll();
                return Some(Step {
                    pipe: None,
                    descriptor: format!("both drivers poll ({reported} reported)"),
                });
            }
        };
        self.model.take_events();
        if !self.model.step_pipe(pipe) {
            return None;
        }
        let events = self.model.take_events();
        let retired = events.iter().find_map(|e| match e {
            Event::Descriptor {
                pipe: p,
                size,
                flags: f,
                ..
            } if *p == pipe => Some(describe(*size, *f)),
            _ => None,
        });
        let error = events.iter().find_map(|e| match e {
            Event::Error { error, .. } => Some(format!("error {error:?}")),
            _ => None,
        });
        let unlocked = events.iter().any(|e| {
            matches!(
                e,
                Event::Unlocked {
                    by_reset: false,
                    ..
                }
            )
        });
        let descriptor = match (retired, error) {
            (Some(d), Some(e)) => format!("{d}, {e}"),
            (Some(d), None) => d,
            (None, Some(e)) => e,
            (None, None) if unlocked => "UNLOCK at fetch, its elements still to run".into(),
            (None, None) => "part of a descriptor".into(),
        };
        Some(Step {
            pipe: Some(pipe),
            descriptor,
        })
    }

    /// The model's fingerprint with what the drivers have reported.
    fn fingerprint(&self) -> u64 {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut hasher = DefaultHasher::new();
        self.model.fingerprint().hash(&mut hasher);
        for side in [&self.linux, &self.tz] {
            side.order.hash(&mut hasher);
            side.qce.pending().hash(&mut hasher);
        }
        hasher.finish()
    }
}

/// What the explorer can do in a state: serve a descriptor of a runnable pipe, or (only when
/// no pipe can move) let both drivers poll, which resets a pipe stopped by an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Serve(u32),
    Poll,
}

/// `cmd x2 LOCK`, `data 16 B EOT|NWD`.
pub fn describe(size: u16, f: u16) -> String {
    let mut text = if f & flags::CMD != 0 {
        format!("cmd x{}", size / 16)
    } else {
        format!("data {size} B")
    };
    let names: Vec<&str> = [
        (flags::LOCK, "LOCK"),
        (flags::UNLOCK, "UNLOCK"),
        (flags::EOT, "EOT"),
        (flags::NWD, "NWD"),
        (flags::INT, "INT"),
    ]
    .iter()
    .filter(|(bit, _)| f & bit != 0)
    .map(|(_, name)| *name)
    .collect();
    if !names.is_empty() {
        text.push(' ');
        text.push_str(&names.join("|"));
    }
    text
}

fn cbc(key: &[u8; 16], data: &[u8]) -> Expect {
    let mut output = data.to_vec();
    socgen_sim::aes(key, AesMode::Cbc, true, &IV, &mut output).expect("AES");
    Expect {
        output,
        digest: vec![],
    }
}

fn sha256(data: &[u8]) -> Expect {
    Expect {
        output: vec![],
        digest: socgen_sim::digest(ModelHash::Sha256, None, data),
    }
}

fn fresh<T: LockTargetSpec + 'static>(
    setup: &Setup,
    hardware: Hardware,
    case: Case,
) -> World<T::Revision> {
    let engine = setup.engine;
    let model = model_on::<T>(engine, true, hardware);
    // Small FIFOs (32 slots; a request needs at most 5 on rx): less memory to set up and to
    // fingerprint on every replay.
    let mut linux = Side::new::<T>(&model, engine, FIFO_BYTES);
    let mut tz = Side::new::<Secure<T>>(&model, engine, FIFO_BYTES);
    let mut wants = Vec::new();
    let cbc_mode = CipherMode::Cbc { iv: IV };
    for (index, side, key, block, text) in [
        (0, &mut linux, &LINUX_KEY, [0x11u8; 16], b"abc"),
        (1, &mut tz, &TZ_KEY, [0x22u8; 16], b"xyz"),
    ] {
        if case == Case::ErrorUnderLock && index == 0 {
            // No memory at 0x1000: the input descriptor raises the error after the LOCK.
            let doomed = socgen_qce::CipherRequest {
                key: socgen_qce::AesKey::Aes128(key),
                mode: cbc_mode,
                direction: Direction::Encrypt,
                src: 0x1000,
                dst: 0x2000,
                len: 16,
            };
            let id = side.qce.submit_cipher(&doomed).expect("submit");
            side.track(id);
            wants.push((index, id, Want::FailureOr(cbc(key, &block))));
            continue;
        }
        let id = side
            .cipher(&model, key, cbc_mode, Direction::Encrypt, &block)
            .expect("submit");
        wants.push((index, id, Want::Result(cbc(key, &block))));
        if case == Case::TwoEach {
            let id = side
                .hash(&model, HashAlg::Sha256, None, text)
                .expect("submit");
            wants.push((index, id, Want::Result(sha256(text))));
        }
    }
    World {
        model,
        linux,
        tz,
        wants,
    }
}

struct Node {
    /// How breadth-first search first reached it: (parent, step, action).
    parent: Option<(usize, Step, Action)>,
    children: Vec<usize>,
    verdict: Option<Verdict>,
}

/// Explores every interleaving of `case` on setup `T` under `hardware`.
pub fn explore<T: LockTargetSpec + 'static>(
    setup: &Setup,
    hardware: Hardware,
    case: Case,
) -> Exploration {
    let mut explorer = Explorer::<T>::new(setup, hardware, case);
    let mut next = 0;
    while next < explorer.nodes.len() {
        explorer.expand(next);
        next += 1;
    }
    explorer.finish()
}

/// The breadth-first search of one case: the graph of states found so far, keyed by
/// fingerprint.
struct Explorer<'s, T> {
    setup: &'s Setup,
    hardware: Hardware,
    case: Case,
    nodes: Vec<Node>,
    seen: HashMap<u64, usize>,
    /// The first terminal state of each verdict, in breadth-first order.
    first: HashMap<Verdict, (usize, String)>,
    truncated: bool,
    target: PhantomData<fn() -> T>,
}

impl<'s, T: LockTargetSpec + 'static> Explorer<'s, T> {
    fn new(setup: &'s Setup, hardware: Hardware, case: Case) -> Self {
        let start = fresh::<T>(setup, hardware, case);
        let seen = HashMap::from([(start.fingerprint(), 0)]);
        Explorer {
            setup,
            hardware,
            case,
            nodes: vec![Node {
                parent: None,
                children: Vec::new(),
                verdict: None,
            }],
            seen,
            first: HashMap::new(),
            truncated: false,
            target: PhantomData,
        }
    }

    /// A fresh system taken along `path`.
    fn replay(&self, path: &[Action]) -> World<T::Revision> {
        let mut world = fresh::<T>(self.setup, self.hardware, self.case);
        for &action in path {
            world.replay(action);
        }
        world
    }

    /// Reaches node `index` again and follows each action possible there to its child.
    fn expand(&mut self, index: usize) {
        let path: Vec<Action> = path_of(&self.nodes, index).iter().map(|s| s.1).collect();
        let Some((world, actions)) = self.actions_at(index, &path) else {
            return;
        };
        let mut world = Some(world);
        for &action in &actions {
            let child_world = match world.take() {
                Some(w) => w,
                None => self.replay(&path),
            };
            self.follow(index, child_world, action);
        }
    }

    /// The state at the end of `path` (node `index`) and the actions possible there; `None`
    /// when it is terminal, its verdict then recorded.
    fn actions_at(
        &mut self,
        index: usize,
        path: &[Action],
    ) -> Option<(World<T::Revision>, Vec<Action>)> {
        let mut world = self.replay(path);
        let mut actions: Vec<Action> = world
            .model
            .runnable_pipes()
            .into_iter()
            .map(Action::Serve)
            .collect();
        if actions.is_empty() {
            // Nothing can move: the drivers poll (a poll that changes nothing ends the run).
            let before = world.fingerprint();
            let mut polled = world;
            polled.replay(Action::Poll);
            if polled.fingerprint() == before || polled.model.runnable_pipes().is_empty() {
                let judged = polled.judge();
                self.nodes[index].verdict = Some(judged.verdict);
                self.first
                    .entry(judged.verdict)
                    .or_insert((index, judged.detail));
                return None;
            }
            actions.push(Action::Poll);
            world = self.replay(path);
        }
        Some((world, actions))
    }

    /// Takes `action` in `world` (the state of node `index`) and links the state it leads to,
    /// new or already seen, as a child of `index`.
    fn follow(&mut self, index: usize, mut world: World<T::Revision>, action: Action) {
        let Some(step) = world.act(action) else {
            return;
        };
        let fingerprint = world.fingerprint();
        let child = match self.seen.get(&fingerprint) {
            Some(&child) => child,
            None => {
                if self.nodes.len() >= MAX_STATES {
                    self.truncated = true;
                    return;
                }
                self.nodes.push(Node {
                    parent: Some((index, step, action)),
                    children: Vec::new(),
                    verdict: None,
                });
                self.seen.insert(fingerprint, self.nodes.len() - 1);
                self.nodes.len() - 1
            }
        };
        if !self.nodes[index].children.contains(&child) {
            self.nodes[index].children.push(child);
        }
    }

    /// The counts, the worst verdict and the shortest schedule that shows it.
    fn finish(self) -> Exploration {
        let nodes = &self.nodes;
        let (schedules, failing) = count_schedules(nodes);
        let verdict = self.first.keys().copied().max().unwrap_or(Verdict::Safe);
        let (shortest, detail) = match self.first.get(&verdict) {
            Some((index, detail)) if verdict != Verdict::Safe => (
                path_of(nodes, *index).into_iter().map(|s| s.0).collect(),
                detail.clone(),
            ),
            _ => (Vec::new(), String::new()),
        };
        Exploration {
            states: nodes.len(),
            terminals: nodes.iter().filter(|n| n.verdict.is_some()).count(),
            schedules,
            failing_schedules: failing,
            verdict,
            detail,
            shortest,
            truncated: self.truncated,
        }
    }
}

/// The steps and actions by which breadth-first search first reached node `index`.
fn path_of(nodes: &[Node], mut index: usize) -> Vec<(Step, Action)> {
    let mut steps = Vec::new();
    while let Some((parent, step, action)) = &nodes[index].parent {
        steps.push((step.clone(), *action));
        index = *parent;
    }
    steps.reverse();
    steps
}

/// Replays `schedule` (pipes served, `None` for a poll) on a fresh system of `case` and judges
/// where it ends, after a last poll: the check that a reported schedule really shows its
/// verdict. `None` if a step's pipe could not move.
pub fn replay_schedule<T: LockTargetSpec + 'static>(
    setup: &Setup,
    hardware: Hardware,
    case: Case,
    schedule: &[Option<u32>],
) -> Option<Verdict> {
    let mut world = fresh::<T>(setup, hardware, case);
    for step in schedule {
        match step {
            Some(pipe) => {
                if !world.model.step_pipe(*pipe) {
                    return None;
                }
            }
            None => world.replay(Action::Poll),
        }
    }
    world.replay(Action::Poll);
    Some(world.judge().verdict)
}

/// One schedule picked at random (seeded) among those the explorer walks: at each state a
/// runnable pipe, or a poll when none is and the poll lets one run; ends at a terminal state.
/// Returns the schedule and the verdict there (for checking the explorer against sampling).
pub fn random_schedule<T: LockTargetSpec + 'static>(
    setup: &Setup,
    hardware: Hardware,
    case: Case,
    seed: u64,
) -> (Vec<Option<u32>>, Verdict) {
    let mut world = fresh::<T>(setup, hardware, case);
    let mut rng = socgen_sim::Rng::new(seed);
    let mut schedule = Vec::new();
    loop {
        let runnable = world.model.runnable_pipes();
        if let Some(&pipe) = runnable.get(rng.below(runnable.len())) {
            world.model.step_pipe(pipe);
            schedule.push(Some(pipe));
            continue;
        }
        let before = world.fingerprint();
        world.replay(Action::Poll);
        if world.fingerprint() == before || world.model.runnable_pipes().is_empty() {
            return (schedule, world.judge().verdict);
        }
        schedule.push(None);
    }
}

/// Paths from the start to terminal states, and to failing ones, by dynamic programming over
/// the graph in reverse topological order (a cycle, which the model's progress rules out,
/// would be cut where the depth-first walk meets it).
fn count_schedules(nodes: &[Node]) -> (u128, u128) {
    // Iterative post-order.
    let mut counts: Vec<Option<(u128, u128)>> = vec![None; nodes.len()];
    let mut on_stack = vec![false; nodes.len()];
    let mut stack = vec![(0usize, 0usize)];
    on_stack[0] = true;
    while let Some(&mut (node, ref mut child)) = stack.last_mut() {
        if let Some(&next) = nodes[node].children.get(*child) {
            *child += 1;
            if counts[next].is_none() && !on_stack[next] {
                on_stack[next] = true;
                stack.push((next, 0));
            }
            continue;
        }
        let own = match nodes[node].verdict {
            Some(Verdict::Safe) => (1, 0),
            Some(_) => (1, 1),
            None => nodes[node]
                .children
                .iter()
                .filter_map(|&c| counts[c])
                .fold((0u128, 0u128), |(a, b), (x, y)| {
                    (a.saturating_add(x), b.saturating_add(y))
                }),
        };
        counts[node] = Some(own);
        on_stack[node] = false;
        stack.pop();
    }
    counts[0].unwrap_or((0, 0))
}
