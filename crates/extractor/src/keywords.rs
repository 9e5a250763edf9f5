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
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hash::Hasher;

use hashbrown::hash_table::HashTable;
use rustc_hash::{FxHashMap, FxHasher};

use newsprint_core::swar::ascii_letters;
use newsprint_core::{
    parse_params, BuildContext, BuildError, Document, ParamDoc, Span, Stage, StageError,
    StageRegistration, TokenKind,
};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::language::skip_unless_english;

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
    /// Hashed with [`hash`], as the document's words are, so that one hash of a word serves
    /// to find its term and to tell whether it is a stop word.
    stop_words: HashTable<&'static str>,
    /// A bit of each stop word's hash ([`stop_bit`]) set: most other words are told apart
    /// without a lookup.
    stop_bits: [u64; 16],
    ln: Vec<f64>,
    position: Vec<f64>,
    /// `{"text": null, "score": null}`, the object of one keyword.
    keyword: Map<String, Value>,
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
            let keywords = SCRATCH.with_borrow_mut(|scratch| self.find(doc, scratch));
            // A huge article's tables are not kept (nor cleared for every later article).
            if doc.tokens.len() > 1 << 16 {
                SCRATCH.take();
            }
            keywords
        };
        doc.set_value("keywords", Value::Array(keywords));
        Ok(())
    }
}

/// A word's counts over the article, for the YAKE features.
#[derive(Clone, Copy, Debug, Default)]
struct Term {
    /// The [`hash_tail`] of its word as it first occurs, and where (start, length).
    hash: u64,
    tail: u64,
    at: u32,
    len: u32,
    count: u32,
    capitalised: u32,
    acronym: u32,
    is_stop: bool,
    /// The first and last of its occurrences if it is not a stop word (NONE if it is).
    first: u32,
    last: u32,
    /// Whether a keyword picked so far has it.
    picked: bool,
}

/// A candidate n-gram: its words, how often it occurs, and the occurrence whose text it is
/// given (by token: its first and how many words). The n-grams one word longer that start
/// with it are a list in `longer`: its `child`, then each one's `sibling`; `children` counts
/// them.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    key: [u32; 3],
    count: u32,
    start: u32,
    len: u8,
    at_sentence_start: bool,
    child: u32,
    sibling: u32,
    children: u32,
}

/// A prefix with more extensions than this has them indexed by key in [`Scratch::indexed`]:
/// a list that long (a word before many different words in a long text) would make counting
/// quadratic.
const LIST_EXTENSIONS: u32 = 16;

impl Candidate {
    /// Counts an occurrence that starts at `first`: its text is the first that does not
    /// start a sentence.
    fn add(&mut self, first: &Occurrence) {
        if self.count == 0 || self.at_sentence_start && !first.at_sentence_start {
            self.start = first.token;
            self.at_sentence_start = first.at_sentence_start;
        }
        self.count += 1;
    }
}

/// The n-gram `key` of `len` words in `longer`, found among the extensions of its prefix
/// (`prefix` is its `child` and `children`), or added; and whether it was added (then it is the
/// prefix's new `child`, and the prefix has one more).
fn extension(
    longer: &mut Vec<Candidate>,
    indexed: &mut FxHashMap<[u32; 3], u32>,
    (child, children): (u32, u32),
    key: [u32; 3],
    len: u8,
    first: &Occurrence,
) -> (u32, bool) {
    if children > LIST_EXTENSIONS {
        if let Some(&at) = indexed.get(&key) {
            return (at, false);
        }
    } else {
        let last = key[usize::from(len) - 1];
        let mut at = child;
        while at != NONE {
            let c = &longer[at as usize];
            if c.key[usize::from(len) - 1] == last {
                return (at, false);
            }
            at = c.sibling;
        }
    }
    longer.push(Candidate {
        key,
        count: 0,
        start: first.token,
        len,
        at_sentence_start: first.at_sentence_start,
        child: NONE,
        sibling: child,
        children: 0,
    });
    let at = longer.len() as u32 - 1;
    if children + 1 > LIST_EXTENSIONS {
        if children == LIST_EXTENSIONS {
            // The list just grew too long: from now on its n-grams are found by key.
            let mut next = child;
            while next != NONE {
                indexed.insert(longer[next as usize].key, next);
                next = longer[next as usize].sibling;
            }
        }
        indexed.insert(key, at);
    }
    (at, true)
}

