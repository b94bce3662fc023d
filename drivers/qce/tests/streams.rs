//! The descriptor streams of real requests through `Qce` on both of the engine's pipes,
//! decoded by the fake BAM from the FIFO memory, against an independent reference of what the
//! Linux locking series v21 (rx under `Wrap`, and tx) and the vendor qce50 driver (rx under
//! `Merge`) would queue for the same request (`drivers/bam/tests/reference/mod.rs`). Every
//! deliberate difference is in an explicit, asserted list.

#[path = "../../bam/tests/reference/mod.rs"]
mod reference;

use qcom_socs::blocks::qce::v5::Commands;
use reference::{Diff, Ours, Prep};
use socgen_bam::testing::{DmaBuf, FakeBam};
use socgen_bam::{DmaRegion, SCRATCH_BYTES};
use socgen_qce::{
    AesKey, CipherMode, CipherRequest, Direction, HashAlg, HashRequest, MAX_COMMANDS, PipePair,
    Program, Qce, SLOT_BYTES,
};
use socgen_runtime::CommandElement;
use socgen_runtime::bam::{BamRevision, LockTarget, LockTargetSpec, PipeLocking, Placement};

/// msm8996's lock target with the wrap placement (the Linux series' placement, and msm8996's
/// own before the hardware matrix moved it to merge).
struct Msm8996Wrap;

impl LockTargetSpec for Msm8996Wrap {
    type Revision = <qcom_socs::msm8996::Lock as LockTargetSpec>::Revision;
    const TARGET: LockTarget = LockTarget {
        placement: Placement::Wrap,
        ..<qcom_socs::msm8996::Lock as LockTargetSpec>::TARGET
    };
}

const SCRATCH_BUS: u32 = 0x2000_0000;
/// Where a target with an unlock element of its own keeps it: the scratch line after the lock
/// element.
const UNLOCK_BUS: u32 = SCRATCH_BUS + 16;
const WORK_BUS: u32 = 0x2100_0000;
const SRC_BUS: u32 = 0x4000_0000;
const DST_BUS: u32 = 0x5000_0000;
const KEY: [u8; 16] = [0x2b; 16];

/// A request and the program the driver builds for it (the reference needs its command
/// counts: the request's command elements, as a v21 client would hand them over).
#[derive(Clone, Copy)]
enum Request {
    Cipher { mode: CipherMode, len: u32 },
    Hash { len: u32 },
}

impl Request {
    fn len(self) -> u32 {
        match self {
            Request::Cipher { len, .. } | Request::Hash { len } => len,
        }
    }

    fn cipher(self) -> Option<CipherRequest<'static>> {
        match self {
            Request::Cipher { mode, len } => Some(CipherRequest {
                key: AesKey::Aes128(&KEY),
                mode,
                direction: Direction::Encrypt,
                src: SRC_BUS,
                dst: DST_BUS,
                len,
            }),
            Request::Hash { .. } => None,
        }
    }

    fn hash(self) -> HashRequest<'static> {
        HashRequest {
            alg: HashAlg::Sha256,
            hmac_key: None,
            src: SRC_BUS,
            len: self.len(),
        }
    }

    fn program(self, commands: Commands, rx_pipe: u32) -> Program {
        let pipe_pair = PipePair::of_rx_pipe(rx_pipe).expect("a pipe pair CONFIG holds");
        match self.cipher() {
            Some(c) => Program::cipher(commands, pipe_pair, &c),
            None => Program::hash(commands, pipe_pair, &self.hash()),
        }
        .expect("valid request")
    }
}

/// What the fake BAM saw for one request on lock target `T`: the rx and tx streams, the
/// dummy element, and whether tx's doorbell rang before rx's.
struct Seen {
    rx: Vec<Ours>,
    tx: Vec<Ours>,
    element: CommandElement,
    /// The target's own unlock element, after the lock element, if it has one.
    unlock_element: Option<CommandElement>,
    tx_rung_first: bool,
    rx_pipe: u32,
}

