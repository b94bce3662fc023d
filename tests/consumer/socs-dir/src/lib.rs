//! A consumer's own SoC through `qcom-socs`: the build script generates it from
//! `$SOCGEN_SOCS_DIR`, selected by `$SOCGEN_SOCS` since no cargo feature names it.
#![no_std]

/// Where the crypto window sits, from the consumer's YAML.
pub const CRYPTO_BASE: u64 = qcom_socs::mychip::crypto::BASE;
