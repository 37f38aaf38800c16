"""Paths of the data that ships with newsnlp, read through ``importlib.resources``."""
from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def models_dir() -> Path:
    """The installed ``models/`` folder (trained models, KB files).

    Both a regular and an editable install expose it as the ``newsnlp.models``
    package; nothing is ever written there at run time.
    """
    try:
        with as_file(files("newsnlp.models")) as path:
            return Path(path)
    except ModuleNotFoundError:
        # Imported from a source checkout that is not installed: models/ sits
        # beside the package folder.
        checkout = Path(__file__).resolve().parent.parent / "models"
        if (checkout / "__init__.py").exists():
            return checkout
        raise


def data_dir() -> Path:
    """Small package data (patterns, word lists) under ``newsnlp/data``."""
    with as_file(files("newsnlp") / "data") as path:
        return Path(path)
