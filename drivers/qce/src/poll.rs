//! Completion: which requests both pipes finished, their results from the result dump, and
//! failing what is pending after an error or a reset.

use crate::counter;
use crate::{
    COMMAND_BYTES, DUMP_BYTE_COUNT, DUMP_CNTR_IV, DUMP_STATUS, Error, Output, PartInfo, Qce,
    RESULT_DUMP_BYTES, RequestId, SLOT_BYTES, TAG_BURST, TAG_OUT,
};
use qcom_socs::blocks::qce::v5::Status;
use socgen_bam::{DmaRegion, Ring, Ticket};
use socgen_runtime::Io;
use socgen_runtime::bam::PipeLocking;

/// A request in flight: its work slot, the tickets of its two transactions (and which have
/// completed), and what its result needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pending {
    pub(crate) id: RequestId,
    pub(crate) slot: usize,
    pub(crate) rx: Ticket,
    pub(crate) tx: Ticket,
    pub(crate) rx_done: bool,
    pub(crate) tx_done: bool,
    pub(crate) digest_len: usize,
    /// A CTR request's length: when it ends inside a block, the engine's counter is one block
    /// short of the next unused one.
    pub(crate) ctr_len: Option<u32>,
    /// A hash part (its byte count is read from the dump).
    pub(crate) part: Option<PartInfo>,
    /// A long HMAC key's hash.
    pub(crate) key_digest: bool,
    /// An AEAD: where its tag is and what to check.
    pub(crate) aead: Option<AeadCheck>,
}

/// What the result of an AEAD request needs: where the engine left the tag, and the tag a
/// decryption expects.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AeadCheck {
    pub(crate) ccm: bool,
    pub(crate) encrypt: bool,
    pub(crate) tag: [u8; 32],
    pub(crate) tag_len: usize,
}

