//! `pizhu search FOLDER QUERY`: every hit of a query in a folder, grep-like, with Original
//! offsets and the text in a chosen view.
//!
//! Exit status as grep's: 0 when something matched, 1 when nothing did, 2 on an error (a bad
//! pattern, an unreadable folder). The folder's search index is opened (built or brought up to
//! date first) in the cache folder; see `pizhu::search::store` and `search_folder`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::Context as _;
use pizhu::search::{
    HitBatch, Query, QueryOptions, SearchOptions, default_cache_dir, search_folder,
};
use pizhu::text::ViewKind;

/// The arguments of `pizhu search`.
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// The folder to search (recursively).
    pub folder: PathBuf,
    /// What to find: text (any script, width and case; crawl damage ignored), or a pattern.
    pub query: String,
    /// QUERY is a regular expression (Rust `regex` syntax), matched on the folded text.
    #[arg(long)]
    pub regex: bool,
    /// No folding: match the Clean view exactly (script, width and case as written).
    #[arg(long)]
    pub exact: bool,
    /// The view the hits are shown in: original, clean, simplified or traditional (or 原文,
    /// 净文, 简, 繁).
    #[arg(long, default_value = "clean", value_parser = parse_view)]
    pub view: ViewKind,
    /// Chars of context shown on each side of a hit.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub context: usize,
    /// Print the number of hits of each file that has any, instead of the hits.
    #[arg(long)]
    pub count: bool,
    /// One JSON object per line: {file, start, end, quote, left, right, view} per hit, or
    /// {file, count} with --count.
    #[arg(long)]
    pub json: bool,
}

fn parse_view(text: &str) -> Result<ViewKind, String> {
    text.parse()
}

/// Runs the search and prints it; returns the exit status.
pub fn run(args: &SearchArgs, out: &mut impl Write, err: &mut impl Write) -> ExitCode {
    // Block-buffered, flushed after each batch of hits: one write per batch, not per line.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    match search_and_print(args, &mut out, err) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) if super::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            out.flush().ok();
            writeln!(err, "pizhu: {error:#}").ok();
            ExitCode::from(2)
        }
    }
}

/// Returns whether anything matched.
fn search_and_print(
    args: &SearchArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<bool> {
    let options = QueryOptions {
        regex: args.regex,
        exact: args.exact,
    };
    // Checked before any work: a bad pattern is the user's to fix at once.
    let query = Query::new(&args.query, options)?;
    let cache = default_cache_dir().context(
        "no cache folder for the search index (set PIZHU_CACHE_DIR to a writable folder)",
    )?;
    let cancel = AtomicBool::new(false);
    let search_options = SearchOptions {
        snippets: (!args.count).then_some((args.view, args.context)),
        ..SearchOptions::default()
    };
    let found = search_folder(&args.folder, &cache, &query, &search_options, &cancel)?;
    for note in &found.opened.update.notes {
        writeln!(err, "pizhu: {note}")?;
    }
    let corpus = &found.opened.corpus;
    let path_of = |id: usize| -> PathBuf { args.folder.join(&corpus.articles[id].relative) };
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    if args.count {
        for hit in &found.hits.hits {
            *counts.entry(hit.article.0).or_default() += 1;
        }
    } else {
        print_batch(&found.hits, args, &path_of, out, err)?;
    }
    let summary = &found.summary;
    log::debug!("search: {summary:?}, printed; memory: {}", memory());
    for (id, count) in counts {
        let path = path_of(id);
        if args.json {
            let object = serde_json::json!({ "file": path.to_string_lossy(), "count": count });
            writeln!(out, "{object}")?;
        } else {
            writeln!(out, "{}:{count}", path.display())?;
        }
    }
    out.flush().context("cannot write to standard output")?;
    let matched = summary.hits > 0;
    // The process ends now: freeing 100 000 articles' metadata one by one would only delay it.
    std::mem::forget(found);
    Ok(matched)
}

fn print_batch(
    batch: &HitBatch,
    args: &SearchArgs,
    path_of: &impl Fn(usize) -> PathBuf,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<()> {
    // Hits come grouped by article: its path is made once per article, not once per hit.
    let mut current: Option<(usize, PathBuf)> = None;
    for (hit, snippet) in batch.hits.iter().zip(&batch.snippets) {
        let article = hit.article.0;
        let path = match &current {
            Some((id, path)) if *id == article => path,
            _ => &current.insert((article, path_of(article))).1,
        };
        let snippet = match snippet {
            Ok(snippet) => snippet,
            Err(why) => {
                writeln!(err, "pizhu: {}: {why}", path.display())?;
                continue;
            }
        };
        if args.json {
            let object = serde_json::json!({
                "file": path.to_string_lossy(),
                "start": hit.original.start,
                "end": hit.original.end,
                "quote": snippet.hit,
                "left": snippet.left,
                "right": snippet.right,
                "view": args.view.name(),
            });
            writeln!(out, "{object}")?;
        } else {
            write_path(out, path)?;
            write!(out, ":{}-{}: ", hit.original.start, hit.original.end)?;
            write_one_line(out, &snippet.left)?;
            out.write_all("【".as_bytes())?;
            write_one_line(out, &snippet.hit)?;
            out.write_all("】".as_bytes())?;
            write_one_line(out, &snippet.right)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Writes a path as `Path::display` shows it.
fn write_path(out: &mut impl Write, path: &std::path::Path) -> std::io::Result<()> {
    match path.to_str() {
        Some(path) => out.write_all(path.as_bytes()),
        None => write!(out, "{}", path.display()),
    }
}

/// Writes context on one line: line breaks (`\r\n`, `\n`, `\r`) shown as `⏎`, tabs as
/// spaces; without building a new string for it.
fn write_one_line(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let mut copied = 0;
    for at in memchr::memchr3_iter(b'\r', b'\n', b'\t', bytes) {
        if at < copied {
            // The `\n` of a `\r\n` already written.
            continue;
        }
        out.write_all(&bytes[copied..at])?;
        copied = at + 1;
        match bytes[at] {
            b'\t' => out.write_all(b" ")?,
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => {
                out.write_all("⏎".as_bytes())?;
                copied = at + 2;
            }
            _ => out.write_all("⏎".as_bytes())?,
        }
    }
    out.write_all(&bytes[copied..])
}

/// This process's resident memory, anonymous and file-backed (the mapped index), for the debug
/// log (Linux; empty elsewhere).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .filter(|line| {
            ["VmHWM:", "RssAnon:", "RssFile:"]
                .iter()
                .any(|f| line.starts_with(f))
        })
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    /// The allocating version the printer used before.
    fn one_line(text: &str) -> String {
        text.replace("\r\n", "⏎")
            .replace(['\n', '\r'], "⏎")
            .replace('\t', " ")
    }

    #[test]
    fn context_is_written_on_one_line_as_before() {
        for text in [
            "",
            "经济\r\n發展",
            "a\n\nb\r\rc\r\n\r\nd",
            "\r",
            "\n",
            "\t𠮷\t",
            "end\r",
            "\r\n\n\r",
            "调研\t（２０２３）\r\n",
        ] {
            let mut written = Vec::new();
            write_one_line(&mut written, text).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                one_line(text),
                "{text:?}"
            );
        }
    }
}
