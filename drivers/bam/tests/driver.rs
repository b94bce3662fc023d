//! The BAM driver against the fake BAM, with the generated sm8550 (merge) and msm8996 (wrap)
//! lock targets. One named test per failure mode found in review of the C implementation.

use qcom_socs::blocks::bam::v1_7_0::Layout;
use socgen_bam::descriptor::{
    FLAG_CMD, FLAG_EOB, FLAG_EOT, FLAG_INT, FLAG_LOCK, FLAG_NWD, FLAG_UNLOCK,
};
use socgen_bam::testing::{DmaBuf, FakeBam};
use socgen_bam::{
    CommandFlags, DataFlags, Descriptor, DmaRegion, Error, Pipe, Ticket, Transaction,
};
use socgen_runtime::bam::{BamRevision, LockTargetSpec};
use socgen_runtime::{CeCommand, CommandElement};

type TestPipe<'a> = Pipe<Layout, &'a FakeBam<Layout>, &'a DmaBuf>;

struct Rig {
    bam: FakeBam<Layout>,
    fifo: DmaBuf,
    scratch: DmaBuf,
}

impl Rig {
    fn new<T: LockTargetSpec>(fifo_bytes: usize) -> Self {
        Rig {
            bam: FakeBam::new(T::TARGET.pipe),
            fifo: DmaBuf::new(fifo_bytes, 0x1000_0000),
            scratch: DmaBuf::new(64, 0x2000_0040),
        }
    }
    fn wrap(&self) -> TestPipe<'_> {
        Pipe::new_locked::<qcom_socs::msm8996::Lock>(&self.bam, &self.fifo, &self.scratch)
            .expect("pipe")
    }
    fn merge(&self) -> TestPipe<'_> {
        Pipe::new_locked::<qcom_socs::sm8550::Lock>(&self.bam, &self.fifo, &self.scratch)
            .expect("pipe")
    }
    fn processed(&self) -> Vec<Descriptor> {
        self.bam.observed.borrow().processed.clone()
    }
}

fn cmds_then_data() -> Transaction<4> {
    let mut t = Transaction::new();
    t.commands(0x3000_0000, 12)
        .expect("cmd")
        .data(0x4000_0000, 4096)
        .expect("data");
    t
}

fn cmds_data_cmds() -> Transaction<4> {
    let mut t = Transaction::new();
    t.commands(0x3000_0000, 12)
        .expect("cmd")
        .data(0x4000_0000, 4096)
        .expect("data")
        .commands(0x3000_0100, 1)
        .expect("cmd");
    t
}

#[test]
fn descriptor_bytes_are_little_endian_with_the_upstream_flag_bits() {
    // bam.yaml: INT 0x8000, EOT 0x4000, EOB 0x2000, NWD 0x1000, CMD 0x0800, LOCK 0x0400, UNLOCK 0x0200.
    assert_eq!(
        [
            FLAG_INT,
            FLAG_EOT,
            FLAG_EOB,
            FLAG_NWD,
            FLAG_CMD,
            FLAG_LOCK,
            FLAG_UNLOCK
        ],
        [0x8000, 0x4000, 0x2000, 0x1000, 0x0800, 0x0400, 0x0200]
    );
    let d = Descriptor::data(0x1234_5678, 0x7ff8, DataFlags::INT.union(DataFlags::EOT));
    assert_eq!(
        d.to_bytes(),
        [0x78, 0x56, 0x34, 0x12, 0xf8, 0x7f, 0x00, 0xc0]
    );
    let c = Descriptor::command(0x0000_0040, 16, CommandFlags::LOCK);
    assert_eq!(
        c.to_bytes(),
        [0x40, 0, 0, 0, 16, 0, 0x00, 0x0c],
        "CMD is implied"
    );
    assert_eq!(Descriptor::from_bytes(c.to_bytes()), c);
}

#[test]
fn wrap_puts_dummy_lock_and_unlock_around_the_transaction_with_nwd_on_data() {
    let rig = Rig::new::<qcom_socs::msm8996::Lock>(4096);
    let mut pipe = rig.wrap();
    pipe.submit(&cmds_then_data()).expect("room");
    rig.bam.process(&rig.fifo, usize::MAX);
    let seen = rig.processed();
    assert_eq!(seen.len(), 4, "LOCK, commands, data, UNLOCK");
    assert!(seen[0].is_command() && seen[0].locks() && seen[0].addr() == rig.scratch.bus_addr());
    assert!(seen[1].is_command() && !seen[1].locks() && seen[1].size() == 12 * 16);
    assert!(!seen[2].is_command() && seen[2].flags() & FLAG_NWD != 0);
    assert!(
        seen[3].unlocks()
            && seen[3].flags() & FLAG_INT != 0
            && seen[3].addr() == rig.scratch.bus_addr()
    );
    assert!(rig.bam.observed.borrow().violations.is_empty());
}

