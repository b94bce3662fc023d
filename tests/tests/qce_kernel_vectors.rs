//! The kernel's own crypto self-test vectors (Linux `crypto/testmgr.h`, every table of every
//! algorithm Linux's qce driver registers, the AEADs included) and NIST CAVP vectors for
//! AES-XTS and AES-CCM (inauthentic records must fail with `Error::MacMismatch`), run
//! through the QCE driver, the locked BAM driver and the model on three SoCs (sm8550,
//! msm8996, ipq4019), in both directions. The values live in `tests/data/kernel-vectors/`,
//! converted by `scripts/kernel-vectors.py` (which names where the inputs come from).
//!
//! Every vector ends as passed, failed or refused, and a refusal names its reason; the
//! tally is `docs/QCE-VECTORS.md`, which must equal a fresh run (refresh it with
//! `SOCGEN_BLESS=1 cargo test -p socgen-tests --test qce_kernel_vectors`). No vector may
//! fail, and the three SoCs must agree on every outcome.

mod common;

use common::{Engine, Side, Solo, drive, hex};
use qcom_socs::{ipq4019, msm8996, sm8550};
use serde_json::Value;
use socgen_qce::{
    AeadDirection, AesKey, AuthencCipher, CcmNonce, CipherMode, DesKey, DesMode, Direction, Error,
    HashAlg, HashState, HmacKey,
};
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};
use socgen_sim::{Model, Rng};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const TABLE: &str = "docs/QCE-VECTORS.md";
const BLESS: &str = "SOCGEN_BLESS=1 cargo test -p socgen-tests --test qce_kernel_vectors";

