//! `socgen diff`: what changed between two block revisions or two SoCs.

use super::report::report;
use super::{CliError, default_paths};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Differences between two block revisions (`bam@v1.4.0 bam@v1.7.0`) or two SoCs.
#[derive(Args)]
pub struct DiffArgs {
    /// The old one: `block@revision` or a SoC name.
    a: String,
    /// The new one.
    b: String,
    /// Files or catalogue directories (default: socs/).
    paths: Vec<PathBuf>,
}

pub fn run(args: DiffArgs) -> Result<ExitCode, CliError> {
    let checked = socgen::check(&default_paths(args.paths));
    let Some(model) = &checked.model else {
        return Ok(report(&checked));
    };
    let block = |id: &str| model.blocks.iter().find(|b| b.id() == id);
    let (a, b) = (&args.a, &args.b);
    match (block(a), block(b), model.soc(a), model.soc(b)) {
        (Some(x), Some(y), _, _) => print!("{}", socgen::emit::diff::blocks(x, y)),
        (_, _, Some(x), Some(y)) => print!("{}", socgen::emit::diff::socs(model, x, y)),
        _ => {
            return Err(CliError::DiffOperands {
                a: args.a,
                b: args.b,
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
