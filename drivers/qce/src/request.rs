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

/// The most buffers a scatter-gather list of one request may hold ([`SgRequest`]): the
/// request's descriptors must fit the FIFO together, so a longer list is refused, not split
/// over several requests (a cipher's chaining state would have to be carried between them).
pub const SG_MAX: usize = 8;

/// One bus buffer of a scatter-gather list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusBuf {
    /// Its bus address.
    pub bus: u32,
    /// Its length in bytes (an empty buffer is skipped).
    pub len: u32,
}

/// What a scatter-gather request does: the operations of [`CipherRequest`],
/// [`XtsRequest`], [`DesRequest`] and [`HashRequest`], without their buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SgOperation<'a> {
    /// AES ECB, CBC or CTR.
    Cipher {
        /// The key.
        key: AesKey<'a>,
        /// The mode and its IV or counter.
        mode: CipherMode,
        /// Encrypt or decrypt.
        direction: Direction,
    },
    /// AES-XTS over one data unit (the whole input).
    Xts {
        /// The key pair.
        key: XtsKey<'a>,
        /// The tweak.
        tweak: [u8; 16],
        /// Encrypt or decrypt.
        direction: Direction,
    },
    /// DES or 3DES, ECB or CBC.
    Des {
        /// The key.
        key: DesKey<'a>,
        /// ECB, or CBC with its IV.
        mode: DesMode,
        /// Encrypt or decrypt.
        direction: Direction,
    },
    /// A one-shot hash or HMAC of the whole input (no output list).
    Hash {
        /// The hash function.
        alg: HashAlg,
        /// The HMAC key, for an HMAC.
        hmac_key: Option<&'a [u8]>,
    },
}

/// A request whose input and output are lists of bus buffers, as Linux hands a scatterlist:
/// see [`Qce::submit_sg`](crate::Qce::submit_sg).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SgRequest<'a> {
    /// What to do with the data.
    pub op: SgOperation<'a>,
    /// The input, in order.
    pub src: &'a [BusBuf],
    /// The output, in order: the same total length as the input, or empty for a hash.
    pub dst: &'a [BusBuf],
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

impl HashAlg {
    /// The digest of the empty message (FIPS 180-4 examples; Linux keeps the same constants
    /// as `sha1_zero_message_hash`/`sha256_zero_message_hash`). The engine hashes no
    /// zero-length request, so a plain hash of nothing is answered from this table
    /// ([`Error::EmptyData`](crate::Error::EmptyData) says so).
    pub const fn empty_message_digest(self) -> &'static [u8] {
        match self {
            HashAlg::Sha1 => &[
                0xda, 0x39, 0xa3, 0xee, 0x5e, 0x6b, 0x4b, 0x0d, 0x32, 0x55, 0xbf, 0xef, 0x95, 0x60,
                0x18, 0x90, 0xaf, 0xd8, 0x07, 0x09,
            ],
            HashAlg::Sha256 => &[
                0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f,
                0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b,
                0x78, 0x52, 0xb8, 0x55,
            ],
        }
    }
}

/// An HMAC key the engine takes directly: at most the 64-byte block, kept by value (zero
/// padded, which HMAC defines as equivalent), so a [`HashState`] holds it between requests.
///
/// A longer key is hashed first (RFC 2104): submit it with
/// [`Qce::submit_hmac_key`](crate::Qce::submit_hmac_key), which hashes it on the engine, and
/// take the key from [`Output::hmac_key`](crate::Output::hmac_key).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct HmacKey {
    bytes: [u8; crate::HMAC_KEY_MAX],
    len: usize,
}

impl core::fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material.
        f.debug_struct("HmacKey")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

impl HmacKey {
    /// `key`, or [`Error::HmacKeyTooLong`](crate::Error::HmacKeyTooLong) when it is longer
    /// than the 64-byte block.
    pub fn new(key: &[u8]) -> Result<Self, crate::Error> {
        let mut bytes = [0u8; crate::HMAC_KEY_MAX];
        let to = bytes
            .get_mut(..key.len())
            .ok_or(crate::Error::HmacKeyTooLong { len: key.len() })?;
        to.copy_from_slice(key);
        Ok(HmacKey {
            bytes,
            len: key.len(),
        })
    }

