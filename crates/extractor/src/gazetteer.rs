//! `extract.gazetteer`: entities from lists of names, matched with Aho-Corasick.
//!
//! Matches are leftmost-longest (`NATO-Russia Council` wins over `NATO`) and must stand on word
//! boundaries: the chars just before and after a match are not letters or digits, so `Iran`
//! does not match inside `Iranian`. A match refused at a boundary does not hide a shorter or
//! later one that stands on boundaries.

use std::collections::HashMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use newsprint_core::{
    parse_params, Annotation, BuildContext, BuildError, Document, ParamDoc, Span, Stage,
    StageError, StageRegistration,
};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Files of `name<TAB>LABEL` lines, relative to the pipeline file.
    #[serde(default)]
    files: Vec<String>,
    /// Inline lists: label → names.
    #[serde(default)]
    entries: HashMap<String, Vec<String>>,
    #[serde(default)]
    case_insensitive: bool,
}

newsprint_core::inventory::submit! {
    StageRegistration::new(
        "extract.gazetteer",
        "entities from lists of names with labels (files or inline), on word boundaries",
        newsprint_core::origin!(),
        build,
    )
    .provides(&["entities"])
    .params(&[
        ParamDoc::new("files", "list of paths", "[]",
            "files of `name<TAB>LABEL` lines (`#` starts a comment), relative to the pipeline file"),
        ParamDoc::new("entries", "table of label = [names]", "{}",
            "inline names, e.g. `entries = { ORG = [\"NATO\", \"CNN\"] }`"),
        ParamDoc::new("case_insensitive", "bool", "false", "match names regardless of ASCII case"),
    ])
}

