"""Corpus tables for analysis: documents, mentions, entities (and tokens) as DataFrames.

Every table has an explicit Arrow schema (``SCHEMAS``) so Parquet shards written
from different batches union cleanly: a column has the same type in every shard
even when a shard holds no value for it. ``docs/formats.md`` describes each column.
"""
from __future__ import annotations

import bisect
import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pandas as pd
import pyarrow as pa
from spacy.tokens import Doc

from .jsonl import doc_to_record

logger = logging.getLogger(__name__)

TABLES: tuple[str, ...] = ("documents", "mentions", "entities", "tokens")
# Tables written unless asked otherwise; ``tokens`` is one row per word and large.
DEFAULT_TABLES: tuple[str, ...] = ("documents", "mentions", "entities")

_STR, _INT, _FLOAT, _BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_STR_LIST = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", _STR), ("path", _STR), ("url", _STR), ("publisher", _STR), ("title", _STR),
        ("author", _STR), ("published", _STR), ("encoding", _STR), ("script", _STR),
        ("n_chars", _INT), ("n_sentences", _INT), ("n_tokens", _INT), ("n_entities", _INT),
        ("n_captions", _INT), ("newsnlp_version", _STR), ("pipeline", _STR),
    ]),
    "mentions": pa.schema([
        ("doc_id", _STR), ("mention", _INT), ("start", _INT), ("end", _INT), ("text", _STR),
        ("label", _STR), ("kb_id", _STR), ("canonical_name", _STR), ("sentence", _INT),
        ("source", _STR), ("score", _FLOAT),
        ("value", _FLOAT), ("unit", _STR), ("approx", _BOOL), ("qualifier", _STR),
        ("min", _FLOAT), ("max", _FLOAT), ("counted", _STR),
        ("date_value", _STR), ("relative", _BOOL), ("fiscal", _BOOL),
        ("echelon", _STR), ("number", _INT), ("branch", _STR), ("country", _STR),
        ("members", _STR_LIST),
        ("link_method", _STR), ("link_score", _FLOAT),
        ("source_start", _INT), ("source_end", _INT), ("in_caption", _BOOL),
        ("attrs_json", _STR),
    ]),
    "entities": pa.schema([
        ("kb_id", _STR), ("label", _STR), ("canonical_name", _STR), ("mention_count", _INT),
        ("document_count", _INT), ("variants", _STR_LIST),
    ]),
    "tokens": pa.schema([
        ("doc_id", _STR), ("token", _INT), ("start", _INT), ("end", _INT), ("text", _STR),
        ("sentence", _INT), ("ent_iob", _STR), ("ent_label", _STR), ("kb_id", _STR),
    ]),
}

_PANDAS_DTYPES = {_INT: "Int64", _BOOL: "boolean", _FLOAT: "float64"}


def _records(items: Iterable[Doc | dict[str, Any]]) -> list[dict[str, Any]]:
    return [item if isinstance(item, dict) else doc_to_record(item) for item in items]


