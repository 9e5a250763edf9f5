//! Input records → [`Document`]s, or a reason in words why not.

use std::collections::HashMap;
use std::fmt;

use newsprint_core::{Document, Payload, RawRecord};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Why a record could not become a document, and what is known of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub id: Option<String>,
    pub error: String,
}

impl Refusal {
    fn new(error: impl Into<String>) -> Self {
        Refusal {
            id: None,
            error: error.into(),
        }
    }
}

/// Parses one record. A JSONL record must be an object with a string `text`; `id` may be a
/// string or a number (a missing one becomes the line number); the known metadata fields
/// must be strings when present; everything else passes through untouched.
pub fn parse(record: &RawRecord) -> Result<Document, Refusal> {
    match &record.payload {
        Payload::Invalid(reason) => Err(Refusal::new(reason.clone())),
        Payload::Text { id, bytes } => {
            let text = utf8(bytes)?;
            if text.contains('\0') {
                return Err(Refusal {
                    id: Some(id.clone()),
                    error: "the file has NUL bytes: it looks binary, not text".into(),
                });
            }
            Ok(Document::new(id.clone(), text))
        }
        Payload::JsonLine(bytes) => parse_json(bytes, record.line),
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, Refusal> {
    std::str::from_utf8(bytes).map_err(|e| {
        Refusal::new(format!(
            "invalid UTF-8 at byte {} of the record",
            e.valid_up_to() + 1
        ))
    })
}

fn parse_json(bytes: &[u8], line: u64) -> Result<Document, Refusal> {
    let text = utf8(bytes)?;
    if text.trim().is_empty() {
        return Err(Refusal::new("empty line: no JSON object"));
    }
    let fields = match serde_json::from_str(text) {
        Ok(TopLevel::Object(fields)) => fields,
        Ok(TopLevel::Other(kind)) => {
            return Err(Refusal::new(format!("expected a JSON object, got {kind}")))
        }
        Err(e) => return Err(Refusal::new(format!("bad JSON: {e}"))),
    };
    // One pass takes `id` and `text` out (a removal from the map would hash the key and
    // shift the fields after it).
    let (mut id, mut text) = (None, None);
    let mut rest = Vec::with_capacity(fields.len());
    for (key, value) in fields {
        match key.as_str() {
            "id" => id = Some(value),
            "text" => text = Some(value),
            _ => rest.push((key, value)),
        }
    }
    let id = match id {
        None | Some(Value::Null) => line.to_string(),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(Refusal::new(format!(
                "`id` must be a string or a number, got {}",
                kind(&other)
            )))
        }
    };
    let refuse = |error: String| Refusal {
        id: Some(id.clone()),
        error,
    };
    let text = match text {
        Some(Value::String(s)) => s,
        None => return Err(refuse("no `text` field".into())),
        Some(other) => {
            return Err(refuse(format!(
                "`text` must be a string, got {}",
                kind(&other)
            )))
        }
    };
    let mut doc = Document::new(id.clone(), text);
    let mut extra = serde_json::Map::new();
    for (key, value) in rest {
        match doc.meta.slot_mut(&key) {
            Some(slot) => match value {
                Value::String(s) => *slot = Some(s),
                Value::Null => {}
                other => {
                    return Err(refuse(format!(
                        "`{key}` must be a string, got {}",
                        kind(&other)
                    )))
                }
            },
            None => {
                extra.insert(key, value);
            }
        }
    }
    doc.extra = extra;
    Ok(doc)
}

/// A record's top level as parsed: its fields in input order, or the kind of the value when it
/// is not an object. The fields are a list rather than a `serde_json::Map`: records have a
/// handful of fields, which a list keeps without hashing each key; a key given twice keeps its
/// first place and its last value, as in the map.
enum TopLevel {
    Object(Vec<(String, Value)>),
    Other(&'static str),
}

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TopLevelVisitor)
    }
}

struct TopLevelVisitor;

/// From this many fields on, [`TopLevelVisitor`] finds a key given twice by an index rather
/// than a search (news records have about ten).
const INDEXED_FIELDS: usize = 32;

