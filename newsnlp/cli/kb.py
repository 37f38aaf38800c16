"""``newsnlp kb review`` and ``newsnlp kb add``: from unknown-name clusters to KB entries."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NewsNLPError
from ._util import fail, setup_logging

kb_app = typer.Typer(help="Review names the KB lacks and add them to your own KB file.",
                     no_args_is_help=True)


@kb_app.command("review")
def review_command(
    corpus: Annotated[Path, typer.Argument(exists=True, help="Corpus JSONL or an output folder.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="review.csv or review.jsonl")],
    threshold: Annotated[float, typer.Option(min=0.0, max=1.0, help="Similarity to merge spellings (0-1).")] = 0.8,
) -> None:
    """List clusters of unknown names with their spellings and counts, most mentioned first."""
    if output.suffix.lower() not in (".csv", ".jsonl"):
        fail(f"-o {output}: write the review as .csv (for a spreadsheet) or .jsonl.")
    from ..clusters import review_table
    from ..io.corpus_reader import read_corpus
    from ..io.files import atomic_open

    setup_logging(False)
    try:
        rows = review_table(read_corpus(corpus, as_="records"), threshold=threshold)
    except NewsNLPError as err:
        fail(str(err))
    if output.suffix.lower() == ".jsonl":
        with atomic_open(output) as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        import pandas as pd

        frame = pd.DataFrame(rows, columns=["cluster_id", "label", "name", "variants", "mentions",
                                            "documents", "merged_ids"])
        frame["variants"] = frame["variants"].map(lambda v: json.dumps(v, ensure_ascii=False))
        frame["merged_ids"] = frame["merged_ids"].map(" ".join)
        with atomic_open(output, encoding="utf-8-sig") as fh:  # BOM: Excel opens it as UTF-8
            frame.to_csv(fh, index=False)
    typer.echo(f"{len(rows)} clusters written to {output}", err=True)


def _check_with_shipped_kb(content: str) -> None:
    """Refuse a KB file the pipeline could not load beside the shipped KB (an entry that gives a
    shipped id another label, a country id that does not exist): better now than on every load."""
    import tempfile

    from ..kb import load_default_kb

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kb.jsonl"
        path.write_text(content, encoding="utf-8")
        try:
            kb = load_default_kb([path])
        except NewsNLPError as err:
            fail(f"not added: {err}")
    unknown = sorted({e.country for e in kb if e.country and e.country not in kb})
    if unknown:
        fail(f"not added: no KB entity has the country id {', '.join(unknown)} (ids like russia, ukraine, north-korea)")


@kb_app.command("add")
def add_command(
    kb_file: Annotated[Path, typer.Argument(help="Your KB file (JSONL); created if missing.")],
    entity_id: Annotated[str, typer.Option("--id", help="A stable slug, e.g. zvezdochka-village.")],
    label: Annotated[str, typer.Option(help="PERSON, PLACE, ORG or MILITARY_UNIT.")],
    name: Annotated[str, typer.Option(help="Canonical Chinese name.")],
    aliases: Annotated[Optional[list[str]], typer.Option("--alias", help="Another spelling (repeatable).")] = None,
    name_en: Annotated[str, typer.Option(help="English name.")] = "",
    country: Annotated[str, typer.Option(help="Country id, e.g. ukraine.")] = "",
) -> None:
    """Add an entity (or more aliases of an existing id) to a KB file for ``--kb-extra``."""
    from ..io.files import atomic_open
    from ..schema import LINKABLE_LABELS

    if label not in LINKABLE_LABELS:
        fail(f"--label must be one of {sorted(LINKABLE_LABELS)}")
    lines = kb_file.read_text(encoding="utf-8").splitlines() if kb_file.exists() else []
    record = {"id": entity_id, "label": label, "name": name, "aliases": sorted(set(aliases or []))}
    if name_en:
        record["name_en"] = name_en
    if country:
        record["country"] = country
    content = "".join(line + "\n" for line in lines if line.strip()) + json.dumps(record, ensure_ascii=False) + "\n"
    _check_with_shipped_kb(content)
    with atomic_open(kb_file) as fh:
        fh.write(content)
    typer.echo(f"added {entity_id} to {kb_file}; use it with: newsnlp annotate ... --kb-extra {kb_file}", err=True)
