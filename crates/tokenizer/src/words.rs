//! The `tokenize.words` stage and the [`tokenize`] function behind it.
//!
//! Text is cut at ASCII whitespace into chunks. A chunk is then cut into *atoms*: maximal runs
//! of letters and digits, and single punctuation or symbol characters. Chunks of ASCII and
//! common typographic punctuation (curly quotes, dashes, `…`) are cut byte by byte from a
//! lookup table; any other non-ASCII chunk is cut along grapheme clusters and Unicode word
//! boundaries (`unicode-segmentation`), so that no token ever splits a cluster. One set of
//! rules then joins atoms into tokens (compounds, numbers, abbreviations, URLs) or splits them
//! (clitics), whichever path made them; a test checks that both paths agree.

use newsprint_core::swar::{ascii_letters, HIGH_BITS, ONES};
use newsprint_core::{
    parse_params, BuildContext, BuildError, Document, ParamDoc, Span, Stage, StageError,
    StageRegistration, Token, TokenKind,
};
use serde::Deserialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::abbrev;

newsprint_core::inventory::submit! {
    StageRegistration::new(
        "tokenize.words",
        "splits the text into word, number, punctuation, symbol, URL and e-mail tokens",
        newsprint_core::origin!(),
        build_words,
    )
    .provides(&["tokens"])
    .params(&[ParamDoc::new(
        "abbreviations",
        "list of strings",
        "[]",
        "more words that keep their period (`Gen.`, `Calif.` are built in); the period is optional",
    )])
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct WordsParams {
    abbreviations: Vec<String>,
}

/// Builds `tokenize.words` from its `[[stage]]` table.
pub fn build_words(table: &toml::Table, _ctx: &BuildContext) -> Result<Box<dyn Stage>, BuildError> {
    let params: WordsParams = parse_params(table)?;
    let tokenizer = Tokenizer::with_abbreviations(&params.abbreviations)?;
    Ok(Box::new(WordsStage { tokenizer }))
}

struct WordsStage {
    tokenizer: Tokenizer,
}

impl Stage for WordsStage {
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.tokens.clear();
        self.tokenizer.tokenize(&doc.text, &mut doc.tokens);
        Ok(())
    }
}

/// Appends the tokens of `text` to `out`, with the built-in abbreviations only.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    Tokenizer::default().tokenize(text, out);
}

/// Working memory of [`Tokenizer::tokenize_with`], kept between calls.
#[derive(Debug, Default)]
pub struct Scratch {
    atoms: Vec<Atom>,
}

/// A tokenizer with extra abbreviations. Read-only once built, so one is shared by all threads.
#[derive(Clone, Debug, Default)]
pub struct Tokenizer {
    /// Sorted, without their periods.
    extra_abbreviations: Vec<Box<str>>,
}

impl Tokenizer {
    /// A tokenizer that also keeps the period of these words (`"Gen."` or `"Gen"`). Only single
    /// words of letters can be abbreviations: `Ph.D.`-like forms are refused rather than
    /// silently never matching.
    pub fn with_abbreviations<S: AsRef<str>>(words: &[S]) -> Result<Self, BuildError> {
        let mut extra = Vec::with_capacity(words.len());
        for w in words {
            let w = w.as_ref();
            let bare = w.strip_suffix('.').unwrap_or(w);
            if bare.is_empty() || !bare.chars().all(char::is_alphabetic) {
                return Err(BuildError::Invalid(format!(
                    "abbreviation `{w}` must be one word of letters, optionally with a final period"
                )));
            }
            extra.push(Box::from(bare));
        }
        extra.sort();
        extra.dedup();
        Ok(Tokenizer {
            extra_abbreviations: extra,
        })
    }

    /// Appends the tokens of `text` to `out`, in text order, with this thread's scratch
    /// buffer.
    pub fn tokenize(&self, text: &str, out: &mut Vec<Token>) {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        SCRATCH.with_borrow_mut(|scratch| self.tokenize_with(text, out, scratch));
    }

