//! socgen's one negative-test suite: every directory under `tests/bad-inputs/` is a tiny
//! catalogue root (SoC files at the top, block files under `blocks/<block>/<revision>.yaml`)
//! whose `expected` file lists the diagnostics `socgen::check` must report, one
//! `CODE path:LINE:COL` a line, in the checker's order; `tests/bad-inputs/codes` names each
//! code's negative case. See `tests/bad-inputs/README.md`.
//!
//! Every case must also finish within 2 s without panicking, and keep the invariants every run
//! keeps (messages in the format's words, a model exactly when there is no error). A case the
//! validator is known to get wrong keeps the right answer in `expected` and today's output in
//! `known-bug` (with the reason), and passes while that output is unchanged.
//!
//! `SOCGEN_BLESS=1` (the suite's one way to bless) rewrites the `expected` files (or the output
//! recorded in `known-bug`) from the actual output; review the diff.
//! `SOCGEN_BAD_INPUTS_VERBOSE=1` prints every diagnostic.

use socgen::diagnostics::Code;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Every case must be checked within this time (it also bounds the alias bomb and the nesting).
const TIME_LIMIT: Duration = Duration::from_secs(2);
/// A run still going after this long is reported as a hang and abandoned.
const HANG_LIMIT: Duration = Duration::from_secs(3);
/// How many times a slow run is repeated before the case counts as slow.
const SLOW_RETRIES: u32 = 2;

/// Words a diagnostic message must not contain: Rust types, the parser's API, or the position
/// the diagnostic already gives. The parser's and serde's own messages use them; the loader
/// must have put them in the format's words (`socs/README.md`).
const FOREIGN_WORDS: &[&str] = &[
    "u64",
    "u32",
    "i64",
    "struct ",
    "expected enum",
    "of enum",
    "untagged",
    "Options",
    "Policy",
    "from_str",
    " at line ",
    "Spec",
    "NumberOrWord",
    "budget breached",
    "{ ",
];

/// The case generated at run time, rather than committed: a SoC file over the 4 MiB limit.
const BIG_CASE: &str = "file-over-4mib";
const BIG_EXPECTED: &str = "E0002 big.yaml:1:1";

fn catalogue() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bad-inputs")
}

/// The committed case directories, sorted.
fn case_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(catalogue())
        .expect("tests/bad-inputs exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn case_name(dir: &Path) -> String {
    dir.file_name()
        .expect("case directory name")
        .to_string_lossy()
        .into_owned()
}

/// The lines of an `expected` file, blank lines dropped.
fn parse_expected(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The `expected` lines of a committed case.
fn expected_of(dir: &Path) -> Result<Vec<String>, String> {
    let path = dir.join("expected");
    std::fs::read_to_string(&path)
        .map(|t| parse_expected(&t))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// One diagnostic as `CODE rel/path.yaml:LINE:COL`, and its message for failure reports.
struct Actual {
    line: String,
    message: String,
}

/// How one run of the checker ended.
enum Outcome {
    /// It returned these diagnostics.
    Finished(Vec<Actual>),
    /// It panicked with this message.
    Panicked(String),
    /// It had not returned after [`HANG_LIMIT`]; its thread is left running.
    Hung,
}

/// Runs the checker on one case directory on its own thread, catching panics and timing it.
/// A run that has not finished after [`HANG_LIMIT`] is abandoned (its thread keeps spinning
/// until the test process exits), so one hanging case cannot stall the whole catalogue.
fn run(dir: &Path) -> (Outcome, Duration) {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = dir.to_path_buf();
    let start = Instant::now();
    std::thread::Builder::new()
        .name(format!("bad-input {}", case_name(dir)))
        .spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(|| check_case(&owned)));
            let elapsed = start.elapsed();
            let _ = tx.send((outcome, elapsed));
        })
        .expect("spawn checker thread");
    match rx.recv_timeout(HANG_LIMIT) {
        Ok((Ok(lines), elapsed)) => (Outcome::Finished(lines), elapsed),
        Ok((Err(payload), elapsed)) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(non-string panic payload)".to_string());
            (Outcome::Panicked(msg), elapsed)
        }
        Err(_) => (Outcome::Hung, start.elapsed()),
    }
}

