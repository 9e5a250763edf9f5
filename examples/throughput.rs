//! In-memory throughput of the tokenizer and sentence splitter on one core, and their Golden
//! Rules score, as JSON for `scripts/bench-peers.sh` (which measures spaCy, pySBD and blingfire
//! the same way). Criterion's `benches/tokenize.rs` is the reference measurement; this one only
//! exists so that the peer table compares like with like.
//!
//! Run: `cargo run --release --example throughput -- data/sample/news.jsonl golden_rules.jsonl`

use std::time::{Duration, Instant};

use newsprint::core::{Span, Token};
use newsprint::tokenizer::{split_sentences, tokenize};

fn texts(path: &str, field: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON lines");
            assert!(v.get(field).is_some(), "{path}: a line without `{field}`");
            v
        })
        .collect()
}

/// Runs `f` over all texts until a second has passed; returns (MB/s, tokens/s).
fn measure(texts: &[String], mut f: impl FnMut(&str) -> usize) -> (f64, f64) {
    let bytes: usize = texts.iter().map(String::len).sum();
    let (mut rounds, mut tokens) = (0usize, 0usize);
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) || rounds < 3 {
        for t in texts {
            tokens += f(t);
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    ((bytes * rounds) as f64 / 1e6 / secs, tokens as f64 / secs)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, golden] = &args[..] else {
        panic!("usage: throughput CORPUS.jsonl GOLDEN_RULES.jsonl");
    };
    let corpus: Vec<String> = texts(corpus, "text")
        .iter()
        .map(|v| v["text"].as_str().unwrap().to_string())
        .collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut sentences: Vec<Span> = Vec::new();
    let (words_mb, words_tps) = measure(&corpus, |t| {
        tokens.clear();
        tokenize(t, &mut tokens);
        tokens.len()
    });
    let (sents_mb, sents_tps) = measure(&corpus, |t| {
        tokens.clear();
        sentences.clear();
        tokenize(t, &mut tokens);
        split_sentences(t, &tokens, &mut sentences);
        tokens.len()
    });
    let rules = texts(golden, "text");
    let passed = rules
        .iter()
        .filter(|rule| {
            let text = rule["text"].as_str().unwrap();
            let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
            tokenize(text, &mut tokens);
            split_sentences(text, &tokens, &mut sentences);
            let got: Vec<&str> = sentences.iter().map(|s| s.slice(text)).collect();
            let want: Vec<&str> = rule["sentences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            got == want
        })
        .count();
    println!(
        "{}",
        serde_json::json!({
            "tokenizer": {"mb_s": words_mb, "words_s": words_tps},
            "tokenizer+sentences": {"mb_s": sents_mb, "words_s": sents_tps},
            "golden_rules": {"passed": passed, "total": rules.len()},
        })
    );
}
