"""Coded errors and warnings with messages that say how to fix the problem.

Codes are stable so users can search for them: E0xx input/reading, E1xx
pipeline and models, E2xx CLI usage, E3xx evaluation; W0xx warnings.
"""
from __future__ import annotations


class NewsNLPError(Exception):
    """Base class of every error newsnlp raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class ReadError(NewsNLPError):
    """An input file could not be read or decoded (one article, not the batch)."""

    code = "E001"

    def __init__(self, path: object, reason: str, stage: str = "read") -> None:
        self.path = str(path)
        self.reason = reason
        self.stage = stage
        super().__init__(f"Could not read {self.path} ({stage}): {reason}")


class InputNotFoundError(NewsNLPError):
    """An input path or glob matched nothing."""

    code = "E002"

    def __init__(self, pattern: object) -> None:
        self.pattern = str(pattern)
        super().__init__(
            f"No input matches {self.pattern!r}. Give existing files, folders or a quoted glob "
            "such as 'articles/**/*.html'."
        )


class ModelNotFoundError(NewsNLPError):
    """A model file the pipeline needs is not installed."""

    code = "E101"

    def __init__(self, what: str, path: object, fix: str) -> None:
        self.path = str(path)
        super().__init__(f"{what} not found at {self.path}. {fix}")


class ConfigError(NewsNLPError):
    """A pipeline or component setting has a value that cannot work."""

    code = "E102"


class UsageError(NewsNLPError):
    """Command-line arguments that cannot work together."""

    code = "E201"


class EvaluationError(NewsNLPError):
    """Gold and prediction files that cannot be compared."""

    code = "E301"


class NewsNLPWarning(UserWarning):
    """Warnings newsnlp emits (filter them with this category)."""
