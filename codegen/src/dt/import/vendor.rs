//! Downstream crypto nodes (`qcom,qcedev`, `qcom,qcrypto`): one node holds the engine and its
//! BAM, each drafted as an instance of the block revision the catalogue gives it.

use super::*;

/// The block revision a downstream node's part gets: the block of a catalogued SoC's instance
/// at the same base (a fact of the catalogue), else the catalogue's only revision of the block
/// (`qce`, `bam`), else, among several, the newest BAM revision that locks (with a review note).
fn vendor_block(
    model: &Model,
    base: u64,
    role: crate::model::BlockRole,
    notes: &mut Vec<String>,
) -> Option<String> {
    let block = match role {
        crate::model::BlockRole::Bam => "BAM",
        _ => "crypto engine",
    };
    let catalogued = model.socs.iter().find_map(|s| {
        s.instances
            .iter()
            .find(|i| i.base == base && model.block_of(i).role == role)
            .map(|i| model.block_of(i).id())
    });
    if catalogued.is_some() {
        return catalogued;
    }
    let revisions: Vec<&crate::model::Block> =
        model.blocks.iter().filter(|b| b.role == role).collect();
    match revisions.as_slice() {
        [] => None,
        [only] => Some(only.id()),
        several => {
            let pick = several
                .iter()
                .rev()
                .find(|b| b.pipe_locking.as_ref().is_some_and(|f| f.value))
                .or(several.last())?;
            notes.push(format!(
                "REVIEW: the downstream node names no {block} revision and no catalogued SoC has a {block} at {base:#x}; {} is assumed: check it against the manual.",
                pick.id()
            ));
            Some(pick.id())
        }
    }
}

/// Adds the engine and the BAM of every readable downstream crypto node to `known` (sorted by
/// base again) and drops those nodes from `unknown`.
pub(super) fn add_vendor_crypto(
    blob: &Blob,
    model: &Model,
    known: &mut Vec<Known>,
    unknown: &mut Vec<Unknown>,
    notes: &mut Vec<String>,
) {
    for i in 0..blob.nodes.len() {
        let Some(Ok(v)) = vendor_crypto(blob, i) else {
            continue;
        };
        let (Some(crypto), Some(bam)) = (
            vendor_block(model, v.crypto.base, BlockRole::CryptoEngine, notes),
            vendor_block(model, v.bam.base, BlockRole::Bam, notes),
        ) else {
            continue;
        };
        let path = &blob.nodes[i].path;
        if let Some(first) = known.iter().find(|k| k.window.base == v.crypto.base) {
            notes.push(format!(
                "{path} describes the engine at {:#x} again ({} has it): another client of the same engine on pipe pair {} (rx pipe {}); not imported twice.",
                v.crypto.base,
                blob.nodes[first.node].path,
                v.pipe_pair,
                v.rx()
            ));
            unknown.retain(|u| &u.path != path);
            continue;
        }
        let shared_bam = known
            .iter()
            .any(|k| k.is_bam && k.window.base == v.bam.base);
        let block = |id: &str| model.blocks.iter().find(|b| b.id() == id);
        for (part, id, window) in [
            (VendorPart::Crypto, crypto, v.crypto),
            (VendorPart::Bam, bam, v.bam),
        ] {
            if part == VendorPart::Bam && shared_bam {
                continue;
            }
            let Some(b) = block(&id) else { continue };
            known.push(Known {
                node: i,
                block: id.clone(),
                block_name: b.name.clone(),
                is_bam: b.is_dma_engine(),
                window,
                vendor: Some((part, v)),
            });
        }
        unknown.retain(|u| u.path != blob.nodes[i].path);
    }
    known.sort_by(|a, b| {
        (a.window.base, &blob.nodes[a.node].path).cmp(&(b.window.base, &blob.nodes[b.node].path))
    });
}

/// The instance lines a downstream node's part adds after `compatible:`.
pub(super) fn vendor_lines(
    body: &mut String,
    known: &[Known],
    names: &[String],
    part: VendorPart,
    v: &VendorCrypto,
    n: &crate::dt::Node,
) {
    match part {
        VendorPart::Crypto => {
            let bam = known
                .iter()
                .position(|b| b.is_bam && b.window.base == v.bam.base);
            if let Some(b) = bam {
                let _ = writeln!(
                    body,
                    "    dma: {{controller: {}, rx: {}, tx: {}}}   # qcom,bam-pipe-pair = {}",
                    names[b],
                    v.rx(),
                    v.tx(),
                    v.pipe_pair
                );
            }
            let ids: Vec<String> = [
                ("qcom,ce-hw-instance", v.ce_hw_instance),
                ("qcom,ce-device", v.ce_device),
            ]
            .iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k} = {v}")))
            .collect();
            if !ids.is_empty() {
                let _ = writeln!(body, "    # {} (not socgen facts)", ids.join(", "));
            }
        }
        VendorPart::Bam => {
            match v.bam_ee {
                Some(ee) => {
                    let _ = writeln!(body, "    ee: {ee}                       # qcom,bam-ee");
                }
                None => {
                    let _ = writeln!(
                        body,
                        "    ee: 1                       # {} has no qcom,bam-ee: vendor qce50 then uses EE 1",
                        n.path
                    );
                }
            }
            let _ = writeln!(
                body,
                "    controlled_remotely: false   # the downstream node says nothing of it: review"
            );
            let _ = writeln!(body, "    powered_remotely: false");
        }
    }
}
