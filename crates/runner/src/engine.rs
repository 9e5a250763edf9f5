//! The parallel batch engine: reader → bounded batches → rayon workers → ordered writer.
//!
//! A dispatcher thread reads records and hands each batch to the rayon pool, where its records
//! are parsed, run through every stage and encoded in parallel. The calling thread writes the
//! finished batches strictly in input order. At most `2 × threads + 2` batches are in flight,
//! so memory is bounded by the batch size whatever the corpus size, and the output bytes do not
//! depend on the thread count or the batch size.

use std::collections::BTreeMap;
use std::io::{self, IoSlice, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, sync_channel};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use newsprint_core::{Exporter, RawRecord, RecordSink, RecordSource, Rejection};
use rayon::prelude::*;

use crate::config::Pipeline;
use crate::record;

/// A batch is closed once its records hold this many bytes, whatever the batch size.
const MAX_BATCH_BYTES: u64 = 8 << 20;

/// What a finished run counted. `read == written + rejected` always holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunSummary {
    pub read: u64,
    pub written: u64,
    pub rejected: u64,
    /// Input bytes of the records read (after decompression).
    pub bytes: u64,
    /// Bytes written to the output and to the rejects file.
    pub output_bytes: u64,
    pub rejects_bytes: u64,
    pub elapsed: Duration,
    /// Time spent in each stage, summed over worker threads, in pipeline order.
    pub stage_times: Vec<(&'static str, Duration)>,
}

impl std::fmt::Display for RunSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        write!(
            f,
            "read {}, written {}, rejected {} · {:.2} MB in {:.2} s ({:.1} MB/s, {:.0} docs/s)",
            self.read,
            self.written,
            self.rejected,
            self.bytes as f64 / 1e6,
            secs,
            self.bytes as f64 / 1e6 / secs,
            self.read as f64 / secs,
        )?;
        if !self.stage_times.is_empty() {
            write!(f, " · stage time")?;
            for (i, (name, t)) in self.stage_times.iter().enumerate() {
                let sep = if i == 0 { ": " } else { ", " };
                write!(f, "{sep}{name} {:.3} s", t.as_secs_f64())?;
            }
        }
        Ok(())
    }
}

/// Makes the counts of a run durable (see [`Resume::checkpoint`]).
pub type CheckpointFn<'a> = dyn FnMut(&RunSummary) -> io::Result<()> + 'a;

/// How a run continues an interrupted one, and how it leaves checkpoints for the next.
#[derive(Default)]
pub struct Resume<'a> {
    /// Input records an earlier run already processed: read again and dropped.
    pub skip: u64,
    /// That run's counts, which this run continues.
    pub counts: RunSummary,
    /// Called after a batch is written and flushed, at most once per `interval`, with the
    /// counts so far: it makes them durable.
    pub checkpoint: Option<&'a mut CheckpointFn<'a>>,
    /// A killed run redoes at most this much work; each checkpoint costs an fsync.
    pub interval: Duration,
}

/// Why a run stopped before its end: the input or an output could not be read or written.
#[derive(Debug)]
pub enum IoFailure {
    /// The input failed (with the reader's message, which names it).
    Input(io::Error),
    Output(io::Error),
    Rejects(io::Error),
    Checkpoint(io::Error),
}

/// Runs a built pipeline over record sources, writing through an exporter.
pub struct Engine {
    pipeline: Arc<Pipeline>,
    exporter: Arc<dyn Exporter>,
    pool: rayon::ThreadPool,
    batch_size: usize,
    /// Stdin→stdout mode: a rejected record still gets its line in the output.
    pub error_lines: bool,
    pub progress: Option<ProgressBar>,
}

/// The result of one record, computed on a worker.
enum Outcome {
    Written(Vec<u8>),
    Rejected(Rejection, Vec<u8>),
}

struct BatchResult {
    outcomes: Vec<Outcome>,
    bytes: u64,
}

