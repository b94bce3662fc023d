//! One named test per failure mode found in review of the C implementation (the table in
//! `docs/ARCHITECTURE.md`), against the fake BAM.

mod common;

use common::*;
use socgen_bam::testing::{DmaBuf, FakeBam, Msm8996WrapLock, V1_7_0};
use socgen_bam::{DmaRegion, Error, LockPlan, Pipe, SCRATCH_BYTES, SCRATCH_READ_WORD_OFFSET};
use socgen_runtime::bam::BamRevision;
use socgen_runtime::{CeCommand, CommandElement};

#[test]
fn failure_mode_completion_cookies_on_dummy_descriptors() {
    // In C, completion cookies on the dummy descriptors broke completion ordering. Here lock
    // descriptors belong to their transaction's ticket: processing them alone completes
    // nothing, a ticket completes only with its UNLOCK, and tickets complete in order.
    let rig = Rig::new(4096);
    let mut pipe = rig.wrap();
    let a = pipe.submit(&cmds_then_data()).expect("room");
    let b = pipe.submit(&txn(&[(false, 64)])).expect("room");
    let mut done = Vec::new();
    let mut completions_at = Vec::new();
    for step in 1..=7 {
        rig.bam.run(6, 1);
        pipe.poll(|t| {
            done.push(t);
            completions_at.push(step);
        })
        .expect("valid");
        if step == 1 {
            assert!(done.is_empty(), "the LOCK dummy completes nothing");
        }
    }
    assert_eq!(done, [a, b], "each ticket once, in submission order");
    assert_eq!(
        completions_at,
        [4, 7],
        "exactly when each UNLOCK was processed"
    );
}

#[test]
fn failure_mode_lock_injected_twice_when_a_full_fifo_resumes() {
    let rig = Rig::new(6 * 8); // 5 usable slots
    let mut pipe = rig.wrap();
    pipe.submit(&cmds_then_data()).expect("4 slots fit");
    let fifo_before = rig.fifo.cpu_bytes();
    assert_eq!(
        pipe.submit(&cmds_then_data()),
        Err(Error::FifoFull { needed: 4, free: 1 })
    );
    assert_eq!(
        rig.fifo.cpu_bytes(),
        fifo_before,
        "a refused submit writes nothing"
    );
    assert_eq!(rig.bam.log().doorbells, 1, "and rings nothing");
    rig.bam.run(6, usize::MAX);
    poll_all(&mut pipe);
    pipe.submit(&cmds_then_data()).expect("room after progress");
    rig.bam.run(6, usize::MAX);
    let locks = rig.processed().iter().filter(|d| d.locks()).count();
    let unlocks = rig.processed().iter().filter(|d| d.unlocks()).count();
    assert_eq!(
        (locks, unlocks),
        (2, 2),
        "one LOCK per accepted submission, none from the retry"
    );
    rig.assert_no_violations();
}

#[test]
fn failure_mode_failed_unlock_allocation_leaves_the_pipe_locked() {
    // In C, the UNLOCK descriptor was allocated after the LOCK was queued; when that failed the
    // pipe stayed locked and TrustZone hung. Here the whole chain is reserved first: a FIFO with
    // room for the LOCK, the commands and the data but not the UNLOCK takes nothing.
    let rig = Rig::new(4 * 8); // 3 usable slots; the chain needs 4
    let mut pipe = rig.wrap();
    let t = txn(&[(true, 12)]);
    let mut t2 = t.clone();
    t2.data(DATA_BUS, 64).expect("data");
    assert_eq!(pipe.chain(&t2).total(), 4);
    assert_eq!(
        pipe.submit(&t2),
        Err(Error::ChainTooLong {
            needed: 4,
            capacity: 3
        })
    );
    // With a transaction in flight, the same holds for a chain that would fit an empty FIFO.
    pipe.submit(&t).expect("3 slots");
    assert_eq!(pipe.free_slots(), 0);
    rig.bam.run(6, 1); // the LOCK is processed: one slot free, not enough for a 3-slot chain
    poll_all(&mut pipe);
    assert_eq!(pipe.submit(&t), Err(Error::FifoFull { needed: 3, free: 1 }));
    rig.bam.run(6, usize::MAX);
    assert_eq!(rig.bam.lock_owner(), None, "the pipe is not left locked");
    assert_eq!(rig.bam.log().doorbells, 1);
    rig.assert_no_violations();
}

#[test]
fn failure_mode_command_element_mapped_for_the_wrong_device() {
    // In C the lock command element was DMA-mapped for the client device instead of the DMA
    // controller. Here every descriptor carries the bus address the caller's `DmaRegion` gives
    // for the BAM, never a CPU pointer; the fake BAM only reaches memory by that bus address
    // and reports anything else as a violation.
    let rig = Rig::new(4096);
    let mut pipe = rig.wrap();
    pipe.submit(&cmds_then_data()).expect("room");
    rig.bam.run(6, usize::MAX);
    let lock = rig.processed()[0];
    assert_eq!(lock.addr(), rig.scratch.bus_addr());
    assert_ne!(lock.addr() as usize, rig.scratch.cpu_ptr() as usize);
    assert_eq!(
        rig.bam.reg(V1_7_0::P_DESC_FIFO_ADDR, 6),
        FIFO_BUS,
        "the FIFO, too, is programmed with its bus address"
    );
    let ce: [u8; 16] = rig.scratch.device_bytes()[..16].try_into().expect("16");
    let ce = CommandElement::from_bytes(ce).expect("valid");
    assert_eq!(ce.command(), CeCommand::Read, "msm8996 uses a dummy read");
    assert_eq!(
        ce.data(),
        SCRATCH_BUS + SCRATCH_READ_WORD_OFFSET as u32,
        "the read lands at the scratch region's bus address"
    );
    assert_eq!(rig.bam.log().ce_reads.len(), 2);
    rig.assert_no_violations();
}

