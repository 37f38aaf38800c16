"""Statistical PERSON / PLACE / ORG mentions from a character CRF.

The model is a linear-chain CRF (python-crfsuite) over characters; its features
are in :mod:`newsnlp.features` and it is trained by ``models/ner/train.py``.
The component proposes candidate matches; the resolver decides ``doc.ents``.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ConfigError, ModelNotFoundError
from ..extensions import add_matches, doc_text, install_extensions
from ..features import Lexicon, featurize, normalise
from ..resources import models_dir
from ..schema import LABELS, Match

logger = logging.getLogger(__name__)

MODEL_FILE = "ner.crfsuite"
LEXICON_FILE = "lexicon.tsv"
META_FILE = "meta.json"
_FILES = (MODEL_FILE, LEXICON_FILE, META_FILE)

# Chunks the CRF sees: a sentence (ending after 。！？ or a line break), cut to at
# most MAX_CHUNK characters at a comma-like mark. Training pieces are <= 100
# characters; short inputs also keep Viterbi cheap.
MAX_CHUNK = 300
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


class CrfTagger:
    """The bare model: text in, (start, end, label, score) spans out.

    Built from a model folder (``ner.crfsuite``, ``lexicon.tsv``, ``meta.json``)
    or from those files' bytes (:meth:`from_files`).
    """

    def __init__(self, model_dir: str | Path) -> None:
        self.model_dir: Path | None = Path(model_dir)
        check_model_dir(self.model_dir)
        self.meta: dict[str, Any] = json.loads((self.model_dir / META_FILE).read_text(encoding="utf-8"))
        self.lexicon = Lexicon.from_file(self.model_dir / LEXICON_FILE)
        self._model_bytes: bytes | None = None
        self._tagger: Any = None

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> CrfTagger:
        return cls(default_model_dir() if model_dir is None else model_dir)

    @classmethod
    def from_files(cls, files: dict[str, bytes]) -> CrfTagger:
        missing = [name for name in _FILES if name not in files]
        if missing:
            raise ModelNotFoundError(
                f"NER model files {missing}", "the serialized component",
                "Serialize the component with to_bytes() of the same newsnlp version.",
            )
        self = cls.__new__(cls)
        self.model_dir = None
        self.meta = json.loads(files[META_FILE].decode("utf-8"))
        self.lexicon = Lexicon.from_lines(files[LEXICON_FILE].decode("utf-8").splitlines())
        self._model_bytes = files[MODEL_FILE]
        self._tagger = None
        return self

    def to_files(self) -> dict[str, bytes]:
        if self.model_dir is None:
            assert self._model_bytes is not None
            return {
                MODEL_FILE: self._model_bytes,
                LEXICON_FILE: "\n".join(self.lexicon.to_lines()).encode("utf-8") + b"\n",
                META_FILE: json.dumps(self.meta, ensure_ascii=False).encode("utf-8"),
            }
        return {name: (self.model_dir / name).read_bytes() for name in _FILES}

    @property
    def tagger(self) -> Any:
        # pycrfsuite.Tagger holds a C handle: opened on first use, never pickled.
        if self._tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            if self._model_bytes is not None:
                tagger.open_inmemory(self._model_bytes)
            else:
                tagger.open(str(self.model_dir / MODEL_FILE))
            self._tagger = tagger
        return self._tagger

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_tagger"] = None
        return state

    def tag(self, text: str, *, with_scores: bool = True) -> list[tuple[int, int, str, float]]:
        """Mentions in ``text`` as (start, end, label, score); score is the mean tag marginal."""
        spans: list[tuple[int, int, str, float]] = []
        norm = normalise(text)
        tagger = self.tagger
        for start, end in split_chunks(norm):
            piece = norm[start:end]
            if not piece.strip():
                continue
            tags = tagger.tag(featurize(piece, self.lexicon, normalised=True))
            for s, e, label in _bio_spans(tags):
                score = 1.0
                if with_scores:
                    score = sum(tagger.marginal(tags[i], i) for i in range(s, e)) / (e - s)
                spans.append((start + s, start + e, label, score))
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
    """spaCy component: adds the CRF's PERSON / PLACE / ORG mentions as candidate matches.

    model_path: folder with ``ner.crfsuite``, ``lexicon.tsv`` and ``meta.json``
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
        self._model: CrfTagger | None = None

    @property
    def model(self) -> CrfTagger:
        # Loaded on first use, so spacy.load() of a saved pipeline reads the files once.
        if self._model is None:
            self._model = CrfTagger(self._model_dir)
        return self._model

    @model.setter
    def model(self, value: CrfTagger) -> None:
        self._model = value

    def __call__(self, doc: Doc) -> Doc:
        matches = [
            Match(start, end, label, "model", score=round(score, 4), priority=0)
            for start, end, label, score in self.model.tag(doc_text(doc))
            if score >= self.min_score and label in LABELS
        ]
        add_matches(doc, matches)
        return doc

    def pipe(self, docs, batch_size: int = 128):  # noqa: ANN001 - spaCy's signature
        for doc in docs:
            yield self(doc)

    def to_bytes(self, *, exclude: tuple[str, ...] = ()) -> bytes:
        files = self.model.to_files()
        return srsly.msgpack_dumps({"cfg": {"min_score": self.min_score}, "files": files})

    def from_bytes(self, data: bytes, *, exclude: tuple[str, ...] = ()) -> CharNER:
        msg = srsly.msgpack_loads(data)
        self.min_score = float(msg["cfg"]["min_score"])
        self.model = CrfTagger.from_files(msg["files"])
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
