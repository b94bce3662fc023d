//! Located diagnostics: every problem names a file, line and column, has a stable code, points at
//! the conflicting definition where there is one, and says how to fix it.

use crate::source::{Loc, SourceMap};
#[cfg(feature = "cli")]
use std::fmt;

// Without the `cli` feature (build scripts, proc macros) `Diagnostic::render` is the plain one.
mod plain;

/// How bad a diagnostic is. Errors fail `socgen check` (exit 1) and stop generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Suspicious but generation goes on.
    Warning,
    /// Wrong: nothing is generated.
    Error,
}

/// The severity a code's letter stands for: `E` an error, `W` a warning. Any other letter in
/// the table below does not compile, so a code's letter and its severity cannot disagree.
macro_rules! severity_of {
    (E) => {
        Severity::Error
    };
    (W) => {
        Severity::Warning
    };
}

macro_rules! codes {
    ($($variant:ident = $letter:ident $number:literal, $title:literal;)*) => {
        /// Stable diagnostic codes. `docs/ARCHITECTURE.md` lists them; never renumber one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $(#[doc = $title] $variant,)* }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed, e.g. `E0109`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => concat!(stringify!($letter), stringify!($number)),)* }
            }

            /// Error or warning: fixed by the code's letter in the table, whoever reports it.
            pub const fn severity(self) -> Severity {
                match self { $(Code::$variant => severity_of!($letter),)* }
            }

            /// One line saying what the code is about.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }
        }
    };
}

