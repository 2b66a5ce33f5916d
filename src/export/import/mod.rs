//! Imports: doccano JSONL, brat standoff and Label Studio tasks come back as pre-annotations.
//!
//! Two steps, so the window can run the slow one on a worker and keep edits on the UI thread:
//!
//! 1. [`plan`] (read-only, blocking): parses the files ([`doccano`], [`brat`], [`labelstudio`]),
//!    matches each document to an article — by relative path, then by file name (when unique),
//!    then by text (equal to the article's text in the view) — and anchors each span by offset
//!    and quote in the view: offsets are converted from the file's unit to view chars, checked
//!    against the quote, re-anchored by quote and context when the text differs (the same
//!    search that re-anchors changed articles, run on the view's text), and mapped to Original
//!    chars through the view's offset map. It writes nothing.
//! 2. [`ImportPlan::apply`] (or [`ImportPlan::open_documents`] then [`ImportPlan::commit`]; the
//!    window loads with [`ImportPlan::load_documents`] on a worker, outside the store's lock,
//!    and inserts the result with [`ImportPlan::commit_loaded`]):
//!    goes through the [`AnnotationStore`] like every edit: unknown labels become tags (or are
//!    refused with `strict`), duplicates of annotations already there are skipped, and every
//!    creation is one [`AnnotationStore::edit_many`] call — one undo step in the window. The
//!    caller saves (`save_dirty`).
//!
//! The [`ImportReport`] says what was added, already present, re-anchored and unmatched (with
//! why). Offsets in files are in their unit (code points or UTF-16); the view is the one the
//! file states (`meta.view`, `data.pizhu_view`, `pizhu-export.json`), else the one asked for,
//! else the Original.

pub mod brat;
pub mod doccano;
pub mod labelstudio;

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use super::units::{OffsetUnit, UnitMap};
use crate::annotate::model::CONTEXT_CHARS;
use crate::annotate::sidecar::{read_corpus_file, read_sidecar};
use crate::annotate::{
    AnchorState, Annotation, AnnotationId, AnnotationStore, DocKey, DocumentLoader, Edit,
    IndexedView, LoadedDocument, StorageLocation, StoreError, Tag, TagId, TagSet, TextIndex,
    locate,
};
use crate::corpus::{Article, Corpus, ScanError, ScanOptions};
use crate::text::ViewKind;

/// A format that can be imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportFormat {
    /// doccano JSONL (`jsonl` is the same format).
    Doccano,
    /// brat `.ann` files with their `.txt`.
    Brat,
    /// Label Studio tasks JSON.
    #[serde(rename = "labelstudio")]
    LabelStudio,
}

impl ImportFormat {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Doccano => "doccano",
            Self::Brat => "brat",
            Self::LabelStudio => "labelstudio",
        }
    }

    /// The unit assumed when the file does not say: UTF-16 for Label Studio, code points else.
    pub fn default_unit(self) -> OffsetUnit {
        match self {
            Self::LabelStudio => OffsetUnit::Utf16,
            Self::Doccano | Self::Brat => OffsetUnit::CodePoint,
        }
    }
}

impl std::fmt::Display for ImportFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ImportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "doccano" | "jsonl" => Ok(Self::Doccano),
            "brat" => Ok(Self::Brat),
            "labelstudio" | "label-studio" => Ok(Self::LabelStudio),
            _ => Err(format!(
                "unknown import format {s:?}: use doccano (jsonl), brat or labelstudio"
            )),
        }
    }
}

/// How to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    /// The format of every input.
    pub format: ImportFormat,
    /// The view the offsets refer to; `None`: what the file states, else the Original.
    pub view: Option<ViewKind>,
    /// The offset unit; `None`: what the file states, else the format's default.
    pub unit: Option<OffsetUnit>,
    /// Refuse labels that are not tags of the corpus (instead of creating tags).
    pub strict: bool,
}

impl ImportOptions {
    /// Defaults for `format`.
    pub fn new(format: ImportFormat) -> Self {
        Self {
            format,
            view: None,
            unit: None,
            strict: false,
        }
    }
}

/// One span read from a file, in the file's unit, with its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportSpan {
    /// Start in the document's text, in the document's unit.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The label (`PER`, or a tag label like `人物`).
    pub label: String,
    /// A note (may be empty).
    pub note: String,
    /// The span's text as the file gives it, if it does (brat, Label Studio).
    pub quote: Option<String>,
}

