//! newsprint's output formats. Each exporter registers itself with `inventory`; the runner picks
//! one by `--format`, `[output] format` or the output file's extension.

pub mod brat;
pub mod conll;
pub mod csv;
pub mod html;
pub mod jsonl;
mod layers;
pub mod parquet;
pub mod spacy;

pub use brat::BratExporter;
pub use conll::{ConllExporter, ConlluExporter};
pub use csv::CsvExporter;
pub use html::HtmlExporter;
pub use jsonl::JsonlExporter;
pub use parquet::ParquetExporter;
pub use spacy::SpacyExporter;
