from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsnlp.batch import run_batch
from newsnlp.cli import app
from newsnlp.io.jsonl import read_jsonl

runner = CliRunner()

SENTENCES = [
    "据塔斯社报道，俄军第58集团军在扎波罗热州推进。",
    "乌克兰总统泽连斯基表示，乌军将坚守阵地。",
    "韩联社援引韩国国家情报院的评估称，朝鲜已向俄罗斯派遣约1.1万名军人。",
    "2024年8月，乌军攻入库尔斯克州。",
]


def make_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        # Each article its own text: a file with another's bytes is annotated once.
        text = "\n".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3)) + f"\n（第{i}篇）"
        (folder / f"article-{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def corpus_lines(out: Path) -> list[str]:
    return sorted(line for p in sorted(out.glob("part-*.jsonl")) for line in p.read_text(encoding="utf-8").splitlines())


def test_folder_run_writes_shards_manifest_and_errors(tmp_path):
    src = make_corpus(tmp_path / "in", 5)
    out = tmp_path / "out"
    manifest = run_batch([src], out, shard_size=2)
    assert sorted(p.name for p in out.glob("part-*.jsonl")) == ["part-00000.jsonl", "part-00001.jsonl",
                                                               "part-00002.jsonl"]
    ids = [r["id"] for p in sorted(out.glob("part-*.jsonl")) for r in read_jsonl(p)]
    assert ids == [f"article-{i:03d}" for i in range(5)]
    saved = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))
    assert saved["counts"]["articles"] == 5 and saved["counts"]["errors"] == 0
    assert all(len(i["sha256"]) == 64 for i in saved["inputs"])
    assert (out / "_errors.jsonl").read_text(encoding="utf-8") == ""
    assert manifest["counts"] == saved["counts"]


def test_bad_inputs_are_reported_and_the_rest_annotated(tmp_path):
    src = make_corpus(tmp_path / "in", 2)
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "huge.txt").write_text("朝鲜派兵。" * 2000, encoding="utf-8")
    (src / "deep.html").write_text("<div>" * 50000 + "朝鲜" + "</div>" * 50000, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", str(src), "-o", str(out), "--max-chars", "5000"])
    assert result.exit_code == 1, result.output
    errors = {Path(e["path"]).name: e for e in read_jsonl(out / "_errors.jsonl")}
    assert {"empty.txt", "binary.txt", "huge.txt"} <= set(errors)
    assert "limit" in errors["huge.txt"]["reason"]
    ids = {r["id"] for p in out.glob("part-*.jsonl") for r in read_jsonl(p)}
    assert {"article-000", "article-001"} <= ids
    assert not (set(errors) & {f"{i}.txt" for i in ids})


def test_verbose_logs_each_article_each_skip_and_each_shard(tmp_path, caplog):
    src = make_corpus(tmp_path / "in", 2)
    (src / "empty.txt").write_bytes(b"")
    with caplog.at_level("INFO", logger="newsnlp"):
        run_batch([src], tmp_path / "out", shard_size=5)
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("newsnlp")]
    assert sum("article-000, " in line and "entities" in line for line in lines) == 1
    assert any("empty.txt: skipped at" in line for line in lines)
    assert any(line.startswith("part-00000: 2 articles") for line in lines)


def test_resume_after_a_lost_shard_gives_the_same_corpus(tmp_path):
    src = make_corpus(tmp_path / "in", 6)
    full, resumed = tmp_path / "full", tmp_path / "resumed"
    run_batch([src], full, shard_size=2)
    run_batch([src], resumed, shard_size=2)
    # As if the run died while shard 1 was in progress: its files never appeared.
    for name in ("part-00001.jsonl", "part-00001.json"):
        (resumed / "_work" / name).unlink()
    (resumed / "part-00001.jsonl").unlink()
    manifest = run_batch([src], resumed, shard_size=2, resume=True)
    assert corpus_lines(resumed) == corpus_lines(full)
    assert manifest["counts"]["articles"] == 6


