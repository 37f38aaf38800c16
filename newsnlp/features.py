"""Text normalisation and dictionary cues of the NER model, shared by training and tagging.

The model sees a normalised copy of the text: full-width digits and letters become
ASCII and traditional characters become simplified ones, one character for one
character, so an index into the copy is an index into ``doc.text``.

Dictionary cues of character ``i`` (:func:`cue_matrix`: one 0/1 input column of the
network per cue, see :mod:`newsnlp.network`; :func:`lexicon_features` names them): its
character class, whether the character begins,
continues, ends or is all of a person, place, organisation or other proper-noun
entry of an external lexicon, the length of the longest dictionary word starting
and ending there (a word-segmentation hint), surname and name-suffix cues, and
the same begin/middle/end/single matches against the entity strings of the
training data (kinds ``eper``, ``eloc``, ``eorg``; see ``models/ner/train.py``
for how they are built without letting the model over-trust them).
"""
from __future__ import annotations

import logging
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import numpy as np

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

# Name-final words that mark a place or an organisation, general for news text: the lexicon's
# sfxloc / sfxorg entries, and what the resolver accepts as the end of a longer name.
PLACE_SUFFIXES = (
    "省 市 县 区 州 镇 乡 村 岛 河 江 湖 山 峰 海 港 湾 洲 郡 城 "
    "地区 自治区 特区 共和国 王国 联邦 半岛 海峡 平原 高原 盆地 沙漠 群岛 大街 广场 机场 口岸"
).split()
ORG_SUFFIXES = (
    "部 局 社 会 院 委 署 厅 处 所 党 厂 台 报 行 "
    "公司 集团 大学 学院 中学 小学 银行 协会 委员会 组织 联盟 基金会 研究所 研究院 医院 电视台 "
    "通讯社 法院 检察院 政府 议会 交易所 俱乐部 中心 办公室 办事处 联合会 理事会 总署 集团公司"
).split()

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


def char_class(ch: str) -> str:
    """H han, N Chinese numeral, D digit, L letter, S space, P anything else."""
    if ch in _CN_NUMERALS:
        return "N"
    if ch.isdigit():
        return "D"
    if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\U00020000" <= ch <= "\U0003134f":
        return "H"
    if ch.isalpha():
        return "L"
    if ch.isspace():
        return "S"
    return "P"


