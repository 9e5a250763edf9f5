//! Token features for the tagger, as 64-bit hashes: no string is built per feature.
//!
//! A sentence is first turned into [`TokInfo`]s (the hashes of a token's forms, its shape,
//! affixes, gazetteer membership, case class, word cluster and first-name bucket), then
//! [`emit`] combines them with the token's neighbours and the tags already given to its left
//! into the features the weights are looked up by. Training and tagging share this code, so the two cannot drift apart.

use std::borrow::Cow;
use std::collections::HashMap;

/// The tags: `O`, then `B-`/`I-` for PER, ORG, LOC, MISC (IOB2, as the CoNLL files have them).
pub const TAGS: [&str; NT] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
/// How many tags there are.
pub const NT: usize = 9;
/// The pseudo-tag before a sentence's first token.
pub const START: u8 = NT as u8;

/// The entity type of a tag (1 PER, 2 ORG, 3 LOC, 4 MISC), 0 for `O`.
pub const fn tag_type(tag: u8) -> u8 {
    tag.div_ceil(2)
}

/// Whether `tag` may follow `prev` in IOB2: an `I-X` only after `B-X` or `I-X`.
pub const fn allowed(prev: u8, tag: u8) -> bool {
    tag == 0 || tag % 2 == 1 || (prev != 0 && prev != START && tag_type(prev) == tag_type(tag))
}

pub fn tag_index(name: &str) -> Option<u8> {
    TAGS.iter().position(|t| *t == name).map(|i| i as u8)
}

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xFF51_AFD7_ED55_8CCD;

/// Combines two hashes (order matters).
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    let h = (a.rotate_left(26) ^ b).wrapping_mul(K1);
    h ^ (h >> 31)
}

/// The final feature key of template `t` over value `v`; never 0 (0 marks an empty slot).
#[inline]
fn key(t: u64, v: u64) -> u64 {
    let h = (v ^ t.wrapping_mul(K2)).wrapping_mul(K1);
    (h ^ (h >> 29)) | 1
}

