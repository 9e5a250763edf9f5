//! The `tokenize.sentences` stage and the [`split_sentences`] function behind it.
//!
//! Sentences are decided between tokens, from the tokens' texts and the whitespace between
//! them; the text's line layout decides what a single newline means. A text is taken as
//! hard-wrapped (Reuters wire copy) when it has several lines and none longer than
//! [`WRAP_WIDTH`] bytes: there a newline ends a sentence only before an indented line (a new
//! paragraph) or between two lines clearly shorter than the others (table rows). In other text a
//! newline separates paragraphs, headlines and captions, so it ends a sentence whenever the
//! next line starts like a sentence.
//!
//! Within a line: `.`, `?`, `!`, `...` and `…` end a sentence when the next token starts like
//! one (a capital, a digit, an opening quote or bracket), with the closing quotes and brackets
//! after them (`Ukraine.”`). An abbreviation's period ends one only in clear cases: before a
//! word that nearly always starts a sentence (`in the U.S. The …`), as the pronoun `I.` after
//! a lower-case word (`you and I. Did …`), or `p.m.` before a title (`at 6 P.M. Mr. Smith`);
//! never after a title (`Gov.`, `No.`, `N°.`). List items (`1.`, `2.)`, `b)`, `• 9.`) are
//! sentences of their own, the next item recognised by the next number or letter. An
//! ellipsis with a space before it (`by the ... Accord`) usually marks an omission inside a
//! sentence: it ends one only before a clear sentence starter (`feet ... We`). Spaced periods
//! (`. . .`) always do; they end one only with a fourth period (`. . . .`), and after a full
//! stop they start the next one. These are the English
//! "Golden Rules" (`tests/golden.rs` checks all 48).

use memchr::{memchr, memchr_iter, memrchr};
use newsprint_core::{
    parse_params, BuildContext, BuildError, Document, Span, Stage, StageError, StageRegistration,
    Token, TokenKind,
};
use serde::Deserialize;

use crate::abbrev::{self, SENTENCE_STARTERS, TITLES};

newsprint_core::inventory::submit! {
    StageRegistration::new(
        "tokenize.sentences",
        "groups the tokens into sentences (punctuation, abbreviations, blank lines, headlines)",
        newsprint_core::origin!(),
        build_sentences,
    )
    .requires(&["tokens"])
    .provides(&["sentences"])
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SentencesParams {}

/// Builds `tokenize.sentences` from its `[[stage]]` table.
pub fn build_sentences(
    table: &toml::Table,
    _ctx: &BuildContext,
) -> Result<Box<dyn Stage>, BuildError> {
    let SentencesParams {} = parse_params(table)?;
    Ok(Box::new(SentencesStage))
}

struct SentencesStage;

impl Stage for SentencesStage {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        // Tokens may come from another tokenizer: check what split_sentences relies on rather
        // than panic on a bad slice.
        let mut prev_end = 0;
        // In ASCII text every index up to its length is a char boundary.
        let ascii = doc.text.is_ascii();
        for t in &doc.tokens {
            let in_order = prev_end <= t.span.start && t.span.start < t.span.end;
            let in_text = || {
                if ascii {
                    t.span.end <= doc.text.len()
                } else {
                    doc.text.get(t.span.start..t.span.end).is_some()
                }
            };
            if !(in_order && in_text()) {
                return Err(StageError::new(format!(
                    "token {}..{} is empty, out of order or not on char boundaries of the text",
                    t.span.start, t.span.end
                )));
            }
            prev_end = t.span.end;
        }
        doc.sentences.clear();
        split_sentences(&doc.text, &doc.tokens, &mut doc.sentences);
        Ok(())
    }
}

/// The longest line, in bytes, of a text taken as hard-wrapped.
pub const WRAP_WIDTH: usize = 100;

