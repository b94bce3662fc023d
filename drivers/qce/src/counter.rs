//! The CTR counter a request hands on to the next one.
//!
//! The engine advances its counter once per *whole* 16-byte block: after a request whose
//! length is not a multiple of 16 the counter it leaves in `CNTR_IV` and in the result dump's
//! `encr_cntr_iv` is the one its partial last block used, not the next unused one (Crypto 6.0
//! documentation section 2.2.5 as quoted by Qualcomm, Message-ID
//! <20260610-qce_selftest_fix-v1-2-1b0504783a46@oss.qualcomm.com>; grade: documented). The
//! next unused counter block (NIST SP 800-38A) is therefore the engine's counter plus one in
//! that case, and the engine's counter as it is otherwise.

/// The next unused counter block after a CTR request of `len` bytes whose engine left
/// `engine_counter` behind: `engine_counter + 1` (128-bit big-endian, carrying across all
/// four words, all ones wrapping to zero) when `len` ends inside a block, `engine_counter`
/// when it ends on a block boundary. Equals the initial counter plus `ceil(len / 16)`.
///
/// After a partial block the rest of that block's keystream is dropped: a request chained
/// from this counter starts on a fresh counter block, as Linux's `ctr(aes)` template does.
pub(crate) const fn next_counter_block(engine_counter: [u8; 16], len: u32) -> [u8; 16] {
    let counter = u128::from_be_bytes(engine_counter);
    let next = if crate::multiple_of_u32(len, 16) {
        counter
    } else {
        // Wrapping: a 128-bit counter at all ones continues at zero, as the engine's does.
        counter.wrapping_add(1)
    };
    next.to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::next_counter_block;

    fn after(engine_counter: u128, len: u32) -> u128 {
        u128::from_be_bytes(next_counter_block(engine_counter.to_be_bytes(), len))
    }

    #[test]
    fn a_request_ending_on_a_block_boundary_keeps_the_engines_counter() {
        for len in [16, 32, 64, 4096, 0xffff_fff0] {
            assert_eq!(after(0x1234, len), 0x1234, "{len} bytes");
        }
    }

    #[test]
    fn a_request_ending_inside_a_block_adds_the_block_the_engine_did_not_count() {
        for len in [1, 15, 17, 31, 499, u32::MAX] {
            assert_eq!(after(0x1234, len), 0x1235, "{len} bytes");
        }
    }

    #[test]
    fn the_carry_crosses_the_low_32_bits() {
        assert_eq!(after(0xffff_ffff, 1), 0x1_0000_0000);
        assert_eq!(
            after(0xaaaa_aaaa_bbbb_bbbb_cccc_cccc_ffff_ffff, 17),
            0xaaaa_aaaa_bbbb_bbbb_cccc_cccd_0000_0000
        );
    }

    #[test]
    fn the_carry_crosses_the_low_64_bits() {
        assert_eq!(after(u128::from(u64::MAX), 3), 1 << 64);
        assert_eq!(
            after(0xaaaa_aaaa_bbbb_bbbb_ffff_ffff_ffff_ffff, 5),
            0xaaaa_aaaa_bbbb_bbbc_0000_0000_0000_0000
        );
    }

    #[test]
    fn all_ones_wraps_to_zero() {
        assert_eq!(next_counter_block([0xff; 16], 1), [0; 16]);
        assert_eq!(next_counter_block([0xff; 16], 16), [0xff; 16]);
    }

    #[test]
    fn usable_in_const_context() {
        const NEXT: [u8; 16] = next_counter_block([0; 16], 7);
        assert_eq!(u128::from_be_bytes(NEXT), 1);
    }
}