/// FNV-1a over bytes.
#[inline]
pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &x in b {
        h = (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Flag bits of a token.
pub mod flag {
    pub const INIT_UPPER: u16 = 1;
    pub const ALL_UPPER: u16 = 2;
    pub const HAS_UPPER: u16 = 4;
    pub const HAS_DIGIT: u16 = 8;
    pub const HAS_HYPHEN: u16 = 16;
    pub const FIRST: u16 = 32;
    /// The token is in a sentence written all in capitals (a headline).
    pub const CAPS_SENT: u16 = 64;
    pub const HAS_ALPHA: u16 = 128;
    /// Without the next three, only `lw` and the flags are filled in (see `prepare_partly`),
    /// and `complete` adds what a token's place next to a scored one needs; no feature reads
    /// these bits. `SSHAPE`: the short shape is filled in.
    pub const SSHAPE: u16 = 256;
    /// With `SSHAPE`, the word, shape, case class, cluster and first-name bucket.
    pub const NEAR: u16 = 512;
    /// All of it (with `SSHAPE` and `NEAR`): also the affixes and hyphen parts.
    pub const FULL: u16 = 1024;
    /// Every level of `complete`.
    pub const COMPLETE: u16 = SSHAPE | NEAR | FULL;
}

/// What the features of one token are made of.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokInfo {
    pub w: u64,
    pub lw: u64,
    pub shape: u64,
    pub sshape: u64,
    pub pre: [u64; 3],
    pub suf: [u64; 4],
    /// The lower-cased parts before the first and after the last hyphen (0 without a hyphen).
    pub hy: [u64; 2],
    pub flags: u16,
    /// Gazetteer membership, bit pairs per list (B, I): see `lists::GAZ_*`.
    pub gaz: u8,
    /// The frequency and case class of the lower-cased form (see [`CaseVocab`]).
    pub cls: u8,
    /// The word's cluster path, fine to coarse (see [`CaseVocab`]); 0 for a word in no
    /// cluster.
    pub cl: [u16; CLUSTER_LEVELS],
    /// Its bucket as a person's first name (see [`FIRST_NAMES`]); 0 for none.
    pub pn: u8,
    /// What the tagger said of this word earlier in the document (see [`History`]).
    pub hist: u8,
}

/// What the tagger said of each capitalised word earlier in the document: a word that was a
/// person three times is likely one the fourth time, in a context that says less (a
/// headline, a list). The counts are the tagger's own, in training as at run time.
#[derive(Debug, Default)]
pub struct History {
    seen: HashMap<u64, [u16; 5], BuildIdentity>,
}

impl History {
    pub fn clear(&mut self) {
        self.seen.clear();
    }

    /// 0 for a word not seen before, else 1 + the entity type it was given most often (0
    /// for `O`; ties go to the later type).
    #[inline]
    pub fn of(&self, lw: u64) -> u8 {
        match self.seen.get(&lw) {
            None => 0,
            Some(c) => {
                let mut best = 0;
                for t in 1..5 {
                    if c[t] >= c[best] {
                        best = t;
                    }
                }
                1 + best as u8
            }
        }
    }

    /// Counts `tag` for token `t` if it is capitalised.
    #[inline]
    pub fn record(&mut self, t: &TokInfo, tag: u8) {
        if t.flags & flag::HAS_UPPER != 0 {
            let c = self.seen.entry(t.lw).or_default();
            let ty = usize::from(tag_type(tag));
            c[ty] = c[ty].saturating_add(1);
        }
    }
}

/// How many cluster levels a word has (2,048, 256, 64 and 16 clusters).
pub const CLUSTER_LEVELS: usize = 4;

/// What the tagger knows of a lower-cased word beyond its spelling: its case class (how often
/// it was seen and how often in lower case in the training text, bucketed; class 0 for words
/// not in it) and its word cluster (from word vectors of a large corpus, see
/// `scripts/make-ner-clusters.py`; 0 for words in no cluster).
#[derive(Clone, Debug, Default)]
pub struct CaseVocab {
    pub classes: HashMap<u64, u8, BuildIdentity>,
    /// Per word, its fine cluster + 1.
    pub clusters: HashMap<u64, u16, BuildIdentity>,
    /// Per fine cluster, its coarser clusters (+ 1), finest first.
    pub paths: Vec<[u16; CLUSTER_LEVELS - 1]>,
    /// Both as an open-addressing table of 8-byte slots (a 32-bit check of the key, 0 for
    /// empty; the cluster; the class): one probe per token instead of a hash map's two cache
    /// lines, and half the memory of whole keys.
    slots: Vec<LexSlot>,
}

/// One word of [`CaseVocab`]'s table.
#[derive(Clone, Copy, Debug, Default)]
struct LexSlot {
    check: u32,
    cluster: u16,
    class: u8,
    person: u8,
}

/// First names of the 1990 US Census with their frequency bucket (`scripts/make-ner-names.py`):
/// a lower-cased name, a tab and 1 (common) or 2.
const FIRST_NAMES: &str = include_str!("../../../../models/ner-first-names.tsv");

/// The listed first names by lower-cased hash, with their bucket.
fn first_names() -> impl Iterator<Item = (u64, u8)> {
    FIRST_NAMES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (name, bucket) = l.split_once('\t')?;
            Some((hash_str(name), bucket.parse().ok()?))
        })
}

impl LexSlot {
    #[inline]
    fn check_of(key: u64) -> u32 {
        ((key >> 32) as u32) | 1
    }
}

impl CaseVocab {
    pub fn new(classes: HashMap<u64, u8, BuildIdentity>) -> CaseVocab {
        CaseVocab::with_clusters(classes, HashMap::default(), Vec::new())
    }

    pub fn with_clusters(
        classes: HashMap<u64, u8, BuildIdentity>,
        clusters: HashMap<u64, u16, BuildIdentity>,
        paths: Vec<[u16; CLUSTER_LEVELS - 1]>,
    ) -> CaseVocab {
        let mut all: HashMap<u64, (u8, u16, u8), BuildIdentity> = HashMap::default();
        for (&k, &c) in &classes {
            all.entry(k).or_default().0 = c;
        }
        for (&k, &c) in &clusters {
            all.entry(k).or_default().1 = c;
        }
        for (k, p) in first_names() {
            all.entry(k).or_default().2 = p;
        }
        let cap = (all.len() * 2 + 16).next_power_of_two();
        let mut slots = vec![LexSlot::default(); cap];
        for (&k, &(class, cluster, person)) in &all {
            let check = LexSlot::check_of(k);
            let mut i = k as usize & (cap - 1);
            // Two words that agree on both the index and the check bits: the first one wins.
            while slots[i].check != 0 && slots[i].check != check {
                i = (i + 1) & (cap - 1);
            }
            if slots[i].check == 0 {
                slots[i] = LexSlot {
                    check,
                    cluster,
                    class,
                    person,
                };
            }
        }
        CaseVocab {
            classes,
            clusters,
            paths,
            slots,
        }
    }

