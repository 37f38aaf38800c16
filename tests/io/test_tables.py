from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest

from newsnlp.io.tables import SCHEMAS, SourceMap, to_arrow, to_frames

TEXT = "金正恩在平壤会见约5000名官兵。\n\n2025年12月12日，第5、29集团军回国。"


def ent(text, surface, label, kb_id=None, attrs=None, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "label": label, "text": surface,
            "kb_id": kb_id, "attrs": attrs or {}, "source": "rule", "score": 0.9}


def record(doc_id="a1", text=TEXT, entities=None, meta=None):
    rec = {
        "id": doc_id,
        "source": {"path": f"{doc_id}.txt", "url": None, "publisher": "朝中社", "title": "标题",
                   "author": None, "published": "2025-12-12", "encoding": "gb18030", "script": "simplified"},
        "text": text,
        "sentences": [[0, 17], [19, len(text)]] if text == TEXT else [[0, len(text)]],
        "tokens": [[i, i + 1] for i, ch in enumerate(text) if not ch.isspace()],
        "entities": entities if entities is not None else [
            ent(text, "金正恩", "PERSON", "kim-jong-un", {"canonical_name": "金正恩"}),
            ent(text, "平壤", "PLACE", "pyongyang"),
            ent(text, "约5000名", "NUMBER", attrs={"value": 5000, "unit": "名", "approx": True,
                                                  "qualifier": "about", "counted": "官兵"}),
            ent(text, "2025年12月12日", "DATE", attrs={"value": "2025-12-12"}),
            ent(text, "第5、29集团军", "MILITARY_UNIT", "unit-x",
                {"echelon": "army", "members": ["第5集团军", "第29集团军"], "link_method": "rule", "link_score": 0.8}),
        ],
        "newsnlp": {"version": "0.1.0", "pipeline": "jieba:test"},
    }
    if meta:
        rec["meta"] = meta
    return rec


def test_mentions_flatten_number_date_and_unit_attrs():
    m = to_frames([record()])["mentions"].set_index("label")
    assert m.loc["NUMBER", "value"] == 5000.0
    assert m.loc["NUMBER", "unit"] == "名" and m.loc["NUMBER", "approx"] == True  # noqa: E712
    assert m.loc["NUMBER", "counted"] == "官兵" and m.loc["NUMBER", "qualifier"] == "about"
    assert m.loc["DATE", "date_value"] == "2025-12-12" and m.loc["DATE", "value"] != m.loc["DATE", "value"]
    assert m.loc["MILITARY_UNIT", "members"] == ["第5集团军", "第29集团军"]
    assert m.loc["MILITARY_UNIT", "link_method"] == "rule" and m.loc["MILITARY_UNIT", "link_score"] == 0.8
    assert m.loc["PERSON", "canonical_name"] == "金正恩"
    assert list(m["sentence"]) == [0, 0, 0, 1, 1]
    assert json.loads(m.loc["NUMBER", "attrs_json"])["value"] == 5000


def test_tables_keep_every_schema_column_in_order():
    frames = to_frames([record()], tokens=True)
    for name, df in frames.items():
        assert list(df.columns) == SCHEMAS[name].names


def test_missing_integers_stay_nullable_integers():
    m = to_frames([record()])["mentions"]
    assert str(m["number"].dtype) == "Int64"
    assert str(m["approx"].dtype) == "boolean"
    assert m["number"].isna().all()


def test_entities_count_mentions_documents_and_variants():
    a = record("a1")
    b = record("b2", "平壤，平 壤。", [ent("平壤，平 壤。", "平壤", "PLACE", "pyongyang"),
                                      ent("平壤，平 壤。", "平 壤", "PLACE", "pyongyang")])
    e = to_frames([a, b])["entities"].set_index("kb_id")
    assert e.loc["pyongyang", "mention_count"] == 3
    assert e.loc["pyongyang", "document_count"] == 2
    assert e.loc["pyongyang", "variants"] == ["平壤", "平 壤"]
    # Without a canonical name from the KB the most used spelling stands in.
    assert e.loc["pyongyang", "canonical_name"] == "平壤"
    assert e.loc["kim-jong-un", "canonical_name"] == "金正恩"
    assert "NUMBER" not in set(e["label"])


