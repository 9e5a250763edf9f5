//! Sentence texts on real news and on the abbreviation and quote rules.

mod common;

use common::{doc, sentences};

#[test]
fn seed_story_headline_lines_and_quotes() {
    let text = doc("seed-biden-putin");
    let s = sentences(&text);
    assert_eq!(
        s[..8],
        [
            // The headline and the caption credit, each alone on its line.
            "Biden and Putin",
            "Biden and PutinReuters",
            "US President Joe Biden and Russian President Vladimir Putin spoke for 50 minutes on Thursday in the hopes of defusing an unremitting crisis on Russia's border with Ukraine, CNN reported.",
            "A statement from the White House said that Biden “urged Russia to de-escalate tensions with Ukraine.",
            // The closing quote after the full stop stays with its sentence …
            "He made clear that the United States and its allies and partners will respond decisively if Russia further invades Ukraine.”",
            "“President Biden also expressed support for diplomacy, starting early next year with the bilateral Strategic Stability Dialogue, at NATO through the NATO-Russia Council, and at the Organization for Security and Cooperation in Europe.",
            // … and a quote closing after a comma does not end one.
            "President Biden reiterated that substantive progress in these dialogues can occur only in an environment of de-escalation rather than escalation,” added the statement.",
            "CNN reported that Putin requested the telephone call this week for reasons US officials said were not precisely clear.",
        ]
    );
    assert!(s.contains(&"Biden hoped Thursday's phone call, which the White House said began at 3:35 p.m. ET and ended 50 minutes later, would yield more progress in easing tensions."));
    assert_eq!(
        s[s.len() - 2..],
        [
            "\"It is not entirely static from our perspective,\" the official said, according to CNN.",
            "\"It remains a continuing source of grave concern what the Russians have been putting in place in and around that border area.\"",
        ]
    );
    assert_eq!(s.len(), 17);
}

#[test]
fn quote_closing_after_full_stop_on_one_line() {
    assert_eq!(
        sentences("if Russia further invades Ukraine.” “President Biden also expressed support"),
        [
            "if Russia further invades Ukraine.”",
            "“President Biden also expressed support"
        ]
    );
    assert_eq!(
        sentences("\"Why?\" he asked. \"Because!\" She left (quietly.) Then"),
        [
            "\"Why?\" he asked.",
            "\"Because!\"",
            "She left (quietly.)",
            "Then"
        ]
    );
}

#[test]
fn hard_wrapped_reuters_paragraphs() {
    let text = doc("reuters21578-127");
    assert_eq!(
        sentences(&text),
        [
            "Diamond Shamrock Corp said that\neffective today it had cut its contract prices for crude oil by\n1.50 dlrs a barrel.",
            "The reduction brings its posted price for West Texas\nIntermediate to 16.00 dlrs a barrel, the copany said.",
            "\"The price reduction today was made in the light of falling\noil product prices and a weak crude oil market,\" a company\nspokeswoman said.",
            "Diamond is the latest in a line of U.S. oil companies that\nhave cut its contract, or posted, prices over the last two days\nciting weak oil markets.",
            "Reuter",
        ]
    );
    // A line break before a capital inside a paragraph is not a sentence end.
    let text = doc("reuters21578-236");
    let s = sentences(&text);
    let i = s
        .iter()
        .position(|x| x.starts_with("They named Kuwait"))
        .expect("paragraph");
    assert_eq!(
        s[i..i + 5],
        [
            "They named Kuwait and the United Arab Emirates, along with\nthe much smaller producer Ecuador, among those producing above\nquota.",
            "Kuwait, they said, was pumping 1.2 mln bpd.",
            "\"This rumour is baseless.",
            "It is based on reports which said\nKuwait has the ability to exceed its share.",
            "They suppose that\nbecause Kuwait has the ability, it will do so,\" the minister\nsaid.",
        ]
    );
}

#[test]
fn first_short_line_of_a_wrapped_story_is_not_a_headline() {
    let text = doc("reuters21578-349");
    assert!(sentences(&text)[0]
        .starts_with("Deputy oil ministers from six Gulf\nArab states will meet"));
}

#[test]
fn titles_before_names_do_not_end_sentences() {
    assert_eq!(
        sentences("Gov. Smith and Sen. Jones met Mr. Biden on Jan. 12. Dr. Who agreed."),
        [
            "Gov. Smith and Sen. Jones met Mr. Biden on Jan. 12.",
            "Dr. Who agreed."
        ]
    );
    assert_eq!(
        sentences("It was No. 1 in the poll. Gen. The Cat said so."),
        ["It was No. 1 in the poll.", "Gen. The Cat said so."]
    );
}

#[test]
fn us_mid_sentence_and_at_the_end() {
    assert_eq!(
        sentences("The U.S. Treasury said U.S. oil companies cut prices. Talks resumed."),
        [
            "The U.S. Treasury said U.S. oil companies cut prices.",
            "Talks resumed."
        ]
    );
    assert_eq!(
        sentences("Putin spoke with the U.S."),
        ["Putin spoke with the U.S."]
    );
    assert_eq!(
        sentences("troops moved closer to the U.S. The Kremlin denied it."),
        ["troops moved closer to the U.S.", "The Kremlin denied it."]
    );
    assert_eq!(
        sentences("He flew to the U.S.\nRussia responded on Friday."),
        ["He flew to the U.S.", "Russia responded on Friday."]
    );
    assert_eq!(
        sentences("It began at 3:35 p.m. ET and ended at 4:25 p.m. Putin called."),
        ["It began at 3:35 p.m. ET and ended at 4:25 p.m. Putin called."]
    );
}

#[test]
fn punctuation_needs_a_sentence_start_after_it() {
    assert_eq!(
        sentences("Prices rose 1.5 pct. 2021 was worse... But why? it asked! “Fine.”"),
        [
            "Prices rose 1.5 pct.",
            "2021 was worse...",
            "But why? it asked!",
            "“Fine.”"
        ]
    );
    assert_eq!(
        sentences("\"...That does not preclude acquisitions,\" he said."),
        ["\"...That does not preclude acquisitions,\" he said."]
    );
}

#[test]
fn blank_lines_always_end_a_sentence() {
    assert_eq!(
        sentences("Photo: Firefighters at Hill Top\n \t\nthe fire spread, and\r\n\r\nmore"),
        [
            "Photo: Firefighters at Hill Top",
            "the fire spread, and",
            "more"
        ]
    );
    assert!(sentences("").is_empty());
    assert!(sentences(" \n\n ").is_empty());
}
