//! The lock setups the matrix and the explorer run: every bundled SoC's `Lock` (every SoC of
//! `qcom-socs` with a lock section), and each placement x dummy kind the runtime can express,
//! built as const-generic wrappers over the SoC's target (as `harness::Secure` moves it to the
//! secure side).

use crate::explore::{Case, Exploration};
use crate::harness::Engine;
use crate::matrix::{CellResult, Counts, Verdict};
use socgen_runtime::CeAddr;
use socgen_runtime::bam::{
    DummyAccess, DummyElement, LockTarget, LockTargetSpec, Placement, UnlockWith,
};
use socgen_sim::Hardware;
use std::marker::PhantomData;

/// SoC target `T` with its placement and dummy replaced: `WRAP` (else merge), `WRITE` (a
/// dummy write of 0 to the scratchpad, else a read); UNLOCK rides on the same dummy.
pub struct Shaped<T, const WRAP: bool, const WRITE: bool>(PhantomData<T>);

impl<T: LockTargetSpec, const WRAP: bool, const WRITE: bool> LockTargetSpec
    for Shaped<T, WRAP, WRITE>
{
    type Revision = T::Revision;
    const TARGET: LockTarget = LockTarget {
        placement: if WRAP {
            Placement::Wrap
        } else {
            Placement::Merge
        },
        dummy: if WRITE {
            DummyAccess::Write(0)
        } else {
            DummyAccess::Read
        },
        ..T::TARGET
    };
    const UNLOCK: UnlockWith = UnlockWith::LockDummy;
}

/// `CRYPTO_CONFIG_RESET` in vendor qce50.c: the value its unlock descriptor writes to CONFIG.
pub const CONFIG_RESET: u32 = 0xE01EF;

/// The vendor QCE driver's setup on SoC target `T` (crypto 5.3 and later): LOCK on the
/// transaction's own first command descriptor (merge), UNLOCK on a separate command descriptor
/// whose element writes CONFIG's reset value (vendor qce50.c `unlock_all_pipes`). `CONFIG` is
/// the command-element address of the SoC's QCE `CONFIG`, from the generated builders.
pub struct VendorUnlock<T, const CONFIG: u32>(PhantomData<T>);

impl<T: LockTargetSpec, const CONFIG: u32> LockTargetSpec for VendorUnlock<T, CONFIG> {
    type Revision = T::Revision;
    const TARGET: LockTarget = LockTarget {
        placement: Placement::Merge,
        dummy: DummyAccess::Read,
        ..T::TARGET
    };
    const UNLOCK: UnlockWith = UnlockWith::Element(DummyElement {
        register: CeAddr::new_const::<CONFIG>(),
        access: DummyAccess::Write(CONFIG_RESET),
    });
}

/// The vendor QCE driver's setup below crypto 5.3 on SoC target `T`: merge, and UNLOCK on a
/// command descriptor with no element (vendor qce50.c `_qce_unlock_other_pipes`).
pub struct EmptyUnlock<T>(PhantomData<T>);

impl<T: LockTargetSpec> LockTargetSpec for EmptyUnlock<T> {
    type Revision = T::Revision;
    const TARGET: LockTarget = LockTarget {
        placement: Placement::Merge,
        dummy: DummyAccess::Read,
        ..T::TARGET
    };
    const UNLOCK: UnlockWith = UnlockWith::NoElement;
}

/// What a setup's UNLOCK rides on where it needs a dummy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unlock {
    /// The lock dummy.
    LockDummy,
    /// A write of CONFIG's reset value ([`VendorUnlock`]).
    ConfigReset,
    /// A command descriptor with no element ([`EmptyUnlock`]).
    Empty,
}

/// A placement x dummy kind x unlock element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shape {
    /// Wrap (dummy LOCK and UNLOCK descriptors) or merge (the flags on the transaction's own
    /// command descriptors).
    pub wrap: bool,
    /// A dummy write of 0 to the scratchpad (else a read of it).
    pub write: bool,
    /// What a dummy UNLOCK carries.
    pub unlock: Unlock,
}

impl Shape {
    /// Every shape, in table order: wrap + read (socgen's first choice), the Linux series
    /// (wrap + write 0), the vendor NAND pattern (merge + read: LOCK on the client's own write,
    /// UNLOCK on a read), merge + write 0, and the vendor QCE patterns (merge + CONFIG unlock
    /// from crypto 5.3 on, merge + empty unlock below).
    pub const ALL: [Shape; 6] = [
        Shape::new(true, false),
        Shape::new(true, true),
        Shape::new(false, false),
        Shape::new(false, true),
        Shape {
            wrap: false,
            write: false,
            unlock: Unlock::ConfigReset,
        },
        Shape {
            wrap: false,
            write: false,
            unlock: Unlock::Empty,
        },
    ];

    /// A shape whose UNLOCK rides on the lock dummy.
    pub const fn new(wrap: bool, write: bool) -> Shape {
        Shape {
            wrap,
            write,
            unlock: Unlock::LockDummy,
        }
    }

