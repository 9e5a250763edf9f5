//! End-to-end tests: the `newsprint` binary on the sample corpus and on bad input.

mod common;

use std::io::Write;
use std::path::PathBuf;

use common::{news_toml, newsprint, root, run_to_file, sample, stderr};
use serde_json::Value;

/// The text between two offsets in the given unit.
fn slice(text: &str, start: usize, end: usize, unit: &str) -> String {
    match unit {
        "char" => text.chars().skip(start).take(end - start).collect(),
        "byte" => text[start..end].to_string(),
        "utf16" => {
            String::from_utf16(&text.encode_utf16().collect::<Vec<_>>()[start..end]).unwrap()
        }
        _ => unreachable!(),
    }
}

/// Every span of every layer: `text[start:end] == span.text`, in order, inside the text.
fn check_spans(record: &Value, unit: &str) -> usize {
    let text = record["text"].as_str().unwrap();
    let mut checked = 0;
    for layer in [
        "tokens",
        "sentences",
        "entities",
        "timexes",
        "quantities",
        "quotes",
    ] {
        let Some(spans) = record[layer].as_array() else {
            continue;
        };
        for span in spans {
            let (start, end) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            assert!(start < end, "{}: empty {layer} span {span}", record["id"]);
            assert_eq!(
                slice(text, start, end, unit),
                span["text"].as_str().unwrap(),
                "{} {layer} {unit}",
                record["id"]
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn sample_corpus_end_to_end_with_exact_span_texts() {
    let run = run_to_file(&news_toml(), &sample(), &[]);
    let (result, records) = (&run.output, &run.records);
    assert!(result.status.success(), "{}", stderr(result));
    assert!(
        stderr(result).contains("read 431, written 431, rejected 0"),
        "{}",
        stderr(result)
    );
    assert_eq!(records.len(), 431);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let input_ids: Vec<String> = std::fs::read_to_string(sample())
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, input_ids, "output order is input order");
    let spans: usize = records.iter().map(|r| check_spans(r, "char")).sum();
    assert!(spans > 80_000, "only {spans} spans checked");
    // Keys in the documented order, metadata passed through.
    let seed = &records[0];
    let keys: Vec<&str> = seed
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "title",
            "source",
            "published",
            "text",
            "tokens",
            "sentences",
            "language",
            "entities",
            "timexes",
            "quantities",
            "quotes",
            "skipped",
            "keywords"
        ]
    );
}

#[test]
fn byte_and_utf16_offsets_are_exact_too() {
    for unit in ["byte", "utf16"] {
        let dir = tempfile::tempdir().unwrap();
        let pipeline = dir.path().join("p.toml");
        let src = std::fs::read_to_string(news_toml())
            .unwrap()
            .replace(
                "gazetteers/",
                &format!("{}/pipelines/gazetteers/", root().display()),
            )
            .replace("offsets = \"char\"", &format!("offsets = \"{unit}\""));
        assert!(src.contains(&format!("offsets = \"{unit}\"")));
        std::fs::write(&pipeline, src).unwrap();
        let run = run_to_file(&pipeline, &sample(), &[]);
        let (result, records) = (&run.output, &run.records);
        assert!(result.status.success(), "{}", stderr(result));
        let spans: usize = records.iter().map(|r| check_spans(r, unit)).sum();
        assert!(spans > 80_000);
    }
}

const NON_ASCII: &str = concat!(
    r#"{"id":"u1","text":"“It is not entirely static,” the official said — café owners in Zürich agreed."}"#,
    "\n",
    r#"{"id":"u2","text":"北京 and Москва: 🇺🇦 Ukraine’s flag 👨‍👩‍👧 e\u0301 ok. नमस्ते दुनिया. مرحبا بالعالم."}"#,
    "\n",
);

#[test]
fn non_ascii_spans_in_every_unit_through_stdin() {
    let out = newsprint(
        &["run", "-p", "pipelines/news.toml", "-i", "-", "-o", "-"],
        Some(NON_ASCII.as_bytes()),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let records: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    for r in &records {
        assert!(check_spans(r, "char") > 5);
    }
    let tokens: Vec<&str> = records[1]["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert!(
        tokens.contains(&"北京") || tokens.contains(&"北"),
        "{tokens:?}"
    );
    assert!(tokens.contains(&"Москва"), "{tokens:?}");
    assert!(
        tokens.contains(&"👨‍👩‍👧"),
        "a ZWJ sequence is one grapheme: {tokens:?}"
    );
    let entities: Vec<&str> = records[1]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(entities, ["Ukraine"]);
}

#[test]
fn output_is_identical_for_any_thread_count_and_batch_size() {
    let mut outputs = Vec::new();
    for args in [
        ["--threads", "1", "--batch-size", "1000"],
        ["--threads", "2", "--batch-size", "1000"],
        ["--threads", "2", "--batch-size", "1"],
        ["--threads", "1", "--batch-size", "7"],
    ] {
        let run = run_to_file(&news_toml(), &sample(), &args);
        let result = &run.output;
        assert!(result.status.success(), "{}", stderr(result));
        outputs.push(std::fs::read(run.out_path()).unwrap());
    }
    assert!(outputs[0].len() > 1_000_000);
    for (i, o) in outputs.iter().enumerate().skip(1) {
        assert!(o == &outputs[0], "run {i} differs from run 0");
    }
}

/// Good and bad lines: bad JSON, invalid UTF-8, no text, a numeric text, an empty line.
fn bad_input() -> Vec<u8> {
    let mut input = Vec::new();
    input.extend_from_slice(br#"{"id":"good-1","text":"Biden spoke to Putin on Thursday."}"#);
    input.extend_from_slice(b"\n{\"id\": \"bad-json\", \"text\": \n");
    input.extend_from_slice(b"{\"id\":\"bad-utf8\",\"text\":\"Caf\xe9 in Kyiv\"}\n");
    input.extend_from_slice(br#"{"id":"no-text","title":"Headline only"}"#);
    input.extend_from_slice(b"\n");
    input.extend_from_slice(br#"{"id":"number-text","text":42}"#);
    input.extend_from_slice(b"\n\n");
    input.extend_from_slice(br#"{"id":"good-2","text":"NATO met in Geneva."}"#);
    input.push(b'\n');
    input
}

#[test]
fn bad_records_are_rejected_with_line_and_reason_and_counts_reconcile() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.jsonl");
    std::fs::write(&input, bad_input()).unwrap();
    let run = run_to_file(&news_toml(), &input, &[]);
    let (result, records) = (&run.output, &run.records);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(result));
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["good-1", "good-2"]);
    let rejects: Vec<Value> = std::fs::read_to_string(run.dir.path().join("out.rejects.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let got: Vec<(u64, Option<&str>, &str)> = rejects
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["id"].as_str(),
                r["error"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                2,
                None,
                "bad JSON: EOF while parsing a value at line 1 column 27"
            ),
            (3, None, "invalid UTF-8 at byte 29 of the record"),
            (4, Some("no-text"), "no `text` field"),
            (
                5,
                Some("number-text"),
                "`text` must be a string, got a number"
            ),
            (6, None, "empty line: no JSON object"),
        ]
    );
    assert_eq!(
        rejects[2]["record"],
        r#"{"id":"no-text","title":"Headline only"}"#
    );
    assert_eq!(rejects[0]["file"], input.to_str().unwrap());
    let err = stderr(result);
    assert!(err.contains("read 7, written 2, rejected 5"), "{err}");
    assert!(err.contains("out.rejects.jsonl"), "{err}");
}

#[test]
fn stdin_to_stdout_gives_one_line_per_input_line_in_order() {
    let out = newsprint(
        &[
            "run",
            "-p",
            "pipelines/news.toml",
            "--input",
            "-",
            "--output",
            "-",
            "--batch-size",
            "2",
        ],
        Some(&bad_input()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<(Value, bool)> = lines
        .iter()
        .map(|l| (l["id"].clone(), l.get("error").is_some()))
        .collect();
    assert_eq!(
        summary,
        [
            ("good-1".into(), false),
            (Value::Null, true),
            (Value::Null, true),
            ("no-text".into(), true),
            ("number-text".into(), true),
            (Value::Null, true),
            ("good-2".into(), false),
        ]
    );
    assert_eq!(lines[4]["line"], 5);
    assert!(stderr(&out).contains("read 7, written 2, rejected 5"));
}

#[test]
fn seed_story_tokens_follow_the_convention() {
    let run = run_to_file(&root().join("pipelines/tokens.toml"), &sample(), &[]);
    let (result, records) = (&run.output, &run.records);
    assert!(result.status.success(), "{}", stderr(result));
    let seed = &records[0];
    assert_eq!(seed["id"], "seed-biden-putin");
    let tokens: Vec<&str> = seed["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    let window = |needle: &[&str]| tokens.windows(needle.len()).any(|w| w == needle);
    assert!(
        window(&["at", "3:35", "p.m.", "ET", "and"]),
        "times and abbreviations stay whole"
    );
    assert!(
        window(&["as", "many", "as", "100,000", "Russian", "troops"]),
        "numbers keep separators"
    );
    assert!(
        window(&["through", "the", "NATO-Russia", "Council"]),
        "hyphenated compounds stay whole"
    );
    assert!(
        window(&["on", "Russia", "'s", "border"]),
        "possessive clitic splits off (PTB/UD)"
    );
    assert!(
        window(&["Thursday", "’s", "Biden-Putin", "talks"]),
        "curly apostrophe too"
    );
    assert!(
        window(&["conflict", "--", "and"]),
        "a double hyphen is one dash token"
    );
    let sentences: Vec<&str> = seed["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        sentences[0], "Biden and Putin",
        "the headline line is its own sentence"
    );
    assert_eq!(
        sentences[1], "Biden and PutinReuters",
        "so is the caption line"
    );
}

#[test]
fn txt_folder_and_gzip_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("articles");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("b.txt"),
        "Biden conducted the call from Wilmington, Delaware.",
    )
    .unwrap();
    std::fs::write(folder.join("a.txt"), "NATO met in Geneva.").unwrap();
    let run = run_to_file(&news_toml(), &folder, &[]);
    let (result, records) = (&run.output, &run.records);
    assert!(result.status.success(), "{}", stderr(result));
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b"]);
    let entities: Vec<(&str, &str)> = records[1]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["text"].as_str().unwrap(), e["label"].as_str().unwrap()))
        .collect();
    assert_eq!(
        entities,
        [
            ("Biden", "PERSON"),
            ("Wilmington", "GPE"),
            ("Delaware", "GPE")
        ]
    );

    let gz = dir.path().join("sample.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(&std::fs::read(sample()).unwrap()).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let run = run_to_file(&news_toml(), &gz, &[]);
    let (result, records) = (&run.output, &run.records);
    assert!(
        stderr(result).contains("read 431, written 431, rejected 0"),
        "{}",
        stderr(result)
    );
    assert_eq!(records.len(), 431);
}

#[test]
fn io_failures_exit_74_and_name_the_path() {
    let out = newsprint(
        &[
            "run",
            "-p",
            "pipelines/news.toml",
            "-i",
            "no/such.jsonl",
            "-o",
            "-",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(74));
    assert_eq!(
        stderr(&out),
        "newsprint: cannot read the input no/such.jsonl: no such file or folder\n"
    );
    let out = newsprint(
        &[
            "run",
            "-p",
            "pipelines/news.toml",
            "-i",
            "data/sample/news.jsonl",
            "-o",
            "/no/such/dir/out.jsonl",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(74));
    assert!(
        stderr(&out).starts_with("newsprint: cannot write the output /no/such/dir/out.jsonl: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_failed_run_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let result = newsprint(
        &[
            "run",
            "-p",
            "pipelines/news.toml",
            "-i",
            "data/sample/news.jsonl",
            "no/such.jsonl",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(result.status.code(), Some(74));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no partial files"
    );
}

fn validate(src: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, src).unwrap();
    let out = newsprint(&["validate", path.to_str().unwrap()], None);
    let text = stderr(&out).replace(path.to_str().unwrap(), "broken.toml");
    (out.status.code(), text)
}

#[test]
fn validate_suggests_the_closest_stage_name() {
    let (code, err) = validate("[[stage]]\nuse = \"tokenize.word\"\n");
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "broken.toml:2: stage 1: unknown stage `tokenize.word`; did you mean `tokenize.words`? (`newsprint stages` lists them all)\n"
    );
}

#[test]
fn validate_names_file_line_and_known_fields_and_reports_every_mistake() {
    let src = "\
[pipeline]
name = \"broken\"

[[stage]]
use = \"tokenize.sentences\"

[[stage]]
use = \"tokenize.words\"

[[stage]]
use = \"extract.gazetteer\"
case_insensitive = true
fles = [\"gazetteers/news.tsv\"]

[[stage]]
use = \"extract.gazeteer\"

[output]
format = \"jsonl\"

[output.jsonl]
offset = \"char\"

[output.csv]
layers = [\"entities\", \"timexes\"]
";
    let (code, err) = validate(src);
    assert_eq!(code, Some(2));
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "broken.toml:4: stage 1 `tokenize.sentences` needs the `tokens` layer, which no stage before it provides: move stage 2 `tokenize.words` before it",
            "broken.toml:13: stage 3 `extract.gazetteer`: unknown parameter `fles`; did you mean `files`? known parameters: `files`, `entries`, `case_insensitive`",
            "broken.toml:16: stage 4: unknown stage `extract.gazeteer`; did you mean `extract.gazetteer`? (`newsprint stages` lists them all)",
            "broken.toml:24: [output.csv]: `layers` names `timexes`, which the pipeline does not produce (it produces sentences, tokens, entities)",
            "broken.toml:22: [output.jsonl]: unknown parameter `offset`; did you mean `offsets`? known parameters: `offsets`, `token_kind`, `token_norm`",
        ]
    );
}

#[test]
fn validate_says_what_to_add_and_reports_toml_syntax_with_line() {
    let (code, err) = validate("[[stage]]\nuse = \"tokenize.sentences\"\n");
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "broken.toml:1: stage 1 `tokenize.sentences` needs the `tokens` layer, which no stage before it provides: add a `tokenize.words` stage before it\n"
    );
    let (code, err) = validate("[[stage]]\nuse = \"tokenize.words\"\nlowercase = \n");
    assert_eq!(code, Some(2));
    assert!(err.starts_with("broken.toml:3: "), "{err}");
    let (code, err) =
        validate("[[stage]]\nuse = \"tokenize.words\"\n[ouput]\nformat = \"jsonl\"\n");
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("broken.toml:3: unknown field `ouput`"),
        "{err}"
    );
}

#[test]
fn every_pipeline_file_validates() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("pipelines"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 2);
    for file in files {
        let out = newsprint(&["validate", file.to_str().unwrap()], None);
        assert!(out.status.success(), "{}: {}", file.display(), stderr(&out));
    }
}

#[test]
fn stages_lists_every_component() {
    let out = newsprint(&["stages"], None);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let names: Vec<(&str, &str)> = text
        .lines()
        .map(|l| {
            let mut words = l.split_whitespace();
            (words.next().unwrap(), words.next().unwrap())
        })
        .collect();
    assert_eq!(
        names,
        [
            ("stage", "detect.language"),
            ("stage", "extract.entities"),
            ("stage", "extract.gazetteer"),
            ("stage", "extract.keywords"),
            ("stage", "extract.quantities"),
            ("stage", "extract.quotes"),
            ("stage", "extract.timexes"),
            ("stage", "tokenize.sentences"),
            ("stage", "tokenize.words"),
            ("reader", "jsonl"),
            ("reader", "txt"),
            ("exporter", "brat"),
            ("exporter", "conll"),
            ("exporter", "conllu"),
            ("exporter", "csv"),
            ("exporter", "html"),
            ("exporter", "jsonl"),
            ("exporter", "parquet"),
            ("exporter", "spacy"),
        ]
    );
}

/// The seed story's first sentences in CoNLL-2003 columns, tagged by hand.
const SEED_CONLL: &str = "-DOCSTART- -X- -X- O

US NNP B-NP B-LOC
President NNP I-NP O
Joe NNP I-NP B-PER
Biden NNP I-NP I-PER
and CC O O
Russian JJ B-NP B-MISC
President NNP I-NP O
Vladimir NNP I-NP B-PER
Putin NNP I-NP I-PER
spoke VBD B-VP O
. . O O

A DT B-NP O
statement NN I-NP O
from IN B-PP O
the DT B-NP O
White NNP I-NP B-LOC
House NNP I-NP I-LOC
said VBD B-VP O
. . O O
";

#[test]
fn train_seed_picks_another_document_order() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, SEED_CONLL).unwrap();
    std::fs::write(&b, SEED_CONLL.replace("Putin", "Lavrov")).unwrap();
    let path = |p: &PathBuf| p.to_str().unwrap().to_string();
    let train = |seed: &str, out: &str| {
        let model = dir.path().join(out);
        let mut args = vec!["train".to_string(), "ner".into()];
        for f in [&a, &b, &a, &b] {
            args.extend(["--train".to_string(), path(f)]);
        }
        args.extend(["--epochs", "2", "--seed", seed, "--out"].map(String::from));
        args.push(path(&model));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let trained = newsprint(&args, None);
        assert!(trained.status.success(), "{}", stderr(&trained));
        std::fs::read(model).unwrap()
    };
    // The same seed gives the same model byte for byte; another seed another order, and so
    // other weights.
    let zero = train("0", "zero.bin");
    assert_eq!(zero, train("0", "zero-again.bin"));
    assert_ne!(zero, train("1", "one.bin"));
}

