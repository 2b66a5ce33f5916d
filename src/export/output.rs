//! Where an export is written, safely: nothing appears at the destination until the export has
//! finished, and a cancelled or failed export leaves nothing behind.
//!
//! - A file export is written to a temp file in the destination's folder, fsynced and renamed
//!   over the destination at [`Output::commit`] (companion files, e.g. Label Studio's config,
//!   likewise).
//! - A folder export (brat) is written into a temp folder beside the destination and renamed to
//!   it at the end; the destination must not exist or be an empty folder, so no file of the user
//!   is ever overwritten or mixed with the export.
//! - Standard output is written as it goes.
//!
//! A destination inside the corpus folder is refused when it would become part of the corpus
//! (a folder of `.txt` files, a Markdown file) or replace Pizhu's own files. No offsets here.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempDir};

use super::{ExportError, Format};
use crate::annotate::sidecar::{CORPUS_FILE_NAME, SIDECAR_SUFFIX};
use crate::corpus::scan::ARTICLE_EXTENSIONS;

/// Where to write an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// One file (created or replaced when the export is complete).
    File(PathBuf),
    /// A new (or empty) folder, for brat.
    Folder(PathBuf),
    /// Standard output (single-file formats only).
    Stdout,
}

impl Destination {
    /// The destination for `format` at `path` (`-` is standard output): a folder for brat.
    pub fn for_format(format: Format, path: &Path) -> Self {
        if path == Path::new("-") {
            Self::Stdout
        } else if format.writes_folder() {
            Self::Folder(path.to_owned())
        } else {
            Self::File(path.to_owned())
        }
    }

    /// The path named in messages.
    pub fn display_path(&self) -> PathBuf {
        match self {
            Self::File(path) | Self::Folder(path) => path.clone(),
            Self::Stdout => PathBuf::from("standard output"),
        }
    }
}

/// A writer that counts the bytes it passes on.
#[derive(Debug)]
struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

enum Target {
    File {
        path: PathBuf,
        temp: Counting<BufWriter<NamedTempFile>>,
    },
    Folder {
        path: PathBuf,
        temp: TempDir,
        bytes: u64,
    },
    Stdout(Counting<BufWriter<io::Stdout>>),
}

/// An export being written. See the module docs.
pub struct Output {
    target: Target,
    /// Extra files beside a file export: (final path, temp file).
    companions: Vec<(PathBuf, NamedTempFile)>,
    /// What [`Output::stream`] gives a folder export.
    no_stream: NoStream,
    /// The folder of the last file written in a folder export (known to exist).
    last_folder: Option<PathBuf>,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("path", &self.path())
            .finish_non_exhaustive()
    }
}

fn destination_error(path: &Path, reason: impl Into<String>) -> ExportError {
    ExportError::Destination {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

fn write_error(path: &Path) -> impl FnOnce(io::Error) -> ExportError + '_ {
    move |source| ExportError::Write {
        path: path.to_owned(),
        source,
    }
}

/// The folder a destination path is created in (`.` for a bare name).
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// The absolute, real path `path` would have (its parent resolved; the name kept).
fn resolved(path: &Path) -> Option<PathBuf> {
    let parent = fs::canonicalize(parent_of(path)).ok()?;
    Some(parent.join(path.file_name()?))
}

/// A temp file builder for files users will read: 0644 like any new file, not tempfile's 0600.
fn temp_builder(name: &str) -> tempfile::Builder<'_, '_> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(name).suffix(".pizhu-tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o644));
    }
    builder
}

