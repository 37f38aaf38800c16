from __future__ import annotations

import json

import pytest

from newsnlp.errors import ReadError
from newsnlp.io.files import atomic_open
from newsnlp.io.jsonl import doc_to_record, read_jsonl, validate_record, write_jsonl
from newsnlp.schema import Article


def record_for(nlp, text, doc_id="a1"):
    from newsnlp.corpus import make_doc

    return doc_to_record(nlp(make_doc(nlp, Article(doc_id, text, {"path": "a1.txt"}))), pipeline="p")


def test_record_has_the_design_keys_and_valid_offsets(nlp):
    rec = record_for(nlp, "据朝中社报道，金正恩在平壤会见官兵。\n\n约5000名朝鲜人前往库尔斯克州。")
    assert set(rec) >= {"id", "source", "text", "sentences", "tokens", "entities", "newsnlp"}
    assert validate_record(rec) == []
    assert rec["sentences"] == [[0, 18], [20, 37]]
    for ent in rec["entities"]:
        assert rec["text"][ent["start"]:ent["end"]] == ent["text"]


def test_jsonl_keeps_chinese_characters_readable(tmp_path, nlp):
    path = tmp_path / "out.jsonl"
    write_jsonl([record_for(nlp, "平壤")], path)
    raw = path.read_text(encoding="utf-8")
    assert "平壤" in raw and "\\u" not in raw
    assert [r["id"] for r in read_jsonl(path)] == ["a1"]


def test_failed_write_leaves_no_file_behind(tmp_path):
    path = tmp_path / "out.jsonl"

    def records():
        yield {"id": "ok", "text": ""}
        raise RuntimeError("worker died")

    with pytest.raises(RuntimeError):
        write_jsonl(records(), path)
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_replaced_only_when_complete(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_open(path) as fh:
            fh.write("new")
            raise RuntimeError("interrupted")
    assert path.read_text(encoding="utf-8") == "old\n"


def test_validate_reports_offset_and_label_problems():
    rec = {"id": "x", "text": "平壤", "sentences": [[0, 2]], "tokens": [[0, 2]], "source": {},
           "newsnlp": {}, "entities": [{"start": 0, "end": 2, "label": "CITY", "text": "平壤"},
                                       {"start": 1, "end": 2, "label": "PLACE", "text": "平"}]}
    problems = validate_record(rec)
    assert any("unknown label" in p for p in problems)
    assert any("!= text" in p for p in problems)
    assert any("overlaps" in p for p in problems)


def test_broken_line_is_a_read_error(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "a"}) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(ReadError, match="line 2"):
        list(read_jsonl(path))


def test_written_files_get_the_permissions_of_any_new_file(tmp_path):
    import os
    from newsnlp.io.files import FILE_MODE, atomic_open

    with atomic_open(tmp_path / "corpus.jsonl") as fh:
        fh.write("{}\n")
    if hasattr(os, "fchmod"):
        assert (tmp_path / "corpus.jsonl").stat().st_mode & 0o777 == FILE_MODE
