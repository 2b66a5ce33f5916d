//! The index manifest: one file per corpus that lists every file an earlier scan saw, with its
//! stamp, its metadata and where its texts are in the shard files.
//!
//! Binary, little-endian, checksummed: `PZINDEX\x03`, body length (u64), blake3 of the body,
//! body. Any error while reading (bad magic, checksum, truncation, an impossible value, entries
//! out of order) makes the whole manifest invalid, and the index is rebuilt.
//!
//! Reading is lazy ([`ManifestFile`]): opening a 100 000-file manifest checks it and reads each
//! entry's fixed fields (path range, stamp, text location) without allocating; an entry's
//! metadata is decoded when a scan asks for it. Each entry is `relative`, stamp, kind, then its
//! payload behind a length (for an article: text location, then metadata). Text locations are byte offsets into a
//! shard's sections; char counts are chars of the Clean view (= the folded text).

use std::ops::Range;
use std::path::PathBuf;

use crate::corpus::decode::DecodeError;
use crate::corpus::{ArticleMeta, FileStamp, SkipReason, TextEncoding};
use crate::text::Script;

/// Version 3: the Clean view restores full-width punctuation and marks appended articles, and
/// the metadata has `text_chars`, masthead titles and sources; a version 2 manifest is rebuilt.
const MAGIC: &[u8; 8] = b"PZINDEX\x03";

/// Where an article's texts are in a shard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextLoc {
    /// Index into [`Manifest::shards`].
    pub shard: u32,
    /// Folded text: byte offset in the shard's folded section and byte length.
    pub folded: (u64, u32),
    /// Clean text: byte offset in the clean section and byte length.
    pub clean: (u64, u32),
    /// Clean map: offset in the map section (in points) and number of points.
    pub map: (u64, u32),
    /// Length of the Clean view (and of the folded text), in chars.
    pub chars: u32,
}

/// What the manifest knows of one file.
#[derive(Clone, Debug)]
pub enum EntryKind {
    /// An article: its metadata (`path` is empty; the scan sets it) and its texts.
    Article(Box<ArticleMeta>, TextLoc),
    /// Skipped for a reason that depends only on its content.
    Skipped(SkipReason),
    /// An extension-less file that is not text.
    Ignored,
}

/// One file of the corpus.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Path relative to the corpus root, `/`-separated.
    pub relative: String,
    /// Its stamp when it was read.
    pub stamp: FileStamp,
    /// What it is.
    pub kind: EntryKind,
}

/// A shard file the manifest refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardRecord {
    /// Its id (the file is `<id as 16 hex digits>.shard`).
    pub id: u64,
    /// Its length in bytes.
    pub len: u64,
}

/// The whole manifest.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    /// The corpus folder it describes (canonical).
    pub root: PathBuf,
    /// When it was written, ns since the Unix epoch (files modified within the racy window
    /// before this are read again: see `store`).
    pub committed_ns: i64,
    /// Shard files.
    pub shards: Vec<ShardRecord>,
    /// Files, sorted by `relative`.
    pub entries: Vec<Entry>,
}

/// Why a manifest could not be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("index manifest is corrupt: {0}")]
pub struct Corrupt(pub &'static str);

impl Manifest {
    /// Serialises the manifest.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut body = Writer::default();
        body.bytes(self.root.as_os_str().as_encoded_bytes());
        body.i64(self.committed_ns);
        body.u32(len_u32(self.shards.len()));
        for shard in &self.shards {
            body.u64(shard.id);
            body.u64(shard.len);
        }
        body.u32(len_u32(self.entries.len()));
        for entry in &self.entries {
            write_entry(&mut body, entry);
        }
        let body = body.0;
        let mut out = Vec::with_capacity(body.len() + 48);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
        out.extend_from_slice(blake3::hash(&body).as_bytes());
        out.extend_from_slice(&body);
        out
    }
}