    /// Appends the tokens of `text` to `out`, in text order; `scratch` is working memory
    /// reused from call to call, so that no call allocates once the buffers have grown.
    pub fn tokenize_with(&self, text: &str, out: &mut Vec<Token>, scratch: &mut Scratch) {
        // News text has a token every five or six bytes: one allocation instead of a dozen
        // reallocations as the output doubles.
        out.reserve(text.len() / 4);
        let bytes = text.as_bytes();
        let atoms = &mut scratch.atoms;
        let mut i = 0;
        while i < bytes.len() {
            let class = CLASS[bytes[i] as usize];
            if class == WS {
                i += 1;
                continue;
            }
            // Most chunks are a plain word or number, or one followed by a single mark
            // (`border,` `Ukraine.` `50%`): those need no atoms.
            if class == LETTER {
                if let Some(end) = short_word(bytes, i) {
                    out.push(Token {
                        span: Span::new(i, end),
                        kind: TokenKind::Word,
                    });
                    i = end + 1;
                    continue;
                }
            }
            if class == LETTER || class == DIGIT {
                let (run, kind) = if class == LETTER {
                    (letter_run(&bytes[i..]), TokenKind::Word)
                } else {
                    (digit_run(&bytes[i..]), TokenKind::Number)
                };
                let end = i + run;
                let class_at = |j: usize| bytes.get(j).map_or(WS, |&b| CLASS[b as usize]);
                let after = class_at(end);
                if after == WS {
                    out.push(Token {
                        span: Span::new(i, end),
                        kind,
                    });
                    i = end + 1;
                    continue;
                }
                if after == OTHER
                    && class_at(end + 1) == WS
                    && !(bytes[end] == b'.'
                        && class == LETTER
                        && (run == 1 || self.is_abbreviation(&text[i..end])))
                {
                    push(out, i, end, kind);
                    push(out, end, end + 1, char_kind(bytes[end] as char));
                    i = end + 1;
                    continue;
                }
            }
            let start = i;
            i += bytes[i..]
                .iter()
                .position(|&b| CLASS[b as usize] == WS)
                .unwrap_or(bytes.len() - i);
            if narrow_atoms(bytes, start, i, atoms) {
                let has_at = memchr::memchr(b'@', &bytes[start..i]).is_some();
                self.chunk(text, atoms, has_at, out);
            } else {
                self.unicode_chunk(text, start, i, atoms, out);
            }
        }
    }

    /// A chunk with non-ASCII bytes, cut into runs between whitespace or invisible separators.
    fn unicode_chunk(
        &self,
        text: &str,
        start: usize,
        end: usize,
        atoms: &mut Vec<Atom>,
        out: &mut Vec<Token>,
    ) {
        // The region takes in the ASCII whitespace on both sides so that a combining mark at the
        // chunk's start clusters with that whitespace (and is dropped with it) instead of being
        // cut off from it.
        let rs = start.saturating_sub(1);
        let re = (end + 1).min(text.len());
        let mut run_start = None;
        for (off, g) in text[rs..re].grapheme_indices(true) {
            let gs = rs + off;
            let first = g.chars().next().unwrap_or(' ');
            let separator = first.is_control()
                || matches!(first, '\u{200B}' | '\u{FEFF}')
                || g.chars().any(char::is_whitespace);
            if separator {
                if let Some(s) = run_start.take() {
                    self.unicode_run(text, s, gs, atoms, out);
                }
            } else if run_start.is_none() {
                run_start = Some(gs);
            }
        }
        if let Some(s) = run_start {
            self.unicode_run(text, s, re, atoms, out);
        }
    }

