//! The C headers compile warning-free as C11 and their macros equal the model's numbers
//! (each SoC's generated `_Static_assert` program is compiled with gcc).

mod common;

use std::path::{Path, PathBuf};

#[test]
fn every_socs_headers_compile_and_assert_the_model() {
    let checked = socgen::check(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs")]);
    let model = checked.model.expect("valid catalogue");
    let dir: PathBuf = std::env::temp_dir().join(format!("socgen-c-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let mut asserts = 0;
    for soc in &model.socs {
        for (name, text) in socgen::emit::c::files(&model, soc) {
            asserts += text.matches("_Static_assert(").count();
            std::fs::write(dir.join(&name), text).expect("write");
        }
        if let Err(stderr) = common::gcc_compiles_test_program(&dir, &soc.name) {
            panic!("{}: {stderr}", soc.name);
        }
    }
    assert!(asserts > 1000, "{asserts} compile-time checks");
    let sm8550 = std::fs::read_to_string(dir.join("sm8550.h")).expect("header");
    assert!(
        sm8550.contains("#define SM8550_LOCK_SCRATCHPAD_CE_ADDR 0x3a000"),
        "{sm8550}"
    );
    assert!(sm8550.contains("#define SM8550_LOCK_GROUP 2"), "{sm8550}");
    assert!(
        sm8550.contains("#define SM8550_LOCK_CE_REFERENCE 0x1dc0000ULL"),
        "{sm8550}"
    );
    let old = std::fs::read_to_string(dir.join("bam_v1_4_0.h")).expect("header");
    assert!(
        old.contains("#define BAM_V1_4_0_CE_READ_DEST_BITS 32"),
        "{old}"
    );
    let bam = std::fs::read_to_string(dir.join("bam_v1_7_0.h")).expect("header");
    assert!(
        bam.contains("#define BAM_V1_7_0_CE_READ_DEST_BITS 36"),
        "{bam}"
    );
    assert!(
        bam.contains("#define BAM_V1_7_0_CE_READ_WORD2(dest) ((unsigned int)(((unsigned long long)(dest) >> 32) & 0xfU))"),
        "{bam}"
    );
    assert!(
        bam.contains("#define BAM_V1_7_0_P_CTRL(pipe) (0x13000 + (pipe) * 0x1000)"),
        "{bam}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn c_output_is_deterministic() {
    let checked = socgen::check(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs")]);
    let model = checked.model.expect("valid catalogue");
    for soc in &model.socs {
        assert_eq!(
            socgen::emit::c::files(&model, soc),
            socgen::emit::c::files(&model, soc)
        );
    }
}
