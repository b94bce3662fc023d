//! The diagnostics of the validator, one named constructor per code and condition: the rules
//! decide *whether* something is wrong, these say *what* in the user's words, so a code's
//! message, caret label and fix live in one place. Constructors are named after their code
//! (`e0302_...`), so `grep e0302_` finds every way to get it.

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Access, AddressMode, BamCopies, Bound};
use crate::source::{FileId, Loc, Sp};
use crate::syntax::{BlockFile, EnumValueSpec, FieldSpec, InstanceSpec, RegisterSpec};

/// `did you mean` prefix for a help line, empty without a suggestion.
pub(super) fn hint(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default()
}

// --- files, names and provenance --------------------------------------------------------------

pub(super) fn e0005_not_a_question_number(f: FileId, q: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        f,
        q.loc,
        format!("`{}` is not a question number", q.value),
    )
    .label("expected `Q` and a number")
    .help("name the question of the record, e.g. `Q2`")
}

pub(super) fn e0006_missing_source(f: FileId, at: Loc, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MissingSource,
        f,
        at,
        format!("{what} has no `source:`"),
    )
    .label("no provenance for these facts")
    .help(
        "add `source:` naming the file and version the facts come from \
         (repository, path, commit); never invent a fact",
    )
}

pub(super) fn e0007_disagrees_with_place(
    f: FileId,
    written: &Sp<String>,
    place: &str,
    what: &str,
    fix: String,
) -> Diagnostic {
    Diagnostic::new(
        Code::FileName,
        f,
        written.loc,
        format!("`{}` disagrees with the {what} `{place}`", written.value),
    )
    .label(format!("disagrees with the {what}"))
    .help(fix)
}

pub(super) fn e0101_duplicate_name(
    f: FileId,
    name: &Sp<String>,
    first: Loc,
    what: &str,
    scope: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateName,
        f,
        name.loc,
        format!("duplicate {what} `{}` in {scope}", name.value),
    )
    .label("defined again here")
    .related(f, first, "first defined here")
    .help(format!("rename or remove one of the two {what}s"))
}

pub(super) fn e0102_invalid_identifier(
    f: FileId,
    name: &Sp<String>,
    what: &str,
    why: &str,
    fix: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidIdentifier,
        f,
        name.loc,
        format!("{what} name `{}` {why}", name.value),
    )
    .label("not a usable identifier")
    .help(fix)
}

pub(super) fn e0102_reserved_field_name(f: FileId, name: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidIdentifier,
        f,
        name.loc,
        format!(
            "field name `{}` is reserved: generated value types have a method of that name",
            name.value
        ),
    )
    .label("reserved")
    .help(format!("rename it, e.g. `{}_FIELD`", name.value))
}

// --- evidence and grades ----------------------------------------------------------------------

const SOURCE_FOR_A_GRADE: &str = "add `source:` naming the evidence (message-id, \
     repo@commit:path); an `unknown` grade cites where the question was left open";

pub(super) fn e0401_evidence_without_source(f: FileId, grade: Loc, key: &str) -> Diagnostic {
    Diagnostic::new(
        Code::GradeWithoutSource,
        f,
        grade,
        format!("the grade of `{key}` has no `source:`"),
    )
    .label("graded on what?")
    .help(SOURCE_FOR_A_GRADE)
}

pub(super) fn e0401_behaviour_without_source(f: FileId, grade: Loc, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::GradeWithoutSource,
        f,
        grade,
        format!("behaviour `{id}` has a grade but no `source:`"),
    )
    .label("graded on what?")
    .help(SOURCE_FOR_A_GRADE)
}

pub(super) fn e0401_wrapper_without_source(f: FileId, base: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::GradeWithoutSource,
        f,
        base,
        "the wrapper base has no `source:`",
    )
    .label("where does this base come from?")
    .help("add `source:` to `wrapper:` (the device tree node or memory map that gives the base)")
}

pub(super) fn e0402_inferred_without_reasoning(f: FileId, grade: Loc, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InferredWithoutReasoning,
        f,
        grade,
        format!("{what} is graded `inferred` but says not why"),
    )
    .label("inferred from what?")
    .help(
        "add `reasoning:` with the argument (which sources, read how), or grade it \
         `unknown`",
    )
}

pub(super) fn e0403_unknown_evidence_key(
    f: FileId,
    key: &Sp<String>,
    section: &str,
    known: &[&str],
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownFact,
        f,
        key.loc,
        format!("`{}` is not a fact {section} grades", key.value),
    )
    .label("unknown evidence key")
    .help(format!(
        "{}keys here: {}",
        hint(suggestion),
        known.join(", ")
    ))
}

pub(super) fn e0403_unknown_behaviour(
    f: FileId,
    id: &Sp<String>,
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownFact,
        f,
        id.loc,
        format!("`{}` is not a behaviour socgen knows", id.value),
    )
    .label("unknown behaviour id")
    .help(format!(
        "{}the ids are fixed in the generator (socgen::model::BehaviourId); \
         a new behaviour needs code that relies on it",
        hint(suggestion)
    ))
}

pub(super) fn e0404_no_grade(f: FileId, at: Loc, what: &str, example: &str) -> Diagnostic {
    Diagnostic::new(Code::UngradedFact, f, at, format!("{what} has no `grade:`"))
        .label("how strong is the evidence?")
        .help(format!(
            "add `grade:` (documented, upstream, precedent, inferred or unknown; \
             socs/README.md says which is which), e.g. `{example}`"
        ))
}

pub(super) fn e0404_catalogue_incomplete(f: FileId, at: Loc, missing: &[&str]) -> Diagnostic {
    Diagnostic::new(
        Code::UngradedFact,
        f,
        at,
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
    )
}

pub(super) fn e0404_lock_group_ungraded(f: FileId, group: &Sp<u64>) -> Diagnostic {
    Diagnostic::new(
        Code::UngradedFact,
        f,
        group.loc,
        format!("lock group {} has no grade", group.value),
    )
    .label("how strong is the evidence for this group?")
    .help(
        "add `evidence: {lock_group: {grade: precedent, source: ...}}` to the lock \
         section (the vendor QCE driver sets lock_group = pipe_pair_index, \
         arter97/caf_msm-4.9@19ee419e4b49:drivers/crypto/msm/qce50.c)",
    )
}

