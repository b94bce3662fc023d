//! Where the lowered parts were written: the [`crate::origins`] source map, read off the syntax
//! beside the model.

use crate::load::LoadedBlock;
use crate::origins::{BlockOrigins, InstanceOrigins, RegisterOrigins};
use crate::syntax::InstanceSpec;

/// Where a block revision, its registers and their fields were written.
pub(super) fn block(b: &LoadedBlock) -> BlockOrigins {
    let syntax = &b.syntax;
    BlockOrigins {
        name: syntax.block.value.clone(),
        revision: syntax.revision.value.clone(),
        block: syntax.block.loc,
        registers: syntax
            .registers
            .iter()
            .map(|r| RegisterOrigins {
                name: r.value.name.value.clone(),
                name_at: r.value.name.loc,
                fields: syntax
                    .fields_of(&r.value)
                    .iter()
                    .map(|f| (f.value.name.value.clone(), f.value.name.loc))
                    .collect(),
            })
            .collect(),
    }
}

/// Where an instance's keys were written.
pub(super) fn instance(spec: &InstanceSpec) -> InstanceOrigins {
    let mut keys = vec![
        ("block", spec.block.loc),
        ("base", spec.base.loc),
        ("size", spec.size.loc),
    ];
    let optional = [
        ("ee", spec.ee.as_ref().map(|v| v.loc)),
        ("num_channels", spec.num_channels.as_ref().map(|v| v.loc)),
        ("num_ees", spec.num_ees.as_ref().map(|v| v.loc)),
        (
            "controlled_remotely",
            spec.controlled_remotely.as_ref().map(|v| v.loc),
        ),
        (
            "powered_remotely",
            spec.powered_remotely.as_ref().map(|v| v.loc),
        ),
        ("dma", spec.dma.as_ref().map(|v| v.loc)),
        ("status", spec.status.as_ref().map(|v| v.loc)),
        ("compatible", spec.compatible.first().map(|v| v.loc)),
    ];
    keys.extend(optional.into_iter().filter_map(|(k, loc)| Some((k, loc?))));
    InstanceOrigins {
        name: spec.name.loc,
        keys,
    }
}

#[cfg(test)]
mod tests {
    use crate::load::load_bundled_blocks;
    use crate::source::{Loc, SourceMap};

    /// The text at a location: what a diagnostic there would underline.
    fn text_at(sources: &SourceMap, loc: Loc) -> &str {
        let (start, len) = sources.byte_range(loc);
        &sources.get(loc.file).text[start..start + len]
    }

    /// Every register and field of every lowered block has an origin at its name, in the file
    /// that wrote it: a register placed from a register catalogue at its `offsets:` line in the
    /// revision, its fields in the catalogue.
    #[test]
    fn every_register_and_field_has_an_origin_at_its_name() {
        let loaded = load_bundled_blocks();
        let lowered = super::super::lower(&loaded);
        assert!(!lowered.model.blocks.is_empty());
        for block in &lowered.model.blocks {
            let origins = lowered.origins.block(&block.name, &block.revision);
            let Some(origins) = origins else {
                panic!("no origins for {}@{}", block.name, block.revision);
            };
            for r in &block.registers {
                let Some(reg) = origins.register(&r.name) else {
                    panic!("no origin for {}", r.name);
                };
                assert_eq!(text_at(&loaded.sources, reg.name_at), r.name);
                for f in &r.fields {
                    let at = reg.field(&f.name);
                    let at = at.unwrap_or_else(|| panic!("no origin for {}.{}", r.name, f.name));
                    assert_eq!(text_at(&loaded.sources, at), f.name);
                }
            }
        }
        let catalogue = lowered
            .origins
            .blocks
            .iter()
            .flat_map(|b| &b.registers)
            .find_map(|r| Some((r.name_at.file, r.fields.first()?.1.file)))
            .filter(|(block, fields)| block != fields);
        assert!(
            catalogue.is_some(),
            "a bundled revision places registers from a catalogue: their fields are written there"
        );
    }
}
