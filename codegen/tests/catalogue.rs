//! The bundled catalogue in `socs/`: clean, complete, and its model stable.

use std::path::PathBuf;

fn socs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../socs")
}

fn model() -> socgen::model::Model {
    let checked = socgen::check(&[socs()]);
    // No bundled lock setup is unsafe under a hardware variant its evidence leaves open
    // (W0310-W0314; each SoC's choice is explained by its row in docs/HARDWARE-MATRIX.md).
    let unsafe_locks: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.is_lock_evidence())
        .map(|d| d.render(&checked.loaded.sources, false))
        .collect();
    assert!(
        unsafe_locks.is_empty(),
        "a bundled SoC's lock setup is unsafe under an open variant:\n{}",
        unsafe_locks.join("\n")
    );
    // Device-tree facts disagree upstream (a window smaller than num-channels implies);
    // they stay as written and are reported, nothing else may be.
    let got: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| !d.code.is_lock_evidence())
        .map(|d| {
            format!(
                "{} {}",
                d.code.as_str(),
                d.position(&checked.loaded.sources)
            )
        })
        .collect();
    let root = socs();
    // (soc, line of its `num_channels:`), in the order check reports them.
    let want: Vec<String> = [
        ("apq8094", 17),
        ("apq8094", 29),
        ("ipq9574", 14),
        ("msm8992", 18),
        ("msm8992", 30),
        ("msm8994", 17),
        ("msm8994", 29),
        ("sc7280", 34),
        ("sda660", 18),
        ("sda660", 30),
        ("sdm630", 17),
        ("sdm630", 29),
        ("sdm636", 18),
        ("sdm636", 30),
        ("sdm660", 18),
        ("sdm660", 30),
    ]
    .iter()
    .map(|(soc, line)| {
        format!(
            "W0203 {}:{line}:19",
            root.join(format!("{soc}.yaml")).display()
        )
    })
    .collect();
    assert_eq!(got, want, "{}", checked.render(false));
    let model = checked.model.expect("model");
    // Every SoC file is in the model: lowering drops none that validation accepted.
    let loaded: Vec<&str> = checked
        .loaded
        .socs
        .iter()
        .map(|s| s.syntax.soc.value.as_str())
        .collect();
    let lowered: Vec<&str> = model.socs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(loaded.len(), lowered.len(), "{loaded:?} vs {lowered:?}");
    for name in &loaded {
        assert!(lowered.contains(name), "lowering dropped `{name}`");
    }
    model
}

#[test]
fn bundled_catalogue_has_the_promised_socs_and_blocks() {
    let model = model();
    let socs: Vec<&str> = model.socs.iter().map(|s| s.name.as_str()).collect();
    let every = [
        "apq8016", "apq8026", "apq8064", "apq8074", "apq8094", "ipq4019", "ipq5018", "ipq5332",
        "ipq5424", "ipq6018", "ipq8064", "ipq8074", "ipq9574", "mdm9615", "msm8226", "msm8916",
        "msm8917", "msm8929", "msm8937", "msm8939", "msm8953", "msm8956", "msm8960", "msm8974",
        "msm8976", "msm8992", "msm8994", "msm8996", "msm8998", "qcm2290", "qcs404", "qcs8300",
        "sa8155p", "sa8775p", "sc7280", "sda660", "sdm450", "sdm630", "sdm632", "sdm636", "sdm660",
        "sdm845", "sdx55", "sdx65", "sdx75", "sm4250", "sm6115", "sm6150", "sm6350", "sm7225",
        "sm8150", "sm8250", "sm8350", "sm8450", "sm8550", "sm8650", "sm8750", "x1e80100",
        "x1p42100",
    ];
    assert_eq!(socs, every);
    let blocks: Vec<String> = model.blocks.iter().map(|b| b.id()).collect();
    for block in ["bam@v1.3.0", "bam@v1.4.0", "bam@v1.7.0", "qce@v5"] {
        assert!(
            blocks.iter().any(|b| b == block),
            "{block} missing from {blocks:?}"
        );
    }
}

