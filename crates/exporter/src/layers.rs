//! What the tabular exporters (CSV, CoNLL) read off annotations, in one place.

use newsprint_core::{Annotation, AttrValue};

/// The class of a span: an entity's `label`, a timex's or quantity's `type`.
pub fn label(a: &Annotation) -> Option<&str> {
    a.str_attr("label").or_else(|| a.str_attr("type"))
}

/// The normalised value of a span (`2021-12-30`, `100000`), as text.
pub fn value(a: &Annotation) -> Option<String> {
    match a.attr("value")? {
        AttrValue::Str(s) => Some(s.clone()),
        AttrValue::Int(i) => Some(i.to_string()),
        AttrValue::Num(x) => Some(x.to_string()),
        AttrValue::Bool(b) => Some(b.to_string()),
        AttrValue::Span(_) => None,
    }
}
