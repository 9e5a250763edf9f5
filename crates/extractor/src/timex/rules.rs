//! The rules: at one token, the longest timex of the first rule that matches, with its
//! qualifier (`about`, `early`, `the end of`) if one comes first.

use newsprint_core::TokenKind;

use super::calendar::{self, add_months, format_offset, Date, Reference, Zone};
use super::lexicon::{
    day_number, decade_digits, duration_value, month, part_of_day, season, time_unit, weekday,
    year_number, Unit,
};
use super::{found, DateOrder, Kind, Timex, Timexes};
use crate::numbers::{number_at, number_word, ordinal, parse_digits};
use crate::words::{split_at_byte, Words};

/// Whether a weekday points forward: a cue (`will`, `'ll`, `shall`, `next`, `upcoming`) before
/// it in its sentence, or an infinitive right before it (`to begin Thursday`, not `to a Friday
/// close`). Cues after it belong to another clause (`said on Sunday that it will …`).
fn forward_cue(w: &Words, i: usize) -> bool {
    if i >= 2 && w.is(i - 2, "to") && !matches!(w.get(i - 1), "a" | "an" | "the") {
        return true;
    }
    let mut j = i;
    while j > 0 && i - j < 40 {
        j -= 1;
        match w.get(j) {
            "." | "!" | "?" => return false,
            "will" | "'ll" | "’ll" | "shall" | "next" | "upcoming" => return true,
            _ => {}
        }
    }
    false
}

/// The rules, applied at one token of one document.
pub(super) struct Matcher<'a, 'd> {
    pub w: &'a Words<'d>,
    pub reference: Option<Reference>,
    pub stage: &'a Timexes,
}

/// A day as TIMEX3 writes it: a date, or an underspecified one like `XXXX-WXX-4`.
type Day = (Option<Date>, String);

impl Matcher<'_, '_> {
    fn today(&self) -> Option<Date> {
        self.reference.map(|r| r.date)
    }

    fn day(&self, date: Option<Date>, unknown: &str) -> Day {
        (date, date.map_or_else(|| unknown.to_string(), Date::iso))
    }

    /// The timex starting at token `i`, if any.
    pub fn at(&self, i: usize) -> Option<Timex> {
        if !matches!(self.w.kind(i), Some(TokenKind::Word | TokenKind::Number)) {
            return None;
        }
        // No rule of `core` starts with a qualifier's word (`about`, `more`, `at`, `early`, `the
        // end of`): without the timex it qualifies, there is none here.
        let word = self.w.get(i);
        if let Some((modifier, next)) = self.amount_modifier(i, word) {
            let next = next?;
            // `about 4:00pm` is approximate too; `some` before a time is not a qualifier.
            let approx_clock =
                modifier == "APPROX" && !self.w.is(i, "some") && self.clock(next).is_some();
            return self
                .core(next)
                .filter(|t| t.kind == Kind::Duration || (approx_clock && t.kind == Kind::Time))
                .map(|t| Timex {
                    start: i,
                    modifier: Some(modifier),
                    ..t
                });
        }
        if let Some((modifier, next)) = self.position_modifier(i, word) {
            return self
                .core(next)
                .filter(|t| matches!(t.kind, Kind::Date | Kind::Time))
                .map(|t| Timex {
                    start: i,
                    modifier: Some(modifier),
                    ..t
                });
        }
        self.core(i)
    }

    /// `about`, `more than`, `nearly` … before a duration: its `mod` and the next token, `None`
    /// when the word it needs after it is missing (`more` without `than`). `word` is token `i`.
    fn amount_modifier(&self, i: usize, word: &str) -> Option<(&'static str, Option<usize>)> {
        let w = self.w;
        let (modifier, second) = match word {
            "about" | "around" | "roughly" | "approximately" | "some" => ("APPROX", None),
            "nearly" | "almost" | "under" => ("LESS_THAN", None),
            "less" | "fewer" => ("LESS_THAN", Some("than")),
            "more" | "longer" => ("MORE_THAN", Some("than")),
            "at" => ("EQUAL_OR_MORE", Some("least")),
            _ => return None,
        };
        let next = match second {
            None => Some(i + 1),
            Some(word) => w.is(i + 1, word).then_some(i + 2),
        };
        Some((modifier, next))
    }

