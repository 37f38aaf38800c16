"""Rules for DATE mentions and their ISO 8601 values.

The grammar, matched on folded text (docs/rules.md has examples):

    POINT  = [YEAR 年 | 今年 …] [第 N 周] [MONTH 月 | 上个月 …] [DAY 日/号 | 当天 …]
             [初|上旬|中旬|下旬|底|末|年初|年底 …] [上午|晚上 …] [H 时/点 [M 分|半] [许]]
             [早些时候|稍早 …]
           | 上周 | (上|下|本)? 周/星期 + weekday | YYYY-MM-DD
    PERIOD = POINT (至|到|-|~) POINT-without-what-it-shares     (12月10日至19日)
    DECADE = [上|20|二十 … 世纪] N0 年代 [初|中|末 …]              (上世纪90年代: 1990/1999)

``value`` has the precision written: 2024 -> ``2024``, 2024 年 8 月 -> ``2024-08``, a
week ``2025-W35``, a period ``2024-12-10/2024-12-19``, a clock time
``2024-12-19T08:00``. A date that needs the publication date (今年 8 月, 8 月初,
上周, 周二, 12月22日) carries ``relative: true``, and a ``value`` only when
``published`` is given. 当天/次日/同年 refer to the date written before them (not a reference point)
in the text, or to the publication date where there is none; so do counts after (两天后). A
clock time alone and a duration (120 天, 四个月) are not dates; a count back (三天前) is.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..numerals import fold, parse_number
from ..schema import DATE, Match
from ..textnorm import SENTENCE_BREAK, sentence_start

PRIORITY = 20
SOURCE = "rule"

_SP = r"[ \t]*"
_CN_D = "〇零一二三四五六七八九"
_Y = rf"(?:\d{{4}}|[{_CN_D}]{{4}})"
_M = r"(?:1[0-2]|0?[1-9]|十[一二]|十|[一二三四五六七八九])"
_D = r"(?:3[01]|[12]\d|0?[1-9]|三十一|三十|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_H = r"(?:[01]?\d|2[0-4]|[零一二两三四五六七八九十]{1,3})"
_MIN = r"(?:[0-5]?\d|[零一二三四五六七八九十]{1,3})"

# Relative words: (unit, offset); None as offset means "the date written before".
_REL_YEARS = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1, "后年": 2, "同年": None, "当年": None,
              "次年": 1, "翌年": 1,
              # A season of a year (今冬, 明春) keeps the year's precision, as 今年冬天 does; not 去 +
              # a season, which is "go to" as often (去夏威夷, 去春川).
              **{f"今{season}": 0 for season in "春夏秋冬"}, "去冬": -1, "明春": 1}
_REL_MONTHS = {"本月": 0, "这个月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1,
               "当月": None, "同月": None, "次月": 1, "翌月": 1}
_REL_DAYS = {"今天": 0, "今日": 0, "今晨": 0, "今早": 0, "今晚": 0, "昨天": -1, "昨日": -1, "昨晚": -1,
             "前天": -2, "明天": 1, "明日": 1, "后天": 2, "当天": None, "当日": None, "当晚": None,
             "同日": None, "同一天": None, "同一日": None, "同晚": None, "次日": 1, "翌日": 1, "第二天": 1, "前一天": -1,
             "前一晚": -1,
             "前日": -2, "即日": None}
# Where those begin or end another word: 第二天然气 (natural gas), 提前一天 (a day early), 连续第二天
# (the second day running), 同日本 and 同日方 ("with Japan", "with the Japanese side"; 同日元 with the
# yen; 同日本地时间 is a date).
_REL_DAY_GUARDS = {"第二天": ("(?<!连续)(?<!连续的)", "(?!然)"), "前一天": ("(?<!提)", ""), "前一晚": ("(?<!提)", ""),
                   "同日": ("", "(?!本(?!地)|方|元)"), "同晚": ("", "(?!宴|会|餐|报)"),  # not 同 "with" + 晚宴, 晚会
                   # 同一天 opening a clause refers back; inside one it is as often "on one day" (放在同一天游玩).
                   "同一天": (r"(?<![^，,。；;！？!?\n“「])", ""), "同一日": (r"(?<![^，,。；;！？!?\n“「])", ""),
                   # 即日 (this very day: 即日起, 自即日起生效), the day written before it as 当天 is; not the
                   # 即 of 立即, 随即 before 日本, 日方.
                   "即日": (r"(?<![立随旋当])", "(?!本|方|军|元|韩|美|中|俄|报)"),
                   # 前日, Hong Kong's and Taiwan's 前天; not inside 目前日本, 日前, 提前日期.
                   "前日": (r"(?<![目当此提以之空史生从先眼日])", "(?!本|军|方|元|报|期)"),
                   # Not 首次 + 日韩 (首次日韓首腦會談), 多次 + 日本 …: the 次 of a count of times.
                   # Opening a clause it is the next day whatever follows (20日会谈，次日俄方表态).
                   "次日": (r"(?<![首多再屡每两三几数上本这])", r"(?:(?<=[，,。；;！？!?\n“「]次日)|(?!本|韩|美|中|俄|方|军|元))")}
# Words that count from the date written before rather than from publication.
_CONTEXT_DAYS = {"次日", "翌日", "第二天", "前一天", "前一晚"}
_CONTEXT_YEARS = {"次年", "翌年"}
_CONTEXT_MONTHS = {"次月", "翌月"}
# Evening words of a relative day: the hour after them is p.m. (当晚8时 is 20:00).
_EVENING_DAYS = {"今晚", "昨晚", "当晚", "同晚", "前一晚"}
_REL_WEEKS = {"上周": -1, "上星期": -1, "上个星期": -1, "本周": 0, "这周": 0, "这个星期": 0,
              "本星期": 0, "这星期": 0, "下周": 1, "下星期": 1, "下个星期": 1}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_EVENING = {"下午", "晚上", "晚间", "傍晚", "夜间", "深夜", "夜里", "晚", "夜"}


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# 本 after 日 where that 日 begins 日本 (at a clause's start or after a word that takes a country).
_NOT_JAPAN = r"(?<![\s，。、“「（(在对与和据向把被让从是的及]日)(?<!\A日)"
# 晚 / 早 alone are a time of day unless they begin 晚些时候 / 早些时候 / 早前 (a whole tail below).
_TOD = _alt(["上午", "下午", "晚上", "晚间", "早间", "午间", "凌晨", "早上", "早晨", "清晨", "中午", "傍晚",
             "夜间", "深夜", "夜里", "夜"]) + "|晚(?!些)|早(?!些|前)"
# Quarters, halves and the first months of a year are periods of months (今年第二季度: 2025-04/2025-06,
# ``_months_of_part``); 一个季度 is a duration, not a quarter.
_QUARTERS = [f"{first}{n}季度" for first in ("第", "") for n in "一二三四1234"] + [
    f"前{n}{unit}" for n in "两三23" for unit in ("季度", "个季度")] + [
    # The first months of a year (今年前9个月) likewise.
    f"前{n}个月" for n in ("两", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", *map(str, range(2, 12)))] + [
    # The first weeks of a month (本月前三周) keep the month's precision.
    f"前{n}周" for n in ("两", "二", "三", "2", "3")]
_PART = _alt(["年初", "年底", "年末", "年中", "上半年", "下半年", "上旬", "中旬", "下旬", "中下旬",
              *_QUARTERS, "初", "底", "末"]).replace(
    # 2024年中菲对峙, 2025年中美关系: 中 and a country's short form are two countries, not mid-year;
    # 今年年中美国经济, 年中美联储, 年中俄军 are mid-year and 美国, 美联储, 俄军.
    "年中", "年中(?!" + "|".join(f"{short}(?!军|方|{rest})" for short, rest in (
        ("美", "国|联储|元"), ("俄", "罗斯|国"), ("日", "本|元"), ("韩", "国|元"), ("朝", "鲜"), ("菲", "律宾"), ("越", "南"),
        ("印", "度|尼"), ("巴", "基斯坦|勒斯坦|西"), ("英", "国"), ("法", "国"), ("德", "国"), ("欧", "洲|盟"),
        ("非", "洲"), ("澳", "大利亚|洲|门"), ("加", "拿大"), ("泰", "国"), ("缅", "甸"), ("蒙", "古"),
        ("以", "色列"), ("伊", "朗|拉克"))) + ")")
# A season after a year (2025年秋季) keeps the year's precision, as 年底 does; not where it
# begins the name of an event (冬季奥运会, 夏季达沃斯, 冬季风暴).
_SEASON = ("(?:" + _alt(f"{season}{tail}" for season in "春夏秋冬" for tail in "季天")
           + ")(?!奥运|奥林匹克|残奥|冬奥|达沃斯|风暴|攻势|战役|运动会|亚运|全运)")
_EARLY = _alt(["早些时候", "稍早时候", "稍早前", "稍早", "晚些时候", "稍晚时候", "稍晚", "早前"])

# Characters that make 代 begin another word after a four-digit year (2020年代表团, 代理, 代替, 代言):
# the year, not its decade. Only these, and not where they begin a word of their own (1980年代理论,
# 1990年代表现, 1990年代言情 are decades); 1990年代工业 and 1980年代价格 are decades.
_DAI_WORD_TAILS = "(?:表(?![现示达态])|理(?![论想念由解性])|替(?!代)|言(?![情论语]))"
# Taiwan's official calendar counts years from 1912 (民国113年 is 2024).
_ROC_EPOCH = 1911  # the Republic of China's year 1 is 1912
_ROC = rf"民国{_SP}(?P<roc>1[0-4]\d|[1-9]\d?|[一二三四五六七八九十百零〇]{{1,5}}){_SP}年"
# A season word is none where its first character ends another word (如今, 至今 + 冬季; 脱去 + 冬装;
# 冬去春来, 春去秋来; 光明 + 春) or its season begins one (今 + 春节).
_SEASON_WORD_BEFORE = {"今": "如当迄现而古至", "去": "春夏秋冬脱过失离除回上下出进来想要", "明": "光鲜文说表证阐声聪透发英开清分标指简昆查注黎申言载写点讲辨严神贤精高失天昌照挑"}
# 后年 where 后 ends a word and 年 begins the next (运转后 + 年产量, 此后 + 年均增长).
_YEAR_WORD_TAILS = {"后年": "(?![产均销度薪收利龄级会内底初末中增])"}
_REL_YEAR_ALT = "|".join(
    # 去冬 only before 今春 or a comma's pause (去冬今春, 去冬以来): 去冬宫 is "go to the Winter Palace".
    (rf"(?<![{_SEASON_WORD_BEFORE[w[0]]}]){re.escape(w)}(?![节季天装来衣])" + ("(?=今春|以来|[，,])" if w == "去冬" else "")
     if w[-1] in "春夏秋冬" else re.escape(w) + _YEAR_WORD_TAILS.get(w, ""))
    for w in sorted(_REL_YEARS, key=len, reverse=True))
_YEAR_PART = rf"(?:(?P<year>{_Y}){_SP}年(?!代(?!{_DAI_WORD_TAILS})|级|度(?![假过日]))|{_ROC}|(?P<ryear>{_REL_YEAR_ALT}))"
_WEEK_PART = rf"(?:第{_SP}(?P<weekno>\d{{1,2}}){_SP}周)"
# Not a month in Chinese numerals that names an event (十月革命, 五月风暴; 9月起义务教育 is a date).
_MONTH_PART = (rf"(?:(?P<month>{_M}){_SP}月份?(?!(?<=[一二三四五六七八九十]月)(?:革命|风暴|事变|起义(?!务)|宪章))"
               rf"|(?P<rmonth>{_alt(_REL_MONTHS)}))")
# 今日 / 明日 begin the names of media and shows (今日俄罗斯 is RT, 今日美国 USA Today) and titles
# (“今日香港”, 《明日之后》), and their characters end and begin other words (如今 + 日本, 昆明 +
# 日前, 时至今日). In a pipeline the tokenizer's word starts settle it (find_dates' word_starts);
# these guards hold the common cases for text alone.
_DAY_WORD_NAMES = (r"(?<!今日(?=俄罗斯|美国|头条|说法|关注|中国|印度|日本))(?<!明日(?=之星|香港))"
                   # 至今日 is "to this day" but where a time of the day follows (昨日上午6时至今日上午6时).
                   r"(?<![“《「『\"如当迄现而古]今日)"
                   r"(?<!(?<!截)至今日(?!上午|下午|凌晨|晚上|早上|中午|傍晚|[0-9一二三四五六七八九十]{1,3}[时点]))"
                   r"(?<![“《「『\"光鲜文说表证阐声聪透发英开清分标指简昆查注黎申言载写点讲辨严神贤精高失天昌照挑]明日)")
_REL_DAY_ALT = "|".join(_REL_DAY_GUARDS.get(w, ("", ""))[0] + re.escape(w) + _REL_DAY_GUARDS.get(w, ("", ""))[1]
                       for w in sorted(_REL_DAYS, key=len, reverse=True))
# Relative day words whose characters may belong to the words around them.
_AMBIGUOUS_DAYS = frozenset({"今日", "明日"})
# What a number and 号 name before these is a numbered thing, not a day (2号机组, 4号线, 1号公路).
# A number and 号 that close a quoted name (「巡護7號」, a ship's) are part of the name.
_NUMBERED = ("(?<=号)(?:机组|线(?!上)|公路|航站楼|楼|门|口|站|车厢|床|病房|文件|令|井|堆|码头|泊位|舱|跑道|高速|国道"
             "|舰|艇|船|轮|卫星|火箭|[」”』])")
# A day without a month before it is no date when a word goes on from 日 (3日元, 5日前, 20日军);
# after a month it always is (11月20日报道, 3月1日起); 起 after a day is "from" (自27日起停课).
_DAY_PART = (
    rf"(?:(?P<day>{_D}){_SP}[日号](?(month)|(?(rmonth)|(?!报(?![道称])|元|军|本|文|语|产|籍|常|益|夜(?!间|里)|前|后|内|起义|止|记|程|子|战争|{_NUMBERED})))"
    rf"|(?P<rday>{_REL_DAY_ALT}){_DAY_WORD_NAMES})"
)
_GUARD = (
    rf"(?=(?:{_Y}){_SP}年|民国|{_alt(_REL_YEARS)}|{_M}{_SP}月|{_alt(_REL_MONTHS)}"
    rf"|{_D}{_SP}[日号]|{_alt(_REL_DAYS)})"
)
# 起 after a clock time is "from" (4时起生效), but after a Chinese hour with no part of the day it
# is a word's (28日一时起意: on a whim).
_TAILS = (
    rf"(?:{_SP}(?P<part>{_PART}))?(?:{_SP}(?P<tod>{_TOD}))?"
    rf"(?:{_SP}(?:(?P<hour>{_H}){_SP}[时点](?!候|间|期|代|刻|钟|半[会刻])(?(tod)|(?!(?<![0-9０-９][时点])起))"
    rf"(?:{_SP}(?:(?P<minute>{_MIN}){_SP}分|(?P<half>半)))?(?:{_SP}许)?"
    rf"|(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)))?"
    rf"(?:{_SP}(?P<early>{_EARLY}))?"
)
_POINT = (
    rf"(?P<iso>(?P<iy>(?:19|20)\d\d)([-/.])(?P<im>1[0-2]|0?[1-9])\3(?P<id>3[01]|[12]\d|0?[1-9])(?!\d))"
    # The 本 of 日本 is no "this" (日本周边, 日本周四宣布); but 投票日 + 本周日 is.
    # Nor where 周 begins 周边 or 周围 (確保日本周邊安全: 保 + 日本 + 周边).
    rf"|(?:{_NOT_JAPAN}|(?!本))(?P<week>{_alt(_REL_WEEKS)})(?![一二三四五六日天边围])"
    rf"|(?<!每)(?P<wrel>上|下|{_NOT_JAPAN}本|这)?个?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天])(?![一二三四五六七八九十年])"
    rf"|{_GUARD}(?:{_YEAR_PART})?"
    rf"(?:{_SP}{_WEEK_PART}|(?<=年){_SP}{_SEASON}|(?:{_SP}{_MONTH_PART})?(?:{_SP}{_DAY_PART})?)"
)
# Every point starts with one of these characters; the guard lets the scan skip the rest fast.
_FIRST = "0-9" + _CN_D + "十今去明前后本同当上下这周星礼昨次翌民第即"
_POINT_RE = re.compile(rf"(?=[{_FIRST}])(?:{_POINT}){_TAILS}")
# A number + 号 right after a street's name is a house number (唐宁街10号, 忠孝东路5段10号), not a day.
_HOUSE_NUMBER = re.compile(r"(?<=[街路巷弄段])\d+[号號]")
_PERIOD_JOIN = re.compile(rf"{_SP}(?:至|到|-|~){_SP}")
# Months of a year written as one range (今年1-9月, 2025年1至6月, 1—5月): statistics' periods.
_MONTH_JOIN = rf"{_SP}(?:至|到|-|—|–|~){_SP}"
_MONTHS_AFTER = re.compile(rf"{_SP}(?P<first>{_M}){_MONTH_JOIN}(?P<last>{_M}){_SP}月(?!份?[0-9{_CN_D}]+[日号])")
_MONTH_BEFORE = re.compile(rf"(?<![0-9{_CN_D}年.第])(?P<first>{_M}){_MONTH_JOIN}$")
# Days and years written as one range with the unit once (12月10至19日, 6月19-20日, 19-20日,
# 2022至2024年): the first end is read with the second's unit.
_DAYS_AFTER = re.compile(rf"{_SP}(?P<first>{_D}){_MONTH_JOIN}(?P<last>{_D}){_SP}[日号]")
_DAY_BEFORE = re.compile(rf"(?<![0-9{_CN_D}月.第])(?P<first>{_D}){_MONTH_JOIN}$")
_YEAR_BEFORE = re.compile(rf"(?<![0-9])(?P<first>(?:19|20)\d\d){_MONTH_JOIN}$")
# Decades (上世纪90年代, 20世纪50年代末, 1990年代, 80年代初, 五六十年代): periods of ten years. Without its
# century, a decade from the 20s on is the last century's, as the press means it (80年代).
_CENTURIES = {"上": 1900, "上个": 1900, "20": 1900, "二十": 1900, "19": 1800, "十九": 1800, "21": 2000,
              "二十一": 2000, "本": 2000}
_CN_TENS = "一二三四五六七八九"
_DECADE = re.compile(
    rf"(?<![0-9])(?:(?P<century>{_alt(_CENTURIES)}){_SP}世纪{_SP})?"
    rf"(?:(?P<full>(?:1[6-9]|20)[0-9]0){_SP}年代(?!{_DAI_WORD_TAILS})"  # 2020年代表团 is the year 2020
    rf"|(?:(?P<tens>[1-9]0|[{_CN_TENS}]十)|(?P<two>[{_CN_TENS}]{{2}})十){_SP}年代)"
    # 中 only where no word goes on from it: 80年代中国 is the decade and China.
    rf"(?:{_SP}(?:初期|中期|后期|末期|中后期|中叶|中旬|初|末|中(?![\u4e00-\u9fff])|中(?=[至到])))?"
)


def _decade_years(m: re.Match[str]) -> tuple[int, int] | None:
    """The first and the last year of a decade match (五六十年代: 1950, 1969)."""
    if m.group("full"):
        first = int(m.group("full"))
        return first, first + 9
    century = _CENTURIES[m.group("century")] if m.group("century") else 1900
    if m.group("two"):
        a, b = (_CN_TENS.index(ch) + 1 for ch in m.group("two"))
        return (century + 10 * a, century + 10 * b + 9) if b == a + 1 else None
    tens = _num(m.group("tens"))
    if tens is None or (tens < 20 and not m.group("century")):
        return None  # 10年代 alone is no decade anyone means
    return century + tens, century + tens + 9


def _taken(m: re.Match, taken: list[Match]) -> bool:
    """Whether another date already holds part of the text ``m`` matched."""
    return any(d.overlaps(m.start(), m.end()) for d in taken)


def _decades(folded: str, taken: list[Match]) -> list[Match]:
    """DATE matches for the decades in ``folded`` that no other date holds; two joined by 至 / 到
    are one period (70年代到90年代: 1970/1999)."""
    out = []
    pos = 0
    while (m := _DECADE.search(folded, pos)) is not None:
        pos = m.end()
        years = _decade_years(m)
        if years is None or _taken(m, taken):
            continue
        end, last = m.end(), years[1]
        join = _PERIOD_JOIN.match(folded, end)
        nxt = _DECADE.match(folded, join.end()) if join else None
        if nxt is not None and (later := _decade_years(nxt)) is not None and later[1] > last:
            end, last, pos = nxt.end(), later[1], nxt.end()
        out.append(Match(m.start(), end, DATE, SOURCE, attrs={"value": f"{years[0]}/{last}"}, priority=PRIORITY))
    return out


# The end or start of the year or month written alone (在年底前, 月底前完成): the publication's.
# Not after a word that makes it part of another date or word (今年底, 大年初一, 新年初), and not 年初一.
_BARE_PART = re.compile(r"(?<![0-9一二三四五六七八九十〇零两百千万多几数上下本今去明前后同当该次每这那个季度年月日大新拜贺跨学财"
                        r"童青少成中老壮幼晚早末蜜元腊正冬闰岁周])"
                        r"(?:(?P<unit>年|月)(?P<part>底|末|初)(?![一二三四五六七八九十0-9蕴心创期衷始稿版])"
                        r"|(?P<quarter>第[一二三四1234]季度))")  # a quarter alone (第四季度GDP): of the year's


# Taiwan's press writes the day in brackets inside 今日, 昨日 (國安局今（5）日公布, 國防部昨（4）日表示).
_BRACKETED_DAY = re.compile(r"(?P<rel>今|昨|明|前)[（(](?P<day>[0-9]{1,2})[)）]日")
_BRACKETED_OFFSETS = {"今": 0, "昨": -1, "明": 1, "前": -2}
# And the year inside 今年, 去年, 明年 (國軍將於明（2026）年舉行).
_BRACKETED_YEAR = re.compile(r"(?:今|去|明)[（(](?P<year>(?:19|20)[0-9]{2})[)）]年(?!代|级|度)")


def _bracketed_days(folded: str, taken: list[Match], ref: dt.date | None) -> list[Match]:
    """DATE matches for 今（5）日, 昨（4）日 …: the day written, next to the one the word counts to from
    the publication date; for 明（2026）年, the year written."""
    out: list[Match] = []
    for m in _BRACKETED_DAY.finditer(folded):
        if _taken(m, taken) or (out and out[-1].end > m.start()):
            continue
        day = _bracketed_day(m, folded, ref)
        join = _PERIOD_JOIN.match(folded, day.end)
        nxt = _BRACKETED_DAY.match(folded, join.end()) if join else None
        if nxt is not None and not _taken(nxt, taken):
            # 自昨（1）日上午6時至今（2）日上午6時: one period, as 自昨日上午6时至今日上午6时 is.
            last = _bracketed_day(nxt, folded, ref)
            value = f"{day.attrs['value']}/{last.attrs['value']}" if "value" in day.attrs and "value" in last.attrs else None
            day = Match(day.start, last.end, DATE, SOURCE, attrs={"relative": True, **({"value": value} if value else {})},
                        priority=PRIORITY)
        out.append(day)
    for m in _BRACKETED_YEAR.finditer(folded):
        if not _taken(m, taken):
            out.append(Match(m.start(), m.end(), DATE, SOURCE, attrs={"value": m["year"], "relative": True},
                             priority=PRIORITY))
    return out


_TAIL_RE = re.compile(_TAILS)


def _bracketed_day(m: re.Match[str], folded: str, ref: dt.date | None) -> Match:
    """今（5）日 with the time of day written after it (昨（1）日上午6時: 06:00 of the day written)."""
    attrs: dict[str, Any] = {"relative": True}
    tail = _TAIL_RE.match(folded, m.end())
    end = tail.end() if tail and tail.end() > m.end() else m.end()
    if ref is not None:
        base = ref + dt.timedelta(days=_BRACKETED_OFFSETS[m["rel"]])
        days = [base + dt.timedelta(days=k) for k in (0, -1, 1, -2, 2, -3, 3)]
        attrs["value"] = next((d for d in days if d.day == int(m["day"])), base).isoformat()
        clock = _clock(tail, evening=tail["tod"] in _EVENING) if tail else None
        if clock is not None and clock[0] <= 24:
            attrs["value"] += f"T{clock[0] % 24:02d}:{clock[1] or 0:02d}"
    while end > m.end() and folded[end - 1] in " \t":
        end -= 1
    return Match(m.start(), end, DATE, SOURCE, attrs=attrs, priority=PRIORITY)


# Words for "that same day" and the days next to it that count from the date written before them.
_FROM_WRITTEN_DAY = re.compile(_alt(["当天", "当日", "当晚", "同日", "同一天", "同一日", *_CONTEXT_DAYS]))


def _days_from_bracketed(dates: list[Match], bracketed: list[Match], folded: str) -> list[Match]:
    """当天 or 前一天 right after 昨（19）日 (no date between) counts from that day: the scan that
    resolves them reads no bracketed days. ``dates`` are sorted; each keeps its own time of day."""
    out: list[Match] = []
    for d in dates:
        previous = out[-1] if out else None
        word = _FROM_WRITTEN_DAY.match(folded, d.start)
        if previous in bracketed and "value" in previous.attrs and word:
            day = (dt.date.fromisoformat(previous.attrs["value"].split("/")[-1][:10])  # a period's last day
                   + dt.timedelta(days=_REL_DAYS[word.group()] or 0))
            d = replace(d, attrs={**d.attrs, "value": day.isoformat() + d.attrs.get("value", "")[10:]})
        out.append(d)
    return out


def _bare_parts(folded: str, taken: list[Match], ref: dt.date | None,
                word_starts: set[int] | None = None) -> list[Match]:
    """DATE matches for 年底, 年初, 月底 … written without a year or month that no other date holds:
    of the date written before them in their sentence (去年第三产业…，到年底 is last year's end), else
    of the publication date (relative)."""
    out = []
    for m in _BARE_PART.finditer(folded):
        if _taken(m, taken) or (
                word_starts is not None and m.start() not in word_starts):
            continue  # 五千年 + 底蕴, 百年 + 初心: the tokenizer's words settle it in a pipeline
        attrs: dict[str, Any] = {"relative": True}
        # Not the year of a date that describes a thing (建于1998年的大桥, 自2019年起担任).
        written = next((d.attrs.get("value", "").split("/")[-1] for d in reversed(taken) if d.end <= m.start()
                        and not SENTENCE_BREAK.search(folded, d.end, m.start())
                        and not folded.startswith(("的", "起", "以来"), d.end)
                        and not folded.endswith(("于", "自", "从"), 0, d.start)), "")
        size = 7 if m["unit"] == "月" else 4
        if len(written) >= size and written[:4].isdigit() and "W" not in written:
            attrs["value"] = written[:size]
        elif ref is not None:
            attrs["value"] = f"{ref.year:04d}-{ref.month:02d}" if m["unit"] == "月" else f"{ref.year:04d}"
        if m["quarter"] and "value" in attrs:
            attrs["value"] = _months_of_part(attrs["value"], m["quarter"]) or attrs["value"]
        out.append(Match(m.start(), m.end(), DATE, SOURCE, attrs=attrs, priority=PRIORITY))
    return out


@dataclass
class _Point:
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    week: int | None = None
    relative: bool = False
    # What the value needs resolving: ("year", offset), ("day", offset), ...
    needs: list[tuple[str, int | None]] = field(default_factory=list)
    weekday: tuple[int, int] | None = None
    week_only: bool = False
    part: str = ""  # 上半年, 第三季度, 前9个月 … after the year
    bare_weekday: bool = False  # a weekday written without 上/下/本/这 (周日, not 本周日)


def _num(text: str | None) -> int | None:
    if text is None:
        return None
    value = parse_number(text)
    return int(value) if value is not None else None


def _clock(g: dict[str, Any] | re.Match[str], evening: bool) -> tuple[int, int | None] | None:
    """(hour, minute) of the clock time in the groups of ``_TAILS``, the hour after noon where the
    day's part is an evening's (晚上8时 is 20:00); None where no hour is written."""
    hour = _num(g["hour"]) if g["hour"] else (int(g["hh"]) if g["hh"] else None)
    if hour is None:
        return None
    if evening and 0 < hour < 12:
        hour += 12
    return hour, 30 if g["half"] else (_num(g["minute"]) if g["minute"] else (int(g["mm"]) if g["mm"] else 0))


def _point(m: re.Match[str], folded: str) -> _Point | None:
    p = _Point(m.start(), m.end(), part=m["part"] or "")
    g = m.groupdict()
    if g["iso"]:
        p.year, p.month, p.day = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["week"]:
        p.relative, p.week_only = True, True
        p.needs.append(("week", _REL_WEEKS[g["week"]]))
    elif g["wd"]:
        offset = {"上": -1, "下": 1}.get(g["wrel"] or "", 0)
        p.relative, p.weekday, p.bare_weekday = True, (offset, _WEEKDAYS[g["wd"]]), not g["wrel"]
    else:
        if g["year"]:
            p.year = _num(g["year"])
            if p.year is None or not 1900 <= p.year <= 2100:
                return None
        elif g["roc"]:
            roc = _num(g["roc"])
            if not roc:
                return None
            p.year = _ROC_EPOCH + roc
        elif g["ryear"]:
            p.relative = True
            p.needs.append(("next-year" if g["ryear"] in _CONTEXT_YEARS else "year", _REL_YEARS[g["ryear"]]))
        if g["weekno"]:
            p.week = int(g["weekno"])
            if not (p.year or g["ryear"]) or not 1 <= p.week <= 53:
                return None
        if g["month"]:
            p.month = _num(g["month"])
        elif g["rmonth"]:
            p.relative = True
            p.needs.append(("next-month" if g["rmonth"] in _CONTEXT_MONTHS else "month", _REL_MONTHS[g["rmonth"]]))
        if g["day"]:
            p.day = _num(g["day"])
            # 一日, 十日 alone read as durations as often as dates.
            if not (p.month or g["rmonth"]) and not re.search(r"\d", g["day"]):
                return None
        elif g["rday"]:
            p.relative = True
            p.needs.append(("day", _REL_DAYS[g["rday"]]))
            if g["rday"] in _CONTEXT_DAYS:
                p.needs[-1] = ("next", _REL_DAYS[g["rday"]])
        if p.year is None and not g["ryear"] and (p.month or p.day):
            p.relative = True
        if p.start == m.start() and not any(g[k] for k in ("year", "roc", "ryear", "month", "rmonth", "day", "rday")):
            return None
    clock = _clock(g, evening=g["tod"] in _EVENING or g["rday"] in _EVENING_DAYS)
    if clock is not None:
        if clock[0] > 24:
            return None
        p.hour, p.minute = clock[0] % 24, clock[1]
    # A preceding ordinal or digit makes it something else (第3日, 2024年3月 is one match).
    if p.start > 0 and folded[p.start - 1] in "第0123456789.":
        return None
    return p


_PART_NUMBER = re.compile("[0-9一二两三四五六七八九十]+")


def _months_of_part(value: str, part: str) -> str | None:
    """The months a part of a year covers, as a period (2025年第二季度: 2025-04/2025-06; 上半年,
    前三季度, 前9个月 likewise), where ``value`` is the year alone; None for a part with no exact
    months (年底, 年初, 年中)."""
    if len(value) != 4 or not part:
        return None
    if part in ("上半年", "下半年"):
        first, last = (1, 6) if part == "上半年" else (7, 12)
    elif part.endswith("季度") or part.endswith("个月"):
        found = _PART_NUMBER.search(part)
        count = parse_number(found.group()) if found else None
        if not count or count != int(count):
            return None
        months = 3 if part.endswith("季度") else 1
        if part.startswith("前"):
            first, last = 1, int(count) * months
        else:
            first, last = (int(count) - 1) * months + 1, int(count) * months
        if not 1 <= first <= last <= 12:
            return None
    else:
        return None
    return f"{value}-{first:02d}/{value}-{last:02d}"


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def _nearest(candidates: list[dt.date], ref: dt.date) -> dt.date:
    return min(candidates, key=lambda d: (abs((d - ref).days), d > ref))


# What a date's clause says of it (``_tense``): that it will come, that it has happened.
_FUTURE_TENSE, _PAST_TENSE = "future", "past"
# A day something will hold from (6月1日起…将): to come, unless that day is at most
# ``_FROM_PAST_DAYS`` back (自11月1日起该国将暂停… in December: the rule of last month).
_FROM_TENSE = "from"
_FROM_PAST_DAYS = 92
# How many months ahead a month written without its year may lie and still be read as coming,
# where its clause does not say so (11月21日前 in October, 9月3日的阅兵式 in June; 4月 in late
# December is last April).
_MONTHS_AHEAD = 3


def _year_of_month(month: int, day: int | None, ref: dt.date, tense: str) -> int:
    """The year of a month (and day) written without one: the last such date up to publication,
    unless its clause says it will come (``tense`` future) or the next is at most
    ``_MONTHS_AHEAD`` months ahead. (A past word in its clause may be another event's: 2月的冬奥会
    门票已售罄 in December is next February's games.)"""
    past = ref.year if (month, day or 1) <= (ref.month, ref.day) else ref.year - 1
    ahead = (past + 1 - ref.year) * 12 + month - ref.month
    if tense == _FUTURE_TENSE and not _just_past(past, month, day, ref):
        return past + 1
    if tense == _FROM_TENSE and (last := _safe_date(past, month, day or 1)) is not None:
        return past + 1 if (ref - last).days > _FROM_PAST_DAYS else past
    if tense == _PAST_TENSE:
        return past  # 解放军3月底举行演习期间，攻击激增了三成, read in January: last March
    return past + 1 if ahead <= _MONTHS_AHEAD else past


# A date its clause says will come is this year's where it is at most this many days past (定于7月31日
# in a report of 2 August: the schedule of a week ago, not of next year), or the month is this one.
_SCHEDULE_PAST_DAYS = 14


def _just_past(year: int, month: int, day: int | None, ref: dt.date) -> bool:
    if day is None:
        return (year, month) == (ref.year, ref.month)
    date = _safe_date(year, month, day)
    return date is not None and 0 <= (ref - date).days <= _SCHEDULE_PAST_DAYS


# A weekday written alone is the last one up to publication when that is at most this many days
# back (周日 in Tuesday's paper), else the next one (周三 in Tuesday's paper: tomorrow).
_WEEKDAY_BACK = 4


def _bare_weekday(ref: dt.date, weekday: int, tense: str) -> dt.date:
    """The day a weekday written alone names: the next one when its clause says it will come
    (将于周一, 周五前), the last one when it says it has happened (周三…发射了), else the nearer of
    the two, the last up to four days back: news reports what has happened more often."""
    back = (ref.weekday() - weekday) % 7
    if tense == _FUTURE_TENSE:
        return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7 or 7)
    if tense == _PAST_TENSE or back <= _WEEKDAY_BACK:
        return ref - dt.timedelta(days=back)
    return ref + dt.timedelta(days=7 - back)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _resolve(p: _Point, ref: dt.date | None, anchor: dt.date | None,
             before: str = "", anchor_in_sentence: bool = False, tense: str = "",
             anchor_in_paragraph: bool = False) -> str | None:
    """The ISO value of a point, or None when it needs a date that is not known. ``anchor`` is the
    full date written last, ``before`` the value of the date written last at any precision (同年
    after 2022年2月 is 2022, 同月 2022-02, 次年 2023), ``anchor_in_sentence`` whether the anchor is
    in the point's sentence (2023年6月23日晚……24日晚: the 24th of that month), ``tense`` what
    its clause says of it (``_tense``: a bare weekday or month ahead or back), ``anchor_in_paragraph``
    whether it is in the point's paragraph (a past year's date gives its year to later ones there)."""
    year, month, day = p.year, p.month, p.day
    if p.week_only or p.weekday:
        if ref is None:
            return None
        offset = dict(p.needs).get("week", 0) if p.week_only else p.weekday[0]
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=offset)
        if p.week_only:
            iso = monday.isocalendar()
            return f"{iso[0]}-W{iso[1]:02d}"
        day_of_week = monday + dt.timedelta(days=p.weekday[1])
        if p.bare_weekday:
            day_of_week = _bare_weekday(ref, p.weekday[1], tense)
        if p.hour is not None:
            return f"{day_of_week.isoformat()}T{p.hour:02d}:{p.minute or 0:02d}"  # 周日上午7时50分
        return day_of_week.isoformat()
    for unit, offset in p.needs:
        # 当天/同年 take the date written before them, else the publication date;
        # 次日 counts only from a written date.
        written = offset is None or unit.startswith("next-")  # counted from the date written before
        if unit in ("year", "next-year") and written and before:
            year = int(before[:4]) + (offset or 0)  # 同年, 次年 after 2022年2月: no publication date needed
            continue
        if unit in ("month", "next-month") and written and len(before) >= 7:
            year, month = _shift_month(int(before[:4]), int(before[5:7]), offset or 0)
            continue
        if unit == "next" or unit.startswith("next-"):
            base = anchor  # 次日, 次年 count only from a written date: 他次年退休 alone has no value
        else:
            base = ref if not written else (anchor or ref)
        if base is None:
            return None
        if unit in ("year", "next-year"):
            year = base.year + (offset or 0)
        elif unit in ("month", "next-month"):
            year, month = _shift_month(base.year, base.month, offset or 0)
        elif unit in ("day", "next"):
            d = base + dt.timedelta(days=offset or 0)
            year, month, day = d.year, d.month, d.day
    if year is None:
        if month is None and day is None:
            return None
        if ref is None:
            return None
        if month is None and anchor_in_sentence and anchor is not None and day >= anchor.day:
            year, month = anchor.year, anchor.month  # a later day of the date just written
        elif (month is None and anchor_in_paragraph and anchor is not None and tense != _FUTURE_TENSE
              and 0 <= day - anchor.day <= _NARRATED_DAYS and (anchor.year, anchor.month) != (ref.year, ref.month)
              and not _days_of_the_news(day, ref)):
            # A paragraph that tells of another month goes on day by day (5月7日，印度发动打击。10日，双方
            # 宣布停火 read in August: 10 May), unless its clause says the day is to come or the day is one
            # of the last few before publication, the news itself (泽连斯基29日的讲话 read on 30 May).
            year, month = anchor.year, anchor.month
        elif month is None:
            # A day alone: the month around publication that puts it nearest; where that is after
            # publication, a day after the date last written falls in its month (an article of
            # 6月17日: 4月26日 … 两天后 … 28日 is 4月28日, not 6月28日).
            options = [d for k in (-1, 0, 1)
                       if (d := _safe_date(*_shift_month(ref.year, ref.month, k), day))]
            if not options:
                return None
            chosen = _nearest(options, ref)
            if chosen > ref and tense == _PAST_TENSE:
                # 以军10日空袭了… read on 30 November: its clause says it happened, so the 10th before.
                chosen = max((d for d in options if d <= ref), default=chosen)
            elif chosen > ref and tense != _FUTURE_TENSE:  # 他将于20日赴喀布尔: the coming 20th
                chosen = _later_in_month(anchor, day, ref) or chosen
            year, month = chosen.year, chosen.month
        elif (anchor_in_paragraph and anchor is not None and anchor.year < ref.year and before[:4] == str(anchor.year)
              and (month, day or anchor.day) >= (anchor.month, anchor.day)
              and (anchor_in_sentence or _months_back(ref, month, day or 1, tense) > 1)):
            # 去年5月7日…，两国于5月10日宣布停火; 去年6月13日，以色列…。美国于6月22日空袭 (read in November):
            # the year the paragraph tells of, until another year is written; in a later sentence not
            # for a day of the last weeks, which the story reports as news (2020年1月3日…。11月4日 read on
            # 5 November is this year's).
            year = anchor.year
        else:
            year = _year_of_month(month, day, ref, tense)
    if p.week is not None:
        return f"{year}-W{p.week:02d}"
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    if _safe_date(year, month, day) is None:
        return None
    value = f"{year:04d}-{month:02d}-{day:02d}"
    if p.hour is not None:
        value += f"T{p.hour:02d}:{p.minute or 0:02d}"
    return value