/// What became of one vector.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// Both directions (or the digest) as the vector says.
    Passed,
    /// Passed, answered by the driver without the engine (the reason says how).
    PassedWithoutEngine(&'static str),
    /// The driver refused it, with the reason a caller's software fallback acts on.
    Refused(&'static str),
    /// A wrong result or an unexpected error.
    Failed(String),
}

/// One algorithm's suite from a data file.
struct Suite {
    algorithm: String,
    table: String,
    vectors: Vec<Value>,
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kernel-vectors")
}

fn load(file: &str) -> (String, Vec<Suite>) {
    let text = std::fs::read_to_string(data_dir().join(file)).expect("read the vector file");
    let json: Value = serde_json::from_str(&text).expect("vector file is JSON");
    let suites = json["suites"]
        .as_array()
        .expect("suites")
        .iter()
        .map(|s| Suite {
            algorithm: s["algorithm"].as_str().expect("algorithm").to_string(),
            table: s["table"].as_str().expect("table").to_string(),
            vectors: s["vectors"].as_array().expect("vectors").clone(),
        })
        .collect();
    (json["source"].as_str().expect("source").to_string(), suites)
}

fn bytes(v: &Value, field: &str) -> Vec<u8> {
    v[field].as_str().map(hex).unwrap_or_default()
}

/// The vector runners, on one SoC's driver alone on its model ([`Solo`]).
struct Bench<T: LockTargetSpec>(Solo<T>)
where
    T::Revision: PipeLocking;

impl<T: LockTargetSpec> Bench<T>
where
    T::Revision: PipeLocking,
{
    fn new(engine: Engine) -> Self {
        Bench(Solo::new(engine, 0x7e57))
    }

    fn skcipher(&mut self, algorithm: &str, v: &Value) -> Outcome {
        let (key, iv) = (bytes(v, "key"), bytes(v, "iv"));
        let (ptext, ctext, iv_out) = (bytes(v, "ptext"), bytes(v, "ctext"), bytes(v, "iv_out"));
        if v["setkey_error"].is_string() {
            // Only the weak DES key of `ecb(des)` (`.wk = 1`): the kernel's test asks setkey
            // to refuse it under CRYPTO_TFM_REQ_FORBID_WEAK_KEYS.
            return Outcome::Refused(
                "weak DES key the kernel asks setkey to refuse: key policy is the caller's (socgen-qce takes any 8-byte key)",
            );
        }
        let mut outcome = Outcome::Passed;
        for (direction, input, want) in [
            (Direction::Encrypt, &ptext, &ctext),
            (Direction::Decrypt, &ctext, &ptext),
        ] {
            let model = &self.0.model;
            let submitted = match algorithm {
                "ecb(aes)" | "cbc(aes)" | "ctr(aes)" => {
                    if key.len() == 24 {
                        return Outcome::Refused(
                            "AES-192: no key type; Linux's qce sends AES-192 to its software fallback too",
                        );
                    }
                    let iv16 = <[u8; 16]>::try_from(&iv[..]).unwrap_or([0; 16]);
                    let mode = match algorithm {
                        "ecb(aes)" => CipherMode::Ecb,
                        "cbc(aes)" => CipherMode::Cbc { iv: iv16 },
                        _ => CipherMode::Ctr { counter: iv16 },
                    };
                    self.0.side.cipher(model, &key, mode, direction, input)
                }
                "xts(aes)" => {
                    if key.len() == 48 {
                        return Outcome::Refused("XTS with AES-192 keys: no key type; software");
                    }
                    let tweak = <[u8; 16]>::try_from(&iv[..]).expect("16-byte tweak");
                    self.0.side.xts(model, &key, tweak, direction, input)
                }
                "ecb(des)" | "cbc(des)" | "ecb(des3_ede)" | "cbc(des3_ede)" => {
                    let mode = match <[u8; 8]>::try_from(&iv[..]) {
                        Ok(iv) => DesMode::Cbc { iv },
                        Err(_) => DesMode::Ecb,
                    };
                    self.0.side.des(model, &key, mode, direction, input)
                }
                other => return Outcome::Failed(format!("no runner for {other}")),
            };
            match self.0.finish(submitted) {
                Ok((out, result)) => {
                    if out != *want {
                        return Outcome::Failed(format!("{direction:?}: wrong output"));
                    }
                    if !iv_out.is_empty() && result.next_iv[..iv_out.len()] != iv_out[..] {
                        return Outcome::Failed(format!("{direction:?}: wrong output IV"));
                    }
                }
                Err(e) => outcome = Outcome::Failed(format!("{direction:?}: {e:?}")),
            }
        }
        outcome
    }

    /// A hash or HMAC vector: one request, and again as an update of whole blocks and a final
    /// (the kernel's self-test also splits every message into init/update/final).
    fn hash(&mut self, algorithm: &str, v: &Value) -> Outcome {
        let alg = if algorithm.ends_with("sha1") || algorithm.ends_with("sha1)") {
            HashAlg::Sha1
        } else {
            HashAlg::Sha256
        };
        let (message, digest) = (bytes(v, "plaintext"), bytes(v, "digest"));
        let key = algorithm.starts_with("hmac").then(|| bytes(v, "key"));
        if message.is_empty() {
            if key.is_some() {
                return Outcome::Refused("empty HMAC message: the BAM takes no empty transfer");
            }
            let submitted = self.0.side.hash(&self.0.model, alg, None, &message);
            let answered = self.0.finish(submitted);
            return match answered {
                Err(Error::EmptyData) if alg.empty_message_digest() == &digest[..] => {
                    Outcome::PassedWithoutEngine(
                        "empty message: Error::EmptyData, answered from HashAlg::empty_message_digest as Linux's qce answers it",
                    )
                }
                other => Outcome::Failed(format!("empty message: {other:?}")),
            };
        }
        // An HMAC key longer than the block is hashed on the engine first (RFC 2104).
        let hmac = match &key {
            Some(k) if k.len() > socgen_qce::HMAC_KEY_MAX => {
                let done = self.0.side.hmac_key(&self.0.model, alg, k);
                match self.0.finish(done).map(|(_, out)| out.hmac_key()) {
                    Ok(Some(hk)) => Some(hk),
                    other => return Outcome::Failed(format!("long key: {other:?}")),
                }
            }
            Some(k) => Some(HmacKey::new(k).expect("fits the block")),
            None => None,
        };
        // One request.
        // One request: `submit_hash` where the key fits the block, else a first-and-last part.
        let submitted = match &key {
            Some(k) if k.len() > socgen_qce::HMAC_KEY_MAX => {
                let state = HashState::hmac(alg, hmac.expect("hashed key"));
                self.0.side.hash_part(&self.0.model, &state, &message, true)
            }
            k => self.0.side.hash(&self.0.model, alg, k.as_deref(), &message),
        };
        match self.0.finish(submitted) {
            Ok((_, out)) if out.digest() == &digest[..] => {}
            other => return Outcome::Failed(format!("one request: {other:?}")),
        }
        // Update (whole blocks, the message's last byte kept back) and final.
        let split = (message.len() - 1) / 64 * 64;
        if split > 0 {
            let mut state = match hmac {
                Some(hk) => HashState::hmac(alg, hk),
                None => HashState::new(alg),
            };
            let update = self
                .0
                .side
                .hash_part(&self.0.model, &state, &message[..split], false);
            match self.0.finish(update) {
                Ok((_, out)) => {
                    if let Err(e) = state.resume(&out) {
                        return Outcome::Failed(format!("resume: {e:?}"));
                    }
                }
                Err(e) => return Outcome::Failed(format!("update: {e:?}")),
            }
            let last = self
                .0
                .side
                .hash_part(&self.0.model, &state, &message[split..], true);
            match self.0.finish(last) {
                Ok((_, out)) if out.digest() == &digest[..] => {}
                other => return Outcome::Failed(format!("update + final: {other:?}")),
            }
        }
        Outcome::Passed
    }

    /// A NIST CAVP AES-XTS record (one direction, as the file states it).
    fn cavp_xts(&mut self, v: &Value) -> Outcome {
        let (key, tweak) = (bytes(v, "key"), bytes(v, "tweak"));
        let (ptext, ctext) = (bytes(v, "ptext"), bytes(v, "ctext"));
        let tweak = <[u8; 16]>::try_from(&tweak[..]).expect("16-byte tweak");
        let (direction, input, want) = if v["encrypt"].as_bool() == Some(true) {
            (Direction::Encrypt, &ptext, &ctext)
        } else {
            (Direction::Decrypt, &ctext, &ptext)
        };
        let submitted = self
            .0
            .side
            .xts(&self.0.model, &key, tweak, direction, input);
        match self.0.finish(submitted) {
            Ok((out, _)) if out == *want => Outcome::Passed,
            other => Outcome::Failed(format!("{:?}", other.map(|(o, _)| o))),
        }
    }

    /// An AEAD vector: encrypts and decrypts it; an inauthentic one (`novrfy`, CAVP `pass`
    /// false) must fail decryption with `Error::MacMismatch`. Kernel CCM vectors carry Linux's
    /// 16-byte IV (L - 1, the nonce, the counter), RFC 4309 ones the salt after the AES key and
    /// a copy of the 8-byte IV at the end of the associated data (testmgr's `aad_iv`), authenc
    /// ones the key as `crypto_authenc_extractkeys` reads it.
    fn aead(&mut self, algorithm: &str, v: &Value) -> Outcome {
        let record = match AeadRecord::read(v) {
            Ok(record) => record,
            Err(outcome) => return outcome,
        };
        let model = &self.0.model;
        let submit = match algorithm {
            "ccm(aes)" | "rfc4309(ccm(aes))" => ccm_submit(model, algorithm, v, &record),
            a if a.starts_with("authenc") => authenc_submit(model, a, &record),
            other => return Outcome::Failed(format!("no runner for {other}")),
        };
        match submit {
            Ok(mut submit) => aead_round_trip(
                model,
                &mut self.0.side,
                &mut self.0.rng,
                &mut submit,
                &record,
            ),
            Err(outcome) => outcome,
        }
    }

    fn run(&mut self, suite: &Suite, v: &Value) -> Outcome {
        let a = suite.algorithm.as_str();
        if a.starts_with("ccm") || a.starts_with("rfc4309") || a.starts_with("authenc") {
            return self.aead(a, v);
        }
        if suite.table.starts_with("XTS/") {
            return self.cavp_xts(v);
        }
        if a.starts_with("sha") || a.starts_with("hmac") {
            return self.hash(a, v);
        }
        self.skcipher(a, v)
    }
}

/// Submits one direction of an AEAD vector.
type Submit<'a, R> =
    dyn FnMut(&mut Side<R>, AeadDirection<'_>, &[u8]) -> Result<socgen_qce::RequestId, Error> + 'a;

/// One AEAD record as its file states it, the sealed text checked to hold its tag.
struct AeadRecord {
    cavp: bool,
    key: Vec<u8>,
    assoc: Vec<u8>,
    iv: Vec<u8>,
    ptext: Vec<u8>,
    sealed: Vec<u8>,
    authentic: bool,
    tag_len: usize,
    payload_len: usize,
}

impl AeadRecord {
    fn read(v: &Value) -> Result<Self, Outcome> {
        let cavp = v.get("tlen").is_some();
        let (key, assoc, iv) = (bytes(v, "key"), bytes(v, "assoc"), bytes(v, "iv"));
        let (ptext, sealed) = (bytes(v, "ptext"), bytes(v, "ctext"));
        let authentic = if cavp {
            v["pass"].as_bool() == Some(true)
        } else {
            !(v["novrfy"].as_bool() == Some(true) || v["novrfy"].as_u64() == Some(1))
        };
        let tag_len = match v["tlen"].as_u64() {
            Some(t) => t as usize,
            None => sealed.len().saturating_sub(ptext.len()),
        };
        let Some(payload_len) = sealed.len().checked_sub(tag_len) else {
            return Err(Outcome::Failed("sealed shorter than its tag".into()));
        };
        Ok(AeadRecord {
            cavp,
            key,
            assoc,
            iv,
            ptext,
            sealed,
            authentic,
            tag_len,
            payload_len,
        })
    }

    /// The ciphertext and the tag of the sealed text.
    fn cipher_and_tag(&self) -> (&[u8], &[u8]) {
        self.sealed.split_at(self.payload_len)
    }
}

fn aes192_refused() -> Outcome {
    Outcome::Refused("AES-192: no key type; Linux's qce sends AES-192 to its software fallback too")
}

/// The submission of a CCM or RFC 4309 record: the AES key, nonce and associated data taken
/// apart as the record's kind lays them out.
fn ccm_submit<'a, R: PipeLocking>(
    model: &'a Model<R>,
    algorithm: &str,
    v: &Value,
    record: &AeadRecord,
) -> Result<Box<Submit<'a, R>>, Outcome> {
    let AeadRecord { key, assoc, iv, .. } = record;
    let (aes_key, nonce, aad, rfc4309) = if algorithm.starts_with("rfc4309") {
        let split = key.len().saturating_sub(3);
        let aad = assoc[..assoc.len().saturating_sub(8)].to_vec();
        (key[..split].to_vec(), key[split..].to_vec(), aad, true)
    } else if record.cavp {
        (key.clone(), bytes(v, "nonce"), assoc.clone(), false)
    } else {
        let l = usize::from(iv[0]) + 1;
        if !(2..=8).contains(&l) {
            return Err(Outcome::Refused("CCM IV whose L is not 2 to 8: not CCM"));
        }
        (key.clone(), iv[1..16 - l].to_vec(), assoc.clone(), false)
    };
    if aes_key.len() == 24 {
        return Err(aes192_refused());
    }
    let iv = iv.clone();
    Ok(Box::new(move |side, direction, input| {
        let nonce = if rfc4309 {
            CcmNonce::Rfc4309 {
                salt: nonce[..].try_into().expect("3-byte salt"),
                iv: iv[..].try_into().expect("8-byte IV"),
            }
        } else {
            CcmNonce::Nonce(&nonce)
        };
        side.ccm(model, &aes_key, nonce, &aad, direction, input)
    }))
}

