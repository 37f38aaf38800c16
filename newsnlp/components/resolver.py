"""Span resolution: from overlapping candidate mentions to ``doc.ents``.

Components propose ``Match`` candidates; this step chooses a set that neither
overlaps nor nests (SCHEMA: spans never overlap and never nest), makes every
chosen boundary a token boundary by splitting tokens (word segmentation must
never lose an entity, spaCy#5112), and writes ``doc.ents`` with ``kb_id`` and
the plain-data extensions. Character offsets never move: splitting a token
only changes where tokens begin, not the text.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..candidates import NAME_DOTS, TRANSLITERATION_CHARS, dotted_parts, normalize_alias, split_suffix
from ..extensions import CJK, clear_matches, doc_text, get_matches, remember_text
from ..features import ORG_SUFFIXES, PLACE_SUFFIXES
from ..numerals import country_words, fold
from ..schema import MILITARY_UNIT, NUMBER, ORG, PERSON, PLACE, Match
from ..textnorm import QUOTE_PAIRS
from .gazetteer import STATE_PRIORITY, STOP_BEFORE, STRONG_SHORT, TITLED_BODY_ENDS, TRIGGERS, WEAK_PRIORITY
from .numbers import ABOUT_DISTANCE
from .units import BARE_FORCES, DISARM, SHIP_TYPES, service_branch

logger = logging.getLogger(__name__)

# A statistical span that contains knowledge-base names of another kind
# (俄罗斯外交部 over 俄罗斯) is more likely right than the pieces, so it is
# ranked just above the gazetteer; rules still win.
_CONTAINER_PRIORITY = 15
_NAME_LABELS = frozenset({PERSON, PLACE, ORG})
# A KB name's priority over the model's (the gazetteer's own): a GeoNames city the text does not read
# as a person's takes it, and so does a country cut from a minister's title.
_KB_PRIORITY = 10
_LOCATIVES = ("在", "赴", "抵达", "抵", "前往", "飞往", "飞抵", "到访", "访问", "途经", "位于", "来自", "离开", "返回")
# 在 ending another word (现在, 正在, 存在, 所在, 实在, 好在, 自在) is no locative.
_NOT_LOCATIVE_ZAI = frozenset("现正存所实好自内外")
# Words before a person's name and after it that a city's name does not take.
_PERSON_TITLES = ("总统", "总理", "首相", "主席", "部长", "外长", "防长", "议员", "议长", "将军", "上将", "中将", "少将",
                  "学者", "教授", "作家", "诗人", "球员", "后卫", "前锋", "中锋", "门将", "教练", "先生", "女士", "博士",
                  "夫人", "国王", "王子", "导演", "演员", "歌手", "记者", "学家", "总督", "大使", "特使", "发言人",
                  "司令", "总司令", "秘书长", "顾问", "总裁", "董事长")
_SAYING = ("说", "表示", "认为", "指出", "强调", "透露", "坦言", "回忆", "称赞", "宣布", "告诉")
# A verb of saying after a person's name, with a day or an adverb between (桑托斯9日说, 桑托斯当天表示),
# and 在 … 看来, "in …'s view", whose 在 is no locative.
_SAYS = re.compile("(?:(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})日|当天|当日|日前|近日|昨天|今天|昨日|今日|此前|随后"
                   "|也|还|则|曾|再次|又|同时)?(?:" + "|".join(_SAYING) + ")")
_IN_VIEW = "看来"
_PLACE_SUFFIXES = frozenset(PLACE_SUFFIXES)
_PLACE_SUFFIX_WORDS = tuple(sorted(PLACE_SUFFIXES, key=len, reverse=True))
_ORG_SUFFIXES = tuple(ORG_SUFFIXES)
# Named facilities after a place name are one name (中国美术馆, 纽约城时代广场).
_FACILITY_ENDS = ("馆", "广场", "机场", "大桥", "电站", "公园", "体育场", "车站", "港口", "大厦", "运河")
# Plants and infrastructure the news reports struck, held or shut: SCHEMA's named facilities with a
# location role, PLACE, though the network (trained on MSRA, where a factory is an ORG) reads ORG.
# Not oilfields: 大庆油田 is a company as often as a field.
_PLANTS = ("炼油厂", "炼厂", "核电站", "核电厂", "发电站", "发电厂", "水电站", "热电站", "热电厂", "变电站", "油库",
           "储油库", "机场", "空军基地", "大桥", "港口", "大坝", "钢铁厂", "化工厂", "兵工厂", "弹药厂", "造船厂")
# Words that make a place before them the name of a military district; longest first.
_DISTRICT_WORDS = ("省军区", "军区", "警备区")
# Designators alone are not names: what is left of 《诗探索》杂志 after cutting at 《》.
_DESIGNATOR_PIECES = frozenset({*PLACE_SUFFIXES, *ORG_SUFFIXES, "杂志", "周刊", "月刊", "日报", "晚报", "报社"})
# Organisation designators that name nothing alone (办公室, 委员会, 代表团); one character can (江 for
# Jiang Zemin, 台 for Taiwan, 港 for Hong Kong), and so can a place's (特区 for the SAR).
_BARE_DESIGNATORS = frozenset({*(suffix for suffix in ORG_SUFFIXES if len(suffix) > 1),
                               "代表团", "军事代表团", "政府代表团", "当局",
                               "核电站", "核电厂", "电站", "发电站", "发电厂", "火力发电厂", "火电厂", "热电厂",
                               "水电站", "变电站", "炼油厂", "机场", "港口",
                               "散货船", "货船", "货轮", "油轮", "商船", "集装箱船", "运输船", "渔船",
                               "基地", "军事基地", "海军基地", "空军基地", "桥头堡", "司令部", "指挥部", "参谋部",
                               "射击场", "靶场", "训练场", "演习场", "分队", "小分队",
                               "峰会", "警察局", "律师团", "防空网络", "防空系统", "潜舰", "潜艇", "原型舰",
                               "谈判代表团", "谈判团队", "团队", "打击群", "调查委员会", "护航行动指挥部", "政治办公室",
                               "空中梯队", "梯队", "空军一号"})
# One-character words that join two names without making them one (多哈对半岛电视台, 美国和日本).
_JOINERS = frozenset("对在向与和同跟及从给为把被让")
# Country short forms that run into the words below (俄国防长, 美国务卿, 英国防大臣).
_SHORT_COUNTRIES = frozenset("俄美英法德韩意中乌巴以印")
_STATE_WORDS = ("国防部", "国防长", "国防大臣", "国防相", "国防军", "国务卿", "国务院", "国务部", "国土安全", "国会议员",
                "国会众议院", "国会参议院", "国会山", "国家杜马", "国家安全")
# A warship named after a place (辽宁舰) and the group named after it (辽宁舰编队, 山东舰航母编队).
_SHIP_GROUP = re.compile(r"(?:航母|航空母舰)?(?:编队|打击群|战斗群)")
# 舰 begins these words after a place rather than naming a ship (辽宁舰船工业, 舰载机).
_SHIP_WORD_ENDS = frozenset("船艇载队长上机只员炮体首尾身")
# …but 首 of "first" after a ship's name is no bow (福建舰首次, 福建舰首航).
_FIRST_TIME = ("首次", "首度", "首航", "首批", "首个", "首日")
# The last characters of a warship's name with its type (辽宁舰, 林肯号, 林肯号航母, 核潜艇), folded.
_SHIP_ENDS = frozenset("舰号母艇")
# A ship named with 号 and its type, without quotes (辽宁号航母, 遼寧號航艦編隊).
_SHIP_AFTER_NAME = re.compile("号" + SHIP_TYPES + "(?:" + _SHIP_GROUP.pattern + ")?")
# A ship's type alone, which names no ship (驱逐舰, 美国驱逐舰 is 美国 and a destroyer).
_SHIP_TYPE = re.compile(SHIP_TYPES)
_SHIP = re.compile(r"(?:[\u4e00-\u9fff]{1,6}[" + NAME_DOTS + r"])?[\u4e00-\u9fff]{2,4}(?:舰(?:" + _SHIP_GROUP.pattern
                   + ")?|" + _SHIP_AFTER_NAME.pattern + ")")  # 辽宁舰编队, 亚伯拉罕·林肯号航母打击群
# A model ORG named so is a military organisation: a command, a coalition's forces.
_COMMAND_ENDS = ("司令部",)
_MILITARY_BODY_ENDS = (*_COMMAND_ENDS, "联军", "解放军", "同盟军", "独立军", "游击队")  # 哥伦比亚民族解放军
# Words that follow only the modal 会 ("will"), never a parliament (国会) as its subject.
# A body's last character and the modal 会 after it (國安處會密切留意, 外交部会继续).
_BODY_AND_WILL = frozenset({"处会", "局会", "部会", "署会", "府会", "院会", "厅会"})
_AFTER_MODAL_HUI = ("不", "继续", "坚定", "坚决", "一如既往", "一直", "永远", "始终", "毫不", "全力", "尽力", "尽快", "密切",
                    "立即", "马上", "很快", "真的", "怎么", "如何", "怎样", "派兵", "出兵", "参战", "介入", "动武", "报复")
# Ranks: a service before one is part of a title (海军大校, 空軍少將), not a mention of the service.
_RANKS = ("元帅", "上将", "中将", "少将", "准将", "大校", "上校", "中校", "少校", "大尉", "上尉", "中尉", "少尉",
          "军士长", "上士", "中士", "下士", "列兵")
# Words that begin with a rank's last character (中校 + 校长 is 中 + 校长).
_NOT_RANK = ("校长", "校园", "校区", "校友", "校方", "校舍", "校规", "校训", "校庆", "校内", "校外", "将军", "将领",
             "尉官", "帅气")
# "Earlier" and "later", whose first character the model reads into a name before them.
_EARLIER_LATER = frozenset({"稍早", "稍晚", "稍后"})
# "Concerning China, Taiwan …" after a person's name (高市早苗涉台言论).
_CONCERNING = frozenset({"涉华", "涉台", "涉日", "涉港", "涉藏", "涉疆", "涉俄", "涉乌", "涉朝", "涉韩"})
# What follows a person's name in the press: a title, a verb of saying, a particle.
_AFTER_NAME = (*_RANKS, "总统", "总理", "首相", "主席", "总书记", "委员长", "国务委员", "国王", "王储", "亲王", "女王",
               "同志", "先生", "女士", "夫人", "夫妇", "父子", "一家", "将军", "部长", "外长", "防长", "大使", "特使",
               "发言人", "秘书长", "议长", "市长", "州长", "政府", "当局", "家族", "团队", "阵营", "本人", "说", "称",
               "表示", "指出", "强调", "认为", "宣布", "和", "与", "同", "及", "在", "的", "对", "向", "已", "也",
               "还", "曾", "将", "等", "是", "就", "则", "都", "又", "时", "美东", "当地时间", "北京时间", "今天",
               "昨天", "当天", "上午", "下午", "晚间", "日前", "近日", "此前", "随后", "再次", "一行", "访问",
               "会见", "抵达", "出席", "签署", "发表", "致电", "接受", "上台", "任内", "代为", "代表",
               *_CONCERNING)
# Credit words right before a name: the name is a person's (记者 马利, 文/马利, 作者：马利).
_CREDIT_WORDS = (r"(?:记者|記者|作者|撰文|编辑|編輯|责编|責編|编译|編譯|通讯员|通訊員|摄影|攝影|实习生|實習生"
                 r"|(?:^|[\s(（【])文)\s*[:：/／]?\s*")
_BYLINE = re.compile(_CREDIT_WORDS + "$")
# The same with other names of the byline's list before (记者刘恺 黄河: 黄河 is the second reporter).
_BYLINE_LIST = re.compile(_CREDIT_WORDS + r"(?:[\u4e00-\u9fff]{2,4}[ \t\u3000、，,／/]+){1,4}$")
# How far before a name a credit word is looked for.
_BYLINE_REACH = 12


def _after_credit_word(text: str, start: int) -> bool:
    """Whether a credit word (记者, 作者, 文/ ...) stands right before ``start``."""
    return bool(_BYLINE.search(text, max(0, start - _BYLINE_REACH), start))


# A name followed by a hyphen and a number or letter is a model designation (火星-19, 苏-57).
_DESIGNATION = re.compile(r"(?:炮|号|號)?[-－‐–][0-9０-９A-Za-zＡ-Ｚａ-ｚ]")  # 火星-19, 火星炮-11
# A quoted name right before one of these is a weapon's (“金牛座”导弹, “海马斯”火箭炮) or an operation's,
# not a place's or a person's; ships (“辽宁”号) are the unit rules'. A group's name stays (“库尔德工人党”
# 无人机: whose drones), and so does a place before a site (“普列谢茨克”导弹发射场).
_WEAPONS = re.compile(r"(?:诱饵|自杀式|攻击型|察打一体)?(?:(?:岸基|舰载|机载|车载)?(?:中程|远程|近程|短程|中远程|洲际)?(?:巡航|弹道|防空|反舰|反坦克|高超音速|高超声速|空射|陆基)?"
                      r"|(?:中程|远程|近程|短程|中远程|洲际))(?:导弹|飞弹|火箭炮|火箭弹|防空系统|"
                      r"导弹系统|战斗机|战机|轰炸机|无人机|直升机|坦克|步兵战车|装甲车|榴弹炮|自行火炮|鱼雷"
                      # An operation's or an exercise's name is no place or person either (“辛杜尔行动”,
                      # “阿斯皮德斯”护航行动, “南方之矛”行动).
                      r"|(?:军事|特别军事|护航|反恐|联合)?行动|(?:联合|军事|实兵)?演习|军演)"
                      r"(?!发射|基地|试验|靶场|工厂|厂|部队|阵地|公司|登陆舰|运输舰)")  # 坦克登陆舰 is a ship
_QUOTES = {**QUOTE_PAIRS, "‘": "’"}


# Cabinet titles after a country (日本防卫大臣, 英国外交大臣, 日本官房长官): a model name that ends
# inside one ran from the country into the title.
_CABINET_TITLE = re.compile(r"(?:防卫|防衛|外务|外務|财务|財務|总务|總務|法务|法務|经济产业|經濟產業|国土交通|國土交通|"
                            r"官房|国防|國防|外交|内务|內務)(?:大臣|长官|長官|相)"
                            # The US Director of National Intelligence, a chamber's party leaders.
                            r"|(?:国家|國家)(?:情报|情報)(?:总监|總監)|(?:多数|多數|少数|少數)(?:党|黨)(?:领袖|領袖|党鞭|黨鞭)"
                            # A state's officers after its name (乔治亚州州务卿, 加州州长).
                            r"|(?<=州)州(?:务卿|務卿|长|長|议会|議會|检察长|檢察長)")


# Titles the model reads into a person's name after the country (约旦国王阿卜杜拉二世); longest first.
_HEAD_TITLES = tuple(sorted({*_PERSON_TITLES, "国王", "女王", "王储", "埃米尔", "苏丹", "亲王", "副总统", "副总理",
                             "国家元首", "最高领袖", "领导人", "外交部长", "国防部长", "外交大臣"}, key=len, reverse=True))


def _after_title(match: Match, gazetteer: _Overlaps, folded: str) -> Match:
    """A model person that begins with a KB place and a title is the name after the title
    (约旦国王阿卜杜拉二世 is 约旦 + 国王 + 阿卜杜拉二世; SCHEMA: titles are no part of a name)."""
    if match.source != "model" or match.label != PERSON:
        return match
    for g in gazetteer(match.start, match.end):
        if g.label == PLACE and g.start == match.start and g.end < match.end:
            title = next((t for t in _HEAD_TITLES if folded.startswith(t, g.end)), "")
            if title and match.end - (g.end + len(title)) >= 2:
                return _reshaped(match, start=g.end + len(title))
    return match


def _inside_title(match: Match, text: str) -> bool:
    """Whether a model ORG or PLACE lies inside a title (国家情报 of 国家情报总监)."""
    return match.label in (ORG, PLACE) and any(
        title.start() <= match.start and match.end <= title.end()
        for title in _CABINET_TITLE.finditer(text, max(0, match.start - 6), min(len(text), match.end + 4)))


def _before_title(match: Match, text: str) -> Match:
    if match.label not in (ORG, PLACE):
        return match
    for title in _CABINET_TITLE.finditer(text, match.start + 1, min(len(text), match.end + 4)):
        if title.start() < match.end:  # ends inside the title or runs on past it (日本防卫相中谷元)
            return _reshaped(match, end=title.start())
    return match


# A minister's title holds the ministry's name (国防部长, 统一部长官), and so does a head's title
# that ends in 长 or 长官 after a body's name (行政院长, 内阁官房长官, 联邦调查局长): the country
# before it stays a PLACE and the body is a mention of its own (SCHEMA: [俄罗斯][国防部]长). A role
# noun after the body is no such title ([美国中央情报局]局长). A word of tenure before the body is
# neither (美国前商务部长); 长 must not begin another word (外交部长期以来), and an embassy's
# department is no ministry (驻美国大使馆新闻部长).
# Not the 共 of 中共 (中共國防部長 is the CPC's name for China's ministry, not 中 + 共國防部).
_MINISTRY = re.compile(rf"(?:前|代理|时任|现任)?(?P<ministry>(?!驻|共)[\u4e00-\u9fff]{{1,10}}(?:{TITLED_BODY_ENDS}))(?=长)"
                       r"(?!长期|长达|长时间|长久|长远|长足)")


_COUNTRIES_WORDS = ("国家", "各国", "诸国")
_REGION_ENDS = frozenset("洲欧亚东美")  # 欧洲, 北欧, 东南亚, 中东, 拉美


def _ministry_in_title(match: Match, states: _Overlaps, text: str) -> list[Match]:
    """``match`` cut into the country and the body when it runs from a state's name (the
    gazetteer's hint at its start) into a title that holds the body's name (:data:`_MINISTRY`);
    ``text`` is folded to simplified script."""
    if match.label != ORG or text[match.end:match.end + 1] != "长":
        return [match]
    countries = [g for g in states(match.start, match.end) if g.start == match.start and g.end < match.end]
    if not countries:
        return [match]
    country = _short_form(max(countries, key=lambda g: g.end), text)  # 俄国防部长 is 俄 + 国防部
    # A region's ministers are its countries' (欧洲国家国防部长); 以色列国家安全部 is a ministry's name.
    skip = 2 if text.startswith(_COUNTRIES_WORDS, country.end) and text[country.end - 1] in _REGION_ENDS else 0
    ministry = _MINISTRY.match(text, country.end + skip)
    if ministry is None or ministry.end() != match.end or "使馆" in ministry.group():
        return [match]
    # Two countries' ministers (美韩国防部长): the ministry's name may begin with the next country.
    rest = _ministry_in_title(_reshaped(match, start=ministry.start("ministry")), states, text)
    return [_reshaped(country, priority=_KB_PRIORITY), *rest]


# A gloss or a model number between a weapon's quoted name and what it is (“榛树”（Oreshnik）中程弹道
# 导弹, “沙希德”-136无人机).
_GLOSS_BEFORE_WEAPON = re.compile(r"\s*(?:[（(][^（()）\n]{1,30}[)）]\s*)?(?:[-－—]?[0-9A-Za-z]{1,6}\s*)?等?")
# A class of ships named in quotes (“阿利·伯克”级驱逐舰, “福特”级航母).
_SHIP_CLASS = re.compile(r"级(?:导弹)?(?:驱逐舰|护卫舰|巡洋舰|航母|航空母舰|潜艇|核潜艇|攻击型核潜艇|战略核潜艇|两栖攻击舰|登陆舰|"
                         r"濒海战斗舰|轻型护卫舰|补给舰|破冰船)")


# Several reporters in a wire's credit (（中央社記者游凱翔、王揚宇台北27日電）): each a person.
_CREDIT_NAMES = re.compile(r"(?<=记者|記者)((?:[\u4e00-\u9fff]{2,3}、)+[\u4e00-\u9fff]{2,3})"
                           r"(?=[\u4e00-\u9fff]{2,4}(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日(?:电|電))")


def _credit_names(text: str) -> list[Match]:
    """PERSON candidates for the names of a credit of several reporters, which the model may read
    only in part (王揚宇 after 游凱翔、)."""
    found = []
    for m in _CREDIT_NAMES.finditer(text):
        start = m.start(1)
        for name in m.group(1).split("、"):
            found.append(Match(start, start + len(name), PERSON, "model", score=0.9))
            start += len(name) + 1
    return found


def _weapon_name(match: Match, text: str) -> bool:
    """Whether a model name fills quotes before what a weapon, a class of ships or an operation is
    (“堤丰”（Typhon）中程导弹系统, “海燕”导弹, “阿利·伯克”级驱逐舰, “辛杜尔行动”): products and
    operations are no mentions (SCHEMA)."""
    start, end = match.start, match.end
    if (match.label not in (PERSON, PLACE, ORG) or not 0 < start or end >= len(text)
            or text[start - 1] not in _QUOTES):
        return False
    if match.label == ORG and fold(text[start:end]).endswith((*_ORG_SUFFIXES, "军", "武装", "阵线", "运动")):
        return False  # a group before its drones (“库尔德工人党”无人机)
    closing = _QUOTES[text[start - 1]]
    rank = _RANK_IN_CLASS.match(fold(text[end:end + 8]))
    if rank and text[end + rank.end():end + rank.end() + 1] == closing:
        end += rank.end()  # “格里戈罗维奇海军上将”级: a class named after an admiral
    if text[end] == closing:
        # A weapon's word after the gloss; a ship's class right after the name (read folded: 導彈, 級).
        rest = fold(text[end + 1:end + 60])
        after = _GLOSS_BEFORE_WEAPON.match(rest).end()
        return _WEAPONS.match(rest, after) is not None or _SHIP_CLASS.match(rest) is not None
    operation = _OPERATION_IN_QUOTES.match(fold(text[end:end + 8]))  # 行動 too
    return operation is not None and text[end + operation.end() - 1] == closing


# The rank after the name of the admiral or general a class of ships is named after.
_RANK_IN_CLASS = re.compile(r"(?:海军|陆军|空军)?(?:元帅|上将|中将|少将|将军)")


def _in_brackets_after_quote(start: int, text: str) -> bool:
    """Whether ``start`` opens a bracket right after a closing quote (“榛树”（Oreshnik）)."""
    return start >= 2 and text[start - 1] in "（(" and text[start - 2] in _QUOTES.values()


def _operation_gloss(match: Match, text: str) -> bool:
    """Whether a model name glosses an operation's quoted name or a code name (「南方之矛行動」（Operation
    Southern Spear）, 代号“蛛网”（Павутина）), or is an operation's Latin name: it names no one."""
    if text.startswith("Operation ", match.start) or text.endswith("Operation ", 0, match.start):
        return True
    start = match.start
    if not _in_brackets_after_quote(start, text):
        return False
    before = fold(text[max(0, start - 20):start - 1])
    opening = _NAMING_QUOTE_OPEN.search(before[:-1]) if before else None
    return bool(_OPERATION_IN_QUOTES.search(before)) and before.endswith(tuple(_QUOTES.values())) or (
        opening is not None and opening.group().startswith(("代号", "代號")))


