"""Dates, bylines, breadcrumbs and script detection."""
from __future__ import annotations

import pytest

from newsnlp.io.metadata import (
    breadcrumb_site, byline_fields, detect_script, latest_text_date, parse_date, strip_title_suffix,
)


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-12-11T21:40:12+08:00", "2025-12-11"),
        ("2025年12月12日 10:23", "2025-12-12"),
        ("2025/12/12 14:05", "2025-12-12"),
        ("2025 年 8 月 3 日", "2025-08-03"),
        ("202511/2718:32:10", "2025-11-27"),  # a page's year, day and time spans run together
        ("2025-13-40", None),
        ("114年12月12日", None),
        (None, None),
    ],
)
def test_parse_date_reads_news_formats(value, iso):
    assert parse_date(value) == iso


def test_byline_fields_split_publisher_author_and_date_without_spaces():
    assert byline_fields(["2025-12-13 21:17:50来源：观察者网作者：陈七"]) == {
        "publisher": "观察者网", "author": "陈七", "published": "2025-12-13",
    }


def test_byline_fields_take_an_unlabelled_name_beside_the_date():
    assert byline_fields(["2025年12月12日 10:23 新华社"])["publisher"] == "新华社"


def test_breadcrumb_site_prefers_the_self_media_platform():
    assert breadcrumb_site(["网易首页 > 网易号 > 正文 申请入驻"]) == "网易号"
    assert breadcrumb_site(["新浪首页 > 新闻中心 > 正文"]) == "新浪"


def test_latest_text_date_ignores_partial_dates():
    assert latest_text_date("2025 年 8 月报道，2025年12月12日会见，2024年5月") == "2025-12-12"


def test_detect_script_tells_traditional_from_simplified():
    assert detect_script("韓國聯合參謀本部通報說朝鮮發射了兩枚彈道導彈") == "traditional"
    assert detect_script("韩国联合参谋本部通报说朝鲜发射了两枚弹道导弹") == "simplified"
    assert detect_script("BBC") == "simplified"


def test_strip_title_suffix_drops_the_site_name():
    assert strip_title_suffix("北约防长会议在布鲁塞尔开幕_新浪新闻") == "北约防长会议在布鲁塞尔开幕"
    assert strip_title_suffix("加沙停火谈判在多哈重启 | 联合早报") == "加沙停火谈判在多哈重启"


def test_byline_fields_read_full_width_digits():
    assert byline_fields(["２０２５年１２月１２日 １０：２３ 来源：参考消息"]) == {
        "publisher": "参考消息", "published": "2025-12-12"}


def test_byline_reads_a_slash_byline_and_never_takes_a_weekday_for_a_publisher():
    assert byline_fields(["2025-12-30 08:20 聯合報／ 記者洪哲政／台北即時報導"]) == {
        "published": "2025-12-30", "publisher": "聯合報", "author": "洪哲政"}
    assert byline_fields(["2025年10月13日星期一 21:15"]) == {"published": "2025-10-13"}
    assert byline_fields(["2025年12月12日 10:23 新华社"])["publisher"] == "新华社"
    assert "publisher" not in byline_fields(["央视新闻客户端 2025年06月09日 08:27 分享到：微信 | 微博 | QQ空间"])


def test_a_weekday_inside_a_publishers_name_stays():
    assert byline_fields(["2025年10月13日 21:15 星期日泰晤士报"])["publisher"] == "星期日泰晤士报"


@pytest.mark.parametrize("line, expected", [
    ("聯合報／ 記者洪哲政／台北即時報導", {"publisher": "聯合報", "author": "洪哲政"}),   # no date on the line
    ("文／記者林小明", {"author": "林小明"}),
    ("文/陈七", {"author": "陈七"}),
    ("【文/陈七】", {"author": "陈七"}),                                  # the closing bracket is the byline's
    ("〔記者呂伊萱／台北報導〕", {"author": "呂伊萱"}),
    ("國際中心／綜合報導", {}),                                                    # a desk, no reporter
])
def test_an_undated_slash_byline_gives_its_reporter_and_publisher(line, expected):
    assert byline_fields([line]) == expected


def test_byline_fields_leave_out_a_counter_and_the_place_of_posting():
    assert byline_fields(["2025-06-14 08:23:41字号 A+ A-来源：观察者网阅读 182634"])["publisher"] == "观察者网"
    assert "publisher" not in byline_fields(["2026-01-13 17:41 微博微信打印"])  # share buttons
    assert "publisher" not in byline_fields(["2025-06-14 11:42:37 来自北京"])


def test_a_sites_name_in_the_author_tag_is_no_author():
    from newsnlp.io.readers import read_bytes

    page = ('<html><head><title>以色列空袭伊朗_网易新闻</title><meta name="author" content="网易">'
            '<meta property="og:site_name" content="网易新闻"></head><body><h1>以色列空袭伊朗</h1>'
            '<p>以色列国防军13日凌晨对伊朗多地核设施发动大规模空袭，伊朗官方媒体证实革命卫队总司令身亡。</p>'
            '<p>伊朗最高领袖哈梅内伊13日发表声明，称以色列将为此付出代价，地区局势急剧升温。</p></body></html>')
    article, = read_bytes(page.encode(), name="a.html")
    assert article.source["author"] is None and article.source["publisher"] == "网易新闻"
    # A self-media account's name is its author (牛弹琴 of 牛弹琴说).
    page = page.replace('content="网易"', 'content="牛弹琴"').replace('content="网易新闻"', 'content="牛弹琴说"')
    article, = read_bytes(page.encode(), name="a.html")
    assert article.source["author"] == "牛弹琴"


def test_a_known_outlet_loses_the_channel_after_it():
    from newsnlp.io.metadata import without_channel

    outlets = {"人民网", "央视网"}
    assert without_channel("人民网－国际频道", outlets) == "人民网"
    assert without_channel("央视网-新闻频道", outlets) == "央视网"
    assert without_channel("某某网－国际频道", outlets) == "某某网－国际频道"  # an outlet the KB does not know
    assert without_channel("人民网", outlets) == "人民网" and without_channel(None, outlets) is None


def test_bbcs_author_after_a_comma_and_a_source_glued_to_a_share_button():
    assert byline_fields(["作者, 保罗·柯比（Paul Kirby）"]) == {"author": "保罗·柯比"}
    assert byline_fields(["来源：环球时报分享到："]) == {"publisher": "环球时报"}
