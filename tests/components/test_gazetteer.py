from __future__ import annotations

import json
import pickle

import pytest
import spacy
from spacy.tokens import Doc

from newsnlp.components.gazetteer import Gazetteer
from newsnlp.extensions import get_matches


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("zh")


@pytest.fixture(scope="module")
def gazetteer(nlp) -> Gazetteer:
    return Gazetteer(nlp)


def chars(nlp, text: str) -> Doc:
    return Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))


def found(gazetteer, nlp, text: str, words: list[str] | None = None) -> list[tuple[str, str, str]]:
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words)) if words else chars(nlp, text)
    gazetteer(doc)
    return [(doc.text[m.start:m.end], m.label, m.kb_id) for m in get_matches(doc)]


def test_matches_carry_offsets_label_id_and_priority(gazetteer, nlp):
    doc = chars(nlp, "据塔斯社报道，拉夫罗夫抵达明斯克。")
    gazetteer(doc)
    matches = get_matches(doc)
    assert [(m.start, m.end, m.label, m.kb_id) for m in matches] == [
        (1, 4, "ORG", "tass"), (7, 11, "PERSON", "sergei-lavrov"), (13, 16, "PLACE", "minsk"),
    ]
    assert all(m.source == "gazetteer" and m.priority == 10 for m in matches)


def test_name_with_spaced_dot_variant_is_one_match(gazetteer, nlp):
    assert found(gazetteer, nlp, "弗拉基米尔 · 泽连斯基表示") == [("弗拉基米尔 · 泽连斯基", "PERSON", "volodymyr-zelensky")]


def test_traditional_script_is_matched(gazetteer, nlp):
    assert found(gazetteer, nlp, "烏克蘭總統澤倫斯基訪問哈爾科夫州") == [
        ("烏克蘭", "PLACE", "ukraine"), ("澤倫斯基", "PERSON", "volodymyr-zelensky"),
        ("哈爾科夫州", "PLACE", "kharkiv-oblast"),
    ]


def test_longest_alias_wins(gazetteer, nlp):
    assert found(gazetteer, nlp, "扎波罗热核电站") == [("扎波罗热核电站", "PLACE", "zaporizhzhia-npp")]


def test_country_pair_short_forms_are_each_a_place(gazetteer, nlp):
    assert found(gazetteer, nlp, "美韩联合演习") == [("美", "PLACE", "united-states"), ("韩", "PLACE", "south-korea")]


def test_short_form_after_travel_verb_and_side_form(gazetteer, nlp):
    assert found(gazetteer, nlp, "他随后访华，与中方会谈") == [("华", "PLACE", "china"), ("中方", "PLACE", "china")]


def test_short_forms_inside_ordinary_words_are_not_countries(gazetteer, nlp):
    assert found(gazetteer, nlp, "美丽的乌云朝着中间飘，以方便观察，他在美术馆") == []


def test_day_character_after_a_number_is_not_japan(gazetteer, nlp):
    assert found(gazetteer, nlp, "他们12日中午出发") == []


def test_army_alias_does_not_swallow_soldier_word(gazetteer, nlp):
    assert found(gazetteer, nlp, "韩国军人") == [("韩国", "PLACE", "south-korea")]
    assert found(gazetteer, nlp, "緬甸軍政府將舉行大選") == [("緬甸", "PLACE", "myanmar-burma")]  # a junta


def test_two_character_alias_must_start_a_word(gazetteer, nlp):
    assert found(gazetteer, nlp, "增加纳税", words=["增加", "纳税"]) == []
    assert found(gazetteer, nlp, "加纳总统", words=["加纳", "总统"]) == [("加纳", "PLACE", "ghana")]


def test_a_word_the_segmenter_joins_of_two_kb_names_gives_both(gazetteer, nlp):
    words = ["阅兵", "在", "莫斯科红场", "举行"]
    assert found(gazetteer, nlp, "阅兵在莫斯科红场举行", words=words) == [
        ("莫斯科", "PLACE", "moscow"), ("红场", "PLACE", "red-square")]


