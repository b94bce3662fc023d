//! The validation pass: every rule of the format, each reported with a stable code at the
//! place that breaks it, the conflicting definition where there is one, and a fix.
//!
//! It reads only the syntax; it never stops at the first problem. Lowering runs only on input
//! that produced no errors here.
//!
//! The rules live in one module per family (`validate/<family>.rs`), each an `impl Validator`
//! block of short checks, and the named constructors of its diagnostics (`e0302_...`, after
//! their code, so `grep e0302_` finds every way to get one) sit in the same file below the
//! rules that call them. A new family is a file beside these, one `mod` line and one call in
//! `validate()`.

mod addresses;
mod block;
mod board;
mod catalogue;
mod evidence;
mod fieldset;
mod identifiers;
mod instance;
mod lock;
mod register;
mod soc;
mod unlock;

use crate::diagnostics::Diagnostic;
use crate::load::Loaded;

/// Checks everything loaded and returns every problem found.
pub fn validate(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut v = Validator {
        loaded,
        diags: Vec::new(),
    };
    for block in &loaded.blocks {
        v.block(block);
    }
    for soc in &loaded.socs {
        v.soc(soc);
    }
    for hw in &loaded.hardware {
        v.hardware(hw);
    }
    for board in &loaded.boards {
        v.board(board);
    }
    v.root_compatibles();
    v.catalogue_complete();
    v.diags.extend(catalogue::check(loaded));
    v.diags.extend(fieldset::catalogue_fieldsets(loaded));
    v.diags
}

/// `did you mean` prefix for a help line, empty without a suggestion.
fn hint(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default()
}

/// What a loaded block is to socgen's drivers (`role:`, `peripheral` when absent). Every rule
/// that asks "is this a BAM" asks this.
fn role(block: &crate::load::LoadedBlock) -> crate::model::BlockRole {
    block
        .syntax
        .role
        .as_ref()
        .map(|r| r.value)
        .unwrap_or_default()
}

/// The state of one validation run: what was loaded, and the problems found so far.
struct Validator<'a> {
    loaded: &'a Loaded,
    diags: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }
}
