//! A view of a document's tokens for rules that look at words: each token's text in ASCII
//! lower case, from one lower-cased copy of the whole text made per document (byte offsets stay
//! the same because only ASCII letters change), so that rules compare `&str`s without
//! allocating per token.

use newsprint_core::{Span, Token, TokenKind};
use rustc_hash::FxHashMap;

pub(crate) struct Words<'d> {
    text: &'d str,
    lower: String,
    tokens: &'d [Token],
}

impl<'d> Words<'d> {
    pub fn new(text: &'d str, tokens: &'d [Token]) -> Self {
        Words {
            text,
            lower: text.to_ascii_lowercase(),
            tokens,
        }
    }

    /// The whole text in ASCII lower case (byte offsets are the text's).
    pub fn lower(&self) -> &str {
        &self.lower
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Token `i` in lower case; `""` past the end, so that rules can look ahead freely.
    pub fn get(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.lower[t.span.start..t.span.end])
    }

    /// Token `i` as written.
    pub fn raw(&self, i: usize) -> &'d str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.text[t.span.start..t.span.end])
    }

    pub fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    pub fn is(&self, i: usize, word: &str) -> bool {
        self.get(i) == word
    }

    /// Whether token `i` is written with an upper-case first letter (`March`, not `march`).
    pub fn capitalized(&self, i: usize) -> bool {
        self.raw(i).starts_with(|c: char| c.is_ascii_uppercase())
    }

    /// Whether token `i + 1` follows token `i` with no space between (`US` `$`).
    pub fn joined(&self, i: usize) -> bool {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) => a.span.end == b.span.start,
            _ => false,
        }
    }

    pub fn token_span(&self, i: usize) -> Span {
        self.tokens[i].span
    }

    /// The text span from the start of token `start` to the end of token `end - 1`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.tokens[start].span.start, self.tokens[end - 1].span.end)
    }
}

/// One token as the prefilters of the rule stages see it.
pub(crate) struct Shape<'a> {
    pub kind: TokenKind,
    /// The token in ASCII lower case.
    pub bytes: &'a [u8],
    /// Where its first hyphen is, if it has one.
    pub hyphen: Option<usize>,
}

impl Words<'_> {
    /// Each token's [`Shape`], in order. The hyphens are found by one `memchr` pass over the
    /// text, not by a search in each token.
    pub fn shapes(&self) -> impl Iterator<Item = Shape<'_>> {
        let text = self.lower.as_bytes();
        let hyphen_from =
            |from: usize| memchr::memchr(b'-', &text[from..]).map_or(usize::MAX, |h| from + h);
        let mut next_hyphen = hyphen_from(0);
        self.tokens.iter().map(move |t| {
            let Span { start, end } = t.span;
            if next_hyphen < start {
                next_hyphen = hyphen_from(start);
            }
            Shape {
                kind: t.kind,
                bytes: &text[start..end],
                hyphen: (next_hyphen < end).then(|| next_hyphen - start),
            }
        })
    }
}

/// `word` split around its first `byte` (ASCII), like `str::split_once` with a `char`, by a
/// byte loop: tokens are short, and a `memchr` call costs more on them than it saves.
pub(crate) fn split_at_byte(word: &str, byte: u8) -> Option<(&str, &str)> {
    let at = word.bytes().position(|b| b == byte)?;
    Some((&word[..at], &word[at + 1..]))
}

/// Lower-case words with a small value each (a class, a set of flags, a number), for lookups
/// of every token or of every word the rules try: most words are in no such table, and one bit
/// per (length, first byte, last byte) turns nearly all of them away before any hashing.
pub(crate) struct WordTable<V = u8> {
    maybe: [u64; 256],
    values: FxHashMap<&'static [u8], V>,
}

impl<V: Copy> WordTable<V> {
    pub fn new(values: impl IntoIterator<Item = (&'static str, V)>) -> Self {
        let mut maybe = [0; 256];
        let values: FxHashMap<&'static [u8], V> =
            values.into_iter().map(|(w, v)| (w.as_bytes(), v)).collect();
        for word in values.keys().filter(|w| !w.is_empty()) {
            let k = Self::key(word);
            maybe[k / 64] |= 1 << (k % 64);
        }
        WordTable { maybe, values }
    }

    /// 14 bits: the length modulo 16 and the low five bits of the first and the last byte.
    fn key(word: &[u8]) -> usize {
        let (first, last) = (word[0], word[word.len() - 1]);
        (word.len() & 15) << 10 | usize::from(first & 31) << 5 | usize::from(last & 31)
    }

    /// The word's value, if it is in the table (an empty word never is).
    #[inline]
    pub fn get(&self, word: &[u8]) -> Option<V> {
        if word.is_empty() {
            return None;
        }
        let k = Self::key(word);
        if self.maybe[k / 64] & (1 << (k % 64)) == 0 {
            return None;
        }
        self.lookup(word)
    }

    #[inline(never)]
    fn lookup(&self, word: &[u8]) -> Option<V> {
        self.values.get(word).copied()
    }
}
