//! Names and provenance: identifiers usable in every generated language (E0102), names unique
//! within their scope (E0101), `source:` present (E0006), names agreeing with the file's place
//! (E0007).

use super::Validator;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::source::{Loc, Sp};
use std::collections::HashMap;

/// How a kind of name must be spelt.
#[derive(Clone, Copy)]
pub(super) enum Case {
    Upper,
    Lower,
}

const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];
const C_KEYWORDS: &[&str] = &[
    "auto", "case", "char", "default", "double", "float", "goto", "inline", "int", "long",
    "register", "restrict", "short", "signed", "sizeof", "switch", "typedef", "unsigned", "void",
    "volatile", "bool",
];
/// Field names that would collide with methods every generated value type has.
const RESERVED_FIELD_NAMES: &[&str] = &["TO_BITS", "FROM_BITS", "RESET", "ZERO"];

/// Why `name` cannot be an identifier of the given case, and a rename that can; `None` if it
/// can.
fn identifier_problem(name: &str, case: Case) -> Option<(&'static str, String)> {
    let rename = |fixed: String| format!("rename it, e.g. `{fixed}`");
    let lower = name.to_lowercase();
    if name.is_empty() {
        Some(("is empty", "give it a name".to_string()))
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        let fixed: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        Some((
            "contains characters other than ASCII letters, digits and `_`",
            rename(fixed),
        ))
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        let prefix = match case {
            Case::Upper => "N",
            Case::Lower => "n",
        };
        Some(("starts with a digit", rename(format!("{prefix}{name}"))))
    } else if RUST_KEYWORDS.contains(&lower.as_str()) || C_KEYWORDS.contains(&lower.as_str()) {
        Some((
            "is a Rust or C keyword once lower-cased, so it cannot name generated items",
            rename(format!("{name}_")),
        ))
    } else {
        match case {
            Case::Upper if name.chars().any(|c| c.is_ascii_lowercase()) => {
                Some(("must be UPPER_SNAKE", rename(name.to_uppercase())))
            }
            Case::Lower if name.chars().any(|c| c.is_ascii_uppercase()) => {
                Some(("must be lower_snake", rename(name.to_lowercase())))
            }
            _ => None,
        }
    }
}

impl Validator<'_> {
    pub(super) fn ident(&mut self, name: &Sp<String>, what: &str, case: Case) {
        if let Some((why, fix)) = identifier_problem(&name.value, case) {
            self.push(e0102_invalid_identifier(name, what, why, &fix));
        }
    }

    /// A field name must also not collide with the methods of its generated value type.
    pub(super) fn field_name(&mut self, name: &Sp<String>) {
        self.ident(name, "field", Case::Upper);
        if RESERVED_FIELD_NAMES.contains(&name.value.to_uppercase().as_str()) {
            self.push(e0102_reserved_field_name(name));
        }
    }

    /// Reports names that occur twice (case-insensitively, since generated names change case).
    pub(super) fn unique<'n>(
        &mut self,
        names: impl IntoIterator<Item = &'n Sp<String>>,
        what: &str,
        scope: &str,
    ) {
        let mut seen: HashMap<String, &Sp<String>> = HashMap::new();
        for name in names {
            match seen.get(&name.value.to_uppercase()) {
                Some(first) => self.push(e0101_duplicate_name(name, first.loc, what, scope)),
                None => {
                    seen.insert(name.value.to_uppercase(), name);
                }
            }
        }
    }

    pub(super) fn require_source(&mut self, source: &Option<Sp<String>>, at: Loc, what: &str) {
        if source.as_ref().is_none_or(|s| s.value.trim().is_empty()) {
            self.push(e0006_missing_source(at, what));
        }
    }

    /// A name written in a file must match where the file is (its directory or stem).
    pub(super) fn matches_place(
        &mut self,
        written: &Sp<String>,
        place: &str,
        what: &str,
        fix: String,
    ) {
        if written.value != place {
            self.push(e0007_disagrees_with_place(written, place, what, fix));
        }
    }
}

fn e0006_missing_source(at: Loc, what: &str) -> Diagnostic {
    Diagnostic::new(Code::MissingSource, at, format!("{what} has no `source:`"))
        .label("no provenance for these facts")
        .help(
            "add `source:` naming the file and version the facts come from \
         (repository, path, commit); never invent a fact",
        )
}

fn e0007_disagrees_with_place(
    written: &Sp<String>,
    place: &str,
    what: &str,
    fix: String,
) -> Diagnostic {
    Diagnostic::new(
        Code::FileName,
        written.loc,
        format!("`{}` disagrees with the {what} `{place}`", written.value),
    )
    .label(format!("disagrees with the {what}"))
    .help(fix)
}

fn e0101_duplicate_name(name: &Sp<String>, first: Loc, what: &str, scope: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateName,
        name.loc,
        format!("duplicate {what} `{}` in {scope}", name.value),
    )
    .label("defined again here")
    .related(first, "first defined here")
    .help(format!("rename or remove one of the two {what}s"))
}

fn e0102_invalid_identifier(name: &Sp<String>, what: &str, why: &str, fix: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidIdentifier,
        name.loc,
        format!("{what} name `{}` {why}", name.value),
    )
    .label("not a usable identifier")
    .help(fix)
}

fn e0102_reserved_field_name(name: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidIdentifier,
        name.loc,
        format!(
            "field name `{}` is reserved: generated value types have a method of that name",
            name.value
        ),
    )
    .label("reserved")
    .help(format!("rename it, e.g. `{}_FIELD`", name.value))
}

#[cfg(test)]
mod tests {
    use super::{Case, identifier_problem};

    #[test]
    fn identifiers_are_refused_for_one_reason_each_with_a_rename_that_passes() {
        for (name, case, why) in [
            ("", Case::Upper, "is empty"),
            ("KÉY", Case::Upper, "contains characters"),
            ("3DES", Case::Upper, "starts with a digit"),
            ("TYPE", Case::Upper, "keyword"),
            ("INT", Case::Upper, "keyword"),
            ("Key", Case::Upper, "UPPER_SNAKE"),
            ("Dev", Case::Lower, "lower_snake"),
        ] {
            let (got, fix) = identifier_problem(name, case).expect("refused");
            assert!(got.contains(why), "{name}: {got}");
            let renamed = fix.split('`').nth(1).unwrap_or("");
            if !name.is_empty() {
                assert!(
                    identifier_problem(renamed, case).is_none(),
                    "{name} -> {renamed}"
                );
            }
        }
        assert!(identifier_problem("P_CTRL", Case::Upper).is_none());
        assert!(identifier_problem("cryptobam", Case::Lower).is_none());
    }
}
