"""Rules for NUMBER mentions: counts, amounts, fractions, percentages, ranges.

The grammar, matched on folded text (docs/rules.md has examples):

    [QUALIFIER [有|是|为|达|了]] NUMERAL [余|多|来] [MEASURE] [左右|上下|以上|以下]

NUMERAL is Arabic (1,430 / 1.5), Chinese (一百, 两千, 二十), mixed (1.5 万, 1万6000),
a range (12-15, 30万至50万, 两三), a fraction (三分之一), a percentage (12%, 百分之一点五)
or a vague amount (数千, 几十, 上百, 数枚). A plain count is tagged only with a measure word
(九名, 120 天, 四个月); an amount with 万/亿, a fraction or a percentage stands alone.
Qualifiers written next to the number are inside the span; separated by 有/是 they
stay outside but still set ``qualifier``/``approx``. Only the span is normalised.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from ..numerals import CN_DIGIT_CLASS, CN_NUMERAL_CLASS, country_words, fold, parse_number, read_rule_table, to_plain
from ..schema import NUMBER, Match
from ..textnorm import sentence_start

PRIORITY = 20
SOURCE = "rule"

_SP = r"[ \t]*"
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_MULT = "十百千万亿"
# 千 before 瓦, 克, 米, 伏, 牛 … begins the unit (100万千瓦 is a million kilowatts), not the number; so does
# 兆 (100兆瓦), which after an Arabic numeral is otherwise 10**12 (122.3兆日圓, 1兆1000億).
# 兆 is 10**12 only before a currency or more digits: in mainland copy 1000兆 alone is megabits.
_THOUSAND = "千(?![瓦克米卡帕焦伏]|牛(?![羊马群肉奶]))"
_MULT_CHAR = (f"(?:[十百万亿]|{_THOUSAND}|兆(?=[0-9零一二三四五六七八九十百千万亿]|元|日[圆元]|韩[元圜]"
              "|美元|欧元|英镑|卢布|新台币|台币|人民币|港元|港币))")
_MIX = rf"{_ARABIC}(?:{_SP}{_MULT_CHAR}+(?:{_SP}\d+(?:{_SP}{_MULT_CHAR}+)?)*)?"
_CN = rf"(?:[{CN_DIGIT_CLASS}十百万亿]|{_THOUSAND})+(?:点[{CN_DIGIT_CLASS}]+)?"
_NUMERAL = rf"(?:{_MIX}|{_CN})"
_RANGE = rf"{_NUMERAL}{_SP}(?:-|~|至|到){_SP}{_NUMERAL}"
_PCT_NUM = rf"(?:{_ARABIC}|{_CN})"
_FRACTION = rf"(?P<den>{_NUMERAL})分之(?P<numer>{_NUMERAL})"
# A fraction written with a slash, where a share follows (控制了1/5的领土, 1/3以上): not a date or a code.
_SLASH_FRACTION = r"(?<![\d/.])(?P<snumer>\d{1,2})/(?P<sden>\d{1,2})(?![\d/.])(?=的|以上|以下|左右|强|弱)"
# 数 alone before a measure word (数枚导弹, 数个月), but not inside 多数, 少数, 无数, 半数, 人数 ...
# (多数人 is the majority); 几 only before people and weapons (几名士兵): 这几天, 前几年 and
# 几个 are ways of speaking more often than counts.
_FEW = (r"(?<![无少多半总人次岁倍分级变函指参整奇偶基复实虚系代读算])"
        r"(?:数(?=[名人枚架艘辆次个天年周月座处起批轮颗件家支项]|小时)|几(?=[名枚架艘辆颗]))")
# 数以万计 ("tens of thousands of"): a vague amount that stands without a measure word.
_COUNTLESS = rf"数以[{_MULT}]+计"
_COUNTLESS_RE = re.compile(_COUNTLESS)
_VAGUE = rf"(?:{_COUNTLESS}|(?:数|几|上)[{_MULT}]+|[{CN_NUMERAL_CLASS}]*十几[{_MULT}]*|{_FEW})"
# Characters after a measure word that make it part of another word (3723部队, 两人民币).
_UNIT_TAILS = {
    "部": "队门长署分落位", "门": "户类", "家": "庭属乡", "发": "射展表动生现布", "所": "有以谓在",
    "台": "湾", "支": "持付援", "席": "位卷地之", "条": "约件例款", "项": "目", "件": "事", "处": "理长", "起": "来诉义",
    "间": "谍", "座": "谈", "具": "有体备", "头": "等", "场": "所合", "轮": "番", "批": "准评",
    "套": "装", "只": "是有能要", "例": "如", "位": "于置", "名": "单义字", "人": "民口类工造质",
    "天": "然空津下主", "年": "代级轻度", "周": "边围刊末", "次": "日", "元": "首帅旦素", "波": "兰斯", "秒": "杀懂变",
    "架": "构势", "张": "贴开扬望罗扬力口嘴", "个": "人体性别案", "票": "房据价证面务", "级": "别战警行政官干台",
    "克朗": "姆", "列弗": "罗",  # 50克朗姆酒, 两列弗罗伦萨
    # 成 is tenths (五成, 近三成) unless it begins a word (三成员国, 成为, 成功, 成本).
    "成": "员为功立本果就长熟都交绩分型品效群批套形年人败绩全团语",
}
_STOP_BEFORE = set("第.0123456789/-_#号") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# 近 is no qualifier inside 最近, 附近, 亲近 ...
_NOT_NEAR = "最附亲靠远邻就贴逼临"
# Nor 约 inside 北约, 纽约, 条约, 公约, 签约 ... (北约32个成员国 is NATO's 32, not about 32).
# 损失约 is "lost about": 失 is left out, as casualty figures follow it far more often than 失约.
# 和约 (peace treaty) is left out: before a count 和 is "and" (93枚导弹和约200架无人机); before years
# it is the treaty's (签订和约30年来), which _to_match reads so.
_NOT_ABOUT = "北纽条公合盟协签预节邀违履制毁立守誓婚相解特集践缔赴爽如租契草密旧新简"
# 约 ("about") and a distance (约250公里): after a direction's 北 (以北约250公里) it is no NATO's.
ABOUT_DISTANCE = r"约[ \t]*[0-9０-９一二三四五六七八九十两百千.]+[ \t]*(?:多|余)?(?:公里|千米|海里|浬|英里|米|里)"
# Characters before 数月 ("several months"): 持续数月, 长达数月, 过去数月, 近数月, 了数月, 的数月.
_BEFORE_SEVERAL_MONTHS = frozenset("续达去近了的过历时经至甚后前这")
# Digits after 成 that count its tenths (一成五, 两成三).
_TENTHS = "〇一二三四五六七八九"
# What may follow the digit (一成五的, 两成三左右, 一成五以上); any other character makes the digit the next
# word's (两成三甲医院, 三成五星级酒店, 两成六大行).
_AFTER_TENTHS = frozenset("的左以上下多")
# The rest of a duration's unit after 个多 (两个多月, 三个多小时).
_MORE_THAN_UNIT = re.compile("月|小时|星期|礼拜")
# A half after a count's unit (一年半, 三天半) or between 个 and the unit (一个半小时, 两个半月).
# Not where 半 begins a word (三年半岛局势, 十年半导体, 五年半数, 一年半载).
_HALF = re.compile("半(?![岛导数载夜径球场壁身价空边路])")
_HALF_AFTER = {**{unit: _HALF for unit in ("年", "天", "周", "小时", "个月")}, "个": re.compile("半(?:小时|月)")}


@dataclass(frozen=True)
class _Lexicon:
    pattern: re.Pattern[str]
    qualifiers: dict[tuple[str, str], tuple[str, bool]]
    counted_re: re.Pattern[str]


@functools.cache
def _lexicon() -> _Lexicon:
    qualifiers: dict[tuple[str, str], tuple[str, bool]] = {}
    for word, position, qualifier, approx in read_rule_table("qualifiers.tsv"):
        qualifiers[(position, word)] = (qualifier, approx == "1")
    by_position = {p: [w for (pos, w) in qualifiers if pos == p] for p in ("pre", "post", "tail")}

    def alt(words: list[str], after: dict[str, str] | None = None) -> str:
        parts = []
        for w in sorted(words, key=len, reverse=True):
            before = {"近": _NOT_NEAR, "约": _NOT_ABOUT}.get(w)
            guard = f"(?<![{before}])" if before else ""
            if w == "约":  # but a direction's 北 before a distance (以北约250公里, 东北约50公里) is no NATO's
                guard = f"(?:(?<=[以东西]北)(?={ABOUT_DISTANCE})|{guard})"
            parts.append(guard + re.escape(w) + (after or {}).get(w, ""))
        return "|".join(parts)

    units = []
    for row in read_rule_table("measure_words.txt"):
        word = row[0]
        tail = _UNIT_TAILS.get(word)
        if word == "成":  # after a qualifier, 成为 is tenths and "are" (近九成为因纽特人), not "become"
            units.append((word, f"成(?(pre)(?![{tail.replace('为', '')}])|(?![{tail}]))"))
            continue
        if word == "度":  # degrees after digits only (零下12度, 30度角): 一度, 再度 are "once", "again"
            units.append((word, r"(?<=\d)度"))
            continue
        units.append((word, re.escape(word) + (f"(?![{tail}])" if tail else "")))
    unit_alt = "|".join(p for _, p in sorted(units, key=lambda u: len(u[0]), reverse=True))
    unit_alt += "|(?<=数)月(?!份)"  # 数月, "several months" (a numeral and 月 alone is a date's month)

    first = re.escape("".join(sorted({w[0] for w in by_position["pre"]})))
    pattern = re.compile(
        # Not the 一 that ends a word before the numeral (唯一 + 一艘: one ship, not eleven).
        rf"(?=[{first}\d{CN_NUMERAL_CLASS}数几上])(?!(?<=[唯统单划专同均逐])一)"
        # A currency may stand between the qualifier and the number (约人民币3500亿元).
        rf"(?:(?P<pre>{alt(by_position['pre'])})(?P<sep>有|是|为|达|了|人民币|新台币|台币|港币|港元)?{_SP})?"
        # A range of percentages or tenths writes the sign or 成 once or twice (30-40%, 30%至40%,
        # 百分之二十至三十, 五成至六成).
        rf"(?P<num>百分之(?P<pct>(?P<pctrange>{_PCT_NUM}{_SP}(?:-|~|至|到){_SP}(?:百分之)?){_PCT_NUM}|{_PCT_NUM})"
        rf"|(?P<signrange>{_NUMERAL}{_SP}(?:%|成){_SP}(?:-|~|至|到){_SP}{_NUMERAL}(?={_SP}(?:%|成)))"
        rf"|{_FRACTION}|{_SLASH_FRACTION}|(?P<range>{_RANGE})|(?P<vague>{_VAGUE})"
        rf"|(?P<plain>{_NUMERAL}))"
        rf"(?:{_SP}(?P<post>{alt(by_position['post'])}))?"
        # 30余万人, 1000多亿美元: the qualifier between the numeral and its 万/亿.
        rf"(?:(?<=[余多来])(?P<big>[万亿]+))?"
        rf"(?:{_SP}(?P<unit>{unit_alt}))?"
        rf"(?:{_SP}(?P<tail>{alt(by_position['tail'], _TAIL_GUARDS)}))?"
    )

    nouns = [row[0] for row in read_rule_table("counted_nouns.txt")]
    countries = [word for word, (_, form) in country_words().items() if form == "full"]
    country_alt = "|".join(re.escape(c) for c in sorted(countries, key=len, reverse=True))
    noun_alt = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    counted_re = re.compile(rf"(?:(?:{country_alt})(?:{noun_alt}|人(?!员|民|质|士))|(?:{noun_alt}))")
    return _Lexicon(pattern, qualifiers, counted_re)


def _range_ends(text: str) -> tuple[int | float, int | float] | None:
    left, right = re.split(r"\s*(?:-|~|至|到)\s*", text, maxsplit=1)
    low, high = parse_number(left), parse_number(right)
    if low is None or high is None:
        return None
    # 30至50万 reads 300000-500000: the right end's 万/亿 applies to a bare left end.
    trailing = re.search(r"[万亿兆千百]$", right.strip())
    if trailing and not re.search(r"[万亿千百十]", left):
        size = parse_number("1" + trailing.group())
        if size and low * size <= high:
            low = to_plain(low * size)
    if low >= high:
        return None
    return low, high


_BIG = re.compile("[万亿兆]")
_TEMPERATURES = frozenset({"摄氏度", "℃", "度"})
# 多 after a unit is "over" (一年多) unless it begins a word (240毫米多管火箭炮, 3个多边机制).
_TAIL_GUARDS = {"多": "(?!管|用|功能|边|国|种|样|层|角|元|媒体|次|项|位)"}
# Numerals that are words: 千万 before a warning is "by all means", 十万火急 "most urgent";
# 二次 before these nouns is "secondary" (二次打击, 二次伤害): a count is 两次.
_ADVERB = re.compile("千万(?=不|别|要|小心|注意|记住|当心)|万万(?=不|没)|十万火急|三位(?=一体)"
                     "|(?<![0-9零一二三四五六七八九十百千万第])二次(?=打击|伤害|污染|开发|利用|创业|元|灾害|感染|爆炸|袭击|加工)")
_PAIR = re.compile(rf"([{CN_DIGIT_CLASS}])([{CN_DIGIT_CLASS}])([{_MULT}]*)")
_HAS_DIGIT = re.compile(rf"[{CN_DIGIT_CLASS}\d]")


def _adjacent_pair(text: str) -> tuple[int | float, int | float] | None:
    """两三, 三四十, 七八百: two neighbouring digits make a rough range."""
    m = _PAIR.fullmatch(text)
    if not m:
        return None
    first, second = parse_number(m.group(1)), parse_number(m.group(2))
    if first is None or second is None or second != first + 1 or first == 0:
        return None
    size = parse_number("1" + m.group(3)) if m.group(3) else 1
    return to_plain(first * size), to_plain(second * size)


# Units of time after which 一 counts one period (过去一年, 持续一个月, 停留一小时), except in
# set phrases (一年一度, 一年四季, 一周年).
_PERIODS = frozenset({"年", "个月", "小时", "个小时", "周", "星期", "个星期", "分钟"})
_ONE_PERIOD_PHRASE = re.compile("一度|四季|到头|半载|之计|周年")


def _one_period(folded: str, m: re.Match[str]) -> bool:
    return m.group("unit") in _PERIODS and not _ONE_PERIOD_PHRASE.match(folded, m.end("unit"))


def _is_year(num: str, unit: str | None) -> bool:
    if unit != "年":
        return False
    if re.fullmatch(r"\d{4}", num):
        return True
    return bool(re.fullmatch(rf"[{CN_DIGIT_CLASS}]{{2,4}}", num))


def _half(folded: str, m: re.Match[str], unit: str | None) -> str:
    """The half written after a count's unit (一年半 -> 半, 一个半小时 -> 半小时), or ""."""
    pattern = _HALF_AFTER.get(unit or "")
    if pattern is None or m.group("tail") or m.group("post"):
        return ""
    half = pattern.match(folded, m.end("unit"))
    return half.group() if half else ""