def test_resume_redoes_shards_made_with_other_settings_or_another_kb(tmp_path):
    src = make_corpus(tmp_path / "in", 2)
    out = tmp_path / "out"
    my_kb = tmp_path / "my_kb.jsonl"
    my_kb.write_text("", encoding="utf-8")
    run_batch([src], out, shard_size=1, options={"kb_extra": [str(my_kb)]})
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "_work").glob("part-*.json")}
    time.sleep(0.01)
    run_batch([src], out, shard_size=1, options={"kb_extra": [str(my_kb)]}, resume=True)
    assert {p.name: p.stat().st_mtime_ns for p in (out / "_work").glob("part-*.json")} == stamps  # kept
    # A name added to the user's KB changes the links: every shard is done again.
    my_kb.write_text('{"id": "x-village", "label": "PLACE", "name": "某某村"}\n', encoding="utf-8")
    run_batch([src], out, shard_size=1, options={"kb_extra": [str(my_kb)]}, resume=True)
    assert all(p.stat().st_mtime_ns != stamps[p.name] for p in (out / "_work").glob("part-*.json"))


def test_kill_9_then_resume_gives_identical_output(tmp_path):
    src = make_corpus(tmp_path / "in", 12)
    full, killed = tmp_path / "full", tmp_path / "killed"
    assert runner.invoke(app, ["annotate", str(src), "-o", str(full), "--shard-size", "2"]).exit_code == 0
    cmd = [sys.executable, "-m", "newsnlp", "annotate", str(src), "-o", str(killed), "--shard-size", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    deadline = time.time() + 120
    while time.time() < deadline and not (killed / "_work" / "part-00001.json").exists():
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (killed / "_manifest.json").exists(), "the run finished before it could be killed"
    for leftover in (killed / "_work").iterdir():
        assert not leftover.name.endswith(".tmp") or leftover.name.startswith(".")
    result = runner.invoke(app, ["annotate", str(src), "-o", str(killed), "--shard-size", "2", "--resume"])
    assert result.exit_code == 0, result.output
    assert corpus_lines(killed) == corpus_lines(full)


def test_two_workers_give_the_same_output_as_one(tmp_path):
    src = make_corpus(tmp_path / "in", 6)
    one, two = tmp_path / "one", tmp_path / "two"
    run_batch([src], one, shard_size=2, jobs=1)
    run_batch([src], two, shard_size=2, jobs=2)
    assert corpus_lines(two) == corpus_lines(one)


def test_dask_engine_gives_the_same_output_as_local(tmp_path):
    pytest.importorskip("dask.distributed")
    src = make_corpus(tmp_path / "in", 4)
    local, dask = tmp_path / "local", tmp_path / "dask"
    run_batch([src], local, shard_size=2)
    run_batch([src], dask, shard_size=2, engine="dask", jobs=1)
    assert corpus_lines(dask) == corpus_lines(local)


def test_non_empty_foreign_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["annotate", str(make_corpus(tmp_path / "in", 1)), "-o", str(out)])
    assert result.exit_code == 2
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "mine"


def test_folder_run_writes_the_requested_formats(tmp_path):
    src = make_corpus(tmp_path / "in", 3)
    out = tmp_path / "out"
    result = runner.invoke(app, ["annotate", str(src), "-o", str(out), "--format", "jsonl,parquet,csv"])
    assert result.exit_code == 0, result.output
    import pandas as pd

    mentions = pd.read_parquet(out / "parquet" / "mentions")
    assert set(mentions["doc_id"]) == {"article-000", "article-001", "article-002"}
    manifest = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["outputs"]) == {"jsonl", "parquet", "csv"}


def corpus_of(tmp_path: Path, texts: dict[str, str]) -> list[dict]:
    """The records of a folder run, one shard an article, over ``texts`` (file name -> text)."""
    src = tmp_path / "in"
    src.mkdir()
    for name, text in texts.items():
        (src / name).write_text(text, encoding="utf-8")
    run_batch([src], tmp_path / "out", shard_size=1)
    return [r for p in sorted((tmp_path / "out").glob("part-*.jsonl")) for r in read_jsonl(p)]


