//! The validator lets an `unlock:` element write a crypto-engine register only if every request
//! of socgen's QCE driver writes that register again before its `GOPROC` (E0317, the list
//! `socgen::analyze::risk::ClientShapes::QCE.rewritten_before_go`). This holds the list to the driver's
//! programs: every register it names is written, before `GOPROC`, by every kind of request.

use qcom_socs::sm8550;
use socgen::analyze::risk::ClientShapes;
use socgen_qce::{
    AesKey, CipherMode, CipherRequest, Direction, HashAlg, HashRequest, PipePair, Program,
};
use socgen_runtime::CeCommand;
use std::path::Path;

/// The QCE v5 register offsets by name, from the bundled catalogue.
fn qce_offsets() -> Vec<(String, u32)> {
    let socs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs");
    let checked = socgen::check(&[socs]);
    let model = checked.model.expect("the bundled catalogue checks");
    let block = model
        .blocks
        .iter()
        .find(|b| b.name == "qce")
        .expect("a qce block");
    block
        .registers
        .iter()
        .map(|r| (r.name.clone(), r.offset))
        .collect()
}

fn programs() -> Vec<(&'static str, Program)> {
    let commands = sm8550::crypto::COMMANDS;
    let pair = PipePair::new(2).expect("pair 2");
    let key = [7u8; 32];
    let cipher = |mode| CipherRequest {
        key: AesKey::Aes256(&key),
        mode,
        direction: Direction::Encrypt,
        src: 0x1000_0000,
        dst: 0x2000_0000,
        len: 64,
    };
    let hash = |alg, hmac_key| HashRequest {
        alg,
        hmac_key,
        src: 0x1000_0000,
        len: 3,
    };
    let program = |name, p: Result<Program, socgen_qce::Error>| (name, p.expect(name));
    vec![
        program(
            "AES-ECB",
            Program::cipher(commands, pair, &cipher(CipherMode::Ecb)),
        ),
        program(
            "AES-CBC",
            Program::cipher(commands, pair, &cipher(CipherMode::Cbc { iv: [1; 16] })),
        ),
        program(
            "AES-CTR",
            Program::cipher(
                commands,
                pair,
                &cipher(CipherMode::Ctr { counter: [2; 16] }),
            ),
        ),
        program(
            "SHA-1",
            Program::hash(commands, pair, &hash(HashAlg::Sha1, None)),
        ),
        program(
            "SHA-256",
            Program::hash(commands, pair, &hash(HashAlg::Sha256, None)),
        ),
        program(
            "HMAC-SHA-256",
            Program::hash(commands, pair, &hash(HashAlg::Sha256, Some(b"key"))),
        ),
    ]
}

#[test]
fn every_request_writes_the_rewritten_registers_before_its_go() {
    let offsets = qce_offsets();
    let offset = |name: &str| {
        offsets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, o)| *o)
            .unwrap_or_else(|| panic!("QCE v5 has no register {name}"))
    };
    let base = sm8550::crypto::COMMANDS.base().get();
    let goproc = offset("GOPROC");
    let rewritten = ClientShapes::QCE.rewritten_before_go;
    assert!(
        rewritten.contains(&"CONFIG"),
        "vendor qce50's unlock element"
    );
    assert!(
        !rewritten.contains(&"GOPROC"),
        "a write there starts an operation"
    );
    for (name, program) in programs() {
        let writes: Vec<u32> = program
            .elements()
            .iter()
            .filter(|e| e.command() == CeCommand::Write)
            .map(|e| e.address().get() - base)
            .collect();
        let go = writes
            .iter()
            .position(|&o| o == goproc)
            .unwrap_or_else(|| panic!("{name}: no GOPROC"));
        for register in rewritten {
            assert!(
                writes[..go].contains(&offset(register)),
                "{name} does not write {register} before GOPROC"
            );
        }
    }
}