/// Checks one case; a case with a `board.dtb` is also cross-checked against it (`socgen check
/// --dtb`), and a blob socgen refuses is the one line `blob board.dtb: <kind>`.
fn check_case(dir: &Path) -> Vec<Actual> {
    let dtb = dir.join("board.dtb");
    // A `paths` file names what to check instead of the whole case (one path a line, relative
    // to the case), as `socgen check --dtb board.dtb chip.yaml` checks one file.
    let paths: Vec<PathBuf> = match std::fs::read_to_string(dir.join("paths")) {
        Ok(text) => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| dir.join(l))
            .collect(),
        Err(_) => vec![dir.to_path_buf()],
    };
    if !dtb.is_file() {
        return actual_lines(dir, &socgen::check(&paths), false);
    }
    match socgen::dt::check::check_files(&paths, &dtb, None) {
        Ok((checked, _)) => actual_lines(dir, &checked, true),
        Err(e) => vec![Actual {
            line: format!("blob board.dtb: {}", e.kind.as_str()),
            message: e.to_string(),
        }],
    }
}

/// The diagnostics of one run as `CODE rel/path.yaml:LINE:COL`, paths relative to `dir`, then
/// a `FLAW` line for each invariant the run breaks whatever the case: a message in the
/// parser's words instead of the format's, or a run whose errors and model disagree (lowering
/// runs exactly when validation found no error, and never fails on what validation passed).
fn actual_lines(dir: &Path, checked: &socgen::Checked, cross_checked: bool) -> Vec<Actual> {
    let mut out: Vec<Actual> = Vec::new();
    let mut flaws: Vec<Actual> = Vec::new();
    for d in &checked.diagnostics {
        let path = checked.loaded.sources.path(d.loc.file);
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let line = format!("{} {}:{}:{}", d.code.as_str(), rel, d.loc.line, d.loc.col);
        for word in FOREIGN_WORDS {
            if d.message.contains(word) || d.message.ends_with("(used") {
                flaws.push(Actual {
                    line: format!("FLAW wording of {line}"),
                    message: format!("{:?} contains {word:?}", d.message),
                });
            }
        }
        out.push(Actual {
            line,
            message: d.message.clone(),
        });
    }
    // `check --dtb` adds its E05xx after lowering, so only a plain check pins the model.
    let errors = socgen::diagnostics::has_errors(&checked.diagnostics);
    if !cross_checked && errors == checked.model.is_some() {
        flaws.push(Actual {
            line: "FLAW model".to_string(),
            message: format!(
                "errors: {errors}, model: {}; a model must come exactly from input without errors",
                checked.model.is_some()
            ),
        });
    }
    // Lowering keeps every SoC that validation accepted.
    if let Some(model) = &checked.model {
        for soc in &checked.loaded.socs {
            let name = &soc.syntax.soc.value;
            if !model.socs.iter().any(|s| &s.name == name) {
                flaws.push(Actual {
                    line: "FLAW lowering".to_string(),
                    message: format!("`{name}` passed validation but is not in the model"),
                });
            }
        }
    }
    out.extend(flaws);
    out
}

/// A readable difference between expected and actual lines, or `None` if they agree.
fn diff(expected: &[String], actual: &[Actual]) -> Option<String> {
    let actual_lines: Vec<&str> = actual.iter().map(|a| a.line.as_str()).collect();
    if expected
        .iter()
        .map(String::as_str)
        .eq(actual_lines.iter().copied())
    {
        return None;
    }
    let mut out = String::new();
    let mut remaining: Vec<&str> = actual_lines.clone();
    for e in expected {
        match remaining.iter().position(|a| a == e) {
            Some(i) => {
                remaining.remove(i);
            }
            None => out.push_str(&format!("    - {e}   (expected, not reported)\n")),
        }
    }
    let mut unmatched: Vec<&str> = expected.iter().map(String::as_str).collect();
    for a in actual {
        match unmatched.iter().position(|e| *e == a.line) {
            Some(i) => {
                unmatched.remove(i);
            }
            None => out.push_str(&format!(
                "    + {}   (reported, not expected: {})\n",
                a.line, a.message
            )),
        }
    }
    if out.is_empty() {
        out.push_str("    same diagnostics in a different order\n");
    }
    out.push_str("    expected:\n");
    for e in expected {
        out.push_str(&format!("      {e}\n"));
    }
    out.push_str("    actual:\n");
    for a in actual {
        out.push_str(&format!("      {}   ({})\n", a.line, a.message));
    }
    Some(out)
}

