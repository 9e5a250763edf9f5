//! The `brat` exporter: a folder of `.txt` + `.ann` standoff pairs, one pair per article, that
//! the brat annotation tool (and INCEpTION, and most NER corpora readers) open as they are.
//!
//! `.ann` lines: `T` text-bound annotations with character offsets (entities by label, timexes
//! and quantities by type, `Quote`, `Speaker`, `Cue`), `#` notes carrying normalised values
//! (`2021-12-30`, `2300000 USD`), and `R` relations linking a quote to its speaker and cue. A
//! span that crosses a line break is written as brat's fragments (`0 5;6 10`), since an `.ann`
//! line cannot hold a line break. `annotation.conf` declares the types so that brat shows them.
//!
//! Files are named after the article id (characters other than letters, digits, `-`, `_` and
//! `.` become `_`; a repeated name gets `-2`, `-3` …). The folder is written under a temporary
//! name and renamed into place at the end; an existing folder of that name is replaced.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use newsprint_core::{
    AttrValue, BuildContext, BuildError, Document, Exporter, ExporterRegistration, OffsetMapper,
    OffsetUnit, OutputSchema, RecordSink, Span,
};

use crate::layers;

newsprint_core::inventory::submit! {
    ExporterRegistration {
        name: "brat",
        summary: "a folder of brat standoff pairs (.txt + .ann): entities, timexes, quantities, quotes with speakers",
        extensions: &[],
        params: &[],
        build,
        origin: newsprint_core::origin!(),
    }
}

fn build(
    table: &toml::Table,
    ctx: &BuildContext,
    _schema: &OutputSchema,
) -> Result<Box<dyn Exporter>, BuildError> {
    layers::no_params(table)?;
    Ok(Box::new(BratExporter {
        folder: ctx.output.clone(),
    }))
}

/// Writes brat standoff files into a folder.
#[derive(Debug, Clone)]
pub struct BratExporter {
    /// The output folder; `None` only while a pipeline is validated.
    pub folder: Option<PathBuf>,
}

const ANNOTATION_CONF: &str = "\
[entities]
PERSON
NORP
FAC
ORG
GPE
LOC
PRODUCT
EVENT
WORK_OF_ART
LAW
LANGUAGE
DATE
TIME
DURATION
SET
CARDINAL
ORDINAL
MONEY
PERCENT
QUANTITY
Quote
Speaker
Cue

[relations]
Speaker\tArg1:Quote, Arg2:Speaker
Cue\tArg1:Quote, Arg2:Cue

[events]

[attributes]
";

impl Exporter for BratExporter {
    /// A record is framed for the sink: id, text and annotations, each preceded by its length.
    fn encode(&self, doc: &Document, out: &mut Vec<u8>) {
        let ann = annotations(doc);
        for part in [doc.id.as_bytes(), doc.text.as_bytes(), ann.as_bytes()] {
            out.extend_from_slice(&(part.len() as u64).to_le_bytes());
            out.extend_from_slice(part);
        }
    }

    fn sink<'a>(&self, _out: &'a mut (dyn Write + Send)) -> io::Result<Box<dyn RecordSink + 'a>> {
        let folder = self.folder.clone().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "brat needs an output folder")
        })?;
        let name = folder
            .file_name()
            .map_or("brat".into(), |n| n.to_string_lossy().into_owned());
        let partial = folder.with_file_name(format!(".{name}.partial"));
        if partial.exists() {
            fs::remove_dir_all(&partial)?;
        }
        fs::create_dir_all(&partial)?;
        fs::write(partial.join("annotation.conf"), ANNOTATION_CONF)?;
        Ok(Box::new(BratSink {
            folder,
            partial,
            names: HashSet::new(),
        }))
    }

    fn writes_folder(&self) -> bool {
        true
    }

    fn resumable(&self) -> bool {
        false
    }
}

struct BratSink {
    folder: PathBuf,
    partial: PathBuf,
    names: HashSet<String>,
}

impl RecordSink for BratSink {
    fn write(&mut self, encoded: &[u8]) -> io::Result<()> {
        if encoded.is_empty() {
            return Ok(()); // a header or footer: brat has none
        }
        let mut parts = Vec::with_capacity(3);
        let mut rest = encoded;
        while rest.len() >= 8 {
            let (len, tail) = rest.split_at(8);
            let len = u64::from_le_bytes(len.try_into().expect("8 bytes")) as usize;
            let (part, tail) = tail.split_at(len);
            parts.push(part);
            rest = tail;
        }
        let [id, text, ann] = parts[..] else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a brat record is id, text, annotations",
            ));
        };
        let name = self.file_name(&String::from_utf8_lossy(id));
        fs::write(self.partial.join(format!("{name}.txt")), text)?;
        fs::write(self.partial.join(format!("{name}.ann")), ann)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        replace_folder(&self.partial, &self.folder)
    }
}

