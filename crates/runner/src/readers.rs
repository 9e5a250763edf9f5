//! Input readers: JSONL (files or stdin, gzip and zstd read transparently) and folders of
//! `.txt` files. Readers only move bytes; records are parsed on the worker threads.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use newsprint_core::{
    parse_params, BuildContext, BuildError, ParamDoc, Payload, RawRecord, Reader,
    ReaderRegistration, RecordSource,
};

newsprint_core::inventory::submit! {
    ReaderRegistration {
        name: "jsonl",
        summary: "one JSON object per line, from a file or `-` (stdin); .gz and .zst are decompressed by their magic bytes",
        accepts: |path| !path.is_dir(),
        params: PARAMS,
        build: |table, _ctx| {
            let params: ReaderParams = parse_params(table)?;
            Ok(Box::new(JsonlReader { max_record_bytes: params.max_record_bytes }))
        },
        origin: newsprint_core::origin!(),
    }
}

newsprint_core::inventory::submit! {
    ReaderRegistration {
        name: "txt",
        summary: "a folder of .txt files (searched recursively, in path order), one article each; the id is the path without .txt",
        accepts: |path| path.is_dir(),
        params: PARAMS,
        build: |table, _ctx| {
            let params: ReaderParams = parse_params(table)?;
            Ok(Box::new(TxtFolderReader { max_record_bytes: params.max_record_bytes }))
        },
        origin: newsprint_core::origin!(),
    }
}

const PARAMS: &[ParamDoc] = &[ParamDoc::new(
    "max_record_bytes",
    "integer",
    "67108864",
    "a record (line or file) longer than this is rejected unread instead of filling memory",
)];

/// A record over this size is rejected, not read into memory: 64 MiB holds any real article
/// many times over.
pub const DEFAULT_MAX_RECORD_BYTES: u64 = 64 << 20;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReaderParams {
    #[serde(default = "default_max_record_bytes")]
    max_record_bytes: u64,
}

fn default_max_record_bytes() -> u64 {
    DEFAULT_MAX_RECORD_BYTES
}

fn too_long(bytes: u64, limit: u64) -> Payload {
    Payload::Invalid(format!(
        "the record is {bytes} bytes, over the limit of {limit} bytes (--max-record-bytes)"
    ))
}

/// Builds a registered reader with the record size limit of the run.
pub fn build_reader(
    registration: &ReaderRegistration,
    max_record_bytes: u64,
) -> Result<Box<dyn Reader>, BuildError> {
    let mut table = toml::Table::new();
    let limit = i64::try_from(max_record_bytes).unwrap_or(i64::MAX);
    table.insert("max_record_bytes".into(), toml::Value::Integer(limit));
    (registration.build)(&table, &BuildContext::default())
}

/// Opens a file or stdin (`-`), unwrapping gzip or zstd when the first bytes say so.
pub fn open_maybe_compressed(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if path == Path::new("-") {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path)?)
    };
    let mut raw = BufReader::with_capacity(1 << 16, raw);
    let magic = raw.fill_buf()?;
    Ok(if magic.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(raw),
        ))
    } else if magic.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        let decoder = ruzstd::decoding::StreamingDecoder::new(raw)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("zstd: {e}")))?;
        Box::new(BufReader::with_capacity(1 << 16, decoder))
    } else {
        Box::new(raw)
    })
}

/// JSON Lines: one record per line; a CRLF line end and a UTF-8 BOM on the first line are
/// dropped; a last line without a line end still counts.
#[derive(Debug)]
pub struct JsonlReader {
    pub max_record_bytes: u64,
}

impl Default for JsonlReader {
    fn default() -> Self {
        JsonlReader {
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
        }
    }
}

impl Reader for JsonlReader {
    fn open(&self, path: &Path) -> io::Result<RecordSource> {
        let input = open_maybe_compressed(path)?;
        Ok(Box::new(JsonlLines {
            input,
            source: Arc::from(path.display().to_string()),
            line: 0,
            done: false,
            limit: self.max_record_bytes,
        }))
    }
}

struct JsonlLines {
    input: Box<dyn BufRead + Send>,
    source: Arc<str>,
    line: u64,
    done: bool,
    limit: u64,
}

