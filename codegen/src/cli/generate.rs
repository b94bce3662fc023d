//! `socgen generate`: check the catalogue, then write each chosen language for each chosen
//! SoC under `<out>/<language>/`.

use super::emitters::Lang;
use super::error::write_file;
use super::report::{MessageFormat, report, report_denying};
use super::{CliError, default_paths};
use clap::Args;
use socgen::model::Soc;
use socgen::source::FileId;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

/// Generate outputs for SoCs (default catalogue: socs/).
#[derive(Args)]
pub struct GenerateArgs {
    /// SoCs to generate (repeatable).
    #[arg(long = "soc")]
    socs: Vec<String>,
    /// Every SoC (the default when no --soc is given).
    #[arg(long)]
    all: bool,
    /// Languages (repeatable); default: every language this build supports (rust, c,
    /// svd, md, html, and pac with the `pac` feature).
    #[arg(long = "lang", value_enum)]
    langs: Vec<Lang>,
    /// Output directory.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Files or catalogue directories.
    paths: Vec<PathBuf>,
    /// Exit 1 on warnings too, before writing anything.
    #[arg(long)]
    deny_warnings: bool,
}

/// The files SoCs `names` are made of: their SoC files, the fragments they include, the block
/// revisions (and register catalogues) their instances use, and the behaviour records.
fn files_of(loaded: &socgen::load::Loaded, names: &[String]) -> BTreeSet<FileId> {
    let mut files: BTreeSet<FileId> = loaded.hardware.iter().map(|h| h.file).collect();
    for soc in loaded
        .socs
        .iter()
        .filter(|s| names.contains(&s.syntax.soc.value))
    {
        files.insert(soc.file);
        for inst in &soc.syntax.instances {
            files.insert(inst.loc.file);
            files.insert(inst.value.name.loc.file);
            if let Some((block, rev)) = inst.value.block.value.split_once('@')
                && let Some(b) = loaded.block(block, rev)
            {
                files.insert(b.file);
                for r in &b.syntax.registers {
                    files.insert(r.loc.file);
                    files.insert(r.value.name.loc.file);
                }
            }
        }
        if let Some(lock) = &soc.syntax.lock {
            files.insert(lock.loc.file);
        }
    }
    files
}

pub fn run(args: GenerateArgs) -> Result<ExitCode, CliError> {
    let mut checked = socgen::check(&default_paths(args.paths));
    // With --soc, only the diagnostics of the files those SoCs are made of (another SoC's
    // warnings are not this generation's business; an error anywhere still stops it).
    if checked.model.is_some() && !args.all && !args.socs.is_empty() {
        let files = files_of(&checked.loaded, &args.socs);
        checked.diagnostics.retain(|d| files.contains(&d.loc.file));
    }
    let Some(model) = &checked.model else {
        return Ok(report(&checked));
    };
    if args.deny_warnings && !checked.diagnostics.is_empty() {
        return Ok(report_denying(&checked, MessageFormat::Human, true));
    }
    let socs: Vec<&Soc> = if args.all || args.socs.is_empty() {
        model.socs.iter().collect()
    } else {
        args.socs
            .iter()
            .map(|name| {
                model.soc(name).ok_or_else(|| CliError::UnknownSoc {
                    name: name.clone(),
                    known: model.socs.iter().map(|s| s.name.clone()).collect(),
                })
            })
            .collect::<Result<_, _>>()?
    };
    let langs = if args.langs.is_empty() {
        Lang::all()
    } else {
        args.langs
    };
    if langs.iter().any(|l| !l.available()) {
        return Err(CliError::PacFeatureMissing);
    }
    let mut written = 0usize;
    for lang in langs {
        let dir = args.out.join(lang.dir());
        let emitter = lang.emitter();
        if let Some((file, text)) = emitter.index(model, &socs) {
            write_file(dir.join(file), &text)?;
            written += 1;
        }
        for soc in &socs {
            for (rel, text) in emitter.files(model, soc)? {
                write_file(dir.join(&soc.name).join(rel), &text)?;
                written += 1;
            }
        }
    }
    eprintln!(
        "wrote {written} file(s) for {} SoC(s) under {}",
        socs.len(),
        args.out.display()
    );
    Ok(report(&checked))
}
