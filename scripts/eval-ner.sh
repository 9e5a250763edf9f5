#!/usr/bin/env bash
# Scores the built-in entity model on CoNLL-2003: P/R/F1 per type, typed and untyped.
# Usage: scripts/eval-ner.sh [valid|test] [MODEL]. Report `test` once, at the end: tune on valid.
set -euo pipefail
cd "$(dirname "$0")/.."
split="${1:-valid}"
data="$(bash scripts/fetch-conll2003.sh)"
cargo run --release --quiet -- eval ner --gold "$data/$split.txt" ${2:+--model "$2"}
