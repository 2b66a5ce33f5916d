//! The files annotations live in: per-article sidecars `<file name>.annotations.ron` and the
//! corpus file `pizhu.ron`: their types, their exact RON text, parsing with line and column,
//! and reading and writing them through the checked atomic writes of [`disk`](super::disk).
//!
//! Offsets in sidecars are chars (code points) of the article's Original text. The formats are
//! documented with examples in `docs/FORMATS.md`.
//!
//! Safety rules, in order of importance:
//! - Writes are atomic (temp file, fsync, rename, see [`disk`](super::disk)).
//! - A read-modify-write holds the OS [`lock`](super::lock) from reading the file's state
//!   through the rename, and a file someone else changed meanwhile is merged, never silently
//!   overwritten (see [`save`](super::save)).
//! - A file that fails to parse is reported with its line and column and is never written (the
//!   store holds it read-only).
//! - A file from a newer Pizhu (a higher `version`, or fields this version does not know) is
//!   refused the same way ([`SidecarError::UnsupportedVersion`], [`SidecarError::UnknownFields`]):
//!   rewriting it would drop what this version cannot read.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::disk::read_with_state;
use super::io::SidecarIo;
use super::lock::LockError;
use super::model::{Annotation, AnnotationId};
use super::tags::{TagError, TagSet};
use crate::text::convert::UserPhrase;

// The disk side, re-exported for callers of the functions below.
pub use super::disk::{DiskStamp, DiskState, write_atomic};

/// The format version this code reads and writes (both files).
pub const FORMAT_VERSION: u32 = 1;
/// Appended to an article's file name to name its sidecar (`001.txt.annotations.ron`).
pub const SIDECAR_SUFFIX: &str = ".annotations.ron";
/// The corpus file's name.
pub const CORPUS_FILE_NAME: &str = "pizhu.ron";

/// The contents of a sidecar: one article's annotations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SidecarFile {
    /// Always [`FORMAT_VERSION`] when written by this code.
    pub version: u32,
    /// Which text the offsets index.
    pub document: DocumentHeader,
    /// Sorted by (start, end, id).
    pub annotations: Vec<Annotation>,
}

/// The article a sidecar belongs to, as it was when the sidecar was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentHeader {
    /// The article's file name (no folder: the sidecar sits beside it or mirrors its path).
    pub file: String,
    /// Length of the Original in chars.
    pub chars: usize,
    /// `blake3:<hex>` of the Original's UTF-8 (not of the file's bytes, which may be GB18030).
    pub fingerprint: String,
}

/// The contents of `pizhu.ron`: the tag set and corpus settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusFile {
    /// Always [`FORMAT_VERSION`] when written by this code.
    pub version: u32,
    /// The tags, in palette order.
    pub tags: TagSet,
    /// Corpus settings.
    #[serde(default)]
    pub settings: CorpusSettings,
}

impl Default for CorpusFile {
    fn default() -> Self {
        Self {
            version: FORMAT_VERSION,
            tags: TagSet::default(),
            settings: CorpusSettings::default(),
        }
    }
}

/// Corpus-level settings. Every field has a default and is left out when it has its default
/// (so a corpus without settings still writes `settings: ()`), so version-1 files of any age
/// load.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CorpusSettings {
    /// The corpus's own conversion fixes for the 简 and 繁 views, applied before OpenCC's
    /// dictionaries: `(from: "头发", to: "頭髮", config: "traditional")` (see
    /// [`UserPhrase`] and `docs/FORMATS.md`). In the order they were added; a later phrase with
    /// the same `from` and `config` wins.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub user_phrases: Vec<UserPhrase>,
}