    fn unicode_run(
        &self,
        text: &str,
        start: usize,
        end: usize,
        atoms: &mut Vec<Atom>,
        out: &mut Vec<Token>,
    ) {
        atoms.clear();
        let run = &text[start..end];
        let mut bounds = run.split_word_bound_indices().map(|(i, _)| i).peekable();
        let mut open: Option<usize> = None;
        let mut prev = 0;
        for (k, (off, g)) in run.grapheme_indices(true).enumerate() {
            // A word boundary anywhere since the previous cluster starts a new word: letters of
            // different words (two CJK ideographs, say) never join into one atom.
            let mut new_word = k == 0;
            while let Some(&b) = bounds.peek() {
                if b > off {
                    break;
                }
                new_word |= b > prev;
                bounds.next();
            }
            prev = off;
            let (gs, ge) = (start + off, start + off + g.len());
            let first = g.chars().next().unwrap_or(' ');
            let continues = open.filter(|_| !new_word);
            if is_invisible(first) {
                // Soft hyphens, joiners and direction marks stay inside the word they are in.
                match continues {
                    Some(a) => atoms[a].end = ge,
                    None => open = None,
                }
            } else if first.is_alphanumeric() {
                let digit = first.is_numeric();
                match continues {
                    Some(a) => {
                        atoms[a].end = ge;
                        if !digit {
                            if let AtomKind::Alnum { digits_only, .. } = &mut atoms[a].kind {
                                *digits_only = false;
                            }
                        }
                    }
                    None => {
                        open = Some(atoms.len());
                        atoms.push(Atom::new_alnum(gs, ge, digit, digit));
                    }
                }
            } else {
                open = None;
                atoms.push(Atom {
                    start: gs,
                    end: ge,
                    kind: AtomKind::Char(first),
                });
            }
        }
        let has_at = run.contains('@');
        self.chunk(text, atoms, has_at, out);
    }

    /// Joins and splits the atoms of one whitespace-free stretch into tokens.
    fn chunk(&self, text: &str, atoms: &[Atom], has_at: bool, out: &mut Vec<Token>) {
        // Where an e-mail address may start: past every failed scan, so that a long chunk
        // like `a.a.a.a…` is scanned once, not once per atom.
        let mut email_from = if has_at { 0 } else { usize::MAX };
        let mut i = 0;
        while i < atoms.len() {
            i = match atoms[i].kind {
                AtomKind::Char(c) => punct(atoms, i, c, out),
                AtomKind::Alnum { .. } => self.word(text, atoms, i, &mut email_from, out),
            };
        }
    }

    /// The token starting at alphanumeric atom `i`; returns the index of the next atom.
    fn word(
        &self,
        text: &str,
        atoms: &[Atom],
        i: usize,
        email_from: &mut usize,
        out: &mut Vec<Token>,
    ) -> usize {
        let first = atoms[i];
        let limit = atoms[atoms.len() - 1].end;
        if let Some((end, kind)) =
            url(text, first, limit).or_else(|| email(text, first, limit, email_from))
        {
            let mut j = i;
            let mut end = end;
            while j < atoms.len() && atoms[j].start < end {
                end = end.max(atoms[j].end);
                j += 1;
            }
            push(out, first.start, end, kind);
            return j;
        }
        let start = first.start;
        let AtomKind::Alnum {
            digit_led,
            digits_only,
        } = first.kind
        else {
            unreachable!("word() starts at an alphanumeric atom")
        };
        let mut numeric = digits_only;
        let mut single = true; // one atom so far: may be an abbreviation
        let mut j = i;
        loop {
            let cur = atoms[j];
            let Some(AtomKind::Char(sep)) = adjacent(atoms, j + 1).map(|a| a.kind) else {
                break;
            };
            let next = adjacent(atoms, j + 2);
            let next_alnum = next.and_then(|a| a.alnum());
            match sep {
                '-' | '&' if next_alnum.is_some() => {
                    numeric &= sep == '-' && next_alnum.is_some_and(|(_, d)| d);
                }
                ',' | '.' | ':' | '/'
                    if cur.alnum().is_some_and(|(_, d)| d)
                        && next_alnum.is_some_and(|(l, _)| !l) =>
                {
                    numeric &= next_alnum.is_some_and(|(_, d)| d);
                }
                '\'' | '’' | 'ʼ' if next_alnum.is_some() => {
                    let next = atoms[j + 2];
                    let after = &text[next.start..next.end];
                    if is_clitic(after) {
                        push(out, start, cur.end, kind(digit_led, numeric));
                        push(out, atoms[j + 1].start, next.end, TokenKind::Word);
                        return j + 3;
                    }
                    let b = text.as_bytes();
                    let n_split = cur.end - 1;
                    if after.eq_ignore_ascii_case("t")
                        && cur.alnum().is_some()
                        && n_split > start
                        && matches!(b[n_split], b'n' | b'N')
                        && b[n_split - 1].is_ascii_alphabetic()
                    {
                        push(out, start, n_split, TokenKind::Word);
                        push(out, n_split, next.end, TokenKind::Word);
                        return j + 3;
                    }
                    if cur.alnum().is_some_and(|(l, _)| l) && next_alnum.is_some_and(|(l, _)| l) {
                        // O'Brien, rock'n'roll
                        numeric = false;
                    } else {
                        break;
                    }
                }
                '.' if single && !digit_led => {
                    let word = &text[cur.start..cur.end];
                    if !(is_single_letter(word) || self.is_abbreviation(word)) {
                        break;
                    }
                    j += 1;
                    // More initials: U.S.A., Ph.D. when `Ph` is listed.
                    while let (Some(l), Some(d)) = (adjacent(atoms, j + 1), adjacent(atoms, j + 2))
                    {
                        if d.kind == AtomKind::Char('.') && is_single_letter(&text[l.start..l.end])
                        {
                            j += 2;
                        } else {
                            break;
                        }
                    }
                    single = false;
                    continue;
                }
                _ => break,
            }
            single = false;
            j += 2;
        }
        push(out, start, atoms[j].end, kind(digit_led, numeric));
        j + 1
    }

