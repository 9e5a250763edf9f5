//! `extract.keywords`: an article's keywords by YAKE (Campos et al., 2020), statistical and
//! unsupervised: it needs no corpus, only the article.
//!
//! Each word that is not a stop word gets a score from five features: how often it is
//! capitalised mid-sentence or an acronym (casing), how early it appears (the median sentence
//! of its occurrences), how frequent it is against the article's other words, how many
//! different words stand next to it (relatedness: a word seen beside many different words is a
//! function word, not a topic), and in how many sentences it occurs. Candidates are n-grams of
//! up to `max_ngram` words inside a sentence, not starting or ending with a stop word; a
//! candidate's score combines its words' scores and its own frequency. Scores are YAKE's:
//! **lower is better**; the list is in increasing score order.
//!
//! Near-duplicates are dropped in favour of the better one: the same words but for a plural or
//! possessive ending (`tension`, `tensions`). The text of a keyword is its first occurrence that
//! does not start a sentence (so common nouns keep their lower case).
//!
//! Stop words are English (`keywords/stopwords-en.txt`, Snowball's list and a few news-wire
//! words): articles that `detect.language` found to be in another language get an empty list
//! and `"skipped": {"keywords": "language de"}` (see
//! [`crate::language::skip_unless_english`]).

// Fx, not SipHash: keys are this document's own words, and hashing them was a tenth of the
// whole news pipeline's time.
use rustc_hash::{FxHashMap, FxHashSet};

use newsprint_core::{
    parse_params, BuildContext, BuildError, Document, ParamDoc, Span, Stage, StageError,
    StageRegistration, TokenKind,
};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::language::skip_unless_english;
use crate::words::Words;

const STOP_WORDS_EN: &str = include_str!("keywords/stopwords-en.txt");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_top")]
    top: usize,
    #[serde(default = "default_max_ngram")]
    max_ngram: usize,
}

fn default_top() -> usize {
    10
}

fn default_max_ngram() -> usize {
    3
}

newsprint_core::inventory::submit! {
    StageRegistration::new(
        "extract.keywords",
        "the article's keywords with YAKE scores (lower is better), English stop words",
        newsprint_core::origin!(),
        build,
    )
    .requires(&["tokens", "sentences"])
    .provides(&["keywords", "skipped"])
    .params(&[
        ParamDoc::new("top", "integer", "10", "how many keywords to keep"),
        ParamDoc::new("max_ngram", "integer", "3", "the longest keyword in words (1 to 3)"),
    ])
}

fn build(table: &toml::Table, _ctx: &BuildContext) -> Result<Box<dyn Stage>, BuildError> {
    let params: Params = parse_params(table)?;
    if !(1..=3).contains(&params.max_ngram) {
        return Err(BuildError::Invalid("`max_ngram` must be 1, 2 or 3".into()));
    }
    Ok(Box::new(Keywords::new(params.top, params.max_ngram)))
}

/// The built stage.
#[derive(Debug)]
pub struct Keywords {
    top: usize,
    max_ngram: usize,
    stop_words: FxHashSet<&'static str>,
}

impl Default for Keywords {
    fn default() -> Self {
        Keywords::new(default_top(), default_max_ngram())
    }
}

impl Stage for Keywords {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let keywords = if skip_unless_english(doc, "keywords") {
            Vec::new()
        } else {
            self.find(doc)
        };
        let list = keywords
            .into_iter()
            .map(|(text, score)| json!({"text": text, "score": score}))
            .collect();
        doc.set_value("keywords", Value::Array(list));
        Ok(())
    }
}

/// A word's counts over the article, for the YAKE features.
#[derive(Clone, Debug, Default)]
struct Term {
    count: u32,
    capitalised: u32,
    acronym: u32,
    sentences: Vec<u32>,
    is_stop: bool,
}

/// A candidate n-gram: its words' term ids (`NONE` past its length), how often it occurs, and
/// the occurrence whose text it is given.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    count: u32,
    span: Span,
    at_sentence_start: bool,
}

const NONE: u32 = u32::MAX;

