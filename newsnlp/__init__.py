"""newsnlp: annotated research corpora from saved Chinese news articles.

The public API (DESIGN.md):

- ``load()`` the pipeline, a ``spacy.Language`` for Chinese news;
- ``read_articles()`` saved files, folders and globs into ``Article`` records;
- ``annotate()`` articles into Docs (``annotate_records()`` into corpus records);
- ``to_frames()`` Docs or records into pandas tables;
- ``read_corpus()`` an annotated corpus back as Docs, records or tables;
- ``show()`` entities of Docs or records as HTML in a notebook.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "load", "read_articles", "annotate", "annotate_records", "to_frames",
           "read_corpus", "show", "Article", "Match", "LABELS"]

# Imports are lazy so `import newsnlp` stays cheap (spaCy and pandas load on use).
_LAZY = {
    "load": ("newsnlp.pipeline", "load"),
    "read_articles": ("newsnlp.io.readers", "read_articles"),
    "annotate": ("newsnlp.corpus", "annotate"),
    "annotate_records": ("newsnlp.corpus", "annotate_records"),
    "to_frames": ("newsnlp.io.tables", "to_frames"),
    "read_corpus": ("newsnlp.io.corpus_reader", "read_corpus"),
    "show": ("newsnlp.visualize", "show"),
    "Article": ("newsnlp.schema", "Article"),
    "Match": ("newsnlp.schema", "Match"),
    "LABELS": ("newsnlp.schema", "LABELS"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'newsnlp' has no attribute {name!r}")


if TYPE_CHECKING:
    from .corpus import annotate, annotate_records
    from .io.readers import read_articles
    from .io.corpus_reader import read_corpus
    from .io.tables import to_frames
    from .pipeline import load
    from .schema import LABELS, Article, Match
    from .visualize import show
