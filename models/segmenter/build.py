"""Rebuild the word segmentation models shipped in models/segmenter/.

    python models/segmenter/build.py pkuseg   # spacy-pkuseg model -> models/segmenter/pkuseg/
    python models/segmenter/build.py jieba    # jieba dictionary  -> models/segmenter/jieba_dict.txt
    python models/segmenter/build.py speed    # throughput against stock jieba.lcut

Both are trained on People's Daily 1998-01 (the PKU segmentation standard) after
``newsnlp.textnorm.normalize_for_segmenter`` (full-width digits and letters to
ASCII), the same character-wise mapping the tokenizer applies before segmenting.
Builds are deterministic: fixed data order, a seeded shuffle, zero-initialised
weights. Each build writes its settings, timing and dev scores to
models/segmenter/<name>.build.json.

Training the pkuseg model takes about half an hour on one CPU core; run it at
low priority (``nice -n 10``) on shared machines.
"""
from __future__ import annotations

import argparse
import json
import logging
import math
import platform
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from newsnlp.evaluate.seg import (  # noqa: E402
    evaluate_seg,
    jieba_segment,
    pkuseg_segment,
    read_word_list,
)
from newsnlp.textnorm import normalize_for_segmenter  # noqa: E402

logger = logging.getLogger("build_segmenter")

# The shared data folder sits beside the repository checkout.
DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SEG = "segmentation"
PD_TRAIN = f"{SEG}/peoples_daily_1998_01/train.txt"
PD_DEV = f"{SEG}/peoples_daily_1998_01/dev.txt"
SIGHAN_WORDS = "sighan2005/pku_training_words.utf8"
KB_GLOB = "kb/*.jsonl"

# jieba's block regex: only these characters reach the dictionary.
JIEBA_BLOCK = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
JIEBA_MAX_WORD = 12  # longest stock word checked against the training text


def read_lines(path: Path) -> list[str]:
    """Normalised, space-separated sentences of a segmentation file."""
    with open(path, encoding="utf-8") as f:
        return [normalize_for_segmenter(" ".join(line.split())) for line in f if line.strip()]


def write_lines(lines: list[str], path: Path) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def dev_scores(segment, data: Path, dev_lines: int | None = None) -> dict:
    """F1 etc. on PD dev; OOV against the SIGHAN PKU list and against PD train."""
    sighan = read_word_list(data / SIGHAN_WORDS)
    result = evaluate_seg(data / PD_DEV, segment, sighan)
    pd_vocab = {w for line in read_lines(data / PD_TRAIN) for w in line.split()}
    # Scoring against the normalised training vocabulary needs normalised gold words.
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "dev.txt"
        write_lines(read_lines(data / PD_DEV), gold)
        own = evaluate_seg(gold, segment, pd_vocab)
    keep = ("precision", "recall", "f1", "oov_rate", "oov_recall", "iv_recall", "chars_per_second")
    out = {k: result[k] for k in keep}
    out["train_vocab_oov_rate"] = own["oov_rate"]
    out["train_vocab_oov_recall"] = own["oov_recall"]
    return out


# -- pkuseg -------------------------------------------------------------------

