//! Printing the diagnostics of a check and the exit code they call for.

use clap::ValueEnum;
use socgen::diagnostics::{Severity, has_errors};
use std::io::IsTerminal;
use std::process::ExitCode;

/// How diagnostics are printed.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum MessageFormat {
    /// Rendered for people: source line, caret, help.
    Human,
    /// One JSON object per diagnostic per line.
    Json,
}

/// Prints diagnostics for people; returns the exit code they call for (1 on errors).
pub fn report(checked: &socgen::Checked) -> ExitCode {
    report_denying(checked, MessageFormat::Human, false)
}

/// Prints diagnostics; returns the exit code they call for (1 on errors, and on warnings when
/// `deny_warnings`).
pub fn report_denying(
    checked: &socgen::Checked,
    format: MessageFormat,
    deny_warnings: bool,
) -> ExitCode {
    match format {
        MessageFormat::Json => {
            for d in &checked.diagnostics {
                println!("{}", d.to_json(&checked.loaded.sources));
            }
        }
        MessageFormat::Human => {
            if !checked.diagnostics.is_empty() {
                eprintln!("{}", checked.render(std::io::stderr().is_terminal()));
                let errors = checked
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                let warnings = checked.diagnostics.len() - errors;
                eprintln!("{errors} error(s), {warnings} warning(s)");
            }
        }
    }
    if fails(checked, deny_warnings) {
        if deny_warnings && !has_errors(&checked.diagnostics) && format == MessageFormat::Human {
            eprintln!("error: warnings are denied (--deny-warnings)");
        }
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Whether the diagnostics fail the run: errors, or any diagnostic when `deny_warnings`.
pub fn fails(checked: &socgen::Checked, deny_warnings: bool) -> bool {
    has_errors(&checked.diagnostics) || (deny_warnings && !checked.diagnostics.is_empty())
}
