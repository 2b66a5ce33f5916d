//! Shard files: the texts of many articles, written once, then memory-mapped for searching.
//!
//! Layout: a 32-byte header (`PZSHARD\x01`, then the byte lengths of the three sections as u64),
//! then three sections, each the concatenation of one text per article: the **folded** texts
//! (what a search scans, kept together so a search touches only their pages), the **Clean**
//! texts (for exact search and for showing hits) and the Clean **maps** (breakpoints of each
//! article's Clean-view [`OffsetMap`], 8 bytes each: Clean char, then Original char with the
//! top bit set when the stretch ending there is a rewritten block). Texts are UTF-8; offsets
//! in [`TextLoc`](super::manifest::TextLoc) are bytes into a section, map offsets count points.

use std::fs::File;
use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use super::mapped::Mapped;
use crate::text::{OffsetMap, OffsetMapBuilder};

const MAGIC: &[u8; 8] = b"PZSHARD\x01";
const HEADER_BYTES: usize = 32;
/// Bytes per map point.
const POINT_BYTES: usize = 8;
/// The flag in a point's Original char: the stretch ending here is a rewritten block.
const REWRITTEN: u32 = 1 << 31;

/// A shard being filled, in memory.
#[derive(Debug, Default)]
pub struct ShardBuffer {
    folded: Vec<u8>,
    clean: Vec<u8>,
    map: Vec<u8>,
}

/// Where [`ShardBuffer::push`] put an article: (offset, length) in bytes for the texts, in
/// points for the map.
pub type Placed = ((u64, u32), (u64, u32), (u64, u32));

impl ShardBuffer {
    /// Appends one article's texts; `None` if a text or the map does not fit the format (over
    /// 4 GB, or chars over 2³¹).
    pub fn push(&mut self, folded: &str, clean: &str, map: &OffsetMap) -> Option<Placed> {
        let folded_at = (self.folded.len() as u64, u32::try_from(folded.len()).ok()?);
        let clean_at = (self.clean.len() as u64, u32::try_from(clean.len()).ok()?);
        let map_at = (
            (self.map.len() / POINT_BYTES) as u64,
            u32::try_from(map.breakpoint_count()).ok()?,
        );
        let mut points = Vec::with_capacity(map.breakpoint_count() * POINT_BYTES);
        for (view_char, original_char, rewritten) in map.breakpoints() {
            let view_char = u32::try_from(view_char).ok()?;
            let original_char = u32::try_from(original_char)
                .ok()
                .filter(|&c| c < REWRITTEN)?;
            let flag = if rewritten { REWRITTEN } else { 0 };
            points.extend_from_slice(&view_char.to_le_bytes());
            points.extend_from_slice(&(original_char | flag).to_le_bytes());
        }
        self.folded.extend_from_slice(folded.as_bytes());
        self.clean.extend_from_slice(clean.as_bytes());
        self.map.extend_from_slice(&points);
        Some((folded_at, clean_at, map_at))
    }

    /// Appends an article's texts copied from another shard (compaction).
    pub fn push_raw(&mut self, folded: &[u8], clean: &[u8], map: &[u8]) -> Option<Placed> {
        let placed = (
            (self.folded.len() as u64, u32::try_from(folded.len()).ok()?),
            (self.clean.len() as u64, u32::try_from(clean.len()).ok()?),
            (
                (self.map.len() / POINT_BYTES) as u64,
                u32::try_from(map.len() / POINT_BYTES).ok()?,
            ),
        );
        self.folded.extend_from_slice(folded);
        self.clean.extend_from_slice(clean);
        self.map.extend_from_slice(map);
        Some(placed)
    }

    /// Bytes held.
    pub fn len(&self) -> usize {
        self.folded.len() + self.clean.len() + self.map.len()
    }

    /// True when nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the shard to a new file at `path` and flushes it to disk; returns its length.
    pub fn write_new(&self, path: &Path) -> io::Result<u64> {
        let mut file = File::create_new(path)?;
        let mut header = Vec::with_capacity(HEADER_BYTES);
        header.extend_from_slice(MAGIC);
        for section in [&self.folded, &self.clean, &self.map] {
            header.extend_from_slice(&(section.len() as u64).to_le_bytes());
        }
        file.write_all(&header)?;
        file.write_all(&self.folded)?;
        file.write_all(&self.clean)?;
        file.write_all(&self.map)?;
        file.sync_all()?;
        Ok((HEADER_BYTES + self.len()) as u64)
    }
}

/// An open, mapped shard whose header was checked.
#[derive(Debug)]
pub struct Shard {
    mapped: Mapped,
    folded: Range<usize>,
    clean: Range<usize>,
    map: Range<usize>,
}