# How many days after the date written before it a day alone in its paragraph may fall and still be
# read in that date's month.
_NARRATED_DAYS = 7


def _days_of_the_news(day: int, ref: dt.date) -> bool:
    """Whether the day of the month ``day`` is one of the last three days up to ``ref``."""
    return any((ref - dt.timedelta(days=k)).day == day for k in range(4))


def _months_back(ref: dt.date, month: int, day: int, tense: str) -> int:
    """How many whole months before the publication date a month and day fall in the year
    ``_year_of_month`` gives them."""
    year = _year_of_month(month, day, ref, tense)
    return (ref.year - year) * 12 + ref.month - month - (day > ref.day)


def _later_in_month(anchor: dt.date | None, day: int, ref: dt.date) -> dt.date | None:
    """``day`` in the month of ``anchor`` when it falls on or after the anchor and not after the
    publication date ``ref``, else None."""
    if anchor is None or day < anchor.day:
        return None
    d = _safe_date(anchor.year, anchor.month, day)
    return d if d is not None and d <= ref else None


# A date's own clause saying it will come: a word right before it (将于周日, 定于4月, 如果到8月底,
# 计划在5月) or right after it (周日将举行, 周五前, 4月底之前); not 将 as 把 (于3月将嫌疑人抓获), a rank
# (少将周日表示), 原计划 or 此前预计 (plans of the past) or 草拟.
_FUTURE_BEFORE = re.compile(r"(?:(?<!原)(?<!此前)(?:(?<![少中上大准])将|定|预定|计划|预计|有望|即将|(?<!草)拟)(?:于|在|到)?"
                            r"|(?:如果|若)(?:到|在)?)[ \t]*$")
