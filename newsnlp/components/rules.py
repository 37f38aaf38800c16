"""The spaCy component that runs the rule finders for units, numbers and dates.

It proposes candidates with ``add_matches`` and never writes ``doc.ents``; the
resolver chooses among all candidates. The finders keep their word lists in
module-level caches, so the component itself holds only its switches and the
records the user's KB files add for the unit rules: it pickles, and a saved
pipeline reloads it from its config alone, without the files.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import srsly
from spacy.tokens import Doc

from ..extensions import add_matches, doc_text, install_extensions, word_starts
from ..schema import Match
from .dates import find_dates
from .numbers import find_numbers
from .units import find_units, user_entities

logger = logging.getLogger(__name__)


def find_all(text: str, published: str | None = None, *, units: bool = True,
             numbers: bool = True, dates: bool = True, word_starts: set[int] | None = None,
             kb_entities: Sequence[dict[str, Any]] = ()) -> list[Match]:
    """Every rule candidate in ``text``; numbers inside a unit or date are dropped.
    ``word_starts``: where the tokenizer's words begin, if known (see ``find_dates``);
    ``kb_entities``: records of the user's KB (see ``find_units``)."""
    found_units = find_units(text, kb_entities) if units else []
    found_dates = find_dates(text, published, word_starts) if dates else []
    taken = bytearray(len(text))
    for m in (*found_units, *found_dates):
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    found_numbers = []
    if numbers:
        found_numbers = [n for n in find_numbers(text) if not any(taken[n.start:n.end])]
    return sorted((*found_units, *found_dates, *found_numbers), key=lambda m: (m.start, m.end))


class Rules:
    """Rule candidates for MILITARY_UNIT (priority 30), NUMBER and DATE (priority 20)."""

    def __init__(self, name: str = "newsnlp_rules", *, units: bool = True,
                 numbers: bool = True, dates: bool = True, kb_extra: Iterable[str] = ()) -> None:
        install_extensions()
        self.name = name
        self.units = units
        self.numbers = numbers
        self.dates = dates
        self.kb_extra = [str(path) for path in kb_extra]
        self._kb_entities: list[dict[str, Any]] | None = None

    @property
    def kb_entities(self) -> list[dict[str, Any]]:
        """What the unit rules need of the user's KB files, read on first use (a saved pipeline
        keeps these records, not the files)."""
        if self._kb_entities is None:
            self._kb_entities = user_entities(self.kb_extra)
        return self._kb_entities

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        # Word starts only matter to 今日 / 明日 (find_dates); most texts have neither.
        starts = word_starts(doc) if self.dates and ("今日" in text or "明日" in text) else None
        matches = find_all(text, doc._.published, units=self.units, numbers=self.numbers, dates=self.dates,
                           word_starts=starts, kb_entities=self.kb_entities)
        add_matches(doc, matches)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def _config(self) -> dict[str, Any]:
        return {"units": self.units, "numbers": self.numbers, "dates": self.dates,
                "kb_entities": self.kb_entities}

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self._config())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> Rules:
        self._set(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self._config())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Rules:
        cfg = Path(path) / "cfg.json"
        if cfg.is_file():
            self._set(srsly.read_json(cfg))
        return self

    def _set(self, cfg: dict[str, Any]) -> None:
        self.units = bool(cfg.get("units", self.units))
        self.numbers = bool(cfg.get("numbers", self.numbers))
        self.dates = bool(cfg.get("dates", self.dates))
        if "kb_entities" in cfg:
            self._kb_entities = list(cfg["kb_entities"])
