//! Word and sentence tokenization for newsprint: the `tokenize.words` and
//! `tokenize.sentences` stages.
//!
//! # Token conventions
//!
//! Penn Treebank / UD English style, so that taggers and parsers trained on those treebanks
//! see the tokens they expect:
//!
//! - Clitics are split off: `Russia's` → `Russia` `'s`, `don't` → `do` `n't`, `can't` → `ca`
//!   `n't`, `they're` → `they` `'re`; the curly apostrophe works the same (`Thursday’s` →
//!   `Thursday` `’s`). Other apostrophes between letters stay (`O'Brien`).
//! - Hyphenated compounds stay whole (`NATO-Russia`, `de-escalate`, `10-year`, `U.S.-led`).
//! - Numbers with separators and decimals stay whole and are [`TokenKind::Number`] (`100,000`,
//!   `1,500.25`, `3:35`, `12/30/2021`, `2021-12-30`); digits followed by letters (`1980s`,
//!   `4:00pm`) are one [`TokenKind::Word`].
//! - Abbreviations keep their period: a built-in list (titles, months, company suffixes, some
//!   US states: `Gov.`, `Jan.`, `Inc.`), any single letter (`J.`), and letter-dot chains
//!   (`U.S.`, `p.m.`, `e.g.`); the `abbreviations` parameter adds words. Any other period is
//!   its own [`TokenKind::Punct`] token (`Ukraine.` → `Ukraine` `.`).
//! - URLs (`https://…`, `www.…`) and e-mail addresses are one token each ([`TokenKind::Url`],
//!   [`TokenKind::Email`]), without trailing punctuation.
//! - `--`, `...` and `…` are one token each (spaced periods `. . .` are three: no token holds
//!   whitespace); every other punctuation mark (quotes, brackets, commas, dashes, bullets) is
//!   a token of its own.
//! - `$`, `€`, `%`, `°`, `#`, `@`, math signs and emoji are [`TokenKind::Symbol`] tokens of
//!   their own (`$1.5` → `$` `1.5`, `5%` → `5` `%`), except hashtags and handles (`#Ukraine`,
//!   `@POTUS`), which are one [`TokenKind::Word`].
//! - Letters of scripts without spaces (CJK) follow Unicode word boundaries (UAX #29): one
//!   token per ideograph. No token ever splits a grapheme cluster or contains whitespace;
//!   control characters are dropped.
//!
//! # Sentence conventions
//!
//! See [`sentences`]: a sentence runs from its first token to its last, closing quotes and
//! brackets after a full stop stay with it, and blank lines always end one (headlines,
//! captions). A dateline (`MOSCOW, Dec 30 (Reuters) -`) starts the first sentence. The
//! English "Golden Rules" all hold (abbreviations, initials, lists, ellipses, `I.`, URLs).
//!
//! Both functions append to their output vector; the stages clear their layer first.
//! [`Tokenizer::tokenize_with`] takes a [`Scratch`] buffer to reuse across texts; the other
//! entry points use one per thread, so that no call allocates except to grow its output.

mod abbrev;
pub mod sentences;
pub mod words;

pub use newsprint_core::TokenKind;
pub use sentences::split_sentences;
pub use words::{tokenize, Scratch, Tokenizer};