    /// `early`, `mid`, `late`, `the end of` … before a date: its `mod` and the next token.
    /// `word` is token `i`.
    fn position_modifier(&self, i: usize, word: &str) -> Option<(&'static str, usize)> {
        let w = self.w;
        let (j, word) = if word == "the" {
            (i + 1, w.get(i + 1))
        } else {
            (i, word)
        };
        let of = || w.is(j + 1, "of");
        Some(match word {
            "early" if j == i => ("START", i + 1),
            "mid" if j == i => ("MID", i + 1),
            "late" if j == i => ("END", i + 1),
            "beginning" | "start" if of() => ("START", j + 2),
            "middle" if of() => ("MID", j + 2),
            "end" if of() => ("END", j + 2),
            _ => return None,
        })
    }

    /// A timex without a leading qualifier. Each rule is tried only at a token it can start
    /// with: one led by a digit, `the` or `a`/`an` (the most frequent leads), or another word.
    fn core(&self, i: usize) -> Option<Timex> {
        const DIGIT: u8 = 1;
        const THE: u8 = 2;
        const ARTICLE: u8 = 4;
        const WORD: u8 = 8;
        let first = self.w.get(i);
        let lead = match first {
            "the" => THE,
            "a" | "an" => ARTICLE,
            _ if first.starts_with(|c: char| c.is_ascii_digit()) => DIGIT,
            _ => WORD,
        };
        let when = |leads: u8, rule: fn(&Self, usize) -> Option<Timex>| {
            if lead & leads != 0 {
                rule(self, i)
            } else {
                None
            }
        };
        when(DIGIT | WORD, Self::clock_time)
            .or_else(|| self.numeric_date(i))
            .or_else(|| when(WORD, Self::month_date))
            .or_else(|| when(DIGIT, Self::day_month))
            .or_else(|| when(DIGIT | THE, Self::decade))
            .or_else(|| when(WORD, Self::hyphen_position))
            .or_else(|| when(DIGIT | THE | WORD, Self::quarter))
            .or_else(|| self.year(i))
            .or_else(|| when(THE | WORD, Self::relative))
            .or_else(|| when(WORD, Self::deictic))
            .or_else(|| when(WORD, Self::holiday))
            .or_else(|| when(THE, Self::the_weekend))
            .or_else(|| when(WORD, Self::weekday))
            .or_else(|| when(DIGIT | ARTICLE | WORD, Self::duration))
            .or_else(|| when(WORD, Self::set))
    }

    /// `3:35 p.m.`, `4:00pm`, `10 a.m.`, `0800 GMT`, `noon`: hour, minute and the next token.
    fn clock(&self, i: usize) -> Option<(u32, u32, usize)> {
        let w = self.w;
        let word = w.get(i);
        match word {
            "noon" | "midday" => return Some((12, 0, i + 1)),
            "midnight" => return Some((24, 0, i + 1)),
            _ => {}
        }
        if !word.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        // Digits and an optional `:MM`, then an optional am/pm glued on (`4:00pm`).
        let digits_end = word
            .find(|c: char| !c.is_ascii_digit() && c != ':')
            .unwrap_or(word.len());
        let (clock, glued) = word.split_at(digits_end);
        let (hour, minute) = match clock.split_once(':') {
            Some((h, m)) if (1..=2).contains(&h.len()) && m.len() == 2 => {
                (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)
            }
            None if (1..=2).contains(&clock.len()) => (clock.parse::<u32>().ok()?, 0),
            None if clock.len() == 4 && glued.is_empty() => {
                // `0800 GMT`: military time, only with a zone.
                self.zone_after(i + 1)?;
                (clock[..2].parse().ok()?, clock[2..].parse().ok()?)
            }
            _ => return None,
        };
        if hour > 23 || minute > 59 {
            return None;
        }
        let meridiem = |s: &str| match s {
            "am" | "a.m." | "a.m" => Some(false),
            "pm" | "p.m." | "p.m" => Some(true),
            _ => None,
        };
        let (pm, end) = if !glued.is_empty() {
            (Some(meridiem(glued)?), i + 1)
        } else {
            match meridiem(w.get(i + 1)) {
                Some(pm) => (Some(pm), i + 2),
                None => (None, i + 1),
            }
        };
        match pm {
            Some(pm) => {
                if !(1..=12).contains(&hour) {
                    return None;
                }
                Some((hour % 12 + if pm { 12 } else { 0 }, minute, end))
            }
            None => {
                // A bare `H:MM` is a time only where a zone or a preposition says so; a bare
                // number never is.
                let has_colon = clock.contains(':');
                let zoned = self.zone_after(end).is_some() || self.local_time(end).is_some();
                let cued = i > 0 && matches!(w.get(i - 1), "at" | "by" | "until" | "till");
                (has_colon && (zoned || cued) || clock.len() == 4).then_some((hour, minute, end))
            }
        }
    }