#[test]
fn train_on_several_files_without_validation_then_eval_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, SEED_CONLL).unwrap();
    std::fs::write(&b, SEED_CONLL).unwrap();
    let model = dir.path().join("model.bin");
    let path = |p: &PathBuf| p.to_str().unwrap().to_string();
    let trained = newsprint(
        &[
            "train",
            "ner",
            "--train",
            &path(&a),
            "--train",
            &path(&b),
            "--epochs",
            "2",
            "--out",
            &path(&model),
        ],
        None,
    );
    let log = stderr(&trained);
    assert!(trained.status.success(), "{log}");
    assert!(log.contains("train: 4 sentences, 38 tokens"), "{log}");
    assert!(log.contains("newsprint: kept epoch 2, the last\n"), "{log}");
    assert!(!log.contains("valid"), "{log}");

    let errors = dir.path().join("errors.tsv");
    let scored = newsprint(
        &[
            "eval",
            "ner",
            "--gold",
            &path(&a),
            "--model",
            &path(&model),
            "--errors",
            &path(&errors),
        ],
        None,
    );
    assert!(scored.status.success(), "{}", stderr(&scored));
    let report = String::from_utf8(scored.stdout).unwrap();
    // `typed`/`untyped` P R F1 gold pred → (gold, pred, names right).
    let counts = |row: &str| {
        let cells: Vec<f64> = report
            .lines()
            .find(|l| l.starts_with(&format!("{row} ")))
            .unwrap()
            .split_whitespace()
            .skip(1)
            .map(|c| c.parse().unwrap())
            .collect();
        (cells[3], cells[4], (cells[0] * cells[4]).round())
    };
    let ((gold, pred, typed_right), (_, _, spans_right)) = (counts("typed"), counts("untyped"));
    assert_eq!((gold, pred > 0.0), (5.0, true), "{report}");
    // One line per gold name not found as it is, one per name found that is no gold name.
    let lines = std::fs::read_to_string(&errors).unwrap();
    assert!(lines.starts_with("kind\tgold\tfound\tcontext\n"), "{lines}");
    assert_eq!(
        lines.lines().count() as f64 - 1.0,
        gold - typed_right + pred - spans_right,
        "{report}{lines}"
    );
}
