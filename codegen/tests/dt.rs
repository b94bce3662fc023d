//! Device trees in and out: `import --dtb`, `check --dtb`, `--lang dts`, and bad
//! blobs. Test blobs are compiled with `dtc -@` (Debian package `device-tree-compiler`) from the
//! sources in `codegen/tests/dts/` and from socgen's own DTS output.

use socgen::diagnostics::Code;
use socgen::model::{Instance, Model, Soc};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn socs() -> PathBuf {
    repo().join("socs")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("socgen-dt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Compiles a .dts with `dtc -@` (labels kept in `/__symbols__`).
fn dtc(dts: &Path, dtb: &Path) {
    dtc_with(dts, dtb, &[]);
}

/// Compiles a .dts without `-@`: no `/__symbols__`, so no labels.
fn dtc_without_symbols(dts: &Path, dtb: &Path) {
    let out = Command::new("dtc")
        .args(["-q", "-I", "dts", "-O", "dtb", "-o"])
        .arg(dtb)
        .arg(dts)
        .output()
        .expect("dtc not found: install the Debian package device-tree-compiler (.ci/run does)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `dtc` with extra flags (`-f` forces a blob out of a tree dtc finds wrong).
fn dtc_with(dts: &Path, dtb: &Path, flags: &[&str]) {
    let out = Command::new("dtc")
        .args(["-q", "-I", "dts", "-O", "dtb", "-@"])
        .args(flags)
        .arg("-o")
        .arg(dtb)
        .arg(dts)
        .output()
        .expect("dtc not found: install the Debian package device-tree-compiler (.ci/run does)");
    assert!(
        out.status.success(),
        "dtc failed on {}:\n{}",
        dts.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn catalogue() -> Model {
    socgen::check(&[socs()])
        .model
        .expect("the bundled catalogue validates")
}

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

/// The 1-based line of the first line of `text` that starts (after spaces) with `prefix`,
/// at or after the line that contains `after`.
fn line_of(text: &str, after: &str, prefix: &str) -> u32 {
    let start = text
        .lines()
        .position(|l| l.contains(after))
        .expect("anchor");
    let pos = text
        .lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| l.trim_start().starts_with(prefix))
        .expect("line")
        .0;
    u32::try_from(pos + 1).expect("small")
}

#[test]
fn check_dtb_finds_a_wrong_base_a_wrong_num_channels_and_a_missing_node_at_their_lines() {
    let out = temp("planted");
    let dtb = out.join("planted.dtb");
    dtc(&repo().join("codegen/tests/dts/sm8550-planted.dts"), &dtb);
    let yaml = socs().join("sm8550.yaml");
    let (checked, unknown) =
        socgen::dt::check::check_files(std::slice::from_ref(&yaml), &dtb, None).expect("check");
    assert!(unknown.is_empty());
    let text = std::fs::read_to_string(&yaml).expect("yaml");
    let got: Vec<(Code, u32)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == socgen::diagnostics::Severity::Error)
        .map(|d| (d.code, d.loc.line))
        .collect();
    let want = vec![
        (
            Code::DtMissingInstance,
            line_of(&text, "soc: sm8550", "soc:"),
        ),
        (
            Code::DtProperty,
            line_of(&text, "name: cryptobam", "num_channels:"),
        ),
        // The crypto instance's `base:`, the first after its `block: qce@v5`.
        (Code::DtBase, line_of(&text, "block: qce@v5", "base:")),
    ];
    assert_eq!(got, want, "{}", checked.render(false));
    let messages: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("/soc@0/crypto@1dfb000") && m.contains("0x1dfb000"))
    );
    assert!(messages.iter().any(|m| m.contains("num-channels 16")));
    assert!(
        messages
            .iter()
            .any(|m| m.contains("/soc@0/dma-controller@1e04000"))
    );

    // Without labels (a blob built without `dtc -@`), E0506 suggests the name import would give.
    let bare = out.join("bare.dtb");
    dtc_without_symbols(&repo().join("codegen/tests/dts/sm8550-planted.dts"), &bare);
    let (checked, _) =
        socgen::dt::check::check_files(std::slice::from_ref(&yaml), &bare, None).expect("check");
    let missing = checked
        .diagnostics
        .iter()
        .find(|d| d.code == Code::DtMissingInstance && d.message.contains("@1e04000"))
        .expect("E0506 for the extra BAM");
    let help = missing.help.as_deref().unwrap_or_default();
    assert!(help.contains("name: dma_controller_1e04000,"), "{help}");
    // And without labels the planted wrong crypto base is still one E0501 at its `base:`, not a
    // missing node plus a missing instance plus DMA mismatches.
    let got: Vec<(Code, u32)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == socgen::diagnostics::Severity::Error)
        .map(|d| (d.code, d.loc.line))
        .collect();
    assert_eq!(got, want, "{}", checked.render(false));

    // The facts blob agrees with the bundled file: no diagnostics at all.
    let good = out.join("good.dtb");
    dtc(&repo().join("codegen/tests/dts/sm8550-facts.dts"), &good);
    let (checked, _) =
        socgen::dt::check::check_files(std::slice::from_ref(&yaml), &good, None).expect("check");
    assert!(checked.diagnostics.is_empty(), "{}", checked.render(false));
    let _ = std::fs::remove_dir_all(out);
}

#[test]
fn check_dtb_cross_checks_every_bundled_soc_against_its_own_dts() {
    let model = catalogue();
    let out = temp("self");
    for soc in &model.socs {
        let dts = out.join(format!("{}.dts", soc.name));
        std::fs::write(&dts, socgen::emit::dts::generate(&model, soc)).expect("write");
        let dtb = out.join(format!("{}.dtb", soc.name));
        dtc(&dts, &dtb);
        let (checked, _) = socgen::dt::check::check_files(&[socs()], &dtb, None).expect("check");
        assert!(
            !socgen::diagnostics::has_errors(&checked.diagnostics),
            "{}: {}",
            soc.name,
            checked.render(false)
        );
    }
    let _ = std::fs::remove_dir_all(out);
}

// --- bad blobs --------------------------------------------------------------------------------

fn good_blob() -> Vec<u8> {
    let out = temp("good");
    let dtb = out.join("g.dtb");
    dtc(&repo().join("codegen/tests/dts/sm8550-facts.dts"), &dtb);
    let bytes = std::fs::read(&dtb).expect("read");
    let _ = std::fs::remove_dir_all(out);
    bytes
}

fn kind_of(bytes: &[u8]) -> Result<(), socgen::dt::ErrorKind> {
    let model = catalogue();
    let blob = socgen::dt::parse_blob(Path::new("bad.dtb"), bytes).map_err(|e| {
        let text = e.to_string();
        assert!(text.starts_with("bad.dtb: error[dt-"), "{text}");
        assert!(text.contains("help: "), "{text}");
        e.kind
    })?;
    socgen::dt::import::import(&blob, &model, Some("x"))
        .map(|_| ())
        .map_err(|e| e.kind)
}

#[test]
fn bad_blobs_are_clear_errors() {
    use socgen::dt::ErrorKind as K;
    let good = good_blob();
    assert_eq!(kind_of(&good), Ok(()));
    assert_eq!(kind_of(&good[..good.len() / 2]), Err(K::Truncated));
    assert_eq!(kind_of(&good[..20]), Err(K::Truncated));
    assert_eq!(kind_of(&[]), Err(K::Truncated));
    let mut magic = good.clone();
    magic[0] = 0x7f;
    assert_eq!(kind_of(&magic), Err(K::BadMagic));
    let mut huge = good.clone();
    huge[4..8].copy_from_slice(&0xffff_fff0u32.to_be_bytes());
    assert_eq!(kind_of(&huge), Err(K::BadHeader));
    let mut huge_struct = good.clone();
    huge_struct[36..40].copy_from_slice(&0xffff_fff0u32.to_be_bytes());
    assert_eq!(kind_of(&huge_struct), Err(K::BadHeader));
    let mut strings = good.clone();
    strings[12..16].copy_from_slice(&0xffff_fff0u32.to_be_bytes());
    assert_eq!(kind_of(&strings), Err(K::BadHeader));
}

#[test]
fn phandle_loops_and_dangling_phandles_are_clear_errors() {
    use socgen::dt::ErrorKind as K;
    let out = temp("phandles");
    let base =
        std::fs::read_to_string(repo().join("codegen/tests/dts/sm8550-facts.dts")).expect("dts");
    for (name, edit, kind) in [
        (
            "self",
            base.replace("<&cryptobam 4>, <&cryptobam 5>", "<&crypto 4>, <&crypto 5>"),
            K::PhandleLoop,
        ),
        (
            "dup",
            base.replace(
                "#dma-cells = <1>;\n\t\t\tqcom,ee",
                "#dma-cells = <1>;\n\t\t\tphandle = <0x77>;\n\t\t\tqcom,ee",
            )
            .replace("qcom,qce\";", "qcom,qce\";\n\t\t\tphandle = <0x77>;")
            // dtc -f writes 0xffffffff for references into a tree with duplicate phandles.
            .replace("<&cryptobam 4>, <&cryptobam 5>", "<0x77 4>, <0x77 5>"),
            K::PhandleLoop,
        ),
        (
            "dangling",
            base.replace("<&cryptobam 4>, <&cryptobam 5>", "<0x999 4>, <0x999 5>"),
            K::DanglingPhandle,
        ),
        (
            "short",
            base.replace(
                "<&cryptobam 4>, <&cryptobam 5>",
                "<&cryptobam 4>, <&cryptobam>",
            ),
            K::BadProperty,
        ),
        (
            "reg",
            base.replace("reg = <0x0 0x01dfa000 0x0 0x6000>;", "reg = <0x01dfa000>;"),
            K::Io, // not an error: the node is listed as not importable
        ),
    ] {
        let dts = out.join(format!("{name}.dts"));
        std::fs::write(&dts, &edit).expect("write");
        let dtb = out.join(format!("{name}.dtb"));
        // dtc refuses a duplicated phandle; -f writes the blob anyway.
        dtc_with(&dts, &dtb, if name == "dup" { &["-f"] } else { &[] });
        let bytes = std::fs::read(&dtb).expect("read");
        if name == "reg" {
            let blob = socgen::dt::parse_blob(&dtb, &bytes).expect("parses");
            let draft = socgen::dt::import::import(&blob, &catalogue(), None).expect("imports");
            assert_eq!(draft.unknown.len(), 1, "{:?}", draft.unknown);
            assert!(
                draft.unknown[0].reason.contains("`reg`"),
                "{:?}",
                draft.unknown
            );
            continue;
        }
        assert_eq!(kind_of(&bytes), Err(kind), "{name}");
    }
    let _ = std::fs::remove_dir_all(out);
}

/// A small deterministic generator, so the mutation test needs no dependency.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn mutated_blobs_never_panic() {
    let good = good_blob();
    let model = catalogue();
    let mut rng = Lcg(0x5eed);
    for round in 0..3000 {
        let mut bytes = good.clone();
        let edits = 1 + rng.next() % 4;
        for _ in 0..edits {
            let at = (rng.next() as usize) % bytes.len();
            match rng.next() % 4 {
                0 => bytes[at] = rng.next() as u8,
                1 => bytes[at] ^= 1 << (rng.next() % 8),
                2 => bytes.truncate(at.max(1)),
                _ => {
                    let v = [0u8, 0xff, 0x7f, 0x80][(rng.next() % 4) as usize];
                    let end = (at + 4).min(bytes.len());
                    bytes[at..end].fill(v);
                }
            }
        }
        let result = std::panic::catch_unwind(|| {
            if let Ok(blob) = socgen::dt::parse_blob(Path::new("m.dtb"), &bytes) {
                let _ = socgen::dt::import::import(&blob, &model, Some("m"));
            }
        });
        assert!(result.is_ok(), "round {round} panicked on {bytes:02x?}");
    }
}