# What 前 ("former") goes before: a title (2月1日前国务卿布林肯访问北京 is no deadline).
_FORMER = ("总统|总理|首相|国务卿|部长|外长|防长|主席|议长|秘书长|大使|司令|领导人|官员|总督|市长|州长|局长|国王|法官"
           "|队长|教练|球员|员工|雇员|夫人|妻子|丈夫|男友|女友|任|政府|政权|苏联|南斯拉夫|东德|民主德国")
# A point before which something is (11月21日前完成, 3月2日之前的位置, 5日前后); not 前往, 前来, 前线
# after an event's date, nor 前 as "former". As a deadline, not 前后 ("around").
_BEFORE_POINT = rf"(?:之|以)?前(?![往来去进赴天夕线]|{_FORMER})"
_FUTURE_AFTER = re.compile(r"[ \t]*(?:(?:将|即将|将要)(?:举行|召开|开幕|闭幕|访问|启程|出访|举办|进行|开始|结束|生效|实施|到期|投票"
                           r"|上任|就职|竣工|完工|开通|发布|公布|宣布|抵达|出席|会晤|会见|会谈|迎来|正式|再次|重启|恢复|启动|推出|上线)"
                           rf"|{_BEFORE_POINT}(?!后))")
# The day something will hold from (6月1日起税率将提高至25%): 起 and 将 later in its clause.
# Not 起 that begins a word (起草, 起诉, 起火) nor a 将 of a noun phrase's clause (10月1日起实施的新规将…).
# 起 ("from") after a date, not beginning a word.
_FROM_WORD = r"[ \t]*起(?![草诉火飞义床身来伏步因源码跑降重爆落])"
_FUTURE_FROM = re.compile(_FROM_WORD + r"[^，,。；;！？!?\n的]{0,6}?(?<![少中上大准])将")
# 至 and 今日 with a time of the day (自昨日上午6时至今日上午6时): the end of a period, though the
# tokenizer reads 至今 ("so far") there.
_PERIOD_END_TODAY = re.compile(r"至今日(?:上午|下午|凌晨|晚上|早上|中午|傍晚|[0-9一二三四五六七八九十]{1,3}[时点])")
# Words that join two dates of one list (去年5月和10月).
_COORDINATORS = frozenset({"和", "、", "及", "与", "或", "以及"})


