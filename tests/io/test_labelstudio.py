from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from newsnlp.io.jsonl import read_jsonl
from newsnlp.io.labelstudio import (
    labeling_config, labelstudio_to_gold, read_labelstudio, record_to_task, write_labelstudio,
)
from newsnlp.schema import LABELS

TEXT = "金正恩在𠀀城会见约5000名官兵。"  # 𠀀 is outside the BMP: two UTF-16 code units


def record():
    def ent(surface, label, kb_id=None, attrs=None):
        start = TEXT.index(surface)
        return {"start": start, "end": start + len(surface), "label": label, "text": surface,
                "kb_id": kb_id, "attrs": attrs or {}, "source": "rule", "score": 0.5}

    return {"id": "a1", "source": {"title": "标题"}, "text": TEXT, "sentences": [[0, len(TEXT)]], "tokens": [],
            "entities": [ent("金正恩", "PERSON", "kim-jong-un"), ent("𠀀城", "PLACE", "cluster-7"),
                         ent("约5000名", "NUMBER", attrs={"value": 5000, "unit": "名"})],
            "newsnlp": {"version": "0.1.0", "pipeline": "jieba:test"}}


def js_slice(text, start, end):
    """What JavaScript's text.slice(start, end) returns (UTF-16 indices)."""
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def test_task_has_text_and_a_prediction_in_label_studio_span_format():
    task = record_to_task(record())
    assert task["data"]["text"] == TEXT and task["data"]["doc_id"] == "a1"
    (prediction,) = task["predictions"]
    assert prediction["model_version"] == "jieba:test"
    labels = [r for r in prediction["result"] if r["type"] == "labels"]
    assert len(labels) == 3
    for item in labels:
        assert set(item) >= {"id", "from_name", "to_name", "type", "value"}
        assert (item["from_name"], item["to_name"]) == ("label", "text")
        value = item["value"]
        assert value["labels"][0] in LABELS
        assert js_slice(TEXT, value["start"], value["end"]) == value["text"]


def test_kb_id_is_a_per_region_textarea_result():
    result = record_to_task(record())["predictions"][0]["result"]
    kb = {r["id"]: r["value"]["text"] for r in result if r["type"] == "textarea"}
    regions = {r["id"]: r["value"]["text"] for r in result if r["type"] == "labels"}
    assert {regions[i]: v for i, v in kb.items()} == {"金正恩": ["kim-jong-un"], "𠀀城": ["cluster-7"]}


def test_labeling_config_names_every_label_and_the_kb_textarea():
    root = ET.fromstring(labeling_config())
    assert [label.get("value") for label in root.iter("Label")] == list(LABELS)
    textarea = root.find("TextArea")
    assert textarea.get("name") == "kb_id" and textarea.get("perRegion") == "true"


def reviewed(tasks):
    """Simulate a reviewer: accept the prediction, fix the PLACE kb_id, add a DATE, drop NUMBER."""
    for n, task in enumerate(tasks):
        result = [dict(r, value=dict(r["value"])) for r in task["predictions"][0]["result"]
                  if r["value"].get("labels") != ["NUMBER"]]
        for r in result:
            if r["type"] == "textarea" and r["value"]["text"] == ["cluster-7"]:
                r["value"]["text"] = ["some-city"]
        result.append({"id": "new", "from_name": "label", "to_name": "text", "type": "labels",
                       "value": {"start": 0, "end": 3, "text": "金正恩", "labels": ["PERSON"]}})
        task["id"] = n + 1
        task["annotations"] = [
            {"id": 1, "result": [], "was_cancelled": True, "updated_at": "2025-12-13T00:00:00Z"},
            {"id": 2, "result": result, "was_cancelled": False, "updated_at": "2025-12-12T00:00:00Z"},
        ]
    return tasks


def test_reviewed_export_comes_back_as_gold(tmp_path):
    rec = record()
    rec["entities"] = rec["entities"][:2]
    rec["entities"].append({"start": 9, "end": 15, "label": "NUMBER", "text": "约5000名", "kb_id": None,
                            "attrs": {"value": 5000}, "source": "rule", "score": 1.0})
    path = tmp_path / "ls.json"
    write_labelstudio([rec, record()], path)
    tasks = reviewed(json.loads(path.read_text(encoding="utf-8")))
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    gold_path = tmp_path / "gold.jsonl"
    assert labelstudio_to_gold(export, gold_path) == 2
    gold = list(read_jsonl(gold_path))
    assert gold[0]["id"] == "a1" and gold[0]["text"] == TEXT
    ents = [(e["start"], e["end"], e["label"], e["text"], e["kb"]) for e in gold[0]["entities"]]
    assert ents == [(0, 3, "PERSON", "金正恩", "kim-jong-un"), (0, 3, "PERSON", "金正恩", None),
                    (4, 6, "PLACE", "𠀀城", "some-city")]
    for e in gold[0]["entities"]:
        assert TEXT[e["start"]:e["end"]] == e["text"]


def test_unchanged_regions_keep_their_normalised_attrs():
    task = record_to_task(record())
    task["annotations"] = [{"result": task["predictions"][0]["result"]}]
    (gold,) = read_labelstudio([task])
    number = [e for e in gold["entities"] if e["label"] == "NUMBER"][0]
    assert number["attrs"] == {"value": 5000, "unit": "名"} and number["kb"] is None


def test_tasks_without_annotations_are_skipped_unless_predictions_are_wanted():
    task = record_to_task(record())
    assert list(read_labelstudio([task])) == []
    (gold,) = read_labelstudio([task], use_predictions=True)
    assert len(gold["entities"]) == 3


def test_unknown_label_says_which_config_to_use():
    task = record_to_task(record())
    task["annotations"] = [{"result": [{"id": "x", "type": "labels", "from_name": "label", "to_name": "text",
                                        "value": {"start": 0, "end": 3, "labels": ["GPE"]}}]}]
    with pytest.raises(ValueError, match="labeling_config"):
        list(read_labelstudio([task]))
