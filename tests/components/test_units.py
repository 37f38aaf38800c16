import json
import pickle
from pathlib import Path

import pytest
import spacy

from newsnlp.components.rules import Rules, find_all
from newsnlp.components.units import find_units
from newsnlp.extensions import get_matches


def spans(text):
    return [(text[m.start:m.end], m.attrs) for m in find_units(text)]


def only(text):
    found = spans(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, country", [
    ("俄军", "russia"), ("乌军", "ukraine"), ("朝军", "north-korea"), ("美军", "united-states"), ("叙政府军", "syria"),
    ("解放军", "china"), ("朝鲜人民军", "north-korea"), ("乌克兰武装部队", "ukraine"),
    ("朝鲜军队", "north-korea"), ("乌克兰军方", "ukraine"), ("俄罗斯武装力量", "russia"),
])
def test_national_forces_are_units_with_their_country(text, country):
    assert only(f"据报道，{text}已经撤离。") == (text, {"country": country})


@pytest.mark.parametrize("text, branch", [
    ("俄罗斯空天军", "aerospace-forces"), ("乌克兰特种部队", "special-forces"),
    ("烏克蘭無人機部隊", "unmanned-systems"), ("烏克蘭海軍陸戰隊", "marine"), ("美国陆军", "army"),
    ("俄空军", "air-force"), ("美海军", "navy"), ("韩陆军", "army"), ("俄海军陆战队", "marine"),  # short forms
])
def test_named_services_keep_their_branch(text, branch):
    span, attrs = only(f"{text}发表声明")
    assert span == text and attrs["branch"] == branch


@pytest.mark.parametrize("text, country", [
    ("马里军队", "mali"), ("塞尔维亚军队", "serbia"), ("摩尔多瓦軍隊", "moldova"), ("尼日尔军方", "niger"),
    ("刚果（金）武装部队", "dr-congo"),  # a name with its capital in brackets
])
def test_every_countrys_forces_are_units_not_only_the_rule_tables(text, country):
    # The country words come from the KB's CLDR names as well as countries.tsv.
    assert only(f"据报道，{text}已经撤离。") == (text, {"country": country})


@pytest.mark.parametrize("text, expected", [
    ("印度和巴基斯坦冲突升级。巴空军称击落5架战机", ("巴空军", {"country": "pakistan", "branch": "air-force"})),
    ("巴西总统卢拉表示，巴军将参与维和行动", ("巴军", {"country": "brazil"})),
    ("巴军将参与维和行动。巴西总统卢拉表示", ("巴军", {"country": "brazil"})),   # the only one named, after it
    ("以色列空袭伊朗。伊空军进行拦截", ("伊空军", {"country": "iran", "branch": "air-force"})),
    ("加拿大宣布增加军费，加海军将采购潜艇", ("加海军", {"country": "canada", "branch": "navy"})),
    ("伊朗和伊拉克边境，伊军加强戒备", ("伊军", {"country": "iraq"})),         # the last one named before it
    ("委内瑞拉总统马杜罗说，委军方将提高警惕", ("委军方", {"country": "venezuela"})),
])
def test_a_short_form_several_countries_share_is_the_force_of_the_one_the_text_names(text, expected):
    assert only(text) == expected


def test_a_shared_short_form_is_of_the_country_whose_force_was_named_before():
    assert spans("伊朗革命卫队向伊拉克发射导弹。伊军方称")[-1] == ("伊军方", {"country": "iran"})


@pytest.mark.parametrize("text", [
    "巴军将参与维和行动",                              # no country named
    "加拿大宣布增加军费。他参加军演",                  # 加 inside a word
    "委内瑞拉举行大选。中央军委召开会议",              # 委 inside a word
])
def test_a_shared_short_form_needs_a_country_named_and_a_word_of_its_own(text):
    assert spans(text) == []


@pytest.mark.parametrize("text, country", [
    ("立陶宛陆军第47旅", "lithuania"),         # a service of a country outside the rule table
    ("德国联邦国防军第45装甲旅", "germany"),    # a force the KB names
    ("中国人民解放军南海舰队", "china"),        # a named unit after its force
    ("印度陆军北方司令部", "india"),            # a command named by its region
    ("菲律賓武裝部隊西部司令部", "philippines"),
    ("韩国陆军无人机作战司令部", "south-korea"),  # … or by its task
    ("美国空军全球打击司令部", "united-states"),
    ("波兰武装部队作战司令部", "poland"),
    ("日本航空自卫队西南航空方面队", "japan"),     # Japan's regional air defence force
])
def test_a_unit_written_after_its_force_is_one_span_of_that_country(text, country):
    span, attrs = only(f"{text}举行演习")
    assert span == text and attrs["country"] == country


