"""Label Studio tasks for review, and reviewed exports back as gold JSONL.

Export: one task per article, ``data.text`` the article text and the pipeline's
entities as a prediction, so reviewers correct rather than annotate from scratch.
Each entity is a ``labels`` region (``from_name`` "label") plus a per-region
``textarea`` result (``from_name`` "kb_id", same region ``id``) holding its
``kb_id``, which the labeling config from ``labeling_config()`` makes editable.

Import: ``read_labelstudio`` turns a Label Studio JSON export (the list of tasks
with ``annotations[].result``) into gold records ``{"id", "text", "entities":
[{"start", "end", "label", "text", "kb"}]}`` that ``newsnlp evaluate`` scores.

Label Studio counts text offsets in UTF-16 code units (JavaScript strings), we
count code points; characters outside the Basic Multilingual Plane (rare CJK
extension characters, emoji) make them differ, so offsets are converted both ways.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from ..errors import ReadError
from ..schema import LABELS, LINKABLE_LABELS
from .files import atomic_open
from .jsonl import write_jsonl

logger = logging.getLogger(__name__)

FROM_LABEL = "label"
FROM_KB = "kb_id"
TO_TEXT = "text"


class _Utf16:
    """Code-point <-> UTF-16 offsets for one text (identity when all of it is in the BMP)."""

    def __init__(self, text: str) -> None:
        self.wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_utf16(self, i: int) -> int:
        return i + sum(1 for w in self.wide if w < i)

    def from_utf16(self, j: int) -> int:
        i = j
        for w in self.wide:
            if w < i:
                i -= 1
            else:
                break
        return i


def labeling_config() -> str:
    """The Label Studio labeling config (XML) matching the exported tasks."""
    from ..visualize import COLORS

    labels = "\n".join(
        f'    <Label value="{label}" background={quoteattr(COLORS[label])}/>' for label in LABELS)
    return (
        "<View>\n"
        f'  <Labels name="{FROM_LABEL}" toName="{TO_TEXT}">\n{labels}\n  </Labels>\n'
        f'  <Text name="{TO_TEXT}" value="$text" granularity="symbol"/>\n'
        f'  <TextArea name="{FROM_KB}" toName="{TO_TEXT}" perRegion="true" editable="true" '
        'maxSubmissions="1" placeholder="kb_id (knowledge-base id)"/>\n'
        "</View>\n"
    )


def _attrs_key(start: int, end: int, label: str) -> str:
    return f"{start}:{end}:{label}"


def record_to_task(record: dict[str, Any], *, model_version: str | None = None) -> dict[str, Any]:
    """One Label Studio task with the record's entities as a prediction."""
    text = record["text"]
    utf16 = _Utf16(text)
    source = record.get("source") or {}
    result = []
    scores = []
    for i, ent in enumerate(record.get("entities") or []):
        region = f"{record['id']}-{i}"
        position = {"start": utf16.to_utf16(ent["start"]), "end": utf16.to_utf16(ent["end"])}
        result.append({
            "id": region, "from_name": FROM_LABEL, "to_name": TO_TEXT, "type": "labels",
            "value": {**position, "text": ent["text"], "labels": [ent["label"]]},
            **({"score": ent["score"]} if ent.get("score") is not None else {}),
        })
        if ent.get("kb_id"):
            result.append({
                "id": region, "from_name": FROM_KB, "to_name": TO_TEXT, "type": "textarea",
                "value": {**position, "text": [ent["kb_id"]]},
            })
        if ent.get("score") is not None:
            scores.append(float(ent["score"]))
    version = model_version or (record.get("newsnlp") or {}).get("pipeline") or "newsnlp"
    return {
        "data": {
            "text": text, "doc_id": record["id"], "title": source.get("title"),
            "publisher": source.get("publisher"), "published": source.get("published"),
            # Attributes are not edited in Label Studio; kept here so a region the
            # reviewer leaves unchanged keeps its normalised value in the gold.
            "attrs": {_attrs_key(e["start"], e["end"], e["label"]): e["attrs"]
                      for e in record.get("entities") or [] if e.get("attrs")},
        },
        "predictions": [{
            "model_version": str(version), "result": result,
            **({"score": round(sum(scores) / len(scores), 4)} if scores else {}),
        }],
    }


