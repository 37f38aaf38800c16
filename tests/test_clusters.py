from __future__ import annotations

from newsnlp.candidates import cluster_id
from newsnlp.clusters import apply_clusters, cluster_unknown, review_table


def record(doc_id: str, *mentions: tuple[str, str]) -> dict:
    return {"id": doc_id, "entities": [
        {"label": label, "text": text, "kb_id": cluster_id(label, text)} for text, label in mentions
    ]}


CORPUS = [
    record("a", ("德米特留科夫", "PLACE"), ("马尔科沃", "PLACE")),
    record("b", ("德米特柳科夫", "PLACE"), ("德米特留科夫", "PLACE")),
    record("c", ("德米特留科夫", "PERSON")),
]


def test_transliteration_variants_in_different_files_merge():
    mapping = cluster_unknown(CORPUS)
    assert mapping[cluster_id("PLACE", "德米特留科夫")] == mapping[cluster_id("PLACE", "德米特柳科夫")]


def test_different_names_and_labels_stay_apart():
    mapping = cluster_unknown(CORPUS)
    place = mapping[cluster_id("PLACE", "德米特留科夫")]
    assert mapping[cluster_id("PLACE", "马尔科沃")] != place
    assert mapping[cluster_id("PERSON", "德米特留科夫")] != place


def test_mapping_does_not_depend_on_record_order():
    assert cluster_unknown(CORPUS) == cluster_unknown(list(reversed(CORPUS)))


def test_kb_ids_are_not_clustered():
    corpus = [{"id": "x", "entities": [{"label": "PLACE", "text": "基辅", "kb_id": "kyiv"}]}]
    assert cluster_unknown(corpus) == {}


def test_apply_rewrites_ids_in_place():
    corpus = [record("a", ("德米特留科夫", "PLACE")), record("b", ("德米特柳科夫", "PLACE"))]
    apply_clusters(corpus, cluster_unknown(corpus))
    assert corpus[0]["entities"][0]["kb_id"] == corpus[1]["entities"][0]["kb_id"]


def test_review_table_lists_variants_with_counts():
    rows = review_table(CORPUS)
    top = rows[0]
    assert top["label"] == "PLACE" and top["name"] == "德米特留科夫"
    assert top["variants"] == {"德米特留科夫": 2, "德米特柳科夫": 1}
    assert (top["mentions"], top["documents"]) == (3, 2)
    assert len(rows) == 3