# What a 当天 clause reports as done or said today (泽连斯基当天呼吁, 白宫同日宣布), and the future.
_DONE_OR_SAID = re.compile("呼吁|宣布|表示|称|说|指出|强调|批评|回应|发表|了")
_WILL = re.compile("(?<![少中上大准])将|计划|预计|拟")


def _clause_end(folded: str, start: int) -> int:
    end = _CLAUSE_END.search(folded, start)
    return end.start() if end else len(folded)


def _done_not_to_come(folded: str, start: int, end: int) -> bool:
    """Whether the clause of the date word at ``start``-``end`` reports what was done or said, and
    nothing after the word says it will come."""
    clause_end = _clause_end(folded, end)
    return (_DONE_OR_SAID.search(folded, sentence_start(folded, start, _CLAUSE_MARKS), clause_end) is not None
            and _WILL.search(folded, end, clause_end) is None)


_FROM = re.compile(_FROM_WORD)
# A plan of the past before the date in its clause (长和最初希望在4月2日前签署): no future.
_PAST_PLAN = re.compile("最初|原本|原先|原计划|原定|起初|当初")
# What has happened, said in the rest of the date's clause (周三深夜至周四凌晨向以色列发射了导弹).
_PAST_WORDS = re.compile(r"了|已经|已|曾")
_CLAUSE_MARKS = "，,。；;！？!?\n"
_CLAUSE_END = re.compile(f"[{_CLAUSE_MARKS}]")
# The ends of a clause of time (举行演习期间, 访问时, 会谈之际).
_WHILE = ("期间", "之际")