    /// A zone abbreviation as written after a time: upper case (`ET`, not `et`), except
    /// Reuters' `gmt`.
    fn zone(&self, i: usize) -> Option<Zone> {
        let raw = self.w.raw(i);
        if matches!(raw, "gmt" | "utc") {
            return Some(Zone::Fixed(0));
        }
        if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        Zone::parse(raw)
    }

    /// The zone written after a time, bracketed or not (`ET`, `(ACDT)`, `[AEDT]`), and the
    /// token after it.
    fn zone_after(&self, i: usize) -> Option<(Zone, usize)> {
        if let Some(zone) = self.zone(i) {
            return Some((zone, i + 1));
        }
        match (self.w.get(i), self.w.get(i + 2)) {
            ("(", ")") | ("[", "]") => Some((self.zone(i + 1)?, i + 3)),
            _ => None,
        }
    }

    /// `local time`, `our time`, `New York time`, `Jakarta time` after a time: the place's
    /// own time, whose zone is unknown here. Returns the token after it.
    fn local_time(&self, i: usize) -> Option<usize> {
        let w = self.w;
        if matches!(w.get(i), "local" | "our") && w.is(i + 1, "time") {
            return Some(i + 2);
        }
        let place = |n: usize| (i..i + n).all(|j| w.capitalized(j) && self.zone(j).is_none());
        (1..=2)
            .find(|&n| place(n) && w.is(i + n, "time"))
            .map(|n| i + n + 1)
    }

    /// A clock time with its zone and day: `3:35 p.m. ET`, `1:00am (ACDT)`, `6:00pm local
    /// time`, `8:46am New York time`, `8:00pm Monday`, `5:00am today`, `Monday at 2pm`.
    fn clock_time(&self, i: usize) -> Option<Timex> {
        let (hour, minute, mut end) = self.clock(i)?;
        let mut zone = None;
        let mut local = false;
        if let Some(next) = self.local_time(end) {
            local = true;
            end = next;
        } else if let Some((z, next)) = self.zone_after(end) {
            zone = Some(z);
            end = next;
        }
        // The day named right after the time (`8:00pm Monday`), or right before `at` (`on
        // Monday at 2pm`, `tomorrow morning at 11am`; those stay timexes of their own), else
        // the reference day.
        let day_before = if i >= 2 && self.w.is(i - 1, "at") {
            match part_of_day(self.w.get(i - 2)) {
                Some(_) if i >= 3 => self.named_day(i - 3),
                Some(_) => None,
                None => self.named_day(i - 2),
            }
        } else {
            None
        };
        let (date, day) = match (self.named_day(end), day_before) {
            (Some((day, next)), _) => {
                end = next;
                day
            }
            (None, Some((day, _))) => day,
            (None, None) => self.day(self.today(), "XXXX-XX-XX"),
        };
        let offset = if local {
            String::new()
        } else {
            let minutes = match (zone, self.reference.and_then(|r| r.offset)) {
                (Some(z), _) => z.offset(date),
                (None, Some(reference)) => reference,
                (None, None) => self.stage.default_zone.offset(date),
            };
            format_offset(minutes)
        };
        found(
            i,
            end,
            Kind::Time,
            format!("{day}T{hour:02}:{minute:02}{offset}"),
        )
    }

    /// A day named by one word after a clock time: `today`, `yesterday`, `tomorrow`, `Monday`.
    fn named_day(&self, i: usize) -> Option<(Day, usize)> {
        let today = self.today();
        let day = match self.w.get(i) {
            "today" => self.day(today, "XXXX-XX-XX"),
            "yesterday" => self.day(today.map(|d| d.add_days(-1)), "XXXX-XX-XX"),
            "tomorrow" => self.day(today.map(|d| d.add_days(1)), "XXXX-XX-XX"),
            _ => {
                let n = self.weekday_at(i)?;
                self.weekday_day(n, i)
            }
        };
        Some((day, i + 1))
    }

    /// A weekday resolved past-leaning, or forward under a forward cue.
    fn weekday_day(&self, n: u32, i: usize) -> Day {
        let date = self.today().map(|today| {
            let diff = i64::from(n) - i64::from(today.weekday());
            if diff == 0 {
                today
            } else if forward_cue(self.w, i) {
                today.add_days(diff.rem_euclid(7))
            } else {
                today.add_days(-(-diff).rem_euclid(7))
            }
        });
        self.day(date, &format!("XXXX-WXX-{n}"))
    }

