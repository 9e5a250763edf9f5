//! Each stage of `pipelines/news.toml` alone, on the sample corpus (431 articles, ~0.5 MB of
//! text), one core: the documents are prepared by the stages before it, then the stage runs over
//! fresh copies of them. Throughput in bytes of article text. New stages in news.toml are
//! measured without touching this file.
//!
//! Run: `cargo bench --bench stages`.
//!
//! 2026-11-25, quiet machine, MiB/s: tokenize.words 442, tokenize.sentences 626,
//! detect.language 92, extract.entities 18.6, extract.timexes 90, extract.quantities 209,
//! extract.quotes 358, extract.keywords 31.
//!
//! 2026-11-25 evening, machine shared with other work (the unchanged stages lost up to ~6 %),
//! after the speed-ups of keywords, language and timexes, MiB/s: tokenize.words 435,
//! tokenize.sentences 590, detect.language 168, extract.entities 18.6, extract.timexes 102,
//! extract.quantities 208, extract.quotes 385, extract.keywords 45.
//!
//! 2026-11-25 night, shared machine, branch `speed`, back to back with its base (5aa80ac),
//! MiB/s: extract.keywords 40.9 -> 56.0 (per-thread scratch tables, one counting pass),
//! extract.timexes 100.2 -> 109.9 (fixed labels; part of that is noise). Run stage times
//! (news.toml, 20x sample, 1 thread, best of 5): keywords 0.228 -> 0.161 s.
//!
//! 2026-11-25 night, shared machine, branch `speed2` against its base (d5b6f7f), MiB/s:
//! extract.timexes 108.1 -> 116.5 (back to back; earlier pairs 104.1 -> 120.2 and 110.3 ->
//! 119.9): a month or weekday name is looked up only in a capitalized word, and ordinal words
//! only where a day or quarter can be one. detect.language 161.3 -> 162.7 (unchanged).
//! extract.quantities 204.3 -> 189.3, with its code unchanged: its `process` compiles to other
//! code (0x2f38 -> 0x2dcd bytes), an inlining change; not looked into yet. Run stage times (as
//! above, best of 7): timexes 0.097 -> 0.087 s, quantities 0.045 -> 0.048 s. Tried and dropped
//! as within the ~3 % noise: a first-byte/length filter before the timex and quantity word
//! tables (quantities measured 8 % slower), a hashed table for language's function words, a first-byte
//! test in `numbers::lookup`, zmij called directly for the JSONL encoder's numbers.
//!
//! 2026-11-26, shared machine (the lead's builds), branch `speed-12` against its base (f82422e),
//! four alternating pairs, MiB/s: extract.keywords 52.6 -> 62.6 (base 46.1-53.9, new
//! 59.5-63.6): fewer instructions and mispredicted branches per word (byte comparison of
//! terms, ASCII fast paths in is_word, is_acronym and one_line, branch-free count sums,
//! integer sort keys), keyword objects cloned from a built one (8 % fewer instructions in
//! the stage in all, by callgrind). Run stage times (news.toml, 20x sample, 1 thread, 10
//! alternating pairs, median): keywords 0.164 -> 0.142 s; the whole run 1.20 -> 1.17 s with
//! the JSONL encoder's changes (-18 % of its instructions: digit pairs and counting in
//! put_number, a token's norm lowered as a whole window). put_number then became a call of
//! the `itoa` crate, which the encoder already used: 0.5 % fewer instructions in a
//! tokens-and-sentences run than the hand-written pairs (callgrind).

use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use newsprint::core::{Document, Registry};
use newsprint::runner::Pipeline;

mod common;

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let registry = Registry::load().unwrap();
    let pipeline = Pipeline::load(&root.join("pipelines/news.toml"), &registry).unwrap();
    let mut docs: Vec<Document> = common::sample_documents(root);
    let bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    for stage in &pipeline.stages {
        group.bench_function(stage.name, |b| {
            b.iter_batched_ref(
                || docs.clone(),
                |docs| {
                    for doc in docs.iter_mut() {
                        stage.stage.process(doc).unwrap();
                    }
                },
                BatchSize::LargeInput,
            )
        });
        // The next stage sees what this one added.
        for doc in &mut docs {
            stage.stage.process(doc).unwrap();
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
