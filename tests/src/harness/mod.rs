//! Harness for the end-to-end tests and the `hardware-matrix` binary: a model system, driver
//! instances for one or two execution environments, and a loop that interleaves the model with
//! the drivers.

pub mod contention;
mod raw_pipe;
pub mod vectors;

pub use raw_pipe::RawPipe;

use qcom_socs::blocks::qce::v5::Commands;
use socgen_bam::testing::DmaBuf;
use socgen_qce::{
    AeadDirection, AesKey, AuthencCipher, AuthencRequest, CcmNonce, CcmRequest, CipherMode,
    CipherRequest, DesKey, DesMode, DesRequest, Direction, Error, HashAlg, HashPart, HashRequest,
    HashState, HmacKey, Output, Qce, RequestId, SLOT_BYTES, XtsKey, XtsRequest,
};
use socgen_runtime::bam::BamRevision;
use socgen_runtime::bam::{LockTarget, LockTargetSpec, PipeLocking};
use socgen_sim::{BamPort, Hardware, Model, ModelConfig, Rng, read_back};
use std::collections::BTreeMap;
use std::marker::PhantomData;

/// Request slots per driver in these tests.
pub const SLOTS: usize = 4;

/// The most model steps a submission waits for a reset's lone UNLOCK.
pub const RECOVERY_STEPS: usize = 1000;

/// The engine driver as the tests instantiate it.
pub type Driver<R> = Qce<R, BamPort<R>, DmaBuf, SLOTS>;

/// The secure side's lock target: the SoC's target moved to another EE (1, or 0 where Linux
/// itself is EE 1, as on the IPQ SoCs) and the next pipe pair, in that pair's own lock group
/// (its pipe pair index, as vendor qce50 programs `lock_group = pipe_pair_index`). The public
/// sources do not say which pipes or EE TrustZone uses; any other pair shows the same race.
pub struct Secure<T>(PhantomData<T>);

impl<T: LockTargetSpec> LockTargetSpec for Secure<T> {
    type Revision = T::Revision;
    const TARGET: LockTarget = LockTarget {
        ee: if T::TARGET.ee == 1 { 0 } else { 1 },
        pipe: T::TARGET.pipe + 2,
        tx_pipe: Some(T::TARGET.pipe + 3),
        lock_group: (T::TARGET.pipe + 2) / 2,
        ..T::TARGET
    };
    const UNLOCK: socgen_runtime::bam::UnlockWith = T::UNLOCK;
}

/// Target `T` with its pipes left in lock group 0, as software that never programs
/// `P_LOCK_GROUP` leaves them (mainline `bam_chan_init_hw` writes `P_CTRL` whole).
pub struct Ungrouped<T>(PhantomData<T>);

impl<T: LockTargetSpec> LockTargetSpec for Ungrouped<T> {
    type Revision = T::Revision;
    const TARGET: LockTarget = LockTarget {
        lock_group: 0,
        ..T::TARGET
    };
    const UNLOCK: socgen_runtime::bam::UnlockWith = T::UNLOCK;
}

/// The crypto engine of a SoC of the generated crate: `socgen_tests::engine!(sm8550)`.
#[macro_export]
macro_rules! engine {
    ($soc:ident) => {
        $crate::harness::Engine {
            commands: qcom_socs::$soc::crypto::COMMANDS,
            base: qcom_socs::$soc::crypto::BASE,
            size: qcom_socs::$soc::crypto::SIZE,
        }
    };
}

/// Where a SoC's engine is (from the generated crate).
#[derive(Clone, Copy)]
pub struct Engine {
    pub commands: Commands,
    pub base: u64,
    pub size: usize,
}

/// The system of SoC target `T`: its BAM and engine, `T`'s pipes.
pub fn config<T: LockTargetSpec>(engine: Engine) -> ModelConfig {
    ModelConfig::for_target(&T::TARGET, engine.base, engine.size)
}

/// `config` with the pipes of another side's target `S` added.
pub fn with_side<S: LockTargetSpec>(config: ModelConfig) -> ModelConfig {
    let s = S::TARGET;
    config
        .with_pipe(s.pipe, s.ee)
        .with_pipe(s.tx_pipe.unwrap_or(s.pipe + 1), s.ee)
}

/// A model of SoC target `T`'s BAM and engine, with the secure side's pipes when asked.
pub fn model<T: LockTargetSpec>(engine: Engine, secure: bool, locking: bool) -> Model<T::Revision> {
    let mut config = config::<T>(engine);
    if secure {
        config = with_side::<Secure<T>>(config);
    }
    if !locking {
        config = config.without_locking();
    }
    Model::new(config)
}

