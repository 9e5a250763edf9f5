//! The core of newsprint: the standoff [`Document`] model, the [`Stage`], [`Exporter`] and
//! [`Reader`] plug-in traits, their `inventory` registrations and the [`Registry`] that reads them.
//!
//! Offsets inside Rust are always byte offsets into [`Document::text`]; [`OffsetMapper`] converts
//! them to the character or UTF-16 offsets that exporters write.

mod document;
mod error;
mod exporter;
mod offsets;
mod params;
mod reader;
mod registry;
mod span;
mod stage;
pub mod swar;

pub use document::{Document, Metadata};
pub use error::{BuildError, StageError};
pub use exporter::{Exporter, ExporterRegistration, OutputSchema, RecordSink, Rejection};
pub use offsets::{OffsetMapper, OffsetUnit};
pub use params::{parse_params, BuildContext, ParamDoc};
pub use reader::{Payload, RawRecord, Reader, ReaderRegistration, RecordSource};
pub use registry::{closest, Registry, RegistryError};
pub use span::{norm, Annotation, AnnotationLayer, AttrValue, Span, Text, Token, TokenKind};
pub use stage::{Stage, StageRegistration};

/// Where a registration was written: the crate, file and line, so that duplicate names and
/// per-crate counts can be reported. Build it with [`origin!`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub krate: &'static str,
    pub file: &'static str,
    pub line: u32,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}:{})", self.krate, self.file, self.line)
    }
}

/// The [`Origin`] of the place where it is written.
#[macro_export]
macro_rules! origin {
    () => {
        $crate::Origin {
            krate: env!("CARGO_PKG_NAME"),
            file: file!(),
            line: line!(),
        }
    };
}

/// Re-exported so that stage crates can register without naming `inventory` themselves.
pub use inventory;