/// An occurrence of a term that is not a stop word: its token, term and sentence, the term's
/// next occurrence (NONE after the last), and for the n-grams that start at it, the end of its
/// sentence and whether it starts it.
#[derive(Clone, Copy, Debug)]
struct Occurrence {
    token: u32,
    term: u32,
    sentence: u32,
    next: u32,
    sentence_end: usize,
    at_sentence_start: bool,
}

/// What [`Keywords::find`] reuses from one document to the next: tables allocated afresh for
/// each document were cold in the cache, and cost about a quarter of the stage.
#[derive(Default)]
struct Scratch {
    /// The terms by the [`hash_tail`] of their words: open addressing (the next slot after a taken
    /// one) over a power of two of slots, twice as many as the document's tokens, each a term
    /// id or NONE. (A hashbrown table's groups of tags cost more than they save in a table
    /// this small and sparse, and `terms` keeps the full hashes to compare.)
    slots: Vec<u32>,
    terms: Vec<Term>,
    /// The ids of the terms that are not stop words, in order.
    kept: Vec<u32>,
    /// The occurrences of the terms that are not stop words (each term's are a list).
    occurrences: Vec<Occurrence>,
    /// Each token's term id (NONE for tokens that are not words).
    token_terms: Vec<u32>,
    /// The last term each term was seen beside, on either side.
    left_seen: Vec<u32>,
    right_seen: Vec<u32>,
    weights: Vec<f64>,
    /// Single words by term id, and longer n-grams.
    candidates: Vec<Candidate>,
    longer: Vec<Candidate>,
    /// The n-grams of the prefixes with more than [`LIST_EXTENSIONS`] extensions, by key.
    indexed: FxHashMap<[u32; 3], u32>,
    /// The candidates that occur, as [`rank`] gives them (reversed, for a heap that gives the
    /// greatest first).
    ranked: Vec<Reverse<u128>>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

const NONE: u32 = u32::MAX;

/// Natural logarithms of small integers, and YAKE's position term `ln(ln(3 + median))` of
/// small medians, computed once (the same expressions, so the same bits) instead of per term.
const TABLE: usize = 1024;

impl Keywords {
    pub fn new(top: usize, max_ngram: usize) -> Self {
        let mut stop_words = HashTable::new();
        let mut stop_bits = [0; 16];
        for word in STOP_WORDS_EN
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            // Lower case, so that a word is one of them when it equals one but for ASCII case.
            debug_assert!(!word.bytes().any(|b| b.is_ascii_uppercase()));
            let hash = hash(word.as_bytes());
            stop_words.insert_unique(hash, word, |w| self::hash(w.as_bytes()));
            let (i, bit) = stop_bit(hash);
            stop_bits[i] |= bit;
        }
        Keywords {
            top,
            max_ngram,
            stop_words,
            stop_bits,
            ln: (0..TABLE).map(|n| (n as f64).ln()).collect(),
            position: (0..TABLE).map(|m| (3.0 + m as f64).ln().ln()).collect(),
            keyword: match json!({"text": null, "score": null}) {
                Value::Object(object) => object,
                _ => unreachable!("an object"),
            },
        }
    }

    /// `{"text": text, "score": score}`.
    fn keyword(&self, text: String, score: f64) -> Value {
        // A copy of the empty object, filled in key order (the workspace's serde_json keeps
        // insertion order): building each object key by key hashed both keys with SipHash,
        // an eighth of the stage.
        let mut object = self.keyword.clone();
        let mut values = object.values_mut();
        *values.next().expect("text") = Value::String(text);
        *values.next().expect("score") = json!(score);
        Value::Object(object)
    }

    /// Whether `word` is a stop word but for ASCII case (`hash` is its [`hash`]).
    fn is_stop(&self, word: &[u8], hash: u64) -> bool {
        let (i, bit) = stop_bit(hash);
        self.stop_bits[i] & bit != 0
            && self
                .stop_words
                .find(hash, |w| {
                    w.as_bytes() == word || w.as_bytes().eq_ignore_ascii_case(word)
                })
                .is_some()
    }

