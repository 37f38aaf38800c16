"""Evaluate PERSON / PLACE / ORG tagging against a character-tagged gold file.

Gold files hold one ``CHAR<TAB>TAG`` per line and a blank line after each
sentence, tagged BIO (``B-X``, ``I-X``, ``O``) or BMES (``B-X``, ``M-X``, ``E-X``,
``S-X``, ``O``). Their labels are mapped to ours with :data:`LABEL_MAP`; labels
it leaves out (titles, products, nominal mentions ...) are not scored. Spans
are compared strictly: same start, end and label.
"""
from __future__ import annotations

import itertools
import logging
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from ..schema import ORG, PERSON, PLACE

logger = logging.getLogger(__name__)

NAME_LABELS: tuple[str, ...] = (PERSON, PLACE, ORG)

# Source label -> ours. MSRA / People's Daily: PER LOC ORG. Weibo: only the
# named (.NAM) mentions; nominal ones (.NOM, "the president") are not names.
# Resume: NAME ORG LOC. CLUENER: name, address, organization, government, company.
LABEL_MAP: dict[str, str] = {
    "PER": PERSON, "PERSON": PERSON, "NAME": PERSON, "NR": PERSON, "PER.NAM": PERSON, "name": PERSON,
    "LOC": PLACE, "PLACE": PLACE, "GPE": PLACE, "NS": PLACE, "LOC.NAM": PLACE, "GPE.NAM": PLACE,
    "address": PLACE,
    "ORG": ORG, "NT": ORG, "ORG.NAM": ORG, "organization": ORG, "government": ORG, "company": ORG,
}

Span = tuple[int, int, str]
TagText = Callable[[str], list[Span]]


@dataclass(slots=True)
class TaggedSentence:
    text: str
    spans: list[Span]  # (start, end, label) in our labels, end exclusive


def read_tagged(path: str | Path, label_map: dict[str, str] | None = None) -> Iterator[TaggedSentence]:
    """Sentences of a BIO/BMES character file with their gold spans in our labels.

    ``label_map`` defaults to :data:`LABEL_MAP`; spans of unmapped labels are dropped.
    A span that starts with ``I-``/``M-``/``E-`` (a cut entity) starts a new span.
    """
    mapping = LABEL_MAP if label_map is None else label_map
    path = Path(path)
    if not path.is_file():
        raise EvaluationError(f"Gold file {path} does not exist; give a character-tagged .bio or .bmes file.")
    try:
        yield from _read_tagged(path, mapping)
    except UnicodeDecodeError as err:
        raise EvaluationError(f"{path} is not UTF-8 ({err.reason} at byte {err.start}); convert it to UTF-8.") from err


def _read_tagged(path: Path, mapping: dict[str, str]) -> Iterator[TaggedSentence]:
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line:
                if chars:
                    yield TaggedSentence("".join(chars), decode_tags(tags, mapping))
                    chars, tags = [], []
                continue
            char, sep, tag = line.rpartition("\t")
            if not sep or len(char) != 1:
                raise EvaluationError(
                    f"{path}:{number}: expected 'CHAR<TAB>TAG', got {line!r}. "
                    "Each line holds one character, a tab and its tag; sentences end with a blank line."
                )
            chars.append(char)
            tags.append(tag)
    if chars:
        yield TaggedSentence("".join(chars), decode_tags(tags, mapping))


# The text on which a network's 8-bit input ranges are measured when it is saved
# (:meth:`newsnlp.network.CnnCrf.save`): the first sentences of MSRA's training file.
SAMPLE_FILE = "msra_ner/train.bio"
SAMPLE_SENTENCES = 2000


def sample_texts(data: str | Path, count: int = SAMPLE_SENTENCES) -> list[str]:
    """Normalised text of the first ``count`` sentences of :data:`SAMPLE_FILE` in the data folder."""
    from ..features import normalise

    return [normalise(s.text) for s in itertools.islice(read_tagged(Path(data) / SAMPLE_FILE), count)]


def decode_tags(tags: list[str], label_map: dict[str, str] | None = None) -> list[Span]:
    """Character tags (BIO or BMES) -> (start, end, label) spans, labels mapped when a map is given."""
    spans: list[Span] = []
    start = -1
    label = ""

    def close(end: int) -> None:
        nonlocal start
        if start >= 0:
            mapped = label if label_map is None else label_map.get(label)
            if mapped:
                spans.append((start, end, mapped))
        start = -1

    for i, tag in enumerate(tags):
        prefix, _, name = tag.partition("-")
        if prefix in ("B", "S") or (prefix in ("I", "M", "E") and (start < 0 or name != label)):
            close(i)
            start, label = i, name
        elif prefix == "O" or not name:
            close(i)
            continue
        if prefix in ("S", "E"):
            close(i + 1)
    close(len(tags))
    return spans


def score_spans(gold: list[list[Span]], pred: list[list[Span]], labels: tuple[str, ...] = NAME_LABELS) -> dict[str, Any]:
    """Strict-span precision, recall and F1 per label and micro-averaged."""
    counts = {label: [0, 0, 0] for label in labels}  # tp, gold, predicted
    for gold_spans, pred_spans in zip(gold, pred, strict=True):
        gold_set = {s for s in gold_spans if s[2] in counts}
        pred_set = {s for s in pred_spans if s[2] in counts}
        for span in gold_set:
            counts[span[2]][1] += 1
        for span in pred_set:
            counts[span[2]][2] += 1
            if span in gold_set:
                counts[span[2]][0] += 1
    result: dict[str, Any] = {"labels": {}}
    total = [0, 0, 0]
    for label, (tp, n_gold, n_pred) in counts.items():
        result["labels"][label] = _prf(tp, n_gold, n_pred)
        total = [total[0] + tp, total[1] + n_gold, total[2] + n_pred]
    result["micro"] = _prf(*total)
    return result