pub(super) fn e0404_dummy_write_ungraded(
    f: FileId,
    dummy: Loc,
    scratchpad: &str,
    block_file: FileId,
    declared: Loc,
) -> Diagnostic {
    Diagnostic::new(
        Code::UngradedFact,
        f,
        dummy,
        format!("dummy write to `{scratchpad}` rests on `write_ignored: true`, which has no grade"),
    )
    .label("the write is only safe if the hardware ignores it")
    .related(block_file, declared, "declared write-ignored here")
    .help(
        "grade the register's `write_ignored` in the block file: \
         `evidence: {write_ignored: {grade: ..., source: ...}}`; or use \
         `dummy: read`",
    )
}

// --- blocks -----------------------------------------------------------------------------------

pub(super) fn e0005_address_bits(f: FileId, bits: &Sp<u64>) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        f,
        bits.loc,
        format!("command elements cannot carry {} address bits", bits.value),
    )
    .label("must be 1..=32")
    .help("the BAM header packs 24 address bits (qcom_bam_dma.h)")
}

pub(super) fn e0114_read_destination_bits(f: FileId, bits: &Sp<u64>) -> Diagnostic {
    Diagnostic::new(
        Code::ReadDestinationBits,
        f,
        bits.loc,
        format!(
            "a read command element cannot carry {} destination bits",
            bits.value
        ),
    )
    .label("must be 32 or 36")
    .help(
        "32: BAM below v1.6.0, the third word of a read element is ignored (0 is \
         written); 36: BAM v1.6.0 and later, bits 3..0 of the third word carry \
         destination bits 35..32 (Qualcomm's element layout table, fix \
         867621ba2030)",
    )
}

pub(super) fn e0112_index_limit(f: FileId, name: &str, max: &Sp<u64>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownIndex,
        f,
        max.loc,
        format!("index `{name}` has max {}, outside 1..=1024", max.value),
    )
    .label("bad limit")
    .help("`max` is the number of valid index values (BAM: 31 pipes, 8 EEs)")
}

pub(super) fn e0112_unknown_bound(
    f: FileId,
    bound: &Sp<String>,
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownIndex,
        f,
        bound.loc,
        format!("`{}` is not an instance property", bound.value),
    )
    .label("unknown bound")
    .help(format!(
        "{}an index can be bounded by num_channels or num_ees",
        hint(suggestion)
    ))
}

pub(super) fn e0115_no_lock_group_field(
    f: FileId,
    b: &BlockFile,
    locking: Loc,
    p_ctrl: Option<Loc>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::NoLockGroupField,
        f,
        locking,
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
    match p_ctrl {
        Some(at) => d.related(f, at, "`P_CTRL` is defined here"),
        None => d,
    }
}

// --- register catalogues and what the BAM driver binds to --------------------------------------

/// `at` is the revision's `catalogue:` key, `other` the revision whose name the catalogue takes.
pub(super) fn e0101_catalogue_named_like_revision(
    f: FileId,
    at: Loc,
    name: &str,
    other_file: FileId,
    other: &Sp<String>,
) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateName,
        f,
        at,
        format!(
            "register catalogue `{name}` has the name of revision `{}`",
            other.value
        ),
    )
    .label("its types would share a module name with that revision")
    .related(other_file, other.loc, "the revision")
    .help("rename the catalogue (its file and its `catalogue:` key)")
}

pub(super) fn e0004_block_without_registers(f: FileId, b: &BlockFile) -> Diagnostic {
    Diagnostic::new(
        Code::MissingKey,
        f,
        // The whole revision lacks the key, so point at the start of its first line.
        Loc {
            col: 1,
            ..b.block.loc
        },
        format!(
            "block `{}@{}` has no registers",
            b.block.value, b.revision.value
        ),
    )
    .label("neither `registers:` nor `offsets:`")
    .help(
        "list the registers under `registers:`, or name a register catalogue with \
         `catalogue: shared/<name>.yaml` and place its registers with `offsets:`",
    )
}

/// Why the driver needs what E0117 asks for, said once for every condition of the code.
const BAM_DRIVER_WHY: &str = "the BAM driver (socgen-bam) programs it through `BamRevision`";

/// `near` pairs a missing register with the revision's register it may have been renamed to.
pub(super) fn e0117_missing_registers(
    f: FileId,
    b: &BlockFile,
    missing: &[&str],
    near: &[(String, &str)],
) -> Diagnostic {
    let mut help = format!(
        "the BAM driver (socgen-bam) programs these through `BamRevision`: add them (or \
         place them with `offsets:`): {}",
        missing.join(", ")
    );
    if !near.is_empty() {
        let near: Vec<String> = near
            .iter()
            .map(|(have, want)| format!("`{have}` for `{want}`"))
            .collect();
        help.push_str(&format!("; did you mean {}?", near.join(", ")));
    }
    Diagnostic::new(
        Code::BamDriverBinding,
        f,
        b.block.loc,
        format!(
            "BAM revision `{}` lacks register(s) the driver programs: {}",
            b.revision.value,
            missing.join(", ")
        ),
    )
    .label("the driver cannot bind to this revision")
    .help(help)
}

/// `problem` says how the register is indexed (see `catalogue::wrong_copies`).
pub(super) fn e0117_wrong_copies(
    f: FileId,
    r: &RegisterSpec,
    problem: &str,
    copies: BamCopies,
) -> Diagnostic {
    Diagnostic::new(
        Code::BamDriverBinding,
        f,
        r.name.loc,
        format!("BAM register `{}` {problem}", r.name.value),
    )
    .label("the driver would address the wrong copy")
    .help(match copies {
        BamCopies::Global => "give it no `strides:` and no `array:`",
        BamCopies::PerPipe => "give it `strides: {pipe: <bytes>}` only",
        BamCopies::PerEe => "give it `strides: {ee: <bytes>}` only",
    })
}

