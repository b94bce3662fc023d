//! The lock plan: which descriptors of a locked transaction carry LOCK and UNLOCK, for a
//! placement and a transaction's shape. This is socgen-bam's `Chain` rule stated once for the
//! generator: the generated docs (`emit::docs::lock_example`), the facts a lock setup rests on
//! (`lower`'s lock facts) and the behaviours it relies on (`analyze::risk::reliances`) all derive from
//! it, and `tests/tests/lock_plan.rs` holds it equal to what `Chain` emits for every shape.

use crate::analyze::risk::ClientShapes;
use crate::model::Placement;

/// What one transaction looks like to the lock plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Its first own descriptor is a command descriptor.
    pub starts_with_command: bool,
    /// Its last own descriptor is a command descriptor.
    pub ends_with_command: bool,
    /// It is one descriptor only.
    pub single: bool,
}

/// Where LOCK and UNLOCK go in one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// LOCK rides on a dummy command descriptor before the transaction (else on its own first
    /// command descriptor).
    pub lock_on_dummy: bool,
    /// UNLOCK rides on a dummy command descriptor after the transaction (else on its own last
    /// command descriptor).
    pub unlock_on_dummy: bool,
}

/// The plan for one transaction. `Wrap` puts both flags on dummies. `Merge` puts LOCK on the
/// transaction's own first descriptor when that is a command descriptor and UNLOCK on its own
/// last when that is a command descriptor other than the one carrying LOCK (the flags never
/// share a descriptor), and falls back to a dummy otherwise.
pub fn plan(placement: Placement, shape: Shape) -> Plan {
    match placement {
        Placement::Wrap => Plan {
            lock_on_dummy: true,
            unlock_on_dummy: true,
        },
        Placement::Merge => {
            let unlock_on_own =
                shape.ends_with_command && !(shape.starts_with_command && shape.single);
            Plan {
                lock_on_dummy: !shape.starts_with_command,
                unlock_on_dummy: !unlock_on_own,
            }
        }
    }
}

/// Which flags of a client's transactions ride on dummies and which on its own command
/// descriptors, over every shape the client's transactions may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientPlan {
    /// Some transaction's LOCK rides on a dummy.
    pub lock_dummy: bool,
    /// Some transaction's UNLOCK rides on a dummy.
    pub unlock_dummy: bool,
    /// Some transaction's LOCK rides on its own first command descriptor.
    pub lock_own: bool,
    /// Some transaction's UNLOCK rides on its own last command descriptor.
    pub unlock_own: bool,
}

/// Every shape a client with `shapes` may submit: a transaction starts with data or not, ends
/// with data (or is one command descriptor) or with its own command descriptor.
fn client_shapes(shapes: &ClientShapes) -> Vec<Shape> {
    let mut out = Vec::new();
    for starts_with_command in [true, false] {
        if !starts_with_command && !shapes.start_with_data {
            continue;
        }
        if shapes.end_with_data {
            out.push(Shape {
                starts_with_command,
                ends_with_command: false,
                single: false,
            });
            if starts_with_command {
                out.push(Shape {
                    starts_with_command,
                    ends_with_command: true,
                    single: true,
                });
            }
        }
        if shapes.end_with_commands {
            out.push(Shape {
                starts_with_command,
                ends_with_command: true,
                single: false,
            });
        }
    }
    out
}

/// The union of [`plan`] over every shape the client may submit.
pub fn for_client(placement: Placement, shapes: &ClientShapes) -> ClientPlan {
    let plans: Vec<Plan> = client_shapes(shapes)
        .into_iter()
        .map(|s| plan(placement, s))
        .collect();
    ClientPlan {
        lock_dummy: plans.iter().any(|p| p.lock_on_dummy),
        unlock_dummy: plans.iter().any(|p| p.unlock_on_dummy),
        lock_own: plans.iter().any(|p| !p.lock_on_dummy),
        unlock_own: plans.iter().any(|p| !p.unlock_on_dummy),
    }
}

/// In words, which transactions of any client have LOCK on a dummy under `placement`.
pub fn lock_dummy_when(placement: Placement) -> &'static str {
    match placement {
        Placement::Wrap => "every transaction",
        Placement::Merge => "a transaction that starts with data",
    }
}

/// In words, which transactions of any client have UNLOCK on a dummy under `placement`.
pub fn unlock_dummy_when(placement: Placement) -> &'static str {
    match placement {
        Placement::Wrap => "every transaction",
        Placement::Merge => "a transaction that ends with data or is one command descriptor",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(first: bool, last: bool, single: bool) -> Shape {
        Shape {
            starts_with_command: first,
            ends_with_command: last,
            single,
        }
    }

    /// The words agree with the rule: a dummy exactly in the shapes they name.
    #[test]
    fn the_words_name_exactly_the_shapes_with_dummies() {
        let shapes = [
            (shape(true, true, false), "commands only"),
            (shape(true, true, true), "one command descriptor"),
            (shape(true, false, false), "commands then data"),
            (shape(false, true, false), "data then commands"),
            (shape(false, false, false), "data only"),
        ];
        for (s, what) in shapes {
            let p = plan(Placement::Merge, s);
            assert_eq!(p.lock_on_dummy, !s.starts_with_command, "{what}");
            let ends_with_data_or_single = !s.ends_with_command || s.single;
            assert_eq!(p.unlock_on_dummy, ends_with_data_or_single, "{what}");
            let w = plan(Placement::Wrap, s);
            assert!(w.lock_on_dummy && w.unlock_on_dummy, "{what}");
        }
        assert_eq!(lock_dummy_when(Placement::Wrap), "every transaction");
    }

    /// socgen's QCE driver opens with its own commands and ends with data: under merge LOCK is
    /// its own and UNLOCK a dummy; a client socgen does not drive may take every shape.
    #[test]
    fn client_plans() {
        let qce = for_client(Placement::Merge, &ClientShapes::QCE);
        assert_eq!(
            qce,
            ClientPlan {
                lock_dummy: false,
                unlock_dummy: true,
                lock_own: true,
                unlock_own: false,
            }
        );
        let any = for_client(Placement::Merge, &ClientShapes::ANY);
        assert!(any.lock_dummy && any.unlock_dummy && any.lock_own && any.unlock_own);
        let wrap = for_client(Placement::Wrap, &ClientShapes::ANY);
        assert!(wrap.lock_dummy && wrap.unlock_dummy && !wrap.lock_own && !wrap.unlock_own);
    }
}