    fn ln(&self, n: u32) -> f64 {
        match self.ln.get(n as usize) {
            Some(&v) => v,
            None => f64::from(n).ln(),
        }
    }

    fn position(&self, median: u32) -> f64 {
        match self.position.get(median as usize) {
            Some(&v) => v,
            None => (3.0 + f64::from(median)).ln().ln(),
        }
    }

    /// The top keywords, best first.
    fn find(&self, doc: &Document, s: &mut Scratch) -> Vec<Value> {
        self.count(doc, s);
        if s.terms.is_empty() {
            return Vec::new();
        }
        self.term_weights(s, doc.sentences.len().max(1));
        rank(s);
        let Scratch {
            terms,
            token_terms,
            ranked,
            ..
        } = s;
        // Nothing is sorted: the picks below take the best of a heap until they have `top`,
        // after about a fifth of the candidates on news articles (a heap of them all costs
        // less than selecting the best few and sorting those).
        let mut best = BinaryHeap::from(std::mem::take(ranked));
        let mut picked = Vec::with_capacity(self.top);
        while picked.len() < self.top {
            let Some(Reverse(rank)) = best.pop() else {
                break;
            };
            let (score, start, len) = unrank(rank);
            let words = &token_terms[start..start + len];
            if words.iter().any(|&t| terms[t as usize].picked) {
                continue;
            }
            let span = Span::new(
                doc.tokens[start].span.start,
                doc.tokens[start + len - 1].span.end,
            );
            picked.push(self.keyword(one_line(doc.span_text(span)), round_significant(score)));
            for &t in words {
                terms[t as usize].picked = true;
            }
        }
        *ranked = best.into_vec();
        picked
    }

