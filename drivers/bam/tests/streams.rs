//! The exact descriptor stream of each transaction shape, per lock placement, against an
//! independent reference of what the record's drivers would queue for the same request
//! (`tests/reference/mod.rs`): `Wrap` against the Linux locking series v21, `Merge` against
//! the vendor qce50 pattern. Descriptor by descriptor (address, size, flags); every
//! deliberate difference is in an explicit, asserted list.
//!
//! Each stream is taken twice: from `Pipe::chain` and from the fake BAM, which decodes the
//! FIFO memory after `submit` and checks the lock and SPS rules as it processes it.

mod reference;

use reference::{Desc, Diff, Ours};
use socgen_bam::testing::{FakeBam, HypotheticalV1_4WriteLock, Msm8996WrapLock, Sm8550CryptoLock};
use socgen_bam::{Pipe, SCRATCH_BYTES, Transaction};
use socgen_runtime::CommandElement;
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};

const FIFO_BUS: u32 = 0x1000_0000;
const SCRATCH_BUS: u32 = 0x2000_0040;
const CMDS_BUS: u32 = 0x3000_0000;
const DATA_BUS: u32 = 0x4000_0000;

/// The crypto engine's VERSION (offset 0) and CONFIG (offset 0x400) as command-element
/// addresses in the stand-in targets' `bam_offset18` mode: the engine sits 0x3a000 into its
/// BAM block, and the targets' scratchpad is VERSION.
const VERSION: u32 = 0x3a000;
const CONFIG: u32 = 0x3a400;

/// A transaction shape: `(commands?, elements or bytes)` per segment.
type Shape = &'static [(bool, u32)];

const COMMANDS_ONLY: Shape = &[(true, 12), (true, 5)];
const SINGLE_COMMAND_DESCRIPTOR: Shape = &[(true, 3)];
const COMMANDS_THEN_DATA: Shape = &[(true, 12), (false, 4096)];
const DATA_THEN_COMMANDS: Shape = &[(false, 4096), (true, 2)];
const DATA_ONLY: Shape = &[(false, 64)];
/// 70,000 bytes: 32,760 + 32,760 + 4,480.
const DATA_SPLIT: Shape = &[(true, 4), (false, 70_000)];
/// Input in two buffers (one scatterlist for a Linux client): only the second one ends it.
const DATA_IN_TWO_BUFFERS: Shape = &[(true, 4), (false, 100), (false, 200)];
const SEVERAL_SEGMENTS: Shape = &[
    (true, 3),
    (false, 100),
    (true, 2),
    (false, 40_000),
    (true, 1),
];

fn transaction(shape: Shape) -> Transaction<8> {
    let mut t = Transaction::new();
    let (mut ce, mut data) = (0u32, 0u32);
    for &(commands, n) in shape {
        if commands {
            t.commands(CMDS_BUS + 16 * ce, n).expect("commands");
            ce += n;
        } else {
            t.data(DATA_BUS + data, n).expect("data");
            data += n;
        }
    }
    t
}

/// socgen's stream for `shape` on lock target `T` (from the chain, checked equal to what the
/// fake BAM decoded from the FIFO), and the dummy element behind the scratch region.
fn ours<T: LockTargetSpec>(shape: Shape) -> (Vec<Ours>, [Option<CommandElement>; 2])
where
    T::Revision: PipeLocking,
{
    let bam = FakeBam::<T::Revision>::new(T::TARGET.ee);
    let fifo = bam.dma(4096, FIFO_BUS);
    let scratch = bam.dma(SCRATCH_BYTES, SCRATCH_BUS);
    let cmds = bam.dma(64 * 16, CMDS_BUS);
    for i in 0..64u32 {
        let reg = socgen_runtime::CeAddr::new(0x3a100 + 4 * i).expect("24-bit");
        cmds.write_and_clean(16 * i as usize, &CommandElement::write(reg, i).to_bytes());
    }
    let mut pipe: Pipe<T::Revision, _, _> =
        Pipe::new_locked::<T>(&bam, &fifo, &scratch).expect("pipe");
    let t = transaction(shape);
    let chain: Vec<Ours> = pipe.chain(&t).map(Ours::from).collect();
    pipe.submit(&t).expect("room");
    bam.run(pipe.pipe(), usize::MAX);
    let decoded: Vec<Ours> = bam.processed().into_iter().map(Ours::from).collect();
    assert_eq!(decoded, chain, "the FIFO holds the chain");
    assert_eq!(bam.violations(), Vec::<String>::new());
    assert_eq!(bam.lock_owner(), None);
    // The lock element, and the target's own unlock element after it if it has one.
    let element = |at: usize| {
        CommandElement::from_bytes(scratch.device_bytes()[at..at + 16].try_into().unwrap())
    };
    (chain, [element(0), element(16)])
}

