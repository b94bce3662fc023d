//! Where the model came from: for each lowered SoC, instance and lock section, the file and
//! place its YAML was written. Lowering fills it beside the model, so stages after lowering
//! (`analyze`) locate their diagnostics without reading the syntax again. Every origin has
//! its file: content a SoC includes from a fragment names the fragment.

use crate::source::{FileId, Loc, Sp};

/// One place in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The file it was written in.
    pub file: FileId,
    /// Where in that file.
    pub loc: Loc,
}

impl Origin {
    /// The origin of a value read from `file` (or from the fragment its location names).
    pub fn of<T>(file: FileId, value: &Sp<T>) -> Origin {
        Origin::at(file, value.loc)
    }

    /// The origin of `loc` in `file` (or in the fragment it names).
    pub fn at(file: FileId, loc: Loc) -> Origin {
        Origin {
            file: loc.file.unwrap_or(file),
            loc,
        }
    }
}

/// The origins of every lowered SoC, in the order of [`crate::model::Model::socs`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origins {
    /// One per SoC of the model.
    pub socs: Vec<SocOrigins>,
}

impl Origins {
    /// The origins of SoC `name`.
    pub fn soc(&self, name: &str) -> Option<&SocOrigins> {
        self.socs.iter().find(|s| s.name == name)
    }
}

/// Where one SoC was written.
#[derive(Debug, Clone, PartialEq)]
pub struct SocOrigins {
    /// The SoC's name (`soc:`).
    pub name: String,
    /// Its `soc:` key.
    pub soc: Origin,
    /// One per instance, in the order of [`crate::model::Soc::instances`].
    pub instances: Vec<InstanceOrigins>,
    /// Its lock section's keys.
    pub lock: Option<LockOrigins>,
}

/// Where one instance's keys were written.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceOrigins {
    /// Its `name:`.
    pub name: Origin,
    /// Each key it sets (`base`, `size`, `block`, `ee`, `num_channels`, `dma`, ...).
    pub keys: Vec<(&'static str, Origin)>,
}

impl InstanceOrigins {
    /// Where `key` was written, or the instance's name when it was not.
    pub fn key(&self, key: &str) -> Origin {
        self.keys
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(self.name, |(_, o)| *o)
    }
}

/// Where a lock section's keys were written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LockOrigins {
    /// `placement:`.
    pub placement: Origin,
    /// `dummy:`.
    pub dummy: Origin,
    /// The `unlock:` element's access, when the section has `unlock:`.
    pub unlock_access: Option<Origin>,
    /// `strict: true`, when set.
    pub strict: Option<Origin>,
}
