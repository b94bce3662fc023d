//! Expansion after parsing: a revision's `offsets:` placed from its register catalogue, and
//! `include:` fragments merged into their SoCs.

use super::*;
use crate::syntax::{FieldSpec, LayoutSpec, OffsetSpec};

/// Turns a revision's `offsets:` table into registers: each takes its layout (access, reset,
/// fields, enums, evidence) from the catalogue, whose locations name the catalogue's file so
/// that a diagnostic about a field points into the catalogue, and its name, offset and strides from the
/// revision's own line, where diagnostics about its place point.
pub(super) fn place_catalogue(path: &Path, block: &mut BlockFile, loaded: &mut Loaded) {
    let Some(name) = block.catalogue.clone() else {
        if let Some(first) = block.offsets.first() {
            loaded.diags.push(offsets_without_catalogue(first.loc));
        }
        return;
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let cat_path = dir.join(&name.value);
    let Some(catalogue) = catalogue(&cat_path, &name, loaded) else {
        return;
    };
    let placing = Placing {
        catalogue: &catalogue,
        name: &name,
    };
    let mut placed = Vec::with_capacity(block.offsets.len());
    for entry in &block.offsets {
        if let Some(register) = placing.place(entry, loaded) {
            placed.push(register);
        }
    }
    placed.append(&mut block.registers);
    block.registers = placed;
    block.catalogue_fieldsets = catalogue.fieldsets.clone();
    for set in &mut block.catalogue_fieldsets {
        if set.value.source.is_none() {
            set.value.source = catalogue.source.clone();
        }
    }
}

fn offsets_without_catalogue(at: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::MissingKey,
        at,
        "`offsets:` places catalogue registers, but this file names no `catalogue:`",
    )
    .label("offsets of which registers?")
    .help("add `catalogue: shared/<name>.yaml` naming the register catalogue, or write these registers out under `registers:`")
}

/// A revision's catalogue, as its `offsets:` entries are placed from it.
struct Placing<'a> {
    catalogue: &'a CatalogueFile,
    /// The revision's `catalogue:` value.
    name: &'a Sp<String>,
}

