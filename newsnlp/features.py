"""Text normalisation and dictionary cues of the NER model, shared by training and tagging.

The model sees a normalised copy of the text: full-width digits and letters become
ASCII and traditional characters become simplified ones, one character for one
character, so an index into the copy is an index into ``doc.text``.

Dictionary cues of character ``i`` (:func:`lexicon_features`, strings the network
turns into 0/1 inputs, see :mod:`newsnlp.network`): whether the character begins,
continues, ends or is all of a person, place, organisation or other proper-noun
entry of an external lexicon, the length of the longest dictionary word starting
and ending there (a word-segmentation hint), surname and name-suffix cues, and
the same begin/middle/end/single matches against the entity strings of the
training data (kinds ``eper``, ``eloc``, ``eorg``; see ``models/ner/train.py``
for how they are built without letting the model over-trust them).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .textnorm import t2s_char_table

logger = logging.getLogger(__name__)

# Full-width ０-９ Ａ-Ｚ ａ-ｚ sit 0xFEE0 above their ASCII forms.
_FULLWIDTH = {
    code: code - 0xFEE0
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(lo, hi + 1)
}

# Lexicon kinds: name kinds give begin/middle/end features; suffix kinds only
# "a suffix ends here"; entity kinds (names seen as PERSON / PLACE / ORG in the
# training data) give begin/middle/end features and, for one-character entries,
# a single-character feature.
NAME_KINDS: tuple[str, ...] = ("per", "loc", "org", "nz")
SUFFIX_KINDS: tuple[str, ...] = ("sfxloc", "sfxorg")
ENTITY_KINDS: tuple[str, ...] = ("eper", "eloc", "eorg")
KINDS: tuple[str, ...] = ("word", *NAME_KINDS, *SUFFIX_KINDS, *ENTITY_KINDS)
_SINGLE_KINDS = frozenset((*SUFFIX_KINDS, *ENTITY_KINDS))
_BIT = {kind: 1 << i for i, kind in enumerate(KINDS)}

# Longest lexicon entry looked up (the scan stops at the first prefix miss, so
# long entries cost little; organisation names are often 9 or 10 characters).
MAX_WORD_LEN = 10
# Word-length hints are capped: 5 and longer behave alike.
_LEN_CAP = 5

_CN_NUMERALS = frozenset("零〇一二三四五六七八九十百千万亿两")


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, int]:
    return {**t2s_char_table(), **_FULLWIDTH}


def normalise(text: str) -> str:
    """The text the model sees: same length as ``text``, ASCII digits/letters, simplified script."""
    out = text.translate(_t2s_table())
    if len(out) != len(text):  # cannot happen with a 1:1 table; guards the offset contract
        raise ValueError("feature normalisation changed the text length")
    return out


_CLASS_CACHE: dict[str, str] = {}


def char_class(ch: str) -> str:
    """H han, N Chinese numeral, D digit, L letter, S space, P anything else."""
    cls = _CLASS_CACHE.get(ch)
    if cls is None:
        if ch in _CN_NUMERALS:
            cls = "N"
        elif ch.isdigit():
            cls = "D"
        elif "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\U00020000" <= ch <= "\U0003134f":
            cls = "H"
        elif ch.isalpha():
            cls = "L"
        elif ch.isspace():
            cls = "S"
        else:
            cls = "P"
        _CLASS_CACHE[ch] = cls
    return cls


@dataclass
class Lexicon:
    """Dictionary entries by kind.

    ``words`` maps an entry (2 to MAX_WORD_LEN characters; one character for
    suffix and entity kinds) to a bit mask of its kinds; ``surnames`` holds one-
    and two-character surnames.
    """

    words: dict[str, int] = field(default_factory=dict)
    surnames: frozenset[str] = frozenset()
    _index: dict[str, int] | None = field(default=None, init=False, repr=False, compare=False)

    def add(self, word: str, kind: str) -> None:
        if kind not in _BIT:
            raise ValueError(f"Unknown lexicon kind {kind!r}; expected one of {KINDS}")
        if 2 <= len(word) <= MAX_WORD_LEN or (kind in _SINGLE_KINDS and len(word) == 1):
            self.words[word] = self.words.get(word, 0) | _BIT[kind]
            self._index = None

    def __getstate__(self) -> dict[str, object]:
        # The prefix index is rebuilt on first use rather than pickled (it doubles the size).
        return {"words": self.words, "surnames": self.surnames, "_index": None}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    @property
    def index(self) -> dict[str, int]:
        """Entries plus every proper prefix of an entry (mask 0), so a scan stops at the first miss."""
        if self._index is None:
            prefixes = {word[:size] for word in self.words if len(word) > 2 for size in range(2, len(word))}
            index = dict.fromkeys(prefixes, 0)
            index.update(self.words)
            self._index = index
        return self._index

    def copy(self) -> Lexicon:
        return Lexicon(words=dict(self.words), surnames=self.surnames)

    def __len__(self) -> int:
        return len(self.words)

    # One line per entry: "word<TAB>kind,kind"; surnames have the kind "surname".
    def to_lines(self) -> Iterable[str]:
        for word in sorted(self.words):
            mask = self.words[word]
            yield f"{word}\t{','.join(k for k in KINDS if mask & _BIT[k])}"
        for name in sorted(self.surnames):
            yield f"{name}\tsurname"

    def to_file(self, path: str | Path) -> None:
        Path(path).write_text("\n".join(self.to_lines()) + "\n", encoding="utf-8")

    @classmethod
    def from_file(cls, path: str | Path) -> Lexicon:
        return cls.from_lines(Path(path).read_text(encoding="utf-8").splitlines())

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Lexicon:
        words: dict[str, int] = {}
        surnames: set[str] = set()
        masks: dict[str, int] = {}  # a few kind combinations; parsed once each (load time)
        for line in lines:
            word, _, kinds = line.rstrip("\n").partition("\t")
            if not word:
                continue
            if kinds == "surname":
                surnames.add(word)
                continue
            mask = masks.get(kinds)
            if mask is None:
                mask = masks[kinds] = sum(_BIT[kind] for kind in set(kinds.split(",")))
            words[word] = mask
        return cls(words=words, surnames=frozenset(surnames))


@lru_cache(maxsize=1024)
def _mask_names(mask: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(name and entity kinds, suffix kinds, single-character features) of a mask."""
    return (
        tuple(k for k in (*NAME_KINDS, *ENTITY_KINDS) if mask & _BIT[k]),
        tuple(k for k in SUFFIX_KINDS if mask & _BIT[k]),
        tuple(k if k in SUFFIX_KINDS else k + "S" for k in (*SUFFIX_KINDS, *ENTITY_KINDS) if mask & _BIT[k]),
    )


