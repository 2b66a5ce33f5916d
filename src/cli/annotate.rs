//! `pizhu annotations FILE`, `pizhu tag FILE …`, `pizhu untag FILE --id ID`: one article's
//! annotations from the command line, through the same [`AnnotationStore`] as the window (same
//! sidecars, same atomic writes, same read-only rules).
//!
//! **Concurrency.** `tag` and `untag` take the storage root's OS lock (`.pizhu.lock`) *before*
//! reading anything and hold it through the rename of the new file, so their edit is applied to
//! what is on disk and no other Pizhu (another command, the window) can write in between. The
//! wait for the lock is bounded (10 s; `PIZHU_LOCK_WAIT_MS` overrides it, for tests); after it
//! the command exits 1 saying another Pizhu is writing. A command prints `created`/`deleted`
//! only once the file holding the change has been renamed into place (and fsynced): success is
//! never reported for a change that is not on disk.
//!
//! Offsets printed and stored are chars (code points) of the article's **Original** text.
//! `tag --start/--end` and `tag --quote` work in the chars of the chosen view (原文, 净文, 简, 繁);
//! each view range is mapped to the Original with [`View::original_range`].
//!
//! **Which corpus.** The command line has no opened folder, so the corpus root is the nearest
//! folder, from the article's own folder upwards, that holds a `pizhu.ron`; without one it is the
//! article's folder. That decides which tag set applies and where `pizhu.ron` is written; the
//! sidecar itself is `<file>.annotations.ron` beside the article either way (or its mirror in the
//! user data folder when the corpus folder is read-only).

use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr as _;

use pizhu::annotate::sidecar::CORPUS_FILE_NAME;
use pizhu::annotate::{
    AnchorState, Annotation, AnnotationId, AnnotationStore, DEFAULT_LOCK_WAIT, DocKey, Edit,
    SaveOutcome, SaveReport, SaveTarget, SidecarError, StorageKind, StorageLocation, StorageLock,
    TagId, TagSet, find_occurrences,
};
use pizhu::corpus::Article;
use pizhu::text::{ScriptOptions, View, ViewConverters, ViewKind};

use pizhu::format::pad;

/// How `annotations` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An aligned table for people, then a summary line.
    Table,
    /// One JSON object per annotation and line: `{"id":…,"start":…,"end":…,"tag":…,…}`.
    JsonLines,
}

/// Which passage `tag` annotates, in chars of the request's view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// The first occurrence of this text in the view, or every (non-overlapping) one.
    Quote {
        /// The text as it reads in the view.
        text: String,
        /// Every occurrence instead of the first.
        all: bool,
    },
    /// A half-open char range of the view.
    Range {
        /// First view char.
        start: usize,
        /// One past the last view char.
        end: usize,
    },
}

/// What `pizhu tag` was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagRequest {
    /// A tag id of the corpus tag set, or `none` / `highlight` for a plain highlight.
    pub tag: String,
    /// The passage.
    pub selection: Selection,
    /// The view whose text and chars the selection refers to.
    pub view: ViewKind,
    /// How the 简 and 繁 views are converted (`--variant`, `--source`).
    pub scripts: ScriptOptions,
    /// The note of every annotation created (may be empty).
    pub note: String,
}