    /// `2021-12-07`, `12/07/2021`, `7/12/87` (day and month in the configured order).
    fn numeric_date(&self, i: usize) -> Option<Timex> {
        let w = self.w;
        if w.kind(i) != Some(TokenKind::Number) {
            return None;
        }
        let word = w.get(i);
        let date = if word.len() == 10 && word.as_bytes()[4] == b'-' && word.as_bytes()[7] == b'-' {
            Date::new(
                word[..4].parse().ok()?,
                word[5..7].parse().ok()?,
                word[8..].parse().ok()?,
            )?
        } else {
            let mut parts = word.split('/');
            let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() || a.len() > 2 || b.len() > 2 {
                return None;
            }
            let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
            let year: i32 = match y.len() {
                4 => y.parse().ok()?,
                // Two-digit years: `87` is 1987, `21` is 2021.
                2 => {
                    let yy: i32 = y.parse().ok()?;
                    if yy >= 50 {
                        1900 + yy
                    } else {
                        2000 + yy
                    }
                }
                _ => return None,
            };
            let (month, day) = match self.stage.date_order {
                DateOrder::Mdy => (a, b),
                DateOrder::Dmy => (b, a),
            };
            Date::new(year, month, day)?
        };
        found(i, i + 1, Kind::Date, date.iso())
    }

    /// The year that puts a month (and day) nearest the reference, or `None` without one.
    fn nearest_year(&self, month: u32, day: u32) -> Option<i32> {
        let today = self.today()?;
        (today.year - 1..=today.year + 1)
            .filter_map(|y| Date::new(y, month, day.min(calendar::days_in_month(y, month))))
            .min_by_key(|d| (d.days() - today.days()).abs())
            .map(|d| d.year)
    }

    /// A month name as written in dates: capitalized (`March`, not the verb `march`).
    fn month_at(&self, i: usize) -> Option<u32> {
        // The case first: it turns away most words tried before a search of the month table.
        self.w
            .capitalized(i)
            .then(|| month(self.w.get(i)))
            .flatten()
    }

    /// A weekday name as written in dates: capitalized, like [`Self::month_at`].
    fn weekday_at(&self, i: usize) -> Option<u32> {
        self.w
            .capitalized(i)
            .then(|| weekday(self.w.get(i)))
            .flatten()
    }

    /// `December 7`, `Dec. 7, 2021`, `Feb 26`, `January 1987`, and a bare month after a cue
    /// (`in January`, `late March`).
    fn month_date(&self, i: usize) -> Option<Timex> {
        let w = self.w;
        let m = self.month_at(i)?;
        if let Some(day) =
            day_number(w.get(i + 1)).filter(|&d| d <= calendar::days_in_month(2000, m))
        {
            let explicit = if w.is(i + 2, ",") {
                year_number(w.get(i + 3)).map(|y| (y, i + 4))
            } else {
                year_number(w.get(i + 2)).map(|y| (y, i + 3))
            };
            if let Some((year, end)) = explicit {
                return found(i, end, Kind::Date, Date::new(year, m, day)?.iso());
            }
            // `August 27 of last year`.
            if let Some(direction) = self.of_relative_year(i + 2) {
                let value = match self.today() {
                    Some(d) => Date::new(d.year + direction, m, day)?.iso(),
                    None => format!("XXXX-{m:02}-{day:02}"),
                };
                return found(i, i + 5, Kind::Date, value);
            }
            return found(i, i + 2, Kind::Date, self.month_day_value(m, day)?);
        }
        if let Some(year) = year_number(w.get(i + 1)) {
            return found(i, i + 2, Kind::Date, format!("{year:04}-{m:02}"));
        }
        let before = if i == 0 { "" } else { w.get(i - 1) };
        let cued =
            matches!(
                before,
                "in" | "since"
                    | "until"
                    | "till"
                    | "by"
                    | "during"
                    | "from"
                    | "through"
                    | "to"
                    | "before"
                    | "after"
                    | "early"
                    | "mid"
                    | "late"
                    | "of"
                    | "for"
            ) || (matches!(before, "and" | "or" | ",") && i >= 2 && self.month_at(i - 2).is_some());
        if !cued {
            return None;
        }
        found(
            i,
            i + 1,
            Kind::Date,
            self.month_value(m, self.nearest_year(m, 1)),
        )
    }

    /// `of last year`, `of this year`, `of next year` at token `i`: the year's offset.
    fn of_relative_year(&self, i: usize) -> Option<i32> {
        let w = self.w;
        if !(w.is(i, "of") && w.is(i + 2, "year")) {
            return None;
        }
        match w.get(i + 1) {
            "last" => Some(-1),
            "this" => Some(0),
            "next" => Some(1),
            _ => None,
        }
    }