/// A GPI specifier such as `<&gpi 0 3 3>` has cells that may equal a BAM's phandle; only the
/// phandle cell of each `dmas` entry names a controller, so such a client is not a BAM client.
#[test]
fn a_gpi_specifier_cell_equal_to_a_bam_phandle_is_no_bam_client() {
    let model = catalogue();
    let out = temp("gpi");
    let dts = out.join("gpi.dts");
    std::fs::write(
        &dts,
        r#"/dts-v1/;
/ {
    #address-cells = <1>;
    #size-cells = <1>;
    compatible = "qcom,sm8550";
    bam: dma-controller@1dc4000 {
        compatible = "qcom,bam-v1.7.4", "qcom,bam-v1.7.0";
        reg = <0x1dc4000 0x28000>;
        #dma-cells = <1>;
        qcom,ee = <0>;
        phandle = <3>;
    };
    gpi: dma-controller@900000 {
        compatible = "qcom,sm8550-gpi-dma", "qcom,sm6350-gpi-dma";
        reg = <0x900000 0x60000>;
        #dma-cells = <3>;
        phandle = <7>;
    };
    spi@a80000 {
        compatible = "qcom,geni-spi";
        reg = <0xa80000 0x4000>;
        dmas = <&gpi 0 3 3>, <&gpi 1 3 3>;
        dma-names = "tx", "rx";
    };
    serial@a90000 {
        compatible = "qcom,msm-uartdm-v1.4";
        reg = <0xa90000 0x1000>;
        dmas = <&bam 2>, <&bam 3>;
        dma-names = "tx", "rx";
    };
};
"#,
    )
    .expect("write");
    let dtb = out.join("gpi.dtb");
    dtc(&dts, &dtb);
    let blob = socgen::dt::read_blob(&dtb).expect("blob");
    let draft = socgen::dt::import::import(&blob, &model, None).expect("import");
    let unknown: Vec<&str> = draft.unknown.iter().map(|u| u.path.as_str()).collect();
    assert!(unknown.contains(&"/serial@a90000"), "{unknown:?}");
    assert!(!unknown.contains(&"/spi@a80000"), "{unknown:?}");
    let _ = std::fs::remove_dir_all(out);
}

