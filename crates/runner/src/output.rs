//! Output files: written under a temporary name beside the final one and renamed into place at
//! the end, so that nobody sees a half-written file under the final name; resumable after a
//! crash from the length a checkpoint recorded.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::RunError;

/// An output being written: a file (through its partial), a device or pipe, or stdout.
pub struct Output {
    writer: BufWriter<Box<dyn Write + Send>>,
    /// (partial, final) for regular files.
    paths: Option<(PathBuf, PathBuf)>,
    /// A second handle on the partial file, to make written data durable at checkpoints.
    sync: Option<File>,
    /// The path or `stdout`, for messages.
    pub name: String,
    /// `output` or `rejects file`, for messages.
    what: &'static str,
}

/// `dir/out.jsonl` → `dir/.out.jsonl.partial`.
pub fn partial_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy());
    path.with_file_name(format!(".{name}.partial"))
}

impl Output {
    /// Starts `path` afresh (`-` is stdout). `what` names it in messages.
    pub fn create(path: &Path, what: &'static str) -> Result<Output, RunError> {
        Output::open(path, what, None)
    }

    /// An output that drops what it is given (for exporters that write their own files).
    pub fn discard() -> Output {
        Output::new(Box::new(io::sink()), None, None, "(none)".into(), "output")
    }

    /// Continues the partial of `path` from byte `len`, dropping whatever a killed run wrote
    /// after its last checkpoint.
    pub fn resume(path: &Path, what: &'static str, len: u64) -> Result<Output, RunError> {
        Output::open(path, what, Some(len))
    }

    fn open(path: &Path, what: &'static str, resume_at: Option<u64>) -> Result<Output, RunError> {
        let name = if path == Path::new("-") {
            "stdout".to_string()
        } else {
            path.display().to_string()
        };
        let fail = |e: io::Error| RunError::Io(format!("cannot write the {what} {name}: {e}"));
        if path == Path::new("-") {
            return Ok(Output::new(Box::new(io::stdout()), None, None, name, what));
        }
        // A device or a pipe (`/dev/null`, a FIFO) is written in place: it cannot be renamed
        // onto, and nobody reads it as a finished file.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = OpenOptions::new().write(true).open(path).map_err(fail)?;
            return Ok(Output::new(Box::new(file), None, None, name, what));
        }
        if path.file_name().is_none() {
            return Err(RunError::Usage(format!("{name} is not a file name")));
        }
        let partial = partial_path(path);
        let mut file = match resume_at {
            None => File::create(&partial).map_err(fail)?,
            Some(len) => {
                let mut file = OpenOptions::new()
                    .write(true)
                    .open(&partial)
                    .map_err(fail)?;
                file.set_len(len).map_err(fail)?;
                file.seek(SeekFrom::End(0)).map_err(fail)?;
                file
            }
        };
        file.flush().map_err(fail)?;
        let sync = file.try_clone().map_err(fail)?;
        Ok(Output::new(
            Box::new(file),
            Some((partial, path.to_path_buf())),
            Some(sync),
            name,
            what,
        ))
    }

    fn new(
        inner: Box<dyn Write + Send>,
        paths: Option<(PathBuf, PathBuf)>,
        sync: Option<File>,
        name: String,
        what: &'static str,
    ) -> Output {
        Output {
            writer: BufWriter::with_capacity(1 << 16, inner),
            paths,
            sync,
            name,
            what,
        }
    }

    pub fn writer(&mut self) -> &mut (dyn Write + Send) {
        &mut self.writer
    }

    /// A handle that makes what was flushed durable (`None` for stdout and devices).
    pub fn sync_handle(&self) -> Option<&File> {
        self.sync.as_ref()
    }

    /// The message for a write error of this output.
    pub fn error(&self, e: io::Error) -> RunError {
        RunError::Io(format!("cannot write the {} {}: {e}", self.what, self.name))
    }

    /// Flushes and moves the file to its final name.
    pub fn commit(mut self) -> Result<(), RunError> {
        self.writer.flush().map_err(|e| self.error(e))?;
        if let Some((partial, path)) = self.paths.take() {
            std::fs::rename(&partial, &path).map_err(|e| {
                RunError::Io(format!(
                    "cannot move {} to {}: {e}",
                    partial.display(),
                    path.display()
                ))
            })?;
        }
        Ok(())
    }

    /// Keeps the partial file when this output is dropped uncommitted (for `--resume`).
    pub fn keep_partial(&mut self) {
        self.paths = None;
    }
}

impl Drop for Output {
    /// An output that was neither committed nor kept (the run failed) leaves no partial file.
    fn drop(&mut self) {
        if let Some((partial, _)) = &self.paths {
            let _ = std::fs::remove_file(partial);
        }
    }
}