/// Compares socgen's stream with `reference(preps)` and returns the differences.
fn compare<T: LockTargetSpec>(
    shape: Shape,
    reference: impl Fn(&[reference::Prep]) -> Vec<Desc>,
) -> (usize, Vec<Diff>)
where
    T::Revision: PipeLocking,
{
    let (ours, [lock, unlock]) = ours::<T>(shape);
    let t = transaction(shape);
    let expected = reference(&reference::preps(t.segments()));
    let diffs = reference::differences(&ours, &expected, |bus| match bus {
        SCRATCH_BUS => lock,
        _ if bus == SCRATCH_BUS + 16 => unlock,
        _ => None,
    });
    (ours.len(), diffs)
}

fn scratchpad() -> socgen_runtime::CeAddr {
    socgen_runtime::CeAddr::new(VERSION).expect("24-bit")
}

fn v21(preps: &[reference::Prep]) -> Vec<Desc> {
    reference::v21_rx(preps, scratchpad(), SCRATCH_BUS)
}

fn vendor(preps: &[reference::Prep]) -> Vec<Desc> {
    let config = socgen_runtime::CeAddr::new(CONFIG).expect("24-bit");
    reference::vendor_rx(preps, scratchpad(), config, SCRATCH_BUS)
}

const ALL: [(&str, Shape); 8] = [
    ("commands only", COMMANDS_ONLY),
    ("single command descriptor", SINGLE_COMMAND_DESCRIPTOR),
    ("commands then data", COMMANDS_THEN_DATA),
    ("data then commands", DATA_THEN_COMMANDS),
    ("data only", DATA_ONLY),
    ("data split", DATA_SPLIT),
    ("data in two buffers", DATA_IN_TWO_BUFFERS),
    ("several segments", SEVERAL_SEGMENTS),
];

#[test]
fn wrap_matches_the_linux_series_v21_but_for_a_read_dummy_and_int_on_the_unlock() {
    // msm8996 (wrap, dummy read of VERSION). The deliberate differences, for every shape:
    // - both dummies read VERSION where v21 writes 0 to it (the SoC file's `dummy: read`:
    //   VERSION is read-only, but nothing says writes to it are ignored, open-questions Q8);
    // - INT on the dummy UNLOCK: socgen's rule 6 (INT on the last descriptor unless it
    //   carries EOT, mainline bam_dma.c); the record does not show the flags v21's dummy
    //   finally carries.
    for (name, shape) in ALL {
        let (len, diffs) = compare::<Msm8996WrapLock>(shape, v21);
        let last = len - 1;
        assert_eq!(
            diffs,
            [
                Diff::DummyReads {
                    at: 0,
                    register: VERSION,
                    value: 0
                },
                Diff::DummyReads {
                    at: last,
                    register: VERSION,
                    value: 0
                },
                Diff::Int { at: last },
            ],
            "{name}"
        );
    }
}

#[test]
fn wrap_with_a_write_dummy_differs_from_v21_only_by_int_on_the_unlock() {
    // The hypothetical v1.4 target declares VERSION write-ignored and writes 0, as v21 does.
    for (name, shape) in ALL {
        let (len, diffs) = compare::<HypotheticalV1_4WriteLock>(shape, v21);
        assert_eq!(diffs, [Diff::Int { at: len - 1 }], "{name}");
    }
}

