"""Alias normalisation and candidate generation for linking names to the knowledge base.

The same normaliser is used to index KB aliases and to look up mentions, so variants that differ only
in script (庫爾斯克 / 库尔斯克), name-dot style (谢尔盖・绍伊古 / 谢尔盖·绍伊古 / 谢尔盖 · 绍伊古),
inner spaces or full-width forms meet on one key. Conversion is per character, so a normalised key
never depends on phrase-level rewriting and text offsets can be mapped back character by character.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import spacy
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .textnorm import NAME_DOTS, t2s_char_table

if TYPE_CHECKING:
    from .kb import Entity, KnowledgeBase

# NAME_DOTS (textnorm) separate the parts of a transliterated name; they and spaces are dropped from keys.
_NAME_DOT = re.compile(f"[{re.escape(NAME_DOTS)}]")
# Characters transliterations are made of and Chinese given names seldom hold (施密特, 米勒, 罗斯).
TRANSLITERATION_CHARS = frozenset("特斯尔夫克娃娜基德姆恩兹茨罗科伊亚勒朗莫丝思蒂赫鲁留梅诺哈兰拉尼卡")
SKIPPED = frozenset(NAME_DOTS + " \u3000\u00a0\t")

# Place suffixes and the entity types they are compatible with. Longest suffix first.
REGION_TYPES = frozenset({"oblast", "krai", "region", "province", "republic", "state", "territory",
                          "prefecture"})
CITY_TYPES = frozenset({"city", "capital"})
SUFFIX_TYPES: tuple[tuple[str, frozenset[str]], ...] = (
    ("特别行政区", frozenset({"territory"})),
    ("自治共和国", frozenset({"republic", "territory"})),
    ("特别自治道", frozenset({"province"})),
    ("特别自治市", CITY_TYPES),
    ("边疆区", frozenset({"krai"})),
    ("共和国", frozenset({"republic", "country", "territory"})),
    ("自治区", frozenset({"province"})),
    ("广域市", CITY_TYPES),
    ("特别市", CITY_TYPES),
    ("地区", REGION_TYPES),
    # 克里米亚半岛 is Crimea, 格陵兰岛 Greenland; 朝鲜半岛 is no country.
    ("半岛", frozenset({"territory"})),
    ("特区", frozenset({"territory"})),
    ("州", REGION_TYPES),
    ("省", REGION_TYPES),
    ("道", frozenset({"province"})),
    ("市", CITY_TYPES),
    ("城", CITY_TYPES),
    ("港", CITY_TYPES),  # 荷台达港, 敖德萨港: the city's port is linked to the city
    ("岛", frozenset({"territory", "island", "province"})),  # 海南岛, 济州岛: the island is the province
    ("区", frozenset({"district", "krai", "region"})),
    ("县", frozenset({"district", "county"})),
    ("镇", frozenset({"town", "village"})),
    ("村", frozenset({"village", "town"})),
)
# Characters that set one name apart from another that differs only there (西部军区 / 南部军区).
DIRECTION_CHARS = frozenset("东南西北中")
# The share of a name's characters that must be sounds for a fuzzy match (塔斯社 has 2 of 3).
_SOUND_SHARE = 0.6
# Places whose names are transliterated (a country's or a sea's name is often translated: 新西兰, 黑海).
_TRANSLITERATED_PLACE_TYPES = frozenset({"city", "capital", "town", "village"})
# Countries whose people's names are written in Chinese characters, not transliterated.
HAN_NAME_COUNTRIES = frozenset({"china", "taiwan", "hong-kong", "macao", "singapore", "north-korea", "south-korea",
                                "japan"})
# Suffixes that turn a country name into a demonym or "side" (朝鲜人, 俄方): same entity.
COUNTRY_SUFFIXES = ("人", "方", "籍")

# OpenCC's character table, with Hong Kong's and Taiwan's variant characters (衞 for 衛), and the
# corner quotes of traditional text as the curly ones the KB writes (俄軍「西方」集群).
_T2S = {**t2s_char_table(), **{ord(a): ord(b) for a, b in zip("「」『』", "“”“”")}}


@lru_cache(maxsize=65536)
def normalize_char(char: str) -> str:
    """One character to its key form: "" for dots and spaces, half-width, simplified, curly quotes,
    lower case."""
    if char in SKIPPED:
        return ""
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII block
        char = chr(code - 0xFEE0)
    return chr(_T2S.get(ord(char), ord(char))).lower()


# The last characters of a natural feature's name.
_FEATURE_ENDS = frozenset("河江湖山岛峡湾海港")


def normalize_alias(text: str) -> str:
    """The lookup key of a name: per-character normalisation, dots and spaces removed."""
    return "".join(normalize_char(c) for c in text)


@spacy.registry.misc("newsnlp.alias_normalizer.v1")
def create_alias_normalizer() -> Callable[[str], str]:
    """The default normaliser, registered so a pipeline config can swap in another one."""
    return normalize_alias


def split_suffix(key: str) -> tuple[str, str, frozenset[str]]:
    """Split a normalised place name into stem, suffix and the types the suffix allows.

    库尔斯克州 -> (库尔斯克, 州, region types); 库尔斯克 -> (库尔斯克, "", empty set). The stem keeps
    at least two characters so 沙市 or 万州 are not cut to one character.
    """
    for suffix, types in SUFFIX_TYPES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            return key[: -len(suffix)], suffix, types
    return key, "", frozenset()


def syllables(text: str) -> list[str]:
    """pypinyin's toneless syllables of ``text`` (characters without a reading are kept as they are)."""
    # Imported on first use: pypinyin reads its phrase dictionary on import (about 0.3 s),
    # and only linking and clustering by sound need it.
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(text, style=Style.NORMAL, errors="default")


