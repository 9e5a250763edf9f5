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
    // Issue #7, gap 1: the cue in the sentence after a quote that is a sentence or paragraph
    // of its own. The corpus has no such attribution; the quotes and speakers are real, the
    // attribution moved into a sentence of its own (lee-bg-185, reuters21578-237,
    // reuters21578-704).
    ("\"President Arafat asked Mr Zinni to put pressure on Israel to stop its assassinations.\"\n\nNabil Abu Rudeina, an advisor to Mr Arafat, said on Monday.",
     &[("\"President Arafat asked Mr Zinni to put pressure on Israel to stop its assassinations.\"", "Nabil Abu Rudeina", "said")]),
    ("    \"This group strongly favours an import substitution economy.\"\n    The report said.",
     &[("\"This group strongly favours an import substitution economy.\"", "The report", "said")]),
    ("    \"Expansion of the EFP\nprovision will add to globalization of the energy markets.\"\n    That was according to a CFTC spokeswoman.",
     &[("\"Expansion of the EFP\nprovision will add to globalization of the energy markets.\"", "a CFTC spokeswoman", "according to")]),
    // … but not a sentence that goes on to say something else (reuters21578-704).
    ("\"Expansion of the EFP\nprovision will add to globalization of the energy markets by\nproviding for, in effect, 24-hour trading.\"\n    The Commodity Futures Trading Commission approved the rule\nchange in February, according to a CFTC spokeswoman.",
     &[("\"Expansion of the EFP\nprovision will add to globalization of the energy markets by\nproviding for, in effect, 24-hour trading.\"", "", "")]),
    // A colon before the quote, in its paragraph (reuters21578-236) or closing the one before
    // (the seed story's statement, its attribution moved before it).
    ("    Sheikh Ali al-Khalifa al-Sabah was quoted by the local\ndaily al-Qabas as saying: \"None of the OPEC members has asked\nfor such a meeting.\"",
     &[("\"None of the OPEC members has asked\nfor such a meeting.\"", "Sheikh Ali al-Khalifa al-Sabah", "quoted")]),
    ("The statement read:\n\n“President Biden also expressed support for diplomacy.”",
     &[("“President Biden also expressed support for diplomacy.”", "The statement", "read")]),
    ("Chairman of the Joint Chiefs General Richard Myers said:\n\n\"I don't want to go into details, it would have had the desired effect.\"",
     &[("\"I don't want to go into details, it would have had the desired effect.\"", "Chairman of the Joint Chiefs General Richard Myers", "said")]),
    // Gap 2: `it` and `they` resolve to the speaker of a cue before them that names a thing
    // (reuters21578-237) or a group (reuters21578-478).
    ("    \"(It) appears to be nearing a crossroads with regard to\nderegulation, both as it pertains to investments and imports,\"\nthe report says. It primarily assesses Indonesia\"s agricultural\nsector, but also reviews the country\"s general economic\nperformance.\n    It says that while many government officials and advisers\nare recommending further relaxation, \"there are equally strong\npressures being exerted to halt all such moves.\"",
     &[("\"(It) appears to be nearing a crossroads with regard to\nderegulation, both as it pertains to investments and imports,\"", "the report", "says"),
       ("\"there are equally strong\npressures being exerted to halt all such moves.\"", "the report", "says")]),
    ("The companies said they would jointly own the hotel and\nrename it the Four Seasons Biltmore at Santa Barbara. They said\nthey would spend more than 13 mln U.S. dlrs \"to enhance the\nBiltmore's position as one of the finest resort hotels in North\nAmerica.\"",
     &[("\"to enhance the\nBiltmore's position as one of the finest resort hotels in North\nAmerica.\"", "The companies", "said")]),
    // `she` is the speaker of the cue before it, not the person she speaks of (lee-bg-007,
    // lee-bg-213); `I` and `we` in a quote are never speakers (lee-bg-018, lee-bg-226).
    ("Seles said she had expected her clash with Razzano to be tough. \"She was a top junior player in the world, so it was no surprise that she fought so well,\" she said.",
     &[("\"She was a top junior player in the world, so it was no surprise that she fought so well,\"", "Seles", "said")]),
    ("Ms Almao told the radio station she had gone to Macapa to identify the body. \"He was shot twice,\" she said.",
     &[("\"He was shot twice,\"", "Ms Almao", "said")]),
    ("Sanchez-Vicario says she is hoping to win her second Hopman Cup title after winning the tournament with her brother Emilio in 1990. \"It would be very nice to start the year off and as I say it's always tough but it's a very good start for me and I'm looking forward with Tommy to see if we can be the champions again,\" she said.",
     &[("\"It would be very nice to start the year off and as I say it's always tough but it's a very good start for me and I'm looking forward with Tommy to see if we can be the champions again,\"", "Sanchez-Vicario", "said")]),
    ("He will not say who the man is, what his nationality is, or where he did his pilot training. \"Can I say we are not aware of any specific threat in relation to this man or any other person for that matter in Australia,\" Mr Williams said.",
     &[("\"Can I say we are not aware of any specific threat in relation to this man or any other person for that matter in Australia,\"", "Mr Williams", "said")]),
    // Gap 3, from the sample corpus. `quoted … as saying` (lee-test-028).
    ("Authorities are interrogating Saud Abdulaziz Saud al-Rasheed \"and if it is proven that he was connected to terrorism, he will be referred to the sharia (Islamic) court,\" the official Saudi Press Agency quoted an unidentified ministry official as saying.",
     &[("\"and if it is proven that he was connected to terrorism, he will be referred to the sharia (Islamic) court,\"", "an unidentified ministry official", "quoted")]),
    // `states` after a quote (reuters21578-237).
    ("    \"Growth in the non-oil sector is low because of weak\ndomestic demand coupled with excessive plant capacity, real\ndeclines in construction and trade, and a reduced level of\ngrowth in agriculture,\" the report states.",
     &[("\"Growth in the non-oil sector is low because of weak\ndomestic demand coupled with excessive plant capacity, real\ndeclines in construction and trade, and a reduced level of\ngrowth in agriculture,\"", "the report", "states")]),
    // An apposition after the quote, its closing comma missing (lee-bg-185); a bracketed
    // short name (lee-bg-201).
    ("\"President Arafat asked Mr Zinni to put pressure on Israel to stop its assassinations, its military escalation and to lift the blockade on Palestinian territories,\" Nabil Abu Rudeina, an advisor to Mr Arafat said.",
     &[("\"President Arafat asked Mr Zinni to put pressure on Israel to stop its assassinations, its military escalation and to lift the blockade on Palestinian territories,\"", "Nabil Abu Rudeina", "said")]),
    ("\"The rule of the Taliban in Afghanistan has totally ended,\" the Pakistan-based Afghan news agency Afghan Islamic Press (AIP) said in reporting the surrender of Zabul.",
     &[("\"The rule of the Taliban in Afghanistan has totally ended,\"", "the Pakistan-based Afghan news agency Afghan Islamic Press (AIP)", "said")]),
    // A stray comma before the cue (lee-bg-160); an age (lee-bg-269) or a relative clause
    // (lee-bg-110) as the apposition.
    ("Chairman of the Joint Chiefs General Richard Myers, said the bomb was effective. \"I don't want to go into details, it would have had the desired effect.\"",
     &[("\"I don't want to go into details, it would have had the desired effect.\"", "Chairman of the Joint Chiefs General Richard Myers", "said")]),
    ("Abdul Masood, 30, said at that planes were now flying in five-strong sorties. \"The frequency has increased. They now come within an interval of half an hour,\" he said.",
     &[("\"The frequency has increased. They now come within an interval of half an hour,\"", "Abdul Masood", "said")]),
    ("Firefighter Robert Savarese, who was among the first to enter the church, said the main problem was visibility. \"We knew which direction the fire was coming from, and we just went toward it,\" he said.",
     &[("\"We knew which direction the fire was coming from, and we just went toward it,\"", "Firefighter Robert Savarese", "said")]),
    // A second cue sharing the subject of the first (lee-bg-205); a participle with the
    // sentence's subject (lee-bg-284, with no entities: a pronoun-free subject needs them).
    ("Dr Sultan says he had been hoping to attend the ceremony but says the management at Villawood stopped him from going. \"I submitted a formal request to the centre manager who promised me that he will present the matter to migration management here who are the main authority here.\"",
     &[("\"I submitted a formal request to the centre manager who promised me that he will present the matter to migration management here who are the main authority here.\"", "Dr Sultan", "says")]),
    ("Team captain John Fitzgerald has defended the decision to play Rafter in the doubles on Saturday, saying he was always in doubt for the final match. \"There was no guarantee he could have played.\"",
     &[("\"There was no guarantee he could have played.\"", "", "")]),
    // Words that look like cues and are not: `continued` before a quote (lee-bg-085), an
    // infinitive (lee-bg-094), an adjective (lee-bg-300).
    ("Unrest continued at the facility overnight with a collective voice of detainees chanting \"visa\".",
     &[("\"visa\"", "", "")]),
    ("The official refused to say what tactics the radical group would use in its avowed struggle to end the Israeli occupation of Palestinian land, or if it would revert to grisly attacks if Israel carries out more \"targeted\" killings, which have taken a heavy toll on Hamas operatives.",
     &[("\"targeted\"", "", "")]),
    ("But Rafter says he felt no added pressure after Hewitt's defeat. \"I knew I had a good team to back me up even if we were down 2-0,\" he said.",
     &[("\"I knew I had a good team to back me up even if we were down 2-0,\"", "Rafter", "said")]),
];