def build_pkuseg(args: argparse.Namespace) -> dict:
    import spacy_pkuseg
    from spacy_pkuseg.config import config as pkuseg_config
    import srsly

    data = Path(args.data)
    out_dir = HERE / "pkuseg"
    train_lines = read_lines(data / PD_TRAIN)
    sources = {"peoples_daily_1998_01/train.txt": len(train_lines)}
    for extra in args.extra:
        lines = read_lines(data / SEG / extra / "train.txt")
        train_lines += lines
        sources[f"{extra}/train.txt"] = len(lines)
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        train_file = Path(tmp) / "train.txt"
        dev_file = Path(tmp) / "dev.txt"
        write_lines(train_lines, train_file)
        write_lines(read_lines(data / PD_DEV), dev_file)
        raw_dir = Path(tmp) / "model"
        # Features seen fewer than featureTrim+1 times are dropped before training.
        pkuseg_config.featureTrim = args.feature_trim
        random.seed(0)
        np.random.seed(0)
        spacy_pkuseg.train(str(train_file), str(dev_file), str(raw_dir),
                           train_iter=args.iterations)
        train_seconds = time.time() - started
        features = srsly.read_msgpack(raw_dir / "features.msgpack")
        weights = np.load(raw_dir / "weights.npz")
        n_features_trained = len(features["feature_to_idx"])
        compact(features, weights, out_dir, args.prune)
    segment = pkuseg_segment(str(out_dir))
    info = {
        "model": "spacy-pkuseg CRF",
        "command": "python models/segmenter/build.py pkuseg " + " ".join(sys.argv[2:]),
        "sources": sources,
        "normalisation": "newsnlp.textnorm.normalize_for_segmenter",
        "iterations": args.iterations,
        "feature_trim": args.feature_trim,
        "prune_below": args.prune,
        "features_trained": n_features_trained,
        "features_kept": len(srsly.read_msgpack(out_dir / "features.msgpack")["feature_to_idx"]),
        "size_bytes": sum(p.stat().st_size for p in out_dir.iterdir()),
        "train_seconds": round(train_seconds, 1),
        "machine": platform.processor() or platform.machine(),
        "dev": dev_scores(segment, data),
        "dev_with_default_pkl_postprocess": {
            k: v for k, v in dev_scores(pkuseg_segment(str(out_dir), postprocess=True), data).items()
            if k in ("f1", "oov_recall")
        },
    }
    return info


def compact(features: dict, weights, out_dir: Path, prune: float) -> None:
    """Save a trained model without what inference does not use.

    Drops the word-bigram list (only needed to build features) and every feature
    whose weights are all below ``prune`` in absolute value; feature ids are
    renumbered and the weights stored compressed (still float64, which the
    Viterbi decoder requires).
    """
    n_tag, n_feature = (int(x) for x in weights["sizes"])
    w = weights["w"]
    node = w[: n_tag * n_feature].reshape(n_feature, n_tag)
    edge = w[n_tag * n_feature:]
    keep = np.abs(node).max(axis=1) >= prune
    keep[0] = True  # the bias feature "$$" every position has
    new_id = np.cumsum(keep) - 1
    feature_to_idx = {
        name: int(new_id[idx]) for name, idx in features["feature_to_idx"].items() if keep[idx]
    }
    node = node[keep]
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.iterdir():
        old.unlink()
    import srsly

    srsly.write_msgpack(out_dir / "features.msgpack", {
        "unigram": sorted(features["unigram"]),
        "bigram": [],
        "feature_to_idx": dict(sorted(feature_to_idx.items(), key=lambda kv: kv[1])),
        "tag_to_idx": features["tag_to_idx"],
    })
    np.savez_compressed(out_dir / "weights.npz", sizes=np.array([n_tag, node.shape[0]]),
                        w=np.concatenate([node.reshape(-1), edge]))


# -- jieba --------------------------------------------------------------------

