//! The small drop-down beside the view switch: the 繁 view's variant (繁體 OpenCC, 臺灣正體,
//! 臺灣正體+用語, 香港繁體), the 简 view's source (自动, 臺灣, 臺灣+用語, 香港), the marks of the
//! conversion's guesses (U), full-width punctuation in 净文, and the user phrases window.
//! Pushes commands only.

use super::command::Command;
use super::i18n::{self, Views as V, tr, trf};
use super::settings::Settings;
use crate::text::{SimplifiedSource, TraditionalVariant};

/// The drop-down's button, in the current language.
pub fn button_label() -> &'static str {
    tr(V::ScriptButton)
}
/// The drop-down's button in a narrow window (the toolbar is full at 800 px).
pub const BUTTON_NARROW: &str = "▼";
/// Below this window width the button is [`BUTTON_NARROW`].
const NARROW_WIDTH: f32 = 1000.0;
/// The item that opens the user phrases window, in the current language.
pub fn phrases_label() -> &'static str {
    tr(V::UserPhrases)
}

/// What the 繁 and 简 views show now, in one line (the button's hover text).
pub fn scripts_summary(settings: &Settings) -> String {
    let scripts = settings.scripts;
    trf(
        V::ScriptSummary,
        &[
            ("variant", &i18n::variant_name(scripts.traditional)),
            ("variant_config", &scripts.traditional.config().name()),
            ("source", &i18n::source_name(scripts.simplified_source)),
            ("source_config", &scripts.simplified_source.config().name()),
        ],
    )
}

/// Draws the drop-down button and its menu.
pub fn script_menu_ui(ui: &mut egui::Ui, settings: &Settings, commands: &mut Vec<Command>) {
    let narrow = ui.ctx().content_rect().width() < NARROW_WIDTH;
    let button = if narrow {
        BUTTON_NARROW
    } else {
        button_label()
    };
    let response = ui.menu_button(button, |ui| {
        ui.set_min_width(230.0);
        ui.label(egui::RichText::new(tr(V::VariantHeading)).strong());
        for variant in TraditionalVariant::ALL {
            let selected = settings.scripts.traditional == variant;
            if choice_ui(
                ui,
                selected,
                i18n::variant_name(variant),
                variant.config().name(),
            ) {
                commands.push(Command::SetTraditionalVariant(variant));
            }
        }
        ui.separator();
        ui.label(egui::RichText::new(tr(V::SourceHeading)).strong());
        for source in SimplifiedSource::ALL {
            let selected = settings.scripts.simplified_source == source;
            if choice_ui(
                ui,
                selected,
                i18n::source_name(source),
                source.config().name(),
            ) {
                commands.push(Command::SetSimplifiedSource(source));
            }
        }
        ui.separator();
        let mut marks = settings.show_ambiguities;
        if ui
            .checkbox(&mut marks, tr(V::MarkGuesses))
            .on_hover_text(tr(V::MarkGuessesHint))
            .clicked()
        {
            commands.push(Command::ToggleAmbiguities);
        }
        // Full-width punctuation in 净文 (issue 12); 简 and 繁 convert 净文, so they follow.
        let mut full_width = settings.clean.full_width_punctuation;
        if ui
            .checkbox(&mut full_width, tr(V::FullWidthPunctuation))
            .on_hover_text(tr(V::FullWidthPunctuationHint))
            .clicked()
        {
            commands.push(Command::ToggleFullWidthPunctuation);
        }
        if ui.button(phrases_label()).clicked() {
            commands.push(Command::ShowUserPhrases(None));
            ui.close();
        }
    });
    response.response.on_hover_text(trf(
        V::ScriptHint,
        &[("summary", &scripts_summary(settings))],
    ));
}

/// One radio choice with its OpenCC config name after it; true when clicked.
fn choice_ui(ui: &mut egui::Ui, selected: bool, label: &str, config: &str) -> bool {
    ui.horizontal(|ui| {
        let clicked = ui.radio(selected, label).clicked();
        ui.label(egui::RichText::new(config).weak().monospace());
        clicked
    })
    .inner
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled fonts draw every label of the menu and of the guesses' popup (egui panics on
    /// a missing glyph: `▾`, `☰` and `⚙` are not in Noto Sans CJK).
    #[test]
    fn labels_have_glyphs() {
        let ctx = egui::Context::default();
        crate::ui::theme::install_fonts(&ctx);
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let families = [
            egui::FontFamily::Proportional,
            crate::ui::theme::traditional_family(),
        ];
        let mut texts = vec![BUTTON_NARROW, "✓ → · ⚠ …"];
        for language in i18n::Language::ALL {
            use i18n::Text;
            for key in V::ALL {
                texts.push(key.text(language));
            }
        }
        for text in texts {
            for family in &families {
                let font = egui::FontId::new(14.0, family.clone());
                assert!(
                    ctx.fonts_mut(|f| f.has_glyphs(&font, text)),
                    "{text:?} in {family:?}"
                );
            }
        }
    }
}
