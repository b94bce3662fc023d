//! Byte-exact encodings against the numbers in shared/hw-facts/bam.yaml (`descriptor`,
//! `command_element`): what the BAM reads must not depend on the CPU's byte order.

use socgen_bam::descriptor::{
    DESCRIPTOR_BYTES, FLAG_CMD, FLAG_EOB, FLAG_EOT, FLAG_INT, FLAG_LOCK, FLAG_NWD, FLAG_UNLOCK,
};
use socgen_bam::{CommandFlags, DataFlags, Descriptor, MAX_DESCRIPTOR_BYTES};
use socgen_runtime::{CeAddr, CommandElement};

#[test]
fn flag_bits_are_the_upstream_ones() {
    // bam.yaml descriptor.flags: INT 15, EOT 14, EOB 13, NWD 12, CMD 11, LOCK 10, UNLOCK 9.
    assert_eq!(FLAG_INT, 0x8000);
    assert_eq!(FLAG_EOT, 0x4000);
    assert_eq!(FLAG_EOB, 0x2000);
    assert_eq!(FLAG_NWD, 0x1000);
    assert_eq!(FLAG_CMD, 0x0800);
    assert_eq!(FLAG_LOCK, 0x0400);
    assert_eq!(FLAG_UNLOCK, 0x0200);
    assert_eq!(DESCRIPTOR_BYTES, 8, "sizeof(struct bam_desc_hw)");
    assert_eq!(MAX_DESCRIPTOR_BYTES, 0x7ff8, "BAM_FIFO_SIZE = SZ_32K - 8");
}

#[test]
fn a_data_descriptor_is_le32_address_le16_size_le16_flags() {
    let d = Descriptor::data(0x1234_5678, 0x7ff8, DataFlags::INT | DataFlags::EOT);
    assert_eq!(
        d.to_bytes(),
        [0x78, 0x56, 0x34, 0x12, 0xf8, 0x7f, 0x00, 0xc0]
    );
    let d = Descriptor::data(0x8000_0001, 1, DataFlags::NWD | DataFlags::EOB);
    assert_eq!(d.to_bytes(), [0x01, 0, 0, 0x80, 0x01, 0x00, 0x00, 0x30]);
    assert_eq!(Descriptor::data(0, 0, DataFlags::NONE).to_bytes(), [0; 8]);
}

#[test]
fn a_command_descriptor_always_carries_cmd_and_may_carry_lock_or_unlock() {
    assert_eq!(
        Descriptor::command(0x0000_0040, 16, CommandFlags::LOCK).to_bytes(),
        [0x40, 0, 0, 0, 0x10, 0, 0x00, 0x0c],
        "CMD 0x0800 | LOCK 0x0400"
    );
    assert_eq!(
        Descriptor::command(
            0xa0b0_c0d0,
            0x0100,
            CommandFlags::UNLOCK | CommandFlags::INT
        )
        .to_bytes(),
        [0xd0, 0xc0, 0xb0, 0xa0, 0x00, 0x01, 0x00, 0x8a],
        "INT 0x8000 | CMD 0x0800 | UNLOCK 0x0200"
    );
    assert_eq!(
        Descriptor::command(0, 16, CommandFlags::NONE).to_bytes()[6..],
        [0x00, 0x08]
    );
}

#[test]
fn decoding_reads_what_encoding_wrote() {
    let bytes = [0x10, 0x32, 0x54, 0x76, 0x20, 0x00, 0x00, 0x14];
    let d = Descriptor::from_bytes(bytes);
    assert_eq!((d.addr(), d.size(), d.flags()), (0x7654_3210, 0x20, 0x1400));
    assert!(
        d.locks() && !d.is_command(),
        "decoding shows what the bytes say"
    );
    assert_eq!(d.to_bytes(), bytes);
}

#[test]
fn the_lock_command_elements_are_little_endian() {
    // bam.yaml command_element: le32 cmd_and_addr (addr bits 23..0, command 31..24),
    // le32 data, le32 mask, le32 reserved; read = 1, write = 0.
    let version = CeAddr::new(0x03_a000).expect("24-bit");
    assert_eq!(
        CommandElement::read(version, 0x8000_1040).to_bytes(),
        [
            0x00, 0xa0, 0x03, 0x01, 0x40, 0x10, 0x00, 0x80, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0
        ]
    );
    assert_eq!(
        CommandElement::write(version, 0).to_bytes(),
        [
            0x00, 0xa0, 0x03, 0x00, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0
        ]
    );
}
