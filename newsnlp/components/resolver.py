"""Span resolution: from overlapping candidate mentions to ``doc.ents``.

Components propose ``Match`` candidates; this step chooses a set that neither
overlaps nor nests (SCHEMA: spans never overlap and never nest), makes every
chosen boundary a token boundary by splitting tokens (word segmentation must
never lose an entity, spaCy#5112), and writes ``doc.ents`` with ``kb_id`` and
the plain-data extensions. Character offsets never move: splitting a token
only changes where tokens begin, not the text.
"""
from __future__ import annotations

import logging
from bisect import bisect_right
from collections import defaultdict

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import clear_matches, get_matches
from ..schema import Match

logger = logging.getLogger(__name__)

# A statistical span that contains knowledge-base matches of another kind
# (俄罗斯外交部 over 俄罗斯) is more likely right than the pieces, so it is
# ranked just above the gazetteer; rules still win.
_CONTAINER_PRIORITY = 15


def _effective_priority(match: Match, gazetteer: list[Match]) -> int:
    if match.source != "model":
        return match.priority
    inside = [g for g in gazetteer if match.start <= g.start and g.end <= match.end
              and (g.start, g.end) != (match.start, match.end)]
    if not inside:
        return match.priority
    # Same-label pieces that cover the whole span are separate names written
    # together (俄罗斯联邦库尔斯克地区): keep the pieces.
    pieces = sorted((g for g in inside if g.label == match.label), key=lambda g: g.start)
    pos = match.start
    for g in pieces:
        if g.start != pos:
            break
        pos = g.end
    if pos == match.end:
        return match.priority
    return _CONTAINER_PRIORITY


def choose(matches: list[Match]) -> list[Match]:
    """Greedy choice: higher priority, then longer, then earlier, then higher score."""
    gazetteer = [m for m in matches if m.source == "gazetteer"]
    ranked = sorted(
        matches,
        key=lambda m: (-_effective_priority(m, gazetteer), -(m.end - m.start), m.start, -m.score),
    )
    taken: list[Match] = []
    occupied: list[tuple[int, int]] = []
    for match in ranked:
        if any(match.start < end and start < match.end for start, end in occupied):
            continue
        taken.append(match)
        occupied.append((match.start, match.end))
    return sorted(taken, key=lambda m: m.start)


def split_at(doc: Doc, offsets: set[int]) -> Doc:
    """Split tokens so that every character offset in ``offsets`` starts a token."""
    starts = [token.idx for token in doc]  # one pass: Doc.text and doc[i] are not free
    length = starts[-1] + len(doc[-1]) if starts else 0
    cuts: dict[int, list[int]] = defaultdict(list)
    for offset in offsets:
        if 0 < offset < length:
            i = bisect_right(starts, offset) - 1
            if starts[i] != offset:
                cuts[i].append(offset - starts[i])
    if not cuts:
        return doc
    with doc.retokenize() as retokenizer:
        for i, points in cuts.items():
            token = doc[i]
            bounds = [0, *sorted(set(points)), len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            heads = [(token, 0)] * len(orths)
            retokenizer.split(token, orths, heads=heads)
    return doc


class SpanResolver:
    """Write the chosen candidates to ``doc.ents`` (replacing what was there)."""

    def __init__(self, nlp: Language | None = None, name: str = "resolver") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        chosen = choose(get_matches(doc))
        clear_matches(doc)
        doc = split_at(doc, {m.start for m in chosen} | {m.end for m in chosen})
        ents = []
        for m in chosen:
            span = doc.char_span(m.start, m.end, label=m.label, kb_id=m.kb_id)
            if span is None:  # cannot happen after split_at; guard offsets anyway
                logger.warning("Dropped %s span %d-%d: not on token boundaries", m.label, m.start, m.end)
                continue
            span._.attrs = dict(m.attrs)
            span._.source = m.source
            span._.score = m.score
            ents.append(span)
        doc.ents = ents
        return doc

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "SpanResolver":
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        return None

    def from_disk(self, path, *, exclude=tuple()) -> "SpanResolver":
        return self