/// Why a sidecar or corpus file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    /// Reading, writing or renaming failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// The file is not valid RON for its format (or not UTF-8).
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column, in chars.
        column: usize,
        /// What the parser found wrong there.
        message: ParseProblem,
    },
    /// Parsed, but the content is not usable (e.g. two annotations with one id).
    #[error("{}: {problem}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: InvalidContent,
    },
    /// Written by a newer Pizhu: read nothing, write nothing.
    #[error("{}: format version {version} is newer than this Pizhu understands ({FORMAT_VERSION})", path.display())]
    UnsupportedVersion {
        /// The file.
        path: PathBuf,
        /// The version found.
        version: u32,
    },
    /// Written by a newer Pizhu: it has fields this version does not know. Read nothing, write
    /// nothing (a rewrite would drop them).
    #[error(
        "{}: written by a newer Pizhu (this version does not know {}); opened read-only and never rewritten",
        path.display(),
        fields.join(", ")
    )]
    UnknownFields {
        /// The file.
        path: PathBuf,
        /// Where the unknown fields are, e.g. `annotations[2].colour`.
        fields: Vec<String>,
    },
    /// The sidecar changed on disk since it was read and their version cannot be merged (it
    /// does not parse, or is from a newer Pizhu); nothing was written.
    #[error("{} was changed by another program and cannot be merged ({problem}); not overwritten", path.display())]
    Conflict {
        /// The file.
        path: PathBuf,
        /// Why their version cannot be merged.
        problem: Box<SidecarError>,
        /// What is on disk now.
        found: DiskState,
    },
    /// `pizhu.ron` changed on disk since it was read and cannot be merged; nothing was written.
    #[error("{} was changed by another program and cannot be merged ({problem}); not overwritten", path.display())]
    CorpusConflict {
        /// The file.
        path: PathBuf,
        /// Why their version cannot be merged.
        problem: Box<SidecarError>,
        /// What is on disk now.
        found: DiskState,
    },
    /// Their unreadable version was taken over ours
    /// ([`Resolution::TakeTheirs`](super::Resolution::TakeTheirs)): read-only until the file is
    /// fixed and reopened.
    #[error("{problem}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read (one sentence naming the file).
        problem: String,
    },
    /// The storage root's lock could not be taken (another Pizhu kept it, or the folder is gone).
    #[error(transparent)]
    Lock(#[from] LockError),
    /// Serialising failed (should not happen with these types).
    #[error("{}: cannot serialise: {error}", path.display())]
    Serialize {
        /// The file.
        path: PathBuf,
        /// Why.
        error: ron::Error,
    },
    /// The platform has no per-user data folder (needed for read-only corpus folders).
    #[error("no user data folder on this system for annotations of a read-only folder")]
    NoDataDir,
}

/// What a parse of a sidecar or `pizhu.ron` found wrong, at the line and column of
/// [`SidecarError::Parse`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseProblem {
    /// The bytes are not UTF-8 (the position is where the valid text ends).
    #[error("not valid UTF-8")]
    NotUtf8,
    /// Not valid RON for the format: what the RON parser expected.
    #[error(transparent)]
    Ron(ron::Error),
}

/// What makes a parsed sidecar unusable ([`SidecarError::Invalid`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvalidContent {
    /// `version: 0` (versions start at 1).
    #[error("version must be 1")]
    ZeroVersion,
    /// A tag of `pizhu.ron` is unusable (empty label, key outside 1–9, an id twice).
    #[error("tag {id}: {problem}")]
    BadTag {
        /// The tag's id.
        id: String,
        /// What is wrong with it.
        problem: TagError,
    },
    /// Two tags of `pizhu.ron` are bound to one number key.
    #[error("tags {first} and {second} are both bound to key {key}")]
    SharedKey {
        /// The key.
        key: u8,
        /// The first tag bound to it.
        first: String,
        /// The second.
        second: String,
    },
    /// Two annotations share an id.
    #[error("two annotations have the id {0}")]
    DuplicateId(AnnotationId),
    /// The article is the one the sidecar was written for (same fingerprint), yet an annotation
    /// does not quote its text: the file was edited by hand or damaged.
    #[error(
        "annotation {id} at {start}..{end} does not quote the article's text there (the article is unchanged)"
    )]
    QuoteMismatch {
        /// The annotation.
        id: AnnotationId,
        /// Its start char.
        start: usize,
        /// Its end char.
        end: usize,
    },
    /// The article is unchanged, yet an annotation reaches past its end.
    #[error("annotation {id} ends at {end}, past the end of the article ({chars} chars)")]
    PastTheText {
        /// The annotation.
        id: AnnotationId,
        /// Its end char.
        end: usize,
        /// Length of the article in chars.
        chars: usize,
    },
    /// An annotation's range is reversed.
    #[error("annotation {id} has start {start} after end {end}")]
    StartAfterEnd {
        /// The annotation.
        id: AnnotationId,
        /// Its start char.
        start: usize,
        /// Its end char, before `start`.
        end: usize,
    },
}

