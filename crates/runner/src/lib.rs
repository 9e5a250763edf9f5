//! newsprint's runner: pipeline files → built [`Pipeline`]s, input readers, and the parallel
//! [`Engine`] that streams a corpus through a pipeline into an exporter. It knows no stage by
//! name: everything comes from the registry.

pub mod checkpoint;
pub mod config;
pub mod engine;
pub mod output;
pub mod readers;
pub mod record;

use std::io::Write;
use std::path::{Path, PathBuf};

use newsprint_core::{RecordSource, Registry};

pub use config::{ConfigError, ConfigErrors, Pipeline};
pub use engine::{Engine, IoFailure, Resume, RunSummary};
pub use output::Output;

use checkpoint::{checkpoint_path, Checkpoint, RunIdentity};

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
    /// Continue a run that was killed, from its last checkpoint.
    pub resume: bool,
    /// How often a checkpoint is made (default one second).
    pub checkpoint_interval: std::time::Duration,
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
    /// Records an interrupted run had already processed, when this run resumed it.
    pub resumed_after: Option<u64>,
}

/// Runs a pipeline file over the inputs: the whole of `newsprint run`.
pub fn run(options: &RunOptions, registry: &Registry) -> Result<RunReport, RunError> {
    let pipeline = Pipeline::load(&options.pipeline, registry).map_err(RunError::Config)?;
    // Stdout, a device or a pipe is a stream: rejected records get their error line in it (one
    // output line per input line) and no rejects file is made beside it unless asked for.
    let stdout_mode = options.output == Path::new("-")
        || std::fs::metadata(&options.output).is_ok_and(|m| !m.is_file() && !m.is_dir());
    // --format, else the output's extension when an exporter claims it (`out.parquet`), else
    // the pipeline's `[output] format`, else jsonl: the more specific to this run wins.
    let format = options.format.clone().or_else(|| {
        let ext = output_extension(&options.output)?;
        registry
            .exporter_for_extension(&ext)
            .map(|e| e.name.to_string())
    });
    let exporter = pipeline
        .build_exporter(registry, format.as_deref(), Some(&options.output))
        .map_err(RunError::Config)?;
    if exporter.writes_folder() && stdout_mode {
        return Err(RunError::Usage(
            "this format writes a folder of files: give --output a folder path, not -".into(),
        ));
    }
    let rejects_path = match (&options.rejects, stdout_mode) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => None,
        (None, false) => Some(default_rejects_path(&options.output)),
    };
    // Only a regular output file of a line format, read from files, can be resumed.
    let resumable =
        exporter.resumable() && !stdout_mode && !options.inputs.iter().any(|i| i == Path::new("-"));
    let identity = RunIdentity::new(
        &pipeline.source,
        &options.inputs,
        rejects_path.as_deref(),
        format.as_deref(),
    );
    let checkpoint_file = checkpoint_path(&options.output);
    let previous = if options.resume {
        previous_checkpoint(&checkpoint_file, &identity, resumable)?
    } else {
        None
    };

    let sources = open_inputs(&options.inputs, registry, options.max_record_bytes)?;
    let folder_output = exporter.writes_folder();
    let mut engine = Engine::new(pipeline, exporter, options.threads, options.batch_size)
        .map_err(RunError::Usage)?;
    engine.error_lines = stdout_mode;
    let (mut output, mut rejects) = match &previous {
        Some(cp) => (
            Output::resume(&options.output, "output", cp.output_bytes)?,
            rejects_path
                .as_ref()
                .map(|path| Output::resume(path, "rejects file", cp.rejects_bytes))
                .transpose()?,
        ),
        None => {
            let _ = std::fs::remove_file(&checkpoint_file);
            (
                if folder_output {
                    Output::discard() // the exporter writes the folder itself
                } else {
                    Output::create(&options.output, "output")?
                },
                rejects_path
                    .as_ref()
                    .map(|path| Output::create(path, "rejects file"))
                    .transpose()?,
            )
        }
    };
    if options.progress {
        engine.progress = Some(progress_bar());
    }

    let syncs: Vec<std::fs::File> = std::iter::once(&output)
        .chain(rejects.as_ref())
        .filter_map(|o| o.sync_handle()?.try_clone().ok())
        .collect();
    let mut store_checkpoint = |summary: &RunSummary| -> std::io::Result<()> {
        // The data first, then the checkpoint that points into it.
        for file in &syncs {
            file.sync_data()?;
        }
        Checkpoint::from_summary(&identity, summary).store(&checkpoint_file)
    };
    let resume = Resume {
        skip: previous.as_ref().map_or(0, |cp| cp.read),
        counts: previous
            .as_ref()
            .map(Checkpoint::summary)
            .unwrap_or_default(),
        checkpoint: resumable.then_some(&mut store_checkpoint as &mut engine::CheckpointFn),
        interval: options.checkpoint_interval,
    };
    let result = engine.run_resumable(
        sources,
        output.writer(),
        rejects.as_mut().map(|r| r.writer() as &mut dyn Write),
        resume,
    );
    if let Some(bar) = &engine.progress {
        bar.finish_and_clear();
    }
    let summary = result.map_err(|e| {
        let _ = std::fs::remove_file(&checkpoint_file);
        match e {
            IoFailure::Input(e) => RunError::Io(format!("cannot read the input: {e}")),
            IoFailure::Output(e) => output.error(e),
            IoFailure::Rejects(e) => match &rejects {
                Some(r) => r.error(e),
                None => RunError::Io(format!("cannot write the rejects file: {e}")),
            },
            IoFailure::Checkpoint(e) => RunError::Io(format!(
                "cannot write the checkpoint {}: {e}",
                checkpoint_file.display()
            )),
        }
    })?;
    output.commit()?;
    if let Some(rejects) = rejects {
        rejects.commit()?;
    }
    let _ = std::fs::remove_file(&checkpoint_file);
    Ok(RunReport {
        summary,
        rejects: rejects_path,
        threads: engine.threads(),
        resumed_after: previous.map(|cp| cp.read),
    })
}

/// The checkpoint `--resume` continues from: `None` when there is none (the run starts from
/// the beginning), an error when it belongs to another run or this run cannot be resumed.
fn previous_checkpoint(
    path: &Path,
    identity: &RunIdentity,
    resumable: bool,
) -> Result<Option<Checkpoint>, RunError> {
    if !resumable {
        return Err(RunError::Usage(
            "--resume needs a file output of a line format (jsonl, csv, conll …) and file inputs: stdin, stdout, devices, folders and Parquet cannot be resumed".into(),
        ));
    }
    let previous = Checkpoint::load(path).map_err(|e| {
        RunError::Io(format!(
            "cannot read the checkpoint {}: {e}",
            path.display()
        ))
    })?;
    if previous.as_ref().is_some_and(|cp| cp.run != *identity) {
        return Err(RunError::Usage(format!(
            "cannot resume: {} was made by a run with another pipeline, input, rejects file or format; run without --resume to start again",
            path.display()
        )));
    }
    Ok(previous)
}

fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {human_pos} records · {elapsed}")
            .expect("the progress template is valid"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// The output's extension (`jsonl`, `parquet` …), lower case.
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
