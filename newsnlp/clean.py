"""Text -> text cleaning before spaCy: drop portal chrome and trailing boilerplate.

The cleaner only ever deletes whole ranges of the input; it never rewrites a
character it keeps. The clean text is therefore exactly the concatenation of
the kept source ranges (``CleanResult.offsets``), and any clean offset maps back
to the input with :func:`to_source`.

What is dropped, for pages saved as text from Chinese news portals:

- header chrome: breadcrumbs (``网易首页 > 网易号 > 正文``), share/login/app
  buttons, share counters (``0`` above ``分享至``), bylines, a line naming a
  known outlet alone (``联合早报``, ``澎湃新闻记者 王珊``) and bare date lines
  before the article body (they are read as metadata, not text);
- an editor's note of the original title (``（原标题：…）``);
- the tail from the first footer marker on: ``特别声明``, ``免责声明``,
  ``Notice:``, ``相关推荐``/``热点推荐``/``相关新闻`` lists (also as ``【延伸閱讀】``),
  ``责任编辑``/``（編輯：…）`` lines, ``返回搜狐，查看更多``, subscription and app footers;
- closing boilerplate after the last paragraph: copyright and rights lines
  (``Copyright © 2000-2025 …``, ``© 2025年…版權聲明…``, ``… 版权所有 …``) and app promos
  (``（…更多原创资讯请下载“澎湃新闻”APP）``), and the wire's end mark ``（完）``;
- a trailing recommendation list without a marker (two or more bare
  ``YYYY-MM-DD hh:mm`` lines after the last body paragraph);
- carriage returns, indentation and trailing spaces of kept lines, and blank
  lines beyond one between paragraphs.

Titles, ledes, body paragraphs and image captions are kept; captions
(``(配图说明:…)``, ``图为…``, ``（中央社記者…攝）``, ``图像来源，…``) are reported
as spans of the clean text.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from .io.metadata import outlet_line

__all__ = ["CleanResult", "clean_text", "to_source", "compose", "is_caption_line", "is_body_paragraph"]

_HSPACE = " \t\r\f\v\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff"

# Whole lines that are page furniture wherever they appear.
_CHROME = re.compile(
    r"^(?:"
    r".{0,30}(?:首页|首頁|主页|主頁)\s*[>›»＞/|].{0,80}"           # breadcrumbs
    r"|(?:原标题|原標題)\s*[:：].{1,80}"                            # 新浪's 原标题：… on its own line
    r"|(?:字体大小|字體大小|字号|字號)(?:\s*[AaＡａ大中小]){0,4}"    # RFI's 字体大小 A A
    # A paper's print edition under the story (《光明日报》（2026年11月16日 12版）)
    r"|《[^》]{2,12}》\s*[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*第?\s*\d{1,2}\s*版\s*[)）]"
    r"|(?:.{0,40}[>›»＞]\s*)?正文(?:\s*申请入驻)?"
    r"|分享至|分享到[:：]?.{0,20}|分享让更多人看到|分享讓更多人看到|分享|转发|轉發|举报|舉報|收藏|评论|評論|点赞|點讚|赞|讚"
    r"|申请入驻|关注|關注|\+\s*关注|已关注|订阅|訂閱"
    r"|(?:扫码|掃碼)?(?:打开|打開|下载|下載|用)\s*.{0,12}(?:APP|应用程序|應用程序).{0,16}|(?:看|查看)?更多精彩(?:内容|內容|资讯|資訊|视频|視頻)?"
    r"|(?:阅读时间|閱讀時間|阅读时长|閱讀時長)\s*[:：]?\s*\d+\s*(?:分钟|分鐘)"  # RFI's 閱讀時間 3 分鐘
    r"|(?:字号|字體|字型)[:：]?\s*[大中小\s]*|A-?\s*A\+?|[大中小](?:\s*[大中小]){2}"
    r"|(?:字级设定|字級設定|字级|字級)[:：]?.{0,12}|无障碍浏览.{0,10}|無障礙瀏覽.{0,10}|进入关怀版|進入關懷版"
    r"|文字\s*[大中小](?:\s*[大中小])*|收藏本文|BBC\s*News\s*[,，]?\s*中文|Role\s*[,，].{0,40}"
    # A list of keywords (关键字： 朝鲜 俄罗斯), not a subhead (关键词：新质生产力).
    r"|(?:关键字|关键词|關鍵字|關鍵詞|标签|標籤)\s*[:：]\s*\S+(?:\s+\S+)+"
    r"|[（(]\s*(?:来源|來源)\s*[:：][^（()）]{1,20}[)）]|[（(]\s*(?:原标题|原標題)\s*[:：].{1,80}[)）]"
    r"|(?:扫一扫|掃一掃|扫描二维码|掃描二維碼).{0,30}|微信|微博|QQ空间|QQ|Facebook|Twitter|Line|X"
    r"|手机看|手机阅读|听新闻|聽新聞|朗读|朗讀|打印|列印|纠错|【纠错】|\[纠错\]"
    r"|登录|注册|登入|註冊|登录/注册|返回顶部|回到顶部|返回頂部|回到頂部"
    r"|跳到主要内容|跳到主要內容|跳过.{0,10}|跳過.{0,10}|Skip to (?:main )?content"
    r"|查看原图|查看原圖|展开全文|展開全文|阅读全文|閱讀全文|全文|更多\s*>*|加载中.{0,5}|載入中.{0,5}"
    r"|广告|廣告|推广|推廣|AD"
    r")$",
    re.IGNORECASE,
)

# Headings of a list of other articles (相关新闻, 延伸閱讀, 猜你喜欢 …).
_RELATED = (
    r"(?:相关|相關|热点|熱點|热门|熱門|为您|為您|精彩|更多)"
    r"(?:推荐|推薦|新闻|新聞|阅读|閱讀|文章|内容|內容|话题|話題|报道|報導|链接|連結|跟贴|跟帖|评论|評論)"
    r"|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|猜你喜欢|猜你喜歡|往期回顾|往期回顧|今日推荐|今日推薦"
)
# The same heading in brackets, which some sites (聯合報) also put between paragraphs.
_IN_BRACKETS = rf"[【\[「〔]\s*(?:{_RELATED})\s*[】\]」〕]"
_BRACKETED_RELATED = re.compile("^" + _IN_BRACKETS)
# The disclaimers that close a portal's page (特别声明：以上内容…).
_DISCLAIMERS = r"特别声明|特別聲明|免责声明|免責聲明"
# A line that starts the tail: it and everything after it are not the article.
_CUT = re.compile(
    r"^(?:"
    rf"{_DISCLAIMERS}|版权声明|版權聲明|声明[:：]|聲明[:：]|Notice\s*:"
    # 延伸閱讀, 【延伸閱讀】; not a sentence that begins so (相关报道指出，…; 更多内容显示…).
    rf"|(?:{_RELATED})(?![\u4e00-\u9fff])|{_IN_BRACKETS}"
    r"|返回搜狐|打开APP阅读|打開APP閱讀|点击进入专题|點擊進入專題"
    r"|[（(【\[]?\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯|审核|審核|校对|校對|值班编辑)\s*[:：]"
    r"|[（(]\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯)\s+[^（()）]{1,10}[)）]$|本文来源\s*[:：]|本文來源\s*[:：]"
    r"|(?:相关主题|相關主題)\s*$"
    r"|网易\S{0,8}网友[:：]|網易\S{0,8}網友[:：]"  # 网易's comments: 网易广东省网友：…
    r"|【纠错】|\[纠错\]"
    r"|本文(?:系|为|為|係).{0,20}(?:独家|獨家|原创|原創|稿件)"
    r"|.{0,20}(?:未经|未經|非经|非經).{0,6}(?:授权|授權|許可|许可).{0,10}(?:不得|禁止|严禁|嚴禁)(?:转载|轉載)"
    r"|不用抽\s*不用搶|點我下載APP|点我下载APP|按我看活動辦法"
    r"|(?:请|請)?支持眾新聞|订阅联合早报|訂閱聯合早報"
    r"|订阅\S{2,10}(?:新闻简报|简报|电子报)|訂閱\S{2,10}(?:新聞簡報|簡報|電子報)"  # 订阅法广新闻简报
    r"|(?:编辑|編輯)\s+\S{2,4}\s+(?:校对|校對)\s+\S{2,4}\s*$"                    # 新京报's 编辑 … 校对 …
    r"|\S{2,8}(?:报料|爆料)[:：]\s*[\d\-－ ]{5,}"                                  # 澎湃新闻报料：021-…
    r"|(?:作者|撰文)[:：]\s*\S{2,4}(?:[（(][^（()）]{1,10}[)）])?\s*$"              # DW's 作者：苏雨桐（布鲁塞尔）
    r")",
    re.IGNORECASE,
)

# Closing boilerplate: a copyright notice (Copyright © 2000-2025 …, © 2025年…版權聲明, 版权所有 …) or,
# in a line that is no sentence, a rights line (… All Rights Reserved, 制作单位：… 版权所有 …, not
# 版权所有人) or an invitation to download an app (（…更多原创资讯请下载“…”APP）). It starts the tail
# only after the last paragraph: a sentence about an app in the article is text, and a photo
# credit (© Reuters) has no year.
_OWNED = r"版[权權]所有(?![人者权權方])"
_RIGHTS = re.compile(rf"(?:Copyright|©|\(c\))\s*(?:©\s*)?\d{{4}}|{_OWNED}", re.IGNORECASE)
_NOTICE = re.compile(
    rf"All\s+Rights\s+Reserved|{_OWNED}"
    # An app promo: in brackets or offering more (not a tip to install an app: 1.请下载安装…APP).
    r"|[（(][^（()）]{0,40}(?:下载|下載)[^（()）]{0,20}(?:APP|客户端|客戶端)[^（()）]{0,10}[)）]"
    r"|更多[^。！？]{0,20}(?:下载|下載|安装|安裝)[^。！？，,]{0,20}(?:APP|客户端|客戶端)",
    re.IGNORECASE,
)

_DISCLAIMER = re.compile(rf"(?:{_DISCLAIMERS})\s*[:：]")
# An outlet's invitation to follow it elsewhere, sentence though it be (DW中文有Instagram！欢迎搜索dw.chinese，
# 看更多深度时事分析以及图文报道。).
_SOCIAL_PROMO = re.compile(
    r"(?:Instagram|Facebook|Telegram|YouTube|Twitter|微信公众号|微信公眾號|视频号|視頻號|脸书|臉書|推特)[^。！？]{0,10}[！!，,]?\s*"
    r"(?:欢迎|歡迎)(?:搜索|搜尋|关注|關注|订阅|訂閱|追踪|追蹤)"
    r"|(?:欢迎|歡迎)(?:关注|關注|订阅|訂閱|追踪|追蹤)[^。！？]{0,20}(?:Instagram|Facebook|Telegram|YouTube|Twitter|公众号|公眾號|脸书|臉書|推特)",
    re.IGNORECASE)
# The outlet's own account, by its handle or as 本台/我们 (dw.chinese, @bbcchinese), in an invitation
# no one is reported to make (警方提醒…欢迎关注警方微信公众号 is the story's).
_OWN_ACCOUNT = re.compile(r"[A-Za-z0-9_]+[._][A-Za-z0-9_]+|@[A-Za-z0-9_]+|本台|本网|本報|本报|我们|我們|小编|小編"
                          r"|中文网|中文網")  # 欢迎关注美国之音中文网脸书账号: the outlet's Chinese site
_REPORTED = re.compile(r"表示|称|稱|说|說|发文|發文|提醒|指出|据悉|據悉")
# A source credit alone on a line after the story (来源：环球时报).
_SOURCE_LINE = re.compile(r"^(?:来源|來源|本文来源|本文來源)\s*[:：]\s*\S{1,20}$")
# The wire's end mark after the story (（完）), or the desk's in its place (（美国之音中文部）).
_END_MARK = re.compile(r"^[（(]\s*(?:完|[^（()）\s]{2,12}(?:中文部|中文网|中文網|编辑部|編輯部))\s*[)）]$")

_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_DATE_LINE = re.compile(rf"^{_DATE}(?:\s*{_TIME})?$")
_DATETIME_LINE = re.compile(rf"^{_DATE}\s*{_TIME}$")
_BYLINE = re.compile(
    r"(?:来源|來源|作者|撰文|记者|記者|发布时间|發布時間|发布于|發布於|发布|發布|更新时间|更新時間|时间|時間"
    r"|编辑|編輯)\s*[:：／/|｜]|(?:出版|更新)\s*[:：]\s*\d{4}\s*[-/.年]"  # 发布 / 2024年…; HK01's 出版：2025-03-18
    r"|^(?:作者|記者|记者)\s*[,，]\s*\S[^,，。！？]{0,19}$"  # BBC's 作者, 金秀妍; 作者, BBC 中文
    r"|^[【\[〔（(]?\s*文\s*[/／|｜]"  # 【文/观察者网 王世纯】, 文｜王世纯
    r"|^(?:日期|作者|來源|来源)\s+\S{2,16}$"  # DW's 日期 2026年12月11日, 作者 苏雨桐 (a space for the colon)
    # A slash byline with its reporter and dateline (聯合報／ 記者陳韻聿／綜合報導).
    r"|(?:^|[／/]\s*)(?:记者|記者|编译|編譯)[^／/\s，。]{2,12}\s*[／/]\s*\S{0,10}(?:报导|報導|报道|報道)$"
)
# Words of a site's section menu (新浪首页 新闻 体育 财经 …, 中央社 即時新聞 政治 國際 兩岸 …).
_NAV_WORDS = frozenset("""
首页 首頁 新闻 新聞 要闻 要聞 国际 國際 国内 國內 军事 軍事 政治 社会 社會 财经 財經 产经 產經 证券 證券 体育 體育
运动 運動 娱乐 娛樂 科技 生活 文化 地方 两岸 兩岸 即时 即時 即时新闻 即時新聞 博客 图片 圖片 视频 視頻 影音 专栏 專欄
更多 汽车 汽車 房产 房產 教育 健康 旅游 旅遊 时尚 時尚 评论 評論 观点 觀點 港澳 台湾 台灣 大陆 大陸 全球 财富 历史 歷史
""".split())
_MENU_WORDS = _NAV_WORDS | frozenset("主页 主頁 中文 中国 中國 香港 英国 英國 美国 美國 日本 亚洲 亞洲 欧洲 歐洲 非洲 中东 中東".split())
# A byline in brackets glued to the start of the first paragraph (【文/观察者网 王恺雯】据…报道).
# Names only: not a question put (【记者：您如何看待…？】) or a note (【作者：本文仅代表作者个人观点】).
OPENING_BYLINE = re.compile(r"^[【\[〔]\s*(?:(?:文|作者|撰文|记者|記者)\s*[/／|｜:：]\s*(?!.{0,20}?(?:本文|观点|觀點|代表))"
                            r"[^】\]〕\n？?。，,！!]{1,30}"
                            # 自由時報's 〔記者吳書緯／台北報導〕, 〔編譯盧昱瑋／綜合報導〕
                            r"|(?:记者|記者|编译|編譯)[^】\]〕\n／/？?。，,！!]{2,12}[／/][^】\]〕\n]{0,10}(?:报导|報導|报道|報道)"
                            # 环球时报's 【环球时报记者 张晓雨】, 【环球时报驻俄罗斯特派记者 张晓雨 环球时报特约记者 柳玉鹏】,
                            # 【环球网报道 记者 张晓雨】, 【环球时报综合报道】: an outlet's credit, no sentence
                            r"|[^】\]〕\n？?。，,！!：:“”「」]{2,20}?(?:记者|記者|报道|報道|快讯|快訊)"
                            r"[^】\]〕\n？?。，,！!：:“”「」]{0,40})[】\]〕]\s*")


def opening_byline(paragraph: str) -> str | None:
    """The byline in brackets that opens a paragraph (【环球时报记者 张晓雨】据…), without its
    brackets, for the byline reader; None where there is none."""
    opening = OPENING_BYLINE.match(paragraph.strip())
    return opening.group().strip().strip("【】[]〔〕 ") if opening else None


# A site's editor and a date code at the end of the last paragraph (…反感。（編輯：林克倫）1140314).
_EDITOR_CREDIT = r"[（(](?:编辑|編輯|责任编辑|責任編輯|责编|責編)[:：][^（()）]{1,20}[)）]\s*\d{0,8}"
# …or the wire's end mark there, with or without the credit after it (…安保会议。（完）).
_INLINE_FOOTER = re.compile(rf"(?:[（(]\s*完\s*[)）]\s*(?:{_EDITOR_CREDIT})?|{_EDITOR_CREDIT})$")
_NUMBER_LINE = re.compile(r"^\d+(?:\.\d+)?[万萬kK]?$")

_CAPTION_START = re.compile(
    r"^(?:[▲△▼↑]|图为|圖為|图[:：/／]|圖[:：/／]|图片[:：]|圖片[:：]|图片来源|圖片來源|图源|圖源"
    r"|资料图|資料圖|配图|配圖|图像来源|圖像來源|图像加注文字|圖像加註文字|图片说明|圖片說明"
    r"|[（(【\[]\s*(?:图|圖|配图|配圖|图片|圖片|资料图|資料圖|视频截图|視頻截圖))"
)
_CAPTION_PAREN = re.compile(r"^[（(].*[)）]$")
_CAPTION_WORDS = re.compile(r"图片|圖片|配图|配圖|摄|攝|图源|圖源|截图|截圖|供图|供圖|照片|photo", re.I)
_CAPTION_CREDIT = re.compile(r"[（(][^（()）]{0,60}(?:摄|攝|供图|供圖)[^（()）]{0,30}[)）]$")

_SENTENCE_END = "。！？!?」”』…"


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The clean text and how it maps back to the input.

    ``offsets`` are the kept input ranges ``[start, end]`` in order; ``text`` is
    exactly their concatenation. ``captions`` are ``[start, end]`` spans of image
    captions in ``text``. ``body_end`` is the input offset where the dropped tail
    (footers, recommendation lists) begins, ``len(input)`` when there is none.
    """

    text: str
    offsets: list[list[int]] = field(default_factory=list)
    captions: list[list[int]] = field(default_factory=list)
    body_end: int = 0

    def to_source(self, i: int) -> int:
        """The input offset of clean offset ``i`` (``i == len(text)`` maps past the last char)."""
        return to_source(self.offsets, i)


