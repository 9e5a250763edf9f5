//! `extract.quotes`: direct quotations with their speakers and speech cues, by rules over
//! tokens and sentences, in English.
//!
//! # Quotes
//!
//! A quote is a passage in double quotation marks, straight (`"`) or typographic (`“ ” „ « »`);
//! its span includes the marks. A straight mark opens after a space or bracket and closes
//! before one; where the context does not tell, it alternates. Single quotation marks are
//! nested quotes and stay inside the quote around them; single-quoted passages outside one are
//! not quotes (scare quotes like `'green light'` and apostrophes cannot be told apart from
//! quoted speech reliably).
//!
//! A quote running over several paragraphs, AP style (an opening mark at each paragraph start,
//! no closing mark until the last), gives **one quote per paragraph**, all with the same speaker
//! and cue; every one but the last has `"continued": true`. The same holds where the paragraph
//! breaks were lost and a new opening mark follows a full stop inside a quote (`…up'. "She…`),
//! unless that "paragraph" is longer than 400 bytes (the reporter's sentences after a missing
//! closing mark). An opening mark that is never closed, in its paragraph or by a continuation,
//! is dropped.
//!
//! `"partial": true` marks a quote embedded in the reporter's sentence (`Biden “urged Russia
//! to …”`): words of the sentence come before it, other than a colon or comma after a cue, or
//! its first letter is lower case.
//!
//! # Speakers and cues
//!
//! The cue is a speech verb (`said`, `says`, `added`, `told`, `wrote`, `asked`, `noted`,
//! `warned`, `explained` … in lower case, not after a determiner: `no added pressure`),
//! `according to`, `quoted X as saying` (the speaker is X, or the subject of `was quoted … as
//! saying`), or `read` before a colon. Right after a quote `states`, `notes`, `claims` count
//! too; before one, `continued` and an infinitive (`refused to say`) do not. A participle
//! (`…, saying "…"`) and a second verb without a subject (`Sultan says … but says "…"`) take
//! the speaker of an earlier cue in the sentence, else its subject (a pronoun, or a PERSON or
//! ORG entity among its first words). It is looked for
//!
//! 1. right after the quote in its sentence: `," the official said` (speaker before the cue),
//!    `," said Daniel Yergin, director of …` / `," added the statement` (after it);
//! 2. else before the quote in its sentence, the nearest cue: `A statement from the White House
//!    said that Biden “…”`, `He told reporters: "…"`, `According to the police, "…"`;
//! 3. else, for a quote that starts its sentence, the speaker and cue of the quote just before
//!    it when that one ends in the previous sentence, in the same paragraph (`"…," he said.
//!    "…"`);
//! 4. else, for a quote that starts its sentence, a cue in the sentence before it in the same
//!    paragraph (`President Musharraf also said he welcomed …. "We would like …"`), or in the
//!    paragraph before when that ends in a colon (`The statement read:` ¶ `"…"`);
//! 5. before rules 3 and 4: for a quote that is a sentence of its own, a sentence right after it
//!    that is only an attribution: a speaker and a cue with nothing after it but where, when
//!    or to whom (`"…" ¶ Smith, the ministry spokesman, said on Monday.`, `The official
//!    said.`, `He told reporters.`), or `That was according to X.`
//!
//! A cue after the quote counts only when the quote ends in punctuation or is followed by a
//! comma: a quoted phrase inside the sentence (`a "men's rights" movement … say`) has none.
//! Between the quote and the cue there may be an apposition (`," Nabil Abu Rudeina, an
//! advisor to Mr Arafat said`) and a bracketed short name (`Afghan Islamic Press (AIP) said`).
//!
//! The speaker is the noun phrase next to the cue: before it, up to a clause word (`that`,
//! `though`, `and` …) or punctuation, skipping adverbs and auxiliaries (`the official also
//! said`) and an apposition between commas (`Leanne McCormack, a student, said`, `Abdul
//! Masood, 30, said`, `Robert Savarese, who was among the first …, said`; a lone comma is
//! stepped over: `General Richard Myers, said`), from its
//! determiner if it has one, at most 10 words (a longer run is cut to start at the first
//! determiner of the last 10, else to its last 3 words); a subject pronoun right before the cue
//! is the whole phrase (`asked whether … he replied`). After the cue it runs up
//! to punctuation, a clause word or a preposition that starts an adverbial (`in`, `on`, `at`).
//! When a PERSON or ORG entity of the `entities` layer ends the phrase's head, before any
//! preposition (`US President Joe Biden`, `Dillard Spriggs of Petroleum Analysis`), or a PERSON
//! ends a capitalised title phrase (`Chairman of the Joint Chiefs General Richard Myers`, not
//! `a spokesman for Gul Agha`), the speaker is that entity mention; otherwise the whole phrase
//! (`A statement from the White House`, `White House officials`). The `entities` layer is used
//! when a stage made it, not required. A cue inside a quote, and a speaker `I`, `we` or `you`,
//! attribute nothing: those are the quoted speaker's own words.
//!
//! A speaker pronoun resolves by looking back sentence by sentence (at most 8, mentions inside
//! quotes left out) for the nearest speaker of a cue that fits it (an earlier quote's speaker,
//! or `Seles` of `Seles said she had expected …`), else the nearest entity that fits: `he` and
//! `she` a PERSON entity or a phrase naming a person (`the official`), never an ORG; `it` an ORG
//! entity or a phrase naming an institution or a thing (`the report`, `the company`); `they`
//! an ORG entity or a plural phrase (`The companies`). A sentence whose subject is the same
//! pronoun (`She says former champion Kieren Perkins …`) names no one else it could mean. The
//! speaker is then that mention, and `pronoun` holds the pronoun's span. Unresolved pronouns
//! are the speaker themselves. A quote without a cue has no `speaker` and no `cue`.
//!
//! Articles that `detect.language` found to be in another language than English are skipped
//! (see [`crate::language::skip_unless_english`]).