#[test]
fn merge_needs_no_extra_descriptor_when_commands_open_and_close() {
    let rig = Rig::new::<qcom_socs::sm8550::Lock>(4096);
    let mut pipe = rig.merge();
    pipe.submit(&cmds_data_cmds()).expect("room");
    rig.bam.process(&rig.fifo, usize::MAX);
    let seen = rig.processed();
    assert_eq!(seen.len(), 3, "no dummy descriptors");
    assert!(seen[0].locks() && seen[0].addr() == 0x3000_0000);
    assert!(seen[2].unlocks() && seen[2].addr() == 0x3000_0100);
    // A transaction ending in data gets one dummy UNLOCK.
    pipe.submit(&cmds_then_data()).expect("room");
    rig.bam.process(&rig.fifo, usize::MAX);
    let seen = rig.processed();
    assert_eq!(seen.len(), 6);
    assert!(seen[5].unlocks() && seen[5].addr() == rig.scratch.bus_addr());
    assert!(rig.bam.observed.borrow().violations.is_empty());
}

#[test]
fn buffers_above_32760_bytes_are_split() {
    let rig = Rig::new::<qcom_socs::msm8996::Lock>(4096);
    let mut pipe = rig.wrap();
    let mut t: Transaction<2> = Transaction::new();
    t.data(0x5000_0000, 70_000).expect("data");
    pipe.submit(&t).expect("room");
    rig.bam.process(&rig.fifo, usize::MAX);
    let sizes: Vec<u16> = rig
        .processed()
        .iter()
        .filter(|d| !d.is_command())
        .map(|d| d.size())
        .collect();
    assert_eq!(sizes, vec![32_760, 32_760, 4_480]);
}

// --- the failure modes of DESIGN.md section 4 ----------------------------------------------

#[test]
fn completion_cookies_never_sit_on_lock_descriptors() {
    // In C, cookies on the dummy descriptors broke completion ordering. Here a ticket completes
    // only when its whole chain, UNLOCK included, has been processed, and lock descriptors have
    // no completion of their own.
    let rig = Rig::new::<qcom_socs::msm8996::Lock>(4096);
    let mut pipe = rig.wrap();
    let a = pipe.submit(&cmds_then_data()).expect("room");
    let b = pipe.submit(&cmds_then_data()).expect("room");
    let mut done = Vec::new();
    for _ in 0..8 {
        rig.bam.process(&rig.fifo, 1);
        pipe.poll(|t| done.push(t));
        if done.is_empty() {
            assert!(
                rig.bam.observed.borrow().locked,
                "nothing completes before its UNLOCK"
            );
        }
    }
    assert_eq!(
        done,
        vec![a, b],
        "exactly one completion per transaction, in order"
    );
}

#[test]
fn a_full_fifo_retry_never_injects_a_second_lock() {
    let rig = Rig::new::<qcom_socs::msm8996::Lock>(6 * 8); // 6 slots, 5 usable
    let mut pipe = rig.wrap();
    pipe.submit(&cmds_then_data()).expect("4 slots fit");
    let before = rig.fifo.bytes();
    let doorbells = rig.bam.observed.borrow().doorbells;
    assert_eq!(
        pipe.submit(&cmds_then_data()),
        Err(Error::FifoFull { needed: 4, free: 1 })
    );
    assert_eq!(rig.fifo.bytes(), before, "nothing written");
    assert_eq!(
        rig.bam.observed.borrow().doorbells,
        doorbells,
        "no doorbell"
    );
    rig.bam.process(&rig.fifo, usize::MAX);
    pipe.poll(|_| {});
    pipe.submit(&cmds_then_data()).expect("room after progress");
    rig.bam.process(&rig.fifo, usize::MAX);
    let locks = rig.processed().iter().filter(|d| d.locks()).count();
    assert_eq!(
        locks, 2,
        "one LOCK per transaction, none from the failed attempt"
    );
    assert!(rig.bam.observed.borrow().violations.is_empty());
}