/// A field the driver programs by name is missing; `near` is a field it may have been renamed to.
pub(super) fn e0117_missing_programmed_field(
    f: FileId,
    r: &RegisterSpec,
    field: &str,
    near: Option<&str>,
) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::BamDriverBinding,
        f,
        r.name.loc,
        format!(
            "BAM register `{}` has no field `{field}`, which the driver programs",
            r.name.value
        ),
    )
    .label(format!("no `{field}` among its fields"));
    // The fields may be written in a catalogue: point at the layout, too.
    if let Some(first) = r.fields.first() {
        d = d.related(f, first.loc, "its fields are defined here");
    }
    match near {
        Some(near) => d.help(format!(
            "did you mean `{near}`? {BAM_DRIVER_WHY}; keep its name"
        )),
        None => d.help(format!("add the field `{field}`: {BAM_DRIVER_WHY}")),
    }
}

/// A field the driver reads or writes through a typed value (not a mask) is missing;
/// `bits` is where the typed value puts it.
pub(super) fn e0117_missing_typed_field(
    f: FileId,
    r: &RegisterSpec,
    field: &str,
    bits: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::BamDriverBinding,
        f,
        r.name.loc,
        format!(
            "BAM register `{}` has no field `{field}`, which the driver uses",
            r.name.value
        ),
    )
    .label(format!("no `{field}` among its fields"))
    .help(format!("add the field `{field}` ({bits})"))
}

/// A field the driver programs only on revisions with pipe locking (`P_CTRL.P_LOCK_GROUP`) is
/// missing from one that locks; `locking` is its `capabilities.pipe_locking: true`.
pub(super) fn e0117_missing_locking_field(
    f: FileId,
    r: &RegisterSpec,
    field: &str,
    bits: &str,
    locking: Loc,
) -> Diagnostic {
    Diagnostic::new(
        Code::BamDriverBinding,
        f,
        r.name.loc,
        format!(
            "BAM register `{}` has no field `{field}`, which the driver programs on every \
             revision with pipe locking, as this one is",
            r.name.value
        ),
    )
    .label(format!("no `{field}` among its fields"))
    .related(f, locking, "pipe locking is declared here")
    .help(format!(
        "add the field `{field}` ({bits}): a locking pipe and its client's tx pipe get the \
         SoC's `lock_group` there. A revision without pipe locking needs no such field (vendor \
         bam.c defines it for the NDP BAMs only; BAM v1.3.0 leaves it out with `without_fields:`)"
    ))
}

/// `got` and `want` are the field's bits as the file and as the driver's typed values say.
pub(super) fn e0117_field_moved(
    f: FileId,
    bits_at: Loc,
    reg: &str,
    field: &str,
    got: &str,
    want: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::BamDriverBinding,
        f,
        bits_at,
        format!(
            "`{reg}.{field}` is at {got}, but the driver's typed values \
             (`socgen_runtime::bam::regs`) put it at {want}"
        ),
    )
    .label("the driver would program other bits")
    .help(
        "the driver is built for the bundled catalogue socs/blocks/bam/shared/\
         registers.yaml; a BAM whose fields moved needs its own driver support",
    )
}

pub(super) fn e0117_no_command_element(f: FileId, b: &BlockFile) -> Diagnostic {
    Diagnostic::new(
        Code::BamDriverBinding,
        f,
        b.block.loc,
        format!(
            "BAM revision `{}` says nothing about its command elements",
            b.revision.value
        ),
    )
    .label("no `command_element:`")
    .help(
        "add `command_element: {address_bits: 24, read_destination_bits: 32 or 36, \
         grade: .., source: ..}`: the driver encodes the lock's read element in this \
         format",
    )
}

// --- registers and fields ---------------------------------------------------------------------

pub(super) fn e0103_misaligned_register(f: FileId, r: &RegisterSpec) -> Diagnostic {
    Diagnostic::new(
        Code::MisalignedOffset,
        f,
        r.offset.loc,
        format!(
            "register `{}` at offset {:#x} is not 32-bit aligned",
            r.name.value, r.offset.value
        ),
    )
    .label("not a multiple of 4")
    .help(format!(
        "registers are 32-bit; did you mean {:#x}?",
        r.offset.value & !3
    ))
}

pub(super) fn e0103_array_stride(f: FileId, name: &str, stride: &Sp<u64>) -> Diagnostic {
    Diagnostic::new(
        Code::MisalignedOffset,
        f,
        stride.loc,
        format!("array `{name}` has stride {:#x}", stride.value),
    )
    .label("must be a non-zero multiple of 4")
    .help("consecutive 32-bit registers are 4 bytes apart")
}

pub(super) fn e0103_index_stride(
    f: FileId,
    name: &str,
    index: &str,
    stride: &Sp<u64>,
) -> Diagnostic {
    Diagnostic::new(
        Code::MisalignedOffset,
        f,
        stride.loc,
        format!("register `{name}` has {index} stride {:#x}", stride.value),
    )
    .label("must be a non-zero multiple of 4")
    .help("copies of a 32-bit register are a multiple of 4 bytes apart")
}

pub(super) fn e0005_reset_word(f: FileId, at: Loc, word: &str) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        f,
        at,
        if word.is_empty() {
            "the reset value is empty".to_string()
        } else {
            format!("reset value `{word}` is neither a number of 0 or more nor `unknown`")
        },
    )
    .label("expected a number or `unknown`")
    .help("write the reset value from the source, or `unknown` if no source gives it")
}

pub(super) fn e0109_reset_too_wide(f: FileId, at: Loc, value: u64, name: &str) -> Diagnostic {
    Diagnostic::new(
        Code::ResetTooWide,
        f,
        at,
        format!("reset value {value:#x} of `{name}` does not fit in 32 bits"),
    )
    .label("wider than the register")
    .help("registers are 32 bits wide; check the value against the source")
}

