//! Incremental hashes through the QCE driver, the locked BAM driver and the model: a message
//! split into parts (every part but the last whole 64-byte blocks) gives the one-shot digest,
//! the engine's state carried between requests in a `HashState` (the dumped `auth_iv` and
//! `auth_byte_count` written back into `AUTH_IV` and `AUTH_BYTECNT`). The reference is the
//! RustCrypto `sha1`/`sha2`/`hmac` one-shot (`socgen_sim::digest`), not the model's
//! part-by-part arithmetic. Long HMAC keys are hashed on the engine first
//! (`Qce::submit_hmac_key`).

mod common;

use common::{Engine, Solo};
use proptest::prelude::*;
use qcom_socs::{ipq4019, msm8996, sm8550};
use socgen_qce::{Error, HashAlg, HashState, HmacKey, Output};
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};
use socgen_sim::HashAlg as ModelHash;

fn model_alg(alg: HashAlg) -> ModelHash {
    match alg {
        HashAlg::Sha1 => ModelHash::Sha1,
        HashAlg::Sha256 => ModelHash::Sha256,
    }
}

/// One SoC's driver alone on its model ([`Solo`]).
struct Bench<T: LockTargetSpec>(Solo<T>)
where
    T::Revision: PipeLocking;

impl<T: LockTargetSpec> Bench<T>
where
    T::Revision: PipeLocking,
{
    fn new(engine: Engine) -> Self {
        Bench(Solo::new(engine, 0x1a))
    }

    fn finish(&mut self, id: socgen_qce::RequestId) -> Result<Output, Error> {
        self.0.finish(Ok(id)).map(|(_, out)| out)
    }

    /// The HMAC key the driver would use for `key`: as is up to 64 bytes, else its digest
    /// computed on the engine.
    fn hmac_key(&mut self, alg: HashAlg, key: &[u8]) -> HmacKey {
        match HmacKey::new(key) {
            Ok(k) => k,
            Err(Error::HmacKeyTooLong { .. }) => {
                let id = self
                    .0
                    .side
                    .hmac_key(&self.0.model, alg, key)
                    .expect("submitted");
                let out = self.finish(id).expect("key hashed");
                out.hmac_key()
                    .expect("a key request's output holds the key")
            }
            Err(e) => panic!("{e}"),
        }
    }

    /// Hashes `message` in parts that end at `cuts` (block multiples), then the rest.
    fn incremental(
        &mut self,
        alg: HashAlg,
        key: Option<&[u8]>,
        message: &[u8],
        cuts: &[usize],
    ) -> Vec<u8> {
        let mut state = match key {
            Some(k) => {
                let key = self.hmac_key(alg, k);
                HashState::hmac(alg, key)
            }
            None => HashState::new(alg),
        };
        let mut at = 0;
        for &cut in cuts {
            let id = self
                .0
                .side
                .hash_part(&self.0.model, &state, &message[at..cut], false)
                .expect("a whole-block part");
            let out = self.finish(id).expect("part hashed");
            assert!(out.digest().is_empty(), "a non-final part has no digest");
            state.resume(&out).expect("resume from a non-final part");
            at = cut;
        }
        let id = self
            .0
            .side
            .hash_part(&self.0.model, &state, &message[at..], true)
            .expect("the last part");
        let out = self.finish(id).expect("last part hashed");
        out.digest().to_vec()
    }
}

