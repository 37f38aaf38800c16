"""Batch runs over many saved articles: sharded, parallel, resumable, fault-isolating.

A run writes into one output folder:

- ``part-NNNNN.jsonl``: the corpus, one shard per group of inputs, in input order;
- ``_manifest.json``: inputs with content hashes, pipeline version and settings,
  counts and timing;
- ``_errors.jsonl``: one line per input that could not be annotated
  (path, stage, reason);
- ``_work/``: each shard as the workers produced it, before the corpus-wide
  linking pass; ``--resume`` skips shards found complete there.

Every file appears under its final name only when complete (temp file, fsync,
rename), so a run killed at any point (``kill -9`` included) leaves either a
finished shard or none, and ``--resume`` yields the same corpus as an
uninterrupted run. Workers return plain records; the coordinating process
writes all files, so the local and Dask engines produce identical output.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ReadError, UsageError
from .clusters import CLUSTER_PREFIX, apply_clusters, cluster_unknown
from .io.export import write_formats
from .io.files import atomic_open, hash_file
from .io.jsonl import dumps_record, read_jsonl, write_jsonl

logger = logging.getLogger(__name__)

WORK_DIR = "_work"
MANIFEST = "_manifest.json"
ERRORS = "_errors.jsonl"
# Articles above this many characters are reported, not annotated: memory per
# worker must stay bounded whatever the input.
DEFAULT_MAX_CHARS = 2_000_000


@dataclass(frozen=True)
class InputFile:
    path: str
    sha256: str
    size: int
    doc_id: str = ""  # the article's id where files share a name (xinhua/index, sina/index)


@dataclass(frozen=True)
class Shard:
    name: str
    inputs: tuple[InputFile, ...]

    def key(self, settings: str = "") -> str:
        """What a finished shard must match to be kept by ``--resume``: its inputs' contents and
        the run's settings (:func:`settings_key`)."""
        lines = [f"{i.path}\t{i.sha256}" + (f"\t{i.doc_id}" if i.doc_id else "") for i in self.inputs]
        return hashlib.sha256("\n".join([*lines, settings]).encode()).hexdigest()


def settings_key(options: dict[str, Any], max_chars: int) -> str:
    """The settings a shard's records depend on, with the contents of the user's KB files (a name
    added with ``newsnlp kb add`` changes the links): a resumed run redoes shards made otherwise."""
    kb_files = {path: hash_file(Path(path))[0] for path in options.get("kb_extra", []) if Path(path).is_file()}
    return json.dumps({"options": options, "max_chars": max_chars, "kb_files": kb_files}, sort_keys=True)


@dataclass
class ShardResult:
    name: str
    key: str
    records: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0
    characters: int = 0
    seconds: float = 0.0
    worker_peak_rss_mb: float = 0.0
    # Mentions of names the KB lacks ({"id", "entities"} per article): all the
    # corpus-wide clustering pass needs, so it never re-reads whole shards.
    unknown: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False  # the worker wrote the shard itself

    def status(self) -> dict[str, Any]:
        return {"key": self.key, "errors": self.errors, "articles": self.articles,
                "characters": self.characters, "seconds": round(self.seconds, 3),
                "worker_peak_rss_mb": round(self.worker_peak_rss_mb, 1), "unknown": self.unknown}


# The attributes of a mention the clustering pass reads: a document's own id and a body's or a
# unit's country keep names apart.
_CLUSTER_ATTRS = ("link_method", "country")


def _unknown_mentions(record: dict[str, Any]) -> dict[str, Any]:
    return {"id": record["id"], "entities": [
        {"label": e["label"], "text": e["text"], "kb_id": e["kb_id"],
         "attrs": {k: v for k, v in (e.get("attrs") or {}).items() if k in _CLUSTER_ATTRS}}
        for e in record["entities"] if (e.get("kb_id") or "").startswith(CLUSTER_PREFIX)]}


