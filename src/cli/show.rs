//! `pizhu show FILE [--view V] [--variant …] [--source …] [--ascii-punctuation]`: prints one
//! view of an article exactly, the 简 and 繁 views converted as the window converts them
//! (regional choice, the corpus's user phrases).

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use pizhu::corpus::Article;
use pizhu::text::{CleanOptions, ScriptOptions, View, ViewKind};

/// Prints view `kind` of the article at `path` to `out`, byte for byte (UTF-8); the 净文 view
/// (and 简/繁 from it) made with `clean`, the 简 and 繁 views with `options` and the user
/// phrases of the article's corpus (notes about them go to `notes`).
pub fn run(
    path: &Path,
    kind: ViewKind,
    options: ScriptOptions,
    clean: &CleanOptions,
    out: &mut impl Write,
    notes: &mut impl Write,
) -> anyhow::Result<()> {
    let article = Article::load(path)?;
    let text = match kind {
        ViewKind::Original => article.decoded.text,
        ViewKind::Clean => {
            View::render_with_options(
                article.original(),
                kind,
                &pizhu::text::ViewConverters::default(),
                clean,
            )
            .text
        }
        kind => {
            let root = super::annotate::corpus_root_for(path);
            let converters = super::scripts::converters_for(&root, options, notes);
            View::render_with_options(article.original(), kind, &converters, clean).text
        }
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to standard output")?;
    Ok(())
}