/// A SoC file that uses no block of some kind still has nodes of that kind checked: every block
/// revision socgen knows classifies the blob, so the missing crypto engine is E0506 and no note
/// claims its compatible is in no block file.
#[test]
fn check_dtb_finds_a_missing_node_of_a_kind_the_file_does_not_use() {
    let out = temp("no-crypto");
    let text = std::fs::read_to_string(socs().join("sm8550.yaml")).expect("yaml");
    // The file without its crypto instance (and without the lock section that names it).
    // (sm8550.yaml lists cryptobam, then crypto, then the lock section.)
    let start = text.find("  - name: crypto\n").expect("crypto instance");
    let trimmed = &text[..start];
    assert!(!trimmed.contains("qce@v5") && !trimmed.contains("\nlock:"));
    let yaml = out.join("sm8550.yaml");
    std::fs::write(&yaml, trimmed).expect("write");
    let dtb = out.join("sm8550.dtb");
    dtc(&repo().join("codegen/tests/dts/sm8550-facts.dts"), &dtb);
    let (checked, unknown) =
        socgen::dt::check::check_files(std::slice::from_ref(&yaml), &dtb, None).expect("check");
    assert!(
        unknown.iter().all(|u| !u.reason.contains("qcom,qce")),
        "{unknown:?}"
    );
    let missing: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::DtMissingInstance)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(missing.len(), 1, "{}", checked.render(false));
    assert!(missing[0].contains("qce@v5"), "{missing:?}");
    let _ = std::fs::remove_dir_all(out);
}

