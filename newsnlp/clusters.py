"""Corpus-level clustering of names the knowledge base does not know.

The linker gives an unknown name a cluster id from its normalised form (``~place-…``), so the same
spelling meets across documents by construction. Transliterations vary, though: 库尔斯克 in one
article and 库斯克 in another are one place. ``cluster_unknown`` merges clusters of one label whose
names sound alike (pinyin edit similarity, same first syllable) and returns the id mapping;
``review_table`` lists the clusters with their spellings and counts so a researcher can promote
frequent ones into a KB extension file.

Both work on corpus records (dicts with ``entities`` carrying ``label``, ``text``, ``kb_id``), the
corpus JSONL format, and give the same result whatever the order of the records.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from rapidfuzz import fuzz

from .candidates import normalize_alias, pinyin_key, split_suffix, syllables

CLUSTER_PREFIX = "~"


def _names(records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Counter], dict[str, str], dict[str, set]]:
    names: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, str] = {}
    docs: dict[str, set] = defaultdict(set)
    for n, record in enumerate(records):
        doc_id = record.get("id", n)
        for ent in record.get("entities", ()):
            kb_id = ent.get("kb_id") or ""
            if not kb_id.startswith(CLUSTER_PREFIX):
                continue
            names[kb_id][ent.get("text", "")] += 1
            labels[kb_id] = ent.get("label", "")
            docs[kb_id].add(doc_id)
    return names, labels, docs


def _sound_keys(texts: Iterable[str]) -> set[tuple[str, str, str]]:
    """(stem pinyin, first syllable, suffix) of each spelling; suffixes must agree to merge."""
    keys = set()
    for text in texts:
        key = normalize_alias(text)
        stem, suffix, _ = split_suffix(key)
        if len(stem) < 2:
            continue
        first = syllables(stem[0])[0]
        keys.add((pinyin_key(stem), first, "region" if suffix in ("州", "地区", "省") else suffix))
    return keys


def _alike(a: set[tuple[str, str, str]], b: set[tuple[str, str, str]], threshold: float) -> bool:
    for pa, fa, sa in a:
        for pb, fb, sb in b:
            if fa == fb and sa == sb and fuzz.ratio(pa, pb) >= threshold * 100:
                return True
    return False


def cluster_unknown(records: Iterable[Mapping[str, Any]], *, threshold: float = 0.8) -> dict[str, str]:
    """Map every unknown-name cluster id to the id of its merged cluster (itself when unmerged).

    The merged id is the smallest id of the group, so the result does not depend on record order.
    """
    names, labels, _ = _names(records)
    ids = sorted(names)
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    sounds = {i: _sound_keys(names[i]) for i in ids}
    by_block: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i in ids:
        for _, first, _ in sounds[i]:
            by_block[(labels[i], first)].append(i)
    for block in by_block.values():
        for x, a in enumerate(block):
            for b in block[x + 1:]:
                if find(a) != find(b) and _alike(sounds[a], sounds[b], threshold):
                    ra, rb = sorted((find(a), find(b)))
                    parent[rb] = ra
    return {i: find(i) for i in ids}


def apply_clusters(records: Iterable[dict[str, Any]], mapping: Mapping[str, str]) -> None:
    """Rewrite ``kb_id`` of the records' entities in place with a ``cluster_unknown`` mapping."""
    for record in records:
        for ent in record.get("entities", ()):
            kb_id = ent.get("kb_id") or ""
            if kb_id in mapping:
                ent["kb_id"] = mapping[kb_id]


def review_table(records: Iterable[Mapping[str, Any]], *, threshold: float = 0.8) -> list[dict[str, Any]]:
    """One row per merged unknown cluster: id, label, spellings with counts, mentions, documents.

    Rows are sorted by mentions (most first), then id. Each row is what a KB extension line needs:
    pick an id and a name, and the spellings become aliases.
    """
    records = list(records)
    names, labels, docs = _names(records)
    mapping = cluster_unknown(records, threshold=threshold)
    rows: dict[str, dict[str, Any]] = {}
    for old, new in mapping.items():
        row = rows.setdefault(new, {"cluster_id": new, "label": labels[old], "variants": Counter(),
                                    "mentions": 0, "documents": set(), "merged_ids": []})
        row["variants"].update(names[old])
        row["mentions"] += sum(names[old].values())
        row["documents"] |= docs[old]
        row["merged_ids"].append(old)
    table = []
    for row in rows.values():
        variants = sorted(row["variants"].items(), key=lambda kv: (-kv[1], kv[0]))
        table.append({
            "cluster_id": row["cluster_id"], "label": row["label"], "name": variants[0][0],
            "variants": dict(variants), "mentions": row["mentions"],
            "documents": len(row["documents"]), "merged_ids": sorted(row["merged_ids"]),
        })
    return sorted(table, key=lambda r: (-r["mentions"], r["cluster_id"]))