/// One document read from a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportDoc {
    /// Where it came from, for messages (`tasks.json task 3`, `out.jsonl:2`, `brat/001.ann`).
    pub source: String,
    /// The article's relative path as the file names it, if it does.
    pub file: Option<String>,
    /// The text the offsets index, if the file has it.
    pub text: Option<String>,
    /// The view the file says its text is.
    pub view: Option<ViewKind>,
    /// The unit the file says its offsets are in.
    pub unit: Option<OffsetUnit>,
    /// The spans.
    pub spans: Vec<ImportSpan>,
    /// Why the document could not be read (a bad line); it is reported unmatched.
    pub error: Option<String>,
}

/// Why an import stopped before changing anything.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// An input could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The input.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// An input is not in the format.
    #[error("{}: {message}", path.display())]
    Parse {
        /// The input.
        path: PathBuf,
        /// What is wrong, with the line and column where known.
        message: String,
    },
    /// The corpus folder cannot be read.
    #[error(transparent)]
    Scan(#[from] ScanError),
    /// The store refused (read-only tag set, …).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// `strict`: labels that are not tags of the corpus.
    #[error(
        "labels that are not tags of the corpus: {}; nothing was imported (add the tags, or import without --strict to create them)",
        labels.join(", ")
    )]
    UnknownLabels {
        /// The labels, sorted.
        labels: Vec<String>,
    },
    /// Cancelled; nothing was changed.
    #[error("import cancelled; nothing was changed")]
    Cancelled,
}

/// What happened to one span (or one document).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Added at the offsets given.
    Added,
    /// An annotation with the same range and tag exists; not duplicated.
    AlreadyPresent,
    /// Added, but found by its quote (or with the other offset unit) rather than at its offsets.
    Reanchored,
    /// Not imported.
    Unmatched,
}

/// One line of the report (added spans are counted, not listed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportItem {
    /// The input document (`tasks.json task 3`).
    pub source: String,
    /// The article it was matched to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// What happened.
    pub outcome: Outcome,
    /// The span's label, if about a span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The span's text in the file, if about a span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Why, in a sentence.
    pub detail: String,
}

/// At most this many report items are listed (the counts stay exact).
pub const MAX_ITEMS: usize = 10_000;

/// What an import did (or, for a dry run, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Documents read from the inputs.
    pub documents: usize,
    /// Documents matched to an article.
    pub matched: usize,
    /// Spans added at their offsets.
    pub added: usize,
    /// Spans already annotated (same range and tag).
    pub already_present: usize,
    /// Spans added after re-anchoring.
    pub reanchored: usize,
    /// Spans (and unmatched documents' spans) not imported.
    pub unmatched: usize,
    /// Tags created for unknown labels (ids).
    pub new_tags: Vec<String>,
    /// Re-anchored, already present and unmatched spans and documents, with why.
    pub items: Vec<ReportItem>,
    /// More than [`MAX_ITEMS`] items; only the first are listed.
    pub items_truncated: bool,
}

impl ImportReport {
    fn item(&mut self, item: ReportItem) {
        if self.items.len() < MAX_ITEMS {
            self.items.push(item);
        } else {
            self.items_truncated = true;
        }
    }

    /// One line for people.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{} added, {} already present, {} re-anchored, {} unmatched ({} of {} documents matched)",
            self.added,
            self.already_present,
            self.reanchored,
            self.unmatched,
            self.matched,
            self.documents
        );
        if !self.new_tags.is_empty() {
            line.push_str(&format!("; new tags: {}", self.new_tags.join(", ")));
        }
        line
    }
}

/// A span ready to be created: Original chars of its article.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PlannedSpan {
    range: Range<usize>,
    label: String,
    note: String,
    outcome: Outcome,
    source: String,
    quote: String,
    detail: String,
}

/// The spans for one article.
#[derive(Clone, Debug)]
struct PlannedDoc {
    /// Relative to the corpus root.
    relative: PathBuf,
    display: String,
    original: Arc<str>,
    spans: Vec<PlannedSpan>,
}

/// The result of [`plan`]: what an import would do. Apply it to the store, or print its report
/// (`--dry-run`).
#[derive(Clone, Debug)]
pub struct ImportPlan {
    options: ImportOptions,
    docs: Vec<PlannedDoc>,
    /// The report as planned (against the files on disk).
    report: ImportReport,
    /// Labels that name no tag of the corpus's tag set as read at planning time.
    unknown_labels: BTreeSet<String>,
    /// Documents matched to no article, as report items, and how many spans they held.
    unmatched_documents: Vec<ReportItem>,
    unmatched_document_spans: usize,
}

