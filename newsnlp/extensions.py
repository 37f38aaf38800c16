"""Custom ``Doc``/``Span`` attributes, installed idempotently.

Every extension holds plain data (strings, numbers, dicts, lists) so Docs
pickle, cross process boundaries and survive ``DocBin(store_user_data=True)``.
Span values live in ``doc.user_data`` keyed by character offsets, which is how
spaCy stores span extensions, so they follow the span rather than a Span object.
"""
from __future__ import annotations

import re
import weakref
from collections.abc import Iterable

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

from .schema import Match

DOC_EXTENSIONS: dict[str, object] = {
    "doc_id": None,        # stable article id
    "published": None,     # ISO date of publication, feeds relative dates
    "source": None,        # reader metadata: path, url, publisher, title, ...
    "meta": None,          # reader structure: captions, source offsets
    "newsnlp_matches": None,  # candidate mentions (dicts) before resolution
}
SPAN_EXTENSIONS: dict[str, object] = {
    "attrs": None,   # SCHEMA attrs of an entity, a plain dict
    "source": None,  # which component set the entity: model, gazetteer, rule, linker
    "score": None,   # confidence in [0, 1]
}


def install_extensions() -> None:
    """Register the extensions once; safe to call from every component."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


# A CJK ideograph (Extension A and the unified block).
CJK = re.compile(r"[\u3400-\u9fff]")

# Texts recorded for Docs, outside ``user_data`` so that no copy rides into pickles or DocBins
# whichever components run; an entry goes with its Doc.
_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy joins every token on each access."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def token_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of each token, read in one array rather than from a Token
    object per token."""
    return [(start, start + length) for start, length in doc.to_array([IDX, LENGTH]).tolist()]


def word_starts(doc: Doc) -> set[int] | None:
    """Offsets where the Doc's words begin, or None when it is one token per character (no word
    information to go by)."""
    spans = token_spans(doc)
    text = doc_text(doc)
    if not any(end - start > 1 and CJK.match(text[start]) for start, end in spans):
        return None
    return {start for start, _ in spans}


def remember_text(doc: Doc, text: str) -> None:
    """Record ``text`` as ``doc.text`` for :func:`doc_text`; only for a Doc whose words tile it."""
    _TEXTS[doc] = text


def forget_text(doc: Doc) -> None:
    """Drop the recorded text of a finished Doc (it would otherwise live as long as the Doc)."""
    _TEXTS.pop(doc, None)


def add_matches(doc: Doc, matches: Iterable[Match]) -> None:
    """Append candidate mentions to a Doc for the resolver to choose from."""
    stored = doc._.newsnlp_matches
    if stored is None:
        stored = doc._.newsnlp_matches = []
    stored.extend(m.to_dict() for m in matches)


def get_matches(doc: Doc) -> list[Match]:
    return [Match(**m) for m in (doc._.newsnlp_matches or [])]


def clear_matches(doc: Doc) -> None:
    doc._.newsnlp_matches = None