def _tense(folded: str, start: int, end: int) -> str:
    """What the date's clause says of it: future where a future word stands right before it or a
    future verb or a deadline right after it (将于周日, 周日将举行, 周五前, 6月1日起…将; not 周日表示，以色列将…,
    where the future is another clause's); past where the rest of its clause says it has happened
    (了, 已); else ""."""
    plan_of_the_past = _PAST_PLAN.search(folded, sentence_start(folded, start, _CLAUSE_MARKS), start)
    if not plan_of_the_past and (_FUTURE_BEFORE.search(folded[max(0, start - 6):start]) or _FUTURE_AFTER.match(folded, end)):
        return _FUTURE_TENSE
    if _FUTURE_FROM.match(folded, end):
        return _FROM_TENSE
    if folded.startswith("的", end):
        return ""  # a past word after 的 is another event's (2月的冬奥会门票已售罄 is next February's games)
    clause_end = _CLAUSE_END.search(folded, end)
    stop = min(clause_end.start() if clause_end else len(folded), end + 30)
    if _FROM.match(folded, end) and (modified := folded.find("的", end, stop)) >= 0:
        # 从11月1日起…加征关税的计划已不再考虑: a past word after 的 is the noun's, not the date's.
        stop = modified
    if clause_end and clause_end.group() in "，," and folded.endswith(_WHILE, end, clause_end.start()):
        # A clause of time says its tense in the clause it frames (3月底举行演习期间，…激增了三成), by its
        # 了 (已 there is as often "already", ahead of the event: 两会召开之际，代表们已陆续抵京).
        framed = folded[clause_end.end():min(_clause_end(folded, clause_end.end()), clause_end.end() + 30)]
        return _PAST_TENSE if "了" in framed and "已" not in framed else ""
    return _PAST_TENSE if _PAST_WORDS.search(folded, end, stop) else ""


