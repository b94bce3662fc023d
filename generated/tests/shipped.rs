//! The shipped sources (`src/generated.rs`, what a consumer of the published crate compiles)
//! gate every SoC behind a feature this crate declares. That they equal a fresh generation from
//! `socs/` is socgen's `checked_in` test, which also refreshes them:
//!
//! ```text
//! SOCGEN_BLESS=1 cargo test -p socgen --test checked_in
//! ```

use std::path::Path;

/// Every SoC module and block revision in the shipped sources has a gate naming a feature this
/// crate declares, so a consumer's build compiles exactly what its features ask for.
#[test]
fn every_gate_names_a_declared_feature() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .unwrap_or_default();
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/generated.rs"))
            .expect("src/generated.rs");
    let mut gates = 0;
    for piece in shipped.split("feature = \"").skip(1) {
        let name = piece.split('"').next().unwrap_or_default();
        gates += 1;
        assert!(
            manifest
                .lines()
                .any(|l| l.starts_with(&format!("{name} = "))),
            "the shipped code gates on `{name}`, which Cargo.toml does not declare"
        );
    }
    assert!(gates > 0, "no feature gates in the shipped code");
}
