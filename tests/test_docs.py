"""The documentation: every page is in the mkdocs navigation and every relative link resolves."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


NAV_ENTRY = re.compile(r"^\s*-\s+(?:[^:]+:\s+)?([\w./-]+\.md)\s*$")


def nav_pages() -> list[str]:
    """Pages named in the ``nav:`` block of mkdocs.yml (read without a YAML library)."""
    pages, in_nav = [], False
    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "-")):
            in_nav = line.startswith("nav:")
            continue
        match = NAV_ENTRY.match(line) if in_nav else None
        if match:
            pages.append(match.group(1))
    return pages


def test_every_docs_page_is_in_the_nav_and_every_nav_page_exists():
    nav = nav_pages()
    assert "index.md" in nav
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    missing = sorted(set(pages) - set(nav))
    assert not missing, f"add these pages to the nav in mkdocs.yml: {missing}"
    absent = [p for p in nav if not (DOCS / p).is_file()]
    assert not absent, f"the nav in mkdocs.yml names pages that do not exist: {absent}"
    assert len(nav) == len(set(nav))


@pytest.mark.parametrize("page", sorted(DOCS.rglob("*.md")), ids=lambda p: p.name)
def test_relative_links_resolve(page):
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        if not (page.parent / path).resolve().exists():
            broken.append(target)
    assert not broken, f"{page.name}: links to missing files {broken}"


def test_mkdocs_builds_strictly(tmp_path):
    pytest.importorskip("mkdocs")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "formats" / "index.html").is_file()