/// A blob whose root compatible names no catalogued SoC: the error suggests the SoC whose
/// instances sit where the blob's nodes are.
#[test]
fn dt_no_soc_suggests_the_soc_whose_nodes_match() {
    let out = temp("no-soc");
    let dts = std::fs::read_to_string(repo().join("codegen/tests/dts/sm8550-facts.dts"))
        .expect("dts")
        .replacen(
            "compatible = \"qcom,sm8550\";",
            "compatible = \"acme,board\";",
            1,
        );
    let src = out.join("board.dts");
    std::fs::write(&src, dts).expect("write");
    let dtb = out.join("board.dtb");
    dtc(&src, &dtb);
    let Err(err) = socgen::dt::check::check_files(std::slice::from_ref(&socs()), &dtb, None) else {
        panic!("the blob names no catalogued SoC");
    };
    assert!(err.help.contains("match `sm8550` best"), "{}", err.help);
    assert!(err.help.contains("socs/sm8550.yaml"), "{}", err.help);
    let _ = std::fs::remove_dir_all(out);
}

/// sm8550-facts.dts as a board's tree: a board root compatible, the crypto BAM without
/// `qcom,controlled-remotely` and `qcom,num-ees` (an older tree), the crypto engine disabled.
fn board_style_dts() -> String {
    std::fs::read_to_string(repo().join("codegen/tests/dts/sm8550-facts.dts"))
        .expect("dts")
        .replacen(
            "compatible = \"qcom,sm8550\";",
            "compatible = \"qcom,sm8550-mtp\", \"qcom,sm8550\";",
            1,
        )
        .replacen("\t\t\tqcom,controlled-remotely;\n", "", 1)
        .replacen("\t\t\tqcom,num-ees = <4>;\n", "", 1)
        .replacen(
            "dmas = <&cryptobam 4>, <&cryptobam 5>;",
            "dmas = <&cryptobam 4>, <&cryptobam 5>;\n\t\t\tstatus = \"disabled\";",
            1,
        )
}

