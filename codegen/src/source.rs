//! Source files and locations inside them.

use serde::{Deserialize, Deserializer};
use std::any::TypeId;
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// A place in a YAML file: 1-based line and column, and the byte range when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loc {
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub col: u32,
    /// Byte offset of the first byte, when the parser reported it.
    pub offset: Option<usize>,
    /// Length in bytes of the node's text (at least 1 for rendering).
    pub len: usize,
    /// The file it is in: the parser sets it to the file whose text it reads, so content a SoC
    /// includes from a fragment names the fragment.
    pub file: FileId,
}

impl Loc {
    /// The start of `file`: where a diagnostic about a whole file (or one found before any
    /// node) points.
    pub const fn start_of(file: FileId) -> Loc {
        Loc {
            line: 1,
            col: 1,
            offset: Some(0),
            len: 1,
            file,
        }
    }

    pub(crate) fn from_saphyr(loc: serde_saphyr::Location, file: FileId) -> Loc {
        let span = loc.span();
        Loc {
            line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
            col: u32::try_from(loc.column()).unwrap_or(u32::MAX),
            offset: span.byte_offset().and_then(|o| usize::try_from(o).ok()),
            len: span
                .byte_len()
                .and_then(|l| usize::try_from(l).ok())
                .unwrap_or(1)
                .max(1),
            file,
        }
    }
}

/// A value from YAML together with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it was written (for an alias: where the alias was used).
    pub loc: Loc,
}

impl<T> Sp<T> {
    /// A value with a location.
    pub fn new(value: T, loc: Loc) -> Self {
        Sp { value, loc }
    }
}

/// In the JSON Schema a located value is just its value.
#[cfg(feature = "cli")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

impl<'de, T: Deserialize<'de> + 'static> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let loc = Loc::from_saphyr(spanned.referenced, parsing_file());
        // serde-saphyr reads `"0x4"` as the number 4 and `"true"` as a bool; the format (and
        // its JSON Schema, which editors check) says a quoted scalar is a string.
        let ty = TypeId::of::<T>();
        if ty == TypeId::of::<u64>() {
            refuse_quoted(loc, "a number");
        } else if ty == TypeId::of::<bool>() {
            refuse_quoted(loc, "`true` or `false`");
        }
        Ok(Sp {
            value: spanned.value,
            loc,
        })
    }
}

/// `deserialize_with` for a bare number outside [`Sp`], with the same checks.
pub fn number<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Sp::<u64>::deserialize(d).map(|n| n.value)
}

/// The file being parsed, its text, and the problems found in it that the parser does not
/// report.
struct Parsing {
    file: FileId,
    text: String,
    problems: Vec<(Loc, String)>,
}

thread_local! {
    static PARSING: RefCell<Option<Parsing>> = const { RefCell::new(None) };
}

/// Runs `parse` (which deserializes `text`, the contents of `file`) and returns its result with
/// the located problems [`Sp`] found on the way: values the parser accepts but the format does
/// not (a quoted number). Every location read meanwhile is in `file`.
pub(crate) fn checking_values<R>(
    file: FileId,
    text: &str,
    parse: impl FnOnce() -> R,
) -> (R, Vec<(Loc, String)>) {
    let previous = PARSING.with(|p| {
        p.borrow_mut().replace(Parsing {
            file,
            text: text.to_string(),
            problems: Vec::new(),
        })
    });
    let result = parse();
    let problems = PARSING
        .with(|p| std::mem::replace(&mut *p.borrow_mut(), previous))
        .map(|p| p.problems)
        .unwrap_or_default();
    (result, problems)
}

/// The file [`checking_values`] is parsing. Only a deserializer it runs builds an [`Sp`]; outside
/// one (which socgen never does) locations fall in the first file read.
fn parsing_file() -> FileId {
    PARSING.with(|p| p.borrow().as_ref().map_or(FileId(0), |p| p.file))
}

fn refuse_quoted(loc: Loc, what: &str) {
    PARSING.with(|p| {
        let mut p = p.borrow_mut();
        let Some(p) = p.as_mut() else {
            return;
        };
        let Some(rest) = loc.offset.and_then(|o| p.text.get(o..)) else {
            return;
        };
        let Some(quote @ ('"' | '\'')) = rest.chars().next() else {
            return;
        };
        let quoted: String = rest
            .chars()
            .skip(1)
            .take_while(|&c| c != quote && c != '\n')
            .take(40)
            .collect();
        p.problems.push((
            loc,
            format!(
                "`{quote}{quoted}{quote}` is a quoted string; {what} is written without quotes"
            ),
        ));
    });
}

/// One loaded file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given or found, used in messages (relative where it was relative).
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

/// All files read in one run, so diagnostics can quote them.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile { path, text });
        FileId(self.files.len() - 1)
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// Every file, in the order read.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i), f))
    }

    /// The byte range of `loc` in its file, computing the offset from line and column when the
    /// parser did not give one. Always inside the file.
    pub fn byte_range(&self, loc: Loc) -> (usize, usize) {
        let text = &self.get(loc.file).text;
        let start = loc
            .offset
            .filter(|&o| o <= text.len() && text.is_char_boundary(o))
            .unwrap_or_else(|| offset_of(text, loc.line, loc.col));
        let rest = &text[start..];
        // A node's reported length may run past its line (block mappings): keep labels on one line.
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let len = loc.len.min(line_end).max(usize::from(line_end > 0));
        (start, len)
    }

    /// The display path of a file.
    pub fn path(&self, file: FileId) -> &Path {
        &self.get(file).path
    }
}

fn offset_of(text: &str, line: u32, col: u32) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let chars = col.saturating_sub(1) as usize;
            return offset
                + l.char_indices()
                    .nth(chars)
                    .map(|(b, _)| b)
                    .unwrap_or(l.len());
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_from_line_and_column() {
        let mut map = SourceMap::default();
        let f = map.add("a.yaml".into(), "a: 1\nbb: 22\n".into());
        let loc = Loc {
            line: 2,
            col: 5,
            offset: None,
            len: 2,
            file: f,
        };
        assert_eq!(map.byte_range(loc), (9, 2));
    }
}
