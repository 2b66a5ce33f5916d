//! Chinese line breaking (kinsoku) on top of epaint's wrapping. Positions are chars of one
//! paragraph's layout job, counted from the paragraph's start.
//!
//! The rules: an opening quote or bracket (`“ ‘ 「 『 （ 《 〈 【 〔` …) never ends a row, closing
//! punctuation (`，。、）」》”` …) never starts one, and a dash `——` or an ellipsis `……` is
//! never split between rows.
//!
//! epaint 0.37 (`line_break` and `RowBreakCandidates` in `epaint/src/text/text_layout.rs`)
//! breaks after an ideograph unless closing punctuation follows (`is_cjk_break_allowed`), which
//! already keeps closing punctuation off a row's start. But it also takes any char followed by
//! an ideograph as a break ("pre-CJK"), so `“` + ideograph may end a row; and with no better
//! candidate in a row it breaks anywhere, `——` and `……` included.
//!
//! So we work with epaint's layout rather than replace it: lay the paragraph out, read the
//! rows, and where a row break breaks a rule, ask for the row to start earlier, at the nearest
//! char where the rules allow it. The layout job gives the section that starts there a
//! `leading_space` wider than the column: that glyph overflows the row, so epaint ends the row
//! before it at its own candidate and justifies it as usual; and since a row starts at its first
//! glyph's x, the space never shows. Each fix is laid out again and kept only if the row really
//! starts there and nothing overflows (epaint finds no candidate between `，` and `“`, for
//! instance: then the earlier start epaint chose itself, else the previous char, is tried). Fixes go one at a time, in reading order, so a
//! fix never lands mid-row; a paragraph gets at most [`MAX_LAYOUTS`] layouts.

use std::sync::Arc;

use egui::Galley;
use egui::text::LayoutJob;

/// Layouts allowed per paragraph (the first, then one per attempted fix): bounds the cost of a
/// pathological paragraph; a seed paragraph needs two or three.
const MAX_LAYOUTS: usize = 48;

/// Earlier row starts tried for one bad break before it is left as epaint made it.
const ATTEMPTS_PER_BREAK: usize = 4;

/// Opening punctuation: never the last char of a row.
pub fn is_opening(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
            | '「'
            | '『'
            | '（'
            | '《'
            | '〈'
            | '【'
            | '〔'
            | '〖'
            | '〘'
            | '〝'
            | '［'
            | '｛'
            | '｟'
            | '('
            | '['
            | '{'
    )
}

/// Closing punctuation: never the first char of a row.
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '」'
            | '』'
            | '）'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '〙'
            | '〞'
            | '〟'
            | '］'
            | '｝'
            | '｠'
            | '，'
            | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '．'
            | '％'
            | '…'
            | '‥'
            | '·'
            | '・'
            | ')'
            | ']'
            | '}'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | '%'
    )
}

/// Chars that come in unbreakable runs: `——`, `……`.
fn is_doubled(c: char) -> bool {
    matches!(c, '—' | '…' | '⋯' | '─' | '－')
}

/// Whether a row may start at `chars[j]` (between `chars[j - 1]` and `chars[j]`).
pub fn break_allowed(chars: &[char], j: usize) -> bool {
    let (Some(&before), Some(&after)) = (chars.get(j.wrapping_sub(1)), chars.get(j)) else {
        return true;
    };
    !(is_opening(before) || is_closing(after) || (before == after && is_doubled(after)))
}

/// The char index each row of `galley` starts at.
pub fn row_starts(galley: &Galley) -> Vec<usize> {
    let mut starts = Vec::with_capacity(galley.rows.len());
    let mut start = 0;
    for placed in &galley.rows {
        starts.push(start);
        start +=
            placed.row.char_count_excluding_newline().0 + usize::from(placed.ends_with_newline);
    }
    starts
}

/// The rows' texts (for tests and the layout checks).
pub fn row_texts(galley: &Galley) -> Vec<String> {
    galley
        .rows
        .iter()
        .map(|placed| placed.row.glyphs.iter().map(|g| g.chr).collect())
        .collect()
}

