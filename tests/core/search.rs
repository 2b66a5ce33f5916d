//! Corpus search from the outside: folding over the seeds, hits that quote back, a property
//! test against a naive search, the on-disk index (reuse, edits, deletions, corruption), hits
//! shown in every view, live queries, and the `pizhu search` command's output and exit codes.
//!
//! Self-contained (its own helpers below) so it can be folded into the grouped tests as is.

#![allow(clippy::unwrap_used)] // a failing unwrap is a failing test

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, SystemTime};

use pizhu::corpus::ScanOptions;
use pizhu::search::fold::{fold_text, images};
use pizhu::search::{
    Hit, Indexed, Query, QueryOptions, SearchOptions, SnippetMaker, open_indexed, search,
    search_folder,
};
use pizhu::text::clean::clean;
use pizhu::text::{View, ViewKind};

// ---------------------------------------------------------------------------------------------
// Helpers

/// A corpus folder and a cache folder, deleted when dropped. Files are written with a
/// modification time an hour ago, so that the index does not treat them as just modified.
struct Fixture {
    corpus: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        Self {
            corpus: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        }
    }

    /// A fixture holding a copy of the seeds.
    fn seeds() -> Self {
        let fixture = Self::new();
        for entry in std::fs::read_dir(seeds_dir()).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            fixture.file(&name, std::fs::read(&path).unwrap());
        }
        fixture
    }

    fn root(&self) -> &Path {
        self.corpus.path()
    }

    fn file(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        self.file_aged(relative, bytes, Duration::from_secs(3600))
    }

    /// Writes a file modified `age` ago.
    fn file_aged(&self, relative: &str, bytes: impl AsRef<[u8]>, age: Duration) -> PathBuf {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(SystemTime::now() - age).unwrap();
        path
    }

    fn open(&self) -> Indexed {
        open_indexed(
            self.root(),
            self.cache.path(),
            ScanOptions::default(),
            &AtomicBool::new(false),
            |_| {},
        )
        .unwrap()
    }

    /// The one corpus folder inside the cache folder.
    fn index_dir(&self) -> PathBuf {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(self.cache.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(dirs.len(), 1);
        dirs.pop().unwrap()
    }

    fn pizhu(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_pizhu"))
            .arg("search")
            .args(args)
            .env("PIZHU_CACHE_DIR", self.cache.path())
            .output()
            .unwrap()
    }
}

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn folded() -> QueryOptions {
    QueryOptions::default()
}

/// Every hit of `text`, in corpus order.
fn hits(opened: &Indexed, text: &str, options: QueryOptions) -> Vec<Hit> {
    let query = Query::new(text, options).unwrap();
    let mut all = Vec::new();
    let summary = search(
        &opened.index,
        &query,
        &SearchOptions::default(),
        &AtomicBool::new(false),
        |batch| all.extend(batch.hits),
    );
    assert_eq!(summary.hits, all.len());
    assert!(!summary.cancelled);
    all
}

/// The Original text of a hit.
fn quote(opened: &Indexed, hit: &Hit) -> String {
    let path = &opened.corpus.articles[hit.article.0].path;
    let original = pizhu::corpus::Article::load(path).unwrap().decoded.text;
    original
        .chars()
        .skip(hit.original.start)
        .take(hit.original.len())
        .collect()
}

fn relative(opened: &Indexed, hit: &Hit) -> String {
    opened.corpus.articles[hit.article.0].relative.clone()
}

/// True when `query` matches the whole of `text` once it is cleaned and folded.
fn folds_to(query: &Query, text: &str) -> bool {
    let mut folded_text = String::new();
    fold_text(&clean(text).text, &mut folded_text);
    let matches: Vec<_> = query.find_iter(folded_text.as_bytes()).collect();
    matches.len() == 1 && matches[0] == (0..folded_text.len())
}

// ---------------------------------------------------------------------------------------------
// Folding over the seeds

