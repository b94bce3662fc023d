//! One instance of a SoC: its name (E0102), base and size (E0103, E0005), the block revision it
//! names (E0201, listing the loaded and the bundled revisions), the properties that block uses (E0207), index properties within the block's
//! limits (E0204, E0205) and the instance window (W0203), and every register inside the window
//! (E0203).

use super::Validator;
use super::identifiers::Case;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::load::{BUNDLED, Loaded, LoadedBlock, did_you_mean};
use crate::model::Bound;
use crate::resolve;
use crate::source::{Loc, Sp};
use crate::syntax::RegisterSpec;
use crate::syntax::{BlockFile, InstanceSpec};

/// The instance property that sets an index bound.
fn bound_property(i: &InstanceSpec, bound: Bound) -> &Option<Sp<u64>> {
    match bound {
        Bound::NumChannels => &i.num_channels,
        Bound::NumEes => &i.num_ees,
    }
}

/// Every `block@revision` an instance may name: those loaded from the SoC's tree and those
/// bundled with socgen ([`BUNDLED`]), which the loader reads only when a SoC names them, so a
/// consumer's typo is told about `qce@v5` although nothing loaded it. Sorted, without repeats.
fn known_revisions(loaded: &Loaded) -> Vec<String> {
    let bundled = BUNDLED.iter().filter_map(|(path, _)| {
        // `blocks/<block>/<revision>.yaml`; `blocks/<block>/shared/...` are catalogues.
        let rest = path.strip_prefix("blocks/")?.strip_suffix(".yaml")?;
        let (block, revision) = rest.split_once('/')?;
        (!revision.contains('/')).then(|| format!("{block}@{revision}"))
    });
    let mut all: Vec<String> = loaded
        .blocks
        .iter()
        .map(|b| format!("{}@{}", b.dir_name, b.stem))
        .chain(bundled)
        .collect();
    all.sort();
    all.dedup();
    all
}

/// Where a block declares the limit of an index (its `max:`).
fn limit_loc(block: &LoadedBlock, index: &str) -> Loc {
    block
        .syntax
        .indices
        .0
        .iter()
        .find(|(n, _)| n.value == index)
        .map_or(Loc::start_of(block.file), |(_, s)| s.value.max.loc)
}