def _piece_lengths(offsets: list[list[int]]) -> list[int]:
    """Text length of each piece: ``end - start``, or the third element when given."""
    return [p[2] if len(p) > 2 else p[1] - p[0] for p in offsets]


def to_source(offsets: list[list[int]], i: int) -> int:
    """Map a clean-text offset to a source offset through a kept-range list.

    Pieces are ``[src_start, src_end]`` (verbatim source text) or
    ``[src_start, src_end, n]`` (``n`` text characters produced from that source
    range, such as a decoded ``&amp;`` or a paragraph break standing for HTML
    markup); inside such a piece every character maps to ``src_start``.
    An offset at the very end maps just past the last piece.
    """
    if i < 0:
        raise IndexError(f"offset {i} is negative")
    starts = [0]
    for length in _piece_lengths(offsets):
        starts.append(starts[-1] + length)
    if i >= starts[-1]:
        if i == starts[-1]:
            return offsets[-1][1] if offsets else 0
        raise IndexError(f"offset {i} is past the end of the text ({starts[-1]} characters)")
    k = bisect.bisect_right(starts, i) - 1
    piece = offsets[k]
    if len(piece) > 2:
        return piece[0]
    return piece[0] + (i - starts[k])


def compose(outer: list[list[int]], inner: list[list[int]]) -> list[list[int]]:
    """Chain two maps: ``inner`` maps text B into text A, ``outer`` maps A into source.

    ``inner`` must be a plain kept-range list (the cleaner's); ``outer`` may hold
    produced pieces. The result maps B straight into the source.
    """
    bounds = [0]
    for length in _piece_lengths(outer):
        bounds.append(bounds[-1] + length)
    result: list[list[int]] = []
    for a_start, a_end in (piece[:2] for piece in inner):
        k = max(bisect.bisect_right(bounds, a_start) - 1, 0)
        pos = a_start
        while pos < a_end and k < len(outer):
            piece_start, piece_end = bounds[k], bounds[k + 1]
            hi = min(a_end, piece_end)
            if hi > pos:
                piece = outer[k]
                if len(piece) > 2:
                    if pos == piece_start and hi == piece_end:
                        part = list(piece)
                    else:  # part of a produced piece: keep its source range, count only what is kept
                        part = [piece[0], piece[1], hi - pos]
                else:
                    part = [piece[0] + pos - piece_start, piece[0] + hi - piece_start]
                _append(result, part)
            pos = hi
            k += 1
    return result


