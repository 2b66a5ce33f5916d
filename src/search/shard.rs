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

    /// A map, rebuilt; `None` if the location is outside the section or the points do not
    /// describe a map (not sorted, not starting at zero).
    pub fn map(&self, at: (u64, u32)) -> Option<OffsetMap> {
        map_from_bytes(self.map_bytes(at)?)
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

    #[test]
    fn bad_points_are_no_map() {
        let point = |v: u32, o: u32| [v.to_le_bytes(), o.to_le_bytes()].concat();
        assert!(map_from_bytes(&[point(0, 0), point(3, 3)].concat()).is_some());
        assert!(map_from_bytes(&[point(1, 0), point(3, 3)].concat()).is_none());
        assert!(map_from_bytes(&[point(0, 0), point(3, 2)].concat()).is_none());
        assert!(map_from_bytes(&[point(0, 0), point(3, 3), point(2, 4)].concat()).is_none());
        assert!(map_from_bytes(&[]).is_none());
    }
}
