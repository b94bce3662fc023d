//! Independent references for the descriptor streams socgen-bam writes: what the Linux
//! locking series (v21) and the vendor qce50 driver would queue for the same request.
//!
//! Written from the public record (the locking series v21 as stored, mainline bam_dma.c,
//! vendor qce50 and sps.c, as `socs/hardware/bam.yaml` cites them for Q2, Q4 and Q9), not from socgen-bam's `Chain`, so that a test comparing
//! the two compares two readings of the record. Used by `tests/streams.rs` here and by
//! `drivers/qce/tests/streams.rs` (through `#[path]`).
//!
//! What the references model:
//!
//! - **A request** is what a client hands the dmaengine: a list of *preps*, each one call of
//!   `dmaengine_prep_slave_sg` over a scatterlist of one kind (command elements with
//!   `DMA_PREP_CMD`, or data). A client preps a run of adjacent buffers of one kind as one
//!   scatterlist (the QCE driver preps its whole input in one call), so [`preps`] groups
//!   adjacent segments of one kind.
//! - **Mainline bam_dma.c** turns each scatterlist entry into hardware descriptors of at most
//!   `SZ_32K - 8` bytes, CMD on each one of a command prep, and puts the prep's special flags
//!   on the prep's **last** hardware descriptor only ("set any special flags on the last
//!   descriptor"): EOT for `DMA_PREP_INTERRUPT`, NWD for `DMA_PREP_FENCE`.
//! - **The v21 QCE client**: rx data preps with `rxflags = txflags | DMA_PREP_FENCE`
//!   (EOT|NWD), tx data with `txflags` = `DMA_PREP_INTERRUPT` (EOT); command preps with
//!   `DMA_PREP_CMD` only.
//! - **The v21 lock wrapping** (rx channel, `DMA_MEM_TO_DEV`, scratchpad set): a one-element
//!   dummy command descriptor `CMD|LOCK` at the head of the queue and one `CMD|UNLOCK` at its
//!   tail, each a write of 0 to the scratchpad (`bam_prep_ce_le32(..., scratchpad_addr,
//!   BAM_WRITE_COMMAND, 0)`).
//! - **The vendor qce50 pattern**: LOCK on the transaction's own first command descriptor
//!   (`_qce_sps_add_cmd(pce_dev, SPS_IOVEC_FLAG_LOCK, ...)`), EOT|NWD on the last input iovec
//!   only, and UNLOCK on a separate trailing command descriptor, `unlock_all_pipes`: one write
//!   of `CRYPTO_CONFIG` = `CRYPTO_CONFIG_RESET` (0xE01EF). The vendor driver always starts
//!   with its configuration commands; for a transaction that starts with data (no vendor
//!   example) the reference opens with the v21 head dummy instead.
//!
//! The record does not say whether bam_dma.c's `bam_start_dma` later adds INT to the v21
//! dummies or what interrupt flags the vendor's unlock descriptor carries, so the references
//! carry no INT; the tests list INT on socgen's last descriptor as a difference.
#![allow(dead_code)]

use socgen_bam::Segment;
use socgen_runtime::{CeAddr, CommandElement};

/// Descriptor flag bits as bam_dma.c defines them (`DESC_FLAG_*`) and the series adds them.
pub const INT: u16 = 1 << 15;
pub const EOT: u16 = 1 << 14;
pub const NWD: u16 = 1 << 12;
pub const CMD: u16 = 1 << 11;
pub const LOCK: u16 = 1 << 10;
pub const UNLOCK: u16 = 1 << 9;
/// `BAM_FIFO_SIZE` = `SZ_32K - 8`: the most bytes of one hardware descriptor.
pub const MAX_BYTES: u32 = 32 * 1024 - 8;
/// The vendor's unlock descriptor: `CRYPTO_CONFIG_REG` (QCE v5 offset 0x400) = 0xE01EF.
pub const CRYPTO_CONFIG_OFFSET: u32 = 0x400;
pub const CRYPTO_CONFIG_RESET: u32 = 0xE01EF;

