//! Training and evaluation on CoNLL-2003 files (`WORD POS CHUNK TAG` lines, IOB2 tags,
//! `-DOCSTART-` between documents, blank lines between sentences).
//!
//! The evaluation is the CoNLL one: exact spans, precision, recall and F1 per type and over all
//! ("typed"), and over spans alone ("untyped"). The tagger's output goes through the same
//! OntoNotes mapping as in the stage and back to the CoNLL types (PERSON → PER, ORG → ORG,
//! GPE/LOC/FAC → LOC, the rest → MISC), as spaCy's figures in the model card were measured.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;

use super::features::{self, tag_index, BuildIdentity, CaseVocab, CLUSTER_LEVELS};
use super::model::{self, Trainer};

/// How many perceptrons vote in a model.
const RUNS: usize = 3;
use super::{lists::Lists, Prepared, Tagger};

/// One sentence: its words and gold tags.
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    pub words: Vec<String>,
    pub tags: Vec<u8>,
}

/// A document: sentences, and its text with the words joined by spaces (the gazetteer lists
/// are matched on it, as they are on an article's text).
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub sentences: Vec<Sentence>,
}

/// Reads a CoNLL-2003 file.
pub fn read(text: &str) -> Result<Vec<Doc>, String> {
    let mut docs = vec![Doc::default()];
    let mut sent = Sentence::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            if !sent.words.is_empty() {
                docs.last_mut()
                    .unwrap()
                    .sentences
                    .push(std::mem::take(&mut sent));
            }
            if line.starts_with("-DOCSTART-") && !docs.last().unwrap().sentences.is_empty() {
                docs.push(Doc::default());
            }
            continue;
        }
        let mut cols = line.split(' ');
        let word = cols.next().unwrap_or_default();
        let tag = cols.next_back().unwrap_or_default();
        let tag = tag_index(tag).ok_or_else(|| format!("line {}: unknown tag `{tag}`", n + 1))?;
        sent.words.push(word.to_string());
        sent.tags.push(tag);
    }
    if !sent.words.is_empty() {
        docs.last_mut().unwrap().sentences.push(sent);
    }
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

/// Word clusters as `scripts/make-ner-clusters.py` writes them: per fine cluster a line
/// `fine<TAB>coarser<TAB>…<TAB>word word …`. Returns per lower-cased word's hash its fine
/// cluster + 1, and per fine cluster its coarser ones (+ 1).
pub fn read_clusters(text: &str) -> Result<Clusters, String> {
    let mut words = HashMap::default();
    let mut paths = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let bad = |what: &str| format!("line {}: {what}", n + 1);
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != CLUSTER_LEVELS + 1 {
            return Err(bad(&format!(
                "expected {} tab-separated columns, found {}",
                CLUSTER_LEVELS + 1,
                cols.len()
            )));
        }
        let ids = cols[..CLUSTER_LEVELS]
            .iter()
            .map(|c| c.parse::<u16>().ok().filter(|&v| v < u16::MAX))
            .collect::<Option<Vec<u16>>>()
            .ok_or_else(|| bad("a cluster id is not a number below 65535"))?;
        if usize::from(ids[0]) != paths.len() {
            return Err(bad(&format!(
                "fine cluster {} out of order (expected {})",
                ids[0],
                paths.len()
            )));
        }
        paths.push(std::array::from_fn(|k| ids[k + 1] + 1));
        for w in cols[CLUSTER_LEVELS].split(' ').filter(|w| !w.is_empty()) {
            words.insert(features::hash_str(w), ids[0] + 1);
        }
    }
    Ok(Clusters { words, paths })
}

/// Word clusters for the tagger's features (see [`read_clusters`]).
#[derive(Clone, Debug, Default)]
pub struct Clusters {
    pub words: HashMap<u64, u16, BuildIdentity>,
    pub paths: Vec<[u16; CLUSTER_LEVELS - 1]>,
}

