//! Lock targets that unlock otherwise than they lock (`LockTargetSpec::UNLOCK`), as the vendor
//! QCE driver does: LOCK on the transaction's own first write command descriptor (merge), and
//! UNLOCK on a separate command descriptor whose one element writes `CONFIG`'s reset value
//! 0xE01EF (`CRYPTO_CONFIG_RESET` in vendor qce50.c), or, below crypto 5.3, on a command
//! descriptor with no element at all (`_qce_unlock_other_pipes`); and the lone UNLOCK a reset
//! of a locking pipe sends.

use socgen_bam::testing::{DmaBuf, FakeBam, Sm8550CryptoLock, V1_7_0};
use socgen_bam::{
    DataFlags, DmaRegion, Error, LockPlan, Pipe, SCRATCH_BYTES, Transaction, UnlockDummy,
};
use socgen_runtime::bam::{DummyAccess, DummyElement, LockTarget, LockTargetSpec, UnlockWith};
use socgen_runtime::{CeAddr, CeCommand, CommandElement};

/// QCE v5 `CONFIG` at offset 0x400 of the engine, which sits 0x3a000 into sm8550's
/// 256 KiB-aligned BAM block (`socs/sm8550.yaml`, `bam_offset18`).
const CONFIG: CeAddr = CeAddr::new_const::<0x3a400>();
const CONFIG_RESET: u32 = 0xE01EF;

/// sm8550's stand-in target, unlocking with the vendor's CONFIG write.
struct VendorUnlock;

impl LockTargetSpec for VendorUnlock {
    type Revision = V1_7_0;
    const TARGET: LockTarget = Sm8550CryptoLock::TARGET;
    const UNLOCK: UnlockWith = UnlockWith::Element(DummyElement {
        register: CONFIG,
        access: DummyAccess::Write(CONFIG_RESET),
    });
}

/// sm8550's stand-in target, unlocking with a command descriptor of size 0.
struct EmptyUnlock;

impl LockTargetSpec for EmptyUnlock {
    type Revision = V1_7_0;
    const TARGET: LockTarget = Sm8550CryptoLock::TARGET;
    const UNLOCK: UnlockWith = UnlockWith::NoElement;
}

fn element_at(buf: &DmaBuf, offset: usize) -> CommandElement {
    let bytes = buf.device_bytes();
    let mut raw = [0u8; 16];
    raw.copy_from_slice(&bytes[offset..offset + CommandElement::SIZE]);
    CommandElement::from_bytes(raw).expect("a read or a write element")
}

#[test]
fn the_unlock_descriptor_carries_the_targets_own_unlock_element() {
    let bam = FakeBam::<V1_7_0>::new(0);
    let fifo = bam.dma(4096, 0x1000_0000);
    let scratch = bam.dma(SCRATCH_BYTES, 0x2000_0000);
    let cmds = bam.dma(16 * 4, 0x3000_0000);
    for i in 0..4u32 {
        let reg = CeAddr::new(0x3a100 + 4 * i).expect("24-bit");
        cmds.write_and_clean(16 * i as usize, &CommandElement::write(reg, i).to_bytes());
    }
    let mut pipe: Pipe<V1_7_0, _, _> =
        Pipe::new_locked::<VendorUnlock>(&bam, &fifo, &scratch).expect("pipe");
    let LockPlan::Locked { ce_bus, unlock, .. } = pipe.plan() else {
        panic!("a locked plan");
    };
    assert_eq!(
        unlock,
        UnlockDummy::element(ce_bus + 16),
        "the unlock element follows the lock element"
    );

    // The lock element is still the scratchpad read; the unlock element is the CONFIG write.
    let lock = element_at(&scratch, 0);
    assert_eq!(lock.command(), CeCommand::Read);
    assert_eq!(lock.address(), Sm8550CryptoLock::TARGET.scratchpad);
    let element = element_at(&scratch, 16);
    assert_eq!(element.command(), CeCommand::Write);
    assert_eq!((element.address(), element.data()), (CONFIG, CONFIG_RESET));

    // Merge on a QCE-shaped transaction (commands, then data): LOCK on the own first command
    // descriptor, UNLOCK on the dummy, which now points at the CONFIG write.
    let mut txn: Transaction<2> = Transaction::new();
    txn.commands(0x3000_0000, 4)
        .and_then(|t| t.data_with_flags(0x4000_0000, 64, DataFlags::EOT_NWD))
        .expect("segments");
    let chain: Vec<_> = pipe.chain(&txn).collect();
    assert_eq!(chain.len(), 3);
    assert!(chain[0].locks() && chain[0].addr() == 0x3000_0000);
    assert!(chain[2].unlocks() && chain[2].addr() == unlock.bus && chain[2].size() == 16);

    pipe.submit(&txn).expect("submit");
    bam.run(pipe.pipe(), usize::MAX);
    assert_eq!(bam.violations(), Vec::<String>::new());
    assert_eq!(bam.lock_owner(), None, "the CONFIG write unlocked");
    assert_eq!(bam.peripheral(0x3a400), CONFIG_RESET, "and it ran");
}

/// sm8550's stand-in target, unlocking on its lock dummy (no `unlock:`).
struct DummyUnlock;

impl LockTargetSpec for DummyUnlock {
    type Revision = V1_7_0;
    const TARGET: LockTarget = Sm8550CryptoLock::TARGET;
    const UNLOCK: UnlockWith = UnlockWith::LockDummy;
}

