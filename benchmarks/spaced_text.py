"""The bare NER model on MSRA dev with web-style spaces, read as is and with them skipped.

    python benchmarks/spaced_text.py [--dev ../shared/data/msra_ner/dev.bio] [--model DIR]

Web pages often put a space between Chinese and digits or Latin letters
(``2024 年 8 月``). The training text has none. This script adds such spaces to the dev
sentences that contain digits or Latin letters, moves the gold spans with them, and
scores the bare model three ways: on the original sentences, on the spaced ones as the
tagger reads them (spaces skipped, :func:`newsnlp.tagger.reading_positions`), and on the
spaced ones with every character read.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from unittest import mock

import newsnlp.tagger
from newsnlp.evaluate.bio import Span, TaggedSentence, read_tagged, score_spans
from newsnlp.tagger import NerTagger

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "msra_ner" / "dev.bio"


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _chinese(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def with_web_spaces(sentence: TaggedSentence) -> tuple[str, list[Span]]:
    """The sentence with a space wherever Chinese meets a digit or Latin letter, and its gold spans moved."""
    out: list[str] = []
    moved: list[int] = []  # new position of each character
    text = sentence.text
    for i, ch in enumerate(text):
        if i and ((_ascii_word(text[i - 1]) and _chinese(ch)) or (_chinese(text[i - 1]) and _ascii_word(ch))):
            out.append(" ")
        moved.append(len(out))
        out.append(ch)
    return "".join(out), [(moved[s], moved[e - 1] + 1, label) for s, e, label in sentence.spans]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--model", type=Path, default=None, help="model folder (default: the shipped model)")
    args = parser.parse_args()

    tagger = NerTagger.load(args.model)
    sentences = list(read_tagged(args.dev))
    spaced = [(s, *with_web_spaces(s)) for s in sentences]
    spaced = [item for item in spaced if item[1] != item[0].text]

    def scores(texts: list[str], gold: list[list[Span]]) -> dict:
        found = [[span[:3] for span in spans] for spans in tagger.tag_many(texts, with_scores=False)]
        return score_spans(gold, found)["micro"]

    rows = {
        "original sentences": scores([s.text for s, _, _ in spaced], [s.spans for s, _, _ in spaced]),
        "spaced, spaces skipped (the tagger)": scores([t for _, t, _ in spaced], [g for _, _, g in spaced]),
    }
    with mock.patch.object(newsnlp.tagger, "reading_positions", lambda text, start, end: range(start, end)):
        rows["spaced, every character read"] = scores([t for _, t, _ in spaced], [g for _, _, g in spaced])
    print(f"{len(spaced)} of {len(sentences)} dev sentences contain digits or Latin letters next to Chinese")
    print(f"{'':38}{'P':>8}{'R':>8}{'F1':>8}")
    for name, micro in rows.items():
        print(f"{name:38}{micro['p']:8.4f}{micro['r']:8.4f}{micro['f']:8.4f}")


if __name__ == "__main__":
    main()
