#!/usr/bin/env bash
# Peak memory of the news pipeline on generated corpora of 100 MB and 1 GB (the sample corpus
# repeated with unique ids), measured with /usr/bin/time -v. Memory must not grow with the
# corpus: the runner holds at most a few batches in flight. Output goes to /dev/null so that
# disk speed does not enter; the corpora are written under target/ and not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin newsprint
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
for size in 100 1000; do
  corpus=$target/corpus-${size}mb.jsonl
  [ -f "$corpus" ] || python3 scripts/make-corpus.py "$size" "$corpus"
  /usr/bin/time -v "$target/release/newsprint" run --pipeline pipelines/news.toml \
    --input "$corpus" --output /dev/null --quiet 2> "$target/memory-${size}mb.txt"
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$target/memory-${size}mb.txt")
  summary=$(grep '^newsprint: read' "$target/memory-${size}mb.txt")
  echo "${size} MB corpus: peak RSS $((rss / 1024)) MiB — ${summary#newsprint: }"
done