fn compile(out: &Path, name: &str, dts: &str) -> PathBuf {
    let src = out.join(format!("{name}.dts"));
    std::fs::write(&src, dts).expect("write dts");
    let dtb = out.join(format!("{name}.dtb"));
    dtc(&src, &dtb);
    dtb
}

fn codes_and_lines(checked: &socgen::Checked) -> Vec<(Code, u32)> {
    checked
        .diagnostics
        .iter()
        .map(|d| (d.code, d.loc.line))
        .collect()
}

/// A board's overrides (status, remote control) and properties an older tree lacks are warnings
/// naming the node, never errors that ask to correct the SoC file; a wrong base still is one
/// error at its YAML line.
#[test]
fn board_overrides_are_warnings_and_a_wrong_base_is_still_one_error() {
    let out = temp("board-style");
    let yaml = socs().join("sm8550.yaml");
    let text = std::fs::read_to_string(&yaml).expect("yaml");
    let dtb = compile(&out, "mtp", &board_style_dts());
    let (checked, _) =
        socgen::dt::check::check_files(std::slice::from_ref(&yaml), &dtb, None).expect("check");
    assert!(
        !socgen::diagnostics::has_errors(&checked.diagnostics),
        "{}",
        checked.render(false)
    );
    let want = vec![
        (
            Code::DtBoardDecision,
            line_of(&text, "sm8150-qce", "compatible:") - 4,
        ),
        (
            Code::DtAbsentProperty,
            line_of(&text, "name: cryptobam", "num_ees:"),
        ),
        (
            Code::DtBoardDecision,
            line_of(&text, "name: cryptobam", "controlled_remotely:"),
        ),
    ];
    let mut got = codes_and_lines(&checked);
    got.sort_by_key(|g| g.1);
    let mut want_sorted = want.clone();
    want_sorted.sort_by_key(|w| w.1);
    assert_eq!(got, want_sorted, "{}", checked.render(false));
    for d in &checked.diagnostics {
        let help = d.help.as_deref().unwrap_or_default();
        assert!(!help.contains("correct the YAML"), "{help}");
        assert!(d.message.contains("/soc@0/"), "{}", d.message);
    }
    let status = checked
        .diagnostics
        .iter()
        .find(|d| d.code == Code::DtBoardDecision && d.message.contains("status"))
        .expect("the status warning");
    assert!(
        status
            .help
            .as_deref()
            .is_some_and(|h| h.contains("socs/boards/sm8550-mtp.yaml")
                && h.contains("{instance: crypto, status: disabled}")),
        "{:?}",
        status.help
    );

    // A real SoC-fact conflict on the same board tree: one error, at `base:`.
    let wrong = board_style_dts().replace("reg = <0x0 0x01dfa000", "reg = <0x0 0x01dfb000");
    let dtb = compile(&out, "wrong-base", &wrong);
    let (checked, _) =
        socgen::dt::check::check_files(std::slice::from_ref(&yaml), &dtb, None).expect("check");
    let errors: Vec<(Code, u32)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == socgen::diagnostics::Severity::Error)
        .map(|d| (d.code, d.loc.line))
        .collect();
    assert_eq!(
        errors,
        vec![(Code::DtBase, line_of(&text, "block: qce@v5", "base:"))],
        "{}",
        checked.render(false)
    );
    let _ = std::fs::remove_dir_all(out);
}

