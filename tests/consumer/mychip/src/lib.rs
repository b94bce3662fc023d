//! A SoC added from the consumer's own tree with one YAML file: `soc!` finds `bam@v1.7.0`,
//! `qce@v5` and `common/qce-lock-pipe4.yaml` in the catalogue bundled inside socgen.
#![no_std]

socgen_macros::soc!("socs/mychip.yaml");

/// The crypto engine's VERSION register, read through the generated handle.
///
/// # Safety
/// `base` must be the mapped crypto register window of a mychip.
pub unsafe fn crypto_version(base: usize) -> u32 {
    use mychip::crypto;
    // SAFETY: the caller guarantees `base` maps the crypto window.
    let regs = crypto::Registers::new(unsafe { crypto::Mmio::new(base) });
    regs.version().read().to_bits()
}

/// Where the crypto window sits, from the YAML.
pub const CRYPTO_BASE: u64 = mychip::crypto::BASE;
