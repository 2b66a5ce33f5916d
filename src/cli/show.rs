//! `pizhu show FILE [--view V]`: prints one view of an article exactly.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use pizhu::corpus::Article;
use pizhu::text::{View, ViewKind};

/// Prints view `kind` of the article at `path` to `out`, byte for byte (UTF-8).
pub fn run(path: &Path, kind: ViewKind, out: &mut impl Write) -> anyhow::Result<()> {
    let article = Article::load(path)?;
    let text = match kind {
        ViewKind::Original => article.decoded.text,
        kind => View::render(article.original(), kind).text,
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to standard output")?;
    Ok(())
}
