//! Generation speed: socgen vs svd2rust, in-process, interleaved (A, B, A, B, ...).

use crate::{Args, model, socgen_generate, stats, svd_path, svd2rust_config, svd2rust_generate};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// socgen from the YAML on disk to Rust source text: the bytes produced.
fn socgen_once(paths: &[PathBuf], only: Option<&str>, format: bool) -> Result<usize, String> {
    let m = model(paths)?;
    let socs = match only {
        Some(name) => vec![name.to_string()],
        None => m.socs.iter().map(|s| s.name.clone()).collect(),
    };
    Ok(socgen_generate(&m, Some(socs), format).len())
}

/// svd2rust from the SVD files on disk to Rust source text: the bytes produced.
fn svd2rust_once(
    files: &[PathBuf],
    config: &svd2rust::Config,
    format: bool,
) -> Result<usize, String> {
    let mut bytes = 0;
    for f in files {
        let xml = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        bytes += svd2rust_generate(&xml, config, format)
            .map_err(|e| format!("{}: {e}", f.display()))?
            .len();
    }
    Ok(bytes)
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

struct Case {
    name: String,
    soc_paths: Vec<PathBuf>,
    only: Option<String>,
    svd_files: Vec<PathBuf>,
    format: bool,
    socgen: Vec<f64>,
    svd2rust: Vec<f64>,
    socgen_bytes: usize,
    svd2rust_bytes: usize,
}

pub fn run(args: &Args) -> Result<(), String> {
    let socs_dir = args.path("socs")?;
    let svd_dir = args.path("svd")?;
    let soc = args.str("soc")?.to_string();
    let runs = args.num("runs", 5)?;
    let out = args.path("out")?;
    let skip = args.list("skip");
    let config = svd2rust_config();

    let all = model(std::slice::from_ref(&socs_dir))?;
    let names: Vec<String> = all.socs.iter().map(|s| s.name.clone()).collect();
    let svd_all: Vec<PathBuf> = names
        .iter()
        .filter(|n| !skip.contains(n))
        .map(|n| svd_path(&svd_dir, n))
        .collect();
    let one_yaml = socs_dir.join(format!("{soc}.yaml"));

    let mut cases = Vec::new();
    for format in [true, false] {
        cases.push(Case {
            name: format!("one SoC ({soc})"),
            soc_paths: vec![one_yaml.clone()],
            only: Some(soc.clone()),
            svd_files: vec![svd_path(&svd_dir, &soc)],
            format,
            socgen: vec![],
            svd2rust: vec![],
            socgen_bytes: 0,
            svd2rust_bytes: 0,
        });
        cases.push(Case {
            name: format!("all {} SoCs", names.len()),
            soc_paths: vec![socs_dir.clone()],
            only: None,
            svd_files: svd_all.clone(),
            format,
            socgen: vec![],
            svd2rust: vec![],
            socgen_bytes: 0,
            svd2rust_bytes: 0,
        });
    }
    // Warm-up (file cache, allocator), not recorded.
    for c in &mut cases {
        c.socgen_bytes = socgen_once(&c.soc_paths, c.only.as_deref(), c.format)?;
        c.svd2rust_bytes = svd2rust_once(&c.svd_files, &config, c.format)?;
    }
    for run in 0..runs {
        for c in &mut cases {
            let t = Instant::now();
            socgen_once(&c.soc_paths, c.only.as_deref(), c.format)?;
            c.socgen.push(ms(t));
            let t = Instant::now();
            svd2rust_once(&c.svd_files, &config, c.format)?;
            c.svd2rust.push(ms(t));
        }
        eprintln!("gen: run {}/{runs} done", run + 1);
    }
    let json_cases: Vec<_> = cases.iter().map(case_json).collect();
    let doc = json!({ "runs": runs, "skipped": skip, "cases": json_cases });
    write_json(&out, &doc)
}

/// One case's samples as gen.json records them, printing its medians on the way.
fn case_json(c: &Case) -> serde_json::Value {
    let (sm, _, _) = stats(&c.socgen);
    let (vm, _, _) = stats(&c.svd2rust);
    eprintln!(
        "gen: {} ({}): socgen {sm:.2} ms, svd2rust {vm:.2} ms, ratio {:.1}x",
        c.name,
        if c.format { "formatted" } else { "unformatted" },
        vm / sm
    );
    json!({
        "name": c.name,
        "format": c.format,
        "socgen_ms": c.socgen,
        "svd2rust_ms": c.svd2rust,
        "socgen_bytes": c.socgen_bytes,
        "svd2rust_bytes": c.svd2rust_bytes,
        "svd_files": c.svd_files.len(),
    })
}

pub fn write_json(path: &Path, value: &serde_json::Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
