//! The `socgen` command line: one module per subcommand, each a `run` from its parsed
//! arguments to an exit code or a [`CliError`]. Diagnostics of the files read decide the exit
//! code through [`report`]; everything else that stops a run is a `CliError`.

mod check;
mod diff;
mod emitters;
mod error;
mod generate;
mod import;
mod list;
mod report;
mod schema;

pub use error::CliError;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "socgen",
    version,
    about = "Qualcomm SoC descriptions (YAML) to typed register APIs, lock targets, C, SVD and docs"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Check(check::CheckArgs),
    Import(import::ImportArgs),
    Generate(generate::GenerateArgs),
    Diff(diff::DiffArgs),
    Schema(schema::SchemaArgs),
    List(list::ListArgs),
}

impl Cli {
    /// Runs the subcommand, printing a failure and turning it into its exit code.
    pub fn run(self) -> ExitCode {
        let result = match self.command {
            Command::Check(args) => check::run(args),
            Command::Import(args) => import::run(args),
            Command::Generate(args) => generate::run(args),
            Command::Diff(args) => diff::run(args),
            Command::Schema(args) => schema::run(args),
            Command::List(args) => list::run(args),
        };
        result.unwrap_or_else(|e| {
            eprintln!("{e}");
            e.exit_code()
        })
    }
}

/// The catalogue to read: the paths given, or `socs/`.
fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("socs")]
    } else {
        paths
    }
}
