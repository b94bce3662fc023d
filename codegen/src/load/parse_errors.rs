//! Parse errors in the user's words: serde and parser messages turned into located diagnostics
//! with the code (E0002-E0005) and a fix.

use super::*;

/// Turns a parser or serde error into a diagnostic with a code and a fix, in socgen's words
/// (the parser's own messages name its API and Rust types).
pub(super) fn parse_error(file: FileId, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::Error as E;
    let mut loc = e
        .location()
        .map_or(Loc::start_of(file), |l| Loc::from_saphyr(l, file));
    let mut inner = e;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = inner {
        inner = error;
    }
    const ALIASES: &str = "description files need no YAML anchors or aliases: write the values out";
    let own = |code: Code, msg: String, help: &str| (code, msg, help.to_string());
    let (code, msg, help) = match inner {
        E::AliasReplayLimitExceeded {
            max_total_replayed_events,
            ..
        } => own(
            Code::Syntax,
            format!("YAML aliases expand to more than {max_total_replayed_events} nodes"),
            ALIASES,
        ),
        E::AliasExpansionLimitExceeded {
            max_expansions_per_anchor,
            ..
        } => own(
            Code::Syntax,
            format!("a YAML anchor is used more than {max_expansions_per_anchor} times"),
            ALIASES,
        ),
        E::AliasReplayStackDepthExceeded { max_depth, .. } => own(
            Code::Syntax,
            format!("YAML aliases nest more than {max_depth} deep"),
            ALIASES,
        ),
        E::UnknownAnchor { .. } => own(
            Code::Syntax,
            "this alias names no anchor defined before it".to_string(),
            ALIASES,
        ),
        E::Budget { breach, .. } => own(Code::Syntax, budget_message(breach), BUDGET_HELP),
        E::DuplicateMappingKey { key, .. } => own(
            Code::DuplicateName,
            match key {
                Some(k) => format!("key `{k}` is given twice in this mapping"),
                None => "a key is given twice in this mapping".to_string(),
            },
            "keep one of the two; YAML does not allow a key twice in one mapping",
        ),
        E::MultipleDocuments { .. } => own(
            Code::Syntax,
            "the file holds more than one YAML document".to_string(),
            "one description per file: remove the `---` line and what follows, or move it to \
             a file of its own",
        ),
        E::Eof { .. } => own(
            Code::Syntax,
            "the file ends where a value was expected".to_string(),
            "complete the last entry, or remove it",
        ),
        other => {
            use serde_saphyr::MessageFormatter;
            let raw = serde_saphyr::UserMessageFormatter.format_message(other);
            let msg = plain_words(&raw);
            let (code, help) = classify(other, &msg);
            (code, msg, help)
        }
    };
    if code == Code::MissingKey {
        // The parser points at the mapping's last key; the key is missing from the mapping.
        loc = mapping_start(text, loc);
    }
    // Control characters from the input must not reach a terminal.
    let msg: String = msg
        .chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect();
    Diagnostic::new(code, loc, msg)
        .label(match code {
            Code::UnknownKey => "not a key here",
            Code::MissingKey => "in this mapping",
            Code::WrongType => "wrong type or value",
            Code::DuplicateName => "given again here",
            _ => "here",
        })
        .help(help)
}

