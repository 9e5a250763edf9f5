use thiserror::Error;

/// Why a stage, reader or exporter could not be built from its TOML table.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum BuildError {
    /// A parameter the component does not have; the runner adds the file, line and known fields.
    #[error("unknown parameter `{field}`")]
    UnknownParam {
        field: String,
        /// The parameters the component does take, as its parameter struct declares them.
        known: Vec<String>,
    },
    /// A parameter with a value of the wrong type or out of range.
    #[error("{0}")]
    Invalid(String),
    /// A file the component needs (a gazetteer, a model) could not be read.
    #[error("cannot read {path}: {message}")]
    File { path: String, message: String },
}

/// Why a stage failed on one document. The runner rejects that document with the stage's name
/// and this message and goes on with the next.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("{0}")]
pub struct StageError(pub String);

impl StageError {
    pub fn new(message: impl Into<String>) -> Self {
        StageError(message.into())
    }
}
