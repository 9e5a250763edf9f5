//! The `parquet` exporter: a spans table that pandas, pyarrow, DuckDB, Spark and Polars read
//! directly (Snappy-compressed, row groups of 128 Ki rows, written as the run goes so memory
//! stays flat).
//!
//! One row per span, with the CSV exporter's columns: `id, layer, label, start, end, text,
//! value, number, attrs`. Each article also has one row of layer `document` holding its whole
//! text (`start` 0, `end` its length) and its metadata as a JSON object in `attrs`, so the file
//! stands alone. `number` is the numeric value of quantities (and any numeric `value`) as a
//! double; `value` stays the text form (`2021-12-30`, `100000`). Offsets are characters by
//! default. A spans table rather than one row per article with nested lists: it filters and
//! joins in SQL without unnesting (`SELECT * FROM 'out.parquet' WHERE layer = 'entities'`).

use std::io::{self, Write};
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use newsprint_core::{
    AttrValue, BuildContext, BuildError, Document, Exporter, ExporterRegistration, OffsetMapper,
    OffsetUnit, OutputSchema, RecordSink, Span,
};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde::{Deserialize, Serialize};

use crate::layers;

newsprint_core::inventory::submit! {
    ExporterRegistration {
        name: "parquet",
        summary: "a Parquet spans table (one row per span, plus one per article) for pandas, DuckDB, Spark",
        extensions: &["parquet"],
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
    Ok(Box::new(ParquetExporter { offsets, layers }))
}

/// Writes a Parquet spans table.
#[derive(Debug, Clone)]
pub struct ParquetExporter {
    pub offsets: OffsetUnit,
    pub layers: Vec<&'static str>,
}

/// One row as it travels from a worker (where it is made) to the sink (where it is written).
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Row {
    id: String,
    layer: String,
    label: Option<String>,
    start: i64,
    end: i64,
    text: String,
    value: Option<String>,
    number: Option<f64>,
    attrs: Option<String>,
}

const ROW_GROUP: usize = 128 * 1024;

fn schema() -> SchemaRef {
    let text = |name| Field::new(name, DataType::Utf8, false);
    let opt = |name| Field::new(name, DataType::Utf8, true);
    Arc::new(Schema::new(vec![
        text("id"),
        text("layer"),
        opt("label"),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
        text("text"),
        opt("value"),
        Field::new("number", DataType::Float64, true),
        opt("attrs"),
    ]))
}

impl Exporter for ParquetExporter {
    /// The rows of one article, as JSON for the sink.
    fn encode(&self, doc: &Document, out: &mut Vec<u8>) {
        let map = OffsetMapper::new(&doc.text, self.offsets);
        let row = |layer: &str, span: Span, label: Option<&str>| Row {
            id: doc.id.clone(),
            layer: layer.to_string(),
            label: label.map(String::from),
            start: map.convert(span.start) as i64,
            end: map.convert(span.end) as i64,
            text: span.slice(&doc.text).to_string(),
            value: None,
            number: None,
            attrs: None,
        };
        let mut meta = serde_json::Map::new();
        for (key, value) in doc.meta.fields() {
            if let Some(value) = value {
                meta.insert(key.into(), value.into());
            }
        }
        meta.extend(doc.extra.clone());
        let mut rows = vec![Row {
            attrs: Some(serde_json::Value::Object(meta).to_string()),
            ..row("document", Span::new(0, doc.text.len()), None)
        }];
        for &layer in &self.layers {
            match layer {
                "tokens" => rows.extend(doc.tokens.iter().map(|t| Row {
                    value: Some(newsprint_core::norm(t.span.slice(&doc.text)).into_owned()),
                    ..row(layer, t.span, Some(t.kind.as_str()))
                })),
                "sentences" => rows.extend(doc.sentences.iter().map(|s| row(layer, *s, None))),
                name => {
                    for a in doc.layer(name).unwrap_or_default() {
                        let number = match a.attr("value") {
                            Some(AttrValue::Int(i)) => Some(*i as f64),
                            Some(AttrValue::Num(x)) => Some(*x),
                            _ => None,
                        };
                        let attrs = crate::csv::other_attrs(a, &doc.text, &map);
                        rows.push(Row {
                            value: layers::value(a),
                            number,
                            attrs: (!attrs.is_empty()).then_some(attrs),
                            ..row(layer, a.span, layers::label(a))
                        });
                    }
                }
            }
        }
        serde_json::to_writer(&mut *out, &rows).expect("writing JSON into a Vec cannot fail");
    }

    fn sink<'a>(&self, out: &'a mut (dyn Write + Send)) -> io::Result<Box<dyn RecordSink + 'a>> {
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_created_by(format!("newsprint {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(out, schema(), Some(props)).map_err(io::Error::other)?;
        Ok(Box::new(ParquetSink {
            writer,
            rows: Vec::new(),
        }))
    }

    fn resumable(&self) -> bool {
        false // a Parquet file ends with its footer: it cannot be cut and continued
    }
}

struct ParquetSink<'a> {
    writer: ArrowWriter<&'a mut (dyn Write + Send)>,
    rows: Vec<Row>,
}