def _weapon_gloss(match: Match, text: str) -> bool:
    """Whether a model name is the bracketed gloss of a weapon's quoted name (Oreshnik of
    “榛树”（Oreshnik）中程弹道导弹)."""
    start = match.start
    if not _in_brackets_after_quote(start, text):
        return False
    close = _GLOSS_BEFORE_WEAPON.match(text, start - 1)
    return close.end() > start and _WEAPONS.match(fold(text[close.end():close.end() + 20])) is not None


# A power line after its quoted name (“费罗索夫斯卡亚”330千伏备用线路, “第聂伯河”750千伏主输电线).
# A voltage or a word of power is written (not a flight's or a train's route: “重庆—杜伊斯堡”线路).
_POWER_LINE = re.compile(r"\s*(?:(?:[0-9０-９]+|[一二三四五六七八九十百]+)?\s*(?:千伏|kV|KV)\s*(?:主|备用|備用)?\s*"
                         r"(?:输电|輸電|电力|電力)?(?:线路|線路|线|線)"
                         r"|(?:主|备用|備用)?(?:输电线路|輸電線路|输电线|輸電線|高压线|高壓線|电力线路|電力線路))")
# An operation's whole name in quotes (“辛杜尔行动”).
_OPERATION_IN_QUOTES = re.compile(r"(?:军事)?(?:行动|演习)[”」』\"]")
# A name never runs across these: a model span that does is several names
# (朝中社 / 韩联社 / 法新社) or a name and its gloss (朝鲜中央通讯社(朝中社).
_SEPARATORS = re.compile(r"\s*[/／|｜,，、;；:：()（）\[\]【】〔〕〖〗［］《》<>〈〉\"“”‘’「」『』!！?？。\n]+\s*|\s{2,}")
# In a byline one space separates names (记者 李奥 刘洋), which the model reads run together.
_BYLINE_SEPARATORS = re.compile(_SEPARATORS.pattern + r"|\s+")


# A model name that, with one of these after it, fills a book title's marks is part of a law's or
# a treaty's title (《國安法》, 《反分裂国家法》), not an organisation's name.
_LAW_TITLE_END = re.compile(r"(?:法|法案|条例|條例|协议|協議|条约|條約|公约|公約)》")
# A dateline's verb the model reads into the place before it (〔記者呂伊萱／台北報導〕).
_REPORT_WORDS = ("报道", "報導", "報道", "报导")


# A newsroom's desk in a dateline (〔國際中心／綜合報導〕) and "compiled from wire reports"
# (〔中央社首爾4日綜合外電報導〕) name no organisation.
_DESK = re.compile(r"(?:国际|国际新闻|即时新闻|编译|大陆|两岸|政治|社会|财经|体育|地方|综合)(?:新闻)?中心(?=\s*[／/])|综合外电"
                   r"|综合(?=报导|报道)")


def _newsroom_desk(match: Match, text: str) -> bool:
    desk = _DESK.match(fold(text[match.start:match.end + 3]))
    return desk is not None and desk.end() == match.end - match.start


def _law_title(match: Match, text: str) -> bool:
    # A person's name too (凯撒 of 《凯撒法案》 names the act); a place stays one (《北大西洋公约》).
    return (match.label != PLACE and match.start > 0 and text[match.start - 1] == "《"
            and _LAW_TITLE_END.match(text, match.end) is not None)


# The first character of 峰会 read into the name before it (海牙峰 of 海牙峰会), and of 会面 / 会见 …
# after people named after a side or a party (美方官员会 of 美方官员会面, 民进党立委), who are no part
# of a name either; an organisation's own 会 stays (国际奥委会面临, 联合会谈判).
_MEETINGS = ("会面", "会见", "会谈", "会晤")
_PEOPLE_ENDS = ("官员", "人士", "立委", "议员", "党员")


_MEDALS = frozenset({"奖章", "勋章"})
# The rest of a ship's name in quotes and its 号 after a model span (银河 of “银河领袖”号), and the
# opening quote before it with no closing one between.
_SHIP_NAME = re.compile(r"[^”\"」』\s，。、]{0,10}[”\"」』][号號](?![召称稱令码碼])")
_QUOTE_OPEN = re.compile(r"[“\"「『][^”\"」』]*$")
# Faiths and peoples that the model reads as places or people, whole or in part (德鲁兹 of 德鲁兹派,
# 贝都 of 贝都因人, 纽特 of 因纽特人); 阿拉维 and 苏菲 only as sects (Allawi and Sophie are people).
_FAITHS = re.compile(r"(?:德鲁兹|贝都因|逊尼|什叶|雅兹迪|因纽特|图阿雷格)(?:派|人|族|部落|教徒)?|(?:阿拉维|苏菲)(?:派|教派|教徒)"
                     r"|库尔德(?=人|族)|(?<=亲)库尔德|罗兴亚(?=人|族|难民|穆斯林)")  # the Kurds, 亲库尔德政党; not 库尔德地区, a place
# Several or some places of a kind (多州, 各省, 两国, 该市), which the model may read as a place's name;
# not 九州, 四国, 本州, 全州, which are names.
_SEVERAL_PLACES = re.compile(r"[多各数几两诸该此某][州省国市县区]")
def _inside_ship_name(match: Match, text: str) -> bool:
    return (_SHIP_NAME.match(text, match.end) is not None
            and _QUOTE_OPEN.search(text, max(0, match.start - 12), match.start) is not None)


# The label of a photo or text credit, which the model may read as a name (（图源：视觉中国）).
_CREDIT_WORDS = frozenset({"图源", "图片来源", "图像来源", "来源", "供图", "摄影", "图文", "通讯员", "特约记者"})

# A verb that 加 (Canada's short form) begins: 对印加征关税 is 印 + 加征, not 印加 (the Inca).
_JIA_VERBS = frozenset("征强大快速剧紧深入上息税码")


