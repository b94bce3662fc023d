//! socgen: YAML descriptions of Qualcomm SoCs in, typed `no_std` register APIs, BAM lock
//! targets, C headers, SVD and docs out.
//!
//! The spine is one pipeline, each stage its own module:
//!
//! ```text
//! load (syntax, located) -> validate (diagnostics) -> lower (model) -> emit::* (outputs)
//! ```
//!
//! [`check`] runs the first three; emitters read only the [`model::Model`].
//!
//! Cargo features: `cli` (default) is the `socgen` binary and every emitter (C, SVD, docs,
//! schema, device trees) with the graphical diagnostic renderer; `pretty` formats Rust output;
//! `pac` adds svd2rust. Build scripts and proc macros use `default-features = false`: the
//! pipeline, [`emit::rust`] and [`diagnostics`] with a plain renderer, nothing heavier.

pub mod analyze;
#[cfg(feature = "cli")]
pub mod checked_in;
pub mod diagnostics;
pub mod dsl;
#[cfg(feature = "cli")]
pub mod dt;
pub mod emit;
pub mod load;
pub mod lock_plan;
pub mod lower;
pub mod model;
pub mod origins;
pub mod resolve;

pub mod source;
pub mod syntax;
pub mod validate;

use std::path::PathBuf;

/// The outcome of loading and validating a set of files.
#[derive(Debug)]
pub struct Checked {
    /// What was read (sources for rendering diagnostics, paths for rebuild tracking).
    pub loaded: load::Loaded,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<diagnostics::Diagnostic>,
    /// The model, when there were no errors.
    pub model: Option<model::Model>,
    /// Where the model's SoCs, instances and lock sections were written, beside the model.
    pub origins: Option<origins::Origins>,
}

// A check's result may be kept in a static or handed to another thread (the fuzz targets keep
// one in a `OnceLock`; an IDE or a parallel build may check on a worker): it must stay `Send`
// and `Sync`, which a cache of `dyn Any` inside `Loaded` once silently broke.
const _: () = {
    const fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<Checked>();
};

impl Checked {
    /// Renders every diagnostic for a terminal.
    pub fn render(&self, color: bool) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.render(&self.loaded.sources, color))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Loads, validates and lowers the given files and catalogue directories.
pub fn check(paths: &[PathBuf]) -> Checked {
    finish(load::load(paths))
}

/// Validates and lowers every block revision bundled in socgen (see
/// [`load::load_bundled_blocks`]).
pub fn check_bundled_blocks() -> Checked {
    finish(load::load_bundled_blocks())
}

/// Validates and lowers one block file given as text (see [`load::load_block_text`]).
pub fn check_block_text(path: &std::path::Path, text: String) -> Checked {
    finish(load::load_block_text(path, text))
}

fn finish(mut loaded: load::Loaded) -> Checked {
    let mut diagnostics = std::mem::take(&mut loaded.diags);
    diagnostics.extend(validate::validate(&loaded));
    let (mut model, mut origins) = (None, None);
    if !diagnostics::has_errors(&diagnostics) {
        // A state validation should have refused is an internal error (E0901), never a SoC
        // missing from the model.
        let lowered = lower::lower(&loaded);
        diagnostics.extend(lowered.internal);
        // The lock-evidence rules read the lowered grades; a `strict: true` lock makes them
        // errors.
        diagnostics.extend(analyze::lock_evidence(&lowered.model, &lowered.origins));
        model = Some(lowered.model);
        origins = Some(lowered.origins);
    }
    if diagnostics::has_errors(&diagnostics) {
        (model, origins) = (None, None);
    }
    diagnostics::sort(&mut diagnostics, &loaded.sources);
    Checked {
        loaded,
        diagnostics,
        model,
        origins,
    }
}

/// What `socgen_macros::soc!` expands to for the SoC file at `path`: the same tokens as the
/// build-script path ([`emit::rust::tokens`] for that SoC with the runtime as a crate) and the files read,
/// or the rendered diagnostics.
pub fn expand_soc_file(
    path: &std::path::Path,
) -> Result<(proc_macro2::TokenStream, Vec<PathBuf>), String> {
    if !path.is_file() {
        return Err(format!("no SoC file at {}", path.display()));
    }
    let checked = crate::check(&[path.to_path_buf()]);
    let Some(model) = &checked.model else {
        return Err(format!(
            "invalid SoC description:\n{}",
            checked.render(false)
        ));
    };
    let options = emit::rust::RustOptions {
        socs: Some(model.socs.iter().map(|s| s.name.clone()).collect()),
        runtime: emit::rust::RuntimePath::Crate,
    };
    Ok((
        emit::rust::tokens(model, &options),
        checked.loaded.read_paths.clone(),
    ))
}