    /// Interns the document's words as terms and counts them, and the candidates: every
    /// n-gram of up to `max_ngram` words within a sentence that neither starts nor ends with a
    /// stop word. Fills `terms`, `kept`, `occurrences`, `token_terms` and `candidates`.
    fn count(&self, doc: &Document, s: &mut Scratch) {
        let Scratch {
            slots,
            terms,
            kept,
            occurrences,
            token_terms,
            candidates,
            longer,
            indexed,
            ..
        } = s;
        let size = (2 * doc.tokens.len()).next_power_of_two().max(16);
        let shift = 64 - size.trailing_zeros();
        slots.clear();
        slots.resize(size, NONE);
        terms.clear();
        kept.clear();
        occurrences.clear();
        token_terms.clear();
        token_terms.resize(doc.tokens.len(), NONE);
        candidates.clear();
        longer.clear();
        indexed.clear();
        let text = doc.text.as_bytes();
        let sentences = &doc.sentences;
        // The sentence of a token is the first that does not end at or before its start (the
        // last one for tokens after it); `next_at` is where the next one takes over.
        let mut sentence = 0usize;
        let next_at = |k: usize| match sentences.get(k + 1) {
            Some(_) => sentences[k].end,
            None => usize::MAX,
        };
        let mut next = next_at(0);
        // Where the current sentence starts and ends (none at all: nothing starts one and
        // everything is inside).
        let mut bounds = sentences
            .first()
            .map_or((usize::MAX, usize::MAX), |s| (s.start, s.end));
        let mut sentence_start = true;
        // How many of the words just before this token an n-gram ending at it can start at
        // (the last occurrences): none after a stop word or a token that is not a word.
        let mut before = 0;
        // The bigram that ends at the last occurrence, when `before` is 2.
        let mut last_bigram = NONE;
        for (i, token) in doc.tokens.iter().enumerate() {
            let span = token.span;
            if span.start >= next {
                while sentence + 1 < sentences.len() && sentences[sentence].end <= span.start {
                    sentence += 1;
                }
                next = next_at(sentence);
                bounds = (sentences[sentence].start, sentences[sentence].end);
                sentence_start = true;
            }
            let word = &text[span.start..span.end];
            if !(token.kind == TokenKind::Word && is_word(word)) {
                sentence_start = sentence_start && token.kind == TokenKind::Punct;
                before = 0;
                continue;
            }
            let (hash, tail) = hash_tail(word);
            // Compared with the term's first occurrence (after the whole hash), without
            // lower-casing either (most are written the same): a word of up to eight bytes by
            // its tail, a longer one in the text.
            let same = |t: &Term| {
                t.hash == hash
                    && t.len as usize == word.len()
                    && if word.len() <= 8 {
                        t.tail == tail || (t.tail ^ tail) & !(ascii_letters(t.tail) >> 2) == 0
                    } else {
                        text[t.at as usize..(t.at + t.len) as usize].eq_ignore_ascii_case(word)
                    }
            };
            // The top bits: Fx mixes the last word into them.
            let mut slot = (hash >> shift) as usize;
            let id = loop {
                match slots[slot] {
                    NONE => {
                        let id =
                            self.add_term(terms, kept, candidates, word, (hash, tail), span.start);
                        slots[slot] = id;
                        break id;
                    }
                    id if same(&terms[id as usize]) => break id,
                    _ => slot = (slot + 1) & (size - 1),
                }
            };
            let term = &mut terms[id as usize];
            term.count += 1;
            // (Most words start with a lower-case letter: neither.)
            if !word[0].is_ascii_lowercase() {
                if is_acronym(word) {
                    term.acronym += 1;
                } else if !sentence_start && is_capitalised(word) {
                    term.capitalised += 1;
                }
            }
            token_terms[i] = id;
            sentence_start = false;
            if term.is_stop {
                before = 0;
                continue;
            }
            // Its occurrences, a list in text order.
            let k = occurrences.len();
            occurrences.push(Occurrence {
                token: i as u32,
                term: id,
                sentence: sentence as u32,
                next: NONE,
                sentence_end: bounds.1,
                at_sentence_start: bounds.0 == span.start,
            });
            match term.last {
                NONE => term.first = k as u32,
                last => occurrences[last as usize].next = k as u32,
            }
            term.last = k as u32;
            // The n-grams that end here: this word alone, then with the words before it (the
            // occurrences before this one), those that end inside the sentence of their first
            // word. Each longer one is found among the extensions of the one a word shorter
            // that ends at the word before (a trie: an n-gram is hashed only among the many
            // extensions of a prefix past LIST_EXTENSIONS).
            let here = &occurrences[k];
            if span.end <= here.sentence_end {
                candidates[id as usize].add(here);
            }
            let mut bigram = NONE;
            if before >= 1 && span.end <= occurrences[k - 1].sentence_end {
                let first = &occurrences[k - 1];
                let prefix = &mut candidates[first.term as usize];
                let (at, added) = extension(
                    longer,
                    indexed,
                    (prefix.child, prefix.children),
                    [first.term, id, NONE],
                    2,
                    first,
                );
                if added {
                    prefix.child = at;
                    prefix.children += 1;
                }
                longer[at as usize].add(first);
                bigram = at;
                if before >= 2 && span.end <= occurrences[k - 2].sentence_end {
                    let first = &occurrences[k - 2];
                    let prefix = &longer[last_bigram as usize];
                    let (at, added) = extension(
                        longer,
                        indexed,
                        (prefix.child, prefix.children),
                        [first.term, occurrences[k - 1].term, id],
                        3,
                        first,
                    );
                    if added {
                        let prefix = &mut longer[last_bigram as usize];
                        prefix.child = at;
                        prefix.children += 1;
                    }
                    longer[at as usize].add(first);
                }
            }
            last_bigram = bigram;
            before = (before + 1).min(self.max_ngram - 1);
        }
    }

    /// A new term for `word` (first at `at`), and its candidate of one word.
    fn add_term(
        &self,
        terms: &mut Vec<Term>,
        kept: &mut Vec<u32>,
        candidates: &mut Vec<Candidate>,
        word: &[u8],
        (hash, tail): (u64, u64),
        at: usize,
    ) -> u32 {
        let id = terms.len() as u32;
        let is_stop = self.is_stop(word, hash);
        terms.push(Term {
            hash,
            tail,
            at: at as u32,
            len: word.len() as u32,
            is_stop,
            first: NONE,
            last: NONE,
            ..Term::default()
        });
        if !is_stop {
            kept.push(id);
        }
        candidates.push(Candidate {
            key: [id, NONE, NONE],
            count: 0,
            start: 0,
            len: 1,
            at_sentence_start: false,
            child: NONE,
            sibling: NONE,
            children: 0,
        });
        id
    }