def test_short_alias_must_end_a_word_unless_a_place_suffix_follows(gazetteer, nlp):
    assert found(gazetteer, nlp, "中央的统一部署", words=["中央", "的", "统一", "部署"]) == []
    assert found(gazetteer, nlp, "韩国统一部称", words=["韩国", "统一部", "称"]) == [
        ("韩国统一部", "ORG", "ministry-of-unification")]
    assert found(gazetteer, nlp, "正以方兴未艾之势", words=["正", "以", "方兴未艾", "之", "势"]) == []
    assert found(gazetteer, nlp, "以方称", words=["以方", "称"]) == [("以方", "PLACE", "israel")]
    assert found(gazetteer, nlp, "在香港特区征税", words=["在", "香港", "特区", "征税"]) == [
        ("香港特区", "PLACE", "hong-kong")]


def test_latin_alias_must_stand_as_a_word(gazetteer, nlp):
    assert found(gazetteer, nlp, "the NATOS and NATO") == [("NATO", "ORG", "nato")]


def test_no_person_name_right_after_a_number(gazetteer, nlp):
    # 费丹 is a unit of area (feddan) here, not Hakan Fidan.
    assert found(gazetteer, nlp, "种植面积为716费丹") == []
    assert found(gazetteer, nlp, "土耳其外长费丹表示")[-1] == ("费丹", "PERSON", "hakan-fidan")


def with_user_entity(nlp, tmp_path, entity: dict) -> Gazetteer:
    """A gazetteer whose KB holds the shipped entities and ``entity`` from a user's JSONL file."""
    extra = tmp_path / "mine.jsonl"
    extra.write_text(json.dumps(entity, ensure_ascii=False) + "\n", encoding="utf-8")
    return Gazetteer(nlp, kb_extra=[str(extra)])


def test_a_user_name_written_without_dots_matches_a_dotted_text(nlp, tmp_path):
    gazetteer = with_user_entity(nlp, tmp_path, {"id": "oleh-petrenko", "label": "PERSON", "name": "奥列格彼得连科"})
    assert found(gazetteer, nlp, "奥列格·彼得连科说")[-1] == ("奥列格·彼得连科", "PERSON", "oleh-petrenko")


def test_user_kb_file_adds_names(nlp, tmp_path):
    gazetteer = with_user_entity(nlp, tmp_path, {"id": "novyi-komar", "label": "PLACE", "name": "新科马尔"})
    assert found(gazetteer, nlp, "俄军逼近新科马尔")[-1] == ("新科马尔", "PLACE", "novyi-komar")


