//! The words timexes are made of: units, months, weekdays, seasons, parts of the day, and the
//! words a timex can start with.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

use newsprint_core::TokenKind;

use crate::numbers::{ordinal, NUMBER_WORDS, ORDINAL_WORDS, SCALES};
use crate::words::{Shape, WordTable, Words};

/// A unit of time as durations count it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Fortnight,
    Month,
    Year,
    Decade,
    Century,
}

/// A unit word and whether it is plural.
pub(super) fn time_unit(word: &str) -> Option<(Unit, bool)> {
    Some(match word {
        "second" | "sec" => (Unit::Second, false),
        "seconds" | "secs" => (Unit::Second, true),
        "minute" | "min" => (Unit::Minute, false),
        "minutes" | "mins" => (Unit::Minute, true),
        "hour" | "hr" => (Unit::Hour, false),
        "hours" | "hrs" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "fortnight" => (Unit::Fortnight, false),
        "fortnights" => (Unit::Fortnight, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "year" | "yr" => (Unit::Year, false),
        "years" | "yrs" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

/// `P2W`, `PT50M`, `P1.5Y`; an unknown count (`a few days`) is `X`. Written into one string.
pub(super) fn duration_value(count: Option<f64>, unit: Unit) -> String {
    let (time, factor, letter) = match unit {
        Unit::Second => (true, 1.0, 'S'),
        Unit::Minute => (true, 1.0, 'M'),
        Unit::Hour => (true, 1.0, 'H'),
        Unit::Day => (false, 1.0, 'D'),
        Unit::Week => (false, 1.0, 'W'),
        Unit::Fortnight => (false, 2.0, 'W'),
        Unit::Month => (false, 1.0, 'M'),
        Unit::Year => (false, 1.0, 'Y'),
        Unit::Decade if count.is_none() => return "PXDE".into(),
        Unit::Decade => (false, 10.0, 'Y'),
        Unit::Century if count.is_none() => return "PXCE".into(),
        Unit::Century => (false, 100.0, 'Y'),
    };
    let mut value = String::with_capacity(8);
    value.push_str(if time { "PT" } else { "P" });
    match count {
        Some(c) => write_number(&mut value, c * factor),
        None => value.push('X'),
    }
    value.push(letter);
    value
}

/// `2`, `1.5`: integers without a fraction.
fn write_number(out: &mut String, n: f64) {
    use std::fmt::Write;
    let written = if n.fract() == 0.0 && n.abs() < 1e15 {
        write!(out, "{}", n as i64)
    } else {
        write!(out, "{n}")
    };
    written.expect("writing to a String");
}

/// Month names and their abbreviations as news writes them.
pub(super) const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("jan.", 1),
    ("february", 2),
    ("feb", 2),
    ("feb.", 2),
    ("march", 3),
    ("mar", 3),
    ("mar.", 3),
    ("april", 4),
    ("apr", 4),
    ("apr.", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("jun.", 6),
    ("july", 7),
    ("jul", 7),
    ("jul.", 7),
    ("august", 8),
    ("aug", 8),
    ("aug.", 8),
    ("september", 9),
    ("sep", 9),
    ("sep.", 9),
    ("sept", 9),
    ("sept.", 9),
    ("october", 10),
    ("oct", 10),
    ("oct.", 10),
    ("november", 11),
    ("nov", 11),
    ("nov.", 11),
    ("december", 12),
    ("dec", 12),
    ("dec.", 12),
];

pub(super) fn month(word: &str) -> Option<u32> {
    MONTH_NUMBERS.get(word.as_bytes())
}

/// Weekday names and their ISO numbers: Monday = 1 … Sunday = 7.
pub(super) const WEEKDAYS: &[(&str, u32)] = &[
    ("monday", 1),
    ("tuesday", 2),
    ("wednesday", 3),
    ("thursday", 4),
    ("friday", 5),
    ("saturday", 6),
    ("sunday", 7),
];

pub(super) fn weekday(word: &str) -> Option<u32> {
    WEEKDAY_NUMBERS.get(word.as_bytes())
}

/// Words besides numbers, hyphenated words, months, weekdays and number words that a timex
/// can start with and that make it a timex on their own (`today`, `noon`, `weekly`). With
/// [`LEADS`] they are the starters: a token that is none of these is skipped without trying
/// the rules, which is most tokens; a test checks that the shortcut changes nothing on the
/// sample corpus.
const ANCHOR_STARTERS: &[&str] = &[
    "noon",
    "midday",
    "midnight",
    "q1",
    "q2",
    "q3",
    "q4",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "daily",
    "weekly",
    "fortnightly",
    "monthly",
    "quarterly",
    "annually",
    "yearly",
    "hourly",
    "half",
    "christmas",
    "boxing",
];

pub(super) static STARTERS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    let tables = [MONTHS, WEEKDAYS, NUMBER_WORDS, ORDINAL_WORDS];
    let words = tables.into_iter().flatten().map(|&(word, _)| word);
    LEADS
        .iter()
        .chain(ANCHOR_STARTERS)
        .copied()
        .chain(words)
        .collect()
});

/// Starters that are no timex on their own and only lead one: a modifier, an article, a
/// deictic or a number word before the word that makes it a timex (`the` `middle` `of` `the`
/// `current` `quarter`). Every other starter, every number, hyphenated word, unit, season,
/// part of the day and `weekend`, `quarter`, `eve` is an anchor: every timex has one.
const LEADS: &[&str] = &[
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "nearly",
    "almost",
    "under",
    "less",
    "fewer",
    "more",
    "longer",
    "at",
    "the",
    "early",
    "mid",
    "late",
    "beginning",
    "start",
    "middle",
    "end",
    "last",
    "past",
    "previous",
    "this",
    "current",
    "next",
    "coming",
    "a",
    "an",
    "few",
    "several",
    "every",
    "each",
    "new",
];

/// A token a timex may start with: a number, a hyphenated word or one of [`STARTERS`].
pub(super) const STARTS: u8 = 1;
/// A token of which every timex has at least one (see [`LEADS`]).
pub(super) const ANCHOR: u8 = 2;
/// A number no rule reads on its own: digits, commas and points, but not four digits (a year,
/// a clock time like `0800 GMT`). A timex starts with it only before a word that continues one
/// (`5 years`, `10 a.m.`, `7 December`, `1.5 million years`).
pub(super) const BARE_NUMBER: u8 = 4;
/// A word that joins a lead or a bare number to the rest of a timex: one of [`JOINS`] or a
/// scale word (`a hundred years`).
pub(super) const JOIN: u8 = 8;

/// Words that join a lead or a bare number to the rest of a timex: `more than`, `at least`,
/// `the end of`, `every other`, `two and a half`, `10 a.m.`.
const JOINS: &[&str] = &[
    "than", "least", "of", "other", "and", "am", "a.m.", "a.m", "pm", "p.m.", "p.m",
];

static CLASSES: LazyLock<WordTable> = LazyLock::new(|| WordTable::new(word_classes()));
static MONTH_NUMBERS: LazyLock<WordTable<u32>> =
    LazyLock::new(|| WordTable::new(MONTHS.iter().copied()));
static WEEKDAY_NUMBERS: LazyLock<WordTable<u32>> =
    LazyLock::new(|| WordTable::new(WEEKDAYS.iter().copied()));

fn word_classes() -> FxHashMap<&'static str, u8> {
    let mut classes: FxHashMap<&'static str, u8> = FxHashMap::default();
    let numbers = [NUMBER_WORDS, ORDINAL_WORDS];
    let number_words: FxHashSet<&str> = numbers.into_iter().flatten().map(|&(w, _)| w).collect();
    for &word in STARTERS.iter() {
        let lead = LEADS.contains(&word) || number_words.contains(word);
        *classes.entry(word).or_default() |= if lead { STARTS } else { STARTS | ANCHOR };
    }
    let units = [
        "second",
        "sec",
        "seconds",
        "secs",
        "minute",
        "min",
        "minutes",
        "mins",
        "hour",
        "hr",
        "hours",
        "hrs",
        "day",
        "days",
        "week",
        "weeks",
        "fortnight",
        "fortnights",
        "month",
        "months",
        "year",
        "yr",
        "years",
        "yrs",
        "decade",
        "decades",
        "century",
        "centuries",
    ];
    let others = [
        "weekend",
        "weekends",
        "quarter",
        "quarters",
        "eve",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "morning",
        "afternoon",
        "evening",
        "night",
        "noon",
        "midday",
        "midnight",
    ];
    for word in units.into_iter().chain(others) {
        *classes.entry(word).or_default() |= ANCHOR;
    }
    let scales = SCALES.iter().map(|&(word, _)| word);
    for word in JOINS.iter().copied().chain(scales) {
        *classes.entry(word).or_default() |= JOIN;
    }
    classes
}

/// Each token's class: whether a timex may start at it ([`STARTS`]), whether it is an
/// [`ANCHOR`], a [`BARE_NUMBER`] or a [`JOIN`].
pub(super) fn token_classes(w: &Words) -> Vec<u8> {
    let table = &*CLASSES;
    // Filled in place rather than pushed: no length to keep per token.
    let mut classes = vec![0; w.len()];
    for (c, token) in classes.iter_mut().zip(w.shapes()) {
        *c = class(table, &token);
    }
    classes
}

#[inline]
fn class(table: &WordTable, token: &Shape) -> u8 {
    if token.kind == TokenKind::Number {
        let bytes = token.bytes;
        let bare = bytes.iter().all(|b| matches!(b, b'0'..=b'9' | b',' | b'.'))
            && !(bytes.len() == 4 && bytes.iter().all(u8::is_ascii_digit));
        return STARTS | ANCHOR | if bare { BARE_NUMBER } else { 0 };
    }
    if token.bytes.first().is_some_and(u8::is_ascii_digit) {
        return STARTS | ANCHOR;
    }
    match token.hyphen {
        // Every hyphenated word is an anchor, but the rules read one only by what comes before
        // its hyphen (`mid-March`, `three-day`, `fourth-quarter`, `.5-hour`): a starter or
        // digits.
        Some(hyphen) => {
            let head = &token.bytes[..hyphen];
            if head.first() == Some(&b'.') || table.get(head).unwrap_or(0) & STARTS != 0 {
                STARTS | ANCHOR
            } else {
                ANCHOR
            }
        }
        None => table.get(token.bytes).unwrap_or(0),
    }
}

/// TIMEX3's seasons.
pub(super) fn season(word: &str) -> Option<&'static str> {
    Some(match word {
        "spring" => "SP",
        "summer" => "SU",
        "autumn" | "fall" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// TIMEX3's parts of the day.
pub(super) fn part_of_day(word: &str) -> Option<&'static str> {
    Some(match word {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" => "NI",
        _ => return None,
    })
}

/// The day of a month written as a number: `7`, `07`, `7th`, `1st`.
pub(super) fn day_number(word: &str) -> Option<u32> {
    let n = if word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()) {
        word.parse().ok()?
    } else if word.starts_with(|c: char| c.is_ascii_digit()) {
        // Only `7th`: the rules ask about every word they try, and the ordinal words' table
        // is searched one by one.
        ordinal(word)?
    } else {
        return None;
    };
    (1..=31).contains(&n).then_some(n)
}

/// A four-digit year written in digits.
pub(super) fn year_number(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// The first three digits of a decade written `1990s`.
pub(super) fn decade_digits(word: &str) -> Option<&str> {
    let digits = word.strip_suffix('s')?;
    (year_number(digits).is_some() && digits.ends_with('0')).then(|| &digits[..3])
}