use newsprint_core::{
    parse_params, Annotation, AttrValue, BuildContext, BuildError, Document, ParamDoc, Span, Stage,
    StageError, StageRegistration, TokenKind,
};
use serde::Deserialize;

use crate::language::skip_unless_english;
use crate::words::Words;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {}

newsprint_core::inventory::submit! {
    StageRegistration::new(
        "extract.quotes",
        "direct quotes (also partial and multi-paragraph) with their speakers and speech cues, in English",
        newsprint_core::origin!(),
        build,
    )
    .requires(&["tokens", "sentences"])
    .provides(&["quotes", "skipped"])
    .params(&[] as &[ParamDoc])
}

fn build(table: &toml::Table, _ctx: &BuildContext) -> Result<Box<dyn Stage>, BuildError> {
    let _: Params = parse_params(table)?;
    Ok(Box::new(Quotes))
}

/// The built stage.
#[derive(Debug, Default)]
pub struct Quotes;

impl Stage for Quotes {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if skip_unless_english(doc, "quotes") {
            doc.layer_mut("quotes");
            return Ok(());
        }
        let found = find(doc);
        crate::add_to_layer(doc, "quotes", found);
        Ok(())
    }
}

/// What a quotation mark can do, from its shape and the characters around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Either,
}

/// A quoted passage over tokens `open..=last` (its opening mark to its closing mark, or to its
/// last word when the next paragraph continues it).
#[derive(Clone, Copy, Debug)]
struct Segment {
    open: usize,
    last: usize,
    continued: bool,
}

/// Who said a quote: the speaker and cue spans, and the pronoun a speaker was resolved from.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Attribution {
    speaker: Span,
    cue: Span,
    pronoun: Option<Span>,
}

fn find(doc: &Document) -> Vec<Annotation> {
    let words = Words::new(&doc.text, &doc.tokens);
    let segments = segments(&doc.text, &words);
    // Entities in text order, for lookups by position.
    let entities = doc.layer("entities").unwrap_or_default();
    let sorted;
    let entities = if entities.is_sorted_by_key(|e| e.span.start) {
        entities
    } else {
        sorted = {
            let mut v = entities.to_vec();
            v.sort_by_key(|e| e.span.start);
            v
        };
        &sorted[..]
    };
    let ctx = Context {
        w: &words,
        text: &doc.text,
        sentences: &doc.sentences,
        entities,
        segments: &segments,
    };
    let mut attributions: Vec<Option<Attribution>> = Vec::with_capacity(segments.len());
    let mut i = 0;
    while i < segments.len() {
        // A group: a segment and the ones continuing it share one attribution.
        let mut end = i;
        while segments[end].continued && end + 1 < segments.len() {
            end += 1;
        }
        let group = &segments[i..=end];
        let found = group
            .iter()
            .find_map(|s| ctx.cue_near(s, &attributions))
            .or_else(|| ctx.cue_in_next_sentence(&segments[i], &segments[end], &attributions))
            .or_else(|| {
                let previous = i.checked_sub(1)?;
                ctx.adjacent(&segments[previous], &segments[i])
                    .then_some(attributions[previous])
                    .flatten()
            })
            .or_else(|| ctx.cue_in_previous_sentence(&segments[i], &attributions));
        attributions.extend(std::iter::repeat_n(found, group.len()));
        i = end + 1;
    }
    segments
        .iter()
        .zip(attributions)
        .map(|(s, who)| {
            let mut a = Annotation::new(words.span(s.open, s.last + 1));
            if let Some(who) = who {
                a = a
                    .with("speaker", AttrValue::Span(who.speaker))
                    .with("cue", AttrValue::Span(who.cue));
                if let Some(p) = who.pronoun {
                    a = a.with("pronoun", AttrValue::Span(p));
                }
            }
            if ctx.partial(s) {
                a = a.with("partial", AttrValue::Bool(true));
            }
            if s.continued {
                a = a.with("continued", AttrValue::Bool(true));
            }
            a
        })
        .collect()
}

/// The quoted passages of a text in order, pairing opening and closing marks.
fn segments(text: &str, w: &Words) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    // Whether the open quote continues the last segment pushed.
    let mut continuing = false;
    // The next byte a mark can start with and the next line break: only a token starting at
    // the one or following the other can change anything, and the tokens before are skipped.
    let bytes = text.as_bytes();
    let mark_byte_from = |from: usize| {
        memchr::memchr3(b'"', 0xE2, 0xC2, &bytes[from..]).map_or(usize::MAX, |at| from + at)
    };
    let line_break_from =
        |from: usize| memchr::memchr(b'\n', &bytes[from..]).map_or(usize::MAX, |at| from + at);
    let (mut next_mark_byte, mut next_line_break) = (mark_byte_from(0), line_break_from(0));
    let mut next = 0;
    while next < w.len() {
        let i = next;
        next += 1;
        let Span { start, .. } = w.token_span(i);
        if next_mark_byte < start {
            next_mark_byte = mark_byte_from(start);
        }
        let gap_start = if i == 0 { 0 } else { w.token_span(i - 1).end };
        if next_line_break < gap_start {
            next_line_break = line_break_from(gap_start);
        }
        if next_mark_byte != start && next_line_break >= start {
            let to = next_mark_byte.min(next_line_break.saturating_add(1));
            next += w.tokens()[next..].partition_point(|t| t.span.start < to);
            continue;
        }
        let mark = if next_mark_byte == start {
            mark(text, w, i)
        } else {
            None
        };
        if let Some(o) = open {
            if i > o + 1 && next_line_break < start && paragraph_break(text, w, i) {
                open = None;
                if matches!(mark, Some(Mark::Open | Mark::Either)) {
                    out.push(Segment {
                        open: o,
                        last: i - 1,
                        continued: true,
                    });
                    open = Some(i);
                    continuing = true;
                    continue;
                }
                drop_continuation(&mut out, &mut continuing);
            }
        }
        let Some(mark) = mark else { continue };
        match (open, mark) {
            (None, Mark::Open | Mark::Either) => open = Some(i),
            (None, Mark::Close) => {}
            (Some(o), Mark::Close | Mark::Either) => {
                if i > o + 1 {
                    out.push(Segment {
                        open: o,
                        last: i,
                        continued: false,
                    });
                } else {
                    drop_continuation(&mut out, &mut continuing);
                }
                open = None;
                continuing = false;
            }
            (Some(o), Mark::Open) => {
                // An opening mark inside a quote: after a full stop, the next paragraph of
                // the quote with its break lost; else the earlier mark was never closed. So
                // is a mark whose "paragraph" runs longer than paragraphs of quotes do (the
                // reporter's sentences after a missing closing mark).
                let length = w.token_span(i).start - w.token_span(o).start;
                if i > o + 1 && ends_sentence(w.get(i - 1)) && length <= MAX_LOST_BREAK_BYTES {
                    out.push(Segment {
                        open: o,
                        last: i - 1,
                        continued: true,
                    });
                    continuing = true;
                } else {
                    drop_continuation(&mut out, &mut continuing);
                }
                open = Some(i);
            }
        }
    }
    if open.is_some() {
        drop_continuation(&mut out, &mut continuing);
    }
    out
}