fn submit<T: LockTargetSpec>(commands: Commands, request: Request) -> Seen
where
    T::Revision: PipeLocking,
{
    let bam = FakeBam::<T::Revision>::new(T::TARGET.ee);
    let rx_fifo = bam.dma(4096, 0x1000_0000);
    let tx_fifo = bam.dma(4096, 0x1100_0000);
    let scratch = bam.dma(SCRATCH_BYTES, SCRATCH_BUS);
    let work = bam.dma(SLOT_BYTES, WORK_BUS);
    let mut qce: Qce<T::Revision, &FakeBam<T::Revision>, &DmaBuf, 1> =
        Qce::new::<T>(&bam, commands, &rx_fifo, &tx_fifo, &scratch, &work).expect("driver");
    let (rx_pipe, tx_pipe) = (qce.rx_pipe().pipe(), qce.tx_pipe().pipe());
    bam.clear_log();
    match request.cipher() {
        Some(c) => qce.submit_cipher(&c),
        None => qce.submit_hash(&request.hash()),
    }
    .expect("submitted");
    let doorbell = |pipe| {
        let at = <T::Revision as BamRevision>::P_EVNT_REG
            .at(pipe, 0)
            .expect("pipe");
        bam.log()
            .register_writes
            .iter()
            .position(|&(offset, _)| offset == at)
            .expect("rung")
    };
    let tx_rung_first = doorbell(tx_pipe) < doorbell(rx_pipe);
    bam.run(rx_pipe, usize::MAX);
    bam.run(tx_pipe, usize::MAX);
    assert_eq!(bam.violations(), Vec::<String>::new());
    assert_eq!(bam.lock_owner(), None);
    let log = bam.log();
    let of = |pipe| {
        log.processed
            .iter()
            .filter(|p| p.pipe == pipe)
            .map(|p| Ours::from(p.descriptor))
            .collect::<Vec<_>>()
    };
    let element = CommandElement::from_bytes(scratch.device_bytes()[..16].try_into().unwrap())
        .expect("valid element");
    let unlock_element =
        CommandElement::from_bytes(scratch.device_bytes()[16..32].try_into().unwrap());
    assert_eq!(scratch.bus_addr(), SCRATCH_BUS);
    Seen {
        rx: of(rx_pipe),
        tx: of(tx_pipe),
        element,
        unlock_element,
        tx_rung_first,
        rx_pipe,
    }
}

/// The preps a v21 client makes for `request`: the command elements (context block, go
/// block, as two scatterlist entries) with `DMA_PREP_CMD`, then the input with
/// `DMA_PREP_INTERRUPT | DMA_PREP_FENCE`; on tx the output and the result dump as one
/// scatterlist with `DMA_PREP_INTERRUPT`.
fn v21_client(request: Request, program: &Program) -> (Vec<Prep>, Vec<(u32, u32)>) {
    let (context, go) = program.split();
    let rx = vec![
        Prep {
            command: true,
            sg: vec![(WORK_BUS, context * 16), (WORK_BUS + context * 16, go * 16)],
            interrupt: false,
            fence: false,
        },
        Prep {
            command: false,
            sg: vec![(SRC_BUS, request.len())],
            interrupt: true,
            fence: true,
        },
    ];
    let dump = (WORK_BUS + (MAX_COMMANDS * 16) as u32, 128);
    let tx = match request {
        Request::Cipher { len, .. } => vec![(DST_BUS, len), dump],
        Request::Hash { .. } => vec![dump],
    };
    (rx, tx)
}

const REQUESTS: [(&str, Request); 3] = [
    (
        "AES-128-CBC, 64 bytes",
        Request::Cipher {
            mode: CipherMode::Cbc { iv: [0; 16] },
            len: 64,
        },
    ),
    (
        "AES-128-CTR, 70,000 bytes (input and output split in three)",
        Request::Cipher {
            mode: CipherMode::Ctr { counter: [0; 16] },
            len: 70_000,
        },
    ),
    (
        "SHA-256, 100 bytes (tx: the dump only)",
        Request::Hash { len: 100 },
    ),
];