impl<'de> Visitor<'de> for TopLevelVisitor {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        let mut fields: Vec<(String, Value)> = Vec::with_capacity(8);
        // A key is looked for among the fields before it: by a linear search while they are
        // few, by an index once there are many, so that a record of thousands of fields
        // (allowed up to --max-record-bytes) is not parsed in quadratic time.
        let mut index: Option<HashMap<String, usize>> = None;
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value()?;
            let seen = match &index {
                Some(index) => index.get(&key).copied(),
                None => fields.iter().position(|(k, _)| *k == key),
            };
            match seen {
                Some(at) => fields[at].1 = value,
                None => {
                    if let Some(index) = &mut index {
                        index.insert(key.clone(), fields.len());
                    }
                    fields.push((key, value));
                    if index.is_none() && fields.len() == INDEXED_FIELDS {
                        index = Some(
                            fields
                                .iter()
                                .enumerate()
                                .map(|(at, (k, _))| (k.clone(), at))
                                .collect(),
                        );
                    }
                }
            }
        }
        Ok(TopLevel::Object(fields))
    }

    // The other kinds are refused; an array's items are still parsed as values, so that a
    // record is refused for the same reason whichever it is.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TopLevel, A::Error> {
        while seq.next_element::<Value>()?.is_some() {}
        Ok(TopLevel::Other(kind(&Value::Array(Vec::new()))))
    }

    fn visit_bool<E>(self, _: bool) -> Result<TopLevel, E> {
        Ok(TopLevel::Other(kind(&Value::Bool(false))))
    }

    fn visit_i64<E>(self, _: i64) -> Result<TopLevel, E> {
        Ok(TopLevel::Other(kind(&Value::from(0))))
    }

    fn visit_u64<E>(self, _: u64) -> Result<TopLevel, E> {
        Ok(TopLevel::Other(kind(&Value::from(0))))
    }

    fn visit_f64<E>(self, _: f64) -> Result<TopLevel, E> {
        Ok(TopLevel::Other(kind(&Value::from(0))))
    }

    fn visit_str<E>(self, _: &str) -> Result<TopLevel, E> {
        Ok(TopLevel::Other(kind(&Value::String(String::new()))))
    }

    fn visit_unit<E>(self) -> Result<TopLevel, E> {
        Ok(TopLevel::Other(kind(&Value::Null)))
    }
}

