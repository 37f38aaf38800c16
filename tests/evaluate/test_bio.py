from __future__ import annotations

from pathlib import Path

import pytest

from newsnlp.errors import EvaluationError
from newsnlp.evaluate.bio import (
    decode_tags,
    evaluate_bio,
    format_report,
    read_tagged,
    score_spans,
)

BIO = "张\tB-PER\n三\tI-PER\n在\tO\n北\tB-LOC\n京\tI-LOC\n\n新\tB-ORG\n华\tI-ORG\n社\tI-ORG\n报\tO\n道\tO\n\n"
BMES = "王\tB-NAME\n五\tE-NAME\n是\tO\n记\tB-TITLE\n者\tE-TITLE\n\n渝\tS-LOC\n\n"


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_read_tagged_maps_bio_labels_to_ours(tmp_path):
    sentences = list(read_tagged(write(tmp_path, "g.bio", BIO)))
    assert [s.text for s in sentences] == ["张三在北京", "新华社报道"]
    assert sentences[0].spans == [(0, 2, "PERSON"), (3, 5, "PLACE")]
    assert sentences[1].spans == [(0, 3, "ORG")]


def test_read_tagged_reads_bmes_and_drops_unmapped_labels(tmp_path):
    sentences = list(read_tagged(write(tmp_path, "g.bmes", BMES)))
    assert sentences[0].spans == [(0, 2, "PERSON")]  # TITLE is not a name label
    assert sentences[1].spans == [(0, 1, "PLACE")]


def test_read_tagged_rejects_lines_without_a_tab(tmp_path):
    with pytest.raises(EvaluationError, match="CHAR<TAB>TAG"):
        list(read_tagged(write(tmp_path, "bad.bio", "张 B-PER\n\n")))


def test_read_tagged_names_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "gbk.bio"
    path.write_bytes("张\tB-PER\n\n".encode("gbk"))
    with pytest.raises(EvaluationError, match="not UTF-8"):
        list(read_tagged(path))


def test_decode_tags_starts_a_span_at_a_stray_inside_tag():
    assert decode_tags(["I-PER", "I-PER", "O", "I-LOC", "B-LOC"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"),
    ]


def test_decode_tags_splits_where_the_label_changes():
    assert decode_tags(["B-PER", "I-LOC", "I-LOC"]) == [(0, 1, "PER"), (1, 3, "LOC")]


def test_score_spans_counts_only_exact_boundaries_and_labels():
    gold = [[(0, 2, "PERSON"), (3, 5, "PLACE")]]
    pred = [[(0, 2, "PERSON"), (3, 4, "PLACE"), (5, 7, "ORG")]]
    result = score_spans(gold, pred)
    assert result["labels"]["PERSON"]["f"] == 1.0
    assert result["labels"]["PLACE"]["r"] == 0.0
    assert result["labels"]["ORG"]["p"] == 0.0
    assert result["micro"]["tp"] == 1
    assert result["micro"]["p"] == pytest.approx(1 / 3)
    assert result["micro"]["r"] == pytest.approx(1 / 2)


def test_evaluate_bio_scores_a_perfect_and_an_empty_tagger(tmp_path):
    path = write(tmp_path, "g.bio", BIO)
    gold = {s.text: s.spans for s in read_tagged(path)}
    perfect = evaluate_bio(path, lambda text: gold[text])
    assert perfect["micro"]["f"] == 1.0
    assert perfect["sentences"] == 2 and perfect["chars"] == 10
    assert perfect["chars_per_s"] > 0
    empty = evaluate_bio(path, lambda text: [])
    assert empty["micro"]["f"] == 0.0 and empty["micro"]["gold"] == 3


def test_evaluate_bio_ignores_labels_it_does_not_score(tmp_path):
    path = write(tmp_path, "g.bio", BIO)
    result = evaluate_bio(path, lambda text: [(0, 2, "NUMBER")])
    assert result["micro"]["pred"] == 0


def test_evaluate_bio_limit_scores_the_first_sentences(tmp_path):
    result = evaluate_bio(write(tmp_path, "g.bio", BIO), lambda text: [], limit=1)
    assert result["sentences"] == 1


def test_evaluate_bio_tags_documents_of_consecutive_sentences(tmp_path):
    path = write(tmp_path, "g.bio", BIO)
    texts: list[str] = []

    def tag_text(text):
        texts.append(text)
        # The gold spans, found by their strings in the document.
        return [(text.index(name), text.index(name) + len(name), label)
                for name, label in (("张三", "PERSON"), ("北京", "PLACE"), ("新华社", "ORG"))]

    result = evaluate_bio(path, tag_text, doc_size=2)
    assert texts == ["张三在北京\n新华社报道"]  # one document of both sentences
    assert result["micro"]["f"] == 1.0 and result["sentences"] == 2
    with pytest.raises(EvaluationError):
        evaluate_bio(path, tag_text, doc_size=0)


def test_format_report_lists_every_label_and_micro(tmp_path):
    result = evaluate_bio(write(tmp_path, "g.bio", BIO), lambda text: [(0, 2, "PERSON")])
    report = format_report(result)
    for label in ("PERSON", "PLACE", "ORG", "micro"):
        assert label in report
    assert "chars/s" in report
