//! newsprint's runner: pipeline files → built [`Pipeline`]s, input readers, and the parallel
//! [`Engine`] that streams a corpus through a pipeline into an exporter. It knows no stage by
//! name: everything comes from the registry.

pub mod config;
pub mod engine;
pub mod readers;
pub mod record;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use newsprint_core::{RecordSource, Registry};

pub use config::{ConfigError, ConfigErrors, Pipeline};
pub use engine::{Engine, IoFailure, RunSummary};

/// What `newsprint run` was asked to do.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub pipeline: PathBuf,
    /// Files, folders of `.txt` files, or `-` for stdin.
    pub inputs: Vec<PathBuf>,
    /// A file, or `-` for stdout.
    pub output: PathBuf,
    /// Where rejected records go; by default beside the output (`out.rejects.jsonl`), and
    /// nowhere but the output's error lines in stdout mode.
    pub rejects: Option<PathBuf>,
    /// 0: one per core.
    pub threads: usize,
    pub batch_size: usize,
    /// Overrides `[output] format` and the output's extension.
    pub format: Option<String>,
    pub progress: bool,
    /// Records longer than this are rejected unread.
    pub max_record_bytes: u64,
}

/// Why a run could not finish, with the exit code DESIGN.md gives it.
#[derive(Debug)]
pub enum RunError {
    /// Bad usage or configuration: exit 2.
    Config(ConfigErrors),
    Usage(String),
    /// The input could not be read or the output written: exit 74.
    Io(String),
}

