//! Non-ASCII text: the tokens lie on char boundaries, never split a grapheme cluster, and the
//! conventions hold outside ASCII too.

mod common;

use common::{check_invariants, kinds, words};
use newsprint_core::TokenKind::*;

#[test]
fn accents_cyrillic_and_curly_quotes() {
    let text = "“Zelenskyy’s café in Москва,” he said. Naïve São Paulo’s";
    assert_eq!(
        words(text),
        [
            "“",
            "Zelenskyy",
            "’s",
            "café",
            "in",
            "Москва",
            ",",
            "”",
            "he",
            "said",
            ".",
            "Naïve",
            "São",
            "Paulo",
            "’s"
        ]
    );
    check_invariants("accents", text);
}

#[test]
fn cjk_is_cut_at_unicode_word_boundaries() {
    let text = "北京，2021年 访问 Tokyo東京";
    assert_eq!(
        kinds(text),
        [
            ("北", Word),
            ("京", Word),
            ("，", Punct),
            ("2021", Number),
            ("年", Word),
            ("访", Word),
            ("问", Word),
            ("Tokyo", Word),
            ("東", Word),
            ("京", Word)
        ]
    );
    check_invariants("cjk", text);
}

#[test]
fn emoji_flags_and_zwj_sequences_are_one_symbol() {
    let family = "👨\u{200D}👩\u{200D}👧";
    let text = format!("Solidarity 🇺🇦🇺🇦 {family}! 👍🏽ok");
    assert_eq!(
        kinds(&text),
        [
            ("Solidarity", Word),
            ("🇺🇦", Symbol),
            ("🇺🇦", Symbol),
            (family, Symbol),
            ("!", Punct),
            ("👍🏽", Symbol),
            ("ok", Word)
        ]
    );
    check_invariants("emoji", &text);
}

#[test]
fn combining_marks_stay_in_their_cluster() {
    // Decomposed é (e + U+0301), a mark after punctuation, a mark right after a space, and
    // Devanagari with vowel signs.
    let text = "cafe\u{301} x.\u{301}y \u{301}z नमस्ते";
    // `x.` is an initial whatever mark its period carries.
    assert_eq!(words(text), ["cafe\u{301}", "x.\u{301}", "y", "z", "नमस्ते"]);
    check_invariants("marks", text);
}

#[test]
fn non_ascii_spaces_and_invisibles() {
    // No-break and ideographic spaces separate; a soft hyphen stays inside its word.
    let text = "Joe\u{A0}Biden\u{3000}met co\u{AD}operate\u{200B}zero";
    assert_eq!(
        words(text),
        ["Joe", "Biden", "met", "co\u{AD}operate", "zero"]
    );
    check_invariants("spaces", text);
}

#[test]
fn non_ascii_chunks_keep_the_conventions() {
    assert_eq!(
        words("Müller's NATO-Россия 1,5 café. Gen. Müller — «oui»"),
        [
            "Müller",
            "'s",
            "NATO-Россия",
            "1,5",
            "café",
            ".",
            "Gen.",
            "Müller",
            "—",
            "«",
            "oui",
            "»"
        ]
    );
}

/// A small deterministic generator (xorshift) over a palette of awkward pieces: combining
/// marks, joiners, regional indicators, prepend marks, controls, odd spaces and punctuation.
#[test]
fn random_unicode_never_breaks_the_invariants() {
    const PIECES: &[&str] = &[
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
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for case in 0..10_000 {
        let len = (next() % 24) as usize;
        let text: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        check_invariants(&format!("random case {case}: {text:?}"), &text);
    }
}
