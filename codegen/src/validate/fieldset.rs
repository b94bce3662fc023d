//! Fieldsets: named field layouts that registers share (`fieldsets:` in a block revision or a
//! register catalogue, `fieldset: NAME` on a register). A fieldset's fields are checked once,
//! where it is declared, as a register's are (E0005, E0101, E0106-E0110); its name is unique in
//! its file and differs from the file's registers, whose value types share the namespace, and a
//! revision's own fieldsets and registers differ from its catalogue's fieldsets (E0101). A register names a fieldset its file declares (E0120, with "did you mean"), and
//! names it instead of listing `fields:` (E0121); a fieldset no register names is a warning
//! (W0122).

use super::Validator;
use super::identifiers::Case;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::load::{Loaded, did_you_mean};
use crate::source::Sp;
use crate::syntax::{BlockFile, FieldsetSpec, RegisterSpec};

/// The fieldsets of every register catalogue, checked against the catalogue's registers.
pub(super) fn catalogue_fieldsets(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut v = Validator {
        loaded,
        diags: Vec::new(),
    };
    for (_, parsed) in &loaded.catalogues {
        if let Some(cat) = parsed {
            let names = cat.registers.iter().map(|r| &r.value.name);
            let refs = cat
                .registers
                .iter()
                .filter_map(|r| r.value.fieldset.as_ref());
            v.declared_fieldsets(&cat.fieldsets, names, refs);
        }
    }
    v.diags
}

impl Validator<'_> {
    /// A block revision's own fieldsets, and every register's reference (its own registers and
    /// those it places from its catalogue).
    pub(super) fn block_fieldsets(&mut self, b: &BlockFile) {
        let names = b.registers.iter().map(|r| &r.value.name);
        let refs = b.registers.iter().filter_map(|r| r.value.fieldset.as_ref());
        self.declared_fieldsets(&b.fieldsets, names, refs);
        for r in &b.registers {
            self.fieldset_reference(b, &r.value);
        }
        self.catalogue_names_free(b);
    }

    /// A revision's own fieldsets and registers share one namespace with its catalogue's
    /// fieldsets (their value types sit side by side in the revision's module).
    fn catalogue_names_free(&mut self, b: &BlockFile) {
        let placed: Vec<&str> = b
            .offsets
            .iter()
            .map(|o| o.value.name.value.as_str())
            .collect();
        for set in &b.catalogue_fieldsets {
            let name = &set.value.name;
            let own_sets = b.fieldsets.iter().map(|s| &s.value.name);
            let own_registers = b
                .registers
                .iter()
                .map(|r| &r.value.name)
                .filter(|n| !placed.contains(&n.value.as_str()));
            if let Some(clash) = own_sets
                .chain(own_registers)
                .find(|n| n.value.eq_ignore_ascii_case(&name.value))
            {
                self.push(e0101_named_like_catalogue_fieldset(clash, name));
            }
        }
    }

    /// The fieldsets one file declares: names, fields, and whether a register of the file
    /// (`registers`, `references`) names each.
    fn declared_fieldsets<'n>(
        &mut self,
        sets: &[Sp<FieldsetSpec>],
        registers: impl Iterator<Item = &'n Sp<String>>,
        references: impl Iterator<Item = &'n Sp<String>>,
    ) {
        self.unique(sets.iter().map(|s| &s.value.name), "fieldset", "this file");
        let registers: Vec<&Sp<String>> = registers.collect();
        let references: Vec<&Sp<String>> = references.collect();
        for set in sets {
            let name = &set.value.name;
            self.ident(name, "fieldset", Case::Upper);
            let owner = format!("fieldset `{}`", name.value);
            self.fields(&owner, None, &set.value.fields);
            if let Some(r) = registers
                .iter()
                .find(|r| r.value.eq_ignore_ascii_case(&name.value))
            {
                self.push(e0101_fieldset_named_like_register(name, r));
            }
            if !references.iter().any(|r| r.value == name.value) {
                self.push(w0122_unused_fieldset(name));
            }
        }
    }

    /// A register's `fieldset:`: declared, and not beside `fields:`.
    fn fieldset_reference(&mut self, b: &BlockFile, r: &RegisterSpec) {
        let Some(name) = &r.fieldset else {
            if let Some(why) = &r.fieldset_inferred {
                self.push(e0121_inferred_without_fieldset(r, why));
            }
            return;
        };
        if let Some(first) = r.fields.first() {
            self.push(e0121_fields_and_fieldset(r, name, first.value.name.loc));
        }
        if b.fieldset(&name.value).is_none() {
            let known: Vec<String> = b
                .fieldsets
                .iter()
                .chain(&b.catalogue_fieldsets)
                .map(|s| s.value.name.value.clone())
                .collect();
            let suggestion = did_you_mean(&name.value, &known);
            self.push(e0120_unknown_fieldset(r, name, &known, suggestion));
        }
    }
}

fn e0101_fieldset_named_like_register(name: &Sp<String>, register: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateName,
        name.loc,
        format!(
            "fieldset `{}` is named like the register `{}`",
            name.value, register.value
        ),
    )
    .label("same name as a register")
    .related(register.loc, "the register")
    .help("a fieldset's value type takes its name, as a register's does; rename the fieldset")
}

fn e0101_named_like_catalogue_fieldset(name: &Sp<String>, set: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateName,
        name.loc,
        format!(
            "`{}` is also the name of a fieldset of this revision's catalogue",
            name.value
        ),
    )
    .label("same name as the catalogue's fieldset")
    .related(set.loc, "the catalogue's fieldset")
    .help("rename it: both would become value types of the same name in this revision")
}

fn e0120_unknown_fieldset(
    r: &RegisterSpec,
    name: &Sp<String>,
    known: &[String],
    suggestion: Option<&str>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::UnknownFieldset,
        name.loc,
        format!(
            "register `{}` names the fieldset `{}`, which its file does not declare",
            r.name.value, name.value
        ),
    )
    .label("no such fieldset");
    match (suggestion, known.is_empty()) {
        (Some(s), _) => d.help(format!("did you mean `{s}`?")),
        (None, true) => d.help("declare it under `fieldsets:`, or list the fields under `fields:`"),
        (None, false) => d.help(format!(
            "name one of the declared fieldsets ({}), or declare it under `fieldsets:`",
            known.join(", ")
        )),
    }
}

fn e0121_fields_and_fieldset(
    r: &RegisterSpec,
    name: &Sp<String>,
    first_field: crate::source::Loc,
) -> Diagnostic {
    Diagnostic::new(
        Code::FieldsAndFieldset,
        name.loc,
        format!(
            "register `{}` has both `fields:` and `fieldset: {}`",
            r.name.value, name.value
        ),
    )
    .label("the fieldset gives the fields")
    .related(first_field, "fields listed here too")
    .help("keep one: the fieldset, or the fields written out")
}

fn e0121_inferred_without_fieldset(r: &RegisterSpec, why: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::FieldsAndFieldset,
        why.loc,
        format!(
            "register `{}` has `fieldset_inferred:` but names no fieldset",
            r.name.value
        ),
    )
    .label("inferred about which fieldset?")
    .help("add `fieldset: NAME`, or give the reasoning as the fields' `inferred:`")
}

fn w0122_unused_fieldset(name: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnusedFieldset,
        name.loc,
        format!("no register names the fieldset `{}`", name.value),
    )
    .label("unused")
    .help("name it with `fieldset:` on the registers that have this layout, or remove it")
}
