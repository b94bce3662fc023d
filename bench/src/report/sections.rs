//! The sections of `BENCHMARKS.md` after the headline: the machine, generation speed, the
//! compile cost of the output, the BAM driver, scale and the commands.

use super::{Results, floats, fraction, json, median, mmm, read, spread, thousands, uint};
use serde_json::Value;
use std::fmt::Write as _;

pub(super) fn machine(w: &mut String, results: &Results) {
    let meta = &results.meta;
    let _ = writeln!(w, "## Machine and versions\n");
    let _ = writeln!(w, "| | |\n|---|---|");
    let dirty = meta.get("dirty");
    let commit = if dirty == "0" {
        meta.get("commit").to_string()
    } else {
        format!(
            "{} plus uncommitted changes in {dirty} file(s) (the working tree measured)",
            meta.get("commit")
        )
    };
    for (k, v) in [
        ("date", meta.get("date").to_string()),
        ("CPU", meta.get("cpu").to_string()),
        ("cores", meta.get("cores").to_string()),
        ("memory", meta.get("memory").to_string()),
        ("kernel", meta.get("kernel").to_string()),
        (
            "load average (1/5/15 min) before / after",
            format!("{} / {}", meta.get("load_before"), meta.get("load_after")),
        ),
        ("rustc", meta.get("rustc").to_string()),
        ("cargo", meta.get("cargo").to_string()),
        ("socgen", format!("git {commit}")),
        (
            "svd2rust",
            format!(
                "{} (library; svd-parser {}; formatter prettyplease {})",
                meta.get("ver_svd2rust"),
                meta.get("ver_svd_parser"),
                meta.get("ver_prettyplease")
            ),
        ),
        (
            "repetitions",
            format!(
                "generation {} interleaved, builds {} (qcom-socs {}), scale {}",
                meta.get("gen_runs"),
                meta.get("build_runs"),
                meta.get("qcom_runs"),
                meta.get("scale_runs")
            ),
        ),
        (
            "wall time of the run",
            format!("{} s", meta.get("wall_seconds")),
        ),
    ] {
        let _ = writeln!(w, "| {k} | {v} |");
    }
    for note in meta.all("note") {
        let _ = writeln!(w, "\nNote: {note}");
    }
    let _ = writeln!(
        w,
        "\nThe machine is shared (other builds ran at the same time: see the load average), so \
         absolute times are noisy; the spread columns say how much. Ratios are more stable than \
         times because both sides of each pair were measured alternately.\n"
    );
}

pub(super) fn generation(w: &mut String, results: &Results) {
    let (meta, gen_doc) = (&results.meta, &results.gen_doc);
    let cases = results.cases();
    let _ = writeln!(w, "## 1. Generation speed\n");
    let _ = writeln!(
        w,
        "socgen: `socgen::check` (read YAML, validate, lower) then `socgen::emit::rust` for the \
         SoC(s), exactly what qcom-socs' build script runs (one SoC: the SoC file and the blocks it \
         uses; all: the `socs/` catalogue). svd2rust {}: for each SoC, read socgen's SVD export \
         (`socgen generate --lang svd`), `svd_parser::parse_with_config` (weak validation, as \
         svd2rust without `--strict`), `svd_parser::expand_properties`, \
         `svd2rust::generate::device::render` (default identifier theme, edition 2024, target \
         `none`). *Formatted*: both outputs go through prettyplease (socgen's library does that \
         itself; the svd2rust CLI would run rustfmt instead, which is slower); *unformatted*: the \
         token streams as text. In-process, {} runs after one warm-up, alternating socgen and \
         svd2rust.\n",
        meta.get("ver_svd2rust"),
        gen_doc["runs"]
    );
    let _ = writeln!(
        w,
        "| case | output | socgen ms | svd2rust ms | svd2rust / socgen | output bytes socgen / svd2rust | spread socgen / svd2rust |\n|---|---|---|---|---|---|---|"
    );
    for format in [true, false] {
        for c in cases
            .iter()
            .filter(|c| c["format"].as_bool() == Some(format))
        {
            let (s, v) = (floats(&c["socgen_ms"]), floats(&c["svd2rust_ms"]));
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | **{:.1}x** | {} / {} | {:.0}% / {:.0}% |",
                c["name"].as_str().unwrap_or("?"),
                if format { "formatted" } else { "unformatted" },
                mmm(&s, 1),
                mmm(&v, 1),
                median(&v) / median(&s),
                thousands(uint(&c["socgen_bytes"])),
                thousands(uint(&c["svd2rust_bytes"])),
                spread(&s),
                spread(&v)
            );
        }
    }
    let skipped = meta.get("svd_skipped");
    if !skipped.is_empty() && skipped != "?" {
        let _ = writeln!(
            w,
            "\nSVD export failed for: {skipped} (left out on the svd2rust side; see the run's svd-errors.txt)."
        );
    }
    let _ = writeln!(
        w,
        "\nWhy the two cases differ: for one SoC both tools do about the same work (two block \
         instances, output of similar size), so socgen's edge is small; svd2rust renders every \
         peripheral of every SoC again, while socgen renders each block revision once and the \
         SoCs as thin modules over them, so its cost barely grows with the SoC count.\n"
    );
}

