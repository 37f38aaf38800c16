"""Article metadata: title, publisher, author, URL, publication date and script.

Sources, strongest first: ``<meta>`` tags (``article:published_time``, ``og:*``,
``publishdate``), JSON-LD ``NewsArticle`` objects, then the byline lines above
the first paragraph (``2025-12-12 10:23:45 来源：新华社``, ``作者：…``). Only the
header region is searched for bylines: dates in recommendation lists after the
article are never taken for the publication date. When none of these gives a
date, the publication date stays unknown: a date written in the text (a
caption, an event) is not the day of publication, and resolving relative dates
(今年8月) against a guess would give silently wrong values. The latest full
date in the text is kept as a hint in ``meta["latest_date_in_text"]``.
"""
from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Collection
from datetime import date

from ..textnorm import script_characters

logger = logging.getLogger(__name__)

_DATE_RE = re.compile(
    # 新华网 sets the year apart from the month and day (2025 11/20 18:32:10), and a page that puts
    # them in spans with nothing between reads as one run (202511/2718:32:10: 2025, 11/27, 18:32:10).
    r"(?P<y>(?:19|20)\d{2})(?:\s*[-/.年]\s*|\s+(?=\d{1,2}\s*[-/]\s*\d)|(?=\d{2}/\d{2}))"
    r"(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?:(?!\d)|(?<=/\d\d)(?=\d{1,2}:\d{2}))\s*日?"
)
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
# The part of the day written around a clock time (上午8:12, 8:12 PM): no name beside the date.
_TIMED = rf"(?:上午|下午|中午|早上|晚上|凌晨|傍晚|清晨|午间|午間|晚间|晚間|早间|早間)?\s*{_TIME}(?:\s*[AaPp][Mm])?"
_LABEL_WORDS = r"来源|來源|出处|出處|作者|撰文|文|记者|記者|编辑|編輯|责编|責編|发布|發布|發佈|时间|時間|日期"
_COUNTER = r"(?:阅读|閱讀|浏览|瀏覽|点击|點擊|评论|評論)\s*[\d(（]|分享(?:\s*[\d(（]|到|至)|字号|字號"
_LABELLED = re.compile(
    # Not a photo's source (图片来源：视觉中国, 圖源：…): no publisher of the story.
    rf"(?<!图片)(?<!圖片)(?<!图像)(?<!圖像)(?<!图)(?<!圖)(?P<label>{_LABEL_WORDS})\s*[:：/／]\s*"
    # The value runs to a space, a bar or the next label ("来源：观察者网作者：陈七").
    # A counter glued on ends it too (来源：观察者网阅读 182634).
    rf"(?P<value>(?:(?!(?:{_LABEL_WORDS})\s*[:：/／]|{_COUNTER})[^\s|｜:：/／]){{1,30}}(?: [A-Za-z][\w.]*)*)"
)
# Parts of a byline that name no publisher: a weekday (2025年10月13日星期一 21:15), a reporter glued
# to a title word (聯合報／ 記者洪哲政／台北即時報導), a dateline (台北即時報導, 綜合報導).
_WEEKDAY = re.compile(r"(?:星期|週|周|礼拜|禮拜)[一二三四五六日天](?![\u4e00-\u9fff])")  # not 星期日泰晤士报
_REPORTER = re.compile(r"^(?:记者|記者|编译|編譯|撰文)\s*(?P<name>[^\s\d，,。:：]{2,20})$")
_DATELINE = re.compile(r"(?:报道|報導|报导|報導|电|電)$")
_PUBLISHER_LABELS = ("来源", "來源", "出处", "出處")
_AUTHOR_LABELS = ("作者", "撰文", "文", "记者", "記者")

