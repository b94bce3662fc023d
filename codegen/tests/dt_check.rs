//! `check --dtb`: a blob compared with its SoC file (wrong facts at their lines, missing nodes),
//! the SoC a blob selects (families, another catalogued SoC, no SoC), and boards (their
//! overrides, board files). Test blobs are compiled with `dtc -@` (Debian package
//! `device-tree-compiler`).

#[path = "common/dt.rs"]
mod shared;

use shared::{catalogue, compile, dtc, repo, socs, temp};
use socgen::diagnostics::Code;
use std::path::Path;
use std::process::Command;

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