@pytest.mark.parametrize("text", ["美国海军学院", "英国皇家海军学院", "美国陆军战争学院", "俄罗斯空军医院"])
def test_a_forces_school_or_hospital_is_no_unit(text):
    assert spans(f"他在{text}工作") == []


def test_a_force_that_strikes_a_school_or_sails_a_hospital_ship_is_a_unit():
    assert [s for s, _ in spans("俄军炮击学院大楼")] == ["俄军"]
    assert [s for s, _ in spans("美国海军医院船“安慰”号抵达")] == ["美国海军", "“安慰”号"]


@pytest.mark.parametrize("text, first", [("美军胡塞武装交火", "美军"), ("以军卡桑旅", "以军")])
def test_another_countrys_force_before_a_named_unit_is_another_unit(text, first):
    assert spans(text)[0][0] == first and len(spans(text)) == 2


def test_a_services_department_is_no_unit_but_its_troops_are():
    assert spans("美国陆军部长德里斯科尔和海军部发言人") == []
    assert [span for span, _ in spans("美国陆军部队和美国海军部署")] == ["美国陆军", "美国海军"]


def test_a_formation_named_in_quotes_is_a_unit():
    assert spans("“艾哈迈德”特种部队已抵达") == [("“艾哈迈德”特种部队", {"branch": "special-forces"})]
    assert spans("乌克兰“亚速”营") == [("乌克兰“亚速”营", {"echelon": "battalion", "country": "ukraine"})]
    assert spans("立陶宛“铁狼”机械化步兵旅参演") == [("立陶宛“铁狼”机械化步兵旅", {"echelon": "brigade", "country": "lithuania"})]
    # The echelon begins another word: a team, marketing, a gang, tourism, a Youth League branch.
    for text in ("他在“红星”团队工作", "采用“饥饿”营销策略", "打掉一个“套路贷”团伙", "发展“红色”旅游", "“学雷锋”团支部"):
        assert spans(text) == [], text
    # The whole name in quotes right after a word for troops; elsewhere quotes hold figures of speech.
    assert spans("真主党精锐部队“雷霆部队”") == [("雷霆部队", {})]
    assert spans("该部队“老兵宣讲团”走进校园") == []  # a troupe, no regiment
    assert [s for s, _ in spans("驻港部队“文工团”举行慰问演出")] == ["驻港部队"]  # the garrison, not its troupe
    assert spans("精英部隊「行政和技術人員及服務軍團」（CAPSAT）") == [("行政和技術人員及服務軍團", {"echelon": "corps"})]
    for text in ("开启“和平之旅”", "组建“网络部队”", "“反华大本营”"):
        assert spans(text) == [], text
    # A quoted phrase after a numbered formation is no part of its name (scare quotes, speech, a ship).
    assert spans("乌军第47旅“损失惨重”")[0][0] == "乌军第47旅"
    assert [s for s, _ in spans("美国海军第7舰队“里根”号航母抵达")] == ["美国海军第7舰队", "“里根”号航母"]
    # A unit named in quotes after the formation it belongs to is one span (SCHEMA: nested units).
    assert spans("第3独立突击旅“亚速”营")[0][0] == "第3独立突击旅“亚速”营"


def test_traditional_script_forces():
    assert spans("北韓軍與烏軍") == [("北韓軍", {"country": "north-korea"}), ("烏軍", {"country": "ukraine"})]


