from __future__ import annotations

import multiprocessing
import subprocess
import sys
from importlib.metadata import entry_points

import pytest
import spacy
from spacy.language import Language

import newsnlp
from newsnlp.errors import ConfigError


def ents(doc):
    return [(e.start_char, e.end_char, e.label_, e.kb_id_) for e in doc.ents]


def test_load_returns_a_chinese_spacy_pipeline(nlp):
    assert isinstance(nlp, Language)
    assert nlp.lang == "zh"
    assert nlp.pipe_names[0] == "sentencizer"
    assert nlp.pipe_names[-1] in {"resolver", "linker"}


def test_factories_are_published_as_entry_points(nlp):
    published = {ep.name for ep in entry_points(group="spacy_factories")}
    for pipe in nlp.pipe_names:
        assert nlp.get_pipe_meta(pipe).factory in published
    tokenizers = {ep.name for ep in entry_points(group="spacy_tokenizers")}
    assert "newsnlp.ChineseTokenizer.v1" in tokenizers


def test_unknown_setting_is_a_config_error():
    with pytest.raises(ConfigError, match="Unknown settings"):
        newsnlp.load(colour="blue")


def test_saved_pipeline_loads_in_a_fresh_process_without_importing_newsnlp(nlp, tmp_path):
    text = "据朝中社报道，金正恩在平壤会见了朝鲜人民军第 528 工兵团官兵。"
    nlp.to_disk(tmp_path / "pipe")
    code = (
        "import sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'pipe')!r})\n"
        "assert 'newsnlp.pipeline' not in sys.modules\n"
        f"doc = nlp({text!r})\n"
        "print(repr([(e.start_char, e.end_char, e.label_, e.kb_id_) for e in doc.ents]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=tmp_path)
    assert out.stdout.strip() == repr(ents(nlp(text)))


def test_pipe_with_two_spawned_processes_matches_single_process(nlp):
    texts = ["据朝中社报道，金正恩在平壤会见了官兵。", "俄罗斯外交部长谢尔盖・拉夫罗夫表示。",
             "约5000名朝鲜人前往库尔斯克州。", "2024 年 8 月，乌军攻入库尔斯克州。"]
    expected = [ents(doc) for doc in nlp.pipe(texts)]
    old = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    try:
        got = [ents(doc) for doc in nlp.pipe(texts, n_process=2, batch_size=1)]
    finally:
        multiprocessing.set_start_method(old, force=True)
    assert got == expected
    assert [[t.text for t in nlp(t)] for t in texts]  # pipeline still usable afterwards


def test_pipeline_pickles(nlp):
    import pickle

    clone = pickle.loads(pickle.dumps(nlp))
    text = "俄军第58集团军在扎波罗热州推进。"
    assert ents(clone(text)) == ents(nlp(text))


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NEWS_CHARS = list("朝鲜俄罗斯乌克兰库尔斯克州第528团军约名人万年月日金正恩平壤社报道，。！？“”（）・· \n0123456789")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(NEWS_CHARS), max_size=80) | st.text(max_size=40))
def test_any_string_gives_valid_offsets(nlp, text):
    from newsnlp.io.jsonl import doc_to_record, validate_record

    doc = nlp(text)
    assert doc.text == text
    record = doc_to_record(doc)
    record["id"] = "x"
    assert validate_record(record) == []


@Language.component("newsnlp_test_fails_on_boom")
def _fails_on_boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("a component failed")
    return doc


def test_an_article_the_pipeline_cannot_take_is_reported_and_the_others_annotated(tmp_path):
    from newsnlp.corpus import annotate_to_jsonl
    from newsnlp.schema import Article

    nlp = newsnlp.load(disable=["ner"])
    nlp.add_pipe("newsnlp_test_fails_on_boom")
    articles = [Article(f"a{i}", text, {}, {}) for i, text in enumerate(["俄军推进。", "BOOM", "乌军撤离。"])]
    errors = []
    summary = annotate_to_jsonl(articles, tmp_path / "out.jsonl", nlp=nlp, on_error=errors.append)
    assert summary["articles"] == 2 and [e.stage for e in errors] == ["annotate"]
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == 2
