//! Every SoC file against the upstream device-tree facts and every block file against the
//! upstream register tables (`tests/data/upstream/`, copied with provenance), through the model
//! socgen builds; and every SoC name of the Linux v7.1 board trees (`upstream-v7.1-socs.yaml`)
//! against the SoC file that catalogues it, its own or a family's (`also_compatible:`). Mutated
//! copies of the catalogue show the checks catch a one-value typo and a missing SoC.

use serde_json::Value;
use socgen::model::{Block, Model, Shape, Soc};
use std::path::{Path, PathBuf};

/// Fields mainline bam_dma.c defines for every revision that the legacy (non-NDP) BAM lacks:
/// vendor bam.c (arter97/caf_msm-5.4@0625c48c2d20:drivers/platform/msm/sps/bam.c) defines
/// `P_WRITE_NWD` and `P_LOCK_GROUP` only for NDP BAMs, v1.4.0 and later in socgen's catalogue.
const LEGACY_BAM_LACKS: &[(&str, &str, &str)] = &[
    ("v1.3.0", "P_CTRL", "P_WRITE_NWD"),
    ("v1.3.0", "P_CTRL", "P_LOCK_GROUP"),
];

fn upstream(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/upstream")
        .join(file);
    serde_saphyr::from_str(&std::fs::read_to_string(path).expect("read")).expect("yaml")
}

fn hex(v: &Value) -> u64 {
    match v {
        Value::String(s) => u64::from_str_radix(s.trim_start_matches("0x"), 16).expect("hex"),
        other => other.as_u64().expect("number"),
    }
}

fn model_of(root: &Path) -> Model {
    checked_of(root).1
}

/// The loaded catalogue (for `also_compatible:`) and its model.
fn checked_of(root: &Path) -> (socgen::load::Loaded, Model) {
    let checked = socgen::check(&[root.to_path_buf()]);
    let rendered = checked.render(false);
    let model = checked.model.unwrap_or_else(|| panic!("{rendered}"));
    (checked.loaded, model)
}

/// The SoC file that catalogues upstream SoC name `name`: `soc: <name>`, or the one whose
/// `also_compatible:` carries `qcom,<name>` (a board-level name for the same silicon).
fn catalogued<'m>(loaded: &socgen::load::Loaded, model: &'m Model, name: &str) -> Option<&'m Soc> {
    model.soc(name).or_else(|| {
        let compatible = format!("qcom,{name}");
        let file = loaded.socs.iter().find(|s| {
            s.syntax
                .also_compatible
                .iter()
                .any(|c| c.value == compatible)
        })?;
        model.soc(&file.syntax.soc.value)
    })
}

/// Every disagreement between the catalogue and the Linux v7.1 facts of every SoC name a board
/// tree carries (instances, block, base, size, compatible, EE, channel and EE counts, remote
/// flags, crypto DMA pipes), one line each. Status is not compared: it is a board fact, which
/// these facts leave out.
fn v7_1_mismatches(loaded: &socgen::load::Loaded, model: &Model) -> Vec<String> {
    let mut out = Vec::new();
    let facts = upstream("upstream-v7.1-socs.yaml");
    let socs = facts["socs"].as_object().expect("socs");
    for soc in &model.socs {
        if !socs.contains_key(&soc.name) {
            out.push(format!(
                "{}: in socs/, but no Linux v7.1 board names it",
                soc.name
            ));
        }
    }
    for (name, facts) in socs {
        let Some(soc) = catalogued(loaded, model, name) else {
            out.push(format!(
                "{name}: not catalogued (no socs/{name}.yaml, no `also_compatible: [\"qcom,{name}\"]`)"
            ));
            continue;
        };
        let who = if soc.name == *name {
            name.clone()
        } else {
            format!("{name} (as {})", soc.name)
        };
        let nodes = facts["instances"].as_array().expect("instances");
        if nodes.len() != soc.instances.len() {
            out.push(format!(
                "{who}: {} instances, upstream has {}",
                soc.instances.len(),
                nodes.len()
            ));
        }
        for node in nodes {
            v7_1_instance(model, soc, &who, node, &mut out);
        }
    }
    out
}

