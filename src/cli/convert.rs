//! `pizhu convert --to simplified|traditional [FILE|-]`: OpenCC-identical conversion to stdout.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context as _;

use crate::corpus::decode::decode;
use crate::text::convert::{Converter, Target};

/// Converts the file at `input` (or standard input for `None` / `-`) and writes it to `out`.
pub fn run(input: Option<&Path>, target: Target, out: &mut impl Write) -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    match input {
        Some(path) if path != Path::new("-") => {
            bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        }
        _ => {
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
        }
    }
    let name = input.map_or_else(|| "standard input".to_owned(), |p| p.display().to_string());
    let decoded = decode(&bytes).with_context(|| format!("cannot decode {name}"))?;
    drop(bytes);
    let converted = Converter::get(target)
        .convert_stream(decoded.text.as_bytes(), &mut *out)
        .context("cannot write to standard output")?;
    out.flush().context("cannot write to standard output")?;
    log::debug!("converted {name}: {converted} bytes written");
    Ok(())
}
