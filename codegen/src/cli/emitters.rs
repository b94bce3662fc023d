//! The emitters as the CLI sees them: one interface over the library's emitter functions,
//! whose signatures differ (by SoC name or by SoC, with or without an index, fallible or
//! not). `generate` writes whatever an [`Emitter`] returns and knows no emitter by name.

use super::error::EmitError;
use clap::ValueEnum;
use socgen::model::{Model, Soc};

/// An output language: model in, files `(path, text)` or a typed error out.
pub trait Emitter {
    /// A file over every chosen SoC, `(path under the language directory, text)`, if the
    /// language has one.
    fn index(&self, _model: &Model, _socs: &[&Soc]) -> Option<(String, String)> {
        None
    }
    /// The files of one SoC, paths relative to `<out>/<language>/<soc>/`.
    fn files(&self, model: &Model, soc: &Soc) -> Result<Vec<(String, String)>, EmitError>;
}

/// The languages of `socgen generate --lang`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum Lang {
    /// Standalone Rust sources per SoC: the generated module and the runtime, plus the BAM
    /// and QCE drivers specialised to the SoC (`driver.rs`), for trees built with bare rustc.
    Rust,
    /// Linux-style C headers per block revision and SoC, with a _Static_assert test program.
    C,
    /// One CMSIS-SVD file per SoC.
    Svd,
    /// A Markdown register map per SoC, plus `md/index.md`.
    Md,
    /// A self-contained HTML register map per SoC (inline CSS and SVG), plus `html/index.html`.
    Html,
    /// An svd2rust peripheral access crate per SoC, from the SVD export (needs the `pac` feature).
    Pac,
    /// The device-tree nodes socgen knows per SoC (`dtc -@` compiles them; `import` reads the
    /// blob back). Opt-in: not part of `--all`, whose language set the CLI tests pin.
    Dts,
}

impl Lang {
    /// What `--all` (or no `--lang`) writes: every language this build supports.
    pub fn all() -> Vec<Lang> {
        let mut all = vec![Lang::Rust, Lang::C, Lang::Svd, Lang::Md, Lang::Html];
        if cfg!(feature = "pac") {
            all.push(Lang::Pac);
        }
        all
    }

    /// The directory under `--out`.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Rust => "rust",
            Lang::C => "c",
            Lang::Svd => "svd",
            Lang::Md => "md",
            Lang::Html => "html",
            Lang::Pac => "pac",
            Lang::Dts => "dts",
        }
    }

    /// Whether this build can emit it.
    pub fn available(self) -> bool {
        self != Lang::Pac || cfg!(feature = "pac")
    }

    /// Its emitter.
    pub fn emitter(self) -> &'static dyn Emitter {
        match self {
            Lang::Rust => &Standalone,
            Lang::C => &CHeaders,
            Lang::Svd => &Svd,
            Lang::Md => &Markdown,
            Lang::Html => &Html,
            Lang::Pac => &Pac,
            Lang::Dts => &Dts,
        }
    }
}

struct Standalone;
impl Emitter for Standalone {
    fn files(&self, model: &Model, soc: &Soc) -> Result<Vec<(String, String)>, EmitError> {
        Ok(socgen::emit::standalone::files(model, &soc.name))
    }
}

struct CHeaders;
impl Emitter for CHeaders {
    fn files(&self, model: &Model, soc: &Soc) -> Result<Vec<(String, String)>, EmitError> {
        Ok(socgen::emit::c::files(model, soc))
    }
}

struct Svd;
impl Emitter for Svd {
    fn files(&self, model: &Model, soc: &Soc) -> Result<Vec<(String, String)>, EmitError> {
        let xml = socgen::emit::svd::generate(model, soc).map_err(|message| EmitError {
            output: "SVD",
            soc: soc.name.clone(),
            message,
        })?;
        Ok(vec![(format!("{}.svd", soc.name), xml)])
    }
}

struct Markdown;
impl Emitter for Markdown {
    fn index(&self, model: &Model, socs: &[&Soc]) -> Option<(String, String)> {
        Some((
            "index.md".into(),
            socgen::emit::docs::markdown_index(model, socs),
        ))
    }
    fn files(&self, model: &Model, soc: &Soc) -> Result<Vec<(String, String)>, EmitError> {
        Ok(socgen::emit::docs::markdown_files(model, soc))
    }
}

struct Html;
impl Emitter for Html {
    fn index(&self, model: &Model, socs: &[&Soc]) -> Option<(String, String)> {
        Some((
            "index.html".into(),
            socgen::emit::docs::html_index(model, socs),
        ))
    }
    fn files(&self, model: &Model, soc: &Soc) -> Result<Vec<(String, String)>, EmitError> {
        Ok(socgen::emit::docs::html_files(model, soc))
    }
}

struct Dts;
impl Emitter for Dts {
    fn files(&self, model: &Model, soc: &Soc) -> Result<Vec<(String, String)>, EmitError> {
        Ok(socgen::emit::dts::files(model, soc))
    }
}

struct Pac;
impl Emitter for Pac {
    #[cfg(feature = "pac")]
    fn files(&self, model: &Model, soc: &Soc) -> Result<Vec<(String, String)>, EmitError> {
        socgen::emit::pac::files(model, soc).map_err(|message| EmitError {
            output: "PAC",
            soc: soc.name.clone(),
            message,
        })
    }
    #[cfg(not(feature = "pac"))]
    fn files(&self, _: &Model, soc: &Soc) -> Result<Vec<(String, String)>, EmitError> {
        Err(EmitError {
            output: "PAC",
            soc: soc.name.clone(),
            message: "socgen was built without the `pac` feature".into(),
        })
    }
}