/// The disagreements of one instance of a v7.1 SoC with its upstream node.
fn v7_1_instance(model: &Model, soc: &Soc, who: &str, node: &Value, out: &mut Vec<String>) {
    let label = node["name"].as_str().expect("name");
    let Some(inst) = soc.instance(label) else {
        out.push(format!("{who}: no instance `{label}`"));
        return;
    };
    let mut cmp = Compare {
        at: format!("{who}.{label}"),
        source: "upstream",
        out,
    };
    cmp.same(
        "block",
        model.blocks[inst.block].id(),
        node["block"].as_str().unwrap_or("-").to_string(),
    );
    cmp.same(
        "base",
        format!("{:#x}", inst.base),
        format!("{:#x}", hex(&node["base"])),
    );
    cmp.same(
        "size",
        format!("{:#x}", inst.size),
        format!("{:#x}", hex(&node["size"])),
    );
    let compat: Vec<&str> = node["compatible"]
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c.as_str().unwrap_or(""))
        .collect();
    cmp.same("compatible", inst.compatible.join(","), compat.join(","));
    cmp.same("ee", count(inst.ee), fact_count(&node["ee"]));
    cmp.same(
        "num_channels",
        count(inst.num_channels),
        fact_count(&node["num_channels"]),
    );
    cmp.same("num_ees", count(inst.num_ees), fact_count(&node["num_ees"]));
    for (what, ours) in [
        ("controlled_remotely", inst.controlled_remotely),
        ("powered_remotely", inst.powered_remotely),
    ] {
        let theirs = node[what].as_bool().unwrap_or(false);
        cmp.same(what, ours.to_string(), theirs.to_string());
    }
    let dma = inst
        .dma
        .as_ref()
        .map(|d| format!("{},{},{}", soc.instances[d.controller].name, d.rx, d.tx));
    let dma_facts = node.get("dma").map(|d| {
        format!(
            "{},{},{}",
            d["controller"].as_str().unwrap_or("-"),
            d["rx"],
            d["tx"]
        )
    });
    let show = |d: Option<String>| d.unwrap_or_else(|| "-".into());
    cmp.same("dma", show(dma), show(dma_facts));
}

/// Where the comparisons of one instance go: `at` names the instance, `source` the facts.
struct Compare<'o> {
    at: String,
    source: &'static str,
    out: &'o mut Vec<String>,
}

impl Compare<'_> {
    fn same(&mut self, what: &str, ours: String, theirs: String) {
        if ours != theirs {
            let (at, source) = (&self.at, self.source);
            self.out
                .push(format!("{at}.{what}: ours {ours}, {source} {theirs}"));
        }
    }
}

/// An optional count of the model as the comparisons show it.
fn count(v: Option<u32>) -> String {
    v.map(|n| n.to_string()).unwrap_or_else(|| "-".into())
}

/// An optional count of the facts as the comparisons show it.
fn fact_count(v: &Value) -> String {
    v.as_u64()
        .map(|n| n.to_string())
        .unwrap_or_else(|| "-".into())
}

/// Every disagreement between the model and the upstream facts, one line each.
fn mismatches(model: &Model) -> Vec<String> {
    let mut out = Vec::new();
    let dt = upstream("socs-devicetree.yaml");
    for (key, facts) in dt["socs"].as_object().expect("socs") {
        let name = key.split_whitespace().next().expect("name");
        let Some(soc) = model.soc(name) else {
            out.push(format!("{name}: missing SoC file"));
            continue;
        };
        let nodes = dt_nodes(facts);
        if nodes.len() != soc.instances.len() {
            out.push(format!(
                "{name}: {} instances, device tree has {}",
                soc.instances.len(),
                nodes.len()
            ));
        }
        for node in nodes {
            dt_instance(soc, name, node, &mut out);
        }
    }
    for block in &model.blocks {
        match (block.name.as_str(), block.revision.as_str()) {
            ("bam", rev) => bam_block(block, &rev[..4].replace('.', "_"), &mut out),
            ("qce", "v5") => qce_block(block, &mut out),
            _ => out.push(format!(
                "{}: no upstream table to check against",
                block.id()
            )),
        }
    }
    out
}

