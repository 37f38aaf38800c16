"""``newsnlp annotate INPUT... -o OUT``."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..errors import NewsNLPError, ReadError
from ._util import fail, setup_logging


def annotate_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or quoted globs.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="OUT.jsonl, or a folder for part files.")],
    segmenter: Annotated[str, typer.Option(help="jieba (fast) or pkuseg (accurate).")] = "jieba",
    n_process: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Annotate articles and write the corpus JSONL (one line per article)."""
    from ..corpus import annotate_to_jsonl
    from ..pipeline import load

    setup_logging(verbose)
    errors: list[ReadError] = []

    def report(err: ReadError) -> None:
        errors.append(err)
        typer.secho(f"skipped: {err}", fg=typer.colors.YELLOW, err=True)

    try:
        nlp = load(segmenter=segmenter)
        summary = annotate_to_jsonl(inputs, output, nlp=nlp, n_process=n_process, on_error=report)
    except NewsNLPError as err:
        fail(str(err))
    typer.echo(json.dumps(summary, ensure_ascii=False), err=True)
    raise typer.Exit(1 if errors else 0)