/// Writes a SoC file over the 4 MiB limit into a fresh temporary directory.
fn make_big_case() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("socgen-bad-inputs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temporary case directory");
    let mut text = String::from("# Bad input: a SoC file over the 4 MiB limit\nsoc: big\n");
    let filler = "# padding padding padding padding padding padding padding padding padding\n";
    while text.len() <= socgen::load::MAX_FILE_BYTES {
        text.push_str(filler);
    }
    std::fs::write(dir.join("big.yaml"), text).expect("write big.yaml");
    dir
}

fn bless() -> bool {
    std::env::var("SOCGEN_BLESS").is_ok_and(|v| v == "1")
}

/// What one case observably did: its diagnostics, plus the pseudo-lines `PANIC`, `HANG` and
/// `SLOW` for a run that panicked, did not finish, or took longer than [`TIME_LIMIT`]. A slow run
/// is repeated (up to [`SLOW_RETRIES`] more times) and the fastest counts, so a moment of load on
/// a shared machine does not fail the case; a case that is slow every time does.
fn observe(dir: &Path) -> (Vec<Actual>, Duration) {
    let mut attempt = 0;
    let (outcome, elapsed) = loop {
        let (outcome, elapsed) = run(dir);
        let slow = matches!(outcome, Outcome::Finished(_)) && elapsed > TIME_LIMIT;
        if !slow || attempt == SLOW_RETRIES {
            break (outcome, elapsed);
        }
        attempt += 1;
    };
    let mut observed = match outcome {
        Outcome::Finished(lines) => lines,
        Outcome::Panicked(msg) => vec![Actual {
            line: "PANIC".to_string(),
            message: format!("socgen::check panicked: {msg}"),
        }],
        Outcome::Hung => vec![Actual {
            line: "HANG".to_string(),
            message: format!("socgen::check had not returned after {HANG_LIMIT:?}"),
        }],
    };
    if elapsed > TIME_LIMIT && observed.iter().all(|a| a.line != "HANG") {
        observed.push(Actual {
            line: "SLOW".to_string(),
            message: format!(
                "took {elapsed:.2?} at best of {} runs, over the {TIME_LIMIT:?} limit",
                attempt + 1
            ),
        });
    }
    (observed, elapsed)
}

/// A case's `known-bug` file: `#` lines explain the validator problem, the other lines are what
/// the validator reports today instead of `expected`.
struct KnownBug {
    explanation: Vec<String>,
    lines: Vec<String>,
}

fn known_bug_of(dir: &Path) -> Option<KnownBug> {
    let text = std::fs::read_to_string(dir.join("known-bug")).ok()?;
    let (comments, lines): (Vec<&str>, Vec<&str>) = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .partition(|l| l.starts_with('#'));
    Some(KnownBug {
        explanation: comments.iter().map(|c| c.to_string()).collect(),
        lines: lines.iter().map(|l| l.to_string()).collect(),
    })
}

/// Rewrites `expected` (or, for a known bug, the reported lines of `known-bug`) from a run.
fn bless_case(dir: &Path, observed: &[Actual], known: Option<&KnownBug>) -> Result<bool, String> {
    let lines: Vec<String> = observed.iter().map(|a| a.line.clone()).collect();
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    match known {
        Some(k) if k.lines == lines => Ok(false),
        Some(k) => {
            let head: String = k.explanation.iter().map(|l| format!("{l}\n")).collect();
            std::fs::write(dir.join("known-bug"), head + &body).map_err(|e| e.to_string())?;
            Ok(true)
        }
        None if lines
            .iter()
            .any(|l| matches!(l.as_str(), "PANIC" | "HANG" | "SLOW") || l.starts_with("FLAW")) =>
        {
            Err(
                "    refusing to bless a panic, hang, slow run or flaw into `expected`; fix it, or \
                 record it in `known-bug`\n"
                    .to_string(),
            )
        }
        None if expected_of(dir).ok() == Some(lines) => Ok(false),
        None => {
            std::fs::write(dir.join("expected"), body).map_err(|e| e.to_string())?;
            Ok(true)
        }
    }
}

