"""Console helpers for the CLI (the library itself never prints)."""
from __future__ import annotations

import logging
import os
import sys

import typer


def setup_logging(verbose: bool) -> None:
    level = logging.INFO if verbose else logging.WARNING
    # Dask's scheduler and workers (spawned processes too) read their log level from here.
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "info" if verbose else "warning")
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def fail(message: str, code: int = 2) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code)
