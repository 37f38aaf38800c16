"""Reading an annotated corpus back: as records, spaCy Docs or pandas tables."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..errors import InputNotFoundError, UsageError

logger = logging.getLogger(__name__)

As = Literal["docs", "records", "frames"]


def corpus_files(path: str | Path) -> list[Path]:
    """The files of a corpus: a ``.jsonl``/``.spacy`` file, or a folder's ``part-*.jsonl`` shards.

    A folder written by ``newsnlp annotate -o OUT`` holds its shards at the top
    (``OUT/part-00000.jsonl``, ...); they are read in name order. A folder with
    no JSONL shard but DocBin shards (``OUT/docbin/*.spacy``) is read from those.
    """
    path = Path(path)
    if path.is_file():
        return [path]
    if path.is_dir():
        # Not _errors.jsonl, the run's report of inputs it skipped.
        shards = sorted(path.glob("part-*.jsonl")) or sorted(p for p in path.glob("*.jsonl") if not p.name.startswith("_"))
        if not shards:
            shards = sorted(path.glob("*.spacy")) or sorted((path / "docbin").glob("*.spacy"))
        if shards:
            return shards
        raise InputNotFoundError(path / "part-*.jsonl")
    raise InputNotFoundError(path)


def iter_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Corpus records of a file or an output folder, shard by shard."""
    from .jsonl import doc_to_record, read_jsonl

    for file in corpus_files(path):
        if file.suffix == ".spacy":
            from .docbin import read_docbin

            for doc in read_docbin(file):
                yield doc_to_record(doc)
        else:
            yield from read_jsonl(file)


def iter_docs(path: str | Path, *, vocab: Vocab | None = None) -> Iterator[Doc]:
    """Docs of a corpus with entities, ``kb_id`` and the newsnlp extensions set."""
    from .docbin import read_docbin, record_to_doc
    from .jsonl import read_jsonl

    vocab = vocab if vocab is not None else Vocab()
    for file in corpus_files(path):
        if file.suffix == ".spacy":
            yield from read_docbin(file, vocab=vocab)
        else:
            for record in read_jsonl(file):
                yield record_to_doc(record, vocab)


def read_corpus(path: str | Path, as_: As = "docs", *, vocab: Vocab | None = None,
                tokens: bool = False) -> list[Doc] | list[dict[str, Any]] | dict[str, Any]:
    """Read an annotated corpus back.

    path: a corpus JSONL file, a ``.spacy`` DocBin, or an output folder with
        ``part-*.jsonl`` shards.
    as_: ``"docs"`` for a list of spaCy Docs (words, sentences, entities with
        ``kb_id``, ``doc._``/``span._`` extensions), ``"records"`` for the JSONL
        dicts, ``"frames"`` for ``newsnlp.to_frames`` tables (a dict of DataFrames).
    vocab: the Vocab for Docs (``nlp.vocab`` to share strings with a pipeline).
    tokens: with ``as_="frames"``, also build the ``tokens`` table.

    For corpora too large for memory, stream with ``iter_records``/``iter_docs``.
    """
    if as_ == "docs":
        return list(iter_docs(path, vocab=vocab))
    if as_ == "records":
        return list(iter_records(path))
    if as_ == "frames":
        from .tables import to_frames

        return to_frames(iter_records(path), tokens=tokens)
    raise UsageError(f"read_corpus(as_={as_!r}) is not supported; use 'docs', 'records' or 'frames'.")