/// The path of an article's sidecar beside it: `<article path>.annotations.ron`.
pub fn sidecar_path_beside(article: &Path) -> PathBuf {
    let mut name = article.file_name().unwrap_or_default().to_owned();
    name.push(SIDECAR_SUFFIX);
    article.with_file_name(name)
}

/// The pretty-printer settings of both files: 4 spaces, `\n` on every platform, one field per
/// line, escaped strings (`\n`, `\r`, `\t`, `"` and `\\`; CJK stays readable).
fn pretty_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(false)
        .escape_strings(true)
}

/// The exact text a sidecar is written as (ends with a newline).
pub fn sidecar_to_string(file: &SidecarFile, path: &Path) -> Result<String, SidecarError> {
    to_pretty(file, path)
}

/// The exact text `pizhu.ron` is written as (ends with a newline).
pub fn corpus_file_to_string(file: &CorpusFile, path: &Path) -> Result<String, SidecarError> {
    to_pretty(file, path)
}

fn to_pretty<T: Serialize>(value: &T, path: &Path) -> Result<String, SidecarError> {
    let mut text = ron::ser::to_string_pretty(value, pretty_config()).map_err(|e| {
        SidecarError::Serialize {
            path: path.to_owned(),
            error: e,
        }
    })?;
    text.push('\n');
    Ok(text)
}

/// The `version` field alone, read first so a newer file is refused before its fields are
/// misread (unknown fields are otherwise ignored).
#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

/// A file with a format version (refused when newer than [`FORMAT_VERSION`]).
trait Versioned {
    fn version(&self) -> u32;
}

impl Versioned for SidecarFile {
    fn version(&self) -> u32 {
        self.version
    }
}

impl Versioned for CorpusFile {
    fn version(&self) -> u32 {
        self.version
    }
}

/// Parses one of Pizhu's RON files in one pass: the typed value, and on the way every field the
/// types do not know (serde ignores them; a newer Pizhu's fields would be lost on the next write),
/// which makes the file a newer one. Parsing the file once more untyped to look for them cost a
/// third of an export's time per article.
fn parse_ron<T: serde::de::DeserializeOwned + Versioned>(
    path: &Path,
    bytes: &[u8],
) -> Result<T, SidecarError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
        let (line, column) = line_column_at_end(&valid);
        SidecarError::Parse {
            path: path.to_owned(),
            line,
            column,
            message: ParseProblem::NotUtf8,
        }
    })?;
    // A byte order mark (some Windows editors add one) is not part of the RON.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let newer = |version| SidecarError::UnsupportedVersion {
        path: path.to_owned(),
        version,
    };
    let mut unknown = Vec::new();
    let parsed = ron::Deserializer::from_str(text).and_then(|mut de| {
        let value: T = serde_ignored::deserialize(&mut de, |field| {
            unknown.push(field_path(&field));
        })
        .map_err(|e| de.span_error(e))?;
        de.end().map_err(|e| de.span_error(e))?;
        Ok(value)
    });
    let value = match parsed {
        Ok(value) => value,
        Err(e) => {
            // A newer version may not parse as this one: say that rather than where it broke.
            if let Ok(VersionOnly { version }) = ron::from_str::<VersionOnly>(text)
                && version > FORMAT_VERSION
            {
                return Err(newer(version));
            }
            let (line, column) = skip_whitespace(text, e.span.start.line, e.span.start.col);
            return Err(SidecarError::Parse {
                path: path.to_owned(),
                line,
                column,
                message: ParseProblem::Ron(e.code),
            });
        }
    };
    if value.version() > FORMAT_VERSION {
        return Err(newer(value.version()));
    }
    if !unknown.is_empty() {
        unknown.sort();
        return Err(SidecarError::UnknownFields {
            path: path.to_owned(),
            fields: unknown,
        });
    }
    Ok(value)
}

