//! What several exporters share: the parameters of the tabular formats, and what they read off
//! annotations.

use newsprint_core::{
    parse_params, Annotation, AttrValue, BuildError, OffsetUnit, OutputSchema, ParamDoc,
};
use serde::Deserialize;

/// The parameters of the span-table formats (CSV, Parquet).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableParams {
    #[serde(default)]
    pub offsets: OffsetUnit,
    /// Layers to write; default: every span layer but tokens.
    pub layers: Option<Vec<String>>,
}

pub const TABLE_PARAMS: &[ParamDoc] = &[
    ParamDoc::new(
        "offsets",
        "\"char\" | \"byte\" | \"utf16\"",
        "\"char\"",
        "unit of `start`/`end`",
    ),
    ParamDoc::new(
        "layers",
        "list of strings",
        "every span layer but tokens",
        "the layers to write, in this order",
    ),
];

/// A format without parameters still refuses unknown ones.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoParams {}

pub fn no_params(table: &toml::Table) -> Result<(), BuildError> {
    parse_params::<NoParams>(table).map(|_| ())
}

/// A table format's `[output.FORMAT]` table read and checked against the pipeline: the offset
/// unit and the layers to write.
pub fn table_params(
    table: &toml::Table,
    schema: &OutputSchema,
) -> Result<(OffsetUnit, Vec<&'static str>), BuildError> {
    let params: TableParams = parse_params(table)?;
    Ok((params.offsets, choose_layers(params.layers, schema)?))
}

/// The layers a tabular exporter writes: those named (each must be produced by the pipeline),
/// else every layer but tokens, which would make a row per word.
pub fn choose_layers(
    names: Option<Vec<String>>,
    schema: &OutputSchema,
) -> Result<Vec<&'static str>, BuildError> {
    match names {
        Some(names) => names
            .iter()
            .map(|n| {
                schema.layers.iter().copied().find(|l| l == n).ok_or_else(|| {
                    BuildError::Invalid(format!(
                        "`layers` names `{n}`, which the pipeline does not produce (it produces {})",
                        schema.layers.join(", ")
                    ))
                })
            })
            .collect(),
        None => Ok(schema
            .layers
            .iter()
            .copied()
            .filter(|l| *l != "tokens")
            .collect()),
    }
}

/// The class of a span: an entity's `label`, a timex's or quantity's `type`.
pub fn label(a: &Annotation) -> Option<&str> {
    a.str_attr("label").or_else(|| a.str_attr("type"))
}

/// The normalised value of a span (`2021-12-30`, `100000`), as text.
pub fn value(a: &Annotation) -> Option<String> {
    match a.attr("value")? {
        AttrValue::Str(s) => Some(s.to_string()),
        AttrValue::Int(i) => Some(i.to_string()),
        AttrValue::Num(x) => Some(x.to_string()),
        AttrValue::Bool(b) => Some(b.to_string()),
        AttrValue::Span(_) => None,
    }
}
