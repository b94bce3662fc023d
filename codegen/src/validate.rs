//! The validation pass: every rule of the format, each reported with a stable code at the
//! place that breaks it, the conflicting definition where there is one, and a fix.
//!
//! It reads only the syntax; it never stops at the first problem. Lowering runs only on input
//! that produced no errors here.

use crate::diagnostics::{Code, Diagnostic};
use crate::load::LoadedHardware;
use crate::load::{Loaded, LoadedBlock, LoadedSoc, did_you_mean};
use crate::model::BehaviourId;
use crate::model::{Access, AddressMode};
use crate::resolve;
use crate::source::{FileId, Loc, Sp};
use crate::syntax::{
    AddressModeSpec, BlockFile, DummySpec, EvidenceSpec, FieldSpec, Grade, InstanceSpec,
    NumberOrWord, RegisterSpec, SpMap,
};
use std::collections::HashMap;
mod catalogue;

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
    v.catalogue_complete();
    v.diags.extend(catalogue::check(loaded));
    v.diags
}

/// The keys an `evidence:` map may grade, per section.
const LOCK_EVIDENCE_KEYS: &[&str] = &["lock_group"];
const REGISTER_EVIDENCE_KEYS: &[&str] = &["write_ignored"];

struct Validator<'a> {
    loaded: &'a Loaded,
    diags: Vec<Diagnostic>,
}