class _Index:
    """Which span of a sorted, non-overlapping [start, end) list holds an offset."""

    def __init__(self, spans: list[list[int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def find(self, offset: int) -> int | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.spans[i][1]:
            return i
        return None


class SourceMap:
    """Clean-text offsets -> source offsets through ``meta.source_offsets``.

    The map is the list of kept source pieces whose concatenation is the clean
    text: ``[src_start, src_end]`` for verbatim text, ``[src_start, src_end, n]``
    for ``n`` characters produced from a source range (a decoded entity or a
    paragraph break standing for markup), see ``newsnlp.clean.to_source``.
    """

    def __init__(self, pieces: list[list[int]]) -> None:
        self.pieces = pieces
        self.starts = [0]
        for piece in pieces:
            self.starts.append(self.starts[-1] + (piece[2] if len(piece) > 2 else piece[1] - piece[0]))

    @property
    def length(self) -> int:
        return self.starts[-1]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Source ``[start, end)`` covering clean ``[start, end)``; None outside the map."""
        if not (0 <= start < end <= self.length):
            return None
        first = self._piece(start)
        last = self._piece(end - 1)
        p, q = self.pieces[first], self.pieces[last]
        src_start = p[0] if len(p) > 2 else p[0] + start - self.starts[first]
        src_end = q[1] if len(q) > 2 else q[0] + end - self.starts[last]
        return src_start, src_end

    def _piece(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1


def _source_map(rec: dict[str, Any]) -> SourceMap | None:
    pieces = (rec.get("meta") or {}).get("source_offsets")
    if not pieces:
        return None
    smap = SourceMap(pieces)
    if smap.length != len(rec["text"]):
        logger.warning("%s: meta.source_offsets covers %d characters but the text has %d; "
                       "source offsets left empty", rec.get("id"), smap.length, len(rec["text"]))
        return None
    return smap


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _as_int(value: Any) -> int | None:
    number = _as_float(value)
    if number is None or not number.is_integer():
        return None
    return int(number)


def _as_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _as_str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def _as_str_list(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def document_row(rec: dict[str, Any]) -> dict[str, Any]:
    src = rec.get("source") or {}
    info = rec.get("newsnlp") or {}
    return {
        "doc_id": rec["id"],
        **{key: _as_str(src.get(key)) for key in
           ("path", "url", "publisher", "title", "author", "published", "encoding", "script")},
        "n_chars": len(rec["text"]), "n_sentences": len(rec.get("sentences") or []),
        "n_tokens": len(rec.get("tokens") or []), "n_entities": len(rec.get("entities") or []),
        "n_captions": len((rec.get("meta") or {}).get("captions") or []),
        "newsnlp_version": _as_str(info.get("version")), "pipeline": _as_str(info.get("pipeline")),
    }


def mention_rows(rec: dict[str, Any]) -> list[dict[str, Any]]:
    sentences = _Index(rec.get("sentences") or [])
    captions = _Index(sorted((rec.get("meta") or {}).get("captions") or []))
    smap = _source_map(rec)
    rows = []
    for i, ent in enumerate(rec.get("entities") or []):
        attrs = ent.get("attrs") or {}
        is_date = ent["label"] == "DATE"
        source_span = smap.span(ent["start"], ent["end"]) if smap else None
        rows.append({
            "doc_id": rec["id"], "mention": i, "start": ent["start"], "end": ent["end"],
            "text": ent["text"], "label": ent["label"], "kb_id": ent.get("kb_id") or None,
            "canonical_name": _as_str(attrs.get("canonical_name")),
            "sentence": sentences.find(ent["start"]),
            "source": _as_str(ent.get("source")), "score": _as_float(ent.get("score")),
            # value is numeric for NUMBER; a DATE's ISO value goes to date_value.
            "value": None if is_date else _as_float(attrs.get("value")),
            "unit": _as_str(attrs.get("unit")), "approx": _as_bool(attrs.get("approx")),
            "qualifier": _as_str(attrs.get("qualifier")),
            "min": _as_float(attrs.get("min")), "max": _as_float(attrs.get("max")),
            "counted": _as_str(attrs.get("counted")),
            "date_value": _as_str(attrs.get("value")) if is_date else None,
            "relative": _as_bool(attrs.get("relative")), "fiscal": _as_bool(attrs.get("fiscal")),
            "echelon": _as_str(attrs.get("echelon")), "number": _as_int(attrs.get("number")),
            "branch": _as_str(attrs.get("branch")), "country": _as_str(attrs.get("country")),
            "members": _as_str_list(attrs.get("members")),
            "link_method": _as_str(attrs.get("link_method")),
            "link_score": _as_float(attrs.get("link_score")),
            "source_start": source_span[0] if source_span else None,
            "source_end": source_span[1] if source_span else None,
            "in_caption": captions.find(ent["start"]) is not None,
            "attrs_json": json.dumps(attrs, ensure_ascii=False, sort_keys=True) if attrs else None,
        })
    return rows


def token_rows(rec: dict[str, Any]) -> list[dict[str, Any]]:
    sentences = _Index(rec.get("sentences") or [])
    entities = sorted(rec.get("entities") or [], key=lambda e: e["start"])
    ent_index = _Index([[e["start"], e["end"]] for e in entities])
    text = rec["text"]
    rows = []
    for i, (start, end) in enumerate(rec.get("tokens") or []):
        k = ent_index.find(start)
        ent = entities[k] if k is not None else None
        rows.append({
            "doc_id": rec["id"], "token": i, "start": start, "end": end, "text": text[start:end],
            "sentence": sentences.find(start),
            "ent_iob": "O" if ent is None else ("B" if start <= ent["start"] else "I"),
            "ent_label": ent["label"] if ent else None,
            "kb_id": (ent.get("kb_id") or None) if ent else None,
        })
    return rows


def entity_rows(mentions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (kb_id, label) over mention rows that carry a kb_id."""
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    variants: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in mentions:
        if not row["kb_id"]:
            continue
        key = (row["kb_id"], row["label"])
        entry = grouped.setdefault(key, {"canonical_name": None, "mention_count": 0, "docs": set()})
        entry["mention_count"] += 1
        entry["docs"].add(row["doc_id"])
        entry["canonical_name"] = entry["canonical_name"] or row["canonical_name"]
        variants[key][row["text"]] += 1
    rows = []
    for key, entry in sorted(grouped.items()):
        counts = variants[key]
        by_use = sorted(counts, key=lambda t: (-counts[t], t))
        rows.append({
            "kb_id": key[0], "label": key[1],
            # Without a KB name the most used spelling stands for the entity.
            "canonical_name": entry["canonical_name"] or by_use[0],
            "mention_count": entry["mention_count"], "document_count": len(entry["docs"]),
            "variants": by_use,
        })
    return rows


def table_rows(items: Iterable[Doc | dict[str, Any]], *, tokens: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Rows (plain dicts) of each table; ``tokens`` adds the per-word table."""
    records = _records(items)
    mentions = [row for rec in records for row in mention_rows(rec)]
    rows = {
        "documents": [document_row(rec) for rec in records],
        "mentions": mentions,
        "entities": entity_rows(mentions),
    }
    if tokens:
        rows["tokens"] = [row for rec in records for row in token_rows(rec)]
    return rows


def to_arrow(items: Iterable[Doc | dict[str, Any]], *, tokens: bool = False) -> dict[str, pa.Table]:
    """The tables as Arrow tables with the fixed ``SCHEMAS`` (what Parquet files hold)."""
    return {name: pa.Table.from_pylist(rows, schema=SCHEMAS[name])
            for name, rows in table_rows(items, tokens=tokens).items()}


def frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame with the columns of table ``name`` and nullable dtypes.

    Integers and booleans use pandas' nullable ``Int64``/``boolean`` so a missing
    value stays missing instead of turning a column into floats or objects;
    list columns hold Python lists.
    """
    schema = SCHEMAS[name]
    df = pd.DataFrame(rows, columns=schema.names)
    for field in schema:
        dtype = _PANDAS_DTYPES.get(field.type)
        if dtype:
            df[field.name] = df[field.name].astype(dtype)
    return df


def to_frames(items: Iterable[Doc | dict[str, Any]], *, tokens: bool = False) -> dict[str, pd.DataFrame]:
    """Tables of a corpus: ``documents``, ``mentions`` and ``entities`` (and ``tokens``).

    items: annotated Docs or corpus records (dicts read from the JSONL).
    tokens: also build the ``tokens`` table, one row per word.
    """
    return {name: frame(name, rows) for name, rows in table_rows(items, tokens=tokens).items()}
