from __future__ import annotations

import pickle
from pathlib import Path

import pycrfsuite
import pytest
import spacy

from newsnlp.components.ner import (
    LEXICON_FILE,
    META_FILE,
    MODEL_FILE,
    CharNER,
    CrfTagger,
    default_model_dir,
    split_chunks,
)
from newsnlp.errors import ConfigError, ModelNotFoundError
from newsnlp.evaluate.bio import evaluate_bio
from newsnlp.extensions import get_matches
from newsnlp.features import Lexicon, featurize, normalise

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "msra_ner" / "dev.bio"

# A tiny training set: the model learns names after 在/是 and before 说/报道.
TRAIN = [
    ("张伟在北京说", [(0, 2, "PERSON"), (3, 5, "PLACE")]),
    ("李娜在上海说", [(0, 2, "PERSON"), (3, 5, "PLACE")]),
    ("王芳在广州说", [(0, 2, "PERSON"), (3, 5, "PLACE")]),
    ("新华社报道", [(0, 3, "ORG")]),
    ("人民日报报道", [(0, 4, "ORG")]),
    ("他在天津说", [(2, 4, "PLACE")]),
    ("今天天气很好", []),
]


def tags_for(text: str, spans: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * len(text)
    for start, end, label in spans:
        tags[start] = "B-" + label
        for i in range(start + 1, end):
            tags[i] = "I-" + label
    return tags


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ner")
    lexicon = Lexicon()
    for word, kind in (("北京", "loc"), ("上海", "loc"), ("张伟", "per"), ("新华社", "org")):
        lexicon.add(word, kind)
    lexicon.add("市", "sfxloc")
    lexicon.surnames = frozenset({"张", "李", "王"})
    lexicon.to_file(out / LEXICON_FILE)
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, spans in TRAIN * 5:
        trainer.append(featurize(text, lexicon), tags_for(text, spans))
    trainer.set_params({"max_iterations": 50, "c2": 0.01, "feature.possible_transitions": True})
    trainer.train(str(out / MODEL_FILE))
    (out / META_FILE).write_text('{"labels": ["PERSON", "PLACE", "ORG"]}', encoding="utf-8")
    return out


@pytest.fixture()
def nlp():
    return spacy.blank("zh")


def test_normalise_keeps_length_and_maps_full_width_and_traditional():
    text = "澤倫斯基於２０２４年訪問ＵＳＡ"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == "泽伦斯基于2024年访问USA"


def test_featurize_gives_one_row_per_character_with_lexicon_cues():
    lexicon = Lexicon()
    lexicon.add("北京", "loc")
    lexicon.surnames = frozenset({"张"})
    rows = featurize("张三去北京", lexicon)
    assert len(rows) == 5
    assert "sur" in rows[0]
    assert "locB" in rows[3] and "locE" in rows[4]
    assert "u0=北" in rows[3]


def test_featurize_marks_training_entity_entries_including_single_characters():
    lexicon = Lexicon()
    lexicon.add("长虹", "eorg")
    lexicon.add("鲁", "eloc")
    lexicon.add("鲁", "sfxloc")
    lexicon.add("中华人民共和国外交部", "eorg")  # ten characters: still looked up
    rows = featurize("鲁长虹说", lexicon)
    assert "elocS" in rows[0] and "sfxloc" in rows[0]
    assert "eorgB" in rows[1] and "eorgE" in rows[2]
    assert not [f for f in rows[3] if f.startswith(("eper", "eloc", "eorg"))]
    rows = featurize("中华人民共和国外交部", lexicon)
    assert "eorgB" in rows[0] and "eorgM" in rows[5] and "eorgE" in rows[9]


def test_lexicon_survives_a_file_round_trip(tmp_path):
    lexicon = Lexicon()
    lexicon.add("北京", "loc")
    lexicon.add("北京", "word")
    lexicon.add("北京", "eloc")
    lexicon.add("鲁", "eloc")
    lexicon.add("省", "sfxloc")
    lexicon.surnames = frozenset({"欧阳", "王"})
    lexicon.to_file(tmp_path / "lex.tsv")
    loaded = Lexicon.from_file(tmp_path / "lex.tsv")
    assert loaded.words == lexicon.words and loaded.surnames == lexicon.surnames


def test_split_chunks_cover_the_text_at_sentence_ends_and_cap_length():
    text = "第一句。第二句！" + "长" * 25 + "，" + "长" * 20 + "\n末尾"
    chunks = split_chunks(text, max_chunk=30)
    assert "".join(text[s:e] for s, e in chunks) == text
    assert all(e - s <= 30 for s, e in chunks)
    assert text[chunks[0][0]:chunks[0][1]] == "第一句。"
    assert any(text[e - 1] == "，" for _, e in chunks)


def test_component_adds_model_matches_and_leaves_ents_alone(nlp, tiny_model):
    ner = CharNER(nlp, "ner", model_path=str(tiny_model))
    doc = ner(nlp("张伟在北京说。新华社报道"))
    assert list(doc.ents) == []
    matches = get_matches(doc)
    found = {(doc.text[m.start:m.end], m.label) for m in matches}
    assert ("张伟", "PERSON") in found and ("北京", "PLACE") in found and ("新华社", "ORG") in found
    for m in matches:
        assert m.source == "model" and m.priority == 0 and 0.0 < m.score <= 1.0


def test_component_offsets_point_into_the_original_traditional_text(nlp, tiny_model):
    ner = CharNER(nlp, "ner", model_path=str(tiny_model))
    text = "張偉在北京說"
    doc = ner(nlp(text))
    spans = {(m.start, m.end, m.label) for m in get_matches(doc)}
    assert (0, 2, "PERSON") in spans
    assert doc.text == text


def test_min_score_one_drops_uncertain_mentions(nlp, tiny_model):
    ner = CharNER(nlp, "ner", model_path=str(tiny_model), min_score=1.0)
    doc = ner(nlp("赵六在西安说"))
    assert all(m.score >= 1.0 for m in get_matches(doc))


def test_min_score_outside_unit_interval_is_a_config_error(nlp, tiny_model):
    with pytest.raises(ConfigError, match="min_score"):
        CharNER(nlp, "ner", model_path=str(tiny_model), min_score=2.0)


def test_missing_model_says_how_to_rebuild_it(nlp, tmp_path):
    with pytest.raises(ModelNotFoundError, match="train.py"):
        CharNER(nlp, "ner", model_path=str(tmp_path))


def _spans(ner: CharNER, nlp, text: str) -> list[tuple[int, int, str, float]]:
    return [(m.start, m.end, m.label, m.score) for m in get_matches(ner(nlp(text)))]


def test_component_round_trips_through_disk_bytes_and_pickle(nlp, tiny_model, tmp_path):
    text = "李娜在上海说。人民日报报道"
    ner = CharNER(nlp, "ner", model_path=str(tiny_model), min_score=0.1)
    expected = _spans(ner, nlp, text)
    assert expected

    ner.to_disk(tmp_path / "saved")
    from_disk = CharNER(nlp, "ner", model_path=str(tiny_model)).from_disk(tmp_path / "saved")
    assert from_disk.min_score == 0.1
    assert _spans(from_disk, nlp, text) == expected

    from_bytes = CharNER(nlp, "ner", model_path=str(tiny_model)).from_bytes(ner.to_bytes())
    assert _spans(from_bytes, nlp, text) == expected
    # A component restored from bytes has no folder behind it and still saves.
    from_bytes.to_disk(tmp_path / "again")
    assert (tmp_path / "again" / MODEL_FILE).read_bytes() == (tiny_model / MODEL_FILE).read_bytes()

    unpickled = pickle.loads(pickle.dumps(ner))
    assert _spans(unpickled, nlp, text) == expected
    assert pickle.loads(pickle.dumps(from_bytes)).model.to_files()[MODEL_FILE]


def test_pipeline_with_the_factory_saves_and_loads(tiny_model, tmp_path):
    import newsnlp.factories  # noqa: F401  (registers newsnlp_ner)

    nlp = spacy.blank("zh")
    nlp.add_pipe("newsnlp_ner", config={"model_path": str(tiny_model)})
    text = "王芳在广州说"
    expected = get_matches(nlp(text))
    nlp.to_disk(tmp_path / "pipe")
    reloaded = spacy.load(tmp_path / "pipe")
    assert get_matches(reloaded(text)) == expected


shipped = pytest.mark.skipif(
    not (default_model_dir() / MODEL_FILE).is_file(), reason="the NER model is not built"
)


@shipped
def test_shipped_model_scores_well_on_a_dev_slice():
    if not DEV.is_file():
        pytest.skip("the shared MSRA dev file is not beside this checkout")
    tagger = CrfTagger.load()
    result = evaluate_bio(DEV, lambda t: [s[:3] for s in tagger.tag(t, with_scores=False)], limit=200)
    # Measured 0.86 micro F1 on these 200 sentences (models/README.md); the floor catches breakage.
    assert result["micro"]["f"] >= 0.78


@shipped
def test_shipped_model_reads_traditional_script_and_full_width_digits():
    tagger = CrfTagger.load()
    simplified = {(s, e, label) for s, e, label, _ in tagger.tag("泽伦斯基周二在基辅会见了美国国务卿。")}
    traditional = {(s, e, label) for s, e, label, _ in tagger.tag("澤倫斯基週二在基輔會見了美國國務卿。")}
    assert (0, 4, "PERSON") in simplified
    assert simplified == traditional
