//! `extract.entities`: named entities with OntoNotes labels from a trained tagger, name lists
//! and in-document linking.
//!
//! # How it works
//!
//! 1. **Tokens.** The tagger reads the `tokens` layer sentence by sentence. A token with a
//!    lower→upper case change whose right part is a news agency (`PutinReuters`, a caption
//!    run into its credit) is split there: the agency becomes an ORG and the left part is
//!    tagged as a token of its own.
//! 2. **Tagger.** Greedy left-to-right averaged perceptrons over hashed features (the word,
//!    its lower-cased form, shape, prefixes and suffixes, its neighbours' words and shapes, the
//!    two tags before it, membership in the built-in name lists, a case class: how often the
//!    word was seen in lower case in the training text, its word cluster from GloVe vectors,
//!    whether it is a census first name, and the type the tagger gave it earlier in the
//!    document) give IOB2 tags over the CoNLL types PER, ORG, LOC, MISC. Tokens without a
//!    capital letter after an `O` are `O` without being scored, and so is a lower-case word
//!    after a name unless it connects names (`of`, `de`, `van`, `'s`). Headlines (in capitals, or
//!    title and caption lines without final punctuation) are tagged after the rest of the
//!    article, so that the history knows their words. The model
//!    (`models/ner-conll2003.bin`, trained on CoNLL-2003 by `scripts/train-ner.sh`; see
//!    `models/README.md`) is built into the binary.
//! 3. **Split names joined.** Two names side by side with no word between, where the tagger
//!    changed type in the middle of one (`Mauro|Trentino`, `New|South Wales`), become one:
//!    see `join_split_names`. A listed name of several words that covers the pieces the
//!    tagger found in it replaces them (`NATO-Russia Council`), and a country name or code
//!    alone is a place (`US President Joe Biden`). A person's span leaves out a courtesy
//!    title and takes in a regnal number (`Mr Rodriguez Saa`, `John Paul II`); capitalised
//!    words around `bin` or `ibn` are a person (`Osama bin Laden`); and a generic institution
//!    alone (`the Government`) is no name.
//! 4. **Document consistency.** A single-word mention, or a capitalised token nothing tagged,
//!    that is the last word of a person's full name elsewhere in the article is that person;
//!    a hyphenated word of such names is those persons (`Biden-Putin talks`).
//! 5. **Labels.** PER → PERSON, ORG → ORG; LOC → GPE for listed countries, cities and states
//!    (`lists.rs`), FAC for facilities, else LOC; MISC → NORP for nationalities and groups,
//!    LAW, EVENT, PRODUCT or LANGUAGE by rules on its words, else NORP (one word) or EVENT.
//!    MISC itself is never written.
//! 6. **User lists win.** Entities already in the layer (an `extract.gazetteer` stage before
//!    this one) are kept, and model entities overlapping them are dropped.
//! 7. **Linking.** Every entity gets `entity_id` (`E1`, `E2` … in order of first mention) and
//!    `canonical`, shared by its mentions: a person's later or earlier short mention links to
//!    the full name (`Biden` → `Joe Biden`), an acronym to the organisation it abbreviates
//!    (`OSCE`), and equal texts with equal labels to each other.

pub mod conll;
mod features;
mod link;
pub mod lists;
pub mod model;

#[cfg(test)]
mod tests;

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use newsprint_core::{
    parse_params, Annotation, AttrValue, BuildContext, BuildError, Document, ParamDoc, Span, Stage,
    StageError, StageRegistration,
};
use serde::Deserialize;

use features::{flag, CaseVocab, Scratch, TokInfo};
use lists::Lists;
use model::Model;

/// The CoNLL-2003 model shipped in the repository.
pub const MODEL: &[u8] = include_bytes!("../../../../models/ner-conll2003.bin");

/// Capitalised head nouns of names of organisations, meetings and agreements: a name the
/// tagger ends just before one of these takes it in.
const HEADS: &[&str] = &[
    "Dialogue",
    "Council",
    "Committee",
    "Commission",
    "Conference",
    "Summit",
    "Forum",
    "Treaty",
    "Agreement",
    "Accord",
    "Accords",
    "Talks",
    "Convention",
    "Assembly",
    "Alliance",
    "Initiative",
];

