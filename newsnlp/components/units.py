"""Rules for MILITARY_UNIT mentions: national forces, numbered and named formations.

The grammar (docs/rules.md has it with examples), matched on folded text
(simplified script, ASCII digits) so 第155海軍陸戰旅 and 第155海军陆战旅 are one case:

- national forces: COUNTRY + 军/军队/军方/武装部队/… or a service (陆军, 空天军,
  无人机部队 …), and named forces (解放军); ``驻`` + a host country may precede (驻韩美军);
- numbered formations: 第 NUMBER {、NUMBER} {HONORIFIC|BRANCH} ECHELON, chained
  from larger to smaller (第76师第104团) and coordinated (第5、29、35集团军, one span
  with its members; 第5集团军与第68军 are two);
  a national force, a country, a service or a named formation before it belongs to
  the span (俄军第58集团军, 美国陆军第82空降师, 加沙师南方旅第630营);
- named formations from a list (亚速营, 瓦格纳集团, 胡塞武装, 黑海舰队 …).

Word lists live in ``newsnlp/data/rules``; nothing about a particular article is
coded here.
"""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..candidates import TRANSLITERATION_CHARS
from ..kb import load_default_kb, shipped_records
from ..numerals import CN_NUMERAL_CLASS, country_words, country_words_of, fold, parse_number, read_rule_table
from ..schema import MILITARY_UNIT, Match
from ..textnorm import QUOTE_PAIRS

PRIORITY = 30
SOURCE = "rule"

_SP = r"[ \t]*"
_NUM = rf"(?:\d+|[{CN_NUMERAL_CLASS}]+)"
_SEP = r"(?:、|,|，|和|及|与|以及|或)"
# Generic words that cannot start a formation name written before a numbered unit
# (该团第3营 has no name, 加沙师南方旅第630营 has two).
_NAME_STOP = set("的在了是和与及对向将被把从由为等该本此这那其各我敌全每一两个同他她它们该原前新各某、，,。；：！？“”\"'（）() ")
# Characters after an echelon word that show it is part of an ordinary word
# (第三军医大学, 第一团队, 第二营地, 第五师范学院, 第一连续): the echelon is not one.
_ECHELON_TAILS = {
    "团": "队体伙结",
    "营": "地养业销救运造房",
    "连": "续接任同锁",
    "师": "范傅生资",
    "旅": "游行客馆途程",
}


def _starts(words: list[str]) -> str:
    return "(?=[" + re.escape("".join(sorted({w[0] for w in words}))) + "])"


# A force's school, hospital or museum is an organisation of its own (美国海军学院, 陆军战争学院);
# not a hospital ship (医院船), nor a school it strikes (俄军炮击学院).
_NOT_INSTITUTION = ("(?!(?:战争|军事|指挥|参谋|工程|航空|后勤|医学)?学院|大学|学校|医院(?!船)|研究院|研究所"
                    "|博物馆|俱乐部|基金会|协会|出版社)")
_KB_FORCE_NAME = re.compile(r"[\u4e00-\u9fff]{4,}")


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Lexicon:
    countries: dict[str, str]
    country_words: tuple[str, ...]  # all of countries' keys, longest first
    full_countries: tuple[str, ...]  # the full names among them (no one-character short forms), longest first
    force_branch: dict[str, str]
    echelons: dict[str, str]
    branches: dict[str, str]
    named: dict[str, dict[str, Any]]
    force_re: re.Pattern[str]
    named_re: re.Pattern[str]
    force_before_re: re.Pattern[str]
    service_re: re.Pattern[str]
    after_force_re: re.Pattern[str]
    formation_re: re.Pattern[str]
    group_re: re.Pattern[str]
    number_re: re.Pattern[str]
    desc_re: re.Pattern[str]
    prefix_re: re.Pattern[str]
    designation_re: re.Pattern[str]
    bare_numbered_re: re.Pattern[str]
    kb_ship_re: re.Pattern[str] | None  # a KB warship's name in quotes and 号, without a type
    # A short form several countries share before a force (巴军, 加空军), and by short form the
    # full names of those countries, one of which the document must write to say whose it is.
    shared_force_re: re.Pattern[str]
    shared_names: dict[str, re.Pattern[str]]
    # A country's full name and a grouping named after a region (乌克兰东部作战集群).
    country_grouping_re: re.Pattern[str]
    # A US state's National Guard (得克萨斯州国民警卫队): a unit of the United States.
    state_guard_re: re.Pattern[str]


# Characters that end transliterated names before a short form's character (埃尔伍德, 斯坦福德).
_NAME_SOUNDS = "伍尔斯特克罗纳拉里亚埃夫基姆恩兹茨科诺哈兰尼卡莱雷贝福"


def _army_lookahead(blockers: list[str], exceptions: list[str]) -> str:
    """``(?!…)`` after 军 that rejects 军人, 军事 … but keeps 军人员 (美军 + 人员)."""
    tails = []
    for word in blockers:
        tail = word[1:]
        rescue = [e[len(word):] for e in exceptions if e.startswith(word) and len(e) > len(word)]
        if rescue:
            tails.append(re.escape(tail) + "(?!" + _alternation(rescue) + ")")
        else:
            tails.append(re.escape(tail))
    return "(?!" + "|".join(tails) + ")"


