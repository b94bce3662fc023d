//! Scatter-gather requests (`Qce::submit_sg`, input and output as lists of bus buffers, as
//! Linux hands scatterlists) through the QCE driver, the locked BAM driver and the model, on
//! sm8550, msm8996 and ipq4019: AES ECB/CBC/CTR, XTS, DES/3DES and hashes give the one-buffer
//! result and RustCrypto's, however the lists split the message (inside blocks too, and with
//! buffers longer than one descriptor), and the list rules are typed refusals with nothing
//! queued.

mod common;

use common::{Engine, Solo};
use proptest::prelude::*;
use qcom_socs::{ipq4019, msm8996, sm8550};
use socgen_bam::DmaRegion;
use socgen_qce::{
    AesKey, BusBuf, CipherMode, DesKey, DesMode, Direction, Error, HashAlg, SG_MAX, SgOperation,
    SgRequest, XtsKey,
};
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};
use socgen_sim::{AesMode, read_back};

const IV: [u8; 16] = [0x42; 16];

/// `len` split at the sorted cut points `cuts` (each below `len`).
fn pieces(len: usize, cuts: &[usize]) -> Vec<usize> {
    let mut at: Vec<usize> = cuts.iter().map(|c| c % len.max(1)).collect();
    at.sort_unstable();
    at.dedup();
    let mut out = Vec::new();
    let mut start = 0;
    for c in at.into_iter().chain([len]) {
        out.push(c - start);
        start = c;
    }
    out
}

/// Runs `op` over `data` with the input split into `src` pieces and the output into `dst`
/// pieces; the output bytes in order, and what the driver reported.
fn run_op<T: LockTargetSpec>(
    solo: &mut Solo<T>,
    op: SgOperation<'_>,
    data: &[u8],
    src: &[usize],
    dst: &[usize],
) -> Result<(Vec<u8>, socgen_qce::Output), Error>
where
    T::Revision: PipeLocking,
{
    let mem = solo.model.memory();
    let mut at = 0;
    let mut in_bufs = Vec::new();
    for &n in src {
        in_bufs.push(mem.alloc_with(&data[at..at + n]));
        at += n;
    }
    let out_bufs: Vec<_> = dst.iter().map(|&n| mem.alloc(n.max(1))).collect();
    let list = |bufs: &[socgen_bam::testing::DmaBuf], lens: &[usize]| -> Vec<BusBuf> {
        bufs.iter()
            .zip(lens)
            .map(|(b, &n)| BusBuf {
                bus: DmaRegion::bus_addr(b),
                len: n as u32,
            })
            .collect()
    };
    let (src_list, dst_list) = (list(&in_bufs, src), list(&out_bufs, dst));
    let request = SgRequest {
        op,
        src: &src_list,
        dst: &dst_list,
    };
    let id = solo.side.qce.submit_sg(&request)?;
    solo.side.track(id);
    let (_, out) = solo.finish(Ok(id))?;
    let bytes = out_bufs
        .iter()
        .zip(dst)
        .flat_map(|(b, &n)| read_back(b, 0, n))
        .collect();
    Ok((bytes, out))
}

/// An AES request over `data` split into `src` and `dst` pieces: the output bytes.
#[allow(clippy::too_many_arguments)]
fn run_sg<T: LockTargetSpec>(
    solo: &mut Solo<T>,
    key: &[u8],
    mode: CipherMode,
    direction: Direction,
    data: &[u8],
    src: &[usize],
    dst: &[usize],
) -> Result<Vec<u8>, Error>
where
    T::Revision: PipeLocking,
{
    let key = match key.len() {
        16 => AesKey::Aes128(key.try_into().unwrap()),
        _ => AesKey::Aes256(key.try_into().unwrap()),
    };
    let op = SgOperation::Cipher {
        key,
        mode,
        direction,
    };
    run_op(solo, op, data, src, dst).map(|(bytes, _)| bytes)
}

fn reference(key: &[u8], mode: CipherMode, data: &[u8]) -> Vec<u8> {
    let (m, iv) = match mode {
        CipherMode::Ecb => (AesMode::Ecb, [0; 16]),
        CipherMode::Cbc { iv } => (AesMode::Cbc, iv),
        CipherMode::Ctr { counter } => (AesMode::Ctr, counter),
    };
    let mut out = data.to_vec();
    socgen_sim::aes(key, m, true, &iv, &mut out).unwrap();
    out
}