/// The submission of an authenc record, its key taken apart as `crypto_authenc_extractkeys`
/// does.
fn authenc_submit<'a, R: PipeLocking>(
    model: &'a Model<R>,
    algorithm: &str,
    record: &AeadRecord,
) -> Result<Box<Submit<'a, R>>, Outcome> {
    let key = &record.key;
    // crypto_authenc_extractkeys: an rtattr (u16 length, u16 type, big-endian u32
    // cipher-key length), the HMAC key, the cipher key.
    let Some(len) = key.get(4..8) else {
        return Err(Outcome::Failed("short authenc key".into()));
    };
    let enc_len = u32::from_be_bytes(len.try_into().expect("4 bytes")) as usize;
    let Some(auth_end) = key.len().checked_sub(enc_len).filter(|&e| e >= 8) else {
        return Err(Outcome::Failed("authenc key lengths".into()));
    };
    let hash = if algorithm.contains("sha256") {
        HashAlg::Sha256
    } else {
        HashAlg::Sha1
    };
    let (auth_key, enc_key) = (key[8..auth_end].to_vec(), key[auth_end..].to_vec());
    let (iv, assoc) = (record.iv.clone(), record.assoc.clone());
    if iv.len() == 16 && enc_key.len() == 24 {
        return Err(aes192_refused());
    }
    Ok(Box::new(move |side, direction, input| {
        let cipher = match (iv.len(), enc_key.len()) {
            (16, 16) => AuthencCipher::Aes {
                key: AesKey::Aes128(enc_key[..].try_into().expect("16")),
                iv: iv[..].try_into().expect("16"),
            },
            (16, _) => AuthencCipher::Aes {
                key: AesKey::Aes256(enc_key[..].try_into().expect("32")),
                iv: iv[..].try_into().expect("16"),
            },
            (_, 8) => AuthencCipher::Des {
                key: DesKey::Des(enc_key[..].try_into().expect("8")),
                iv: iv[..].try_into().expect("8"),
            },
            _ => AuthencCipher::Des {
                key: DesKey::TripleDes(enc_key[..].try_into().expect("24")),
                iv: iv[..].try_into().expect("8"),
            },
        };
        side.authenc(model, hash, &auth_key, cipher, &assoc, direction, input)
    }))
}

