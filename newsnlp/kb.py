"""The knowledge base: entity records and an index from normalised aliases to entity ids.

The KB is data, not a component: the gazetteer and the linker each hold one. It ships as JSON Lines
files under ``models/kb`` (rebuilt by ``models/kb/build.py``) and researchers extend it with their own
JSONL or TSV files without editing the package::

    kb = load_default_kb(extra=["my_entities.jsonl", "more_aliases.tsv"])

A JSONL line with a new ``id`` adds an entity (``id``, ``label`` and ``name`` required); a line whose
``id`` exists merges its ``aliases``/``abbreviations`` into that entity. A TSV line is
``id<TAB>alias|alias...`` to merge aliases, or ``id<TAB>aliases<TAB>label<TAB>type<TAB>country`` to
add an entity named by its first alias.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import srsly

from .candidates import normalize_alias, split_suffix
from .errors import ConfigError, ModelNotFoundError
from .resources import models_dir
from .schema import LINKABLE_LABELS

logger = logging.getLogger(__name__)


@dataclass
class Entity:
    """One canonical entity. ``abbreviations`` are short forms (俄, 韩联社, 乌军); one-character ones
    are only trusted in context. ``generic`` is a bare name (国防部) this entity has when its country
    is clear from the sentence."""

    id: str
    label: str
    name: str
    name_en: str = ""
    aliases: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    type: str = ""
    country: str = ""
    parent: str = ""
    description: str = ""
    wikidata: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)
    generic: str = ""
    iso: str = ""

    def __post_init__(self) -> None:
        if not self.id or not self.name:
            raise ConfigError(f"KB entity {self.id or self.name!r} needs both 'id' and 'name'.")
        if self.label not in LINKABLE_LABELS:
            raise ConfigError(
                f"KB entity {self.id!r} has label {self.label!r}; use one of {sorted(LINKABLE_LABELS)}."
            )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Entity":
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"KB entity {data.get('id')!r} has unknown fields {sorted(unknown)}; "
                              f"allowed fields are {sorted(known)}.")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v or k in ("id", "label", "name")}

    def names(self) -> list[str]:
        """Every written form: name, aliases, then abbreviations."""
        return [self.name, *self.aliases, *self.abbreviations]

    @property
    def is_macro_region(self) -> bool:
        """A region of several countries with a UN M49 code (欧洲, 北欧, 中东)."""
        return self.label == "PLACE" and self.type == "region" and self.iso.isdigit()


class KnowledgeBase:
    """Entities by id plus alias, stem and generic-name indexes over normalised keys."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self._entities: dict[str, Entity] = {}
        self._alias: dict[str, list[str]] = {}
        self._abbreviation_keys: set[str] = set()
        self._stem: dict[str, list[str]] = {}
        self._generic: dict[str, dict[str, str]] = {}
        for entity in entities:
            self.add(entity)

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def from_jsonl(cls, paths: Iterable[str | Path]) -> "KnowledgeBase":
        kb = cls()
        for path in paths:
            kb.extend(path)
        return kb

    def add(self, entity: Entity) -> None:
        """Add an entity, or merge its names into the entity with the same id."""
        current = self._entities.get(entity.id)
        if current is None:
            self._entities[entity.id] = entity
        else:
            if entity.label != current.label:
                raise ConfigError(
                    f"KB entity {entity.id!r} is {current.label}; an extension gives it label "
                    f"{entity.label}. Use another id for a different entity."
                )
            for name in [entity.name, *entity.aliases]:
                if name not in current.names():
                    current.aliases.append(name)
            for name in entity.abbreviations:
                if name not in current.abbreviations:
                    current.abbreviations.append(name)
            entity = current
        self._index(entity)

    def add_aliases(self, entity_id: str, aliases: Iterable[str], *, abbreviation: bool = False) -> None:
        entity = self._entities.get(entity_id)
        if entity is None:
            raise ConfigError(f"Cannot add aliases to {entity_id!r}: no such KB entity. "
                              "Add the entity with its label and name first.")
        target = entity.abbreviations if abbreviation else entity.aliases
        for alias in aliases:
            if alias not in entity.names():
                target.append(alias)
        self._index(entity)

    def extend(self, path: str | Path) -> None:
        """Add or merge entities from a user JSONL or TSV file."""
        path = Path(path)
        if not path.exists():
            raise ModelNotFoundError("KB file", path, "Check the path given in kb_extra.")
        if path.suffix.lower() in (".tsv", ".txt"):
            self._extend_tsv(path)
            return
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as err:
                raise ConfigError(f"{path}:{n} is not valid JSON ({err}); write one entity per line.") from err
            if data.get("id") in self._entities and "name" not in data:
                self.add_aliases(data["id"], data.get("aliases", []))
                self.add_aliases(data["id"], data.get("abbreviations", []), abbreviation=True)
            else:
                self.add(Entity.from_dict(data))
        logger.debug("KB extended from %s: %d entities", path, len(self))

    def _extend_tsv(self, path: Path) -> None:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            entity_id, aliases = cols[0].strip(), [a.strip() for a in cols[1].split("|")] if len(cols) > 1 else []
            aliases = [a for a in aliases if a]
            if entity_id in self._entities:
                self.add_aliases(entity_id, aliases)
            elif len(cols) >= 3 and aliases:
                self.add(Entity(id=entity_id, label=cols[2].strip(), name=aliases[0], aliases=aliases[1:],
                                type=cols[3].strip() if len(cols) > 3 else "",
                                country=cols[4].strip() if len(cols) > 4 else ""))
            else:
                raise ConfigError(f"{path}:{n}: {entity_id!r} is not in the KB; a new entity needs "
                                  "'id<TAB>name|aliases<TAB>label[<TAB>type<TAB>country]'.")

    def _index(self, entity: Entity) -> None:
        for name in entity.names():
            key = normalize_alias(name)
            if not key:
                continue
            ids = self._alias.setdefault(key, [])
            if entity.id not in ids:
                ids.append(entity.id)
            if name in entity.abbreviations:
                self._abbreviation_keys.add(key)
            if entity.label == "PLACE":
                stem, suffix, _ = split_suffix(key)
                if suffix:
                    stems = self._stem.setdefault(stem, [])
                    if entity.id not in stems:
                        stems.append(entity.id)
        if entity.generic:
            self._generic.setdefault(normalize_alias(entity.generic), {})[entity.country] = entity.id

    # -- lookup -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def __iter__(self) -> Iterator[Entity]:
        return iter(self._entities.values())

    def get(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def aliases(self) -> list[str]:
        """Every normalised alias key."""
        return list(self._alias)

    def alias_index(self) -> dict[str, list[str]]:
        return self._alias

    def candidates(self, alias_key: str) -> list[str]:
        """Ids whose names normalise to ``alias_key`` (already normalised), in KB order."""
        return list(self._alias.get(alias_key, ()))

    def stem_candidates(self, stem_key: str) -> list[str]:
        """PLACE ids with a name that is ``stem_key`` plus a place suffix (库尔斯克 -> 库尔斯克州)."""
        return list(self._stem.get(stem_key, ()))

    def generic(self, key: str) -> dict[str, str]:
        """Country id -> entity id for a bare name such as 国防部."""
        return dict(self._generic.get(key, {}))

    def is_abbreviation(self, alias_key: str) -> bool:
        return alias_key in self._abbreviation_keys

    # -- serialisation ----------------------------------------------------------------------
    def to_records(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self._entities.values()]

    @classmethod
    def from_records(cls, records: Iterable[dict[str, Any]]) -> "KnowledgeBase":
        return cls(Entity.from_dict(dict(r)) for r in records)

    def to_bytes(self) -> bytes:
        return srsly.msgpack_dumps(self.to_records())

    @classmethod
    def from_bytes(cls, data: bytes) -> "KnowledgeBase":
        return cls.from_records(srsly.msgpack_loads(data))

    def to_disk(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        with open(path / "entities.jsonl", "w", encoding="utf-8") as out:
            for record in self.to_records():
                out.write(json.dumps(record, ensure_ascii=False) + "\n")

    @classmethod
    def from_disk(cls, path: str | Path) -> "KnowledgeBase":
        return cls.from_jsonl([Path(path) / "entities.jsonl"])


def _shipped_folder() -> Path:
    return models_dir() / "kb"


def _kb_missing() -> ModelNotFoundError:
    return ModelNotFoundError("Knowledge base", _shipped_folder(),
                              "Reinstall newsnlp, or rebuild it with `python models/kb/build.py`.")


def default_kb_files() -> list[Path]:
    files = sorted(_shipped_folder().glob("*.jsonl"))
    if not files:
        raise _kb_missing()
    return files


def shipped_records(stem: str) -> Iterator[dict[str, Any]]:
    """The records of one shipped KB file (``countries`` for ``kb/countries.jsonl``), read as they
    are, for the rule finders that take names from the KB without building a KnowledgeBase."""
    path = _shipped_folder() / f"{stem}.jsonl"
    if not path.is_file():
        raise _kb_missing()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_default_kb(extra: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The shipped KB, extended with the user's files (later files merge into earlier ones)."""
    kb = KnowledgeBase.from_jsonl(default_kb_files())
    for path in extra:
        kb.extend(path)
    return kb
