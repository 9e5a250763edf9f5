#!/usr/bin/env bash
# Runs the sample corpus through newsprint on Apache Spark (local[2,4], pyspark from PyPI, the
# machine's Java 17), kills one worker mid-partition, and checks that the result equals the
# single-machine run record by record. Usage: scripts/check-spark.sh [path/to/newsprint]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
bin=${1:-$target/debug/newsprint}
[ -x "$bin" ] || cargo build --quiet
venv=$target/py-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
  echo "installing pyspark into $venv …"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pyspark
fi
# Spark's own log of the deliberately killed worker is noise here; the test prints its verdict.
"$venv/bin/python" spark/test_newsprint_spark.py "$bin" 2> "$target/check-spark.log" || {
  tail -n 60 "$target/check-spark.log"
  exit 1
}