_META_DATE_KEYS = (
    "article:published_time", "og:published_time", "og:release_date", "publishdate",
    "publish_date", "pubdate", "publication_date", "article:published", "datepublished",
    "dc.date.issued", "dc.date", "sailthru.date", "parsely-pub-date", "apub:time",
    "weibo: article:create_at", "og:time", "date", "article:modified_time",
)
_META_PUBLISHER_KEYS = ("source", "mediaid", "og:site_name", "application-name", "publisher")
_META_AUTHOR_KEYS = ("author", "article:author", "byl", "dc.creator")
_META_TITLE_KEYS = ("og:title", "twitter:title", "title", "headline")
_META_URL_KEYS = ("og:url", "twitter:url")
_TITLE_SUFFIX = re.compile(r"\s*(?:[_|｜\-–—]{1,2}\s*[^_|｜\-–—]{1,20}){1,3}\s*$")


# Full-width digits and date separators as their ASCII forms (２０２５年１２月１２日 １０：２３); a
# byline line gets only the digits and the colon (人民网－国际频道 keeps its dash to the channel).
_ASCII_DATES = str.maketrans("０１２３４５６７８９－／．：", "0123456789-/.:")
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９：", "0123456789:")


def parse_date(value: str | None) -> str | None:
    """An ISO ``YYYY-MM-DD`` from a date string in a common news format, else None."""
    if not value:
        return None
    match = _DATE_RE.search(value.translate(_ASCII_DATES))
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
    except ValueError:
        return None


def detect_script(text: str) -> str:
    """'traditional' or 'simplified', from which script's own characters are more frequent in the
    first 5,000 characters: those OpenCC's character tables change into the other script
    (:func:`newsnlp.textnorm.script_characters`); characters common to both count for neither.
    Set lookups, not a conversion of the text: a batch run reads every article's script."""
    traditional, simplified = script_characters()
    sample = text[:5000]
    own = sum(map(traditional.__contains__, sample)), sum(map(simplified.__contains__, sample))
    return "traditional" if own[0] > own[1] else "simplified"


def strip_title_suffix(title: str) -> str:
    """``标题_新浪新闻`` / ``标题 | 联合早报`` / ``标题--国际--人民网`` -> ``标题``."""
    title = title.strip()
    stripped = _TITLE_SUFFIX.sub("", title)
    return stripped if len(stripped) >= 6 else title


@functools.cache
def outlet_names() -> frozenset[str]:
    """The names of the news outlets the KB holds (新华社, 联合早报, 中央社, 明報, 法广 …), as written."""
    from ..kb import shipped_records  # on first use: reading a text file needs no KB

    return frozenset(n for entity in shipped_records("orgs") if entity.get("type") == "media"
                     for n in [entity["name"], *entity.get("aliases", ()), *entity.get("abbreviations", ())]
                     if len(n) >= 2)


# A line that is an outlet's name alone, with its Latin name (法广 RFI) or with a reporter's
# (澎湃新闻记者 王珊); the outlet must be one of ``outlet_names``. 环球时报 writes where its reporter
# is posted and who else wrote (环球时报驻俄罗斯特派记者 张晓雨 环球时报特约记者 柳玉鹏, 环球时报报道 记者 张晓雨).
_BYLINE_NAME = r"[^\s\d，。：:/／]{2,4}"
_OUTLET_LINE = re.compile(
    r"^(?P<outlet>[^\s\d，。：:/／]{2,12}?)\s*(?:(?:综合)?(?:报道|報導|报导)\s*)?"
    r"(?:(?:驻[^\s\d，。：:/／]{1,8}?)?(?:特派|特约|特約|首席)?(?:记者|記者)\s*(?:[|｜]\s*)?"  # 界面新闻记者 | 陈晓
    rf"(?P<reporter>{_BYLINE_NAME}(?:\s+(?:[^\s\d，。：:/／]{{0,12}}?(?:记者|記者)\s+)?{_BYLINE_NAME}){{0,4}})"
    r"|[A-Za-z][A-Za-z .]*)?$")