def _append(pieces: list[list[int]], part: list[int]) -> None:
    """Append a piece, merging it into the previous one when both are verbatim and adjacent."""
    if len(part) == 2 and part[0] == part[1]:
        return
    if pieces and len(part) == 2 and len(pieces[-1]) == 2 and pieces[-1][1] == part[0]:
        pieces[-1][1] = part[1]
    else:
        pieces.append(list(part))


def is_caption_line(line: str) -> bool:
    """Whether a (stripped) line reads as an image caption or photo credit."""
    if not line or len(line) > 200:
        return False
    if _CAPTION_START.match(line):
        return True
    if _CAPTION_PAREN.match(line) and _CAPTION_WORDS.search(line):
        return True
    return bool(_CAPTION_CREDIT.search(line)) and len(line) < 120


def is_body_paragraph(line: str) -> bool:
    # A headline may end in a quote (金正恩：参战官兵是「英雄」, 美军再袭运毒船致4死，佩特罗斥其为“谋杀”);
    # a paragraph ending so closes a quoted sentence (…他说：“我们不会让步。”), has a full stop inside or
    # is longer than a headline, with a comma.
    if len(line) < 25 or line[-1] not in _SENTENCE_END:
        return False
    return (line[-1] not in "」”』" or line[-2] in "。！？!?…" or any(mark in line[:-1] for mark in "。；")
            or len(line) > 35 and "，" in line)  # 总台记者：“目前，救援人员…仍在持续”