    fn is_abbreviation(&self, word: &str) -> bool {
        abbrev::is_builtin_abbreviation(word)
            || self
                .extra_abbreviations
                .binary_search_by(|w| (**w).cmp(word))
                .is_ok()
    }
}

/// The token starting at punctuation or symbol atom `i`; returns the index of the next atom.
fn punct(atoms: &[Atom], i: usize, c: char, out: &mut Vec<Token>) -> usize {
    let a = atoms[i];
    let after_alnum = i > 0 && atoms[i - 1].end == a.start && atoms[i - 1].alnum().is_some();
    if matches!(c, '#' | '@')
        && !after_alnum
        && adjacent(atoms, i + 1).is_some_and(|n| n.alnum().is_some())
    {
        // #Ukraine, @POTUS, @joe_biden
        let mut j = i + 1;
        while let (Some(u), Some(w)) = (adjacent(atoms, j + 1), adjacent(atoms, j + 2)) {
            if u.kind == AtomKind::Char('_') && w.alnum().is_some() {
                j += 2;
            } else {
                break;
            }
        }
        push(out, a.start, atoms[j].end, TokenKind::Word);
        return j + 1;
    }
    if c == '.' && !after_alnum {
        // A decimal without its leading zero: `.125`.
        if let Some(d) = adjacent(atoms, i + 1).filter(|d| d.alnum() == Some((false, true))) {
            push(out, a.start, d.end, TokenKind::Number);
            return i + 2;
        }
    }
    let mut j = i;
    if matches!(c, '.' | '-') {
        // `...` and `--` are one token each.
        while adjacent(atoms, j + 1).is_some_and(|n| n.kind == AtomKind::Char(c)) {
            j += 1;
        }
    }
    push(out, a.start, atoms[j].end, char_kind(c));
    j + 1
}

fn push(out: &mut Vec<Token>, start: usize, end: usize, kind: TokenKind) {
    if start < end {
        out.push(Token {
            span: Span::new(start, end),
            kind,
        });
    }
}

