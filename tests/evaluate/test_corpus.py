from __future__ import annotations

import pytest

from newsnlp.errors import EvaluationError
from newsnlp.evaluate.corpus import OffsetAligner, evaluate_records

GOLD_TEXT = "首页 > 正文\n朝中社称，约5000名朝鲜人抵达库尔斯克州。韩联社援引朝中社。"


def ent(text, sub, label, nth=0, **extra):
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return {"start": start, "end": start + len(sub), "label": label, "text": sub, **extra}


def gold():
    t = GOLD_TEXT
    return {"id": "d", "text": t, "entities": [
        ent(t, "朝中社", "ORG", kb="kcna"),
        ent(t, "约5000名", "NUMBER", attrs={"value": 5000}),
        ent(t, "朝鲜人", "PLACE", kb="north-korea", optional=True),
        ent(t, "库尔斯克州", "PLACE", kb="kursk-oblast"),
        ent(t, "韩联社", "ORG", kb="yonhap"),
        ent(t, "朝中社", "ORG", nth=1, kb="kcna"),
    ]}


def test_identical_prediction_scores_one():
    g = gold()
    pred = {"id": "d", "text": g["text"], "entities": [
        {**e, "kb_id": e.get("kb")} for e in g["entities"] if not e.get("optional")]}
    result = evaluate_records([g], [pred])
    assert result["micro"]["f1"] == 1.0
    assert result["values"]["NUMBER"]["accuracy"] == 1.0
    assert result["linking"]["f1"] == 1.0


def test_documents_sharing_an_id_cannot_be_matched():
    g = gold()
    with pytest.raises(EvaluationError, match="more than once"):
        evaluate_records([g], [g, {**g, "text": "另一篇文章。", "entities": []}])


def test_prediction_on_cleaned_text_is_aligned_by_characters():
    g = gold()
    clean = GOLD_TEXT.split("\n", 1)[1]
    pred = {"id": "d", "text": clean, "entities": [
        {**ent(clean, "朝中社", "ORG"), "kb_id": "kcna"},
        {**ent(clean, "5000名", "NUMBER"), "attrs": {"value": 5000}},
        {**ent(clean, "库尔斯克州", "PLACE"), "kb_id": "kursk-oblast"},
        {**ent(clean, "韩联社", "ORG"), "kb_id": "yonhap"},
        {**ent(clean, "朝中社", "ORG", nth=1), "kb_id": "kcna"},
    ]}
    result = evaluate_records([g], [pred])
    assert result["labels"]["ORG"]["f1"] == 1.0
    # NUMBER is matched on overlap, so 5000名 for 约5000名 counts.
    assert result["labels"]["NUMBER"]["tp"] == 1


def test_optional_gold_is_neither_rewarded_nor_penalised():
    g = gold()
    base = [{**e, "kb_id": e.get("kb")} for e in g["entities"] if not e.get("optional")]
    with_optional = base + [{**g["entities"][2], "kb_id": "north-korea"}]
    r1 = evaluate_records([g], [{"id": "d", "text": g["text"], "entities": base}])
    r2 = evaluate_records([g], [{"id": "d", "text": g["text"], "entities": with_optional}])
    assert r1["micro"] == r2["micro"]


def test_wrong_span_label_and_value_are_counted():
    g = gold()
    t = g["text"]
    pred = {"id": "d", "text": t, "entities": [
        {**ent(t, "朝中", "ORG"), "kb_id": "kcna"},                   # wrong span
        {**ent(t, "约5000名", "NUMBER"), "attrs": {"value": 500}},     # wrong value
        {**ent(t, "库尔斯克州", "ORG")},                                # wrong label
    ]}
    result = evaluate_records([g], [pred])
    assert result["labels"]["ORG"]["fp"] == 2
    assert result["labels"]["PLACE"]["fn"] == 1
    assert result["values"]["NUMBER"] == {"correct": 0, "total": 1, "accuracy": 0.0}


def test_linking_pairs_count_merges_and_splits():
    g = gold()
    t = g["text"]
    pred = {"id": "d", "text": t, "entities": [
        {**ent(t, "朝中社", "ORG"), "kb_id": "a"},
        {**ent(t, "韩联社", "ORG"), "kb_id": "a"},          # wrongly merged with 朝中社
        {**ent(t, "朝中社", "ORG", nth=1), "kb_id": "b"},   # split from the first 朝中社
    ]}
    link = evaluate_records([g], [pred])["linking"]
    assert (link["tp"], link["fp"], link["fn"]) == (0, 1, 1)


def test_aligner_maps_offsets_across_deleted_chrome():
    aligner = OffsetAligner("abcXYZdef", "abcdef")
    assert aligner.to_gold(3) == 6
    assert aligner.to_gold(3, end=True) == 3
    assert aligner.to_gold(6, end=True) == 9


def test_missing_prediction_is_an_error():
    with pytest.raises(EvaluationError, match="No prediction"):
        evaluate_records([gold()], [])