/// The case vocabulary of a training set: per lower-cased word, how often it occurs and how
/// often in lower case (sentence-initial words and headlines in capitals do not count); with
/// the word clusters.
pub fn case_vocab(docs: &[Doc], clusters: Clusters) -> CaseVocab {
    let mut counts: HashMap<u64, (u32, u32)> = HashMap::new();
    for doc in docs {
        for s in &doc.sentences {
            let caps = s.words.iter().all(|w| !w.chars().any(char::is_lowercase));
            if caps {
                continue;
            }
            for (i, w) in s.words.iter().enumerate() {
                if !w.chars().any(char::is_alphabetic) {
                    continue;
                }
                let lower = !w.chars().any(char::is_uppercase);
                if i == 0 && !lower {
                    continue;
                }
                let c = counts
                    .entry(features::hash_str(&w.to_lowercase()))
                    .or_default();
                c.0 += 1;
                c.1 += u32::from(lower);
            }
        }
    }
    CaseVocab::with_clusters(
        counts
            .into_iter()
            .map(|(k, (t, l))| (k, CaseVocab::class(t, l)))
            .collect(),
        clusters.words,
        clusters.paths,
    )
}

/// Every sentence of the documents prepared for the tagger, with its gold tags, document by
/// document.
fn prepare(docs: &[Doc], lists: &Lists, vocab: &CaseVocab) -> Vec<Vec<(Prepared, Vec<u8>)>> {
    let mut all = Vec::new();
    let mut prep = Prepared::default();
    for doc in docs {
        let mut out = Vec::new();
        for s in &doc.sentences {
            let text = s.words.join(" ");
            let mut spans = Vec::with_capacity(s.words.len());
            let mut at = 0;
            for w in &s.words {
                spans.push((at, at + w.len()));
                at += w.len() + 1;
            }
            prep.prepare(&text, &spans, lists, vocab);
            out.push((std::mem::take(&mut prep), s.tags.clone()));
        }
        all.push(out);
    }
    all
}

