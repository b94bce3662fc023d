//! `socgen import`: draft a SoC file from a device tree blob and check it.

use super::CliError;
use super::error::write_file;
use super::report::report;
use clap::Args;
use socgen::diagnostics::has_errors;
use std::path::PathBuf;
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
    /// Overwrite `<out>/<soc>.yaml` if it exists (without it, the draft goes beside it as
    /// `<soc>.yaml.imported` and import fails).
    #[arg(long)]
    force: bool,
}

pub fn run(args: ImportArgs) -> Result<ExitCode, CliError> {
    let ImportArgs {
        dtb,
        soc,
        out,
        catalogue,
        force,
    } = args;
    let blob = socgen::dt::read_blob(&dtb)?;
    // Outside a catalogue root (no `<catalogue>/blocks/`), the block revisions bundled in socgen,
    // as `check` uses them for a SoC file given by path.
    let checked = if catalogue.join("blocks").is_dir() {
        socgen::check(&socgen::dt::import::catalogue_files(&catalogue))
    } else {
        eprintln!(
            "note: no block revisions under {}/blocks/: using the ones bundled in socgen",
            catalogue.display()
        );
        socgen::check_bundled_blocks()
    };
    let Some(model) = &checked.model else {
        eprintln!(
            "error: the catalogue {} does not validate, so its block revisions cannot be used:",
            catalogue.display()
        );
        return Ok(report(&checked));
    };
    if model.blocks.is_empty() {
        return Err(CliError::NoBlocks { catalogue });
    }
    let draft = socgen::dt::import::import(&blob, model, soc.as_deref())?;
    let path = out.join(format!("{}.yaml", draft.soc));
    if path.exists() && !force {
        let beside = out.join(format!("{}.yaml.imported", draft.soc));
        write_file(beside.clone(), &draft.text)?;
        return Err(CliError::WouldOverwrite {
            existing: path,
            draft: beside,
        });
    }
    write_file(path.clone(), &draft.text)?;
    for u in &draft.unknown {
        eprintln!("note: {} left out: {}", u.path, u.reason);
    }
    eprintln!(
        "wrote {} ({} instance(s) from {}, sha256 {})",
        path.display(),
        draft.instances.len(),
        dtb.display(),
        blob.sha256
    );
    let checked = socgen::dt::import::check_draft(&catalogue, &path);
    if has_errors(&checked.diagnostics) {
        eprintln!("the draft does not pass `socgen check`; fix it by hand where these say:");
    }
    let code = report(&checked);
    if !has_errors(&checked.diagnostics) {
        eprintln!("ok: the draft passes `socgen check`");
    }
    Ok(code)
}
