//! Property tests of `Ring`, the queue behind a pipe's pending tickets and the crypto driver's
//! pending requests: random operation sequences against `VecDeque` as the model, for several
//! capacities (zero included), long enough to wrap the storage many times.
//!
//! Values are `Rc`s, and a `Weak` is kept for every value ever pushed, so the tests also see
//! what the ring holds on to: a popped, refused or cleared value must be gone from its storage,
//! not merely from its length.

use proptest::prelude::*;
use socgen_bam::Ring;
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

#[derive(Debug, Clone, Copy)]
enum Op {
    Push(u32),
    Pop,
    /// Adds to every value through `iter_mut` (and `front_mut` for the oldest).
    Bump(u32),
    Clear,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => any::<u32>().prop_map(Op::Push),
        5 => Just(Op::Pop),
        1 => any::<u32>().prop_map(Op::Bump),
        1 => Just(Op::Clear),
    ]
}

fn values<'a>(iter: impl Iterator<Item = &'a Rc<u32>>) -> Vec<u32> {
    iter.map(|v| **v).collect()
}

fn check<const N: usize>(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut ring: Ring<Rc<u32>, N> = Ring::new();
    let mut model: VecDeque<Rc<u32>> = VecDeque::new();
    let mut pushed: Vec<Weak<u32>> = Vec::new();
    for &op in ops {
        match op {
            Op::Push(v) => {
                let value = Rc::new(v);
                pushed.push(Rc::downgrade(&value));
                let full = model.len() == N;
                match ring.push(Rc::clone(&value)) {
                    // Capacity: refused exactly when full, and the value comes back.
                    Err(back) => {
                        prop_assert!(full, "refused with {} of {N}", model.len());
                        prop_assert!(Rc::ptr_eq(&back, &value));
                    }
                    Ok(()) => {
                        prop_assert!(!full, "accepted a value beyond capacity {N}");
                        model.push_back(value);
                    }
                }
            }
            Op::Pop => {
                let got = ring.pop();
                let want = model.pop_front();
                prop_assert_eq!(got.as_deref(), want.as_deref(), "FIFO order");
            }
            Op::Bump(by) => {
                if let Some(front) = ring.front_mut() {
                    *front = Rc::new(front.wrapping_add(by));
                }
                for v in ring.iter_mut().skip(1) {
                    *v = Rc::new(v.wrapping_add(by));
                }
                for v in model.iter_mut() {
                    *v = Rc::new(v.wrapping_add(by));
                }
            }
            Op::Clear => {
                ring.clear();
                model.clear();
            }
        }
        // The observable state matches the model after every step.
        prop_assert_eq!(ring.len(), model.len());
        prop_assert_eq!(ring.capacity(), N);
        prop_assert_eq!(ring.is_empty(), model.is_empty());
        prop_assert_eq!(ring.is_full(), model.len() >= N);
        prop_assert_eq!(ring.front().map(|v| **v), model.front().map(|v| **v));
        prop_assert_eq!(ring.back().map(|v| **v), model.back().map(|v| **v));
        prop_assert_eq!(values(ring.iter()), values(model.iter()));
        prop_assert_eq!(values(ring.iter().rev()), values(model.iter().rev()));
        // Whatever the model dropped, the ring dropped too: a value pushed and still queued
        // is owned by both (2); one popped, refused, cleared or replaced by Bump, by neither.
        // A 1 would be a value the ring kept in its storage after giving it up.
        for (i, w) in pushed.iter().enumerate() {
            let owners = w.strong_count();
            prop_assert!(owners == 0 || owners == 2, "value {i} has {owners} owners");
        }
    }
    // Dropping the model leaves the ring as the only owner of exactly its queued values.
    drop(model);
    let alive = pushed.iter().filter(|w| w.strong_count() > 0).count();
    prop_assert!(alive <= ring.len(), "{alive} alive, {} queued", ring.len());
    ring.clear();
    prop_assert!(
        pushed.iter().all(|w| w.strong_count() == 0),
        "clear drops all"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn capacity_zero(ops in prop::collection::vec(op(), 0..40)) {
        check::<0>(&ops)?;
    }

    #[test]
    fn capacity_one(ops in prop::collection::vec(op(), 0..200)) {
        check::<1>(&ops)?;
    }

    #[test]
    fn capacity_three(ops in prop::collection::vec(op(), 0..300)) {
        check::<3>(&ops)?;
    }

    #[test]
    fn capacity_sixteen(ops in prop::collection::vec(op(), 0..300)) {
        check::<16>(&ops)?;
    }
}

/// Deterministic wraparound: the storage index of the oldest value passes the end many times
/// while the ring stays full, so every slot is reused in turn.
#[test]
fn a_full_ring_keeps_fifo_order_across_many_wraps() {
    let mut ring: Ring<u32, 5> = Ring::new();
    for v in 0..5 {
        assert_eq!(ring.push(v), Ok(()));
    }
    for v in 5..1000 {
        assert_eq!(ring.push(v), Err(v));
        assert_eq!(ring.pop(), Some(v - 5));
        assert_eq!(ring.push(v), Ok(()));
        assert!(ring.iter().copied().eq(v - 4..=v));
    }
}
