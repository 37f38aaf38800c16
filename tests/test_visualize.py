from __future__ import annotations

from typer.testing import CliRunner

import newsnlp
from newsnlp.cli import app
from newsnlp.io.jsonl import write_jsonl
from newsnlp.schema import LABELS
from newsnlp.visualize import COLORS, render, to_displacy, write_html

TEXT = "金正恩在平壤会见约5000名官兵<b>。"


def record(doc_id="a1"):
    def ent(surface, label, kb_id=None, attrs=None):
        start = TEXT.index(surface)
        return {"start": start, "end": start + len(surface), "label": label, "text": surface,
                "kb_id": kb_id, "attrs": attrs or {}}

    return {"id": doc_id, "source": {"title": "会见 & 标题"}, "text": TEXT, "sentences": [[0, len(TEXT)]],
            "tokens": [], "entities": [ent("金正恩", "PERSON", "kim-jong-un"), ent("平壤", "PLACE", "pyongyang"),
                                       ent("约5000名", "NUMBER", attrs={"value": 5000, "unit": "名", "approx": True})]}


def test_every_label_has_a_colour():
    assert set(COLORS) == set(LABELS)


def test_markup_shows_label_colour_kb_id_and_tooltip():
    markup = render(record())
    assert f"background: {COLORS['PERSON']}" in markup
    assert 'title="PERSON: kim-jong-un"' in markup
    assert "PERSON kim-jong-un</span>" in markup and "<a " not in markup  # no link without a URL
    assert 'title="NUMBER: 5000 名 (approx=True)"' in markup


def test_text_and_title_are_escaped():
    markup = render(record())
    assert "&lt;b&gt;" in markup and "<b>" not in markup
    assert "会见 &amp; 标题" in markup


def test_kb_url_template_links_ids():
    parsed = to_displacy(record(), kb_url_template="https://kb.example/{}")
    assert parsed["ents"][0]["kb_url"] == "https://kb.example/kim-jong-un"
    assert "kb_url" not in parsed["ents"][2] and parsed["ents"][2]["params"]["detail"] == " 5000 名"  # no id


def test_a_doc_of_ones_own_text_has_no_heading(nlp):
    assert to_displacy(nlp("金正恩在平壤。"))["title"] == ""


def test_show_returns_html_that_notebooks_display(nlp):
    from newsnlp.corpus import make_doc
    from newsnlp.schema import Article

    doc = nlp(make_doc(nlp, Article("d1", "金正恩在平壤会见官兵。", {"title": "t"})))
    shown = newsnlp.show(doc)
    assert shown._repr_html_() == str(shown)
    assert 'class="entities"' in shown
    assert all(ent.text in shown for ent in doc.ents)


def test_page_is_a_complete_utf8_document(tmp_path):
    path = tmp_path / "page.html"
    assert write_html([record("a1"), record("a2")], path) == 2
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page and 'lang="zh"' in page
    assert page.count("<figure") == 2


def test_show_command_writes_the_page(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_jsonl([record("a1"), record("a2")], corpus)
    page = tmp_path / "out" / "page.html"
    result = CliRunner().invoke(app, ["show", str(corpus), "-o", str(page), "--id", "a2",
                                      "--kb-url", "https://kb.example/{}"])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert html.count("<figure") == 1 and "https://kb.example/pyongyang" in html


def test_show_command_rejects_an_unknown_id_and_a_bad_template(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_jsonl([record("a1")], corpus)
    page = tmp_path / "page.html"
    result = CliRunner().invoke(app, ["show", str(corpus), "-o", str(page), "--id", "zz"])
    assert result.exit_code == 2 and "No article" in result.output and not page.exists()
    result = CliRunner().invoke(app, ["show", str(corpus), "-o", str(page), "--kb-url", "https://x"])
    assert result.exit_code == 2 and "{}" in result.output
