"""Reading saved pages of each portal family: text, metadata, encodings, offsets, bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsnlp.clean import to_source
from newsnlp.errors import InputNotFoundError, ReadError
from newsnlp.io.encoding import read_text
from newsnlp.io.readers import iter_input_files, read_articles, read_bytes, read_file

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
FAMILY = {"utf-8-sig": "utf-8", "gbk": "gb18030", "gb2312": "gb18030", "big5": "big5hkscs",
          "utf-16": "utf-16"}


def _verbatim_chars_round_trip(source: str, article) -> int:
    """Check source[map(i)] == text[i] for every character of a verbatim piece."""
    checked = 0
    position = 0
    for piece in article.meta["source_offsets"]:
        if len(piece) == 2:
            start, end = piece
            assert article.text[position:position + end - start] == source[start:end]
            checked += end - start
            position += end - start
        else:
            start, end, count = piece
            assert 0 <= start <= end <= len(source)
            position += count
    assert position == len(article.text)
    for i in range(0, len(article.text), 7):
        assert 0 <= to_source(article.meta["source_offsets"], i) < len(source)
    return checked


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_read_file_extracts_each_portal_article(name):
    expected = EXPECTED[name]
    [article] = read_file(PAGES / name)
    for paragraph in expected["must_have"]:
        assert paragraph in article.text, paragraph
    for chrome in expected["must_not_have"]:
        assert chrome not in article.text, chrome
    assert article.text.startswith(expected["title"])
    assert article.id == Path(name).stem
    source = article.source
    assert source["title"] == expected["title"]
    assert source["published"] == expected["published"]
    assert source["publisher"] == expected["publisher"]
    assert source["script"] == expected["script"]
    for key in ("url", "author"):
        if key in expected:
            assert source[key] == expected[key]
    assert source["encoding"].startswith(FAMILY.get(expected["encoding"], expected["encoding"]))
    captions = [article.text[a:b] for a, b in article.meta["captions"]]
    assert any(expected["caption"] in caption for caption in captions), captions


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_source_offsets_point_back_into_the_decoded_file(name):
    [article] = read_file(PAGES / name)
    source = read_text(PAGES / name).text
    checked = _verbatim_chars_round_trip(source, article)
    # Nearly everything is verbatim; produced pieces are paragraph breaks and references.
    assert checked >= 0.9 * len(article.text)


def test_plain_text_offsets_are_exactly_the_kept_ranges():
    [article] = read_file(PAGES / "sina-gbk.txt")
    source = read_text(PAGES / "sina-gbk.txt").text
    assert all(len(piece) == 2 for piece in article.meta["source_offsets"])
    for i, ch in enumerate(article.text):
        assert source[to_source(article.meta["source_offsets"], i)] == ch


def test_traditional_text_stays_traditional():
    [article] = read_file(PAGES / "cna.html")
    assert "韓國聯合參謀本部" in article.text


def test_dates_in_recommendation_lists_are_not_the_publication_date():
    [article] = read_file(PAGES / "netease.txt")
    assert article.source["published"] is None
    assert "2026-01-25" not in article.text


def test_seed_article_reads_with_title_publisher_and_no_guessed_date(seed_dir):
    [article] = read_file(seed_dir / "kursk-engineers.txt")
    assert article.id == "kursk-engineers"
    assert article.source["publisher"] == "网易号"
    assert article.source["title"].startswith("朝鲜最高领导人举行隆重仪式")
    # No byline or meta date: a caption date is not the day of publication.
    assert article.source["published"] is None
    assert article.meta["published_from"] is None
    assert article.meta["latest_date_in_text"] == "2025-12-12"
    assert "特别声明" not in article.text and "申请入驻" not in article.text
    assert len(article.meta["captions"]) == 5


def test_jsonl_records_become_articles_with_their_metadata(tmp_path):
    lines = [
        {"id": "a1", "title": "标题一", "content": "朝鲜当天向东部海域发射了两枚短程弹道导弹。",
         "published": "2025-12-12T08:00:00Z", "publisher": "新华社"},
        {"body": "<html><body><h1>标题二</h1><p>以色列和哈马斯代表团14日在卡塔尔首都多哈重启间接谈判，卡塔尔和埃及继续充当调解方。</p></body></html>",
         "url": "https://example.org/2"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n", encoding="utf-8")
    first, second = read_file(path)
    assert (first.id, first.source["published"], first.source["publisher"]) == ("a1", "2025-12-12", "新华社")
    assert first.meta["published_from"] == "record"
    assert second.id == "batch-2" and "多哈重启间接谈判" in second.text
    assert second.source["url"] == "https://example.org/2"


def test_a_bad_record_costs_that_record_not_the_file(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text('{"text": "朝鲜向东部海域发射导弹。"}\n{"id": "x", "title": "无正文"}\nnot json\n'
                    '{"text": "乌军称击落多架无人机。"}\n', encoding="utf-8")
    skipped = []
    articles = read_file(path, on_error=skipped.append)
    assert [a.id for a in articles] == ["dump-1", "dump-4"]
    assert [(e.stage, "line 3" in e.reason or "has no text" in e.reason) for e in skipped] == [("json", True)] * 2
    # A file none of whose records can be read fails as a whole.
    path.write_text("not json\n{}\n", encoding="utf-8")
    with pytest.raises(ReadError, match="none of its 2 records"):
        read_file(path, on_error=skipped.append)


def test_a_page_saved_under_another_name_is_read_as_html(tmp_path):
    path = tmp_path / "news.shtml"
    path.write_text("<!DOCTYPE html><html><head><title>朝鲜派兵</title><script>var a = '金正恩';</script></head>"
                    "<body><nav>首页 新闻</nav><article><h1>朝鲜派兵</h1><p>乌克兰国防部情报总局25日表示，朝鲜已向俄罗斯"
                    "库尔斯克州派遣约一万名士兵，部分部队已投入作战。</p></article></body></html>", encoding="utf-8")
    article, = read_file(path)
    assert "<" not in article.text and "var a" not in article.text and "库尔斯克州" in article.text


def test_json_list_ids_fall_back_to_stem_and_position(tmp_path):
    path = tmp_path / "set.json"
    path.write_text(json.dumps([{"text": "第一篇文章的正文。"}, {"text": "第二篇文章的正文。"}],
                               ensure_ascii=False), encoding="utf-8")
    assert [a.id for a in read_file(path)] == ["set-1", "set-2"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
        ("chrome.txt", "分享至\n举报\n".encode("utf-8")),
        ("broken.json", b'{"text": '),
        ("notext.jsonl", b'{"title": "only a title"}\n'),
    ],
)
def test_bad_inputs_raise_read_error(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert info.value.path == str(path)


def test_read_articles_reports_bad_files_and_goes_on(tmp_path):
    (tmp_path / "a-bad.txt").write_bytes(b"\x00\x01\x02\x03")
    (tmp_path / "b-good.txt").write_text("标题\n\n北约成员国国防部长会议13日在布鲁塞尔开幕。\n", encoding="utf-8")
    errors: list[ReadError] = []
    articles = list(read_articles([tmp_path], on_error=errors.append))
    assert [a.id for a in articles] == ["b-good"]
    assert [Path(e.path).name for e in errors] == ["a-bad.txt"]


def test_iter_input_files_walks_folders_and_globs_in_sorted_order(tmp_path):
    for rel in ("b/2.html", "a/1.txt", "a/skip.pdf", ".hidden/3.txt", "a/.4.txt", "c.jsonl"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path])]
    assert names == ["a/1.txt", "b/2.html", "c.jsonl"]
    globbed = [p.name for p in iter_input_files([str(tmp_path / "**" / "*.txt")])]
    assert globbed == ["1.txt"]
    with pytest.raises(InputNotFoundError):
        list(iter_input_files([str(tmp_path / "nothing-*.html")]))


def test_a_headline_ending_in_a_quote_is_no_paragraph_and_the_byline_below_it_is_read():
    page = ("普京感谢朝鲜军人参与库尔斯克作战：“我们永远不会忘记”\n2025-04-28 11:30 来源：环球网\n"
            "俄罗斯总统普京28日在克里姆林宫表示，感谢朝鲜军人参与解放库尔斯克州的作战，俄方“永远不会忘记”。\n").encode()
    article, = read_bytes(page)
    assert article.source["published"] == "2025-04-28" and "来源" not in article.text


def test_page_metadata_without_web_addresses_outlets_as_authors_or_the_place_of_posting():
    from newsnlp.io.readers import read_bytes

    body = ('<h1>库尔德工人党武装人员焚烧武器</h1><p>库尔德工人党约30名武装人员周五在伊拉克库尔德斯坦地区将自己的'
            '武器投入火中焚毁，标志着解除武装进程正式开始。</p><p>自1984年以来，库尔德工人党与土耳其军队之间的冲突'
            '已造成超过4万人死亡。</p>')
    # DW: a domain for the site, the outlet's name for the author; JSON-LD names the publisher.
    page = ('<html><head><meta property="og:site_name" content="dw.com"><meta name="author" content="德国之音中文网">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "库尔德工人党武装人员焚烧武器",'
            ' "publisher": {"@type": "Organization", "name": "Deutsche Welle"}}</script></head><body>' + body + '</body></html>')
    article, = read_bytes(page.encode(), name="a.html")
    assert (article.source["publisher"], article.source["author"]) == ("Deutsche Welle", None)
    # BBC: a Facebook page as the author.
    page = ('<html><head><meta property="article:author" content="https://www.facebook.com/bbcnews">'
            '<meta property="og:site_name" content="BBC News 中文"></head><body>' + body + '</body></html>')
    article, = read_bytes(page.encode(), name="a.html")
    assert (article.source["publisher"], article.source["author"]) == ("BBC News 中文", None)
    # 网易号: the province the account posted from runs into its name in the byline.
    page = ('<html><body><div class="post_info">2025-11-06 09:12:33　来源: <a>兵器世界观察</a>'
            '<span class="post_info_ip">广东</span></div>' + body + '</body></html>')
    article, = read_bytes(page.encode(), name="a.html")
    assert article.source["publisher"] == "兵器世界观察"
    # Not where the place stands apart: 今日四川 posting from 四川 keeps its name.
    page = ('<html><body><div class="post_info">2025-11-06 09:12:33　来源: <a>今日四川</a></div>'
            '<div class="post_info_ip">四川</div>' + body + '</body></html>')
    article, = read_bytes(page.encode(), name="a.html")
    assert article.source["publisher"] == "今日四川"


def test_a_long_headline_ending_in_a_quote_is_no_paragraph_and_the_byline_after_it_counts():
    from newsnlp.io.readers import read_bytes

    page = ('<html><head><meta property="og:site_name" content="网易新闻"></head><body>'
            '<h1>武装分子封锁燃料运输两月 马里首都巴马科陷入“油荒”</h1>'
            '<div class="post_info">2025-11-04 10:25:41　来源: <a>央视新闻</a></div>'
            '<p>据法新社等媒体报道，马里首都巴马科的燃料短缺已持续两个多月。马里过渡政府宣布全国中小学停课两周。</p>'
            '<p>美国驻马里大使馆10月28日发出安全警告，敦促美国公民立即乘坐商业航班离开马里。</p></body></html>')
    article, = read_bytes(page.encode(), name="a.html")
    assert article.source["publisher"] == "央视新闻"


def test_a_byline_glued_to_the_first_paragraph_gives_its_outlet_and_writer():
    from newsnlp.io.readers import read_bytes

    text = "以色列空袭伊朗\n2025-06-14\n\n【文/观察者网 王恺雯】" + BODY_LINES
    for raw, name in ((text, "a.txt"), ("<html><body><h1>以色列空袭伊朗</h1><p>【文/观察者网 王恺雯】"
                                        + BODY_LINES.replace("\n", "</p><p>") + "</p></body></html>", "a.html")):
        article, = read_bytes(raw.encode(), name=name)
        assert (article.source["publisher"], article.source["author"]) == ("观察者网", "王恺雯")
        assert "王恺雯" not in article.text and "以色列国防军13日" in article.text


BODY_LINES = ("以色列国防军13日凌晨对伊朗多地核设施发动大规模空袭，伊朗官方媒体证实革命卫队总司令身亡。\n"
              "伊朗最高领袖哈梅内伊13日发表声明，称以色列将为此付出代价，地区局势急剧升温。\n")


@pytest.mark.parametrize("header, publisher, author", [
    ("发布 / 2025年6月14日 11:05 AM\n联合早报\n", "联合早报", None),   # the outlet's name alone
    ("2025-06-14\n法广 RFI\n", "法广", None),                          # with its Latin name
    ("2025-06-14 10:02\n澎湃新闻记者 王珊\n", "澎湃新闻", "王珊"),         # with the reporter's
    ("2025-06-14 10:02\n新京报记者 张三 李四 实习生 王五\n", "新京报", "张三 李四 王五"),  # roles are no names
    ("2025-06-14 10:02\n新京报记者 张三 实习生 王五 北京报道\n", "新京报", "张三 王五"),    # nor a dateline
    ("2025-06-14 10:02\n【文/观察者网 王世纯】\n", "观察者网", "王世纯"),    # 文/ the outlet, then its writer
])
def test_a_line_naming_a_known_outlet_above_the_story_is_its_byline(header, publisher, author):
    article, = read_bytes(("以色列空袭伊朗\n" + header + "\n" + BODY_LINES).encode())
    assert (article.source["publisher"], article.source["author"]) == (publisher, author)
    assert article.text.startswith("以色列空袭伊朗\n\n以色列国防军13日")


@pytest.mark.parametrize("opening, publisher", [
    ("韩联社首尔1月5日电 ", "韩联社"), ("【明報專訊】", "明報"), ("（中央社特拉維夫14日綜合外電報導）", "中央社"),
    ("（德国之音中文网）", "德国之音中文网"),  # the outlet alone in brackets
    ("据新华社报道，", None),  # an outlet cited is no wire credit
    ("路透社19日报道称，", None), ("法新社援引消息人士的话报道，", None),
])
def test_a_wire_credit_opening_the_story_gives_the_publisher(opening, publisher):
    article, = read_bytes(("以色列空袭伊朗\n\n" + opening + BODY_LINES).encode())
    assert article.source["publisher"] == publisher
    assert article.text.split("\n")[2].startswith(opening)  # the credit stays: it is the story's first words


def test_a_short_line_that_names_no_outlet_stays_text():
    article, = read_bytes(("春运首日\n李明\n" + BODY_LINES).encode())
    assert article.text.startswith("春运首日\n李明\n")


@pytest.mark.parametrize("header, publisher, author", [
    ("2025-06-14\n视觉中国\n", None, None),                              # a photo's credit
    ("2025-06-14\n新华社记者李贺摄\n来源：环球网\n", "环球网", None),       # a photographer; the labelled source
])
def test_a_photo_credit_above_the_story_gives_no_publisher(header, publisher, author):
    article, = read_bytes(("以色列空袭伊朗\n" + header + "\n" + BODY_LINES).encode())
    assert (article.source["publisher"], article.source["author"]) == (publisher, author)


def test_a_breadcrumb_names_the_site_before_a_wire_credit():
    page = "环球网 > 国际新闻 > 正文\n以色列空袭伊朗\n新华社北京6月14日电 " + BODY_LINES
    article, = read_bytes(page.encode())
    assert article.source["publisher"] == "环球网"


def test_a_folder_walk_skips_a_pages_parts_this_runs_outputs_and_earlier_corpora(tmp_path):
    for rel in ("page.html", "page_files/frame.html", "reuters_files/story.txt",  # no reuters.html beside it
                "corpus.jsonl", "out/part-00000.jsonl", "out/_manifest.json"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([tmp_path], exclude=[tmp_path / "corpus.jsonl"])]
    assert names == ["page.html", "reuters_files/story.txt"]


def test_a_records_lone_surrogate_becomes_a_replacement_character(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text('{"id": "a", "text": "俄军称收复苏贾市\\ud83d。"}\n', encoding="utf-8")
    [article] = read_file(path)
    assert article.text == "俄军称收复苏贾市\ufffd。"


def test_a_page_saved_as_one_file_mhtml_is_read_from_its_html_part(tmp_path):
    from email.message import EmailMessage

    body = "<html><head><title>俄军导弹袭击哈尔科夫</title></head><body><h1>俄军导弹袭击哈尔科夫</h1><p>" + BODY_LINES.split("\n")[0] + "</p></body></html>"
    message = EmailMessage()
    message["From"] = "<Saved by Blink>"
    message.add_related(body, subtype="html", charset="utf-8", cte="quoted-printable")
    path = tmp_path / "kharkiv.mhtml"
    path.write_bytes(message.as_bytes())
    [article] = read_file(path)
    assert article.text.startswith("俄军导弹袭击哈尔科夫\n\n以色列国防军13日")
    assert "MIME" not in article.text and article.id == "kharkiv"
    assert path in list(iter_input_files([tmp_path]))


def test_a_page_whose_body_did_not_load_is_reported_not_annotated(tmp_path):
    page = ("<html><head><title>俄军称收复苏贾市_网易</title></head><body><h1>俄军称收复苏贾市</h1>"
            "<div class='info'>2025-03-13 09:21:07 来源：环球时报</div><div id='content'></div>"
            "<div class='statement'>特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。</div>"
            "</body></html>")
    with pytest.raises(ReadError, match="no article body"):
        read_bytes(page.encode(), name="shell.html")


def test_a_glob_skips_a_pages_parts_too(tmp_path):
    for rel in ("page.html", "page_files/frame.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    assert [p.name for p in iter_input_files([str(tmp_path / "**" / "*.html")])] == ["page.html"]


def test_a_runs_output_is_no_input_whatever_names_it_but_an_input_inside_the_output_folder_is(tmp_path):
    (tmp_path / "saved").mkdir()
    (tmp_path / "saved" / "a.jsonl").write_text('{"id": "r1", "text": "俄军推进。"}\n', encoding="utf-8")
    (tmp_path / "saved" / "all.jsonl").write_text('{"id": "r1", "text": "俄军推进。"}\n', encoding="utf-8")
    found = iter_input_files([str(tmp_path / "saved" / "*.jsonl")], exclude=[tmp_path / "saved" / "all.jsonl"])
    assert [p.name for p in found] == ["a.jsonl"]
    (tmp_path / "out" / "raw").mkdir(parents=True)
    (tmp_path / "out" / "raw" / "b.txt").write_text("乌军撤离。", encoding="utf-8")
    assert [p.name for p in iter_input_files([tmp_path / "out" / "raw"], exclude=[tmp_path / "out"])] == ["b.txt"]


def test_a_two_sentence_brief_in_a_page_is_no_headline():
    page = ("<html><head><title>快讯</title></head><body><div class='article'><p>新华社基辅3月5日电 "
            "乌克兰总统泽连斯基5日在基辅会见美国特使凯洛格。双方讨论了停火问题</p></div></body></html>")
    article, = read_bytes(page.encode(), name="b.html")
    assert article.text.endswith("双方讨论了停火问题")


def test_an_article_not_written_in_chinese_is_reported_not_annotated():
    english = ("Russian forces said on Tuesday they had retaken the town after weeks of fighting, "
               "destroying several Ukrainian positions near the border.\n") * 3
    with pytest.raises(ReadError, match="not written in Chinese"):
        read_bytes(english.encode())
    with pytest.raises(ReadError, match="not written in Chinese"):
        read_bytes(("D" * 4096).encode())
    # A Chinese article quoting English at length is Chinese.
    article, = read_bytes(("普京说：" + english[:200] + "他随后离开了会场，记者会结束。" * 3).encode())
    assert article.text.startswith("普京说")


@pytest.mark.parametrize("byline, publisher, author", [
    ("【环球时报记者 张晓雨】", "环球时报", "张晓雨"),
    ("【环球时报驻俄罗斯特派记者 张晓雨 环球时报特约记者 柳玉鹏】", "环球时报", "张晓雨 柳玉鹏"),
    ("【环球时报报道 记者 张晓雨】", "环球时报", "张晓雨"),
])
def test_an_outlets_reporters_in_brackets_glued_to_the_story(byline, publisher, author):
    from newsnlp.io.readers import read_bytes

    article, = read_bytes(f"以色列空袭伊朗\n\n{byline}{BODY_LINES}".encode(), name="a.txt")
    assert (article.source["publisher"], article.source["author"]) == (publisher, author)
    assert article.text.split("\n")[2].startswith("以色列国防军13日")


@pytest.mark.parametrize("lines, publisher, author", [
    ("新华社 2026-11-12 22:14 发布于北京 +关注", "新华社", None),     # Tencent's place of posting
    ("界面新闻记者 | 陈晓\n界面新闻编辑 | 王鹏\n2026/10/28 21:35", "界面新闻", "陈晓"),  # 界面's bars
    ("第一财经2026-11-21 10:49:18", "第一财经", None),                # a site's name glued to the date
])
def test_bylines_of_portals_give_the_outlet_and_leave_the_text(lines, publisher, author):
    from newsnlp.io.readers import read_bytes

    article, = read_bytes(f"以色列空袭伊朗\n\n{lines}\n\n{BODY_LINES}".encode(), name="a.txt")
    assert (article.source["publisher"], article.source.get("author")) == (publisher, author)
    assert article.text.split("\n")[2].startswith("以色列国防军13日")


@pytest.mark.parametrize("credit, publisher, author", [
    ("新京报讯（记者 陈曦）", "新京报", "陈曦"),
    ("新华社北京6月14日电（记者 张三 李四）", "新华社", "张三 李四"),
    ("新华社北京6月14日电（记者张三）", "新华社", "张三"),
    ("新华社北京6月14日电 ", "新华社", None),
])
def test_a_wire_credit_gives_the_outlet_and_the_reporters_bracketed_after_it(credit, publisher, author):
    from newsnlp.io.readers import read_bytes

    article, = read_bytes(f"以色列空袭伊朗\n\n{credit}{BODY_LINES}".encode(), name="a.txt")
    assert (article.source["publisher"], article.source.get("author")) == (publisher, author)
    assert article.text.split("\n")[2].startswith(credit.strip())  # the credit stays in the text


def _read_page(head: str, top: str):
    """The article of a page with ``head`` in its <head> and ``top`` above BODY_LINES' paragraphs."""
    from newsnlp.io.readers import read_bytes

    page = (f"<html><head>{head}</head><body>{top}<p>" + BODY_LINES.replace("\n", "</p><p>")
            + "</p></body></html>")
    article, = read_bytes(page.encode(), name="a.html")
    return article