#[test]
fn failure_mode_scratchpad_state_leaks_across_transactions() {
    // In C, state written into the scratchpad for one transaction leaked into the next. Here the
    // lock command element is written once, at pipe construction, and no transaction changes
    // it: every LOCK/UNLOCK dummy of every transaction points at the same, unchanged bytes. The
    // read dummy's destination is the device's alone, on its own cache line.
    let rig = Rig::new(4096);
    let mut pipe = rig.wrap();
    let element_line = rig.scratch.device_bytes()[..64].to_vec();
    let cpu_line = rig.scratch.cpu_bytes()[..64].to_vec();
    for i in 0..50u32 {
        rig.bam.set_peripheral(0x3a000, QCE_VERSION + i); // whatever the scratchpad holds
        let t = if i % 2 == 0 {
            cmds_then_data()
        } else {
            cmds_data_cmds()
        };
        pipe.submit(&t).expect("room");
        rig.bam.run(6, usize::MAX);
        poll_all(&mut pipe);
        assert_eq!(rig.scratch.device_bytes()[..64], element_line[..]);
        assert_eq!(rig.scratch.cpu_bytes()[..64], cpu_line[..]);
    }
    let dummies: Vec<(u32, u16)> = rig
        .processed()
        .iter()
        .filter(|d| d.locks() || d.unlocks())
        .map(|d| (d.addr(), d.size()))
        .collect();
    assert_eq!(dummies.len(), 100);
    assert!(dummies.iter().all(|&d| d == (SCRATCH_BUS, 16)));
    let word = &rig.scratch.device_bytes()[SCRATCH_READ_WORD_OFFSET..SCRATCH_READ_WORD_OFFSET + 4];
    assert_eq!(
        word,
        (QCE_VERSION + 49).to_le_bytes(),
        "the device wrote the read word"
    );
    rig.assert_no_violations();
}

#[test]
fn failure_mode_lock_command_element_not_cache_line_aligned() {
    let bam = FakeBam::<V1_7_0>::new(0);
    let fifo = bam.dma(4096, FIFO_BUS);
    let refused = [
        DmaBuf::new(SCRATCH_BYTES, SCRATCH_BUS + 16), // bus address off a line
        DmaBuf::with_cpu_offset(SCRATCH_BYTES, SCRATCH_BUS, 16), // CPU address off a line
        DmaBuf::new(64, SCRATCH_BUS),                 // shares its second line
        DmaBuf::new(SCRATCH_BYTES, u32::MAX - 63),    // runs off the bus space
    ];
    for scratch in &refused {
        let r = Pipe::<V1_7_0, _, _>::new_locked::<Msm8996WrapLock>(&bam, &fifo, scratch);
        assert_eq!(r.err(), Some(Error::BadScratch), "{scratch:?}");
    }
    let rig = Rig::new(4096);
    let mut pipe = rig.wrap();
    pipe.submit(&cmds_then_data()).expect("room");
    let Some(LockPlan::Locked { ce_bus, .. }) = Some(pipe.plan()) else {
        panic!("locked")
    };
    assert_eq!(ce_bus % 64, 0, "lock element on a cache line of its own");
    assert_eq!(rig.scratch.cpu_ptr() as usize % 64, 0);
    assert_eq!(
        SCRATCH_READ_WORD_OFFSET % 64,
        0,
        "read word on the next line"
    );
}

#[test]
fn failure_mode_missing_little_endian_conversion() {
    // In C the command element's address was stored without cpu_to_le32. Here the bytes in DMA
    // memory are checked one by one.
    let rig = Rig::new(4096);
    let mut pipe = rig.merge();
    // The lock element: read VERSION (0x3a000, bam_offset18) into SCRATCH_BUS + 64.
    assert_eq!(
        rig.scratch.device_bytes()[..16],
        [
            0x00, 0xa0, 0x03, 0x01, 0x80, 0x00, 0x00, 0x20, 0, 0, 0, 0, 0, 0, 0, 0
        ],
        "third word 0: upstream 867621ba2030 (0xffff_ffff stores to 0xf_2000_0080 on v1.6.0+)"
    );
    // The unlock element after it: write CONFIG (0x3a400) = 0xE01EF, mask all ones.
    assert_eq!(
        rig.scratch.device_bytes()[16..32],
        [
            0x00, 0xa4, 0x03, 0x00, 0xef, 0x01, 0x0e, 0x00, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0
        ]
    );
    pipe.submit(&cmds_then_data()).expect("room");
    // Merge, commands then data: [CMD|LOCK 12 CEs] [data EOT|NWD] [dummy CMD|UNLOCK|INT].
    assert_eq!(
        rig.fifo.device_bytes()[..24],
        [
            0x00, 0x00, 0x00, 0x30, 0xc0, 0x00, 0x00, 0x0c, // CMDS_BUS, 192 B, CMD|LOCK
            0x00, 0x00, 0x00, 0x40, 0x00, 0x10, 0x00, 0x50, // DATA_BUS, 4096 B, EOT|NWD
            0x50, 0x00, 0x00, 0x20, 0x10, 0x00, 0x00,
            0x8a, // SCRATCH_BUS + 16, 16 B, INT|CMD|UNLOCK
        ]
    );
}
