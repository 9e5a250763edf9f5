use super::*;
use crate::testing::{document, run, sample_corpus};

/// `(quote, speaker, cue)` texts of every quote, `""` where there is none.
fn quotes_of(doc: &Document) -> Vec<[String; 3]> {
    let span_text = |a: &Annotation, key: &str| match a.attr(key) {
        Some(AttrValue::Span(s)) => doc.span_text(*s).to_string(),
        _ => String::new(),
    };
    doc.layer("quotes")
        .unwrap_or_default()
        .iter()
        .map(|a| {
            [
                doc.span_text(a.span).to_string(),
                span_text(a, "speaker"),
                span_text(a, "cue"),
            ]
        })
        .collect()
}

type Case<'a> = (&'a str, &'a [(&'a str, &'a str, &'a str)]);

/// Sentences from the sample corpus (Reuters-21578, the Lee corpus) and the seed story's
/// conventions: every quote with its speaker and cue, exactly.
const CASES: &[Case] = &[
    ("\"The price reduction today was made in the light of falling\noil product prices and a weak crude oil market,\" a company\nspokeswoman said.",
     &[("\"The price reduction today was made in the light of falling\noil product prices and a weak crude oil market,\"", "a company\nspokeswoman", "said")]),
    ("\"The movement to higher oil prices was never to be as easy\nas OPEC thought. They may need an emergency meeting to sort out\nthe problems,\" said Daniel Yergin, director of Cambridge Energy\nResearch Associates, CERA.",
     &[("\"The movement to higher oil prices was never to be as easy\nas OPEC thought. They may need an emergency meeting to sort out\nthe problems,\"", "Daniel Yergin", "said")]),
    ("\"OPEC has to learn that in a buyers market you cannot have\ndeemed quotas, fixed prices and set differentials,\" said the\nregional manager for one of the major oil companies who spoke\non condition that he not be named. \"The market is now trying to\nteach them that lesson again,\" he added.",
     &[("\"OPEC has to learn that in a buyers market you cannot have\ndeemed quotas, fixed prices and set differentials,\"", "the\nregional manager for one of the major oil companies", "said"),
       ("\"The market is now trying to\nteach them that lesson again,\"", "the\nregional manager for one of the major oil companies", "added")]),
    ("\"OPEC must hold to its pact for the next six to eight weeks\nsince buyers will come back into the market then,\" said Dillard\nSpriggs of Petroleum Analysis Ltd in New York.",
     &[("\"OPEC must hold to its pact for the next six to eight weeks\nsince buyers will come back into the market then,\"", "Dillard\nSpriggs of Petroleum Analysis Ltd", "said")]),
    ("\"I think they will resist it,\" said Elliott Schlang,\nanalyst at Prescott, Ball and Turben Inc. \"Any company that\ndoesn't like a surprise attack would.\"",
     &[("\"I think they will resist it,\"", "Elliott Schlang", "said"),
       ("\"Any company that\ndoesn't like a surprise attack would.\"", "Elliott Schlang", "said")]),
    ("When NYMEX announced its proposed rule change in December,\nNYMEX President Rosemary McFadden, said, \"Expansion of the EFP\nprovision will add to globalization of the energy markets.\"",
     &[("\"Expansion of the EFP\nprovision will add to globalization of the energy markets.\"", "NYMEX President Rosemary McFadden", "said")]),
    ("\"They have enormous internal growth plans that takes\ncapital,\" E.F. Hutton Group analyst Michael Lewis said.",
     &[("\"They have enormous internal growth plans that takes\ncapital,\"", "E.F. Hutton Group analyst Michael Lewis", "said")]),
    ("Leanne McCormack, a university student, said: \"George was a talented musician and his music touched the lives of millions of people. \"I wanted to come here tonight to pay my respects because he was such a talented man.\"",
     &[("\"George was a talented musician and his music touched the lives of millions of people.", "Leanne McCormack", "said"),
       ("\"I wanted to come here tonight to pay my respects because he was such a talented man.\"", "Leanne McCormack", "said")]),
    ("The biowarfare expert under scrutiny in the anthrax attacks declared, \"I am not the anthrax killer,\" and lashed out today against Attorney General John Ashcroft for calling him a \"person of interest\" in the investigation.",
     &[("\"I am not the anthrax killer,\"", "The biowarfare expert under scrutiny in the anthrax attacks", "declared"),
       ("\"person of interest\"", "", "")]),
    ("President Musharraf also said he welcomed the intervention of the international community. \"We would like anybody to play a useful and positive role in defusing the tension.\"",
     &[("\"We would like anybody to play a useful and positive role in defusing the tension.\"", "President Musharraf", "said")]),
    ("The Palestinians called the meeting a \"failure\", but Israeli officials said it had gone well.",
     &[("\"failure\"", "", "")]),
    ("The Blackshirts regard themselves as the vanguard of a \"men's rights\" movement in Australia and say that their actions will be remembered.",
     &[("\"men's rights\"", "", "")]),
    ("\"Soon as we get word the southerly change for instance, is getting close to the Blue Mountains area, we initially stop our back-burning,\" Mr Williams said.",
     &[("\"Soon as we get word the southerly change for instance, is getting close to the Blue Mountains area, we initially stop our back-burning,\"", "Mr Williams", "said")]),
    ("Tim, 16, alleged a staff member at Hillcrest Christian College in Berwick told him he \"had the devil in him\", and constant bullying prompted the principal to act.",
     &[("\"had the devil in him\"", "a staff member at Hillcrest Christian College in Berwick", "told")]),
    ("\"Economic activity remains soft,\" the Federal Open Market Committee said.",
     &[("\"Economic activity remains soft,\"", "the Federal Open Market Committee", "said")]),
    ("According to the police, \"the fire was deliberately lit.\"",
     &[("\"the fire was deliberately lit.\"", "the police", "According to")]),
    ("\"We're looking at south-west winds this morning,\" he said, \"which is going to make things quite challenging.\"",
     &[("\"We're looking at south-west winds this morning,\"", "he", "said"),
       ("\"which is going to make things quite challenging.\"", "he", "said")]),
    ("He said \"I am very concerned\" about the fires.",
     &[("\"I am very concerned\"", "He", "said")]),
    ("\"He is still attached to an IV drip, but the doctors said 'Bapak' (father's) condition is much better,\" Mr Habeel told reporters.",
     &[("\"He is still attached to an IV drip, but the doctors said 'Bapak' (father's) condition is much better,\"", "Mr Habeel", "told")]),
    ("“It is not over yet,” the minister said.\n\n“We will hold talks next week.\n\n“And we expect an answer by Friday,” she added.",
     &[("“It is not over yet,”", "the minister", "said"),
       ("“We will hold talks next week.", "the minister", "added"),
       ("“And we expect an answer by Friday,”", "the minister", "added")]),
    ("The 'green light' was given, a source said.", &[]),
    ("Diamond Shamrock's \"posted\" price of OPEC\"s crude fell, the company said.",
     &[("\"posted\"", "", "")]),
];

