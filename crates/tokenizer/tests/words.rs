//! Token texts and kinds on real news sentences and on each convention of the crate docs.

mod common;

use common::{kinds, words, words_with};
use newsprint_core::{BuildError, TokenKind};
use newsprint_tokenizer::Tokenizer;
use TokenKind::*;

#[test]
fn seed_time_with_abbreviated_meridiem() {
    let text = "Biden hoped Thursday's phone call, which the White House said began at 3:35 p.m. ET and ended 50 minutes later, would yield more progress in easing tensions.";
    assert_eq!(
        words(text),
        [
            "Biden", "hoped", "Thursday", "'s", "phone", "call", ",", "which", "the", "White",
            "House", "said", "began", "at", "3:35", "p.m.", "ET", "and", "ended", "50", "minutes",
            "later", ",", "would", "yield", "more", "progress", "in", "easing", "tensions", "."
        ]
    );
    let k = kinds(text);
    assert!(k.contains(&("3:35", Number)));
    assert!(k.contains(&("p.m.", Word)));
    assert!(k.contains(&("50", Number)));
    assert_eq!(k.last(), Some(&(".", Punct)));
}

#[test]
fn seed_number_with_thousands_separator() {
    let text = "Since then, as many as 100,000 Russian troops have remained amassed at the Ukrainian border, despite warnings";
    assert_eq!(
        words(text),
        [
            "Since",
            "then",
            ",",
            "as",
            "many",
            "as",
            "100,000",
            "Russian",
            "troops",
            "have",
            "remained",
            "amassed",
            "at",
            "the",
            "Ukrainian",
            "border",
            ",",
            "despite",
            "warnings"
        ]
    );
    assert!(kinds(text).contains(&("100,000", Number)));
}

#[test]
fn seed_hyphenated_compounds_stay_whole() {
    let text = "at NATO through the NATO-Russia Council, and at the Organization for Security and Cooperation in Europe.";
    assert_eq!(
        words(text),
        [
            "at",
            "NATO",
            "through",
            "the",
            "NATO-Russia",
            "Council",
            ",",
            "and",
            "at",
            "the",
            "Organization",
            "for",
            "Security",
            "and",
            "Cooperation",
            "in",
            "Europe",
            "."
        ]
    );
    assert_eq!(
        words("Thursday’s Biden-Putin talks come roughly two weeks before"),
        [
            "Thursday",
            "’s",
            "Biden-Putin",
            "talks",
            "come",
            "roughly",
            "two",
            "weeks",
            "before"
        ]
    );
}

#[test]
fn seed_possessive_clitic() {
    assert_eq!(
        words("an unremitting crisis on Russia's border with Ukraine, CNN reported."),
        [
            "an",
            "unremitting",
            "crisis",
            "on",
            "Russia",
            "'s",
            "border",
            "with",
            "Ukraine",
            ",",
            "CNN",
            "reported",
            "."
        ]
    );
}

#[test]
fn seed_curly_quote_and_de_escalate() {
    let text = "A statement from the White House said that Biden “urged Russia to de-escalate tensions with Ukraine. He made clear";
    assert_eq!(
        words(text),
        [
            "A",
            "statement",
            "from",
            "the",
            "White",
            "House",
            "said",
            "that",
            "Biden",
            "“",
            "urged",
            "Russia",
            "to",
            "de-escalate",
            "tensions",
            "with",
            "Ukraine",
            ".",
            "He",
            "made",
            "clear"
        ]
    );
    assert!(kinds(text).contains(&("“", Punct)));
    assert_eq!(
        words("rather than escalation,” added the statement."),
        [
            "rather",
            "than",
            "escalation",
            ",",
            "”",
            "added",
            "the",
            "statement",
            "."
        ]
    );
}

#[test]
fn clitics_follow_penn_treebank() {
    assert_eq!(
        words("I don't know, they're sure we've won, can't she'll he'd I'm"),
        [
            "I", "do", "n't", "know", ",", "they", "'re", "sure", "we", "'ve", "won", ",", "ca",
            "n't", "she", "'ll", "he", "'d", "I", "'m"
        ]
    );
    assert_eq!(words("It doesn’t matter"), ["It", "does", "n’t", "matter"]);
    assert_eq!(words("DON'T PANIC"), ["DO", "N'T", "PANIC"]);
    assert_eq!(
        words("O'Brien said the Russians' plan, rock'n'roll"),
        [
            "O'Brien",
            "said",
            "the",
            "Russians",
            "'",
            "plan",
            ",",
            "rock'n'roll"
        ]
    );
    assert_eq!(words("the 1980's boom"), ["the", "1980", "'s", "boom"]);
}