/// One hardware descriptor of a reference stream; a dummy lock descriptor also names the
/// command element the reference driver would put behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Desc {
    pub addr: u32,
    pub size: u16,
    pub flags: u16,
    pub dummy: Option<CommandElement>,
}

/// One descriptor as socgen-bam wrote it (decoded from the FIFO or from the chain).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ours {
    pub addr: u32,
    pub size: u16,
    pub flags: u16,
}

impl From<socgen_bam::Descriptor> for Ours {
    fn from(d: socgen_bam::Descriptor) -> Self {
        Ours {
            addr: d.addr(),
            size: d.size(),
            flags: d.flags(),
        }
    }
}

/// One prep call: a scatterlist of `(bus, bytes)` entries of one kind, with its prep flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prep {
    pub command: bool,
    pub sg: Vec<(u32, u32)>,
    /// `DMA_PREP_INTERRUPT` (EOT on the last descriptor).
    pub interrupt: bool,
    /// `DMA_PREP_FENCE` (NWD on the last descriptor).
    pub fence: bool,
}

/// The preps a client makes for `segments` on the rx channel (v21 QCE convention: data with
/// `DMA_PREP_INTERRUPT | DMA_PREP_FENCE`), adjacent segments of one kind in one scatterlist.
pub fn preps(segments: &[Segment]) -> Vec<Prep> {
    let mut out: Vec<Prep> = Vec::new();
    for s in segments {
        let entry = (s.bus_addr(), s.len_bytes());
        match out.last_mut() {
            Some(p) if p.command == s.is_commands() => p.sg.push(entry),
            _ => out.push(Prep {
                command: s.is_commands(),
                sg: vec![entry],
                interrupt: !s.is_commands(),
                fence: !s.is_commands(),
            }),
        }
    }
    out
}

/// Mainline bam_dma.c `bam_prep_slave_sg` over a list of preps: descriptors in order.
pub fn mainline(preps: &[Prep]) -> Vec<Desc> {
    let mut out = Vec::new();
    for p in preps {
        for &(bus, len) in &p.sg {
            let mut done = 0;
            while done < len {
                let n = (len - done).min(MAX_BYTES);
                out.push(Desc {
                    addr: bus + done,
                    size: n as u16,
                    flags: if p.command { CMD } else { 0 },
                    dummy: None,
                });
                done += n;
            }
        }
        let last = out.last_mut().expect("a prep has at least one byte");
        if p.interrupt {
            last.flags |= EOT;
        }
        if p.fence {
            last.flags |= NWD;
        }
    }
    out
}

fn dummy(bus: u32, flags: u16, element: CommandElement) -> Desc {
    Desc {
        addr: bus,
        size: 16,
        flags: CMD | flags,
        dummy: Some(element),
    }
}

/// The v21 stream of a locked rx channel: the LOCK dummy, the client's descriptors, the
/// UNLOCK dummy; both dummies write 0 to `scratchpad`. `dummy_bus` is where the driver keeps
/// its dummy element (compared by address with socgen's, whose element is compared apart).
pub fn v21_rx(preps: &[Prep], scratchpad: CeAddr, dummy_bus: u32) -> Vec<Desc> {
    let element = CommandElement::write(scratchpad, 0);
    let mut out = vec![dummy(dummy_bus, LOCK, element)];
    out.extend(mainline(preps));
    out.push(dummy(dummy_bus, UNLOCK, element));
    out
}

/// The v21 stream of the tx channel: the client's descriptors (EOT on the last), no lock.
pub fn v21_tx(sg: &[(u32, u32)]) -> Vec<Desc> {
    mainline(&[Prep {
        command: false,
        sg: sg.to_vec(),
        interrupt: true,
        fence: false,
    }])
}

