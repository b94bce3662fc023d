//! Evidence and grades: every hardware fact the generator relies on carries a grade with a
//! source (E0401), reasoning when only inferred (E0402), a known id or key (E0403), and no fact
//! goes ungraded (E0404); the behaviour record is complete. The lock-evidence rules that weigh
//! each lock setup against those grades after lowering are `analyze::evidence`.

use super::Validator;
use super::identifiers::Case;
use crate::diagnostics::{Code, Diagnostic};
use crate::load::{LoadedHardware, did_you_mean};
use crate::model::BehaviourId;
use crate::source::{Loc, Sp};
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
        grade: &Sp<Grade>,
        reasoning: &Option<Sp<String>>,
        what: &str,
    ) {
        if grade.value == Grade::Inferred && blank(reasoning) {
            self.push(e0402_inferred_without_reasoning(grade.loc, what));
        }
    }

    /// Checks one `evidence:` map: known keys, each with a source and reasoning for `inferred`.
    pub(super) fn evidence_map(
        &mut self,
        map: &SpMap<Sp<EvidenceSpec>>,
        known: &[&str],
        section: &str,
    ) {
        self.unique(map.0.iter().map(|(k, _)| k), "evidence key", section);
        for (key, ev) in &map.0 {
            if !known.contains(&key.value.as_str()) {
                let known_s: Vec<String> = known.iter().map(|k| k.to_string()).collect();
                let suggestion = did_you_mean(&key.value, &known_s);
                self.push(e0403_unknown_evidence_key(key, section, known, suggestion));
                continue;
            }
            let e = &ev.value;
            if blank(&e.source) {
                self.push(e0401_evidence_without_source(e.grade.loc, &key.value));
            }
            self.reasoning_for(&e.grade, &e.reasoning, &format!("`{}`", key.value));
        }
    }

    /// A mapping that states a fact and grades it itself (`capabilities`, `command_element`,
    /// `wrapper`): the grade is required, with reasoning when inferred.
    pub(super) fn own_grade(
        &mut self,
        (grade, reasoning): (&Option<Sp<Grade>>, &Option<Sp<String>>),
        at: Loc,
        what: &str,
        example: &str,
    ) {
        match grade {
            None => self.push(e0404_no_grade(at, what, example)),
            Some(g) => self.reasoning_for(g, reasoning, what),
        }
    }

    // --- behaviour records -------------------------------------------------------------

    pub(super) fn hardware(&mut self, lh: &LoadedHardware) {
        let h = &lh.syntax;
        self.matches_place(
            &h.hardware,
            &lh.stem,
            "file name",
            format!(
                "rename the file to {}.yaml or set `hardware: {}`",
                h.hardware.value, lh.stem
            ),
        );
        self.unique(
            h.behaviours.iter().map(|b| &b.value.id),
            "behaviour id",
            "the behaviour records",
        );
        for b in &h.behaviours {
            self.behaviour(&b.value);
        }
    }

    fn behaviour(&mut self, b: &BehaviourSpec) {
        if BehaviourId::parse(&b.id.value).is_none() {
            let known: Vec<String> = BehaviourId::ALL
                .iter()
                .map(|b| b.as_str().to_string())
                .collect();
            let suggestion = did_you_mean(&b.id.value, &known);
            self.push(e0403_unknown_behaviour(&b.id, suggestion));
        }
        if blank(&b.source) {
            self.push(e0401_behaviour_without_source(b.grade.loc, &b.id.value));
        }
        self.reasoning_for(
            &b.grade,
            &b.reasoning,
            &format!("behaviour `{}`", b.id.value),
        );
        if let Some(q) = &b.question
            && !is_question_number(&q.value)
        {
            self.push(e0005_not_a_question_number(q));
        }
        self.unique(
            b.per_peripheral.iter().map(|p| &p.value.peripheral),
            "peripheral",
            &format!("`per_peripheral:` of `{}`", b.id.value),
        );
        for p in &b.per_peripheral {
            let p = &p.value;
            self.ident(&p.peripheral, "peripheral", Case::Lower);
            if blank(&p.source) {
                self.push(e0401_behaviour_without_source(
                    p.grade.loc,
                    &format!("{}` on `{}", b.id.value, p.peripheral.value),
                ));
            }
            self.reasoning_for(
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
            self.push(e0404_catalogue_incomplete(at, &missing));
        }
    }
}

fn e0005_not_a_question_number(q: &Sp<String>) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        q.loc,
        format!("`{}` is not a question number", q.value),
    )
    .label("expected `Q` and a number")
    .help("name the question of the record, e.g. `Q2`")
}

const SOURCE_FOR_A_GRADE: &str = "add `source:` naming the evidence (message-id, \
     repo@commit:path); an `unknown` grade cites where the question was left open";

fn e0401_evidence_without_source(grade: Loc, key: &str) -> Diagnostic {
    Diagnostic::new(
        Code::GradeWithoutSource,
        grade,
        format!("the grade of `{key}` has no `source:`"),
    )
    .label("graded on what?")
    .help(SOURCE_FOR_A_GRADE)
}

fn e0401_behaviour_without_source(grade: Loc, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::GradeWithoutSource,
        grade,
        format!("behaviour `{id}` has a grade but no `source:`"),
    )
    .label("graded on what?")
    .help(SOURCE_FOR_A_GRADE)
}

fn e0402_inferred_without_reasoning(grade: Loc, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InferredWithoutReasoning,
        grade,
        format!("{what} is graded `inferred` but says not why"),
    )
    .label("inferred from what?")
    .help(
        "add `reasoning:` with the argument (which sources, read how), or grade it \
         `unknown`",
    )
}

fn e0403_unknown_evidence_key(
    key: &Sp<String>,
    section: &str,
    known: &[&str],
    suggestion: Option<&str>,
) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownFact,
        key.loc,
        format!("`{}` is not a fact {section} grades", key.value),
    )
    .label("unknown evidence key")
    .help(format!(
        "{}keys here: {}",
        super::hint(suggestion),
        known.join(", ")
    ))
}

fn e0403_unknown_behaviour(id: &Sp<String>, suggestion: Option<&str>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownFact,
        id.loc,
        format!("`{}` is not a behaviour socgen knows", id.value),
    )
    .label("unknown behaviour id")
    .help(format!(
        "{}the ids are fixed in the generator (socgen::model::BehaviourId); \
         a new behaviour needs code that relies on it",
        super::hint(suggestion)
    ))
}

fn e0404_no_grade(at: Loc, what: &str, example: &str) -> Diagnostic {
    Diagnostic::new(Code::UngradedFact, at, format!("{what} has no `grade:`"))
        .label("how strong is the evidence?")
        .help(format!(
            "add `grade:` (documented, upstream, precedent, inferred or unknown; \
             socs/README.md says which is which), e.g. `{example}`"
        ))
}

fn e0404_catalogue_incomplete(at: Loc, missing: &[&str]) -> Diagnostic {
    Diagnostic::new(
        Code::UngradedFact,
        at,
        format!(
            "the behaviour record does not grade {}",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
    .label("behaviours the generator relies on are missing")
    .help(
        "add an entry per missing id (statement, grade, source; reasoning when \
         inferred); socs/hardware/bam.yaml grades them all",
    )
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
