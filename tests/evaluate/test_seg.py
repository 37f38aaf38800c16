"""Segmentation scoring, and floors for the shipped segmenters on People's Daily dev."""
from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest

from newsnlp.errors import EvaluationError, ModelNotFoundError
from newsnlp.evaluate.seg import (
    evaluate_seg,
    format_report,
    jieba_dict_path,
    jieba_segment,
    pkuseg_model_path,
    pkuseg_segment,
    run_seg_evaluation,
    word_spans,
)

PD_DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "segmentation" / \
    "peoples_daily_1998_01" / "dev.txt"


@pytest.fixture()
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.txt"
    path.write_text("朝鲜 士兵 抵达 库尔斯克\n\n俄罗斯 国防部 发布 消息\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def dev_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not PD_DEV.exists():
        pytest.skip("the shared People's Daily dev set is not beside this checkout")
    path = tmp_path_factory.mktemp("seg") / "dev_slice.txt"
    with open(PD_DEV, encoding="utf-8") as f:
        path.write_text("".join(islice(f, 120)), encoding="utf-8")
    return path


def dictionary_segmenter(words: list[str]):
    """Greedy longest match over a word list: a small, exact stand-in segmenter."""
    vocab = set(words)

    def segment(text: str) -> list[str]:
        out, i = [], 0
        while i < len(text):
            for j in range(len(text), i, -1):
                if text[i:j] in vocab or j == i + 1:
                    out.append(text[i:j])
                    i = j
                    break
        return out

    return segment


def test_word_spans_are_consecutive_character_offsets():
    assert word_spans(["朝鲜", "士兵", "在"]) == [(0, 2), (2, 4), (4, 5)]


def test_perfect_segmenter_scores_one(gold: Path):
    segment = dictionary_segmenter(["朝鲜", "士兵", "抵达", "库尔斯克", "俄罗斯", "国防部", "发布", "消息"])
    result = evaluate_seg(gold, segment)
    assert result["lines"] == 2
    assert result["chars"] == 20
    assert result["gold_words"] == 8
    assert result["precision"] == result["recall"] == result["f1"] == 1.0
    assert "oov_recall" not in result


def test_merged_words_cost_precision_and_recall_by_boundaries(gold: Path):
    # 朝鲜士兵 and 国防部发布 are merged: 6 predicted words, 4 of 8 gold words right.
    segment = dictionary_segmenter(["朝鲜士兵", "抵达", "库尔斯克", "俄罗斯", "国防部发布", "消息"])
    result = evaluate_seg(gold, segment)
    assert result["predicted_words"] == 6
    assert result["correct_words"] == 4
    assert result["precision"] == pytest.approx(4 / 6)
    assert result["recall"] == pytest.approx(4 / 8)
    assert result["f1"] == pytest.approx(2 * (4 / 6) * (4 / 8) / (4 / 6 + 4 / 8))


def test_oov_recall_counts_only_words_missing_from_the_list(gold: Path):
    segment = dictionary_segmenter(["朝鲜", "士兵", "抵达", "俄罗斯", "国防部", "发布", "消息"])
    known = {"朝鲜", "士兵", "抵达", "俄罗斯", "国防部", "发布", "消息"}
    result = evaluate_seg(gold, segment, oov_words=known)
    # 库尔斯克 is the one OOV word, and the stand-in cuts it into characters.
    assert result["oov_words"] == 1
    assert result["oov_recall"] == 0.0
    assert result["iv_recall"] == 1.0


def test_segmenter_that_changes_the_text_is_rejected(gold: Path):
    with pytest.raises(EvaluationError, match="concatenate"):
        evaluate_seg(gold, lambda text: [text.replace("朝鲜", "北韩")])


def test_empty_gold_file_is_an_error(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="no segmented lines"):
        evaluate_seg(empty, list)


def test_report_shows_scores_and_speed(gold: Path):
    segment = dictionary_segmenter(["朝鲜", "士兵"])
    report = format_report(evaluate_seg(gold, segment, oov_words={"朝鲜"}))
    assert "F1" in report and "OOV recall" in report and "chars/s" in report


def test_newsnlp_jieba_dictionary_cuts_the_original_full_width_text():
    segment = jieba_segment("newsnlp")
    text = "１９９８年１２月，ＭｉＧ－２９战机"
    words = segment(text)
    assert "".join(words) == text
    assert "１９９８年" in words


def test_shipped_pkuseg_model_keeps_text_and_splits_digits_like_ascii():
    segment = pkuseg_segment("newsnlp")
    full, ascii_ = segment("２０２４年１１月朝鲜军队"), segment("2024年11月朝鲜军队")
    assert "".join(full) == "２０２４年１１月朝鲜军队"
    assert [len(w) for w in full] == [len(w) for w in ascii_]


def test_missing_model_names_the_build_command(tmp_path: Path):
    with pytest.raises(ModelNotFoundError, match="build.py pkuseg"):
        pkuseg_segment(str(tmp_path))
    with pytest.raises(ModelNotFoundError, match="build.py jieba"):
        jieba_segment(str(tmp_path / "none.txt"))


def test_shipped_files_are_where_the_tokenizer_looks():
    assert jieba_dict_path().name == "jieba_dict.txt" and jieba_dict_path().exists()
    assert (pkuseg_model_path() / "features.msgpack").exists()
    assert (pkuseg_model_path() / "weights.npz").exists()


# Floors sit well below the measured dev scores (docs/segmentation.md); they catch
# a broken build or normalisation, not small regressions.

def test_newsnlp_jieba_beats_stock_jieba_on_peoples_daily(dev_slice: Path):
    ours = run_seg_evaluation(dev_slice, segmenter="jieba", dictionary="newsnlp", hmm=False)
    stock = run_seg_evaluation(dev_slice, segmenter="jieba", dictionary="stock", hmm=False)
    assert ours["f1"] >= 0.88
    assert ours["f1"] > stock["f1"] + 0.03


def test_pkuseg_model_floor_on_peoples_daily(dev_slice: Path):
    result = run_seg_evaluation(dev_slice, segmenter="pkuseg", dictionary="newsnlp")
    assert result["f1"] >= 0.93


def test_pipeline_tokenizer_can_be_scored_like_the_raw_files(dev_slice: Path):
    result = run_seg_evaluation(dev_slice, segmenter="jieba", dictionary="newsnlp", hmm=False,
                                use_pipeline=True)
    assert result["pipeline"] is True
    assert result["f1"] >= 0.88
