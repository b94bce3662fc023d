//! Behaviour of generated register APIs, on the fixture SoC expanded by `socgen_macros::soc!`.

use socgen_runtime::{CeCommand, Index, Io};
use socgen_tests::RecordingIo;
use socgen_tests::fixture::blocks::tiny::v1::{Ctrl, Key, PCtrl, Version, ctrl::Mode, ctrl::Size};
use socgen_tests::fixture::chip;

#[test]
fn value_types_are_const_and_set_only_their_field() {
    const C: Ctrl = Ctrl::ZERO
        .with_en(true)
        .with_mode(Mode::C)
        .with_cnt::<0xab>();
    assert_eq!(C.to_bits(), 0x1 | (2 << 1) | (0xab << 8));
    assert!(C.en());
    assert_eq!(C.mode(), Mode::C);
    assert_eq!(C.cnt(), 0xab);
    assert_eq!(C.with_en(false).to_bits(), C.to_bits() & !1);
    assert_eq!(Ctrl::RESET.to_bits(), 0);
    assert_eq!(
        C.try_with_cnt(0x100),
        Err(socgen_runtime::FieldOverflow {
            value: 0x100,
            width: 8
        })
    );
    assert_eq!(C.try_with_cnt(0xff).map(|c| c.cnt()), Ok(0xff));
}

#[test]
fn open_enums_keep_unnamed_values() {
    let v = Ctrl::from_bits(7 << 3);
    assert_eq!(v.size().to_bits(), 7);
    assert_eq!(v.size().name(), None);
    assert_eq!(Size::S1.name(), Some("S1"));
    assert_eq!(Size::new(32), None, "5-bit field");
    assert!(format!("{:?}", Ctrl::ZERO.with_size(Size::S1)).contains("size: S1"));
}

#[test]
fn handles_access_registers_at_their_offsets_through_io() {
    let io = RecordingIo::default();
    let regs = chip::periph::Registers::new(&io);
    regs.ctrl().write(Ctrl::ZERO.with_en(true));
    regs.key(Index::at::<3>()).write(Key::from_bits(0x1234));
    regs.p_ctrl(chip::periph::Pipe::at::<5>())
        .write(PCtrl::from_bits(9));
    let _: Version = regs.version().read();
    assert_eq!(
        *io.log.borrow(),
        vec![
            (true, 0x4, 1),
            (true, 0x10 + 3 * 4, 0x1234),
            (true, 0x100 + 5 * 0x10, 9),
            (false, 0x0, 0)
        ]
    );
}

#[test]
fn modify_never_writes_back_a_pending_w1c_bit_and_clear_touches_only_it() {
    let io = RecordingIo::default();
    io.write32(0x4, 0x1_0001); // DONE pending, EN set
    let regs = chip::periph::Registers::new(&io);
    regs.ctrl().modify(|c| c.with_mode(Mode::B));
    assert_eq!(
        io.read32(0x4),
        0x1 | (1 << 1),
        "DONE must be written as 0 by modify"
    );
    io.write32(0x4, 0x1_0001);
    regs.ctrl().clear(Ctrl::ZERO.clear_done());
    assert_eq!(
        io.read32(0x4),
        0x1_0001,
        "clear writes 1 to DONE and keeps EN"
    );
    let (_, _, written) = io.log.borrow().iter().rev().nth(1).copied().unwrap();
    assert_eq!(written, 0x1_0001);
}

#[test]
fn runtime_indices_are_checked_not_panicking() {
    assert!(chip::bam::Pipe::new(3).is_some());
    assert!(
        chip::bam::Pipe::new(4).is_none(),
        "bam has num_channels = 4"
    );
    assert_eq!(
        chip::periph::Pipe::COUNT,
        8,
        "derived from the 0x200 window"
    );
    assert_eq!(chip::bam::Pipe::all().count(), 4);
}

#[test]
fn command_elements_use_generation_time_addresses() {
    // periph at 0x41000, BAM block at 0x40000 (bam_offset18): offset 0x1000.
    assert_eq!(chip::periph::COMMANDS.base().get(), 0x1000);
    const W: socgen_runtime::CommandElement =
        chip::periph::COMMANDS.write_ctrl(Ctrl::ZERO.with_en(true));
    assert_eq!(W.address().get(), 0x1004);
    assert_eq!(W.command(), CeCommand::Write);
    assert_eq!(W.data(), 1);
    let r = chip::periph::COMMANDS.read_version(0x8000_0000);
    assert_eq!(
        (r.address().get(), r.command(), r.data()),
        (0x1000, CeCommand::Read, 0x8000_0000)
    );
    let k = chip::periph::COMMANDS.write_key(Index::at::<2>(), Key::from_bits(7));
    assert_eq!(k.address().get(), 0x1018);
    assert_eq!(
        &k.to_bytes()[..4],
        &[0x18, 0x10, 0x00, 0x00],
        "little-endian, write command 0"
    );
}

#[test]
fn soc_constants_come_from_the_yaml() {
    assert_eq!(chip::NAME, "chip");
    assert_eq!(chip::bam::BASE, 0x40000);
    assert_eq!(chip::bam::NUM_CHANNELS, 4);
    assert_eq!(chip::periph::DMA_RX_PIPE, 2);
    assert_eq!(chip::periph::DMA_TX_PIPE, 3);
}

#[test]
fn proc_macro_expansion_equals_the_build_script_tokens() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../codegen/tests/fixtures/chip.yaml");
    let (macro_tokens, read) = socgen::expand_soc_file(&path).expect("expands");
    let checked = socgen::check(std::slice::from_ref(&path));
    let model = checked.model.expect("valid");
    let options = socgen::emit::rust::RustOptions {
        socs: Some(vec!["chip".into()]),
        runtime: socgen::emit::rust::RuntimePath::Crate,
    };
    assert_eq!(
        macro_tokens.to_string(),
        socgen::emit::rust::tokens(&model, &options).to_string()
    );
    assert!(
        read.iter().any(|p| p.ends_with("blocks/tiny/v1.yaml")),
        "the block is tracked for rebuilds"
    );
}

#[test]
fn proc_macro_reports_yaml_errors_with_file_line_and_column() {
    let dir = std::env::temp_dir().join(format!("socgen-macro-err-{}", std::process::id()));
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures");
    std::fs::create_dir_all(dir.join("blocks/tiny")).expect("mkdir");
    std::fs::copy(
        fixture.join("blocks/tiny/v1.yaml"),
        dir.join("blocks/tiny/v1.yaml"),
    )
    .expect("copy");
    let soc = std::fs::read_to_string(fixture.join("chip.yaml")).expect("read");
    std::fs::write(dir.join("chip.yaml"), soc.replace("rx: 2", "rx: 9")).expect("write");
    let err = socgen::expand_soc_file(&dir.join("chip.yaml")).expect_err("invalid");
    assert!(
        err.contains("chip.yaml:6:") && err.contains("error[E0204]"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
