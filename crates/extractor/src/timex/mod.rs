//! `extract.timexes`: dates, times, durations and sets as TIMEX3 annotations (`type`, an
//! ISO 8601 `value`, and a `mod` where the text qualifies it), like SUTime and HeidelTime, by
//! rules over tokens.
//!
//! # Resolution
//!
//! Relative expressions resolve against the reference date: the `published` field (a date or an
//! RFC 3339 time), or another field named by `reference_field`, looked up in the record's
//! unknown fields. Without one they stay underspecified the TIMEX3 way: `XXXX-12-07`,
//! `XXXX-WXX-4`, `today` → `PRESENT_REF`, `20 years ago` → `PAST_REF`.
//!
//! - A month and day without a year (`December 7`, `March 1`) and a bare month (`in January`)
//!   take the year that puts them nearest the reference: news reports both what happened and
//!   what is scheduled, and the nearest reading is right for both.
//! - A weekday is past-leaning, as in HeidelTime's news mode: the reference day itself if it is
//!   that weekday, else the one before, unless a forward cue precedes it in its sentence
//!   (`will`, `'ll`, `shall`, `next`, `upcoming`, or `to begin Thursday`), then the one after.
//!   `last`/`next`/`this Thursday` are strictly before, strictly after, and in the reference's
//!   ISO week.
//! - `this week` is an ISO week (`2021-W52`), `last month` a month, `next year` a year, `this
//!   summer` a season (`2021-SU`), quarters and halves without a year (`the first quarter`)
//!   those of the reference year. `the weekend` is the coming one when the reference is Thursday
//!   to Sunday or a forward cue precedes it, else the one just past.
//! - Holidays on fixed dates (`Christmas Eve`, `Boxing Day`, `New Year's Eve`) are dates like
//!   any month and day.
//! - A clock time (`3:35 p.m. ET`) is a TIME on the reference date, or on the day named right
//!   after it (`8:00pm Monday`). Its offset is the zone written after it (US `ET`/`CT`/`MT`/`PT`
//!   follow the US daylight-saving rules of that date's year); none after `local time` (the
//!   place's zone is unknown); else the reference's offset if it had one, else `default_zone`.
//!
//! # Extents
//!
//! A qualifier belongs to the timex it qualifies: `roughly two weeks` (`mod` APPROX),
//! `early next year` (START), `the end of March` (END), `more than 24 hours` (MORE_THAN),
//! `nearly two years` (LESS_THAN), `at least a week` (EQUAL_OR_MORE). `the` is part of the
//! extent only where the expression needs it (`the 1990s`, `the past two weeks`, `the first
//! quarter`). Years are four-digit numbers from 1900 to 2099 that are not amounts (`1990 pct`).
//! Expressions anchored on an event rather than on the reference (`the next day`, `the previous
//! year`) are left out: no value can be given to them.
//!
//! The rules are in `rules.rs`, the words they use in `lexicon.rs`, the calendar in
//! `calendar.rs`.

mod calendar;
mod lexicon;
mod rules;

use newsprint_core::swar::ONES;
use newsprint_core::{
    parse_params, Annotation, AttrValue, BuildContext, BuildError, Document, ParamDoc, Stage,
    StageError, StageRegistration,
};
use serde::Deserialize;

use crate::words::Words;
use calendar::{Reference, Zone};
use lexicon::{token_classes, ANCHOR, BARE_NUMBER, STARTS};

/// How far behind a leading token its anchor may be: the longest timexes seen are six tokens
/// (`the middle of the current quarter`); number words can make a duration longer (`less than
/// three hundred and fifty thousand years`).
const LEAD_REACH: usize = 10;
use rules::Matcher;

/// The order of day and month in numeric dates like `12/07/2021`.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    #[default]
    Mdy,
    Dmy,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_zone")]
    default_zone: String,
    #[serde(default = "default_reference_field")]
    reference_field: String,
    #[serde(default)]
    date_order: DateOrder,
}

fn default_zone() -> String {
    "UTC".into()
}

fn default_reference_field() -> String {
    "published".into()
}

newsprint_core::inventory::submit! {
    StageRegistration::new(
        "extract.timexes",
        "dates, times, durations and sets (TIMEX3) with ISO 8601 values resolved against the publication date",
        newsprint_core::origin!(),
        build,
    )
    .requires(&["tokens"])
    .provides(&["timexes"])
    .params(&[
        ParamDoc::new("default_zone", "string", "\"UTC\"",
            "zone of clock times written without one when the reference has no offset: an abbreviation (`ET`, `AEDT`) or `+HH:MM`"),
        ParamDoc::new("reference_field", "string", "\"published\"",
            "the record field holding the reference date (`published`, or any other input field)"),
        ParamDoc::new("date_order", "string", "\"mdy\"",
            "how to read numeric dates like `12/07/2021`: `mdy` or `dmy`"),
    ])
}

