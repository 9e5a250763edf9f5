use super::*;
use crate::testing::{document, layer_rows, run, sample_corpus};

/// `(text, type, value, mod)` of every timex, in text order.
fn timexes_with(stage: &Timexes, text: &str, published: Option<&str>) -> Vec<[String; 4]> {
    let mut doc = document(text, published);
    run(&[stage], &mut doc);
    layer_rows(&doc, "timexes", &["type", "value", "mod"])
        .into_iter()
        .map(|row| row.try_into().unwrap())
        .collect()
}

fn timexes(text: &str, published: Option<&str>) -> Vec<[String; 4]> {
    timexes_with(&Timexes::default(), text, published)
}

fn rows(expected: &[(&str, &str, &str, &str)]) -> Vec<[String; 4]> {
    expected
        .iter()
        .map(|(a, b, c, d)| [a, b, c, d].map(|s| s.to_string()))
        .collect()
}

type Case<'a> = (
    Option<&'a str>,
    &'a str,
    &'a [(&'a str, &'a str, &'a str, &'a str)],
);

/// Runs a table: every timex of each sentence, exactly. Returns the number of timexes checked.
fn check(stage: &Timexes, cases: &[Case]) -> usize {
    let mut failures = Vec::new();
    for (published, text, expected) in cases {
        let got = timexes_with(stage, text, *published);
        if got != rows(expected) {
            failures.push(format!(
                "{text:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    cases.iter().map(|c| c.2.len()).sum()
}

/// Every timex of the seed story (the Biden–Putin call, published 2021-12-30, a Thursday).
#[test]
fn seed_story_every_timex() {
    let mut seed = sample_corpus().into_iter().next().unwrap();
    assert_eq!(seed.id, "seed-biden-putin");
    run(&[&Timexes::default()], &mut seed);
    let got: Vec<[String; 4]> = layer_rows(&seed, "timexes", &["type", "value", "mod"])
        .into_iter()
        .map(|row| row.try_into().unwrap())
        .collect();
    assert_eq!(
        got,
        rows(&[
            ("50 minutes", "DURATION", "PT50M", ""),
            ("Thursday", "DATE", "2021-12-30", ""),
            ("early next year", "DATE", "2022", "START"),
            ("this week", "DATE", "2021-W52", ""),
            ("December 7", "DATE", "2021-12-07", ""),
            ("Thursday", "DATE", "2021-12-30", ""),
            ("3:35 p.m. ET", "TIME", "2021-12-30T15:35-05:00", ""),
            ("50 minutes", "DURATION", "PT50M", ""),
            ("Thursday", "DATE", "2021-12-30", ""),
            ("roughly two weeks", "DURATION", "P2W", "APPROX"),
        ])
    );
}

/// Sentences of the sample corpus with their own `published` (Reuters 1987, RCV1 1996).
#[test]
fn reuters_sentences() {
    let cases: &[Case] = &[
        (Some("1987-02-26T17:00:56Z"), "Diamond Shamrock Corp said that\neffective today it had cut its contract prices for crude oil by\n1.50 dlrs a barrel.", &[("today", "DATE", "1987-02-26", "")]),
        (Some("1987-02-26T17:00:56Z"), "Diamond is the latest in a line of U.S. oil companies that\nhave cut its contract, or posted, prices over the last two days\nciting weak oil markets.", &[("the last two days", "DURATION", "P2D", "")]),
        (Some("1987-02-26T17:34:11Z"), "But some other analysts were uncertain that even an\nemergency meeting would address the problem of OPEC production\nabove the 15.8 mln bpd quota set last December.", &[("last December", "DATE", "1986-12", "")]),
        (Some("1987-02-26T17:34:11Z"), "\"They will not meet now as they try to take advantage of the\nwinter demand to sell their oil, but in late March and April\nwhen demand slackens,\" Mizrahi said.", &[("late March", "DATE", "1987-03", "END"), ("April", "DATE", "1987-04", "")]),
        (Some("1987-02-26T17:34:11Z"), "Analysts said that the next two months will be critical for\nOPEC's ability to hold together prices and output.", &[("the next two months", "DURATION", "P2M", "")]),
        (Some("1987-02-26T17:34:11Z"), "But Bijan Moussavar-Rahmani of Harvard University's Energy\nand Environment Policy Center said that the demand for OPEC oil\nhas been rising through the first quarter and this may have\nprompted excesses in its production.", &[("the first quarter", "DATE", "1987-Q1", "")]),
        (Some("1987-02-26T17:34:11Z"), "David T. Mizrahi, editor of Mideast reports, expects OPEC\nto meet before June, although not immediately.", &[("June", "DATE", "1987-06", "")]),
        (Some("1987-02-26T18:18:00Z"), "Texaco Canada last changed its crude oil postings on Feb\n19.", &[("Feb\n19", "DATE", "1987-02-19", "")]),
        (Some("1987-03-01T03:25:46Z"), "Prices in New York last week dropped to their lowest levels\nthis year and almost three dollars below a three-month high of\n19 dollars a barrel.", &[("last week", "DATE", "1987-W08", ""), ("this year", "DATE", "1987", ""), ("three-month", "DURATION", "P3M", "")]),
        (Some("1987-03-01T03:25:46Z"), "He reaffirmed that the planned meeting March 7 of OPEC\"s\ndifferentials committee has been postponed until the start of\nApril at the request of certain of the body\"s members.", &[("March 7", "DATE", "1987-03-07", ""), ("the start of\nApril", "DATE", "1987-04", "START")]),
        (Some("1987-03-01T03:25:46Z"), "Ecuador\"s deputy energy minister Fernando Santos Alvite said\nlast Wednesday his debt-burdened country wanted OPEC to assign\na lower official price for its crude, and was to seek this at\ntalks this month of opec\"s pricing committee.", &[("last Wednesday", "DATE", "1987-02-25", ""), ("this month", "DATE", "1987-03", "")]),
        (Some("1987-03-01T03:25:46Z"), "He denied Kuwait was pumping above its quota of 948,000\nbarrels of crude daily (bpd) set under self-imposed production\nlimits of the 13-nation organisation.", &[("daily", "SET", "P1D", "")]),
        (Some("1987-03-01T03:39:14Z"), "\"This is the lowest rate of growth since the\nmid-1960s,\" the report notes.", &[("mid-1960s", "DATE", "196", "MID")]),
        (Some("1987-03-01T03:39:14Z"), "Three sets of measures have been announced since last May,\nwhich broadened areas for foreign investment, reduced trade\nrestrictions and liberalised imports.", &[("last May", "DATE", "1986-05", "")]),
        (Some("1987-03-01T03:39:14Z"), "To counter falling oil revenues, the government has\nlaunched a series of measures over the past nine months to\nboost exports outside the oil sector and attract new\ninvestment.", &[("the past nine months", "DURATION", "P9M", "")]),
        (Some("1987-03-01T03:39:14Z"), "The report says Indonesia\"s economic growth in calendar 1986\nwas probably about zero, and the economy may even have\ncontracted a bit.", &[("1986", "DATE", "1986", "")]),
        (Some("1987-03-01T18:31:44Z"), "The agreement followed a year of turmoil on oil markets,\nwhich saw prices slump briefly to under 10 dlrs a barrel in\nmid-1986 from about 30 dlrs in late 1985.", &[("mid-1986", "DATE", "1986", "MID"), ("late 1985", "DATE", "1985", "END")]),
        (Some("1987-03-01T08:22:30Z"), "The Gulf oil state of Qatar, recovering\nslightly from last year's decline in world oil prices,\nannounced its first budget since early 1985 and projected a\ndeficit of 5.472 billion riyals.", &[("last year", "DATE", "1986", ""), ("early 1985", "DATE", "1985", "START")]),
        (Some("1987-03-01T08:22:30Z"), "Sheikh Abdul-Aziz said that during that year the government\ndecided to limit recurrent expenditure each month to\none-twelfth of the previous fiscal year's allocations minus 15\npct.", &[("each month", "SET", "P1M", "")]),
        (Some("1987-03-02T01:05:49Z"), "Saudi crude oil output last month fell\nto an average of 3.5 mln barrels per day (bpd) from 3.8 mln bpd\nin January, Gulf oil sources said.", &[("last month", "DATE", "1987-02", ""), ("January", "DATE", "1987-01", "")]),
        (Some("1987-03-02T07:39:23Z"), "WAM said the officials would be discussing implementation\nof last Sunday's agreement in Doha by Gulf Cooperation Council\n(GCC) oil ministers to help each other market their crude oil.", &[("last Sunday", "DATE", "1987-03-01", "")]),
        (Some("1987-03-02T14:49:06Z"), "Argentine crude oil production was\ndown 10.8 pct in January 1987 to 12.32 mln barrels, from 13.81\nmln barrels in January 1986, Yacimientos Petroliferos Fiscales\nsaid.", &[("January 1987", "DATE", "1987-01", ""), ("January 1986", "DATE", "1986-01", "")]),
        (Some("1987-02-26T15:19:15Z"), "Ohio Mattress Co said its first\nquarter, ending February 28, profits may be below the 2.4 mln\ndlrs, or 15 cts a share, earned in the first quarter of fiscal\n1986.", &[("first\nquarter", "DATE", "1987-Q1", ""), ("February 28", "DATE", "1987-02-28", ""), ("the first quarter of fiscal\n1986", "DATE", "1986-Q1", "")]),
        (Some("1987-02-26T15:19:15Z"), "The company said any decline would be due to expenses\nrelated to the acquisitions in the middle of the current\nquarter of seven licensees of Sealy Inc, as well as 82 pct of\nthe outstanding capital stock of Sealy.", &[("the middle of the current\nquarter", "DATE", "1987-Q1", "MID")]),
        (Some("1987-03-02T05:48:46Z"), "B and R posted pretax profit of 855,000 dlrs in the year to\nDec 31, 1986 when it had net tangible assets of 563,000 dlrs.", &[("Dec 31, 1986", "DATE", "1986-12-31", "")]),
        (Some("1987-03-02T06:54:19Z"), "The company's earnings had not been hit by the halving of\nbrokerage fees some 14 months ago as volumes had since doubled.", &[("14 months ago", "DATE", "1986-01", "")]),
        (Some("1987-03-02T08:17:56Z"), "Late last year, Shearson's takeover offer to the E.F.\nHutton Group Inc was rejected by Hutton, and analysts said\nthere had been speculation that Shearson also was rebuffed when\nit approached another major Wall Street brokerage.", &[("Late last year", "DATE", "1986", "END")]),
        // Past-leaning weekdays: the cue after `Sunday` belongs to the reported clause.
        (Some("1987-03-02T08:17:56Z"), "American Express said in the statement on Sunday that it\nwill not comment on rumors and speculation and a spokesman\nwould not go beyond the statement.", &[("Sunday", "DATE", "1987-03-01", "")]),
        (Some("1987-03-02T08:29:05Z"), "Hutton said the acquiring company, PC Acquisition Inc, is\npaying 35 dlrs cash per share for 83 pct of Purolator's stock\nin a tender offer to begin Thursday.", &[("Thursday", "DATE", "1987-03-05", "")]),
        (Some("1987-03-02T08:29:05Z"), "The offer will begin Thursday, subject to clearances from\nthe staff of the Interstate Commerce Commission and will expire\n20 business days after commencement unless extended.", &[("Thursday", "DATE", "1987-03-05", "")]),
        (Some("1987-03-02T08:17:56Z"), "The company also remained\nsilent last Thursday and Friday, as rumors drove American\nExpress stock up a total of 5-1/2 dlrs in two days to bring it\nto a Friday close at 74.", &[("last Thursday", "DATE", "1987-02-26", ""), ("Friday", "DATE", "1987-02-27", ""), ("two days", "DURATION", "P2D", ""), ("Friday", "DATE", "1987-02-27", "")]),
        (Some("1987-02-26T16:43:13Z"), "Analysts said comments by the company at an analysts'\nmeeting Tuesday helped fuel the rumors as did an announcement\nyesterday of management changes.", &[("Tuesday", "DATE", "1987-02-24", ""), ("yesterday", "DATE", "1987-02-25", "")]),
        // A military time with its zone; the reference's own date and US standard time.
        (Some("1987-03-02T09:02:51Z"), "He said the offer and withdrawal rights will expire at\n1630 EST/2130 gmt, March 30, 1987.", &[("1630 EST", "TIME", "1987-03-02T16:30-05:00", ""), ("2130 gmt", "TIME", "1987-03-02T21:30Z", ""), ("March 30, 1987", "DATE", "1987-03-30", "")]),
        // A zone-less time takes the reference's offset (`Z`).
        (Some("1987-02-26T15:01:01Z"), "Final figures for the period to February 28 are expected to\nbe published by the Brazilian Cocoa Trade Commission after\ncarnival which ends midday on February 27.", &[("February 28", "DATE", "1987-02-28", ""), ("midday", "TIME", "1987-02-26T12:00Z", ""), ("February 27", "DATE", "1987-02-27", "")]),
        (Some("1987-02-26T15:01:01Z"), "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since early\nJanuary and improving prospects for the coming temporao,\nalthough normal humidity levels have not been restored,\nComissaria Smith said in its weekly review.", &[("early\nJanuary", "DATE", "1987-01", "START"), ("weekly", "SET", "P1W", "")]),
        (Some("1987-02-26T15:07:13Z"), "The stock traded around 12, down 1/8, this afternoon,\nafter falling to 11-1/2 earlier this week on the news.", &[("this afternoon", "TIME", "1987-02-26TAF", ""), ("this week", "DATE", "1987-W09", "")]),
        (Some("1987-02-26T15:10:44Z"), "Level V wheat/barley after 5/14/82,\ncorn/sorghum after 7/1/82.", &[("5/14/82", "DATE", "1982-05-14", ""), ("7/1/82", "DATE", "1982-07-01", "")]),
        (Some("1987-02-26T15:18:06Z"), "The company said the warrants are exercisable for five\nyears at a purchase price of .125 dlrs per share.", &[("five\nyears", "DURATION", "P5Y", "")]),
        (Some("1996-08-20"), "The stock of Tylan General Inc. jumped Tuesday after the maker of\nprocess-management equipment said it is exploring the sale of the\ncompany and added that it has already received some inquiries from\npotential buyers.", &[("Tuesday", "DATE", "1996-08-20", "")]),
    ];
    assert!(check(&Timexes::default(), cases) >= 50);
}

/// Lee (2001) stories have no `published`: values stay underspecified, and times without a
/// zone get the default zone.
#[test]
fn sentences_without_a_reference() {
    let cases: &[Case] = &[
        (None, "At about 4:00pm AEDT, a marked deterioration in the weather as a storm cell moved east across the Blue Mountains forced authorities to make a decision to evacuate people from homes in outlying streets at Hill Top in the New South Wales southern highlands.", &[("about 4:00pm AEDT", "TIME", "XXXX-XX-XXT16:00+11:00", "APPROX")]),
        // Bracketed zones, and the local time of a named place (no offset).
        (None, "At about 1:00am (ACDT) this morning a minibus load of security officers left the centre and extra police resources brought into the town in recent days were stood down.", &[("about 1:00am (ACDT)", "TIME", "XXXX-XX-XXT01:00+10:30", "APPROX"), ("this morning", "TIME", "XXXX-XX-XXTMO", "")]),
        (None, "\"We had finished our work that day and had the radio on, It was 5:30 pm our time.", &[("5:30 pm our time", "TIME", "XXXX-XX-XXT17:30", "")]),
        (None, "At 8:46am New York time (12:46am AEDT), the exact moment when a hijacked airliner steered on a suicide mission sliced into one of the twin towers of the World Trade Centre, ceremonies in Washington, New York and around the world honoured some 3,300 people killed on an unprecedented day of horror.", &[("8:46am New York time", "TIME", "XXXX-XX-XXT08:46", ""), ("12:46am AEDT", "TIME", "XXXX-XX-XXT00:46+11:00", "")]),
        (None, "\"After eight hours, the AWU and AMWU are still talking to Qantas, we will resume tomorrow morning at 11am [AEDT] in the Industrial Relations Commission to see if we can't work through this position our members now find ourselves in,\" he said last night.", &[("eight hours", "DURATION", "PT8H", ""), ("tomorrow morning", "TIME", "XXXX-XX-XXTMO", ""), ("11am [AEDT]", "TIME", "XXXX-XX-XXT11:00+11:00", ""), ("last night", "TIME", "XXXX-XX-XXTNI", "")]),
        (None, "\"The president will be back on Monday at 2pm Jakarta time.", &[("Monday", "DATE", "XXXX-WXX-1", ""), ("2pm Jakarta time", "TIME", "XXXX-WXX-1T14:00", "")]),
        (None, "By 6:00pm local time (3:00am AEDT), two hours after the collapse, 21 injured people, mostly adults, had been taken to hospitals around the city by ambulance or helicopter, Mr Pieterse said.", &[("6:00pm local time", "TIME", "XXXX-XX-XXT18:00", ""), ("3:00am AEDT", "TIME", "XXXX-XX-XXT03:00+11:00", ""), ("two hours", "DURATION", "PT2H", "")]),
        (None, "It was only a week ago that he was promising a million new jobs to end four years of recession, days after his predecessor resigned following a series of failed rescue packages.", &[("a week ago", "DATE", "PAST_REF", ""), ("four years", "DURATION", "P4Y", "")]),
        (None, "But UN diplomats said last night a resolution would be adopted by the 15-member Security Council today, or by early tomorrow at the latest.", &[("last night", "TIME", "XXXX-XX-XXTNI", ""), ("today", "DATE", "PRESENT_REF", ""), ("early tomorrow", "DATE", "XXXX-XX-XX", "START")]),
        (None, "Up to 5,000 soldiers will be deployed in Afghanistan later this month as an international force to provide security for the country's interim government, which is scheduled to take power this weekend.", &[("this month", "DATE", "XXXX-XX", ""), ("this weekend", "DATE", "XXXX-WXX-WE", "")]),
        (None, "The 10,000 midweek seats are only available on the Internet until Monday, for travel between January 9 and March 27.", &[("Monday", "DATE", "XXXX-WXX-1", ""), ("January 9", "DATE", "XXXX-01-09", ""), ("March 27", "DATE", "XXXX-03-27", "")]),
        (None, "The victim was hit in the stomach and upper body and died about 3 1/2 hours later in hospital.", &[("about 3 1/2 hours", "DURATION", "PT3.5H", "APPROX")]),
        (None, "Sanchez-Vicario says she is hoping to win her second Hopman Cup title after winning the tournament with her brother Emilio in 1990.", &[("1990", "DATE", "1990", "")]),
        (None, "The man who calls himself Abu Mohammad told ABC Radio he worked for almost a decade as a chemical engineer on Saddam Hussein's military plants, before escaping to the west.", &[("almost a decade", "DURATION", "P10Y", "LESS_THAN")]),
        (None, "The fire started at around 6:30am on Tuesday, local time, in the church's gift shop, but around 200 firemen were able to stem the flames' spread, preventing major damage to the sanctuary itself.", &[("around 6:30am", "TIME", "XXXX-XX-XXT06:30Z", "APPROX"), ("Tuesday", "DATE", "XXXX-WXX-2", "")]),
        (None, "Late yesterday afternoon, Mr Hicks' Salisbury Park family told media the Australian Federal Police had told them not to comment.", &[("Late yesterday afternoon", "TIME", "XXXX-XX-XXTAF", "END")]),
        (None, "Two helicopters returned to the skies above Gaza's north in the early hours of Tuesday morning.", &[("Tuesday morning", "TIME", "XXXX-WXX-2TMO", "")]),
        (None, "Mr Dixon claims maintenance workers earn, on average, 28 per cent above average weekly earnings and also receive generous staff travel benefits.", &[("weekly", "SET", "P1W", "")]),
        (None, "He has informed the Swans of his intention to nominate for next Tuesday's pre-season draft.", &[("next Tuesday", "DATE", "XXXX-WXX-2", "")]),
        (None, "Dr Peter Hollingworth was the Anglican Archbishop of Brisbane when a teacher at a Toowoomba Anglican school allegedly abused students there more than a decade ago.", &[("a decade ago", "DATE", "PAST_REF", "")]),
        (None, "US and Afghan forces have been searching for signs of bin Laden, the number one suspect in the September 11 attacks on New York and Washington, around Tora  Bora since forces from his Al Qaeda network fled last weekend.", &[("September 11", "DATE", "XXXX-09-11", ""), ("last weekend", "DATE", "XXXX-WXX-WE", "")]),
    ];
    assert!(check(&Timexes::default(), cases) >= 20);
}

/// The same kind of sentences resolved against a reference (2001-12-28, a Friday).
#[test]
fn lee_sentences_with_a_reference() {
    let r = Some("2001-12-28");
    let cases: &[Case] = &[
        (r, "An ambulance was seen entering and leaving the facility at high speed but the director of nursing at Woomera hospital says no one from the detention centre has been admitted there since Monday night.", &[("Monday night", "TIME", "2001-12-24TNI", "")]),
        (r, "\"The president will be back on Monday at 2pm Jakarta time.", &[("Monday", "DATE", "2001-12-31", ""), ("2pm Jakarta time", "TIME", "2001-12-31T14:00", "")]),
        (r, "\"After eight hours, the AWU and AMWU are still talking to Qantas, we will resume tomorrow morning at 11am [AEDT] in the Industrial Relations Commission to see if we can't work through this position our members now find ourselves in,\" he said last night.", &[("eight hours", "DURATION", "PT8H", ""), ("tomorrow morning", "TIME", "2001-12-29TMO", ""), ("11am [AEDT]", "TIME", "2001-12-29T11:00+11:00", ""), ("last night", "TIME", "2001-12-27TNI", "")]),
        (r, "He says he is prepared to hold talks with the Indian Prime Minister at a regional summit in Nepal next week.", &[("next week", "DATE", "2002-W01", "")]),
        (r, "A spokesman says three small fires were extinguished around 7:30pm AEDT yesterday.", &[("around 7:30pm AEDT yesterday", "TIME", "2001-12-27T19:30+11:00", "APPROX")]),
        (r, "Work is continuing this morning to restore power supplies to tens of thousands of homes that were blacked out during wild storms that struck south-east Queensland last night.", &[("this morning", "TIME", "2001-12-28TMO", ""), ("last night", "TIME", "2001-12-27TNI", "")]),
        (r, "Tensions have escalated since a suicide attack on the Indian Parliament two weeks ago.", &[("two weeks ago", "DATE", "2001-W50", "")]),
        (r, "A total fire ban is in force in the ACT today and tomorrow.", &[("today", "DATE", "2001-12-28", ""), ("tomorrow", "DATE", "2001-12-29", "")]),
        (r, "India has accused Pakistan-based Lashkar-e-Taiba and Jaish-e-Mohammad of carrying out the attack on December 13 at the behest of Pakistani military intelligence.", &[("December 13", "DATE", "2001-12-13", "")]),
        // A month and day nearest the reference: next January, not last.
        (r, "The 10,000 midweek seats are only available on the Internet until Monday, for travel between January 9 and March 27.", &[("Monday", "DATE", "2001-12-24", ""), ("January 9", "DATE", "2002-01-09", ""), ("March 27", "DATE", "2002-03-27", "")]),
        (r, "As more than 100 blazes burn on New Year's Eve in New South Wales, fire crews have been called to new fire at Gunning, south of Goulburn.", &[("New Year's Eve", "DATE", "2001-12-31", "")]),
        (r, "New South Wales firefighters are hoping lighter winds will help ease their workload today but are predicting \"nasty\" conditions over the weekend.", &[("today", "DATE", "2001-12-28", ""), ("the weekend", "DATE", "2001-W52-WE", "")]),
        (r, "The last fatality was on Christmas Day when a 45-year-old man died after falling off his motor bike in the New South Wales Hunter Valley.", &[("Christmas Day", "DATE", "2001-12-25", "")]),
        (r, "Earlier, Mr Arafat declared he would walk to Bethlehem for Christmas Eve Mass if he has to if Israeli authorities refused him access to the biblical town.", &[("Christmas Eve", "DATE", "2001-12-24", "")]),
        (r, "European monarchs have reflected on the impact of the September 11 terrorist attacks in the United States in their traditional Christmas messages.", &[("September 11", "DATE", "2001-09-11", ""), ("Christmas", "DATE", "2001-12-25", "")]),
        (r, "Meanwhile, there has been a mass airlift of detainees from Christmas Island to the Pacific Island of Nauru.", &[]),
        (r, "Australian paceman Glenn McGrath, who has two wickets, says the catch taken by Matthew Hayden yesterday is typical of Australia's outstanding slips fielding this summer.", &[("yesterday", "DATE", "2001-12-27", ""), ("this summer", "DATE", "2001-SU", "")]),
        (r, "Hayward also proved a menace to the Australians, taking more than half an hour for his 12 runs before he was caught behind from Lee's bowling and the innings was over.", &[("more than half an hour", "DURATION", "PT0.5H", "MORE_THAN")]),
        // Anchored on an event, not on the reference: left out.
        (r, "The bank reported net profit of 2.66 billion Australian dollars ($1.4 billion) in the year to June 30, up from 2.4 billion Australian dollars in the previous year.", &[("June 30", "DATE", "2001-06-30", "")]),
        (Some("2002-08-26"), "Mr Hockey said the Government was not embarrassed by the Tampa issue, which began on August 27 of last year when the captain of the Norwegian cargo ship rescued more than 400 asylum seekers from an Indonesian ferry north of Christmas Island.", &[("August 27 of last year", "DATE", "2001-08-27", "")]),
    ];
    assert!(check(&Timexes::default(), cases) >= 20);
}

/// Forms the spec names that the sample corpus happens not to use.
#[test]
fn other_news_forms() {
    let r = Some("2021-12-30");
    let cases: &[Case] = &[
        (
            r,
            "The talks were first held on Dec. 7, 2021, and again on 7 December 2021 in Geneva.",
            &[
                ("Dec. 7, 2021", "DATE", "2021-12-07", ""),
                ("7 December 2021", "DATE", "2021-12-07", ""),
            ],
        ),
        (
            r,
            "The filing, dated 2021-12-07, was posted on 12/07/2021.",
            &[
                ("2021-12-07", "DATE", "2021-12-07", ""),
                ("12/07/2021", "DATE", "2021-12-07", ""),
            ],
        ),
        (
            r,
            "Growth slowed in Q3 2021 and is expected to recover in the 1990s style.",
            &[
                ("Q3 2021", "DATE", "2021-Q3", ""),
                ("the 1990s", "DATE", "199", ""),
            ],
        ),
        (
            r,
            "The council meets every Monday and publishes its figures daily.",
            &[
                ("every Monday", "SET", "XXXX-WXX-1", ""),
                ("daily", "SET", "P1D", ""),
            ],
        ),
        (
            r,
            "He will travel to Moscow on Monday and return next month for a three-day visit.",
            &[
                ("Monday", "DATE", "2022-01-03", ""),
                ("next month", "DATE", "2022-01", ""),
                ("three-day", "DURATION", "P3D", ""),
            ],
        ),
        (
            r,
            "Officials met at 10 a.m. local time and again at noon, and will meet tonight.",
            &[
                ("10 a.m. local time", "TIME", "2021-12-30T10:00", ""),
                ("noon", "TIME", "2021-12-30T12:00Z", ""),
                ("tonight", "TIME", "2021-12-30TNI", ""),
            ],
        ),
        (
            r,
            "The vote in July was set for 9:30 a.m. ET on July 6.",
            &[
                ("July", "DATE", "2021-07", ""),
                ("9:30 a.m. ET", "TIME", "2021-12-30T09:30-05:00", ""),
                ("July 6", "DATE", "2021-07-06", ""),
            ],
        ),
        (
            r,
            "He served two years, and in 1986 he left.",
            &[
                ("two years", "DURATION", "P2Y", ""),
                ("1986", "DATE", "1986", ""),
            ],
        ),
        (
            None,
            "Today he spoke; he left on Thursday in December.",
            &[
                ("Today", "DATE", "PRESENT_REF", ""),
                ("Thursday", "DATE", "XXXX-WXX-4", ""),
                ("December", "DATE", "XXXX-12", ""),
            ],
        ),
    ];
    check(&Timexes::default(), cases);
}

#[test]
fn not_timexes() {
    let r = Some("1987-03-02");
    for text in [
        // `may` and `march` as verbs and nouns; a lone number is not a time or a year.
        "Prices may 20 pct higher if the unions march on parliament.",
        "He paid 2,000 dlrs for 1987 pct of nothing, a 10-year-old car and a 3-1 win.",
        "The score was 2:1 and the count 1,999, not a date.",
        "Salaries of 50,000 dlrs a year are common, a second job is rare.",
        "He was elected for a second term.",
        // Anchored on an event, not on the reference.
        "Under the new arrangement, neither party has to hold a\nfutures position before entering into an EFP and one or both\nparties can offset their cash transaction with a futures\ncontract the next day, according to exchange officials.",
    ] {
        assert_eq!(timexes(text, r), Vec::<[String; 4]>::new(), "{text}");
    }
}

#[test]
fn parameters() {
    let build_with = |src: &str| build(&src.parse().unwrap(), &BuildContext::default());
    // `date_order = "dmy"` reads 12/07/2021 as 12 July.
    let dmy = Timexes {
        date_order: DateOrder::Dmy,
        ..Timexes::default()
    };
    assert_eq!(
        timexes_with(&dmy, "It was signed on 12/07/2021.", None),
        rows(&[("12/07/2021", "DATE", "2021-07-12", "")])
    );
    // The default zone applies when the reference has no offset; ET follows US daylight time.
    let aedt = build_with(r#"default_zone = "AEDT""#).unwrap();
    let mut doc = document(
        "Fire crews arrived at 5:30am and left at 2 p.m. ET.",
        Some("2021-07-04"),
    );
    aedt.process(&mut doc).unwrap();
    assert_eq!(
        layer_rows(&doc, "timexes", &["value"]),
        [
            ["5:30am", "2021-07-04T05:30+11:00"]
                .map(String::from)
                .to_vec(),
            ["2 p.m. ET", "2021-07-04T14:00-04:00"]
                .map(String::from)
                .to_vec(),
        ]
    );
    // Another reference field, looked up in the record's other fields.
    let stage = build_with(r#"reference_field = "date_crawled""#).unwrap();
    let mut doc = document("He resigned yesterday.", Some("1999-01-01"));
    doc.extra.insert(
        "date_crawled".into(),
        serde_json::json!("2001-12-28T09:00:00+11:00"),
    );
    stage.process(&mut doc).unwrap();
    assert_eq!(
        layer_rows(&doc, "timexes", &["value"]),
        [["yesterday", "2001-12-27"].map(String::from).to_vec()]
    );
    assert!(matches!(
        build_with(r#"default_zone = "Mars/Olympus""#).err(),
        Some(BuildError::Invalid(m)) if m.contains("Mars/Olympus")
    ));
    assert!(matches!(
        build_with(r#"date_order = "ymd""#).err(),
        Some(BuildError::Invalid(m)) if m.contains("mdy")
    ));
    assert_eq!(
        build_with("zone = \"UTC\"").err(),
        Some(BuildError::UnknownParam {
            field: "zone".into(),
            known: vec![
                "default_zone".into(),
                "reference_field".into(),
                "date_order".into()
            ]
        })
    );
}

/// Every sample document and odd Unicode: no panic, spans on char boundaries, sorted and
/// disjoint.
#[test]
fn any_input_is_safe() {
    let mut docs = sample_corpus();
    for text in [
        "Thursday’s talks — at 3:35 p.m. ET — «December 7» ２０２１年１２月７日 🇺🇦 Москва, 5 мая",
        "early",
        "the end of",
        "at 99:99 p.m. XYZ on Feb 30, 2021 and 13/45/2021 and 0/0/00",
        "last",
        "every other",
        "mid-",
        "Q9 the 1995s 12:",
        "\u{0}\u{FEFF}March\u{301} 7",
    ] {
        docs.push(document(text, Some("2021-12-30")));
        docs.push(document(text, Some("garbage")));
    }
    let stage = Timexes::default();
    let mut total = 0;
    for doc in &mut docs {
        stage.process(doc).unwrap();
        let spans: Vec<_> = doc
            .layer("timexes")
            .unwrap()
            .iter()
            .map(|a| a.span)
            .collect();
        for pair in spans.windows(2) {
            assert!(pair[0].end <= pair[1].start, "{}: overlap", doc.id);
        }
        for span in &spans {
            assert!(doc.text.is_char_boundary(span.start) && doc.text.is_char_boundary(span.end));
        }
        total += spans.len();
    }
    assert!(total > 1000, "{total}");
}

#[test]
fn the_shortcut_changes_nothing_on_the_sample() {
    let stage = Timexes::default();
    // Long timexes whose anchor comes late after the tokens that lead them.
    let long = [
        "It took less than three hundred and fifty thousand years, more than two and a half years ago.",
        "Sales rose in the middle of the current quarter and at the end of the first half of next year.",
        "The plant will run for about the next eighteen months, nearly a few weeks less than the last two decades.",
    ]
    .map(|text| document(text, Some("2021-12-30")));
    assert!(!stage.find(&long[0], true).is_empty());
    for doc in sample_corpus().into_iter().chain(long) {
        assert_eq!(
            stage.find(&doc, true),
            stage.find(&doc, false),
            "{}",
            doc.id
        );
    }
}

/// Every sequence of three words from a palette of the words the rules look at, and their
/// broken forms, through both stages: no panic, and spans within the text.
#[test]
fn word_soup_is_safe() {
    let palette = [
        "the",
        "a",
        "about",
        "early",
        "end",
        "of",
        "last",
        "next",
        "Monday",
        "March",
        "May",
        "7",
        "2021",
        "1990s",
        "mid-",
        "3:35",
        "p.m.",
        "ET",
        "(",
        ")",
        "at",
        "$",
        "US",
        "1.5",
        "mln",
        "half",
        "and",
        "twenty-",
        "Q3",
        "5-1/2",
        "12/07/2021",
        "ago",
        "every",
        "Christmas",
        "New",
        "Year",
        "'s",
        "«",
        "日",
        "%",
        "per",
        "year",
        "0800",
        "GMT",
        "time",
        "",
    ];
    let stages: [&dyn Stage; 2] = [
        &Timexes::default(),
        &crate::quantities::Quantities::default(),
    ];
    for a in palette {
        for b in palette {
            for c in palette {
                let text = format!("{a} {b} {c}");
                for published in [Some("2021-12-30"), None] {
                    let mut doc = document(&text, published);
                    run(&stages, &mut doc);
                    for layer in ["timexes", "quantities"] {
                        for annotation in doc.layer(layer).unwrap() {
                            assert!(doc
                                .text
                                .get(annotation.span.start..annotation.span.end)
                                .is_some());
                        }
                    }
                }
            }
        }
    }
}

/// `cargo test --release -p newsprint_extractor -- --ignored --nocapture timex_throughput`
#[test]
#[ignore]
fn timex_throughput() {
    let docs = sample_corpus();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let stage = Timexes::default();
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
        "extract.timexes: {:.0} MB/s ({found} timexes)",
        (bytes * rounds) as f64 / secs / 1e6
    );
}
