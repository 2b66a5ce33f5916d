//! The right panel: details of the open article and of the folder (annotation tools come here).

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
            ui.heading("文章 Article");
            match meta {
                Some(meta) => article_details_ui(ui, meta),
                None => {
                    ui.label(egui::RichText::new("No article open.").color(palette.dim));
                }
            }
            ui.add_space(12.0);
            ui.heading("文件夹 Folder");
            folder_details_ui(ui, library, palette);
        });
}

fn article_details_ui(ui: &mut egui::Ui, meta: &ArticleMeta) {
    let script = match meta.script {
        Script::Simplified => "简体 Simplified",
        Script::Traditional => "繁體 Traditional",
        Script::Mixed => "混合 Mixed",
        Script::Unknown => "— Unknown",
    };
    egui::Grid::new("article-details")
        .num_columns(2)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            let mut row = |label: &str, value: String| {
                ui.label(label);
                ui.label(value);
                ui.end_row();
            };
            row("File", meta.relative.clone());
            row("Date", meta.date.clone().unwrap_or_else(|| "—".to_owned()));
            row(
                "Source",
                meta.source.clone().unwrap_or_else(|| "—".to_owned()),
            );
            row("Script", format!("{} {script}", meta.script.badge()));
            row("Encoding", meta.encoding.to_string());
            row(
                "Size",
                format!("{} · {} 字", human_bytes(meta.bytes), meta.text_chars),
            );
            row("Pinyin removed", meta.artefacts_removed.to_string());
            row("Lost chars", meta.lost_chars.to_string());
        });
}

fn folder_details_ui(ui: &mut egui::Ui, library: &Library, palette: &Palette) {
    let corpus = &library.corpus;
    if corpus.root.as_os_str().is_empty() {
        ui.label(egui::RichText::new("No folder open.").color(palette.dim));
        return;
    }
    ui.label(corpus.root.display().to_string());
    ui.label(format!(
        "{} articles, {} skipped",
        corpus.articles.len(),
        corpus.skipped.len()
    ));
    if !corpus.skipped.is_empty() {
        egui::CollapsingHeader::new(format!("跳过 Skipped ({})", corpus.skipped.len()))
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
