"""Write pretrained character vectors for ``train.py`` (config key ``char_vectors``).

    python models/ner/char_vectors.py [--sdist LAC-2.1.2.tar.gz] --out build/ner/lac-chars.txt

The vectors are the character embeddings of Baidu's LAC lexical analyser
(``lac_model``, 128 dimensions, Apache 2.0), which was trained for word
segmentation, part of speech and names (persons, places, organisations, times)
on far more text than the 5.2 M characters of unlabelled text in ``../shared``.
They come from LAC's source distribution on PyPI, fetched here once (or read
from ``--sdist``) and checked against its SHA-256; LAC itself and its runtime
are not needed. Only single characters are written, in word2vec text format
(a ``count dimension`` header, then one character and its numbers per line),
the format ``train.py`` reads, so other character vectors can take their place.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import logging
import sys
import tarfile
import urllib.request
from pathlib import Path

import numpy as np

from newsnlp.io.files import atomic_open

logger = logging.getLogger("char_vectors")

SDIST_URL = ("https://files.pythonhosted.org/packages/c3/88/966e99c95cac93730a7f3cdf92a17e2a0e924bea61b9a86ae7995feaa4fe/"
             "LAC-2.1.2.tar.gz")
SDIST_SHA256 = "22fcde0d5082d2044205ea6f6a7a9cd1f0d63e7b21b2dd5c9c73f27e7c0a3ef1"
EMBEDDING = "LAC-2.1.2/LAC/lac_model/model/word_emb"
VOCABULARY = "LAC-2.1.2/LAC/lac_model/conf/word.dic"


def read_tensor(raw: bytes) -> np.ndarray:
    """A float32 matrix saved by PaddlePaddle: a LoD header, then a TensorDesc protobuf (data
    type, dims as varints) and the raw little-endian data."""
    pos = 4  # format version
    for _ in range(int.from_bytes(raw[pos:pos + 8], "little")):  # LoD levels (none expected)
        pos += 8 + int.from_bytes(raw[pos + 8:pos + 16], "little")
    pos += 8 + 4  # LoD level count, tensor version
    desc_size = int.from_bytes(raw[pos:pos + 4], "little")
    desc, pos = raw[pos + 4:pos + 4 + desc_size], pos + 4 + desc_size
    dims, i = [], 0
    while i < len(desc):
        field, i = desc[i] >> 3, i + 1
        value, shift = 0, 0
        while True:
            byte, i = desc[i], i + 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        if field == 1 and value != 5:  # 5 = FP32
            raise ValueError(f"expected float32 embeddings, found data type {value}")
        if field == 2:
            dims.append(value)
    return np.frombuffer(raw[pos:], dtype="<f4").reshape(dims)


def character_vectors(sdist: bytes) -> tuple[list[str], np.ndarray]:
    """The single-character rows of LAC's embedding table (whitespace and LAC's OOV row left out)."""
    with tarfile.open(fileobj=io.BytesIO(sdist), mode="r:gz") as tar:
        matrix = read_tensor(tar.extractfile(EMBEDDING).read())
        lines = tar.extractfile(VOCABULARY).read().decode("utf-8").splitlines()
    chars, rows = [], []
    for line in lines:
        index, _, item = line.partition("\t")
        if len(item) == 1 and not item.isspace():
            chars.append(item)
            rows.append(int(index))
    return chars, matrix[rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdist", type=Path, help="LAC-2.1.2.tar.gz already downloaded (else fetched from PyPI)")
    parser.add_argument("--out", type=Path, required=True, help="word2vec text file to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    if args.sdist:
        data = args.sdist.read_bytes()
    else:
        logger.info("fetching %s", SDIST_URL)
        with urllib.request.urlopen(SDIST_URL, timeout=300) as response:  # noqa: S310 - fixed https URL
            data = response.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SDIST_SHA256:
        raise SystemExit(f"LAC source distribution has SHA-256 {digest}, expected {SDIST_SHA256}")
    chars, vectors = character_vectors(data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(args.out, "w") as handle:
        handle.write(f"{len(chars)} {vectors.shape[1]}\n")
        for ch, row in zip(chars, vectors):
            handle.write(ch + " " + " ".join(f"{x:.6g}" for x in row) + "\n")
    logger.info("%d character vectors of %d dimensions in %s", len(chars), vectors.shape[1], args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