pub(super) fn compile_cost(w: &mut String, results: &Results) {
    let (meta, sizes) = (&results.meta, &results.sizes);
    let _ = writeln!(w, "## 2. Compile cost of the output\n");
    let _ = writeln!(
        w,
        "Scratch crates, identical except for their generated `src/lib.rs` and dependencies \
         (edition 2024, default profiles): *socgen* is the code qcom-socs' build script writes to \
         its `OUT_DIR` (same emitter call{}), depending on `socgen-runtime` (a path dependency, \
         compiled too); *svd2rust* is the PAC of socgen's SVD export of the same SoC(s), formatted \
         with prettyplease, depending on `vcell` (`critical-section` optional, off). All SoCs: \
         socgen is one crate (like `qcom-socs --features all`), svd2rust is one workspace of {} \
         PAC crates, one per SoC, as PACs are published (cargo builds them two at a time on 2 \
         cores). Every build starts from an empty target directory (`cargo fetch` done before, \
         not measured; `--offline`).\n",
        if meta.all("qcom_out_same_one").iter().all(|v| v == "yes")
            && !meta.all("qcom_out_same_one").is_empty()
        {
            "; checked byte-identical with qcom-socs' `OUT_DIR/qcom_socs.rs` in this run"
        } else {
            ""
        },
        uint(&sizes["pacs"])
    );
    let _ = writeln!(w, "### Generated size\n");
    let _ = writeln!(
        w,
        "| | socgen lines | socgen bytes | svd2rust lines | svd2rust bytes | lines socgen / svd2rust |\n|---|---|---|---|---|---|"
    );
    for (label, a, b) in [
        (
            format!("one SoC ({})", sizes["soc"].as_str().unwrap_or("?")),
            &sizes["socgen_one"],
            &sizes["pac_one"],
        ),
        (
            format!("all {} SoCs", uint(&sizes["socs"])),
            &sizes["socgen_all"],
            &sizes["pacs_all"],
        ),
    ] {
        let (la, lb) = (uint(&a["lines"]), uint(&b["lines"]));
        let _ = writeln!(
            w,
            "| {label} | {} | {} | {} | {} | **{}** |",
            thousands(la),
            thousands(uint(&a["bytes"])),
            thousands(lb),
            thousands(uint(&b["bytes"])),
            fraction(la as f64 / lb as f64)
        );
    }
    let _ = writeln!(
        w,
        "\nLines as printed by prettyplease (both). Not counted above: the hand-written \
         `socgen-runtime` the socgen output depends on ({} lines, {} bytes, the same for any \
         number of SoCs), and `vcell` for the PACs. svd2rust's `generic` module is counted, once \
         per PAC, since it is part of its output.\n",
        thousands(uint(&sizes["runtime"]["lines"])),
        thousands(uint(&sizes["runtime"]["bytes"]))
    );
    build_time(w, results);
    qcom_as_shipped(w, results);
    let _ = writeln!(w);
}

