"""Knowledge-base gazetteer: proposes every KB alias found in the text as a candidate mention.

The scan walks the text once, following a character trie of normalised alias keys, so a name
matches whatever its script, dot style (谢尔盖 · 绍伊古) or inner spacing; offsets stay those of
the original text. At each position the longest alias wins, and matches do not overlap.

Short names are where a gazetteer goes wrong, so:
- a two-character CJK alias must start where a word starts (加纳 is not in 增加纳税);
- Latin aliases must stand as words (UN is not in UNESCO's letters);
- one-character country short forms (俄, 乌, 美, 中 ...) are proposed only in reliable contexts:
  a run of two or more short forms (俄乌, 中美俄), the short form + 方 (俄方, tagged whole), or a
  travel/relation verb before a frequent one (赴俄, 访华, 在俄, 对美) — and never where the
  character starts or ends an ordinary word (中间, 美丽, 乌云, 朝着, 日中午).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..candidates import (
    JAPANESE_ONE_CHARACTER_SURNAMES, NAME_DOTS, SUFFIX_TYPES, abbreviates, normalize_alias, normalize_char,
    split_suffix,
)
from ..extensions import CJK, add_matches, doc_text, install_extensions, word_starts
from ..features import PLACE_SUFFIXES
from ..kb import KnowledgeBase
from ..schema import Match
from .kb_component import KBComponent
from .units import SHARED_SHORT_FORMS

logger = logging.getLogger(__name__)

_DIGITS = frozenset("0123456789０１２３４５６７８９")

# Short forms that are a country in almost every news use once the context below holds.
STRONG_SHORT = frozenset("俄乌韩美朝叙华")
# Short forms that pair freely (中美, 俄乌, 英法德); a run with any other short form (加, 以, 泰 ...)
# must be followed by a relation word.
PAIR_CORE = frozenset("俄乌朝韩美中日英法德")
# 华 in a run is nearly always a word (中华, 华美, 华泰); it is a country only after 访/驻/来 ...
SINGLE_ONLY = frozenset("华")
# Ordinary words made of two short forms.
STOP_PAIRS = frozenset({"美德", "德美", "中意", "意中", "中西", "西中", "加以", "以德", "美中不足"})
RELATION_WORDS = ("两国", "三国", "四国", "双方", "三方", "四方", "关系", "冲突", "战争", "对抗", "合作",
                  "会谈", "谈判", "峰会", "边境", "联合", "军演", "贸易", "外长", "领导人", "首脑", "元首",
                  "同盟", "联盟", "协议", "协定", "停火", "之间", "间")
# Verbs and prepositions after which a frequent short form names a country (赴俄, 访华, 对美).
TRIGGERS = frozenset("赴访援驻抵返离在对与同和跟向联亲反抗侵涉来自从至到经")
# The subset strong enough for any short form (访日, 赴英).
STRONG_TRIGGERS = frozenset("赴访援驻抵离")
# Words after a short form that make it the country (美媒称, 俄外长, 韩总统, 日官员).
COUNTRY_FOLLOWERS = ("媒", "外长", "防长", "总统", "总理", "首相", "领导人", "官员", "国防部", "外交部",
                     "政府", "当局", "驻", "使馆", "大使")
# 西方 is "the West", 土方 earthwork: never a country side.
NOT_SIDE_HEADS = frozenset("西土")
# Characters before 访 that make another word (采访, 拜访, 走访).
VISIT_WORD_HEADS = "采拜回走查寻探家暗专"
# Characters that may stand right before a run of short forms (的中美关系, 在俄乌冲突).
RUN_BEFORE = frozenset("的是了为将就但而及或等也又并都把被让使令其该此各天年") | TRIGGERS  # 昨天以黎边境, 去年美俄
# After X方 these make an ordinary word (以方便, 中方面, 美方式 ...).
NOT_SIDE = frozenset("便式向案法面针位形圆块言才可")
# Short forms of several countries (and 土, also "earth") whose 方 is the side of the one the
# document names (巴基斯坦 … 巴方; 土耳其 … 土方).
_SHARED_SIDES = {**SHARED_SHORT_FORMS, "土": ["turkey"]}
_SHARED_SIDE = re.compile(f"[{''.join(_SHARED_SIDES)}]方(?![{''.join(NOT_SIDE)}工量])")  # not 土方工程, 土方量
# Two-character words beginning with a short form: X is not a country there.
STOP_AFTER = frozenset("""
中间 中心 中央 中午 中旬 中期 中层 中等 中型 中文 中医 中学 中止 中断 中部 中东 中亚 中欧 中非 中南
中将 中校 中尉 中士 中队 中的 中了 中年 中小 中高 中低 中度 中性 中途 中标 中奖 中毒 中弹 中国 中华
美丽 美好 美元 美食 美女 美术 美洲 美味 美容 美观 美德 美妙 美满 美誉 美称 美景 美感 美学 美金 美甲 美颜
乌云 乌鸦 乌黑 乌龟 乌托 乌合 乌纱 乌有 乌龙 乌贼 乌木 乌发 乌金 乌镇 乌漆
朝着 朝向 朝代 朝野 朝廷 朝阳 朝圣 朝气 朝夕 朝政 朝拜 朝前 朝后 朝上 朝下 朝外 朝里 朝南 朝北 朝东 朝西 朝天 朝见 朝霞 朝服
韩式 韩剧 韩流 韩语 韩文 韩餐
英雄 英勇 英文 英语 英里 英寸 英镑 英俊 英明 英才 英姿 英尺 英亩 英杰 英灵 英烈 英豪 英特
法律 法规 法院 法官 法治 法制 法案 法人 法定 法令 法庭 法典 法则 法宝 法术 法师 法语 法文 法郎 法学 法西
德行 德育 德才 德政 德语 德文
日本 日期 日子 日常 日报 日记 日程 日益 日前 日后 日夜 日间 日光 日出 日落 日元 日语 日文 日均 日内 日至 日起 日晚 日电 日讯
以及 以来 以后 以前 以上 以下 以外 以内 以为 以便 以免 以至 以致 以往 以后 以此 以其 以色
伊始 伊斯
叙述 叙事 叙说 叙旧 叙利
华人 华侨 华裔 华语 华文 华商 华丽 华美 华盛 华为 华北 华南 华东 华中 华西 华夏 华尔 华山 华灯
台风 台阶 台上 台下 台词 台前 台湾 台北 台币 台球 台湾
印度 印象 印刷 印章 印发 印证 印记 印花 印尼 印太
加强 加大 加快 加入 加上 加速 加工 加油 加班 加盟 加拿 加沙 加剧 加紧 加以 加上 加之 加息 加码 加深
澳门 澳洲 澳大
越来 越过 越发 越境 越野 越狱 越南 越多 越大 越少 越高
土地 土壤 土耳 土豆 土方 土木 土产 土著 土匪 土生
法理 法规 港池 港区 港湾 港务 港口
""".split())
# Words ending in a short form: a character before X that makes a word (高中, 欧美, 所以, 今日).
STOP_BEFORE = frozenset("""
其中 集中 空中 心中 当中 之中 期中 初中 高中 正中 途中 手中 家中 城中 国中 暗中 从中 命中 击中 打中
看中 选中 猜中 考中 月中 年中 居中 适中 折中 热中 狱中 战中 会中 文中 书中 信中 网中 水中 海中 梦中 眼中
欧美 完美 赞美 甜美 优美 精美 健美 审美 媲美 秀美 柔美 壮美 俊美 北美 南美 拉美 全美 留美 旅美 亲美 反美
精英 群英 育英
所以 可以 难以 得以 足以 予以 用以 借以 据以 加以 何以 无以 是以 不以 并以 而以 还以 再以 以以
今日 昨日 明日 次日 每日 当日 前日 翌日 同日 节日 假日 生日 周日 末日 平日 终日 某日 近日 连日 抗日 往日 旧日 即日 本日 逐日 多日
军港 商港 渔港 良港 海港 空港 河港 内港 外港 母港 油港 避风港
木乃伊
""".split())
# Characters that make 军 the start of an ordinary word (军事, 军费, 军工, 军舰, 军售 ...), and for some
# the character after them that makes the X军 a force after all (以军备战, 美军情报, 俄军援助).
ARMY_WORD_TAILS = frozenset("事费工火械舰机官民属港医衔演售购援备情贸需品政")  # 缅甸军政府: a junta
ARMY_WORD_BREAKS = {"购": "买", "援": "助", "备": "战", "情": "报", "贸": "易", "需": "要"}
# Characters that make 市 the start of a word (市长, 市民, 市政府, 市区, 市场).
CITY_WORD_TAILS = frozenset("长民政区场委")
_LONGEST_SUFFIX = max(len(suffix) for suffix, _ in SUFFIX_TYPES)
# Place suffixes that may follow a name inside one word (苏贾市, 东海县).
SUFFIXES_AFTER_NAME = tuple({*PLACE_SUFFIXES, *(suffix for suffix, _ in SUFFIX_TYPES)})
# Characters that make a following 日 part of a day word (今日, 次日, 节日 ...).
DAY_WORD_HEADS = "今昨明次每当前翌同节假生周末平终某首"
_DAY_BEFORE = re.compile(r"[0-9０-９一二三四五六七八九十〇零两廿卅]$")
_LATIN = re.compile(r"[A-Za-z0-9]")
# A short form in brackets right after a name (韩国联合参谋本部（联参）).
_BRACKETED_SHORT = re.compile(r"\s*[（(]\s*([\u4e00-\u9fff]{2,4}|[A-Z]{2,6})\s*[)）]")
# Words besides RUN_BEFORE's that may stand right before a name (据苏丹快速支援部队（RSF）称).
_PREPOSITIONS = frozenset("据由于")
# An acronym written again must stand alone, not inside a longer Latin word (RSF, not RSFs or CRSF).
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# The priority of GeoNames' cities, below the model's (0): the resolver weighs them against the
# model's reading (桑托斯 is also a person).
WEAK_PRIORITY = -1
# Characters that make a title with a 长 after them (部长, 局长, 州长): a name after such a title
# that begins with 长 (长沙, 长春) does not begin there. Not 省, 市: 湖南省长沙市 is the city.
_HEADS_OF = frozenset("部局院社州会校团处科厅队组署司馆所室班股站")
# Characters that make a ship's 号 another word (号召 calls on, 号称 claims, 号令, 号码).
_AFTER_HAO = frozenset("召称稱令码碼")
# A state's name offered for the resolver's cut before a minister's title carries this priority:
# a hint, never a mention of its own (the resolver takes it only to cut the ministry's name).
STATE_PRIORITY = -10
# The last characters of a body whose head's title holds its name, 长 or 长官 after it (国防部长,
# 统一部长官, 行政院长, 内阁官房长官, 联邦调查局长); the resolver cuts such titles with them too.
TITLED_BODY_ENDS = "部|院|局|署|厅|廳|官房"
# Such a body's name and its head's title after a state's name.
_MINISTRY_TITLE = re.compile(rf"[\u4e00-\u9fff]{{1,10}}(?:{TITLED_BODY_ENDS})[长長]")
# The title right after a body's name (each end a look-behind of its own: they differ in length).
_TITLE_AFTER_BODY = re.compile("(?:" + "|".join(f"(?<={end})" for end in TITLED_BODY_ENDS.split("|")) + ")[长長]")
# KB place types whose ministries are a state's (a country, or a territory with its own government).
_STATES = frozenset({"country", "territory"})


def _runs_into_title(text: str, end: int) -> bool:
    """Whether the body's name that ends at ``end`` runs on into its head's title (国防部 + 长)."""
    return _TITLE_AFTER_BODY.match(text, end) is not None


def _covered(text: str, matches: list[Match]) -> bytearray:
    """1 at each position of ``text`` that a match covers (one more position for the end)."""
    taken = bytearray(len(text) + 1)
    for m in matches:
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    return taken

class _Trie:
    """Character trie over normalised alias keys; a terminal node holds the key."""

    __slots__ = ("root",)

    def __init__(self, keys: Iterable[str]) -> None:
        self.root: dict[str, Any] = {}
        for key in keys:
            node = self.root
            for char in key:
                node = node.setdefault(char, {})
            node[""] = key


class Gazetteer(KBComponent):
    """Propose KB aliases as ``Match`` candidates (source "gazetteer", priority 10).

    kb_extra: user KB files (JSONL or TSV, see ``newsnlp.kb``) merged into the shipped KB.
    short_forms: propose one-character country short forms in reliable contexts.
    """

    derived = ("_trie", "_dots")

    def __init__(self, nlp: Language | None = None, name: str = "gazetteer", *,
                 kb_extra: Iterable[str] = (), priority: int = 10, short_forms: bool = True,
                 kb: KnowledgeBase | None = None) -> None:
        install_extensions()
        self.name = name
        self.priority = priority
        self.short_forms = short_forms
        self._one_char: dict[str, str] = {}
        self._init_kb(kb_extra, kb)

    def _prepare(self) -> _Trie:
        if self._trie is None:
            keys, one_char = [], {}
            for key, ids in self.kb.alias_index().items():
                if len(key) == 1:
                    if self.kb.is_abbreviation(key):
                        one_char[key] = ids[0]
                    continue
                keys.append(key)
            self._one_char = one_char
            self._dots = _dot_offsets(self.kb)
            self._trie = _Trie(keys)
        return self._trie

    def __call__(self, doc: Doc) -> Doc:
        add_matches(doc, self.find(doc_text(doc), word_starts(doc)))
        return doc

    def find(self, text: str, token_starts: set[int] | None = None) -> list[Match]:
        """All candidate matches in ``text``; ``token_starts`` (word starts) guards short aliases."""
        trie = self._prepare()
        first_chars = trie.root
        matches: list[Match] = []
        i, n = 0, len(text)
        while i < n:
            norm = normalize_char(text[i])
            if not norm or norm[0] not in first_chars:
                i += 1  # no alias starts here (most characters): skip the trie walk
                continue
            match = self._longest_at(trie, text, i, token_starts)
            if match is not None and match.label == "PLACE":
                match = self._with_place_suffix(text, match)
            if match is not None:
                matches.append(match)
                country = None
                if match.label == "ORG":
                    country = self._country_before_title(trie, text, match)
                elif _MINISTRY_TITLE.match(text, match.end) and self._is_state(match):
                    country = match  # 布隆迪国防部长: a ministry the KB lacks
                if country is not None:
                    matches.append(replace(country, priority=STATE_PRIORITY))
                i = match.end
                continue
            i += 1
        matches += self._japanese_surnames(text, matches, token_starts)
        matches += self._bracketed_short_forms(text, matches, token_starts)
        if self.short_forms:
            matches = self._add_short_forms(text, matches, token_starts)
            # 美韩国防部长: each short form before a minister's title is offered for the cut too.
            matches += [replace(m, priority=STATE_PRIORITY) for m in matches
                        if m.end - m.start == 1 and m.label == "PLACE" and m.priority != STATE_PRIORITY
                        and _MINISTRY_TITLE.match(text, m.end) and self._is_state(m)]
        return matches

    def _bracketed_short_forms(self, text: str, matches: list[Match], token_starts: set[int] | None) -> list[Match]:
        """A short form the document defines in brackets after a KB name (韩国联合参谋本部（联参）),
        wherever the document writes it as a word of its own (not 国情 of 国情咨文): a name of that
        entity for this document only."""
        found: list[Match] = []
        for match in matches:
            bracket = _BRACKETED_SHORT.match(text, match.end)
            if bracket is None or match.priority != self.priority:
                continue
            short = bracket.group(1)
            acronym = _ACRONYM.fullmatch(short) is not None  # 快速支援部队（RSF） … RSF称
            if self.kb.candidates(normalize_alias(short)) or not (acronym or abbreviates(short, text[match.start:match.end])):
                continue
            before = text[match.start - 1:match.start]
            if acronym and CJK.match(before) and before not in RUN_BEFORE and before not in _PREPOSITIONS:
                continue  # the acronym of a longer name the KB name ends (哥伦比亚民族解放军（ELN）: not the PLA)
            taken = matches + found
            for at in re.finditer(re.escape(short), text):
                if acronym and (_LATIN.match(text[at.start() - 1:at.start()] or " ")
                                or _LATIN.match(text[at.end():at.end() + 1] or " ")):
                    continue
                if not acronym and token_starts is not None and not (
                        at.start() in token_starts and (at.end() in token_starts or at.end() == len(text))):
                    continue
                if not any(m.overlaps(at.start(), at.end()) for m in taken):
                    found.append(Match(at.start(), at.end(), match.label, "gazetteer", attrs={},
                                       kb_id=match.kb_id, priority=self.priority))
        return found

    def _longest_at(self, trie: _Trie, text: str, start: int, token_starts: set[int] | None) -> Match | None:
        node, ends = trie.root, []
        j = start
        while j < len(text):
            norm = normalize_char(text[j])
            if not norm:
                j += 1  # dots and spaces inside a name
                continue
            for char in norm:
                node = node.get(char) if node is not None else None
            if node is None:
                break
            j += 1
            if "" in node:
                ends.append((j, node[""]))
        for end, key in reversed(ends):
            if self._acceptable(text, start, end, key, token_starts):
                return self._match(start, end, key)
        return None

    def _country_before_title(self, trie: _Trie, text: str, match: Match) -> Match | None:
        """The country that a KB body's name begins with, when its head's title runs on from the
        name (俄罗斯国防部 + 长, 韩国统一部 + 长官, 日本内阁官房 + 长官): a candidate of its own,
        for the resolver's cut (SCHEMA: [俄罗斯][国防部]长)."""
        if not _runs_into_title(text, match.end):
            return None
        # Every state's name the ministry's name begins with, longest first; the ministry keeps two
        # characters at least (国防部, 统一部). The words are not asked: the segmenter may hold the
        # whole ministry as one (韩国国防部).
        countries = []
        limit = match.end - 2
        while limit > match.start and (country := self._longest_at(trie, text[:limit], match.start, None)):
            if self._is_state(country):
                countries.append(country)
            limit = country.end - 1
        if self.short_forms and normalize_char(text[match.start]) in self._one_char:
            countries.append(self._short_match(text, match.start, match.start + 1))  # 俄财政部长
        # 以色列国防部 is 以色列 + 国防部, not 以色列国 + 防部: a name that leaves a known body's name.
        for country in countries:
            rest = normalize_alias(text[country.end:match.end])
            if self.kb.generic(rest) or self.kb.candidates(rest):
                return country
        return countries[0] if countries else None

    def _is_state(self, match: Match) -> bool:
        """A state's name, or a macro region's (北欧国防部长: the region stays a PLACE too)."""
        entity = self.kb.get(match.kb_id)
        return entity is not None and entity.label == "PLACE" and (entity.type in _STATES or entity.is_macro_region)

    def _with_place_suffix(self, text: str, match: Match) -> Match:
        """Extend a place name over a written suffix that makes a variant the KB does not list.

        库斯克 + 地区 is the oblast (its KB names are 库斯克州, 库尔斯克地区); 科连涅沃 + 市 is still
        the town. The suffix must fit the type of the entity it leads to.
        """
        key = normalize_alias(text[match.start:match.end])
        if split_suffix(key)[1]:
            return match  # 别尔哥罗德州 + 州长: the name has its suffix already
        # The written characters after the name in key form (地區 reads 地区), enough for the
        # longest suffix and the character after it.
        after = [normalize_char(c) for c in text[match.end:match.end + _LONGEST_SUFFIX + 1]]
        for suffix, types in SUFFIX_TYPES:
            if "".join(after[:len(suffix)]) != suffix:
                continue
            if after[len(suffix):len(suffix) + 1] == ["长"] or (
                    suffix == "市" and _city_word_at(text, match.end + 1)) or (
                    suffix == "城" and after[1:2] == ["市"]) or (suffix == "港" and after[1:2] in (["口"], ["务"])):
                break  # 库斯克州长 (the governor), 苏贾市民, 巴塞罗那城市规划, 纽卡斯尔港口, 青岛港务局
            ids = [*self.kb.stem_candidates(key), *self.kb.candidates(key)]
            for entity_id in ids:
                entity = self.kb.get(entity_id)
                if entity is not None and entity.label == "PLACE" and (
                        entity.type in types or (suffix in ("市", "城") and entity.type == "town")):
                    return Match(match.start, match.end + len(suffix), "PLACE", "gazetteer", match.score,
                                 attrs={}, kb_id=entity.id, priority=self.priority)
            # A town's or a city's 地区 where no region bears its name: the area around it (苏贾地区,
            # 波克罗夫斯克地区), the town's entity, its suffix inside the span (SCHEMA).
            town = next((e for e in map(self.kb.get, ids) if e is not None and e.label == "PLACE"
                         and e.type in ("town", "city", "village")), None) if suffix == "地区" else None
            if town is not None:
                return Match(match.start, match.end + len(suffix), "PLACE", "gazetteer", match.score,
                             attrs={}, kb_id=town.id, priority=self.priority)
            break
        return match

    def _acceptable(self, text: str, start: int, end: int, key: str, token_starts: set[int] | None) -> bool:
        if _LATIN.match(key[0]) or _LATIN.match(key[-1]):
            before = text[start - 1] if start > 0 else " "
            after = text[end] if end < len(text) else " "
            return not (_LATIN.match(before) or _LATIN.match(after))
        if token_starts is not None and self._inside_word(text, start, end, key, token_starts):
            return False
        if not self._dots_fit(text, start, end, key):
            return False  # 马斯·克 in 托马斯·克莱斯蒂尔: the text's dot splits the name elsewhere
        if start > 0 and text[start - 1] in _DIGITS and self._label(key) == "PERSON":
            return False  # 716费丹 is an area in feddans: no name follows a number directly
        if start > 0 and key.startswith("长") and normalize_char(text[start - 1]) in _HEADS_OF:
            return False  # 国防部长沙梅尔 is 部长 + 沙梅尔, not Changsha
        if key.endswith("市") and _city_word_at(text, end):
            return False  # 哈尔科夫市长 is 哈尔科夫 + 市长
        if key.endswith("部") and text[end:end + 1] in ("门", "門"):
            return False  # 俄罗斯能源部门 is Russia's energy sector (门前 too is mostly 部门 + 前景, 前不久 …)
        if key.endswith("报") and text[end:end + 1] in ("道", "導"):
            return False  # 消息报道 is "news reports", not 消息报 (Izvestia)
        if key.endswith("号") and text[end:end + 1] in _AFTER_HAO:
            return False  # 林肯号召 is Lincoln calling on, not the carrier
        if key.endswith("军") and end < len(text) and self.kb.candidates(key[:-1]):
            # 朝鲜军人, 俄军事: the 军 starts another word, the name is only the country (共军舰艇
            # stays the PLA: 共 is no country).
            after = normalize_char(text[end])  # 美國軍艦 too
            following = normalize_char(text[end + 1]) if end + 1 < len(text) else ""
            if (after in ARMY_WORD_TAILS and ARMY_WORD_BREAKS.get(after) != following) or (
                    after == "人" and following != "员"):
                return False
        return True

    def _dots_fit(self, text: str, start: int, end: int, key: str) -> bool:
        """Whether the name dots inside the match part the name as the KB does: where a KB name of
        ``key`` has its dots, or, for a key the KB writes only without dots (a user's 唐纳德特朗普),
        into parts of two or more characters. The dot parts a transliterated name, so an alias
        that runs across it otherwise is another name (马斯·克 in 托马斯·克莱斯蒂尔)."""
        dots = _dot_positions(text[start:end])
        if not dots:
            return True
        known = self._dots.get(key)
        if known is not None:
            return dots <= known
        cuts = [0, *sorted(dots), len(key)]
        return all(b - a >= 2 for a, b in zip(cuts, cuts[1:]))

    def _inside_word(self, text: str, start: int, end: int, key: str, token_starts: set[int]) -> bool:
        """Whether a short alias sits inside a word of the text: a two-character one that does not
        start a word (加纳 in 增加纳税, 卫报 in 防卫报告), or one of up to three characters that does
        not end one (统一部 in 统一部署) unless a place suffix follows (苏贾市: the suffix step may
        take it). People's names rarely hide so. Word edges are only trusted in simplified text,
        where the tokenizer's dictionary applies."""
        starts_inside = len(key) == 2 and start not in token_starts and _simplified(text[max(0, start - 2):end])
        ends_inside = (len(key) <= 3 and end < len(text) and end not in token_starts and CJK.match(key[-1])
                       and CJK.match(text[end]) and not text.startswith(SUFFIXES_AFTER_NAME, end)
                       and _simplified(text[start:end + 1]))
        if starts_inside and self._names_word(text, _word_start(start, token_starts), start):
            starts_inside = False  # 红场 of the word 莫斯科红场: two names the segmenter's dictionary joins
        if ends_inside and self._names_word(text, end, _word_end(end, len(text), token_starts)):
            ends_inside = False  # 莫斯科 of 莫斯科红场
        return (starts_inside or ends_inside) and self._label(key) != "PERSON"

    def _names_word(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` (the rest of a word) is a KB name of two characters or more."""
        return end - start >= 2 and bool(self.kb.candidates(normalize_alias(text[start:end])))

    def _label(self, key: str) -> str:
        entity = self.kb.get(self.kb.candidates(key)[0])
        return entity.label if entity is not None else ""

    def _match(self, start: int, end: int, key: str, *, score: float = 1.0) -> Match:
        ids = self.kb.candidates(key)
        entity = self.kb.get(ids[0])
        assert entity is not None
        # Cities taken in bulk from GeoNames are marked for the resolver: their names are often people's.
        priority = self.priority if entity.attrs.get("source") != "geonames" else WEAK_PRIORITY
        return Match(start, end, entity.label, "gazetteer", score, attrs={}, kb_id=entity.id, priority=priority)

    def _japanese_surnames(self, text: str, matches: list[Match], token_starts: set[int] | None) -> list[Match]:
        """The surname alone of a Japanese person of the KB whom the document names in full (高市
        after 高市早苗, 石破 after 石破茂): a word of its own, which the network reads as an ordinary
        one and the KB does not list alone (石破天惊). Two characters, as most Japanese surnames
        are; a three-character name that begins with a one-character surname (林芳正, 菅义伟) has
        none to give."""
        if token_starts is None:
            return []
        surnames: dict[str, str] = {}
        for m in matches:
            entity = self.kb.get(m.kb_id)
            written = text[m.start:m.end]
            if (m.label == "PERSON" and entity is not None and entity.country == "japan"
                    and 3 <= len(written) <= 5 and all(CJK.match(ch) for ch in written)
                    and not (len(written) == 3 and normalize_char(written[0]) in JAPANESE_ONE_CHARACTER_SURNAMES)):
                surnames.setdefault(written[:2], m.kb_id)
        taken = _covered(text, matches)
        found = []
        for surname, entity_id in surnames.items():
            start = text.find(surname)
            while start >= 0:
                end = start + len(surname)
                if (start in token_starts and (end == len(text) or end in token_starts) and not any(taken[start:end])):
                    found.append(Match(start, end, "PERSON", "gazetteer", 0.9, attrs={}, kb_id=entity_id,
                                       priority=self.priority))
                start = text.find(surname, end)
        return found

    # -- one-character short forms ------------------------------------------------------------
    def _add_short_forms(self, text: str, matches: list[Match], token_starts: set[int] | None) -> list[Match]:
        taken = _covered(text, matches)
        found: list[Match] = []
        i = 0
        while i < len(text):
            if taken[i] or normalize_char(text[i]) not in self._one_char:
                i += 1
                continue
            j = i + 1
            if normalize_char(text[i]) not in SINGLE_ONLY:
                while (j < len(text) and not taken[j] and normalize_char(text[j]) in self._one_char
                       and normalize_char(text[j]) not in SINGLE_ONLY):
                    j += 1
            if j == i + 1 and self._pair_with_name(text, i, taken):
                found.append(self._short_match(text, i, j))  # 中 of 中俄外交部长: 俄外交部 is a KB name
            else:
                found.extend(self._short_run(text, i, j, token_starts))
            i = j
        if "方" in text:
            found += self._shared_sides(text, taken)
        return sorted(matches + found, key=lambda m: m.start)

    def _shared_sides(self, text: str, taken: bytearray) -> list[Match]:
        """巴方, 伊方, 土方: the side of the country among those sharing the short form that the
        document names last before it in full (巴基斯坦外交部表示，巴方…); none where it names none
        (土方 is also earthwork, 巴方 no side without a country)."""
        found = []
        for m in _SHARED_SIDE.finditer(text):
            i = m.start()
            if taken[i] or (i > 0 and CJK.match(text[i - 1]) and text[i - 1] not in RUN_BEFORE):
                continue  # 达尔巴方… inside a longer name or word
            last = {}
            for country in _SHARED_SIDES[normalize_char(text[i])]:
                entity = self.kb.get(country)
                names = [n for n in entity.names() if len(n) >= 2] if entity is not None else []
                last[country] = max((text.rfind(n, 0, i) for n in names), default=-1)
            country, at = max(last.items(), key=lambda item: item[1])
            if at >= 0:
                found.append(Match(i, i + 2, "PLACE", "gazetteer", 0.9, attrs={}, kb_id=country, priority=self.priority))
        return found

    def _pair_with_name(self, text: str, i: int, taken: bytearray) -> bool:
        """Whether the short form at ``i`` pairs with one that begins a KB name right after it
        (中俄外交部长, 俄乌外交部长: 俄外交部 and 乌外交部 are KB names)."""
        pair = normalize_alias(text[i:i + 2])
        before = text[i - 1] if i > 0 else ""
        return (i + 1 < len(text) and bool(taken[i + 1]) and set(pair) <= PAIR_CORE and len(set(pair)) == 2
                and pair not in STOP_PAIRS and before + text[i] not in STOP_BEFORE
                and not (before and CJK.match(before) and before not in RUN_BEFORE))

    def _short_run(self, text: str, start: int, end: int, token_starts: set[int] | None) -> list[Match]:
        """Matches for a run of short-form characters text[start:end]."""
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        nearby = text[max(0, start - 2):end + 2]
        if normalize_alias(nearby) != nearby.replace(" ", ""):
            token_starts = None  # traditional script: the tokenizer's word starts are not reliable
        # 中 + 国防部长 (美中国防部长): a minister's title that begins its own word ends the run, though
        # its first character makes a word with the short form (中国); not after a word (会谈中).
        before_title = (_MINISTRY_TITLE.match(text, end) is not None
                        and (token_starts is None or end in token_starts)
                        and not (before and CJK.match(before) and before not in RUN_BEFORE))
        if before + text[start] in STOP_BEFORE or (text[end - 1] + after in STOP_AFTER and not before_title):
            return []
        if token_starts is not None and (start not in token_starts and before not in TRIGGERS):
            return []
        if token_starts is not None and end < len(text) and end not in token_starts and after != "方":
            return []
        if _is_day(text, start, end) or (before and before in NAME_DOTS) or (after and after in NAME_DOTS):
            return []  # 12日中午; 萨乌德·侯赛因 (part of a transliterated name)
        if before == "访" and start >= 2 and text[start - 2] in VISIT_WORD_HEADS:
            return []  # 采访中, 拜访美 ...: 访 ends another word
        if end - start >= 2:
            run = normalize_alias(text[start:end])
            if any(run[k:k + 2] in STOP_PAIRS for k in range(len(run) - 1)):
                return []
            if before and CJK.match(before) and before not in RUN_BEFORE:
                return []  # 萨乌德: a run inside a longer name or word
            if not set(run) <= PAIR_CORE and not text.startswith(RELATION_WORDS, end):
                return []  # 加以, 华泰: a rarer short form needs 冲突/关系/两国 ... after it
            return [self._short_match(text, k, k + 1) for k in range(start, end)]
        char = text[start]
        if after == "方" and char not in NOT_SIDE_HEADS and (end + 1 >= len(text) or text[end + 1] not in NOT_SIDE):
            # 方 must end its word too (以方兴未艾 is 以 + 方兴未艾).
            if token_starts is None or end + 1 >= len(text) or end + 1 in token_starts or not CJK.match(text[end + 1]):
                return [self._short_match(text, start, end + 1)]
            return []
        if text.startswith(COUNTRY_FOLLOWERS, end):
            return [self._short_match(text, start, end)]  # 美媒, 俄外长, 韩总统
        if before in STRONG_TRIGGERS or (before in TRIGGERS and normalize_char(char) in STRONG_SHORT):
            # The next character must not continue a word (在美丽的, 对中间): a CJK char after the
            # short form is accepted only when it does not make a known two-character word.
            return [self._short_match(text, start, end)]
        return []

    def _short_match(self, text: str, start: int, end: int) -> Match:
        # The span may include the 方 of 俄方 (SCHEMA tags it whole); the id comes from the first char.
        return Match(start, end, "PLACE", "gazetteer", 0.9, attrs={},
                     kb_id=self._one_char[normalize_char(text[start])], priority=self.priority)

    # -- serialisation ----------------------------------------------------------------------
    def _cfg(self) -> dict[str, Any]:
        return {"kb_extra": self.kb_extra, "priority": self.priority, "short_forms": self.short_forms}

    def _set_cfg(self, cfg: dict[str, Any]) -> None:
        self.kb_extra = list(cfg.get("kb_extra", []))
        self.priority = int(cfg.get("priority", 10))
        self.short_forms = bool(cfg.get("short_forms", True))


def _dot_offsets(kb: KnowledgeBase) -> dict[str, set[int]]:
    """Alias key -> the key offsets where one of the KB's names with that key has a name dot."""
    dots: dict[str, set[int]] = {}
    for entity in kb:
        for name in entity.names():
            offsets = _dot_positions(name)
            if offsets:
                dots.setdefault(normalize_alias(name), set()).update(offsets)
    return dots


def _dot_positions(text: str) -> set[int]:
    """Offsets in ``normalize_alias(text)`` where ``text`` has a name dot."""
    offsets, offset = set(), 0
    for char in text:
        if char in NAME_DOTS:
            offsets.add(offset)
        else:
            offset += len(normalize_char(char))
    return offsets


def _city_word_at(text: str, pos: int) -> bool:
    """Whether the 市 before ``pos`` starts a word (市长, 市民, 市中心) rather than ends a city name."""
    return text[pos:pos + 1] in CITY_WORD_TAILS or text.startswith("中心", pos)


def _word_start(at: int, token_starts: set[int], reach: int = 8) -> int:
    """The start of the word ``at`` lies in (within ``reach`` characters), else ``at``."""
    return next((i for i in range(at, max(-1, at - reach), -1) if i in token_starts), at)


def _word_end(at: int, n: int, token_starts: set[int], reach: int = 8) -> int:
    """The end of the word ``at`` lies in (within ``reach`` characters), else ``at``."""
    return next((i for i in range(at + 1, min(n, at + reach) + 1) if i in token_starts or i == n), at)


def _simplified(text: str) -> bool:
    return normalize_alias(text) == text


def _is_day(text: str, start: int, end: int) -> bool:
    """Whether a 日 in the run is the day of a date (12日, 今日) rather than Japan."""
    offset = text.find("日", start, end)
    if offset < 0:
        return False
    before = text[offset - 1] if offset > 0 else ""
    return bool(_DAY_BEFORE.search(before)) or (before != "" and before in DAY_WORD_HEADS)

