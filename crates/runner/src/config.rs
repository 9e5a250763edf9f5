//! Pipeline files: TOML → a checked, built [`Pipeline`].
//!
//! ```toml
//! [pipeline]
//! name = "news"
//!
//! [[stage]]
//! use = "tokenize.words"
//!
//! [[stage]]
//! use = "extract.gazetteer"
//! files = ["gazetteers/countries.tsv"]
//!
//! [output]
//! format = "jsonl"
//! offsets = "char"
//! ```
//!
//! Every mistake of a file is collected (not just the first) and reported as `file:line: …`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use newsprint_core::{closest, BuildContext, BuildError, OutputSchema, Registry, Stage};
use serde::Deserialize;
use toml::Spanned;

/// One mistake in a pipeline file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// All the mistakes found in one or more pipeline files, one per line when displayed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PipelineFile {
    #[serde(default)]
    pipeline: Header,
    #[serde(default)]
    stage: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    output: Option<Spanned<toml::Table>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    name: Option<String>,
    #[allow(dead_code)] // documentation for people reading the file
    description: Option<String>,
}

/// A stage of a built pipeline.
pub struct PipelineStage {
    pub name: &'static str,
    pub stage: Box<dyn Stage>,
}

/// A pipeline, built and checked: ready to run.
pub struct Pipeline {
    pub name: String,
    pub path: PathBuf,
    /// The pipeline file's text, as read.
    pub source: String,
    pub stages: Vec<PipelineStage>,
    /// The layers the stages provide, in order.
    pub schema: OutputSchema,
    /// `[output] format`, if the file names one.
    pub output_format: Option<String>,
    /// Each format's parameters, from its `[output.FORMAT]` table.
    pub output_params: BTreeMap<String, FormatParams>,
    /// The 1-based line of the `[output]` table, for errors in it.
    pub output_line: Option<usize>,
}

/// The parameters of one output format and where they are written, for error messages.
#[derive(Debug, Clone, Default)]
pub struct FormatParams {
    pub table: toml::Table,
    /// The line of the `[output.FORMAT]` header.
    pub line: usize,
    /// The line of each parameter.
    pub key_lines: BTreeMap<String, usize>,
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pipeline")
            .field("name", &self.name)
            .field("path", &self.path)
            .field(
                "stages",
                &self.stages.iter().map(|s| s.name).collect::<Vec<_>>(),
            )
            .field("schema", &self.schema)
            .finish()
    }
}

impl Pipeline {
    /// Reads, checks and builds the pipeline in `path`.
    pub fn load(path: &Path, registry: &Registry) -> Result<Pipeline, ConfigErrors> {
        let src = std::fs::read_to_string(path).map_err(|e| {
            ConfigErrors(vec![ConfigError {
                file: path.to_path_buf(),
                line: None,
                message: format!("cannot read the pipeline file: {e}"),
            }])
        })?;
        Pipeline::parse(path, &src, registry)
    }

