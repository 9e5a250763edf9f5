//! Invariants on every document of the sample corpus, and a throughput check.

mod common;

use common::{check_invariants, corpus, tokens};

#[test]
fn every_sample_document_keeps_the_invariants() {
    let docs = corpus();
    assert!(docs.len() > 400);
    for (id, text) in &docs {
        check_invariants(id, text);
    }
}

/// Run with `cargo test --release -p newsprint_tokenizer -- --ignored --nocapture`.
#[test]
#[ignore = "a timing, meaningful only in release builds"]
fn throughput() {
    let all: String = corpus().into_iter().map(|(_, t)| t + "\n\n").collect();
    let text = all.repeat(20);
    let mut out = Vec::with_capacity(text.len() / 4);
    let started = std::time::Instant::now();
    let rounds = 5;
    for _ in 0..rounds {
        out.clear();
        newsprint_tokenizer::tokenize(&text, &mut out);
    }
    let secs = started.elapsed().as_secs_f64();
    let mb = (text.len() * rounds) as f64 / 1e6;
    println!("tokenize: {:.0} MB/s, {} tokens", mb / secs, out.len());
    let mut sents = Vec::new();
    let started = std::time::Instant::now();
    newsprint_tokenizer::split_sentences(&text, &out, &mut sents);
    let secs = started.elapsed().as_secs_f64();
    println!(
        "split_sentences: {:.0} MB/s, {} sentences",
        text.len() as f64 / 1e6 / secs,
        sents.len()
    );
    assert!(!tokens("x").is_empty());
}
