//! `import --dtb` and `--lang dts`: drafts from the test blobs in `codegen/tests/dts/`, from
//! socgen's own DTS output (YAML -> DTS -> DTB -> YAML) and from downstream crypto nodes. Test
//! blobs are compiled with `dtc -@` (Debian package `device-tree-compiler`).

#[path = "common/dt.rs"]
mod shared;

use shared::{catalogue, compile, dtc, repo, socs, temp};
use socgen::model::{Instance, Model, Soc};
use std::path::{Path, PathBuf};

/// The facts of an instance that a device tree carries, with the DMA controller by name.
fn facts(model: &Model, soc: &Soc, i: &Instance) -> String {
    format!(
        "{} {} base {:#x} size {:#x} compatible {:?} ee {:?} num_channels {:?} num_ees {:?} \
         controlled_remotely {} powered_remotely {} enabled {} dma {:?}",
        i.name,
        model.block_of(i).id(),
        i.base,
        i.size,
        i.compatible,
        i.ee,
        i.num_channels,
        i.num_ees,
        i.controlled_remotely,
        i.powered_remotely,
        i.enabled,
        i.dma
            .as_ref()
            .map(|d| (soc.instances[d.controller].name.clone(), d.rx, d.tx)),
    )
}

/// Imports `dtb` as `<soc>_dt` into `out`, checks the draft against the catalogue, and returns
/// the draft's path.
fn import(dtb: &Path, soc: &str, out: &Path, model: &Model) -> PathBuf {
    let blob = socgen::dt::read_blob(dtb).expect("blob parses");
    let draft = socgen::dt::import::import(&blob, model, Some(&format!("{soc}_dt")))
        .expect("import succeeds");
    let path = out.join(format!("{soc}_dt.yaml"));
    std::fs::write(&path, &draft.text).expect("write draft");
    let checked = socgen::dt::import::check_draft(&socs(), &path);
    assert!(
        !socgen::diagnostics::has_errors(&checked.diagnostics),
        "the draft of {soc} does not pass check:\n{}\n{}",
        checked.render(false),
        draft.text
    );
    path
}

/// `socgen diff` semantics: the two SoCs have the same instances with the same facts.
fn assert_same_instances(soc: &str, drafts: &[PathBuf]) {
    let mut paths = vec![socs()];
    paths.extend(drafts.iter().cloned());
    let checked = socgen::check(&paths);
    let model = checked.model.expect("catalogue plus drafts validate");
    let a = model.soc(soc).expect("bundled SoC");
    let b = model.soc(&format!("{soc}_dt")).expect("imported SoC");
    let diff = socgen::emit::diff::socs(&model, a, b);
    let instance_lines: Vec<&str> = diff
        .lines()
        .skip(1)
        .filter(|l| !l.contains("(lock)"))
        .collect();
    assert!(
        instance_lines.is_empty(),
        "socgen diff {soc} {soc}_dt shows instance differences:\n{diff}"
    );
    let fa: Vec<String> = a.instances.iter().map(|i| facts(&model, a, i)).collect();
    let fb: Vec<String> = b.instances.iter().map(|i| facts(&model, b, i)).collect();
    assert_eq!(
        fa, fb,
        "{soc}: instances and properties differ after import"
    );
}

#[test]
fn import_of_three_test_blobs_one_per_bam_revision_equals_the_bundled_socs() {
    let model = catalogue();
    let out = temp("three");
    let mut revisions = Vec::new();
    for soc in ["apq8064", "msm8974", "sm8550"] {
        let dts = repo().join(format!("codegen/tests/dts/{soc}-facts.dts"));
        let dtb = out.join(format!("{soc}.dtb"));
        dtc(&dts, &dtb);
        let draft = import(&dtb, soc, &out, &model);
        assert_same_instances(soc, &[draft]);
        let s = model.soc(soc).expect("bundled");
        revisions.extend(
            s.instances
                .iter()
                .map(|i| model.block_of(i).id())
                .filter(|b| b.starts_with("bam@")),
        );
    }
    revisions.sort();
    revisions.dedup();
    assert_eq!(revisions, ["bam@v1.3.0", "bam@v1.4.0", "bam@v1.7.0"]);
    let _ = std::fs::remove_dir_all(out);
}

