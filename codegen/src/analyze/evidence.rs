//! The lock-evidence rules (W0310-W0314), after lowering: per SoC lock section, every
//! behaviour [`super::risk::reliances`] finds on its descriptors whose grade leaves the
//! contradicting hardware variant open, at the YAML key that chose it (from the model's
//! [`Origins`]), with the evidence and the fix. With `strict: true` in the lock section they
//! are errors.

use super::risk::Reliance;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::Model;
use crate::origins::Origins;
use crate::source::Loc;

/// Every lock-evidence diagnostic of the model.
pub fn lock_evidence(model: &Model, origins: &Origins) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for soc in &model.socs {
        let (Some(lock), Some(keys)) = (&soc.lock, origins.soc(&soc.name).and_then(|o| o.lock))
        else {
            continue;
        };
        for r in super::risk::risks(model, soc, lock) {
            // The key that chose the element carrying the behaviour, and the one that shares
            // the blame: UNLOCK timing is the placement's, the others the dummy's.
            let places = match (r.code, keys.unlock_access) {
                (Code::UnlockTimingOpen, _) => (keys.placement, (keys.dummy, "dummy chosen here")),
                (Code::UnlockElementOpen | Code::UnlockOnReadOpen, Some(at)) => {
                    (at, (keys.placement, "placement chosen here"))
                }
                _ => (keys.dummy, (keys.placement, "placement chosen here")),
            };
            out.push(w0310_w0313_lock_evidence(
                places,
                &soc.name,
                &r,
                keys.strict,
            ));
        }
    }
    out
}

/// W0310-W0314 (the code comes from [`super::risk::risks`]): a lock setup unsafe under a
/// hardware variant its evidence leaves open. `at` is the key that chose the carrying
/// element, `other` the key that shares the blame.
fn w0310_w0313_lock_evidence(
    (at, other): (Loc, (Loc, &str)),
    soc: &str,
    r: &Reliance,
    strict: Option<Loc>,
) -> Diagnostic {
    let source = if r.source.trim().is_empty() {
        "no source".to_string()
    } else {
        r.source.trim().to_string()
    };
    let mut d = Diagnostic::new(
        r.code,
        at,
        format!(
            "the lock setup of `{soc}` is unsafe if the hardware behaves as `{}`: `{}` is only \
             graded `{}`",
            r.variant,
            r.subject.name(),
            r.grade.as_str()
        ),
    )
    .label(format!(
        "{}; under that variant {}",
        r.carried_by, r.consequence
    ))
    .related(other.0, other.1);
    if let Some(s) = strict {
        d = d.related(s, "`strict: true` makes this an error").denied();
    }
    d.help(format!(
        "to make it safe, {}. Evidence: `{}` is `{}` (source: {source}); a variant is ruled \
         out only by `precedent` or better. The experiment that settles it is {} in \
         docs/HARDWARE-VALIDATION.md#{}",
        r.fix,
        r.subject.name(),
        r.grade.as_str(),
        r.question,
        super::risk::question_anchor(r.question)
    ))
}
