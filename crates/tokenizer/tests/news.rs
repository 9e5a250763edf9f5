//! News conventions on real text of the sample corpus: datelines, headlines, initials,
//! currencies and percentages.

mod common;

use common::{doc, kinds, sentences, words};
use newsprint_core::TokenKind::*;

/// The seed story's first paragraph with each kind of wire dateline before it.
#[test]
fn a_dateline_starts_the_first_sentence() {
    let lead = "US President Joe Biden and Russian President Vladimir Putin spoke for 50 minutes on Thursday in the hopes of defusing an unremitting crisis on Russia's border with Ukraine, CNN reported.";
    for dateline in [
        "WASHINGTON (Reuters) -",
        "MOSCOW, Dec 30 (Reuters) -",
        "WASHINGTON, Dec. 30 (Reuters) -",
        "NEW YORK, FEB 26 -",
    ] {
        let text = format!("{dateline} {lead} Biden and Putin had last spoke on December 7.");
        assert_eq!(
            sentences(&text),
            [
                format!("{dateline} {lead}").as_str(),
                "Biden and Putin had last spoke on December 7."
            ]
        );
    }
    assert_eq!(
        words("MOSCOW, Dec 30 (Reuters) - US"),
        ["MOSCOW", ",", "Dec", "30", "(", "Reuters", ")", "-", "US"]
    );
}

/// A Reuters story as the wire sent it: the record's `dateline` before its hard-wrapped text.
#[test]
fn reuters_dateline_before_wrapped_text() {
    let text = format!("NEW YORK, FEB 26 - {}", doc("reuters21578-127"));
    let s = sentences(&text);
    assert_eq!(
        s[0],
        "NEW YORK, FEB 26 - Diamond Shamrock Corp said that\neffective today it had cut its contract prices for crude oil by\n1.50 dlrs a barrel."
    );
    assert_eq!(s.len(), 5);
}

/// Headline, photo caption and dateline lines each stand alone when blank lines part them.
#[test]
fn headline_and_caption_lines_are_sentences() {
    let text = "Biden and Putin\n\nBiden and PutinReuters\n\nWASHINGTON (Reuters) - US President Joe Biden and Russian President Vladimir Putin spoke for 50 minutes on Thursday.";
    assert_eq!(
        sentences(text),
        [
            "Biden and Putin",
            "Biden and PutinReuters",
            "WASHINGTON (Reuters) - US President Joe Biden and Russian President Vladimir Putin spoke for 50 minutes on Thursday."
        ]
    );
    // rcv1-2330: paragraphs parted by blank lines, `Inc.` and `& Co.` inside sentences.
    let text = doc("rcv1-2330");
    let s = sentences(&text);
    assert_eq!(
        s[..3],
        [
            "The stock of Tylan General Inc. jumped Tuesday after the maker of\nprocess-management equipment said it is exploring the sale of the\ncompany and added that it has already received some inquiries from\npotential buyers.",
            "Tylan was up $2.50 to $12.75 in early trading on the Nasdaq market.",
            "The company said it has set up a committee of directors to oversee\nthe sale and that Goldman, Sachs & Co. has been retained as its\nfinancial adviser.",
        ]
    );
}

#[test]
fn initials_stay_inside_the_sentence() {
    let text = "The Hobbit was written by J. R. R. Tolkien. It appeared in 1937.";
    assert_eq!(
        words(text),
        [
            "The", "Hobbit", "was", "written", "by", "J.", "R.", "R.", "Tolkien", ".", "It",
            "appeared", "in", "1937", "."
        ]
    );
    assert_eq!(
        sentences(text),
        [
            "The Hobbit was written by J. R. R. Tolkien.",
            "It appeared in 1937."
        ]
    );
}

/// lee-bg-114, lee-bg-267 and lee-bg-001: Australian copy with currencies, percentages and
/// `4:00pm AEDT`.
#[test]
fn australian_currencies_percentages_and_times() {
    let text = doc("lee-bg-114");
    let sentence = "The department estimates the damage bill from fire-related incidents at Woomera has reached more than $1.5 million since November 20.";
    assert!(sentences(&text).contains(&sentence));
    assert_eq!(
        kinds("has reached more than $1.5 million, €20 or 5% since"),
        [
            ("has", Word),
            ("reached", Word),
            ("more", Word),
            ("than", Word),
            ("$", Symbol),
            ("1.5", Number),
            ("million", Word),
            (",", Punct),
            ("€", Symbol),
            ("20", Number),
            ("or", Word),
            ("5", Number),
            ("%", Symbol),
            ("since", Word)
        ]
    );
    assert!(sentences(&doc("lee-bg-267"))
        .contains(&"The penalty represents 75 per cent of Lee's match pay for the five-day Test."));
    let text = doc("lee-bg-001");
    let s = sentences(&text);
    let i = s
        .iter()
        .position(|x| x.starts_with("At about 4:00pm AEDT"))
        .expect("sentence");
    assert!(s[i].ends_with("in the New South Wales southern highlands."));
    assert_eq!(
        words("At about 4:00pm AEDT, a marked"),
        ["At", "about", "4:00pm", "AEDT", ",", "a", "marked"]
    );
}

/// lee-test-001: a double hyphen between words without spaces is a dash token.
#[test]
fn double_hyphen_between_words() {
    assert_eq!(
        words("as interim leader--a shock move"),
        ["as", "interim", "leader", "--", "a", "shock", "move"]
    );
}

/// An ellipsis with a space before it marks an omission: it ends a sentence only before a
/// clear sentence starter.
#[test]
fn spaced_ellipsis_in_quotes() {
    // reuters21578-248: `...` at the start of a wrapped line, inside a quote.
    let text = doc("reuters21578-248");
    assert!(sentences(&text).contains(&"Asked by the agency about the recent fall in free market\noil prices, Nazer said Saudi Arabia \"is fully adhering by the\n... Accord and it will never sell its oil at prices below the\npronounced prices under any circumstance.\""));
    let text = doc("lee-bg-217");
    assert!(sentences(&text).contains(&"\"The Taliban will surrender to elders, not to Karzai ... Karzai and other persons, which they want to enter Kandahar by the support of America, they don't allow to enter Kandahar city,\" he said."));
    let text = doc("lee-bg-059");
    assert!(sentences(&text).contains(&"We are guarding each one of these passes."));
}