impl Engine {
    /// `threads == 0` uses every core.
    pub fn new(
        pipeline: Pipeline,
        exporter: Box<dyn Exporter>,
        threads: usize,
        batch_size: usize,
    ) -> Result<Engine, String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("newsprint-worker-{i}"))
            .build()
            .map_err(|e| format!("cannot start {threads} worker threads: {e}"))?;
        Ok(Engine {
            pipeline: Arc::new(pipeline),
            exporter: Arc::from(exporter),
            pool,
            batch_size: batch_size.max(1),
            error_lines: false,
            progress: None,
        })
    }

    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    pub fn exporter(&self) -> &dyn Exporter {
        self.exporter.as_ref()
    }

    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Reads every source in order, processes and writes. Rejected records go to `rejects`
    /// (one JSON line each) and, with `error_lines`, to the output too.
    pub fn run(
        &self,
        sources: Vec<RecordSource>,
        out: &mut (dyn Write + Send),
        rejects: Option<&mut dyn Write>,
    ) -> Result<RunSummary, IoFailure> {
        self.run_resumable(sources, out, rejects, Resume::default())
    }

    /// [`Engine::run`], continuing an interrupted run and leaving checkpoints.
    pub fn run_resumable(
        &self,
        sources: Vec<RecordSource>,
        out: &mut (dyn Write + Send),
        mut rejects: Option<&mut dyn Write>,
        mut resume: Resume,
    ) -> Result<RunSummary, IoFailure> {
        let started = Instant::now();
        let stage_nanos: Arc<Vec<AtomicU64>> = Arc::new(
            self.pipeline
                .stages
                .iter()
                .map(|_| AtomicU64::new(0))
                .collect(),
        );
        let in_flight = 2 * self.threads() + 2;
        let (permit_tx, permit_rx) = sync_channel::<()>(in_flight);
        for _ in 0..in_flight {
            permit_tx.send(()).expect("the permit channel has room");
        }
        let (result_tx, result_rx) = channel::<(u64, Result<BatchResult, IoFailure>)>();
        let stop = Arc::new(AtomicBool::new(false));
        let mut summary = std::mem::take(&mut resume.counts);
        let mut sink = self.exporter.sink(out).map_err(IoFailure::Output)?;
        let skip = resume.skip;

        let write_result = std::thread::scope(|scope| {
            let dispatcher_stop = stop.clone();
            let stage_nanos_d = stage_nanos.clone();
            scope.spawn(move || {
                self.dispatch(
                    sources,
                    skip,
                    permit_rx,
                    result_tx,
                    &dispatcher_stop,
                    stage_nanos_d,
                )
            });
            let written = self.write_in_order(
                result_rx,
                &permit_tx,
                sink.as_mut(),
                &mut rejects,
                &mut summary,
                resume.checkpoint.take().map(|f| (f, resume.interval)),
            );
            if written.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            drop(permit_tx); // lets a dispatcher waiting for a permit see the end
            written
        });
        write_result?;
        sink.finish().map_err(IoFailure::Output)?;
        summary.elapsed = started.elapsed();
        summary.stage_times = self
            .pipeline
            .stages
            .iter()
            .zip(stage_nanos.iter())
            .map(|(s, n)| (s.name, Duration::from_nanos(n.load(Ordering::Relaxed))))
            .collect();
        Ok(summary)
    }

    /// Reads records into batches and spawns one pool task per batch.
    fn dispatch(
        &self,
        sources: Vec<RecordSource>,
        mut skip: u64,
        permits: std::sync::mpsc::Receiver<()>,
        results: std::sync::mpsc::Sender<(u64, Result<BatchResult, IoFailure>)>,
        stop: &AtomicBool,
        stage_nanos: Arc<Vec<AtomicU64>>,
    ) {
        let mut seq = 0u64;
        let mut batch = Vec::with_capacity(self.batch_size);
        let mut batch_bytes = 0u64;
        let send_batch = |batch: Vec<RawRecord>, seq: &mut u64| -> bool {
            if permits.recv().is_err() || stop.load(Ordering::Relaxed) {
                return false;
            }
            let (pipeline, exporter) = (self.pipeline.clone(), self.exporter.clone());
            let (results, stage_nanos, n) = (results.clone(), stage_nanos.clone(), *seq);
            let error_lines = self.error_lines;
            self.pool.spawn(move || {
                let bytes = batch.iter().map(record_bytes).sum();
                let outcomes = batch
                    .into_par_iter()
                    .map(|raw| {
                        process(&pipeline, exporter.as_ref(), raw, &stage_nanos, error_lines)
                    })
                    .collect();
                let _ = results.send((n, Ok(BatchResult { outcomes, bytes })));
            });
            *seq += 1;
            true
        };
        for source in sources {
            for record in source {
                match record {
                    Ok(_) if skip > 0 => skip -= 1,
                    Ok(record) => {
                        batch_bytes += record_bytes(&record);
                        batch.push(record);
                        // Large records close a batch early, so that memory stays bounded by
                        // bytes in flight as well as by records.
                        if batch.len() == self.batch_size || batch_bytes >= MAX_BATCH_BYTES {
                            batch_bytes = 0;
                            let full =
                                std::mem::replace(&mut batch, Vec::with_capacity(self.batch_size));
                            if !send_batch(full, &mut seq) {
                                return;
                            }
                        }
                    }
                    Err(e) => {
                        // Write what was read before the failure, then stop.
                        if !batch.is_empty() {
                            let rest = std::mem::take(&mut batch);
                            if !send_batch(rest, &mut seq) {
                                return;
                            }
                        }
                        let _ = results.send((seq, Err(IoFailure::Input(e))));
                        return;
                    }
                }
            }
        }
        if !batch.is_empty() {
            send_batch(batch, &mut seq);
        }
    }

    fn write_in_order(
        &self,
        results: std::sync::mpsc::Receiver<(u64, Result<BatchResult, IoFailure>)>,
        permits: &std::sync::mpsc::SyncSender<()>,
        out: &mut dyn RecordSink,
        rejects: &mut Option<&mut dyn Write>,
        summary: &mut RunSummary,
        mut checkpoint: Option<(&mut CheckpointFn, Duration)>,
    ) -> Result<(), IoFailure> {
        let mut last_checkpoint = Instant::now();
        let out_err = IoFailure::Output;
        let rej_err = IoFailure::Rejects;
        if summary.output_bytes == 0 {
            let mut header = Vec::new();
            self.exporter.header(&mut header);
            out.write(&header).map_err(out_err)?;
            summary.output_bytes += header.len() as u64;
        }
        let mut next = 0u64;
        let mut waiting = BTreeMap::new();
        let mut line = Vec::new();
        for (seq, result) in results {
            waiting.insert(seq, result);
            while let Some(result) = waiting.remove(&next) {
                next += 1;
                let batch = result?;
                summary.bytes += batch.bytes;
                // The batch's records go out in one write: a stream takes them as they are,
                // without a copy into its buffer.
                let mut records = Vec::with_capacity(batch.outcomes.len());
                for outcome in &batch.outcomes {
                    summary.read += 1;
                    let bytes = match outcome {
                        Outcome::Written(bytes) => {
                            summary.written += 1;
                            bytes
                        }
                        Outcome::Rejected(rejection, bytes) => {
                            summary.rejected += 1;
                            if let Some(rejects) = rejects.as_mut() {
                                line.clear();
                                rejection_line(rejection, &mut line);
                                summary.rejects_bytes += line.len() as u64;
                                rejects.write_all(&line).map_err(rej_err)?;
                            }
                            bytes
                        }
                    };
                    summary.output_bytes += bytes.len() as u64;
                    records.push(IoSlice::new(bytes));
                }
                out.write_batch(&mut records).map_err(out_err)?;
                if let Some((checkpoint, interval)) = checkpoint.as_mut() {
                    if last_checkpoint.elapsed() >= *interval {
                        out.flush().map_err(out_err)?;
                        if let Some(rejects) = rejects.as_mut() {
                            rejects.flush().map_err(rej_err)?;
                        }
                        checkpoint(summary).map_err(IoFailure::Checkpoint)?;
                        last_checkpoint = Instant::now();
                    }
                }
                if let Some(bar) = &self.progress {
                    bar.set_position(summary.read);
                }
                let _ = permits.try_send(());
            }
        }
        let mut footer = Vec::new();
        self.exporter.footer(&mut footer);
        out.write(&footer).map_err(out_err)?;
        summary.output_bytes += footer.len() as u64;
        out.flush().map_err(out_err)?;
        if let Some(rejects) = rejects.as_mut() {
            rejects.flush().map_err(rej_err)?;
        }
        Ok(())
    }
}