def test_unknown_names_share_a_cluster_id_across_articles(tmp_path):
    records = corpus_of(tmp_path, {"a.txt": "记者在兹韦兹多奇卡村附近看到了装甲车。", "b.txt": "兹韦兹多奇卡村的居民已经撤离。"})
    ids = {e["kb_id"] for r in records for e in r["entities"] if "兹韦兹多奇卡" in e["text"]}
    assert len(ids) == 1 and None not in ids


def test_bodies_of_different_countries_the_kb_lacks_keep_their_own_ids_across_articles(tmp_path):
    records = corpus_of(tmp_path, {"a.txt": "委内瑞拉国防部长表示，国防部将部署军队。",
                                   "b.txt": "布隆迪国防部长表示，国防部将派员参加会议。"})
    ids = {r["id"]: {e["kb_id"] for e in r["entities"] if e["text"] == "国防部"} for r in records}
    assert len(ids["a"]) == len(ids["b"]) == 1 and ids["a"] != ids["b"]


def test_a_killed_worker_is_replaced_and_its_shards_redone(tmp_path):
    import multiprocessing
    import threading

    src = make_corpus(tmp_path / "in", 12)
    expected, out = tmp_path / "expected", tmp_path / "out"
    run_batch([src], expected, shard_size=1)
    done: dict = {}
    thread = threading.Thread(target=lambda: done.update(run_batch([src], out, shard_size=1, jobs=2)))
    thread.start()
    deadline = time.time() + 120
    while time.time() < deadline and not (out / "_work" / "part-00000.json").exists():
        time.sleep(0.02)
    workers = multiprocessing.active_children()
    assert workers, "no worker processes to kill"
    os.kill(workers[0].pid, signal.SIGKILL)  # as the out-of-memory killer would
    thread.join(timeout=300)
    assert done["counts"]["articles"] == 12
    assert corpus_lines(out) == corpus_lines(expected)


def test_closing_the_pool_terminates_a_worker_that_cannot_exit(monkeypatch):
    # A worker blocked for ever (on a queue lock a killed worker held) must not hang the batch.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from newsnlp import batch

    monkeypatch.setattr(batch, "_WORKER_EXIT_S", 0.5)
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    pool.submit(time.sleep, 600)
    deadline = time.time() + 60
    while time.time() < deadline and not pool._processes:
        time.sleep(0.02)
    workers = list(pool._processes.values())
    started = time.time()
    batch._close_pool(pool)
    assert time.time() - started < 30
    assert workers and all(_gone(w) for w in workers)