def _without_next_word(match: Match, text: str) -> Match | None:
    after = fold(text[match.end:match.end + 1])
    if (match.label == ORG and match.end - match.start > 3 and fold(text[match.end - 2:match.end]) in _BODY_AND_WILL
            and fold(text[match.end:match.end + 4]).startswith(_AFTER_MODAL_HUI)):
        return _reshaped(match, end=match.end - 1)  # 國安處會密切留意: the body and the modal 會 ("will")
    if match.label == PLACE and text[match.end - 1:match.end] == "加" and after in _JIA_VERBS:
        return _reshaped(match, end=match.end - 1) if match.end - match.start > 1 else None
    if match.label == PLACE and match.end - match.start == 2 and text[match.end - 1] == "控" and CJK.match(after):
        return _reshaped(match, end=match.end - 1)  # 巴控克什米尔: 巴, and 控 ("administered") before a place
    if match.label not in (ORG, PLACE) or match.end - match.start <= 2:
        return match
    name = fold(text[match.start:match.end])
    sides = _COUNTRY_SIDES_DELEGATION.fullmatch(name) if match.label == ORG else None
    if sides and sides.group(1) in country_words():
        return _reshaped(match, end=match.start + sides.end(1), label=PLACE)  # 美国 + 三方代表团: the last country of a list
    if name.endswith("正") and after in _AFTER_ZHENG:
        return _reshaped(match, end=match.end - 1)  # 西方正試圖: 正 ("is …ing") begins the verb
    if name.endswith("峰") and after == "会":
        return _reshaped(match, end=match.end - 1)
    title = _ACTING_HEAD.search(name)
    if match.label == ORG and title and after == "长" and title.start() >= 2:
        return _reshaped(match, end=match.start + title.start())  # 国家安全局 + 代理局长, acting head
    if match.label == ORG and name[-1:] + after in _MEETINGS and name[:-1].endswith(_PEOPLE_ENDS):
        match = _reshaped(match, end=match.end - 1)
        name = name[:-1]
    if match.label == ORG and len(name) > 3 and name.endswith(_PEOPLE_ENDS):
        match = _reshaped(match, end=match.end - 2)
    return match


# The start of an acting or deputy head's title that the model reads into the body's name before it
# (乌克兰国家安全局代理局长: 代理局 + 长).
_ACTING_HEAD = re.compile("(?:代理|署理|常务副|副)[局部署处院所]$")
# One-character designators a name may end in (东海县, 国防部, 山东舰, 克拉科夫队).
_ONE_CHAR_DESIGNATORS = frozenset(s for s in (*PLACE_SUFFIXES, *ORG_SUFFIXES) if len(s) == 1) | frozenset("舰号队团")
# Parts of a city around it, which the model reads into the city's name (貝魯特南郊, 基辅郊区).
_OUTSKIRTS = ("南郊", "北郊", "东郊", "西郊", "郊区", "郊外", "市郊", "近郊", "远郊")


def _without_outskirts(match: Match, folded: str) -> Match:
    """A model place or organisation that ends in a part of a city around it (貝魯特南郊) is the
    city, a place however the model labelled it."""
    if match.source != "model" or match.label not in (ORG, PLACE):
        return match
    name = folded[match.start:match.end]
    outskirts = next((w for w in _OUTSKIRTS if name.endswith(w) and len(name) - len(w) >= 2), None)
    return _reshaped(match, end=match.end - len(outskirts), label=PLACE) if outskirts else match


def _without_report_word(match: Match, text: str) -> Match:
    if match.end - match.start > 3 and text.endswith(_REPORT_WORDS, match.start, match.end):
        return _reshaped(match, end=match.end - 2)
    if match.end - match.start > 4 and fold(text[match.end - 3:match.end]) == "综合讯":
        return _reshaped(match, end=match.end - 3, label=PLACE)  # （北京综合讯）: a dateline's place
    return match


# An organisation's premises after its name (联合国儿童基金会办公室): no body of its own.
_PREMISES = frozenset({"办公室", "办事处", "总部", "大楼", "驻地"})
# Words that describe an organisation before its name (以色列急救组织“大卫红盾会”, 烏克蘭私營能源集團DTEK);
# the model reads them into it.
_KIND_OF_BODY = re.compile(r"(?:组织|机构|集团|公司|企业|媒体|网站|智库|团体|运营商)$")
# A transitional government before one of its bodies (过渡政府国防部; not 政府问责局, a name): the
# government is the country's (SCHEMA: country + 政府 is only the country), the body a name of its own.
_GOVERNMENT_BEFORE = re.compile(r".{0,6}?(?:过渡|临时)政府(?=[\u4e00-\u9fff]{1,6}(?:部|局|署|委员会)$)")
_LATIN_CHAR = re.compile(r"[A-Za-z0-9]")
_LATIN_TAIL = re.compile(r"[A-Za-z][A-Za-z0-9&.\- ]*$")


def _without_description(match: Match, text: str) -> Match | None:
    """A model organisation without the description the model read into it: none where it is a
    description of a quoted name after it (以色列急救组织“大卫红盾会”) or of a minister's title
    (印度国防 of 印度国防参谋长); the body after its government (国防部 of 过渡政府国防部); the Latin
    name after a description (DTEK of 烏克蘭私營能源集團DTEK)."""
    name = fold(text[match.start:match.end])
    if _KIND_OF_BODY.search(name) and text[match.end:match.end + 1] in ("“", "「", '"', "《"):
        return None
    if name.endswith("国防") and fold(text[match.end:match.end + 1]) not in ("部", "军", "大", "委", "科", "工"):
        return None
    government = _GOVERNMENT_BEFORE.match(name)
    if government:
        return _reshaped(match, start=match.start + government.end())  # 叙利亚过渡政府 + 国防部
    latin = _LATIN_TAIL.search(name)
    if latin and latin.start() > 0 and _KIND_OF_BODY.search(name, 0, latin.start()):
        return _reshaped(match, start=match.start + latin.start())
    return match


def _reshaped(match: Match, **changes: Any) -> Match:
    """``match`` with ``changes`` (other offsets, label, attrs ...), its attrs a copy of its own."""
    return replace(match, **{"attrs": dict(match.attrs), **changes})


# Words a country's short form begins that the model reads as the country (港池, 法理); only these:
# MSRA tags 华 of 华人 and 中 of 中非 as places.
_WORDS_AFTER_SHORT_FORM = frozenset({"港池", "港区", "港湾", "港务", "港口", "法理", "法规"})
# What follows a side's 方 (缅方称, 阿方不会): 方 ends the word there (not 以方兴未艾, 中方面).
_AFTER_SIDE = frozenset("称表说认的和与也已将对在则坚要希同指强呼回拒不愿应并就还仍会")


def _rejoined_transliterations(matches: list[Match], text: str) -> list[Match]:
    """A transliterated place the model read as two touching places, the first of two characters
    and no known name, the second of two or more (乌斯 + 彭尼夫卡村): one place again. Not a known
    place and the next one (俄罗斯莫斯科), nor names in other characters (河北石家庄), nor two
    one-character places (鲁台: 山东 and 台湾, as 中美 and 京津 are)."""
    places = sorted((m for m in matches if m.source == "model" and m.label == PLACE), key=lambda m: m.start)
    known = {(m.start, m.end) for m in matches if m.source != "model"}
    joined: dict[int, Match] = {}
    for first, second in zip(places, places[1:]):
        if (first.end != second.start or first.end - first.start != 2 or second.end - second.start < 2
                or (first.start, first.end) in known or id(first) in joined):
            continue
        name = text[first.start:second.end]
        core = name[:-1] if name[-1] in "村镇市州区县" else name
        if 2 * sum(ch in TRANSLITERATION_CHARS for ch in core) >= len(core):
            joined[id(first)] = joined[id(second)] = _reshaped(second, start=first.start)
    out = []
    for m in matches:
        whole = joined.get(id(m))
        if whole is None:
            out.append(m)
        elif m.start == whole.start:
            out.append(whole)
    return out


def split_model_spans(matches: list[Match], text: str) -> list[Match]:
    """Cut model spans at separators (in a byline, also at spaces between names) and keep the
    named pieces; drop model spans that name nothing (``_no_name_as_written``, ``_no_name``), and
    reshape the rest into the names they hold (``_as_names``)."""
    out = []
    matches = _rejoined_transliterations(matches, text)
    # 特朗普女婿库什纳: two people, each read as any model person is.
    matches = [p for m in matches for p in (_kin_pieces(m, text) if m.source == "model" and m.label == PERSON else [m])]
    for m in matches:
        if m.source == "model":
            if _no_name_as_written(m, text):
                continue
            if m.end - m.start > 2 and text[m.start] in "其该此" and text[m.start + 1].isascii():
                m = _reshaped(m, start=m.start + 1)  # 在其Telegram频道: the pronoun is no part of the name
            if (m.label == PLACE and m.end - m.start == 1 and text[m.end:m.end + 1] == "方"
                    and (not CJK.match(text[m.end + 1:m.end + 2] or " ") or text[m.end + 1] in _AFTER_SIDE)):
                m = _reshaped(m, end=m.end + 1)  # 缅方: a side is tagged whole, as the KB's 俄方 is
            verb = _VERB_INSIDE.search(fold(text[m.start:m.end])) if m.label == ORG else None
            if verb and verb.start() >= 2 and m.end - (m.start + verb.end()) >= 2:
                # 伊斯法罕核设施须经最高国家安全委员会: a clause the model read as one name; the
                # organisation after the verb is one when its name ends so.
                # After a headline's space only the last words can be a name (再闖東沙限制水域 海巡署).
                space = max(text.rfind(" ", m.start + verb.end(), m.end), text.rfind("\u3000", m.start + verb.end(), m.end))
                tail = _reshaped(m, start=max(m.start + verb.end(), space + 1))
                if not fold(text[tail.start:tail.end]).endswith(_ORG_SUFFIXES):
                    continue
                m = tail
            m = _before_count(_whole_latin_word(m, text), text)
            if m.label == PERSON:
                m = _without_rank(m, text)
            m = _without_next_word(_without_report_word(_before_title(m, text), text), text)
            if m is None or _no_name(m, text):
                continue  # 加 of 加征, a medal, a credit's label …
            names = _as_names(m, text)
            if len(names) != 1:
                out += names  # none, or two names read as one (共和党籍众议院)
                continue
            m = names[0]
            if m.label != PERSON:
                m = _without_edge_dots(m, text)
                if m is None:
                    continue
        separators = _SEPARATORS
        if m.label == PERSON and _after_credit_word(text, m.start):
            separators = _BYLINE_SEPARATORS
        if m.source != "model" or not separators.search(text, m.start, m.end):
            out.append(m)
            continue
        for piece in _pieces(m, [sep.span() for sep in separators.finditer(text, m.start, m.end)]):
            name = text[piece.start:piece.end]
            if (name not in _DESIGNATOR_PIECES and fold(name) not in _BARE_DESIGNATORS and not _latin_phrase(name)
                    and not _newsroom_desk(piece, text) and not _inside_ship_name(piece, text)
                    and not _weapon_name(piece, text) and not _weapon_gloss(piece, text)
                    and not _SHIP_CLASS.match(text, piece.start)
                    # the words after a gloss the model ran on into (ELN）有关联): no name begins so there
                    and not (text[piece.start - 1] in "）)" and name[0] in _CLAUSE_WORDS) and not _no_name(piece, text)):
                piece = _without_description(piece, text) if piece.label == ORG else piece
                if piece is not None:
                    out.append(_without_report_word(piece, text))
    return out


# A count inside a model place (葵涌一座工業大廈: a numeral, a classifier and the thing counted),
# not after a word the numeral belongs to (统一家具, 第一个, 唯一一所).
_COUNT_INSIDE = re.compile("(?<![第统唯万之同单合专均逐])[一两二三四五六七八九十几数][座间家个栋所处幢条](?=[\u4e00-\u9fff])")


def _before_count(match: Match, text: str) -> Match:
    """A model place that runs on into a count is the name before the count. (An organisation
    that does, 广州三家公司, names none: the count's NUMBER wins over it.)"""
    if match.label != PLACE:
        return match
    count = _COUNT_INSIDE.search(fold(text[match.start:match.end]), 2)
    return _reshaped(match, end=match.start + count.start()) if count else match


# What follows 正 ("is …ing") in a verb (正在, 正试图, 正准备 …): not 北大方正 + 展区.
_AFTER_ZHENG = frozenset("在试準准计积努着考寻酝筹")
# Verbs inside a model organisation that make it a clause (须经, 动员…封锁, 宣布; 中國海警船再闖東沙: a headline).
_VERB_INSIDE = re.compile("须经|需经|经由|交由|提交|动员|封锁|宣布|表示|要求|允许|批准|授权|闯|参拜"
                          "|领导(?!小组|人|层|下|班子|机构|核心|干部)"  # 塔巴塔巴伊领导真主党; not 领导小组
                          "|爆炸(?!物)|身亡|遇害")  # a headline's clause: 在莫斯科汽车爆炸中身亡
# Characters that begin a clause's words, not a name, right after a closing bracket (（ELN）有关联).
_CLAUSE_WORDS = frozenset("有的是在与和及对将被已")
# A direction, 约 ("about") and a distance: 以北约250公里, 东北约50公里, 西北約20公里.
_DIRECTION_ABOUT = re.compile(r"[以东西]北" + ABOUT_DISTANCE)


_BANKS = frozenset({"西岸", "东岸", "南岸", "北岸"})
_AFTER_RIVER = re.compile(r"(?<!约旦)[河江](?:[（(][^（()）]{0,30}[)）])?$")  # 约旦河（Jordan River）西岸 is the West Bank


_QUOTE_CLOSE = re.compile(r"[^“\"「『”」』\n]{0,12}?[”\"」』]")


def _power_line_name(m: Match, text: str) -> bool:
    """A span inside a power line's quoted name (“第聂伯河”750千伏主输电线, “费罗索夫斯卡亚”330千伏备用线路)."""
    if _QUOTE_OPEN.search(text, max(0, m.start - 12), m.start) is None:
        return False
    closing = _QUOTE_CLOSE.match(text, m.end)
    return closing is not None and _POWER_LINE.match(text, closing.end()) is not None


def _another_word_here(m: Match, folded: str) -> bool:
    """Whether the text around a span makes it part of another word, whoever proposed it: 北约 of a
    direction and a distance (马尼拉以北约250公里; a span 东北约), a river's bank (第聂伯河东岸,
    奧斯基爾河（Oskil）西岸; not 约旦河（…）西岸), the 海口 of 出海口 and 入海口, the 基地组织 of
    产业基地组织企业参展 (al-Qaeda's name only as a word of its own), the 全州 of "the whole state"."""
    name = folded[m.start:m.end]
    before = folded[m.start - 1:m.start]
    return bool(
        name.endswith(("东北约", "西北约"))
        or name.endswith("北约") and m.end >= 3 and _DIRECTION_ABOUT.match(folded, m.end - 3)
        or name in _BANKS and _AFTER_RIVER.search(folded, max(0, m.start - 40), m.start)
        or name == "海口" and before in ("出", "入")
        or name == "基地组织" and CJK.match(before) and before not in _BEFORE_A_WORD
        # 全州 of "the whole oblast" (全州约1.2万户断电), not Jeonju, a Korean city the press names rarely
        or name == "全州" and not folded.startswith("市", m.end)
        and not _KOREA.search(folded, max(0, m.start - 30), m.end + 30))


_KOREA = re.compile("韩|全罗|朝鲜半岛")
# What may stand right before a name written as a word of its own (对基地组织, 称基地组织).
_BEFORE_A_WORD = _JOINERS | frozenset("的、等称说")


