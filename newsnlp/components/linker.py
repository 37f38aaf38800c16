"""Alias linker: gives every PERSON, PLACE, ORG and MILITARY_UNIT entity a ``kb_id``.

Runs after the resolver. For each entity it asks the candidate generator (exact, normalised,
suffix, fuzzy) and then uses the document: a surname after the full name (绍伊古 after
谢尔盖·绍伊古), a numbered unit's short form after its full name (第528团 after 朝鲜人民军第528工兵团),
a bare place name by what the sentence says (收复库尔斯克 is the oblast, 哈尔科夫市 the city), a bare
ministry by the country in context (俄罗斯联邦安全会议秘书、前国防部长 -> Russia's MoD). Names the KB
lacks get a cluster id derived from their normalised form, the same in every run and process.

``span._.attrs`` gains ``link_method`` (exact, normalised, suffix, fuzzy, short-form, abbreviation,
context, cluster) and ``link_score``.
"""
from __future__ import annotations

import difflib
import logging
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..candidates import (
    CITY_TYPES, JAPANESE_ONE_CHARACTER_SURNAMES, NAME_DOTS, REGION_TYPES, TRANSLITERATION_CHARS, Candidate,
    CandidateGenerator, abbreviates, cluster_id, dotted_parts, normalize_alias, split_suffix, stable_id,
)
from ..extensions import CJK, doc_text, forget_text, install_extensions
from ..kb import Entity, KnowledgeBase
from ..numerals import country_words, fold
from ..schema import LINKABLE_LABELS
from ..textnorm import SENTENCE_BREAK, sentence_start
from .kb_component import KBComponent
from .units import BARE_FORCES, COORDINATORS, SHARED_SHORT_FORMS

logger = logging.getLogger(__name__)

# Words around a bare place name that show it denotes the region, not the city of the same name.
REGION_AFTER = ("前线", "战线", "方向", "一带", "边境", "战役", "攻势", "突袭", "入侵", "行动", "战事",
                "战场", "境内", "全境", "地区", "州", "省", "边疆区", "参战", "作战", "交战", "战斗")
REGION_BEFORE = ("收复", "进攻", "攻入", "入侵", "占领", "撤出", "撤离", "夺回", "越境", "突入", "进入",
                 "驱逐出", "赶出", "推进到", "深入", "部署到", "部署在", "派往", "开赴", "坚守", "固守", "驻守")
# Names the press of one country gives another place than the KB's first reading: 东海 in a story
# on the Koreas is the East Sea (the Sea of Japan), not the East China Sea.
_NAMED_SO_BY = {"东海": {"north-korea": "sea-of-japan", "south-korea": "sea-of-japan"}}
# Words between a bare name and a region word after it (在库尔斯克的攻势, 在库尔斯克参与作战).
_BEFORE_REGION_WORD = re.compile(r"的|参与|参加|投入|发动")
# A share of its territory after the name (控制顿涅茨克约60%的领土, 控制卢甘斯克几乎全部领土).
_REGION_LATER = re.compile(r"(?:约|近|超过|几乎)?(?:[0-9０-９.]+%|大部分|大部|全部|一半|三分之一|三分之二)的?领土")
CITY_AFTER = ("市", "城", "市中心", "市区", "市长", "机场", "火车站")
_LIST_OF_REGIONS = re.compile(r"[^，。；！？\n]{0,24}?[、和及与][^，。；！？\n]{0,12}?[两三四五六七八九几等诸各]?[州省]")
_REGION_COUNT = re.compile(r"^[两三四五六七八九几等诸各][州省]")
# A name joined to another before a region's word (哈尔科夫和苏梅方向: both oblasts).
_COORDINATED_REGION = re.compile(r"[、和与及][^，。；！？\n、和与及]{2,8}?(?:方向|前线|战线|边境|州|省)")
_NUMBER = re.compile(r"(\d+)")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# Nouns that make a country name the national armed forces (乌克兰军队 -> Ukraine's armed forces).
FORCE_SUFFIXES = ("武装力量", "武装部队", "国防军", "政府军", "军队", "军方", "军")
# A country's services by the words the rules read them with (印空军, 美国国民警卫队).
SERVICE_WORDS = ("海军陆战队", "国民警卫队", "海岸警卫队", "特种部队", "空天军", "太空军", "火箭军", "陆战队",
                 "陆军", "海军", "空军")
ECHELON_WORDS = (("集团军", "army"), ("军区", "military-district"), ("军团", "corps"), ("舰队", "fleet"),
                 ("师", "division"), ("旅", "brigade"), ("团", "regiment"), ("营", "battalion"),
                 ("连", "company"), ("军", "corps"))


@dataclass
class _DocState:
    """What the document has said so far, for short forms and context."""

    persons: list[tuple[str, str]] = field(default_factory=list)   # (normalised full name, id)
    person_parts: list[tuple[str, str]] = field(default_factory=list)  # (one part of a dotted name, id)
    units: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    places: list[tuple[str, str]] = field(default_factory=list)   # (stem, id) of suffixed places
    suffixed: list[tuple[str, str]] = field(default_factory=list)  # (suffix, id) of places, KB ones too
    countries: list[tuple[int, str]] = field(default_factory=list)  # (char offset, country id)
    unit_names: list[tuple[str, str]] = field(default_factory=list)  # (key, id) of the units linked so far
    country_labels: dict[int, str] = field(default_factory=dict)  # offset in ``countries`` -> the mention's label
                                                                   # (``_SHORT_FORM`` for 美, 美方)
    named_countries: list[tuple[str, str]] = field(default_factory=list)  # (written name, id) of states
    all_countries: list[tuple[str, str]] = field(default_factory=list)  # the same in the whole document
    last_unit: tuple[int, str] = (-1, "")  # (end offset, country id) of the last unit mention
    # (start, end, id) of the last two country mentions: a body right after two written together
    # (美韩国防部长) is both countries'.
    last_countries: list[tuple[int, int, str]] = field(default_factory=list)
    # (normalised name, id) of organisations named in full or right after their country (the bare
    # name of a body then stands for it: 美国国防部 … 国防部发言人).
    orgs: list[tuple[str, str, int]] = field(default_factory=list)  # (name, id, offset)
    doc_key: str = ""  # a hash of the text, for ids that hold in this document only
    mainland: bool | None = None  # a simplified-script text that names no country but China
    simplified: bool | None = None  # no traditional character in the text
    home: str | None = None  # the state whose own press this is (韩联社…电: South Korea), "" for none


# At most this many characters of role words between a bare body and its office holder
# (发言人, 部长, 新闻秘书 ...), and none of these.
_ROLE_GAP = 6
# What joins two units in a coordination (第36师和第98师).
_CLAUSE_END = re.compile(r"[，,。；;：:！？!?、\n]")
# Quotation marks around a unit's name (乌克兰“亚速”营): the KB writes most names without them.
_UNIT_QUOTES = re.compile(r"[“”\"「」『』]")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]+)[”\"」』]")
# Between a region and its countries' body (欧洲国家国防部长).
_COUNTRIES_WORDS = ("国家", "國家", "各国", "各國", "诸国", "諸國")
# A bare body after these is several countries' (韩美两国国防部长, 各国外交部).
_SEVERAL_COUNTRIES = ("两国", "兩國", "三国", "三國", "四国", "四國", "五国", "五國", "六国", "六國", "七国", "七國",
                      "多国", "多國", "双方", "雙方", "三方", "四方", "各方", "成员国", "成員國", "盟国", "盟國",
                      *_COUNTRIES_WORDS)
# Bodies every state has, named bare (normalised): without its country a mention is no entity of
# its own across the corpus.
_BODIES = frozenset({"国会", "议会", "众议院", "参议院", "下议院", "上议院", "内阁", "国民议会", "政府", "总统府",
                     "最高法院", "宪法法院", "中央银行", "央行", "国家安全委员会", "安全会议", "联邦委员会",
                     "联邦议院", "外交部", "国防部", "内政部", "司法部", "财政部", "总参谋部", "情报局"})
# Bare bodies of a ruling party (党中央): a party-state's, never a country's that has none.
_RULING_PARTY_BODIES = frozenset({"党中央"})
# What the spokespeople of China's ministries say of their own side: a bare body before it is China's.
_CHINESE_SIDE = re.compile("中方|中國方面|中国方面|我国|我國")
# A spokesperson written without a name, straight into what was said (外交部发言人表示, 发言人在记者会上).
_UNNAMED_SPOKESPERSON = re.compile(r"发言人(?:表示|说|称|指出|强调|回答|答记者问|宣布|在|就|当天|今天|昨天|日前|近日)")
# A topic fronted before the comma (关于伊朗核问题，…; 在被问及美国对台军售时，…): a country named
# in it is what a body speaks about, not the body's own.
_TOPIC = re.compile(r"在?(?:针对|針對|关于|關於|就(?!在|连|連|是|要|会|會|此|这|這|算|已|将|將|像)|对于|對於|有关|有關"
                    r"|被问及|被問及|谈及|談及|谈到|談到|提及|回答)")
# A group named after a warship ends so (辽宁舰编队, “林肯”号航母打击群).
_SHIP_GROUP_END = re.compile(r"(?:航母|航空母舰|航艦|航舰)?(?:编队|編隊|打击群|打擊群|战斗群|戰鬥群)$")
# Short forms read one way beside another (the pair as written, the short form, its reading): 澳 is
# Australia, but Macau in 港澳 (港澳台, 港澳地区); 巴 is Palestine beside 以 (巴以冲突), Pakistan
# beside 印; 黎 is Lebanon beside 以 (以黎停火).
_PAIR_READINGS = {("港澳", "澳"): "macau", ("巴以", "巴"): "palestine", ("以巴", "巴"): "palestine",
                  ("印巴", "巴"): "pakistan", ("巴印", "巴"): "pakistan", ("以黎", "黎"): "lebanon",
                  ("黎以", "黎"): "lebanon"}
# Short forms in set phrases with what follows them: 巴控克什米尔 is Pakistan-administered Kashmir
# (巴控区 alone may be a Palestinian-controlled area).
_READINGS_BEFORE = {("巴", "控克"): "pakistan"}