fn kind(digit_led: bool, numeric: bool) -> TokenKind {
    if digit_led && numeric {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

/// PTB clitics written after an apostrophe (`n't` is handled apart: its `n` is before it).
fn is_clitic(s: &str) -> bool {
    ["s", "re", "ve", "ll", "d", "m"]
        .iter()
        .any(|c| s.eq_ignore_ascii_case(c))
}

fn is_single_letter(s: &str) -> bool {
    let mut chars = s.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// Format characters that do not separate words.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200C}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}')
}

/// Punctuation by a short list of blocks rather than the full Unicode category tables, which
/// this crate does not carry; everything else that is not a letter or digit is a symbol.
fn char_kind(c: char) -> TokenKind {
    let punct = if c.is_ascii() {
        matches!(
            c,
            '!' | '"'
                | '\''
                | '('
                | ')'
                | ','
                | '-'
                | '.'
                | ':'
                | ';'
                | '?'
                | '['
                | ']'
                | '{'
                | '}'
                | '_'
        )
    } else {
        matches!(c,
            '\u{00A1}' | '\u{00AB}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
            | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{2E00}'..='\u{2E7F}'
            | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}'
            | '\u{FF01}'..='\u{FF03}' | '\u{FF05}'..='\u{FF0A}' | '\u{FF0C}'..='\u{FF0F}'
            | '\u{FF1A}' | '\u{FF1B}' | '\u{FF1F}' | '\u{FF3B}'..='\u{FF3D}' | '\u{FF5B}'..='\u{FF65}')
    };
    if punct {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    }
}

/// A URL starting at atom `a` (`http://`, `https://`, `www.`), to the end of the chunk less
/// trailing punctuation: its end byte.
fn url(text: &str, a: Atom, limit: usize) -> Option<(usize, TokenKind)> {
    if !matches!(text.as_bytes()[a.start] | 0x20, b'h' | b'w') || !(3..=5).contains(&a.len()) {
        return None;
    }
    let word = &text[a.start..a.end];
    let rest = &text[a.end..limit];
    let scheme = (word.eq_ignore_ascii_case("http") || word.eq_ignore_ascii_case("https"))
        && rest.starts_with("://");
    let www = word.eq_ignore_ascii_case("www") && rest.starts_with('.');
    if !(scheme || www) {
        return None;
    }
    let candidate = &text[a.start..limit];
    // Trailing punctuation is not part of a URL, but a closing bracket that has its opening
    // one inside is (`…/Cricket_(sport)`). Counted once: trimming stays linear.
    let count = |c: u8| candidate.bytes().filter(|&b| b == c).count();
    let (mut parens, mut brackets) = (
        count(b')') as isize - count(b'(') as isize,
        count(b']') as isize - count(b'[') as isize,
    );
    let mut end = candidate.len();
    while let Some(c) = candidate[..end].chars().next_back() {
        let trim = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '’' | '”' | '»' | '>' => true,
            ')' if parens > 0 => {
                parens -= 1;
                true
            }
            ']' if brackets > 0 => {
                brackets -= 1;
                true
            }
            _ => false,
        };
        if !trim {
            break;
        }
        end -= c.len_utf8();
    }
    // Nothing after the scheme or `www.`: not a URL.
    (end > word.len() + 3).then_some((a.start + end, TokenKind::Url))
}

