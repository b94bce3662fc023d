//! `socgen check --dtb`: which SoC of a checked set a device tree blob describes, and its
//! comparison with that SoC.
//!
//! The SoC is chosen through `qcom,<soc>`, a SoC's `also_compatible:` and the board files'
//! `compatible:`; a root compatible naming another catalogued SoC is W0503. The comparison
//! itself (E0501-E0506, W0501, W0502) is the analysis stage's ([`crate::analyze::dtb`]): it
//! reads the model and its origins, and the board file's decisions (`dt/board.rs`).

use super::{Blob, DtError, ErrorKind, Unknown, classify};
use crate::Checked;
use crate::analyze::dtb::Comparison;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::Loaded;
use crate::model::{Model, Soc};
use crate::origins::SocOrigins;
use std::path::Path;

use super::board::soc_of_compatible;
pub use super::board::{board_for, catalogued_soc, family};

/// Which SoC of a checked set the blob describes: `soc` when given, the only one, or the one a
/// root compatible of the blob selects (`qcom,<soc>`, a SoC's `also_compatible:`, a board
/// file's `compatible:`).
pub fn choose_soc<'m>(
    blob: &Blob,
    model: &'m Model,
    loaded: &Loaded,
    soc: Option<&str>,
) -> Result<&'m Soc, DtError> {
    let names: Vec<&str> = model.socs.iter().map(|s| s.name.as_str()).collect();
    let pick = if let Some(s) = soc {
        model.soc(s)
    } else if model.socs.len() == 1 {
        model.socs.first()
    } else {
        blob.root_compatible()
            .iter()
            .filter_map(|c| soc_of_compatible(loaded, c))
            .find_map(|c| model.soc(c))
    };
    pick.ok_or_else(|| {
        let help = match best_match(blob, model) {
            Some((soc, hits, of)) => format!(
                "name the SoC file: its nodes match `{soc}` best ({hits} of its {of} instances have a \
                 node at their base), so try `socgen check --dtb {} socs/{soc}.yaml`; if the blob's \
                 root compatible names the same silicon, add it to `also_compatible:` in {soc}.yaml",
                blob.file.display()
            ),
            None => "name the SoC file: `socgen check --dtb board.dtb socs/<soc>.yaml`".to_string(),
        };
        DtError::new(
            &blob.file,
            ErrorKind::NoSoc,
            format!(
                "cannot tell which SoC the blob describes (root compatible {:?}; SoCs checked: {})",
                blob.root_compatible(),
                names.join(", ")
            ),
            help,
        )
    })
}

/// A catalogued SoC other than `soc` that the blob's root compatible names: one loaded, or a
/// SoC file `<name>.yaml` beside `soc`'s file (`socs/sm8650.yaml` when checking
/// `socs/sm8550.yaml` alone). Returns its name and the root compatible.
fn other_soc(blob: &Blob, loaded: &Loaded, soc: &str, soc_dir: &Path) -> Option<(String, String)> {
    let own = family(loaded, soc);
    let root = blob.root_compatible();
    if root.iter().any(|c| own.contains(c)) {
        return None;
    }
    root.iter().find_map(|c| {
        if let Some(other) = soc_of_compatible(loaded, c).filter(|o| *o != soc) {
            return Some((other.to_string(), c.clone()));
        }
        let name = c.strip_prefix("qcom,")?;
        let plain = !name.is_empty()
            && name
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
        (plain && soc_dir.join(format!("{name}.yaml")).is_file())
            .then(|| (name.to_string(), c.clone()))
    })
}

/// The SoC of `model` with the most instances that have a node of the blob at their base, of
/// their size and with their compatibles: `(name, matching instances, instances)`, if any
/// instance matches at all.
fn best_match<'m>(blob: &Blob, model: &'m Model) -> Option<(&'m str, usize, usize)> {
    let nodes: Vec<(u64, u64, Vec<String>)> = (0..blob.nodes.len())
        .filter_map(|i| {
            let w = blob.window(i).ok()?;
            Some((w.base, w.size, blob.nodes[i].compatible()))
        })
        .collect();
    model
        .socs
        .iter()
        .map(|soc| {
            let hits = soc
                .instances
                .iter()
                .filter(|inst| {
                    nodes.iter().any(|(base, size, compatible)| {
                        *base == inst.base
                            && *size == inst.size
                            && (inst.compatible.is_empty() || *compatible == inst.compatible)
                    })
                })
                .count();
            (soc.name.as_str(), hits, soc.instances.len())
        })
        .filter(|(_, hits, _)| *hits > 0)
        .max_by_key(|(name, hits, of)| (*hits, std::cmp::Reverse(*of), std::cmp::Reverse(*name)))
}