/// Why a shard file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// It cannot be opened or mapped.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// Its length or header is not what the manifest and the format say.
    #[error("shard file is corrupt: {0}")]
    Corrupt(&'static str),
}

impl Shard {
    /// Maps the shard at `path`, which the manifest says is `expected_len` bytes long.
    pub fn open(path: &Path, expected_len: u64) -> Result<Self, ShardError> {
        let mapped = Mapped::open(path)?;
        let bytes = mapped.bytes();
        if bytes.len() as u64 != expected_len {
            return Err(ShardError::Corrupt("length differs from the manifest"));
        }
        let header = bytes
            .get(..HEADER_BYTES)
            .filter(|header| header.starts_with(MAGIC))
            .ok_or(ShardError::Corrupt("bad header"))?;
        let section = |i: usize| {
            let start = 8 + 8 * i;
            let mut len = [0; 8];
            len.copy_from_slice(&header[start..start + 8]);
            usize::try_from(u64::from_le_bytes(len)).unwrap_or(usize::MAX)
        };
        let folded = HEADER_BYTES..HEADER_BYTES.saturating_add(section(0));
        let clean = folded.end..folded.end.saturating_add(section(1));
        let map = clean.end..clean.end.saturating_add(section(2));
        if map.end != bytes.len() || section(2) % POINT_BYTES != 0 {
            return Err(ShardError::Corrupt("sections do not add up"));
        }
        Ok(Self {
            mapped,
            folded,
            clean,
            map,
        })
    }

    fn slice(&self, section: &Range<usize>, (offset, len): (u64, u32)) -> Option<&[u8]> {
        let start = section.start.checked_add(usize::try_from(offset).ok()?)?;
        let end = start.checked_add(len as usize)?;
        if end > section.end {
            return None;
        }
        self.mapped.bytes().get(start..end)
    }

    /// A folded text, or `None` if the location lies outside the section.
    pub fn folded(&self, at: (u64, u32)) -> Option<&[u8]> {
        self.slice(&self.folded, at)
    }

    /// A Clean text, or `None` if the location lies outside the section.
    pub fn clean(&self, at: (u64, u32)) -> Option<&[u8]> {
        self.slice(&self.clean, at)
    }

    /// The raw points of a map, or `None` if they lie outside the section.
    pub fn map_bytes(&self, (offset, count): (u64, u32)) -> Option<&[u8]> {
        let offset = offset.checked_mul(POINT_BYTES as u64)?;
        let len = u32::try_from(count as usize * POINT_BYTES).ok()?;
        self.slice(&self.map, (offset, len))
    }

    /// True when the stored map is the identity (two points, `(0, 0)` and `(n, n)`, kept): the
    /// case of every article without crawl artefacts, which then needs no map built.
    pub fn map_is_identity(&self, at: (u64, u32)) -> bool {
        at.1 == 2
            && self.map_bytes(at).is_some_and(|bytes| {
                let word = |i: usize| {
                    u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]])
                };
                (word(0), word(4)) == (0, 0) && word(8) == word(12)
            })
    }

    /// A map read in place (see [`StoredMap`]); `None` if the location is outside the section
    /// or the points are not a map.
    pub fn stored_map(&self, at: (u64, u32)) -> Option<StoredMap<'_>> {
        StoredMap::new(self.map_bytes(at)?)
    }

    /// A map, rebuilt; `None` if the location is outside the section or the points do not
    /// describe a map (not sorted, not starting at zero).
    pub fn map(&self, at: (u64, u32)) -> Option<OffsetMap> {
        map_from_bytes(self.map_bytes(at)?)
    }
}

/// A Clean map read in place from a shard. It maps Clean-view ranges to Original ranges exactly
/// as [`OffsetMap::original_range_from_view`] maps them (the same breakpoints, the same rules:
/// see `text::offsets`; a property test checks they agree), without copying the points into an
/// `OffsetMap` first. A search maps a few hits per article, so building whole maps (millions of
/// points over a corpus with crawl damage) would cost more than the search itself.
#[derive(Clone, Copy, Debug)]
pub struct StoredMap<'a> {
    bytes: &'a [u8],
}

/// Where a Clean-view position falls (as `offsets::Located`, seen from the view).
enum Located {
    Exact(usize),
    Gap { lo: usize, hi: usize },
    InsideBlock { lo: usize, hi: usize },
}