    /// A month and day in the year nearest the reference (`XXXX-12-07` without one); `None`
    /// if no year has that day.
    fn month_day_value(&self, m: u32, day: u32) -> Option<String> {
        Some(match self.nearest_year(m, day) {
            Some(y) => Date::new(y, m, day)?.iso(),
            None => format!("XXXX-{m:02}-{day:02}"),
        })
    }

    fn month_value(&self, m: u32, year: Option<i32>) -> String {
        match year {
            Some(y) => format!("{y:04}-{m:02}"),
            None => format!("XXXX-{m:02}"),
        }
    }

    /// `7 December 2021`, `13 December`.
    fn day_month(&self, i: usize) -> Option<Timex> {
        let w = self.w;
        let day = day_number(w.get(i))?;
        let m = self.month_at(i + 1)?;
        match year_number(w.get(i + 2)) {
            Some(year) => found(i, i + 3, Kind::Date, Date::new(year, m, day)?.iso()),
            None => found(i, i + 2, Kind::Date, self.month_day_value(m, day)?),
        }
    }

    /// `the 1990s`, `1980s`: TIMEX3 writes a decade as its first three digits (`199`).
    fn decade(&self, i: usize) -> Option<Timex> {
        let j = if self.w.is(i, "the") { i + 1 } else { i };
        let digits = decade_digits(self.w.get(j))?;
        found(i, j + 1, Kind::Date, digits.to_string())
    }

    /// One hyphenated token: `mid-1980s`, `mid-1987`, `mid-March`, `late-1986`.
    fn hyphen_position(&self, i: usize) -> Option<Timex> {
        let word = self.w.get(i);
        let (prefix, rest) = split_at_byte(word, b'-')?;
        let modifier = match prefix {
            "early" => "START",
            "mid" => "MID",
            "late" => "END",
            _ => return None,
        };
        let value = if let Some(digits) = decade_digits(rest) {
            digits.to_string()
        } else if let Some(year) = year_number(rest) {
            year.to_string()
        } else {
            let m = month(rest)?;
            self.month_value(m, self.nearest_year(m, 1))
        };
        Some(Timex {
            modifier: Some(modifier),
            ..found(i, i + 1, Kind::Date, value)?
        })
    }

    /// `Q3 2021`, `the first quarter of 1987`, `fourth-quarter`, `the second half`.
    fn quarter(&self, i: usize) -> Option<Timex> {
        let w = self.w;
        let j = if w.is(i, "the") { i + 1 } else { i };
        let word = w.get(j);
        let (letter, n, next) = if let Some(q) = word.strip_prefix('q').filter(|q| q.len() == 1) {
            (
                'Q',
                q.parse::<u32>().ok().filter(|q| (1..=4).contains(q))?,
                j + 1,
            )
        } else if let Some((ord, noun)) = split_at_byte(word, b'-') {
            // The noun first, as below.
            let (letter, most) = match noun {
                "quarter" => ('Q', 4),
                "half" => ('H', 2),
                _ => return None,
            };
            (letter, ordinal(ord).filter(|&n| n <= most)?, j + 1)
        } else {
            // The noun first: most words tried are no ordinal, and ordinal words are searched
            // one by one.
            if !matches!(w.get(j + 1), "quarter" | "half") {
                return None;
            }
            let n = ordinal(word)?;
            match w.get(j + 1) {
                "quarter" if n <= 4 => ('Q', n, j + 2),
                "half" if n <= 2 => ('H', n, j + 2),
                _ => return None,
            }
        };
        let (year, end) = if w.is(next, "of") {
            // `the first quarter of 1987`, `of fiscal 1986`.
            let at = if w.is(next + 1, "fiscal") {
                next + 2
            } else {
                next + 1
            };
            match year_number(w.get(at)) {
                Some(y) => (Some(y), at + 1),
                None => (None, next),
            }
        } else {
            match year_number(w.get(next)) {
                Some(y) => (Some(y), next + 1),
                None => (None, next),
            }
        };
        let year = year.or_else(|| self.today().map(|d| d.year));
        let value = match year {
            Some(y) => format!("{y:04}-{letter}{n}"),
            None => format!("XXXX-{letter}{n}"),
        };
        found(i, end, Kind::Date, value)
    }