    /// The key's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }

    /// All 64 bytes, zero padded: what the 16 `AUTH_KEY` words hold.
    pub(crate) fn block(&self) -> &[u8; crate::HMAC_KEY_MAX] {
        &self.bytes
    }
}

/// Where a hash stands between requests: the engine's chaining state (`AUTH_IV`) and byte
/// count (`AUTH_BYTECNT`) from the last part's result dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Running {
    pub(crate) iv: [u8; 32],
    pub(crate) byte_count: [u32; 2],
}

/// An incremental hash or HMAC the caller keeps between requests, allocation-free: the
/// algorithm, the HMAC key, and what the engine dumped after the last part.
///
/// Parts are submitted with [`Qce::submit_hash_part`](crate::Qce::submit_hash_part) and a
/// [`HashPart`]; after each part but the last, [`resume`](Self::resume) takes the engine's
/// state from the part's [`Output`](crate::Output). Every part but the last must be a whole
/// number of 64-byte blocks (the engine keeps no partial block between requests: vendor
/// qce50 `_ce_setup_hash`, Linux `qce_setup_regs_ahash`); the last part may have any
/// length but zero, so keep back up to a block of the message for it, as Linux's `ahash`
/// update does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashState {
    pub(crate) alg: HashAlg,
    pub(crate) key: Option<HmacKey>,
    /// `None` until a part has been hashed: the next part is the first (`AUTH_FIRST`).
    pub(crate) running: Option<Running>,
}

impl HashState {
    /// A hash with nothing hashed yet.
    pub const fn new(alg: HashAlg) -> Self {
        HashState {
            alg,
            key: None,
            running: None,
        }
    }

    /// An HMAC under `key` with nothing hashed yet.
    pub const fn hmac(alg: HashAlg, key: HmacKey) -> Self {
        HashState {
            alg,
            key: Some(key),
            running: None,
        }
    }

    /// The hash function.
    pub const fn alg(&self) -> HashAlg {
        self.alg
    }

    /// Whether no part has been hashed yet (the next part is the first).
    pub const fn is_fresh(&self) -> bool {
        self.running.is_none()
    }

    /// The engine's byte count after the parts so far; for an HMAC it includes the 64-byte
    /// key block the engine hashes first (see [`resume`](Self::resume)).
    pub fn engine_byte_count(&self) -> u64 {
        self.running.map_or(0, |r| {
            u64::from(r.byte_count[0]) | (u64::from(r.byte_count[1]) << 32)
        })
    }

    /// Takes the engine's state after a part that was not the last: the dumped chaining
    /// value (`auth_iv`) and byte count (`auth_byte_count`), which the next part writes back
    /// into `AUTH_IV` and `AUTH_BYTECNT` (Linux `qce_ahash_done` then `qce_setup_regs_ahash`).
    ///
    /// The byte count is carried as the engine dumped it, unchanged. For an HMAC that count
    /// includes the ipad key block the engine hashed before the first part's data: Linux adds
    /// those 64 bytes itself only when it rebuilds the count from a software export
    /// (`qce_import_common`, "a hardware padding done when first block is set"); a count that
    /// comes from the engine already has them. Grade: upstream (the comment), inferred for the
    /// dumped value; the simulator dumps it that way (`socgen-sim`, `run_auth`).
    ///
    /// Refuses [`Error::NotAHashUpdate`](crate::Error::NotAHashUpdate) for an output that is
    /// not a non-final part of this hash function.
    pub fn resume(&mut self, output: &crate::Output) -> Result<(), crate::Error> {
        let Some(part) = output.part else {
            return Err(crate::Error::NotAHashUpdate);
        };
        if part.last || part.alg != self.alg || part.hmac != self.key.is_some() {
            return Err(crate::Error::NotAHashUpdate);
        }
        self.running = Some(Running {
            iv: output.digest,
            byte_count: part.byte_count,
        });
        Ok(())
    }
}

/// One part of an incremental hash: `len` bytes at bus address `src`, continuing `state`.
/// `last` finishes the hash (the engine pads the message and, for an HMAC, runs the outer
/// hash); a part that is not the last must be a whole number of 64-byte blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashPart<'a> {
    /// The state the part continues.
    pub state: &'a HashState,
    /// Input bus address.
    pub src: u32,
    /// Bytes.
    pub len: u32,
    /// Whether this part ends the message.
    pub last: bool,
}

