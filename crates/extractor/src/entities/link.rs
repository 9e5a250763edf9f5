//! In-document consistency and linking: short mentions of a person are that person, and every
//! mention of one name shares an `entity_id` and a `canonical` text.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::sync::{Arc, OnceLock};

use newsprint_core::{Annotation, AttrValue};

use super::Found;

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// The hash of the few small maps of names here: FxHash reads eight bytes at a step (SipHash
/// costs more than the rest of a lookup; no map here is iterated, so their order cannot show).
type FxBuild = rustc_hash::FxBuildHasher;

/// Whether the initials of the name of words `w` ([`initials`]) are `acronym`, without
/// building them.
fn initials_are(w: &[&str], acronym: &str) -> bool {
    if w.len() < 2 {
        return false;
    }
    let mut rest = acronym.chars();
    w.iter()
        .filter(|w| !SMALL.contains(w))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .all(|c| rest.next() == Some(c))
        && rest.next().is_none()
}

/// After tagging a document (its entities are `out[first..]`): a one-word mention with another
/// label, or a capitalised token no entity covers, that is the last name of a multi-word
/// PERSON of the same document becomes a PERSON (`Biden and Putin` in a headline of a story
/// about Joe Biden and Vladimir Putin). A hyphenated word whose every part is such a name is
/// those persons, one entity each (`Thursday's Biden-Putin talks`). `capitals`: the tokens
/// (indices into `spans`, in text order) of three bytes or more that start with a capital.
pub fn consistent_persons(
    text: &str,
    spans: &[(usize, usize)],
    capitals: &[usize],
    first: usize,
    out: &mut Vec<Found>,
) {
    let surnames: HashSet<&str, FxBuild> = out[first..]
        .iter()
        .filter(|f| f.label == "PERSON")
        .filter_map(|f| {
            last_of_several(&text[f.start..f.end])
                .filter(|s| s.len() >= 3 && s.starts_with(|c: char| c.is_uppercase()))
        })
        .collect();
    if surnames.is_empty() {
        return;
    }
    // The lengths of the surnames (bit 63 for all longer ones): most words are tested without
    // being hashed.
    let lengths = surnames.iter().fold(0u64, |m, s| m | 1 << s.len().min(63));
    let surname = |w: &str| lengths & 1 << w.len().min(63) != 0 && surnames.contains(w);
    // Two surnames of three bytes or more and a hyphen.
    let pair = |w: &str| w.len() >= 7 && w.contains('-') && w.split('-').all(surname);
    let mut added = Vec::new();
    for f in &mut out[first..] {
        if f.label == "PERSON" {
            continue;
        }
        let w = &text[f.start..f.end];
        if surname(w) {
            f.label = "PERSON";
        } else if pair(w) {
            persons_of_pair(w, f.start, &mut added);
            // Left empty, and dropped below.
            f.end = f.start;
        }
    }
    if !added.is_empty() {
        out.retain(|f| f.end > f.start);
        out.append(&mut added);
    }
    let mut covered: Vec<(usize, usize)> = out.iter().map(|f| (f.start, f.end)).collect();
    covered.sort_unstable();
    let mut c = 0;
    for &k in capitals {
        let (s, e) = spans[k];
        // Tokens are in text order: the covering spans are passed by once.
        while c < covered.len() && covered[c].1 <= s {
            c += 1;
        }
        let inside = c < covered.len() && covered[c].0 < e;
        if !inside {
            let w = &text[s..e];
            if surname(w) {
                added.push(Found {
                    start: s,
                    end: e,
                    label: "PERSON",
                });
            } else if pair(w) {
                persons_of_pair(w, s, &mut added);
            }
        }
    }
    out.extend(added);
}

/// The last word of `name` if it has two or more (as `split_whitespace` has them).
fn last_of_several(name: &str) -> Option<&str> {
    if !name.is_ascii() {
        let mut w = name.split_whitespace();
        w.next()?;
        return w.last();
    }
    // ASCII's white space is these six.
    let space = |b: &u8| matches!(b, b' ' | b'\t'..=b'\r');
    let b = name.as_bytes();
    let end = b.iter().rposition(|b| !space(b))? + 1;
    let at = b[..end].iter().rposition(space)?;
    b[..at]
        .iter()
        .any(|b| !space(b))
        .then(|| &name[at + 1..end])
}

