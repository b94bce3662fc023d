//! Evidence and grades: every hardware fact the generator relies on carries a grade with a
//! source (E0401), reasoning when only inferred (E0402), a known id or key (E0403), and no fact
//! goes ungraded (E0404); the behaviour catalogue is complete. After lowering, the lock-evidence
//! rules (W0310-W0314) weigh each lock setup against those grades.

use super::identifiers::Case;
use super::{Validator, codes};
use crate::diagnostics::{Code, Diagnostic};
use crate::load::{Loaded, LoadedHardware, did_you_mean};
use crate::model::BehaviourId;
use crate::source::{FileId, Loc, Sp};
use crate::syntax::{BehaviourSpec, EvidenceSpec, Grade, SpMap};

/// True when an optional text (`source:`, `reasoning:`) is missing or only blanks.
fn blank(source: &Option<Sp<String>>) -> bool {
    source.as_ref().is_none_or(|s| s.value.trim().is_empty())
}

/// True when a `Q<number>` names a question of the record.
fn is_question_number(q: &str) -> bool {
    q.strip_prefix('Q')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

impl Validator<'_> {
    /// Checks the reasoning an `inferred` grade needs.
    pub(super) fn reasoning_for(
        &mut self,
        f: FileId,
        grade: &Sp<Grade>,
        reasoning: &Option<Sp<String>>,
        what: &str,
    ) {
        if grade.value == Grade::Inferred && blank(reasoning) {
            self.push(codes::e0402_inferred_without_reasoning(f, grade.loc, what));
        }
    }

    /// Checks one `evidence:` map: known keys, each with a source and reasoning for `inferred`.
    pub(super) fn evidence_map(
        &mut self,
        f: FileId,
        map: &SpMap<Sp<EvidenceSpec>>,
        known: &[&str],
        section: &str,
    ) {
        self.unique(f, map.0.iter().map(|(k, _)| k), "evidence key", section);
        for (key, ev) in &map.0 {
            if !known.contains(&key.value.as_str()) {
                let known_s: Vec<String> = known.iter().map(|k| k.to_string()).collect();
                let suggestion = did_you_mean(&key.value, &known_s);
                self.push(codes::e0403_unknown_evidence_key(
                    f, key, section, known, suggestion,
                ));
                continue;
            }
            let e = &ev.value;
            if blank(&e.source) {
                self.push(codes::e0401_evidence_without_source(
                    f,
                    e.grade.loc,
                    &key.value,
                ));
            }
            self.reasoning_for(f, &e.grade, &e.reasoning, &format!("`{}`", key.value));
        }
    }

    /// A mapping that states a fact and grades it itself (`capabilities`, `command_element`,
    /// `wrapper`): the grade is required, with reasoning when inferred.
    pub(super) fn own_grade(
        &mut self,
        f: FileId,
        (grade, reasoning): (&Option<Sp<Grade>>, &Option<Sp<String>>),
        at: Loc,
        what: &str,
        example: &str,
    ) {
        match grade {
            None => self.push(codes::e0404_no_grade(f, at, what, example)),
            Some(g) => self.reasoning_for(f, g, reasoning, what),
        }
    }

    // --- behaviour catalogues -------------------------------------------------------------

    pub(super) fn hardware(&mut self, lh: &LoadedHardware) {
        let f = lh.file;
        let h = &lh.syntax;
        self.matches_place(
            f,
            &h.hardware,
            &lh.stem,
            "file name",
            format!(
                "rename the file to {}.yaml or set `hardware: {}`",
                h.hardware.value, lh.stem
            ),
        );
        self.unique(
            f,
            h.behaviours.iter().map(|b| &b.value.id),
            "behaviour id",
            "the behaviour catalogues",
        );
        for b in &h.behaviours {
            self.behaviour(f, &b.value);
        }
    }

    fn behaviour(&mut self, f: FileId, b: &BehaviourSpec) {
        if BehaviourId::parse(&b.id.value).is_none() {
            let known: Vec<String> = BehaviourId::ALL
                .iter()
                .map(|b| b.as_str().to_string())
                .collect();
            let suggestion = did_you_mean(&b.id.value, &known);
            self.push(codes::e0403_unknown_behaviour(f, &b.id, suggestion));
        }
        if blank(&b.source) {
            self.push(codes::e0401_behaviour_without_source(
                f,
                b.grade.loc,
                &b.id.value,
            ));
        }
        self.reasoning_for(
            f,
            &b.grade,
            &b.reasoning,
            &format!("behaviour `{}`", b.id.value),
        );
        if let Some(q) = &b.question
            && !is_question_number(&q.value)
        {
            self.push(codes::e0005_not_a_question_number(f, q));
        }
        self.unique(
            f,
            b.per_peripheral.iter().map(|p| &p.value.peripheral),
            "peripheral",
            &format!("`per_peripheral:` of `{}`", b.id.value),
        );
        for p in &b.per_peripheral {
            let p = &p.value;
            self.ident(f, &p.peripheral, "peripheral", Case::Lower);
            if blank(&p.source) {
                self.push(codes::e0401_behaviour_without_source(
                    f,
                    p.grade.loc,
                    &format!("{}` on `{}", b.id.value, p.peripheral.value),
                ));
            }
            self.reasoning_for(
                f,
                &p.grade,
                &p.reasoning,
                &format!("behaviour `{}` on `{}`", b.id.value, p.peripheral.value),
            );
        }
    }

    /// Every behaviour the generator knows is graded in some catalogue.
    pub(super) fn catalogue_complete(&mut self) {
        if self.loaded.hardware_unparsed {
            return;
        }
        let Some(first) = self.loaded.hardware.first() else {
            return;
        };
        let graded: Vec<&str> = self
            .loaded
            .hardware
            .iter()
            .flat_map(|h| h.syntax.behaviours.iter())
            .map(|b| b.value.id.value.as_str())
            .collect();
        let missing: Vec<&str> = BehaviourId::ALL
            .iter()
            .map(|b| b.as_str())
            .filter(|id| !graded.contains(id))
            .collect();
        if !missing.is_empty() {
            let at = Loc {
                col: 1,
                ..first.syntax.hardware.loc
            };
            self.push(codes::e0404_catalogue_incomplete(first.file, at, &missing));
        }
    }
}

