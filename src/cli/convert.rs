//! `pizhu convert --to simplified|traditional [FILE|-]`: OpenCC-identical conversion to stdout.
//!
//! Streaming: the encoding is detected on the first block (as the scanner would), then the input
//! is decoded incrementally with `encoding_rs` and converted line-complete chunk by chunk, so
//! memory stays bounded whatever the input size.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context as _;
use encoding_rs::{CoderResult, Encoding};

use pizhu::corpus::decode::{TextEncoding, decode};
use pizhu::text::convert::{Converter, Target};

/// Bytes read per block.
const BLOCK_BYTES: usize = 1 << 20;

/// Converts the file at `input` (or standard input for `None` / `-`) and writes it to `out`.
pub fn run(input: Option<&Path>, target: Target, out: &mut impl Write) -> anyhow::Result<()> {
    match input {
        Some(path) if path != Path::new("-") => {
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            convert_reader(file, &path.display().to_string(), target, out)
        }
        _ => convert_reader(std::io::stdin().lock(), "standard input", target, out),
    }
}

/// Converts everything `reader` yields; `name` names it in errors.
pub fn convert_reader(
    mut reader: impl Read,
    name: &str,
    target: Target,
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
    let converter = Converter::get(target);
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
        // Convert up to the last newline: dictionary keys never span a line.
        let cut = if last {
            pending.len()
        } else {
            pending.rfind('\n').map_or(0, |i| i + 1)
        };
        converted.clear();
        converter.convert_into(&pending[..cut], &mut converted);
        out.write_all(converted.as_bytes()).context(write_error)?;
        pending.drain(..cut);
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

    fn convert_bytes(bytes: &[u8], target: Target) -> String {
        let mut out = Vec::new();
        convert_reader(bytes, "test", target, &mut out).expect("converts");
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
}
