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


def test_hong_kong_and_taiwan_variant_characters_are_simplified_as_their_standard_forms():
    from newsnlp.candidates import normalize_alias
    from newsnlp.textnorm import t2s_char_table

    table = t2s_char_table()
    assert "伊斯蘭革命衞隊".translate(table) == "伊斯兰革命卫队" == "伊斯蘭革命衛隊".translate(table)
    assert "敍利亞".translate(table) == "叙利亚"
    # A variant that is a standard simplified character stays: 抬 and 著 are written in both scripts.
    assert "抬著".translate(table) == "抬著"
    assert normalize_alias("革命衞隊") == normalize_alias("革命衛隊") == "革命卫队"