/// Compares both pipes with the references; returns the rx differences and the rx length.
fn compare<T: LockTargetSpec>(
    commands: Commands,
    request: Request,
    merge: bool,
) -> (usize, Vec<Diff>)
where
    T::Revision: PipeLocking,
{
    let seen = submit::<T>(commands, request);
    assert!(
        seen.tx_rung_first,
        "tx queued before rx (the series from v16 on; vendor qce50 queues rx first)"
    );
    let program = request.program(commands, seen.rx_pipe);
    let (rx_preps, tx_sg) = v21_client(request, &program);
    // The engine's VERSION (offset 0) is the scratchpad, CONFIG is at 0x400.
    let version = commands.base();
    assert_eq!(T::TARGET.scratchpad, version);
    let config = version.offset(0x400).expect("24-bit");
    let element = |bus| match bus {
        SCRATCH_BUS => Some(seen.element),
        UNLOCK_BUS => seen.unlock_element,
        _ => None,
    };
    // tx: exactly the v21 stream (output, dump with EOT, no INT, no lock).
    let tx = reference::differences(&seen.tx, &reference::v21_tx(&tx_sg), element);
    assert_eq!(tx, [], "tx");
    let rx_reference = if merge {
        reference::vendor_rx(&rx_preps, version, config, SCRATCH_BUS)
    } else {
        reference::v21_rx(&rx_preps, version, SCRATCH_BUS)
    };
    (
        seen.rx.len(),
        reference::differences(&seen.rx, &rx_reference, element),
    )
}

#[test]
fn msm8996_wrap_queues_what_the_linux_series_v21_queues_but_for_the_listed_differences() {
    // rx: [dummy LOCK] [context] [go] [input..., EOT|NWD on the last] [dummy UNLOCK].
    // Deliberate differences: both dummies read VERSION (v21 writes 0 to it), and INT on the
    // dummy UNLOCK (rule 6). tx: none.
    let version = qcom_socs::msm8996::crypto::COMMANDS.base().get();
    for (name, request) in REQUESTS {
        let (len, diffs) =
            compare::<Msm8996Wrap>(qcom_socs::msm8996::crypto::COMMANDS, request, false);
        let last = len - 1;
        assert_eq!(
            diffs,
            [
                Diff::DummyReads {
                    at: 0,
                    register: version,
                    value: 0
                },
                Diff::DummyReads {
                    at: last,
                    register: version,
                    value: 0
                },
                Diff::Int { at: last },
            ],
            "{name}"
        );
    }
}

#[test]
fn sm8550_merge_queues_the_vendor_qce50_pattern_but_for_the_listed_differences() {
    // rx: [context, LOCK] [go] [input..., EOT|NWD on the last] [dummy UNLOCK]: LOCK on the
    // own first command descriptor as the vendor does, and the dummy UNLOCK writes CONFIG =
    // 0xE01EF as the vendor's `unlock_all_pipes` does (the SoC's `unlock:`). The one deliberate
    // difference: INT on the dummy UNLOCK (rule 6). tx: none (the v21 stream).
    for (name, request) in REQUESTS {
        let (len, diffs) =
            compare::<qcom_socs::sm8550::Lock>(qcom_socs::sm8550::crypto::COMMANDS, request, true);
        let last = len - 1;
        assert_eq!(diffs, [Diff::Int { at: last }], "{name}");
    }
}

#[test]
fn the_sm8550_request_streams_written_out() {
    use reference::{CMD, EOT, INT, LOCK, NWD, UNLOCK};
    let d = |addr, size, flags| Ours { addr, size, flags };
    let request = REQUESTS[1].1; // CTR over 70,000 bytes
    let seen = submit::<qcom_socs::sm8550::Lock>(qcom_socs::sm8550::crypto::COMMANDS, request);
    let (context, go) = request
        .program(qcom_socs::sm8550::crypto::COMMANDS, 4)
        .split();
    let (context, go) = (context as u16 * 16, go as u16 * 16);
    assert_eq!(
        seen.rx,
        [
            d(WORK_BUS, context, CMD | LOCK),
            d(WORK_BUS + u32::from(context), go, CMD),
            d(SRC_BUS, 32_760, 0),
            d(SRC_BUS + 32_760, 32_760, 0),
            d(SRC_BUS + 65_520, 4_480, EOT | NWD),
            d(UNLOCK_BUS, 16, CMD | UNLOCK | INT),
        ]
    );
    let dump = WORK_BUS + (MAX_COMMANDS * 16) as u32;
    assert_eq!(
        seen.tx,
        [
            d(DST_BUS, 32_760, 0),
            d(DST_BUS + 32_760, 32_760, 0),
            d(DST_BUS + 65_520, 4_480, 0),
            d(dump, 128, EOT),
        ]
    );
}

// Descriptor flag bits (BAM HPG: INT 15, EOT 14, EOB 13, NWD 12, CMD 11).
const FLAG_EOT: u16 = 1 << 14;
const FLAG_NWD: u16 = 1 << 12;
const FLAG_CMD: u16 = 1 << 11;

