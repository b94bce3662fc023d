//! JSON Schemas for the six YAML kinds, derived from the same serde types the loader uses,
//! so editors (yaml-language-server) complete and check exactly what socgen accepts.

use crate::syntax::{BlockFile, BoardFile, CatalogueFile, FragmentFile, HardwareFile, SocFile};

/// `(file name, pretty JSON)` for `socs/schema/`.
pub fn schemas() -> Vec<(&'static str, String)> {
    let render = |mut schema: schemars::Schema, title: &str| {
        schema.insert("title".into(), title.into());
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    };
    vec![
        (
            "block.schema.json",
            render(schemars::schema_for!(BlockFile), "socgen block revision"),
        ),
        (
            "catalogue.schema.json",
            render(
                schemars::schema_for!(CatalogueFile),
                "socgen register catalogue",
            ),
        ),
        (
            "soc.schema.json",
            render(schemars::schema_for!(SocFile), "socgen SoC"),
        ),
        (
            "board.schema.json",
            render(schemars::schema_for!(BoardFile), "socgen board"),
        ),
        (
            "fragment.schema.json",
            render(schemars::schema_for!(FragmentFile), "socgen fragment"),
        ),
        (
            "hardware.schema.json",
            render(
                schemars::schema_for!(HardwareFile),
                "socgen behaviour record",
            ),
        ),
    ]
}