# A label followed by a space where a colon would stand, alone on its line (DW's 日期 2026年12月11日),
# or by a comma (BBC's 作者, 保罗·柯比（Paul Kirby）: the name without its gloss).
_SPACED_LABEL = re.compile(r"^(日期|作者|來源|来源)(?:\s+|\s*[,，]\s*)(?=\S{2,16}$)")
_AUTHOR_GLOSS = re.compile(r"^(作者\s*[,，]\s*\S{2,16}?)[（(][A-Za-z][A-Za-z .'’-]{1,40}[)）]$")
# Where a line of several roles, each with a bar, begins its next (界面新闻记者 | 陈晓 界面新闻编辑 | 王鹏).
_ROLE_PARTS = re.compile(r"\s+(?=[^\s|｜]{0,12}(?:记者|記者|编辑|編輯)\s*[|｜])")
# What follows an outlet's name in the name of its site or app (明報新聞網, 央视新闻客户端).
_OUTLET_SITE_WORDS = ("新闻网", "新聞網", "中文网", "中文網", "网", "網", "客户端", "客戶端")
# Roles after a byline's reporters that are not the story's authors.
_OTHER_ROLES = re.compile(r"\s+(?:编辑|編輯|校对|校對|责编|責編|审核|審核|美编|美編|摄影|攝影|制图|製圖)(?:\s|$)")
# Roles between a byline's names (新京报记者 张三 李四 实习生 王五, 环球时报特约记者 柳玉鹏): the names are
# its authors.
_ROLES = re.compile(r"(?:^|\s)(?:实习生|實習生|通讯员|通訊員|\S{0,12}?(?:记者|記者))(?=\s|$)")


# Names that stand alone above a story as a photo's credit, not as its publisher's byline.
_PHOTO_CREDITS = frozenset({"视觉中国", "視覺中國", "东方IC", "東方IC", "路透", "美联", "美聯", "法新", "新华", "新華"})


# An outlet's name and its channel (人民网－国际频道, 央视网-新闻频道).
_CHANNEL = re.compile(r"^(?P<outlet>[^\s－\-—_|｜]{2,12})\s*[－\-—_|｜]\s*(?:\S{1,10}(?:频道|頻道|版|栏目|欄目)"
                      r"|《[^》]{2,12}》)$")  # …or its paper (光明网-《光明日报》 gives 光明网)


def without_channel(publisher: str | None, outlets: Collection[str]) -> str | None:
    """A known outlet without the channel or paper written after it (人民网－国际频道 gives 人民网,
    光明网-《光明日报》 光明网)."""
    match = _CHANNEL.match(publisher or "")
    return match["outlet"] if match and match["outlet"] in outlets else publisher


def outlet_line(line: str, outlets: Collection[str]) -> tuple[str, str | None] | None:
    """(outlet, reporter or None) for a byline line that names a known outlet (联合早报; 法广 RFI;
    澎湃新闻记者 王珊), else None; not a photo's credit (视觉中国, 新华社记者李贺摄)."""
    match = _OUTLET_LINE.match(line.strip())
    if match is None:
        return None
    outlet = match["outlet"]
    if outlet not in outlets:  # 明報新聞網: the outlet and the word for its site
        outlet = next((outlet[:-len(w)] for w in _OUTLET_SITE_WORDS if outlet.endswith(w) and outlet[:-len(w)] in outlets),
                      outlet)
    if outlet not in outlets or outlet in _PHOTO_CREDITS or line.rstrip().endswith(("摄", "攝")):
        return None
    reporter = match["reporter"]
    if reporter:  # up to the editor's or proofreader's role (新京报记者 陈维城 编辑 杨娟娟 校对 赵琳)
        reporter = _OTHER_ROLES.split(reporter)[0]
    if reporter:  # without the roles and a dateline after the names (北京报道)
        reporter = " ".join(w for w in _ROLES.sub(" ", reporter).split() if not _DATELINE.search(w)) or None
    return outlet, reporter