#[test]
fn economy_is_found_in_both_scripts() {
    let fixture = Fixture::seeds();
    let opened = fixture.open();
    let simplified = hits(&opened, "经济", folded());
    let traditional = hits(&opened, "經濟", folded());
    assert_eq!(simplified, traditional);
    let quotes: Vec<String> = simplified.iter().map(|h| quote(&opened, h)).collect();
    // 000, 003 and 004 are simplified; 001 and 002 traditional with crawl pinyin
    // (`經(jīng)濟(jì)`: the pinyin after the hit is not part of it).
    assert_eq!(
        quotes.iter().filter(|q| *q == "经济").count(),
        7,
        "{quotes:?}"
    );
    assert_eq!(
        quotes.iter().filter(|q| *q == "經(jīng)濟").count(),
        9,
        "{quotes:?}"
    );
    assert_eq!(quotes.len(), 16);
    let exact = hits(
        &opened,
        "經濟",
        QueryOptions {
            exact: true,
            ..folded()
        },
    );
    assert!(exact.len() < simplified.len());
    assert!(exact.iter().all(|h| {
        let q = quote(&opened, h);
        q.starts_with('經') && q.ends_with('濟')
    }));
}

#[test]
fn research_is_found_through_the_crawl_pinyin_of_seed_001() {
    let fixture = Fixture::seeds();
    let opened = fixture.open();
    let found = hits(&opened, "调研", folded());
    let in_001: Vec<String> = found
        .iter()
        .filter(|h| relative(&opened, h).starts_with("001_"))
        .map(|h| quote(&opened, h))
        .collect();
    assert!(!in_001.is_empty());
    assert!(in_001.iter().all(|q| q == "調(diào)研"), "{in_001:?}");
    // The title line: `何黨生調(diào)研…`, chars 3..11 of the Original.
    let first = found
        .iter()
        .find(|h| relative(&opened, h).starts_with("001_"))
        .unwrap();
    assert_eq!(first.original, 3..11);
    assert_eq!(first.clean, 3..5);
}

#[test]
fn fullwidth_digits_a_query_over_removed_pinyin_and_a_regex() {
    let fixture = Fixture::seeds();
    fixture.file("全角.txt", "标题\n于２０２３年召开，ＷＥＦ报告。\n");
    let opened = fixture.open();
    let years: Vec<String> = hits(&opened, "2023", folded())
        .iter()
        .filter(|h| relative(&opened, h) == "全角.txt")
        .map(|h| quote(&opened, h))
        .collect();
    assert_eq!(years, ["２０２３"]);
    let wef: Vec<String> = hits(&opened, "wef", folded())
        .iter()
        .filter(|h| relative(&opened, h) == "全角.txt")
        .map(|h| quote(&opened, h))
        .collect();
    assert_eq!(wef, ["ＷＥＦ"]);

    // `调研工业` spans `調(diào)研工業` in 001: the pinyin inside is part of the hit.
    let spanning: Vec<String> = hits(&opened, "调研工业", folded())
        .iter()
        .map(|h| quote(&opened, h))
        .collect();
    assert!(
        spanning.contains(&"調(diào)研工業".to_owned()),
        "{spanning:?}"
    );

    // A regex on the folded text: 区委书记 and a three-char name, in either script.
    let regex = QueryOptions {
        regex: true,
        ..folded()
    };
    let found = hits(&opened, r"区委书记\p{Han}{3}", regex);
    let quotes: Vec<String> = found.iter().map(|h| quote(&opened, h)).collect();
    assert!(
        quotes.iter().any(|q| q.starts_with("區(qū)委書記")),
        "{quotes:?}"
    );
    assert!(
        quotes.iter().any(|q| q.starts_with("区委书记")),
        "{quotes:?}"
    );
}

