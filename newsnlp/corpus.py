"""Annotating articles: from inputs (paths, globs, Articles) to Docs and corpus records."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .errors import ReadError
from .io.jsonl import doc_to_record
from .schema import Article

logger = logging.getLogger(__name__)

Input = Article | str | Path


def log_record(record: dict[str, Any]) -> None:
    """One INFO line for an annotated article (``newsnlp annotate -v``)."""
    source, meta = record.get("source") or {}, record.get("meta") or {}
    logger.info("%s: %s, %d characters, %d entities (%s, published %s, from %s)", source.get("path"), record["id"],
                len(record["text"]), len(record["entities"]), source.get("encoding"), source.get("published"),
                meta.get("published_from"))


def describe_pipeline(nlp: Language) -> str:
    """A short, stable description of a pipeline for the corpus record."""
    tok = nlp.tokenizer
    segmenter = getattr(tok, "segmenter", "?")
    if segmenter == "jieba":
        segmenter = f"jieba/{getattr(tok, 'dictionary', '?')}"
    return f"{segmenter}:{','.join(nlp.pipe_names)}"


def make_doc(nlp: Language, article: Article) -> Doc:
    """Tokenize an article and attach its metadata for the components."""
    doc = nlp.make_doc(article.text)
    doc._.doc_id = article.id
    doc._.published = article.published
    doc._.source = dict(article.source)
    doc._.meta = dict(article.meta)
    return doc


def iter_articles(
    inputs: Input | Iterable[Input],
    *,
    on_error: Callable[[ReadError], None] | None = None,
) -> Iterator[Article]:
    """Articles from Article objects, files, folders or globs, in order."""
    from .io.readers import read_articles

    if isinstance(inputs, (Article, str, Path)):
        inputs = [inputs]
    pending: list[str | Path] = []
    for item in inputs:
        if isinstance(item, Article):
            if pending:
                yield from read_articles(pending, on_error=on_error)
                pending = []
            yield item
        else:
            pending.append(item)
    if pending:
        yield from read_articles(pending, on_error=on_error)


def annotate(
    inputs: Input | Iterable[Input],
    *,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = 16,
    on_error: Callable[[ReadError], None] | None = None,
) -> Iterator[Doc]:
    """Annotate articles and yield Docs in input order.

    inputs: Article objects, or paths, folders and globs of saved articles.
    nlp: a pipeline from ``newsnlp.load()`` (loaded here if not given).
    on_error: called with a ``ReadError`` for each input that cannot be read or annotated;
        by default the error is logged and the input skipped.
    """
    if nlp is None:
        from .pipeline import load

        nlp = load()
    articles = iter_articles(inputs, on_error=on_error)
    # Several processes take a large chunk at a time (each chunk starts them anew); one process a
    # batch. A chunk the pipeline fails on is redone article by article, so one article it cannot
    # take costs that article, not the run.
    chunk = batch_size * n_process * 32 if n_process > 1 else batch_size
    while batch := list(islice(articles, chunk)):
        try:
            done = list(nlp.pipe((make_doc(nlp, a) for a in batch), n_process=n_process, batch_size=batch_size))
        except Exception:
            done = [doc for a in batch if (doc := _annotated_alone(nlp, a, on_error)) is not None]
        yield from done


def _annotated_alone(nlp: Language, article: Article, on_error: Callable[[ReadError], None] | None) -> Doc | None:
    try:
        return nlp(make_doc(nlp, article))
    except Exception as err:  # reported like an unreadable input, with what went wrong
        error = ReadError(article.source.get("path") or article.id,
                          f"article {article.id} could not be annotated: {type(err).__name__}: {err}", stage="annotate")
        if on_error is None:
            logger.warning("%s", error)
        else:
            on_error(error)
        return None


def annotate_records(
    inputs: Input | Iterable[Input],
    *,
    nlp: Language | None = None,
    n_process: int = 1,
    on_error: Callable[[ReadError], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Like ``annotate`` but yields corpus records (DESIGN.md's JSONL objects)."""
    if nlp is None:
        from .pipeline import load

        nlp = load()
    description = describe_pipeline(nlp)
    for doc in annotate(inputs, nlp=nlp, n_process=n_process, on_error=on_error):
        yield doc_to_record(doc, pipeline=description)


def annotate_to_jsonl(
    inputs: Input | Iterable[Input],
    output: str | Path,
    *,
    nlp: Language | None = None,
    n_process: int = 1,
    on_error: Callable[[ReadError], None] | None = None,
) -> dict[str, Any]:
    """Annotate inputs, link unknown names across them, write the corpus JSONL atomically.

    Returns a summary (articles, characters, entities, seconds, characters/s).

    ``output`` ending in ``.jsonl`` is the file itself; anything else is a
    folder that receives ``part-00000.jsonl``.
    """
    import time

    from .clusters import apply_clusters, cluster_unknown
    from .io.jsonl import write_jsonl

    output = Path(output)
    target = output if output.suffix.lower() == ".jsonl" else output / "part-00000.jsonl"
    started = time.perf_counter()
    stats = {"articles": 0, "characters": 0, "entities": 0}

    def counted(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            stats["articles"] += 1
            stats["characters"] += len(record["text"])
            stats["entities"] += len(record["entities"])
            log_record(record)
            yield record

    records = list(counted(annotate_records(inputs, nlp=nlp, n_process=n_process, on_error=on_error)))
    # Names the KB lacks get one cluster id across all the articles, not per article.
    apply_clusters(records, cluster_unknown(records))
    write_jsonl(records, target)
    seconds = time.perf_counter() - started
    return {"output": str(target), **stats, "seconds": round(seconds, 2),
            "chars_per_second": round(stats["characters"] / seconds) if seconds else None}
