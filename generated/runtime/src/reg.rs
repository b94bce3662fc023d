//! Typed register access: a register's value type, its access, and where it is.

use super::{Io, ReadOnly, ReadWrite, WriteOnly};
use core::marker::PhantomData;

/// A register value type: a plain `Copy` wrapper over the 32 register bits.
///
/// Implemented by every generated value type.
pub trait RegValue: Copy {
    /// Bits of write-1-to-clear fields. `write` and `modify` never set them, so a
    /// read-modify-write cannot clear a status bit by accident; [`Reg::clear`] sets only them.
    const W1C_MASK: u32;
    /// The value from raw bits.
    fn from_bits(bits: u32) -> Self;
    /// The raw bits.
    fn to_bits(self) -> u32;
}

/// How a generated value type converts, said once: its `const fn from_bits`/`to_bits` are named
/// here rather than restated, and every `Bits` type is a [`RegValue`].
pub trait Bits: Copy {
    /// Bits of write-1-to-clear fields (see [`RegValue::W1C_MASK`]).
    const W1C_MASK: u32;
    /// The type's `from_bits`.
    const FROM_BITS: fn(u32) -> Self;
    /// The type's `to_bits`.
    const TO_BITS: fn(Self) -> u32;
}

impl<T: Bits> RegValue for T {
    const W1C_MASK: u32 = <T as Bits>::W1C_MASK;
    #[inline(always)]
    fn from_bits(bits: u32) -> Self {
        (T::FROM_BITS)(bits)
    }
    #[inline(always)]
    fn to_bits(self) -> u32 {
        (T::TO_BITS)(self)
    }
}

/// The value of a register without fields: its 32 bits, nothing to name, check or mask.
///
/// Generated code gives such registers a type alias of `Word` instead of a type of their own.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Word(u32);

impl Word {
    /// All bits zero.
    pub const ZERO: Self = Self(0);
    /// The value of raw register bits.
    #[inline]
    pub const fn from_bits(bits: u32) -> Self {
        Self(bits)
    }
    /// The raw register bits.
    #[inline]
    pub const fn to_bits(self) -> u32 {
        self.0
    }
}

impl Bits for Word {
    const W1C_MASK: u32 = 0;
    const FROM_BITS: fn(u32) -> Self = Self::from_bits;
    const TO_BITS: fn(Self) -> u32 = Self::to_bits;
}

impl core::fmt::Debug for Word {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Word({:#010x})", self.0)
    }
}

/// Access that allows reading: [`ReadOnly`] and [`ReadWrite`].
pub trait Readable {}
/// Access that allows writing: [`WriteOnly`] and [`ReadWrite`].
pub trait Writable {}
impl Readable for ReadOnly {}
impl Readable for ReadWrite {}
impl Writable for WriteOnly {}
impl Writable for ReadWrite {}

/// One register of one instance: an offset in an [`Io`] window, typed by its value and access.
///
/// Made by generated handles; which methods exist depends on the access: a read-only register
/// has no `write`, a write-only one no `read`.
pub struct Reg<'a, I: ?Sized, T, A> {
    io: &'a I,
    offset: usize,
    _value: PhantomData<(T, A)>,
}

impl<'a, I: Io + ?Sized, T: RegValue, A> Reg<'a, I, T, A> {
    /// The register at `offset` in `io`'s window.
    #[inline(always)]
    pub fn new(io: &'a I, offset: usize) -> Self {
        Reg {
            io,
            offset,
            _value: PhantomData,
        }
    }

    /// Its offset from the instance base.
    #[inline(always)]
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl<I: Io + ?Sized, T: RegValue, A: Readable> Reg<'_, I, T, A> {
    /// Reads the register.
    #[inline(always)]
    pub fn read(&self) -> T {
        T::from_bits(self.io.read32(self.offset))
    }
}

impl<I: Io + ?Sized, T: RegValue, A: Writable> Reg<'_, I, T, A> {
    /// Writes `value`; write-1-to-clear bits are written as 0 (use [`Reg::clear`] for them).
    #[inline(always)]
    pub fn write(&self, value: T) {
        self.io.write32(self.offset, value.to_bits() & !T::W1C_MASK)
    }
}

impl<I: Io + ?Sized, T: RegValue> Reg<'_, I, T, ReadWrite> {
    /// Reads, changes and writes back. Write-1-to-clear bits read as 1 are written back as 0, so
    /// pending status is never cleared by accident.
    #[inline(always)]
    pub fn modify(&self, f: impl FnOnce(T) -> T) {
        let value = f(self.read());
        self.write(value)
    }

    /// Clears the write-1-to-clear bits set in `bits` (built with the value type's `clear_*`
    /// methods), leaving every other field as it is.
    #[inline(always)]
    pub fn clear(&self, bits: T) {
        let keep = self.io.read32(self.offset) & !T::W1C_MASK;
        self.io
            .write32(self.offset, keep | (bits.to_bits() & T::W1C_MASK))
    }
}

impl<I: Io + ?Sized, T: RegValue> Reg<'_, I, T, WriteOnly> {
    /// Clears the write-1-to-clear bits set in `bits`; other bits are written as 0.
    #[inline(always)]
    pub fn clear(&self, bits: T) {
        self.io.write32(self.offset, bits.to_bits() & T::W1C_MASK)
    }
}

/// An index below `COUNT`: a pipe, an EE, an array element.
///
/// Made checked: [`Index::new`] returns `None` out of range at run time, [`Index::at`] refuses
/// an out-of-range constant at compile time. Accessors taking an `Index` therefore cannot fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Index<const COUNT: u32>(u32);

impl<const COUNT: u32> Index<COUNT> {
    /// The number of valid indices.
    pub const COUNT: u32 = COUNT;

    /// The index `n`, or `None` if `n >= COUNT`.
    #[inline(always)]
    pub const fn new(n: u32) -> Option<Self> {
        if n < COUNT { Some(Index(n)) } else { None }
    }

    /// The index `N`, checked at compile time.
    #[inline(always)]
    pub const fn at<const N: u32>() -> Self {
        const { assert!(N < COUNT, "index out of range") };
        Index(N)
    }

    /// The index as a number.
    #[inline(always)]
    pub const fn get(self) -> u32 {
        self.0
    }

    /// Every index, in order.
    pub fn all() -> impl Iterator<Item = Self> {
        (0..COUNT).map(Index)
    }
}
