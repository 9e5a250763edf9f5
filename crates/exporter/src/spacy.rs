//! The `spacy` exporter: one JSON object per line in the shape of spaCy's `Doc.to_json()`, so
//! that `Doc(nlp.vocab).from_json(json.loads(line))` rebuilds each article as a spaCy `Doc`.
//!
//! Offsets are characters, as spaCy counts. spaCy keeps whitespace in tokens: a gap between
//! two tokens that is not exactly one space becomes a whitespace token, as spaCy's own
//! tokenizer makes them. Entities become `ents` and the other span layers `spans` groups.
//! What a `Doc` has no place for goes under a `newsprint` key, which `from_json` ignores: the id
//! and metadata, each span's normalised `value`, and the spans spaCy cannot hold — its spans must
//! start and end on tokens (not `Reuters` inside the token `PutinReuters`) and its entities must
//! not overlap. (`Doc._` is not used: `from_json` fails on extensions the reader has not
//! registered.)

use newsprint_core::{
    Annotation, BuildContext, BuildError, Document, Exporter, ExporterRegistration, OffsetMapper,
    OffsetUnit, OutputSchema, Span,
};
use serde_json::{json, Map, Value};

use crate::layers;

newsprint_core::inventory::submit! {
    ExporterRegistration {
        name: "spacy",
        summary: "JSON lines that spaCy's Doc.from_json reads: tokens, sents, ents, span groups",
        extensions: &[],
        params: &[],
        build,
        origin: newsprint_core::origin!(),
    }
}

fn build(
    table: &toml::Table,
    _ctx: &BuildContext,
    schema: &OutputSchema,
) -> Result<Box<dyn Exporter>, BuildError> {
    layers::no_params(table)?;
    if !schema.layers.contains(&"tokens") {
        return Err(BuildError::Invalid(
            "the spacy format needs tokens: add a `tokenize.words` stage".into(),
        ));
    }
    Ok(Box::new(SpacyExporter {
        layers: schema.layers.clone(),
    }))
}

/// Writes documents as spaCy `Doc` JSON.
#[derive(Debug, Clone)]
pub struct SpacyExporter {
    pub layers: Vec<&'static str>,
}

impl Exporter for SpacyExporter {
    fn encode(&self, doc: &Document, out: &mut Vec<u8>) {
        let map = OffsetMapper::new(&doc.text, OffsetUnit::Char);
        let c = |b: usize| map.convert(b);
        let tokens = spacy_tokens(doc);
        // Token boundaries, to check that spans align.
        let starts: std::collections::HashSet<usize> = tokens.iter().map(|t| t.start).collect();
        let ends: std::collections::HashSet<usize> = tokens.iter().map(|t| t.end).collect();
        let aligned = |s: Span| starts.contains(&s.start) && ends.contains(&s.end);

        let mut unaligned = Vec::new();
        let mut keep_unaligned = |layer: &str, a: &Annotation| {
            let mut v = json!({"layer": layer, "start": c(a.span.start), "end": c(a.span.end),
                "text": a.span.slice(&doc.text)});
            if let Some(label) = layers::label(a) {
                v["label"] = label.into();
            }
            if let Some(value) = layers::value(a) {
                v["value"] = value.into();
            }
            unaligned.push(v);
        };

        let mut ents = Vec::new();
        let mut last_end = 0;
        for e in doc.layer("entities").unwrap_or_default() {
            if aligned(e.span) && e.span.start >= last_end {
                ents.push(json!({"start": c(e.span.start), "end": c(e.span.end),
                    "label": layers::label(e).unwrap_or("MISC")}));
                last_end = e.span.end;
            } else {
                keep_unaligned("entities", e);
            }
        }
        let mut spans = Map::new();
        let mut values = Map::new();
        for &layer in &self.layers {
            if matches!(layer, "tokens" | "sentences" | "entities") {
                continue;
            }
            let Some(annotations) = doc.layer(layer) else {
                continue;
            };
            let mut group = Vec::new();
            let mut layer_values = Vec::new();
            for a in annotations {
                if !aligned(a.span) {
                    keep_unaligned(layer, a);
                    continue;
                }
                let (start, end) = (c(a.span.start), c(a.span.end));
                group.push(json!({"start": start, "end": end,
                    "label": layers::label(a).unwrap_or(layer), "kb_id": ""}));
                if let Some(value) = layers::value(a) {
                    layer_values.push(json!({"start": start, "end": end, "value": value}));
                }
            }
            spans.insert(layer.to_string(), Value::Array(group));
            if !layer_values.is_empty() {
                values.insert(layer.to_string(), Value::Array(layer_values));
            }
        }

        let mut meta = Map::new();
        for (key, value) in doc.meta.fields() {
            if let Some(value) = value {
                meta.insert(key.into(), value.into());
            }
        }

        let mut record = Map::new();
        record.insert("text".into(), doc.text.as_str().into());
        record.insert(
            "tokens".into(),
            tokens
                .iter()
                .enumerate()
                .map(|(i, t)| json!({"id": i, "start": c(t.start), "end": c(t.end)}))
                .collect(),
        );
        record.insert(
            "sents".into(),
            doc.sentences
                .iter()
                .map(|s| json!({"start": c(s.start), "end": c(s.end)}))
                .collect(),
        );
        record.insert("ents".into(), Value::Array(ents));
        record.insert("spans".into(), Value::Object(spans));
        record.insert(
            "newsprint".into(),
            json!({"id": doc.id, "meta": meta, "values": values, "unaligned": unaligned}),
        );
        serde_json::to_writer(&mut *out, &record).expect("writing JSON into a Vec cannot fail");
        out.push(b'\n');
    }
}

