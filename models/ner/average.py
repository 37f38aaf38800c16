"""Average the weights of trained NER networks of one shape into one network.

    python models/ner/average.py RUN1 RUN2 [...] --out DIR [--data DATA]

Each RUN is a model folder that ``train.py`` wrote (``ner.npz``, ``lexicon.tsv``,
``meta.json``) from the same vocabularies, such as one run and its continuation
from its own weights. The networks' arrays are averaged with equal weights (the
stored embeddings are widened to float32 first and stored as float16 again), the
first run's lexicon is copied, and ``meta.json`` records the runs' epochs, what
was averaged and the dev score of the result, measured the way the installed
model runs. Averaging the weights of late epochs of one run is steadier than
any single epoch (``models/README.md``); runs from different starts do not share
a basin and must not be averaged.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np

from newsnlp.evaluate.bio import evaluate_bio, model_tagger, sample_texts, scores_record
from newsnlp.features import Lexicon
from newsnlp.network import CnnCrf, read_network
from newsnlp.tagger import LEXICON_FILE, META_FILE, MODEL_FILE

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
DEV = "msra_ner/dev.bio"
_VOCAB = ("dilations", "vocab_chars", "vocab_bigrams")


def average(runs: list[Path]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(averaged weights, vocabulary arrays) of the runs' networks; refuses runs of other shapes or vocabularies."""
    loaded = []
    for run in runs:
        loaded.append(read_network(run / MODEL_FILE)[0])  # the 8-bit graph is made again from the mean
    first = loaded[0]
    for run, arrays in zip(runs[1:], loaded[1:]):
        if arrays.keys() != first.keys() or any(arrays[k].shape != first[k].shape for k in first):
            raise ValueError(f"{run} holds a network of another shape than {runs[0]}")
        if any(not np.array_equal(arrays[k], first[k]) for k in _VOCAB):
            raise ValueError(f"{run} was trained with other vocabularies or dilations than {runs[0]}")
    weights = {name: np.mean([a[name].astype(np.float32) for a in loaded], axis=0)
               for name in first if name not in _VOCAB}
    return weights, {name: first[name] for name in _VOCAB}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", type=Path, nargs="+", help="model folders written by train.py")
    parser.add_argument("--out", type=Path, required=True, help="where the averaged model files go")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (for the dev score and the sample text of the 8-bit graph)")
    args = parser.parse_args(argv)
    if len(args.runs) < 2:
        parser.error("give two or more runs to average")
    metas = [json.loads((run / META_FILE).read_text(encoding="utf-8")) for run in args.runs]
    weights, vocab = average(args.runs)

    args.out.mkdir(parents=True, exist_ok=True)
    if (args.out / LEXICON_FILE).resolve() != (args.runs[0] / LEXICON_FILE).resolve():
        shutil.copyfile(args.runs[0] / LEXICON_FILE, args.out / LEXICON_FILE)
    CnnCrf.save(args.out / MODEL_FILE, weights, vocab["dilations"].tolist(), vocab["vocab_chars"].tolist(),
                vocab["vocab_bigrams"].tolist(), sample=sample_texts(args.data),
                lexicon=Lexicon.from_file(args.out / LEXICON_FILE))
    meta = dict(metas[-1])
    meta["averaged"] = [{"run": str(run), "epochs": [e["epoch"] for e in m.get("training", {}).get("epochs", [])],
                         "dev_f1": m.get("dev", {}).get(DEV, {}).get("micro", {}).get("f")}
                        for run, m in zip(args.runs, metas)]
    meta.pop("dev", None)  # until the averaged network is scored
    (args.out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = evaluate_bio(args.data / DEV, model_tagger(args.out))
    meta["dev"] = {DEV: scores_record(result)}
    meta["size_bytes"] = {name: (args.out / name).stat().st_size for name in (MODEL_FILE, LEXICON_FILE)}
    (args.out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta["dev"], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