def _no_name_as_written(m: Match, text: str) -> bool:
    """A model span that begins a weapon's designation (火星-19, 伊斯坎德尔-M), names a weapon
    (“金牛座”导弹) or a law (《國安法》), is an English phrase, only an organisation's designator
    (办公室 after a person's name), a newsroom's desk or part of a title."""
    return bool(_DESIGNATION.match(text, m.end) or _latin_phrase(text[m.start:m.end])
                or fold(text[m.start:m.end]) in _BARE_DESIGNATORS or _weapon_name(m, text) or _weapon_gloss(m, text)
                or _operation_gloss(m, text)
                or _law_title(m, text) or _newsroom_desk(m, text) or _inside_title(m, text))


def _no_name(m: Match, text: str) -> bool:
    """A model span that names nothing SCHEMA tags: a medal (金星奖章), a credit's label (图源), a
    name in a ship's quoted name (“银河领袖”号), a faith or a people (德鲁兹派武装, 贝都因人), several
    places of a kind (多州), a front's line or a strait unnamed (南线, 海峡中线), companies of a
    country (愛沙尼亞公司, 多家中国航空公司), a field before a total (國防總 of 國防總預算), a faction
    named after its leader (希卢派), the tankers of a “影子舰队”."""
    name = fold(text[m.start:m.end])
    window = max(0, m.start - 3)  # 纽特 of 因纽特人: the people's name may begin before the span
    faith = m.label != ORG and any(window + f.start() <= m.start and m.end <= window + f.end()
                                   for f in _FAITHS.finditer(fold(text[window:m.start + 8])))
    return bool(name in _CREDIT_WORDS or _inside_ship_name(m, text)
                or faith
                or m.label == PLACE and (fold(text[m.end:m.end + 2]) in _MEDALS or _SEVERAL_PLACES.fullmatch(name)
                                         or name in _UNNAMED_PLACES)
                or m.label == ORG and _companies_of_a_country(name, fold(text[max(0, m.start - 3):m.start]))
                or m.label == ORG and _TOTAL_OF.fullmatch(name) is not None and _TOTAL_AFTER.match(fold(text[m.end:m.end + 2]))
                or m.label == PERSON and name.endswith("派") and len(name) >= 3  # 希卢派: a faction
                or m.label == PLACE and name in _COMPASS and _compass_area(fold(text[m.end:m.end + 6]))
                or m.label == ORG and _GENERIC_WEAPON_UNIT.fullmatch(name) is not None
                or m.label == ORG and _COUNTED_SHIPS.match(name) is not None  # 2艘055型驱逐舰
                or m.label == ORG and _SIDES_DELEGATION.fullmatch(name) is not None and all(
                    c in country_words() for c in name[:-3])  # 俄乌代表团: two sides' delegations
                or name in _COMMON_NOUNS
                or _UNNAMED_PLANT.fullmatch(name) is not None  # 新弹药厂: a plant of a kind
                or m.label == PERSON and _PRIZE_AFTER.match(fold(text[m.end:m.end + 8])) is not None  # 诺贝尔和平奖
                and not _dotted_name(text, m.start, m.end)  # a person's full name in a prize's is a name
                or _EXERCISE_AFTER.match(fold(text[m.end:m.end + 10])) is not None and (
                    m.label == PERSON or name.endswith("号") or m.label == PLACE and fold(text[m.end:m.end + 1]).isdigit())
                or m.label == ORG and _SIDE_GROUP.fullmatch(name) is not None                        # 中方航母编队
                or name in _NO_FLEETS
                # Hong Kong's 港 where it ends a word for a port (军港, 母港); a short form that begins a
                # word with the character after it (港池, 法理).
                or name == "港" and m.start > 0 and fold(text[m.start - 1]) + name in STOP_BEFORE
                or m.label == PLACE and len(name) == 1 and name + fold(text[m.end:m.end + 1]) in _WORDS_AFTER_SHORT_FORM
                or _named_in_quotes(m, text))


# Inside quotes that give something its name (以「海峽雷霆」命名, 代号为“南方之矛”): an exercise's or an
# operation's name, no place or person (以“…”为名 is a pretext, whose words may be names).
_NAMING_QUOTE_CLOSE = re.compile(r"[^“”「」『』\"\n]{0,12}[”」』\"]命名")
_NAMING_QUOTE_OPEN = re.compile(r"(?:代号为|代號為|代号|代號)?[“「『\"][^“”「」『』\"\n]{0,12}$")


def _named_in_quotes(m: Match, text: str) -> bool:
    opening = _NAMING_QUOTE_OPEN.search(text, max(0, m.start - 16), m.start)
    return opening is not None and (opening.group().startswith(("代号", "代號"))
                                    or _NAMING_QUOTE_CLOSE.match(text, m.end) is not None)


# A prize named after a person (诺贝尔和平奖, 普利策奖), an exercise after its name (漢光42號演習), a side's
# group of ships (中方航母编队): no person, place or organisation.
_PRIZE_AFTER = re.compile(r"(?:和平|文学|物理学|化学|经济学|生理学或医学|新闻)?奖")
_EXERCISE_AFTER = re.compile(r"(?:[0-9０-９]+号)?(?:实兵)?(?:演习|军演|演训|兵推)")
_SIDE_GROUP = re.compile(r"[\u4e00-\u9fff]方(?:航母|舰艇|海军)?(?:编队|舰队)")
_UNNAMED_PLANT = re.compile(f"(?:新|该|这座|一座|此|其)?(?:{'|'.join(_PLANTS)})")
# Ships of a class counted (2艘055型驱逐舰), delegations of countries' short forms (俄乌代表团), nouns
# the model reads as names (芬太尼关税: fentanyl, no Finnish place).
_COUNTED_SHIPS = re.compile(r"[0-9０-９一二三四五六七八九十两几数]+[艘架辆枚]")
_SIDES_DELEGATION = re.compile(r"[\u4e00-\u9fff]{2,4}代表团")
# A country and the delegations of several sides (俄罗斯、乌克兰和美国三方代表团): the country.
_COUNTRY_SIDES_DELEGATION = re.compile(r"([\u4e00-\u9fff]{1,6}?)(?:双方|三方|四方|各方|多方|两国|三国)代表团")
# Common nouns the model reads as names: a drug, a faith's war, a fleet or a formation unnamed, a
# body of law, a small town, a military district unnamed, the West, a landmine, a naval port, national
# security (國安人士), "reckless", a party's founding, a convoy (not the sun, 太阳, which MSRA tags as a place).
_COMMON_NOUNS = frozenset({"芬太尼", "圣战", "舰队", "编队", "国际海洋法", "小镇", "军区", "西方", "地雷",
                           "军港", "国安", "鲁莽", "建党", "车队", "导弹车队"})
# A unit named by its weapons alone (战略巡航导弹分队, 导弹部队): a kind, no name.
_GENERIC_WEAPON_UNIT = re.compile(r"(?:战略|战术|远程|近程)?(?:巡航|弹道|防空|反舰|岸舰)?导弹(?:分队|部队|大队|营|连)")
# Ships called a fleet that no state or company commands: Russia's sanctions-busting tankers.
_NO_FLEETS = frozenset({"影子舰队", "影子船队", "黑暗舰队"})
# A field and the 总 of a total after it (國防總預算, 财政总收入): no organisation.
_TOTAL_OF = re.compile("(?:国防|财政|军事|政府|国家)总")
_TOTAL_AFTER = re.compile("预算|额|量|数|计|收入|支出|值|和")
# Lines of a front and a strait written without a name (在南线, 海峡中线), a canal named before
# (运河今年的收入), the east alone (东 of 东段; 南 and 西 are South Africa's and Spain's short
# forms too: 中南建交), an alliance alone (盟 of 入盟谈判).
_UNNAMED_PLACES = frozenset({"南线", "北线", "东线", "西线", "中线", "海峡", "运河", "东", "盟"})
# Points of the compass before the space or the coast they point to (西南空域, 东南沿海): no region.
_COMPASS = frozenset({"东南", "西南", "东北", "西北", "东部", "西部", "南部", "北部", "中部"})
_COMPASS_AFTER = frozenset({"空域", "沿海", "海域", "方向", "边境", "海岸", "地带", "战线"})


def _compass_area(after: str) -> bool:
    """Whether what follows a point of the compass makes it an area's (西南空域), also after another
    point joined to it (西南及东部空域)."""
    if after[:2] in _COMPASS_AFTER:
        return True
    return after[:1] in "及和与、" and after[1:3] in _COMPASS and after[3:5] in _COMPASS_AFTER


# Several companies (多家中国航空公司) or a country's companies (愛沙尼亞公司): no company's name.
_SEVERAL_FIRMS = re.compile(r"(?:多|几|各|数|两|[0-9一二三四五六七八九十]+)家$")


def _companies_of_a_country(name: str, before: str) -> bool:
    """A country and a word for companies alone (爱沙尼亚公司; 中国航空公司 after 多家, where it names
    several; alone it names one). A longer name is kept (一家中国企业比亚迪公司)."""
    firm = next((w for w in ("航空公司", "公司", "企业", "厂商") if name.endswith(w)), "")
    if not firm or country_words().get(name[:-len(firm)], ("", ""))[1] != "full":
        return False
    return firm != "航空公司" or _SEVERAL_FIRMS.search(before) is not None


def _as_names(m: Match, text: str) -> list[Match]:
    """The names a model span holds: a paper's lead-in is the paper (新京报讯: 新京报); an
    organisation without the words that describe it (``_without_description``: none where only
    they are left); a party and the body its member leads, two names (共和党籍众议院)."""
    if fold(text[m.end:m.end + 2]) == "报讯" and m.label != ORG:
        m = _reshaped(m, end=m.end + 1, label=ORG)
    if m.label != ORG:
        return [m]
    name = fold(text[m.start:m.end])
    sends = _SENDS.search(name, 2)
    found = [(i, v) for v in _VERBS_BETWEEN if (i := name.find(v)) >= 2] + ([(sends.start(), "派")] if sends else [])
    at, verb = min(found, default=(-1, ""))
    if verb and len(name) - at - len(verb) >= 2:  # 特朗普派国民警卫队: two names and the verb between them
        return [_reshaped(m, end=m.start + at), _reshaped(m, start=m.start + at + len(verb))]
    described = _without_description(m, text)
    if described is None:
        return []
    member = fold(text[described.start:described.end]).find("党籍")
    if member >= 1 and described.end - (described.start + member + 2) >= 2:
        return [_reshaped(described, end=described.start + member + 1),
                _reshaped(described, start=described.start + member + 2)]
    return [described]


def _whole_latin_word(m: Match, text: str) -> Match:
    """A model span that ends inside a Latin word (Space of SpaceX) runs to the word's end."""
    if not (m.end < len(text) and _LATIN_CHAR.match(text, m.end - 1) and _LATIN_CHAR.match(text, m.end)):
        return m
    end = m.end
    while end < len(text) and _LATIN_CHAR.match(text, end):
        end += 1
    return _reshaped(m, end=end)


def _without_edge_dots(match: Match, text: str) -> Match | None:
    """A model place or organisation without the name dots at its edges (大地周刊·文化生活版: the dot
    parts two names there); None when nothing else is left. A person keeps them, for the name
    after the dot to join (丹泽尔·)."""
    start, end = match.start, match.end
    while start < end and text[start] in NAME_DOTS:
        start += 1
    while end > start and text[end - 1] in NAME_DOTS:
        end -= 1
    if start == end:
        return None
    return match if (start, end) == (match.start, match.end) else _reshaped(match, start=start, end=end)


def _pieces(match: Match, gaps: list[tuple[int, int]]) -> list[Match]:
    """``match`` cut at ``gaps`` ((start, end) in text order; the first may begin before the match):
    the pieces between them of two characters or more."""
    pieces, pos = [], match.start
    for start, end in [*gaps, (match.end, match.end)]:
        if start - pos >= 2:
            pieces.append(_reshaped(match, start=pos, end=start))
        pos = max(pos, end)
    return pieces


# Words that may stand in lower case inside a Latin-script name (Bank of America, Ursula von der Leyen).
_NAME_PARTICLES = frozenset({"of", "the", "and", "for", "de", "del", "della", "di", "da", "du", "des", "la", "le",
                             "von", "van", "der", "den", "al", "bin", "ibn", "y", "e", "on", "upon", "am", "im"})
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")
# Arabic articles joined to a name by a hyphen (al-Sharaa, el-Sisi, ash-Shaibani).
_HYPHENED_PARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ul", "bin", "ibn", "abu"})


# Words for a relative, which stand between two people's names (特朗普女婿库什纳, 金正恩之女金主爱),
# never inside one.
_KIN = re.compile("之(?:女|子|妻|夫|父|母)|女婿|儿媳|长子|次子|长女|次女|儿子|女儿|妻子|丈夫|遗孀"
                  "|胞妹|胞弟|胞兄|胞姐|妹妹|弟弟|哥哥|姐姐|侄子|侄女|外孙|孙女|父亲|母亲")


def _kin_pieces(match: Match, text: str) -> list[Match]:
    """A model person cut at a word for a relative in it or reaching into it: the names on either
    side of at least two characters, each a person of its own."""
    offset = max(0, match.start - 1)
    kin = [(k.start() + offset, k.end() + offset) for k in _KIN.finditer(fold(text[offset:match.end]))
           if k.end() + offset > match.start]
    return _pieces(match, kin) if kin else [match]


def _without_rank(match: Match, text: str) -> Match:
    """A model person that took in the rank after the name (彼得罗·科瓦连科中校, 王海中校) without it,
    or the last character of the office before it (官金龙大 of 司令官金龙大)."""
    name = fold(text[match.start:match.end])
    rank = next((r for r in _RANKS if name.endswith(r)), "")
    if rank and len(name) - len(rank) >= 2 and name[-len(rank) - 1] not in NAME_DOTS:
        match = _reshaped(match, end=match.end - len(rank))
        name = name[:-len(rank)]
    if len(name) >= 3 and fold(text[max(0, match.start - 2):match.start + 1]).endswith(_OFFICES_ENDING_IN_NAME):
        match = _reshaped(match, start=match.start + 1)
    return match


# Offices whose last character the model reads into the name after them (司令官金龙大, 外交官李明).
_OFFICES_ENDING_IN_NAME = ("司令官", "指挥官", "外交官", "检察官", "法官", "警官", "军官", "长官")


# What follows a person's or a country's name to name the body around them, which is no name of its
# own (SCHEMA: [特朗普]政府, [朝鲜]士兵 … only the name).
_PERSON_BODIES = frozenset({"办公室", "政府", "内阁", "团队", "阵营", "当局", "家族", "竞选团队", "竞选阵营"})
_COUNTRY_BODIES = frozenset({"代表团", "政府代表团", "谈判代表团", "团队", "谈判团队", "政府", "当局", "方面", "官方",
                             "峰会", "会议", "会谈"})  # 巴黎峰会: a meeting where, no body
# What follows a unit's name to name its offices (SCHEMA: a generic noun after a unit is outside it).
_UNIT_BODIES = frozenset({"指挥部", "司令部", "总部", "新闻处", "新闻中心", "新闻办公室", "参谋部"})


