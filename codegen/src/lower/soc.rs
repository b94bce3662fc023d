//! Lowering one SoC: its instances sorted by base with their DMA wiring, then its lock section
//! (scratchpad, evidence, wrapper, `unlock:` element), each resolved against the instances
//! before it. Every `Err` says which state validation should have refused.

use super::lock_facts::lock_facts;
use super::{evidence, evidence_entry, or_source, origins, text};
use crate::load::{Loaded, LoadedSoc};
use crate::model::{
    AddressMode, Behaviour, Block, CeAddressError, Dma, DummyAccess, Fact, Instance, Lock,
    Placement, Soc, UnlockElement,
};
use crate::origins::{InstanceOrigins, LockOrigins, SocOrigins};
use crate::resolve;
use crate::syntax::{
    AddressModeSpec, DummySpec, InstanceSpec, LockSpec, PlacementSpec, SocFile, Status,
    UnlockAccessSpec, UnlockSpec,
};

/// Lowers SoC `ls` and records where its parts were written.
pub(super) fn soc(
    ls: &LoadedSoc,
    loaded: &Loaded,
    blocks: &[Block],
    behaviours: &[Behaviour],
) -> Result<(Soc, SocOrigins), String> {
    let s = &ls.syntax;
    let lowering = SocLowering::new(s, loaded, blocks);
    let address_mode = lowering.address_mode()?;
    let (instances, instance_origins) = lowering.instances(address_mode)?;
    let lock = match &s.lock {
        Some(l) => Some(lowering.lock(&l.value, address_mode, &instances, behaviours)?),
        None => None,
    };
    let origins = SocOrigins {
        name: s.soc.value.clone(),
        soc: s.soc.loc,
        instances: instance_origins,
        lock: s.lock.as_ref().map(|l| lock_origins(&l.value)),
    };
    let soc = Soc {
        name: s.soc.value.clone(),
        description: text(&s.description),
        source: lowering.source,
        instances,
        lock,
    };
    Ok((soc, origins))
}

/// Where the lock section's keys that diagnostics point at were written.
fn lock_origins(l: &LockSpec) -> LockOrigins {
    LockOrigins {
        placement: l.placement.loc,
        dummy: l.dummy.loc,
        unlock_access: l.unlock.as_ref().map(|u| u.value.access.loc),
        strict: l.strict.as_ref().filter(|s| s.value).map(|s| s.loc),
    }
}

/// One SoC file being lowered, with its instances' order in the model (sorted by base).
struct SocLowering<'a> {
    s: &'a SocFile,
    loaded: &'a Loaded,
    blocks: &'a [Block],
    /// The SoC's `source:`, which its parts inherit.
    source: String,
    /// For each model instance, the index of the written instance it comes from.
    order: Vec<usize>,
}

/// The lock's BAM as command-element addresses see it, for the instances wired to it.
#[derive(Clone, Copy)]
struct LockBam<'a> {
    name: &'a str,
    base: u64,
    mode: AddressMode,
}

impl<'a> SocLowering<'a> {
    fn new(s: &'a SocFile, loaded: &'a Loaded, blocks: &'a [Block]) -> Self {
        let mut order: Vec<usize> = (0..s.instances.len()).collect();
        order.sort_by_key(|&i| (s.instances[i].value.base.value, i));
        SocLowering {
            s,
            loaded,
            blocks,
            source: text(&s.source),
            order,
        }
    }

    /// The model position of the instance written as `name`.
    fn pos_of(&self, name: &str) -> Option<usize> {
        self.order
            .iter()
            .position(|&i| self.s.instances[i].value.name.value == name)
    }

