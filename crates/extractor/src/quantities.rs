//! `extract.quantities`: numbers with what they count, as CARDINAL, ORDINAL, MONEY (with an ISO
//! 4217 `unit`), PERCENT and QUANTITY (with a measurement `unit`), each with a numeric `value`,
//! by rules over tokens.
//!
//! - `value` is the number the text means: `1.5 billion` → 1500000000, `$2.3 million` →
//!   2300000, `50 cents` → 0.5 (USD), `two dozen` → 24, `5 pct` → 5, `5-1/2 dlrs` → 5.5.
//!   Integral values are written as integers.
//! - MONEY: a currency sign before the number (`$`, `US$`, `A$`, `€`, `£`, `¥` …) or a currency
//!   word after it (Reuters' `dlrs`, `dollars`, `cents`/`cts`, `yen`, `marks`, `francs`, `stg` …),
//!   with an optional nationality (`Canadian dlrs` → CAD). A rate after it (`18 dlrs a barrel`)
//!   is part of the span and named in `per`. `pounds` alone is a weight; sterling is `stg`,
//!   `sterling` or `pounds sterling`. A bare `$` or `dollars` is US dollars unless the `dollar`
//!   parameter says otherwise (`AUD` for Australian copy).
//! - QUANTITY units are normalised: `kilometres` → `km`, `barrels per day` → `bpd`, `tonnes`.
//! - Years, dates, times and durations are timexes, not quantities: this stage runs after
//!   `extract.timexes` and skips every token inside a timex, so no span is in both layers.

use newsprint_core::{
    parse_params, Annotation, AttrValue, BuildContext, BuildError, Document, ParamDoc, Span, Stage,
    StageError, StageRegistration, TokenKind,
};
use serde::Deserialize;

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

use crate::numbers::{
    number_at, ordinal, parse_digits, scale, Decimal, NUMBER_WORDS, ORDINAL_WORDS,
};
use crate::words::{Shape, WordTable, Words};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_dollar")]
    dollar: String,
}

fn default_dollar() -> String {
    "USD".into()
}

/// The currencies a bare `$` or `dollars` can mean.
const DOLLARS: &[&str] = &["USD", "AUD", "CAD", "NZD", "HKD", "SGD", "TWD"];

newsprint_core::inventory::submit! {
    StageRegistration::new(
        "extract.quantities",
        "cardinals, ordinals, money, percentages and measurements with their numeric values and units",
        newsprint_core::origin!(),
        build,
    )
    .requires(&["tokens", "timexes"])
    .provides(&["quantities"])
    .params(&[ParamDoc::new("dollar", "string", "\"USD\"",
        "the currency of a bare `$`, `dollars`, `dlrs` or `cents`: `USD`, or `AUD`, `CAD`, `NZD`, `HKD`, `SGD`, `TWD` for local copy")])
}

fn build(table: &toml::Table, _ctx: &BuildContext) -> Result<Box<dyn Stage>, BuildError> {
    let params: Params = parse_params(table)?;
    let dollar = DOLLARS
        .iter()
        .find(|d| **d == params.dollar)
        .ok_or_else(|| {
            BuildError::Invalid(format!(
                "`dollar` must be one of {}, not `{}`",
                DOLLARS.join(", "),
                params.dollar
            ))
        })?;
    Ok(Box::new(Quantities { dollar }))
}

/// The built stage.
#[derive(Debug)]
pub struct Quantities {
    /// The currency of a bare `$` or `dollars`.
    dollar: &'static str,
}

impl Default for Quantities {
    fn default() -> Self {
        Quantities { dollar: "USD" }
    }
}

impl Stage for Quantities {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let found = self.find(doc, true);
        let layer = crate::add_to_layer(doc, "quantities", found);
        layer.sort_by_key(|a| a.span.start);
        Ok(())
    }
}

impl Quantities {
    /// The quantities of a document outside its timexes, in text order; `shortcut` skips
    /// tokens no quantity starts with.
    fn find(&self, doc: &Document, shortcut: bool) -> Vec<Annotation> {
        let timexes: Vec<Span> = doc
            .layer("timexes")
            .map(|layer| layer.iter().map(|a| a.span).collect())
            .unwrap_or_default();
        let words = Words::new(&doc.text, &doc.tokens);
        let starters = &*STARTERS;
        let mut found = Vec::new();
        // `next`: the token after the last quantity found.
        let (mut next, mut next_timex) = (0, 0);
        let mut shapes = words.shapes().enumerate();
        while let Some((i, flags)) = next_start(&mut shapes, starters, shortcut) {
            if i < next || shortcut && !may_start(&words, i, flags) {
                continue;
            }
            let span = words.token_span(i);
            while next_timex < timexes.len() && timexes[next_timex].end <= span.start {
                next_timex += 1;
            }
            let limit = timexes.get(next_timex).map_or(usize::MAX, |s| s.start);
            if limit < span.end {
                continue; // inside a timex
            }
            if let Some(q) = quantity_at(&words, i, self.dollar)
                .filter(|q| words.token_span(q.end - 1).end <= limit)
            {
                next = q.end;
                found.push(q.annotation(&words));
            }
        }
        found
    }
}

