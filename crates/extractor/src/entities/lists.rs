//! The name lists built into `extract.entities`: places (GPE), regions (LOC), nationalities and
//! groups (NORP) and organisations (ORG). They serve twice: as tagger features (a token starts
//! or continues a listed name) and to map the tagger's CoNLL types to OntoNotes labels
//! ([`Lists::label`]).
//!
//! Sources: `pipelines/gazetteers/countries.tsv` (Debian iso-codes) and `news.tsv` (by hand),
//! `models/ner-gpe.tsv` (GeoNames cities, US states, countries; `scripts/make-ner-lists.py`),
//! and `lists/norp.tsv` beside this file (by hand).

use std::collections::{HashMap, HashSet};

use super::features::{flag, hash_str, BuildIdentity, TokInfo};

const COUNTRIES: &str = include_str!("../../../../pipelines/gazetteers/countries.tsv");
const NEWS: &str = include_str!("../../../../pipelines/gazetteers/news.tsv");
const GPE: &str = include_str!("../../../../models/ner-gpe.tsv");
const NORP: &str = include_str!("lists/norp.tsv");

/// Regions, landforms and waters: OntoNotes LOC, not GPE.
const LOC: &[&str] = &[
    "Europe",
    "Asia",
    "Africa",
    "North America",
    "South America",
    "Latin America",
    "Antarctica",
    "Oceania",
    "Middle East",
    "Near East",
    "Far East",
    "Balkans",
    "Caucasus",
    "Gulf",
    "Persian Gulf",
    "Mediterranean",
    "Atlantic",
    "Pacific",
    "Indian Ocean",
    "Arctic",
    "Black Sea",
    "Baltic",
    "Caribbean",
    "Sahara",
    "Himalayas",
    "Alps",
    "Scandinavia",
    "Central Asia",
    "Southeast Asia",
    "East Asia",
    "South Asia",
    "West Africa",
    "East Africa",
    "North Africa",
    "Horn of Africa",
    "Western Europe",
    "Eastern Europe",
    "Central Europe",
    "Asia-Pacific",
    "Siberia",
    "Amazon",
    "Nile",
    "Danube",
    "Rhine",
    "Mekong",
    "Red Sea",
    "South China Sea",
    "North Sea",
    "Gulf of Mexico",
    "Korean Peninsula",
    "Sinai",
    "Golan Heights",
    "West",
    "East",
    "Midwest",
    "Silicon Valley",
    "Wall Street",
];

/// The kinds of listed names; each sets two bits of [`TokInfo::gaz`] (B, I).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Gpe = 0,
    Loc = 1,
    Norp = 2,
    Org = 3,
}

impl Kind {
    /// The [`TokInfo::gaz`] bit of a token that starts a name of this kind (the next bit up
    /// marks the tokens inside one).
    pub const fn start_bit(self) -> u8 {
        1 << (2 * self as u8)
    }

    fn parse(label: &str) -> Option<Kind> {
        Some(match label {
            "GPE" => Kind::Gpe,
            "LOC" => Kind::Loc,
            "NORP" => Kind::Norp,
            "ORG" => Kind::Org,
            _ => return None,
        })
    }
}

const BLOOM_BITS: u32 = 19;
/// The words of a [`Bloom`] (a fixed size: indexing it needs no bounds check).
const BLOOM_WORDS: usize = 1 << (BLOOM_BITS - 6);

/// A Bloom filter of hashes, two bits each in 2^19 (64 KB): most tokens start no listed name,
/// and it says so without a probe in [`Lists::slots`].
#[derive(Debug)]
struct Bloom(Box<[u64; BLOOM_WORDS]>);

impl Bloom {
    fn new() -> Bloom {
        Bloom(Box::new([0; BLOOM_WORDS]))
    }

