//! `detect.language`: the language of an article, as the document value
//! `"language": {"code": "en", "confidence": 0.99}`, by whatlang's trigram and alphabet models.
//!
//! `code` is ISO 639-1 (`en`, `de`, `zh`), or `und` (BCP 47's "undetermined") when the text has
//! no letters to judge by. `confidence` is whatlang's, from 0 to 1: how far the best language
//! leads the second; short texts and close relatives (Danish and Norwegian) score low. A text
//! written in several scripts (Cyrillic with Latin names and an English sentence) is judged by
//! the letters of its main script alone, and the confidence is scaled by that script's share
//! of the letters: a text that is 60 % Cyrillic is not Russian with confidence 1.
//!
//! Only the first `max_bytes` of the text are read: a few paragraphs decide the language of a
//! news article, and whatlang's time grows with the text. Most articles of an English news
//! corpus are decided before whatlang is asked: when English function words (`the`, `of`, `and`
//! …) make up a fifth or more of at least 20 words, the text is English, with a confidence of
//! 0.5 plus that share (at most 0.99). whatlang costs ~0.1 ms (~700 000 instructions) an
//! article whatever its length; this check about ten instructions a byte.
//!
//! Stages that only know English ask [`skip_unless_english`] before doing anything: for an
//! article confidently detected as another language (confidence 0.5 or more, or 0.25 or more
//! in a text of ten words or more without a single English function word) they add nothing to
//! their layer and record why in the `skipped` value (`"skipped": {"keywords": "language
//! de"}`). Below that the detection is a guess, and the stages run: an English one-liner that
//! whatlang calls Dutch with confidence 0.37 keeps its quotes and keywords.

use newsprint_core::swar::{ascii_letters, HIGH_BITS, ONES};
use newsprint_core::{
    parse_params, BuildContext, BuildError, Document, ParamDoc, Stage, StageError,
    StageRegistration,
};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use whatlang::{Lang, Script};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_max_bytes")]
    max_bytes: usize,
}

fn default_max_bytes() -> usize {
    4096
}

newsprint_core::inventory::submit! {
    StageRegistration::new(
        "detect.language",
        "the article's language as an ISO 639-1 code with a confidence (whatlang)",
        newsprint_core::origin!(),
        build,
    )
    .provides(&["language"])
    .params(&[
        ParamDoc::new("max_bytes", "integer", "4096",
            "read at most this many bytes from the start of the text (cut at a char boundary)"),
    ])
}

fn build(table: &toml::Table, _ctx: &BuildContext) -> Result<Box<dyn Stage>, BuildError> {
    let params: Params = parse_params(table)?;
    if params.max_bytes == 0 {
        return Err(BuildError::Invalid("`max_bytes` must be at least 1".into()));
    }
    Ok(Box::new(LanguageDetector {
        max_bytes: params.max_bytes,
    }))
}

/// The built stage.
#[derive(Debug)]
pub struct LanguageDetector {
    max_bytes: usize,
}

impl Default for LanguageDetector {
    fn default() -> Self {
        LanguageDetector {
            max_bytes: default_max_bytes(),
        }
    }
}

impl Stage for LanguageDetector {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let (code, confidence) = detect(head(&doc.text, self.max_bytes));
        doc.set_value(
            "language",
            json!({"code": code, "confidence": round2(confidence)}),
        );
        Ok(())
    }
}

/// The ISO 639-1 code and confidence of a text's language; `("und", 0.0)` when it has no
/// letters whatlang knows.
pub fn detect(text: &str) -> (&'static str, f64) {
    if let Some(confidence) = english_by_function_words(text) {
        return ("en", confidence);
    }
    let Some(info) = whatlang::detect(text) else {
        return ("und", 0.0);
    };
    let (lang, script) = (info.lang(), info.script());
    let in_script = |of: Script| {
        of == script
            || lang == Lang::Jpn
                && matches!(of, Script::Hiragana | Script::Katakana | Script::Mandarin)
    };
    let mut scripts = ScriptOf::default();
    let (mut letters, mut ours) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if let Some(of) = scripts.of(c) {
            letters += 1;
            ours += usize::from(in_script(of));
        }
    }
    if ours == letters {
        return (iso_639_1(lang), info.confidence());
    }
    // Mixed scripts. whatlang judged the script with the most letters, but with the other
    // scripts' letters in its trigrams, and its confidence only compares languages of that
    // script: "В Москве и 北京 говорили о Ukraine’s «мире» 🇺🇦. NATO met in Geneva on
    // Thursday" came back as Dutch with confidence 1. Judge the main script's part alone, and
    // scale the confidence by its share of the letters.
    let part: String = text
        .chars()
        .map(|c| match scripts.of(c) {
            Some(of) if c.is_alphabetic() && !in_script(of) => ' ',
            _ => c,
        })
        .collect();
    let share = ours as f64 / letters as f64;
    match whatlang::detect(&part) {
        Some(info) => (iso_639_1(info.lang()), info.confidence() * share),
        None => (iso_639_1(lang), info.confidence() * share),
    }
}