class AliasLinker(KBComponent):
    """Set ``kb_id`` on linkable entities from the KB, the document, or a stable cluster id."""

    derived = ("_generator", "_surnames", "_first_names", "_english_names", "_country_initials")

    def __init__(self, nlp: Language | None = None, name: str = "linker", *,
                 kb_extra: Iterable[str] = (), fuzzy_threshold: float = 0.8,
                 kb: KnowledgeBase | None = None) -> None:
        install_extensions()
        self.name = name
        self.fuzzy_threshold = fuzzy_threshold
        self._init_kb(kb_extra, kb)

    @property
    def generator(self) -> CandidateGenerator:
        if self._generator is None:
            self._generator = CandidateGenerator(self.kb, fuzzy_threshold=self.fuzzy_threshold)
        return self._generator

    @property
    def surnames(self) -> dict[str, list[Entity]]:
        """KB people by the last part of their dotted names (约翰逊: Boris and Mike Johnson)."""
        if self._surnames is None:
            self._surnames = _people_by_name_part(self.kb, -1)
        return self._surnames

    @property
    def first_names(self) -> dict[str, list[Entity]]:
        """KB people by the first part of their dotted names (穆罕默德: every Mohammed of the KB)."""
        if self._first_names is None:
            self._first_names = _people_by_name_part(self.kb, 0)
        return self._first_names

    @property
    def english_names(self) -> dict[str, list[Entity]]:
        """KB people by their English name, case and accents folded (wladyslaw kosiniak-kamysz)."""
        if self._english_names is None:
            self._english_names = {}
            for entity in self.kb:
                if entity.label == "PERSON" and entity.name_en:
                    self._english_names.setdefault(_latin_key(entity.name_en), []).append(entity)
        return self._english_names

    def __call__(self, doc: Doc) -> Doc:
        state = _DocState()
        self._collect_doc_mentions(doc, state)
        ents: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in LINKABLE_LABELS:
                ents.append(ent)
                continue
            attrs = dict(ent._.attrs or {})
            glossed = _glossed(doc, ents, ent)
            own, label = None, ent.label
            if glossed is not None and glossed.label_ == "PERSON" and not glossed.kb_id_.startswith("~"):
                bearer = self._bearer_of_gloss(glossed.kb_id_, ent.text)
                if bearer != glossed.kb_id_:
                    # 沃洛申（Vladyslav Voloshyn）: the gloss names another bearer of the surname than the
                    # KB person the name linked to (Nazar Voloshyn), the KB's other person or one it lacks.
                    ents[-1] = glossed = _relinked(glossed, bearer, "context", 0.8)
                    ents[-1]._.attrs.pop("canonical_name", None)
            if glossed is not None and glossed.kb_id_.startswith("~"):
                own = self.link(ent, attrs, state)
                entity = self.kb.get(own[0])
                if entity is None and (by_english := self._english_gloss(glossed, ent, state)):
                    own, entity = (by_english.id, "exact", 0.9), by_english
                # The model's label of the name before may be wrong too: a gloss that is a KB person's
                # name exactly (南加（Corneille Nangaa）, 南加 read as an organisation) makes it a person.
                relabel = (entity is not None and entity.label == "PERSON" != glossed.label_
                           and glossed._.source == "model" and own[1] == "exact")
                if entity is not None and (entity.label == glossed.label_ or relabel):
                    # 威克（Roger Wicker）: the gloss names a KB person the name before it did not.
                    ents[-1] = _relinked(glossed, own[0], "context", own[2], label=entity.label)
                    ents[-1]._.attrs["canonical_name"] = entity.name
                    glossed, label = None, ents[-1].label  # a gloss the model read as a body is the person
            if glossed is not None:
                entity_id, method, score = glossed.kb_id_, "context", glossed._.attrs.get("link_score", 0.9)
            else:
                entity_id, method, score = own or self.link(ent, attrs, state)
            source, ent_score = ent._.source, ent._.score
            if glossed is not None:
                label = glossed.label
            span = Span(doc, ent.start, ent.end, label=label, kb_id=entity_id)
            attrs["link_method"] = method
            attrs["link_score"] = round(score, 3)
            entity = self.kb.get(entity_id)
            if entity is not None:
                attrs["canonical_name"] = entity.name  # 美国 for 美, 台湾 for 台灣
            if ent.label_ == "MILITARY_UNIT" and entity is None and "country" not in attrs:
                # A unit the KB lacks whose name states its country (波兰作战司令部).
                written = next((c for c, n in self._country_prefixes(normalize_alias(ent.text), min_rest=2) if n >= 2), "")
                if written:
                    attrs["country"] = written
            if ent.label_ == "MILITARY_UNIT" and entity is not None:
                if entity.country and "country" not in attrs:
                    attrs["country"] = entity.country
                # A unit named by its KB name (暴风军团) gets the KB's echelon, number and branch.
                for key in ("echelon", "number", "branch"):
                    if key in entity.attrs and key not in attrs:
                        attrs[key] = entity.attrs[key]
            span._.attrs = attrs
            span._.source = source
            span._.score = ent_score
            ents.append(span)
            self._remember(span, attrs, entity_id, state)
        linked = {id(ent) for ent in ents}
        ents = _glosses_written_again(self._bodies_linked_later(_surnames_before_full_names(doc, ents), state))
        for ent in ents:
            if id(ent) not in linked and (entity := self.kb.get(ent.kb_id_)) is not None:
                ent._.attrs.setdefault("canonical_name", entity.name)  # one these passes linked
        doc.ents = ents
        forget_text(doc)
        return doc

    # -- linking one mention ---------------------------------------------------------------
    def link(self, ent: Span, attrs: dict[str, Any], state: _DocState) -> tuple[str, str, float]:
        text, label = ent.text, ent.label_
        if label == "PERSON":
            text = _PERIOD_AS_DOT.sub("·", text)  # 玛丽亚.扎哈罗娃 is 玛丽亚·扎哈罗娃
        key = normalize_alias(text)
        if label == "MILITARY_UNIT" and _UNIT_QUOTES.search(text) and not self.kb.candidates(key):
            found = self._after_country(key, label)  # 俄军“北方”集群: a force and a KB name in quotes
            if found:
                return found
            text = self._unquoted_unit(text)
            key = normalize_alias(text)
        if label == "MILITARY_UNIT":
            found = self._link_unit(ent, key, attrs, state)
            if found:
                return found
        if label == "PERSON":
            # A first name or surname right after a country and a title (沙特王储穆罕默德) is that
            # country's holder of the title, whoever of the name the document named before.
            found = self._surname_of_country(ent, key, state) if not self.kb.candidates(key) else None
            if found:
                return found
            found = self._link_person_short_form(ent, key, state)
            if found and not self.kb.candidates(key):
                return found
        if label == "PLACE" and len(key) == 1:
            paired = _pair_reading(ent, key)
            if paired in self.kb:
                return paired, "context", 0.9
        if label == "ORG" and (generic := self.kb.generic(key)):
            holder = self._country_of_holder(ent)
            if holder and holder not in generic:
                # 海警局发言人塔里埃拉: a bare body of the office holder's country, which the KB lacks
                # under this name, not the body of another country named before.
                attrs["country"] = holder
                return cluster_id(label, f"{holder}|{key}"), "cluster", 0.5
        if label == "ORG":
            found = self._link_generic(ent, key, state) or (
                None if self.kb.candidates(key) else self._after_country(key, "ORG"))
            if found:
                return found
            if len(key) >= 3 and not self.kb.candidates(key) and not _adjacent_countries(ent.start_char, state):
                # A bare body the generic rules left unsettled (两国国防部长) stays so.
                found = self._body_named_before(ent, key, state, {}) or (  # 美国国会参议院 … 参议院
                    None if self.kb.generic(key) else self._named_with_country(key, self._country_in_sentence(ent, state)))
                if found:
                    return found
            term = _TERM.search(key)
            if term and not self.kb.candidates(key):
                # 朝鲜劳动党第八届中央委员会: the body, whatever its term.
                found = self.kb.candidates(key[:term.start()] + key[term.end():])
                if len(found) == 1:
                    return found[0], "exact", 0.9
        candidates = self.generator(text, label) or (
            self.generator(_without_patronymic(text), label) if label == "PERSON" else [])
        if candidates:
            chosen = self._choose(ent, key, candidates, state)
            if (not self._in_country_before(ent, chosen[0], state) or self._state_unasked(chosen, state)
                    or label == "PERSON" and self._titled_elsewhere(ent, chosen[0], state)):
                return cluster_id(label, _cluster_key(label, key, attrs)), "cluster", 0.5
            return chosen
        if label == "PLACE":
            found = self._link_place_short_form(ent, key, state)
            if found:
                return found
        if label == "PERSON":
            found = (self._link_person_short_form(ent, key, state) or self._surname_of_country(ent, key, state)
                     or _same_name_before(key, state))
            if found:
                return found
        existing = ent.kb_id_
        if existing and existing in self.kb and not (
                attrs.get("echelon") == "naval-group" and self.kb.get(existing).type == "ship"):
            return existing, "exact", 0.9  # a group named after a ship is not the ship (「山東艦」航母編隊)
        cluster_key = ((self._ministry_key(ent, key, state) if label == "ORG" else "")
                       or (self._ship_group_key(text, attrs) if label == "MILITARY_UNIT" else "")
                       or _cluster_key(label, key, attrs))
        country = cluster_key.partition("|")[0] if label == "ORG" and cluster_key != key else ""
        if country and ("+" in country or self._is_region(country)):
            # 北欧国防部长, 美韩国防部长: several countries' ministers, of this document only.
            return cluster_id(label, cluster_key + "@" + self._doc_key(ent, state)), "document", 0.5
        if country:
            attrs["country"] = country  # 布隆迪国防部长: Burundi's ministry, not another country's
        if label == "ORG" and cluster_key == key and (key in _BODIES or self.kb.generic(key)):
            # A bare body the KB lacks (众议院, 内阁) or could not settle is the one of the country
            # in its sentence (泰国议会选举后，参议院), not every country's; with none, this document's.
            several = doc_text(ent.doc).endswith(_SEVERAL_COUNTRIES, 0, ent.start_char)  # 五国国防部长
            country = "" if several else self._country_in_sentence(ent, state)
            if country:
                attrs["country"] = country  # what keeps it apart from other countries' in the corpus
                return cluster_id(label, f"{country}|{key}"), "cluster", 0.5
            return cluster_id(label, key + "@" + self._doc_key(ent, state)), "document", 0.5
        if label == "PERSON" and len(key) == 1:
            # A surname alone (金副部长) names someone of this document only: 金 in another article
            # is someone else, so the id is the document's own.
            return cluster_id(label, cluster_key + "@" + self._doc_key(ent, state)), "document", 0.5
        return cluster_id(label, cluster_key), "cluster", 0.5

    def _mainland_default(self, ent: Span, state: _DocState) -> str:
        """China, for a bare body in a text in simplified script that names no other country
        anywhere but in a fronted topic: the mainland press writes its own state's bodies bare (党中央、
        国务院, 财政部印发; 在被问及美国对台军售时，国防部发言人表示 is China's)."""
        if state.mainland is None:
            text = doc_text(ent.doc)
            foreign = any(e.label_ in ("PLACE", "MILITARY_UNIT") and self._country_of_mention(e) not in ("", "china")
                          and not _in_topic(text, e.start_char) for e in ent.doc.ents)
            state.mainland = self._simplified(ent, state) and not foreign
        return "china" if state.mainland else ""

    def _simplified(self, ent: Span, state: _DocState) -> bool:
        """Whether the document is written in simplified script (no traditional character in it)."""
        if state.simplified is None:
            han = _NOT_HAN.sub("", doc_text(ent.doc))
            state.simplified = fold(han) == han
        return state.simplified

    def _home(self, ent: Span, state: _DocState) -> str:
        """The state whose own press the document is (``_HOME_MARKERS``), "" when none shows."""
        if state.home is None:
            state.home = _home_country(doc_text(ent.doc))
        return state.home

    def _country_of_mention(self, ent: Span) -> str:
        """The country a place or a force mention names (乌克兰, 俄军), as the KB gives it; ""."""
        key = normalize_alias(ent.text)
        return self._country_of(key) or self._country_of_forces(key)

    def _doc_key(self, ent: Span, state: _DocState) -> str:
        """A hash of the document's text, for the ids of what one document alone settles."""
        state.doc_key = state.doc_key or stable_id("doc", doc_text(ent.doc))
        return state.doc_key

    def _ministry_key(self, ent: Span, key: str, state: _DocState) -> str:
        """The cluster key of a ministry the KB lacks, country and ministry: written after its
        country in one name (布隆迪国防部) or as two (布隆迪 + 国防部, cut by a minister's title,
        布隆迪国防部长), it is one entity, and not the bare 国防部 of another country."""
        if not key.endswith("部") and not key.endswith(tuple(_BODIES)):
            return ""  # a ministry, or another state body (美国最高法院 is 美国 + 最高法院)
        adjacent = _adjacent_countries(ent.start_char, state, doc_text(ent.doc))
        if adjacent:  # 美韩国防部长: the two countries' ministers, a cluster of their own
            return f"{'+'.join(sorted(adjacent))}|{key}"
        # 德国防部 is 德 + 国防部: a prefix that leaves a known body's name first, else the longest.
        # A one-character short form only before a known body: 中央电视台影视部 is no body of China.
        for country, n in sorted(self._country_prefixes(key, min_rest=2), key=lambda p: not self.kb.generic(key[p[1]:])):
            if (n > 1 or self.kb.generic(key[n:])) and (key.endswith("部") or key[n:] in _BODIES):
                return f"{country}|{key[n:]}"
        return ""

    def _in_country_before(self, ent: Span, entity_id: str, state: _DocState) -> bool:
        """False for a city of another country than the one written right before it (英国纽卡斯尔 is
        not Newcastle in Australia, 西班牙科尔多瓦 not the Argentine city): that city is not in the KB."""
        entity = self.kb.get(entity_id)
        adjacent = _adjacent_countries(ent.start_char, state)
        return not (entity is not None and ent.label_ == "PLACE" and entity.type in CITY_TYPES | {"town"}
                    and entity.country and len(adjacent) == 1 and not self._is_region(adjacent[0])
                    and entity.country != adjacent[0])

    def _state_unasked(self, chosen: tuple[str, str, float], state: _DocState) -> bool:
        """Whether a name is a state's without its suffix (维多利亚 of 维多利亚州) in a document that has
        named no country of that state before it: 维多利亚 of 维多利亚瀑布 is no Australian state."""
        entity = self.kb.get(chosen[0])
        return (chosen[1] == "suffix" and entity is not None and entity.type == "state" and bool(entity.country)
                and entity.country not in {country for _, country in state.countries})

    def _is_region(self, entity_id: str) -> bool:
        """A macro region (北欧, 欧洲: UN M49 codes), whose ministers are several countries'."""
        entity = self.kb.get(entity_id)
        return entity is not None and entity.is_macro_region

    def _ship_group_key(self, text: str, attrs: dict[str, Any]) -> str:
        """The cluster key of a group named after a KB warship, the ship's id: 辽宁舰编队,
        辽宁号航母编队 and 遼寧號航艦編隊 are one group."""
        group = _SHIP_GROUP_END.search(text)
        if attrs.get("echelon") != "naval-group" or group is None:
            return ""
        head = text[:group.start()]
        opening = _OPENING_QUOTE.search(head)
        if opening and opening.start() > 0:
            head = head[opening.start():]  # 美国“杜鲁门”号航母打击群: the country before is no part of the name
        ship = normalize_alias(_UNIT_QUOTES.sub("", head))
        countries = country_words()
        ship = ship[next((n for n in range(min(len(ship) - 2, 8), 1, -1)
                          if countries.get(ship[:n], ("", ""))[1] == "full"), 0):]  # 英国伊丽莎白女王号
        for entity_id in [*self.kb.candidates(ship), *(i for tail in ("号", "航母", "号航母", "航空母舰", "舰")
                                                       for i in self.kb.candidates(ship + tail))]:
            entity = self.kb.get(entity_id)
            if entity is not None and entity.type == "ship":
                if entity.country:
                    attrs.setdefault("country", entity.country)  # the ship's navy's
                return f"{entity_id}|naval-group"
        return ""

    def _choose(self, ent: Span, key: str, candidates: list[Candidate], state: _DocState) -> tuple[str, str, float]:
        best = candidates[0]
        if ent.label_ == "PLACE":
            return self._choose_place(ent, key, candidates, state)
        if len(candidates) > 1:
            # Prefer an entity the document already named (a surname shared by two people).
            seen = {i for _, i in state.persons} | {i for _, i in state.units}
            for c in candidates:
                if c.entity_id in seen:
                    return c.entity_id, "context", c.score
            country = self._country_in_context(ent, state)
            for c in candidates:
                entity = self.kb.get(c.entity_id)
                if entity is not None and country and entity.country == country:
                    return c.entity_id, "context", c.score
        return best.entity_id, best.method, best.score

    def _choose_place(self, ent: Span, key: str, candidates: list[Candidate], state: _DocState) -> tuple[str, str, float]:
        shared = SHARED_SHORT_FORMS.get(key, ())
        if candidates[0].entity_id in shared:
            # A short form that countries share (伊: Iran, Iraq) is the one the document last named in
            # full (伊拉克…驻伊部队), else the KB's.
            named = _named_last(state, shared)
            if named and named != candidates[0].entity_id:
                return named, "short-form", 0.8
        if key in _NAMED_SO_BY:
            named_so = _NAMED_SO_BY[key].get(self._country_in_context(ent, state))
            if named_so in self.kb:
                return named_so, "context", 0.85
        stem, suffix, _ = split_suffix(key)
        options = {c.entity_id: c for c in candidates}
        if not suffix:
            # A bare name can also be the region whose name is this stem plus a suffix.
            for entity_id in self.kb.stem_candidates(key):
                entity = self.kb.get(entity_id)
                if entity is not None and entity.type in REGION_TYPES and entity_id not in options:
                    options[entity_id] = Candidate(entity_id, "context", 0.85)
        if len(options) == 1:
            only = next(iter(options.values()))
            return only.entity_id, only.method, only.score
        entities = [self.kb.get(i) for i in options]
        regions = [e for e in entities if e is not None and e.type in REGION_TYPES]
        cities = [e for e in entities if e is not None and e.type in CITY_TYPES | {"town"}]
        if regions and cities and not suffix:
            wanted, by_context = self._region_or_city(ent, stem, regions, cities, state)
            chosen = options[wanted.id]
            return wanted.id, "context" if by_context else chosen.method, chosen.score
        country = self._country_in_context(ent, state)
        for entity in entities:
            if entity is not None and country and entity.country == country:
                return entity.id, "context", options[entity.id].score
        best = candidates[0]
        return best.entity_id, best.method, best.score

    def _region_or_city(self, ent: Span, stem: str, regions: list[Entity], cities: list[Entity],
                        state: _DocState) -> tuple[Entity, bool]:
        """The region or the city a bare name denotes, and whether context (not the default) decided."""
        text = doc_text(ent.doc)
        after = fold(text[ent.end_char:ent.end_char + 8])  # 作戰 too
        before = fold(text[max(0, ent.start_char - 6):ent.start_char])
        if after.startswith(CITY_AFTER) or before.endswith(("首都", "首府")):
            return cities[0], True  # 首都基辅, 州首府库尔斯克
        joined = _BEFORE_REGION_WORD.match(after)
        if (after.startswith(REGION_AFTER) or before.endswith(REGION_BEFORE)
                or (joined and after.startswith(REGION_AFTER, joined.end()))
                or _REGION_LATER.match(text, ent.end_char)
                or _LIST_OF_REGIONS.match(text, ent.end_char, ent.end_char + 40)
                or _COORDINATED_REGION.match(fold(text[ent.end_char:ent.end_char + 12]))
                or _REGION_COUNT.match(after)):
            return regions[0], True
        named = {i for s, i in state.places if s == stem}
        region_ids, city_ids = {e.id for e in regions}, {e.id for e in cities}
        if named & region_ids and not named & city_ids and not any(e.type == "capital" for e in cities):
            # The article names the region with its suffix and never the city: a bare name is the region;
            # not a country's capital, which a bare name denotes whatever else the story names (基辅州停电。
            # 在基辅会见官员: Kyiv).
            return next(e for e in regions if e.id in named), True
        if named & city_ids and not named & region_ids:
            return next(e for e in cities if e.id in named), True
        return cities[0], False

    def _link_person_short_form(self, ent: Span, key: str, state: _DocState) -> tuple[str, str, float] | None:
        if len(key) < 2:
            return None
        bearers = {entity_id for part, entity_id in state.person_parts if part == key}
        if len(bearers) > 1:
            # Two people of the document bear the name (约翰·史密斯 … 彼得·史密斯 … 史密斯说): the text
            # alone does not say which one is meant, so neither is taken.
            return cluster_id("PERSON", key + "@" + self._doc_key(ent, state)), "document", 0.5
        if bearers:
            return bearers.pop(), "short-form", 0.85
        for full, entity_id in reversed(state.persons):
            if full != key and full.endswith(key):
                return entity_id, "short-form", 0.8
        for full, entity_id in reversed(state.persons):
            # A Japanese surname after the full name (石破 after 石破茂, 茂木 after 茂木敏充; not 哈里
            # of 哈里斯 or 约翰 of 约翰逊, the start of a transliteration, nor 林芳 of 林芳正).
            if (full.startswith(key) and 1 <= len(full) - len(key) <= 2 and _JAPANESE_FULL_NAME.fullmatch(full)
                    and not set(full) & _FOREIGN_SOUNDS
                    and not (len(full) == 3 and full[0] in JAPANESE_ONE_CHARACTER_SURNAMES)):
                return entity_id, "short-form", 0.8
        return None

    def _titled_country(self, ent: Span, state: _DocState) -> str:
        """The country of the title written right before a person (哥伦比亚国防部长 before 佩德罗·桑切斯),
        "" where no country and title come just before."""
        offset, country = _last_country(ent, state)
        before = normalize_alias(doc_text(ent.doc)[offset:ent.start_char]) if country else ""
        title = next((w for words, _ in _TITLES for w in words if before.endswith(w)), "")
        # The country's name and its title only (not 北约秘书长吕特 after a country, whose title is NATO's).
        rest = _TITLE_MODIFIERS.sub("", before[:len(before) - len(title)]) if title else ""
        return country if rest and self._country_of(rest) == country else ""

    def _bearer_of_gloss(self, entity_id: str, gloss: str) -> str:
        """The person a Latin gloss names after a name linked to KB person ``entity_id``: that person
        where the gloss is their English name, a short or a variant spelling of it (Wladimir Putin);
        the KB person whose English name it is otherwise; where it gives the surname with another
        first name (Vladyslav Voloshyn for Nazar Voloshyn), someone the KB lacks."""
        entity = self.kb.get(entity_id)
        key = _latin_key(gloss)
        words = key.split()
        if entity is None or not entity.name_en or len(words) < 2:
            return entity_id
        own = _latin_key(entity.name_en).split()
        if key == " ".join(own) or any(_latin_key(a) == key for a in entity.aliases):
            return entity_id
        others = [p for p in self.english_names.get(key, []) if p.id != entity_id]
        if len(others) == 1:
            return others[0].id
        if (words[-1] == own[-1] and len(own) >= 2
                and difflib.SequenceMatcher(None, words[0], own[0]).ratio() < 0.6):
            return cluster_id("PERSON", key)
        return entity_id

    def _english_gloss(self, name: Span, gloss: Span, state: _DocState) -> Entity | None:
        """The KB person whose English name a Latin gloss is (卡米什（Władysław Kosiniak-Kamysz）),
        unless the name before it already named that person and was read as another bearer
        (哥伦比亚国防部长佩德罗·桑切斯（Pedro Sánchez） is not Spain's prime minister)."""
        people = self.english_names.get(_latin_key(gloss.text), [])
        if len(people) != 1:
            return None
        person = people[0]
        if (self._titled_elsewhere(name, person.id, state)
                or any(c.entity_id == person.id for c in self.generator(name.text, "PERSON"))):
            return None
        return person

    def _titled_elsewhere(self, ent: Span, entity_id: str, state: _DocState) -> bool:
        """Whether a KB person of another country than the title before the name says is meant
        (哥伦比亚国防部长佩德罗·桑切斯 is not Spain's prime minister): then it is another bearer."""
        entity = self.kb.get(entity_id)
        titled = self._titled_country(ent, state)
        return bool(titled and entity is not None and entity.country and entity.country != titled
                    and not self._is_region(titled))

    def _surname_of_country(self, ent: Span, key: str, state: _DocState) -> tuple[str, str, float] | None:
        """A surname the KB gives no one alone, right after a country and a title (英国前首相约翰逊,
        美国众议院议长约翰逊): the one KB person of that country who bears it and whose description
        holds the title (美国总统克林顿 is not Hillary Clinton, a Secretary of State)."""
        # Arab rulers go by their first name after their title (阿联酋总统穆罕默德, 卡塔尔埃米尔塔米姆).
        people = self.surnames.get(key, []) or self.first_names.get(key, [])
        if not people:
            return None
        offset, country = _last_country(ent, state)
        before = fold(doc_text(ent.doc)[offset:ent.start_char]) if country else ""
        if not before or ent.start_char - offset > 12 or SENTENCE_BREAK.search(before):
            return None
        titles = [described for words, described in _TITLES if any(w in before for w in words)]
        holders = [p for p in people if p.country == country
                   and any(described.search(p.description) for described in titles)]
        return (holders[0].id, "context", 0.8) if len(holders) == 1 else None

    def _unquoted_unit(self, text: str) -> str:
        """A unit's name written in quotes as the KB writes it: without the quotes (“艾哈迈德”特种部队
        is 艾哈迈德特种部队), or the quoted name alone where only it is a KB unit (俄罗斯“瓦格纳”部队)."""
        unquoted = _UNIT_QUOTES.sub("", text)
        if unquoted.endswith(("号", "號")) and not self.kb.candidates(normalize_alias(unquoted)):
            # “杜鲁门”号: the KB writes a ship named after a person only with its type (杜鲁门号航母).
            typed = next((unquoted + kind for kind in _SHIP_KINDS if self.kb.candidates(normalize_alias(unquoted + kind))), "")
            if typed:
                return typed
        quoted = _QUOTED.search(text)
        # Not a group named after a quoted ship (「山東艦」航母編隊 is the group, not the ship).
        if quoted and not self.kb.candidates(normalize_alias(unquoted)) and not _SHIP_GROUP_END.search(unquoted):
            for entity_id in self.kb.candidates(normalize_alias(quoted.group(1))):
                entity = self.kb.get(entity_id)
                if entity is not None and entity.label == "MILITARY_UNIT":
                    return quoted.group(1)
        return unquoted

    def _link_place_short_form(self, ent: Span, key: str, state: _DocState) -> tuple[str, str, float] | None:
        for stem, entity_id in reversed(state.places):
            if stem == key and entity_id.startswith("~"):
                return entity_id, "short-form", 0.8
        if key in _BARE_SUFFIXES:
            # 半岛 after 朝鲜半岛: the peninsula the document named last.
            named = next((i for suffix, i in reversed(state.suffixed) if suffix == key), None)
            if named:
                return named, "short-form", 0.8
            # With none named, this document's: 半岛 in another story is another peninsula.
            return cluster_id("PLACE", key + "@" + self._doc_key(ent, state)), "document", 0.5
        if len(key) == 2 and key[1] == "方" and CJK.match(key[0]):
            key = key[0]  # 阿方: the side of the country 阿 stands for
        if len(key) == 1 and CJK.match(key) and (not self._paired(ent) or len(self._initials().get(key, ())) == 1):
            # A one-character short form the KB does not give (黎 in 黎南部, 巴 in 巴军) is the
            # country written out earlier in the document whose name begins with it, when only
            # one was. Beside another short form (中阿, 美苏) the pair may have a reading of its own
            # (Arab states, the Soviet Union), unless no other country's name begins with it (芬俄).
            named = {country for written, country in state.named_countries if written.startswith(key)}
            # A headline's short form before the body writes the name out (巴方称… 印度与巴基斯坦).
            text = doc_text(ent.doc)
            if not named and "\n" not in text[:ent.start_char] and "\n" in text[ent.end_char:]:
                named = {country for written, country in state.all_countries if written.startswith(key)}
            if len(named) == 1:
                return named.pop(), "short-form", 0.8
        return None

    def _is_state_id(self, entity_id: str) -> bool:
        """A country, or a territory that is part of none (巴勒斯坦; not 约旦河西岸)."""
        entity = self.kb.get(entity_id)
        return entity is not None and (entity.type == "country" or entity.type == "territory" and not entity.country)

    def _paired(self, ent: Span) -> bool:
        """Whether a country's one-character short form stands right before or after ``ent``
        (巴以; not 匈欧: 欧 is a region's)."""
        text = doc_text(ent.doc)
        around = text[max(ent.start_char - 1, 0):ent.start_char] + text[ent.end_char:ent.end_char + 1]
        for char in around:
            key = normalize_alias(char)
            if self.kb.is_abbreviation(key) and any(
                    (e := self.kb.get(i)) is not None and e.type in ("country", "territory")
                    for i in self.kb.candidates(key)):
                return True
        return False

    def _initials(self) -> dict[str, set[str]]:
        """The countries (and former ones) whose Chinese names begin with each character."""
        if self._country_initials is None:
            initials: dict[str, set[str]] = {}
            for entity in self.kb:
                if entity.type in ("country", "territory"):
                    for name in entity.names():
                        if CJK.match(name[:1]):
                            initials.setdefault(normalize_alias(name[0]), set()).add(entity.id)
            self._country_initials = initials
        return self._country_initials

    def _link_generic(self, ent: Span, key: str, state: _DocState) -> tuple[str, str, float] | None:
        by_country = self.kb.generic(key)
        if "taiwan" in by_country and self._simplified(ent, state):
            # The mainland press calls Taiwan's bodies 防务部门, 外交部门: its bare 国防部 is never theirs.
            by_country = {c: i for c, i in by_country.items() if c != "taiwan"}
        adjacent = _adjacent_countries(ent.start_char, state)
        if (not by_country or doc_text(ent.doc).endswith(_SEVERAL_COUNTRIES, 0, ent.start_char) or len(adjacent) > 1
                or adjacent and adjacent[0] not in by_country and self._is_region(adjacent[0])):
            return None  # 两国国防部长, 美韩国防部长, 北欧国防部长: several countries' ministers
        # The country written right before it, the office holder named after it, the same body
        # named in full earlier in the document (美国国防部 … 国防部发言人), the country last named.
        if adjacent:
            # 俄罗斯 + 国防部; a country whose ministry the KB lacks gets its own cluster (布隆迪国防部长).
            return (by_country[adjacent[0]], "context", 0.8) if adjacent[0] in by_country else None
        holder = self._country_of_holder(ent)
        if holder in by_country:
            return by_country[holder], "context", 0.8
        if key in _RULING_PARTY_BODIES:
            # Only a party-state has one: the last of them the document named (朝鲜…将韩国定为…党中央全会
            # is the WPK's), else the regular reading (the CPC's in China's press).
            named = _named_last(state, by_country)
            if named:
                return by_country[named], "context", 0.8
        return self._body_named_before(ent, key, state, by_country)

    def _body_named_before(self, ent: Span, key: str, state: _DocState,
                           by_country: dict[str, str]) -> tuple[str, str, float] | None:
        """A bare body's id from the document: the body named in full earlier in its sentence (美国国防部
        宣布向乌克兰提供援助，国防部发言人称); else the country named earlier in the sentence
        (乌克兰方面表示，国防部), and none when the KB lacks that country's body (泰国议会选举后，
        参议院); else the body named in full before, of several the one of the country in context
        (赫格塞思 … 乌克兰国防部长乌梅罗夫。赫格塞思表示，国防部 is the Pentagon), else the last one;
        else China's where 中方 follows in the sentence; else the country in context; else, in a
        mainland text that names no other country, China's. ``by_country`` is the KB's bodies of this
        bare name."""
        text = doc_text(ent.doc)
        earlier = self._named_before(key, state)
        if earlier and not SENTENCE_BREAK.search(text, earlier[0][1], ent.start_char):
            return earlier[0][0], "short-form", 0.8
        in_sentence = self._country_in_sentence(ent, state)
        named_by = state.country_labels.get(_last_country(ent, state)[0], "")
        if named_by == "PERSON" and _named_in_sentence_as(ent, state, in_sentence, "PLACE"):
            named_by = "PLACE"  # 日本首相高市早苗…在国会: the country's name was written before its person
        home = self._home(ent, state)
        if in_sentence and (earlier and named_by == "PERSON" or home in by_country and named_by != "PLACE"):
            # A person of another country in the sentence (美国财政部 … 鉴于普京拒绝…，财政部决定)
            # says less than the body the document named in full; in a state's own press only a
            # country's name does (共軍…演習 國防部：偵獲共機 is Taiwan's ministry; 國軍…對美軍購案…，
            # 國防部已多次向美方表達關切 too: a short form is no name).
            in_sentence = ""
        if in_sentence:
            found = by_country.get(in_sentence) or next(
                (i for i, _ in earlier if (e := self.kb.get(i)) is not None and e.country == in_sentence), "")
            if not found:
                # 美国国会参议院…对委内瑞拉动武…，向国会说明: the country whose body a longer name of this
                # sentence held.
                found = self._body_inside_named(ent, key, state, by_country)
            return (found, "context", 0.8) if found else None
        country = self._country_in_context(ent, state)
        if earlier and not (home == "taiwan" in by_country and all(self._country_of_id(i) == "china" for i, _ in earlier)):
            return next((i for i, _ in earlier if by_country.get(country) == i), earlier[0][0]), "short-form", 0.8
        if home in by_country:
            # Taiwan's press writes its own state's bodies bare, and others' with their country
            # (中共國防部, 美國國防部): 共軍 … 國防部今晚表示 is Taiwan's ministry, after 大陸國防部 in an
            # earlier sentence too (the other side's is never written bare there).
            return by_country[home], "context", 0.8
        if "china" in by_country and _CHINESE_SIDE.search(text, ent.end_char, _sentence_end(ent)):
            return by_country["china"], "context", 0.8  # 关于伊朗核问题，外交部发言人表示，中方……
        if "china" in by_country and self._simplified(ent, state) and _UNNAMED_SPOKESPERSON.match(text, ent.end_char):
            # The mainland press names other states' spokespeople with their country (俄罗斯外交部发言人):
            # 日本首相…发表涉台言论。外交部发言人表示 is China's briefing.
            return by_country["china"], "context", 0.8
        others = {c for _, c in state.named_countries} - {"china", "taiwan"}
        if (country in _NO_MINISTRIES and key.endswith("部") and others == {country} or country == "taiwan") and (
                "china" in by_country and self._simplified(ent, state)):
            # A country that has no body of this kind does not own it: Japan's ministries are 省
            # (日本首相…发表涉台言论。外交部表示 is China's, where no other state was named), and the
            # mainland press calls Taiwan's bodies 防务部门, 外交部门 (解放军在台湾周边演习。国防部表示).
            return by_country["china"], "context", 0.8
        country = country or self._mainland_default(ent, state)
        if country and country in by_country:
            return by_country[country], "context", 0.8
        return None

    def _body_inside_named(self, ent: Span, key: str, state: _DocState, by_country: dict[str, str]) -> str:
        """The KB body named ``key`` of the country whose name begins an organisation's longer name
        written with ``key`` inside earlier in ``ent``'s sentence (美国国会参议院 for 国会: the US
        Congress); "" when none."""
        text = doc_text(ent.doc)
        for name, _, offset in reversed(state.orgs):
            if offset > ent.start_char or SENTENCE_BREAK.search(text, offset, ent.start_char):
                continue
            at = name.find(key)
            country = self._country_of(name[:at]) if at > 0 else ""
            if country in by_country:
                return by_country[country]
        return ""

    def _country_of_id(self, entity_id: str) -> str:
        entity = self.kb.get(entity_id)
        return entity.country if entity is not None else ""

    def _named_before(self, key: str, state: _DocState) -> list[tuple[str, int]]:
        """(id, offset) of the organisations the document named before by a longer name that ends
        in ``key`` or whose bare name ``key`` is (美国国会参议院 for 参议院, 五角大楼 for 国防部),
        last first."""
        found: list[tuple[str, int]] = []
        for name, entity_id, offset in reversed(state.orgs):
            if name == key or any(entity_id == i for i, _ in found):
                continue  # the same bare name, linked by context: no evidence of its own
            entity = self.kb.get(entity_id)
            if name.endswith(key) or (entity is not None and normalize_alias(entity.generic) == key):
                found.append((entity_id, offset))
        return found

    def _country_of_holder(self, ent: Span) -> str:
        """The country of the KB person named right after a bare body and a role word (外交部发言人
        毛宁, 国防部长奥斯汀): the office holder tells whose body it is when no country came before."""
        for other in ent.doc.ents:
            if other.start_char < ent.end_char:
                continue
            between = doc_text(ent.doc)[ent.end_char:other.start_char]
            if other.label_ != "PERSON" or len(between) > _ROLE_GAP or _CLAUSE_END.search(between):
                return ""
            countries = {e.country for e in map(self.kb.get, self.kb.candidates(normalize_alias(other.text)))
                         if e is not None and e.label == "PERSON" and e.country}
            return countries.pop() if len(countries) == 1 else ""
        return ""

    def _link_unit(self, ent: Span, key: str, attrs: dict[str, Any], state: _DocState) -> tuple[str, str, float] | None:
        if attrs.get("members"):
            # A coordination (第5、29、35集团军) is one span for several units: its own cluster.
            return cluster_id("MILITARY_UNIT", key), "cluster", 0.5
        unit = _unit_attrs(ent.text, attrs)
        if key in BARE_FORCES and not attrs.get("country"):
            # 苏丹过渡主权委员会主席、武装部队总司令: the forces of the country named last.
            country = self._country_in_context(ent, state)
            found = self._force_of(country, "") if country else ""
            if found:
                return found, "context", 0.8
            if country:
                attrs["country"] = country
                return cluster_id("MILITARY_UNIT", f"{country}|armed-forces"), "cluster", 0.5
        partner = _coordinated_unit(ent, state)
        country = unit.get("country") or self._country_prefix(key) or partner or ""
        if (not country and unit.get("number") and _SERVICE_WORD.match(key)
                and not (state.last_unit[0] >= 0
                         and not SENTENCE_BREAK.search(doc_text(ent.doc), state.last_unit[0], ent.start_char))):
            # 据塞尔维亚国防部透露，陆军第三旅: a service's unit of the country its sentence names (not
            # after a force in the sentence: 俄军击退了陆军第41机械化旅, the enemy's).
            country = self._country_in_sentence(ent, state)
            if country:
                attrs["country"] = country
        if country:
            unit["country"] = country
        direct = self.kb.candidates(key)
        if not direct and not unit.get("number") and (named := self._named_after_service(key)):
            return named, "exact", 0.9  # 俄罗斯海军北方舰队 is the Northern Fleet
        if not direct and not unit.get("number") and len(key) >= 3:
            # 美国中央司令部 … 中央司令部: the KB unit the document named in full before.
            named = next((i for name, i in reversed(state.unit_names) if name.endswith(key) and name != key), "")
            entity = self.kb.get(named) if named else None
            if entity is not None and attrs.get("country", entity.country) == entity.country:
                return named, "short-form", 0.85
        if direct and not unit.get("number"):
            ruled = attrs.get("country")  # the rules' country, not a guess from the first characters
            if ruled and all(e.country != ruled for e in map(self.kb.get, direct) if e is not None):
                # 巴军 in a story about Brazil: not Pakistan's forces, whose short name it is too.
                found = self._force_of(ruled, unit.get("branch", ""))
                return (found, "country", 0.85) if found else (
                    cluster_id("MILITARY_UNIT", _cluster_key("MILITARY_UNIT", key, unit)), "cluster", 0.5)
            return None  # an alias (乌军, 朝鲜人民军): the generator links it
        if unit.get("number"):
            # The KB name written in full with its country (以色列国防军第36师) is that unit, whatever
            # unit of that number came before.
            written = [i for i in direct if (e := self.kb.get(i)) is not None and e.label == "MILITARY_UNIT"
                       and _units_compatible(unit, e.attrs) and e.country == country] if country else []
            if len(written) == 1:
                return written[0], "exact", 0.9
            for seen, entity_id in reversed(state.units):
                if _units_compatible(unit, seen):
                    return entity_id, "short-form", 0.9
            matches = [e for e in self.kb if e.label == "MILITARY_UNIT" and e.attrs.get("number") == unit["number"]
                       and _units_compatible(unit, e.attrs)]
            numbered = {e.id for e in matches}
            quoted = _QUOTED.search(ent.text)
            if quoted:
                # A name in quotes the KB does not give the unit needs its arm written too (第47“魔法师”
                # 独立机械化旅 is the 47th Mechanized; 第3“快速反应”旅 is not the 3rd Assault Brigade).
                name = normalize_alias(quoted.group(1))
                matches = [e for e in matches if any(name in normalize_alias(n) for n in (e.name, *e.aliases))
                           or unit.get("branch") and unit.get("branch") == e.attrs.get("branch")]
            if country:
                matches = [e for e in matches if e.country == country]
            elif partner == "" and (context := self._country_in_context(ent, state)) and all(
                    e.country != context for e in matches):
                matches = []  # 叙利亚…第40师和第82师: the army in context's, which the KB lacks, not the US 82nd
            elif len({e.country for e in matches}) > 1:
                context = self._country_in_context(ent, state)
                matches = [e for e in matches if e.country == context] if context else []
            elif state.countries and matches and matches[0].country not in {c for _, c in state.countries}:
                matches = []  # of a country not named before it: 第7师团 after 日本 is not Russia's 7th division
            if len(matches) == 1:
                method = "exact" if matches[0].id in direct else "short-form"
                return matches[0].id, method, 0.9
            if direct and not set(direct) & (numbered - {e.id for e in matches}):
                return None  # the KB name it is written as (an alias the numbers do not settle)
            # Not the KB unit the name alone would give, when the text says whose it is not
            # (第8集团军 after 驻韩美军 is not Russia's 8th army).
            return cluster_id("MILITARY_UNIT", _cluster_key("MILITARY_UNIT", key, unit)), "cluster", 0.5
        if not direct:
            named = self._after_country(key, "MILITARY_UNIT") or self._service_in_context(ent, attrs, state)
            if named:
                return named
            ruled = attrs.get("country")  # the rules' country and branch (军 of 空军 is no corps)
            if ruled and not attrs.get("echelon") and self._country_and_force_word(key):
                # 印空军; 巴空军, 巴军方 after 巴基斯坦; with none in the KB, that country's own (伊军 after
                # 伊拉克 is Iraq's, not the 伊 of Iran the KB knows).
                found = self._force_of(ruled, attrs.get("branch", ""))
                if found:
                    return found, "country", 0.85
                # The forces the KB lacks have one id whatever word names them (尼泊尔军方, 尼泊尔军队).
                own = f"{ruled}|armed-forces" if not attrs.get("branch") else _cluster_key("MILITARY_UNIT", key, unit)
                return cluster_id("MILITARY_UNIT", own), "cluster", 0.5
        for suffix in FORCE_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                country_id = self._country_of(key[: -len(suffix)])
                forces = [e for e in self.kb if e.label == "MILITARY_UNIT" and e.type == "armed-forces"
                          and e.country == country_id] if country_id else []
                if forces:
                    return forces[0].id, "suffix", 0.85
                if country_id:
                    # A country whose forces the KB lacks: one id for all its words (尼泊尔军方, 尼泊尔军队).
                    return cluster_id("MILITARY_UNIT", f"{country_id}|armed-forces"), "cluster", 0.5
        return None

    def _bodies_linked_later(self, ents: list[Span], state: _DocState) -> list[Span]:
        """A bare body that nothing before it settled (a headline's 外交部副部长召见日本驻华大使) is the
        one its document links that bare name to elsewhere, when that is one KB body and the body of
        the press's own state (外交部副部长孙卫东 in mainland copy: China's; not the Pentagon a later
        国防部 after 美国国防部长 is)."""
        if not ents:
            return ents
        home = self._home(ents[0], state) or ("china" if self._simplified(ents[0], state) else "")
        linked: dict[str, set[str]] = {}
        for ent in ents:
            if ent.label_ == "ORG" and ent.kb_id_ and not ent.kb_id_.startswith("~"):
                linked.setdefault(normalize_alias(ent.text), set()).add(ent.kb_id_)
        if not linked or not home:
            return ents
        out = []
        for ent in ents:
            ids = linked.get(normalize_alias(ent.text), set()) if ent.label_ == "ORG" and ent.kb_id_.startswith("~") else set()
            if (len(ids) == 1 and ent._.attrs.get("link_method") == "document"
                    and not doc_text(ent.doc).endswith(_SEVERAL_COUNTRIES, 0, ent.start_char)  # 中俄两国外交部长
                    and (entity := self.kb.get(next(iter(ids)))) is not None and entity.country == home):
                ent = _relinked(ent, entity.id, "short-form", 0.8)
                ent._.attrs.pop("country", None)
            out.append(ent)
        return out

    def _named_with_country(self, key: str, country: str) -> tuple[str, str, float] | None:
        """The KB organisation of ``country`` whose name is the country's name and ``key`` (乌克兰武装部队
        总司令表示，国防部情报总局… is 乌克兰国防部情报总局), when there is one."""
        entity = self.kb.get(country) if country else None
        if entity is None:
            return None
        found = {i for name in (entity.name, *entity.aliases, *entity.abbreviations)
                 for i in self.kb.candidates(normalize_alias(name) + key)
                 if (e := self.kb.get(i)) is not None and e.label == "ORG" and e.country == country}
        return (found.pop(), "context", 0.8) if len(found) == 1 else None

    def _country_and_force_word(self, key: str) -> bool:
        """Whether ``key`` is a country's name or short form and a force or service word only (巴军方,
        伊军, 印空军; not 俄罗斯志愿军 or 苏丹人民解放军, named forces that are not the state's, nor
        得克萨斯州国民警卫队, a state's)."""
        return any(key.endswith(suffix) and (len(key) - len(suffix) == 1 or self._country_of(key[:-len(suffix)]))
                   for suffix in (*SERVICE_WORDS, *FORCE_SUFFIXES) if len(key) > len(suffix))

    def _force_of(self, country: str, branch: str) -> str:
        """The KB's armed forces of ``country`` (no ``branch``) or its service of that branch, when
        it has exactly one; else ""."""
        found = [e for e in self.kb if e.label == "MILITARY_UNIT" and e.country == country and (
            e.type == "service" and e.attrs.get("branch") == branch if branch else e.type == "armed-forces")]
        if len(found) > 1 and not branch and (nation := self.kb.get(country)) is not None:
            # Of several (Iran's armed forces and the IRGC) the ones the country's name + 军队/军方 names.
            written = {normalize_alias(n) + suffix for n in (nation.name, *nation.aliases) for suffix in FORCE_SUFFIXES}
            found = [e for e in found if written & {normalize_alias(n) for n in (e.name, *e.aliases)}]
        return found[0].id if len(found) == 1 else ""

    def _service_in_context(self, ent: Span, attrs: dict[str, Any], state: _DocState) -> tuple[str, str, float] | None:
        """A service named without its country (海军, 空军; the resolver gives its ``branch``) is that
        branch of the country of the last armed force named before it (韩国陆军 … 空军), or with none,
        of the country named last (美国国防部表示，海军), when the KB has exactly one."""
        branch = attrs.get("branch")
        if not branch or any(attrs.get(k) for k in ("country", "number", "echelon")):
            return None
        key = normalize_alias(ent.text)
        if doc_text(ent.doc).endswith(_SEVERAL_COUNTRIES, 0, ent.start_char) or len(_adjacent_countries(ent.start_char, state)) > 1:
            # 美日韩三国海军, 美韩空军: several countries' services, of this document only.
            return cluster_id("MILITARY_UNIT", key + "@" + self._doc_key(ent, state)), "document", 0.5
        # A unit is stronger evidence than a place: 海军编队访美，江主席视察海军 is still China's navy.
        country = next((unit["country"] for unit, _ in reversed(state.units) if unit.get("country")), "")
        # In a state's own press (韩联社…电), its own service before a place named (平壤无人机事件…陆军).
        country = country or self._home(ent, state) or self._country_in_context(ent, state)
        services = [e.id for e in self.kb if e.label == "MILITARY_UNIT" and e.type == "service"
                    and e.country == country and e.attrs.get("branch") == branch] if country else []
        if len(services) == 1:
            return services[0], "context", 0.8
        if country:
            # 尼泊尔军队 … 陆军: Nepal's army, which the KB lacks; never one id for every country's army.
            attrs["country"] = country
            return cluster_id("MILITARY_UNIT", f"{country}|{key}"), "cluster", 0.5
        return cluster_id("MILITARY_UNIT", key + "@" + self._doc_key(ent, state)), "document", 0.5

    # -- context -----------------------------------------------------------------------------
    def _country_of(self, key: str) -> str:
        for entity_id in self.kb.candidates(key):
            entity = self.kb.get(entity_id)
            if entity is not None and entity.type in ("country", "territory"):
                return entity.id
        return ""

    def _after_country(self, key: str, label: str) -> tuple[str, str, float] | None:
        """A name written after its country in a form the KB does not list (乌克兰亚速营 is 亚速营
        of Ukraine, 南韓國家情報院 is 韩国国家情报院, 南韩国防部 is South Korea's 国防部), or a unit's
        name after its country's armed forces (俄军“北方”集团军群 is Russia's “北方”集团军群)."""
        # Every country name that begins the key, longest first: 德国防部 is 德 + 国防部, not 德国 + 防部.
        prefixes = self._country_prefixes(key, min_rest=2)
        if label == "MILITARY_UNIT":
            prefixes = chain(prefixes, self._country_prefixes(key, min_rest=2, country_of=self._country_of_forces))
        for country, n in prefixes:
            rest = key[n:]
            found = {e.id for e in map(self.kb.get, self.kb.candidates(rest))
                     if e is not None and e.label == label and e.country in ("", country)}
            generic = self.kb.generic(rest) if label == "ORG" else {}
            if country in generic:
                found.add(generic[country])
            if found:
                return (found.pop(), "country", 0.85) if len(found) == 1 else None
        return None

    def _named_after_service(self, key: str) -> str:
        """The KB unit of a country written after that country's name and service (俄罗斯海军北方舰队,
        俄海军北方舰队: 北方舰队 of Russia), when there is exactly one; else ""."""
        for country, n in self._country_prefixes(key, min_rest=4):
            service = _SERVICE_WORD.match(key, n)
            if service is None:
                continue
            found = {i for i in self.kb.candidates(key[service.end():])
                     if (e := self.kb.get(i)) is not None and e.label == "MILITARY_UNIT" and e.country == country}
            if len(found) == 1:
                return found.pop()
        return ""

    def _country_prefix(self, key: str) -> str:
        """The country whose name, the longest that fits, begins ``key``; "" if none does."""
        return next((country for country, _ in self._country_prefixes(key)), "")

    def _country_prefixes(self, key: str, min_rest: int = 1,
                          country_of: Callable[[str], str] | None = None) -> Iterator[tuple[str, int]]:
        """(country, length of its name) for each country whose name (up to 8 characters) begins
        ``key`` and leaves at least ``min_rest`` characters after it, longest name first.
        ``country_of`` reads a name's country (default: a country's own names)."""
        country_of = country_of or self._country_of
        for n in range(min(len(key) - min_rest, 8), 0, -1):
            country = country_of(key[:n])
            if country:
                yield country, n

    def _country_of_forces(self, key: str) -> str:
        """The country whose armed forces ``key`` names (俄军, 乌克兰武装部队); "" if none."""
        for entity_id in self.kb.candidates(key):
            entity = self.kb.get(entity_id)
            if entity is not None and entity.type == "armed-forces" and entity.country:
                return entity.country
        return ""

    def _country_in_sentence(self, ent: Span, state: _DocState) -> str:
        """The country last named before the mention in its own sentence, or ""."""
        offset, country = _last_country(ent, state)
        return "" if not country or SENTENCE_BREAK.search(doc_text(ent.doc), offset, ent.start_char) else country

    def _country_in_context(self, ent: Span, state: _DocState) -> str:
        """The country last named before the mention (in its sentence when it names one)."""
        return _last_country(ent, state)[1]

    def _collect_doc_mentions(self, doc: Doc, state: _DocState) -> None:
        for ent in doc.ents:
            if ent.label_ != "PLACE":
                continue
            key = normalize_alias(ent.text)
            if len(key) > 1:
                state.all_countries += [(key, i) for i in self.kb.candidates(key) if self._is_state_id(i)]
            stem, suffix, _ = split_suffix(key)
            if suffix:
                for c in self.generator(ent.text, "PLACE"):
                    state.places.append((stem, c.entity_id))
                    break

    def _remember(self, span: Span, attrs: dict[str, Any], entity_id: str, state: _DocState) -> None:
        label = span.label_
        key = normalize_alias(span.text)
        entity = self.kb.get(entity_id)
        if label == "PERSON":
            state.persons.append((key, entity_id))
            for part in dotted_parts(span.text):
                part_key = normalize_alias(part)
                if len(part_key) >= 2 and part_key != key:
                    state.person_parts.append((part_key, entity_id))
        elif label == "MILITARY_UNIT":
            state.unit_names.append((key, entity_id))
            unit = _unit_attrs(span.text, attrs)
            if entity is not None:
                unit = {**entity.attrs, **unit}
            state.units.append((unit, entity_id))
            # A unit of a coordination passes its country on (甲、乙和丙 are all 甲's army's).
            unit_country = (unit.get("country") or (entity.country if entity is not None else "")
                            or _coordinated_country(span, state))
            state.last_unit = (span.end_char, unit_country)
        elif label == "ORG":
            adjacent = _adjacent_countries(span.start_char, state)
            if adjacent:
                state.orgs.append(("|".join(adjacent) + "|" + key, entity_id, span.start_char))  # 卢旺达 + 国防部
            elif not self.kb.generic(key):
                state.orgs.append((key, entity_id, span.start_char))
        elif label == "PLACE":
            stem, suffix, _ = split_suffix(key)
            if suffix and entity_id.startswith("~"):
                state.places.append((stem, entity_id))
            if suffix and stem:
                state.suffixed.append((suffix, entity_id))
            if self._is_state_id(entity_id):
                state.named_countries.append((key, entity_id))  # 巴勒斯坦; not 约旦河西岸, part of it
            if entity is not None and (entity.type in ("country", "territory") or self._is_region(entity_id)):
                state.last_countries = [*state.last_countries[-1:], (span.start_char, span.end_char, entity_id)]
        country = ""
        if entity is not None and entity.type == "media":
            pass  # an outlet's credit names no country (（德国之音中文网）北约成员国国防部长)
        elif entity is not None:
            country = entity.id if entity.type in ("country", "territory") else entity.country
        elif label == "MILITARY_UNIT":
            country = attrs.get("country", "")  # a unit the KB lacks, of a stated country (以军第36师)
        elif label == "ORG":
            # A body the KB lacks, named with its country (泰国议会): that country is in context.
            country = next((c for c, n in self._country_prefixes(key, min_rest=2) if n >= 2), "")
        if country and not _in_topic(doc_text(span.doc), span.start_char):
            state.countries.append((span.start_char, country))
            # A short form (美, 美方) is marked apart: in a state's own press it names no body's country.
            short = label == "PLACE" and len(key.removesuffix("方")) == 1
            state.country_labels[span.start_char] = _SHORT_FORM if short else label

    # -- serialisation ----------------------------------------------------------------------
    def _cfg(self) -> dict[str, Any]:
        return {"kb_extra": self.kb_extra, "fuzzy_threshold": self.fuzzy_threshold}

    def _set_cfg(self, cfg: dict[str, Any]) -> None:
        self.kb_extra = list(cfg.get("kb_extra", []))
        self.fuzzy_threshold = float(cfg.get("fuzzy_threshold", 0.8))


