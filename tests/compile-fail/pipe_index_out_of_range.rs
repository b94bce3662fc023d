// The fixture BAM has num_channels = 4: pipe 4 does not exist.
use socgen_tests::fixture::chip;

const PIPE: chip::bam::Pipe = chip::bam::Pipe::at::<4>();

fn main() {
    let io = socgen_tests::RecordingIo::default();
    let regs = chip::bam::Registers::new(&io);
    let _ = regs.p_ctrl(PIPE).read();
}