fn build(table: &toml::Table, ctx: &BuildContext) -> Result<Box<dyn Stage>, BuildError> {
    let params: Params = parse_params(table)?;
    let mut names = NameList::default();
    for file in &params.files {
        let path = ctx.resolve(file);
        let text = std::fs::read_to_string(&path).map_err(|e| BuildError::File {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        names.add_file(&path, &text)?;
    }
    // Sorted so that errors and results do not depend on the table's hash order.
    let mut inline: Vec<_> = params.entries.iter().collect();
    inline.sort();
    for (label, list) in inline {
        for name in list {
            names.add(name, label, "inline `entries`")?;
        }
    }
    if names.names.is_empty() {
        return Err(BuildError::Invalid(
            "no names: give `files` or `entries`".into(),
        ));
    }
    Ok(Box::new(Gazetteer::new(names, params.case_insensitive)?))
}

/// Names and their labels, checked as they are added.
#[derive(Debug, Default)]
pub struct NameList {
    names: Vec<String>,
    labels: Vec<String>,
    /// Where each name was first given, to report a conflicting second label.
    seen: HashMap<String, (usize, String)>,
}

impl NameList {
    pub fn add(&mut self, name: &str, label: &str, place: &str) -> Result<(), BuildError> {
        let name = name.trim();
        let label = label.trim();
        if name.is_empty() || label.is_empty() || label.contains(char::is_whitespace) {
            return Err(BuildError::Invalid(format!(
                "{place}: expected a name and a one-word label, got `{name}` / `{label}`"
            )));
        }
        if let Some((i, first_place)) = self.seen.get(name) {
            if self.labels[*i] != label {
                return Err(BuildError::Invalid(format!(
                    "{place}: `{name}` is labelled {label}, but {first_place} labels it {}",
                    self.labels[*i]
                )));
            }
            return Ok(());
        }
        self.seen
            .insert(name.to_string(), (self.names.len(), place.to_string()));
        self.names.push(name.to_string());
        self.labels.push(label.to_string());
        Ok(())
    }

    pub fn add_file(&mut self, path: &Path, text: &str) -> Result<(), BuildError> {
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let place = format!("{}:{}", path.display(), i + 1);
            let Some((name, label)) = line.split_once('\t') else {
                return Err(BuildError::Invalid(format!(
                    "{place}: expected `name<TAB>LABEL`, got `{line}`"
                )));
            };
            self.add(name, label, &place)?;
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// The built matcher: one automaton over every name.
pub struct Gazetteer {
    automaton: AhoCorasick,
    labels: Vec<String>,
}

impl Gazetteer {
    pub fn new(names: NameList, case_insensitive: bool) -> Result<Self, BuildError> {
        // A full DFA searches ~1.7× faster than the default on the sample corpus but takes
        // memory in proportion to names × alphabet: keep it for lists of news size.
        let kind = (names.names.len() <= 20_000).then_some(AhoCorasickKind::DFA);
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(kind)
            .ascii_case_insensitive(case_insensitive)
            .build(&names.names)
            .map_err(|e| BuildError::Invalid(format!("cannot build the name automaton: {e}")))?;
        Ok(Gazetteer {
            automaton,
            labels: names.labels,
        })
    }

    /// Appends the matches in `text` to `out` as `(span, label)`, in text order.
    pub fn find<'g>(&'g self, text: &str, out: &mut Vec<(Span, &'g str)>) {
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self.automaton.find(Input::new(text).range(at..)) else {
                break;
            };
            if is_boundary(text, m.start(), m.end()) {
                out.push((Span::new(m.start(), m.end()), &self.labels[m.pattern()]));
                at = m.end();
            } else {
                // Try again one char later: a shorter name may start there on a boundary.
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
}

fn is_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

impl Stage for Gazetteer {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let mut found = Vec::new();
        self.find(&doc.text, &mut found);
        let entities = doc.layer_mut("entities");
        entities.extend(
            found
                .into_iter()
                .map(|(span, label)| Annotation::new(span).with("label", label)),
        );
        entities.sort_by_key(|a| (a.span.start, std::cmp::Reverse(a.span.end)));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "A statement from the White House said that Biden “urged Russia to de-escalate tensions with Ukraine.” President Biden also expressed support for diplomacy, at NATO through the NATO-Russia Council, and at the Organization for Security and Cooperation in Europe.";

    fn gazetteer(toml_src: &str) -> Result<Box<dyn Stage>, BuildError> {
        build(&toml_src.parse().unwrap(), &BuildContext::default())
    }

    fn entities(stage: &dyn Stage, text: &str) -> Vec<(String, String)> {
        let mut doc = Document::new("t", text);
        stage.process(&mut doc).unwrap();
        doc.layer("entities")
            .unwrap()
            .iter()
            .map(|a| {
                (
                    doc.span_text(a.span).to_string(),
                    a.str_attr("label").unwrap().to_string(),
                )
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn longest_match_on_word_boundaries() {
        let stage = gazetteer(
            r#"entries = { ORG = ["White House", "NATO", "NATO-Russia Council", "Organization for Security and Cooperation in Europe"], GPE = ["Russia", "Ukraine", "Europe"], PERSON = ["Biden"] }"#,
        )
        .unwrap();
        assert_eq!(
            entities(stage.as_ref(), SEED),
            pairs(&[
                ("White House", "ORG"),
                ("Biden", "PERSON"),
                ("Russia", "GPE"),
                ("Ukraine", "GPE"),
                ("Biden", "PERSON"),
                ("NATO", "ORG"),
                ("NATO-Russia Council", "ORG"),
                ("Organization for Security and Cooperation in Europe", "ORG"),
            ])
        );
    }

    #[test]
    fn refused_match_does_not_hide_a_later_one() {
        // "Iran" inside "Iranian" is refused; "Iran" later in the text is still found, and a
        // refused long match ("Oman" in "Omani") does not hide the name right after it.
        let stage = gazetteer(r#"entries = { GPE = ["Iran", "Oman"] }"#).unwrap();
        assert_eq!(
            entities(
                stage.as_ref(),
                "Iranian oil minister said Iran and Omani officials met."
            ),
            pairs(&[("Iran", "GPE")])
        );
        assert_eq!(
            entities(stage.as_ref(), "Kuwait, Iran."),
            pairs(&[("Iran", "GPE")])
        );
    }

    #[test]
    fn non_ascii_boundaries() {
        let stage = gazetteer(r#"entries = { GPE = ["Москва", "Kyiv"] }"#).unwrap();
        assert_eq!(
            entities(stage.as_ref(), "«Москва» and Kyiv’s leaders; Kyivé no"),
            pairs(&[("Москва", "GPE"), ("Kyiv", "GPE")])
        );
    }

    #[test]
    fn file_errors_name_the_line() {
        let mut names = NameList::default();
        let err = names
            .add_file(
                Path::new("g.tsv"),
                "# countries\nRussia\tGPE\nGeorgia GPE\n",
            )
            .unwrap_err();
        assert_eq!(
            err,
            BuildError::Invalid("g.tsv:3: expected `name<TAB>LABEL`, got `Georgia GPE`".into())
        );
        let err = names
            .add_file(Path::new("h.tsv"), "Russia\tORG\n")
            .unwrap_err();
        assert_eq!(
            err,
            BuildError::Invalid(
                "h.tsv:1: `Russia` is labelled ORG, but g.tsv:2 labels it GPE".into()
            )
        );
    }

    #[test]
    fn missing_file_and_empty_list_are_errors() {
        let err = gazetteer(r#"files = ["no/such.tsv"]"#).err().unwrap();
        assert!(
            matches!(err, BuildError::File { ref path, .. } if path == "no/such.tsv"),
            "{err:?}"
        );
        assert_eq!(
            gazetteer("").err().unwrap(),
            BuildError::Invalid("no names: give `files` or `entries`".into())
        );
        assert_eq!(
            gazetteer("file = \"x.tsv\"").err().unwrap(),
            BuildError::UnknownParam {
                field: "file".into(),
                known: vec!["files".into(), "entries".into(), "case_insensitive".into()]
            }
        );
    }
}