impl Placing<'_> {
    /// The register one `offsets:` entry places, or `None` (reported) when the catalogue has
    /// no register of that name.
    fn place(&self, entry: &Sp<OffsetSpec>, loaded: &mut Loaded) -> Option<Sp<RegisterSpec>> {
        let at = &entry.value;
        let Some(layout) = self
            .catalogue
            .registers
            .iter()
            .find(|r| r.value.name.value == at.name.value)
        else {
            loaded.diags.push(self.unknown_register(at));
            return None;
        };
        let mut l = layout.value.clone();
        if !at.without_fields.is_empty() {
            self.write_out_fieldset(&mut l);
        }
        // Fields this revision lacks: the register keeps the catalogue's layout otherwise, but
        // no longer shares its value type.
        let mut fields = std::mem::take(&mut l.fields);
        let own_layout = self.leave_out_fields(at, layout, &mut fields, loaded);
        Some(Sp {
            loc: entry.loc,
            value: RegisterSpec {
                name: at.name.clone(),
                offset: at.offset.clone(),
                access: l.access,
                reset: l.reset,
                write_ignored: l.write_ignored,
                inferred: l.inferred,
                description: l.description,
                array: at.array.clone(),
                strides: at.strides.clone(),
                fields,
                fieldset: l.fieldset,
                fieldset_inferred: l.fieldset_inferred,
                source: l.source.or_else(|| self.catalogue.source.clone()),
                evidence: l.evidence,
                layout: (!own_layout).then(|| self.catalogue.catalogue.value.clone()),
            },
        })
    }

    fn unknown_register(&self, at: &OffsetSpec) -> Diagnostic {
        let known: Vec<String> = self
            .catalogue
            .registers
            .iter()
            .map(|r| r.value.name.value.clone())
            .collect();
        let d = Diagnostic::new(
            Code::UnknownCatalogueRegister,
            at.name.loc,
            format!(
                "register `{}` is not in the catalogue `{}`",
                at.name.value, self.name.value
            ),
        )
        .label("no such register in the catalogue")
        .related(
            self.catalogue.catalogue.loc,
            "the catalogue this revision uses",
        );
        match did_you_mean(&at.name.value, &known) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!(
                "place one of the catalogue's registers ({}), or define this one under `registers:`",
                known.join(", ")
            )),
        }
    }

    /// A revision that leaves fields out of a fieldset register gets the fieldset's fields
    /// written out: its register no longer shares the fieldset's value type.
    fn write_out_fieldset(&self, l: &mut LayoutSpec) {
        let Some(set) = l.fieldset.as_ref().and_then(|n| {
            self.catalogue
                .fieldsets
                .iter()
                .find(|fs| fs.value.name.value == n.value)
        }) else {
            return;
        };
        l.fields = set.value.fields.clone();
        l.fieldset = None;
        if let Some(why) = l.fieldset_inferred.take() {
            for f in &mut l.fields {
                f.value.inferred.get_or_insert_with(|| why.clone());
            }
        }
    }

    /// Removes the entry's `without_fields:` from `fields`, reporting a field named twice or
    /// not there; `true` when one was removed, so the register has a layout of its own.
    fn leave_out_fields(
        &self,
        at: &OffsetSpec,
        layout: &Sp<LayoutSpec>,
        fields: &mut Vec<Sp<FieldSpec>>,
        loaded: &mut Loaded,
    ) -> bool {
        let mut own_layout = false;
        for (i, w) in at.without_fields.iter().enumerate() {
            if let Some(first) = at
                .without_fields
                .iter()
                .take(i)
                .find(|e| e.value == w.value)
            {
                loaded.diags.push(
                    Diagnostic::new(
                        Code::DuplicateName,
                        w.loc,
                        format!("`{}` is left out of `{}` twice", w.value, at.name.value),
                    )
                    .label("listed again")
                    .related(first.loc, "first listed here")
                    .help("name each field once"),
                );
                continue;
            }
            match fields.iter().position(|f| f.value.name.value == w.value) {
                Some(pos) => {
                    fields.remove(pos);
                    own_layout = true;
                }
                None => loaded
                    .diags
                    .push(self.no_field_to_leave_out(at, w, layout, fields)),
            }
        }
        own_layout
    }

    fn no_field_to_leave_out(
        &self,
        at: &OffsetSpec,
        w: &Sp<String>,
        layout: &Sp<LayoutSpec>,
        fields: &[Sp<FieldSpec>],
    ) -> Diagnostic {
        let have: Vec<String> = fields.iter().map(|f| f.value.name.value.clone()).collect();
        let d = Diagnostic::new(
            Code::UnknownCatalogueField,
            w.loc,
            format!(
                "`{}` in the catalogue `{}` has no field `{}` to leave out",
                at.name.value, self.name.value, w.value
            ),
        )
        .label("no such field")
        .related(layout.loc, "the catalogue register");
        match did_you_mean(&w.value, &have) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!("name one of its fields ({})", have.join(", "))),
        }
    }
}

/// The catalogue at `path`, read and checked once per run however many revisions name it.
pub(super) fn catalogue(
    path: &Path,
    name: &Sp<String>,
    loaded: &mut Loaded,
) -> Option<CatalogueFile> {
    if let Some((_, cached)) = loaded.catalogues.iter().find(|(p, _)| p == path) {
        return cached.clone();
    }
    let file = if path.is_file() {
        read(path, loaded)
    } else if let Some(relative) = bundled_relative(path) {
        // A bundled revision's catalogue, or one a consumer's own revision shares with the
        // bundled revisions without copying it (`catalogue: shared/registers.yaml` beside
        // `blocks/bam/v2.0.0.yaml`).
        add_bundled(&relative, loaded)
    } else {
        None
    };
    if file.is_none() && !path.is_file() {
        loaded.diags.push(
            Diagnostic::new(
                Code::Io,
                name.loc,
                format!("register catalogue `{}` does not exist", path.display()),
            )
            .label("no such file")
            .help("the path is relative to the block file, e.g. `shared/registers.yaml`"),
        );
        return None;
    }
    let parsed = file.and_then(|file| {
        let cat = parse::<CatalogueFile>(file, loaded)?;
        if cat.catalogue.value != stem(path) {
            loaded.diags.push(
                Diagnostic::new(
                    Code::FileName,
                    cat.catalogue.loc,
                    format!(
                        "catalogue `{}` is in file `{}`",
                        cat.catalogue.value,
                        path.display()
                    ),
                )
                .label("disagrees with the file name")
                .help(format!(
                    "set `catalogue: {}` or rename the file",
                    stem(path)
                )),
            );
        }
        if cat
            .source
            .as_ref()
            .is_none_or(|s| s.value.trim().is_empty())
        {
            loaded.diags.push(
                Diagnostic::new(
                    Code::MissingSource,
                    Loc {
                        col: 1,
                        ..cat.catalogue.loc
                    },
                    "this register catalogue has no `source:`",
                )
                .label("no provenance for these layouts")
                .help("add `source:` naming the file and version the layouts come from"),
            );
        }
        Some(cat)
    });
    loaded.catalogues.push((path.to_path_buf(), parsed.clone()));
    parsed
}

