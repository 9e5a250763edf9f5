//! Numbers as news writes them, shared by `extract.timexes` (durations) and
//! `extract.quantities`: digits with grouping commas and decimals (`100,000`, `1.50`), scale
//! words (`1.5 billion`, `15.8 mln`), stock-price fractions (`5-1/2`, `3 1/2`), number words (`fifty`, `twenty-one`, `a hundred`,
//! `two dozen`, `half a million`) and ordinals (`third`, `21st`).

use newsprint_core::TokenKind;

use std::sync::LazyLock;

use crate::words::{split_at_byte, WordTable, Words};

/// A number written in digits as a decimal: `mantissa / 10^decimals`, kept apart so that
/// scaling (`2.3` × 10⁶) is exact: `23 × 10⁶ / 10`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Decimal {
    pub mantissa: f64,
    pub decimals: i32,
}

impl Decimal {
    pub fn scaled(self, scale: f64) -> f64 {
        self.mantissa * scale / 10f64.powi(self.decimals)
    }
}

/// `100,000`, `1,500.25`, `16.00`, `.5`: digits, grouping commas (three digits after each)
/// and at most one decimal point. Times (`3:35`), dates (`12/07/2021`) and ranges are not
/// numbers.
pub(crate) fn parse_digits(s: &str) -> Option<Decimal> {
    let bytes = s.as_bytes();
    if bytes.is_empty() || bytes.len() > 18 {
        return None;
    }
    let (mut mantissa, mut decimals, mut in_fraction) = (0u64, 0i32, false);
    let mut digits_since_comma: Option<u32> = None;
    let mut any_digit = false;
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                any_digit = true;
                if in_fraction {
                    decimals += 1;
                }
                if let Some(n) = digits_since_comma.as_mut() {
                    *n += 1;
                }
            }
            b',' if !in_fraction && any_digit && digits_since_comma.is_none_or(|n| n == 3) => {
                digits_since_comma = Some(0)
            }
            b'.' if !in_fraction && digits_since_comma.is_none_or(|n| n == 3) => {
                in_fraction = true;
                digits_since_comma = None;
            }
            _ => return None,
        }
    }
    let ends_well = !matches!(bytes[bytes.len() - 1], b',' | b'.');
    (any_digit && ends_well && digits_since_comma.is_none_or(|n| n == 3)).then_some(Decimal {
        mantissa: mantissa as f64,
        decimals,
    })
}

/// A stock-price fraction: `1/8`, `5-1/2`, `11-5/8`. Only halves to sixty-fourths, so that
/// `1986/87` (a fiscal year) and `24/7` are not fractions.
pub(crate) fn parse_fraction(s: &str) -> Option<f64> {
    // Digits or a point come first in both forms: a cheap test for the many words tried.
    if !matches!(s.as_bytes().first(), Some(b'0'..=b'9' | b'.')) {
        return None;
    }
    let (whole, fraction) = match split_at_byte(s, b'-') {
        Some((whole, fraction)) => (parse_digits(whole)?.scaled(1.0), fraction),
        None => (0.0, s),
    };
    let (numerator, denominator) = split_at_byte(fraction, b'/')?;
    let all_digits =
        |t: &str| !t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(numerator) || !all_digits(denominator) {
        return None;
    }
    let (n, d): (u32, u32) = (numerator.parse().ok()?, denominator.parse().ok()?);
    (matches!(d, 2 | 4 | 8 | 16 | 32 | 64) && n < d).then(|| whole + f64::from(n) / f64::from(d))
}

/// A number phrase found at some token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct NumberPhrase {
    pub value: f64,
    /// The token after the phrase.
    pub end: usize,
}

/// Scale words and their multipliers (`million`, Reuters' `mln`).
pub(crate) const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("mln", 1e6),
    ("mn", 1e6),
    ("millions", 1e6),
    ("billion", 1e9),
    ("bln", 1e9),
    ("bn", 1e9),
    ("billions", 1e9),
    ("trillion", 1e12),
    ("trillions", 1e12),
    ("dozen", 12.0),
];

