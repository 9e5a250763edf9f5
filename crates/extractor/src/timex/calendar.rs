//! Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), ISO weeks,
//! time-zone abbreviations and US daylight-saving rules: all a timex needs, without a library.

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The date if it exists (`Feb 30` does not).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        (year.abs() < 100_000
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of a day number (Hinnant's `civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday.
        ((self.days() + 3).rem_euclid(7) + 1) as u32
    }

    /// The ISO 8601 week `(week-year, week)`: weeks start on Monday and week 1 holds the
    /// year's first Thursday.
    pub fn iso_week(self) -> (i32, u32) {
        let thursday = self.add_days(4 - i64::from(self.weekday()));
        let jan1 = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = (thursday.days() - jan1.days()) / 7 + 1;
        (thursday.year, week as u32)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `YYYY-Www` of the week holding this date.
    pub fn iso_week_string(self) -> String {
        let (year, week) = self.iso_week();
        format!("{year:04}-W{week:02}")
    }
}

pub fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// `(year, month)` moved by `n` months.
pub fn add_months(year: i32, month: u32, n: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + n;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// The `n`th (1-based) given weekday of a month; `n = 0` means the last one.
fn nth_weekday(year: i32, month: u32, weekday: u32, n: u32) -> Date {
    if n == 0 {
        let last = Date {
            year,
            month,
            day: days_in_month(year, month),
        };
        let back = (i64::from(last.weekday()) - i64::from(weekday)).rem_euclid(7);
        return last.add_days(-back);
    }
    let first = Date {
        year,
        month,
        day: 1,
    };
    let ahead = (i64::from(weekday) - i64::from(first.weekday())).rem_euclid(7);
    first.add_days(ahead + 7 * i64::from(n - 1))
}

/// Whether US daylight-saving time is in effect on this (local) date, by the rules of its
/// year: since 2007 the second Sunday of March to the first Sunday of November; 1987–2006 the
/// first Sunday of April to the last Sunday of October; before that the last Sunday of April.
/// The switch happens at 2 a.m.; a date is counted by the rule that holds for most of the day.
pub fn us_dst(date: Date) -> bool {
    let (start, end) = if date.year >= 2007 {
        (
            nth_weekday(date.year, 3, 7, 2),
            nth_weekday(date.year, 11, 7, 1),
        )
    } else if date.year >= 1987 {
        (
            nth_weekday(date.year, 4, 7, 1),
            nth_weekday(date.year, 10, 7, 0),
        )
    } else {
        (
            nth_weekday(date.year, 4, 7, 0),
            nth_weekday(date.year, 10, 7, 0),
        )
    };
    date >= start && date < end
}

/// A time zone as news writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// A fixed offset from UTC in minutes (`GMT`, `AEDT`, `EST`: the abbreviation says which).
    Fixed(i32),
    /// A US zone named without saying standard or daylight time (`ET`): standard offset in
    /// minutes, one hour more under daylight-saving time.
    UsGeneric(i32),
}

impl Zone {
    /// The zone of an abbreviation as written (upper case), or of `+HH:MM` / `-HH:MM`.
    pub fn parse(name: &str) -> Option<Zone> {
        let fixed = |h: i32, m: i32| Some(Zone::Fixed(h * 60 + m));
        match name {
            "UTC" | "GMT" | "UT" | "Z" | "WET" => fixed(0, 0),
            "ET" => Some(Zone::UsGeneric(-5 * 60)),
            "CT" => Some(Zone::UsGeneric(-6 * 60)),
            "MT" => Some(Zone::UsGeneric(-7 * 60)),
            "PT" => Some(Zone::UsGeneric(-8 * 60)),
            "EST" => fixed(-5, 0),
            "EDT" => fixed(-4, 0),
            "CST" => fixed(-6, 0),
            "CDT" => fixed(-5, 0),
            "MST" => fixed(-7, 0),
            "MDT" => fixed(-6, 0),
            "PST" => fixed(-8, 0),
            "PDT" => fixed(-7, 0),
            "BST" | "CET" | "WEST" => fixed(1, 0),
            "CEST" | "EET" | "SAST" => fixed(2, 0),
            "EEST" | "MSK" => fixed(3, 0),
            "IST" => fixed(5, 30),
            "WIB" | "ICT" => fixed(7, 0),
            "AWST" | "HKT" | "SGT" | "PHT" | "WITA" => fixed(8, 0),
            "JST" | "KST" => fixed(9, 0),
            "ACST" => fixed(9, 30),
            "AEST" => fixed(10, 0),
            "ACDT" => fixed(10, 30),
            "AEDT" => fixed(11, 0),
            "NZST" => fixed(12, 0),
            "NZDT" => fixed(13, 0),
            _ => parse_offset(name).map(Zone::Fixed),
        }
    }

    /// The offset from UTC in minutes on a date; US generic zones without a date count as
    /// standard time.
    pub fn offset(self, date: Option<Date>) -> i32 {
        match self {
            Zone::Fixed(minutes) => minutes,
            Zone::UsGeneric(standard) => standard + 60 * i32::from(date.is_some_and(us_dst)),
        }
    }
}

/// Minutes of a `+HH:MM` / `-HH:MM` offset.
pub fn parse_offset(s: &str) -> Option<i32> {
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = s[1..].split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

/// An offset as ISO 8601 writes it: `Z` for UTC, else `+HH:MM` / `-HH:MM`.
pub fn format_offset(minutes: i32) -> String {
    if minutes == 0 {
        return "Z".into();
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// The reference a document's relative expressions resolve against: the date of its
/// `published` field (or another), and the UTC offset if the field gave a time with one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    pub date: Date,
    pub offset: Option<i32>,
}

impl Reference {
    /// `2021-12-30`, or RFC 3339 `1987-02-26T17:00:56Z` / `…+01:00` (the date is the one
    /// written, in the writer's zone).
    pub fn parse(s: &str) -> Option<Reference> {
        let s = s.trim();
        let date_part = s.get(..10)?;
        let b = date_part.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let date = Date::new(
            date_part[..4].parse().ok()?,
            date_part[5..7].parse().ok()?,
            date_part[8..10].parse().ok()?,
        )?;
        let rest = &s[10..];
        if rest.is_empty() {
            return Some(Reference { date, offset: None });
        }
        if !matches!(rest.as_bytes()[0], b'T' | b't' | b' ') {
            return None;
        }
        let offset = if rest.ends_with(['Z', 'z']) {
            Some(0)
        } else {
            rest.get(rest.len().saturating_sub(6)..)
                .and_then(parse_offset)
        };
        Some(Reference { date, offset })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(d(1970, 1, 1).days(), 0);
        assert_eq!(d(2000, 3, 1).days(), 11_017);
        for n in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days(n).days(), n);
        }
        assert_eq!(Date::new(2021, 2, 29), None);
        assert_eq!(Date::new(2020, 2, 29), Some(d(2020, 2, 29)));
    }

    #[test]
    fn weekdays_and_iso_weeks() {
        assert_eq!(d(2021, 12, 30).weekday(), 4); // Thursday
        assert_eq!(d(1987, 2, 26).weekday(), 4);
        assert_eq!(d(2021, 12, 30).iso_week(), (2021, 52));
        assert_eq!(d(2021, 1, 3).iso_week(), (2020, 53));
        assert_eq!(d(2024, 12, 30).iso_week(), (2025, 1));
        assert_eq!(add_months(2021, 12, 1), (2022, 1));
        assert_eq!(add_months(2022, 1, -1), (2021, 12));
    }

    #[test]
    fn us_daylight_saving_by_era() {
        assert!(!us_dst(d(2021, 12, 30)));
        assert!(us_dst(d(2021, 3, 14)) && !us_dst(d(2021, 3, 13)));
        assert!(us_dst(d(2021, 11, 6)) && !us_dst(d(2021, 11, 7)));
        assert!(!us_dst(d(1987, 4, 4)) && us_dst(d(1987, 4, 5)));
        assert!(us_dst(d(1986, 4, 27)) && !us_dst(d(1986, 4, 26)));
        let et = Zone::parse("ET").unwrap();
        assert_eq!(et.offset(Some(d(2021, 12, 30))), -300);
        assert_eq!(et.offset(Some(d(2021, 7, 4))), -240);
        assert_eq!(Zone::parse("CDT"), Some(Zone::Fixed(-300)));
        assert_eq!(Zone::parse("PST"), Some(Zone::Fixed(-480)));
        assert_eq!(Zone::parse("+05:30"), Some(Zone::Fixed(330)));
        assert_eq!(format_offset(-300), "-05:00");
        assert_eq!(format_offset(0), "Z");
    }

    #[test]
    fn references() {
        assert_eq!(
            Reference::parse("2021-12-30"),
            Some(Reference {
                date: d(2021, 12, 30),
                offset: None
            })
        );
        assert_eq!(
            Reference::parse("1987-02-26T17:00:56Z").unwrap().offset,
            Some(0)
        );
        assert_eq!(
            Reference::parse("1987-02-26T17:00:56-05:00")
                .unwrap()
                .offset,
            Some(-300)
        );
        for bad in [
            "",
            "2021",
            "2021-13-01",
            "next week",
            "2021-12-30x",
            "é2021-12-30",
        ] {
            assert_eq!(Reference::parse(bad), None, "{bad}");
        }
    }
}
