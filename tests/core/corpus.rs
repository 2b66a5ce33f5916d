//! Integration tests of the corpus module: decoding files made from the seeds in every encoding,
//! the folder scan (order, exclusions, skip reasons, odd names, cancellation) and metadata.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use crate::util::{Scanned, TempCorpus, legacy, seeds, seeds_dir, utf16};
use encoding_rs::{BIG5, GB18030, GBK};
use pizhu::corpus::{
    Article, ArticleMeta, Corpus, ScanError, ScanEvent, ScanOptions, SkipReason, TextEncoding,
    decode::decode, scan,
};
use pizhu::text::Script;

/// Decodes `bytes` through both paths the app uses (the scan and `Article::load`) and checks
/// the Original and the encoding.
fn assert_decodes(name: &str, bytes: &[u8], expected: &str, encoding: TextEncoding) {
    let decoded = decode(bytes).unwrap_or_else(|err| panic!("{name}: {err}"));
    assert_eq!(decoded.encoding, encoding, "{name}");
    assert!(
        decoded.text == expected,
        "{name}: decoded text differs from the seed"
    );

    let corpus = TempCorpus::new();
    let path = corpus.file(name, bytes);
    let article = Article::load(&path).unwrap();
    assert!(
        article.original() == expected,
        "{name}: Article::load differs"
    );
    let scanned = corpus.scan();
    let meta = scanned.article(name);
    assert_eq!(meta.encoding, encoding, "{name}");
    assert_eq!(meta.chars, expected.chars().count(), "{name}");
    assert_eq!(meta.bytes, bytes.len() as u64, "{name}");
}

#[test]
fn seeds_in_utf8_with_bom_and_utf16_decode_exactly() {
    for (name, text) in seeds() {
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_decodes(&format!("bom-{name}"), &bom, &text, TextEncoding::Utf8Bom);
        for bom in [true, false] {
            assert_decodes(
                &format!("le-{bom}-{name}"),
                &utf16(&text, true, bom),
                &text,
                TextEncoding::Utf16Le { bom },
            );
            assert_decodes(
                &format!("be-{bom}-{name}"),
                &utf16(&text, false, bom),
                &text,
                TextEncoding::Utf16Be { bom },
            );
        }
    }
}

#[test]
fn seeds_in_gb18030_and_gbk_decode_exactly() {
    for (name, text) in seeds() {
        let gb18030 = legacy(&text, GB18030).unwrap();
        assert_decodes(
            &format!("gb18030-{name}"),
            &gb18030,
            &text,
            TextEncoding::Gb18030,
        );
        // GBK (the GB18030 subset of two-byte codes) has the pinyin tone letters of 001/002
        // but not `•` (U+2022) and NBSP of 004: there, take the lines GBK can represent.
        let gbk_text = if legacy(&text, GBK).is_some() {
            text.clone()
        } else {
            let lines: Vec<&str> = text
                .lines()
                .filter(|line| legacy(line, GBK).is_some())
                .collect();
            println!(
                "{name}: {} of {} lines are GBK-encodable",
                lines.len(),
                text.lines().count()
            );
            assert!(lines.len() > 20);
            lines.join("\n")
        };
        let gbk = legacy(&gbk_text, GBK).unwrap();
        assert_decodes(
            &format!("gbk-{name}"),
            &gbk,
            &gbk_text,
            TextEncoding::Gb18030,
        );
    }
}

#[test]
fn big5_encodable_seed_lines_decode_exactly() {
    // Big5 has no tone-marked pinyin and few simplified characters, so whole seeds do not
    // round-trip: take every non-empty line that Big5 can represent.
    let mut lines = Vec::new();
    for (name, text) in seeds() {
        let total = text.lines().filter(|line| !line.trim().is_empty()).count();
        let encodable: Vec<String> = text
            .lines()
            .filter(|line| !line.trim().is_empty() && legacy(line, BIG5).is_some())
            .map(str::to_owned)
            .collect();
        println!(
            "{name}: {} of {total} non-empty lines are Big5-encodable",
            encodable.len()
        );
        lines.extend(encodable);
    }
    assert!(lines.len() >= 20, "too few Big5 lines: {}", lines.len());
    let text = lines.join("\n") + "\n";
    let big5 = legacy(&text, BIG5).unwrap();
    assert_decodes("big5.txt", &big5, &text, TextEncoding::Big5);
    // And one traditional seed's first lines alone (001 without its pinyin artefacts).
    let title = "何黨生調研工業項目時強調\n以工業高質量發展實績實效\n扎實推動主題教育走深走實\n";
    assert_decodes(
        "big5-title.txt",
        &legacy(title, BIG5).unwrap(),
        title,
        TextEncoding::Big5,
    );
}