/// Decrypts `record` through `submit` (every record, authentic or not), then encrypts it
/// again when it has a payload, and compares both with the record.
fn aead_round_trip<R: PipeLocking>(
    model: &Model<R>,
    side: &mut Side<R>,
    rng: &mut Rng,
    submit: &mut Submit<'_, R>,
    record: &AeadRecord,
) -> Outcome {
    let (cipher, tag) = record.cipher_and_tag();
    let mut run = |direction: AeadDirection<'_>, input: &[u8], rng: &mut Rng| {
        let submitted = submit(side, direction, input);
        let id = submitted?;
        drive(model, rng, &mut [&mut *side]);
        let result = side.results.get(&id).copied().unwrap_or(Err(Error::Busy));
        result.map(|out| (side.output(id), out.tag().to_vec()))
    };
    match (
        record.authentic,
        run(AeadDirection::Decrypt { tag }, cipher, rng),
    ) {
        (true, Ok((out, _))) if out == record.ptext => {}
        (false, Err(Error::MacMismatch)) => return Outcome::Passed,
        (_, Err(e)) if e != Error::MacMismatch => return Outcome::Refused(refusal(e)),
        (_, other) => {
            return Outcome::Failed(format!("decrypt: {:?}", other.map(|(o, _)| o)));
        }
    }
    if record.ptext.is_empty() {
        return Outcome::Refused(
            "empty payload: decrypted on the engine; encrypting it is Error::EmptyData, software as Linux's qce falls back",
        );
    }
    let tag_len = record.tag_len;
    match run(AeadDirection::Encrypt { tag_len }, &record.ptext, rng) {
        Ok((out, made)) if out == cipher && made == tag => Outcome::Passed,
        other => Outcome::Failed(format!("encrypt: {other:?}")),
    }
}