def test_round_trip_through_bytes_disk_and_pickle(nlp, tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("new-town\t新小镇\tPLACE\ttown\n", encoding="utf-8")
    original = Gazetteer(nlp, kb_extra=[str(extra)])
    original.to_disk(tmp_path / "gaz")
    extra.unlink()  # a saved component must not need the user's file any more
    copies = [
        Gazetteer(nlp, kb=original.kb).from_bytes(original.to_bytes()),
        Gazetteer(nlp, kb=original.kb).from_disk(tmp_path / "gaz"),
        pickle.loads(pickle.dumps(original)),
    ]
    for copy in copies:
        assert found(copy, nlp, "新小镇") == [("新小镇", "PLACE", "new-town")]


def test_place_suffix_missing_from_the_kb_extends_the_match(gazetteer, nlp):
    assert found(gazetteer, nlp, "哈科夫地区遭袭") == [("哈科夫地区", "PLACE", "kharkiv-oblast")]
    assert found(gazetteer, nlp, "科连涅沃市") == [("科连涅沃市", "PLACE", "korenevo")]
    assert found(gazetteer, nlp, "在哈科夫地區作戰") == [("哈科夫地區", "PLACE", "kharkiv-oblast")]  # either script


def test_short_form_before_a_role_or_media_word_is_the_country(gazetteer, nlp):
    assert found(gazetteer, nlp, "美媒称，俄外长表示") == [("美", "PLACE", "united-states"), ("俄", "PLACE", "russia")]


def test_city_suffix_is_not_taken_from_mayor(gazetteer, nlp):
    assert found(gazetteer, nlp, "敖德萨市长表示") == [("敖德萨", "PLACE", "odesa")]


def test_city_centre_does_not_extend_a_city_name(gazetteer, nlp):
    assert found(gazetteer, nlp, "科连涅沃市中心遭袭") == [("科连涅沃", "PLACE", "korenevo")]


def test_governor_word_does_not_extend_a_region_name(gazetteer, nlp):
    assert found(gazetteer, nlp, "布良斯克州州长表示") == [("布良斯克州", "PLACE", "bryansk-oblast")]


def test_traditional_country_pair_is_found_despite_word_boundaries(gazetteer, nlp):
    text = "韓美情報部門正在分析"
    words = ["韓美情", "報部門", "正在", "分析"]  # what a simplified-script dictionary makes of it
    assert found(gazetteer, nlp, text, words=words) == [("韓", "PLACE", "south-korea"), ("美", "PLACE", "united-states")]


def test_words_made_of_short_forms_are_not_country_pairs(gazetteer, nlp):
    assert found(gazetteer, nlp, "传统美德，认真加以解决，中华民族，华泰保险") == []


def test_short_forms_inside_names_and_after_interview_are_not_countries(gazetteer, nlp):
    assert found(gazetteer, nlp, "萨乌德·侯赛因奖，记者在采访中注意到，向西方学习") == []


def test_rarer_short_form_pairs_need_a_relation_word(gazetteer, nlp):
    assert found(gazetteer, nlp, "巴以冲突与美以关系") == [("美", "PLACE", "united-states"), ("以", "PLACE", "israel")]


def test_components_reading_the_same_kb_files_share_one_kb_until_a_file_changes(nlp, tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("new-town\t新小镇\tPLACE\ttown\n", encoding="utf-8")
    first, second = Gazetteer(nlp, kb_extra=[str(extra)]), Gazetteer(nlp, kb_extra=[str(extra)])
    assert first.kb is second.kb
    assert Gazetteer(nlp).kb is not first.kb  # other files, another KB
    extra.write_text("new-town\t新小镇\tPLACE\ttown\nold-town\t旧小镇镇\tPLACE\ttown\n", encoding="utf-8")
    changed = Gazetteer(nlp, kb_extra=[str(extra)])
    assert changed.kb is not first.kb
    assert found(changed, nlp, "旧小镇镇") == [("旧小镇镇", "PLACE", "old-town")]


def test_an_alias_does_not_run_across_a_name_dot_it_lacks(gazetteer, nlp):
    # 马斯克 (Musk) runs across the dot of 托马斯·克莱斯蒂尔, another person's name.
    assert [m for m in found(gazetteer, nlp, "奥地利总统托马斯·克莱斯蒂尔") if m[1] == "PERSON"] == []
    assert found(gazetteer, nlp, "埃隆·马斯克说")[-1] == ("埃隆·马斯克", "PERSON", "elon-musk")
    assert found(gazetteer, nlp, "埃隆 · 马斯克说")[-1] == ("埃隆 · 马斯克", "PERSON", "elon-musk")


def test_a_ministry_before_a_ministers_title_also_offers_its_country(gazetteer, nlp):
    # The segmenter may hold the whole ministry as one word; the country is offered all the same.
    assert found(gazetteer, nlp, "韩国国防部长官", ["韩国国防部", "长官"]) == [
        ("韩国国防部", "ORG", "ministry-of-national-defense-of-south-korea"), ("韩国", "PLACE", "south-korea")]
    # Not where no title follows, and not for a place that is no state.
    assert ("韩国", "PLACE", "south-korea") not in found(gazetteer, nlp, "韩国国防部发言人")
    assert [label for _, label, _ in found(gazetteer, nlp, "韩国国防部长期以来")] == ["ORG", "PLACE"]


def test_a_body_whose_heads_title_holds_its_name_offers_its_country(gazetteer, nlp):
    # 内阁官房长官, 国家情报院长: the title holds the body's name, as 国防部长 holds the ministry's.
    assert ("日本", "PLACE", "japan") in found(gazetteer, nlp, "日本内阁官房长官林芳正")
    assert ("韩国", "PLACE", "south-korea") in found(gazetteer, nlp, "韩国国家情报院长")
    # A role noun after the body is no such title: [美国中央情报局]局长, one ORG.
    assert ("美国", "PLACE", "united-states") not in found(gazetteer, nlp, "美国中央情报局局长")
    assert ("日本", "PLACE", "japan") not in found(gazetteer, nlp, "日本内阁官房表示")


def test_a_ministrys_name_before_men_is_a_sector_not_the_ministry(gazetteer, nlp):
    assert found(gazetteer, nlp, "俄罗斯能源部门") == [("俄罗斯", "PLACE", "russia")]
    assert found(gazetteer, nlp, "俄罗斯能源部表示")[0] == ("俄罗斯能源部", "ORG", "ministry-of-energy-of-russia")
    # 门前 too is mostly 部门 + 前景, 前不久, 前任 …
    for text in ("俄罗斯能源部门前景黯淡", "俄罗斯能源部门前负责人"):
        assert found(gazetteer, nlp, text) == [("俄罗斯", "PLACE", "russia")], text


def test_a_countrys_short_form_before_a_ministers_title_is_offered(gazetteer, nlp):
    assert found(gazetteer, nlp, "俄财政部长") == [
        ("俄财政部", "ORG", "ministry-of-finance-of-russia"), ("俄", "PLACE", "russia")]
    # The name that leaves a known body's name: 以色列 + 国防部, not 以色列国 (the State of Israel) + 防部.
    assert found(gazetteer, nlp, "以色列国防部长")[1] == ("以色列", "PLACE", "israel")


def test_a_ships_hao_is_no_part_of_haozhao(gazetteer, nlp):
    assert [m[2] for m in found(gazetteer, nlp, "林肯号航母，林肯號召盟友")] == ["uss-abraham-lincoln"]


def test_a_short_form_before_a_kb_name_beginning_with_another_is_a_pair(gazetteer, nlp):
    # 中俄外交部长: 俄外交部 is a KB name, and 中 pairs with its 俄.
    assert found(gazetteer, nlp, "中俄外交部长会晤")[0] == ("中", "PLACE", "china")


def test_zhong_before_a_ministers_title_is_china_though_zhongguo_is_a_word(gazetteer, nlp):
    # The segmenter reads 中 + 国防部长; the word 中国 does not stop the short form there.
    assert ("中", "PLACE", "china") in found(gazetteer, nlp, "中国防部长", ["中", "国防部长"])
    assert [m[0] for m in found(gazetteer, nlp, "美中国防部长", ["美", "中", "国防部长"])
            if m[1] == "PLACE"][:2] == ["美", "中"]
    # Not after a word (会谈中 is "during the talks"), nor before a department (国防部门).
    assert ("中", "PLACE", "china") not in found(gazetteer, nlp, "会谈中国防部长", ["会谈", "中", "国防部长"])
    assert found(gazetteer, nlp, "中国防部门", ["中", "国防", "部门"]) == []


def test_a_forces_name_is_not_taken_where_its_jun_begins_a_word(gazetteer, nlp):
    # 军售, 军购, 军援, 军舰, 军机: arms sales, purchases, aid, warships, military aircraft. In
    # traditional script too, where the word edges are not known.
    for text in ("美國對台軍售", "對烏軍援法案", "美國軍艦停靠", "美國軍機飛越"):
        assert all(label != "MILITARY_UNIT" for _, label, _ in found(gazetteer, nlp, text)), text
    assert ("共軍", "MILITARY_UNIT", "peoples-liberation-army") in found(gazetteer, nlp, "共軍今天舉行演習")
    # The character after may make the X军 a force again (以军 + 备战, 美军 + 情报, 俄军 + 援助).
    for text, name in (("以军备战黎巴嫩", "以军"), ("美军情报部门", "美军"), ("俄军援助叙利亚", "俄军")):
        assert any(m[0] == name and m[1] == "MILITARY_UNIT" for m in found(gazetteer, nlp, text)), text
    # 共 is no country: 共軍艦艇 is the PLA's ships.
    assert ("共軍", "MILITARY_UNIT", "peoples-liberation-army") in found(gazetteer, nlp, "共軍艦艇今天活動")


def test_a_newspapers_name_before_dao_is_the_word_baodao(gazetteer, nlp):
    assert found(gazetteer, nlp, "据消息报道称") == []
    assert ("消息报", "ORG", "izvestia") in found(gazetteer, nlp, "《消息报》报道")


@pytest.mark.parametrize("text", ["乌克兰国防部长沙梅尔表示", "立陶宛國防部長沙卡利耶內表示", "警察局长春节期间值班"])
def test_a_place_beginning_with_chang_does_not_begin_inside_a_title(gazetteer, nlp, text):
    assert not any(name in ("长沙", "長沙", "长春") for name, _, _ in found(gazetteer, nlp, text))


def test_a_province_before_its_capital_is_no_title(gazetteer, nlp):
    assert ("长沙市", "PLACE", "changsha") in found(gazetteer, nlp, "湖南省长沙市")


def test_a_japanese_kb_persons_surname_alone_is_proposed_after_the_full_name(gazetteer, nlp):
    words = ["首相", "高市早苗", "表示", "，", "高市", "说", "，", "石破茂", "和", "石破", "都", "到", "了", "高市场"]
    assert [m for m in found(gazetteer, nlp, "", words) if m[1] == "PERSON"] == [
        ("高市早苗", "PERSON", "sanae-takaichi"), ("高市", "PERSON", "sanae-takaichi"),
        ("石破茂", "PERSON", "shigeru-ishiba"), ("石破", "PERSON", "shigeru-ishiba")]
    # Not without the full name, not inside another word (高市场), not the first two characters
    # of a name that begins with a one-character surname (林芳 of 林芳正).
    assert found(gazetteer, nlp, "", ["高市", "说", "石破天惊"]) == []
    assert found(gazetteer, nlp, "", ["林芳正", "说", "林芳", "不", "同意"]) == [("林芳正", "PERSON", "yoshimasa-hayashi")]


def test_a_short_form_defined_in_brackets_names_the_entity_wherever_the_document_writes_it(gazetteer, nlp):
    text = "韩国联合参谋本部（联参）表示。联参称"
    assert [m for m in found(gazetteer, nlp, text) if m[0] == "联参"] == [("联参", "MILITARY_UNIT", "rok-jcs")] * 2
    # Only as a word of its own: not 国情 of 国情咨文.
    text = "韩国国家情报院（国情）表示。总统发表国情咨文"
    words = ["韩国国家情报院", "（", "国情", "）", "表示", "。", "总统", "发表", "国情咨文"]
    assert [m for m in found(gazetteer, nlp, text, words) if m[0] == "国情"] == [("国情", "ORG", "nis")]
    # A Latin acronym in brackets too, written again as a word of its own (not inside RSFs).
    text = "快速支援部队（RSF）控制法希尔。RSF称，RSFs不是"
    assert [m for m in found(gazetteer, nlp, text) if m[0] == "RSF"] == [("RSF", "MILITARY_UNIT", "rapid-support-forces")] * 2
    # A piece of the name written whole is another entity (联合国安理会（联合国）: its parent).
    assert ("联合国", "ORG", "united-nations") in found(gazetteer, nlp, "联合国安理会（联合国）表示")


def test_a_citys_port_is_the_city(gazetteer, nlp):
    assert found(gazetteer, nlp, "以军空袭了荷台达港") == [("以军", "MILITARY_UNIT", "israel-defense-forces"),
                                                  ("荷台达港", "PLACE", "hodeidah")]
    assert ("纽卡斯尔", "PLACE", "newcastle") in found(gazetteer, nlp, "纽卡斯尔港口繁忙")  # 港口 is no suffix


@pytest.mark.parametrize("text, side", [
    ("巴基斯坦外交部表示，巴方将作出回应", ("巴方", "PLACE", "pakistan")),      # the country named last
    ("巴西总统卢拉说，巴方支持谈判", ("巴方", "PLACE", "brazil")),
    ("土耳其外长费丹表示，土方欢迎叙利亚实现统一", ("土方", "PLACE", "turkey")),
])
def test_the_side_of_a_shared_short_form_is_the_country_the_document_names(gazetteer, nlp, text, side):
    assert side in found(gazetteer, nlp, text)


@pytest.mark.parametrize("text", ["巴方将作出回应", "土耳其公司完成了土方工程"])
def test_no_side_where_no_country_of_the_short_form_is_named_or_it_is_earthwork(gazetteer, nlp, text):
    assert not [m for m in found(gazetteer, nlp, text) if m[0].endswith("方")]


def test_lebanons_short_form_beside_israels(gazetteer, nlp):
    assert ("黎", "PLACE", "lebanon") in found(gazetteer, nlp, "以黎停火协议生效")
    # After a date's 天 or 年 the pair is a run of its own (昨天以黎边境, 去年美俄关系).
    assert {("以", "PLACE", "israel"), ("黎", "PLACE", "lebanon")} <= set(found(gazetteer, nlp, "昨天以黎边境再次交火"))
    assert not [m for m in found(gazetteer, nlp, "黎明时分，黎族群众出席") if m[2] == "lebanon"]


@pytest.mark.parametrize("text, span, kb_id", [
    ("俄军在恰索夫亚尔地区推进", "恰索夫亚尔地区", "chasiv-yar"),   # a town's area: the town, its suffix inside
    ("乌军撤出苏贾地区", "苏贾地区", "sudzha"),
    ("库斯克地区爆发激战", "库斯克地区", "kursk-oblast"),             # a region's stem: the region
])
def test_a_place_and_diqu(gazetteer, nlp, text, span, kb_id):
    assert (span, "PLACE", kb_id) in found(gazetteer, nlp, text)