    /// YAKE's weight of each term that is not a stop word, into `weights` (lower is more
    /// important; stop words are in no candidate and get 0).
    fn term_weights(&self, s: &mut Scratch, sentences: usize) {
        let Scratch {
            terms,
            kept,
            occurrences,
            token_terms,
            left_seen,
            right_seen,
            weights,
            ..
        } = s;
        // Over the terms that are not stop words, in term order (the sum of squares is
        // rounded in that order); the greatest count is over all terms.
        // (Their counts add up to their occurrences.)
        let n = kept.len().max(1) as f64;
        let max = terms.iter().map(|t| t.count).max().unwrap_or(0);
        let mean = occurrences.len() as f64 / n;
        let std = (kept
            .iter()
            .map(|&t| (f64::from(terms[t as usize].count) - mean).powi(2))
            .sum::<f64>()
            / n)
            .sqrt();
        left_seen.clear();
        left_seen.resize(terms.len(), NONE);
        right_seen.clear();
        right_seen.resize(terms.len(), NONE);
        weights.clear();
        weights.resize(terms.len(), 0.0);
        // The terms on either side of an occurrence (NONE for a token that is not a word).
        let sides = |o: &Occurrence| {
            let p = o.token as usize;
            let left = p.checked_sub(1).map_or(NONE, |q| token_terms[q]);
            (left, token_terms.get(p + 1).copied().unwrap_or(NONE))
        };
        for &i in kept.iter() {
            let t = &terms[i as usize];
            let first = &occurrences[t.first as usize];
            let (left, right, in_sentences, median) = if first.next == NONE {
                // Most terms occur once: nothing to tell apart.
                let (l, r) = sides(first);
                (Side::once(l), Side::once(r), 1, first.sentence)
            } else {
                let (mut left, mut right) = (Side::default(), Side::default());
                let mut in_sentences = 0u32;
                let mut last_sentence = NONE;
                let mut at = t.first;
                while at != NONE {
                    let o = &occurrences[at as usize];
                    if o.sentence != last_sentence {
                        in_sentences += 1;
                        last_sentence = o.sentence;
                    }
                    let (l, r) = sides(o);
                    left.add(l, i, left_seen);
                    right.add(r, i, right_seen);
                    at = o.next;
                }
                let median = median(occurrences, t.first, in_sentences);
                (left, right, in_sentences, median)
            };
            let tf = f64::from(t.count);
            let casing = f64::from(t.capitalised.max(t.acronym)) / (1.0 + self.ln(t.count));
            let position = self.position(median);
            let frequency = tf / (mean + std);
            let relatedness = 1.0 + (left.ratio() + right.ratio()) * tf / f64::from(max);
            let spread = f64::from(in_sentences) / sentences as f64;
            weights[i as usize] =
                relatedness * position / (casing + frequency / relatedness + spread / relatedness);
        }
    }
}

/// Every candidate that occurs, as `total_order(score) << 64 | start << 2 | len`: ordered as
/// the scores, ties broken by the text spans (a candidate's own) so that the output is
/// deterministic, and compared as plain integers.
fn rank(s: &mut Scratch) {
    let Scratch {
        kept,
        candidates,
        longer,
        weights,
        ranked,
        ..
    } = s;
    ranked.clear();
    ranked.reserve(kept.len() + longer.len());
    let rank = |c: &Candidate| {
        // The words' product and sum, in their order (`1.0 * w` and `0.0 + w` are `w`).
        let w = |i: usize| weights[c.key[i] as usize];
        let (product, sum) = match c.len {
            1 => (w(0), w(0)),
            2 => (w(0) * w(1), w(0) + w(1)),
            _ => (w(0) * w(1) * w(2), w(0) + w(1) + w(2)),
        };
        let score = product / (f64::from(c.count) * (1.0 + sum));
        u128::from(total_order(score)) << 64 | u128::from(c.start) << 2 | u128::from(c.len)
    };
    for &t in kept.iter() {
        let c = &candidates[t as usize];
        if c.count > 0 {
            ranked.push(Reverse(rank(c)));
        }
    }
    // (Each has occurred.)
    ranked.extend(longer.iter().map(|c| Reverse(rank(c))));
}

