from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile

import jieba
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import newsnlp
from newsnlp.errors import ConfigError, ModelNotFoundError
from newsnlp.tokenizer import ChineseTokenizer, initialize_jieba


def words(nlp, text):
    return [t.text for t in nlp.make_doc(text)]


def test_tokens_cover_text_exactly(nlp):
    text = "朝鲜人民军第 528 工兵团官兵,该部队\n\n圆满完成“境外作战区域任务”。 2025 年"
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert "".join(t.text for t in doc) == text


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("朝鲜俄罗斯库尔克州第528团 ・·\n，。“”abc")), max_size=40))
def test_any_text_round_trips(nlp, text):
    doc = nlp.make_doc(text)
    assert doc.text == text


def test_user_word_with_middle_dot_stays_one_token():
    nlp = newsnlp.load(user_words=["谢尔盖·绍伊古"])
    # The text uses another dot variant and spaces around it.
    assert "谢尔盖・绍伊古" in words(nlp, "谢尔盖・绍伊古表示")
    assert "谢尔盖 · 绍伊古" in words(nlp, "前部长谢尔盖 · 绍伊古曾表示")


def test_user_word_with_spaces_and_digits_stays_one_token():
    nlp = newsnlp.load(user_words=["第 155 海军陆战旅"])
    assert "第155海军陆战旅" in words(nlp, "俄军第155海军陆战旅进入")
    assert "第 155 海军陆战旅" in words(nlp, "俄军第 155 海军陆战旅进入")


def test_plain_user_word_goes_to_own_jieba_dictionary():
    nlp = newsnlp.load(user_words=["哈尔基夫州"])
    assert "哈尔基夫州" in words(nlp, "他们撤出了哈尔基夫州北部")


def test_user_dictionaries_are_isolated_between_pipelines_and_jieba():
    before_global = jieba.lcut("他们撤出了沃夫昌斯克城区")
    with_word = newsnlp.load(user_words=["沃夫昌斯克城区"])
    without_word = newsnlp.load()
    assert "沃夫昌斯克城区" in words(with_word, "他们撤出了沃夫昌斯克城区")
    assert "沃夫昌斯克城区" not in words(without_word, "他们撤出了沃夫昌斯克城区")
    assert jieba.lcut("他们撤出了沃夫昌斯克城区") == before_global
    assert "沃夫昌斯克城区" not in jieba.dt.FREQ


def test_user_words_survive_to_disk_and_spacy_load(tmp_path):
    nlp = newsnlp.load(user_words=["谢尔盖·拉夫罗夫", "第 810 旅"])
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.tokenizer.user_words == ["谢尔盖·拉夫罗夫", "第 810 旅"]
    assert "谢尔盖・拉夫罗夫" in words(loaded, "外长谢尔盖・拉夫罗夫说")
    assert "第810旅" in words(loaded, "俄军第810旅")


def test_tokenizer_bytes_round_trip():
    nlp = newsnlp.load(user_words=["安德烈·别洛乌索夫"], hmm=False)
    data = nlp.tokenizer.to_bytes()
    other = newsnlp.load()
    other.tokenizer.from_bytes(data)
    assert other.tokenizer.user_words == ["安德烈·别洛乌索夫"]
    assert other.tokenizer.hmm is False


def test_tokenizer_pickles_after_use():
    nlp = newsnlp.load(user_words=["亚速营"])
    nlp.make_doc("亚速营士兵")  # builds the jieba engine, which holds a lock
    clone = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert [t.text for t in clone("亚速营士兵")] == [t.text for t in nlp.make_doc("亚速营士兵")]


def test_unknown_segmenter_is_a_config_error():
    with pytest.raises(ConfigError):
        newsnlp.load(segmenter="thulac")


def test_pkuseg_is_selectable_and_keeps_user_words():
    nlp = newsnlp.load(segmenter="pkuseg", user_words=["谢尔盖·绍伊古"])
    doc = nlp.make_doc("谢尔盖・绍伊古在 2024 年表示")
    assert doc.text == "谢尔盖・绍伊古在 2024 年表示"
    assert doc[0].text == "谢尔盖・绍伊古"


def test_missing_pkuseg_model_is_named_in_the_error(tmp_path, monkeypatch):
    import newsnlp.tokenizer as tokenizer

    monkeypatch.setattr(tokenizer, "pkuseg_model_path", lambda: tmp_path / "pkuseg")
    with pytest.raises(ModelNotFoundError, match="pkuseg"):
        ChineseTokenizer(spacy.blank("zh").vocab, segmenter="pkuseg")


def test_full_width_digits_segment_like_ascii_and_keep_the_text(nlp):
    ascii_words = words(nlp, "2024年8月派遣1000人")
    full = "２０２４年８月派遣１０００人"
    full_words = words(nlp, full)
    assert "".join(full_words) == full
    assert [len(w) for w in full_words] == [len(w) for w in ascii_words]


def test_jieba_prefix_dictionary_copy_matches_jiebas_own_and_survives_a_bad_file(tmp_path, monkeypatch):
    words = tmp_path / "dict.txt"
    words.write_text("库尔斯克 10 ns\n库尔斯克州 5 ns\n工兵团 3 n\n", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    built = jieba.Tokenizer(dictionary=str(words))
    initialize_jieba(built)  # no copy yet: jieba builds the dictionary, the copy is written
    (copy,) = tmp_path.glob("newsnlp-jieba-*.marshal")
    cached = jieba.Tokenizer(dictionary=str(words))
    initialize_jieba(cached)
    assert cached.initialized and cached.FREQ == built.FREQ and cached.total == built.total
    assert cached.FREQ["库尔斯"] == 0 and cached.lcut("库尔斯克州工兵团") == ["库尔斯克州", "工兵团"]
    copy.write_bytes(b"not marshal data")
    fallback = jieba.Tokenizer(dictionary=str(words))
    initialize_jieba(fallback)
    assert fallback.FREQ == built.FREQ


def test_jieba_loads_when_its_prefix_dictionary_copy_cannot_be_written(tmp_path, monkeypatch):
    words = tmp_path / "dict.txt"
    words.write_text("库尔斯克州 5 ns\n", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))  # no such folder
    engine = jieba.Tokenizer(dictionary=str(words))
    initialize_jieba(engine)
    assert engine.initialized and engine.lcut("库尔斯克州") == ["库尔斯克州"]
    assert not list(tmp_path.glob("newsnlp-jieba-*"))


def test_the_recorded_text_never_rides_in_user_data(nlp):
    from newsnlp.extensions import doc_text

    doc = nlp.make_doc("俄罗斯国防部说，朝鲜士兵在库尔斯克州。")  # no component runs to drop it
    assert doc_text(doc) == doc.text
    assert doc.user_data == {}
    assert pickle.loads(pickle.dumps(doc)).text == doc.text


def test_jieba_loads_without_pkg_resources_and_leaves_it_importable():
    # A fresh interpreter: jieba must not be imported yet for the mask to apply.
    script = (
        "import sys\n"
        "from newsnlp.tokenizer import import_jieba\n"
        "before = 'pkg_resources' in sys.modules\n"
        "jieba = import_jieba()\n"
        "assert before or 'pkg_resources' not in sys.modules, 'jieba imported pkg_resources'\n"
        "print('/'.join(jieba.Tokenizer().lcut('我们在北京')))\n"  # jieba's own data files open
        "try:\n"
        "    import pkg_resources\n"
        "except ImportError as err:\n"
        "    assert 'None in sys.modules' not in str(err), err\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "我们/在/北京"
