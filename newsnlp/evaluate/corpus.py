"""Score a predicted corpus against gold annotation (both in corpus JSONL form).

- Entities: per-label precision/recall/F1 on strict spans (same start, end and
  label); NUMBER counts a match on any overlap. Gold entities marked
  ``"optional": true`` are neither rewarded nor penalised.
- Values: on matched NUMBER and DATE pairs, the share whose ``attrs.value``
  agrees (both absent counts as agreement: a vague amount has no value).
- Linking: pairwise P/R/F over the matched linkable mentions: a pair of
  mentions is positive when both carry the same id (gold ``kb``/``kb_id``).
- Texts: the prediction may run on a cleaned version of the gold text (page
  chrome removed). Offsets are aligned through the longest common character
  blocks, so a predicted mention is judged where it sits in the gold text.
"""
from __future__ import annotations

import bisect
import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..io.jsonl import read_jsonl
from ..schema import DATE, LABELS, LINKABLE_LABELS, NUMBER

OVERLAP_LABELS = frozenset({NUMBER})
VALUE_LABELS = (NUMBER, DATE)


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Scores:
    labels: dict[str, PRF] = field(default_factory=lambda: {label: PRF() for label in LABELS})
    values: dict[str, list[int]] = field(default_factory=lambda: {label: [0, 0] for label in VALUE_LABELS})
    links: PRF = field(default_factory=PRF)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def micro(self) -> PRF:
        total = PRF()
        for prf in self.labels.values():
            total.tp += prf.tp
            total.fp += prf.fp
            total.fn += prf.fn
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "labels": {label: prf.as_dict() for label, prf in self.labels.items()},
            "micro": self.micro().as_dict(),
            "values": {label: {"correct": c, "total": t, "accuracy": round(c / t, 4) if t else None}
                       for label, (c, t) in self.values.items()},
            "linking": self.links.as_dict(),
            "errors": self.errors,
        }


class OffsetAligner:
    """Map offsets of a predicted text into the gold text via common blocks."""

    def __init__(self, gold: str, pred: str) -> None:
        self.identical = gold == pred
        if self.identical:
            return
        matcher = difflib.SequenceMatcher(None, gold, pred, autojunk=False)
        self.blocks = [b for b in matcher.get_matching_blocks() if b.size]
        self.pred_starts = [b.b for b in self.blocks]

    def to_gold(self, offset: int, *, end: bool = False) -> int | None:
        if self.identical:
            return offset
        probe = offset - 1 if end else offset
        i = bisect.bisect_right(self.pred_starts, probe) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        if not block.b <= probe < block.b + block.size:
            return None
        return block.a + (probe - block.b) + (1 if end else 0)


def _gold_id(ent: dict[str, Any]) -> str | None:
    return ent.get("kb_id") or ent.get("kb")


def _same_value(gold: Any, pred: Any) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    if isinstance(gold, (int, float)) and isinstance(pred, (int, float)):
        return abs(gold - pred) <= 1e-3 * max(1.0, abs(gold))
    return str(gold) == str(pred)