/// What may follow a person's name as part of it: regnal numbers and generations.
const NAME_SUFFIXES: &[&str] = &[
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "Jr", "Jr.", "Sr", "Sr.",
];

/// Courtesy titles before a person's name, which the name does not include.
const HONORIFICS: &[&str] = &[
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Prof", "Prof.", "Sir", "Dame",
];

/// Institutions that some newsrooms capitalise when they mean their own country's (`the
/// Government`), which are no name on their own.
const GENERIC: &[&str] = &["Government", "Opposition", "Cabinet", "Administration"];

/// News agencies whose names run into the text before them in photo captions.
const AGENCIES: &[&str] = &[
    "Reuters",
    "AFP",
    "AP",
    "EPA",
    "Getty",
    "Bloomberg",
    "Xinhua",
    "TASS",
    "Sputnik",
    "Anadolu",
    "Kyodo",
    "Yonhap",
    "ANSA",
    "Shutterstock",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// A model file to use instead of the built-in one, relative to the pipeline file.
    #[serde(default)]
    model: Option<String>,
    /// Whether to add `entity_id` and `canonical`.
    #[serde(default = "yes")]
    link: bool,
}

fn yes() -> bool {
    true
}

newsprint_core::inventory::submit! {
    StageRegistration::new(
        "extract.entities",
        "named entities (PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE) from a trained tagger, with in-document linking",
        newsprint_core::origin!(),
        build,
    )
    .requires(&["tokens", "sentences"])
    .provides(&["entities"])
    .params(&[
        ParamDoc::new("model", "path", "built-in CoNLL-2003 model",
            "a model file written by `newsprint train ner`, relative to the pipeline file"),
        ParamDoc::new("link", "bool", "true",
            "give every entity `entity_id` and `canonical`, shared by mentions of one name"),
    ])
}