impl ImportPlan {
    /// The report of the plan: what applying it would do, judged against the files on disk.
    pub fn report(&self) -> &ImportReport {
        &self.report
    }

    /// Labels that are not tags of the corpus (they would become tags, or be refused with
    /// `strict`).
    pub fn unknown_labels(&self) -> &BTreeSet<String> {
        &self.unknown_labels
    }

    /// Opens every matched article in the store (reads their sidecars: call it where file I/O
    /// is allowed, e.g. on a worker holding the store's lock).
    pub fn open_documents(&self, store: &mut AnnotationStore) -> Result<(), ImportError> {
        for doc in &self.docs {
            store.open_document(&doc.relative, Arc::clone(&doc.original))?;
        }
        Ok(())
    }

    /// How many articles the plan adds to (what [`ImportPlan::load_documents`] reads).
    pub fn document_count(&self) -> usize {
        self.docs.len()
    }

    /// Loads every matched article's annotations with `loader`, without the store (reads their
    /// sidecars: call it on a worker, never holding the store's lock). `progress(done, total)`
    /// follows each article. Stops with [`ImportError::Cancelled`] when `cancel` is set.
    pub fn load_documents(
        &self,
        loader: &DocumentLoader,
        cancel: &AtomicBool,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Vec<LoadedDocument>, ImportError> {
        let total = self.docs.len();
        let mut loaded = Vec::with_capacity(total);
        for (done, doc) in self.docs.iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(ImportError::Cancelled);
            }
            loaded.push(loader.load(&doc.relative, Arc::clone(&doc.original))?);
            progress(done + 1, total);
        }
        Ok(loaded)
    }

    /// Adds the documents [`ImportPlan::load_documents`] loaded to `store` (an article open
    /// already keeps its unsaved edits), then [`ImportPlan::commit`]s. Memory only: quick
    /// under the store's lock.
    pub fn commit_loaded(
        self,
        store: &mut AnnotationStore,
        loaded: Vec<LoadedDocument>,
    ) -> Result<ImportReport, ImportError> {
        for document in loaded {
            store.insert(document);
        }
        self.commit(store)
    }

    /// Applies the plan to a store whose documents are open ([`ImportPlan::open_documents`]):
    /// creates tags for unknown labels (or refuses with `strict`), skips duplicates of what the
    /// store holds now, and makes every creation one undo step. Memory only; the caller saves.
    pub fn commit(self, store: &mut AnnotationStore) -> Result<ImportReport, ImportError> {
        let Self {
            options,
            docs,
            report: planned,
            unmatched_documents,
            unmatched_document_spans,
            ..
        } = self;
        let mut report = ImportReport {
            documents: planned.documents,
            matched: planned.matched,
            unmatched: unmatched_document_spans,
            ..ImportReport::default()
        };
        for item in unmatched_documents {
            report.item(item);
        }

        // Labels → tags, against the store's tag set (the authority).
        let mut labels: BTreeSet<&str> = BTreeSet::new();
        for doc in &docs {
            for span in &doc.spans {
                if span.outcome != Outcome::Unmatched {
                    labels.insert(&span.label);
                }
            }
        }
        let unknown: Vec<String> = labels
            .iter()
            .filter(|l| resolve_label(store.tags(), l).is_none())
            .map(|l| (*l).to_owned())
            .collect();
        if !unknown.is_empty() {
            if options.strict {
                return Err(ImportError::UnknownLabels { labels: unknown });
            }
            let tags = store.tags_mut()?;
            for label in &unknown {
                let tag = new_tag(tags, label).map_err(StoreError::from)?;
                report.new_tags.push(tag.id.as_str().to_owned());
                tags.add(tag).map_err(StoreError::from)?;
            }
        }

        let mut edits: Vec<(DocKey, Edit)> = Vec::new();
        // (range, tag) of each article's annotations: in the store, then created here; across
        // documents, so a span the inputs name twice is created once.
        let mut taken_by_key: HashMap<DocKey, Vec<Taken>> = HashMap::new();
        for doc in docs {
            let key = store.key_for(&doc.relative)?;
            let unreadable = store.load_error(&key).map(ToString::to_string);
            let Some(text) = store.text(&key).cloned() else {
                return Err(StoreError::NotOpen(key).into());
            };
            let taken = taken_by_key.entry(key.clone()).or_insert_with(|| {
                store
                    .anchored(&key)
                    .map(|a| (a.range(), a.tag.clone()))
                    .collect()
            });
            for span in doc.spans {
                let mut item = ReportItem {
                    source: span.source.clone(),
                    file: Some(doc.display.clone()),
                    outcome: span.outcome,
                    label: Some(span.label.clone()),
                    quote: Some(span.quote.clone()),
                    detail: span.detail.clone(),
                };
                if span.outcome == Outcome::Unmatched {
                    report.unmatched += 1;
                    report.item(item);
                    continue;
                }
                if let Some(error) = &unreadable {
                    item.outcome = Outcome::Unmatched;
                    item.detail = format!("its annotations file cannot be read: {error}");
                    report.unmatched += 1;
                    report.item(item);
                    continue;
                }
                let tag = resolve_label(store.tags(), &span.label);
                if taken.contains(&(span.range.clone(), tag.clone())) {
                    item.outcome = Outcome::AlreadyPresent;
                    item.detail = "an annotation with this range and tag exists".to_owned();
                    report.already_present += 1;
                    report.item(item);
                    continue;
                }
                let annotation =
                    Annotation::new_in(&text, span.range.clone(), tag.clone(), span.note)
                        .map_err(StoreError::from)?;
                taken.push((span.range, tag));
                edits.push((key.clone(), Edit::Create(annotation)));
                match span.outcome {
                    Outcome::Reanchored => {
                        report.reanchored += 1;
                        report.item(item);
                    }
                    _ => report.added += 1,
                }
            }
        }
        store.edit_many(edits)?;
        Ok(report)
    }

    /// [`ImportPlan::open_documents`] then [`ImportPlan::commit`] (the command line's way).
    pub fn apply(self, store: &mut AnnotationStore) -> Result<ImportReport, ImportError> {
        self.open_documents(store)?;
        self.commit(store)
    }
}

