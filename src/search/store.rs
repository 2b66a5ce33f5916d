//! The on-disk search index of a corpus, and how a scan keeps it up to date.
//!
//! One folder per corpus under the cache folder (`$PIZHU_CACHE_DIR`, else the platform's cache
//! folder, `~/.cache/pizhu/index` on Linux), named by a hash of the canonical corpus path. In
//! it: `manifest` (see [`super::manifest`]), immutable `*.shard` files (see [`super::shard`])
//! and a `lock` file.
//!
//! An update is one scan: [`IndexUpdate::begin`] loads the manifest; the scan, given the update
//! as its [`ScanCache`], takes unchanged files' metadata from it and hands it every file it
//! reads, whose folded text is built right there on the scan's worker thread and buffered into
//! new shards (written as they fill, 64 MB each); [`IndexUpdate::finish`] writes the new
//! manifest (only if anything changed) and opens the [`SearchIndex`].
//!
//! Rules that keep it correct and bounded:
//! - A file is reused only if its [`FileStamp`] is unchanged and it was modified well before the
//!   manifest was written (a file written in the same clock tick as it was read could otherwise
//!   change unseen); files gone from the folder are dropped, unless the scan was cancelled.
//! - Shard files are written once under a temporary name, flushed, and renamed in at commit;
//!   the manifest is replaced atomically after them, under the `lock` file; shards no manifest
//!   refers to are then deleted. A shard left less than half live is compacted at commit.
//! - Anything unreadable (manifest checksum, shard header or length, a location outside its
//!   shard) drops what depends on it, and those files are indexed again: never a panic.
//! - Memory: one shard buffer being filled (up to 64 MB) and the manifest's entries.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use super::SearchError;
use super::fold::fold_text;
use super::index::{IndexedText, SearchIndex};
use super::manifest::{Entry, EntryKind, Manifest, ManifestFile, ShardRecord, TextLoc};
use super::shard::{Placed, Shard, ShardBuffer};
use crate::annotate::location::corpus_key;
use crate::corpus::{CachedFile, Corpus, FileStamp, ReadFile, ScanCache, SkipReason};

/// The environment variable that moves the cache folder (tests and benchmarks use it).
pub const CACHE_DIR_ENV: &str = "PIZHU_CACHE_DIR";

/// A shard is written once its buffer holds this much.
const SHARD_BYTES: usize = 64 * 1024 * 1024;

/// Files modified less than this before the manifest was written are read again: their
/// modification time may not have changed with their content (coarse file-system clocks).
const RACY_NS: i64 = 2_000_000_000;

/// Temporary files older than this are leftovers of a crashed update.
const STALE_TMP_SECS: u64 = 24 * 60 * 60;

const MANIFEST: &str = "manifest";
const LOCK: &str = "lock";
const SHARD_EXT: &str = "shard";
const TMP_EXT: &str = "tmp";

/// The folder that holds the index of every corpus: `$PIZHU_CACHE_DIR`, else the platform's
/// cache folder + `index` (`~/.cache/pizhu/index` on Linux). `None` if neither is known.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CACHE_DIR_ENV).filter(|dir| !dir.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let dirs = directories::ProjectDirs::from("", "", "pizhu")?;
    Some(dirs.cache_dir().join("index"))
}

/// What an update did, for the user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateSummary {
    /// Files taken from the index unchanged.
    pub reused: usize,
    /// Files read and (for articles) indexed now.
    pub indexed: usize,
    /// Files of the old index no longer in the folder.
    pub dropped: usize,
    /// Whether a new manifest was written.
    pub written: bool,
    /// Bytes of new shard files written.
    pub shard_bytes_written: u64,
    /// Problems met and worked around (a corrupt cache rebuilt, a write that failed…), one
    /// sentence each.
    pub notes: Vec<String>,
}

/// One scan's update of a corpus's index. Give it to the scan as its cache
/// (`ScanOptions::cache`), then call [`finish`](Self::finish).
#[derive(Debug)]
pub struct IndexUpdate {
    dir: PathBuf,
    root: PathBuf,
    old: Old,
    state: Mutex<State>,
}

