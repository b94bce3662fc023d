//! Block revisions as a whole: the file's place (E0007), provenance (E0006), the command-element
//! format (E0005, E0114), capabilities and their grades (E0404, E0115), the index declarations
//! (E0102, E0112); then every register and the overlaps between them (`register.rs`); last,
//! whether its `role:` fits what it declares (E0119).

use super::Validator;
use super::identifiers::Case;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::{LoadedBlock, did_you_mean};
use crate::resolve;
use crate::source::{Loc, Sp};
use crate::syntax::{BlockFile, CommandElementSpec, IndexSpec};

/// The register and field a BAM revision that can lock pipes programs the lock group into.
pub(super) const LOCK_GROUP_REGISTER: &str = "P_CTRL";
pub(super) const LOCK_GROUP_FIELD: &str = "P_LOCK_GROUP";

/// The `P_CTRL` register of a block, if declared.
pub(super) fn lock_group_register(b: &BlockFile) -> Option<&Sp<crate::syntax::RegisterSpec>> {
    b.registers
        .iter()
        .find(|r| r.value.name.value == LOCK_GROUP_REGISTER)
}

/// The `P_CTRL.P_LOCK_GROUP` field of a block, if declared.
pub(super) fn lock_group_field(b: &BlockFile) -> Option<&Sp<crate::syntax::FieldSpec>> {
    lock_group_register(b).and_then(|r| {
        b.fields_of(&r.value)
            .iter()
            .find(|fl| fl.value.name.value == LOCK_GROUP_FIELD)
    })
}

/// An index limit socgen accepts: at least one value, at most 1024 (BAM: 31 pipes, 8 EEs).
fn index_limit_ok(max: u64) -> bool {
    (1..=1024).contains(&max)
}

