//! `pizhu convert (--to simplified|traditional | --config NAME) [--phrases PATH] [FILE|-]`:
//! OpenCC-identical conversion to stdout, with a corpus's user phrases if asked.
//!
//! Streaming: the encoding is detected on the first block (as the scanner would), then the input
//! is decoded incrementally with `encoding_rs` and converted chunk by chunk with
//! [`Converter::convert_chunk`], which cuts only where nothing can span the cut (and holds back an
//! ideographic description sequence a block leaves open), so memory stays bounded whatever the
//! input size and the output equals converting the whole input at once.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use encoding_rs::{CoderResult, Encoding};

use pizhu::annotate::sidecar::{CORPUS_FILE_NAME, read_corpus_file};
use pizhu::corpus::decode::{TextEncoding, decode};
use pizhu::text::convert::{Converter, OpenccConfig, UserPhrase};

/// Bytes read per block.
const BLOCK_BYTES: usize = 1 << 20;

/// Converts the file at `input` (or standard input for `None` / `-`) with `config`, after the
/// user phrases of the corpus file at `phrases` (a `pizhu.ron` or its folder), and writes it to
/// `out`. Phrases that cannot be used are named on `warnings`.
pub fn run(
    input: Option<&Path>,
    config: OpenccConfig,
    phrases: Option<&Path>,
    out: &mut impl Write,
    warnings: &mut impl Write,
) -> anyhow::Result<()> {
    let converter = match phrases {
        None => Converter::of(config).clone(),
        Some(path) => {
            let (path, phrases) = load_user_phrases(path)?;
            let (converter, issues) = Converter::with_user_phrases(config, &phrases);
            for issue in issues {
                writeln!(warnings, "pizhu: warning: {}: {issue}", path.display()).ok();
            }
            converter
        }
    };
    match input {
        Some(path) if path != Path::new("-") => {
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            convert_reader(file, &path.display().to_string(), &converter, out)
        }
        _ => convert_reader(std::io::stdin().lock(), "standard input", &converter, out),
    }
}

/// The user phrases of the corpus file at `path` (a `pizhu.ron`, or a folder holding one), and
/// the file's path.
pub fn load_user_phrases(path: &Path) -> anyhow::Result<(PathBuf, Vec<UserPhrase>)> {
    let file = if path.is_dir() {
        path.join(CORPUS_FILE_NAME)
    } else {
        path.to_owned()
    };
    let loaded = read_corpus_file(&file)
        .map_err(anyhow::Error::new)?
        .with_context(|| format!("{}: no such corpus file", file.display()))?;
    Ok((file, loaded.value.settings.user_phrases))
}

/// Converts everything `reader` yields; `name` names it in errors.
pub fn convert_reader(
    mut reader: impl Read,
    name: &str,
    converter: &Converter,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let read_error = || format!("cannot read {name}");
    let write_error = "cannot write to standard output";
    let mut block = vec![0; BLOCK_BYTES];
    let mut filled = read_full(&mut reader, &mut block).with_context(read_error)?;
    let first = &block[..filled];
    let encoding = if first.is_empty() {
        encoding_rs::UTF_8
    } else {
        let detected = decode(first).with_context(|| format!("cannot decode {name}"))?;
        encoding_rs_of(detected.encoding)
    };
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut pending = String::with_capacity(BLOCK_BYTES * 2);
    let mut converted = String::with_capacity(BLOCK_BYTES * 2);
    loop {
        let last = filled < block.len();
        let mut input = &block[..filled];
        loop {
            let needed = decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(BLOCK_BYTES * 3);
            pending.reserve(needed);
            let (result, read, _) = decoder.decode_to_string(input, &mut pending, last);
            input = &input[read..];
            if result == CoderResult::InputEmpty {
                break;
            }
        }
        converted.clear();
        let consumed = converter.convert_chunk(&pending, last, &mut converted);
        out.write_all(converted.as_bytes()).context(write_error)?;
        pending.drain(..consumed);
        if last {
            break;
        }
        filled = read_full(&mut reader, &mut block).with_context(read_error)?;
    }
    out.flush().context(write_error)?;
    Ok(())
}

/// Reads until `buffer` is full or the input ends; returns the bytes read.
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn encoding_rs_of(encoding: TextEncoding) -> &'static Encoding {
    match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => encoding_rs::UTF_8,
        TextEncoding::Utf16Le { .. } => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be { .. } => encoding_rs::UTF_16BE,
        TextEncoding::Gb18030 => encoding_rs::GB18030,
        TextEncoding::Big5 => encoding_rs::BIG5,
        TextEncoding::Other(name) => {
            Encoding::for_label(name.as_bytes()).unwrap_or(encoding_rs::UTF_8)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use pizhu::text::convert::Target;

    fn convert_bytes(bytes: &[u8], target: Target) -> String {
        convert_bytes_with(bytes, Converter::get(target))
    }

    fn convert_bytes_with(bytes: &[u8], converter: &Converter) -> String {
        let mut out = Vec::new();
        convert_reader(bytes, "test", converter, &mut out).expect("converts");
        String::from_utf8(out).expect("UTF-8 out")
    }

    #[test]
    fn utf16_and_gb18030_inputs_convert_to_utf8() {
        let text = "调研\r\n发展经济\n";
        let expected = convert_bytes(text.as_bytes(), Target::Traditional);
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        assert_eq!(convert_bytes(&utf16, Target::Traditional), expected);
        let (gb, _, unmappable) = encoding_rs::GB18030.encode(text);
        assert!(!unmappable);
        assert_eq!(convert_bytes(&gb, Target::Traditional), expected);
    }

    #[test]
    fn empty_input_gives_empty_output() {
        assert_eq!(convert_bytes(b"", Target::Simplified), "");
    }

    #[test]
    fn input_larger_than_a_block_streams_identically() {
        let line = "黃坤明在廣州調研經濟發展，強調要深入學習。\n";
        let text = line.repeat(BLOCK_BYTES / line.len() * 3 + 7);
        let mut whole = String::new();
        Converter::get(Target::Simplified).convert_into(&text, &mut whole);
        assert_eq!(convert_bytes(text.as_bytes(), Target::Simplified), whole);
    }

    /// Blocks end at arbitrary bytes: an IDS over a newline at a block's end, a phrase that
    /// changes length, and a user phrase with a cut char inside all convert as a whole.
    #[test]
    fn block_edges_change_nothing() {
        use pizhu::text::convert::PhraseScope;
        let (with_phrase, _) = Converter::with_user_phrases(
            OpenccConfig::S2twp,
            &[UserPhrase::new(
                "你，好",
                "妳，好",
                PhraseScope::Traditional,
            )],
        );
        for converter in [Converter::of(OpenccConfig::S2twp), &with_phrase] {
            for offset in 0..4 {
                let mut text = "博客".repeat(offset);
                while text.len() < BLOCK_BYTES - 4 {
                    text.push_str("我的博客和方便面，你，好。\n");
                }
                // The IDS starts `4 + offset` bytes before the first block ends.
                let target = BLOCK_BYTES - 4 - offset;
                let mut cut = target;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
                while text.len() < target {
                    text.push('a');
                }
                // An IDS over a newline (its second part is 讠) straddles the first block's end.
                text.push_str("⿰\n讠博客你，好\n");
                text.push_str(&"方便面。".repeat(1000));
                let mut whole = String::new();
                converter.convert_into(&text, &mut whole);
                assert!(
                    convert_bytes_with(text.as_bytes(), converter) == whole,
                    "offset {offset}"
                );
            }
        }
    }
}