/// The tag a label names: a tag id, a tag's label (人物), or an id differing only in case.
pub fn resolve_label(tags: &TagSet, label: &str) -> Option<TagId> {
    let label = label.trim();
    tags.tags()
        .iter()
        .find(|t| t.id.as_str() == label)
        .or_else(|| tags.tags().iter().find(|t| t.label == label))
        .or_else(|| {
            tags.tags()
                .iter()
                .find(|t| t.id.as_str().eq_ignore_ascii_case(label))
        })
        .map(|t| t.id.clone())
}

/// Colours for created tags (Tableau 10, after the defaults' seven).
const NEW_TAG_COLOURS: [[u8; 3]; 6] = [
    [0xed, 0xc9, 0x48],
    [0xff, 0x9d, 0xa7],
    [0xba, 0xb0, 0xac],
    [0x8c, 0xd1, 0x7d],
    [0xa0, 0xcb, 0xe8],
    [0xd3, 0x72, 0x95],
];

/// A tag for an unknown label: its id made valid (spaces → `_`, other characters dropped, 32
/// chars at most, unique), the label as given.
fn new_tag(tags: &TagSet, label: &str) -> Result<Tag, crate::annotate::TagError> {
    let label = label.trim();
    let mut base: String = label
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .take(TagId::MAX_CHARS)
        .collect();
    if base.is_empty() {
        base = "TAG".to_owned();
    }
    let mut id = base.clone();
    let mut n = 1;
    while tags.tags().iter().any(|t| t.id.as_str() == id) {
        n += 1;
        let suffix = format!("_{n}");
        let keep = TagId::MAX_CHARS - suffix.chars().count();
        id = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
    }
    let colour = NEW_TAG_COLOURS[tags.len() % NEW_TAG_COLOURS.len()];
    Ok(Tag {
        id: TagId::new(&id)?,
        label: if label.is_empty() {
            id
        } else {
            label.to_owned()
        },
        colour,
        key: None,
    })
}

