//! What a finished request reports besides its output buffer.

use crate::{HashAlg, HmacKey};

/// A submitted request, in submission order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// What a finished request produced besides its output buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub(crate) digest: [u8; 32],
    pub(crate) digest_len: usize,
    /// For a hash part: what [`HashState::resume`](crate::HashState::resume) needs besides the dumped state.
    pub(crate) part: Option<PartInfo>,
    /// The request hashed a long HMAC key ([`Qce::submit_hmac_key`](crate::Qce::submit_hmac_key)).
    pub(crate) key_digest: bool,
    /// The request was an AEAD encryption: `digest` holds its tag.
    pub(crate) aead_tag: bool,
    /// The chaining value to continue from. CBC: the last ciphertext block (DES and 3DES: in
    /// the first 8 bytes). XTS: what the engine dumped (not a chaining value: each request is
    /// one data unit with its own tweak). CTR: the next
    /// unused counter block, the initial counter + ceil(len / 16) (128-bit big-endian,
    /// wrapping); after a request that ends inside a block, a request continuing from it
    /// starts on a fresh counter block (the rest of that block's keystream is not used), as
    /// Linux's `ctr(aes)` does. ECB: what the engine dumped (meaningless).
    pub next_iv: [u8; 16],
    /// `STATUS` as the engine dumped it.
    pub status: u32,
}

/// What a hash part's result carries for [`HashState::resume`](crate::HashState::resume).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PartInfo {
    pub(crate) alg: HashAlg,
    pub(crate) hmac: bool,
    pub(crate) last: bool,
    /// `auth_byte_count` words 0 (low) and 1 (high), read big-endian from the dump.
    pub(crate) byte_count: [u32; 2],
}

impl Output {
    /// The digest or MAC of a hash request or of the last part of an incremental hash (empty
    /// for a cipher request and for a part that is not the last: its chaining state goes to
    /// [`HashState::resume`](crate::HashState::resume)). For an AEAD encryption it is the tag, as [`Output::tag`].
    pub fn digest(&self) -> &[u8] {
        if self.part.is_some_and(|p| !p.last) {
            return &[];
        }
        self.digest.get(..self.digest_len).unwrap_or(&[])
    }

    /// The tag an AEAD encryption made ([`Qce::submit_ccm`](crate::Qce::submit_ccm), [`Qce::submit_authenc`](crate::Qce::submit_authenc)), the
    /// length asked for; empty for anything else (a decryption's tag was checked: the request
    /// failed with [`Error::MacMismatch`](crate::Error::MacMismatch) if it was wrong).
    pub fn tag(&self) -> &[u8] {
        if !self.aead_tag {
            return &[];
        }
        self.digest.get(..self.digest_len).unwrap_or(&[])
    }

    /// The HMAC key a [`Qce::submit_hmac_key`](crate::Qce::submit_hmac_key) request produced: the long key's digest.
    pub fn hmac_key(&self) -> Option<HmacKey> {
        if !self.key_digest {
            return None;
        }
        HmacKey::new(self.digest()).ok()
    }
}