def user_entities(kb_extra: Iterable[str | Path]) -> list[dict[str, Any]]:
    """The countries and military entities that the user's KB files add or change, as records:
    what the unit rules need of them, kept by the rules component so a saved pipeline does not
    need the files."""
    kb_extra = list(kb_extra)
    if not kb_extra:
        return []
    shipped = load_default_kb()
    changed = []
    for entity in load_default_kb(kb_extra):
        if entity.type != "country" and entity.label != MILITARY_UNIT:
            continue
        before = shipped.get(entity.id)
        if before is None or before.to_dict() != entity.to_dict():
            changed.append(entity.to_dict())
    return changed


def _kb_records(extra: str) -> tuple[dict[str, tuple[str, str]], list[dict[str, Any]]]:
    """Country words and military records: the shipped KB's, with the user's records (JSON)
    in place of the shipped ones of the same id."""
    if not extra:
        return country_words(), list(shipped_records("military"))
    users = {record["id"]: record for record in json.loads(extra)}
    countries = {r["id"]: r for r in shipped_records("countries")}
    military = {r["id"]: r for r in shipped_records("military")}
    for entity_id, record in users.items():
        (countries if record.get("type") == "country" else military)[entity_id] = record
    return country_words_of(countries.values()), list(military.values())


# The key of the records a caller passed last: the rules component hands the same list with every
# document, so it is written out once, not once a document.
_last_records: tuple[Sequence[dict[str, Any]] | None, str] = (None, "")


def _records_key(records: Sequence[dict[str, Any]]) -> str:
    """The user's records as the JSON key of their word lists ("" for none)."""
    global _last_records
    if not records:
        return ""
    if _last_records[0] is not records:
        _last_records = (records, json.dumps(list(records), ensure_ascii=False, sort_keys=True))
    return _last_records[1]


