//! The tagger's weights: an averaged perceptron over hashed features, greedy left to right.
//!
//! At run time the weights are an open-addressing table from a feature's hash to its nine tag
//! weights, quantised to `i8` (a slot is 16 bytes: one probe touches one cache line). The model file
//! stores only the features with a non-zero weight, sorted by hash, delta- and
//! varint-encoded.
//!
//! File layout (all integers LEB128 varints unless said otherwise):
//! `NPNER3\n`, scale (f32 LE), feature count, then per feature the hash delta and its nine
//! zigzag weights; then the case-vocabulary count and per entry the hash delta and the class
//! byte; then the word-cluster count and per entry the hash delta and the fine cluster (+ 1);
//! then the fine-cluster count and per fine cluster its coarser clusters (+ 1). `NPNER2`
//! files are the same without the clusters.

use std::collections::HashMap;

use super::features::{
    self, allowed, flag, BuildIdentity, CaseVocab, History, TokInfo, CLUSTER_LEVELS, NT, START,
};

const MAGIC: &[u8] = b"NPNER3\n";
const MAGIC_NO_CLUSTERS: &[u8] = b"NPNER2\n";

/// The most features [`features::emit`] gives one token.
const MAX_FEATURES: usize = 64;

/// Four slots per 64-byte line: a probe never straddles two cache lines.
///
/// `w` holds the nine tag weights and three zeros, `check` the feature hash's high 32 bits
/// (0 for an empty slot). The check is a field of its own so that it is one load, and the
/// weights are added as twelve lanes.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(16))]
struct Slot {
    w: [i8; 12],
    check: u32,
}

impl Slot {
    const EMPTY: Slot = Slot {
        w: [0; 12],
        check: 0,
    };

    #[inline(always)]
    fn check(&self) -> u32 {
        self.check
    }

    fn new(check: u32, w: [i8; NT]) -> Slot {
        let mut slot = Slot { w: [0; 12], check };
        slot.w[..NT].copy_from_slice(&w);
        slot
    }
}

/// Score lanes as [`Slot`]s lay them out (lanes `NT..` are ignored).
type Lanes = [i16; 12];

/// Quantised weights keyed by feature hash.
#[derive(Debug)]
pub struct Weights {
    slots: Vec<Slot>,
    mask: usize,
    len: usize,
    /// A Bloom filter of the keys (two bits each in 2^20; 128 KB, so it stays in the L2
    /// cache): most features a token has are not in the model, and the filter answers for
    /// them without touching the table. An array, so that a bit's index needs no check.
    bloom: Box<[u64; BLOOM_WORDS]>,
}

const BLOOM_BITS: u32 = 20;
const BLOOM_WORDS: usize = 1 << (BLOOM_BITS - 6);

#[inline(always)]
fn bloom_bits(key: u64) -> (usize, usize) {
    let m = (1u64 << BLOOM_BITS) - 1;
    (((key >> 12) & m) as usize, ((key >> 40) & m) as usize)
}

impl Weights {
    fn with_capacity(n: usize) -> Self {
        // A sixth to a third full: a lookup probes 1.2 slots on average,
        // against 2.1 at two thirds. The table (4 MB for the CoNLL model) is larger than the
        // L2 cache either way, and the simulated L1 misses of the tagger fall.
        let cap = (n * 3 + 16).next_power_of_two();
        Weights {
            slots: vec![Slot::EMPTY; cap],
            mask: cap - 1,
            len: 0,
            bloom: vec![0; BLOOM_WORDS].try_into().unwrap(),
        }
    }

    fn check_of(key: u64) -> u32 {
        ((key >> 32) as u32) | 1
    }