_SINCE = re.compile(r"[^，。；！？\n]{0,24}?以来")
# A duration counted from the date (自10月1日开始、持续43天的停摆); not an event that began on it
# (俄军从2月24日凌晨开始发动进攻。当天 is 24 February).
_FROM_ON = re.compile(r"[ \t]*(?:开始|起)[、，,]?[ \t]*(?:持续|已持续|延续|长达)")
_BEFORE = re.compile(_BEFORE_POINT)
# A term extended or a step put off to a date: the end of a period, no day of the story.
_EXTENDED_TO = ("延长至", "延长到", "延至", "推迟至", "推迟到", "延期至", "延期到", "展期至")


def _reference_date(folded: str, start: int, end: int, value: str, ref: dt.date | None) -> bool:
    """A date no later 当天 or 次日 means: one that opens a since-clause (自…以来, 从…以来, 5月8日以来,
    自10月1日开始, 自10月1日起)
    or a distance back to it (距离去年11月7日发射…约两个月; not a countdown, 距离11月5日大选只剩3天),
    or that marks a point before which something is (2025年3月2日之前的位置, 交易须在11月21日前结束),
    or the end a term is extended or put off to (任期延长至2026年12月31日).
    ``value``: the date's ISO value; ``ref``: the publication date."""
    since = folded.endswith(("自", "从", "自从"), 0, start) and (
        _SINCE.match(folded, end) is not None or _FROM_ON.match(folded, end) is not None)
    back = folded.endswith(("距离", "距"), 0, start) and ref is not None and value[:10] < ref.isoformat()
    return (since or back or folded.startswith("以来", end) or _BEFORE.match(folded, end) is not None
            or folded.endswith(_EXTENDED_TO, 0, start))


_LATE_IN_MONTH = re.compile(r"(?:底|末|下旬)\s*$")
# A plan in the date's clause (12月将对…加征关税): no move of the story past the anchor.
_PLAN_AFTER = re.compile(r"[^，,。；;！？!?\n]{0,4}?(?:(?<![少中上大准])将(?!军|领)|要|计划|预计|拟|起)")
# "As of" before a date: a tally up to it (截至今年5月底).
_AS_OF = re.compile(r"(?:截至|截止|截止到|到)[ \t]*$")


def _past_anchor(value: str, folded: str, start: int, end: int, anchor: dt.date, ref: dt.date | None) -> bool:
    """Whether a year or month written after the anchor, and not after the publication date, lies
    after the anchor's day (10月26日 … 上月 read in December; 5月16日 … 截至今年5月底): the story
    has moved on, so a later 当天 is no longer that day. The end of the anchor's own month counts only
    as a tally up to it (截至), not as a plan (12月2日，泰国宣布本月底举行大选)."""
    if "W" in value or not value[:4].isdigit() or (ref is not None and value[:7] > ref.isoformat()[:7]):
        return False
    if len(value) == 4:
        return int(value) > anchor.year
    if len(value) == 7:
        month = (int(value[:4]), int(value[5:7]))
        return month > (anchor.year, anchor.month) or (
            month == (anchor.year, anchor.month) and anchor.day <= 20
            and _LATE_IN_MONTH.search(folded, start, end) is not None
            and _AS_OF.search(folded[max(0, start - 4):start]) is not None)
    return False


def _month_range(point: _Point, folded: str) -> tuple[_Point, _Point] | None:
    """A year and a range of its months (今年1-9月), or a range of months whose last one the scan
    found (1-9月 at 9月): the first and the last month as points."""
    if point.day is not None or point.hour is not None or point.week_only or point.weekday:
        return None
    if point.month is None and (point.year is not None or point.needs):
        return _ends_after(point, folded, _MONTHS_AFTER, "month", 12)  # 今年 + 1-9月
    if point.month is not None and point.year is None and not point.needs:
        return _end_before(point, folded, _MONTH_BEFORE, "month")  # 1- + 9月
    return None


def _span_range(point: _Point, folded: str) -> tuple[_Point, _Point] | None:
    """A range of days or years whose unit is written once, after the last (12月10至19日 at 12月,
    19-20日 at 20日, 2022至2024年 at 2024年): the first and the last as points."""
    if point.hour is not None or point.week_only or point.weekday:
        return None
    month_written = point.month is not None or any(unit == "month" for unit, _ in point.needs)
    if month_written and point.day is None and all(unit in ("year", "month") for unit, _ in point.needs):
        return _ends_after(point, folded, _DAYS_AFTER, "day", 31)  # 12月 + 10至19日, 本月 + 28-30日
    if point.needs:
        return None
    if point.day is not None and point.month is None and point.year is None:
        return _end_before(point, folded, _DAY_BEFORE, "day")  # 19- + 20日
    if point.year is not None and point.month is None and point.day is None:
        return _end_before(point, folded, _YEAR_BEFORE, "year")  # 2022至 + 2024年
    return None