def _kb_names_in_a_row(match: Match, gazetteer: _Overlaps, label: str) -> list[Match]:
    """The KB names of ``label`` that follow one another from where ``match`` begins."""
    row: list[Match] = []
    for g in sorted(gazetteer(match.start, match.end), key=lambda g: g.start):
        if g.start == (row[-1].end if row else match.start) and g.label == label:
            row.append(g)
    return row


def _people_in_a_row(match: Match, gazetteer: _Overlaps) -> bool:
    """A model person that is two KB people or more written without a break (a headline's 何衛東苗華)."""
    if match.source != "model" or match.label != PERSON:
        return False
    row = _kb_names_in_a_row(match, gazetteer, PERSON)
    return len(row) >= 2 and row[-1].end == match.end


def _name_and_body(match: Match, named: _Overlaps, folded: str) -> bool:
    """A model ORG that is a KB person's, a place's or a unit's name and the body around them
    (泽连斯基办公室, 美国代表团, 上海代表团, 以色列当局, 加沙师指挥部): the name is the mention; the
    body's word stays outside. A model span of any label that is only a ship's type, or a place and
    one (驱逐舰, 美国驱逐舰), names no ship. ``named`` are the KB's and the rules' matches."""
    if match.source != "model":
        return False
    if _SHIP_TYPE.fullmatch(folded, match.start, match.end):
        return True  # 驱逐舰 alone names no ship (驱逐舰“拉森”号: the name is in the quotes)
    if match.label != ORG and match.label != MILITARY_UNIT:
        return False
    for g in named(match.start, match.end):
        rest = folded[g.end:match.end]
        if g.start == match.start and (g.label == PERSON and rest in _PERSON_BODIES
                                       or g.label == PLACE and (rest in _COUNTRY_BODIES or _SHIP_TYPE.fullmatch(rest))
                                       or g.label == MILITARY_UNIT and rest in _UNIT_BODIES):
            return True
    return False


_HAN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def _split_at_spaces(matches: list[Match], gazetteer: _Overlaps, text: str) -> list[Match]:
    """A model span cut at a space between Chinese characters where a KB name ends or begins at
    the space: a headline's words (柏林 默茨表示, 法希尔 联合国) are names of their own. A name written
    with spaces the KB does not know stays whole (唐纳德 史密斯, 李　岚　清); a place or an organisation
    is cut at one space between words (乌维拉 美斡旋: 乌维拉), and one that runs over
    two is a headline's phrases run together (烏克蘭能源設施 多州停電 烏國能源部) and no name."""
    out = []
    for m in matches:
        spaces = list(_HAN_SPACE.finditer(text, m.start, m.end)) if m.source == "model" else []
        edges = [m.start, *(i for space in spaces for i in space.span()), m.end]
        if m.label != PERSON and len(spaces) >= 2 and all(edges[i + 1] - edges[i] >= 2 for i in range(0, len(edges), 2)):
            continue
        if m.label != PERSON and len(spaces) == 1:
            cuts = [spaces[0].span()]  # 貝魯特南郊 稱擊斃真主黨, 乌维拉 美斡旋: two phrases of a headline
        else:
            cuts = [s.span() for s in spaces if any(g.end == s.start() or g.start == s.end()
                                                    for g in gazetteer(s.start() - 1, s.end() + 1))]
        out.extend(_pieces(m, cuts) if cuts else [m])
    return out


def _dotted_names_whole(matches: list[Match], gazetteer: _Overlaps, text: str) -> list[Match]:
    """A model person that ends in a name dot takes the name after the dot, a KB place's though it
    be (丹泽尔·华盛顿, 乔治·华盛顿): a dotted name is one person's (SCHEMA: PERSON, full name)."""
    out, inside = [], []
    for m in matches:
        if m.source == "model" and m.label == PERSON and text[m.end - 1:m.end] in NAME_DOTS:
            after = [g for g in gazetteer(m.end, m.end + 1) if g.start == m.end]
            if after:
                end = max(g.end for g in after)
                inside.append((m.end, end))
                m = _reshaped(m, end=end)
        out.append(m)
    return [m for m in out if not (m.source == "gazetteer" and any(s <= m.start and m.end <= e for s, e in inside))]


def _latin_phrase(span: str) -> bool:
    """A model span of several Latin-script words, one of them a lower-case word that no name holds
    (Zelensky said on Telegram, U.S. officials): a phrase of an English sentence, not a name."""
    if not span.isascii():
        return False
    words = _LATIN_WORD.findall(span)
    return len(words) >= 2 and any(w[0].islower() and w.lower() not in _NAME_PARTICLES
                                   and w.split("-", 1)[0].lower() not in _HYPHENED_PARTICLES for w in words)


# A state's ministry (国防部, 外交部, 统一部) after the places that say where it sits; not a city's own
# department (北京市委宣传部 is one name).
_MINISTRY_NAME = re.compile(r"(?:国防|外交|统一|国土安全|内政|财政|司法|商务|国家安全|情报)部|国防省|外务省")


def _after_city(match: Match, gazetteer: _Overlaps, folded: str) -> Match:
    """A model organisation read across the KB places that say where a ministry sits and the
    ministry (首尔国防部, 首尔龙山区国防部): the ministry alone, the places being names of their
    own; a country before it is the ministry's name (俄罗斯国防部)."""
    if match.source != "model" or match.label != ORG:
        return match
    places = [g for g in _kb_names_in_a_row(match, gazetteer, PLACE) if g.end < match.end]
    if (places and not any(folded[g.start:g.end] in country_words() for g in places)
            and _MINISTRY_NAME.fullmatch(folded, places[-1].end, match.end)):
        return _reshaped(match, start=places[-1].end)
    return match


class _Overlaps:
    """Matches that overlap a span, found by bisection: articles can hold thousands."""

    def __init__(self, matches: list[Match]) -> None:
        self.matches = sorted(matches, key=lambda m: m.start)
        self.starts = [m.start for m in self.matches]
        self.longest = max((m.end - m.start for m in self.matches), default=0)

    def __call__(self, start: int, end: int) -> Iterator[Match]:
        lo = bisect_left(self.starts, start - self.longest + 1)
        for m in self.matches[lo:bisect_left(self.starts, end)]:
            if m.end > start:
                yield m


def _dotted_name(text: str, start: int, end: int) -> bool:
    """Whether a name dot stands inside ``text[start:end]`` between two of its characters."""
    return any(ch in NAME_DOTS for ch in text[start + 1:end - 1])


# Countries' one-character short forms that are no surnames: before a place they are the country's
# (俄梁赞 is Russia's Ryazan, not a person 俄 + 梁赞).
_SHORT_FORMS_NO_SURNAME = frozenset("俄乌美朝叙")


def _given_name(match: Match, names: _Overlaps, text: str) -> bool:
    """Whether a two-character KB or rule name of another kind is the given name of a Chinese
    person the model read, a surname and two characters (德军 in 刘德军, 朝阳 in 王朝阳). Not after
    a preposition the model may have read as a surname (驻美军), and a place not after 于/於, a
    surname far more often "at" before a place (於金門限制水域)."""
    return (bool(text) and match.source != "model" and match.label != PERSON and match.end - match.start == 2
            and any(p.label == PERSON and (p.start + 1, p.end) == (match.start, match.end)
                    and CJK.match(text[p.start]) and text[p.start] not in TRIGGERS
                    and not (match.label == PLACE and text[p.start] in "于於")
                    and text[p.start] not in _SHORT_FORMS_NO_SURNAME
                    for p in names(match.start, match.end)))


def _joined_names(match: Match, inside: list[Match], text: str) -> bool:
    """Whether a span is two or more KB names, each joined to the next by one function word, or a
    model ORG that is KB names written together ending in a place's (北约布鲁塞尔, 哈马斯加沙, 伊朗
    布什尔核电站); a country and its ministry (俄罗斯外交部) end in an organisation's."""
    names = _tiling(match.start, match.end, inside, text)
    if len(names) < 2:
        return False
    if all(a.end == b.start for a, b in zip(names, names[1:])):
        # An organisation's name and a place's (北约布鲁塞尔), or places only (伊朗布什尔核电站); a
        # city's and an organisation's (维也纳联合国, 華府白宮), not a country's (俄罗斯外交部).
        return match.label == ORG and (names[-1].label == PLACE or (
            len(names) == 2 and names[0].label == PLACE and names[1].label == ORG and names[0].end - names[0].start >= 2
            and fold(text[names[0].start:names[0].end]) not in country_words()))
    return all(text[a.end:b.start] in _JOINERS for a, b in zip(names, names[1:]))


# Verbs the model reads into one name with the names around them (特朗普派国民警卫队, 伊利诺伊州部署国民警卫队);
# no word of an organisation's own name (反对派, 援助组织, 制裁委员会).
_VERBS_BETWEEN = ("派遣", "部署", "派驻", "调派", "动用", "出动", "会见", "会晤", "致电", "谴责", "袭击", "轰炸", "攻打")
# 派 ("sends") only before troops or envoys (特朗普派国民警卫队; not 反对派联盟).
_SENDS = re.compile(r"派(?=国民警卫队|军队|部队|军舰|士兵|特使|代表团)")


# What the press writes between a country and its organisation's name, which is no part of either
# (朝鲜官媒朝中社, 俄罗斯国家媒体塔斯社, 韩国在野党共同民主党).
_DESCRIPTORS = frozenset({"官媒", "官方媒体", "国家媒体", "国营媒体", "官方通讯社", "国家通讯社", "国营通讯社",
                          "媒体", "执政党", "反对党", "在野党", "最大在野党", "第一大在野党",
                          "智库", "知名智库", "著名智库", "民调机构"})


# (媒体 alone begins names too: 新加坡媒体发展管理局.)
_DESCRIPTORS_LONGEST_FIRST = tuple(sorted(_DESCRIPTORS - {"媒体"}, key=len, reverse=True))


def _with_first_syllable(match: Match, gazetteer: _Overlaps, folded: str) -> Match:
    """A model place of a transliterated name that lost its first character to the word before
    (了新帕夫利夫卡 read as 了新 + 帕夫利夫卡, 和别列佐韦 as 和别 + 列佐韦) begins with it: 新 (Nova-) and the
    syllables transliterations begin with, after a particle or a conjunction."""
    start = match.start
    if (match.source != "model" or match.label not in (PLACE, PERSON) or start < 2 or match.end - start < 3
            or folded[start - 2] not in _BEFORE_A_TOPONYM or any(gazetteer(start - 1, match.end))):
        return match
    foreign = sum(c in TRANSLITERATION_CHARS for c in folded[start:match.end]) >= 2
    if folded[start - 1] in "新别" or (match.label == PLACE and foreign and folded[start - 1] in TRANSLITERATION_CHARS):
        return _reshaped(match, start=start - 1)
    return match


_BEFORE_A_TOPONYM = frozenset("了和与及、，,在从向至到")


def _with_suffix(match: Match, gazetteer: _Overlaps, folded: str) -> Match:
    """A model place of a transliterated name followed by an administrative suffix takes it (SCHEMA:
    the longest name; 库拉姆地区, 尤纳基夫卡村), unless the suffix begins another word (巴黎市长, 州长)."""
    if match.source != "model" or match.label != PLACE or any(gazetteer(match.start, match.end)):
        return match
    facility = next((s for s in _FACILITY_AFTER if folded.startswith(s, match.end)), "")
    if facility and match.end - match.start >= 2:
        return _reshaped(match, end=match.end + len(facility))  # 图们江公路 + 大桥: the named bridge
    suffix = next((s for s in _ADMIN_SUFFIXES if folded.startswith(s, match.end)), "")
    end = match.end + len(suffix)
    # 大区 is a region's whatever the name (莫普提大區), though not in 大区域 ("a large area").
    foreign = sum(c in TRANSLITERATION_CHARS for c in folded[match.start:match.end]) >= 2 or (
        suffix == "大区" and folded[end:end + 1] != "域")
    if not suffix or not foreign or folded.startswith(_SUFFIX_WORDS, match.end):
        return match
    return _reshaped(match, end=end)


# Facilities a model place may stop short of (图们江公路大桥): the named facility is the place.
_FACILITY_AFTER = ("大桥", "大坝", "水电站", "核电站")
# Administrative suffixes a model place may stop short of, and the words they begin instead.
_ADMIN_SUFFIXES = ("大区", "地区", "州", "省", "县", "镇", "村", "郡")
_SUFFIX_WORDS = ("州长", "州立", "州议", "州政府", "省长", "省委", "省级", "省政府", "县长", "县委", "县城", "县政府",
                 "镇长", "镇政府", "村民", "村长", "村庄", "郡长", "地区性")


def _against_kb_names(match: Match, gazetteer: _Overlaps, folded: str) -> Match:
    """A model span reshaped by the KB names inside or next to it (``_RESHAPED_BY_KB``, in order)."""
    for reshape in _RESHAPED_BY_KB:
        match = reshape(match, gazetteer, folded)
    return match


def _kb_names_at_start(match: Match, gazetteer: _Overlaps, label: str) -> list[Match]:
    """The KB names of ``label`` that begin where ``match`` begins."""
    return [g for g in gazetteer(match.start, match.end) if g.label == label and g.start == match.start]


def _body_and_party(match: Match, gazetteer: _Overlaps, folded: str) -> Match:
    """A model ORG that is a KB body and a party's name (参议院军事委员会民主党, the party's members of the
    committee) is the party: the KB gives the body."""
    if match.source != "model" or match.label != ORG:
        return match
    body = next(iter(_kb_names_at_start(match, gazetteer, ORG)), None)
    if body is not None and 2 <= match.end - body.end <= 5 and folded.endswith("党", body.end, match.end):
        return _reshaped(match, start=body.end)
    return match


def _without_descriptor(match: Match, gazetteer: _Overlaps, folded: str) -> Match:
    """A model ORG that is a KB country, a descriptor and a name the KB lacks (黎巴嫩官方通讯社国家通讯社)
    is that name: the KB gives the country, and the descriptor is no part of either."""
    if match.source != "model" or match.label != ORG:
        return match
    country = next(iter(_kb_names_at_start(match, gazetteer, PLACE)), None)
    if country is None:
        return match
    descriptor = next((d for d in _DESCRIPTORS_LONGEST_FIRST if folded.startswith(d, country.end)), "")
    body = country.end + len(descriptor)
    if descriptor and match.end - body >= 2 and not any(g.start == body and g.end == match.end for g in gazetteer(body, match.end)):
        return _reshaped(match, start=body)
    return match


def _described_name(match: Match, inside: list[Match], folded: str) -> bool:
    """Whether a model ORG is a country, a descriptor and a KB organisation (朝鲜官媒朝中社)."""
    if match.label != ORG:
        return False
    country = next((g for g in inside if g.label == PLACE and g.start == match.start), None)
    body = next((g for g in inside if g.label == ORG and g.end == match.end), None)
    return (country is not None and body is not None and country.end < body.start
            and folded[country.end:body.start] in _DESCRIPTORS)