/// The multiplier of a scale word.
#[inline]
pub(crate) fn scale(word: &str) -> Option<f64> {
    static VALUES: LazyLock<WordTable<f64>> =
        LazyLock::new(|| WordTable::new(SCALES.iter().copied()));
    VALUES.get(word.as_bytes())
}

/// Number words and their values; hyphenated ones (`twenty-one`) are built from them.
pub(crate) const NUMBER_WORDS: &[(&str, u32)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

/// The value of a number word: `zero` … `nineteen`, the tens, and hyphenated `twenty-one`.
pub(crate) fn number_word(word: &str) -> Option<f64> {
    static VALUES: LazyLock<WordTable<u32>> =
        LazyLock::new(|| WordTable::new(NUMBER_WORDS.iter().copied()));
    let simple = |w: &str| VALUES.get(w.as_bytes());
    if let Some((tens, unit)) = split_at_byte(word, b'-') {
        let (t, u) = (simple(tens)?, simple(unit)?);
        return (t >= 20 && t % 10 == 0 && (1..=9).contains(&u)).then_some(f64::from(t + u));
    }
    simple(word).map(f64::from)
}

/// The number phrase starting at token `i`: digits with optional scale words (`1.5 billion`,
/// `15.8 mln`), or number words combined the usual way (`three hundred and fifty`,
/// `two dozen`, `a hundred`, `half a million`). A lone `a` is not a number.
pub(crate) fn number_at(w: &Words, i: usize) -> Option<NumberPhrase> {
    let first = w.get(i);
    if w.kind(i) == Some(TokenKind::Number) {
        let Some(decimal) = parse_digits(first) else {
            let value = parse_fraction(first)?;
            return Some(NumberPhrase { value, end: i + 1 });
        };
        // `3 1/2`.
        if let Some(fraction) = parse_fraction(w.get(i + 1)).filter(|f| *f < 1.0) {
            return Some(NumberPhrase {
                value: decimal.scaled(1.0) + fraction,
                end: i + 2,
            });
        }
        let mut factor = 1.0;
        let mut end = i + 1;
        while let Some(s) = scale(w.get(end)) {
            factor *= s;
            end += 1;
        }
        return Some(NumberPhrase {
            value: decimal.scaled(factor),
            end,
        });
    }
    // `half a million`, `half a dozen`.
    if first == "half" && matches!(w.get(i + 1), "a" | "an") {
        let s = scale(w.get(i + 2))?;
        return Some(NumberPhrase {
            value: s / 2.0,
            end: i + 3,
        });
    }
    let (mut total, mut current, mut end) = (0.0, 0.0, i);
    if matches!(first, "a" | "an") {
        scale(w.get(i + 1))?;
        current = 1.0;
        end = i + 1;
    }
    loop {
        let word = if end == i { first } else { w.get(end) };
        if let Some(n) = number_word(word) {
            // `twenty five` is a number, `five twenty` is two.
            if current % 100.0 != 0.0
                && !(current % 100.0 >= 20.0 && n < 10.0 && current % 10.0 == 0.0)
            {
                break;
            }
            current += n;
        } else if end == i {
            // A scale word (`hundred`) is no number on its own, nor is anything else here.
            return None;
        } else if let Some(s) = scale(word) {
            if s >= 1e3 {
                total += current.max(1.0) * s;
                current = 0.0;
            } else {
                current = current.max(1.0) * s;
            }
        } else if word == "and"
            && scale(w.get(end - 1)).is_some()
            && number_word(w.get(end + 1)).is_some()
        {
            // `three hundred and fifty`: `and` only between a scale and a number word.
        } else {
            break;
        }
        end += 1;
    }
    (end > i).then_some(NumberPhrase {
        value: total + current,
        end,
    })
}

/// Ordinal words and their values; hyphenated ones (`twenty-first`) are built from them.
pub(crate) const ORDINAL_WORDS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
    ("fortieth", 40),
    ("fiftieth", 50),
    ("sixtieth", 60),
    ("seventieth", 70),
    ("eightieth", 80),
    ("ninetieth", 90),
    ("hundredth", 100),
    ("thousandth", 1000),
];