# The wire credit that opens a story: the outlet, a place or a date, and 电 (新华社北京6月14日电,
# 韩联社首尔1月5日电); in brackets also 专讯 or 报道 (【明報專訊】, （中央社特拉維夫14日綜合外電報導）).
# Not an outlet a story cites (路透社19日报道称, 法新社援引…报道).
_DATELINE_END = re.compile(r"(?:讯|訊)|[^。！？，,、援据称]{0,20}?(?:电|電)(?![视影脑话力网])")  # 新京报讯
# Or the outlet alone in brackets (（德国之音中文网）11月1日，…).
_BRACKETED_DATELINE_END = re.compile(r"(?:[^。！？，,）)】\]]{0,24}?(?:电|電|专讯|專訊|报道|報導|报导))?[）)】\]]")


# The reporters in brackets after a wire credit (新京报讯（记者 陈曦）, 新华社北京6月14日电（记者 张三 李四）).
_CREDIT_REPORTERS = re.compile(r"\s*[（(][^（()）\d]{0,12}?(?:记者|記者)\s*(?P<reporter>[^（()）]{2,40}?)[）)]")


def dateline_credit(paragraph: str, outlets: Collection[str]) -> tuple[str, str | None] | None:
    """(outlet, reporters or None) of the known outlet whose wire credit opens a paragraph, else None."""
    bracketed = paragraph[:1] in "（(【[〔"
    start = 1 if bracketed else 0
    end_re = _BRACKETED_DATELINE_END if bracketed else _DATELINE_END
    for end in range(start + 8, start + 1, -1):
        name = paragraph[start:end]
        credit = end_re.match(paragraph, end) if name in outlets else None
        if credit is None:
            continue
        bracket = _CREDIT_REPORTERS.match(paragraph, credit.end())
        if bracket is None:
            return name, None
        names = _ROLES.sub(" ", _OTHER_ROLES.split(" " + bracket["reporter"])[0]).split()
        return name, " ".join(names) or None
    return None


def byline_fields(lines: list[str], outlets: Collection[str] = frozenset()) -> dict[str, str]:
    """Publisher, author and published date from byline lines above the article; a line that
    names one of ``outlets`` alone gives the publisher."""
    found: dict[str, str] = {}
    for line in (part for line in lines for part in _ROLE_PARTS.split(line.strip())):
        line = _SPACED_LABEL.sub(r"\1：", _AUTHOR_GLOSS.sub(r"\1", line.strip().translate(_ASCII_DIGITS)))  # DW's 作者 苏雨桐
        if not line or len(line) > 120:
            continue
        named = outlet_line(line, outlets)
        day = parse_date(line)
        undated = re.sub(_TIMED, " ", _DATE_RE.sub(" ", line)) if day else line
        if named is None and day:
            # 界面新闻记者 | 左少燕 2025/05/26 16:20: a reporter's credit and the date on one line.
            named = outlet_line(undated.strip(), outlets)
            named = named if named and named[1] else None
            if named:
                found.setdefault("published", day)
        if named:
            found.setdefault("outlet", named[0])
            if named[1]:
                found.setdefault("author", named[1])
            continue
        labelled = list(_LABELLED.finditer(line))
        for match in labelled:
            label, value = match["label"], _unclosed(match["value"].strip())
            if label in _PUBLISHER_LABELS:
                found.setdefault("publisher", value)
            elif label in _AUTHOR_LABELS and label != "文" or (label == "文" and "/" in line):
                if value in outlets:
                    # 【文/观察者网 王世纯】: the outlet, then its writer.
                    found.setdefault("outlet", value)
                    writer = _WRITER.match(line, match.end())
                    if writer:
                        found.setdefault("author", writer["name"])
                elif desk := next((o for o in outlets if value.startswith(o) and 0 < len(value) - len(o) <= 4), None):
                    found.setdefault("outlet", desk)  # 作者 美国之音中文部: the outlet's desk, no writer
                else:
                    found.setdefault("author", value)
        if day and "published" not in found:
            found["published"] = day
        if day and not labelled:
            # "2025年12月12日 10:23 新华社" / "新京报2025-12-14 07:02": a name beside the date.
            # ifeng's and Tencent's place of posting (来自北京市, 发布于北京) and a follow button are no publisher.
            rest = re.sub(r"[（(][^)）]*[)）]|(?:发布于|發布於)\S{0,10}|更新|发布|發布|发表|發表|[来來]自\S{1,10}|\+?关注|\+?關注"
                          r"|\||" + _SHARE_WORDS, " ",
                          _WEEKDAY.sub(" ", undated))
            _slash_byline(rest, found)
        elif not labelled or _SLASHED.search(line):
            # An undated slash byline (聯合報／ 記者洪哲政／台北即時報導, 文／記者林小明, 〔記者呂伊萱／台北報導〕):
            # read only where a part is a reporter's.
            parts = [p.strip() for p in re.split(r"[/／]", line.strip("〔〕【】[]（）() "))]
            if len(parts) >= 2 and any(_REPORTER.match(p) for p in parts):
                _slash_byline(line.strip("〔〕【】[]（）() "), found)
    # A labelled source (来源：环球网) names the publisher before a line that names an outlet alone.
    outlet = found.pop("outlet", None)
    if outlet:
        found.setdefault("publisher", outlet)
    return found


