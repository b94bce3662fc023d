//! The driver against the fake BAM: behaviour and register sequences per revision (the
//! failure modes found in review of the C implementation are `failure_modes.rs`).
//!
//! Lock targets are the hand-written stand-ins of `socgen_bam::testing` (sm8550: merge,
//! msm8996: wrap, a hypothetical v1.4 target with a write dummy).

mod common;

use common::*;
use socgen_bam::descriptor::{FLAG_EOT, FLAG_INT, FLAG_NWD};
use socgen_bam::testing::{
    DmaBuf, FakeBam, HypotheticalV1_4WriteLock, Msm8996WrapLock, P_IRQ_PRCSD_DESC,
    P_IRQ_TRNSFR_END, Sm8550CryptoLock, V1_3_0, V1_4_0, V1_7_0,
};
use socgen_bam::{
    Bam, CNFG_BITS_DEFAULT, DataFlags, Descriptor, Direction, Error, LockPlan, Pipe, SCRATCH_BYTES,
    Ticket, Transaction,
};
use socgen_runtime::bam::regs::PCtrl;
use socgen_runtime::bam::{BamRevision, LockTarget, LockTargetSpec, PipeLocking};
use socgen_runtime::{CeCommand, CommandElement, Io};

// --- lock placement ---------------------------------------------------------------------------

#[test]
fn wrap_puts_a_dummy_lock_first_and_a_dummy_unlock_last_with_eot_nwd_on_the_data() {
    let rig = Rig::new(4096);
    let mut pipe = rig.wrap();
    pipe.submit(&cmds_then_data()).expect("room");
    rig.bam.run(6, usize::MAX);
    let seen = rig.processed();
    assert_eq!(seen.len(), 4, "LOCK, commands, data, UNLOCK: {seen:?}");
    assert!(seen[0].is_command() && seen[0].locks() && !seen[0].unlocks());
    assert_eq!((seen[0].addr(), seen[0].size()), (SCRATCH_BUS, 16));
    assert!(seen[1].is_command() && !seen[1].locks() && !seen[1].unlocks());
    assert_eq!((seen[1].addr(), seen[1].size()), (CMDS_BUS, 12 * 16));
    assert!(!seen[2].is_command() && seen[2].flags() == FLAG_EOT | FLAG_NWD);
    assert!(seen[3].unlocks() && seen[3].has(FLAG_INT) && seen[3].addr() == SCRATCH_BUS);
    assert_eq!(rig.bam.lock_owner(), None);
    rig.assert_no_violations();
}

#[test]
fn merge_costs_no_descriptor_when_commands_open_and_close_the_transaction() {
    let rig = Rig::new(4096);
    let mut pipe = rig.merge();
    assert_eq!(pipe.chain(&cmds_data_cmds()).extra(), 0);
    pipe.submit(&cmds_data_cmds()).expect("room");
    rig.bam.run(4, usize::MAX);
    let seen = rig.processed();
    assert_eq!(seen.len(), 3, "no dummy descriptors: {seen:?}");
    assert!(seen[0].locks() && seen[0].addr() == CMDS_BUS);
    assert!(seen[1].flags() == FLAG_EOT | FLAG_NWD && !seen[1].is_command());
    assert!(seen[2].unlocks() && seen[2].has(FLAG_INT) && seen[2].addr() == CMDS_BUS + 12 * 16);
    rig.assert_no_violations();
}