/// A PERSON for each part of hyphenated word `w`, which starts at byte `start`.
fn persons_of_pair(w: &str, start: usize, out: &mut Vec<Found>) {
    let mut at = start;
    for part in w.split('-') {
        out.push(Found {
            start: at,
            end: at + part.len(),
            label: "PERSON",
        });
        at += part.len() + 1;
    }
}

const SMALL: &[&str] = &["of", "for", "and", "the", "in", "on", "de", "du", "la", "&"];

/// The initials of a name's capitalised words (`Organization for Security and Cooperation in
/// Europe` → `OSCE`), if it has at least two words.
fn initials(name: &str) -> Option<String> {
    let w = words(name);
    if w.len() < 2 {
        return None;
    }
    Some(
        w.iter()
            .filter(|w| !SMALL.contains(w))
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect(),
    )
}

/// Up to this many entities a mention's target is found by scanning the others; beyond it, by
/// an index of name parts (so that a long document stays linear).
const SCAN_MAX: usize = 64;

/// Of the mentions `list` (in text order, without `i`), the nearest before `i`, else the
/// nearest after it.
fn nearest_in(list: Option<&Vec<usize>>, i: usize) -> Option<usize> {
    let list = list?;
    let at = list.partition_point(|&j| j < i);
    if at > 0 {
        Some(list[at - 1])
    } else {
        list.get(at).copied()
    }
}

/// The words of each of a list of names, in one buffer (not a vector per name).
pub(super) struct Split<'a> {
    words: Vec<&'a str>,
    /// Where each name's words end in `words`.
    ends: Vec<usize>,
}