def plan(inputs: Iterable[str | Path], shard_size: int,
         exclude: Iterable[str | Path] = ()) -> tuple[list[Shard], list[dict[str, Any]]]:
    """Shards of the inputs in their deterministic order, and inputs that vanished; ``exclude``:
    the run's output folder, which an input folder may hold."""
    from .io.readers import article_ids, earlier_copy, iter_input_files

    files: list[InputFile] = []
    missing: list[dict[str, Any]] = []
    paths = list(iter_input_files(inputs, exclude))
    ids = article_ids(paths)
    first_of: dict[str, Path] = {}
    for path in paths:
        try:
            sha, size = hash_file(path)
        except OSError as err:
            missing.append({"path": str(path), "stage": "read", "reason": f"cannot open: {err.strerror or err}"})
            continue
        copy = earlier_copy(first_of, path, sha, size)
        if copy is not None:
            missing.append({"path": str(path), "stage": "read", "reason": f"same content as {copy}; annotated once"})
            continue
        files.append(InputFile(str(path), sha, size, ids[path] if ids[path] != path.stem else ""))
    shards = [
        Shard(f"part-{n:05d}", tuple(files[i:i + shard_size]))
        for n, i in enumerate(range(0, len(files), shard_size))
    ]
    return shards, missing


# -- worker side ---------------------------------------------------------------
_PIPELINES: dict[str, Any] = {}


def _pipeline(options: dict[str, Any]) -> Any:
    """The pipeline of this worker process, loaded once per settings."""
    key = json.dumps(options, sort_keys=True)
    if key not in _PIPELINES:
        from .pipeline import load

        _PIPELINES[key] = load(**options)
    return _PIPELINES[key]


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # not on POSIX
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_shard(shard: Shard, options: dict[str, Any], max_chars: int = DEFAULT_MAX_CHARS,
                  work: Path | None = None) -> ShardResult:
    """Read and annotate one shard; every failure becomes an error line, never an exception.

    With ``work`` (a folder every worker can write), the worker writes the shard
    itself, each record as it is made, and returns only its summary: the coordinator
    then handles no records, and the worker never holds a whole shard's.
    """
    started = time.perf_counter()
    nlp = _pipeline(options)
    result = ShardResult(shard.name, shard.key(settings_key(options, max_chars)))
    records = _annotated(shard, nlp, max_chars, result)
    if work is None:
        result.records = list(records)
    else:
        write_jsonl(records, work / f"{result.name}.jsonl")
    result.seconds = time.perf_counter() - started
    for error in result.errors:
        logger.info("%s: skipped at %s: %s", error["path"], error["stage"], error["reason"])
    logger.info("%s: %d articles, %d characters, %d skipped in %.1f s", shard.name, result.articles,
                result.characters, len(result.errors), result.seconds)
    result.worker_peak_rss_mb = _peak_rss_mb()
    if work is not None:
        _write_status(work, result)
        result.written = True
    return result


def _annotated(shard: Shard, nlp: Any, max_chars: int, result: ShardResult) -> Iterator[dict[str, Any]]:
    """The corpus record of each article of the shard, in order; the counts, errors and
    unknown names go into ``result`` as they come."""
    from .corpus import describe_pipeline, log_record, make_doc
    from .io.jsonl import doc_to_record
    from .io.readers import read_file

    description = describe_pipeline(nlp)
    for item in shard.inputs:
        def skipped(err: ReadError, path: str = item.path) -> None:  # a bad record of a JSON Lines file
            result.errors.append({"path": path, "stage": err.stage, "reason": err.reason})

        try:
            articles = read_file(item.path, on_error=skipped, article_id=item.doc_id or None)
        except ReadError as err:
            result.errors.append({"path": item.path, "stage": err.stage, "reason": err.reason})
            continue
        except OSError as err:  # vanished or unreadable since planning
            result.errors.append({"path": item.path, "stage": "read", "reason": str(err.strerror or err)})
            continue
        except Exception as err:  # a reader bug must not stop the batch
            logger.exception("reader failed on %s", item.path)
            result.errors.append({"path": item.path, "stage": "read", "reason": f"{type(err).__name__}: {err}"})
            continue
        for article in articles:
            if len(article.text) > max_chars:
                result.errors.append({
                    "path": item.path, "id": article.id, "stage": "annotate",
                    "reason": f"article has {len(article.text):,} characters, above the limit of "
                              f"{max_chars:,} (raise it with --max-chars)",
                })
                continue
            try:
                doc = nlp(make_doc(nlp, article))
                record = doc_to_record(doc, pipeline=description)
            except Exception as err:  # one bad article never stops a batch
                logger.exception("annotation failed on %s", item.path)
                result.errors.append({"path": item.path, "id": article.id, "stage": "annotate",
                                      "reason": f"{type(err).__name__}: {err}"})
                continue
            result.unknown.append(_unknown_mentions(record))
            result.articles += 1
            result.characters += len(article.text)
            log_record(record)
            yield record