def find_numbers(text: str) -> list[Match]:
    """NUMBER candidates in ``text`` (priority 20, source "rule")."""
    lex = _lexicon()
    folded = fold(text)
    out: list[Match] = []
    for m in lex.pattern.finditer(folded):
        match = _to_match(lex, text, folded, m)
        if match is not None:
            out.append(match)
    if "兆" in folded and _traditional(text, folded):
        out = sorted(out + _trillions_alone(folded, out), key=lambda m: m.start)
    if "半" in folded:
        out = sorted(out + _halves(folded, out), key=lambda m: m.start)
    return _ranges_of_two(_compound_durations(out, folded), folded)


# Half a unit of time alone (半个月, 半年左右, 半年多): a duration of 0.5; not 上半年, 下半年 (dates), 大半年
# (most of a year), nor where it begins another word (半年报, 半月刊, 半年度).
_HALF_ALONE = re.compile(r"(?<![0-9一二三四五六七八九十两多大上下前后近个])半(?P<unit>个月|个小时|小时|年|天)"
                         r"(?![报刊度])(?P<about>左右|多(?![万亿]))?")


def _halves(folded: str, numbers: list[Match]) -> list[Match]:
    out = []
    for m in _HALF_ALONE.finditer(folded):
        if any(n.overlaps(m.start(), m.end()) for n in numbers):
            continue
        attrs: dict[str, Any] = {"value": 0.5, "unit": m["unit"]}
        if m["about"]:
            attrs.update(approx=True, qualifier="about" if m["about"] == "左右" else "over")  # 半年多: over half a year
        out.append(Match(m.start(), m.end(), NUMBER, SOURCE, attrs=attrs, priority=PRIORITY))
    return out


