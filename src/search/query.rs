//! Queries: what the user typed, compiled once into a matcher over an article's folded text
//! (the default) or its Clean text (exact mode).
//!
//! - **Folded** (default): the query is cleaned like an article (`調(diào)研` → `調研`), then each
//!   char is matched by any of its [`images`](super::fold::images()) in the folded text. A query
//!   whose chars have one image each (nearly all) is a plain substring search (`memmem`);
//!   otherwise a small regex of char classes (`[了瞭]解`).
//! - **Exact**: the cleaned query, byte for byte, in the Clean text.
//! - **Regex**: a `regex` pattern (multi-line: `^`/`$` match at line ends). Folded, it runs on
//!   the folded text and its literals and classes are folded the same way (`經濟|[Ａ-Ｚ]` becomes
//!   `经济|[a-z]`); exact, it runs on the Clean text as written.
//!
//! Matches are byte ranges of the haystack, leftmost first, never overlapping, never empty.

use std::ops::Range;
use std::sync::OnceLock;

use memchr::memmem;
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

use super::fold::{Images, changed_chars, images};
use crate::text::clean::clean;

/// How to read a query.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct QueryOptions {
    /// A regular expression (`regex` crate syntax) rather than a literal.
    pub regex: bool,
    /// Match the Clean view exactly: no script, width or case folding.
    pub exact: bool,
}

/// Which text of an article a query runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Haystack {
    /// The folded text.
    Folded,
    /// The Clean view's text.
    Clean,
}

/// Why a query cannot run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Nothing to search for.
    #[error("the query is empty")]
    Empty,
    /// The regular expression does not parse or is too large.
    #[error("invalid regular expression: {0}")]
    Pattern(String),
}

/// A compiled query.
#[derive(Clone, Debug)]
pub struct Query {
    text: String,
    options: QueryOptions,
    matcher: Matcher,
}

#[derive(Clone, Debug)]
enum Matcher {
    Literal(Box<memmem::Finder<'static>>),
    Regex(regex::bytes::Regex),
}

impl Query {
    /// Compiles `text`. Errors: an empty query, or a regex that does not compile (with the
    /// parser's message).
    pub fn new(text: &str, options: QueryOptions) -> Result<Self, QueryError> {
        if text.is_empty() {
            return Err(QueryError::Empty);
        }
        let matcher = if options.regex {
            let parsed = regex_syntax::ParserBuilder::new()
                .multi_line(true)
                .crlf(true)
                .build()
                .parse(text)
                .map_err(|e| QueryError::Pattern(e.to_string()))?;
            let hir = if options.exact {
                parsed
            } else {
                fold_hir(parsed)
            };
            compile(&hir)?
        } else {
            let cleaned = clean(text).text;
            if cleaned.is_empty() {
                return Err(QueryError::Empty);
            }
            if options.exact {
                Matcher::Literal(Box::new(
                    memmem::Finder::new(cleaned.as_bytes()).into_owned(),
                ))
            } else {
                folded_literal(&cleaned)?
            }
        };
        Ok(Self {
            text: text.to_owned(),
            options,
            matcher,
        })
    }

    /// The query as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How it is read.
    pub fn options(&self) -> QueryOptions {
        self.options
    }

    /// The text it runs on.
    pub fn haystack(&self) -> Haystack {
        if self.options.exact {
            Haystack::Clean
        } else {
            Haystack::Folded
        }
    }

