//! Which files describe a blob: the SoC a root compatible selects (`qcom,<soc>`, a SoC's
//! `also_compatible:`, a board file's `compatible:`), the board file of a board's blob, and what
//! that board file decides, for the comparison (`analyze::dtb`).

use super::Blob;
use crate::analyze::dtb::{Board, BoardOverride};
use crate::load::{Loaded, LoadedBoard};
use crate::syntax::Status;

/// The root compatibles that select SoC `name` of `loaded`: its own `qcom,<soc>` and its
/// `also_compatible:` (board-level names of the same silicon).
pub fn family(loaded: &Loaded, name: &str) -> Vec<String> {
    let mut out = vec![format!("qcom,{name}")];
    if let Some(s) = loaded.socs.iter().find(|s| s.syntax.soc.value == name) {
        out.extend(s.syntax.also_compatible.iter().map(|c| c.value.clone()));
    }
    out
}

/// The SoC of `loaded` that a root compatible selects: `qcom,<soc>`, a SoC's
/// `also_compatible:`, or a board file's `compatible:` (its `soc:`).
pub(super) fn soc_of_compatible<'l>(loaded: &'l Loaded, compatible: &str) -> Option<&'l str> {
    loaded
        .socs
        .iter()
        .find(|s| {
            compatible.strip_prefix("qcom,") == Some(s.syntax.soc.value.as_str())
                || s.syntax
                    .also_compatible
                    .iter()
                    .any(|c| c.value == compatible)
        })
        .map(|s| s.syntax.soc.value.as_str())
        .or_else(|| {
            loaded
                .boards
                .iter()
                .find(|b| b.syntax.compatible.iter().any(|c| c.value == compatible))
                .map(|b| b.syntax.soc.value.as_str())
        })
}

/// The SoC of `loaded` that the blob's root compatibles select (`qcom,<soc>`, a SoC's
/// `also_compatible:`, a board file's `compatible:`), if any: what `import` names the draft.
pub fn catalogued_soc(blob: &Blob, loaded: &Loaded) -> Option<String> {
    blob.root_compatible()
        .iter()
        .find_map(|c| soc_of_compatible(loaded, c))
        .map(str::to_string)
}

/// The board file that describes `blob` on SoC `soc`: one whose `soc:` is `soc` and whose
/// `compatible:` holds one of the blob's root compatibles.
pub fn board_for<'l>(loaded: &'l Loaded, blob: &Blob, soc: &str) -> Option<&'l LoadedBoard> {
    let root = blob.root_compatible();
    loaded.boards.iter().find(|b| {
        b.syntax.soc.value == soc && b.syntax.compatible.iter().any(|c| root.contains(&c.value))
    })
}

/// What `board` (the board file applied to `blob`, if any) decides, each value with its place.
pub fn decisions(board: Option<&LoadedBoard>, blob: &Blob) -> Board {
    let overrides = board.map_or_else(Vec::new, |b| {
        b.syntax
            .overrides
            .iter()
            .map(|o| BoardOverride {
                instance: o.value.instance.value.clone(),
                enabled: (o.value.status.as_ref()).map(|s| (s.value == Status::Okay, s.loc)),
                controlled_remotely: (o.value.controlled_remotely.as_ref())
                    .map(|v| (v.value, v.loc)),
                powered_remotely: (o.value.powered_remotely.as_ref()).map(|v| (v.value, v.loc)),
            })
            .collect()
    });
    Board {
        name: board.map(|b| b.syntax.board.value.clone()),
        overrides,
        blob_board: blob
            .root_compatible()
            .first()
            .and_then(|c| c.split_once(','))
            .map(|(_, b)| b.to_string())
            .unwrap_or_else(|| "<board>".to_string()),
    }
}