    /// `in 1986`, `1987`: four digits from 1900 to 2099 that are not an amount.
    fn year(&self, i: usize) -> Option<Timex> {
        let w = self.w;
        if w.kind(i) != Some(TokenKind::Number) {
            return None;
        }
        let year = year_number(w.get(i)).filter(|y| (1900..=2099).contains(y))?;
        let amount_after = matches!(
            w.get(i + 1),
            "%" | "pct" | "percent" | "dlrs" | "dollars" | "tonnes" | "barrels" | "people"
        );
        let amount_before = i > 0 && w.kind(i - 1) == Some(TokenKind::Symbol);
        if amount_after || amount_before {
            return None;
        }
        found(i, i + 1, Kind::Date, year.to_string())
    }

    /// `last week`, `this month`, `next year`, `last Thursday`, `last December`, `this
    /// morning`, `last night`; and the durations `the past two weeks`, `the next few days`,
    /// `the coming year`.
    fn relative(&self, i: usize) -> Option<Timex> {
        let w = self.w;
        let the = w.is(i, "the");
        let j = if the { i + 1 } else { i };
        let direction: i32 = match w.get(j) {
            "last" | "past" | "previous" => -1,
            "this" | "current" => 0,
            "next" | "coming" => 1,
            _ => return None,
        };
        // A count: `the past two weeks`, `last 10 days`, `the next few months`.
        if direction != 0 {
            if let Some((count, unit, end)) = self.count_and_unit(j + 1) {
                return found(i, end, Kind::Duration, duration_value(count, unit));
            }
        }
        // `the previous five years` counts back from the reference; `the previous year` and
        // `previous Thursday` count from an event.
        if w.is(j, "previous") {
            return None;
        }
        let unit_word = w.get(j + 1);
        if the && direction != 0 {
            // `the past week` is a week-long duration; `the coming weeks` an unknown number.
            let (unit, plural) = time_unit(unit_word)?;
            // `the next day` counts from an event, not from the reference: there is no value
            // to give it.
            if !plural && unit == Unit::Day {
                return None;
            }
            let count = (!plural).then_some(1.0);
            return found(i, j + 2, Kind::Duration, duration_value(count, unit));
        }
        let today = self.today();
        let end = j + 2;
        let date = |value: Option<String>, unknown: &str| {
            found(
                i,
                end,
                Kind::Date,
                value.unwrap_or_else(|| unknown.to_string()),
            )
        };
        let dir = i64::from(direction);
        match unit_word {
            "week" => date(
                today.map(|d| d.add_days(7 * dir).iso_week_string()),
                "XXXX-WXX",
            ),
            "weekend" => date(
                today.map(|d| format!("{}-WE", d.add_days(7 * dir).iso_week_string())),
                "XXXX-WXX-WE",
            ),
            "month" => date(
                today.map(|d| {
                    let (y, m) = add_months(d.year, d.month, direction);
                    format!("{y:04}-{m:02}")
                }),
                "XXXX-XX",
            ),
            "year" => date(today.map(|d| format!("{:04}", d.year + direction)), "XXXX"),
            "quarter" => date(
                today.map(|d| {
                    let (y, m) = add_months(d.year, d.month, 3 * direction);
                    format!("{y:04}-Q{}", (m - 1) / 3 + 1)
                }),
                "XXXX-QX",
            ),
            "decade" => date(
                today.map(|d| format!("{:03}", d.year / 10 + direction)),
                "XXX",
            ),
            "century" => date(
                today.map(|d| format!("{:02}", d.year / 100 + direction)),
                "XX",
            ),
            word => {
                if let Some(part) = part_of_day(word) {
                    // `this morning`, `last night`; `next morning` is not a fixed day.
                    let shift = match (direction, part) {
                        (0, _) => 0,
                        (-1, "NI" | "EV") => -1,
                        _ => return None,
                    };
                    let (_, day) = self.day(today.map(|d| d.add_days(shift)), "XXXX-XX-XX");
                    return found(i, end, Kind::Time, format!("{day}T{part}"));
                }
                if let Some(n) = weekday(word) {
                    let value = today.map(|d| {
                        let diff = i64::from(n) - i64::from(d.weekday());
                        let shift = match direction {
                            -1 => -(-diff - 1).rem_euclid(7) - 1,
                            1 => (diff - 1).rem_euclid(7) + 1,
                            _ => diff,
                        };
                        d.add_days(shift).iso()
                    });
                    return date(value, &format!("XXXX-WXX-{n}"));
                }
                if let Some(season) = season(word) {
                    // `this summer`, `last winter`: the season of the year before or after.
                    return date(
                        today.map(|d| format!("{:04}-{season}", d.year + direction)),
                        &format!("XXXX-{season}"),
                    );
                }
                let m = self.month_at(j + 1)?;
                let year = today.map(|d| {
                    let (ref_index, index) = (d.year * 12 + d.month as i32, d.year * 12 + m as i32);
                    match direction {
                        -1 if index >= ref_index => d.year - 1,
                        1 if index <= ref_index => d.year + 1,
                        _ => d.year,
                    }
                });
                found(i, end, Kind::Date, self.month_value(m, year))
            }
        }
    }

