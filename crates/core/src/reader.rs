use std::io;
use std::path::Path;

use crate::error::BuildError;
use crate::params::{BuildContext, ParamDoc};
use crate::Origin;

/// What a reader found at one position of its input, before any parsing: parsing happens on
/// the worker threads, so that a reader only moves bytes.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// One line of a JSONL input, without its line end.
    JsonLine(Vec<u8>),
    /// A whole plain-text document (a `.txt` file), with the id the reader gave it.
    Text { id: String, bytes: Vec<u8> },
    /// Something that cannot become a document, with the reason in words.
    Invalid(String),
}

/// One input record and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct RawRecord {
    /// The input file (`-` for stdin).
    pub source: std::sync::Arc<str>,
    /// 1-based line number in a JSONL input; 1-based file number in a folder of `.txt` files.
    pub line: u64,
    pub payload: Payload,
}

/// A stream of records. An `Err` is an I/O failure of the input itself (not a bad record): the
/// run stops with exit code 74.
pub type RecordSource = Box<dyn Iterator<Item = io::Result<RawRecord>> + Send>;

/// Opens one input. `path` is `-` for standard input.
pub trait Reader: Send + Sync {
    fn open(&self, path: &Path) -> io::Result<RecordSource>;
}

pub type BuildReader = fn(&toml::Table, &BuildContext) -> Result<Box<dyn Reader>, BuildError>;

/// A reader as registered with `inventory::submit!`.
#[derive(Debug)]
pub struct ReaderRegistration {
    pub name: &'static str,
    pub summary: &'static str,
    /// Whether this reader takes this input when none is named; the first in name order wins.
    pub accepts: fn(&Path) -> bool,
    pub params: &'static [ParamDoc],
    pub build: BuildReader,
    pub origin: Origin,
}

inventory::collect!(ReaderRegistration);
