//! What the stage benches share: the sample corpus parsed into documents, as the runner
//! parses each line.

use std::path::Path;

use newsprint::core::{Document, Payload, RawRecord};
use newsprint::runner::record;

/// The sample corpus (`data/sample/news.jsonl`) as documents, without tokens.
pub fn sample_documents(root: &Path) -> Vec<Document> {
    std::fs::read_to_string(root.join("data/sample/news.jsonl"))
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, line)| {
            record::parse(&RawRecord {
                source: "sample".into(),
                line: i as u64 + 1,
                payload: Payload::JsonLine(line.as_bytes().to_vec()),
            })
            .expect("sample records parse")
        })
        .collect()
}