def _tiling(start: int, end: int, inside: list[Match], text: str) -> list[Match]:
    """KB names that cover ``text[start:end]`` one after another, each followed by the next or one
    function word (empty when they do not)."""
    names = sorted((g for g in inside if start <= g.start and g.end <= end), key=lambda g: (g.start, -g.end))
    chain: list[Match] = []
    pos = start
    for g in names:
        if g.start == pos or (chain and g.start == pos + 1 and text[pos] in _JOINERS):
            chain.append(g)
            pos = g.end
    return chain if chain and pos == end else []


# A model organisation's 总部 after names (北约布鲁塞尔总部, 联合国总部) is no part of them (SCHEMA:
# the generic noun stays outside).
_HEADQUARTERS = "总部"


def _without_headquarters(match: Match, gazetteer: _Overlaps, text: str, folded: str) -> Match:
    end = match.end - len(_HEADQUARTERS)
    if (match.source == "model" and match.label in (ORG, PLACE) and folded.endswith(_HEADQUARTERS, match.start, match.end)
            and _tiling(match.start, end, list(gazetteer(match.start, end)), text)):
        return _reshaped(match, end=end)
    return match


# A region's designator that a town's name follows directly in war reports (顿涅茨克州斯捷普诺霍尔斯克).
_SUBDIVISION_ENDS = ("州", "省", "地区", "边疆区", "共和国")


def _after_region(match: Match, gazetteer: _Overlaps, folded: str) -> Match:
    """A model person or place that runs from a KB region into a transliterated name written right
    after it (扎波罗热州斯捷普诺霍尔斯克, read as one person) is that name, a place in the region:
    the KB gives the region itself."""
    if match.source != "model" or match.label not in (PERSON, PLACE):
        return match
    inside = list(gazetteer(match.start, match.end))
    if len(inside) != 1:
        return match
    region = inside[0]
    rest = folded[region.end:match.end]
    if (region.label == PLACE and region.start == match.start and folded.endswith(_SUBDIVISION_ENDS, region.start, region.end)
            and len(rest) >= 3 and sum(c in TRANSLITERATION_CHARS for c in rest) >= 2):
        return _reshaped(match, start=region.end, label=PLACE)
    return match


# Verbs after which a transliterated name is a place taken or left (攻占新格罗季夫卡, 从X撤出 is the
# linker's affair), and the endings of Slavic villages' and towns' names (-ivka, -ske, -grad).
_CAPTURE = re.compile(r"(?:攻占|占领|解放|收复|夺取|夺回|攻入|突入|推进至|推进到|逼近)了?$")
# Words around a name that only a place takes: an axis or a neighbourhood after it (胡利艾波勒方向,
# 托尔哈姆口岸), a list of places (巴焦尔、库拉姆等地, 庫塔伊西和祖格迪迪等城市), a kind of place before it (港口伊兹梅尔, 重镇乌维拉).
_PLACE_AFTER = re.compile(r"(?:[（(][^（()）\n]{1,30}[)）])?"  # a gloss: 克里希纳加蒂（Krishna Ghati）地段
                          r"(?:方向|一带|附近|郊区|郊外|境内|市中心|口岸|港口|地段|防区"
                          # An item of a list of places: names joined by 、和及 (no verb or preposition
                          # among them: 王建国、李红梅夫妇曾在广州等地 is no list of places), or 以及.
                          r"|(?:[、和及][^、，,。；;！？!?\s在于向往到赴去分前曾将已正的人（()）]{1,6}(?:[（(][^（()）\n]{1,30}[)）])?)*"
                          r"(?:(?:[，,]以及[^。；;！？!?\n]{0,12}?)?等(?:地区|地|城市|城镇|省份|省|州)"
                          # … a list closed by its count of places (库奈特拉、德拉和苏韦达三省, 三个边贸口岸,
                          # 梅迪宁凯（Medininkai）和沙尔奇宁凯（Šalčininkai）两个陆路口岸)
                          r"|[两三四五六七八九十几数]+个?(?:边贸|边境|陆路|陆上|过境)?"
                          r"(?:省|州|口岸|城市|城镇|地区|市|县|镇|国|居民点|定居点|村庄|村镇|村)))")
# Troops sent to a place (向波特兰派驻国民警卫队).
_SENT_TO = re.compile(r"(?:派驻|派兵|增兵|增派|派遣|部署)")
_PLACE_BEFORE = ("港口", "港城", "城市", "城镇", "小镇", "重镇", "村庄", "首都", "首府", "口岸", "边境城市", "要塞",
                 "南郊", "北郊", "东郊", "西郊", "郊区")  # 贝鲁特南郊达希耶
_TOPONYM_ENDS = ("夫卡", "诺耶", "斯科耶", "茨科耶", "格勒")
_NOT_TOPONYM_ENDS = ("卡夫卡",)  # 弗朗茨卡夫卡 is Franz Kafka


def _place_names(matches: list[Match], folded: str) -> dict[str, set[int]]:
    """Where the document writes a name that is surely a place's: a KB place's, or the stem of a
    place written with its suffix (乌斯彭尼夫卡 of 乌斯彭尼夫卡村). A bare name the model read as a
    place once may be its error."""
    names: dict[str, set[int]] = {}
    for m in matches:
        if m.label == PLACE and m.priority != WEAK_PRIORITY:
            name = folded[m.start:m.end]
            if m.source == "gazetteer":
                names.setdefault(name, set()).add(m.start)
            stem, suffix, _ = split_suffix(name)
            if suffix and len(stem) >= 2:
                names.setdefault(stem, set()).add(m.start)
            elif m.source == "model" and len(name) >= 3 and _DISTANCE_BEFORE.search(folded, max(0, m.start - 14), m.start):
                names.setdefault(name, set()).add(m.start)  # 以南约30公里的斯捷普诺戈尔斯克: surely a place
    return names


# A distance and a direction from somewhere, right before a place (以南约30公里的, 东北20公里处的).
_DISTANCE_BEFORE = re.compile(r"[以东西南北]{1,3}约?[0-9０-９.一二三四五六七八九十百]+(?:多)?(?:公里|千米|英里)处?的?$")


def _plant_as_place(match: Match, folded: str, gazetteer: _Overlaps) -> Match:
    """A model ORG that names a plant or a piece of infrastructure (新古比雪夫斯克炼油厂) is a PLACE;
    one that begins with a country before the KB place the plant is named after starts at that
    place (俄罗斯 + 萨拉托夫炼油厂)."""
    if match.source != "model" or match.label not in (ORG, PLACE) or not folded.endswith(_PLANTS, match.start, match.end):
        return match  # (a model PLACE too: 丹麦机场 is Denmark's airports)
    places = sorted((g for g in gazetteer(match.start, match.end)
                     if g.label == PLACE and match.start <= g.start and g.end < match.end), key=lambda g: g.start)
    if len(places) >= 2 and places[0].start == match.start and folded[places[-1].end:match.end] in _PLANTS:
        return _reshaped(match, start=places[-1].start, label=PLACE)
    if (len(places) == 1 and places[0].start == match.start
            and folded[places[0].start:places[0].end] in country_words()
            and _COUNTRYS_PLANTS.fullmatch(folded, places[0].end, match.end)):
        return _reshaped(match, end=places[0].end, label=PLACE)  # 俄罗斯炼油厂: Russia's refineries, no name
    if not places and folded[match.start] in STRONG_SHORT and _COUNTRYS_PLANTS.fullmatch(folded, match.start + 1, match.end):
        return _reshaped(match, end=match.start + 1, label=PLACE)  # 俄多座炼油厂
    return _reshaped(match, label=PLACE)


def _country_and_weapon(match: Match, folded: str, gazetteer: _Overlaps) -> Match:
    """A model name that is a KB country and a kind of weapon or warship is the country (南韓核動力潛艦:
    South Korea's nuclear submarines are no organisation)."""
    if match.source != "model" or match.label == PLACE:
        return match
    country = _kb_names_at_start(match, gazetteer, PLACE)
    if (len(country) == 1 and folded[match.start:country[0].end] in country_words()
            and _KIND_OF_WEAPON.fullmatch(folded, country[0].end, match.end)):
        return _reshaped(match, end=country[0].end, label=PLACE)
    return match


# Kinds of weapons and warships after a country's name (核动力潜艇, 新型驱逐舰, 高超音速导弹).
_KIND_OF_WEAPON = re.compile(r"(?:核动力|常规动力|新型|国产|首艘)?(?:" + SHIP_TYPES + "|潜舰|核潜舰|" + _WEAPONS.pattern + ")")


# A country's plants of a kind, named by none of them (俄罗斯炼油厂, 俄多座炼油厂).
_COUNTRYS_PLANTS = re.compile(f"(?:[多数几一两三四五六七八九十]+[座家个处])?(?:{'|'.join(_PLANTS)})")


def _place_read_as_person(match: Match, folded: str, cued_persons: frozenset[str]) -> Match:
    """A model place whose name the document reads as a person's elsewhere (过渡总统沙拉 … 沙拉政府;
    马兹卢姆·阿卜迪 … 与阿卜迪达成停火: the last part of a dotted name); not one written as a place
    here, before a place's suffix or after a locative (西藏阿里地区)."""
    if (match.source == "model" and match.label == PLACE and folded[match.start:match.end] in cued_persons
            and not folded.startswith(_PLACE_SUFFIX_WORDS, match.end) and not _after_locative(match, folded)):
        return _reshaped(match, label=PERSON)
    return match


def _person_read_as_place(match: Match, text: str, folded: str, places: dict[str, set[int]],
                          cued_persons: frozenset[str] = frozenset()) -> Match:
    """A model person (no dotted name) that the document writes as a place elsewhere, that follows
    a verb of taking a place (俄军攻占新格罗季夫卡), whose name ends like a Slavic village's or
    town's (扎里奇涅 aside: 新格罗季夫卡, 斯拉维扬诺耶), or that words only a place takes stand
    around (胡利艾波勒方向, 港口伊兹梅尔, 巴焦尔、库拉姆等地) is that place; not a name the document
    reads as a person's after a title or before a verb of saying (``cued_persons``)."""
    if (match.source != "model" or match.label != PERSON or _dotted_name(text, match.start, match.end)
            or _after_credit_word(text, match.start) or folded[match.start:match.end] in cued_persons):
        return match  # a reporter's name stays a person's (作者：马利)
    name = folded[match.start:match.end]
    if (places.get(name, set()) - {match.start}
            or (len(name) >= 4 and name.endswith(_TOPONYM_ENDS) and not name.endswith(_NOT_TOPONYM_ENDS))
            or _CAPTURE.search(folded, max(0, match.start - 5), match.start)
            or _PLACE_AFTER.match(folded, match.end) or folded.endswith(_PLACE_BEFORE, 0, match.start)
            or folded.endswith("向", 0, match.start) and _SENT_TO.match(folded, match.end)):
        return _reshaped(match, label=PLACE)
    return match


def _after_locative(match: Match, folded: str) -> bool:
    """Whether 在, 赴, 抵达, 前往 … stands right before ``match`` (在迈阿密会见; not the 在 of 现在,
    nor that of 在桑托斯看来)."""
    start = match.start
    if folded.startswith(_IN_VIEW, match.end):
        return False
    return any(folded.endswith(word, 0, start)
               and not (word == "在" and folded[start - 2:start - 1] in _NOT_LOCATIVE_ZAI) for word in _LOCATIVES)


def _person_cue(match: Match, folded: str, person_tails: frozenset[str]) -> bool:
    """Whether the text reads a person's name at ``match``: the last part of a person's dotted name
    in the document (桑托斯 after 胡安·曼努埃尔·桑托斯), after a title (总统克利夫兰), before a verb
    of saying (桑托斯9日说) or in 在 … 看来."""
    return (folded[match.start:match.end] in person_tails or folded.endswith(_PERSON_TITLES, 0, match.start)
            or bool(_SAYS.match(folded, match.end))
            or folded.startswith(_IN_VIEW, match.end) and folded.endswith("在", 0, match.start))


def _effective_priority(match: Match, gazetteer: _Overlaps, text: str, folded: str,
                        person_names: frozenset[str] = frozenset()) -> int:
    """``folded`` is ``fold(text)``: the words after a name are listed in simplified script.
    ``person_names`` are the GeoNames cities' names that the document reads as people's."""
    if match.source != "model":
        if match.priority == WEAK_PRIORITY:
            # A GeoNames city is the KB's place unless the document reads a person there; after a
            # locative it is the place all the same.
            person = folded[match.start:match.end] in person_names and not _after_locative(match, folded)
            return WEAK_PRIORITY if person else _KB_PRIORITY
        return match.priority
    inside = list(gazetteer(match.start, match.end))
    if _joined_names(match, inside, text) or _described_name(match, inside, folded):
        return match.priority  # 多哈对半岛电视台, 朝鲜官媒朝中社: names and the words between them
    inside_other_label = False
    same_label = []
    for g in inside:
        if g.start < match.start or g.end > match.end:
            return match.priority  # a KB name crosses its boundary: the boundary is suspect
        if g.label == MILITARY_UNIT and match.label != MILITARY_UNIT and (
                g.end == match.end or _SHIP_GROUP.fullmatch(folded, g.end, match.end)) and any(
                p.label == PLACE and (p.start, p.end) == (match.start, g.start) for p in inside):
            return match.priority  # 英国 + 伊丽莎白女王号航母(打击群): a country and a KB unit read as one name
        if (g.start, g.end) == (match.start, match.end):
            # The same name: the KB knows its label better, except for a person named in a
            # byline (SCHEMA: reporters are PERSON), whose name may also be a place's (作者：马利).
            if match.label == PERSON and g.label != PERSON and _after_credit_word(text, match.start):
                return _CONTAINER_PRIORITY
            return match.priority
        if g.label != match.label:
            inside_other_label = True
        else:
            same_label.append(g)
    # A transliterated name after a title that ends in a KB place's name (主席阿莫罗索 holds 罗索,
    # Roseau): the person.
    if (match.label == PERSON and inside and all(g.label == PLACE and g.end == match.end for g in inside)
            and min(g.start for g in inside) >= match.start + 2 and folded.endswith(_PERSON_TITLES, 0, match.start)):
        return _CONTAINER_PRIORITY
    # A country and a person's name read as one (叙利亚阿萨德政权): two names.
    if (len(inside) == 2 and inside[0].label == PLACE and inside[1].label == PERSON
            and (inside[0].start, inside[0].end, inside[1].end) == (match.start, inside[1].start, match.end)):
        return match.priority
    # A KB person and 涉华, 涉台 … (高市早苗涉台 of 高市早苗涉台言论), whatever the model's label: the person.
    if (len(inside) == 1 and inside[0].label == PERSON and inside[0].start == match.start
            and folded[inside[0].end:match.end] in _CONCERNING):
        return match.priority
    # A KB place and one more character that is no designator (红海航 of 红海航行, 地中海军 of 地中海军演):
    # the model ran into the next word.
    if (match.label in (ORG, PLACE) and len(inside) == 1 and inside[0].label == PLACE
            and inside[0].start == match.start and match.end - inside[0].end == 1
            and folded[match.end - 1] not in _ONE_CHAR_DESIGNATORS):
        return match.priority
    # An organisation or a place may hold another name (俄罗斯外交部, 金日成广场); a
    # person's name holding a place (切尔尼戈夫三州 as PERSON) is a model error, unless a name dot
    # joins the parts of a transliterated name (米兰·昆德拉, 华盛顿·欧文).
    if inside_other_label and (match.label != PERSON or _dotted_name(text, match.start, match.end)):
        return _CONTAINER_PRIORITY
    # A place inside a long transliterated name, with syllables on both sides, is a syllable run
    # of that name (蘭德里亞尼里納 holds 德里, Delhi).
    if (match.label == PERSON and inside_other_label and match.end - match.start >= 5
            and all(match.start < g.start and g.end < match.end for g in inside if g.label != PERSON)):
        return _CONTAINER_PRIORITY
    # A person's name that ends in (or holds) another person's KB name is a longer name, not
    # that person: transliterations share syllables (萨拉米 holds 拉米, Lammy's short form).
    # A KB name at the start stays when the model ran on past the name into a title or what is
    # said of the person (普京总统, 拜登说); before anything else the model read a longer name
    # (莫迪凯, 拉米雷斯, 杜达富).
    if match.label == PERSON and same_label and all(
            g.start > match.start or not folded.startswith(_AFTER_NAME, g.end) for g in same_label):
        return _CONTAINER_PRIORITY
    # A direction before a KB place is a part of it the KB does not list (北太平洋, 东耶路撒冷).
    if (match.label == PLACE and len(same_label) == 1 and (same_label[0].start, same_label[0].end)
            == (match.start + 1, match.end) and folded[match.start] in "东西南北"):
        return _CONTAINER_PRIORITY
    # A KB name continued to a designator is the longer name (SCHEMA: the longest name that
    # denotes the entity): a place + its suffix (香港特区, 东海县, 山东半岛) or + a named
    # facility (中国美术馆), an organisation + a body of it (联合国教科文组织; not 中央电视台 +
    # the 台 of 台长). Two KB names inside are two names written together
    # (俄罗斯联邦库尔斯克地区); 济南军区 is not a place + suffix. A country's one-character short
    # form may come first (俄国家杜马地缘政治委员会).
    if len(same_label) == 1 and text and (same_label[0].start == match.start or (
            match.label == ORG and same_label[0].start == match.start + 1 and text[match.start] in STRONG_SHORT)):
        rest = folded[same_label[0].end:match.end]  # 桃園機場 too
        if (match.label == PLACE
                and (rest in _PLACE_SUFFIXES or (len(rest) > 1 and rest.endswith(_FACILITY_ENDS + _PLANTS))
                     or _HYPHENATED_REST.fullmatch(rest))
                or (match.label == ORG and len(rest) > 1 and rest.endswith(_ORG_SUFFIXES)
                    and rest not in _PREMISES)):
            return _CONTAINER_PRIORITY
    return match.priority