impl Output {
    /// Checks `destination` and opens the temp file or folder the export goes to.
    pub fn open(
        destination: &Destination,
        format: Format,
        corpus_root: &Path,
    ) -> Result<Self, ExportError> {
        let corpus = fs::canonicalize(corpus_root).unwrap_or_else(|_| corpus_root.to_owned());
        let target = match destination {
            Destination::Stdout => {
                if format.needs_file() {
                    return Err(ExportError::Options(format!(
                        "{format} writes several files, so it cannot go to standard output; give -o a path"
                    )));
                }
                Target::Stdout(Counting {
                    inner: BufWriter::with_capacity(1 << 16, io::stdout()),
                    bytes: 0,
                })
            }
            Destination::File(path) => {
                check_parent(path)?;
                if path.is_dir() {
                    return Err(destination_error(
                        path,
                        "is a folder; give a file name for this format",
                    ));
                }
                if let Some(real) = resolved(path)
                    && real.starts_with(&corpus)
                    && would_join_corpus(&real)
                {
                    return Err(destination_error(
                        path,
                        "is inside the corpus folder, where it would be read as an article or replace Pizhu's files; write it elsewhere",
                    ));
                }
                let name = format!(
                    ".{}.",
                    path.file_name().unwrap_or_default().to_string_lossy()
                );
                let temp = temp_builder(&name)
                    .tempfile_in(parent_of(path))
                    .map_err(write_error(path))?;
                Target::File {
                    path: path.clone(),
                    temp: Counting {
                        inner: BufWriter::with_capacity(1 << 16, temp),
                        bytes: 0,
                    },
                }
            }
            Destination::Folder(path) => {
                check_parent(path)?;
                if let Some(real) = resolved(path)
                    && (real.starts_with(&corpus) || corpus.starts_with(&real))
                {
                    return Err(destination_error(
                        path,
                        "is inside the corpus folder (or contains it), where the exported .txt files would be read as articles; choose a folder outside it",
                    ));
                }
                if path.exists() {
                    let empty = fs::read_dir(path)
                        .map_err(write_error(path))?
                        .next()
                        .is_none();
                    if !path.is_dir() || !empty {
                        return Err(destination_error(
                            path,
                            "already exists and is not an empty folder; choose a new folder so no file is overwritten",
                        ));
                    }
                }
                let name = format!(
                    ".{}.",
                    path.file_name().unwrap_or_default().to_string_lossy()
                );
                let mut builder = tempfile::Builder::new();
                builder.prefix(&name).suffix(".pizhu-tmp");
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    builder.permissions(fs::Permissions::from_mode(0o755));
                }
                let temp = builder
                    .tempdir_in(parent_of(path))
                    .map_err(write_error(path))?;
                Target::Folder {
                    path: path.clone(),
                    temp,
                    bytes: 0,
                }
            }
        };
        Ok(Self {
            target,
            companions: Vec::new(),
            no_stream: NoStream,
            last_folder: None,
        })
    }

    /// The destination path (for messages).
    pub fn path(&self) -> PathBuf {
        match &self.target {
            Target::File { path, .. } | Target::Folder { path, .. } => path.clone(),
            Target::Stdout(_) => PathBuf::from("standard output"),
        }
    }

    /// Bytes written so far (all files).
    pub fn bytes_written(&self) -> u64 {
        match &self.target {
            Target::File { temp, .. } => temp.bytes,
            Target::Folder { bytes, .. } => *bytes,
            Target::Stdout(out) => out.bytes,
        }
    }

    /// The stream of a single-file export. A folder export has none: writing to it is an error.
    pub fn stream(&mut self) -> &mut dyn Write {
        match &mut self.target {
            Target::File { temp, .. } => temp,
            Target::Stdout(out) => out,
            Target::Folder { .. } => &mut self.no_stream,
        }
    }

    /// In a folder export: is `relative` already taken?
    pub fn exists(&self, relative: &Path) -> bool {
        match &self.target {
            Target::Folder { temp, .. } => temp.path().join(relative).exists(),
            _ => false,
        }
    }

    /// In a folder export: writes a whole file at `relative` (creating its folders). Not fsynced
    /// one by one: the folder only appears at the destination once complete.
    pub fn write_file(&mut self, relative: &Path, bytes: &[u8]) -> io::Result<()> {
        let Target::Folder {
            temp,
            bytes: written,
            ..
        } = &mut self.target
        else {
            return Err(io::Error::other("this export is not a folder"));
        };
        let path = temp.path().join(relative);
        if let Some(parent) = path.parent()
            && self.last_folder.as_deref() != Some(parent)
        {
            // Articles come folder by folder: create each folder once, not once per file.
            fs::create_dir_all(parent)?;
            self.last_folder = Some(parent.to_owned());
        }
        let mut file = File::create(&path)?;
        file.write_all(bytes)?;
        *written += bytes.len() as u64;
        Ok(())
    }

    /// A file written beside a file export, named after it: `tasks.json` with suffix
    /// `.label_config.xml` gives `tasks.label_config.xml`. Returns the final path.
    pub fn write_companion(&mut self, suffix: &str, bytes: &[u8]) -> io::Result<PathBuf> {
        let Target::File { path, .. } = &self.target else {
            return Err(io::Error::other("companion files need a file destination"));
        };
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let final_path = path.with_file_name(format!("{stem}{suffix}"));
        let name = format!(".{stem}{suffix}.");
        let mut temp = temp_builder(&name).tempfile_in(parent_of(path))?;
        temp.write_all(bytes)?;
        self.companions.push((final_path.clone(), temp));
        Ok(final_path)
    }

    /// Finishes the export: flushes, fsyncs and renames the temp file or folder (and companions)
    /// into place. Returns every path written.
    pub fn commit(self) -> Result<Vec<PathBuf>, ExportError> {
        let Self {
            target, companions, ..
        } = self;
        let mut written = Vec::new();
        match target {
            Target::Stdout(mut out) => {
                out.flush()
                    .map_err(write_error(Path::new("standard output")))?;
            }
            Target::File { path, temp } => {
                let temp = temp
                    .inner
                    .into_inner()
                    .map_err(|e| write_error(&path)(e.into_error()))?;
                persist(temp, &path)?;
                written.push(path);
            }
            Target::Folder { path, temp, .. } => {
                if path.is_dir() {
                    // Checked empty when the export started; `remove_dir` refuses a non-empty one.
                    fs::remove_dir(&path).map_err(write_error(&path))?;
                }
                let temp_path = temp.keep();
                if let Err(e) = fs::rename(&temp_path, &path) {
                    fs::remove_dir_all(&temp_path).ok();
                    return Err(write_error(&path)(e));
                }
                sync_dir(parent_of(&path));
                written.push(path);
            }
        }
        for (path, temp) in companions {
            persist(temp, &path)?;
            written.push(path);
        }
        Ok(written)
    }
}