#[test]
fn quotes_speakers_and_cues_of_news_sentences() {
    let mut failures = Vec::new();
    for (text, expected) in CASES {
        let mut doc = document(text, None);
        run(&[&Quotes], &mut doc);
        let expected: Vec<[String; 3]> = expected
            .iter()
            .map(|(q, s, c)| [q, s, c].map(|x| x.to_string()))
            .collect();
        let got = quotes_of(&doc);
        if got != expected {
            failures.push(format!(
                "{text:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(CASES.iter().map(|c| c.1.len()).sum::<usize>() >= 25);
}

#[test]
fn seed_story_four_quotes() {
    let mut seed = sample_corpus().into_iter().next().unwrap();
    run(&[&Quotes], &mut seed);
    assert_eq!(
        quotes_of(&seed),
        [
            ["“urged Russia to de-escalate tensions with Ukraine. He made clear that the United States and its allies and partners will respond decisively if Russia further invades Ukraine.”", "A statement from the White House", "said"],
            ["“President Biden also expressed support for diplomacy, starting early next year with the bilateral Strategic Stability Dialogue, at NATO through the NATO-Russia Council, and at the Organization for Security and Cooperation in Europe. President Biden reiterated that substantive progress in these dialogues can occur only in an environment of de-escalation rather than escalation,”", "the statement", "added"],
            ["\"It is not entirely static from our perspective,\"", "the official", "said"],
            ["\"It remains a continuing source of grave concern what the Russians have been putting in place in and around that border area.\"", "the official", "said"],
        ]
        .map(|row| row.map(String::from))
    );
    let partial: Vec<bool> = seed
        .layer("quotes")
        .unwrap()
        .iter()
        .map(|a| a.attr("partial").is_some())
        .collect();
    assert_eq!(partial, [true, false, false, false]);
}

#[test]
fn multi_paragraph_quote_is_one_quote_per_paragraph() {
    // Wire copy: paragraphs start with a line break and an indent.
    let text = "    \"We will not cut output,\" the minister said. \"Prices will\nrecover by the summer.\n    \"Our quota stands,\" he added.\n    \"Unclosed at the end.\n    Next paragraph.";
    let mut doc = document(text, None);
    run(&[&Quotes], &mut doc);
    let layer = doc.layer("quotes").unwrap();
    let rows: Vec<(&str, bool)> = layer
        .iter()
        .map(|a| (doc.span_text(a.span), a.attr("continued").is_some()))
        .collect();
    assert_eq!(
        rows,
        [
            ("\"We will not cut output,\"", false),
            ("\"Prices will\nrecover by the summer.", true),
            ("\"Our quota stands,\"", false)
        ]
    );
    assert_eq!(quotes_of(&doc)[1][1], "the minister");
}

#[test]
fn pronoun_resolves_to_the_nearest_person_entity() {
    let mut doc = document(
        "Biden spoke to Putin for an hour. \"We made progress,\" he said.",
        None,
    );
    let putin = Span::new(15, 20);
    doc.layer_mut("entities")
        .push(Annotation::new(Span::new(0, 5)).with("label", "PERSON"));
    doc.layer_mut("entities")
        .push(Annotation::new(putin).with("label", "PERSON"));
    run(&[&Quotes], &mut doc);
    let quote = &doc.layer("quotes").unwrap()[0];
    assert_eq!(quote.attr("speaker"), Some(&AttrValue::Span(putin)));
    assert_eq!(
        doc.span_text(match quote.attr("pronoun") {
            Some(AttrValue::Span(s)) => *s,
            _ => panic!(),
        }),
        "he"
    );
}

#[test]
fn an_entity_heading_the_phrase_is_the_speaker() {
    let text =
        "\"It will not happen,\" said Dillard Spriggs of Petroleum Analysis Ltd in New York.";
    let mut doc = document(text, None);
    doc.layer_mut("entities")
        .push(Annotation::new(Span::new(27, 42)).with("label", "PERSON"));
    doc.layer_mut("entities")
        .push(Annotation::new(Span::new(46, 68)).with("label", "ORG"));
    run(&[&Quotes], &mut doc);
    assert_eq!(quotes_of(&doc)[0][1], "Dillard Spriggs");
}

#[test]
fn other_languages_are_skipped() {
    let mut doc = document("«Wir werden nicht nachgeben», sagte der Minister am Donnerstag in Berlin vor Journalisten.", None);
    run(
        &[&crate::language::LanguageDetector::default(), &Quotes],
        &mut doc,
    );
    assert_eq!(doc.layer("quotes"), Some(&[][..]));
    assert_eq!(
        doc.value("skipped"),
        Some(&serde_json::json!({"quotes": "language de"}))
    );
}

#[test]
fn no_panic_on_any_sample_document_or_odd_unicode() {
    let odd = [
        "",
        "\"",
        "\"\"",
        "“",
        "”",
        "« »",
        "\"“\"”\"",
        "he said \"",
        "\" said",
        "\"x\" said \"",
        "北京 “你好，” 他说。 Москва «привет» 🇺🇦 \"e\u{301}\" said he",
        "\"a\n\n\"b\n\n\"c",
        "\u{200B}\"\u{200B}\" said \u{FEFF}",
    ];
    for text in odd {
        let mut doc = document(text, None);
        run(&[&Quotes], &mut doc);
        for a in doc.layer("quotes").unwrap() {
            assert!(
                doc.text.is_char_boundary(a.span.start) && doc.text.is_char_boundary(a.span.end)
            );
        }
    }
    let mut quotes = 0;
    for mut doc in sample_corpus() {
        run(&[&Quotes], &mut doc);
        quotes += doc.layer("quotes").unwrap().len();
    }
    assert!(quotes > 500, "{quotes}");
}