/// An ordinal word or numeral: `first` … `twentieth`, `thirtieth` …, `twenty-first`, `hundredth`,
/// `1st`, `22nd`, `103rd`, `7th`.
pub(crate) fn ordinal(word: &str) -> Option<u32> {
    if let Some(digits) = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
    {
        if !digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return digits.parse().ok();
        }
    }
    static VALUES: LazyLock<WordTable<u32>> =
        LazyLock::new(|| WordTable::new(ORDINAL_WORDS.iter().copied()));
    let simple = |w: &str| VALUES.get(w.as_bytes());
    if let Some((tens, unit)) = split_at_byte(word, b'-') {
        let t = number_word(tens)? as u32;
        let u = simple(unit)?;
        return (t >= 20 && t % 10 == 0 && u < 10).then_some(t + u);
    }
    simple(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(text: &str) -> Option<(f64, usize)> {
        let mut tokens = Vec::new();
        newsprint_tokenizer::tokenize(text, &mut tokens);
        let w = Words::new(text, &tokens);
        number_at(&w, 0).map(|p| (p.value, p.end))
    }

    #[test]
    fn digits() {
        let v = |s| parse_digits(s).map(|d| d.scaled(1.0));
        assert_eq!(v("100,000"), Some(100_000.0));
        assert_eq!(v("1,500.25"), Some(1500.25));
        assert_eq!(v("16.00"), Some(16.0));
        assert_eq!(v(".5"), Some(0.5));
        for bad in [
            "3:35",
            "12/07/2021",
            "1,00",
            "1.2.3",
            "1,",
            "",
            ",100",
            "2021-12-07",
        ] {
            assert_eq!(parse_digits(bad), None, "{bad}");
        }
        assert_eq!(parse_digits("2.3").unwrap().scaled(1e6), 2_300_000.0);
    }

    #[test]
    fn phrases() {
        assert_eq!(phrase("1.5 billion dollars"), Some((1.5e9, 2)));
        assert_eq!(phrase("15.8 mln bpd"), Some((15.8e6, 2)));
        assert_eq!(phrase("two dozen militants"), Some((24.0, 2)));
        assert_eq!(phrase("half a million people"), Some((500_000.0, 3)));
        assert_eq!(phrase("a hundred years"), Some((100.0, 2)));
        assert_eq!(phrase("twenty-one guns"), Some((21.0, 1)));
        assert_eq!(phrase("fifty"), Some((50.0, 1)));
        assert_eq!(phrase("three hundred and fifty men"), Some((350.0, 4)));
        assert_eq!(phrase("twenty five"), Some((25.0, 2)));
        assert_eq!(phrase("one two"), Some((1.0, 1)));
        assert_eq!(
            phrase("two million three hundred thousand"),
            Some((2_300_000.0, 5))
        );
        assert_eq!(phrase("a man"), None);
        assert_eq!(phrase("million"), None);
        assert_eq!(phrase("and five"), None);
        assert_eq!(phrase("11-5/8 dlrs"), Some((11.625, 1)));
        assert_eq!(phrase("3 1/2 hours"), Some((3.5, 2)));
        assert_eq!(phrase("1/8 pct"), Some((0.125, 1)));
        assert_eq!(phrase("1986/87 budget"), None);
        assert_eq!(phrase("15-18 dlrs"), None);
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal("third"), Some(3));
        assert_eq!(ordinal("21st"), Some(21));
        assert_eq!(ordinal("twenty-first"), Some(21));
        assert_eq!(ordinal("hundredth"), Some(100));
        assert_eq!(ordinal("st"), None);
        assert_eq!(ordinal("first-class"), None);
        assert_eq!(ordinal("east"), None);
    }
}
