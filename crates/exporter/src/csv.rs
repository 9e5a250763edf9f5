//! The `csv` exporter: one row per span, RFC 4180 (via the `csv` crate, so commas, quotes and
//! newlines inside text survive), ready for pandas, R, DuckDB or a spreadsheet.
//!
//! Columns: `id, layer, label, start, end, text, value, attrs`. `label` is an entity's label or a
//! timex's/quantity's type (a token's kind); `value` the normalised value; `attrs` the other
//! attributes as a JSON object (`{"unit":"USD"}`, a quote's `speaker`), empty when there are
//! none. Offsets are characters by default. Tokens are left out unless `layers` names them:
//! a row per token makes the file ten times the corpus.

use newsprint_core::{
    AttrValue, BuildContext, BuildError, Document, Exporter, ExporterRegistration, OffsetMapper,
    OffsetUnit, OutputSchema, Span,
};

use crate::layers;

newsprint_core::inventory::submit! {
    ExporterRegistration {
        name: "csv",
        summary: "one row per span: id, layer, label, start, end, text, value, attrs (RFC 4180)",
        extensions: &["csv"],
        params: layers::TABLE_PARAMS,
        build,
        origin: newsprint_core::origin!(),
    }
}

fn build(
    table: &toml::Table,
    _ctx: &BuildContext,
    schema: &OutputSchema,
) -> Result<Box<dyn Exporter>, BuildError> {
    let (offsets, layers) = layers::table_params(table, schema)?;
    Ok(Box::new(CsvExporter { offsets, layers }))
}

/// Writes spans as CSV rows.
#[derive(Debug, Clone)]
pub struct CsvExporter {
    pub offsets: OffsetUnit,
    pub layers: Vec<&'static str>,
}

const HEADER: [&str; 8] = [
    "id", "layer", "label", "start", "end", "text", "value", "attrs",
];

impl Exporter for CsvExporter {
    fn header(&self, out: &mut Vec<u8>) {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(HEADER)
            .expect("writing CSV into a Vec cannot fail");
        w.flush().expect("writing CSV into a Vec cannot fail");
    }

    fn encode(&self, doc: &Document, out: &mut Vec<u8>) {
        let map = OffsetMapper::new(&doc.text, self.offsets);
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        let mut row = |layer: &str, span: Span, label: &str, value: &str, attrs: &str| {
            let (start, end) = (map.convert(span.start), map.convert(span.end));
            w.write_record([
                doc.id.as_str(),
                layer,
                label,
                &start.to_string(),
                &end.to_string(),
                span.slice(&doc.text),
                value,
                attrs,
            ])
            .expect("writing CSV into a Vec cannot fail");
        };
        for &layer in &self.layers {
            match layer {
                "tokens" => doc
                    .tokens
                    .iter()
                    .for_each(|t| row(layer, t.span, t.kind.as_str(), "", "")),
                "sentences" => doc
                    .sentences
                    .iter()
                    .for_each(|s| row(layer, *s, "", "", "")),
                name => {
                    for a in doc.layer(name).unwrap_or_default() {
                        let value = layers::value(a).unwrap_or_default();
                        let attrs = other_attrs(a, &doc.text, &map);
                        row(
                            layer,
                            a.span,
                            layers::label(a).unwrap_or(""),
                            &value,
                            &attrs,
                        );
                    }
                }
            }
        }
        w.flush().expect("writing CSV into a Vec cannot fail");
    }
}

/// The attributes that have no column, as a JSON object (empty string when none).
pub(crate) fn other_attrs(
    a: &newsprint_core::Annotation,
    text: &str,
    map: &OffsetMapper,
) -> String {
    let mut obj = serde_json::Map::new();
    for (key, value) in &a.attrs {
        if matches!(*key, "label" | "type" | "value") {
            continue;
        }
        let v = match value {
            AttrValue::Str(s) => serde_json::Value::from(s.as_ref()),
            AttrValue::Int(i) => serde_json::Value::from(*i),
            AttrValue::Num(x) => serde_json::Value::from(*x),
            AttrValue::Bool(b) => serde_json::Value::from(*b),
            AttrValue::Span(s) => serde_json::json!({
                "start": map.convert(s.start),
                "end": map.convert(s.end),
                "text": s.slice(text),
            }),
        };
        obj.insert((*key).to_string(), v);
    }
    if obj.is_empty() {
        String::new()
    } else {
        serde_json::Value::Object(obj).to_string()
    }
}

#[cfg(test)]
mod tests {
    use newsprint_core::Annotation;

    use super::*;

    #[test]
    fn rows_survive_commas_quotes_newlines_and_non_ascii() {
        // From the seed story: a curly-quoted partial quote with a comma, over a line break.
        let text = "Biden “urged Russia to de-escalate,\n” he said — café";
        let mut doc = Document::new("seed, \"1\"", text);
        let at = |s: &str| {
            let start = text.find(s).unwrap();
            Span::new(start, start + s.len())
        };
        doc.sentences = vec![Span::new(0, text.len())];
        doc.layer_mut("entities")
            .push(Annotation::new(at("Russia")).with("label", "GPE"));
        doc.layer_mut("quotes").push(
            Annotation::new(at("“urged Russia to de-escalate,\n”"))
                .with("speaker", AttrValue::Span(at("he"))),
        );
        doc.layer_mut("quantities").push(
            Annotation::new(at("café"))
                .with("type", "MONEY")
                .with("value", AttrValue::Int(20))
                .with("unit", "EUR"),
        );
        let exporter = CsvExporter {
            offsets: OffsetUnit::Char,
            layers: vec!["sentences", "entities", "quotes", "quantities"],
        };
        let mut out = Vec::new();
        exporter.header(&mut out);
        exporter.encode(&doc, &mut out);
        let mut reader = csv::Reader::from_reader(out.as_slice());
        assert_eq!(reader.headers().unwrap(), HEADER.as_slice());
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        let row = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            rows,
            [
                row(&["seed, \"1\"", "sentences", "", "0", "52", text, "", ""]),
                row(&[
                    "seed, \"1\"",
                    "entities",
                    "GPE",
                    "13",
                    "19",
                    "Russia",
                    "",
                    ""
                ]),
                row(&[
                    "seed, \"1\"",
                    "quotes",
                    "",
                    "6",
                    "37",
                    "“urged Russia to de-escalate,\n”",
                    "",
                    r#"{"speaker":{"start":38,"end":40,"text":"he"}}"#
                ]),
                row(&[
                    "seed, \"1\"",
                    "quantities",
                    "MONEY",
                    "48",
                    "52",
                    "café",
                    "20",
                    r#"{"unit":"EUR"}"#
                ]),
            ]
        );
    }
}
