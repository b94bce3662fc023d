//! A renderer with no dependencies, in rustc's layout, for the lean library (build scripts and
//! proc macros, where miette's graphical renderer would cost more to compile than the rest of
//! socgen). It says the same things as the graphical one: position, code, message, the source
//! line with a caret and label, each related place with its line, and the help.

use super::{Diagnostic, Severity};
use crate::source::{Loc, SourceMap};
use std::fmt::Write;

impl Diagnostic {
    /// Renders the diagnostic as plain text:
    ///
    /// ```text
    /// socs/x.yaml:4:13: error[E0101]: message
    ///   |
    /// 4 |     offset: 0x10
    ///   |             ^^^^ label
    ///   = note: socs/x.yaml:2:13: the first definition
    ///   |
    /// 2 |     offset: 0x10
    ///   |             ^^^^
    ///   = help: how to fix it
    /// ```
    pub fn render_plain(&self, sources: &SourceMap) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!(
            "{}: {kind}[{}]: {}\n",
            self.position(sources),
            self.code.as_str(),
            self.message
        );
        snippet(&mut out, sources, self.loc, &self.label);
        for r in &self.related {
            let at = format!(
                "{}:{}:{}",
                sources.path(r.loc.file).display(),
                r.loc.line,
                r.loc.col
            );
            let _ = writeln!(out, "  = note: {at}: {}", r.label);
            snippet(&mut out, sources, r.loc, "");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }

    /// Without the `cli` feature, the plain renderer (`color` is ignored).
    #[cfg(not(feature = "cli"))]
    pub fn render(&self, sources: &SourceMap, _color: bool) -> String {
        self.render_plain(sources)
    }
}

/// The line of `loc` with a caret under its node; nothing for an empty file.
fn snippet(out: &mut String, sources: &SourceMap, loc: Loc, label: &str) {
    let text = &sources.get(loc.file).text;
    if text.is_empty() {
        return;
    }
    let (start, len) = sources.byte_range(loc);
    let line_start = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| start + i);
    let (Some(line), Some(before), Some(node)) = (
        text.get(line_start..line_end),
        text.get(line_start..start),
        text.get(start..start + len),
    ) else {
        return;
    };
    let number = text
        .get(..line_start)
        .map_or(0, |t| t.matches('\n').count())
        + 1;
    let gutter = " ".repeat(number.to_string().len());
    let pad = " ".repeat(before.chars().count());
    let carets = "^".repeat(node.chars().count().max(1));
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {}", line.trim_end_matches('\r'));
    let _ = writeln!(out, "{gutter} | {pad}{carets} {label}");
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::{Code, Diagnostic};
    use crate::source::{Loc, SourceMap};

    #[test]
    fn plain_names_position_source_line_related_and_help() {
        let mut map = SourceMap::default();
        let f = map.add("a.yaml".into(), "x: 1\nyy: 22\n".into());
        let at = |line, col, offset, len| Loc {
            line,
            col,
            offset: Some(offset),
            len,
            file: f,
        };
        let d = Diagnostic::new(Code::Syntax, at(2, 5, 9, 2), "bad value")
            .label("here")
            .related(at(1, 4, 3, 1), "first one")
            .help("fix it");
        let text = d.render_plain(&map);
        let expected = format!(
            "a.yaml:2:5: error[{}]: bad value\n  |\n2 | yy: 22\n  |     ^^ here\n  \
             = note: a.yaml:1:4: first one\n  |\n1 | x: 1\n  |    ^ \n  = help: fix it\n",
            Code::Syntax.as_str()
        );
        assert_eq!(text, expected);
    }
}
