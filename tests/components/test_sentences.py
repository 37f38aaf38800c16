from __future__ import annotations


def sentences(nlp, text):
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_final_marks_end_sentences(nlp):
    assert sentences(nlp, "朝鲜派兵。俄方确认！真的吗？据报道；另有消息") == [
        "朝鲜派兵。", "俄方确认！", "真的吗？", "据报道；", "另有消息"]


def test_closing_quote_stays_with_its_sentence(nlp):
    assert sentences(nlp, "他说：“我们没有理由拒绝。”随后离开。") == [
        "他说：“我们没有理由拒绝。”", "随后离开。"]


def test_closing_bracket_stays_with_its_sentence(nlp):
    assert sentences(nlp, "（图片来源：朝中社。）正文开始。") == ["（图片来源：朝中社。）", "正文开始。"]


def test_ellipsis_ends_a_sentence(nlp):
    assert sentences(nlp, "战斗仍在继续……前线消息称") == ["战斗仍在继续……", "前线消息称"]


def test_newline_ends_a_paragraph_without_punctuation(nlp):
    assert sentences(nlp, "朝鲜军人归国\n\n据朝中社报道，仪式举行。") == ["朝鲜军人归国", "据朝中社报道，仪式举行。"]


def test_comma_does_not_end_a_sentence(nlp):
    assert sentences(nlp, "据报道，朝鲜军队向俄罗斯派遣了数千名军人，以驱逐乌军。") == [
        "据报道，朝鲜军队向俄罗斯派遣了数千名军人，以驱逐乌军。"]
