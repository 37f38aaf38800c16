"""spaCy DocBin (``.spacy``) export and import, with ``kb_id`` and our extensions kept.

A Doc is rebuilt from a corpus record without running a pipeline: its words are
the record's ``tokens`` (cut again at entity boundaries) plus every gap between
them (whitespace is its own token, as in the newsnlp tokenizer), all with
``spaces=False``, so ``doc.text`` is exactly the record text. Sentences, entities
(label and ``kb_id``), the Doc extensions (``doc_id``, ``published``, ``source``,
``meta``) and the Span extensions (``attrs``, ``source``, ``score``) are set;
``store_user_data=True`` saves the extensions, which spaCy keeps in
``doc.user_data``.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from ..extensions import install_extensions
from .conll import record_words
from .files import atomic_open
from .jsonl import PIPELINE_KEY

logger = logging.getLogger(__name__)


def _words(record: dict[str, Any]) -> list[tuple[int, int]]:
    """Word spans covering the whole text: tokens plus the gaps between them."""
    text = record["text"]
    spans, pos = [], 0
    for start, end in record_words(record):
        if start > pos:
            spans.append((pos, start))
        spans.append((start, end))
        pos = end
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def record_to_doc(record: dict[str, Any], vocab: Vocab) -> Doc:
    """A Doc with the record's words, sentences, entities and metadata."""
    install_extensions()
    text = record["text"]
    spans = _words(record)
    sentence_starts = {s for s, _ in record.get("sentences") or []}
    words = [text[s:e] for s, e in spans]
    sent_starts = [i == 0 or s in sentence_starts for i, (s, _) in enumerate(spans)]
    doc = Doc(vocab, words=words, spaces=[False] * len(words), sent_starts=sent_starts)
    source = dict(record.get("source") or {})
    doc._.doc_id = record.get("id")
    doc._.source = source
    doc._.published = source.get("published")
    doc._.meta = dict(record.get("meta") or {})
    doc.user_data[PIPELINE_KEY] = (record.get("newsnlp") or {}).get("pipeline")
    ents = []
    for ent in record.get("entities") or []:
        span = doc.char_span(ent["start"], ent["end"], label=ent["label"], kb_id=ent.get("kb_id") or "")
        if span is None:  # cannot happen: words are cut at entity boundaries
            raise ValueError(f"{record.get('id')}: entity {ent['start']}-{ent['end']} is not on word boundaries")
        span._.attrs = dict(ent.get("attrs") or {})
        span._.source = ent.get("source")
        span._.score = ent.get("score")
        ents.append(span)
    doc.ents = ents
    return doc


def records_to_docbin(records: Iterable[dict[str, Any]], *, vocab: Vocab | None = None) -> DocBin:
    vocab = vocab if vocab is not None else Vocab()
    docbin = DocBin(store_user_data=True)
    for record in records:
        docbin.add(record_to_doc(record, vocab))
    return docbin


def write_docbin(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write records as a ``.spacy`` DocBin to ``path`` atomically; returns the number of Docs."""
    docbin = records_to_docbin(records)
    with atomic_open(path, "wb", encoding=None) as fh:
        fh.write(docbin.to_bytes())
    return len(docbin)


def read_docbin(path: str | Path, *, vocab: Vocab | None = None) -> Iterator[Doc]:
    """Docs of a ``.spacy`` file, extensions installed so ``doc._``/``span._`` values read back."""
    install_extensions()
    docbin = DocBin(store_user_data=True).from_bytes(Path(path).read_bytes())
    yield from docbin.get_docs(vocab if vocab is not None else Vocab())
