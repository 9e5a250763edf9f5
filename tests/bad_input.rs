//! The bad-input suite: odd and broken input through the real binary. For each case: the exit
//! code, what is written, what is rejected with which reason, and read = written + rejected.

mod common;

use std::io::Write;
use std::path::Path;

use common::{news_toml, run_to_file, Run};

/// Runs news.toml over `bytes` written to a file of this name.
fn run_bytes(name: &str, bytes: &[u8], extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, bytes).unwrap();
    run_to_file(&news_toml(), &input, extra)
}

/// Exit 0 and the summary line that reconciles.
fn assert_reconciles(run: &Run, read: usize, written: usize, rejected: usize) {
    assert_eq!(run.output.status.code(), Some(0), "{}", run.stderr());
    assert_eq!(read, written + rejected);
    assert_eq!(run.records.len(), written, "records written");
    assert_eq!(run.rejects.len(), rejected, "records rejected");
    let summary = format!("read {read}, written {written}, rejected {rejected}");
    assert!(run.stderr().contains(&summary), "{}", run.stderr());
}

fn ids(run: &Run) -> Vec<&str> {
    run.records
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect()
}

const SEED_LINE: &str = r#"{"id":"s","text":"US President Joe Biden and Russian President Vladimir Putin spoke for 50 minutes on Thursday."}"#;

#[test]
fn invalid_utf8_in_the_middle_of_a_line() {
    let mut input = Vec::new();
    input.extend_from_slice(SEED_LINE.as_bytes());
    input.extend_from_slice(b"\n{\"id\":\"x\",\"text\":\"Biden \xff\xfe and Putin\"}\n");
    input.extend_from_slice(SEED_LINE.replace("\"s\"", "\"t\"").as_bytes());
    let run = run_bytes("in.jsonl", &input, &[]);
    assert_reconciles(&run, 3, 2, 1);
    assert_eq!(ids(&run), ["s", "t"]);
    assert_eq!(
        run.reasons(),
        [(2, "invalid UTF-8 at byte 25 of the record".to_string())]
    );
    assert!(
        run.rejects[0].get("record").is_none(),
        "invalid UTF-8 cannot be a JSON string"
    );
}

#[test]
fn a_utf8_bom_and_crlf_line_ends_are_not_part_of_the_records() {
    let input = format!(
        "\u{feff}{SEED_LINE}\r\n{}\r\n",
        SEED_LINE.replace("\"s\"", "\"t\"")
    );
    let run = run_bytes("in.jsonl", input.as_bytes(), &[]);
    assert_reconciles(&run, 2, 2, 0);
    assert_eq!(ids(&run), ["s", "t"]);
    assert!(run.records[1]["text"]
        .as_str()
        .unwrap()
        .ends_with("Thursday."));
}

#[test]
fn nul_bytes_raw_are_bad_json_escaped_are_text() {
    let input = b"{\"id\":\"raw\",\"text\":\"Biden\x00Putin\"}\n{\"id\":\"escaped\",\"text\":\"Biden\\u0000Putin\"}\n";
    let run = run_bytes("in.jsonl", input, &[]);
    assert_reconciles(&run, 2, 1, 1);
    assert_eq!(ids(&run), ["escaped"]);
    assert_eq!(run.records[0]["text"], "Biden\u{0}Putin");
    assert_eq!(
        run.reasons(),
        [(1, "bad JSON: control character (\\u0000-\\u001F) found while parsing a string at line 1 column 26".to_string())]
    );
}

