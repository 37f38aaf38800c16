from hypothesis import given
from hypothesis import strategies as st

from newsnlp.textnorm import normalize_for_segmenter


def test_full_width_digits_letters_and_number_symbols_become_ascii():
    assert normalize_for_segmenter("２３０亿元，ＭｉＧ－２９　３．５％") == "230亿元，MiG-29　3.5%"


def test_chinese_sentence_punctuation_stays_full_width():
    assert normalize_for_segmenter("（朝鲜）：是否？！；") == "（朝鲜）：是否？！；"


@given(st.text())
def test_length_never_changes(text):
    assert len(normalize_for_segmenter(text)) == len(text)