# Countries whose ministries are no 部 (Japan's 外务省, 防卫省).
_NO_MINISTRIES = frozenset({"japan"})
# Ship types the KB's warships are written with, tried after a quoted name and 号 alone.
_SHIP_KINDS = ("航母", "航空母舰", "两栖攻击舰", "驱逐舰", "巡洋舰", "护卫舰", "潜艇")
_GLOSS_OPEN = re.compile(r"^[”\"」』]?[号號]?\s*[（(]\s*$")  # also a ship's: “魔法海洋”号（Magic Seas）
# A person's rank or office between the name and its gloss: 蘭德里亞尼里納上校（Michael Randrianirina）.
_TITLED_GLOSS_OPEN = re.compile(r"^(?:上校|中校|少校|大校|上将|中将|少将|准将|大将|将军|元帅|上尉|中尉|少尉"
                                r"|總統|总统|总理|總理|首相|部长|部長|主席|议员|議員|大使)\s*[（(]\s*$")
# A name in another script than Chinese: Latin (also full-width and with diacritics: Erdoğan, Türk,
# Tô Lâm), Cyrillic, Hangul, kana.
_LATIN_NAME = re.compile(r"^[A-Za-zＡ-Ｚａ-ｚ\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff\uac00-\ud7a3\u3041-\u30ff]"
                         r"[A-Za-zＡ-Ｚａ-ｚ\u00c0-\u024f\u1e00-\u1eff\u0400-\u04ff\uac00-\ud7a3\u3041-\u30ff .'\-　・]*$")