# A duration written in two units, the larger first (1小时40分钟, 2年3个月): how many of the
# smaller unit make one of the larger.
_SUBUNITS = {("小时", "分钟"): 60, ("个小时", "分钟"): 60, ("分钟", "秒"): 60, ("分钟", "秒钟"): 60,
             ("年", "个月"): 12}


def _compound_durations(numbers: list[Match], folded: str) -> list[Match]:
    """约1小时40分钟 is one duration, in the smaller unit (100 分钟, about)."""
    out: list[Match] = []
    for m in numbers:
        prev = out[-1] if out else None
        factor = prev and _SUBUNITS.get((prev.attrs.get("unit"), m.attrs.get("unit")))
        if (factor and "value" in prev.attrs and "value" in m.attrs and "qualifier" not in m.attrs
                and prev.attrs.get("qualifier") != "range" and not folded[prev.end:m.start].strip(" \t")):
            attrs = {**prev.attrs, **m.attrs, "value": to_plain(prev.attrs["value"] * factor + m.attrs["value"])}
            attrs.update({k: prev.attrs[k] for k in ("qualifier", "approx") if k in prev.attrs})
            out[-1] = Match(prev.start, m.end, prev.label, prev.source, attrs=attrs, priority=prev.priority)
            continue
        out.append(m)
    return out