/// The open quote is dropped: the segment it was continuing is then the last of its group.
fn drop_continuation(out: &mut [Segment], continuing: &mut bool) {
    if *continuing {
        if let Some(last) = out.last_mut() {
            last.continued = false;
        }
    }
    *continuing = false;
}

/// The longest passage read as a quote's paragraph whose break was lost (`…up'. "She…`).
const MAX_LOST_BREAK_BYTES: usize = 400;

fn ends_sentence(token: &str) -> bool {
    matches!(token, "." | "?" | "!" | "..." | "…")
}

/// Whether token `i` is a double quotation mark, and which way it can face.
fn mark(text: &str, w: &Words, i: usize) -> Option<Mark> {
    let raw = w.raw(i);
    // Every mark starts with one of these bytes: most tokens are told apart by the first.
    if !matches!(raw.as_bytes().first(), Some(b'"' | 0xE2 | 0xC2)) {
        return None;
    }
    match raw {
        "“" | "„" | "«" => Some(Mark::Open),
        "”" | "»" => Some(Mark::Close),
        "\"" => {
            let span = w.token_span(i);
            let before = text[..span.start].chars().next_back();
            let after = text[span.end..].chars().next();
            // Between letters it stands for an apostrophe (wire copy's `OPEC"s`).
            if before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric)
            {
                return None;
            }
            let open_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c));
            let close_after = after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}—–-".contains(c));
            Some(match (open_before, close_after) {
                (true, false) => Mark::Open,
                (false, true) => Mark::Close,
                _ => Mark::Either,
            })
        }
        _ => None,
    }
}

/// Whether a paragraph ends between tokens `i - 1` and `i`: a blank line, or a line break
/// followed by an indent (wire copy's paragraphs).
fn paragraph_break(text: &str, w: &Words, i: usize) -> bool {
    let gap = &text[w.token_span(i - 1).end..w.token_span(i).start];
    match gap.find('\n') {
        Some(n) => {
            let rest = &gap[n + 1..];
            rest.contains('\n') || rest.starts_with([' ', '\t'])
        }
        None => false,
    }
}

/// Speech verbs that attribute a quote, in lower case. Present-tense forms that are more often
/// nouns (`states`, `notes`, `claims`) are left out.
fn is_cue(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "say"
            | "added"
            | "adds"
            | "told"
            | "tells"
            | "wrote"
            | "writes"
            | "asked"
            | "asks"
            | "stated"
            | "noted"
            | "warned"
            | "warns"
            | "explained"
            | "explains"
            | "declared"
            | "insisted"
            | "insists"
            | "argued"
            | "argues"
            | "replied"
            | "responded"
            | "continued"
            | "claimed"
            | "admitted"
            | "announced"
            | "confirmed"
            | "commented"
            | "recalled"
            | "acknowledged"
            | "conceded"
            | "observed"
            | "remarked"
            | "suggested"
            | "predicted"
            | "stressed"
            | "emphasised"
            | "emphasized"
            | "complained"
            | "tweeted"
            | "concluded"
            | "cautioned"
            | "quipped"
            | "joked"
            | "shouted"
            | "pleaded"
            | "urged"
            | "vowed"
            | "promised"
    )
}

/// Cues after which the next noun phrase is the addressee, not the speaker (`," told X` is
/// not said, `told reporters` is).
fn takes_object(cue: &str) -> bool {
    matches!(cue, "told" | "tells" | "urged")
}

/// Words between a speaker and its cue that belong to neither: `the official also said`.
fn is_adverb_or_auxiliary(word: &str) -> bool {
    matches!(
        word,
        "also"
            | "later"
            | "then"
            | "has"
            | "have"
            | "had"
            | "was"
            | "were"
            | "is"
            | "reportedly"
            | "previously"
            | "once"
            | "would"
            | "will"
            | "just"
            | "recently"
            | "further"
            | "separately"
            | "earlier"
            | "again"
            | "repeatedly"
            | "publicly"
            | "privately"
            | "only"
            | "never"
            | "first"
            | "finally"
            | "still"
            | "subsequently"
            | "simply"
            | "did"
    )
}

/// Words that start a clause and so end a speaker's noun phrase on either side of the cue.
fn starts_clause(word: &str) -> bool {
    matches!(
        word,
        "that"
            | "and"
            | "but"
            | "or"
            | "though"
            | "although"
            | "because"
            | "while"
            | "when"
            | "where"
            | "if"
            | "as"
            | "since"
            | "after"
            | "before"
            | "which"
            | "who"
            | "whom"
            | "so"
            | "yet"
            | "adding"
            | "according"
            | "than"
            | "however"
            | "--"
    ) || is_cue(word)
}

/// Words that start an adverbial after a cue (`said Spriggs in New York`, `said on Monday`).
fn starts_adverbial(word: &str) -> bool {
    matches!(
        word,
        "in" | "on"
            | "at"
            | "during"
            | "yesterday"
            | "today"
            | "tonight"
            | "last"
            | "late"
            | "earlier"
            | "from"
            | "to"
    )
}

