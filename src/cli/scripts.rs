//! `--variant` and `--source` of `pizhu show` and `pizhu tag`: which regional standard the 繁
//! view is converted to and which the 简 view is converted from, as the window's 字形 menu
//! chooses them; and the corpus's user phrases (its `pizhu.ron`), which both commands apply as
//! the window does, so `show` prints and `tag --quote` searches exactly what the window shows.
//!
//! Offsets: none of its own.

use std::io::Write;
use std::path::Path;

use clap::{Args, ValueEnum};

use pizhu::annotate::sidecar::{CORPUS_FILE_NAME, read_corpus_file};
use pizhu::text::convert::UserPhrase;
use pizhu::text::{ScriptOptions, SimplifiedSource, TraditionalVariant, ViewConverters};

/// The flags.
#[derive(Clone, Copy, Debug, Args)]
pub struct ScriptArgs {
    /// The 繁 view's standard (OpenCC s2t, s2tw, s2twp, s2hk).
    #[arg(long, value_enum, default_value_t = VariantArg::Opencc)]
    pub variant: VariantArg,
    /// What the 简 view converts from (OpenCC t2s, tw2s, tw2sp, hk2s).
    #[arg(long, value_enum, default_value_t = SourceArg::Auto)]
    pub source: SourceArg,
}

/// `--variant`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum VariantArg {
    /// 繁體 (OpenCC), s2t.
    Opencc,
    /// 臺灣正體, s2tw.
    Taiwan,
    /// 臺灣正體+用語, s2twp.
    TaiwanPhrases,
    /// 香港繁體, s2hk.
    HongKong,
}

/// `--source`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SourceArg {
    /// Any traditional text, t2s.
    Auto,
    /// 臺灣, tw2s.
    Taiwan,
    /// 臺灣+用語, tw2sp.
    TaiwanPhrases,
    /// 香港, hk2s.
    HongKong,
}

impl From<ScriptArgs> for ScriptOptions {
    fn from(args: ScriptArgs) -> Self {
        Self {
            traditional: match args.variant {
                VariantArg::Opencc => TraditionalVariant::Opencc,
                VariantArg::Taiwan => TraditionalVariant::Taiwan,
                VariantArg::TaiwanPhrases => TraditionalVariant::TaiwanPhrases,
                VariantArg::HongKong => TraditionalVariant::HongKong,
            },
            simplified_source: match args.source {
                SourceArg::Auto => SimplifiedSource::Auto,
                SourceArg::Taiwan => SimplifiedSource::Taiwan,
                SourceArg::TaiwanPhrases => SimplifiedSource::TaiwanPhrases,
                SourceArg::HongKong => SimplifiedSource::HongKong,
            },
        }
    }
}

/// The converters of `options` with the user phrases of the corpus `root` (its `pizhu.ron`).
/// A `pizhu.ron` that cannot be read leaves OpenCC's conversion, with a note saying so; the
/// file itself is not touched.
pub fn converters_for(
    root: &Path,
    options: ScriptOptions,
    notes: &mut impl Write,
) -> ViewConverters {
    let phrases = corpus_phrases(root, notes);
    if phrases.is_empty() {
        return ViewConverters::new(options);
    }
    let (converters, issues) = ViewConverters::with_user_phrases(options, &phrases);
    for issue in issues {
        // Best effort: a note that cannot be written is no reason to fail the command.
        let _ = writeln!(
            notes,
            "note: user phrase {} of {} is not used: {}",
            issue.index + 1,
            root.join(CORPUS_FILE_NAME).display(),
            issue.problem
        );
    }
    converters
}

/// The user phrases of the corpus `root`, none when it has no readable `pizhu.ron`.
fn corpus_phrases(root: &Path, notes: &mut impl Write) -> Vec<UserPhrase> {
    match read_corpus_file(&root.join(CORPUS_FILE_NAME)) {
        Ok(Some(loaded)) => loaded.value.settings.user_phrases,
        Ok(None) => Vec::new(),
        Err(error) => {
            let _ = writeln!(
                notes,
                "note: the user phrases are not applied ({error}); the 简 and 繁 views are OpenCC's"
            );
            Vec::new()
        }
    }
}