    /// `today`, `yesterday`, `tomorrow`, `tonight`, `yesterday morning`.
    fn deictic(&self, i: usize) -> Option<Timex> {
        let w = self.w;
        let today = self.today();
        if w.is(i, "tonight") {
            let (_, day) = self.day(today, "XXXX-XX-XX");
            return found(i, i + 1, Kind::Time, format!("{day}TNI"));
        }
        let (date, day) = match w.get(i) {
            "today" => match today {
                Some(d) => (Some(d), d.iso()),
                None => (None, "PRESENT_REF".to_string()),
            },
            "yesterday" => self.day(today.map(|d| d.add_days(-1)), "XXXX-XX-XX"),
            "tomorrow" => self.day(today.map(|d| d.add_days(1)), "XXXX-XX-XX"),
            _ => return None,
        };
        if let Some(part) = part_of_day(w.get(i + 1)) {
            let day = date.map_or_else(|| "XXXX-XX-XX".to_string(), Date::iso);
            return found(i, i + 2, Kind::Time, format!("{day}T{part}"));
        }
        found(i, i + 1, Kind::Date, day)
    }

    /// Holidays on fixed dates: `Christmas`, `Christmas Eve`, `Christmas Day`, `Boxing Day`,
    /// `New Year's Eve`, `New Year's Day`, in the year nearest the reference. A capitalized word
    /// after a bare `Christmas` makes it a name (`Christmas Island`).
    fn holiday(&self, i: usize) -> Option<Timex> {
        let w = self.w;
        if !w.capitalized(i) {
            return None;
        }
        let ((month, day), end) = match (w.get(i), w.get(i + 1), w.get(i + 2), w.get(i + 3)) {
            ("christmas", "eve", _, _) => ((12, 24), i + 2),
            ("christmas", "day", _, _) => ((12, 25), i + 2),
            ("christmas", _, _, _) if !w.capitalized(i + 1) => ((12, 25), i + 1),
            ("boxing", "day", _, _) => ((12, 26), i + 2),
            ("new", "year", "'s" | "’s", "eve") => ((12, 31), i + 4),
            ("new", "year", "'s" | "’s", "day") => ((1, 1), i + 4),
            _ => return None,
        };
        found(i, end, Kind::Date, self.month_day_value(month, day)?)
    }

    /// `the weekend`: the coming one when a forward cue precedes it or the reference is
    /// Thursday to Sunday, else the one just past.
    fn the_weekend(&self, i: usize) -> Option<Timex> {
        if !(self.w.is(i, "the") && self.w.is(i + 1, "weekend")) {
            return None;
        }
        let value = match self.today() {
            Some(d) => {
                let coming = d.weekday() >= 4 || forward_cue(self.w, i);
                let week = d.add_days(if coming { 0 } else { -7 });
                format!("{}-WE", week.iso_week_string())
            }
            None => "XXXX-WXX-WE".into(),
        };
        found(i, i + 2, Kind::Date, value)
    }

    /// `Thursday`, `Monday night`.
    fn weekday(&self, i: usize) -> Option<Timex> {
        let n = self.weekday_at(i)?;
        let (_, day) = self.weekday_day(n, i);
        if let Some(part) = part_of_day(self.w.get(i + 1)) {
            return found(i, i + 2, Kind::Time, format!("{day}T{part}"));
        }
        found(i, i + 1, Kind::Date, day)
    }

    /// A count and a unit: `50 minutes`, `two years`, `a few days`, `several weeks`; the count
    /// is `None` when the text does not say it.
    fn count_and_unit(&self, i: usize) -> Option<(Option<f64>, Unit, usize)> {
        let w = self.w;
        let (count, next) = match w.get(i) {
            "few" | "several" => (None, i + 1),
            "a" if w.is(i + 1, "few") => (None, i + 2),
            "half" if matches!(w.get(i + 1), "a" | "an") => (Some(0.5), i + 2),
            _ => {
                let n = number_at(w, i)?;
                // `two and a half weeks`.
                if w.is(n.end, "and") && w.is(n.end + 1, "a") && w.is(n.end + 2, "half") {
                    (Some(n.value + 0.5), n.end + 3)
                } else {
                    (Some(n.value), n.end)
                }
            }
        };
        let (unit, _) = time_unit(w.get(next))?;
        Some((count, unit, next + 1))
    }