// Each line: variant = letter number, title. The letter is the severity (see `severity_of`).
codes! {
    Io = E 0001, "a file or directory cannot be read";
    Syntax = E 0002, "YAML syntax error, or input over a parser limit (size, nesting, aliases)";
    UnknownKey = E 0003, "unknown key";
    MissingKey = E 0004, "missing required key";
    WrongType = E 0005, "wrong type or value for a key";
    MissingSource = E 0006, "missing `source:`";
    FileName = E 0007, "a file's name or place disagrees with its contents";
    DuplicateName = E 0101, "duplicate name (register, field, enum value, index, instance) or YAML key";
    InvalidIdentifier = E 0102, "name is not a usable identifier";
    MisalignedOffset = E 0103, "register offset, stride or base not a multiple of 4";
    OverlappingRegisters = E 0104, "registers overlap (arrays and dimensioned registers expanded)";
    AddressSpace = E 0105, "register lies beyond the 32-bit offset space, or expands to too many copies";
    FieldOutsideRegister = E 0106, "field outside the 32-bit register";
    OverlappingFields = E 0107, "fields overlap";
    ValueTooWide = E 0108, "enum value does not fit its field";
    ResetTooWide = E 0109, "reset value does not fit the register";
    DuplicateValue = E 0110, "two enum values share a number";
    AccessConflict = E 0111, "field access contradicts register access";
    UnknownIndex = E 0112, "stride for an index the block does not declare, or bad index";
    ArrayShape = E 0113, "bad array: zero count, or both array and strides";
    ReadDestinationBits = E 0114, "`read_destination_bits` is neither 32 nor 36";
    NoLockGroupField = E 0115, "a BAM revision with pipe locking has no `P_CTRL.P_LOCK_GROUP` field";
    UnknownCatalogueRegister = E 0116, "an `offsets:` entry names a register its catalogue does not define";
    BamDriverBinding = E 0117, "a BAM revision lacks a register or field the BAM driver programs";
    UnknownCatalogueField = E 0118, "an `offsets:` entry's `without_fields:` names a field its catalogue register does not have";
    BlockRoleMismatch = E 0119, "a block's `role:` disagrees with what it declares (a DMA engine needs pipes and a command-element format)";
    UnknownFieldset = E 0120, "a register names a fieldset its file does not declare";
    FieldsAndFieldset = E 0121, "a register has both `fields:` and `fieldset:`, or `fieldset_inferred:` without `fieldset:`";
    UnusedFieldset = W 0122, "a fieldset no register names";
    UnknownBlock = E 0201, "unknown block or revision";
    OverlappingInstances = E 0202, "instances overlap";
    RegisterBeyondInstance = E 0203, "register beyond the instance size";
    PipeOutOfRange = E 0204, "pipe number not below num_channels";
    EeOutOfRange = E 0205, "EE not below num_ees";
    UnknownInstance = E 0206, "reference to an unknown instance, or one of the wrong kind";
    PropertyNotApplicable = E 0207, "instance property the block does not use";
    DuplicateLock = E 0208, "lock section given twice (in the SoC and an included fragment)";
    LockUnsupported = E 0301, "lock on a BAM revision without pipe locking";
    ScratchpadUnknownRegister = E 0302, "the scratchpad's instance has no register of that name";
    UnsafeDummyWrite = E 0303, "dummy write to a scratchpad not declared read-only and write-ignored";
    CeAddressUnrepresentable = E 0304, "command-element address not representable in the address mode";
    LockGroupTooWide = E 0305, "`lock_group` does not fit the BAM's `P_CTRL.P_LOCK_GROUP` field";
    WrapperMismatch = E 0306, "`wrapper_offset18` without `wrapper:`, or `wrapper:` with another address mode";
    WrapperAbove = E 0307, "wrapper base above the BAM or a client, so an offset would be negative";
    ScratchpadNotDotted = E 0308, "scratchpad is not written `instance.REGISTER`";
    ScratchpadUnknownInstance = E 0309, "the scratchpad names an instance the SoC does not have";
    ScratchpadNotSingle = E 0314, "the scratchpad register has several copies (an array or strides)";
    DummyReadUnreadable = E 0315, "dummy read of a write-only scratchpad register";
    UnlockRegisterMismatch = E 0316, "`unlock:` names a register with `access: none`, or none with `read`/`write`";
    UnlockWriteChangesState = E 0317, "`unlock:` writes a register the client's next transaction may depend on";
    GradeWithoutSource = E 0401, "a graded fact has no `source:`";
    InferredWithoutReasoning = E 0402, "a fact graded `inferred` has no `reasoning:`";
    UnknownFact = E 0403, "unknown behaviour id or evidence key";
    UngradedFact = E 0404, "a fact the generator relies on has no grade";
    IndexBeyondWindow = W 0203, "num_channels/num_ees imply copies beyond the instance window; indices are limited to the window";
    LockPipeNotClient = W 0301, "lock pipe is not the rx pipe of any client of the BAM";
    LockOnReadOpen = W 0310, "LOCK rides on a READ element, and the evidence leaves open that the hardware ignores it";
    UnlockOnReadOpen = W 0311, "UNLOCK rides on a READ element, and the evidence leaves open that the hardware ignores it";
    UnlockTimingOpen = W 0312, "merge puts UNLOCK on the client's own last command descriptor, and the evidence leaves open that UNLOCK acts before its elements run";
    DummyWriteOpen = W 0313, "the dummy write rests on `write_ignored` evidence that leaves open a bus error or a write landing elsewhere";
    UnlockElementOpen = W 0314, "the `unlock:` element (a write, or no element) rests on evidence that leaves open that it is ignored or harmful";
    DtBase = E 0501, "instance base disagrees with the device tree node's `reg` (check --dtb)";
    DtSize = E 0502, "instance size disagrees with the device tree node's `reg` (check --dtb)";
    DtNoNode = E 0503, "instance has no node in the device tree (check --dtb)";
    DtProperty = E 0504, "block, compatible, BAM property or status disagrees with the device tree node (check --dtb)";
    DtDma = E 0505, "DMA controller or pipes disagree with the device tree node's `dmas` (check --dtb)";
    DtMissingInstance = E 0506, "a device tree node that selects a block revision has no instance (check --dtb)";
    DtBoardDecision = W 0501, "a board decision (status, qcom,controlled-remotely, qcom,powered-remotely) differs from the SoC file or board file: not a SoC fact (check --dtb)";
    DtAbsentProperty = W 0502, "the device tree node lacks a property the SoC file states (an older tree): absent is not different (check --dtb)";
    DtOtherSoc = W 0503, "the blob's root compatible names another catalogued SoC than the one checked (check --dtb)";
    BoardUnknownSoc = E 0601, "a board file's `soc:` names no loaded SoC";
    BoardUnknownInstance = E 0602, "a board override names an instance its SoC does not have";
    BoardNotApplicable = E 0603, "a board override sets a BAM property on an instance that is not a BAM";
    BoardDuplicateOverride = E 0604, "a board file overrides one instance twice";
    SocCompatibleClaimed = E 0605, "a root compatible (`also_compatible:`, a board's `compatible:`) that two files claim, or that names another SoC";
    Internal = E 0901, "internal error: lowering met a state validation should have refused (a socgen bug; the SoC is not generated, never silently dropped)";
}