#[test]
fn merge_adds_a_dummy_only_where_the_transaction_has_no_command_descriptor() {
    let rig = Rig::new(4096);
    let mut pipe = rig.merge();
    // Ends with data: one dummy UNLOCK.
    pipe.submit(&cmds_then_data()).expect("room");
    // Starts with data: one dummy LOCK.
    pipe.submit(&txn(&[(false, 64), (true, 2)])).expect("room");
    // Data only: both.
    pipe.submit(&txn(&[(false, 64)])).expect("room");
    // A single command descriptor: LOCK on it, a dummy UNLOCK (never both on one).
    pipe.submit(&txn(&[(true, 3)])).expect("room");
    rig.bam.run(4, usize::MAX);
    let shape: Vec<(bool, bool, bool, bool)> = rig
        .processed()
        .iter()
        .map(|d| {
            (
                d.locks(),
                d.unlocks(),
                // A dummy: its element lives in the driver's scratch lines.
                (SCRATCH_BUS..SCRATCH_BUS + 128).contains(&d.addr()),
                d.is_command(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (true, false, false, true),
            (false, false, false, false),
            (false, true, true, true),
            (true, false, true, true),
            (false, false, false, false),
            (false, true, false, true),
            (true, false, true, true),
            (false, false, false, false),
            (false, true, true, true),
            (true, false, false, true),
            (false, true, true, true),
        ]
    );
    rig.assert_no_violations();
}

#[test]
fn an_unlocked_pipe_never_sets_lock_flags_or_nwd() {
    let rig = Rig::new(4096);
    let mut pipe = rig.unlocked(3);
    assert_eq!(pipe.plan(), LockPlan::Unlocked);
    pipe.submit(&cmds_data_cmds()).expect("room");
    rig.bam.run(3, usize::MAX);
    let seen = rig.processed();
    assert_eq!(seen.len(), 3);
    assert!(
        seen.iter()
            .all(|d| !d.locks() && !d.unlocks() && !d.has(FLAG_NWD))
    );
    assert!(seen[2].has(FLAG_INT) && !seen[0].has(FLAG_INT));
}

// --- FIFO -------------------------------------------------------------------------------------

#[test]
fn buffers_above_32760_bytes_and_blocks_above_2047_elements_are_split() {
    let rig = Rig::new(4096);
    let mut pipe = rig.wrap();
    let mut t: Transaction<2> = Transaction::new();
    t.commands(0x5000_0000, 2048).expect("commands");
    t.data_with_flags(0x6000_0000, 70_000, DataFlags::EOT)
        .expect("data");
    let chain: Vec<Descriptor> = pipe.chain(&t).collect();
    let pieces: Vec<(u32, u16, bool)> = chain[1..chain.len() - 1]
        .iter()
        .map(|d| (d.addr(), d.size(), d.has(FLAG_EOT)))
        .collect();
    assert_eq!(
        pieces,
        [
            (0x5000_0000, 2047 * 16, false),
            (0x5000_0000 + 2047 * 16, 16, false),
            (0x6000_0000, 32_760, false),
            (0x6000_0000 + 32_760, 32_760, false),
            (0x6000_0000 + 65_520, 4_480, true),
        ],
        "EOT only on the buffer's last piece"
    );
    pipe.submit(&t).expect("room");
}

#[test]
fn the_ring_wraps_around_and_every_doorbell_is_the_tail_byte_offset() {
    let rig = Rig::new(7 * 8); // 7 slots, 6 usable
    let mut pipe = rig.wrap();
    let evnt = V1_7_0::P_EVNT_REG.at(6, 0).expect("pipe 6");
    let mut expected_tail = 0u32;
    for round in 0..20 {
        let t = if round % 2 == 0 {
            cmds_then_data()
        } else {
            txn(&[(false, 8)])
        };
        let needed = pipe.chain(&t).total();
        let ticket = pipe.submit(&t).expect("room after the last round");
        expected_tail = (expected_tail + needed) % 7;
        let last_write = rig.bam.log().register_writes.last().copied();
        assert_eq!(
            last_write,
            Some((evnt, expected_tail * 8)),
            "one doorbell, last"
        );
        rig.bam.run(6, usize::MAX);
        assert_eq!(poll_all(&mut pipe), [ticket]);
    }
    assert_eq!(rig.bam.log().doorbells, 20, "one doorbell per submission");
    rig.assert_no_violations();
}

#[test]
fn submit_cleans_the_slots_it_wrote_so_a_non_coherent_device_sees_them() {
    // The fake's DMA memory is non-coherent: the device only sees cleaned bytes. Any missing
    // clean would show up as stale (zero) descriptors or an in-flight mismatch.
    let rig = Rig::new(5 * 8);
    let mut pipe = rig.merge();
    for _ in 0..10 {
        pipe.submit(&cmds_data_cmds()).expect("room");
        rig.bam.run(4, usize::MAX);
        poll_all(&mut pipe);
    }
    assert_eq!(rig.processed().len(), 30);
    assert!(rig.processed().iter().all(|d| d.addr() != 0));
    rig.assert_no_violations();
}

#[test]
fn a_chain_longer_than_the_fifo_is_refused_as_too_long_not_full() {
    let rig = Rig::new(4 * 8); // 3 usable slots
    let mut pipe = rig.wrap();
    assert_eq!(
        pipe.submit(&txn(&[(true, 1), (false, 1), (false, 1)])),
        Err(Error::ChainTooLong {
            needed: 5,
            capacity: 3
        })
    );
    assert_eq!(
        pipe.submit(&Transaction::<1>::new()),
        Err(Error::EmptyTransaction)
    );
}

#[test]
fn too_many_pending_transactions_are_refused_without_writing() {
    let rig = Rig::new(4096);
    let mut pipe: Pipe<V1_7_0, _, _, 2> =
        Pipe::new_locked::<Msm8996WrapLock>(&rig.bam, &rig.fifo, &rig.scratch).expect("pipe");
    pipe.submit(&cmds_then_data()).expect("1");
    pipe.submit(&cmds_then_data()).expect("2");
    let before = rig.fifo.cpu_bytes();
    assert_eq!(pipe.submit(&cmds_then_data()), Err(Error::TooManyPending));
    assert_eq!(rig.fifo.cpu_bytes(), before);
    assert_eq!(rig.bam.log().doorbells, 2);
}

#[test]
fn poll_refuses_impossible_hardware_positions() {
    /// Broken hardware: `P_SW_OFSTS` reads as a fixed value.
    struct Stuck {
        sw_ofsts: usize,
        value: u32,
    }
    impl Io for Stuck {
        fn read32(&self, offset: usize) -> u32 {
            if offset == self.sw_ofsts {
                self.value
            } else {
                0
            }
        }
        fn write32(&self, _: usize, _: u32) {}
    }
    let sw_ofsts = V1_7_0::P_SW_OFSTS.at(6, 0).expect("pipe 6");
    let fifo = DmaBuf::coherent(16 * 8, FIFO_BUS);
    // An unlocked commands-then-data chain is 2 descriptors in a 16-slot ring.
    for (value, valid) in [(12, false), (16 * 8, false), (3 * 8, false), (2 * 8, true)] {
        let io = Stuck { sw_ofsts, value };
        let mut p: Pipe<V1_7_0, _, _> =
            Pipe::new(io, 6, 0, Direction::MemToDev, &fifo).expect("pipe");
        p.submit(&cmds_then_data()).expect("room");
        let result = p.poll(|_| {});
        if valid {
            assert_eq!(result, Ok(1));
        } else {
            assert_eq!(result, Err(Error::BadHardwareOffset { offset: value }));
            assert_eq!(p.pending(), 1, "nothing completed on a bad reading");
        }
    }
}

#[test]
fn bad_fifo_and_pipe_numbers_are_refused() {
    let bam = FakeBam::<V1_7_0>::new(0);
    let one_slot = DmaBuf::new(8, FIFO_BUS);
    let misaligned_bus = DmaBuf::new(64, FIFO_BUS + 4);
    let misaligned_cpu = DmaBuf::with_cpu_offset(64, FIFO_BUS, 4);
    let good = DmaBuf::new(64, FIFO_BUS);
    for fifo in [&one_slot, &misaligned_bus, &misaligned_cpu] {
        let r = Pipe::<V1_7_0, _, _>::new(&bam, 1, 0, Direction::MemToDev, fifo);
        assert_eq!(r.err(), Some(Error::BadFifo));
    }
    let r = Pipe::<V1_7_0, _, _>::new(&bam, 31, 0, Direction::MemToDev, &good);
    assert_eq!(r.err(), Some(Error::BadPipe));
    let r = Pipe::<V1_7_0, _, _>::new(&bam, 1, u32::MAX, Direction::MemToDev, &good);
    assert_eq!(r.err(), Some(Error::BadEe));

    struct PipeBeyondChannels;
    impl LockTargetSpec for PipeBeyondChannels {
        type Revision = V1_7_0;
        const TARGET: LockTarget = LockTarget {
            pipe: 20,
            ..Sm8550CryptoLock::TARGET
        };
    }
    let scratch = DmaBuf::new(SCRATCH_BYTES, SCRATCH_BUS);
    let r = Pipe::<V1_7_0, _, _>::new_locked::<PipeBeyondChannels>(&bam, &good, &scratch);
    assert_eq!(
        r.err(),
        Some(Error::BadPipe),
        "sm8550's cryptobam has 20 pipes"
    );
}

// --- registers, per revision --------------------------------------------------------------------

/// The register writes of pipe init, in order, as bam.yaml `driver_sequences.channel_init_hw`.
fn expected_pipe_init<R: BamRevision>(
    pipe: u32,
    ee: u32,
    fifo_bus: u32,
    fifo_sizes: u32,
    ctrl: u32,
) -> Vec<(usize, u32)> {
    let at = |loc: socgen_runtime::bam::RegLoc| loc.at(pipe, 0).expect("in range");
    vec![
        (at(R::P_RST), 1),
        (at(R::P_RST), 0),
        (at(R::P_DESC_FIFO_ADDR), fifo_bus),
        (at(R::P_FIFO_SIZES), fifo_sizes),
        (at(R::P_IRQ_EN), 0x31),
        (R::IRQ_SRCS_MSK_EE.at(0, ee).expect("ee"), 1 << pipe),
        (at(R::P_CTRL), ctrl),
    ]
}

#[test]
fn pipe_init_on_v1_7_follows_bam_chan_init_hw_at_the_v1_7_offsets() {
    let rig = Rig::new(32 * 1024);
    let _pipe = rig.merge();
    let writes = rig.bam.log().register_writes.clone();
    assert_eq!(
        writes,
        expected_pipe_init::<V1_7_0>(4, 0, FIFO_BUS, 0x7ff8, 0x2_0022),
        "32 KiB of FIFO: 4095 slots (0x7ff8), as bam_dma.c; P_EN | P_SYS_MODE | \
         P_LOCK_GROUP = 2 (sm8550's lock group, bits 20..16)"
    );
    assert_eq!(
        writes[0].0, 0x17004,
        "v1.7 P_RST of pipe 4: 0x13004 + 4 * 0x1000"
    );
    assert_eq!(writes[2].0, 0x1781c, "v1.7 P_DESC_FIFO_ADDR of pipe 4");
}

#[test]
fn pipe_init_on_v1_3_uses_the_v1_3_offsets_and_direction_bit() {
    let bam = FakeBam::<V1_3_0>::new(0);
    let fifo = bam.dma(1024, FIFO_BUS);
    let pipe: Pipe<V1_3_0, _, _> = Pipe::new(&bam, 5, 0, Direction::DevToMem, &fifo).expect("pipe");
    assert_eq!(
        bam.log().register_writes,
        expected_pipe_init::<V1_3_0>(5, 0, FIFO_BUS, 1024, 0x2a),
        "P_EN | P_SYS_MODE | P_DIRECTION for peripheral to memory"
    );
    assert_eq!(
        bam.log().register_writes[0].0,
        0x284,
        "v1.3 P_RST: 0x4 + 5 * 0x80"
    );
    assert_eq!(
        bam.log().register_writes[2].0,
        0x115c,
        "v1.3 P_DESC_FIFO_ADDR: 0x101c + 5 * 0x40"
    );
    assert_eq!(pipe.plan(), LockPlan::Unlocked);
}

/// `P_CTRL` of the rx (locking) and tx pipes of target `T`, on a fresh fake.
fn p_ctrl_of_both_pipes<T: LockTargetSpec>() -> (u32, u32)
where
    T::Revision: PipeLocking,
{
    let bam = FakeBam::<T::Revision>::new(T::TARGET.ee);
    let (rx_fifo, tx_fifo) = (bam.dma(4096, FIFO_BUS), bam.dma(4096, 0x5000_0000));
    let scratch = bam.dma(SCRATCH_BYTES, SCRATCH_BUS);
    let rx: Pipe<T::Revision, _, _> =
        Pipe::new_locked::<T>(&bam, &rx_fifo, &scratch).expect("rx pipe");
    let tx: Pipe<T::Revision, _, _> = Pipe::new_tx::<T>(&bam, &tx_fifo).expect("tx pipe");
    (
        bam.reg(<T::Revision as BamRevision>::P_CTRL, rx.pipe()),
        bam.reg(<T::Revision as BamRevision>::P_CTRL, tx.pipe()),
    )
}

#[test]
fn both_pipes_of_a_lock_target_carry_its_lock_group_in_p_ctrl() {
    // Vendor qce50.c gives both connections of a pipe pair `lock_group = pipe_pair_index`,
    // and the vendor bam.c writes it into P_CTRL.P_LOCK_GROUP (open question Q6 in
    // docs/HARDWARE-VALIDATION.md).
    fn check<T: LockTargetSpec>(group: u32)
    where
        T::Revision: PipeLocking,
    {
        assert_eq!(T::TARGET.lock_group, group);
        let (rx, tx) = p_ctrl_of_both_pipes::<T>();
        let base = PCtrl::ZERO
            .with_p_en(true)
            .with_p_sys_mode(true)
            .try_with_p_lock_group(group)
            .expect("the group fits");
        assert_eq!(rx, base.to_bits(), "{}: rx pipe", T::TARGET.soc);
        let tx_ctrl = base.with_p_direction(true);
        assert_eq!(tx, tx_ctrl.to_bits(), "{}: tx pipe", T::TARGET.soc);
        // bam.yaml p_ctrl_bits.P_LOCK_GROUP, bits 20..16, independently of the typed value.
        assert_eq!((rx >> 16) & 0x1f, group);
        assert_eq!((tx >> 16) & 0x1f, group);
    }
    check::<Sm8550CryptoLock>(2);
    check::<Msm8996WrapLock>(3);
    check::<HypotheticalV1_4WriteLock>(1);
    // The highest group the 5-bit field holds.
    struct Group31;
    impl LockTargetSpec for Group31 {
        type Revision = V1_7_0;
        const TARGET: LockTarget = LockTarget {
            lock_group: 31,
            ..Sm8550CryptoLock::TARGET
        };
    }
    check::<Group31>(31);
}

#[test]
fn a_lock_group_that_does_not_fit_p_lock_group_is_refused_before_any_register_write() {
    struct Group32;
    impl LockTargetSpec for Group32 {
        type Revision = V1_7_0;
        const TARGET: LockTarget = LockTarget {
            lock_group: 32,
            ..Sm8550CryptoLock::TARGET
        };
    }
    struct GroupMax;
    impl LockTargetSpec for GroupMax {
        type Revision = V1_7_0;
        const TARGET: LockTarget = LockTarget {
            lock_group: u32::MAX,
            ..Sm8550CryptoLock::TARGET
        };
    }
    let bam = FakeBam::<V1_7_0>::new(0);
    let fifo = bam.dma(4096, FIFO_BUS);
    let scratch = bam.dma(SCRATCH_BYTES, SCRATCH_BUS);
    let r = Pipe::<V1_7_0, _, _>::new_locked::<Group32>(&bam, &fifo, &scratch);
    assert_eq!(r.err(), Some(Error::BadLockGroup));
    let r = Pipe::<V1_7_0, _, _>::new_tx::<Group32>(&bam, &fifo);
    assert_eq!(r.err(), Some(Error::BadLockGroup));
    let r = Pipe::<V1_7_0, _, _>::new_locked::<GroupMax>(&bam, &fifo, &scratch);
    assert_eq!(r.err(), Some(Error::BadLockGroup));
    assert!(
        bam.log().register_writes.is_empty(),
        "refused before touching the pipe"
    );
    assert!(
        scratch.device_bytes().iter().all(|&b| b == 0),
        "and before writing the lock element"
    );
}

#[test]
fn a_descriptor_the_sps_rules_refuse_raises_the_error_interrupt_the_pipe_reports() {
    // The fake refuses (and the driver never builds) e.g. NWD on data without EOT; written
    // by hand here, it halts the pipe with P_IRQ_STTS.ERR, which `ack_irq` reports; `reset`
    // recovers the pipe.
    let rig = Rig::new(4096);
    let mut pipe = rig.unlocked(3);
    let t = pipe.submit(&txn(&[(false, 64)])).expect("room");
    rig.bam.run(3, usize::MAX);
    assert_eq!(poll_all(&mut pipe), [t]);
    // What a regression would write into the next slot: data|NWD without EOT.
    let bad = Descriptor::from_bytes([0, 0, 0, 0x40, 64, 0, 0x00, 0x10]);
    rig.fifo.write_and_clean(8, &bad.to_bytes());
    rig.bam
        .write32(V1_7_0::P_EVNT_REG.at(3, 0).expect("pipe 3"), 16);
    assert_eq!(rig.bam.run(3, usize::MAX), 0);
    assert!(pipe.ack_irq().p_err());
    assert!(rig.bam.violations()[0].contains("NWD is only valid with EOT or CMD"));
    pipe.reset(|_, _| {});
    assert!(!rig.bam.halted(3));
}

#[test]
fn bam_init_follows_bam_reset_and_is_skipped_when_controlled_remotely() {
    // sm8550's cryptobam is controlled remotely: not one register write.
    let bam17 = FakeBam::<V1_7_0>::new(0);
    let b = Bam::<V1_7_0, _>::for_target::<Sm8550CryptoLock>(&bam17).expect("bam");
    assert!(bam17.log().register_writes.is_empty());
    assert!(!b.init(true));

    // The hypothetical v1.4 target is locally controlled, EE 1.
    let bam14 = FakeBam::<V1_4_0>::new(1);
    let _b = Bam::<V1_4_0, _>::for_target::<HypotheticalV1_4WriteLock>(&bam14).expect("bam");
    assert_eq!(
        bam14.log().register_writes,
        [
            (0x0000, 0x1), // CTRL |= SW_RST
            (0x0000, 0x0), // CTRL &= !SW_RST
            (0x0000, 0x2), // CTRL |= EN
            (0x0008, 4),   // DESC_CNT_TRSHLD
            (0x007c, CNFG_BITS_DEFAULT),
            (0x001c, 0x6),     // IRQ_EN: ERROR | HRESP_ERR
            (0x0884, 1 << 31), // IRQ_SRCS_MSK_EE of EE 1: 0x804 + 0x80
        ]
    );
    assert_eq!(CNFG_BITS_DEFAULT, 0x0fff_f004);
}

#[test]
fn pipe_and_bam_interrupts_are_read_and_cleared() {
    let rig = Rig::new(4096);
    let mut pipe = rig.merge();
    let bam = Bam::<V1_7_0, _>::new(&rig.bam, 0).expect("bam");
    pipe.submit(&cmds_then_data()).expect("room");
    rig.bam.run(4, usize::MAX);
    let sources = bam.irq_sources();
    assert_eq!((sources.pipes, sources.bam), (1 << 4, false));
    assert_eq!(
        pipe.ack_irq().to_bits(),
        P_IRQ_PRCSD_DESC | P_IRQ_TRNSFR_END,
        "EOT on the data before the dummy UNLOCK, INT on the UNLOCK (the last descriptor)"
    );
    assert_eq!(bam.irq_sources().pipes, 0, "cleared");
    let stts = V1_7_0::IRQ_STTS.at(0, 0).expect("global");
    rig.bam.write32(stts, 0x4);
    assert_eq!(bam.ack_bam_irq(), 0x4);
    assert_eq!(rig.bam.read32(stts), 0);
}

#[test]
fn a_held_lock_keeps_the_other_side_out_until_its_unlock() {
    // Pipe 4 is ours (sm8550, merge); pipe 8 stands for the other execution environment.
    let rig = Rig::new(4096);
    let mut ours = rig.merge();
    let other_fifo = rig.bam.dma(4096, 0x5000_0000);
    let mut other: V17Pipe<'_> =
        Pipe::new(&rig.bam, 8, 0, Direction::MemToDev, &other_fifo).expect("pipe");
    ours.submit(&cmds_then_data()).expect("room");
    other.submit(&txn(&[(true, 1)])).expect("room");
    rig.bam.run(4, 1); // our LOCK is processed
    assert_eq!(rig.bam.lock_owner(), Some(4));
    assert_eq!(rig.bam.run(8, usize::MAX), 0, "the other pipe waits");
    rig.bam.run(4, usize::MAX);
    assert_eq!(
        rig.bam.run(8, usize::MAX),
        1,
        "after our UNLOCK it proceeds"
    );
    rig.assert_no_violations();
}

#[test]
fn a_write_dummy_writes_the_declared_value_to_the_scratchpad() {
    let bam = FakeBam::<V1_4_0>::new(1);
    let fifo = bam.dma(4096, FIFO_BUS);
    let scratch = bam.dma(SCRATCH_BYTES, SCRATCH_BUS);
    let mut pipe: Pipe<V1_4_0, _, _> =
        Pipe::new_locked::<HypotheticalV1_4WriteLock>(&bam, &fifo, &scratch).expect("pipe");
    let ce: [u8; 16] = scratch.device_bytes()[..16].try_into().expect("16");
    let ce = CommandElement::from_bytes(ce).expect("valid");
    assert_eq!(
        (ce.command(), ce.address().get(), ce.data(), ce.mask()),
        (CeCommand::Write, 0x3a000, 0, u32::MAX)
    );
    let mut t: Transaction<1> = Transaction::new();
    t.data(DATA_BUS, 16).expect("data");
    pipe.submit(&t).expect("room");
    bam.run(2, usize::MAX);
    assert_eq!(
        bam.log().ce_writes,
        [(0x3a000, 0), (0x3a000, 0)],
        "LOCK and UNLOCK"
    );
    assert!(bam.log().ce_reads.is_empty());
    assert!(bam.violations().is_empty(), "{:?}", bam.violations());
}

// --- reset -------------------------------------------------------------------------------------

#[test]
fn a_reset_while_locked_unlocks_the_pipe_scrubs_the_fifo_and_fails_pending_tickets() {
    let rig = Rig::new(4096);
    let mut pipe = rig.wrap();
    let a = pipe.submit(&cmds_then_data()).expect("room");
    let b = pipe.submit(&cmds_then_data()).expect("room");
    rig.bam.run(6, 2); // LOCK and commands of `a`: locked, mid-transaction
    assert_eq!(rig.bam.lock_owner(), Some(6));
    let mut failed: Vec<(Ticket, Error)> = Vec::new();
    assert_eq!(pipe.reset(|t, e| failed.push((t, e))), 2);
    assert_eq!(
        failed,
        [(a, Error::Reset), (b, Error::Reset)],
        "in order, none silently"
    );
    assert_eq!(rig.bam.lock_owner(), None, "P_RST dropped the lock");
    // Nothing of `a` or `b` is left: the ring holds only the reset's lone UNLOCK, for a BAM
    // whose P_RST would have kept the lock.
    assert_eq!(rig.bam.in_flight(6), 1);
    let lone = rig.fifo.device_bytes()[..8].to_vec();
    assert!(
        rig.fifo.device_bytes()[8..].iter().all(|&b| b == 0),
        "nothing else left in the FIFO"
    );
    let lone = Descriptor::from_bytes(lone.try_into().expect("8 bytes"));
    assert!(lone.is_command() && lone.unlocks() && !lone.locks());
    assert_eq!((pipe.pending(), pipe.in_flight()), (0, 1));
    assert_eq!(pipe.submit(&cmds_then_data()), Err(Error::Recovering));
    rig.bam.run(6, 1);
    assert_eq!(pipe.poll(|_| {}), Ok(0), "the UNLOCK has no ticket");
    let c = pipe
        .submit(&cmds_then_data())
        .expect("usable once the UNLOCK went by");
    rig.bam.run(6, usize::MAX);
    assert_eq!(poll_all(&mut pipe), [c]);
    assert_eq!(rig.bam.lock_owner(), None);
    rig.assert_no_violations();
}

#[test]
fn the_companion_tx_pipe_is_peripheral_to_memory_and_unlocked() {
    let rig = Rig::new(4096);
    let tx_fifo = rig.bam.dma(4096, 0x5000_0000);
    let tx: V17Pipe<'_> = Pipe::new_tx::<Sm8550CryptoLock>(&rig.bam, &tx_fifo).expect("pipe");
    assert_eq!(
        (tx.pipe(), tx.direction(), tx.plan()),
        (5, Direction::DevToMem, LockPlan::Unlocked)
    );
}