fn check<T: LockTargetSpec>(engine: Engine, seed: u64)
where
    T::Revision: PipeLocking,
{
    let soc = T::TARGET.soc;
    let mut solo = Solo::<T>::new(engine, seed);
    aes_against_reference(&mut solo, soc);
    // XTS (one data unit of 4 KiB over five pieces), DES/3DES CBC, and hashes: against the
    // same operation on one buffer each way.
    let data: Vec<u8> = (0..4096).map(|i| (i * 5 + 1) as u8).collect();
    xts_and_des_against_one_buffer(&mut solo, soc, &data);
    hashes_against_reference(&mut solo, soc, &data);
    assert_eq!(solo.model.lock_holder(), None, "{soc}");
    assert!(solo.side.reported_once_in_order(), "{soc}");
}

/// AES over split lists against RustCrypto, and decrypted back. Lengths: one block, several,
/// a buffer longer than one descriptor (32 KiB), a partial CTR block at the end.
fn aes_against_reference<T: LockTargetSpec>(solo: &mut Solo<T>, soc: &str)
where
    T::Revision: PipeLocking,
{
    let key16 = [0x11u8; 16];
    let key32: Vec<u8> = (0..32).collect();
    for (len, modes) in [(16usize, 3), (160, 3), (40_000, 3), (77, 1)] {
        let data: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
        let all = [
            CipherMode::Ctr { counter: IV },
            CipherMode::Cbc { iv: IV },
            CipherMode::Ecb,
        ];
        for mode in all.into_iter().take(modes) {
            for key in [&key16[..], &key32[..]] {
                let want = reference(key, mode, &data);
                for (src, dst) in [
                    (vec![len], vec![len]),
                    (pieces(len, &[5, 16, 33]), vec![len]),
                    (vec![len], pieces(len, &[1, 64, 100])),
                    (
                        pieces(len, &[3, 9, 27, 81]),
                        pieces(len, &[2, 4, 8, 16, 32]),
                    ),
                ] {
                    let got = run_sg(solo, key, mode, Direction::Encrypt, &data, &src, &dst)
                        .unwrap_or_else(|e| panic!("{soc} {mode:?} {len} {src:?}/{dst:?}: {e}"));
                    assert_eq!(got, want, "{soc} {mode:?} {len} {src:?}/{dst:?}");
                    let back =
                        run_sg(solo, key, mode, Direction::Decrypt, &want, &dst, &src).unwrap();
                    assert_eq!(back, data, "{soc} {mode:?} {len} decrypt");
                }
            }
        }
    }
}

/// XTS and 3DES-CBC over `data` in five pieces each way against the same request on one
/// buffer.
fn xts_and_des_against_one_buffer<T: LockTargetSpec>(solo: &mut Solo<T>, soc: &str, data: &[u8])
where
    T::Revision: PipeLocking,
{
    let split = pieces(4096, &[100, 513, 2000, 4000]);
    let xts_key: Vec<u8> = (0..64).collect();
    let des_key: Vec<u8> = (0..24).map(|i| i * 3 + 1).collect();
    let ops = [
        SgOperation::Xts {
            key: XtsKey::Aes256(xts_key.as_slice().try_into().unwrap()),
            tweak: IV,
            direction: Direction::Encrypt,
        },
        SgOperation::Des {
            key: DesKey::TripleDes(des_key.as_slice().try_into().unwrap()),
            mode: DesMode::Cbc { iv: [7; 8] },
            direction: Direction::Encrypt,
        },
    ];
    for op in ops {
        let one = run_op(solo, op, data, &[4096], &[4096]).unwrap().0;
        let many = run_op(solo, op, data, &split, &split).unwrap().0;
        assert_eq!(many, one, "{soc} {op:?}");
        assert_ne!(one, data, "{soc} {op:?} did nothing");
    }
}