#[test]
fn numbers_keep_separators_and_decimals() {
    assert_eq!(
        kinds("1,500.25 and 1.5 pct at 3:35 on 12/30/2021 or 2021-12-30"),
        [
            ("1,500.25", Number),
            ("and", Word),
            ("1.5", Number),
            ("pct", Word),
            ("at", Word),
            ("3:35", Number),
            ("on", Word),
            ("12/30/2021", Number),
            ("or", Word),
            ("2021-12-30", Number)
        ]
    );
    // Reuters wire copy writes decimals without the leading zero.
    assert_eq!(
        words("at a purchase price of .125 dlrs per share."),
        ["at", "a", "purchase", "price", "of", ".125", "dlrs", "per", "share", "."]
    );
    assert_eq!(
        kinds("the 1980s, 4:00pm, a 10-year bond, in 1987."),
        [
            ("the", Word),
            ("1980s", Word),
            (",", Punct),
            ("4:00pm", Word),
            (",", Punct),
            ("a", Word),
            ("10-year", Word),
            ("bond", Word),
            (",", Punct),
            ("in", Word),
            ("1987", Number),
            (".", Punct)
        ]
    );
    assert_eq!(words("up 5.6 pct, 3."), ["up", "5.6", "pct", ",", "3", "."]);
}

#[test]
fn abbreviations_keep_their_period() {
    assert_eq!(
        words("Gov. Smith met Sen. Jones, Mr. Biden and Dr. Who at St. Paul on Jan. 12."),
        [
            "Gov.", "Smith", "met", "Sen.", "Jones", ",", "Mr.", "Biden", "and", "Dr.", "Who",
            "at", "St.", "Paul", "on", "Jan.", "12", "."
        ]
    );
    assert_eq!(
        words("Acme Inc. and Foo Corp. of Sydney Ltd. rank No. 1 in the U.S. market"),
        [
            "Acme", "Inc.", "and", "Foo", "Corp.", "of", "Sydney", "Ltd.", "rank", "No.", "1",
            "in", "the", "U.S.", "market"
        ]
    );
    // Real Reuters: initials and letter-dot chains.
    assert_eq!(
        words("said E.F. Hutton Group analyst Michael Lewis. Investor David F. La Roche of North Kingstown, R.I., said"),
        [
            "said", "E.F.", "Hutton", "Group", "analyst", "Michael", "Lewis", ".", "Investor",
            "David", "F.", "La", "Roche", "of", "North", "Kingstown", ",", "R.I.", ",", "said"
        ]
    );
    assert_eq!(
        words("a U.S.-led plan, e.g. this, at 8 a.m. today"),
        ["a", "U.S.-led", "plan", ",", "e.g.", "this", ",", "at", "8", "a.m.", "today"]
    );
    // A period after any other word is a full stop, also at the end of the text.
    assert_eq!(
        words("tensions with Ukraine. He left Reuters."),
        ["tensions", "with", "Ukraine", ".", "He", "left", "Reuters", "."]
    );
    assert_eq!(words("He said no."), ["He", "said", "no", "."]);
}

#[test]
fn abbreviations_parameter_adds_words() {
    let text = "Pvt. Ryan and Gen. Patton";
    assert_eq!(
        words_with(&Tokenizer::default(), text),
        ["Pvt", ".", "Ryan", "and", "Gen.", "Patton"]
    );
    let t = Tokenizer::with_abbreviations(&["Pvt."]).unwrap();
    assert_eq!(
        words_with(&t, text),
        ["Pvt.", "Ryan", "and", "Gen.", "Patton"]
    );
    let t = Tokenizer::with_abbreviations(&["Pvt"]).unwrap();
    assert_eq!(
        words_with(&t, text),
        ["Pvt.", "Ryan", "and", "Gen.", "Patton"]
    );
    assert!(matches!(
        Tokenizer::with_abbreviations(&["Ph.D."]),
        Err(BuildError::Invalid(_))
    ));
}