    /// Sets the case class, cluster path and first-name bucket of `t` from its lower-cased
    /// form.
    #[inline]
    pub fn fill(&self, t: &mut TokInfo) {
        let (cls, fine, person) = self.get(t.lw);
        t.cls = cls;
        t.pn = person;
        t.cl[0] = fine;
        if fine != 0 {
            if let Some(p) = self.paths.get(usize::from(fine) - 1) {
                t.cl[1..].copy_from_slice(p);
            }
        }
    }

    /// The class of counts: frequency bucket × share written in lower case.
    pub fn class(total: u32, lower: u32) -> u8 {
        let f = match total {
            0 => return 0,
            1 => 0,
            2..=4 => 1,
            5..=19 => 2,
            _ => 3,
        };
        let r = f64::from(lower) / f64::from(total);
        let c = if lower == 0 {
            0
        } else if r < 0.2 {
            1
        } else if r < 0.6 {
            2
        } else if r < 0.95 {
            3
        } else {
            4
        };
        1 + f * 5 + c
    }

    /// The case class, fine cluster (+ 1) and first-name bucket of a lower-cased word's hash.
    #[inline]
    pub fn get(&self, lw: u64) -> (u8, u16, u8) {
        if self.slots.is_empty() {
            return (0, 0, 0);
        }
        let mask = self.slots.len() - 1;
        let check = LexSlot::check_of(lw);
        let mut i = lw as usize & mask;
        loop {
            let s = self.slots[i];
            if s.check == check {
                return (s.class, s.cluster, s.person);
            }
            if s.check == 0 {
                return (0, 0, 0);
            }
            i = (i + 1) & mask;
        }
    }
}

/// A hasher for keys that are hashes already: the key itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuildIdentity;

impl std::hash::BuildHasher for BuildIdentity {
    type Hasher = Identity;
    fn build_hasher(&self) -> Identity {
        Identity(0)
    }
}

#[derive(Debug)]
pub struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// Reusable buffers for [`prepare_general`].
#[derive(Debug, Default)]
pub struct Scratch {
    lower: String,
    shape: Vec<u8>,
}

const FNV0: u64 = 0xcbf2_9ce4_8422_2325;

#[inline(always)]
fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

/// The shape class of one character of a token (`X`, `x`, `d`, `a` for other letters, the
/// character itself for ASCII punctuation, `*` for the rest), setting the flags it implies;
/// `first` says it starts the token. The general path uses it; the ASCII path's byte table
/// ([`ASCII`]) is built to agree with it, and a test checks every byte.
#[inline(always)]
fn char_class(c: char, first: bool, flags: &mut u16, all_upper: &mut bool) -> u8 {
    if c.is_uppercase() {
        *flags |= flag::HAS_UPPER | flag::HAS_ALPHA;
        if first {
            *flags |= flag::INIT_UPPER;
        }
        b'X'
    } else if c.is_lowercase() {
        *flags |= flag::HAS_ALPHA;
        *all_upper = false;
        b'x'
    } else if c.is_ascii_digit() {
        *flags |= flag::HAS_DIGIT;
        b'd'
    } else if c.is_alphabetic() {
        *flags |= flag::HAS_ALPHA;
        b'a'
    } else {
        if c == '-' {
            *flags |= flag::HAS_HYPHEN;
        }
        if c.is_ascii() {
            c as u8
        } else {
            b'*'
        }
    }
}

/// What [`char_class`] says of an ASCII byte: its shape class, the flag bits it sets (all
/// below 256, and [`SEEN_LOWER`]) and its lower-case form. One table load per byte instead
/// of the `char` tests.
#[derive(Clone, Copy)]
struct AsciiClass {
    class: u8,
    flags: u8,
    lower: u8,
}

/// In [`AsciiClass::flags`]: a lower-case letter (the token is not all upper case). The bit
/// is [`flag::INIT_UPPER`]'s, which the table never sets.
const SEEN_LOWER: u8 = flag::INIT_UPPER as u8;