#[test]
fn import_lists_nodes_it_does_not_understand_and_drafts_the_lock_only_in_comments() {
    let model = catalogue();
    let out = temp("unknown");
    let dtb = out.join("apq8064.dtb");
    dtc(&repo().join("codegen/tests/dts/apq8064-facts.dts"), &dtb);
    let blob = socgen::dt::read_blob(&dtb).expect("blob");
    let draft = socgen::dt::import::import(&blob, &model, None).expect("import");
    assert_eq!(
        draft.soc, "apq8064",
        "the SoC name comes from the root compatible"
    );
    assert_eq!(draft.unknown.len(), 1, "{:?}", draft.unknown);
    assert_eq!(draft.unknown[0].path, "/soc/mmc@12180000");
    assert!(draft.text.contains("#   /soc/mmc@12180000: a DMA client"));
    assert!(draft.text.contains(&format!("sha256 {}", blob.sha256)));
    assert!(
        draft
            .text
            .contains("node /soc/periph@12400000/dma-controller@2000")
    );
    assert!(
        draft
            .text
            .contains("# No lock section: the blob has no crypto engine")
    );

    let dtb = out.join("sm8550.dtb");
    dtc(&repo().join("codegen/tests/dts/sm8550-facts.dts"), &dtb);
    let blob = socgen::dt::read_blob(&dtb).expect("blob");
    let draft = socgen::dt::import::import(&blob, &model, None).expect("import");
    assert!(!draft.text.lines().any(|l| l.starts_with("lock:")));
    assert!(draft.text.contains("DRAFT for review"));
    assert!(
        draft
            .text
            .contains("# lock:\n#   bam: cryptobam\n#   pipe: 4 ")
    );
    // Deterministic.
    let again = socgen::dt::import::import(&blob, &model, None).expect("import");
    assert_eq!(draft, again);
    // Uncommented, the draft is the bundled shape (merge, UNLOCK on a write of CONFIG) and
    // checks without a lock-evidence warning.
    let lock_start = draft.text.find("# lock:").expect("a draft lock section");
    let uncommented: String = draft.text[..lock_start].to_string()
        + &draft.text[lock_start..]
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
    assert!(uncommented.contains("  placement: merge"));
    assert!(uncommented.contains("    access: {write: 0xe01ef}"));
    let file = out.join("sm8550.yaml");
    std::fs::write(&file, &uncommented).expect("write");
    let checked = socgen::dt::import::check_draft(&repo().join("socs"), &file);
    let problems: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code.is_lock_evidence() || d.severity == socgen::diagnostics::Severity::Error)
        .map(|d| d.render(&checked.loaded.sources, false))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked.model.is_some());
    let _ = std::fs::remove_dir_all(out);
}

#[test]
fn yaml_dts_dtb_import_round_trips_for_every_bundled_soc() {
    let model = catalogue();
    let out = temp("round-trip");
    let mut drafts = Vec::new();
    for soc in &model.socs {
        let dts = out.join(format!("{}.dts", soc.name));
        std::fs::write(&dts, socgen::emit::dts::generate(&model, soc)).expect("write dts");
        let dtb = out.join(format!("{}.dtb", soc.name));
        dtc(&dts, &dtb);
        drafts.push(import(&dtb, &soc.name, &out, &model));
    }
    let mut paths = vec![socs()];
    paths.extend(drafts.iter().cloned());
    let checked = socgen::check(&paths);
    let all = checked.model.expect("catalogue plus drafts validate");
    for soc in &model.socs {
        let a = all.soc(&soc.name).expect("bundled");
        let b = all.soc(&format!("{}_dt", soc.name)).expect("imported");
        let diff = socgen::emit::diff::socs(&all, a, b);
        assert!(
            diff.lines().skip(1).all(|l| l.contains("(lock)")),
            "{}: {diff}",
            soc.name
        );
        let fa: Vec<String> = a.instances.iter().map(|i| facts(&all, a, i)).collect();
        let fb: Vec<String> = b.instances.iter().map(|i| facts(&all, b, i)).collect();
        assert_eq!(fa, fb, "{}: round trip changed the instances", soc.name);
    }
    assert_eq!(drafts.len(), model.socs.len());
    let _ = std::fs::remove_dir_all(out);
}

