//! What can stop a subcommand after its arguments parsed, besides the diagnostics of the
//! files it read (those are reported by [`super::report`] and decide the exit code there).

use std::fmt;
use std::path::PathBuf;
use std::process::ExitCode;

/// A subcommand's failure: printed to stderr as its `Display`, exiting with
/// [`CliError::exit_code`].
#[derive(Debug)]
pub enum CliError {
    /// An output file or directory could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `--soc` names a SoC the catalogue does not have.
    UnknownSoc {
        /// The name given.
        name: String,
        /// The SoCs the catalogue has, in catalogue order.
        known: Vec<String>,
    },
    /// `--lang pac` on a build without the `pac` feature.
    PacFeatureMissing,
    /// An emitter refused a SoC.
    Emit(EmitError),
    /// `diff` was given one block revision and one SoC, or names that are neither.
    DiffOperands {
        /// The first operand.
        a: String,
        /// The second operand.
        b: String,
    },
    /// A device tree blob could not be read or used.
    Dt(socgen::dt::DtError),
    /// `import --catalogue` points at a directory without block revisions.
    NoBlocks {
        /// The catalogue given.
        catalogue: PathBuf,
    },
    /// `import` would overwrite an existing SoC file and `--force` was not given; the draft went
    /// beside it.
    WouldOverwrite {
        /// The existing file.
        existing: PathBuf,
        /// Where the draft was written instead.
        draft: PathBuf,
    },
}

/// An emitter's failure on one SoC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    /// What was being generated, as users call it (`SVD`, `PAC`).
    pub output: &'static str,
    /// The SoC.
    pub soc: String,
    /// The emitter's message.
    pub message: String,
}

impl CliError {
    /// 1 for failures of the run, 2 for requests this build or these operands cannot serve
    /// (as clap's usage errors).
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::PacFeatureMissing
            | CliError::DiffOperands { .. }
            | CliError::NoBlocks { .. } => ExitCode::from(2),
            CliError::Write { .. }
            | CliError::UnknownSoc { .. }
            | CliError::Emit(_)
            | CliError::Dt(_)
            | CliError::WouldOverwrite { .. } => ExitCode::from(1),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Write { path, source } => {
                write!(f, "error: cannot write {}: {source}", path.display())
            }
            CliError::UnknownSoc { name, known } => {
                write!(f, "error: no SoC `{name}` (known: {})", known.join(", "))
            }
            CliError::PacFeatureMissing => write!(
                f,
                "error: this socgen was built without the `pac` feature (svd2rust); \
                 run `cargo run -p socgen --features pac -- generate --lang pac`"
            ),
            CliError::Emit(e) => write!(f, "error: {} for {}: {}", e.output, e.soc, e.message),
            CliError::DiffOperands { a, b } => write!(
                f,
                "error: `{a}` and `{b}` must both be block revisions (like bam@v1.7.0) or both SoCs"
            ),
            // The blob's errors carry their own location, code and help.
            CliError::Dt(e) => write!(f, "{e}"),
            CliError::NoBlocks { catalogue } => write!(
                f,
                "error: no block revisions under {}/blocks/; point --catalogue at a catalogue root (like socs/)",
                catalogue.display()
            ),
            CliError::WouldOverwrite { existing, draft } => write!(
                f,
                "error: {} exists, and overwriting it would lose what the blob does not hold (its lock \
                 section, rationale and evidence); the draft is in {} instead: compare with \
                 `diff -u {} {}`, or import again with --force to overwrite",
                existing.display(),
                draft.display(),
                existing.display(),
                draft.display()
            ),
        }
    }
}

impl std::error::Error for CliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CliError::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<socgen::dt::DtError> for CliError {
    fn from(e: socgen::dt::DtError) -> Self {
        CliError::Dt(e)
    }
}

impl From<EmitError> for CliError {
    fn from(e: EmitError) -> Self {
        CliError::Emit(e)
    }
}

/// Writes `text` to `path`, creating its directory.
pub fn write_file(path: PathBuf, text: &str) -> Result<(), CliError> {
    path.parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| std::fs::write(&path, text))
        .map_err(|source| CliError::Write { path, source })
}