def test_documents_carry_source_metadata_and_counts():
    d = to_frames([record(meta={"captions": [[0, 3]]})])["documents"].iloc[0]
    assert d["doc_id"] == "a1" and d["publisher"] == "朝中社" and d["encoding"] == "gb18030"
    assert d["n_entities"] == 5 and d["n_sentences"] == 2 and d["n_captions"] == 1
    assert d["pipeline"] == "jieba:test"


def test_source_offsets_map_mentions_back_to_the_source_file():
    # Source "XX平壤YY金正恩" keeps [2, 4] and [6, 9]: clean text "平壤金正恩".
    text = "平壤金正恩"
    rec = record(text=text, entities=[ent(text, "平壤", "PLACE", "pyongyang"), ent(text, "金正恩", "PERSON")],
                 meta={"source_offsets": [[2, 4], [6, 9]]})
    m = to_frames([rec])["mentions"]
    source = "XX平壤YY金正恩"
    for _, row in m.iterrows():
        assert source[row["source_start"]:row["source_end"]] == row["text"]


def test_source_map_spans_a_dropped_piece_and_synthetic_pieces():
    smap = SourceMap([[0, 2], [10, 15, 1], [20, 23]])  # "ab" + "\n" (from markup) + "cde"
    assert smap.length == 6
    assert smap.span(1, 4) == (1, 21)
    assert smap.span(2, 3) == (10, 15)
    assert smap.span(5, 7) is None


def test_mismatched_source_map_leaves_offsets_empty(caplog):
    rec = record(meta={"source_offsets": [[0, 3]]})
    m = to_frames([rec])["mentions"]
    assert m["source_start"].isna().all()
    assert "source offsets left empty" in caplog.text


def test_mentions_inside_captions_are_flagged():
    m = to_frames([record(meta={"captions": [[0, 3]]})])["mentions"]
    assert list(m["in_caption"]) == [True, False, False, False, False]


def test_tokens_table_has_iob_tags_and_links():
    t = to_frames([record()], tokens=True)["tokens"]
    first = t[t["start"] == 0].iloc[0]
    assert (first["text"], first["ent_iob"], first["ent_label"], first["kb_id"]) == ("金", "B", "PERSON", "kim-jong-un")
    assert t[t["start"] == 1].iloc[0]["ent_iob"] == "I"
    assert t[t["text"] == "在"].iloc[0]["ent_iob"] == "O"
    assert "tokens" not in to_frames([record()])


def test_arrow_tables_use_the_fixed_schema_even_when_empty():
    empty = to_arrow([record(entities=[])], tokens=True)
    for name, table in empty.items():
        assert table.schema == SCHEMAS[name]
    assert empty["mentions"].num_rows == 0
    assert to_arrow([record()])["mentions"].schema.field("members").type == pa.list_(pa.string())


def test_docs_and_records_give_the_same_tables(nlp):
    from newsnlp.corpus import make_doc
    from newsnlp.io.jsonl import doc_to_record
    from newsnlp.schema import Article

    doc = nlp(make_doc(nlp, Article("d1", "据朝中社报道，金正恩在平壤会见官兵。", {"path": "d1.txt"})))
    from_doc = to_frames([doc])["mentions"]
    from_record = to_frames([doc_to_record(doc)])["mentions"]
    assert from_doc.equals(from_record)


@pytest.mark.parametrize(("value", "expected"), [("528", 528), (528.0, 528), ("五二八", None), (True, None)])
def test_unit_number_is_an_integer_only_when_it_is_one(value, expected):
    text = "第528团"
    rec = record(text=text, entities=[ent(text, text, "MILITARY_UNIT", "u", {"number": value})])
    number = to_frames([rec])["mentions"]["number"].iloc[0]
    assert (pd.isna(number) if expected is None else number == expected)
