#!/usr/bin/env python3
"""Writes a JSONL corpus of a given size by repeating the sample corpus with unique ids, for
memory and throughput measurements (never committed: it is generated in seconds).

Usage: scripts/make-corpus.py SIZE_MB OUT.jsonl   (e.g. 1000 target/corpus-1g.jsonl)
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(size_mb, out):
    lines = [json.loads(l) for l in open(os.path.join(ROOT, "data/sample/news.jsonl"), encoding="utf-8")]
    target = int(float(size_mb) * 1_000_000)
    written = copy = 0
    with open(out, "w", encoding="utf-8") as f:
        while written < target:
            for record in lines:
                record = dict(record, id=f"{copy}-{record['id']}")
                line = json.dumps(record, ensure_ascii=False) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
                if written >= target:
                    break
            copy += 1
    print(f"wrote {written / 1e6:.0f} MB ({copy} copies of the sample) to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
