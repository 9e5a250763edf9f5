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
