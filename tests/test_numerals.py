import pytest
from hypothesis import given, strategies as st

from newsnlp.numerals import fold, parse_number, read_rule_table


@pytest.mark.parametrize("text, value", [
    ("1,430", 1430), ("1.5 万", 15000), ("1万6000", 16000), ("两千", 2000), ("三千五", 3500),
    # 亿 multiplies the 万 groups before it.
    ("13万亿", 13 * 10**12), ("3.5万亿", 35 * 10**11), ("2万5千亿", 25 * 10**11), ("1万亿3000亿", 13 * 10**11),
    ("1亿2万", 100_020_000), ("一亿三千万", 130_000_000), ("四万万", 400_000_000),
    # A lone digit after a unit counts in the unit below, in either script (1万5 is 15000).
    ("1万5", 15000), ("3千5", 3500),
    # 兆 is 10**12 (Taiwan's, Hong Kong's and Japan's trillion).
    ("122.3兆", 1223 * 10**11), ("1兆1000亿", 11 * 10**11),
    ("二十", 20), ("十二", 12), ("一百零五", 105), ("一点五", 1.5), ("二〇二四", 2024),
    ("3.6万", 36000), ("5亿", 500000000), ("1.2亿", 120000000), ("两万五", 25000), ("零", 0),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "3 4", "一二十"])
def test_parse_number_rejects_non_numerals(text):
    assert parse_number(text) is None


def test_fold_maps_traditional_and_full_width_one_to_one():
    assert fold("第１５５海軍陸戰旅 ３.６萬輛") == "第155海军陆战旅 3.6万辆"


@given(st.text(max_size=50))
def test_fold_keeps_the_length(text):
    assert len(fold(text)) == len(text)


@given(st.integers(min_value=0, max_value=10**9))
def test_arabic_integers_round_trip(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@pytest.mark.parametrize("name", ["countries.tsv", "abbr_blockers.txt", "forces.tsv", "force_blockers.txt",
                                  "force_exceptions.txt", "echelons.tsv", "branches.tsv", "honorifics.txt",
                                  "named_units.tsv", "qualifiers.tsv", "measure_words.txt", "counted_nouns.txt"])
def test_every_shipped_rule_table_loads(name):
    assert read_rule_table(name)
