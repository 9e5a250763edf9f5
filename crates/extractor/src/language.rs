//! `detect.language`: the language of an article, as the document value
//! `"language": {"code": "en", "confidence": 0.99}`, by whatlang's trigram and alphabet models.
//!
//! `code` is ISO 639-1 (`en`, `de`, `zh`), or `und` (BCP 47's "undetermined") when the text has
//! no letters to judge by. `confidence` is whatlang's, from 0 to 1: how far the best language
//! leads the second; short texts and close relatives (Danish and Norwegian) score low.
//!
//! Only the first `max_bytes` of the text are read: a few paragraphs decide the language of a
//! news article, and whatlang's time grows with the text. Most articles of an English news
//! corpus are decided before whatlang is asked: when English function words (`the`, `of`, `and`
//! …) make up a fifth or more of at least 20 words, the text is English, with a confidence of
//! 0.5 plus that share (at most 0.99). whatlang costs ~0.1 ms an article whatever its length;
//! this check costs about a microsecond a kilobyte.
//!
//! Stages that only know English ask [`skip_unless_english`] before doing anything: for an
//! article detected as another language they add nothing to their layer and record why in the
//! `skipped` value (`"skipped": {"keywords": "language de"}`).

use newsprint_core::{
    parse_params, BuildContext, BuildError, Document, ParamDoc, Stage, StageError,
    StageRegistration,
};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use whatlang::Lang;

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
    match whatlang::detect(text) {
        Some(info) => (iso_639_1(info.lang()), info.confidence()),
        None => ("und", 0.0),
    }
}

/// The first `max` bytes of `text`, cut back to a char boundary.
/// Frequent English function words that are rare as words of other languages written in Latin
/// letters (so not `die`, `in` or `a`), sorted for binary search.
const ENGLISH_FUNCTION_WORDS: [&[u8]; 30] = [
    b"after", b"and", b"are", b"be", b"been", b"but", b"by", b"for", b"from", b"had", b"has",
    b"have", b"he", b"his", b"is", b"it", b"its", b"of", b"on", b"said", b"that", b"the", b"their",
    b"they", b"this", b"to", b"was", b"were", b"which", b"with",
];

/// The confidence that a text is English when its function words say so plainly, else `None`
/// (too few words, or too few of them English function words: whatlang decides).
fn english_by_function_words(text: &str) -> Option<f64> {
    let (mut words, mut hits) = (0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if word.len() <= 5 && word.is_ascii() {
            let mut lower = [0u8; 5];
            for (l, b) in lower.iter_mut().zip(word.bytes()) {
                *l = b.to_ascii_lowercase();
            }
            if ENGLISH_FUNCTION_WORDS
                .binary_search(&&lower[..word.len()])
                .is_ok()
            {
                hits += 1;
            }
        }
    }
    (words >= 20 && hits * 5 >= words).then(|| round2((0.5 + hits as f64 / words as f64).min(0.99)))
}

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

/// For an English-only stage: whether to skip this document because `detect.language` found
/// another language. Records the reason under the stage's key in the `skipped` value, and makes
/// sure `skipped` is an object on every record so that its shape does not vary.
pub fn skip_unless_english(doc: &mut Document, stage_key: &str) -> bool {
    let other = doc
        .value("language")
        .and_then(|v| v["code"].as_str())
        .filter(|code| !matches!(*code, "en" | "und"))
        .map(str::to_string);
    let mut skipped = match doc.value("skipped") {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    if let Some(code) = &other {
        skipped.insert(stage_key.to_string(), json!(format!("language {code}")));
    }
    doc.set_value("skipped", Value::Object(skipped));
    other.is_some()
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