/// The index as it was on disk.
#[derive(Debug, Default)]
struct Old {
    file: ManifestFile,
    /// By entry: false when its text is unreadable (its shard or its location is bad), so it
    /// is treated as absent.
    valid: Vec<bool>,
    /// Entries a lookup reused in this scan.
    seen: Vec<AtomicBool>,
    /// By shard number; `None` when the shard could not be opened.
    shards: Vec<Option<Arc<Shard>>>,
    /// Entries whose text was unreadable.
    unreadable: usize,
    notes: Vec<String>,
}

#[derive(Debug, Default)]
struct State {
    entries: Vec<NewEntry>,
    buffer: ShardBuffer,
    /// Shards written (or being written) by this update, by number; `None` while writing or
    /// if writing failed.
    written: Vec<Option<Written>>,
    notes: Vec<String>,
    finished: bool,
}

#[derive(Debug)]
struct Written {
    id: u64,
    len: u64,
    tmp: PathBuf,
}

#[derive(Debug)]
struct NewEntry {
    relative: String,
    stamp: FileStamp,
    kind: NewKind,
}

#[derive(Debug)]
enum NewKind {
    /// In new shard number `shard` (an index into `State::written`).
    Article {
        meta: Box<crate::corpus::ArticleMeta>,
        shard: usize,
        placed: Placed,
        chars: u32,
    },
    Skipped(SkipReason),
    Ignored,
}