/// whatlang's script of a char, asked once per run of chars in one block of 16 code points
/// (scripts come in such blocks); ASCII letters are Latin.
#[derive(Default)]
struct ScriptOf {
    last: Option<(u32, Option<Script>)>,
}

impl ScriptOf {
    fn of(&mut self, c: char) -> Option<Script> {
        if c.is_ascii() {
            return c.is_ascii_alphabetic().then_some(Script::Latin);
        }
        let block = c as u32 >> 4;
        match self.last {
            Some((b, of)) if b == block => of,
            _ => {
                let of = whatlang::detect_script(c.encode_utf8(&mut [0; 4]));
                self.last = Some((block, of));
                of
            }
        }
    }
}

/// Frequent English function words that are rare as words of other languages written in Latin
/// letters (so not `die`, `in` or `a`), sorted.
const ENGLISH_FUNCTION_WORDS: [&[u8]; 30] = [
    b"after", b"and", b"are", b"be", b"been", b"but", b"by", b"for", b"from", b"had", b"has",
    b"have", b"he", b"his", b"is", b"it", b"its", b"of", b"on", b"said", b"that", b"the", b"their",
    b"they", b"this", b"to", b"was", b"were", b"which", b"with",
];

/// A word of at most eight ASCII letters as one integer, lower-cased: its bytes in little-endian
/// order, so that a word read from the text as eight bytes and masked to its length is the same.
const fn key(word: &[u8]) -> u64 {
    let mut x = 0u64;
    let mut i = 0;
    while i < word.len() {
        x |= ((word[i] | 0x20) as u64) << (8 * i);
        i += 1;
    }
    x
}

/// [`ENGLISH_FUNCTION_WORDS`] as a perfect hash table: each word's [`key`] in the slot that a
/// multiplicative hash gives it, the multiplier searched for at compile time so that no two
/// words share a slot. A lookup is a multiplication and one comparison.
struct FunctionWordTable {
    multiplier: u64,
    slots: [u64; 1 << FunctionWordTable::BITS],
}

impl FunctionWordTable {
    /// 128 slots for 30 words: a multiplier without collisions turns up within a few tries.
    const BITS: u32 = 7;

    const fn slot(key: u64, multiplier: u64) -> usize {
        (key.wrapping_mul(multiplier) >> (64 - Self::BITS)) as usize
    }

    const fn build() -> Self {
        let mut multiplier = 0x9E37_79B9_7F4A_7C15u64;
        loop {
            let mut slots = [0u64; 1 << Self::BITS];
            let mut i = 0;
            while i < ENGLISH_FUNCTION_WORDS.len() {
                let key = key(ENGLISH_FUNCTION_WORDS[i]);
                let slot = Self::slot(key, multiplier);
                if slots[slot] != 0 {
                    break;
                }
                slots[slot] = key;
                i += 1;
            }
            if i == ENGLISH_FUNCTION_WORDS.len() {
                return FunctionWordTable { multiplier, slots };
            }
            multiplier = multiplier.wrapping_add(0x9E37_79B9_7F4A_2F4A);
        }
    }

    fn contains(&self, key: u64) -> bool {
        self.slots[Self::slot(key, self.multiplier)] == key
    }
}

static FUNCTION_WORD_TABLE: FunctionWordTable = FunctionWordTable::build();

