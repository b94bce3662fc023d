//! Arbitrary bytes as a device tree blob: parsed, imported against the bundled catalogue, and
//! cross-checked against `socs/sm8550.yaml`. socgen must
//! return a `DtError` or a result, never panic or hang; a refused blob names the file, a kind,
//! and a help line.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn socs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs")
}

fn catalogue() -> &'static socgen::Checked {
    static CHECKED: OnceLock<socgen::Checked> = OnceLock::new();
    CHECKED.get_or_init(|| socgen::check(&[socs()]))
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.dtb");
    let blob = match socgen::dt::parse_blob(path, data) {
        Ok(blob) => blob,
        Err(e) => {
            let text = e.to_string();
            assert!(text.starts_with("fuzz.dtb: error[dt-") && text.contains("help: "), "{text}");
            return;
        }
    };
    let Some(model) = &catalogue().model else {
        return;
    };
    let _ = socgen::dt::import::import(&blob, model, None);
    // Against sm8550's file: its one SoC is cross-checked whatever the root compatible says.
    let mut checked = socgen::check(&[socs().join("sm8550.yaml")]);
    let _ = socgen::dt::check::cross_check(&mut checked, &blob, None);
});
