//! A fixed-capacity FIFO queue without a heap: the one ring the drivers keep their in-flight
//! bookkeeping in (a pipe's pending tickets, the crypto driver's pending requests).
//!
//! It is not the descriptor FIFO itself: that lives in DMA memory, and its positions are
//! the hardware's. This ring holds software records only.

/// Up to `N` values of `T` in first-in, first-out order, stored inline.
///
/// Invariants, kept by every method and checked by the property tests
/// (`tests/ring.rs`, against `VecDeque`):
///
/// - `first < N` (or `first == 0` when `N == 0`) and `len <= N`;
/// - the slots `first, first + 1, ... (mod N)`, `len` of them, hold `Some`; every other slot
///   holds `None`.
///
/// So the live values, read in storage order starting at `first` and wrapping around, are
/// exactly the queue from oldest to newest, and no value is ever reachable twice or left
/// behind after [`pop`](Self::pop) or [`clear`](Self::clear). `push` on a full ring hands
/// the value back instead of overwriting the oldest: the callers are completion queues,
/// where losing an entry would lose a completion.
///
/// Nothing panics and nothing allocates; `N == 0` gives a ring that is always full and
/// empty at once.
///
/// ```
/// use socgen_bam::Ring;
///
/// let mut ring: Ring<u32, 2> = Ring::new();
/// assert_eq!(ring.push(1), Ok(()));
/// assert_eq!(ring.push(2), Ok(()));
/// assert_eq!(ring.push(3), Err(3));
/// assert_eq!(ring.pop(), Some(1));
/// assert_eq!(ring.push(3), Ok(()));
/// assert!(ring.iter().copied().eq([2, 3]));
/// ```
#[derive(Debug, Clone)]
pub struct Ring<T, const N: usize> {
    slots: [Option<T>; N],
    /// Storage index of the oldest value.
    first: usize,
    len: usize,
}

impl<T, const N: usize> Default for Ring<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T, const N: usize> Ring<T, N> {
    /// An empty ring.
    pub const fn new() -> Self {
        Ring {
            slots: [const { None }; N],
            first: 0,
            len: 0,
        }
    }

    /// The most values the ring holds (`N`).
    pub const fn capacity(&self) -> usize {
        N
    }

    /// Values held.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether no value is held.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether [`push`](Self::push) would refuse.
    pub const fn is_full(&self) -> bool {
        self.len >= N
    }

    /// The storage index `nth` places after the oldest, for `nth <= N`: wraps by
    /// subtracting rather than by `%`, so neither overflow nor a zero divisor can occur.
    const fn index(&self, nth: usize) -> usize {
        let to_end = N.saturating_sub(self.first);
        if nth < to_end {
            self.first.saturating_add(nth)
        } else {
            nth.saturating_sub(to_end)
        }
    }

    /// Appends `value` as the newest, or hands it back if the ring is full.
    pub fn push(&mut self, value: T) -> Result<(), T> {
        if self.is_full() {
            return Err(value);
        }
        let at = self.index(self.len);
        match self.slots.get_mut(at) {
            Some(slot) => {
                *slot = Some(value);
                self.len = self.len.saturating_add(1);
                Ok(())
            }
            // Not reached: `len < N` makes the index a valid slot.
            None => Err(value),
        }
    }

    /// Removes and returns the oldest value.
    pub fn pop(&mut self) -> Option<T> {
        if self.is_empty() {
            return None;
        }
        let value = self.slots.get_mut(self.first)?.take();
        self.first = self.index(1);
        self.len = self.len.saturating_sub(1);
        value
    }

    /// The oldest value.
    pub fn front(&self) -> Option<&T> {
        if self.is_empty() {
            return None;
        }
        self.slots.get(self.first)?.as_ref()
    }

    /// The oldest value, mutably.
    pub fn front_mut(&mut self) -> Option<&mut T> {
        if self.is_empty() {
            return None;
        }
        self.slots.get_mut(self.first)?.as_mut()
    }

    /// The newest value.
    pub fn back(&self) -> Option<&T> {
        let last = self.len.checked_sub(1)?;
        self.slots.get(self.index(last))?.as_ref()
    }

    /// The values from oldest to newest.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        // Storage order from `first`, wrapping, is queue order; free slots are `None`.
        let (older, newer) = self
            .slots
            .split_at_checked(self.first)
            .unwrap_or((&[], &[]));
        newer.iter().chain(older).flatten()
    }

    /// The values from oldest to newest, mutably.
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut T> {
        let (older, newer) = self
            .slots
            .split_at_mut_checked(self.first)
            .unwrap_or((&mut [], &mut []));
        newer.iter_mut().chain(older).flatten()
    }

    /// Drops every value, keeping the capacity.
    pub fn clear(&mut self) {
        while self.pop().is_some() {}
        self.first = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::Ring;

    #[test]
    fn wraps_around_in_fifo_order() {
        let mut ring: Ring<u8, 3> = Ring::new();
        for round in 0u8..10 {
            assert_eq!(ring.push(round), Ok(()));
            assert_eq!(ring.push(round.wrapping_add(100)), Ok(()));
            assert_eq!(ring.pop(), Some(round));
            assert_eq!(ring.back(), Some(&round.wrapping_add(100)));
            assert_eq!(ring.pop(), Some(round.wrapping_add(100)));
            assert!(ring.is_empty());
        }
    }

    #[test]
    fn a_zero_capacity_ring_refuses_everything() {
        let mut ring: Ring<u8, 0> = Ring::new();
        assert!(ring.is_full() && ring.is_empty());
        assert_eq!(ring.push(7), Err(7));
        assert_eq!((ring.pop(), ring.front(), ring.back()), (None, None, None));
        assert_eq!(ring.iter().count(), 0);
    }
}