def _relinked(ent: Span, entity_id: str, method: str, score: float, label: str = "") -> Span:
    """A copy of a linked mention with another id (and another label)."""
    span = Span(ent.doc, ent.start, ent.end, label=label or ent.label, kb_id=entity_id)
    span._.attrs = {**ent._.attrs, "link_method": method, "link_score": round(score, 3)}
    span._.source, span._.score = ent._.source, ent._.score
    return span


def _glossed(doc: Doc, previous: list[Span], ent: Span) -> Span | None:
    """The entity a Latin name or a short form in brackets glosses: 库斯克州（Kursk） and
    韩国联合参谋本部（联参） are one entity, one id."""
    if not previous:
        return None
    last = previous[-1]
    if not (_LATIN_NAME.match(ent.text) or abbreviates(ent.text, last.text)):
        return None
    # The model's label on Latin letters is a guess (Dmitry Peskov as ORG): a gloss it found takes
    # the label of the name it glosses; one from the KB or a rule must agree.
    if not last.kb_id_ or (last.label_ != ent.label_ and ent._.source != "model"
                           and not (ent.label_ == "PERSON" and last._.source == "model" and last.kb_id_.startswith("~"))):
        return None  # (a KB person's name may gloss a model span of another label: 南加（Corneille Nangaa）)
    between = doc_text(doc)[last.end_char:ent.start_char]
    if _GLOSS_OPEN.match(between) or (last.label_ == "PERSON" and _TITLED_GLOSS_OPEN.match(between)
                                      and _PERSONAL_NAME.fullmatch(ent.text) and not _NOT_NAME_WORDS & set(ent.text.split())):
        return last
    return None


