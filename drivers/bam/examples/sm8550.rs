//! One locked crypto-engine transaction on sm8550 (fake BAM, generated lock target and layout).
use qcom_socs::blocks::bam::v1_7_0::Layout;
use qcom_socs::blocks::qce::v5::{Goproc, SegSize};
use qcom_socs::sm8550::{Lock, crypto};
use socgen_bam::{Bam, Pipe, Transaction, testing::FakeBam};

fn main() -> Result<(), socgen_bam::Error> {
    // Command elements in sm8550's address mode (0x3a000 + offset), built at compile time.
    const PROGRAM: [socgen_runtime::CommandElement; 2] = [
        crypto::COMMANDS.write_seg_size(SegSize::from_bits(4096)),
        crypto::COMMANDS.write_goproc(Goproc::ZERO.with_go(true)),
    ];
    let bam = FakeBam::<Layout>::new(0); // on hardware: an Mmio window on the BAM
    let fifo = bam.dma(4096, 0x8000_0000); // DMA memory: your allocator's DmaRegion
    let scratch = bam.dma(128, 0x8000_1000);
    let cmds = bam.dma(32, 0x8000_2000);
    cmds.write_and_clean(0, &[PROGRAM[0].to_bytes(), PROGRAM[1].to_bytes()].concat());

    Bam::<Layout, _>::for_target::<Lock>(&bam)?; // controlled remotely: writes nothing
    let mut pipe: Pipe<Layout, _, _> = Pipe::new_locked::<Lock>(&bam, &fifo, &scratch)?;
    let mut txn: Transaction<2> = Transaction::new();
    txn.commands(0x8000_2000, 2)?.data(0x9000_0000, 4096)?;
    let ticket = pipe.submit(&txn)?;

    bam.run(pipe.pipe(), usize::MAX); // the hardware processes the FIFO
    pipe.poll(|done| assert_eq!(done, ticket))?;
    println!("{:#?}", bam.processed()); // CMD|LOCK, data EOT|NWD, dummy CMD|UNLOCK|INT
    Ok(())
}