# What joins the two ends of a range, each written with its unit (约20公里至40公里).
_RANGE_JOIN = re.compile(r"[ \t]*(?:至|到|-|－|–|—|~|～)[ \t]*")


def _ranges_of_two(numbers: list[Match], folded: str) -> list[Match]:
    """Two numbers of one unit joined by 至 or a dash (20公里至40公里) are one range: min, max."""
    out: list[Match] = []
    for m in numbers:
        prev = out[-1] if out else None
        if (prev is not None and "value" in prev.attrs and "value" in m.attrs and prev.attrs.get("unit") == m.attrs.get("unit")
                and m.attrs.get("unit") and _RANGE_JOIN.fullmatch(folded, prev.end, m.start)
                and prev.attrs["value"] < m.attrs["value"] and "qualifier" not in m.attrs):
            attrs = {k: v for k, v in prev.attrs.items() if k not in ("value", "qualifier")}  # 约 keeps approx
            attrs.update({"min": prev.attrs["value"], "max": m.attrs["value"], "qualifier": "range"})
            if "counted" in m.attrs:
                attrs["counted"] = m.attrs["counted"]
            out[-1] = Match(prev.start, m.end, prev.label, prev.source, attrs=attrs, priority=prev.priority)
            continue
        out.append(m)
    return out