pub(super) fn e0111_write_ignored_writable(
    f: FileId,
    r: &RegisterSpec,
    declared: Loc,
    access: Access,
) -> Diagnostic {
    Diagnostic::new(
        Code::AccessConflict,
        f,
        declared,
        format!(
            "register `{}` is `{}` but declared write-ignored",
            r.name.value,
            access.as_str()
        ),
    )
    .label("contradicts the access")
    .related(f, r.access.loc, "access declared here")
    .help("only a read-only register can ignore writes; fix one of the two")
}

pub(super) fn e0111_field_access(
    f: FileId,
    field: &FieldSpec,
    at: Loc,
    field_access: Access,
    r: &RegisterSpec,
    reg_access: Access,
) -> Diagnostic {
    Diagnostic::new(
        Code::AccessConflict,
        f,
        at,
        format!(
            "field `{}` is `{}` in a `{}` register",
            field.name.value,
            field_access.as_str(),
            reg_access.as_str()
        ),
    )
    .label("contradicts the register")
    .related(f, r.access.loc, "register access declared here")
    .help(
        "a field cannot allow what its register forbids; make the register `rw` or fix the \
         field",
    )
}

pub(super) fn e0113_array_and_strides(f: FileId, name: &str, array: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::ArrayShape,
        f,
        array,
        format!("register `{name}` is both an array and dimensioned"),
    )
    .label("array here")
    .help("use `array:` for numbered copies or `strides:` for per-pipe/EE copies, not both")
}

pub(super) fn e0113_empty_array(f: FileId, name: &str, count: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::ArrayShape,
        f,
        count,
        format!("array `{name}` has no elements"),
    )
    .label("count 0")
    .help("an array needs count >= 1; drop `array:` for a single register")
}

pub(super) fn e0112_stride_for_undeclared_index(
    f: FileId,
    name: &str,
    index: &Sp<String>,
    declared: &[String],
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
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
        "{}declare it under `indices:` (declared: {})",
        hint(suggestion),
        if declared.is_empty() {
            "none".to_string()
        } else {
            declared.join(", ")
        }
    ))
}

pub(super) fn e0005_field_bits(f: FileId, field: &FieldSpec, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        f,
        field.bits.loc,
        format!("bits of field `{}`: {why}", field.name.value),
    )
    .label("expected `msb:lsb` or a bit number")
    .help("write e.g. `bits: 9:6` or `bits: 10`")
}

pub(super) fn e0106_field_outside_register(
    f: FileId,
    field: &FieldSpec,
    msb: u64,
    register: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::FieldOutsideRegister,
        f,
        field.bits.loc,
        format!(
            "field `{}` reaches bit {msb}, outside the 32-bit register `{register}`",
            field.name.value
        ),
    )
    .label("beyond bit 31")
    .help("registers have bits 31..0; check the bit range against the source")
}

pub(super) fn e0107_overlapping_fields(
    f: FileId,
    register: &str,
    earlier: &FieldSpec,
    earlier_msb: u64,
    field: &FieldSpec,
    (msb, lsb): (u64, u64),
) -> Diagnostic {
    Diagnostic::new(
        Code::OverlappingFields,
        f,
        field.bits.loc,
        format!(
            "fields `{}` and `{}` overlap in register `{register}`",
            earlier.name.value, field.name.value
        ),
    )
    .label(format!(
        "bits {msb}..{lsb} overlap bits up to {}",
        earlier_msb.min(msb)
    ))
    .related(
        f,
        earlier.bits.loc,
        format!("`{}` is here", earlier.name.value),
    )
    .help("give each field its own bits; check both ranges against the source")
}

pub(super) fn e0108_value_too_wide(
    f: FileId,
    field: &FieldSpec,
    value: &EnumValueSpec,
    width: u64,
) -> Diagnostic {
    Diagnostic::new(
        Code::ValueTooWide,
        f,
        value.value.loc,
        format!(
            "value {} of `{}.{}` does not fit its {width}-bit field",
            value.value.value, field.name.value, value.name.value
        ),
    )
    .label(format!("needs more than {width} bits"))
    .related(f, field.bits.loc, "the field's bits")
    .help(format!(
        "the field holds 0..={}; fix the value or widen `bits:`",
        (1u64 << width) - 1
    ))
}

pub(super) fn e0110_duplicate_value(
    f: FileId,
    field: &str,
    first: &Sp<String>,
    value: &EnumValueSpec,
) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateValue,
        f,
        value.value.loc,
        format!(
            "`{}` and `{}` both have value {} in field `{field}`",
            first.value, value.name.value, value.value.value
        ),
    )
    .label("value used twice")
    .related(f, first.loc, "first used here")
    .help("keep one name per value and mention the alias in its description")
}

pub(super) fn e0104_overlapping_registers(
    f: FileId,
    first: &RegisterSpec,
    first_at: u64,
    second: &RegisterSpec,
    second_at: u64,
) -> Diagnostic {
    Diagnostic::new(
        Code::OverlappingRegisters,
        f,
        second.offset.loc,
        format!(
            "registers `{}` and `{}` overlap at offset {second_at:#x}",
            first.name.value, second.name.value
        ),
    )
    .label(format!(
        "a copy of `{}` lands at {second_at:#x}",
        second.name.value
    ))
    .related(
        f,
        first.offset.loc,
        format!("`{}` has a copy at {first_at:#x}", first.name.value),
    )
    .help("check both offsets and strides (and index limits) against the source")
}

pub(super) fn e0105_beyond_4gib(f: FileId, r: &RegisterSpec) -> Diagnostic {
    Diagnostic::new(
        Code::AddressSpace,
        f,
        r.offset.loc,
        format!(
            "register `{}` (with all its copies) reaches past 4 GiB",
            r.name.value
        ),
    )
    .label("beyond the 32-bit offset space")
    .help("check the offset, count and strides against the source")
}

pub(super) fn e0105_block_copies(f: FileId, r: &RegisterSpec, budget: u64) -> Diagnostic {
    Diagnostic::new(
        Code::AddressSpace,
        f,
        r.offset.loc,
        format!(
            "with `{}`, the block's registers expand to more than {budget} copies in total",
            r.name.value
        ),
    )
    .label("too many copies in this block")
    .help("check the array counts and the index `max` values")
}