    /// The shape of lock target `T`.
    pub fn of<T: LockTargetSpec>() -> Shape {
        Shape {
            wrap: T::TARGET.placement == Placement::Wrap,
            write: matches!(T::TARGET.dummy, DummyAccess::Write(_)),
            unlock: match T::UNLOCK {
                UnlockWith::LockDummy => Unlock::LockDummy,
                UnlockWith::NoElement => Unlock::Empty,
                UnlockWith::Element(DummyElement {
                    access: DummyAccess::Write(CONFIG_RESET),
                    ..
                }) => Unlock::ConfigReset,
                UnlockWith::Element(other) => panic!("no shape unlocks with {other:?}"),
            },
        }
    }

    /// `wrap + read`, `merge + write 0`...
    pub fn name(self) -> &'static str {
        match (self.wrap, self.write, self.unlock) {
            (false, _, Unlock::ConfigReset) => "merge + CONFIG unlock",
            (true, _, Unlock::ConfigReset) => "wrap + CONFIG unlock",
            (false, _, Unlock::Empty) => "merge + empty unlock",
            (true, _, Unlock::Empty) => "wrap + empty unlock",
            (true, false, _) => "wrap + read",
            (true, true, _) => "wrap + write 0",
            (false, false, _) => "merge + read",
            (false, true, _) => "merge + write 0",
        }
    }
}

/// [`crate::matrix::run_cell`] for one setup type.
pub type CellFn = fn(&Setup, Hardware, &Counts) -> CellResult;
/// [`crate::explore::explore`] for one setup type.
pub type ExploreFn = fn(&Setup, Hardware, Case) -> Exploration;
/// [`crate::explore::replay_schedule`] for one setup type.
pub type ReplayFn = fn(&Setup, Hardware, Case, &[Option<u32>]) -> Option<Verdict>;

/// One lock setup: a SoC's target in one shape, with the functions that run it (monomorphised
/// for its `LockTargetSpec`).
#[derive(Clone, Copy)]
pub struct Setup {
    /// The SoC.
    pub soc: &'static str,
    /// The shape.
    pub shape: Shape,
    /// Whether this is the shape the SoC's YAML chose.
    pub bundled: bool,
    /// The target.
    pub target: LockTarget,
    /// The SoC's engine.
    pub engine: Engine,
    /// Runs the matrix suites on this setup (see [`crate::matrix::run_cell`]).
    pub cell: CellFn,
    /// Explores every interleaving of a small case (see [`crate::explore::explore`]).
    pub explore: ExploreFn,
    /// Replays a schedule (see [`crate::explore::replay_schedule`]).
    pub replay: ReplayFn,
}

impl Setup {
    /// `sm8550 merge + read`.
    pub fn name(&self) -> String {
        format!("{} {}", self.soc, self.shape.name())
    }
}

fn setup<T: LockTargetSpec + 'static>(soc: &'static str, engine: Engine, bundled: Shape) -> Setup {
    Setup {
        soc,
        shape: Shape::of::<T>(),
        bundled: Shape::of::<T>() == bundled,
        target: T::TARGET,
        engine,
        cell: crate::matrix::run_cell::<T>,
        explore: crate::explore::explore::<T>,
        replay: crate::explore::replay_schedule::<T>,
    }
}

macro_rules! soc_setups {
    ($($soc:ident),* $(,)?) => {
        /// Every bundled SoC with a lock section, in name order.
        pub const SOCS: &[&str] = &[$(stringify!($soc)),*];

        /// The six shapes of SoC `soc`'s target (its own first), or `None` if it has none.
        pub fn of_soc(soc: &str) -> Option<Vec<Setup>> {
            match soc {
                $(stringify!($soc) => {
                    type T = qcom_socs::$soc::Lock;
                    let engine = crate::engine!($soc);
                    let own = Shape::of::<T>();
                    const CONFIG: u32 = qcom_socs::$soc::crypto::COMMANDS
                        .write_config(qcom_socs::blocks::qce::v5::Config::from_bits(CONFIG_RESET))
                        .address()
                        .get();
                    let mut all = vec![
                        setup::<Shaped<T, true, false>>(stringify!($soc), engine, own),
                        setup::<Shaped<T, true, true>>(stringify!($soc), engine, own),
                        setup::<Shaped<T, false, false>>(stringify!($soc), engine, own),
                        setup::<Shaped<T, false, true>>(stringify!($soc), engine, own),
                        setup::<VendorUnlock<T, CONFIG>>(stringify!($soc), engine, own),
                        setup::<EmptyUnlock<T>>(stringify!($soc), engine, own),
                    ];
                    all.sort_by_key(|s| !s.bundled);
                    Some(all)
                })*
                _ => None,
            }
        }
    };
}

// `hardware_matrix.rs` holds this list to the catalogue (every SoC file with a lock section).
soc_setups!(
    ipq4019, ipq5018, ipq6018, ipq8074, ipq9574, msm8996, qcm2290, qcs8300, sa8155p, sa8775p,
    sc7280, sdm845, sm4250, sm6115, sm6150, sm6350, sm7225, sm8150, sm8250, sm8350, sm8450, sm8550,
    sm8650, sm8750, x1e80100, x1p42100,
);

/// Every setup: each SoC's six shapes, its own first.
pub fn all() -> Vec<Setup> {
    SOCS.iter()
        .flat_map(|soc| of_soc(soc).unwrap_or_default())
        .collect()
}
