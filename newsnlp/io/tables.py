"""Corpus tables for analysis: documents, mentions and entities as DataFrames."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pandas as pd
from spacy.tokens import Doc

from .jsonl import doc_to_record

MENTION_ATTRS = ("value", "unit", "approx", "qualifier", "min", "max", "counted",
                 "relative", "echelon", "number", "branch", "country", "link_method")


def _records(items: Iterable[Doc | dict[str, Any]]) -> list[dict[str, Any]]:
    return [item if isinstance(item, dict) else doc_to_record(item) for item in items]


def _sentence_index(sentences: list[list[int]], start: int) -> int | None:
    for i, (s, e) in enumerate(sentences):
        if s <= start < e:
            return i
    return None


def to_frames(items: Iterable[Doc | dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """Tables of a corpus: ``documents``, ``mentions`` and ``entities``.

    items: annotated Docs or corpus records (dicts read from the JSONL).
    """
    records = _records(items)
    documents, mentions = [], []
    for rec in records:
        src = rec.get("source") or {}
        documents.append({
            "doc_id": rec["id"], **{k: src.get(k) for k in
                                    ("path", "url", "publisher", "title", "author", "published", "encoding", "script")},
            "n_chars": len(rec["text"]), "n_sentences": len(rec.get("sentences", [])),
            "n_entities": len(rec.get("entities", [])),
        })
        for ent in rec.get("entities", []):
            attrs = ent.get("attrs") or {}
            row = {
                "doc_id": rec["id"], "start": ent["start"], "end": ent["end"], "text": ent["text"],
                "label": ent["label"], "kb_id": ent.get("kb_id"),
                "canonical_name": attrs.get("canonical_name"),
                "sentence": _sentence_index(rec.get("sentences", []), ent["start"]),
                "source": ent.get("source"), "score": ent.get("score"),
            }
            for key in MENTION_ATTRS:
                value = attrs.get(key)
                row[key] = ", ".join(map(str, value)) if isinstance(value, list) else value
            row["date_value"] = attrs.get("value") if ent["label"] == "DATE" else None
            if ent["label"] == "DATE":
                row["value"] = None
            mentions.append(row)
    mentions_df = pd.DataFrame(mentions, columns=[
        "doc_id", "start", "end", "text", "label", "kb_id", "canonical_name", "sentence", "source",
        "score", *MENTION_ATTRS, "date_value"])
    if not mentions_df.empty:
        # value holds numbers only; dates are strings in date_value.
        mentions_df["value"] = pd.to_numeric(mentions_df["value"], errors="coerce")
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    variants: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in mentions:
        if not row["kb_id"]:
            continue
        key = (row["kb_id"], row["label"])
        entry = grouped.setdefault(key, {"kb_id": row["kb_id"], "label": row["label"],
                                         "canonical_name": row["canonical_name"],
                                         "mention_count": 0, "docs": set()})
        entry["mention_count"] += 1
        entry["docs"].add(row["doc_id"])
        entry["canonical_name"] = entry["canonical_name"] or row["canonical_name"]
        variants[key][row["text"]] += 1
    entities = []
    for key, entry in sorted(grouped.items()):
        counts = variants[key]
        entities.append({
            "kb_id": entry["kb_id"], "label": entry["label"],
            "canonical_name": entry["canonical_name"] or max(counts, key=lambda t: (counts[t], t)),
            "mention_count": entry["mention_count"], "document_count": len(entry["docs"]),
            "variants": sorted(counts, key=lambda t: (-counts[t], t)),
        })
    return {
        "documents": pd.DataFrame(documents),
        "mentions": mentions_df,
        "entities": pd.DataFrame(entities, columns=[
            "kb_id", "label", "canonical_name", "mention_count", "document_count", "variants"]),
    }
