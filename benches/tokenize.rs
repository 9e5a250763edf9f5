//! `tokenize.words` and `tokenize.sentences` on the sample corpus (431 real news articles,
//! ~470 KB of text), one core, throughput in bytes of article text.
//!
//! Run: `cargo bench --bench tokenize`. Figures are in the foundation issue's closing note and
//! BENCHMARKS.md once it exists.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsprint::tokenizer::{split_sentences, tokenize};

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
    // One token vector reused across documents, as a worker does within a batch.
    let mut tokens = Vec::new();
    group.bench_function("words", |b| {
        b.iter(|| {
            let mut n = 0;
            for text in &texts {
                tokens.clear();
                tokenize(black_box(text), &mut tokens);
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
                tokenize(black_box(text), &mut tokens);
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