/// Reads one included fragment (its locations name its own file).
pub(super) fn load_fragment(
    dir: &Path,
    inc: &Sp<String>,
    loaded: &mut Loaded,
) -> Option<FragmentFile> {
    let path = dir.join(&inc.value);
    // An include the consumer's tree lacks may name a bundled fragment (`common/...`).
    let bundled_file = if path.is_file() {
        None
    } else {
        add_bundled(&inc.value, loaded)
    };
    if !path.is_file() && bundled_file.is_none() {
        loaded.diags.push(
            Diagnostic::new(
                Code::Io,
                inc.loc,
                format!("included file `{}` does not exist", path.display()),
            )
            .label("no such file")
            .help("include paths are relative to the SoC file, e.g. `common/qce-lock-pipe4.yaml`"),
        );
        return None;
    }
    let file = match bundled_file {
        Some(file) => file,
        None => read(&path, loaded)?,
    };
    let mut fragment = parse::<FragmentFile>(file, loaded)?;
    if fragment.fragment.value != stem(&path) {
        loaded.diags.push(
            Diagnostic::new(
                Code::FileName,
                fragment.fragment.loc,
                format!(
                    "fragment `{}` is in file `{}`",
                    fragment.fragment.value,
                    path.display()
                ),
            )
            .label("disagrees with the file name")
            .help(format!(
                "set `fragment: {}` or rename the file",
                stem(&path)
            )),
        );
    }
    match &fragment.source {
        Some(src) if !src.value.trim().is_empty() => {
            // The fragment's source is the default for everything it shares.
            let src = src.clone();
            for inst in &mut fragment.instances {
                inst.value.source.get_or_insert_with(|| src.clone());
            }
            if let Some(lock) = &mut fragment.lock {
                lock.value.source.get_or_insert_with(|| src.clone());
            }
        }
        _ => loaded.diags.push(
            Diagnostic::new(
                Code::MissingSource,
                Loc {
                    col: 1,
                    ..fragment.fragment.loc
                },
                "this fragment has no `source:`",
            )
            .label("no provenance for these facts")
            .help("add `source:` naming the file and version the facts come from"),
        ),
    }
    Some(fragment)
}

/// Puts shared instances before the SoC's own and takes the lock section from exactly one place.
pub(super) fn merge(soc: &mut SocFile, shared: Vec<FragmentFile>, loaded: &mut Loaded) {
    let mut instances = Vec::new();
    for fragment in shared {
        instances.extend(fragment.instances);
        if let Some(lock) = fragment.lock {
            match &soc.lock {
                Some(own) => loaded.diags.push(
                    Diagnostic::new(
                        Code::DuplicateLock,
                        own.value.bam.loc,
                        "the lock section is given here and in an included fragment",
                    )
                    .label("second lock section")
                    .related(lock.value.bam.loc, "the fragment's lock section")
                    .help("keep one: drop the SoC's own `lock:` or the include"),
                ),
                None => soc.lock = Some(lock),
            }
        }
    }
    instances.append(&mut soc.instances);
    soc.instances = instances;
}