/// Trains a model: `epochs` passes over `train` (documents in a fixed pseudo-random order,
/// sentences in their order, as the document history needs them), keeping the
/// epoch whose averaged weights score best on `valid` (typed F1), or the last one without
/// `valid`. `seed` picks the orders (0 for the shipped model). Returns the model file's bytes
/// and a log.
pub fn train(
    train: &[Doc],
    valid: Option<&[Doc]>,
    clusters: Clusters,
    epochs: usize,
    seed: u64,
    log: &mut dyn FnMut(&str),
) -> Vec<u8> {
    let mut lists = Lists::new();
    let vocab = case_vocab(train, clusters);
    let mut data = prepare(train, &lists, &vocab);
    let tokens: usize = data.iter().flatten().map(|(_, g)| g.len()).sum();
    let sentences: usize = data.iter().map(Vec::len).sum();
    log(&format!(
        "train: {} sentences, {tokens} tokens; case vocabulary {} words; {} clustered words",
        sentences,
        vocab.classes.len(),
        vocab.clusters.len()
    ));
    // Several perceptrons, each over its own order of the documents; the model is the sum
    // of their averaged weights (a vote that evens out the luck of one order).
    let mut runs: Vec<(Trainer, Vec<usize>, u64)> = (0..RUNS)
        .map(|r| {
            let seed = 0x2545_F491_4F6C_DD1Du64
                .wrapping_add(r as u64 * 0x9E37_79B9)
                .wrapping_add(seed.wrapping_mul(0x1234_5678_9ABC_DEF1));
            (Trainer::default(), (0..data.len()).collect(), seed)
        })
        .collect();
    let mut best: Option<(f64, usize, Vec<u8>)> = None;
    for epoch in 1..=epochs {
        let mut wrong = 0;
        let mut history = features::History::default();
        for (trainer, order, rng) in &mut runs {
            // Fisher–Yates with xorshift: the same order on every machine.
            for i in (1..order.len()).rev() {
                *rng ^= *rng << 13;
                *rng ^= *rng >> 7;
                *rng ^= *rng << 17;
                order.swap(i, (*rng % (i as u64 + 1)) as usize);
            }
            for &i in order.iter() {
                history.clear();
                // Headlines last, as the tagger reads them.
                for headlines in [false, true] {
                    for (prep, gold) in &mut data[i] {
                        if prep.is_headline() == headlines {
                            wrong += trainer.learn(&mut prep.toks, &mut history, gold);
                        }
                    }
                }
            }
        }
        wrong /= RUNS;
        let mut sum: HashMap<u64, [f32; features::NT]> = HashMap::new();
        for (trainer, _, _) in &runs {
            for (k, w) in trainer.average() {
                let s = sum.entry(k).or_default();
                for (a, b) in s.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        let mut sum: Vec<(u64, [f32; features::NT])> = sum.into_iter().collect();
        sum.sort_unstable_by_key(|(k, _)| *k);
        let (model, bytes) = model::encode(sum, &vocab);
        let tagger = Tagger { model, lists };
        let mut line = format!(
            "epoch {epoch}: train token errors {:.2}%, {} features, {:.1} MB",
            100.0 * wrong as f64 / tokens as f64,
            tagger.model.weights.len(),
            bytes.len() as f64 / 1e6
        );
        // Without a validation file the last epoch is kept.
        let mut f1 = 0.0;
        if let Some(valid) = valid {
            let scores = evaluate(&tagger, valid);
            f1 = scores.typed.f1();
            let _ = write!(
                line,
                ", valid typed F1 {f1:.4}, untyped {:.4}",
                scores.untyped.f1()
            );
        }
        log(&line);
        lists = tagger.lists;
        if best.as_ref().is_none_or(|b| f1 > b.0 || valid.is_none()) {
            best = Some((f1, epoch, bytes));
        }
    }
    if let Some((f1, epoch, _)) = &best {
        log(&match valid {
            Some(_) => format!("kept epoch {epoch} (valid typed F1 {f1:.4})"),
            None => format!("kept epoch {epoch}, the last"),
        });
    }
    best.map(|b| b.2).unwrap_or_default()
}

/// The lines of [`evaluate_with_errors`] for one document.
fn list_errors(
    text: &str,
    gold: &[(usize, usize, u8)],
    found: &[super::Found],
    errors: &mut Vec<String>,
) {
    let around = |a: usize, b: usize| {
        let lo = text[..a].char_indices().rev().nth(40).map_or(0, |x| x.0);
        let hi = text[b..]
            .char_indices()
            .nth(40)
            .map_or(text.len(), |x| b + x.0);
        format!("{}[[{}]]{}", &text[lo..a], &text[a..b], &text[b..hi]).replace('\n', " ")
    };
    for &(a, b, ty) in gold {
        if found
            .iter()
            .any(|f| (f.start, f.end, coarse_of(f.label)) == (a, b, ty))
        {
            continue;
        }
        let over: Vec<String> = found
            .iter()
            .filter(|f| f.start < b && a < f.end)
            .map(|f| format!("{}:{}", &text[f.start..f.end], f.label))
            .collect();
        let over = if over.is_empty() {
            "-".to_string()
        } else {
            over.join("|")
        };
        errors.push(format!(
            "missed\t{}\t{over}\t{}",
            COARSE[ty as usize],
            around(a, b)
        ));
    }
    for f in found {
        if !gold.iter().any(|&(a, b, _)| (a, b) == (f.start, f.end)) {
            errors.push(format!(
                "spurious\t-\t{}:{}\t{}",
                &text[f.start..f.end],
                f.label,
                around(f.start, f.end)
            ));
        }
    }
}

/// Precision/recall counts.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.pred)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The scores of an evaluation.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub typed: Counts,
    pub untyped: Counts,
    pub per_label: BTreeMap<&'static str, Counts>,
    /// How often the stage gave each OntoNotes label.
    pub onto: BTreeMap<&'static str, usize>,
    pub tokens: usize,
}

impl Scores {
    pub fn report(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<10} {:>7} {:>7} {:>7} {:>6} {:>6}",
            "label", "P", "R", "F1", "gold", "pred"
        );
        let mut row = |name: &str, c: &Counts| {
            let _ = writeln!(
                s,
                "{name:<10} {:>7.4} {:>7.4} {:>7.4} {:>6} {:>6}",
                c.precision(),
                c.recall(),
                c.f1(),
                c.gold,
                c.pred
            );
        };
        for (label, c) in &self.per_label {
            row(label, c);
        }
        row("typed", &self.typed);
        row("untyped", &self.untyped);
        let _ = writeln!(
            s,
            "OntoNotes labels given: {}",
            self.onto
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        s
    }
}