pub(super) fn e0105_register_copies(f: FileId, r: &RegisterSpec, budget: u64) -> Diagnostic {
    Diagnostic::new(
        Code::AddressSpace,
        f,
        r.offset.loc,
        format!(
            "register `{}` expands to more than {budget} copies",
            r.name.value
        ),
    )
    .label("too many copies")
    .help("check `count` and the index `max` values")
}

// --- SoCs and instances -----------------------------------------------------------------------

pub(super) fn e0202_overlapping_instances(
    f: FileId,
    first: &InstanceSpec,
    (start, end): (u64, u64),
    second: &InstanceSpec,
) -> Diagnostic {
    Diagnostic::new(
        Code::OverlappingInstances,
        f,
        second.base.loc,
        format!(
            "instances `{}` and `{}` overlap",
            first.name.value, second.name.value
        ),
    )
    .label(format!(
        "`{}` starts at {:#x}",
        second.name.value, second.base.value
    ))
    .related(
        f,
        first.size.loc,
        format!("`{}` spans {start:#x}..{end:#x}", first.name.value),
    )
    .help("check both bases and sizes against the device tree")
}

pub(super) fn e0103_misaligned_base(f: FileId, i: &InstanceSpec) -> Diagnostic {
    Diagnostic::new(
        Code::MisalignedOffset,
        f,
        i.base.loc,
        format!(
            "instance `{}` base {:#x} is not 4-byte aligned",
            i.name.value, i.base.value
        ),
    )
    .label("not a multiple of 4")
    .help("copy the base from the DT `reg` property")
}

pub(super) fn e0005_instance_size(f: FileId, i: &InstanceSpec) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        f,
        i.size.loc,
        format!("instance `{}` has size {:#x}", i.name.value, i.size.value),
    )
    .label("empty or past the end of the address space")
    .help("copy the size from the DT `reg` property")
}

pub(super) fn e0201_not_a_block_reference(f: FileId, block: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownBlock,
        f,
        block.loc,
        format!("`{}` is not `block@revision`", block.value),
    )
    .label("expected e.g. `bam@v1.7.0`")
    .help("name a block file as socs/blocks/<block>/<revision>.yaml does")
}

/// `same_block` lists the loaded revisions of the named block, `all` every loaded revision.
pub(super) fn e0201_unknown_block(
    f: FileId,
    block: &Sp<String>,
    (name, revision): (&str, &str),
    suggestion: Option<&str>,
    same_block: &[String],
    all: &[String],
) -> Diagnostic {
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None if !same_block.is_empty() => {
            format!("known revisions of `{name}`: {}", same_block.join(", "))
        }
        None => format!(
            "add socs/blocks/{name}/{revision}.yaml, or use one of: {}",
            if all.is_empty() {
                "none loaded".to_string()
            } else {
                all.join(", ")
            }
        ),
    };
    Diagnostic::new(
        Code::UnknownBlock,
        f,
        block.loc,
        format!("unknown block revision `{}`", block.value),
    )
    .label("no such block file")
    .help(help)
}

pub(super) fn e0207_unbounded_property(
    f: FileId,
    at: Loc,
    key: &str,
    block: &str,
    needs: Bound,
) -> Diagnostic {
    Diagnostic::new(
        Code::PropertyNotApplicable,
        f,
        at,
        format!(
            "`{key}` does not apply to `{block}`: the block has no index bounded by `{}`",
            needs.key()
        ),
    )
    .label("not used by this block")
    .help(format!("remove `{key}:`, or check `block:`"))
}

pub(super) fn e0207_bam_property(f: FileId, at: Loc, key: &str, block: &str) -> Diagnostic {
    Diagnostic::new(
        Code::PropertyNotApplicable,
        f,
        at,
        format!("`{key}` applies to BAM instances; `{block}` is not a BAM"),
    )
    .label("not used by this block")
    .help(format!("remove `{key}:`, or check `block:`"))
}

/// `num_channels` (E0204) or `num_ees` (E0205) outside the block's index limit.
pub(super) fn e0204_e0205_property_above_limit(
    f: FileId,
    bound: Bound,
    value: &Sp<u64>,
    (index, max): (&str, u64),
    block: &str,
    (block_file, limit): (FileId, Loc),
) -> Diagnostic {
    let code = match bound {
        Bound::NumChannels => Code::PipeOutOfRange,
        Bound::NumEes => Code::EeOutOfRange,
    };
    Diagnostic::new(
        code,
        f,
        value.loc,
        format!(
            "`{}: {}` is outside 1..={max}, the `{index}` limit of `{block}`",
            bound.key(),
            value.value
        ),
    )
    .label("out of range")
    .related(block_file, limit, "the limit")
    .help("copy the value from the device tree")
}

/// `num_ees_at` is where `num_ees` is set, when the limit comes from it.
pub(super) fn e0205_ee_not_below(
    f: FileId,
    ee: &Sp<u64>,
    limit: u64,
    what: &str,
    num_ees_at: Option<Loc>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::EeOutOfRange,
        f,
        ee.loc,
        format!("`ee: {}` is not below {what} ({limit})", ee.value),
    )
    .label("no such execution environment")
    .help("EEs are numbered 0..num_ees; copy `qcom,ee` from the device tree");
    match num_ees_at {
        Some(at) => d.related(f, at, "num_ees is set here"),
        None => d,
    }
}

pub(super) fn w0203_index_beyond_window(
    f: FileId,
    at: Loc,
    i: &InstanceSpec,
    (bound, declared): (Bound, u64),
    (index, fits): (&str, u64),
) -> Diagnostic {
    Diagnostic::new(
        Code::IndexBeyondWindow,
        f,
        at,
        format!(
            "`{}: {declared}` needs registers beyond the {:#x}-byte window of `{}`: only \
             {fits} `{index}` values fit",
            bound.key(),
            i.size.value,
            i.name.value,
        ),
    )
    .label(format!("generated `{index}` indices stop at {fits}"))
    .related(f, i.size.loc, "the window from the device tree")
    .help(
        "the two device-tree facts disagree; socgen keeps both and generates no access \
         outside the window. Check `size` and the property against the device tree",
    )
}