# The rest of a hyphenated place name after its first part (库皮扬斯克-沃兹洛维, Kupiansk-Vuzlovyi: a
# town of its own, not Kupiansk).
_HYPHENATED_REST = re.compile(r"[-‐‑－–—][\u3400-\u9fff]{2,}")


def _widened(match: Match, gazetteer: _Overlaps) -> Match:
    """A rule match widened to a KB name of its label that holds it (也门胡塞武装 over 胡塞武装:
    the country written before a unit belongs to its span); the rule's attributes stay."""
    if match.source != "rule":
        return match
    outer = [g for g in gazetteer(match.start, match.end) if g.label == match.label
             and g.start <= match.start and match.end <= g.end and (g.start, g.end) != (match.start, match.end)]
    if not outer:
        return match
    g = max(outer, key=lambda g: g.end - g.start)
    return _reshaped(match, start=g.start, end=g.end, kb_id=g.kb_id or match.kb_id)


# What follows 海巡 / 海警 in a patrol or a watch at sea (巡逻, 巡航, 巡弋, 警戒): no coast guard.
_PATROL_TAILS = frozenset("逻航弋视查戒惕")


def _sea_or_patrol(match: Match, folded: str) -> bool:
    """A coast guard's name that is a patrol in a sea (在菲律宾海巡逻, 在日本海警戒), or a sea's name
    before the coast guard's 海巡 / 海警 (菲律賓海巡, 日本海警船): no name as written."""
    after, then = folded[match.end:match.end + 1], folded[match.end + 1:match.end + 2]
    name = folded[match.start:match.end]
    if match.source != "model" and name.endswith(("海巡", "海警")):
        return after in _PATROL_TAILS
    return match.label == PLACE and name.endswith("海") and after in ("巡", "警") and then not in _PATROL_TAILS


def _disarmed(match: Match, folded: str) -> bool:
    """A group's 武装 after 解除 is the object of "disarm" (解除真主党武装): no unit, whichever
    component proposed it."""
    return (match.label == MILITARY_UNIT and folded.endswith("武装", match.start, match.end)
            and folded.endswith(DISARM, 0, match.start))


def _unit_inside_kb_org(match: Match, gazetteer: _Overlaps) -> bool:
    """A rule's unit inside a longer KB organisation's name (人民动员力量 of 人民动员力量委员会,
    俄军总参谋部 of 俄军总参谋部情报总局, the GRU): the organisation is the longest name."""
    return match.source == "rule" and match.label == MILITARY_UNIT and any(
        g.label == ORG and g.start <= match.start and match.end <= g.end and g.end - g.start > match.end - match.start
        for g in gazetteer(match.start, match.end))


def _before_rank(match: Match, folded: str) -> Match:
    """A model person that ran into the first character of a rank after the name (蒋斌大 of
    蒋斌大校) ends where the rank begins; not where the rank's last character begins another
    word (张建中 + 校长 is a principal, 刘大 + 校长 too). So does one that ran into the first
    character of 稍早, 稍晚, 稍后 (趙顯 + 稍早)."""
    cut = match.end - 1
    if match.source != "model" or match.label != PERSON or cut < match.start + 2:
        return match
    rank = folded.startswith(_RANKS, cut) and not folded.startswith(_NOT_RANK, cut + 1)
    return _reshaped(match, end=cut) if rank or folded[cut:cut + 2] in _EARLIER_LATER else match


# Last characters of names that also begin a word of comparison or count (安德拉比 + 28日表示 read as
# 安德拉 + 比, "than"; 细谷雄一 + 对 read as 一对, "a pair").
_NAME_ENDS_READ_AS_WORDS = "比一"
# What follows the name then: a day and a verb of saying, or 对 ("to") before whom it was said.
_AFTER_SPEAKER = re.compile(_SAYS.pattern + "|对[^，,。；;！？!?\n]{1,12}?(?:" + "|".join(_SAYING) + ")")


def _with_last_character(match: Match, folded: str) -> Match:
    """A model person that stopped before its name's last character where that character began a
    word with the next (安德拉 of 安德拉比28日表示, 细谷雄 of 细谷雄一对记者表示) is the whole name."""
    end = match.end
    if (match.source == "model" and match.label == PERSON and end - match.start >= 2 and end < len(folded)
            and folded[end] in _NAME_ENDS_READ_AS_WORDS and _AFTER_SPEAKER.match(folded, end + 1)
            and (folded[end] == "比" or end - match.start >= 3)):  # 赵显一对媒体说: 赵显 and 一对
        return _reshaped(match, end=end + 1)
    return match


def _byline_person(match: Match, gazetteer: _Overlaps, text: str) -> Match:
    """A short model PLACE or ORG right after a credit word that the KB does not know is the
    reporter's name (记者黄河 刘恺: 黄河 is a person here; SCHEMA: reporters are PERSON)."""
    if (match.source != "model" or match.label not in (PLACE, ORG) or not 2 <= match.end - match.start <= 4
            or not all(CJK.match(ch) for ch in text[match.start:match.end])
            or not _after_credit_word(text, match.start)
            or any(g.start <= match.start and match.end <= g.end for g in gazetteer(match.start, match.end))):
        return match
    return _reshaped(match, label=PERSON)


# A reporter's name in a byline that begins with a country's (记者 韩国强, 编辑：美国华): one or two
# characters after the country, then the byline's end or the next name.
# (Not a report's words: 记者 朝鲜报道 is a report from North Korea.)
_MEDIA_ENDS = frozenset("网台社报刊")
# What ends a name in a byline's list: a space, a closing bracket, a list mark, the text's end.
_BYLINE_NAME_END = re.compile(r"[\s）)】\]、，,／/]|$")
# Natural features whose names are people's names too (黄河, 长江, 华山); a city in a byline is its
# dateline (记者 李明 陈静 香港).
_FEATURE_ENDS = frozenset("河江山湖海峰林川")
_NAME_AFTER_COUNTRY = re.compile(r"(?![报摄发电讯])[\u4e00-\u9fff]{1,2}(?=[\s）)】\]、，,／/]|$)")


def _byline_country_name(match: Match, gazetteer: _Overlaps, text: str) -> Match:
    """A KB place right after a credit word that a name's last characters follow is the
    reporter's name (SCHEMA: reporters are PERSON); not where a KB name follows it (记者 美国纽约,
    a dateline) or a medium's designator (中国网). So is a short KB place that is a whole name of
    the byline, alone or in its list (记者刘恺 黄河: the river's name is the second reporter's)."""
    if match.source != "gazetteer" or match.label != PLACE or not text:
        return match
    credited = _after_credit_word(text, match.start)
    name = fold(text[match.start:match.end])
    if (2 <= len(name) <= 3 and all(CJK.match(ch) for ch in name) and name[-1] in _FEATURE_ENDS
            and _BYLINE_NAME_END.match(text, match.end)
            and (credited or _BYLINE_LIST.search(text, max(0, match.start - 30), match.start))):
        return _reshaped(match, label=PERSON, kb_id="", source="rule", attrs={})
    if not credited:
        return match
    rest = _NAME_AFTER_COUNTRY.match(text, match.end)
    if (rest is None or any(g.start == match.end for g in gazetteer(match.end, match.end + 1))
            or fold(rest.group())[-1] in _MEDIA_ENDS):
        return match
    return _reshaped(match, end=rest.end(), label=PERSON, kb_id="", source="rule", attrs={})


def _byline_name(match: Match, gazetteer: _Overlaps, text: str) -> Match:
    """A model person after a credit word that runs into the dateline's place (记者林昀真台北25日电
    read as one name) is the reporter's name, cut where the KB place begins."""
    if match.source != "model" or match.label != PERSON or not text or not _after_credit_word(text, match.start):
        return match
    cut = min((g.start for g in gazetteer(match.start, match.end)
               if g.label == PLACE and g.start >= match.start + 2 and g.end >= match.end), default=None)
    if cut is None:
        return match
    return _reshaped(match, end=cut)


def _number_inside_name(match: Match, names: _Overlaps, gazetteer: _Overlaps) -> bool:
    """A number that begins a model name the name runs on past (四人帮, 三元朱村团支部), or that
    lies inside a longer KB name (军情六处, MI6, is no six places): part of the name, not a
    quantity. A count inside or at the end of a model span (广州三家远洋公司, 朝俄两国) stays a
    number."""
    if match.label != NUMBER:
        return False
    length = match.end - match.start
    return (any(n.start == match.start and match.end < n.end for n in names(match.start, match.end))
            or any(g.start <= match.start and match.end <= g.end and g.end - g.start > length
                   for g in gazetteer(match.start, match.end)))


def _country_then_will(match: Match, gazetteer: _Overlaps, text: str) -> bool:
    """A model ORG 美国会 / 中国会 that is a country and the modal 会 ("will": 美国会继续支持, 中国会
    坚定支持), not a parliament's short name (美国会通过 is Congress): the country stands alone."""
    if (match.source != "model" or match.label != ORG or match.end - match.start != 3
            or text[match.end - 2:match.end] != "国会" or not text.startswith(_AFTER_MODAL_HUI, match.end)):
        return False
    return any(g.label == PLACE and (g.start, g.end) == (match.start, match.end - 1)
               for g in gazetteer(match.start, match.end))


def _across_places(match: Match, gazetteer: _Overlaps, folded: str) -> Match:
    """A model span that begins inside a KB place and ends where the next KB place ends (道平泽 of
    京畿道平泽) read the two places' edge wrong: it is the second place."""
    if match.source != "model":
        return match
    places = [g for g in gazetteer(match.start, match.end) if g.label == PLACE]
    inside = any(g.start < match.start < g.end for g in places)
    last = next((g for g in places if g.end == match.end and g.start > match.start), None)
    if inside and last is not None:
        return _reshaped(match, start=last.start, label=PLACE)
    return match


# A town after its region, a descriptor, a party after a body, a suffix, a lost first syllable, the
# second of two places whose edge the model misread.
_RESHAPED_BY_KB = (_after_region, _without_descriptor, _body_and_party, _with_suffix, _with_first_syllable,
                   _across_places)


