use std::io::{self, IoSlice, Write};

use crate::document::Document;
use crate::error::BuildError;
use crate::params::{BuildContext, ParamDoc};
use crate::Origin;

/// The layers a pipeline produces, in the order its stages provide them: exporters write a
/// key (or column) for each, on every record, even where a layer is empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutputSchema {
    pub layers: Vec<&'static str>,
}

/// A record that could not be processed, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejection {
    pub source: std::sync::Arc<str>,
    pub line: u64,
    pub id: Option<String>,
    pub error: String,
    /// The raw input line when it is valid UTF-8, so that a user can fix and rerun it.
    pub record: Option<String>,
}

/// Turns processed documents into bytes. `encode` runs on the worker threads, in parallel; the
/// runner writes what it produced in input order.
pub trait Exporter: Send + Sync {
    /// Bytes written once before the first record (a CSV header, say).
    fn header(&self, _out: &mut Vec<u8>) {}
    /// Appends one document's output.
    fn encode(&self, doc: &Document, out: &mut Vec<u8>);
    /// Appends the line a rejected record gets in the output, in streaming mode where every
    /// input line must get exactly one output line. Formats without such a line write nothing.
    fn encode_rejection(&self, _rejection: &Rejection, _out: &mut Vec<u8>) {}
    /// Bytes written once after the last record.
    fn footer(&self, _out: &mut Vec<u8>) {}
    /// Where the encoded records go. The default writes them to the output stream as they
    /// are; a format that is not a plain concatenation (Parquet's row groups, a folder of
    /// files) turns them into its output here.
    fn sink<'a>(&self, out: &'a mut (dyn Write + Send)) -> io::Result<Box<dyn RecordSink + 'a>> {
        Ok(Box::new(StreamSink(out)))
    }
    /// Whether the output is a folder (named by `BuildContext::output`) rather than a stream.
    fn writes_folder(&self) -> bool {
        false
    }
    /// Whether an interrupted output can be truncated to a checkpoint and continued: true when
    /// the output is the concatenation of the encoded records.
    fn resumable(&self) -> bool {
        true
    }
}

/// Receives the encoded records of a run in input order.
pub trait RecordSink: Send {
    fn write(&mut self, encoded: &[u8]) -> io::Result<()>;
    /// Writes several encoded records, in order, as `write` does each (the slices may be
    /// advanced past what was written). The stream sink hands them to one vectored write, so
    /// that a batch larger than the output's buffer is not copied into it first.
    fn write_batch(&mut self, records: &mut [IoSlice<'_>]) -> io::Result<()> {
        records.iter().try_for_each(|record| self.write(record))
    }
    /// Flushes what is buffered, so that a checkpoint can count it as written.
    fn flush(&mut self) -> io::Result<()>;
    /// Completes the output (a file footer, closing files).
    fn finish(self: Box<Self>) -> io::Result<()>;
}

/// The default sink: bytes to a stream.
struct StreamSink<'a>(&'a mut (dyn Write + Send));

impl RecordSink for StreamSink<'_> {
    fn write(&mut self, encoded: &[u8]) -> io::Result<()> {
        self.0.write_all(encoded)
    }

    /// `Write::write_all_vectored`, which is not stable yet.
    fn write_batch(&mut self, mut records: &mut [IoSlice<'_>]) -> io::Result<()> {
        // Leading empty records (rejections without an output line) would read as a write of
        // nothing: drop them, here and after each write.
        IoSlice::advance_slices(&mut records, 0);
        while !records.is_empty() {
            match self.0.write_vectored(records) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut records, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        self.0.flush()
    }
}

pub type BuildExporter =
    fn(&toml::Table, &BuildContext, &OutputSchema) -> Result<Box<dyn Exporter>, BuildError>;

/// An exporter as registered with `inventory::submit!`.
#[derive(Debug)]
pub struct ExporterRegistration {
    /// The format name given to `--format` or `[output] format`.
    pub name: &'static str,
    pub summary: &'static str,
    /// Output file extensions that select this exporter when no format is named.
    pub extensions: &'static [&'static str],
    pub params: &'static [ParamDoc],
    pub build: BuildExporter,
    pub origin: Origin,
}

inventory::collect!(ExporterRegistration);