#[test]
fn urls_and_emails_are_one_token() {
    assert_eq!(
        kinds("See https://www.cnn.com/2021/12/30/politics/biden-putin-call/index.html."),
        [
            ("See", Word),
            (
                "https://www.cnn.com/2021/12/30/politics/biden-putin-call/index.html",
                Url
            ),
            (".", Punct)
        ]
    );
    assert_eq!(
        kinds("(www.reuters.com) or http://en.wikipedia.org/wiki/Cricket_(sport), write to news@abc.net.au."),
        [
            ("(", Punct),
            ("www.reuters.com", Url),
            (")", Punct),
            ("or", Word),
            ("http://en.wikipedia.org/wiki/Cricket_(sport)", Url),
            (",", Punct),
            ("write", Word),
            ("to", Word),
            ("news@abc.net.au", Email),
            (".", Punct)
        ]
    );
    assert_eq!(
        kinds("<first.last+tag@example.co.uk>"),
        [
            ("<", Symbol),
            ("first.last+tag@example.co.uk", Email),
            (">", Symbol)
        ]
    );
    // Not addresses: no dot in the domain, nothing after the scheme.
    assert_eq!(
        words("user@localhost http://"),
        ["user", "@", "localhost", "http", ":", "/", "/"]
    );
}

#[test]
fn dashes_ellipses_and_quotes() {
    assert_eq!(
        kinds("to avoid conflict -- and... wait… “no” (yes) [x] 'so'"),
        [
            ("to", Word),
            ("avoid", Word),
            ("conflict", Word),
            ("--", Punct),
            ("and", Word),
            ("...", Punct),
            ("wait", Word),
            ("…", Punct),
            ("“", Punct),
            ("no", Word),
            ("”", Punct),
            ("(", Punct),
            ("yes", Word),
            (")", Punct),
            ("[", Punct),
            ("x", Word),
            ("]", Punct),
            ("'", Punct),
            ("so", Word),
            ("'", Punct)
        ]
    );
    assert_eq!(
        words("\"It is not entirely static from our perspective,\" the official said"),
        [
            "\"",
            "It",
            "is",
            "not",
            "entirely",
            "static",
            "from",
            "our",
            "perspective",
            ",",
            "\"",
            "the",
            "official",
            "said"
        ]
    );
    assert_eq!(
        words("Biden—Putin talks – again"),
        ["Biden", "—", "Putin", "talks", "–", "again"]
    );
}

#[test]
fn symbols_hashtags_and_handles() {
    assert_eq!(
        kinds("$5 mln, €3.5, 50% #Ukraine @POTUS @joe_biden a+b C# R&D"),
        [
            ("$", Symbol),
            ("5", Number),
            ("mln", Word),
            (",", Punct),
            ("€", Symbol),
            ("3.5", Number),
            (",", Punct),
            ("50", Number),
            ("%", Symbol),
            ("#Ukraine", Word),
            ("@POTUS", Word),
            ("@joe_biden", Word),
            ("a", Word),
            ("+", Symbol),
            ("b", Word),
            ("C", Word),
            ("#", Symbol),
            ("R&D", Word)
        ]
    );
    assert_eq!(words("# @ $"), ["#", "@", "$"]);
}

#[test]
fn empty_and_whitespace_only_text() {
    assert!(words("").is_empty());
    assert!(words(" \t\n\r\u{0B}\u{0C}\u{A0}\u{3000}").is_empty());
    assert_eq!(words("\u{7}bell\u{0}"), ["bell"]);
}

/// Long chunks without spaces (base64, runs of punctuation) must stay linear: quadratic
/// rescans would make this test hang.
#[test]
fn long_chunks_are_linear() {
    for piece in [
        "a.",
        "a@",
        "1,",
        "'s",
        "x-",
        ")",
        "http://x/(",
        "é.",
        "’",
        "#",
        ".)",
        "\n",
    ] {
        let text = piece.repeat(100_000) + " x@y.com";
        let toks = common::tokens(&text);
        assert_eq!(toks.last().map(|t| t.span.slice(&text)), Some("x@y.com"));
        assert!(!common::sentences(&text).is_empty());
    }
}