@dataclass(slots=True)
class _Line:
    start: int      # first kept character (after indentation)
    end: int        # end of the content (before trailing spaces and the newline)
    newline: int    # index of the "\n" that ends the line, -1 for the last line
    content: str


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        raw_end = n if nl < 0 else nl
        start, end = pos, raw_end
        while start < end and text[start] in _HSPACE:
            start += 1
        while end > start and text[end - 1] in _HSPACE:
            end -= 1
        lines.append(_Line(start, end, nl, text[start:end]))
        if nl < 0:
            break
        pos = nl + 1
    return lines


def _is_chrome(content: str) -> bool:
    """A chrome pattern; a row of buttons (收藏 | 举报, 点赞 收藏 分享 评论); a tail marker standing
    alone (相关推荐), on a page without an article."""
    if _CHROME.match(content) or (_CUT.match(content) and len(content) <= 6):
        return True
    words = _words(content)
    return len(words) >= 2 and all(_CHROME.fullmatch(w) for w in words)


_WORD_GAPS = re.compile(r"[\s|｜/·•]+")


def _words(content: str) -> list[str]:
    """The words of a line of buttons or a menu (收藏 | 举报, 新浪首页 新闻 体育)."""
    return [w for w in _WORD_GAPS.split(content) if w]


def _chrome_flags(lines: list[_Line]) -> list[bool]:
    """Lines that are furniture: chrome patterns, counters right above chrome, and a menu of one
    short word a line (BBC's 主页 / 国际 / 中国 / 台湾 …: three such lines or more in a row)."""
    flags = [bool(line.content) and _is_chrome(line.content) for line in lines]
    paragraphs = [i for i, line in enumerate(lines) if is_body_paragraph(line.content)]
    first, last = (paragraphs[0], paragraphs[-1]) if paragraphs else (len(lines), -1)
    # Above the first paragraph and below the last only: a short breadcrumb, a section menu on one
    # line, or one short word a line (a list of slogans or names in the body is text).
    run: list[int] = []
    for i, line in enumerate(lines):
        content = line.content
        if first <= i <= last or not content:
            if content:
                _flag_menu(flags, run, lines)
                run = []
            continue
        if _SHORT_BREADCRUMB.fullmatch(content) or _is_section_menu(content):
            flags[i] = True
        if len(content) <= 4 and not _PUNCTUATION.search(content):
            run.append(i)
        else:
            _flag_menu(flags, run, lines)
            run = []
    _flag_menu(flags, run, lines)
    filled = [i for i, line in enumerate(lines) if line.content and i < first]
    top = filled[0] if filled else len(lines)
    if top < first and lines[top].content in _NAV_WORDS:
        flags[top] = True  # a section's name above the headline (中央社's 政治, 兩岸)
    for k in filled[:2]:
        if lines[k].content in _MENU_WORDS and k != filled[-1]:
            flags[k] = True  # …also under the site's line and as a place's name (明報新聞網 / 中國 / headline)
    for i, line in enumerate(lines):
        if flags[i] or not _NUMBER_LINE.match(line.content):
            continue
        nxt = next((j for j in range(i + 1, len(lines)) if lines[j].content), None)
        if nxt is not None and flags[nxt]:
            flags[i] = True
    return flags