def _unclosed(value: str) -> str:
    """A byline value without the bracket that closes the byline around it (【文/王世纯】), but
    with one of its own (人民日报（海外版）)."""
    pairs = {"】": "【", "）": "（", ")": "(", "]": "[", "〕": "〔"}
    if value[-1:] in pairs and pairs[value[-1]] not in value:
        return value[:-1].rstrip()
    return value


_WRITER = re.compile(r"\s+(?P<name>[^\s\d，。,：:/／】\]）)]{2,20})\s*[】\]）)]?\s*$")


# Share buttons beside a byline's date (韩联社's 微博 微信 打印): no publisher.
_SHARE_WORDS = r"微博|微信|打印|列印|分享|收藏|QQ空间|QQ|Facebook|Twitter|Line|字号|字號"
# A slash byline's parts: 聯合報／ 記者洪哲政／台北即時報導.
_SLASHED = re.compile(r"[/／]\s*(?:记者|記者)")


def _slash_byline(text: str, found: dict[str, str]) -> None:
    """The publisher, the reporter and the dateline of a slash byline (聯合報／ 記者洪哲政／台北即時報導)."""
    for part in (p.strip() for p in re.split(r"[/／]", text)):
        reporter = _REPORTER.match(part)
        if reporter:
            found.setdefault("author", reporter["name"])
        elif (2 <= len(part) <= 12 and not re.search(r"[\s，。,：:]", part) and not _DATELINE.search(part)
                and part not in ("文", "图", "圖")):
            found.setdefault("publisher", part)


def breadcrumb_site(lines: list[str]) -> str | None:
    """The site or platform named in a breadcrumb (``网易首页 > 网易号 > 正文`` -> ``网易号``)."""
    for line in lines[:5]:
        parts = [p.strip() for p in re.split(r"[>›»＞]+", line) if p.strip()]
        if len(parts) < 2:
            continue
        names = [re.sub(r"\s*(正文.*|申请入驻)$", "", p) for p in parts]
        platform = next((n for n in names if re.fullmatch(r"\S{1,6}号", n)), None)
        if platform:
            return platform
        site = re.sub(r"(首页|首頁|主页|主頁)$", "", names[0])
        return site or None
    return None


def latest_text_date(text: str) -> str | None:
    """The latest full date written in a text, as an ISO date."""
    days = [parse_date(m.group(0)) for m in _DATE_RE.finditer(text)]
    days = [d for d in days if d]
    return max(days) if days else None


