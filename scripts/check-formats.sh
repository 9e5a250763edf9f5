#!/usr/bin/env bash
# Checks the output formats with the tools their users open them with:
#   html    — headless Chromium renders the seed story's page (a PNG to look at) and its DOM has
#             one highlighted mark per entity, timex and quantity of the JSONL output;
#   spacy   — spaCy's Doc.from_json(validate=True) loads every article of the sample corpus;
#   parquet — pyarrow, pandas and DuckDB read the spans table back, equal to the JSONL output.
# Installs what is missing: Debian's chromium, and a Python venv under target/ with spaCy,
# pyarrow, pandas and DuckDB from PyPI. Usage: scripts/check-formats.sh [path/to/newsprint]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
bin=${1:-$target/debug/newsprint}
[ -x "$bin" ] || cargo build --quiet
out=$target/check-formats
rm -rf "$out" && mkdir -p "$out"

run() { "$bin" run --pipeline pipelines/news.toml --input data/sample/news.jsonl --quiet "$@"; }
head -n 1 data/sample/news.jsonl > "$out/seed.jsonl"
"$bin" run --pipeline pipelines/news.toml --input "$out/seed.jsonl" --output "$out/seed.jsonl.out" --quiet 2>/dev/null
"$bin" run --pipeline pipelines/news.toml --input "$out/seed.jsonl" --output "$out/seed.html" --quiet 2>/dev/null

# --- html in Chromium -------------------------------------------------------------------------
if ! command -v chromium >/dev/null; then
  echo "installing Debian's chromium …"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$(mktemp -d)")
page="file://$(realpath "$out/seed.html")"
"${chrome[@]}" --dump-dom "$page" > "$out/seed.dom.html" 2>/dev/null
"${chrome[@]}" --window-size=1200,2400 --screenshot="$out/seed.png" "$page" >/dev/null 2>&1
python3 - "$out/seed.dom.html" "$out/seed.jsonl.out" "$out/seed.png" <<'PY'
import json, sys
dom = open(sys.argv[1], encoding="utf-8").read()
record = json.loads(open(sys.argv[2], encoding="utf-8").readline())
for layer, cls in (("entities", "ent"), ("timexes", "timex"), ("quantities", "qty")):
    want = len(record[layer])
    got = dom.count(f'<mark class="{cls}"')
    assert got == want, f"{layer}: {got} marks in Chromium's DOM, {want} spans in the JSONL"
assert dom.count('<span class="quote" id=') == len(record.get("quotes", [])), "one mark per quote"
png = open(sys.argv[3], "rb").read()
assert png.startswith(b"\x89PNG") and len(png) > 10_000, "the screenshot is a real image"
print(f"html: Chromium rendered the seed story ({len(png)} byte PNG); DOM marks = "
      f"{len(record['entities'])} entities, {len(record['timexes'])} timexes, {len(record['quantities'])} quantities")
PY

# --- spacy and parquet with their own libraries -----------------------------------------------
venv=$target/py-venv
if [ ! -x "$venv/bin/python" ]; then
  echo "installing spaCy, pyarrow, pandas, DuckDB into $venv …"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check spacy pyarrow pandas duckdb
fi
run --output "$out/sample.jsonl" 2>/dev/null
run --output "$out/sample.spacy.jsonl" --format spacy 2>/dev/null
run --output "$out/sample.parquet" 2>/dev/null
"$venv/bin/python" tests/python/check_spacy_export.py "$out/sample.spacy.jsonl" "$out/sample.jsonl"
"$venv/bin/python" tests/python/check_parquet_export.py "$out/sample.parquet" "$out/sample.jsonl"
echo "formats: 3 passed, 0 failed"
