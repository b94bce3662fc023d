//! `BENCHMARKS.md` from the results directory `scripts/bench.sh` fills.

use crate::{Args, stats};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn json(path: &Path) -> Result<Value, String> {
    serde_json::from_str(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

fn uint(v: &Value) -> u64 {
    v.as_u64().unwrap_or(0)
}

/// `median (min–max)` with `digits` decimals.
fn mmm(samples: &[f64], digits: usize) -> String {
    let (m, lo, hi) = stats(samples);
    format!("{m:.digits$} ({lo:.digits$}–{hi:.digits$})")
}

fn median(samples: &[f64]) -> f64 {
    stats(samples).0
}

/// Spread of samples relative to their median, in percent.
fn spread(samples: &[f64]) -> f64 {
    let (m, lo, hi) = stats(samples);
    if m > 0.0 {
        (hi - lo) / m * 100.0
    } else {
        f64::NAN
    }
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

struct Meta(BTreeMap<String, Vec<String>>);

impl Meta {
    fn get(&self, k: &str) -> &str {
        self.0
            .get(k)
            .and_then(|v| v.last())
            .map(String::as_str)
            .unwrap_or("?")
    }
    fn all(&self, k: &str) -> &[String] {
        self.0.get(k).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// `0.10 (1/10.1)` for ratios below 1, `1.08` otherwise.
fn fraction(r: f64) -> String {
    if r < 1.0 {
        format!("{r:.3} (1/{:.1})", 1.0 / r)
    } else {
        format!("{r:.2}")
    }
}

/// `28% longer` / `5% less` for a time ratio other/socgen.
fn longer(peer_over_socgen: f64) -> String {
    let d = (1.0 / peer_over_socgen - 1.0) * 100.0;
    if d >= 0.0 {
        format!("{d:.0}% longer")
    } else {
        format!("{:.0}% less", -d)
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "**missed**" }
}

mod headline;
mod sections;

/// Everything one run left in its results directory, parsed.
struct Results {
    res: PathBuf,
    meta: Meta,
    gen_doc: Value,
    sizes: Value,
    /// How many SoC files the run measured (`socs=` in meta.env, written by bench.sh).
    n_socs: String,
    /// compile.tsv: (case, side, command) -> seconds.
    compile: BTreeMap<(String, String, String), Vec<f64>>,
    /// consumer.tsv (section 6): (case, side) -> seconds.
    consumer: BTreeMap<(String, String), Vec<f64>>,
    criterion: String,
    driver: Vec<DriverRow>,
}

/// Tab-separated rows whose last cell is seconds, by their other cells.
fn tsv<K: Ord>(path: &Path, key: impl Fn(&[&str]) -> Option<K>) -> BTreeMap<K, Vec<f64>> {
    let mut out: BTreeMap<K, Vec<f64>> = BTreeMap::new();
    if let Ok(text) = read(path) {
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if let Some((secs, cells)) = f.split_last()
                && let Some(k) = key(cells)
                && let Ok(s) = secs.trim().parse::<f64>()
            {
                out.entry(k).or_default().push(s);
            }
        }
    }
    out
}

impl Results {
    fn load(res: PathBuf) -> Result<Self, String> {
        let mut meta = Meta(BTreeMap::new());
        for line in read(&res.join("meta.env"))?.lines() {
            if let Some((k, v)) = line.split_once('=') {
                meta.0.entry(k.to_string()).or_default().push(v.to_string());
            }
        }
        let gen_doc = json(&res.join("gen.json"))?;
        let sizes = json(&res.join("sizes.json"))?;
        let n_socs = meta.get("socs").to_string();
        let compile = tsv(&res.join("compile.tsv"), |f| match f {
            [case, side, cmd] => Some((case.to_string(), side.to_string(), cmd.to_string())),
            _ => None,
        });
        let consumer = tsv(&res.join("consumer.tsv"), |f| match f {
            [case, side] => Some((case.to_string(), side.to_string())),
            _ => None,
        });
        let criterion = read(&res.join("criterion.txt")).unwrap_or_default();
        let driver = driver_rows(&meta, &criterion)?;
        Ok(Results {
            res,
            meta,
            gen_doc,
            sizes,
            n_socs,
            compile,
            consumer,
            criterion,
            driver,
        })
    }

    /// The seconds of one compile case.
    fn c(&self, case: &str, side: &str, cmd: &str) -> Vec<f64> {
        self.compile
            .get(&(case.to_string(), side.to_string(), cmd.to_string()))
            .cloned()
            .unwrap_or_default()
    }

    fn consumer_median(&self, case: &str, side: &str) -> Option<f64> {
        self.consumer
            .get(&(case.to_string(), side.to_string()))
            .filter(|v| !v.is_empty())
            .map(|v| median(v))
    }

    /// The `soc!` crate's cold check at the `--baseline` commit: (commit, seconds).
    fn soc_macro_baseline(&self) -> Option<(String, f64)> {
        self.consumer
            .iter()
            .find(|((case, side), v)| {
                case == "soc!" && side.starts_with("baseline-") && !v.is_empty()
            })
            .map(|((_, side), v)| (side.trim_start_matches("baseline-").to_string(), median(v)))
    }

    /// The generation cases of gen.json.
    fn cases(&self) -> Vec<Value> {
        self.gen_doc["cases"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

pub fn run(args: &Args) -> Result<(), String> {
    let results = Results::load(args.path("results")?)?;
    let out = args.path("out")?;
    let mut md = String::new();
    let w = &mut md;
    let _ = writeln!(w, "# Benchmarks\n");
    let _ = writeln!(
        w,
        "Written by `bash scripts/bench.sh` ({} mode) from one run on one machine; do not edit by \
         hand, rerun the script. Every ratio compares two tools measured in the same run, on the \
         same inputs. `median (min–max)` everywhere.\n",
        results.meta.get("mode")
    );
    sections::machine(w, &results);
    let ratios = headline::Ratios::of(&results);
    headline::table(w, &results, &ratios);
    headline::misses(w, &results, &ratios);
    sections::generation(w, &results);
    sections::compile_cost(w, &results);
    let _ = writeln!(w, "## 3. Zero cost\n");
    zero_cost(w, &results.res, &results.meta)?;
    sections::driver(w, &results);
    sections::scale(w, &results);
    sections::commands(w);
    std::fs::write(&out, md).map_err(|e| format!("{}: {e}", out.display()))
}

struct DriverRow {
    descriptors: u32,
    policy: &'static str,
    median: f64,
    lo: f64,
    hi: f64,
    min: f64,
    max: f64,
    ratio: f64,
    extra: Option<u32>,
}

/// `+N` after `policy:` on the bench's `N descriptors, cmd..data ` line.
fn printed_extra(criterion: &str, n: u32, policy: &str) -> Option<u32> {
    let line = criterion.lines().find(|l| {
        l.trim_start()
            .starts_with(&format!("{n} descriptors, cmd..data "))
    })?;
    let rest = line.split(&format!("{policy}: +")).nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

fn driver_rows(meta: &Meta, criterion: &str) -> Result<Vec<DriverRow>, String> {
    let dir = Path::new(meta.get("criterion_dir")).join("submit+complete");
    let mut rows = Vec::new();
    for n in [1u32, 4, 16] {
        let mut unlocked = f64::NAN;
        for policy in ["unlocked", "wrap", "merge"] {
            let base = dir.join(policy).join(n.to_string()).join("new");
            let Ok(est) = json(&base.join("estimates.json")) else {
                continue;
            };
            let med = &est["median"];
            let median = med["point_estimate"].as_f64().unwrap_or(f64::NAN);
            let sample = json(&base.join("sample.json")).unwrap_or(Value::Null);
            let per_iter: Vec<f64> = floats(&sample["iters"])
                .iter()
                .zip(floats(&sample["times"]))
                .map(|(i, t)| t / i)
                .collect();
            let (_, min, max) = stats(&per_iter);
            if policy == "unlocked" {
                unlocked = median;
            }
            let extra = printed_extra(criterion, n, policy);
            rows.push(DriverRow {
                descriptors: n,
                policy,
                median,
                lo: med["confidence_interval"]["lower_bound"]
                    .as_f64()
                    .unwrap_or(f64::NAN),
                hi: med["confidence_interval"]["upper_bound"]
                    .as_f64()
                    .unwrap_or(f64::NAN),
                min,
                max,
                ratio: median / unlocked,
                extra,
            });
        }
    }
    Ok(rows)
}

fn zero_cost(w: &mut String, res: &Path, meta: &Meta) -> Result<(), String> {
    let text = read(&res.join("zero-cost.txt")).unwrap_or_default();
    // Sections start with "== title"; the disassembly lines follow.
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if let Some(t) = line.strip_prefix("== ") {
            sections.push((t.to_string(), vec![]));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push(line.to_string());
        }
    }
    let _ = writeln!(
        w,
        "`bash scripts/zero-cost.sh` (exit code {}): builds `tests/nostd-probe` (a `#![no_std]` \
         staticlib using qcom-socs with sm8550) in release and disassembles it with objdump; it \
         fails unless the machine code has the shape below.\n",
        meta.get("zero_cost_rc")
    );
    let _ = writeln!(
        w,
        "| what | expected | found | machine code |\n|---|---|---|---|"
    );
    for (title, body) in &sections {
        let insns: Vec<String> = body
            .iter()
            .filter(|l| {
                l.trim_start()
                    .split(':')
                    .next()
                    .is_some_and(|a| !a.is_empty() && a.chars().all(|c| c.is_ascii_hexdigit()))
            })
            .filter_map(|l| {
                l.split_once(':')
                    .map(|(_, i)| i.split_whitespace().collect::<Vec<_>>().join(" "))
            })
            .collect();
        let verdict: Vec<&str> = body
            .iter()
            .filter(|l| l.starts_with("->") || l.starts_with("!!"))
            .map(String::as_str)
            .collect();
        let expected = if title.starts_with("register write") {
            "one store"
        } else if title.starts_with("read-modify-write") {
            "load, operation, store"
        } else {
            "data in a read-only section, no code building it"
        };
        let symbols: Vec<&str> = body
            .iter()
            .filter(|l| l.contains("PROGRAM") && !l.starts_with("->"))
            .map(String::as_str)
            .collect();
        let code = symbols
            .iter()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .chain(insns)
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            w,
            "| {} | {} | {} | `{}` |",
            title,
            expected,
            verdict.join(" ").trim_start_matches("-> "),
            code.replace('|', "\\|")
        );
    }
    let _ = writeln!(w);
    Ok(())
}
