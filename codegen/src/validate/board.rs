//! Board files and SoC families: a board's name and place (E0007), provenance (E0006), the SoC
//! it names (E0601), the instances its overrides name (E0602, once each: E0604), BAM properties
//! only on BAMs (E0603); and the root compatibles that select a file (a SoC's
//! `also_compatible:`, a board's `compatible:`), each claimed by one file (E0605) and cited
//! (E0006).

use super::Validator;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::load::{LoadedBoard, LoadedSoc, did_you_mean};
use crate::source::{Loc, Sp};
use crate::syntax::{BoardFile, OverrideSpec};
use std::collections::BTreeMap;

impl Validator<'_> {
    pub(super) fn board(&mut self, lb: &LoadedBoard) {
        let b = &lb.syntax;
        self.matches_place(
            &b.board,
            &lb.stem,
            "file name",
            format!(
                "rename the file to {}.yaml or set `board: {}`",
                b.board.value, lb.stem
            ),
        );
        let top = Loc {
            col: 1,
            ..b.board.loc
        };
        self.require_source(&b.source, top, "this board file");
        let socs: Vec<String> = self
            .loaded
            .socs
            .iter()
            .map(|s| s.syntax.soc.value.clone())
            .collect();
        let Some(soc) = self
            .loaded
            .socs
            .iter()
            .find(|s| s.syntax.soc.value == b.soc.value)
        else {
            let suggestion = did_you_mean(&b.soc.value, &socs);
            self.push(e0601_board_unknown_soc(&b.soc, suggestion));
            return;
        };
        self.board_overrides(b, soc);
    }

    /// Each override names an instance of the board's SoC, once (E0602, E0604), and sets BAM
    /// properties only on a BAM (E0603).
    fn board_overrides(&mut self, b: &BoardFile, soc: &LoadedSoc) {
        let names: Vec<String> = soc
            .syntax
            .instances
            .iter()
            .map(|i| i.value.name.value.clone())
            .collect();
        let mut seen: BTreeMap<&str, Loc> = BTreeMap::new();
        for o in &b.overrides {
            let o = &o.value;
            if let Some(first) = seen.get(o.instance.value.as_str()) {
                self.push(e0604_board_duplicate_override(&o.instance, *first));
                continue;
            }
            seen.insert(&o.instance.value, o.instance.loc);
            let Some(inst) = soc
                .syntax
                .instances
                .iter()
                .find(|i| i.value.name.value == o.instance.value)
            else {
                let suggestion = did_you_mean(&o.instance.value, &names);
                self.push(e0602_board_unknown_instance(
                    &o.instance,
                    &b.soc.value,
                    suggestion,
                ));
                continue;
            };
            self.bam_properties_on_a_bam(o, &inst.value.block.value);
        }
    }

    /// E0603: `controlled_remotely` and `powered_remotely` only on an instance of a BAM block.
    fn bam_properties_on_a_bam(&mut self, o: &OverrideSpec, block: &str) {
        let is_bam = block.split_once('@').is_some_and(|(name, rev)| {
            self.loaded
                .block(name, rev)
                .is_some_and(|lb| super::role(lb).is_dma_engine())
        });
        if is_bam {
            return;
        }
        for (flag, key) in [
            (&o.controlled_remotely, "controlled_remotely"),
            (&o.powered_remotely, "powered_remotely"),
        ] {
            if let Some(v) = flag {
                self.push(e0603_board_bam_property(
                    v.loc,
                    key,
                    &o.instance.value,
                    block,
                ));
            }
        }
    }

    /// Every root compatible that selects a file is claimed once: a SoC's own `qcom,<soc>`, its
    /// `also_compatible:` and each board's `compatible:`. A SoC's `also_compatible:` is cited.
    pub(super) fn root_compatibles(&mut self) {
        let loaded = self.loaded;
        // compatible -> (owner, where it was first claimed)
        let mut owners: BTreeMap<String, (String, Option<Loc>)> = BTreeMap::new();
        for s in &loaded.socs {
            let name = &s.syntax.soc.value;
            owners.insert(format!("qcom,{name}"), (format!("SoC `{name}`"), None));
        }
        let mut claims: Vec<(&Sp<String>, String)> = Vec::new();
        for s in &loaded.socs {
            let syntax = &s.syntax;
            if let Some(first) = syntax.also_compatible.first() {
                self.require_source(
                    &syntax.also_compatible_source,
                    first.loc,
                    "`also_compatible:` (add `also_compatible_source:`)",
                );
            }
            for c in &syntax.also_compatible {
                claims.push((c, format!("SoC `{}`", syntax.soc.value)));
            }
        }
        for b in &loaded.boards {
            for c in &b.syntax.compatible {
                claims.push((c, format!("board `{}`", b.syntax.board.value)));
            }
        }
        for (c, owner) in claims {
            match owners.get(&c.value) {
                Some((other, first)) if *other != owner => {
                    self.push(e0605_compatible_claimed(c, other, *first));
                }
                Some(_) => {}
                None => {
                    owners.insert(c.value.clone(), (owner, Some(c.loc)));
                }
            }
        }
    }
}

fn e0601_board_unknown_soc(soc: &Sp<String>, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::new(
        Code::BoardUnknownSoc,
        soc.loc,
        format!(
            "board file names SoC `{}`, which is not loaded (a board's SoC file is `<soc>.yaml` in the catalogue root above `boards/`)",
            soc.value
        ),
    )
    .label("no such SoC")
    .help(format!(
        "{}name the SoC file's `soc:`, or write the SoC file first (`socgen import --dtb`)",
        super::hint(suggestion)
    ))
}

fn e0602_board_unknown_instance(
    instance: &Sp<String>,
    soc: &str,
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Code::BoardUnknownInstance,
        instance.loc,
        format!("SoC `{soc}` has no instance `{}`", instance.value),
    )
    .label("no such instance")
    .help(format!(
        "{}an override names an instance of the SoC file (its `name:`, the dtsi's label)",
        super::hint(suggestion)
    ))
}

fn e0603_board_bam_property(at: Loc, key: &str, instance: &str, block: &str) -> Diagnostic {
    Diagnostic::new(
        Code::BoardNotApplicable,
        at,
        format!("`{key}` applies to BAM instances; `{instance}` is `{block}`, not a BAM"),
    )
    .label("not a BAM")
    .help(format!(
        "remove `{key}:` from this override, or name the BAM instance the board changes"
    ))
}

fn e0604_board_duplicate_override(instance: &Sp<String>, first: Loc) -> Diagnostic {
    Diagnostic::new(
        Code::BoardDuplicateOverride,
        instance.loc,
        format!("instance `{}` is overridden twice", instance.value),
    )
    .label("overridden again here")
    .related(first, "first override")
    .help("merge the two overrides into one")
}

fn e0605_compatible_claimed(
    compatible: &Sp<String>,
    other: &str,
    first: Option<Loc>,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::SocCompatibleClaimed,
        compatible.loc,
        format!(
            "root compatible `{}` is claimed by {other} too, so a blob carrying it would select two files",
            compatible.value
        ),
    )
    .label("claimed twice");
    let d = match first {
        Some(loc) => d.related(loc, "claimed here"),
        None => d,
    };
    d.help("keep the compatible in the one file whose silicon (or board) it names")
}
