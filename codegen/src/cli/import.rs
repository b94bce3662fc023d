//! `socgen import`: draft a SoC file from a device tree blob and check it.

use super::CliError;
use super::error::write_file;
use super::report::report;
use clap::Args;
use socgen::Checked;
use socgen::diagnostics::has_errors;
use socgen::dt::Blob;
use socgen::model::{Model, Soc};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Draft a SoC file from a device tree blob: BAM and crypto nodes, their windows,
/// properties and DMA wiring; writes `<out>/<soc>.yaml` and checks it.
#[derive(Args)]
pub struct ImportArgs {
    /// The device tree blob (`.dtb`, or a board's /sys/firmware/fdt).
    #[arg(long)]
    dtb: PathBuf,
    /// The SoC name (default: the blob's root compatible `qcom,<soc>`, else its file name).
    #[arg(long)]
    soc: Option<String>,
    /// Output directory; the file is `<out>/<soc>.yaml`.
    #[arg(long, default_value = ".")]
    out: PathBuf,
    /// The catalogue whose block revisions the nodes are mapped to.
    #[arg(long, default_value = "socs")]
    catalogue: PathBuf,
    /// Overwrite `<out>/<soc>.yaml` (or the board file) if it exists (without it, the draft goes
    /// beside it as `<name>.yaml.imported` and import fails).
    #[arg(long)]
    force: bool,
    /// Draft a SoC file even when the blob is a board of a SoC the catalogue has (by default
    /// such a blob gives a board file, `<out>/boards/<board>.yaml`, with the board's decisions).
    #[arg(long)]
    soc_file: bool,
}

/// Writes `text` to `path`, unless `path` exists and `force` is not given: then the text goes
/// beside it (`<name>.yaml.imported`) and the error says which `diff -u` to run.
fn write_new(path: &Path, text: &str, force: bool) -> Result<(), CliError> {
    if path.exists() && !force {
        let mut beside = path.as_os_str().to_owned();
        beside.push(".imported");
        let beside = PathBuf::from(beside);
        write_file(beside.clone(), text)?;
        return Err(CliError::WouldOverwrite {
            existing: path.to_path_buf(),
            draft: beside,
        });
    }
    write_file(path.to_path_buf(), text)
}

pub fn run(args: ImportArgs) -> Result<ExitCode, CliError> {
    let blob = socgen::dt::read_blob(&args.dtb)?;
    let checked = blocks_to_map_to(&args.catalogue);
    let Some(model) = &checked.model else {
        eprintln!(
            "error: the catalogue {} does not validate, so its block revisions cannot be used:",
            args.catalogue.display()
        );
        return Ok(report(&checked));
    };
    if model.blocks.is_empty() {
        return Err(CliError::NoBlocks {
            catalogue: args.catalogue,
        });
    }
    // The catalogue's SoCs and boards: which SoC the blob's root compatible selects (its own
    // name, a family's `also_compatible:`, a board file).
    let full = args
        .catalogue
        .join("blocks")
        .is_dir()
        .then(|| socgen::check(std::slice::from_ref(&args.catalogue)));
    let catalogued = catalogued_soc(args.soc.as_deref(), &blob, full.as_ref());
    if let Some(Catalogued {
        soc: s,
        model: full_model,
        board: Some((board, compatible)),
    }) = &catalogued
        && !args.soc_file
    {
        return write_board_draft(&args, &blob, full_model, s, (board, compatible));
    }
    let soc = args
        .soc
        .clone()
        .or_else(|| catalogued.as_ref().map(|c| c.soc.name.clone()));
    write_soc_draft(&args, &blob, model, soc.as_deref())
}

/// The block revisions the nodes are mapped to: the catalogue's, or outside a catalogue root
/// (no `<catalogue>/blocks/`) the ones bundled in socgen, as `check` uses them for a SoC file
/// given by path.
fn blocks_to_map_to(catalogue: &Path) -> Checked {
    if catalogue.join("blocks").is_dir() {
        socgen::check(&socgen::dt::import::catalogue_files(catalogue))
    } else {
        eprintln!(
            "note: no block revisions under {}/blocks/: using the ones bundled in socgen",
            catalogue.display()
        );
        socgen::check_bundled_blocks()
    }
}

/// The catalogued SoC the blob is of (named by `--soc`, else chosen by its root compatible),
/// with its model and the board the blob is of, if it is a board's.
fn catalogued_soc<'f>(
    soc: Option<&str>,
    blob: &Blob,
    full: Option<&'f Checked>,
) -> Option<Catalogued<'f>> {
    let f = full?;
    let name = soc
        .map(str::to_string)
        .or_else(|| socgen::dt::check::catalogued_soc(blob, &f.loaded))?;
    let model = f.model.as_ref()?;
    let s = model.soc(&name)?;
    let family = socgen::dt::check::family(&f.loaded, &name);
    Some(Catalogued {
        soc: s,
        model,
        board: socgen::dt::import::board_of(blob, &family),
    })
}

/// A catalogued SoC the blob is of.
struct Catalogued<'f> {
    soc: &'f Soc,
    /// The model of the whole catalogue, SoCs and boards included.
    model: &'f Model,
    /// The board (name, root compatible) when the blob is a board's.
    board: Option<(String, String)>,
}

/// Writes the board file of a catalogued SoC's board and checks it with its SoC against the
/// blob.
fn write_board_draft(
    args: &ImportArgs,
    blob: &Blob,
    full_model: &Model,
    s: &Soc,
    (board, compatible): (&str, &str),
) -> Result<ExitCode, CliError> {
    let draft = socgen::dt::import::draft_board(blob, full_model, s, (board, compatible));
    let dir = args.out.join("boards");
    let path = dir.join(format!("{board}.yaml"));
    write_new(&path, &draft.text, args.force)?;
    eprintln!(
        "wrote {} (board `{board}` of the catalogued SoC `{}`: {} override(s); `--soc-file` drafts a SoC file instead)",
        path.display(),
        s.name,
        draft.overrides.len()
    );
    // The board checked with its SoC against the blob: SoC-fact conflicts are errors.
    let mut paths = vec![args.catalogue.clone()];
    if !path.starts_with(&args.catalogue) {
        paths.push(path.clone());
    }
    let (checked, unknown) = socgen::dt::check::check_files(&paths, &args.dtb, Some(&s.name))?;
    for u in &unknown {
        eprintln!("note: {} not checked: {}", u.path, u.reason);
    }
    Ok(report(&checked))
}

/// Writes the draft SoC file and checks it against the catalogue.
fn write_soc_draft(
    args: &ImportArgs,
    blob: &Blob,
    model: &Model,
    soc: Option<&str>,
) -> Result<ExitCode, CliError> {
    let draft = socgen::dt::import::import(blob, model, soc)?;
    let path = args.out.join(format!("{}.yaml", draft.soc));
    write_new(&path, &draft.text, args.force)?;
    for u in &draft.unknown {
        eprintln!("note: {} left out: {}", u.path, u.reason);
    }
    eprintln!(
        "wrote {} ({} instance(s) from {}, sha256 {})",
        path.display(),
        draft.instances.len(),
        args.dtb.display(),
        blob.sha256
    );
    let checked = socgen::dt::import::check_draft(&args.catalogue, &path);
    if has_errors(&checked.diagnostics) {
        eprintln!("the draft does not pass `socgen check`; fix it by hand where these say:");
    }
    let code = report(&checked);
    if !has_errors(&checked.diagnostics) {
        eprintln!("ok: the draft passes `socgen check`");
    }
    Ok(code)
}