@pytest.mark.parametrize("text, number, echelon, branch", [
    ("第 528 工兵团", 528, "regiment", "engineer"),
    ("第528团", 528, "regiment", None),
    ("第58集团军", 58, "army", None),
    ("第155海军陆战旅", 155, "brigade", "marine"),
    ("第155海軍陸戰旅", 155, "brigade", "marine"),
    ("第106近卫空降师", 106, "division", "airborne"),
    ("第二十集团军", 20, "army", None),
    ("第3独立突击旅", 3, "brigade", "assault"),
    ("第47机械化旅", 47, "brigade", "mechanized"),
    ("第36海军陆战队旅", 36, "brigade", "marine"),
    ("第68军", 68, "corps", None),
    ("第707特殊任务团", 707, "regiment", "special-missions"),
    ("第3作战旅", 3, "brigade", "operational"),
    ("第80空中机动旅", 80, "brigade", "air-mobile"),
    ("第2远程导弹团", 2, "regiment", "missile"),
    ("第8舰载机联队", 8, "wing", "carrier-aviation"),
    ("第22海军陆战队远征队", 22, "expeditionary-unit", "marine"),
    ("第68独立猎兵旅", 68, "brigade", "jaeger"),
    ("第155“基辅的安娜”独立机械化旅", 155, "brigade", "mechanized"),   # a name in quotes after the number
    ("第1“亚速”军", 1, "corps", None),
    ("第10山地猎兵旅", 10, "brigade", "mountain-jaeger"),
    ("第3多域特遣队", 3, "task-force", "multi-domain"),
])
def test_numbered_formations_at_every_echelon(text, number, echelon, branch):
    span, attrs = only(f"隶属{text}的士兵")
    assert span == text
    assert attrs["number"] == number and attrs["echelon"] == echelon
    assert attrs.get("branch") == branch


def test_unit_of_unstated_size_has_no_echelon():
    assert only("接见第528工兵部队官兵") == ("第528工兵部队", {"branch": "engineer", "number": 528})


def test_chain_names_its_smallest_unit():
    assert only("第76师第104团")[1] == {"echelon": "regiment", "number": 104}


def test_named_formations_before_a_number_join_the_span():
    assert only("以军加沙师南方旅第630营")[0] == "以军加沙师南方旅第630营"


@pytest.mark.parametrize("text, expected", [
    # A KB formation known by a name (four characters and more) is read whole before a number,
    # with its force and its army's country.
    ("以军戈兰尼旅第13营的士兵", ("以军戈兰尼旅第13营", {"echelon": "battalion", "number": 13, "country": "israel"})),
    ("戈兰尼旅第13营进入拉法", ("戈兰尼旅第13营", {"echelon": "battalion", "number": 13, "country": "israel"})),
    ("真主党拉德万部队撤退", ("真主党拉德万部队", {"branch": "special-forces", "country": "lebanon"})),
])
def test_kb_formations_known_by_a_name_are_units_of_their_army(text, expected):
    assert only(text) == expected


@pytest.mark.parametrize("text", ["亚速营", "亚速团", "亚速军团", "瓦格纳集团", "卡迪罗夫部队",
                                  "阿赫马特营", "胡塞武装", "黑海舰队"])
def test_named_units(text):
    assert only(f"{text}宣布")[0] == text


def test_coordinated_numbers_are_one_span_with_members():
    # SCHEMA: one span for the numbers written with one echelon; a unit written whole is its own.
    (span, attrs), (other, _) = spans("俄军第5、29、35集团军与第68军参战")
    assert (span, other) == ("俄军第5、29、35集团军", "第68军")
    assert attrs["members"] == ["第5集团军", "第29集团军", "第35集团军"]
    assert attrs["country"] == "russia"
    (first, _), (second, attrs) = spans("俄军第98近卫空降师及第11、第200独立摩托化步兵旅")
    assert (first, second) == ("俄军第98近卫空降师", "第11、第200独立摩托化步兵旅")
    assert attrs["members"] == ["第11独立摩托化步兵旅", "第200独立摩托化步兵旅"] and attrs["country"] == "russia"


def test_coordinated_list_shares_branch_and_echelon():
    span, attrs = only("第30、35、55和74摩托步兵旅")
    assert len(attrs["members"]) == 4 and attrs["members"][-1] == "第74摩托步兵旅"
    assert attrs["branch"] == "motor-rifle" and attrs["echelon"] == "brigade"


def test_units_written_whole_stay_separate():
    assert [s for s, _ in spans("第5集团军和第68军")] == ["第5集团军", "第68军"]


@pytest.mark.parametrize("text, country", [
    ("俄军第58集团军", "russia"), ("乌克兰第47旅", "ukraine"),
    ("美国陆军第82空降师", "united-states"), ("朝鲜人民军第 528 工兵团", "north-korea"),
])
def test_owner_country_is_inside_the_span(text, country):
    span, attrs = only(f"来自{text}的消息")
    assert span == text and attrs["country"] == country


@pytest.mark.parametrize("text", ["该团返回", "工兵团官兵", "部队官兵", "军人亲属", "朝鲜部队", "朝鲜士兵",
                                  "韩国情报部门", "朝鲜军人", "俄军事专家", "欧美军队", "所以军队",
                                  "12日军方称", "第三军医大学", "我军工兵团", "第一排座位"])