/// What a token needs after it to start a quantity: nothing, a scale word, a glued `$`.
const ALWAYS: u8 = 1;
const BEFORE_SCALE: u8 = 2;
const BEFORE_DOLLAR: u8 = 4;

/// Words a quantity can start with besides numbers, symbols and hyphenated words, by what they
/// need after them: number and ordinal words and `half` nothing, `a`/`an` a scale word or a
/// glued `$` (`a hundred`, `A$`), the country letters a glued `$` (`US$`). A token that is none
/// of these is skipped without trying the rules; a test checks that the shortcut changes
/// nothing on the sample corpus.
static STARTERS: LazyLock<WordTable> = LazyLock::new(|| {
    let mut starters: FxHashMap<&'static str, u8> = [NUMBER_WORDS, ORDINAL_WORDS]
        .into_iter()
        .flatten()
        .map(|&(word, _)| (word, ALWAYS))
        .collect();
    starters.insert("half", ALWAYS);
    for word in ["a", "an"] {
        starters.insert(word, BEFORE_SCALE | BEFORE_DOLLAR);
    }
    for word in ["us", "u.s.", "au", "c", "ca", "nz", "hk", "s"] {
        *starters.entry(word).or_default() |= BEFORE_DOLLAR;
    }
    WordTable::new(starters)
});

/// What a token needs after it to start a quantity: [`ALWAYS`] nothing, [`BEFORE_SCALE`] a
/// scale word, [`BEFORE_DOLLAR`] a glued `$`; 0 if it cannot start one.
#[inline]
fn starter(starters: &WordTable, token: &Shape) -> u8 {
    match token.kind {
        TokenKind::Number | TokenKind::Symbol => return ALWAYS,
        TokenKind::Word => {}
        _ => return 0, // no rule reads other tokens
    }
    match (token.bytes.first(), token.hyphen) {
        (Some(b'0'..=b'9'), _) => ALWAYS,
        // `.5-km`, `twenty-one`, `thirty-first`: digits or a number word before the hyphen.
        (Some(b'.'), Some(_)) => ALWAYS,
        (_, Some(hyphen)) => starters.get(&token.bytes[..hyphen]).unwrap_or(0) & ALWAYS,
        (_, None) => starters.get(token.bytes).unwrap_or(0),
    }
}

/// The next token with [`starter`] flags and the flags (with `shortcut` off, the next token and
/// [`ALWAYS`]). Not inlined: on its own, the loop over the many tokens that start nothing keeps
/// its state in registers.
#[inline(never)]
fn next_start<'a>(
    shapes: &mut impl Iterator<Item = (usize, Shape<'a>)>,
    starters: &WordTable,
    shortcut: bool,
) -> Option<(usize, u8)> {
    if !shortcut {
        return shapes.next().map(|(i, _)| (i, ALWAYS));
    }
    shapes.find_map(|(i, token)| {
        let flags = starter(starters, &token);
        (flags != 0).then_some((i, flags))
    })
}

/// Whether a quantity may start at token `i`, whose [`starter`] flags are `starter`.
fn may_start(w: &Words, i: usize, starter: u8) -> bool {
    starter & ALWAYS != 0
        || starter & BEFORE_SCALE != 0 && scale(w.get(i + 1)).is_some()
        || starter & BEFORE_DOLLAR != 0 && w.joined(i) && w.get(i + 1) == "$"
}

/// A quantity found over tokens `start..end`.
#[derive(Debug, PartialEq)]
struct Quantity {
    start: usize,
    end: usize,
    kind: &'static str,
    value: f64,
    unit: Option<&'static str>,
    per: Option<&'static str>,
}

impl Quantity {
    fn new(start: usize, end: usize, kind: &'static str, value: f64) -> Quantity {
        Quantity {
            start,
            end,
            kind,
            value,
            unit: None,
            per: None,
        }
    }

