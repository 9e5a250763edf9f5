//! Property tests: on arbitrary Unicode and on strings built from a news-like palette, the
//! two stages never panic and keep every promise of `common::check_invariants` (tokens and
//! sentences non-empty, in order, on char and grapheme-cluster boundaries, tokens without
//! whitespace, sentences covering every token).

mod common;

use common::check_invariants;
use newsprint_core::Token;
use newsprint_tokenizer::{Scratch, Tokenizer};
use proptest::prelude::*;

/// Pieces of news text and awkward Unicode: combining marks, joiners, regional indicators,
/// prepend marks, controls, odd spaces, right-to-left text and marks, and the punctuation
/// that the rules look at (abbreviations, list markers, ellipses, datelines).
const PIECES: &[&str] = &[
    "Москва",
    "مرحبا",
    "שָׁלוֹם",
    "\u{200F}",
    "\u{202B}",
    "Mr.",
    "I.",
    "a.m.",
    "N°",
    "1.",
    "2)",
    "•",
    " . . .",
    "\n\n",
    "(Reuters) -",
    "100,000",
    "€",
    "🇺🇦",
    "😀",
    "a",
    "Z",
    "é",
    "e\u{301}",
    "\u{301}",
    "\u{20DD}",
    "\u{200D}",
    "👨",
    "🇺",
    "🇦",
    "🏽",
    "北",
    "ж",
    "ß",
    "\u{600}",
    "\u{D4E}",
    "न",
    "\u{94D}",
    "ि",
    " ",
    "\n",
    "\t",
    "\r\n",
    "\u{A0}",
    "\u{2028}",
    "\u{85}",
    "\u{200B}",
    "\u{AD}",
    "\u{FEFF}",
    "\u{0}",
    "\u{1F}",
    "'",
    "’",
    ".",
    ",",
    "-",
    "#",
    "@",
    "$",
    "%",
    "“",
    "”",
    "…",
    "1",
    "0",
    ":",
    "/",
    "http",
    "://",
    "www",
    "n't",
    "'s",
    "U.S.",
    "Gov.",
    "x@y.com",
    "\u{10FFFF}",
    "\u{FFFD}",
    "’s",
    "n’t",
    "--",
    "...",
    "—",
    "“",
    "”",
    "\u{2027}",
    "\u{2010}",
    "(",
    ")",
    "ǅ",
    "Ⅻ",
    "½",
    "٣",
];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

fn any_unicode() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..120).prop_map(String::from_iter)
}

proptest! {
    // 4000 cases each: under 2 s in a debug build.
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn arbitrary_unicode_keeps_the_invariants(text in any_unicode()) {
        check_invariants("arbitrary", &text);
    }

    #[test]
    fn news_like_text_keeps_the_invariants(text in news_like()) {
        check_invariants("news-like", &text);
    }

    /// A scratch buffer carries nothing over from one text to the next.
    #[test]
    fn reused_scratch_changes_nothing(a in news_like(), b in any_unicode()) {
        let tokenizer = Tokenizer::default();
        let mut scratch = Scratch::default();
        let (mut reused, mut fresh) = (Vec::<Token>::new(), Vec::<Token>::new());
        tokenizer.tokenize_with(&a, &mut reused, &mut scratch);
        reused.clear();
        tokenizer.tokenize_with(&b, &mut reused, &mut scratch);
        tokenizer.tokenize_with(&b, &mut fresh, &mut Scratch::default());
        prop_assert_eq!(reused, fresh);
    }
}
