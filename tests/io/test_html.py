"""HTML extraction: blocks with offsets, references, safety limits."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from newsnlp.clean import to_source
from newsnlp.errors import ReadError
from newsnlp.io import html as html_io
from newsnlp.io import readers
from newsnlp.io.html import extract_article, page_blocks

PARAGRAPH = "北约秘书长在新闻发布会上说，联盟将在波罗的海地区增派两个多国营级战斗群。"


def test_page_blocks_keep_page_offsets_and_decode_references():
    page = "<html><head><title>t</title><script>var x='隐藏';</script></head><body><p>A&amp;B\n  北约</p><p>乙</p></body></html>"
    first, second = page_blocks(page)
    assert first.text == "A&B 北约" and second.text == "乙"
    assert first.pieces[0] == [page.index("A"), page.index("A") + 1]
    assert first.pieces[1] == [page.index("&amp;"), page.index("&amp;") + 5, 1]


def test_extract_article_maps_text_back_into_the_page():
    page = (
        "<html><body><nav>首页 国际 军事</nav><h1>北约增派战斗群</h1>"
        + "".join(f"<p>{PARAGRAPH[:-1]}{n}。</p>\n" for n in range(4))
        + "<div>相关推荐</div><ul><li>别的新闻 2026-01-25 13:50</li></ul></body></html>"
    )
    article = extract_article(page, title="北约增派战斗群")
    assert article.text.startswith("北约增派战斗群\n\n")
    assert "相关推荐" not in article.text and "首页" not in article.text
    for i, ch in enumerate(article.text):
        if ch != "\n":
            assert page[to_source(article.offsets, i)] == ch


def test_external_entities_and_network_are_never_used():
    page = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"<html><body><p>&xxe;{PARAGRAPH}</p><p>{PARAGRAPH}</p></body></html>"
    )
    article = extract_article(page)
    assert "root:" not in article.text
    assert PARAGRAPH in article.text


def test_deeply_nested_pages_do_not_crash():
    page = "<div>" * 5000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 5000
    article = extract_article(page)
    assert PARAGRAPH in article.text


def test_oversized_pages_are_refused(monkeypatch):
    monkeypatch.setattr(html_io, "MAX_HTML_CHARS", 100)
    with pytest.raises(ReadError, match="more than 100"):
        page_blocks("<p>" + "字" * 200 + "</p>")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<br>", "&amp;", "&#x4e2d;", "&nbsp;", "\n", "  ", "<b>", "</b>",
    "<script>x</script>", "<figcaption>图为会场</figcaption>", PARAGRAPH, "分享至", "相关推荐", "<!-- c -->",
]), max_size=40).map("".join))
def test_html_offsets_are_valid_for_any_markup(page):
    article = extract_article(page)
    position = 0
    for piece in article.offsets:
        start, end = piece[0], piece[1]
        assert 0 <= start <= end <= len(page)
        if len(piece) == 2:
            assert article.text[position:position + end - start] == page[start:end]
            position += end - start
        else:
            position += piece[2]
    assert position == len(article.text)
    for a, b in article.captions:
        assert 0 <= a < b <= len(article.text)


# A headline that the page's metadata shortens, and a lede above the date line.
_PARAS = "".join(f"<p>这是正文第{n}段，俄罗斯国防部称，俄军已控制库皮扬斯克市，乌克兰方面随即否认了这一说法，战斗仍在继续进行之中。</p>"
                  for n in "一二三")
_H1 = "以伊戰爭｜美軍B-2轟炸伊朗三核設施 特朗普：福爾多已被「徹底摧毀」"


def _page_of(head, body):
    return f'<html><head><meta charset="utf-8">{head}</head><body><main>{body}</main></body></html>'.encode()


def test_html_keeps_the_h1_when_the_metadata_headline_is_shorter():
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"以伊戰爭｜美軍B-2轟炸伊朗三核設施"}</script>'
    [article] = readers.read_bytes(_page_of(f"<title>{_H1}｜香港01</title>{ld}", f"<h1>{_H1}</h1><div>{_PARAS}</div>"), name="a.html")
    assert article.text.startswith(_H1 + "\n\n这是正文第一段")
    assert article.source["title"] == _H1


def test_html_keeps_a_lede_above_the_date_line():
    lede = "联合国安理会周一以13票赞成、0票反对、2票弃权通过了美国起草的加沙问题决议，中国和俄罗斯投了弃权票。"
    body = (f'<article><h1>安理会通过美国加沙决议 授权国际稳定部队</h1><p class="teaser">{lede}</p>'
            f'<div class="meta"><span>2025年11月18日</span></div><div class="rich-text">{_PARAS}</div></article>')
    [article] = readers.read_bytes(_page_of("<title>x</title>", body), name="d.html")
    assert article.text.startswith("安理会通过美国加沙决议 授权国际稳定部队\n\n" + lede + "\n\n这是正文第一段")


def test_a_lede_under_a_headline_that_ends_in_a_quote_is_kept():
    lede = "美国副总统万斯周五访问位于格陵兰岛西北部的皮图菲克太空基地。他批评丹麦多年来没有为格陵兰的安全投入足够资源。"
    headline = "美国副总统万斯访问格陵兰岛美军基地 指责丹麦“投入不足”"
    body = f'<article><h1>{headline}</h1><p class="teaser">{lede}</p><div class="rich-text">{_PARAS}</div></article>'
    [article] = readers.read_bytes(_page_of(f"<title>{headline}</title>", body), name="d.html")
    assert article.text.startswith(headline + "\n\n" + lede + "\n\n这是正文第一段")


def test_a_cookie_notice_above_the_article_is_no_lede():
    notice = "我们使用cookie来改善您的浏览体验，继续浏览本网站即表示您同意我们的隐私政策。"
    lede = "德国联邦议院选举初步结果显示，默茨领导的联盟党赢得约28.5%的选票，成为议会第一大党。"
    body = (f'<h1>德国大选：默茨领导的联盟党获胜</h1><p class="cookie">{notice}</p>'
            f'<p class="teaser">{lede}</p><div class="meta">2025年2月24日</div><article>{_PARAS}</article>')
    [article] = readers.read_bytes(_page_of("<title>德国大选：默茨领导的联盟党获胜 | DW</title>", body), name="c.html")
    assert lede in article.text and "cookie" not in article.text


def test_a_caption_in_a_span_between_long_paragraphs_is_kept_and_marked():
    first = "以色列总理内塔尼亚胡当天发表视频讲话称，行动的目标是削弱伊朗的核计划和弹道导弹能力，并表示行动将持续必要的天数。" * 2
    second = "伊朗最高领袖哈梅内伊13日发表声明，称以色列将为此付出苦涩而痛苦的代价。当晚，伊朗向以色列发射了数百枚弹道导弹。" * 2
    caption = "6月13日晚，以色列特拉维夫一处遭导弹击中的建筑。（图片来源：新华社）"
    page = (f"<html><body><h1>以色列对伊朗发动大规模空袭</h1><div class='article'><p>{first}</p>"
            f"<div class='img_wrapper'><img src='a.jpg'><span class='img_descr'>{caption}</span></div>"
            f"<p>{second}</p></div></body></html>")
    article = extract_article(page)
    assert caption in article.text
    assert [article.text[a:b] for a, b in article.captions] == [caption]


@pytest.mark.parametrize("klass", ["pic-title", "picIntro-1gAr", "image_desc", "picinfo"])  # huanqiu's, ifeng's, 澎湃's, 中央社's
def test_a_caption_in_a_sites_own_caption_class_is_marked(klass):
    first = "以色列总理内塔尼亚胡当天发表视频讲话称，行动的目标是削弱伊朗的核计划和弹道导弹能力，并表示行动将持续必要的天数。"
    second = "伊朗最高领袖哈梅内伊13日发表声明，称以色列将为此付出苦涩而痛苦的代价。当晚，伊朗向以色列发射了数百枚弹道导弹。"
    caption = "9月2日，金正恩乘坐专列抵达北京站。（图源：朝中社）"
    page = (f"<html><body><h1>金正恩出席北京纪念大会</h1><div class='article'><p>{first}</p>"
            f"<div><img src='a.jpg'></div><p class='{klass}'>{caption}</p><p>{second}</p></div></body></html>")
    article = extract_article(page)
    assert [article.text[a:b] for a, b in article.captions] == [caption]


def test_a_topic_title_is_no_caption():
    first = "以色列总理内塔尼亚胡当天发表视频讲话称，行动的目标是削弱伊朗的核计划和弹道导弹能力，并表示行动将持续必要的天数。"
    page = (f"<html><body><h1>金正恩出席北京纪念大会</h1><div class='article'><p>{first}</p>"
            f"<h3 class='topic-title'>菲方：将与美方密切合作确保部署顺利</h3><p>{first}</p></div></body></html>")
    assert extract_article(page).captions == []


def test_a_photo_link_opening_a_paragraph_makes_no_caption():
    body = "乌克兰总统泽连斯基当天在视频讲话中表示，乌方愿意在保障国家主权的前提下与俄方进行谈判，但不会接受割让领土的要求。"
    page = (f"<html><body><h1>俄乌冲突最新进展</h1><div class='content'><p>{body}</p>"
            f"<p><a class='photoLink' href='/g'>组图</a>{body}</p></div></body></html>")
    assert extract_article(page).captions == []