def score_document(gold: dict[str, Any], pred: dict[str, Any], scores: Scores) -> None:
    aligner = OffsetAligner(gold["text"], pred["text"])
    mapped = []
    for ent in pred.get("entities", []):
        start = aligner.to_gold(ent["start"])
        end = aligner.to_gold(ent["end"], end=True)
        if start is None or end is None or end <= start:
            scores.errors.append({"doc": gold.get("id"), "kind": "unaligned", "pred": ent})
            scores.labels.setdefault(ent["label"], PRF()).fp += 1
            continue
        mapped.append({**ent, "start": start, "end": end})

    gold_ents = gold.get("entities", [])
    used_pred: set[int] = set()
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for gi, g in enumerate(gold_ents):
        found = None
        for pi, p in enumerate(mapped):
            if pi in used_pred or p["label"] != g["label"]:
                continue
            if g["label"] in OVERLAP_LABELS:
                hit = p["start"] < g["end"] and g["start"] < p["end"]
            else:
                hit = p["start"] == g["start"] and p["end"] == g["end"]
            if hit:
                found = pi
                break
        if found is not None:
            used_pred.add(found)
            pairs.append((g, mapped[found]))
            if not g.get("optional"):
                scores.labels[g["label"]].tp += 1
        elif not g.get("optional"):
            scores.labels[g["label"]].fn += 1
            scores.errors.append({"doc": gold.get("id"), "kind": "missed", "gold": g})
    for pi, p in enumerate(mapped):
        if pi in used_pred:
            continue
        # A prediction that overlaps an optional gold mention is not an error.
        if any(g.get("optional") and p["start"] < g["end"] and g["start"] < p["end"] for g in gold_ents):
            continue
        scores.labels.setdefault(p["label"], PRF()).fp += 1
        scores.errors.append({"doc": gold.get("id"), "kind": "spurious", "pred": p})

    for g, p in pairs:
        if g["label"] in VALUE_LABELS and not g.get("optional"):
            ok = _same_value((g.get("attrs") or {}).get("value"), (p.get("attrs") or {}).get("value"))
            scores.values[g["label"]][0] += int(ok)
            scores.values[g["label"]][1] += 1
            if not ok:
                scores.errors.append({"doc": gold.get("id"), "kind": "value", "gold": g, "pred": p})

    linked = [(g, p) for g, p in pairs if g["label"] in LINKABLE_LABELS and _gold_id(g)]
    for (g1, p1), (g2, p2) in combinations(linked, 2):
        same_gold = _gold_id(g1) == _gold_id(g2)
        same_pred = bool(p1.get("kb_id")) and p1.get("kb_id") == p2.get("kb_id")
        if same_gold and same_pred:
            scores.links.tp += 1
        elif same_pred:
            scores.links.fp += 1
        elif same_gold:
            scores.links.fn += 1


def evaluate_records(gold: Iterable[dict[str, Any]], pred: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Scores of predicted records against gold records, matched by ``id`` (which must be unique
    in each: two articles with one id, say a.txt and a.html, could not be told apart)."""
    pred = list(pred)
    gold = list(gold)
    for name, records in (("gold", gold), ("predicted", pred)):
        repeated = sorted(i for i, n in Counter(r["id"] for r in records).items() if n > 1)
        if repeated:
            raise EvaluationError(
                f"The {name} file holds {len(repeated)} ids more than once (e.g. {repeated[:3]}), so documents "
                "cannot be matched; give the articles distinct file names or ids."
            )
    pred_by_id = {p["id"]: p for p in pred}
    scores = Scores()
    n = 0
    for g in gold:
        p = pred_by_id.get(g["id"])
        if p is None:
            raise EvaluationError(
                f"No prediction for gold document {g['id']!r}; predicted ids: {sorted(pred_by_id)[:5]}. "
                "Annotate the same inputs (ids come from file names) before evaluating."
            )
        score_document(g, p, scores)
        n += 1
    if n == 0:
        raise EvaluationError("The gold file has no documents.")
    result = scores.as_dict()
    result["documents"] = n
    return result


def evaluate_files(gold_path: str | Path, pred_path: str | Path) -> dict[str, Any]:
    return evaluate_records(read_jsonl(gold_path), read_jsonl(pred_path))


def format_report(result: dict[str, Any]) -> str:
    lines = [f"{'label':<15}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for label, s in [*result["labels"].items(), ("micro", result["micro"])]:
        lines.append(f"{label:<15}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
                     f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    for label, v in result["values"].items():
        acc = "n/a" if v["accuracy"] is None else f"{v['accuracy']:.3f}"
        lines.append(f"value accuracy {label:<14}{acc:>8}  ({v['correct']}/{v['total']})")
    link = result["linking"]
    lines.append(f"linking (pairwise)  P {link['precision']:.3f}  R {link['recall']:.3f}  F1 {link['f1']:.3f}")
    return "\n".join(lines)


def errors_by_kind(result: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for err in result["errors"]:
        counts[err["kind"]] += 1
    return dict(counts)