/// An ASCII e-mail address starting at atom `a`: its end byte. `from` is where one may start,
/// moved past the stretch a failed scan covered.
fn email(text: &str, a: Atom, limit: usize, from: &mut usize) -> Option<(usize, TokenKind)> {
    if a.start < *from {
        return None;
    }
    let b = &text.as_bytes()[..limit];
    let mut i = a.start;
    while i < b.len()
        && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'_' | b'%' | b'+' | b'-'))
    {
        i += 1;
    }
    // Any later start before `i` stops at the same byte, and fails the same way.
    *from = i.max(a.start + 1);
    if i >= b.len() || b[i] != b'@' || b[i - 1] == b'.' {
        return None;
    }
    let domain = i + 1;
    let mut end = domain;
    while end < b.len() && (b[end].is_ascii_alphanumeric() || matches!(b[end], b'.' | b'-')) {
        end += 1;
    }
    while end > domain && matches!(b[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let host = &b[domain..end];
    let dot = host.iter().rposition(|&c| c == b'.')?;
    let ok = host.first().is_some_and(u8::is_ascii_alphanumeric) && dot + 1 < host.len();
    ok.then_some((end, TokenKind::Email))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Atom {
    start: usize,
    end: usize,
    kind: AtomKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AtomKind {
    /// A run of letters and digits within one word.
    Alnum { digit_led: bool, digits_only: bool },
    /// One punctuation or symbol grapheme cluster, by its first char.
    Char(char),
}

impl Atom {
    fn new_alnum(start: usize, end: usize, digit_led: bool, digits_only: bool) -> Self {
        Atom {
            start,
            end,
            kind: AtomKind::Alnum {
                digit_led,
                digits_only,
            },
        }
    }

    fn len(&self) -> usize {
        self.end - self.start
    }

    /// `(letter_led, digits_only)` if alphanumeric.
    fn alnum(&self) -> Option<(bool, bool)> {
        match self.kind {
            AtomKind::Alnum {
                digit_led,
                digits_only,
            } => Some((!digit_led, digits_only)),
            AtomKind::Char(_) => None,
        }
    }
}

/// Atom `i` if it touches atom `i - 1` (a dropped control char can separate them).
fn adjacent(atoms: &[Atom], i: usize) -> Option<Atom> {
    let a = *atoms.get(i)?;
    (i > 0 && atoms[i - 1].end == a.start).then_some(a)
}

/// The end of the word of fewer than sixteen ASCII letters that starts at `i` (a letter) and
/// that whitespace follows, the commonest chunk of all, from one or two loads of eight bytes.
fn short_word(bytes: &[u8], i: usize) -> Option<usize> {
    let mut at = i;
    for _ in 0..2 {
        let w = u64::from_le_bytes(*bytes[at..].first_chunk::<8>()?);
        let outside = !ascii_letters(w) & HIGH_BITS;
        if outside != 0 {
            let run = (outside.trailing_zeros() / 8) as usize;
            return (CLASS[usize::from((w >> (8 * run)) as u8)] == WS).then_some(at + run);
        }
        at += 8;
    }
    None
}

/// The length of the run of ASCII letters that `b` starts with, eight bytes at a time: word
/// lengths vary too much for a byte loop's exit branch to be predicted.
fn letter_run(b: &[u8]) -> usize {
    run(b, ascii_letters)
}

/// The length of the run of ASCII digits that `b` starts with.
fn digit_run(b: &[u8]) -> usize {
    run(b, |w| {
        let low = w & !HIGH_BITS;
        let at_least_0 = low + (0x80 - u64::from(b'0')) * ONES;
        let past_9 = low + (0x80 - u64::from(b'9') - 1) * ONES;
        at_least_0 & !past_9 & !w & HIGH_BITS
    })
}

/// The length of the run of bytes in a class that `b` starts with; `members` sets the high bit
/// of each byte of a little-endian word that is in the class. Adding at most 0x7F to a byte
/// below 0x80 never carries into the next byte, so the bytes are tested independently.
fn run(b: &[u8], members: impl Fn(u64) -> u64) -> usize {
    let mut n = 0;
    while let Some(word) = b[n..].first_chunk::<8>() {
        let outside = !members(u64::from_le_bytes(*word)) & HIGH_BITS;
        if outside != 0 {
            return n + (outside.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    let tail = &b[n..];
    let mut padded = [0u8; 8];
    padded[..tail.len()].copy_from_slice(tail);
    let outside = !members(u64::from_le_bytes(padded)) & HIGH_BITS;
    n + (outside.trailing_zeros() / 8) as usize
}

const WS: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const OTHER: u8 = 3;
const CONTROL: u8 = 4;
const HIGH: u8 = 5;

/// Byte classes. Whitespace is what `char::is_whitespace` says for ASCII (it includes the
/// vertical tab, which `u8::is_ascii_whitespace` does not).
static CLASS: [u8; 256] = {
    let mut t = [HIGH; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = match i as u8 {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => WS,
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'0'..=b'9' => DIGIT,
            0..=0x1F | 0x7F => CONTROL,
            _ => OTHER,
        };
        i += 1;
    }
    t
};

/// Cuts a chunk of ASCII and general punctuation (U+2010–U+2027: curly quotes, dashes, `…`)
/// into atoms without the Unicode tables: none of those chars joins a grapheme cluster or a
/// word with its neighbours, and they are most of the non-ASCII in English news. Returns
/// false, with `atoms` unusable, when the chunk has any other non-ASCII char.
fn narrow_atoms(b: &[u8], start: usize, end: usize, atoms: &mut Vec<Atom>) -> bool {
    atoms.clear();
    let mut i = start;
    while i < end {
        let class = CLASS[b[i] as usize];
        if class == LETTER || class == DIGIT {
            let s = i;
            let mut digits_only = class == DIGIT;
            while i < end {
                match CLASS[b[i] as usize] {
                    DIGIT => {}
                    LETTER => digits_only = false,
                    _ => break,
                }
                i += 1;
            }
            atoms.push(Atom::new_alnum(s, i, class == DIGIT, digits_only));
        } else if class == HIGH {
            // UTF-8 of U+2010..=U+2027 is E2 80 90..=A7.
            if !(b[i] == 0xE2
                && i + 2 < end
                && b[i + 1] == 0x80
                && (0x90..=0xA7).contains(&b[i + 2]))
            {
                return false;
            }
            let c = char::from_u32(0x2000 + u32::from(b[i + 2] - 0x80)).unwrap_or('\u{FFFD}');
            atoms.push(Atom {
                start: i,
                end: i + 3,
                kind: AtomKind::Char(c),
            });
            i += 3;
        } else {
            if class != CONTROL {
                atoms.push(Atom {
                    start: i,
                    end: i + 1,
                    kind: AtomKind::Char(b[i] as char),
                });
            }
            i += 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `text` as the Unicode path makes them, chunk by chunk.
    fn via_unicode_path(text: &str) -> Vec<Token> {
        let t = Tokenizer::default();
        let (mut out, mut atoms) = (Vec::new(), Vec::new());
        let mut offset = 0;
        for chunk in text.split(|c: char| c.is_ascii_whitespace() || c == '\u{0B}') {
            if !chunk.is_empty() {
                t.unicode_chunk(text, offset, offset + chunk.len(), &mut atoms, &mut out);
            }
            offset += chunk.len() + 1;
        }
        out
    }

    #[test]
    fn eight_byte_runs_agree_with_a_byte_loop() {
        for c in 0..=255u8 {
            for before in 0..18 {
                for (fill, fast, slow) in [
                    (
                        b'q',
                        letter_run as fn(&[u8]) -> usize,
                        u8::is_ascii_alphabetic as fn(&u8) -> bool,
                    ),
                    (b'7', digit_run, u8::is_ascii_digit),
                ] {
                    let mut text = vec![fill; before];
                    text.push(c);
                    text.extend([fill; 3]);
                    let expected = text.iter().take_while(|b| slow(b)).count();
                    assert_eq!(fast(&text), expected, "byte {c:#x} after {before}");
                    assert_eq!(fast(&text[..before]), before);
                }
            }
        }
    }

    /// The byte-level fast paths are an optimisation only: the Unicode path must agree.
    #[test]
    fn fast_paths_agree_with_the_unicode_path() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/sample/news.jsonl");
        let data = std::fs::read_to_string(path).unwrap();
        let samples = [
            "Thursday’s “Biden-Putin” talks – and… O’Brien’s don’t ‘x’ —2021— ‐a‑b",
            "U.S. p.m. Gov. 3:35 1,500.25 .125 #Ukraine @POTUS x@y.com www.cnn.com. -- ... it's",
        ];
        for text in data.split("\"text\": \"").skip(1).chain(samples) {
            let mut fast = Vec::new();
            tokenize(text, &mut fast);
            let slow = via_unicode_path(text);
            let show = |v: &[Token]| {
                v.iter()
                    .map(|t| &text[t.span.start..t.span.end])
                    .collect::<Vec<_>>()
            };
            assert_eq!(show(&fast), show(&slow));
            assert_eq!(fast, slow);
        }
    }
}
