//! The `pizhu` command: parses arguments and dispatches to the reader window or a CLI command.

mod cli;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Parser, Subcommand, ValueEnum};

use pizhu::corpus::ScanOptions;
use pizhu::text::{Target, ViewKind};

/// Pizhu (批注): read and annotate folders of Chinese articles.
#[derive(Parser)]
#[command(version, about, args_conflicts_with_subcommands = true)]
struct Cli {
    /// Folder to open in the reader window (default: the last folder, else the bundled seeds).
    folder: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// List every article of a folder with its metadata, then the files that were skipped.
    Scan {
        /// The folder to scan (recursively).
        folder: PathBuf,
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
        /// Skip files larger than this many bytes.
        #[arg(long, value_name = "BYTES", default_value_t = ScanOptions::default().max_file_bytes)]
        max_size: u64,
    },
    /// Print one view of an article exactly (original = the decoded file as UTF-8).
    Show {
        /// The article file (any encoding Pizhu reads).
        file: PathBuf,
        /// Which view to print.
        #[arg(long, value_enum, default_value_t = ViewArg::Original)]
        view: ViewArg,
    },
    /// Convert text like OpenCC 1.4.2 (s2t / t2s) and write it to standard output.
    Convert {
        /// The script to convert to.
        #[arg(long, value_enum)]
        to: TargetArg,
        /// The input file, or `-` for standard input (the default).
        file: Option<PathBuf>,
    },
    /// List an article's annotations: id, Original char range, tag, state, quote, note.
    Annotations {
        /// The article file.
        file: PathBuf,
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Annotate a passage of an article, found by its text or by char offsets in a view.
    #[command(group(ArgGroup::new("passage").required(true).args(["quote", "start"])))]
    Tag {
        /// The article file.
        file: PathBuf,
        /// A tag id of the corpus tag set (PER, LOC, …), or `none` / `highlight` for a plain highlight.
        #[arg(long)]
        tag: String,
        /// The passage's text as it reads in --view (its first occurrence).
        #[arg(long)]
        quote: Option<String>,
        /// Annotate every occurrence of --quote, not only the first.
        #[arg(long, requires = "quote", conflicts_with = "start")]
        all: bool,
        /// First char of the passage, counted in the text of --view.
        #[arg(long, requires = "end")]
        start: Option<usize>,
        /// One past the last char of the passage, counted in the text of --view.
        #[arg(long, requires = "start")]
        end: Option<usize>,
        /// The view that --quote and --start/--end refer to.
        #[arg(long, value_enum, default_value_t = ViewArg::Original)]
        view: ViewArg,
        /// A note for the annotation(s).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Delete one annotation of an article.
    Untag {
        /// The article file.
        file: PathBuf,
        /// The annotation's id (see `pizhu annotations`).
        #[arg(long)]
        id: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ViewArg {
    Original,
    Clean,
    Simplified,
    Traditional,
}

impl From<ViewArg> for ViewKind {
    fn from(view: ViewArg) -> Self {
        match view {
            ViewArg::Original => Self::Original,
            ViewArg::Clean => Self::Clean,
            ViewArg::Simplified => Self::Simplified,
            ViewArg::Traditional => Self::Traditional,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum TargetArg {
    Simplified,
    Traditional,
}

impl From<TargetArg> for Target {
    fn from(target: TargetArg) -> Self {
        match target {
            TargetArg::Simplified => Self::Simplified,
            TargetArg::Traditional => Self::Traditional,
        }
    }
}

fn main() -> ExitCode {
    #[cfg(feature = "gui")]
    let started = std::time::Instant::now();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    let mut stdout = std::io::stdout().lock();
    let result = match cli.command {
        Some(Command::Scan {
            folder,
            json,
            max_size,
        }) => {
            let options = ScanOptions {
                max_file_bytes: max_size,
                ..ScanOptions::default()
            };
            let format = if json {
                cli::scan::Format::JsonLines
            } else {
                cli::scan::Format::Table
            };
            cli::scan::run(&folder, &options, format, &mut stdout)
        }
        Some(Command::Show { file, view }) => cli::show::run(&file, view.into(), &mut stdout),
        Some(Command::Convert { to, file }) => {
            cli::convert::run(file.as_deref(), to.into(), &mut stdout)
        }
        Some(Command::Annotations { file, json }) => {
            let format = if json {
                cli::annotate::Format::JsonLines
            } else {
                cli::annotate::Format::Table
            };
            cli::annotate::list(&file, format, &mut stdout)
        }
        Some(Command::Tag {
            file,
            tag,
            quote,
            all,
            start,
            end,
            view,
            note,
        }) => {
            let selection = match (quote, start, end) {
                (Some(text), _, _) => cli::annotate::Selection::Quote { text, all },
                // clap requires --quote or both --start and --end.
                (None, start, end) => cli::annotate::Selection::Range {
                    start: start.unwrap_or_default(),
                    end: end.unwrap_or_default(),
                },
            };
            let request = cli::annotate::TagRequest {
                tag,
                selection,
                view: view.into(),
                note,
            };
            cli::annotate::tag(&file, &request, &mut stdout, &mut std::io::stderr())
        }
        Some(Command::Untag { file, id }) => {
            cli::annotate::untag(&file, &id, &mut stdout, &mut std::io::stderr())
        }
        #[cfg(feature = "gui")]
        None => {
            drop(stdout);
            pizhu::ui::run(cli.folder, started)
        }
        #[cfg(not(feature = "gui"))]
        None => {
            eprintln!(
                "pizhu: this build has no window (it was built without the `gui` feature); \
                 use a command such as `pizhu scan FOLDER`, or see `pizhu --help`"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if cli::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // One clear sentence: the chain of causes joined by ": ".
            std::io::stdout().flush().ok();
            eprintln!("pizhu: {error:#}");
            ExitCode::FAILURE
        }
    }
}
