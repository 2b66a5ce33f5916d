//! `pizhu import FOLDER --format doccano|brat|labelstudio [--view V] [--dry-run] PATH…`: reads
//! annotations made in other tools back as pre-annotations, through the same
//! [`AnnotationStore`] as the window (same sidecars, atomic writes, conflict check).
//!
//! Offsets in the inputs are in the chars of the view they state (or `--view`, default
//! original), counted in their unit (or `--offsets`). The report lists every span that was
//! re-anchored, already present or unmatched, with why, then a summary line; `--json` prints the
//! report as one JSON object. `--dry-run` plans and reports without writing.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use pizhu::annotate::{AnnotationStore, SaveOutcome, StorageLocation};
use pizhu::export::OffsetUnit;
use pizhu::export::import::{ImportFormat, ImportOptions, ImportReport, Outcome, plan};
use pizhu::text::ViewKind;

/// What `pizhu import` was asked.
#[derive(Clone, Debug)]
pub struct ImportArgs {
    /// The corpus folder.
    pub folder: PathBuf,
    /// The inputs' format.
    pub format: ImportFormat,
    /// The view of the offsets (`None`: what the file states, else original).
    pub view: Option<ViewKind>,
    /// The unit of the offsets (`None`: what the file states, else the format's).
    pub unit: Option<OffsetUnit>,
    /// Refuse unknown labels.
    pub strict: bool,
    /// Report only.
    pub dry_run: bool,
    /// Print the report as JSON.
    pub json: bool,
    /// Files (or brat folders) to import.
    pub inputs: Vec<PathBuf>,
}

/// Runs the import; the report goes to `out`.
pub fn run(args: ImportArgs, out: &mut impl Write) -> anyhow::Result<()> {
    if !args.folder.is_dir() {
        anyhow::bail!("{} is not a folder", args.folder.display());
    }
    let options = ImportOptions {
        format: args.format,
        view: args.view,
        unit: args.unit,
        strict: args.strict,
    };
    let cancel = AtomicBool::new(false);
    let plan = plan(&args.folder, &args.inputs, &options, &cancel)?;
    let report = if args.dry_run {
        if args.strict && !plan.unknown_labels().is_empty() {
            let labels: Vec<&str> = plan.unknown_labels().iter().map(String::as_str).collect();
            anyhow::bail!(
                "labels that are not tags of the corpus: {}; nothing would be imported (add the tags, or import without --strict to create them)",
                labels.join(", ")
            );
        }
        plan.report().clone()
    } else {
        // As `pizhu tag`: the storage root's lock is taken before anything is read and held
        // through the last rename, so no other Pizhu writes in between.
        let location = StorageLocation::resolve(&args.folder)?;
        let wait = super::annotate::lock_wait();
        let lock = location.lock(wait)?;
        let mut store = AnnotationStore::with_location(location);
        store.set_lock_wait(wait);
        if let Some(error) = store.corpus_load_error() {
            anyhow::bail!(
                "cannot read the tag set: {error} (the file was left unchanged; fix or remove it)"
            );
        }
        let report = plan.apply(&mut store)?;
        for saved in store.save_dirty_locked(&lock) {
            match saved.outcome {
                SaveOutcome::Saved | SaveOutcome::Merged(_) => {}
                SaveOutcome::Conflict => anyhow::bail!(
                    "{} was changed by another program meanwhile, so it was not overwritten; run the import again",
                    saved.path.display()
                ),
                SaveOutcome::Failed(error) => {
                    anyhow::bail!("cannot save {}: {error}", saved.path.display())
                }
            }
        }
        report
    };
    print_report(&report, args.dry_run, args.json, out)?;
    out.flush()?;
    Ok(())
}

fn print_report(
    report: &ImportReport,
    dry_run: bool,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    if json {
        let mut value = serde_json::to_value(report)?;
        if let Some(object) = value.as_object_mut() {
            object.insert("dry_run".to_owned(), dry_run.into());
        }
        writeln!(out, "{value}")?;
        return Ok(());
    }
    for item in &report.items {
        let outcome = match item.outcome {
            Outcome::Added => "added",
            Outcome::AlreadyPresent => "present",
            Outcome::Reanchored => "re-anchored",
            Outcome::Unmatched => "unmatched",
        };
        let what = match (&item.label, &item.quote) {
            (Some(label), Some(quote)) => format!(" {label} {quote:?}"),
            (Some(label), None) => format!(" {label}"),
            _ => String::new(),
        };
        let file = item
            .file
            .as_deref()
            .map_or_else(String::new, |f| format!(" → {f}"));
        writeln!(
            out,
            "{outcome:<11} {}{file}{what}: {}",
            item.source,
            item.detail.replace('\n', " ")
        )?;
    }
    if report.items_truncated {
        writeln!(out, "… (more items not listed)")?;
    }
    let prefix = if dry_run {
        "dry run, nothing written: "
    } else {
        ""
    };
    writeln!(out, "{prefix}{}", report.summary())?;
    Ok(())
}