/// fsyncs a temp file and renames it to `path`.
fn persist(temp: NamedTempFile, path: &Path) -> Result<(), ExportError> {
    temp.as_file().sync_all().map_err(write_error(path))?;
    temp.persist(path).map_err(|e| write_error(path)(e.error))?;
    sync_dir(parent_of(path));
    Ok(())
}

/// Makes a rename durable; best effort (some platforms cannot sync a folder).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Err(e) = File::open(dir).and_then(|d| d.sync_all()) {
        log::debug!("cannot fsync folder {}: {e}", dir.display());
    }
    #[cfg(not(unix))]
    let _unused = dir;
}

/// The destination's folder must exist (we do not create folders the user did not ask for).
fn check_parent(path: &Path) -> Result<(), ExportError> {
    let parent = parent_of(path);
    if parent.is_dir() {
        Ok(())
    } else {
        Err(destination_error(
            path,
            format!("the folder {} does not exist", parent.display()),
        ))
    }
}

/// Would a file at `path` (inside the corpus) be read as an article, or replace Pizhu's files?
fn would_join_corpus(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    name == CORPUS_FILE_NAME
        || name.ends_with(SIDECAR_SUFFIX)
        || extension.is_none()
        || extension.is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.as_str()))
}

/// The "stream" of a folder export: refuses writes.
#[derive(Debug)]
struct NoStream;

