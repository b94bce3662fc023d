//! Queuing a built request: its work slot, the rx and tx transactions, the room check on
//! both FIFOs, and the record of what is pending.

use crate::poll::{AeadCheck, Pending};
use crate::{
    AAD_IN, COMMAND_BYTES, Error, PartInfo, Program, Qce, RESULT_DUMP_BYTES, RequestId, SG_MAX,
    SLOT_BYTES, TAG_IN,
};
use socgen_bam::{DataFlags, DmaRegion, Segment, Ticket, Transaction};
use socgen_runtime::Io;
use socgen_runtime::bam::PipeLocking;

/// What `Qce::submit`'s slot must hold besides the program: bytes to copy in at an offset.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SlotBytes<'a> {
    pub(crate) aad: &'a [u8],
    pub(crate) tag: &'a [u8],
}

/// What `Qce::submit` needs to know about a request besides its program and buffers.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Kind {
    pub(crate) digest_len: usize,
    pub(crate) ctr_len: Option<u32>,
    pub(crate) part: Option<PartInfo>,
    pub(crate) key_digest: bool,
    pub(crate) aead: Option<AeadCheck>,
}

/// A buffer of a request's transaction: the caller's, by bus address, or an area of the
/// request's work slot, by offset.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Buf {
    Bus(u32, u32),
    Slot(usize, u32),
}

impl<R: PipeLocking, I: Io + Clone, M: DmaRegion, const SLOTS: usize> Qce<R, I, M, SLOTS> {
    /// Queues `program` with its buffers in the next work slot: both transactions are built
    /// and checked for room in both FIFOs before anything is written.
    pub(crate) fn submit(
        &mut self,
        program: &Program,
        input: &[Buf],
        output: &[Buf],
        bytes: SlotBytes<'_>,
        kind: Kind,
    ) -> Result<RequestId, Error> {
        if self.pending.is_full() {
            return Err(Error::Busy);
        }
        // Before anything is written: the tx half cannot be taken back alone.
        if self.rx.recovering() || self.tx.recovering() {
            return Err(Error::Recovering);
        }
        let slot = self.next_slot;
        let place = SlotPlace::new(&self.work, slot)?;
        let rx_txn = rx_transaction(program, &place, input)?;
        let tx_txn = tx_transaction(&place, output)?;
        self.check_room(&rx_txn, &tx_txn)?;
        program.write_to(&self.work, place.offset);
        write_bytes(&self.work, place.offset + AAD_IN, bytes.aad);
        write_bytes(&self.work, place.offset + TAG_IN, bytes.tag);
        // tx before rx, as the Linux series from v16 on (vendor qce50 submits rx first; no
        // source requires either order), so the engine's results have somewhere to go when
        // the input arrives.
        let tx = self.tx.submit(&tx_txn)?;
        let rx = match self.rx.submit(&rx_txn) {
            Ok(ticket) => ticket,
            Err(e) => {
                // Unreachable after the room check. The tx half cannot be taken back alone:
                // the next poll resets both pipes and reports every pending request, so none
                // is dropped without a report.
                self.needs_reset = true;
                return Err(e.into());
            }
        };
        Ok(self.record(slot, rx, tx, kind))
    }

    /// Both or neither: whether both FIFOs have room for their whole chains now.
    fn check_room(
        &self,
        rx_txn: &Transaction<{ SG_MAX + 2 }>,
        tx_txn: &Transaction<{ SG_MAX + 1 }>,
    ) -> Result<(), Error> {
        for (needed, free, capacity) in [
            (
                self.rx.chain(rx_txn).total(),
                self.rx.free_slots(),
                self.rx.capacity(),
            ),
            (
                self.tx.chain(tx_txn).total(),
                self.tx.free_slots(),
                self.tx.capacity(),
            ),
        ] {
            if needed > capacity {
                return Err(Error::Bam(socgen_bam::Error::ChainTooLong {
                    needed,
                    capacity,
                }));
            }
            if needed > free {
                return Err(Error::Bam(socgen_bam::Error::FifoFull { needed, free }));
            }
        }
        Ok(())
    }

    /// Records a queued request as pending in `slot` and gives it the next id.
    fn record(&mut self, slot: usize, rx: Ticket, tx: Ticket, kind: Kind) -> RequestId {
        let id = RequestId(self.next_id);
        self.next_id = self.next_id.wrapping_add(1);
        self.next_slot = (slot + 1).checked_rem(SLOTS).unwrap_or(0);
        // Cannot fail: `submit` checked `is_full` first.
        let _ = self.pending.push(Pending {
            id,
            slot,
            rx,
            tx,
            rx_done: false,
            tx_done: false,
            digest_len: kind.digest_len,
            ctr_len: kind.ctr_len,
            part: kind.part,
            key_digest: kind.key_digest,
            aead: kind.aead,
        });
        id
    }
}

