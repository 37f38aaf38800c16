"""Console helpers for the CLI (the library itself never prints)."""
from __future__ import annotations

import logging
import sys

import typer


def setup_logging(verbose: bool) -> None:
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # jieba announces every dictionary load on its own handler, and resets its
    # level when imported: import it first.
    import jieba

    jieba.setLogLevel(logging.INFO if verbose else logging.WARNING)


def fail(message: str, code: int = 2) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code)