    fn annotation(self, w: &Words) -> Annotation {
        // Integral values as JSON integers: `100000`, not `100000.0`.
        let value = if self.value.fract() == 0.0 && self.value.abs() < 9e15 {
            AttrValue::Int(self.value as i64)
        } else {
            AttrValue::Num(self.value)
        };
        // The attributes allocated once, at their number.
        let extra = usize::from(self.unit.is_some()) + usize::from(self.per.is_some());
        let mut attrs = Vec::with_capacity(2 + extra);
        attrs.push(("type", AttrValue::fixed(self.kind)));
        attrs.push(("value", value));
        if let Some(unit) = self.unit {
            attrs.push(("unit", AttrValue::fixed(unit)));
        }
        if let Some(per) = self.per {
            attrs.push(("per", AttrValue::fixed(per)));
        }
        Annotation {
            span: w.span(self.start, self.end),
            attrs,
        }
    }
}

/// The quantity starting at token `i`, if any.
fn quantity_at(w: &Words, i: usize, dollar: &'static str) -> Option<Quantity> {
    if !matches!(
        w.kind(i),
        Some(TokenKind::Word | TokenKind::Number | TokenKind::Symbol)
    ) {
        return None;
    }
    if let Some((currency, next)) = currency_sign(w, i, dollar) {
        let (value, end, named) = amount_after_sign(w, next)?;
        return Some(money(w, i, end, value, named.unwrap_or(currency)));
    }
    if let Some(n) = number_at(w, i) {
        let j = n.end;
        if let Some(end) = percent_word(w, j) {
            return Some(Quantity::new(i, end, "PERCENT", n.value));
        }
        if let Some((currency, factor, end)) = currency_word(w, j, dollar) {
            return Some(money(w, i, end, n.value * factor, currency));
        }
        if let Some((unit, end)) = measure_unit(w, j) {
            return Some(Quantity {
                unit: Some(unit),
                ..Quantity::new(i, end, "QUANTITY", n.value)
            });
        }
        return Some(Quantity::new(i, j, "CARDINAL", n.value));
    }
    if let Some(q) = glued_unit(w, i) {
        return Some(q);
    }
    let n = ordinal(w.get(i))?;
    Some(Quantity::new(i, i + 1, "ORDINAL", f64::from(n)))
}

/// MONEY over `start..end`, with a rate after it if there is one (`a barrel`).
fn money(w: &Words, start: usize, end: usize, value: f64, currency: &'static str) -> Quantity {
    let (per, end) = match (w.get(end), w.get(end + 1)) {
        ("a" | "an" | "per", noun) => match rate_noun(noun) {
            Some(noun) => (Some(noun), end + 2),
            None => (None, end),
        },
        _ => (None, end),
    };
    Quantity {
        unit: Some(currency),
        per,
        ..Quantity::new(start, end, "MONEY", value)
    }
}

/// What a price can be per: `18 dlrs a barrel`, `5 dlrs per share`.
fn rate_noun(word: &str) -> Option<&'static str> {
    Some(match word {
        "barrel" | "bbl" => "barrel",
        "share" => "share",
        "tonne" => "tonne",
        "ton" => "ton",
        "ounce" => "ounce",
        "pound" | "lb" => "pound",
        "bushel" => "bushel",
        "gallon" => "gallon",
        "litre" | "liter" => "litre",
        "kg" | "kilo" | "kilogram" => "kg",
        "head" => "head",
        "hour" => "hour",
        "day" => "day",
        "week" => "week",
        "month" => "month",
        "year" => "year",
        _ => return None,
    })
}

/// A currency sign before a number: `$`, `€`, `£`, `¥`, and `US$`, `A$`, `C$`, `NZ$`, `HK$`,
/// `S$` written together. Returns the currency and the token after the sign.
fn currency_sign(w: &Words, i: usize, dollar: &'static str) -> Option<(&'static str, usize)> {
    let sign = |s: &str| {
        Some(match s {
            "$" => dollar,
            "€" => "EUR",
            "£" => "GBP",
            "¥" => "JPY",
            "₹" => "INR",
            _ => return None,
        })
    };
    if w.joined(i) && w.get(i + 1) == "$" {
        let currency = match w.get(i) {
            "us" | "u.s." => "USD",
            "a" | "au" => "AUD",
            "c" | "ca" => "CAD",
            "nz" => "NZD",
            "hk" => "HKD",
            "s" => "SGD",
            _ => return None,
        };
        return Some((currency, i + 2));
    }
    if w.kind(i) != Some(TokenKind::Symbol) {
        return None;
    }
    Some((sign(w.get(i))?, i + 1))
}

