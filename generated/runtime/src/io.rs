//! Register I/O: the [`Io`] trait and its MMIO implementation.

/// 32-bit register access at byte offsets inside one instance's register window.
///
/// Generated handles only pass offsets that the generator checked against the instance size, so
/// an implementation never sees an offset outside the window from generated code. Implementations
/// must still be sound for any offset: [`Mmio`] ignores out-of-window accesses (reads give 0)
/// rather than touching memory it was not given.
pub trait Io {
    /// Reads the 32-bit register at `offset` bytes from the window base.
    fn read32(&self, offset: usize) -> u32;
    /// Writes `value` to the 32-bit register at `offset` bytes from the window base.
    fn write32(&self, offset: usize, value: u32);
}

impl<T: Io + ?Sized> Io for &T {
    #[inline(always)]
    fn read32(&self, offset: usize) -> u32 {
        (**self).read32(offset)
    }
    #[inline(always)]
    fn write32(&self, offset: usize, value: u32) {
        (**self).write32(offset, value)
    }
}

/// A window of `SIZE` bytes of memory-mapped device registers.
///
/// Accesses are volatile and go through raw pointers: no `&` or `&mut` to device memory is ever
/// formed, so the compiler may not invent, merge or elide accesses. The window size is a const
/// parameter so that the in-window check on a constant offset folds away.
#[derive(Debug)]
pub struct Mmio<const SIZE: usize> {
    base: *mut u32,
}

impl<const SIZE: usize> Mmio<SIZE> {
    /// Makes a handle on the register window at `base`.
    ///
    /// # Safety
    ///
    /// The caller guarantees, for as long as the handle (or any copy of `base`) is used:
    /// - `base` is 4-byte aligned and `base..base + SIZE` is mapped device memory (or memory
    ///   standing in for it) that may be accessed with 32-bit volatile loads and stores;
    /// - those registers belong to the block revision the handle is used with (the generated
    ///   per-SoC constants give the right base and size for each instance);
    /// - no other code relies on the registers keeping their values between accesses made
    ///   through this handle (two handles on one window are allowed: every access is volatile,
    ///   but coordinating them is the caller's job, as with any shared device).
    #[inline(always)]
    pub const unsafe fn new(base: usize) -> Self {
        Mmio {
            base: base as *mut u32,
        }
    }

    /// The base address this window was made from.
    #[inline(always)]
    pub fn base(&self) -> usize {
        self.base as usize
    }

    #[inline(always)]
    fn in_window(offset: usize) -> bool {
        is_multiple_of(offset, 4) && matches!(SIZE.checked_sub(offset), Some(room) if room >= 4)
    }
}

/// `value.is_multiple_of(rhs)`, which needs Rust 1.87; this crate builds with 1.85 (Debian's
/// `rustc-web`, what kernel trees build with). Same result, including `rhs == 0`.
#[inline(always)]
const fn is_multiple_of(value: usize, rhs: usize) -> bool {
    match value.checked_rem(rhs) {
        Some(rest) => rest == 0,
        None => value == 0,
    }
}

impl<const SIZE: usize> Io for Mmio<SIZE> {
    #[inline(always)]
    fn read32(&self, offset: usize) -> u32 {
        if !Self::in_window(offset) {
            return 0;
        }
        // SAFETY: `offset` is 4-aligned and inside `SIZE`, and `new`'s contract says the whole
        // window is mapped, aligned device memory valid for 32-bit volatile access.
        unsafe { self.base.byte_add(offset).read_volatile() }
    }

    #[inline(always)]
    fn write32(&self, offset: usize, value: u32) {
        if !Self::in_window(offset) {
            return;
        }
        // SAFETY: as for `read32`.
        unsafe { self.base.byte_add(offset).write_volatile(value) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mmio_reads_and_writes_through_the_window_only() {
        let mut regs = [0u32; 4];
        let io = unsafe { Mmio::<16>::new(regs.as_mut_ptr() as usize) };
        io.write32(4, 0xdead_beef);
        io.write32(16, 1); // outside: ignored
        io.write32(2, 1); // misaligned: ignored
        assert_eq!(io.read32(4), 0xdead_beef);
        assert_eq!(io.read32(16), 0);
        assert_eq!(regs, [0, 0xdead_beef, 0, 0]);
    }
}
