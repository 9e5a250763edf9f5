//! A stage that panics or fails on one record rejects that record, with the stage's name and
//! message, and the run goes on. The faulty stages live in the test-only crate
//! `newsprint_test_stages`, linked here and nowhere else.

mod common;

use newsprint::core::Registry;
use newsprint::runner::{self, RunOptions};
use newsprint_test_stages as _;

#[test]
fn panicking_and_failing_stages_reject_only_their_records() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = dir.path().join("faulty.toml");
    std::fs::write(
        &pipeline,
        "[[stage]]\nuse = \"tokenize.words\"\n\n[[stage]]\nuse = \"test.panic\"\non = \"Geneva\"\n\n[[stage]]\nuse = \"test.fail\"\non = \"OPEC\"\n",
    )
    .unwrap();
    let options = RunOptions {
        pipeline,
        inputs: vec![common::sample()],
        output: dir.path().join("out.jsonl"),
        rejects: None,
        threads: 2,
        batch_size: 16,
        format: None,
        progress: false,
        max_record_bytes: 1 << 20,
        resume: false,
        checkpoint_interval: std::time::Duration::from_secs(1),
    };
    let registry = Registry::load().unwrap();
    let report = runner::run(&options, &registry).expect("the run finishes");
    let s = &report.summary;
    assert_eq!((s.read, s.read - s.written - s.rejected), (431, 0));

    let rejects = common::read_jsonl(&dir.path().join("out.rejects.jsonl"));
    let seed = rejects
        .iter()
        .find(|r| r["id"] == "seed-biden-putin")
        .expect("the seed story mentions Geneva");
    assert_eq!(seed["line"], 1);
    assert_eq!(
        seed["error"],
        "stage `test.panic` panicked: deliberate panic on `Geneva`"
    );
    let texts: Vec<String> = std::fs::read_to_string(common::sample())
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let panics = texts.iter().filter(|t| t.contains("Geneva")).count();
    let failures = texts
        .iter()
        .filter(|t| !t.contains("Geneva") && t.contains("OPEC"))
        .count();
    assert_eq!(s.rejected as usize, panics + failures);
    assert!(panics >= 1 && failures >= 1, "{panics} {failures}");
    for r in &rejects {
        let error = r["error"].as_str().unwrap();
        assert!(
            error == "stage `test.panic` panicked: deliberate panic on `Geneva`"
                || error == "stage `test.fail` failed: deliberate error on `OPEC`",
            "{error}"
        );
    }
    let written = common::read_jsonl(&dir.path().join("out.jsonl"));
    assert_eq!(written.len() as u64, s.written);
    assert!(written
        .iter()
        .all(|r| !r["text"].as_str().unwrap().contains("Geneva")));
}
