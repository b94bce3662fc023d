//! Where socgen's generation time goes: each pipeline stage timed on its own, in-process, for
//! the catalogue given (`--socs DIR`). The stages are the calls `socgen::check` makes, then the
//! Rust emitter split into token building, plain printing and prettyplease, then the CLI's other
//! emitters (what `socgen generate --all` adds). The stage times add up to one generation, so a
//! stage whose share is large is where a speed-up has to come from.

use crate::{Args, stats};
use std::path::PathBuf;
use std::time::Instant;

/// One run of every stage, in milliseconds, in the order of `STAGES`.
fn once(paths: &[PathBuf], cli: bool) -> Result<Vec<f64>, String> {
    let mut t = Vec::with_capacity(STAGES.len());
    let mut lap = Instant::now();
    let mut next = |t: &mut Vec<f64>| {
        t.push(lap.elapsed().as_secs_f64() * 1000.0);
        lap = Instant::now();
    };
    let mut loaded = socgen::load::load(paths);
    next(&mut t);
    let mut diags = std::mem::take(&mut loaded.diags);
    diags.extend(socgen::validate::validate(&loaded));
    next(&mut t);
    if socgen::diagnostics::has_errors(&diags) {
        return Err("the catalogue has errors".into());
    }
    let lowered = socgen::lower::lower(&loaded);
    diags.extend(lowered.internal);
    let model = lowered.model;
    next(&mut t);
    diags.extend(socgen::analyze::lock_evidence(&model, &lowered.origins));
    socgen::diagnostics::sort(&mut diags, &loaded.sources);
    next(&mut t);
    let options = socgen::emit::rust::RustOptions {
        socs: Some(model.socs.iter().map(|s| s.name.clone()).collect()),
        runtime: socgen::emit::rust::RuntimePath::Crate,
    };
    let tokens = socgen::emit::rust::tokens(&model, &options);
    next(&mut t);
    let plain = tokens.to_string();
    next(&mut t);
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| e.to_string())?;
    next(&mut t);
    let pretty = prettyplease::unparse(&file);
    next(&mut t);
    // The same formatting from the printed text instead of the token tree: if this is much
    // cheaper than parse2, the emitter should format from text (a hint for emit/rust.rs).
    let from_text = syn::parse_file(&plain).map_err(|e| e.to_string())?;
    next(&mut t);
    let mut bytes = plain.len() + pretty.len() + std::hint::black_box(from_text).items.len();
    if !cli {
        std::hint::black_box(bytes);
        return Ok(t);
    }
    for soc in &model.socs {
        for (_, text) in socgen::emit::standalone::files(&model, &soc.name) {
            bytes += text.len();
        }
    }
    next(&mut t);
    for soc in &model.socs {
        for (_, text) in socgen::emit::c::files(&model, soc) {
            bytes += text.len();
        }
        bytes += socgen::emit::svd::generate(&model, soc)
            .map(|x| x.len())
            .unwrap_or(0);
    }
    next(&mut t);
    let socs: Vec<_> = model.socs.iter().collect();
    bytes += socgen::emit::docs::markdown_index(&model, &socs).len();
    bytes += socgen::emit::docs::html_index(&model, &socs).len();
    for soc in &model.socs {
        for (_, text) in socgen::emit::docs::markdown_files(&model, soc) {
            bytes += text.len();
        }
        for (_, text) in socgen::emit::docs::html_files(&model, soc) {
            bytes += text.len();
        }
    }
    next(&mut t);
    // Keeps the outputs alive to the end so no stage is optimised away.
    std::hint::black_box(bytes);
    Ok(t)
}

const STAGES: [&str; 12] = [
    "load (read + YAML parse)",
    "validate",
    "lower",
    "lock evidence + sort diagnostics",
    "emit::rust tokens",
    "tokens to text (unformatted output)",
    "syn::parse2 of the tokens (formatting, 1/2)",
    "prettyplease::unparse (formatting, 2/2)",
    "(alternative to parse2: syn::parse_file of the text)",
    "CLI: standalone Rust per SoC (--lang rust)",
    "CLI: C headers + SVD",
    "CLI: Markdown + HTML docs",
];

/// `profile --socs DIR --runs N [--cli 0] [--out FILE]`: the median of each stage over N runs
/// after one warm-up, printed as a table (and written as JSON with `--out`). `--cli 0` leaves out
/// the CLI's other emitters (for profiling the library alone under `perf`).
pub fn run(args: &Args) -> Result<(), String> {
    let socs = args.path("socs")?;
    let runs = args.num("runs", 11)?.max(1);
    let cli = args.num("cli", 1)? != 0;
    let paths = [socs];
    once(&paths, cli)?;
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); STAGES.len()];
    for _ in 0..runs {
        for (s, v) in samples.iter_mut().zip(once(&paths, cli)?) {
            s.push(v);
        }
    }
    let medians: Vec<f64> = samples.iter().map(|s| stats(s).0).collect();
    let library: f64 = medians.iter().take(6).sum();
    let formatted = library + medians.get(6).unwrap_or(&0.0) + medians.get(7).unwrap_or(&0.0);
    println!("stage | median ms | min–max ms");
    for ((name, s), m) in STAGES.iter().zip(&samples).zip(&medians) {
        if s.is_empty() {
            continue;
        }
        let (_, lo, hi) = stats(s);
        println!("{name} | {m:.2} | {lo:.2}–{hi:.2}");
    }
    println!("library, unformatted (load..tokens to text) | {library:.2} |");
    println!("library, formatted (plus parse2 + unparse) | {formatted:.2} |");
    if let Ok(out) = args.path("out") {
        let doc = serde_json::json!({
            "runs": runs,
            "stages": STAGES.iter().zip(&samples).map(|(n, s)| serde_json::json!({"stage": n, "ms": s})).collect::<Vec<_>>(),
        });
        crate::gen_speed::write_json(&out, &doc)?;
    }
    Ok(())
}