/// A board file (`boards/<board>.yaml` beside the SoC file) describes what the board decides:
/// checked against its blob, the overrides it states are no longer reported, and an override
/// the blob contradicts is a warning in the board file.
#[test]
fn a_board_file_states_the_board_decisions() {
    let out = temp("board-file");
    std::fs::copy(socs().join("sm8550.yaml"), out.join("sm8550.yaml")).expect("copy");
    std::fs::create_dir_all(out.join("boards")).expect("mkdir");
    let board = out.join("boards/sm8550-mtp.yaml");
    std::fs::write(
        &board,
        "board: sm8550-mtp\nsoc: sm8550\nsource: \"test tree\"\ncompatible: [\"qcom,sm8550-mtp\"]\n\
         overrides:\n  - {instance: crypto, status: disabled}\n  - {instance: cryptobam, controlled_remotely: false}\n",
    )
    .expect("write");
    let dtb = compile(&out, "mtp", &board_style_dts());
    // The board file alone names its SoC file; the catalogue root names both.
    for paths in [vec![board.clone()], vec![out.clone()]] {
        let (checked, _) = socgen::dt::check::check_files(&paths, &dtb, None).expect("check");
        let got: Vec<Code> = checked.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            got,
            vec![Code::DtAbsentProperty],
            "{}",
            checked.render(false)
        );
    }
    // An override the blob contradicts: a warning at the board file's line.
    std::fs::write(
        &board,
        "board: sm8550-mtp\nsoc: sm8550\nsource: \"test tree\"\ncompatible: [\"qcom,sm8550-mtp\"]\n\
         overrides:\n  - {instance: crypto, status: okay}\n",
    )
    .expect("write");
    let (checked, _) =
        socgen::dt::check::check_files(std::slice::from_ref(&board), &dtb, None).expect("check");
    let decision = checked
        .diagnostics
        .iter()
        .find(|d| d.code == Code::DtBoardDecision && d.message.contains("status"))
        .expect("warning");
    assert_eq!(
        checked.loaded.sources.path(decision.loc.file),
        board.as_path(),
        "{}",
        checked.render(false)
    );
    assert_eq!(decision.loc.line, 6);
    let _ = std::fs::remove_dir_all(out);
}

/// The dts socgen writes for a bundled SoC, with another root compatible.
fn soc_dts_with_root(soc: &str, root: &str) -> String {
    let model = catalogue();
    let s = model.soc(soc).expect("bundled");
    socgen::emit::dts::generate(&model, s).replacen(
        &format!("compatible = \"qcom,{soc}\";"),
        &format!("compatible = {root};"),
        1,
    )
}

