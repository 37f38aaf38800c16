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

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from rapidfuzz import fuzz

from .candidates import (
    NAME_DOTS, TRANSLITERATION_CHARS, dotted_parts, normalize_alias, one_inserted, pinyin_key, split_suffix,
    syllables,
)
from .resources import models_dir

CLUSTER_PREFIX = "~"


def _names(records: Iterable[Mapping[str, Any]]
           ) -> tuple[dict[str, Counter], dict[str, str], dict[str, set], dict[str, set]]:
    """Per unknown-name cluster id: its spellings with counts, its label, its documents and the
    countries its mentions were linked with (``attrs.country``)."""
    names: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, str] = {}
    docs: dict[str, set] = defaultdict(set)
    countries: dict[str, set] = defaultdict(set)
    for n, record in enumerate(records):
        doc_id = record.get("id", n)
        for ent in record.get("entities", ()):
            kb_id = ent.get("kb_id") or ""
            if not kb_id.startswith(CLUSTER_PREFIX) or (ent.get("attrs") or {}).get("link_method") == "document":
                continue  # a document's own (a bare 国防部 or surname no context settles) merges with none
            names[kb_id][ent.get("text", "")] += 1
            if (ent.get("attrs") or {}).get("country"):
                countries[kb_id].add(ent["attrs"]["country"])
            labels[kb_id] = ent.get("label", "")
            docs[kb_id].add(doc_id)
    return names, labels, docs, countries


# Transliterated names merge by sound; an organisation's or a unit's name is translated (哈尔科夫时报
# is not 哈尔科夫日报), so theirs merge only where they sound the same (卡拉什尼科夫集团 /
# 卡拉什尼可夫集团, 阿赫马特营 / 阿赫玛特营).
_SOUND_LABELS = frozenset({"PERSON", "PLACE"})
# A village's or a town's suffix after a transliterated name (four characters or more) is no part of
# its identity (杰米多夫卡 / 杰米多夫卡村); a Chinese town and village of one name stay apart (王庄镇 / 王庄村).
_SETTLEMENT_SUFFIXES = frozenset({"村", "镇", "乡"})


@functools.cache
def _surnames() -> frozenset[str]:
    path = models_dir() / "ner" / "surnames.txt"
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def _chinese_name(stem: str) -> bool:
    """A Chinese or Korean name (陈立伟, 金成哲): a surname and one or two characters, none of them
    a transliteration's. Another character is another person there, whatever it sounds like."""
    surname = 2 if stem[:2] in _surnames() else 1 if stem[:1] in _surnames() else 0  # 欧阳, 司马; 陈
    given = stem[surname:]
    return surname > 0 and 1 <= len(given) <= 2 and not set(given) & TRANSLITERATION_CHARS


def _sound_keys(texts: Iterable[str], label: str = "") -> set[tuple[str, str, str, str]]:
    """(stem pinyin, first syllable, suffix, stem) of each spelling; suffixes must agree to merge. A
    person's surname written alone after the full name is left out: two people may share it
    (奥列格·科瓦连科 and 彼得罗·科瓦连科 both appear as 科瓦连科)."""
    texts = list(texts)
    dotted_tails = {dotted_parts(t)[-1] for t in texts if any(d in t for d in NAME_DOTS)}
    keys = set()
    for text in texts:
        if label == "PERSON" and text in dotted_tails:
            continue
        key = normalize_alias(text)
        stem, suffix, _ = split_suffix(key)
        if len(stem) < 2:
            continue
        if suffix in _SETTLEMENT_SUFFIXES and len(stem) >= 4:
            suffix = ""
        first = syllables(stem[0])[0]
        # A Chinese name is compared by its characters, not its sound.
        sound = "=" + stem if label == "PERSON" and _chinese_name(stem) else pinyin_key(stem)
        keys.add((sound, first, "region" if suffix in ("州", "地区", "省") else suffix, stem))
    return keys


def _alike(a: set[tuple[str, str, str, str]], b: set[tuple[str, str, str, str]], threshold: float) -> bool:
    for pa, fa, sa, ta in a:
        for pb, fb, sb, tb in b:
            if fa != fb or sa != sb:
                continue
            if pa == pb:
                return True
            if pa.startswith("=") or pb.startswith("=") or fuzz.ratio(pa, pb) < threshold * 100:
                continue
            # A name of three characters differs from its variant by one character more or less
            # (库斯克 / 库尔斯克), not by another last syllable (科瓦尔 / 科瓦奇, 哈米斯 / 哈米德).
            if min(len(ta), len(tb)) > 3 or one_inserted(ta, tb):
                return True
    return False


def cluster_unknown(records: Iterable[Mapping[str, Any]], *, threshold: float = 0.8) -> dict[str, str]:
    """Map every unknown-name cluster id to the id of its merged cluster (itself when unmerged).

    The merged id is the smallest id of the group, so the result does not depend on record order.
    """
    names, labels, _, countries_of = _names(records)
    ids = sorted(names)
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Names of different countries' bodies and units are kept apart by the linker on purpose (委内瑞拉
    # + 国防部 and 布隆迪 + 国防部, 以军第36师 and 叙军第36师): no merge may join them, directly or
    # through a third.
    countries = {i: set(countries_of[i]) for i in ids}
    sounds = {i: _sound_keys(names[i], labels[i]) for i in ids}
    by_block: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i in ids:
        for _, first, _, _ in sounds[i]:
            by_block[(labels[i], first)].append(i)
    for block in by_block.values():
        for x, a in enumerate(block):
            for b in block[x + 1:]:
                ra, rb = sorted((find(a), find(b)))
                if ra == rb or len(countries[ra] | countries[rb]) > 1:
                    continue
                if _alike(sounds[a], sounds[b], threshold if labels[a] in _SOUND_LABELS else 1.0):
                    parent[rb] = ra
                    countries[ra] |= countries[rb]
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
    names, labels, docs, _ = _names(records)
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
