//! Helpers shared by the integration tests.
#![allow(dead_code)]

use newsprint_core::{Span, Token, TokenKind};
use newsprint_tokenizer::{split_sentences, tokenize, Tokenizer};
use unicode_segmentation::UnicodeSegmentation;

pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize(text, &mut out);
    out
}

pub fn words(text: &str) -> Vec<&str> {
    tokens(text).iter().map(|t| t.span.slice(text)).collect()
}

pub fn words_with<'t>(tokenizer: &Tokenizer, text: &'t str) -> Vec<&'t str> {
    let mut out = Vec::new();
    tokenizer.tokenize(text, &mut out);
    out.iter().map(|t| t.span.slice(text)).collect()
}

pub fn kinds(text: &str) -> Vec<(&str, TokenKind)> {
    tokens(text)
        .iter()
        .map(|t| (t.span.slice(text), t.kind))
        .collect()
}

pub fn sentences(text: &str) -> Vec<&str> {
    let toks = tokens(text);
    let mut out = Vec::new();
    split_sentences(text, &toks, &mut out);
    out.iter().map(|s| s.slice(text)).collect()
}

/// Every property the two stages promise on any input; panics with the document's id.
pub fn check_invariants(id: &str, text: &str) {
    let toks = tokens(text);
    let graphemes: std::collections::HashSet<usize> = text
        .grapheme_indices(true)
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let mut prev = 0;
    for t in &toks {
        let Span { start, end } = t.span;
        assert!(start < end, "{id}: empty token at {start}");
        assert!(
            start >= prev,
            "{id}: token at {start} overlaps or is out of order"
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{id}: token {start}..{end} not on char boundaries"
        );
        assert!(
            graphemes.contains(&start) && graphemes.contains(&end),
            "{id}: token {:?} splits a grapheme cluster",
            &text[start..end]
        );
        assert!(
            !text[start..end].chars().any(char::is_whitespace),
            "{id}: token {:?} contains whitespace",
            &text[start..end]
        );
        prev = end;
    }
    let mut sents = Vec::new();
    split_sentences(text, &toks, &mut sents);
    let mut k = 0;
    let mut prev = 0;
    for s in &sents {
        assert!(
            s.start >= prev && s.start < s.end,
            "{id}: sentence {s:?} overlaps or is empty"
        );
        assert_eq!(
            toks[k].span.start, s.start,
            "{id}: sentence must start at a token"
        );
        while k < toks.len() && toks[k].span.end <= s.end {
            k += 1;
        }
        assert_eq!(
            toks[k - 1].span.end,
            s.end,
            "{id}: sentence must end at a token"
        );
        prev = s.end;
    }
    assert_eq!(k, toks.len(), "{id}: tokens after the last sentence");
}

/// `(id, text)` of every document of the sample corpus.
pub fn corpus() -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sample/news.jsonl");
    let data = std::fs::read_to_string(path).expect("sample corpus");
    data.lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            (
                v["id"].as_str().expect("id").to_string(),
                v["text"].as_str().expect("text").to_string(),
            )
        })
        .collect()
}

pub fn doc(id: &str) -> String {
    corpus()
        .into_iter()
        .find(|(i, _)| i == id)
        .map(|(_, t)| t)
        .expect("document in the sample corpus")
}