fn lock_state(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A worker that panicked while holding the lock left consistent data behind: every change
    // under the lock is a push.
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// A new id for a shard file: unique across processes and updates.
fn new_shard_id() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = blake3::Hasher::new();
    hasher.update(&std::process::id().to_le_bytes());
    hasher.update(&now_ns().to_le_bytes());
    hasher.update(&COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    let mut id = [0; 8];
    id.copy_from_slice(&hasher.finalize().as_bytes()[..8]);
    u64::from_le_bytes(id)
}

fn shard_name(id: u64) -> String {
    format!("{id:016x}.{SHARD_EXT}")
}

impl IndexUpdate {
    /// Starts an update of the index of the corpus at `root`, kept under `cache_dir` (see
    /// [`default_cache_dir`]). Reads the old manifest and maps its shards; anything unreadable
    /// is dropped with a note and indexed again.
    pub fn begin(root: &Path, cache_dir: &Path) -> Result<Arc<Self>, SearchError> {
        let canonical = fs::canonicalize(root).map_err(|error| SearchError::Root {
            path: root.to_owned(),
            error,
        })?;
        if !canonical.is_dir() {
            return Err(SearchError::Root {
                path: root.to_owned(),
                error: io::Error::new(io::ErrorKind::NotADirectory, "not a folder"),
            });
        }
        let dir = cache_dir.join(corpus_key(&canonical));
        fs::create_dir_all(&dir).map_err(|error| SearchError::Cache {
            path: dir.clone(),
            error,
        })?;
        let old = Old::load(&dir, &canonical);
        Ok(Arc::new(Self {
            dir,
            root: canonical,
            old,
            state: Mutex::new(State::default()),
        }))
    }

    /// The folder holding this corpus's index files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The index as it is on disk, before this update: article `i` is manifest entry `i` (in
    /// byte order of paths; `None` for entries that are not articles or not readable). Lets a
    /// search start before the scan has checked the folder (see [`super::search_folder`]).
    pub fn old_index(&self) -> SearchIndex {
        let old = &self.old.file;
        let articles = (0..old.entries.len())
            .map(|i| {
                let loc = old.entries[i].loc.filter(|_| self.old.valid[i])?;
                let shard = self.old.shards.get(loc.shard as usize)?.clone()?;
                Some(IndexedText {
                    relative: old.relative(i).into(),
                    shard,
                    loc,
                })
            })
            .collect();
        SearchIndex::new(self.root.clone(), articles)
    }

    /// For each article of `corpus` (the scan's, in its order), the entry of
    /// [`old_index`](Self::old_index) the scan reused for it, if any. One pass: natural order
    /// and the manifest's byte order agree for most names, so the next entry is tried first.
    pub fn reused_entries(&self, corpus: &Corpus) -> Vec<Option<usize>> {
        let old = &self.old.file;
        let mut next = 0;
        corpus
            .articles
            .iter()
            .map(|meta| {
                let i = if old.relative(next) == meta.relative {
                    next
                } else {
                    old.find(&meta.relative)?
                };
                next = i + 1;
                (self.old.valid[i] && self.old.seen[i].load(Ordering::Relaxed)).then_some(i)
            })
            .collect()
    }

    fn is_racy(&self, stamp: &FileStamp) -> bool {
        stamp.modified_ns > self.old.file.committed_ns.saturating_sub(RACY_NS)
    }

    /// Writes a shard buffer as a new temporary file (called without the state lock).
    fn write_shard(&self, buffer: &ShardBuffer) -> Result<Written, String> {
        let id = new_shard_id();
        let tmp = self.dir.join(format!("{}.{TMP_EXT}", shard_name(id)));
        match buffer.write_new(&tmp) {
            Ok(len) => Ok(Written { id, len, tmp }),
            Err(error) => {
                fs::remove_file(&tmp).ok();
                Err(format!(
                    "could not write the search index in {}: {error}",
                    self.dir.display()
                ))
            }
        }
    }

    /// Writes a full buffer taken from the state as shard `number` of this update.
    fn write_full_shard(&self, number: usize, buffer: &ShardBuffer) {
        let written = self.write_shard(buffer);
        let mut state = lock_state(&self.state);
        match written {
            Ok(written) => {
                if let Some(slot) = state.written.get_mut(number) {
                    *slot = Some(written);
                }
            }
            Err(note) => state.notes.push(note),
        }
    }

    /// Ends the update after the scan that listed `corpus` has returned (`complete`: it was
    /// not cancelled, so files it did not see are gone). Writes the new manifest if anything
    /// changed, and returns the index of `corpus` with a summary.
    pub fn finish(
        &self,
        corpus: &Corpus,
        complete: bool,
    ) -> Result<(SearchIndex, UpdateSummary), SearchError> {
        // Take everything the scan left.
        let (entries, mut written, mut notes, last) = {
            let mut state = lock_state(&self.state);
            if std::mem::replace(&mut state.finished, true) {
                return Err(SearchError::Finished);
            }
            (
                std::mem::take(&mut state.entries),
                std::mem::take(&mut state.written),
                std::mem::take(&mut state.notes),
                std::mem::take(&mut state.buffer),
            )
        };
        // The last, partial shard.
        if !last.is_empty() {
            match self.write_shard(&last) {
                Ok(w) => written.push(Some(w)),
                Err(note) => {
                    written.push(None);
                    notes.push(note);
                }
            }
        }
        drop(last);
        let mut summary = UpdateSummary {
            notes: self.old.notes.clone(),
            indexed: entries.len(),
            ..UpdateSummary::default()
        };
        summary.notes.append(&mut notes);

        // The new list of files: old entries reused (or not seen by a cancelled scan), then
        // new ones, which replace old ones of the same path.
        let replaced: HashSet<&str> = entries.iter().map(|e| e.relative.as_str()).collect();
        let old = &self.old.file;
        let mut keep_old = Vec::with_capacity(old.entries.len());
        for i in 0..old.entries.len() {
            if !self.old.valid[i] {
                // Unreadable: read again by this scan (replaced), or gone.
            } else if self.old.seen[i].load(Ordering::Relaxed) {
                summary.reused += 1;
                keep_old.push(i);
            } else if replaced.contains(old.relative(i)) {
                // Changed on disk: the new entry replaces it.
            } else if complete {
                summary.dropped += 1;
            } else {
                keep_old.push(i);
            }
        }
        drop(replaced);
        let changed = summary.indexed > 0 || summary.dropped > 0 || self.old.unreadable > 0;
        if !changed {
            // The usual reopening: nothing to write, the old index is the index.
            // Natural order (the corpus's) and byte order (the manifest's) agree for most
            // names: try the entry after the previous one before looking the path up.
            let next = std::cell::Cell::new(0);
            let lookup = |relative: &str| {
                let guess = next.get();
                let i = if old.relative(guess) == relative {
                    guess
                } else {
                    old.find(relative)?
                };
                next.set(i + 1);
                old.entries[i].loc.filter(|_| self.old.valid[i])
            };
            return Ok((self.index_of(corpus, lookup, &self.old.shards), summary));
        }
        let mut merged: HashMap<String, Merged> = keep_old
            .into_iter()
            .map(|i| (old.relative(i).to_owned(), Merged::Old(i)))
            .collect();
        for entry in entries {
            merged.insert(entry.relative.clone(), Merged::New(entry));
        }

        let mut plan = self.plan(merged, &written)?;
        let new_shards: Vec<&Written> = written.iter().flatten().chain(&plan.compacted).collect();
        self.commit(&plan.manifest, &new_shards)?;
        summary.written = true;
        summary.shard_bytes_written = new_shards.iter().map(|w| w.len).sum();
        let shards = self.open_shards(
            &plan.manifest,
            std::mem::take(&mut plan.opened),
            &mut summary,
        );
        let by_relative: HashMap<&str, TextLoc> = plan
            .manifest
            .entries
            .iter()
            .filter_map(|entry| match &entry.kind {
                EntryKind::Article(_, loc) => Some((entry.relative.as_str(), *loc)),
                _ => None,
            })
            .collect();
        let lookup = |relative: &str| by_relative.get(relative).copied();
        Ok((self.index_of(corpus, lookup, &shards), summary))
    }

    /// Builds the new manifest: shard list (old shards still referenced and new ones) with
    /// every location renumbered; rewrites old shards that are less than half live into one
    /// new shard.
    fn plan(
        &self,
        merged: HashMap<String, Merged>,
        written: &[Option<Written>],
    ) -> Result<Plan, SearchError> {
        let mut merged: Vec<(String, Merged)> = merged.into_iter().collect();
        merged.sort_by(|a, b| a.0.cmp(&b.0));

        // Live bytes per old shard, to decide on compaction.
        let old_records = &self.old.file.shards;
        let mut live = vec![0u64; old_records.len()];
        for (_, m) in &merged {
            if let Merged::Old(i) = m
                && let Some(loc) = &self.old.file.entries[*i].loc
                && let Some(live) = live.get_mut(loc.shard as usize)
            {
                *live += loc_bytes(loc);
            }
        }
        let compact: Vec<bool> = old_records
            .iter()
            .zip(&live)
            .map(|(record, &live)| live > 0 && live * 2 < record.len)
            .collect();

        // Shard numbers of the new manifest: kept old shards, new shards, then the compacted one.
        let mut records: Vec<ShardRecord> = Vec::new();
        let mut opened: Vec<Option<Arc<Shard>>> = Vec::new();
        let mut old_number = vec![None; old_records.len()];
        for (i, record) in old_records.iter().enumerate() {
            if live[i] > 0 && !compact[i] {
                old_number[i] = u32::try_from(records.len()).ok();
                records.push(*record);
                opened.push(self.old.shards[i].clone());
            }
        }
        let mut new_number = vec![None; written.len()];
        for (i, w) in written.iter().enumerate() {
            if let Some(w) = w {
                new_number[i] = u32::try_from(records.len()).ok();
                records.push(ShardRecord {
                    id: w.id,
                    len: w.len,
                });
                opened.push(None);
            }
        }
        let compacted_number = u32::try_from(records.len()).unwrap_or(u32::MAX);

        let mut entries = Vec::with_capacity(merged.len());
        let mut compacted = ShardBuffer::default();
        for (relative, m) in merged {
            let entry = match m {
                Merged::Old(i) => {
                    // Unreadable after all: left out, the file is read again next time.
                    let Ok(mut entry) = self.old.file.entry(i) else {
                        continue;
                    };
                    if let EntryKind::Article(_, loc) = &mut entry.kind {
                        let shard = loc.shard as usize;
                        let relocated = if compact.get(shard).copied().unwrap_or(false) {
                            self.old.shards[shard].as_ref().and_then(|old| {
                                let placed = compacted.push_raw(
                                    old.folded(loc.folded)?,
                                    old.clean(loc.clean)?,
                                    old.map_bytes(loc.map)?,
                                )?;
                                Some(text_loc(compacted_number, placed, loc.chars))
                            })
                        } else {
                            old_number
                                .get(shard)
                                .copied()
                                .flatten()
                                .map(|number| TextLoc {
                                    shard: number,
                                    ..*loc
                                })
                        };
                        // Unreachable text: leave the file out, it is read again next time.
                        let Some(relocated) = relocated else {
                            continue;
                        };
                        *loc = relocated;
                    }
                    entry
                }
                Merged::New(new) => {
                    let kind = match new.kind {
                        NewKind::Article {
                            meta,
                            shard,
                            placed,
                            chars,
                        } => {
                            // A shard that could not be written: read the file again next time.
                            let Some(number) = new_number.get(shard).copied().flatten() else {
                                continue;
                            };
                            EntryKind::Article(meta, text_loc(number, placed, chars))
                        }
                        NewKind::Skipped(reason) => EntryKind::Skipped(reason),
                        NewKind::Ignored => EntryKind::Ignored,
                    };
                    Entry {
                        relative,
                        stamp: new.stamp,
                        kind,
                    }
                }
            };
            entries.push(entry);
        }
        let compacted = if compacted.is_empty() {
            None
        } else {
            let written = self
                .write_shard(&compacted)
                .map_err(|note| SearchError::Cache {
                    path: self.dir.clone(),
                    error: io::Error::other(note),
                })?;
            records.push(ShardRecord {
                id: written.id,
                len: written.len,
            });
            opened.push(None);
            Some(written)
        };
        let manifest = Manifest {
            root: self.root.clone(),
            committed_ns: now_ns(),
            shards: records,
            entries,
        };
        Ok(Plan {
            manifest,
            opened,
            compacted,
        })
    }

    /// Renames the new shards into place and replaces the manifest, under the lock; then
    /// deletes shard files nothing refers to.
    fn commit(&self, manifest: &Manifest, new_shards: &[&Written]) -> Result<(), SearchError> {
        let cache_error = |path: &Path| {
            let path = path.to_owned();
            move |error| SearchError::Cache { path, error }
        };
        let lock_path = self.dir.join(LOCK);
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(cache_error(&lock_path))?;
        lock.lock().map_err(cache_error(&lock_path))?;
        for shard in new_shards {
            let final_path = self.dir.join(shard_name(shard.id));
            fs::rename(&shard.tmp, &final_path).map_err(cache_error(&shard.tmp))?;
        }
        let tmp = self
            .dir
            .join(format!("{MANIFEST}.{:016x}.{TMP_EXT}", new_shard_id()));
        write_synced(&tmp, &manifest.to_bytes()).map_err(cache_error(&tmp))?;
        let manifest_path = self.dir.join(MANIFEST);
        if let Err(error) = fs::rename(&tmp, &manifest_path) {
            fs::remove_file(&tmp).ok();
            return Err(SearchError::Cache {
                path: manifest_path,
                error,
            });
        }
        sync_dir(&self.dir);
        self.collect_garbage(manifest);
        drop(lock);
        Ok(())
    }

    /// Deletes shard files the manifest does not name, and old temporary files.
    fn collect_garbage(&self, manifest: &Manifest) {
        let Ok(listing) = fs::read_dir(&self.dir) else {
            return;
        };
        let live: HashSet<String> = manifest
            .shards
            .iter()
            .map(|record| shard_name(record.id))
            .collect();
        for entry in listing.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let path = entry.path();
            let remove = if name.ends_with(&format!(".{TMP_EXT}")) {
                entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|modified| modified.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > STALE_TMP_SECS)
            } else {
                name.ends_with(&format!(".{SHARD_EXT}")) && !live.contains(name.as_ref())
            };
            if remove {
                // Another process may still have it mapped: on Unix that keeps working.
                fs::remove_file(&path).ok();
            }
        }
    }

    /// Maps the shards of `manifest` that are not open yet.
    fn open_shards(
        &self,
        manifest: &Manifest,
        mut opened: Vec<Option<Arc<Shard>>>,
        summary: &mut UpdateSummary,
    ) -> Vec<Option<Arc<Shard>>> {
        for (record, slot) in manifest.shards.iter().zip(opened.iter_mut()) {
            if slot.is_none() {
                let path = self.dir.join(shard_name(record.id));
                match Shard::open(&path, record.len) {
                    Ok(shard) => *slot = Some(Arc::new(shard)),
                    Err(error) => summary
                        .notes
                        .push(format!("cannot open {}: {error}", path.display())),
                }
            }
        }
        opened
    }

    /// The index of `corpus`'s articles, in its order; `text_of` says where a file's texts are.
    fn index_of(
        &self,
        corpus: &Corpus,
        text_of: impl Fn(&str) -> Option<TextLoc>,
        shards: &[Option<Arc<Shard>>],
    ) -> SearchIndex {
        let articles = corpus
            .articles
            .iter()
            .map(|meta| {
                let loc = text_of(&meta.relative)?;
                let shard = shards.get(loc.shard as usize)?.clone()?;
                Some(IndexedText {
                    relative: meta.relative.clone().into_boxed_str(),
                    shard,
                    loc,
                })
            })
            .collect();
        SearchIndex::new(corpus.root.clone(), articles)
    }
}