/// The amount after a currency sign: `2.3 million`, `1.5bn`, and the Australian `$US3000
/// billion` with the country after the sign. Returns the value, the token after the amount and
/// the currency the letters name, if any.
fn amount_after_sign(w: &Words, i: usize) -> Option<(f64, usize, Option<&'static str>)> {
    if let Some(n) = number_at(w, i) {
        return Some((n.value, n.end, None));
    }
    let word = w.get(i);
    let (named, rest) = [
        ("us", "USD"),
        ("a", "AUD"),
        ("nz", "NZD"),
        ("hk", "HKD"),
        ("c", "CAD"),
    ]
    .iter()
    .find_map(|(prefix, code)| Some((Some(*code), word.strip_prefix(prefix)?)))
    .filter(|(_, rest)| rest.starts_with(|c: char| c.is_ascii_digit()))
    .unwrap_or((None, word));
    // The tokenizer splits `$US1,000` after `US1`: better no amount than a wrong one.
    if w.joined(i) && w.get(i + 1) == "," {
        return None;
    }
    let mut value = parse_digits(rest)
        .map(|d| d.scaled(1.0))
        .or_else(|| glued_scale(rest))?;
    let mut end = i + 1;
    while let Some(s) = scale(w.get(end)) {
        value *= s;
        end += 1;
    }
    Some((value, end, named))
}

/// `1.5bn`, `20m`, `500k` after a currency sign: the scaled number.
fn glued_scale(word: &str) -> Option<f64> {
    let (number, rest) = split_number(word)?;
    let scale = match rest {
        "k" => 1e3,
        "m" | "mn" | "mln" => 1e6,
        "b" | "bn" | "bln" => 1e9,
        _ => return None,
    };
    Some(number.scaled(scale))
}

/// A word made of a number and a unit: `1,000-barrel`, `10km`, `5pct`.
fn split_number(word: &str) -> Option<(Decimal, &str)> {
    let split = word.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))?;
    let (digits, rest) = word.split_at(split);
    Some((
        parse_digits(digits)?,
        rest.strip_prefix('-').unwrap_or(rest),
    ))
}

/// `1,000-barrel`, `50-kilometre`, `10km`, `5pct`: one token, a number and a unit.
fn glued_unit(w: &Words, i: usize) -> Option<Quantity> {
    if w.kind(i) != Some(TokenKind::Word) {
        return None;
    }
    let (number, rest) = split_number(w.get(i))?;
    let value = number.scaled(1.0);
    if matches!(rest, "pct" | "percent" | "per-cent") {
        return Some(Quantity::new(i, i + 1, "PERCENT", value));
    }
    let unit = single_unit(rest)?;
    Some(Quantity {
        unit: Some(unit),
        ..Quantity::new(i, i + 1, "QUANTITY", value)
    })
}

/// `%`, `percent`, `pct`, `per cent`, `percentage points` at token `j`: the token after it.
fn percent_word(w: &Words, j: usize) -> Option<usize> {
    match (w.get(j), w.get(j + 1)) {
        ("%" | "percent" | "pct" | "pc", _) => Some(j + 1),
        ("per", "cent") => Some(j + 2),
        ("percentage", "point" | "points") => Some(j + 2),
        _ => None,
    }
}

