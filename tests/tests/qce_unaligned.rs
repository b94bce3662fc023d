//! End to end: a SoC whose crypto wrapper is not 256 KiB aligned
//! (`tests/data/unaligned`, wrapper at SDX75's QPIC base 0x1c98000, engine at +0x3a000, BAM at
//! +0x4000), expanded by `socgen_macros::soc!`. Its command elements carry offsets from the
//! wrapper (`wrapper_offset18`): a model that decodes them from the wrapper base runs AES/SHA
//! vectors and a contention run correctly, and a model that decodes them as `bam_offset18`
//! (from the BAM's 256 KiB-aligned block, 0x1c80000) finds no engine register there.

mod common;

mod chip {
    socgen_macros::soc!("data/unaligned/unaligned.yaml");
}

use chip::unaligned;
use common::contention::Outcome;
use common::{Engine, Expect, Secure, Side, config, drive, model, vectors, with_side};
use qcom_socs::blocks::qce::v5::offsets;
use qcom_socs::sm8550;
use socgen_qce::{CipherMode, Direction, Error};
use socgen_runtime::bam::{AddressMode, LockTargetSpec};
use socgen_sim::{DescriptorError, Event, Model, Rng};

type Lock = unaligned::Lock;
type Tz = Secure<unaligned::Lock>;

const WRAPPER: u64 = 0x1c9_8000;

/// The unaligned SoC's engine. `socgen-qce` takes the generated crate's `Commands`, which
/// only generated code can construct; the macro's `unaligned::crypto::COMMANDS` has the same
/// base as sm8550's (the engine is 0x3a000 into both wrappers; asserted in
/// `the_unaligned_soc_encodes_offsets_from_its_wrapper`), so sm8550's value carries exactly
/// the unaligned SoC's element addresses.
const ENGINE: Engine = Engine {
    commands: sm8550::crypto::COMMANDS,
    base: unaligned::crypto::BASE,
    size: unaligned::crypto::SIZE,
};

#[test]
fn the_unaligned_soc_encodes_offsets_from_its_wrapper() {
    let target = Lock::TARGET;
    assert_eq!(
        target.address_mode,
        AddressMode::WrapperOffset18 {
            wrapper_base: WRAPPER
        }
    );
    assert_eq!(
        WRAPPER & 0x3_ffff,
        0x1_8000,
        "the wrapper is not 256 KiB aligned"
    );
    assert_eq!(unaligned::crypto::BASE, 0x1cd_2000);
    // Offset from the wrapper, not the low 18 bits of the physical address (0x12000).
    let base = unaligned::crypto::COMMANDS.base().get();
    assert_eq!(base, 0x3_a000);
    assert_ne!(u64::from(base), unaligned::crypto::BASE & 0x3_ffff);
    assert_eq!(target.scratchpad.get(), base + offsets::VERSION as u32);
    // The driver's Commands value names the same addresses.
    assert_eq!(
        sm8550::crypto::COMMANDS.base(),
        unaligned::crypto::COMMANDS.base()
    );
    assert_eq!(
        sm8550::crypto::COMMANDS
            .read_version(0x8000_0040)
            .to_bytes(),
        unaligned::crypto::COMMANDS
            .read_version(0x8000_0040)
            .to_bytes()
    );
    assert_eq!(
        (target.pipe, target.tx_pipe, target.lock_group),
        (4, Some(5), 2)
    );
}

#[test]
fn vectors_on_the_unaligned_soc() {
    let model = model::<Lock>(ENGINE, false, true);
    let mut side = Side::new::<Lock>(&model, ENGINE, 4096);
    let mut rng = Rng::new(21);
    let mut failures = Vec::new();
    for v in vectors::aes() {
        let id = side
            .cipher(&model, &v.key, v.mode, Direction::Encrypt, &v.plaintext)
            .unwrap();
        drive(&model, &mut rng, &mut [&mut side]);
        let expect = Expect {
            output: v.ciphertext.clone(),
            digest: vec![],
        };
        if !side.correct(id, &expect) {
            failures.push(format!("{}: {:?}", v.name, side.results.get(&id)));
        }
    }
    for v in vectors::hashes()
        .iter()
        .filter(|v| v.key.as_ref().is_none_or(|k| k.len() <= 64))
    {
        let id = side
            .hash(&model, v.alg, v.key.as_deref(), &v.message)
            .unwrap();
        drive(&model, &mut rng, &mut [&mut side]);
        let expect = Expect {
            output: vec![],
            digest: v.digest.clone(),
        };
        if !side.correct(id, &expect) {
            failures.push(format!("{}: {:?}", v.name, side.results.get(&id)));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(side.submitted() >= 8, "a real run");
    let events = model.events();
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::Error { .. } | Event::Violation(_)))
    );
    // The lock dummy reached VERSION and the configuration reached the cipher registers.
    assert!(events.iter().any(|e| matches!(
        e,
        Event::RegisterRead {
            offset: offsets::VERSION,
            ..
        }
    )));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::RegisterWrite {
            offset: offsets::ENCR_SEG_CFG,
            ..
        }
    )));
    assert_eq!(model.lock_holder(), None);
}

#[test]
fn contention_on_the_unaligned_soc() {
    for seed in 0..300 {
        let model: Model<_> = model::<Lock>(ENGINE, true, true);
        let Outcome { wrong, broken, .. } =
            common::contention::interleaving::<Lock, Tz>(ENGINE, model, seed);
        assert_eq!((wrong, broken), (0, None), "seed {seed}");
    }
}

#[test]
fn a_bam_offset18_model_of_the_same_soc_misses_the_engine() {
    let mut config = with_side::<Tz>(config::<Lock>(ENGINE));
    config.address_mode = AddressMode::BamOffset18;
    let model = Model::new(config);
    let mut side = Side::new::<Lock>(&model, ENGINE, 4096);
    let id = side
        .cipher(
            &model,
            &[1; 16],
            CipherMode::Ecb,
            Direction::Encrypt,
            &[0; 32],
        )
        .unwrap();
    drive(&model, &mut Rng::new(2), &mut [&mut side]);
    assert_eq!(side.results.get(&id), Some(&Err(Error::Descriptor)));
    // The first element (the wrap placement's LOCK dummy, VERSION at 0x3a0xx) decodes to
    // 0x1c80000 + 0x3a0xx = 0x1cba0xx, below the engine at 0x1cd2000.
    let scratchpad = Lock::TARGET.scratchpad.get();
    let errors: Vec<_> = model
        .events()
        .into_iter()
        .filter(|e| matches!(e, Event::Error { .. }))
        .collect();
    // Twice: the LOCK dummy, then the same element in the lone UNLOCK the driver sends after
    // resetting the pipe; that second error tells the driver the pipe held no lock, and its
    // next reset sends none, so the pipe is usable again.
    let error = Event::Error {
        pipe: Lock::TARGET.pipe,
        error: DescriptorError::BadRegisterAddress(scratchpad),
    };
    assert_eq!(errors, [error.clone(), error]);
    assert!(!side.qce.rx_pipe().recovering());
    assert!((0x1c8_0000 + u64::from(scratchpad)) < unaligned::crypto::BASE);
    assert!(
        !model
            .events()
            .iter()
            .any(|e| matches!(e, Event::RegisterRead { .. } | Event::RegisterWrite { .. })),
        "no element reached the engine"
    );
    assert_eq!(model.lock_holder(), None);
}