def char_codes(text: str) -> np.ndarray:
    """The code point of each character of ``text`` (int64; a lone surrogate's too)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


def codes_at(codes: np.ndarray, starts: np.ndarray, size: int) -> np.ndarray:
    """The ``size`` code points from each of ``starts`` in one number each, as :class:`CodeTable`
    keys them (a code point is below 2 ** 21, so three fit in an int64)."""
    out = codes[starts]
    for k in range(1, size):
        out = out << 21 | codes[starts + k]
    return out


class CodeTable:
    """Values of strings of one size (one to three characters), looked up for many positions of a
    text at once by their code points (:func:`codes_at`): in C, and in a sorted array that stays
    in the processor's caches, where a dictionary lookup per position costs a string and a hash
    and a visit to a large table."""

    def __init__(self, items: Sequence[str], values: Sequence[int], size: int) -> None:
        if not 1 <= size <= 3:
            raise ValueError("a code table holds strings of one to three characters")
        grid = np.array(list(items), dtype=f"<U{size}").view(np.uint32).reshape(-1, size).astype(np.int64)
        keys = codes_at(grid.ravel(), np.arange(0, grid.size, size), size) if len(grid) else np.zeros(0, np.int64)
        order = np.argsort(keys, kind="stable")
        self._keys, self._values = keys[order], np.asarray(values, dtype=np.int64)[order]

    def get(self, codes: np.ndarray, missing: int) -> np.ndarray:
        """The value of each code, ``missing`` where the table has none."""
        if not len(self._keys):
            return np.full(len(codes), missing, dtype=np.int64)
        at = np.minimum(np.searchsorted(self._keys, codes), len(self._keys) - 1)
        return np.where(self._keys[at] == codes, self._values[at], missing)


class Lexicon:
    """Dictionary entries by kind.

    ``words`` maps an entry (2 to MAX_WORD_LEN characters; one character for
    suffix and entity kinds) to a bit mask of its kinds; ``surnames`` holds one-
    and two-character surnames. A lexicon read from a file keeps only its
    :attr:`index` and derives ``words`` when asked (load time and memory).
    """

    def __init__(self, words: dict[str, int] | None = None, surnames: Iterable[str] = ()) -> None:
        self._words: dict[str, int] | None = dict(words or {})
        self._index: dict[str, int] | None = None
        self._tables: dict[int, CodeTable] = {}
        self.surnames = frozenset(surnames)

    @property
    def words(self) -> dict[str, int]:
        if self._words is None:
            assert self._index is not None
            self._words = {word: mask for word, mask in self._index.items() if mask}
        return self._words

    def add(self, word: str, kind: str) -> None:
        if kind not in _BIT:
            raise ValueError(f"Unknown lexicon kind {kind!r}; expected one of {KINDS}")
        if "\t" in word or "\n" in word:
            raise ValueError(f"Lexicon entries cannot hold tabs or newlines: {word!r}")
        if 2 <= len(word) <= MAX_WORD_LEN or (kind in _SINGLE_KINDS and len(word) == 1):
            words = self.words
            words[word] = words.get(word, 0) | _BIT[kind]
            self._index = None
            self._tables = {}

    def __getstate__(self) -> dict[str, object]:
        # The index alone: it holds every entry, and a worker need not rebuild it.
        return {"index": self.index, "surnames": self.surnames}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._words = None
        self._tables = {}
        self._index = state["index"]
        self.surnames = state["surnames"]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Lexicon):
            return NotImplemented
        return self.words == other.words and self.surnames == other.surnames

    def __repr__(self) -> str:
        return f"Lexicon({len(self)} entries, {len(self.surnames)} surnames)"

    @property
    def index(self) -> dict[str, int]:
        """Entries plus every proper prefix of an entry (mask 0), so a scan stops at the first miss."""
        if self._index is None:
            self._index = dict.fromkeys(self._prefixes(), 0)
            self._index.update(self.words)
        return self._index

    def table(self, size: int) -> CodeTable:
        """The :attr:`index`'s keys of ``size`` characters (1 to 3) and their masks, as a
        :class:`CodeTable` (made on first use)."""
        if not self._tables:  # all three in one pass over the index
            keys: dict[int, list[str]] = {1: [], 2: [], 3: []}
            masks: dict[int, list[int]] = {1: [], 2: [], 3: []}
            for key, mask in self.index.items():
                if 0 < len(key) <= 3:
                    keys[len(key)].append(key)
                    masks[len(key)].append(mask)
            self._tables = {n: CodeTable(keys[n], masks[n], n) for n in keys}
        return self._tables[size]

    def _prefixes(self) -> set[str]:
        return {word[:size] for word in self.words if len(word) > 2 for size in range(2, len(word))}

    def copy(self) -> Lexicon:
        return Lexicon(words=dict(self.words), surnames=self.surnames)

    def __len__(self) -> int:
        return len(self.words)

    # The file: sections, each a header line "<TAB>kind,kind" and then one entry per line;
    # "<TAB>surname" heads the surnames and "<TAB>prefix" the prefixes of the index that
    # are not entries. One section per kind combination, and the prefixes written out,
    # let loading hand each section to dict.fromkeys: a third of the time of parsing
    # one "word<TAB>kinds" line at a time and deriving the prefixes.
    def to_text(self) -> str:
        groups: dict[int, list[str]] = {}
        for word in sorted(self.words):
            groups.setdefault(self.words[word], []).append(word)
        sections = [(",".join(k for k in KINDS if mask & _BIT[k]), entries) for mask, entries in groups.items()]
        sections.sort()
        words = self.words
        sections += [(_SURNAME, sorted(self.surnames)), (_PREFIX, sorted(self._prefixes() - words.keys()))]
        return "".join(f"\t{header}\n" + "".join(f"{entry}\n" for entry in entries)
                       for header, entries in sections)

    def to_file(self, path: str | Path) -> None:
        Path(path).write_text(self.to_text(), encoding="utf-8")

    @classmethod
    def from_file(cls, path: str | Path) -> Lexicon:
        return cls.from_text(Path(path).read_text(encoding="utf-8"))

    @classmethod
    def from_text(cls, text: str) -> Lexicon:
        if text and not text.startswith("\t"):
            raise ValueError("not a newsnlp lexicon: the text must start with a '<TAB>kinds' section header")
        index: dict[str, int] = {}
        surnames: list[str] = []
        has_prefixes = False
        for section in text[1:].split("\n\t") if text else ():
            header, _, body = section.partition("\n")
            entries = [entry for entry in body.split("\n") if entry]
            if header == _SURNAME:
                surnames = entries
            elif header == _PREFIX:
                has_prefixes = True
                index.update(dict.fromkeys(entries, 0))  # prefixes that are not entries themselves
            else:
                kinds = set(header.split(","))
                if kinds - set(KINDS):
                    raise ValueError(f"Unknown lexicon kinds {sorted(kinds - set(KINDS))} in section {header!r}")
                index.update(dict.fromkeys(entries, sum(_BIT[kind] for kind in kinds)))
        lexicon = cls(surnames=surnames)
        if has_prefixes:
            lexicon._words, lexicon._index = None, index
        else:
            lexicon._words = index
        return lexicon


_SURNAME, _PREFIX = "surname", "prefix"


# Every cue :func:`cue_matrix` can set, then the character classes: one input column each.
_LEN_VALUES = range(2, _LEN_CAP + 1)
CUES: tuple[str, ...] = (
    *(kind + part for kind in (*NAME_KINDS, *ENTITY_KINDS) for part in "BME"),
    *(kind + "S" for kind in ENTITY_KINDS),
    *SUFFIX_KINDS,
    *(f"wb={n}" for n in _LEN_VALUES),
    *(f"we={n}" for n in _LEN_VALUES),
    "sur", "sur2",
    *(f"k={cls}" for cls in "HNDLSP"),
)
_COLUMN = {cue: i for i, cue in enumerate(CUES)}


_CLASS_COLUMN: dict[str, int] = {}  # by character: every text's every character asks


def _class_column(ch: str) -> int:
    col = _CLASS_COLUMN.get(ch)
    if col is None:
        col = _CLASS_COLUMN[ch] = _COLUMN["k=" + char_class(ch)]
    return col


# Marks around each text when a batch is laid end to end (:func:`join_texts`); the
# bigrams of a text's first and last characters reach them, and dictionary lookups stop at them.
BOS, EOS = "\x02", "\x03"


@dataclass(frozen=True)
class Joined:
    """Texts laid end to end as ``BOS text EOS BOS text EOS ...``, with where their characters sit.

    Each step of the network's input reads all positions of ``text`` at once, so a batch
    costs a few passes over one string rather than a loop per character.
    """

    text: str
    chars: np.ndarray  # position in ``text`` of each character of the texts, in order
    lengths: np.ndarray  # each text's length
    starts: np.ndarray  # position in ``text`` of each text's first character
    pairs: list[str]  # text[i : i + 2] for each i but the last
    codes: np.ndarray  # the code point of each character of ``text``

    @property
    def last(self) -> np.ndarray:
        """Position in ``text`` of each non-empty text's last character."""
        return (self.starts + self.lengths - 1)[self.lengths > 0]

    @property
    def stops(self) -> np.ndarray:
        """For each position in ``text``, where its text ends (its EOS): no match may reach past it."""
        return np.repeat(self.starts + self.lengths, self.lengths + 2)