/// The BAM and crypto nodes of one SoC's device-tree facts, the ones socgen catalogues.
fn dt_nodes(facts: &Value) -> Vec<&Value> {
    [&facts["cryptobam"], &facts["crypto"]]
        .into_iter()
        .filter(|n| n.is_object())
        .chain(facts["other_bam_nodes"].as_array().into_iter().flatten())
        .filter(|n| {
            n["compatible"].as_array().into_iter().flatten().any(|c| {
                let c = c.as_str().unwrap_or("");
                c.starts_with("qcom,bam-v") || c.contains("qce") || c.starts_with("qcom,crypto-v5")
            })
        })
        .collect()
}

/// The disagreements of one instance with its device-tree node.
fn dt_instance(soc: &Soc, name: &str, node: &Value, out: &mut Vec<String>) {
    let label = node["label"].as_str().expect("label");
    let Some(inst) = soc.instance(label) else {
        out.push(format!("{name}: no instance `{label}`"));
        return;
    };
    let mut cmp = Compare {
        at: format!("{name}.{label}"),
        source: "device tree",
        out,
    };
    cmp.same(
        "base",
        format!("{:#x}", inst.base),
        format!("{:#x}", hex(&node["reg_base"])),
    );
    cmp.same(
        "size",
        format!("{:#x}", inst.size),
        format!("{:#x}", hex(&node["reg_size"])),
    );
    let compat: Vec<String> = node["compatible"]
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c.as_str().unwrap_or("").to_string())
        .collect();
    cmp.same("compatible", inst.compatible.join(","), compat.join(","));
    if node.get("qcom_ee").is_some() {
        cmp.same("ee", count(inst.ee), fact_count(&node["qcom_ee"]));
        cmp.same(
            "num_channels",
            count(inst.num_channels),
            fact_count(&node["num_channels"]),
        );
        cmp.same(
            "num_ees",
            count(inst.num_ees),
            fact_count(&node["qcom_num_ees"]),
        );
        for (what, ours) in [
            ("controlled_remotely", inst.controlled_remotely),
            ("powered_remotely", inst.powered_remotely),
        ] {
            let theirs = node[what].as_bool().unwrap_or(false);
            cmp.same(what, ours.to_string(), theirs.to_string());
        }
    }
    cmp.same(
        "enabled",
        inst.enabled.to_string(),
        (node["status_in_dtsi"].as_str() != Some("disabled")).to_string(),
    );
    if let Some(pipes) = node["dmas_cryptobam_channels"].as_array() {
        let dma = inst
            .dma
            .as_ref()
            .map(|d| format!("{},{}", d.rx, d.tx))
            .unwrap_or_default();
        cmp.same("dma", dma, format!("{},{}", pipes[0], pipes[1]));
    }
}

fn strides(block: &Block, shape: &Shape) -> (u32, u32) {
    let (mut pipe, mut ee) = (0, 0);
    if let Shape::Dimensioned(dims) = shape {
        for (pos, stride) in dims {
            match block.indices[*pos].name.as_str() {
                "pipe" => pipe = *stride,
                "ee" => ee = *stride,
                _ => {}
            }
        }
    }
    (pipe, ee)
}

