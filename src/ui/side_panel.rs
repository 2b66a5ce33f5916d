//! The right panel: details of the open article and of the folder (annotation tools come here).

use super::i18n::{self, Reading as R, tr, trf};
use super::library::Library;
use super::theme::Palette;
use crate::corpus::ArticleMeta;
use crate::format::human_bytes;
use crate::text::Script;

/// Draws the panel.
pub fn side_panel_ui(
    ui: &mut egui::Ui,
    meta: Option<&ArticleMeta>,
    library: &Library,
    palette: &Palette,
) {
    egui::ScrollArea::vertical()
        .id_salt("side-panel")
        .show(ui, |ui| {
            ui.add_space(6.0);
            ui.heading(tr(R::Article));
            match meta {
                Some(meta) => article_details_ui(ui, meta),
                None => {
                    ui.label(egui::RichText::new(tr(R::NoArticle)).color(palette.dim));
                }
            }
            ui.add_space(12.0);
            ui.heading(tr(R::Folder));
            folder_details_ui(ui, library, palette);
        });
}

fn article_details_ui(ui: &mut egui::Ui, meta: &ArticleMeta) {
    let script = tr(match meta.script {
        Script::Simplified => R::ScriptSimplified,
        Script::Traditional => R::ScriptTraditional,
        Script::Mixed => R::ScriptMixed,
        Script::Unknown => R::ScriptUnknown,
    });
    egui::Grid::new("article-details")
        .num_columns(2)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            let mut row = |label: R, value: String| {
                ui.label(tr(label));
                ui.label(value);
                ui.end_row();
            };
            row(R::File, meta.relative.clone());
            row(R::Date, meta.date.clone().unwrap_or_else(|| "—".to_owned()));
            row(
                R::Source,
                meta.source.clone().unwrap_or_else(|| "—".to_owned()),
            );
            row(
                R::Script,
                format!("{} {script}", i18n::script_badge(meta.script)),
            );
            row(R::Encoding, meta.encoding.to_string());
            row(
                R::Size,
                format!(
                    "{} · {}",
                    human_bytes(meta.bytes),
                    trf(R::Chars, &[("n", &meta.text_chars)])
                ),
            );
            row(R::PinyinRemoved, meta.artefacts_removed.to_string());
            row(R::LostChars, meta.lost_chars.to_string());
        });
}

fn folder_details_ui(ui: &mut egui::Ui, library: &Library, palette: &Palette) {
    let corpus = &library.corpus;
    if corpus.root.as_os_str().is_empty() {
        ui.label(egui::RichText::new(tr(R::NoFolder)).color(palette.dim));
        return;
    }
    ui.label(corpus.root.display().to_string());
    ui.label(trf(
        R::FolderCounts,
        &[
            ("articles", &corpus.articles.len()),
            ("skipped", &corpus.skipped.len()),
        ],
    ));
    if !corpus.skipped.is_empty() {
        egui::CollapsingHeader::new(trf(R::Skipped, &[("n", &corpus.skipped.len())]))
            .id_salt("skipped")
            .show(ui, |ui| {
                for file in corpus.skipped.iter().take(500) {
                    ui.label(
                        egui::RichText::new(format!("{}: {}", file.relative, file.reason)).small(),
                    );
                }
            });
    }
}
