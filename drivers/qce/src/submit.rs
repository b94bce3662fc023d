//! One entry point per kind of request: each builds its program and says what its result
//! needs, then queues it through `Qce::submit`.

use crate::program::{self, Program};
use crate::transfer::{Buf, Kind, SlotBytes};
use crate::{
    AAD_IN, AAD_OUT, AeadCheck, AeadDirection, AuthencRequest, BusBuf, CcmRequest, CipherMode,
    CipherRequest, DesRequest, Error, HashAlg, HashPart, HashRequest, PartInfo, Qce, RequestId,
    SG_MAX, SgOperation, SgRequest, TAG_BURST, TAG_IN, TAG_OUT, XtsRequest,
};
use socgen_bam::DmaRegion;
use socgen_runtime::Io;
use socgen_runtime::bam::PipeLocking;

impl<R: PipeLocking, I: Io + Clone, M: DmaRegion, const SLOTS: usize> Qce<R, I, M, SLOTS> {
    /// Submits a cipher request: `len` bytes at bus address `src` into `dst`.
    pub fn submit_cipher(&mut self, request: &CipherRequest<'_>) -> Result<RequestId, Error> {
        let op = SgOperation::Cipher {
            key: request.key,
            mode: request.mode,
            direction: request.direction,
        };
        self.submit_one(op, request.src, request.dst, request.len)
    }

    /// A one-buffer cipher request: the scatter-gather path with one buffer each way, so the
    /// programs and length rules live in one place ([`submit_sg`](Self::submit_sg)).
    fn submit_one(
        &mut self,
        op: SgOperation<'_>,
        src: u32,
        dst: u32,
        len: u32,
    ) -> Result<RequestId, Error> {
        let (src, dst) = ([BusBuf { bus: src, len }], [BusBuf { bus: dst, len }]);
        self.submit_sg(&SgRequest {
            op,
            src: &src,
            dst: &dst,
        })
    }

    /// Submits a request whose input and output are lists of bus buffers (as Linux hands
    /// scatterlists): the engine reads the input buffers in order as one message and writes
    /// the output buffers in order. The lists may split the message anywhere, also inside a
    /// block; a buffer longer than a descriptor takes several. The total follows the length
    /// rules of the operation's one-buffer request ([`submit_cipher`](Self::submit_cipher),
    /// [`submit_xts`](Self::submit_xts), [`submit_des`](Self::submit_des),
    /// [`submit_hash`](Self::submit_hash)).
    ///
    /// Refuses [`Error::SgTooManyBuffers`] (more than [`SG_MAX`] in a list) and
    /// [`Error::SgLengthMismatch`] (a cipher's lists hold different totals, or a hash has an
    /// output list), with nothing queued.
    pub fn submit_sg(&mut self, request: &SgRequest<'_>) -> Result<RequestId, Error> {
        let len = sg_message_len(request)?;
        let mut input = [Buf::Bus(0, 0); SG_MAX];
        let mut output = [Buf::Bus(0, 0); SG_MAX];
        for (to, b) in input.iter_mut().zip(request.src) {
            *to = Buf::Bus(b.bus, b.len);
        }
        for (to, b) in output.iter_mut().zip(request.dst) {
            *to = Buf::Bus(b.bus, b.len);
        }
        let (program, kind) = self.sg_program(request.op, len)?;
        self.submit(&program, &input, &output, SlotBytes::default(), kind)
    }

    /// The program of `op` over a message of `len` bytes, built as for its one-buffer request
    /// (the buffers' addresses are not part of it), and what its result needs.
    fn sg_program(&self, op: SgOperation<'_>, len: u32) -> Result<(Program, Kind), Error> {
        let (commands, pair) = (self.commands, self.pipe_pair);
        Ok(match op {
            SgOperation::Cipher {
                key,
                mode,
                direction,
            } => {
                let whole = CipherRequest {
                    key,
                    mode,
                    direction,
                    src: 0,
                    dst: 0,
                    len,
                };
                let kind = Kind {
                    ctr_len: matches!(mode, CipherMode::Ctr { .. }).then_some(len),
                    ..Kind::default()
                };
                (Program::cipher(commands, pair, &whole)?, kind)
            }
            SgOperation::Xts {
                key,
                tweak,
                direction,
            } => {
                let whole = XtsRequest {
                    key,
                    tweak,
                    direction,
                    src: 0,
                    dst: 0,
                    len,
                };
                (Program::xts(commands, pair, &whole)?, Kind::default())
            }
            SgOperation::Des {
                key,
                mode,
                direction,
            } => {
                let whole = DesRequest {
                    key,
                    mode,
                    direction,
                    src: 0,
                    dst: 0,
                    len,
                };
                (Program::des(commands, pair, &whole)?, Kind::default())
            }
            SgOperation::Hash { alg, hmac_key } => {
                let whole = HashRequest {
                    alg,
                    hmac_key,
                    src: 0,
                    len,
                };
                let kind = Kind {
                    digest_len: alg.digest_len(),
                    ..Kind::default()
                };
                (Program::hash(commands, pair, &whole)?, kind)
            }
        })
    }

