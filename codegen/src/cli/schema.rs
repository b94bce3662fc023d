//! `socgen schema`: the JSON Schemas of the YAML kinds, for editors.

use super::CliError;
use super::error::write_file;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Write the JSON Schemas of the YAML kinds (for editors) to a directory.
#[derive(Args)]
pub struct SchemaArgs {
    /// Output directory.
    #[arg(long, default_value = "socs/schema")]
    out: PathBuf,
}

pub fn run(args: SchemaArgs) -> Result<ExitCode, CliError> {
    let schemas = socgen::emit::schema::schemas();
    for (name, text) in &schemas {
        write_file(args.out.join(name), text)?;
    }
    eprintln!("wrote {} schemas to {}", schemas.len(), args.out.display());
    Ok(ExitCode::SUCCESS)
}
