//! A synthetic catalogue of N SoC files made from the real ones, for the scale benchmark.
//!
//! SoC `i` starts from real SoC file `i % R` (the real blocks and fragments are copied
//! beside it, unchanged) and varies:
//! - names: the SoC is `syn<i>_<template>`; added instances get `_s<j>` suffixes;
//! - base addresses: every instance of the file moves by `(7 i mod 16)` MiB (a multiple of the
//!   256 KiB BAM block, so offset address modes stay valid);
//! - instance counts: `i mod 5` extra copies of the file's BAMs (and of the crypto engine a copied
//!   BAM serves, re-pointed at the copy), placed from 0xa000_0000 up;
//! - properties: the copies' `ee` (within `num_ees`), `controlled_remotely`, and `status`.
//!
//! Each file is validated on its own with `socgen::check`; a variant that does not validate
//! falls back to fewer variations (recorded), and the whole catalogue is validated at the end.

use crate::Args;
use crate::gen_speed::write_json;
use serde_json::json;
use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for e in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let e = e.map_err(|e| e.to_string())?;
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst).map_err(|e| format!("{}: {e}", src.display()))?;
        }
    }
    Ok(())
}

/// A SoC file split into the lines before the instance list, the instances (each a list of
/// lines, the first `  - name: ...`) and the lines after.
struct SocText {
    head: Vec<String>,
    instances: Vec<Vec<String>>,
    tail: Vec<String>,
}

fn split(text: &str) -> SocText {
    let mut s = SocText {
        head: vec![],
        instances: vec![],
        tail: vec![],
    };
    let mut state = 0; // 0 head, 1 instances, 2 tail
    for line in text.lines() {
        match state {
            0 => {
                s.head.push(line.to_string());
                if line.trim_end() == "instances:" {
                    state = 1;
                }
            }
            1 if line.starts_with("  - ") => s.instances.push(vec![line.to_string()]),
            1 if line.starts_with("    ") && !s.instances.is_empty() => {
                if let Some(last) = s.instances.last_mut() {
                    last.push(line.to_string());
                }
            }
            1 => {
                state = 2;
                s.tail.push(line.to_string());
            }
            _ => s.tail.push(line.to_string()),
        }
    }
    s
}

/// The value of `key:` in an instance's lines.
fn get<'a>(inst: &'a [String], key: &str) -> Option<&'a str> {
    inst.iter().find_map(|l| {
        let t = l.trim_start().trim_start_matches("- ");
        t.strip_prefix(key)
            .and_then(|r| r.strip_prefix(':'))
            .map(str::trim)
    })
}

/// `inst` with `key:` set to `value` (appended when absent).
fn set(inst: &mut Vec<String>, key: &str, value: &str) {
    for l in inst.iter_mut() {
        let indent = if l.starts_with("  - ") {
            "  - "
        } else {
            "    "
        };
        let t = l.trim_start().trim_start_matches("- ");
        if t.strip_prefix(key).is_some_and(|r| r.starts_with(':')) {
            *l = format!("{indent}{key}: {value}");
            return;
        }
    }
    // Before `source:` when there is one, to keep the usual order.
    let at = inst
        .iter()
        .position(|l| l.trim_start().starts_with("source:"))
        .unwrap_or(inst.len());
    inst.insert(at, format!("    {key}: {value}"));
}

fn hex(s: &str) -> Option<u64> {
    u64::from_str_radix(s.trim().trim_start_matches("0x"), 16).ok()
}

#[derive(Clone, Copy)]
struct Variation {
    shift: bool,
    extras: bool,
    properties: bool,
}

