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
    // Two device-tree facts disagree upstream (a window smaller than num-channels implies);
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
    let want = [
        format!("W0203 {}:14:19", root.join("ipq9574.yaml").display()),
        format!("W0203 {}:34:19", root.join("sc7280.yaml").display()),
    ];
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
        "apq8064", "ipq4019", "ipq6018", "ipq8074", "ipq9574", "msm8916", "msm8974", "msm8996",
        "qcm2290", "sc7280", "sdm845", "sm6115", "sm8150", "sm8250", "sm8350", "sm8450", "sm8550",
        "sm8650",
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
        assert_eq!(lock.dummy, socgen::model::Dummy::Read, "{}", soc.name);
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