    /// Checks and builds a pipeline from its source text; `path` names it in errors and is the
    /// base for relative paths in parameters.
    pub fn parse(path: &Path, src: &str, registry: &Registry) -> Result<Pipeline, ConfigErrors> {
        let mut errors = Vec::new();
        let err = |line: Option<usize>, message: String| ConfigError {
            file: path.to_path_buf(),
            line,
            message,
        };
        let file: PipelineFile = toml::from_str(src).map_err(|e| {
            let line = e.span().map(|s| line_of(src, s.start));
            ConfigErrors(vec![err(line, e.message().trim_end().to_string())])
        })?;
        let ctx = BuildContext::new(path.parent().unwrap_or(Path::new("")));
        let mut stages = Vec::new();
        let mut provided: Vec<(&'static str, usize)> = Vec::new(); // layer, stage number
        let mut schema = OutputSchema::default();

        if file.stage.is_empty() {
            errors.push(err(
                None,
                "the pipeline has no stages: add `[[stage]]` tables with `use = \"…\"` (`newsprint stages` lists them)".into(),
            ));
        }
        for (i, table) in file.stage.iter().enumerate() {
            let number = i + 1;
            let table_line = line_of(src, table.span().start);
            let mut params = table.get_ref().clone();
            let Some(name) = params.remove("use") else {
                errors.push(err(
                    Some(table_line),
                    format!("stage {number} has no `use = \"…\"` naming the stage to run"),
                ));
                continue;
            };
            let Some(name) = name.as_str() else {
                errors.push(err(
                    Some(table_line),
                    format!("stage {number}: `use` must be a string, got {name}"),
                ));
                continue;
            };
            let Some(reg) = registry.stages.get(name).copied() else {
                let hint = match registry.closest_stage(name) {
                    Some(near) => format!("; did you mean `{near}`?"),
                    None => String::new(),
                };
                errors.push(err(
                    Some(key_line(src, table.span(), "use").unwrap_or(table_line)),
                    format!(
                        "stage {number}: unknown stage `{name}`{hint} (`newsprint stages` lists them all)"
                    ),
                ));
                continue;
            };
            for need in reg.requires {
                if !provided.iter().any(|(l, _)| l == need) {
                    errors.push(err(
                        Some(table_line),
                        order_message(registry, &file, number, reg.name, need),
                    ));
                }
            }
            for layer in reg.provides {
                if !provided.iter().any(|(l, _)| l == layer) {
                    provided.push((layer, number));
                    schema.layers.push(layer);
                }
            }
            match (reg.build)(&params, &ctx) {
                Ok(stage) => stages.push(PipelineStage {
                    name: reg.name,
                    stage,
                }),
                Err(BuildError::UnknownParam { field, known }) => errors.push(err(
                    Some(key_line(src, table.span(), &field).unwrap_or(table_line)),
                    format!(
                        "stage {number} `{}`: unknown parameter `{field}`; {}",
                        reg.name,
                        known_params(&field, &known)
                    ),
                )),
                Err(e) => errors.push(err(
                    Some(table_line),
                    format!("stage {number} `{}`: {e}", reg.name),
                )),
            }
        }

        let mut output_format = None;
        let mut output_params = BTreeMap::new();
        let output_line = file.output.as_ref().map(|t| line_of(src, t.span().start));
        if let (Some(table), Some(line)) = (&file.output, output_line) {
            for (key, value) in table.get_ref() {
                let key_at = key_line(src, table.span(), key).unwrap_or(line);
                match (key.as_str(), value) {
                    ("format", toml::Value::String(f)) => output_format = Some(f.clone()),
                    ("format", other) => errors.push(err(
                        Some(key_at),
                        format!("[output]: `format` must be a string, got {other}"),
                    )),
                    (name, toml::Value::Table(params)) => {
                        let header = header_line(src, &format!("output.{name}")).unwrap_or(key_at);
                        let from = offset_of_line(src, header);
                        let key_lines = params
                            .keys()
                            .map(|k| (k.clone(), key_line(src, from..src.len(), k).unwrap_or(header)))
                            .collect();
                        output_params.insert(
                            name.to_string(),
                            FormatParams { table: params.clone(), line: header, key_lines },
                        );
                    }
                    (name, _) => errors.push(err(
                        Some(key_at),
                        format!(
                            "[output]: `{name}` is not `format`; a format's parameters go in its own table, e.g. [output.{}]",
                            output_format.as_deref().unwrap_or("jsonl")
                        ),
                    )),
                }
            }
        }

        let pipeline = Pipeline {
            name: file.pipeline.name.clone().unwrap_or_else(|| {
                path.file_stem()
                    .map_or("pipeline".into(), |s| s.to_string_lossy().into_owned())
            }),
            path: path.to_path_buf(),
            source: src.to_string(),
            stages,
            schema,
            output_format,
            output_params,
            output_line,
        };
        // The exporters are checked too: the format the file names (or the default) and every
        // format it gives parameters for.
        let mut formats: Vec<&str> = pipeline.output_params.keys().map(String::as_str).collect();
        let chosen = pipeline.output_format.as_deref().unwrap_or("jsonl");
        if !formats.contains(&chosen) {
            formats.insert(0, chosen);
        }
        for format in formats {
            if let Err(e) = pipeline.build_exporter(registry, Some(format), None) {
                errors.extend(e.0);
            }
        }
        if errors.is_empty() {
            Ok(pipeline)
        } else {
            Err(ConfigErrors(errors))
        }
    }

    /// Builds the exporter for `format` (else the file's `[output] format`, else `jsonl`) with
    /// its `[output.FORMAT]` parameters, writing to `output` (where a folder format puts its
    /// files).
    pub fn build_exporter(
        &self,
        registry: &Registry,
        format: Option<&str>,
        output: Option<&Path>,
    ) -> Result<Box<dyn newsprint_core::Exporter>, ConfigErrors> {
        let format = format.or(self.output_format.as_deref()).unwrap_or("jsonl");
        let params = self.output_params.get(format).cloned().unwrap_or_default();
        let line = (!params.table.is_empty())
            .then_some(params.line)
            .or(self.output_line);
        let err = |line, message| {
            ConfigErrors(vec![ConfigError {
                file: self.path.clone(),
                line,
                message,
            }])
        };
        let Some(reg) = registry.exporters.get(format) else {
            let known: Vec<_> = registry.exporters.keys().copied().collect();
            return Err(err(
                line,
                format!(
                    "unknown output format `{format}`; known formats: {}",
                    known.join(", ")
                ),
            ));
        };
        let mut ctx = BuildContext::new(self.path.parent().unwrap_or(Path::new("")));
        ctx.output = output.map(Path::to_path_buf);
        (reg.build)(&params.table, &ctx, &self.schema).map_err(|e| match e {
            BuildError::UnknownParam { field, known } => err(
                params.key_lines.get(&field).copied().or(line),
                format!(
                    "[output.{format}]: unknown parameter `{field}`; {}",
                    known_params(&field, &known)
                ),
            ),
            e => err(line, format!("[output.{format}]: {e}")),
        })
    }
}

/// "did you mean `files`? known parameters: `files`, `entries`".
fn known_params(field: &str, known: &[String]) -> String {
    if known.is_empty() {
        return "it takes no parameters".into();
    }
    let list: Vec<_> = known.iter().map(|n| format!("`{n}`")).collect();
    match closest(field, known.iter().map(String::as_str)) {
        Some(near) => format!(
            "did you mean `{near}`? known parameters: {}",
            list.join(", ")
        ),
        None => format!("known parameters: {}", list.join(", ")),
    }
}

/// "stage 2 `tokenize.sentences` needs the `tokens` layer …: add/move X before it".
fn order_message(
    registry: &Registry,
    file: &PipelineFile,
    number: usize,
    name: &str,
    need: &str,
) -> String {
    let head = format!(
        "stage {number} `{name}` needs the `{need}` layer, which no stage before it provides"
    );
    // A later stage of this pipeline that provides it: move it up.
    for (j, table) in file.stage.iter().enumerate().skip(number) {
        let later = table.get_ref().get("use").and_then(|v| v.as_str());
        if let Some(reg) = later.and_then(|n| registry.stages.get(n)) {
            if reg.provides.contains(&need) {
                return format!("{head}: move stage {} `{}` before it", j + 1, reg.name);
            }
        }
    }
    let providers: Vec<_> = registry
        .stages
        .values()
        .filter(|r| r.provides.contains(&need))
        .map(|r| format!("`{}`", r.name))
        .collect();
    if providers.is_empty() {
        format!("{head}, and no registered stage provides it")
    } else {
        format!("{head}: add a {} stage before it", providers.join(" or "))
    }
}

/// The 1-based line of a `[name]` table header.
fn header_line(src: &str, name: &str) -> Option<usize> {
    let header = format!("[{name}]");
    src.lines().position(|l| l.trim() == header).map(|i| i + 1)
}

/// The byte offset where 1-based `line` starts.
fn offset_of_line(src: &str, line: usize) -> usize {
    src.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}

/// The 1-based line of byte `offset` in `src`.
fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].matches('\n').count() + 1
}

/// The line of `key = …` inside the table at `span`: the table's span may start at its header
/// or its first key, and runs to its end.
fn key_line(src: &str, span: std::ops::Range<usize>, key: &str) -> Option<usize> {
    let start = src[..span.start.min(src.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let mut offset = start;
    for line in src[start..].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if offset > span.start && trimmed.starts_with('[') {
            break; // the next table
        }
        let k = trimmed.split('=').next().unwrap_or("").trim();
        if k.trim_matches('"') == key && trimmed.contains('=') {
            return Some(line_of(src, offset));
        }
        offset += line.len();
    }
    None
}
