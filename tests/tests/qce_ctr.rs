//! AES-CTR through the QCE driver, the locked BAM driver and the model, on one SoC per lock
//! setup the bundled crypto engines use. Every bundled crypto lock section sits on a
//! `bam@v1.7.0` (the `bam@v1.4.0` SoC, msm8974, has no crypto engine and `bam@v1.3.0` cannot
//! lock), so the three differ in pipe pair and execution environment instead: sm8550 (pipes
//! 4/5, EE 0), msm8996 (pipes 6/7, EE 0), ipq4019 (pipes 2/3, EE 1).
//!
//! What is checked, per SoC: the output against the RustCrypto `ctr` crate (used here
//! directly, not through the model); `next_iv` against initial + ceil(len / 16), computed
//! here; the engine's own counter (the model's `CNTR_IV` registers, which its result dump
//! copies) against initial + floor(len / 16), the documented hardware behaviour (Crypto 6.0
//! section 2.2.5 as quoted by Qualcomm, Message-ID
//! <20260610-qce_selftest_fix-v1-2-1b0504783a46@oss.qualcomm.com>), so a driver that passed the
//! engine's counter on unchanged would fail the `next_iv` check on every partial length; and
//! chaining through `next_iv`.
//!
//! Chaining after a request that ends inside a block does not continue that block's
//! keystream: the next request starts on a fresh counter block (the unused keystream bytes
//! are dropped), as Linux's `ctr(aes)` template does when it hands its IV on. Callers that
//! want one continuous keystream split their data on 16-byte boundaries.

mod common;

use aes::cipher::{KeyIvInit, StreamCipher};
use common::{Engine, Side, drive, model};
use qcom_socs::blocks::qce::v5::offsets;
use qcom_socs::{ipq4019, msm8996, sm8550};
use socgen_qce::{CipherMode, Direction, Output};
use socgen_runtime::Io;
use socgen_runtime::bam::LockTargetSpec;
use socgen_sim::{Event, Rng};

const KEY128: [u8; 16] = *b"\x2b\x7e\x15\x16\x28\xae\xd2\xa6\xab\xf7\x15\x88\x09\xcf\x4f\x3c";
const KEY256: [u8; 32] = *b"\x60\x3d\xeb\x10\x15\xca\x71\xbe\x2b\x73\xae\xf0\x85\x7d\x77\x81\
\x1f\x35\x2c\x07\x3b\x61\x08\xd7\x2d\x98\x10\xa3\x09\x14\xdf\xf4";

/// Initial counters: SP 800-38A's, one whose low 32 bits wrap within a few blocks, one whose
/// low 64 bits do, and the top of the 128-bit range.
const COUNTERS: [u128; 4] = [
    0xf0f1_f2f3_f4f5_f6f7_f8f9_fafb_fcfd_feff,
    0x0001_0203_0405_0607_0809_0a0b_ffff_ffff,
    0x0001_0203_0405_0607_ffff_ffff_ffff_ffff,
    u128::MAX,
];

/// Lengths: one block, a request crossing a block boundary and ending inside the next block,
/// one ending on a boundary after several blocks, Linux's 499-byte self-test vector (31 blocks
/// and 3 bytes), a single byte, and one past a BAM descriptor's 32 KiB.
const LENGTHS: [usize; 7] = [16, 20, 48, 499, 1, 33, 32_790];

/// The RustCrypto keystream from `counter` applied to `data`.
fn reference(key: &[u8], counter: u128, data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    let iv = counter.to_be_bytes();
    match key.len() {
        16 => ctr::Ctr128BE::<aes::Aes128>::new_from_slices(key, &iv)
            .expect("AES-128 key")
            .apply_keystream(&mut out),
        _ => ctr::Ctr128BE::<aes::Aes256>::new_from_slices(key, &iv)
            .expect("AES-256 key")
            .apply_keystream(&mut out),
    }
    out
}

fn ceil_blocks(len: usize) -> u128 {
    len.div_ceil(16) as u128
}

fn data(len: usize, seed: usize) -> Vec<u8> {
    (0..len)
        .map(|i| ((i * 31 + seed * 7) % 251) as u8)
        .collect()
}

