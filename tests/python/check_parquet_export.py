"""Checks newsprint's `parquet` output with pyarrow, pandas and DuckDB: the same spans as the
jsonl output of the same run, character offsets that slice the article text, non-ASCII intact.

Usage: python check_parquet_export.py OUT.parquet NEWSPRINT.jsonl
"""
import json
import sys

import duckdb
import pandas as pd
import pyarrow.parquet as pq


def main(parquet_path, jsonl_path):
    table = pq.read_table(parquet_path)
    assert table.column_names == ["id", "layer", "label", "start", "end", "text", "value",
                                  "number", "attrs"], table.column_names
    df = pd.read_parquet(parquet_path)
    records = [json.loads(line) for line in open(jsonl_path, encoding="utf-8")]
    docs = df[df.layer == "document"]
    assert list(docs.id) == [r["id"] for r in records], "one document row per article, in order"
    texts = dict(zip(docs.id, docs.text))
    spans = 0
    for r in records:
        assert texts[r["id"]] == r["text"]
        for layer in ("sentences", "entities", "timexes", "quantities"):
            got = df[(df.id == r["id"]) & (df.layer == layer)]
            want = r.get(layer, [])
            assert list(zip(got.start, got.end, got.text)) == [
                (s["start"], s["end"], s["text"]) for s in want
            ], (r["id"], layer)
            for start, end, text in zip(got.start, got.end, got.text):
                assert r["text"][start:end] == text
            spans += len(want)
    con = duckdb.connect()
    by_layer = dict(con.execute(
        f"SELECT layer, count(*) FROM read_parquet('{parquet_path}') GROUP BY layer").fetchall())
    assert by_layer["document"] == len(records)
    money = con.execute(
        f"SELECT sum(number) FROM read_parquet('{parquet_path}') WHERE label = 'MONEY'").fetchone()[0]
    print(f"pyarrow/pandas/DuckDB read {len(df)} rows ({spans} spans of {len(records)} articles, "
          f"rows per layer {by_layer}); MONEY total {money:,.0f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
