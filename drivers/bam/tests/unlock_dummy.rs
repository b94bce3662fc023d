//! A lock target that unlocks with another access than it locks with
//! (`LockTargetSpec::UNLOCK_DUMMY`), as the vendor QCE driver does: LOCK on the transaction's
//! own first write command descriptor (merge), UNLOCK on a separate command descriptor whose
//! one element writes `CONFIG`'s reset value 0xE01EF (`CRYPTO_CONFIG_RESET` in vendor
//! qce50.c, open question Q2/Q8 in the hardware record).

use socgen_bam::testing::{DmaBuf, FakeBam, Sm8550CryptoLock, V1_7_0};
use socgen_bam::{DataFlags, LockPlan, Pipe, SCRATCH_BYTES, Transaction};
use socgen_runtime::bam::{DummyAccess, DummyElement, LockTarget, LockTargetSpec};
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
    const UNLOCK_DUMMY: Option<DummyElement> = Some(DummyElement {
        register: CONFIG,
        access: DummyAccess::Write(CONFIG_RESET),
    });
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
    let LockPlan::Locked {
        ce_bus,
        unlock_ce_bus,
        ..
    } = pipe.plan()
    else {
        panic!("a locked plan");
    };
    assert_eq!(
        unlock_ce_bus,
        ce_bus + 16,
        "the unlock element follows the lock element"
    );

    // The lock element is still the scratchpad read; the unlock element is the CONFIG write.
    let lock = element_at(&scratch, 0);
    assert_eq!(lock.command(), CeCommand::Read);
    assert_eq!(lock.address(), Sm8550CryptoLock::TARGET.scratchpad);
    let unlock = element_at(&scratch, 16);
    assert_eq!(unlock.command(), CeCommand::Write);
    assert_eq!((unlock.address(), unlock.data()), (CONFIG, CONFIG_RESET));

    // Merge on a QCE-shaped transaction (commands, then data): LOCK on the own first command
    // descriptor, UNLOCK on the dummy, which now points at the CONFIG write.
    let mut txn: Transaction<2> = Transaction::new();
    txn.commands(0x3000_0000, 4)
        .and_then(|t| t.data_with_flags(0x4000_0000, 64, DataFlags::EOT_NWD))
        .expect("segments");
    let chain: Vec<_> = pipe.chain(&txn).collect();
    assert_eq!(chain.len(), 3);
    assert!(chain[0].locks() && chain[0].addr() == 0x3000_0000);
    assert!(chain[2].unlocks() && chain[2].addr() == unlock_ce_bus);

    pipe.submit(&txn).expect("submit");
    bam.run(pipe.pipe(), usize::MAX);
    assert_eq!(bam.violations(), Vec::<String>::new());
    assert_eq!(bam.lock_owner(), None, "the CONFIG write unlocked");
    assert_eq!(bam.peripheral(0x3a400), CONFIG_RESET, "and it ran");
}

#[test]
fn without_an_unlock_element_both_dummies_share_the_lock_element() {
    let bam = FakeBam::<V1_7_0>::new(0);
    let fifo = bam.dma(4096, 0x1000_0000);
    let scratch = bam.dma(SCRATCH_BYTES, 0x2000_0000);
    let pipe: Pipe<V1_7_0, _, _> =
        Pipe::new_locked::<Sm8550CryptoLock>(&bam, &fifo, &scratch).expect("pipe");
    let LockPlan::Locked {
        ce_bus,
        unlock_ce_bus,
        ..
    } = pipe.plan()
    else {
        panic!("a locked plan");
    };
    assert_eq!(ce_bus, unlock_ce_bus);
    assert_eq!(
        scratch.device_bytes()[16..32],
        [0u8; 16],
        "no second element"
    );
}