fn build(table: &toml::Table, _ctx: &BuildContext) -> Result<Box<dyn Stage>, BuildError> {
    let params: Params = parse_params(table)?;
    let default_zone = Zone::parse(params.default_zone.trim()).ok_or_else(|| {
        BuildError::Invalid(format!(
            "unknown `default_zone` `{}`: give an abbreviation like `UTC`, `ET` or `AEDT`, or `+HH:MM`",
            params.default_zone
        ))
    })?;
    Ok(Box::new(Timexes {
        default_zone,
        reference_field: params.reference_field,
        date_order: params.date_order,
    }))
}

/// The built stage.
#[derive(Debug)]
pub struct Timexes {
    default_zone: Zone,
    reference_field: String,
    date_order: DateOrder,
}

impl Default for Timexes {
    fn default() -> Self {
        Timexes {
            default_zone: Zone::Fixed(0),
            reference_field: default_reference_field(),
            date_order: DateOrder::Mdy,
        }
    }
}

impl Stage for Timexes {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let found = self.find(doc, true);
        let layer = crate::add_to_layer(doc, "timexes", found);
        layer.sort_by_key(|a| a.span.start);
        Ok(())
    }
}

impl Timexes {
    /// The timexes of a document, in text order; `shortcut` skips tokens no timex starts with.
    fn find(&self, doc: &Document, shortcut: bool) -> Vec<Annotation> {
        let words = Words::new(&doc.text, &doc.tokens);
        let matcher = Matcher {
            w: &words,
            reference: self.reference(doc),
            stage: self,
        };
        let mut found = Vec::new();
        // Each token's class: a token that only leads a timex (`the`, `a`, `last`, `two`) is
        // tried only with an anchor close behind it, and, like a bare number, only before a
        // token that continues one: any token with a class, joining words included.
        let classes = if shortcut {
            token_classes(&words)
        } else {
            Vec::new()
        };
        let continues = |i: usize| classes.get(i).is_some_and(|&c| c != 0);
        let anchor_near = |i: usize| {
            classes[i + 1..]
                .iter()
                .take(LEAD_REACH)
                .any(|&c| c & ANCHOR != 0)
        };
        let mut i = 0;
        while i < words.len() {
            if shortcut {
                i = next_starter(&classes, i);
                if i == words.len() {
                    break;
                }
            }
            let c = classes.get(i).copied().unwrap_or(0);
            let skip = shortcut
                && (c & STARTS == 0
                    || c & ANCHOR == 0 && !(continues(i + 1) && anchor_near(i))
                    || c & BARE_NUMBER != 0 && !continues(i + 1));
            let here = if skip { None } else { matcher.at(i) };
            match here {
                Some(t) => {
                    i = t.end;
                    found.push(t.annotation(&words));
                }
                None => i += 1,
            }
        }
        found
    }

    fn reference(&self, doc: &Document) -> Option<Reference> {
        let field = match self.reference_field.as_str() {
            "published" => doc.meta.published.as_deref(),
            name => doc.extra.get(name).and_then(|v| v.as_str()),
        };
        field.and_then(Reference::parse)
    }
}

/// The first token from `i` on whose class has [`STARTS`], or the number of tokens. Eight
/// classes are tested at once: most tokens start nothing.
fn next_starter(classes: &[u8], mut i: usize) -> usize {
    while let Some(eight) = classes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let starts = u64::from_le_bytes(*eight) & (ONES * u64::from(STARTS));
        if starts != 0 {
            return i + starts.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    let rest = &classes[i..];
    i + rest
        .iter()
        .position(|c| c & STARTS != 0)
        .unwrap_or(rest.len())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Date,
    Time,
    Duration,
    Set,
}

/// A timex found over tokens `start..end`.
#[derive(Debug)]
struct Timex {
    start: usize,
    end: usize,
    kind: Kind,
    value: String,
    modifier: Option<&'static str>,
}

/// A timex over tokens `start..end` without a `mod`, as the rules return it.
fn found(start: usize, end: usize, kind: Kind, value: String) -> Option<Timex> {
    Some(Timex {
        start,
        end,
        kind,
        value,
        modifier: None,
    })
}

impl Timex {
    fn annotation(self, w: &Words) -> Annotation {
        let kind = match self.kind {
            Kind::Date => "DATE",
            Kind::Time => "TIME",
            Kind::Duration => "DURATION",
            Kind::Set => "SET",
        };
        // The attributes allocated once, at their number.
        let mut attrs = Vec::with_capacity(2 + usize::from(self.modifier.is_some()));
        attrs.push(("type", AttrValue::fixed(kind)));
        attrs.push(("value", self.value.into()));
        if let Some(m) = self.modifier {
            attrs.push(("mod", AttrValue::fixed(m)));
        }
        Annotation {
            span: w.span(self.start, self.end),
            attrs,
        }
    }
}

#[cfg(test)]
mod tests;