/// One system of target `T` with a driver, and a way to run one CTR request to completion.
struct Bench<T: LockTargetSpec> {
    model: socgen_sim::Model<T::Revision>,
    side: Side<T::Revision>,
    rng: Rng,
}

impl<T: LockTargetSpec> Bench<T>
where
    T::Revision: socgen_runtime::bam::PipeLocking,
{
    fn new(engine: Engine) -> Self {
        let model = model::<T>(engine, false, true);
        let side = Side::new::<T>(&model, engine, 4096);
        Bench {
            model,
            side,
            rng: Rng::new(0xc7),
        }
    }

    /// Runs one CTR request; returns its output buffer and what the driver reported.
    fn ctr(
        &mut self,
        key: &[u8],
        counter: u128,
        direction: Direction,
        input: &[u8],
    ) -> (Vec<u8>, Output) {
        let mode = CipherMode::Ctr {
            counter: counter.to_be_bytes(),
        };
        let id = self
            .side
            .cipher(&self.model, key, mode, direction, input)
            .expect("submitted");
        drive(&self.model, &mut self.rng, &mut [&mut self.side]);
        let output = *self.side.results[&id].as_ref().unwrap_or_else(|e| {
            panic!(
                "{}: CTR of {} bytes failed: {e:?}",
                T::TARGET.soc,
                input.len()
            )
        });
        (self.side.output(id), output)
    }

    /// The counter the engine left in `CNTR0_IV0..CNTR3_IV3`, read by this side's CPU (the
    /// lock is free between requests).
    fn engine_counter(&self) -> u128 {
        let cpu = self.model.qce_cpu(T::TARGET.ee);
        (0..4).fold(0u128, |acc, word| {
            (acc << 32) | u128::from(cpu.read32(offsets::CNTR_IV + 4 * word))
        })
    }

    /// The bookkeeping every test ends with: each request reported once, locks balanced, no
    /// descriptor error, no CPU fault.
    fn finish(&self) {
        let soc = T::TARGET.soc;
        assert_eq!(self.side.qce.pending(), 0, "{soc}");
        assert!(self.side.reported_once_in_order(), "{soc}");
        assert_eq!(
            self.model.lock_holder(),
            None,
            "{soc}: the lock is released"
        );
        let events = self.model.events();
        let count = |f: fn(&Event) -> bool| events.iter().filter(|e| f(e)).count();
        let locks = count(|e| matches!(e, Event::Locked { .. }));
        assert_eq!(locks, self.side.submitted(), "{soc}: one LOCK per request");
        assert_eq!(
            count(|e| matches!(e, Event::Unlocked { .. })),
            locks,
            "{soc}"
        );
        assert_eq!(
            count(|e| matches!(
                e,
                Event::Violation(_) | Event::Error { .. } | Event::CpuFault { .. }
            )),
            0,
            "{soc}: {events:?}"
        );
    }
}