def test_a_photos_source_gives_no_publisher_and_barred_roles_their_reporter():
    article = _read_page('<meta property="og:site_name" content="界面新闻">',
                         '<h1>美军再袭东太平洋“运毒船”致4死，佩特罗斥其为“谋杀”</h1>'
                         '<p><span>界面新闻记者 | 陈晓</span> <span>界面新闻编辑 | 王鹏</span></p><p>2026/11/05 10:18</p>'
                         '<p>图片来源：视觉中国</p>')
    assert (article.source["publisher"], article.source["author"]) == ("界面新闻", "陈晓")
    assert "10:18" not in article.text  # a headline ending in a quote is no paragraph


@pytest.mark.parametrize("head, top, publisher, published", [
    # VOA's time of day beside the date names no outlet: og:site_name does.
    ('<meta property="og:site_name" content="美国之音">', "<h1>菲律宾再次向仁爱礁运送补给</h1>"
     '<div class="published"><time>2025年12月3日 上午8:12</time></div>', "美国之音", "2025-12-03"),
    # 新华网's year apart from its month and day.
    ("", '<h1>伊拉克总理：国际联盟将完成撤军</h1><div class="header-time"><span class="year"><em> 2025</em></span>'
     '<span class="day"><em> 11</em>/<em>20</em></span><span class="time"> 18:32:10</span></div>'
     '<div class="source">来源：新华网</div>', "新华网", "2025-11-20"),
    # The same with nothing between the spans: the page reads 202511/2718:32:10.
    ("", '<h1>黎巴嫩总统：以军须撤出黎南部</h1><div class="header-time"><span class="year"><em>2025</em></span>'
     '<span class="day"><em>11</em>/<em>27</em></span><span class="time">18:32:10</span> '
     '<span class="source">来源：新华网</span></div>', "新华网", "2025-11-27"),
])
def test_a_byline_dates_time_of_day_and_split_year_read(head, top, publisher, published):
    article = _read_page(head, top)
    assert (article.source["publisher"], article.source["published"]) == (publisher, published)


