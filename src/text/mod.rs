//! Text views of an article and the offset maps between them and the Original.
//!
//! Offsets everywhere in this module are Unicode code points (chars), never bytes.

pub mod clean;
pub mod convert;
pub mod offsets;
pub(crate) mod pinyin;
pub mod view;

pub use convert::{Script, Target};
pub use offsets::{Bias, OffsetMap, OffsetMapBuilder};
pub use view::{View, ViewKind};