/// Every counter and length, both key sizes, both directions: output, `next_iv`, and the
/// engine's own (floor-based) counter.
fn single_requests<T: LockTargetSpec>(engine: Engine)
where
    T::Revision: socgen_runtime::bam::PipeLocking,
{
    let soc = T::TARGET.soc;
    let mut bench = Bench::<T>::new(engine);
    let mut failures = Vec::new();
    for (key, key_name) in [(&KEY128[..], "AES-128"), (&KEY256[..], "AES-256")] {
        for &counter in &COUNTERS {
            for (seed, &len) in LENGTHS.iter().enumerate() {
                let plaintext = data(len, seed);
                let ciphertext = reference(key, counter, &plaintext);
                for (direction, input, want) in [
                    (Direction::Encrypt, &plaintext, &ciphertext),
                    (Direction::Decrypt, &ciphertext, &plaintext),
                ] {
                    let case =
                        format!("{soc} {key_name} {direction:?} from {counter:#034x}, {len} bytes");
                    let (output, reported) = bench.ctr(key, counter, direction, input);
                    if &output != want {
                        failures.push(format!("{case}: output differs from RustCrypto"));
                    }
                    let next = counter.wrapping_add(ceil_blocks(len));
                    if u128::from_be_bytes(reported.next_iv) != next {
                        failures.push(format!(
                            "{case}: next_iv {:#034x}, want initial + ceil(len/16) = {next:#034x}",
                            u128::from_be_bytes(reported.next_iv)
                        ));
                    }
                    // The engine counts whole blocks only; the driver's +1 must not come from
                    // the model.
                    let engine_counter = counter.wrapping_add((len / 16) as u128);
                    if bench.engine_counter() != engine_counter {
                        failures.push(format!(
                            "{case}: the engine's CNTR_IV is {:#034x}, want initial + floor(len/16) = {engine_counter:#034x}",
                            bench.engine_counter()
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    bench.finish();
}

/// Two requests chained through `next_iv`: the same keystream as one long request when the
/// first ends on a block boundary; a fresh counter block for the second when it does not.
fn chained_requests<T: LockTargetSpec>(engine: Engine)
where
    T::Revision: socgen_runtime::bam::PipeLocking,
{
    let soc = T::TARGET.soc;
    let mut bench = Bench::<T>::new(engine);
    for &counter in &COUNTERS {
        // First request ends on a block boundary: the chain is one keystream.
        for (first_len, second_len) in [(16usize, 20usize), (32, 499), (48, 1), (4096, 33)] {
            let whole = data(first_len + second_len, first_len);
            let (first, second) = whole.split_at(first_len);
            let (out1, reported1) = bench.ctr(&KEY128, counter, Direction::Encrypt, first);
            let next = u128::from_be_bytes(reported1.next_iv);
            let (out2, _) = bench.ctr(&KEY128, next, Direction::Encrypt, second);
            let chained: Vec<u8> = out1.into_iter().chain(out2).collect();
            assert_eq!(
                chained,
                reference(&KEY128, counter, &whole),
                "{soc}: {first_len} + {second_len} bytes from {counter:#034x} differ from one request"
            );
        }
        // First request ends inside a block: the second starts at the next counter block,
        // initial + ceil(first / 16), not in the middle of the first's last keystream block.
        for (first_len, second_len) in [(20usize, 16usize), (1, 31), (499, 13)] {
            let first = data(first_len, 1);
            let second = data(second_len, 2);
            let (out1, reported1) = bench.ctr(&KEY128, counter, Direction::Encrypt, &first);
            assert_eq!(out1, reference(&KEY128, counter, &first), "{soc}");
            let next = u128::from_be_bytes(reported1.next_iv);
            let fresh_block = counter.wrapping_add(ceil_blocks(first_len));
            assert_eq!(
                next, fresh_block,
                "{soc}: {first_len} bytes from {counter:#034x}"
            );
            let (out2, _) = bench.ctr(&KEY128, next, Direction::Encrypt, &second);
            assert_eq!(
                out2,
                reference(&KEY128, fresh_block, &second),
                "{soc}: after {first_len} bytes from {counter:#034x}"
            );
        }
    }
    bench.finish();
}

#[test]
fn sm8550_ctr_requests() {
    single_requests::<sm8550::Lock>(engine!(sm8550));
}

#[test]
fn msm8996_ctr_requests() {
    single_requests::<msm8996::Lock>(engine!(msm8996));
}

#[test]
fn ipq4019_ctr_requests() {
    single_requests::<ipq4019::Lock>(engine!(ipq4019));
}

#[test]
fn sm8550_ctr_chaining() {
    chained_requests::<sm8550::Lock>(engine!(sm8550));
}

#[test]
fn msm8996_ctr_chaining() {
    chained_requests::<msm8996::Lock>(engine!(msm8996));
}

#[test]
fn ipq4019_ctr_chaining() {
    chained_requests::<ipq4019::Lock>(engine!(ipq4019));
}

#[test]
fn the_three_socs_differ_in_pipe_pair_and_ee() {
    // If a future SoC file moved one of these, the file's claim of covering three distinct
    // lock setups would silently stop being true.
    let targets = [
        sm8550::Lock::TARGET,
        msm8996::Lock::TARGET,
        ipq4019::Lock::TARGET,
    ];
    let setups: Vec<_> = targets.iter().map(|t| (t.pipe, t.ee)).collect();
    assert_eq!(setups, [(4, 0), (6, 0), (2, 1)]);
}