def join_texts(texts: Iterable[str]) -> Joined:
    texts = list(texts)
    text = BOS + (EOS + BOS).join(texts) + EOS
    lengths = np.array([len(t) for t in texts], dtype=np.intp)
    starts = np.cumsum(lengths + 2) - lengths - 1
    # A character's position: its index among all characters plus its text's offset.
    chars = np.arange(int(lengths.sum())) + np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return Joined(text, chars, lengths, starts, list(map(operator.add, text, text[1:])), char_codes(text))


def cue_matrix(text: str, lexicon: Lexicon) -> np.ndarray:
    """(len(text), len(CUES)) 0/1 matrix: the dictionary cues and character class of each character.

    Every character gets its class column; lexicon entries found in ``text`` set their
    kinds' begin / middle / end columns (or the single-character column), suffix
    entries set theirs on their last character; ``wb=n`` / ``we=n`` give the length of
    the longest dictionary word starting / ending at the character (capped at 5);
    ``sur`` / ``sur2`` mark a one- / two-character surname starting there.
    """
    return joined_cues(join_texts([text]), lexicon)


def joined_cues(joined: Joined, lexicon: Lexicon) -> np.ndarray:
    """:func:`cue_matrix` of each of the joined texts, one row per character, in order."""
    text, pairs = joined.text, joined.pairs
    n = len(text)
    index, surnames = lexicon.index, lexicon.surnames  # the index holds every entry
    cues = np.zeros((n, len(CUES)), dtype=np.float32)

    for ch in set(text).difference(_CLASS_COLUMN):
        _class_column(ch)
    cues[np.arange(n), np.fromiter(map(_CLASS_COLUMN.__getitem__, text), np.intp, n)] = 1.0
    sur = np.fromiter(map(surnames.__contains__, text), bool, n)
    cues[:, _COLUMN["sur"]] = sur
    sur2 = np.zeros(n, dtype=bool)
    sur2[:-1] = np.fromiter(map(surnames.__contains__, pairs), bool, n - 1)
    # At a text's last character the two-character slice is that character alone, as in training.
    last = joined.last
    sur2[last] = sur[last]
    cues[:, _COLUMN["sur2"]] = sur2

    # Kind bits of the entries that begin, continue, end at or are each character.
    begin, middle, end = (np.zeros(n, dtype=np.int64) for _ in range(3))
    codes = joined.codes
    single = lexicon.table(1).get(codes, 0)  # one-character entries
    begin_len = np.zeros(n, dtype=np.intp)
    end_len = np.zeros(n, dtype=np.intp)
    word_bit = _BIT["word"]
    stops = joined.stops
    starts = joined.chars[joined.chars + 2 <= stops[joined.chars]]  # a text's characters, not its marks
    get = index.get
    for size in range(2, MAX_WORD_LEN + 1):
        if size > 2:
            # Only where the string one shorter is in the index: no entry starts with a miss. And
            # within the text (an entry of a user's lexicon may hold the BOS or EOS mark).
            starts = starts[starts + size <= stops[starts]]
        if size <= 3:  # where nearly all lookups are
            masks = lexicon.table(size).get(codes_at(codes, starts, size), -1)
        else:
            keys = [text[i : i + size] for i in starts.tolist()]
            masks = np.fromiter(map(get, keys, repeat(-1)), np.int64, len(keys))
        found = masks >= 0  # an entry or only a prefix of entries (mask 0)
        starts, masks = starts[found], masks[found]
        if not len(starts):
            break
        hit = masks > 0
        at, bits = starts[hit], masks[hit]
        begin[at] |= bits
        end[at + size - 1] |= bits
        for inner in range(1, size - 1):
            middle[at + inner] |= bits
        words = at[(bits & word_bit) > 0]
        begin_len[words] = size  # sizes grow: the last one set is the longest
        end_len[words + size - 1] = size
    for kind in (*NAME_KINDS, *ENTITY_KINDS):
        bit = _BIT[kind]
        cues[:, _COLUMN[kind + "B"]] = (begin & bit) > 0
        cues[:, _COLUMN[kind + "M"]] = (middle & bit) > 0
        cues[:, _COLUMN[kind + "E"]] = (end & bit) > 0
    for kind in ENTITY_KINDS:
        cues[:, _COLUMN[kind + "S"]] = (single & _BIT[kind]) > 0
    for kind in SUFFIX_KINDS:  # on the last character of a longer entry, or on a one-character one
        cues[:, _COLUMN[kind]] = ((end | single) & _BIT[kind]) > 0
    for lengths, first in ((begin_len, _COLUMN["wb=2"]), (end_len, _COLUMN["we=2"])):
        at = np.flatnonzero(lengths)
        cues[at, first + np.minimum(lengths[at], _LEN_CAP) - 2] = 1.0
    return cues[joined.chars]


def lexicon_features(text: str, lexicon: Lexicon) -> list[list[str]]:
    """The cues of :func:`cue_matrix` by name, one list per character (for reading and tests)."""
    cues = cue_matrix(text, lexicon)
    return [[CUES[col] for col in np.flatnonzero(row)] for row in cues]
