"""``newsnlp evaluate GOLD [PRED] --format corpus|bio|seg``."""
from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NewsNLPError
from ._util import fail, setup_logging


class EvalFormat(str, Enum):
    corpus = "corpus"  # gold corpus JSONL vs predicted corpus JSONL
    bio = "bio"        # char-BIO NER file, tagged by the pipeline
    seg = "seg"        # space-separated words per line, segmented by the tokenizer


def evaluate_command(
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold file.")],
    pred: Annotated[Optional[Path], typer.Argument(exists=True, dir_okay=False,
                                                   help="Predicted corpus JSONL (corpus format).")] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f")] = EvalFormat.corpus,
    segmenter: Annotated[str, typer.Option(help="Segmenter for --format seg.")] = "jieba",
    dictionary: Annotated[str, typer.Option(help="jieba dictionary for --format seg.")] = "newsnlp",
    oov_words: Annotated[Optional[Path], typer.Option(help="Word list for OOV recall (seg).")] = None,
    model_only: Annotated[bool, typer.Option(help="bio: score the bare NER model, not the pipeline.")] = False,
    doc_size: Annotated[int, typer.Option(min=1, help="bio: tag this many consecutive sentences as one "
                                                       "document.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Score annotations: per-label P/R/F, values, linking, segmentation."""
    setup_logging(False)
    try:
        if fmt is EvalFormat.corpus:
            from ..evaluate.corpus import evaluate_files, format_report

            if pred is None:
                fail("--format corpus needs GOLD and PRED corpus JSONL files.")
            result = evaluate_files(gold, pred)
        elif fmt is EvalFormat.bio:
            from ..evaluate.bio import format_report, run_bio_evaluation

            result = run_bio_evaluation(gold, pipeline=not model_only, doc_size=doc_size)
        else:
            from ..evaluate.seg import format_report, run_seg_evaluation

            # The tokenizer as the pipeline runs it (normalisation, user words included).
            result = run_seg_evaluation(gold, segmenter=segmenter, dictionary=dictionary,
                                        oov_path=str(oov_words) if oov_words else None, use_pipeline=True)
    except NewsNLPError as err:
        fail(str(err))
    typer.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else format_report(result))
