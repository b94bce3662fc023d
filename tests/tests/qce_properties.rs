//! Property: whatever two execution environments do to the shared engine (submit ciphers and
//! hashes, reset their pipes, poll, in any order, with any interleaving of the BAM), with
//! locking every request is reported exactly once and in order, every success is the right
//! answer, and the lock ends released.

mod common;

use common::{Engine, Expect, Secure, Side, drive, model};
use proptest::prelude::*;
use qcom_socs::msm8996;
use socgen_qce::{CipherMode, Direction, Error, HashAlg, RequestId};
use socgen_runtime::bam::LockTargetSpec;
use socgen_sim::{AesMode, HashAlg as ModelHash, Model, Rng};
use std::collections::BTreeMap;

type Linux = msm8996::Lock;
type Tz = Secure<msm8996::Lock>;
type R = <Linux as LockTargetSpec>::Revision;

const ENGINE: Engine = engine!(msm8996);

#[derive(Debug, Clone)]
enum Op {
    Cipher {
        tz: bool,
        len: usize,
        key256: bool,
        ctr: bool,
    },
    Hash {
        tz: bool,
        len: usize,
        hmac: bool,
    },
    Run(usize),
    Poll {
        tz: bool,
    },
    Reset {
        tz: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<bool>(), 1usize..5, any::<bool>(), any::<bool>())
            .prop_map(|(tz, blocks, key256, ctr)| Op::Cipher { tz, len: blocks * 16, key256, ctr }),
        3 => (any::<bool>(), 1usize..200, any::<bool>())
            .prop_map(|(tz, len, hmac)| Op::Hash { tz, len, hmac }),
        4 => (0usize..12).prop_map(Op::Run),
        2 => any::<bool>().prop_map(|tz| Op::Poll { tz }),
        1 => any::<bool>().prop_map(|tz| Op::Reset { tz }),
    ]
}

fn submit(side: &mut Side<R>, model: &Model<R>, op: &Op, n: usize) -> Option<(RequestId, Expect)> {
    let data: Vec<u8> = (0..512).map(|i| (i as u8) ^ (n as u8)).collect();
    let result = match *op {
        Op::Cipher {
            len, key256, ctr, ..
        } => {
            let key = if key256 {
                &[0x5a; 32][..]
            } else {
                &[0xa5; 16][..]
            };
            let iv = [n as u8; 16];
            let (mode, model_mode) = if ctr {
                (CipherMode::Ctr { counter: iv }, AesMode::Ctr)
            } else {
                (CipherMode::Cbc { iv }, AesMode::Cbc)
            };
            let mut out = data[..len].to_vec();
            socgen_sim::aes(key, model_mode, true, &iv, &mut out).unwrap();
            side.cipher(model, key, mode, Direction::Encrypt, &data[..len])
                .map(|id| {
                    (
                        id,
                        Expect {
                            output: out,
                            digest: vec![],
                        },
                    )
                })
        }
        Op::Hash { len, hmac, .. } => {
            let key = hmac.then_some(&b"property-key"[..]);
            let digest = socgen_sim::digest(ModelHash::Sha256, key, &data[..len]);
            side.hash(model, HashAlg::Sha256, key, &data[..len])
                .map(|id| {
                    (
                        id,
                        Expect {
                            output: vec![],
                            digest,
                        },
                    )
                })
        }
        _ => return None,
    };
    match result {
        Ok(pair) => Some(pair),
        Err(Error::Busy | Error::Bam(socgen_bam::Error::FifoFull { .. })) => None,
        Err(e) => panic!("unexpected refusal {e:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_schedule_keeps_the_invariants(ops in prop::collection::vec(op(), 1..40), seed in any::<u64>()) {
        let model = model::<Linux>(ENGINE, true, true);
        // Small FIFOs (32 slots) so that full FIFOs and wrap-around happen too.
        let mut linux = Side::new::<Linux>(&model, ENGINE, 256);
        let mut tz = Side::new::<Tz>(&model, ENGINE, 256);
        let mut rng = Rng::new(seed);
        let mut expected: BTreeMap<(bool, RequestId), Expect> = BTreeMap::new();
        for (n, op) in ops.iter().enumerate() {
            let is_tz = match op {
                Op::Cipher { tz, .. } | Op::Hash { tz, .. } | Op::Poll { tz } | Op::Reset { tz } => *tz,
                Op::Run(_) => false,
            };
            let side = if is_tz { &mut tz } else { &mut linux };
            match op {
                Op::Run(steps) => { model.run(&mut rng, *steps); }
                Op::Poll { .. } => { side.poll(); }
                Op::Reset { .. } => { side.reset(); }
                _ => {
                    if let Some((id, expect)) = submit(side, &model, op, n) {
                        expected.insert((is_tz, id), expect);
                    }
                }
            }
        }
        drive(&model, &mut rng, &mut [&mut linux, &mut tz]);
        for ((is_tz, id), expect) in &expected {
            let side = if *is_tz { &tz } else { &linux };
            match side.results.get(id) {
                Some(Ok(_)) => prop_assert!(side.correct(*id, expect), "{id:?} wrong"),
                Some(Err(Error::Reset)) => {}
                other => prop_assert!(false, "{id:?}: {other:?}"),
            }
        }
        for side in [&linux, &tz] {
            prop_assert!(side.reported_once_in_order(), "{:?}", side.order);
            prop_assert_eq!(side.qce.pending(), 0);
        }
        prop_assert_eq!(model.lock_holder(), None);
    }
}