# -- engines ---------------------------------------------------------------------
class LocalEngine:
    """``jobs`` spawned worker processes, each loading the pipeline once."""

    def __init__(self, jobs: int, options: dict[str, Any], max_chars: int, work: Path) -> None:
        self.jobs, self.options, self.max_chars, self.work = jobs, options, max_chars, work
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "LocalEngine":
        if self.jobs > 1:
            self._pool = self._new_pool()
        return self

    def __exit__(self, exc_type: type | None, *exc: object) -> None:
        if self._pool is not None:
            if exc_type is not None and issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
                # Stopped (Ctrl-C, SIGTERM): the workers' shards will be redone by --resume.
                workers = list((getattr(self._pool, "_processes", None) or {}).values())
                for worker in workers:
                    worker.terminate()
                self._pool.shutdown(wait=False, cancel_futures=True)
                for worker in workers:
                    worker.join(_WORKER_EXIT_S)
                return
            _close_pool(self._pool)

    def map(self, shards: Sequence[Shard]) -> Iterator[ShardResult]:
        if self._pool is None:
            for shard in shards:
                yield process_shard(shard, self.options, self.max_chars, self.work)
            return
        # A dead worker (killed, out of memory) breaks the whole pool and fails
        # every pending shard with it: retry those once in a fresh pool, and
        # report a shard that breaks the pool twice instead of retrying forever.
        failures: dict[str, int] = {}
        pending = list(shards)
        while pending:
            futures = {self._pool.submit(process_shard, s, self.options, self.max_chars, self.work): s
                       for s in pending}
            pending = []
            for future in as_completed(futures):
                shard = futures[future]
                try:
                    yield future.result()
                except BrokenProcessPool:
                    failures[shard.name] = failures.get(shard.name, 0) + 1
                    if failures[shard.name] >= 2:
                        yield _lost_shard(shard, "a worker process died while annotating this input")
                    else:
                        pending.append(shard)
            if pending:
                _close_pool(self._pool)
                self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        import multiprocessing

        # One BLAS thread per worker (the NER network's matrix products): N workers with
        # several threads each would oversubscribe the cores. Spawned workers read these
        # variables when they import numpy; a value the user set is kept.
        for name in _BLAS_THREAD_VARIABLES:
            os.environ.setdefault(name, "1")
        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(os.getpid(),))


def _start_worker(coordinator: int) -> None:
    """Workers leave Ctrl-C to the coordinator, which stops the pool: one message, no traceback
    per worker. A worker whose coordinator is gone (``kill -9``) exits instead of holding its
    memory for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == coordinator:
            time.sleep(2)
        os._exit(1)

    threading.Thread(target=watch, name="newsnlp-coordinator-watch", daemon=True).start()


_BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# How long a worker may take to exit once the pool is shut down before it is terminated.
_WORKER_EXIT_S = 30


def _close_pool(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down without hanging on a worker that can never exit.

    A worker killed while it held the task queue's lock (the out-of-memory killer picks its
    moment) leaves the other workers blocked on that lock for ever, and the pool's own
    shutdown then waits for them for ever. The workers get a grace period to exit, and
    those still alive after it are terminated: their shards are finished or retried already.
    """
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + _WORKER_EXIT_S
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            logger.warning("worker process %s had not exited when the run stopped; terminating it", worker.pid)
            worker.terminate()
            worker.join()