/// The confidence that a text is English when its function words say so plainly, else `None`
/// (too few words, or too few of them English function words: whatlang decides).
fn english_by_function_words(text: &str) -> Option<f64> {
    let (words, hits) = function_words(text);
    (words >= 20 && hits * 5 >= words).then(|| round2((0.5 + hits as f64 / words as f64).min(0.99)))
}

/// How many words `text` has, and how many of them are [`ENGLISH_FUNCTION_WORDS`]. A word is a
/// maximal run of alphabetic chars. Words are counted from a bitmap of the letters, 64 bytes
/// at a time, and only those of at most five letters are looked up: no loop per byte.
fn function_words(text: &str) -> (usize, usize) {
    let letters = letter_bits(text);
    let bytes = text.as_bytes();
    let (mut words, mut hits) = (0usize, 0usize);
    // Whether the last byte of the previous block is part of a letter.
    let mut carry = 0u64;
    for (k, pair) in letters.windows(2).enumerate() {
        let bits = pair[0];
        let starts = bits & !(bits << 1 | carry);
        carry = bits >> 63;
        words += starts.count_ones() as usize;
        // The bytes that are not letters, on into the next block: a word starting at bit `s`
        // has at most five letters when one of bits `s + 1 ..= s + 5` is set.
        let gaps = !(u128::from(bits) | u128::from(pair[1]) << 64);
        let near_gap = (gaps >> 1 | gaps >> 2 | gaps >> 3 | gaps >> 4 | gaps >> 5) as u64;
        let mut short = starts & near_gap;
        while short != 0 {
            let s = short.trailing_zeros();
            short &= short - 1;
            let len = ((gaps >> s) as u64).trailing_zeros() as usize;
            let start = k * 64 + s as usize;
            // A word with a non-ASCII letter keeps a byte of 0x80 or more: no key matches it.
            let key = match bytes.get(start..start + 8) {
                Some(eight) => {
                    let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
                    (word | (0x20 * ONES)) & (u64::MAX >> (64 - 8 * len))
                }
                None => key(&bytes[start..start + len]),
            };
            hits += usize::from(FUNCTION_WORD_TABLE.contains(key));
        }
    }
    (words, hits)
}

/// One bit per byte of `text`, set for the bytes of its alphabetic chars: bit `i % 64` of
/// word `i / 64`, with one more word of zeros at the end. ASCII letters are found eight bytes
/// at a time; only the chars of blocks with non-ASCII bytes are decoded.
fn letter_bits(text: &str) -> Vec<u64> {
    let bytes = text.as_bytes();
    let mut bits = vec![0u64; bytes.len().div_ceil(64) + 1];
    let blocks = bytes.chunks_exact(64);
    let mut last = [0u8; 64];
    last[..blocks.remainder().len()].copy_from_slice(blocks.remainder());
    for (k, block) in blocks.chain([&last[..]]).enumerate() {
        let mut high = 0u64;
        for (j, eight) in block.chunks_exact(8).enumerate() {
            let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            bits[k] |= gather_high_bits(ascii_letters(word)) << (8 * j);
            high |= word;
        }
        if high & HIGH_BITS == 0 {
            continue;
        }
        for (j, &b) in block.iter().enumerate() {
            // A byte from 0xC0 starts a char of two bytes or more.
            let at = k * 64 + j;
            if b >= 0xC0 {
                let c = text[at..].chars().next().expect("a char starts here");
                if c.is_alphabetic() {
                    for i in at..at + c.len_utf8() {
                        bits[i / 64] |= 1 << (i % 64);
                    }
                }
            }
        }
    }
    bits
}