#[test]
fn no_room_for_the_unlock_means_no_lock_is_written() {
    // In C a failed UNLOCK allocation left the pipe locked forever. Here room for the whole
    // chain is reserved first: with room for LOCK + commands + data but not UNLOCK, nothing at all.
    let rig = Rig::new::<qcom_socs::msm8996::Lock>(4 * 8); // 3 usable slots, the chain needs 4
    let mut pipe = rig.wrap();
    assert_eq!(
        pipe.submit(&cmds_then_data()),
        Err(Error::FifoFull { needed: 4, free: 3 })
    );
    rig.bam.process(&rig.fifo, usize::MAX);
    assert!(rig.processed().is_empty());
    assert!(
        !rig.bam.observed.borrow().locked,
        "the pipe is not left locked"
    );
}

#[test]
fn lock_command_element_uses_the_dma_controllers_bus_address() {
    // In C the command element was mapped for the client device. Here descriptors carry the bus
    // address of the region as the BAM sees it, never a CPU pointer.
    let rig = Rig::new::<qcom_socs::msm8996::Lock>(4096);
    let mut pipe = rig.wrap();
    pipe.submit(&cmds_then_data()).expect("room");
    rig.bam.process(&rig.fifo, usize::MAX);
    let lock = rig.processed()[0];
    assert_eq!(lock.addr(), rig.scratch.bus_addr());
    assert_ne!(lock.addr() as usize, rig.scratch.cpu_ptr() as usize);
    let ce = CommandElement::from_bytes(rig.scratch.bytes()[..16].try_into().expect("16"))
        .expect("valid");
    assert_eq!(ce.command(), CeCommand::Read, "msm8996 uses a dummy read");
    assert_eq!(
        ce.data(),
        rig.scratch.bus_addr() + 32,
        "read lands in the driver's scratch word"
    );
    assert_eq!(
        ce.address(),
        <qcom_socs::msm8996::Lock as LockTargetSpec>::TARGET.scratchpad
    );
}

#[test]
fn scratchpad_state_does_not_leak_across_transactions() {
    let rig = Rig::new::<qcom_socs::sm8550::Lock>(4096);
    let mut pipe = rig.merge();
    let before = rig.scratch.bytes();
    for _ in 0..50 {
        pipe.submit(&cmds_then_data()).expect("room");
        rig.bam.process(&rig.fifo, usize::MAX);
        pipe.poll(|_| {});
    }
    assert_eq!(
        rig.scratch.bytes()[..32],
        before[..32],
        "the lock element never changes"
    );
    let dummies: Vec<u32> = rig
        .processed()
        .iter()
        .filter(|d| d.unlocks())
        .map(|d| d.addr())
        .collect();
    assert!(dummies.iter().all(|&a| a == rig.scratch.bus_addr()));
}

#[test]
fn lock_command_element_is_cache_line_aligned() {
    let bam = FakeBam::<Layout>::new(6);
    let fifo = DmaBuf::new(4096, 0x1000_0000);
    let misaligned = DmaBuf::new(128, 0x2000_0010);
    let r = Pipe::<Layout, _, _>::new_locked::<qcom_socs::msm8996::Lock>(&bam, &fifo, &misaligned);
    assert_eq!(r.err(), Some(Error::BadScratch));
    let rig = Rig::new::<qcom_socs::msm8996::Lock>(4096);
    let mut pipe = rig.wrap();
    pipe.submit(&cmds_then_data()).expect("room");
    rig.bam.process(&rig.fifo, usize::MAX);
    assert_eq!(rig.processed()[0].addr() % 64, 0);
}

#[test]
fn addresses_are_converted_to_little_endian() {
    let rig = Rig::new::<qcom_socs::sm8550::Lock>(4096);
    let _pipe = rig.merge();
    // sm8550: VERSION at 0x3a000 in bam_offset18 mode; read command 1; LE bytes.
    assert_eq!(
        &rig.scratch.bytes()[..8],
        &[0x00, 0xa0, 0x03, 0x01, 0x60, 0x00, 0x00, 0x20]
    );
}