/// Prepositions inside a speaker's noun phrase, after its head (`the manager for one of …`).
fn is_preposition(word: &str) -> bool {
    matches!(
        word,
        "of" | "from" | "for" | "with" | "at" | "by" | "in" | "on" | "to"
    )
}

fn is_subject_pronoun(word: &str) -> bool {
    matches!(word, "he" | "she" | "they" | "we" | "i" | "it")
}

fn is_determiner(word: &str) -> bool {
    matches!(
        word,
        "the" | "a" | "an" | "this" | "its" | "his" | "her" | "their" | "our"
    )
}

/// Words that are cues only right after a quote (`," the report states`, `," he continued`):
/// before one they are more often something else (`Unrest continued at the facility`).
fn is_cue_after_only(word: &str) -> bool {
    matches!(word, "states" | "notes" | "claims" | "read" | "reads")
}

/// Participles that introduce a quote for the subject of their sentence: `Fitzgerald has
/// defended the decision, saying "…"`.
fn is_participle_cue(word: &str) -> bool {
    matches!(word, "saying" | "adding")
}

/// First and second person pronouns: inside a quote they are the quoted speaker's words, never
/// the reporter's attribution.
fn is_first_or_second_person(word: &str) -> bool {
    matches!(word, "i" | "we" | "me" | "us" | "you")
}

/// Nouns heading a speaker phrase that names a thing or an institution (`it said`), not a
/// person (`he said`).
fn is_thing_noun(word: &str) -> bool {
    matches!(
        word,
        "statement"
            | "report"
            | "company"
            | "ministry"
            | "government"
            | "agency"
            | "bank"
            | "group"
            | "firm"
            | "department"
            | "council"
            | "committee"
            | "office"
            | "court"
            | "army"
            | "newspaper"
            | "paper"
            | "daily"
            | "radio"
            | "television"
            | "survey"
            | "study"
            | "website"
            | "letter"
            | "station"
            | "service"
            | "union"
            | "party"
            | "organisation"
            | "organization"
            | "board"
            | "commission"
            | "corporation"
            | "airline"
            | "network"
            | "team"
            | "club"
            | "hospital"
            | "university"
            | "embassy"
            | "administration"
            | "military"
            | "command"
            | "authority"
            | "institute"
            | "association"
            | "federation"
            | "cabinet"
            | "parliament"
            | "document"
            | "announcement"
            | "communique"
            | "magazine"
            | "broadcaster"
            | "channel"
            | "bureau"
            | "centre"
            | "center"
            | "movement"
            | "organisers"
    )
}

/// Whether a lower-case head noun is plural (`officials`, `the companies`, `police`).
fn is_plural_noun(word: &str) -> bool {
    matches!(
        word,
        "police" | "people" | "men" | "women" | "children" | "staff"
    ) || (word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is"))
}

const MAX_SPEAKER_WORDS: usize = 10;
const MAX_SPEAKER_WORDS_AFTER: usize = 12;
/// How many sentences back a pronoun speaker looks for what it refers to.
const MAX_ANTECEDENT_SENTENCES: usize = 8;

/// What a speaker pronoun can refer to: `he`/`she` a person, `it` an organisation or thing,
/// `they` a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Referent {
    Person,
    Thing,
    Group,
}

impl Referent {
    fn of_pronoun(word: &str) -> Option<Referent> {
        match word {
            "he" | "she" => Some(Referent::Person),
            "it" => Some(Referent::Thing),
            "they" => Some(Referent::Group),
            _ => None,
        }
    }

    /// The entity label a mention of this referent has.
    fn label(self) -> &'static str {
        match self {
            Referent::Person => "PERSON",
            Referent::Thing | Referent::Group => "ORG",
        }
    }
}

/// What a speaker span is, for pronoun resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Person,
    Org,
    /// A pronoun, and whether it was resolved to a mention.
    Pronoun(Referent),
    /// A noun phrase: `the official` (a person), `the report` (a thing), `officials` (a group).
    Phrase(Referent),
    Other,
}

struct Context<'d> {
    w: &'d Words<'d>,
    text: &'d str,
    sentences: &'d [Span],
    entities: &'d [Annotation],
    segments: &'d [Segment],
}