# After a title only a personal name glosses the person (Michael Randrianirina, Lee Jae-myung): two to
# four words with lower-case letters, none of a credit or a platform (AP Photo, Kremlin, Truth Social).
_PERSONAL_NAME = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ'’\-]+(?:[ \-][A-ZÀ-Þ][a-zß-ÿ'’\-]*\.?){1,3}")
_NOT_NAME_WORDS = frozenset({"Photo", "Photos", "Images", "Social", "Media", "News", "Press", "Times", "Post", "Network",
                             "Agency", "Office", "House", "Ministry", "Channel", "Live", "Video", "Daily"})


# Words only the press of one place writes of its own side, or its wire credit: a bare body in such
# a text with no country in its sentence is that place's (國防部今天表示，共機12架次 is Taiwan's
# ministry; 韩联社首尔1月5日电 … 国防部当天表示 South Korea's; 联合早报讯 Singapore's). Traditional
# script only for Taiwan's: 国军 is also the KMT army of history.
# A wire's own dateline is tried before Taiwan's words: Yonhap writes 國軍 of Korea's forces too
# (韓聯社首爾…電 國軍防諜司令部).
_HOME_MARKERS = {"south-korea": re.compile(r"(?:韩联社|韓聯社)[^，。\n]{0,12}(?:电|電)(?![视視台影脑腦话話力网網])"),
                 "singapore": re.compile(r"联合早报讯|聯合早報訊"),
                 "taiwan": re.compile("國軍|共軍|共機|共艦|陸委會")}


