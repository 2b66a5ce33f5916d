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
    let mut block = vec![0; BLOCK_BYTES];
    let filled =
        read_full(&mut reader, &mut block).with_context(|| format!("cannot read {name}"))?;
    block.truncate(filled);
    let at_eof = filled < BLOCK_BYTES;
    let encoding = if block.is_empty() {
        TextEncoding::Utf8
    } else {
        decode(&block)
            .with_context(|| format!("cannot decode {name}"))?
            .encoding
    };
    let job = Job {
        reader,
        name,
        converter,
        converted: String::with_capacity(BLOCK_BYTES * 2),
    };
    // Every encoding, UTF-8 included, goes through encoding_rs: its SIMD validation plus one
    // copy cost less than validating the text again for each chunk (measured).
    let decoder = encoding_rs_of(encoding).new_decoder_with_bom_removal();
    job.decoded(decoder, block, at_eof, out)
}

/// One conversion from a reader to a writer.
struct Job<'a, R> {
    reader: R,
    name: &'a str,
    converter: &'a Converter,
    converted: String,
}

impl<R: Read> Job<'_, R> {
    /// Converts what can be converted of `text` and writes it; returns the bytes consumed.
    fn convert_and_write(
        &mut self,
        text: &str,
        is_final: bool,
        out: &mut impl Write,
    ) -> anyhow::Result<usize> {
        self.converted.clear();
        let consumed = self
            .converter
            .convert_chunk(text, is_final, &mut self.converted);
        out.write_all(self.converted.as_bytes())
            .context("cannot write to standard output")?;
        Ok(consumed)
    }

    /// The input decoded block by block into `pending` and converted as far as it can be.
    fn decoded(
        mut self,
        mut decoder: encoding_rs::Decoder,
        mut block: Vec<u8>,
        mut at_eof: bool,
        out: &mut impl Write,
    ) -> anyhow::Result<()> {
        let mut pending = String::with_capacity(BLOCK_BYTES * 2);
        loop {
            let mut input = &block[..];
            loop {
                let needed = decoder
                    .max_utf8_buffer_length(input.len())
                    .unwrap_or(BLOCK_BYTES * 3);
                pending.reserve(needed);
                let (result, read, _) = decoder.decode_to_string(input, &mut pending, at_eof);
                input = &input[read..];
                if result == CoderResult::InputEmpty {
                    break;
                }
            }
            let consumed = self.convert_and_write(&pending, at_eof, out)?;
            pending.drain(..consumed);
            if at_eof {
                break;
            }
            block.resize(BLOCK_BYTES, 0);
            let filled = read_full(&mut self.reader, &mut block)
                .with_context(|| format!("cannot read {}", self.name))?;
            block.truncate(filled);
            at_eof = filled < BLOCK_BYTES;
        }
        out.flush().context("cannot write to standard output")?;
        Ok(())
    }
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
    fn utf8_boms_and_broken_bytes_decode_as_the_decoder_does() {
        let text = "调研发展经济\n".repeat(BLOCK_BYTES / 10);
        let expected = convert_bytes(text.as_bytes(), Target::Traditional);
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(text.as_bytes());
        assert!(convert_bytes(&with_bom, Target::Traditional) == expected);
        // A broken byte after the first block (detection saw clean UTF-8): U+FFFD, as
        // encoding_rs decodes it, and everything around it converted.
        let mut broken = text.as_bytes().to_vec();
        broken.extend_from_slice(b"\xFF\xE5\x8F");
        broken.extend_from_slice("发展\n".as_bytes());
        let (decoded, _) = encoding_rs::UTF_8.decode_without_bom_handling(&broken);
        let mut whole = String::new();
        Converter::get(Target::Traditional).convert_into(&decoded, &mut whole);
        let converted = convert_bytes(&broken, Target::Traditional);
        assert!(converted == whole);
        assert!(
            converted.ends_with("\u{FFFD}\u{FFFD}發展\n"),
            "{:?}",
            &converted[converted.len() - 20..]
        );
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
