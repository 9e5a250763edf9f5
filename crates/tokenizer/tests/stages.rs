//! The stages as a pipeline builds them: through their registrations and TOML parameters.

use newsprint_core::{BuildContext, BuildError, Document, Registry, Span, Token, TokenKind};
use newsprint_tokenizer::sentences::build_sentences;
use newsprint_tokenizer::words::build_words;

const TEXT: &str = "Biden and Putin\n\nBiden conducted the call from his home in Wilmington, Delaware. Gov. Smith agreed.";

#[test]
fn words_then_sentences_through_build_functions() {
    let words = build_words(&toml::Table::new(), &BuildContext::default()).unwrap();
    let sentences = build_sentences(&toml::Table::new(), &BuildContext::default()).unwrap();
    let mut doc = Document::new("id", TEXT);
    // Stale layers from an earlier run are replaced, not extended.
    doc.tokens.push(Token {
        span: Span::new(0, 1),
        kind: TokenKind::Symbol,
    });
    doc.sentences.push(Span::new(0, 1));
    words.process(&mut doc).unwrap();
    sentences.process(&mut doc).unwrap();
    let toks: Vec<&str> = doc.tokens.iter().map(|t| doc.span_text(t.span)).collect();
    assert_eq!(toks[..4], ["Biden", "and", "Putin", "Biden"]);
    assert_eq!(toks.len(), 19);
    let sents: Vec<&str> = doc.sentences.iter().map(|s| doc.span_text(*s)).collect();
    assert_eq!(
        sents,
        [
            "Biden and Putin",
            "Biden conducted the call from his home in Wilmington, Delaware.",
            "Gov. Smith agreed."
        ]
    );
}

#[test]
fn abbreviations_parameter() {
    let table: toml::Table = "abbreviations = [\"Pvt.\"]".parse().unwrap();
    let words = build_words(&table, &BuildContext::default()).unwrap();
    let mut doc = Document::new("id", "Pvt. Ryan");
    words.process(&mut doc).unwrap();
    assert_eq!(doc.span_text(doc.tokens[0].span), "Pvt.");

    let table: toml::Table = "abbreviations = [\"a b\"]".parse().unwrap();
    assert!(matches!(
        build_words(&table, &BuildContext::default()),
        Err(BuildError::Invalid(_))
    ));
}

#[test]
fn unknown_parameters_are_named() {
    let table: toml::Table = "abbreviation = [\"Pvt.\"]".parse().unwrap();
    match build_words(&table, &BuildContext::default()) {
        Err(BuildError::UnknownParam { field, known }) => {
            assert_eq!(field, "abbreviation");
            assert_eq!(known, ["abbreviations"]);
        }
        other => panic!("expected UnknownParam, got {:?}", other.err()),
    }
    let table: toml::Table = "language = \"en\"".parse().unwrap();
    match build_sentences(&table, &BuildContext::default()) {
        Err(BuildError::UnknownParam { field, known }) => {
            assert_eq!(field, "language");
            assert!(known.is_empty());
        }
        other => panic!("expected UnknownParam, got {:?}", other.err()),
    }
}

#[test]
fn sentences_reject_bad_tokens_instead_of_panicking() {
    let sentences = build_sentences(&toml::Table::new(), &BuildContext::default()).unwrap();
    let mut doc = Document::new("id", "café");
    doc.tokens.push(Token {
        span: Span::new(0, 4),
        kind: TokenKind::Word,
    });
    assert!(sentences.process(&mut doc).is_err());
    // ASCII text takes a shorter check: reversed, overlapping and out-of-range spans still fail.
    for spans in [vec![(3, 1)], vec![(0, 3), (2, 4)], vec![(0, 2), (3, 9)]] {
        let mut doc = Document::new("id", "cafe");
        for (start, end) in spans {
            doc.tokens.push(Token {
                span: Span::new(start, end),
                kind: TokenKind::Word,
            });
        }
        assert!(sentences.process(&mut doc).is_err());
    }
}

#[test]
fn registrations_are_found_by_the_registry() {
    let registry = Registry::load().unwrap();
    let words = registry.stages["tokenize.words"];
    assert_eq!(words.provides, ["tokens"]);
    assert_eq!(words.params[0].name, "abbreviations");
    let sentences = registry.stages["tokenize.sentences"];
    assert_eq!(sentences.requires, ["tokens"]);
    assert_eq!(sentences.provides, ["sentences"]);
}