@lru_cache(maxsize=65536)
def pinyin_key(key: str) -> str:
    """Toneless pinyin of a key, syllables joined: the sound shape that transliteration variants share."""
    return "".join(syllables(key))


@lru_cache(maxsize=16384)
def first_syllable(char: str) -> str:
    """The toneless pinyin of one character: transliterations agree on it."""
    return syllables(char)[0]


def stable_id(prefix: str, key: str) -> str:
    """A short id that is the same in every run and process (``hash()`` is salted per process)."""
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


def cluster_id(label: str, key: str) -> str:
    """The id of a name the KB does not know, e.g. ``~place-1f3a9c0b2d``."""
    return "~" + stable_id(label.lower().replace("_", "-"), key)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A KB entity proposed for a mention, with how it was found and a score in [0, 1]."""

    entity_id: str
    method: str  # exact, normalised, suffix, abbreviation, fuzzy
    score: float


def label_compatible(mention_label: str, entity_label: str) -> bool:
    """ORG and MILITARY_UNIT are confused often enough (a general staff, a guard corps) to accept both."""
    if mention_label == entity_label:
        return True
    return {mention_label, entity_label} == {"ORG", "MILITARY_UNIT"}


_FUZZY_CACHE_SIZE = 100_000


class CandidateGenerator:
    """Scored KB candidates for a mention text, trying exact, normalised, suffix and fuzzy matches."""

    def __init__(self, kb: "KnowledgeBase", *, fuzzy_threshold: float = 0.8, fuzzy_min_length: int = 3,
                 normalizer: Callable[[str], str] = normalize_alias) -> None:
        self.kb = kb
        self.fuzzy_threshold = fuzzy_threshold
        self.fuzzy_min_length = fuzzy_min_length
        self.normalize = normalizer
        self._fuzzy_index: dict[str, tuple[list[str], list[str], list[str]]] = {}
        # Fuzzy results by (text, label): a corpus names the same unknown people and places in
        # article after article, and each search scans every alias of the label.
        self._fuzzy_found: dict[tuple[str, str], list[Candidate]] = {}
        self._sounds: frozenset[str] | None = None

    def __call__(self, text: str, label: str) -> list[Candidate]:
        key = self.normalize(text)
        if not key:
            return []
        found = self._direct(text, key, label)
        if not found:
            found = self._suffix(key, label)
        if not found and self._may_be_transliteration(text, key, label):
            cached = self._fuzzy_found.get((text, label))
            if cached is None:
                if len(self._fuzzy_found) >= _FUZZY_CACHE_SIZE:
                    self._fuzzy_found.clear()
                cached = self._fuzzy_found[text, label] = [
                    c for c in self._fuzzy(key, label) if self._plausible(text, key, label, c)]
            found = list(cached)
        return found

    @staticmethod
    def _may_be_transliteration(text: str, key: str, label: str) -> bool:
        """Chinese and Korean names of three characters or fewer are not transliterations (金正男 is
        not 金正恩): such a person name gets no fuzzy match, so it is not searched for one. Nor does
        a place of two characters before its suffix: two characters sound alike too easily (西昌市
        is not 西安市). Nor does an organisation or a unit: their names are translated, and their
        variants are aliases, short forms or a country before a body (塔斯通讯社 is not 塔斯尼姆通讯社,
        中文网 not 中新网)."""
        if label in ("ORG", "MILITARY_UNIT"):
            return False
        if label == "PLACE":
            return len(split_suffix(key)[0]) > 2
        return label != "PERSON" or len(key) > 3 or len(_name_parts(text)) >= 2

    def _plausible(self, text: str, key: str, label: str, candidate: Candidate) -> bool:
        """Reject fuzzy matches that sound alike but name something else.

        A name that extends another (别尔哥罗德卡 vs 别尔哥罗德) is a different place; a place's
        spellings differ in one sound, or one in four (库斯克 / 库尔斯克, but 马德拉斯 is not 马德里),
        and a name of three characters only by one more (格拉斯 is not 格拉茨);
        a person's surname must itself be a variant (安德烈·叶尔莫拉耶夫 is not 安德烈·叶尔马克).
        """
        entity = self.kb.get(candidate.entity_id)
        if entity is None:
            return False
        names = [self.normalize(n) for n in entity.names()]
        if any(n != key and (n.startswith(key) or key.startswith(n)) for n in names):
            return False
        closest = max(names, key=lambda n: fuzz.ratio(key, n))
        differing = set(key) ^ set(closest)
        if differing & DIRECTION_CHARS:
            return False  # 西部军区 is not 南部军区: a direction is no spelling variant
        # Only transliterations vary in spelling: the differing characters must be sounds, and
        # so must most of the name (新周刊 is not 新闻周刊, 中文网 not 中新网).
        sounds = self._sound_chars()
        cjk = [ch for ch in key if _CJK.match(ch)]
        if not differing <= sounds or sum(ch in sounds for ch in cjk) < _SOUND_SHARE * len(cjk):
            return False
        if label == "PLACE":
            stem, other = split_suffix(key)[0], split_suffix(closest)[0]
            if len(stem) < 4:
                # A short name's one sound more or less (库斯克 / 库尔斯克), not another sound: 库斯科
                # (Cusco) is not 库斯克, 利夫内 (Livny) not 里夫内, 格拉斯 (Grasse) not 格拉茨. Known
                # variants of that kind (阿勒坡, 赫尔森) are KB aliases.
                return one_inserted(stem, other)
            return Levenshtein.distance(stem, other) <= max(1, len(stem) // 4)
        if label != "PERSON":
            return True
        parts = _name_parts(text)
        surname = pinyin_key(self.normalize(parts[-1]))
        surnames = {pinyin_key(self.normalize(dotted_parts(n)[-1]))
                    for n in entity.names()}
        return any(fuzz.ratio(surname, s) >= self.fuzzy_threshold * 100 for s in surnames)

    def _sound_chars(self) -> frozenset[str]:
        """The characters of the KB's transliterated names: those of its people, cities and towns
        (without their suffixes) in countries that do not write names in Chinese characters.
        Spelling variants differ only in these."""
        if self._sounds is None:
            names = []
            for entity in self.kb:
                if entity.country in HAN_NAME_COUNTRIES:
                    continue
                if entity.label == "PERSON":
                    names += [entity.name, *entity.aliases]
                elif entity.label == "PLACE" and entity.type in _TRANSLITERATED_PLACE_TYPES:
                    names += [split_suffix(self.normalize(n))[0] for n in (entity.name, *entity.aliases)]
            self._sounds = frozenset(normalize_char(ch) for name in names for ch in name if _CJK.match(ch))
        return self._sounds

    def _filter(self, ids: Iterable[str], label: str, types: frozenset[str] = frozenset()) -> list["Entity"]:
        out = []
        for entity_id in ids:
            entity = self.kb.get(entity_id)
            if entity is None or not label_compatible(label, entity.label):
                continue
            if types and entity.type not in types:
                continue
            out.append(entity)
        return out

    def _direct(self, text: str, key: str, label: str) -> list[Candidate]:
        entities = self._filter(self.kb.candidates(key), label)
        found = []
        for entity in entities:
            if self.normalize(entity.name) == key or key in {self.normalize(a) for a in entity.aliases}:
                written = text == entity.name or text in entity.aliases
                found.append(Candidate(entity.id, "exact" if written else "normalised", 1.0))
            else:
                found.append(Candidate(entity.id, "abbreviation", 0.95))
        return found

    def _suffix(self, key: str, label: str) -> list[Candidate]:
        if label != "PLACE":
            return []
        stem, suffix, types = split_suffix(key)
        found: list[Candidate] = []
        if suffix:
            # 苏贾市 -> 苏贾 (a town): the stem is a KB name and the suffix fits its type.
            loose = types | ({"town"} if suffix in ("市", "城") else set())
            found = [Candidate(e.id, "suffix", 0.9) for e in self._filter(self.kb.candidates(stem), label, loose)]
            if not found:
                found = [Candidate(e.id, "suffix", 0.85)
                         for e in self._filter(self.kb.stem_candidates(stem), label, types)]
        else:
            # A bare stem whose KB names all carry a suffix (顿巴斯 -> 顿巴斯地区).
            found = [Candidate(e.id, "suffix", 0.85) for e in self._filter(self.kb.stem_candidates(key), label)]
        if not found:
            for country_suffix in COUNTRY_SUFFIXES:
                if key.endswith(country_suffix) and len(key) > len(country_suffix):
                    base = key[: -len(country_suffix)]
                    found = [Candidate(e.id, "suffix", 0.9)
                             for e in self._filter(self.kb.candidates(base), label, frozenset({"country", "territory"}))]
                    break
        return found

    def _fuzzy(self, key: str, label: str) -> list[Candidate]:
        if len(key) < self.fuzzy_min_length or not _is_cjk(key):
            return []
        keys, ids, pinyins = self._index(label)
        if not keys:
            return []
        query = pinyin_key(key)
        hits = process.extract(query, pinyins, scorer=fuzz.ratio, limit=5,
                               score_cutoff=self.fuzzy_threshold * 100)
        found: dict[str, Candidate] = {}
        for _, score, i in hits:
            # The first syllable anchors a transliteration; without it sound-alike names drift apart.
            if first_syllable(keys[i][0]) != first_syllable(key[0]):
                continue
            # A river, a lake, a mountain … is not the state or city named like it (密西西比河).
            if (key[-1] in _FEATURE_ENDS or keys[i][-1] in _FEATURE_ENDS) and key[-1] != keys[i][-1]:
                continue
            char_score = fuzz.ratio(key, keys[i]) / 100
            combined = round(min(score / 100, 0.5 + char_score / 2) * 0.9, 3)
            if combined >= self.fuzzy_threshold * 0.9 and ids[i] not in found:
                found[ids[i]] = Candidate(ids[i], "fuzzy", combined)
        return sorted(found.values(), key=lambda c: -c.score)

    def _index(self, label: str) -> tuple[list[str], list[str], list[str]]:
        """Aliases of a label's entities, their ids and their pinyin keys (computed once)."""
        if label not in self._fuzzy_index:
            keys, ids = [], []
            for alias_key, entity_ids in sorted(self.kb.alias_index().items()):
                if len(alias_key) < self.fuzzy_min_length or not _is_cjk(alias_key):
                    continue
                for entity_id in entity_ids:
                    entity = self.kb.get(entity_id)
                    # GeoNames' cities are taken by their names only: too many sound alike (蒙特勒 is
                    # Montreux, not 蒙特雷).
                    if (entity is not None and label_compatible(label, entity.label)
                            and entity.attrs.get("source") != "geonames"):
                        keys.append(alias_key)
                        ids.append(entity_id)
            self._fuzzy_index[label] = (keys, ids, [pinyin_key(k) for k in keys])
        return self._fuzzy_index[label]


