"""The bare NER model: text in, (start, end, label, score) mentions out.

Reads a model folder (``ner.npz``, ``lexicon.tsv``, ``meta.json``) and runs the
network (:mod:`newsnlp.network`) with numpy over a text's sentences. It needs no
spaCy, so training and evaluation scripts use it as the installed pipeline does;
the spaCy component is :class:`newsnlp.components.ner.CharNER`.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ModelNotFoundError
from .features import Lexicon, normalise
from .network import TAGS, CnnCrf
from .resources import models_dir
from .textnorm import NAME_DOTS, strip_span

MODEL_FILE = "ner.npz"
LEXICON_FILE = "lexicon.tsv"
META_FILE = "meta.json"
MODEL_FILES = (MODEL_FILE, LEXICON_FILE, META_FILE)

# Chunks the network reads: a sentence (ending after 。！？ or a line break), cut
# to at most MAX_CHUNK characters at a comma-like mark. Training pieces are <= 100
# characters; the CRF decodes a batch in as many steps as its longest chunk.
MAX_CHUNK = 150
BATCH_SIZE = 64
_SENTENCE_END = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』）)]*|\n+|$)")
_SOFT_BREAKS = "，；、,; "


def default_model_dir() -> Path:
    return models_dir() / "ner"


def split_chunks(text: str, max_chunk: int = MAX_CHUNK) -> list[tuple[int, int]]:
    """(start, end) pieces covering ``text`` in order, none longer than ``max_chunk``."""
    chunks: list[tuple[int, int]] = []
    for m in _SENTENCE_END.finditer(text):
        start, end = m.span()
        while end - start > max_chunk:
            cut = max(text.rfind(mark, start, start + max_chunk) for mark in _SOFT_BREAKS)
            cut = cut + 1 if cut > start else start + max_chunk
            chunks.append((start, cut))
            start = cut
        if end > start:
            chunks.append((start, end))
    return chunks


def check_model_dir(model_dir: Path) -> None:
    """Raise a clear error when a model folder lacks any of the model files."""
    missing = [name for name in MODEL_FILES if not (model_dir / name).is_file()]
    if missing:
        raise ModelNotFoundError(
            f"NER model files {missing}", model_dir,
            "Reinstall newsnlp, or rebuild the model with `python models/ner/train.py --out DIR` "
            "and pass model_path=DIR.",
        )


class NerTagger:
    """The bare model: text in, (start, end, label, score) spans out.

    Built from a model folder (``ner.npz``, ``lexicon.tsv``, ``meta.json``) or
    from those files' bytes (:meth:`from_files`).
    """

    def __init__(self, model_dir: str | Path) -> None:
        self.model_dir: Path | None = Path(model_dir)
        check_model_dir(self.model_dir)
        self._init(
            (self.model_dir / META_FILE).read_text(encoding="utf-8"),
            (self.model_dir / LEXICON_FILE).read_text(encoding="utf-8"),
            (self.model_dir / MODEL_FILE).read_bytes(),
        )

    def _init(self, meta: str, lexicon: str, network: bytes) -> None:
        self.meta: dict[str, Any] = json.loads(meta)
        self.lexicon = Lexicon.from_text(lexicon)
        self.network = CnnCrf.from_bytes(network)
        # The file's bytes are kept only when there is no folder to read them from again.
        self._network_bytes: bytes | None = network if self.model_dir is None else None

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> NerTagger:
        return cls(default_model_dir() if model_dir is None else model_dir)

    @classmethod
    def from_files(cls, files: dict[str, bytes]) -> NerTagger:
        missing = [name for name in MODEL_FILES if name not in files]
        if missing:
            raise ModelNotFoundError(
                f"NER model files {missing}", "the serialized component",
                "Serialize the component with to_bytes() of the same newsnlp version.",
            )
        self = cls.__new__(cls)
        self.model_dir = None
        self._init(files[META_FILE].decode("utf-8"), files[LEXICON_FILE].decode("utf-8"), files[MODEL_FILE])
        return self

    def to_files(self) -> dict[str, bytes]:
        if self.model_dir is not None:
            return {name: (self.model_dir / name).read_bytes() for name in MODEL_FILES}
        assert self._network_bytes is not None
        return {
            MODEL_FILE: self._network_bytes,
            LEXICON_FILE: self.lexicon.to_text().encode("utf-8"),
            META_FILE: json.dumps(self.meta, ensure_ascii=False).encode("utf-8"),
        }

    def __getstate__(self) -> dict[str, Any]:
        # Workers rebuild the arrays from the file's bytes rather than pickling them twice.
        # The bytes travel along, so a worker on another machine needs no model folder.
        state = self.__dict__.copy()
        del state["network"]
        if state["_network_bytes"] is None:
            state["_network_bytes"] = (self.model_dir / MODEL_FILE).read_bytes()
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.network = CnnCrf.from_bytes(self._network_bytes)
        self.model_dir = None  # to_files() gives the bytes it came with

    def tag(self, text: str, *, with_scores: bool = True) -> list[tuple[int, int, str, float]]:
        """Mentions in ``text`` as (start, end, label, score); score is the mean tag marginal."""
        return self.tag_many([text], with_scores=with_scores)[0]

    def tag_many(self, texts: list[str], *, with_scores: bool = True) -> list[list[tuple[int, int, str, float]]]:
        """:meth:`tag` of each text; the sentences of all texts share batches, which is faster."""
        norms = [normalise(text) for text in texts]
        # The network reads each chunk without its leading and trailing whitespace (line
        # breaks, indents): training pieces have none, and a mention never starts or ends there.
        chunks = [
            (k, *trimmed) for k, norm in enumerate(norms) for s, e in split_chunks(norm)
            if (trimmed := strip_span(norm, s, e))
        ]
        # Chunks of similar length share a batch, so little of the batch is padding.
        chunks.sort(key=lambda chunk: chunk[2] - chunk[1])
        spans: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
        for first in range(0, len(chunks), BATCH_SIZE):
            batch = [(k, reading_positions(norms[k], s, e)) for k, s, e in chunks[first : first + BATCH_SIZE]]
            paths, probs = self.network.tag(
                [read_at(norms[k], where) for k, where in batch], self.lexicon, with_marginals=with_scores,
            )
            for row, ((k, where), path) in enumerate(zip(batch, paths)):
                for s, e, label in bio_spans([TAGS[t] for t in path]):
                    score = 1.0
                    if probs is not None:
                        score = float(probs[row, np.arange(s, e), path[s:e]].mean())
                    start, end = _without_symbols(texts[k], where[s], where[e - 1] + 1)
                    if start < end:
                        spans[k].append((start, end, label, score))
        for found in spans:
            found.sort()
        return spans


def _without_symbols(text: str, start: int, end: int) -> tuple[int, int]:
    """A mention's edges moved past symbols and spaces the network took in (an emoji before a
    name: 👍 金正恩), and past a name dot with a space on its other side (a list's bullet: ‧ 共軍);
    no name begins or ends with one. A dot beside a name stays: the resolver reads it (丹泽尔·)."""
    while start < end and (unicodedata.category(text[start])[0] in "SZC"
                           or text[start] in NAME_DOTS and text[start + 1:start + 2].isspace()):
        start += 1
    while end > start and (unicodedata.category(text[end - 1])[0] in "SZC"
                           or text[end - 1] in NAME_DOTS and text[end - 2:end - 1].isspace()):
        end -= 1
    return start, end


def reading_positions(text: str, start: int, end: int) -> range | list[int]:
    """Positions in ``text[start:end]`` that the network reads: all but whitespace, such as the
    spaces web text puts between Chinese and digits or Latin letters (``2024 年 8 月``,
    ``朝中社 / 韩联社``), unless it stands between two ASCII letters or digits (``Donald Trump``).

    The training text has no such spaces, and a model that never saw them tags them
    badly. The text is not changed: tags found on the read characters map back to these
    positions, and a mention that was read across a skipped space keeps it
    (``第 528 工兵团``). ``start`` and ``end`` must not be whitespace (:func:`strip_span`).
    """
    if not _SPACE.search(text, start, end):
        return range(start, end)
    keep: list[int] = []
    last = start
    for m in _SPACE.finditer(text, start, end):
        keep.extend(range(last, m.start()))
        before, after = text[m.start() - 1], text[m.end()]
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            keep.extend(range(m.start(), m.end()))
        last = m.end()
    keep.extend(range(last, end))
    return keep


_SPACE = re.compile(r"\s+")


def read_at(text: str, where: range | list[int]) -> str:
    """The characters of ``text`` at ``where`` (:func:`reading_positions`; a slice when nothing is skipped)."""
    return text[where.start : where.stop] if isinstance(where, range) else "".join(text[i] for i in where)


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate(tags):
        if tag[0] == "I" and start >= 0 and tag[2:] == label:
            continue
        if start >= 0:
            spans.append((start, i, label))
            start = -1
        if tag != "O":
            start, label = i, tag[2:]
    if start >= 0:
        spans.append((start, len(tags), label))
    return spans