def html_fields(tree) -> dict[str, str]:
    """Title, publisher, author, url and published date from a page's head and JSON-LD."""
    found: dict[str, str] = {}
    if tree is None:
        return found
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key and value and key not in metas:
            metas[key] = value
    for key in _META_DATE_KEYS:
        day = parse_date(metas.get(key))
        if day:
            found["published"] = day
            break
    for key in _META_TITLE_KEYS:
        if metas.get(key):
            found["title"] = metas[key]
            break
    for key in _META_URL_KEYS:
        if metas.get(key, "").startswith("http"):
            found["url"] = metas[key]
            break
    for key in _META_AUTHOR_KEYS:
        if metas.get(key) and not _WEB_ADDRESS.match(metas[key]):  # BBC's is its Facebook page
            found["author"] = metas[key]
            break
    domain = ""
    for key in _META_PUBLISHER_KEYS:
        if metas.get(key):
            site = re.sub(r"^(来源|來源)[:：]\s*", "", metas[key])
            if _WEB_ADDRESS.match(site):
                domain = domain or site  # dw.com: the JSON-LD publisher's name says more
                continue
            found["site"] = site
            break
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    if "url" not in found and canonical and canonical[0].startswith("http"):
        found["url"] = canonical[0].strip()
    for script in tree.xpath("//script[@type='application/ld+json']"):
        _json_ld(script.text or "", found)
    source = tree.xpath(
        "//body//*[contains(concat(' ', normalize-space(@class), ' '), ' source ')]"
    )
    if source:
        name = re.sub(r"^(来源|來源)[:：]\s*", "", source[0].text_content().strip())
        if 1 < len(name) <= 30:
            found["source_element"] = name
    # Where the poster wrote from (网易号's <span class="post_info_ip">广东</span> right after the account's
    # name), which the byline's text runs into the publisher's name.
    posted = tree.xpath("//body//*[contains(@class, 'post_info_ip') or contains(@class, 'ip-location')"
                        " or contains(@class, 'ipLocation')]")
    # Only an inline element glued to the name before it, no space between, runs into it.
    before = posted[0].getprevious() if posted else None
    if (posted and before is not None and not before.tail and posted[0].tag in _INLINE_TAGS
            and before.tag in _INLINE_TAGS):
        place = re.sub(r"^(?:IP属地|IP屬地)[:：]?\s*", "", posted[0].text_content().strip())
        if 1 < len(place) <= 8:
            found["posted_from"] = place
    titles = tree.xpath("//head/title")
    if titles and (titles[0].text or "").strip():
        found["html_title"] = strip_title_suffix(titles[0].text)
    if domain:
        found.setdefault("site", domain)
    return found


_INLINE_TAGS = frozenset({"a", "span", "em", "i", "b", "strong", "font"})
# A web address or a bare domain (https://www.facebook.com/bbcnews, dw.com): no person's or outlet's name.
_WEB_ADDRESS = re.compile(r"\s*(?:https?://|www\.|[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|de|fr|uk|cn|tw|hk|jp|kr|ru|info|io)\s*$)",
                          re.IGNORECASE)


def _json_ld(raw: str, found: dict[str, str]) -> None:
    try:
        data = json.loads(raw)
    except ValueError:
        logger.debug("skipping JSON-LD that does not parse")
        return
    items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
    for item in items:
        if not isinstance(item, dict) or "Article" not in str(item.get("@type", "")) and "headline" not in item:
            continue
        day = parse_date(str(item.get("datePublished") or ""))
        if day:
            found.setdefault("published", day)
        if item.get("headline"):
            found.setdefault("title", str(item["headline"]))
        # The article's own author (a Person) is kept apart from the page's meta author, which is
        # often the site (VOA's 美国之音中文网).
        for key, target in (("publisher", "site"), ("author", "ld_author")):
            value = item.get(key)
            if isinstance(value, list) and value:
                value = value[0]
            if isinstance(value, dict):
                value = value.get("name")
            if isinstance(value, str) and value.strip():
                found.setdefault(target, value.strip())
