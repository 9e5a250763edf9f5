//! Checkpoints for `--resume`: a small JSON file beside the output saying how many input
//! records are durably in the partial output and rejects files, and how long each was then.
//!
//! A killed run leaves `.out.jsonl.partial`, `.out.rejects.jsonl.partial` and
//! `.out.jsonl.checkpoint`; `--resume` truncates the partials to the recorded lengths, skips
//! the recorded number of input records and goes on, so that the final output is byte-identical
//! to an uninterrupted run.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::engine::RunSummary;

/// What a checkpoint records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// What the run was: a resumed run must be the same run.
    pub run: RunIdentity,
    /// Input records processed (written or rejected) and durably in the partial files.
    pub read: u64,
    pub written: u64,
    pub rejected: u64,
    pub bytes: u64,
    pub output_bytes: u64,
    pub rejects_bytes: u64,
}

/// The things that must not change between a killed run and its resumption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunIdentity {
    /// The pipeline file's text.
    pub pipeline: String,
    /// Each input with its size and modification time (seconds), when it is a file.
    pub inputs: Vec<(String, Option<u64>, Option<u64>)>,
    pub rejects: Option<String>,
    pub format: Option<String>,
}

impl RunIdentity {
    pub fn new(
        pipeline_src: &str,
        inputs: &[PathBuf],
        rejects: Option<&Path>,
        format: Option<&str>,
    ) -> Self {
        RunIdentity {
            pipeline: pipeline_src.to_string(),
            inputs: inputs
                .iter()
                .map(|p| {
                    let meta = std::fs::metadata(p).ok().filter(|m| m.is_file());
                    let size = meta.as_ref().map(|m| m.len());
                    let mtime = meta
                        .and_then(|m| m.modified().ok())
                        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                        .map(|d| d.as_secs());
                    (p.display().to_string(), size, mtime)
                })
                .collect(),
            rejects: rejects.map(|p| p.display().to_string()),
            format: format.map(String::from),
        }
    }
}

/// `dir/out.jsonl` → `dir/.out.jsonl.checkpoint`.
pub fn checkpoint_path(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy());
    output.with_file_name(format!(".{name}.checkpoint"))
}

impl Checkpoint {
    pub fn from_summary(run: &RunIdentity, s: &RunSummary) -> Self {
        Checkpoint {
            run: run.clone(),
            read: s.read,
            written: s.written,
            rejected: s.rejected,
            bytes: s.bytes,
            output_bytes: s.output_bytes,
            rejects_bytes: s.rejects_bytes,
        }
    }

    /// The counts a resumed run starts from.
    pub fn summary(&self) -> RunSummary {
        RunSummary {
            read: self.read,
            written: self.written,
            rejected: self.rejected,
            bytes: self.bytes,
            output_bytes: self.output_bytes,
            rejects_bytes: self.rejects_bytes,
            ..RunSummary::default()
        }
    }

    /// Reads the checkpoint at `path`; `Ok(None)` when there is none.
    pub fn load(path: &Path) -> io::Result<Option<Checkpoint>> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Writes the checkpoint durably and atomically (a temporary file renamed over it).
    pub fn store(&self, path: &Path) -> io::Result<()> {
        let tmp = path.with_extension("checkpoint-new");
        let mut file = File::create(&tmp)?;
        serde_json::to_writer(&mut file, self)?;
        file.write_all(b"\n")?;
        file.sync_data()?;
        std::fs::rename(&tmp, path)
    }
}