@functools.cache
def _lexicon(extra: str = "") -> _Lexicon:
    """The word lists and patterns; ``extra``: the user's records as JSON (see ``user_entities``)."""
    countries, military = _kb_records(extra)
    full: dict[str, str] = {}
    abbr: dict[str, str] = {}
    for word, (slug, form) in countries.items():
        (abbr if form == "abbr" else full)[word] = slug
    blockers = [row[0] for row in read_rule_table("abbr_blockers.txt")]
    army_blockers = [row[0] for row in read_rule_table("force_blockers.txt")]
    army_exceptions = [row[0] for row in read_rule_table("force_exceptions.txt")]

    force_branch: dict[str, str] = {}
    full_suffixes: list[str] = []
    abbr_suffixes: list[str] = []
    for row in read_rule_table("forces.tsv"):
        suffix, after = row[0], row[1]
        force_branch[suffix] = row[2] if len(row) > 2 else ""
        full_suffixes.append(suffix)
        if after == "abbr":
            abbr_suffixes.append(suffix)
    army = _army_lookahead(army_blockers, army_exceptions)

    # 陆军部(长) is a department, not the service (陆军部队 and 部署 are the service's).
    department_word = "部(?![队署分门落])"
    department = f"(?!{department_word})"

    def suffix_alt(suffixes: list[str], short: bool = False) -> str:
        parts = []
        for s in sorted(suffixes, key=len, reverse=True):
            parts.append(re.escape(s) + (army if s == "军" else "") + (department if s.endswith("军") else "")
                         + ("(?!面)" if s == "军方" else "")  # 美军方面 is 美军 + 方面 ("the US side")
                         # 台海军演, 日本海军演 are a sea and 军演 (drills); 日本海军演习 is the navy's exercise.
                         + ("(?<!台海军)(?!演(?!习))" if s == "海军" else "")
                         # After a short form, a service's base is a place's name as often (乌代德空军基地),
                         # and 以 and 日 are words of their own (以海军为主, 昔日陆军).
                         + ("(?!基地|机场)" + "".join(f"(?<!{c}{s})" for c in "以日")
                            if short and len(s) > 1 and s != "军方" else ""))
        return "|".join(parts)

    # A one-character short form is not a country where the character before it
    # makes an ordinary word with it (欧美, 所以, 王朝).
    abbr_parts = []
    for ch in sorted(abbr):
        before = "".join(sorted({b[0] for b in blockers if b.endswith(ch) and len(b) == 2}))
        # Nor after a numeral: 12日军方 is "on the 12th, the military".
        before += "0-9" + CN_NUMERAL_CLASS
        # Nor at the end of a transliterated name (埃尔伍德陆军预备役中心 is no German army).
        before += _NAME_SOUNDS.replace(ch, "")
        abbr_parts.append(f"(?<![{before}])" + re.escape(ch))
    full_alt = _alternation(list(full))
    abbr_alt = "|".join(abbr_parts)
    country_any = f"(?:{full_alt}|{abbr_alt})"
    force = (
        f"(?:驻{country_any})?"
        f"(?:(?P<fc>{full_alt})(?P<fs>{suffix_alt(full_suffixes)})"
        f"|(?P<ac>{abbr_alt})(?P<as>{suffix_alt(abbr_suffixes, short=True)}))"
        + _NOT_INSTITUTION
    )

    named: dict[str, dict[str, Any]] = {}
    for row in read_rule_table("named_units.tsv"):
        row = row + [""] * (4 - len(row))
        named[row[0]] = {k: v for k, v in zip(("echelon", "branch", "country"), row[1:4]) if v}
    # The KB's forces, services, fleets, commands and formations known by a name (德国联邦国防军,
    # 日本陆上自卫队, 戈兰尼旅), so a formation written after one is one unit with it and takes its
    # country (德国联邦国防军第45装甲旅, 戈兰尼旅第13营). Not numbered formations (the formation rule
    # reads those), nor ships, nor the names that are a country and a force word (俄罗斯军, 美国海军):
    # the force rule reads those, with the words that end them (俄罗斯军人 is no force).
    country_force = re.compile(force)
    for entity in military:
        if entity.get("type") == "ship" or "number" in entity.get("attrs", {}):
            continue
        attrs = {k: v for k, v in (("echelon", entity.get("attrs", {}).get("echelon")),
                                   ("branch", entity.get("attrs", {}).get("branch")),
                                   ("country", entity.get("country"))) if v}
        for name in (entity["name"], *entity.get("aliases", ())):
            word = fold(name)
            if _KB_FORCE_NAME.fullmatch(word) and not country_force.fullmatch(word):
                named.setdefault(word, attrs)
    # One guard after the whole alternation, not one per name: hundreds of copies make the
    # patterns slow to compile. A name ending in 军 is not one before 部 (空军部长), nor one ending
    # in 海军 before 陆战队 (中国人民解放军 + 海军陆战队).
    named_alt = f"(?:{_alternation(list(named))})(?!(?<=军){department_word})(?!(?<=海军)陆战)" + _NOT_INSTITUTION

    echelons = {row[0]: (row[1] if len(row) > 1 else "") for row in read_rule_table("echelons.tsv")}
    echelon_parts = []
    for word in sorted(echelons, key=len, reverse=True):
        if word == "军":
            echelon_parts.append("军" + army)
        elif word == "团":
            echelon_parts.append("团(?![队体伙]|结(?!束))")  # 团结 unites; 工兵团 + 结束 ends
        elif word in _ECHELON_TAILS:
            echelon_parts.append(re.escape(word) + f"(?![{_ECHELON_TAILS[word]}])")
        else:
            echelon_parts.append(re.escape(word))
    echelon_alt = "|".join(echelon_parts)
    branches = dict((row[0], row[1]) for row in read_rule_table("branches.tsv"))
    honorifics = [row[0] for row in read_rule_table("honorifics.txt")]
    desc_alt = _alternation(list(branches) + honorifics)

    # An honorific may come before 第 (近卫第20集团军) as well as after the number, and a name in
    # quotes after the number (第155“基辅的安娜”独立机械化旅, 第1“亚速”军). Taiwan's army writes the
    # branch before 第 (陸軍裝甲第584旅, 機械化步兵第269旅).
    honorary_name = r"(?:[“\"「『][^”\"」』\s，。、]{1,10}[”\"」』])?"
    branch_alt = _alternation(list(branches))
    # Not a service's own word (海军陆战队第66旅: the service, read as the formation's prefix).
    lead = "(?<!海军)"
    lead_alt = _alternation([b for b in branches if not b.startswith("海军")])
    group = (
        rf"(?:近卫{_SP}|{lead}(?:{lead_alt}){_SP})?第{_SP}{_NUM}(?:{_SP}{_SEP}{_SP}(?:第{_SP})?{_NUM})*{_SP}"
        rf"{honorary_name}(?:{desc_alt})*(?:{echelon_alt})"
    )
    chain = rf"{group}(?:{_SP}{group})*"
    formation = rf"{chain}(?:{_SP}(?:{_SEP}){_SP}{chain})*"

    # A KB warship written in quotes with 号 and no type (“杜鲁门”号和“卡尔·文森”号两个航母打击群): in
    # quotes, a name the KB writes only with its type (杜鲁门号航母) is the ship's too.
    ship_names = {fold(name).partition("号")[0] for entity in military if entity.get("type") == "ship"
                  for name in (entity["name"], *entity.get("aliases", ())) if fold(name).find("号") >= 2}
    kb_ship_re = (re.compile(rf"[“\"「『](?:{_alternation(sorted(ship_names))})[”\"」』]号(?![召称令码])")
                  if ship_names else None)
    service_alt = _alternation([s for s, b in force_branch.items() if b])
    generic_name = r"[\u4e00-\u9fff]{2}(?:师|旅)"
    prefix = (
        rf"(?:(?:{force})|(?:{named_alt})(?:{service_alt})?|(?:{full_alt})(?:{service_alt})?|(?:{abbr_alt})"
        rf"|(?:{service_alt}))?"
        rf"{_SP}(?:(?:{named_alt}|{generic_name}|{chain}){_SP})*\Z"
    )
    shared = SHARED_SHORT_FORMS
    shared_names = {ch: re.compile(_alternation([w for w, c in full.items() if c in ids]))
                    for ch, ids in shared.items()}
    # Only as a word of its own: after no other Chinese character but a word that joins or cites
    # (增加军费, 参加军演 and 伊拉克 are no forces).
    shared_force_re = re.compile(
        rf"(?:(?<![\u4e00-\u9fff])|(?<=[{_SHARED_BEFORE}]))(?P<sc>[{''.join(shared)}])"
        rf"(?P<ss>{suffix_alt(abbr_suffixes, short=True)})" + _NOT_INSTITUTION)
    states = sorted({fold(n) for r in shipped_records("places") if r.get("type") == "state"
                     and r.get("country") == "united-states" for n in (r["name"], *r.get("aliases", ()))
                     if n.endswith("州")}, key=len, reverse=True)
    return _Lexicon(
        state_guard_re=re.compile(f"(?:{_alternation(states)})(?:陆军|空军)?国民警卫队" if states else "(?!)"),
        country_grouping_re=re.compile(f"(?P<country>{full_alt})(?:{_REGION_GROUPING.pattern})"),
        shared_force_re=shared_force_re,
        shared_names=shared_names,
        countries={**full, **abbr},
        country_words=tuple(sorted({**full, **abbr}, key=len, reverse=True)),
        full_countries=tuple(sorted(full, key=len, reverse=True)),
        force_branch=force_branch,
        echelons=echelons,
        branches=branches,
        named=named,
        # A first-character class up front lets the scan skip most positions quickly.
        force_re=re.compile(_starts(["驻", *full, *abbr]) + force),
        # A named force and one of its services (中国人民解放军海军陆战队, 东部战区陆军) are one unit.
        # Not the end of another movement's name (哥伦比亚民族解放军 is the ELN, not China's army).
        named_re=re.compile(_starts(list(named)) + "(?<!民族)" + f"(?P<base>{named_alt})(?P<service>{service_alt})?"),
        force_before_re=re.compile(f"(?:{force}|(?P<named>{named_alt}))\\Z"),
        # A service after a country's force (朝鲜人民军特种作战部队, 乌军无人机部队): one unit.
        service_re=re.compile(f"(?:{_alternation([w for w, b in force_branch.items() if b and len(w) >= 4])})"),
        formation_re=re.compile(formation),
        group_re=re.compile(
            rf"(?:近卫{_SP}|{lead}(?P<lead>{lead_alt}){_SP})?第{_SP}(?P<nums>{_NUM}(?:{_SP}{_SEP}{_SP}(?:第{_SP})?{_NUM})*){_SP}"
            rf"{honorary_name}(?P<desc>(?:{desc_alt})*)(?P<ech>{echelon_alt})"
        ),
        number_re=re.compile(_NUM),
        desc_re=re.compile(branch_alt),
        prefix_re=re.compile(prefix),
        designation_re=re.compile(r"(?<![\d.])\d{4,5}部队"),
        # A number, a branch and an echelon without 第 (528工兵团, 朝鲜人民军528工兵团), or without the
        # branch right after a force (俄军58集团军, 乌军47旅).
        kb_ship_re=kb_ship_re,
        bare_numbered_re=re.compile(
            rf"(?<![0-9０-９第.])(?P<nums>\d{{2,4}}){_SP}(?P<desc>(?:{_alternation(list(branches))})+)(?P<ech>{echelon_alt})"
        ),
        # The same right after a force or a service (俄军58集团军, 陆军542旅, 海军陆战队66旅); the empty
        # group lets _group_attrs read it.
        after_force_re=re.compile(rf"(?<=[军队]){_SP}(?P<nums>\d{{1,4}}){_SP}(?P<desc>)(?P<ech>{echelon_alt})"),
    )