    /// The two bits of hash `h`. FNV's high bits hardly depend on a word's last letter (`and`
    /// would share a bit with a listed `ana`): they are mixed first.
    #[inline(always)]
    fn bits(h: u64) -> (usize, usize) {
        let m = h.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let m = m ^ (m >> 29);
        (
            (m >> (64 - BLOOM_BITS)) as usize,
            (m & ((1 << BLOOM_BITS) - 1)) as usize,
        )
    }

    fn insert(&mut self, h: u64) {
        let (a, b) = Bloom::bits(h);
        self.0[a >> 6] |= 1 << (a & 63);
        self.0[b >> 6] |= 1 << (b & 63);
    }

    /// False: `h` was surely not inserted.
    #[inline(always)]
    fn may_have(&self, h: u64) -> bool {
        let (a, b) = Bloom::bits(h);
        (self.0[a >> 6] >> (a & 63)) & (self.0[b >> 6] >> (b & 63)) & 1 != 0
    }
}

/// The key of a name's first two words in [`Lists::pairs`].
#[inline(always)]
fn pair(first: u64, second: u64) -> u64 {
    first.rotate_left(29) ^ second
}

/// The names that start with one first word, in [`Lists::slots`]: the first word's
/// lower-cased hash (0 for an empty slot; a first word hashed to 0 is never listed), the
/// first of its one-word names (its index + 1, 0 if none), and where its names of several
/// words are in [`Lists::seconds`] (longest first).
#[derive(Clone, Copy, Debug, Default)]
struct Head {
    key: u64,
    single: u32,
    start: u32,
    len: u32,
}

/// The built-in lists, matched token by token regardless of case (its words are compared by their lower-cased hashes, which the
/// tagger computes anyway): one probe per token whose word may start a listed name.
#[derive(Debug)]
pub struct Lists {
    /// Lower-cased first word → its names, an open-addressing table (at most half full).
    slots: Vec<Head>,
    /// Per name of several words, grouped by first word: the hash of its second word (kept
    /// apart so that scanning a common first word's names reads little memory) …
    seconds: Vec<u64>,
    /// … where its words after the second are in `words`, and its index in `names`.
    rests: Vec<(u32, u32, u32)>,
    words: Vec<u64>,
    /// The first words' hashes.
    heads: Bloom,
    /// The first two words' [`pair`]s of the names of several words: after a common first
    /// word (`the`, `in`), most second words start none, and this says so without a scan of
    /// `seconds`.
    pairs: Bloom,
    names: Vec<String>,
    name_kinds: Vec<Kind>,
    /// [`lower_hash`] of a name → kind (the first list to name it wins).
    kinds: HashMap<u64, Kind, BuildIdentity>,
    /// [`hash_str`] of each one-word country name and code as written (`Ukraine`, `US`).
    countries: HashSet<u64, BuildIdentity>,
}

/// The hash of a text's lower-cased form (`hash_str(&text.to_lowercase())` for texts without
/// a final capital sigma), computed without building it.
fn lower_hash(text: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut step = |b: u8| h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    if text.is_ascii() {
        text.bytes().for_each(|b| step(b.to_ascii_lowercase()));
    } else {
        let mut buf = [0u8; 4];
        for c in text.chars().flat_map(char::to_lowercase) {
            c.encode_utf8(&mut buf).bytes().for_each(&mut step);
        }
    }
    h
}

impl Default for Lists {
    fn default() -> Self {
        Lists::new()
    }
}