_PUNCTUATION = re.compile(r"[。！？，、：:,.!?]")


def _flag_menu(flags: list[bool], run: list[int], lines: list[_Line]) -> None:
    """Three short lines or more in a row, half of them or more a section's name (主页 / 国际 / 中国
    / 台湾 …), are a menu; a short title, the source and the author (春运首日 / 央视网 / 李明) are not."""
    if len(run) >= 3 and 2 * sum(lines[i].content in _MENU_WORDS for i in run) >= len(run):
        for i in run:
            flags[i] = True


# A breadcrumb of short parts without 首页 (凤凰网 > 军事, 香港01 > 國際 > 即時國際, 观察者网 > 国际 >).
_SHORT_BREADCRUMB = re.compile(r"[^\s。！？，,：:>›»＞]{1,12}(?:\s*[>›»＞]\s*[^\s。！？，,：:>›»＞]{1,12}){1,4}(?:\s*[>›»＞])?")


def _is_section_menu(content: str) -> bool:
    """新浪首页 新闻 体育 财经 …: four words or more, all but one a section's name."""
    words = _words(content)
    return len(words) >= 4 and sum(w in _NAV_WORDS or w.endswith(("首页", "首頁")) for w in words) >= len(words) - 1


def _is_closing(content: str) -> bool:
    """A copyright notice, a rights line or an app promo (see ``_RIGHTS``), also written with a space
    between the characters (人 民 网 股 份 有 限 公 司 版 权 所 有); a promo of the outlet's social-media
    account (DW中文有Instagram！欢迎搜索…); a source line (来源：环球时报)."""
    if not 0 < len(content) <= 150:
        return False
    if content.count(" ") >= len(content) // 3:
        content = content.replace(" ", "")
    return bool(_RIGHTS.match(content) or (content[-1] not in _SENTENCE_END and _NOTICE.search(content))
                or _END_MARK.match(content) or _SOURCE_LINE.match(content)
                or _SOCIAL_PROMO.search(content) and _OWN_ACCOUNT.search(content) and not _REPORTED.search(content))