/// The new manifest, the shards of it already open (by number), and the compacted shard
/// written for it, if any.
struct Plan {
    manifest: Manifest,
    opened: Vec<Option<Arc<Shard>>>,
    compacted: Option<Written>,
}

/// A file of the merged list: an old entry (by index) or a new one.
#[derive(Debug)]
enum Merged {
    Old(usize),
    New(NewEntry),
}

fn loc_bytes(loc: &TextLoc) -> u64 {
    u64::from(loc.folded.1) + u64::from(loc.clean.1) + u64::from(loc.map.1) * 8
}

fn text_loc(shard: u32, (folded, clean, map): Placed, chars: u32) -> TextLoc {
    TextLoc {
        shard,
        folded,
        clean,
        map,
        chars,
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut file = File::create_new(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes a rename durable (a no-op where folders cannot be opened).
fn sync_dir(dir: &Path) {
    if let Ok(dir) = File::open(dir) {
        dir.sync_all().ok();
    }
}

impl Old {
    fn load(dir: &Path, root: &Path) -> Self {
        let path = dir.join(MANIFEST);
        let file = match fs::read(&path) {
            Ok(bytes) => match ManifestFile::from_bytes(bytes) {
                Ok(file) if file.root == root => file,
                Ok(_) => {
                    return Self::empty(format!(
                        "the search index in {} belonged to another folder: rebuilt",
                        dir.display()
                    ));
                }
                Err(error) => {
                    return Self::empty(format!("{error} ({}): rebuilt", path.display()));
                }
            },
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Self::default(),
            Err(error) => {
                return Self::empty(format!("cannot read {}: {error}: rebuilt", path.display()));
            }
        };
        let mut notes = Vec::new();
        let shards: Vec<Option<Arc<Shard>>> = file
            .shards
            .iter()
            .map(|record| {
                let path = dir.join(shard_name(record.id));
                match Shard::open(&path, record.len) {
                    Ok(shard) => Some(Arc::new(shard)),
                    Err(error) => {
                        notes.push(format!(
                            "{} ({error}): its files are indexed again",
                            path.display()
                        ));
                        None
                    }
                }
            })
            .collect();
        let valid: Vec<bool> = file
            .entries
            .iter()
            .map(|entry| {
                entry.loc.is_none_or(|loc| {
                    shards
                        .get(loc.shard as usize)
                        .and_then(Option::as_ref)
                        .is_some_and(|shard| {
                            shard.folded(loc.folded).is_some()
                                && shard.clean(loc.clean).is_some()
                                && shard.map_bytes(loc.map).is_some()
                        })
                })
            })
            .collect();
        let unreadable = valid.iter().filter(|&&valid| !valid).count();
        let seen = valid.iter().map(|_| AtomicBool::new(false)).collect();
        Self {
            file,
            valid,
            seen,
            shards,
            unreadable,
            notes,
        }
    }

    fn empty(note: String) -> Self {
        Self {
            // Forces a commit even when the folder is empty, replacing the bad manifest.
            unreadable: 1,
            notes: vec![note],
            ..Self::default()
        }
    }
}

impl ScanCache for IndexUpdate {
    fn lookup(&self, relative: &str, stamp: &FileStamp) -> Option<CachedFile> {
        thread_local! {
            /// The entry after the one this thread found last: a scan worker checks runs of
            /// files in natural order, which the manifest's byte order mostly shares, so the
            /// guess saves hashing the path and a miss in the hash table for most files.
            static NEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        let old = &self.old.file;
        let guess = NEXT.get();
        let i = if old.is_at(guess, relative) {
            guess
        } else {
            old.find(relative)?
        };
        NEXT.set(i + 1);
        if !self.old.valid[i] || old.entries[i].stamp != *stamp || self.is_racy(stamp) {
            return None;
        }
        // Decoded only now: the metadata of files that changed is never decoded.
        let kind = old.entry_kind(i, relative.to_owned()).ok()?;
        self.old.seen[i].store(true, Ordering::Relaxed);
        Some(match kind {
            EntryKind::Article(meta, _) => CachedFile::Article(meta),
            EntryKind::Skipped(reason) => CachedFile::Skipped(reason),
            EntryKind::Ignored => CachedFile::Ignored,
        })
    }

    fn record(&self, relative: &str, stamp: &FileStamp, file: ReadFile<'_>) {
        let kind = match file {
            ReadFile::Article { cleaned, meta, .. } => {
                // The folding happens here, on the scan's worker thread, outside the lock.
                let mut folded = String::new();
                fold_text(&cleaned.text, &mut folded);
                let Ok(chars) = u32::try_from(cleaned.map.view_len()) else {
                    return;
                };
                let mut meta = Box::new(meta.clone());
                meta.path = PathBuf::new();
                let full = {
                    let mut state = lock_state(&self.state);
                    if state.finished {
                        return;
                    }
                    let Some(placed) = state.buffer.push(&folded, &cleaned.text, &cleaned.map)
                    else {
                        return;
                    };
                    let shard = state.written.len();
                    state.entries.push(NewEntry {
                        relative: relative.to_owned(),
                        stamp: *stamp,
                        kind: NewKind::Article {
                            meta,
                            shard,
                            placed,
                            chars,
                        },
                    });
                    (state.buffer.len() >= SHARD_BYTES).then(|| {
                        state.written.push(None);
                        (shard, std::mem::take(&mut state.buffer))
                    })
                };
                if let Some((number, buffer)) = full {
                    self.write_full_shard(number, &buffer);
                }
                return;
            }
            // Only reasons that depend on the content alone are worth keeping.
            ReadFile::Skipped(reason @ (SkipReason::Binary | SkipReason::Undecodable(_))) => {
                NewKind::Skipped(reason.clone())
            }
            ReadFile::Skipped(_) => return,
            ReadFile::Ignored => NewKind::Ignored,
        };
        let mut state = lock_state(&self.state);
        if !state.finished {
            state.entries.push(NewEntry {
                relative: relative.to_owned(),
                stamp: *stamp,
                kind,
            });
        }
    }
}