def test_generic_nouns_are_not_units(text):
    assert spans(text) == []


@pytest.mark.parametrize("text, unit", [("第82空降师总部", "第82空降师"), ("朝鲜人民军部队", "朝鲜人民军"),
                                        ("第528团军工兵", "第528团"), ("美军人员", "美军")])
def test_generic_noun_after_a_unit_stays_outside(text, unit):
    assert only(text)[0] == unit


def test_offsets_point_into_the_original_text():
    text = "（報道）烏克蘭第47機械化旅與俄軍交火"
    for m in find_units(text):
        assert text[m.start:m.end] in {"烏克蘭第47機械化旅", "俄軍"}


def test_rules_component_adds_candidates_and_leaves_ents():
    nlp = spacy.blank("zh")
    nlp.add_pipe("newsnlp_rules")
    doc = nlp("俄军第58集团军约5000名士兵于2024年8月进入")
    assert doc.ents == ()
    found = {(m.label, doc.text[m.start:m.end], m.priority) for m in get_matches(doc)}
    assert found == {("MILITARY_UNIT", "俄军第58集团军", 30), ("NUMBER", "约5000名", 20),
                     ("DATE", "2024年8月", 20)}


def test_rules_component_round_trips_and_pickles(tmp_path):
    rules = Rules(numbers=False)
    again = pickle.loads(pickle.dumps(rules))
    assert again.numbers is False
    assert Rules().from_bytes(rules.to_bytes()).numbers is False
    rules.to_disk(tmp_path / "rules")
    assert Rules().from_disk(tmp_path / "rules").numbers is False
    nlp = spacy.blank("zh")
    nlp.add_pipe("newsnlp_rules", config={"dates": False})
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.get_pipe("newsnlp_rules").dates is False


def test_the_users_kb_forces_formations_and_countries_count_as_the_shipped_ones(tmp_path):
    extra = tmp_path / "mine.jsonl"
    extra.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in [
        {"id": "thunder-brigade", "label": "MILITARY_UNIT", "type": "formation", "name": "雷霆突击旅",
         "country": "ukraine", "attrs": {"echelon": "brigade"}},
        {"id": "freedonia", "label": "PLACE", "type": "country", "name": "自由多尼亚"},
        {"id": "ukraine", "aliases": ["乌克兰国"]},  # a new alias of a shipped country
        {"id": "kursk-oblast", "aliases": ["库尔斯克省"]},  # a place: nothing the unit rules read
    ]), encoding="utf-8")
    text = "雷霆突击旅第2营和自由多尼亚军队"
    assert [text[m.start:m.end] for m in find_units(text)] == ["突击旅第2营"]
    rules = Rules(kb_extra=[str(extra)])
    assert {r["id"] for r in rules.kb_entities} == {"thunder-brigade", "freedonia", "ukraine"}
    found = [(text[m.start:m.end], m.attrs.get("country")) for m in find_units(text, rules.kb_entities)]
    assert found == [("雷霆突击旅第2营", "ukraine"), ("自由多尼亚军队", "freedonia")]
    # A saved pipeline keeps the records: the file is not needed to load it again.
    nlp = spacy.blank("zh")
    nlp.add_pipe("newsnlp_rules", config={"kb_extra": [str(extra)]})
    nlp.to_disk(tmp_path / "pipe")
    extra.unlink()
    loaded = spacy.load(tmp_path / "pipe")
    doc = loaded(text)
    assert [doc.text[m.start:m.end] for m in get_matches(doc)] == ["雷霆突击旅第2营", "自由多尼亚军队"]
    assert pickle.loads(pickle.dumps(loaded.get_pipe("newsnlp_rules"))).kb_entities == rules.kb_entities


def test_numbers_inside_units_and_dates_are_not_candidates():
    labels = [m.label for m in find_all("第5、29、35集团军于2024年8月12日出发")]
    assert labels == ["MILITARY_UNIT", "DATE"]


# The shared folder sits beside the repository checkout.
SEED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "seed" / "kursk-engineers.gold.jsonl"


@pytest.mark.skipif(not SEED.is_file(), reason="the shared seed article is not on this machine")
def test_rule_labels_match_the_seed_gold_in_the_article_body():
    record = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    start, end = record["body"]
    labels = {"MILITARY_UNIT", "NUMBER", "DATE"}
    gold = {(e["start"], e["end"], e["label"]): e.get("attrs", {}) for e in record["entities"]
            if e["label"] in labels and start <= e["start"] and e["end"] <= end}
    optional = {(e["start"], e["end"], e["label"]) for e in record["entities"] if e.get("optional")}
    found = {(m.start, m.end, m.label): m.attrs for m in find_all(record["text"][:end]) if m.start >= start}
    required = set(gold) - optional
    assert required <= set(found)
    assert set(found) - optional <= required
    assert all(found[key].get("value") == gold[key].get("value") for key in required)


