from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from newsnlp.errors import UsageError
from newsnlp.io.export import FORMATS, parse_formats, write_formats
from newsnlp.io.jsonl import read_jsonl


def record(doc_id, text, entities):
    ents = []
    for surface, label, kb_id, attrs in entities:
        start = text.index(surface)
        ents.append({"start": start, "end": start + len(surface), "label": label, "text": surface,
                     "kb_id": kb_id, "attrs": attrs, "source": "rule", "score": 1.0})
    return {"id": doc_id, "source": {"path": f"{doc_id}.txt", "title": f"标题{doc_id}", "published": None},
            "text": text, "sentences": [[0, len(text)]],
            "tokens": [[i, i + 1] for i, ch in enumerate(text) if not ch.isspace()],
            "entities": ents, "newsnlp": {"version": "0.1.0", "pipeline": "test"}}


@pytest.fixture
def shard_a():
    return [record("a1", "朝鲜向俄罗斯派遣约5000名军人。", [
        ("朝鲜", "PLACE", "north-korea", {}), ("俄罗斯", "PLACE", "russia", {}),
        ("约5000名", "NUMBER", None, {"value": 5000, "unit": "名", "approx": True}),
    ])]


@pytest.fixture
def shard_b():
    # No NUMBER and no unit here: those columns are all null in this shard.
    return [record("b1", "俄罗斯和乌克兰。", [("俄罗斯", "PLACE", "russia", {}), ("乌克兰", "PLACE", "ukraine", {})]),
            record("b2", "没有实体。", [])]


def test_one_call_writes_every_format(tmp_path, shard_a):
    written = write_formats(shard_a, tmp_path, ["all"], tokens=True)
    assert set(written) == set(FORMATS)
    for paths in written.values():
        assert paths and all(p.is_file() and p.stat().st_size > 0 for p in paths)
    assert written["jsonl"] == [tmp_path / "part-00000.jsonl"]
    assert {p.parent.name for p in written["parquet"]} == {"documents", "mentions", "entities", "tokens"}
    assert [r["id"] for r in read_jsonl(written["jsonl"][0])] == ["a1"]
    # Nothing half-written is left behind.
    assert not list(tmp_path.rglob("*.tmp"))


def test_shards_read_together_with_pandas_and_pyarrow(tmp_path, shard_a, shard_b):
    write_formats(shard_a, tmp_path, ["parquet"], part="part-00000")
    write_formats(shard_b, tmp_path, ["parquet"], part="part-00001")
    mentions = pd.read_parquet(tmp_path / "parquet" / "mentions")
    assert sorted(mentions["doc_id"].unique()) == ["a1", "b1"]
    assert len(pq.read_table(tmp_path / "parquet" / "documents")) == 3
    # All-null columns keep their type in every shard, so schemas agree.
    schemas = {pq.read_schema(p) for p in (tmp_path / "parquet" / "mentions").glob("*.parquet")}
    assert len(schemas) == 1


def test_duckdb_queries_every_shard_with_one_glob(tmp_path, shard_a, shard_b):
    duckdb = pytest.importorskip("duckdb")
    write_formats(shard_a, tmp_path, ["parquet"], part="part-00000")
    write_formats(shard_b, tmp_path, ["parquet"], part="part-00001")
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT kb_id, count(*) AS n, count(DISTINCT doc_id) AS docs FROM '{tmp_path}/parquet/mentions/*.parquet' "
        "WHERE kb_id IS NOT NULL GROUP BY kb_id ORDER BY kb_id").fetchall()
    assert rows == [("north-korea", 1, 1), ("russia", 2, 2), ("ukraine", 1, 1)]
    value = con.execute(f"SELECT sum(value) FROM '{tmp_path}/parquet/mentions/*.parquet'").fetchone()[0]
    assert value == 5000


def test_csv_has_the_same_columns_and_joins_lists(tmp_path, shard_a):
    written = write_formats(shard_a, tmp_path, ["csv", "parquet"])
    for table in ("documents", "mentions", "entities"):
        csv = pd.read_csv(tmp_path / "csv" / table / "part-00000.csv")
        parquet = pd.read_parquet(tmp_path / "parquet" / table)
        assert list(csv.columns) == list(parquet.columns)
    entities = pd.read_csv(tmp_path / "csv" / "entities" / "part-00000.csv")
    assert entities.set_index("kb_id").loc["russia", "variants"] == "俄罗斯"
    raw = written["csv"][0].read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and "标题a1".encode() in raw


def test_csv_bom_option_for_excel(tmp_path, shard_a):
    written = write_formats(shard_a, tmp_path, ["csv"], csv_bom=True)
    for path in written["csv"]:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(written["csv"][0], encoding="utf-8-sig")
    assert df.columns[0] == "doc_id"


def test_formats_parse_from_a_comma_separated_string():
    assert parse_formats("jsonl, parquet,jsonl") == ["jsonl", "parquet"]
    assert parse_formats(["all"]) == list(FORMATS)


@pytest.mark.parametrize("bad", ["xlsx", ""])
def test_unknown_or_missing_format_is_a_usage_error(tmp_path, shard_a, bad):
    with pytest.raises(UsageError, match="format"):
        write_formats(shard_a, tmp_path, [bad])
    assert list(tmp_path.iterdir()) == []


def test_part_name_must_be_a_file_name(tmp_path, shard_a):
    with pytest.raises(UsageError, match="Shard name"):
        write_formats(shard_a, tmp_path, ["jsonl"], part="../escape")


def test_records_from_a_generator_are_read_once(tmp_path, shard_a):
    written = write_formats(iter(shard_a), tmp_path, ["jsonl", "parquet", "conll"])
    assert len(pd.read_parquet(written["parquet"][0])) == 1
    assert written["conll"][0].read_text(encoding="utf-8").count("-DOCSTART-") == 1


def test_annotated_records_export_and_read_back(nlp, tmp_path):
    from newsnlp.corpus import make_doc
    from newsnlp.io.jsonl import doc_to_record
    from newsnlp.schema import Article

    docs = [nlp(make_doc(nlp, Article(f"d{i}", text, {"path": f"d{i}.txt"}))) for i, text in
            enumerate(["金正恩在平壤会见官兵。", "乌军第47机械化旅在阿夫迪夫卡以北坚守，约3000名士兵参战。"])]
    records = [doc_to_record(doc, pipeline="test") for doc in docs]
    written = write_formats(records, tmp_path, ["all"])
    mentions = pd.read_parquet(tmp_path / "parquet" / "mentions")
    assert len(mentions) == sum(len(r["entities"]) for r in records)
    assert len(written["docbin"]) == 1
