//! Where the model came from: a source map from the model's parts (block revision, register,
//! field, SoC, instance, lock section) to the place their YAML was written. Lowering fills it
//! beside the model, so stages after lowering (`analyze`) locate their diagnostics without
//! reading the syntax again. A [`Loc`] always names its file: content a SoC includes from a
//! fragment names the fragment, a register placed from a register catalogue the catalogue.

use crate::source::Loc;

/// The origins of every lowered block revision and SoC, in the order of
/// [`crate::model::Model::blocks`] and [`crate::model::Model::socs`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origins {
    /// One per block revision of the model.
    pub blocks: Vec<BlockOrigins>,
    /// One per SoC of the model.
    pub socs: Vec<SocOrigins>,
}

impl Origins {
    /// The origins of SoC `name`.
    pub fn soc(&self, name: &str) -> Option<&SocOrigins> {
        self.socs.iter().find(|s| s.name == name)
    }

    /// The origins of block revision `name@revision`.
    pub fn block(&self, name: &str, revision: &str) -> Option<&BlockOrigins> {
        self.blocks
            .iter()
            .find(|b| b.name == name && b.revision == revision)
    }
}

/// Where one block revision and its registers were written.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockOrigins {
    /// The block's name (`block:`).
    pub name: String,
    /// Its revision (`revision:`).
    pub revision: String,
    /// Its `block:` key.
    pub block: Loc,
    /// One per register, in the order the file gives them.
    pub registers: Vec<RegisterOrigins>,
}

impl BlockOrigins {
    /// The origins of register `name`.
    pub fn register(&self, name: &str) -> Option<&RegisterOrigins> {
        self.registers.iter().find(|r| r.name == name)
    }
}

/// Where one register and its fields were written.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterOrigins {
    /// The register's name.
    pub name: String,
    /// Its `name:`: in its block file, also for a register placed from a register catalogue
    /// (its `offsets:` line).
    pub name_at: Loc,
    /// Each field's name and the place of its `name:` (in the register catalogue, for a
    /// register placed from one; in its fieldset, for a register that names one).
    pub fields: Vec<(String, Loc)>,
}

impl RegisterOrigins {
    /// Where field `name` was written.
    pub fn field(&self, name: &str) -> Option<Loc> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, loc)| *loc)
    }
}

/// Where one SoC was written.
#[derive(Debug, Clone, PartialEq)]
pub struct SocOrigins {
    /// The SoC's name (`soc:`).
    pub name: String,
    /// Its `soc:` key.
    pub soc: Loc,
    /// One per instance, in the order of [`crate::model::Soc::instances`].
    pub instances: Vec<InstanceOrigins>,
    /// Its lock section's keys.
    pub lock: Option<LockOrigins>,
}

/// Where one instance's keys were written.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceOrigins {
    /// Its `name:`.
    pub name: Loc,
    /// Each key it sets (`base`, `size`, `block`, `ee`, `num_channels`, `dma`, ...).
    pub keys: Vec<(&'static str, Loc)>,
}

impl InstanceOrigins {
    /// Where `key` was written, or the instance's name when it was not.
    pub fn key(&self, key: &str) -> Loc {
        self.given(key).unwrap_or(self.name)
    }

    /// Where `key` was written, if the instance sets it.
    pub fn given(&self, key: &str) -> Option<Loc> {
        self.keys.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
    }
}

/// Where a lock section's keys were written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LockOrigins {
    /// `placement:`.
    pub placement: Loc,
    /// `dummy:`.
    pub dummy: Loc,
    /// The `unlock:` element's access, when the section has `unlock:`.
    pub unlock_access: Option<Loc>,
    /// `strict: true`, when set.
    pub strict: Option<Loc>,
}