/// How a kind of name must be spelt.
#[derive(Clone, Copy)]
enum Case {
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

impl<'a> Validator<'a> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn ident(&mut self, file: FileId, name: &Sp<String>, what: &str, case: Case) {
        let n = &name.value;
        let suggestion = |fixed: String| format!("rename it, e.g. `{fixed}`");
        let problem = if n.is_empty() {
            Some(("is empty".to_string(), "give it a name".to_string()))
        } else if !n.is_ascii() || !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let fixed: String = n
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            Some((
                "contains characters other than ASCII letters, digits and `_`".to_string(),
                suggestion(fixed),
            ))
        } else if n.starts_with(|c: char| c.is_ascii_digit()) {
            let prefix = match case {
                Case::Upper => "N",
                Case::Lower => "n",
            };
            Some((
                "starts with a digit".to_string(),
                suggestion(format!("{prefix}{n}")),
            ))
        } else if RUST_KEYWORDS.contains(&n.to_lowercase().as_str())
            || C_KEYWORDS.contains(&n.to_lowercase().as_str())
        {
            Some((
                "is a Rust or C keyword once lower-cased, so it cannot name generated items"
                    .to_string(),
                suggestion(format!("{n}_")),
            ))
        } else {
            match case {
                Case::Upper if n.chars().any(|c| c.is_ascii_lowercase()) => Some((
                    "must be UPPER_SNAKE".to_string(),
                    suggestion(n.to_uppercase()),
                )),
                Case::Lower if n.chars().any(|c| c.is_ascii_uppercase()) => Some((
                    "must be lower_snake".to_string(),
                    suggestion(n.to_lowercase()),
                )),
                _ => None,
            }
        };
        if let Some((why, help)) = problem {
            self.push(
                Diagnostic::error(
                    Code::InvalidIdentifier,
                    file,
                    name.loc,
                    format!("{what} name `{n}` {why}"),
                )
                .label("not a usable identifier")
                .help(help),
            );
        }
    }

    /// Reports names that occur twice (case-insensitively, since generated names change case).
    fn unique<'n>(
        &mut self,
        file: FileId,
        names: impl IntoIterator<Item = &'n Sp<String>>,
        what: &str,
        scope: &str,
    ) {
        let mut seen: HashMap<String, &Sp<String>> = HashMap::new();
        for name in names {
            let key = name.value.to_uppercase();
            if let Some(first) = seen.get(&key) {
                self.push(
                    Diagnostic::error(
                        Code::DuplicateName,
                        file,
                        name.loc,
                        format!("duplicate {what} `{}` in {scope}", name.value),
                    )
                    .label("defined again here")
                    .related(file, first.loc, "first defined here")
                    .help(format!("rename or remove one of the two {what}s")),
                );
            } else {
                seen.insert(key, name);
            }
        }
    }

    fn require_source(&mut self, file: FileId, source: &Option<Sp<String>>, at: Loc, what: &str) {
        let missing = match source {
            None => true,
            Some(s) => s.value.trim().is_empty(),
        };
        if missing {
            self.push(
                Diagnostic::error(
                    Code::MissingSource,
                    file,
                    at,
                    format!("{what} has no `source:`"),
                )
                .label("no provenance for these facts")
                .help(
                    "add `source:` naming the file and version the facts come from \
                     (repository, path, commit); never invent a fact",
                ),
            );
        }
    }

    /// A name written in a file must match where the file is (its directory or stem).
    fn matches_place(
        &mut self,
        f: FileId,
        written: &Sp<String>,
        place: &str,
        what: &str,
        fix: String,
    ) {
        if written.value != place {
            self.push(
                Diagnostic::error(
                    Code::FileName,
                    f,
                    written.loc,
                    format!("`{}` disagrees with the {what} `{place}`", written.value),
                )
                .label(format!("disagrees with the {what}"))
                .help(fix),
            );
        }
    }

    /// Checks the reasoning an `inferred` grade needs.
    fn reasoning_for(
        &mut self,
        f: FileId,
        grade: &Sp<Grade>,
        reasoning: &Option<Sp<String>>,
        what: &str,
    ) {
        let missing = reasoning.as_ref().is_none_or(|r| r.value.trim().is_empty());
        if grade.value == Grade::Inferred && missing {
            self.push(
                Diagnostic::error(
                    Code::InferredWithoutReasoning,
                    f,
                    grade.loc,
                    format!("{what} is graded `inferred` but says not why"),
                )
                .label("inferred from what?")
                .help(
                    "add `reasoning:` with the argument (which sources, read how), or grade it \
                     `unknown`",
                ),
            );
        }
    }

    /// Checks one `evidence:` entry: a known key, a source, reasoning for `inferred`.
    fn evidence_map(
        &mut self,
        f: FileId,
        map: &SpMap<Sp<EvidenceSpec>>,
        known: &[&str],
        section: &str,
    ) {
        self.unique(f, map.0.iter().map(|(k, _)| k), "evidence key", section);
        for (key, ev) in &map.0 {
            if !known.contains(&key.value.as_str()) {
                let known_s: Vec<String> = known.iter().map(|k| k.to_string()).collect();
                let hint = did_you_mean(&key.value, &known_s)
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                self.push(
                    Diagnostic::error(
                        Code::UnknownFact,
                        f,
                        key.loc,
                        format!("`{}` is not a fact {section} grades", key.value),
                    )
                    .label("unknown evidence key")
                    .help(format!("{hint}keys here: {}", known.join(", "))),
                );
                continue;
            }
            let e = &ev.value;
            if e.source.as_ref().is_none_or(|s| s.value.trim().is_empty()) {
                self.push(
                    Diagnostic::error(
                        Code::GradeWithoutSource,
                        f,
                        e.grade.loc,
                        format!("the grade of `{}` has no `source:`", key.value),
                    )
                    .label("graded on what?")
                    .help(
                        "add `source:` naming the evidence (message-id, repo@commit:path); an \
                         `unknown` grade cites where the question was left open",
                    ),
                );
            }
            self.reasoning_for(f, &e.grade, &e.reasoning, &format!("`{}`", key.value));
        }
    }

    /// A mapping that states a fact and grades it itself (`capabilities`, `command_element`,
    /// `wrapper`): the grade is required, with reasoning when inferred.
    fn own_grade(
        &mut self,
        f: FileId,
        grade: &Option<Sp<Grade>>,
        reasoning: &Option<Sp<String>>,
        at: Loc,
        what: &str,
        example: &str,
    ) {
        match grade {
            None => self.push(
                Diagnostic::error(Code::UngradedFact, f, at, format!("{what} has no `grade:`"))
                    .label("how strong is the evidence?")
                    .help(format!(
                        "add `grade:` (documented, upstream, precedent, inferred or unknown; \
                     socs/README.md says which is which), e.g. `{example}`"
                    )),
            ),
            Some(g) => self.reasoning_for(f, g, reasoning, what),
        }
    }

    // --- behaviour catalogues -------------------------------------------------------------

    fn hardware(&mut self, lh: &LoadedHardware) {
        let f = lh.file;
        let h = &lh.syntax;
        self.matches_place(
            f,
            &h.hardware,
            &lh.stem,
            "file name",
            format!(
                "rename the file to {}.yaml or set `hardware: {}`",
                h.hardware.value, lh.stem
            ),
        );
        self.unique(
            f,
            h.behaviours.iter().map(|b| &b.value.id),
            "behaviour id",
            "the behaviour catalogues",
        );
        let known: Vec<String> = BehaviourId::ALL
            .iter()
            .map(|b| b.as_str().to_string())
            .collect();
        for b in &h.behaviours {
            let b = &b.value;
            if BehaviourId::parse(&b.id.value).is_none() {
                let hint = did_you_mean(&b.id.value, &known)
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                self.push(
                    Diagnostic::error(
                        Code::UnknownFact,
                        f,
                        b.id.loc,
                        format!("`{}` is not a behaviour socgen knows", b.id.value),
                    )
                    .label("unknown behaviour id")
                    .help(format!(
                        "{hint}the ids are fixed in the generator (socgen::model::BehaviourId); \
                         a new behaviour needs code that relies on it"
                    )),
                );
            }
            if b.source.as_ref().is_none_or(|s| s.value.trim().is_empty()) {
                self.push(
                    Diagnostic::error(
                        Code::GradeWithoutSource,
                        f,
                        b.grade.loc,
                        format!("behaviour `{}` has a grade but no `source:`", b.id.value),
                    )
                    .label("graded on what?")
                    .help(
                        "add `source:` naming the evidence (message-id, repo@commit:path); an \
                         `unknown` grade cites where the question was left open",
                    ),
                );
            }
            self.reasoning_for(
                f,
                &b.grade,
                &b.reasoning,
                &format!("behaviour `{}`", b.id.value),
            );
            if let Some(q) = &b.question {
                let ok = q
                    .value
                    .strip_prefix('Q')
                    .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
                if !ok {
                    self.push(
                        Diagnostic::error(
                            Code::WrongType,
                            f,
                            q.loc,
                            format!("`{}` is not a question number", q.value),
                        )
                        .label("expected `Q` and a number")
                        .help("name the question of the record, e.g. `Q2`"),
                    );
                }
            }
        }
    }

    /// Every behaviour the generator knows is graded in some catalogue.
    fn catalogue_complete(&mut self) {
        if self.loaded.hardware_unparsed {
            return;
        }
        let Some(first) = self.loaded.hardware.first() else {
            return;
        };
        let graded: Vec<&str> = self
            .loaded
            .hardware
            .iter()
            .flat_map(|h| {
                h.syntax
                    .behaviours
                    .iter()
                    .map(|b| b.value.id.value.as_str())
            })
            .collect();
        let missing: Vec<&str> = BehaviourId::ALL
            .iter()
            .map(|b| b.as_str())
            .filter(|id| !graded.contains(id))
            .collect();
        if !missing.is_empty() {
            self.push(
                Diagnostic::error(
                    Code::UngradedFact,
                    first.file,
                    Loc {
                        col: 1,
                        ..first.syntax.hardware.loc
                    },
                    format!(
                        "the behaviour catalogue does not grade {}",
                        missing
                            .iter()
                            .map(|m| format!("`{m}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .label("behaviours the generator relies on are missing")
                .help(
                    "add an entry per missing id (statement, grade, source; reasoning when \
                     inferred); socs/hardware/bam.yaml grades them all",
                ),
            );
        }
    }

    // --- blocks -------------------------------------------------------------------------

    fn block(&mut self, lb: &LoadedBlock) {
        let f = lb.file;
        let b = &lb.syntax;
        self.matches_place(
            f,
            &b.block,
            &lb.dir_name,
            "directory",
            format!(
                "move the file to socs/blocks/{}/ or set `block: {}`",
                b.block.value, lb.dir_name
            ),
        );
        self.matches_place(
            f,
            &b.revision,
            &lb.stem,
            "file name",
            format!(
                "rename the file to {}.yaml or set `revision: {}`",
                b.revision.value, lb.stem
            ),
        );
        self.require_source(
            f,
            &b.source,
            Loc {
                col: 1,
                ..b.block.loc
            },
            "this block file",
        );
        self.unique(f, &b.compatibles, "compatible", "this block");
        if let Some(ce) = &b.command_element {
            let bits = &ce.value.address_bits;
            if bits.value == 0 || bits.value > 32 {
                self.push(
                    Diagnostic::error(
                        Code::WrongType,
                        f,
                        bits.loc,
                        format!("command elements cannot carry {} address bits", bits.value),
                    )
                    .label("must be 1..=32")
                    .help("the BAM header packs 24 address bits (qcom_bam_dma.h)"),
                );
            }
            let rd = &ce.value.read_destination_bits;
            if rd.value != 32 && rd.value != 36 {
                self.push(
                    Diagnostic::error(
                        Code::ReadDestinationBits,
                        f,
                        rd.loc,
                        format!(
                            "a read command element cannot carry {} destination bits",
                            rd.value
                        ),
                    )
                    .label("must be 32 or 36")
                    .help(
                        "32: BAM below v1.6.0, the third word of a read element is ignored (0 is \
                         written); 36: BAM v1.6.0 and later, bits 3..0 of the third word carry \
                         destination bits 35..32 (Qualcomm's element layout table, fix \
                         867621ba2030)",
                    ),
                );
            }
            self.own_grade(
                f,
                &ce.value.grade,
                &ce.value.reasoning,
                ce.loc,
                "`command_element`",
                "grade: documented",
            );
        }
        if let Some(caps) = &b.capabilities
            && let Some(locking) = &caps.value.pipe_locking
        {
            self.own_grade(
                f,
                &caps.value.grade,
                &caps.value.reasoning,
                caps.loc,
                "`capabilities`",
                "grade: upstream",
            );
            if locking.value {
                self.lock_group_field(f, b, locking);
            }
        }
        for (name, spec) in &b.indices.0 {
            self.ident(f, name, "index", Case::Lower);
            let max = &spec.value.max;
            if max.value == 0 || max.value > 1024 {
                self.push(
                    Diagnostic::error(
                        Code::UnknownIndex,
                        f,
                        max.loc,
                        format!(
                            "index `{}` has max {}, outside 1..=1024",
                            name.value, max.value
                        ),
                    )
                    .label("bad limit")
                    .help("`max` is the number of valid index values (BAM: 31 pipes, 8 EEs)"),
                );
            }
            if let Some(bound) = &spec.value.bound
                && resolve::bound(&bound.value).is_none()
            {
                let known = vec!["num_channels".to_string(), "num_ees".to_string()];
                let hint = did_you_mean(&bound.value, &known)
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                self.push(
                    Diagnostic::error(
                        Code::UnknownIndex,
                        f,
                        bound.loc,
                        format!("`{}` is not an instance property", bound.value),
                    )
                    .label("unknown bound")
                    .help(format!(
                        "{hint}an index can be bounded by num_channels or num_ees"
                    )),
                );
            }
        }
        self.unique(f, b.indices.0.iter().map(|(n, _)| n), "index", "this block");
        for reg in &b.registers {
            self.register(f, b, &reg.value);
        }
        self.unique(
            f,
            b.registers.iter().map(|r| &r.value.name),
            "register",
            &format!("block {}@{}", b.block.value, b.revision.value),
        );
        self.register_overlaps(f, b);
    }

    /// A BAM revision that can lock pipes must say where its lock group is programmed.
    fn lock_group_field(&mut self, f: FileId, b: &BlockFile, locking: &Sp<bool>) {
        let p_ctrl = b.registers.iter().find(|r| r.value.name.value == "P_CTRL");
        let has_field = p_ctrl.is_some_and(|r| {
            r.value
                .fields
                .iter()
                .any(|fl| fl.value.name.value == "P_LOCK_GROUP")
        });
        if has_field {
            return;
        }
        let mut d = Diagnostic::error(
            Code::NoLockGroupField,
            f,
            locking.loc,
            format!(
                "`{}@{}` can lock pipes but has no `P_CTRL.P_LOCK_GROUP` field",
                b.block.value, b.revision.value
            ),
        )
        .label("pipe locking needs a lock group")
        .help(
            "add `- {name: P_LOCK_GROUP, bits: \"20:16\"}` to the fields of `P_CTRL` \
             (bam_dma.c P_LOCK_GROUP_SHIFT 16, P_LOCK_GROUP_MASK 0x1f): the driver programs \
             the SoC's `lock_group` there",
        );
        if let Some(r) = p_ctrl {
            d = d.related(f, r.value.name.loc, "`P_CTRL` is defined here");
        }
        self.push(d);
    }

    fn register(&mut self, f: FileId, b: &BlockFile, r: &RegisterSpec) {
        self.ident(f, &r.name, "register", Case::Upper);
        self.evidence_map(
            f,
            &r.evidence,
            REGISTER_EVIDENCE_KEYS,
            &format!("register `{}`", r.name.value),
        );
        let name = &r.name.value;
        if !r.offset.value.is_multiple_of(4) {
            self.push(
                Diagnostic::error(
                    Code::MisalignedOffset,
                    f,
                    r.offset.loc,
                    format!(
                        "register `{name}` at offset {:#x} is not 32-bit aligned",
                        r.offset.value
                    ),
                )
                .label("not a multiple of 4")
                .help(format!(
                    "registers are 32-bit; did you mean {:#x}?",
                    r.offset.value & !3
                )),
            );
        }
        let reg_access = resolve::access(r.access.value);
        match &r.reset.value {
            NumberOrWord::Word(w) if w != "unknown" => self.push(
                Diagnostic::error(
                    Code::WrongType,
                    f,
                    r.reset.loc,
                    if w.is_empty() {
                        "the reset value is empty".to_string()
                    } else {
                        format!("reset value `{w}` is neither a number of 0 or more nor `unknown`")
                    },
                )
                .label("expected a number or `unknown`")
                .help("write the reset value from the source, or `unknown` if no source gives it"),
            ),
            NumberOrWord::Number(v) if *v > u64::from(u32::MAX) => self.push(
                Diagnostic::error(
                    Code::ResetTooWide,
                    f,
                    r.reset.loc,
                    format!("reset value {v:#x} of `{name}` does not fit in 32 bits"),
                )
                .label("wider than the register")
                .help("registers are 32 bits wide; check the value against the source"),
            ),
            _ => {}
        }
        if let Some(wi) = &r.write_ignored
            && wi.value
            && reg_access != Access::ReadOnly
        {
            self.push(
                Diagnostic::error(
                    Code::AccessConflict,
                    f,
                    wi.loc,
                    format!(
                        "register `{name}` is `{}` but declared write-ignored",
                        reg_access.as_str()
                    ),
                )
                .label("contradicts the access")
                .related(f, r.access.loc, "access declared here")
                .help("only a read-only register can ignore writes; fix one of the two"),
            );
        }
        if let Some(array) = &r.array {
            if !r.strides.0.is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::ArrayShape,
                        f,
                        array.loc,
                        format!("register `{name}` is both an array and dimensioned"),
                    )
                    .label("array here")
                    .help("use `array:` for numbered copies or `strides:` for per-pipe/EE copies, not both"),
                );
            }
            if array.value.count.value == 0 {
                self.push(
                    Diagnostic::error(
                        Code::ArrayShape,
                        f,
                        array.value.count.loc,
                        format!("array `{name}` has no elements"),
                    )
                    .label("count 0")
                    .help("an array needs count >= 1; drop `array:` for a single register"),
                );
            }
            let stride = &array.value.stride;
            if stride.value == 0 || !stride.value.is_multiple_of(4) {
                self.push(
                    Diagnostic::error(
                        Code::MisalignedOffset,
                        f,
                        stride.loc,
                        format!("array `{name}` has stride {:#x}", stride.value),
                    )
                    .label("must be a non-zero multiple of 4")
                    .help("consecutive 32-bit registers are 4 bytes apart"),
                );
            }
        }
        let index_names: Vec<String> = b.indices.0.iter().map(|(n, _)| n.value.clone()).collect();
        for (index, stride) in &r.strides.0 {
            if !index_names.contains(&index.value) {
                let hint = did_you_mean(&index.value, &index_names)
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                self.push(
                    Diagnostic::error(
                        Code::UnknownIndex,
                        f,
                        index.loc,
                        format!(
                            "register `{name}` has a stride for `{}`, which the block does not declare",
                            index.value
                        ),
                    )
                    .label("unknown index")
                    .help(format!(
                        "{hint}declare it under `indices:` (declared: {})",
                        if index_names.is_empty() { "none".to_string() } else { index_names.join(", ") }
                    )),
                );
            }
            if stride.value == 0 || !stride.value.is_multiple_of(4) {
                self.push(
                    Diagnostic::error(
                        Code::MisalignedOffset,
                        f,
                        stride.loc,
                        format!(
                            "register `{name}` has {} stride {:#x}",
                            index.value, stride.value
                        ),
                    )
                    .label("must be a non-zero multiple of 4")
                    .help("copies of a 32-bit register are a multiple of 4 bytes apart"),
                );
            }
        }
        self.unique(
            f,
            r.strides.0.iter().map(|(n, _)| n),
            "stride",
            &format!("register `{name}`"),
        );
        let mut bit_ranges: Vec<(u64, u64, &Sp<FieldSpec>)> = Vec::new();
        for field in &r.fields {
            let fs = &field.value;
            self.ident(f, &fs.name, "field", Case::Upper);
            if RESERVED_FIELD_NAMES.contains(&fs.name.value.to_uppercase().as_str()) {
                self.push(
                    Diagnostic::error(
                        Code::InvalidIdentifier,
                        f,
                        fs.name.loc,
                        format!(
                            "field name `{}` is reserved: generated value types have a method of that name",
                            fs.name.value
                        ),
                    )
                    .label("reserved")
                    .help(format!("rename it, e.g. `{}_FIELD`", fs.name.value)),
                );
            }
            match resolve::bits(&fs.bits.value) {
                Err(why) => self.push(
                    Diagnostic::error(
                        Code::WrongType,
                        f,
                        fs.bits.loc,
                        format!("bits of field `{}`: {why}", fs.name.value),
                    )
                    .label("expected `msb:lsb` or a bit number")
                    .help("write e.g. `bits: 9:6` or `bits: 10`"),
                ),
                Ok((msb, _)) if msb > 31 => self.push(
                    Diagnostic::error(
                        Code::FieldOutsideRegister,
                        f,
                        fs.bits.loc,
                        format!(
                            "field `{}` reaches bit {msb}, outside the 32-bit register `{name}`",
                            fs.name.value
                        ),
                    )
                    .label("beyond bit 31")
                    .help("registers have bits 31..0; check the bit range against the source"),
                ),
                Ok((msb, lsb)) => {
                    let width = msb - lsb + 1;
                    for value in &fs.values {
                        if width < 64 && value.value.value.value >> width != 0 {
                            self.push(
                                Diagnostic::error(
                                    Code::ValueTooWide,
                                    f,
                                    value.value.value.loc,
                                    format!(
                                        "value {} of `{}.{}` does not fit its {width}-bit field",
                                        value.value.value.value,
                                        fs.name.value,
                                        value.value.name.value
                                    ),
                                )
                                .label(format!("needs more than {width} bits"))
                                .related(f, fs.bits.loc, "the field's bits")
                                .help(format!(
                                    "the field holds 0..={}; fix the value or widen `bits:`",
                                    (1u64 << width) - 1
                                )),
                            );
                        }
                    }
                    bit_ranges.push((msb, lsb, field));
                }
            }
            if let Some(fa) = &fs.access {
                let fa_m = resolve::access(fa.value);
                let conflict = match reg_access {
                    Access::ReadOnly => !matches!(fa_m, Access::ReadOnly | Access::Unknown),
                    Access::WriteOnly => {
                        !matches!(fa_m, Access::WriteOnly | Access::W1c | Access::Unknown)
                    }
                    Access::W1c => !matches!(fa_m, Access::W1c | Access::Unknown),
                    Access::ReadWrite | Access::Unknown => false,
                };
                if conflict {
                    self.push(
                        Diagnostic::error(
                            Code::AccessConflict,
                            f,
                            fa.loc,
                            format!(
                                "field `{}` is `{}` in a `{}` register",
                                fs.name.value,
                                fa_m.as_str(),
                                reg_access.as_str()
                            ),
                        )
                        .label("contradicts the register")
                        .related(f, r.access.loc, "register access declared here")
                        .help("a field cannot allow what its register forbids; make the register `rw` or fix the field"),
                    );
                }
            }
            self.unique(
                f,
                fs.values.iter().map(|v| &v.value.name),
                "enum value",
                &format!("field `{}`", fs.name.value),
            );
            let mut by_value: HashMap<u64, &Sp<String>> = HashMap::new();
            for v in &fs.values {
                self.ident(f, &v.value.name, "enum value", Case::Upper);
                if let Some(first) = by_value.get(&v.value.value.value) {
                    self.push(
                        Diagnostic::error(
                            Code::DuplicateValue,
                            f,
                            v.value.value.loc,
                            format!(
                                "`{}` and `{}` both have value {} in field `{}`",
                                first.value, v.value.name.value, v.value.value.value, fs.name.value
                            ),
                        )
                        .label("value used twice")
                        .related(f, first.loc, "first used here")
                        .help("keep one name per value and mention the alias in its description"),
                    );
                } else {
                    by_value.insert(v.value.value.value, &v.value.name);
                }
            }
        }
        self.unique(
            f,
            r.fields.iter().map(|fl| &fl.value.name),
            "field",
            &format!("register `{name}`"),
        );
        // Sorted by low bit, a field overlaps an earlier one exactly when its low bit is at or
        // below the highest bit reached so far: every such field is reported (against the field
        // reaching furthest), so a wide field cannot hide the overlaps after its first.
        bit_ranges.sort_by_key(|(_, lsb, _)| *lsb);
        let mut widest: Option<(u64, &Sp<FieldSpec>)> = None;
        for &(msb_b, lsb_b, b_field) in &bit_ranges {
            let Some((msb_a, a)) = widest else {
                widest = Some((msb_b, b_field));
                continue;
            };
            if msb_b > msb_a {
                widest = Some((msb_b, b_field));
            }
            if lsb_b <= msb_a {
                self.push(
                    Diagnostic::error(
                        Code::OverlappingFields,
                        f,
                        b_field.value.bits.loc,
                        format!(
                            "fields `{}` and `{}` overlap in register `{name}`",
                            a.value.name.value, b_field.value.name.value
                        ),
                    )
                    .label(format!(
                        "bits {msb_b}..{lsb_b} overlap bits up to {}",
                        msb_a.min(msb_b)
                    ))
                    .related(
                        f,
                        a.value.bits.loc,
                        format!("`{}` is here", a.value.name.value),
                    )
                    .help("give each field its own bits; check both ranges against the source"),
                );
            }
        }
    }

    fn register_overlaps(&mut self, f: FileId, b: &BlockFile) {
        let idx = resolve::indices(b);
        let names: Vec<String> = idx.iter().map(|i| i.0.clone()).collect();
        let maxes: Vec<u64> = idx.iter().map(|i| i.1).collect();
        let mut spans: Vec<(u64, u64, usize)> = Vec::new();
        let mut over_budget = false;
        for (ri, reg) in b.registers.iter().enumerate() {
            let r = &reg.value;
            match resolve::last_end(r, &names, &maxes) {
                Some(end) if end <= 1 << 32 => {}
                _ => {
                    self.push(
                        Diagnostic::error(
                            Code::AddressSpace,
                            f,
                            r.offset.loc,
                            format!(
                                "register `{}` (with all its copies) reaches past 4 GiB",
                                r.name.value
                            ),
                        )
                        .label("beyond the 32-bit offset space")
                        .help("check the offset, count and strides against the source"),
                    );
                    continue;
                }
            }
            let count = resolve::copy_count(r, &names, &maxes);
            if count <= resolve::MAX_COPIES
                && (spans.len() as u64).saturating_add(count) > resolve::MAX_BLOCK_COPIES
            {
                // Reported once, at the register that crosses the budget; the registers after
                // it are not expanded (their other checks still run).
                if !over_budget {
                    over_budget = true;
                    self.push(
                        Diagnostic::error(
                            Code::AddressSpace,
                            f,
                            r.offset.loc,
                            format!(
                                "with `{}`, the block's registers expand to more than {} copies \
                                 in total",
                                r.name.value,
                                resolve::MAX_BLOCK_COPIES
                            ),
                        )
                        .label("too many copies in this block")
                        .help("check the array counts and the index `max` values"),
                    );
                }
                continue;
            }
            let Some(copies) = resolve::copy_offsets(r, &names, &maxes) else {
                self.push(
                    Diagnostic::error(
                        Code::AddressSpace,
                        f,
                        r.offset.loc,
                        format!(
                            "register `{}` expands to more than {} copies",
                            r.name.value,
                            resolve::MAX_COPIES
                        ),
                    )
                    .label("too many copies")
                    .help("check `count` and the index `max` values"),
                );
                continue;
            };
            spans.extend(copies.into_iter().map(|off| (off, off + 4, ri)));
        }
        spans.sort();
        let mut reported = std::collections::HashSet::new();
        // Registers are 4 bytes and offsets 4-aligned (or already reported), so overlapping
        // copies are neighbours once sorted.
        for pair in spans.windows(2) {
            let (a_start, a_end, a) = pair[0];
            let (b_start, _, bi) = pair[1];
            if b_start < a_end && a != bi && reported.insert((a.min(bi), a.max(bi))) {
                let ra = &b.registers[a].value;
                let rb = &b.registers[bi].value;
                let (first, second) = if a < bi { (ra, rb) } else { (rb, ra) };
                self.push(
                    Diagnostic::error(
                        Code::OverlappingRegisters,
                        f,
                        second.offset.loc,
                        format!(
                            "registers `{}` and `{}` overlap at offset {b_start:#x}",
                            first.name.value, second.name.value
                        ),
                    )
                    .label(format!(
                        "a copy of `{}` lands at {b_start:#x}",
                        second.name.value
                    ))
                    .related(
                        f,
                        first.offset.loc,
                        format!("`{}` has a copy at {a_start:#x}", first.name.value),
                    )
                    .help("check both offsets and strides (and index limits) against the source"),
                );
            }
        }
    }

    // --- SoCs ---------------------------------------------------------------------------

    fn soc(&mut self, ls: &LoadedSoc) {
        let f = ls.file;
        let s = &ls.syntax;
        self.matches_place(
            f,
            &s.soc,
            &ls.stem,
            "file name",
            format!(
                "rename the file to {}.yaml or set `soc: {}`",
                s.soc.value, ls.stem
            ),
        );
        self.ident(f, &s.soc, "SoC", Case::Lower);
        self.require_source(
            f,
            &s.source,
            Loc {
                col: 1,
                ..s.soc.loc
            },
            "this SoC file",
        );
        self.unique(
            f,
            s.instances.iter().map(|i| &i.value.name),
            "instance",
            &format!("SoC {}", s.soc.value),
        );
        let mut blocks: Vec<Option<&LoadedBlock>> = Vec::with_capacity(s.instances.len());
        for i in &s.instances {
            blocks.push(self.instance(f, &i.value));
        }
        // Overlapping instances.
        let mut by_base: Vec<(u64, u64, usize)> = s
            .instances
            .iter()
            .enumerate()
            .map(|(n, i)| {
                let base = i.value.base.value;
                (base, base.saturating_add(i.value.size.value), n)
            })
            .collect();
        by_base.sort();
        for (pos, &(start, end, a)) in by_base.iter().enumerate() {
            for &(b_start, _, b) in by_base.iter().skip(pos + 1) {
                if b_start >= end {
                    break;
                }
                let (ia, ib) = (&s.instances[a].value, &s.instances[b].value);
                self.push(
                    Diagnostic::error(
                        Code::OverlappingInstances,
                        f,
                        ib.base.loc,
                        format!(
                            "instances `{}` and `{}` overlap",
                            ia.name.value, ib.name.value
                        ),
                    )
                    .label(format!("`{}` starts at {b_start:#x}", ib.name.value))
                    .related(
                        f,
                        ia.size.loc,
                        format!("`{}` spans {start:#x}..{end:#x}", ia.name.value),
                    )
                    .help("check both bases and sizes against the device tree"),
                );
            }
        }
        // DMA wiring.
        for inst in &s.instances {
            if let Some(dma) = &inst.value.dma
                && let Some(ctrl) = self.controller(f, s, &dma.value.controller, &blocks)
            {
                for pipe in [&dma.value.rx, &dma.value.tx] {
                    self.pipe_in_range(f, s, ctrl, pipe, &blocks);
                }
            }
        }
        if let Some(lock) = &s.lock {
            self.lock(f, s, lock, &blocks);
        }
    }

    /// Checks one instance; returns its block when the reference resolves.
    fn instance(&mut self, f: FileId, i: &InstanceSpec) -> Option<&'a LoadedBlock> {
        self.ident(f, &i.name, "instance", Case::Lower);
        if !i.base.value.is_multiple_of(4) {
            self.push(
                Diagnostic::error(
                    Code::MisalignedOffset,
                    f,
                    i.base.loc,
                    format!(
                        "instance `{}` base {:#x} is not 4-byte aligned",
                        i.name.value, i.base.value
                    ),
                )
                .label("not a multiple of 4")
                .help("copy the base from the DT `reg` property"),
            );
        }
        if i.size.value == 0 || i.base.value.checked_add(i.size.value).is_none() {
            self.push(
                Diagnostic::error(
                    Code::WrongType,
                    f,
                    i.size.loc,
                    format!("instance `{}` has size {:#x}", i.name.value, i.size.value),
                )
                .label("empty or past the end of the address space")
                .help("copy the size from the DT `reg` property"),
            );
        }
        let Some((bname, rev)) = resolve::block_ref(&i.block.value) else {
            self.push(
                Diagnostic::error(
                    Code::UnknownBlock,
                    f,
                    i.block.loc,
                    format!("`{}` is not `block@revision`", i.block.value),
                )
                .label("expected e.g. `bam@v1.7.0`")
                .help("name a block file as socs/blocks/<block>/<revision>.yaml does"),
            );
            return None;
        };
        let loaded = self.loaded;
        if loaded
            .unparsed_blocks
            .iter()
            .any(|(b, r)| b == bname && r == rev)
        {
            // Its file exists and its parse error is already reported.
            return None;
        }
        let Some(block) = loaded.block(bname, rev) else {
            let same_block: Vec<String> = loaded
                .blocks
                .iter()
                .filter(|b| b.dir_name == bname)
                .map(|b| format!("{}@{}", b.dir_name, b.stem))
                .collect();
            let all: Vec<String> = loaded
                .blocks
                .iter()
                .map(|b| format!("{}@{}", b.dir_name, b.stem))
                .collect();
            let help = match did_you_mean(&i.block.value, &all) {
                Some(s) => format!("did you mean `{s}`?"),
                None if !same_block.is_empty() => {
                    format!("known revisions of `{bname}`: {}", same_block.join(", "))
                }
                None => format!(
                    "add socs/blocks/{bname}/{rev}.yaml, or use one of: {}",
                    if all.is_empty() {
                        "none loaded".to_string()
                    } else {
                        all.join(", ")
                    }
                ),
            };
            self.push(
                Diagnostic::error(
                    Code::UnknownBlock,
                    f,
                    i.block.loc,
                    format!("unknown block revision `{}`", i.block.value),
                )
                .label("no such block file")
                .help(help),
            );
            return None;
        };
        let b = &block.syntax;
        let idx = resolve::indices(b);
        let bounds: Vec<_> = idx.iter().filter_map(|i| i.2).collect();
        type Prop<'p> = (&'p Option<Sp<u64>>, &'p str, Option<crate::model::Bound>);
        let props: [Prop<'_>; 3] = [
            (
                &i.num_channels,
                "num_channels",
                Some(crate::model::Bound::NumChannels),
            ),
            (&i.num_ees, "num_ees", Some(crate::model::Bound::NumEes)),
            (&i.ee, "ee", Some(crate::model::Bound::NumEes)),
        ];
        for (value, key, needs) in props {
            if let (Some(v), Some(needs)) = (value, needs)
                && !bounds.contains(&needs)
            {
                self.push(
                    Diagnostic::error(
                        Code::PropertyNotApplicable,
                        f,
                        v.loc,
                        format!(
                            "`{key}` does not apply to `{}`: the block has no index bounded by `{}`",
                            i.block.value,
                            needs.key()
                        ),
                    )
                    .label("not used by this block")
                    .help(format!("remove `{key}:`, or check `block:`")),
                );
            }
        }
        for (flag, key) in [
            (&i.controlled_remotely, "controlled_remotely"),
            (&i.powered_remotely, "powered_remotely"),
        ] {
            if let Some(v) = flag
                && b.command_element.is_none()
            {
                self.push(
                    Diagnostic::error(
                        Code::PropertyNotApplicable,
                        f,
                        v.loc,
                        format!(
                            "`{key}` applies to BAM instances; `{}` is not a BAM",
                            i.block.value
                        ),
                    )
                    .label("not used by this block")
                    .help(format!("remove `{key}:`, or check `block:`")),
                );
            }
        }
        // Index limits.
        for (name, max, bound) in &idx {
            let Some(bound) = bound else { continue };
            let Some(value) = (match bound {
                crate::model::Bound::NumChannels => &i.num_channels,
                crate::model::Bound::NumEes => &i.num_ees,
            }) else {
                continue;
            };
            if value.value == 0 || value.value > *max {
                let code = match bound {
                    crate::model::Bound::NumChannels => Code::PipeOutOfRange,
                    crate::model::Bound::NumEes => Code::EeOutOfRange,
                };
                self.push(
                    Diagnostic::error(
                        code,
                        f,
                        value.loc,
                        format!(
                            "`{}: {}` is outside 1..={max}, the `{name}` limit of `{}`",
                            bound.key(),
                            value.value,
                            i.block.value
                        ),
                    )
                    .label("out of range")
                    .related(
                        block.file,
                        b.indices
                            .0
                            .iter()
                            .find(|(n, _)| n.value == *name)
                            .map_or(Loc::START, |(_, s)| s.value.max.loc),
                        "the limit",
                    )
                    .help("copy the value from the device tree"),
                );
            }
        }
        if let Some(ee) = &i.ee {
            let limit = i
                .num_ees
                .as_ref()
                .map(|n| (n.value, "num_ees", Some(n.loc)))
                .or_else(|| {
                    idx.iter()
                        .find(|x| x.2 == Some(crate::model::Bound::NumEes))
                        .map(|x| (x.1, "the block's EE limit", None))
                });
            if let Some((limit, what, at)) = limit
                && ee.value >= limit
            {
                let mut d = Diagnostic::error(
                    Code::EeOutOfRange,
                    f,
                    ee.loc,
                    format!("`ee: {}` is not below {what} ({limit})", ee.value),
                )
                .label("no such execution environment")
                .help("EEs are numbered 0..num_ees; copy `qcom,ee` from the device tree");
                if let Some(at) = at {
                    d = d.related(f, at, "num_ees is set here");
                }
                self.push(d);
            }
        }
        // Every register must lie inside the instance; copies an index property implies beyond
        // the window are cut (with a warning): the property is a device-tree fact, kept as is.
        let names: Vec<String> = idx.iter().map(|x| x.0.clone()).collect();
        let (counts, declared) = resolve::index_counts(b, i);
        for (pos, (name, _, bound)) in idx.iter().enumerate() {
            let (Some(bound), Some(decl)) = (bound, declared[pos]) else {
                continue;
            };
            if decl > counts[pos] && decl <= idx[pos].1 {
                let at = match bound {
                    crate::model::Bound::NumChannels => i.num_channels.as_ref().map(|v| v.loc),
                    crate::model::Bound::NumEes => i.num_ees.as_ref().map(|v| v.loc),
                };
                self.push(
                    Diagnostic::error(
                        Code::IndexBeyondWindow,
                        f,
                        at.unwrap_or(i.size.loc),
                        format!(
                            "`{}: {decl}` needs registers beyond the {:#x}-byte window of `{}`: only {} `{name}` values fit",
                            bound.key(),
                            i.size.value,
                            i.name.value,
                            counts[pos]
                        ),
                    )
                    .label(format!("generated `{name}` indices stop at {}", counts[pos]))
                    .related(f, i.size.loc, "the window from the device tree")
                    .help("the two device-tree facts disagree; socgen keeps both and generates no access outside the window. Check `size` and the property against the device tree"),
                );
            }
        }
        for reg in &b.registers {
            let r = &reg.value;
            let Some(end) = resolve::last_end(r, &names, &counts) else {
                continue;
            };
            if end > i.size.value {
                self.push(
                    Diagnostic::error(
                        Code::RegisterBeyondInstance,
                        f,
                        i.size.loc,
                        format!(
                            "register `{}` of `{}` ends at {end:#x}, beyond instance `{}` of size {:#x}",
                            r.name.value, i.block.value, i.name.value, i.size.value
                        ),
                    )
                    .label("too small for the block")
                    .related(block.file, r.offset.loc, format!("`{}` is defined here", r.name.value))
                    .help("check `size` against the device tree, or the block revision"),
                );
                break;
            }
        }
        Some(block)
    }

    /// Resolves a reference to a BAM instance; reports unknown or non-BAM ones.
    fn controller(
        &mut self,
        f: FileId,
        s: &crate::syntax::SocFile,
        name: &Sp<String>,
        blocks: &[Option<&LoadedBlock>],
    ) -> Option<usize> {
        let Some(pos) = s
            .instances
            .iter()
            .position(|i| i.value.name.value == name.value)
        else {
            let names: Vec<String> = s
                .instances
                .iter()
                .map(|i| i.value.name.value.clone())
                .collect();
            let hint = did_you_mean(&name.value, &names)
                .map(|n| format!("did you mean `{n}`?"))
                .unwrap_or_else(|| format!("instances: {}", names.join(", ")));
            self.push(
                Diagnostic::error(
                    Code::UnknownInstance,
                    f,
                    name.loc,
                    format!("no instance named `{}`", name.value),
                )
                .label("unknown instance")
                .help(hint),
            );
            return None;
        };
        let block = blocks.get(pos).copied().flatten()?;
        if !resolve::indices(&block.syntax)
            .iter()
            .any(|i| i.2 == Some(crate::model::Bound::NumChannels))
            || block.syntax.command_element.is_none()
        {
            self.push(
                Diagnostic::error(
                    Code::UnknownInstance,
                    f,
                    name.loc,
                    format!(
                        "`{}` is not a BAM (its block has no pipes or command elements)",
                        name.value
                    ),
                )
                .label("not a DMA controller")
                .related(f, s.instances[pos].value.block.loc, "its block")
                .help("name the BAM instance (e.g. `cryptobam`)"),
            );
            return None;
        }
        Some(pos)
    }

    fn pipe_count(
        &self,
        s: &crate::syntax::SocFile,
        ctrl: usize,
        blocks: &[Option<&LoadedBlock>],
    ) -> Option<(u64, bool)> {
        let block = blocks.get(ctrl).copied().flatten()?;
        let inst = &s.instances[ctrl].value;
        let idx = resolve::indices(&block.syntax);
        let pos = idx
            .iter()
            .position(|i| i.2 == Some(crate::model::Bound::NumChannels))?;
        let (counts, declared) = resolve::index_counts(&block.syntax, inst);
        Some((counts[pos], declared[pos].is_some()))
    }

    fn pipe_in_range(
        &mut self,
        f: FileId,
        s: &crate::syntax::SocFile,
        ctrl: usize,
        pipe: &Sp<u64>,
        blocks: &[Option<&LoadedBlock>],
    ) {
        let Some((count, given)) = self.pipe_count(s, ctrl, blocks) else {
            return;
        };
        if pipe.value >= count {
            let inst = &s.instances[ctrl].value;
            let mut d = Diagnostic::error(
                Code::PipeOutOfRange,
                f,
                pipe.loc,
                format!(
                    "pipe {} does not exist on `{}`, which has {count} pipes",
                    pipe.value, inst.name.value
                ),
            )
            .label(format!("not below {count}"))
            .help("check the pipe against `dmas = <&bam N>` in the device tree");
            if given {
                if let Some(n) = &inst.num_channels {
                    d = d.related(f, n.loc, "num_channels is set here");
                }
            } else {
                d = d.related(
                    f,
                    inst.size.loc,
                    "the pipe count follows from the instance size",
                );
            }
            self.push(d);
        }
    }

    /// `lock_group` fits the BAM revision's `P_CTRL.P_LOCK_GROUP` field.
    fn lock_group_fits(
        &mut self,
        f: FileId,
        l: &crate::syntax::LockSpec,
        bfile: FileId,
        b: &BlockFile,
    ) {
        let Some(field) = b
            .registers
            .iter()
            .find(|r| r.value.name.value == "P_CTRL")
            .and_then(|r| {
                r.value
                    .fields
                    .iter()
                    .find(|fl| fl.value.name.value == "P_LOCK_GROUP")
            })
        else {
            return;
        };
        let Ok((msb, lsb)) = resolve::bits(&field.value.bits.value) else {
            return;
        };
        let width = msb.saturating_sub(lsb) + 1;
        let max = if width >= 64 {
            u64::MAX
        } else {
            (1u64 << width) - 1
        };
        if l.lock_group.value > max {
            self.push(
                Diagnostic::error(
                    Code::LockGroupTooWide,
                    f,
                    l.lock_group.loc,
                    format!(
                        "lock group {} does not fit `P_CTRL.P_LOCK_GROUP` of `{}@{}` ({width} bits, 0..={max})",
                        l.lock_group.value, b.block.value, b.revision.value
                    ),
                )
                .label(format!("not below {}", max.saturating_add(1)))
                .related(bfile, field.value.bits.loc, "the field is defined here")
                .help(
                    "use a group in range; the vendor QCE driver uses the pipe pair index \
                     (rx pipe / 2)",
                ),
            );
        }
    }

    fn lock(
        &mut self,
        f: FileId,
        s: &crate::syntax::SocFile,
        lock: &Sp<crate::syntax::LockSpec>,
        blocks: &[Option<&LoadedBlock>],
    ) {
        let l = &lock.value;
        self.require_source(
            f,
            &l.source,
            Loc {
                col: 1,
                ..l.bam.loc
            },
            "the lock section",
        );
        self.evidence_map(f, &l.evidence, LOCK_EVIDENCE_KEYS, "the lock section");
        if !l.evidence.0.iter().any(|(k, _)| k.value == "lock_group") {
            self.push(
                Diagnostic::error(
                    Code::UngradedFact,
                    f,
                    l.lock_group.loc,
                    format!("lock group {} has no grade", l.lock_group.value),
                )
                .label("how strong is the evidence for this group?")
                .help(
                    "add `evidence: {lock_group: {grade: precedent, source: ...}}` to the lock \
                     section (the vendor QCE driver sets lock_group = pipe_pair_index, \
                     arter97/caf_msm-4.9@19ee419e4b49:drivers/crypto/msm/qce50.c)",
                ),
            );
        }
        if let Some(w) = &l.wrapper {
            self.own_grade(
                f,
                &w.value.grade,
                &w.value.reasoning,
                w.value.base.loc,
                "the wrapper base",
                "grade: documented",
            );
            if w.value
                .source
                .as_ref()
                .is_none_or(|s| s.value.trim().is_empty())
            {
                self.push(
                    Diagnostic::error(
                        Code::GradeWithoutSource,
                        f,
                        w.value.base.loc,
                        "the wrapper base has no `source:`",
                    )
                    .label("where does this base come from?")
                    .help("add `source:` to `wrapper:` (the device tree node or memory map that gives the base)"),
                );
            }
        }
        match (l.address_mode.value, &l.wrapper) {
            (AddressModeSpec::WrapperOffset18, None) => self.push(
                Diagnostic::error(
                    Code::WrapperMismatch,
                    f,
                    l.address_mode.loc,
                    "`address_mode: wrapper_offset18` measures offsets from a wrapper base, but there is no `wrapper:`",
                )
                .label("offsets from what?")
                .help(
                    "add `wrapper: {base: 0x..., description: ..., grade: ..., source: ...}` with \
                     the base of the peripheral wrapper holding the BAM and its clients, or use \
                     `bam_offset18` when that wrapper is 256 KiB aligned",
                ),
            ),
            (mode, Some(w)) if mode != AddressModeSpec::WrapperOffset18 => self.push(
                Diagnostic::error(
                    Code::WrapperMismatch,
                    f,
                    w.value.base.loc,
                    format!(
                        "`wrapper:` is given, but `address_mode: {}` does not use it",
                        match mode {
                            AddressModeSpec::Phys24 => "phys24",
                            _ => "bam_offset18",
                        }
                    ),
                )
                .label("ignored by this address mode")
                .related(f, l.address_mode.loc, "address mode chosen here")
                .help(
                    "use `address_mode: wrapper_offset18` to measure offsets from this base, or \
                     remove `wrapper:` (`bam_offset18` measures from the 256 KiB-aligned block \
                     holding the BAM)",
                ),
            ),
            _ => {}
        }
        let bam = self.controller(f, s, &l.bam, blocks);
        if let Some(bam) = bam {
            let block = blocks[bam].map(|b| (b.file, &b.syntax));
            if let Some((bfile, b)) = block {
                self.lock_group_fits(f, l, bfile, b);
                let supported = b
                    .capabilities
                    .as_ref()
                    .and_then(|c| c.value.pipe_locking.as_ref())
                    .is_some_and(|p| p.value);
                if !supported {
                    let at = b
                        .capabilities
                        .as_ref()
                        .and_then(|c| c.value.pipe_locking.as_ref().map(|p| p.loc))
                        .unwrap_or(Loc {
                            col: 1,
                            ..b.block.loc
                        });
                    self.push(
                        Diagnostic::error(
                            Code::LockUnsupported,
                            f,
                            l.bam.loc,
                            format!(
                                "`{}` is a BAM {}, which does not support pipe locking",
                                l.bam.value, b.revision.value
                            ),
                        )
                        .label("this BAM cannot lock pipes")
                        .related(bfile, at, "the block revision says so here")
                        .help("remove the lock section: on this revision the crypto engine cannot be shared safely through pipe locking"),
                    );
                }
            }
            self.pipe_in_range(f, s, bam, &l.pipe, blocks);
            let is_client_rx = s.instances.iter().any(|i| {
                i.value.dma.as_ref().is_some_and(|d| {
                    d.value.controller.value == l.bam.value && d.value.rx.value == l.pipe.value
                })
            });
            if !is_client_rx {
                self.push(
                    Diagnostic::error(
                        Code::LockPipeNotClient,
                        f,
                        l.pipe.loc,
                        format!(
                            "pipe {} is not the rx pipe of any client of `{}`",
                            l.pipe.value, l.bam.value
                        ),
                    )
                    .label("no `dma: {rx: ..}` names this pipe")
                    .help("the lock belongs on the pipe that carries the client's command descriptors (its rx pipe)"),
                );
            }
        }
        // Scratchpad.
        let Some((inst_name, reg_name)) = l.scratchpad.value.split_once('.') else {
            self.push(
                Diagnostic::error(
                    Code::UnknownScratchpad,
                    f,
                    l.scratchpad.loc,
                    format!("`{}` is not `instance.REGISTER`", l.scratchpad.value),
                )
                .label("expected e.g. `crypto.VERSION`")
                .help("name an instance and one of its block's registers"),
            );
            return;
        };
        let Some(ipos) = s
            .instances
            .iter()
            .position(|i| i.value.name.value == inst_name)
        else {
            let names: Vec<String> = s
                .instances
                .iter()
                .map(|i| i.value.name.value.clone())
                .collect();
            self.push(
                Diagnostic::error(
                    Code::UnknownScratchpad,
                    f,
                    l.scratchpad.loc,
                    format!("scratchpad instance `{inst_name}` does not exist"),
                )
                .label("unknown instance")
                .help(match did_you_mean(inst_name, &names) {
                    Some(n) => format!("did you mean `{n}.{reg_name}`?"),
                    None => format!("instances: {}", names.join(", ")),
                }),
            );
            return;
        };
        let Some(block) = blocks[ipos] else { return };
        let Some(reg) = block
            .syntax
            .registers
            .iter()
            .find(|r| r.value.name.value == reg_name)
        else {
            let names: Vec<String> = block
                .syntax
                .registers
                .iter()
                .map(|r| r.value.name.value.clone())
                .collect();
            self.push(
                Diagnostic::error(
                    Code::UnknownScratchpad,
                    f,
                    l.scratchpad.loc,
                    format!(
                        "`{}` has no register `{reg_name}`",
                        s.instances[ipos].value.block.value
                    ),
                )
                .label("unknown register")
                .help(match did_you_mean(reg_name, &names) {
                    Some(n) => format!("did you mean `{inst_name}.{n}`?"),
                    None => "name a register of the instance's block".to_string(),
                }),
            );
            return;
        };
        let r = &reg.value;
        if r.array.is_some() || !r.strides.0.is_empty() {
            self.push(
                Diagnostic::error(
                    Code::UnknownScratchpad,
                    f,
                    l.scratchpad.loc,
                    format!("scratchpad `{}` has several copies", l.scratchpad.value),
                )
                .label("not a single register")
                .related(block.file, r.name.loc, "defined here")
                .help("choose a plain register, such as the block's VERSION"),
            );
        }
        let access = resolve::access(r.access.value);
        match &l.dummy.value {
            DummySpec::Read if !access.readable() => self.push(
                Diagnostic::error(
                    Code::UnknownScratchpad,
                    f,
                    l.dummy.loc,
                    format!("dummy read of write-only register `{}`", l.scratchpad.value),
                )
                .label("cannot be read")
                .related(block.file, r.access.loc, "declared write-only here")
                .help("choose a readable scratchpad register"),
            ),
            DummySpec::Write(value) => {
                let write_ignored = r.write_ignored.as_ref().is_some_and(|w| w.value);
                let graded = r.evidence.0.iter().any(|(k, _)| k.value == "write_ignored");
                if write_ignored && access == Access::ReadOnly && !graded {
                    let at = r.write_ignored.as_ref().map_or(r.name.loc, |w| w.loc);
                    self.push(
                        Diagnostic::error(
                            Code::UngradedFact,
                            f,
                            l.dummy.loc,
                            format!(
                                "dummy write to `{}` rests on `write_ignored: true`, which has no grade",
                                l.scratchpad.value
                            ),
                        )
                        .label("the write is only safe if the hardware ignores it")
                        .related(block.file, at, "declared write-ignored here")
                        .help(
                            "grade the register's `write_ignored` in the block file: \
                             `evidence: {write_ignored: {grade: ..., source: ...}}`; or use \
                             `dummy: read`",
                        ),
                    );
                }
                if access != Access::ReadOnly || !write_ignored {
                    let why = match (access == Access::ReadOnly, write_ignored) {
                        (true, false) => "is read-only, but nothing says writes to it are ignored",
                        (false, true) => "ignores writes, but is not declared read-only",
                        _ => "is neither declared read-only nor write-ignored",
                    };
                    self.push(
                        Diagnostic::error(
                            Code::UnsafeDummyWrite,
                            f,
                            l.dummy.loc,
                            format!("dummy write to scratchpad `{}`, which {why}", l.scratchpad.value),
                        )
                        .label("this write may change the engine's state")
                        .related(block.file, r.access.loc, format!("`{reg_name}` is declared `{}` here", access.as_str()))
                        .help("a write to a register that does not ignore writes can corrupt the other side's transaction; use `dummy: read`, or declare `access: ro` and `write_ignored: true` if a source says so"),
                    );
                }
                if *value > u64::from(u32::MAX) {
                    self.push(
                        Diagnostic::error(
                            Code::WrongType,
                            f,
                            l.dummy.loc,
                            format!("dummy write value {value:#x} does not fit in 32 bits"),
                        )
                        .label("too wide")
                        .help("write a 32-bit value (0 is customary)"),
                    );
                }
            }
            DummySpec::Read => {}
        }
        // Command-element addresses.
        let Some(bam) = bam else { return };
        let bam_base = s.instances[bam].value.base.value;
        if l.address_mode.value == AddressModeSpec::WrapperOffset18
            && let Some(w) = &l.wrapper
        {
            let wb = w.value.base.value;
            let mut above = false;
            let bam_inst = &s.instances[bam].value;
            let lower: Vec<&InstanceSpec> = std::iter::once(bam_inst)
                .chain(s.instances.iter().map(|i| &i.value).filter(|i| {
                    i.dma
                        .as_ref()
                        .is_some_and(|d| d.value.controller.value == l.bam.value)
                }))
                .filter(|i| i.base.value < wb)
                .collect();
            for inst in lower {
                above = true;
                self.push(
                    Diagnostic::error(
                        Code::WrapperAbove,
                        f,
                        w.value.base.loc,
                        format!(
                            "wrapper base {wb:#x} lies above `{}` at {:#x}: its offset from the wrapper would be negative",
                            inst.name.value, inst.base.value
                        ),
                    )
                    .label("the wrapper must hold the BAM and its clients")
                    .related(f, inst.base.loc, format!("`{}` starts here", inst.name.value))
                    .help(
                        "the wrapper base is the lowest address of the peripheral wrapper that \
                         holds the BAM and its clients; check it against the memory map",
                    ),
                );
            }
            if above {
                return;
            }
        }
        let mode = match l.address_mode.value {
            AddressModeSpec::Phys24 => AddressMode::Phys24,
            AddressModeSpec::BamOffset18 => AddressMode::BamOffset18,
            AddressModeSpec::WrapperOffset18 => match &l.wrapper {
                Some(w) => AddressMode::WrapperOffset18 {
                    wrapper_base: w.value.base.value,
                },
                // Reported by the lock-section rules; nothing to check addresses against.
                None => return,
            },
        };
        let inst = &s.instances[ipos].value;
        if let Err(why) = mode.encode(bam_base, inst.base.value.saturating_add(r.offset.value)) {
            self.push(
                Diagnostic::error(
                    Code::CeAddressUnrepresentable,
                    f,
                    l.scratchpad.loc,
                    format!(
                        "scratchpad `{}` cannot be addressed in mode `{}`: {why}",
                        l.scratchpad.value,
                        mode.as_str()
                    ),
                )
                .label("not representable")
                .related(f, l.address_mode.loc, "address mode chosen here")
                .help(mode_help(mode)),
            );
        }
        // Every register of every client of the locked BAM must be addressable too.
        for (ci, client) in s.instances.iter().enumerate() {
            let c = &client.value;
            let Some(dma) = &c.dma else { continue };
            if dma.value.controller.value != l.bam.value {
                continue;
            }
            let Some(cb) = blocks[ci] else { continue };
            let names: Vec<String> = resolve::indices(&cb.syntax)
                .into_iter()
                .map(|x| x.0)
                .collect();
            let (counts, _) = resolve::index_counts(&cb.syntax, c);
            let worst = cb.syntax.registers.iter().find_map(|reg| {
                let end = resolve::last_end(&reg.value, &names, &counts)?;
                let first = c.base.value.saturating_add(reg.value.offset.value);
                let last = c.base.value.saturating_add(end - 4);
                mode.encode(bam_base, first)
                    .and(mode.encode(bam_base, last))
                    .err()
                    .map(|why| (reg, why))
            });
            if let Some((reg, why)) = worst {
                self.push(
                    Diagnostic::error(
                        Code::CeAddressUnrepresentable,
                        f,
                        c.base.loc,
                        format!(
                            "register `{}` of `{}` cannot be addressed by command elements in mode `{}`: {why}",
                            reg.value.name.value, c.name.value, mode.as_str()
                        ),
                    )
                    .label("registers here are out of reach")
                    .related(f, l.address_mode.loc, "address mode chosen here")
                    .help(mode_help(mode)),
                );
            }
        }
    }
}