impl Code {
    /// The lock-evidence warnings (W0310-W0314): a lock setup unsafe under a hardware variant
    /// its evidence leaves open (`socgen::risk`).
    pub fn is_lock_evidence(self) -> bool {
        matches!(
            self,
            Code::LockOnReadOpen
                | Code::UnlockOnReadOpen
                | Code::UnlockTimingOpen
                | Code::DummyWriteOpen
                | Code::UnlockElementOpen
        )
    }
}

/// A secondary place a diagnostic points at, e.g. the first definition of a duplicate.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// Where it is (its file is the loc's).
    pub loc: Loc,
    /// What is there.
    pub label: String,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The primary location (its file is the loc's).
    pub loc: Loc,
    /// What the caret under the primary location says.
    pub label: String,
    /// Other places involved (the conflicting definition...).
    pub related: Vec<Related>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `loc`; its severity is the code's ([`Code::severity`]), so a `W` code is
    /// always a warning and an `E` code always an error.
    pub fn new(code: Code, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            loc,
            label: String::new(),
            related: Vec::new(),
            help: None,
        }
    }

    /// Sets the caret label.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Adds a related location.
    pub fn related(mut self, loc: Loc, label: impl Into<String>) -> Self {
        self.related.push(Related {
            loc,
            label: label.into(),
        });
        self
    }

    /// Makes a warning an error (`strict: true`, `--deny-warnings`).
    pub fn denied(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `path:line:col` of the primary location.
    pub fn position(&self, sources: &SourceMap) -> String {
        format!(
            "{}:{}:{}",
            sources.path(self.loc.file).display(),
            self.loc.line,
            self.loc.col
        )
    }

    /// The diagnostic as one JSON object (for `--message-format json`).
    #[cfg(feature = "cli")]
    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        let place = |loc: Loc| {
            serde_json::json!({
                "file": sources.path(loc.file).display().to_string(),
                "line": loc.line,
                "column": loc.col,
            })
        };
        serde_json::json!({
            "code": self.code.as_str(),
            "severity": match self.severity { Severity::Error => "error", Severity::Warning => "warning" },
            "message": self.message,
            "location": place(self.loc),
            "label": self.label,
            "related": self.related.iter().map(|r| {
                let mut v = place(r.loc);
                v["label"] = r.label.clone().into();
                v
            }).collect::<Vec<_>>(),
            "help": self.help,
        })
    }

    /// Renders the diagnostic with miette: header, `path:line:col`, the source line with a caret,
    /// labels on related places, and the help line. `color` turns on ANSI colours.
    #[cfg(feature = "cli")]
    pub fn render(&self, sources: &SourceMap, color: bool) -> String {
        let report = MietteLabelled::new(self, sources);
        let theme = if color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme)
            .with_context_lines(1)
            .with_width(100);
        let mut out = String::new();
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // The first line is grep- and editor-friendly: path:line:col: error[CODE]: message.
        out.push_str(&format!(
            "{}: {kind}[{}]: {}\n",
            self.position(sources),
            self.code.as_str(),
            self.message
        ));
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str("  (could not render the source snippet)\n");
        }
        out
    }
}

