//! A view of a document's tokens for rules that look at words: each token's text in ASCII
//! lower case, from one lower-cased copy of the whole text made per document (byte offsets stay
//! the same because only ASCII letters change), so that rules compare `&str`s without
//! allocating per token; and what the stages' prefilters read of every token: its [`Shape`],
//! and words looked up in a [`WordTable`].

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
    /// An ASCII first byte is the first char, so one byte says it: no slicing, no decoding.
    pub fn capitalized(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .filter(|t| t.span.start < t.span.end)
            .and_then(|t| self.text.as_bytes().get(t.span.start))
            .is_some_and(u8::is_ascii_uppercase)
    }

    /// Whether token `i + 1` follows token `i` with no space between (`US` `$`).
    pub fn joined(&self, i: usize) -> bool {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) => a.span.end == b.span.start,
            _ => false,
        }
    }

    pub fn tokens(&self) -> &'d [Token] {
        self.tokens
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
/// of every token or of every word the rules try. A word's slot is its length and its first
/// and last bytes, so that most words find theirs empty and the rest compare with one word or
/// two, without hashing.
pub(crate) struct WordTable<V = u8> {
    /// For each slot, 1 + the index of its first entry, or 0. An array: a slot index needs no
    /// bounds check.
    slots: Box<[u16; 1 << 14]>,
    /// The words, each with its value and 1 + the index of the next entry in its slot, or 0.
    entries: Vec<(&'static [u8], V, u16)>,
}

impl<V: Copy> WordTable<V> {
    /// The table of `(word, value)` pairs; a word given twice has its last value.
    pub fn new(values: impl IntoIterator<Item = (&'static str, V)>) -> Self {
        let values: FxHashMap<&'static str, V> = values.into_iter().collect();
        let mut slots: Box<[u16; 1 << 14]> = vec![0u16; 1 << 14]
            .into_boxed_slice()
            .try_into()
            .expect("the slot count");
        let mut entries = Vec::with_capacity(values.len());
        for (word, value) in values.into_iter().filter(|(w, _)| !w.is_empty()) {
            let slot = &mut slots[Self::slot(word.as_bytes())];
            entries.push((word.as_bytes(), value, *slot));
            *slot = u16::try_from(entries.len()).expect("a small table");
        }
        WordTable { slots, entries }
    }

    /// 14 bits: the length modulo 16 and the low five bits of the first and the last byte.
    fn slot(word: &[u8]) -> usize {
        let (first, last) = (word[0], word[word.len() - 1]);
        (word.len() & 15) << 10 | usize::from(first & 31) << 5 | usize::from(last & 31)
    }

    /// The word's value, if it is in the table (an empty word never is).
    #[inline]
    pub fn get(&self, word: &[u8]) -> Option<V> {
        if word.is_empty() {
            return None;
        }
        let mut at = self.slots[Self::slot(word)];
        while at != 0 {
            let (entry, value, next) = self.entries[usize::from(at) - 1];
            // Byte by byte: the words are short, and a call to `memcmp` costs more.
            if entry.len() == word.len() && entry.iter().zip(word).all(|(a, b)| a == b) {
                return Some(value);
            }
            at = next;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_find_each_tokens_first_hyphen() {
        let text = "A well-known 2021-12-07 -- x";
        let mut tokens = Vec::new();
        newsprint_tokenizer::tokenize(text, &mut tokens);
        let w = Words::new(text, &tokens);
        let shapes: Vec<(&[u8], Option<usize>)> = w.shapes().map(|s| (s.bytes, s.hyphen)).collect();
        let expected: Vec<(&[u8], Option<usize>)> = tokens
            .iter()
            .map(|t| {
                let word = &text[t.span.start..t.span.end];
                (
                    w.lower.as_bytes()[t.span.start..t.span.end].as_ref(),
                    word.find('-'),
                )
            })
            .collect();
        assert_eq!(shapes, expected);
        assert!(shapes.contains(&(b"well-known".as_ref(), Some(4))));
    }

    #[test]
    fn split_at_byte_is_split_once() {
        for word in ["twenty-one", "-", "a-", "-b", "none", "", "5-1/2"] {
            assert_eq!(split_at_byte(word, b'-'), word.split_once('-'), "{word}");
        }
    }

    #[test]
    fn word_tables_find_their_words_only() {
        // `the` and `toe` share a slot (length, first and last byte).
        let table = WordTable::new([("the", 1), ("toe", 2), ("a", 3), ("the", 4)]);
        assert_eq!(table.get(b"the"), Some(4));
        assert_eq!(table.get(b"toe"), Some(2));
        assert_eq!(table.get(b"a"), Some(3));
        for other in [&b"tie"[..], b"", b"an", b"thee", b"a\xff"] {
            assert_eq!(table.get(other), None);
        }
    }
}