/// Why an annotation command failed, beyond the store's own errors.
#[derive(Debug, thiserror::Error)]
pub enum AnnotateCliError {
    /// `--tag` names no tag of the tag set.
    #[error("unknown tag {given:?}: the tags are {known}, or none for a plain highlight")]
    UnknownTag {
        /// What was given.
        given: String,
        /// The tag set's ids, comma-separated.
        known: String,
    },
    /// `--quote` does not occur in the view.
    #[error("{quote:?} does not occur in the {view} view of {}", path.display())]
    QuoteNotFound {
        /// The text looked for.
        quote: String,
        /// The view searched.
        view: ViewKind,
        /// The article.
        path: PathBuf,
    },
    /// `--start/--end` is empty, reversed or past the end of the view.
    #[error(
        "{start}..{end} is not a range of the {view} view of {} ({chars} chars)",
        path.display()
    )]
    BadRange {
        /// Start view char.
        start: usize,
        /// End view char.
        end: usize,
        /// The view.
        view: ViewKind,
        /// Length of the view in chars.
        chars: usize,
        /// The article.
        path: PathBuf,
    },
    /// The view range maps to no Original text (it only covers text the view inserted).
    #[error(
        "{start}..{end} of the {view} view of {} stands for no text of the original",
        path.display()
    )]
    NothingInOriginal {
        /// Start view char.
        start: usize,
        /// End view char.
        end: usize,
        /// The view.
        view: ViewKind,
        /// The article.
        path: PathBuf,
    },
    /// `untag --id` names no annotation of the article.
    #[error("no annotation {id} in {}", path.display())]
    UnknownId {
        /// The id given.
        id: String,
        /// The article.
        path: PathBuf,
    },
    /// The sidecar does not load; like the window, the CLI neither edits nor writes it.
    #[error("{message} (the file was left unchanged; fix or remove it)")]
    UnreadableSidecar {
        /// The load error: `path:line:column: message` for a parse error.
        message: String,
    },
    /// `pizhu.ron` does not load, so tag ids cannot be checked against it.
    #[error("cannot read the tag set: {message} (the file was left unchanged; fix or remove it)")]
    UnreadableTagSet {
        /// The load error.
        message: String,
    },
    /// Another program changed the file into something that cannot be read, between reading
    /// and writing it.
    #[error(
        "{} was changed by another program meanwhile and cannot be read now, so it was not overwritten",
        path.display()
    )]
    Conflict {
        /// The file.
        path: PathBuf,
    },
    /// Writing failed; the old file is intact.
    #[error("cannot save {}: {message}; the file was left as it was", path.display())]
    SaveFailed {
        /// The file.
        path: PathBuf,
        /// Why (names the path again for I/O errors).
        message: String,
    },
}

/// The corpus root for an article (absolute path): the nearest folder from the article's folder
/// upwards that holds a `pizhu.ron`, else the article's folder.
pub fn corpus_root_for(article: &Path) -> PathBuf {
    let folder = article.parent().unwrap_or(Path::new("."));
    folder
        .ancestors()
        .find(|dir| dir.join(CORPUS_FILE_NAME).is_file())
        .unwrap_or(folder)
        .to_owned()
}

/// An article opened in its corpus's store.
struct OpenArticle {
    /// The path as given (for messages).
    path: PathBuf,
    article: Article,
    store: AnnotationStore,
    key: DocKey,
    /// Held from before loading until the command ends, when it will write.
    lock: Option<StorageLock>,
}

/// How long a writing command waits for another Pizhu's lock: `PIZHU_LOCK_WAIT_MS` (tests),
/// else [`DEFAULT_LOCK_WAIT`].
pub fn lock_wait() -> std::time::Duration {
    std::env::var("PIZHU_LOCK_WAIT_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(DEFAULT_LOCK_WAIT, std::time::Duration::from_millis)
}

impl OpenArticle {
    /// Loads the article and its annotations; `for_writing` takes the storage root's lock first
    /// (held until dropped). A sidecar that does not load is an error here: nothing can be
    /// listed or changed until it is fixed.
    fn open(path: &Path, for_writing: bool) -> anyhow::Result<Self> {
        let article = Article::load(path)?;
        let absolute = absolute_article_path(path)?;
        let location = StorageLocation::resolve(&corpus_root_for(&absolute))?;
        let wait = lock_wait();
        let lock = for_writing.then(|| location.lock(wait)).transpose()?;
        let mut store = AnnotationStore::with_location(location);
        store.set_lock_wait(wait);
        let key = store.open_document(&absolute, article.original())?.key;
        if let Some(error) = store.load_error(&key) {
            return Err(AnnotateCliError::UnreadableSidecar {
                message: error.to_string(),
            }
            .into());
        }
        Ok(Self {
            path: path.to_owned(),
            article,
            store,
            key,
            lock,
        })
    }

    /// Saves, and turns the first conflict or failure into an error. Returns whether the
    /// article's own sidecar was written (`pizhu.ron` may still have failed).
    fn save(&mut self) -> (bool, Option<AnnotateCliError>) {
        let mut document_saved = false;
        let mut first_error = None;
        let reports = match &self.lock {
            Some(lock) => self.store.save_dirty_locked(lock),
            None => self.store.save_dirty(),
        };
        for SaveReport {
            target,
            path,
            outcome,
        } in reports
        {
            let error = match outcome {
                SaveOutcome::Saved | SaveOutcome::Merged(_) => {
                    document_saved |= target == SaveTarget::Document(self.key.clone());
                    continue;
                }
                SaveOutcome::Conflict => AnnotateCliError::Conflict { path },
                SaveOutcome::Failed(error) => AnnotateCliError::SaveFailed {
                    path,
                    // The path is in the sentence already.
                    message: match error {
                        SidecarError::Io { source, .. } => source.to_string(),
                        other => other.to_string(),
                    },
                },
            };
            first_error.get_or_insert(error);
        }
        (document_saved, first_error)
    }

    /// Tells where the annotations went when the corpus folder is read-only.
    fn note_location(&self, notes: &mut impl Write) -> std::io::Result<()> {
        let location = self.store.location();
        if *location.kind() == StorageKind::DataDir {
            let sidecar = self.store.sidecar_path(&self.key).unwrap_or(Path::new(""));
            writeln!(
                notes,
                "pizhu: note: {} is read-only, so the annotations are kept in {}",
                location.corpus_root().display(),
                sidecar.display()
            )?;
        }
        Ok(())
    }
}

/// The article's path with its folder made absolute and real (symbolic links and `..`
/// resolved), the file name kept: what the store strips the corpus root from.
pub fn absolute_article_path(path: &Path) -> anyhow::Result<PathBuf> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let Some(name) = path.file_name() else {
        anyhow::bail!("{} does not name a file", path.display());
    };
    let folder = std::fs::canonicalize(folder)
        .map_err(|e| anyhow::anyhow!("cannot resolve {}: {e}", folder.display()))?;
    Ok(folder.join(name))
}