/// Copies `bytes` to `offset` of `work` and cleans them to the device.
fn write_bytes<M: DmaRegion>(work: &M, offset: usize, bytes: &[u8]) {
    if bytes.is_empty() || offset.saturating_add(bytes.len()) > work.len() {
        return;
    }
    // SAFETY: `offset..offset + len` lies inside the work region (checked just above), which
    // the `DmaRegion` contract makes valid for writes; no descriptor of this slot is queued.
    unsafe {
        core::ptr::copy_nonoverlapping(
            bytes.as_ptr(),
            work.cpu_ptr().wrapping_add(offset),
            bytes.len(),
        );
    }
    work.clean(offset, bytes.len());
}

/// Where a request's work slot is: its offset in the work region, its bus address, and the
/// bus address of its result dump.
struct SlotPlace {
    offset: usize,
    bus: u32,
    dump_bus: u32,
}

impl SlotPlace {
    fn new<M: DmaRegion>(work: &M, slot: usize) -> Result<Self, Error> {
        let offset = slot.checked_mul(SLOT_BYTES).ok_or(Error::BadWorkRegion)?;
        let bus = work
            .bus_addr()
            .checked_add(u32::try_from(offset).map_err(|_| Error::BadWorkRegion)?)
            .ok_or(Error::BadWorkRegion)?;
        let dump_bus = bus
            .checked_add(COMMAND_BYTES as u32)
            .ok_or(Error::BadWorkRegion)?;
        Ok(SlotPlace {
            offset,
            bus,
            dump_bus,
        })
    }

    /// `(bus, len)` of `buf`; `None` for an empty one (the BAM takes no empty transfer).
    fn resolve(&self, buf: &Buf) -> Result<Option<(u32, u32)>, Error> {
        let (bus, len) = match *buf {
            Buf::Bus(bus, len) => (bus, len),
            Buf::Slot(offset, len) => (
                self.bus
                    .checked_add(offset as u32)
                    .ok_or(Error::BadWorkRegion)?,
                len,
            ),
        };
        Ok((len > 0).then_some((bus, len)))
    }
}

/// The rx transaction: every command before the data (series v13, the BAM HPG
/// recommendation); the input ends with EOT|NWD on its last descriptor (series v21 `rxflags =
/// txflags | DMA_PREP_FENCE`, vendor qce50 on its last input iovec), so the UNLOCK after it
/// waits until the engine has taken all of it. socgen-bam's chain would add EOT|NWD there
/// anyway on a locked pipe; it is passed explicitly because the engine needs it whatever the
/// lock plan.
fn rx_transaction(
    program: &Program,
    place: &SlotPlace,
    input: &[Buf],
) -> Result<Transaction<{ SG_MAX + 2 }>, Error> {
    let (context, go) = program.split();
    let go_bus = context
        .checked_mul(16)
        .and_then(|bytes| place.bus.checked_add(bytes))
        .ok_or(Error::BadWorkRegion)?;
    let mut txn: Transaction<{ SG_MAX + 2 }> = Transaction::new();
    txn.commands(place.bus, context)?.commands(go_bus, go)?;
    let mut inputs = [None; SG_MAX];
    for (to, buf) in inputs.iter_mut().zip(input) {
        *to = place.resolve(buf)?;
    }
    let last_input = inputs.iter().rposition(Option::is_some);
    for (i, (bus, len)) in inputs
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.map(|b| (i, b)))
    {
        let flags = if Some(i) == last_input {
            DataFlags::EOT_NWD
        } else {
            DataFlags::NONE
        };
        txn.data_with_flags(bus, len, flags)?;
    }
    Ok(txn)
}

/// The tx transaction: the output, then the result dump, EOT on the dump's last descriptor
/// (series v21: the tx prep flags are `DMA_PREP_INTERRUPT`, which bam_dma.c turns into EOT;
/// EOT raises the transfer-end interrupt, so the chain adds no INT).
fn tx_transaction(place: &SlotPlace, output: &[Buf]) -> Result<Transaction<{ SG_MAX + 1 }>, Error> {
    let mut txn: Transaction<{ SG_MAX + 1 }> = Transaction::new();
    for buf in output {
        if let Some((bus, len)) = place.resolve(buf)? {
            txn.data(bus, len)?;
        }
    }
    txn.push(Segment::data(
        place.dump_bus,
        RESULT_DUMP_BYTES as u32,
        DataFlags::EOT,
    )?)?;
    Ok(txn)
}
