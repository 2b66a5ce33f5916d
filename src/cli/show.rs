//! `pizhu show FILE [--view V] [--ascii-punctuation]`: prints one view of an article exactly.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use pizhu::corpus::Article;
use pizhu::text::{CleanOptions, View, ViewConverters, ViewKind};

/// Prints view `kind` of the article at `path` to `out`, byte for byte (UTF-8), the 净文 view
/// (and 简/繁 from it) made with `clean`.
pub fn run(
    path: &Path,
    kind: ViewKind,
    clean: &CleanOptions,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let article = Article::load(path)?;
    let text = match kind {
        ViewKind::Original => article.decoded.text,
        kind => {
            View::render_with_options(article.original(), kind, &ViewConverters::default(), clean)
                .text
        }
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to standard output")?;
    Ok(())
}
