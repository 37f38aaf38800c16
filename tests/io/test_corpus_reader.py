from __future__ import annotations

import pytest

import newsnlp
from newsnlp.errors import InputNotFoundError, UsageError
from newsnlp.io.corpus_reader import iter_records
from newsnlp.io.export import write_formats


def record(doc_id, text, surface, label, kb_id):
    start = text.index(surface)
    return {"id": doc_id, "source": {"path": f"{doc_id}.txt", "published": "2025-12-12"}, "text": text,
            "sentences": [[0, len(text)]], "tokens": [[i, i + 1] for i in range(len(text))],
            "entities": [{"start": start, "end": start + len(surface), "label": label, "text": surface,
                          "kb_id": kb_id, "attrs": {"link_method": "alias"}, "source": "gazetteer", "score": 1.0}],
            "newsnlp": {"version": "0.1.0", "pipeline": "test"}}


@pytest.fixture
def out_dir(tmp_path):
    write_formats([record("a1", "朝鲜派兵。", "朝鲜", "PLACE", "north-korea")], tmp_path, ["jsonl", "docbin"],
                  part="part-00000")
    write_formats([record("b1", "俄罗斯。", "俄罗斯", "PLACE", "russia")], tmp_path, ["jsonl", "docbin"],
                  part="part-00001")
    return tmp_path


def test_folder_shards_read_back_as_docs_with_extensions(out_dir):
    docs = newsnlp.read_corpus(out_dir)
    assert [d._.doc_id for d in docs] == ["a1", "b1"]
    ent = docs[0].ents[0]
    assert (ent.text, ent.label_, ent.kb_id_) == ("朝鲜", "PLACE", "north-korea")
    assert ent._.attrs == {"link_method": "alias"} and ent._.source == "gazetteer"
    assert docs[0]._.published == "2025-12-12"


def test_records_and_frames_from_a_single_file(out_dir):
    records = newsnlp.read_corpus(out_dir / "part-00001.jsonl", as_="records")
    assert [r["id"] for r in records] == ["b1"]
    frames = newsnlp.read_corpus(out_dir, as_="frames")
    assert list(frames["mentions"]["kb_id"]) == ["north-korea", "russia"]


def test_docbin_files_read_like_jsonl(out_dir):
    from_docbin = list(iter_records(out_dir / "docbin" / "part-00000.spacy"))
    from_jsonl = newsnlp.read_corpus(out_dir / "part-00000.jsonl", as_="records")
    assert from_docbin[0]["entities"] == from_jsonl[0]["entities"]
    assert from_docbin[0]["text"] == from_jsonl[0]["text"]


def test_docs_share_a_given_vocab(out_dir, nlp):
    docs = newsnlp.read_corpus(out_dir, vocab=nlp.vocab)
    assert docs[0].vocab is nlp.vocab


def test_missing_path_and_bad_mode_say_what_to_do(tmp_path, out_dir):
    with pytest.raises(InputNotFoundError):
        newsnlp.read_corpus(tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputNotFoundError, match="part-"):
        newsnlp.read_corpus(tmp_path / "empty")
    with pytest.raises(UsageError, match="'docs', 'records' or 'frames'"):
        newsnlp.read_corpus(out_dir, as_="tables")