#[test]
fn every_hit_quotes_back_to_text_that_folds_to_the_query() {
    let fixture = Fixture::seeds();
    let opened = fixture.open();
    let queries = [
        ("经济", folded()),
        ("發展", folded()),
        ("调研", folded()),
        ("区委", folded()),
        ("2023", folded()),
        ("瞭解", folded()),
        (
            "經濟",
            QueryOptions {
                exact: true,
                ..folded()
            },
        ),
        (
            r"\d+月\d+日",
            QueryOptions {
                regex: true,
                ..folded()
            },
        ),
    ];
    let mut total = 0;
    for (text, options) in queries {
        let query = Query::new(text, options).unwrap();
        for hit in hits(&opened, text, options) {
            let quote = quote(&opened, &hit);
            assert!(!quote.is_empty());
            if options.exact {
                assert_eq!(clean(&quote).text, text);
            } else {
                assert!(folds_to(&query, &quote), "{text}: {quote:?}");
            }
            total += 1;
        }
    }
    assert!(total > 100, "only {total} hits checked");
}

// ---------------------------------------------------------------------------------------------
// Property: the index finds what a naive search over the folded text finds

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn arb_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "經濟",
            "经济",
            "調(diào)研",
            "调研",
            "發展",
            "发展",
            "瞭解",
            "了解",
            "一目瞭然",
            "乾隆",
            "乾淨",
            "２０２３",
            "2023",
            "ＷＥＦ",
            "wef",
            "?jī)",
            "(第一期)",
            "\n",
            "\r\n",
            "。",
            "，",
            " ",
            "😀",
            "𠮷",
            "a",
        ]);
        prop::collection::vec(pieces, 0..30).prop_map(|p| p.concat())
    }

    fn arb_query() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "经济", "經濟", "调研", "研", "展", "了解", "瞭", "目瞭", "乾", "干", "2023", "２０",
            "WEF", "济调", "。經", "😀", "𠮷a",
        ])
        .prop_map(str::to_owned)
    }

    /// Leftmost, non-overlapping positions (in folded chars) where every query char's image
    /// set holds the folded text's char.
    fn naive(folded: &[char], query: &[char]) -> Vec<std::ops::Range<usize>> {
        let mut found = Vec::new();
        let mut i = 0;
        while !query.is_empty() && i + query.len() <= folded.len() {
            let matches = query
                .iter()
                .zip(&folded[i..])
                .all(|(q, t)| images(*q).as_slice().contains(t));
            if matches {
                found.push(i..i + query.len());
                i += query.len();
            } else {
                i += 1;
            }
        }
        found
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn index_hits_equal_a_naive_search(texts in prop::collection::vec(arb_text(), 1..4), query in arb_query()) {
            let fixture = Fixture::new();
            for (i, text) in texts.iter().enumerate() {
                fixture.file(&format!("{i}.txt"), text);
            }
            let opened = fixture.open();
            let found = hits(&opened, &query, folded());
            let mut expected = Vec::new();
            for (id, meta) in opened.corpus.articles.iter().enumerate() {
                let original = std::fs::read_to_string(&meta.path).unwrap();
                let cleaned = clean(&original);
                let mut folded_text = String::new();
                fold_text(&cleaned.text, &mut folded_text);
                let folded_chars: Vec<char> = folded_text.chars().collect();
                let query_chars: Vec<char> = query.chars().collect();
                for range in naive(&folded_chars, &query_chars) {
                    expected.push((id, cleaned.map.original_range_from_view(range.clone()), range));
                }
            }
            let actual: Vec<_> = found.iter().map(|h| (h.article.0, h.original.clone(), h.clean.clone())).collect();
            prop_assert_eq!(actual, expected);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The on-disk index

#[test]
fn reopening_reuses_the_index_and_lists_the_same_articles() {
    let fixture = Fixture::seeds();
    let first = fixture.open();
    assert_eq!(first.update.indexed, 5);
    assert!(first.update.written);
    let second = fixture.open();
    assert_eq!((second.update.reused, second.update.indexed), (5, 0));
    assert!(!second.update.written, "nothing changed: nothing written");
    assert_eq!(second.scan.bytes, 0, "no article was read again");
    for (a, b) in first.corpus.articles.iter().zip(&second.corpus.articles) {
        assert_eq!(
            (
                &a.relative,
                &a.title,
                &a.date,
                &a.source,
                a.chars,
                a.encoding,
                a.lost_chars
            ),
            (
                &b.relative,
                &b.title,
                &b.date,
                &b.source,
                b.chars,
                b.encoding,
                b.lost_chars
            )
        );
        assert_eq!(a.path, b.path);
    }
    assert_eq!(
        hits(&first, "经济", folded()),
        hits(&second, "经济", folded())
    );
}

#[test]
fn an_edited_file_is_indexed_again_and_a_deleted_one_dropped() {
    let fixture = Fixture::new();
    fixture.file("a.txt", "标题甲\n经济发展\n");
    fixture.file("b.txt", "标题乙\n旧的内容\n");
    fixture.file("c.txt", "标题丙\n经济\n");
    fixture.open();

    fixture.file_aged("b.txt", "标题乙\n新的經濟内容\n", Duration::from_secs(1800));
    std::fs::remove_file(fixture.root().join("c.txt")).unwrap();
    let opened = fixture.open();
    assert_eq!(
        (
            opened.update.reused,
            opened.update.indexed,
            opened.update.dropped
        ),
        (1, 1, 1)
    );
    let found: Vec<String> = hits(&opened, "经济", folded())
        .iter()
        .map(|h| relative(&opened, h))
        .collect();
    assert_eq!(found, ["a.txt", "b.txt"]);
    assert!(hits(&opened, "旧的", folded()).is_empty());

    // Only shard files the manifest names are left.
    let again = fixture.open();
    assert_eq!((again.update.reused, again.update.indexed), (2, 0));
    let shards = std::fs::read_dir(fixture.index_dir())
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".shard")
        })
        .count();
    assert!(shards <= 2, "{shards} shard files");
}