    /// Submits an AES-XTS request: one data unit of `len` bytes at `src` into `dst`.
    pub fn submit_xts(&mut self, request: &XtsRequest<'_>) -> Result<RequestId, Error> {
        let op = SgOperation::Xts {
            key: request.key,
            tweak: request.tweak,
            direction: request.direction,
        };
        self.submit_one(op, request.src, request.dst, request.len)
    }

    /// Submits a DES or 3DES request: `len` bytes at `src` into `dst`.
    pub fn submit_des(&mut self, request: &DesRequest<'_>) -> Result<RequestId, Error> {
        let op = SgOperation::Des {
            key: request.key,
            mode: request.mode,
            direction: request.direction,
        };
        self.submit_one(op, request.src, request.dst, request.len)
    }

    /// Submits a hash or HMAC request over `len` bytes at bus address `src`.
    pub fn submit_hash(&mut self, request: &HashRequest<'_>) -> Result<RequestId, Error> {
        let op = SgOperation::Hash {
            alg: request.alg,
            hmac_key: request.hmac_key,
        };
        let src = [BusBuf {
            bus: request.src,
            len: request.len,
        }];
        self.submit_sg(&SgRequest {
            op,
            src: &src,
            dst: &[],
        })
    }

    /// Submits one part of an incremental hash or HMAC. The result of a part that is not the
    /// last goes to [`HashState::resume`](crate::HashState::resume) before the next part is submitted; the last part's
    /// [`Output::digest`](crate::Output::digest) is the digest or MAC.
    pub fn submit_hash_part(&mut self, part: &HashPart<'_>) -> Result<RequestId, Error> {
        let program = Program::hash_part(self.commands, self.pipe_pair, part)?;
        let kind = Kind {
            digest_len: part.state.alg.digest_len(),
            part: Some(PartInfo {
                alg: part.state.alg,
                hmac: part.state.key.is_some(),
                last: part.last,
                byte_count: [0; 2],
            }),
            ..Kind::default()
        };
        self.submit(
            &program,
            &[Buf::Bus(part.src, part.len)],
            &[],
            SlotBytes::default(),
            kind,
        )
    }

    /// Hashes an HMAC key longer than the 64-byte block (`len` bytes at bus address `src`) on
    /// the engine, as RFC 2104 says; [`Output::hmac_key`](crate::Output::hmac_key) of the result is the key to use.
    /// A key that fits the block needs no request: [`HmacKey::new`](crate::HmacKey::new).
    pub fn submit_hmac_key(
        &mut self,
        alg: HashAlg,
        src: u32,
        len: u32,
    ) -> Result<RequestId, Error> {
        let request = HashRequest {
            alg,
            hmac_key: None,
            src,
            len,
        };
        let program = Program::hash(self.commands, self.pipe_pair, &request)?;
        let kind = Kind {
            digest_len: alg.digest_len(),
            key_digest: true,
            ..Kind::default()
        };
        self.submit(
            &program,
            &[Buf::Bus(src, len)],
            &[],
            SlotBytes::default(),
            kind,
        )
    }