/// An entry's fixed fields, read without decoding its strings.
#[derive(Clone, Debug)]
pub struct EntryHead {
    relative: Range<usize>,
    /// Its stamp when it was read.
    pub stamp: FileStamp,
    kind: u8,
    payload: Range<usize>,
    /// Where its texts are, for an article.
    pub loc: Option<TextLoc>,
}

/// A manifest read from disk, decoded lazily (see the module docs).
#[derive(Debug, Default)]
pub struct ManifestFile {
    body: Vec<u8>,
    /// The corpus folder it describes.
    pub root: PathBuf,
    /// When it was written, ns since the Unix epoch.
    pub committed_ns: i64,
    /// Shard files.
    pub shards: Vec<ShardRecord>,
    /// Files, sorted by `relative`.
    pub entries: Vec<EntryHead>,
    /// Open-addressing table of entry index + 1 (0: empty) by a hash of `relative`: a lookup
    /// costs one or two cache misses, where a binary search over 100 000 paths with long
    /// common prefixes cost a dozen.
    by_hash: Vec<u32>,
}

/// The slot of a path in a table of `2^bits` slots: FNV-1a over its bytes, then Fibonacci
/// hashing (the top bits of a multiplication by 2⁶⁴/φ), because FNV's low bits are poorly mixed
/// for paths that differ only in a few digits.
fn path_slot(bytes: &[u8], bits: u32) -> usize {
    let fnv = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (fnv.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

impl ManifestFile {
    /// Checks and indexes a manifest written by [`Manifest::to_bytes`].
    pub fn from_bytes(mut bytes: Vec<u8>) -> Result<Self, Corrupt> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or(if bytes.starts_with(&MAGIC[..7]) {
                Corrupt("written by another version of Pizhu")
            } else {
                Corrupt("not an index manifest")
            })?;
        let (len, rest) = rest
            .split_first_chunk::<8>()
            .ok_or(Corrupt("truncated header"))?;
        let (hash, body) = rest
            .split_first_chunk::<32>()
            .ok_or(Corrupt("truncated header"))?;
        if u64::from_le_bytes(*len) != body.len() as u64 {
            return Err(Corrupt("truncated"));
        }
        if blake3::hash(body).as_bytes() != hash {
            return Err(Corrupt("checksum mismatch"));
        }
        bytes.drain(..MAGIC.len() + 8 + 32);
        let body = bytes;
        let mut r = Reader::new(&body);
        // Paths are stored as the OS encodes them; only this program wrote them, on this OS.
        let root = PathBuf::from(String::from_utf8_lossy(r.bytes()?).into_owned());
        let committed_ns = r.i64()?;
        let shard_count = r.u32()? as usize;
        let mut shards = Vec::with_capacity(shard_count.min(1 << 16));
        for _ in 0..shard_count {
            shards.push(ShardRecord {
                id: r.u64()?,
                len: r.u64()?,
            });
        }
        let entry_count = r.u32()? as usize;
        let mut entries: Vec<EntryHead> = Vec::with_capacity(entry_count.min(1 << 20));
        for _ in 0..entry_count {
            let relative = r.range()?;
            std::str::from_utf8(&body[relative.clone()]).map_err(|_| Corrupt("invalid UTF-8"))?;
            if let Some(last) = entries.last()
                && body[last.relative.clone()] >= body[relative.clone()]
            {
                return Err(Corrupt("entries out of order"));
            }
            let stamp = FileStamp {
                bytes: r.u64()?,
                modified_ns: r.i64()?,
                inode: r.u64()?,
            };
            let kind = r.u8()?;
            let payload = r.range()?;
            let loc = if kind == ARTICLE {
                Some(read_loc(&mut Reader::new(&body[payload.clone()]))?)
            } else {
                None
            };
            entries.push(EntryHead {
                relative,
                stamp,
                kind,
                payload,
                loc,
            });
        }
        if r.pos != body.len() {
            return Err(Corrupt("trailing bytes"));
        }
        let size = (entries.len() * 2).next_power_of_two().max(2);
        let bits = size.trailing_zeros();
        let mut by_hash = vec![0u32; size];
        for (i, entry) in entries.iter().enumerate() {
            let index = u32::try_from(i + 1).map_err(|_| Corrupt("too many entries"))?;
            let mut slot = path_slot(&body[entry.relative.clone()], bits);
            while by_hash[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            by_hash[slot] = index;
        }
        Ok(Self {
            body,
            root,
            committed_ns,
            shards,
            entries,
            by_hash,
        })
    }

    /// The path of entry `i` relative to the corpus root (checked UTF-8 when read).
    pub fn relative(&self, i: usize) -> &str {
        self.entries
            .get(i)
            .and_then(|entry| std::str::from_utf8(&self.body[entry.relative.clone()]).ok())
            .unwrap_or_default()
    }

    /// The entry of the file at `relative`.
    pub fn find(&self, relative: &str) -> Option<usize> {
        let size = self.by_hash.len();
        if size == 0 {
            return None;
        }
        let mut slot = path_slot(relative.as_bytes(), size.trailing_zeros());
        // The table is at most half full, so an empty slot ends every probe sequence.
        loop {
            let i = (self.by_hash[slot] as usize).checked_sub(1)?;
            if self.body[self.entries[i].relative.clone()] == *relative.as_bytes() {
                return Some(i);
            }
            slot = (slot + 1) & (size - 1);
        }
    }

    /// True when entry `i` is the file at `relative` (no UTF-8 check, no hashing: to try a
    /// guess before [`find`](Self::find)).
    pub fn is_at(&self, i: usize, relative: &str) -> bool {
        self.entries
            .get(i)
            .is_some_and(|entry| self.body[entry.relative.clone()] == *relative.as_bytes())
    }

    /// Entry `i` in full.
    pub fn entry(&self, i: usize) -> Result<Entry, Corrupt> {
        let relative = self.relative(i).to_owned();
        Ok(Entry {
            stamp: self.entries.get(i).ok_or(Corrupt("no such entry"))?.stamp,
            kind: self.entry_kind(i, relative.clone())?,
            relative,
        })
    }

    /// What entry `i` holds, its metadata (if an article) carrying `relative` as its path:
    /// [`entry`](Self::entry) without copying the path twice.
    pub fn entry_kind(&self, i: usize, relative: String) -> Result<EntryKind, Corrupt> {
        let head = self.entries.get(i).ok_or(Corrupt("no such entry"))?;
        let mut r = Reader::new(&self.body[head.payload.clone()]);
        let kind = match head.kind {
            ARTICLE => {
                let loc = read_loc(&mut r)?;
                let meta = read_meta(&mut r, relative)?;
                EntryKind::Article(Box::new(meta), loc)
            }
            SKIPPED_BINARY => EntryKind::Skipped(SkipReason::Binary),
            SKIPPED_UNDECODABLE => {
                let label = r.string()?;
                // The encoding's canonical name, back as the `&'static str` the error holds.
                let encoding = encoding_rs::Encoding::for_label(label.as_bytes())
                    .map_or("an unknown encoding", |e| e.name());
                let replaced = usize::try_from(r.u64()?).map_err(|_| Corrupt("count too big"))?;
                let chars = usize::try_from(r.u64()?).map_err(|_| Corrupt("count too big"))?;
                EntryKind::Skipped(SkipReason::Undecodable(DecodeError::Undecodable {
                    encoding,
                    replaced,
                    chars,
                }))
            }
            IGNORED => EntryKind::Ignored,
            _ => return Err(Corrupt("unknown entry kind")),
        };
        Ok(kind)
    }
}

fn len_u32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

// Tags of entry kinds and encodings.
const ARTICLE: u8 = 0;
const SKIPPED_BINARY: u8 = 1;
const SKIPPED_UNDECODABLE: u8 = 2;
const IGNORED: u8 = 3;

fn write_entry(w: &mut Writer, entry: &Entry) {
    w.str(&entry.relative);
    w.u64(entry.stamp.bytes);
    w.i64(entry.stamp.modified_ns);
    w.u64(entry.stamp.inode);
    let mut payload = Writer::default();
    let kind = match &entry.kind {
        EntryKind::Article(meta, loc) => {
            payload.u32(loc.shard);
            payload.u64(loc.folded.0);
            payload.u32(loc.folded.1);
            payload.u64(loc.clean.0);
            payload.u32(loc.clean.1);
            payload.u64(loc.map.0);
            payload.u32(loc.map.1);
            payload.u32(loc.chars);
            payload.str(&meta.title);
            payload.opt_str(meta.date.as_deref());
            payload.opt_str(meta.source.as_deref());
            payload.u8(script_tag(meta.script));
            payload.u64(meta.chars as u64);
            payload.u64(meta.text_chars as u64);
            payload.u64(meta.bytes);
            write_encoding(&mut payload, meta.encoding);
            payload.u64(meta.artefacts_removed as u64);
            payload.u64(meta.lost_chars as u64);
            ARTICLE
        }
        EntryKind::Skipped(SkipReason::Undecodable(DecodeError::Undecodable {
            encoding,
            replaced,
            chars,
        })) => {
            payload.str(encoding);
            payload.u64(*replaced as u64);
            payload.u64(*chars as u64);
            SKIPPED_UNDECODABLE
        }
        // Only content-dependent reasons are stored (see `store`): anything else reads as binary.
        EntryKind::Skipped(_) => SKIPPED_BINARY,
        EntryKind::Ignored => IGNORED,
    };
    w.u8(kind);
    w.bytes(&payload.0);
}

fn read_loc(r: &mut Reader<'_>) -> Result<TextLoc, Corrupt> {
    Ok(TextLoc {
        shard: r.u32()?,
        folded: (r.u64()?, r.u32()?),
        clean: (r.u64()?, r.u32()?),
        map: (r.u64()?, r.u32()?),
        chars: r.u32()?,
    })
}

fn read_meta(r: &mut Reader<'_>, relative: String) -> Result<ArticleMeta, Corrupt> {
    Ok(ArticleMeta {
        path: PathBuf::new(),
        relative,
        title: r.string()?,
        date: r.opt_string()?,
        source: r.opt_string()?,
        script: script_from_tag(r.u8()?)?,
        chars: r.usize()?,
        text_chars: r.usize()?,
        bytes: r.u64()?,
        encoding: read_encoding(r)?,
        artefacts_removed: r.usize()?,
        lost_chars: r.usize()?,
    })
}

fn script_tag(script: Script) -> u8 {
    match script {
        Script::Simplified => 0,
        Script::Traditional => 1,
        Script::Mixed => 2,
        Script::Unknown => 3,
    }
}

fn script_from_tag(tag: u8) -> Result<Script, Corrupt> {
    Ok(match tag {
        0 => Script::Simplified,
        1 => Script::Traditional,
        2 => Script::Mixed,
        3 => Script::Unknown,
        _ => return Err(Corrupt("unknown script")),
    })
}

fn write_encoding(w: &mut Writer, encoding: TextEncoding) {
    let tag = match encoding {
        TextEncoding::Utf8 => 0,
        TextEncoding::Utf8Bom => 1,
        TextEncoding::Utf16Le { bom: false } => 2,
        TextEncoding::Utf16Le { bom: true } => 3,
        TextEncoding::Utf16Be { bom: false } => 4,
        TextEncoding::Utf16Be { bom: true } => 5,
        TextEncoding::Gb18030 => 6,
        TextEncoding::Big5 => 7,
        TextEncoding::Other(_) => 8,
    };
    w.u8(tag);
    if let TextEncoding::Other(name) = encoding {
        w.str(name);
    }
}

fn read_encoding(r: &mut Reader<'_>) -> Result<TextEncoding, Corrupt> {
    Ok(match r.u8()? {
        0 => TextEncoding::Utf8,
        1 => TextEncoding::Utf8Bom,
        2 => TextEncoding::Utf16Le { bom: false },
        3 => TextEncoding::Utf16Le { bom: true },
        4 => TextEncoding::Utf16Be { bom: false },
        5 => TextEncoding::Utf16Be { bom: true },
        6 => TextEncoding::Gb18030,
        7 => TextEncoding::Big5,
        8 => {
            // Names are `encoding_rs`'s own, so the label lookup finds the same `&'static str`.
            let name = r.bytes()?;
            let encoding =
                encoding_rs::Encoding::for_label(name).ok_or(Corrupt("unknown encoding"))?;
            TextEncoding::Other(encoding.name())
        }
        _ => return Err(Corrupt("unknown encoding")),
    })
}

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, v: &[u8]) {
        self.u32(len_u32(v.len()));
        self.0.extend_from_slice(v);
    }
    fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }
    fn opt_str(&mut self, v: Option<&str>) {
        match v {
            Some(v) => {
                self.u8(1);
                self.str(v);
            }
            None => self.u8(0),
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }
    fn take<const N: usize>(&mut self) -> Result<[u8; N], Corrupt> {
        let end = self.pos.checked_add(N).ok_or(Corrupt("truncated"))?;
        let chunk = self
            .bytes
            .get(self.pos..end)
            .and_then(|chunk| <[u8; N]>::try_from(chunk).ok())
            .ok_or(Corrupt("truncated"))?;
        self.pos = end;
        Ok(chunk)
    }
    fn u8(&mut self) -> Result<u8, Corrupt> {
        Ok(self.take::<1>()?[0])
    }
    fn u32(&mut self) -> Result<u32, Corrupt> {
        Ok(u32::from_le_bytes(self.take()?))
    }
    fn u64(&mut self) -> Result<u64, Corrupt> {
        Ok(u64::from_le_bytes(self.take()?))
    }
    fn i64(&mut self) -> Result<i64, Corrupt> {
        Ok(i64::from_le_bytes(self.take()?))
    }
    fn usize(&mut self) -> Result<usize, Corrupt> {
        usize::try_from(self.u64()?).map_err(|_| Corrupt("count too large"))
    }
    /// The range of a length-prefixed byte string, skipped.
    fn range(&mut self) -> Result<Range<usize>, Corrupt> {
        let len = self.u32()? as usize;
        let start = self.pos;
        let end = start
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len());
        let end = end.ok_or(Corrupt("truncated"))?;
        self.pos = end;
        Ok(start..end)
    }
    fn bytes(&mut self) -> Result<&'a [u8], Corrupt> {
        let range = self.range()?;
        Ok(&self.bytes[range])
    }
    fn string(&mut self) -> Result<String, Corrupt> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|_| Corrupt("invalid UTF-8"))
    }
    fn opt_string(&mut self) -> Result<Option<String>, Corrupt> {
        match self.u8()? {
            0 => Ok(None),
            1 => Ok(Some(self.string()?)),
            _ => Err(Corrupt("bad option tag")),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    fn sample() -> Manifest {
        let meta = ArticleMeta {
            path: PathBuf::new(),
            relative: "二〇二三/經濟.txt".to_owned(),
            title: "經濟調研".to_owned(),
            date: Some("2023-12-21".to_owned()),
            source: None,
            script: Script::Traditional,
            chars: 3127,
            text_chars: 2800,
            bytes: 9000,
            encoding: TextEncoding::Other("Shift_JIS"),
            artefacts_removed: 237,
            lost_chars: 2,
        };
        let loc = TextLoc {
            shard: 1,
            folded: (10, 20),
            clean: (30, 40),
            map: (5, 6),
            chars: 2890,
        };
        let stamp = FileStamp {
            bytes: 9000,
            modified_ns: -5,
            inode: 77,
        };
        Manifest {
            root: PathBuf::from("/语料/corpus"),
            committed_ns: 1_700_000_000_000_000_000,
            shards: vec![
                ShardRecord { id: 1, len: 100 },
                ShardRecord {
                    id: u64::MAX,
                    len: 7,
                },
            ],
            // Sorted by bytes, as the index writes them.
            entries: vec![
                Entry {
                    relative: "README".to_owned(),
                    stamp,
                    kind: EntryKind::Ignored,
                },
                Entry {
                    relative: "x.bin.txt".to_owned(),
                    stamp,
                    kind: EntryKind::Skipped(SkipReason::Undecodable(DecodeError::Undecodable {
                        encoding: "Big5",
                        replaced: 70,
                        chars: 900,
                    })),
                },
                Entry {
                    relative: meta.relative.clone(),
                    stamp,
                    kind: EntryKind::Article(Box::new(meta), loc),
                },
            ],
        }
    }

    #[test]
    fn round_trips() {
        let manifest = sample();
        let back = ManifestFile::from_bytes(manifest.to_bytes()).unwrap();
        assert_eq!(back.root, manifest.root);
        assert_eq!(back.shards, manifest.shards);
        assert_eq!(back.entries.len(), 3);
        assert_eq!(back.find("二〇二三/經濟.txt"), Some(2));
        assert_eq!(back.find("README"), Some(0));
        assert_eq!(back.find("nothing"), None);
        assert_eq!(back.relative(1), "x.bin.txt");
        let article = back.entry(2).unwrap();
        let EntryKind::Article(meta, loc) = &article.kind else {
            panic!("not an article")
        };
        assert_eq!(meta.title, "經濟調研");
        assert_eq!(meta.relative, "二〇二三/經濟.txt");
        assert_eq!(meta.encoding, TextEncoding::Other("Shift_JIS"));
        assert_eq!(meta.script, Script::Traditional);
        assert_eq!(loc.chars, 2890);
        assert_eq!(back.entries[2].loc, Some(*loc));
        assert_eq!(article.stamp.modified_ns, -5);
        assert!(matches!(
            back.entry(1).unwrap().kind,
            EntryKind::Skipped(SkipReason::Undecodable(DecodeError::Undecodable {
                encoding: "Big5",
                replaced: 70,
                chars: 900,
            }))
        ));
        assert!(matches!(back.entry(0).unwrap().kind, EntryKind::Ignored));
        assert_eq!(back.entries[0].loc, None);
    }

    #[test]
    fn a_manifest_of_another_version_is_rebuilt_not_read() {
        let mut bytes = sample().to_bytes();
        bytes[7] = 2; // PZINDEX\x02: before text_chars and the new Clean view
        assert_eq!(
            ManifestFile::from_bytes(bytes).err(),
            Some(Corrupt("written by another version of Pizhu"))
        );
    }

    #[test]
    fn any_damage_is_reported_not_panicked_on() {
        let bytes = sample().to_bytes();
        for cut in 0..bytes.len() {
            assert!(
                ManifestFile::from_bytes(bytes[..cut].to_vec()).is_err(),
                "cut at {cut}"
            );
        }
        for i in (0..bytes.len()).step_by(7) {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0x5A;
            assert!(ManifestFile::from_bytes(damaged).is_err(), "byte {i}");
        }
        assert_eq!(
            ManifestFile::from_bytes(b"hello".to_vec()).unwrap_err(),
            Corrupt("not an index manifest")
        );
        let mut unsorted = sample();
        unsorted.entries.swap(0, 1);
        assert_eq!(
            ManifestFile::from_bytes(unsorted.to_bytes()).unwrap_err(),
            Corrupt("entries out of order")
        );
    }
}