/// A JSON value's kind, with an article: "a number", "an array" …
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &[u8]) -> Result<Document, Refusal> {
        parse(&RawRecord {
            source: "in.jsonl".into(),
            line: 7,
            payload: Payload::JsonLine(s.to_vec()),
        })
    }

    fn refusal(s: &[u8]) -> (Option<String>, String) {
        let r = line(s).unwrap_err();
        (r.id, r.error)
    }

    #[test]
    fn fields_are_typed_or_passed_through() {
        let doc = line(br#"{"source":"Reuters","text":"Kyiv","topics":["crude"],"published":"1987-02-26","id":"r1"}"#).unwrap();
        assert_eq!(doc.id, "r1");
        assert_eq!(doc.text, "Kyiv");
        assert_eq!(doc.meta.source.as_deref(), Some("Reuters"));
        assert_eq!(doc.meta.published.as_deref(), Some("1987-02-26"));
        assert_eq!(
            serde_json::Value::Object(doc.extra),
            serde_json::json!({"topics": ["crude"]})
        );
    }

    #[test]
    fn a_key_given_twice_keeps_its_first_place_and_its_last_value() {
        let doc = line(br#"{"a":1,"text":"x","b":2,"title":5,"a":3,"title":"T"}"#).unwrap();
        assert_eq!(doc.meta.title.as_deref(), Some("T"));
        let extra: Vec<(&str, &Value)> = doc.extra.iter().map(|(k, v)| (k.as_str(), v)).collect();
        assert_eq!(extra, [("a", &Value::from(3)), ("b", &Value::from(2))]);
    }

    #[test]
    fn a_key_given_twice_among_many_fields_keeps_its_first_place_and_its_last_value() {
        // Past INDEXED_FIELDS, where keys are found by the index: `k3` again, and `k60` twice.
        let mut record = String::from(r#"{"text":"x""#);
        for i in 0..100 {
            record.push_str(&format!(r#","k{i}":{i}"#));
        }
        record.push_str(r#","k3":"three","k60":"sixty","title":"T","k60":"again"}"#);
        let doc = line(record.as_bytes()).unwrap();
        assert_eq!(doc.meta.title.as_deref(), Some("T"));
        assert_eq!(doc.extra.len(), 100);
        let keys: Vec<&str> = doc.extra.keys().map(String::as_str).collect();
        assert_eq!(keys[..4], ["k0", "k1", "k2", "k3"]);
        assert_eq!(keys[99], "k99");
        assert_eq!(doc.extra["k3"], Value::from("three"));
        assert_eq!(doc.extra["k60"], Value::from("again"));
        assert_eq!(doc.extra["k61"], Value::from(61));
    }

    #[test]
    fn missing_id_is_the_line_number_and_numbers_are_kept() {
        assert_eq!(line(br#"{"text":"x"}"#).unwrap().id, "7");
        assert_eq!(line(br#"{"id":2330,"text":"x"}"#).unwrap().id, "2330");
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(refusal(b""), (None, "empty line: no JSON object".into()));
        assert_eq!(refusal(b"   "), (None, "empty line: no JSON object".into()));
        assert_eq!(
            refusal(b"{\"text\": \"caf\xE9\"}"),
            (None, "invalid UTF-8 at byte 14 of the record".into())
        );
        assert_eq!(
            refusal(br#"{"text": "unterminated}"#),
            (
                None,
                "bad JSON: EOF while parsing a string at line 1 column 23".into()
            )
        );
        assert_eq!(
            refusal(b"[1, 2]"),
            (None, "expected a JSON object, got an array".into())
        );
        for (record, kind) in [
            (&b"\"x\""[..], "a string"),
            (b"12", "a number"),
            (b"-1.5", "a number"),
            (b"true", "a boolean"),
            (b"null", "null"),
        ] {
            assert_eq!(
                refusal(record),
                (None, format!("expected a JSON object, got {kind}"))
            );
        }
        assert_eq!(
            refusal(b"[1e400]"),
            (
                None,
                "bad JSON: number out of range at line 1 column 6".into()
            )
        );
        assert_eq!(
            refusal(br#"{"id":"a"}"#),
            (Some("a".into()), "no `text` field".into())
        );
        assert_eq!(
            refusal(br#"{"id":"a","text":42}"#),
            (
                Some("a".into()),
                "`text` must be a string, got a number".into()
            )
        );
        assert_eq!(
            refusal(br#"{"id":"a","text":null}"#),
            (Some("a".into()), "`text` must be a string, got null".into())
        );
        assert_eq!(
            refusal(br#"{"id":"a","text":"x","published":20211230}"#),
            (
                Some("a".into()),
                "`published` must be a string, got a number".into()
            )
        );
        assert_eq!(
            refusal(br#"{"id":["a"],"text":"x"}"#),
            (
                None,
                "`id` must be a string or a number, got an array".into()
            )
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = format!(
            "{{\"text\":\"x\",\"a\":{}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let (_, error) = refusal(deep.as_bytes());
        assert!(
            error.starts_with("bad JSON: recursion limit exceeded"),
            "{error}"
        );
    }

    #[test]
    fn text_files_must_be_text() {
        let rec = |bytes: &[u8]| RawRecord {
            source: "dir".into(),
            line: 1,
            payload: Payload::Text {
                id: "a".into(),
                bytes: bytes.to_vec(),
            },
        };
        assert_eq!(parse(&rec(b"Kyiv")).unwrap().text, "Kyiv");
        assert_eq!(
            parse(&rec(b"\x7fELF\0\0")).unwrap_err().error,
            "the file has NUL bytes: it looks binary, not text"
        );
        assert_eq!(
            parse(&rec(b"Caf\xe9")).unwrap_err().error,
            "invalid UTF-8 at byte 4 of the record"
        );
    }
}
