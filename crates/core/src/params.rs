use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::error::BuildError;

/// One documented parameter of a stage, reader or exporter, shown by `newsprint stages`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamDoc {
    pub name: &'static str,
    /// The TOML type, in words: `string`, `bool`, `list of strings` …
    pub ty: &'static str,
    /// The default, as TOML, or `required`.
    pub default: &'static str,
    pub doc: &'static str,
}

impl ParamDoc {
    pub const fn new(
        name: &'static str,
        ty: &'static str,
        default: &'static str,
        doc: &'static str,
    ) -> Self {
        ParamDoc {
            name,
            ty,
            default,
            doc,
        }
    }
}

/// What a component may need to know while it is built.
#[derive(Clone, Debug, Default)]
pub struct BuildContext {
    /// The folder of the pipeline file: relative paths in parameters are resolved against it.
    pub base_dir: PathBuf,
    /// The output path of the run, for exporters that write a folder of files.
    pub output: Option<PathBuf>,
}

impl BuildContext {
    pub fn new(base_dir: impl Into<PathBuf>) -> Self {
        BuildContext {
            base_dir: base_dir.into(),
            output: None,
        }
    }

    /// A path from a parameter, resolved against the pipeline file's folder.
    pub fn resolve(&self, path: impl AsRef<Path>) -> PathBuf {
        self.base_dir.join(path)
    }
}

/// Reads a component's parameters from its TOML table into `P` (a serde struct with
/// `deny_unknown_fields`), turning serde's unknown-field error into [`BuildError::UnknownParam`].
pub fn parse_params<P: DeserializeOwned>(table: &toml::Table) -> Result<P, BuildError> {
    P::deserialize(toml::Value::Table(table.clone())).map_err(|e| {
        let message = e.message().to_string();
        match unknown_field(&message) {
            Some((field, known)) => BuildError::UnknownParam { field, known },
            None => BuildError::Invalid(message.trim_end().to_string()),
        }
    })
}

/// serde's message for an unknown field is "unknown field `x`, expected one of `a`, `b`"
/// (or "expected `a`", or "there are no fields"): the field and the known ones.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    let known = rest[end + 1..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect();
    Some((rest[..end].to_string(), known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct P {
        #[serde(default)]
        lowercase: bool,
        #[serde(default)]
        abbreviations: Vec<String>,
    }

    fn table(s: &str) -> toml::Table {
        s.parse().unwrap()
    }

    #[test]
    fn unknown_field_is_named() {
        let err = parse_params::<P>(&table("lowercsae = true")).unwrap_err();
        assert_eq!(
            err,
            BuildError::UnknownParam {
                field: "lowercsae".into(),
                known: vec!["lowercase".into(), "abbreviations".into()],
            }
        );
    }

    #[test]
    fn wrong_type_is_invalid_with_serde_message() {
        let err = parse_params::<P>(&table("lowercase = 3")).unwrap_err();
        assert_eq!(
            err,
            BuildError::Invalid("invalid type: integer `3`, expected a boolean".into())
        );
    }

    #[test]
    fn defaults_apply() {
        let p = parse_params::<P>(&table("")).unwrap();
        assert!(!p.lowercase && p.abbreviations.is_empty());
    }
}