/// An AES-XTS key pair (IEEE 1619): the data key followed by the tweak key, as Linux's
/// `xts(aes)` takes it; the type fixes the length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XtsKey<'a> {
    /// Two AES-128 keys.
    Aes128(&'a [u8; 32]),
    /// Two AES-256 keys.
    Aes256(&'a [u8; 64]),
}

impl XtsKey<'_> {
    /// (data key, tweak key).
    pub(crate) fn halves(&self) -> (&[u8], &[u8]) {
        match self {
            XtsKey::Aes128(k) => k.split_at(16),
            XtsKey::Aes256(k) => k.split_at(32),
        }
    }
}

/// An AES-XTS request: `len` bytes from `src` to `dst` as one data unit with `tweak`.
///
/// The engine takes whole 16-byte blocks, at least one, and either at most 512 bytes or a
/// multiple of 512 (up to `ENCR_XTS_DU_SIZE`'s 20 bits); anything else is refused with an
/// error that sends it to software (see [`Error::XtsLength`](crate::Error::XtsLength)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XtsRequest<'a> {
    /// The key pair.
    pub key: XtsKey<'a>,
    /// The tweak (the data unit's IV, e.g. its sector number little-endian).
    pub tweak: [u8; 16],
    /// Encrypt or decrypt.
    pub direction: Direction,
    /// Input bus address.
    pub src: u32,
    /// Output bus address.
    pub dst: u32,
    /// Bytes.
    pub len: u32,
}

/// A DES or 3DES key; the type fixes the length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DesKey<'a> {
    /// Single DES (8 bytes, parity bits ignored).
    Des(&'a [u8; 8]),
    /// 3DES EDE with three keys K1 K2 K3 (24 bytes), as Linux's `des3_ede`.
    TripleDes(&'a [u8; 24]),
}

impl DesKey<'_> {
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            DesKey::Des(k) => &k[..],
            DesKey::TripleDes(k) => &k[..],
        }
    }
}

/// The DES block-cipher mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DesMode {
    /// Electronic codebook (whole 8-byte blocks).
    Ecb,
    /// Cipher block chaining (whole 8-byte blocks) from `iv`.
    Cbc {
        /// The initialisation vector.
        iv: [u8; 8],
    },
}

/// A DES or 3DES request over `len` bytes (whole 8-byte blocks) from `src` to `dst`.
///
/// The driver does not refuse weak keys: a cipher primitive takes any key, and whether weak
/// keys are forbidden is the caller's policy (Linux's `verify_skcipher_des_key` refuses them
/// only when asked to); `des::weak_key_test`-style checks belong before this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DesRequest<'a> {
    /// The key.
    pub key: DesKey<'a>,
    /// The mode and its IV.
    pub mode: DesMode,
    /// Encrypt or decrypt.
    pub direction: Direction,
    /// Input bus address.
    pub src: u32,
    /// Output bus address.
    pub dst: u32,
    /// Bytes.
    pub len: u32,
}

/// Which way an AEAD request goes, with what the tag needs: its length when it is made,
/// the expected tag when it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AeadDirection<'a> {
    /// Encrypt and make a tag of `tag_len` bytes; the result's
    /// [`Output::tag`](crate::Output::tag) holds it (the caller appends it to the ciphertext,
    /// as Linux's `aead` does).
    Encrypt {
        /// Tag bytes.
        tag_len: usize,
    },
    /// Decrypt and check `tag`; a wrong tag fails the request with
    /// [`Error::MacMismatch`](crate::Error::MacMismatch).
    Decrypt {
        /// The tag that came with the ciphertext.
        tag: &'a [u8],
    },
}

impl AeadDirection<'_> {
    /// The tag length either way.
    pub const fn tag_len(&self) -> usize {
        match self {
            AeadDirection::Encrypt { tag_len } => *tag_len,
            AeadDirection::Decrypt { tag } => tag.len(),
        }
    }

    /// Whether this encrypts.
    pub const fn is_encrypt(&self) -> bool {
        matches!(self, AeadDirection::Encrypt { .. })
    }
}

