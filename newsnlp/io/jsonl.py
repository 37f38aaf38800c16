"""The corpus JSONL format (DESIGN.md), the reference export: one line per article.

Written with real characters (``ensure_ascii=False``), UTF-8, and never half:
a file appears under its final name only once it is complete (temp file in the
same folder, fsync, rename).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from .. import __version__
from ..errors import ReadError
from ..schema import LABELS, LINKABLE_LABELS, SOURCE_FIELDS
from ..textnorm import strip_span
from .files import atomic_open


def _jsonable(value: Any) -> Any:
    """Attrs are plain data; make numpy scalars and tuples JSON-clean."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        return value.item()
    return value


def doc_to_record(doc: Doc, *, pipeline: str | None = None) -> dict[str, Any]:
    """The corpus record of one annotated Doc."""
    text = doc.text
    source = {key: None for key in SOURCE_FIELDS}
    source.update(doc._.source or {})
    entities = []
    for ent in doc.ents:
        entities.append({
            "start": ent.start_char,
            "end": ent.end_char,
            "label": ent.label_,
            "text": ent.text,
            "kb_id": ent.kb_id_ if ent.label_ in LINKABLE_LABELS and ent.kb_id_ else None,
            "attrs": _jsonable(ent._.attrs or {}),
            "source": ent._.source,
            "score": None if ent._.score is None else round(float(ent._.score), 4),
        })
    record: dict[str, Any] = {
        "id": doc._.doc_id,
        "source": source,
        "text": text,
        "sentences": [list(b) for b in _trimmed_sentences(doc)],
        # str.isspace, not Token.is_space: a Doc read back from a DocBin has a bare Vocab, whose
        # lexemes carry no such flags.
        "tokens": [[t.idx, t.idx + len(t.text)] for t in doc if not t.text.isspace()],
        "entities": entities,
    }
    meta = doc._.meta or {}
    if meta:
        record["meta"] = _jsonable(meta)
    record["newsnlp"] = {"version": __version__, "pipeline": pipeline or doc.user_data.get(PIPELINE_KEY)}
    return record


# Where a Doc made from a record keeps the pipeline that annotated it (a DocBin stores user_data).
PIPELINE_KEY = "newsnlp_pipeline"


def _trimmed_sentences(doc: Doc) -> Iterator[tuple[int, int]]:
    text = doc.text  # spaCy joins the tokens anew on every access
    if not doc.has_annotation("SENT_START"):
        spans = [(0, len(text))] if text.strip() else []
    else:
        spans = [(s.start_char, s.end_char) for s in doc.sents]
    for start, end in spans:
        if trimmed := strip_span(text, start, end):
            yield trimmed


def dumps_record(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(records: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write records to ``path`` atomically; returns the number written."""
    count = 0
    with atomic_open(path) as fh:
        for record in records:
            fh.write(dumps_record(record))
            fh.write("\n")
            count += 1
    return count


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Records of a corpus (or gold) JSONL file; a broken line is a ReadError."""
    path = Path(path)
    with path.open(encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise ReadError(path, f"line {lineno} is not valid JSON: {err.msg}", stage="parse") from None
            if not isinstance(record, dict):
                raise ReadError(path, f"line {lineno} is not a JSON object", stage="parse")
            yield record


def validate_record(record: dict[str, Any]) -> list[str]:
    """Problems with a corpus record (empty list when it follows the format)."""
    problems = []
    for key in ("id", "text", "sentences", "tokens", "entities", "source", "newsnlp"):
        if key not in record:
            problems.append(f"missing key {key!r}")
    text = record.get("text", "")
    if not isinstance(text, str):
        return problems + ["text is not a string"]
    for key in ("sentences", "tokens"):
        for pair in record.get(key, []):
            if not (isinstance(pair, list) and len(pair) == 2 and 0 <= pair[0] < pair[1] <= len(text)):
                problems.append(f"bad {key} offsets {pair}")
                break
    last_end = 0
    for ent in sorted(record.get("entities", []), key=lambda e: (e.get("start", 0), e.get("end", 0))):
        start, end = ent.get("start"), ent.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            problems.append(f"bad entity offsets {start}-{end}")
            continue
        if ent.get("label") not in LABELS:
            problems.append(f"unknown label {ent.get('label')!r}")
        if text[start:end] != ent.get("text"):
            problems.append(f"entity text {ent.get('text')!r} != text[{start}:{end}]")
        if start < last_end:
            problems.append(f"entity at {start}-{end} overlaps the previous one")
        last_end = max(last_end, end)
    return problems
