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
    pub stages: Vec<PipelineStage>,
    /// The layers the stages provide, in order.
    pub schema: OutputSchema,
    /// The `[output]` table: `format` (if any) and the exporter's parameters.
    pub output_format: Option<String>,
    pub output_params: toml::Table,
    /// The 1-based line of the `[output]` table, for errors in its parameters.
    pub output_line: Option<usize>,
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

        let (output_format, output_params, output_line) = match &file.output {
            Some(table) => {
                let mut params = table.get_ref().clone();
                let line = line_of(src, table.span().start);
                let format = match params.remove("format") {
                    None => None,
                    Some(toml::Value::String(s)) => Some(s),
                    Some(other) => {
                        errors.push(err(
                            Some(key_line(src, table.span(), "format").unwrap_or(line)),
                            format!("[output]: `format` must be a string, got {other}"),
                        ));
                        None
                    }
                };
                (format, params, Some(line))
            }
            None => (None, toml::Table::new(), None),
        };

        let pipeline = Pipeline {
            name: file.pipeline.name.clone().unwrap_or_else(|| {
                path.file_stem()
                    .map_or("pipeline".into(), |s| s.to_string_lossy().into_owned())
            }),
            path: path.to_path_buf(),
            stages,
            schema,
            output_format,
            output_params,
            output_line,
        };
        // The exporter is checked too, for the format the file names (or the default).
        if let Err(e) = pipeline.build_exporter(registry, None, None, src) {
            errors.extend(e.0);
        }
        if errors.is_empty() {
            Ok(pipeline)
        } else {
            Err(ConfigErrors(errors))
        }
    }

    /// Builds the exporter for `format` (else the file's `[output] format`, else `jsonl`)
    /// writing to `output` (where a folder format puts its files). `src` is the pipeline's
    /// source, used to point at the line of a bad parameter; pass "" when it is not at hand.
    pub fn build_exporter(
        &self,
        registry: &Registry,
        format: Option<&str>,
        output: Option<&Path>,
        src: &str,
    ) -> Result<Box<dyn newsprint_core::Exporter>, ConfigErrors> {
        let format = format.or(self.output_format.as_deref()).unwrap_or("jsonl");
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
                self.output_line,
                format!(
                    "unknown output format `{format}`; known formats: {}",
                    known.join(", ")
                ),
            ));
        };
        let mut ctx = BuildContext::new(self.path.parent().unwrap_or(Path::new("")));
        ctx.output = output.map(Path::to_path_buf);
        (reg.build)(&self.output_params, &ctx, &self.schema).map_err(|e| match e {
            BuildError::UnknownParam { field, known } => {
                let line = self.output_line.map(|l| {
                    let from = src
                        .split_inclusive('\n')
                        .take(l - 1)
                        .map(str::len)
                        .sum::<usize>();
                    key_line(src, from..src.len(), &field).unwrap_or(l)
                });
                err(
                    line,
                    format!(
                        "[output] for format `{format}`: unknown parameter `{field}`; {}",
                        known_params(&field, &known)
                    ),
                )
            }
            e => err(
                self.output_line,
                format!("[output] for format `{format}`: {e}"),
            ),
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