    fn insert(&mut self, key: u64, w: [i8; NT]) {
        let (a, b) = bloom_bits(key);
        self.bloom[a >> 6] |= 1 << (a & 63);
        self.bloom[b >> 6] |= 1 << (b & 63);
        let check = Self::check_of(key);
        let mut i = key as usize & self.mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.check() == 0 {
                *slot = Slot::new(check, w);
                self.len += 1;
                return;
            }
            if slot.check() == check {
                // Two features agreeing on all 64 bits but for the index bits: add them up.
                for (a, b) in slot.w.iter_mut().zip(w) {
                    *a = a.saturating_add(b);
                }
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Whether `key` may be in the table (false: it surely is not).
    #[inline(always)]
    fn may_have(&self, key: u64) -> bool {
        let (a, b) = bloom_bits(key);
        (self.bloom[a >> 6] >> (a & 63)) & (self.bloom[b >> 6] >> (b & 63)) & 1 != 0
    }

    /// The slots as a slice of `mask + 1`: an index masked by `mask` needs no bounds check.
    #[inline(always)]
    fn table(&self) -> &[Slot] {
        &self.slots[..=self.mask]
    }

    #[inline]
    fn add_to(&self, key: u64, lanes: &mut Lanes) {
        Self::probe(self.table(), self.mask, key, lanes);
    }

    #[inline(always)]
    fn probe(slots: &[Slot], mask: usize, key: u64, lanes: &mut Lanes) {
        let check = Self::check_of(key);
        let mut i = key as usize & mask;
        loop {
            let slot = &slots[i];
            let c = slot.check();
            if c == check {
                // At most 64 features × 127: no lane of a weight overflows an i16.
                for (s, w) in lanes.iter_mut().zip(slot.w) {
                    *s = s.wrapping_add(i16::from(w));
                }
                return;
            }
            if c == 0 {
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// A [`Gather`] into `keys`.
    #[inline(always)]
    fn gather<'a>(&'a self, keys: &'a mut [u64; MAX_FEATURES]) -> Gather<'a> {
        Gather {
            weights: self,
            slots: self.table(),
            keys,
            n: 0,
            seen: 0,
        }
    }

    /// [`Weights::add_to`] for every key.
    #[inline]
    fn add_all(&self, keys: &[u64], lanes: &mut Lanes) {
        let slots = self.table();
        let mut sum = *lanes;
        for &k in keys {
            Self::probe(slots, self.mask, k, &mut sum);
        }
        *lanes = sum;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Puts the keys of features that may be in the table into a buffer, and reads each one's
/// first slot on the way: with no branch between them the cache misses overlap (the table is
/// larger than the L2 cache), and [`Weights::add_all`] finds the lines loaded.
struct Gather<'a> {
    weights: &'a Weights,
    slots: &'a [Slot],
    keys: &'a mut [u64; MAX_FEATURES],
    n: usize,
    seen: u32,
}

impl Gather<'_> {
    #[inline(always)]
    fn push(&mut self, k: u64) {
        self.keys[self.n] = k;
        let may = self.weights.may_have(k);
        self.n += usize::from(may);
        // A key surely not in the table reads slot 0 (no cache miss).
        let at = if may {
            k as usize & self.weights.mask
        } else {
            0
        };
        self.seen = self.seen.wrapping_add(self.slots[at].check());
    }

    /// How many keys were kept.
    #[inline(always)]
    fn finish(self) -> usize {
        std::hint::black_box(self.seen);
        self.n
    }
}

/// A trained model: weights and the case vocabulary its features were trained with.
#[derive(Debug)]
pub struct Model {
    pub weights: Weights,
    pub vocab: CaseVocab,
    /// The summed weights of [`features::emit_tags`] by the two tags before a token.
    by_tags: [[Lanes; NT + 1]; NT + 1],
    /// Tells this model's entries in the [`CACHE`] from another model's.
    id: u64,
}

/// Slots of [`Cache::sums`] (a power of two; 512 KB).
const SUM_SLOTS: usize = 16384;

/// What the tagger reuses from one token to the next.
struct Cache {
    /// Summed weights of features by what they depend on and model, direct-mapped: a
    /// token's own features ([`features::emit_own`]) by [`features::own_key`], and the
    /// features of the token before or after a scored one by [`features::side_key`].
    /// Capitalised words repeat (names, `The`, `He`), and so do the words around them (`the`,
    /// `,`, `said`): a hit replaces a third of a token's lookups (own) or three (a side)
    /// with one.
    sums: Vec<(u64, Lanes)>,
    /// The keys of the features being looked up.
    keys: [u64; MAX_FEATURES],
}

thread_local! {
    static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::new(Cache {
        sums: vec![(0, [0; 12]); SUM_SLOTS],
        keys: [0; MAX_FEATURES],
    });
}

/// Adds `b` to `a` lane by lane.
#[inline(always)]
fn add_lanes(a: &mut Lanes, b: &Lanes) {
    for (x, y) in a.iter_mut().zip(b) {
        *x = x.wrapping_add(*y);
    }
}

/// Gives every model loaded an [`Model::id`] of its own.
static MODELS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Whether the tagger looks at token `i` at all: tokens without a capital letter after an
/// `O` are `O` (a lower-case word almost never starts a name), except numbers before a
/// capitalised word (`1860 Munich`). This keeps the cost on the few tokens that can matter.
#[inline]
pub fn worth_scoring(toks: &[TokInfo], i: usize, prev: u8) -> bool {
    let f = toks[i].flags;
    if f & features::flag::HAS_UPPER != 0 || (prev != 0 && prev != START) {
        return true;
    }
    f & features::flag::HAS_DIGIT != 0
        && toks
            .get(i + 1)
            .is_some_and(|n| n.flags & features::flag::INIT_UPPER != 0)
}

/// Lower-case words that continue a name (`Bank of England`, `Vincent van Gogh`, `Queen 's
/// Park`): CoNLL-2003's training names continue over these and punctuation, and over another
/// lower-case word in 54 of its 23,499 names.
const CONNECTORS: &[&str] = &[
    "of", "and", "the", "for", "in", "on", "at", "de", "van", "der", "den", "et", "al", "da", "la",
    "le", "les", "du", "des", "del", "della", "dello", "degli", "dal", "di", "do", "dos", "das",
    "von", "zu", "y", "e", "wa", "bin", "ibn", "bint", "'s",
];

/// The hashes of [`CONNECTORS`] as [`TokInfo::lw`] has them.
fn connectors() -> &'static [u64] {
    static HASHES: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| CONNECTORS.iter().map(|w| features::hash_str(w)).collect())
}

/// [`worth_scoring`] at run time: after a name, also a lower-case word only if it is a
/// [`CONNECTORS`] word or punctuation; any other ends the name unscored (`the Austar board`,
/// `the first Test against Australia`). In the sample corpus 30 % of the tokens scored were
/// lower-case words or punctuation after a name, and 3 % of those continued it. Training
/// scores them all: over four seeds the rule moves valid F1 by -0.0002, the same as when the
/// models are retrained with it.
#[inline]
fn worth_tagging(toks: &[TokInfo], i: usize, prev: u8) -> bool {
    let f = toks[i].flags;
    if f & features::flag::HAS_UPPER != 0 || prev == 0 || prev == START {
        return worth_scoring(toks, i, prev);
    }
    f & features::flag::HAS_DIGIT != 0
        || f & features::flag::HAS_ALPHA == 0
        || connectors().contains(&toks[i].lw)
}

impl Model {
    /// Tags one sentence greedily into `out` (cleared first).
    ///
    /// `complete(j, token, need)` is called on the tokens around a scored one that lack
    /// `need` (see [`features::complete`]), before their features are read: most tokens are
    /// never scored nor next to one.
    pub fn tag(
        &self,
        toks: &mut [TokInfo],
        history: &mut History,
        out: &mut Vec<u8>,
        mut complete: impl FnMut(usize, &mut TokInfo, u16),
    ) {
        out.clear();
        CACHE.with_borrow_mut(|cache| {
            let (mut p1, mut p2) = (START, START);
            for i in 0..toks.len() {
                let tag = if worth_tagging(toks, i, p1) {
                    for (j, t) in toks
                        .iter_mut()
                        .enumerate()
                        .take(i + 3)
                        .skip(i.saturating_sub(2))
                    {
                        // Of the tokens two away, the features read only `lw` and the
                        // short shape.
                        let need = if j.abs_diff(i) == 2 {
                            flag::SSHAPE
                        } else {
                            flag::NEAR
                        };
                        if t.flags & need == 0 {
                            complete(j, t, need);
                        }
                    }
                    toks[i].hist = history.of(toks[i].lw);
                    let own = self.own_lanes(&mut toks[i], cache, |t| complete(i, t, flag::FULL));
                    best(&self.scores(own, toks, i, p1, p2, cache), p1)
                } else {
                    0
                };
                history.record(&toks[i], tag);
                out.push(tag);
                p2 = p1;
                p1 = tag;
            }
        });
    }

    /// The tag scores of token `i` after tags `p1`, `p2`, given its own features' weights:
    /// its tags' from a table, those of the tokens beside it alone from the cache, the
    /// rest looked up.
    #[inline]
    fn scores(
        &self,
        own: Lanes,
        toks: &[TokInfo],
        i: usize,
        p1: u8,
        p2: u8,
        cache: &mut Cache,
    ) -> [i16; NT] {
        let mut lanes = own;
        add_lanes(&mut lanes, &self.by_tags[usize::from(p1)][usize::from(p2)]);
        let (m1, n1) = (
            features::at(toks, i as isize - 1),
            features::at(toks, i as isize + 1),
        );
        let b = self.cached(cache, features::side_key(m1, false), |g| {
            for k in features::before(m1) {
                g.push(k);
            }
        });
        add_lanes(&mut lanes, &b);
        let a = self.cached(cache, features::side_key(n1, true), |g| {
            for k in features::after(n1) {
                g.push(k);
            }
        });
        add_lanes(&mut lanes, &a);
        let mut g = self.weights.gather(&mut cache.keys);
        features::emit_neighbours::<false>(toks, i, p1, |k| g.push(k));
        let n = g.finish();
        self.weights.add_all(&cache.keys[..n], &mut lanes);
        std::array::from_fn(|t| lanes[t])
    }

    /// [`Model::scores`] through the thread's caches, and without them (every feature looked
    /// up): the two must agree. The tokens must be complete.
    #[cfg(test)]
    pub fn scores_both_ways(&self, toks: &[TokInfo], i: usize, p1: u8, p2: u8) -> [[i16; NT]; 2] {
        let cached = CACHE.with_borrow_mut(|cache| {
            let own = self.own_lanes(&mut toks[i].clone(), cache, |_| unreachable!());
            self.scores(own, toks, i, p1, p2, cache)
        });
        let mut lanes: Lanes = [0; 12];
        features::emit(toks, i, p1, p2, |k| self.weights.add_to(k, &mut lanes));
        [cached, std::array::from_fn(|t| lanes[t])]
    }

    /// The summed weights of `t`'s own features through the cache (after `complete(t)` if
    /// `t` lacks [`flag::FULL`]: the affixes are read only here).
    #[inline]
    fn own_lanes(
        &self,
        t: &mut TokInfo,
        cache: &mut Cache,
        complete: impl FnOnce(&mut TokInfo),
    ) -> Lanes {
        self.cached(cache, features::own_key(t), |g| {
            if t.flags & flag::FULL == 0 {
                complete(t);
            }
            features::emit_own(t, |k| g.push(k));
        })
    }

    /// The summed weights of the features `emit` gives, from the cache by `key` (what they
    /// depend on) or computed into it.
    #[inline]
    fn cached(&self, cache: &mut Cache, key: u64, emit: impl FnOnce(&mut Gather)) -> Lanes {
        let key = features::mix(key, self.id) | 1;
        let slot = &mut cache.sums[key as usize & (SUM_SLOTS - 1)];
        if slot.0 == key {
            return slot.1;
        }
        let mut g = self.weights.gather(&mut cache.keys);
        emit(&mut g);
        let n = g.finish();
        let mut lanes: Lanes = [0; 12];
        self.weights.add_all(&cache.keys[..n], &mut lanes);
        *slot = (key, lanes);
        lanes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, String> {
        let mut r = Reader { bytes, at: 0 };
        let with_clusters = bytes.starts_with(MAGIC);
        if !with_clusters && !bytes.starts_with(MAGIC_NO_CLUSTERS) {
            return Err("not a newsprint NER model (bad magic)".into());
        }
        r.at = MAGIC.len();
        let _scale = f32::from_le_bytes(r.take(4)?.try_into().unwrap());
        let n = r.varint()? as usize;
        let mut weights = Weights::with_capacity(n);
        let mut key = 0u64;
        for _ in 0..n {
            key = key.wrapping_add(r.varint()?);
            let mut w = [0i8; NT];
            for x in &mut w {
                let z = r.varint()?;
                *x = i8::try_from((z >> 1) as i64 ^ -((z & 1) as i64))
                    .map_err(|_| "a weight beyond i8 in the model file")?;
            }
            weights.insert(key, w);
        }
        let m = r.varint()? as usize;
        let mut classes = HashMap::with_capacity_and_hasher(m, BuildIdentity);
        let mut key = 0u64;
        for _ in 0..m {
            key = key.wrapping_add(r.varint()?);
            classes.insert(key, r.take(1)?[0]);
        }
        let mut clusters = HashMap::with_hasher(BuildIdentity);
        let mut paths = Vec::new();
        if with_clusters {
            let m = r.varint()? as usize;
            clusters.reserve(m);
            let mut key = 0u64;
            for _ in 0..m {
                key = key.wrapping_add(r.varint()?);
                clusters.insert(key, r.small()?);
            }
            let f = r.varint()? as usize;
            for _ in 0..f {
                let mut p = [0u16; CLUSTER_LEVELS - 1];
                for x in &mut p {
                    *x = r.small()?;
                }
                paths.push(p);
            }
        }
        if r.at != bytes.len() {
            return Err("trailing bytes after the model".into());
        }
        // As [`Model::scores`] looked them up.
        let by_tags = std::array::from_fn(|p1| {
            std::array::from_fn(|p2| {
                let mut lanes: Lanes = [0; 12];
                features::emit_tags(p1 as u8, p2 as u8, |k| {
                    if weights.may_have(k) {
                        weights.add_to(k, &mut lanes);
                    }
                });
                lanes
            })
        });
        Ok(Model {
            weights,
            vocab: CaseVocab::with_clusters(classes, clusters, paths),
            by_tags,
            id: MODELS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }
}

/// The best tag allowed after `prev`.
#[inline]
pub fn best<T: PartialOrd + Copy>(scores: &[T; NT], prev: u8) -> u8 {
    let mut best = 0u8;
    for t in 1..NT as u8 {
        if allowed(prev, t) && scores[t as usize] > scores[best as usize] {
            best = t;
        }
    }
    best
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let s = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or("truncated model file")?;
        self.at += n;
        Ok(s)
    }

    /// A varint that must fit 16 bits (a cluster id).
    fn small(&mut self) -> Result<u16, String> {
        u16::try_from(self.varint()?).map_err(|_| "a cluster id beyond 16 bits".to_string())
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
            if shift > 63 {
                return Err("bad varint in model file".into());
            }
        }
    }
}

/// A map of feature hashes as the model file stores it: its size, then per entry in key
/// order the key's delta and the value.
fn put_by_key<V: Copy>(
    out: &mut Vec<u8>,
    map: &HashMap<u64, V, BuildIdentity>,
    mut put: impl FnMut(&mut Vec<u8>, V),
) {
    let mut entries: Vec<(u64, V)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    entries.sort_unstable_by_key(|(k, _)| *k);
    put_varint(out, entries.len() as u64);
    let mut last = 0u64;
    for (k, v) in entries {
        put_varint(out, k.wrapping_sub(last));
        last = k;
        put(out, v);
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// One feature's weights while training: current, running total and last update.
#[derive(Clone, Debug)]
struct Row {
    w: [f32; NT],
    total: [f64; NT],
    stamp: u64,
}

/// Averaged-perceptron training state.
#[derive(Debug, Default)]
pub struct Trainer {
    index: HashMap<u64, u32, BuildIdentity>,
    rows: Vec<Row>,
    /// Updates so far (the averaging clock).
    clock: u64,
    feats: Vec<u64>,
}

impl Trainer {
    /// Trains on one sentence with the current weights' own predictions as history; returns
    /// the number of wrong tags.
    pub fn learn(&mut self, toks: &mut [TokInfo], history: &mut History, gold: &[u8]) -> usize {
        let (mut p1, mut p2) = (START, START);
        let mut wrong = 0;
        for (i, &gold_tag) in gold.iter().enumerate().take(toks.len()) {
            self.clock += 1;
            toks[i].hist = history.of(toks[i].lw);
            let toks = &*toks;
            let tag = if worth_scoring(toks, i, p1) {
                let mut feats = std::mem::take(&mut self.feats);
                feats.clear();
                features::emit(toks, i, p1, p2, |k| feats.push(k));
                let mut scores = [0f32; NT];
                for k in &feats {
                    if let Some(&r) = self.index.get(k) {
                        for (s, w) in scores.iter_mut().zip(self.rows[r as usize].w) {
                            *s += w;
                        }
                    }
                }
                let pred = best(&scores, p1);
                // After a wrong history an `I-X` may be impossible: the best the tagger can
                // then do is start the entity (`B-X`), so that is what it learns.
                let g = if allowed(p1, gold_tag) {
                    gold_tag
                } else {
                    gold_tag - 1
                };
                if pred != g {
                    for k in &feats {
                        self.update(*k, g, pred);
                    }
                }
                self.feats = feats;
                pred
            } else {
                0
            };
            history.record(&toks[i], tag);
            if features::tag_type(tag) != features::tag_type(gold_tag) {
                wrong += 1;
            }
            p2 = p1;
            p1 = tag;
        }
        wrong
    }

    fn update(&mut self, key: u64, good: u8, bad: u8) {
        let n = self.rows.len() as u32;
        let r = *self.index.entry(key).or_insert(n) as usize;
        if r == self.rows.len() {
            self.rows.push(Row {
                w: [0.0; NT],
                total: [0.0; NT],
                stamp: self.clock,
            });
        }
        let clock = self.clock;
        let row = &mut self.rows[r];
        let dt = (clock - row.stamp) as f64;
        for t in 0..NT {
            row.total[t] += f64::from(row.w[t]) * dt;
        }
        row.stamp = clock;
        row.w[good as usize] += 1.0;
        row.w[bad as usize] -= 1.0;
    }

    /// The averaged weights as a model (quantised as they would be saved).
    pub fn averaged(&self, vocab: &CaseVocab) -> (Model, Vec<u8>) {
        encode(self.average(), vocab)
    }

    /// The averaged weights, sorted by feature key.
    pub fn average(&self) -> Vec<(u64, [f32; NT])> {
        let clock = self.clock.max(1) as f64;
        let mut avg: Vec<(u64, [f32; NT])> = self
            .index
            .iter()
            .map(|(&k, &r)| {
                let row = &self.rows[r as usize];
                let dt = (self.clock - row.stamp) as f64;
                let mut w = [0f32; NT];
                for (t, x) in w.iter_mut().enumerate() {
                    *x = ((row.total[t] + f64::from(row.w[t]) * dt) / clock) as f32;
                }
                (k, w)
            })
            .collect();
        avg.sort_unstable_by_key(|(k, _)| *k);
        avg
    }
}

/// Quantises weights sorted by key and writes them with `vocab` as a model file.
pub fn encode(avg: Vec<(u64, [f32; NT])>, vocab: &CaseVocab) -> (Model, Vec<u8>) {
    // 127 is the 99.99th percentile of the non-zero weights' sizes, and the few larger ones
    // saturate: scaled to the largest weight (84 against a percentile of 49 in the CoNLL
    // model), most weights used a few steps of the i8 range. +0.1 point of valid F1.
    let mut sizes: Vec<f32> = avg
        .iter()
        .flat_map(|(_, w)| w.iter())
        .map(|w| w.abs())
        .filter(|&w| w > 0.0)
        .collect();
    sizes.sort_unstable_by(f32::total_cmp);
    let max = sizes
        .get((sizes.len().saturating_sub(1)) * 9999 / 10000)
        .copied()
        .unwrap_or(1.0)
        .max(1e-6);
    let scale = 127.0 / max;
    let mut out = MAGIC.to_vec();
    out.extend(scale.to_le_bytes());
    let kept: Vec<(u64, [i8; NT])> = avg
        .iter()
        .map(|(k, w)| {
            (
                *k,
                w.map(|x| (x * scale).round().clamp(-127.0, 127.0) as i8),
            )
        })
        // Features whose weights all round to less than this are left out: as many as
        // before the finer scale, and the model as small.
        .filter(|(_, w)| w.iter().any(|x| x.unsigned_abs() >= 5))
        .collect();
    put_varint(&mut out, kept.len() as u64);
    let mut last = 0u64;
    for (k, w) in &kept {
        put_varint(&mut out, k.wrapping_sub(last));
        last = *k;
        for x in w {
            let z = ((i64::from(*x) << 1) ^ (i64::from(*x) >> 63)) as u64;
            put_varint(&mut out, z);
        }
    }
    put_by_key(&mut out, &vocab.classes, |out, c| out.push(c));
    put_by_key(&mut out, &vocab.clusters, |out, c| {
        put_varint(out, u64::from(c))
    });
    put_varint(&mut out, vocab.paths.len() as u64);
    for p in &vocab.paths {
        for x in p {
            put_varint(&mut out, u64::from(*x));
        }
    }
    let model = Model::from_bytes(&out).expect("a model just written reads back");
    (model, out)
}
