//! `socgen check`: validate files, optionally against a device tree blob.

use super::report::{MessageFormat, fails, report_denying};
use super::{CliError, default_paths};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Validate SoC and block files (default: socs/). Exit 1 on errors, 0 on warnings only.
#[derive(Args)]
pub struct CheckArgs {
    /// Files or catalogue directories.
    paths: Vec<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    message_format: MessageFormat,
    /// Also cross-check the SoC file against this device tree blob (base, size, properties
    /// and DMA pipes of every instance; nodes the SoC file lacks).
    #[arg(long)]
    dtb: Option<PathBuf>,
    /// With --dtb: the SoC to cross-check, when the paths hold several (default: the one
    /// the blob's root compatible `qcom,<soc>` names).
    #[arg(long, requires = "dtb")]
    soc: Option<String>,
    /// Exit 1 on warnings too (e.g. a lock setup unsafe under a hardware variant its
    /// evidence leaves open, W0310-W0314).
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: CheckArgs) -> Result<ExitCode, CliError> {
    let paths = default_paths(args.paths);
    let checked = match &args.dtb {
        None => socgen::check(&paths),
        Some(dtb) => {
            let (checked, unknown) =
                socgen::dt::check::check_files(&paths, dtb, args.soc.as_deref())?;
            for u in &unknown {
                eprintln!(
                    "note: {}: {} not checked: {}",
                    dtb.display(),
                    u.path,
                    u.reason
                );
            }
            checked
        }
    };
    let code = report_denying(&checked, args.message_format, args.deny_warnings);
    if let (Some(model), MessageFormat::Human, false) = (
        &checked.model,
        args.message_format,
        fails(&checked, args.deny_warnings),
    ) {
        eprintln!(
            "ok: {} SoC(s), {} block revision(s) checked",
            model.socs.len(),
            model.blocks.len()
        );
    }
    Ok(code)
}