def records_to_tasks(records: Iterable[dict[str, Any]], *, model_version: str | None = None) -> list[dict[str, Any]]:
    return [record_to_task(r, model_version=model_version) for r in records]


def write_labelstudio(records: Iterable[dict[str, Any]], path: str | Path, *,
                      model_version: str | None = None) -> int:
    """Write Label Studio import JSON (a list of tasks) atomically; returns the number of tasks."""
    tasks = records_to_tasks(records, model_version=model_version)
    with atomic_open(path) as fh:
        json.dump(tasks, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return len(tasks)


def _chosen_result(task: dict[str, Any], use_predictions: bool) -> list[dict[str, Any]] | None:
    """The result of the latest completed annotation (or the last prediction)."""
    done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if done:
        latest = max(enumerate(done), key=lambda p: (p[1].get("updated_at") or p[1].get("created_at") or "", p[0]))
        return latest[1].get("result") or []
    if use_predictions and task.get("predictions"):
        return task["predictions"][-1].get("result") or []
    return None


def task_to_gold(task: dict[str, Any], *, use_predictions: bool = False) -> dict[str, Any] | None:
    """The gold record of one exported task; None when nobody annotated it."""
    data = task.get("data") or {}
    text = data.get("text")
    if not isinstance(text, str):
        raise ValueError(f"task {task.get('id')} has no data.text")
    result = _chosen_result(task, use_predictions)
    if result is None:
        return None
    utf16 = _Utf16(text)
    kb_by_region = {}
    for item in result:
        if item.get("type") == "textarea" and item.get("from_name") == FROM_KB:
            values = [v.strip() for v in (item.get("value") or {}).get("text") or [] if v.strip()]
            kb_by_region[item.get("id")] = values[-1] if values else None
    saved_attrs = data.get("attrs") or {}
    entities = []
    for item in result:
        value = item.get("value") or {}
        if item.get("type") != "labels" or not value.get("labels"):
            continue
        label = value["labels"][0]
        if label not in LABELS:
            raise ValueError(f"task {task.get('id')}: label {label!r} is not one of {LABELS}; "
                             "use the labeling config from newsnlp.io.labelstudio.labeling_config()")
        start, end = utf16.from_utf16(value["start"]), utf16.from_utf16(value["end"])
        if value.get("text") is not None and value["text"] != text[start:end]:
            logger.warning("task %s: region text %r differs from text[%d:%d] %r; the offsets win",
                           task.get("id"), value["text"], start, end, text[start:end])
        ent = {"start": start, "end": end, "label": label, "text": text[start:end],
               "kb": kb_by_region.get(item.get("id")) if label in LINKABLE_LABELS else None}
        attrs = saved_attrs.get(_attrs_key(start, end, label))
        if attrs:
            ent["attrs"] = attrs
        entities.append(ent)
    entities.sort(key=lambda e: (e["start"], e["end"]))
    doc_id = data.get("doc_id") or str(task.get("id"))
    return {"id": doc_id, "text": text, "entities": entities}


def read_labelstudio(source: str | Path | list[dict[str, Any]], *,
                     use_predictions: bool = False) -> Iterator[dict[str, Any]]:
    """Gold records from a Label Studio JSON export (a path or the loaded list of tasks).

    Tasks nobody annotated are skipped (with ``use_predictions`` their last
    prediction stands in); cancelled annotations are ignored; of several
    annotations the most recently updated wins.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            tasks = json.loads(path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as err:
            raise ReadError(path, f"is not valid JSON ({err.msg}); export the project from Label "
                            "Studio as JSON, not JSON-MIN or CSV", stage="parse") from None
    else:
        tasks = source
    if isinstance(tasks, dict):
        tasks = [tasks]
    for task in tasks:
        gold = task_to_gold(task, use_predictions=use_predictions)
        if gold is None:
            logger.info("task %s has no annotation; skipped", task.get("id"))
            continue
        yield gold


def labelstudio_to_gold(source: str | Path, output: str | Path, *, use_predictions: bool = False) -> int:
    """Convert a Label Studio export into gold JSONL for ``newsnlp evaluate``; returns the count."""
    return write_jsonl(read_labelstudio(source, use_predictions=use_predictions), output)
