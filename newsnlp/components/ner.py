"""Statistical PERSON / PLACE / ORG mentions from a character CNN-CRF.

The network (:mod:`newsnlp.network`, run with onnxruntime and numpy) reads characters, bigrams and
dictionary cues (:mod:`newsnlp.features`); it is trained by ``models/ner/train.py``.
The component proposes candidate matches; the resolver decides ``doc.ents``.
"""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from ..errors import ConfigError
from ..extensions import add_matches, doc_text, install_extensions, token_spans
from ..schema import LABELS, Match
from ..tagger import MODEL_FILES, NerTagger, check_model_dir, default_model_dir

logger = logging.getLogger(__name__)


# A name found with at least this mean tag marginal is looked for again in the rest of the document.
REPEAT_MIN_SCORE = 0.95
# The score given to such a further occurrence.
REPEAT_SCORE = 0.9


def _repeats(doc: Doc, spans: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """Further occurrences of the names the network found with confidence, where it found nothing:
    an article names a person or place many times, and a context can hide one of them from the
    network. An occurrence must begin and end where words do (李明 is not in 李明天)."""
    text = doc_text(doc)
    names: dict[str, str] = {}
    for start, end, label, score in spans:
        name = text[start:end]
        if score >= REPEAT_MIN_SCORE and end - start >= 2 and not name.isascii():
            names.setdefault(name, label)
    if not names:
        return []
    by_first: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):  # longest first
        by_first.setdefault(name[0], []).append(name)
    taken = bytearray(len(text) + 1)
    for start, end, _, _ in spans:
        taken[start:end] = b"\x01" * (end - start)
    words = token_spans(doc)
    ends = {end for _, end in words}
    found = []
    # One pass over the word starts: the cost grows with the text, not with text x names.
    for start, _ in words:
        for name in by_first.get(text[start], ()):
            end = start + len(name)
            if end in ends and text.startswith(name, start) and not any(taken[start:end]):
                found.append((start, end, names[name], REPEAT_SCORE))
                taken[start:end] = b"\x01" * (end - start)
                break
    return found


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
        spans = [span for span in spans if span[3] >= self.min_score and span[2] in LABELS]
        if REPEAT_SCORE >= self.min_score:
            spans += _repeats(doc, spans)
        add_matches(doc, [Match(start, end, label, "model", score=round(score, 4), priority=0)
                          for start, end, label, score in spans])

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
            for name in MODEL_FILES:
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