impl Keywords {
    pub fn new(top: usize, max_ngram: usize) -> Self {
        let stop_words = STOP_WORDS_EN
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        Keywords {
            top,
            max_ngram,
            stop_words,
        }
    }

    /// The top keywords as `(span of their text, score)`, best first.
    fn find(&self, doc: &Document) -> Vec<(String, f64)> {
        let w = Words::new(&doc.text, &doc.tokens);
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        ids.reserve(w.len() / 2);
        let mut terms: Vec<Term> = Vec::new();
        // Each token's term id (NONE for tokens that are not words) and sentence number.
        let mut token_terms = Vec::with_capacity(w.len());
        let mut sentence = 0usize;
        let mut sentence_start = true;
        for i in 0..w.len() {
            let span = w.token_span(i);
            while sentence + 1 < doc.sentences.len() && doc.sentences[sentence].end <= span.start {
                sentence += 1;
                sentence_start = true;
            }
            let raw = w.raw(i);
            let is_word = w.kind(i) == Some(TokenKind::Word)
                && raw.chars().next().is_some_and(char::is_alphabetic)
                && raw.chars().nth(1).is_some();
            if !is_word {
                token_terms.push(NONE);
                sentence_start = sentence_start && w.kind(i) == Some(TokenKind::Punct);
                continue;
            }
            let lower = w.get(i);
            let id = *ids.entry(lower).or_insert_with(|| {
                terms.push(Term {
                    is_stop: self.stop_words.contains(lower),
                    ..Term::default()
                });
                (terms.len() - 1) as u32
            });
            let term = &mut terms[id as usize];
            term.count += 1;
            let upper_first = raw.starts_with(char::is_uppercase);
            if raw.chars().all(|c| !c.is_lowercase())
                && raw.chars().filter(|c| c.is_uppercase()).count() > 1
            {
                term.acronym += 1;
            } else if upper_first && !sentence_start {
                term.capitalised += 1;
            }
            if term.sentences.last() != Some(&(sentence as u32)) {
                term.sentences.push(sentence as u32);
            }
            token_terms.push(id);
            sentence_start = false;
        }
        if terms.is_empty() {
            return Vec::new();
        }
        let weights = self.term_weights(&terms, &token_terms, doc.sentences.len().max(1));
        let candidates = self.candidates(&w, &terms, &token_terms, doc);
        let mut scored: Vec<(f64, [u32; 3], Candidate)> = candidates
            .into_iter()
            .map(|(key, c)| {
                let (mut product, mut sum) = (1.0, 0.0);
                for &t in key.iter().filter(|&&t| t != NONE) {
                    product *= weights[t as usize];
                    sum += weights[t as usize];
                }
                (product / (f64::from(c.count) * (1.0 + sum)), key, c)
            })
            .collect();
        // Ties in score fall back to text order, so that the output is deterministic.
        scored.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(a.2.span.start.cmp(&b.2.span.start))
        });
        let mut picked: Vec<(String, f64, [u32; 3])> = Vec::new();
        for (score, key, c) in scored {
            if picked.len() == self.top {
                break;
            }
            let shares_a_word =
                |other: &[u32; 3]| key.iter().any(|&t| t != NONE && other.contains(&t));
            if picked.iter().any(|(_, _, other)| shares_a_word(other)) {
                continue;
            }
            let text = doc
                .span_text(c.span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            picked.push((text, round_significant(score), key));
        }
        picked
            .into_iter()
            .map(|(text, score, _)| (text, score))
            .collect()
    }

    /// YAKE's weight of each term (lower is more important).
    fn term_weights(&self, terms: &[Term], token_terms: &[u32], sentences: usize) -> Vec<f64> {
        // Distinct and total neighbours on each side, over adjacent word tokens. A pair is
        // (term, neighbour) and counts as distinct the first time the set sees it.
        let mut left_total = vec![0u32; terms.len()];
        let mut right_total = vec![0u32; terms.len()];
        let mut left_distinct = vec![0u32; terms.len()];
        let mut right_distinct = vec![0u32; terms.len()];
        let mut seen: FxHashSet<(u32, u32)> = FxHashSet::default();
        seen.reserve(token_terms.len());
        for pair in token_terms.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a == NONE || b == NONE {
                continue;
            }
            // b has a on its left; a has b on its right (the high bit tells the sides apart).
            left_total[b as usize] += 1;
            right_total[a as usize] += 1;
            if seen.insert((b, a)) {
                left_distinct[b as usize] += 1;
            }
            if seen.insert((a, b | 1 << 31)) {
                right_distinct[a as usize] += 1;
            }
        }
        let counts: Vec<f64> = terms
            .iter()
            .filter(|t| !t.is_stop)
            .map(|t| f64::from(t.count))
            .collect();
        let n = counts.len().max(1) as f64;
        let mean = counts.iter().sum::<f64>() / n;
        let std = (counts.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / n).sqrt();
        let max = terms.iter().map(|t| t.count).max().unwrap_or(1);
        let ratio = |distinct: u32, total: u32| {
            if total == 0 {
                0.0
            } else {
                f64::from(distinct) / f64::from(total)
            }
        };
        terms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let tf = f64::from(t.count);
                let casing = f64::from(t.capitalised.max(t.acronym)) / (1.0 + tf.ln());
                let median = f64::from(t.sentences[t.sentences.len() / 2]);
                let position = (3.0 + median).ln().ln();
                let frequency = tf / (mean + std);
                let relatedness = 1.0
                    + (ratio(left_distinct[i], left_total[i])
                        + ratio(right_distinct[i], right_total[i]))
                        * tf
                        / f64::from(max);
                let spread = t.sentences.len() as f64 / sentences as f64;
                relatedness * position / (casing + frequency / relatedness + spread / relatedness)
            })
            .collect()
    }

    /// Every n-gram of up to `max_ngram` words within a sentence that neither starts nor ends
    /// with a stop word.
    fn candidates(
        &self,
        w: &Words,
        terms: &[Term],
        token_terms: &[u32],
        doc: &Document,
    ) -> FxHashMap<[u32; 3], Candidate> {
        let mut out: FxHashMap<[u32; 3], Candidate> = FxHashMap::default();
        let mut sentence = 0usize;
        for start in 0..token_terms.len() {
            let first = token_terms[start];
            if first == NONE || terms[first as usize].is_stop {
                continue;
            }
            let start_span = w.token_span(start);
            while sentence + 1 < doc.sentences.len()
                && doc.sentences[sentence].end <= start_span.start
            {
                sentence += 1;
            }
            let sentence_end = doc.sentences.get(sentence).map_or(usize::MAX, |s| s.end);
            let at_sentence_start = doc
                .sentences
                .get(sentence)
                .is_some_and(|s| s.start == start_span.start);
            let mut key = [NONE; 3];
            for len in 1..=self.max_ngram {
                let end = start + len - 1;
                let Some(&id) = token_terms.get(end) else {
                    break;
                };
                if id == NONE || w.token_span(end).end > sentence_end {
                    break;
                }
                if terms[id as usize].is_stop {
                    break;
                }
                key[len - 1] = id;
                let span = w.span(start, end + 1);
                out.entry(key)
                    .and_modify(|c| {
                        c.count += 1;
                        if c.at_sentence_start && !at_sentence_start {
                            c.span = span;
                            c.at_sentence_start = false;
                        }
                    })
                    .or_insert(Candidate {
                        count: 1,
                        span,
                        at_sentence_start,
                    });
            }
        }
        out
    }
}