class DaskEngine:
    """The same shards as tasks on a Dask cluster (a LocalCluster without an address)."""

    def __init__(self, jobs: int, options: dict[str, Any], max_chars: int, scheduler: str | None) -> None:
        self.jobs, self.options, self.max_chars, self.scheduler = jobs, options, max_chars, scheduler
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> "DaskEngine":
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise UsageError(
                "The Dask engine needs dask.distributed: pip install 'newsnlp[dask]'."
            ) from None
        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="20s")
            except (OSError, TimeoutError) as err:
                raise UsageError(f"No Dask scheduler answers at {self.scheduler} ({err}); start one "
                                 "(dask scheduler) or leave --scheduler out for a local cluster.") from None
        else:
            self._cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self._client = Client(self._cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def map(self, shards: Sequence[Shard]) -> Iterator[ShardResult]:
        from dask.distributed import as_completed

        futures = {
            self._client.submit(process_shard, s, self.options, self.max_chars, key=f"newsnlp-{s.key()}",
                                pure=False): s
            for s in shards
        }
        for future in as_completed(futures):
            shard = futures[future]
            try:
                yield future.result()
            except Exception as err:
                yield _lost_shard(shard, f"the task failed on the cluster: {type(err).__name__}: {err}")


def _lost_shard(shard: Shard, reason: str) -> ShardResult:
    result = ShardResult(shard.name, shard.key())
    result.errors = [{"path": i.path, "stage": "worker", "reason": reason} for i in shard.inputs]
    return result


# -- the run -----------------------------------------------------------------------
@dataclass
class Progress:
    articles: int = 0
    characters: int = 0
    errors: int = 0
    shards_done: int = 0
    shards_total: int = 0


def write_shard(work: Path, result: ShardResult) -> None:
    """The shard's records, then its status file: its presence marks the shard complete."""
    write_jsonl(result.records, work / f"{result.name}.jsonl")
    _write_status(work, result)


def _write_status(work: Path, result: ShardResult) -> None:
    with atomic_open(work / f"{result.name}.json") as fh:
        json.dump(result.status(), fh, ensure_ascii=False)


def _done(work: Path, shard: Shard, settings: str) -> dict[str, Any] | None:
    status_path = work / f"{shard.name}.json"
    if not status_path.exists() or not (work / f"{shard.name}.jsonl").exists():
        return None
    try:
        status = json.loads(status_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return status if status.get("key") == shard.key(settings) else None


def run_batch(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    options: dict[str, Any] | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    formats: Sequence[str] = ("jsonl",),
    resume: bool = False,
    shard_size: int = 100,
    max_chars: int = DEFAULT_MAX_CHARS,
    on_progress: Callable[[Progress], None] | None = None,
    csv_bom: bool = False,
) -> dict[str, Any]:
    """Annotate ``inputs`` into ``out_dir``; returns the manifest.

    options: ``newsnlp.load()`` settings each worker uses.
    resume: keep shards a previous run of the same inputs finished.
    """
    options = dict(options or {})
    # The JSONL shards are the corpus every reader of the folder reads (read_corpus, kb review,
    # show): they are written whatever other formats are asked for.
    formats = ("jsonl", *(f for f in formats if f != "jsonl"))
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file; give a folder for the corpus (or OUT.jsonl for one file).")
    if out.exists() and any(out.iterdir()) and not resume:
        if not (out / MANIFEST).exists() and not (out / WORK_DIR).exists():
            raise UsageError(f"{out} is not empty and holds no newsnlp run; choose an empty folder.")
    work = out / WORK_DIR
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    shards, vanished = plan(inputs, shard_size, exclude=[out])
    todo = []
    finished: dict[str, dict[str, Any]] = {}
    settings = settings_key(options, max_chars)
    for shard in shards:
        status = _done(work, shard, settings) if resume else None
        if status is None:
            todo.append(shard)
        else:
            finished[shard.name] = status
    progress = Progress(shards_total=len(shards), shards_done=len(finished),
                        errors=len(vanished) + sum(len(s["errors"]) for s in finished.values()),
                        articles=sum(s["articles"] for s in finished.values()),
                        characters=sum(s["characters"] for s in finished.values()))
    if on_progress:
        on_progress(progress)

    if engine == "local":
        runner: LocalEngine | DaskEngine = LocalEngine(jobs, options, max_chars, work)
    elif engine == "dask":
        runner = DaskEngine(jobs, options, max_chars, scheduler)
    else:
        raise UsageError(f"Unknown engine {engine!r}; use 'local' or 'dask'.")
    worker_seconds = 0.0
    with runner:
        for result in runner.map(todo):
            if not result.written:
                write_shard(work, result)  # Dask workers return their records to write here
            finished[result.name] = result.status()
            worker_seconds += result.seconds
            progress.shards_done += 1
            progress.articles += result.articles
            progress.characters += result.characters
            progress.errors += len(result.errors)
            if on_progress:
                on_progress(progress)

    finalize_started = time.perf_counter()
    summaries = [u for s in shards for u in finished[s.name].get("unknown", [])]
    outputs = finalize(out, [s.name for s in shards], formats, summaries, csv_bom=csv_bom)
    _remove_stale(out, {s.name for s in shards}, outputs)
    # Ids come from file names: a.html and a.txt in different folders both give "a".
    id_counts = Counter(u["id"] for u in summaries)
    duplicate_ids = sorted(i for i, n in id_counts.items() if n > 1)
    if duplicate_ids:
        logger.warning("%d article ids occur more than once (same file name in several places), "
                       "e.g. %s; see duplicate_ids in the manifest", len(duplicate_ids), duplicate_ids[:3])
    finalize_seconds = time.perf_counter() - finalize_started
    errors = list(vanished)
    for shard in shards:
        errors.extend(finished[shard.name]["errors"])
    with atomic_open(out / ERRORS) as fh:
        for err in errors:
            fh.write(dumps_record(err) + "\n")
    manifest = {
        "newsnlp_version": __version__,
        "pipeline": options,
        "engine": engine,
        "jobs": jobs,
        "formats": list(formats),
        "inputs": [{"path": i.path, "sha256": i.sha256, "bytes": i.size, "shard": s.name}
                   for s in shards for i in s.inputs],
        "counts": {"inputs": sum(len(s.inputs) for s in shards) + len(vanished),
                   "articles": progress.articles, "characters": progress.characters,
                   "errors": len(errors), "shards": len(shards)},
        "timing": {"seconds": round(time.perf_counter() - started, 3),
                   "worker_seconds": round(worker_seconds, 3),
                   "finalize_seconds": round(finalize_seconds, 3),
                   "chars_per_second": round(progress.characters / max(time.perf_counter() - started, 1e-9)),
                   "worker_peak_rss_mb": max((s.get("worker_peak_rss_mb", 0.0) for s in finished.values()),
                                             default=0.0)},
        "outputs": {fmt: [str(p.relative_to(out)) for p in paths] for fmt, paths in outputs.items()},
        "duplicate_ids": duplicate_ids,
    }
    with atomic_open(out / MANIFEST) as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
    return manifest


def _remove_stale(out: Path, shard_names: set[str], outputs: dict[str, list[Path]]) -> None:
    """Delete what an earlier run into ``out`` wrote and this one did not: its shards of inputs no
    longer given and its files in formats not asked for now, which readers of the folder would
    otherwise take for part of this corpus."""
    kept = {p.resolve() for paths in outputs.values() for p in paths}
    previous: list[Path] = []
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        previous = [out / p for paths in (manifest.get("outputs") or {}).values() for p in paths]
    except (OSError, ValueError, AttributeError):
        pass  # no earlier run, or its manifest is unreadable: the shard files below still go
    for path in [*previous, *out.glob("part-*.jsonl")]:
        if path.resolve() not in kept and path.is_file():
            path.unlink()
    for path in (out / WORK_DIR).glob("part-*"):
        if path.name.split(".")[0] not in shard_names:
            path.unlink()


def finalize(out: Path, shard_names: Sequence[str], formats: Sequence[str],
             unknown: Iterable[dict[str, Any]], *, csv_bom: bool = False) -> dict[str, list[Path]]:
    """The corpus-wide pass: link unknown names across shards, then write every format.

    unknown: the unknown-name mentions of every article (``ShardResult.unknown``).
    A JSONL shard none of whose ids changes is copied as it is, not re-encoded.
    """
    work = out / WORK_DIR
    mapping = {old: new for old, new in cluster_unknown(unknown).items() if old != new}
    outputs: dict[str, list[Path]] = {}
    others = [f for f in formats if f != "jsonl"]
    for name in shard_names:
        source = work / f"{name}.jsonl"
        records = None
        if mapping or others:
            records = list(read_jsonl(source))
            if not any(e.get("kb_id") in mapping for r in records for e in r["entities"]):
                records = records if others else None
            else:
                apply_clusters(records, mapping)
        if "jsonl" in formats:
            target = out / f"{name}.jsonl"
            if records is None:
                with source.open("rb") as src, atomic_open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
            else:
                write_jsonl(records, target)
            outputs.setdefault("jsonl", []).append(target)
        if others:
            for fmt, paths in write_formats(records, out, others, part=name, csv_bom=csv_bom).items():
                outputs.setdefault(fmt, []).extend(paths)
    return outputs
