"""Checks newsprint's `spacy` output with spaCy itself: every line must load with
`Doc.from_json(..., validate=True)` and keep the text, the tokens, the sentences and the entities.

Usage: python check_spacy_export.py OUT.spacy.jsonl NEWSPRINT.jsonl
(the second file is the same run in the jsonl format, to compare against).
"""
import json
import sys

import spacy
from spacy.tokens import Doc


def main(spacy_path, jsonl_path):
    nlp = spacy.blank("en")
    docs = entities = tokens = unaligned = 0
    with open(spacy_path, encoding="utf-8") as sp, open(jsonl_path, encoding="utf-8") as np_:
        for sp_line, np_line in zip(sp, np_, strict=True):
            data = json.loads(sp_line)
            record = json.loads(np_line)
            doc = Doc(nlp.vocab).from_json(data, validate=True)
            assert doc.text == record["text"], record["id"]
            words = [t for t in doc if not t.is_space]
            assert [t.text for t in words] == [t["text"] for t in record["tokens"]], record["id"]
            # A whitespace token after a sentence belongs to it in spaCy.
            assert [s.text.strip() for s in doc.sents if not s.text.isspace()] == [
                s["text"] for s in record["sentences"]
            ], record["id"]
            loaded = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            kept = [(u["start"], u["end"], u["label"]) for u in data["newsprint"]["unaligned"]
                    if u["layer"] == "entities"]
            expected = [(e["start"], e["end"], e["label"]) for e in record["entities"]]
            assert sorted(loaded + kept) == sorted(expected), record["id"]
            assert data["newsprint"]["id"] == record["id"]
            for layer, group in data["spans"].items():
                assert [(s.start_char, s.end_char) for s in doc.spans[layer]] == [
                    (s["start"], s["end"]) for s in group
                ], (record["id"], layer)
            docs += 1
            entities += len(loaded)
            unaligned += len(kept)
            tokens += len(words)
    print(f"spaCy {spacy.__version__} loaded {docs} docs: {tokens} tokens, "
          f"{entities} entities as ents, {unaligned} entities off token boundaries kept aside")


if __name__ == "__main__":
    main(*sys.argv[1:])
