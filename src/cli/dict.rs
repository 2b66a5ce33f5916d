//! `pizhu dict WORD [--json] [--limit N]`: looks a word up in the bundled CC-CEDICT.
//!
//! Prints the entries of the word (simplified or traditional) with tone-marked pinyin and every
//! gloss, then the longer headwords that contain it and the shorter ones inside it. A word that
//! is not a headword is an error (exit status 1) whose sentence names the longest word it starts
//! with and how it splits into dictionary words.

use std::io::Write;

use anyhow::{Context as _, bail};
use serde_json::{Value, json};

use pizhu::dict::{Dictionary, Entry, Lookup, Related, marked_in_gloss};

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Human-readable lines.
    Text,
    /// One JSON object.
    Json,
}

/// Looks `word` up and prints the result to `out`; at most `limit` longer headwords are listed.
pub fn run(word: &str, format: Format, limit: usize, out: &mut impl Write) -> anyhow::Result<()> {
    let query = word.trim();
    if query.is_empty() {
        bail!("nothing to look up: give a word, for example `pizhu dict 经济`");
    }
    let dict = Dictionary::shared()?;
    let lookup = dict.lookup(query, limit);
    match format {
        Format::Text if lookup.is_found() => write_text(&lookup, out),
        Format::Json => write_json(dict, &lookup, out),
        Format::Text => Ok(()),
    }
    .context("cannot write to standard output")?;
    if !lookup.is_found() {
        bail!("{}", not_found_sentence(dict, query));
    }
    Ok(())
}

/// `"经济发达" is not in CC-CEDICT; it starts with the word 经济 (jīng jì) and splits into
/// 经济 · 发达`.
fn not_found_sentence(dict: &Dictionary, query: &str) -> String {
    let mut sentence = format!("\"{query}\" is not in CC-CEDICT");
    if let Some(prefix) = dict.longest_prefix_headword(query) {
        let ruby = dict.ruby(prefix);
        sentence.push_str(&format!(
            "; it starts with the word {prefix} ({})",
            ruby.reading(0..ruby.len())
        ));
    }
    let words = split_words(dict, query);
    if words.len() > 1 {
        let joined: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
        sentence.push_str(&format!(" and splits into {}", joined.join(" · ")));
    }
    sentence
}

/// The dictionary words of `query` with their ruby reading.
fn split_words(dict: &Dictionary, query: &str) -> Vec<(String, String)> {
    let ruby = dict.ruby(query);
    dict.words(query)
        .into_iter()
        .map(|chars| {
            let word: String = query.chars().skip(chars.start).take(chars.len()).collect();
            (word, ruby.reading(chars))
        })
        .collect()
}

fn write_text(lookup: &Lookup<'_>, out: &mut impl Write) -> std::io::Result<()> {
    for (i, entry) in lookup.entries.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}  {}", headwords(entry), entry.pinyin())?;
        for gloss in entry.glosses() {
            writeln!(out, "  {}", marked_in_gloss(gloss))?;
        }
    }
    if !lookup.longer.is_empty() {
        writeln!(out)?;
        if lookup.longer_total > lookup.longer.len() {
            writeln!(
                out,
                "Longer words ({} of {}):",
                lookup.longer.len(),
                lookup.longer_total
            )?;
        } else {
            writeln!(out, "Longer words:")?;
        }
        for related in &lookup.longer {
            write_related(related, out)?;
        }
    }
    if !lookup.shorter.is_empty() {
        writeln!(out)?;
        writeln!(out, "Shorter words:")?;
        for related in &lookup.shorter {
            write_related(related, out)?;
        }
    }
    out.flush()
}

fn write_related(related: &Related<'_>, out: &mut impl Write) -> std::io::Result<()> {
    let entry = &related.entry;
    let glosses: Vec<String> = entry.glosses().map(marked_in_gloss).collect();
    writeln!(
        out,
        "  {}  {}  {}",
        headwords(entry),
        entry.pinyin(),
        glosses.join("; ")
    )
}

/// `经济 經濟`, or one headword when both scripts write it the same.
fn headwords(entry: &Entry<'_>) -> String {
    if entry.simplified == entry.traditional {
        entry.simplified.to_owned()
    } else {
        format!("{} {}", entry.simplified, entry.traditional)
    }
}

fn entry_json(entry: &Entry<'_>) -> Value {
    json!({
        "simplified": entry.simplified,
        "traditional": entry.traditional,
        "pinyin": entry.pinyin(),
        "pinyin_numbered": entry.pinyin_numbered,
        "glosses": entry.glosses().collect::<Vec<_>>(),
    })
}

fn related_json(related: &Related<'_>) -> Value {
    let mut value = entry_json(&related.entry);
    if let (Some(chars), Some(object)) = (&related.chars, value.as_object_mut()) {
        object.insert("chars".into(), json!([chars.start, chars.end]));
    }
    value
}

fn write_json(dict: &Dictionary, lookup: &Lookup<'_>, out: &mut impl Write) -> std::io::Result<()> {
    let mut value = json!({
        "query": lookup.query,
        "found": lookup.is_found(),
        "entries": lookup.entries.iter().map(entry_json).collect::<Vec<_>>(),
        "longer": lookup.longer.iter().map(related_json).collect::<Vec<_>>(),
        "longer_total": lookup.longer_total,
        "shorter": lookup.shorter.iter().map(related_json).collect::<Vec<_>>(),
    });
    if !lookup.is_found()
        && let Some(object) = value.as_object_mut()
    {
        object.insert(
            "longest_prefix".into(),
            json!(dict.longest_prefix_headword(&lookup.query)),
        );
        let words: Vec<Value> = split_words(dict, &lookup.query)
            .into_iter()
            .map(|(text, pinyin)| json!({ "text": text, "pinyin": pinyin }))
            .collect();
        object.insert("words".into(), Value::Array(words));
    }
    writeln!(out, "{value}")?;
    out.flush()
}