#[test]
fn every_bad_input_reports_exactly_its_expected_diagnostics() {
    let mut cases: Vec<(String, PathBuf, Option<Vec<String>>)> = case_dirs()
        .into_iter()
        .map(|d| (case_name(&d), d, None))
        .collect();
    let big = make_big_case();
    cases.push((
        BIG_CASE.to_string(),
        big.clone(),
        Some(vec![BIG_EXPECTED.to_string()]),
    ));
    assert!(
        cases.len() > 60,
        "the catalogue has shrunk: {}",
        cases.len()
    );
    // Known hangs last: their abandoned threads keep spinning and would slow the other cases.
    cases.sort_by_key(|(_, dir, _)| {
        known_bug_of(dir).is_some_and(|k| k.lines.iter().any(|l| l == "HANG"))
    });

    let only = std::env::var("SOCGEN_BAD_INPUTS_ONLY").ok();
    let mut tally = Tally::default();
    for (name, dir, built_in) in &cases {
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        tally.run(name, dir, built_in.as_deref());
    }
    let _ = std::fs::remove_dir_all(&big);
    tally.report(cases.len());
}

/// What the cases of one run came to.
#[derive(Default)]
struct Tally {
    /// (time, case), for the slowest cases.
    timings: Vec<(std::time::Duration, String)>,
    failures: Vec<String>,
    /// Cases whose `known-bug` file still says what the validator does.
    known_bugs: Vec<String>,
    /// Cases `SOCGEN_BLESS=1` rewrote.
    blessed: Vec<String>,
}

impl Tally {
    /// Runs one case and judges it against `expected` (or `built_in`) and its `known-bug`, or
    /// blesses it.
    fn run(&mut self, name: &str, dir: &Path, built_in: Option<&[String]>) {
        let (observed, elapsed) = observe(dir);
        self.timings.push((elapsed, name.to_string()));
        if std::env::var("SOCGEN_BAD_INPUTS_VERBOSE").is_ok_and(|v| v == "1") {
            eprintln!("{name}:");
            for a in &observed {
                eprintln!("    {}   {}", a.line, a.message);
            }
        }
        let known = built_in.is_none().then(|| known_bug_of(dir)).flatten();
        if bless() && built_in.is_none() {
            match bless_case(dir, &observed, known.as_ref()) {
                Ok(true) => self.blessed.push(name.to_string()),
                Ok(false) => {}
                Err(e) => self.failures.push(format!("  {name}:\n{e}")),
            }
            return;
        }
        let expected = match built_in {
            Some(e) => e.to_vec(),
            None => match expected_of(dir) {
                Ok(e) => e,
                Err(e) => {
                    self.failures.push(format!("  {name}:\n    {e}\n"));
                    return;
                }
            },
        };
        let observed_lines: Vec<&str> = observed.iter().map(|a| a.line.as_str()).collect();
        match (&known, diff(&expected, &observed)) {
            (None, None) => {}
            (None, Some(d)) => self.failures.push(format!("  {name}:\n{d}")),
            (Some(_), None) => self.failures.push(format!(
                "  {name}:\n    the validator now reports what `expected` says: the known bug is \
                 fixed, delete {}\n",
                dir.join("known-bug").display()
            )),
            (Some(k), Some(d)) if k.lines.iter().map(String::as_str).eq(observed_lines) => {
                let why: String = k.explanation.iter().map(|l| format!("    {l}\n")).collect();
                self.known_bugs.push(format!("  {name}:\n{why}{d}"));
            }
            (Some(_), Some(d)) => self.failures.push(format!(
                "  {name} (output differs from both `expected` and `known-bug`):\n{d}"
            )),
        }
    }

    /// Prints the slowest cases, what was blessed and the known bugs; fails on any failure.
    fn report(mut self, cases: usize) {
        self.timings.sort_by(|a, b| b.cmp(a));
        eprintln!(
            "slowest bad-input cases: {}",
            self.timings
                .iter()
                .take(3)
                .map(|(t, n)| format!("{n} {t:.2?}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if !self.blessed.is_empty() {
            eprintln!("SOCGEN_BLESS: rewrote {}", self.blessed.join(", "));
        }
        if !self.known_bugs.is_empty() {
            eprintln!(
                "{} known validator bugs (cases with a `known-bug` file), still as recorded:\n{}",
                self.known_bugs.len(),
                self.known_bugs.join("")
            );
        }
        assert!(
            self.failures.is_empty(),
            "{} of {cases} bad-input cases failed (SOCGEN_BLESS=1 rewrites `expected` from the \
             actual output; review the diff):\n{}",
            self.failures.len(),
            self.failures.join("")
        );
    }
}

/// The `codes` index: `(code, case)` per line, comments and blank lines dropped.
fn code_index() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(catalogue().join("codes")).expect("tests/bad-inputs/codes");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (code, case) = l.split_once(' ').unwrap_or((l, ""));
            (code.to_string(), case.trim().to_string())
        })
        .collect()
}

