//! The corpus tag set: ids (`PER`), labels (人物), colours and the 1–9 keys that apply them.
//!
//! No offsets here. The tag set lives in the corpus file `pizhu.ron` (see `sidecar.rs`); an
//! annotation refers to a tag by [`TagId`] only, so renaming or recolouring a tag touches no
//! sidecar, and an annotation whose tag was removed keeps its id (shown as an unknown tag).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A tag's stable id, e.g. `PER`: what sidecars and exports store.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TagId(String);

impl TagId {
    /// Longest id accepted, in chars.
    pub const MAX_CHARS: usize = 32;

    /// A checked id: 1–32 letters, digits, `_` or `-` (any script), so it survives every export
    /// format (brat type names cannot contain spaces).
    pub fn new(id: &str) -> Result<Self, TagError> {
        let chars = id.chars().count();
        let valid = (1..=Self::MAX_CHARS).contains(&chars)
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if valid {
            Ok(Self(id.to_owned()))
        } else {
            Err(TagError::InvalidId(id.to_owned()))
        }
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TagId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tag of the corpus tag set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// Stable id stored in sidecars (`PER`).
    pub id: TagId,
    /// What the UI shows (人物).
    pub label: String,
    /// sRGB colour; stored as `"#rrggbb"`.
    #[serde(with = "hex_colour")]
    pub colour: [u8; 3],
    /// The number key (1–9) that applies the tag to a selection.
    pub key: Option<u8>,
}

/// Why a tag-set edit was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    /// Not 1–32 letters, digits, `_` or `-`.
    #[error("invalid tag id {0:?}: use 1–32 letters, digits, _ or -")]
    InvalidId(String),
    /// Another tag already has this id.
    #[error("a tag with id {0} already exists")]
    DuplicateId(TagId),
    /// No tag has this id.
    #[error("no tag with id {0}")]
    Unknown(TagId),
    /// Keys are 1–9.
    #[error("tag key must be 1–9, not {0}")]
    InvalidKey(u8),
    /// Labels cannot be empty (the UI would show nothing).
    #[error("tag label cannot be empty")]
    EmptyLabel,
}

/// The ordered tag set of a corpus (order = palette order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TagSet {
    tags: Vec<Tag>,
}

/// The default tags: (id, label, colour). Colours are the Tableau 10 palette: distinct, calm on
/// a light page, and tested for colour-blind readers.
const DEFAULT_TAGS: [(&str, &str, [u8; 3]); 7] = [
    ("PER", "人物", [0x4e, 0x79, 0xa7]),
    ("LOC", "地点", [0x59, 0xa1, 0x4f]),
    ("ORG", "机构", [0xf2, 0x8e, 0x2b]),
    ("DATE", "日期", [0xb0, 0x7a, 0xa1]),
    ("EVENT", "事件", [0xe1, 0x57, 0x59]),
    ("POLICY", "政策", [0x76, 0xb7, 0xb2]),
    ("MISC", "其他", [0x9c, 0x75, 0x5f]),
];

impl Default for TagSet {
    /// 人物 PER, 地点 LOC, 机构 ORG, 日期 DATE, 事件 EVENT, 政策 POLICY, 其他 MISC on keys 1–7.
    fn default() -> Self {
        let tags = DEFAULT_TAGS
            .iter()
            .zip(1u8..)
            .map(|(&(id, label, colour), key)| Tag {
                id: TagId(id.to_owned()),
                label: label.to_owned(),
                colour,
                key: Some(key),
            })
            .collect();
        Self { tags }
    }
}

impl TagSet {
    /// An empty tag set.
    pub fn empty() -> Self {
        Self { tags: Vec::new() }
    }

    /// The tags in palette order.
    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }

    /// Number of tags.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    /// True when there are no tags.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// The tag with this id.
    pub fn get(&self, id: &TagId) -> Option<&Tag> {
        self.tags.iter().find(|t| &t.id == id)
    }

    /// The tag bound to number key `key` (1–9).
    pub fn by_key(&self, key: u8) -> Option<&Tag> {
        self.tags.iter().find(|t| t.key == Some(key))
    }

    fn get_mut(&mut self, id: &TagId) -> Result<&mut Tag, TagError> {
        self.tags
            .iter_mut()
            .find(|t| &t.id == id)
            .ok_or_else(|| TagError::Unknown(id.clone()))
    }

    /// Appends a tag. Its key, if any, is taken from whichever tag had it (returned).
    pub fn add(&mut self, tag: Tag) -> Result<Option<TagId>, TagError> {
        if self.get(&tag.id).is_some() {
            return Err(TagError::DuplicateId(tag.id));
        }
        if tag.label.trim().is_empty() {
            return Err(TagError::EmptyLabel);
        }
        let key = tag.key;
        check_key(key)?;
        let id = tag.id.clone();
        self.tags.push(Tag { key: None, ..tag });
        self.rebind(&id, key)
    }

    /// Changes a tag's label.
    pub fn rename(&mut self, id: &TagId, label: &str) -> Result<(), TagError> {
        if label.trim().is_empty() {
            return Err(TagError::EmptyLabel);
        }
        self.get_mut(id)?.label = label.to_owned();
        Ok(())
    }

    /// Changes a tag's colour.
    pub fn recolour(&mut self, id: &TagId, colour: [u8; 3]) -> Result<(), TagError> {
        self.get_mut(id)?.colour = colour;
        Ok(())
    }

    /// Binds number key `key` (1–9) to the tag, or unbinds it with `None`. A key belongs to one
    /// tag: the tag that had it loses it and its id is returned, so the UI can say so.
    pub fn rebind(&mut self, id: &TagId, key: Option<u8>) -> Result<Option<TagId>, TagError> {
        check_key(key)?;
        self.get_mut(id)?;
        let mut previous = None;
        for tag in &mut self.tags {
            if &tag.id == id {
                tag.key = key;
            } else if key.is_some() && tag.key == key {
                tag.key = None;
                previous = Some(tag.id.clone());
            }
        }
        Ok(previous)
    }

    /// Removes a tag and returns it. Whether annotations still use it is the store's question
    /// (`AnnotationStore::remove_tag` counts them first).
    pub fn remove(&mut self, id: &TagId) -> Result<Tag, TagError> {
        let i = self
            .tags
            .iter()
            .position(|t| &t.id == id)
            .ok_or_else(|| TagError::Unknown(id.clone()))?;
        Ok(self.tags.remove(i))
    }
}