#[test]
fn merge_matches_the_vendor_qce50_pattern_but_for_the_listed_differences() {
    // sm8550 (merge, dummy read of VERSION, UNLOCK dummies writing CONFIG = 0xE01EF as the
    // vendor's `unlock_all_pipes` does). Deliberate differences:
    // - `UnlockOnOwnLast`: a transaction that ends with commands (more than one descriptor)
    //   carries UNLOCK on its own last command descriptor; the vendor adds a separate
    //   `unlock_all_pipes` descriptor;
    // - `DummyReads` of VERSION at the head of a data-first transaction, where the reference's
    //   v21 head dummy writes 0 to VERSION;
    // - `Int` on socgen's last descriptor (rule 6).
    let version = |at| Diff::DummyReads {
        at,
        register: VERSION,
        value: 0,
    };
    let expected: [(&str, Shape, Vec<Diff>); 8] = [
        (
            "commands only",
            COMMANDS_ONLY,
            vec![Diff::UnlockOnOwnLast { at: 1 }, Diff::Int { at: 1 }],
        ),
        (
            "single command descriptor",
            SINGLE_COMMAND_DESCRIPTOR,
            vec![Diff::Int { at: 1 }],
        ),
        (
            "commands then data",
            COMMANDS_THEN_DATA,
            vec![Diff::Int { at: 2 }],
        ),
        (
            "data then commands",
            DATA_THEN_COMMANDS,
            vec![
                Diff::UnlockOnOwnLast { at: 2 },
                version(0),
                Diff::Int { at: 2 },
            ],
        ),
        (
            "data only",
            DATA_ONLY,
            vec![version(0), Diff::Int { at: 2 }],
        ),
        ("data split", DATA_SPLIT, vec![Diff::Int { at: 4 }]),
        (
            "data in two buffers",
            DATA_IN_TWO_BUFFERS,
            vec![Diff::Int { at: 3 }],
        ),
        (
            "several segments",
            SEVERAL_SEGMENTS,
            vec![Diff::UnlockOnOwnLast { at: 5 }, Diff::Int { at: 5 }],
        ),
    ];
    for (name, shape, diffs) in expected {
        assert_eq!(
            compare::<Sm8550CryptoLock>(shape, vendor).1,
            diffs,
            "{name}"
        );
    }
}

/// The streams themselves, written out, for the shapes where the rules meet: what the
/// comparisons above rest on, readable without the reference.
#[test]
fn the_streams_written_out() {
    use reference::{CMD, EOT, INT, LOCK, NWD, UNLOCK};
    let d = |addr, size, flags| Ours { addr, size, flags };
    // Wrap, a split input: EOT|NWD on the last piece only, never on the others.
    assert_eq!(
        ours::<Msm8996WrapLock>(DATA_SPLIT).0,
        [
            d(SCRATCH_BUS, 16, CMD | LOCK),
            d(CMDS_BUS, 64, CMD),
            d(DATA_BUS, 32_760, 0),
            d(DATA_BUS + 32_760, 32_760, 0),
            d(DATA_BUS + 65_520, 4_480, EOT | NWD),
            d(SCRATCH_BUS, 16, CMD | UNLOCK | INT),
        ]
    );
    // Merge, several segments: every data segment before a command ends with EOT|NWD.
    assert_eq!(
        ours::<Sm8550CryptoLock>(SEVERAL_SEGMENTS).0,
        [
            d(CMDS_BUS, 48, CMD | LOCK),
            d(DATA_BUS, 100, EOT | NWD),
            d(CMDS_BUS + 48, 32, CMD),
            d(DATA_BUS + 100, 32_760, 0),
            d(DATA_BUS + 32_860, 7_240, EOT | NWD),
            d(CMDS_BUS + 80, 16, CMD | UNLOCK | INT),
        ]
    );
    // Merge, data in two buffers: the first ends with nothing (data follows), the second
    // with EOT|NWD (the dummy UNLOCK follows).
    assert_eq!(
        ours::<Sm8550CryptoLock>(DATA_IN_TWO_BUFFERS).0,
        [
            d(CMDS_BUS, 64, CMD | LOCK),
            d(DATA_BUS, 100, 0),
            d(DATA_BUS + 100, 200, EOT | NWD),
            d(SCRATCH_BUS + 16, 16, CMD | UNLOCK | INT),
        ]
    );
}