/// A field's place as the error shows it: `annotations[2].colour`, `settings.script`.
fn field_path(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", field_path(parent)),
        Path::Map { parent, key } => {
            let parent = field_path(parent);
            if parent.is_empty() {
                key.clone()
            } else {
                format!("{parent}.{key}")
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => field_path(parent),
    }
}

/// ron sometimes reports the whitespace before the offending token; point at the token (or
/// keep ron's place when only whitespace follows: the error is about the end of the file).
fn skip_whitespace(text: &str, line: usize, column: usize) -> (usize, usize) {
    let mut lines = text.split('\n').skip(line.saturating_sub(1));
    let Some(first) = lines.next() else {
        return (line, column);
    };
    let rest = first.chars().skip(column.saturating_sub(1));
    let later = lines.flat_map(|l| std::iter::once('\n').chain(l.chars()));
    let (mut at_line, mut at_column) = (line, column);
    for c in rest.chain(later) {
        if !c.is_whitespace() {
            return (at_line, at_column);
        }
        if c == '\n' {
            at_line += 1;
            at_column = 1;
        } else {
            at_column += 1;
        }
    }
    (line, column)
}

fn line_column_at_end(text: &str) -> (usize, usize) {
    let line = 1 + text.matches('\n').count();
    let column = 1 + text.chars().rev().take_while(|&c| c != '\n').count();
    (line, column)
}

/// Parses a sidecar's text and checks it: version (not newer, no unknown fields), no duplicate
/// ids, no reversed ranges. (Whether quotes match the article is checked when it is opened.)
pub fn parse_sidecar(path: &Path, bytes: &[u8]) -> Result<SidecarFile, SidecarError> {
    let file: SidecarFile = parse_ron(path, bytes)?;
    let invalid = |problem| SidecarError::Invalid {
        path: path.to_owned(),
        problem,
    };
    if file.version == 0 {
        return Err(invalid(InvalidContent::ZeroVersion));
    }
    let mut ids: Vec<&AnnotationId> = file.annotations.iter().map(|a| &a.id).collect();
    ids.sort_unstable();
    if let Some(pair) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(invalid(InvalidContent::DuplicateId(pair[0].clone())));
    }
    if let Some(a) = file.annotations.iter().find(|a| a.start > a.end) {
        return Err(invalid(InvalidContent::StartAfterEnd {
            id: a.id.clone(),
            start: a.start,
            end: a.end,
        }));
    }
    Ok(file)
}

/// Parses `pizhu.ron` and checks it: version (not newer, no unknown fields), and tags the tag
/// editor could have made (labels, keys 1–9 bound once, ids once).
pub fn parse_corpus_file(path: &Path, bytes: &[u8]) -> Result<CorpusFile, SidecarError> {
    let file: CorpusFile = parse_ron(path, bytes)?;
    let invalid = |problem| SidecarError::Invalid {
        path: path.to_owned(),
        problem,
    };
    if file.version == 0 {
        return Err(invalid(InvalidContent::ZeroVersion));
    }
    // The tag set as the editor would have built it: an unusable tag is reported, not fixed.
    let mut checked = TagSet::empty();
    for tag in file.tags.tags() {
        if let Some(key) = tag.key
            && let Some(first) = checked.by_key(key)
        {
            return Err(invalid(InvalidContent::SharedKey {
                key,
                first: first.id.to_string(),
                second: tag.id.to_string(),
            }));
        }
        if let Err(problem) = checked.add(tag.clone()) {
            return Err(invalid(InvalidContent::BadTag {
                id: tag.id.to_string(),
                problem,
            }));
        }
    }
    Ok(file)
}

/// A file read from disk, with the state to check against before writing it back.
#[derive(Clone, Debug)]
pub struct Loaded<T> {
    /// The parsed content.
    pub value: T,
    /// What the file looked like.
    pub state: DiskState,
}

/// The current state of `path` (absent or stamped).
pub fn disk_state(path: &Path) -> Result<DiskState, SidecarError> {
    Ok(read_with_state(path)
        .map_err(|source| io_error(path, source))?
        .map_or(DiskState::Absent, |(_, state)| state))
}