/// The nonce of an AES-CCM request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CcmNonce<'a> {
    /// RFC 3610 / NIST SP 800-38C (`ccm(aes)`): 7 to 13 bytes; the length field then has
    /// L = 15 - len bytes, which bounds the message to 2^(8L) - 1 bytes.
    Nonce(&'a [u8]),
    /// RFC 4309 (`rfc4309(ccm(aes))`, IPsec ESP): the 3-byte salt (the last three bytes of the
    /// keying material) followed by the packet's 8-byte IV, an 11-byte nonce (L = 4). The
    /// associated data is the ESP header, 8 or 12 bytes, without the IV.
    Rfc4309 {
        /// The salt.
        salt: [u8; 3],
        /// The packet's explicit IV.
        iv: [u8; 8],
    },
}

/// An AES-CCM request (RFC 3610, NIST SP 800-38C; RFC 4309 with [`CcmNonce::Rfc4309`]): `len`
/// payload bytes from `src` into `dst` (which may be the same buffer), authenticated with
/// `aad`.
///
/// The associated data is given by value: the driver formats it as RFC 3610 section 2.2 says
/// (a 2-byte big-endian length, the bytes, zeros to a 16-byte block) into its own work slot,
/// as Linux (`qce_aead_ccm_prepare_buf_assoclen`) and vendor qce50 (`qcrypto`) build it in a
/// bounce buffer, so it is at most [`AAD_MAX`](crate::AAD_MAX) bytes. The tag travels by
/// value too ([`AeadDirection`]); `dst` receives the `len` payload bytes only. On a wrong tag
/// the engine has still written `dst`: discard it ([`Error::MacMismatch`](crate::Error::MacMismatch)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CcmRequest<'a> {
    /// The key (AES-128 or AES-256; AES-192 has no key type, as Linux falls back for it).
    pub key: AesKey<'a>,
    /// The nonce.
    pub nonce: CcmNonce<'a>,
    /// The associated data.
    pub aad: &'a [u8],
    /// Encrypt (tag length) or decrypt (expected tag).
    pub direction: AeadDirection<'a>,
    /// Input bus address (the payload only).
    pub src: u32,
    /// Output bus address.
    pub dst: u32,
    /// Payload bytes.
    pub len: u32,
}

/// The cipher half of an `authenc` request: CBC with its key and IV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthencCipher<'a> {
    /// `cbc(aes)`.
    Aes {
        /// The key.
        key: AesKey<'a>,
        /// The IV.
        iv: [u8; 16],
    },
    /// `cbc(des)` or `cbc(des3_ede)`.
    Des {
        /// The key.
        key: DesKey<'a>,
        /// The IV.
        iv: [u8; 8],
    },
}

/// An `authenc(hmac(sha1|sha256), cbc(aes|des|des3_ede))` request in one pass (encrypt then
/// MAC, RFC 2104 HMAC over the associated data and the ciphertext): `len` payload bytes (whole
/// cipher blocks) from `src` into `dst`.
///
/// As for [`CcmRequest`] the associated data is copied into the driver's work slot (at most
/// [`AAD_MAX`](crate::AAD_MAX) bytes) and the tag travels by value: on encrypt
/// [`Output::tag`](crate::Output::tag) is the HMAC truncated to `tag_len`, from the result
/// dump; on decrypt the driver compares the dumped HMAC with the expected tag, as Linux's
/// `qce_aead_done` does, and fails with [`Error::MacMismatch`](crate::Error::MacMismatch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthencRequest<'a> {
    /// The HMAC's hash function.
    pub hash: HashAlg,
    /// The HMAC key (at most the 64-byte block: see [`HmacKey`]).
    pub auth_key: &'a HmacKey,
    /// The CBC cipher, key and IV.
    pub cipher: AuthencCipher<'a>,
    /// The associated data.
    pub aad: &'a [u8],
    /// Encrypt (tag length) or decrypt (expected tag).
    pub direction: AeadDirection<'a>,
    /// Input bus address (the payload only).
    pub src: u32,
    /// Output bus address.
    pub dst: u32,
    /// Payload bytes.
    pub len: u32,
}
