"""Write a batch of corpus records in every export format, as one shard.

Layout of an output folder ``OUT`` (``PART`` is the shard name, ``part-00000`` by
default; a batch run writes ``part-00000``, ``part-00001``, ... side by side)::

    OUT/PART.jsonl                          jsonl: the reference corpus format
    OUT/parquet/<table>/PART.parquet        parquet: documents, mentions, entities (+ tokens)
    OUT/csv/<table>/PART.csv                csv: the same tables
    OUT/conll/PART.conll                    conll: WORD TAG lines for spacy convert
    OUT/docbin/PART.spacy                   docbin: spaCy DocBin
    OUT/labelstudio/PART.json               labelstudio: tasks with predictions

One folder per table means every reader takes all shards at once:
``pandas.read_parquet("OUT/parquet/mentions")``,
``pyarrow.parquet.read_table("OUT/parquet/mentions")`` and DuckDB's
``SELECT * FROM 'OUT/parquet/mentions/*.parquet'``. The tables share fixed Arrow
schemas (``newsnlp.io.tables.SCHEMAS``), so shards union without type conflicts.
Each shard's ``entities`` table counts mentions within that shard; corpus-wide
counts come from grouping ``mentions`` (docs/formats.md shows the query).

Every file is written atomically: it appears under its name only when complete.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import UsageError
from .files import atomic_open
from .jsonl import write_jsonl
from .tables import DEFAULT_TABLES, SCHEMAS, frame, table_rows

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("jsonl", "parquet", "csv", "conll", "docbin", "labelstudio")
# Separator of list values (variants, members) in CSV cells.
CSV_LIST_SEPARATOR = "|"

_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def parse_formats(formats: str | Sequence[str]) -> list[str]:
    """Format names from a list or a comma-separated string; ``all`` means every format."""
    if isinstance(formats, str):
        formats = formats.split(",")
    names: list[str] = []
    for name in (f.strip().lower() for f in formats):
        if not name:
            continue
        if name == "all":
            names.extend(FORMATS)
        elif name in FORMATS:
            names.append(name)
        else:
            raise UsageError(f"Unknown export format {name!r}. Choose from {', '.join(FORMATS)} "
                             "(or 'all'), comma-separated: --format jsonl,parquet")
    if not names:
        raise UsageError(f"No export format given. Choose from {', '.join(FORMATS)}.")
    return list(dict.fromkeys(names))


def _tables(tokens: bool) -> tuple[str, ...]:
    return (*DEFAULT_TABLES, "tokens") if tokens else DEFAULT_TABLES


def write_parquet(rows: dict[str, list[dict[str, Any]]], out_dir: str | Path, part: str) -> list[Path]:
    """Write each table's rows to ``out_dir/<table>/<part>.parquet`` with its fixed schema."""
    paths = []
    for name, table_rows_ in rows.items():
        path = Path(out_dir) / name / f"{part}.parquet"
        table = pa.Table.from_pylist(table_rows_, schema=SCHEMAS[name])
        with atomic_open(path, "wb", encoding=None) as fh:
            pq.write_table(table, fh)
        paths.append(path)
    return paths


def _csv_frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = frame(name, rows)
    for field in SCHEMAS[name]:
        if pa.types.is_list(field.type):
            df[field.name] = df[field.name].map(
                lambda v: CSV_LIST_SEPARATOR.join(v) if isinstance(v, list) else None)
    return df


def write_csv(rows: dict[str, list[dict[str, Any]]], out_dir: str | Path, part: str, *,
              bom: bool = False) -> list[Path]:
    """Write each table to ``out_dir/<table>/<part>.csv`` (UTF-8; ``bom`` for Excel)."""
    paths = []
    for name, table_rows_ in rows.items():
        path = Path(out_dir) / name / f"{part}.csv"
        with atomic_open(path, "w", encoding="utf-8-sig" if bom else "utf-8") as fh:
            _csv_frame(name, table_rows_).to_csv(fh, index=False, lineterminator="\n")
        paths.append(path)
    return paths


def write_formats(
    records: Iterable[dict[str, Any]],
    out_dir: Path,
    formats: Sequence[str],
    *,
    part: str = "part-00000",
    csv_bom: bool = False,
    tokens: bool = False,
) -> dict[str, list[Path]]:
    """Write corpus records in each of ``formats`` under ``out_dir``; returns the files per format.

    records: corpus records (the JSONL objects); read once and held in memory,
        so pass one shard at a time for large corpora.
    formats: names from ``FORMATS`` (or ``"all"``).
    part: the shard name used in every file name (see the module docs for the layout).
    csv_bom: start CSV files with a UTF-8 byte-order mark so Excel detects UTF-8.
    tokens: also write the ``tokens`` table (one row per word) in Parquet and CSV.
    """
    names = parse_formats(formats)
    if not _PART.match(part):
        raise UsageError(f"Shard name {part!r} cannot be a file name; use letters, digits, '-', '_' or '.'.")
    out_dir = Path(out_dir)
    records = list(records)
    written: dict[str, list[Path]] = {}
    rows = table_rows(records, tokens=tokens) if {"parquet", "csv"} & set(names) else {}
    rows = {name: rows[name] for name in _tables(tokens) if name in rows}
    for name in names:
        if name == "jsonl":
            path = out_dir / f"{part}.jsonl"
            write_jsonl(records, path)
            written[name] = [path]
        elif name == "parquet":
            written[name] = write_parquet(rows, out_dir / "parquet", part)
        elif name == "csv":
            written[name] = write_csv(rows, out_dir / "csv", part, bom=csv_bom)
        elif name == "conll":
            from .conll import write_conll

            path = out_dir / "conll" / f"{part}.conll"
            write_conll(records, path)
            written[name] = [path]
        elif name == "docbin":
            from .docbin import write_docbin

            path = out_dir / "docbin" / f"{part}.spacy"
            write_docbin(records, path)
            written[name] = [path]
        elif name == "labelstudio":
            from .labelstudio import write_labelstudio

            path = out_dir / "labelstudio" / f"{part}.json"
            write_labelstudio(records, path)
            written[name] = [path]
        logger.info("wrote %s for %d records: %s", name, len(records), ", ".join(map(str, written[name])))
    return written