/// See [`super::lock_evidence`].
pub(super) fn lock_evidence(loaded: &Loaded, model: &crate::model::Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ls in &loaded.socs {
        let Some(lock) = &ls.syntax.lock else {
            continue;
        };
        let Some(soc) = model.soc(&ls.syntax.soc.value) else {
            continue;
        };
        let Some(model_lock) = &soc.lock else {
            continue;
        };
        let l = &lock.value;
        let strict = l.strict.as_ref().filter(|s| s.value).map(|s| s.loc);
        for r in crate::risk::risks(model, soc, model_lock) {
            // The key that chose the element carrying the behaviour, and the one that shares
            // the blame: UNLOCK timing is the placement's, the others the dummy's.
            let unlock_at = l.unlock.as_ref().map(|u| u.value.access.loc);
            let places = match (r.code, unlock_at) {
                (Code::UnlockTimingOpen, _) => {
                    (l.placement.loc, (l.dummy.loc, "dummy chosen here"))
                }
                (Code::UnlockElementOpen | Code::UnlockOnReadOpen, Some(at)) => {
                    (at, (l.placement.loc, "placement chosen here"))
                }
                _ => (l.dummy.loc, (l.placement.loc, "placement chosen here")),
            };
            out.push(codes::w0310_w0313_lock_evidence(
                ls.file, places, &soc.name, &r, strict,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_question_number;

    #[test]
    fn question_numbers_are_q_and_digits() {
        assert!(is_question_number("Q2"));
        assert!(is_question_number("Q14"));
        for bad in ["Q", "2", "q2", "Q2a", "Q-1", ""] {
            assert!(!is_question_number(bad), "{bad}");
        }
    }
}