impl<'a> StoredMap<'a> {
    /// Reads stored points; `None` unless there are two or more, starting at zero. Their order
    /// is not checked (that would cost a pass over every point of every article with a hit):
    /// points out of order, which only a damaged cache file holds, give wrong ranges, never a
    /// panic.
    pub fn new(bytes: &'a [u8]) -> Option<Self> {
        let map = Self { bytes };
        let n = bytes.len() / POINT_BYTES;
        let valid = n >= 2
            && bytes.len().is_multiple_of(POINT_BYTES)
            && (map.view(0), map.original(0)) == (0, 0);
        valid.then_some(map)
    }

    fn word(&self, i: usize, offset: usize) -> u32 {
        let at = i * POINT_BYTES + offset;
        u32::from_le_bytes([
            self.bytes[at],
            self.bytes[at + 1],
            self.bytes[at + 2],
            self.bytes[at + 3],
        ])
    }

    fn len(&self) -> usize {
        self.bytes.len() / POINT_BYTES
    }

    fn view(&self, i: usize) -> usize {
        self.word(i, 0) as usize
    }

    fn original(&self, i: usize) -> usize {
        (self.word(i, 4) & !REWRITTEN) as usize
    }

    fn is_kept(&self, a: usize, b: usize) -> bool {
        self.word(b, 4) & REWRITTEN == 0
            && self.view(b).wrapping_sub(self.view(a))
                == self.original(b).wrapping_sub(self.original(a))
    }

