//! no_std probe: register I/O and command elements from `qcom-socs` (sm8550) and a QCE request
//! program from `socgen-qce` (over `socgen-bam`), exported to C.
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
    regs.encr_seg_cfg().write(
        EncrSegCfg::ZERO
            .with_encr_mode(EncrMode::CBC)
            .with_encode(true),
    );
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

/// The command elements of an AES-128-CBC request as `socgen-qce` builds them for sm8550,
/// copied to `out` (room for `capacity` elements); returns how many there are (0 on error).
#[unsafe(no_mangle)]
pub extern "C" fn probe_qce_program(out: *mut u8, capacity: usize) -> usize {
    let request = socgen_qce::CipherRequest {
        key: socgen_qce::AesKey::Aes128(&[0x11; 16]),
        mode: socgen_qce::CipherMode::Cbc { iv: [0x22; 16] },
        direction: socgen_qce::Direction::Encrypt,
        src: 0x8000_0000,
        dst: 0x8000_1000,
        len: 64,
    };
    // sm8550's crypto rx pipe 4: pipe pair 2.
    let Ok(pair) = socgen_qce::PipePair::of_rx_pipe(4) else {
        return 0;
    };
    let Ok(program) = socgen_qce::Program::cipher(crypto::COMMANDS, pair, &request) else {
        return 0;
    };
    let elements = program.elements();
    if elements.len() > capacity {
        return 0;
    }
    for (i, element) in elements.iter().enumerate() {
        // SAFETY: the C caller passes room for `capacity` 16-byte elements.
        unsafe {
            core::ptr::copy_nonoverlapping(element.to_bytes().as_ptr(), out.add(i * 16), 16);
        }
    }
    elements.len()
}