/// Sorts diagnostics by file, line and column, and removes exact duplicates, so output is
/// deterministic whatever order the checks ran in.
pub fn sort(diags: &mut Vec<Diagnostic>, sources: &SourceMap) {
    diags.sort_by(|a, b| {
        (sources.path(a.loc.file), a.loc.line, a.loc.col, a.code).cmp(&(
            sources.path(b.loc.file),
            b.loc.line,
            b.loc.col,
            b.code,
        ))
    });
    diags.dedup();
}

/// True if any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

// --- miette adapter -----------------------------------------------------------------------

#[cfg(feature = "cli")]
struct MietteLabelled {
    message: String,
    source: miette::NamedSource<String>,
    labels: Vec<miette::LabeledSpan>,
    help: Option<String>,
    code: &'static str,
    severity: miette::Severity,
    related: Vec<MietteLabelled>,
}

#[cfg(feature = "cli")]
impl MietteLabelled {
    fn new(d: &Diagnostic, sources: &SourceMap) -> Self {
        let span = |loc: Loc, label: &str| {
            let (start, len) = sources.byte_range(loc);
            let text = if label.is_empty() {
                None
            } else {
                Some(label.to_string())
            };
            miette::LabeledSpan::new(text, start, len)
        };
        let named = |file: crate::source::FileId| {
            let f = sources.get(file);
            miette::NamedSource::new(f.path.display().to_string(), f.text.clone())
        };
        let mut labels = vec![span(d.loc, &d.label)];
        let mut related = Vec::new();
        for r in &d.related {
            if r.loc.file == d.loc.file {
                labels.push(span(r.loc, &r.label));
            } else {
                related.push(MietteLabelled {
                    message: r.label.clone(),
                    source: named(r.loc.file),
                    labels: vec![span(r.loc, "")],
                    help: None,
                    code: "",
                    severity: miette::Severity::Advice,
                    related: Vec::new(),
                });
            }
        }
        MietteLabelled {
            message: format!("at {}", d.position(sources)),
            source: named(d.loc.file),
            labels,
            help: d.help.clone(),
            code: "",
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            },
            related,
        }
    }
}

#[cfg(feature = "cli")]
impl fmt::Debug for MietteLabelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
#[cfg(feature = "cli")]
impl fmt::Display for MietteLabelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
#[cfg(feature = "cli")]
impl std::error::Error for MietteLabelled {}
#[cfg(feature = "cli")]
impl miette::Diagnostic for MietteLabelled {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(self.code) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_codes_severity_is_its_letter_wherever_it_is_reported() {
        for &code in Code::ALL {
            let want = match code.as_str().chars().next() {
                Some('E') => Severity::Error,
                Some('W') => Severity::Warning,
                other => panic!("{code:?} starts with {other:?}, neither E nor W"),
            };
            assert_eq!(code.severity(), want, "{}", code.as_str());
            let d = Diagnostic::new(code, Loc::start_of(crate::source::FileId(0)), "m");
            assert_eq!(d.severity, want, "{}", code.as_str());
            // Only an explicit denial (`strict: true`, `--deny-warnings`) turns a warning into
            // an error.
            assert_eq!(d.denied().severity, Severity::Error);
        }
        assert_eq!(Code::IndexBeyondWindow.severity(), Severity::Warning);
        assert_eq!(Code::LockPipeNotClient.severity(), Severity::Warning);
        assert!(!has_errors(&[Diagnostic::new(
            Code::LockOnReadOpen,
            Loc::start_of(crate::source::FileId(0)),
            "m"
        )]));
    }

    #[test]
    fn codes_are_printed_as_a_letter_and_four_digits_and_never_twice() {
        let mut seen = std::collections::BTreeSet::new();
        for &code in Code::ALL {
            let s = code.as_str();
            assert_eq!(s.len(), 5, "{s}");
            assert!(s[1..].chars().all(|c| c.is_ascii_digit()), "{s}");
            assert!(seen.insert(s), "{s} is in the table twice");
        }
    }
}
