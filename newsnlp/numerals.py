"""Numeral parsing and the same-length text folding the rule finders match on.

The finders for units, numbers and dates match regular expressions on a folded
copy of the text: traditional characters become simplified ones and full-width
digits and signs become ASCII, one character for one character. Offsets found on
the folded copy are therefore offsets into the original text, which is never
rewritten (SCHEMA: offsets are sacred).
"""
from __future__ import annotations

import csv
import functools
import math
import re
from collections.abc import Iterable
from importlib.resources import files
from typing import Any

from .errors import ModelNotFoundError
from .textnorm import t2s_char_table

# Chinese digits, including the financial forms and the zero variants.
CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# 兆 is 10**12 as Taiwan, Hong Kong and Japanese copy write it (122.3兆日圓); the number rules read it
# only after a numeral, as in a name (王兆国) or a unit (兆瓦) it is none.
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000, "兆": 10**12}

# Character classes for regular expressions (on folded text).
# The financial forms (陆, 拾 ...) are ordinary words in running text (陆军), so the
# patterns leave them out; parse_number still reads them.
CN_DIGIT_CLASS = "零〇○一二两三四五六七八九"
CN_NUMERAL_CLASS = CN_DIGIT_CLASS + "十百千万亿"

_FULLWIDTH = "０１２３４５６７８９．，％－～／：＋"
_FULLWIDTH_TABLE = {ord(ch): ord(ch) - 0xFEE0 for ch in _FULLWIDTH}
# Dashes and tildes used between the ends of a range fold to one ASCII sign each.
_DASHES = {ord(ch): ord("-") for ch in "－—–‐‑‒―−"}
_TILDES = {ord(ch): ord("~") for ch in "～〜"}


@functools.cache
def _fold_table() -> dict[int, int]:
    table = dict(t2s_char_table())
    table.update(_FULLWIDTH_TABLE)
    table.update(_DASHES)
    table.update(_TILDES)
    table[ord("萬")] = ord("万")
    table[ord("億")] = ord("亿")
    table[ord("\u3000")] = ord(" ")
    return table


@functools.lru_cache(maxsize=8)
def fold(text: str) -> str:
    """Traditional to simplified, full-width to ASCII; ``len(fold(t)) == len(t)``.

    Cached: the three finders fold the same article text one after another.
    """
    return text.translate(_fold_table())


def _parse_arabic(text: str) -> float | None:
    cleaned = text.replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return None