    /// The byte ranges it matches in `haystack` (a folded or Clean text, as
    /// [`haystack`](Self::haystack) says): leftmost first, not overlapping, not empty.
    pub fn find_iter<'h>(&'h self, haystack: &'h [u8]) -> impl Iterator<Item = Range<usize>> + 'h {
        let (literal, regex) = match &self.matcher {
            Matcher::Literal(finder) => {
                let len = finder.needle().len();
                (
                    Some(
                        finder
                            .find_iter(haystack)
                            .map(move |start| start..start + len),
                    ),
                    None,
                )
            }
            Matcher::Regex(regex) => (
                None,
                Some(
                    regex
                        .find_iter(haystack)
                        .filter(|m| !m.is_empty())
                        .map(|m| m.range()),
                ),
            ),
        };
        literal
            .into_iter()
            .flatten()
            .chain(regex.into_iter().flatten())
    }
}

/// The matcher of a folded literal: `memmem` when every char has one image, else a regex of
/// classes.
fn folded_literal(cleaned: &str) -> Result<Matcher, QueryError> {
    let mut needle = String::with_capacity(cleaned.len());
    let mut single = true;
    for c in cleaned.chars() {
        match images(c) {
            Images::One(image) => needle.push(image),
            Images::Many(_) => single = false,
        }
    }
    if single {
        return Ok(Matcher::Literal(Box::new(
            memmem::Finder::new(needle.as_bytes()).into_owned(),
        )));
    }
    let parts = cleaned.chars().map(|c| char_hir(images(c))).collect();
    compile(&Hir::concat(parts))
}

fn char_hir(images: Images) -> Hir {
    match images {
        Images::One(c) => Hir::literal(c.to_string().into_bytes()),
        Images::Many(many) => Hir::class(Class::Unicode(ClassUnicode::new(
            many.iter().map(|&c| ClassUnicodeRange::new(c, c)),
        ))),
    }
}

fn compile(hir: &Hir) -> Result<Matcher, QueryError> {
    regex::bytes::RegexBuilder::new(&hir.to_string())
        .build()
        .map(Matcher::Regex)
        .map_err(|e| QueryError::Pattern(e.to_string()))
}

/// The pattern that matches in a folded text where `hir` matches in the unfolded one: each
/// literal char becomes the class of its images, each class the set of its members' images.
/// (Recursion depth is bounded by the parser's nesting limit.)
fn fold_hir(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Literal(hir::Literal(bytes)) => match std::str::from_utf8(&bytes) {
            Ok(text) => Hir::concat(text.chars().map(|c| char_hir(images(c))).collect()),
            Err(_) => Hir::literal(bytes),
        },
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(fold_class(&class))),
        // Byte classes exist only with Unicode off, where they hold ASCII: fold their case.
        HirKind::Class(Class::Bytes(class)) => {
            let mut lower = class.clone();
            for range in class.ranges() {
                let (start, end) = (range.start(), range.end());
                let upper = start.max(b'A')..=end.min(b'Z');
                if !upper.is_empty() {
                    lower.push(hir::ClassBytesRange::new(
                        upper.start().to_ascii_lowercase(),
                        upper.end().to_ascii_lowercase(),
                    ));
                }
            }
            Hir::class(Class::Bytes(lower))
        }
        HirKind::Repetition(mut repetition) => {
            repetition.sub = Box::new(fold_hir(*repetition.sub));
            Hir::repetition(repetition)
        }
        HirKind::Capture(mut capture) => {
            capture.sub = Box::new(fold_hir(*capture.sub));
            Hir::capture(capture)
        }
        HirKind::Concat(subs) => Hir::concat(subs.into_iter().map(fold_hir).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.into_iter().map(fold_hir).collect()),
        HirKind::Empty => Hir::empty(),
        HirKind::Look(look) => Hir::look(look),
    }
}

/// The images of a class's members: its members that fold to themselves alone, plus the images
/// of its members that do not.
fn fold_class(class: &ClassUnicode) -> ClassUnicode {
    let mut folded = class.clone();
    folded.difference(changed_class());
    let ranges = class.ranges();
    let contains = |c: char| {
        let i = ranges.partition_point(|range| range.end() < c);
        ranges.get(i).is_some_and(|range| range.start() <= c)
    };
    let extra = changed_chars()
        .iter()
        .filter(|&&c| contains(c))
        .flat_map(|&c| images(c).as_slice().to_vec())
        .map(|c| ClassUnicodeRange::new(c, c));
    folded.union(&ClassUnicode::new(extra));
    folded
}

