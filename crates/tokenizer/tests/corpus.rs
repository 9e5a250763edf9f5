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
    let mb = text.len() as f64 / 1e6;
    let best = |f: &mut dyn FnMut()| {
        (0..7)
            .map(|_| {
                let started = std::time::Instant::now();
                f();
                started.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let secs = best(&mut || {
        out.clear();
        newsprint_tokenizer::tokenize(&text, &mut out);
    });
    println!("tokenize: {:.0} MB/s, {} tokens", mb / secs, out.len());
    // Web copy: typographic apostrophes and quotes send many chunks to the Unicode path.
    let curly = text
        .replace('\'', "’")
        .replace(" \"", " “")
        .replace('"', "”");
    let secs = best(&mut || {
        out.clear();
        newsprint_tokenizer::tokenize(&curly, &mut out);
    });
    println!(
        "tokenize with curly quotes: {:.0} MB/s",
        curly.len() as f64 / 1e6 / secs
    );
    let mut n = 0;
    let secs = best(&mut || n = text.split_ascii_whitespace().count());
    println!(
        "for comparison, split_ascii_whitespace: {:.0} MB/s, {n} chunks",
        mb / secs
    );
    out.clear();
    newsprint_tokenizer::tokenize(&text, &mut out);
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