/// The reason a refused AEAD vector names, from the driver's typed error.
fn refusal(e: Error) -> &'static str {
    match e {
        Error::CcmTagLength { .. } => {
            "CCM tag length RFC 3610 does not allow (Error::CcmTagLength)"
        }
        Error::CcmNonceLength { .. } => {
            "CCM nonce length RFC 3610 does not allow (Error::CcmNonceLength)"
        }
        Error::Rfc4309AadLength { .. } => {
            "RFC 4309 associated data other than the 8- or 12-byte ESP header (Error::Rfc4309AadLength), as Linux's crypto_ipsec_check_assoclen refuses it"
        }
        Error::AadTooLong { .. } => "associated data beyond AAD_MAX (Error::AadTooLong): software",
        Error::EmptyData => "empty payload (Error::EmptyData): software, as Linux's qce falls back",
        Error::PartialBlock { .. } | Error::PartialDesBlock { .. } => {
            "not whole cipher blocks (Error::PartialBlock/PartialDesBlock)"
        }
        Error::AuthencTagLength { .. } => {
            "authenc tag longer than the digest (Error::AuthencTagLength)"
        }
        Error::HmacKeyTooLong { .. } => {
            "authenc HMAC key longer than the block (Error::HmacKeyTooLong): hash it first, Linux refuses it"
        }
        _ => "other driver error",
    }
}

