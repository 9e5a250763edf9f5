//! Every stage crate must be linked into the binary: a crate that nothing names is silently
//! dropped by the linker and its `inventory` registrations with it. These counts fail then.

use std::collections::BTreeMap;

use newsprint::core::Registry;

fn by_crate<'a>(origins: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    let mut counts = BTreeMap::new();
    for krate in origins {
        *counts.entry(krate).or_default() += 1;
    }
    counts
}

#[test]
fn registered_stages_per_crate() {
    let registry = Registry::load().expect("no duplicate names");
    let stages = by_crate(registry.stages.values().map(|s| s.origin.krate));
    assert_eq!(
        stages,
        BTreeMap::from([("newsprint_extractor", 7), ("newsprint_tokenizer", 2)])
    );
    assert_eq!(
        registry.stages.keys().copied().collect::<Vec<_>>(),
        [
            "detect.language",
            "extract.entities",
            "extract.gazetteer",
            "extract.keywords",
            "extract.quantities",
            "extract.quotes",
            "extract.timexes",
            "tokenize.sentences",
            "tokenize.words"
        ]
    );
}

#[test]
fn registered_readers_and_exporters() {
    let registry = Registry::load().unwrap();
    assert_eq!(
        by_crate(registry.readers.values().map(|r| r.origin.krate)),
        BTreeMap::from([("newsprint_runner", 2)])
    );
    assert_eq!(
        by_crate(registry.exporters.values().map(|e| e.origin.krate)),
        BTreeMap::from([("newsprint_exporter", 8)])
    );
}

/// The parameter docs `newsprint stages -v` shows must be the parameters the stage takes: an
/// unknown parameter's error lists serde's known fields, which must equal the documented ones.
#[test]
fn documented_params_are_the_real_params() {
    let registry = Registry::load().unwrap();
    for stage in registry.stages.values() {
        let mut table = toml::Table::new();
        table.insert("no_such_param_xyz".into(), toml::Value::Boolean(true));
        let documented: Vec<String> = stage.params.iter().map(|p| p.name.to_string()).collect();
        match (stage.build)(&table, &Default::default()).err() {
            Some(newsprint::core::BuildError::UnknownParam { field, known }) => {
                assert_eq!(field, "no_such_param_xyz");
                assert_eq!(
                    known, documented,
                    "{}: documented vs real parameters",
                    stage.name
                );
            }
            other => panic!(
                "{} must refuse unknown parameters, got {other:?}",
                stage.name
            ),
        }
        for param in stage.params {
            assert!(
                !param.doc.is_empty(),
                "{}.{} has no doc",
                stage.name,
                param.name
            );
        }
    }
    let schema = newsprint::core::OutputSchema {
        layers: vec!["tokens", "sentences", "entities"],
    };
    for exporter in registry.exporters.values() {
        let mut table = toml::Table::new();
        table.insert("no_such_param_xyz".into(), toml::Value::Boolean(true));
        let documented: Vec<String> = exporter.params.iter().map(|p| p.name.to_string()).collect();
        match (exporter.build)(&table, &Default::default(), &schema).err() {
            Some(newsprint::core::BuildError::UnknownParam { known, .. }) => {
                assert_eq!(known, documented, "exporter {}", exporter.name)
            }
            _ => panic!("exporter {} must refuse unknown parameters", exporter.name),
        }
    }
}