impl Lists {
    pub fn new() -> Lists {
        let mut names: Vec<String> = Vec::new();
        let mut kinds = Vec::new();
        let mut by_name = HashMap::new();
        let mut add = |name: &str, kind: Kind| {
            let lower = name.to_lowercase();
            if let std::collections::hash_map::Entry::Vacant(slot) = by_name.entry(lower) {
                slot.insert(kind);
                names.push(name.to_string());
                kinds.push(kind);
            }
        };
        // Hand-made lists first: they decide a name that a bigger list also has.
        for &name in LOC {
            add(name, Kind::Loc);
        }
        let mut countries = HashSet::default();
        for (text, of_countries) in [
            (NEWS, false),
            (NORP, false),
            (COUNTRIES, true),
            (GPE, false),
        ] {
            for line in text.lines() {
                if line.starts_with('#') {
                    continue;
                }
                if let Some((name, label)) = line.split_once('\t') {
                    if let Some(kind) = Kind::parse(label.trim()) {
                        add(name.trim(), kind);
                    }
                    if of_countries && !name.contains(' ') {
                        countries.insert(hash_str(name));
                    }
                }
            }
        }
        // First word → (its names of several words as (their other words, index), its
        // first one-word name), in the order of `names`.
        type Group = (Vec<(Vec<u64>, u32)>, Option<u32>);
        let mut index: HashMap<u64, Group, BuildIdentity> = HashMap::default();
        let mut order = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let mut words = name
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| hash_str(&w.to_lowercase()));
            let Some(head) = words.next() else { continue };
            let rest: Vec<u64> = words.collect();
            let group = index.entry(head).or_insert_with(|| {
                order.push(head);
                Default::default()
            });
            if rest.is_empty() {
                group.1.get_or_insert(i as u32);
            } else {
                group.0.push((rest, i as u32));
            }
        }
        let cap = (index.len() * 2 + 16).next_power_of_two();
        let mut slots = vec![Head::default(); cap];
        let (mut seconds, mut rests, mut all_words) = (Vec::new(), Vec::new(), Vec::new());
        let (mut heads, mut pairs) = (Bloom::new(), Bloom::new());
        for head in order {
            if head == 0 {
                continue;
            }
            let (mut multi, single) = index.remove(&head).unwrap();
            // Longest first; among equally long ones, list order.
            multi.sort_by_key(|t| std::cmp::Reverse(t.0.len()));
            let start = seconds.len() as u32;
            for (rest, name) in &multi {
                pairs.insert(pair(head, rest[0]));
                seconds.push(rest[0]);
                rests.push((all_words.len() as u32, rest.len() as u32 - 1, *name));
                all_words.extend_from_slice(&rest[1..]);
            }
            let mut i = head as usize & (cap - 1);
            while slots[i].key != 0 {
                i = (i + 1) & (cap - 1);
            }
            slots[i] = Head {
                key: head,
                single: single.map_or(0, |n| n + 1),
                start,
                len: multi.len() as u32,
            };
            heads.insert(head);
        }
        Lists {
            slots,
            seconds,
            rests,
            words: all_words,
            heads,
            pairs,
            names,
            name_kinds: kinds,
            kinds: by_name.iter().map(|(n, k)| (hash_str(n), *k)).collect(),
            countries,
        }
    }

    /// Whether a token's text hash ([`TokInfo::w`]) is a one-word country name or code.
    pub fn is_country(&self, w: u64) -> bool {
        self.countries.contains(&w)
    }

    /// The names that start with lower-cased word `lw`.
    #[inline]
    fn head(&self, lw: u64) -> Option<&Head> {
        if lw == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = lw as usize & mask;
        loop {
            let h = &self.slots[i];
            if h.key == lw {
                return Some(h);
            }
            if h.key == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// The longest listed name that starts at token `i`: its kind, index and token count.
    /// Inlined but for the names of several words: most tokens stop at the filter, and most
    /// of the others start none of those.
    #[inline(always)]
    fn match_at(&self, toks: &[TokInfo], i: usize) -> Option<(Kind, u32, usize)> {
        let lw = toks[i].lw;
        if !self.heads.may_have(lw) {
            return None;
        }
        let h = self.head(lw)?;
        let next = toks.get(i + 1).map_or(0, |t| t.lw);
        if h.len > 0 && self.pairs.may_have(pair(lw, next)) {
            if let Some(longer) = self.match_longer(h, toks, i) {
                return Some(longer);
            }
        }
        match h.single {
            0 => None,
            n => Some((self.name_kinds[n as usize - 1], n - 1, 1)),
        }
    }

    /// The longest listed name of several words that starts at token `i`, whose first word
    /// starts the names `h`.
    #[inline(never)]
    fn match_longer(&self, h: &Head, toks: &[TokInfo], i: usize) -> Option<(Kind, u32, usize)> {
        let next = toks.get(i + 1)?;
        let (a, z) = (h.start as usize, (h.start + h.len) as usize);
        for (k, &second) in self.seconds[a..z].iter().enumerate() {
            if second != next.lw {
                continue;
            }
            let (ws, wn, name) = self.rests[a + k];
            let rest = &self.words[ws as usize..(ws + wn) as usize];
            if let Some(more) = toks.get(i + 2..i + 2 + rest.len()) {
                if more.iter().zip(rest).all(|(t, h)| t.lw == *h) {
                    return Some((self.name_kinds[name as usize], name, 2 + rest.len()));
                }
            }
        }
        None
    }

    /// Sets the `gaz` bits of tokens `spans` of `text` (with their infos `toks`) that listed
    /// names cover (leftmost-longest), and appends to `multiword` the listed names of two or
    /// more words written exactly as listed (leftmost-longest among those that start with a
    /// capital): `(start, end, label)`. One scan for both: a token is looked up once.
    pub fn mark(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        toks: &mut [TokInfo],
        multiword: &mut Vec<(usize, usize, &'static str)>,
    ) {
        // Where the next name may start, for the marks and for the names of several words.
        let (mut mark_from, mut multi_from) = (0, 0);
        for i in 0..toks.len() {
            let mark = i >= mark_from;
            let multi = i >= multi_from && toks[i].flags & flag::HAS_UPPER != 0;
            if !(mark || multi) {
                continue;
            }
            let Some((kind, name, len)) = self.match_at(toks, i) else {
                continue;
            };
            if mark {
                let bit = kind.start_bit();
                toks[i].gaz |= bit;
                for tok in &mut toks[i + 1..i + len] {
                    tok.gaz |= bit << 1;
                }
                mark_from = i + len;
            }
            if multi && len >= 2 {
                let (s, e) = (spans[i].0, spans[i + len - 1].1);
                if text[s..e] == self.names[name as usize] {
                    let label = match kind {
                        Kind::Gpe => "GPE",
                        Kind::Loc => "LOC",
                        Kind::Norp => "NORP",
                        Kind::Org => "ORG",
                    };
                    multiword.push((s, e, label));
                }
                multi_from = i + len;
            }
        }
    }

    pub fn kind(&self, name: &str) -> Option<Kind> {
        self.kinds.get(&lower_hash(name)).copied()
    }

    /// The OntoNotes label of an entity the tagger typed `coarse` (1 PER, 2 ORG, 3 LOC,
    /// 4 MISC); `before` is the word before it (for `in English`).
    pub fn label(&self, text: &str, coarse: u8, before: &str) -> &'static str {
        let bare = text
            .strip_prefix("the ")
            .or_else(|| text.strip_prefix("The "))
            .unwrap_or(text);
        match coarse {
            1 => "PERSON",
            2 => "ORG",
            3 => match self.kind(bare) {
                Some(Kind::Gpe) => "GPE",
                // `White House`, `Kremlin`: seats of power that news copy means as bodies.
                Some(Kind::Org) => "ORG",
                Some(Kind::Loc) => "LOC",
                _ if is_facility(bare) => "FAC",
                _ if ends_with_any(
                    bare,
                    &[
                        "Republic",
                        "Kingdom",
                        "Province",
                        "County",
                        "City",
                        "State",
                        "States",
                        "Oblast",
                        "Territory",
                        "Emirates",
                    ],
                ) =>
                {
                    "GPE"
                }
                _ if bare.contains(['-', '/'])
                    && bare
                        .split(['-', '/'])
                        .all(|p| self.kind(p) == Some(Kind::Gpe)) =>
                {
                    "GPE"
                }
                _ => "LOC",
            },
            _ => misc_label(self, bare, self.kind(bare), before),
        }
    }
}

fn ends_with_any(text: &str, words: &[&str]) -> bool {
    text.rsplit(' ')
        .next()
        .is_some_and(|last| words.contains(&last))
}

fn has_word(text: &str, words: &[&str]) -> bool {
    text.split([' ', '-']).any(|w| words.contains(&w))
}

fn is_facility(text: &str) -> bool {
    has_word(
        text,
        &[
            "Airport", "Bridge", "Street", "Stadium", "Square", "Palace", "Tower", "Avenue",
            "Road", "Highway", "Station", "Hotel", "Arena", "Park", "Canal", "Dam", "Prison",
            "Base", "Center", "Centre", "Port", "Harbour", "Harbor",
        ],
    )
}

const LANGUAGES: &[&str] = &[
    "English",
    "French",
    "German",
    "Spanish",
    "Russian",
    "Arabic",
    "Chinese",
    "Mandarin",
    "Cantonese",
    "Japanese",
    "Italian",
    "Portuguese",
    "Hindi",
    "Urdu",
    "Hebrew",
    "Farsi",
    "Persian",
    "Turkish",
    "Ukrainian",
    "Polish",
    "Dutch",
    "Greek",
    "Korean",
    "Swahili",
    "Latin",
];

fn misc_label(lists: &Lists, text: &str, listed: Option<Kind>, before: &str) -> &'static str {
    let single = !text.contains(' ');
    if single && LANGUAGES.contains(&text) {
        if matches!(
            before,
            "in" | "speak" | "speaks" | "spoke" | "speaking" | "into"
        ) {
            return "LANGUAGE";
        }
        return "NORP";
    }
    if listed == Some(Kind::Norp) || text == "Arabic" {
        return if text == "Arabic" { "LANGUAGE" } else { "NORP" };
    }
    if has_word(
        text,
        &[
            "Act",
            "Treaty",
            "Law",
            "Constitution",
            "Accord",
            "Accords",
            "Amendment",
            "Convention",
            "Charter",
            "Protocol",
            "Code",
            "Bill",
            "Directive",
            "Doctrine",
        ],
    ) {
        return "LAW";
    }
    if has_word(
        text,
        &[
            "Cup",
            "Championship",
            "Championships",
            "Games",
            "Olympics",
            "Olympic",
            "Open",
            "War",
            "Prix",
            "Tour",
            "Summit",
            "Conference",
            "Election",
            "Elections",
            "Festival",
            "Series",
            "Revolution",
            "Crisis",
            "Trophy",
            "Marathon",
            "Rally",
            "Classic",
            "Masters",
            "Dialogue",
            "Talks",
            "Forum",
            "Congress",
            "Expo",
            "Week",
            "Day",
            "Derby",
            "Final",
            "Finals",
            "Grand",
            "Slam",
            "Bowl",
            "Crusade",
            "Massacre",
            "Uprising",
            "Holocaust",
            "Spring",
            "Offensive",
            "Operation",
            "Storm",
            "Hurricane",
        ],
    ) || text.chars().any(|c| c.is_ascii_digit())
    {
        return "EVENT";
    }
    if has_word(
        text,
        &[
            "Index", "Boeing", "Airbus", "iPhone", "Windows", "Android", "Jeep", "Toyota", "Ford",
            "Model", "Mark", "Sputnik", "Soyuz", "Concorde",
        ],
    ) {
        return "PRODUCT";
    }
    if single {
        // Adjectives and plurals of peoples and places (`Kenyan`, `Bosnians`, `Azeri`,
        // `pro-Western` …) are by far the commonest single-word MISC in news.
        return "NORP";
    }
    if text.split(' ').any(|w| lists.kind(w) == Some(Kind::Norp)) && text.split(' ').count() <= 3 {
        // `Bosnian Serb`, `Shi'ite Moslem`: groups.
        return "NORP";
    }
    "EVENT"
}