fn build_time(w: &mut String, results: &Results) {
    let sizes = &results.sizes;
    let c = |case: &str, side: &str, cmd: &str| results.c(case, side, cmd);
    let _ = writeln!(w, "### Build time\n");
    let _ = writeln!(
        w,
        "Seconds. *fresh*: from an empty target directory, dependencies included. *generated \
         crate alone*: right after, `touch src/lib.rs`, delete the incremental cache \
         and build again: only the generated crate(s) recompile, from scratch.\n"
    );
    let _ = writeln!(
        w,
        "| case | command | socgen s | svd2rust s | svd2rust / socgen | spread socgen / svd2rust |\n|---|---|---|---|---|---|"
    );
    for case in ["one", "all"] {
        for (cmd, label) in [
            ("check", "`cargo check`, fresh"),
            ("release", "`cargo build --release`, fresh"),
            ("check-top", "`cargo check`, generated crate alone"),
            (
                "release-top",
                "`cargo build --release`, generated crate alone",
            ),
        ] {
            let (a, b) = (c(case, "socgen", cmd), c(case, "svd2rust", cmd));
            if a.is_empty() || b.is_empty() {
                continue;
            }
            let case_label = if case == "one" {
                format!("one SoC ({})", sizes["soc"].as_str().unwrap_or("?"))
            } else {
                format!("all {} SoCs", uint(&sizes["socs"]))
            };
            let _ = writeln!(
                w,
                "| {case_label} | {label} | {} | {} | **{:.2}x** | {:.0}% / {:.0}% |",
                mmm(&a, 2),
                mmm(&b, 2),
                median(&b) / median(&a),
                spread(&a),
                spread(&b)
            );
        }
    }
}

fn qcom_as_shipped(w: &mut String, results: &Results) {
    let sizes = &results.sizes;
    let c = |case: &str, side: &str, cmd: &str| results.c(case, side, cmd);
    let q_one = c("one", "qcom-socs", "check");
    if !q_one.is_empty() {
        let _ = writeln!(w, "\n### qcom-socs as shipped\n");
        let _ = writeln!(
            w,
            "`cargo check -p qcom-socs --features <f>` and `cargo build --release ...` in this \
             workspace from an empty target directory, without the `regenerate` feature: the \
             crate compiles the generated sources it ships (`generated/src/generated.rs`) and \
             the runtime, with no build-time generator, as a consumer of the published crate \
             does (section 6 measures that consumer from the packaged crates).\n"
        );
        let _ = writeln!(
            w,
            "| features | command | qcom-socs s | svd2rust PAC(s) s (fresh, from above) | qcom-socs / PAC |\n|---|---|---|---|---|"
        );
        for case in ["one", "all"] {
            for (cmd, label) in [
                ("check", "`cargo check`"),
                ("release", "`cargo build --release`"),
            ] {
                let (a, b) = (c(case, "qcom-socs", cmd), c(case, "svd2rust", cmd));
                if a.is_empty() {
                    continue;
                }
                let feat = if case == "one" {
                    sizes["soc"].as_str().unwrap_or("?").to_string()
                } else {
                    "all".to_string()
                };
                let _ = writeln!(
                    w,
                    "| `{feat}` | {label} | {} | {} | {:.2}x |",
                    mmm(&a, 1),
                    mmm(&b, 1),
                    median(&a) / median(&b)
                );
            }
        }
    }
}

