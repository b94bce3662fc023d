//! A complete locked sm8550 transaction: `cargo run -p socgen-bam --example sm8550 --features testing`.
//! The fake BAM stands in for hardware; on a device, pass your MMIO window and DMA regions.
use qcom_socs::blocks::qce::v5::{EncrSegCfg, encr_seg_cfg::EncrMode};
use qcom_socs::{blocks::bam::v1_7_0::Layout, sm8550::Lock, sm8550::crypto};
use socgen_bam::testing::{DmaBuf, FakeBam};
use socgen_bam::{DmaRegion, Pipe, Transaction};
use socgen_runtime::CommandElement;

// Register programming as command elements, built at compile time in sm8550's address mode.
const CFG: EncrSegCfg = EncrSegCfg::ZERO
    .with_encr_mode(EncrMode::CBC)
    .with_encode(true);
const PROGRAM: [CommandElement; 2] = [
    crypto::COMMANDS.write_encr_seg_cfg(CFG),
    crypto::COMMANDS.read_status(0x8000_3000),
];

fn main() -> Result<(), socgen_bam::Error> {
    let bam = FakeBam::<Layout>::new(4);
    let (fifo, scratch) = (DmaBuf::new(4096, 0x8000_0000), DmaBuf::new(64, 0x8000_1000));
    let cmds = DmaBuf::new(64, 0x8000_2000);
    cmds.write(0, &PROGRAM[0].to_bytes());
    cmds.write(16, &PROGRAM[1].to_bytes());
    let mut pipe: Pipe<Layout, _, _> = Pipe::new_locked::<Lock>(&bam, &fifo, &scratch)?;
    let mut txn: Transaction<4> = Transaction::new();
    txn.commands(cmds.bus_addr(), 2)?.data(0x9000_0000, 4096)?;
    let ticket = pipe.submit(&txn)?;
    bam.process(&fifo, usize::MAX); // the hardware runs
    pipe.poll(|done| assert_eq!(done, ticket));
    for d in &bam.observed.borrow().processed {
        println!("{d:?} lock={} unlock={}", d.locks(), d.unlocks());
    }
    Ok(())
}