# 兆 after a number and before no unit (國防特別預算1.25兆): in Taiwan's and Hong Kong's copy 10**12,
# though no currency follows; not 兆瓦, 兆赫 … (megawatts, megahertz).
_TRILLION_ALONE = re.compile(rf"(?<![\d.]){_ARABIC}(?=[ \t]*兆(?![瓦赫帕位字节比焦欧伏克米吨]))[ \t]*兆")


def _traditional(text: str, folded: str) -> bool:
    """Whether the text is written in traditional characters (folding changed some)."""
    return sum(a != b for a, b in zip(text, folded) if "\u4e00" <= a <= "\u9fff") >= 3


# Money in the sentence (预算, 市值, 规模 …): 1000兆 in one about broadband is megabits.
_MONEY_WORDS = re.compile(r"预算|市值|资产|经费|产值|营收|金额|规模|GDP|债|税|收入|支出|投资|元|币|美金|成本|赤字|贸易|出口"
                          r"|进口|储备|资金|拨款|财政")
_SENTENCE = re.compile(r"[^。！？!?\n]*")


def _trillions_alone(folded: str, taken: list[Match]) -> list[Match]:
    out = []
    for m in _TRILLION_ALONE.finditer(folded):
        value = parse_number(m.group().replace(" ", "").replace("\t", ""))
        if value is None or any(t.overlaps(m.start(), m.end()) for t in taken):
            continue
        start = sentence_start(folded, m.start())
        if not _MONEY_WORDS.search(_SENTENCE.match(folded, start).group()):
            continue  # 香港寬頻推出1000兆光纖服務: megabits
        out.append(Match(m.start(), m.end(), NUMBER, SOURCE, attrs={"value": to_plain(value)}, priority=PRIORITY))
    return out


