//! Scale: socgen on a whole (synthetic) catalogue, load + validate + lower + Rust emit of every
//! SoC, timed in-process; peak memory is this process's high-water mark (`VmHWM`), so run one
//! process per catalogue.

use crate::gen_speed::write_json;
use crate::{Args, model, socgen_generate, stats};
use serde_json::json;
use std::time::Instant;

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

pub fn run(args: &Args) -> Result<(), String> {
    let catalogue = args.path("catalogue")?;
    let runs = args.num("runs", 3)?;
    let out = args.path("out")?;
    let paths = [catalogue.clone()];
    let before = vm_hwm_kib();
    let mut samples = Vec::new();
    let (mut socs, mut instances, mut bytes, mut lines) = (0, 0, 0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        let m = model(&paths)?;
        let code = socgen_generate(&m, None, true);
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
        socs = m.socs.len();
        instances = m.socs.iter().map(|s| s.instances.len()).sum();
        bytes = code.len();
        lines = code.lines().count();
    }
    let (median, min, max) = stats(&samples);
    eprintln!(
        "scale: {socs} SoCs: median {median:.1} ms (min {min:.1}, max {max:.1}), {:.3} ms/SoC, peak RSS {} KiB",
        median / socs.max(1) as f64,
        vm_hwm_kib().unwrap_or(0)
    );
    write_json(
        &out,
        &json!({
            "socs": socs,
            "instances": instances,
            "runs": runs,
            "ms": samples,
            "bytes": bytes,
            "lines": lines,
            "peak_rss_kib": vm_hwm_kib(),
            "rss_before_kib": before,
        }),
    )
}
