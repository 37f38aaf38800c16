"""Tag unlabelled news text with one or more trained NER models, for training a student on it.

    python models/ner/label.py --models models/ner RUN2 [--data DATA] --out pseudo.bio

Writes a character-BIO file (one ``character<TAB>tag`` per line, a blank line
after each piece) that ``train.py`` reads through the config key
``pseudo_corpus``. With several models their tag scores and CRF weights are
averaged before Viterbi decoding: two networks tag better together than either
alone (``models/README.md``), and a single network of the shipped size learns
much of that from their output.

The text is that of the unlabelled sources in ``SOURCES`` (news: People's Daily
1998-01, CLUENER, UD Chinese GSD), cut into sentences of at most ``PIECE``
characters; a line sharing a 20-character run with the MSRA dev set is left out,
as for the embeddings, so dev stays unseen.
"""
from __future__ import annotations

import argparse
import copy
import functools
import importlib.util
import logging
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from newsnlp.evaluate.bio import read_tagged
from newsnlp.features import normalise
from newsnlp.io.files import atomic_open
from newsnlp.network import TAGS
from newsnlp.textnorm import strip_span
from newsnlp.tagger import NerTagger, bio_spans, read_at, reading_positions, split_chunks

logger = logging.getLogger("label_ner")

HERE = Path(__file__).resolve().parent
# Unlabelled news, relative to --data; (path, reader).
SOURCES = (
    ("segmentation/peoples_daily_1998_01/train.txt", "segmented"),
    ("cluener/train.json", "cluener"),
    ("segmentation/ud_gsdsimp/train.txt", "segmented"),
)
PIECE = 100  # as long as the longest MSRA training piece
BATCH = 64


@functools.cache
def _train_module():  # noqa: ANN202 - the training script beside this one, for its data helpers
    spec = importlib.util.spec_from_file_location("train_ner", HERE / "train.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def source_lines(data: Path) -> Iterator[str]:
    for rel, kind in SOURCES:
        if kind == "cluener":
            yield from (sentence.text for sentence in _train_module().read_cluener(data / rel))
        else:
            with (data / rel).open(encoding="utf-8") as handle:
                yield from (line.replace(" ", "") for line in handle)


def pieces(data: Path, overlaps_dev) -> tuple[list[str], int]:  # noqa: ANN001
    """Normalised sentences of the sources, and the number of lines left out for dev overlap."""
    out, dropped = [], 0
    for line in source_lines(data):
        text = normalise(line.strip())
        if not text:
            continue
        if overlaps_dev(text):
            dropped += 1
            continue
        for start, end in split_chunks(text, PIECE):
            # What the tagger reads of the piece at run time: no edge or web-style inner spaces.
            if span := strip_span(text, start, end):
                out.append(read_at(text, reading_positions(text, *span)))
    return out, dropped


def label(texts: list[str], taggers: list[NerTagger], teacher: list[np.ndarray] | None = None,
          teacher_weight: float = 1.0) -> Iterator[list[str]]:
    """BIO tags of each text from the models' averaged tag scores and CRF weights.

    With ``teacher`` (each text's (length, 7) tag log probabilities from ``teacher.py``), those
    log probabilities times ``teacher_weight`` are added to the averaged tag scores before the
    CRF decodes: a pretrained encoder errs where the networks do not, so the two tag better
    together than either alone (``models/README.md``)."""
    lead = copy.copy(taggers[0].network)  # decodes with the averaged CRF weights; the taggers stay as they are
    for name in ("transitions", "start", "end"):
        setattr(lead, name, np.mean([getattr(t.network, name) for t in taggers], axis=0))
    for first in range(0, len(texts), BATCH):
        batch = texts[first : first + BATCH]
        scores = [t.network.emissions(t.network.pack(batch, t.lexicon)) for t in taggers]
        mean, lengths = np.mean([s for s, _ in scores], axis=0), scores[0][1]
        if teacher is not None:
            for row, log_probs in enumerate(teacher[first : first + BATCH]):
                mean[row, : len(log_probs)] += teacher_weight * log_probs
        for path in lead.viterbi(mean, lengths):
            yield [TAGS[t] for t in path]


def read_scores(path: Path) -> list[np.ndarray]:
    """The per-piece tag log probabilities that ``teacher.py`` saves (``scores.npz``)."""
    saved = np.load(path)
    return np.split(saved["scores"].astype(np.float32), np.cumsum(saved["lengths"])[:-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=Path, nargs="+", required=True, help="model folders (ner.npz, lexicon.tsv)")
    parser.add_argument("--data", type=Path, default=HERE.parents[1].parent / "shared" / "data")
    parser.add_argument("--out", type=Path, required=True, help="the character-BIO file to write")
    parser.add_argument("--teacher-scores", type=Path, default=None,
                        help="teacher.py's scores.npz for the same pieces, weighted in with the models")
    parser.add_argument("--teacher-weight", type=float, default=1.0,
                        help="what the teacher's log probabilities are multiplied by")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    started = time.perf_counter()

    train = _train_module()
    texts, dropped = pieces(args.data, train.dev_overlap(list(read_tagged(args.data / train.DEV))))
    logger.info("%d pieces, %d characters (%d lines left out for dev overlap)",
                len(texts), sum(map(len, texts)), dropped)
    # Lengths sorted within the run: batches of similar length decode with little padding.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    taggers = [NerTagger(path) for path in args.models]
    teacher = None
    if args.teacher_scores:
        teacher = read_scores(args.teacher_scores)
        if [len(s) for s in teacher] != [len(t) for t in texts]:
            parser.error(f"{args.teacher_scores} does not hold these pieces: tag them again with teacher.py")
        teacher = [teacher[i] for i in order]
    tags: list[list[str] | None] = [None] * len(texts)
    for i, piece_tags in zip(order, label([texts[i] for i in order], taggers, teacher, args.teacher_weight)):
        tags[i] = piece_tags

    mentions = 0
    with atomic_open(args.out) as handle:  # never a half-written file under the real name
        for text, piece_tags in zip(texts, tags):
            mentions += len(bio_spans(piece_tags))
            handle.write("".join(f"{ch}\t{tag}\n" for ch, tag in zip(text, piece_tags)) + "\n")
    logger.info("wrote %s: %d mentions, %.0f s", args.out, mentions, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