def _tail_start(lines: list[_Line], first_body: int, chrome: list[bool]) -> int:
    """Index of the first line of the dropped tail (``len(lines)`` when none)."""
    end = len(lines)
    seen_paragraph = False
    for i in range(first_body, len(lines)):
        content = lines[i].content
        if not content:
            continue
        # A disclaimer closes the page even where no paragraph came before it (a page whose body
        # did not load: headline, 特别声明).
        if (seen_paragraph or _DISCLAIMER.match(content)) and _CUT.match(content):
            if _BRACKETED_RELATED.match(content) and any(is_body_paragraph(lines[k].content)
                                                          for k in range(i + 1, len(lines))):
                continue  # 【延伸閱讀】 with links inside the article: the story goes on after it
            end = i
            break
        if is_body_paragraph(content):
            seen_paragraph = True
    last_paragraph = max(
        (i for i in range(first_body, end)
         if is_body_paragraph(lines[i].content) and not _is_closing(lines[i].content)),
        default=None,
    )
    if last_paragraph is None:
        return end
    # Closing boilerplate after the last paragraph.
    for i in range(last_paragraph + 1, end):
        if _is_closing(lines[i].content):
            return i
    # A recommendation list without a marker: bare date-time lines after the last paragraph.
    stamps = [i for i in range(last_paragraph + 1, end) if _DATETIME_LINE.match(lines[i].content)]
    return last_paragraph + 1 if len(stamps) >= 2 else end