pub(super) fn e0203_register_beyond_instance(
    f: FileId,
    i: &InstanceSpec,
    (block_file, r): (FileId, &RegisterSpec),
    end: u64,
) -> Diagnostic {
    Diagnostic::new(
        Code::RegisterBeyondInstance,
        f,
        i.size.loc,
        format!(
            "register `{}` of `{}` ends at {end:#x}, beyond instance `{}` of size {:#x}",
            r.name.value, i.block.value, i.name.value, i.size.value
        ),
    )
    .label("too small for the block")
    .related(
        block_file,
        r.offset.loc,
        format!("`{}` is defined here", r.name.value),
    )
    .help("check `size` against the device tree, or the block revision")
}

pub(super) fn e0206_no_such_instance(
    f: FileId,
    name: &Sp<String>,
    suggestion: Option<&str>,
    names: &[String],
) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownInstance,
        f,
        name.loc,
        format!("no instance named `{}`", name.value),
    )
    .label("unknown instance")
    .help(match suggestion {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!("instances: {}", names.join(", ")),
    })
}

pub(super) fn e0206_not_a_bam(f: FileId, name: &Sp<String>, its_block: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownInstance,
        f,
        name.loc,
        format!(
            "`{}` is not a BAM (its block has no pipes or command elements)",
            name.value
        ),
    )
    .label("not a DMA controller")
    .related(f, its_block, "its block")
    .help("name the BAM instance (e.g. `cryptobam`)")
}

/// `count_from` says where the pipe count comes from: `num_channels` (true) or the size.
pub(super) fn e0204_pipe_out_of_range(
    f: FileId,
    pipe: &Sp<u64>,
    bam: &str,
    count: u64,
    count_from: Option<(Loc, bool)>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::PipeOutOfRange,
        f,
        pipe.loc,
        format!(
            "pipe {} does not exist on `{bam}`, which has {count} pipes",
            pipe.value
        ),
    )
    .label(format!("not below {count}"))
    .help("check the pipe against `dmas = <&bam N>` in the device tree");
    match count_from {
        Some((at, true)) => d.related(f, at, "num_channels is set here"),
        Some((at, false)) => d.related(f, at, "the pipe count follows from the instance size"),
        None => d,
    }
}

// --- lock sections ----------------------------------------------------------------------------

pub(super) fn e0301_lock_unsupported(
    f: FileId,
    bam: &Sp<String>,
    revision: &str,
    (block_file, says): (FileId, Loc),
) -> Diagnostic {
    Diagnostic::new(
        Code::LockUnsupported,
        f,
        bam.loc,
        format!(
            "`{}` is a BAM {revision}, which does not support pipe locking",
            bam.value
        ),
    )
    .label("this BAM cannot lock pipes")
    .related(block_file, says, "the block revision says so here")
    .help(
        "remove the lock section: on this revision the crypto engine cannot be shared safely \
         through pipe locking",
    )
}

pub(super) fn w0301_lock_pipe_not_client(f: FileId, pipe: &Sp<u64>, bam: &str) -> Diagnostic {
    Diagnostic::new(
        Code::LockPipeNotClient,
        f,
        pipe.loc,
        format!(
            "pipe {} is not the rx pipe of any client of `{bam}`",
            pipe.value
        ),
    )
    .label("no `dma: {rx: ..}` names this pipe")
    .help(
        "the lock belongs on the pipe that carries the client's command descriptors (its rx \
         pipe)",
    )
}

pub(super) fn e0305_lock_group_too_wide(
    f: FileId,
    group: &Sp<u64>,
    b: &BlockFile,
    (width, max): (u64, u64),
    (block_file, bits): (FileId, Loc),
) -> Diagnostic {
    Diagnostic::new(
        Code::LockGroupTooWide,
        f,
        group.loc,
        format!(
            "lock group {} does not fit `P_CTRL.P_LOCK_GROUP` of `{}@{}` ({width} bits, \
             0..={max})",
            group.value, b.block.value, b.revision.value
        ),
    )
    .label(format!("not below {}", max.saturating_add(1)))
    .related(block_file, bits, "the field is defined here")
    .help(
        "use a group in range; the vendor QCE driver uses the pipe pair index \
         (rx pipe / 2)",
    )
}

pub(super) fn e0306_wrapper_missing(f: FileId, mode: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::WrapperMismatch,
        f,
        mode,
        "`address_mode: wrapper_offset18` measures offsets from a wrapper base, but there is no \
         `wrapper:`",
    )
    .label("offsets from what?")
    .help(
        "add `wrapper: {base: 0x..., description: ..., grade: ..., source: ...}` with \
         the base of the peripheral wrapper holding the BAM and its clients, or use \
         `bam_offset18` when that wrapper is 256 KiB aligned",
    )
}

pub(super) fn e0306_wrapper_unused(f: FileId, base: Loc, mode: &str, mode_at: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::WrapperMismatch,
        f,
        base,
        format!("`wrapper:` is given, but `address_mode: {mode}` does not use it"),
    )
    .label("ignored by this address mode")
    .related(f, mode_at, "address mode chosen here")
    .help(
        "use `address_mode: wrapper_offset18` to measure offsets from this base, or \
         remove `wrapper:` (`bam_offset18` measures from the 256 KiB-aligned block \
         holding the BAM)",
    )
}

pub(super) fn e0307_wrapper_above(f: FileId, base: &Sp<u64>, below: &InstanceSpec) -> Diagnostic {
    Diagnostic::new(
        Code::WrapperAbove,
        f,
        base.loc,
        format!(
            "wrapper base {:#x} lies above `{}` at {:#x}: its offset from the wrapper would be \
             negative",
            base.value, below.name.value, below.base.value
        ),
    )
    .label("the wrapper must hold the BAM and its clients")
    .related(
        f,
        below.base.loc,
        format!("`{}` starts here", below.name.value),
    )
    .help(
        "the wrapper base is the lowest address of the peripheral wrapper that \
         holds the BAM and its clients; check it against the memory map",
    )
}