def test_full_country_name_before_a_named_formation_joins_its_span():
    assert only("也门胡塞武装宣称") == ("也门胡塞武装", {"country": "yemen"})
    span, attrs = only("俄罗斯黑海舰队司令")
    assert span == "俄罗斯黑海舰队" and attrs["country"] == "russia"
    assert only("在冲突中胡塞武装称")[0] == "胡塞武装"  # 中 here is no country


def test_a_warship_named_in_quotes_and_its_group_are_units():
    assert spans("“林肯”号航母打击群抵达中东") == [("“林肯”号航母打击群", {"echelon": "naval-group"})]
    assert spans("“莫斯科”号导弹巡洋舰沉没") == [("“莫斯科”号导弹巡洋舰", {"echelon": "ship"})]
    assert spans("美國「雷根」號航艦") == [("「雷根」號航艦", {"echelon": "ship"})]
    assert spans("他说“好”号召大家") == []  # no ship type after 号
    assert spans("第7舰队旗舰“蓝岭”号抵达") == [("第7舰队", {"echelon": "fleet", "number": 7}),
                                        ("“蓝岭”号", {"echelon": "ship"})]  # the type before the name
    assert spans("航母「雷根」號離開") == [("「雷根」號", {"echelon": "ship"})]
    # 舰 after the quotes, as mainland papers write it (not the province 山东).
    assert spans("“山东”舰航母编队在西太平洋训练") == [("“山东”舰航母编队", {"echelon": "naval-group"})]
    assert spans("「山東艦」航艦編隊通過台灣海峽") == [("「山東艦」航艦編隊", {"echelon": "naval-group"})]  # 艦 inside the quotes
    assert spans("「無人艦」編隊將參與演習") == []  # a kind of ship in quotes names none
    assert spans("“福建”舰航母正式入列") == [("“福建”舰航母", {"echelon": "ship"})]
    # The group named after the ship alone, and the country written before a group.
    for text in ("“福特”号打击群进入加勒比海", "「福特號」打擊群進入加勒比海", "「福特號」航艦打擊群進入加勒比海"):
        assert spans(text)[0][1] == {"echelon": "naval-group"}, text
    assert spans("美国“杜鲁门”号航母打击群空袭胡塞武装")[0] == (
        "美国“杜鲁门”号航母打击群", {"echelon": "naval-group", "country": "united-states"})
    assert spans("两艘“濒海作战”舰艇下水") == []  # a class of ships
    assert spans("“马德雷山”号坦克登陆舰坐滩") == [("“马德雷山”号坦克登陆舰", {"echelon": "ship"})]
    assert spans("“和平方舟”号医院船抵达") == [("“和平方舟”号医院船", {"echelon": "ship"})]
    # A KB warship in quotes with 号 alone; a merchant ship after its type is none.
    assert spans("“杜鲁门”号和“卡尔·文森”号两个航母打击群") == [("“杜鲁门”号", {"echelon": "ship"}),
                                                      ("“卡尔·文森”号", {"echelon": "ship"})]
    assert spans("击沉了散货船“永恒C”号") == []


def test_a_grouping_of_forces_named_in_quotes_is_a_unit_with_its_force():
    assert spans("俄军“北方”集团军群解放了该村") == [
        ("俄军“北方”集团军群", {"echelon": "group-of-forces", "country": "russia"})]
    assert spans("「霍爾季察」作戰戰略集群發言人") == [("「霍爾季察」作戰戰略集群", {"echelon": "group-of-forces"})]
    assert spans("他说“北方”很冷") == []


def test_japanese_echelons_close_a_numbered_formation_whole():
    assert spans("侵入台儿庄的第10师团依然攻势频繁") == [("第10师团", {"echelon": "division", "number": 10})]
    assert spans("第12旅团") == [("第12旅团", {"echelon": "brigade", "number": 12})]


@pytest.mark.parametrize("text", ["俄罗斯军人在库尔斯克州阵亡", "以色列军事行动", "俄罗斯军工企业"])
def test_a_kb_forces_name_of_country_and_jun_keeps_the_blockers(text):
    assert spans(text) == []  # 俄罗斯军 is a KB alias, but 俄罗斯军人 is soldiers, not the army


