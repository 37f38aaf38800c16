"""The cleaner deletes only whole ranges, so its offset map is exact."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from newsnlp.clean import clean_text, compose, to_source

NETEASE_SAVE = (
    "网易首页 > 网易号 > 正文 申请入驻\n\n北约防长会议在布鲁塞尔开幕\n\n0\n分享至\n\n"
    "北约成员国国防部长会议13日在比利时布鲁塞尔开幕，会议将讨论对乌克兰的后续军事援助。\n\n\n\n"
    "(配图说明:会议现场 图片来源:法新社)\n\n"
    "北约秘书长在新闻发布会上说，联盟将在波罗的海地区增派两个多国营级战斗群。\n\n"
    "特别声明：以上内容为自媒体平台“网易号”用户上传并发布。\n\n相关推荐\n某条新闻\n2026-01-25 13:50:09\n"
)


def _assert_exact(source: str, result) -> None:
    assert result.text == "".join(source[a:b] for a, b in result.offsets)
    for i, ch in enumerate(result.text):
        assert source[to_source(result.offsets, i)] == ch


def test_clean_drops_header_chrome_and_everything_after_the_disclaimer():
    result = clean_text(NETEASE_SAVE)
    assert result.text.startswith("北约防长会议在布鲁塞尔开幕\n\n北约成员国")
    assert "分享至" not in result.text and "申请入驻" not in result.text
    assert result.text.endswith("战斗群。")
    assert "特别声明" not in result.text and "2026-01-25" not in result.text
    assert result.body_end == NETEASE_SAVE.index("特别声明")
    _assert_exact(NETEASE_SAVE, result)


def test_clean_marks_caption_lines_and_keeps_them():
    result = clean_text(NETEASE_SAVE)
    [(start, end)] = result.captions
    assert result.text[start:end] == "(配图说明:会议现场 图片来源:法新社)"


def test_clean_collapses_blank_lines_and_drops_carriage_returns():
    source = "标题\r\n\r\n\r\n\r\n　　第一段讲述的是一件很长的事情，长到足以成为一个段落。\r\n第二段。\r\n"
    result = clean_text(source)
    assert result.text == "标题\n\n第一段讲述的是一件很长的事情，长到足以成为一个段落。\n第二段。"
    _assert_exact(source, result)


def test_clean_drops_a_trailing_recommendation_list_without_a_heading():
    source = (
        "标题\n\n俄罗斯国防部当地时间11日表示，防空部队拦截了四十七架乌克兰无人机。\n\n"
        "某条推荐新闻\n某某资讯\n2026-01-25 13:50:09\n另一条推荐\n某号\n2026-01-23 18:04:58\n"
    )
    result = clean_text(source)
    assert result.text.endswith("无人机。")


def test_clean_drops_a_reading_time_and_an_app_promo():
    source = "标题\n\n閱讀時間 3 分鐘\n\n" + BODY + "下載RFI應用程序，隨時掌握國際新聞\n"
    assert clean_text(source).text == "标题\n\n" + BODY.strip()


def test_clean_keeps_a_footer_word_that_appears_before_any_paragraph():
    # "编辑：" above the first paragraph is a byline, not the start of the footer.
    source = "标题\n编辑：王五\n以色列和哈马斯代表团14日在卡塔尔首都多哈重启间接谈判，埃及继续斡旋。\n"
    result = clean_text(source)
    assert "多哈重启间接谈判" in result.text and "编辑" not in result.text


def test_clean_drops_section_menus_button_rows_short_breadcrumbs_and_an_editors_credit():
    page = ("新浪首页 新闻 体育 财经 娱乐 科技 博客 图片 专栏 更多\n凤凰网 > 军事\n"
            "俄对乌发动大规模空袭\n2025/03/14 19:02（3/14 21:30 更新）\n字級設定：小 中 大 特\n"
            "收藏 | 举报\n点赞 收藏 分享 评论\n撰文：陳家樂\n出版：2025-03-18 14:32 更新：2025-03-18 15:10\n"
            "乌克兰空军12日发布消息称，俄罗斯当天凌晨向乌克兰境内发射了约150架无人机和12枚导弹。\n"
            "陆委会发言人说，这只会让台湾人民更加反感。（編輯：林克倫）1140314\n")
    result = clean_text(page)
    assert result.text == ("俄对乌发动大规模空袭\n\n乌克兰空军12日发布消息称，俄罗斯当天凌晨向乌克兰境内发射了约150架无人机和12枚导弹。\n"
                           "陆委会发言人说，这只会让台湾人民更加反感。")
    assert all(page[to_source(result.offsets, i)] == ch for i, ch in enumerate(result.text))


def test_clean_drops_a_menu_of_one_word_a_line_bylines_with_a_site_before_the_date_and_source_credits():
    page = ("BBC News, 中文\n主页\n国际\n中国\n台湾\n\n朝鲜派兵一年后平壤得到了什么\n作者, 金秀妍\nRole, BBC朝鲜事务记者\n"
            "凤凰网资讯 2025-06-17 21:05:33 来自北京市\n发布于：北京市\n发布 / 2024年12月5日 15:22\n"
            "一年前，朝鲜士兵身穿俄军制服出现在俄罗斯西部库尔斯克前线的消息震惊了世界。\n"
            "关键字： 朝鲜 俄罗斯\n（来源：海外网）\n相关主题\n朝鲜\n俄罗斯\n俄乌战争\n")
    assert clean_text(page).text == ("朝鲜派兵一年后平壤得到了什么\n\n"
                                     "一年前，朝鲜士兵身穿俄军制服出现在俄罗斯西部库尔斯克前线的消息震惊了世界。")


def test_clean_leaves_nothing_of_a_page_that_is_only_chrome():
    assert clean_text("网易首页 > 网易号 > 正文\n0\n分享至\n相关推荐\n热点推荐\n无障碍浏览 进入关怀版\n").text == ""


def test_clean_keeps_the_whole_seed_article_and_none_of_its_chrome(seed_dir):
    raw = (seed_dir / "kursk-engineers.txt").read_text(encoding="utf-8")
    gold = json.loads((seed_dir / "kursk-engineers.gold.jsonl").read_text(encoding="utf-8"))
    start, end = gold["body"]
    result = clean_text(raw)
    _assert_exact(raw, result)
    kept = sorted({to_source(result.offsets, i) for i in range(len(result.text))})
    assert kept[0] == start and kept[-1] < end
    for line in raw[start:end].splitlines():
        if len(line.strip()) > 4:
            assert line.strip() in result.text
    assert "申请入驻" not in result.text and "特别声明" not in result.text


def test_compose_chains_an_html_map_with_the_cleaner_map():
    outer = [[10, 14], [20, 25, 2], [30, 36]]       # "abcd" + "\n\n" + "efghij"
    inner = [[1, 3], [5, 6], [7, 9]]                 # "bc" + "\n" (half the break) + "fg"
    assert compose(outer, inner) == [[11, 13], [20, 25, 1], [31, 33]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("新闻 \n\r\t　0分享至。（图）特别声明相关推荐2025-12-12:") + [
    "网易首页 > ", "责任编辑：", "\n分享至\n", "\n(图片来源:法新社)\n", "北约秘书长在新闻发布会上说，联盟将增派战斗群。\n",
]), max_size=80).map("".join))
def test_clean_offsets_are_valid_for_any_text(source):
    result = clean_text(source)
    _assert_exact(source, result)
    previous_end = -1
    for a, b in result.offsets:
        assert 0 <= a < b <= len(source) and a >= previous_end
        previous_end = b
    for a, b in result.captions:
        assert 0 <= a < b <= len(result.text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_clean_offsets_are_valid_for_arbitrary_unicode(source):
    _assert_exact(source, clean_text(source))


def test_clean_keeps_body_lines_that_look_like_chrome_only_out_of_place():
    # Short slogans, a short title with its source and author, a subhead, a source credit mid-text,
    # a paragraph that begins with 相关主题, a title with a date or with 更新：.
    texts = [
        "会议强调，要做到：\n敢于担当\n勇于创新\n甘于奉献\n他指出，这是新时代对干部提出的明确要求，必须坚决落实到位。",
        "春运首日\n央视网\n李明\n今天是春运首日，全国铁路预计发送旅客1000万人次，比去年同期增长百分之五。",
        "关键词：新质生产力\n新质生产力是创新起主导作用的先进生产力质态，具有高科技、高效能特征。",
        "全国两会2025年3月5日开幕\n今天上午，十四届全国人大三次会议在人民大会堂开幕，近三千名代表出席。",
        "系统更新：12306将于今晚暂停服务\n铁路部门表示，为配合系统升级，12306网站将于今晚零时起暂停服务四小时。",
        "为期两周的文化节将于下月开幕，届时将有多项活动。\n相关主题展览将在市博物馆举办，市民可免费参观，届时还有讲座。",
        "这条线路全长八百公里，沿途经过三个省市，每天开行二十对列车。\n北京>天津>济南\n沿途各站客流十分旺盛，节假日更是一票难求，铁路部门加开了临客。",
    ]
    for text in texts:
        assert clean_text(text).text == text, text
    # A source credit on its own line is dropped, and the article goes on after it.
    text = ("经济运行稳中有进，主要指标好于预期，市场信心逐步恢复。\n（来源：国家统计局）\n"
            "分产业看，第一产业增加值增长百分之三，第二产业增长百分之五。")
    assert clean_text(text).text.endswith("第二产业增长百分之五。") and "来源" not in clean_text(text).text


BODY = ("北约秘书长在新闻发布会上说，联盟将在波罗的海地区增派两个多国营级战斗群。\n\n"
        "俄罗斯外交部发言人当天回应称，北约的这一决定将进一步加剧地区紧张局势。\n\n")


def test_clean_drops_copyright_notices_and_app_promos_after_the_last_paragraph():
    closings = [
        "Copyright © 2000-2025 XINHUANET.com All Rights Reserved.\n制作单位：新华网股份有限公司 版权所有 新华网股份有限公司\n",
        "© 2025年德國之聲版權聲明：本文所有內容受到著作權法保護，如無德國之聲特別授權，不得擅自使用。\n",
        "（本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP）\n",
        "本站所有內容 版權所有\n",
        "人 民 网 股 份 有 限 公 司 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用\n",  # letter-spaced
        "DW中文有Instagram！欢迎搜索dw.chinese，看更多深度时事分析以及图文报道。\n",  # a sentence, but a promo
        "来源：环球时报\n",  # the source alone after the story
        "网易广东省网友：非洲又乱了\n2025-11-04 11:02\n",  # readers' comments
        "本網站之文字、圖片及影音，非經授權，不得轉載、公開播送或公開傳輸及利用。\n",
        "【版权归韩联社所有，未经授权严禁转载复制】\n",
    ]
    for closing in closings:
        source = "标题\n\n" + BODY + closing
        result = clean_text(source)
        assert result.text.endswith("加剧地区紧张局势。"), closing
        assert result.body_end == source.index(closing)
        _assert_exact(source, result)


def test_clean_drops_the_wires_end_mark_closing_the_last_paragraph_and_a_byline_opening_the_first():
    source = "标题\n\n【文/观察者网 王恺雯】" + BODY + "韩美两国本月初举行了第57次韩美安保会议。（完）\n"
    result = clean_text(source)
    assert result.text.startswith("标题\n\n北约秘书长") and result.text.endswith("韩美安保会议。")
    _assert_exact(source, result)
    # A paragraph that is only a byline in brackets is a byline line, as before.
    # 自由時報's bracketed byline with its dateline.
    assert clean_text("标题\n\n〔記者吳書緯／台北報導〕" + BODY).text.startswith("标题\n\n北约秘书长")
    assert clean_text("标题\n\n〔編譯盧昱瑋／綜合報導〕" + BODY).text.startswith("标题\n\n北约秘书长")  # a translator's
    # A question put or a note in those brackets is the story's.
    for opening in ("【记者：您如何看待美军在菲律宾部署导弹？】", "【作者：本文仅代表作者个人观点】"):
        assert clean_text("标题\n\n" + opening + BODY).text.startswith("标题\n\n" + opening)
    source = "标题\n\n【文/观察者网 王恺雯】\n" + BODY + "分享让更多人看到\n"
    assert clean_text(source).text == "标题\n\n" + BODY.strip()


def test_clean_cuts_at_a_related_reading_heading_in_brackets():
    for heading in ("【延伸閱讀】", "[相关新闻]", "「推薦閱讀」", "延伸閱讀"):
        source = "标题\n\n" + BODY + heading + "\n‧ 共軍去年兩次聯合利劍演習 國防部：總計共機264架次\n"
        assert clean_text(source).text.endswith("加剧地区紧张局势。"), heading


def test_clean_keeps_sentences_about_rights_and_apps_and_photo_credits():
    texts = [
        BODY + "法院认定被告侵权，版权所有人有权要求赔偿。",
        BODY + "警方提醒，市民如遇电信诈骗，请下载国家反诈中心APP举报。",
        BODY + "© Reuters\n" + BODY.strip(),
        BODY + "警方提醒，市民如发现可疑情况请及时报警，也欢迎关注警方微信公众号获取最新通报。",  # the story's
        BODY + "泽连斯基周五在Telegram上发文，欢迎关注总统办公室的官方频道。",
        "（本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP）\n" + BODY.strip(),
    ]
    for text in texts:
        assert clean_text(text).text == text.strip(), text


def test_a_bracketed_related_heading_between_paragraphs_and_an_app_tip_keep_the_story():
    text = ("标题\n\n第一段正文，俄罗斯国防部称，俄军已控制库皮扬斯克市，乌克兰方面随即否认了这一说法。\n\n"
            "【延伸閱讀】\n另一篇文章标题\n\n第二段正文，战斗仍在继续进行之中，双方都宣称取得了进展，国际社会呼吁停火。\n\n"
            "防骗提示：\n1.请下载安装“国家反诈中心”APP\n\n（本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP）\n")
    cleaned = clean_text(text).text
    assert "第二段正文" in cleaned and "1.请下载安装“国家反诈中心”APP" in cleaned
    assert "【延伸閱讀】" not in cleaned and "更多原创资讯" not in cleaned


def test_a_sentence_that_begins_like_a_related_heading_is_article_text():
    text = ("伊朗称将继续核计划\n\n伊朗外交部发言人巴加埃周一表示，伊朗将继续推进和平利用核能的计划，不会屈服于外部压力。\n"
            "相关报道指出，伊朗近期加快了浓缩铀的生产速度，国际原子能机构对此表示关切。\n分析人士认为，局势可能进一步升级。\n")
    assert "分析人士认为" in clean_text(text).text


def test_clean_drops_an_app_promo_the_original_title_and_the_end_mark():
    page = ("以色列空袭伊朗\n（原标题：以军凌晨空袭伊朗核设施）\n" + BODY + "扫码下载腾讯新闻APP\n看更多精彩内容\n（完）\n")
    assert clean_text(page).text == "以色列空袭伊朗\n\n" + BODY.rstrip("\n")


def test_clean_drops_a_line_naming_a_known_outlet_above_the_story_only():
    page = "北约增兵波罗的海\n联合早报\n" + BODY + "联合早报\n"
    assert clean_text(page).text.startswith("北约增兵波罗的海\n联合早报\n北约秘书长")  # no outlets given
    assert clean_text(page, outlets={"联合早报"}).text == "北约增兵波罗的海\n\n" + BODY + "联合早报"


def test_a_slash_byline_with_its_dateline_and_a_desks_closing_lines_are_no_text():
    text = ("标题\n2025-10-31 21:10\n聯合報／ 記者陳韻聿／綜合報導\n\n" + BODY
            + "\n\n（美国之音中文部）\n欢迎关注美国之音中文网脸书账号\n")
    cleaned = clean_text(text).text
    assert "記者陳韻聿" not in cleaned and "中文部" not in cleaned and "脸书" not in cleaned
    assert "北约秘书长" in cleaned
