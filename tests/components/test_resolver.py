from __future__ import annotations

import pytest

import newsnlp

from newsnlp.components.gazetteer import STATE_PRIORITY
from newsnlp.components.resolver import choose
from newsnlp.extensions import add_matches
from newsnlp.schema import Match


@pytest.fixture(scope="module")
def nlp():
    # Only the resolver runs: the matches of each test are all it sees.
    return newsnlp.load(disable=["rules", "gazetteer", "linker", "ner"])


def kept_names(text, span, label):
    """The names the resolver keeps of one model span ``span`` of ``text``."""
    start = text.index(span)
    return [text[m.start:m.end] for m in choose([Match(start, start + len(span), label, "model")], text)]


def run(nlp, text, matches):
    doc = nlp.make_doc(text)
    add_matches(doc, matches)
    return nlp(doc)


def test_rule_wins_over_gazetteer_inside_it():
    chosen = choose([Match(0, 2, "PLACE", "gazetteer", priority=10),
                     Match(0, 12, "MILITARY_UNIT", "rule", priority=30)])
    assert [(m.start, m.end, m.label) for m in chosen] == [(0, 12, "MILITARY_UNIT")]


def test_gazetteer_pieces_that_tile_a_model_span_win():
    text = "俄罗斯联邦库尔斯克地区"
    chosen = choose([Match(0, 11, "PLACE", "model"),
                     Match(0, 5, "PLACE", "gazetteer", priority=10),
                     Match(5, 11, "PLACE", "gazetteer", priority=10)])
    assert [text[m.start:m.end] for m in chosen] == ["俄罗斯联邦", "库尔斯克地区"]


def test_model_span_containing_a_place_of_another_label_wins():
    text = "俄罗斯外交部发言人"
    chosen = choose([Match(0, 6, "ORG", "model"), Match(0, 3, "PLACE", "gazetteer", priority=10)])
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("俄罗斯外交部", "ORG")]


def model_or_kb(text: str, model_name: str, kb_name: str, label: str) -> str:
    """Which of a model span and a KB name at the start of ``text`` the resolver keeps."""
    chosen = choose([Match(0, len(model_name), label, "model"),
                     Match(0, len(kb_name), label, "gazetteer", priority=10)], text)
    assert len(chosen) == 1
    return chosen[0].source


def test_model_span_continuing_a_kb_name_to_a_designator_wins():
    # SCHEMA: the longest name that denotes the entity.
    assert model_or_kb("东海县的农民", "东海县", "东海", "PLACE") == "model"
    assert model_or_kb("山东半岛的城市", "山东半岛", "山东", "PLACE") == "model"
    assert model_or_kb("联合国教科文组织总干事", "联合国教科文组织", "联合国", "ORG") == "model"
    assert model_or_kb("中国美术馆收藏", "中国美术馆", "中国", "PLACE") == "model"