fn record_bytes(record: &RawRecord) -> u64 {
    match &record.payload {
        newsprint_core::Payload::JsonLine(b) => b.len() as u64 + 1,
        newsprint_core::Payload::Text { bytes, .. } => bytes.len() as u64,
        newsprint_core::Payload::Invalid(_) => 0,
    }
}

/// Parses, runs every stage and encodes one record. A stage error or panic rejects the record
/// with the stage's name; the other records of the batch go on.
fn process(
    pipeline: &Pipeline,
    exporter: &dyn Exporter,
    raw: RawRecord,
    stage_nanos: &[AtomicU64],
    error_lines: bool,
) -> Outcome {
    let reject = |id: Option<String>, error: String| {
        let rejection = Rejection {
            source: raw.source.clone(),
            line: raw.line,
            id,
            error,
            record: match &raw.payload {
                newsprint_core::Payload::JsonLine(b) => {
                    std::str::from_utf8(b).ok().map(String::from)
                }
                _ => None,
            },
        };
        let mut bytes = Vec::new();
        if error_lines {
            exporter.encode_rejection(&rejection, &mut bytes);
        }
        Outcome::Rejected(rejection, bytes)
    };
    let mut doc = match record::parse(&raw) {
        Ok(doc) => doc,
        Err(refusal) => return reject(refusal.id, refusal.error),
    };
    // One clock reading between two stages ends the one and starts the next.
    let mut t = Instant::now();
    for (stage, nanos) in pipeline.stages.iter().zip(stage_nanos) {
        let result = catch_unwind(AssertUnwindSafe(|| stage.stage.process(&mut doc)));
        let now = Instant::now();
        nanos.fetch_add((now - t).as_nanos() as u64, Ordering::Relaxed);
        t = now;
        let error = match result {
            Ok(Ok(())) => continue,
            Ok(Err(e)) => format!("stage `{}` failed: {e}", stage.name),
            Err(panic) => format!("stage `{}` panicked: {}", stage.name, panic_message(&panic)),
        };
        return reject(Some(doc.id.clone()), error);
    }
    // Sized for the JSONL of a news record (the text twice, in `text` and in the sentences,
    // ~78 bytes a token, ~60 a span of the other layers: 9 % over the sample's output, never
    // under it), so that the buffer is allocated once instead of growing four times (each
    // growth a copy) to up to twice its final size.
    let spans: usize = doc.layers.iter().map(|l| l.spans.len()).sum();
    let estimate = 2 * doc.text.len() + 78 * doc.tokens.len() + 60 * (doc.sentences.len() + spans);
    let mut bytes = Vec::with_capacity(estimate + 1024);
    exporter.encode(&doc, &mut bytes);
    Outcome::Written(bytes)
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".into()
    }
}

