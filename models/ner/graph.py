"""Write the 8-bit ONNX graph into saved networks that lack it, or make it again.

    python models/ner/graph.py DIR [DIR ...] [--data DATA]

Each DIR is a model folder (``ner.npz`` among its files). The network's arrays are
read and saved again by :meth:`newsnlp.network.CnnCrf.save`, which adds the graph
that onnxruntime runs (:func:`newsnlp.network.forward_graph`); the arrays are
unchanged. ``train.py`` and ``average.py`` write the graph themselves; this is for
networks saved without it. Needs the ``onnx`` package (the ``train`` extra).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newsnlp.evaluate.bio import SAMPLE_FILE, sample_texts
from newsnlp.features import Lexicon
from newsnlp.network import CnnCrf, read_network
from newsnlp.tagger import LEXICON_FILE, MODEL_FILE

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", type=Path, nargs="+", help="model folders")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"the shared data folder ({SAMPLE_FILE}: "
                        "the sample text on which the graph's input ranges are measured)")
    args = parser.parse_args(argv)
    sample = sample_texts(args.data)
    for folder in args.dirs:
        arrays, _ = read_network(folder / MODEL_FILE)
        CnnCrf.save(folder / MODEL_FILE, arrays, arrays["dilations"].tolist(),
                    arrays["vocab_chars"].tolist(), arrays["vocab_bigrams"].tolist(),
                    sample=sample, lexicon=Lexicon.from_file(folder / LEXICON_FILE))
        print(f"{folder / MODEL_FILE}: graph written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