impl<'a> Split<'a> {
    pub(super) fn new(names: impl Iterator<Item = &'a str>) -> Split<'a> {
        let n = names.size_hint().0;
        // Names in news have two words on average: room enough for most documents.
        let mut split = Split {
            words: Vec::with_capacity(2 * n),
            ends: Vec::with_capacity(n),
        };
        for name in names {
            if name.is_ascii() {
                // `split_whitespace` byte by byte: ASCII's white space is these six.
                let mut start = 0;
                for (i, &b) in name.as_bytes().iter().enumerate() {
                    if matches!(b, b' ' | b'\t'..=b'\r') {
                        if i > start {
                            split.words.push(&name[start..i]);
                        }
                        start = i + 1;
                    }
                }
                if name.len() > start {
                    split.words.push(&name[start..]);
                }
            } else {
                split.words.extend(name.split_whitespace());
            }
            split.ends.push(split.words.len());
        }
        split
    }

    /// The words of name `i`.
    pub(super) fn of(&self, i: usize) -> &[&'a str] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.words[start..self.ends[i]]
    }
}

/// Name parts → the mentions that have them, in text order.
type PartIndex<'a> = HashMap<&'a [&'a str], Vec<usize>, FxBuild>;

/// Adds `entity_id` and `canonical` to every entity of a layer sorted in text order.
pub fn link(text: &str, layer: &mut [Annotation]) {
    link_with(text, layer, SCAN_MAX);
}

/// [`link`], scanning for targets up to `scan_max` entities and indexing beyond.
pub(super) fn link_with(text: &str, layer: &mut [Annotation], scan_max: usize) {
    // Labels as small numbers (a document has few): compared per pair below.
    let mut labels: Vec<&str> = Vec::new();
    let items: Vec<(&str, u8)> = layer
        .iter()
        .map(|a| {
            let label = a.str_attr("label").unwrap_or("");
            let n = match labels.iter().position(|&l| l == label) {
                Some(n) => n,
                None => {
                    labels.push(label);
                    labels.len() - 1
                }
            };
            (&text[a.span.start..a.span.end], n as u8)
        })
        .collect();
    let person = labels.iter().position(|&l| l == "PERSON").map(|n| n as u8);
    // The labels borrow the layer, which is written below.
    drop(labels);
    let acronym = |name: &str, w: &[&str]| {
        w.len() == 1 && name.len() >= 2 && name.chars().all(|c| c.is_uppercase())
    };
    // Each mention's words and initials, once (not per pair compared); initials only when
    // some mention could be an acronym.
    let split = Split::new(items.iter().map(|(name, _)| *name));
    let inits: Vec<Option<String>> =
        if items.len() > scan_max && (0..items.len()).any(|i| acronym(items[i].0, split.of(i))) {
            items.iter().map(|(name, _)| initials(name)).collect()
        } else {
            Vec::new()
        };
    // A person's proper suffixes and prefixes (`Biden` of `Joe Biden`), and the initials of
    // every name with its label, each to the mentions having them.
    let index = (items.len() > scan_max).then(|| {
        let mut suffix: PartIndex = HashMap::default();
        let mut prefix: PartIndex = HashMap::default();
        let mut by_inits: HashMap<(u8, &str), Vec<usize>, FxBuild> = HashMap::default();
        for (j, &(_, label)) in items.iter().enumerate() {
            let o = split.of(j);
            if Some(label) == person {
                for n in 0..o.len() {
                    suffix.entry(&o[o.len() - n..]).or_default().push(j);
                    prefix.entry(&o[..n]).or_default().push(j);
                }
            }
            if let Some(Some(x)) = inits.get(j) {
                by_inits.entry((label, x.as_str())).or_default().push(j);
            }
        }
        (suffix, prefix, by_inits)
    });
    let mut canonical: Vec<usize> = (0..items.len()).collect();
    for (i, (name, label)) in items.iter().enumerate() {
        let w = split.of(i);
        if let Some((suffix, prefix, by_inits)) = &index {
            let target = if Some(*label) == person {
                nearest_in(suffix.get(w), i).or_else(|| nearest_in(prefix.get(w), i))
            } else if acronym(name, w) {
                nearest_in(by_inits.get(&(*label, *name)), i)
            } else {
                None
            };
            if let Some(j) = target {
                canonical[i] = j;
            }
            continue;
        }
        let nearest = |ok: &dyn Fn(usize) -> bool| -> Option<usize> {
            let before = (0..i).rev().find(|&j| items[j].1 == *label && ok(j));
            before.or_else(|| (i + 1..items.len()).find(|&j| items[j].1 == *label && ok(j)))
        };
        let target = if Some(*label) == person {
            nearest(&|j| {
                let o = split.of(j);
                o.len() > w.len() && o.ends_with(w)
            })
            .or_else(|| {
                nearest(&|j| {
                    let o = split.of(j);
                    o.len() > w.len() && o.starts_with(w)
                })
            })
        } else if acronym(name, w) {
            nearest(&|j| initials_are(split.of(j), name))
        } else {
            None
        };
        if let Some(j) = target {
            canonical[i] = j;
        }
    }
    // Follow chains to their end (a short mention to a longer one to the longest).
    let mut names: Vec<&str> = Vec::with_capacity(items.len());
    for i in 0..items.len() {
        let mut j = i;
        for _ in 0..8 {
            if canonical[j] == j {
                break;
            }
            j = canonical[j];
        }
        names.push(items[j].0);
    }
    let mut ids: HashMap<(&str, u8), usize, FxBuild> =
        HashMap::with_capacity_and_hasher(items.len(), FxBuild::default());
    // One shared canonical text per entity, not a copy per mention.
    let mut shared: Vec<Arc<str>> = Vec::with_capacity(items.len());
    for (i, a) in layer.iter_mut().enumerate() {
        let next = ids.len() + 1;
        let id = *ids.entry((names[i], items[i].1)).or_insert(next);
        if id > shared.len() {
            shared.push(Arc::from(names[i]));
        }
        a.attrs.push(("entity_id", entity_id(id)));
        a.attrs
            .push(("canonical", AttrValue::from(shared[id - 1].clone())));
    }
}

/// `E1`, `E2` …: the first thousand are made once and cost no allocation per mention.
fn entity_id(n: usize) -> AttrValue {
    static IDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    let ids = IDS.get_or_init(|| {
        let mut all = String::with_capacity(5 * 1000);
        let mut ends = Vec::with_capacity(1000);
        for k in 1..=1000 {
            // Into the buffer: no string per id.
            let _ = write!(all, "E{k}");
            ends.push(all.len());
        }
        let all: &'static str = Box::leak(all.into_boxed_str());
        let mut start = 0;
        ends.into_iter()
            .map(|end| {
                let id = &all[start..end];
                start = end;
                id
            })
            .collect()
    });
    match ids.get(n.wrapping_sub(1)) {
        Some(id) => AttrValue::fixed(id),
        None => AttrValue::from(format!("E{n}")),
    }
}
