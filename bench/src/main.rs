//! `socgen-bench`: the measuring half of `scripts/bench.sh`.
//!
//! Subcommands (each prints or writes JSON that `report` turns into `BENCHMARKS.md`):
//!
//! - `export-svd --socs DIR --out DIR`: socgen's SVD export of every SoC, the same call and
//!   layout as `socgen generate --lang svd --out DIR` (`DIR/svd/<soc>/<soc>.svd`).
//! - `gen --socs DIR --svd DIR --soc NAME --runs N --out FILE`: generation speed, socgen
//!   (load + validate + lower + Rust emit, in-process) vs svd2rust (parse SVD + expand + render),
//!   one SoC and all SoCs, interleaved runs.
//! - `profile --socs DIR --runs N [--out FILE]`: socgen's time per pipeline stage (load,
//!   validate, lower, Rust tokens, printing, prettyplease, the CLI's other emitters), medians.
//! - `emit --socs DIR --svd DIR --soc NAME --runtime DIR --out DIR`: the scratch crates whose
//!   compile cost is measured (socgen output vs svd2rust PACs) and their sizes.
//! - `synth --socs DIR --count N --out DIR`: a synthetic catalogue of N SoC files made from the
//!   real ones, each validated.
//! - `scale --catalogue DIR --runs N`: generation time and peak memory for a whole catalogue.
//! - `report --results DIR --out FILE`: the markdown.

mod emit;
mod gen_speed;
mod profile;
mod report;
mod scale;
mod synth;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

/// `--key value` arguments.
pub struct Args(HashMap<String, String>);

impl Args {
    fn parse(args: &[String]) -> Result<Args, String> {
        let mut map = HashMap::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let key = a
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument `{a}`"))?;
            let value = it.next().ok_or_else(|| format!("`{a}` needs a value"))?;
            map.insert(key.to_string(), value.clone());
        }
        Ok(Args(map))
    }

    pub fn path(&self, key: &str) -> Result<PathBuf, String> {
        self.0
            .get(key)
            .map(PathBuf::from)
            .ok_or_else(|| format!("missing --{key}"))
    }

    pub fn str(&self, key: &str) -> Result<&str, String> {
        self.0
            .get(key)
            .map(String::as_str)
            .ok_or_else(|| format!("missing --{key}"))
    }

    /// A comma-separated list; empty when the option is absent.
    pub fn list(&self, key: &str) -> Vec<String> {
        self.0
            .get(key)
            .map(|v| {
                v.split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn num(&self, key: &str, default: usize) -> Result<usize, String> {
        match self.0.get(key) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| format!("--{key}: not a number: {v}")),
        }
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = argv.split_first() else {
        eprintln!("usage: socgen-bench gen|emit|synth|scale|report --key value ...");
        return ExitCode::from(2);
    };
    let result = Args::parse(rest).and_then(|args| match cmd.as_str() {
        "export-svd" => export_svd(&args),
        "gen" => gen_speed::run(&args),
        "profile" => profile::run(&args),
        "emit" => emit::run(&args),
        "synth" => synth::run(&args),
        "scale" => scale::run(&args),
        "report" => report::run(&args),
        other => Err(format!("unknown subcommand `{other}`")),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("socgen-bench {cmd}: {e}");
            ExitCode::from(1)
        }
    }
}

/// Median, min and max of samples.
pub fn stats(samples: &[f64]) -> (f64, f64, f64) {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    if s.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let n = s.len();
    let median = if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    };
    (median, s[0], s[n - 1])
}

/// Loads, validates and lowers `paths`; the model or the rendered diagnostics.
pub fn model(paths: &[PathBuf]) -> Result<socgen::model::Model, String> {
    let checked = socgen::check(paths);
    match checked.model {
        Some(m) => Ok(m),
        None => Err(checked.render(false)),
    }
}

/// The SVD file socgen exported for `soc` under `svd_dir` (`<dir>/svd/<soc>/<soc>.svd`).
pub fn svd_path(svd_dir: &std::path::Path, soc: &str) -> PathBuf {
    svd_dir.join("svd").join(soc).join(format!("{soc}.svd"))
}

/// The svd2rust configuration used everywhere: default identifier theme, edition 2024, no
/// target-specific (Cortex-M) code since these SoCs are application processors.
pub fn svd2rust_config() -> svd2rust::Config {
    let mut config = svd2rust::Config::default();
    config.edition = svd2rust::config::RustEdition::E2024;
    config.target = svd2rust::config::Target::None;
    config.ident_formats = svd2rust::config::IdentFormats::default_theme();
    config
}

/// svd2rust on one SVD text: parse (weak validation, as svd2rust without `--strict`),
/// `expand_properties`, render; formatted with prettyplease when `format`.
pub fn svd2rust_generate(
    xml: &str,
    config: &svd2rust::Config,
    format: bool,
) -> Result<String, String> {
    let mut parser_config = svd_parser::Config::default();
    parser_config.validate_level = svd_parser::ValidateLevel::Weak;
    let mut device =
        svd_parser::parse_with_config(xml, &parser_config).map_err(|e| format!("{e:#}"))?;
    svd_parser::expand_properties(&mut device);
    let mut device_x = String::new();
    let tokens = svd2rust::generate::device::render(&device, config, &mut device_x)
        .map_err(|e| format!("{e:#}"))?;
    if format {
        let file = syn::parse2::<syn::File>(tokens).map_err(|e| e.to_string())?;
        Ok(prettyplease::unparse(&file))
    } else {
        Ok(tokens.to_string())
    }
}

/// socgen's Rust emitter for `socs` (None: all), as qcom-socs' build script calls it.
pub fn socgen_generate(
    model: &socgen::model::Model,
    socs: Option<Vec<String>>,
    format: bool,
) -> String {
    let options = socgen::emit::rust::RustOptions {
        socs,
        runtime: socgen::emit::rust::RuntimePath::Crate,
    };
    if format {
        socgen::emit::rust::generate(model, &options)
    } else {
        socgen::emit::rust::tokens(model, &options).to_string()
    }
}

/// socgen's SVD export (`socgen::emit::svd::generate`, what `socgen generate --lang svd` writes),
/// one file per SoC; a SoC whose export fails is reported and left out.
fn export_svd(args: &Args) -> Result<(), String> {
    let socs = args.path("socs")?;
    let out = args.path("out")?;
    let m = model(std::slice::from_ref(&socs))?;
    let mut failed = Vec::new();
    for soc in &m.socs {
        match socgen::emit::svd::generate(&m, soc) {
            Ok(xml) => {
                let path = svd_path(&out, &soc.name);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                std::fs::write(&path, xml).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            Err(e) => {
                eprintln!("export-svd: {}: {e}", soc.name);
                failed.push(soc.name.clone());
            }
        }
    }
    println!("{}", failed.join(","));
    Ok(())
}