/// `pizhu annotations FILE [--json]`: prints the article's annotations in reading order.
pub fn list(path: &Path, format: Format, out: &mut impl Write) -> anyhow::Result<()> {
    let open = OpenArticle::open(path, false)?;
    let annotations = open.store.annotations(&open.key);
    let state_of = |a: &Annotation| {
        open.store
            .anchor_state(&open.key, &a.id)
            .cloned()
            .unwrap_or(AnchorState::Anchored)
    };
    match format {
        Format::JsonLines => {
            for annotation in annotations {
                let line = json_line(annotation, &state_of(annotation))?;
                writeln!(out, "{line}")?;
            }
        }
        Format::Table => {
            if !annotations.is_empty() {
                let id_columns = annotations
                    .iter()
                    .map(|a| a.id.as_str().width())
                    .max()
                    .unwrap_or(0)
                    .max(2);
                writeln!(
                    out,
                    "{} {:>7} {:>7}  {} {}  {} NOTE",
                    pad("ID", id_columns),
                    "START",
                    "END",
                    pad("TAG", TAG_COLUMNS),
                    pad("STATE", STATE_COLUMNS),
                    pad("QUOTE", QUOTE_COLUMNS),
                )?;
                for annotation in annotations {
                    let row = format!(
                        "{} {:>7} {:>7}  {} {}  {} {}",
                        pad(annotation.id.as_str(), id_columns),
                        annotation.start,
                        annotation.end,
                        pad(tag_label(annotation.tag.as_ref()), TAG_COLUMNS),
                        pad(state_name(&state_of(annotation)), STATE_COLUMNS),
                        pad(&one_line(&annotation.quote), QUOTE_COLUMNS),
                        one_line(&annotation.note),
                    );
                    writeln!(out, "{}", row.trim_end())?;
                }
                writeln!(out)?;
            }
            let summary = open.store.anchor_summary(&open.key);
            let counts: Vec<String> = [
                (summary.anchored, "anchored"),
                (summary.moved, "moved"),
                (summary.fuzzy, "fuzzy"),
                (summary.orphans, "orphan"),
            ]
            .into_iter()
            .filter(|&(n, _)| n > 0)
            .map(|(n, name)| format!("{n} {name}"))
            .collect();
            let sidecar = open.store.sidecar_path(&open.key).unwrap_or(Path::new(""));
            if annotations.is_empty() {
                writeln!(
                    out,
                    "no annotations ({} does not list any)",
                    sidecar.display()
                )?;
            } else {
                writeln!(
                    out,
                    "{} annotation{} ({}) in {}",
                    annotations.len(),
                    if annotations.len() == 1 { "" } else { "s" },
                    counts.join(", "),
                    sidecar.display()
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

const TAG_COLUMNS: usize = 8;
const STATE_COLUMNS: usize = 8;
const QUOTE_COLUMNS: usize = 24;

/// `pizhu tag FILE …`: creates one annotation per selected passage (skipping passages that
/// already carry an annotation with the same Original range and tag), saves, and prints each
/// created annotation. Notes (duplicates skipped, read-only folder) go to `notes`.
pub fn tag(
    path: &Path,
    request: &TagRequest,
    out: &mut impl Write,
    notes: &mut impl Write,
) -> anyhow::Result<()> {
    let mut open = OpenArticle::open(path, true)?;
    if let Some(error) = open.store.corpus_load_error() {
        return Err(AnnotateCliError::UnreadableTagSet {
            message: error.to_string(),
        }
        .into());
    }
    let tag = resolve_tag(open.store.tags(), &request.tag)?;
    // The view as the window shows it: the regional choice and the corpus's user phrases. Only
    // a converted view with phrases builds converters now: this runs under the folder's lock,
    // and building both configs' dictionaries would hold it ~100 ms longer for nothing.
    let phrases = &open.store.settings().user_phrases;
    let converters = if request.view.target().is_some() && !phrases.is_empty() {
        ViewConverters::with_user_phrases(request.scripts, phrases).0
    } else {
        ViewConverters::new(request.scripts)
    };
    let view = View::render_with(open.article.original(), request.view, &converters);
    let view_ranges = select(&view, &request.selection, &open.path)?;

    let Some(text) = open.store.text(&open.key) else {
        anyhow::bail!("{} is not open", open.key);
    };
    let existing = open.store.annotations(&open.key);
    let mut created: Vec<Annotation> = Vec::new();
    let mut duplicates: Vec<&Annotation> = Vec::new();
    for view_range in view_ranges {
        let original_range = view.original_range(view_range.clone());
        if original_range.is_empty() {
            return Err(AnnotateCliError::NothingInOriginal {
                start: view_range.start,
                end: view_range.end,
                view: request.view,
                path: open.path.clone(),
            }
            .into());
        }
        // Same rule as "tag all occurrences" in the window: never stack an identical annotation.
        let same = |a: &&Annotation| a.range() == original_range && a.tag == tag;
        if let Some(duplicate) = existing.iter().find(same) {
            duplicates.push(duplicate);
            continue;
        }
        if created.iter().any(|a| a.range() == original_range) {
            continue;
        }
        created.push(Annotation::new_in(
            text,
            original_range,
            tag.clone(),
            request.note.clone(),
        )?);
    }
    for duplicate in duplicates {
        writeln!(
            notes,
            "pizhu: note: {} already marks {}..{} {} as {}; not duplicated",
            duplicate.id,
            duplicate.start,
            duplicate.end,
            one_line(&duplicate.quote),
            tag_label(duplicate.tag.as_ref()),
        )?;
    }
    if created.is_empty() {
        return Ok(());
    }

    let edit = if created.len() == 1 {
        Edit::Create(created[0].clone())
    } else {
        // One undo step, as the window's "tag all occurrences".
        Edit::Batch(created.iter().cloned().map(Edit::Create).collect())
    };
    open.store.edit(&open.key, edit)?;
    let (saved, error) = open.save();
    if saved {
        for annotation in &created {
            writeln!(out, "created {}", summary_line(annotation))?;
        }
        open.note_location(notes)?;
    }
    out.flush()?;
    error.map_or(Ok(()), |e| Err(e.into()))
}

/// `pizhu untag FILE --id ID`: deletes one annotation, saves, and prints what was deleted.
pub fn untag(
    path: &Path,
    id: &str,
    out: &mut impl Write,
    notes: &mut impl Write,
) -> anyhow::Result<()> {
    let mut open = OpenArticle::open(path, true)?;
    let id = AnnotationId::from_string(id);
    let Some(annotation) = open.store.annotation(&open.key, &id).cloned() else {
        return Err(AnnotateCliError::UnknownId {
            id: id.to_string(),
            path: open.path.clone(),
        }
        .into());
    };
    open.store.edit(&open.key, Edit::Delete(id))?;
    let (saved, error) = open.save();
    if saved {
        writeln!(out, "deleted {}", summary_line(&annotation))?;
        open.note_location(notes)?;
    }
    out.flush()?;
    error.map_or(Ok(()), |e| Err(e.into()))
}

/// The tag `--tag` names: an id of the tag set (exactly, else ignoring ASCII case), or `None`
/// for `none` / `highlight`.
fn resolve_tag(tags: &TagSet, given: &str) -> Result<Option<TagId>, AnnotateCliError> {
    let ids = || tags.tags().iter().map(|t| &t.id);
    if let Some(id) = ids().find(|id| id.as_str() == given) {
        return Ok(Some(id.clone()));
    }
    if given.eq_ignore_ascii_case("none") || given.eq_ignore_ascii_case("highlight") {
        return Ok(None);
    }
    if let Some(id) = ids().find(|id| id.as_str().eq_ignore_ascii_case(given)) {
        return Ok(Some(id.clone()));
    }
    Err(AnnotateCliError::UnknownTag {
        given: given.to_owned(),
        known: ids().map(TagId::as_str).collect::<Vec<_>>().join(", "),
    })
}

/// The view ranges a selection stands for, checked against the view.
fn select(
    view: &View,
    selection: &Selection,
    path: &Path,
) -> Result<Vec<Range<usize>>, AnnotateCliError> {
    match selection {
        Selection::Quote { text, all } => {
            let mut found = find_occurrences(&view.text, text);
            if found.is_empty() {
                return Err(AnnotateCliError::QuoteNotFound {
                    quote: text.clone(),
                    view: view.kind,
                    path: path.to_owned(),
                });
            }
            if !all {
                found.truncate(1);
            }
            Ok(found)
        }
        &Selection::Range { start, end } => {
            let chars = view.text.chars().count();
            if start >= end || end > chars {
                return Err(AnnotateCliError::BadRange {
                    start,
                    end,
                    view: view.kind,
                    chars,
                    path: path.to_owned(),
                });
            }
            Ok(std::iter::once(start..end).collect())
        }
    }
}

/// `01J…  120..123  PER  黃坤明`: what `tag` and `untag` print per annotation.
fn summary_line(annotation: &Annotation) -> String {
    format!(
        "{}  {}..{}  {}  {}",
        annotation.id,
        annotation.start,
        annotation.end,
        tag_label(annotation.tag.as_ref()),
        one_line(&annotation.quote)
    )
}

fn tag_label(tag: Option<&TagId>) -> &str {
    tag.map_or("-", TagId::as_str)
}

fn state_name(state: &AnchorState) -> &'static str {
    match state {
        AnchorState::Anchored => "anchored",
        AnchorState::Moved { .. } => "moved",
        AnchorState::Fuzzy { .. } => "fuzzy",
        AnchorState::Orphan => "orphan",
    }
}

/// Text for one table cell: line breaks become `↵`, other control chars spaces.
fn one_line(text: &str) -> String {
    text.replace("\r\n", "↵")
        .chars()
        .map(|c| match c {
            '\n' | '\r' => '↵',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// One line of `annotations --json`: the sidecar's fields in the sidecar's order, plus `state`,
/// and for a moved or fuzzy annotation the range it was stored at (`from`) and the fuzzy `score`.
#[derive(serde::Serialize)]
struct JsonLine<'a> {
    id: &'a AnnotationId,
    start: usize,
    end: usize,
    quote: &'a str,
    prefix: &'a str,
    suffix: &'a str,
    tag: Option<&'a TagId>,
    note: &'a str,
    created: &'a str,
    modified: &'a str,
    state: &'static str,
    from: Option<JsonRange>,
    score: Option<f32>,
}

#[derive(serde::Serialize)]
struct JsonRange {
    start: usize,
    end: usize,
}

fn json_line(annotation: &Annotation, state: &AnchorState) -> serde_json::Result<String> {
    let (from, score) = match state {
        AnchorState::Moved { from } => (Some(from), None),
        AnchorState::Fuzzy { from, score } => (Some(from), Some(*score)),
        AnchorState::Anchored | AnchorState::Orphan => (None, None),
    };
    serde_json::to_string(&JsonLine {
        id: &annotation.id,
        start: annotation.start,
        end: annotation.end,
        quote: &annotation.quote,
        prefix: &annotation.prefix,
        suffix: &annotation.suffix,
        tag: annotation.tag.as_ref(),
        note: &annotation.note,
        created: &annotation.created,
        modified: &annotation.modified,
        state: state_name(state),
        from: from.map(|r| JsonRange {
            start: r.start,
            end: r.end,
        }),
        score,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    fn request(tag: &str, selection: Selection, view: ViewKind) -> TagRequest {
        TagRequest {
            tag: tag.to_owned(),
            selection,
            view,
            scripts: ScriptOptions::default(),
            note: String::new(),
        }
    }

    fn quote(text: &str, all: bool) -> Selection {
        Selection::Quote {
            text: text.to_owned(),
            all,
        }
    }

    #[test]
    fn resolve_tag_accepts_ids_keywords_and_any_ascii_case() {
        let tags = TagSet::default();
        assert_eq!(resolve_tag(&tags, "PER").unwrap(), TagId::new("PER").ok());
        assert_eq!(resolve_tag(&tags, "loc").unwrap(), TagId::new("LOC").ok());
        assert_eq!(resolve_tag(&tags, "none").unwrap(), None);
        assert_eq!(resolve_tag(&tags, "Highlight").unwrap(), None);
        let error = resolve_tag(&tags, "人物").unwrap_err().to_string();
        assert!(error.contains("PER, LOC, ORG"), "{error}");
    }

    #[test]
    fn one_line_keeps_cjk_and_marks_line_breaks() {
        assert_eq!(one_line("調研\r\n黃坤明\t😀"), "調研↵黃坤明 😀");
    }

    #[test]
    fn corpus_root_is_the_nearest_folder_with_pizhu_ron() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("2023").join("10");
        std::fs::create_dir_all(&nested).unwrap();
        let article = nested.join("001.txt");
        assert_eq!(corpus_root_for(&article), nested);
        std::fs::write(dir.path().join(CORPUS_FILE_NAME), "").unwrap();
        assert_eq!(corpus_root_for(&article), dir.path());
    }

    #[test]
    fn tag_maps_clean_view_quotes_to_the_original_and_untag_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("001.txt");
        let original = "區(qū)委書記何黨生調(diào)研。何黨生強(qiáng)調(diào)。";
        std::fs::write(&path, original).unwrap();
        let (mut out, mut notes) = (Vec::new(), Vec::new());
        let all = request("PER", quote("何党生", true), ViewKind::Simplified);
        tag(&path, &all, &mut out, &mut notes).unwrap();
        let printed = String::from_utf8(out).unwrap();
        assert_eq!(printed.lines().count(), 2, "{printed}");
        assert!(printed.contains("  8..11  PER  何黨生"), "{printed}");
        assert!(printed.contains("  20..23  PER  何黨生"), "{printed}");

        // Tagging the same passages again creates nothing and says so.
        let (mut out, mut notes) = (Vec::new(), Vec::new());
        tag(&path, &all, &mut out, &mut notes).unwrap();
        assert!(out.is_empty());
        assert_eq!(String::from_utf8(notes).unwrap().lines().count(), 2);

        // 調研 in the Clean view covers the removed pinyin in the Original.
        let range = request(
            "none",
            Selection::Range { start: 7, end: 9 },
            ViewKind::Clean,
        );
        let mut out = Vec::new();
        tag(&path, &range, &mut out, &mut Vec::new()).unwrap();
        let printed = String::from_utf8(out).unwrap();
        assert!(printed.contains("  11..19  -  調(diào)研"), "{printed}");

        let mut listed = Vec::new();
        list(&path, Format::JsonLines, &mut listed).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(listed)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l["state"] == "anchored"));
        assert_eq!(lines[1]["tag"], serde_json::Value::Null);

        let id = lines[0]["id"].as_str().unwrap();
        let mut out = Vec::new();
        untag(&path, id, &mut out, &mut Vec::new()).unwrap();
        assert!(String::from_utf8(out).unwrap().starts_with("deleted "));
        let error = untag(&path, id, &mut Vec::new(), &mut Vec::new()).unwrap_err();
        assert!(error.to_string().starts_with("no annotation"), "{error}");
    }

    #[test]
    fn bad_selections_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "黃坤明在廣州調研。").unwrap();
        let missing = request("PER", quote("习近平", false), ViewKind::Original);
        let error = tag(&path, &missing, &mut Vec::new(), &mut Vec::new()).unwrap_err();
        assert!(matches!(
            error.downcast_ref(),
            Some(AnnotateCliError::QuoteNotFound { .. })
        ));
        for (start, end) in [(3, 3), (5, 2), (0, 10)] {
            let bad = request("PER", Selection::Range { start, end }, ViewKind::Clean);
            let error = tag(&path, &bad, &mut Vec::new(), &mut Vec::new()).unwrap_err();
            assert!(error.to_string().contains("(9 chars)"), "{error}");
        }
        assert!(!dir.path().join("a.txt.annotations.ron").exists());
    }
}