/// Reads `inputs` (files, or folders for brat) and plans their import into the corpus at
/// `corpus_root`: matching, anchoring, duplicates, unknown labels. Writes nothing. `cancel` is
/// checked per document.
pub fn plan(
    corpus_root: &Path,
    inputs: &[PathBuf],
    options: &ImportOptions,
    cancel: &AtomicBool,
) -> Result<ImportPlan, ImportError> {
    let mut documents = Vec::new();
    for input in inputs {
        let read = match options.format {
            ImportFormat::Doccano => doccano::read(input)?,
            ImportFormat::Brat => brat::read(input)?,
            ImportFormat::LabelStudio => labelstudio::read(input)?,
        };
        documents.extend(read);
    }
    let (corpus, _) = Corpus::open(corpus_root, &ScanOptions::default(), cancel)?;
    if cancel.load(Ordering::Relaxed) {
        return Err(ImportError::Cancelled);
    }
    let location = StorageLocation::resolve(corpus_root).map_err(StoreError::from)?;
    let tags = read_tag_set(&location);
    let mut planner = Planner {
        options,
        location,
        tags,
        matcher: Matcher::new(&corpus, corpus_root),
        taken: HashMap::new(),
        plan: ImportPlan {
            options: options.clone(),
            docs: Vec::new(),
            report: ImportReport::default(),
            unknown_labels: BTreeSet::new(),
            unmatched_documents: Vec::new(),
            unmatched_document_spans: 0,
        },
    };
    for doc in documents {
        if cancel.load(Ordering::Relaxed) {
            return Err(ImportError::Cancelled);
        }
        planner.document(doc);
    }
    Ok(planner.plan)
}

/// The corpus tag set as on disk (defaults when missing or unreadable: planning only reports).
fn read_tag_set(location: &StorageLocation) -> TagSet {
    let paths =
        std::iter::once(location.corpus_file_path()).chain(location.fallback_corpus_file_path());
    for path in paths {
        if let Ok(Some(loaded)) = read_corpus_file(&path) {
            return loaded.value.tags;
        }
    }
    TagSet::default()
}

/// Finds the article a document belongs to.
struct Matcher<'c> {
    corpus: &'c Corpus,
    root: &'c Path,
    by_relative: HashMap<&'c str, usize>,
    by_name: HashMap<String, Vec<usize>>,
    /// Per view: blake3 of each article's view text → articles (built on first need).
    by_text: HashMap<ViewKind, HashMap<blake3::Hash, Vec<usize>>>,
}

impl<'c> Matcher<'c> {
    fn new(corpus: &'c Corpus, root: &'c Path) -> Self {
        let mut by_relative = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, meta) in corpus.articles.iter().enumerate() {
            by_relative.insert(meta.relative.as_str(), i);
            let name = meta.relative.rsplit('/').next().unwrap_or(&meta.relative);
            by_name.entry(name.to_owned()).or_default().push(i);
        }
        Self {
            corpus,
            root,
            by_relative,
            by_name,
            by_text: HashMap::new(),
        }
    }

    /// The article of `doc` (an index into the corpus), or why there is none.
    fn find(&mut self, doc: &ImportDoc, view: ViewKind) -> Result<(usize, &'static str), String> {
        let mut why = Vec::new();
        if let Some(file) = &doc.file {
            let file = file.replace('\\', "/");
            let file = file.trim_start_matches("./");
            let candidates = [Some(file), file.strip_suffix(".txt")];
            for candidate in candidates.into_iter().flatten() {
                if let Some(&i) = self.by_relative.get(candidate) {
                    return Ok((i, "relative path"));
                }
            }
            for candidate in candidates.into_iter().flatten() {
                let name = candidate.rsplit('/').next().unwrap_or(candidate);
                match self.by_name.get(name).map(Vec::as_slice) {
                    Some([i]) => return Ok((*i, "file name")),
                    Some(several) if several.len() > 1 => {
                        why.push(format!("{} articles are named {name:?}", several.len()))
                    }
                    _ => {}
                }
            }
            if why.is_empty() {
                why.push(format!("no article is named {file:?}"));
            }
        }
        if let Some(text) = &doc.text {
            let hash = blake3::hash(text.as_bytes());
            let index = self.text_index(view);
            match index.get(&hash).map(Vec::as_slice) {
                Some([i]) => return Ok((*i, "text")),
                Some(several) if several.len() > 1 => why.push(format!(
                    "{} articles have the same {view} text",
                    several.len()
                )),
                _ => why.push(format!("its text is not the {view} text of any article")),
            }
        } else if doc.file.is_none() {
            why.push("it names no file and has no text".to_owned());
        }
        Err(why.join("; "))
    }

    fn text_index(&mut self, view: ViewKind) -> &HashMap<blake3::Hash, Vec<usize>> {
        let corpus = self.corpus;
        self.by_text.entry(view).or_insert_with(|| {
            let mut index: HashMap<blake3::Hash, Vec<usize>> = HashMap::new();
            for (i, meta) in corpus.articles.iter().enumerate() {
                if let Ok(article) = Article::load(&meta.path) {
                    let rendered = crate::text::View::render(article.original(), view);
                    index
                        .entry(blake3::hash(rendered.text.as_bytes()))
                        .or_default()
                        .push(i);
                }
            }
            index
        })
    }

    /// The article's path relative to the corpus root (what the store keys it by).
    fn relative(&self, index: usize) -> PathBuf {
        let meta = &self.corpus.articles[index];
        meta.path
            .strip_prefix(self.root)
            .map_or_else(|_| PathBuf::from(&meta.relative), Path::to_owned)
    }
}

