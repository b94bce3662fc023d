//! A board file drafted from a board's blob of a catalogued SoC: the board decisions its nodes
//! make (`status`, `qcom,controlled-remotely`, `qcom,powered-remotely`) as overrides.

use super::*;

/// A drafted board file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardDraft {
    /// The board name (`board:`, and the file stem).
    pub board: String,
    /// The YAML text.
    pub text: String,
    /// The overrides, as `(instance, what)`.
    pub overrides: Vec<(String, String)>,
}

/// The board a blob names, when its first root compatible is not one that names `soc` (its
/// `qcom,<soc>` or a `family` entry): `(board name, that compatible)`.
pub fn board_of(blob: &Blob, family: &[String]) -> Option<(String, String)> {
    let first = blob.root_compatible().into_iter().next()?;
    if family.contains(&first) {
        return None;
    }
    let name: String = first
        .split_once(',')
        .map_or(first.as_str(), |(_, b)| b)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    (!name.is_empty()).then_some((name, first))
}

/// Drafts a board file for `blob` on the catalogued SoC `soc`: an override wherever the node at an
/// instance's base decides otherwise than the SoC file (`status`, `qcom,controlled-remotely`,
/// `qcom,powered-remotely`). The SoC's facts stay in its file; `check --dtb` compares them.
pub fn draft_board(
    blob: &Blob,
    model: &Model,
    soc: &crate::model::Soc,
    board: (&str, &str),
) -> BoardDraft {
    let (name, compatible) = board;
    let (known, _) = classify(blob, model);
    let file = blob.file_name();
    let mut overrides = Vec::new();
    let mut lines = Vec::new();
    for inst in &soc.instances {
        let Some(k) = known.iter().find(|k| k.window.base == inst.base) else {
            continue;
        };
        let n = &blob.nodes[k.node];
        let set = decided_otherwise(model, inst, n);
        if !set.is_empty() {
            lines.push(format!(
                "  - {{instance: {}, {}}}   # {}",
                inst.name,
                set.join(", "),
                n.path
            ));
            overrides.push((inst.name.clone(), set.join(", ")));
        }
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# yaml-language-server: $schema=../schema/board.schema.json"
    );
    let _ = writeln!(
        out,
        "# DRAFT made by `socgen import --dtb {file}`: what this board's blob decides about {}'s\n\
         # instances (status, remote control). The SoC's facts stay in {}.yaml.",
        soc.name, soc.name
    );
    let _ = writeln!(out, "board: {name}");
    let _ = writeln!(out, "soc: {}", soc.name);
    let _ = writeln!(
        out,
        "description: {}",
        q(&format!("Draft imported from the device tree blob {file}."))
    );
    let _ = writeln!(
        out,
        "source: {}",
        q(&format!(
            "device tree blob {file} (sha256 {}), imported by socgen import; each override names its node",
            blob.sha256
        ))
    );
    let _ = writeln!(out, "compatible: [{}]", q(compatible));
    if lines.is_empty() {
        let _ = writeln!(out, "overrides: []");
    } else {
        let _ = writeln!(out, "overrides:");
        for l in lines {
            let _ = writeln!(out, "{l}");
        }
    }
    BoardDraft {
        board: name.to_string(),
        text: out,
        overrides,
    }
}

/// What node `n` decides otherwise than the SoC file's instance, as override entries
/// (`status: okay`, `controlled_remotely: true`).
fn decided_otherwise(
    model: &Model,
    inst: &crate::model::Instance,
    n: &crate::dt::Node,
) -> Vec<String> {
    let mut set = Vec::new();
    let status = n.strings("status").and_then(|s| s.first().cloned());
    let enabled = matches!(status.as_deref(), None | Some("okay" | "ok"));
    if enabled != inst.enabled {
        set.push(format!(
            "status: {}",
            if enabled { "okay" } else { "disabled" }
        ));
    }
    if model.block_of(inst).is_dma_engine() {
        for (dt, key, soc_value) in [
            (
                "qcom,controlled-remotely",
                "controlled_remotely",
                inst.controlled_remotely,
            ),
            (
                "qcom,powered-remotely",
                "powered_remotely",
                inst.powered_remotely,
            ),
        ] {
            if n.has(dt) != soc_value {
                set.push(format!("{key}: {}", n.has(dt)));
            }
        }
    }
    set
}