pub(super) fn e0308_scratchpad_not_dotted(f: FileId, scratchpad: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::ScratchpadNotDotted,
        f,
        scratchpad.loc,
        format!("`{}` is not `instance.REGISTER`", scratchpad.value),
    )
    .label("expected e.g. `crypto.VERSION`")
    .help("name an instance and one of its block's registers")
}

pub(super) fn e0309_scratchpad_unknown_instance(
    f: FileId,
    scratchpad: &Sp<String>,
    (instance, register): (&str, &str),
    suggestion: Option<&str>,
    names: &[String],
) -> Diagnostic {
    Diagnostic::new(
        Code::ScratchpadUnknownInstance,
        f,
        scratchpad.loc,
        format!("scratchpad instance `{instance}` does not exist"),
    )
    .label("unknown instance")
    .help(match suggestion {
        Some(n) => format!("did you mean `{n}.{register}`?"),
        None => format!("instances: {}", names.join(", ")),
    })
}

pub(super) fn e0302_scratchpad_unknown_register(
    f: FileId,
    scratchpad: &Sp<String>,
    (instance, block): (&str, &str),
    register: &str,
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Code::ScratchpadUnknownRegister,
        f,
        scratchpad.loc,
        format!("`{block}` has no register `{register}`"),
    )
    .label("unknown register")
    .help(match suggestion {
        Some(n) => format!("did you mean `{instance}.{n}`?"),
        None => "name a register of the instance's block".to_string(),
    })
}

pub(super) fn e0314_scratchpad_not_single(
    f: FileId,
    scratchpad: &Sp<String>,
    (block_file, defined): (FileId, Loc),
) -> Diagnostic {
    Diagnostic::new(
        Code::ScratchpadNotSingle,
        f,
        scratchpad.loc,
        format!("scratchpad `{}` has several copies", scratchpad.value),
    )
    .label("not a single register")
    .related(block_file, defined, "defined here")
    .help("choose a plain register, such as the block's VERSION")
}

pub(super) fn e0315_dummy_read_unreadable(
    f: FileId,
    dummy: Loc,
    scratchpad: &str,
    (block_file, access): (FileId, Loc),
) -> Diagnostic {
    Diagnostic::new(
        Code::DummyReadUnreadable,
        f,
        dummy,
        format!("dummy read of write-only register `{scratchpad}`"),
    )
    .label("cannot be read")
    .related(block_file, access, "declared write-only here")
    .help("choose a readable scratchpad register")
}

/// `(read_only, write_ignored)` is what the register declares; not both are true.
pub(super) fn e0303_unsafe_dummy_write(
    f: FileId,
    dummy: Loc,
    (scratchpad, register): (&str, &str),
    (read_only, write_ignored): (bool, bool),
    (block_file, access_at, access): (FileId, Loc, Access),
) -> Diagnostic {
    let why = match (read_only, write_ignored) {
        (true, false) => "is read-only, but nothing says writes to it are ignored",
        (false, true) => "ignores writes, but is not declared read-only",
        _ => "is neither declared read-only nor write-ignored",
    };
    Diagnostic::new(
        Code::UnsafeDummyWrite,
        f,
        dummy,
        format!("dummy write to scratchpad `{scratchpad}`, which {why}"),
    )
    .label("this write may change the engine's state")
    .related(
        block_file,
        access_at,
        format!("`{register}` is declared `{}` here", access.as_str()),
    )
    .help(
        "a write to a register that does not ignore writes can corrupt the other side's \
         transaction; use `dummy: read`, or declare `access: ro` and `write_ignored: true` if a \
         source says so",
    )
}

pub(super) fn e0005_dummy_value_too_wide(f: FileId, dummy: Loc, value: u64) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        f,
        dummy,
        format!("dummy write value {value:#x} does not fit in 32 bits"),
    )
    .label("too wide")
    .help("write a 32-bit value (0 is customary)")
}

pub(super) fn e0304_scratchpad_unaddressable(
    f: FileId,
    scratchpad: &Sp<String>,
    mode: AddressMode,
    why: &str,
    mode_at: Loc,
) -> Diagnostic {
    Diagnostic::new(
        Code::CeAddressUnrepresentable,
        f,
        scratchpad.loc,
        format!(
            "scratchpad `{}` cannot be addressed in mode `{}`: {why}",
            scratchpad.value,
            mode.as_str()
        ),
    )
    .label("not representable")
    .related(f, mode_at, "address mode chosen here")
    .help(mode_help(mode))
}

pub(super) fn e0304_client_unaddressable(
    f: FileId,
    client: &InstanceSpec,
    register: &str,
    (mode, mode_at): (AddressMode, Loc),
    why: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::CeAddressUnrepresentable,
        f,
        client.base.loc,
        format!(
            "register `{register}` of `{}` cannot be addressed by command elements in mode \
             `{}`: {why}",
            client.name.value,
            mode.as_str()
        ),
    )
    .label("registers here are out of reach")
    .related(f, mode_at, "address mode chosen here")
    .help(mode_help(mode))
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

/// W0310-W0314 (the code comes from [`crate::risk::risks`]): a lock setup unsafe under a
/// hardware variant its evidence leaves open. `at` is the key that chose the carrying
/// element, `other` the key that shares the blame.
pub(super) fn w0310_w0313_lock_evidence(
    f: FileId,
    (at, other): (Loc, (Loc, &str)),
    soc: &str,
    r: &crate::risk::Reliance,
    strict: Option<Loc>,
) -> Diagnostic {
    let source = if r.source.trim().is_empty() {
        "no source".to_string()
    } else {
        r.source.trim().to_string()
    };
    let mut d = Diagnostic::new(
        r.code,
        f,
        at,
        format!(
            "the lock setup of `{soc}` is unsafe if the hardware behaves as `{}`: `{}` is only \
             graded `{}`",
            r.variant,
            r.subject.name(),
            r.grade.as_str()
        ),
    )
    .label(format!(
        "{}; under that variant {}",
        r.carried_by, r.consequence
    ))
    .related(f, other.0, other.1);
    if let Some(s) = strict {
        d = d
            .related(f, s, "`strict: true` makes this an error")
            .denied();
    }
    d.help(format!(
        "to make it safe, {}. Evidence: `{}` is `{}` (source: {source}); a variant is ruled \
         out only by `precedent` or better. The experiment that settles it is {} in \
         docs/HARDWARE-VALIDATION.md#{}",
        r.fix,
        r.subject.name(),
        r.grade.as_str(),
        r.question,
        crate::risk::question_anchor(r.question)
    ))
}