/// An annotation's Original range and tag: what makes an imported span a duplicate.
type Taken = (Range<usize>, Option<TagId>);

struct Planner<'a> {
    options: &'a ImportOptions,
    location: StorageLocation,
    tags: TagSet,
    matcher: Matcher<'a>,
    /// (range, tag) of each article's annotations: on disk, then planned. Kept across the
    /// documents of all inputs, so a span named twice (two lines, two files) is added once.
    taken: HashMap<PathBuf, Vec<Taken>>,
    plan: ImportPlan,
}

/// A span anchored in the view: view chars, how, and why (for re-anchored ones).
struct Anchored {
    view_chars: Range<usize>,
    outcome: Outcome,
    detail: String,
}

/// Equal ignoring whitespace (brat joins the fragments of a span broken at a line break with a
/// space; CRLF texts).
fn same_quote(a: &str, b: &str) -> bool {
    a.chars()
        .filter(|c| !c.is_whitespace())
        .eq(b.chars().filter(|c| !c.is_whitespace()))
}

impl Planner<'_> {
    fn unmatched_document(&mut self, doc: &ImportDoc, detail: String) {
        self.plan.report.unmatched += doc.spans.len();
        self.plan.unmatched_document_spans += doc.spans.len();
        let item = ReportItem {
            source: doc.source.clone(),
            file: doc.file.clone(),
            outcome: Outcome::Unmatched,
            label: None,
            quote: None,
            detail,
        };
        self.plan.report.item(item.clone());
        self.plan.unmatched_documents.push(item);
    }

    fn document(&mut self, doc: ImportDoc) {
        self.plan.report.documents += 1;
        if let Some(error) = &doc.error {
            let detail = error.clone();
            self.unmatched_document(&doc, detail);
            return;
        }
        let view_kind = self.options.view.or(doc.view).unwrap_or(ViewKind::Original);
        let unit = self
            .options
            .unit
            .or(doc.unit)
            .unwrap_or(self.options.format.default_unit());
        let (index, _how) = match self.matcher.find(&doc, view_kind) {
            Ok(found) => found,
            Err(why) => {
                self.unmatched_document(&doc, format!("no article matches: {why}"));
                return;
            }
        };
        let corpus = self.matcher.corpus;
        let meta = &corpus.articles[index];
        let display = meta.relative.clone();
        let relative = self.matcher.relative(index);
        let article = match Article::load(&meta.path) {
            Ok(article) => article,
            Err(error) => {
                self.unmatched_document(&doc, error.to_string());
                return;
            }
        };
        self.plan.report.matched += 1;
        let original: Arc<str> = Arc::from(article.decoded.text);
        let original_index = TextIndex::new(Arc::clone(&original));
        let view = IndexedView::render(&original, view_kind);
        if !self.taken.contains_key(&relative) {
            let existing = existing_annotations(&self.location, &relative, &original_index);
            self.taken.insert(relative.clone(), existing);
        }

        let doc_text = doc.text.as_deref().unwrap_or(view.text());
        let same_text = doc_text == view.text();
        let doc_index = (!same_text).then(|| TextIndex::new(doc_text));
        let units = UnitMap::new(doc_text, unit);
        let other_unit = match unit {
            OffsetUnit::CodePoint => OffsetUnit::Utf16,
            OffsetUnit::Utf16 => OffsetUnit::CodePoint,
        };
        let other_units = UnitMap::new(doc_text, other_unit);

        let mut spans: Vec<PlannedSpan> = Vec::new();
        for span in &doc.spans {
            let source = doc.source.clone();
            let mut planned = PlannedSpan {
                range: 0..0,
                label: span.label.trim().to_owned(),
                note: span.note.clone(),
                outcome: Outcome::Unmatched,
                source,
                quote: span.quote.clone().unwrap_or_default(),
                detail: String::new(),
            };
            if planned.label.is_empty() {
                planned.detail = "the span has no label".to_owned();
                spans.push(planned);
                continue;
            }
            let anchored = anchor_span(
                span,
                &view,
                doc_index.as_ref(),
                (&units, &other_units),
                &display,
            );
            match anchored {
                Err(why) => planned.detail = why,
                Ok(anchored) => {
                    if planned.quote.is_empty() {
                        planned.quote = view.slice(anchored.view_chars.clone()).to_owned();
                    }
                    let range = view
                        .map()
                        .original_range_from_view(anchored.view_chars.clone());
                    if range.is_empty() {
                        planned.detail = format!(
                            "{:?} in the {view_kind} view stands for no text of the original",
                            view.slice(anchored.view_chars)
                        );
                    } else {
                        planned.range = range;
                        planned.outcome = anchored.outcome;
                        planned.detail = anchored.detail;
                    }
                }
            }
            spans.push(planned);
        }

        // Judge duplicates and unknown labels against the files as they are now (commit judges
        // again against the store).
        let taken = self.taken.entry(relative.clone()).or_default();
        for span in &mut spans {
            let tag = resolve_label(&self.tags, &span.label);
            if tag.is_none() && span.outcome != Outcome::Unmatched {
                self.plan.unknown_labels.insert(span.label.clone());
            }
            let key = (
                span.range.clone(),
                tag.or_else(|| TagId::new(&span.label).ok()),
            );
            let report = &mut self.plan.report;
            let mut item = ReportItem {
                source: span.source.clone(),
                file: Some(display.clone()),
                outcome: span.outcome,
                label: Some(span.label.clone()),
                quote: Some(span.quote.clone()),
                detail: span.detail.clone(),
            };
            match span.outcome {
                Outcome::Unmatched => {
                    report.unmatched += 1;
                    report.item(item);
                }
                _ if taken.contains(&key) => {
                    item.outcome = Outcome::AlreadyPresent;
                    item.detail = "an annotation with this range and tag exists".to_owned();
                    report.already_present += 1;
                    report.item(item);
                }
                Outcome::Reanchored => {
                    report.reanchored += 1;
                    report.item(item);
                    taken.push(key);
                }
                _ => {
                    report.added += 1;
                    taken.push(key);
                }
            }
        }
        if !self.options.strict {
            for label in &self.plan.unknown_labels {
                if !self.plan.report.new_tags.contains(label) {
                    self.plan.report.new_tags.push(label.clone());
                }
            }
        }
        self.plan.docs.push(PlannedDoc {
            relative,
            display,
            original,
            spans,
        });
    }
}