/// Four significant digits: the score's order of magnitude matters, its 15th digit does not.
fn round_significant(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return 0.0;
    }
    let scale = 10f64.powi(3 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::language::LanguageDetector;
    use crate::testing::{document, run, sample_corpus};

    fn keywords_of(doc: &Document) -> Vec<&str> {
        doc.value("keywords")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["text"].as_str().unwrap())
            .collect()
    }

    fn sample(id: &str) -> Document {
        sample_corpus().into_iter().find(|d| d.id == id).unwrap()
    }

    #[test]
    fn seed_story_top_keywords() {
        let mut doc = sample("seed-biden-putin");
        run(&[&Keywords::new(6, 3)], &mut doc);
        assert_eq!(
            keywords_of(&doc),
            [
                "Biden",
                "President Vladimir Putin",
                "Ukraine",
                "Russia",
                "Strategic Stability Dialogue",
                "White House"
            ]
        );
        let scores: Vec<f64> = doc
            .value("keywords")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["score"].as_f64().unwrap())
            .collect();
        assert!(
            scores.windows(2).all(|p| p[0] <= p[1]),
            "lower is better, best first: {scores:?}"
        );
        assert_eq!(scores[0], 0.02223);
    }

    #[test]
    fn reuters_story_top_keywords() {
        let mut doc = sample("reuters21578-144");
        run(&[&Keywords::new(5, 3)], &mut doc);
        assert_eq!(
            keywords_of(&doc),
            [
                "OPEC",
                "scheduled June session",
                "oil",
                "Energy Research Associates",
                "Salomon Brothers Inc."
            ]
        );
        let mut unigrams = sample("reuters21578-127");
        run(&[&Keywords::new(3, 1)], &mut unigrams);
        assert_eq!(keywords_of(&unigrams), ["Shamrock", "Corp", "barrel"]);
    }

    #[test]
    fn no_stop_words_and_no_word_in_two_keywords() {
        let stage = Keywords::default();
        for mut doc in sample_corpus() {
            run(&[&stage], &mut doc);
            let keywords = keywords_of(&doc);
            assert!(keywords.len() <= 10);
            let mut seen = HashSet::new();
            for k in keywords {
                let words: std::collections::HashSet<String> =
                    k.split(' ').map(|w| w.to_lowercase()).collect();
                for word in words {
                    assert!(!stage.stop_words.contains(word.as_str()), "{}: {k}", doc.id);
                    assert!(
                        seen.insert(word.clone()),
                        "{}: {word} in two keywords",
                        doc.id
                    );
                }
            }
        }
    }

    #[test]
    fn other_languages_are_skipped_and_say_so() {
        let cases = [
            ("Die Bundesregierung hat am Donnerstag neue Sanktionen gegen Russland beschlossen, teilte ein Sprecher in Berlin mit.", "de"),
            ("Le gouvernement français a annoncé jeudi de nouvelles sanctions contre la Russie, a indiqué un porte-parole.", "fr"),
            ("Правительство России в четверг объявило о новых мерах поддержки экономики.", "ru"),
            ("中国政府周四宣布了新的经济刺激措施。", "zh"),
        ];
        for (text, code) in cases {
            let mut doc = document(text, None);
            run(
                &[&LanguageDetector::default(), &Keywords::default()],
                &mut doc,
            );
            assert_eq!(doc.value("keywords"), Some(&json!([])), "{text}");
            assert_eq!(
                doc.value("skipped"),
                Some(&json!({"keywords": format!("language {code}")}))
            );
        }
        let mut english = document(
            "The central bank raised interest rates on Thursday, the bank said.",
            None,
        );
        run(
            &[&LanguageDetector::default(), &Keywords::default()],
            &mut english,
        );
        assert!(!keywords_of(&english).is_empty());
        assert_eq!(english.value("skipped"), Some(&json!({})));
    }

    #[test]
    fn empty_and_odd_unicode_texts() {
        for text in [
            "",
            "   ",
            "12 34 56",
            "Zürich café 北京 Москва 🇺🇦 e\u{301} \u{200B}x",
            "\"\"\"",
            "ÉCOLE ÉCOLE école",
        ] {
            let mut doc = document(text, None);
            run(&[&Keywords::default()], &mut doc);
            assert!(doc.value("keywords").unwrap().is_array());
        }
    }

    #[test]
    fn bad_params_are_refused() {
        let err = |src: &str| build(&src.parse().unwrap(), &BuildContext::default()).err();
        assert_eq!(
            err("max_ngram = 4"),
            Some(BuildError::Invalid("`max_ngram` must be 1, 2 or 3".into()))
        );
        assert!(matches!(
            err("topp = 3"),
            Some(BuildError::UnknownParam { .. })
        ));
        assert!(err("top = 3\nmax_ngram = 2").is_none());
    }
}
