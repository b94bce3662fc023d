//! `cargo run -p socgen-tests --release --bin hardware-matrix [-- --long]`: runs every lock
//! setup against every plausible BAM and writes
//! `docs/HARDWARE-MATRIX.md` (with `--long`: the full cross product of the switches and more
//! seeds, into `target/HARDWARE-MATRIX-long.md`). `--stdout` prints instead of writing.

use socgen_tests::report;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let long = args.iter().any(|a| a == "--long");
    let stdout = args.iter().any(|a| a == "--stdout");
    if let Some(other) = args
        .iter()
        .find(|a| !matches!(a.as_str(), "--long" | "--stdout"))
    {
        eprintln!("unknown argument {other}; usage: hardware-matrix [--long] [--stdout]");
        std::process::exit(2);
    }
    let started = std::time::Instant::now();
    let report = report::run(long);
    let text = report.render();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root");
    if stdout {
        print!("{text}");
    } else {
        let path = if long {
            root.join("target/HARDWARE-MATRIX-long.md")
        } else {
            root.join(report::PATH)
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create the output directory");
        }
        std::fs::write(&path, &text).expect("write the table");
        eprintln!("wrote {}", path.display());
    }
    eprintln!(
        "{} cells in {:.1} s, {} explored cases in {:.1} s; {:.1} s in all",
        report.cells.iter().map(Vec::len).sum::<usize>(),
        report.timings.0.as_secs_f64(),
        report.explorations.len(),
        report.timings.1.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