/// newsprint's tokens plus the whitespace tokens spaCy keeps: after a token, one space is the
/// token's trailing space; any other gap (line breaks, several spaces, leading space) is a
/// token of its own.
fn spacy_tokens(doc: &Document) -> Vec<Span> {
    let mut out = Vec::with_capacity(doc.tokens.len() + 8);
    let mut at = 0;
    for t in doc
        .tokens
        .iter()
        .map(|t| t.span)
        .chain([Span::new(doc.text.len(), doc.text.len())])
    {
        let mut gap = Span::new(at, t.start);
        if at > 0 && doc.text[gap.start..gap.end].starts_with(' ') {
            gap.start += 1;
        }
        if !gap.is_empty() {
            out.push(gap);
        }
        if !t.is_empty() {
            out.push(t);
        }
        at = t.end;
    }
    out
}

#[cfg(test)]
mod tests {
    use newsprint_core::{AttrValue, Token, TokenKind};

    use super::*;

    #[test]
    fn whitespace_tokens_and_unaligned_spans() {
        let text = "Biden and PutinReuters\n\nBiden spoke  on Thursday.";
        let mut doc = Document::new("seed", text);
        let mut at = 0;
        for w in [
            "Biden",
            "and",
            "PutinReuters",
            "Biden",
            "spoke",
            "on",
            "Thursday",
            ".",
        ] {
            let start = at + text[at..].find(w).unwrap();
            at = start + w.len();
            doc.tokens.push(Token {
                span: Span::new(start, at),
                kind: TokenKind::Word,
            });
        }
        doc.sentences = vec![Span::new(0, 22), Span::new(24, text.len())];
        let find = |s: &str, from: usize| {
            let start = from + text[from..].find(s).unwrap();
            Span::new(start, start + s.len())
        };
        let entities = doc.layer_mut("entities");
        entities.push(Annotation::new(find("Biden", 0)).with("label", "PERSON"));
        entities.push(Annotation::new(find("Reuters", 0)).with("label", "ORG"));
        doc.layer_mut("timexes").push(
            Annotation::new(find("Thursday", 0))
                .with("type", "DATE")
                .with("value", "2021-12-30")
                .with("mod", AttrValue::fixed("")),
        );
        let exporter = SpacyExporter {
            layers: vec!["tokens", "sentences", "entities", "timexes"],
        };
        let mut out = Vec::new();
        exporter.encode(&doc, &mut out);
        let v: Value = serde_json::from_slice(&out).unwrap();
        let tokens: Vec<&str> = v["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                &text[t["start"].as_u64().unwrap() as usize..t["end"].as_u64().unwrap() as usize]
            })
            .collect();
        assert_eq!(
            tokens,
            [
                "Biden",
                "and",
                "PutinReuters",
                "\n\n",
                "Biden",
                "spoke",
                " ",
                "on",
                "Thursday",
                "."
            ]
        );
        assert_eq!(
            v["ents"],
            json!([{"start": 0, "end": 5, "label": "PERSON"}])
        );
        assert_eq!(
            v["spans"]["timexes"],
            json!([{"start": 40, "end": 48, "label": "DATE", "kb_id": ""}])
        );
        assert_eq!(
            v["newsprint"]["values"]["timexes"],
            json!([{"start": 40, "end": 48, "value": "2021-12-30"}])
        );
        assert_eq!(
            v["newsprint"]["unaligned"],
            json!([{"layer": "entities", "start": 15, "end": 22, "text": "Reuters", "label": "ORG"}])
        );
        assert_eq!(v["newsprint"]["id"], "seed");
        assert_eq!(v["sents"][1], json!({"start": 24, "end": 49}));
    }
}
