//! Every output format, end to end: the seed story and a record in other scripts go through
//! `pipelines/news.toml` into each format, and the spans and the non-ASCII text come back out
//! the same as in the JSONL output of the same run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The seed story (curly quotes, the `PutinReuters` caption) and a record in other scripts.
fn input(dir: &Path) -> PathBuf {
    let seed = std::fs::read_to_string(common::sample())
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let other = r#"{"id":"scripts/1","text":"В Москве и 北京 говорили о Ukraine’s «мире» 🇺🇦.\n\nNATO met in Geneva on Thursday; €20 was paid.","published":"2021-12-30"}"#;
    let path = dir.join("in.jsonl");
    std::fs::write(&path, format!("{seed}\n{other}\n")).unwrap();
    path
}

/// `newsprint run` of news.toml from `input` to `out`, with more arguments; must succeed.
fn run_news(input: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "run",
        "-p",
        "pipelines/news.toml",
        "-i",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let result = common::newsprint(&args, None);
    assert!(
        result.status.success(),
        "{}: {}",
        out.display(),
        common::stderr(&result)
    );
}

/// Runs news.toml into `out` in `format`; returns the JSONL records of the same input.
fn run(format: &str, name: &str) -> (tempfile::TempDir, PathBuf, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    let input = input(dir.path());
    let out = dir.path().join(name);
    run_news(&input, &out, &["-f", format]);
    let jsonl = dir.path().join("reference.jsonl");
    run_news(&input, &jsonl, &[]);
    let records = common::read_jsonl(&jsonl);
    assert_eq!(records.len(), 2);
    (dir, out, records)
}

fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// (layer, start, end, text) of the span layers of a JSONL record, tokens left out.
fn spans(record: &Value, layers: &[&str]) -> Vec<(String, u64, u64, String)> {
    let mut out = Vec::new();
    for &layer in layers {
        for s in record[layer].as_array().unwrap() {
            out.push((
                layer.to_string(),
                s["start"].as_u64().unwrap(),
                s["end"].as_u64().unwrap(),
                s["text"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

const LAYERS: &[&str] = &["sentences", "entities", "timexes", "quantities", "quotes"];

#[test]
fn csv_rows_are_the_spans() {
    let (_dir, out, records) = run("csv", "out.csv");
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let mut by_doc: BTreeMap<String, Vec<(String, u64, u64, String)>> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        by_doc.entry(row[0].to_string()).or_default().push((
            row[1].to_string(),
            row[3].parse().unwrap(),
            row[4].parse().unwrap(),
            row[5].to_string(),
        ));
    }
    for r in &records {
        assert_eq!(
            by_doc[r["id"].as_str().unwrap()],
            spans(r, LAYERS),
            "{}",
            r["id"]
        );
    }
}

#[test]
fn parquet_reads_back_with_the_spans_and_the_text() {
    use arrow_array::{Array, Int64Array, StringArray};
    let (_dir, out, records) = run("parquet", "out.parquet");
    let file = std::fs::File::open(&out).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut rows: BTreeMap<String, Vec<(String, u64, u64, String)>> = BTreeMap::new();
    let mut texts = BTreeMap::new();
    for batch in reader {
        let batch = batch.unwrap();
        let s = |n: &str| {
            batch
                .column_by_name(n)
                .unwrap()
                .as_any()
                .downcast_ref::<StringArray>()
                .unwrap()
                .clone()
        };
        let i = |n: &str| {
            batch
                .column_by_name(n)
                .unwrap()
                .as_any()
                .downcast_ref::<Int64Array>()
                .unwrap()
                .clone()
        };
        let (id, layer, text, start, end) = (s("id"), s("layer"), s("text"), i("start"), i("end"));
        for k in 0..batch.num_rows() {
            if layer.value(k) == "document" {
                texts.insert(id.value(k).to_string(), text.value(k).to_string());
                continue;
            }
            rows.entry(id.value(k).to_string()).or_default().push((
                layer.value(k).to_string(),
                start.value(k) as u64,
                end.value(k) as u64,
                text.value(k).to_string(),
            ));
        }
    }
    for r in &records {
        let id = r["id"].as_str().unwrap();
        assert_eq!(texts[id], r["text"].as_str().unwrap());
        assert_eq!(rows[id], spans(r, LAYERS), "{id}");
    }
}

#[test]
fn conll_and_conllu_carry_every_token_and_entity() {
    for (format, name) in [("conll", "out.conll"), ("conllu", "out.conllu")] {
        let (_dir, out, records) = run(format, name);
        let text = std::fs::read_to_string(&out).unwrap();
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let tokens: Vec<String> = match format {
            "conll" => lines
                .iter()
                .filter(|l| !l.starts_with("-DOCSTART-"))
                .map(|l| l.split(' ').next().unwrap().to_string())
                .collect(),
            _ => lines
                .iter()
                .map(|l| l.split('\t').nth(1).unwrap().to_string())
                .collect(),
        };
        let expected: Vec<String> = records
            .iter()
            .flat_map(|r| {
                r["tokens"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t["text"].as_str().unwrap().to_string())
            })
            .collect();
        assert_eq!(tokens, expected, "{format}");
        if format == "conll" {
            let begins = lines.iter().filter(|l| l.contains(" B-")).count();
            let entities: usize = records
                .iter()
                .map(|r| r["entities"].as_array().unwrap().len())
                .sum();
            // An entity inside a longer token (`Russia` in `NATO-Russia`) shares its token's tag.
            assert!(
                begins <= entities && begins + 5 >= entities,
                "{begins} of {entities}"
            );
            assert!(
                text.lines().any(|l| l.starts_with("Москве _ _ ")),
                "Cyrillic tokens survive"
            );
        } else {
            let sentences: usize = records
                .iter()
                .map(|r| r["sentences"].as_array().unwrap().len())
                .sum();
            assert_eq!(text.matches("# sent_id = ").count(), sentences);
            assert!(text.contains("# newdoc id = scripts/1\n"));
        }
    }
}

#[test]
fn spacy_json_has_the_text_tokens_and_every_entity() {
    let (_dir, out, records) = run("spacy", "out.spacy.jsonl");
    let docs = common::read_jsonl(&out);
    for (doc, r) in docs.iter().zip(&records) {
        let text = doc["text"].as_str().unwrap();
        assert_eq!(text, r["text"].as_str().unwrap());
        let words: Vec<String> = doc["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                chars(
                    text,
                    t["start"].as_u64().unwrap(),
                    t["end"].as_u64().unwrap(),
                )
            })
            .filter(|w| !w.trim().is_empty())
            .collect();
        let expected: Vec<&str> = r["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["text"].as_str().unwrap())
            .collect();
        assert_eq!(words, expected);
        let mut ents: Vec<(u64, u64)> = doc["ents"]
            .as_array()
            .unwrap()
            .iter()
            .chain(
                doc["newsprint"]["unaligned"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|u| u["layer"] == "entities"),
            )
            .map(|e| (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap()))
            .collect();
        ents.sort();
        let expected: Vec<(u64, u64)> = r["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap()))
            .collect();
        assert_eq!(ents, expected);
    }
}

#[test]
fn brat_pairs_slice_their_text() {
    let (_dir, out, records) = run("brat", "brat");
    for r in &records {
        let name = r["id"].as_str().unwrap().replace('/', "_");
        let text = std::fs::read_to_string(out.join(format!("{name}.txt"))).unwrap();
        assert_eq!(text, r["text"].as_str().unwrap());
        let ann = std::fs::read_to_string(out.join(format!("{name}.ann"))).unwrap();
        let mut bound = 0;
        for line in ann.lines().filter(|l| l.starts_with('T')) {
            let fields: Vec<&str> = line.split('\t').collect();
            let offsets = fields[1].split_once(' ').unwrap().1;
            let pieces: Vec<String> = offsets
                .split(';')
                .map(|p| {
                    let (s, e) = p.split_once(' ').unwrap();
                    chars(&text, s.parse().unwrap(), e.parse().unwrap())
                })
                .collect();
            assert_eq!(pieces.join(" "), fields[2], "{line}");
            bound += 1;
        }
        // A quote is bound with its speaker and cue, each a text-bound annotation of its own.
        let quote_parts: usize = r["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                1 + ["speaker", "cue"]
                    .iter()
                    .filter(|k| q.get(**k).is_some())
                    .count()
            })
            .sum();
        let expected = ["entities", "timexes", "quantities"]
            .iter()
            .map(|l| r[*l].as_array().unwrap().len())
            .sum::<usize>()
            + quote_parts;
        assert_eq!(bound, expected, "{name}");
    }
    assert!(out.join("annotation.conf").exists());
}

#[test]
fn html_marks_every_entity_and_keeps_the_text() {
    let (_dir, out, records) = run("html", "out.html");
    let html = std::fs::read_to_string(&out).unwrap();
    let entities: usize = records
        .iter()
        .map(|r| r["entities"].as_array().unwrap().len())
        .sum();
    assert_eq!(html.matches("<mark class=\"ent\"").count(), entities);
    let timexes: usize = records
        .iter()
        .map(|r| r["timexes"].as_array().unwrap().len())
        .sum();
    assert_eq!(html.matches("<mark class=\"timex\"").count(), timexes);
    // Without its markup, the page holds every article's text as it was.
    let plain = strip_markup(&html);
    for r in &records {
        assert!(plain.contains(r["text"].as_str().unwrap()), "{}", r["id"]);
    }
    assert!(
        html.contains("говорили о"),
        "Cyrillic text survives unescaped"
    );
    assert_eq!(html.matches("<article ").count(), 2);
}

/// The text of an HTML page: tags and the quote-to-speaker links dropped, entities unescaped.
fn strip_markup(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with("<a class=\"to-speaker\"") {
            rest = &rest[rest.find("</a>").unwrap() + 4..];
        } else {
            rest = &rest[rest.find('>').unwrap() + 1..];
        }
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn the_output_extension_picks_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = input(dir.path());
    for (name, check) in [
        (
            "out.parquet",
            &(|b: &[u8]| b.starts_with(b"PAR1") && b.ends_with(b"PAR1")) as &dyn Fn(&[u8]) -> bool,
        ),
        ("out.csv", &|b: &[u8]| {
            b.starts_with(b"id,layer,label,start,end,text,value,attrs\n")
        }),
        ("out.html", &|b: &[u8]| b.starts_with(b"<!DOCTYPE html>")),
        ("out.conllu", &|b: &[u8]| {
            b.starts_with(b"# newdoc id = seed-biden-putin\n")
        }),
    ] {
        let out = dir.path().join(name);
        run_news(&input, &out, &[]);
        assert!(check(&std::fs::read(&out).unwrap()), "{name}");
    }
}