impl RunError {
    pub fn exit_code(&self) -> u8 {
        match self {
            RunError::Config(_) | RunError::Usage(_) => 2,
            RunError::Io(_) => 74,
        }
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Config(e) => write!(f, "{e}"),
            RunError::Usage(m) | RunError::Io(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for RunError {}

/// The outcome of a run that reached its end.
#[derive(Debug)]
pub struct RunReport {
    pub summary: RunSummary,
    pub rejects: Option<PathBuf>,
    pub threads: usize,
}

/// Runs a pipeline file over the inputs: the whole of `newsprint run`.
pub fn run(options: &RunOptions, registry: &Registry) -> Result<RunReport, RunError> {
    let pipeline = Pipeline::load(&options.pipeline, registry).map_err(RunError::Config)?;
    let stdout_mode = options.output == Path::new("-");
    let format = options.format.clone().or_else(|| {
        if pipeline.output_format.is_some() || stdout_mode {
            return None;
        }
        let ext = output_extension(&options.output)?;
        registry
            .exporter_for_extension(&ext)
            .map(|e| e.name.to_string())
    });
    let src = std::fs::read_to_string(&options.pipeline).unwrap_or_default();
    let exporter = pipeline
        .build_exporter(registry, format.as_deref(), &src)
        .map_err(RunError::Config)?;

    let sources = open_inputs(&options.inputs, registry, options.max_record_bytes)?;
    let rejects_path = match (&options.rejects, stdout_mode) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => None,
        (None, false) => Some(default_rejects_path(&options.output)),
    };

    let mut engine = Engine::new(pipeline, exporter, options.threads, options.batch_size)
        .map_err(RunError::Usage)?;
    engine.error_lines = stdout_mode;
    if options.progress {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {human_pos} records · {elapsed}")
                .expect("the progress template is valid"),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        engine.progress = Some(bar);
    }

    let mut output = Output::create(&options.output)?;
    let mut rejects = match &rejects_path {
        Some(path) => Some(Output::create(path)?),
        None => None,
    };
    let result = engine.run(
        sources,
        output.writer(),
        rejects.as_mut().map(|r| r.writer() as &mut dyn Write),
    );
    if let Some(bar) = &engine.progress {
        bar.finish_and_clear();
    }
    let summary = result.map_err(|e| {
        RunError::Io(match e {
            IoFailure::Input(e) => format!("cannot read the input: {e}"),
            IoFailure::Output(e) => format!("cannot write the output {}: {e}", output.name),
            IoFailure::Rejects(e) => format!(
                "cannot write the rejects file {}: {e}",
                rejects.as_ref().map_or("", |r| r.name.as_str())
            ),
        })
    })?;
    output.commit()?;
    if let Some(rejects) = rejects {
        rejects.commit()?;
    }
    Ok(RunReport {
        summary,
        rejects: rejects_path,
        threads: engine.threads(),
    })
}

/// The output's extension, looking through a compression suffix is not done: `.jsonl` etc.
fn output_extension(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_lowercase())
}

/// `out.jsonl` → `out.rejects.jsonl`, beside it.
pub fn default_rejects_path(output: &Path) -> PathBuf {
    let stem = output
        .file_stem()
        .map_or("out".into(), |s| s.to_string_lossy().into_owned());
    output.with_file_name(format!("{stem}.rejects.jsonl"))
}

/// Opens every input with the reader that accepts it (the first in name order).
pub fn open_inputs(
    inputs: &[PathBuf],
    registry: &Registry,
    max_record_bytes: u64,
) -> Result<Vec<RecordSource>, RunError> {
    if inputs.is_empty() {
        return Err(RunError::Usage(
            "no input: give --input FILE (or - for stdin)".into(),
        ));
    }
    let mut sources = Vec::new();
    for input in inputs {
        if input != Path::new("-") && !input.exists() {
            return Err(RunError::Io(format!(
                "cannot read the input {}: no such file or folder",
                input.display()
            )));
        }
        let Some(registration) = registry.readers.values().find(|r| (r.accepts)(input)) else {
            return Err(RunError::Usage(format!(
                "no reader accepts {}",
                input.display()
            )));
        };
        let reader = readers::build_reader(registration, max_record_bytes)
            .map_err(|e| RunError::Usage(format!("reader `{}`: {e}", registration.name)))?;
        let source = reader
            .open(input)
            .map_err(|e| RunError::Io(format!("cannot read the input {}: {e}", input.display())))?;
        sources.push(source);
    }
    Ok(sources)
}

/// An output file written under a temporary name and renamed into place at the end, so that
/// nobody sees a half-written file under the final name; or stdout.
pub struct Output {
    writer: BufWriter<Box<dyn Write + Send>>,
    /// (temporary, final) for files.
    paths: Option<(PathBuf, PathBuf)>,
    /// The path or `stdout`, for messages.
    name: String,
}

impl Output {
    pub fn create(path: &Path) -> Result<Output, RunError> {
        if path == Path::new("-") {
            return Ok(Output {
                writer: BufWriter::with_capacity(1 << 16, Box::new(io::stdout())),
                paths: None,
                name: "stdout".into(),
            });
        }
        // A device or a pipe (`/dev/null`, a FIFO) is written in place: it cannot be renamed
        // onto, and nobody reads it as a finished file.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| {
                    RunError::Io(format!("cannot write the output {}: {e}", path.display()))
                })?;
            return Ok(Output {
                writer: BufWriter::with_capacity(1 << 16, Box::new(file)),
                paths: None,
                name: path.display().to_string(),
            });
        }
        let name = path
            .file_name()
            .ok_or_else(|| RunError::Usage(format!("{} is not a file name", path.display())))?;
        let tmp = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
        let file = File::create(&tmp).map_err(|e| {
            RunError::Io(format!("cannot write the output {}: {e}", path.display()))
        })?;
        Ok(Output {
            writer: BufWriter::with_capacity(1 << 16, Box::new(file)),
            paths: Some((tmp, path.to_path_buf())),
            name: path.display().to_string(),
        })
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    /// Flushes and moves the file to its final name.
    pub fn commit(mut self) -> Result<(), RunError> {
        self.writer
            .flush()
            .map_err(|e| RunError::Io(format!("cannot write the output {}: {e}", self.name)))?;
        if let Some((tmp, path)) = self.paths.take() {
            std::fs::rename(&tmp, &path).map_err(|e| {
                RunError::Io(format!(
                    "cannot move {} to {}: {e}",
                    tmp.display(),
                    path.display()
                ))
            })?;
        }
        Ok(())
    }
}

impl Drop for Output {
    /// An output that was not committed (the run failed) leaves no partial file behind.
    fn drop(&mut self) {
        if let Some((tmp, _)) = &self.paths {
            let _ = std::fs::remove_file(tmp);
        }
    }
}