#[test]
fn every_crypto_soc_locks_its_crypto_rx_pipe_with_a_safe_dummy() {
    for soc in &model().socs {
        let Some(crypto) = soc.instance("crypto") else {
            continue;
        };
        let lock = soc
            .lock
            .as_ref()
            .unwrap_or_else(|| panic!("{} has crypto but no lock", soc.name));
        let dma = crypto.dma.as_ref().expect("crypto has DMA wiring");
        assert_eq!(
            lock.pipe, dma.rx,
            "{}: lock the pipe that carries commands",
            soc.name
        );
        assert_eq!(lock.tx_pipe, Some(dma.tx));
        // VERSION is read-only but not declared write-ignored: only a read is safe.
        assert_eq!(lock.dummy, socgen::model::DummyAccess::Read, "{}", soc.name);
    }
}

#[test]
fn bam_revisions_lock_as_their_sources_say() {
    let model = model();
    let locking = |rev: &str| {
        model
            .blocks
            .iter()
            .find(|b| b.name == "bam" && b.revision == rev)
            .and_then(|b| b.pipe_locking.as_ref())
            .map(|f| f.value)
    };
    assert_eq!(locking("v1.3.0"), Some(false));
    assert_eq!(locking("v1.4.0"), Some(true));
    assert_eq!(locking("v1.7.0"), Some(true));
}

#[test]
fn model_dump_is_stable() {
    let first = format!("{:#?}", model());
    let second = format!("{:#?}", model());
    assert_eq!(first, second, "loading twice gives the same model");
    insta::assert_snapshot!("catalogue_model", first);
}

/// A copy of the bundled BAM v1.3.0 (the revision that leaves `P_WRITE_NWD` and `P_LOCK_GROUP`
/// out) and its catalogue in a fresh root, `v1.3.0.yaml` passed through `edit`; the codes and
/// messages of what `socgen check` reports.
fn check_v1_3(name: &str, edit: impl Fn(String) -> String) -> Vec<(String, String)> {
    let root = std::env::temp_dir().join(format!("socgen-catalogue-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for f in ["blocks/bam/v1.3.0.yaml", "blocks/bam/shared/registers.yaml"] {
        std::fs::create_dir_all(root.join(f).parent().expect("dir")).expect("mkdir");
        let text = std::fs::read_to_string(socs().join(f)).expect("read");
        let text = if f.ends_with("v1.3.0.yaml") {
            edit(text)
        } else {
            text
        };
        std::fs::write(root.join(f), text).expect("write");
    }
    let checked = socgen::check(std::slice::from_ref(&root));
    let _ = std::fs::remove_dir_all(&root);
    checked
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str().to_string(), d.message.clone()))
        .collect()
}

#[test]
fn the_lock_group_field_is_required_only_of_revisions_that_lock() {
    // As bundled: no pipe locking, no P_LOCK_GROUP, nothing to report.
    assert_eq!(check_v1_3("as-bundled", |t| t), []);
    // The same revision claiming pipe locking: the driver would program the lock group, so the
    // field is missing (E0115 for the capability, E0117 for the driver, with the reason).
    let got = check_v1_3("locking", |t| {
        t.replacen("pipe_locking: false", "pipe_locking: true", 1)
    });
    let codes: Vec<&str> = got.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["E0115", "E0117"], "{got:?}");
    let e0117 = &got[1].1;
    assert!(
        e0117.contains("P_LOCK_GROUP") && e0117.contains("revision with pipe locking"),
        "{e0117}"
    );
}

#[test]
fn a_field_left_out_twice_is_a_duplicate_name() {
    let got = check_v1_3("twice", |t| {
        t.replacen(
            "without_fields: [P_WRITE_NWD, P_LOCK_GROUP]",
            "without_fields: [P_WRITE_NWD, P_LOCK_GROUP, P_WRITE_NWD]",
            1,
        )
    });
    let codes: Vec<&str> = got.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["E0101"], "{got:?}");
    assert!(
        got[0]
            .1
            .contains("`P_WRITE_NWD` is left out of `P_CTRL` twice")
    );
}