fn mode_help(mode: AddressMode) -> &'static str {
    match mode {
        AddressMode::Phys24 => {
            "the physical address needs more than 24 bits and socgen never masks it; use \
             `address_mode: bam_offset18` if the BAM and the peripheral share a 256 KiB block"
        }
        AddressMode::BamOffset18 => {
            "the register must lie within 256 KiB above the BAM's 256 KiB-aligned block base; \
             check the bases, or use `address_mode: phys24` for addresses below 16 MiB"
        }
        AddressMode::WrapperOffset18 { .. } => {
            "the register must lie within 256 KiB above `wrapper.base`; check the wrapper base \
             against the SoC's memory map"
        }
    }
}

/// The lock-evidence rules (W0310-W0313), after lowering: per SoC lock section, every behaviour
/// [`crate::risk::reliances`] finds on its descriptors whose grade leaves the contradicting
/// hardware variant open, at the YAML key that chose it, with the evidence and the fix. With
/// `strict: true` in the lock section they are errors.
pub fn lock_evidence(loaded: &Loaded, model: &crate::model::Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ls in &loaded.socs {
        let Some(lock) = &ls.syntax.lock else {
            continue;
        };
        let Some(soc) = model.soc(&ls.syntax.soc.value) else {
            continue;
        };
        let Some(model_lock) = &soc.lock else {
            continue;
        };
        let l = &lock.value;
        let strict = l.strict.as_ref().filter(|s| s.value);
        for r in crate::risk::risks(model, soc, model_lock) {
            let at = match r.code {
                Code::UnlockTimingOpen => l.placement.loc,
                _ => l.dummy.loc,
            };
            let source = if r.source.trim().is_empty() {
                "no source".to_string()
            } else {
                r.source.trim().to_string()
            };
            let mut d = Diagnostic::error(
                r.code,
                ls.file,
                at,
                format!(
                    "the lock setup of `{}` is unsafe if the hardware behaves as `{}`: `{}` is only graded `{}`",
                    soc.name,
                    r.variant,
                    r.subject.name(),
                    r.grade.as_str()
                ),
            )
            .label(format!("{}; under that variant {}", r.carried_by, r.consequence));
            if r.code != Code::UnlockTimingOpen {
                d = d.related(ls.file, l.placement.loc, "placement chosen here");
            } else {
                d = d.related(ls.file, l.dummy.loc, "dummy chosen here");
            }
            if let Some(s) = strict {
                d = d
                    .related(ls.file, s.loc, "`strict: true` makes this an error")
                    .denied();
            }
            out.push(d.help(format!(
                "to make it safe, {}. Evidence: `{}` is `{}` (source: {source}); a variant is ruled \
                 out only by `precedent` or better. The experiment that settles it is {} in \
                 docs/HARDWARE-VALIDATION.md#{}",
                r.fix,
                r.subject.name(),
                r.grade.as_str(),
                r.question,
                crate::risk::question_anchor(r.question)
            )));
        }
    }
    out
}