/// [`AsciiClass`] by byte.
const ASCII: [AsciiClass; 128] = {
    let mut table = [AsciiClass {
        class: 0,
        flags: 0,
        lower: 0,
    }; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        let (class, flags) = if b.is_ascii_uppercase() {
            (b'X', flag::HAS_UPPER | flag::HAS_ALPHA)
        } else if b.is_ascii_lowercase() {
            (b'x', flag::HAS_ALPHA | SEEN_LOWER as u16)
        } else if b.is_ascii_digit() {
            (b'd', flag::HAS_DIGIT)
        } else if b == b'-' {
            (b, flag::HAS_HYPHEN)
        } else {
            (b, 0)
        };
        assert!(flags < 256);
        table[c] = AsciiClass {
            class,
            flags: flags as u8,
            lower: b.to_ascii_lowercase(),
        };
        c += 1;
    }
    table
};

/// The [`AsciiClass`] of a byte below 128.
#[inline(always)]
fn ascii(c: u8) -> AsciiClass {
    ASCII[usize::from(c & 0x7F)]
}

/// [`prepare_partly`] of an ASCII token into `t` (false, `t` untouched, for another), which
/// leaves out what only a scored token and its neighbours need: just the flags and the
/// lower-cased form, which list matching and the choice of tokens to score read. One pass, no
/// buffer, the same hashes; [`complete`] adds the rest.
#[inline]
fn prepare_ascii(b: &[u8], t: &mut TokInfo) -> bool {
    let mut lw = FNV0;
    let (mut bits, mut all) = (0u8, 0u8);
    for &c in b {
        // Tested once at the end rather than before the loop: non-ASCII tokens are rare.
        all |= c;
        let a = ascii(c);
        bits |= a.flags;
        lw = fnv(lw, a.lower);
    }
    if !all.is_ascii() {
        return false;
    }
    let mut flags = u16::from(bits & !SEEN_LOWER);
    if b.first().is_some_and(|&c| c.is_ascii_uppercase()) {
        flags |= flag::INIT_UPPER;
    }
    if flags & flag::HAS_UPPER != 0 && bits & SEEN_LOWER == 0 {
        flags |= flag::ALL_UPPER;
    }
    t.lw = lw;
    t.flags = flags;
    true
}

/// Adds the short shape to the [`TokInfo`] of ASCII token `b` from [`prepare_ascii`] (what
/// the features of a token two away from a scored one read besides `lw`).
fn complete_sshape(b: &[u8], t: &mut TokInfo) {
    let mut ssh = FNV0;
    // No class (the first byte starts a run, even a NUL, whose class is 0).
    let mut last = u16::MAX;
    for &c in b {
        let class = ascii(c).class;
        if u16::from(class) != last {
            ssh = fnv(ssh, class);
            last = u16::from(class);
        }
    }
    t.sshape = ssh;
    t.flags |= flag::SSHAPE;
}

/// Adds the word, shapes and case class to the [`TokInfo`] of ASCII token `b` from
/// [`prepare_ascii`] (what a scored token and its neighbours need).
fn complete_near(b: &[u8], vocab: &CaseVocab, t: &mut TokInfo) {
    let (mut w, mut sh, mut ssh) = (FNV0, FNV0, FNV0);
    let mut last = 0u8;
    let mut run = 0u32;
    for &c in b {
        let class = ascii(c).class;
        w = fnv(w, c);
        if class == last {
            run += 1;
        } else {
            run = 1;
            last = class;
        }
        if run <= 4 {
            sh = fnv(sh, class);
        }
        // As in [`complete_sshape`] (a first NUL is a run of one too).
        if run == 1 {
            ssh = fnv(ssh, class);
        }
    }
    t.w = w;
    t.shape = sh;
    t.sshape = ssh;
    vocab.fill(t);
    t.flags |= flag::SSHAPE | flag::NEAR;
}