impl<'a> Validator<'a> {
    /// Checks one instance; returns its block when the reference resolves.
    pub(super) fn instance(&mut self, i: &InstanceSpec) -> Option<&'a LoadedBlock> {
        self.ident(&i.name, "instance", Case::Lower);
        if !i.base.value.is_multiple_of(4) {
            self.push(e0103_misaligned_base(i));
        }
        if i.size.value == 0 || i.base.value.checked_add(i.size.value).is_none() {
            self.push(e0005_instance_size(i));
        }
        let block = self.block_of(i)?;
        let b = &block.syntax;
        self.properties_used(i, b);
        self.index_limits(i, block);
        self.ee_below_num_ees(i, b);
        self.inside_window(i, block);
        Some(block)
    }

    /// The block revision an instance names, reported when it does not resolve.
    fn block_of(&mut self, i: &InstanceSpec) -> Option<&'a LoadedBlock> {
        let Some((bname, rev)) = resolve::block_ref(&i.block.value) else {
            self.push(e0201_not_a_block_reference(&i.block));
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
        if let Some(block) = loaded.block(bname, rev) {
            return Some(block);
        }
        let all = known_revisions(loaded);
        let same_block: Vec<String> = all
            .iter()
            .filter(|r| r.split_once('@').is_some_and(|(b, _)| b == bname))
            .cloned()
            .collect();
        let suggestion = did_you_mean(&i.block.value, &all);
        self.push(e0201_unknown_block(
            &i.block,
            (bname, rev),
            suggestion,
            &same_block,
            &all,
        ));
        None
    }

    /// Index properties need an index they bound; BAM properties need a BAM.
    fn properties_used(&mut self, i: &InstanceSpec, b: &BlockFile) {
        let bounds: Vec<Bound> = resolve::indices(b).iter().filter_map(|x| x.2).collect();
        for (value, key, needs) in [
            (&i.num_channels, "num_channels", Bound::NumChannels),
            (&i.num_ees, "num_ees", Bound::NumEes),
            (&i.ee, "ee", Bound::NumEes),
        ] {
            if let Some(v) = value
                && !bounds.contains(&needs)
            {
                self.push(e0207_unbounded_property(v.loc, key, &i.block.value, needs));
            }
        }
        for (flag, key) in [
            (&i.controlled_remotely, "controlled_remotely"),
            (&i.powered_remotely, "powered_remotely"),
        ] {
            if let Some(v) = flag
                && b.command_element.is_none()
            {
                self.push(e0207_bam_property(v.loc, key, &i.block.value));
            }
        }
    }

    /// `num_channels` and `num_ees` within the block's index limits.
    fn index_limits(&mut self, i: &InstanceSpec, block: &LoadedBlock) {
        let b = &block.syntax;
        for (name, max, bound) in &resolve::indices(b) {
            let Some(bound) = *bound else { continue };
            let Some(value) = bound_property(i, bound) else {
                continue;
            };
            if value.value == 0 || value.value > *max {
                self.push(e0204_e0205_property_above_limit(
                    bound,
                    value,
                    (name, *max),
                    &i.block.value,
                    limit_loc(block, name),
                ));
            }
        }
    }

    /// `ee` below `num_ees`, or below the block's EE limit when `num_ees` is not given.
    fn ee_below_num_ees(&mut self, i: &InstanceSpec, b: &BlockFile) {
        let Some(ee) = &i.ee else { return };
        let limit = i
            .num_ees
            .as_ref()
            .map(|n| (n.value, "num_ees", Some(n.loc)))
            .or_else(|| {
                resolve::indices(b)
                    .iter()
                    .find(|x| x.2 == Some(Bound::NumEes))
                    .map(|x| (x.1, "the block's EE limit", None))
            });
        if let Some((limit, what, at)) = limit
            && ee.value >= limit
        {
            self.push(e0205_ee_not_below(ee, limit, what, at));
        }
    }

    /// Every register must lie inside the instance; copies an index property implies beyond
    /// the window are cut (with a warning): the property is a device-tree fact, kept as is.
    fn inside_window(&mut self, i: &InstanceSpec, block: &LoadedBlock) {
        let b = &block.syntax;
        let idx = resolve::indices(b);
        let names: Vec<String> = idx.iter().map(|x| x.0.clone()).collect();
        let (counts, declared) = resolve::index_counts(b, i);
        for (((name, max, bound), fits), declared) in idx.iter().zip(&counts).zip(&declared) {
            let (Some(bound), Some(decl)) = (*bound, *declared) else {
                continue;
            };
            if decl > *fits && decl <= *max {
                let at = bound_property(i, bound)
                    .as_ref()
                    .map_or(i.size.loc, |v| v.loc);
                self.push(w0203_index_beyond_window(
                    at,
                    i,
                    (bound, decl),
                    (name, *fits),
                ));
            }
        }
        let beyond = b.registers.iter().find_map(|reg| {
            let end = resolve::last_end(&reg.value, &names, &counts)?;
            (end > i.size.value).then_some((&reg.value, end))
        });
        if let Some((r, end)) = beyond {
            self.push(e0203_register_beyond_instance(i, r, end));
        }
    }
}

fn e0103_misaligned_base(i: &InstanceSpec) -> Diagnostic {
    Diagnostic::new(
        Code::MisalignedOffset,
        i.base.loc,
        format!(
            "instance `{}` base {:#x} is not 4-byte aligned",
            i.name.value, i.base.value
        ),
    )
    .label("not a multiple of 4")
    .help("copy the base from the DT `reg` property")
}