fn bam_block(block: &Block, table: &str, out: &mut Vec<String>) {
    let facts = upstream("bam.yaml");
    let regs = facts["revisions"][table]["regs"]
        .as_object()
        .expect("table");
    if regs.len() != block.registers.len() {
        out.push(format!(
            "{}: {} registers, table has {}",
            block.id(),
            block.registers.len(),
            regs.len()
        ));
    }
    for (name, row) in regs {
        let short = name.trim_start_matches("BAM_");
        let Some(reg) = block.register(short) else {
            out.push(format!("{}: no register {short}", block.id()));
            continue;
        };
        let n: Vec<u64> = row.as_array().expect("row").iter().map(hex).collect();
        let (pipe, ee) = strides(block, &reg.shape);
        let ours = (u64::from(reg.offset), u64::from(pipe), u64::from(ee));
        let theirs = (n[0], n[1] + n[2], n[3]);
        if ours != theirs {
            out.push(format!(
                "{}.{short}: ours (offset, pipe, ee) {ours:x?}, table {theirs:x?}",
                block.id()
            ));
        }
    }
    // Bit positions: register -> facts section, field name -> bit or shift.
    for (reg_name, section) in [
        ("CTRL", "bam_ctrl_bits"),
        ("REVISION", "bam_revision_bits"),
        ("NUM_PIPES", "bam_num_pipes_bits"),
        ("CNFG_BITS", "bam_cnfg_bits"),
        ("P_CTRL", "p_ctrl_bits"),
        ("P_IRQ_EN", "p_irq_en_bits"),
    ] {
        let Some(reg) = block.register(reg_name) else {
            continue;
        };
        for (field, fact) in facts[section].as_object().expect("bits") {
            let lsb = match fact {
                Value::Number(n) => n.as_u64(),
                Value::Object(o) => o
                    .get("bit")
                    .or_else(|| o.get("shift"))
                    .and_then(Value::as_u64),
                _ => None,
            };
            let Some(lsb) = lsb else { continue };
            // A register with a fieldset has the fieldset's field names, which leave out the
            // suffix bam_dma.c gives each register's copy of the bits (`P_ERR_EN` is `P_ERR`).
            let name = match &reg.fieldset {
                Some(_) => field.strip_suffix("_EN").unwrap_or(field),
                None => field.as_str(),
            };
            let legacy_lacks = LEGACY_BAM_LACKS
                .iter()
                .any(|(rev, r, f)| *rev == block.revision && *r == reg_name && *f == name);
            match reg.fields.iter().find(|f| f.name == name) {
                // mainline defines the bits for every revision; vendor bam.c knows better.
                None if legacy_lacks => {}
                Some(_) if legacy_lacks => out.push(format!(
                    "{}.{reg_name}.{name}: the legacy BAM has no such field (vendor bam.c)",
                    block.id()
                )),
                Some(f) if u64::from(f.lsb) == lsb => {}
                Some(f) => out.push(format!(
                    "{}.{reg_name}.{name}: ours bit {}, source {lsb}",
                    block.id(),
                    f.lsb
                )),
                None => out.push(format!("{}.{reg_name}: no field {name}", block.id())),
            }
        }
    }
}

fn qce_block(block: &Block, out: &mut Vec<String>) {
    let facts = upstream("qce-v5.yaml");
    for (name, offset) in facts["registers"].as_object().expect("registers") {
        let Some(offset) = offset.as_u64() else {
            continue;
        };
        let name = name.trim_start_matches("REG_");
        // Numbered registers are arrays in the YAML: find the array copy at that offset.
        let found = block.registers.iter().any(|r| match r.shape {
            Shape::Array { count, stride } => {
                (0..count).any(|i| u64::from(r.offset + i * stride) == offset)
            }
            _ => r.name == name && u64::from(r.offset) == offset,
        });
        if !found {
            out.push(format!("{}: nothing at {offset:#x} for {name}", block.id()));
        }
    }
    for (reg_name, fields) in facts["fields"].as_object().expect("fields") {
        let short = reg_name.trim_start_matches("REG_");
        let Some(reg) = block.register(short) else {
            out.push(format!("{}: no register {short}", block.id()));
            continue;
        };
        for (field, fact) in fields.as_object().expect("field map") {
            let lsb = fact
                .get("bit")
                .or_else(|| fact.get("shift"))
                .and_then(Value::as_u64);
            let (Some(lsb), Some(f)) = (lsb, reg.fields.iter().find(|f| f.name == *field)) else {
                continue; // documented omissions (MAX_QUEUED_REQ) and derived notes
            };
            if u64::from(f.lsb) != lsb {
                out.push(format!(
                    "{}.{short}.{field}: ours bit {}, source {lsb}",
                    block.id(),
                    f.lsb
                ));
            }
        }
    }
}

fn socs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs")
}