    /// Submits an AES-CCM request (`ccm(aes)`, `rfc4309(ccm(aes))`).
    ///
    /// The engine reads the formatted associated data (from the work slot), the payload (and,
    /// decrypting, the tag, from the work slot) and writes the associated data back, the
    /// payload into `dst`, and the MAC as one 64-byte burst (decrypting: M bytes in place of
    /// it), both into the work slot, then the result dump, whose status tells a wrong tag
    /// (`MAC_FAILED`: [`Error::MacMismatch`]). An encryption's tag is [`Output::tag`](crate::Output::tag).
    pub fn submit_ccm(&mut self, request: &CcmRequest<'_>) -> Result<RequestId, Error> {
        let program = Program::ccm(self.commands, self.pipe_pair, request)?;
        let blocks = program::CcmBlocks::new(request)?;
        let aad = blocks.aad.get(..blocks.aad_len).unwrap_or(&[]);
        let (tag, tag_len, encrypt) = match request.direction {
            AeadDirection::Encrypt { tag_len } => (&[][..], tag_len, true),
            AeadDirection::Decrypt { tag } => (tag, tag.len(), false),
        };
        let aad_len = blocks.aad_len as u32;
        let len = request.len;
        let tag_out = if encrypt { TAG_BURST } else { tag_len };
        let kind = Kind {
            digest_len: if encrypt { tag_len } else { 0 },
            aead: Some(AeadCheck {
                ccm: true,
                encrypt,
                tag: [0; 32],
                tag_len,
            }),
            ..Kind::default()
        };
        self.submit(
            &program,
            &[
                Buf::Slot(AAD_IN, aad_len),
                Buf::Bus(request.src, len),
                Buf::Slot(TAG_IN, tag.len() as u32),
            ],
            &[
                Buf::Slot(AAD_OUT, aad_len),
                Buf::Bus(request.dst, len),
                Buf::Slot(TAG_OUT, tag_out as u32),
            ],
            SlotBytes { aad, tag },
            kind,
        )
    }

    /// Submits an `authenc(hmac(sha1|sha256), cbc(aes|des|des3_ede))` request.
    ///
    /// The engine reads the associated data (from the work slot) and the payload, writes the
    /// associated data back (into the work slot) and the payload into `dst`, and dumps the
    /// HMAC over associated data and ciphertext; encrypting, [`Output::tag`](crate::Output::tag) is its first
    /// `tag_len` bytes; decrypting, the driver compares them with the expected tag
    /// ([`Error::MacMismatch`]), as Linux's `qce_aead_done` does.
    pub fn submit_authenc(&mut self, request: &AuthencRequest<'_>) -> Result<RequestId, Error> {
        let program = Program::authenc(self.commands, self.pipe_pair, request)?;
        let aad_len = request.aad.len() as u32;
        let len = request.len;
        let (encrypt, tag_len) = (request.direction.is_encrypt(), request.direction.tag_len());
        let mut expected = [0u8; 32];
        if let AeadDirection::Decrypt { tag } = request.direction {
            // Let chains need Rust 1.88; this crate builds with 1.85.
            if let Some(to) = expected.get_mut(..tag.len()) {
                to.copy_from_slice(tag);
            }
        }
        let kind = Kind {
            digest_len: tag_len,
            aead: Some(AeadCheck {
                ccm: false,
                encrypt,
                tag: expected,
                tag_len,
            }),
            ..Kind::default()
        };
        self.submit(
            &program,
            &[Buf::Slot(AAD_IN, aad_len), Buf::Bus(request.src, len)],
            &[Buf::Slot(AAD_OUT, aad_len), Buf::Bus(request.dst, len)],
            SlotBytes {
                aad: request.aad,
                tag: &[],
            },
            kind,
        )
    }
}

/// The message length of a scatter-gather request: its input lists' total, once the lists
/// are short enough and agree (a cipher's output as long as its input, a hash without one).
fn sg_message_len(request: &SgRequest<'_>) -> Result<u32, Error> {
    let (src, dst) = (request.src, request.dst);
    for list in [src, dst] {
        if list.len() > SG_MAX {
            return Err(Error::SgTooManyBuffers { count: list.len() });
        }
    }
    let total = |list: &[BusBuf]| list.iter().map(|b| u64::from(b.len)).sum::<u64>();
    let (src_len, dst_len) = (total(src), total(dst));
    let is_hash = matches!(request.op, SgOperation::Hash { .. });
    let mismatch = Error::SgLengthMismatch {
        src: src_len,
        dst: dst_len,
    };
    let len = u32::try_from(src_len).map_err(|_| mismatch)?;
    if (is_hash && !dst.is_empty()) || (!is_hash && src_len != dst_len) {
        return Err(mismatch);
    }
    Ok(len)
}
