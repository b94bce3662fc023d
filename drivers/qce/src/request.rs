//! What a caller asks the engine to do.

/// An AES key; its type fixes the length the engine is programmed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AesKey<'a> {
    /// AES-128.
    Aes128(&'a [u8; 16]),
    /// AES-256.
    Aes256(&'a [u8; 32]),
}

impl AesKey<'_> {
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            AesKey::Aes128(k) => &k[..],
            AesKey::Aes256(k) => &k[..],
        }
    }
}

/// The block-cipher mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CipherMode {
    /// Electronic codebook (whole 16-byte blocks).
    Ecb,
    /// Cipher block chaining (whole 16-byte blocks) from `iv`.
    Cbc {
        /// The initialisation vector.
        iv: [u8; 16],
    },
    /// Counter mode with a 128-bit big-endian counter starting at `counter`.
    Ctr {
        /// The initial counter block.
        counter: [u8; 16],
    },
}

/// Encrypt or decrypt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Plaintext to ciphertext.
    Encrypt,
    /// Ciphertext to plaintext.
    Decrypt,
}

/// An AES request over `len` bytes from bus address `src` to bus address `dst` (which may be
/// the same buffer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CipherRequest<'a> {
    /// The key.
    pub key: AesKey<'a>,
    /// The mode and its IV or counter.
    pub mode: CipherMode,
    /// Encrypt or decrypt.
    pub direction: Direction,
    /// Input bus address.
    pub src: u32,
    /// Output bus address.
    pub dst: u32,
    /// Bytes.
    pub len: u32,
}

/// The hash function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlg {
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl HashAlg {
    /// Digest bytes.
    pub const fn digest_len(self) -> usize {
        match self {
            HashAlg::Sha1 => 20,
            HashAlg::Sha256 => 32,
        }
    }
}

/// A hash (or, with `hmac_key`, an HMAC) over `len` bytes at bus address `src`, as one
/// request (first and last block together).
///
/// HMAC keys up to the 64-byte block size go into the engine's 16 key registers (zero-padded,
/// which HMAC defines as equivalent). A longer key must be hashed first (RFC 2104); hash it
/// with [`submit_hash`](crate::Qce::submit_hash) and use the digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashRequest<'a> {
    /// The hash function.
    pub alg: HashAlg,
    /// The HMAC key, for an HMAC.
    pub hmac_key: Option<&'a [u8]>,
    /// Input bus address.
    pub src: u32,
    /// Bytes.
    pub len: u32,
}
