//! The repository stands alone: a user's clone has only what is in it, so no source, doc or
//! data file may send the reader to notes kept outside it (a sibling `shared/` directory, its
//! design notes, fact sheets and question list) or to the tracker's issue numbers. Facts that
//! code and docs rely on are copied in with their provenance (`docs/hardware/`,
//! `socs/hardware/`, `tests/data/`).

use socgen_tests::repo;

/// The place in `line` that cites something outside the repository, if any.
fn outside_reference(line: &str) -> Option<&'static str> {
    let lower = line.to_ascii_lowercase();
    // Spelled in pieces so that this file does not cite them itself.
    let names: [(&str, &'static str); 4] = [
        (&["..", "/shared"].concat(), "the sibling shared/ directory"),
        (
            &["design", ".md"].concat(),
            "the design notes outside the repository",
        ),
        (
            &["hw", "-facts"].concat(),
            "the fact sheets outside the repository",
        ),
        (
            &["open-questions", ".md"].concat(),
            "the question list outside the repository",
        ),
    ];
    if let Some((_, what)) = names.iter().find(|(n, _)| lower.contains(n)) {
        return Some(what);
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("issue") {
        let after = rest[at + "issue".len()..].trim_start_matches(['s', ' ', '#']);
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            return Some("an issue number");
        }
        rest = &rest[at + 1..];
    }
    None
}

#[test]
fn nothing_cites_notes_outside_the_repository_or_issue_numbers() {
    let root = repo::root();
    let files = repo::files(&root, &|_| true);
    let mut found = Vec::new();
    let mut texts = 0;
    for file in &files {
        // Only text (UTF-8) files: blobs and images cannot cite anything.
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        texts += 1;
        for (n, line) in text.lines().enumerate() {
            if let Some(what) = outside_reference(line) {
                let rel = file.strip_prefix(&root).unwrap_or(file);
                found.push(format!(
                    "{}:{}: {what}: {}",
                    rel.display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(texts > 200, "found {texts} text files");
    assert!(
        found.is_empty(),
        "copy the fact into the repository (with its source) instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_checker_recognises_what_it_refuses() {
    assert!(outside_reference(&["see ", "..", "/shared/notes"].concat()).is_some());
    assert!(outside_reference(&["fixed in Issue ", "16"].concat()).is_some());
    assert!(outside_reference(&["issues #", "3 and 4"].concat()).is_some());
    assert!(outside_reference("an issue with the reset: it keeps the lock").is_none());
    assert!(outside_reference("the upstream issue tracker").is_none());
}
