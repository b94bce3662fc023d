//! The unaligned test SoC (`tests/data/unaligned`): its crypto wrapper sits at 0x1c98000, which
//! is not 256 KiB aligned (SDX75's QPIC base, the case upstream commit ee000969f28b names), so
//! `wrapper_offset18` and `bam_offset18` disagree. Every output must use the wrapper offset.

mod common;

use socgen::model::{AddressMode, Model};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/unaligned")
}

fn model() -> Model {
    let checked = socgen::check(&[data()]);
    // Its wrap lock with a read dummy warns W0310 and W0311; nothing else may.
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| d.code.is_lock_evidence()),
        "{}",
        checked.render(false)
    );
    checked.model.expect("valid")
}

#[test]
fn the_scratchpad_is_addressed_from_the_wrapper() {
    let model = model();
    let soc = model.soc("unaligned").expect("soc");
    let lock = soc.lock.as_ref().expect("lock");
    assert_eq!(
        lock.address_mode,
        AddressMode::WrapperOffset18 {
            wrapper_base: 0x1c9_8000
        }
    );
    // VERSION at 0x1cd2000 is 0x3a000 into the wrapper; its low 18 bits would be 0x12000.
    assert_eq!(lock.scratchpad_ce_address, 0x3a000);
    assert_ne!(0x1cd_2000u64 & 0x3_ffff, 0x3a000);
    let crypto = soc.instance("crypto").expect("crypto");
    assert_eq!(crypto.ce_base, Some(0x3a000));
    assert_eq!(lock.address_mode.reference(0x1c9_c000), Some(0x1c9_8000));
    // The wrapper is a graded fact the setup rests on.
    assert!(
        lock.facts
            .iter()
            .any(|f| f.subject == socgen::model::FactSubject::Wrapper
                && f.statement.contains("0x1c98000")),
        "{:?}",
        lock.facts
    );
}

#[test]
fn the_c_header_says_the_same_and_compiles() {
    let model = model();
    let soc = model.soc("unaligned").expect("soc");
    let files = socgen::emit::c::files(&model, soc);
    let header = &files
        .iter()
        .find(|(n, _)| n == "unaligned.h")
        .expect("header")
        .1;
    for needle in [
        "#define UNALIGNED_LOCK_SCRATCHPAD_CE_ADDR 0x3a000 /* crypto.VERSION, wrapper_offset18 */",
        "#define UNALIGNED_LOCK_WRAPPER_BASE 0x1c98000ULL",
        "#define UNALIGNED_LOCK_CE_REFERENCE 0x1c98000ULL",
        "#define UNALIGNED_CRYPTO_CE_BASE 0x3a000",
        "#define UNALIGNED_LOCK_GROUP 2",
    ] {
        assert!(header.contains(needle), "{needle} in\n{header}");
    }
    let dir = std::env::temp_dir().join(format!("socgen-unaligned-c-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).expect("write");
    }
    if let Err(stderr) = common::gcc_compiles_test_program(&dir, "unaligned") {
        panic!("{stderr}");
    }
    let test = &files
        .iter()
        .find(|(n, _)| n == "test_unaligned.c")
        .expect("test")
        .1;
    assert!(
        test.contains("UNALIGNED_LOCK_WRAPPER_BASE == 0x1c98000ULL"),
        "{test}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_docs_say_the_same() {
    let model = model();
    let soc = model.soc("unaligned").expect("soc");
    let md = socgen::emit::docs::markdown(&model, soc);
    let html = socgen::emit::docs::html(&model, soc);
    assert!(
        md.contains("| command-element address | `0x3a000`: wrapper_offset18: a command element carries the register's offset from the named wrapper base 0x1c98000"),
        "{md}"
    );
    assert!(html.contains("<span class=\"mono\">0x3a000</span> &mdash; wrapper_offset18"));
    assert!(md.contains("command elements at `0x3a000`"), "{md}");
    assert!(md.contains("| `wrapper` | **documented** |"), "{md}");
}

#[test]
fn bam_offset18_is_refused_for_the_same_soc() {
    let text = std::fs::read_to_string(data().join("unaligned.yaml")).expect("read");
    let start = text.find("  wrapper:\n").expect("wrapper");
    let end = text[start..].find("  rationale:").expect("rationale") + start;
    let edited = format!("{}{}", &text[..start], &text[end..]).replace(
        "address_mode: wrapper_offset18",
        "address_mode: bam_offset18",
    );
    let dir = std::env::temp_dir().join(format!("socgen-unaligned-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let socs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs");
    for f in [
        "blocks/qce/v5.yaml",
        "blocks/bam/v1.7.0.yaml",
        "blocks/bam/shared/registers.yaml",
    ] {
        std::fs::create_dir_all(dir.join(f).parent().expect("dir")).expect("mkdir");
        std::fs::copy(socs.join(f), dir.join(f)).expect("copy");
    }
    std::fs::write(dir.join("unaligned.yaml"), edited).expect("write");
    let checked = socgen::check(std::slice::from_ref(&dir));
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(
        !codes.is_empty() && codes.iter().all(|c| *c == "E0304"),
        "{}",
        checked.render(false)
    );
    // The engine is 0x52000 past the BAM's 256 KiB block at 0x1c80000: beyond 18 bits.
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.message.contains("0x52000") && d.message.contains("0x1c80000")),
        "{}",
        checked.render(false)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn socgen_check_passes() {
    let out = Command::new(env!("CARGO_BIN_EXE_socgen"))
        .arg("check")
        .arg(data())
        .output()
        .expect("run socgen");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ok: 1 SoC(s)"), "{err}");
}