def clean_text(text: str, *, outlets: Collection[str] = frozenset()) -> CleanResult:
    """Drop page chrome and boilerplate from a saved article, keeping an exact offset map.

    Only whole ranges are deleted, so ``text[to_source(i)] == result.text[i]``
    for every kept character ``i``. ``outlets``: names of news outlets; a line above the first
    paragraph that names one alone (联合早报, 法广 RFI, 澎湃新闻记者 王珊) is a byline.
    """
    lines = _split_lines(text)
    chrome = _chrome_flags(lines)
    # The article starts at the first line that is not furniture, a byline or a bare date.
    first_body = len(lines)
    for i, line in enumerate(lines):
        content = line.content
        if not content or chrome[i] or _DATE_LINE.match(content):
            continue
        if _is_byline(content, outlets):
            continue
        first_body = i
        break
    tail = _tail_start(lines, first_body, chrome)
    body_end = len(text) if tail >= len(lines) else lines[tail].start
    first_paragraph = next(
        (i for i in range(first_body, tail) if is_body_paragraph(lines[i].content)), tail
    )

    pieces: list[list[int]] = []
    captions: list[list[int]] = []
    length = 0
    previous: _Line | None = None
    gap_newlines: list[int] = []
    gap_has_break = False
    for i in range(first_body, tail):
        line = lines[i]
        keep = bool(line.content) and not chrome[i]
        # Bylines and bare dates between the title and the first paragraph are metadata.
        if keep and i < first_paragraph and (_is_byline(line.content, outlets) or _DATE_LINE.match(line.content)):
            keep = False
        if keep:
            if previous is not None:
                separator = [gap_newlines[0]] if gap_newlines else []
                if gap_has_break and len(gap_newlines) >= 2:
                    separator.append(gap_newlines[-1])
                for nl in separator:
                    _append(pieces, [nl, nl + 1])
                    length += 1
            start, end = line.start, line.end
            opening = OPENING_BYLINE.match(line.content) if i == first_paragraph else None
            if opening and opening.end() < len(line.content):
                start += opening.end()  # 【文/观察者网 王恺雯】据…: the story without its byline
            footer = _INLINE_FOOTER.search(line.content) if i >= first_paragraph else None
            if footer and footer.start() > 0:
                end = line.start + footer.start()  # the paragraph without the editor's credit
            if is_caption_line(line.content):
                captions.append([length, length + end - start])
            _append(pieces, [start, end])
            length += end - start
            previous = line
            gap_newlines = []
            gap_has_break = False
        elif previous is not None:
            gap_has_break = True
        if previous is not None and line.newline >= 0:
            gap_newlines.append(line.newline)
    clean = "".join(text[a:b] for a, b in pieces)
    return CleanResult(clean, pieces, captions, body_end)


def _is_byline(content: str, outlets: Collection[str] = frozenset()) -> bool:
    """A short line with a source/author/time label, or a date-time with a label after it, or a
    line that names one of ``outlets`` alone."""
    if len(content) > 80:
        return False
    if outlets and outlet_line(content, outlets):
        return True
    if _BYLINE.search(content) and not is_body_paragraph(content):
        return True
    # A date, a time and a short note (新京报, （3/14 21:30 更新）), or a site's name before a date and
    # a time, with or without a space (凤凰网资讯 2025-06-17 21:05:33 来自北京市, 第一财经2026-11-21 10:49:18).
    return bool(re.match(rf"^{_DATE}\s*(?:{_TIME})?\s*[^。！？]{{0,30}}$", content)
                or re.match(rf"^[^\s。！？，]{{1,10}}\s*{_DATE}\s*{_TIME}\s*[^。！？]{{0,30}}$", content)) \
        and not is_body_paragraph(content)