/// Ranges and tags of the annotations already stored for an article (orphans excluded).
fn existing_annotations(
    location: &StorageLocation,
    relative: &Path,
    original: &TextIndex,
) -> Vec<(Range<usize>, Option<TagId>)> {
    let read = |path: &Path| read_sidecar(path).ok().flatten();
    let loaded = read(&location.sidecar_path(relative)).or_else(|| {
        location
            .fallback_sidecar_path(relative)
            .and_then(|path| read(&path))
    });
    loaded
        .map(|loaded| loaded.value.annotations)
        .unwrap_or_default()
        .iter()
        .filter_map(|a| {
            let location = locate(original, a);
            location
                .state
                .is_anchored()
                .then(|| (location.range, a.tag.clone()))
        })
        .collect()
}

/// Finds a span in the view: by its offsets when the file's text is the view's text (checking
/// the file's quote, and trying the other offset unit when it does not match), else by its
/// quote and context.
fn anchor_span(
    span: &ImportSpan,
    view: &IndexedView,
    doc_index: Option<&TextIndex>,
    (units, other_units): (&UnitMap, &UnitMap),
    display: &str,
) -> Result<Anchored, String> {
    let to_chars = |units: &UnitMap| -> Option<Range<usize>> {
        let start = units.char_from_offset(span.start)?;
        let end = units.char_from_offset(span.end)?;
        (start < end).then_some(start..end)
    };
    // Slices of the file's text (the view's text when they are the same).
    let slice = |range: Range<usize>| -> &str {
        match doc_index {
            Some(index) => index.slice_clamped(range),
            None => view.slice(range),
        }
    };
    let Some(mut chars) = to_chars(units) else {
        return Err(format!(
            "offsets {}..{} ({}) are outside the text or split a character",
            span.start,
            span.end,
            units.unit()
        ));
    };
    let mut detail = String::new();
    if let Some(quote) = &span.quote
        && !same_quote(slice(chars.clone()), quote)
        && let Some(other) = to_chars(other_units)
        && same_quote(slice(other.clone()), quote)
    {
        chars = other;
        detail = format!(
            "its offsets are {}, not {}",
            other_units.unit().describe(),
            units.unit().describe()
        );
    }
    let quote_here = slice(chars.clone());
    let quote_ok = span
        .quote
        .as_ref()
        .is_none_or(|q| same_quote(quote_here, q));
    if doc_index.is_none() && quote_ok {
        let outcome = if detail.is_empty() {
            Outcome::Added
        } else {
            Outcome::Reanchored
        };
        return Ok(Anchored {
            view_chars: chars,
            outcome,
            detail,
        });
    }
    // The text differs (or the quote does not match): find the quote in the view.
    let quote = match (&span.quote, quote_ok) {
        (Some(q), false) => q.clone(),
        _ => quote_here.to_owned(),
    };
    let prefix = slice(chars.start.saturating_sub(CONTEXT_CHARS)..chars.start).to_owned();
    let suffix = slice(chars.end..chars.end.saturating_add(CONTEXT_CHARS)).to_owned();
    let probe = Annotation {
        id: AnnotationId::from_string("import"),
        start: chars.start,
        end: chars.start + quote.chars().count(),
        quote,
        prefix,
        suffix,
        tag: None,
        note: String::new(),
        created: String::new(),
        modified: String::new(),
    };
    let located = locate(view.index(), &probe);
    let view_name = view.kind();
    match located.state {
        AnchorState::Anchored if detail.is_empty() => Ok(Anchored {
            view_chars: located.range,
            outcome: Outcome::Added,
            detail,
        }),
        AnchorState::Anchored => Ok(Anchored {
            view_chars: located.range,
            outcome: Outcome::Reanchored,
            detail,
        }),
        AnchorState::Moved { from } => Ok(Anchored {
            detail: format!(
                "found by its text at {}..{} of the {view_name} view, not at {}..{}",
                located.range.start, located.range.end, from.start, from.end
            ),
            view_chars: located.range,
            outcome: Outcome::Reanchored,
        }),
        AnchorState::Fuzzy { score, .. } => Ok(Anchored {
            detail: format!(
                "found approximately (score {score:.2}) at {}..{} of the {view_name} view",
                located.range.start, located.range.end
            ),
            view_chars: located.range,
            outcome: Outcome::Reanchored,
        }),
        AnchorState::Orphan => Err(format!(
            "{:?} is not in the {view_name} view of {display}",
            probe.quote
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_resolve_by_id_label_or_case() {
        let tags = TagSet::default();
        let per = TagId::new("PER").ok();
        assert_eq!(resolve_label(&tags, "PER"), per);
        assert_eq!(resolve_label(&tags, "人物"), per);
        assert_eq!(resolve_label(&tags, "per"), per);
        assert_eq!(resolve_label(&tags, "GPE"), None);
    }

    #[test]
    fn new_tags_get_valid_unique_ids() {
        let tags = TagSet::default();
        let tag = new_tag(&tags, "政府 机构!").ok();
        assert_eq!(tag.as_ref().map(|t| t.id.as_str()), Some("政府_机构"));
        assert_eq!(tag.map(|t| t.label), Some("政府 机构!".to_owned()));
        let clash = new_tag(&tags, "PER").ok();
        assert_eq!(
            clash.map(|t| t.id.as_str().to_owned()),
            Some("PER_2".to_owned())
        );
        let empty = new_tag(&tags, "!!!").ok();
        assert_eq!(
            empty.map(|t| t.id.as_str().to_owned()),
            Some("TAG".to_owned())
        );
    }

    #[test]
    fn quotes_compare_without_whitespace() {
        assert!(same_quote("第一段\n第二", "第一段 第二"));
        assert!(!same_quote("黃坤明", "黄坤明"));
    }

    #[test]
    fn formats_parse() {
        assert_eq!("jsonl".parse(), Ok(ImportFormat::Doccano));
        assert_eq!("Label-Studio".parse(), Ok(ImportFormat::LabelStudio));
        assert!("csv".parse::<ImportFormat>().is_err());
    }
}