impl Write for NoStream {
    fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
        Err(io::Error::other("a folder export has no single stream"))
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failing unwrap is a failing test
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_only_on_commit_and_not_at_all_when_dropped() {
        let corpus = tempfile::tempdir().unwrap();
        let out_dir = tempfile::tempdir().unwrap();
        let path = out_dir.path().join("导出.jsonl");
        let mut output = Output::open(
            &Destination::File(path.clone()),
            Format::Jsonl,
            corpus.path(),
        )
        .unwrap();
        output.stream().write_all("黃坤明\n".as_bytes()).unwrap();
        assert!(!path.exists());
        assert_eq!(output.bytes_written(), 10);
        assert_eq!(output.commit().unwrap(), vec![path.clone()]);
        assert_eq!(fs::read_to_string(&path).unwrap(), "黃坤明\n");

        let dropped = out_dir.path().join("cancelled.csv");
        let mut output = Output::open(
            &Destination::File(dropped.clone()),
            Format::Csv,
            corpus.path(),
        )
        .unwrap();
        output.stream().write_all(b"x").unwrap();
        drop(output);
        assert!(!dropped.exists());
        assert_eq!(
            fs::read_dir(out_dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn folders_must_be_new_or_empty_and_outside_the_corpus() {
        let corpus = tempfile::tempdir().unwrap();
        fs::write(corpus.path().join("001.txt"), "正文").unwrap();
        let inside = Destination::Folder(corpus.path().join("brat"));
        assert!(matches!(
            Output::open(&inside, Format::Brat, corpus.path()),
            Err(ExportError::Destination { .. })
        ));
        let out_dir = tempfile::tempdir().unwrap();
        fs::write(out_dir.path().join("keep.txt"), "mine").unwrap();
        let full = Destination::Folder(out_dir.path().to_owned());
        assert!(matches!(
            Output::open(&full, Format::Brat, corpus.path()),
            Err(ExportError::Destination { .. })
        ));
        let empty = out_dir.path().join("empty");
        fs::create_dir(&empty).unwrap();
        let mut output = Output::open(
            &Destination::Folder(empty.clone()),
            Format::Brat,
            corpus.path(),
        )
        .unwrap();
        output
            .write_file(Path::new("a/001.txt"), "正文".as_bytes())
            .unwrap();
        assert!(output.exists(Path::new("a/001.txt")));
        assert!(!empty.join("a").exists(), "nothing before commit");
        output.commit().unwrap();
        assert_eq!(fs::read_to_string(empty.join("a/001.txt")).unwrap(), "正文");
        assert_eq!(
            fs::read_to_string(out_dir.path().join("keep.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn files_that_would_join_the_corpus_are_refused() {
        let corpus = tempfile::tempdir().unwrap();
        for name in [
            "notes.md",
            "export.txt",
            "pizhu.ron",
            "a.txt.annotations.ron",
        ] {
            let destination = Destination::File(corpus.path().join(name));
            assert!(
                Output::open(&destination, Format::Markdown, corpus.path()).is_err(),
                "{name}"
            );
        }
        let fine = Destination::File(corpus.path().join("export.csv"));
        assert!(Output::open(&fine, Format::Csv, corpus.path()).is_ok());
        let missing = Destination::File(corpus.path().join("no/such/folder/x.csv"));
        assert!(matches!(
            Output::open(&missing, Format::Csv, corpus.path()),
            Err(ExportError::Destination { .. })
        ));
    }

    #[test]
    fn companions_are_named_after_the_main_file() {
        let corpus = tempfile::tempdir().unwrap();
        let out_dir = tempfile::tempdir().unwrap();
        let path = out_dir.path().join("tasks.json");
        let mut output = Output::open(
            &Destination::File(path.clone()),
            Format::LabelStudio,
            corpus.path(),
        )
        .unwrap();
        output.stream().write_all(b"[]").unwrap();
        let config = output
            .write_companion(".label_config.xml", b"<View/>")
            .unwrap();
        assert_eq!(config, out_dir.path().join("tasks.label_config.xml"));
        assert!(!config.exists());
        let written = output.commit().unwrap();
        assert_eq!(written, vec![path, config.clone()]);
        assert_eq!(fs::read_to_string(config).unwrap(), "<View/>");
        assert!(matches!(
            Output::open(&Destination::Stdout, Format::LabelStudio, corpus.path()),
            Err(ExportError::Options(_))
        ));
    }
}