fn build(table: &toml::Table, ctx: &BuildContext) -> Result<Box<dyn Stage>, BuildError> {
    let params: Params = parse_params(table)?;
    let tagger = match &params.model {
        None => Tagger::builtin(),
        Some(file) => {
            let path = ctx.resolve(file);
            let bytes = std::fs::read(&path).map_err(|e| BuildError::File {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            Arc::new(
                Tagger::new(&bytes)
                    .map_err(|e| BuildError::Invalid(format!("{}: {e}", path.display())))?,
            )
        }
    };
    Ok(Box::new(Entities {
        tagger,
        link: params.link,
    }))
}

/// The `extract.entities` stage.
pub struct Entities {
    tagger: Arc<Tagger>,
    link: bool,
}

impl Entities {
    /// The stage with the built-in model and linking on.
    pub fn new() -> Entities {
        Entities {
            tagger: Tagger::builtin(),
            link: true,
        }
    }
}

impl Default for Entities {
    fn default() -> Self {
        Entities::new()
    }
}

/// The model and the lists: everything the stage needs, built once.
#[derive(Debug)]
pub struct Tagger {
    pub model: Model,
    pub lists: Lists,
}

/// An entity found: byte offsets into the text and an OntoNotes label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub label: &'static str,
}

/// One sentence made ready for the tagger.
#[derive(Debug, Default)]
pub struct Prepared {
    /// The sentence's text (CoNLL documents only; the stage reads the document's text).
    pub text: String,
    pub spans: Vec<(usize, usize)>,
    pub toks: Vec<TokInfo>,
    scratch: Scratch,
    /// The listed names of several words in the sentence (see [`Lists::mark`]).
    listed: Vec<(usize, usize, &'static str)>,
    /// Leave out what only scored tokens need ([`features::prepare_partly`]): the tagger
    /// completes them (training wants every token complete).
    partly: bool,
    /// A title or caption line: no sentence-final punctuation and no digit (see
    /// [`Prepared::is_headline`]).
    title: bool,
    /// The tokens of three bytes or more that start with a capital: what a surname may be
    /// (see [`link::consistent_persons`]).
    capitals: Vec<usize>,
    /// The tokens of three or four bytes before one that starts with a capital: where a
    /// patronymic particle may be (see [`patronymic_names`]).
    particles: Vec<usize>,
}

impl Prepared {
    /// Whether the sentence is a headline: written all in capitals (see
    /// [`features::flag::CAPS_SENT`]), or a title or caption line (`Biden and Putin`), which
    /// ends without punctuation and has no digit (table rows and date lines have digits).
    pub fn is_headline(&self) -> bool {
        self.title
            || self
                .toks
                .first()
                .is_some_and(|t| t.flags & flag::CAPS_SENT != 0)
    }

    /// Computes the token infos of tokens `spans` of `text`.
    pub fn prepare(
        &mut self,
        text: &str,
        spans: &[(usize, usize)],
        lists: &Lists,
        vocab: &CaseVocab,
    ) {
        self.spans.clear();
        self.spans.extend_from_slice(spans);
        self.toks.clear();
        self.toks.resize(spans.len(), TokInfo::default());
        self.capitals.clear();
        self.particles.clear();
        let (mut alpha, mut upper, mut long) = (0, 0, false);
        for (k, (info, &(s, e))) in self.toks.iter_mut().zip(spans).enumerate() {
            let word = &text[s..e];
            features::prepare_partly(word, vocab, &mut self.scratch, info);
            if !self.partly {
                features::complete(word.as_bytes(), vocab, info, flag::FULL);
            }
            if info.flags & flag::INIT_UPPER != 0 {
                if e - s >= 3 {
                    self.capitals.push(k);
                }
                if k > 0 && matches!(spans[k - 1].1 - spans[k - 1].0, 3 | 4) {
                    self.particles.push(k - 1);
                }
            }
            if info.flags & flag::HAS_ALPHA != 0 {
                alpha += 1;
                if info.flags & flag::ALL_UPPER != 0 {
                    upper += 1;
                    long |= e - s >= 4;
                }
            }
        }
        if let Some(first) = self.toks.first_mut() {
            first.flags |= flag::FIRST;
        }
        if alpha > 0 && upper == alpha && (alpha >= 2 || long) {
            for t in &mut self.toks {
                t.flags |= flag::CAPS_SENT;
            }
        }
        self.listed.clear();
        lists.mark(text, spans, &mut self.toks, &mut self.listed);
        self.title = self.toks.iter().all(|t| t.flags & flag::HAS_DIGIT == 0)
            && spans.last().is_some_and(|&(s, e)| {
                !matches!(
                    &text[s..e],
                    "." | "!" | "?" | ":" | ";" | "..." | "\"" | "'" | "\u{201D}" | "\u{2019}"
                )
            });
    }
}

static BUILTIN: OnceLock<Arc<Tagger>> = OnceLock::new();

impl Tagger {
    pub fn new(model: &[u8]) -> Result<Tagger, String> {
        Ok(Tagger {
            model: Model::from_bytes(model)?,
            lists: Lists::new(),
        })
    }

    /// The built-in model, loaded once per process.
    pub fn builtin() -> Arc<Tagger> {
        BUILTIN
            .get_or_init(|| Arc::new(Tagger::new(MODEL).expect("the built-in model loads")))
            .clone()
    }

    /// Tags a document given as token byte spans and sentences (ranges of token indices),
    /// appending its entities to `out` in text order.
    pub fn tag_document(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        sentences: &[Range<usize>],
        out: &mut Vec<Found>,
    ) {
        BUFFERS.with_borrow_mut(|b| self.tag_document_with(text, spans, sentences, out, b));
    }

    fn tag_document_with(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        sentences: &[Range<usize>],
        out: &mut Vec<Found>,
        b: &mut Buffers,
    ) {
        b.prep.partly = true;
        b.listed.clear();
        b.history.clear();
        let first = out.len();
        // Headlines say little on their own (`ROTOR FANS LOCKED OUT`, a title line `Biden and
        // Putin`): they are tagged after the rest of the article, with what it said of their
        // words (training reads them last too).
        let mut headlines = Vec::new();
        b.capitals.clear();
        for (k, sent) in sentences.iter().enumerate() {
            if !self.tag_sentence(text, spans, sent.clone(), b, out, true) {
                headlines.push(k);
            }
        }
        if !headlines.is_empty() {
            for k in headlines {
                self.tag_sentence(text, spans, sentences[k].clone(), b, out, false);
            }
            out[first..].sort_by_key(|f| (f.start, f.end));
            b.capitals.sort_unstable();
        }
        link::consistent_persons(text, spans, &b.capitals, first, out);
        merge_listed(&b.listed, first, out);
    }

    /// Tags the sentence of tokens `spans[sent]`, appending its names to `out` (its listed
    /// names of several words to `b.listed`, its capitalised tokens to `b.capitals`); returns
    /// false, having done nothing, for a headline if `skip_headline`.
    fn tag_sentence(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        sent: Range<usize>,
        b: &mut Buffers,
        out: &mut Vec<Found>,
        skip_headline: bool,
    ) -> bool {
        let vocab = &self.model.vocab;
        let prep = &mut b.prep;
        let first = sent.start;
        let sspans = &spans[sent];
        prep.prepare(text, sspans, &self.lists, vocab);
        if skip_headline && prep.is_headline() {
            return false;
        }
        b.capitals.extend(prep.capitals.iter().map(|&j| first + j));
        self.model
            .tag(&mut prep.toks, &mut b.history, &mut b.tags, |j, t, need| {
                let (s, e) = sspans[j];
                features::complete(&text.as_bytes()[s..e], vocab, t, need);
            });
        b.listed.extend_from_slice(&prep.listed);
        self.sentence_entities(text, sspans, prep, &b.tags, &mut b.raw, out);
        true
    }

    /// Appends the names of a tagged sentence to `out`, labelled.
    fn sentence_entities(
        &self,
        text: &str,
        sspans: &[(usize, usize)],
        prep: &Prepared,
        tags: &[u8],
        raw: &mut Vec<(usize, usize, u8)>,
        out: &mut Vec<Found>,
    ) {
        raw.clear();
        features::spans(tags, raw);
        join_split_names(raw, |a| prep.toks[a].gaz != 0);
        patronymic_names(text, sspans, &prep.toks, &prep.particles, raw);
        // A country alone is a place: one the tagger passed over (`US President Joe Biden` at
        // the start of an article; CoNLL-2003 spells it `U.S.`), and one it called an
        // organisation (in CoNLL a national team is a place too).
        let word = |i: usize| &text[sspans[i].0..sspans[i].1];
        let country = |i: usize| {
            let t = &prep.toks[i];
            // A token the tagger did not complete has no `w` yet: it is ASCII, and `w` is
            // the hash of its text.
            t.gaz & lists::Kind::Gpe.start_bit() != 0
                && self.lists.is_country(if t.flags & flag::NEAR != 0 {
                    t.w
                } else {
                    features::hash_str(word(i))
                })
        };
        for (a, b, ty) in raw.iter_mut() {
            if *ty == 2 && *b == *a + 1 && country(*a) {
                *ty = 3;
            }
        }
        let found = raw.len();
        for (i, t) in prep.toks.iter().enumerate() {
            // Most tokens are in no list: that is tested first.
            if t.gaz & lists::Kind::Gpe.start_bit() != 0
                && tags[i] == 0
                && t.flags & flag::CAPS_SENT == 0
                && country(i)
            {
                raw.push((i, i + 1, 3));
            }
        }
        if raw.len() > found {
            raw.sort_unstable();
        }
        // Every word of HONORIFICS, HEADS, NAME_SUFFIXES and GENERIC starts with a capital:
        // the flag is tested before the lists.
        let capital = |i: usize| prep.toks[i].flags & flag::INIT_UPPER != 0;
        // A word after a name the tagger left untagged, which may belong to it.
        let untagged_capital = |i: usize| i < sspans.len() && tags[i] == 0 && capital(i);
        for (a, b, ty) in raw.iter_mut() {
            // `Mr Hicks`: a courtesy title is not part of the name (CoNLL-2003 and OntoNotes
            // leave it out; the tagger, having seen few, sometimes takes it in).
            if *ty == 1 && *b - *a >= 2 && capital(*a) && HONORIFICS.contains(&word(*a)) {
                *a += 1;
            }
            // `the Strategic Stability Dialogue`: a name the tagger stopped one word short
            // of its head noun.
            while *ty != 1 && untagged_capital(*b) && HEADS.contains(&word(*b)) {
                *b += 1;
            }
            // `Queen Elizabeth II`, `Ken Griffey Jr`: a person's regnal number or generation
            // belongs to the name, and the tagger, having seen few, often stops before it.
            if *ty == 1 && untagged_capital(*b) && NAME_SUFFIXES.contains(&word(*b)) {
                *b += 1;
            }
        }
        for &(a, b, ty) in raw.iter() {
            let (start, end) = (sspans[a].0, sspans[b - 1].1);
            // `The Government has suspended…`: a generic reference, capitalised by house
            // style, is no name (OntoNotes and CoNLL-2003 leave it untagged).
            if b - a == 1 && capital(a) && GENERIC.contains(&word(a)) {
                continue;
            }
            let before = if a == 0 { "" } else { word(a - 1) };
            out.push(Found {
                start,
                end,
                label: self.lists.label(&text[start..end], ty, before),
            });
        }
    }
}

/// Joins two names the tagger put side by side, with no word between, that are one name
/// split where its type seemed to change (greedy tagging cannot revise the first piece).
/// Types are the CoNLL ones (1 PER, 2 ORG, 3 LOC, 4 MISC); `listed(i)`: token `i` is in a
/// built-in list.
/// - A person and an ORG after it are that ORG (`Johnson|Controls Inc`, `Burdett|Publications`).
/// - A person and a LOC or MISC after it, or one word that is no listed name and no MISC
///   before a person, are one person (`Mauro|Trentino`, `Ogun|Temizkanoglu`). A listed place
///   stays apart (`ambassador to Pakistan|Abdul Salam Zaeef`). In the CoNLL-2003 training
///   names, a person is beside another name this way 11 times in 23,499.
/// - One word of ORG or LOC before a piece of another type takes the type of that piece, its
///   head (`South|Australian`, `Boxing|Day Test`, `Sydney|Swans`, `Northern|Cape`).
///
/// Left apart: a MISC before anything (`Palestinian|Liberation Organisation` is often two
/// names in CoNLL), two pieces of one type, and longer first pieces (`Gaza Strip|Jewish`).
/// Chosen on CoNLL-2003 valid: +0.5 points of typed F1.
fn join_split_names(raw: &mut Vec<(usize, usize, u8)>, listed: impl Fn(usize) -> bool) {
    const PER: u8 = 1;
    const ORG: u8 = 2;
    const MISC: u8 = 4;
    let mut k = 0;
    while k + 1 < raw.len() {
        let (a, b, x) = raw[k];
        let (c, d, y) = raw[k + 1];
        let one_word = b - a == 1;
        let joined = if b != c || x == y {
            None
        } else if x == PER {
            Some(if y == ORG { ORG } else { PER })
        } else if y == PER {
            (x != MISC && one_word && !listed(a)).then_some(PER)
        } else {
            (x != MISC && one_word).then_some(y)
        };
        match joined {
            Some(ty) => {
                raw[k] = (a, d, ty);
                raw.remove(k + 1);
            }
            None => k += 1,
        }
    }
}

/// Lower-case particles that, between capitalised words, only ever join a person's name.
const PATRONYMICS: &[&str] = &["bin", "ibn", "bint"];

/// `Osama bin Laden`, `Hamad bin Khalifa al-Thani`, `bin Laden`: capitalised words around a
/// patronymic particle are one person, with any person the tagger found overlapping them.
/// The tagger learnt names from CoNLL-2003, which has no such particle, and breaks them at it
/// (`Osama` alone, as a place). The person replaces the pieces it covers; another name that
/// reaches beyond it is left alone.
fn patronymic_names(
    text: &str,
    sspans: &[(usize, usize)],
    toks: &[TokInfo],
    particles: &[usize],
    raw: &mut Vec<(usize, usize, u8)>,
) {
    // One given name before the particle (more would take in titles: `Minister Sheikh`),
    // up to three capitalised words after it.
    const AFTER: usize = 3;
    let capital = |i: usize| toks[i].flags & flag::INIT_UPPER != 0;
    // Only the short words before a capitalised one (`Prepared::particles`) are tried.
    for &k in particles {
        let (s, e) = sspans[k];
        if !PATRONYMICS.contains(&&text[s..e]) {
            continue;
        }
        let mut a = if k > 0 && capital(k - 1) { k - 1 } else { k };
        let mut b = k + 1;
        while b < sspans.len() && b - k <= AFTER && capital(b) {
            b += 1;
        }
        // A person the tagger found across the span's edge is part of the name (`Hamad bin
        // Khalifa al-Thani` where the tagger has `Khalifa al-Thani`).
        for &(x, y, ty) in raw.iter() {
            if ty == 1 && x < b && a < y {
                (a, b) = (a.min(x), b.max(y));
            }
        }
        if raw
            .iter()
            .any(|&(x, y, _)| x < b && a < y && (x < a || y > b))
        {
            continue;
        }
        raw.retain(|&(x, y, _)| y <= a || x >= b);
        let at = raw.partition_point(|&(x, _, _)| x < a);
        raw.insert(at, (a, b, 1));
    }
}

/// What [`Tagger::tag_document`] reuses from one document to the next.
#[derive(Default)]
struct Buffers {
    prep: Prepared,
    tags: Vec<u8>,
    raw: Vec<(usize, usize, u8)>,
    listed: Vec<(usize, usize, &'static str)>,
    /// The document's tokens of three bytes or more that start with a capital.
    capitals: Vec<usize>,
    history: features::History,
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::default();
}

/// A listed name of several words (`NATO-Russia Council`, `Organization for Security and
/// Cooperation in Europe`) that covers the pieces the tagger found in it, and nothing beyond
/// them, replaces the pieces.
fn merge_listed(listed: &[(usize, usize, &'static str)], first: usize, out: &mut Vec<Found>) {
    let mut add = Vec::new();
    let mut drop = vec![false; out.len()];
    for &(s, e, label) in listed {
        let overlapping: Vec<usize> = (first..out.len())
            .filter(|&i| out[i].start < e && s < out[i].end)
            .collect();
        if !overlapping.is_empty()
            && overlapping
                .iter()
                .all(|&i| out[i].start >= s && out[i].end <= e)
        {
            for i in overlapping {
                drop[i] = true;
            }
            add.push(Found {
                start: s,
                end: e,
                label,
            });
        }
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
    out.extend(add);
}

impl Stage for Entities {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let result =
            SPANS.with_borrow_mut(|(spans, sentences)| self.process_with(doc, spans, sentences));
        // A huge article's buffers are not kept for the rest of the run.
        if doc.tokens.len() > 1 << 20 {
            SPANS.take();
            BUFFERS.take();
        }
        result
    }
}

thread_local! {
    /// The tagger's token spans and sentences, reused from one document to the next.
    #[allow(clippy::type_complexity)]
    static SPANS: std::cell::RefCell<(Vec<(usize, usize)>, Vec<Range<usize>>)> =
        std::cell::RefCell::default();
}

impl Entities {
    fn process_with(
        &self,
        doc: &mut Document,
        spans: &mut Vec<(usize, usize)>,
        sentences: &mut Vec<Range<usize>>,
    ) -> Result<(), StageError> {
        let text = doc.text.as_str();
        // Tagger tokens: the document's, with agency credits split off.
        spans.clear();
        sentences.clear();
        let mut found: Vec<Found> = Vec::new();
        let mut t = 0;
        let whole = [Span::new(0, text.len())];
        let bounds: &[Span] = if doc.sentences.is_empty() && !doc.tokens.is_empty() {
            &whole
        } else {
            &doc.sentences
        };
        for sent in bounds {
            let from = spans.len();
            while t < doc.tokens.len() && doc.tokens[t].span.start < sent.start {
                t += 1;
            }
            while t < doc.tokens.len() && doc.tokens[t].span.end <= sent.end {
                let span = doc.tokens[t].span;
                match split_agency(&text.as_bytes()[span.start..span.end]) {
                    Some(at) => {
                        spans.push((span.start, span.start + at));
                        found.push(Found {
                            start: span.start + at,
                            end: span.end,
                            label: "ORG",
                        });
                    }
                    None => spans.push((span.start, span.end)),
                }
                t += 1;
            }
            if spans.len() > from {
                sentences.push(from..spans.len());
            }
        }
        let forced = found.len();
        self.tagger.tag_document(text, spans, sentences, &mut found);
        // Agency credits over what the tagger said of the same place.
        if forced > 0 {
            let (credits, tagged) = found.split_at(forced);
            let keep: Vec<Found> = tagged
                .iter()
                .filter(|f| !credits.iter().any(|c| c.start < f.end && f.start < c.end))
                .copied()
                .collect();
            found.truncate(forced);
            found.extend(keep);
        }
        // User lists (entities already in the layer) win over the model.
        let existing: Vec<Found> = doc
            .layer("entities")
            .unwrap_or_default()
            .iter()
            .map(|a| Found {
                start: a.span.start,
                end: a.span.end,
                label: "",
            })
            .collect();
        found.retain(|f| !existing.iter().any(|e| e.start < f.end && f.start < e.end));
        found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        let layer = doc.layer_mut("entities");
        // `found` is in the layer's order: only entities already there need a sort.
        let sort = !layer.is_empty();
        // Room for `entity_id` and `canonical` from the start (no reallocation when linking).
        let room = if self.link { 3 } else { 1 };
        layer.extend(found.iter().map(|f| {
            let mut a = Annotation {
                span: Span::new(f.start, f.end),
                attrs: Vec::with_capacity(room),
            };
            a.attrs.push(("label", AttrValue::fixed(f.label)));
            a
        }));
        if sort {
            layer.sort_by_key(|a| (a.span.start, std::cmp::Reverse(a.span.end)));
        }
        if self.link {
            link::link(
                &doc.text,
                doc.layers
                    .iter_mut()
                    .find(|l| l.name == "entities")
                    .map(|l| &mut l.spans)
                    .unwrap(),
            );
        }
        Ok(())
    }
}

/// The agencies (bits by index in [`AGENCIES`], at most 16) whose name ends with each byte.
const AGENCY_ENDS: [u16; 256] = {
    let mut ends = [0u16; 256];
    let mut k = 0;
    while k < AGENCIES.len() {
        let name = AGENCIES[k].as_bytes();
        ends[name[name.len() - 1] as usize] |= 1 << k;
        k += 1;
    }
    ends
};

/// Where a token like `PutinReuters` splits: before an agency name that follows a lower-case
/// letter and ends the token. The token's bytes: a split is between ASCII letters.
fn split_agency(b: &[u8]) -> Option<usize> {
    if b.len() < 4 {
        return None;
    }
    // Only the agencies ending with the token's last byte are tried (most tokens have none),
    // in the order of the list.
    let mut candidates = AGENCY_ENDS[usize::from(b[b.len() - 1])];
    while candidates != 0 {
        let agency = AGENCIES[candidates.trailing_zeros() as usize].as_bytes();
        candidates &= candidates - 1;
        // The step from lower to upper case before the name is tested before the name.
        if let Some(at) = b.len().checked_sub(agency.len()) {
            if at > 0 && b[at - 1].is_ascii_lowercase() && b[at] == agency[0] && b.ends_with(agency)
            {
                return b.is_ascii().then_some(at);
            }
        }
    }
    None
}