pub(super) fn io_error(path: &Path, source: io::Error) -> SidecarError {
    SidecarError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Reads a sidecar; `Ok(None)` when there is none.
pub fn read_sidecar(path: &Path) -> Result<Option<Loaded<SidecarFile>>, SidecarError> {
    read_sidecar_with(&super::io::FileSystem, path)
}

/// Reads a sidecar through `io`; `Ok(None)` when there is none.
pub fn read_sidecar_with(
    io: &dyn SidecarIo,
    path: &Path,
) -> Result<Option<Loaded<SidecarFile>>, SidecarError> {
    let Some((bytes, state)) = io.read(path).map_err(|e| io_error(path, e))? else {
        return Ok(None);
    };
    let value = parse_sidecar(path, &bytes)?;
    Ok(Some(Loaded { value, state }))
}

/// Reads `pizhu.ron`; `Ok(None)` when there is none.
pub fn read_corpus_file(path: &Path) -> Result<Option<Loaded<CorpusFile>>, SidecarError> {
    read_corpus_file_with(&super::io::FileSystem, path)
}

/// Reads `pizhu.ron` through `io`; `Ok(None)` when there is none.
pub fn read_corpus_file_with(
    io: &dyn SidecarIo,
    path: &Path,
) -> Result<Option<Loaded<CorpusFile>>, SidecarError> {
    let Some((bytes, state)) = io.read(path).map_err(|e| io_error(path, e))? else {
        return Ok(None);
    };
    let value = parse_corpus_file(path, &bytes)?;
    Ok(Some(Loaded { value, state }))
}

impl SidecarError {
    /// The file was written by a newer Pizhu (it must never be rewritten by this one).
    pub fn is_newer_version(&self) -> bool {
        matches!(
            self,
            Self::UnsupportedVersion { .. } | Self::UnknownFields { .. }
        )
    }

    /// A failure of the disk or folder (permissions, a removed folder, a full disk, a read-only
    /// file system), which saving somewhere else would avoid; not a conflict or a bad file.
    pub fn is_disk_problem(&self) -> bool {
        matches!(
            self,
            Self::Io { .. } | Self::Lock(LockError::FolderGone { .. } | LockError::Io { .. })
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::annotate::tags::TagId;

    fn annotation(id: &str, start: usize, modified: &str) -> Annotation {
        Annotation {
            id: AnnotationId::from_string(id),
            start,
            end: start + 2,
            quote: "广州".into(),
            prefix: "在".into(),
            suffix: "调研".into(),
            tag: TagId::new("LOC").ok(),
            note: String::new(),
            created: "2026-01-01T00:00:00Z".into(),
            modified: modified.into(),
        }
    }

    fn sidecar(annotations: Vec<Annotation>) -> SidecarFile {
        SidecarFile {
            version: 1,
            document: DocumentHeader {
                file: "001.txt".into(),
                chars: 100,
                fingerprint: "blake3:00".into(),
            },
            annotations,
        }
    }

    #[test]
    fn sidecar_path_appends_the_suffix() {
        assert_eq!(
            sidecar_path_beside(Path::new("/c/新闻/001.txt")),
            PathBuf::from("/c/新闻/001.txt.annotations.ron")
        );
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let mut a = annotation("01A", 5, "2026-01-02T00:00:00Z");
        a.note = "引号\"与\\反斜杠\n换行\r\n\t制表".into();
        a.prefix = "😀".into();
        let file = sidecar(vec![a]);
        let text = sidecar_to_string(&file, Path::new("x")).unwrap();
        assert!(
            text.contains("quote: \"广州\""),
            "CJK is not escaped: {text}"
        );
        assert_eq!(
            parse_sidecar(Path::new("x"), text.as_bytes()).unwrap(),
            file
        );
    }

    #[test]
    fn corpus_file_round_trip_and_empty_settings() {
        let file = CorpusFile::default();
        let text = corpus_file_to_string(&file, Path::new("pizhu.ron")).unwrap();
        assert!(text.contains("settings: ()"), "{text}");
        assert!(text.contains("label: \"人物\""), "{text}");
        assert_eq!(
            parse_corpus_file(Path::new("p"), text.as_bytes()).unwrap(),
            file
        );
        // Settings may be left out.
        let short = "(version: 1, tags: [])";
        let parsed = parse_corpus_file(Path::new("p"), short.as_bytes()).unwrap();
        assert!(parsed.tags.is_empty());
    }

    #[test]
    fn user_phrases_round_trip_as_documented() {
        use crate::text::convert::PhraseScope;
        let mut file = CorpusFile::default();
        file.settings.user_phrases = vec![
            UserPhrase::new("头发", "頭髮", PhraseScope::Traditional),
            UserPhrase::new(
                "鼠标",
                "滑鼠",
                PhraseScope::Only(crate::text::convert::OpenccConfig::S2tw),
            ),
        ];
        let text = corpus_file_to_string(&file, Path::new("pizhu.ron")).unwrap();
        assert!(
            text.contains(
                "    settings: (\n        user_phrases: [\n            (\n                from: \"头发\",\n                to: \"頭髮\",\n                config: \"traditional\",\n            ),"
            ),
            "{text}"
        );
        assert!(text.contains("config: \"s2tw\""), "{text}");
        assert_eq!(
            parse_corpus_file(Path::new("p"), text.as_bytes()).unwrap(),
            file
        );
        // The short form of docs/FORMATS.md.
        let short = r#"(version: 1, tags: [], settings: (user_phrases: [(from: "头发", to: "頭髮", config: "traditional")]))"#;
        let parsed = parse_corpus_file(Path::new("p"), short.as_bytes()).unwrap();
        assert_eq!(
            parsed.settings.user_phrases,
            file.settings.user_phrases[..1]
        );
        // An unknown config is a parse error at its place, with one clear sentence.
        let bad = "(version: 1, tags: [],\n settings: (user_phrases: [(from: \"a\", to: \"b\", config: \"s2jp\")]))";
        let Err(SidecarError::Parse { line, message, .. }) =
            parse_corpus_file(Path::new("p"), bad.as_bytes())
        else {
            panic!("expected a parse error");
        };
        assert_eq!(line, 2);
        assert!(
            message
                .to_string()
                .contains("unknown user phrase config \"s2jp\""),
            "{message}"
        );
    }

    #[test]
    fn parse_errors_carry_line_and_column() {
        let text = "(\n    version: 1,\n    document: oops,\n)";
        let Err(SidecarError::Parse { line, column, .. }) =
            parse_sidecar(Path::new("a.ron"), text.as_bytes())
        else {
            panic!("expected a parse error");
        };
        assert_eq!((line, column), (3, 15));
        let bytes = b"(\n  version: 1,\xff";
        let Err(SidecarError::Parse {
            line,
            column,
            message,
            ..
        }) = parse_sidecar(Path::new("a.ron"), bytes)
        else {
            panic!("expected a parse error");
        };
        assert_eq!((line, column, message), (2, 14, ParseProblem::NotUtf8));
        assert!(
            parse_sidecar(Path::new("a.ron"), bytes)
                .unwrap_err()
                .to_string()
                .ends_with("a.ron:2:14: not valid UTF-8")
        );
    }

    #[test]
    fn parse_error_position_skips_to_the_token() {
        assert_eq!(skip_whitespace("标注:  x", 1, 4), (1, 6));
        assert_eq!(skip_whitespace("a:\n\n  x", 1, 3), (3, 3));
        assert_eq!(
            skip_whitespace("a:   ", 1, 3),
            (1, 3),
            "only whitespace left"
        );
        assert_eq!(skip_whitespace("a", 9, 1), (9, 1), "past the end");
    }

    #[test]
    fn newer_versions_and_duplicate_ids_are_refused() {
        let mut file = sidecar(vec![]);
        file.version = 2;
        let text = sidecar_to_string(&file, Path::new("x")).unwrap();
        assert!(matches!(
            parse_sidecar(Path::new("x"), text.as_bytes()),
            Err(SidecarError::UnsupportedVersion { version: 2, .. })
        ));
        let a = annotation("01A", 1, "2026-01-01T00:00:00Z");
        let text = sidecar_to_string(&sidecar(vec![a.clone(), a.clone()]), Path::new("x")).unwrap();
        let err = parse_sidecar(Path::new("x"), text.as_bytes()).unwrap_err();
        assert!(matches!(
            &err,
            SidecarError::Invalid {
                problem: InvalidContent::DuplicateId(id),
                ..
            } if id.as_str() == "01A"
        ));
        assert_eq!(err.to_string(), "x: two annotations have the id 01A");
        let mut reversed = a;
        (reversed.start, reversed.end) = (9, 3);
        let text = sidecar_to_string(&sidecar(vec![reversed]), Path::new("x")).unwrap();
        let err = parse_sidecar(Path::new("x"), text.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), "x: annotation 01A has start 9 after end 3");
        let mut zero = sidecar(vec![]);
        zero.version = 0;
        let text = sidecar_to_string(&zero, Path::new("x")).unwrap();
        let err = parse_sidecar(Path::new("x"), text.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), "x: version must be 1");
    }

    #[test]
    fn unknown_fields_mean_a_newer_pizhu_and_are_refused() {
        let a = annotation("01A", 1, "2026-01-01T00:00:00Z");
        let text = sidecar_to_string(&sidecar(vec![a]), Path::new("x")).unwrap();
        assert!(parse_sidecar(Path::new("x"), text.as_bytes()).is_ok());
        let newer = text
            .replacen(
                "    document: (",
                "    reviewer: \"王\",\n    document: (",
                1,
            )
            .replacen(
                "note: \"\",",
                "note: \"\",\n            colour: \"#fff\",",
                1,
            );
        let err = parse_sidecar(Path::new("x"), newer.as_bytes()).unwrap_err();
        let SidecarError::UnknownFields { fields, .. } = &err else {
            panic!("expected unknown fields, got {err}");
        };
        assert_eq!(fields, &["annotations[0].colour", "reviewer"]);
        // Inside the header too, and in a file whose version is this one's.
        let in_header = text.replacen(
            "    document: (",
            "    document: (\n        encoding: \"gbk\",",
            1,
        );
        let err = parse_sidecar(Path::new("x"), in_header.as_bytes()).unwrap_err();
        assert!(
            matches!(&err, SidecarError::UnknownFields { fields, .. } if fields == &["document.encoding"]),
            "{err}"
        );
        assert!(err.is_newer_version());
        assert!(err.to_string().contains("never rewritten"), "{err}");

        let corpus = corpus_file_to_string(&CorpusFile::default(), Path::new("p")).unwrap();
        let newer = corpus.replace("settings: ()", "settings: (script: \"繁\")");
        let err = parse_corpus_file(Path::new("p"), newer.as_bytes()).unwrap_err();
        assert!(
            matches!(&err, SidecarError::UnknownFields { fields, .. } if fields == &["settings.script"]),
            "{err}"
        );
    }

    #[test]
    fn unusable_tags_are_reported_not_fixed() {
        let good = corpus_file_to_string(&CorpusFile::default(), Path::new("p")).unwrap();
        let cases = [
            (
                good.replacen("key: Some(1)", "key: Some(10)", 1),
                "tag PER: tag key must be 1–9, not 10",
            ),
            (
                good.replacen("key: Some(2)", "key: Some(1)", 1),
                "tags PER and LOC are both bound to key 1",
            ),
            (
                good.replacen("label: \"人物\"", "label: \" \"", 1),
                "tag PER: tag label cannot be empty",
            ),
            (
                good.replacen("id: \"LOC\"", "id: \"PER\"", 1),
                "tag PER: a tag with id PER already exists",
            ),
        ];
        for (text, expected) in cases {
            let err = parse_corpus_file(Path::new("p"), text.as_bytes()).unwrap_err();
            assert_eq!(err.to_string(), format!("p: {expected}"));
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_an_error() {
        let text = format!(
            "\u{FEFF}{}",
            sidecar_to_string(&sidecar(vec![]), Path::new("x")).unwrap()
        );
        assert_eq!(
            parse_sidecar(Path::new("x"), text.as_bytes()).unwrap(),
            sidecar(vec![])
        );
    }
}