def _force_attrs(lex: _Lexicon, m: re.Match[str]) -> dict[str, Any]:
    country = m.group("fc") or m.group("ac")
    suffix = m.group("fs") or m.group("as")
    attrs: dict[str, Any] = {"country": lex.countries[country]}
    if lex.force_branch.get(suffix):
        attrs["branch"] = lex.force_branch[suffix]
    return attrs


def _group_attrs(lex: _Lexicon, original: str, m: re.Match[str]) -> tuple[dict[str, Any], list[str]]:
    """Attrs of one 第…ECHELON group and the expanded names of its members."""
    numbers = lex.number_re.findall(m.group("nums"))
    attrs: dict[str, Any] = {}
    echelon = lex.echelons.get(m.group("ech"), "")
    if echelon:
        attrs["echelon"] = echelon
    desc = lex.desc_re.search(m.group("desc"))
    branch = desc.group() if desc else m.groupdict().get("lead")  # 装甲 of 陸軍裝甲第584旅
    if branch:
        attrs["branch"] = lex.branches[branch]
    # Member names keep the written script of the descriptor and echelon.
    tail = original[m.start("desc"):m.end("ech")]
    members = [f"第{n}{tail}" for n in numbers]
    if len(numbers) == 1:
        value = parse_number(numbers[0])
        if value is not None:
            attrs["number"] = value
    return attrs, members


