//! What socgen's BAM driver needs from a `role: bam` revision: the registers it programs and
//! the fields it sets, which E0117 holds every such revision to and the emitters bind.

/// How the BAM driver indexes a register it programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BamCopies {
    /// One copy: no strides, no array.
    Global,
    /// One copy per pipe: a stride for the `pipe` index and no other.
    PerPipe,
    /// One copy per execution environment: a stride for the `ee` index and no other.
    PerEe,
}

/// What the BAM driver (`socgen-bam`, through `socgen_runtime::bam::BamRevision`) binds to in a
/// block named `bam`: `(BamRevision constant, register, how it is indexed)`. The validator
/// refuses a `bam` revision without one of them (E0117) and the Rust emitter reads the same
/// table, so a renamed register is an error, never a silently missing `Layout`.
pub const BAM_DRIVER_REGISTERS: &[(&str, &str, BamCopies)] = &[
    ("CTRL", "CTRL", BamCopies::Global),
    ("REVISION_REG", "REVISION", BamCopies::Global),
    ("NUM_PIPES", "NUM_PIPES", BamCopies::Global),
    ("DESC_CNT_TRSHLD", "DESC_CNT_TRSHLD", BamCopies::Global),
    ("IRQ_SRCS", "IRQ_SRCS", BamCopies::Global),
    ("IRQ_SRCS_MSK", "IRQ_SRCS_MSK", BamCopies::Global),
    ("IRQ_STTS", "IRQ_STTS", BamCopies::Global),
    ("IRQ_CLR", "IRQ_CLR", BamCopies::Global),
    ("IRQ_EN", "IRQ_EN", BamCopies::Global),
    ("CNFG_BITS", "CNFG_BITS", BamCopies::Global),
    ("IRQ_SRCS_EE", "IRQ_SRCS_EE", BamCopies::PerEe),
    ("IRQ_SRCS_MSK_EE", "IRQ_SRCS_MSK_EE", BamCopies::PerEe),
    ("P_CTRL", "P_CTRL", BamCopies::PerPipe),
    ("P_RST", "P_RST", BamCopies::PerPipe),
    ("P_HALT", "P_HALT", BamCopies::PerPipe),
    ("P_IRQ_STTS", "P_IRQ_STTS", BamCopies::PerPipe),
    ("P_IRQ_CLR", "P_IRQ_CLR", BamCopies::PerPipe),
    ("P_IRQ_EN", "P_IRQ_EN", BamCopies::PerPipe),
    ("P_EVNT_REG", "P_EVNT_REG", BamCopies::PerPipe),
    ("P_SW_OFSTS", "P_SW_OFSTS", BamCopies::PerPipe),
    ("P_DESC_FIFO_ADDR", "P_DESC_FIFO_ADDR", BamCopies::PerPipe),
    ("P_FIFO_SIZES", "P_FIFO_SIZES", BamCopies::PerPipe),
];

/// The fields the BAM driver sets when it enables the BAM and its pipes: `(register, fields)`.
/// A `bam` revision without one of them is refused (E0117) with a message naming what the
/// driver programs; [`BAM_DRIVER_FIELDS`] gives their bits.
pub const BAM_DRIVER_MASKS: &[(&str, &[&str])] = &[
    ("CTRL", &["BAM_SW_RST"]),
    ("CTRL", &["BAM_EN"]),
    ("P_CTRL", &["P_EN"]),
    ("P_CTRL", &["P_DIRECTION"]),
    ("P_CTRL", &["P_SYS_MODE"]),
    ("P_IRQ_EN", &["P_PRCSD_DESC", "P_ERR", "P_TRNSFR_END"]),
    ("IRQ_EN", &["BAM_ERROR", "BAM_HRESP_ERR"]),
    ("IRQ_SRCS_MSK_EE", &["BAM_IRQ"]),
];

/// The fields the BAM driver programs or reads through the typed values in
/// `socgen_runtime::bam::regs`: `(register, field, lsb, width)`. Those types are generated once,
/// from the bundled catalogue `socs/blocks/bam/shared/registers.yaml`, and checked in; the
/// validator refuses a `bam` revision whose field differs (E0117), since the driver would then
/// program the wrong bits on it.
pub const BAM_DRIVER_FIELDS: &[(&str, &str, u32, u32)] = &[
    ("CTRL", "BAM_SW_RST", 0, 1),
    ("CTRL", "BAM_EN", 1, 1),
    ("IRQ_EN", "BAM_HRESP_ERR", 1, 1),
    ("IRQ_EN", "BAM_ERROR", 2, 1),
    ("IRQ_SRCS_EE", "P_IRQ", 0, 31),
    ("IRQ_SRCS_EE", "BAM_IRQ", 31, 1),
    ("IRQ_SRCS_MSK_EE", "P_IRQ_MSK", 0, 31),
    ("IRQ_SRCS_MSK_EE", "BAM_IRQ", 31, 1),
    ("P_CTRL", "P_EN", 1, 1),
    ("P_CTRL", "P_DIRECTION", 3, 1),
    ("P_CTRL", "P_SYS_MODE", 5, 1),
    ("P_CTRL", "P_LOCK_GROUP", 16, 5),
    ("P_IRQ_STTS", "P_ERR", 4, 1),
    ("P_IRQ_EN", "P_PRCSD_DESC", 0, 1),
    ("P_IRQ_EN", "P_ERR", 4, 1),
    ("P_IRQ_EN", "P_TRNSFR_END", 5, 1),
    ("P_SW_OFSTS", "SW_OFSTS", 0, 16),
];

/// The fields of [`BAM_DRIVER_FIELDS`] the driver programs only on revisions with pipe locking
/// (`socgen_runtime::bam::PipeLocking`): a `bam` revision without pipe locking may lack them
/// (BAM v1.3.0 has no lock group), one with it may not (E0115, E0117).
pub const BAM_LOCKING_ONLY_FIELDS: &[(&str, &str)] = &[("P_CTRL", "P_LOCK_GROUP")];
