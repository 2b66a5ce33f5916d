//! Natural order of names (`file2` before `file10`, `第2章` before `第10章`): the order the scan
//! lists a folder in. Compares names as strings; no offsets.

use std::cmp::Ordering;
use std::ffi::OsStr;

/// Natural order of file names: runs of digits compare by value (`file2` < `file10`), letters
/// case-insensitively; ties are broken case-sensitively and then by the raw bytes, so the order
/// is total and deterministic.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    natural_cmp_folded(a, b).then_with(|| a.cmp(b))
}

/// [`natural_cmp`] for names that may not be UTF-8 (compared lossily, then by their bytes).
pub fn natural_cmp_os(a: &OsStr, b: &OsStr) -> Ordering {
    natural_cmp(&a.to_string_lossy(), &b.to_string_lossy())
        .then_with(|| a.as_encoded_bytes().cmp(b.as_encoded_bytes()))
}

fn natural_cmp_folded(mut a: &str, mut b: &str) -> Ordering {
    loop {
        let (Some(x), Some(y)) = (a.chars().next(), b.chars().next()) else {
            return a.len().cmp(&b.len());
        };
        if x.is_ascii_digit() && y.is_ascii_digit() {
            let (a_digits, a_rest) =
                a.split_at(a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len()));
            let (b_digits, b_rest) =
                b.split_at(b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len()));
            // By value without parsing (runs may be longer than any integer): fewer significant
            // digits is smaller, then digit by digit. `02` and `2` tie here.
            let (a_value, b_value) = (
                a_digits.trim_start_matches('0'),
                b_digits.trim_start_matches('0'),
            );
            let order = a_value
                .len()
                .cmp(&b_value.len())
                .then_with(|| a_value.cmp(b_value));
            if order != Ordering::Equal {
                return order;
            }
            (a, b) = (a_rest, b_rest);
        } else {
            let fold = |c: char| c.to_lowercase().next().unwrap_or(c);
            let order = fold(x).cmp(&fold(y));
            if order != Ordering::Equal {
                return order;
            }
            (a, b) = (&a[x.len_utf8()..], &b[y.len_utf8()..]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_of_names() {
        let mut names = vec![
            "file10.txt",
            "file2.txt",
            "File1.txt",
            "b.txt",
            "a10",
            "a9",
            "第2章.txt",
            "第10章.txt",
            "file02.txt",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "a9",
                "a10",
                "b.txt",
                "File1.txt",
                "file02.txt",
                "file2.txt",
                "file10.txt",
                "第2章.txt",
                "第10章.txt"
            ]
        );
        // Digit runs longer than any integer type.
        assert_eq!(
            natural_cmp("x99999999999999999999999", "x100000000000000000000000"),
            Ordering::Less
        );
        assert_eq!(natural_cmp("a", "a"), Ordering::Equal);
        assert_eq!(natural_cmp("A", "a"), Ordering::Less);
        assert_eq!(natural_cmp("a", "a.txt"), Ordering::Less);
    }

    #[test]
    fn non_utf8_names_have_a_total_order() {
        let (a, b) = (OsStr::new("a.txt"), OsStr::new("A.txt"));
        assert_eq!(natural_cmp_os(b, a), Ordering::Less);
        assert_eq!(natural_cmp_os(a, a), Ordering::Equal);
    }
}