impl BratSink {
    /// A file name from an id, unique within the folder.
    fn file_name(&mut self, id: &str) -> String {
        let base: String = id
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let base = if base.is_empty() || base.starts_with('.') {
            format!("doc{base}")
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 1;
        while !self.names.insert(name.clone()) {
            n += 1;
            name = format!("{base}-{n}");
        }
        name
    }
}

/// Moves `partial` to `folder`, replacing a folder already there.
fn replace_folder(partial: &Path, folder: &Path) -> io::Result<()> {
    if folder.exists() {
        let old = partial.with_extension("old");
        fs::rename(folder, &old)?;
        fs::rename(partial, folder)?;
        fs::remove_dir_all(old)
    } else {
        fs::rename(partial, folder)
    }
}

/// The `.ann` file of a document.
fn annotations(doc: &Document) -> String {
    let map = OffsetMapper::new(&doc.text, OffsetUnit::Char);
    let mut ann = Ann {
        out: String::new(),
        t: 0,
        notes: 0,
        relations: 0,
    };
    for (layer, spans) in doc.layers.iter().map(|l| (l.name, &l.spans)) {
        for a in spans {
            if layer == "quotes" {
                let quote = ann.text_bound(&doc.text, &map, "Quote", a.span);
                for (key, kind) in [("speaker", "Speaker"), ("cue", "Cue")] {
                    if let Some(AttrValue::Span(s)) = a.attr(key) {
                        let target = ann.text_bound(&doc.text, &map, kind, *s);
                        ann.relation(kind, &quote, &target);
                    }
                }
                continue;
            }
            let label = layers::label(a).unwrap_or(layer);
            let id = ann.text_bound(&doc.text, &map, label, a.span);
            let mut note = layers::value(a).unwrap_or_default();
            if let Some(unit) = a.str_attr("unit") {
                note = format!("{note} {unit}");
            }
            if let Some(m) = a.str_attr("mod") {
                note = format!("{note} mod={m}");
            }
            if !note.trim().is_empty() {
                ann.note(&id, note.trim());
            }
        }
    }
    ann.out
}

struct Ann {
    out: String,
    t: usize,
    notes: usize,
    relations: usize,
}

impl Ann {
    /// Writes a `T` line; a span over line breaks becomes fragments, one per line.
    fn text_bound(&mut self, text: &str, map: &OffsetMapper, label: &str, span: Span) -> String {
        self.t += 1;
        let id = format!("T{}", self.t);
        let slice = span.slice(text);
        let mut fragments = Vec::new();
        let mut at = span.start;
        for line in slice.split('\n') {
            let (start, end) = (at, at + line.len());
            let trimmed = line.trim_end_matches('\r');
            if !trimmed.is_empty() {
                fragments.push((start, start + trimmed.len()));
            }
            at = end + 1;
        }
        let offsets: Vec<String> = fragments
            .iter()
            .map(|(s, e)| format!("{} {}", map.convert(*s), map.convert(*e)))
            .collect();
        let shown: Vec<&str> = fragments.iter().map(|(s, e)| &text[*s..*e]).collect();
        let label = label.replace(char::is_whitespace, "_");
        self.out.push_str(&format!(
            "{id}\t{label} {}\t{}\n",
            offsets.join(";"),
            shown.join(" ")
        ));
        id
    }

    fn note(&mut self, target: &str, note: &str) {
        self.notes += 1;
        let note = note.replace(['\n', '\t'], " ");
        self.out.push_str(&format!(
            "#{}\tAnnotatorNotes {target}\t{note}\n",
            self.notes
        ));
    }

    fn relation(&mut self, kind: &str, from: &str, to: &str) {
        self.relations += 1;
        self.out.push_str(&format!(
            "R{}\t{kind} Arg1:{from} Arg2:{to}\n",
            self.relations
        ));
    }
}

#[cfg(test)]
mod tests {
    use newsprint_core::Annotation;

    use super::*;

    #[test]
    fn ann_lines_with_notes_relations_and_fragments() {
        let text = "“It is not entirely static,\nfrom our perspective,” the official said on Thursday, café.";
        let mut doc = Document::new("seed/1", text);
        let at = |s: &str| {
            let start = text.find(s).unwrap();
            Span::new(start, start + s.len())
        };
        doc.layer_mut("timexes").push(
            Annotation::new(at("Thursday"))
                .with("type", "DATE")
                .with("value", "2021-12-30"),
        );
        doc.layer_mut("quotes").push(
            Annotation::new(at("“It is not entirely static,\nfrom our perspective,”"))
                .with("speaker", AttrValue::Span(at("the official")))
                .with("cue", AttrValue::Span(at("said"))),
        );
        assert_eq!(
            annotations(&doc),
            "T1\tDATE 72 80\tThursday\n#1\tAnnotatorNotes T1\t2021-12-30\n\
             T2\tQuote 0 27;28 50\t“It is not entirely static, from our perspective,”\n\
             T3\tSpeaker 51 63\tthe official\nR1\tSpeaker Arg1:T2 Arg2:T3\n\
             T4\tCue 64 68\tsaid\nR2\tCue Arg1:T2 Arg2:T4\n"
        );
    }

    #[test]
    fn the_sink_writes_pairs_and_replaces_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("brat");
        fs::create_dir(&folder).unwrap();
        fs::write(folder.join("stale.ann"), "old").unwrap();
        let exporter = BratExporter {
            folder: Some(folder.clone()),
        };
        let mut stream = io::sink();
        let mut sink = exporter.sink(&mut stream).unwrap();
        for (id, text) in [("a/b", "Kyiv"), ("a?b", "Москва"), ("", "x")] {
            let mut doc = Document::new(id, text);
            doc.layer_mut("entities")
                .push(Annotation::new(Span::new(0, text.len())).with("label", "GPE"));
            let mut bytes = Vec::new();
            exporter.encode(&doc, &mut bytes);
            sink.write(&bytes).unwrap();
        }
        sink.finish().unwrap();
        let mut names: Vec<String> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "a_b-2.ann",
                "a_b-2.txt",
                "a_b.ann",
                "a_b.txt",
                "annotation.conf",
                "doc.ann",
                "doc.txt"
            ]
        );
        assert_eq!(
            fs::read_to_string(folder.join("a_b-2.txt")).unwrap(),
            "Москва"
        );
        assert_eq!(
            fs::read_to_string(folder.join("a_b-2.ann")).unwrap(),
            "T1\tGPE 0 6\tМосква\n"
        );
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no partial or old folder left"
        );
    }
}
