"""Sentence boundaries for Chinese news text.

A sentence ends after 。！？；!?; or an ellipsis (…… / ...), and any closing
quotes or brackets right after the mark stay with it (他说：“走吧。”). A
newline ends a paragraph, so the next non-space token always starts a
sentence: titles, datelines and captions without final punctuation do not run
into the text below them.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END = frozenset("。！？；!?;…")
CLOSING = frozenset("”’」』）)】〉》〕］]\"'")
PARAGRAPH_BREAK = frozenset("\n\r\u2028\u2029")


class ChineseSentencizer:
    """Set ``token.is_sent_start`` on every token (no parser needed)."""

    def __init__(self, nlp: Language | None = None, name: str = "sentencizer") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # 0: inside a sentence, 1: after a final mark (closers may follow),
        # 2: the next non-space token starts a sentence.
        state = 2
        for token in doc:
            text = token.text
            if text.isspace():
                token.is_sent_start = False if token.i else True
                if any(ch in PARAGRAPH_BREAK for ch in text):
                    state = 2
                elif state == 1:
                    state = 2
                continue
            if state == 2:
                token.is_sent_start = True
                state = 0
            elif state == 1 and not all(ch in CLOSING or ch in SENTENCE_END for ch in text):
                token.is_sent_start = True
                state = 0
            else:
                token.is_sent_start = False if token.i else True
            if text[-1] in SENTENCE_END or text.endswith("..."):
                state = 1
        return doc

    # Stateless: nothing to save, but spaCy serialises every component.
    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "ChineseSentencizer":
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        return None

    def from_disk(self, path, *, exclude=tuple()) -> "ChineseSentencizer":
        return self
