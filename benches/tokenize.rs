//! `tokenize.words` and `tokenize.sentences` on the sample corpus (431 real news articles,
//! ~470 KB of text), one core, throughput in bytes of article text.
//!
//! Run: `cargo bench --bench tokenize`. Criterion's estimate on the shared 2-core development
//! machine (AMD EPYC VM), in MiB/s (× 1.05 for MB/s):
//!
//! | | words | words+sentences |
//! |---|---|---|
//! | before issue #5 | 309 | 178 |
//! | after issue #5: eight-byte letter runs, numeric abbreviation search, cheap exits in the splitter | 527 | 311 |
//!
//! Other jobs on the machine move these a lot: the same build measured 368 and 223 under a
//! load average of 3.5.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsprint::tokenizer::{split_sentences, Scratch, Tokenizer};

fn sample_texts() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample/news.jsonl");
    std::fs::read_to_string(path)
        .expect("the sample corpus is in the repo")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("sample lines are JSON");
            v["text"]
                .as_str()
                .expect("every sample has text")
                .to_string()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let texts = sample_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("tokenize");
    group.throughput(Throughput::Bytes(bytes as u64));
    // One token vector and one scratch buffer reused across documents, as a worker does.
    let tokenizer = Tokenizer::default();
    let mut scratch = Scratch::default();
    let mut tokens = Vec::new();
    group.bench_function("words", |b| {
        b.iter(|| {
            let mut n = 0;
            for text in &texts {
                tokens.clear();
                tokenizer.tokenize_with(black_box(text), &mut tokens, &mut scratch);
                n += tokens.len();
            }
            n
        })
    });
    let mut sentences = Vec::new();
    group.bench_function("words+sentences", |b| {
        b.iter(|| {
            let mut n = 0;
            for text in &texts {
                tokens.clear();
                sentences.clear();
                tokenizer.tokenize_with(black_box(text), &mut tokens, &mut scratch);
                split_sentences(text, &tokens, &mut sentences);
                n += sentences.len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
