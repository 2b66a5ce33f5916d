//! The `pizhu` command: parses arguments and dispatches to the reader window or a CLI command.

mod cli;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Parser, Subcommand, ValueEnum};

use pizhu::corpus::ScanOptions;
use pizhu::export::import::ImportFormat;
use pizhu::export::{Format, OffsetUnit, TagFilter};
use pizhu::text::{OpenccConfig, Target, ViewKind};

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
        /// The 简 and 繁 views' regional standards (issue 11).
        #[command(flatten)]
        scripts: cli::scripts::ScriptArgs,
        /// 净文/简/繁: keep the punctuation as the crawl flattened it (`召开:全力`) instead of
        /// restoring the full-width forms between Chinese characters (`召开：全力`).
        #[arg(long)]
        ascii_punctuation: bool,
    },
    /// Convert text exactly like OpenCC 1.4.2 and write it to standard output.
    #[command(group(ArgGroup::new("conversion").required(true).args(["to", "config"])))]
    Convert {
        /// The script to convert to, with OpenCC's standard configs (t2s, s2t).
        #[arg(long, value_enum)]
        to: Option<TargetArg>,
        /// An OpenCC config by its name, e.g. s2twp (Taiwan characters and vocabulary).
        #[arg(long, value_enum, value_name = "NAME")]
        config: Option<ConfigArg>,
        /// Apply a corpus's user phrases first: its pizhu.ron, or the folder holding it.
        #[arg(long, value_name = "PATH")]
        phrases: Option<PathBuf>,
        /// The input file, or `-` for standard input (the default).
        file: Option<PathBuf>,
    },
    /// Look a word up in CC-CEDICT (simplified or traditional): pinyin, glosses, longer and
    /// shorter words. Exit status 1 when it is not a headword.
    Dict {
        /// The word to look up.
        word: String,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// List at most this many longer words that contain WORD.
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
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
        /// The 简 and 繁 views' regional standards (issue 11).
        #[command(flatten)]
        scripts: cli::scripts::ScriptArgs,
        /// A note for the annotation(s).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Find every occurrence of a text in a folder, in any script (grep-like lines; exit 1 when
    /// nothing matched, 2 on an error).
    Search(cli::search::SearchArgs),
    /// Delete one annotation of an article.
    Untag {
        /// The article file.
        file: PathBuf,
        /// The annotation's id (see `pizhu annotations`).
        #[arg(long)]
        id: String,
    },
    /// Export annotations (a folder's or one article's) for annotation tools, in any view.
    Export {
        /// A corpus folder (its annotated articles) or one article file.
        source: PathBuf,
        /// The format (doccano is jsonl).
        #[arg(long, value_enum)]
        format: FormatArg,
        /// The view whose text is exported; every offset indexes it.
        #[arg(long, value_enum, default_value_t = ViewArg::Original)]
        view: ViewArg,
        /// Offset unit (default: utf16 for labelstudio, codepoint otherwise).
        #[arg(long, value_enum)]
        offsets: Option<OffsetsArg>,
        /// Only annotations with these tag ids (comma-separated; none = plain highlights).
        #[arg(long, value_name = "T,…", value_parser = parse_tags)]
        tags: Option<TagFilter>,
        /// Also export articles without annotations (a folder exports annotated ones only).
        #[arg(long)]
        all_articles: bool,
        /// Also write the export report (pizhu-export.json) to this file.
        #[arg(long, value_name = "FILE")]
        manifest: Option<PathBuf>,
        /// The output file, a new folder for brat, or - for standard output.
        #[arg(short = 'o', long = "out", value_name = "OUT")]
        out: PathBuf,
    },
    /// Import annotations from doccano, brat or Label Studio as pre-annotations.
    Import {
        /// The corpus folder to import into.
        folder: PathBuf,
        /// The inputs' format (jsonl is doccano).
        #[arg(long, value_enum)]
        format: ImportFormatArg,
        /// The view the offsets refer to (default: what the file states, else original).
        #[arg(long, value_enum)]
        view: Option<ViewArg>,
        /// Offset unit (default: what the file states, else utf16 for labelstudio, codepoint otherwise).
        #[arg(long, value_enum)]
        offsets: Option<OffsetsArg>,
        /// Refuse labels that are not tags of the corpus instead of creating tags.
        #[arg(long)]
        strict: bool,
        /// Print what would happen; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
        /// Files to import (a folder for brat).
        #[arg(required = true, value_name = "PATH")]
        inputs: Vec<PathBuf>,
    },
}

/// Export formats on the command line.
#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    #[value(alias = "doccano")]
    Jsonl,
    Brat,
    Conll,
    #[value(alias = "label-studio")]
    Labelstudio,
    Csv,
    Html,
    W3c,
    #[value(alias = "md")]
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Jsonl => Self::Jsonl,
            FormatArg::Brat => Self::Brat,
            FormatArg::Conll => Self::Conll,
            FormatArg::Labelstudio => Self::LabelStudio,
            FormatArg::Csv => Self::Csv,
            FormatArg::Html => Self::Html,
            FormatArg::W3c => Self::W3c,
            FormatArg::Markdown => Self::Markdown,
        }
    }
}

/// Import formats on the command line.
#[derive(Clone, Copy, ValueEnum)]
enum ImportFormatArg {
    #[value(alias = "jsonl")]
    Doccano,
    Brat,
    #[value(alias = "label-studio")]
    Labelstudio,
}

