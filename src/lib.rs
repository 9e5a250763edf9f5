//! newsprint: plugin-based NLP pipelines for corpora of news articles.
//!
//! This umbrella package re-exports the crates and, by naming every stage crate, makes sure
//! their `inventory` registrations are linked into the binary (a crate that nothing names is
//! silently left out by the linker).

pub use newsprint_core as core;
pub use newsprint_exporter as exporter;
pub use newsprint_extractor as extractor;
pub use newsprint_runner as runner;
pub use newsprint_tokenizer as tokenizer;

/// mimalloc, not the system allocator: stages allocate and free small vectors and strings per
/// document, and glibc's malloc and free were ~8 % of the news pipeline's instructions.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
