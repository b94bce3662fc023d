//! Which files a path names: a catalogue root's SoCs, blocks, boards and behaviour records.

use super::*;

/// A file under a `boards/` directory.
pub(super) fn is_board_path(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == "boards")
}

/// `<dir>/hardware/*.yaml`, if that directory exists.
pub(super) fn hardware_beside(dir: &Path, loaded: &mut Loaded) -> Vec<PathBuf> {
    let hw = dir.join("hardware");
    if hw.is_dir() {
        yaml_files(&hw, loaded)
    } else {
        Vec::new()
    }
}

pub(super) fn is_hardware_path(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == "hardware")
}

pub(super) fn valid_path_part(s: &str) -> bool {
    !s.is_empty() && !s.contains(['/', '\\']) && s != "." && s != ".."
}

pub(super) fn is_block_path(path: &Path) -> bool {
    path.parent()
        .and_then(Path::parent)
        .and_then(Path::file_name)
        .is_some_and(|n| n == "blocks")
}

pub(super) fn yaml_files(dir: &Path, loaded: &mut Loaded) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
                .collect();
            files.sort();
            files
        }
        Err(e) => {
            io_error(dir, &e, loaded);
            Vec::new()
        }
    }
}

pub(super) fn discover(
    root: &Path,
    socs: &mut BTreeSet<PathBuf>,
    blocks: &mut BTreeSet<PathBuf>,
    loaded: &mut Loaded,
) {
    socs.extend(yaml_files(root, loaded));
    let blocks_dir = root.join("blocks");
    if !blocks_dir.is_dir() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(&blocks_dir) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        blocks.extend(yaml_files(&dir, loaded));
    }
}
