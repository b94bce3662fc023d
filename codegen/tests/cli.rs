//! The `socgen` command line as users run it: exit codes, JSON diagnostics, `list`, `generate`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn socgen(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_socgen"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("run socgen");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A copy of the sm8550 catalogue with one edit to the SoC file.
fn edited_sm8550(name: &str, from: &str, to: &str) -> PathBuf {
    edited_sm8550_all(name, &[(from, to)])
}

/// `sm8550.yaml` with every `(from, to)` replaced, beside the block files it needs.
fn edited_sm8550_all(name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let dir = temp(name);
    let socs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs");
    for f in [
        "blocks/qce/v5.yaml",
        "blocks/bam/v1.7.0.yaml",
        "blocks/bam/shared/registers.yaml",
    ] {
        std::fs::create_dir_all(dir.join(f).parent().expect("dir")).expect("mkdir");
        std::fs::copy(socs.join(f), dir.join(f)).expect("copy");
    }
    let mut soc = std::fs::read_to_string(socs.join("sm8550.yaml")).expect("read");
    for (from, to) in edits {
        assert!(soc.contains(from), "{from}");
        soc = soc.replace(from, to);
    }
    std::fs::write(dir.join("sm8550.yaml"), soc).expect("write");
    dir
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("socgen-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn check_passes_on_the_bundled_catalogue() {
    let (code, _, err) = socgen(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("59 SoC(s), 4 block revision(s)"), "{err}");
}

#[test]
fn list_shows_the_socs_with_their_bam_revisions_and_the_blocks() {
    let (code, out, _) = socgen(&["list"]);
    assert_eq!(code, 0);
    for soc in ["ipq8074", "msm8996", "sdm845", "sm8550"] {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(soc) && l.contains("v1.7.0")),
            "{out}"
        );
    }
    for block in ["bam@v1.3.0", "bam@v1.4.0", "bam@v1.7.0", "qce@v5"] {
        assert!(out.contains(block), "{out}");
    }
    // Under each locked SoC, one line with the grades of the facts its setup rests on.
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with("sm8550"))
        .expect("sm8550");
    let grades = lines[at + 1].trim_start();
    assert!(grades.starts_with("facts: "), "{out}");
    assert!(
        grades.contains("documented") && grades.contains("unknown"),
        "{grades}"
    );
    assert!(
        grades.contains("weakest: ") && grades.contains("lock_on_read_element (inferred)"),
        "{grades}"
    );
    let apq = lines
        .iter()
        .position(|l| l.trim_start().starts_with("apq8064"))
        .expect("apq8064");
    assert!(
        !lines[apq + 1].contains("facts:"),
        "no lock, no facts: {out}"
    );
}