impl Context<'_> {
    /// Token range `first..end` of the sentence holding token `i`.
    fn sentence_of(&self, i: usize) -> (usize, usize) {
        let at = self.w.token_span(i).start;
        let s = self.sentences.partition_point(|s| s.end <= at);
        let Some(sentence) = self.sentences.get(s).filter(|s| s.start <= at) else {
            return (i, i + 1);
        };
        let first = self.first_token_at(sentence.start);
        let end = self.first_token_at(sentence.end);
        (first.min(i), end.max(i + 1))
    }

    /// The index of the first token starting at or after byte `at`.
    fn first_token_at(&self, at: usize) -> usize {
        let (mut lo, mut hi) = (0, self.w.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.w.token_span(mid).start < at {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    fn is_punct(&self, i: usize) -> bool {
        matches!(self.w.kind(i), Some(TokenKind::Punct | TokenKind::Symbol))
    }

    /// The entities starting in bytes `from..to`.
    fn entities_in(&self, from: usize, to: usize) -> &[Annotation] {
        let a = self.entities.partition_point(|e| e.span.start < from);
        let b = self.entities.partition_point(|e| e.span.start < to);
        &self.entities[a..b.max(a)]
    }

    /// Whether token `i` lies in a quoted passage, its marks included.
    fn inside_quote(&self, i: usize) -> bool {
        let k = self.segments.partition_point(|s| s.open <= i);
        k > 0 && self.segments[k - 1].last >= i
    }

    /// Whether byte offset `at` lies in a quoted passage.
    fn inside_quote_at(&self, at: usize) -> bool {
        let k = self
            .segments
            .partition_point(|s| self.w.token_span(s.open).start <= at);
        k > 0 && self.w.token_span(self.segments[k - 1].last).end > at
    }

    /// Whether token `i`, whose word is `word`, is a cue as written (lower case: `States` is no
    /// cue). An adjective is not (`no added pressure`, `the stated aim`).
    fn cue_at(&self, i: usize, word: &str) -> bool {
        is_cue(word)
            && self.w.raw(i).starts_with(|c: char| c.is_lowercase())
            && !(i > 0
                && (is_determiner(self.w.get(i - 1))
                    || matches!(self.w.get(i - 1), "no" | "any" | "some")))
    }

    /// A cue right after a quote, where some more words count (`," the report states`).
    fn cue_after_at(&self, i: usize) -> bool {
        let word = self.w.get(i);
        self.cue_at(i, word) || is_cue_after_only(word)
    }

    /// A cue before a quote: not an infinitive (`refused to say what …`), not a word that is
    /// a cue only after one, but `read` before a colon (`The statement read: "…"`). `word` is
    /// token `i`.
    fn cue_before_at(&self, i: usize, word: &str) -> bool {
        if matches!(word, "read" | "reads") {
            return self.w.get(i + 1) == ":";
        }
        self.cue_at(i, word) && word != "continued" && (i == 0 || self.w.get(i - 1) != "to")
    }

    /// The attribution found around one segment, by the cue rules 1 and 2.
    fn cue_near(&self, s: &Segment, earlier: &[Option<Attribution>]) -> Option<Attribution> {
        self.cue_after(s.last, earlier)
            .or_else(|| self.cue_before(s.open, earlier))
    }

    /// `," the official said` or `," said the official`, right after the closing mark.
    fn cue_after(&self, last: usize, earlier: &[Option<Attribution>]) -> Option<Attribution> {
        let (_, end) = self.sentence_of(last);
        let mut i = last + 1;
        // Speech ends in punctuation before the closing mark or a comma after it; a quoted
        // phrase followed by more of the sentence (`a "men's rights" movement`) has no cue here.
        let closes_clause = matches!(
            self.w.get(last - 1),
            "," | "." | "?" | "!" | "..." | "-" | "--"
        ) || self.w.get(i) == ",";
        while i < end && self.w.get(i) == "," {
            i += 1;
        }
        if i >= end || !closes_clause {
            return None;
        }
        let word = self.w.get(i);
        if self.cue_at(i, word) {
            if takes_object(word) {
                return None;
            }
            let phrase = self.phrase_after(i + 1, end)?;
            return self.attribute(phrase, self.w.token_span(i), earlier);
        }
        let first = i;
        // The first comma of an apposition: `Smith, the ministry spokesman, said`.
        let mut comma = None;
        while i < end && i < first + MAX_SPEAKER_WORDS + 6 && !self.cue_after_at(i) {
            let word = self.w.get(i);
            if word == "quoted" && i > first {
                // `," the agency quoted one witness as saying.`
                return self.quoted_as_saying(i, end, earlier);
            }
            if word == "(" {
                // A bracketed short name: `Afghan Islamic Press (AIP) said`.
                let close = (i + 1..end.min(i + 5)).find(|&j| self.w.get(j) == ")")?;
                i = close + 1;
                continue;
            }
            if word == "," && comma.is_none() && i > first {
                let next = i + 1;
                if !(is_determiner(self.w.get(next))
                    || self.w.raw(next).starts_with(char::is_lowercase))
                {
                    return None;
                }
                comma = Some(i);
                i += 1;
                continue;
            }
            if self.is_punct(i) || starts_clause(word) {
                return None;
            }
            if comma.is_none() && i >= first + MAX_SPEAKER_WORDS {
                return None;
            }
            i += 1;
        }
        if i >= end || !self.cue_after_at(i) {
            return None;
        }
        let mut head_end = comma.unwrap_or(i);
        if comma.is_none() {
            while head_end > first && is_adverb_or_auxiliary(self.w.get(head_end - 1)) {
                head_end -= 1;
            }
        }
        if head_end <= first {
            return None;
        }
        self.attribute((first, head_end), self.w.token_span(i), earlier)
    }

    /// `quoted` at token `q` followed by `… as saying` (`the agency quoted one witness as
    /// saying`, `Sheikh Ali was quoted by the daily al-Qabas as saying`): the one quoted.
    fn quoted_as_saying(
        &self,
        q: usize,
        limit: usize,
        earlier: &[Option<Attribution>],
    ) -> Option<Attribution> {
        let as_ = (q + 1..limit.min(q + 12))
            .find(|&j| self.w.get(j) == "as" && self.w.get(j + 1) == "saying")?;
        let cue = self.w.token_span(q);
        if q > 0 && matches!(self.w.get(q - 1), "was" | "were" | "is" | "been" | "being") {
            let (first, _) = self.sentence_of(q);
            let mut aux = q - 1;
            while aux > first && is_adverb_or_auxiliary(self.w.get(aux - 1)) {
                aux -= 1;
            }
            let phrase = self.noun_phrase_before(first, aux)?;
            return self.attribute(phrase, cue, earlier);
        }
        let phrase = self.phrase_after(q + 1, as_)?;
        self.attribute(phrase, cue, earlier)
    }

    /// The nearest cue before the opening mark in its sentence, and the speaker next to it.
    fn cue_before(&self, open: usize, earlier: &[Option<Attribution>]) -> Option<Attribution> {
        let (first, _) = self.sentence_of(open);
        self.cue_backwards(first, open, earlier)
    }

    /// The cue nearest to token `end` in `first..end`, scanning back and stopping at a
    /// quotation mark, with its speaker. A cue without a speaker of its own (`… but says`)
    /// shares the one of an earlier cue; a participle (`, saying`) has the sentence's subject.
    fn cue_backwards(
        &self,
        first: usize,
        end: usize,
        earlier: &[Option<Attribution>],
    ) -> Option<Attribution> {
        let mut c = end;
        // The cue that introduces the quote when its speaker comes from an earlier cue.
        let mut shared: Option<Span> = None;
        while c > first {
            c -= 1;
            if mark(self.text, self.w, c).is_some() {
                break;
            }
            let word = self.w.get(c);
            if word == "according" && self.w.get(c + 1) == "to" {
                let phrase = self.phrase_after(c + 2, end)?;
                let cue = shared.unwrap_or(self.w.span(c, c + 2));
                return self.attribute(phrase, cue, earlier);
            }
            if word == "saying" && self.w.get(c.wrapping_sub(1)) == "as" {
                if let Some(q) = (first..c - 1)
                    .rev()
                    .take(12)
                    .find(|&j| self.w.get(j) == "quoted")
                {
                    return self.quoted_as_saying(q, c + 1, earlier);
                }
            }
            if is_participle_cue(word) && self.w.raw(c).starts_with(char::is_lowercase) {
                shared.get_or_insert(self.w.token_span(c));
                continue;
            }
            if self.cue_before_at(c, word) {
                let cue = shared.unwrap_or(self.w.token_span(c));
                match self.phrase_before(first, c) {
                    Some(phrase) => return self.attribute(phrase, cue, earlier),
                    None => {
                        shared.get_or_insert(cue);
                    }
                }
            }
        }
        let cue = shared?;
        let subject = self.subject(first, end)?;
        self.attribute(subject, cue, earlier)
    }

    /// The subject of a sentence starting at token `first`: a pronoun, or a PERSON or ORG
    /// entity in its first words (`Team captain John Fitzgerald has defended …`).
    fn subject(&self, first: usize, end: usize) -> Option<(usize, usize)> {
        if Referent::of_pronoun(self.w.get(first)).is_some() {
            return Some((first, first + 1));
        }
        let limit = (first..end.min(first + 6))
            .find(|&i| self.is_punct(i) || starts_clause(self.w.get(i)))
            .unwrap_or(end.min(first + 6));
        let (from, to) = (
            self.w.token_span(first).start,
            self.w.token_span(limit).start,
        );
        let entity = self
            .entities_in(from, to)
            .iter()
            .find(|e| matches!(e.str_attr("label"), Some("PERSON" | "ORG")))?;
        Some((
            self.first_token_at(entity.span.start),
            self.first_token_at(entity.span.end),
        ))
    }

    /// Rule 4: for a quote that starts its sentence, a cue in the sentence before it in the
    /// same paragraph, or in the paragraph before when that ends in a colon.
    fn cue_in_previous_sentence(
        &self,
        s: &Segment,
        earlier: &[Option<Attribution>],
    ) -> Option<Attribution> {
        let (first, _) = self.sentence_of(s.open);
        if first != s.open
            || first == 0
            || (paragraph_break(self.text, self.w, first) && self.w.get(first - 1) != ":")
        {
            return None;
        }
        let (previous_first, _) = self.sentence_of(first - 1);
        self.cue_backwards(previous_first, first, earlier)
    }

    /// Rule 5: for a quote that is a sentence of its own, a sentence right after it that is
    /// only an attribution: `"…" ¶ Smith, the ministry spokesman, said on Monday.`, `The
    /// official said.`, `That was according to the police.`
    fn cue_in_next_sentence(
        &self,
        s: &Segment,
        last: &Segment,
        earlier: &[Option<Attribution>],
    ) -> Option<Attribution> {
        if self.partial(s) {
            return None;
        }
        let (_, end) = self.sentence_of(last.last);
        if end >= self.w.len() || (last.last + 1..end).any(|i| !self.is_punct(i)) {
            return None;
        }
        let (first, next_end) = self.sentence_of(end);
        if (first..next_end).any(|i| mark(self.text, self.w, i).is_some()) {
            return None;
        }
        let mut stop = next_end;
        while stop > first && self.is_punct(stop - 1) {
            stop -= 1;
        }
        // `That was according to …`
        let mut k = first;
        while k < stop && matches!(self.w.get(k), "that" | "this" | "was" | "is" | "all") {
            k += 1;
        }
        if self.w.get(k) == "according" && self.w.get(k + 1) == "to" {
            let phrase = self.phrase_after(k + 2, stop)?;
            return self.attribute(phrase, self.w.span(k, k + 2), earlier);
        }
        let c = (first..stop.min(first + MAX_SPEAKER_WORDS + 6)).find(|&i| self.cue_after_at(i))?;
        if !self.only_adverbials(c, stop) {
            return None;
        }
        let phrase = self.phrase_before(first, c)?;
        (phrase.0 == first)
            .then(|| self.attribute(phrase, self.w.token_span(c), earlier))
            .flatten()
    }

    /// Whether the words after the cue at `c` up to `stop` only say where, when or to whom:
    /// nothing, `on Monday`, `in a statement`, `told reporters`.
    fn only_adverbials(&self, c: usize, stop: usize) -> bool {
        let mut i = c + 1;
        if matches!(self.w.get(c), "told" | "tells" | "asked") {
            let object = i;
            while i < stop
                && i < object + 4
                && !self.is_punct(i)
                && !starts_clause(self.w.get(i))
                && !starts_adverbial(self.w.get(i))
            {
                i += 1;
            }
        }
        if i == stop {
            return true;
        }
        let word = self.w.get(i);
        (starts_adverbial(word) || is_preposition(word) || word == ",")
            && stop - i <= 10
            && (i..stop).all(|j| {
                let word = self.w.get(j);
                !starts_clause(word) && word != ":" && !is_participle_cue(word)
            })
    }

    /// The speaker's tokens `start..end` before a cue at `cue`, from the sentence start `first`.
    /// An apposition between commas is stepped over: `Leanne McCormack, a student, said`.
    fn phrase_before(&self, first: usize, cue: usize) -> Option<(usize, usize)> {
        let mut end = cue;
        while end > first && is_adverb_or_auxiliary(self.w.get(end - 1)) {
            end -= 1;
        }
        if end > first && self.w.get(end - 1) == "," {
            let Some(comma) = (end.saturating_sub(2 * MAX_SPEAKER_WORDS).max(first)..end - 1)
                .rev()
                .find(|&i| self.w.get(i) == ",")
            else {
                // A stray comma: `General Richard Myers, said the bomb was effective`.
                return self.noun_phrase_before(first, end - 1);
            };
            // An apposition reads `a student`, `analyst at …`, `who was …` or an age (`30`); a
            // capitalised phrase between the commas is the speaker itself (`…, NYMEX President
            // Rosemary McFadden, said`).
            let apposition = is_determiner(self.w.get(comma + 1))
                || self
                    .w
                    .raw(comma + 1)
                    .starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit());
            if !apposition {
                return self.noun_phrase_before(comma + 1, end - 1);
            }
            return self.noun_phrase_before(first, comma);
        }
        self.noun_phrase_before(first, end)
    }

    /// The noun phrase ending at token `end` (exclusive), from the sentence start `first`.
    fn noun_phrase_before(&self, first: usize, end: usize) -> Option<(usize, usize)> {
        if end > first && is_subject_pronoun(self.w.get(end - 1)) {
            return Some((end - 1, end));
        }
        let mut start = end;
        while start > first {
            let word = self.w.get(start - 1);
            if starts_clause(word)
                || self.is_punct(start - 1)
                || mark(self.text, self.w, start - 1).is_some()
            {
                break;
            }
            start -= 1;
        }
        // A noun phrase starts at its determiner: `alleged a staff member told` → `a staff …`.
        if !is_determiner(self.w.get(start)) && self.w.raw(start).starts_with(char::is_lowercase) {
            if let Some(d) = (start..end).find(|&i| is_determiner(self.w.get(i))) {
                start = d;
            }
        }
        if end - start > MAX_SPEAKER_WORDS {
            start = (end - MAX_SPEAKER_WORDS..end)
                .find(|&i| is_determiner(self.w.get(i)))
                .unwrap_or(end - 3);
        }
        (start < end).then_some((start, end))
    }

    /// The speaker's tokens after a cue or `according to`, up to `limit`.
    fn phrase_after(&self, start: usize, limit: usize) -> Option<(usize, usize)> {
        let mut end = start;
        while end < limit && end < start + MAX_SPEAKER_WORDS_AFTER {
            let word = self.w.get(end);
            if self.is_punct(end)
                || (end > start && (starts_clause(word) || starts_adverbial(word)))
                || mark(self.text, self.w, end).is_some()
            {
                break;
            }
            end += 1;
        }
        (end > start).then_some((start, end))
    }

    /// The attribution for a speaker phrase over tokens `phrase` and a cue: a pronoun resolved,
    /// or the entity heading the phrase, or the phrase. None for a cue inside a quote or a
    /// first or second person speaker (`we said`: the quoted speaker's own words).
    fn attribute(
        &self,
        (start, end): (usize, usize),
        cue: Span,
        earlier: &[Option<Attribution>],
    ) -> Option<Attribution> {
        if self.inside_quote_at(cue.start)
            || (end - start == 1 && is_first_or_second_person(self.w.get(start)))
        {
            return None;
        }
        let phrase = self.w.span(start, end);
        if end - start == 1 {
            if let Some(referent) = Referent::of_pronoun(self.w.get(start)) {
                let resolved = self.antecedent(start, referent, earlier);
                return Some(Attribution {
                    speaker: resolved.unwrap_or(phrase),
                    cue,
                    pronoun: resolved.map(|_| phrase),
                });
            }
        }
        Some(Attribution {
            speaker: self.head_entity(start, end).map_or(phrase, |e| e.span),
            cue,
            pronoun: None,
        })
    }

    /// The PERSON or ORG entity ending the head of the phrase over tokens `start..end`, before
    /// any preposition or bracket (`Dillard Spriggs` of `… of Petroleum`, `Afghan Islamic
    /// Press` of `… Press (AIP)`).
    fn head_entity(&self, start: usize, end: usize) -> Option<&Annotation> {
        let head_end = (start..end)
            .find(|&i| i > start && (is_preposition(self.w.get(i)) || self.w.get(i) == "("))
            .unwrap_or(end);
        let head = self.w.span(start, head_end);
        let phrase = self.w.span(start, end);
        let titled = {
            // `Director of Boston's Logan International Airport Tom Kinton`, `the Bureau of
            // Meteorology's Claire Richards`; not `a spokesman for Gul Agha`.
            let first = if self.w.get(start) == "the" {
                start + 1
            } else {
                start
            };
            first < end && self.w.capitalized(first) && !is_determiner(self.w.get(first))
        };
        self.entities_in(phrase.start, phrase.end)
            .iter()
            .filter(|e| matches!(e.str_attr("label"), Some("PERSON" | "ORG")))
            .find(|e| {
                (e.span.end == head.end && e.span.start >= head.start)
                    || (titled
                        && e.span.end == phrase.end
                        && e.span.start > phrase.start
                        && e.str_attr("label") == Some("PERSON")
                        && {
                            let before = self.first_token_at(e.span.start) - 1;
                            !is_preposition(self.w.get(before))
                        })
            })
    }

    /// What the speaker span of an attribution is.
    fn kind(&self, who: &Attribution) -> Kind {
        if let Some(p) = who.pronoun {
            let referent = Referent::of_pronoun(self.w.get(self.first_token_at(p.start)));
            return referent.map_or(Kind::Other, Kind::Pronoun);
        }
        let start = self.first_token_at(who.speaker.start);
        let end = self.first_token_at(who.speaker.end).max(start + 1);
        self.kind_of_phrase(start, end)
    }

    /// What the phrase over tokens `start..end` names.
    fn kind_of_phrase(&self, start: usize, end: usize) -> Kind {
        if let Some(e) = self.head_entity(start, end) {
            match e.str_attr("label") {
                Some("PERSON") => return Kind::Person,
                Some("ORG") => return Kind::Org,
                _ => {}
            }
        }
        if end - start == 1 {
            if let Some(r) = Referent::of_pronoun(self.w.get(start)) {
                return Kind::Pronoun(r);
            }
            if is_first_or_second_person(self.w.get(start)) {
                return Kind::Other;
            }
        }
        let head_end = (start..end)
            .find(|&i| i > start && (is_preposition(self.w.get(i)) || self.w.get(i) == "("))
            .unwrap_or(end);
        let head = self.w.get(head_end - 1);
        // A head word inside an entity (`… Environment Policy Center` of a cut phrase).
        let at = self.w.token_span(head_end - 1);
        let within = self
            .entities_in(0, at.start + 1)
            .last()
            .filter(|e| e.span.end >= at.end);
        match within.and_then(|e| e.str_attr("label")) {
            Some("PERSON") => return Kind::Person,
            Some("ORG") => return Kind::Org,
            _ => {}
        }
        if !self.w.raw(head_end - 1).starts_with(char::is_lowercase) {
            // A name the entities layer does not know: a person's more often than not.
            return Kind::Phrase(Referent::Person);
        }
        Kind::Phrase(if is_thing_noun(head) {
            Referent::Thing
        } else if is_plural_noun(head) {
            Referent::Group
        } else {
            Referent::Person
        })
    }

    /// What a pronoun speaker at token `pronoun` refers to: looking back sentence by sentence
    /// (outside quotes), the nearest speaker of a cue that fits (an earlier quote's speaker, or
    /// `The companies` of `The companies said they …`), else the nearest entity that fits: a
    /// PERSON for `he`/`she`, an ORG for `it`/`they`. A sentence whose subject is the same
    /// pronoun (`She says …`) speaks of the same referent and is passed over.
    fn antecedent(
        &self,
        pronoun: usize,
        referent: Referent,
        earlier: &[Option<Attribution>],
    ) -> Option<Span> {
        let (mut first, _) = self.sentence_of(pronoun);
        let mut end = pronoun;
        for _ in 0..MAX_ANTECEDENT_SENTENCES {
            if let Some(found) = self.antecedent_in(first, end, referent, earlier) {
                return found;
            }
            if first == 0 {
                break;
            }
            end = first;
            first = self.sentence_of(first - 1).0;
        }
        None
    }

    /// The antecedent in tokens `first..end` (one sentence): `Some(Some(span))` found,
    /// `Some(None)` when the search must stop, `None` to go on to the sentence before.
    #[allow(clippy::option_option)]
    fn antecedent_in(
        &self,
        first: usize,
        end: usize,
        referent: Referent,
        earlier: &[Option<Attribution>],
    ) -> Option<Option<Span>> {
        let fits = |kind: Kind| match kind {
            Kind::Person => referent == Referent::Person,
            Kind::Org => referent != Referent::Person,
            Kind::Phrase(r) => r == referent,
            _ => false,
        };
        let (from, to) = (
            self.w.token_span(first).start,
            if end < self.w.len() {
                self.w.token_span(end).start
            } else {
                self.text.len()
            },
        );
        // Speakers of the cues in the sentence, nearest first.
        let mut to = to;
        let mut c = end;
        while c > first {
            c -= 1;
            if !self.cue_before_at(c, self.w.get(c)) {
                continue;
            }
            let cue = self.w.token_span(c);
            if let Some(who) = earlier.iter().rev().flatten().find(|a| a.cue == cue) {
                match self.kind(who) {
                    Kind::Pronoun(r) if who.pronoun.is_some() && r == referent => {
                        return Some(Some(who.speaker))
                    }
                    kind if fits(kind) => return Some(Some(who.speaker)),
                    _ => continue,
                }
            }
            if self.inside_quote(c) {
                continue;
            }
            let Some((start, stop)) = self.phrase_before(first, c) else {
                continue;
            };
            let kind = self.kind_of_phrase(start, stop);
            if fits(kind) {
                let span = self
                    .head_entity(start, stop)
                    .map_or(self.w.span(start, stop), |e| e.span);
                return Some(Some(span));
            }
            if kind == Kind::Pronoun(referent) {
                // `… Doug Cameron, did not rule out … and he says`: what comes before the
                // pronoun may name it; what comes after is someone else.
                to = self.w.token_span(start).start;
                c = start;
            }
        }
        // A sentence about the same referent (`She says …`, `It primarily assesses …`) names
        // no one else that the pronoun could mean.
        if Referent::of_pronoun(self.w.get(first)) == Some(referent) {
            return None;
        }
        // Else the nearest entity that fits.
        self.entities_in(from, to)
            .iter()
            .rev()
            .filter(|e| e.span.end <= to)
            .filter(|e| e.str_attr("label") == Some(referent.label()))
            .find(|e| !self.inside_quote_at(e.span.start))
            .map(|e| Some(e.span))
    }

    /// Whether segment `next` follows `previous` in the same or the next sentence, in the same
    /// paragraph.
    fn adjacent(&self, previous: &Segment, next: &Segment) -> bool {
        let (_, prev_end) = self.sentence_of(previous.last);
        let (first, _) = self.sentence_of(next.open);
        // The quote starts its sentence, or follows a full stop the splitter did not take for
        // a sentence end (`said Elliott Schlang, analyst at … Inc. "Any company …"`).
        let starts_sentence =
            first == next.open || self.w.raw(next.open - 1).ends_with(['.', '?', '!']);
        let next_sentence = first == prev_end || first <= previous.last + 1;
        starts_sentence
            && next_sentence
            && !(previous.last + 1..=next.open).any(|i| paragraph_break(self.text, self.w, i))
    }

    /// Whether a segment is embedded in the reporter's sentence (see the module docs).
    fn partial(&self, s: &Segment) -> bool {
        let lower_start = self
            .w
            .raw(s.open + 1)
            .starts_with(|c: char| c.is_lowercase());
        let (first, _) = self.sentence_of(s.open);
        let words_before = s.open > first && !matches!(self.w.get(s.open - 1), ":" | ",");
        lower_start || words_before
    }
}

#[cfg(test)]
mod tests;