/// SHA-1 and HMAC-SHA-256 over the first 3,000 bytes of `data` in four pieces against
/// RustCrypto.
fn hashes_against_reference<T: LockTargetSpec>(solo: &mut Solo<T>, soc: &str, data: &[u8])
where
    T::Revision: PipeLocking,
{
    for (alg, key) in [
        (HashAlg::Sha1, None),
        (HashAlg::Sha256, Some(&b"sg-hmac-key"[..])),
    ] {
        let op = SgOperation::Hash { alg, hmac_key: key };
        let (_, out) = run_op(solo, op, &data[..3000], &pieces(3000, &[1, 64, 999]), &[]).unwrap();
        let model_alg = match alg {
            HashAlg::Sha1 => socgen_sim::HashAlg::Sha1,
            HashAlg::Sha256 => socgen_sim::HashAlg::Sha256,
        };
        assert_eq!(
            out.digest(),
            &socgen_sim::digest(model_alg, key, &data[..3000])[..],
            "{soc} {alg:?}"
        );
    }
}

#[test]
fn sm8550_scatter_gather() {
    check::<sm8550::Lock>(engine!(sm8550), 1);
}

#[test]
fn msm8996_scatter_gather() {
    check::<msm8996::Lock>(engine!(msm8996), 2);
}

#[test]
fn ipq4019_scatter_gather() {
    check::<ipq4019::Lock>(engine!(ipq4019), 3);
}

#[test]
fn list_rules_are_typed_refusals_with_nothing_queued() {
    let mut solo = Solo::<sm8550::Lock>::new(engine!(sm8550), 4);
    let key = [1u8; 16];
    let cbc = CipherMode::Cbc { iv: IV };
    let data = [0u8; 16 * (SG_MAX + 1)];
    let many = vec![16; SG_MAX + 1];
    let one = vec![data.len()];
    assert_eq!(
        run_sg(&mut solo, &key, cbc, Direction::Encrypt, &data, &many, &one),
        Err(Error::SgTooManyBuffers { count: SG_MAX + 1 })
    );
    assert_eq!(
        run_sg(&mut solo, &key, cbc, Direction::Encrypt, &data, &one, &many),
        Err(Error::SgTooManyBuffers { count: SG_MAX + 1 })
    );
    assert_eq!(
        run_sg(
            &mut solo,
            &key,
            cbc,
            Direction::Encrypt,
            &data[..32],
            &[32],
            &[16]
        ),
        Err(Error::SgLengthMismatch { src: 32, dst: 16 })
    );
    // The total's rules are the one-buffer request's: whole blocks for CBC.
    assert!(matches!(
        run_sg(
            &mut solo,
            &key,
            cbc,
            Direction::Encrypt,
            &data[..20],
            &[10, 10],
            &[20]
        ),
        Err(Error::PartialBlock { .. })
    ));
    // A hash has no output list.
    let hash = SgOperation::Hash {
        alg: HashAlg::Sha256,
        hmac_key: None,
    };
    assert!(matches!(
        run_op(&mut solo, hash, &data[..32], &[32], &[32]),
        Err(Error::SgLengthMismatch { src: 32, dst: 32 })
    ));
    assert_eq!(solo.side.qce.pending(), 0, "nothing queued");
    // Exactly SG_MAX buffers are taken.
    let most = vec![16; SG_MAX];
    let got = run_sg(
        &mut solo,
        &key,
        cbc,
        Direction::Encrypt,
        &data[..16 * SG_MAX],
        &most,
        &most,
    )
    .unwrap();
    assert_eq!(got, reference(&key, cbc, &data[..16 * SG_MAX]));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Any split of input and output gives the one-buffer result.
    #[test]
    fn any_split_gives_the_one_buffer_result(
        blocks in 1usize..40,
        tail in 0usize..16,
        src_cuts in proptest::collection::vec(0usize..1000, 0..SG_MAX - 1),
        dst_cuts in proptest::collection::vec(0usize..1000, 0..SG_MAX - 1),
        ctr in any::<bool>(),
    ) {
        let mode = if ctr { CipherMode::Ctr { counter: IV } } else { CipherMode::Cbc { iv: IV } };
        let len = blocks * 16 + if ctr { tail } else { 0 };
        let data: Vec<u8> = (0..len).map(|i| (i * 13 + 1) as u8).collect();
        let key = [9u8; 32];
        let mut solo = Solo::<sm8550::Lock>::new(engine!(sm8550), len as u64);
        let got = run_sg(
            &mut solo, &key, mode, Direction::Encrypt, &data,
            &pieces(len, &src_cuts), &pieces(len, &dst_cuts),
        ).unwrap();
        prop_assert_eq!(got, reference(&key, mode, &data));
    }
}
