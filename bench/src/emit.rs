//! The scratch crates whose compile cost `scripts/bench.sh` measures, and their sizes.
//!
//! - `socgen-one/`: the code qcom-socs' build script generates for one SoC (same emitter call,
//!   same options), as `src/lib.rs` of a crate depending on `socgen-runtime`;
//! - `pac-one/`: svd2rust's PAC of socgen's SVD export of that SoC, formatted with prettyplease,
//!   in an identical crate depending on `vcell` (and optionally `critical-section`, off);
//! - `socgen-all/`: the same for every SoC (qcom-socs with `all`): one crate;
//! - `pacs-all/`: a workspace of one PAC crate per SoC (how svd2rust PACs are published).

use crate::gen_speed::write_json;
use crate::{Args, model, socgen_generate, svd_path, svd2rust_config, svd2rust_generate};
use serde_json::json;
use std::path::Path;

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn manifest(name: &str, deps: &str, workspace: bool) -> String {
    let ws = if workspace { "\n[workspace]\n" } else { "" };
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n{deps}{ws}"
    )
}

fn pac_deps() -> &'static str {
    "vcell = \"0.1.3\"\ncritical-section = { version = \"1.0\", optional = true }\n"
}

fn runtime_dep(runtime: &Path) -> String {
    format!("socgen-runtime = {{ path = \"{}\" }}\n", runtime.display())
}

fn socgen_lib(code: &str, what: &str) -> String {
    format!(
        "//! socgen output for {what}: what qcom-socs' build script generates.\n#![no_std]\n\n{code}"
    )
}

fn lines(text: &str) -> usize {
    text.lines().count()
}

/// Lines and bytes of every `.rs` file under `dir`.
fn tree_size(dir: &Path) -> (usize, usize) {
    let mut total = (0, 0);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return total;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            let (l, b) = tree_size(&p);
            total = (total.0 + l, total.1 + b);
        } else if p.extension().is_some_and(|x| x == "rs")
            && let Ok(t) = std::fs::read_to_string(&p)
        {
            total = (total.0 + lines(&t), total.1 + t.len());
        }
    }
    total
}

pub fn run(args: &Args) -> Result<(), String> {
    let socs_dir = args.path("socs")?;
    let svd_dir = args.path("svd")?;
    let soc = args.str("soc")?.to_string();
    let runtime = std::fs::canonicalize(args.path("runtime")?).map_err(|e| e.to_string())?;
    let out = args.path("out")?;
    let skip = args.list("skip");
    let config = svd2rust_config();
    let m = model(std::slice::from_ref(&socs_dir))?;
    let names: Vec<String> = m.socs.iter().map(|s| s.name.clone()).collect();

    // One SoC.
    let one = socgen_generate(&m, Some(vec![soc.clone()]), true);
    write(&out.join("socgen-one/src/lib.rs"), &socgen_lib(&one, &soc))?;
    write(
        &out.join("socgen-one/Cargo.toml"),
        &manifest("socgen-one", &runtime_dep(&runtime), true),
    )?;
    let xml = std::fs::read_to_string(svd_path(&svd_dir, &soc)).map_err(|e| e.to_string())?;
    let pac_one = svd2rust_generate(&xml, &config, true)?;
    write(&out.join("pac-one/src/lib.rs"), &pac_one)?;
    write(
        &out.join("pac-one/Cargo.toml"),
        &manifest("pac-one", pac_deps(), true),
    )?;

    // All SoCs.
    let all = socgen_generate(&m, Some(names.clone()), true);
    write(
        &out.join("socgen-all/src/lib.rs"),
        &socgen_lib(&all, "every SoC"),
    )?;
    write(
        &out.join("socgen-all/Cargo.toml"),
        &manifest("socgen-all", &runtime_dep(&runtime), true),
    )?;
    let mut members = Vec::new();
    let (mut pac_lines, mut pac_bytes) = (0, 0);
    for name in names.iter().filter(|n| !skip.contains(n)) {
        let xml = std::fs::read_to_string(svd_path(&svd_dir, name)).map_err(|e| e.to_string())?;
        let code = svd2rust_generate(&xml, &config, true).map_err(|e| format!("{name}: {e}"))?;
        pac_lines += lines(&code);
        pac_bytes += code.len();
        let crate_name = format!("{name}-pac");
        write(
            &out.join(format!("pacs-all/{crate_name}/src/lib.rs")),
            &code,
        )?;
        write(
            &out.join(format!("pacs-all/{crate_name}/Cargo.toml")),
            &manifest(&crate_name, pac_deps(), false),
        )?;
        members.push(format!("\"{crate_name}\""));
    }
    write(
        &out.join("pacs-all/Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )?;

    let (rt_lines, rt_bytes) = tree_size(&runtime.join("src"));
    let one_lib = socgen_lib(&one, &soc);
    let all_lib = socgen_lib(&all, "every SoC");
    let doc = json!({
        "soc": soc,
        "socs": names.len(),
        "pacs": members.len(),
        "skipped": skip,
        "socgen_one": {"lines": lines(&one_lib), "bytes": one_lib.len()},
        "pac_one": {"lines": lines(&pac_one), "bytes": pac_one.len()},
        "socgen_all": {"lines": lines(&all_lib), "bytes": all_lib.len()},
        "pacs_all": {"lines": pac_lines, "bytes": pac_bytes},
        "runtime": {"lines": rt_lines, "bytes": rt_bytes},
    });
    write_json(&out.join("sizes.json"), &doc)?;
    eprintln!("emit: scratch crates under {}", out.display());
    Ok(())
}