#[test]
fn errors_exit_1_and_json_names_code_file_line_and_column() {
    let dir = edited_sm8550("json", "dummy: read", "dummy: {write: 0}");
    let path = dir.display().to_string();
    let (code, out, _) = socgen(&["check", &path, "--message-format", "json"]);
    assert_eq!(code, 1);
    let first: serde_json::Value =
        serde_json::from_str(out.lines().next().expect("a diagnostic")).expect("json");
    assert_eq!(first["code"], "E0303");
    assert_eq!(first["severity"], "error");
    assert!(
        first["location"]["file"]
            .as_str()
            .expect("file")
            .ends_with("sm8550.yaml")
    );
    assert!(first["location"]["line"].as_u64().expect("line") > 0);
    assert!(
        first["related"][0]["file"]
            .as_str()
            .expect("related")
            .ends_with("v5.yaml")
    );
    assert!(
        first["help"]
            .as_str()
            .expect("help")
            .contains("dummy: read")
    );
    // Human format: the same, rendered, on stderr, still exit 1.
    let (code, _, err) = socgen(&["check", &path]);
    assert_eq!(code, 1);
    assert!(
        err.contains("sm8550.yaml:") && err.contains("error[E0303]"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn warnings_alone_exit_0() {
    // Off the client's rx pipe, a write UNLOCK would be an error (E0317: nothing says the
    // pipe's transactions write CONFIG again), so this lock unlocks with no element.
    let dir = edited_sm8550_all(
        "warn",
        &[
            ("  pipe: 4\n", "  pipe: 3\n"),
            (
                "    access: {write: 0xe01ef}\n    register: crypto.CONFIG\n",
                "    access: none\n",
            ),
        ],
    );
    let (code, _, err) = socgen(&["check", &dir.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning[W0301]"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every file under `dir`, relative to it, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.push(path.strip_prefix(dir).expect("prefix").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn generate_all_writes_every_language_for_every_soc_deterministically() {
    let a = temp("gen-a");
    let b = temp("gen-b");
    // Both runs at once: each is independent of the other (and of the working directory).
    std::thread::scope(|scope| {
        let runs: Vec<_> = [&a, &b]
            .into_iter()
            .map(|dir| {
                let dir = dir.display().to_string();
                scope.spawn(move || socgen(&["generate", "--all", "--out", &dir]))
            })
            .collect();
        for run in runs {
            let (code, _, err) = run.join().expect("thread");
            assert_eq!(code, 0, "{err}");
        }
    });
    let mut langs = vec!["c", "html", "md", "rust", "svd"];
    if cfg!(feature = "pac") {
        langs.push("pac");
        langs.sort_unstable();
    }
    let top: Vec<String> = std::fs::read_dir(&a)
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(top, langs, "one directory per language");
    let checked = socgen::check(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs")]);
    let model = checked.model.expect("valid catalogue");
    for soc in &model.socs {
        let n = &soc.name;
        for file in [
            format!("rust/{n}/lib.rs"),
            format!("c/{n}/{n}.h"),
            format!("svd/{n}/{n}.svd"),
            format!("md/{n}/{n}.md"),
            format!("html/{n}/{n}.html"),
        ] {
            assert!(a.join(&file).is_file(), "{file} missing");
        }
    }
    assert!(a.join("html/index.html").is_file() && a.join("md/index.md").is_file());

    // Two runs: the same files, byte for byte, and no absolute paths in any of them.
    let files = tree(&a);
    assert_eq!(files, tree(&b), "two runs wrote different file sets");
    for rel in &files {
        let x = std::fs::read(a.join(rel)).expect("read");
        assert_eq!(
            x,
            std::fs::read(b.join(rel)).expect("read"),
            "{}: two runs differ",
            rel.display()
        );
        let text = String::from_utf8_lossy(&x);
        assert!(
            !text.contains(env!("CARGO_MANIFEST_DIR")) && !text.contains(&*a.to_string_lossy()),
            "{}: absolute path in output",
            rel.display()
        );
    }
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn diff_shows_what_moved_between_bam_revisions_and_socs() {
    let (code, out, _) = socgen(&["diff", "bam@v1.4.0", "bam@v1.7.0"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("REVISION             moved 0x4 -> 0x1000"),
        "{out}"
    );
    assert!(
        out.contains("P_CTRL               moved 0x1000 + pipe*0x1000 -> 0x13000 + pipe*0x1000"),
        "{out}"
    );
    assert!(out.contains("6 register(s) unchanged"), "{out}");
    let (_, same, _) = socgen(&["diff", "qce@v5", "qce@v5"]);
    assert_eq!(same, "qce@v5 -> qce@v5\n  30 register(s) unchanged\n");
    let (_, socs, _) = socgen(&["diff", "sm8450", "sm8650"]);
    assert!(
        socs.contains("cryptobam      num_channels: 16 -> 20"),
        "{socs}"
    );
    let (code, _, err) = socgen(&["diff", "sm8450", "bam@v1.7.0"]);
    assert_eq!(code, 2, "{err}");
}

/// sm8550 (a QCE client) with its lock section's `placement:` and `dummy:` lines replaced, plus
/// `extra` lines appended to the lock section; returns the directory and the 1-based line of
/// `dummy:`.
fn sm8550_with_lock(name: &str, placement: &str, dummy: &str, extra: &str) -> (PathBuf, usize) {
    let dir = edited_sm8550(name, "lock:", "lock:");
    let path = dir.join("sm8550.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("  placement:") {
            out.push(format!("  placement: {placement}"));
        } else if line.starts_with("  dummy:") {
            out.push(format!("  dummy: {dummy}"));
        } else if line == "lock:" && !extra.is_empty() {
            out.push(line.to_string());
            out.push(extra.to_string());
        } else {
            out.push(line.to_string());
        }
    }
    let text = out.join("\n") + "\n";
    let dummy_line = text
        .lines()
        .position(|l| l.starts_with("  dummy:"))
        .expect("dummy line")
        + 1;
    std::fs::write(&path, text).expect("write");
    (dir, dummy_line)
}

#[test]
fn a_wrap_read_lock_warns_w0310_and_fails_under_deny_warnings_or_strict() {
    // A new SoC whose LOCK rides on a read dummy: `lock_on_read_element` is only inferred.
    let (dir, line) = sm8550_with_lock("w0310", "wrap", "read", "");
    let d = dir.display().to_string();
    let (code, _, err) = socgen(&["check", &d]);
    assert_eq!(code, 0, "a warning alone exits 0: {err}");
    assert!(
        err.contains(&format!("sm8550.yaml:{line}:10: warning[W0310]")),
        "{err}"
    );
    assert!(err.contains("lock_on_read: ignored"), "{err}");
    assert!(
        err.contains("`lock_on_read_element` is only graded `inferred`"),
        "{err}"
    );
    assert!(err.contains("placement: merge"), "the help says how: {err}");
    assert!(err.contains("VALIDATION.md#q2"), "{err}");
    let (code, _, err) = socgen(&["check", "--deny-warnings", &d]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("warnings are denied"), "{err}");
    let out = temp("w0310-out");
    let (code, _, err) = socgen(&[
        "generate",
        "--deny-warnings",
        "--lang",
        "c",
        "--out",
        &out.display().to_string(),
        &d,
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(!out.exists(), "nothing is written under --deny-warnings");
    let _ = std::fs::remove_dir_all(&dir);

    // `strict: true` in the lock section: the same finding is an error, and nothing is generated.
    let (dir, line) = sm8550_with_lock("w0310-strict", "wrap", "read", "  strict: true");
    let d = dir.display().to_string();
    let (code, _, err) = socgen(&["check", &d]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("sm8550.yaml:{line}:10: error[W0310]")),
        "{err}"
    );
    assert!(err.contains("`strict: true` makes this an error"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn merge_with_a_read_dummy_on_a_qce_client_does_not_warn() {
    // The QCE driver opens every transaction with its own write command descriptor (LOCK) and
    // ends it with data (UNLOCK on the read dummy: vendor precedent).
    let (dir, _) = sm8550_with_lock("merge-read", "merge", "read", "");
    let (code, _, err) = socgen(&["check", "--deny-warnings", &dir.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning["), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn generate_rust_exports_the_drivers_beside_the_register_crate() {
    let out = temp("drivers");
    let dir = out.display().to_string();
    let (code, _, err) = socgen(&[
        "generate", "--lang", "rust", "--soc", "sm8550", "--soc", "msm8974", "--out", &dir,
    ]);
    assert_eq!(code, 0, "{err}");
    for file in [
        "sm8550/lib.rs",
        "sm8550/socgen_runtime/mod.rs",
        "sm8550/socgen_runtime/lib.rs",
        "sm8550/socgen_bam/lib.rs",
        "sm8550/socgen_bam/pipe.rs",
        "sm8550/socgen_qce/lib.rs",
        "sm8550/driver.rs",
        "msm8974/socgen_bam/lib.rs",
        "msm8974/driver.rs",
    ] {
        assert!(out.join("rust").join(file).is_file(), "{file} missing");
    }
    // The BAM driver's host-only test support stays behind; msm8974 has no crypto engine.
    assert!(!out.join("rust/sm8550/socgen_bam/testing").exists());
    assert!(!out.join("rust/msm8974/socgen_qce").exists());
    let driver = std::fs::read_to_string(out.join("rust/sm8550/driver.rs")).expect("driver.rs");
    assert!(
        driver.contains("pub type Lock = qcom_socs::sm8550::Lock;"),
        "{driver}"
    );
    let files = std::fs::read_dir(out.join("rust/sm8550"))
        .expect("dir")
        .count();
    assert!(err.contains("for 2 SoC(s)") && files == 5, "{err} {files}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn failures_outside_the_diagnostics_name_what_and_keep_their_exit_codes() {
    // An output directory that is a file: nothing can be written under it.
    let blocked = temp("blocked");
    std::fs::create_dir_all(&blocked).expect("mkdir");
    let file = blocked.join("out");
    std::fs::write(&file, "").expect("write");
    let out = file.display().to_string();
    let (code, _, err) = socgen(&["generate", "--lang", "c", "--soc", "sm8550", "--out", &out]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("error: cannot write {out}/c/sm8550/")),
        "{err}"
    );
    let (code, _, err) = socgen(&["schema", "--out", &format!("{out}/schema")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: cannot write"), "{err}");
    let _ = std::fs::remove_dir_all(&blocked);

    let (code, _, err) = socgen(&["generate", "--soc", "sm9999", "--out", &out]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: no SoC `sm9999` (known: apq8016, apq8026, "),
        "{err}"
    );
    let (code, _, err) = socgen(&["diff", "sm8450", "bam@v1.7.0"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err.trim_end(),
        "error: `sm8450` and `bam@v1.7.0` must both be block revisions (like bam@v1.7.0) or both SoCs"
    );
    let (code, _, err) = socgen(&["import", "--dtb", &format!("{out}/missing.dtb")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("missing.dtb: error[dt-"), "{err}");
}

#[test]
fn import_never_overwrites_a_soc_file_without_force() {
    let dir = temp("import-force");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let dts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dts/sm8550-facts.dts");
    let dtb = dir.join("sm8550.dtb");
    let status = std::process::Command::new("dtc")
        .args(["-q", "-I", "dts", "-O", "dtb", "-o"])
        .arg(&dtb)
        .arg(&dts)
        .status()
        .expect("dtc (Debian package device-tree-compiler; .ci/run installs it)");
    assert!(status.success());
    let curated = "# a curated file: its lock section and evidence are not in any blob\n";
    let existing = dir.join("sm8550.yaml");
    std::fs::write(&existing, curated).expect("write");
    let args = |force: bool| {
        let mut a = vec![
            "import".to_string(),
            "--dtb".to_string(),
            dtb.display().to_string(),
            "--out".to_string(),
            dir.display().to_string(),
            "--catalogue".to_string(),
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../socs")
                .display()
                .to_string(),
        ];
        if force {
            a.push("--force".to_string());
        }
        a
    };
    let refused: Vec<String> = args(false);
    let refused: Vec<&str> = refused.iter().map(String::as_str).collect();
    let (code, _, err) = socgen(&refused);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("exists") && err.contains("--force"), "{err}");
    assert!(err.contains("diff -u"), "{err}");
    assert_eq!(std::fs::read_to_string(&existing).expect("read"), curated);
    let beside = std::fs::read_to_string(dir.join("sm8550.yaml.imported")).expect("beside");
    assert!(beside.contains("soc: sm8550"));
    let forced: Vec<String> = args(true);
    let forced: Vec<&str> = forced.iter().map(String::as_str).collect();
    let (code, _, err) = socgen(&forced);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&existing).expect("read"), beside);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Outside a catalogue root (no `socs/blocks/` where it runs), `import` maps nodes to the block
/// revisions bundled in socgen, as `check` does for a SoC file given by path.
#[test]
fn import_outside_a_catalogue_uses_the_bundled_block_revisions() {
    let dir = temp("import-bundled");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let dts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dts/sm8550-facts.dts");
    let dtb = dir.join("board.dtb");
    let status = Command::new("dtc")
        .args(["-q", "-I", "dts", "-O", "dtb", "-o"])
        .arg(&dtb)
        .arg(&dts)
        .status()
        .expect("dtc (Debian package device-tree-compiler; .ci/run installs it)");
    assert!(status.success());
    let out = Command::new(env!("CARGO_BIN_EXE_socgen"))
        .args(["import", "--dtb", "board.dtb"])
        .current_dir(&dir)
        .output()
        .expect("run socgen");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("bundled in socgen"), "{err}");
    let draft = std::fs::read_to_string(dir.join("sm8550.yaml")).expect("draft");
    assert!(draft.contains("block: bam@v1.7.0"), "{draft}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A board's blob whose SoC the catalogue has gives a board file (the board's decisions), not a
/// second SoC file; checked with its SoC, the overrides it states are no longer reported.
#[test]
fn import_of_a_board_blob_of_a_catalogued_soc_drafts_a_board_file() {
    let dir = temp("import-board");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let dts = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dts/sm8550-facts.dts"),
    )
    .expect("dts")
    .replacen(
        "compatible = \"qcom,sm8550\";",
        "compatible = \"qcom,sm8550-mtp\", \"qcom,sm8550\";",
        1,
    )
    .replacen("\t\t\tqcom,controlled-remotely;\n", "", 1)
    .replacen(
        "dmas = <&cryptobam 4>, <&cryptobam 5>;",
        "dmas = <&cryptobam 4>, <&cryptobam 5>;\n\t\t\tstatus = \"disabled\";",
        1,
    );
    std::fs::write(dir.join("board.dts"), dts).expect("write");
    let dtb = dir.join("board.dtb");
    let status = Command::new("dtc")
        .args(["-q", "-I", "dts", "-O", "dtb", "-o"])
        .arg(&dtb)
        .arg(dir.join("board.dts"))
        .status()
        .expect("dtc (Debian package device-tree-compiler; .ci/run installs it)");
    assert!(status.success());
    let (code, _, err) = socgen(&[
        "import",
        "--dtb",
        &dtb.display().to_string(),
        "--out",
        &dir.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let board = std::fs::read_to_string(dir.join("boards/sm8550-mtp.yaml")).expect("board");
    assert!(
        board.contains("board: sm8550-mtp\nsoc: sm8550\n"),
        "{board}"
    );
    assert!(
        board.contains("compatible: [\"qcom,sm8550-mtp\"]"),
        "{board}"
    );
    assert!(
        board.contains("{instance: cryptobam, controlled_remotely: false}"),
        "{board}"
    );
    assert!(
        board.contains("{instance: crypto, status: disabled}"),
        "{board}"
    );
    assert!(!dir.join("sm8550.yaml").exists(), "no second SoC file");
    assert!(!err.contains("W0501"), "the board file states them: {err}");
    // A second import refuses to overwrite the board file.
    let (code, _, err) = socgen(&[
        "import",
        "--dtb",
        &dtb.display().to_string(),
        "--out",
        &dir.display().to_string(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(dir.join("boards/sm8550-mtp.yaml.imported").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `generate --soc X` prints only the diagnostics of the files X is made of: sc7280's W0203 is
/// not sm8550's business.
#[test]
fn generate_for_one_soc_prints_only_its_diagnostics() {
    let dir = temp("generate-one");
    let out = dir.display().to_string();
    let (code, _, err) = socgen(&["generate", "--soc", "sm8550", "--lang", "md", "--out", &out]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("W0203"), "{err}");
    let (code, _, err) = socgen(&["generate", "--soc", "sc7280", "--lang", "md", "--out", &out]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("sc7280.yaml") && err.contains("W0203"),
        "{err}"
    );
    assert!(!err.contains("ipq9574.yaml"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