@pytest.mark.parametrize("text, span", [("美军官兵在冲绳", "美军"), ("美军方面表示", "美军")])
def test_officers_and_sides_of_a_force_are_outside_it(text, span):
    assert [s for s, _ in spans(text)] == [span]


def test_named_units_keep_the_country_their_table_gives_and_a_written_country_wins():
    assert only("中国人民解放军南部战区发言人")[0] == "中国人民解放军南部战区"
    assert only("黑海舰队遭袭")[1]["country"] == "russia"
    assert only("美国太平洋舰队司令")[1]["country"] == "united-states"
    assert "country" not in only("外国志愿军")[1]  # only 中国人民志愿军 is China's


@pytest.mark.parametrize("text, attrs", [
    ("俄军58集团军", {"echelon": "army", "number": 58, "country": "russia"}),          # no 第 after a force
    ("乌军47旅", {"echelon": "brigade", "number": 47, "country": "ukraine"}),
    ("俄军近卫第20集团军", {"echelon": "army", "number": 20, "country": "russia"}),    # 近卫 before 第
    ("俄军第58诸兵种合成集团军", {"echelon": "army", "branch": "combined-arms", "number": 58, "country": "russia"}),
    ("东部战区陆军第71集团军", {"echelon": "army", "number": 71, "country": "china"}),  # a theatre's service first
    ("陸軍裝甲第584旅", {"echelon": "brigade", "branch": "armored", "number": 584}),  # Taiwan's branch before 第
    ("陆军机械化步兵第269旅", {"echelon": "brigade", "branch": "mechanized", "number": 269}),
    ("美国太空军第821空军基地大队", {"echelon": "group", "branch": "air-base", "number": 821, "country": "united-states"}),
])
def test_more_ways_a_formation_is_written_after_its_force(text, attrs):
    assert only(f"{text}参加演习") == (text, attrs)


def test_a_unit_coordinated_after_one_of_a_country_is_of_that_country():
    assert [(s, a.get("country")) for s, a in spans("以军第36师和第98师在汗尤尼斯")] == [
        ("以军第36师", "israel"), ("第98师", "israel")]


@pytest.mark.parametrize("text, expected", [
    ("卫冕冠军3连胜", []),                                               # 冠军 is no force
    ("俄军东部军区司令", [("俄军东部军区", "russia")]),                  # a named unit of the force's country
    ("乌军亚速营", [("乌军亚速营", "ukraine")]),
    ("俄军第155旅与第47旅激战", [("俄军第155旅", "russia"), ("第47旅", None)]),  # 与 joins two sides
])
def test_forces_named_units_and_coordinations_keep_their_sides(text, expected):
    assert [(s, a.get("country")) for s, a in spans(text)] == expected


@pytest.mark.parametrize("text, attrs", [
    ("中国人民解放军海军陆战队", {"country": "china", "branch": "marine"}),   # not 中国人民解放军海军 + 陆战队
    ("东部战区陆军", {"country": "china", "branch": "army"}),                  # a command's service is no command
])
def test_a_named_force_and_its_service_are_one_unit(text, attrs):
    assert only(f"{text}参加了演习") == (text, attrs)


@pytest.mark.parametrize("text, expected", [
    # A service written before a formation belongs to its span (SCHEMA: nested units written whole).
    ("海軍陸戰隊第66旅移防", ("海軍陸戰隊第66旅", {"echelon": "brigade", "number": 66})),
    ("陆军第71集团军", ("陆军第71集团军", {"echelon": "army", "number": 71})),
    # A formation's whole name in quotes after its country: the country and the quotes are in the span.
    ("乌克兰“第三突击军”在哈尔科夫", ("乌克兰“第三突击军”", {"echelon": "corps", "branch": "assault", "number": 3,
                                                   "country": "ukraine"})),
    # A grouping named after a place, right after its force.
    ("乌军哈尔科夫作战集群表示", ("乌军哈尔科夫作战集群", {"echelon": "group-of-forces", "country": "ukraine"})),
    ("烏克蘭東部作戰集群發言人表示", ("烏克蘭東部作戰集群", {"echelon": "group-of-forces", "country": "ukraine"})),  # after the country
])
def test_services_quotes_and_groupings_around_a_formation(text, expected):
    assert only(text) == expected