#[test]
fn json_that_is_not_an_object_and_text_of_the_wrong_type() {
    let input = [
        "[1, 2]",
        "\"just a string\"",
        "42",
        "null",
        r#"{"id":"n","text":null}"#,
        r#"{"id":"i","text":7}"#,
        r#"{"id":"a","text":["Biden","Putin"]}"#,
        r#"{"id":"m","title":"no text"}"#,
        r#"{"id":"e","text":""}"#,
        "{\"id\":\"bad\",\"text\":\"unterminated}",
    ]
    .join("\n");
    let run = run_bytes("in.jsonl", input.as_bytes(), &[]);
    assert_reconciles(&run, 10, 1, 9);
    assert_eq!(ids(&run), ["e"]);
    assert_eq!(run.records[0]["tokens"], serde_json::json!([]));
    let expected = [
        (1, "expected a JSON object, got an array"),
        (2, "expected a JSON object, got a string"),
        (3, "expected a JSON object, got a number"),
        (4, "expected a JSON object, got null"),
        (5, "`text` must be a string, got null"),
        (6, "`text` must be a string, got a number"),
        (7, "`text` must be a string, got an array"),
        (8, "no `text` field"),
        (
            10,
            "bad JSON: EOF while parsing a string at line 1 column 33",
        ),
    ];
    let expected: Vec<(u64, String)> = expected.iter().map(|(l, e)| (*l, e.to_string())).collect();
    assert_eq!(run.reasons(), expected);
}

#[test]
fn ten_thousand_empty_lines() {
    let mut input = "\n".repeat(10_000);
    input.push_str(SEED_LINE);
    let run = run_bytes("in.jsonl", input.as_bytes(), &["--batch-size", "1000"]);
    assert_reconciles(&run, 10_001, 1, 10_000);
    assert!(run
        .reasons()
        .iter()
        .enumerate()
        .all(|(i, (line, e))| *line == i as u64 + 1 && e == "empty line: no JSON object"));
}

