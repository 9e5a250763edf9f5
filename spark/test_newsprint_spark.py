"""Spark runs the sample corpus through newsprint and gets exactly the single-machine output,
even when a worker dies mid-partition: the launcher notices (exit status, line count), the task
fails, Spark retries it, and nothing is lost or duplicated.

Usage: python spark/test_newsprint_spark.py [path/to/newsprint]   (needs pyspark and Java 17)
Prints `spark: N passed, 0 failed` at the end.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

from pyspark.sql import SparkSession

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from newsprint_spark import run_pipeline  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "data/sample/news.jsonl")
PIPELINE = os.path.join(ROOT, "pipelines/news.toml")


def part_lines(folder):
    lines = []
    for part in sorted(glob.glob(os.path.join(folder, "part-*"))):
        with open(part, encoding="utf-8") as f:
            lines.extend(f.read().splitlines())
    return lines


def main(binary):
    binary = os.path.abspath(binary)
    work = tempfile.mkdtemp(prefix="newsprint-spark-")
    single = os.path.join(work, "single.jsonl")
    subprocess.run([binary, "run", "--pipeline", PIPELINE, "--input", SAMPLE, "--output", single,
                    "--quiet"], check=True, capture_output=True)
    expected = open(single, encoding="utf-8").read().splitlines()
    assert len(expected) == 431

    # A newsprint that dies (SIGKILL) after three lines the first time it is started.
    marker = os.path.join(work, "killed-once")
    faulty = os.path.join(work, "newsprint-dies-once")
    with open(faulty, "w") as f:
        f.write(f"""#!/usr/bin/env bash
if mkdir {marker} 2>/dev/null; then
  head -n 3 | {binary} "$@"
  kill -9 $$
fi
exec {binary} "$@"
""")
    os.chmod(faulty, 0o755)

    # local[2, 4]: two worker threads, a failed task is tried up to 4 times.
    spark = (SparkSession.builder.master("local[2,4]").appName("newsprint-test")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    passed = 0
    try:
        out = os.path.join(work, "out-jsonl")
        sc = spark.sparkContext
        original_text_file = sc.textFile
        sc.textFile = lambda path: original_text_file(path, minPartitions=6)
        run_pipeline(spark, faulty, PIPELINE, SAMPLE, out)
        assert os.path.isdir(marker), "the first newsprint child was killed"
        got = part_lines(out)
        assert len(got) == len(expected), f"{len(got)} lines, expected {len(expected)}"
        assert len(glob.glob(os.path.join(out, "part-*"))) >= 2, "several partitions"
        for a, b in zip(got, expected):
            assert a == b, (json.loads(a)["id"], json.loads(b)["id"])
        passed += 1
        print(f"spark jsonl: {len(got)} records from {len(glob.glob(os.path.join(out, 'part-*')))} "
              "partitions, byte-identical to the single-machine run, one killed worker retried")

        out = os.path.join(work, "out-parquet")
        run_pipeline(spark, binary, PIPELINE, SAMPLE, out, output_format="parquet")
        rows = spark.read.parquet(out).select("id", "text").collect()
        ids = [json.loads(line)["id"] for line in expected]
        assert sorted(r["id"] for r in rows) == sorted(ids)
        texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in expected}
        assert all(texts[r["id"]] == r["text"] for r in rows)
        passed += 1
        print(f"spark parquet: {len(rows)} rows, ids and texts equal to the single-machine run")
    finally:
        spark.stop()
    print(f"spark: {passed} passed, 0 failed")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/debug/newsprint"))
