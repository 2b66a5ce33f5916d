//! Text formatting shared by the command line and the window: sizes and column padding.
//!
//! Widths are terminal columns (`unicode-width`): a CJK character is two columns wide.

use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

/// Truncates or pads `text` to exactly `columns` terminal columns (CJK chars are two wide).
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = String::new();
    let mut width = 0;
    if text.width() > columns {
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if width + w > columns - 1 {
                break;
            }
            out.push(c);
            width += w;
        }
        out.push('…');
        width += 1;
    } else {
        out.push_str(text);
        width = text.width();
    }
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(width)));
    out
}

/// `12.3 MB`-style sizes.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_counts_cjk_as_two_columns() {
        assert_eq!(pad("调研", 6), "调研  ");
        assert_eq!(pad("白云区党政代表团", 9), "白云区党…");
        assert_eq!(pad("abc", 3), "abc");
    }

    #[test]
    fn human_bytes_uses_si_units() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(37_948), "37.9 KB");
        assert_eq!(human_bytes(300_000_000), "300.0 MB");
    }
}