def test_a_reporters_credit_with_the_date_on_its_line_and_an_outlets_app_line():
    article = _read_page("", '<h1>委内瑞拉选出州长</h1><div><span>界面新闻记者 | 左少燕</span> <span>2025/05/26 16:20</span></div>')
    assert [article.source[k] for k in ("publisher", "author", "published")] == ["界面新闻", "左少燕", "2025-05-26"]
    from newsnlp.io.readers import read_bytes

    article, = read_bytes(("埃及外长：拉法口岸将重新开放\n\n央视新闻客户端\n2025年10月21日 07:45\n\n" + BODY_LINES).encode(),
                          name="a.txt")
    assert article.source["publisher"] == "央视新闻" and "客户端" not in article.text
    article, = read_bytes(("美国之音中文网\n孟加拉国临时政府宣布明年2月举行大选\n2025年12月3日 上午8:12\n\n" + BODY_LINES).encode(),
                          name="b.txt")
    assert (article.source["publisher"], article.source["title"]) == ("美国之音", "孟加拉国临时政府宣布明年2月举行大选")
    article, = read_bytes(("标题\n作者 美国之音中文部\n2025年12月3日\n\n" + BODY_LINES).encode(), name="c.txt")
    assert (article.source["publisher"], article.source["author"]) == ("美国之音", None)  # the outlet's desk


