use crate::span::{Annotation, AnnotationLayer, Span, Token};

/// Article metadata with a meaning newsprint knows. Anything else in an input record is kept in
/// [`Document::extra`] and written back untouched.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    /// The publication date or time as given (`2021-12-30` or RFC 3339): the reference for
    /// relative dates.
    pub published: Option<String>,
    pub dateline: Option<String>,
    /// A language code given in the input (`en`), not a detected one.
    pub language: Option<String>,
}

impl Metadata {
    /// The metadata fields in output order, as `(key, value)`.
    pub fn fields(&self) -> [(&'static str, Option<&str>); 6] {
        [
            ("title", self.title.as_deref()),
            ("url", self.url.as_deref()),
            ("source", self.source.as_deref()),
            ("published", self.published.as_deref()),
            ("dateline", self.dateline.as_deref()),
            ("language", self.language.as_deref()),
        ]
    }

    /// The slot for a known metadata key, or `None` if the key is not metadata.
    pub fn slot_mut(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "title" => &mut self.title,
            "url" => &mut self.url,
            "source" => &mut self.source,
            "published" => &mut self.published,
            "dateline" => &mut self.dateline,
            "language" => &mut self.language,
            _ => return None,
        })
    }
}

/// One article: its text, which no stage rewrites, and standoff layers over it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub meta: Metadata,
    /// Input fields newsprint does not know, in input order, passed through to the output.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Word tokens in text order (the `tokens` layer).
    pub tokens: Vec<Token>,
    /// Sentences in text order (the `sentences` layer).
    pub sentences: Vec<Span>,
    /// Typed span layers in the order stages created them.
    pub layers: Vec<AnnotationLayer>,
    /// Document-level results that are not spans (`language`, `keywords` …).
    pub values: Vec<(&'static str, serde_json::Value)>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            ..Document::default()
        }
    }

    /// The annotation layer of this name, if a stage made it.
    pub fn layer(&self, name: &str) -> Option<&[Annotation]> {
        self.layers
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.spans.as_slice())
    }

    /// The annotation layer of this name, created empty if no stage made it yet.
    pub fn layer_mut(&mut self, name: &'static str) -> &mut Vec<Annotation> {
        let i = match self.layers.iter().position(|l| l.name == name) {
            Some(i) => i,
            None => {
                self.layers.push(AnnotationLayer {
                    name,
                    spans: Vec::new(),
                });
                self.layers.len() - 1
            }
        };
        &mut self.layers[i].spans
    }

    /// A document-level value, if a stage set it.
    pub fn value(&self, name: &str) -> Option<&serde_json::Value> {
        self.values.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Sets a document-level value, replacing an earlier one of the same name.
    pub fn set_value(&mut self, name: &'static str, value: serde_json::Value) {
        match self.values.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name, value)),
        }
    }

    /// The text of a span of this document.
    pub fn span_text(&self, span: Span) -> &str {
        span.slice(&self.text)
    }
}