def _surnames_before_full_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """A surname the KB lacks written before or after the full name (a headline's 哈夫塔尔, the
    body's 哈利法·哈夫塔尔), or a name its context links to a KB person later (沙拉政府 in a headline,
    过渡总统沙拉 in the body), when one person of the document bears it, takes that id; and
    so does a Chinese or Korean surname alone before an office (李总统, 金副部长): the one person of
    that surname in the document who is not written with another office, or of several, the one
    written with that office (韩国总统李在明 … 李总统; not 王大使 beside 外长王毅, who holds another)."""
    text = fold(doc_text(doc))
    full_names: dict[str, set[str]] = {}
    offices: dict[str, dict[str, set[str]]] = {}  # surname -> id -> offices written beside the name
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        parts = dotted_parts(ent.text)
        if len(parts) > 1 and len(parts[-1]) >= 2:
            full_names.setdefault(normalize_alias(parts[-1]), set()).add(ent.kb_id_)
        elif _CHINESE_FULL_NAME.fullmatch(ent.text):
            held = offices.setdefault(normalize_alias(ent.text[0]), {}).setdefault(ent.kb_id_, set())
            held.update(_offices_before(text, ent.start_char) | _offices_after(text, ent.end_char))
        if len(parts) == 1 and ent.kb_id_ and not ent.kb_id_.startswith("~"):
            # The same name, linked by its context later (沙拉政府…。叙利亚过渡总统沙拉表示).
            full_names.setdefault(normalize_alias(ent.text), set()).add(ent.kb_id_)
    out = []
    for ent in ents:
        ids: set[str] = set()
        if ent.label_ == "PERSON" and ent._.attrs.get("link_method") in ("cluster", "document"):
            key = normalize_alias(ent.text)
            if len(key) > 1:
                ids = full_names.get(key, set())
            else:  # 张主任: a holder of that office; 张师傅 may be anyone called 张
                office = _offices_after(text, ent.end_char)
                people = offices.get(key, {})
                holders = {i for i, held in people.items() if office & held}
                ids = holders or ({i for i, held in people.items() if not held} if office and len(people) == 1 else set())
        if len(ids) == 1:
            span = Span(doc, ent.start, ent.end, label=ent.label, kb_id=next(iter(ids)))
            span._.attrs = {**ent._.attrs, "link_method": "short-form", "link_score": 0.8}
            span._.source, span._.score = ent._.source, ent._.score
            ent = span
        out.append(ent)
    return out


