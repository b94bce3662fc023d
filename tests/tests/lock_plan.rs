//! The lock plan the generated docs show (`socgen::emit::docs::lock_example`: which descriptor
//! carries LOCK, UNLOCK, EOT|NWD and INT, and where a dummy goes) is what the driver does
//! (`socgen_bam::Chain`), for both placements and every transaction of up to five own
//! descriptors; and so is the generator's lock plan (`socgen::lock_plan`), from which the docs,
//! the lock facts and the risk model derive. Change the driver's rule and they must follow, or
//! this fails.

use socgen::emit::docs::{Kind, lock_example};
use socgen::model::Placement as DocPlacement;
use socgen_bam::{Chain, Descriptor, LockPlan, Transaction, UnlockDummy};
use socgen_runtime::bam::Placement;

/// Where the dummies' elements live: any address the transaction's own buffers do not use.
const LOCK_BUS: u32 = 0x2000_0000;
const UNLOCK_BUS: u32 = 0x2000_0010;

fn transaction(own: &[Kind]) -> Transaction<8> {
    let mut t = Transaction::new();
    for (i, kind) in own.iter().enumerate() {
        let bus = 0x4000_0000 + (i as u32) * 0x1000;
        match kind {
            Kind::Cmd => t.commands(bus, 1).map(|_| ()),
            Kind::Data => t.data(bus, 64).map(|_| ()),
        }
        .expect("segment");
    }
    t
}

/// A descriptor in the docs' words: `dummy command + LOCK`, `data + EOT|NWD`.
fn describe(d: &Descriptor) -> String {
    let what = match (d.is_command(), d.addr()) {
        (true, LOCK_BUS | UNLOCK_BUS) => "dummy command",
        (true, _) => "command",
        (false, _) => "data",
    };
    let flags: Vec<&str> = [
        (d.locks(), "LOCK"),
        (d.unlocks(), "UNLOCK"),
        (d.has(socgen_bam::descriptor::FLAG_EOT), "EOT"),
        (d.has(socgen_bam::descriptor::FLAG_NWD), "NWD"),
        (d.has(socgen_bam::descriptor::FLAG_INT), "INT"),
    ]
    .iter()
    .filter(|(set, _)| *set)
    .map(|(_, name)| *name)
    .collect();
    if flags.is_empty() {
        what.to_string()
    } else {
        format!("{what} + {}", flags.join("|"))
    }
}

/// Every sequence of `Cmd`/`Data` of length 1 to `max`.
fn shapes(max: usize) -> Vec<Vec<Kind>> {
    let mut all = Vec::new();
    for len in 1..=max {
        for bits in 0..(1u32 << len) {
            all.push(
                (0..len)
                    .map(|i| {
                        if bits & (1 << i) != 0 {
                            Kind::Cmd
                        } else {
                            Kind::Data
                        }
                    })
                    .collect(),
            );
        }
    }
    all
}

#[test]
fn the_documented_lock_plan_is_the_drivers_chain_for_every_shape() {
    let mut checked = 0;
    for (doc, placement) in [
        (DocPlacement::Wrap, Placement::Wrap),
        (DocPlacement::Merge, Placement::Merge),
    ] {
        let plan = LockPlan::Locked {
            ce_bus: LOCK_BUS,
            unlock: UnlockDummy::element(UNLOCK_BUS),
            placement,
        };
        for own in shapes(5) {
            let t = transaction(&own);
            let chain: Vec<String> = Chain::new(t.segments(), plan)
                .map(|d| describe(&d))
                .collect();
            assert_eq!(chain, lock_example(doc, &own), "{placement:?} {own:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * (2 + 4 + 8 + 16 + 32));
}

/// The generator's lock plan (`socgen::lock_plan::plan`, which the docs, the lock facts and the
/// risk model derive from) puts LOCK and UNLOCK where the driver's chain does: on a dummy, or on
/// the transaction's own first and last command descriptor.
#[test]
fn the_generators_lock_plan_is_the_drivers_chain_for_every_shape() {
    use socgen::lock_plan::{Shape, plan};
    for (doc, placement) in [
        (DocPlacement::Wrap, Placement::Wrap),
        (DocPlacement::Merge, Placement::Merge),
    ] {
        let locked = LockPlan::Locked {
            ce_bus: LOCK_BUS,
            unlock: UnlockDummy::element(UNLOCK_BUS),
            placement,
        };
        for own in shapes(5) {
            let chain: Vec<Descriptor> = Chain::new(transaction(&own).segments(), locked).collect();
            let dummy =
                |d: &Descriptor| d.is_command() && matches!(d.addr(), LOCK_BUS | UNLOCK_BUS);
            let lock = chain.iter().find(|d| d.locks()).expect("a LOCK");
            let unlock = chain.iter().find(|d| d.unlocks()).expect("an UNLOCK");
            let want = plan(
                doc,
                Shape {
                    starts_with_command: own[0] == Kind::Cmd,
                    ends_with_command: own[own.len() - 1] == Kind::Cmd,
                    single: own.len() == 1,
                },
            );
            assert_eq!(
                dummy(lock),
                want.lock_on_dummy,
                "{placement:?} {own:?}: LOCK"
            );
            assert_eq!(
                dummy(unlock),
                want.unlock_on_dummy,
                "{placement:?} {own:?}: UNLOCK"
            );
            // Not on a dummy: on the transaction's own first / last descriptor.
            if !want.lock_on_dummy {
                assert_eq!(chain.first().map(|d| d.locks()), Some(true), "{own:?}");
            }
            if !want.unlock_on_dummy {
                assert_eq!(chain.last().map(|d| d.unlocks()), Some(true), "{own:?}");
            }
        }
    }
}