fn check_key(key: Option<u8>) -> Result<(), TagError> {
    match key {
        Some(k) if !(1..=9).contains(&k) => Err(TagError::InvalidKey(k)),
        _ => Ok(()),
    }
}

/// `[u8; 3]` as `"#rrggbb"`, so `pizhu.ron` reads like CSS.
mod hex_colour {
    use super::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(colour: &[u8; 3], s: S) -> Result<S::Ok, S::Error> {
        let [r, g, b] = colour;
        s.serialize_str(&format!("#{r:02x}{g:02x}{b:02x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 3], D::Error> {
        let text = String::deserialize(d)?;
        parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("colour must be \"#rrggbb\", not {text:?}"))
        })
    }

    pub fn parse(text: &str) -> Option<[u8; 3]> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        Some([channel(0)?, channel(2)?, channel(4)?])
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    fn id(s: &str) -> TagId {
        TagId::new(s).unwrap()
    }

    #[test]
    fn defaults_are_seven_distinct_tags_on_keys_1_to_7() {
        let set = TagSet::default();
        let ids: Vec<&str> = set.tags().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            ["PER", "LOC", "ORG", "DATE", "EVENT", "POLICY", "MISC"]
        );
        let labels: Vec<&str> = set.tags().iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            labels,
            ["人物", "地点", "机构", "日期", "事件", "政策", "其他"]
        );
        for (i, tag) in set.tags().iter().enumerate() {
            assert_eq!(tag.key, Some(i as u8 + 1));
        }
        let mut colours: Vec<[u8; 3]> = set.tags().iter().map(|t| t.colour).collect();
        colours.sort_unstable();
        colours.dedup();
        assert_eq!(colours.len(), 7);
        assert_eq!(set.by_key(2).map(|t| t.label.as_str()), Some("地点"));
        assert!(set.by_key(8).is_none());
    }

    #[test]
    fn tag_ids_are_checked() {
        assert!(TagId::new("PER").is_ok());
        assert!(TagId::new("人物_2").is_ok());
        assert_eq!(
            TagId::new("two words"),
            Err(TagError::InvalidId("two words".into()))
        );
        assert!(TagId::new("").is_err());
        assert!(TagId::new(&"X".repeat(33)).is_err());
    }

    #[test]
    fn add_rename_recolour_and_remove() {
        let mut set = TagSet::default();
        let law = Tag {
            id: id("LAW"),
            label: "法律".into(),
            colour: [1, 2, 3],
            key: Some(8),
        };
        assert_eq!(set.add(law.clone()), Ok(None));
        assert_eq!(set.add(law), Err(TagError::DuplicateId(id("LAW"))));
        set.rename(&id("LAW"), "法规").unwrap();
        set.recolour(&id("LAW"), [9, 9, 9]).unwrap();
        let tag = set.get(&id("LAW")).unwrap();
        assert_eq!((tag.label.as_str(), tag.colour), ("法规", [9, 9, 9]));
        assert_eq!(set.rename(&id("LAW"), "  "), Err(TagError::EmptyLabel));
        assert_eq!(set.remove(&id("LAW")).unwrap().label, "法规");
        assert_eq!(set.remove(&id("LAW")), Err(TagError::Unknown(id("LAW"))));
        assert_eq!(set.len(), 7);
    }

    #[test]
    fn rebinding_a_key_takes_it_from_its_holder() {
        let mut set = TagSet::default();
        assert_eq!(set.rebind(&id("MISC"), Some(1)), Ok(Some(id("PER"))));
        assert_eq!(set.get(&id("PER")).unwrap().key, None);
        assert_eq!(set.by_key(1).unwrap().id, id("MISC"));
        assert_eq!(set.rebind(&id("MISC"), None), Ok(None));
        assert!(set.by_key(1).is_none());
        assert_eq!(
            set.rebind(&id("PER"), Some(0)),
            Err(TagError::InvalidKey(0))
        );
        assert_eq!(
            set.rebind(&id("PER"), Some(10)),
            Err(TagError::InvalidKey(10))
        );
    }

    #[test]
    fn colours_round_trip_as_hex() {
        assert_eq!(hex_colour::parse("#4e79a7"), Some([0x4e, 0x79, 0xa7]));
        assert_eq!(hex_colour::parse("#4E79A7"), Some([0x4e, 0x79, 0xa7]));
        assert_eq!(hex_colour::parse("4e79a7"), None);
        assert_eq!(hex_colour::parse("#4e79a"), None);
        assert_eq!(hex_colour::parse("#中文字"), None);
        let set = TagSet::default();
        let text = ron::to_string(&set).unwrap();
        assert!(text.contains("\"#4e79a7\""), "{text}");
        let back: TagSet = ron::from_str(&text).unwrap();
        assert_eq!(back, set);
    }
}