def lexicon_features(text: str, lexicon: Lexicon) -> list[list[str]]:
    n = len(text)
    words = lexicon.words
    index = lexicon.index
    extra: list[list[str]] = [[] for _ in range(n)]
    begin_len = [0] * n
    end_len = [0] * n
    word_bit = _BIT["word"]
    for i in range(n):
        single = words.get(text[i])  # one-character entries: name suffixes and entities
        if single:
            extra[i].extend(_mask_names(single)[2])
        for size in range(2, min(MAX_WORD_LEN, n - i) + 1):
            mask = index.get(text[i : i + size])
            if mask is None:
                break
            if not mask:
                continue
            last = i + size - 1
            if mask & word_bit and size > 1:
                begin_len[i] = size
                if size > end_len[last]:
                    end_len[last] = size
            names, suffixes, _ = _mask_names(mask)
            for kind in suffixes:
                extra[last].append(kind)
            for kind in names:
                extra[i].append(kind + "B")
                extra[last].append(kind + "E")
                for j in range(i + 1, last):
                    extra[j].append(kind + "M")
    surnames = lexicon.surnames
    for i in range(n):
        feats = extra[i]
        if begin_len[i]:
            feats.append(f"wb={min(begin_len[i], _LEN_CAP)}")
        if end_len[i]:
            feats.append(f"we={min(end_len[i], _LEN_CAP)}")
        if text[i] in surnames:
            feats.append("sur")
        if text[i : i + 2] in surnames:
            feats.append("sur2")
        if len(feats) > 1:
            extra[i] = list(dict.fromkeys(feats))
    return extra
