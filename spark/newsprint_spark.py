"""Run a newsprint pipeline over a corpus that outgrows one machine, with Apache Spark.

Each Spark partition is piped through the `newsprint` binary in stdin→stdout mode, which writes
exactly one output line per input line, in order, with the same id (a record newsprint rejects
becomes an `{"id", "line", "error"}` line, and the process still exits 0). This launcher checks
that contract on every partition — the child's exit status and its line count — and fails the
task when it does not hold, so that Spark retries it: a plain `RDD.pipe` without `checkCode`
would silently drop the records of a child that died.

Worker contract (what `newsprint run --input - --output -` guarantees):
  * one output line per input line, in input order, with the input's id;
  * a bad record becomes an error line, and the exit status stays 0;
  * a non-zero exit means an infrastructure fault: 2 configuration, 74 I/O.

Usage:
  spark-submit spark/newsprint_spark.py --binary target/release/newsprint \
      --pipeline pipelines/news.toml --input corpus.jsonl --output out/ [--format jsonl|parquet]

The binary and the pipeline's folder (with its gazetteers) are shipped to the executors with
`SparkContext.addFile`. Input may be JSONL (text) or Parquet (any columns; rows become JSON
objects); output is JSONL part files or Parquet.
"""
import argparse
import json
import os
import subprocess
import threading

from pyspark import SparkFiles
from pyspark.sql import SparkSession


class WorkerContractError(RuntimeError):
    """The newsprint child broke its contract: the task fails and Spark retries it."""


def pipe_partition(binary_name, pipeline_dir_name, pipeline_file, extra_args=()):
    """The function given to `mapPartitions`: newsprint over one partition's lines."""

    def run(lines):
        binary = SparkFiles.get(binary_name)
        os.chmod(binary, 0o755)
        pipeline = os.path.join(SparkFiles.get(pipeline_dir_name), pipeline_file)
        child = subprocess.Popen(
            [binary, "run", "--pipeline", pipeline, "--input", "-", "--output", "-",
             "--quiet", "--threads", "1", *extra_args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        sent = [0]
        failure = []

        def feed():
            try:
                for line in lines:
                    child.stdin.write(line.encode("utf-8") + b"\n")
                    sent[0] += 1
                child.stdin.close()
            except (BrokenPipeError, OSError) as e:  # the child died: reported below
                failure.append(e)

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        received = 0
        for out in child.stdout:
            received += 1
            yield out.decode("utf-8").rstrip("\n")
        writer.join()
        stderr = child.stderr.read().decode("utf-8", "replace")
        status = child.wait()
        if status != 0 or failure or received != sent[0]:
            raise WorkerContractError(
                f"newsprint exited {status} after {received} of {sent[0]} lines"
                f"{' (' + str(failure[0]) + ')' if failure else ''}: {stderr.strip()[-500:]}")

    return run


def run_pipeline(spark, binary, pipeline, input_path, output_path, output_format="jsonl",
                 extra_args=()):
    """Runs `pipeline` over `input_path` (JSONL or Parquet) into `output_path`."""
    sc = spark.sparkContext
    sc.addPyFile(os.path.abspath(__file__))  # the partition function lives in this module
    sc.addFile(os.path.abspath(binary))
    pipeline_dir = os.path.dirname(os.path.abspath(pipeline))
    sc.addFile(pipeline_dir, recursive=True)
    if input_path.endswith(".parquet") or os.path.isdir(input_path) and any(
            f.endswith(".parquet") for f in os.listdir(input_path)):
        lines = spark.read.parquet(input_path).toJSON()
    else:
        lines = sc.textFile(input_path)
    out = lines.mapPartitions(pipe_partition(
        os.path.basename(binary), os.path.basename(pipeline_dir), os.path.basename(pipeline),
        extra_args))
    if output_format == "parquet":
        spark.read.json(out).write.mode("overwrite").parquet(output_path)
    else:
        out.saveAsTextFile(output_path)
    return output_path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the newsprint binary (Linux, as the executors)")
    parser.add_argument("--pipeline", required=True)
    parser.add_argument("--input", required=True, help="JSONL file/folder or Parquet")
    parser.add_argument("--output", required=True, help="a folder of part files")
    parser.add_argument("--format", default="jsonl", choices=["jsonl", "parquet"])
    args = parser.parse_args()
    spark = SparkSession.builder.appName("newsprint").getOrCreate()
    run_pipeline(spark, args.binary, args.pipeline, args.input, args.output, args.format)
    spark.stop()


if __name__ == "__main__":
    main()
