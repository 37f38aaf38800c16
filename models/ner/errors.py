"""Where the NER model errs on a character-tagged file: the kinds of error, and recall on
mentions seen and not seen in the training data.

    python models/ner/errors.py [--gold ../shared/data/msra_ner/dev.bio]
        [--train ../shared/data/msra_ner/train.bio] [--model DIR]

Each gold mention the model does not find exactly is *missed* (no prediction overlaps
it), a *boundary* error (an overlapping prediction with other edges) or a *label* error
(same edges, other label); a prediction that overlaps no gold mention is *spurious*. A
gold mention is *seen* when its string is a mention anywhere in the training file.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from newsnlp.evaluate.bio import model_tagger, read_tagged

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "msra_ner"


def breakdown(gold_path: Path, train_path: Path, model: Path | None = None) -> dict:
    tag_text = model_tagger(model)
    train_names = {s.text[a:b] for s in read_tagged(train_path) for a, b, _ in s.spans}
    kinds: Counter[str] = Counter()
    recall: Counter[tuple[str, bool]] = Counter()
    for sentence in read_tagged(gold_path):
        gold, pred = set(sentence.spans), set(tag_text(sentence.text))
        for span in gold:
            found = span in pred
            recall["seen" if sentence.text[span[0] : span[1]] in train_names else "unseen", found] += 1
            if found:
                continue
            overlapping = [p for p in pred if p[0] < span[1] and span[0] < p[1]]
            if not overlapping:
                kinds["missed"] += 1
            elif any(p[:2] == span[:2] for p in overlapping):
                kinds["label"] += 1
            else:
                kinds["boundary"] += 1
        kinds["spurious"] += sum(not any(g[0] < p[1] and p[0] < g[1] for g in gold) for p in pred - gold)
    by_seen = {}
    for key in ("seen", "unseen"):
        total = recall[key, True] + recall[key, False]
        by_seen[key] = {"gold": total, "recall": round(recall[key, True] / total, 3) if total else None}
    return {"errors": dict(kinds), "mentions": by_seen}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DATA / "dev.bio")
    parser.add_argument("--train", type=Path, default=DATA / "train.bio")
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped one)")
    args = parser.parse_args(argv)
    print(json.dumps(breakdown(args.gold, args.train, args.model), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
