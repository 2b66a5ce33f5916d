//! The `pizhu` command: the reader window, or a CLI command.
fn main() {}
