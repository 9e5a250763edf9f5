//! `conll` and `conllu`: the column formats of the CoNLL shared tasks and of Universal
//! Dependencies, for training and scoring taggers.
//!
//! `conll` is CoNLL-2003: `-DOCSTART- -X- -X- O` before each article, then one line per token,
//! `TOKEN POS CHUNK NER` separated by spaces, with `_` for the part-of-speech and chunk columns
//! newsprint does not produce, entities in IOB2 (`B-GPE`, `I-GPE`, `O`), and a blank line after
//! each sentence. Labels are OntoNotes' by default; `labels = "conll"` maps them to CoNLL's four
//! (PERSON → PER, ORG, GPE/LOC/FAC → LOC, the rest → MISC). A token takes the label of the
//! entity it overlaps (an entity inside a token, like `Reuters` in `PutinReuters`, labels it).
//!
//! `conllu` is CoNLL-U: `# newdoc id`, `# sent_id` and `# text` comments, then ten tab-separated
//! columns per token with `_` where newsprint has nothing (lemma, tags, features, syntax), and
//! `SpaceAfter=No` in MISC where no space follows.

use newsprint_core::{
    parse_params, BuildContext, BuildError, Document, Exporter, ExporterRegistration, OutputSchema,
    ParamDoc, Span, Token,
};
use serde::Deserialize;

use crate::layers;

#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelSet {
    #[default]
    Ontonotes,
    Conll,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConllParams {
    #[serde(default)]
    labels: LabelSet,
}

newsprint_core::inventory::submit! {
    ExporterRegistration {
        name: "conll",
        summary: "CoNLL-2003 columns: token, _, _, IOB2 entity tag; a blank line after each sentence",
        extensions: &["conll"],
        params: &[ParamDoc::new("labels", "\"ontonotes\" | \"conll\"", "\"ontonotes\"",
            "entity labels as OntoNotes (PERSON, GPE …) or CoNLL-2003's four (PER, ORG, LOC, MISC)")],
        build: build_conll,
        origin: newsprint_core::origin!(),
    }
}

newsprint_core::inventory::submit! {
    ExporterRegistration {
        name: "conllu",
        summary: "CoNLL-U: tokens and sentences with # sent_id and # text, SpaceAfter=No",
        extensions: &["conllu"],
        params: &[],
        build: build_conllu,
        origin: newsprint_core::origin!(),
    }
}

fn needs_tokens(schema: &OutputSchema, format: &str) -> Result<(), BuildError> {
    if schema.layers.contains(&"tokens") {
        Ok(())
    } else {
        Err(BuildError::Invalid(format!(
            "the {format} format writes one line per token: add a `tokenize.words` stage"
        )))
    }
}

fn build_conll(
    table: &toml::Table,
    _ctx: &BuildContext,
    schema: &OutputSchema,
) -> Result<Box<dyn Exporter>, BuildError> {
    let params: ConllParams = parse_params(table)?;
    needs_tokens(schema, "conll")?;
    Ok(Box::new(ConllExporter {
        labels: params.labels,
    }))
}

fn build_conllu(
    table: &toml::Table,
    _ctx: &BuildContext,
    schema: &OutputSchema,
) -> Result<Box<dyn Exporter>, BuildError> {
    layers::no_params(table)?;
    needs_tokens(schema, "conllu")?;
    Ok(Box::new(ConlluExporter))
}

/// The token ranges of each sentence; the whole document when there is no sentence layer.
fn sentence_tokens(doc: &Document) -> Vec<(Span, &[Token])> {
    if doc.sentences.is_empty() {
        return if doc.tokens.is_empty() {
            Vec::new()
        } else {
            vec![(Span::new(0, doc.text.len()), doc.tokens.as_slice())]
        };
    }
    let mut out = Vec::with_capacity(doc.sentences.len());
    let mut first = 0;
    for s in &doc.sentences {
        let len = doc.tokens[first..]
            .iter()
            .take_while(|t| t.span.start < s.end)
            .count();
        out.push((*s, &doc.tokens[first..first + len]));
        first += len;
    }
    out
}

