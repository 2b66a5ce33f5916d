//! The frame of the Export… and Import… dialogs: a window sized to its contents, anchored under
//! the toolbar (so growing progress and results never move what is above), at most 560 points
//! wide, its contents scrolling within the screen.

/// Shows dialog `title` (its egui id from `id`) with `add_contents` inside; `open` turns false
/// when its × is clicked.
pub fn show(
    ctx: &egui::Context,
    title: &str,
    id: &'static str,
    open: &mut bool,
    add_contents: impl FnOnce(&mut egui::Ui),
) {
    let max_height = (ctx.content_rect().height() - 150.0).max(160.0);
    egui::Window::new(title)
        .id(egui::Id::unique(id))
        .open(open)
        .collapsible(false)
        // Sized to its contents (a plain window keeps egui's default 340×420 and clips); the
        // scroll area inside keeps it within the screen.
        .auto_sized()
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 48.0))
        .show(ctx, |ui| {
            ui.set_max_width(560.0);
            egui::ScrollArea::vertical()
                .max_height(max_height)
                .auto_shrink([false, true])
                .show(ui, add_contents);
        });
}
