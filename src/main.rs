//! The `newsprint` command line: `run`, `validate`, `stages`, and `train`/`eval` for the
//! entity tagger.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use newsprint::core::Registry;
use newsprint::extractor::entities::{conll, Tagger};
use newsprint::runner::{self, Pipeline, RunOptions};

/// Fast NLP pipelines for corpora of news articles.
///
/// Exit codes: 0 the run finished (rejected records are listed, not fatal); 2 bad usage or
/// configuration; 74 the input could not be read or the output written.
#[derive(Debug, Parser)]
#[command(name = "newsprint", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a pipeline over a corpus.
    ///
    /// Every input record ends in exactly one place: the output, or the rejects file with its
    /// line and the reason. The summary on stderr reconciles: read N, written W, rejected R.
    Run {
        /// The pipeline file (see pipelines/).
        #[arg(long, short)]
        pipeline: PathBuf,
        /// JSONL file (.gz/.zst read transparently), folder of .txt files, or - for stdin.
        #[arg(long, short, required = true, num_args = 1..)]
        input: Vec<PathBuf>,
        /// Output file, or - for stdout (then every input line gets one output line, in order;
        /// a rejected record gets {"id", "line", "error"}).
        #[arg(long, short)]
        output: PathBuf,
        /// Where rejected records are written [default: OUTPUT.rejects.jsonl beside the
        /// output; none in stdout mode].
        #[arg(long)]
        rejects: Option<PathBuf>,
        /// Worker threads [default: one per core].
        #[arg(long, short = 'j', default_value_t = 0, hide_default_value = true)]
        threads: usize,
        /// Records per batch handed to a worker.
        #[arg(long, default_value_t = 256)]
        batch_size: usize,
        /// Output format [default: from the output's extension (.csv, .parquet, .html …), else
        /// the pipeline's [output] format, else jsonl]; `newsprint stages` lists the formats.
        #[arg(long, short)]
        format: Option<String>,
        /// No progress bar, even on a terminal.
        #[arg(long, short)]
        quiet: bool,
        /// Reject records (lines or .txt files) longer than this many bytes without reading
        /// them into memory.
        #[arg(long, default_value_t = runner::readers::DEFAULT_MAX_RECORD_BYTES)]
        max_record_bytes: u64,
        /// Continue a run that was killed, from its last checkpoint (made about every second
        /// beside the output); the result is byte-identical to an uninterrupted run.
        #[arg(long)]
        resume: bool,
        /// Milliseconds between checkpoints (each costs an fsync).
        #[arg(long, default_value_t = 1000, hide = true)]
        checkpoint_ms: u64,
    },
    /// Check pipeline files: every mistake of every file, with file:line.
    Validate {
        #[arg(required = true)]
        pipelines: Vec<PathBuf>,
    },
    /// Train a model: `newsprint train ner --train train.txt --valid valid.txt --out model.bin`
    /// trains the entity tagger of `extract.entities` on CoNLL-2003 files (see
    /// scripts/train-ner.sh), keeping the epoch that scores best on the validation file, or
    /// the last epoch without one.
    Train {
        /// What to train (only `ner`).
        task: Task,
        /// CoNLL-2003 training file; repeat it to train on several.
        #[arg(long, required = true)]
        train: Vec<PathBuf>,
        /// CoNLL-2003 validation file (picks the epoch; without it the last one is kept).
        #[arg(long)]
        valid: Option<PathBuf>,
        /// Where to write the model.
        #[arg(long, short)]
        out: PathBuf,
        /// Passes over the training file.
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// Word clusters for features (models/ner-clusters.txt, from
        /// scripts/make-ner-clusters.py); none without it.
        #[arg(long)]
        clusters: Option<PathBuf>,
        /// Another pseudo-random order of the training documents (0, the default, trains
        /// the shipped model): models of a few seeds show how much of a change is noise.
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Evaluate a model: `newsprint eval ner --gold valid.txt` prints precision, recall and F1
    /// per CoNLL type, typed and untyped, of the built-in (or `--model`) entity tagger.
    Eval {
        /// What to evaluate (only `ner`).
        task: Task,
        /// CoNLL-2003 file with gold tags.
        #[arg(long)]
        gold: PathBuf,
        /// A model file [default: the built-in one].
        #[arg(long)]
        model: Option<PathBuf>,
        /// Write the names missed and the spurious ones here, one per line (TSV: kind, gold
        /// type, what was found, context).
        #[arg(long)]
        errors: Option<PathBuf>,
    },
    /// List every registered stage, reader and exporter.
    Stages {
        /// Show each one's parameters too.
        #[arg(long, short)]
        verbose: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let registry = match Registry::load() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("newsprint: {e}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Run {
            pipeline,
            input,
            output,
            rejects,
            threads,
            batch_size,
            format,
            quiet,
            max_record_bytes,
            resume,
            checkpoint_ms,
        } => {
            let options = RunOptions {
                pipeline,
                inputs: input,
                output,
                rejects,
                threads,
                batch_size,
                format,
                progress: !quiet && std::io::stderr().is_terminal(),
                max_record_bytes,
                resume,
                checkpoint_interval: std::time::Duration::from_millis(checkpoint_ms),
            };
            match runner::run(&options, &registry) {
                Ok(report) => {
                    if let Some(n) = report.resumed_after {
                        eprintln!("newsprint: resumed after record {n} of an interrupted run");
                    }
                    eprintln!("newsprint: {}", report.summary);
                    if let (Some(path), true) = (&report.rejects, report.summary.rejected > 0) {
                        eprintln!(
                            "newsprint: {} rejected records and their reasons are in {}",
                            report.summary.rejected,
                            path.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("newsprint: {e}");
                    ExitCode::from(e.exit_code())
                }
            }
        }
        Command::Validate { pipelines } => {
            let mut failed = false;
            for path in &pipelines {
                match Pipeline::load(path, &registry) {
                    Ok(p) => println!(
                        "{}: ok ({} stages: {})",
                        path.display(),
                        p.stages.len(),
                        p.stages
                            .iter()
                            .map(|s| s.name)
                            .collect::<Vec<_>>()
                            .join(" → ")
                    ),
                    Err(errors) => {
                        failed = true;
                        eprintln!("{errors}");
                    }
                }
            }
            if failed {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Train {
            task: Task::Ner,
            train,
            valid,
            out,
            epochs,
            clusters,
            seed,
        } => done(train_ner(
            &train,
            valid.as_deref(),
            &out,
            epochs,
            clusters.as_deref(),
            seed,
        )),
        Command::Eval {
            task: Task::Ner,
            gold,
            model,
            errors,
        } => done(eval_ner(&gold, model.as_deref(), errors.as_deref())),
        Command::Stages { verbose } => {
            print_stages(&registry, verbose);
            ExitCode::SUCCESS
        }
    }
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Task {
    /// The entity tagger of `extract.entities`.
    Ner,
}

fn done(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsprint: {e}");
            ExitCode::from(74)
        }
    }
}

fn read_conll(path: &std::path::Path) -> Result<Vec<conll::Doc>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    conll::read(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn train_ner(
    train: &[PathBuf],
    valid: Option<&std::path::Path>,
    out: &std::path::Path,
    epochs: usize,
    clusters: Option<&std::path::Path>,
    seed: u64,
) -> Result<(), String> {
    let mut docs = Vec::new();
    for path in train {
        docs.extend(read_conll(path)?);
    }
    let valid = valid.map(read_conll).transpose()?;
    let clusters = match clusters {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            conll::read_clusters(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => conll::Clusters::default(),
    };
    let started = std::time::Instant::now();
    let bytes = conll::train(
        &docs,
        valid.as_deref(),
        clusters,
        epochs,
        seed,
        &mut |line| eprintln!("newsprint: {line}"),
    );
    std::fs::write(out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "newsprint: wrote {} ({:.1} MB) in {:.0} s",
        out.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn eval_ner(
    gold: &std::path::Path,
    model: Option<&std::path::Path>,
    errors: Option<&std::path::Path>,
) -> Result<(), String> {
    let docs = read_conll(gold)?;
    let tagger = match model {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            std::sync::Arc::new(
                Tagger::new(&bytes).map_err(|e| format!("{}: {e}", path.display()))?,
            )
        }
        None => Tagger::builtin(),
    };
    let started = std::time::Instant::now();
    let mut lines = Vec::new();
    let scores = conll::evaluate_with_errors(&tagger, &docs, errors.map(|_| &mut lines));
    let secs = started.elapsed().as_secs_f64();
    if let Some(path) = errors {
        lines.insert(0, "kind\tgold\tfound\tcontext".to_string());
        lines.push(String::new());
        std::fs::write(path, lines.join("\n")).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    print!("{}", scores.report());
    println!(
        "{} tokens in {:.3} s ({:.0} tokens/s, tagger only, one thread)",
        scores.tokens,
        secs,
        scores.tokens as f64 / secs
    );
    Ok(())
}

fn print_stages(registry: &Registry, verbose: bool) {
    let width = registry
        .stages
        .keys()
        .chain(registry.readers.keys())
        .chain(registry.exporters.keys())
        .map(|n| n.len())
        .max()
        .unwrap_or(0);
    let params = |params: &[newsprint::core::ParamDoc]| {
        if verbose {
            for p in params {
                println!(
                    "    {} = {} ({}; default {})",
                    p.name, p.doc, p.ty, p.default
                );
            }
        }
    };
    for s in registry.stages.values() {
        let mut layers = String::new();
        if !s.requires.is_empty() {
            layers += &format!(" [needs {}]", s.requires.join(", "));
        }
        if !s.provides.is_empty() {
            layers += &format!(" [provides {}]", s.provides.join(", "));
        }
        println!("stage     {:width$}  {}{layers}", s.name, s.summary);
        params(s.params);
    }
    for r in registry.readers.values() {
        println!("reader    {:width$}  {}", r.name, r.summary);
        params(r.params);
    }
    for e in registry.exporters.values() {
        println!(
            "exporter  {:width$}  {} (.{})",
            e.name,
            e.summary,
            e.extensions.join(", .")
        );
        params(e.params);
    }
}