/// IOB2 entity tags, one per token.
fn iob_tags(doc: &Document, labels: LabelSet) -> Vec<String> {
    let mut tags = vec![String::from("O"); doc.tokens.len()];
    let Some(entities) = doc.layer("entities") else {
        return tags;
    };
    // Tokens and entities are both in text order: one pass.
    let mut t = 0;
    for e in entities {
        while t < doc.tokens.len() && doc.tokens[t].span.end <= e.span.start {
            t += 1;
        }
        let label = layers::label(e).unwrap_or("MISC");
        let label = match labels {
            LabelSet::Ontonotes => label,
            LabelSet::Conll => conll_label(label),
        };
        let mut i = t;
        while i < doc.tokens.len() && doc.tokens[i].span.start < e.span.end {
            if tags[i] == "O" {
                let prefix = if i == t { "B" } else { "I" };
                tags[i] = format!("{prefix}-{label}");
            }
            i += 1;
        }
    }
    tags
}

/// OntoNotes → CoNLL-2003, as the CoNLL-2003 evaluations of spaCy and others map them.
pub fn conll_label(label: &str) -> &'static str {
    match label {
        "PERSON" | "PER" => "PER",
        "ORG" => "ORG",
        "GPE" | "LOC" | "FAC" => "LOC",
        _ => "MISC",
    }
}

/// Writes CoNLL-2003 columns.
#[derive(Debug, Clone)]
pub struct ConllExporter {
    pub labels: LabelSet,
}

impl Exporter for ConllExporter {
    fn encode(&self, doc: &Document, out: &mut Vec<u8>) {
        out.extend_from_slice(b"-DOCSTART- -X- -X- O\n\n");
        let tags = iob_tags(doc, self.labels);
        let mut i = 0;
        for (_, tokens) in sentence_tokens(doc) {
            for t in tokens {
                out.extend_from_slice(t.span.slice(&doc.text).as_bytes());
                out.extend_from_slice(b" _ _ ");
                out.extend_from_slice(tags[i].as_bytes());
                out.push(b'\n');
                i += 1;
            }
            out.push(b'\n');
        }
    }

    fn resumable(&self) -> bool {
        true
    }
}

/// Writes CoNLL-U.
#[derive(Debug, Clone)]
pub struct ConlluExporter;