/// A rejects-file line: `{"file", "line", "id"?, "error", "record"?}`.
fn rejection_line(r: &Rejection, out: &mut Vec<u8>) {
    let mut v = serde_json::Map::new();
    v.insert("file".into(), r.source.as_ref().into());
    v.insert("line".into(), r.line.into());
    if let Some(id) = &r.id {
        v.insert("id".into(), id.as_str().into());
    }
    v.insert("error".into(), r.error.as_str().into());
    if let Some(record) = &r.record {
        v.insert("record".into(), record.as_str().into());
    }
    serde_json::to_writer(&mut *out, &v).expect("writing JSON into a Vec cannot fail");
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use newsprint_core::{Document, OutputSchema, Payload, StageError};

    use super::*;
    use crate::config::PipelineStage;

    /// Panics on texts that mention Kyiv, fails on texts that mention Moscow.
    struct Fragile;

    impl newsprint_core::Stage for Fragile {
        fn process(&self, doc: &mut Document) -> Result<(), StageError> {
            if doc.text.contains("Kyiv") {
                panic!("cannot handle {}", doc.id);
            }
            if doc.text.contains("Moscow") {
                return Err(StageError::new("Moscow is out of scope"));
            }
            Ok(())
        }
    }

    fn engine(threads: usize, batch_size: usize) -> Engine {
        let pipeline = Pipeline {
            name: "test".into(),
            path: PathBuf::from("test.toml"),
            source: String::new(),
            stages: vec![PipelineStage {
                name: "test.fragile",
                stage: Box::new(Fragile),
            }],
            schema: OutputSchema::default(),
            output_format: None,
            output_params: Default::default(),
            output_line: None,
        };
        let exporter = newsprint_exporter_stub();
        Engine::new(pipeline, exporter, threads, batch_size).unwrap()
    }

    /// Writes `id\n` per document and `!id\n` per rejection: enough to see order and count.
    struct IdLines;

    impl Exporter for IdLines {
        fn encode(&self, doc: &Document, out: &mut Vec<u8>) {
            out.extend_from_slice(format!("{}\n", doc.id).as_bytes());
        }
        fn encode_rejection(&self, r: &Rejection, out: &mut Vec<u8>) {
            out.extend_from_slice(format!("!{}\n", r.line).as_bytes());
        }
    }

    fn newsprint_exporter_stub() -> Box<dyn Exporter> {
        Box::new(IdLines)
    }

    fn source(texts: &[&str]) -> RecordSource {
        let records: Vec<io::Result<RawRecord>> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Ok(RawRecord {
                    source: "mem".into(),
                    line: i as u64 + 1,
                    payload: Payload::JsonLine(
                        serde_json::json!({"id": format!("d{}", i + 1), "text": t})
                            .to_string()
                            .into_bytes(),
                    ),
                })
            })
            .collect();
        Box::new(records.into_iter())
    }

    const TEXTS: &[&str] = &[
        "Biden spoke to Putin.",
        "Shelling near Kyiv continued.",
        "Talks in Geneva.",
        "Moscow denied it.",
        "NATO met.",
    ];

    #[test]
    fn a_panicking_or_failing_stage_rejects_only_its_record() {
        let engine = engine(2, 2);
        let (mut out, mut rejects) = (Vec::new(), Vec::new());
        let summary = engine
            .run(vec![source(TEXTS)], &mut out, Some(&mut rejects))
            .unwrap();
        assert_eq!((summary.read, summary.written, summary.rejected), (5, 3, 2));
        assert_eq!(String::from_utf8(out).unwrap(), "d1\nd3\nd5\n");
        let rejects: Vec<serde_json::Value> = String::from_utf8(rejects)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rejects[0]["line"], 2);
        assert_eq!(rejects[0]["id"], "d2");
        assert_eq!(
            rejects[0]["error"],
            "stage `test.fragile` panicked: cannot handle d2"
        );
        assert_eq!(
            rejects[1]["error"],
            "stage `test.fragile` failed: Moscow is out of scope"
        );
        assert_eq!(summary.stage_times.len(), 1);
        assert_eq!(summary.stage_times[0].0, "test.fragile");
    }

    #[test]
    fn error_lines_keep_one_output_line_per_input_line() {
        let mut engine = engine(2, 1);
        engine.error_lines = true;
        let mut out = Vec::new();
        engine
            .run(vec![source(TEXTS), source(&["Kyiv"])], &mut out, None)
            .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "d1\n!2\nd3\n!4\nd5\n!1\n");
    }

    #[test]
    fn an_input_failure_stops_after_writing_what_was_read() {
        let engine = engine(1, 2);
        let mut records: Vec<io::Result<RawRecord>> = source(&TEXTS[..3]).collect();
        records.push(Err(io::Error::other(
            "mem after line 3: unexpected end of file",
        )));
        let mut out = Vec::new();
        let err = engine
            .run(vec![Box::new(records.into_iter())], &mut out, None)
            .unwrap_err();
        assert!(
            matches!(&err, IoFailure::Input(e) if e.to_string() == "mem after line 3: unexpected end of file"),
            "{err:?}"
        );
        assert_eq!(String::from_utf8(out).unwrap(), "d1\nd3\n");
    }
}
