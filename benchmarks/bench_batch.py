"""Batch throughput: the CLI over a generated corpus with -j 1 and -j 2.

Articles are built from People's Daily 1998-01 paragraphs (dev, then train; spaces removed)
so the text is real news prose, each article's text its own. Reports articles/s, characters/s per worker,
peak RSS per worker and the speed-up of -j 2 over -j 1.

    python benchmarks/bench_batch.py --articles 2000
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEGMENTED = Path(__file__).resolve().parents[2] / "shared/data/segmentation/peoples_daily_1998_01"
DEFAULT_SOURCES = [SEGMENTED / "dev.txt", SEGMENTED / "train.txt"]


def generate(folder: Path, sources: list[Path], n: int, sentences_per_article: int) -> int:
    """``n`` articles of consecutive paragraphs, each article's text its own: the CLI annotates a
    text it has seen once only, so a repeated article would not be measured. When the paragraphs
    run out, the next pass starts one paragraph later."""
    lines = [ln.replace(" ", "") for source in sources
             for ln in source.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if n > len(lines):
        raise SystemExit(f"{len(lines)} paragraphs make at most {len(lines)} distinct articles")
    folder.mkdir(parents=True)
    chars = 0
    for i in range(n):
        first = i * sentences_per_article
        start = first + first // len(lines)  # the pass's shift
        text = "\n".join(lines[(start + j) % len(lines)] for j in range(sentences_per_article))
        (folder / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def run(inputs: Path, out: Path, jobs: int, shard_size: int) -> dict:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "newsnlp", "annotate", str(inputs), "-o", str(out), "-j", str(jobs),
         "--shard-size", str(shard_size)],
        capture_output=True, text=True,
    )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"annotate failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    manifest = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))
    return {"wall_s": wall, **manifest["counts"], **manifest["timing"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--sentences", type=int, default=12, help="sentences per article")
    parser.add_argument("--shard-size", type=int, default=50)
    parser.add_argument("--source", type=Path, nargs="+", default=DEFAULT_SOURCES)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="newsnlp-bench-"))
    try:
        chars = generate(tmp / "in", args.source, args.articles, args.sentences)
        print(f"corpus: {args.articles} articles, {chars:,} characters")
        results = {}
        for jobs in (1, 2):
            r = run(tmp / "in", tmp / f"out{jobs}", jobs, args.shard_size)
            results[jobs] = r
            print(f"-j {jobs}: {r['wall_s']:.1f} s wall, {r['articles'] / r['wall_s']:.1f} articles/s, "
                  f"{r['characters'] / r['wall_s'] / jobs:,.0f} chars/s per worker "
                  f"({r['characters'] / r['wall_s']:,.0f} total), peak RSS per worker "
                  f"{r['worker_peak_rss_mb']:.0f} MB, errors {r['errors']}")
        speedup = results[1]["wall_s"] / results[2]["wall_s"]
        print(f"speed-up -j 2 over -j 1: {speedup:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