/// The first key of the mapping whose key (any of them) is at `key`: in a flow mapping the key
/// after its `{`, in a block mapping the topmost key at the same indentation, stopping at the
/// `- ` that starts a list item.
pub(super) fn mapping_start(text: &str, key: Loc) -> Loc {
    let lines: Vec<&str> = text.lines().collect();
    let (Some(line_idx), Some(col_idx)) = (
        (key.line as usize).checked_sub(1),
        (key.col as usize).checked_sub(1),
    ) else {
        return key;
    };
    let Some(line) = lines.get(line_idx) else {
        return key;
    };
    let at = |line: usize, col: usize| Loc {
        line: u32::try_from(line + 1).unwrap_or(u32::MAX),
        col: u32::try_from(col + 1).unwrap_or(u32::MAX),
        offset: None,
        len: 1,
        file: key.file,
    };
    // A flow mapping: the last `{` before the key that is not closed before it.
    let before: Vec<char> = line.chars().take(col_idx).collect();
    let mut depth = 0i32;
    for (i, c) in before.iter().enumerate().rev() {
        match c {
            '}' => depth += 1,
            '{' if depth == 0 => {
                let first = before[i + 1..]
                    .iter()
                    .position(|c| *c != ' ')
                    .map_or(col_idx, |p| i + 1 + p);
                return at(line_idx, first);
            }
            '{' => depth -= 1,
            _ => {}
        }
    }
    let mut first = line_idx;
    for (l, text) in lines.iter().enumerate().take(line_idx).rev() {
        let trimmed = text.trim_start_matches(' ');
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = text.len() - trimmed.len();
        if indent > col_idx {
            continue;
        }
        if indent == col_idx {
            first = l;
            continue;
        }
        // `  - name: X` opens the item whose keys sit at `col_idx`.
        let lead = text.get(indent..col_idx).unwrap_or("");
        if lead.starts_with('-') && lead.chars().all(|c| c == '-' || c == ' ') {
            first = l;
        }
        break;
    }
    at(first, col_idx)
}

pub(super) const BUDGET_HELP: &str = "the file exceeds a parser limit; description files need neither deep \
                           nesting nor YAML aliases, and no real block needs this many entries";

/// A parser limit, in words.
pub(super) fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { .. } => "the YAML nests deeper than 64 levels".to_string(),
        B::Aliases { .. } | B::AliasAnchorRatio { .. } => {
            "the file uses too many YAML aliases".to_string()
        }
        B::Anchors { .. } => "the file defines too many YAML anchors".to_string(),
        B::Nodes { .. } => format!("the file has more than {MAX_NODES} YAML nodes"),
        B::Events { .. } => "the file has too many YAML nodes".to_string(),
        B::ScalarBytes { .. } => "the file's values are too long in total".to_string(),
        B::Documents { .. } => "the file holds too many YAML documents".to_string(),
        _ => "the file exceeds a parser limit".to_string(),
    }
}

/// Replaces the parser's and serde's technical words (Rust types, event names) with the
/// format's.
pub(super) fn plain_words(raw: &str) -> String {
    let mut msg = raw.to_string();
    for (from, to) in [
        (
            "expected mapping start",
            "expected a mapping (`key: value` lines or `{...}`)",
        ),
        (
            "expected sequence start",
            "expected a list (`- item` lines or `[...]`)",
        ),
        (
            "unexpected end of input",
            "the file ends where a value was expected",
        ),
        (
            "expected string scalar",
            "expected a single value here, not a list or mapping",
        ),
    ] {
        if msg == from {
            msg = to.to_string();
        }
    }
    for (from, to) in [
        ("invalid type: sequence,", "invalid type: a list,"),
        ("invalid type: map,", "invalid type: a mapping,"),
    ] {
        msg = msg.replace(from, to);
    }
    for ty in [
        "u8", "u16", "u32", "u64", "u128", "i8", "i16", "i32", "i64", "i128",
    ] {
        if msg == format!("invalid {ty}") {
            return "expected a number of 0 or more (decimal or 0x hexadecimal)".to_string();
        }
        msg = msg.replace(&format!("expected {ty}"), "expected a number of 0 or more");
    }
    // `expected struct RegisterSpec` / `enum Status`: name the YAML shape, not the Rust type.
    for (kind, shape) in [
        ("struct ", "a mapping"),
        ("enum ", "one of the allowed words"),
    ] {
        while let Some(i) = msg.find(&format!("expected {kind}")) {
            let start = i + "expected ".len();
            let end = msg[start + kind.len()..]
                .find(|c: char| !c.is_alphanumeric() && c != '_')
                .map_or(msg.len(), |e| start + kind.len() + e);
            msg.replace_range(start..end, shape);
        }
    }
    msg
}