impl From<ImportFormatArg> for ImportFormat {
    fn from(format: ImportFormatArg) -> Self {
        match format {
            ImportFormatArg::Doccano => Self::Doccano,
            ImportFormatArg::Brat => Self::Brat,
            ImportFormatArg::Labelstudio => Self::LabelStudio,
        }
    }
}

/// Offset units on the command line.
#[derive(Clone, Copy, ValueEnum)]
enum OffsetsArg {
    Codepoint,
    Utf16,
}

impl From<OffsetsArg> for OffsetUnit {
    fn from(unit: OffsetsArg) -> Self {
        match unit {
            OffsetsArg::Codepoint => Self::CodePoint,
            OffsetsArg::Utf16 => Self::Utf16,
        }
    }
}

fn parse_tags(list: &str) -> Result<TagFilter, String> {
    TagFilter::parse(list)
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

/// OpenCC's config names (`--config`).
#[derive(Clone, Copy, ValueEnum)]
enum ConfigArg {
    /// Simplified → Traditional (OpenCC standard)
    #[value(name = "s2t")]
    S2t,
    /// Traditional → Simplified
    #[value(name = "t2s")]
    T2s,
    /// Simplified → Traditional, Taiwan standard
    #[value(name = "s2tw")]
    S2tw,
    /// Simplified → Traditional, Taiwan standard and vocabulary
    #[value(name = "s2twp")]
    S2twp,
    /// Simplified → Traditional, Hong Kong variant
    #[value(name = "s2hk")]
    S2hk,
    /// Traditional (Taiwan) → Simplified
    #[value(name = "tw2s")]
    Tw2s,
    /// Traditional (Taiwan) → Simplified, mainland vocabulary
    #[value(name = "tw2sp")]
    Tw2sp,
    /// Traditional (Hong Kong) → Simplified
    #[value(name = "hk2s")]
    Hk2s,
    /// Traditional (OpenCC) → Taiwan standard
    #[value(name = "t2tw")]
    T2tw,
    /// Traditional (OpenCC) → Hong Kong variant
    #[value(name = "t2hk")]
    T2hk,
    /// Taiwan standard → Traditional (OpenCC)
    #[value(name = "tw2t")]
    Tw2t,
    /// Hong Kong variant → Traditional (OpenCC)
    #[value(name = "hk2t")]
    Hk2t,
}

impl From<ConfigArg> for OpenccConfig {
    fn from(config: ConfigArg) -> Self {
        match config {
            ConfigArg::S2t => Self::S2t,
            ConfigArg::T2s => Self::T2s,
            ConfigArg::S2tw => Self::S2tw,
            ConfigArg::S2twp => Self::S2twp,
            ConfigArg::S2hk => Self::S2hk,
            ConfigArg::Tw2s => Self::Tw2s,
            ConfigArg::Tw2sp => Self::Tw2sp,
            ConfigArg::Hk2s => Self::Hk2s,
            ConfigArg::T2tw => Self::T2tw,
            ConfigArg::T2hk => Self::T2hk,
            ConfigArg::Tw2t => Self::Tw2t,
            ConfigArg::Hk2t => Self::Hk2t,
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
        Some(Command::Show {
            file,
            view,
            scripts,
            ascii_punctuation,
        }) => {
            let clean = pizhu::text::CleanOptions {
                full_width_punctuation: !ascii_punctuation,
            };
            cli::show::run(
                &file,
                view.into(),
                scripts.into(),
                &clean,
                &mut stdout,
                &mut std::io::stderr(),
            )
        }
        Some(Command::Convert {
            to,
            config,
            phrases,
            file,
        }) => {
            // clap requires --to or --config.
            let config = config.map_or_else(
                || Target::from(to.unwrap_or(TargetArg::Traditional)).default_config(),
                OpenccConfig::from,
            );
            cli::convert::run(
                file.as_deref(),
                config,
                phrases.as_deref(),
                &mut stdout,
                &mut std::io::stderr(),
            )
        }
        Some(Command::Dict { word, json, limit }) => {
            let format = if json {
                cli::dict::Format::Json
            } else {
                cli::dict::Format::Text
            };
            cli::dict::run(&word, format, limit, &mut stdout)
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
            scripts,
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
                scripts: scripts.into(),
                note,
            };
            cli::annotate::tag(&file, &request, &mut stdout, &mut std::io::stderr())
        }
        Some(Command::Search(args)) => {
            return cli::search::run(&args, &mut stdout, &mut std::io::stderr());
        }
        Some(Command::Untag { file, id }) => {
            cli::annotate::untag(&file, &id, &mut stdout, &mut std::io::stderr())
        }
        Some(Command::Export {
            source,
            format,
            view,
            offsets,
            tags,
            all_articles,
            manifest,
            out,
        }) => {
            drop(stdout); // the export may write to standard output itself
            let args = cli::export::ExportArgs {
                source,
                format: format.into(),
                view: view.into(),
                unit: offsets.map(Into::into),
                tags,
                all_articles,
                manifest,
                out,
            };
            cli::export::run(args, &mut std::io::stderr())
        }
        Some(Command::Import {
            folder,
            format,
            view,
            offsets,
            strict,
            dry_run,
            json,
            inputs,
        }) => {
            let args = cli::import::ImportArgs {
                folder,
                format: format.into(),
                view: view.map(Into::into),
                unit: offsets.map(Into::into),
                strict,
                dry_run,
                json,
                inputs,
            };
            cli::import::run(args, &mut stdout)
        }
        #[cfg(feature = "gui")]
        None => {
            drop(stdout);
            // eframe's error is not Send, so anyhow takes its sentence.
            pizhu::ui::run(cli.folder, started).map_err(|error| anyhow::anyhow!("{error}"))
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