/// Lays a paragraph out with the rules kept: `build` makes the paragraph's job given the chars
/// that must start a row, `lay_out` shapes a job.
pub fn lay_out(
    mut lay_out: impl FnMut(LayoutJob) -> Arc<Galley>,
    build: impl Fn(&[usize]) -> LayoutJob,
) -> Arc<Galley> {
    let job = build(&[]);
    let wrap_width = job.wrap.max_width;
    let chars: Vec<char> = job.text.chars().collect();
    let mut galley = lay_out(job);
    if galley.rows.len() < 2 || !wrap_width.is_finite() {
        return galley;
    }
    let mut forced: Vec<usize> = Vec::new();
    let mut layouts = 1;
    // Row breaks before this char are settled (kept, or fixed as far as epaint allows).
    let mut settled = 0;
    'breaks: while let Some((row_start, bad)) = first_bad_break(&galley, &chars, settled) {
        let mut candidate = bad;
        for _ in 0..ATTEMPTS_PER_BREAK {
            let Some(start) = allowed_start_before(&chars, candidate, row_start) else {
                break;
            };
            if layouts >= MAX_LAYOUTS {
                break 'breaks;
            }
            forced.push(start);
            let fixed = lay_out(build(&forced));
            layouts += 1;
            if row_starts(&fixed).contains(&start) && !overflows(&fixed, wrap_width) {
                galley = fixed;
                settled = start;
                continue 'breaks;
            }
            forced.pop();
            // epaint may have ended the row earlier, at a candidate of its own (after `領` in
            // `領(lǐng)“`, where nothing lets it break before `“`): that start it can keep.
            candidate = row_starts(&fixed)
                .into_iter()
                .filter(|&s| s > row_start && s < start && break_allowed(&chars, s))
                .max()
                .unwrap_or(start - 1);
        }
        // No start the rules allow works here: leave this break as epaint made it.
        settled = bad;
    }
    galley
}

/// The first row break at or after char `from` that breaks a rule: (its row's start, the char
/// the next row starts at).
fn first_bad_break(galley: &Galley, chars: &[char], from: usize) -> Option<(usize, usize)> {
    let starts = row_starts(galley);
    starts
        .windows(2)
        .find(|pair| pair[1] > from && !break_allowed(chars, pair[1]))
        .map(|pair| (pair[0], pair[1]))
}

/// The latest char at or before `j`, after `row_start`, where the rules let a row start.
fn allowed_start_before(chars: &[char], j: usize, row_start: usize) -> Option<usize> {
    (row_start + 1..=j).rev().find(|&p| break_allowed(chars, p))
}