/// A term's neighbours on one side, over adjacent word tokens: a neighbour counts as distinct
/// the first time it is seen beside the term (marked in `seen` with the term's id).
#[derive(Default)]
struct Side {
    total: u32,
    distinct: u32,
}

impl Side {
    /// The side of a term's one occurrence.
    fn once(neighbour: u32) -> Side {
        let n = u32::from(neighbour != NONE);
        Side {
            total: n,
            distinct: n,
        }
    }

    fn add(&mut self, neighbour: u32, term: u32, seen: &mut [u32]) {
        if neighbour != NONE {
            self.total += 1;
            if seen[neighbour as usize] != term {
                seen[neighbour as usize] = term;
                self.distinct += 1;
            }
        }
    }

    fn ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            f64::from(self.distinct) / f64::from(self.total)
        }
    }
}

/// The median of the distinct sentences of a term's occurrences (the list from `first`).
fn median(occurrences: &[Occurrence], first: u32, in_sentences: u32) -> u32 {
    let mut nth = in_sentences / 2;
    let mut last_sentence = NONE;
    let mut at = first;
    while at != NONE {
        let o = &occurrences[at as usize];
        if o.sentence != last_sentence {
            if nth == 0 {
                return o.sentence;
            }
            nth -= 1;
            last_sentence = o.sentence;
        }
        at = o.next;
    }
    0
}

/// A [`rank`]'s score, first token and number of words.
fn unrank(rank: u128) -> (f64, usize, usize) {
    let place = rank as u64;
    (
        from_total_order((rank >> 64) as u64),
        (place >> 2) as usize,
        (place & 3) as usize,
    )
}

/// Bits of `x` that order as [`f64::total_cmp`] orders the floats (its own transform, then
/// the sign bit flipped to compare unsigned): the candidates are sorted by plain integer
/// tuples instead of through `total_cmp` and a tie-break closure.
fn total_order(x: f64) -> u64 {
    let bits = x.to_bits() as i64;
    let ordered = bits ^ (((bits >> 63) as u64) >> 1) as i64;
    ordered as u64 ^ 1 << 63
}

/// The float whose [`total_order`] bits these are.
fn from_total_order(ordered: u64) -> f64 {
    let ordered = (ordered ^ 1 << 63) as i64;
    f64::from_bits((ordered ^ (((ordered >> 63) as u64) >> 1) as i64) as u64)
}

/// Which of [`Keywords::stop_bits`] a hash sets: 10 of its bits (not the top ones, which pick
/// a term's slot), as a word of the array and a bit in it.
fn stop_bit(hash: u64) -> (usize, u64) {
    let n = (hash >> 40) as usize & 1023;
    (n >> 6, 1 << (n & 63))
}

/// The hash of a word but for ASCII case, for the tables of terms and stop words.
fn hash(word: &[u8]) -> u64 {
    hash_tail(word).0
}

/// The hash of a word but for ASCII case, without lower-casing the text first: every byte
/// or-ed with 0x20, which sets lower case (and makes a few other bytes collide, which the
/// tables' comparisons sort out). Read eight bytes at a time, then the last few as one more
/// `u64`, its tail: two overlapping halves, or three single bytes, so that two words of the
/// same length have each byte at the same place (the length is hashed too). A word of up to
/// eight bytes is all in its tail.
fn hash_tail(word: &[u8]) -> (u64, u64) {
    const CASE: u64 = 0x2020_2020_2020_2020;
    let mut h = FxHasher::default();
    h.write_usize(word.len());
    let mut rest = word;
    while rest.len() > 8 {
        let (eight, tail) = rest.split_at(8);
        h.write_u64(u64::from_le_bytes(eight.try_into().expect("8 bytes")) | CASE);
        rest = tail;
    }
    let n = rest.len();
    let tail = if n >= 4 {
        let four = |b: &[u8]| u64::from(u32::from_le_bytes(b.try_into().expect("4 bytes")));
        four(&rest[..4]) << 32 | four(&rest[n - 4..])
    } else if n > 0 {
        u64::from(rest[0]) << 16 | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1])
    } else {
        0
    };
    h.write_u64(tail | CASE);
    (h.finish(), tail)
}

