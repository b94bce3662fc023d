//! `--lang dts`: the device-tree fragment socgen knows for a SoC.
//!
//! One node per instance under a `soc` bus with identity `ranges` and two address and two
//! size cells: `reg`, `compatible`, the BAM properties (`#dma-cells = <1>`, `qcom,ee`,
//! `num-channels`, `qcom,num-ees`, the two booleans), `status`, and a client's `dmas` and
//! `dma-names`. Labels are the instance names, so `dtc -@` keeps them in `/__symbols__` and
//! `socgen import` gives the instances their names back. Everything else a real node has
//! (interrupts, clocks, iommus, interconnects) is not in the model and not written.

use crate::model::{BlockRole, Model, Soc};
use std::fmt::Write;

/// The node name the device-tree bindings use for a block (`dma-controller` for a BAM,
/// `crypto` for the crypto engine), else the block name.
fn node_name(block: &crate::model::Block) -> &str {
    match block.role {
        BlockRole::Bam | BlockRole::DmaEngine => "dma-controller",
        BlockRole::CryptoEngine => "crypto",
        BlockRole::Peripheral => &block.name,
    }
}

fn cells(v: u64) -> String {
    format!("{:#x} {:#010x}", v >> 32, v & 0xffff_ffff)
}

fn string_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| serde_json::Value::from(s.as_str()).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `.dts` source for one SoC: compiles with `dtc -I dts -O dtb -@`.
pub fn generate(model: &Model, soc: &Soc) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "// SPDX-License-Identifier: MIT OR Apache-2.0");
    let _ = writeln!(
        out,
        "// {}: the device-tree nodes socgen knows, generated from socs/{}.yaml by `socgen generate --lang dts`.",
        soc.name, soc.name
    );
    let _ = writeln!(
        out,
        "// Only reg, compatible, the BAM properties, status and dmas: not a complete .dtsi."
    );
    let _ = writeln!(out, "/dts-v1/;\n");
    let _ = writeln!(out, "/ {{");
    let _ = writeln!(out, "\tcompatible = \"qcom,{}\";", soc.name);
    let _ = writeln!(out, "\t#address-cells = <2>;");
    let _ = writeln!(out, "\t#size-cells = <2>;\n");
    let _ = writeln!(out, "\tsoc {{");
    let _ = writeln!(out, "\t\tcompatible = \"simple-bus\";");
    let _ = writeln!(out, "\t\t#address-cells = <2>;");
    let _ = writeln!(out, "\t\t#size-cells = <2>;");
    let _ = writeln!(out, "\t\tranges;");
    for inst in &soc.instances {
        let block = model.block_of(inst);
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "\t\t{}: {}@{:x} {{",
            inst.name,
            node_name(block),
            inst.base
        );
        if !inst.compatible.is_empty() {
            let _ = writeln!(out, "\t\t\tcompatible = {};", string_list(&inst.compatible));
        }
        let _ = writeln!(
            out,
            "\t\t\treg = <{} {}>;",
            cells(inst.base),
            cells(inst.size)
        );
        if block.is_dma_engine() {
            let _ = writeln!(out, "\t\t\t#dma-cells = <1>;");
            for (dt, v) in [
                ("qcom,ee", inst.ee),
                ("num-channels", inst.num_channels),
                ("qcom,num-ees", inst.num_ees),
            ] {
                if let Some(v) = v {
                    let _ = writeln!(out, "\t\t\t{dt} = <{v}>;");
                }
            }
            if inst.controlled_remotely {
                let _ = writeln!(out, "\t\t\tqcom,controlled-remotely;");
            }
            if inst.powered_remotely {
                let _ = writeln!(out, "\t\t\tqcom,powered-remotely;");
            }
        }
        if let Some(d) = &inst.dma {
            let bam = &soc.instances[d.controller].name;
            let _ = writeln!(out, "\t\t\tdmas = <&{bam} {}>, <&{bam} {}>;", d.rx, d.tx);
            let _ = writeln!(out, "\t\t\tdma-names = \"rx\", \"tx\";");
        }
        if !inst.enabled {
            let _ = writeln!(out, "\t\t\tstatus = \"disabled\";");
        }
        let _ = writeln!(out, "\t\t}};");
    }
    let _ = writeln!(out, "\t}};");
    let _ = writeln!(out, "}};");
    out
}

/// The files `--lang dts` writes for one SoC.
pub fn files(model: &Model, soc: &Soc) -> Vec<(String, String)> {
    vec![(format!("{}.dts", soc.name), generate(model, soc))]
}