#[test]
fn a_reset_while_locked_unlocks_the_pipe_and_fails_pending_tickets() {
    let rig = Rig::new::<qcom_socs::msm8996::Lock>(4096);
    let mut pipe = rig.wrap();
    let a = pipe.submit(&cmds_then_data()).expect("room");
    let b = pipe.submit(&cmds_then_data()).expect("room");
    rig.bam.process(&rig.fifo, 2); // mid-transaction: locked
    assert!(rig.bam.observed.borrow().locked);
    let mut failed: Vec<(Ticket, Error)> = Vec::new();
    assert_eq!(pipe.reset(|t, e| failed.push((t, e))), 2);
    assert_eq!(failed, vec![(a, Error::Reset), (b, Error::Reset)]);
    assert!(
        !rig.bam.observed.borrow().locked,
        "the hardware reset dropped the lock"
    );
    assert_eq!(pipe.pending(), 0);
    let c = pipe.submit(&cmds_then_data()).expect("usable after reset");
    rig.bam.process(&rig.fifo, usize::MAX);
    let mut done = Vec::new();
    pipe.poll(|t| done.push(t));
    assert_eq!(done, vec![c]);
}

#[test]
fn pipe_init_programs_the_generated_registers() {
    let rig = Rig::new::<qcom_socs::sm8550::Lock>(32 * 1024);
    let _pipe = rig.merge();
    assert_eq!(rig.bam.reg(Layout::P_DESC_FIFO_ADDR), 0x1000_0000);
    assert_eq!(
        rig.bam.reg(Layout::P_FIFO_SIZES),
        0x7ff8,
        "4095 slots, as bam_dma.c"
    );
    assert_eq!(rig.bam.reg(Layout::P_IRQ_EN), 0x31);
    assert_eq!(
        rig.bam.reg(Layout::P_CTRL),
        0x22,
        "P_EN | P_SYS_MODE for memory to device"
    );
    assert_eq!(
        Layout::P_CTRL.at(4, 0),
        Some(0x17000),
        "v1.7 P_CTRL of pipe 4"
    );
}

#[test]
fn bam_init_follows_the_reset_sequence_unless_controlled_remotely() {
    let bam = FakeBam::<Layout>::new(0);
    socgen_bam::init_bam::<Layout, _>(&bam, 1, true);
    assert_eq!(
        bam.reg(Layout::CTRL),
        0,
        "a remotely controlled BAM is left alone"
    );
    socgen_bam::init_bam::<Layout, _>(&bam, 1, false);
    assert_eq!(
        bam.reg(Layout::CTRL) & (Layout::CTRL_EN | Layout::CTRL_SW_RST),
        Layout::CTRL_EN
    );
    assert_eq!(bam.reg(Layout::DESC_CNT_TRSHLD), 4);
    assert_eq!(bam.reg(Layout::CNFG_BITS), 0x0fff_f004);
    assert_eq!(
        bam.reg(Layout::IRQ_EN),
        0x6,
        "error and bus-error interrupts"
    );
    let ee1 = Layout::IRQ_SRCS_MSK_EE.at(0, 1).expect("ee 1");
    assert_eq!(socgen_runtime::Io::read32(&bam, ee1), 1 << 31);
}

#[test]
fn pipe_interrupts_are_read_and_cleared() {
    let rig = Rig::new::<qcom_socs::sm8550::Lock>(4096);
    let mut pipe = rig.merge();
    let stts = Layout::P_IRQ_STTS.at(4, 0).expect("pipe 4");
    socgen_runtime::Io::write32(&rig.bam, stts, 0x21);
    assert_eq!(pipe.ack_irq(), 0x21);
    assert_eq!(
        rig.bam.reg(Layout::P_IRQ_CLR),
        0x21,
        "the status read is written to P_IRQ_CLR"
    );
}

/// A target whose scratchpad a source declares read-only and write-ignored: a dummy write.
struct WriteDummy;
impl LockTargetSpec for WriteDummy {
    type Revision = Layout;
    const TARGET: socgen_runtime::bam::LockTarget = socgen_runtime::bam::LockTarget {
        dummy: socgen_runtime::bam::DummyAccess::Write(0),
        ..<qcom_socs::msm8996::Lock as LockTargetSpec>::TARGET
    };
}

#[test]
fn a_write_dummy_writes_the_declared_value_to_the_scratchpad() {
    let rig = Rig::new::<WriteDummy>(4096);
    let mut pipe: TestPipe<'_> =
        Pipe::new_locked::<WriteDummy>(&rig.bam, &rig.fifo, &rig.scratch).expect("pipe");
    pipe.submit(&cmds_then_data()).expect("room");
    let ce = CommandElement::from_bytes(rig.scratch.bytes()[..16].try_into().expect("16"))
        .expect("valid");
    assert_eq!(
        (ce.command(), ce.data(), ce.mask()),
        (CeCommand::Write, 0, u32::MAX)
    );
    assert_eq!(ce.address(), WriteDummy::TARGET.scratchpad);
}