/// The words of a text joined by single spaces: a keyword across a line break is one line.
fn one_line(text: &str) -> String {
    // Most keywords are that already: ASCII without other whitespace than single spaces
    // between words. (Only ASCII: `split_whitespace` splits at Unicode spaces too.)
    let plain = text
        .bytes()
        .all(|b| b.is_ascii() && !matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r'))
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ");
    if plain {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

// The three below take a token's bytes (slicing the text as a `str` checks both ends) and
// make it a `str` again only for the few words that do not start with an ASCII byte.

/// A word for YAKE: a letter first, and at least two characters.
fn is_word(word: &[u8]) -> bool {
    match word.first() {
        // An ASCII first letter is one byte: a second character is any byte after it.
        Some(b) if b.is_ascii() => b.is_ascii_alphabetic() && word.len() > 1,
        _ => {
            let mut chars = as_str(word).chars();
            chars.next().is_some_and(char::is_alphabetic) && chars.next().is_some()
        }
    }
}

/// No lower-case letter and more than one upper-case one (`NATO`, `U.S.`).
fn is_acronym(word: &[u8]) -> bool {
    // Most words have an ASCII lower-case letter among their first bytes, and such a byte is
    // that letter in any UTF-8 text: stop there.
    if word.iter().any(u8::is_ascii_lowercase) {
        return false;
    }
    if word.is_ascii() {
        return word.iter().filter(|b| b.is_ascii_uppercase()).count() > 1;
    }
    let raw = as_str(word);
    raw.chars().all(|c| !c.is_lowercase()) && raw.chars().filter(|c| c.is_uppercase()).count() > 1
}

/// An upper-case first letter.
fn is_capitalised(word: &[u8]) -> bool {
    match word.first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => as_str(word).starts_with(char::is_uppercase),
    }
}

/// A token's text: whole characters of the document's text.
fn as_str(word: &[u8]) -> &str {
    std::str::from_utf8(word).expect("a token is whole characters")
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
                    assert!(
                        !stage.is_stop(word.as_bytes(), hash(word.as_bytes())),
                        "{}: {k}",
                        doc.id
                    );
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
    fn total_order_orders_as_total_cmp() {
        let xs = [
            f64::NEG_INFINITY,
            -1.5,
            -0.0,
            0.0,
            1e-300,
            0.02223,
            0.5,
            1.0,
            f64::INFINITY,
            f64::NAN,
            -f64::NAN,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(
                    total_order(a).cmp(&total_order(b)),
                    a.total_cmp(&b),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn from_total_order_inverts_total_order() {
        for x in [
            -1.5,
            -0.0,
            0.0,
            1e-300,
            0.02223,
            f64::INFINITY,
            f64::NAN,
            -f64::NAN,
        ] {
            assert_eq!(from_total_order(total_order(x)).to_bits(), x.to_bits());
        }
    }

    #[test]
    fn hash_ignores_ascii_case_only() {
        for (a, b) in [
            ("the", "THE"),
            ("Washington", "wASHINGTON"),
            ("ab", "AB"),
            ("abcdefghijklmnopq", "ABCDEFGHIJKLMNOPQ"),
        ] {
            assert_eq!(hash(a.as_bytes()), hash(b.as_bytes()), "{a} {b}");
        }
        for (a, b) in [
            ("the", "thee"),
            ("abcd", "abce"),
            ("abcdefghi", "abcdefghj"),
        ] {
            assert_ne!(hash(a.as_bytes()), hash(b.as_bytes()), "{a} {b}");
        }
        let stage = Keywords::default();
        assert!(stage.is_stop(b"The", hash(b"The")));
        assert!(!stage.is_stop(b"Sanctions", hash(b"Sanctions")));
    }

    /// Words (or n-grams of words) with their counts.
    type Counts = Vec<(String, u32)>;

    /// The words of each term of `text`, as they first occur, and the counts of its n-grams
    /// of more than one word (as words of their first occurrence).
    fn counted(text: &str) -> (Counts, Counts) {
        let doc = document(text, None);
        let mut s = Scratch::default();
        let stage = Keywords::default();
        stage.count(&doc, &mut s);
        let word = |t: &Term| doc.text[t.at as usize..(t.at + t.len) as usize].to_owned();
        let terms = s.terms.iter().map(|t| (word(t), t.count)).collect();
        let mut ngrams: Counts = s
            .longer
            .iter()
            .map(|c| {
                let words: Vec<String> = c.key[..usize::from(c.len)]
                    .iter()
                    .map(|&t| word(&s.terms[t as usize]))
                    .collect();
                (words.join(" "), c.count)
            })
            .collect();
        ngrams.sort();
        (terms, ngrams)
    }

    #[test]
    fn terms_are_words_but_for_ascii_case() {
        let (terms, _) = counted(
            "Ab abb AB ab. Washingtonian WASHINGTONIAN washingtoniaN Washingtonians \
             Zürich ZüRICH zürich ZÜRICH U.S. u.s.",
        );
        // (`abb` and `ab` have the same tail; `Ü` is not ASCII.)
        let want = [
            ("Ab", 3),
            ("abb", 1),
            ("Washingtonian", 3),
            ("Washingtonians", 1),
            ("Zürich", 3),
            ("ZÜRICH", 1),
            ("U.S.", 2),
        ];
        let want: Vec<(String, u32)> = want.iter().map(|&(w, n)| (w.to_owned(), n)).collect();
        assert_eq!(terms, want);
    }

    #[test]
    fn ngrams_are_counted_within_sentences_and_between_stop_words() {
        let (_, ngrams) = counted(
            "New York City grew. New York shrank. The New Jersey port and New York City \
             agreed. York.",
        );
        let want = [
            ("Jersey port", 1),
            ("New Jersey", 1),
            ("New Jersey port", 1),
            ("New York", 3),
            ("New York City", 2),
            ("York City", 2),
            ("York City grew", 1),
            ("York shrank", 1),
            ("City agreed", 1),
            ("City grew", 1),
            ("New York shrank", 1),
            ("York City agreed", 1),
        ];
        let mut want: Vec<(String, u32)> = want.iter().map(|&(w, n)| (w.to_owned(), n)).collect();
        want.sort();
        assert_eq!(ngrams, want);
    }

    #[test]
    fn ngrams_past_the_listed_extensions_are_found_by_key() {
        // `target` and `Sanctions target` come before 20 countries, more than
        // LIST_EXTENSIONS: Iran is indexed when the list grows too long, Cuba after.
        let countries = [
            "Russia",
            "Iran",
            "Syria",
            "Venezuela",
            "Belarus",
            "Myanmar",
            "Sudan",
            "Libya",
            "Yemen",
            "Mali",
            "Eritrea",
            "Somalia",
            "Zimbabwe",
            "Nicaragua",
            "Lebanon",
            "Iraq",
            "Burundi",
            "Guinea",
            "Haiti",
            "Cuba",
        ];
        let mut text: String = countries
            .iter()
            .map(|c| format!("Sanctions target {c}. "))
            .collect();
        text.push_str("Sanctions target Iran. Sanctions target Cuba.");
        let (_, ngrams) = counted(&text);
        let count = |n: &str| ngrams.iter().find(|(w, _)| w == n).map(|(_, c)| *c);
        assert_eq!(count("Sanctions target"), Some(22));
        assert_eq!(count("target Iran"), Some(2));
        assert_eq!(count("Sanctions target Iran"), Some(2));
        assert_eq!(count("target Cuba"), Some(2));
        assert_eq!(count("Sanctions target Cuba"), Some(2));
        assert_eq!(count("target Haiti"), Some(1));
        assert_eq!(ngrams.len(), 1 + 2 * countries.len());
    }

    #[test]
    fn one_line_joins_words_with_single_spaces() {
        for (text, line) in [
            ("White House", "White House"),
            ("White\nHouse", "White House"),
            ("White  House", "White House"),
            ("White\u{a0}House", "White House"),
            ("Zürich\tcafé", "Zürich café"),
            ("U.S.", "U.S."),
        ] {
            assert_eq!(one_line(text), line);
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
