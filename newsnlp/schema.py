"""Labels, the records that flow between pipeline steps, and the corpus JSONL record.

Offsets everywhere are Python ``str`` indices (code points) into the document
text, end exclusive, as SCHEMA.md defines them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PERSON = "PERSON"
PLACE = "PLACE"
ORG = "ORG"
MILITARY_UNIT = "MILITARY_UNIT"
NUMBER = "NUMBER"
DATE = "DATE"

LABELS: tuple[str, ...] = (PERSON, PLACE, ORG, MILITARY_UNIT, NUMBER, DATE)
# Labels whose mentions carry a ``kb_id`` (a KB id or a corpus cluster id).
LINKABLE_LABELS: frozenset[str] = frozenset({PERSON, PLACE, ORG, MILITARY_UNIT})

# Which component proposed a mention; kept on every entity as ``source``.
SOURCES: tuple[str, ...] = ("model", "rule", "gazetteer", "linker")


@dataclass(slots=True)
class Match:
    """A candidate mention proposed by one component, before overlaps are resolved.

    Components append matches to ``doc._.newsnlp_matches``; the resolver picks a
    non-overlapping set, makes their boundaries token boundaries and writes
    ``doc.ents``. ``priority`` breaks ties between sources: a higher priority
    wins an overlap before length is considered (rules for units and numbers
    know their span better than a statistical model does).
    """

    start: int
    end: int
    label: str
    source: str
    score: float = 1.0
    attrs: dict[str, Any] = field(default_factory=dict)
    kb_id: str = ""
    priority: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"Match needs 0 <= start < end, got {self.start}, {self.end}")
        if self.label not in LABELS:
            raise ValueError(f"Unknown label {self.label!r}; expected one of {LABELS}")

    def overlaps(self, start: int, end: int) -> bool:
        """Whether this match shares a character with ``[start, end)``."""
        return self.start < end and start < self.end

    def to_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it deep-copies recursively and is slow on a hot path.
        return {"start": self.start, "end": self.end, "label": self.label, "source": self.source,
                "score": self.score, "attrs": dict(self.attrs), "kb_id": self.kb_id,
                "priority": self.priority}


@dataclass(slots=True)
class Article:
    """One article as read from disk, ready for the pipeline.

    ``text`` is the clean article text that spans point into. ``source`` holds
    provenance and metadata (path, url, publisher, title, author, published as
    ISO date, encoding, script). ``meta`` holds extra structure from the reader:
    ``captions`` (list of [start, end]) and ``source_offsets`` (a compact map
    from text offsets back to decoded-source offsets, see ``newsnlp.io``).
    """

    id: str
    text: str
    source: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def published(self) -> str | None:
        return self.source.get("published")


SOURCE_FIELDS: tuple[str, ...] = (
    "path", "url", "publisher", "title", "author", "published", "encoding", "script",
)