fn e0005_instance_size(i: &InstanceSpec) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        i.size.loc,
        format!("instance `{}` has size {:#x}", i.name.value, i.size.value),
    )
    .label("empty or past the end of the address space")
    .help("copy the size from the DT `reg` property")
}

fn e0201_not_a_block_reference(block: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownBlock,
        block.loc,
        format!("`{}` is not `block@revision`", block.value),
    )
    .label("expected e.g. `bam@v1.7.0`")
    .help("name a block file as socs/blocks/<block>/<revision>.yaml does")
}

/// `same_block` lists the loaded revisions of the named block, `all` every loaded revision.
fn e0201_unknown_block(
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
        block.loc,
        format!("unknown block revision `{}`", block.value),
    )
    .label("no such block file")
    .help(help)
}

fn e0207_unbounded_property(at: Loc, key: &str, block: &str, needs: Bound) -> Diagnostic {
    Diagnostic::new(
        Code::PropertyNotApplicable,
        at,
        format!(
            "`{key}` does not apply to `{block}`: the block has no index bounded by `{}`",
            needs.key()
        ),
    )
    .label("not used by this block")
    .help(format!("remove `{key}:`, or check `block:`"))
}

fn e0207_bam_property(at: Loc, key: &str, block: &str) -> Diagnostic {
    Diagnostic::new(
        Code::PropertyNotApplicable,
        at,
        format!("`{key}` applies to BAM instances; `{block}` is not a BAM"),
    )
    .label("not used by this block")
    .help(format!("remove `{key}:`, or check `block:`"))
}

/// `num_channels` (E0204) or `num_ees` (E0205) outside the block's index limit.
fn e0204_e0205_property_above_limit(
    bound: Bound,
    value: &Sp<u64>,
    (index, max): (&str, u64),
    block: &str,
    limit: Loc,
) -> Diagnostic {
    let code = match bound {
        Bound::NumChannels => Code::PipeOutOfRange,
        Bound::NumEes => Code::EeOutOfRange,
    };
    Diagnostic::new(
        code,
        value.loc,
        format!(
            "`{}: {}` is outside 1..={max}, the `{index}` limit of `{block}`",
            bound.key(),
            value.value
        ),
    )
    .label("out of range")
    .related(limit, "the limit")
    .help("copy the value from the device tree")
}

/// `num_ees_at` is where `num_ees` is set, when the limit comes from it.
fn e0205_ee_not_below(ee: &Sp<u64>, limit: u64, what: &str, num_ees_at: Option<Loc>) -> Diagnostic {
    let d = Diagnostic::new(
        Code::EeOutOfRange,
        ee.loc,
        format!("`ee: {}` is not below {what} ({limit})", ee.value),
    )
    .label("no such execution environment")
    .help("EEs are numbered 0..num_ees; copy `qcom,ee` from the device tree");
    match num_ees_at {
        Some(at) => d.related(at, "num_ees is set here"),
        None => d,
    }
}

fn w0203_index_beyond_window(
    at: Loc,
    i: &InstanceSpec,
    (bound, declared): (Bound, u64),
    (index, fits): (&str, u64),
) -> Diagnostic {
    Diagnostic::new(
        Code::IndexBeyondWindow,
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
    .related(i.size.loc, "the window from the device tree")
    .help(
        "the two device-tree facts disagree; socgen keeps both and generates no access \
         outside the window. Check `size` and the property against the device tree",
    )
}

fn e0203_register_beyond_instance(i: &InstanceSpec, r: &RegisterSpec, end: u64) -> Diagnostic {
    Diagnostic::new(
        Code::RegisterBeyondInstance,
        i.size.loc,
        format!(
            "register `{}` of `{}` ends at {end:#x}, beyond instance `{}` of size {:#x}",
            r.name.value, i.block.value, i.name.value, i.size.value
        ),
    )
    .label("too small for the block")
    .related(r.offset.loc, format!("`{}` is defined here", r.name.value))
    .help("check `size` against the device tree, or the block revision")
}