    /// `50 minutes`, `three-day`, `a year` after a preposition, `20 years ago` (a date).
    fn duration(&self, i: usize) -> Option<Timex> {
        let w = self.w;
        let (count, unit, end) = if let Some(found) = self.count_and_unit(i) {
            found
        } else if matches!(w.get(i), "a" | "an") {
            // `a year` is a duration after a preposition or before `ago`/`later`; in `$50,000
            // a year` it is a rate, which this stage does not annotate. `a second` is nearly
            // always the ordinal (`for a second time`).
            let (unit, false) = time_unit(w.get(i + 1))? else {
                return None;
            };
            if unit == Unit::Second {
                return None;
            }
            let before = if i == 0 { "" } else { w.get(i - 1) };
            let cued = matches!(
                before,
                "for"
                    | "within"
                    | "in"
                    | "about"
                    | "around"
                    | "nearly"
                    | "almost"
                    | "than"
                    | "under"
                    | "only"
                    | "just"
                    | "least"
                    | "over"
                    | "roughly"
            ) || matches!(
                w.get(i + 2),
                "ago" | "later" | "earlier" | "before" | "after"
            );
            if !cued {
                return None;
            }
            (Some(1.0), unit, i + 2)
        } else {
            // `three-day`, `30-year`, `48-hour`: one token, count and singular unit.
            let (number, unit) = split_at_byte(w.get(i), b'-')?;
            let count =
                number_word(number).or_else(|| parse_digits(number).map(|d| d.scaled(1.0)))?;
            let (unit, false) = time_unit(unit)? else {
                return None;
            };
            return found(i, i + 1, Kind::Duration, duration_value(Some(count), unit));
        };
        if w.is(end, "ago") {
            if let Some(t) = self.ago(i, end + 1, count, unit) {
                return Some(t);
            }
        }
        found(i, end, Kind::Duration, duration_value(count, unit))
    }

    /// `20 years ago`: the date that far before the reference, as precise as the unit.
    fn ago(&self, start: usize, end: usize, count: Option<f64>, unit: Unit) -> Option<Timex> {
        let Some(today) = self.today() else {
            return found(start, end, Kind::Date, "PAST_REF".into());
        };
        let n = count.filter(|c| c.fract() == 0.0 && *c < 10_000.0)? as i32;
        let value = match unit {
            Unit::Day => today.add_days(-i64::from(n)).iso(),
            Unit::Week => today.add_days(-7 * i64::from(n)).iso_week_string(),
            Unit::Fortnight => today.add_days(-14 * i64::from(n)).iso_week_string(),
            Unit::Month => {
                let (y, m) = add_months(today.year, today.month, -n);
                format!("{y:04}-{m:02}")
            }
            Unit::Year => format!("{:04}", today.year - n),
            Unit::Decade => format!("{:03}", today.year / 10 - n),
            Unit::Century => format!("{:02}", today.year / 100 - n),
            Unit::Second | Unit::Minute | Unit::Hour => return None,
        };
        found(start, end, Kind::Date, value)
    }

    /// `every Monday`, `each year`, `every two years`, `every other week`, `weekly`, `daily`.
    fn set(&self, i: usize) -> Option<Timex> {
        let w = self.w;
        let value = match w.get(i) {
            "daily" => "P1D",
            "weekly" => "P1W",
            "fortnightly" => "P2W",
            "monthly" => "P1M",
            "quarterly" => "P3M",
            "annually" | "yearly" => "P1Y",
            "hourly" => "PT1H",
            "every" | "each" => {
                let next = w.get(i + 1);
                if let Some(n) = weekday(next) {
                    return found(i, i + 2, Kind::Set, format!("XXXX-WXX-{n}"));
                }
                if let Some((unit, false)) = time_unit(next) {
                    return found(i, i + 2, Kind::Set, duration_value(Some(1.0), unit));
                }
                if next == "other" {
                    let (unit, false) = time_unit(w.get(i + 2))? else {
                        return None;
                    };
                    return found(i, i + 3, Kind::Set, duration_value(Some(2.0), unit));
                }
                let (count, unit, end) = self.count_and_unit(i + 1)?;
                return found(i, end, Kind::Set, duration_value(count, unit));
            }
            _ => return None,
        };
        found(i, i + 1, Kind::Set, value.to_string())
    }
}
