//! Encrypts a buffer with AES-128-CBC on the sm8550 model through the locked driver, and
//! prints the ciphertext, the descriptors the BAM processed and the lock events.
//!
//! `cargo run -p socgen-qce --example sm8550_encrypt`
//!
//! On hardware the model's `bam(0)` is `qcom_socs::sm8550::cryptobam::Mmio` over the BAM's
//! registers and the regions come from your DMA allocator; nothing else changes.
use qcom_socs::sm8550::{self, Lock};
use socgen_bam::DmaRegion;
use socgen_qce::{AesKey, CipherMode, CipherRequest, Direction, Qce, SLOT_BYTES};
use socgen_runtime::bam::LockTargetSpec;
use socgen_sim::{Event, Model, ModelConfig, Rng, flags, read_back};

fn main() -> Result<(), socgen_qce::Error> {
    let config = ModelConfig::for_target(&Lock::TARGET, sm8550::crypto::BASE, sm8550::crypto::SIZE);
    let model: Model<<Lock as LockTargetSpec>::Revision> = Model::new(config);
    let mem = model.memory();
    let mut qce: Qce<_, _, _, 1> = Qce::new::<Lock>(
        model.bam(Lock::TARGET.ee),
        sm8550::crypto::COMMANDS,
        mem.alloc(4096),
        mem.alloc(4096),
        mem.alloc(socgen_bam::SCRATCH_BYTES),
        mem.alloc(SLOT_BYTES),
    )?;

    let plaintext = *b"Linux and TrustZone share this engine; the lock keeps keys apart.";
    let plaintext = &plaintext[..64];
    let (src, dst) = (mem.alloc_with(plaintext), mem.alloc(plaintext.len()));
    let request = CipherRequest {
        key: AesKey::Aes128(b"socgen-demo-key!"),
        mode: CipherMode::Cbc { iv: [0; 16] },
        direction: Direction::Encrypt,
        src: src.bus_addr(),
        dst: dst.bus_addr(),
        len: plaintext.len() as u32,
    };
    qce.submit_cipher(&request)?;
    model.run(&mut Rng::new(0), usize::MAX);
    qce.poll(|id, result| match result {
        Ok(out) => println!("request {}: done, STATUS {:#010x}", id.0, out.status),
        Err(e) => println!("request {}: {e}", id.0),
    });

    let ciphertext = read_back(&dst, 0, plaintext.len());
    println!("ciphertext:");
    for line in ciphertext.chunks(16) {
        let hex: Vec<String> = line.iter().map(|b| format!("{b:02x}")).collect();
        println!("  {}", hex.join(""));
    }
    println!("what the BAM did:");
    for event in model.events() {
        match event {
            Event::Descriptor {
                pipe,
                addr,
                size,
                flags: f,
            } => {
                let names = [
                    (flags::CMD, "CMD"),
                    (flags::LOCK, "LOCK"),
                    (flags::UNLOCK, "UNLOCK"),
                    (flags::NWD, "NWD"),
                    (flags::INT, "INT"),
                    (flags::EOT, "EOT"),
                ];
                let set: Vec<&str> = names
                    .iter()
                    .filter(|(b, _)| f & b != 0)
                    .map(|(_, n)| *n)
                    .collect();
                println!(
                    "  pipe {pipe}: descriptor {addr:#010x} {size:5} bytes [{}]",
                    set.join("|")
                );
            }
            Event::Locked { pipe } => println!("  pipe {pipe}: LOCK taken"),
            Event::Unlocked { pipe, .. } => println!("  pipe {pipe}: LOCK released"),
            Event::Operation(op) => println!(
                "  engine: {} bytes for pipe pair {}, STATUS {:#010x}",
                op.bytes, op.pair, op.status
            ),
            _ => {}
        }
    }
    Ok(())
}
