"""Statistical PERSON / PLACE / ORG mentions from a character CNN-CRF.

The network (:mod:`newsnlp.network`, run with numpy) reads characters, bigrams and
dictionary cues (:mod:`newsnlp.features`); it is trained by ``models/ner/train.py``.
The component proposes candidate matches; the resolver decides ``doc.ents``.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from ..errors import ConfigError, ModelNotFoundError
from ..extensions import add_matches, doc_text, install_extensions
from ..features import Lexicon, normalise
from ..network import TAGS, CnnCrf
from ..resources import models_dir
from ..schema import LABELS, Match

logger = logging.getLogger(__name__)

MODEL_FILE = "ner.npz"
LEXICON_FILE = "lexicon.tsv"
META_FILE = "meta.json"
_FILES = (MODEL_FILE, LEXICON_FILE, META_FILE)

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
    missing = [name for name in _FILES if not (model_dir / name).is_file()]
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
        missing = [name for name in _FILES if name not in files]
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
            return {name: (self.model_dir / name).read_bytes() for name in _FILES}
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
        chunks = [
            (k, s, e) for k, norm in enumerate(norms) for s, e in split_chunks(norm) if norm[s:e].strip()
        ]
        # Chunks of similar length share a batch, so little of the batch is padding.
        chunks.sort(key=lambda chunk: chunk[2] - chunk[1])
        spans: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
        for first in range(0, len(chunks), BATCH_SIZE):
            batch = chunks[first : first + BATCH_SIZE]
            paths, probs = self.network.tag(
                [norms[k][s:e] for k, s, e in batch], self.lexicon, with_marginals=with_scores,
            )
            for row, ((k, offset, _), path) in enumerate(zip(batch, paths)):
                for s, e, label in _bio_spans([TAGS[t] for t in path]):
                    score = 1.0
                    if probs is not None:
                        score = float(probs[row, np.arange(s, e), path[s:e]].mean())
                    spans[k].append((offset + s, offset + e, label, score))
        for found in spans:
            found.sort()
        return spans


def _bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
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


class CharNER:
    """spaCy component: adds the network's PERSON / PLACE / ORG mentions as candidate matches.

    model_path: folder with ``ner.npz``, ``lexicon.tsv`` and ``meta.json``
        (default: the model shipped in ``newsnlp.models/ner``).
    min_score: mentions whose mean tag marginal is below this are dropped.
    """

    def __init__(self, nlp: Language | None = None, name: str = "ner", *,
                 model_path: str | None = None, min_score: float = 0.0) -> None:
        if not 0.0 <= min_score <= 1.0:
            raise ConfigError(f"min_score must be in [0, 1], got {min_score}; 0 keeps every mention.")
        install_extensions()
        self.name = name
        self.min_score = float(min_score)
        self._model_dir = default_model_dir() if model_path is None else Path(model_path)
        check_model_dir(self._model_dir)
        self._model: NerTagger | None = None

    @property
    def model(self) -> NerTagger:
        # Loaded on first use, so spacy.load() of a saved pipeline reads the files once.
        if self._model is None:
            self._model = NerTagger(self._model_dir)
        return self._model

    @model.setter
    def model(self, value: NerTagger) -> None:
        self._model = value

    def __call__(self, doc: Doc) -> Doc:
        self._add(doc, self.model.tag(doc_text(doc)))
        return doc

    def _add(self, doc: Doc, spans: list[tuple[int, int, str, float]]) -> None:
        add_matches(doc, [
            Match(start, end, label, "model", score=round(score, 4), priority=0)
            for start, end, label, score in spans
            if score >= self.min_score and label in LABELS
        ])

    def pipe(self, docs, batch_size: int = 128):  # noqa: ANN001 - spaCy's signature
        # The sentences of a batch of docs run through the network together.
        for batch in minibatch(docs, size=batch_size):
            for doc, spans in zip(batch, self.model.tag_many([doc_text(doc) for doc in batch])):
                self._add(doc, spans)
                yield doc

    def to_bytes(self, *, exclude: tuple[str, ...] = ()) -> bytes:
        files = self.model.to_files()
        return srsly.msgpack_dumps({"cfg": {"min_score": self.min_score}, "files": files})

    def from_bytes(self, data: bytes, *, exclude: tuple[str, ...] = ()) -> CharNER:
        msg = srsly.msgpack_loads(data)
        self.min_score = float(msg["cfg"]["min_score"])
        self.model = NerTagger.from_files(msg["files"])
        return self

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        source = self.model.model_dir
        if source is not None and source.resolve() == path.resolve():
            pass  # saving onto its own files
        elif source is not None:
            for name in _FILES:
                shutil.copyfile(source / name, path / name)
        else:
            for name, content in self.model.to_files().items():
                (path / name).write_bytes(content)
        (path / "cfg.json").write_text(json.dumps({"min_score": self.min_score}), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> CharNER:
        path = Path(path)
        cfg_path = path / "cfg.json"
        if cfg_path.is_file():
            self.min_score = float(json.loads(cfg_path.read_text(encoding="utf-8"))["min_score"])
        self._model_dir = path
        self._model = None
        return self