def _gone(worker) -> bool:  # noqa: ANN001 - a multiprocessing process
    """Whether a child process has ended. is_alive() alone cannot tell when the pool's own thread
    reaped the child first (its wait then finds no child and reports it running)."""
    if not worker.is_alive():
        return True
    try:
        os.kill(worker.pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_file_that_disappears_after_planning_is_reported(tmp_path):
    from newsnlp.batch import plan, process_shard

    src = make_corpus(tmp_path / "in", 2)
    [shard], vanished = plan([src], shard_size=10)
    assert vanished == []
    (src / "article-001.txt").unlink()
    result = process_shard(shard, {})
    assert [r["id"] for r in result.records] == ["article-000"]
    assert [(Path(e["path"]).name, e["stage"]) for e in result.errors] == [("article-001.txt", "read")]


def test_a_worker_that_writes_its_shard_returns_no_records_and_writes_them_in_order(tmp_path):
    from newsnlp.batch import plan, process_shard

    src = make_corpus(tmp_path / "in", 3)
    [shard], _ = plan([src], shard_size=10)
    alone = process_shard(shard, {})
    work = tmp_path / "work"
    work.mkdir()
    result = process_shard(shard, {}, work=work)
    assert result.written and result.records == []
    assert list(read_jsonl(work / f"{shard.name}.jsonl")) == alone.records
    status = json.loads((work / f"{shard.name}.json").read_text(encoding="utf-8"))
    assert status["articles"] == 3 and len(status["unknown"]) == 3
    assert sorted(p.name for p in work.iterdir()) == [f"{shard.name}.json", f"{shard.name}.jsonl"]  # no temp left


def test_truncated_utf8_and_html_are_annotated_or_reported(tmp_path):
    from newsnlp.io.jsonl import validate_record

    src = tmp_path / "in"
    src.mkdir()
    whole = "朝鲜向俄罗斯派遣了军人。乌军撤离库尔斯克州。".encode("utf-8")
    (src / "cut-text.txt").write_bytes(whole[:-2])  # ends inside a character
    (src / "cut-page.html").write_text("<html><body><article><p>朝鲜向俄罗斯派遣了军人，乌军撤离库尔斯克州",
                                       encoding="utf-8")
    out = tmp_path / "out"
    run_batch([src], out)
    records = [r for p in out.glob("part-*.jsonl") for r in read_jsonl(p)]
    reported = {Path(e["path"]).stem for e in read_jsonl(out / "_errors.jsonl")}
    assert {r["id"] for r in records} | reported == {"cut-text", "cut-page"}
    assert all(validate_record(r) == [] for r in records)


def test_duplicate_article_ids_are_listed_in_the_manifest(tmp_path):
    # Files of one name get ids from their paths; records that state one id keep it.
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.jsonl", "b.jsonl"):
        (src / name).write_text(f'{{"id": "article-000", "text": "朝鲜向俄罗斯派遣了军人。{name}"}}\n', encoding="utf-8")
    manifest = run_batch([src], tmp_path / "out")
    assert manifest["duplicate_ids"] == ["article-000"]


def test_a_second_run_into_the_folder_leaves_none_of_the_first_runs_shards_or_formats(tmp_path):
    src = make_corpus(tmp_path / "in", 6)
    out = tmp_path / "out"
    run_batch([src], out, shard_size=2, formats=("jsonl", "csv"))
    for path in sorted(src.iterdir())[4:]:
        path.unlink()
    run_batch([src], out, shard_size=2)
    assert sorted(p.name for p in out.glob("part-*.jsonl")) == ["part-00000.jsonl", "part-00001.jsonl"]
    assert not (out / "csv").exists() or not any((out / "csv").rglob("*.csv"))
    assert sorted(p.name for p in (out / "_work").glob("part-*.jsonl")) == ["part-00000.jsonl", "part-00001.jsonl"]
    from newsnlp import read_corpus
    assert len(read_corpus(out, as_="records")) == 4


def test_articles_saved_under_one_name_in_different_folders_get_distinct_ids(tmp_path):
    src = tmp_path / "in"
    for site in ("xinhua", "sina"):
        (src / site).mkdir(parents=True)
        (src / site / "index.txt").write_text(f"{site}报道：俄军在库尔斯克州推进。", encoding="utf-8")
    (src / "kursk.txt").write_text("乌军撤离苏贾。", encoding="utf-8")
    out = tmp_path / "out"
    run_batch([src], out, shard_size=1)
    ids = sorted(r["id"] for p in out.glob("part-*.jsonl") for r in read_jsonl(p))
    assert ids == ["kursk", "sina/index", "xinhua/index"]
    from newsnlp.io.readers import read_articles
    assert sorted(a.id for a in read_articles([src])) == ids


def test_a_run_asked_for_tables_only_still_writes_the_jsonl_corpus(tmp_path):
    src = make_corpus(tmp_path / "in", 2)
    out = tmp_path / "out"
    run_batch([src], out, formats=("csv",))
    from newsnlp import read_corpus
    assert len(read_corpus(out, as_="records")) == 2


def test_a_file_with_another_files_bytes_is_annotated_once_and_reported(tmp_path):
    src = make_corpus(tmp_path / "in", 2)
    (src / "article-000 (1).txt").write_bytes((src / "article-000.txt").read_bytes())
    manifest = run_batch([src], tmp_path / "out")
    assert manifest["counts"]["articles"] == 2
    errors = [json.loads(line) for line in (tmp_path / "out" / "_errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 1 and errors[0]["reason"].startswith("same content as ")
    assert {errors[0]["path"], errors[0]["reason"].split(" as ")[1].split(";")[0]} == {
        str(src / "article-000.txt"), str(src / "article-000 (1).txt")}
