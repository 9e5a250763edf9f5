//! Test helpers: documents tokenized the way the pipeline tokenizes them, and the sample corpus.

use newsprint_core::{Document, Stage};

/// A tokenized document with a publication date (or none).
pub fn document(text: &str, published: Option<&str>) -> Document {
    let mut doc = Document::new("t", text);
    doc.meta.published = published.map(String::from);
    newsprint_tokenizer::tokenize(&doc.text, &mut doc.tokens);
    newsprint_tokenizer::split_sentences(&doc.text, &doc.tokens, &mut doc.sentences);
    doc
}

/// Each annotation of a layer as `(text, attribute values as strings …)` for `keys`.
pub fn layer_rows(doc: &Document, layer: &str, keys: &[&str]) -> Vec<Vec<String>> {
    doc.layer(layer)
        .unwrap_or_default()
        .iter()
        .map(|a| {
            let mut row = vec![doc.span_text(a.span).to_string()];
            for key in keys {
                row.push(match a.attr(key) {
                    Some(newsprint_core::AttrValue::Str(s)) => s.to_string(),
                    Some(newsprint_core::AttrValue::Int(n)) => n.to_string(),
                    Some(newsprint_core::AttrValue::Num(n)) => n.to_string(),
                    Some(other) => format!("{other:?}"),
                    None => String::new(),
                });
            }
            row
        })
        .collect()
}

/// The sample corpus as documents: id, text, `published`, tokens and sentences.
pub fn sample_corpus() -> Vec<Document> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sample/news.jsonl");
    std::fs::read_to_string(path)
        .expect("the sample corpus")
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            let mut doc = document(
                record["text"].as_str().unwrap(),
                record["published"].as_str(),
            );
            doc.id = record["id"].as_str().unwrap().to_string();
            doc
        })
        .collect()
}

/// Runs stages in order.
pub fn run(stages: &[&dyn Stage], doc: &mut Document) {
    for stage in stages {
        stage.process(doc).unwrap();
    }
}
