"""Shared fixtures: one default pipeline per test session (loading costs seconds)."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "examples" / "seed"


@pytest.fixture(scope="session")
def nlp():
    import newsnlp

    return newsnlp.load()


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    if not (SEED / "kursk-engineers.txt").exists():
        pytest.skip("the shared seed example is not beside this checkout")
    return SEED