_CJK = re.compile(r"[\u3400-\u9fff]")
_NAME_SEPARATORS = re.compile(f"[{re.escape(NAME_DOTS)}\\s]+")


# One-character Japanese surnames of three-character names (林芳正, 菅义伟, 森喜朗, 岸信介): the first
# two characters of such a name are no surname.
JAPANESE_ONE_CHARACTER_SURNAMES = frozenset("林菅森原岸堀辻关泉桥岛畑丸谷东西北南星梅杉柳畠滝泷桧")


def dotted_parts(name: str) -> list[str]:
    """A name cut at its name dots (胡安·曼努埃尔·桑托斯 -> 胡安, 曼努埃尔, 桑托斯; 普京 -> 普京)."""
    return _NAME_DOT.split(name)


def _name_parts(text: str) -> list[str]:
    """The parts of a written name between name dots and spaces (弗拉基米尔·普京 -> 弗拉基米尔, 普京)."""
    return [part for part in _NAME_SEPARATORS.split(text) if part]


def abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` (two to four Chinese characters) is made of characters of ``name`` in
    their order, as a short form is (北约 of 北大西洋公约组织, 联参 of 韩国联合参谋本部); not a piece
    of it written whole, which is another entity as often (联合国安理会（联合国）: its parent)."""
    short, name = normalize_alias(short), normalize_alias(name)
    if (not 2 <= len(short) <= 4 or len(short) >= len(name) or short in name
            or not all(_CJK.match(ch) for ch in short)):
        return False
    rest = iter(name)
    return all(ch in rest for ch in short)


def one_inserted(a: str, b: str) -> bool:
    """Whether one of two strings is the other with one character more."""
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))
