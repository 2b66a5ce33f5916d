//! The index manifest: one file per corpus that lists every file an earlier scan saw, with its
//! stamp, its metadata and where its texts are in the shard files.
//!
//! Binary, little-endian, checksummed: `PZINDEX\x01`, body length (u64), blake3 of the body,
//! body. Any error while reading (bad magic, checksum, truncation, an impossible value) makes
//! the whole manifest invalid, and the index is rebuilt. Text locations are byte offsets into a
//! shard's sections; char counts are chars of the Clean view (= the folded text).

use std::path::PathBuf;

use crate::corpus::{ArticleMeta, FileStamp, SkipReason, TextEncoding};
use crate::text::Script;

const MAGIC: &[u8; 8] = b"PZINDEX\x01";

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

    /// Reads a manifest written by [`Manifest::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Corrupt> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or(Corrupt("not an index manifest"))?;
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
        let mut r = Reader(body);
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
        let mut entries = Vec::with_capacity(entry_count.min(1 << 20));
        for _ in 0..entry_count {
            entries.push(read_entry(&mut r)?);
        }
        if !r.0.is_empty() {
            return Err(Corrupt("trailing bytes"));
        }
        Ok(Self {
            root,
            committed_ns,
            shards,
            entries,
        })
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
    match &entry.kind {
        EntryKind::Article(meta, loc) => {
            w.u8(ARTICLE);
            w.str(&meta.title);
            w.opt_str(meta.date.as_deref());
            w.opt_str(meta.source.as_deref());
            w.u8(script_tag(meta.script));
            w.u64(meta.chars as u64);
            w.u64(meta.bytes);
            write_encoding(w, meta.encoding);
            w.u64(meta.artefacts_removed as u64);
            w.u64(meta.lost_chars as u64);
            w.u32(loc.shard);
            w.u64(loc.folded.0);
            w.u32(loc.folded.1);
            w.u64(loc.clean.0);
            w.u32(loc.clean.1);
            w.u64(loc.map.0);
            w.u32(loc.map.1);
            w.u32(loc.chars);
        }
        EntryKind::Skipped(SkipReason::Undecodable(why)) => {
            w.u8(SKIPPED_UNDECODABLE);
            w.str(why);
        }
        // Only content-dependent reasons are stored (see `store`): anything else reads as binary.
        EntryKind::Skipped(_) => w.u8(SKIPPED_BINARY),
        EntryKind::Ignored => w.u8(IGNORED),
    }
}

fn read_entry(r: &mut Reader<'_>) -> Result<Entry, Corrupt> {
    let relative = r.string()?;
    let stamp = FileStamp {
        bytes: r.u64()?,
        modified_ns: r.i64()?,
        inode: r.u64()?,
    };
    let kind = match r.u8()? {
        ARTICLE => {
            let title = r.string()?;
            let date = r.opt_string()?;
            let source = r.opt_string()?;
            let script = script_from_tag(r.u8()?)?;
            let chars = r.usize()?;
            let bytes = r.u64()?;
            let encoding = read_encoding(r)?;
            let artefacts_removed = r.usize()?;
            let lost_chars = r.usize()?;
            let loc = TextLoc {
                shard: r.u32()?,
                folded: (r.u64()?, r.u32()?),
                clean: (r.u64()?, r.u32()?),
                map: (r.u64()?, r.u32()?),
                chars: r.u32()?,
            };
            let meta = ArticleMeta {
                path: PathBuf::new(),
                relative: relative.clone(),
                title,
                date,
                source,
                script,
                chars,
                bytes,
                encoding,
                artefacts_removed,
                lost_chars,
            };
            EntryKind::Article(Box::new(meta), loc)
        }
        SKIPPED_BINARY => EntryKind::Skipped(SkipReason::Binary),
        SKIPPED_UNDECODABLE => EntryKind::Skipped(SkipReason::Undecodable(r.string()?)),
        IGNORED => EntryKind::Ignored,
        _ => return Err(Corrupt("unknown entry kind")),
    };
    Ok(Entry {
        relative,
        stamp,
        kind,
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

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], Corrupt> {
        let (head, rest) = self
            .0
            .split_first_chunk::<N>()
            .ok_or(Corrupt("truncated"))?;
        self.0 = rest;
        Ok(*head)
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
    fn bytes(&mut self) -> Result<&'a [u8], Corrupt> {
        let len = self.u32()? as usize;
        if len > self.0.len() {
            return Err(Corrupt("truncated"));
        }
        let (head, rest) = self.0.split_at(len);
        self.0 = rest;
        Ok(head)
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
            entries: vec![
                Entry {
                    relative: meta.relative.clone(),
                    stamp,
                    kind: EntryKind::Article(Box::new(meta), loc),
                },
                Entry {
                    relative: "x.bin.txt".to_owned(),
                    stamp,
                    kind: EntryKind::Skipped(SkipReason::Undecodable("bad 😀".to_owned())),
                },
                Entry {
                    relative: "README".to_owned(),
                    stamp,
                    kind: EntryKind::Ignored,
                },
            ],
        }
    }

    #[test]
    fn round_trips() {
        let manifest = sample();
        let back = Manifest::from_bytes(&manifest.to_bytes()).unwrap();
        assert_eq!(back.root, manifest.root);
        assert_eq!(back.shards, manifest.shards);
        assert_eq!(back.entries.len(), 3);
        let EntryKind::Article(meta, loc) = &back.entries[0].kind else {
            panic!("not an article")
        };
        assert_eq!(meta.title, "經濟調研");
        assert_eq!(meta.relative, "二〇二三/經濟.txt");
        assert_eq!(meta.encoding, TextEncoding::Other("Shift_JIS"));
        assert_eq!(meta.script, Script::Traditional);
        assert_eq!(loc.chars, 2890);
        assert_eq!(back.entries[0].stamp.modified_ns, -5);
        assert!(matches!(
            &back.entries[1].kind,
            EntryKind::Skipped(SkipReason::Undecodable(why)) if why == "bad 😀"
        ));
        assert!(matches!(back.entries[2].kind, EntryKind::Ignored));
    }

    #[test]
    fn any_damage_is_reported_not_panicked_on() {
        let bytes = sample().to_bytes();
        for cut in 0..bytes.len() {
            assert!(Manifest::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        for i in (0..bytes.len()).step_by(7) {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0x5A;
            assert!(Manifest::from_bytes(&damaged).is_err(), "byte {i}");
        }
        assert_eq!(
            Manifest::from_bytes(b"hello").unwrap_err(),
            Corrupt("not an index manifest")
        );
    }
}