#[test]
fn bundled_catalogue_matches_the_upstream_facts() {
    let problems = mismatches(&model_of(&socs()));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_soc_of_the_v7_1_board_trees_is_catalogued_as_upstream_has_it() {
    let (loaded, model) = checked_of(&socs());
    let problems = v7_1_mismatches(&loaded, &model);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let facts = upstream("upstream-v7.1-socs.yaml");
    assert_eq!(
        facts["socs"].as_object().expect("socs").len(),
        63,
        "the v7.1 SoC names"
    );
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn a_one_value_typo_in_a_copy_is_caught() {
    let root = std::env::temp_dir().join(format!("socgen-mutated-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_tree(&socs(), &root);
    // One register offset in a block file: IRQ_EN of BAM v1.7.0, 0x1c -> 0x20 (still valid YAML).
    let block = root.join("blocks/bam/v1.7.0.yaml");
    let text = std::fs::read_to_string(&block).expect("read");
    std::fs::write(
        &block,
        text.replacen(
            "{name: IRQ_EN, offset: 0x1c}",
            "{name: IRQ_EN, offset: 0x20}",
            1,
        ),
    )
    .expect("write");
    let problems = mismatches(&model_of(&root));
    assert_eq!(
        problems,
        vec!["bam@v1.7.0.IRQ_EN: ours (offset, pipe, ee) (20, 0, 0), table (1c, 0, 0)".to_string()]
    );
    // One base in a SoC file.
    std::fs::write(&block, text).expect("restore");
    let soc = root.join("sm8650.yaml");
    let text = std::fs::read_to_string(&soc).expect("read");
    std::fs::write(&soc, text.replacen("base: 0x1dfa000", "base: 0x1dfb000", 1)).expect("write");
    let problems = mismatches(&model_of(&root));
    assert_eq!(
        problems,
        vec!["sm8650.crypto.base: ours 0x1dfb000, device tree 0x1dfa000".to_string()]
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_typo_or_a_missing_soc_in_a_copy_fails_the_v7_1_check() {
    let root = std::env::temp_dir().join(format!("socgen-mutated-v71-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_tree(&socs(), &root);
    let check = |root: &Path| {
        let (loaded, model) = checked_of(root);
        v7_1_mismatches(&loaded, &model)
    };
    assert_eq!(check(&root), Vec::<String>::new(), "the unmutated copy");
    let edit = |file: &str, from: &str, to: &str| {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
        text
    };
    // One base in a SoC file only the v7.1 facts cover.
    let text = edit("x1p42100.yaml", "base: 0x1dfa000", "base: 0x1dfb000");
    assert_eq!(
        check(&root),
        vec!["x1p42100.crypto.base: ours 0x1dfb000, upstream 0x1dfa000".to_string()]
    );
    std::fs::write(root.join("x1p42100.yaml"), text).expect("restore");
    // One remote flag.
    let text = edit(
        "sdx75.yaml",
        "powered_remotely: false",
        "powered_remotely: true",
    );
    assert_eq!(
        check(&root),
        vec!["sdx75.qpic_bam.powered_remotely: ours true, upstream false".to_string()]
    );
    std::fs::write(root.join("sdx75.yaml"), text).expect("restore");
    // One crypto DMA pipe.
    let text = edit("sm8750.yaml", "rx: 4, tx: 5", "rx: 4, tx: 6");
    assert_eq!(
        check(&root),
        vec!["sm8750.crypto.dma: ours cryptobam,4,6, upstream cryptobam,4,5".to_string()]
    );
    std::fs::write(root.join("sm8750.yaml"), text).expect("restore");
    // A SoC file removed, and a family member's compatible removed.
    std::fs::remove_file(root.join("msm8953.yaml")).expect("remove");
    edit("sc7280.yaml", ", \"qcom,sm7325\"", "");
    assert_eq!(
        check(&root),
        vec![
            "msm8953: not catalogued (no socs/msm8953.yaml, no `also_compatible: [\"qcom,msm8953\"]`)"
                .to_string(),
            "sm7325: not catalogued (no socs/sm7325.yaml, no `also_compatible: [\"qcom,sm7325\"]`)"
                .to_string(),
        ]
    );
    let _ = std::fs::remove_dir_all(&root);
}