def _formation_matches(lex: _Lexicon, text: str, folded: str) -> list[Match]:
    out: list[Match] = []
    for m in lex.formation_re.finditer(folded):
        # Groups that follow each other directly form a chain (第76师第104团) naming its last
        # group. Chains joined by a conjunction are separate units, each written whole (SCHEMA:
        # 第98近卫空降师 + 第11、第200独立摩托化步兵旅); one group of several numbers is one span
        # for all of them, with its members (第5、29、35集团军).
        chains: list[list[re.Match[str]]] = []
        last_end = None
        for g in lex.group_re.finditer(folded, m.start(), m.end()):
            between = folded[last_end:g.start()].strip() if last_end is not None else ""
            if last_end is None or between:
                chains.append([g])
            else:
                chains[-1].append(g)
            last_end = g.end()
        for chain in chains:
            attrs, members = _group_attrs(lex, text, chain[-1])
            if len(members) > 1:
                shared = {key: attrs[key] for key in ("echelon", "branch") if attrs.get(key)}
                attrs = {"members": members, **shared}
            start, end = chain[0].start(), chain[-1].end()
            if start > 0 and folded[end:end + 1] == QUOTE_PAIRS.get(folded[start - 1]):
                # 乌克兰“第三突击军”: the whole name in quotes after its country is one unit with it.
                outer, country = _extend_left(lex, folded, start - 1)
                if outer < start - 1:
                    start, end = start - 1, end + 1
            start, country = _extend_left(lex, folded, start)
            if country and "country" not in attrs:
                attrs["country"] = country
            out.append(Match(start, end, MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
    return out


def _extend_left(lex: _Lexicon, folded: str, start: int) -> tuple[int, str]:
    """Take a force, country, service or formation name written just before a unit."""
    window_start = max(0, start - 24)
    m = lex.prefix_re.search(folded, window_start, start)
    if m is None or m.start() == m.end():
        return start, ""
    begin = m.start()
    # Drop leading characters that cannot start a name (的加沙师 -> 加沙师).
    while begin < start and (folded[begin] in _NAME_STOP):
        begin += 1
    prefix = folded[begin:start]
    country = ""
    forced = lex.force_re.match(prefix)
    if forced:
        country = _force_attrs(lex, forced)["country"]
    else:
        named = lex.named_re.match(prefix)
        if named:
            country = lex.named[named.group("base")].get("country", "")
        else:
            for word in lex.country_words:
                if prefix.startswith(word):
                    country = lex.countries[word]
                    break
    # A two-character name before 师/旅 must not begin mid-word; keep the unit alone
    # when the prefix is only generic text.
    if not prefix.strip():
        return start, ""
    return begin, country


def _after_service(lex: _Lexicon, folded: str, start: int) -> bool:
    """Whether a service's name (陆军, 海军陆战队) ends right before ``start``."""
    before = folded[:start].rstrip(" \t")
    return any(before.endswith(word) for word, branch in lex.force_branch.items() if branch and len(word) >= 2)


def _country_before(lex: _Lexicon, folded: str, start: int) -> tuple[int, str]:
    """A country's full name written just before a named formation (俄罗斯西部军区, 也门胡塞武装):
    it belongs to the span (SCHEMA: country written before a unit). One-character short forms
    are left out: 中 in 冲突中胡塞武装 is not China."""
    for word in lex.full_countries:
        if start >= len(word) and folded.startswith(word, start - len(word)):
            return start - len(word), lex.countries[word]
    return start, ""


def _force_before(lex: _Lexicon, folded: str, start: int, country: str) -> tuple[int, str]:
    """An armed force of ``country`` written right before a named unit of it (中国人民解放军 before
    南海舰队): the whole is one span (SCHEMA: nested unit written whole). Another country's force
    is another side (美军胡塞武装交火: the US forces and the Houthis)."""
    m = lex.force_before_re.search(folded, max(0, start - 24), start)
    if m is None:
        return start, ""
    before = _force_attrs(lex, m)["country"] if m.group("fc") or m.group("ac") else \
        lex.named[m.group("named")].get("country", "")
    return (m.start(), before) if before == country else (start, "")


def _quoted(longest: int) -> str:
    """A name of up to ``longest`` characters in quotes, as ships and groupings are written."""
    return rf"[“\"「『][^”\"」』\s，。、]{{1,{longest}}}[”\"」』]"


# A warship written with its name in quotes and its type (“林肯”号航母, “库兹涅佐夫海军元帅”号航空母舰),
# and the group named after it (“林肯”号航母打击群).
SHIP_TYPES = (r"(?:重型核动力导弹巡洋舰|核动力导弹巡洋舰|核动力巡洋舰|核动力航空母舰|核动力航母|航空母舰|航母|航舰|直升机驱逐舰|直升机航母|导弹驱逐舰|驱逐舰|导弹巡洋舰|巡洋舰|导弹护卫舰|护卫舰"
              r"|两栖攻击舰|两栖船坞运输舰|两栖运输舰|两栖舰|坦克登陆舰|船坞登陆舰|登陆舰|战列舰|综合补给舰|补给舰"
              r"|战略核潜艇|攻击型核潜艇|核潜艇|潜艇|潜舰|护卫艇|巡逻舰|巡逻艇|导弹艇|扫雷舰|猎雷舰|电子侦察船|侦察船"
              r"|训练舰|医院船|军舰|战舰)")
_NAMED_SHIP = re.compile(_quoted(12) + "号" + SHIP_TYPES + r"(?P<group>打击群|战斗群|编队)?"
                         # …and the group named after the ship alone (“福特”号打击群, 「福特號」打擊群).
                         + "|" + _quoted(12) + r"号(?P<group4>打击群|战斗群)"
                         + "|" + r"[“\"「『][^”\"」』\s，。、]{1,11}号[”\"」』](?:航母|航空母舰|航舰)?(?P<group5>打击群|战斗群|编队)"
                         # Mainland papers put 舰 after the quotes (“山东”舰, “辽宁”舰航母编队).
                         # (not 舰艇, 舰队, 舰长: “濒海作战”舰艇 is a class of ships)
                         + "|" + _quoted(12) + r"舰(?![艇队长船只载])(?:航母|航空母舰)?(?P<group2>打击群|战斗群|编队)?"
                         # Taiwan's press quotes the name with its 艦 and writes 航艦 (「山東艦」航艦編隊).
                         # (not a kind of ship in quotes: 「無人艦」編隊)
                         + "|" + r"[“\"「『](?!无人舰|护卫舰|驱逐舰|巡洋舰|两栖|登陆舰|补给舰|潜艇)[^”\"」』\s，。、]{1,11}舰[”\"」』]"
                         r"(?:航母|航空母舰|航舰)?(?P<group3>打击群|战斗群|编队)"
                         # …or with its 号 inside before a gloss and its type (「馬德雷山號」（BRP Sierra Madre）
                         # 坦克登陸艦): the quoted name, as “福特”号.
                         + "|" + r"[“\"「『][^”\"」』\s，。、]{1,11}号[”\"」』](?=[ \t]*(?:[（(][^（()）\n]{1,30}[)）][ \t]*)?"
                         + SHIP_TYPES + ")")
# A warship named in quotes after its type (旗舰“蓝岭”号, 驱逐舰“拉森”号, 航母“里根”号).
# Of ships called 船 only a navy's (医院船, 补给船): not 货船, 商船, 散货船.
_SHIP_AFTER_TYPE = re.compile(r"(?:(?<=[舰艇母])|(?<=医院船|补给船|测量船|训练船|侦察船))"
                              # 号 after the quotes or inside them, as Taiwan writes it (潛艦「海鯤號」)
                              r"(?:" + _quoted(12) + "号" + r"|[“\"「『][^”\"」』\s，。、]{1,11}号[”\"」』])")
# A grouping of forces named in quotes (俄军“北方”集团军群, “霍尔季察”作战战略集群).
_NAMED_GROUPING = re.compile(_quoted(8) + "(?:作战战略集群|战役战略集群|集团军群|战役集群|作战集群|部队集群|兵力集群|集群)")
# A grouping named without quotes right after its force (乌军哈尔科夫作战集群); not a swarm of weapons
# or what a force does with one (俄军无人机集群, 乌军出动无人机集群).
_GROUPING_AFTER_FORCE = re.compile(
    r"(?!使用|出动|动用|派出|部署|组建|发射|利用)"
    r"(?:(?!无人机|导弹|坦克|战机|舰艇)[\u4e00-\u9fff]){2,6}?(?:作战战略集群|战役战略集群|作战集群|战役集群|部队集群)")
# The same after a country's full name, where the name between is a region's (乌克兰东部作战集群, 乌克兰哈尔科夫
# 作战集群): no locative, verb or 的 in it (乌克兰军队组建新的作战集群, 俄罗斯在库尔斯克的部队集群 are none).
_REGION_GROUPING = re.compile(
    r"(?:(?!在|的|驻|境内|境外|组建|新|正在|已|将|使用|出动|动用|派|部署|军队|军方)[\u4e00-\u9fff]){2,5}?"
    r"(?:作战战略集群|战役战略集群|作战集群|战役集群|部队集群)")
# A command named by its region or task right after its force (印度陆军北方司令部, 菲律賓武裝部隊西部司令部,
# 韩国陆军无人机作战司令部, 美国空军全球打击司令部).
_COMMAND_AFTER_FORCE = re.compile(
    r"(?:[东西南北中]部|(?:东|西|南|北)方|中央|联合|战略|特种作战|网络空间|网络|太空|海上|空中|地面"
    r"|无人机|无人系统|导弹|防空|电子战|后勤|全球打击|机动|训练与条令|未来)(?:作战)?司令部"
    r"|作战司令部"  # 波兰武装部队作战司令部; not a force's 司令部 alone (俄军司令部遭袭 is a headquarters)
    r"|(?:北部|东北|东部|中部|西部|西南)(?:航空)?方面队")  # Japan's regional armies and air defence forces
# A formation named in quotes before what it is (“艾哈迈德”特种部队, “亚速”营, “克拉肯”部队).
_NAMED_FORMATION = re.compile(
    # An arm of service may stand between the quotes and the echelon (立陶宛“铁狼”机械化步兵旅).
    _quoted(8) + "(?:机械化步兵|摩托化步兵|机械化|步兵|装甲|坦克|炮兵|空降|空中突击|海军陆战|山地|突击)?"
    "(?P<kind>特种作战部队|特种部队|特战部队|突击部队|部队|突击营"
    # Not where the echelon begins another word (“饥饿”营销, “套路贷”团伙, “红色”旅游, 团支部, 团组).
    + "".join(f"|{e}(?![{_ECHELON_TAILS[e]}组支员长部队商购])" for e in "营旅团") + ")"
)
# A formation's whole name in quotes right after a word for troops (精锐部队“拉德万部队”): the name
# inside the quotes. Elsewhere quotes hold figures of speech as often (“和平之旅”, “民主阵营”, “网络部队”).
_QUOTED_FORMATION = re.compile(r"(?<=部队[“\"「『])[^”\"」』\s，。、]{2,12}?(?P<kind>特种部队|部队|突击营|营|旅|军团)(?=[”\"」』])")
_NAMED_FORMATION_ATTRS = {"特种作战部队": {"branch": "special-forces"}, "特种部队": {"branch": "special-forces"},
                          "特战部队": {"branch": "special-forces"}, "突击营": {"echelon": "battalion"},
                          "营": {"echelon": "battalion"}, "旅": {"echelon": "brigade"}, "团": {"echelon": "regiment"},
                          "军团": {"echelon": "corps"}}


def service_branch(name: str) -> str:
    """The branch of a service named without its country (空军 -> air-force, 海軍陸戰隊 ->
    marine); "" for anything else."""
    return _lexicon().force_branch.get(fold(name), "")


def find_units(text: str, kb_entities: Sequence[dict[str, Any]] = ()) -> list[Match]:
    """MILITARY_UNIT candidates in ``text`` (priority 30, source "rule").

    Spans never overlap; where two rules match overlapping text the longer span
    is kept (a numbered formation with its country beats the force alone).
    ``kb_entities``: records of the user's KB (``user_entities``), whose countries, forces and
    named formations count as the shipped KB's do.
    """
    lex = _lexicon(_records_key(kb_entities))
    folded = fold(text)
    candidates = _formation_matches(lex, text, folded)
    for m in lex.force_re.finditer(folded):
        candidates.append(Match(m.start(), m.end(), MILITARY_UNIT, SOURCE,
                                attrs=_force_attrs(lex, m), priority=PRIORITY))
        grouping = _GROUPING_AFTER_FORCE.match(folded, m.end())
        if grouping:
            attrs = {"echelon": "group-of-forces", "country": _force_attrs(lex, m)["country"]}
            candidates.append(Match(m.start(), grouping.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
        service = lex.service_re.match(folded, m.end())
        if service:
            attrs = {**_force_attrs(lex, m), "branch": lex.force_branch[service.group()]}
            candidates.append(Match(m.start(), service.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
        command = _COMMAND_AFTER_FORCE.match(folded, m.end())
        if command:
            attrs = {**_force_attrs(lex, m), "echelon": "command"}
            candidates.append(Match(m.start(), command.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
    for m in lex.state_guard_re.finditer(folded):
        attrs = {"branch": "national-guard", "country": "united-states"}
        candidates.append(Match(m.start(), m.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
    for m in lex.country_grouping_re.finditer(folded):
        attrs = {"echelon": "group-of-forces", "country": lex.countries[m.group("country")]}
        candidates.append(Match(m.start(), m.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
    for m in lex.named_re.finditer(folded):
        if m.group("base").endswith("武装") and folded.endswith(DISARM, 0, m.start()):
            continue  # 解除哈马斯武装: to disarm Hamas, whose armed wing is no subject here
        attrs = dict(lex.named[m.group("base")])
        if m.group("service"):  # the service of a force or a command is no command itself
            attrs = {k: v for k, v in attrs.items() if k != "echelon"} | {"branch": lex.force_branch[m.group("service")]}
        start, country = _country_before(lex, folded, m.start())
        if start == m.start() and attrs.get("country"):
            start, country = _force_before(lex, folded, m.start(), attrs["country"])  # 中国人民解放军南海舰队
        short = folded[m.start() - 1] if start == m.start() and m.start() > 0 else ""
        if short in lex.countries and (lex.countries[short] == attrs.get("country") or short in _UNIT_SHORT_FORMS):
            # 俄北方舰队: the unit's country's short form; 美太平洋舰队 is the US's, whoever else has one.
            start, country = m.start() - 1, lex.countries[short]
        if country:
            attrs["country"] = country  # 美国太平洋舰队 is the US's, whoever else has a 太平洋舰队
        candidates.append(Match(start, m.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
    for m in _NAMED_SHIP.finditer(folded):
        group = any(m.group(g) for g in ("group", "group2", "group3", "group4", "group5"))
        attrs = {"echelon": "naval-group" if group else "ship"}
        start, country = _country_before(lex, folded, m.start()) if group else (m.start(), "")
        if country:
            attrs["country"] = country  # 美国“杜鲁门”号航母打击群: the country is part of the group's name
        candidates.append(Match(start, m.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
    for m in lex.kb_ship_re.finditer(folded) if lex.kb_ship_re else ():
        candidates.append(Match(m.start(), m.end(), MILITARY_UNIT, SOURCE, attrs={"echelon": "ship"}, priority=PRIORITY))
    for m in _SHIP_AFTER_TYPE.finditer(folded):
        candidates.append(Match(m.start(), m.end(), MILITARY_UNIT, SOURCE, attrs={"echelon": "ship"}, priority=PRIORITY))
    for m in _NAMED_GROUPING.finditer(folded):
        start, country = _extend_left(lex, folded, m.start())
        attrs = {"echelon": "group-of-forces", **({"country": country} if country else {})}
        candidates.append(Match(start, m.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
    for m in _NAMED_FORMATION.finditer(folded):
        start, country = _extend_left(lex, folded, m.start())
        attrs = {**_NAMED_FORMATION_ATTRS.get(m.group("kind"), {}), **({"country": country} if country else {})}
        candidates.append(Match(start, m.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
    for m in _QUOTED_FORMATION.finditer(folded):
        attrs = dict(_NAMED_FORMATION_ATTRS.get(m.group("kind"), {}))
        candidates.append(Match(m.start(), m.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
    for m in [*lex.bare_numbered_re.finditer(folded), *lex.after_force_re.finditer(folded)]:
        attrs, _ = _group_attrs(lex, text, m)
        start, country = _extend_left(lex, folded, m.start())
        if m.re is lex.after_force_re and (not (country or _after_service(lex, folded, m.start()))
                                           or attrs.get("echelon") in _SMALL_ECHELONS):
            continue  # 冠军3连胜, 李建军5连, 球队3连胜: only a force's formation goes without 第
        if country:
            attrs.setdefault("country", country)
        candidates.append(Match(start, m.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
    for m in lex.designation_re.finditer(folded):
        candidates.append(Match(m.start(), m.end(), MILITARY_UNIT, SOURCE,
                                attrs={"number": int(m.group()[:-2])}, priority=PRIORITY))
    units = list(candidates)
    for m in lex.shared_force_re.finditer(folded):
        country = _shared_country(lex, folded, m, units)
        if country:
            attrs = {"country": country}
            if lex.force_branch.get(m.group("ss")):
                attrs["branch"] = lex.force_branch[m.group("ss")]
            candidates.append(Match(m.start(), m.end(), MILITARY_UNIT, SOURCE, attrs=attrs, priority=PRIORITY))
    # Not a group's 武装 before 分子: militants are people (哈马斯武装分子), and not a force
    # inside a longer name before 基地 (阿马里空军基地 is Al Amari air base, no Malian air force).
    candidates = [c for c in candidates
                  if not (folded.endswith("武装", c.start, c.end) and folded.startswith(_PEOPLE_AFTER_ARMED, c.end))
                  and not (folded.startswith("基地", c.end) and c.start > 0
                           and folded[c.start - 1] in _NAME_SYLLABLES_BEFORE)]
    return _coordinated_countries(longest_first(candidates), folded)


# …nor before 派别 (哈马斯武装派别卡桑旅: Hamas's armed faction, named after it), nor 人员 (armed men).
_PEOPLE_AFTER_ARMED = ("分子", "派别", "人员")
# Syllables that begin a base's transliterated name before a country's (阿 of 阿马里空军基地).
_NAME_SYLLABLES_BEFORE = frozenset("阿埃奥乌伊") | TRANSLITERATION_CHARS


# Short forms that name a country before any named unit (美太平洋舰队); others only before one of
# their own country's (中 of 冲突中胡塞武装 is no China).
_UNIT_SHORT_FORMS = frozenset("俄美乌韩朝")
# One-character short forms that several countries share (伊: Iran, Iraq): short form -> country ids.
SHARED_SHORT_FORMS: dict[str, list[str]] = {row[0]: row[1].split() for row in read_rule_table("shared_abbr.tsv")}
# What may stand right before a shared short form's force (据巴军称, 印度和巴军).
_SHARED_BEFORE = "和与及同对向跟被据称在由让给将把令、"


def _shared_country(lex: _Lexicon, folded: str, m: re.Match[str], units: list[Match]) -> str:
    """The country of a shared short form's force (巴军): of those that share it, the one whose force
    the document named last before it (伊朗革命卫队向伊拉克…发射导弹。伊军方称: Iran's), else the one
    it names last before it, else the only one it names; "" when it names none of them."""
    named = [(n.start(), lex.countries[n.group()]) for n in lex.shared_names[m.group("sc")].finditer(folded)]
    sharing = {country for _, country in named}
    forces = [u.attrs["country"] for u in units if u.end <= m.start() and u.attrs.get("country") in sharing]
    if forces:
        return forces[-1]
    before = [country for start, country in named if start < m.start()]
    if before:
        return before[-1]
    return named[0][1] if len(sharing) == 1 else ""


# Verbs of disarming: 解除哈马斯武装 is "disarm Hamas" (Hamas + 武装, the object's arms).
DISARM = ("解除", "解除了")

# A state's armed forces named without the state, which the model reads as an organisation and the
# linker gives the country in context (武装部队总司令布尔汉); 军队, "troops", is a common noun.
BARE_FORCES = frozenset({"武装部队", "武装力量", "国防军"})
# Words that join units of one army in a coordination (以军第36师和第98师); not 与, 同, 跟, which as
# often join two sides (俄军第155旅与第47旅激战).
COORDINATORS = frozenset({"和", "及", "以及", "、"})
# Words between a formation and one of its units (第2步兵师所属的第210野战炮兵旅): the same army.
_BELONGING = frozenset({"所属", "所属的", "下属", "下属的", "下辖", "下辖的", "麾下", "麾下的", "旗下", "旗下的"})
# Echelons too small to go without 第 after a force (冠军3连胜 is three wins in a row).
_SMALL_ECHELONS = frozenset({"company", "platoon", "squad"})


def _coordinated_countries(units: list[Match], folded: str) -> list[Match]:
    """A unit joined to the one before it by a conjunction, or said to belong to it, is of that one's
    army when it names none (以军第36师和第98师: the 98th is Israel's too; 驻韩美军第2步兵师所属的第210
    野战炮兵旅)."""
    for before, unit in zip(units, units[1:]):
        country = before.attrs.get("country")
        between = folded[before.end:unit.start].strip()
        if (country and "country" not in unit.attrs and (unit.attrs.get("number") is not None or unit.attrs.get("members"))
                and (between in COORDINATORS | _BELONGING
                     # a force and what it does with its units (以军已将第146师和第36师…调往)
                     or before.attrs.get("number") is None and _FORCE_MOVES.fullmatch(between))):
            unit.attrs["country"] = country
    return units


# What stands between a force and its own numbered units (俄军派出第58集团军; not 俄军已将第47旅逐出, the enemy's).
_FORCE_MOVES = re.compile(r"(?:已|已经|正|还|也|又|再)?(?:派出|派遣|调动|动用|出动|投入|部署|调集|增派|抽调)(?:了)?")


def longest_first(candidates: list[Match]) -> list[Match]:
    """Non-overlapping subset, preferring longer spans, then earlier ones; in text order."""
    chosen: list[Match] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)
