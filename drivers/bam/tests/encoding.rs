//! Byte-exact encodings against the numbers in tests/data/upstream/bam.yaml (`descriptor`,
//! `command_element`): what the BAM reads must not depend on the CPU's byte order.

use proptest::prelude::*;
use qcom_socs::blocks::bam::{v1_4_0, v1_7_0};
use socgen_bam::descriptor::{
    DESCRIPTOR_BYTES, FLAG_CMD, FLAG_EOB, FLAG_EOT, FLAG_INT, FLAG_LOCK, FLAG_NWD, FLAG_UNLOCK,
};
use socgen_bam::testing::{FakeBam, HypotheticalV1_4WriteLock, V1_4_0, V1_7_0};
use socgen_bam::{CommandFlags, DataFlags, Descriptor, MAX_DESCRIPTOR_BYTES};
use socgen_bam::{Pipe, SCRATCH_BYTES, SCRATCH_READ_WORD_OFFSET};
use socgen_runtime::bam::{BamRevision, DummyAccess, LockTarget, LockTargetSpec, PipeLocking};
use socgen_runtime::{CeAddr, CeCommand, CeFormat, CommandElement};

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
    let d = Descriptor::data(0x8000_0001, 1, DataFlags::EOT_NWD | DataFlags::EOB);
    assert_eq!(d.to_bytes(), [0x01, 0, 0, 0x80, 0x01, 0x00, 0x00, 0x70]);
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
    // le32 data, le32 third word, le32 reserved; read = 1, write = 0.
    //
    // The read element's third word is 0 (it was 0xffff_ffff until deb53bd). Upstream fix
    // 867621ba2030 ("dma: qcom: bam_dma: Fix command element mask field for BAM v1.6.0+",
    // docs/HARDWARE-VALIDATION.md Q1): from BAM v1.6.0 on, bits 3..0 of that word are bits
    // 35..32 of the read's destination, so 0xffff_ffff stored the value at 0xf_8000_1040
    // instead of 0x8000_1040; below v1.6.0 the word is ignored, so 0 is right everywhere.
    // A write keeps its mask, 0xffff_ffff, on every revision.
    let version = CeAddr::new(0x03_a000).expect("24-bit");
    assert_eq!(
        CommandElement::read(version, 0x8000_1040).to_bytes(),
        [
            0x00, 0xa0, 0x03, 0x01, 0x40, 0x10, 0x00, 0x80, 0, 0, 0, 0, 0, 0, 0, 0
        ]
    );
    assert_eq!(
        CommandElement::write(version, 0).to_bytes(),
        [
            0x00, 0xa0, 0x03, 0x00, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0
        ]
    );
}

/// A lock target on revision `R` with a read dummy of VERSION (the stand-ins and the
/// generated SoCs only have read dummies on v1.7.0; this covers v1.4.0 too).
struct ReadDummyOn<R>(core::marker::PhantomData<R>);

impl<R: PipeLocking> LockTargetSpec for ReadDummyOn<R> {
    type Revision = R;
    const TARGET: LockTarget = LockTarget {
        dummy: DummyAccess::Read,
        ..HypotheticalV1_4WriteLock::TARGET
    };
}

/// The lock element a locking pipe on revision `R` writes into its scratch region, and the
/// destination `R`'s hardware decodes from it.
fn lock_element<R: PipeLocking>() -> (CommandElement, Option<u64>) {
    let bam = FakeBam::<R>::new(1);
    let fifo = bam.dma(4096, 0x1000_0000);
    let scratch = bam.dma(SCRATCH_BYTES, 0x2000_0040);
    let _pipe: Pipe<R, _, _> =
        Pipe::new_locked::<ReadDummyOn<R>>(&bam, &fifo, &scratch).expect("pipe");
    let bytes: [u8; 16] = scratch.device_bytes()[..16].try_into().expect("16");
    let element = CommandElement::from_bytes(bytes).expect("valid");
    (element, R::COMMAND_ELEMENT.read_destination(&element))
}

#[test]
fn the_lock_dummy_read_element_has_word_2_zero_on_every_revision() {
    let destination = 0x2000_0040 + SCRATCH_READ_WORD_OFFSET as u64;
    let elements = [
        ("stand-in v1.4.0", lock_element::<V1_4_0>()),
        ("stand-in v1.7.0", lock_element::<V1_7_0>()),
        ("generated v1.4.0", lock_element::<v1_4_0::Layout>()),
        ("generated v1.7.0", lock_element::<v1_7_0::Layout>()),
    ];
    for (revision, (element, decoded)) in elements {
        assert_eq!(element.command(), CeCommand::Read, "{revision}");
        assert_eq!(
            element.to_bytes()[8..16],
            [0; 8],
            "{revision}: words 2 and 3"
        );
        assert_eq!(
            decoded,
            Some(destination),
            "{revision}: where the value lands"
        );
    }
    // The encoding the driver used before: decoded by a v1.6.0+ BAM as a store above 32 bits
    // (bits 35..32 = 0xf) or, with the reserved bits set, as no valid destination at all.
    let (good, _) = lock_element::<V1_7_0>();
    let mut old = good.to_bytes();
    old[8..12].copy_from_slice(&[0xff; 4]);
    let old = CommandElement::from_bytes(old).expect("decodes");
    assert_eq!(V1_7_0::COMMAND_ELEMENT.read_destination(&old), None);
    assert_eq!(
        V1_4_0::COMMAND_ELEMENT.read_destination(&old),
        Some(destination),
        "ignored below v1.6.0: why the old encoding once worked"
    );
}

proptest! {
    /// No constructor builds a read element whose third word is 0xffff_ffff (or has any of
    /// the reserved bits 31..4 set): `CommandElement::read`, each revision format's `read`,
    /// and `with_data` on either.
    #[test]
    fn no_constructor_builds_the_old_read_encoding(
        addr in 0u32..1 << 24,
        low in any::<u32>(),
        high in 0u64..16,
        data in any::<u32>(),
    ) {
        let addr = CeAddr::new(addr).expect("24-bit");
        let wide = (high << 32) | u64::from(low);
        let mut built = vec![CommandElement::read(addr, low)];
        for format in [CeFormat::DESTINATION_32, CeFormat::DESTINATION_36] {
            built.extend(format.read(addr, u64::from(low)));
            built.extend(format.read(addr, wide));
        }
        prop_assert!(CeFormat::DESTINATION_36.read(addr, wide).is_some());
        let more: Vec<_> = built.iter().map(|e| e.with_data(data)).collect();
        built.extend(more);
        for element in built {
            prop_assert_eq!(element.command(), CeCommand::Read);
            prop_assert_eq!(element.mask() >> 4, 0, "{:?}", element);
        }
    }
}