/// The vendor qce50 stream: LOCK on the own first command descriptor (or, for a transaction
/// that starts with data, the v21 head dummy), the client's descriptors, and the separate
/// `unlock_all_pipes` descriptor (a write of `CRYPTO_CONFIG_RESET` to `config`).
pub fn vendor_rx(preps: &[Prep], scratchpad: CeAddr, config: CeAddr, dummy_bus: u32) -> Vec<Desc> {
    let mut out = mainline(preps);
    match out.first_mut() {
        Some(first) if first.flags & CMD != 0 => first.flags |= LOCK,
        _ => out.insert(
            0,
            dummy(dummy_bus, LOCK, CommandElement::write(scratchpad, 0)),
        ),
    }
    out.push(dummy(
        dummy_bus,
        UNLOCK,
        CommandElement::write(config, CRYPTO_CONFIG_RESET),
    ));
    out
}

/// A difference between socgen's stream and a reference stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diff {
    /// Merge: socgen puts UNLOCK on the transaction's own last command descriptor (`at`), where
    /// the reference adds a separate trailing UNLOCK descriptor.
    UnlockOnOwnLast { at: usize },
    /// socgen's dummy at `at` reads the scratchpad (the SoC file's `dummy: read`); the
    /// reference's writes `value` to `register`.
    DummyReads {
        at: usize,
        register: u32,
        value: u32,
    },
    /// socgen's descriptor `at` carries INT, the reference's does not.
    Int { at: usize },
    /// Anything else: an unexpected difference.
    Other {
        at: usize,
        ours: Option<Ours>,
        reference: Option<Desc>,
    },
}

/// The differences between `ours` and `reference`, in this order: the structural one
/// (`UnlockOnOwnLast`), then per descriptor the dummy element, INT, anything else.
/// `element` decodes socgen's command element at a bus address (its dummy).
pub fn differences(
    ours: &[Ours],
    reference: &[Desc],
    element: impl Fn(u32) -> Option<CommandElement>,
) -> Vec<Diff> {
    let mut diffs = Vec::new();
    let mut reference = reference.to_vec();
    let n = ours.len();
    let trailing_dummy = reference
        .last()
        .is_some_and(|d| d.dummy.is_some() && d.flags & UNLOCK != 0);
    if n >= 1
        && n + 1 == reference.len()
        && trailing_dummy
        && ours[n - 1].flags & UNLOCK != 0
        && reference[n - 1].dummy.is_none()
    {
        reference.pop();
        reference[n - 1].flags |= UNLOCK;
        diffs.push(Diff::UnlockOnOwnLast { at: n - 1 });
    }
    for at in 0..n.max(reference.len()) {
        let (Some(o), Some(r)) = (ours.get(at).copied(), reference.get(at).copied()) else {
            diffs.push(Diff::Other {
                at,
                ours: ours.get(at).copied(),
                reference: reference.get(at).copied(),
            });
            continue;
        };
        if let Some(expected) = r.dummy {
            let mine = element(o.addr);
            if mine != Some(expected) {
                match mine {
                    Some(e)
                        if e.command() == socgen_runtime::CeCommand::Read
                            && expected.command() == socgen_runtime::CeCommand::Write =>
                    {
                        diffs.push(Diff::DummyReads {
                            at,
                            register: expected.address().get(),
                            value: expected.data(),
                        })
                    }
                    _ => diffs.push(Diff::Other {
                        at,
                        ours: Some(o),
                        reference: Some(r),
                    }),
                }
            }
        }
        let extra_int = o.flags & INT != 0 && r.flags & INT == 0;
        if extra_int {
            diffs.push(Diff::Int { at });
        }
        let flags = if extra_int { o.flags & !INT } else { o.flags };
        // A dummy's element lives in the driver's own scratch lines: what it holds was compared
        // above, where it lives is the driver's layout.
        let addr = if r.dummy.is_some() { r.addr } else { o.addr };
        if (addr, o.size, flags) != (r.addr, r.size, r.flags) {
            diffs.push(Diff::Other {
                at,
                ours: Some(o),
                reference: Some(r),
            });
        }
    }
    diffs
}
