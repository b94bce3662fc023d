//! The catalogue socgen carries (`socs/` at build time): block revisions, fragments and the
//! behaviour records a root without its own falls back to.

use super::*;

/// The bundled BAM behaviour record, used when the SoCs' `hardware/` directory has no
/// `bam.yaml` (or there is none): the BAM behaviours are the same on every SoC, so a catalogue
/// root of its own (a test case, a user's tree) need not copy it.
pub const BUILTIN_HARDWARE: &str = include_str!("../../catalogue/hardware/bam.yaml");

/// The bundled crypto-engine behaviour record (what the QCE driver reads back from the
/// engine), used the same way when there is no `hardware/qce.yaml`.
pub const BUILTIN_QCE_HARDWARE: &str = include_str!("../../catalogue/hardware/qce.yaml");

/// Every bundled behaviour record: (stem, the path diagnostics give it, its text).
pub const BUILTIN_CATALOGUES: &[(&str, &str, &str)] = &[
    ("bam", BUILTIN_HARDWARE_PATH, BUILTIN_HARDWARE),
    ("qce", BUILTIN_QCE_HARDWARE_PATH, BUILTIN_QCE_HARDWARE),
];

/// How diagnostics name a file of the bundled catalogue: `<bundled>/blocks/bam/v1.7.0.yaml`,
/// line and column as in `socs/` of socgen's repository.
pub const BUNDLED_PREFIX: &str = "<bundled>";

/// The block revisions and shared fragments of socgen's own catalogue (`socs/`), by path
/// relative to it. `catalogue` is a symlink to `../socs`, so these travel inside the published
/// package: a consumer's SoC file names `bam@v1.7.0` or includes `common/qce-lock-pipe4.yaml`
/// without copying them. Files in the consumer's tree win (see [`load`]).
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "blocks/bam/v1.3.0.yaml",
        include_str!("../../catalogue/blocks/bam/v1.3.0.yaml"),
    ),
    (
        "blocks/bam/v1.4.0.yaml",
        include_str!("../../catalogue/blocks/bam/v1.4.0.yaml"),
    ),
    (
        "blocks/bam/v1.7.0.yaml",
        include_str!("../../catalogue/blocks/bam/v1.7.0.yaml"),
    ),
    (
        "blocks/bam/shared/registers.yaml",
        include_str!("../../catalogue/blocks/bam/shared/registers.yaml"),
    ),
    (
        "blocks/qce/v5.yaml",
        include_str!("../../catalogue/blocks/qce/v5.yaml"),
    ),
    (
        "common/ipq6018-ipq8074-shared.yaml",
        include_str!("../../catalogue/common/ipq6018-ipq8074-shared.yaml"),
    ),
    (
        "common/qce-lock-pipe2.yaml",
        include_str!("../../catalogue/common/qce-lock-pipe2.yaml"),
    ),
    (
        "common/qce-lock-pipe4.yaml",
        include_str!("../../catalogue/common/qce-lock-pipe4.yaml"),
    ),
    (
        "common/qce-lock-pipe6.yaml",
        include_str!("../../catalogue/common/qce-lock-pipe6.yaml"),
    ),
];

/// The bundled file at `relative` (e.g. `blocks/qce/v5.yaml`), if there is one.
pub fn bundled(relative: &str) -> Option<&'static str> {
    BUNDLED
        .iter()
        .find(|(path, _)| *path == relative)
        .map(|(_, text)| *text)
}

/// Adds the bundled file at `relative` to the sources, named `<bundled>/relative`.
pub(super) fn add_bundled(relative: &str, loaded: &mut Loaded) -> Option<FileId> {
    let text = bundled(relative)?;
    Some(
        loaded
            .sources
            .add(Path::new(BUNDLED_PREFIX).join(relative), text.to_string()),
    )
}

/// The bundled counterpart of `path`, relative to the bundled catalogue: the part from its
/// `blocks` directory on (`<bundled>/blocks/bam/shared/registers.yaml` and
/// `/consumer/socs/blocks/bam/shared/registers.yaml` both give `blocks/bam/shared/registers.yaml`),
/// if the bundled catalogue has such a file.
pub(super) fn bundled_relative(path: &Path) -> Option<String> {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let from = parts.iter().rposition(|p| p == "blocks")?;
    let relative = parts.get(from..)?.join("/");
    bundled(&relative).map(|_| relative)
}

/// The path diagnostics give the built-in BAM catalogue.
pub const BUILTIN_HARDWARE_PATH: &str = "<socgen built-in>/hardware/bam.yaml";

/// The path diagnostics give the built-in crypto-engine catalogue.
pub const BUILTIN_QCE_HARDWARE_PATH: &str = "<socgen built-in>/hardware/qce.yaml";

/// Every block revision bundled in socgen (`<bundled>/blocks/<block>/<rev>.yaml`, with the
/// register catalogues they name), for a run that has no catalogue of its own: `import`
/// outside a catalogue root maps nodes to these.
pub fn load_bundled_blocks() -> Loaded {
    let mut loaded = Loaded::default();
    for (relative, text) in BUNDLED {
        let parts: Vec<&str> = relative.split('/').collect();
        if let ["blocks", _, _] = parts.as_slice() {
            add_block_text(
                &Path::new(BUNDLED_PREFIX).join(relative),
                (*text).to_string(),
                &mut loaded,
            );
        }
    }
    loaded
}
