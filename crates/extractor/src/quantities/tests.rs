use super::*;
use crate::testing::{document, layer_rows, run, sample_corpus};
use crate::timex::Timexes;

/// `(text, type, value, unit)` of every quantity (with `/per` appended to the unit when the
/// quantity is a rate), in text order.
fn quantities(text: &str) -> Vec<[String; 4]> {
    let mut doc = document(text, Some("1987-03-02"));
    run(&[&Timexes::default(), &Quantities::default()], &mut doc);
    layer_rows(&doc, "quantities", &["type", "value", "unit", "per"])
        .into_iter()
        .map(|row| {
            let unit = match row[4].as_str() {
                "" => row[3].clone(),
                per => format!("{}/{per}", row[3]),
            };
            [row[0].clone(), row[1].clone(), row[2].clone(), unit]
        })
        .collect()
}

type Case<'a> = (&'a str, &'a [(&'a str, &'a str, &'a str, &'a str)]);

/// Runs a table: every quantity of each sentence, exactly. Returns the number checked.
fn check(cases: &[Case]) -> usize {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let got = quantities(text);
        let want: Vec<[String; 4]> = expected
            .iter()
            .map(|(a, b, c, d)| [a, b, c, d].map(|s| s.to_string()))
            .collect();
        if got != want {
            failures.push(format!(
                "{text:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    cases.iter().map(|c| c.1.len()).sum()
}

#[test]
fn reuters_sentences() {
    let cases: &[Case] = &[
        ("The reduction brings its posted price for West Texas\nIntermediate to 16.00 dlrs a barrel, the copany said.", &[("16.00 dlrs a barrel", "MONEY", "16", "USD/barrel")]),
        ("Diamond Shamrock Corp said that\neffective today it had cut its contract prices for crude oil by\n1.50 dlrs a barrel.", &[("1.50 dlrs a barrel", "MONEY", "1.5", "USD/barrel")]),
        ("Marathon Petroleum Co said it reduced\nthe contract price it will pay for all grades of crude oil one\ndlr a barrel, effective today.", &[("one\ndlr a barrel", "MONEY", "1", "USD/barrel")]),
        ("The\nSouth Louisiana Sweet grade of crude was reduced to 16.85 dlrs\na bbl.", &[("16.85 dlrs\na bbl", "MONEY", "16.85", "USD/barrel")]),
        ("Texaco Canada said it lowered the\ncontract price it will pay for crude oil 64 Canadian cts a\nbarrel, effective today.", &[("64 Canadian cts a\nbarrel", "MONEY", "0.64", "CAD/barrel")]),
        ("But some other analysts were uncertain that even an\nemergency meeting would address the problem of OPEC production\nabove the 15.8 mln bpd quota set last December.", &[("15.8 mln bpd", "QUANTITY", "15800000", "bpd")]),
        ("He denied Kuwait was pumping above its quota of 948,000\nbarrels of crude daily (bpd) set under self-imposed production\nlimits of the 13-nation organisation.", &[("948,000\nbarrels", "QUANTITY", "948000", "barrels")]),
        ("Qatar, an OPEC member, has an output ceiling of 285,000\nbarrels per day.", &[("285,000\nbarrels per day", "QUANTITY", "285000", "bpd")]),
        ("Saudi crude oil output last month fell\nto an average of 3.5 mln barrels per day (bpd) from 3.8 mln bpd\nin January, Gulf oil sources said.", &[("3.5 mln barrels per day", "QUANTITY", "3500000", "bpd"), ("3.8 mln bpd", "QUANTITY", "3800000", "bpd")]),
        ("But the drop was much smaller than expected after Gulf\nexports rallied in the fourth week of February to 2.5 mln bpd\nfrom 1.2 mln in the third week, the sources said.", &[("fourth", "ORDINAL", "4", ""), ("2.5 mln bpd", "QUANTITY", "2500000", "bpd"), ("1.2 mln", "CARDINAL", "1200000", ""), ("third", "ORDINAL", "3", "")]),
        ("Prices in New York last week dropped to their lowest levels\nthis year and almost three dollars below a three-month high of\n19 dollars a barrel.", &[("three dollars", "MONEY", "3", "USD"), ("19 dollars a barrel", "MONEY", "19", "USD/barrel")]),
        ("Indonesia, the largest country in South-East Asia with a\npopulation of 168 million, is facing general elections in\nApril.", &[("168 million", "CARDINAL", "168000000", "")]),
        ("A new World Bank loan of 300 mln dlrs last month in balance\nof payments support was given partly to help the government\nmaintain the momentum of reform, the Bank said.", &[("300 mln dlrs", "MONEY", "300000000", "USD")]),
        ("Sheikh Abdul-Aziz said government revenue would be about\n6.745 billion riyals, down by about 30 pct on the 1985/86\nprojected revenue of 9.7 billion.", &[("6.745 billion riyals", "MONEY", "6745000000", "SAR"), ("30 pct", "PERCENT", "30", ""), ("9.7 billion", "CARDINAL", "9700000000", "")]),
        ("They put crude oil exports through Yanbu at 100,000 bpd\nlast month, compared to zero in January, while throughput at\nBahrain's refinery and neutral zone production remained steady\nat around 200,000 bpd each.", &[("100,000 bpd", "QUANTITY", "100000", "bpd"), ("zero", "CARDINAL", "0", ""), ("200,000 bpd", "QUANTITY", "200000", "bpd")]),
        ("Saudi Arabia was a main architect of December pact under\nwhich OPEC agreed to cut its total oil output ceiling by 7.25\npct and return to fixed prices of around 18 dollars a barrel.", &[("7.25\npct", "PERCENT", "7.25", ""), ("18 dollars a barrel", "MONEY", "18", "USD/barrel")]),
        ("The port of Philadelphia was closed\nwhen a Cypriot oil tanker, Seapride II, ran aground after\nhitting a 200-foot tower supporting power lines across the\nriver, a Coast Guard spokesman said.", &[("200-foot", "QUANTITY", "200", "feet")]),
        ("Argentine crude oil production was\ndown 10.8 pct in January 1987 to 12.32 mln barrels, from 13.81\nmln barrels in January 1986, Yacimientos Petroliferos Fiscales\nsaid.", &[("10.8 pct", "PERCENT", "10.8", ""), ("12.32 mln barrels", "QUANTITY", "12320000", "barrels"), ("13.81\nmln barrels", "QUANTITY", "13810000", "barrels")]),
        ("January 1987 natural gas output totalled 1.15 billion cubic\nmetrers, 3.6 pct higher than 1.11 billion cubic metres produced\nin January 1986, Yacimientos Petroliferos Fiscales added.", &[("1.15 billion", "CARDINAL", "1150000000", ""), ("3.6 pct", "PERCENT", "3.6", ""), ("1.11 billion cubic metres", "QUANTITY", "1110000000", "cubic metres")]),
        ("The company said the warrants are exercisable for five\nyears at a purchase price of .125 dlrs per share.", &[(".125 dlrs per share", "MONEY", "0.125", "USD/share")]),
        ("\"This company could go for 10 times cash flow or 30 dlrs,\nmaybe 32 dollars depending on whether there is a competing\nbidder,\" an arbitrageur said.", &[("10", "CARDINAL", "10", ""), ("30 dlrs", "MONEY", "30", "USD"), ("32 dollars", "MONEY", "32", "USD")]),
        ("A group of affiliated New York\ninvestment firms said they lowered their stake in Cyclops Corp\nto 260,500 shares, or 6.4 pct of the total outstanding common\nstock, from 370,500 shares, or 9.2 pct.", &[("260,500", "CARDINAL", "260500", ""), ("6.4 pct", "PERCENT", "6.4", ""), ("370,500", "CARDINAL", "370500", ""), ("9.2 pct", "PERCENT", "9.2", "")]),
        ("Shearson's book value is in\nthe 1.4 mln dlr range.", &[("1.4 mln dlr", "MONEY", "1400000", "USD")]),
        // Years are timexes: `1986` and `1985` are not quantities.
        ("Ionic, a maker of circuit boards, had revenues of 8.4 mln\ndlrs and pretax profits of 232,000 dlrs in 1986, up from\nrevenues of 5.9 mln and pretax profits of 204,000 dlrs in 1985,\nCircuit Systems said.", &[("8.4 mln\ndlrs", "MONEY", "8400000", "USD"), ("232,000 dlrs", "MONEY", "232000", "USD"), ("5.9 mln", "CARDINAL", "5900000", ""), ("204,000 dlrs", "MONEY", "204000", "USD")]),
        // Stock prices and rates in fractions.
        ("Spot-next and one-week rates were put at 6-1/4, 5-3/4 pct\nafter quotes ranging between seven, six yesterday.", &[("6-1/4", "CARDINAL", "6.25", ""), ("5-3/4 pct", "PERCENT", "5.75", ""), ("seven", "CARDINAL", "7", ""), ("six", "CARDINAL", "6", "")]),
        ("The company also remained\nsilent last Thursday and Friday, as rumors drove American\nExpress stock up a total of 5-1/2 dlrs in two days to bring it\nto a Friday close at 74.", &[("5-1/2 dlrs", "MONEY", "5.5", "USD"), ("74", "CARDINAL", "74", "")]),
        ("(Groupe Videotron Ltd) said it agreed to\nbuy 50 pct of (Groupe Promexpo Inc), a company which\nspecializes in product exhibits, for three mln dlrs.", &[("50 pct", "PERCENT", "50", ""), ("three mln dlrs", "MONEY", "3000000", "USD")]),
    ];
    assert!(check(cases) >= 40);
}

#[test]
fn other_sample_sentences() {
    let cases: &[Case] = &[
        ("Some of Harrison's ashes could also be immersed in the Ganges at Allahabad - another holy spot for devout Hindus - about 130 kilometres upstream from Benares, a spokesman for the Hare Krishna group said.", &[("130 kilometres", "QUANTITY", "130", "km")]),
        ("The Larrakia people plan to take a lease from the Territory Government under commercial terms and develop almost 50 hectares in the new Palmerston suburb of Rosebury over the next few years.", &[("50 hectares", "QUANTITY", "50", "hectares")]),
        ("The meeting of company's creditors was told this morning staff are owed nearly $9 million in entitlements.", &[("$9 million", "MONEY", "9000000", "USD")]),
        ("On the stock exchange, Austar shares rose five cents to 31.5 cents shortly before 1:00pm AEDT.", &[("five cents", "MONEY", "0.05", "USD"), ("31.5 cents", "MONEY", "0.315", "USD")]),
        ("A second night of air raids killed eight civilians and wounded 18, he said, and the third night left eight dead and many people injured.", &[("second", "ORDINAL", "2", ""), ("eight", "CARDINAL", "8", ""), ("18", "CARDINAL", "18", ""), ("third", "ORDINAL", "3", ""), ("eight", "CARDINAL", "8", "")]),
        ("The Pentagon had earlier confirmed that two US special forces soldiers were killed and 20 others wounded north of Kandahar when a B-52 bomber dropped a 2,000-pound bomb too close to them.", &[("two", "CARDINAL", "2", ""), ("20", "CARDINAL", "20", ""), ("2,000-pound", "QUANTITY", "2000", "pounds")]),
        ("The winners of each event received five thousand dollars but Welsh had an early night when he was the first eliminated in the  50 metres event won by Ray Hass.", &[("five thousand dollars", "MONEY", "5000", "USD"), ("first", "ORDINAL", "1", ""), ("50 metres", "QUANTITY", "50", "m")]),
        ("\"The thermostat's broken on the old one, it just goes up and down and I went in yesterday and it was 36 degrees in the water and it was just terrible.", &[("one", "CARDINAL", "1", ""), ("36 degrees", "QUANTITY", "36", "degrees")]),
        ("The papers, filed in a $US3000 billion ($5500 billion) lawsuit in the US, allege the deal was made after two secret meetings between Saudi royals and leaders of al-Qa'ida, including bin Laden.", &[("$US3000 billion", "MONEY", "3000000000000", "USD"), ("$5500 billion", "MONEY", "5500000000000", "USD"), ("two", "CARDINAL", "2", "")]),
        ("About 1800km of dikes around the lake are all that stand between 10 million people in the surrounding farmland and disaster.", &[("1800km", "QUANTITY", "1800", "km"), ("10 million", "CARDINAL", "10000000", "")]),
        ("The overall HIV infection rate in Malawi is 19 per cent, but in some areas up to 35 percent of people are infected.", &[("19 per cent", "PERCENT", "19", ""), ("35 percent", "PERCENT", "35", "")]),
        ("The deaths came as Pakistani police arrested more than two dozen militants from extremist groups accused of staging an attack on India's parliament.", &[("two dozen", "CARDINAL", "24", "")]),
        ("Two hundred and thirty canoes left Yarrawonga last Thursday.", &[("Two hundred and thirty", "CARDINAL", "230", "")]),
        ("Julia Ham won the women's 50 metres butterfly and says the $5,000 in prizemoney will go towards paying for a $13,000 heater for the pool in Queensland where she trains children.", &[("50 metres", "QUANTITY", "50", "m"), ("$5,000", "MONEY", "5000", "USD"), ("$13,000", "MONEY", "13000", "USD")]),
        ("The bank reported net profit of 2.66 billion Australian dollars ($1.4 billion) in the year to June 30, up from 2.4 billion Australian dollars in the previous year.", &[("2.66 billion Australian dollars", "MONEY", "2660000000", "AUD"), ("$1.4 billion", "MONEY", "1400000000", "USD"), ("2.4 billion Australian dollars", "MONEY", "2400000000", "AUD")]),
        // Durations, times and dates are timexes, whatever numbers they hold.
        ("Geoff Huegill won the 50 metres butterfly in 24.21 seconds and is looking forward to the World Cup event in Melbourne tomorrow.", &[("50 metres", "QUANTITY", "50", "m")]),
    ];
    assert!(check(cases) >= 20);
}

/// Forms the spec names that the sample corpus happens not to use.
#[test]
fn other_news_forms() {
    let cases: &[Case] = &[
        (
            "The fund raised €20 and £3.5 million, then US$2.3 million and A$40.",
            &[
                ("€20", "MONEY", "20", "EUR"),
                ("£3.5 million", "MONEY", "3500000", "GBP"),
                ("US$2.3 million", "MONEY", "2300000", "USD"),
                ("A$40", "MONEY", "40", "AUD"),
            ],
        ),
        (
            "Half a million people, twenty-one of them children, walked 10 km; a 5% rise.",
            &[
                ("Half a million", "CARDINAL", "500000", ""),
                ("twenty-one", "CARDINAL", "21", ""),
                ("10 km", "QUANTITY", "10", "km"),
                ("5%", "PERCENT", "5", ""),
            ],
        ),
        (
            "Output rose 5 percent to 300 tonnes, worth 1.5 billion yen or a hundred Swiss francs.",
            &[
                ("5 percent", "PERCENT", "5", ""),
                ("300 tonnes", "QUANTITY", "300", "tonnes"),
                ("1.5 billion yen", "MONEY", "1500000000", "JPY"),
                ("a hundred Swiss francs", "MONEY", "100", "CHF"),
            ],
        ),
        (
            "It was the 21st attempt and the fifty-first day, worth $1.5bn.",
            &[
                ("21st", "ORDINAL", "21", ""),
                ("fifty-first", "ORDINAL", "51", ""),
                ("$1.5bn", "MONEY", "1500000000", "USD"),
            ],
        ),
    ];
    check(cases);
}

#[test]
fn values_are_integers_when_integral() {
    let mut doc = document("It cost 100,000 dlrs, or 1.5 dlrs a share.", None);
    run(&[&Timexes::default(), &Quantities::default()], &mut doc);
    let values: Vec<&AttrValue> = doc
        .layer("quantities")
        .unwrap()
        .iter()
        .map(|a| a.attr("value").unwrap())
        .collect();
    assert_eq!(values, [&AttrValue::Int(100_000), &AttrValue::Num(1.5)]);
}

#[test]
fn parameters() {
    let build_with = |src: &str| build(&src.parse().unwrap(), &BuildContext::default());
    // Australian copy: a bare `$` and `cents` are Australian dollars, `$US` still US dollars.
    let aud = build_with(r#"dollar = "AUD""#).unwrap();
    let mut doc = document(
        "AMP's half-year profit sank 25 per cent to $303 million, in a $US3000 billion case; shares fell five cents.",
        None,
    );
    run(&[&Timexes::default(), aud.as_ref()], &mut doc);
    assert_eq!(
        layer_rows(&doc, "quantities", &["type", "value", "unit"]),
        [
            ["25 per cent", "PERCENT", "25", ""],
            ["$303 million", "MONEY", "303000000", "AUD"],
            ["$US3000 billion", "MONEY", "3000000000000", "USD"],
            ["five cents", "MONEY", "0.05", "AUD"],
        ]
        .map(|r| r.map(String::from).to_vec())
    );
    assert!(matches!(
        build_with(r#"dollar = "EUR""#).err(),
        Some(BuildError::Invalid(m)) if m.contains("USD, AUD")
    ));
    assert_eq!(
        build_with("unit = \"km\"").err(),
        Some(BuildError::UnknownParam {
            field: "unit".into(),
            known: vec!["dollar".into()]
        })
    );
}

/// Every sample document and odd Unicode: no panic, no quantity inside a timex, layers
/// sorted and disjoint.
#[test]
fn any_input_is_safe_and_disjoint_from_timexes() {
    let mut docs = sample_corpus();
    for text in [
        "€ £ ¥ $ US$ A$ $US $US1,000 half a hundred-fold ２０ ٣ 5 мая 🇺🇦 1,00 .5. 5%%",
        "$",
        "half a",
        "twenty-",
        "-5",
        "1e9 0x10 ½ ⅓ 3½ 10^6",
        "99999999999999999999 dlrs and 1,000,000,000,000,000,000 pct",
    ] {
        docs.push(document(text, None));
    }
    let mut total = 0;
    for doc in &mut docs {
        run(&[&Timexes::default(), &Quantities::default()], doc);
        let timexes: Vec<Span> = doc
            .layer("timexes")
            .unwrap()
            .iter()
            .map(|a| a.span)
            .collect();
        let spans: Vec<Span> = doc
            .layer("quantities")
            .unwrap()
            .iter()
            .map(|a| a.span)
            .collect();
        for pair in spans.windows(2) {
            assert!(pair[0].end <= pair[1].start, "{}: overlap", doc.id);
        }
        for q in &spans {
            assert!(doc.text.is_char_boundary(q.start) && doc.text.is_char_boundary(q.end));
            assert!(
                timexes.iter().all(|t| t.end <= q.start || q.end <= t.start),
                "{}: {:?} is in a timex",
                doc.id,
                doc.span_text(*q)
            );
        }
        total += spans.len();
    }
    assert!(total > 1500, "{total}");
}

#[test]
fn the_shortcut_changes_nothing_on_the_sample() {
    for mut doc in sample_corpus() {
        Timexes::default().process(&mut doc).unwrap();
        assert_eq!(
            Quantities::default().find(&doc, true),
            Quantities::default().find(&doc, false),
            "{}",
            doc.id
        );
    }
}

/// `cargo test --release -p newsprint_extractor -- --ignored --nocapture quantities_throughput`
#[test]
#[ignore]
fn quantities_throughput() {
    let mut docs = sample_corpus();
    for doc in &mut docs {
        Timexes::default().process(doc).unwrap();
    }
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let stage = Quantities::default();
    let start = std::time::Instant::now();
    let rounds = 20;
    let mut found = 0;
    for _ in 0..rounds {
        for doc in &docs {
            found += stage.find(doc, true).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "extract.quantities: {:.0} MB/s ({found} quantities)",
        (bytes * rounds) as f64 / secs / 1e6
    );
}