def stock_jieba_words() -> dict[str, tuple[int, str]]:
    import jieba

    words = {}
    with open(Path(jieba.__file__).parent / "dict.txt", "rb") as f:
        for raw in f:
            parts = raw.decode("utf-8").split()
            if len(parts) >= 2:
                words[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return words


def contradicted(candidates: set[str], lines: list[str], max_len: int) -> set[str]:
    """Candidates that the training text writes only across word boundaries.

    A candidate occurring in the text as one word, or inside one word, is fine;
    one that occurs only spanning a boundary (股票市场 where the gold has 股票 市场)
    would make jieba join what the standard splits.
    """
    aligned: Counter[str] = Counter()
    crossing: Counter[str] = Counter()
    for line in lines:
        words = line.split()
        text = "".join(words)
        bounds = set()
        pos = 0
        for word in words:
            pos += len(word)
            bounds.add(pos)
        starts = {0} | bounds
        n = len(text)
        for i in range(n):
            for j in range(i + 2, min(n, i + max_len) + 1):
                sub = text[i:j]
                if sub not in candidates:
                    continue
                if any(b in bounds for b in range(i + 1, j)):
                    crossing[sub] += 1
                elif i in starts and j in bounds:
                    aligned[sub] += 1
    return {w for w in crossing if aligned[w] == 0}


def kb_names(models: Path) -> tuple[list[str], list[str]]:
    files = sorted(models.glob(KB_GLOB))
    names = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                record = json.loads(line)
                for name in [record.get("name", "")] + list(record.get("aliases", [])):
                    if isinstance(name, str):
                        names.append(normalize_for_segmenter(name.strip()))
    return [str(p.relative_to(models.parent)) for p in files], names


_CONTRADICTED: dict[int, set[str]] = {}


def make_jieba_dict(train_lines: list[str], *, stock_weight: float, add_stock: bool,
                    kb: list[str], drop_person_names: bool = True) -> tuple[dict[str, int], dict]:
    """Word -> frequency: training-text counts, plus stock and KB words it does not contradict.

    drop_person_names: leave out stock words tagged ``nr`` (Chinese personal names
        such as 林华卿), which the PKU standard writes as surname + given name.
        Transliterated names carry other tags and stay.
    """
    counts: Counter[str] = Counter(w for line in train_lines for w in line.split())
    freq = {w: c for w, c in counts.items() if JIEBA_BLOCK.match(w)}
    stats = {"train_words": len(freq)}
    total = sum(freq.values())
    extra: dict[str, int] = {}
    if add_stock:
        stock = stock_jieba_words()
        stock_total = sum(f for f, _ in stock.values())
        scale = total / stock_total * stock_weight
        for word, (f, tag) in stock.items():
            if drop_person_names and tag == "nr":
                continue
            if word not in freq and JIEBA_BLOCK.match(word):
                extra[word] = max(1, int(round(f * scale)))
    kb_words = {w for w in kb if len(w) >= 2 and JIEBA_BLOCK.match(w) and w not in freq}
    for word in kb_words:
        extra.setdefault(word, 3)
    # The scan is the slow part; variants differ only in weights, so compute it once.
    key = id(train_lines)
    if key not in _CONTRADICTED:
        candidates = {w for w in stock_jieba_words() if w not in freq} | kb_words
        _CONTRADICTED[key] = contradicted(candidates, train_lines, JIEBA_MAX_WORD)
    bad = _CONTRADICTED[key] & set(extra)
    stats["stock_or_kb_candidates"] = len(extra)
    stats["contradicted_dropped"] = len(bad)
    stats["kb_words_added"] = len(kb_words - bad)
    for word, f in extra.items():
        if word not in bad:
            freq[word] = f
    return freq, stats


def write_jieba_dict(freq: dict[str, int], path: Path) -> None:
    lines = [f"{w} {f}" for w, f in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_jieba(args: argparse.Namespace) -> dict:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    data = Path(args.data)
    train_lines = read_lines(data / PD_TRAIN)
    for extra in args.extra:
        train_lines += read_lines(data / SEG / extra / "train.txt")
    kb_files, kb = kb_names(HERE.parent)
    started = time.time()
    variants = {}
    with tempfile.TemporaryDirectory() as tmp:
        grid = [(False, 0.0, True), (True, 0.01, False), (True, 0.001, True), (True, 0.01, True),
                (True, 0.1, True), (True, 1.0, True)]
        for add_stock, weight, drop_names in grid:
            freq, stats = make_jieba_dict(train_lines, stock_weight=weight, add_stock=add_stock,
                                          kb=kb, drop_person_names=drop_names)
            path = Path(tmp) / f"dict_{add_stock}_{weight}_{drop_names}.txt"
            write_jieba_dict(freq, path)
            for hmm in (False, True):
                name = f"stock={add_stock} weight={weight} drop_nr={drop_names} hmm={hmm}"
                score = evaluate_seg(data / PD_DEV, jieba_segment(str(path), hmm=hmm))["f1"]
                variants[name] = {"f1": round(score, 4), "words": len(freq), **stats,
                                  "add_stock": add_stock, "stock_weight": weight,
                                  "drop_person_names": drop_names, "hmm": hmm}
                logger.info("%s: F1 %.4f", name, score)
    best = max(variants.values(), key=lambda v: v["f1"])
    freq, stats = make_jieba_dict(train_lines, stock_weight=best["stock_weight"],
                                  add_stock=best["add_stock"], kb=kb,
                                  drop_person_names=best["drop_person_names"])
    out = HERE / "jieba_dict.txt"
    write_jieba_dict(freq, out)
    build_seconds = time.time() - started
    # Speed is compared with stock jieba.lcut in the same run, alternating to share load.
    ours = jieba_segment(str(out), hmm=best["hmm"])
    stock_scores = {hmm: dev_scores(jieba_segment("stock", hmm=hmm), data) for hmm in (True, False)}
    return {
        "command": "python models/segmenter/build.py jieba " + " ".join(sys.argv[2:]),
        "sources": ["peoples_daily_1998_01/train.txt"] + [f"{e}/train.txt" for e in args.extra],
        "kb_files": kb_files,
        "normalisation": "newsnlp.textnorm.normalize_for_segmenter",
        "chosen": {k: best[k] for k in ("add_stock", "stock_weight", "drop_person_names", "hmm")},
        "words": len(freq),
        **stats,
        "size_bytes": out.stat().st_size,
        "build_seconds": round(build_seconds, 1),
        "variants": variants,
        "dev": dev_scores(ours, data),
        "dev_stock_jieba_hmm": stock_scores[True],
        "dev_stock_jieba_no_hmm": stock_scores[False],
    }


def measure_speed(args: argparse.Namespace) -> dict:
    """Characters/second of stock ``jieba.lcut`` and the shipped segmenters on PD dev.

    Runs alternate between segmenters for several rounds and keep each one's best,
    so that load from other processes affects all of them alike.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    data = Path(args.data)
    texts = ["".join(line.split()) for line in open(data / PD_DEV, encoding="utf-8")]
    chars = sum(map(len, texts))
    jieba.initialize()
    segmenters = {
        "stock jieba.lcut (HMM on)": jieba.lcut,
        "stock jieba, HMM off": lambda t: jieba.lcut(t, HMM=False),
        "newsnlp jieba dictionary, HMM off": jieba_segment("newsnlp", hmm=False),
        "newsnlp jieba dictionary, HMM on": jieba_segment("newsnlp", hmm=True),
    }
    slow = {}
    if (HERE / "pkuseg" / "features.msgpack").exists():
        slow["newsnlp pkuseg"] = pkuseg_segment("newsnlp")
    best = {name: 0.0 for name in [*segmenters, *slow]}
    for round_no in range(args.rounds):
        # The slow pkuseg needs one pass only.
        for name, segment in [*segmenters.items(), *(slow.items() if round_no == 0 else [])]:
            started = time.perf_counter()
            for text in texts:
                segment(text)
            best[name] = max(best[name], chars / (time.perf_counter() - started))
    stock = best["stock jieba.lcut (HMM on)"]
    return {name: {"chars_per_second": round(v), "vs_stock_jieba_lcut": round(v / stock, 3)}
            for name, v in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["pkuseg", "jieba", "speed"])
    parser.add_argument("--data", default=str(DATA), help="the shared data folder")
    parser.add_argument("--extra", nargs="*", default=[],
                        help="more segmentation sets to train on (e.g. ud_gsdsimp)")
    parser.add_argument("--iterations", type=int, default=10, help="pkuseg training epochs")
    parser.add_argument("--feature-trim", type=int, default=1,
                        help="pkuseg: drop features seen at most this many times")
    parser.add_argument("--prune", type=float, default=1e-3,
                        help="pkuseg: drop features whose weights are all smaller than this")
    parser.add_argument("--rounds", type=int, default=5, help="speed: rounds per segmenter")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    builders = {"pkuseg": build_pkuseg, "jieba": build_jieba, "speed": measure_speed}
    info = builders[args.what](args)
    report = HERE / f"{args.what}.build.json"
    report.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    logger.info("Wrote %s", report)
    print(json.dumps({k: v for k, v in info.items() if k != "variants"}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