/// Message, block-multiple cut points, algorithm, key (none, short, exactly a block, long).
fn case() -> impl Strategy<Value = (Vec<u8>, Vec<usize>, HashAlg, Option<Vec<u8>>)> {
    let alg = prop_oneof![Just(HashAlg::Sha1), Just(HashAlg::Sha256)];
    let key = prop_oneof![
        Just(None),
        proptest::collection::vec(any::<u8>(), 1..64).prop_map(Some),
        proptest::collection::vec(any::<u8>(), 64..=64).prop_map(Some),
        proptest::collection::vec(any::<u8>(), 65..200).prop_map(Some),
    ];
    (1usize..600, alg, key).prop_flat_map(|(len, alg, key)| {
        // Cut points strictly inside the message (the last part is never empty).
        let blocks = (len - 1) / 64;
        (
            proptest::collection::vec(any::<u8>(), len..=len),
            proptest::collection::btree_set(1..=blocks.max(1), 0..=blocks.min(5)).prop_map(
                move |set| {
                    set.into_iter()
                        .map(|b| b * 64)
                        .filter(|&cut| cut < len)
                        .collect::<Vec<_>>()
                },
            ),
            Just(alg),
            Just(key),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn incremental_equals_the_one_shot_digest((message, cuts, alg, key) in case()) {
        let mut bench = Bench::<sm8550::Lock>::new(engine!(sm8550));
        let got = bench.incremental(alg, key.as_deref(), &message, &cuts);
        let want = socgen_sim::digest(model_alg(alg), key.as_deref(), &message);
        prop_assert_eq!(got, want, "cuts {:?}, {} bytes", cuts, message.len());
    }
}

fn fixed_splits<T: LockTargetSpec>(engine: Engine)
where
    T::Revision: PipeLocking,
{
    let mut bench = Bench::<T>::new(engine);
    let message: Vec<u8> = (0..1000u32).map(|i| (i * 29 + 3) as u8).collect();
    let long_key: Vec<u8> = (0..131u8).collect();
    for alg in [HashAlg::Sha1, HashAlg::Sha256] {
        for key in [None, Some(&b"Jefe"[..]), Some(&long_key[..])] {
            for cuts in [&[][..], &[64], &[64, 128, 192], &[512, 960]] {
                let got = bench.incremental(alg, key, &message, cuts);
                let want = socgen_sim::digest(model_alg(alg), key, &message);
                assert_eq!(got, want, "{}: {alg:?} {cuts:?}", T::TARGET.soc);
            }
        }
    }
    assert_eq!(bench.0.model.lock_holder(), None);
    assert!(bench.0.side.reported_once_in_order());
}

#[test]
fn sm8550_fixed_splits() {
    fixed_splits::<sm8550::Lock>(engine!(sm8550));
}

#[test]
fn msm8996_fixed_splits() {
    fixed_splits::<msm8996::Lock>(engine!(msm8996));
}

#[test]
fn ipq4019_fixed_splits() {
    fixed_splits::<ipq4019::Lock>(engine!(ipq4019));
}

#[test]
fn the_engine_byte_count_of_an_hmac_includes_its_key_block() {
    let mut bench = Bench::<sm8550::Lock>::new(engine!(sm8550));
    let message = [0x5au8; 128];
    for (state, expected) in [
        (HashState::new(HashAlg::Sha256), 128),
        (
            HashState::hmac(HashAlg::Sha256, HmacKey::new(b"key").unwrap()),
            192,
        ),
    ] {
        let mut state = state;
        let id = bench
            .0
            .side
            .hash_part(&bench.0.model, &state, &message, false)
            .unwrap();
        let out = bench.finish(id).unwrap();
        state.resume(&out).unwrap();
        assert_eq!(state.engine_byte_count(), expected);
    }
}

#[test]
fn what_the_engine_cannot_do_is_refused_before_anything_is_queued() {
    let mut bench = Bench::<sm8550::Lock>::new(engine!(sm8550));
    let mut state = HashState::new(HashAlg::Sha1);
    assert_eq!(
        bench
            .0
            .side
            .hash_part(&bench.0.model, &state, &[0; 100], false)
            .unwrap_err(),
        Error::PartialHashBlock { len: 100 }
    );
    assert_eq!(
        bench
            .0
            .side
            .hash_part(&bench.0.model, &state, &[], true)
            .unwrap_err(),
        Error::EmptyData
    );
    assert_eq!(bench.0.side.qce.pending(), 0);
    // A last part's output, or another hash's, is nothing to resume from.
    let id = bench
        .0
        .side
        .hash_part(&bench.0.model, &state, b"abc", true)
        .unwrap();
    let last = bench.finish(id).unwrap();
    assert_eq!(
        last.digest(),
        socgen_sim::digest(ModelHash::Sha1, None, b"abc")
    );
    assert_eq!(state.resume(&last), Err(Error::NotAHashUpdate));
    let other = HashState::new(HashAlg::Sha256);
    let id = bench
        .0
        .side
        .hash_part(&bench.0.model, &other, &[1; 64], false)
        .unwrap();
    let out = bench.finish(id).unwrap();
    assert_eq!(state.resume(&out), Err(Error::NotAHashUpdate));
    assert!(state.is_fresh());
    // The empty message's digest comes from the table, not the engine.
    assert_eq!(
        HashAlg::Sha1.empty_message_digest(),
        &socgen_sim::digest(ModelHash::Sha1, None, b"")[..]
    );
    assert_eq!(
        HashAlg::Sha256.empty_message_digest(),
        &socgen_sim::digest(ModelHash::Sha256, None, b"")[..]
    );
    assert_eq!(
        HmacKey::new(&[0; 65]).unwrap_err(),
        Error::HmacKeyTooLong { len: 65 }
    );
}
