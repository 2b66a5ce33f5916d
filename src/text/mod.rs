//! Text views of an article and the offset maps between them and the Original.
//!
//! Offsets everywhere in this module are Unicode code points (chars), never bytes.
//!
//! - [`view`]: [`View`] and [`ViewKind`], rendering Original → a view with its [`OffsetMap`];
//!   [`ViewConverters`] holds the 简/繁 views' regional choices and user phrases.
//! - [`offsets`]: [`OffsetMap`], the two-way view ↔ Original map.
//! - [`clean`]: the Clean view (净文): inline-pinyin artefacts and lost characters
//!   ([`CleanOptions`]).
//! - [`boilerplate`]: recognising page-chrome lines and appended related articles, which Clean
//!   marks.
//! - [`punctuation`]: restoring full-width punctuation between Chinese characters, one char for
//!   one, in the Clean view.
//! - [`convert`]: OpenCC-identical 简↔繁 ([`Target`], [`OpenccConfig`] with the regional
//!   configs) with its map, user phrases, ambiguities, and [`Script`] detection.
//! - [`chars`]: slicing by char ([`chars::TextIndex`], [`chars::slice_clamped`]).

pub mod boilerplate;
pub mod chars;
pub mod clean;
pub mod convert;
pub mod offsets;
pub(crate) mod pinyin;
pub mod punctuation;
pub mod view;

pub use clean::CleanOptions;
pub use convert::{OpenccConfig, Script, Target};
pub use offsets::{Bias, OffsetMap, OffsetMapBuilder};
pub use view::{
    ScriptOptions, SimplifiedSource, TraditionalVariant, View, ViewConverters, ViewKind,
};