/// `model` on hardware that behaves as `hardware` says (`Hardware::BELIEVED`: as the record
/// reads; a deviation: one open question answered the other way).
pub fn model_on<T: LockTargetSpec>(
    engine: Engine,
    secure: bool,
    hardware: Hardware,
) -> Model<T::Revision> {
    let mut config = config::<T>(engine).with_hardware(hardware);
    if secure {
        config = with_side::<Secure<T>>(config);
    }
    Model::new(config)
}

/// `pipe`'s `P_IRQ_STTS` as EE `ee` reads it.
pub fn irq_status<R: BamRevision>(model: &Model<R>, ee: u32, pipe: u32) -> u32 {
    use socgen_runtime::Io;
    model
        .bam(ee)
        .read32(R::P_IRQ_STTS.at(pipe, 0).expect("pipe in range"))
}

/// What one request should produce.
#[derive(Debug, Clone)]
pub struct Expect {
    pub output: Vec<u8>,
    pub digest: Vec<u8>,
}

/// One execution environment's driver with its requests and their results.
pub struct Side<R: PipeLocking> {
    pub qce: Driver<R>,
    pub ee: u32,
    /// The lock scratch region the driver was given (its first 16 bytes: the dummy element).
    pub scratch: DmaBuf,
    outputs: BTreeMap<RequestId, (Option<DmaBuf>, usize)>,
    pub results: BTreeMap<RequestId, Result<Output, Error>>,
    /// How often a request was reported (must be once).
    pub reports: BTreeMap<RequestId, usize>,
    /// The order requests were reported in (must be submission order).
    pub order: Vec<RequestId>,
}

impl<R: PipeLocking> Side<R> {
    /// A driver for target `T` on `model`, with FIFOs of `fifo_bytes` each.
    pub fn new<T: LockTargetSpec<Revision = R>>(
        model: &Model<R>,
        engine: Engine,
        fifo_bytes: usize,
    ) -> Self {
        let mem = model.memory();
        let scratch = mem.alloc(socgen_bam::SCRATCH_BYTES);
        let qce = Qce::new::<T>(
            model.bam(T::TARGET.ee),
            engine.commands,
            mem.alloc(fifo_bytes),
            mem.alloc(fifo_bytes),
            scratch.clone(),
            mem.alloc(SLOTS * SLOT_BYTES),
        )
        .expect("driver set-up");
        Side {
            qce,
            ee: T::TARGET.ee,
            scratch,
            outputs: BTreeMap::new(),
            results: BTreeMap::new(),
            reports: BTreeMap::new(),
            order: Vec::new(),
        }
    }

    /// Submits an AES request over `data`.
    pub fn cipher(
        &mut self,
        model: &Model<R>,
        key: &[u8],
        mode: CipherMode,
        direction: Direction,
        data: &[u8],
    ) -> Result<RequestId, Error> {
        let mem = model.memory();
        let (src, dst) = (mem.alloc_with(data), mem.alloc(data.len()));
        let key = match key.len() {
            16 => AesKey::Aes128(key.try_into().unwrap()),
            _ => AesKey::Aes256(key.try_into().unwrap()),
        };
        let request = CipherRequest {
            key,
            mode,
            direction,
            src: socgen_bam::DmaRegion::bus_addr(&src),
            dst: socgen_bam::DmaRegion::bus_addr(&dst),
            len: data.len() as u32,
        };
        let id = self.submit_when_recovered(model, |qce| qce.submit_cipher(&request))?;
        self.outputs.insert(id, (Some(dst), data.len()));
        Ok(id)
    }

    /// Submits a hash or HMAC request over `data`.
    pub fn hash(
        &mut self,
        model: &Model<R>,
        alg: HashAlg,
        hmac_key: Option<&[u8]>,
        data: &[u8],
    ) -> Result<RequestId, Error> {
        let src = model.memory().alloc_with(data);
        let request = HashRequest {
            alg,
            hmac_key,
            src: socgen_bam::DmaRegion::bus_addr(&src),
            len: data.len() as u32,
        };
        let id = self.submit_when_recovered(model, |qce| qce.submit_hash(&request))?;
        self.outputs.insert(id, (None, 0));
        Ok(id)
    }

    /// Submits an AES-XTS request over `data` (one data unit); `key` is 32 or 64 bytes.
    pub fn xts(
        &mut self,
        model: &Model<R>,
        key: &[u8],
        tweak: [u8; 16],
        direction: Direction,
        data: &[u8],
    ) -> Result<RequestId, Error> {
        let key = match key.len() {
            32 => XtsKey::Aes128(key.try_into().expect("32 bytes")),
            _ => XtsKey::Aes256(key.try_into().expect("64 bytes")),
        };
        self.submit_in_out(model, data, |qce, src, dst, len| {
            qce.submit_xts(&XtsRequest {
                key,
                tweak,
                direction,
                src,
                dst,
                len,
            })
        })
    }

