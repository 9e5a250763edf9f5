//! newsprint's output formats. Each exporter registers itself with `inventory`; the runner picks
//! one by `--format`, `[output] format` or the output file's extension.

pub mod jsonl;

pub use jsonl::JsonlExporter;