/// A currency named after a number, with an optional nationality: `dlrs`, `U.S. dlrs`,
/// `Canadian dollars`, `cents`, `yen`, `Swiss francs`, `stg`. Returns the currency, the factor
/// to its main unit (cents are hundredths) and the token after it.
fn currency_word(w: &Words, j: usize, dollar: &'static str) -> Option<(&'static str, f64, usize)> {
    let (nation, k) = match (w.get(j), w.get(j + 1)) {
        ("u.s." | "us" | "american", _) => (Some("USD"), j + 1),
        ("australian", _) => (Some("AUD"), j + 1),
        ("canadian", _) => (Some("CAD"), j + 1),
        ("new", "zealand") => (Some("NZD"), j + 2),
        ("hong", "kong") => (Some("HKD"), j + 2),
        ("singapore", _) => (Some("SGD"), j + 1),
        ("taiwan", _) => (Some("TWD"), j + 1),
        ("swiss", _) => (Some("CHF"), j + 1),
        ("french", _) => (Some("FRF"), j + 1),
        ("belgian", _) => (Some("BEF"), j + 1),
        ("german", _) => (Some("DEM"), j + 1),
        ("west", "german") => (Some("DEM"), j + 2),
        ("japanese", _) => (Some("JPY"), j + 1),
        ("saudi", _) => (Some("SAR"), j + 1),
        _ => (None, j),
    };
    let (currency, factor, end) = match (w.get(k), w.get(k + 1)) {
        ("dlrs" | "dlr" | "dollars" | "dollar", _) => (nation.unwrap_or(dollar), 1.0, k + 1),
        ("cents" | "cent" | "cts" | "ct", _) => (nation.unwrap_or(dollar), 0.01, k + 1),
        ("francs" | "franc", _) => (nation.unwrap_or("FRF"), 1.0, k + 1),
        ("marks", _) => ("DEM", 1.0, k + 1),
        ("yen", _) => ("JPY", 1.0, k + 1),
        ("stg" | "sterling", _) => ("GBP", 1.0, k + 1),
        ("pounds", "sterling") => ("GBP", 1.0, k + 2),
        ("euros" | "euro", _) => ("EUR", 1.0, k + 1),
        ("riyals" | "riyal", _) => ("SAR", 1.0, k + 1),
        ("lire", _) => ("ITL", 1.0, k + 1),
        ("guilders", _) => ("NLG", 1.0, k + 1),
        ("rupees", _) => ("INR", 1.0, k + 1),
        ("yuan", _) => ("CNY", 1.0, k + 1),
        _ => return None,
    };
    Some((currency, factor, end))
}

/// A unit of measurement after a number, one or several words: `km`, `barrels per day`,
/// `cubic feet`, `degrees Celsius`. Returns the normalised unit and the token after it.
fn measure_unit(w: &Words, j: usize) -> Option<(&'static str, usize)> {
    let (a, b, c) = (w.get(j), w.get(j + 1), w.get(j + 2));
    Some(match (a, b, c) {
        ("barrels" | "barrel", "per" | "a", "day") => ("bpd", j + 3),
        ("cubic", "feet" | "foot", _) => ("cubic feet", j + 2),
        ("cubic", "metres" | "meters" | "metre" | "meter", _) => ("cubic metres", j + 2),
        ("square", "kilometres" | "kilometers" | "km", _) => ("square km", j + 2),
        ("square", "miles" | "mile", _) => ("square miles", j + 2),
        ("square", "metres" | "meters", _) => ("square metres", j + 2),
        ("kilometres" | "kilometers" | "km", "per" | "an", "hour") => ("km/h", j + 3),
        ("miles", "per" | "an", "hour") => ("mph", j + 3),
        ("degrees" | "degree", "celsius" | "centigrade" | "c", _) => ("degrees Celsius", j + 2),
        ("degrees" | "degree", "fahrenheit" | "f", _) => ("degrees Fahrenheit", j + 2),
        _ => (single_unit(a)?, j + 1),
    })
}

/// A one-word unit, normalised.
fn single_unit(word: &str) -> Option<&'static str> {
    Some(match word {
        "km" | "kms" | "kilometres" | "kilometers" | "kilometre" | "kilometer" => "km",
        "metres" | "meters" | "metre" | "meter" => "m",
        "cm" | "centimetres" | "centimeters" | "centimetre" | "centimeter" => "cm",
        "mm" | "millimetres" | "millimeters" | "millimetre" | "millimeter" => "mm",
        "miles" | "mile" => "miles",
        "feet" | "foot" | "ft" => "feet",
        "inches" | "inch" => "inches",
        "yards" | "yard" => "yards",
        "kg" | "kilograms" | "kilogram" | "kilos" | "kilo" => "kg",
        "grams" | "gram" => "g",
        "tonnes" | "tonne" => "tonnes",
        "tons" | "ton" => "tons",
        "pounds" | "pound" | "lbs" | "lb" => "pounds",
        "ounces" | "ounce" | "oz" => "ounces",
        "barrels" | "barrel" | "bbls" | "bbl" => "barrels",
        "bpd" | "b/d" => "bpd",
        "gallons" | "gallon" => "gallons",
        "litres" | "liters" | "litre" | "liter" => "litres",
        "bushels" | "bushel" => "bushels",
        "hectares" | "hectare" | "ha" => "hectares",
        "acres" | "acre" => "acres",
        "degrees" | "degree" => "degrees",
        "megawatts" | "megawatt" | "mw" => "MW",
        "kilowatts" | "kilowatt" | "kw" => "kW",
        "gigawatts" | "gigawatt" | "gw" => "GW",
        "mph" => "mph",
        "kph" | "km/h" => "km/h",
        "knots" => "knots",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
