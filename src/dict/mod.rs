//! The dictionary: CC-CEDICT lookups in both scripts, tone-marked pinyin, word boundaries and
//! ruby. No UI here; offsets are chars of the text a caller passes (any view's text).
//!
//! The bundled CC-CEDICT (`assets/cedict/`, CC BY-SA 4.0, see [`ATTRIBUTION`]) is embedded
//! gzip-compressed and turned into a [`Dictionary`] on first use, once per process:
//! [`Dictionary::shared`] builds it (about a quarter of a second, release build) and returns it;
//! the window calls [`Dictionary::warm_up`] on a worker thread and [`Dictionary::try_shared`]
//! each frame, which never waits.
//!
//! ```
//! use pizhu::dict::Dictionary;
//! let dict = Dictionary::shared().expect("the bundled dictionary");
//! assert_eq!(dict.entries("經濟")[0].pinyin(), "jīng jì");
//! assert_eq!(dict.word_at("發展經濟。", 2), 2..4);
//! assert_eq!(dict.ruby("重庆银行").reading(0..4), "chóng qìng yín háng");
//! ```

pub mod cedict;
mod dictionary;
mod lookup;
mod pinyin;
mod ruby;
mod segment;

use std::io::Read as _;
use std::sync::OnceLock;

pub use dictionary::{Dictionary, Entry, EntryId, SkippedLine, is_han};
pub use lookup::{Lookup, Related};
pub use pinyin::{Syllable, marked_from_numbered, marked_in_gloss};
pub use ruby::{Ruby, SourcePinyin, source_syllables};

/// The bundled CC-CEDICT, gzip-compressed as MDBG publishes it.
const CEDICT_GZ: &[u8] = include_bytes!("../../assets/cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz");

/// Preferred readings of characters CC-CEDICT reads several ways (from Unicode Unihan).
const READINGS: &str = include_str!("../../assets/cedict/readings.txt");

/// The release of the bundled CC-CEDICT (its `#! date=` header line).
pub const CEDICT_DATE: &str = "2023-11-07";

/// The attribution the About box and the README show for the bundled data.
pub const ATTRIBUTION: &str = "Dictionary: CC-CEDICT (MDBG, release of 2023-11-07, 122,143 \
entries), a community-maintained Chinese–English dictionary based on CEDICT © 1997, 1998 Paul \
Andrew Denisowski; licensed under the Creative Commons Attribution-ShareAlike 4.0 International \
License (https://creativecommons.org/licenses/by-sa/4.0/). https://cc-cedict.org/wiki/ \
Preferred character readings for pinyin: Unicode Unihan database 15.0 (kHanyuPinlu, kMandarin), \
© Unicode, Inc., Unicode data licence.";

/// Why the bundled dictionary could not be built (only a broken build of Pizhu can cause this).
#[derive(Clone, Debug, thiserror::Error)]
pub enum DictError {
    /// The embedded file does not decompress to UTF-8 text.
    #[error("the bundled CC-CEDICT data (assets/cedict) cannot be read: {0}")]
    Bundled(String),
}

static SHARED: OnceLock<Result<Dictionary, DictError>> = OnceLock::new();

impl Dictionary {
    /// The bundled CC-CEDICT, built on first use (this call then takes about a quarter of a
    /// second in a release build: call [`warm_up`](Self::warm_up) from a worker thread first, and
    /// [`try_shared`](Self::try_shared) on the UI thread).
    pub fn shared() -> Result<&'static Dictionary, DictError> {
        SHARED
            .get_or_init(|| {
                let started = std::time::Instant::now();
                let built = Self::load_bundled();
                if let Ok(dict) = &built {
                    log::info!(
                        "CC-CEDICT: {} entries, {} headwords, {} MB, built in {:?}",
                        dict.len(),
                        dict.headword_count(),
                        dict.heap_bytes() / 1_000_000,
                        started.elapsed()
                    );
                }
                built
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Builds a new, unshared copy of the bundled dictionary (what [`shared`](Self::shared)
    /// does once; for benchmarks and tools).
    pub fn load_bundled() -> Result<Dictionary, DictError> {
        bundled_cedict_text().map(|text| Dictionary::build(text, READINGS))
    }

    /// The bundled dictionary if it is built already, without waiting (for the UI thread).
    pub fn try_shared() -> Option<&'static Dictionary> {
        SHARED.get().and_then(|built| built.as_ref().ok())
    }

    /// Builds the bundled dictionary now unless it is built (call it from a worker thread).
    pub fn warm_up() {
        if let Err(error) = Self::shared() {
            log::warn!("{error}");
        }
    }

    /// True once [`shared`](Self::shared) will not wait (built, or failed).
    pub fn is_ready() -> bool {
        SHARED.get().is_some()
    }
}

/// The bundled CC-CEDICT file, decompressed (9.6 MB of text).
pub fn bundled_cedict_text() -> Result<String, DictError> {
    decompress(CEDICT_GZ)
}

/// The text of a gzip file.
fn decompress(gz: &[u8]) -> Result<String, DictError> {
    let mut text = String::with_capacity(gz.len() * 3);
    flate2::read::GzDecoder::new(gz)
        .read_to_string(&mut text)
        .map_err(|e| DictError::Bundled(e.to_string()))?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_archive_is_an_error() {
        assert!(decompress(b"not gzip").is_err());
        assert!(decompress(&[]).is_err());
    }

    #[test]
    fn bundled_dictionary_matches_its_attribution() {
        let dict = Dictionary::shared().expect("bundled");
        assert!(
            dict.skipped_lines().is_empty(),
            "{:?}",
            &dict.skipped_lines()[..1]
        );
        assert_eq!(dict.len(), 122_143);
        assert!(ATTRIBUTION.contains("122,143"));
        let text = bundled_cedict_text().expect("bundled");
        assert!(text.contains(&format!("#! date={CEDICT_DATE}T")));
        assert!(ATTRIBUTION.contains(CEDICT_DATE));
        assert!(Dictionary::is_ready());
        assert!(Dictionary::try_shared().is_some());
    }
}