/// A glyph runs past the column: a forced row start found no break before it.
fn overflows(galley: &Galley, wrap_width: f32) -> bool {
    galley.rows.iter().any(|placed| {
        placed
            .row
            .glyphs
            .last()
            .is_some_and(|glyph| placed.pos.x + glyph.max_x() > wrap_width + 0.5)
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use egui::text::{LayoutJob, TextWrapping};
    use egui::{FontId, TextFormat};

    /// Runs `f` inside an egui pass with the app's fonts.
    pub(crate) fn with_fonts<R>(f: impl FnOnce(&egui::Ui) -> R) -> R {
        let ctx = egui::Context::default();
        crate::ui::theme::install_fonts(&ctx);
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let mut result = None;
        let mut f = Some(f);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            if let Some(f) = f.take() {
                result = Some(f(ui));
            }
        });
        // No renderer takes the font atlas here.
        output.textures_delta.clear();
        result.expect("the pass ran")
    }

    fn job(text: &str, width: f32, row_starts: &[usize]) -> LayoutJob {
        let mut job = LayoutJob {
            wrap: TextWrapping::wrap_at_width(width),
            justify: true,
            ..LayoutJob::default()
        };
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut cuts: Vec<usize> = vec![0, chars.len()];
        cuts.extend(row_starts);
        cuts.sort_unstable();
        cuts.dedup();
        let byte = |c: usize| chars.get(c).map_or(text.len(), |(b, _)| *b);
        for pair in cuts.windows(2) {
            let leading = if row_starts.contains(&pair[0]) {
                width + 18.0
            } else {
                0.0
            };
            job.append(
                &text[byte(pair[0])..byte(pair[1])],
                leading,
                TextFormat::simple(FontId::proportional(18.0), egui::Color32::BLACK),
            );
        }
        job
    }

    fn bad_breaks(galley: &Galley) -> Vec<String> {
        let rows = row_texts(galley);
        rows.windows(2)
            .filter(|pair| {
                let chars: Vec<char> = pair[0].chars().chain(pair[1].chars()).collect();
                !break_allowed(&chars, pair[0].chars().count())
            })
            .map(|pair| format!("{} | {}", pair[0], pair[1]))
            .collect()
    }

    const TEXT: &str = "会议强调，要坚持“三中心一基地”等重大战略——加快实施，“两重”“两新”“三大工程”\
        等一系列利好的政策持续出台……发展多重机遇叠加，《成渝地区双城经济圈建设规划纲要》（2021）\
        提出【重点任务】，「共建」『共享』〔协同〕〈合作〉——推动高质量发展……";

    #[test]
    fn rules() {
        let chars: Vec<char> = "说“好”——啊……".chars().collect();
        assert!(break_allowed(&chars, 1), "before “");
        assert!(!break_allowed(&chars, 2), "after “");
        assert!(!break_allowed(&chars, 3), "before ”");
        assert!(break_allowed(&chars, 4), "before ——");
        assert!(!break_allowed(&chars, 5), "inside ——");
        assert!(!break_allowed(&chars, 8), "inside ……");
        assert!(!break_allowed(&chars, 7), "before …");
    }

    #[test]
    fn epaint_alone_breaks_the_rules_and_the_fix_keeps_them_at_every_width() {
        let (unfixed, fixed_rows) = with_fonts(|ui| {
            let mut unfixed = 0;
            let mut rows = 0;
            for width in (150..=500).step_by(3) {
                let width = width as f32;
                let plain = ui.fonts_mut(|f| f.layout_job(job(TEXT, width, &[])));
                unfixed += bad_breaks(&plain).len();
                let fixed = lay_out(
                    |job| ui.fonts_mut(|f| f.layout_job(job)),
                    |starts| job(TEXT, width, starts),
                );
                assert_eq!(bad_breaks(&fixed), Vec::<String>::new(), "at {width}");
                let text: String = row_texts(&fixed).concat();
                assert_eq!(text, TEXT, "every char kept, in order");
                for placed in &fixed.rows {
                    let end = placed.row.glyphs.last().map_or(0.0, |g| g.max_x());
                    assert!(
                        placed.pos.x + end <= width + 0.5,
                        "nothing overflows at {width}"
                    );
                }
                rows += fixed.rows.len();
            }
            (unfixed, rows)
        });
        // The test means something only if epaint's own layout breaks the rules here.
        assert!(unfixed > 20, "epaint alone broke the rules {unfixed} times");
        assert!(fixed_rows > 500);
    }

    #[test]
    fn a_forced_start_leaves_no_visible_gap() {
        with_fonts(|ui| {
            // Find a width where a row ends with “, then check the fixed row starts at its left
            // edge with the quote.
            for width in (150..=500).step_by(1) {
                let width = width as f32;
                let plain = ui.fonts_mut(|f| f.layout_job(job(TEXT, width, &[])));
                let ends_with_quote = row_texts(&plain).iter().any(|r| r.ends_with('“'));
                if !ends_with_quote {
                    continue;
                }
                let fixed = lay_out(
                    |job| ui.fonts_mut(|f| f.layout_job(job)),
                    |starts| job(TEXT, width, starts),
                );
                for placed in &fixed.rows {
                    let first = placed.row.glyphs.first().expect("a glyph");
                    assert!(placed.pos.x + first.pos.x < 1.0, "row starts at the edge");
                }
                return;
            }
            panic!("no width put “ at a row's end");
        });
    }
}