def _ends_after(point: _Point, folded: str, pattern: re.Pattern[str], field: str,
                most: int) -> tuple[_Point, _Point] | None:
    """A range of ``field`` (month, day) written right after ``point`` (今年 + 1-9月): the point with
    the first and with the last value."""
    m = pattern.match(folded, point.end)
    first, last = (_num(m.group("first")), _num(m.group("last"))) if m else (None, None)
    if not first or not last or not first < last <= most:
        return None
    return (replace(point, needs=list(point.needs), **{field: first}),
            replace(point, end=m.end(), needs=list(point.needs), **{field: last}))


def _end_before(point: _Point, folded: str, pattern: re.Pattern[str], field: str) -> tuple[_Point, _Point] | None:
    """The first end of a range written right before ``point``, which holds the last and the unit
    (1- + 9月, 19- + 20日, 2022至 + 2024年): that end as a point, and ``point``."""
    m = pattern.search(folded, max(0, point.start - 8), point.start)
    first = _num(m.group("first")) if m else None
    if not first or not first < getattr(point, field):
        return None
    return replace(point, start=m.start(), end=m.end(), needs=list(point.needs), **{field: first}), point


def _across_new_year(start: str, end: str, ref: dt.date) -> tuple[str, str]:
    """A period without years that runs over the new year (12月10日至1月5日): of the two readings,
    the one nearer publication (December before or after it)."""
    def shifted(value: str, years: int) -> str:
        return f"{int(value[:4]) + years:04d}{value[4:]}"

    def distance(first: str, last: str) -> int:
        low, high = dt.date.fromisoformat(_first_day(first)), dt.date.fromisoformat(_first_day(last))
        return 0 if low <= ref <= high else min(abs((ref - low).days), abs((ref - high).days))

    readings = [(shifted(start, -1), end), (start, shifted(end, 1))]
    return min(readings, key=lambda r: distance(*r))


def _weekday_within(start: str, end: str) -> str:
    """A period of weekdays (周五到下周一) runs less than a week: its first day moves by weeks to
    the last such day on or before its end."""
    first, last = dt.date.fromisoformat(start[:10]), dt.date.fromisoformat(end[:10])
    while (last - first).days >= 7:
        first += dt.timedelta(weeks=1)
    while first > last:
        first -= dt.timedelta(weeks=1)
    return first.isoformat() + start[10:]


def _first_day(value: str) -> str:
    """The first day an ISO value of a year, month or day names (2025-12 -> 2025-12-01)."""
    return (value + "-01-01")[:10] if len(value) < 10 else value[:10]


def _inherit(start: _Point, end: _Point) -> _Point:
    """12月10日至19日: the end of a period takes what it leaves out from its start."""
    if end.year is None and not end.needs and end.month is not None:
        end.year, end.relative = start.year, start.relative
        end.needs = [n for n in start.needs if n[0] == "year"]
    elif end.year is None and end.month is None and not end.needs and end.day is not None:
        end.year, end.month, end.relative = start.year, start.month, start.relative
        end.needs = [n for n in start.needs if n[0] in ("year", "month")]
    return end


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def find_dates(text: str, published: str | None = None, word_starts: set[int] | None = None) -> list[Match]:
    """DATE candidates in ``text`` (priority 20, source "rule").

    ``published`` (ISO date) resolves relative dates; without it they carry
    ``relative: true`` and no ``value``. ``word_starts`` (offsets where the tokenizer's words
    begin): 今日 / 明日 must begin a word (如今 + 日本 is no date).
    """
    folded = fold(text)
    ref = _parse_published(published)
    anchor: dt.date | None = None
    past_anchor: dt.date | None = None  # the last anchor that is not after the publication date
    anchor_end = 0
    last_end = 0  # where the date found last ends
    before = ""  # the value of the date written last, at any precision
    out: list[Match] = []
    pos = 0
    while True:
        m = _POINT_RE.search(folded, pos)
        if m is None:
            break
        pos = max(m.end(), m.start() + 1)
        if (word_starts is not None and m.group("rday") in _AMBIGUOUS_DAYS and m.start("rday") not in word_starts
                and not _PERIOD_END_TODAY.match(folded, m.start() - 1)):
            continue
        if _HOUSE_NUMBER.fullmatch(folded, m.start(), m.end()):
            continue
        point = _point(m, folded)
        if point is None:
            continue
        end_point = None
        months = _month_range(point, folded)
        if months is not None:
            point, end_point = months
            pos = max(pos, end_point.end)
        else:
            spanned = _span_range(point, folded)
            if spanned is not None:
                point, end_point = spanned
                pos = max(pos, end_point.end)
        join = None if end_point is not None else _PERIOD_JOIN.match(folded, point.end)
        if join and not point.week_only:
            nxt = _POINT_RE.match(folded, join.end())
            candidate = _point(nxt, folded) if nxt else None
            if candidate is not None and not candidate.week_only and nxt.end() > join.end():
                if point.weekday and candidate.weekday:
                    end_point = candidate  # 週三深夜至週四凌晨: two weekdays, each whole
                elif not point.weekday and not candidate.weekday:
                    end_point = _inherit(point, candidate)
                if end_point is not None:
                    pos = nxt.end()
        in_sentence = anchor is not None and SENTENCE_BREAK.search(folded, anchor_end, point.start) is None
        in_paragraph = anchor is not None and "\n" not in folded[anchor_end:point.start]
        if (point.year is None and point.month is not None and not point.needs and before[:4].isdigit()
                and folded[last_end:point.start].strip() in _COORDINATORS):
            # 去年5月和10月: last year's October too; 去年12月和1月: the January after it.
            later = len(before) >= 7 and point.month < int(before[5:7])
            point = replace(point, year=int(before[:4]) + later)
        tense = _tense(folded, point.start, end_point.end if end_point else point.end)
        point_anchor = anchor
        if (anchor is not None and ref is not None and anchor > ref and ("day", None) in point.needs
                and tense != _FUTURE_TENSE and not _PLAN_AFTER.match(folded, point.end)
                and _done_not_to_come(folded, point.start, point.end)):
            # A day still to come is no 当天 of what the story reports as done: the day written
            # before it that has come, else the day of the report (7月31日签署行政令，新税率将于8月7日
            # 生效。白宫同日宣布 is 31 July; 各地将在25日继续停电。泽连斯基当天呼吁 read on the 24th, the 24th).
            point_anchor = past_anchor
        start_value = _resolve(point, ref, point_anchor, before, in_sentence, tense, in_paragraph)
        attrs: dict[str, Any] = {}
        end = point.end
        if end_point is not None:
            end_value = _resolve(end_point, ref, point_anchor, before, in_sentence, tense, in_paragraph)
            if months is not None and end_value and end_point.year is None and not end_point.needs and ref:
                # A year's months written without the year are a period already past (1-5月 read
                # in November is this year's, 1-12月 read in January last year's), unless its clause
                # says it will come, as for a single date (预计7-8月将迎来降雨高峰).
                year = ref.year if end_point.month <= ref.month or tense == _FUTURE_TENSE else ref.year - 1
                start_value, end_value = f"{year}-{point.month:02d}", f"{year}-{end_point.month:02d}"
            elif point.weekday and end_point.weekday and start_value and end_value:
                start_value = _weekday_within(start_value, end_value)
            elif months is not None and start_value and end_value:
                start_value = end_value[:4] + start_value[4:]  # 今年1-9月: the end's year
            elif (start_value and end_value and end_value < start_value and ref and point.year is None
                  and end_point.year is None and not point.needs and not end_point.needs):
                start_value, end_value = _across_new_year(start_value, end_value, ref)
            if start_value and end_value:
                attrs["value"] = f"{start_value}/{end_value}"
            end = end_point.end
        elif start_value:
            attrs["value"] = _months_of_part(start_value, point.part) or start_value
        if point.relative or (end_point is not None and end_point.relative):
            attrs["relative"] = True
        # The date later words (当天, 次日, 28日) refer to: a period's end; not a date that a since-
        # clause opens (自2024年8月6日乌军入侵以来) or a reference point (撤回到2025年3月2日之前的位置).
        last_value = attrs.get("value", "").split("/")[-1]
        reference = _reference_date(folded, point.start, end, last_value, ref)
        if len(last_value) >= 10 and "W" not in last_value and not reference:
            anchor, anchor_end = dt.date.fromisoformat(last_value[:10]), end
            if ref is None or anchor <= ref:
                past_anchor = anchor
        elif (anchor is not None and not reference and tense != _FUTURE_TENSE and not _PLAN_AFTER.match(folded, end)
              and _past_anchor(last_value, folded, point.start, end, anchor, ref)):
            anchor = past_anchor = None  # 10月26日签署协议。泰国上月暂停执行…当天: no longer 26 October
        if last_value[:4].isdigit() and "W" not in last_value and not reference:
            before = last_value
        while end > point.start and folded[end - 1] in " \t":
            end -= 1
        out.append(Match(point.start, end, DATE, SOURCE, attrs=attrs, priority=PRIORITY))
        last_end = end
    if "年代" in folded:
        out = sorted(out + _decades(folded, out), key=lambda d: d.start)
    if "（" in folded or "(" in folded:
        out = _weekdays_dated_in_brackets(out, folded)
    if "前" in folded:
        ago = _ago(folded, out, ref)
        # 今天 in 一年前的今天 is part of that date, not the day of publication.
        out = sorted([d for d in out if not any(a.start <= d.start and d.end <= a.end for a in ago)] + ago,
                     key=lambda d: d.start)
    if "后" in folded:
        out = sorted(out + _later(folded, out, ref), key=lambda d: d.start)
    if "(" in folded or "（" in folded:
        bracketed = _bracketed_days(folded, out, ref)
        out = _days_from_bracketed(sorted(out + bracketed, key=lambda d: d.start), bracketed, folded)
    if "底" in folded or "初" in folded or "末" in folded or "季度" in folded:
        out = sorted(out + _bare_parts(folded, out, ref, word_starts), key=lambda d: d.start)
    if "年度" in folded or "财年" in folded:
        fiscal = _fiscal_years(folded, ref)
        out = sorted([d for d in out if not any(f.overlaps(d.start, d.end) for f in fiscal)] + fiscal,
                     key=lambda d: d.start)
    return out