/// Appends the sentences of `text` to `out`: each from its first token's start to its last
/// token's end. `tokens` must be in order, non-overlapping and on char boundaries of `text`
/// (as [`crate::tokenize`] makes them); every token ends up in exactly one sentence.
pub fn split_sentences(text: &str, tokens: &[Token], out: &mut Vec<Span>) {
    if tokens.is_empty() {
        return;
    }
    // News sentences run to some twenty-five tokens: one allocation rather than several.
    out.reserve(tokens.len() / 16);
    let mut splitter = Splitter {
        text,
        tokens,
        layout: Layout::of(text),
        first: 0,
        list: None,
    };
    let mut k = 0;
    while k < tokens.len() {
        if k != splitter.first && splitter.list.is_none() {
            k = splitter.skip_plain(k);
        }
        let (last, ends) = splitter.next_decision(k);
        if ends || last + 1 == tokens.len() {
            out.push(Span::new(
                tokens[splitter.first].span.start,
                tokens[last].span.end,
            ));
            splitter.first = last + 1;
        }
        k = last + 1;
    }
}

/// What a newline means in this text.
struct Layout {
    wrapped: bool,
    /// Lines shorter than this (in bytes) are not filled up to the wrap width.
    short_line: usize,
}

impl Layout {
    fn of(text: &str) -> Layout {
        let (mut lines, mut longest, mut start) = (0, 0, 0);
        for nl in memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
            let len = text[start..nl].trim_end().len();
            if len > 0 {
                lines += 1;
                longest = longest.max(len);
            }
            start = (nl + 1).min(text.len());
        }
        Layout {
            wrapped: lines >= 3 && longest <= WRAP_WIDTH,
            short_line: longest * 6 / 10,
        }
    }
}

struct Splitter<'a> {
    text: &'a str,
    tokens: &'a [Token],
    layout: Layout,
    /// The first token of the current sentence.
    first: usize,
    /// The label of the last list item seen (`2` after `2.)`), which the next item continues.
    list: Option<ListLabel>,
}

/// What numbers or letters a list item: `1.` `2)` `a.` `b)`, or a bare bullet `•`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ListLabel {
    Number(u32),
    Letter(u8),
    Bullet,
}

impl ListLabel {
    fn follows(self, prev: ListLabel) -> bool {
        match (prev, self) {
            (ListLabel::Number(a), ListLabel::Number(b)) => b == a + 1,
            (ListLabel::Letter(a), ListLabel::Letter(b)) => b == a + 1,
            _ => false,
        }
    }
}

/// A list item's marker: its label and its last token.
struct ListMarker {
    label: ListLabel,
    last: usize,
}