def _glosses_written_again(ents: list[Span]) -> list[Span]:
    """A name in another script that glosses a name (行政和技術人員及服務軍團（CAPSAT）) is that entity
    wherever the document writes it again, with its label (a later CAPSAT the model read as an
    organisation)."""
    if not ents:
        return ents
    full = doc_text(ents[0].doc)
    texts = [full[ent.start_char:ent.end_char] for ent in ents]
    glossed: dict[str, Span] = {}
    for ent, text in zip(ents, texts):
        if _LATIN_NAME.match(text) and ent._.attrs.get("link_method") == "context":
            glossed.setdefault(text, ent)
    if not glossed:
        return ents
    out = []
    for ent, text in zip(ents, texts):
        first = glossed.get(text)
        if first is not None and ent.kb_id_ != first.kb_id_ and ent._.attrs.get("link_method") in ("cluster", "document"):
            ent = _relinked(ent, first.kb_id_, "short-form", 0.8, label=first.label_)
        out.append(ent)
    return out


def _offices_before(folded: str, start: int) -> set[str]:
    """The office written right before a name (韩国总统 + 李在明), as one word for its variants."""
    return {_OFFICE_WORDS.get(o, o) for o in _OFFICES if folded.endswith(o, 0, start)}


def _offices_after(folded: str, end: int) -> set[str]:
    """The office written right after a name or a surname (李 + 总统), the longest (副部长, not 部长)."""
    longest = max((o for o in _OFFICES if folded.startswith(o, end)), key=len, default="")
    return {_OFFICE_WORDS.get(longest, longest)} if longest else set()


# Offices after a surname alone that name one holder in a story (李总统, 金副部长, 史书记).
_OFFICES = ("总统", "副总统", "主席", "副主席", "总理", "副总理", "首相", "部长", "副部长", "书记", "总书记", "委员长",
            "大使", "议长", "外长", "防长", "省长", "市长", "州长", "县长", "国务卿", "将军", "司令", "主任", "局长",
            "院长", "厅长", "行长", "总裁", "董事长", "代表", "委员", "议员", "总督", "外交部长", "国防部长",
            "长官", "次官")
