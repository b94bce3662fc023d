//! Arbitrary bytes as a SoC file or a block file (see `common.rs`) through load and validate:
//! socgen must report, never panic or hang, and every diagnostic must be located.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Some(checked) = common::check(data) {
        common::assert_reported(&checked);
    }
});
