//! Harness for the end-to-end tests: the shared code lives in `socgen_tests::harness` (so the
//! `hardware-matrix` binary runs the same suites); this module re-exports it for the tests.
#![allow(dead_code, unused_imports)]

pub use socgen_tests::harness::*;

/// The crypto engine of a SoC of the generated crate: `engine!(sm8550)`.
#[macro_export]
macro_rules! engine {
    ($soc:ident) => {
        $crate::common::Engine {
            commands: qcom_socs::$soc::crypto::COMMANDS,
            base: qcom_socs::$soc::crypto::BASE,
            size: qcom_socs::$soc::crypto::SIZE,
        }
    };
}
