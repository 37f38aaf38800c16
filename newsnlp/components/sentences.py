"""Sentence boundaries for Chinese news text.

A sentence ends after 。！？；!?; or an ellipsis (…… / ...), and any closing
quotes or brackets right after the mark stay with it (他说：“走吧。”). A
newline ends a paragraph, so the next non-space token always starts a
sentence: titles, datelines and captions without final punctuation do not run
into the text below them.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import doc_text, token_spans

SENTENCE_END = frozenset("。！？；!?;…")
CLOSING = frozenset("”’」』）)】〉》〕］]\"'")
PARAGRAPH_BREAK = frozenset("\n\r\u2028\u2029")


def sentence_starts(words: list[str]) -> list[bool]:
    """For each word, whether it starts a sentence."""
    starts = []
    # 0: inside a sentence, 1: after a final mark (closers may follow),
    # 2: the next non-space word starts a sentence.
    state = 2
    for i, text in enumerate(words):
        if text.isspace():
            starts.append(i == 0)
            if any(ch in PARAGRAPH_BREAK for ch in text) or state == 1:
                state = 2
            continue
        if state == 2 or (state == 1 and not all(ch in CLOSING or ch in SENTENCE_END for ch in text)):
            starts.append(True)
            state = 0
        else:
            starts.append(i == 0)
        if text[-1] in SENTENCE_END or text.endswith("..."):
            state = 1
    return starts


class ChineseSentencizer:
    """Set ``token.is_sent_start`` on every token (no parser needed).

    Stateless: spaCy skips saving components without ``to_disk``/``to_bytes``.
    """

    def __init__(self, nlp: Language | None = None, name: str = "sentencizer") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        text = doc_text(doc)
        starts = sentence_starts([text[start:end] for start, end in token_spans(doc)])
        # One array write instead of a per-token setter (each one checks the whole Doc).
        # spaCy stores attributes as uint64: -1 ("not a start") wraps, as in Doc.to_array.
        values = numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64")
        doc.from_array([SENT_START], values[:, None])
        return doc