#[test]
fn a_shard_left_mostly_dead_is_compacted() {
    let fixture = Fixture::new();
    for name in ["a", "b", "c", "d"] {
        fixture.file(&format!("{name}.txt"), format!("标题{name}\n旧文{name}\n"));
    }
    fixture.open();
    let shard_files = || {
        std::fs::read_dir(fixture.index_dir())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "shard")
            })
            .count()
    };
    assert_eq!(shard_files(), 1);
    // Three of four articles change: the first shard keeps only d, so d is moved out of it.
    for name in ["a", "b", "c"] {
        fixture.file_aged(
            &format!("{name}.txt"),
            format!("标题{name}\n新文{name}\n"),
            Duration::from_secs(1800),
        );
    }
    let opened = fixture.open();
    assert_eq!((opened.update.reused, opened.update.indexed), (1, 3));
    assert_eq!(
        shard_files(),
        2,
        "new shard and compacted shard; the old one deleted"
    );
    assert_eq!(hits(&opened, "旧文d", folded()).len(), 1);
    assert_eq!(hits(&opened, "新文", folded()).len(), 3);
    assert!(hits(&opened, "旧文a", folded()).is_empty());
    let again = fixture.open();
    assert_eq!((again.update.reused, again.update.indexed), (4, 0));
    assert_eq!(hits(&again, "旧文d", folded()).len(), 1);
}

#[test]
fn a_file_modified_just_now_is_read_again_even_with_the_same_stamp() {
    let fixture = Fixture::new();
    fixture.file_aged("a.txt", "标题\n经济\n", Duration::ZERO);
    fixture.open();
    // Its modification time is within the racy window of the manifest: not trusted.
    let opened = fixture.open();
    assert_eq!(opened.update.indexed, 1);
}