/// Adds the prefixes, suffixes and hyphen parts to the [`TokInfo`] of ASCII token `b` (what a
/// scored token's own features read; see [`emit_own`]).
fn complete_affixes(b: &[u8], t: &mut TokInfo) {
    let lower_hash = |part: &[u8]| part.iter().fold(FNV0, |h, &c| fnv(h, ascii(c).lower));
    // The lower-cased first 1 to 3 and last 1 to 4 bytes; the whole token, whose hash `lw`
    // is, when it is no longer (the fixed lengths let the compiler unroll the hashing).
    let n = b.len();
    let pre: [u64; 3] = std::array::from_fn(|k| {
        if k + 1 >= n {
            t.lw
        } else {
            lower_hash(&b[..k + 1])
        }
    });
    let suf: [u64; 4] = std::array::from_fn(|k| {
        if k + 1 >= n {
            t.lw
        } else {
            lower_hash(&b[n - k - 1..])
        }
    });
    let mut hy = [0u64; 2];
    if t.flags & flag::HAS_HYPHEN != 0 {
        let a = b.iter().position(|&c| c == b'-').unwrap_or(0);
        let z = b.iter().rposition(|&c| c == b'-').unwrap_or(0);
        hy = [lower_hash(&b[..a]), lower_hash(&b[z + 1..])];
    }
    t.pre = std::array::from_fn(|k| mix(k as u64, pre[k]));
    t.suf = std::array::from_fn(|k| mix(10 + k as u64, suf[k]));
    t.hy = hy;
    t.flags |= flag::FULL;
}

/// The [`TokInfo`] of one token as written in the text (see [`normalize`]); `gaz`, `FIRST`
/// and `CAPS_SENT` are filled in by the caller. [`Prepared::prepare`](super::Prepared::prepare)
/// does the same in place.
#[cfg(test)]
pub fn prepare_token(text: &str, vocab: &CaseVocab, s: &mut Scratch) -> TokInfo {
    let mut t = TokInfo::default();
    prepare_partly(text, vocab, s, &mut t);
    complete(text.as_bytes(), vocab, &mut t, flag::FULL);
    t
}

/// The [`TokInfo`] of one token as written in the text (see [`normalize`]) into `t` (a
/// default one: written in place, not copied) but, for ASCII tokens, without what
/// [`complete`] adds (the flags [`flag::COMPLETE`] say what is there). Always inlined: a
/// call per token costs more than its ASCII path.
#[inline(always)]
pub fn prepare_partly(text: &str, vocab: &CaseVocab, s: &mut Scratch, t: &mut TokInfo) {
    if !prepare_ascii(text.as_bytes(), t) {
        *t = prepare_general(&normalize(text), vocab, s);
    }
}

/// Completes a [`TokInfo`] from [`prepare_partly`] of the same text, given as bytes, up to
/// level `need` ([`flag::SSHAPE`], [`flag::NEAR`] or [`flag::FULL`]).
#[inline]
pub fn complete(text: &[u8], vocab: &CaseVocab, t: &mut TokInfo, need: u16) {
    // Only an ASCII token is incomplete, and `normalize` leaves it as it is.
    if t.flags & need != 0 {
        return;
    }
    if need == flag::SSHAPE {
        complete_sshape(text, t);
        return;
    }
    if t.flags & flag::NEAR == 0 {
        complete_near(text, vocab, t);
    }
    if need == flag::FULL {
        complete_affixes(text, t);
    }
}

/// A token's text with typographic quotes and dashes as the training text writes them
/// (straight).
pub fn normalize(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
                '\u{2013}' | '\u{2014}' => '-',
                c => c,
            })
            .collect(),
    )
}

/// The complete [`TokInfo`] of any token, char by char (the ASCII path must give the same
/// hashes).
pub(super) fn prepare_general(text: &str, vocab: &CaseVocab, s: &mut Scratch) -> TokInfo {
    let mut info = TokInfo {
        w: hash_str(text),
        ..TokInfo::default()
    };
    s.lower.clear();
    s.shape.clear();
    let mut flags = 0u16;
    let mut all_upper = true;
    let mut last = 0u8;
    let mut run = 0;
    for (i, c) in text.chars().enumerate() {
        let class = char_class(c, i == 0, &mut flags, &mut all_upper);
        if class == last {
            run += 1;
        } else {
            run = 1;
            last = class;
        }
        if run <= 4 {
            s.shape.push(class);
        }
        if c.is_ascii() {
            s.lower.push(c.to_ascii_lowercase());
        } else {
            s.lower.extend(c.to_lowercase());
        }
    }
    if all_upper && flags & flag::HAS_UPPER != 0 {
        flags |= flag::ALL_UPPER;
    }
    info.flags = flags;
    info.lw = hash_str(&s.lower);
    info.shape = hash_bytes(&s.shape);
    s.shape.dedup();
    info.sshape = hash_bytes(&s.shape);
    let lower = s.lower.as_str();
    let mut ends = lower.char_indices().map(|(i, _)| i).skip(1);
    for k in 0..3 {
        let end = ends.next().unwrap_or(lower.len());
        info.pre[k] = mix(k as u64, hash_str(&lower[..end]));
    }
    let mut ends = lower.char_indices().rev().map(|(i, _)| i);
    for k in 0..4 {
        let start = ends.next().unwrap_or(0);
        info.suf[k] = mix(10 + k as u64, hash_str(&lower[start..]));
    }
    if flags & flag::HAS_HYPHEN != 0 {
        if let (Some(a), Some(b)) = (lower.find('-'), lower.rfind('-')) {
            info.hy = [hash_str(&lower[..a]), hash_str(&lower[b + 1..])];
        }
    }
    vocab.fill(&mut info);
    info.flags |= flag::COMPLETE;
    info
}

