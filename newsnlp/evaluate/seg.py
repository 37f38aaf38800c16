"""Word segmentation scores against a gold file of space-separated words.

The gold format is the SIGHAN bakeoff one: one sentence per line, words
separated by whitespace. Words are compared as character spans, so a predicted
word counts only when both its boundaries match a gold word. Recall is also
reported separately for gold words outside a training word list (OOV recall),
the figure the SIGHAN scorer prints, and throughput is measured over the time
spent inside the segment function only.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ConfigError, EvaluationError, ModelNotFoundError
from ..textnorm import normalize_for_segmenter
from ..tokenizer import import_jieba, initialize_jieba, jieba_dict_path, pkuseg_model_path

logger = logging.getLogger(__name__)

Segment = Callable[[str], list[str]]


def read_gold(path: str | Path) -> Iterator[list[str]]:
    """Yield the gold words of each non-empty line of ``path``."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if words:
                yield words


def read_word_list(path: str | Path) -> set[str]:
    """One word per line (the SIGHAN ``*_training_words`` format)."""
    with open(path, encoding="utf-8") as f:
        return {line.strip() for line in f if line.strip()}


def word_spans(words: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of consecutive words."""
    spans = []
    pos = 0
    for word in words:
        spans.append((pos, pos + len(word)))
        pos += len(word)
    return spans


def evaluate_seg(
    gold_path: str | Path,
    segment: Segment,
    oov_words: set[str] | None = None,
) -> dict[str, Any]:
    """Score ``segment`` on the gold file at ``gold_path``.

    segment: takes a sentence without spaces, returns its words; their
        concatenation must equal the sentence (whitespace the segmenter drops
        is tolerated only if the sentence had none, which gold lines never do).
    oov_words: the training vocabulary; gold words not in it are OOV. With
        None, OOV/IV recall are left out.

    Returns precision, recall, f1, counts, oov_recall/iv_recall (when a word
    list is given), chars, seconds and chars_per_second.
    """
    gold_words = pred_words = correct = 0
    oov_total = oov_found = iv_total = iv_found = 0
    chars = 0
    seconds = 0.0
    lines = 0
    for line_no, words in enumerate(read_gold(gold_path), start=1):
        text = "".join(words)
        started = time.perf_counter()
        predicted = segment(text)
        seconds += time.perf_counter() - started
        if "".join(predicted) != text:
            raise EvaluationError(
                f"Line {line_no} of {gold_path}: the segmenter returned words that do not "
                f"concatenate to the input ({text[:30]!r}...). A segment function must only "
                "cut the text, never change it."
            )
        gold = word_spans(words)
        pred = set(word_spans(predicted))
        lines += 1
        chars += len(text)
        gold_words += len(gold)
        pred_words += len(pred)
        for span, word in zip(gold, words):
            hit = span in pred
            correct += hit
            if oov_words is not None:
                if word in oov_words:
                    iv_total += 1
                    iv_found += hit
                else:
                    oov_total += 1
                    oov_found += hit
    if lines == 0:
        raise EvaluationError(f"{gold_path} has no segmented lines; give a file with one "
                              "space-separated sentence per line.")
    precision = correct / pred_words if pred_words else 0.0
    recall = correct / gold_words if gold_words else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result: dict[str, Any] = {
        "gold_path": str(gold_path),
        "lines": lines,
        "chars": chars,
        "gold_words": gold_words,
        "predicted_words": pred_words,
        "correct_words": correct,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "seconds": seconds,
        "chars_per_second": chars / seconds if seconds > 0 else float("inf"),
    }
    if oov_words is not None:
        result.update(
            oov_words=oov_total,
            oov_rate=oov_total / gold_words if gold_words else 0.0,
            oov_recall=oov_found / oov_total if oov_total else None,
            iv_recall=iv_found / iv_total if iv_total else None,
        )
    return result


def format_report(result: dict[str, Any]) -> str:
    """A few aligned lines for the terminal."""
    name = result.get("segmenter")
    head = f"Segmentation: {result['gold_path']}" + (f" ({name})" if name else "")
    rows = [
        head,
        f"  lines {result['lines']:,}  chars {result['chars']:,}  gold words "
        f"{result['gold_words']:,}  predicted {result['predicted_words']:,}",
        f"  P {result['precision']:.4f}  R {result['recall']:.4f}  F1 {result['f1']:.4f}",
    ]
    if "oov_recall" in result:
        oov = result["oov_recall"]
        iv = result["iv_recall"]
        rows.append(
            f"  OOV rate {result['oov_rate']:.4f}  OOV recall "
            f"{'n/a' if oov is None else f'{oov:.4f}'}  IV recall "
            f"{'n/a' if iv is None else f'{iv:.4f}'}"
        )
    rows.append(f"  speed {result['chars_per_second']:,.0f} chars/s "
                f"({result['seconds']:.2f} s in the segmenter)")
    return "\n".join(rows)


# -- segment functions from the shipped files ---------------------------------

def jieba_segment(dictionary: str = "newsnlp", *, hmm: bool = True) -> Segment:
    """A segment function from a jieba dictionary ("newsnlp", "stock" or a file path).

    The newsnlp dictionary was built from normalised text (textnorm), so the
    input is normalised the same way; the words are cut from the original text.
    """
    jieba = import_jieba()
    if dictionary == "stock":
        tokenizer = jieba.Tokenizer()
        normalise = False
    else:
        path = jieba_dict_path() if dictionary == "newsnlp" else Path(dictionary)
        if not path.exists():
            raise ModelNotFoundError(
                "The jieba dictionary", path,
                "Build it with `python models/segmenter/build.py jieba`, or use dictionary='stock'.",
            )
        tokenizer = jieba.Tokenizer(dictionary=str(path))
        normalise = True
    initialize_jieba(tokenizer)

    def segment(text: str) -> list[str]:
        if not normalise:
            return tokenizer.lcut(text, HMM=hmm)
        return _restore(text, tokenizer.lcut(normalize_for_segmenter(text), HMM=hmm))

    return segment


def pkuseg_segment(model: str = "newsnlp", *, postprocess: bool = False) -> Segment:
    """A segment function from a spacy-pkuseg model directory ("newsnlp" or a path).

    postprocess: apply spacy-pkuseg's built-in word-merging dictionary
        (``default.pkl``). It follows another standard than PKU, so it is off
        by default; see docs/segmentation.md for the measured difference.
    """
    import spacy_pkuseg

    path = pkuseg_model_path() if model == "newsnlp" else Path(model)
    if not (path / "features.msgpack").exists():
        raise ModelNotFoundError(
            "The spacy-pkuseg model", path,
            "Build it with `python models/segmenter/build.py pkuseg`, or give a model directory.",
        )
    seg = spacy_pkuseg.pkuseg(model_name=str(path), user_dict=[] if postprocess else None)

    def segment(text: str) -> list[str]:
        return _restore(text, seg.cut(normalize_for_segmenter(text)))

    return segment


def _restore(text: str, words: list[str]) -> list[str]:
    """Cut ``text`` at the boundaries of ``words``, found on a same-length form of it."""
    out = []
    pos = 0
    for word in words:
        out.append(text[pos:pos + len(word)])
        pos += len(word)
    if pos != len(text):
        out.append(text[pos:])
    return out


def run_seg_evaluation(
    path: str | Path,
    *,
    segmenter: str = "jieba",
    dictionary: str = "newsnlp",
    oov_path: str | Path | None = None,
    hmm: bool | None = None,
    use_pipeline: bool = False,
) -> dict[str, Any]:
    """Evaluate one segmenter configuration on a gold file (the CLI's ``--format seg``).

    segmenter: "jieba" or "pkuseg".
    dictionary: jieba: "newsnlp", "stock" or a dictionary file; pkuseg: "newsnlp"
        or a model directory.
    hmm: jieba's HMM; None takes the tokenizer's default (off with the newsnlp
        dictionary, on with the stock one).
    use_pipeline: segment with the tokenizer of ``newsnlp.load(segmenter=...,
        dictionary=...)`` instead of the raw files, to measure what the pipeline does.
    """
    if hmm is None:
        hmm = dictionary == "stock"
    if segmenter not in ("jieba", "pkuseg"):
        raise ConfigError(f"Unknown segmenter {segmenter!r}; use 'jieba' or 'pkuseg'.")
    if use_pipeline:
        from ..pipeline import load

        settings: dict[str, Any] = {"segmenter": segmenter}
        if segmenter == "jieba":
            settings.update(dictionary=dictionary, hmm=hmm)
        tokenizer = load(**settings).tokenizer

        def segment(text: str) -> list[str]:
            return [t.text for t in tokenizer(text)]
    elif segmenter == "jieba":
        segment = jieba_segment(dictionary, hmm=hmm)
    else:
        segment = pkuseg_segment(dictionary)
    oov = read_word_list(oov_path) if oov_path else None
    result = evaluate_seg(path, segment, oov)
    result.update(segmenter=segmenter, dictionary=dictionary,
                  hmm=hmm if segmenter == "jieba" else None, pipeline=use_pipeline)
    logger.info("Segmentation %s/%s on %s: F1 %.4f", segmenter, dictionary, path, result["f1"])
    return result