    /// The written instance named `name`.
    fn spec_of(&self, name: &str) -> Option<&'a InstanceSpec> {
        self.s
            .instances
            .iter()
            .find(|i| i.value.name.value == name)
            .map(|i| &i.value)
    }

    fn block_pos(&self, reference: &str) -> Option<usize> {
        let (name, rev) = resolve::block_ref(reference)?;
        self.blocks
            .iter()
            .position(|b| b.name == name && b.revision == rev)
    }

    /// The lock section's address mode, with the wrapper's base it needs.
    fn address_mode(&self) -> Result<Option<AddressMode>, String> {
        let Some(l) = self.s.lock.as_ref().map(|l| &l.value) else {
            return Ok(None);
        };
        Ok(Some(match l.address_mode.value {
            AddressModeSpec::Phys24 => AddressMode::Phys24,
            AddressModeSpec::BamOffset18 => AddressMode::BamOffset18,
            AddressModeSpec::WrapperOffset18 => AddressMode::WrapperOffset18 {
                wrapper_base: l
                    .wrapper
                    .as_ref()
                    .ok_or("`wrapper_offset18` without `wrapper:`")?
                    .value
                    .base
                    .value,
            },
        }))
    }

    /// The lock's BAM, when the SoC has a lock section whose BAM is an instance.
    fn lock_bam(&self, address_mode: Option<AddressMode>) -> Option<LockBam<'a>> {
        let name = self.s.lock.as_ref()?.value.bam.value.as_str();
        Some(LockBam {
            name,
            base: self.spec_of(name)?.base.value,
            mode: address_mode?,
        })
    }

    /// Every instance in model order, with where each was written.
    fn instances(
        &self,
        address_mode: Option<AddressMode>,
    ) -> Result<(Vec<Instance>, Vec<InstanceOrigins>), String> {
        let lock_bam = self.lock_bam(address_mode);
        let mut instances = Vec::with_capacity(self.order.len());
        let mut instance_origins = Vec::with_capacity(self.order.len());
        for &i in &self.order {
            let spec = &self.s.instances[i].value;
            instance_origins.push(origins::instance(spec));
            instances.push(self.instance(spec, lock_bam)?);
        }
        Ok((instances, instance_origins))
    }

    fn instance(&self, spec: &InstanceSpec, lock_bam: Option<LockBam>) -> Result<Instance, String> {
        let unknown = || {
            format!(
                "instance `{}`: block `{}` is not loaded",
                spec.name.value, spec.block.value
            )
        };
        let block = self.block_pos(&spec.block.value).ok_or_else(unknown)?;
        let (bname, rev) = resolve::block_ref(&spec.block.value).ok_or_else(unknown)?;
        let loaded_block = self.loaded.block(bname, rev).ok_or_else(unknown)?;
        let (counts, _) = resolve::index_counts(&loaded_block.syntax, spec);
        Ok(Instance {
            name: spec.name.value.clone(),
            block,
            base: spec.base.value,
            size: spec.size.value,
            compatible: spec.compatible.iter().map(|c| c.value.clone()).collect(),
            ee: spec.ee.as_ref().map(|v| v.value as u32),
            num_channels: spec.num_channels.as_ref().map(|v| v.value as u32),
            num_ees: spec.num_ees.as_ref().map(|v| v.value as u32),
            controlled_remotely: spec.controlled_remotely.as_ref().is_some_and(|v| v.value),
            powered_remotely: spec.powered_remotely.as_ref().is_some_and(|v| v.value),
            dma: self.dma(spec)?,
            enabled: !matches!(
                spec.status.as_ref().map(|s| s.value),
                Some(Status::Disabled)
            ),
            description: text(&spec.description),
            source: or_source(&spec.source, &self.source),
            index_counts: counts.iter().map(|&c| c as u32).collect(),
            ce_base: ce_base(spec, lock_bam),
        })
    }

    /// The instance's `dma:` wiring, its controller resolved to a model position.
    fn dma(&self, spec: &InstanceSpec) -> Result<Option<Dma>, String> {
        let Some(d) = &spec.dma else {
            return Ok(None);
        };
        Ok(Some(Dma {
            controller: self.pos_of(&d.value.controller.value).ok_or_else(|| {
                format!(
                    "instance `{}`: `dma:` controller `{}` is no instance",
                    spec.name.value, d.value.controller.value
                )
            })?,
            rx: d.value.rx.value as u32,
            tx: d.value.tx.value as u32,
        }))
    }
}

/// The instance's base as a command element of the lock's BAM addresses it, when that BAM
/// is its DMA controller and the base is in reach.
fn ce_base(spec: &InstanceSpec, lock_bam: Option<LockBam>) -> Option<u32> {
    let (d, bam) = (spec.dma.as_ref()?, lock_bam?);
    if d.value.controller.value != bam.name {
        return None;
    }
    bam.mode.encode(bam.base, spec.base.value).ok()
}

