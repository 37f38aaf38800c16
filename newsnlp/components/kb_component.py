"""What every component that reads the knowledge base shares.

The KB is loaded on first use (the shipped files plus the user's ``kb_extra``
files; components of one process that read the same files share one object),
saved whole with the pipeline, so a saved pipeline reloads even after
the user's files are gone, and restored by ``from_disk``/``from_bytes``.
Indexes derived from it are rebuilt lazily and never pickled.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly

from ..kb import KnowledgeBase, default_kb_files, load_default_kb


def _file_stamp(path: str | Path) -> tuple[str, int, int]:
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return str(path), -1, -1  # load_default_kb reports the missing file
    return str(path), stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=4)
def _shared_kb(extra: tuple[str, ...], stamps: tuple[tuple[str, int, int], ...]) -> KnowledgeBase:
    """One KB object for the components of a process that load the same files (the linker
    and the gazetteer): loaded once, held once. ``stamps`` (every file's path, time and size)
    are part of the cache key only, so a file that changes on disk gets a new KB."""
    return load_default_kb(extra)


class KBComponent:
    # Attributes derived from the KB: reset whenever the KB changes, dropped when pickling.
    derived: tuple[str, ...] = ()

    def _init_kb(self, kb_extra: Iterable[str], kb: KnowledgeBase | None) -> None:
        self.kb_extra = [str(p) for p in kb_extra]
        self._kb = kb
        self._reset_derived()

    def _reset_derived(self) -> None:
        for attr in self.derived:
            setattr(self, attr, None)

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            extra = tuple(self.kb_extra)
            self._kb = _shared_kb(extra, tuple(_file_stamp(p) for p in (*default_kb_files(), *extra)))
        return self._kb

    @kb.setter
    def kb(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._reset_derived()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for attr in self.derived:
            state[attr] = None
        return state

    # Subclasses say which settings they save.
    def _cfg(self) -> dict[str, Any]:
        raise NotImplementedError

    def _set_cfg(self, cfg: dict[str, Any]) -> None:
        raise NotImplementedError

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"cfg": self._cfg(), "kb": self.kb.to_bytes()})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()):
        msg = srsly.msgpack_loads(data)
        self._set_cfg(msg["cfg"])
        self.kb = KnowledgeBase.from_bytes(msg["kb"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self._cfg())
        self.kb.to_disk(path / "kb")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()):
        path = Path(path)
        self._set_cfg(srsly.read_json(path / "cfg.json"))
        self.kb = KnowledgeBase.from_disk(path / "kb")
        return self