impl ParquetSink<'_> {
    /// Hands the buffered rows to the writer as one record batch.
    fn write_batch(&mut self) -> io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let n = self.rows.len();
        let mut id = StringBuilder::new();
        let mut layer = StringBuilder::new();
        let mut label = StringBuilder::new();
        let mut start = Int64Builder::with_capacity(n);
        let mut end = Int64Builder::with_capacity(n);
        let mut text = StringBuilder::new();
        let mut value = StringBuilder::new();
        let mut number = Float64Builder::with_capacity(n);
        let mut attrs = StringBuilder::new();
        for r in self.rows.drain(..) {
            id.append_value(r.id);
            layer.append_value(r.layer);
            label.append_option(r.label);
            start.append_value(r.start);
            end.append_value(r.end);
            text.append_value(r.text);
            value.append_option(r.value);
            number.append_option(r.number);
            attrs.append_option(r.attrs);
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(id.finish()),
            Arc::new(layer.finish()),
            Arc::new(label.finish()),
            Arc::new(start.finish()),
            Arc::new(end.finish()),
            Arc::new(text.finish()),
            Arc::new(value.finish()),
            Arc::new(number.finish()),
            Arc::new(attrs.finish()),
        ];
        let batch = RecordBatch::try_new(schema(), columns).map_err(io::Error::other)?;
        self.writer.write(&batch).map_err(io::Error::other)
    }
}

impl RecordSink for ParquetSink<'_> {
    fn write(&mut self, encoded: &[u8]) -> io::Result<()> {
        if encoded.is_empty() {
            return Ok(()); // no header or footer bytes: the writer makes its own
        }
        let rows: Vec<Row> = serde_json::from_slice(encoded).map_err(io::Error::other)?;
        self.rows.extend(rows);
        if self.rows.len() >= 8192 {
            self.write_batch()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_batch()
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.write_batch()?;
        self.writer.close().map_err(io::Error::other)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::{Array, Float64Array, StringArray};
    use newsprint_core::Annotation;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    use super::*;

    #[test]
    fn spans_table_reads_back_with_non_ascii_text() {
        let text = "“$2.3 million” for Kyiv’s café on Thursday";
        let mut doc = Document::new("seed", text);
        doc.meta.published = Some("2021-12-30".into());
        let at = |s: &str| {
            let start = text.find(s).unwrap();
            Span::new(start, start + s.len())
        };
        doc.sentences = vec![Span::new(0, text.len())];
        doc.layer_mut("entities")
            .push(Annotation::new(at("Kyiv")).with("label", "GPE"));
        doc.layer_mut("quantities").push(
            Annotation::new(at("$2.3 million"))
                .with("type", "MONEY")
                .with("value", AttrValue::Int(2_300_000))
                .with("unit", "USD"),
        );
        let exporter = ParquetExporter {
            offsets: OffsetUnit::Char,
            layers: vec!["sentences", "entities", "quantities"],
        };
        let path = tempfile::NamedTempFile::new().unwrap();
        {
            let mut file = std::fs::File::create(path.path()).unwrap();
            let mut sink = exporter.sink(&mut file).unwrap();
            for _ in 0..3 {
                let mut bytes = Vec::new();
                exporter.encode(&doc, &mut bytes);
                sink.write(&bytes).unwrap();
            }
            sink.finish().unwrap();
        }
        let file = std::fs::File::open(path.path()).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap();
        let batches: Vec<RecordBatch> = reader.map(|b| b.unwrap()).collect();
        assert_eq!(batches.len(), 1, "one small row group");
        let batch = &batches[0];
        assert_eq!(batch.num_rows(), 12);
        let col = |name: &str| {
            batch
                .column_by_name(name)
                .unwrap()
                .as_any()
                .downcast_ref::<StringArray>()
                .unwrap()
                .clone()
        };
        let (layer, texts, attrs) = (col("layer"), col("text"), col("attrs"));
        let got: Vec<(&str, &str)> = (0..4).map(|i| (layer.value(i), texts.value(i))).collect();
        assert_eq!(
            got,
            [
                ("document", text),
                ("sentences", text),
                ("entities", "Kyiv"),
                ("quantities", "$2.3 million")
            ]
        );
        assert_eq!(attrs.value(0), r#"{"published":"2021-12-30"}"#);
        assert_eq!(attrs.value(3), r#"{"unit":"USD"}"#);
        let number = batch
            .column_by_name("number")
            .unwrap()
            .as_any()
            .downcast_ref::<Float64Array>()
            .unwrap();
        assert_eq!(number.value(3), 2_300_000.0);
        assert!(number.is_null(2));
        let starts = batch.column_by_name("start").unwrap();
        let starts = starts
            .as_any()
            .downcast_ref::<arrow_array::Int64Array>()
            .unwrap();
        assert_eq!(starts.value(2), 19, "char offsets");
    }
}