    /// Submits a DES (8-byte key) or 3DES (24-byte key) request over `data`.
    pub fn des(
        &mut self,
        model: &Model<R>,
        key: &[u8],
        mode: DesMode,
        direction: Direction,
        data: &[u8],
    ) -> Result<RequestId, Error> {
        let key = match key.len() {
            8 => DesKey::Des(key.try_into().expect("8 bytes")),
            _ => DesKey::TripleDes(key.try_into().expect("24 bytes")),
        };
        self.submit_in_out(model, data, |qce, src, dst, len| {
            qce.submit_des(&DesRequest {
                key,
                mode,
                direction,
                src,
                dst,
                len,
            })
        })
    }

    /// Submits an AES-CCM request over the payload `data` (`key` 16 or 32 bytes).
    pub fn ccm(
        &mut self,
        model: &Model<R>,
        key: &[u8],
        nonce: CcmNonce<'_>,
        aad: &[u8],
        direction: AeadDirection<'_>,
        data: &[u8],
    ) -> Result<RequestId, Error> {
        let key = match key.len() {
            16 => AesKey::Aes128(key.try_into().expect("16 bytes")),
            _ => AesKey::Aes256(key.try_into().expect("32 bytes")),
        };
        self.submit_in_out(model, data, |qce, src, dst, len| {
            qce.submit_ccm(&CcmRequest {
                key,
                nonce,
                aad,
                direction,
                src,
                dst,
                len,
            })
        })
    }

    /// Submits an `authenc(hmac(..), cbc(..))` request over the payload `data`.
    #[allow(clippy::too_many_arguments)]
    pub fn authenc(
        &mut self,
        model: &Model<R>,
        hash: HashAlg,
        auth_key: &[u8],
        cipher: AuthencCipher<'_>,
        aad: &[u8],
        direction: AeadDirection<'_>,
        data: &[u8],
    ) -> Result<RequestId, Error> {
        self.submit_in_out(model, data, |qce, src, dst, len| {
            let auth_key = HmacKey::new(auth_key)?;
            qce.submit_authenc(&AuthencRequest {
                hash,
                auth_key: &auth_key,
                cipher,
                aad,
                direction,
                src,
                dst,
                len,
            })
        })
    }

    /// Submits one part of an incremental hash over `data`.
    pub fn hash_part(
        &mut self,
        model: &Model<R>,
        state: &HashState,
        data: &[u8],
        last: bool,
    ) -> Result<RequestId, Error> {
        let src = model.memory().alloc_with(data);
        let part = HashPart {
            state,
            src: socgen_bam::DmaRegion::bus_addr(&src),
            len: data.len() as u32,
            last,
        };
        let id = self.submit_when_recovered(model, |qce| qce.submit_hash_part(&part))?;
        self.outputs.insert(id, (None, 0));
        Ok(id)
    }

    /// Submits the hash of a long HMAC key (`Qce::submit_hmac_key`).
    pub fn hmac_key(
        &mut self,
        model: &Model<R>,
        alg: HashAlg,
        key: &[u8],
    ) -> Result<RequestId, Error> {
        let src = model.memory().alloc_with(key);
        let bus = socgen_bam::DmaRegion::bus_addr(&src);
        let id = self
            .submit_when_recovered(model, |qce| qce.submit_hmac_key(alg, bus, key.len() as u32))?;
        self.outputs.insert(id, (None, 0));
        Ok(id)
    }

    /// `submit`, retried while the driver's rx pipe is releasing a lock after a reset
    /// ([`Error::Recovering`]): the driver is polled and the model moves one descriptor at a
    /// time, as long as that UNLOCK needs (it waits like any other descriptor while another
    /// side holds the lock), up to [`RECOVERY_STEPS`] steps.
    /// Copies `data` into the simulator's memory beside an output buffer of the same length
    /// (at least one byte), submits through `submit` with their bus addresses and the length
    /// (retrying while the driver recovers), and keeps the output buffer for the result.
    fn submit_in_out(
        &mut self,
        model: &Model<R>,
        data: &[u8],
        mut submit: impl FnMut(&mut Driver<R>, u32, u32, u32) -> Result<RequestId, Error>,
    ) -> Result<RequestId, Error> {
        let mem = model.memory();
        let (src, dst) = (mem.alloc_with(data), mem.alloc(data.len().max(1)));
        let (src_bus, dst_bus) = (
            socgen_bam::DmaRegion::bus_addr(&src),
            socgen_bam::DmaRegion::bus_addr(&dst),
        );
        let len = data.len() as u32;
        let id = self.submit_when_recovered(model, |qce| submit(qce, src_bus, dst_bus, len))?;
        self.outputs.insert(id, (Some(dst), data.len()));
        Ok(id)
    }

