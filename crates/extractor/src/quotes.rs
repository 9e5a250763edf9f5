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
//! breaks were lost and a new opening mark follows a full stop inside a quote (`…up'. "She…`).
//! An opening mark that is never closed, in its paragraph or by a continuation, is dropped.
//!
//! `"partial": true` marks a quote embedded in the reporter's sentence (`Biden “urged Russia
//! to …”`): words of the sentence come before it, other than a colon or comma after a cue, or
//! its first letter is lower case.
//!
//! # Speakers and cues
//!
//! The cue is a speech verb (`said`, `says`, `added`, `told`, `wrote`, `asked`, `noted`,
//! `warned`, `explained` … in lower case) or `according to`. It is looked for
//!
//! 1. right after the quote in its sentence: `," the official said` (speaker before the cue),
//!    `," said Daniel Yergin, director of …` / `," added the statement` (after it);
//! 2. else before the quote in its sentence, the nearest cue: `A statement from the White House
//!    said that Biden “…”`, `He told reporters: "…"`, `According to the police, "…"`;
//! 3. else, for a quote that starts its sentence, the speaker and cue of the quote just before
//!    it when that one ends in the previous sentence, in the same paragraph (`"…," he said.
//!    "…"`);
//! 4. else, for a quote that starts its sentence, a cue in the sentence before it in the same
//!    paragraph (`President Musharraf also said he welcomed …. "We would like …"`).
//!
//! A cue after the quote counts only when the quote ends in punctuation or is followed by a
//! comma: a quoted phrase inside the sentence (`a "men's rights" movement … say`) has none.
//!
//! The speaker is the noun phrase next to the cue: before it, up to a clause word (`that`,
//! `though`, `and` …) or punctuation, skipping adverbs and auxiliaries (`the official also
//! said`) and an apposition between commas (`Leanne McCormack, a student, said`), from its
//! determiner if it has one, at most 10 words (a longer run is cut to start at the first
//! determiner of the last 10, else to its last 3 words); a subject pronoun right before the cue
//! is the whole phrase (`asked whether … he replied`). After the cue it runs up
//! to punctuation, a clause word or a preposition that starts an adverbial (`in`, `on`, `at`).
//! When a PERSON or ORG entity of the `entities` layer ends the phrase's head, before any
//! preposition (`US President Joe Biden`, `Dillard Spriggs of Petroleum Analysis`), the speaker
//! is that entity mention; otherwise the whole phrase (`A statement from the White House`,
//! `White House officials`). The `entities` layer is used when a stage made it, not required.
//!
//! A speaker `he` or `she` resolves to the nearest mention before the quote that is a PERSON
//! entity or an earlier quote's (non-pronoun) speaker; the speaker is then that mention, and
//! `pronoun` holds the pronoun's span. Unresolved pronouns (and `they`, `we`) are the speaker
//! themselves. A quote without a cue has no `speaker` and no `cue`.
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
        doc.layer_mut("quotes").extend(found);
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
    let ctx = Context {
        w: &words,
        text: &doc.text,
        sentences: &doc.sentences,
        entities: doc.layer("entities").unwrap_or_default(),
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
    for i in 0..w.len() {
        let mark = mark(text, w, i);
        if let Some(o) = open {
            if i > o + 1 && paragraph_break(text, w, i) {
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
                // the quote with its break lost; else the earlier mark was never closed.
                if i > o + 1 && ends_sentence(w.get(i - 1)) {
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

fn ends_sentence(token: &str) -> bool {
    matches!(token, "." | "?" | "!" | "..." | "…")
}

/// Whether token `i` is a double quotation mark, and which way it can face.
fn mark(text: &str, w: &Words, i: usize) -> Option<Mark> {
    match w.raw(i) {
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

const MAX_SPEAKER_WORDS: usize = 10;
const MAX_SPEAKER_WORDS_AFTER: usize = 12;

struct Context<'d> {
    w: &'d Words<'d>,
    text: &'d str,
    sentences: &'d [Span],
    entities: &'d [Annotation],
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

    /// Whether token `i` is a cue as written (lower case: `States` is no cue).
    fn cue_at(&self, i: usize) -> bool {
        is_cue(self.w.get(i)) && self.w.raw(i).starts_with(|c: char| c.is_lowercase())
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
        if self.cue_at(i) {
            if takes_object(self.w.get(i)) {
                return None;
            }
            let phrase = self.phrase_after(i + 1, end)?;
            return Some(self.attribute(phrase, self.w.token_span(i), earlier));
        }
        let first = i;
        while i < end && i < first + MAX_SPEAKER_WORDS && !self.cue_at(i) {
            if self.is_punct(i) || starts_clause(self.w.get(i)) {
                return None;
            }
            i += 1;
        }
        if i >= end || !self.cue_at(i) {
            return None;
        }
        let mut head_end = i;
        while head_end > first && is_adverb_or_auxiliary(self.w.get(head_end - 1)) {
            head_end -= 1;
        }
        (head_end > first).then(|| self.attribute((first, head_end), self.w.token_span(i), earlier))
    }

    /// The nearest cue before the opening mark in its sentence, and the speaker next to it.
    fn cue_before(&self, open: usize, earlier: &[Option<Attribution>]) -> Option<Attribution> {
        let (first, _) = self.sentence_of(open);
        let mut c = open;
        while c > first {
            c -= 1;
            if mark(self.text, self.w, c).is_some() {
                return None;
            }
            if self.w.get(c) == "according" && self.w.get(c + 1) == "to" {
                let phrase = self.phrase_after(c + 2, open)?;
                return Some(self.attribute(phrase, self.w.span(c, c + 2), earlier));
            }
            if self.cue_at(c) {
                let phrase = self.phrase_before(first, c)?;
                return Some(self.attribute(phrase, self.w.token_span(c), earlier));
            }
        }
        None
    }

    /// Rule 4: for a quote that starts its sentence, a cue in the sentence before it in the
    /// same paragraph.
    fn cue_in_previous_sentence(
        &self,
        s: &Segment,
        earlier: &[Option<Attribution>],
    ) -> Option<Attribution> {
        let (first, _) = self.sentence_of(s.open);
        if first != s.open || first == 0 || paragraph_break(self.text, self.w, first) {
            return None;
        }
        let (previous_first, _) = self.sentence_of(first - 1);
        let mut c = first;
        while c > previous_first {
            c -= 1;
            if mark(self.text, self.w, c).is_some() {
                return None;
            }
            if self.cue_at(c) {
                let phrase = self.phrase_before(previous_first, c)?;
                return Some(self.attribute(phrase, self.w.token_span(c), earlier));
            }
        }
        None
    }

    /// The speaker's tokens `start..end` before a cue at `cue`, from the sentence start `first`.
    /// An apposition between commas is stepped over: `Leanne McCormack, a student, said`.
    fn phrase_before(&self, first: usize, cue: usize) -> Option<(usize, usize)> {
        let mut end = cue;
        while end > first && is_adverb_or_auxiliary(self.w.get(end - 1)) {
            end -= 1;
        }
        if end > first && self.w.get(end - 1) == "," {
            let comma = (end.saturating_sub(MAX_SPEAKER_WORDS).max(first)..end - 1)
                .rev()
                .find(|&i| self.w.get(i) == ",")?;
            // An apposition reads `a student` or `analyst at …`; a capitalised phrase between
            // the commas is the speaker itself (`…, NYMEX President Rosemary McFadden, said`).
            let apposition = is_determiner(self.w.get(comma + 1))
                || self.w.raw(comma + 1).starts_with(char::is_lowercase);
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
    /// or the entity heading the phrase, or the phrase.
    fn attribute(
        &self,
        (start, end): (usize, usize),
        cue: Span,
        earlier: &[Option<Attribution>],
    ) -> Attribution {
        let phrase = self.w.span(start, end);
        if end - start == 1 && matches!(self.w.get(start), "he" | "she") {
            let resolved = self.antecedent(phrase.start, earlier);
            return Attribution {
                speaker: resolved.unwrap_or(phrase),
                cue,
                pronoun: resolved.map(|_| phrase),
            };
        }
        // The head part: up to the first preposition (`Dillard Spriggs` of `… of Petroleum`).
        let head_end = (start..end)
            .find(|&i| i > start && is_preposition(self.w.get(i)))
            .unwrap_or(end);
        let head = self.w.span(start, head_end);
        let entity = self
            .entities
            .iter()
            .filter(|e| matches!(e.str_attr("label"), Some("PERSON" | "ORG")))
            .find(|e| e.span.end == head.end && e.span.start >= head.start);
        Attribution {
            speaker: entity.map_or(phrase, |e| e.span),
            cue,
            pronoun: None,
        }
    }

    /// The nearest mention before `at` that `he` or `she` can refer to: a PERSON entity or an
    /// earlier quote's speaker that is not itself a pronoun.
    fn antecedent(&self, at: usize, earlier: &[Option<Attribution>]) -> Option<Span> {
        let person = self
            .entities
            .iter()
            .filter(|e| e.span.end <= at && e.str_attr("label") == Some("PERSON"))
            .map(|e| e.span)
            .next_back();
        let speaker = earlier.iter().rev().flatten().map(|a| a.speaker).find(|s| {
            s.end <= at && !matches!(&self.text[s.start..s.end], "he" | "she" | "He" | "She")
        });
        match (person, speaker) {
            (Some(p), Some(s)) => Some(if p.start > s.start { p } else { s }),
            (p, s) => p.or(s),
        }
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