/// What [`read_line`] found.
enum Line {
    Eof,
    /// A line (with its `\n`, if it had one) is in the buffer.
    Read,
    /// A line of this many bytes was over the limit and skipped.
    TooLong(u64),
}

/// `read_until(b'\n')` that stops keeping bytes past `limit`, so that one huge line cannot
/// fill memory: the rest of it is read and dropped.
fn read_line(input: &mut dyn BufRead, buf: &mut Vec<u8>, limit: u64) -> io::Result<Line> {
    let mut total = 0u64;
    let mut over = false;
    loop {
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (total, over) {
                (0, _) => Line::Eof,
                (_, true) => Line::TooLong(total),
                _ => Line::Read,
            });
        }
        let (n, end) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        total += n as u64;
        if !over && total > limit.saturating_add(1) {
            over = true;
            *buf = Vec::new(); // give the memory back at once
        }
        if !over {
            buf.extend_from_slice(&available[..n]);
        }
        input.consume(n);
        if end {
            return Ok(if over {
                Line::TooLong(total)
            } else {
                Line::Read
            });
        }
    }
}

impl Iterator for JsonlLines {
    type Item = io::Result<RawRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut buf = Vec::new();
        match read_line(&mut self.input, &mut buf, self.limit) {
            Ok(Line::Eof) => {
                self.done = true;
                None
            }
            Ok(Line::TooLong(bytes)) => {
                self.line += 1;
                Some(Ok(RawRecord {
                    source: self.source.clone(),
                    line: self.line,
                    payload: too_long(bytes, self.limit),
                }))
            }
            Ok(Line::Read) => {
                self.line += 1;
                if buf.last() == Some(&b'\n') {
                    buf.pop();
                    if buf.last() == Some(&b'\r') {
                        buf.pop();
                    }
                }
                if self.line == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                    buf.drain(..3);
                }
                Some(Ok(RawRecord {
                    source: self.source.clone(),
                    line: self.line,
                    payload: Payload::JsonLine(buf),
                }))
            }
            Err(e) => {
                self.done = true;
                Some(Err(io::Error::new(
                    e.kind(),
                    format!("{} after line {}: {e}", self.source, self.line),
                )))
            }
        }
    }
}

/// A folder of `.txt` files, each one article. Other files are not articles and are skipped.
#[derive(Debug)]
pub struct TxtFolderReader {
    pub max_record_bytes: u64,
}

impl Reader for TxtFolderReader {
    fn open(&self, path: &Path) -> io::Result<RecordSource> {
        let mut files = Vec::new();
        collect_txt(path, &mut files)?;
        files.sort();
        let root = path.to_path_buf();
        let source: Arc<str> = Arc::from(path.display().to_string());
        let limit = self.max_record_bytes;
        Ok(Box::new(files.into_iter().enumerate().map(
            move |(i, file)| {
                let id = file
                    .strip_prefix(&root)
                    .unwrap_or(&file)
                    .with_extension("")
                    .to_string_lossy()
                    .into_owned();
                let size = std::fs::metadata(&file).map_or(0, |m| m.len());
                let payload = if size > limit {
                    too_long(size, limit)
                } else {
                    match std::fs::read(&file) {
                        Ok(bytes) => Payload::Text { id, bytes },
                        Err(e) => Payload::Invalid(format!("cannot read {}: {e}", file.display())),
                    }
                };
                Ok(RawRecord {
                    source: source.clone(),
                    line: i as u64 + 1,
                    payload,
                })
            },
        )))
    }
}

fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_txt(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn lines(path: &Path) -> Vec<(u64, Vec<u8>)> {
        JsonlReader::default()
            .open(path)
            .unwrap()
            .map(|r| {
                let r = r.unwrap();
                match r.payload {
                    Payload::JsonLine(b) => (r.line, b),
                    other => panic!("{other:?}"),
                }
            })
            .collect()
    }

    #[test]
    fn jsonl_lines_bom_crlf_and_last_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, b"\xEF\xBB\xBF{\"a\":1}\r\n\n{\"b\":2}").unwrap();
        assert_eq!(
            lines(&path),
            vec![
                (1, b"{\"a\":1}".to_vec()),
                (2, b"".to_vec()),
                (3, b"{\"b\":2}".to_vec())
            ]
        );
    }

    #[test]
    fn gzip_and_zstd_are_read_transparently() {
        let dir = tempfile::tempdir().unwrap();
        let plain = b"{\"text\":\"Biden and Putin\"}\n{\"text\":\"Kyiv\"}\n";
        let gz = dir.path().join("in.jsonl.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(plain).unwrap();
        std::fs::write(&gz, enc.finish().unwrap()).unwrap();
        // A zstd frame made by `zstd -19` of the same two lines (ruzstd only decodes).
        let zst = dir.path().join("in.jsonl.zst");
        std::fs::write(&zst, ZSTD_FRAME).unwrap();
        let expected = vec![
            (1, b"{\"text\":\"Biden and Putin\"}".to_vec()),
            (2, b"{\"text\":\"Kyiv\"}".to_vec()),
        ];
        assert_eq!(lines(&gz), expected);
        assert_eq!(lines(&zst), expected);
    }

    const ZSTD_FRAME: &[u8] = include_bytes!("../tests/data/two-lines.jsonl.zst");

    #[test]
    fn truncated_gzip_is_an_io_error_after_the_good_lines() {
        let dir = tempfile::tempdir().unwrap();
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for i in 0..2000 {
            writeln!(enc, "{{\"id\":\"{i}\",\"text\":\"Line {i} of a story.\"}}").unwrap();
        }
        let bytes = enc.finish().unwrap();
        let path = dir.path().join("cut.jsonl.gz");
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let results: Vec<_> = JsonlReader::default().open(&path).unwrap().collect();
        let last = results.last().unwrap().as_ref().unwrap_err();
        assert!(
            last.to_string()
                .starts_with(&format!("{} after line", path.display())),
            "{last}"
        );
        assert!(results.len() > 100);
    }

    #[test]
    fn a_line_over_the_limit_is_rejected_unread_and_the_next_line_is_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        let long = format!("{{\"text\":\"{}\"}}", "x".repeat(100_000));
        std::fs::write(
            &path,
            format!("{{\"text\":\"a\"}}\n{long}\n{{\"text\":\"b\"}}"),
        )
        .unwrap();
        let records: Vec<_> = JsonlReader {
            max_record_bytes: 1000,
        }
        .open(&path)
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
        let got: Vec<_> = records
            .iter()
            .map(|r| (r.line, r.payload.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, Payload::JsonLine(b"{\"text\":\"a\"}".to_vec())),
                (
                    2,
                    Payload::Invalid(
                        "the record is 100012 bytes, over the limit of 1000 bytes (--max-record-bytes)".into()
                    )
                ),
                (3, Payload::JsonLine(b"{\"text\":\"b\"}".to_vec())),
            ]
        );
        // Exactly at the limit (without its line end) is still read.
        let records: Vec<_> = JsonlReader {
            max_record_bytes: 12,
        }
        .open(&path)
        .unwrap()
        .map(|r| r.unwrap().payload)
        .collect();
        assert_eq!(records[0], Payload::JsonLine(b"{\"text\":\"a\"}".to_vec()));
    }

    #[test]
    fn txt_folder_in_path_order_with_relative_ids() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("world")).unwrap();
        std::fs::write(dir.path().join("world/b.txt"), "Kyiv").unwrap();
        std::fs::write(dir.path().join("a.txt"), "Moscow").unwrap();
        std::fs::write(dir.path().join("notes.md"), "not an article").unwrap();
        let records: Vec<_> = TxtFolderReader {
            max_record_bytes: 1 << 20,
        }
        .open(dir.path())
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
        let got: Vec<_> = records
            .iter()
            .map(|r| (r.line, r.payload.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    1,
                    Payload::Text {
                        id: "a".into(),
                        bytes: b"Moscow".to_vec()
                    }
                ),
                (
                    2,
                    Payload::Text {
                        id: "world/b".into(),
                        bytes: b"Kyiv".to_vec()
                    }
                ),
            ]
        );
    }
}