// --- `unlock:` of the lock section ------------------------------------------------------------

pub(super) fn e0401_unlock_without_source(f: FileId, access: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::GradeWithoutSource,
        f,
        access,
        "the `unlock:` element has no `source:`",
    )
    .label("which driver unlocks this way on hardware?")
    .help(
        "add `source:` to `unlock:`: the code that sends this UNLOCK (and, for a write, where the \
         value comes from), e.g. vendor qce50's `unlock_all_pipes`",
    )
}

pub(super) fn e0316_unlock_register_missing(f: FileId, access: Loc, kind: &str) -> Diagnostic {
    Diagnostic::new(
        Code::UnlockRegisterMismatch,
        f,
        access,
        format!("`unlock:` with `access: {kind}` names no `register:`"),
    )
    .label("which register does the element access?")
    .help("add `register: instance.REGISTER`, e.g. `register: crypto.CONFIG`")
}

pub(super) fn e0316_unlock_register_unused(f: FileId, register: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnlockRegisterMismatch,
        f,
        register.loc,
        format!(
            "`register: {}` with `access: none`: an UNLOCK without an element accesses no register",
            register.value
        ),
    )
    .label("never accessed")
    .help("remove `register:`, or choose `access: read` or `access: {write: VALUE}`")
}

pub(super) fn e0315_unlock_read_unreadable(
    f: FileId,
    access: Loc,
    register: &str,
    (block_file, declared): (FileId, Loc),
) -> Diagnostic {
    Diagnostic::new(
        Code::DummyReadUnreadable,
        f,
        access,
        format!("the UNLOCK element reads write-only register `{register}`"),
    )
    .label("cannot be read")
    .related(block_file, declared, "declared write-only here")
    .help("choose a readable register, or a write the client repeats before every operation")
}

pub(super) fn e0005_unlock_value_too_wide(f: FileId, access: Loc, value: u64) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        f,
        access,
        format!("UNLOCK write value {value:#x} does not fit in 32 bits"),
    )
    .label("too wide")
    .help("write a 32-bit value, e.g. the register's reset value")
}

pub(super) fn e0317_unlock_write_changes_state(
    f: FileId,
    access: Loc,
    register: &str,
    client: Option<(&str, &[&str])>,
    (block_file, declared): (FileId, Loc),
) -> Diagnostic {
    let why = match client {
        Some((name, rewritten)) => format!(
            "socgen's driver for `{name}` writes only {} again before each operation starts",
            rewritten
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "socgen has no driver for the locked pipe's client, so nothing says its next \
                 transaction writes this register again"
            .to_string(),
    };
    Diagnostic::new(
        Code::UnlockWriteChangesState,
        f,
        access,
        format!(
            "the UNLOCK element writes `{register}`, state the next transaction may depend on: \
             {why}"
        ),
    )
    .label("this write outlives the transaction")
    .related(block_file, declared, "the register is declared here")
    .help(
        "write a register the client's every transaction writes again before its operation \
         (for the crypto engine, `CONFIG` as vendor qce50 does), a read-only register declared \
         `write_ignored: true`, or use `access: read` / `access: none`",
    )
}

// --- board files and SoC families ------------------------------------------------------------

pub(super) fn e0601_board_unknown_soc(
    f: FileId,
    soc: &Sp<String>,
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Code::BoardUnknownSoc,
        f,
        soc.loc,
        format!(
            "board file names SoC `{}`, which is not loaded (a board's SoC file is `<soc>.yaml` in the catalogue root above `boards/`)",
            soc.value
        ),
    )
    .label("no such SoC")
    .help(format!(
        "{}name the SoC file's `soc:`, or write the SoC file first (`socgen import --dtb`)",
        hint(suggestion)
    ))
}

pub(super) fn e0602_board_unknown_instance(
    f: FileId,
    instance: &Sp<String>,
    soc: &str,
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Code::BoardUnknownInstance,
        f,
        instance.loc,
        format!("SoC `{soc}` has no instance `{}`", instance.value),
    )
    .label("no such instance")
    .help(format!(
        "{}an override names an instance of the SoC file (its `name:`, the dtsi's label)",
        hint(suggestion)
    ))
}

pub(super) fn e0603_board_bam_property(
    f: FileId,
    at: Loc,
    key: &str,
    instance: &str,
    block: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::BoardNotApplicable,
        f,
        at,
        format!("`{key}` applies to BAM instances; `{instance}` is `{block}`, not a BAM"),
    )
    .label("not a BAM")
    .help(format!(
        "remove `{key}:` from this override, or name the BAM instance the board changes"
    ))
}

pub(super) fn e0604_board_duplicate_override(
    f: FileId,
    instance: &Sp<String>,
    first: Loc,
) -> Diagnostic {
    Diagnostic::new(
        Code::BoardDuplicateOverride,
        f,
        instance.loc,
        format!("instance `{}` is overridden twice", instance.value),
    )
    .label("overridden again here")
    .related(f, first, "first override")
    .help("merge the two overrides into one")
}

pub(super) fn e0605_compatible_claimed(
    f: FileId,
    compatible: &Sp<String>,
    other: &str,
    first: Option<(FileId, Loc)>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::SocCompatibleClaimed,
        f,
        compatible.loc,
        format!(
            "root compatible `{}` is claimed by {other} too, so a blob carrying it would select two files",
            compatible.value
        ),
    )
    .label("claimed twice");
    let d = match first {
        Some((file, loc)) => d.related(file, loc, "claimed here"),
        None => d,
    };
    d.help("keep the compatible in the one file whose silicon (or board) it names")
}
