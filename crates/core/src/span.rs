use std::sync::Arc;

use serde::Serialize;

/// A half-open byte range `start..end` into a document's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// The spanned text. Panics if the span is not on char boundaries of `text`.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// What a token is, written as its `kind` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
    Url,
    Email,
}

impl TokenKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Symbol => "symbol",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
        }
    }
}

/// A token: a span and its kind. Kept small and `Copy` because there is one per word; its
/// normal form is computed from the text when it is needed ([`norm`]), not stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// The normal form of a token's text, as matching and counting want it: lower case, typographic
/// quotes and apostrophes straight (`’s` → `'s`, `“` → `"`), en and em dashes `-`, `…` `...`.
/// Borrowed when nothing changes, which is most tokens.
pub fn norm(token: &str) -> std::borrow::Cow<'_, str> {
    let plain = token
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase());
    if plain {
        return std::borrow::Cow::Borrowed(token);
    }
    if token.is_ascii() {
        // Most capitalised words: no typographic marks to fold, a byte-wise lower case serves.
        return std::borrow::Cow::Owned(token.to_ascii_lowercase());
    }
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => {
                out.push('\'')
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => out.push('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{00A0}' | '\u{202F}' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    if out == token {
        std::borrow::Cow::Borrowed(token)
    } else {
        std::borrow::Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::norm;

    #[test]
    fn norm_folds_case_quotes_dashes_and_ellipses() {
        let cases = [
            ("Biden", "biden"),
            ("’s", "'s"),
            ("“", "\""),
            ("”", "\""),
            ("—", "-"),
            ("…", "..."),
            ("NATO-Russia", "nato-russia"),
            ("Zürich", "zürich"),
            ("МОСКВА", "москва"),
            ("100,000", "100,000"),
        ];
        for (text, expected) in cases {
            assert_eq!(norm(text), expected, "{text}");
        }
        assert!(matches!(norm("troops"), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(norm("北京"), std::borrow::Cow::Borrowed(_)));
    }
}

/// The value of one attribute of an [`Annotation`].
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    Str(Text),
    Int(i64),
    Num(f64),
    Bool(bool),
    /// Another place in the text (a quote's speaker, say); exporters convert its offsets too.
    Span(Span),
}

/// The text of an attribute, read as a `&str`. Fixed labels (`PERSON`, `DATE`) and texts
/// shared by many spans (an entity's `canonical` name, given to each of its mentions) cost
/// no allocation per span.
#[derive(Clone, Debug)]
pub enum Text {
    Fixed(&'static str),
    Owned(String),
    Shared(Arc<str>),
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Fixed(s) => s,
            Text::Owned(s) => s,
            Text::Shared(s) => s,
        }
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        **self == **other
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

impl From<&str> for AttrValue {
    fn from(s: &str) -> Self {
        AttrValue::Str(Text::Owned(s.to_owned()))
    }
}

impl From<String> for AttrValue {
    fn from(s: String) -> Self {
        AttrValue::Str(Text::Owned(s))
    }
}

impl From<Arc<str>> for AttrValue {
    fn from(s: Arc<str>) -> Self {
        AttrValue::Str(Text::Shared(s))
    }
}

impl AttrValue {
    /// A fixed text, stored without a copy.
    pub const fn fixed(s: &'static str) -> Self {
        AttrValue::Str(Text::Fixed(s))
    }
}

/// A typed span: an entity, a date, a quantity … Its attributes are written in order after
/// `start`, `end` and `text`.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub span: Span,
    pub attrs: Vec<(&'static str, AttrValue)>,
}

impl Annotation {
    pub fn new(span: Span) -> Self {
        Annotation {
            span,
            attrs: Vec::new(),
        }
    }

    pub fn with(mut self, key: &'static str, value: impl Into<AttrValue>) -> Self {
        self.attrs.push((key, value.into()));
        self
    }

    pub fn attr(&self, key: &str) -> Option<&AttrValue> {
        self.attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The attribute as a string, if it is one.
    pub fn str_attr(&self, key: &str) -> Option<&str> {
        match self.attr(key) {
            Some(AttrValue::Str(s)) => Some(s),
            _ => None,
        }
    }
}

/// A named layer of annotations (`entities`, `timexes` …), kept sorted by the stage that fills it.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotationLayer {
    pub name: &'static str,
    pub spans: Vec<Annotation>,
}