/// Cases that need the `entities` layer: `(text, entities as (text, label) — every occurrence
/// is marked —, quotes)`.
type EntityCase<'a> = (
    &'a str,
    &'a [(&'a str, &'a str)],
    &'a [(&'a str, &'a str, &'a str)],
);

const ENTITY_CASES: &[EntityCase] = &[
    // `he` passes over an ORG speaker (`the Pentagon`) to the PERSON before it (lee-bg-141).
    ("The video tape showed bin Laden speaking to supporters in a room, possibly in Kandahar in mid-November, the Pentagon said in releasing the amateur videotape, which it said was made with the knowledge of bin Laden and those present. The tape showed the end of the meeting first. \"We had notification since the previous Thursday that the event would take place that day,\" he said.",
     &[("bin Laden", "PERSON"), ("Pentagon", "ORG"), ("Kandahar", "GPE")],
     &[("\"We had notification since the previous Thursday that the event would take place that day,\"", "bin Laden", "said")]),
    // … and over the people named in quotes (lee-bg-043: `Virgin Blue`, `Mr Fox`).
    ("Virgin Blue chief David Huttner says the new flights are a thank you to customers. However, he says it is also very much about ensuring the airline's position in the market. \"Suggestions recently in the press by Mr Fox that Ansett's main goal is simply to put Virgin Blue out of business, well, you know, we wish them the best of luck in that endeavour,\" he said.",
     &[("Virgin Blue", "ORG"), ("David Huttner", "PERSON"), ("Fox", "PERSON"), ("Ansett", "ORG")],
     &[("\"Suggestions recently in the press by Mr Fox that Ansett's main goal is simply to put Virgin Blue out of business, well, you know, we wish them the best of luck in that endeavour,\"", "David Huttner", "said")]),
    // The PERSON before `and he says` in the same sentence (lee-bg-136).
    ("The national secretary of the Australian Manufacturing Workers Union (AMWU), Doug Cameron, did not rule out the grounding of Qantas jets if the dispute continues and he says the company would only have itself to blame. \"If Qantas doesn't come to the party, I think it's inevitable that the industrial action will continue and that will be Qantas' responsibility,\" he said.",
     &[("Australian Manufacturing Workers Union", "ORG"), ("AMWU", "ORG"), ("Doug Cameron", "PERSON"), ("Qantas", "ORG")],
     &[("\"If Qantas doesn't come to the party, I think it's inevitable that the industrial action will continue and that will be Qantas' responsibility,\"", "Doug Cameron", "said")]),
    // `it` is the ORG before it (lee-bg-141's Pentagon, `which it said`, made a quote).
    ("The Pentagon released the amateur videotape on Thursday. \"The tape was made with the knowledge of bin Laden,\" it said.",
     &[("Pentagon", "ORG"), ("bin Laden", "PERSON")],
     &[("\"The tape was made with the knowledge of bin Laden,\"", "Pentagon", "said")]),
    // A titled PERSON ends the speaker phrase (lee-bg-160); the subject of `saying`
    // (lee-bg-284).
    ("Chairman of the Joint Chiefs General Richard Myers, said the bomb was effective. \"I don't want to go into details, it would have had the desired effect.\"",
     &[("Joint Chiefs", "ORG"), ("Richard Myers", "PERSON")],
     &[("\"I don't want to go into details, it would have had the desired effect.\"", "Richard Myers", "said")]),
    ("Team captain John Fitzgerald has defended the decision to play Rafter in the doubles on Saturday, saying he was always in doubt for the final match. \"There was no guarantee he could have played.\"",
     &[("John Fitzgerald", "PERSON"), ("Rafter", "PERSON")],
     &[("\"There was no guarantee he could have played.\"", "John Fitzgerald", "saying")]),
];

#[test]
fn quotes_with_entities() {
    let mut failures = Vec::new();
    for (text, entities, expected) in ENTITY_CASES {
        let mut doc = document(text, None);
        let mut marked: Vec<Annotation> = Vec::new();
        for (name, label) in *entities {
            for (at, _) in text.match_indices(name) {
                marked.push(Annotation::new(Span::new(at, at + name.len())).with("label", *label));
            }
        }
        marked.sort_by_key(|a| (a.span.start, a.span.end));
        doc.layer_mut("entities").extend(marked);
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
}

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