#[test]
fn dts_output_is_deterministic_and_names_every_instance() {
    let model = catalogue();
    for soc in &model.socs {
        let a = socgen::emit::dts::generate(&model, soc);
        assert_eq!(a, socgen::emit::dts::generate(&model, soc));
        for i in &soc.instances {
            assert!(
                a.contains(&format!("\t\t{}: ", i.name)),
                "{}: {}",
                soc.name,
                i.name
            );
        }
    }
}

/// A downstream (vendor kernel) tree describes the crypto engine and its BAM in one node
/// (`qcom,qcedev`, `qcom,qcrypto`: `reg-names = "crypto-base", "crypto-bam-base"`,
/// `qcom,bam-pipe-pair`, `qcom,bam-ee`, `qcom,ce-hw-instance`, `qcom,ce-device`; vendor binding
/// `Documentation/devicetree/bindings/crypto/msm/qcedev.txt`). Import drafts the engine, its
/// BAM and the DMA wiring (rx = 2 * pipe pair), and the draft lock section's pipe and lock
/// group come from the pipe pair, with the vendor node as their source.
#[test]
fn import_reads_downstream_crypto_nodes() {
    let model = catalogue();
    let out = temp("vendor");
    let dtb = compile(
        &out,
        "vendor",
        r#"/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	compatible = "qcom,sm8550-mtp", "qcom,sm8550";
	soc {
		#address-cells = <1>;
		#size-cells = <1>;
		compatible = "simple-bus";
		ranges;
		qcedev: qcedev@1dfa000 {
			compatible = "qcom,qcedev";
			reg = <0x1dfa000 0x6000>, <0x1dc4000 0x28000>;
			reg-names = "crypto-base", "crypto-bam-base";
			qcom,bam-pipe-pair = <2>;
			qcom,ce-hw-instance = <0>;
			qcom,ce-device = <0>;
			qcom,bam-ee = <0>;
		};
		qcrypto: qcrypto@1dfa000 {
			compatible = "qcom,qcrypto";
			reg = <0x1dfa000 0x6000>, <0x1dc4000 0x28000>;
			reg-names = "crypto-base", "crypto-bam-base";
			qcom,bam-pipe-pair = <1>;
			qcom,ce-hw-instance = <0>;
			qcom,ce-device = <0>;
		};
	};
};
"#,
    );
    let blob = socgen::dt::read_blob(&dtb).expect("blob");
    let draft = socgen::dt::import::import(&blob, &model, Some("vendor")).expect("import");
    assert!(draft.unknown.is_empty(), "{:?}", draft.unknown);
    let text = &draft.text;
    for want in [
        "  - name: qcedev_bam\n    block: bam@v1.7.0\n    base: 0x1dc4000\n    size: 0x28000",
        "    ee: 0 ",
        "  - name: qcedev\n    block: qce@v5\n    base: 0x1dfa000\n    size: 0x6000",
        "    dma: {controller: qcedev_bam, rx: 4, tx: 5}",
        "qcom,ce-hw-instance = 0, qcom,ce-device = 0",
        "/soc/qcrypto@1dfa000 describes the engine at 0x1dfa000 again",
        "# lock:\n#   bam: qcedev_bam\n#   pipe: 4 ",
        "#   lock_group: 2 ",
        "node /soc/qcedev@1dfa000: qcom,bam-pipe-pair = 2",
    ] {
        assert!(text.contains(want), "{want:?} not in:\n{text}");
    }
    let path = out.join("vendor.yaml");
    std::fs::write(&path, text).expect("write");
    let checked = socgen::dt::import::check_draft(&socs(), &path);
    assert!(
        !socgen::diagnostics::has_errors(&checked.diagnostics),
        "{}\n{text}",
        checked.render(false)
    );
    // Without `qcom,bam-ee`, the EE vendor qce50 falls back to (1), said so in the draft.
    let no_ee = std::fs::read_to_string(out.join("vendor.dts"))
        .expect("dts")
        .replacen("\t\t\tqcom,bam-ee = <0>;\n", "", 1);
    let dtb = compile(&out, "no-ee", &no_ee);
    let blob = socgen::dt::read_blob(&dtb).expect("blob");
    let draft = socgen::dt::import::import(&blob, &model, Some("vendor")).expect("import");
    assert!(
        draft.text.contains("    ee: 1 ") && draft.text.contains("no qcom,bam-ee"),
        "{}",
        draft.text
    );
    let _ = std::fs::remove_dir_all(out);
}