def test_a_page_whose_meta_author_is_its_outlet_takes_the_articles_author():
    article = _read_page('<meta name="author" content="美国之音中文网">'
                         '<script type="application/ld+json">{"@type":"NewsArticle","headline":"以色列空袭伊朗",'
                         '"author":{"@type":"Person","name":"林枫"},"publisher":{"@type":"Organization","name":"美国之音"}}'
                         '</script>', "<h1>以色列空袭伊朗</h1>")
    assert article.source["author"] == "林枫"


@pytest.mark.parametrize("text, publisher, gone", [
    ("政治\n國防特別預算條例付委\n2026/11/27 18:35\n\n（中央社記者游凱翔台北27日電）" + BODY_LINES, "中央社", "政治"),
    ("马里首都遭燃油封锁\n来源：光明网-《光明日报》 2026-11-16 04:50\n\n" + BODY_LINES
     + "\n《光明日报》（2026年11月16日 12版）\n", "光明网", "12版"),
    ("俄军称再下两村\n\n原标题：俄军称再下两村 乌军称仍在争夺\n\n" + BODY_LINES, None, "原标题"),
])
def test_sections_paper_editions_and_original_titles_are_no_text(text, publisher, gone):
    from newsnlp.io.readers import read_bytes

    article, = read_bytes(text.encode(), name="a.txt")
    assert article.source["publisher"] == publisher and gone not in article.text
    assert "以色列国防军13日" in article.text