#[test]
fn deeply_nested_json_is_refused_without_a_stack_overflow() {
    let deep = format!(
        "{{\"id\":\"deep\",\"text\":\"x\",\"meta\":{}{}}}\n{SEED_LINE}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let run = run_bytes("in.jsonl", deep.as_bytes(), &[]);
    assert_reconciles(&run, 2, 1, 1);
    assert_eq!(
        run.reasons(),
        [(
            1,
            "bad JSON: recursion limit exceeded at line 1 column 158".to_string()
        )]
    );
}

/// A 50 MB record goes through (the default limit is 64 MiB); with a lower limit it is
/// rejected without being read into memory, and the next record is intact.
#[test]
fn a_fifty_megabyte_record() {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = dir.path().join("names.toml");
    std::fs::write(
        &pipeline,
        "[[stage]]\nuse = \"extract.gazetteer\"\nentries = { GPE = [\"Geneva\"] }\n",
    )
    .unwrap();
    let input = dir.path().join("big.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
    write!(f, "{{\"id\":\"big\",\"text\":\"").unwrap();
    let chunk = "Talks in Geneva resumed on Monday after a pause of two weeks. ".repeat(100);
    let mut size = 0;
    while size < 50_000_000 {
        f.write_all(chunk.as_bytes()).unwrap();
        size += chunk.len();
    }
    writeln!(f, "\"}}").unwrap();
    writeln!(f, "{SEED_LINE}").unwrap();
    drop(f);

    let run = run_to_file(&pipeline, &input, &[]);
    assert_reconciles(&run, 2, 2, 0);
    assert_eq!(
        run.records[0]["entities"].as_array().unwrap().len(),
        size / chunk.len() * 100
    );

    let run = run_to_file(&pipeline, &input, &["--max-record-bytes", "1000000"]);
    assert_reconciles(&run, 2, 1, 1);
    assert_eq!(ids(&run), ["s"]);
    let (line, reason) = &run.reasons()[0];
    assert_eq!(*line, 1);
    assert_eq!(
        reason,
        &format!(
            "the record is {} bytes, over the limit of 1000000 bytes (--max-record-bytes)",
            std::fs::read_to_string(&input)
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .len()
                + 1
        )
    );
}

#[test]
fn a_txt_folder_with_a_binary_file_and_a_non_utf8_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("articles");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a-good.txt"), "NATO met in Geneva on Thursday.").unwrap();
    std::fs::write(
        folder.join("b-binary.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00",
    )
    .unwrap();
    std::fs::write(folder.join("c-latin1.txt"), b"Caf\xe9 owners in Z\xfcrich.").unwrap();
    std::fs::write(folder.join("d-notes.md"), "not an article: not .txt").unwrap();
    let run = run_to_file(&news_toml(), &folder, &[]);
    assert_reconciles(&run, 3, 1, 2);
    assert_eq!(ids(&run), ["a-good"]);
    let rejects: Vec<(&str, &str)> = run
        .rejects
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or("-"),
                r["error"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rejects,
        [
            (
                "b-binary",
                "the file has NUL bytes: it looks binary, not text"
            ),
            ("-", "invalid UTF-8 at byte 4 of the record"),
        ]
    );
}

#[test]
fn a_truncated_gzip_input_exits_74_and_leaves_no_output() {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for i in 0..5000 {
        writeln!(enc, "{}", SEED_LINE.replace("\"s\"", &format!("\"{i}\""))).unwrap();
    }
    let bytes = enc.finish().unwrap();
    let run = run_bytes("cut.jsonl.gz", &bytes[..bytes.len() / 2], &[]);
    assert_eq!(run.output.status.code(), Some(74));
    let err = run.stderr();
    assert!(
        err.starts_with("newsprint: cannot read the input: "),
        "{err}"
    );
    assert!(err.contains("cut.jsonl.gz after line "), "{err}");
    assert!(!run.out_path().exists());
    assert_eq!(
        std::fs::read_dir(run.dir.path()).unwrap().count(),
        0,
        "no partial files"
    );
}

#[test]
fn an_output_on_a_full_disk_exits_74() {
    let run = |out: &str| {
        common::newsprint(
            &[
                "run",
                "-p",
                "pipelines/news.toml",
                "-i",
                "data/sample/news.jsonl",
                "-o",
                out,
            ],
            None,
        )
    };
    let full = run("/dev/full");
    assert_eq!(full.status.code(), Some(74));
    assert_eq!(
        common::stderr(&full),
        "newsprint: cannot write the output /dev/full: No space left on device (os error 28)\n"
    );
    // A device is written in place, never replaced by a renamed file.
    let null = run("/dev/null");
    assert_eq!(null.status.code(), Some(0), "{}", common::stderr(&null));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
}

/// A named pipe is a stream like stdout: written in place, one line per input line with the
/// rejected records' error lines in it, and no rejects file made beside it.
#[test]
fn a_fifo_output_is_a_stream() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let input = format!("{SEED_LINE}\nnot json\n");
    let result = common::newsprint(
        &[
            "run",
            "-p",
            "pipelines/tokens.toml",
            "-i",
            "-",
            "-o",
            fifo.to_str().unwrap(),
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(result.status.code(), Some(0), "{}", common::stderr(&result));
    let lines: Vec<serde_json::Value> = reader
        .join()
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "s");
    assert_eq!(
        lines[1]["error"],
        "bad JSON: expected ident at line 1 column 2"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["out.fifo"], "no rejects file, no partial");
}

#[test]
fn an_unwritable_rejects_path_exits_74() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let result = common::newsprint(
        &[
            "run",
            "-p",
            "pipelines/news.toml",
            "-i",
            "data/sample/news.jsonl",
            "-o",
            out.to_str().unwrap(),
            "--rejects",
            "/no/such/dir/rejects.jsonl",
        ],
        None,
    );
    assert_eq!(result.status.code(), Some(74));
    assert!(
        common::stderr(&result)
            .starts_with("newsprint: cannot write the rejects file /no/such/dir/rejects.jsonl: "),
        "{}",
        common::stderr(&result)
    );
    assert!(!Path::new(&out).exists());
}