/// The blocks of `model` and every bundled block revision it does not have, as a model to
/// classify nodes with.
fn all_blocks(model: &Model) -> Model {
    let mut blocks = model.blocks.clone();
    if let Some(bundled) = crate::check_bundled_blocks().model {
        for b in bundled.blocks {
            if !blocks.iter().any(|have| have.id() == b.id()) {
                blocks.push(b);
            }
        }
    }
    Model {
        blocks,
        socs: Vec::new(),
        behaviours: Vec::new(),
    }
}

/// Cross-checks one SoC of `checked` against `blob`, adding located diagnostics to
/// `checked.diagnostics` (sorted again). Returns the nodes of the blob that look like a BAM, a
/// crypto engine or a BAM client but select no block revision (notes for the user). Does
/// nothing when `checked` has errors already (there is no model to compare).
pub fn cross_check(
    checked: &mut Checked,
    blob: &Blob,
    soc: Option<&str>,
) -> Result<Vec<Unknown>, DtError> {
    let (Some(model), Some(origins)) = (&checked.model, &checked.origins) else {
        return Ok(Vec::new());
    };
    let soc = choose_soc(blob, model, &checked.loaded, soc)?;
    let Some(soc_origins) = origins.soc(&soc.name) else {
        return Ok(Vec::new());
    };
    // Every block revision socgen knows, not only those this SoC file uses, so that a node of a
    // kind the file does not use is still recognised (and missing from the file) rather than
    // reported as selecting no block at all.
    let catalogue = all_blocks(model);
    let (known, unknown) = classify(blob, &catalogue);
    let mut diags: Vec<Diagnostic> = w0503_other_soc(blob, &checked.loaded, soc, soc_origins)
        .into_iter()
        .collect();
    let board = board_for(&checked.loaded, blob, &soc.name);
    let board = super::board::decisions(board, blob);
    let comparison = Comparison {
        model,
        soc,
        origins: soc_origins,
        blob,
        known: &known,
        board: &board,
    };
    diags.extend(comparison.diagnostics()?);
    checked.diagnostics.extend(diags);
    crate::diagnostics::sort(&mut checked.diagnostics, &checked.loaded.sources);
    Ok(unknown)
}

/// W0503: a blob of another catalogued SoC (an sm8650 blob checked against sm8550.yaml).
fn w0503_other_soc(
    blob: &Blob,
    loaded: &Loaded,
    soc: &Soc,
    origins: &SocOrigins,
) -> Option<Diagnostic> {
    let soc_dir = loaded
        .sources
        .path(origins.soc.file)
        .parent()
        .unwrap_or(Path::new("."));
    let (other, compatible) = other_soc(blob, loaded, &soc.name, soc_dir)?;
    let blob_name = blob.file.display();
    Some(
        Diagnostic::new(
            Code::DtOtherSoc,
            origins.soc,
            format!(
                "{blob_name} has root compatible {:?}: `{compatible}` names `{other}`, another catalogued SoC, not `{}`",
                blob.root_compatible(),
                soc.name
            ),
        )
        .label("the blob names another SoC")
        .help(format!(
            "check the blob against {other}'s file (`socgen check --dtb {blob_name} socs/{other}.yaml`); \
             if `{}` and `{other}` are one silicon, list `{compatible}` under `also_compatible:` in {}.yaml",
            soc.name, soc.name
        )),
    )
}

/// Loads and validates `paths`, reads the blob and cross-checks: what `socgen check --dtb`
/// does. A blob that cannot be used is an error; YAML problems are diagnostics.
pub fn check_files(
    paths: &[std::path::PathBuf],
    dtb: &std::path::Path,
    soc: Option<&str>,
) -> Result<(Checked, Vec<Unknown>), DtError> {
    let blob = super::read_blob(dtb)?;
    let mut checked = crate::check(paths);
    let unknown = cross_check(&mut checked, &blob, soc)?;
    Ok((checked, unknown))
}