    fn submit_when_recovered(
        &mut self,
        model: &Model<R>,
        mut submit: impl FnMut(&mut Driver<R>) -> Result<RequestId, Error>,
    ) -> Result<RequestId, Error> {
        let mut rng = Rng::new(u64::from(self.ee));
        for _ in 0..RECOVERY_STEPS {
            match submit(&mut self.qce) {
                Err(Error::Recovering) => {
                    self.poll();
                    if self.qce.rx_pipe().recovering() {
                        model.step(&mut rng);
                    }
                }
                other => return other,
            }
        }
        submit(&mut self.qce)
    }

    /// Polls the driver and records what it reports.
    pub fn poll(&mut self) -> usize {
        let (results, reports, order) = (&mut self.results, &mut self.reports, &mut self.order);
        self.qce.poll(|id, result| {
            *reports.entry(id).or_default() += 1;
            order.push(id);
            results.insert(id, result);
        })
    }

    /// Resets the driver's pipes, recording the failed requests.
    pub fn reset(&mut self) -> usize {
        let (results, reports, order) = (&mut self.results, &mut self.reports, &mut self.order);
        self.qce.reset(|id, error| {
            *reports.entry(id).or_default() += 1;
            order.push(id);
            results.insert(id, Err(error));
        })
    }

    /// The output buffer of a finished cipher request, as the CPU reads it after invalidating.
    pub fn output(&self, id: RequestId) -> Vec<u8> {
        match self.outputs.get(&id) {
            Some((Some(buf), len)) => read_back(buf, 0, *len),
            _ => Vec::new(),
        }
    }

    /// Whether request `id` finished with exactly `expect`.
    pub fn correct(&self, id: RequestId, expect: &Expect) -> bool {
        match self.results.get(&id) {
            Some(Ok(out)) => out.digest() == &expect.digest[..] && self.output(id) == expect.output,
            _ => false,
        }
    }

    /// Counts a request submitted straight through `qce` (with hand-made bus addresses).
    pub fn track(&mut self, id: RequestId) {
        self.outputs.insert(id, (None, 0));
    }

    /// Whether every request was reported once, in submission order.
    pub fn reported_once_in_order(&self) -> bool {
        self.order.windows(2).all(|w| w[0] < w[1]) && self.order.len() == self.submitted()
    }

    /// Submitted requests.
    pub fn submitted(&self) -> usize {
        self.outputs.len()
    }
}

/// One driver alone on its SoC's model, run a request at a time: what the vector and
/// incremental-hash tests need.
pub struct Solo<T: LockTargetSpec>
where
    T::Revision: PipeLocking,
{
    pub model: Model<T::Revision>,
    pub side: Side<T::Revision>,
    pub rng: Rng,
}

impl<T: LockTargetSpec> Solo<T>
where
    T::Revision: PipeLocking,
{
    /// A locking driver for `T` on a fresh model, the model's interleaving seeded by `seed`.
    pub fn new(engine: Engine, seed: u64) -> Self {
        let model = model::<T>(engine, false, true);
        let side = Side::new::<T>(&model, engine, 4096);
        Solo {
            model,
            side,
            rng: Rng::new(seed),
        }
    }

    /// Runs the model until request `id` (as submitted) is reported; its output buffer and
    /// what the driver reported. A refused submission is returned as it was refused.
    pub fn finish(
        &mut self,
        submitted: Result<RequestId, Error>,
    ) -> Result<(Vec<u8>, Output), Error> {
        let id = submitted?;
        drive(&self.model, &mut self.rng, &mut [&mut self.side]);
        let result = self
            .side
            .results
            .get(&id)
            .copied()
            .unwrap_or(Err(Error::Busy));
        result.map(|out| (self.side.output(id), out))
    }
}

/// Interleaves the model (a seeded number of descriptors at a time) with polls of both sides
/// until the model cannot move and a last poll reports nothing new.
pub fn drive<R: PipeLocking>(model: &Model<R>, rng: &mut Rng, sides: &mut [&mut Side<R>]) {
    loop {
        let burst = 1 + rng.below(4);
        let moved = model.run(rng, burst);
        let mut reported = 0;
        for side in sides.iter_mut() {
            reported += side.poll();
        }
        if moved == 0 && reported == 0 {
            return;
        }
    }
}

/// Decodes a hex string.
pub fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}
