//! Stages that fail on purpose, so that tests can show that one bad document never stops a run.
//! Only test code links this crate (`use newsprint_test_stages as _;`).

use newsprint_core::{
    parse_params, BuildContext, BuildError, Document, ParamDoc, Stage, StageError,
    StageRegistration,
};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// The stage misbehaves on documents whose text contains this.
    on: String,
}

const PARAMS: &[ParamDoc] = &[ParamDoc::new(
    "on",
    "string",
    "required",
    "misbehave on documents whose text contains this",
)];

newsprint_core::inventory::submit! {
    StageRegistration::new("test.panic", "panics on documents that contain `on`", newsprint_core::origin!(), |t, c| build(t, c, Fault::Panic))
        .params(PARAMS)
}

newsprint_core::inventory::submit! {
    StageRegistration::new("test.fail", "returns an error on documents that contain `on`", newsprint_core::origin!(), |t, c| build(t, c, Fault::Error))
        .params(PARAMS)
}

#[derive(Clone, Copy)]
enum Fault {
    Panic,
    Error,
}

struct Faulty {
    on: String,
    fault: Fault,
}

fn build(
    table: &toml::Table,
    _: &BuildContext,
    fault: Fault,
) -> Result<Box<dyn Stage>, BuildError> {
    let params: Params = parse_params(table)?;
    Ok(Box::new(Faulty {
        on: params.on,
        fault,
    }))
}

impl Stage for Faulty {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if !doc.text.contains(&self.on) {
            return Ok(());
        }
        match self.fault {
            Fault::Panic => panic!("deliberate panic on `{}`", self.on),
            Fault::Error => Err(StageError::new(format!(
                "deliberate error on `{}`",
                self.on
            ))),
        }
    }
}