/// Removes ASCII-parenthesised runs of letters (the inline pinyin of 001/002: `調(diào)研` →
/// `調研`), which Big5 cannot encode.
fn without_inline_pinyin(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(')') {
            // Latin letters only (with tone marks; CJK is alphabetic too, hence the bound).
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_alphabetic() && u32::from(c) < 0x2E80) =>
            {
                rest = &after[close + 1..];
            }
            _ => {
                out.push('(');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn big5_traditional_prose_decodes_exactly() {
    // 001 and 002 are traditional; without their inline pinyin most of their lines fit Big5.
    let mut lines = Vec::new();
    for (name, text) in seeds()
        .into_iter()
        .filter(|(name, _)| name.starts_with("001") || name.starts_with("002"))
    {
        let text = without_inline_pinyin(&text);
        let all: Vec<&str> = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .collect();
        let encodable: Vec<String> = all
            .iter()
            .filter(|line| legacy(line, BIG5).is_some())
            .map(|line| line.to_string())
            .collect();
        println!(
            "{name} without pinyin: {} of {} non-empty lines are Big5-encodable",
            encodable.len(),
            all.len()
        );
        lines.extend(encodable);
    }
    let text = lines.join("\n");
    assert!(
        text.chars().count() > 3000,
        "{} chars",
        text.chars().count()
    );
    assert_decodes(
        "big5-prose.txt",
        &legacy(&text, BIG5).unwrap(),
        &text,
        TextEncoding::Big5,
    );
}

#[test]
fn crlf_is_kept_and_empty_files_are_empty_articles() {
    let corpus = TempCorpus::new();
    let crlf = "标题\r\n第一段。\r\n第二段。\r\n";
    corpus.file("crlf.txt", crlf);
    corpus.file("empty.txt", "");
    let scanned = corpus.scan();
    assert_eq!(
        Article::load(&corpus.join("crlf.txt")).unwrap().original(),
        crlf
    );
    let meta = scanned.article("crlf.txt");
    assert_eq!(meta.chars, crlf.chars().count());
    assert_eq!(meta.title, "标题");
    let empty = scanned.article("empty.txt");
    assert_eq!(
        (empty.chars, empty.bytes, empty.title.as_str()),
        (0, 0, "empty.txt")
    );
    assert_eq!(
        Article::load(&corpus.join("empty.txt")).unwrap().original(),
        ""
    );
}

#[test]
fn order_is_natural_component_by_component() {
    let corpus = TempCorpus::new();
    for name in [
        "file10.txt",
        "file2.txt",
        "file1.txt",
        "a/file10.txt",
        "a/file9.md",
        "a.txt",
        "B.text",
        "第10章.txt",
        "第2章.txt",
        "sub2/x.txt",
        "sub10/x.txt",
        "sub10/deep/1.txt",
        "Notes.TXT",
    ] {
        corpus.file(name, format!("{name}\n正文"));
    }
    let expected = [
        "a/file9.md",
        "a/file10.txt",
        "a.txt",
        "B.text",
        "file1.txt",
        "file2.txt",
        "file10.txt",
        "Notes.TXT",
        "sub2/x.txt",
        "sub10/deep/1.txt",
        "sub10/x.txt",
        "第2章.txt",
        "第10章.txt",
    ];
    for threads in [1, 2, 5] {
        let scanned = corpus.scan_with(&ScanOptions {
            threads,
            ..ScanOptions::default()
        });
        assert_eq!(scanned.article_paths(), expected, "threads = {threads}");
        assert_eq!(scanned.found, Some(expected.len()));
        // The title is the first line, which is the file's own name here.
        assert!(
            scanned
                .articles
                .iter()
                .all(|meta| meta.title == meta.relative)
        );
    }
}

#[test]
fn many_files_keep_their_order_with_many_threads() {
    let corpus = TempCorpus::new();
    for i in 0..300 {
        corpus.file(format!("d{}/{i}.txt", i % 7), format!("第{i}篇\n正文"));
    }
    let one = corpus.scan_with(&ScanOptions {
        threads: 1,
        ..ScanOptions::default()
    });
    let many = corpus.scan_with(&ScanOptions {
        threads: 8,
        ..ScanOptions::default()
    });
    assert_eq!(one.order.len(), 300);
    assert_eq!(one.order, many.order);
    assert_eq!(one.order[..3], ["d0/0.txt", "d0/7.txt", "d0/14.txt"]);
    assert_eq!(many.summary.articles, 300);
    assert!(!many.summary.cancelled);
}

#[test]
fn hidden_entries_own_files_and_other_extensions_are_not_listed() {
    let corpus = TempCorpus::new();
    corpus.file("article.txt", "正文");
    corpus.file("article.txt.annotations.ron", "(version: 1)");
    corpus.file("pizhu.ron", "(version: 1)");
    corpus.file(".hidden.txt", "隐藏");
    corpus.file(".git/HEAD.txt", "隐藏");
    corpus.file("sub/.cache/a.txt", "隐藏");
    corpus.file("page.html", "<p>网页</p>");
    corpus.file("photo.png", b"\x89PNG\r\n\x1a\n\0\0");
    corpus.file("README", "没有扩展名的文本\n正文");
    corpus.file("binary-no-extension", b"\x7fELF\x02\x01\x01\0\0\0\0\0");
    let scanned = corpus.scan();
    assert_eq!(scanned.article_paths(), ["article.txt", "README"]);
    assert!(scanned.skipped.is_empty(), "{:?}", scanned.skipped);
    assert_eq!(scanned.article("README").title, "没有扩展名的文本");
    // Own files (2), hidden (.hidden.txt, .git, sub/.cache), html, png, the ELF file.
    assert_eq!(scanned.summary.ignored, 8);
    // Found counts candidates: the two articles and the extension-less file that was sniffed.
    assert_eq!(scanned.found, Some(3));
}

#[test]
fn binary_too_large_and_undecodable_files_are_skipped_with_reasons() {
    let corpus = TempCorpus::new();
    corpus.file("binary.txt", b"GIF89a\x01\0\x01\0\0\0\0\x02\x02");
    corpus.file("large.txt", "大".repeat(100));
    corpus.file("small.txt", "小".repeat(10));
    let mut garbage = b"\xEF\xBB\xBF".to_vec();
    garbage.extend(std::iter::repeat_n(0xFF_u8, 100));
    corpus.file("undecodable.txt", garbage);
    let scanned = corpus.scan_with(&ScanOptions {
        max_file_bytes: 200,
        ..ScanOptions::default()
    });
    assert_eq!(scanned.article_paths(), ["small.txt"]);
    assert_eq!(
        scanned.order,
        ["binary.txt", "large.txt", "small.txt", "undecodable.txt"]
    );
    assert_eq!(scanned.skipped("binary.txt").reason, SkipReason::Binary);
    assert_eq!(
        scanned.skipped("large.txt").reason,
        SkipReason::TooLarge {
            bytes: 300,
            limit: 200
        }
    );
    let reason = &scanned.skipped("undecodable.txt").reason;
    assert!(matches!(reason, SkipReason::Undecodable(_)), "{reason:?}");
    for skipped in &scanned.skipped {
        println!("skipped {}: {}", skipped.relative, skipped.reason);
    }
    assert_eq!(
        reason.to_string(),
        "undecodable: 100 of 100 characters could not be decoded as UTF-8"
    );
    assert_eq!(scanned.summary.skipped, 3);
    assert_eq!(scanned.summary.articles, 1);
}

#[cfg(unix)]
#[test]
fn sockets_and_fifos_named_like_articles_are_not_regular_files() {
    let corpus = TempCorpus::new();
    corpus.socket("socket.txt");
    corpus.socket("socket-no-extension");
    let fifo = corpus.fifo("fifo.txt");
    corpus.file("real.txt", "正文");
    // Must not block on the FIFO.
    let scanned = corpus.scan();
    assert_eq!(scanned.article_paths(), ["real.txt"]);
    assert_eq!(
        scanned.skipped("socket.txt").reason,
        SkipReason::NotRegularFile
    );
    if fifo.is_some() {
        assert_eq!(
            scanned.skipped("fifo.txt").reason,
            SkipReason::NotRegularFile
        );
        assert!(matches!(
            Article::load(&corpus.join("fifo.txt")),
            Err(pizhu::corpus::ArticleError::NotRegularFile { .. })
        ));
    } else {
        println!("mkfifo not available: FIFO case not run");
    }
    assert_eq!(
        scanned.summary.ignored, 1,
        "the extension-less socket is ignored"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_to_files_are_followed_and_loops_are_skipped() {
    let corpus = TempCorpus::new();
    corpus.file("real/article.txt", "真实文章\n正文");
    corpus.symlink("link.txt", "real/article.txt");
    corpus.symlink("real/up", "..");
    corpus.symlink("real/self", "self");
    corpus.symlink("dangling.txt", "nowhere.txt");
    corpus.symlink("dangling.png", "nowhere.png");
    let scanned = corpus.scan();
    assert_eq!(scanned.article_paths(), ["link.txt", "real/article.txt"]);
    let link = scanned.article("link.txt");
    assert_eq!(link.title, "真实文章");
    assert_eq!(link.path, corpus.join("link.txt"));
    assert_eq!(scanned.skipped("real/up/").reason, SkipReason::SymlinkLoop);
    assert_eq!(scanned.skipped("real/self").reason, SkipReason::SymlinkLoop);
    let dangling = &scanned.skipped("dangling.txt").reason;
    assert!(
        matches!(dangling, SkipReason::Unreadable(e) if e.kind() == std::io::ErrorKind::NotFound),
        "{dangling:?}"
    );
    assert_eq!(
        dangling.to_string(),
        "unreadable: not found (a broken link?)"
    );
    assert_eq!(
        scanned.summary.ignored, 1,
        "the dangling link to a .png is ignored"
    );
    assert_eq!(
        scanned.order,
        [
            "dangling.txt",
            "link.txt",
            "real/article.txt",
            "real/self",
            "real/up/"
        ]
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_read_error_is_reported_as_unreadable() {
    // Tests run as root, for whom chmod 000 changes nothing. /proc/self/mem is a regular file
    // that fails with EIO when read from offset 0: the real read-error path of a worker.
    let corpus = TempCorpus::new();
    corpus.symlink("mem.txt", "/proc/self/mem");
    let scanned = corpus.scan();
    let reason = &scanned.skipped("mem.txt").reason;
    assert!(
        matches!(reason, SkipReason::Unreadable(why) if why.to_string().contains("os error")),
        "{reason:?}"
    );
    println!("mem.txt: {reason}");
}

#[cfg(unix)]
#[test]
fn permission_denied_is_unreadable_unless_privileged() {
    use std::os::unix::fs::PermissionsExt;
    let corpus = TempCorpus::new();
    let path = corpus.file("secret.txt", "机密");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let privileged = std::fs::File::open(&path).is_ok();
    let scanned = corpus.scan();
    if privileged {
        // Root (as in CI) reads anything: the permission path cannot fail here; the read-error
        // path is covered by `a_read_error_is_reported_as_unreadable`.
        println!("running privileged: chmod 000 does not prevent reading; checked it is listed");
        assert_eq!(scanned.article_paths(), ["secret.txt"]);
    } else {
        let reason = &scanned.skipped("secret.txt").reason;
        assert!(
            matches!(reason, SkipReason::Unreadable(e) if e.kind() == std::io::ErrorKind::PermissionDenied),
            "{reason:?}"
        );
        assert_eq!(reason.to_string(), "unreadable: permission denied");
    }
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_listed_and_open_by_their_real_path() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let corpus = TempCorpus::new();
    let name = OsStr::from_bytes(b"bad\xff.txt");
    let path = corpus.file(name, "非UTF-8文件名\n正文");
    let scanned = corpus.scan();
    let meta = scanned.article("bad\u{FFFD}.txt");
    assert_eq!(meta.path, path);
    assert_eq!(meta.title, "非UTF-8文件名");
    assert_eq!(
        Article::load(&meta.path).unwrap().original(),
        "非UTF-8文件名\n正文"
    );
}

#[test]
fn cancel_before_the_scan_sends_nothing() {
    let corpus = TempCorpus::new();
    corpus.file("a.txt", "正文");
    let cancel = AtomicBool::new(true);
    let scanned = Scanned::run(corpus.path(), &ScanOptions::default(), &cancel);
    assert!(scanned.summary.cancelled);
    assert_eq!(scanned.found, None);
    assert!(scanned.order.is_empty());
}

#[test]
fn cancel_during_the_scan_stops_with_an_ordered_prefix() {
    let corpus = TempCorpus::new();
    for i in 0..500 {
        corpus.file(format!("{i}.txt"), "文章正文。".repeat(200));
    }
    let cancel = AtomicBool::new(false);
    let mut order = Vec::new();
    let summary = scan(
        corpus.path(),
        &ScanOptions {
            threads: 2,
            ..ScanOptions::default()
        },
        &cancel,
        |event| {
            if let pizhu::corpus::ScanEvent::Article(meta) = event {
                order.push(meta.relative);
                if order.len() == 3 {
                    cancel.store(true, Ordering::Relaxed);
                }
            }
        },
    )
    .unwrap();
    assert!(summary.cancelled);
    assert!(
        order.len() >= 3 && order.len() < 500,
        "{} events",
        order.len()
    );
    let expected: Vec<String> = (0..order.len()).map(|i| format!("{i}.txt")).collect();
    assert_eq!(order, expected);
    assert_eq!(summary.articles, order.len());
}

#[test]
fn cancel_from_another_thread_as_the_ui_does() {
    // The UI sets the flag from its own thread while the scan runs. No sleeping and hoping: the
    // scan's first article waits until the other thread has set the flag, so the scan must stop
    // with a short in-order prefix, however fast or slow the machine is.
    let corpus = TempCorpus::new();
    for i in 0..400 {
        corpus.file(format!("{i}.txt"), "文章正文。".repeat(300));
    }
    let cancel = AtomicBool::new(false);
    let (first_sent, first) = mpsc::channel();
    let (cancelled_sent, cancelled) = mpsc::channel::<()>();
    let scanned = std::thread::scope(|scope| {
        let (corpus, cancel) = (&corpus, &cancel);
        let worker = scope.spawn(move || {
            let mut scanned = Scanned::default();
            let summary = scan(corpus.path(), &ScanOptions::default(), cancel, |event| {
                let is_first =
                    matches!(event, ScanEvent::Article(_)) && scanned.articles.is_empty();
                scanned.push(event);
                if is_first {
                    first_sent.send(()).unwrap();
                    cancelled.recv().unwrap();
                }
            });
            scanned.summary = summary.unwrap();
            scanned
        });
        // Fails at once (the sender is dropped) if the scan ends without an article.
        first.recv().expect("the scan sent an article");
        cancel.store(true, Ordering::Relaxed);
        cancelled_sent.send(()).unwrap();
        worker.join().unwrap()
    });
    assert!(scanned.summary.cancelled);
    assert!(
        !scanned.order.is_empty() && scanned.order.len() < 400,
        "{} of 400 articles after the cancel",
        scanned.order.len()
    );
    let expected: Vec<String> = (0..scanned.order.len())
        .map(|i| format!("{i}.txt"))
        .collect();
    assert_eq!(scanned.order, expected);
    assert_eq!(scanned.summary.articles, scanned.order.len());
}

#[test]
fn a_missing_root_is_an_error() {
    let corpus = TempCorpus::new();
    let missing = corpus.join("不存在");
    let result = scan(
        &missing,
        &ScanOptions::default(),
        &AtomicBool::new(false),
        |_| {},
    );
    assert!(matches!(result, Err(ScanError::Root { .. })));
    let file = corpus.file("file.txt", "正文");
    assert!(
        scan(
            &file,
            &ScanOptions::default(),
            &AtomicBool::new(false),
            |_| {}
        )
        .is_err()
    );
}

fn seed_corpus() -> (Corpus, Vec<ArticleMeta>) {
    let (corpus, summary) = Corpus::open(
        &seeds_dir(),
        &ScanOptions::default(),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(!summary.cancelled);
    let articles = corpus.articles.clone();
    for meta in &articles {
        println!(
            "{} | {} | date {:?} | source {:?} | {} | {:?} | {} chars, {} bytes",
            meta.relative,
            meta.title,
            meta.date,
            meta.source,
            meta.encoding,
            meta.script,
            meta.chars,
            meta.bytes
        );
    }
    (corpus, articles)
}

#[test]
fn the_seeds_folder_gives_five_articles_with_metadata() {
    let (corpus, articles) = seed_corpus();
    assert_eq!(corpus.len(), 5);
    assert!(corpus.skipped.is_empty());
    let relative: Vec<_> = articles.iter().map(|meta| meta.relative.as_str()).collect();
    assert_eq!(
        relative,
        [
            "000_aee7d7dda944679f.txt",
            "001_ebed7b38f3e0333c.txt",
            "002_6e5af457e60a8f77.txt",
            "003_6d7fffe9468177c8.txt",
            "004_17a6dfa9780f989e.txt",
        ]
    );
    assert_eq!(
        articles[0].title,
        "禅城区政府常务会议召开：全力以赴，确保东西部协作工作再创佳绩"
    );
    assert_eq!(articles[3].title, "佛山市召开重点项目建设找差距促进度大会");
    // The list shows the Clean view of the title line: `調(diào)研` once clean.rs removes pinyin.
    assert!(
        articles[1].title.starts_with("何黨生調"),
        "{}",
        articles[1].title
    );
    // 002 opens with its publisher's masthead: the title is the next line.
    assert_eq!(articles[2].title, "百舸爭流，奮楫者先！");
    for (meta, (_, text)) in articles.iter().zip(seeds()) {
        assert_eq!(meta.encoding, TextEncoding::Utf8);
        assert_eq!(meta.chars, text.chars().count());
        assert_eq!(meta.bytes, text.len() as u64);
    }
    // Only 004 has a full date and a `来源:`; the others have `10月12日`-style dates: no year.
    let dates: Vec<_> = articles.iter().map(|meta| meta.date.as_deref()).collect();
    assert_eq!(dates, [None, None, None, None, Some("2023-12-21")]);
    let sources: Vec<_> = articles.iter().map(|meta| meta.source.as_deref()).collect();
    assert_eq!(
        sources,
        [None, None, Some("簡陽市融媒體中心"), None, Some("白云时事")]
    );
}

#[test]
fn seed_004_title_skips_the_breadcrumb_and_artefacts_are_counted() {
    let (_, articles) = seed_corpus();
    assert_eq!(
        articles[4].title,
        "白云区党政代表团赴贵州省黔南州开展东西部协作调研对接"
    );
    assert_eq!(articles[1].title, "何黨生調研工業項目時強調");
    assert_eq!(articles[2].title, "百舸爭流，奮楫者先！");
    assert_eq!(articles[2].source.as_deref(), Some("簡陽市融媒體中心"));
    // DESIGN §4: 237 and 664 inline-pinyin artefacts in 001 and 002, plus 2 and 1 lost chars
    // (`?syllable)`), which count as artefacts too.
    let counts: Vec<_> = articles
        .iter()
        .map(|meta| (meta.artefacts_removed, meta.lost_chars))
        .collect();
    assert_eq!(counts, [(0, 0), (239, 2), (665, 1), (0, 0), (0, 0)]);
}

#[test]
fn seed_scripts_are_simplified_or_traditional() {
    let (_, articles) = seed_corpus();
    let scripts: Vec<Script> = articles.iter().map(|meta| meta.script).collect();
    assert_eq!(
        scripts,
        [
            Script::Simplified,
            Script::Traditional,
            Script::Traditional,
            Script::Simplified,
            Script::Simplified,
        ]
    );
}