const PAD: TokInfo = TokInfo {
    w: 0x5157_4152_5400_0001,
    lw: 0x5157_4152_5400_0001,
    shape: 0x5157_4152_5400_0002,
    sshape: 0x5157_4152_5400_0002,
    pre: [0; 3],
    suf: [0; 4],
    hy: [0; 2],
    flags: 0,
    gaz: 0,
    cls: 0xFF,
    cl: [0xFFFF; CLUSTER_LEVELS],
    pn: 0,
    hist: 0,
};

/// Calls `out` with every feature key of token `i` given the two tags to its left.
#[inline]
pub fn emit(toks: &[TokInfo], i: usize, p1: u8, p2: u8, mut out: impl FnMut(u64)) {
    emit_own(&toks[i], &mut out);
    emit_context(toks, i, p1, p2, out);
}

/// What a token's own features depend on: its text (everything [`TokInfo`] derives from it),
/// its place (first in a sentence, in a capitals headline) and its list membership. Tokens
/// with equal keys have equal [`emit_own`] features, so their weights can be summed once.
#[inline]
pub fn own_key(t: &TokInfo) -> u64 {
    mix(
        t.w,
        u64::from(t.flags & (flag::FIRST | flag::CAPS_SENT)) << 8 | u64::from(t.gaz),
    )
}

/// The features of token `t` alone (see [`own_key`]).
#[inline]
pub fn emit_own(t: &TokInfo, mut out: impl FnMut(u64)) {
    let pos = u64::from(t.flags & (flag::FIRST | flag::CAPS_SENT));
    out(key(0, 0));
    out(key(1, t.w));
    out(key(2, t.lw));
    out(key(3, t.shape));
    for (k, h) in t.pre.iter().enumerate() {
        out(key(4 + k as u64, *h));
    }
    for (k, h) in t.suf.iter().enumerate() {
        out(key(7 + k as u64, *h));
    }
    out(key(24, mix(pos, t.shape)));
    out(key(
        25,
        mix(u64::from(t.gaz), u64::from(t.flags & flag::INIT_UPPER)),
    ));
    out(key(28, mix(u64::from(t.cls), pos)));
    out(key(29, mix(u64::from(t.cls), t.sshape)));
    if t.flags & flag::HAS_HYPHEN != 0 {
        out(key(34, t.hy[0]));
        out(key(35, t.hy[1]));
    }
    if t.flags & flag::CAPS_SENT != 0 {
        out(key(36, t.lw));
    }
    // Word clusters at every level.
    if t.cl[0] != 0 {
        for (k, c) in t.cl.iter().enumerate() {
            out(key(41 + k as u64, u64::from(*c)));
        }
        out(key(45, mix(u64::from(t.cl[1]), t.sshape)));
    }
    if t.pn != 0 {
        out(key(
            52,
            mix(u64::from(t.pn), u64::from(t.flags & flag::INIT_UPPER)),
        ));
    }
}

/// The features of token `i` that involve its neighbours, the tags before it or the
/// document.
#[inline]
pub fn emit_context(toks: &[TokInfo], i: usize, p1: u8, p2: u8, mut out: impl FnMut(u64)) {
    emit_tags(p1, p2, &mut out);
    emit_neighbours::<true>(toks, i, p1, out);
}

/// The features of the two tags before a token alone (the tagger sums their weights once per
/// pair of tags).
#[inline]
pub fn emit_tags(p1: u8, p2: u8, mut out: impl FnMut(u64)) {
    let (p1, p2) = (u64::from(p1), u64::from(p2));
    out(key(11, p1));
    out(key(12, p1 * 16 + p2));
}