@pytest.mark.parametrize("text", ["俄军集群", "俄军无人机集群袭击了基辅", "乌军出动无人机集群", "以军坦克集群"])
def test_a_force_before_a_swarm_or_a_word_for_grouping_alone_is_the_force(text):
    assert [span for span, _ in spans(text)] == [text[:2]]


@pytest.mark.parametrize("text, expected", [
    ("海軍陸戰隊66旅移防", ["海軍陸戰隊66旅"]),                       # a service's formation without 第
    ("陸軍542旅與陸軍584旅", ["陸軍542旅", "陸軍584旅"]),
    ("乌军第102独立国土防御旅", ["乌军第102独立国土防御旅"]),
    ("东部战区海军第一驱逐舰支队", ["东部战区海军第一驱逐舰支队"]),
    ("球队3连胜", []),                                             # no service: no unit
    ("日本海上自卫队第1护卫队群", ["日本海上自卫队第1护卫队群"]),      # Japan's escort flotillas
])
def test_formations_after_a_service_and_more_arms(text, expected):
    assert [span for span, _ in spans(text)] == expected


def test_disarming_a_movement_is_no_unit_of_it():
    assert spans("美方要求解除哈馬斯武裝") == []
    assert [span for span, _ in spans("哈马斯武装袭击以军")] == ["哈马斯武装", "以军"]


def test_quotes_join_a_unit_only_after_its_country_and_barracks_are_no_battalion():
    assert [span for span, _ in spans("他说“第47旅”损失惨重")] == ["第47旅"]
    assert spans("空军3营房失火") == []


@pytest.mark.parametrize("text", ["台海军演持续", "据清朝海军的档案", "在战争中陆军参谋长表示", "美軍駐卡塔爾烏代德空軍基地",
                                  "他们以海军舰艇护航商船", "昔日陆军的荣光", "中俄在日本海军演"])
def test_a_short_form_and_a_service_only_where_they_name_a_force(text):
    assert not any(s in ("台海军", "朝海军", "中陆军", "德空軍", "以海军", "日陆军", "日本海军") for s, _ in spans(text))
    assert spans("日本海军演习") == [("日本海军", {"country": "japan", "branch": "navy"})]


@pytest.mark.parametrize("text, expected", [
    ("乌克兰军队组建新的作战集群", [("乌克兰军队", {"country": "ukraine"})]),   # a verb between: no grouping's name
    ("俄罗斯在库尔斯克的部队集群已被击退", []), ("白俄罗斯境内的部队集群规模扩大", []),
])
def test_a_country_and_a_phrase_before_a_grouping_make_no_unit(text, expected):
    assert spans(text) == expected


def test_a_short_form_ending_a_transliterated_name_is_no_country():
    assert spans("埃尔伍德陆军预备役中心遭枪击") == []  # no German army


def test_the_plas_new_forces_are_units():
    assert spans("解放军网络空间部队发表声明") == [("解放军网络空间部队", {"branch": "cyberspace", "country": "china"})]


def test_a_us_states_national_guard_is_a_us_unit():
    assert spans("得克萨斯州国民警卫队进驻芝加哥") == [("得克萨斯州国民警卫队", {"branch": "national-guard", "country": "united-states"})]



def test_a_force_that_sends_drones_is_no_drone_command():
    assert [s for s, _ in spans("韩国陆军派出无人机作战")] == ["韩国陆军"]


@pytest.mark.parametrize("text, span, branch", [
    ("乌克兰第14独立无人机系统团袭击了炼油厂", "乌克兰第14独立无人机系统团", "unmanned-systems"),
    ("驻韩美军第210野战炮兵旅将举行实弹射击训练", "驻韩美军第210野战炮兵旅", "artillery"),
    ("缅甸国防军第542轻步兵营的阵地失守", "缅甸国防军第542轻步兵营", "light-infantry"),
])
def test_arms_of_service_written_in_full_before_the_echelon(text, span, branch):
    got, attrs = only(text)
    assert got == span and attrs["branch"] == branch


def test_a_unit_said_to_belong_to_another_is_of_its_army():
    text = "驻韩美军第2步兵师所属的第210野战炮兵旅参加演习"
    assert [attrs.get("country") for _, attrs in spans(text)] == ["united-states", "united-states"]


def test_a_forces_headquarters_is_no_command_of_its_own():
    assert [s for s, _ in spans("俄军司令部遭到袭击")] == ["俄军"]


@pytest.mark.parametrize("text", ["“青年突击”分队奔赴一线", "消防“蓝焰”分队出动", "该部队由多个分队组成"])
def test_a_squad_named_in_quotes_is_no_unit(text):
    assert spans(text) == []  # civilian squads are named so as often as military ones