# Offices written two ways (外长王毅 … 王外长, 外交部长王毅).
_OFFICE_WORDS = {"外交部长": "外长", "国防部长": "防长"}
# A Chinese or Korean full name: a surname and a given name of one or two characters (李在明).
_CHINESE_FULL_NAME = re.compile(r"[\u3400-\u9fff]{2,3}")
# Titles written before a surname, and how a KB person's (English) description states them; a
# deputy's title is no principal's (副总统 is not 总统).
# Words between a country and a title (布基纳法索过渡总统, 前国防部长).
_TITLE_MODIFIERS = re.compile("(?:前|副|过渡|代理|临时|新任|现任|时任|候任)+$")
_TITLES = [
    (("副总统",), re.compile("Vice President")),
    (("总统",), re.compile("(?<!Vice )President")),
    (("副总理",), re.compile("Deputy Prime Minister")),
    (("首相", "总理"), re.compile("(?<!Deputy )Prime Minister|Chancellor")),
    (("议长",), re.compile("Speaker")),
    (("国务卿",), re.compile("Secretary of State")),
    (("外长", "外交部长", "外交大臣"), re.compile("Foreign (?:Minister|Secretary)|Minister of Foreign Affairs")),
    (("防长", "国防部长", "国防大臣", "防卫大臣", "防卫相"),
     re.compile("Defen[cs]e (?:Minister|Secretary)|(?:Secretary|Minister) of Defen[cs]e")),
    (("秘书长",), re.compile("Secretary[- ]General")),
    (("国王",), re.compile("King")),
    (("王储",), re.compile("Crown Prince")),
    (("发言人",), re.compile("[Ss]pokes")),
    (("参谋长联席会议主席", "参谋首长联席会议主席", "参联会主席"), re.compile("Chairman of the Joint Chiefs")),
    (("司令", "指挥官"), re.compile("Commander|Chief")),
]
# A period written for the name dot between the parts of a transliterated name.
_PERIOD_AS_DOT = re.compile(r"(?<=[\u4e00-\u9fff])[.．](?=[\u4e00-\u9fff])")
# A full name in Chinese characters only, as Japanese names are written (石破茂, 茂木敏充).
_JAPANESE_FULL_NAME = re.compile(r"[\u3400-\u9fff]{3,4}")
# Characters of transliterated Western names that Japanese names are not written with (克, 夫, 利
# are: 冈田克也, 鸠山由纪夫, 甘利明).
_FOREIGN_SOUNDS = (TRANSLITERATION_CHARS - frozenset("克夫利")) | frozenset("翰逊约维奇耶埃奥乌瓦普什杰纳塔萨布格洛伯比波佩彼列谢弗")
# A patronymic's endings (列莫维奇, 维克托罗维奇, 弗拉基米罗夫娜).
_PATRONYMIC = re.compile(f"[{re.escape(NAME_DOTS)}][\u4e00-\u9fff]{{1,6}}(?:维奇|夫娜|维娜|耶芙娜)(?=[{re.escape(NAME_DOTS)}])")


def _without_patronymic(text: str) -> str:
    """A Russian or Ukrainian full name without its patronymic (安德烈·列莫维奇·别洛乌索夫 is the KB's
    安德烈·别洛乌索夫); the name as it is where it has none."""
    return _PATRONYMIC.sub("", text, count=1)


def _sentence_end(ent: Span) -> int:
    text = doc_text(ent.doc)
    end = SENTENCE_BREAK.search(text, ent.end_char)
    return end.start() if end else len(text)


def _in_topic(text: str, start: int) -> bool:
    """Whether ``start`` lies in a topic fronted before the sentence's first comma (关于伊朗核问题，)."""
    head = text[sentence_start(text, start):start].lstrip(" \t“\"「")
    return bool(_TOPIC.match(head)) and not any(c in head for c in "，,；;")


_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")


# ``_DocState.country_labels`` of a country's one-character short form.
_SHORT_FORM = "short form"
# A body's term inside its name (朝鲜劳动党第八届中央委员会, 第十四届全国人大).
_TERM = re.compile("第[0-9一二三四五六七八九十百]+届")
# Kinds of place a story writes alone for the one it named in full before (朝鲜半岛 … 半岛局势).
_BARE_SUFFIXES = frozenset({"半岛", "群岛", "列岛"})
# The quote that opens a unit's or a ship's quoted name (美国“杜鲁门”号航母打击群).
_OPENING_QUOTE = re.compile("[“\"「『]")
# A service between a country's name and the name of one of its units (俄罗斯海军北方舰队).
_SERVICE_WORD = re.compile("海军陆战队|海军|陆军|空军|空天军|太空军|海岸警卫队")


def _latin_key(name: str) -> str:
    """A Latin name compared without case, accents or spacing (Władysław → wladyslaw)."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _people_by_name_part(kb: KnowledgeBase, which: int) -> dict[str, list[Entity]]:
    """KB people by one part (``which``: 0 the first, -1 the last) of their dotted names, of two
    characters or more."""
    index: dict[str, list[Entity]] = {}
    for entity in kb:
        if entity.label != "PERSON":
            continue
        for name in entity.names():
            parts = dotted_parts(name)
            if len(parts) > 1 and len(parts[which]) >= 2:
                people = index.setdefault(normalize_alias(parts[which]), [])
                if entity not in people:
                    people.append(entity)
    return index


def _home_country(text: str) -> str:
    return next((home for home, marker in _HOME_MARKERS.items() if marker.search(text)), "")


def _named_last(state: _DocState, among: Collection[str]) -> str | None:
    """Of the countries ``among``, the one the document so far wrote out last, or None."""
    return next((c for _, c in reversed(state.named_countries) if c in among), None)


def _last_country(ent: Span, state: _DocState) -> tuple[int, str]:
    """(offset, id) of the country last named before ``ent``, (-1, "") when none. Countries are
    remembered in text order: found by bisection, so long articles do not rescan every one."""
    i = bisect_left(state.countries, (ent.start_char, ""))
    return state.countries[i - 1] if i else (-1, "")


def _named_in_sentence_as(ent: Span, state: _DocState, country: str, label: str) -> bool:
    """Whether a mention of ``label`` named ``country`` in ``ent``'s sentence before it."""
    text = doc_text(ent.doc)
    i = bisect_left(state.countries, (ent.start_char, ""))
    for offset, named in reversed(state.countries[:i]):
        if SENTENCE_BREAK.search(text, offset, ent.start_char):
            return False
        if named == country and state.country_labels.get(offset) == label:
            return True
    return False


def _same_name_before(key: str, state: _DocState) -> tuple[str, str, float] | None:
    """The id of the same name written earlier, where its context linked it (过渡总统沙拉 … 沙拉政府)
    and it names one person in the document."""
    same = {entity_id for full, entity_id in state.persons if full == key and not entity_id.startswith("~")}
    return (same.pop(), "short-form", 0.85) if len(same) == 1 else None


def _pair_reading(ent: Span, key: str) -> str | None:
    """The reading of a short form beside another (港澳, 港、澳, 巴以; not 印、巴 in a list, where 巴
    may be Brazil), or in a set phrase (巴控克什米尔)."""
    text = doc_text(ent.doc)
    before = normalize_alias(text[max(ent.start_char - 1, 0):ent.start_char])
    after = normalize_alias(text[ent.end_char:ent.end_char + 1])
    listed = normalize_alias(text[max(ent.start_char - 2, 0):ent.start_char]) == "港、"
    followed = next((entity_id for (short, words), entity_id in _READINGS_BEFORE.items()
                     if short == key and normalize_alias(text[ent.end_char:ent.end_char + len(words)]) == words), None)
    return (_PAIR_READINGS.get((before + key, key)) or _PAIR_READINGS.get((key + after, key))
            or (_PAIR_READINGS.get(("港澳", key)) if listed else None) or followed)


def _adjacent_countries(offset: int, state: _DocState, text: str = "") -> list[str]:
    """The countries written right before ``offset``, one after another (美韩 before 国防部长), or a
    region's before 国家 / 各国 (欧洲国家国防部长) when ``text`` is given."""
    if text.endswith(_COUNTRIES_WORDS, 0, offset):
        offset -= 2
    run: list[str] = []
    for start, end, country in reversed(state.last_countries):
        if end != offset:
            break
        run.append(country)
        offset = start
    return run


def _coordinated_unit(ent: Span, state: _DocState) -> str | None:
    """The country of the unit this one is coordinated with, when only a conjunction stands
    between them ("" where that unit's country is unknown), else None: 以军第36师和第98师 names
    Israel's 98th, not Russia's."""
    end, country = state.last_unit
    if end < 0 or doc_text(ent.doc)[end:ent.start_char] not in COORDINATORS:
        return None
    return country


def _coordinated_country(ent: Span, state: _DocState) -> str:
    return _coordinated_unit(ent, state) or ""


def _unit_attrs(text: str, attrs: dict[str, Any]) -> dict[str, Any]:
    """number / echelon / branch / country of a unit mention, from the rules' attrs or the text."""
    unit = {k: attrs[k] for k in ("number", "echelon", "branch", "country") if attrs.get(k)}
    if "number" not in unit:
        match = _NUMBER.search(text.replace(" ", ""))
        if match and "第" in text:
            unit["number"] = int(match.group(1))
        else:
            cn = re.search(r"第([一二三四五六七八九十])", text)
            if cn:
                unit["number"] = _CN_DIGITS[cn.group(1)]
    if "echelon" not in unit:
        for word, echelon in ECHELON_WORDS:
            if text.rstrip().endswith(word):
                unit["echelon"] = echelon
                break
    return unit


def _loose_equal(a: str, b: str) -> bool:
    return a == b or a.startswith(b) or b.startswith(a)


def _units_compatible(mention: dict[str, Any], known: dict[str, Any]) -> bool:
    """Same number and no contradicting echelon, branch or country (a missing value fits anything)."""
    if mention.get("number") != known.get("number"):
        return False
    for key in ("echelon", "branch", "country"):
        a, b = mention.get(key), known.get(key)
        if a and b and not _loose_equal(str(a), str(b)) and not (key == "branch" and {a, b} <= _AIRBORNE):
            return False
    return True


# Branches the press writes of one unit (第76近卫空降突击师, 第76空降师).
_AIRBORNE = frozenset({"airborne", "air-assault"})


def _cluster_key(label: str, key: str, attrs: dict[str, Any]) -> str:
    """What identifies an unknown name across documents."""
    if label == "MILITARY_UNIT" and attrs.get("number"):
        # The branch tells units of one number apart (第1骑兵师, 第1装甲师).
        return "|".join(str(attrs.get(k, "")) for k in ("country", "number", "echelon", "branch"))
    if label == "PLACE":
        stem, suffix, types = split_suffix(key)
        if suffix:
            kind = "city" if types <= CITY_TYPES else "region" if types <= REGION_TYPES else suffix
            return f"{stem}|{kind}"
    return key