def test_a_country_short_form_may_come_before_the_kb_name_an_org_continues():
    text = "俄国家杜马地缘政治委员会主席"
    chosen = choose([Match(0, 12, "ORG", "model"), Match(1, 5, "ORG", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.source) for m in chosen] == [("俄国家杜马地缘政治委员会", "model")]
    text = "在国家杜马地缘政治委员会"  # any other character first: the KB name stands
    chosen = choose([Match(0, 12, "ORG", "model"), Match(1, 5, "ORG", "gazetteer", priority=10)], text)
    assert [text[m.start:m.end] for m in chosen] == ["国家杜马"]


def test_kb_name_wins_over_a_model_span_running_on_past_it():
    assert model_or_kb("库尔斯克前线", "库尔斯克前线", "库尔斯克", "PLACE") == "gazetteer"
    assert model_or_kb("库尔斯克州前线", "库尔斯克州前线", "库尔斯克州", "PLACE") == "gazetteer"
    assert model_or_kb("中央电视台台长", "中央电视台台", "中央电视台", "ORG") == "gazetteer"  # 台 of 台长


def test_person_name_holding_another_persons_kb_name_after_its_start_wins():
    # Transliterations share syllables: 萨拉米 is not Lammy (拉米).
    text = "司令萨拉米警告称"
    chosen = choose([Match(2, 5, "PERSON", "model"), Match(3, 5, "PERSON", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.source) for m in chosen] == [("萨拉米", "model")]
    # A KB name at the start of the model's span stays when the model ran on past the name into
    # a title or a verb; before more name characters the model read a longer name.
    assert model_or_kb("普京总统表示", "普京总统", "普京", "PERSON") == "gazetteer"
    assert model_or_kb("拜登说美国", "拜登说", "拜登", "PERSON") == "gazetteer"
    assert model_or_kb("普京總統表示", "普京總統", "普京", "PERSON") == "gazetteer"  # traditional script too
    assert model_or_kb("特朗普美东时间周六", "特朗普美东", "特朗普", "PERSON") == "gazetteer"
    assert model_or_kb("吕特时对记者说", "吕特时", "吕特", "PERSON") == "gazetteer"
    assert model_or_kb("高市早苗涉台言论", "高市早苗涉台", "高市早苗", "PERSON") == "gazetteer"  # 涉台: "concerning Taiwan"
    text = "日本首相高市早苗涉台言论"  # read as an organisation after the title: the person all the same
    found = choose([Match(4, 10, "ORG", "model"), Match(4, 8, "PERSON", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("高市早苗", "PERSON")]
    text = "中国东北约有三分之一的耕地"  # a span ending in a direction's 北 and 约 is no name
    assert [text[m.start:m.end] for m in choose([Match(0, 5, "ORG", "model"), Match(0, 2, "PLACE", "gazetteer", priority=10)], text)] == ["中国"]
    assert model_or_kb("莫迪凯表示", "莫迪凯", "莫迪", "PERSON") == "model"
    assert model_or_kb("范斯祖）", "范斯祖", "范斯", "PERSON") == "model"


def test_names_in_a_byline_are_cut_at_single_spaces():
    text = "新华社莫斯科11月21日电（记者 李奥 刘洋）俄罗斯总统"
    start = text.index("李奥")
    chosen = choose([Match(start, start + 5, "PERSON", "model")], text)
    assert [text[m.start:m.end] for m in chosen] == ["李奥", "刘洋"]
    # Elsewhere a single space stays inside a name read across it.
    text = "他会见了李奥 刘洋"
    chosen = choose([Match(4, 9, "PERSON", "model")], text)
    assert [text[m.start:m.end] for m in chosen] == ["李奥 刘洋"]


def test_entity_inside_a_word_splits_the_token_and_keeps_offsets(nlp):
    text = "访问库尔斯克州后"
    doc = run(nlp, text, [Match(2, 7, "PLACE", "model", score=0.9)])
    ent = doc.ents[0]
    assert (ent.start_char, ent.end_char, ent.text) == (2, 7, "库尔斯克州")
    assert doc.text == text
    assert ent._.source == "model" and ent._.score == pytest.approx(0.9)


def test_attrs_and_kb_id_reach_the_entity(nlp):
    doc = run(nlp, "约5000名士兵", [Match(0, 6, "NUMBER", "rule", attrs={"value": 5000, "unit": "名"},
                                          priority=20)])
    assert doc.ents[0]._.attrs == {"value": 5000, "unit": "名"}
    doc = run(nlp, "平壤", [Match(0, 2, "PLACE", "gazetteer", kb_id="pyongyang", priority=10)])
    assert doc.ents[0].kb_id_ == "pyongyang"


def test_matches_are_cleared_after_resolution(nlp):
    doc = run(nlp, "平壤", [Match(0, 2, "PLACE", "gazetteer", priority=10)])
    assert doc._.newsnlp_matches is None


def test_match_rejects_bad_offsets_and_labels():
    with pytest.raises(ValueError):
        Match(3, 3, "PLACE", "model")
    with pytest.raises(ValueError):
        Match(0, 2, "LOCATION", "model")


def test_rule_span_inside_a_kb_name_of_its_label_takes_the_longer_span():
    text = "也门胡塞武装宣称"
    chosen = choose([Match(2, 6, "MILITARY_UNIT", "rule", attrs={"country": "yemen"}, priority=30),
                     Match(0, 6, "MILITARY_UNIT", "gazetteer", kb_id="houthis", priority=10),
                     Match(0, 2, "PLACE", "gazetteer", kb_id="yemen", priority=10)], text)
    assert [(text[m.start:m.end], m.source, m.kb_id, m.attrs) for m in chosen] == [
        ("也门胡塞武装", "rule", "houthis", {"country": "yemen"})]


def test_place_before_a_district_word_names_a_military_district():
    text = "济南军区某部和该军区"
    # 军区 is no place suffix: the KB place wins over the model's PLACE and names the district.
    chosen = choose([Match(0, 4, "PLACE", "model"), Match(0, 2, "PLACE", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label, m.attrs) for m in chosen] == [
        ("济南军区", "MILITARY_UNIT", {"echelon": "military-district"})]


def test_number_a_name_runs_on_past_is_part_of_the_name():
    text = "粉碎“四人帮”；朝俄两国；广州三家公司"
    chosen = choose([Match(3, 6, "ORG", "model"), Match(3, 5, "NUMBER", "rule", priority=20),
                     Match(8, 12, "PLACE", "model"), Match(10, 12, "NUMBER", "rule", priority=20),
                     Match(13, 19, "ORG", "model"), Match(15, 17, "NUMBER", "rule", priority=20)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [
        ("四人帮", "ORG"), ("两国", "NUMBER"), ("三家", "NUMBER")]


def test_number_inside_a_kb_name_is_part_of_the_name():
    text = "英国军情六处；七国集团；俄乌两国"
    chosen = choose([Match(0, 2, "PLACE", "gazetteer", priority=10), Match(2, 6, "ORG", "gazetteer", priority=10),
                     Match(4, 6, "NUMBER", "rule", priority=20),
                     Match(7, 11, "ORG", "gazetteer", priority=10), Match(7, 9, "NUMBER", "rule", priority=20),
                     Match(12, 13, "PLACE", "gazetteer", priority=10), Match(13, 14, "PLACE", "gazetteer", priority=10),
                     Match(14, 16, "NUMBER", "rule", priority=20)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [
        ("英国", "PLACE"), ("军情六处", "ORG"), ("七国集团", "ORG"), ("俄", "PLACE"), ("乌", "PLACE"), ("两国", "NUMBER")]


def test_designator_left_alone_by_a_cut_is_dropped():
    text = "在《诗探索》杂志发表"
    chosen = choose([Match(2, 8, "ORG", "model")], text)
    assert [text[m.start:m.end] for m in chosen] == ["诗探索"]


def test_model_span_across_separators_is_cut_into_names():
    text = "图片来源:朝中社 / 韩国联合通讯社 / 法新社等"
    start = text.index("朝中社")
    end = text.index("法新社") + 3
    chosen = choose([Match(start, end, "ORG", "model", score=0.9)], text)
    assert [text[m.start:m.end] for m in chosen] == ["朝中社", "韩国联合通讯社", "法新社"]


def test_model_span_whose_boundary_cuts_a_kb_name_loses_to_the_kb_names():
    text = "布雷俄罗斯联邦库尔斯克地区四个月"
    model = Match(text.index("俄罗斯"), text.index("地区"), "PLACE", "model")
    russia = Match(text.index("俄罗斯"), text.index("库尔"), "PLACE", "gazetteer", priority=10)
    kursk = Match(text.index("库尔"), text.index("四个"), "PLACE", "gazetteer", priority=10)
    chosen = choose([model, russia, kursk], text)
    assert [text[m.start:m.end] for m in chosen] == ["俄罗斯联邦", "库尔斯克地区"]


def test_kb_label_wins_over_the_model_on_the_same_span():
    text = "对哈尔科夫、苏梅的进攻"
    chosen = choose([Match(1, 5, "PERSON", "model", score=0.99),
                     Match(1, 5, "PLACE", "gazetteer", kb_id="kharkiv", priority=10)], text)
    assert [(m.label, m.kb_id) for m in chosen] == [("PLACE", "kharkiv")]


def test_a_person_span_swallowing_a_place_loses_to_the_place():
    text = "对切尔尼戈夫三州的进攻"
    chosen = choose([Match(1, 8, "PERSON", "model", score=0.9),
                     Match(1, 6, "PLACE", "gazetteer", kb_id="chernihiv", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("切尔尼戈夫", "PLACE")]


def test_a_person_in_a_byline_keeps_the_model_label_over_a_kb_place():
    for text, start in (("作者：马利", 3), ("本报记者 马利 报道", 5), ("文/马利", 2)):
        chosen = choose([Match(start, start + 2, "PERSON", "model", score=0.99),
                         Match(start, start + 2, "PLACE", "gazetteer", kb_id="mali", priority=10)], text)
        assert [(m.label, m.kb_id) for m in chosen] == [("PERSON", "")], text
    text = "马利总统访问巴黎"  # no byline: the KB's label stands
    chosen = choose([Match(0, 2, "PERSON", "model", score=0.99),
                     Match(0, 2, "PLACE", "gazetteer", kb_id="mali", priority=10)], text)
    assert [(m.label, m.kb_id) for m in chosen] == [("PLACE", "mali")]


def test_a_byline_name_read_into_the_datelines_place_is_cut_before_the_place():
    text = "中央社記者林昀真台北25日電 國防部今天表示"
    start, place = text.index("林昀真"), text.index("台北")
    matches = [Match(start, place + 2, "PERSON", "model", score=0.94),
               Match(place, place + 2, "PLACE", "gazetteer", kb_id="taipei", priority=10)]
    chosen = choose(matches, text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("林昀真", "PERSON"), ("台北", "PLACE")]
    text = "会见了林昀真台北的朋友"  # no credit word: the model's span is not cut
    matches = [Match(3, 8, "PERSON", "model", score=0.94), Match(6, 8, "PLACE", "gazetteer", kb_id="taipei", priority=10)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [("台北", "PLACE")]


def test_a_model_name_that_begins_a_weapon_designation_is_dropped():
    text = "试射了“火星-19”导弹，击落一架苏-57。俄-乌谈判"
    spans = [("火星", "PLACE"), ("苏", "PERSON"), ("俄", "PLACE"), ("乌", "PLACE")]
    chosen = choose([Match(text.index(name), text.index(name) + len(name), label, "model")
                     for name, label in spans], text)
    assert [text[m.start:m.end] for m in chosen] == ["俄", "乌"]  # a hyphen between names stays


def test_a_quoted_model_name_before_a_weapon_word_is_dropped():
    text = "提供“金牛座”导弹和“海马斯”火箭炮，拦截“盖尔贝拉”诱饵无人机，在“库尔斯克”方向，“普京”说"
    spans = [("金牛座", "PLACE"), ("海马斯", "PERSON"), ("盖尔贝拉", "PERSON"), ("库尔斯克", "PLACE"), ("普京", "PERSON")]
    chosen = choose([Match(text.index(name), text.index(name) + len(name), label, "model")
                     for name, label in spans], text)
    assert [text[m.start:m.end] for m in chosen] == ["库尔斯克", "普京"]  # quoted, but no weapon after
    # A group's drones, a missile site: the names stay.
    text = "“库尔德工人党”无人机袭击了边境，从“普列谢茨克”导弹发射场试射"
    spans = [("库尔德工人党", "ORG"), ("普列谢茨克", "PLACE")]
    chosen = choose([Match(text.index(name), text.index(name) + len(name), label, "model")
                     for name, label in spans], text)
    assert [text[m.start:m.end] for m in chosen] == ["库尔德工人党", "普列谢茨克"]
    # An operation's or an exercise's name, in or before the quotes.
    text = "代号为“辛杜尔行动”的军事行动，欧盟“阿斯皮德斯”护航行动，“海峡雷霆”演习"
    spans = [("辛杜尔", "PLACE"), ("阿斯皮德斯", "PLACE"), ("海峡雷霆", "PLACE")]
    assert choose([Match(text.index(name), text.index(name) + len(name), label, "model")
                   for name, label in spans], text) == []


def test_a_short_form_running_into_a_state_word_is_cut_to_the_short_form():
    for text in ("俄国防长别洛乌索夫", "美国务卿布林肯", "俄國防長"):
        chosen = choose([Match(0, 2, "PLACE", "model")], text)
        assert [text[m.start:m.end] for m in chosen] == [text[0]], text
    for text in ("美国国防部", "美国防止核扩散"):  # the full name, or 国 and 防 in two words
        chosen = choose([Match(0, 2, "PLACE", "model")], text)
        assert [text[m.start:m.end] for m in chosen] == ["美国"], text


def test_a_service_the_model_took_for_an_organisation_is_a_military_unit():
    text = "空军发言人说，陆军部队正在集结，海軍陸戰隊登陆。中央电视台报道"
    names = ["空军", "陆军部队", "海軍陸戰隊", "中央电视台"]
    chosen = choose([Match(text.index(n), text.index(n) + len(n), "ORG", "model") for n in names], text)
    assert [(text[m.start:m.end], m.label, m.attrs.get("branch")) for m in chosen] == [
        ("空军", "MILITARY_UNIT", "air-force"), ("陆军", "MILITARY_UNIT", "army"),  # 部队 stays outside
        ("海軍陸戰隊", "MILITARY_UNIT", "marine"), ("中央电视台", "ORG", None)]


def test_a_service_before_a_rank_is_part_of_a_title_not_a_mention():
    text = "发言人李熹海军大校表示，空軍少將說，海军舰艇"
    names = [("海军", text.index("海军")), ("空軍", text.index("空軍")), ("海军", text.rindex("海军"))]
    chosen = choose([Match(i, i + len(n), "ORG", "model") for n, i in names], text)
    assert [(m.start, m.label) for m in chosen] == [(text.rindex("海军"), "MILITARY_UNIT")]


def test_a_command_or_coalition_the_model_took_for_an_organisation_is_a_military_unit():
    text = "网络战司令部的建立，阿拉伯联军在也门，中国联通公司"
    names = ["网络战司令部", "阿拉伯联军", "中国联通公司"]
    chosen = choose([Match(text.index(n), text.index(n) + len(n), "ORG", "model") for n in names], text)
    assert [(text[m.start:m.end], m.label, m.attrs) for m in chosen] == [
        ("网络战司令部", "MILITARY_UNIT", {"echelon": "command"}), ("阿拉伯联军", "MILITARY_UNIT", {}),
        ("中国联通公司", "ORG", {})]


@pytest.mark.parametrize("text, kept", [
    ("美国会继续支持乌克兰", ("美国", "PLACE")), ("中国会坚定支持", ("中国", "PLACE")),
    ("美国会不会出兵", ("美国", "PLACE")), ("美国会通过法案", ("美国会", "ORG")), ("美国会议员访台", ("美国会", "ORG")),
])
def test_a_country_before_the_modal_hui_is_no_parliament(text, kept):
    chosen = choose([Match(0, 3, "ORG", "model"), Match(0, 2, "PLACE", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [kept]


def test_a_latin_phrase_with_a_lower_case_word_is_no_name():
    text = ("Zelensky said on Telegram that Ukraine would respond. U.S. officials met Ursula von der Leyen"
            " and Ahmed al-Sharaa.")
    spans = ["Zelensky said on Telegram that Ukraine", "U.S. officials", "Ursula von der Leyen", "Ahmed al-Sharaa"]
    chosen = choose([Match(text.index(t), text.index(t) + len(t), "PERSON", "model") for t in spans], text)
    assert [text[m.start:m.end] for m in chosen] == ["Ursula von der Leyen", "Ahmed al-Sharaa"]


def test_a_dotted_person_name_holds_a_place_name():
    text = "捷克作家米兰·昆德拉在巴黎去世"
    person, place = text.index("米兰·昆德拉"), text.index("米兰")
    matches = [Match(person, person + 6, "PERSON", "model", score=0.99),
               Match(place, place + 2, "PLACE", "gazetteer", kb_id="milan", priority=10)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [("米兰·昆德拉", "PERSON")]
    text = "切尔尼戈夫三州"  # no name dot: a person span holding a place is the model's error
    matches = [Match(0, 7, "PERSON", "model"), Match(0, 5, "PLACE", "gazetteer", kb_id="chernihiv", priority=10)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [("切尔尼戈夫", "PLACE")]


@pytest.mark.parametrize("text, model, place, org, kb_ids", [
    ("他在多哈对半岛电视台表示", (2, 10), (2, 4), (5, 10), ("doha", "al-jazeera")),  # joined by a function word
    ("朝鲜官媒朝中社报道", (0, 7), (0, 2), (4, 7), ("north-korea", "kcna")),  # a descriptor between them
    ("伦敦智库查塔姆研究所发布", (0, 10), (0, 2), (4, 10), ("london", "chatham-house")),  # a city's think tank
])
def test_a_model_span_of_a_kb_place_and_a_kb_organisation_with_words_between_is_those_names(
        text, model, place, org, kb_ids):
    matches = [Match(*model, "ORG", "model"), Match(*place, "PLACE", "gazetteer", kb_id=kb_ids[0], priority=10),
               Match(*org, "ORG", "gazetteer", kb_id=kb_ids[1], priority=10)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [
        (text[slice(*place)], "PLACE"), (text[slice(*org)], "ORG")]


def test_a_place_the_kb_does_not_know_right_after_a_credit_word_is_the_reporter():
    text = "（记者黄河 刘恺）俄罗斯总统"
    matches = [Match(3, 5, "PLACE", "model"), Match(6, 8, "PERSON", "model"), Match(9, 12, "PLACE", "model")]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [
        ("黄河", "PERSON"), ("刘恺", "PERSON"), ("俄罗斯", "PLACE")]
    text = "中央社記者台北25日電"  # a dateline's KB place stays a place
    matches = [Match(5, 7, "PLACE", "model"), Match(5, 7, "PLACE", "gazetteer", kb_id="taipei", priority=10)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [("台北", "PLACE")]


def test_a_person_that_ran_into_a_rank_ends_where_the_rank_begins():
    text = "发言人蒋斌大校表示"
    assert [(text[m.start:m.end], m.label) for m in choose([Match(3, 6, "PERSON", "model")], text)] == [
        ("蒋斌", "PERSON")]
    text = "张建中校长说"  # 校长 is a principal: no rank here
    assert [(text[m.start:m.end], m.label) for m in choose([Match(0, 3, "PERSON", "model")], text)] == [
        ("张建中", "PERSON")]
    text = "發言人張曉剛上校表示"  # traditional script; a three-character name keeps its characters
    assert [(text[m.start:m.end], m.label) for m in choose([Match(3, 7, "PERSON", "model")], text)] == [
        ("張曉剛", "PERSON")]


def test_a_model_span_that_is_only_a_designator_is_dropped():
    text = "内塔尼亚胡辦公室发表声明"
    matches = [Match(0, 5, "PERSON", "model"), Match(5, 8, "ORG", "model")]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [("内塔尼亚胡", "PERSON")]
    text = "乌梅罗夫率领代表团"
    matches = [Match(0, 4, "PERSON", "model"), Match(6, 9, "ORG", "model")]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [("乌梅罗夫", "PERSON")]
    text = "扎波罗热核电站站长称，核电站已断电"
    matches = [Match(0, 7, "PLACE", "model"), Match(11, 14, "ORG", "model")]
    assert [text[m.start:m.end] for m in choose(matches, text)] == ["扎波罗热核电站"]
    text = "在塔尔图斯的海军基地，在左岸建立了桥头堡"  # generic nouns, not names of places
    assert choose([Match(6, 10, "PLACE", "model"), Match(17, 20, "PLACE", "model")], text) == []
    text = "其火力發電廠今年遭攻擊"
    assert choose([Match(1, 6, "PLACE", "model")], text) == []


def test_a_chinese_given_name_may_be_a_short_kb_name():
    text = "发言人刘德军表示"
    matches = [Match(3, 6, "PERSON", "model"),
               Match(4, 6, "MILITARY_UNIT", "gazetteer", kb_id="bundeswehr", priority=10),
               Match(4, 6, "MILITARY_UNIT", "rule", priority=30)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [("刘德军", "PERSON")]
    text = "驻美军队"  # a preposition the model read as a surname
    matches = [Match(0, 3, "PERSON", "model"), Match(1, 3, "MILITARY_UNIT", "rule", priority=30)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [("美军", "MILITARY_UNIT")]
    text = "海警船於金門海域活動"  # 於/于 before a place is "at", not a surname
    matches = [Match(3, 6, "PERSON", "model"), Match(4, 6, "PLACE", "gazetteer", kb_id="kinmen", priority=10)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [("金門", "PLACE")]


def test_a_model_person_that_begins_with_a_country_and_a_title_is_the_name_after_it():
    text = "约旦国王阿卜杜拉二世会见了他"
    matches = [Match(0, 10, "PERSON", "model"), Match(0, 2, "PLACE", "gazetteer", kb_id="jordan", priority=10)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [
        ("约旦", "PLACE"), ("阿卜杜拉二世", "PERSON")]
    text = "卡塔尔埃米尔塔米姆"
    matches = [Match(0, 9, "PERSON", "model"), Match(0, 3, "PLACE", "gazetteer", kb_id="qatar", priority=10)]
    assert [text[m.start:m.end] for m in choose(matches, text)] == ["卡塔尔", "塔米姆"]
    # Not without a KB place at the start, nor where less than a name would be left.
    text = "总统府发言人"
    assert [text[m.start:m.end] for m in choose([Match(0, 6, "PERSON", "model")], text)] == ["总统府发言人"]


def test_a_latin_phrase_cut_from_a_model_span_is_no_name():
    text = "部队在前线作战（see map below）。"
    chosen = choose([Match(5, text.index("）"), "ORG", "model")], text)
    assert "see map below" not in [text[m.start:m.end] for m in chosen]


def test_a_latin_name_in_brackets_after_a_name_is_a_mention_with_its_label():
    text = "以色列國防軍（IDF）和北约（ NATO ）表示（see below），欧盟（EU）"
    names = [("以色列國防軍", "MILITARY_UNIT"), ("北约", "ORG"), ("表示", "ORG")]
    matches = [Match(text.index(n), text.index(n) + len(n), label, "gazetteer", priority=10) for n, label in names]
    eu = text.index("EU")
    matches += [Match(text.index("欧盟"), text.index("欧盟") + 2, "ORG", "gazetteer", priority=10),
                Match(eu, eu + 2, "ORG", "gazetteer", kb_id="european-union", priority=10)]
    chosen = [(text[m.start:m.end], m.label, m.source) for m in choose(matches, text)]
    assert ("IDF", "MILITARY_UNIT", "rule") in chosen and ("NATO", "ORG", "rule") in chosen
    assert not any(name.startswith("see") for name, _, _ in chosen)
    assert ("EU", "ORG", "gazetteer") in chosen and ("EU", "ORG", "rule") not in chosen  # taken already


def test_a_place_before_a_ship_word_names_the_warship_and_its_group():
    text = "辽宁舰编队进入西太平洋，福建舰入列，辽宁舰船工业"
    places = [("辽宁", 0), ("福建", text.index("福建")), ("辽宁", text.rindex("辽宁"))]
    chosen = choose([Match(i, i + len(n), "PLACE", "gazetteer", priority=10) for n, i in places], text)
    assert [(text[m.start:m.end], m.label, m.attrs.get("echelon")) for m in chosen] == [
        ("辽宁舰编队", "MILITARY_UNIT", "naval-group"), ("福建舰", "MILITARY_UNIT", "ship"),
        ("辽宁", "PLACE", None)]  # 舰船 is a word: no ship there
    text = "山东舰航母编队在南海训练"
    chosen = choose([Match(0, 7, "ORG", "model")], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("山东舰航母编队", "MILITARY_UNIT")]


def test_a_model_name_that_runs_into_a_cabinet_title_ends_before_it():
    text = "日本防卫大臣小泉进次郎，日本防卫省"
    matches = [Match(0, 4, "ORG", "model"), Match(0, 2, "PLACE", "gazetteer", kb_id="japan", priority=10),
               Match(12, 17, "ORG", "model")]
    chosen = choose(matches, text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("日本", "PLACE"), ("日本防卫省", "ORG")]


def test_a_ministry_inside_a_ministers_title_leaves_the_country_a_place():
    # SCHEMA: [俄罗斯][国防部]长. The ministry keeps its id; a short form read as 俄国 is 俄.
    # The gazetteer offers a state's name before a minister's title as a hint (STATE_PRIORITY).
    text = "俄罗斯国防部长，俄国防部长，俄罗斯国防部副部长，俄罗斯外交部长期以来，北京市委宣传部长，美国前商务部长，美韩国防部长"
    state = STATE_PRIORITY
    matches = [Match(0, 6, "ORG", "gazetteer", kb_id="ministry-of-defence-of-russia", priority=10),
               Match(0, 3, "PLACE", "gazetteer", kb_id="russia", priority=state),
               Match(8, 12, "ORG", "model"), Match(8, 10, "PLACE", "gazetteer", kb_id="russia", priority=state),
               Match(14, 20, "ORG", "model"), Match(14, 17, "PLACE", "gazetteer", kb_id="russia", priority=state),
               Match(24, 30, "ORG", "model"), Match(24, 27, "PLACE", "gazetteer", kb_id="russia", priority=state),
               Match(35, 42, "ORG", "model"), Match(35, 37, "PLACE", "gazetteer", kb_id="beijing", priority=10),
               Match(44, 50, "ORG", "model"), Match(44, 46, "PLACE", "gazetteer", kb_id="united-states", priority=state),
               Match(52, 57, "ORG", "model"), Match(52, 53, "PLACE", "gazetteer", kb_id="united-states", priority=state),
               Match(53, 54, "PLACE", "gazetteer", kb_id="south-korea", priority=state)]
    chosen = choose(matches, text)
    assert [(text[m.start:m.end], m.label, m.kb_id) for m in chosen] == [
        ("俄罗斯", "PLACE", "russia"), ("国防部", "ORG", "ministry-of-defence-of-russia"),
        ("俄", "PLACE", "russia"), ("国防部", "ORG", ""),
        ("俄罗斯国防部", "ORG", ""),   # 副部长: a role after the ministry, one ORG
        ("俄罗斯外交部", "ORG", ""),   # 长期以来: no title
        ("北京市委宣传部", "ORG", ""),  # no state's hint: a city's department
        ("美国", "PLACE", "united-states"), ("商务部", "ORG", ""),  # 前 is neither
        ("美", "PLACE", "united-states"), ("韩", "PLACE", "south-korea"), ("国防部", "ORG", ""),
    ]
    assert all(m.priority != state for m in chosen)


def test_a_body_inside_its_heads_title_leaves_the_country_a_place():
    # 长 or 长官 after a body's name makes its head's title, as 部长 does a minister's:
    # 日本 + 内阁官房 + 长官, 台湾 + 行政院 + 长; a role noun after the body does not (局长).
    text = "日本内阁官房长官林芳正，台湾行政院长，美国中央情报局局长"
    state = STATE_PRIORITY
    matches = [Match(0, 6, "ORG", "gazetteer", kb_id="cabinet-secretariat-of-japan", priority=10),
               Match(0, 2, "PLACE", "gazetteer", kb_id="japan", priority=state),
               Match(8, 11, "PERSON", "gazetteer", kb_id="yoshimasa-hayashi", priority=10),
               Match(12, 17, "ORG", "gazetteer", kb_id="executive-yuan", priority=10),
               Match(12, 14, "PLACE", "gazetteer", kb_id="taiwan", priority=state),
               Match(19, 26, "ORG", "gazetteer", kb_id="cia", priority=10)]
    chosen = choose(matches, text)
    assert [(text[m.start:m.end], m.label, m.kb_id) for m in chosen] == [
        ("日本", "PLACE", "japan"), ("内阁官房", "ORG", "cabinet-secretariat-of-japan"),
        ("林芳正", "PERSON", "yoshimasa-hayashi"),
        ("台湾", "PLACE", "taiwan"), ("行政院", "ORG", "executive-yuan"),
        ("美国中央情报局", "ORG", "cia")]


def test_a_legislatures_committee_named_by_a_list_of_fields_is_one_org():
    # The model ends the legislature before the list and begins the committee at a later field.
    text = "立法院外交及國防委員會開會。乌克兰议会国家安全、国防和情报委员会主席，韩国国会和国防委员会"
    matches = [Match(0, 3, "ORG", "gazetteer", kb_id="legislative-yuan", priority=10), Match(6, 11, "ORG", "model"),
               Match(14, 19, "ORG", "gazetteer", kb_id="verkhovna-rada", priority=10), Match(24, 32, "ORG", "model"),
               Match(35, 39, "ORG", "gazetteer", kb_id="national-assembly-of-south-korea", priority=10),
               Match(40, 45, "ORG", "model")]
    chosen = choose(matches, text)
    assert [(text[m.start:m.end], m.label, m.kb_id) for m in chosen] == [
        ("立法院外交及國防委員會", "ORG", ""), ("乌克兰议会国家安全、国防和情报委员会", "ORG", ""),
        # 和 between two bodies: two ORGs.
        ("韩国国会", "ORG", "national-assembly-of-south-korea"), ("国防委员会", "ORG", "")]


def test_a_ship_named_with_hao_and_its_type_is_a_unit():
    text = "辽宁号航母编队和福建号航空母舰，遼寧號航艦"
    matches = [Match(0, 2, "PLACE", "gazetteer", kb_id="liaoning", priority=10),
               Match(8, 15, "ORG", "model"),
               Match(16, 18, "PLACE", "gazetteer", kb_id="liaoning", priority=10)]
    chosen = choose(matches, text)
    assert [(text[m.start:m.end], m.label, m.attrs.get("echelon")) for m in chosen] == [
        ("辽宁号航母编队", "MILITARY_UNIT", "naval-group"), ("福建号航空母舰", "MILITARY_UNIT", "ship"),
        ("遼寧號航艦", "MILITARY_UNIT", "ship")]


def test_a_law_title_and_a_datelines_report_word_are_no_part_of_a_name():
    text = "〔記者呂伊萱／台北報導〕國防部今日表示，違反《國安法》"
    matches = [Match(3, 6, "PERSON", "model"), Match(7, 15, "ORG", "model"),
               Match(7, 9, "PLACE", "gazetteer", kb_id="taipei", priority=10), Match(23, 25, "ORG", "model")]
    chosen = choose(matches, text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("呂伊萱", "PERSON"), ("台北", "PLACE"), ("國防部", "ORG")]


def test_a_name_ending_in_guo_before_a_state_word_gives_the_guo_to_the_word():
    text = "以色列国防部长卡茨，以色列国防军"
    matches = [Match(0, 6, "ORG", "model"), Match(0, 4, "PLACE", "gazetteer", kb_id="israel", priority=10),
               Match(0, 4, "PLACE", "gazetteer", kb_id="israel", priority=STATE_PRIORITY),
               Match(10, 14, "PLACE", "model")]
    chosen = choose(matches, text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [
        ("以色列", "PLACE"), ("国防部", "ORG"), ("以色列", "PLACE")]


def test_a_geonames_city_yields_to_the_models_person_only_where_the_text_reads_a_person():
    from newsnlp.components.gazetteer import WEAK_PRIORITY

    def read(text, name, kb_id, extra=()):
        start = text.rindex(name)
        matches = [Match(start, start + len(name), "PERSON", "model"),
                   Match(start, start + len(name), "PLACE", "gazetteer", kb_id=kb_id, priority=WEAK_PRIORITY), *extra]
        return [(text[m.start:m.end], m.label) for m in choose(matches, text)]

    assert read("总统克利夫兰说", "克利夫兰", "cleveland") == [("克利夫兰", "PERSON")]  # after a title
    assert read("马克耶夫卡遭到炮击", "马克耶夫卡", "makiyivka") == [("马克耶夫卡", "PLACE")]  # nothing says person
    assert read("他在迈阿密会见", "迈阿密", "miami") == [("迈阿密", "PLACE")]
    # The last part of a dotted name the model read is that person's, even after 现在 (the 在 of
    # another word, no locative).
    text = "胡安·桑托斯卸任，现在桑托斯专注于和平"
    assert read(text, "桑托斯", "santos", [Match(0, 6, "PERSON", "model")])[-1] == ("桑托斯", "PERSON")
    assert read(text, "桑托斯", "santos")[-1] == ("桑托斯", "PLACE")  # without the full name: the city
    # A verb of saying after a day or an adverb, and 在 … 看来 ("in …'s view"), read a person.
    assert read("桑托斯9日说", "桑托斯", "santos") == [("桑托斯", "PERSON")]
    assert read("桑托斯当天也表示", "桑托斯", "santos")[0] == ("桑托斯", "PLACE")  # two words between: no cue
    assert read("在桑托斯看来，和平可期", "桑托斯", "santos") == [("桑托斯", "PERSON")]
    assert read("他在桑托斯看到了希望", "桑托斯", "santos") == [("桑托斯", "PLACE")]


def test_a_kb_ships_group_is_a_unit_of_its_own():
    text = "林肯号航母打击群抵达"
    chosen = choose([Match(0, 5, "MILITARY_UNIT", "gazetteer", kb_id="uss-abraham-lincoln", priority=10)], text)
    assert [(text[m.start:m.end], m.kb_id, m.attrs) for m in chosen] == [("林肯号航母打击群", "", {"echelon": "naval-group"})]


def test_a_kb_unit_with_its_group_word_the_model_read_after_a_country_is_the_units_group():
    text = "英国伊丽莎白女王号航母打击群抵达"
    matches = [Match(0, 14, "ORG", "model"), Match(0, 2, "PLACE", "gazetteer", kb_id="united-kingdom", priority=10),
               Match(2, 11, "MILITARY_UNIT", "gazetteer", kb_id="hms-queen-elizabeth", priority=10)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [
        ("英国", "PLACE"), ("伊丽莎白女王号航母打击群", "MILITARY_UNIT")]


def test_headquarters_after_names_and_an_organisation_written_with_a_place_are_no_one_name():
    text = "外长在北约布鲁塞尔总部出席会议，北约总部发表声明"
    matches = [Match(3, 11, "ORG", "model"), Match(3, 5, "ORG", "gazetteer", kb_id="nato", priority=10),
               Match(5, 9, "PLACE", "gazetteer", kb_id="brussels", priority=10),
               Match(16, 20, "ORG", "model"), Match(16, 18, "ORG", "gazetteer", kb_id="nato", priority=10)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [
        ("北约", "ORG"), ("布鲁塞尔", "PLACE"), ("北约", "ORG")]
    # A model ORG made of places only is those places (a country and a KB power plant).
    text = "伊朗布什尔核电站"
    matches = [Match(0, 8, "ORG", "model"), Match(0, 2, "PLACE", "gazetteer", kb_id="iran", priority=10),
               Match(2, 8, "PLACE", "gazetteer", kb_id="bushehr-nuclear-plant", priority=10)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [("伊朗", "PLACE"), ("布什尔核电站", "PLACE")]
    # A name the KB does not hold before 总部 stays whole, and so does a country's ministry.
    text = "华信公司总部，布隆迪外交部"
    matches = [Match(0, 6, "ORG", "model"), Match(7, 13, "ORG", "model"),
               Match(7, 10, "PLACE", "gazetteer", kb_id="burundi", priority=10)]
    assert [text[m.start:m.end] for m in choose(matches, text)] == ["华信公司总部", "布隆迪外交部"]


def test_a_newsroom_desk_and_compiled_wire_reports_in_a_dateline_are_no_names():
    text = "〔國際中心／綜合報導〕〔中央社首爾4日綜合外電報導〕"
    matches = [Match(0, 6, "PLACE", "model"), Match(19, 23, "ORG", "model")]
    assert choose(matches, text) == []
    text = "国际中心是一座大楼"  # no dateline: a name like any other
    assert [text[m.start:m.end] for m in choose([Match(0, 4, "ORG", "model")], text)] == ["国际中心"]


def test_a_model_person_the_text_reads_as_a_place_is_that_place():
    def read(text, spans):
        return [(text[m.start:m.end], m.label) for m in choose([Match(a, b, lab, "model") for a, b, lab in spans], text)]

    # Written as a village elsewhere in the document.
    text = "俄军攻占了乌斯彭尼夫卡村。乌斯彭尼夫卡位于南部"
    assert read(text, [(5, 12, "PLACE"), (13, 19, "PERSON")])[-1] == ("乌斯彭尼夫卡", "PLACE")
    # After a verb of taking a place, and with a Slavic village's ending.
    assert read("俄军攻占新格罗季夫卡后", [(4, 10, "PERSON")]) == [("新格罗季夫卡", "PLACE")]
    assert read("卡尔洛夫卡遭到袭击", [(0, 5, "PERSON")]) == [("卡尔洛夫卡", "PLACE")]
    # People stay people: a short name with the ending, a dotted name, no cue at all.
    assert read("卡夫卡的小说", [(0, 3, "PERSON")]) == [("卡夫卡", "PERSON")]
    assert read("弗朗茨卡夫卡的小说", [(0, 6, "PERSON")]) == [("弗朗茨卡夫卡", "PERSON")]
    assert read("攻占了城市的伊万·彼得罗夫卡表示", [(6, 14, "PERSON")]) == [("伊万·彼得罗夫卡", "PERSON")]
    assert read("扎里奇涅表示", [(0, 4, "PERSON")]) == [("扎里奇涅", "PERSON")]
    # Words only a place takes: an axis after it, a kind of place before it, a list of places.
    assert read("俄军对胡利艾波勒方向发动攻击", [(3, 8, "PERSON")]) == [("胡利艾波勒", "PLACE")]
    assert read("乌克兰港口伊兹梅尔遭袭", [(5, 9, "PERSON")]) == [("伊兹梅尔", "PLACE")]
    text = "冲突波及巴焦尔、库拉姆，以及杰曼等地"
    assert read(text, [(4, 7, "PERSON"), (8, 11, "PERSON")]) == [("巴焦尔", "PLACE"), ("库拉姆", "PLACE")]
    # A list closed by its count of places, and a place troops are sent to.
    text = "重开乃堆拉、什布奇拉和强拉三个边贸口岸"
    assert read(text, [(2, 5, "PERSON"), (6, 10, "PERSON")]) == [("乃堆拉", "PLACE"), ("什布奇拉", "PLACE")]
    assert read("禁止政府向波特兰派驻国民警卫队", [(5, 8, "PERSON")]) == [("波特兰", "PLACE")]
    # … with a gloss after each place.
    text = "关闭了梅迪宁凯（Medininkai）和沙尔奇宁凯（Šalčininkai）两个陆路口岸"
    labels = dict(read(text, [(3, 7, "PERSON"), (20, 25, "PERSON")]))
    assert (labels["梅迪宁凯"], labels["沙尔奇宁凯"]) == ("PLACE", "PLACE")
    assert read("巴军在克里希纳加蒂（Krishna Ghati）地段开火", [(3, 9, "PERSON")])[0] == ("克里希纳加蒂", "PLACE")
    assert read("李娜、王芳和刘洋三个人都来了", [(0, 2, "PERSON"), (3, 5, "PERSON")]) == [("李娜", "PERSON"), ("王芳", "PERSON")]
    # People joined to what they do before a list of places stay people.
    text = "村民王建国、李红梅夫妇曾在广州、深圳等地打工"
    assert read(text, [(2, 5, "PERSON"), (6, 9, "PERSON")]) == [("王建国", "PERSON"), ("李红梅", "PERSON")]
    text = "志愿者李娜、王芳和刘洋分别前往四川、云南等地支教"
    assert [lab for _, lab in read(text, [(3, 5, "PERSON"), (6, 8, "PERSON"), (9, 11, "PERSON")])] == ["PERSON"] * 3


def test_the_first_character_of_a_word_after_a_name_is_no_part_of_it():
    text = "在海牙峰会上，与美方官员会面"
    matches = [Match(1, 4, "PLACE", "model"), Match(1, 3, "PLACE", "gazetteer", kb_id="the-hague", priority=10),
               Match(8, 13, "ORG", "model"), Match(8, 10, "PLACE", "gazetteer", kb_id="united-states", priority=10)]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == [("海牙", "PLACE"), ("美方", "PLACE")]
    text = "民进党立委沈伯洋表示"  # a party's legislator: the party
    assert [text[m.start:m.end] for m in choose([Match(0, 5, "ORG", "model")], text)] == ["民进党"]
    text = "国际奥委会面临丑闻"  # an organisation's own 会 stays
    assert [text[m.start:m.end] for m in choose([Match(0, 5, "ORG", "model")], text)] == ["国际奥委会"]


def test_a_kb_place_and_a_facility_in_traditional_script_are_the_facility():
    text = "桃園機場今天起加強安檢"
    matches = [Match(0, 4, "PLACE", "model"), Match(0, 2, "PLACE", "gazetteer", kb_id="taoyuan", priority=10)]
    assert [text[m.start:m.end] for m in choose(matches, text)] == ["桃園機場"]


def test_jia_that_begins_a_verb_is_no_canada():
    text = "美对印加征关税，对加加征关税"
    matches = [Match(2, 4, "PLACE", "model"), Match(9, 11, "PLACE", "model")]
    assert [text[m.start:m.end] for m in choose(matches, text)] == ["印", "加"]


def test_a_medals_name_is_no_place_and_a_dateline_compilation_is_no_organisation():
    text = "授予金星奖章。〔編譯魏國金／綜合報導〕"
    matches = [Match(2, 4, "PLACE", "model"), Match(14, 16, "ORG", "model")]
    assert choose(matches, text) == []


def test_a_credits_label_is_no_name_and_a_papers_lead_in_is_the_paper():
    text = "资料图（图源：视觉中国）"
    assert choose([Match(4, 6, "PERSON", "model")], text) == []
    text = "新京报讯 据报道"
    assert [(text[m.start:m.end], m.label) for m in choose([Match(0, 2, "PERSON", "model")], text)] == [("新京报", "ORG")]


@pytest.mark.parametrize("text, model, expected", [
    ("特朗普女婿库什纳抵达", "特朗普女婿库什纳", ["特朗普", "库什纳"]),
    ("金正恩之女金主爱出席", "女金主爱", ["金主爱"]),
    ("他的侄子也参战", "侄子", []),
])
def test_a_word_for_a_relative_parts_two_people(text, model, expected):
    assert kept_names(text, model, "PERSON") == expected


def test_a_rank_after_a_dotted_name_is_no_part_of_it():
    text = "彼得罗·科瓦连科中校说"
    chosen = choose([Match(0, 10, "PERSON", "model")], text)
    assert [text[m.start:m.end] for m in chosen] == ["彼得罗·科瓦连科"]


def test_a_ships_type_alone_names_no_ship():
    text = "美国驱逐舰“拉森”号穿越"
    chosen = choose([Match(0, 5, "MILITARY_UNIT", "model"), Match(0, 2, "PLACE", "gazetteer", priority=10),
                     Match(5, 10, "MILITARY_UNIT", "rule", priority=30)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("美国", "PLACE"), ("“拉森”号", "MILITARY_UNIT")]


def test_a_units_headquarters_or_press_office_is_outside_the_unit():
    text = "加沙师指挥部被攻占"
    chosen = choose([Match(0, 6, "ORG", "model"), Match(0, 3, "MILITARY_UNIT", "rule", priority=30)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("加沙师", "MILITARY_UNIT")]


@pytest.mark.parametrize("text, country, body", [("美国代表团抵达", "美国", "美国代表团"), ("以色列当局宣布", "以色列", "以色列当局")])
def test_a_country_and_a_delegation_or_its_authorities_is_the_country(text, country, body):
    chosen = choose([Match(0, len(body), "ORG", "model"), Match(0, len(country), "PLACE", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [(country, "PLACE")]


def test_a_kb_person_and_the_office_around_them_is_the_person():
    text = "泽连斯基办公室主任表示"
    chosen = choose([Match(0, 7, "ORG", "model"), Match(0, 4, "PERSON", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("泽连斯基", "PERSON")]


def test_a_dotted_name_is_one_person_though_its_last_part_is_a_kb_place():
    text = "美国演员丹泽尔·华盛顿出席"
    chosen = choose([Match(4, 8, "PERSON", "model"), Match(8, 11, "PLACE", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("丹泽尔·华盛顿", "PERSON")]


def test_a_direction_before_a_kb_place_is_part_of_the_model_name():
    text = "北太平洋的岛屿"
    chosen = choose([Match(0, 4, "PLACE", "model"), Match(1, 4, "PLACE", "gazetteer", priority=10)], text)
    assert [text[m.start:m.end] for m in chosen] == ["北太平洋"]


@pytest.mark.parametrize("text, name, gloss", [
    ("“快速支援部队”（RSF）交战", "快速支援部队", "RSF"),            # after the quotes around the name
    ("泽连斯基（Володимир Зеленський）表示", "泽连斯基", "Володимир Зеленський"),
    ("金正恩（김정은）视察", "金正恩", "김정은"),
    ("吕特（Ｍａｒｋ Ｒｕｔｔｅ）表示", "吕特", "Ｍａｒｋ Ｒｕｔｔｅ"),
])
def test_a_name_in_another_script_in_brackets_is_a_gloss_of_the_name(text, name, gloss):
    start = text.index(name)
    chosen = choose([Match(start, start + len(name), "PERSON", "gazetteer", priority=10)], text)
    assert [text[m.start:m.end] for m in chosen] == [name, gloss]


def test_a_gloss_replaces_the_part_of_it_taken_alone():
    text = "泽连斯基（Volodymyr Zelenskyy）表示"
    chosen = choose([Match(0, 4, "PERSON", "gazetteer", priority=10), Match(15, 24, "PERSON", "model")], text)
    assert [text[m.start:m.end] for m in chosen] == ["泽连斯基", "Volodymyr Zelenskyy"]


@pytest.mark.parametrize("text, expected", [
    ("（记者 韩国强 王晓）", [("韩国强", "PERSON")]),
    ("责任编辑：美国华", [("美国华", "PERSON")]),
    ("记者 朝鲜报道", [("朝鲜", "PLACE")]),   # a report from North Korea, no name
])
def test_a_reporters_name_that_begins_with_a_country_is_the_reporters(text, expected):
    country = "韩国" if "韩国" in text else "美国" if "美国" in text else "朝鲜"
    start = text.index(country)
    chosen = choose([Match(start, start + 2, "PLACE", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == expected


@pytest.mark.parametrize("text, place, label", [
    ("（记者刘恺 黄河）俄罗斯总统表示", "黄河", "PERSON"),   # a whole name of the byline's list
    ("作者：黄河", "黄河", "PERSON"),
    ("（记者 王明 北京报道）", "北京", "PLACE"),          # a dateline: 报道 follows
    ("（记者 王鹏 北京 摄）", "北京", "PLACE"),
    ("新华社记者 刘恺 黄河 摄", "黄河", "PERSON"),         # 摄 after the names: both took the photo
    ("（记者 李明 陈静 香港）", "香港", "PLACE"),         # a city at a byline's end is its dateline
    ("据报道，黄河、长江流域降雨", "黄河", "PLACE"),        # no byline
])
def test_a_short_kb_place_that_is_a_whole_name_of_a_byline_is_a_reporters(text, place, label):
    start = text.index(place)
    chosen = choose([Match(start, start + len(place), "PLACE", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [(place, label)]


def test_a_model_span_is_cut_at_a_space_where_a_kb_name_ends_or_begins():
    text = "马克龙访问柏林 默茨表示欢迎"
    chosen = choose([Match(5, 10, "PERSON", "model"), Match(5, 7, "PLACE", "gazetteer", priority=10),
                     Match(8, 10, "PERSON", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("柏林", "PLACE"), ("默茨", "PERSON")]
    text = "唐纳德 史密斯周二表示"  # a name the KB does not know, written with a space
    assert [text[m.start:m.end] for m in choose([Match(0, 7, "PERSON", "model")], text)] == ["唐纳德 史密斯"]
    text = "空袭能源设施 多州停电 乌国能源部长表示"  # a headline's phrases run over two spaces: no name
    assert choose([Match(2, 17, "ORG", "model")], text) == []
    # A part of a city around it is no part of its name, and the place after it is a place.
    text = "以色列空袭贝鲁特南郊 称击毙真主党参谋长"
    found = choose([Match(5, 17, "ORG", "model"), Match(5, 8, "PLACE", "gazetteer", kb_id="beirut", priority=10),
                    Match(14, 17, "ORG", "gazetteer", kb_id="hezbollah", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("贝鲁特", "PLACE"), ("真主党", "ORG")]
    text = "空袭贝鲁特南郊达希耶"
    found = choose([Match(2, 5, "PLACE", "gazetteer", priority=10), Match(7, 10, "PERSON", "model")], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("贝鲁特", "PLACE"), ("达希耶", "PLACE")]
    # A place or an organisation over one space is cut there, though no KB name ends at it.
    text = "M23攻占东部重镇乌维拉 美斡旋和平协议"
    start = text.index("乌维拉")
    assert [text[m.start:m.end] for m in choose([Match(start, start + 5, "PLACE", "model")], text)] == ["乌维拉"]


def test_a_plant_the_model_reads_as_an_organisation_is_a_place():
    # SCHEMA: named facilities with a location role (plants, bridges) are PLACE.
    text = "新古比雪夫斯克炼油厂遭到袭击，燕山石化公司宣布增产"
    chosen = choose([Match(0, 10, "ORG", "model"), Match(15, 21, "ORG", "model")], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("新古比雪夫斯克炼油厂", "PLACE"), ("燕山石化公司", "ORG")]
    # A plant named after a KB city is the plant, not the city (SCHEMA: the longest name).
    text = "伏尔加格勒炼油厂遭袭"
    chosen = choose([Match(0, 8, "ORG", "model"), Match(0, 5, "PLACE", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("伏尔加格勒炼油厂", "PLACE")]
    # With its country before it: the country, then the plant.
    text = "俄罗斯萨拉托夫炼油厂遭袭"
    chosen = choose([Match(0, 10, "ORG", "model"), Match(0, 3, "PLACE", "gazetteer", priority=10),
                     Match(3, 7, "PLACE", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in chosen] == [("俄罗斯", "PLACE"), ("萨拉托夫炼油厂", "PLACE")]


def test_a_model_place_the_document_reads_as_a_person_elsewhere_is_that_person():
    text = "叙利亚过渡总统沙拉访问白宫。法国希望沙拉政府保障权利"
    first, second = text.index("沙拉"), text.rindex("沙拉")
    chosen = choose([Match(first, first + 2, "PERSON", "model"), Match(second, second + 2, "PLACE", "model")], text)
    assert [(m.start, m.label) for m in chosen] == [(first, "PERSON"), (second, "PERSON")]


def test_a_place_written_with_its_suffix_stays_a_place_though_a_person_bears_its_name():
    text = "前总理阿里表示。西藏阿里地区海拔很高"
    first, second = text.index("阿里"), text.rindex("阿里")
    chosen = choose([Match(first, first + 2, "PERSON", "model"), Match(second, second + 2, "PLACE", "model")], text)
    assert [(m.start, m.label) for m in chosen] == [(first, "PERSON"), (second, "PLACE")]


@pytest.mark.parametrize("text, model, kb, expected", [
    # a description of the quoted name after it
    ("以色列急救组织“大卫红盾会”称", (0, 7), [(0, 3, "PLACE")], ["以色列"]),
    # the Latin name after a description
    ("烏克蘭私營能源集團DTEK說", (0, 13), [(0, 3, "PLACE"), (9, 13, "ORG")], ["烏克蘭", "DTEK"]),
    ("印度国防参谋长表示", (0, 4), [(0, 2, "PLACE")], ["印度"]),            # a title's first words
    ("共和党籍众议院议长表示", (0, 7), [], ["共和党", "众议院"]),           # a member's party and body
    ("突袭了联合国儿童基金会办公室", (3, 14), [(3, 11, "ORG")], ["联合国儿童基金会"]),  # its premises
    ("叙利亚阿萨德政权垮台", (0, 6), [(0, 3, "PLACE"), (3, 6, "PERSON")], ["叙利亚", "阿萨德"]),  # two names
    ("叙利亚过渡政府国防部长表示", (0, 10), [(0, 3, "PLACE")], ["叙利亚", "国防部"]),  # the body of the government
    ("美国政府问责局报告", (0, 7), [(0, 2, "PLACE")], ["美国政府问责局"]),           # a name with 政府 in it
    ("特朗普派国民警卫队进驻芝加哥", (0, 9), [(0, 3, "PERSON")], ["特朗普", "国民警卫队"]),  # a verb between names
    ("在伊利诺伊州部署国民警卫队", (1, 13), [(1, 6, "PLACE")], ["伊利诺伊州", "国民警卫队"]),
    ("叙利亚反对派联盟表示", (0, 8), [(0, 3, "PLACE")], ["叙利亚反对派联盟"]),       # 反对派 is no verb
])
def test_a_model_organisation_without_what_describes_it(text, model, kb, expected):
    matches = [Match(*model, "ORG", "model")] + [Match(a, b, label, "gazetteer", priority=10) for a, b, label in kb]
    assert [text[m.start:m.end] for m in choose(matches, text)] == expected


def test_a_ships_name_in_quotes_is_no_place_or_organisation():
    text = "打击了“银河领袖”号货轮"
    assert choose([Match(4, 6, "PLACE", "model")], text) == []
    text = "散货船“银河领袖”号"  # the model span runs over the quotes
    assert choose([Match(0, 10, "ORG", "model")], text) == []
    text = "货轮“伊斯坦布尔”号遭袭"  # a KB name
    assert choose([Match(3, 8, "PLACE", "gazetteer", kb_id="istanbul", priority=10)], text) == []
    text = "发出“向张富清同志学习”号召"  # 号召 is a call, no ship
    assert [text[m.start:m.end] for m in choose([Match(4, 7, "PERSON", "model")], text)] == ["张富清"]


def test_a_place_inside_a_long_transliterated_name_is_a_syllable_run_of_it():
    text = "指挥官兰德里亚尼里纳上校表示"
    found = choose([Match(3, 10, "PERSON", "model"), Match(5, 7, "PLACE", "gazetteer", kb_id="delhi", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("兰德里亚尼里纳", "PERSON")]
    text = "切尔尼戈夫三州遭袭"  # a place at the start of a model person: the model's error
    found = choose([Match(0, 7, "PERSON", "model"), Match(0, 5, "PLACE", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("切尔尼戈夫", "PLACE")]


@pytest.mark.parametrize("text, name, label", [
    ("多家中国航空公司取消航班", "中国航空公司", "ORG"),   # several companies
    ("该电缆由爱沙尼亚公司运营", "爱沙尼亚公司", "ORG"),   # a country's company
    ("共机逾越海峡中线", "海峡", "PLACE"), ("在南线活动", "南线", "PLACE"),   # unnamed
])
def test_generic_companies_lines_and_straits_are_no_names(text, name, label):
    start = text.index(name)
    assert choose([Match(start, start + len(name), label, "model")], text) == []


def test_a_company_named_after_its_country_is_a_name():
    text = "中国银行和中国航空公司签约"
    found = choose([Match(0, 4, "ORG", "model"), Match(5, 11, "ORG", "model")], text)
    assert [text[m.start:m.end] for m in found] == ["中国银行", "中国航空公司"]
    text = "其中一家中国企业比亚迪公司宣布扩产"  # a longer name after the companies' word is kept
    assert [text[m.start:m.end] for m in choose([Match(4, 13, "ORG", "model")], text)] == ["中国企业比亚迪公司"]


@pytest.mark.parametrize("text, model, label, kb, expected", [
    ("打击在红海航行的船只", (3, 6), "ORG", (3, 5), "红海"),          # 红海 + 航 of 航行
    ("北约在地中海军演", (3, 7), "ORG", (3, 6), "地中海"),            # 地中海 + 军 of 军演
    ("淘汰了波兰的克拉科夫队", (6, 11), "ORG", (6, 10), "克拉科夫队"),  # a team: 队 is a designator
])
def test_a_kb_place_and_one_character_of_the_next_word_is_the_place(text, model, label, kb, expected):
    found = choose([Match(*model, label, "model"), Match(*kb, "PLACE", "gazetteer", priority=10)], text)
    assert [text[m.start:m.end] for m in found] == [expected]


def test_a_power_lines_quoted_name_is_no_name():
    text = "恢复“费罗索夫斯卡亚”330千伏备用线路供电，“第聂伯河”750千伏主输电线仍未修复"
    a, b = text.index("费罗"), text.index("第聂伯河")
    assert choose([Match(a, a + 7, "ORG", "model"), Match(b, b + 4, "PLACE", "gazetteer", priority=10),
                   Match(b + 1, b + 4, "PLACE", "gazetteer", priority=10)], text) == []
    text = "乌军沿“第聂伯河”防线布防"  # a front's line is no power line
    assert len(choose([Match(4, 8, "PLACE", "gazetteer", priority=10)], text)) == 1
    text = "中欧班列“重庆—杜伊斯堡”线路开通"  # nor a train's route
    assert len(choose([Match(5, 7, "PLACE", "gazetteer", priority=10), Match(8, 12, "PLACE", "gazetteer", priority=10)], text)) == 2


def test_an_offices_last_character_and_a_bare_command_are_no_names():
    text = "作战司令部前司令官金龙大少将已被拘留"
    start = text.index("官金龙大")
    found = choose([Match(2, 5, "ORG", "model"), Match(start, start + 4, "PERSON", "model")], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("金龙大", "PERSON")]


@pytest.mark.parametrize("text, name, label, kb_id, kept", [
    ("产业基地组织企业参展", "基地组织", "ORG", "al-qaeda", False),  # a base that organises
    ("伊斯兰国和基地组织都在该地区活动", "基地组织", "ORG", "al-qaeda", True),
    ("全州约1.2万户居民断电", "全州", "PLACE", "jeonju", False),  # the whole state
    ("韩国全州举行活动", "全州", "PLACE", "jeonju", True),
])
def test_a_kb_name_that_is_words_of_the_sentence_is_none(text, name, label, kb_id, kept):
    start = text.index(name)
    found = choose([Match(start, start + len(name), label, "gazetteer", kb_id=kb_id, priority=10)], text)
    assert len(found) == int(kept)


def test_a_states_officer_after_its_name_is_no_part_of_it():
    text = "乔治亚州州务卿宣布选举结果"
    assert [text[m.start:m.end] for m in choose([Match(0, 5, "PLACE", "model")], text)] == ["乔治亚州"]


def test_a_way_to_the_sea_is_no_haikou():
    text = "长江入海口附近，该国唯一的出海口被封锁"
    found = choose([Match(3, 5, "PLACE", "gazetteer", kb_id="haikou", priority=10),
                    Match(text.index("出海口") + 1, text.index("出海口") + 3, "PLACE", "gazetteer", kb_id="haikou", priority=10)], text)
    assert found == []


def test_a_rivers_bank_is_no_west_bank():
    text = "烏軍已在奧斯基爾河（Oskil）西岸重建防線"
    start = text.index("西岸")
    assert choose([Match(start, start + 2, "PLACE", "gazetteer", kb_id="west-bank", priority=10)], text) == []
    text = "以色列在约旦河西岸扩建定居点"  # the West Bank's own name holds the river
    start = text.index("约旦河西岸")
    assert len(choose([Match(start, start + 5, "PLACE", "gazetteer", kb_id="west-bank", priority=10)], text)) == 1
    text = "以色列对约旦河（Jordan River）西岸的吞并计划"  # the Jordan's is the West Bank, glossed or not
    start = text.index("西岸")
    assert len(choose([Match(start, start + 2, "PLACE", "gazetteer", kb_id="west-bank", priority=10)], text)) == 1
    text = "巴勒斯坦西岸城市杰宁"
    assert len(choose([Match(4, 6, "PLACE", "gazetteer", kb_id="west-bank", priority=10)], text)) == 1


def test_the_bei_yue_of_a_direction_and_a_distance_is_no_nato():
    text = "该岛位于马尼拉以北约250公里"
    start = text.index("北约")
    assert choose([Match(start, start + 2, "ORG", "gazetteer", kb_id="nato", priority=10)], text) == []
    text = "导弹落在首尔东北约50公里处"
    assert choose([Match(text.index("东北约"), text.index("东北约") + 3, "ORG", "model")], text) == []
    text = "以北约为首的西方国家"  # 以 + NATO
    assert len(choose([Match(1, 3, "ORG", "gazetteer", kb_id="nato", priority=10)], text)) == 1


def test_the_latin_gloss_of_a_ship_that_is_no_mention_is_none_either():
    text = "散货船“魔法海洋”号（Magic Seas）沉没"
    start = text.index("Magic")
    assert choose([Match(start, start + 10, "ORG", "model")], text) == []
    # A warship the unit rules tag keeps its gloss.
    text = "“杜鲁门”号（Harry S. Truman）进入红海"
    ship = Match(0, 6, "MILITARY_UNIT", "units", priority=10)
    start = text.index("Harry")
    found = choose([ship, Match(start, start + 15, "ORG", "model")], text)
    assert [text[m.start:m.end] for m in found] == ["“杜鲁门”号", "Harry S. Truman"]


@pytest.mark.parametrize("text, start, end, label", [
    ("德鲁兹派武装", 0, 3, "PLACE"), ("贝都因人", 0, 2, "PERSON"), ("逊尼派人", 0, 2, "PERSON"),
    ("居民是因纽特人", 4, 6, "PLACE"), ("遭到图阿雷格武装伏击", 2, 6, "PLACE"),  # part of the name, and a people of the Sahel
    ("库尔德人主导的武装", 0, 3, "PLACE"), ("土耳其亲库尔德政党", 4, 7, "PLACE"),  # the Kurds; 库尔德地区 is a place
    ("15万名罗兴亚人逃往孟加拉国", 4, 7, "PERSON"),
])
def test_a_faith_or_a_people_is_no_place_or_person(text, start, end, label):
    assert choose([Match(start, end, label, "model")], text) == []


def test_a_datelines_place_a_name_in_a_laws_title_and_a_dotted_names_last_part():
    text = "（北京综合讯）两船相撞"
    assert [(text[m.start:m.end], m.label) for m in choose([Match(1, 6, "ORG", "model")], text)] == [("北京", "PLACE")]
    text = "美国暂停执行《凯撒法案》"
    assert choose([Match(7, 9, "PERSON", "model")], text) == []  # the act's name, of any label
    text = "马兹卢姆·阿卜迪表示欢迎。部长与阿卜迪达成停火"
    found = choose([Match(0, 8, "PERSON", "model"), Match(16, 19, "PLACE", "model")], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("马兹卢姆·阿卜迪", "PERSON"), ("阿卜迪", "PERSON")]


def test_allawi_and_sophie_are_people_not_sects():
    for text in ("伊拉克前总理阿拉维表示", "王室成员苏菲出席"):
        name = "阿拉维" if "阿拉维" in text else "苏菲"
        start = text.index(name)
        assert len(choose([Match(start, start + len(name), "PERSON", "model")], text)) == 1


def test_several_places_of_a_kind_are_no_name():
    text = "基辅、哈尔科夫等多州停电"
    assert [text[m.start:m.end] for m in choose([Match(0, 2, "PLACE", "model"), Match(8, 10, "PLACE", "model")], text)] == ["基辅"]


def test_a_latin_word_the_model_cut_short_is_taken_whole():
    text = "太空探索技术公司SpaceX成功发射"
    start = text.index("Space")
    assert [text[m.start:m.end] for m in choose([Match(start, start + 5, "ORG", "model")], text)] == ["SpaceX"]


@pytest.mark.parametrize("text, model, label, kb, expected", [
    ("俄军攻占库皮扬斯克-沃兹洛维镇", (4, 15), "PLACE", (4, 9), ["库皮扬斯克-沃兹洛维镇"]),  # a town of its own
    ("俄军在库皮扬斯克-沃兹洛维附近推进", (3, 13), "PLACE", (3, 8), ["库皮扬斯克-沃兹洛维"]),
    ("从莫斯科-北京的列车", (1, 6), "PLACE", (1, 4), ["莫斯科"]),  # one character after the hyphen is no name
])
def test_a_kb_place_and_the_rest_of_a_hyphenated_name_is_the_longer_name(text, model, label, kb, expected):
    found = choose([Match(*model, label, "model"), Match(*kb, "PLACE", "gazetteer", priority=10)], text)
    assert [text[m.start:m.end] for m in found] == expected


@pytest.mark.parametrize("text, model, label, kb, expected", [
    # A town right after its oblast, read as one person: the oblast and the town.
    ("俄军逼近扎波罗热州斯捷普诺霍尔斯克", (4, 17), "PERSON", (4, 9), [("扎波罗热州", "PLACE"), ("斯捷普诺霍尔斯克", "PLACE")]),
    ("俄军称已占领顿涅茨克州罗季恩斯克", (6, 16), "PLACE", (6, 11), [("顿涅茨克州", "PLACE"), ("罗季恩斯克", "PLACE")]),
    # A Chinese word after the province is no town: the KB's province alone.
    ("在河南省召开会议", (1, 6), "PLACE", (1, 4), [("河南省", "PLACE")]),
])
def test_a_transliterated_name_right_after_a_kb_region_is_a_place_in_it(text, model, label, kb, expected):
    found = choose([Match(*model, label, "model"), Match(*kb, "PLACE", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == expected


def test_the_short_form_before_kong_is_the_country_that_administers():
    text = "印度空袭了巴基斯坦及巴控克什米尔"
    found = choose([Match(10, 12, "PLACE", "model"), Match(12, 16, "PLACE", "gazetteer", kb_id="kashmir", priority=10)], text)
    assert [text[m.start:m.end] for m in found] == ["巴", "克什米尔"]


@pytest.mark.parametrize("text, model, expected", [
    ("发言人安德拉比28日表示反对", (3, 6), "安德拉比"),                   # 比 read as "than"
    ("教授细谷雄一对第一财经记者表示", (2, 5), "细谷雄一"),                # 一 read into 一对, "a pair"
    ("王雄一对夫妇出席", (0, 2), "王雄"),                                # a pair it is: nothing said after
])
def test_a_person_whose_last_character_the_model_read_into_the_next_word(text, model, expected):
    found = choose([Match(*model, "PERSON", "model")], text)
    assert [text[m.start:m.end] for m in found] == [expected]


@pytest.mark.parametrize("text, model", [
    ("部署了“堤丰”（Typhon）中程导弹系统", [(4, 6, "PERSON"), (8, 14, "PERSON")]),   # the name and its gloss
    ("“榛树”（Oreshnik）中程弹道导弹", [(5, 13, "ORG")]),
    ("普京：“海燕”导弹开始列装", [(4, 6, "ORG")]),
    ("“沙希德”-136无人机袭击了基辅", [(1, 4, "PERSON")]),                          # a model number between
    ("两艘“阿利·伯克”级驱逐舰", [(3, 13, "ORG")]),                                   # a class of ships
    ("“格里戈罗维奇海军上将”级护卫舰", [(1, 7, "PERSON")]),                        # named after an admiral
    ("以及“棱堡”岸基反舰导弹系统部队", [(3, 5, "PLACE")]),                          # a shore-based weapon
    ("俄軍發射「榛樹」（Oreshnik）中程彈道導彈", [(5, 7, "PERSON"), (9, 17, "ORG")]),  # traditional script
    ("部署的「榛樹」（Oreshnik）中程彈道飛彈", [(3, 16, "ORG")]),                    # one span over both; 飛彈
])
def test_weapons_and_ship_classes_named_in_quotes_are_no_names(text, model):
    assert choose([Match(s, e, label, "model") for s, e, label in model], text) == []


def test_a_group_in_quotes_before_its_drones_stays():
    text = "“库尔德工人党”无人机袭击"
    assert [text[m.start:m.end] for m in choose([Match(1, 7, "ORG", "model")], text)] == ["库尔德工人党"]


@pytest.mark.parametrize("text, kb, expected", [
    ("常驻维也纳联合国代表", [(2, 5, "PLACE"), (5, 8, "ORG")], ["维也纳", "联合国"]),  # a city and a body
    ("在華府白宮舉行峰會", [(1, 3, "PLACE"), (3, 5, "ORG")], ["華府", "白宮"]),
    ("俄罗斯外交部发表声明", [(0, 3, "PLACE"), (3, 6, "ORG")], ["俄罗斯外交部"]),         # a country's ministry
])
def test_a_city_and_an_organisation_written_together_are_two_names(text, kb, expected):
    start, end = kb[0][0], kb[-1][1]
    matches = [Match(start, end, "ORG", "model")] + [Match(s, e, label, "gazetteer", priority=10) for s, e, label in kb]
    assert [text[m.start:m.end] for m in choose(matches, text)] == expected


def test_a_states_forces_named_without_the_state_are_a_unit():
    text = "主权委员会主席、武装部队总司令布尔汉"
    found = choose([Match(8, 12, "ORG", "model")], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("武装部队", "MILITARY_UNIT")]


@pytest.mark.parametrize("text, model, expected", [
    ("俄罗斯炼油厂因无人机袭击而停产", [(0, 6, "ORG")], [("俄罗斯", "PLACE")]),     # a country's refineries
    ("乌无人机连夜打击俄多座炼油厂", [(8, 14, "ORG")], [("俄", "PLACE")]),
    ("伏尔加格勒炼油厂遭袭", [(0, 8, "ORG")], [("伏尔加格勒炼油厂", "PLACE")]),         # a named one
    ("乌克兰国家安全局代理局长赫马拉", [(0, 11, "ORG")], [("乌克兰国家安全局", "ORG")]),  # an acting head's title
    ("在京畿道抱川的射擊場舉行演習", [(7, 10, "PLACE")], []),                          # a range is no name
])
def test_generic_plants_titles_and_ranges_are_cut_or_dropped(text, model, expected):
    gazetteer = [Match(0, 3, "PLACE", "gazetteer", kb_id="russia", priority=10)] if text.startswith("俄罗斯") else []
    found = choose([Match(s, e, label, "model") for s, e, label in model] + gazetteer, text)
    assert [(text[m.start:m.end], m.label) for m in found] == expected


def test_a_field_before_a_total_is_no_organisation():
    text = "民國116年度國防總預算達9495億元"
    assert choose([Match(7, 10, "ORG", "model")], text) == []


@pytest.mark.parametrize("text, model, gazetteer, expected", [
    ("南韓核動力潛艦計畫拍板", (0, 7, "ORG"), [(0, 2)], [("南韓", "PLACE")]),    # a country's submarines
    ("苏丹人民解放运动-北方局（希卢派）发动进攻", (13, 16, "PERSON"), [], []),   # a faction, no person
    ("爱沙尼亚扣押了一艘“影子舰队”油轮", (10, 14, "ORG"), [], []),
])
def test_a_countrys_weapons_factions_and_shadow_fleets_are_no_names(text, model, gazetteer, expected):
    matches = [Match(*model, "model")] + [Match(s, e, "PLACE", "gazetteer", priority=10) for s, e in gazetteer]
    assert [(text[m.start:m.end], m.label) for m in choose(matches, text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("福建舰首次在台岛以东训练", [("福建舰", "MILITARY_UNIT")]),   # 首次, "for the first time"
    ("辽宁舰首尾受损", [("辽宁", "PLACE")]),                        # 舰首, the bow
])
def test_a_place_and_jian_before_shouci_is_the_ship(text, expected):
    found = choose([Match(0, 2, "PLACE", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == expected


def test_a_movements_liberation_army_and_the_words_after_its_gloss():
    text = "目标均为与哥伦比亚民族解放军（ELN）有关联的贩毒网络"
    found = choose([Match(5, 14, "ORG", "model"), Match(15, 22, "ORG", "model"),
                    Match(11, 14, "MILITARY_UNIT", "gazetteer", kb_id="peoples-liberation-army", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("哥伦比亚民族解放军", "MILITARY_UNIT"), ("ELN", "ORG")]


@pytest.mark.parametrize("text, model", [
    ("共机进入我北部、中部及西南空域", (11, 13)),     # a point of the compass before its airspace
    ("第73集团军在东南沿海举行演习", (7, 9)),
    ("运河今年的收入下降", (0, 2)),                    # a canal named before
    ("金正恩观看了“火星炮-11”型导弹的发射", (7, 9)),   # a weapon's designation
])
def test_directions_sides_and_designations_are_no_places(text, model):
    assert choose([Match(*model, "PLACE", "model")], text) == []


def test_a_service_and_a_rank_after_a_name_are_a_title_and_a_pronoun_no_part_of_a_name():
    text = "东部战区新闻发言人施毅陆军大校发布声明"
    assert [text[m.start:m.end] for m in choose([Match(9, 11, "PERSON", "model"), Match(11, 15, "ORG", "model")], text)] == ["施毅"]
    text = "他在其Telegram频道发文"
    assert [text[m.start:m.end] for m in choose([Match(2, 11, "ORG", "model")], text)] == ["Telegram"]


def test_a_country_a_descriptor_and_a_name_the_kb_lacks():
    text = "据黎巴嫩官方通讯社国家通讯社报道"
    found = choose([Match(1, 14, "ORG", "model"), Match(1, 4, "PLACE", "gazetteer", kb_id="lebanon", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("黎巴嫩", "PLACE"), ("国家通讯社", "ORG")]
    text = "新加坡媒体发展管理局主办"  # 媒体 begins the name
    found = choose([Match(0, 10, "ORG", "model"), Match(0, 3, "PLACE", "gazetteer", kb_id="singapore", priority=10)], text)
    assert [text[m.start:m.end] for m in found] == ["新加坡媒体发展管理局"]


@pytest.mark.parametrize("text, model, kept", [
    ("东部战区以「海峽雷霆」命名此次演习", [(5, 8, "PLACE"), (8, 10, "PLACE")], []),    # an exercise's name
    ("美国发起代号为“南方之矛”的行动", [(8, 10, "PLACE")], []),
    ("把外务部改名为“外交通商部”", [(8, 13, "ORG")], ["外交通商部"]),                # a body's new name
])
def test_names_given_in_quotes_to_exercises_are_no_places(text, model, kept):
    assert [text[m.start:m.end] for m in choose([Match(*x, "model") for x in model], text)] == kept


@pytest.mark.parametrize("text, model, expected", [
    ("巴军在库拉姆地区击毙武装分子", (3, 6), "库拉姆地区"),      # a transliterated place and its suffix
    ("俄军攻占了卡尔洛夫卡村", (5, 10), "卡尔洛夫卡村"),
    ("密歇根州长惠特默表示", (0, 3), "密歇根"),                  # 州长, a governor
])
def test_a_model_place_takes_the_administrative_suffix_after_it(text, model, expected):
    assert [text[m.start:m.end] for m in choose([Match(*model, "PLACE", "model")], text)] == [expected]


def test_every_reporter_of_a_wire_credit_is_a_person():
    text = "（中央社記者游凱翔、王揚宇台北27日電）國防部長顧立雄今天表示"
    found = choose([Match(6, 9, "PERSON", "model")], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("游凱翔", "PERSON"), ("王揚宇", "PERSON")]


@pytest.mark.parametrize("name", ["峰会", "警察局", "律师团", "防空网络", "谈判代表团", "调查委员会", "打击群", "政治办公室"])
def test_generic_words_alone_are_no_organisations(name):
    text = f"他出席了{name}的会议"
    assert choose([Match(4, 4 + len(name), "ORG", "model")], text) == []


def test_a_sides_short_form_takes_its_fang_and_the_cpcs_ministry_is_no_cut():
    text = "缅甸举行大选。缅方称，投票顺利"
    assert [(text[m.start:m.end], m.label) for m in choose([Match(7, 8, "PLACE", "model")], text)] == [("缅方", "PLACE")]
    text = "正以方兴未艾之势"  # 方 begins 方兴未艾
    assert [text[m.start:m.end] for m in choose([Match(1, 2, "PLACE", "model")], text)] == ["以"]
    text = "中共國防部長董軍表示"
    found = choose([Match(0, 5, "ORG", "gazetteer", kb_id="ministry-of-national-defense-of-china", priority=10),
                    Match(0, 1, "PLACE", "gazetteer", kb_id="china", priority=STATE_PRIORITY)], text)
    assert [text[m.start:m.end] for m in found] == ["中共國防部"]


def test_points_of_the_compass_joined_before_an_airspace_are_no_places():
    text = "進入西南及東部空域"
    assert choose([Match(2, 4, "PLACE", "model"), Match(5, 7, "PLACE", "model")], text) == []


def test_a_headlines_clause_and_a_countrys_airports_are_no_names():
    text = "中将在莫斯科汽车爆炸中身亡 俄侦查委员会立案调查"
    found = choose([Match(3, 13, "ORG", "model"), Match(3, 6, "PLACE", "gazetteer", kb_id="moscow", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("莫斯科", "PLACE")]
    text = "丹麦机场遭无人机瘫痪"
    found = choose([Match(0, 4, "PLACE", "model"), Match(0, 2, "PLACE", "gazetteer", kb_id="denmark", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("丹麦", "PLACE")]
    text = "印度發動「辛杜爾行動」"  # an operation's name in Taiwan's quotes and script
    assert choose([Match(5, 8, "PERSON", "model")], text) == []


def test_two_kb_people_written_without_a_break_are_two_people():
    text = "確認開除何衛東苗華等將領黨籍"
    found = choose([Match(4, 9, "PERSON", "model"), Match(4, 7, "PERSON", "gazetteer", kb_id="he-weidong", priority=10),
                    Match(7, 9, "PERSON", "gazetteer", kb_id="miao-hua", priority=10)], text)
    assert [text[m.start:m.end] for m in found] == ["何衛東", "苗華"]


def test_a_model_span_across_two_kb_places_edge_is_the_second_place():
    text = "他在京畿道平泽的军营"
    found = choose([Match(4, 7, "PERSON", "model"), Match(2, 5, "PLACE", "gazetteer", kb_id="gyeonggi", priority=10),
                    Match(5, 7, "PLACE", "gazetteer", kb_id="pyeongtaek", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("京畿道", "PLACE"), ("平泽", "PLACE")]


@pytest.mark.parametrize("text, name", [
    ("宣布展開「南方之矛行動」（Operation Southern Spear）", "Operation Southern Spear"),
    ("参加了“南方之矛行动”（Operation Southern Spear）的部署", "Southern Spear"),
    ("代号“蛛网”（Павутина）", "Павутина"),
])
def test_an_operations_or_a_code_names_gloss_is_no_name(text, name):
    start = text.index(name)
    assert choose([Match(start, start + len(name), "ORG", "model")], text) == []


def test_a_city_before_a_ministry_or_a_summit_is_a_name_of_its_own():
    text = "会议在首尔龙山区国防部大楼举行"
    found = choose([Match(3, 11, "ORG", "model"), Match(3, 5, "PLACE", "gazetteer", kb_id="seoul", priority=10),
                    Match(5, 8, "PLACE", "gazetteer", kb_id="yongsan", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("首尔", "PLACE"), ("龙山区", "PLACE"), ("国防部", "ORG")]
    text = "俄罗斯国防部表示"  # a country before a ministry is the ministry's name
    found = choose([Match(0, 6, "ORG", "model"), Match(0, 3, "PLACE", "gazetteer", kb_id="russia", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("俄罗斯国防部", "ORG")]
    text = "巴黎峰会：英法承诺"
    found = choose([Match(0, 4, "ORG", "model"), Match(0, 2, "PLACE", "gazetteer", kb_id="paris", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("巴黎", "PLACE")]


def test_a_name_written_as_a_place_at_a_distance_is_a_place_throughout():
    text = "乌军称斯捷普诺戈尔斯克仍在争夺。俄军在扎波罗热以南约30公里的斯捷普诺戈尔斯克发动进攻"
    second = text.index("斯捷普", 10)
    found = choose([Match(3, 11, "PERSON", "model"), Match(second, second + 8, "PLACE", "model")], text)
    assert [m.label for m in found] == ["PLACE", "PLACE"]


def test_a_toponym_that_lost_its_first_character_to_the_word_before():
    text = "俄军称“解放”了新帕夫利夫卡和别列佐韦两个居民点"
    found = choose([Match(9, 14, "PLACE", "model"), Match(16, 19, "PERSON", "model")], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("新帕夫利夫卡", "PLACE"), ("别列佐韦", "PLACE")]
    text = "李明和别人一起出发"
    assert [text[m.start:m.end] for m in choose([Match(0, 2, "PERSON", "model")], text)] == ["李明"]


def test_a_clause_the_model_read_as_one_organisation():
    text = "伊斯法罕核设施须经最高国家安全委员会批准"
    found = choose([Match(0, 18, "ORG", "model"), Match(0, 4, "PLACE", "gazetteer", kb_id="isfahan", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("伊斯法罕", "PLACE"), ("最高国家安全委员会", "ORG")]


def test_a_body_and_a_party_and_a_unit_named_by_its_weapons():
    text = "参议院军事委员会民主党首席议员里德批评了政府"
    found = choose([Match(0, 11, "ORG", "model"), Match(0, 8, "ORG", "gazetteer", priority=10)], text)
    assert [text[m.start:m.end] for m in found] == ["参议院军事委员会", "民主党"]
    text = "金正恩视察了一个战略巡航导弹分队"
    assert choose([Match(8, 16, "ORG", "model")], text) == []


@pytest.mark.parametrize("text, model", [
    ("编队包括2艘055型驱逐舰", (4, 13, "ORG")),          # ships of a class counted
    ("俄乌代表团在土耳其举行谈判", (0, 5, "ORG")),        # the two sides' delegations
    ("美方加征10%芬太尼关税", (7, 10, "PLACE")),          # fentanyl
])
def test_counted_ships_delegations_and_drugs_are_no_names(text, model):
    assert choose([Match(*model, "model")], text) == []


def test_a_body_and_the_modal_hui_after_it():
    text = "國安處會密切留意事態"
    assert [text[m.start:m.end] for m in choose([Match(0, 4, "ORG", "model")], text)] == ["國安處"]


@pytest.mark.parametrize("text, model, kept", [
    ("他获得诺贝尔和平奖", [(3, 6, "PERSON")], []),                        # a prize
    ("國軍漢光42號演習將延長", [(0, 7, "ORG")], []),                         # an exercise's name
    ("漢光演習檢討報告出爐", [(0, 2, "PERSON")], []),
    ("中方航母编队在西太平洋训练", [(0, 6, "ORG")], []),                     # a side's group of ships
    ("莱茵金属公司的新弹药厂正式投产", [(7, 11, "ORG")], []),                 # a plant of a kind
    ("中共「海峽雷霆」等演習", [(3, 7, "ORG")], []),                          # 等 before the exercise
    ("在马里乌波尔、亚速钢铁厂被俘", [(7, 12, "ORG")], [("亚速钢铁厂", "PLACE")]),  # a named plant
])
def test_prizes_exercises_groups_and_plants(text, model, kept):
    found = choose([Match(*x, "model") for x in model], text)
    assert [(text[m.start:m.end], m.label) for m in found] == kept


def test_a_countrys_short_form_and_jian_before_shouci_is_the_country():
    text = "美舰首次穿越台湾海峡"
    found = choose([Match(0, 1, "PLACE", "gazetteer", kb_id="united-states", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("美", "PLACE")]


def test_a_pretext_in_quotes_keeps_its_names():
    text = "美军以“打击特伦德阿拉瓜”为名袭击委内瑞拉船只"
    assert len(choose([Match(6, 12, "ORG", "model")], text)) == 1


def test_a_full_name_inside_a_prizes_name_stays_a_person():
    text = "荣获联合国教科文组织颁发的萨乌德·侯赛因奖"
    start = text.index("萨乌德")
    assert len(choose([Match(start, start + 7, "PERSON", "model")], text)) == 1


def test_a_model_place_takes_the_facility_named_after_it():
    text = "普京和金正恩出席图们江公路大桥开通仪式"
    assert [text[m.start:m.end] for m in choose([Match(8, 13, "PLACE", "model")], text)] == ["图们江公路大桥"]


@pytest.mark.parametrize(("text", "span", "names"), [
    ("警方在葵涌一座工業大廈拘捕三人", "葵涌一座工業大廈", ["葵涌"]),  # a count runs on from the place
    ("他在沙田两间商场购物", "沙田两间商场", ["沙田"]),
    ("统一家具城今天开业", "统一家具城", ["统一家具城"]),  # 一 is part of 统一
    ("第一个体育中心", "第一个体育中心", ["第一个体育中心"]),  # an ordinal, no count
])
def test_a_model_place_that_runs_on_into_a_count_is_the_name_before_it(text, span, names):
    assert kept_names(text, span, "PLACE") == names


def test_a_rules_unit_inside_a_longer_kb_organisation_gives_way_to_it():
    text = "俄军总参谋部情报总局局长表示"
    found = choose([Match(0, 6, "MILITARY_UNIT", "rule", priority=30),
                    Match(0, 10, "ORG", "gazetteer", kb_id="gru", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("俄军总参谋部情报总局", "ORG")]


@pytest.mark.parametrize(("text", "match", "kept"), [
    ("菲律賓海巡發言人表示", (0, 4, "PLACE"), []),  # the coast guard's 海巡 after the country: no sea
    ("美军在菲律宾海巡逻", (3, 7, "PLACE"), ["菲律宾海"]),  # a patrol in the Philippine Sea
    ("日舰在菲律宾海警戒", (3, 8, "MILITARY_UNIT"), []),  # 菲律宾海警 + 戒: a watch in the sea, no coast guard
])
def test_a_sea_before_the_coast_guards_word_and_a_coast_guard_on_patrol(text, match, kept):
    found = choose([Match(*match, "gazetteer", priority=10)], text)
    assert [text[m.start:m.end] for m in found] == kept


def test_a_countrys_short_form_before_a_place_is_no_surname():
    text = "乌军无人机袭击俄梁赞"
    found = choose([Match(7, 10, "PERSON", "model"), Match(8, 10, "PLACE", "gazetteer", kb_id="ryazan", priority=10)],
                   text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("梁赞", "PLACE")]
    # A surname stays one: 刘德军 is a person, not 德军.
    text = "刘德军说"
    found = choose([Match(0, 3, "PERSON", "model"), Match(1, 3, "MILITARY_UNIT", "gazetteer", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("刘德军", "PERSON")]


def test_a_name_after_a_title_that_ends_in_a_city_is_the_person():
    text = "选举委员会主席阿莫罗索宣布结果"
    found = choose([Match(7, 11, "PERSON", "model"), Match(9, 11, "PLACE", "gazetteer", kb_id="roseau", priority=10)],
                   text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("阿莫罗索", "PERSON")]


@pytest.mark.parametrize("text, span", [
    ("双方同意在东段建立机制", "东"), ("在新埃塞奎博小镇办公", "小镇"),
    ("柬方否认在边境埋设新地雷", "地雷"),
    ("对圣战组织的打击", "圣战"), ("与各军区同级", "军区"), ("国际海洋法专家提醒", "国际海洋法"),
    ("舰艇停在军港", "军港"), ("舰艇停在某军港", "港"), ("该舰的母港是横须贺", "港"),  # a port, not Hong Kong
    ("國安人士指出", "國安"), ("图为导弹车队", "导弹车队"), ("谴责中国船只的“鲁莽行为”", "鲁莽"),
    ("修建了港池和跑道", "港"), ("有充分的法理依据", "法"),  # a short form that begins a word with the next character
    ("空中梯队中", "空中梯队"), ("特朗普在“空军一号”上", "空军一号"),
])
def test_common_nouns_the_model_reads_as_names_are_none(text, span):
    start = text.index(span)
    label = ("ORG" if span in ("圣战", "国际海洋法", "國安", "导弹车队", "空中梯队", "空军一号")
             else "PERSON" if span == "鲁莽" else "PLACE")
    assert choose([Match(start, start + len(span), label, "model")], text) == []


def test_a_headline_the_model_read_as_one_organisation_keeps_its_names():
    text = "中國海警船再闖東沙限制水域 海巡署：今年第46次"
    found = choose([Match(0, 17, "ORG", "model"), Match(0, 4, "ORG", "gazetteer", kb_id="china-coast-guard", priority=10),
                    Match(7, 9, "PLACE", "gazetteer", kb_id="pratas-island", priority=10),
                    Match(14, 17, "ORG", "gazetteer", priority=10)], text)
    assert [text[m.start:m.end] for m in found] == ["中國海警", "東沙", "海巡署"]


def test_the_west_the_alliance_of_a_talk_and_a_region_of_mali():
    text = "俄外交部表示，西方正试图策动革命"
    assert choose([Match(7, 10, "ORG", "model")], text) == []  # 西方 + 正 ("is …ing")
    text = "政府将把入盟谈判推迟"
    assert choose([Match(5, 6, "PLACE", "model")], text) == []
    text = "马里军队在莫普提大区的行动"
    assert [text[m.start:m.end] for m in choose([Match(5, 8, "PLACE", "model")], text)] == ["莫普提大区"]
    text = "巴统、库塔伊西和祖格迪迪等城市也出现抗议"
    assert [m.label for m in choose([Match(8, 12, "PERSON", "model")], text)] == ["PLACE"]


def test_a_headline_of_a_person_visiting_a_shrine_is_no_organisation():
    text = "高市早苗不參拜靖國神社 改以私費供奉"
    found = choose([Match(0, 11, "ORG", "model"), Match(0, 4, "PERSON", "gazetteer", priority=10),
                    Match(7, 11, "PLACE", "gazetteer", priority=10)], text)
    assert [text[m.start:m.end] for m in found] == ["高市早苗", "靖國神社"]


def test_a_group_disarmed_is_no_unit_whatever_proposed_it():
    text = "要求军队解除真主党武装"
    found = choose([Match(6, 11, "MILITARY_UNIT", "gazetteer", kb_id="hezbollah-armed-wing", priority=10),
                    Match(6, 9, "ORG", "gazetteer", kb_id="hezbollah", priority=10)], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("真主党", "ORG")]


def test_a_person_does_not_take_the_first_character_of_earlier():
    text = "外交部长官赵显稍早在庆州会谈"
    assert [text[m.start:m.end] for m in choose([Match(5, 8, "PERSON", "model")], text)] == ["赵显"]


def test_a_country_before_the_delegations_of_several_sides_is_the_country():
    text = "俄罗斯、乌克兰和美国三方代表团在阿布扎比会谈"
    found = choose([Match(8, 15, "ORG", "model")], text)
    assert [(text[m.start:m.end], m.label) for m in found] == [("美国", "PLACE")]


@pytest.mark.parametrize("text, cuts, expected", [
    ("攻占乌斯彭尼夫卡村", [(2, 4), (4, 9)], [(2, 9)]),          # one transliterated village, read as two
    ("河北石家庄市", [(0, 2), (2, 6)], [(0, 2), (2, 6)]),          # a province and its city
    ("第五届鲁台经贸洽谈会", [(3, 4), (4, 5)], [(3, 4), (4, 5)]),  # 山东 and 台湾, one character each
])
def test_a_transliterated_place_the_model_split_in_two_is_one_again(text, cuts, expected):
    from newsnlp.components.resolver import split_model_spans

    found = split_model_spans([Match(a, b, "PLACE", "model") for a, b in cuts], text)
    assert sorted((m.start, m.end) for m in found) == expected
    known = [Match(2, 4, "PLACE", "gazetteer"), *(Match(a, b, "PLACE", "model") for a, b in cuts)]
    assert (2, 9) not in [(m.start, m.end) for m in split_model_spans(known, text)]  # 乌斯 a known name


def test_a_model_place_or_organisation_never_ends_at_a_name_dot():
    text = "看了《人民日报》大地周刊·文化生活版"
    found = choose([Match(3, 13, "ORG", "model")], text)
    assert [text[m.start:m.end] for m in found] == ["人民日报", "大地周刊"]
    text = "美国演员丹泽尔·华盛顿"  # a person's dot stays, for the name after it to join
    assert [text[m.start:m.end] for m in choose([Match(4, 8, "PERSON", "model")], text)][0].startswith("丹泽尔")
