//! The kernel's own crypto self-test vectors (Linux `crypto/testmgr.h`, every table of every
//! algorithm Linux's qce driver registers) and NIST CAVP vectors for AES-XTS and AES-CCM, run
//! through the QCE driver, the locked BAM driver and the model on three SoCs (sm8550,
//! msm8996, ipq4019), in both directions. The values live in `tests/data/kernel-vectors/`,
//! converted by `scripts/kernel-vectors.py` (which names where the inputs come from).
//!
//! Every vector ends as passed, failed or refused, and a refusal names its reason; the
//! tally is `docs/QCE-VECTORS.md`, which must equal a fresh run (refresh it with
//! `SOCGEN_BLESS=1 cargo test -p socgen-tests --test qce_kernel_vectors`). No vector may
//! fail, and the three SoCs must agree on every outcome.

mod common;

use common::{Engine, Side, drive, hex, model};
use qcom_socs::{ipq4019, msm8996, sm8550};
use serde_json::Value;
use socgen_model::Rng;
use socgen_qce::{CipherMode, DesMode, Direction, Error, HashAlg, HashState, HmacKey};
use socgen_runtime::bam::{LockTargetSpec, PipeLocking};
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

/// One SoC's driver on its model, with a helper per request kind that runs a request to its
/// end and returns what the driver reported.
struct Bench<T: LockTargetSpec>
where
    T::Revision: PipeLocking,
{
    model: socgen_model::Model<T::Revision>,
    side: Side<T::Revision>,
    rng: Rng,
}

impl<T: LockTargetSpec> Bench<T>
where
    T::Revision: PipeLocking,
{
    fn new(engine: Engine) -> Self {
        let model = model::<T>(engine, false, true);
        let side = Side::new::<T>(&model, engine, 4096);
        Bench {
            model,
            side,
            rng: Rng::new(0x7e57),
        }
    }

    /// Runs a submitted request; its output bytes and what the driver reported.
    fn finish(
        &mut self,
        submitted: Result<socgen_qce::RequestId, Error>,
    ) -> Result<(Vec<u8>, socgen_qce::Output), Error> {
        let id = submitted?;
        drive(&self.model, &mut self.rng, &mut [&mut self.side]);
        let result = self
            .side
            .results
            .get(&id)
            .copied()
            .unwrap_or(Err(Error::Busy));
        result.map(|out| (self.side.output(id), out))
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
            let model = &self.model;
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
                    self.side.cipher(model, &key, mode, direction, input)
                }
                "xts(aes)" => {
                    if key.len() == 48 {
                        return Outcome::Refused("XTS with AES-192 keys: no key type; software");
                    }
                    let tweak = <[u8; 16]>::try_from(&iv[..]).expect("16-byte tweak");
                    self.side.xts(model, &key, tweak, direction, input)
                }
                "ecb(des)" | "cbc(des)" | "ecb(des3_ede)" | "cbc(des3_ede)" => {
                    let mode = match <[u8; 8]>::try_from(&iv[..]) {
                        Ok(iv) => DesMode::Cbc { iv },
                        Err(_) => DesMode::Ecb,
                    };
                    self.side.des(model, &key, mode, direction, input)
                }
                other => return Outcome::Failed(format!("no runner for {other}")),
            };
            match self.finish(submitted) {
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
            let submitted = self.side.hash(&self.model, alg, None, &message);
            let answered = self.finish(submitted);
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
                let done = self.side.hmac_key(&self.model, alg, k);
                match self.finish(done).map(|(_, out)| out.hmac_key()) {
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
                self.side.hash_part(&self.model, &state, &message, true)
            }
            k => self.side.hash(&self.model, alg, k.as_deref(), &message),
        };
        match self.finish(submitted) {
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
                .side
                .hash_part(&self.model, &state, &message[..split], false);
            match self.finish(update) {
                Ok((_, out)) => {
                    if let Err(e) = state.resume(&out) {
                        return Outcome::Failed(format!("resume: {e:?}"));
                    }
                }
                Err(e) => return Outcome::Failed(format!("update: {e:?}")),
            }
            let last = self
                .side
                .hash_part(&self.model, &state, &message[split..], true);
            match self.finish(last) {
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
        let submitted = self.side.xts(&self.model, &key, tweak, direction, input);
        match self.finish(submitted) {
            Ok((out, _)) if out == *want => Outcome::Passed,
            other => Outcome::Failed(format!("{:?}", other.map(|(o, _)| o))),
        }
    }

    fn run(&mut self, suite: &Suite, v: &Value) -> Outcome {
        let a = suite.algorithm.as_str();
        if a.starts_with("ccm") || a.starts_with("rfc4309") || a.starts_with("authenc") {
            return Outcome::Refused("AEAD: not offered by socgen-qce yet");
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
    assert_eq!(bench.model.lock_holder(), None, "{}", T::TARGET.soc);
    assert!(bench.side.reported_once_in_order(), "{}", T::TARGET.soc);
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
         Every vector runs through `socgen-qce`, the locked BAM driver and the model of BAM and\n\
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
}