impl Exporter for ConlluExporter {
    fn encode(&self, doc: &Document, out: &mut Vec<u8>) {
        // Comment values are one line: the id and text with their line breaks as spaces.
        let one_line = |s: &str| s.replace(['\n', '\r'], " ");
        for (n, (sentence, tokens)) in sentence_tokens(doc).into_iter().enumerate() {
            if n == 0 {
                out.extend_from_slice(format!("# newdoc id = {}\n", one_line(&doc.id)).as_bytes());
            }
            out.extend_from_slice(
                format!(
                    "# sent_id = {}-{}\n# text = {}\n",
                    one_line(&doc.id),
                    n + 1,
                    one_line(sentence.slice(&doc.text))
                )
                .as_bytes(),
            );
            for (i, t) in tokens.iter().enumerate() {
                let space_after = tokens.get(i + 1).map_or(sentence.end > t.span.end, |next| {
                    next.span.start > t.span.end
                });
                let misc = if space_after { "_" } else { "SpaceAfter=No" };
                out.extend_from_slice(
                    format!(
                        "{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{misc}\n",
                        i + 1,
                        t.span.slice(&doc.text)
                    )
                    .as_bytes(),
                );
            }
            out.push(b'\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use newsprint_core::{Annotation, TokenKind};

    use super::*;

    /// The seed story's caption artefact and a sentence of it, tokenized by hand.
    fn doc() -> Document {
        let text = "Biden and PutinReuters\n\nPutin spoke in Geneva, CNN reported.";
        let mut doc = Document::new("seed", text);
        let mut at = 0;
        for word in [
            "Biden",
            "and",
            "PutinReuters",
            "Putin",
            "spoke",
            "in",
            "Geneva",
            ",",
            "CNN",
            "reported",
            ".",
        ] {
            let start = at + text[at..].find(word).unwrap();
            at = start + word.len();
            let kind = if word.len() == 1 {
                TokenKind::Punct
            } else {
                TokenKind::Word
            };
            doc.tokens.push(Token {
                span: Span::new(start, at),
                kind,
            });
        }
        doc.sentences = vec![Span::new(0, 22), Span::new(24, text.len())];
        let span = |s: &str, from: usize| {
            let start = from + text[from..].find(s).unwrap();
            Span::new(start, start + s.len())
        };
        let entities = doc.layer_mut("entities");
        for (s, from, label) in [
            ("Biden", 0, "PERSON"),
            ("Reuters", 0, "ORG"),
            ("Putin", 24, "PERSON"),
            ("Geneva", 0, "GPE"),
            ("CNN", 0, "ORG"),
        ] {
            entities.push(Annotation::new(span(s, from)).with("label", label));
        }
        doc
    }

    #[test]
    fn conll_2003_columns_with_iob2_tags() {
        let mut out = Vec::new();
        ConllExporter {
            labels: LabelSet::Conll,
        }
        .encode(&doc(), &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "-DOCSTART- -X- -X- O\n\n\
             Biden _ _ B-PER\nand _ _ O\nPutinReuters _ _ B-ORG\n\n\
             Putin _ _ B-PER\nspoke _ _ O\nin _ _ O\nGeneva _ _ B-LOC\n, _ _ O\nCNN _ _ B-ORG\nreported _ _ O\n. _ _ O\n\n"
        );
        let mut out = Vec::new();
        ConllExporter {
            labels: LabelSet::Ontonotes,
        }
        .encode(&doc(), &mut out);
        assert!(String::from_utf8(out)
            .unwrap()
            .contains("Geneva _ _ B-GPE\n"));
    }

    #[test]
    fn multi_token_entities_continue_with_i() {
        let text = "the NATO-Russia Council met";
        let mut doc = Document::new("d", text);
        for (s, e) in [(0, 3), (4, 15), (16, 23), (24, 27)] {
            doc.tokens.push(Token {
                span: Span::new(s, e),
                kind: TokenKind::Word,
            });
        }
        doc.layer_mut("entities")
            .push(Annotation::new(Span::new(4, 23)).with("label", "ORG"));
        assert_eq!(
            iob_tags(&doc, LabelSet::Ontonotes),
            ["O", "B-ORG", "I-ORG", "O"]
        );
    }

    #[test]
    fn conllu_sentences_with_space_after() {
        let mut out = Vec::new();
        ConlluExporter.encode(&doc(), &mut out);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "# newdoc id = seed\n# sent_id = seed-1\n# text = Biden and PutinReuters\n\
             1\tBiden\t_\t_\t_\t_\t_\t_\t_\t_\n2\tand\t_\t_\t_\t_\t_\t_\t_\t_\n3\tPutinReuters\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\n\
             # sent_id = seed-2\n# text = Putin spoke in Geneva, CNN reported.\n\
             1\tPutin\t_\t_\t_\t_\t_\t_\t_\t_\n2\tspoke\t_\t_\t_\t_\t_\t_\t_\t_\n3\tin\t_\t_\t_\t_\t_\t_\t_\t_\n\
             4\tGeneva\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n5\t,\t_\t_\t_\t_\t_\t_\t_\t_\n6\tCNN\t_\t_\t_\t_\t_\t_\t_\t_\n\
             7\treported\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n8\t.\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\n"
        );
    }
}
