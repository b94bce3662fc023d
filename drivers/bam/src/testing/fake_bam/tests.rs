use super::*;
use crate::descriptor::{FLAG_CMD, FLAG_IMME};
use crate::testing::V1_7_0;

/// A fake with pipe 1's ring at 0x1000 (8 slots), holding `descriptors` (cleaned), the
/// doorbell rung after them.
fn with_descriptors(descriptors: &[[u8; 8]]) -> (FakeBam<V1_7_0>, DmaBuf) {
    let bam = FakeBam::<V1_7_0>::new(0);
    let fifo = bam.dma(64, 0x1000);
    bam.write32(at(V1_7_0::P_DESC_FIFO_ADDR, 1, 0), 0x1000);
    bam.write32(at(V1_7_0::P_FIFO_SIZES, 1, 0), 64);
    for (i, d) in descriptors.iter().enumerate() {
        fifo.write_and_clean(i * 8, d);
    }
    bam.write32(at(V1_7_0::P_EVNT_REG, 1, 0), 8 * descriptors.len() as u32);
    (bam, fifo)
}

#[test]
fn the_fake_flags_stale_fifo_contents() {
    let (bam, fifo) = with_descriptors(&[[0, 0, 0, 0, 4, 0, 0, 0]]);
    fifo.cpu_write(8, &[1; 8]); // never cleaned: the device still sees zeros
    bam.write32(at(V1_7_0::P_EVNT_REG, 1, 0), 16);
    assert_eq!(bam.run(1, 10), 2);
    assert_eq!(bam.processed()[1], Descriptor::from_bytes([0; 8]));
}

#[test]
fn each_descriptor_the_sps_rules_refuse_raises_the_error_interrupt_and_halts_the_pipe() {
    let ok = [0x40, 0, 0, 0, 4, 0, 0, 0]; // data, no flags
    // Each of the six rules of vendor sps.c `sps_check_iovec_flags()`, and a buffer above
    // 4 GiB, broken alone (flags in bytes 6..8, little-endian).
    let cases: [([u8; 8], Refusal); 9] = [
        ([0, 0, 0, 0, 4, 0, 0x00, 0x10], Refusal::NwdWithoutEot), // data|NWD
        ([0, 0, 0, 0, 16, 0, 0x00, 0x48], Refusal::EotOnCommand), // CMD|EOT
        ([0, 0, 0, 0, 4, 0, 0x00, 0x02], Refusal::LockFlagOnData), // data|UNLOCK
        ([0, 0, 0, 0, 4, 0, 0x00, 0x04], Refusal::LockFlagOnData), // data|LOCK
        ([0, 0, 0, 0, 16, 0, 0x00, 0x0e], Refusal::LockAndUnlock), // CMD|LOCK|UNLOCK
        ([0, 0, 0, 0, 16, 0, 0x00, 0x09], Refusal::ImmeWithCmd),  // CMD|IMME
        ([0, 0, 0, 0, 4, 0, 0x00, 0x51], Refusal::ImmeWithNwd),   // data|EOT|NWD|IMME
        ([0, 0, 0, 0, 4, 0, 0x01, 0x00], Refusal::BufferAbove4GiB), // address bit 32
        ([0, 0, 0, 0, 16, 0, 0x08, 0x08], Refusal::BufferAbove4GiB), // CMD, address bit 35
    ];
    for (bad, rule) in cases {
        let (bam, _fifo) = with_descriptors(&[ok, bad, ok]);
        assert_eq!(bam.run(1, 10), 1, "stops before the refused descriptor");
        assert!(bam.halted(1));
        assert_eq!(bam.run(1, 10), 0, "and stays halted");
        let log = bam.log();
        assert_eq!(
            log.refused,
            [(1, Descriptor::from_bytes(bad), rule)],
            "{:?}",
            log.violations
        );
        let v = &log.violations;
        assert!(v.len() == 1 && v[0].contains(rule.words()), "{v:?}");
        assert_eq!(bam.reg(V1_7_0::P_IRQ_STTS, 1) & P_IRQ_ERR, P_IRQ_ERR);
        assert_eq!(bam.lock_owner(), None, "a refused LOCK takes nothing");
        assert!(log.ce_reads.is_empty() && log.ce_writes.is_empty());
        drop(log);
        bam.write32(at(V1_7_0::P_RST, 1, 0), 1);
        assert!(!bam.halted(1), "P_RST clears the halt");
    }
    // The accepted neighbours: EOT|NWD on data, NWD on a command.
    assert_eq!(
        refusal(Descriptor::from_bytes([0, 0, 0, 0, 4, 0, 0, 0x50])),
        None
    );
    assert_eq!(
        refusal(Descriptor::from_bytes([0, 0, 0, 0, 16, 0, 0, 0x18])),
        None
    );
}

/// Every flag value: the fake refuses exactly what one of the six vendor rules or an
/// address bit above 31 refuses, and names the first rule broken in the vendor's order.
#[test]
fn the_fake_refuses_exactly_the_vendor_combinations_and_addresses_above_4_gib() {
    for flags in 0..=u16::MAX {
        let d = Descriptor::from_bytes([0, 0, 0, 0, 4, 0, flags as u8, (flags >> 8) as u8]);
        let has = |f: u16| flags & f == f;
        let cmd = has(FLAG_CMD);
        let imme = has(FLAG_IMME);
        let lock = has(crate::descriptor::FLAG_LOCK);
        let unlock = has(crate::descriptor::FLAG_UNLOCK);
        let broken = [
            (
                has(FLAG_NWD) && !has(FLAG_EOT) && !cmd,
                Refusal::NwdWithoutEot,
            ),
            (has(FLAG_EOT) && cmd, Refusal::EotOnCommand),
            ((lock || unlock) && !cmd, Refusal::LockFlagOnData),
            (lock && unlock, Refusal::LockAndUnlock),
            (imme && cmd, Refusal::ImmeWithCmd),
            (imme && has(FLAG_NWD), Refusal::ImmeWithNwd),
            (flags & 0xf != 0, Refusal::BufferAbove4GiB),
        ];
        let first = broken.iter().find(|(b, _)| *b).map(|(_, r)| *r);
        assert_eq!(refusal(d), first, "{flags:#06x}");
    }
}
