//! Property tests of the whole news pipeline through the real JSONL reader: arbitrary Unicode
//! texts and arbitrary byte lines never panic, every record is written or rejected, and every
//! span written is a valid slice of its text. Case counts are fixed (see `CASES`) so that CI
//! time is predictable; raise `PROPTEST_CASES` locally for a longer hunt.

mod common;

use std::io::Write;
use std::sync::OnceLock;

use newsprint::core::{Reader, Registry};
use newsprint::runner::readers::JsonlReader;
use newsprint::runner::{Engine, Pipeline};
use proptest::prelude::*;
use serde_json::Value;

/// Cases per property; each case is a file of up to 8 records.
const CASES: u32 = 300;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let registry = Registry::load().unwrap();
        let pipeline = Pipeline::load(&common::news_toml(), &registry).unwrap();
        let exporter = pipeline.build_exporter(&registry, None, None).unwrap();
        Engine::new(pipeline, exporter, 2, 3).unwrap()
    })
}

/// Runs the lines through the reader and the engine; returns (written records, rejected count).
fn run_lines(lines: &[Vec<u8>]) -> (Vec<Value>, u64) {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    for line in lines {
        file.write_all(line).unwrap();
        file.write_all(b"\n").unwrap();
    }
    file.flush().unwrap();
    let source = JsonlReader::default().open(file.path()).unwrap();
    let (mut out, mut rejects) = (Vec::new(), Vec::new());
    let summary = engine()
        .run(vec![source], &mut out, Some(&mut rejects))
        .unwrap();
    assert_eq!(summary.read, lines.len() as u64, "every line is a record");
    assert_eq!(summary.read, summary.written + summary.rejected);
    let records: Vec<Value> = String::from_utf8(out)
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("output lines are JSON"))
        .collect();
    assert_eq!(records.len() as u64, summary.written);
    assert_eq!(
        String::from_utf8(rejects).unwrap().lines().count() as u64,
        summary.rejected
    );
    (records, summary.rejected)
}

/// Every span of every layer: in order of start, inside the text, `text` = the char slice.
fn check_spans(record: &Value) {
    let text: Vec<char> = record["text"].as_str().unwrap().chars().collect();
    for (layer, value) in record.as_object().unwrap() {
        let Some(spans) = value.as_array() else {
            continue;
        };
        let mut last_start = 0;
        for span in spans {
            let (Some(start), Some(end)) = (span["start"].as_u64(), span["end"].as_u64()) else {
                continue; // not a span layer (keywords)
            };
            let (start, end) = (start as usize, end as usize);
            assert!(start < end && end <= text.len(), "{layer} {span}");
            assert!(start >= last_start, "{layer} out of order");
            last_start = start;
            let slice: String = text[start..end].iter().collect();
            assert_eq!(slice, span["text"].as_str().unwrap(), "{layer}");
        }
    }
}

/// Text that looks like news at the character level: words, numbers, punctuation, quotes,
/// newlines, and some scripts and symbols that are not ASCII.
fn newsy_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            "[A-Z][a-z]{0,8}",
            "[a-z]{1,8}",
            "[0-9]{1,4}([.,:][0-9]{1,3})?",
            "[ \n]{1,3}",
            "[.,;:!?\"'()$%€-]",
            "[“”‘’—…]",
            "\\PC{1,3}",
            Just("U.S.".to_string()),
            Just("p.m.".to_string()),
            Just("🇺🇦".to_string()),
            Just("e\u{301}".to_string()),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn arbitrary_unicode_texts(texts in proptest::collection::vec(any::<String>(), 1..8)) {
        let lines: Vec<Vec<u8>> = texts
            .iter()
            .map(|t| serde_json::json!({"text": t}).to_string().into_bytes())
            .collect();
        let (records, rejected) = run_lines(&lines);
        prop_assert_eq!(rejected, 0);
        records.iter().for_each(check_spans);
    }

    #[test]
    fn news_like_texts(texts in proptest::collection::vec(newsy_text(), 1..8)) {
        let lines: Vec<Vec<u8>> = texts
            .iter()
            .map(|t| serde_json::json!({"id": "x", "text": t}).to_string().into_bytes())
            .collect();
        let (records, rejected) = run_lines(&lines);
        prop_assert_eq!(rejected, 0);
        records.iter().for_each(check_spans);
    }

    #[test]
    fn arbitrary_byte_lines(lines in proptest::collection::vec(
        proptest::collection::vec(any::<u8>().prop_filter("one line", |b| *b != b'\n'), 0..200),
        1..8,
    )) {
        let (records, _) = run_lines(&lines);
        records.iter().for_each(check_spans);
    }
}