@pytest.mark.parametrize("head, tail, publisher, author", [
    ("新京报记者 陈维城 编辑 杨娟娟 校对 赵琳\n2026-12-17 10:02", "编辑 杨娟娟 校对 赵琳", "新京报", "陈维城"),  # roles after the reporter
    ("德国之音中文网\n日期 2026年12月11日\n作者 苏雨桐", "作者：苏雨桐（布鲁塞尔）", "德国之音中文网", "苏雨桐"),   # labels with a space
    ("明報新聞網\n2026年12月16日 星期三 05:30", "", "明報", None),                                              # the site's name
    ("法广 RFI\n发表时间 : 2026年12月08日 - 11:47\n字体大小 A A", "订阅法广新闻简报", "法广", None),
    ("2026-12-10 07:41 来源：澎湃新闻", "澎湃新闻报料：021-962866", "澎湃新闻", None),
])
def test_bylines_and_closing_lines_of_more_outlets(head, tail, publisher, author):
    from newsnlp.io.readers import read_bytes

    article, = read_bytes(f"以色列空袭伊朗\n{head}\n\n{BODY_LINES}\n{tail}\n".encode(), name="a.txt")
    assert (article.source["publisher"], article.source["author"]) == (publisher, author)
    assert article.source["title"] == "以色列空袭伊朗"
    assert article.text.split("\n")[2].startswith("以色列国防军13日") and article.text.rstrip().endswith("地区局势急剧升温。")


def test_a_first_paragraph_that_quotes_a_speaker_without_a_full_stop_stays():
    from newsnlp.io.readers import read_bytes

    text = ("土耳其地震救援持续\n\n总台记者：“目前，救援人员正在废墟中搜救幸存者，现场情况十分危急，余震仍在持续”\n\n"
            + BODY_LINES)
    article, = read_bytes(text.encode(), name="a.txt")
    assert "救援人员正在废墟中" in article.text and article.source.get("author") is None


def test_a_sections_name_under_the_sites_line_above_the_headline_is_chrome():
    from newsnlp.io.readers import read_bytes

    article, = read_bytes(("明報新聞網\n中國\n高市涉台言論風波升級\n2025年11月15日星期六\n\n" + BODY_LINES).encode(), name="m.txt")
    assert article.source["title"] == "高市涉台言論風波升級" and not article.text.startswith("中國")
