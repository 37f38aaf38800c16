"""CoNLL (word, tag) export: the two-column NER format ``spacy convert -c conll`` reads.

Each article starts with a ``-DOCSTART- -X- O O`` line, sentences are separated
by a blank line, each word is one ``WORD TAG`` line with IOB tags (``B-PLACE``,
``I-PLACE``, ``O``). Whitespace is not a word (the corpus ``tokens`` already skip
it). A word that an entity boundary cuts is split at the boundary, so the
entities come back whole; CoNLL keeps neither offsets nor ``kb_id`` (use JSONL or
DocBin for those).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .files import atomic_open

DOCSTART = "-DOCSTART- -X- O O"


def record_words(record: dict[str, Any]) -> list[tuple[int, int]]:
    """Word spans of a record: its tokens, cut again wherever an entity starts or ends."""
    cuts = sorted({offset for ent in record.get("entities") or [] for offset in (ent["start"], ent["end"])})
    words = []
    for start, end in record.get("tokens") or []:
        # The cuts inside the token, found by bisection: a long article has thousands of both.
        inner = cuts[bisect_right(cuts, start):bisect_left(cuts, end)]
        for a, b in zip([start, *inner], [*inner, end]):
            words.append((a, b))
    return words


def _word_text(text: str) -> str:
    # A column file cannot hold whitespace inside a word; such words are rare
    # (a full-width space kept inside a token) and keep their place with "_".
    return "_".join(text.split()) or "_"


def record_to_conll(record: dict[str, Any]) -> Iterator[str]:
    """Lines of one article: the DOCSTART line, then sentences of ``WORD TAG`` lines."""
    text = record["text"]
    entities = sorted(record.get("entities") or [], key=lambda e: e["start"])
    sentences = record.get("sentences") or [[0, len(text)]]
    yield DOCSTART
    sent_i, ent_i = 0, 0
    in_sentence = False
    for start, end in record_words(record):
        while sent_i < len(sentences) and start >= sentences[sent_i][1]:
            sent_i += 1
            in_sentence = False
        if not in_sentence:  # a blank line opens each sentence
            yield ""
            in_sentence = True
        while ent_i < len(entities) and entities[ent_i]["end"] <= start:
            ent_i += 1
        tag = "O"
        if ent_i < len(entities) and entities[ent_i]["start"] <= start < entities[ent_i]["end"]:
            ent = entities[ent_i]
            tag = ("B-" if start == ent["start"] else "I-") + ent["label"]
        yield f"{_word_text(text[start:end])} {tag}"
    yield ""


def records_to_conll(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield from record_to_conll(record)


def write_conll(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write records as CoNLL to ``path`` atomically; returns the number of articles."""
    count = 0
    with atomic_open(path) as fh:
        for line in records_to_conll(records):
            if line == DOCSTART:
                count += 1
            fh.write(line)
            fh.write("\n")
    return count