def _prf(tp: int, n_gold: int, n_pred: int) -> dict[str, float | int]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f": f1, "tp": tp, "gold": n_gold, "pred": n_pred}


def evaluate_bio(path: str | Path, tag_text: TagText, *, limit: int | None = None,
                 doc_size: int = 1) -> dict[str, Any]:
    """Run ``tag_text`` over every sentence of a gold file and score it.

    ``tag_text(text)`` returns ``(start, end, label)`` spans; labels other than
    PERSON / PLACE / ORG are ignored. ``limit`` scores only the first sentences.
    ``doc_size`` > 1 tags that many consecutive sentences as one document (joined by line
    breaks; neighbouring pieces of these files come from one article), so what a tagger does
    across a document counts; each span is scored in the sentence where it starts.
    Returns per-label and micro P/R/F plus ``sentences``, ``chars``, ``seconds``
    and ``chars_per_s`` (tagging time only).
    """
    if doc_size < 1:
        raise EvaluationError(f"doc_size must be 1 or more, got {doc_size}")
    sentences = list(read_tagged(path))
    if limit is not None:
        sentences = sentences[:limit]
    if not sentences:
        raise EvaluationError(f"{path} holds no sentences; is it a CHAR<TAB>TAG file?")
    preds: list[list[Span]] = []
    started = time.perf_counter()
    for first in range(0, len(sentences), doc_size):
        group = [s.text for s in sentences[first:first + doc_size]]
        starts = list(itertools.accumulate((len(text) + 1 for text in group[:-1]), initial=0))
        found: list[list[Span]] = [[] for _ in group]
        for s, e, label in tag_text("\n".join(group)):
            k = bisect_right(starts, s) - 1
            found[k].append((s - starts[k], e - starts[k], label))
        preds.extend(found)
    seconds = time.perf_counter() - started
    result = score_spans([s.spans for s in sentences], preds)
    chars = sum(len(s.text) for s in sentences)
    result.update(
        path=str(path), sentences=len(sentences), chars=chars, seconds=seconds,
        chars_per_s=chars / seconds if seconds else float("inf"),
    )
    return result


def scores_record(result: dict[str, Any]) -> dict[str, Any]:
    """The scores of :func:`evaluate_bio` for a JSON record (a model's ``meta.json``): micro and
    per-label P/R/F rounded to four places, and characters per second."""
    def rounded(scores: dict[str, Any]) -> dict[str, Any]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()}

    return {"micro": rounded(result["micro"]),
            "labels": {label: rounded(scores) for label, scores in result["labels"].items()},
            "chars_per_s": round(result["chars_per_s"])}


def model_tagger(model_path: str | Path | None = None) -> TagText:
    """``tag_text`` from the bare NER network (no tokenizer, no other components)."""
    from ..tagger import NerTagger

    tagger = NerTagger.load(model_path)
    tagger.tag("北京")  # lazy loads happen here, not inside the timed loop
    return lambda text: [(s, e, label) for s, e, label, _ in tagger.tag(text, with_scores=False)]


def pipeline_tagger(nlp: Any = None) -> TagText:
    """``tag_text`` from the full pipeline (``newsnlp.load()`` unless ``nlp`` is given)."""
    if nlp is None:
        from ..pipeline import load

        nlp = load()
    nlp("北京")  # lazy loads happen here, not inside the timed loop
    labels = set(NAME_LABELS)
    return lambda text: [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents if e.label_ in labels]


def run_bio_evaluation(path: str | Path, *, pipeline: bool, limit: int | None = None,
                       doc_size: int = 1) -> dict[str, Any]:
    """Score the full pipeline (``pipeline=True``) or the bare NER model on a char-tagged gold file."""
    tag_text = pipeline_tagger() if pipeline else model_tagger()
    result = evaluate_bio(path, tag_text, limit=limit, doc_size=doc_size)
    result["tagger"] = "pipeline" if pipeline else "model"
    result["doc_size"] = doc_size
    return result


def format_report(result: dict[str, Any]) -> str:
    """A plain-text table of a result of :func:`evaluate_bio`."""
    lines = [
        f"{result.get('path', '')}  ({result.get('tagger', 'tagger')}; {result['sentences']} sentences"
        + (f" in documents of {result['doc_size']}" if result.get("doc_size", 1) > 1 else "")
        + f", {result['chars']} chars, {result['chars_per_s']:,.0f} chars/s)",
        f"{'label':<8} {'P':>7} {'R':>7} {'F1':>7} {'gold':>7} {'pred':>7}",
    ]
    rows = [*result["labels"].items(), ("micro", result["micro"])]
    for label, s in rows:
        lines.append(f"{label:<8} {s['p']:>7.4f} {s['r']:>7.4f} {s['f']:>7.4f} {s['gold']:>7} {s['pred']:>7}")
    return "\n".join(lines)