impl Splitter<'_> {
    fn str(&self, k: usize) -> &str {
        let span = self.tokens[k].span;
        &self.text[span.start..span.end]
    }

    /// Whether a sentence ends after token `k`, possibly after taking in the tokens that
    /// follow it (closing quotes, a list item's marker): `(last token of the decision, ends)`.
    fn next_decision(&mut self, k: usize) -> (usize, bool) {
        if k == self.first {
            // A list item's marker opens its sentence: its period ends nothing.
            if let Some(marker) = self.list_marker(k) {
                if marker.label != ListLabel::Bullet {
                    self.list = Some(marker.label);
                }
                let last = marker.last;
                let ends = last + 1 == self.tokens.len() || self.newlines_after(last) >= 2;
                return (last, ends);
            }
        }
        self.after(k)
    }

    /// The first token from `k` on that may end a sentence, skipping those that cannot: tokens
    /// inside a sentence, outside a list, that do not end in `.`, `!`, `?` or `…` and are
    /// followed on the same line by a token starting with an ASCII char (not a bullet). For
    /// those [`Self::after`] says `(k, false)`; most tokens are such, and this loop is cheaper.
    fn skip_plain(&self, k: usize) -> usize {
        let bytes = self.text.as_bytes();
        let plain = |pair: &[Token]| {
            let (end, next_start) = (pair[0].span.end, pair[1].span.start);
            // Gaps are short, mostly empty or one space: a plain loop, not a call to memchr.
            #[allow(clippy::manual_contains)]
            let newline = match &bytes[end..next_start] {
                [] | [b' '] => false,
                gap => gap.iter().any(|&b| b == b'\n'),
            };
            !(newline
                || matches!(bytes[end - 1], b'.' | b'!' | b'?' | 0xA6)
                || bytes[next_start] >= 0x80)
        };
        k + self.tokens[k..]
            .windows(2)
            .take_while(|&pair| plain(pair))
            .count()
    }

    fn after(&self, k: usize) -> (usize, bool) {
        let n = self.tokens.len();
        if k + 1 == n {
            return (k, true);
        }
        let newlines = self.newlines_after(k);
        if newlines >= 2 || self.next_item_starts(k + 1) {
            return (k, true);
        }
        let token = self.tokens[k];
        // Only a token ending in a period, `!`, `?` or `…` (E2 80 A6) ends a sentence inside
        // a line: the test spares most tokens the string comparisons below.
        let last_byte = self.text.as_bytes()[token.span.end - 1];
        if newlines == 0 && !matches!(last_byte, b'.' | b'!' | b'?' | 0xA6) {
            return (k, false);
        }
        let s = self.str(k);
        if token.kind == TokenKind::Punct && is_terminal(s) && !self.after_opener(k) {
            if matches!(s, "..." | "…") && (k == 0 || self.attached(k).is_none()) {
                // Spaced like a word, an ellipsis usually marks an omission inside the
                // sentence (`by the ... Accord`): like an abbreviation's period, it ends one
                // only before a clear sentence starter (`feet ... We are`).
                let ends = abbrev::contains(SENTENCE_STARTERS, self.str(k + 1));
                return (k, ends || self.line_ends_sentence(k));
            }
            if s == "." {
                if let Some(decision) = self.spaced_ellipsis(k) {
                    return decision;
                }
                if self.after_numero_sign(k) {
                    return (k, false);
                }
            }
            let last = self.closers(k, true);
            let ends =
                last + 1 == n || self.newlines_after(last) >= 2 || self.starts_sentence(last + 1);
            return (last, ends);
        }
        if token.kind == TokenKind::Word && s.len() > 1 && s.ends_with('.') {
            // An abbreviation carries its period: only clear cases end the sentence.
            let last = self.closers(k, false);
            if last + 1 == n || self.newlines_after(last) >= 2 {
                return (last, true);
            }
            if abbrev::contains(TITLES, s) {
                return (last, false);
            }
            let next = self.str(last + 1);
            if abbrev::contains(SENTENCE_STARTERS, next)
                || (self.is_pronoun_i(k) && self.starts_sentence(last + 1))
                || (self.ends_time_clause(k) && abbrev::contains(TITLES, next))
            {
                return (last, true);
            }
            return (last, self.line_ends_sentence(last));
        }
        (k, self.line_ends_sentence(k))
    }

    /// The marker of a list item starting at token `k`: a bullet (`•`, `⁃`), a number or a
    /// single letter followed by `.`, `.)` or `)` (`1.`, `2.)`, `a)`), or a bullet and then one
    /// of those (`• 9.`). A letter list must begin at `a`, and a new list cannot begin inside a
    /// sentence: elsewhere `J.` is an initial and `4)` closes a bracket.
    fn list_marker(&self, k: usize) -> Option<ListMarker> {
        // Bullets are three bytes long, labels at most three: most sentences start otherwise.
        if self.str(k).len() > 3 {
            return None;
        }
        if is_bullet(self.str(k)) {
            let labelled = (k + 1 < self.tokens.len())
                .then(|| self.labelled_marker(k + 1))
                .flatten();
            return Some(labelled.unwrap_or(ListMarker {
                label: ListLabel::Bullet,
                last: k,
            }));
        }
        let marker = self.labelled_marker(k)?;
        match marker.label {
            ListLabel::Letter(c) if !matches!(c, b'a' | b'A') => self
                .list
                .is_some_and(|prev| marker.label.follows(prev))
                .then_some(marker),
            _ => Some(marker),
        }
    }

    /// A number (at most three digits) or a single letter with its `.`, `.)` or `)`, followed
    /// by whitespace.
    fn labelled_marker(&self, k: usize) -> Option<ListMarker> {
        let s = self.str(k);
        let b = s.as_bytes();
        let (label, has_period) = if self.tokens[k].kind == TokenKind::Number
            && b.len() <= 3
            && b.iter().all(u8::is_ascii_digit)
        {
            (ListLabel::Number(s.parse().ok()?), false)
        } else if b.len() <= 2 && b[0].is_ascii_alphabetic() && b.get(1).is_none_or(|&c| c == b'.')
        {
            (ListLabel::Letter(b[0]), b.len() == 2)
        } else {
            return None;
        };
        let mut last = k;
        // Its closing punctuation: `.`, `.)` or `)`; a letter may carry its period (`a.`).
        if !has_period && self.attached(last + 1) == Some(".") {
            last += 1;
        }
        if self.attached(last + 1) == Some(")") {
            last += 1;
        }
        let closed = last > k || has_period;
        let spaced = last + 1 == self.tokens.len() || self.attached(last + 1).is_none();
        (closed && spaced).then_some(ListMarker { label, last })
    }

    /// The text of token `k` if it directly follows token `k - 1`.
    fn attached(&self, k: usize) -> Option<&str> {
        let t = self.tokens.get(k)?;
        (self.tokens[k - 1].span.end == t.span.start).then(|| self.str(k))
    }

    /// Whether token `k`, after whitespace, starts the next item of the current list (or a
    /// bulleted one).
    fn next_item_starts(&self, k: usize) -> bool {
        // Bullets are not ASCII; labels are.
        let non_ascii = self.text.as_bytes()[self.tokens[k].span.start] >= 0x80;
        if (!non_ascii && self.list.is_none()) || self.attached(k).is_some() {
            return false;
        }
        if non_ascii {
            return is_bullet(self.str(k));
        }
        let Some(prev) = self.list else {
            return false;
        };
        self.labelled_marker(k)
            .is_some_and(|m| m.label.follows(prev))
    }

    /// A period `k` that starts three spaced periods (`. . .`), or is a full stop followed by
    /// them. The spaced ellipsis marks an omission inside a sentence; a fourth period with it
    /// (`. . . .`) ends the sentence, and after a full stop (`compounds. . . . The`) it begins
    /// the next one.
    fn spaced_ellipsis(&self, k: usize) -> Option<(usize, bool)> {
        let spaced_dot =
            |j: usize| j < self.tokens.len() && self.str(j) == "." && self.gap(j - 1) == " ";
        let n = self.tokens.len();
        let full_stop = k > 0 && self.attached(k).is_some();
        if full_stop && (1..=3).all(|d| spaced_dot(k + d)) {
            let after = self.closers(k + 3, true);
            if after + 1 < n && self.starts_sentence(after + 1) && !spaced_dot(k + 4) {
                return Some((k, true));
            }
            let ends = after + 1 == n || self.newlines_after(after) >= 2;
            return Some((after, ends));
        }
        if k > 0 && self.gap(k - 1) == " " && (1..=2).all(|d| spaced_dot(k + d)) {
            if spaced_dot(k + 3) {
                let last = self.closers(k + 3, true);
                let ends = last + 1 == n
                    || self.newlines_after(last) >= 2
                    || self.starts_sentence(last + 1);
                return Some((last, ends));
            }
            let last = self.closers(k + 2, false);
            return Some((last, last + 1 == n || self.newlines_after(last) >= 2));
        }
        None
    }

    /// The whitespace after token `k`.
    fn gap(&self, k: usize) -> &str {
        let end = self
            .tokens
            .get(k + 1)
            .map_or(self.text.len(), |t| t.span.start);
        &self.text[self.tokens[k].span.end..end]
    }

    /// A period after the numero sign `N°` / `nº` abbreviates it, like `No.`.
    fn after_numero_sign(&self, k: usize) -> bool {
        k >= 2
            && self
                .attached(k)
                .is_some_and(|_| matches!(self.str(k - 1), "°" | "º"))
            && self
                .attached(k - 1)
                .is_some_and(|_| matches!(self.str(k - 2), "N" | "n"))
    }

    /// `I.` after a lower-case word is the pronoun ending a sentence (`you and I.`), not an
    /// initial (`Albert I. Jones`).
    fn is_pronoun_i(&self, k: usize) -> bool {
        self.str(k) == "I."
            && k > 0
            && self
                .str(k - 1)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
    }

    /// `a.m.` or `p.m.` after more than an opening time phrase: a title after it starts a new
    /// sentence (`He left at 6 P.M. Mr. Smith then went`), whereas after a sentence's
    /// opening `At 5 a.m.` it is the subject.
    fn ends_time_clause(&self, k: usize) -> bool {
        let s = self.str(k);
        (s.eq_ignore_ascii_case("a.m.") || s.eq_ignore_ascii_case("p.m.")) && k > self.first + 2
    }

    /// The last of the closing quotes and brackets (and, after a terminal, further terminals:
    /// `?!`) attached to token `k`.
    fn closers(&self, k: usize, terminals: bool) -> usize {
        let mut j = k;
        while j + 1 < self.tokens.len()
            && self.tokens[j + 1].span.start == self.tokens[j].span.end
            && (is_closer(self.str(j + 1)) || (terminals && is_terminal(self.str(j + 1))))
        {
            j += 1;
        }
        j
    }

    fn newlines_after(&self, k: usize) -> usize {
        let gap = &self.text.as_bytes()[self.tokens[k].span.end..self.tokens[k + 1].span.start];
        // Gaps are mostly one space: a plain loop beats a call to a vectorised count.
        gap.iter().filter(|&&b| b == b'\n').count()
    }

    /// Whether the single newline (if any) after token `k` ends a sentence by itself.
    fn line_ends_sentence(&self, k: usize) -> bool {
        let end = self.tokens[k].span.end;
        let gap = &self.text[end..self.tokens[k + 1].span.start];
        // A short gap: a plain loop, not a call to memchr.
        let Some(nl) = gap.bytes().position(|b| b == b'\n') else {
            return false;
        };
        if is_continuation(self.str(k)) || !self.starts_sentence(k + 1) {
            return false;
        }
        if !self.layout.wrapped {
            return true;
        }
        let indented = gap[nl + 1..].starts_with("  ") || gap[nl + 1..].starts_with('\t');
        if indented {
            return true;
        }
        // Two short lines in a row are rows of a table, not a wrapped paragraph; one short line
        // alone is usually the first line of a story whose dateline was cut off.
        let bytes = self.text.as_bytes();
        let line_start = memrchr(b'\n', &bytes[..end]).map_or(0, |i| i + 1);
        let next = self.tokens[k + 1].span.start;
        let next_end = memchr(b'\n', &bytes[next..]).map_or(bytes.len(), |i| next + i);
        let short = self.layout.short_line;
        end - line_start < short && self.text[next..next_end].trim_end().len() < short
    }

    /// Whether token `k` directly follows an opening quote or bracket: `"... That` quotes a
    /// fragment, it does not end a sentence.
    fn after_opener(&self, k: usize) -> bool {
        if k == 0 || self.tokens[k - 1].span.end != self.tokens[k].span.start {
            return false;
        }
        match self.str(k - 1) {
            "“" | "‘" | "(" | "[" | "«" => true,
            // A straight quote opens when whitespace (or nothing) is before it.
            "\"" | "'" => k == 1 || self.tokens[k - 2].span.end < self.tokens[k - 1].span.start,
            _ => false,
        }
    }

    fn starts_sentence(&self, k: usize) -> bool {
        let Some(c) = self.str(k).chars().next() else {
            return false;
        };
        (c.is_alphanumeric() && !c.is_lowercase())
            || matches!(
                c,
                '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '„' | '¿' | '¡' | '$' | '€' | '£'
            )
    }
}

fn is_terminal(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// Bullets that begin a list item wherever they stand after whitespace.
fn is_bullet(s: &str) -> bool {
    matches!(s, "•" | "⁃" | "‣" | "◦" | "▪" | "●")
}

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»" | "}")
}

/// Tokens after which a line cannot end a sentence: the line was wrapped mid-phrase.
fn is_continuation(s: &str) -> bool {
    matches!(
        s,
        "," | ";" | "-" | "--" | "–" | "—" | "&" | "(" | "[" | "“" | "‘" | "/"
    )
}
