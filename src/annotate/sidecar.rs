//! The files annotations live in: per-article sidecars `<file name>.annotations.ron` and the
//! corpus file `pizhu.ron`: their types, their exact RON text, parsing with line and column,
//! and reading and writing them through the checked atomic writes of [`disk`](super::disk).
//!
//! Offsets in sidecars are chars (code points) of the article's Original text. The formats are
//! documented with examples in `docs/FORMATS.md`.
//!
//! Safety rules, in order of importance:
//! - Writes are atomic (temp file, fsync, rename, see [`disk`](super::disk)).
//! - Before writing, the file on disk is compared with what was loaded; if someone else changed
//!   it, nothing is written and the caller gets [`SidecarError::Conflict`] with their version
//!   parsed, to merge ([`merge`](super::merge::merge)) or ask about. The check and the rename
//!   are not atomic together: an edit that lands in the microseconds between them is lost, as
//!   with every editor that does not lock files.
//! - A file that fails to parse is reported with its line and column and is never written (the
//!   store holds it read-only).

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::disk::{Checked, read_with_state, write_checked};
use super::model::{Annotation, AnnotationId};
use super::tags::TagSet;
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
    /// The sidecar changed on disk since it was loaded; nothing was written.
    #[error("{} was changed by another program; not overwritten", path.display())]
    Conflict {
        /// The file.
        path: PathBuf,
        /// Their version, if it exists and parses.
        theirs: Option<Box<SidecarFile>>,
        /// What is on disk now.
        found: DiskState,
    },
    /// `pizhu.ron` changed on disk since it was loaded; nothing was written.
    #[error("{} was changed by another program; not overwritten", path.display())]
    CorpusConflict {
        /// The file.
        path: PathBuf,
        /// Their version, if it exists and parses.
        theirs: Option<Box<CorpusFile>>,
        /// What is on disk now.
        found: DiskState,
    },
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
    /// Two annotations share an id.
    #[error("two annotations have the id {0}")]
    DuplicateId(AnnotationId),
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

fn parse_ron<T: serde::de::DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<T, SidecarError> {
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
    let spanned = |e: ron::error::SpannedError| {
        let (line, column) = skip_whitespace(text, e.span.start.line, e.span.start.col);
        SidecarError::Parse {
            path: path.to_owned(),
            line,
            column,
            message: ParseProblem::Ron(e.code),
        }
    };
    // Only refuse a newer version when the version field itself is readable; any other error is
    // reported by the full parse below, which knows the real position.
    if let Ok(VersionOnly { version }) = ron::from_str::<VersionOnly>(text)
        && version > FORMAT_VERSION
    {
        return Err(SidecarError::UnsupportedVersion {
            path: path.to_owned(),
            version,
        });
    }
    ron::from_str(text).map_err(spanned)
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

/// Parses a sidecar's text and checks it: version, no duplicate ids, no reversed ranges.
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

/// Parses `pizhu.ron`.
pub fn parse_corpus_file(path: &Path, bytes: &[u8]) -> Result<CorpusFile, SidecarError> {
    parse_ron(path, bytes)
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

fn io_error(path: &Path, source: io::Error) -> SidecarError {
    SidecarError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Reads a sidecar; `Ok(None)` when there is none.
pub fn read_sidecar(path: &Path) -> Result<Option<Loaded<SidecarFile>>, SidecarError> {
    let Some((bytes, state)) = read_with_state(path).map_err(|e| io_error(path, e))? else {
        return Ok(None);
    };
    let value = parse_sidecar(path, &bytes)?;
    Ok(Some(Loaded { value, state }))
}

/// Reads `pizhu.ron`; `Ok(None)` when there is none.
pub fn read_corpus_file(path: &Path) -> Result<Option<Loaded<CorpusFile>>, SidecarError> {
    let Some((bytes, state)) = read_with_state(path).map_err(|e| io_error(path, e))? else {
        return Ok(None);
    };
    let value = parse_corpus_file(path, &bytes)?;
    Ok(Some(Loaded { value, state }))
}

/// Writes a sidecar if the file on disk is still `expected`; returns the new disk state.
pub fn write_sidecar(
    path: &Path,
    file: &SidecarFile,
    expected: &DiskState,
) -> Result<DiskState, SidecarError> {
    let text = sidecar_to_string(file, path)?;
    match write_checked(path, text.as_bytes(), expected).map_err(|e| io_error(path, e))? {
        Checked::Written(state) => Ok(state),
        Checked::Conflict { found, bytes } => Err(SidecarError::Conflict {
            path: path.to_owned(),
            theirs: bytes
                .and_then(|b| parse_sidecar(path, &b).ok())
                .map(Box::new),
            found,
        }),
    }
}

/// Writes `pizhu.ron` if the file on disk is still `expected`; returns the new disk state.
pub fn write_corpus_file(
    path: &Path,
    file: &CorpusFile,
    expected: &DiskState,
) -> Result<DiskState, SidecarError> {
    let text = corpus_file_to_string(file, path)?;
    match write_checked(path, text.as_bytes(), expected).map_err(|e| io_error(path, e))? {
        Checked::Written(state) => Ok(state),
        Checked::Conflict { found, bytes } => Err(SidecarError::CorpusConflict {
            path: path.to_owned(),
            theirs: bytes
                .and_then(|b| parse_corpus_file(path, &b).ok())
                .map(Box::new),
            found,
        }),
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
    fn checked_write_refuses_a_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.annotations.ron");
        let ours = sidecar(vec![annotation("01A", 1, "2026-01-01T00:00:00Z")]);
        let state = write_sidecar(&path, &ours, &DiskState::Absent).unwrap();
        // Absent expected but present on disk: conflict, theirs parsed.
        let err = write_sidecar(&path, &sidecar(vec![]), &DiskState::Absent).unwrap_err();
        let SidecarError::Conflict { theirs, .. } = err else {
            panic!("expected a conflict, got {err}");
        };
        assert_eq!(theirs.as_deref(), Some(&ours));
        // Expected state matches: written.
        let state = write_sidecar(&path, &sidecar(vec![]), &state).unwrap();
        assert_eq!(disk_state(&path).unwrap(), state);
    }
}