def test_a_ship_named_with_its_hao_in_quotes_before_a_gloss_and_its_type():
    text = "駐守仁愛礁「馬德雷山號」（BRP Sierra Madre）坦克登陸艦的陸戰隊員"
    span, attrs = only(text)
    assert span == "「馬德雷山號」" and attrs["echelon"] == "ship"


def test_another_movements_liberation_army_is_not_chinas():
    assert spans("哥伦比亚民族解放军发动袭击") == []
    assert [a.get("country") for _, a in spans("解放军东部战区组织演习")][0] == "china"


@pytest.mark.parametrize("text", ["23名巴基斯坦塔利班武装分子被击毙", "哈马斯武装分子袭击了以色列", "数十名哈马斯武装人员被困",
                                  "战机从阿马里空军基地起飞"])
def test_militants_and_a_base_named_with_a_country_inside_are_no_forces(text):
    assert spans(text) == []


def test_numbered_units_a_force_sends_are_its_own():
    assert [a.get("country") for _, a in spans("俄军派出第58集团军")] == ["russia", "russia"]
    assert [a.get("country") for _, a in spans("俄军已将第47机械化旅逐出阵地")][1] is None  # the enemy's


@pytest.mark.parametrize("text, expected", [
    ("伊朗导弹袭击了美军基地", ["美军"]),          # a force's base: the force
    ("冲绳的美军基地", ["美军"]),
])
def test_a_force_before_its_base_stays_a_force(text, expected):
    assert [span for span, _ in spans(text)] == expected


@pytest.mark.parametrize("text", ["「海鯤號」潛艦原型艦完成海試", "台灣自製潛艦「海鯤號」下水"])
def test_a_submarine_named_with_hao_inside_its_quotes(text):
    span, attrs = only(text)
    assert span == "「海鯤號」" and attrs["echelon"] == "ship"


@pytest.mark.parametrize("text, span, country", [
    ("俄北方舰队举行演习", "俄北方舰队", "russia"),  # the unit's own country's short form
    ("美太平洋舰队司令表示", "美太平洋舰队", "united-states"),  # another country's: the US's Pacific Fleet
    ("冲突中胡塞武装发射导弹", "胡塞武装", "yemen"),  # 中 ends 冲突中: no China
])
def test_a_short_form_before_a_named_unit_is_the_units_country(text, span, country):
    found = spans(text)
    assert [(s, a.get("country")) for s, a in found] == [(span, country)]


def test_a_factions_armed_wing_and_machine_gun_artillery():
    # 武装 before 派别 is a faction's, no unit (哈马斯 + 武装派别 + 卡桑旅).
    assert [s for s, _ in spans("哈马斯武装派别卡桑旅发表声明")] == ["卡桑旅"]
    assert only("第18机枪炮兵师是主力部队")[1]["branch"] == "artillery"


def test_a_named_nuclear_powered_cruiser_is_a_ship():
    assert only("“彼得大帝”号核动力导弹巡洋舰参加演习") == ("“彼得大帝”号核动力导弹巡洋舰", {"echelon": "ship"})


@pytest.mark.parametrize("text, span, branch", [
    ("金正恩视察朝鲜人民军特种作战部队", "朝鲜人民军特种作战部队", "special-operations"),
    ("乌军无人机部队袭击", "乌军无人机部队", "unmanned-systems"),
])
def test_a_service_after_a_countrys_force_is_one_unit(text, span, branch):
    assert [(s, a.get("branch")) for s, a in spans(text)] == [(span, branch)]


def test_ukraines_national_guard_written_国家卫队_is_a_force_with_its_brigades():
    assert only("乌克兰国家卫队第13旅在哈尔科夫作战")[0] == "乌克兰国家卫队第13旅"
    assert only("乌克兰国家卫队表示")[1] == {"country": "ukraine", "branch": "national-guard"}


def test_a_japanese_airborne_regiment_after_its_force_is_one_unit():
    span, attrs = only("日本陆上自卫队第1空挺团参加演习")
    assert span == "日本陆上自卫队第1空挺团" and attrs["branch"] == "airborne" and attrs["country"] == "japan"


def test_myanmars_and_cambodias_short_forms_before_a_unit():
    assert spans("缅军第9轻步兵师调往若开邦")[0] == (
        "缅军第9轻步兵师", {"echelon": "division", "branch": "light-infantry", "number": 9, "country": "myanmar-burma"})
