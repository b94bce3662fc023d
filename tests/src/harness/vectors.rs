//! Published test vectors, copied from the documents named with each.

use super::hex;
use socgen_qce::{CipherMode, HashAlg};

/// One AES vector.
pub struct AesVector {
    pub name: &'static str,
    pub key: Vec<u8>,
    pub mode: CipherMode,
    pub plaintext: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

/// NIST SP 800-38A, appendix F: the four-block plaintext every example uses.
const SP800_38A_PLAINTEXT: &str =
    "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
     30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";
const SP800_38A_KEY128: &str = "2b7e151628aed2a6abf7158809cf4f3c";
const SP800_38A_KEY256: &str = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";

fn iv(s: &str) -> [u8; 16] {
    hex(s).try_into().expect("16-byte IV")
}

/// FIPS-197 appendix C.1 and C.3, SP 800-38A F.1.1, F.1.5, F.2.1, F.2.5, F.5.1, F.5.5.
pub fn aes() -> Vec<AesVector> {
    let cbc = CipherMode::Cbc {
        iv: iv("000102030405060708090a0b0c0d0e0f"),
    };
    let ctr = CipherMode::Ctr {
        counter: iv("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"),
    };
    let v = |name, key: &str, mode, pt: &str, ct: &str| AesVector {
        name,
        key: hex(key),
        mode,
        plaintext: hex(pt),
        ciphertext: hex(ct),
    };
    vec![
        v(
            "FIPS-197 C.1 AES-128",
            "000102030405060708090a0b0c0d0e0f",
            CipherMode::Ecb,
            "00112233445566778899aabbccddeeff",
            "69c4e0d86a7b0430d8cdb78070b4c55a",
        ),
        v(
            "FIPS-197 C.3 AES-256",
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            CipherMode::Ecb,
            "00112233445566778899aabbccddeeff",
            "8ea2b7ca516745bfeafc49904b496089",
        ),
        v(
            "SP 800-38A F.1.1 ECB-AES128",
            SP800_38A_KEY128,
            CipherMode::Ecb,
            SP800_38A_PLAINTEXT,
            "3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf
             43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4",
        ),
        v(
            "SP 800-38A F.1.5 ECB-AES256",
            SP800_38A_KEY256,
            CipherMode::Ecb,
            SP800_38A_PLAINTEXT,
            "f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870
             b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7",
        ),
        v(
            "SP 800-38A F.2.1 CBC-AES128",
            SP800_38A_KEY128,
            cbc,
            SP800_38A_PLAINTEXT,
            "7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2
             73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7",
        ),
        v(
            "SP 800-38A F.2.5 CBC-AES256",
            SP800_38A_KEY256,
            cbc,
            SP800_38A_PLAINTEXT,
            "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d
             39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b",
        ),
        v(
            "SP 800-38A F.5.1 CTR-AES128",
            SP800_38A_KEY128,
            ctr,
            SP800_38A_PLAINTEXT,
            "874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff
             5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee",
        ),
        v(
            "SP 800-38A F.5.5 CTR-AES256",
            SP800_38A_KEY256,
            ctr,
            SP800_38A_PLAINTEXT,
            "601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5
             2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6",
        ),
    ]
}

/// One hash or HMAC vector.
pub struct HashVector {
    pub name: &'static str,
    pub alg: HashAlg,
    pub key: Option<Vec<u8>>,
    pub message: Vec<u8>,
    pub digest: Vec<u8>,
}

/// FIPS 180 examples ("abc", the 448-bit message, one million "a"), RFC 4231 test cases
/// 1-4, 6 and 7 (HMAC-SHA-256; case 5 is a truncated MAC), RFC 2202 test cases 1 and 2
/// (HMAC-SHA-1).
pub fn hashes() -> Vec<HashVector> {
    let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".to_vec();
    let million = vec![b'a'; 1_000_000];
    let h = |name, alg, key: Option<Vec<u8>>, message: Vec<u8>, digest: &str| HashVector {
        name,
        alg,
        key,
        message,
        digest: hex(digest),
    };
    let big_key = vec![0xaa; 131];
    vec![
        h("FIPS 180 SHA-1 abc", HashAlg::Sha1, None, b"abc".to_vec(), "a9993e364706816aba3e25717850c26c9cd0d89d"),
        h("FIPS 180 SHA-1 448-bit", HashAlg::Sha1, None, long.clone(), "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        h("FIPS 180 SHA-1 million a", HashAlg::Sha1, None, million.clone(), "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
        h("FIPS 180 SHA-256 abc", HashAlg::Sha256, None, b"abc".to_vec(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        h("FIPS 180 SHA-256 448-bit", HashAlg::Sha256, None, long, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        h("FIPS 180 SHA-256 million a", HashAlg::Sha256, None, million, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        h("RFC 4231 case 1", HashAlg::Sha256, Some(vec![0x0b; 20]), b"Hi There".to_vec(), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        h("RFC 4231 case 2", HashAlg::Sha256, Some(b"Jefe".to_vec()), b"what do ya want for nothing?".to_vec(), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        h("RFC 4231 case 3", HashAlg::Sha256, Some(vec![0xaa; 20]), vec![0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        h("RFC 4231 case 4", HashAlg::Sha256, Some((1..=25).collect()), vec![0xcd; 50], "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        h("RFC 4231 case 6", HashAlg::Sha256, Some(big_key.clone()), b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        h("RFC 4231 case 7", HashAlg::Sha256, Some(big_key), b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        h("RFC 2202 case 1", HashAlg::Sha1, Some(vec![0x0b; 20]), b"Hi There".to_vec(), "b617318655057264e28bc0b6fb378c8ef146be00"),
        h("RFC 2202 case 2", HashAlg::Sha1, Some(b"Jefe".to_vec()), b"what do ya want for nothing?".to_vec(), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
    ]
}