def _tokens(text: str) -> list[tuple[str, float]] | None:
    """Split a numeral into ("n", value) digits/numbers and ("u", size) multipliers."""
    tokens: list[tuple[str, float]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isdigit():
            j = i
            while j < len(text) and (text[j].isdigit() or text[j] in ".,"):
                j += 1
            value = _parse_arabic(text[i:j].rstrip(".,"))
            if value is None:
                return None
            tokens.append(("a", value))
            i = j
            continue
        if ch in CN_DIGITS:
            tokens.append(("n", CN_DIGITS[ch]))
        elif ch in CN_SMALL_UNITS:
            tokens.append(("u", CN_SMALL_UNITS[ch]))
        elif ch in CN_BIG_UNITS:
            tokens.append(("U", CN_BIG_UNITS[ch]))
        elif ch == "点" and i + 1 < len(text):
            # 一点五: the digits after 点 are decimals, read digit by digit.
            decimals = text[i + 1:]
            if not decimals or any(d not in CN_DIGITS for d in decimals):
                return None
            tokens.append(("d", float("0." + "".join(str(CN_DIGITS[d]) for d in decimals))))
            break
        elif ch in " \t":
            pass
        else:
            return None
        i += 1
    return tokens


def parse_number(text: str) -> int | float | None:
    """Value of an Arabic, Chinese or mixed numeral, or ``None`` if it is not one.

    ``"1,430"`` -> 1430, ``"1.5 万"`` -> 15000, ``"1万6000"`` -> 16000,
    ``"13万亿"`` -> 13 000 000 000 000, ``"两千"`` -> 2000, ``"三千五"`` -> 3500, ``"二十"`` -> 20,
    ``"一点五"`` -> 1.5, ``"二〇二四"`` -> 2024 (digit by digit).
    """
    tokens = _tokens(text.strip())
    if not tokens:
        return None
    kinds = [kind for kind, _ in tokens]
    # A run of bare Chinese digits (二〇二四, 一九九八) is read digit by digit.
    if len(tokens) > 1 and all(kind == "n" for kind in kinds):
        return int("".join(str(int(value)) for _, value in tokens))
    total = 0.0      # the groups closed by 亿
    below_yi = 0.0   # the 万 groups since the last 亿
    section = 0.0    # the current section below 万
    current: float | None = None
    last_unit = 0.0
    for kind, value in tokens:
        if kind == "n" and value == 0:
            continue  # 一百零五: 零 only holds an empty place
        if kind in ("n", "a"):
            if current is not None:
                return None  # two numbers in a row (一二, 3 4) are not one numeral
            current = value
        elif kind == "d":
            current = (current or 0) + value
        elif kind == "u":
            section += (1 if current is None else current) * value
            current = None
            last_unit = value
        else:  # 万 / 亿 closes a section; 亿 multiplies the 万 groups before it (13万亿, 2万5千亿)
            section += current or 0
            if value > 10_000:
                group = below_yi + section
                if group:
                    total += group * value
                elif total:
                    total *= value  # 亿亿
                else:
                    total = value  # 亿 alone is one
                below_yi = 0.0
            elif not section and below_yi and last_unit == value:
                below_yi *= value  # 四万万 is four hundred million
            else:
                below_yi += (section or 1) * value  # 万 alone (万人) is one
            section, current, last_unit = 0.0, None, value
    if current is not None:
        # 三千五 means 3500: a lone trailing digit counts in the unit below.
        if (len(kinds) > 1 and kinds[-2] in ("u", "U") and last_unit >= 100
                and (kinds[-1] == "n" or current < 10 and current == int(current))):  # 三千五, 1万5
            current *= last_unit / 10
        section += current
    result = total + below_yi + section
    return to_plain(result)


def to_plain(value: float) -> int | float | None:
    """An int where the value is whole, else a float rounded to 4 decimals; None for a numeral too
    long for a float (a string of 309 digits)."""
    if not math.isfinite(value):
        return None
    if abs(value - round(value)) < 1e-9 * max(1.0, abs(value)):  # 1.1亿 is 110000000, not 110000000.00000001
        return int(round(value))
    return round(value, 4)


def read_rule_table(name: str) -> list[list[str]]:
    """Rows of a tab-separated table under ``newsnlp/data/rules``, comments skipped."""
    resource = files("newsnlp") / "data" / "rules" / name
    if not resource.is_file():
        raise ModelNotFoundError(
            f"The rule table {name!r}", resource,
            "Reinstall newsnlp so its package data is present (`pip install .`).",
        )
    rows: list[list[str]] = []
    with resource.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            rows.append([cell.strip() for cell in row])
    return rows


# A country's Chinese name; the Congos' hold their capital in brackets (刚果（金）, 刚果(布)).
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,}(?:[（(][\u4e00-\u9fff]{1,4}[)）])?")


@functools.cache
def country_words() -> dict[str, tuple[str, str]]:
    """Country words as the rule finders match them (folded): word -> (country id, form), form
    ``full`` (a name) or ``abbr`` (a one-character short form, trusted only before 军/军方).

    The rule table ``countries.tsv`` gives the short forms and colloquial names; every country's
    Chinese names in the shipped KB (CLDR, both scripts) are added, so the forces of countries
    the table does not list are found too (马里军队, 立陶宛陆军).
    """
    from .kb import shipped_records  # here, not above: the KB module imports spaCy, and this one stays light

    return country_words_of(shipped_records("countries"))


def country_words_of(records: Iterable[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """:func:`country_words` with the countries of these KB records (a user's KB merged in)."""
    words = {row[0]: (row[1], row[2]) for row in read_rule_table("countries.tsv")}
    for entity in records:
        if entity.get("type") != "country":
            continue
        for name in (entity["name"], *entity.get("aliases", ())):
            word = fold(name)
            if _HAN_NAME.fullmatch(word):
                words.setdefault(word, (entity["id"], "full"))
    return words

