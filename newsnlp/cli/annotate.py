"""``newsnlp annotate INPUT... -o OUT``."""
from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NewsNLPError, ReadError
from ._util import fail, setup_logging

# The export formats (newsnlp.io.export.FORMATS, not imported here: it loads pandas and pyarrow).
FORMATS = ("jsonl", "parquet", "csv", "conll", "docbin", "labelstudio")


def _formats(value: str) -> list[str]:
    from ..io.export import parse_formats

    try:
        formats = parse_formats(value)
    except NewsNLPError as err:
        raise typer.BadParameter(f"{err}; choose from {', '.join(FORMATS)} or all") from err
    if not formats:
        raise typer.BadParameter(f"no format given; choose from {', '.join(FORMATS)} or all")
    return formats


def annotate_command(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or quoted globs.")],
    output: Annotated[Path, typer.Option("--output", "-o",
                                         help="OUT.jsonl for one file, or a folder for a sharded run.")],
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help=f"Folder output: comma-separated, from {', '.join(FORMATS)}, or all.")] = "jsonl",
    segmenter: Annotated[str, typer.Option(help="jieba (fast) or pkuseg (accurate).")] = "jieba",
    kb_extra: Annotated[Optional[list[Path]], typer.Option(
        "--kb-extra", exists=True, dir_okay=False, help="Your own KB file, JSONL or TSV (repeatable).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    engine: Annotated[str, typer.Option(help="local, or dask for a Dask cluster.")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (default: a LocalCluster).")] = None,
    resume: Annotated[bool, typer.Option(help="Continue a run that was interrupted.")] = False,
    shard_size: Annotated[int, typer.Option(min=1, help="Inputs per output shard.")] = 100,
    max_chars: Annotated[int, typer.Option(min=1, help="Longer articles are reported, not annotated.")] = 2_000_000,
    csv_bom: Annotated[bool, typer.Option("--csv-bom", help="Start CSV files with a byte-order mark (for Excel).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each article read and each shard done.")] = False,
) -> None:
    """Annotate articles and write the corpus (JSONL, plus other formats for a folder)."""
    setup_logging(verbose)
    formats = _formats(fmt)
    options = {"segmenter": segmenter}
    if kb_extra:
        # Absolute paths: workers may run in another folder.
        options["kb_extra"] = [str(p.resolve()) for p in kb_extra]
    if engine not in ("local", "dask"):
        raise typer.BadParameter("use 'local' or 'dask'", param_hint="--engine")
    if output.suffix.lower() == ".jsonl":
        if formats != ["jsonl"] or engine != "local" or resume:
            fail("--format, --engine and --resume need a folder as -o (a sharded run), not OUT.jsonl.")
        _annotate_file(inputs, output, options=options, jobs=jobs, max_chars=max_chars)
    else:
        _annotate_folder(inputs, output, formats=formats, options=options, jobs=jobs, engine=engine,
                         scheduler=scheduler, resume=resume, shard_size=shard_size, max_chars=max_chars,
                         csv_bom=csv_bom)


def _annotate_file(inputs: list[str], output: Path, *, options: dict, jobs: int, max_chars: int) -> None:
    from collections import Counter

    from ..corpus import annotate_to_jsonl
    from ..io.readers import read_articles
    from ..pipeline import load

    errors: list[ReadError] = []

    def report(err: ReadError) -> None:
        errors.append(err)
        typer.secho(f"skipped: {err}", fg=typer.colors.YELLOW, err=True)

    try:
        articles = []
        for article in read_articles(inputs, on_error=report, exclude=[output]):
            if len(article.text) > max_chars:
                report(ReadError(article.source.get("path") or article.id, f"article {article.id} has "
                                 f"{len(article.text):,} characters, above the limit of {max_chars:,} "
                                 "(raise it with --max-chars)", stage="annotate"))
            else:
                articles.append(article)
        duplicates = sorted(i for i, n in Counter(a.id for a in articles).items() if n > 1)
        if duplicates:
            typer.secho(f"warning: {len(duplicates)} ids are shared by several articles (e.g. "
                        f"{', '.join(duplicates[:3])}): records and tables joined on the id will mix them",
                        fg=typer.colors.YELLOW, err=True)
        nlp = load(**options)
        summary = annotate_to_jsonl(articles, output, nlp=nlp, n_process=jobs, on_error=report)
    except NewsNLPError as err:
        fail(str(err))
    typer.echo(json.dumps({**summary, "errors": len(errors)}, ensure_ascii=False), err=True)
    raise typer.Exit(1 if errors else 0)


def _annotate_folder(inputs: list[str], output: Path, **settings) -> None:
    from tqdm import tqdm

    from ..batch import run_batch

    bar = tqdm(total=0, unit="shard", disable=None, dynamic_ncols=True)

    def on_progress(p) -> None:
        bar.total = p.shards_total
        bar.n = p.shards_done
        bar.set_postfix(articles=p.articles, errors=p.errors,
                        chars_s=f"{p.characters / max(bar.format_dict['elapsed'], 1e-9):,.0f}")
        bar.refresh()

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM stops the run as Ctrl-C does: workers and all

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        manifest = run_batch(
            inputs, output, options=settings["options"], jobs=settings["jobs"],
            engine=settings["engine"], scheduler=settings["scheduler"], formats=settings["formats"],
            resume=settings["resume"], shard_size=settings["shard_size"], max_chars=settings["max_chars"],
            on_progress=on_progress, csv_bom=settings["csv_bom"],
        )
    except NewsNLPError as err:
        bar.close()
        fail(str(err))
    except KeyboardInterrupt:
        bar.close()
        typer.secho(f"stopped; run the same command with --resume to keep the finished shards in {output}",
                    fg=typer.colors.YELLOW, err=True)
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    bar.close()
    counts = manifest["counts"]
    typer.echo(json.dumps({"output": str(output), **counts, **manifest["timing"]}, ensure_ascii=False), err=True)
    for err in _read_errors(output):
        typer.secho(f"skipped: {err['path']} ({err['stage']}): {err['reason']}", fg=typer.colors.YELLOW, err=True)
    raise typer.Exit(1 if counts["errors"] else 0)


def _read_errors(output: Path) -> list[dict]:
    from ..batch import ERRORS
    from ..io.jsonl import read_jsonl

    path = output / ERRORS
    return list(read_jsonl(path)) if path.exists() else []