/// Outcomes of every vector of `suites` on target `T`, per suite, in file order.
fn outcomes<T: LockTargetSpec>(engine: Engine, suites: &[Suite]) -> Vec<Vec<Outcome>>
where
    T::Revision: PipeLocking,
{
    let mut bench = Bench::<T>::new(engine);
    let all = suites
        .iter()
        .map(|s| s.vectors.iter().map(|v| bench.run(s, v)).collect())
        .collect();
    assert_eq!(bench.0.model.lock_holder(), None, "{}", T::TARGET.soc);
    assert!(bench.0.side.reported_once_in_order(), "{}", T::TARGET.soc);
    all
}

#[derive(Default)]
struct Tally {
    vectors: usize,
    passed: usize,
    failed: usize,
    refused: usize,
    notes: BTreeMap<&'static str, usize>,
}

fn render(sources: &[(String, String)], rows: &[(String, String, Tally)]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# QCE test vectors: the kernel's self-tests and NIST CAVP\n\n\
         Generated by `{BLESS}`; a test fails when this file differs from a fresh run.\n\n\
         Every vector runs through `socgen-qce`, the locked BAM driver and the simulator of BAM and\n\
         crypto engine, in both directions (a NIST record in the direction it states), on\n\
         sm8550, msm8996 and ipq4019; the three give the same outcome for every vector. A hash\n\
         runs as one request and again as an update of whole blocks plus a final. Data:\n\
         `tests/data/kernel-vectors/`, converted by `scripts/kernel-vectors.py`.\n"
    );
    for (file, source) in sources {
        let _ = writeln!(out, "- `{file}`: {source}.");
    }
    let _ = writeln!(
        out,
        "\n| Algorithm | Table | Vectors | Passed | Failed | Refused |\n|---|---|---:|---:|---:|---:|"
    );
    let mut total = Tally::default();
    for (alg, table, t) in rows {
        let _ = writeln!(
            out,
            "| `{alg}` | `{table}` | {} | {} | {} | {} |",
            t.vectors, t.passed, t.failed, t.refused
        );
        total.vectors += t.vectors;
        total.passed += t.passed;
        total.failed += t.failed;
        total.refused += t.refused;
    }
    let _ = writeln!(
        out,
        "| **all** | | **{}** | **{}** | **{}** | **{}** |",
        total.vectors, total.passed, total.failed, total.refused
    );
    let _ = writeln!(
        out,
        "\n## Refusals and answers without the engine\n\n| Algorithm | Table | Vectors | Why |\n|---|---|---:|---|"
    );
    for (alg, table, t) in rows {
        for (why, n) in &t.notes {
            let _ = writeln!(out, "| `{alg}` | `{table}` | {n} | {why} |");
        }
    }
    out
}