pub(super) fn driver(w: &mut String, results: &Results) {
    let (driver, criterion) = (&results.driver, &results.criterion);
    let _ = writeln!(w, "## 4. BAM driver\n");
    let _ = writeln!(
        w,
        "`cargo bench -p socgen-bam --bench submit` (criterion; `drivers/bam/benches/submit.rs`): \
         one `submit` plus the `poll` that completes it, against a register window whose \
         hardware completes at once, so the time is the driver's own. Transactions: a command \
         block, then data (`cmd..data`; with 1 descriptor, the command block alone). *wrap*: msm8996-like lock (LOCK/UNLOCK on dummy command \
         descriptors around the transaction); *merge*: sm8550-like (LOCK on the transaction's \
         first command descriptor, a dummy only where it ends with data). Criterion runs the \
         cases one after another, not interleaved. ns per transaction: criterion's median, its \
         95% interval, and min–max of the per-sample means.\n"
    );
    let _ = writeln!(
        w,
        "| descriptors | policy | ns median | 95% CI | sample means min–max | / unlocked | extra descriptors | extra FIFO bytes |\n|---|---|---|---|---|---|---|---|"
    );
    for r in driver {
        let _ = writeln!(
            w,
            "| {} | {} | {:.1} | {:.1}–{:.1} | {:.1}–{:.1} | **{:.2}x** | {} | {} |",
            r.descriptors,
            r.policy,
            r.median,
            r.lo,
            r.hi,
            r.min,
            r.max,
            r.ratio,
            r.extra.map_or("?".to_string(), |e| format!("+{e}")),
            r.extra.map_or("?".to_string(), |e| format!("+{}", e * 8)),
        );
    }
    let lock_lines: Vec<&str> = criterion
        .lines()
        .filter(|l| l.contains("descriptors,") && l.contains("unlocked:"))
        .collect();
    let _ = writeln!(
        w,
        "\nExtra descriptors per transaction, as the bench prints them from `Chain::extra` \
         (8 bytes per descriptor, `DESCRIPTOR_BYTES`). From `drivers/bam/src/chain.rs`: wrap \
         always adds a LOCK and an UNLOCK dummy (+2, +16 B); merge adds 0 when the transaction \
         starts and ends with command descriptors, 1 when one end is data, 2 when both are \
         (and 1 for a transaction that is a single command descriptor, which never carries LOCK \
         and UNLOCK together):\n\n```text\n{}\n```\n",
        lock_lines.join("\n")
    );
    no_alloc(w, results);
}

/// The no-allocation test's result, and the failed attempts before it if it was retried.
fn no_alloc(w: &mut String, results: &Results) {
    let (meta, res) = (&results.meta, &results.res);
    let no_alloc = read(&res.join("no-alloc.txt")).unwrap_or_default();
    let result = no_alloc
        .lines()
        .find(|l| l.contains("test result"))
        .unwrap_or("no result line");
    let failed: Vec<String> = meta
        .all("no_alloc_failed")
        .iter()
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(
            w,
            "**Flaky**: before the passing attempt, {} attempt(s) of the test failed in this run \
             with the process-wide count off by a few ({}). The driver's sources \
             outside `testing` (`no_std`, no `alloc`) have no allocation path, and the failure \
             does not repeat deterministically, so the counter most likely saw another thread of \
             the test process (libtest's); the test should count only its own thread. The script \
             retries up to 3 times.\n",
            failed.len(),
            failed.join("; ")
        );
    }
    let _ = writeln!(
        w,
        "Heap allocations: **0**. `cargo test -p socgen-bam --test no_alloc -- --test-threads=1` counts every \
         allocation through a global allocator while 3000 submit/poll/reset rounds run on \
         unlocked, wrap and merge pipes, and fails on any: `{}`.\n",
        result.trim()
    );
}

