use std::collections::BTreeMap;

use thiserror::Error;

use crate::exporter::ExporterRegistration;
use crate::reader::ReaderRegistration;
use crate::stage::StageRegistration;
use crate::Origin;

/// Two registrations under one name.
#[derive(Debug, Error, Clone, PartialEq)]
#[error("the {kind} `{name}` is registered twice: in {first} and in {second}")]
pub struct RegistryError {
    pub kind: &'static str,
    pub name: &'static str,
    pub first: Origin,
    pub second: Origin,
}

/// Every stage, reader and exporter linked into this binary, by name. `inventory` yields them
/// in link order, which is not stable; the maps here are sorted.
#[derive(Debug)]
pub struct Registry {
    pub stages: BTreeMap<&'static str, &'static StageRegistration>,
    pub readers: BTreeMap<&'static str, &'static ReaderRegistration>,
    pub exporters: BTreeMap<&'static str, &'static ExporterRegistration>,
}

impl Registry {
    /// Reads the registrations, refusing duplicate names.
    pub fn load() -> Result<Registry, RegistryError> {
        Ok(Registry {
            stages: collect(
                "stage",
                inventory::iter::<StageRegistration>,
                |r| r.name,
                |r| r.origin,
            )?,
            readers: collect(
                "reader",
                inventory::iter::<ReaderRegistration>,
                |r| r.name,
                |r| r.origin,
            )?,
            exporters: collect(
                "exporter",
                inventory::iter::<ExporterRegistration>,
                |r| r.name,
                |r| r.origin,
            )?,
        })
    }

    /// The registered stage names closest to a mistyped one, best first.
    pub fn closest_stage(&self, name: &str) -> Option<&'static str> {
        closest(name, self.stages.keys().copied())
    }

    /// The exporter chosen for a format name.
    pub fn exporter_for_extension(&self, ext: &str) -> Option<&'static ExporterRegistration> {
        self.exporters
            .values()
            .copied()
            .find(|e| e.extensions.iter().any(|x| x.eq_ignore_ascii_case(ext)))
    }
}

/// The candidate nearest to `name` by edit distance, if it is near enough to be a typo.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::osa_distance(name, c), c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn collect<R: 'static>(
    kind: &'static str,
    registrations: impl IntoIterator<Item = &'static R>,
    name: fn(&R) -> &'static str,
    origin: fn(&R) -> Origin,
) -> Result<BTreeMap<&'static str, &'static R>, RegistryError> {
    let mut map: BTreeMap<&'static str, &'static R> = BTreeMap::new();
    for r in registrations {
        if let Some(first) = map.insert(name(r), r) {
            let (a, b) = (origin(first), origin(r));
            // Report the two places in a stable order whatever the link order was.
            let (first, second) = if (a.file, a.line) <= (b.file, b.line) {
                (a, b)
            } else {
                (b, a)
            };
            return Err(RegistryError {
                kind,
                name: name(r),
                first,
                second,
            });
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos() {
        let names = ["tokenize.words", "tokenize.sentences", "extract.gazetteer"];
        assert_eq!(
            closest("tokenize.word", names.iter().copied()),
            Some("tokenize.words")
        );
        assert_eq!(
            closest("tokenise.sentences", names.iter().copied()),
            Some("tokenize.sentences")
        );
        assert_eq!(
            closest("extract.gazeteer", names.iter().copied()),
            Some("extract.gazetteer")
        );
        assert_eq!(closest("parse.dependencies", names.iter().copied()), None);
    }
}

#[cfg(test)]
mod duplicate_tests {
    use super::*;
    use crate::{BuildContext, BuildError, Stage};

    fn never(_: &toml::Table, _: &BuildContext) -> Result<Box<dyn Stage>, BuildError> {
        Err(BuildError::Invalid("not built in this test".into()))
    }

    fn registration(
        name: &'static str,
        file: &'static str,
        line: u32,
    ) -> &'static StageRegistration {
        Box::leak(Box::new(StageRegistration::new(
            name,
            "test",
            Origin {
                krate: "test_crate",
                file,
                line,
            },
            never,
        )))
    }

    #[test]
    fn two_stages_of_one_name_are_an_error_naming_both_places() {
        let regs = [
            registration("extract.things", "b/src/lib.rs", 9),
            registration("tokenize.words", "a/src/lib.rs", 1),
            registration("extract.things", "a/src/things.rs", 40),
        ];
        let err = collect("stage", regs, |r| r.name, |r| r.origin).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the stage `extract.things` is registered twice: in test_crate (a/src/things.rs:40) and in test_crate (b/src/lib.rs:9)"
        );
    }

    #[test]
    fn registrations_are_sorted_by_name() {
        let regs = [
            registration("tokenize.words", "a.rs", 1),
            registration("extract.things", "b.rs", 2),
        ];
        let map = collect("stage", regs, |r| r.name, |r| r.origin).unwrap();
        assert_eq!(
            map.keys().copied().collect::<Vec<_>>(),
            ["extract.things", "tokenize.words"]
        );
    }
}