impl Validator<'_> {
    pub(super) fn block(&mut self, lb: &LoadedBlock) {
        let b = &lb.syntax;
        self.matches_place(
            &b.block,
            &lb.dir_name,
            "directory",
            format!(
                "move the file to socs/blocks/{}/ or set `block: {}`",
                b.block.value, lb.dir_name
            ),
        );
        self.matches_place(
            &b.revision,
            &lb.stem,
            "file name",
            format!(
                "rename the file to {}.yaml or set `revision: {}`",
                b.revision.value, lb.stem
            ),
        );
        let top = Loc {
            col: 1,
            ..b.block.loc
        };
        self.require_source(&b.source, top, "this block file");
        self.unique(&b.compatibles, "compatible", "this block");
        if let Some(ce) = &b.command_element {
            self.command_element(ce);
        }
        if let Some(caps) = &b.capabilities
            && let Some(locking) = &caps.value.pipe_locking
        {
            let c = &caps.value;
            let graded = (&c.grade, &c.reasoning);
            self.own_grade(graded, caps.loc, "`capabilities`", "grade: upstream");
            if locking.value && lock_group_field(b).is_none() {
                let p_ctrl = lock_group_register(b).map(|r| r.value.name.loc);
                self.push(e0115_no_lock_group_field(b, locking.loc, p_ctrl));
            }
        }
        for (name, spec) in &b.indices.0 {
            self.index(name, &spec.value);
        }
        self.unique(b.indices.0.iter().map(|(n, _)| n), "index", "this block");
        for reg in &b.registers {
            self.register(b, &reg.value);
        }
        self.block_fieldsets(b);
        self.unique(
            b.registers.iter().map(|r| &r.value.name),
            "register",
            &format!("block {}@{}", b.block.value, b.revision.value),
        );
        self.register_overlaps(b);
        self.role_fits(lb);
    }

    /// A DMA engine (`bam`, `dma-engine`) has pipes (an index bounded by `num_channels`) and
    /// executes command elements (`command_element:`): what instances' `ee`, `num_channels`
    /// and lock sections describe. A block with both that says it is not one would lose all
    /// of that silently.
    fn role_fits(&mut self, lb: &LoadedBlock) {
        let b = &lb.syntax;
        let pipes = resolve::indices(b)
            .iter()
            .any(|i| i.2 == Some(crate::model::Bound::NumChannels));
        let ce = b.command_element.is_some();
        let role = super::role(lb);
        if role.is_dma_engine() == (pipes && ce) {
            return;
        }
        let at = b.role.as_ref().map_or(b.block.loc, |r| r.loc);
        let what = format!("block {}@{}", b.block.value, b.revision.value);
        let d = if role.is_dma_engine() {
            let lacks = match (pipes, ce) {
                (false, false) => {
                    "an index bounded by `num_channels` (its pipes) nor `command_element:`"
                }
                (false, true) => "index bounded by `num_channels` (its pipes)",
                _ => "`command_element:` (the format of the command elements it executes)",
            };
            Diagnostic::new(
                Code::BlockRoleMismatch,
                at,
                format!("{what} says `role: {}` but has no {lacks}", role.as_str()),
            )
            .label("a DMA engine without pipes or command elements")
            .help(
                "declare `indices: {pipe: {max: 31, bound: num_channels}}` and \
                 `command_element:` as the bundled BAM revisions do, or use `role: peripheral`",
            )
        } else {
            Diagnostic::new(
                Code::BlockRoleMismatch,
                at,
                format!(
                    "{what} has pipes bounded by `num_channels` and a `command_element:` \
                     format, a DMA engine's, but its role is `{}`",
                    role.as_str()
                ),
            )
            .label("a DMA engine that does not say so")
            .help(
                "add `role: bam` below `revision:` for a BAM socgen-bam drives (it must have \
                 every register the driver programs), or `role: dma-engine` for one socgen only \
                 describes; either lets its instances take `ee`, `num_channels` and lock sections",
            )
        };
        self.push(d);
    }

    fn command_element(&mut self, ce: &Sp<CommandElementSpec>) {
        let c = &ce.value;
        if !(1..=32).contains(&c.address_bits.value) {
            self.push(e0005_address_bits(&c.address_bits));
        }
        if !matches!(c.read_destination_bits.value, 32 | 36) {
            self.push(e0114_read_destination_bits(&c.read_destination_bits));
        }
        let graded = (&c.grade, &c.reasoning);
        self.own_grade(graded, ce.loc, "`command_element`", "grade: documented");
    }

    fn index(&mut self, name: &Sp<String>, spec: &IndexSpec) {
        self.ident(name, "index", Case::Lower);
        if !index_limit_ok(spec.max.value) {
            self.push(e0112_index_limit(&name.value, &spec.max));
        }
        if let Some(bound) = &spec.bound
            && resolve::bound(&bound.value).is_none()
        {
            let known = ["num_channels".to_string(), "num_ees".to_string()];
            let suggestion = did_you_mean(&bound.value, &known);
            self.push(e0112_unknown_bound(bound, suggestion));
        }
    }
}

fn e0005_address_bits(bits: &Sp<u64>) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        bits.loc,
        format!("command elements cannot carry {} address bits", bits.value),
    )
    .label("must be 1..=32")
    .help("the BAM header packs 24 address bits (qcom_bam_dma.h)")
}

fn e0114_read_destination_bits(bits: &Sp<u64>) -> Diagnostic {
    Diagnostic::new(
        Code::ReadDestinationBits,
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

fn e0112_index_limit(name: &str, max: &Sp<u64>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownIndex,
        max.loc,
        format!("index `{name}` has max {}, outside 1..=1024", max.value),
    )
    .label("bad limit")
    .help("`max` is the number of valid index values (BAM: 31 pipes, 8 EEs)")
}

fn e0112_unknown_bound(bound: &Sp<String>, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownIndex,
        bound.loc,
        format!("`{}` is not an instance property", bound.value),
    )
    .label("unknown bound")
    .help(format!(
        "{}an index can be bounded by num_channels or num_ees",
        super::hint(suggestion)
    ))
}

fn e0115_no_lock_group_field(b: &BlockFile, locking: Loc, p_ctrl: Option<Loc>) -> Diagnostic {
    let d = Diagnostic::new(
        Code::NoLockGroupField,
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
        Some(at) => d.related(at, "`P_CTRL` is defined here"),
        None => d,
    }
}