/// The code and fix for an error the loader has no words of its own for, chosen by the error's
/// kind: serde-saphyr keeps serde's error kinds as variants (unknown field, unknown variant,
/// missing field, invalid type or value), so E0003, E0004 and E0005 never depend on the wording
/// of a message (`unknown_and_missing_keys_are_classified_by_kind` pins each kind). Only the
/// remaining variants, whose text is the scanner's or a `custom` message (serde's untagged
/// enums), fall back on the words `plain_words` left in `msg`.
pub(super) fn classify(e: &serde_saphyr::Error, msg: &str) -> (Code, String) {
    use serde_saphyr::Error as E;
    const CHECK_TYPE: &str =
        "check the value's type against socs/README.md (numbers, strings, lists, mappings)";
    match e {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let allowed: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            let help = match did_you_mean(field, &allowed) {
                Some(s) => format!("did you mean `{s}`? (allowed here: {})", allowed.join(", ")),
                None if allowed.is_empty() => "no keys are allowed here".to_string(),
                None => format!("allowed keys here: {}", allowed.join(", ")),
            };
            (Code::UnknownKey, help)
        }
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let allowed: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            let help = match did_you_mean(variant, &allowed) {
                Some(s) => format!("did you mean `{s}`? (allowed: {})", allowed.join(", ")),
                None => format!("allowed values: {}", allowed.join(", ")),
            };
            (Code::WrongType, help)
        }
        E::SerdeMissingField { field, .. } => (
            Code::MissingKey,
            format!("add `{field}:` to this mapping (see socs/README.md for what it means)"),
        ),
        E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::SerdeInvalidLength { .. }
        | E::InvalidScalar { .. } => (Code::WrongType, CHECK_TYPE.to_string()),
        _ if msg.starts_with("invalid")
            || msg.starts_with("expected")
            || msg.contains("invalid type") =>
        {
            (Code::WrongType, CHECK_TYPE.to_string())
        }
        _ if msg.contains("budget") || msg.contains("limit") || msg.contains("depth") => (
            Code::Syntax,
            "the file exceeds a parser limit (nesting, aliases or size); description files need \
             neither deep nesting nor YAML aliases"
                .to_string(),
        ),
        _ => (
            Code::Syntax,
            "fix the YAML syntax here (indentation, a missing `:` or an unclosed bracket or quote)"
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod classify_tests {
    use super::classify;
    use crate::diagnostics::Code;
    use serde::de::Error as _;
    use serde_saphyr::Error as E;

    /// Each serde error kind, made the way serde-derived code makes it, gets its code whatever
    /// serde-saphyr's message says; a serde-saphyr upgrade that reshapes a kind fails here.
    #[test]
    fn unknown_and_missing_keys_are_classified_by_kind() {
        let unknown = E::unknown_field("ofset", &["name", "offset", "access"]);
        let (code, help) = classify(&unknown, "");
        assert_eq!(code, Code::UnknownKey);
        assert!(help.starts_with("did you mean `offset`?"), "{help}");
        let (code, help) = classify(&E::unknown_field("x", &[]), "");
        assert_eq!(
            (code, help.as_str()),
            (Code::UnknownKey, "no keys are allowed here")
        );

        let (code, help) = classify(&E::missing_field("size"), "");
        assert_eq!(code, Code::MissingKey);
        assert!(help.starts_with("add `size:`"), "{help}");

        let (code, help) = classify(&E::unknown_variant("rx", &["ro", "rw", "wo"]), "");
        assert_eq!(code, Code::WrongType);
        assert!(help.starts_with("did you mean `r"), "{help}");

        let invalid = E::invalid_type(serde::de::Unexpected::Str("four"), &"a number");
        assert_eq!(classify(&invalid, "").0, Code::WrongType);
        let invalid = E::invalid_value(serde::de::Unexpected::Signed(-1), &"0 or more");
        assert_eq!(classify(&invalid, "").0, Code::WrongType);
    }

    /// The kinds above never consult the message: a message that reads like another kind does
    /// not change the code.
    #[test]
    fn the_message_does_not_decide_a_serde_kind() {
        let missing = E::missing_field("size");
        assert_eq!(
            classify(&missing, "unknown field `size`").0,
            Code::MissingKey
        );
        let unknown = E::unknown_field("size", &["base"]);
        assert_eq!(
            classify(&unknown, "missing field `size`").0,
            Code::UnknownKey
        );
    }
}
