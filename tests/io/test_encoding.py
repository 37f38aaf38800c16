"""Encoding detection for the encodings Chinese news pages are saved in."""
from __future__ import annotations

import codecs

import pytest

from newsnlp.errors import ReadError
from newsnlp.io.encoding import declared_charset, decode_bytes

SIMPLIFIED = "韩国联合参谋本部通报说，朝鲜当天上午向朝鲜半岛东部海域发射了两枚短程弹道导弹。" * 3
TRADITIONAL = "韓國聯合參謀本部通報說，朝鮮當天上午向朝鮮半島東部海域發射了兩枚短程彈道導彈。" * 3


@pytest.mark.parametrize(
    ("data", "family"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),
        (("<p>" + SIMPLIFIED + "</p>").encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_decode_bytes_recovers_the_text_in_each_encoding(data, family):
    decoded = decode_bytes(data)
    assert decoded.text.lstrip("<p>").startswith(SIMPLIFIED[:10]) or decoded.text.startswith(TRADITIONAL[:10])
    assert decoded.encoding.startswith(family)
    assert not decoded.text.startswith("\ufeff")


def test_decode_bytes_respects_a_declared_charset_for_short_pages():
    data = '<meta charset="gbk"><p>朝鲜</p>'.encode("gbk")
    assert declared_charset(data) == "gbk"
    assert decode_bytes(data, declared=declared_charset(data)).text.endswith("<p>朝鲜</p>")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "NUL"),
        (bytes(range(1, 32)) * 20, "control"),
    ],
)
def test_decode_bytes_refuses_empty_and_binary_input(data, why):
    with pytest.raises(ReadError) as info:
        decode_bytes(data, path="bad.txt")
    assert why in str(info.value) or "binary" in str(info.value)
    assert info.value.path == "bad.txt"


def test_decode_bytes_refuses_a_broken_utf16_file():
    with pytest.raises(ReadError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8\x00")


def test_a_few_bad_bytes_cost_those_characters_not_the_article():
    from newsnlp.io.encoding import decode_bytes

    text = "俄军在库尔斯克州推进，乌军撤离苏贾。" * 20
    cut = text.encode("utf-8")[:-1]  # the last character cut in half
    assert decode_bytes(cut).text == text[:-1] + "\ufffd"
    gbk = text.encode("gb18030") + b"\xff" + "朝鲜派兵。".encode("gb18030")
    assert "朝鲜派兵" in decode_bytes(gbk, declared="gbk").text


def test_a_gbk_page_heavy_with_markup_and_one_stray_byte_is_read_as_gbk():
    from newsnlp.io.encoding import decode_bytes

    body = "新华社北京3月5日电 国务院总理李强5日在人民大会堂作政府工作报告。" * 4
    script = "<script>var x = 'abcdefghijklmnopqrstuvwxyz0123456789';</script>\n" * 2000
    page = f"<html><head><meta charset='gbk'>{script}</head><body><p>{body}</p></body></html>".encode("gbk")
    decoded = decode_bytes(page.replace(b"</body>", b"\x80\x20</body>"), declared="gbk")
    assert decoded.encoding == "gb18030" and body in decoded.text