#[test]
fn every_code_has_exactly_one_negative_case() {
    let index = code_index();
    let mut problems = Vec::new();
    for code in Code::ALL {
        // No input reaches E0901 once validation passes: it is the internal error lowering
        // reports instead of dropping a SoC, tested by running lowering on unvalidated input
        // (`lower::tests::an_impossible_state_is_an_internal_error_not_a_dropped_soc`).
        if *code == Code::Internal {
            continue;
        }
        let rows = index.iter().filter(|(c, _)| c == code.as_str()).count();
        if rows != 1 {
            problems.push(format!(
                "{} ({}) has {rows} lines in tests/bad-inputs/codes; it needs exactly one",
                code.as_str(),
                code.title()
            ));
        }
    }
    for (code, case) in &index {
        if !Code::ALL.iter().any(|c| c.as_str() == code) {
            problems.push(format!("codes names {code}, which is not a code"));
            continue;
        }
        match expected_of(&catalogue().join(case)) {
            Err(e) => problems.push(format!("{code} {case}: {e}")),
            Ok(lines) if !lines.iter().any(|l| l.starts_with(&format!("{code} "))) => {
                problems.push(format!("{code} {case}: the case does not expect {code}"))
            }
            Ok(_) => {}
        }
    }
    // Codes a case expects must exist (a renumbered code leaves stale `expected` files).
    for dir in case_dirs() {
        let lines = expected_of(&dir).unwrap_or_else(|e| panic!("{e}"));
        for line in lines.iter().filter(|l| !l.starts_with("blob ")) {
            let code = line.split_whitespace().next().unwrap_or_default();
            if !Code::ALL.iter().any(|c| c.as_str() == code) {
                problems.push(format!("{}: expects {code}, not a code", case_name(&dir)));
            }
        }
    }
    assert!(problems.is_empty(), "\n  {}", problems.join("\n  "));
}

#[test]
fn a_path_that_does_not_exist_is_e0001_not_a_panic() {
    // The one E0001 no committed case can hold: the root itself is missing.
    let checked = socgen::check(&[PathBuf::from("/nonexistent/socgen/chip.yaml")]);
    let codes: Vec<Code> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::Io]);
    assert!(checked.model.is_none());
}

#[test]
fn a_root_without_hardware_uses_the_built_in_behaviour_catalogue() {
    let root = catalogue().join("valid-baseline");
    assert!(!root.join("hardware").exists());
    let checked = socgen::check(&[root]);
    let model = checked.model.expect("valid-baseline is valid");
    assert_eq!(
        model.behaviours.len(),
        socgen::model::BehaviourId::ALL.len()
    );
    assert!(
        checked
            .loaded
            .sources
            .files()
            .any(|(_, f)| f.path == Path::new(socgen::load::BUILTIN_HARDWARE_PATH))
    );
}

#[test]
fn strict_turns_the_lock_evidence_warnings_into_errors_that_stop_generation() {
    let checked = socgen::check(&[catalogue().join("lock-evidence-strict")]);
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code.is_lock_evidence())
        .expect("a lock-evidence diagnostic");
    assert_eq!(d.code.severity(), socgen::diagnostics::Severity::Warning);
    assert_eq!(d.severity, socgen::diagnostics::Severity::Error);
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains("to make it safe"))
    );
    assert!(checked.model.is_none(), "an error stops generation");
}

#[test]
fn an_unknown_revision_is_told_about_the_bundled_revisions_too() {
    // The tree has no qce block at all; the loader reads bundled files only when a SoC names
    // one, so a help built from the loaded blocks alone would offer `tiny@v1` and not `qce@v5`.
    let checked = socgen::check(&[catalogue().join("unknown-block-bundled-revision")]);
    let help: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownBlock)
        .filter_map(|d| d.help.as_deref())
        .collect();
    assert_eq!(help.len(), 1, "{:?}", checked.diagnostics);
    assert!(help.iter().all(|h| h.contains("qce@v5")), "{help:?}");
}
