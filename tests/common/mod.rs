//! Helpers shared by the end-to-end tests: run the real binary, read what it wrote.
#![allow(dead_code)] // each test file uses a different part

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample() -> PathBuf {
    root().join("data/sample/news.jsonl")
}

pub fn news_toml() -> PathBuf {
    root().join("pipelines/news.toml")
}

/// Runs `newsprint ARGS` from the repository root, feeding `stdin` if given.
pub fn newsprint(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args(args)
        .current_dir(root())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(input) = stdin {
        // A child that stops reading early (it failed) closes the pipe: not this test's error.
        let _ = child.stdin.take().unwrap().write_all(input);
    }
    child.wait_with_output().unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Parses JSON Lines; a missing file reads as no lines.
pub fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

/// A finished `newsprint run` into a fresh folder.
pub struct Run {
    pub output: Output,
    pub records: Vec<Value>,
    pub rejects: Vec<Value>,
    pub dir: tempfile::TempDir,
}

impl Run {
    pub fn out_path(&self) -> PathBuf {
        self.dir.path().join("out.jsonl")
    }

    pub fn stderr(&self) -> String {
        stderr(&self.output)
    }

    /// The `error` of every rejected record, with its line.
    pub fn reasons(&self) -> Vec<(u64, String)> {
        self.rejects
            .iter()
            .map(|r| {
                (
                    r["line"].as_u64().unwrap(),
                    r["error"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// Runs a pipeline over one input into `out.jsonl` (rejects in `out.rejects.jsonl`) in a
/// fresh temporary folder.
pub fn run_to_file(pipeline: &Path, input: &Path, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let mut args = vec![
        "run",
        "--pipeline",
        pipeline.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = newsprint(&args, None);
    Run {
        records: read_jsonl(&out),
        rejects: read_jsonl(&dir.path().join("out.rejects.jsonl")),
        output,
        dir,
    }
}