/// Token `j` of a sentence, or padding before and after it.
#[inline]
pub fn at(toks: &[TokInfo], j: isize) -> &TokInfo {
    if j < 0 || j as usize >= toks.len() {
        &PAD
    } else {
        &toks[j as usize]
    }
}

/// The features of a token that read only the token before it, `m1` (the tagger sums their
/// weights once per [`side_key`]).
#[inline]
pub fn before(m1: &TokInfo) -> [u64; 3] {
    [
        key(15, m1.lw),
        key(33, mix(u64::from(m1.cls), m1.sshape)),
        key(46, u64::from(m1.cl[1])),
    ]
}

/// The features of a token that read only the token after it, `n1`.
#[inline]
pub fn after(n1: &TokInfo) -> [u64; 3] {
    [
        key(16, n1.lw),
        key(32, mix(u64::from(n1.cls), n1.sshape)),
        key(47, u64::from(n1.cl[1])),
    ]
}

/// What [`before`] (or [`after`] if `after`) of a token depend on: its lower-cased form
/// (whose case class and clusters they read) and short shape.
#[inline]
pub fn side_key(t: &TokInfo, after: bool) -> u64 {
    mix(mix(t.lw, t.sshape), 1 + u64::from(after))
}

/// [`emit_context`] but for [`emit_tags`], and for [`before`] and [`after`] unless `SIDES`
/// (in the same order).
#[inline]
pub fn emit_neighbours<const SIDES: bool>(
    toks: &[TokInfo],
    i: usize,
    p1: u8,
    mut out: impl FnMut(u64),
) {
    let i = i as isize;
    let t = at(toks, i);
    let (m1, m2, n1, n2) = (
        at(toks, i - 1),
        at(toks, i - 2),
        at(toks, i + 1),
        at(toks, i + 2),
    );
    let (b, a) = (before(m1), after(n1));
    let p1 = u64::from(p1);
    out(key(13, mix(p1, t.lw)));
    out(key(14, mix(p1, t.sshape)));
    if SIDES {
        out(b[0]);
        out(a[0]);
    }
    out(key(17, m2.lw));
    out(key(18, n2.lw));
    out(key(19, mix(m1.shape, t.sshape)));
    out(key(20, mix(t.sshape, n1.shape)));
    out(key(21, mix(mix(m1.sshape, t.sshape), n1.sshape)));
    out(key(22, mix(m1.lw, t.lw)));
    out(key(23, mix(t.lw, n1.lw)));
    out(key(26, mix(u64::from(m1.gaz), u64::from(t.gaz))));
    out(key(27, mix(u64::from(t.gaz), u64::from(n1.gaz))));
    out(key(30, mix(p1, m1.lw)));
    out(key(31, mix(m1.w, t.w)));
    out(key(55, mix(t.w, n1.w)));
    if SIDES {
        out(a[1]);
        out(b[1]);
    }
    if t.flags & flag::CAPS_SENT != 0 {
        out(key(37, mix(m1.lw, t.lw)));
    }
    out(key(38, mix(p1, n1.lw)));
    out(key(39, mix(m2.sshape, m1.sshape)));
    out(key(40, mix(n1.sshape, n2.sshape)));
    // Neighbours' word clusters.
    if SIDES {
        out(b[2]);
        out(a[2]);
    }
    out(key(48, mix(u64::from(m1.cl[2]), u64::from(t.cl[2]))));
    out(key(49, mix(u64::from(t.cl[2]), u64::from(n1.cl[2]))));
    if t.pn | m1.pn | n1.pn != 0 {
        out(key(53, mix(u64::from(m1.pn), u64::from(t.pn))));
        out(key(54, mix(u64::from(t.pn), u64::from(n1.pn))));
    }
    if t.hist != 0 {
        out(key(50, u64::from(t.hist)));
        out(key(51, mix(u64::from(t.hist), t.sshape)));
    }
}

/// Decodes a tag sequence into `(first token, end token, type)` entity spans.
pub fn spans(tags: &[u8], out: &mut Vec<(usize, usize, u8)>) {
    let mut i = 0;
    while i < tags.len() {
        let t = tags[i];
        if t == 0 {
            i += 1;
            continue;
        }
        let ty = tag_type(t);
        let mut j = i + 1;
        while j < tags.len() && tags[j] != 0 && tags[j] % 2 == 0 && tag_type(tags[j]) == ty {
            j += 1;
        }
        out.push((i, j, ty));
        i = j;
    }
}