#[test]
fn a_corrupt_manifest_or_shard_is_rebuilt() {
    let fixture = Fixture::seeds();
    let expected = hits(&fixture.open(), "经济", folded());
    let dir = fixture.index_dir();

    std::fs::write(dir.join("manifest"), "not a manifest").unwrap();
    let opened = fixture.open();
    assert_eq!(opened.update.indexed, 5);
    assert!(
        opened.update.notes.iter().any(|n| n.contains("rebuilt")),
        "{:?}",
        opened.update.notes
    );
    assert_eq!(hits(&opened, "经济", folded()), expected);
    drop(opened);

    // A shard cut short: its articles are indexed again.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "shard") {
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        }
    }
    let opened = fixture.open();
    assert_eq!(opened.update.indexed, 5, "{:?}", opened.update.notes);
    assert_eq!(hits(&opened, "经济", folded()), expected);
    assert_eq!(fixture.open().update.indexed, 0);
}

#[test]
fn searching_while_opening_finds_what_opening_then_searching_finds() {
    let fixture = Fixture::new();
    let texts = ["經濟(jì)發展，调研", "经济工作", "没有", "２０２３年經濟"];
    for i in 0..40 {
        fixture.file(&format!("f{i}.txt"), format!("标题{i}\n{}\n", texts[i % 4]));
    }
    fixture.open();
    // A few changes since the index was written: the early hits of f1 and f2 must not be used.
    fixture.file_aged(
        "f1.txt",
        "标题\n再谈经济，經濟\n",
        Duration::from_secs(1800),
    );
    std::fs::remove_file(fixture.root().join("f2.txt")).unwrap();
    fixture.file("new.txt", "标题\n新的经济\n");
    let query = Query::new("经济", folded()).unwrap();
    let options = SearchOptions {
        snippets: Some((ViewKind::Traditional, 3)),
        ..SearchOptions::default()
    };
    let found = search_folder(
        fixture.root(),
        fixture.cache.path(),
        &query,
        &options,
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(found.opened.update.reused, 38);
    let opened = fixture.open();
    let expected = hits(&opened, "经济", folded());
    assert_eq!(found.hits.hits, expected);
    assert_eq!(found.summary.hits, expected.len());
    let mut maker = SnippetMaker::new(&opened.index, ViewKind::Traditional, 3);
    let snippets: Vec<_> = expected
        .iter()
        .map(|h| Ok(maker.snippet(h).unwrap()))
        .collect();
    assert_eq!(found.hits.snippets, snippets);
    let in_f1 = expected
        .iter()
        .filter(|h| relative(&opened, h) == "f1.txt")
        .count();
    assert_eq!(in_f1, 2);
}

#[test]
fn an_unwritable_cache_folder_means_a_temporary_index_and_a_note() {
    let fixture = Fixture::seeds();
    // A file where the cache folder should be: it cannot be created.
    let blocked = fixture.cache.path().join("blocked");
    std::fs::write(&blocked, "not a folder").unwrap();
    let query = Query::new("经济", folded()).unwrap();
    let found = search_folder(
        fixture.root(),
        &blocked,
        &query,
        &SearchOptions::default(),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(found.summary.hits, 16);
    assert!(
        found
            .opened
            .update
            .notes
            .iter()
            .any(|n| n.contains("temporary")),
        "{:?}",
        found.opened.update.notes
    );
    let output = Command::new(env!("CARGO_BIN_EXE_pizhu"))
        .args([
            "search",
            &fixture.root().to_string_lossy(),
            "经济",
            "--count",
        ])
        .env("PIZHU_CACHE_DIR", &blocked)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("temporary"), "{}", stderr(&output));
}

#[test]
fn files_in_gb18030_big5_and_utf16_are_searched_like_utf8() {
    let fixture = Fixture::new();
    let simplified = "标题\n区委书记调研经济发展\n";
    let traditional = "標題\n區委書記調研經濟發展\n";
    fixture.file("gb.txt", encoding_rs::GB18030.encode(simplified).0);
    fixture.file("big5.txt", encoding_rs::BIG5.encode(traditional).0);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(simplified.encode_utf16().flat_map(u16::to_le_bytes));
    fixture.file("utf16.txt", utf16);
    fixture.file("utf8.txt", traditional);
    let opened = fixture.open();
    let found: Vec<String> = hits(&opened, "經濟發展", folded())
        .iter()
        .map(|h| relative(&opened, h))
        .collect();
    // Natural order: utf8 before utf16.
    assert_eq!(found, ["big5.txt", "gb.txt", "utf8.txt", "utf16.txt"]);
}

// ---------------------------------------------------------------------------------------------
// Hits in every view

#[test]
fn snippets_show_each_hit_as_the_reader_shows_its_view() {
    let fixture = Fixture::seeds();
    let opened = fixture.open();
    let found = hits(&opened, "经济", folded());
    for kind in ViewKind::ALL {
        let mut maker = SnippetMaker::new(&opened.index, kind, 6);
        for hit in &found {
            let original =
                pizhu::corpus::Article::load(&opened.corpus.articles[hit.article.0].path)
                    .unwrap()
                    .decoded
                    .text;
            let view = View::render(&original, kind);
            let chars: Vec<char> = view.text.chars().collect();
            let range = view.view_range(hit.original.clone());
            let text = |r: std::ops::Range<usize>| -> String {
                chars[r.start.min(chars.len())..r.end.min(chars.len())]
                    .iter()
                    .collect()
            };
            let snippet = maker.snippet(hit).unwrap();
            assert_eq!(snippet.range, range, "{kind:?}");
            assert_eq!(snippet.hit, text(range.clone()), "{kind:?}");
            assert_eq!(
                snippet.left,
                text(range.start.saturating_sub(6)..range.start)
            );
            assert_eq!(snippet.right, text(range.end..range.end + 6));
        }
    }
}

/// The index holds the Clean view with full-width punctuation restored (as the reader shows
/// it); a query typed with ASCII punctuation still finds it, and the snippet shows the text as
/// the reader does.
#[test]
fn ascii_and_full_width_punctuation_find_the_same_text() {
    let fixture = Fixture::seeds();
    let opened = fixture.open();
    let ascii = hits(&opened, "召开:全力以赴,确保", folded());
    let full = hits(&opened, "召开：全力以赴，确保", folded());
    assert_eq!(ascii.len(), 1);
    assert_eq!(ascii[0].original, full[0].original);
    let mut maker = SnippetMaker::new(&opened.index, ViewKind::Clean, 2);
    let snippet = maker.snippet(&ascii[0]).unwrap();
    assert_eq!(snippet.hit, "召开：全力以赴，确保");
    // Same length as the Original text it stands for: offsets are unchanged.
    assert_eq!(ascii[0].original.len(), snippet.hit.chars().count());
}

#[test]
fn folded_context_sorts_a_concordance_in_any_script() {
    let fixture = Fixture::new();
    fixture.file("a.txt", "标题\n甲經濟乙\n");
    fixture.file("b.txt", "标题\nＡ经济Ｂ\n");
    let opened = fixture.open();
    let found = hits(&opened, "经济", folded());
    let contexts: Vec<(String, String)> = found
        .iter()
        .map(|hit| opened.index.folded_context(hit, 2).unwrap())
        .collect();
    assert_eq!(
        contexts,
        [
            ("\n甲".to_owned(), "乙\n".to_owned()),
            ("\na".to_owned(), "b\n".to_owned())
        ]
    );
}

#[test]
fn hits_kept_stop_at_the_limit_but_all_are_counted() {
    let fixture = Fixture::seeds();
    let opened = fixture.open();
    let all = hits(&opened, "的", folded());
    let query = Query::new("的", folded()).unwrap();
    let mut kept = Vec::new();
    let options = SearchOptions {
        max_hits: 10,
        threads: 3,
        ..SearchOptions::default()
    };
    let summary = search(
        &opened.index,
        &query,
        &options,
        &AtomicBool::new(false),
        |b| kept.extend(b.hits),
    );
    assert_eq!(kept, all[..10]);
    assert_eq!((summary.kept, summary.hits), (10, all.len()));
    // A cancelled search stops early and says so.
    let summary = search(
        &opened.index,
        &query,
        &options,
        &AtomicBool::new(true),
        |_| {},
    );
    assert!(summary.cancelled);
}

// ---------------------------------------------------------------------------------------------
// `pizhu search`

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn cli_prints_grep_like_lines_with_original_offsets() {
    let fixture = Fixture::seeds();
    let root = fixture.root().to_string_lossy().into_owned();
    let output = fixture.pizhu(&[&root, "调研", "--context", "3"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|l| l.contains("001_") && l.contains(":3-11: "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.ends_with(": 何黨生【調研】工業項"), "{line}");
    let original = fixture.pizhu(&[&root, "调研", "--view", "original", "--context", "2"]);
    assert!(
        stdout(&original).contains(": 黨生【調(diào)研】工業"),
        "{}",
        stdout(&original)
    );
    let simplified = fixture.pizhu(&[&root, "調研", "--view", "简", "--context", "2"]);
    assert!(stdout(&simplified).contains(": 党生【调研】工业"));
}

#[test]
fn cli_json_and_count() {
    let fixture = Fixture::seeds();
    let root = fixture.root().to_string_lossy().into_owned();
    let output = fixture.pizhu(&[&root, "经济", "--json", "--view", "traditional"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty());
    for line in &lines {
        for key in ["file", "start", "end", "quote", "left", "right", "view"] {
            assert!(line.get(key).is_some(), "{key} missing in {line}");
        }
        assert_eq!(line["quote"], "經濟");
        assert_eq!(line["view"], "traditional");
        assert!(line["start"].as_u64() < line["end"].as_u64());
    }
    let count = fixture.pizhu(&[&root, "经济", "--count"]);
    let total: usize = stdout(&count)
        .lines()
        .map(|l| l.rsplit(':').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, lines.len());
    let json_count = fixture.pizhu(&[&root, "经济", "--count", "--json"]);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&json_count).lines().next().unwrap()).unwrap();
    assert!(first["count"].as_u64().unwrap() > 0);
}

#[test]
fn cli_exit_codes_follow_grep() {
    let fixture = Fixture::seeds();
    let root = fixture.root().to_string_lossy().into_owned();
    let none = fixture.pizhu(&[&root, "没有这个词语"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(stdout(&none).is_empty() && stderr(&none).is_empty());

    let bad = fixture.pizhu(&[&root, "经济(", "--regex"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).starts_with("pizhu: invalid regular expression"),
        "{}",
        stderr(&bad)
    );

    let missing = fixture.pizhu(&["/no/such/folder", "经济"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("/no/such/folder"),
        "{}",
        stderr(&missing)
    );

    let empty = fixture.pizhu(&[&root, ""]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(stderr(&empty).contains("empty"), "{}", stderr(&empty));

    let bad_view = fixture.pizhu(&[&root, "经济", "--view", "pinyin"]);
    assert_eq!(bad_view.status.code(), Some(2));
}

#[test]
fn a_folder_that_cannot_be_searched_says_why_before_any_file_is_read() {
    // The folder is walked while its index loads: the index's error comes first, as before.
    let fixture = Fixture::seeds();
    let query = Query::new("经济", folded()).unwrap();
    let search_in = |root: &Path| {
        search_folder(
            root,
            fixture.cache.path(),
            &query,
            &SearchOptions::default(),
            &AtomicBool::new(false),
        )
        .unwrap_err()
        .to_string()
    };
    let missing = fixture.root().join("no such folder");
    let error = search_in(&missing);
    assert!(
        error.starts_with("cannot read folder") && error.contains("no such folder"),
        "{error}"
    );
    let file = fixture.root().join("000_aee7d7dda944679f.txt");
    let error = search_in(&file);
    assert!(error.contains("not a folder"), "{error}");
    // Neither left an index behind in the cache folder.
    let entries = std::fs::read_dir(fixture.cache.path()).unwrap().count();
    assert_eq!(entries, 0);
}