# A count of days, weeks, months or years back from the publication (三天前, 两周前, 5年前, 三个月之前):
# a date at its unit's precision. A vague count (数天前, 几年前, 一年多前) gives no value. Not a count
# inside a longer number or after 第, 每, 近 (第三天, 每两周, 近三年), nor a year (2022年前 is "before
# 2022"), nor 前 beginning another word (前往, 前线, 前后). 日 and 月 count only in vague amounts:
# 5日前 is "by the 5th", 3月前 "before March".
_AGO = re.compile(
    r"(?<![0-9〇零一二三四五六七八九十百千万两几数多第每近这那前过])"
    r"(?:(?P<n>[0-9]{1,3}|[一二两三四五六七八九十百]{1,4}|半)(?P<more>多)?(?P<unit>天|周|星期|个星期|个月|年)"
    r"|(?P<vague>数|几|多|好几|十几|数十|几十)个?(?:天|日|周|星期|个?月|年))(?P<over>多|左右)?(?:之|以)?前"
    r"(?![往线进来沿哨所列提景夕身后方锋])"
    # 一年前的今天: that day of the year before, to the day.
    r"(?P<today>的(?:今天|今日|这一天|这天))?"
)


# A count of days or weeks after the date written before it in its paragraph (11月20日抵达，两天后
# 投入战斗: 22 November), or after publication in a clause that says it will come (将在三天后举行);
# a day, or a week's precision, as for a count back. Not a count inside a longer number or after
# 第, 每, 近 (as above), nor 后 beginning another word (两周后方, 三天后果).
_LATER = re.compile(
    r"(?<![0-9〇零一二三四五六七八九十百千万两几数多第每近这那前过])"
    r"(?P<n>[0-9]{1,3}|[一二两三四五六七八九十]{1,3})(?P<unit>天|周|星期|个星期)(?:之|以)?后"
    r"(?![方勤者卫悔果裔代])")


def _later(folded: str, taken: list[Match], ref: dt.date | None) -> list[Match]:
    out = []
    for m in _LATER.finditer(folded):
        if any(d.overlaps(m.start(), m.end()) for d in taken):
            continue
        # The date written last before it, in its paragraph.
        before = next((d for d in reversed(taken) if d.end <= m.start()), None)
        written = ""
        if before is not None and "\n" not in folded[before.end:m.start()]:
            written = before.attrs.get("value", "").split("/")[-1]
        if len(written) >= 10 and "W" not in written:
            base = dt.date.fromisoformat(written[:10])
        elif ref is not None and _tense(folded, m.start(), m.end()) == _FUTURE_TENSE:
            base = ref
        else:
            base = None
        attrs: dict[str, Any] = {"relative": True}
        if base is not None:
            attrs["value"] = _counted_value(base, -parse_number(m["n"]), m["unit"])
        out.append(Match(m.start(), m.end(), DATE, SOURCE, attrs=attrs, priority=PRIORITY))
    return out


def _weekdays_dated_in_brackets(dates: list[Match], folded: str) -> list[Match]:
    """A relative day with its date in brackets right after it (本周日（10月26日）) takes that date:
    the writer says which Sunday is meant."""
    out = list(dates)
    for k, (day, dated) in enumerate(zip(dates, dates[1:])):
        value = dated.attrs.get("value", "")
        if (day.attrs.get("relative") and len(value) == 10 and folded[day.end:dated.start] in ("（", "(")
                and folded[dated.end:dated.end + 1] in ("）", ")") and day.attrs.get("value", value)[:10] != value):
            out[k] = replace(day, attrs={**day.attrs, "value": value + day.attrs.get("value", "")[10:]})
    return out


def _ago(folded: str, taken: list[Match], ref: dt.date | None) -> list[Match]:
    out = []
    for m in _AGO.finditer(folded):
        if any(d.overlaps(m.start(), m.end()) and not (m["today"] and d.start >= m.start("today"))
               for d in taken):
            continue
        attrs: dict[str, Any] = {"relative": True}
        if ref is not None and m["n"] and not (m["more"] or m["over"]):
            value = _counted_value(ref, 0.5 if m["n"] == "半" else parse_number(m["n"]), m["unit"], bool(m["today"]))
            if value:
                attrs["value"] = value
        out.append(Match(m.start(), m.end(), DATE, SOURCE, attrs=attrs, priority=PRIORITY))
    return out


def _counted_value(ref: dt.date, count: float | None, unit: str, to_the_day: bool = False) -> str | None:
    """The date ``count`` units before ``ref`` (after it, where ``count`` is negative) at the unit's
    precision, or to the day (一年前的今天); of halves only 半年 (six months)."""
    if not count or (count != int(count) and unit != "年"):
        return None
    if unit == "天":
        return (ref - dt.timedelta(days=count)).isoformat()
    if unit in ("周", "星期", "个星期"):
        back = ref - dt.timedelta(weeks=count)
        if to_the_day:
            return back.isoformat()
        year, week, _ = back.isocalendar()
        return f"{year}-W{week:02d}"
    year, month = _shift_month(ref.year, ref.month, -round(count * (12 if unit == "年" else 1)))
    if to_the_day:
        day = _safe_date(year, month, ref.day) or _safe_date(year, month, 28)
        return day.isoformat() if day else None
    return f"{year:04d}-{month:02d}" if unit == "个月" or count < 1 else f"{year:04d}"


# A budget's year: 2026年度, 2027财年, 2023～2027财年, 2025-26财年, 本年度, 上一财年. 财年 is a fiscal year
# (``fiscal`` true: the US one begins in October, Japan's in April), written with its first year.
_FISCAL = re.compile(
    r"(?:(?P<year>(?:19|20)\d\d)(?:[ \t]*[-–—~～至到][ \t]*(?P<last>(?:19|20)?\d\d))?|民国[ \t]*(?P<roc>\d{2,3}))"
    r"[ \t]*(?P<kind>财年|会计年度|年度(?![假过日]))"  # Taiwan's 民國116年度 is 2027
    r"|(?P<rel>本|今|上一?|去|下一?|明)个?(?P<rkind>财年|会计年度|年度(?![假过日]))")  # not 今年 + 度假
_FISCAL_OFFSETS = {"本": 0, "今": 0, "上": -1, "上一": -1, "去": -1, "下": 1, "下一": 1, "明": 1}


def _fiscal_years(folded: str, ref: dt.date | None) -> list[Match]:
    out = []
    for m in _FISCAL.finditer(folded):
        attrs: dict[str, Any] = {}
        fiscal = (m["kind"] or m["rkind"]) != "年度"
        if m["year"] or m["roc"]:
            first = int(m["year"]) if m["year"] else _ROC_EPOCH + int(m["roc"])
            last = int(m["last"]) if m["last"] and len(m["last"]) == 4 else (
                first // 100 * 100 + int(m["last"]) if m["last"] else first)
            if last < first:
                continue
            attrs["value"] = str(first) if last == first else f"{first}/{last}"
        else:
            attrs["relative"] = True
            # Which fiscal year 本财年 is depends on the state's (the US one in December is the
            # next calendar year's): no value is better than a wrong one.
            if ref is not None and not fiscal:
                attrs["value"] = str(ref.year + _FISCAL_OFFSETS[m["rel"]])
        if fiscal:
            attrs["fiscal"] = True
        out.append(Match(m.start(), m.end(), DATE, SOURCE, attrs=attrs, priority=PRIORITY))
    return out