/// The high bits of a word's eight bytes as the low eight bits, byte `i`'s as bit `i`: the
/// multiplication moves each into the top byte, where no two products overlap.
fn gather_high_bits(m: u64) -> u64 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The first `max` bytes of `text`, cut back to a char boundary.
fn head(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Two decimals are what a confidence means; more digits would only be noise in the output.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The confidence from which an English-only stage believes that an article is in another
/// language and skips it. whatlang's confidence measures how far the best language leads the
/// runner-up: on articles in another language it is 1, but on a sentence or two it is low
/// whatever the language (`"Het kabinet heeft dinsdag nieuwe maatregelen aangekondigd."`
/// 0.39) and English one-liners come out as other languages at up to ~0.4 (`"Putin met Biden
/// in Geneva."` nl 0.37; Golden Rules sentences 0.0 to 0.3). Running an English stage on a
/// foreign text costs a few wrong keywords; skipping an English one loses its quotes and
/// keywords: so below this, the stages run, unless [`FOREIGN_WITHOUT_FUNCTION_WORDS`] says
/// otherwise.
pub const MIN_CONFIDENCE_TO_SKIP: f64 = 0.5;

/// For texts whatlang is less sure of: an article is also skipped from this confidence when
/// it has at least [`FOREIGN_MIN_WORDS`] words and not one of them is an English function word
/// (`the`, `of`, `and`, `was` …, see [`ENGLISH_FUNCTION_WORDS`]), which English prose of ten
/// words hardly ever manages (`«Wir werden nicht nachgeben», sagte der Minister am Donnerstag
/// in Berlin vor Journalisten.`, de 0.48).
pub const FOREIGN_WITHOUT_FUNCTION_WORDS: f64 = 0.25;

/// See [`FOREIGN_WITHOUT_FUNCTION_WORDS`].
pub const FOREIGN_MIN_WORDS: usize = 10;

/// For an English-only stage: whether to skip this document because `detect.language` found
/// another language with a confidence of at least [`MIN_CONFIDENCE_TO_SKIP`] (or of
/// [`FOREIGN_WITHOUT_FUNCTION_WORDS`] in a text without English function words). Records the
/// reason under the stage's key in the `skipped` value, and makes sure `skipped` is an object
/// on every record so that its shape does not vary.
pub fn skip_unless_english(doc: &mut Document, stage_key: &str) -> bool {
    let language = doc.value("language").and_then(Value::as_object);
    let confidence = language
        .and_then(|v| field(v, "confidence"))
        .and_then(Value::as_f64)
        .unwrap_or(0.0);
    let other = language
        .and_then(|v| field(v, "code"))
        .and_then(Value::as_str)
        .filter(|code| !matches!(*code, "en" | "und"))
        .filter(|_| {
            confidence >= MIN_CONFIDENCE_TO_SKIP
                || confidence >= FOREIGN_WITHOUT_FUNCTION_WORDS && {
                    let (words, hits) = function_words(head(&doc.text, default_max_bytes()));
                    words >= FOREIGN_MIN_WORDS && hits == 0
                }
        })
        .map(|code| format!("language {code}"));
    let skipped = match doc.values.iter_mut().find(|(k, _)| *k == "skipped") {
        Some((_, Value::Object(map))) => map,
        Some((_, value)) => {
            *value = Value::Object(Map::new());
            value.as_object_mut().expect("just made an object")
        }
        None => {
            doc.values.push(("skipped", Value::Object(Map::new())));
            doc.values
                .last_mut()
                .and_then(|(_, v)| v.as_object_mut())
                .expect("just pushed an object")
        }
    };
    match other {
        Some(reason) => {
            skipped.insert(stage_key.to_string(), Value::String(reason));
            true
        }
        None => false,
    }
}

/// A field of a small object by a linear search: `language` has two fields, and comparing
/// their names costs less than hashing the key with the map's SipHash.
fn field<'v>(object: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    object.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// whatlang names languages by ISO 639-3; the output uses the two-letter codes most tools take.
fn iso_639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_corpus;

    fn language(text: &str) -> Value {
        let mut doc = Document::new("t", text);
        LanguageDetector::default().process(&mut doc).unwrap();
        doc.value("language").unwrap().clone()
    }

    #[test]
    fn short_news_texts_in_five_languages() {
        let cases = [
            ("US President Joe Biden and Russian President Vladimir Putin spoke for 50 minutes on Thursday in the hopes of defusing the crisis.", "en"),
            ("Bundeskanzler Olaf Scholz hat am Donnerstag mit dem russischen Präsidenten telefoniert und vor einer Eskalation an der Grenze zur Ukraine gewarnt.", "de"),
            ("Le président français a appelé jeudi la Russie à faire baisser les tensions à la frontière ukrainienne, selon un communiqué de l'Élysée.", "fr"),
            ("Президент России Владимир Путин в четверг провёл телефонный разговор с президентом США Джо Байденом.", "ru"),
            ("俄罗斯总统普京周四与美国总统拜登通电话，讨论乌克兰边境局势。", "zh"),
        ];
        for (text, code) in cases {
            let v = language(text);
            assert_eq!(v["code"], code, "{text}");
            assert!(v["confidence"].as_f64().unwrap() > 0.5, "{text}: {v}");
        }
    }

    #[test]
    fn no_letters_is_undetermined() {
        for text in ["", "12,500 -- 3:35 (+4.5%)", "🇺🇦 👨‍👩‍👧"] {
            assert_eq!(language(text), json!({"code": "und", "confidence": 0.0}));
        }
    }

    #[test]
    fn only_the_head_is_read_and_cut_on_a_char_boundary() {
        let text = format!(
            "{}{}",
            "Ελληνικά κείμενα για την Ελλάδα. ".repeat(3),
            "The rest is a long English text about the economy. ".repeat(50)
        );
        let mut doc = Document::new("t", text.as_str());
        // 7 bytes falls inside a two-byte Greek letter.
        for max_bytes in [7, 90] {
            LanguageDetector { max_bytes }.process(&mut doc).unwrap();
            assert_eq!(doc.value("language").unwrap()["code"], "el");
        }
        LanguageDetector::default().process(&mut doc).unwrap();
        assert_eq!(doc.value("language").unwrap()["code"], "en");
    }

    #[test]
    fn function_words_decide_plain_english_and_nothing_else() {
        assert!(
            ENGLISH_FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]),
            "sorted"
        );
        let filled = FUNCTION_WORD_TABLE
            .slots
            .iter()
            .filter(|&&k| k != 0)
            .count();
        assert_eq!(filled, ENGLISH_FUNCTION_WORDS.len(), "one slot a word");
        for word in ENGLISH_FUNCTION_WORDS {
            assert!(word.len() <= 5, "only words of five letters are looked up");
            assert!(FUNCTION_WORD_TABLE.contains(key(word)));
        }
        let seed = &sample_corpus()[0].text;
        assert_eq!(english_by_function_words(head(seed, 4096)), Some(0.76));
        let others = [
            "Der russische Präsident Wladimir Putin und US-Präsident Joe Biden haben am Donnerstag fünfzig Minuten lang über die Krise an der Grenze zur Ukraine gesprochen, wie die Regierung mitteilte.",
            "Le président américain Joe Biden et le président russe Vladimir Poutine se sont entretenus jeudi pendant cinquante minutes de la crise à la frontière ukrainienne, selon la Maison Blanche.",
            "El presidente Joe Biden y el presidente ruso Vladimir Putin hablaron durante cincuenta minutos el jueves sobre la crisis en la frontera con Ucrania, informó la Casa Blanca en un comunicado.",
            "Biden and Putin",
        ];
        for text in others {
            assert_eq!(english_by_function_words(text), None, "{text}");
        }
    }

    #[test]
    fn bitmap_counts_words_like_splitting_on_non_letters() {
        // The straightforward version the bitmap replaced, as the reference.
        fn reference(text: &str) -> (usize, usize) {
            let (mut words, mut hits) = (0usize, 0usize);
            for word in text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
            {
                words += 1;
                let lower = word.to_ascii_lowercase();
                if word.len() <= 5
                    && word.is_ascii()
                    && ENGLISH_FUNCTION_WORDS.contains(&lower.as_bytes())
                {
                    hits += 1;
                }
            }
            (words, hits)
        }
        let mut texts: Vec<String> = sample_corpus().into_iter().map(|d| d.text).collect();
        texts.push("THE AND OF Théâtre the—of naïve façade 北京the of Москва and ".repeat(9));
        texts.push(
            "The the the the the the the the the the the the the the the the the the the x".into(),
        );
        texts.push("thereof theirs was.Was,WAS;is:it's ".repeat(8));
        // Words across the 64-byte blocks, and non-ASCII letters across them.
        texts.push(format!(
            "{} the {} The é{}",
            "a".repeat(200),
            "b".repeat(61),
            "x".repeat(62)
        ));
        texts.push("Àthe Ñ àé ß—of ".repeat(20));
        for text in &texts {
            let ends = text.char_indices().map(|(i, _)| i).chain([text.len()]);
            for end in ends.filter(|&i| i < 300 || i % 61 == 0 || i == text.len()) {
                let head = &text[..end];
                assert_eq!(function_words(head), reference(head), "{head}");
            }
        }
    }

    #[test]
    fn every_sample_article_is_english() {
        for doc in sample_corpus() {
            let (code, confidence) = detect(head(&doc.text, default_max_bytes()));
            assert_eq!(code, "en", "{} ({confidence})", doc.id);
        }
    }

    #[test]
    fn english_only_stages_skip_other_languages_and_say_so() {
        let mut doc = Document::new(
            "t",
            "Le gouvernement a annoncé de nouvelles mesures économiques pour soutenir les ménages.",
        );
        assert!(
            !skip_unless_english(&mut doc, "keywords"),
            "no language value: run"
        );
        assert_eq!(doc.value("skipped"), Some(&json!({})));
        LanguageDetector::default().process(&mut doc).unwrap();
        assert!(skip_unless_english(&mut doc, "keywords"));
        assert!(skip_unless_english(&mut doc, "quotes"));
        assert_eq!(
            doc.value("skipped"),
            Some(&json!({"keywords": "language fr", "quotes": "language fr"}))
        );
        let mut english = Document::new(
            "t",
            "The government announced new economic measures to support households.",
        );
        LanguageDetector::default().process(&mut english).unwrap();
        assert!(!skip_unless_english(&mut english, "keywords"));
        assert_eq!(english.value("skipped"), Some(&json!({})));
    }

    #[test]
    fn only_a_confident_other_language_skips_english_only_stages() {
        let skips = |text: &str| {
            let mut doc = Document::new("t", text);
            LanguageDetector::default().process(&mut doc).unwrap();
            let skipped = skip_unless_english(&mut doc, "keywords");
            (skipped, doc.value("language").unwrap().clone())
        };
        // Mixed scripts (the records of tests/formats.rs and tests/cli.rs): whatlang alone
        // said Dutch and German with confidence 1, from a minority of Latin letters.
        for text in [
            "В Москве и 北京 говорили о Ukraine’s «мире» 🇺🇦.\n\nNATO met in Geneva on Thursday; €20 was paid.",
            "北京 and Москва: 🇺🇦 Ukraine’s flag 👨‍👩‍👧 e\u{301} ok. नमस्ते दुनिया. مرحبا بالعالم.",
        ] {
            let (skipped, language) = skips(text);
            assert!(!skipped, "{text}: {language}");
            assert!(language["confidence"].as_f64().unwrap() < MIN_CONFIDENCE_TO_SKIP);
        }
        // Short English that whatlang takes for something else, with a low confidence
        // (Golden Rules sentences): the stages run.
        for text in [
            "Hello World. My name is Jonas.",
            "We make a good team, you and I. Did you see Albert I. Jones yesterday?",
        ] {
            let (skipped, language) = skips(text);
            assert_ne!(language["code"], "en", "{text}");
            assert!(!skipped, "{text}: {language}");
        }
        // Other languages, also with an English sentence or names in another script, and
        // Japanese, whose kana and kanji count as one script.
        for (text, code) in [
            ("Правительство России в четверг объявило о новых мерах поддержки экономики. Президент Владимир Путин said on Monday that “the talks” would continue.", "ru"),
            ("Die Bundesregierung hat am Donnerstag neue Sanktionen gegen Russland beschlossen, teilte ein Sprecher in Berlin mit.", "de"),
            ("日本政府は木曜日、新たな経済対策を発表した。岸田文雄首相が記者団に語った。", "ja"),
        ] {
            let (skipped, language) = skips(text);
            assert_eq!(language["code"], code, "{text}");
            assert!(skipped, "{text}: {language}");
        }
    }

    #[test]
    fn unknown_and_bad_params_are_refused() {
        let err = |src: &str| build(&src.parse().unwrap(), &BuildContext::default()).err();
        assert!(matches!(
            err("max_byte = 3"),
            Some(BuildError::UnknownParam { .. })
        ));
        assert_eq!(
            err("max_bytes = 0"),
            Some(BuildError::Invalid("`max_bytes` must be at least 1".into()))
        );
        assert!(err("max_bytes = 100").is_none());
    }
}