    fn locate(&self, pos: usize) -> Located {
        let last = self.len() - 1;
        let pos = pos.min(self.view(last));
        // First point at or after `pos` (binary search: points are sorted).
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.view(mid) < pos {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let first_at = lo;
        if first_at <= last && self.view(first_at) == pos {
            let mut last_at = first_at;
            while last_at < last && self.view(last_at + 1) == pos {
                last_at += 1;
            }
            let (lo, hi) = (self.original(first_at), self.original(last_at));
            return if lo == hi {
                Located::Exact(lo)
            } else {
                Located::Gap { lo, hi }
            };
        }
        // Strictly inside (first_at - 1, first_at); first_at >= 1 since point 0 is at 0 (the
        // arithmetic saturates only for points out of order).
        let (a, b) = (first_at.saturating_sub(1), first_at.min(last));
        if self.is_kept(a, b) {
            Located::Exact(
                self.original(a)
                    .saturating_add(pos.saturating_sub(self.view(a))),
            )
        } else if self.original(a) == self.original(b) {
            Located::Exact(self.original(a))
        } else {
            Located::InsideBlock {
                lo: self.original(a),
                hi: self.original(b),
            }
        }
    }

    /// The Original range covered by the Clean-view range `view` (see
    /// [`OffsetMap::original_range_from_view`]).
    pub fn original_range_from_view(&self, view: Range<usize>) -> Range<usize> {
        let start = match self.locate(view.start) {
            Located::Exact(p) => p,
            Located::Gap { hi, .. } => hi,
            Located::InsideBlock { lo, .. } => lo,
        };
        if view.end <= view.start {
            return start..start;
        }
        let end = match self.locate(view.end) {
            Located::Exact(p) => p,
            Located::Gap { lo, .. } => lo,
            Located::InsideBlock { hi, .. } => hi,
        };
        start..end.max(start)
    }
}

/// Rebuilds an [`OffsetMap`] from its stored points.
fn map_from_bytes(bytes: &[u8]) -> Option<OffsetMap> {
    let mut points = bytes.chunks_exact(POINT_BYTES).map(|point| {
        let word =
            |i: usize| u32::from_le_bytes([point[i], point[i + 1], point[i + 2], point[i + 3]]);
        (
            word(0) as usize,
            (word(4) & !REWRITTEN) as usize,
            word(4) & REWRITTEN != 0,
        )
    });
    let first = points.next()?;
    if (first.0, first.1) != (0, 0) {
        return None;
    }
    let mut builder = OffsetMapBuilder::new();
    let (mut view, mut original) = (0, 0);
    for (view_char, original_char, rewritten) in points {
        let view_step = view_char.checked_sub(view)?;
        let original_step = original_char.checked_sub(original)?;
        if rewritten {
            builder.replace(original_step, view_step);
        } else if view_step == original_step {
            builder.keep(view_step);
        } else {
            return None;
        }
        (view, original) = (view_char, original_char);
    }
    Some(builder.finish())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::text::clean::clean;

    #[test]
    fn clean_maps_round_trip_through_the_format() {
        for text in [
            "",
            "何黨生調(diào)研工業(yè)項(xiàng)目",
            "存量?jī)?yōu)勢 and 鏈?zhǔn)剿季S\r\n(第一期)",
            include_str!("../../seeds/002_6e5af457e60a8f77.txt"),
        ] {
            let cleaned = clean(text);
            let mut buffer = ShardBuffer::default();
            let (_, _, map_at) = buffer.push("", &cleaned.text, &cleaned.map).unwrap();
            let back = map_from_bytes(&buffer.map[map_at.0 as usize * 8..]).unwrap();
            assert_eq!(back, cleaned.map, "{text}");
        }
    }

    #[test]
    fn shards_write_map_and_refuse_damage() {
        let dir = tempfile::tempdir().unwrap();
        let mut buffer = ShardBuffer::default();
        let cleaned = clean("調(diào)研𠮷");
        let placed = buffer.push("调研𠮷", &cleaned.text, &cleaned.map).unwrap();
        let second = buffer.push("b", "B", &OffsetMap::identity(1)).unwrap();
        let path = dir.path().join("a.shard");
        let len = buffer.write_new(&path).unwrap();
        assert!(buffer.write_new(&path).is_err(), "never overwrites");

        let shard = Shard::open(&path, len).unwrap();
        assert_eq!(shard.folded(placed.0).unwrap(), "调研𠮷".as_bytes());
        assert_eq!(shard.clean(placed.1).unwrap(), "調研𠮷".as_bytes());
        assert_eq!(shard.map(placed.2).unwrap(), cleaned.map);
        assert!(!shard.map_is_identity(placed.2));
        assert!(shard.map_is_identity(second.2));
        assert_eq!(shard.clean(second.1).unwrap(), b"B");
        assert_eq!(shard.folded((second.0.0, 99)), None);
        assert_eq!(shard.map((u64::MAX, 2)), None);

        assert!(matches!(
            Shard::open(&path, len + 1),
            Err(ShardError::Corrupt(_))
        ));
        let bytes = std::fs::read(&path).unwrap();
        let truncated = dir.path().join("t.shard");
        std::fs::write(&truncated, &bytes[..bytes.len() - 3]).unwrap();
        assert!(Shard::open(&truncated, len - 3).is_err());
        let garbage = dir.path().join("g.shard");
        std::fs::write(&garbage, vec![0xAB; 64]).unwrap();
        assert!(Shard::open(&garbage, 64).is_err());
        assert!(Shard::open(&dir.path().join("missing"), 1).is_err());
    }

    mod stored {
        use super::*;
        use proptest::prelude::*;

        fn arb_text() -> impl Strategy<Value = String> {
            let pieces = prop::sample::select(vec![
                "調",
                "研",
                "(diào)",
                "(yán)",
                "?jī)",
                "?yōu)",
                "(第一期)",
                "(WEF)",
                "\n",
                "\r\n",
                "。",
                "a",
                "😀",
                "經濟",
                "(jīng)",
            ]);
            prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
        }

        proptest! {
            #[test]
            fn stored_maps_map_like_offset_maps(text in arb_text()) {
                let cleaned = clean(&text);
                let mut buffer = ShardBuffer::default();
                let (_, _, (offset, count)) = buffer.push("", &cleaned.text, &cleaned.map).unwrap();
                let bytes = &buffer.map[offset as usize * 8..][..count as usize * 8];
                let stored = StoredMap::new(bytes).unwrap();
                let len = cleaned.map.view_len();
                for start in 0..=len + 1 {
                    for end in 0..=len + 1 {
                        prop_assert_eq!(
                            stored.original_range_from_view(start..end),
                            cleaned.map.original_range_from_view(start..end),
                            "{:?} in {:?}", start..end, text
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn bad_points_are_no_map() {
        let point = |v: u32, o: u32| [v.to_le_bytes(), o.to_le_bytes()].concat();
        assert!(StoredMap::new(&[point(0, 0), point(3, 3)].concat()).is_some());
        assert!(StoredMap::new(&point(0, 0)).is_none());
        // Out of order: accepted unchecked, maps to something, never panics.
        let unordered = [point(0, 0), point(3, 2), point(2, 4), point(1, 1)].concat();
        let map = StoredMap::new(&unordered).unwrap();
        for start in 0..6 {
            for end in 0..6 {
                map.original_range_from_view(start..end);
            }
        }
        assert!(StoredMap::new(&[point(1, 0), point(3, 3)].concat()).is_none());
        assert!(map_from_bytes(&[point(0, 0), point(3, 3)].concat()).is_some());
        assert!(map_from_bytes(&[point(1, 0), point(3, 3)].concat()).is_none());
        assert!(map_from_bytes(&[point(0, 0), point(3, 2)].concat()).is_none());
        assert!(map_from_bytes(&[point(0, 0), point(3, 3), point(2, 4)].concat()).is_none());
        assert!(map_from_bytes(&[]).is_none());
    }
}