/// The lock's scratchpad register, resolved, with the names it was written as.
struct Scratchpad<'s> {
    instance: usize,
    register: usize,
    ce_address: u32,
    instance_name: &'s str,
    register_name: &'s str,
}

impl<'a> SocLowering<'a> {
    /// The lock section, resolved against the SoC's lowered instances.
    fn lock(
        &self,
        l: &'a LockSpec,
        address_mode: Option<AddressMode>,
        instances: &[Instance],
        behaviours: &[Behaviour],
    ) -> Result<Lock, String> {
        let bam = self
            .pos_of(&l.bam.value)
            .ok_or("the lock's `bam:` is no instance")?;
        let (scratchpad, mode) = self.scratchpad(l, bam, address_mode, instances)?;
        let pipe = l.pipe.value as u32;
        let lock_source = or_source(&l.source, &self.source);
        let write_ignored = self.write_ignored(l, &scratchpad)?;
        let unlock = match &l.unlock {
            Some(u) => Some(self.unlock(&u.value, bam, mode, instances, &lock_source)?),
            None => None,
        };
        let mut lock = Lock {
            bam,
            pipe,
            tx_pipe: tx_pipe(instances, bam, pipe),
            lock_group: l.lock_group.value as u32,
            lock_group_evidence: lock_group_evidence(l, &lock_source),
            wrapper: wrapper(l, mode, &lock_source),
            facts: Vec::new(),
            scratchpad_instance: scratchpad.instance,
            scratchpad_register: scratchpad.register,
            scratchpad_ce_address: scratchpad.ce_address,
            dummy: match l.dummy.value {
                DummySpec::Read => DummyAccess::Read,
                DummySpec::Write(v) => DummyAccess::Write(v as u32),
            },
            placement: match l.placement.value {
                PlacementSpec::Wrap => Placement::Wrap,
                PlacementSpec::Merge => Placement::Merge,
            },
            unlock,
            client_block: client_block(instances, self.blocks, bam, pipe),
            address_mode: mode,
            rationale: text(&l.rationale),
            source: lock_source,
        };
        let write_ignored = write_ignored.as_ref();
        lock.facts = lock_facts(&lock, instances, self.blocks, behaviours, write_ignored);
        Ok(lock)
    }

    /// The `scratchpad:` register and its command-element address, and the address mode
    /// that address was encoded in.
    fn scratchpad(
        &self,
        l: &'a LockSpec,
        bam: usize,
        address_mode: Option<AddressMode>,
        instances: &[Instance],
    ) -> Result<(Scratchpad<'a>, AddressMode), String> {
        let (instance_name, register_name) = l
            .scratchpad
            .value
            .split_once('.')
            .ok_or("`scratchpad:` is not `instance.REGISTER`")?;
        let instance = self
            .pos_of(instance_name)
            .ok_or("`scratchpad:` names no instance")?;
        let register = self
            .register_pos(&instances[instance], register_name)
            .ok_or("`scratchpad:` names no register of its block")?;
        let mode = address_mode.ok_or("a lock without an address mode")?;
        let ce_address = self
            .ce_address(mode, instances, bam, instance, register)
            .map_err(|e| format!("the scratchpad's command-element address: {e:?}"))?;
        let scratchpad = Scratchpad {
            instance,
            register,
            ce_address,
            instance_name,
            register_name,
        };
        Ok((scratchpad, mode))
    }

    fn register_pos(&self, instance: &Instance, name: &str) -> Option<usize> {
        self.blocks[instance.block]
            .registers
            .iter()
            .position(|r| r.name == name)
    }

    /// The command-element address of `register` of `instance`, as the lock's BAM sees it.
    fn ce_address(
        &self,
        mode: AddressMode,
        instances: &[Instance],
        bam: usize,
        instance: usize,
        register: usize,
    ) -> Result<u32, CeAddressError> {
        let i = &instances[instance];
        let offset = self.blocks[i.block].registers[register].offset;
        mode.encode(instances[bam].base, i.base + u64::from(offset))
    }