#[test]
fn without_an_unlock_element_both_dummies_share_the_lock_element() {
    let bam = FakeBam::<V1_7_0>::new(0);
    let fifo = bam.dma(4096, 0x1000_0000);
    let scratch = bam.dma(SCRATCH_BYTES, 0x2000_0000);
    let pipe: Pipe<V1_7_0, _, _> =
        Pipe::new_locked::<DummyUnlock>(&bam, &fifo, &scratch).expect("pipe");
    let LockPlan::Locked { ce_bus, unlock, .. } = pipe.plan() else {
        panic!("a locked plan");
    };
    assert_eq!(unlock, UnlockDummy::element(ce_bus));
    assert_eq!(
        scratch.device_bytes()[16..32],
        [0u8; 16],
        "no second element"
    );
}

/// A fake BAM with the FIFO, the scratch lines and the memory [`qce_shaped`] points at.
struct Rig {
    bam: FakeBam<V1_7_0>,
    fifo: DmaBuf,
    scratch: DmaBuf,
    _cmds: DmaBuf,
    _data: DmaBuf,
}

impl Rig {
    fn new() -> Self {
        let bam = FakeBam::<V1_7_0>::new(0);
        let fifo = bam.dma(4096, 0x1000_0000);
        let scratch = bam.dma(SCRATCH_BYTES, 0x2000_0000);
        let _cmds = bam.dma(16 * 4, 0x3000_0000);
        let _data = bam.dma(64, 0x4000_0000);
        Rig {
            bam,
            fifo,
            scratch,
            _cmds,
            _data,
        }
    }

    fn pipe<T: LockTargetSpec<Revision = V1_7_0>>(
        &self,
    ) -> Pipe<V1_7_0, &FakeBam<V1_7_0>, &DmaBuf> {
        Pipe::new_locked::<T>(&self.bam, &self.fifo, &self.scratch).expect("pipe")
    }
}

fn qce_shaped() -> Transaction<2> {
    let mut txn: Transaction<2> = Transaction::new();
    txn.commands(0x3000_0000, 4)
        .and_then(|t| t.data_with_flags(0x4000_0000, 64, DataFlags::EOT_NWD))
        .expect("segments");
    txn
}

#[test]
fn an_empty_unlock_is_a_command_descriptor_of_size_zero() {
    let rig = Rig::new();
    let (bam, scratch) = (&rig.bam, &rig.scratch);
    let mut pipe = rig.pipe::<EmptyUnlock>();
    let chain: Vec<_> = pipe.chain(&qce_shaped()).collect();
    assert_eq!(chain.len(), 3);
    let close = chain[2];
    assert!(close.is_command() && close.unlocks() && !close.locks());
    assert_eq!(close.size(), 0, "no element");
    assert_ne!(close.addr(), 0, "never address 0");
    assert_eq!(
        scratch.device_bytes()[16..48],
        [0u8; 32],
        "no unlock element is written"
    );
    pipe.submit(&qce_shaped()).expect("submit");
    bam.run(pipe.pipe(), usize::MAX);
    assert_eq!(bam.violations(), Vec::<String>::new());
    assert_eq!(bam.lock_owner(), None);
}

/// A reset of a locking pipe sends one UNLOCK on its own, with the target's unlock element;
/// submissions wait until the hardware has taken it.
#[test]
fn a_reset_sends_a_lone_unlock_and_submissions_wait_for_it() {
    let rig = Rig::new();
    let (bam, scratch) = (&rig.bam, &rig.scratch);
    let mut pipe = rig.pipe::<VendorUnlock>();
    let ticket = pipe.submit(&qce_shaped()).expect("submit");
    bam.run(pipe.pipe(), 1); // the LOCK-carrying command descriptor only
    assert_eq!(bam.lock_owner(), Some(pipe.pipe()));
    let mut failed = Vec::new();
    assert_eq!(pipe.reset(|t, e| failed.push((t, e))), 1);
    assert_eq!(failed, vec![(ticket, Error::Reset)]);
    assert!(pipe.recovering());
    assert_eq!(pipe.submit(&qce_shaped()), Err(Error::Recovering));
    bam.run(pipe.pipe(), usize::MAX);
    let last = *bam.processed().last().expect("the lone UNLOCK");
    assert!(last.is_command() && last.unlocks() && !last.locks());
    assert_eq!(last.addr(), scratch.bus_addr() + 16, "the CONFIG write");
    assert_eq!(bam.violations(), Vec::<String>::new());
    assert_eq!(
        pipe.submit(&qce_shaped()),
        Err(Error::Recovering),
        "not polled yet"
    );
    assert_eq!(pipe.poll(|_| {}), Ok(0));
    assert!(!pipe.recovering());
    pipe.submit(&qce_shaped()).expect("the UNLOCK went by");
    bam.run(pipe.pipe(), usize::MAX);
    let mut done = Vec::new();
    pipe.poll(|t| done.push(t)).expect("poll");
    assert_eq!(
        done.len(),
        1,
        "the recovery UNLOCK has no ticket of its own"
    );
    assert_eq!(bam.lock_owner(), None);
}

/// An unlocked pipe's reset sends nothing.
#[test]
fn an_unlocked_pipe_reset_sends_nothing() {
    let bam = FakeBam::<V1_7_0>::new(0);
    let fifo = bam.dma(4096, 0x1000_0000);
    let mut pipe: Pipe<V1_7_0, _, _> =
        Pipe::new(&bam, 3, 0, socgen_bam::Direction::MemToDev, &fifo).expect("pipe");
    pipe.reset(|_, _| {});
    assert!(!pipe.recovering());
    bam.run(3, usize::MAX);
    assert!(bam.processed().is_empty());
}
