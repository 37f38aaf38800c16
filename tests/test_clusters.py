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


def merged(mapping, label, a, b):
    return mapping[cluster_id(label, a)] == mapping[cluster_id(label, b)]


def test_names_that_only_sound_alike_stay_apart():
    corpus = [
        record("a", ("金成哲", "PERSON"), ("陈立伟", "PERSON"), ("科瓦尔", "PERSON"), ("哈米斯", "PERSON"),
               ("哈尔科夫时报", "ORG"), ("库斯克", "PLACE")),
        record("b", ("金成植", "PERSON"), ("陈立维", "PERSON"), ("科瓦奇", "PERSON"), ("哈米德", "PERSON"),
               ("哈尔科夫日报", "ORG"), ("库尔斯克", "PLACE")),
    ]
    mapping = cluster_unknown(corpus)
    # Chinese names differ by a character; short transliterations by another last syllable; the
    # names of organisations are translated.
    for label, a, b in (("PERSON", "金成哲", "金成植"), ("PERSON", "陈立伟", "陈立维"), ("PERSON", "科瓦尔", "科瓦奇"),
                        ("PERSON", "哈米斯", "哈米德"), ("ORG", "哈尔科夫时报", "哈尔科夫日报")):
        assert not merged(mapping, label, a, b), (a, b)
    assert merged(mapping, "PLACE", "库斯克", "库尔斯克")  # one syllable more or less


def test_two_people_sharing_a_surname_are_not_joined_by_it():
    # In each document the surname alone was linked to that document's full name.
    oleg, petro = cluster_id("PERSON", "奥列格·科瓦连科"), cluster_id("PERSON", "彼得罗·科瓦连科")
    corpus = [
        {"id": "a", "entities": [{"label": "PERSON", "text": t, "kb_id": oleg} for t in ("奥列格·科瓦连科", "科瓦连科")]},
        {"id": "b", "entities": [{"label": "PERSON", "text": t, "kb_id": petro} for t in ("彼得罗·科瓦连科", "科瓦连科")]},
    ]
    mapping = cluster_unknown(corpus)
    assert mapping[oleg] != mapping[petro]


def test_a_villages_suffix_does_not_split_it_but_a_chinese_town_and_village_stay_apart():
    corpus = [record("a", ("杰米多夫卡", "PLACE"), ("王庄镇", "PLACE")),
              record("b", ("杰米多夫卡村", "PLACE"), ("王庄村", "PLACE"))]
    mapping = cluster_unknown(corpus)
    assert merged(mapping, "PLACE", "杰米多夫卡", "杰米多夫卡村")
    assert not merged(mapping, "PLACE", "王庄镇", "王庄村")


def test_transliterations_that_begin_like_a_surname_and_organisations_that_sound_the_same_merge():
    corpus = [record("a", ("施密特", "PERSON"), ("卡拉什尼科夫集团", "ORG"), ("阿赫马特营", "MILITARY_UNIT")),
              record("b", ("史密特", "PERSON"), ("卡拉什尼可夫集团", "ORG"), ("阿赫玛特营", "MILITARY_UNIT"))]
    mapping = cluster_unknown(corpus)
    assert merged(mapping, "PERSON", "施密特", "史密特")
    assert merged(mapping, "ORG", "卡拉什尼科夫集团", "卡拉什尼可夫集团")
    assert merged(mapping, "MILITARY_UNIT", "阿赫马特营", "阿赫玛特营")


def test_bodies_and_units_of_different_countries_are_not_merged_by_their_shared_name():
    def mention(text: str, label: str, country: str) -> dict:
        return {"label": label, "text": text, "kb_id": cluster_id(label, f"{country}|{text}"),
                "attrs": {"country": country}}
    corpus = [{"id": "a", "entities": [mention("国防部", "ORG", "venezuela"), mention("第40师", "MILITARY_UNIT", "syria")]},
              {"id": "b", "entities": [mention("国防部", "ORG", "burundi"), mention("第40师", "MILITARY_UNIT", "israel")]},
              # One country's body and the same spelling without a country: one body.
              {"id": "d", "entities": [{"label": "ORG", "text": "国防部", "kb_id": cluster_id("ORG", "国防部@d")}]}]
    mapping = cluster_unknown(corpus)
    assert len({mapping[e["kb_id"]] for r in corpus for e in r["entities"] if e["label"] == "ORG"}) == 2
    assert len({mapping[e["kb_id"]] for r in corpus for e in r["entities"] if e["label"] != "ORG"}) == 2