fn variant(template: &str, tname: &str, i: usize, name: &str, v: Variation) -> String {
    let mut s = split(template);
    // A synthetic copy is another SoC: the board-level names of the template's silicon stay
    // with the template (two files claiming one root compatible is E0605).
    s.head.retain(|l| {
        !l.starts_with("also_compatible:") && !l.starts_with("also_compatible_source:")
    });
    for l in &mut s.head {
        if l.starts_with("soc:") {
            *l = format!("soc: {name}");
        } else if l.starts_with("description:") {
            *l = format!(
                "description: \"Synthetic SoC {i}, made from {tname} by bench/src/synth.rs.\""
            );
        }
    }
    if v.shift {
        let delta = ((7 * i) % 16) as u64 * 0x10_0000;
        for inst in &mut s.instances {
            if let Some(base) = get(inst, "base").and_then(hex) {
                set(inst, "base", &format!("{:#x}", base + delta));
            }
        }
    }
    if v.extras {
        add_copies(&mut s, i, v.properties);
    }
    let mut out = String::new();
    for l in s
        .head
        .iter()
        .chain(s.instances.iter().flatten())
        .chain(&s.tail)
    {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Adds `i mod 5` copies of the SoC's BAMs at free slots, each with a copy of every engine it
/// serves; with `properties`, the copies vary `ee`, `controlled_remotely` and `status`.
fn add_copies(s: &mut SocText, i: usize, properties: bool) {
    let bams: Vec<Vec<String>> = s
        .instances
        .iter()
        .filter(|x| get(x, "block").is_some_and(|b| b.starts_with("bam@")))
        .cloned()
        .collect();
    let engines: Vec<Vec<String>> = s
        .instances
        .iter()
        .filter(|x| get(x, "dma").is_some())
        .cloned()
        .collect();
    for j in 0..(i % 5) {
        if bams.is_empty() {
            break;
        }
        let bam = &bams[j % bams.len()];
        let bam_name = get(bam, "name").unwrap_or("bam").to_string();
        let copy_name = format!("{bam_name}_s{j}");
        let slot = 0xa000_0000u64 + j as u64 * 0x10_0000;
        let mut copy = bam.clone();
        set(&mut copy, "name", &copy_name);
        set(&mut copy, "base", &format!("{slot:#x}"));
        if properties {
            if let Some(ees) = get(bam, "num_ees").and_then(|n| n.parse::<usize>().ok()) {
                set(&mut copy, "ee", &((i + j) % ees.max(1)).to_string());
            }
            let remote = (i + j).is_multiple_of(2);
            set(&mut copy, "controlled_remotely", &remote.to_string());
            if j == 3 {
                set(&mut copy, "status", "disabled");
            }
        }
        s.instances.push(copy);
        for engine in &engines {
            let dma = get(engine, "dma").unwrap_or("");
            if !dma.contains(&format!("controller: {bam_name},")) {
                continue;
            }
            let mut e = engine.clone();
            let ename = get(engine, "name").unwrap_or("engine").to_string();
            set(&mut e, "name", &format!("{ename}_s{j}"));
            set(&mut e, "base", &format!("{:#x}", slot + 0x8_0000));
            let new_dma = dma.replace(
                &format!("controller: {bam_name},"),
                &format!("controller: {copy_name},"),
            );
            set(&mut e, "dma", &new_dma);
            s.instances.push(e);
        }
    }
}

/// The SoC files of `socs`, `(stem, text)`, sorted by name.
fn templates(socs: &Path) -> Result<Vec<(String, String)>, String> {
    let mut templates: Vec<(String, String)> = Vec::new();
    for e in std::fs::read_dir(socs).map_err(|e| e.to_string())? {
        let p = e.map_err(|e| e.to_string())?.path();
        if p.extension().is_some_and(|x| x == "yaml") {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&p).map_err(|e| e.to_string())?;
            templates.push((stem, text));
        }
    }
    templates.sort();
    if templates.is_empty() {
        return Err(format!("no SoC files in {}", socs.display()));
    }
    Ok(templates)
}

pub fn run(args: &Args) -> Result<(), String> {
    let socs = args.path("socs")?;
    let count = args.num("count", 50)?;
    let out = args.path("out")?;
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    copy_dir(&socs.join("blocks"), &out.join("blocks"))?;
    copy_dir(&socs.join("common"), &out.join("common"))?;
    let templates = templates(&socs)?;
    let full = Variation {
        shift: true,
        extras: true,
        properties: true,
    };
    let fallbacks = [
        full,
        Variation {
            properties: false,
            ..full
        },
        Variation {
            shift: false,
            properties: false,
            ..full
        },
        Variation {
            shift: false,
            extras: false,
            properties: false,
        },
    ];
    let mut fell_back = 0usize;
    let mut instances = 0usize;
    for i in 0..count {
        let (tname, text) = &templates[i % templates.len()];
        let name = format!("syn{i:04}_{tname}");
        let path: PathBuf = out.join(format!("{name}.yaml"));
        let mut ok = false;
        let mut last_err = String::new();
        for (level, v) in fallbacks.iter().enumerate() {
            let yaml = variant(text, tname, i, &name, *v);
            std::fs::write(&path, &yaml).map_err(|e| format!("{}: {e}", path.display()))?;
            let checked = socgen::check(std::slice::from_ref(&path));
            if let Some(m) = &checked.model {
                instances += m.socs.iter().map(|s| s.instances.len()).sum::<usize>();
                fell_back += usize::from(level > 0);
                ok = true;
                break;
            }
            last_err = checked.render(false);
        }
        if !ok {
            return Err(format!("{name} does not validate:\n{last_err}"));
        }
    }
    let checked = socgen::check(std::slice::from_ref(&out));
    if checked.model.is_none() {
        return Err(format!(
            "the synthetic catalogue does not validate:\n{}",
            checked.render(false)
        ));
    }
    let warnings = checked.diagnostics.len();
    eprintln!(
        "synth: {count} SoC files, {instances} instances, {fell_back} with fewer variations, {warnings} warning(s), under {}",
        out.display()
    );
    write_json(
        &args.path("summary")?,
        &json!({"count": count, "instances": instances, "fallbacks": fell_back, "warnings": warnings}),
    )
}