/// The data descriptors `pipe` processed: address, size, and EOT|NWD of their flags.
fn data_descriptors<R: BamRevision>(bam: &FakeBam<R>, pipe: u32) -> Vec<(u32, u16, u16)> {
    bam.log()
        .processed
        .iter()
        .filter(|p| p.pipe == pipe)
        .map(|p| Ours::from(p.descriptor))
        .filter(|d| d.flags & FLAG_CMD == 0)
        .map(|d| (d.addr, d.size, d.flags & (FLAG_EOT | FLAG_NWD)))
        .collect()
}

/// An AES-CCM decryption with associated data: rx carries the commands, then the formatted
/// associated data and the tag from the request's work slot around the payload, EOT|NWD on
/// the tag only; tx carries the associated data back to the slot, the payload to `dst`, the M
/// bytes the engine writes in place of the tag to the slot, then the dump with EOT
/// (qce.yaml `ccm_aad_formatted_input`, `aead_aad_passthrough`, `ccm_tag_in_output`).
#[test]
fn a_ccm_decryption_streams_its_associated_data_payload_and_tag() {
    use socgen_qce::{AeadDirection, CcmNonce, CcmRequest};
    type T = qcom_socs::sm8550::Lock;
    let bam = FakeBam::<<T as LockTargetSpec>::Revision>::new(T::TARGET.ee);
    let rx_fifo = bam.dma(4096, 0x1000_0000);
    let tx_fifo = bam.dma(4096, 0x1100_0000);
    let scratch = bam.dma(SCRATCH_BYTES, SCRATCH_BUS);
    let work = bam.dma(SLOT_BYTES, WORK_BUS);
    let mut qce: Qce<_, _, &DmaBuf, 1> = Qce::new::<T>(
        &bam,
        qcom_socs::sm8550::crypto::COMMANDS,
        &rx_fifo,
        &tx_fifo,
        &scratch,
        &work,
    )
    .expect("driver");
    let (rx_pipe, tx_pipe) = (qce.rx_pipe().pipe(), qce.tx_pipe().pipe());
    let tag = [0xa5; 12];
    let request = CcmRequest {
        key: AesKey::Aes128(&KEY),
        nonce: CcmNonce::Nonce(&[1; 12]),
        aad: b"twenty bytes of aad!",
        direction: AeadDirection::Decrypt { tag: &tag },
        src: SRC_BUS,
        dst: DST_BUS,
        len: 100,
    };
    qce.submit_ccm(&request).expect("submitted");
    bam.run(rx_pipe, usize::MAX);
    bam.run(tx_pipe, usize::MAX);
    assert_eq!(bam.violations(), Vec::<String>::new());
    let data = |pipe| data_descriptors(&bam, pipe);
    // Slot layout: commands, dump, associated data in and out (256 each), tag in and out.
    let commands = (MAX_COMMANDS * 16) as u32;
    let (dump, aad_in) = (WORK_BUS + commands, WORK_BUS + commands + 128);
    let (aad_out, tag_in) = (aad_in + 256, aad_in + 512);
    let tag_out = tag_in + 64;
    // 2 + 20 bytes of associated data, padded to two blocks.
    assert_eq!(
        data(rx_pipe),
        [
            (aad_in, 32, 0),
            (SRC_BUS, 100, 0),
            (tag_in, 12, FLAG_EOT | FLAG_NWD)
        ]
    );
    assert_eq!(
        data(tx_pipe),
        [
            (aad_out, 32, 0),
            (DST_BUS, 100, 0),
            (tag_out, 12, 0),
            (dump, 128, FLAG_EOT)
        ]
    );
    // The slot holds the formatted associated data and the tag the engine compares.
    let bytes = work.device_bytes();
    let at = |bus: u32| (bus - WORK_BUS) as usize;
    assert_eq!(bytes[at(aad_in)..at(aad_in) + 2], [0, 20]);
    assert_eq!(
        &bytes[at(aad_in) + 2..at(aad_in) + 22],
        b"twenty bytes of aad!"
    );
    assert!(
        bytes[at(aad_in) + 22..at(aad_in) + 32]
            .iter()
            .all(|&b| b == 0)
    );
    assert_eq!(bytes[at(tag_in)..at(tag_in) + 12], tag);
}