def choose(matches: list[Match], text: str = "") -> list[Match]:
    """Greedy choice: higher priority, then longer, then earlier, then higher score.

    Before it, rule matches widen to a KB name of their label that holds them, numbers that
    begin a model name or lie inside a KB name and short names that are a model person's given
    name are dropped, and a model ORG that names a plant becomes a PLACE;
    after it, a place before 军区 becomes a district, a place before 舰 a ship, and an ORG that
    runs from a state's name into a minister's title is cut there (the gazetteer's hints, priority
    ``STATE_PRIORITY``, which are never chosen themselves).
    With the text, model spans are first cut at separators (``split_model_spans``), a model
    span that continues a KB name to a designator outranks it, and a GeoNames city outranks the
    model unless the document reads a person there (``_effective_priority``).
    """
    # The gazetteer's hints for the cut before a minister's title are no candidates of their own.
    states = _Overlaps([m for m in matches if m.priority == STATE_PRIORITY])
    if text and ("记者" in text or "記者" in text):
        matches = matches + _credit_names(text)
    matches = [m for m in matches if m.priority != STATE_PRIORITY]
    # The word checks from here on read simplified characters (軍區 as 军区); offsets are the text's.
    folded = fold(text)
    if text:
        matches = split_model_spans(matches, text)
        # A KB name in a ship's quoted name is the ship's (货轮“伊斯坦布尔”号); warships are the unit rules'.
        # Nor is a name inside a power line's quoted name one, nor one the text around makes another word.
        matches = [m for m in matches if not (m.source == "gazetteer" and m.label in _NAME_LABELS
                                              and _inside_ship_name(m, text))
                   and not _another_word_here(m, folded)
                   and not (m.source in ("gazetteer", "model") and _power_line_name(m, text))]
    gazetteer = _Overlaps([m for m in matches if m.source == "gazetteer"])
    named = _Overlaps([m for m in matches if m.source != "model"])
    matches = [_against_kb_names(_without_headquarters(_after_city(m, gazetteer, folded), gazetteer, text, folded),
                                 gazetteer, folded)
               for m in matches if not _name_and_body(m, named, folded) and not _people_in_a_row(m, gazetteer)]
    matches = _dotted_names_whole(_split_at_spaces(matches, gazetteer, text), gazetteer, text)
    matches = [_without_outskirts(m, folded) for m in matches]
    matches = [_byline_country_name(_after_title(_with_last_character(_before_rank(m, folded), folded), gazetteer, folded),
                                    gazetteer, text) for m in matches]
    matches = [_widened(_byline_name(_byline_person(m, gazetteer, text), gazetteer, text), gazetteer) for m in matches]
    matches = [m for m in matches if not _unit_inside_kb_org(m, gazetteer) and not _sea_or_patrol(m, folded)
               and not _disarmed(m, folded)]
    matches = [_country_and_weapon(_plant_as_place(m, folded, gazetteer), folded, gazetteer) for m in matches]
    names = _Overlaps([m for m in matches if m.source == "model" and m.label in _NAME_LABELS])
    matches = [m for m in matches if not _number_inside_name(m, names, gazetteer)
               and not _country_then_will(m, gazetteer, folded) and not _given_name(m, names, text)]
    # The last parts of the model's dotted person names (桑托斯 of 胡安·曼努埃尔·桑托斯).
    person_tails = frozenset(dotted_parts(folded[m.start:m.end])[-1]
                             for m in matches if m.source == "model" and m.label == PERSON
                             and _dotted_name(text, m.start, m.end))
    # The model's names that the text reads as a person's once (过渡总统沙拉) are a person's in the
    # whole document (沙拉政府 is no place); other model persons the document writes as a place
    # elsewhere are that place.
    cued_persons = frozenset(folded[m.start:m.end] for m in matches if m.source == "model" and m.label == PERSON
                             and m.end - m.start >= 2 and _person_cue(m, folded, person_tails))
    cued_persons |= {tail for tail in person_tails if len(tail) >= 2}  # 马兹卢姆·阿卜迪 … 与阿卜迪
    places = _place_names(matches, folded)
    matches = [_person_read_as_place(_place_read_as_person(m, folded, cued_persons), text, folded, places, cued_persons)
               for m in matches]
    # A city's name the text reads as a person's once (总统桑托斯) is that person's in the whole document.
    person_names = frozenset(folded[m.start:m.end] for m in matches if m.priority == WEAK_PRIORITY
                             and not _after_locative(m, folded) and _person_cue(m, folded, person_tails))
    ranked = sorted(
        matches,
        key=lambda m: (-_effective_priority(m, gazetteer, text, folded, person_names), -(m.end - m.start), m.start,
                       -m.score),
    )
    taken: list[Match] = []
    occupied = bytearray(max((m.end for m in matches), default=0))
    for match in ranked:
        if any(occupied[match.start:match.end]):
            continue
        taken.append(match)
        occupied[match.start:match.end] = b"\x01" * (match.end - match.start)
    taken.sort(key=lambda m: m.start)
    if not text:
        return taken
    chosen = []
    for match in taken:
        match = _military_org(_short_form(match, folded), folded)
        if match is not None:
            chosen.extend(_ship(_district(piece, folded, occupied), folded, occupied)
                          for piece in _ministry_in_title(match, states, folded))
    chosen = _committees_of_fields(chosen, folded)
    glosses, replaced = _glosses(chosen, text, occupied)
    ends = {m.end for m in chosen}
    return sorted([m for m in chosen if m not in replaced and not _untagged_ship_gloss(m, ends, text)] + glosses,
                  key=lambda m: m.start)


# A legislature's committee named by its fields, a list (立法院外交及国防委员会, 乌克兰议会国家安全、
# 国防和情报委员会): the model ends the legislature before the list and reads the committee from
# a later field on. What lies between them is the list's first fields, each of two to six
# characters and followed by 、, 和, 及 or 与 (not 韩国国会和国防委员会, two bodies).
_LEGISLATURE_END = re.compile(r"(?:议会|国会|立法院|参议院|众议院|上议院|下议院|杜马|人大|拉达|议院)$")
_FIELDS = re.compile(r"(?:[\u4e00-\u9fff]{2,6}[、和及与])+")


def _committees_of_fields(chosen: list[Match], folded: str) -> list[Match]:
    """A legislature, a list of fields and a committee read as two ORGs are one committee's name,
    as the network reads a committee named by one field with its legislature (美国参议院外交关系委员会)."""
    out: list[Match] = []
    for match in chosen:
        last = out[-1] if out else None
        if (last is not None and last.label == ORG and match.label == ORG and match.source == "model"
                and folded.endswith("委员会", match.start, match.end)
                and _LEGISLATURE_END.search(folded, last.start, last.end)
                and _FIELDS.fullmatch(folded, last.end, match.start)):
            out[-1] = _reshaped(match, start=last.start, kb_id="")
            continue
        out.append(match)
    return out


# The bracket after a ship's quoted name and 号: “魔法海洋”号（Magic Seas）.
_SHIP_GLOSS_OPEN = re.compile(r"[”\"」』][号號][ \t]*[（(][ \t]*$")


def _untagged_ship_gloss(m: Match, ends: set[int], text: str) -> bool:
    """A model span in Latin letters glossing a ship's name that is no mention (the merchant ship
    “魔法海洋”号（Magic Seas）): it names the same ship, so it is none either. A warship's gloss
    (“杜鲁门”号（USS Harry S. Truman）) stays, as the unit rules tag the name before it."""
    opening = _SHIP_GLOSS_OPEN.search(text, max(0, m.start - 6), m.start)
    return (m.source == "model" and opening is not None and _LATIN_CHAR.match(text, m.start) is not None
            and opening.start() + 2 not in ends)


_GLOSSED_LABELS = _NAME_LABELS | {MILITARY_UNIT}
_CLOSING_QUOTES = frozenset(_QUOTES.values())
# A name or abbreviation in another script in brackets right after a name, or after the quotes
# around it: 以色列国防军（IDF）, “快速支援部队”（RSF）, 泽连斯基（Володимир Зеленський）, 金正恩（김정은）.
_GLOSS_FIRST = "A-ZＡ-Ｚ\u0400-\u04ff\uac00-\ud7a3\u3041-\u30ff"
_GLOSS_LAST = _GLOSS_FIRST + "a-zａ-ｚ0-9０-９."
_GLOSS = re.compile(r"[”\"」』]?[ \t]*[（(][ \t]*(?P<name>[" + _GLOSS_FIRST + r"][" + _GLOSS_LAST
                    + r"'’&\- 　・]{0,58}[" + _GLOSS_LAST + r"])[ \t]*[）)]")


def _glosses(chosen: list[Match], text: str, occupied: bytearray) -> tuple[list[Match], list[Match]]:
    """The names in another script in brackets after chosen names (SCHEMA: a separate mention of
    the same entity, which the linker gives the name's id), with the name's label; and the spans
    that took parts of them alone, which they replace."""
    out, replaced = [], []
    for match in chosen:
        gloss = _GLOSS.match(text, match.end) if match.label in _GLOSSED_LABELS else None
        if gloss is None or _latin_phrase(gloss.group("name")):
            continue
        if text[gloss.start()] in _CLOSING_QUOTES and text[match.start - 1:match.start] not in _QUOTES:
            continue  # the quote closes a quotation that ends with the name (…支持乌克兰”（AP）), not the name's
        start, end = gloss.span("name")
        # A part of the gloss taken alone (Zelenskyy of Volodymyr Zelenskyy) gives way to it.
        parts = [m for m in chosen if start <= m.start and m.end <= end]
        if any(occupied[gloss.start():start]) or any(occupied[end:gloss.end()]) or sum(
                m.end - m.start for m in parts) != sum(occupied[start:end]) or any(
                (m.start, m.end) == (start, end) for m in parts):
            continue  # taken whole already (the gazetteer's EU), or by something reaching outside it
        replaced.extend(parts)
        out.append(_reshaped(match, start=start, end=end, source="rule", attrs={}, kb_id=""))
    return out, replaced


def _ship(match: Match, text: str, occupied: bytearray) -> Match:
    """A place followed by 舰, or by 号 and a ship's type (辽宁号航母), is the warship named after it,
    and a 编队 / 打击群 after that the group named after the ship (SCHEMA: 辽宁舰, 辽宁舰编队 are
    MILITARY_UNIT); a model span written so (山东舰航母编队) is one too, whatever label the model
    gave it."""
    if match.label == MILITARY_UNIT and match.source == "gazetteer" and text[match.end - 1:match.end] in _SHIP_ENDS:
        group = _SHIP_GROUP.match(text, match.end)  # a KB ship's group: 林肯号航母打击群
        if group and not any(occupied[match.end:group.end()]):
            return _reshaped(match, end=group.end(), attrs={"echelon": "naval-group"}, kb_id="")
        return match
    if match.label not in (PLACE, ORG):
        return match
    named = _SHIP_AFTER_NAME.match(text, match.end) if match.label == PLACE else None
    if named and not any(occupied[match.end:named.end()]):
        end = named.end()
    elif (match.label == PLACE and text[match.end:match.end + 1] == "舰"
            and text[match.end - 1] not in _PLACE_SUFFIXES
            and (text[match.end + 1:match.end + 2] not in _SHIP_WORD_ENDS
                 or text.startswith(_FIRST_TIME, match.end + 1) and text[match.start:match.end] not in country_words())
            and not any(occupied[match.end:match.end + 1])):
        group = _SHIP_GROUP.match(text, match.end + 1)
        end = group.end() if group and not any(occupied[match.end + 1:group.end()]) else match.end + 1
    elif match.source == "model" and _SHIP.fullmatch(text, match.start, match.end):
        end = match.end
    else:
        return match
    echelon = "ship" if text[end - 1] in "舰母艇" else "naval-group"
    return _reshaped(match, end=end, label=MILITARY_UNIT, attrs={"echelon": echelon}, kb_id="")


def _military_org(match: Match, text: str) -> Match | None:
    """A service named without its country that the model took for an organisation (空军, 陆军部队)
    is a MILITARY_UNIT (SCHEMA: armed forces are never ORG); a 部队 after it stays outside. Before
    a rank it is part of the rank (海军大校, 空军少将), a title: None, no mention. A command
    (网络战司令部) or a coalition's forces (阿拉伯联军) the model took for an organisation is a
    MILITARY_UNIT too."""
    if match.label != ORG or match.source != "model":
        return match
    name = text[match.start:match.end]
    if name in BARE_FORCES:  # 主权委员会主席、武装部队总司令布尔汉: the state's forces, whose the linker says
        return _reshaped(match, label=MILITARY_UNIT, attrs={}, kb_id="")
    if name.endswith(_RANKS) and any(service_branch(name[:k]) and name[k:] in _RANKS for k in range(2, len(name) - 1)):
        return None  # 发言人施毅陆军大校: a service and a rank are a title, no mention
    if len(name) > 3 and name.endswith(_MILITARY_BODY_ENDS):
        attrs = {"echelon": "command"} if name.endswith(_COMMAND_ENDS) else {}
        return _reshaped(match, label=MILITARY_UNIT, attrs=attrs, kb_id="")
    end = match.end - 2 if name.endswith("部队") and len(name) > 2 else match.end
    branch = service_branch(text[match.start:end])
    if not branch:
        return match
    if text.startswith(_RANKS, end):
        return None
    return _reshaped(match, end=end, label=MILITARY_UNIT, attrs={"branch": branch}, kb_id="")


def _short_form(match: Match, text: str) -> Match:
    """A country's short form runs into a state word in the press (俄国防长 is 俄 + 国防长, 美国务卿
    is 美 + 国务卿): 俄国 / 美国 read there is the short form, and the 国 belongs to the word. So
    does a longer name (以色列国防部 is 以色列 + 国防部, not 以色列国, the State of Israel)."""
    length = match.end - match.start
    if match.label != PLACE or length < 2 or text[match.end - 1] != "国":
        return match
    if ((length > 2 or normalize_alias(text[match.start]) in _SHORT_COUNTRIES)
            and normalize_alias(text[match.end - 1:match.end + 5]).startswith(_STATE_WORDS)):
        return _reshaped(match, end=match.end - 1)
    return match


def _district(match: Match, text: str, occupied: bytearray) -> Match:
    """A place followed by 军区 / 省军区 / 警备区 is the military district named after it
    (济南军区, 云南省军区; SCHEMA: 军区 is a MILITARY_UNIT)."""
    if match.label != PLACE:
        return match
    for word in _DISTRICT_WORDS:
        end = match.end + len(word)
        if text.startswith(word, match.end) and not any(occupied[match.end:end]):
            return _reshaped(match, end=end, label=MILITARY_UNIT, source="rule", attrs={"echelon": "military-district"},
                             kb_id="")
    return match


def split_at(doc: Doc, offsets: set[int]) -> Doc:
    """A Doc whose tokens start at every character offset in ``offsets``.

    The Doc is rebuilt once with the finer words rather than split token by
    token: spaCy's retokenizer moves the whole token array on each split, which
    is quadratic on long articles. Sentence starts and extension data carry
    over; a piece cut from inside a word never starts a sentence. Runs before
    ``doc.ents`` is written, so there are no entities to carry.
    """
    # Token offsets and sentence starts read as arrays: iterating Token objects costs more
    # than the rest of this step on a long article.
    columns = doc.to_array([IDX, SENT_START])
    starts = columns[:, 0].tolist()
    length = len(doc_text(doc))
    cuts = {o for o in offsets if 0 < o < length} - set(starts)
    if not cuts:
        return doc
    sent_start = dict(zip(starts, (columns[:, 1] == 1).tolist()))
    bounds = sorted(set(starts) | cuts) + [length]
    text = doc_text(doc)
    words = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    new = Doc(doc.vocab, words=words, spaces=[False] * len(words),
              sent_starts=[bool(sent_start.get(a, False)) for a in bounds[:-1]]
              if doc.has_annotation("SENT_START") else None)
    new.user_data.update(doc.user_data)
    remember_text(new, text)  # the same text, finer words: spares spaCy's join in the linker
    return new


class SpanResolver:
    """Write the chosen candidates to ``doc.ents`` (replacing what was there).

    Stateless: spaCy skips saving components without ``to_disk``/``to_bytes``.
    """

    def __init__(self, nlp: Language | None = None, name: str = "resolver") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        chosen = choose(get_matches(doc), doc_text(doc))
        clear_matches(doc)
        doc = split_at(doc, {m.start for m in chosen} | {m.end for m in chosen})
        ents = []
        for m in chosen:
            span = doc.char_span(m.start, m.end, label=m.label, kb_id=m.kb_id)
            if span is None:  # cannot happen after split_at; guard offsets anyway
                logger.warning("Dropped %s span %d-%d: not on token boundaries", m.label, m.start, m.end)
                continue
            span._.attrs = dict(m.attrs)
            span._.source = m.source
            span._.score = m.score
            ents.append(span)
        doc.ents = ents
        return doc