/// Whether `a` and `b` are equal, in time that depends on their length only.
fn tags_equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl<R: PipeLocking, I: Io + Clone, M: DmaRegion, const SLOTS: usize> Qce<R, I, M, SLOTS> {
    /// Collects finished requests, oldest first, and reports each once with its result.
    /// A descriptor error on either pipe resets both and fails every pending request with
    /// [`Error::Descriptor`]. An error that the rx pipe's lone post-reset UNLOCK caused (a BAM
    /// that refuses an UNLOCK on a pipe holding no lock) resets the pipes once more, without
    /// another UNLOCK; no request is pending then. Returns how many were reported.
    pub fn poll(&mut self, mut done: impl FnMut(RequestId, Result<Output, Error>)) -> usize {
        if core::mem::take(&mut self.needs_reset) {
            return self.fail_all(Error::Reset, &mut done);
        }
        let (rx, tx) = (self.rx.ack_irq(), self.tx.ack_irq());
        if rx.p_err() || tx.p_err() {
            return self.fail_all(Error::Descriptor, &mut done);
        }
        let pending = &mut self.pending;
        let rx = self.rx.poll(|ticket| mark(pending, ticket, true));
        let tx = self.tx.poll(|ticket| mark(pending, ticket, false));
        if rx.is_err() || tx.is_err() {
            return self.fail_all(Error::Descriptor, &mut done);
        }
        let mut reported = 0;
        while let Some(&front) = self.pending.front() {
            if !(front.rx_done && front.tx_done) {
                break;
            }
            let _ = self.pending.pop();
            done(front.id, self.result(&front));
            reported += 1;
        }
        reported
    }

    /// The result of a finished request, from its slot's result dump (and, for a CCM
    /// encryption, its MAC burst).
    fn result(&self, request: &Pending) -> Result<Output, Error> {
        let slot = request.slot * SLOT_BYTES;
        let mut bytes = [0u8; RESULT_DUMP_BYTES];
        self.read_slot(slot + COMMAND_BYTES, &mut bytes);
        // The dump holds each register as a big-endian word: vendor qce50 reads the status with
        // be32_to_cpu, and mainline qce_check_status says the dump's status "needs to be byte
        // swapped, since we set the device to little endian" (docs/hardware/qce-readback.md).
        let big_endian_word = |at: usize| {
            let mut w = [0u8; 4];
            w.copy_from_slice(bytes.get(at..at + 4).unwrap_or(&[0; 4]));
            u32::from_be_bytes(w)
        };
        let status = Status::from_bits(big_endian_word(DUMP_STATUS));
        // The error bits only, as vendor qce50 checks the dump (`result_dump_error_bits`,
        // precedent): whether the dumped status already has OPERATION_DONE is not recorded
        // (Linux: "Don't use result dump status. The operation may not be complete"), and the
        // dump's descriptor completing with EOT already says the engine is done.
        if status.sw_err() || status.axi_err() || status.hsd_err() {
            return Err(Error::Engine {
                status: status.to_bits(),
            });
        }
        let mut output = Output {
            digest: [0; 32],
            digest_len: request.digest_len,
            part: request.part.map(|part| PartInfo {
                // `auth_byte_count` words 0 and 1, each big-endian (qce.yaml
                // `result_dump_byte_count`; Linux `qce_ahash_done`).
                byte_count: [
                    big_endian_word(DUMP_BYTE_COUNT),
                    big_endian_word(DUMP_BYTE_COUNT + 4),
                ],
                ..part
            }),
            key_digest: request.key_digest,
            aead_tag: request.aead.is_some_and(|aead| aead.encrypt),
            next_iv: [0; 16],
            status: status.to_bits(),
        };
        if let (Some(to), Some(from)) = (
            output.digest.get_mut(..request.digest_len),
            bytes.get(..request.digest_len),
        ) {
            to.copy_from_slice(from);
        }
        if let Some(aead) = request.aead {
            self.aead_result(&aead, slot, status, &bytes, &mut output)?;
        }
        if let Some(iv) = bytes.get(DUMP_CNTR_IV..DUMP_CNTR_IV + 16) {
            output.next_iv.copy_from_slice(iv);
        }
        if let Some(len) = request.ctr_len {
            output.next_iv = counter::next_counter_block(output.next_iv, len);
        }
        Ok(output)
    }

    /// An AEAD's tag: checked for a decryption ([`Error::MacMismatch`]), read into `output`
    /// for a CCM encryption (an authenc encryption's is the dumped HMAC, already there).
    fn aead_result(
        &self,
        aead: &AeadCheck,
        slot: usize,
        status: Status,
        dump: &[u8; RESULT_DUMP_BYTES],
        output: &mut Output,
    ) -> Result<(), Error> {
        match (aead.ccm, aead.encrypt) {
            // CCM: the engine compared the tag (qce.yaml `ccm_mac_failed`).
            (true, false) if status.mac_failed() => return Err(Error::MacMismatch),
            (true, false) => {}
            // CCM's MAC is the first M bytes of the burst after the payload (qce.yaml
            // `ccm_tag_in_output`; Linux copies it from `ccmresult_buf`).
            (true, true) => {
                let mut burst = [0u8; TAG_BURST];
                self.read_slot(slot + TAG_OUT, &mut burst);
                output.digest = [0; 32];
                if let (Some(to), Some(from)) = (
                    output.digest.get_mut(..aead.tag_len),
                    burst.get(..aead.tag_len),
                ) {
                    to.copy_from_slice(from);
                }
            }
            // authenc: the dumped HMAC (qce.yaml `authenc_hmac_in_dump`), compared here as
            // Linux's qce_aead_done compares it.
            (false, false) => {
                let dumped = dump.get(..aead.tag_len).unwrap_or(&[]);
                let expected = aead.tag.get(..aead.tag_len).unwrap_or(&[]);
                if !tags_equal(dumped, expected) {
                    return Err(Error::MacMismatch);
                }
                output.digest_len = 0;
            }
            (false, true) => {}
        }
        Ok(())
    }

    /// Copies `buf.len()` bytes from `offset` of the work region, after invalidating them.
    fn read_slot(&self, offset: usize, buf: &mut [u8]) {
        if offset.saturating_add(buf.len()) > self.work.len() {
            return;
        }
        self.work.invalidate(offset, buf.len());
        // SAFETY: `offset..offset + len` lies inside the work region (checked just above), which
        // the `DmaRegion` contract makes valid for reads; the device finished writing it (the
        // request's descriptors completed) and the range was invalidated above.
        unsafe {
            core::ptr::copy_nonoverlapping(
                self.work.cpu_ptr().wrapping_add(offset),
                buf.as_mut_ptr(),
                buf.len(),
            );
        }
    }

    fn fail_all(
        &mut self,
        error: Error,
        done: &mut impl FnMut(RequestId, Result<Output, Error>),
    ) -> usize {
        self.rx.reset(|_, _| {});
        self.tx.reset(|_, _| {});
        let mut reported = 0;
        while let Some(front) = self.pending.pop() {
            done(front.id, Err(error));
            reported += 1;
        }
        reported
    }

    /// Resets both pipes and fails every pending request with [`Error::Reset`], oldest first.
    /// Returns how many. The rx pipe's reset sends one UNLOCK on its own, so a lock the reset
    /// may have kept is released without waiting for this side's next request
    /// (`socgen_bam::Pipe::reset`); until [`poll`](Self::poll) has seen it processed,
    /// submissions answer [`Error::Recovering`].
    pub fn reset(&mut self, mut failed: impl FnMut(RequestId, Error)) -> usize {
        self.fail_all(Error::Reset, &mut |id, result| {
            if let Err(e) = result {
                failed(id, e)
            }
        })
    }
}

fn mark<const N: usize>(pending: &mut Ring<Pending, N>, ticket: Ticket, rx: bool) {
    for request in pending.iter_mut() {
        if rx && request.rx == ticket {
            request.rx_done = true;
        } else if !rx && request.tx == ticket {
            request.tx_done = true;
        }
    }
}