def _to_match(lex: _Lexicon, text: str, folded: str, m: re.Match[str]) -> Match | None:
    num = m.group("num") + (m.group("big") or "")  # 30余万: the value of 30万
    unit = m.group("unit")
    # 万/亿 amounts and 数以千计 stand alone; other counts need a measure word.
    big = _BIG.search(num) is not None or _COUNTLESS_RE.fullmatch(num) is not None
    if not unit and not big and m.group("pct") is None and m.group("den") is None and m.group("sden") is None:
        return None  # most scanned numerals: a bare count without a measure word
    treaty_years = m.group("pre") == "约" and folded[m.start() - 1:m.start()] == "和" and unit in ("年", "周年")
    begin = m.start("num") if (m.group("sep") or not m.group("pre") or treaty_years) else m.start()
    latin_before = m.start() > 0 and folded[m.start() - 1].isascii() and folded[m.start() - 1].isalpha()
    # A share of GDP written against the letters (占GDP3.32%): an abbreviation of two letters or more.
    share_of = latin_before and unit == "%" and m.start() >= 2 and folded[m.start() - 2:m.start()].isalpha()
    if m.start() > 0 and folded[m.start() - 1] in _STOP_BEFORE and not (m.group("pre") and latin_before) and not share_of:
        return None  # F-16, A320, 第3; but a qualifier after Latin letters is a number's (GDP约1780亿美元)
    if m.start("num") > 0 and folded[m.start("num") - 1] in _STOP_BEFORE and not share_of:
        return None
    if unit == "月" and m.start("num") > 0 and "\u4e00" <= folded[m.start("num") - 1] <= "\u9fff" and (
            folded[m.start("num") - 1] not in _BEFORE_SEVERAL_MONTHS):
        return None  # 户数月环比, 病例数月底: a count's 数 and a month's word, not 数月
    if num[0] == "0" and len(num) > 1 and not num.startswith("0."):
        return None  # codes and telephone numbers (0票, 0人 are counts)
    # 来 approximates only before a measure word or 万/亿 (十来名, 三十来岁); else it begins a word
    # (三分之一来自).
    post = None if m.group("post") == "来" and not unit and not m.group("big") else m.group("post")
    qualified = m.group("pre") or post or m.group("tail")
    if (num[0] in "万亿" and not qualified) or _ADVERB.match(folded, m.start("num")):
        return None  # 以防万一, 亿万富翁 (近万名 is a count); 千万不要 ("by all means don't"), 十万火急
    attrs: dict[str, Any] = {}
    qualifier, approx = None, False
    half = ""
    for position in ("pre", "post", "tail"):
        word = post if position == "post" else m.group(position)
        if word and not (position == "pre" and treaty_years):
            qualifier, approx = lex.qualifiers[(position, word)]
    ranged = m.group("pctrange") or m.group("signrange") or (m.group("range") if unit in ("%", "成") else None)
    if ranged:
        ends = _range_ends(re.sub("百分之|%|成", "", m.group("pct") or num))
        if ends is None or (m.group("signrange") and not unit):
            return None
        attrs["min"], attrs["max"] = ends
        attrs["unit"] = "%" if m.group("pct") is not None or unit == "%" else text[m.start("unit"):m.end("unit")]
        qualifier = "range"
        unit = None if m.group("pct") is not None else unit
    elif m.group("pct") is not None or (unit == "%"):
        value = parse_number(m.group("pct")) if m.group("pct") is not None else parse_number(num)
        if value is None:
            return None
        attrs["value"] = value
        attrs["unit"] = "%"
        unit = None if m.group("pct") is not None else unit
    elif m.group("sden") is not None:
        numer, den = int(m.group("snumer")), int(m.group("sden"))
        if not 0 < numer < den:
            return None
        attrs["value"] = to_plain(round(numer / den, 4))
    elif m.group("den") is not None:
        den, numer = parse_number(m.group("den")), parse_number(m.group("numer"))
        if not den or numer is None:
            return None
        attrs["value"] = to_plain(round(numer / den, 4))
    elif m.group("range") is not None:
        ends = _range_ends(num)
        if ends is None or (not unit and not big):
            return None
        attrs["min"], attrs["max"] = ends
        qualifier = "range"
    elif m.group("vague") is not None:
        if not unit and not big:
            return None
        qualifier, approx = "vague", False
    else:
        pair = _adjacent_pair(num)
        if pair is not None:
            if not unit:
                return None
            attrs["min"], attrs["max"] = pair
            qualifier, approx = "range", True
        else:
            value = parse_number(num)
            if value is None or (not unit and not big) or _is_year(num, unit):
                return None
            half = _half(folded, m, unit)
            # 一名, 一次, 一个 are the article "a" more often than a count; 一年, 一个月 are durations.
            if num == "一" and not (m.group("pre") or post or m.group("tail") or half or _one_period(folded, m)):
                return None
            if num in ("零", "〇", "○"):
                return None  # 零部件, 零件, 零售: 零 alone begins a word
            if not _HAS_DIGIT.search(num) and num[0] != "十" and not qualified:
                return None  # 百家, 千人, 万人: a bare 百/千/万 is a word, but 近百名, 千余名 are counts
            attrs["value"] = to_plain(value + 0.5) if half else value
    end = m.end()
    if not m.group("tail") and not unit and not post:
        end = m.end("num")
    if unit:
        # The written unit, except the per-cent sign, which is one sign in any width.
        attrs["unit"] = "%" if unit == "%" else text[m.start("unit"):m.end("unit")]
        unit_end = m.end("unit")
        if half:  # 一年半, 一个半小时 (unit 小时), 两个半月 (unit 个月)
            end = unit_end = unit_end + len(half)
            if len(half) > 1:
                after_half = text[unit_end - len(half) + 1:unit_end]  # 小时, or the 月 of 个月
                attrs["unit"] = attrs["unit"] + after_half if after_half == "月" else after_half
    else:
        unit_end = m.end("num") if not post else m.end("post")
    tenths = folded[unit_end:unit_end + 1] if unit == "成" and "value" in attrs and not m.group("tail") else ""
    after_tenths = folded[unit_end + 1:unit_end + 2]
    if tenths and tenths in _TENTHS and (not "\u4e00" <= after_tenths <= "\u9fff" or after_tenths in _AFTER_TENTHS):
        # 一成五 is 15%: one and a half tenths (a digit after 成 counts tenths of a tenth).
        attrs["value"] = to_plain(round(attrs["value"] + _TENTHS.index(tenths) / 10, 2))
        end = unit_end = unit_end + 1
    more = _MORE_THAN_UNIT.match(folded, m.end()) if unit == "个" and m.group("tail") == "多" else None
    if more:  # 两个多月, 三个多小时: more than two months
        end = more.end()
        attrs["unit"] = "个月" if more.group() == "月" else more.group()  # as 两个半月, 一个半小时
    if qualifier:
        attrs["qualifier"] = qualifier
    if approx:
        attrs["approx"] = True
    counted = lex.counted_re.match(folded, unit_end if not m.group("tail") else m.end())
    if counted and unit and unit != "%":
        attrs["counted"] = text[counted.start():counted.end()]
    if unit in _TEMPERATURES and "value" in attrs and begin == m.start("num") and folded.endswith("零下", 0, begin):
        begin -= 2  # 零下30摄氏度 is -30
        attrs["value"] = -attrs["value"]
    # Trailing spaces never end a span.
    while end > begin and folded[end - 1] in " \t":
        end -= 1
    return Match(begin, end, NUMBER, SOURCE, attrs=attrs, priority=PRIORITY)