const COARSE: [&str; 5] = ["O", "PER", "ORG", "LOC", "MISC"];

/// The CoNLL type an OntoNotes label counts as.
pub fn coarse_of(label: &str) -> u8 {
    match label {
        "PERSON" => 1,
        "ORG" => 2,
        "GPE" | "LOC" | "FAC" => 3,
        _ => 4,
    }
}

/// A document's text (words joined by spaces, sentences by newlines), token spans, sentence
/// ranges and gold entities as `(start, end, type)` byte spans.
type Laid = (
    String,
    Vec<(usize, usize)>,
    Vec<std::ops::Range<usize>>,
    Vec<(usize, usize, u8)>,
);

fn lay_out(doc: &Doc) -> Laid {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut sentences = Vec::new();
    let mut gold = Vec::new();
    let mut ents = Vec::new();
    for s in &doc.sentences {
        let from = spans.len();
        for (i, w) in s.words.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            spans.push((text.len(), text.len() + w.len()));
            text.push_str(w);
        }
        text.push('\n');
        sentences.push(from..spans.len());
        ents.clear();
        features::spans(&s.tags, &mut ents);
        for &(a, b, ty) in &ents {
            gold.push((spans[from + a].0, spans[from + b - 1].1, ty));
        }
    }
    (text, spans, sentences, gold)
}

/// Tags the documents with gold tokens, document by document as the stage does, and scores
/// the entities against the gold ones.
pub fn evaluate(tagger: &Tagger, docs: &[Doc]) -> Scores {
    evaluate_with_errors(tagger, docs, None)
}

/// [`evaluate`], appending to `errors` a line per gold name not found as it is (`missed`)
/// and per name found that is no gold name (`spurious`): `kind`, gold type, what was found
/// over the gold name's words (`text:LABEL|…`, `-` for nothing), and the words around.
pub fn evaluate_with_errors(
    tagger: &Tagger,
    docs: &[Doc],
    mut errors: Option<&mut Vec<String>>,
) -> Scores {
    let mut scores = Scores::default();
    for label in &COARSE[1..] {
        scores.per_label.insert(label, Counts::default());
    }
    let mut found = Vec::new();
    for doc in docs {
        let (text, spans, sentences, gold) = lay_out(doc);
        scores.tokens += spans.len();
        found.clear();
        tagger.tag_document(&text, &spans, &sentences, &mut found);
        let gold_set: HashSet<_> = gold.iter().copied().collect();
        let gold_untyped: HashSet<_> = gold.iter().map(|(a, b, _)| (*a, *b)).collect();
        for &(_, _, ty) in &gold {
            scores.per_label.get_mut(COARSE[ty as usize]).unwrap().gold += 1;
        }
        for f in &found {
            *scores.onto.entry(f.label).or_default() += 1;
            let ty = coarse_of(f.label);
            let c = scores.per_label.get_mut(COARSE[ty as usize]).unwrap();
            c.pred += 1;
            if gold_set.contains(&(f.start, f.end, ty)) {
                c.tp += 1;
                scores.typed.tp += 1;
            }
            if gold_untyped.contains(&(f.start, f.end)) {
                scores.untyped.tp += 1;
            }
        }
        if let Some(errors) = errors.as_deref_mut() {
            list_errors(&text, &gold, &found, errors);
        }
        scores.typed.gold += gold.len();
        scores.typed.pred += found.len();
        scores.untyped.gold += gold.len();
        scores.untyped.pred += found.len();
    }
    scores
}