#[test]
fn kernel_and_nist_vectors_through_the_driver() {
    let mut sources = Vec::new();
    let mut suites = Vec::new();
    for file in ["linux-testmgr.json", "nist-cavp.json"] {
        let (source, s) = load(file);
        sources.push((file.to_string(), source));
        suites.extend(s);
    }
    let runs = [
        ("sm8550", outcomes::<sm8550::Lock>(engine!(sm8550), &suites)),
        (
            "msm8996",
            outcomes::<msm8996::Lock>(engine!(msm8996), &suites),
        ),
        (
            "ipq4019",
            outcomes::<ipq4019::Lock>(engine!(ipq4019), &suites),
        ),
    ];
    let mut failures = Vec::new();
    let mut rows = Vec::new();
    for (i, suite) in suites.iter().enumerate() {
        let mut t = Tally::default();
        for (j, outcome) in runs[0].1[i].iter().enumerate() {
            for (soc, other) in &runs[1..] {
                if other[i][j] != *outcome {
                    failures.push(format!(
                        "{} {} #{j}: {} gives {:?}, {soc} {:?}",
                        suite.algorithm, suite.table, runs[0].0, outcome, other[i][j]
                    ));
                }
            }
            t.vectors += 1;
            match outcome {
                Outcome::Passed => t.passed += 1,
                Outcome::PassedWithoutEngine(why) => {
                    t.passed += 1;
                    *t.notes.entry(why).or_default() += 1;
                }
                Outcome::Refused(why) => {
                    t.refused += 1;
                    *t.notes.entry(why).or_default() += 1;
                }
                Outcome::Failed(what) => {
                    t.failed += 1;
                    failures.push(format!("{} {} #{j}: {what}", suite.algorithm, suite.table));
                }
            }
        }
        rows.push((suite.algorithm.clone(), suite.table.clone(), t));
    }
    let fresh = render(&sources, &rows);
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .join(TABLE);
    if std::env::var_os("SOCGEN_BLESS").is_some() {
        std::fs::write(&path, &fresh).expect("write the table");
    }
    assert!(
        failures.is_empty(),
        "{} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        fresh == committed,
        "{TABLE} is out of date: refresh it with `{BLESS}` and commit it"
    );
}

/// The tally is not vacuous: a vector with one flipped output bit fails, and on every SoC.
#[test]
fn a_wrong_expected_value_fails() {
    let (_, suites) = load("linux-testmgr.json");
    let mut suite = suites
        .into_iter()
        .find(|s| s.algorithm == "cbc(aes)")
        .expect("cbc(aes) suite");
    let first = &mut suite.vectors[0];
    let mut ctext = bytes(first, "ctext");
    ctext[3] ^= 0x10;
    first["ctext"] = Value::String(ctext.iter().map(|b| format!("{b:02x}")).collect());
    let mut bench = Bench::<sm8550::Lock>::new(engine!(sm8550));
    assert!(matches!(
        bench.run(&suite, &suite.vectors[0]),
        Outcome::Failed(_)
    ));
    let mut sha = load("linux-testmgr.json")
        .1
        .into_iter()
        .find(|s| s.algorithm == "sha256")
        .expect("sha256 suite");
    let last = sha.vectors.last_mut().expect("a vector");
    last["digest"] = Value::String("00".repeat(32));
    let v = sha.vectors.last().expect("a vector").clone();
    assert!(matches!(bench.run(&sha, &v), Outcome::Failed(_)));
    // An AEAD vector with one flipped tag bit: the engine's MAC check fails it.
    for algorithm in ["rfc4309(ccm(aes))", "authenc(hmac(sha256),cbc(aes))"] {
        let mut aead = load("linux-testmgr.json")
            .1
            .into_iter()
            .find(|s| s.algorithm == algorithm)
            .expect("AEAD suite");
        let first = &mut aead.vectors[0];
        let mut ctext = bytes(first, "ctext");
        *ctext.last_mut().expect("a tag") ^= 1;
        first["ctext"] = Value::String(ctext.iter().map(|b| format!("{b:02x}")).collect());
        let v = aead.vectors[0].clone();
        assert!(
            matches!(bench.run(&aead, &v), Outcome::Failed(_)),
            "{algorithm}"
        );
    }
}
