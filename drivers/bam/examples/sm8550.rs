//! One locked crypto-engine transaction on an sm8550-like target, on the fake BAM.
use socgen_bam::testing::{FakeBam, Sm8550CryptoLock as Lock, V1_7_0}; // later: qcom_socs::sm8550
use socgen_bam::{Bam, Pipe, Transaction};
use socgen_runtime::{CeAddr, CommandElement as Ce};

fn main() -> Result<(), socgen_bam::Error> {
    // QCE registers in sm8550's address mode: 0x3a000 (the engine in its BAM block) + offset.
    let program = [
        Ce::write(CeAddr::new_const::<0x3a110>(), 4096), // SEG_SIZE
        Ce::write(CeAddr::new_const::<0x3a120>(), 1),    // GOPROC
    ];
    let bam = FakeBam::<V1_7_0>::new(0); // on hardware: an Mmio window on the BAM
    let fifo = bam.dma(4096, 0x8000_0000); // DMA memory: your allocator's DmaRegion
    let scratch = bam.dma(128, 0x8000_1000);
    let cmds = bam.dma(32, 0x8000_2000);
    cmds.write_and_clean(0, &[program[0].to_bytes(), program[1].to_bytes()].concat());

    Bam::<V1_7_0, _>::for_target::<Lock>(&bam)?; // controlled remotely: writes nothing
    let mut pipe: Pipe<V1_7_0, _, _> = Pipe::new_locked::<Lock>(&bam, &fifo, &scratch)?;
    let mut txn: Transaction<2> = Transaction::new();
    txn.commands(0x8000_2000, 2)?.data(0x9000_0000, 4096)?;
    let ticket = pipe.submit(&txn)?;

    bam.run(pipe.pipe(), usize::MAX); // the hardware processes the FIFO
    pipe.poll(|done| assert_eq!(done, ticket))?;
    println!("{:#?}", bam.processed()); // CMD|LOCK, data with NWD, dummy CMD|UNLOCK|INT
    Ok(())
}
