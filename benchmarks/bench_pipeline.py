"""Characters per second of the segmenters, the bare NER model and the full pipeline.

    python benchmarks/bench_pipeline.py [--texts FILE ...] [--repeat N] [--rounds N]
        [--doc-chars N] [--max-chars N] [--json OUT]

Every row runs in its own fresh process, one after the other, on the same texts
(one process, so the figures are per core): load time (imports, model files and
a first call), tagging speed over all texts, and the process's peak resident
memory. Default texts: the seed article from the shared folder, then People's
Daily 1998-01 paragraphs (dev, then train; spaces removed) grouped in order into
documents of about 1,500 characters (one news article; ``--doc-chars 0`` calls
every row once per paragraph instead), up to 400,000 characters (``--max-chars``).
The rows take turns for ``--rounds`` rounds (default 3) and the table
gives medians: a shared machine's speed drifts by 10-30% within minutes. First
uses inside the texts (spaCy's vocabulary growing, pypinyin and the fuzzy alias
index on the first name not in the KB) count in the speed, not the load time.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEGMENTED = SHARED / "data" / "segmentation" / "peoples_daily_1998_01"
DEFAULT_TEXTS = [SHARED / "examples" / "seed" / "kursk-engineers.txt", SEGMENTED / "dev.txt", SEGMENTED / "train.txt"]
ROWS = ("jieba.lcut", "jieba.posseg.lcut", "ner", "pipeline")
DOC_CHARS = 1500
# Enough text (about 270 articles) that first-use costs weigh on the speed as they do in a
# batch run, not as they would on a handful of articles.
MAX_CHARS = 400_000


def read_texts(paths: list[Path], doc_chars: int = DOC_CHARS, max_chars: int = MAX_CHARS) -> list[str]:
    """The benchmark's documents: each file whole, or for a segmented corpus, its lines (paragraphs,
    words joined back) grouped in order into documents of about ``doc_chars`` characters, the size of
    a news article, which is what the pipeline is called on (0 keeps one paragraph per call).
    Documents are taken in order until they hold ``max_chars`` characters (0: all of them)."""
    texts: list[str] = []
    for path in paths:
        content = path.read_text(encoding="utf-8")
        if path.parent.parent.name != "segmentation":
            texts.append(content)
            continue
        paragraphs = [line.replace(" ", "") for line in content.splitlines() if line.strip()]
        doc: list[str] = []
        for paragraph in paragraphs:
            doc.append(paragraph)
            if sum(map(len, doc)) >= doc_chars:
                texts.append("\n".join(doc))
                doc = []
        if doc:
            texts.append("\n".join(doc))
    if max_chars:
        total = 0
        for count, text in enumerate(texts):
            total += len(text)
            if total >= max_chars:
                return texts[: count + 1]
    return texts


def _setup(row: str):
    """Load whatever the row needs and return a function of one text."""
    if row == "jieba.lcut":
        import jieba

        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        return tokenizer.lcut
    if row == "jieba.posseg.lcut":
        import jieba
        import jieba.posseg

        tagger = jieba.posseg.POSTokenizer(jieba.Tokenizer())
        tagger.tokenizer.initialize()
        return tagger.lcut
    if row == "ner":
        from newsnlp.tagger import NerTagger

        return NerTagger.load().tag
    if row == "pipeline":
        import newsnlp

        nlp = newsnlp.load()
        if "newsnlp_ner" not in {nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}:
            # Measure the pipeline as it will run: with the NER model before the resolver.
            where = {"before": "resolver"} if "resolver" in nlp.pipe_names else {}
            nlp.add_pipe("newsnlp_ner", name="ner", **where)
            print("pipeline: load() has no newsnlp_ner; added it for this row", file=sys.stderr)
        return nlp
    raise ValueError(f"unknown row {row!r}; choose from {ROWS}")


def run_row(row: str, paths: list[Path], repeat: int, doc_chars: int = DOC_CHARS, max_chars: int = MAX_CHARS) -> dict:
    """Measure one row in this process (called in a child process)."""
    import resource

    texts = read_texts(paths, doc_chars, max_chars)
    started = time.perf_counter()
    try:
        func = _setup(row)
    except (ImportError, AttributeError) as err:
        return {"row": row, "skipped": f"{type(err).__name__}: {err}"}
    func("预热一下：北京。")  # lazy loads (dictionaries, model handles) count as load time
    load_s = time.perf_counter() - started
    chars = sum(map(len, texts)) * repeat
    started = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            func(text)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"row": row, "chars": chars, "seconds": round(seconds, 3), "chars_per_s": round(chars / seconds),
            "load_s": round(load_s, 2), "peak_rss_mb": round(peak_mb)}


def summarise(rows: list[str], rounds: list[dict[str, dict]]) -> list[dict]:
    """Per row: the median speed and load time over the rounds, the largest peak memory, and the
    median of the per-round ratios to jieba.posseg (each taken from rows run minutes apart at most)."""
    summary = []
    for row in rows:
        runs = [results[row] for results in rounds if "chars_per_s" in results.get(row, {})]
        if not runs:
            summary.append(next((results[row] for results in rounds if row in results), {"row": row, "skipped": "-"}))
            continue
        entry = {"row": row, "chars": runs[0]["chars"],
                 "chars_per_s": round(statistics.median(r["chars_per_s"] for r in runs)),
                 "load_s": round(statistics.median(r["load_s"] for r in runs), 2),
                 "peak_rss_mb": max(r["peak_rss_mb"] for r in runs)}
        ratios = [results[row]["chars_per_s"] / results["jieba.posseg.lcut"]["chars_per_s"]
                  for results in rounds
                  if "chars_per_s" in results.get(row, {}) and "chars_per_s" in results.get("jieba.posseg.lcut", {})]
        if ratios:
            entry["vs_posseg"] = round(statistics.median(ratios), 3)
            entry["vs_posseg_rounds"] = [round(x, 3) for x in ratios]
        summary.append(entry)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=Path, nargs="*", default=DEFAULT_TEXTS)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3,
                        help="run every row this many times, taking turns; the table gives medians")
    parser.add_argument("--doc-chars", type=int, default=DOC_CHARS,
                        help="group corpus paragraphs into documents of about this size (0: one paragraph each)")
    parser.add_argument("--max-chars", type=int, default=MAX_CHARS,
                        help="stop taking documents once they hold this many characters (0: all)")
    parser.add_argument("--rows", default=",".join(ROWS))
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--row", help=argparse.SUPPRESS)  # child-process mode
    args = parser.parse_args(argv)
    missing = [p for p in args.texts if not p.is_file()]
    if missing:
        parser.error(f"text files not found: {missing}; pass --texts FILE ...")
    if args.row:
        print(json.dumps(run_row(args.row, args.texts, args.repeat, args.doc_chars, args.max_chars)))
        return 0

    rows = args.rows.split(",")
    rounds: list[dict[str, dict]] = []
    for _ in range(args.rounds):
        # Rows take turns within a round, so a slow spell of the machine hits them alike.
        results: dict[str, dict] = {}
        for row in rows:
            cmd = [sys.executable, __file__, "--row", row, "--repeat", str(args.repeat),
                   "--doc-chars", str(args.doc_chars), "--max-chars", str(args.max_chars),
                   "--texts", *map(str, args.texts)]
            # One thread for numpy's BLAS too: the figures are per core, like jieba's.
            env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
            if proc.returncode != 0:
                results[row] = {"row": row, "skipped": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
                continue
            results[row] = json.loads(proc.stdout.strip().splitlines()[-1])
        rounds.append(results)
    summary = summarise(rows, rounds)
    print(f"{'row':<20} {'chars/s':>10} {'vs posseg':>9} {'load s':>7} {'peak MB':>8}")
    for r in summary:
        if "skipped" in r:
            print(f"{r['row']:<20} skipped: {r['skipped']}")
            continue
        ratio = f"{r['vs_posseg']:.2f}" if r.get("vs_posseg") is not None else "-"
        print(f"{r['row']:<20} {r['chars_per_s']:>10,} {ratio:>9} {r['load_s']:>7.2f} {r['peak_rss_mb']:>8}")
    chars = next((r["chars"] for r in summary if "chars" in r), 0)
    print(f"texts: {', '.join(p.name for p in args.texts)}; {chars:,} chars per row; "
          f"median of {args.rounds} round(s) (peak memory: the largest)")
    if args.rounds > 1 and any("vs_posseg_rounds" in r for r in summary):
        for r in summary:
            if "vs_posseg_rounds" in r:
                print(f"  {r['row']} vs posseg by round: {', '.join(f'{x:.2f}' for x in r['vs_posseg_rounds'])}")
    results = {"summary": summary, "rounds": rounds}
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