/// [`changed_chars`] as a class.
fn changed_class() -> &'static ClassUnicode {
    static CLASS: OnceLock<ClassUnicode> = OnceLock::new();
    CLASS.get_or_init(|| {
        ClassUnicode::new(
            changed_chars()
                .iter()
                .map(|&c| ClassUnicodeRange::new(c, c)),
        )
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;
    use crate::search::fold::fold_text;

    fn folded(text: &str) -> String {
        let mut out = String::new();
        fold_text(text, &mut out);
        out
    }

    /// The substrings of `text`'s folded form that `query` matches, as the folded text says them.
    fn matches(query: &str, options: QueryOptions, text: &str) -> Vec<String> {
        let query = Query::new(query, options).unwrap();
        let haystack = match query.haystack() {
            Haystack::Folded => folded(text),
            Haystack::Clean => text.to_owned(),
        };
        query
            .find_iter(haystack.as_bytes())
            .map(|r| haystack[r].to_owned())
            .collect()
    }

    const FOLDED: QueryOptions = QueryOptions {
        regex: false,
        exact: false,
    };
    const EXACT: QueryOptions = QueryOptions {
        regex: false,
        exact: true,
    };
    const REGEX: QueryOptions = QueryOptions {
        regex: true,
        exact: false,
    };

    #[test]
    fn folded_literals_ignore_script_width_and_case() {
        let text = "經濟与经济，２０２３年 WEF wef Ｗｅｆ";
        assert_eq!(matches("经济", FOLDED, text), ["经济", "经济"]);
        assert_eq!(matches("經濟", FOLDED, text), ["经济", "经济"]);
        assert_eq!(matches("2023", FOLDED, text), ["2023"]);
        assert_eq!(matches("WEF", FOLDED, text).len(), 3);
        // A pasted damaged query is cleaned like an article.
        assert_eq!(
            matches("調(diào)研", FOLDED, "调研与調研"),
            ["调研", "调研"]
        );
    }

    #[test]
    fn chars_with_several_images_match_each() {
        // 瞭解 folds to 了解 in context; 目瞭 is part of a phrase folded to 一目了然.
        assert_eq!(matches("瞭解", FOLDED, "我瞭解，你了解"), ["了解", "了解"]);
        assert_eq!(matches("目瞭", FOLDED, "一目瞭然"), ["目了"]);
        assert_eq!(matches("乾", FOLDED, "乾隆 乾淨"), ["乾", "干"]);
    }

    #[test]
    fn exact_literals_match_the_clean_text_only() {
        assert_eq!(matches("經濟", EXACT, "經濟与经济"), ["經濟"]);
        assert_eq!(matches("Wef", EXACT, "WEF wef Wef"), ["Wef"]);
    }

    #[test]
    fn regexes_are_folded_like_the_text() {
        let text = "經濟發展，经济发展 ２０２３年 2024年";
        assert_eq!(
            matches("經濟|发展", REGEX, text),
            ["经济", "发展", "经济", "发展"]
        );
        assert_eq!(matches(r"\d{4}年", REGEX, text), ["2023年", "2024年"]);
        assert_eq!(matches("[Ａ-Ｚ]+", REGEX, "Ab cD"), ["ab", "cd"]);
        assert_eq!(matches("(?i)wef", REGEX, "WEF"), ["wef"]);
        // Multi-line: ^ is the start of each line.
        assert_eq!(matches("^经", REGEX, "经济\r\n經濟"), ["经", "经"]);
        // Exact regexes see the Clean text as it is.
        let exact = QueryOptions {
            regex: true,
            exact: true,
        };
        assert_eq!(matches("經.", exact, text), ["經濟"]);
    }

    #[test]
    fn empty_matches_are_dropped_and_bad_patterns_are_errors() {
        assert!(matches("x*", REGEX, "abc").is_empty());
        assert_eq!(Query::new("", FOLDED).unwrap_err(), QueryError::Empty);
        assert!(matches!(
            Query::new("(unclosed", REGEX),
            Err(QueryError::Pattern(message)) if message.contains("unclosed")
        ));
    }
}