/// BAM v1.3.0 has neither `P_WRITE_NWD` nor `P_LOCK_GROUP` (vendor bam.c's legacy field list;
/// `without_fields:` in `v1.3.0.yaml`): no output for a SoC built on it names them, while
/// v1.4.0 keeps both.
#[test]
fn v1_3_0_p_ctrl_has_neither_nwd_nor_lock_group_in_any_output() {
    let model = model();
    let soc = |name: &str| {
        model
            .socs
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("{name} is bundled"))
    };
    let outputs = |name: &str| -> Vec<(String, String)> {
        let soc = soc(name);
        let mut out = socgen::emit::c::files(&model, soc);
        out.push((
            "svd".into(),
            socgen::emit::svd::generate(&model, soc).expect("svd"),
        ));
        out.extend(socgen::emit::docs::markdown_files(&model, soc));
        out
    };
    // apq8064 instantiates BAM v1.3.0 only, and no lock section.
    for (file, text) in outputs("apq8064") {
        for field in ["P_WRITE_NWD", "P_LOCK_GROUP", "p_write_nwd", "p_lock_group"] {
            assert!(!text.contains(field), "{field} in apq8064's {file}");
        }
    }
    // msm8974's BAMs are v1.4.0: both fields are there.
    let all: String = outputs("msm8974").into_iter().map(|(_, t)| t).collect();
    assert!(all.contains("P_WRITE_NWD") && all.contains("P_LOCK_GROUP"));
    // Rust: v1.3.0's own PCtrl has no accessor for either; v1.4.0's is the catalogue's.
    let rust = socgen::emit::rust::generate(&model, &Default::default());
    let v1_3 = &rust[rust.find("pub mod v1_3_0 {").expect("v1_3_0")
        ..rust.find("pub mod v1_4_0 {").expect("v1_4_0")];
    assert!(
        v1_3.contains("pub struct PCtrl(u32)"),
        "v1.3.0 has its own PCtrl"
    );
    for method in ["fn p_write_nwd", "fn p_lock_group", "fn with_p_lock_group"] {
        assert!(!v1_3.contains(method), "{method} in v1.3.0's Rust");
    }
}

/// README's "Bundled SoCs" table has one row per SoC file, as `socs/` says it: description,
/// BAM instances, the locked crypto rx pipe and the family's other root compatibles.
#[test]
fn readme_lists_every_bundled_soc() {
    let checked = socgen::check(&[socs()]);
    let model = checked.model.as_ref().expect("model");
    let want: Vec<String> = model
        .socs
        .iter()
        .map(|soc| {
            let bams = soc
                .instances
                .iter()
                .filter(|i| model.blocks[i.block].name == "bam")
                .count();
            let lock = soc
                .lock
                .as_ref()
                .map_or("-".to_string(), |l| format!("pipe {}", l.pipe));
            let family: Vec<String> = checked
                .loaded
                .socs
                .iter()
                .filter(|s| s.syntax.soc.value == soc.name)
                .flat_map(|s| s.syntax.also_compatible.iter())
                .map(|c| format!("`{}`", c.value))
                .collect();
            let family = if family.is_empty() {
                "-".to_string()
            } else {
                family.join(", ")
            };
            format!(
                "| `{}` | {} | {bams} | {lock} | {family} |",
                soc.name, soc.description
            )
        })
        .collect();
    let readme = std::fs::read_to_string(socs().join("../README.md")).expect("README.md");
    let section = readme
        .split_once("## Bundled SoCs\n")
        .expect("README has a Bundled SoCs section")
        .1;
    let section = section.split("\n## ").next().unwrap_or(section);
    let got: Vec<&str> = section.lines().filter(|l| l.starts_with("| `")).collect();
    assert_eq!(got, want, "README.md's Bundled SoCs table and socs/ differ");
}
