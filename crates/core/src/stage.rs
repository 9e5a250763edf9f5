use crate::document::Document;
use crate::error::{BuildError, StageError};
use crate::params::{BuildContext, ParamDoc};
use crate::Origin;

/// A processing step. Built once from its TOML table, then shared by every worker thread: any
/// state it holds is read-only after construction.
pub trait Stage: Send + Sync {
    /// Adds this stage's annotations to one document. An error rejects that document only.
    fn process(&self, doc: &mut Document) -> Result<(), StageError>;
}

/// Builds a stage from the parameters of its `[[stage]]` table (without the `use` key).
pub type BuildStage = fn(&toml::Table, &BuildContext) -> Result<Box<dyn Stage>, BuildError>;

/// A stage as registered with `inventory::submit!`: what `newsprint stages` lists and what a
/// pipeline's `use = "name"` refers to.
#[derive(Debug)]
pub struct StageRegistration {
    /// `group.name`, e.g. `tokenize.words`.
    pub name: &'static str,
    /// One line: what the stage adds.
    pub summary: &'static str,
    /// Layers that earlier stages must have provided.
    pub requires: &'static [&'static str],
    /// Layers this stage adds to (creating them if needed).
    pub provides: &'static [&'static str],
    pub params: &'static [ParamDoc],
    pub build: BuildStage,
    pub origin: Origin,
}

impl StageRegistration {
    pub const fn new(
        name: &'static str,
        summary: &'static str,
        origin: Origin,
        build: BuildStage,
    ) -> Self {
        StageRegistration {
            name,
            summary,
            requires: &[],
            provides: &[],
            params: &[],
            build,
            origin,
        }
    }

    pub const fn requires(mut self, layers: &'static [&'static str]) -> Self {
        self.requires = layers;
        self
    }

    pub const fn provides(mut self, layers: &'static [&'static str]) -> Self {
        self.provides = layers;
        self
    }

    pub const fn params(mut self, params: &'static [ParamDoc]) -> Self {
        self.params = params;
        self
    }
}

inventory::collect!(StageRegistration);
