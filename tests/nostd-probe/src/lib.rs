//! no_std probe: register I/O and command elements from `qcom-socs` (sm8550), exported to C.
#![no_std]

use qcom_socs::blocks::qce::v5::{EncrSegCfg, encr_seg_cfg::EncrMode};
use qcom_socs::sm8550::crypto;
use socgen_runtime::CommandElement;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}

/// A register write: one store.
#[unsafe(no_mangle)]
pub extern "C" fn probe_write_encr_seg_cfg(base: usize) {
    // SAFETY: the C caller passes a buffer standing in for the crypto window.
    let regs = crypto::Registers::new(unsafe { crypto::Mmio::new(base) });
    regs.encr_seg_cfg()
        .write(EncrSegCfg::ZERO.with_encr_mode(EncrMode::CBC).with_encode(true));
}

/// A read-modify-write: load, op, store.
#[unsafe(no_mangle)]
pub extern "C" fn probe_modify_encr_seg_cfg(base: usize) {
    // SAFETY: as above.
    let regs = crypto::Registers::new(unsafe { crypto::Mmio::new(base) });
    regs.encr_seg_cfg().modify(|v| v.with_encode(false));
}

/// A command list built entirely at compile time: no run-time code.
#[unsafe(no_mangle)]
pub static PROGRAM: [CommandElement; 2] = [
    crypto::COMMANDS.write_encr_seg_cfg(EncrSegCfg::ZERO.with_encr_mode(EncrMode::CBC)),
    crypto::COMMANDS.read_version(0),
];

/// The command list's bytes for the C side to check.
#[unsafe(no_mangle)]
pub extern "C" fn probe_program() -> *const u8 {
    PROGRAM.as_ptr().cast()
}
