//! `pizhu export FOLDER|FILE --format F [--view V] [--offsets U] [--tags T,…] -o OUT`: writes
//! annotations in an annotation tool's format through the library's [`export`] (the same code the
//! window runs on a worker).
//!
//! A folder exports its articles that have annotations (`--all-articles`: every article); a file
//! exports that article (its corpus is found like `pizhu tag` finds it). Offsets in the output
//! are in the chars of `--view`, counted in `--offsets`. Progress goes to stderr for long runs,
//! then a summary and the first problems (annotations the view removed, orphans); nothing is
//! written when the export fails.

use std::io::{IsTerminal as _, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use pizhu::export::{
    Destination, ExportOptions, ExportRequest, Format, OffsetUnit, Progress, Scope, TagFilter,
    export,
};
use pizhu::format::human_bytes;
use pizhu::text::ViewKind;

use super::annotate::{absolute_article_path, corpus_root_for};

/// What `pizhu export` was asked.
#[derive(Clone, Debug)]
pub struct ExportArgs {
    /// A corpus folder or one article.
    pub source: PathBuf,
    /// The format.
    pub format: Format,
    /// The view.
    pub view: ViewKind,
    /// The offset unit (`None`: the format's default).
    pub unit: Option<OffsetUnit>,
    /// Only these tags.
    pub tags: Option<TagFilter>,
    /// Also articles without annotations.
    pub all_articles: bool,
    /// Also write the manifest here.
    pub manifest: Option<PathBuf>,
    /// The output file or folder (`-`: standard output).
    pub out: PathBuf,
}

/// How many problems are printed (all are in the manifest).
const PROBLEMS_SHOWN: usize = 10;

/// Runs the export; the summary and problems go to `notes` (stderr).
pub fn run(args: ExportArgs, notes: &mut impl Write) -> anyhow::Result<()> {
    let (root, scope, include_unannotated) = if args.source.is_dir() {
        (args.source.clone(), Scope::Corpus, args.all_articles)
    } else if args.source.is_file() {
        let article = absolute_article_path(&args.source)?;
        (
            corpus_root_for(&article),
            Scope::Articles(vec![article.into()]),
            true,
        )
    } else {
        anyhow::bail!("{} is not a folder or a file", args.source.display());
    };
    let mut options = ExportOptions::new(args.format);
    options.view = args.view;
    options.unit = args.unit;
    options.tags = args.tags;
    options.include_unannotated = include_unannotated;
    let request = ExportRequest {
        corpus_root: root,
        scope,
        options,
        destination: Destination::for_format(args.format, &args.out),
        manifest_path: args.manifest,
    };
    let cancel = AtomicBool::new(false);
    let mut meter = Meter::new(std::io::stderr().is_terminal());
    let outcome = export(&request, &cancel, &mut |progress| meter.update(progress));
    meter.clear();
    let outcome = outcome?;
    let manifest = &outcome.manifest;
    let destination = match outcome.written.first() {
        Some(path) => path.display().to_string(),
        None => "standard output".to_owned(),
    };
    writeln!(notes, "pizhu: wrote {destination}: {}", manifest.summary())?;
    for extra in outcome.written.iter().skip(1) {
        writeln!(notes, "pizhu: also wrote {}", extra.display())?;
    }
    let listed: Vec<_> = manifest.problems.iter().collect();
    for problem in listed.iter().take(PROBLEMS_SHOWN) {
        writeln!(
            notes,
            "pizhu: note: {}: {}",
            problem.file,
            one_line(&problem.detail)
        )?;
    }
    let more = manifest.problems.len().saturating_sub(PROBLEMS_SHOWN);
    if more > 0 || manifest.problems_truncated {
        let hint = if request.options.format.writes_folder() {
            "see pizhu-export.json"
        } else {
            "write them all with --manifest FILE"
        };
        writeln!(notes, "pizhu: note: … and {more} more ({hint})")?;
    }
    Ok(())
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// Progress on stderr: nothing for a quick export; after a second, a line every second that
/// rewrites itself on a terminal (or every ten seconds, one line each, in a log).
struct Meter {
    terminal: bool,
    started: Instant,
    last: Option<Instant>,
    shown: bool,
}

impl Meter {
    fn new(terminal: bool) -> Self {
        Self {
            terminal,
            started: Instant::now(),
            last: None,
            shown: false,
        }
    }

    fn update(&mut self, progress: &Progress) {
        let now = Instant::now();
        let every = if self.terminal {
            Duration::from_secs(1)
        } else {
            Duration::from_secs(10)
        };
        if now.duration_since(self.started) < Duration::from_secs(1)
            || self
                .last
                .is_some_and(|last| now.duration_since(last) < every)
        {
            return;
        }
        self.last = Some(now);
        let total = progress
            .total
            .map_or_else(String::new, |t| format!(" of {t}"));
        let line = format!(
            "pizhu: export: {}{total} articles looked at, {} exported, {} written",
            progress.done,
            progress.exported,
            human_bytes(progress.bytes)
        );
        let mut err = std::io::stderr().lock();
        // Progress is best effort: a closed stderr must not stop the export.
        let written = if self.terminal {
            write!(err, "\r\x1b[2K{line}").and_then(|()| err.flush())
        } else {
            writeln!(err, "{line}")
        };
        self.shown = written.is_ok();
    }

    fn clear(&mut self) {
        if self.shown && self.terminal {
            let mut err = std::io::stderr().lock();
            if write!(err, "\r\x1b[2K").and_then(|()| err.flush()).is_err() {
                self.shown = false;
            }
        }
    }
}