/// Boards name the same silicon under another root compatible (`also_compatible:`): an
/// apq8096 board is checked against msm8996, a qcm6490 board against sc7280, an ipq4018 board
/// against ipq4019, and import names the SoC after the family.
#[test]
fn families_select_the_soc_whose_silicon_a_board_carries() {
    let out = temp("families");
    let model = catalogue();
    for (soc, root) in [
        (
            "msm8996",
            "\"arrow,apq8096-db820c\", \"qcom,apq8096-sbc\", \"qcom,apq8096\"",
        ),
        ("sc7280", "\"qcom,qcm6490-idp\", \"qcom,qcm6490\""),
        ("ipq4019", "\"alfa-network,ap120c-ac\", \"qcom,ipq4018\""),
    ] {
        let dtb = compile(&out, soc, &soc_dts_with_root(soc, root));
        let (checked, _) = socgen::dt::check::check_files(&[socs()], &dtb, None)
            .unwrap_or_else(|e| panic!("{soc}: {e}"));
        assert!(
            checked
                .diagnostics
                .iter()
                .all(|d| d.code != Code::DtOtherSoc
                    && d.severity != socgen::diagnostics::Severity::Error),
            "{soc}: {}",
            checked.render(false)
        );
        let blob = socgen::dt::read_blob(&dtb).expect("blob");
        let loaded = socgen::check(&[socs()]).loaded;
        assert_eq!(
            socgen::dt::check::catalogued_soc(&blob, &loaded).as_deref(),
            Some(soc)
        );
        let draft = socgen::dt::import::import(&blob, &model, None).expect("import");
        assert!(!draft.instances.is_empty());
    }
    let _ = std::fs::remove_dir_all(out);
}

/// An sm8650 blob checked against sm8550's file alone: the root compatible names another
/// catalogued SoC, and the check says so (W0503 at `soc:`).
#[test]
fn a_blob_of_another_catalogued_soc_is_reported_as_such() {
    let out = temp("other-soc");
    let dtb = compile(
        &out,
        "sm8650",
        &soc_dts_with_root("sm8650", "\"qcom,sm8650\""),
    );
    let yaml = socs().join("sm8550.yaml");
    let (checked, _) =
        socgen::dt::check::check_files(std::slice::from_ref(&yaml), &dtb, None).expect("check");
    let other = checked
        .diagnostics
        .iter()
        .find(|d| d.code == Code::DtOtherSoc)
        .unwrap_or_else(|| panic!("{}", checked.render(false)));
    assert_eq!(other.loc.line, 3, "at `soc:`");
    assert!(other.message.contains("`sm8650`"), "{}", other.message);
    assert!(
        other
            .help
            .as_deref()
            .is_some_and(|h| h.contains("socs/sm8650.yaml")),
        "{:?}",
        other.help
    );
    let _ = std::fs::remove_dir_all(out);
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

/// The bundled board file `socs/boards/ap120c-ac.yaml` states what that board enables; its blob
/// (ipq4019's nodes under the board's root compatible) then reports only what it does not state.
#[test]
fn the_bundled_board_file_states_what_its_board_enables() {
    let out = temp("ap120c");
    let dts = soc_dts_with_root("ipq4019", "\"alfa-network,ap120c-ac\", \"qcom,ipq4018\"")
        .replace("status = \"disabled\";", "status = \"okay\";");
    let dtb = compile(&out, "ap120c", &dts);
    let (checked, _) = socgen::dt::check::check_files(&[socs()], &dtb, None).expect("check");
    // (The catalogue's own W0203 warnings are not the blob's business.)
    let got: Vec<(Code, &str)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code != Code::IndexBeyondWindow)
        .map(|d| (d.code, d.message.as_str()))
        .collect();
    assert_eq!(got.len(), 1, "{}", checked.render(false));
    assert_eq!(got[0].0, Code::DtBoardDecision);
    assert!(got[0].1.contains("`qpic_bam`"), "{}", got[0].1);
    let _ = std::fs::remove_dir_all(out);
}