    /// The scratchpad's `write_ignored` grade, which a dummy write rests on.
    fn write_ignored(
        &self,
        l: &LockSpec,
        scratchpad: &Scratchpad,
    ) -> Result<Option<Fact<()>>, String> {
        let DummySpec::Write(_) = l.dummy.value else {
            return Ok(None);
        };
        let spec = self
            .spec_of(scratchpad.instance_name)
            .ok_or("`scratchpad:` names no instance")?;
        Ok(resolve::block_ref(&spec.block.value)
            .and_then(|(b, r)| self.loaded.block(b, r))
            .and_then(|lb| {
                let reg = lb
                    .syntax
                    .registers
                    .iter()
                    .find(|r| r.value.name.value == scratchpad.register_name)?;
                let file_source = text(&lb.syntax.source);
                let reg_source = or_source(&reg.value.source, &file_source);
                reg.value
                    .evidence
                    .0
                    .iter()
                    .find(|(k, _)| k.value == "write_ignored")
                    .map(|(_, e)| evidence_entry(&e.value, &reg_source))
            }))
    }

    /// The `unlock:` element with its grade.
    fn unlock(
        &self,
        u: &UnlockSpec,
        bam: usize,
        mode: AddressMode,
        instances: &[Instance],
        lock_source: &str,
    ) -> Result<Fact<UnlockElement>, String> {
        let element = match &u.access.value {
            UnlockAccessSpec::None => UnlockElement::None,
            access => self.unlock_access(u, access, bam, mode, instances)?,
        };
        Ok(Fact {
            value: element,
            source: or_source(&u.source, lock_source),
            evidence: evidence(&u.grade, &u.reasoning),
        })
    }

    /// An `unlock:` element that accesses a register: which one, and at which address.
    fn unlock_access(
        &self,
        u: &UnlockSpec,
        access: &UnlockAccessSpec,
        bam: usize,
        mode: AddressMode,
        instances: &[Instance],
    ) -> Result<UnlockElement, String> {
        let bad = "`unlock:`'s `register:` is not an instance's register";
        let (inst, reg) = u
            .register
            .as_ref()
            .and_then(|r| r.value.split_once('.'))
            .ok_or(bad)?;
        let instance = self.pos_of(inst).ok_or(bad)?;
        let register = self.register_pos(&instances[instance], reg).ok_or(bad)?;
        let ce_address = self
            .ce_address(mode, instances, bam, instance, register)
            .map_err(|e| format!("the `unlock:` element's address: {e:?}"))?;
        Ok(UnlockElement::Access {
            instance,
            register,
            ce_address,
            access: match access {
                UnlockAccessSpec::Write(v) => DummyAccess::Write(*v as u32),
                _ => DummyAccess::Read,
            },
        })
    }
}

/// The tx pipe paired with the lock's `pipe` (its rx) on the lock's BAM.
fn tx_pipe(instances: &[Instance], bam: usize, pipe: u32) -> Option<u32> {
    instances.iter().find_map(|i| {
        i.dma
            .as_ref()
            .filter(|d| d.controller == bam && d.rx == pipe)
            .map(|d| d.tx)
    })
}

/// The block of the instance whose rx pipe on the lock's BAM is the lock's pipe.
fn client_block(instances: &[Instance], blocks: &[Block], bam: usize, pipe: u32) -> Option<String> {
    instances
        .iter()
        .find(|i| {
            i.dma
                .as_ref()
                .is_some_and(|d| d.controller == bam && d.rx == pipe)
        })
        .map(|i| blocks[i.block].name.clone())
}

/// The grade of the lock group, from the section's `evidence:` (`unknown` when it has none).
fn lock_group_evidence(l: &LockSpec, lock_source: &str) -> Fact<()> {
    l.evidence
        .0
        .iter()
        .find(|(k, _)| k.value == "lock_group")
        .map_or(
            Fact {
                value: (),
                source: lock_source.to_string(),
                evidence: evidence(&None, &None),
            },
            |(_, e)| evidence_entry(&e.value, lock_source),
        )
}

/// The peripheral wrapper the addresses are offsets from, in `wrapper_offset18` mode.
fn wrapper(l: &LockSpec, mode: AddressMode, lock_source: &str) -> Option<Fact<String>> {
    match (mode, &l.wrapper) {
        (AddressMode::WrapperOffset18 { .. }, Some(w)) => Some(Fact {
            value: text(&w.value.description),
            source: or_source(&w.value.source, lock_source),
            evidence: evidence(&w.value.grade, &w.value.reasoning),
        }),
        _ => None,
    }
}