pub(super) fn scale(w: &mut String, results: &Results) {
    let (meta, res, n_socs) = (&results.meta, &results.res, &results.n_socs);
    let _ = writeln!(w, "## 5. Scale\n");
    let _ = writeln!(
        w,
        "Synthetic catalogues made by `socgen-bench synth` (`bench/src/synth.rs`) from the real \
         SoC files, blocks and fragments: SoC `i` copies real SoC `i mod {n_socs}` under a new name, \
         moves its instances by a multiple of 1 MiB, adds `i mod 5` copies of its BAMs (and of \
         the crypto engine a copied BAM serves), and varies the copies' `ee`, \
         `controlled_remotely` and `status`. Every file is validated with `socgen::check` on \
         its own and the whole catalogue again. Timed: `socgen::check` of the catalogue \
         directory plus the Rust emitter for every SoC (formatted), in-process, {} runs; peak \
         memory: the process's maximum resident set (`/usr/bin/time -f %M`), including the \
         binary itself.\n",
        meta.get("scale_runs")
    );
    let _ = writeln!(
        w,
        "| SoC files | instances | ms | ms per SoC | output lines | peak RSS MiB | time vs 50 | SoCs vs 50 |\n|---|---|---|---|---|---|---|---|"
    );
    let mut base: Option<(f64, f64)> = None;
    for n in [50, 200, 500] {
        let Ok(s) = json(&res.join(format!("scale-{n}.json"))) else {
            continue;
        };
        let synth = json(&res.join(format!("synth-{n}.json"))).unwrap_or(Value::Null);
        let ms = floats(&s["ms"]);
        let m = median(&ms);
        let socs = uint(&s["socs"]) as f64;
        let rss: f64 = read(&res.join(format!("scale-{n}.maxrss")))
            .ok()
            .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()))
            .unwrap_or(f64::NAN);
        let (bm, bs) = *base.get_or_insert((m, socs));
        let _ = writeln!(
            w,
            "| {} | {} | {} | {:.2} | {} | {:.0} | {:.1}x | {:.0}x |",
            socs,
            uint(&s["instances"]),
            mmm(&ms, 0),
            m / socs,
            thousands(uint(&s["lines"])),
            rss / 1024.0,
            m / bm,
            socs / bs
        );
        let fb = uint(&synth["fallbacks"]);
        if fb > 0 {
            let _ = writeln!(
                w,
                "|  | ({fb} of these files use fewer variations: their full variant did not validate) | | | | | | |"
            );
        }
    }
    let _ = writeln!(w);
}

pub(super) fn commands(w: &mut String) {
    let _ = writeln!(w, "## Commands\n");
    let _ = writeln!(
        w,
        "```sh\nbash scripts/bench.sh            # this file (full run)\nbash scripts/bench.sh --quick    # few repetitions, writes target/BENCHMARKS.quick.md\n```\n\n\
         What the script runs (`$B` = the `socgen-bench` binary from `bench/`, `$W` = its scratch \
         directory):\n\n```sh\n\
         cargo build --release --manifest-path bench/Cargo.toml\n\
         $B export-svd --socs socs --out $W/svd                # = socgen generate --lang svd --out $W/svd\n\
         $B gen --socs socs --svd $W/svd --soc sm8550 --runs N  # section 1\n\
         $B emit --socs socs --svd $W/svd --soc sm8550 --runtime generated/runtime --out $W/crates\n\
         (cd $W/crates/<crate> && CARGO_TARGET_DIR=<empty dir> cargo check --offline)          # and build --release\n\
         cargo check -p qcom-socs --features sm8550|all        # fresh target dir; and build --release\n\
         bash scripts/zero-cost.sh                             # section 3\n\
         cargo bench -p socgen-bam --bench submit              # section 4\n\
         cargo test -p socgen-bam --test no_alloc -- --test-threads=1\n\
         $B synth --socs socs --count 50|200|500 --out $W/synth-N\n\
         /usr/bin/time -f %M $B scale --catalogue $W/synth-N --runs N\n\
         $B report --results $W/results --out BENCHMARKS.md\n```\n"
    );
}
