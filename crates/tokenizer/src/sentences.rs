//! The `tokenize.sentences` stage and the [`split_sentences`] function behind it.
//!
//! Sentences are decided between tokens, from the tokens' texts and the whitespace between
//! them; the text's line layout decides what a single newline means. A text is taken as
//! hard-wrapped (Reuters wire copy) when it has several lines and none longer than
//! [`WRAP_WIDTH`] bytes: there a newline ends a sentence only before an indented line (a new
//! paragraph) or between two lines clearly shorter than the others (table rows). In other text a
//! newline separates paragraphs, headlines and captions, so it ends a sentence whenever the
//! next line starts like a sentence.

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
        for t in &doc.tokens {
            if t.span.start < prev_end
                || t.span.is_empty()
                || doc.text.get(t.span.start..t.span.end).is_none()
            {
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
    let splitter = Splitter {
        text,
        tokens,
        layout: Layout::of(text),
    };
    let mut first = 0;
    let mut k = 0;
    while k < tokens.len() {
        let (last, ends) = splitter.after(k);
        if ends || last + 1 == tokens.len() {
            out.push(Span::new(tokens[first].span.start, tokens[last].span.end));
            first = last + 1;
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
}

impl Splitter<'_> {
    fn str(&self, k: usize) -> &str {
        self.tokens[k].span.slice(self.text)
    }

    /// Whether a sentence ends after token `k`, possibly after taking in the closing quotes
    /// and brackets that follow it: `(last token of the decision, ends)`.
    fn after(&self, k: usize) -> (usize, bool) {
        let n = self.tokens.len();
        if k + 1 == n {
            return (k, true);
        }
        if self.newlines_after(k) >= 2 {
            return (k, true);
        }
        let token = self.tokens[k];
        let s = self.str(k);
        if token.kind == TokenKind::Punct && is_terminal(s) && !self.after_opener(k) {
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
            if abbrev::contains(SENTENCE_STARTERS, self.str(last + 1)) {
                return (last, true);
            }
            return (last, self.line_ends_sentence(last));
        }
        (k, self.line_ends_sentence(k))
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
        memchr_iter(b'\n', gap).count()
    }

    /// Whether the single newline (if any) after token `k` ends a sentence by itself.
    fn line_ends_sentence(&self, k: usize) -> bool {
        let end = self.tokens[k].span.end;
        let gap = &self.text[end..self.tokens[k + 1].span.start];
        let Some(nl) = gap.find('\n') else {
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
