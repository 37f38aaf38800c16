from __future__ import annotations

import pickle

import pytest
import spacy
from spacy.tokens import Doc, Span

from newsnlp.components.linker import AliasLinker
from newsnlp.extensions import install_extensions


@pytest.fixture(scope="module")
def nlp():
    install_extensions()
    return spacy.blank("zh")


@pytest.fixture(scope="module")
def linker(nlp) -> AliasLinker:
    return AliasLinker(nlp)


def make_doc(nlp, text: str, mentions: list[tuple[str, str] | tuple[str, str, dict]]) -> Doc:
    """A one-token-per-character Doc whose ents are the given (text, label[, attrs]) in order."""
    doc = Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))
    ents, pos = [], 0
    for mention in mentions:
        surface, label = mention[0], mention[1]
        start = text.index(surface, pos)
        pos = start + len(surface)
        span = Span(doc, start, pos, label=label)
        span._.attrs = dict(mention[2]) if len(mention) > 2 else {}
        span._.source = "model"
        span._.score = 0.7
        ents.append(span)
    doc.ents = ents
    return doc


def ids(doc: Doc) -> list[str]:
    return [e.kb_id_ for e in doc.ents]


def test_known_names_get_kb_ids_and_link_attrs(linker, nlp):
    doc = linker(make_doc(nlp, "北約秘书长吕特会见谢尔盖 · 拉夫罗夫", [("北約", "ORG"), ("吕特", "PERSON"), ("谢尔盖 · 拉夫罗夫", "PERSON")]))
    assert ids(doc) == ["nato", "mark-rutte", "sergei-lavrov"]
    assert doc.ents[0]._.attrs["link_method"] == "abbreviation"
    assert doc.ents[2]._.attrs["link_method"] == "normalised"
    assert all(0 < e._.attrs["link_score"] <= 1 for e in doc.ents)


def test_source_score_and_attrs_survive_linking(linker, nlp):
    doc = linker(make_doc(nlp, "第82空降师", [("第82空降师", "MILITARY_UNIT", {"number": 82, "echelon": "division"})]))
    ent = doc.ents[0]
    assert ent.kb_id_ == "us-82-airborne-division"
    assert (ent._.source, ent._.score) == ("model", 0.7)
    assert ent._.attrs["number"] == 82 and ent._.attrs["country"] == "united-states"


def test_surname_after_full_name_shares_an_unknown_persons_id(linker, nlp):
    doc = linker(make_doc(nlp, "约翰·史密斯说，史密斯认为", [("约翰·史密斯", "PERSON"), ("史密斯", "PERSON")]))
    assert ids(doc)[0] == ids(doc)[1] and ids(doc)[0].startswith("~person-")
    assert doc.ents[1]._.attrs["link_method"] == "short-form"


def test_a_surname_two_people_of_the_document_bear_is_neither_of_them(linker, nlp):
    doc = linker(make_doc(nlp, "约翰·史密斯支持，史密斯说。彼得·史密斯反对，史密斯说", [
        ("约翰·史密斯", "PERSON"), ("史密斯", "PERSON"), ("彼得·史密斯", "PERSON"), ("史密斯", "PERSON")]))
    john, first, peter, second = ids(doc)
    assert first == john and doc.ents[1]._.attrs["link_method"] == "short-form"
    # After both full names the surname alone may be either man: an id of this document, no one's.
    assert second not in (john, peter) and doc.ents[3]._.attrs["link_method"] == "document"


def test_a_surname_written_before_the_full_name_takes_its_id(linker, nlp):
    # A headline names the man by his surname; the body gives the full name.
    doc = linker(make_doc(nlp, "科斯秋琴科：形势严峻。中校彼得罗·科斯秋琴科说", [
        ("科斯秋琴科", "PERSON"), ("彼得罗·科斯秋琴科", "PERSON")]))
    assert ids(doc)[0] == ids(doc)[1]
    # Two people of that surname: the bare surname is neither.
    doc = linker(make_doc(nlp, "科斯秋琴科讲话。彼得罗·科斯秋琴科和奥列格·科斯秋琴科出席", [
        ("科斯秋琴科", "PERSON"), ("彼得罗·科斯秋琴科", "PERSON"), ("奥列格·科斯秋琴科", "PERSON")]))
    assert len(set(ids(doc))) == 3


def test_a_surname_alone_before_a_title_is_the_one_person_of_that_surname(linker, nlp):
    doc = linker(make_doc(nlp, "韩国总统李在明出席。李总统表示", [("李在明", "PERSON"), ("李", "PERSON")]))
    assert ids(doc) == ["lee-jae-myung", "lee-jae-myung"]
    # South Korea's ministers are 长官 (国防部长官安圭伯 … 安长官).
    doc = linker(make_doc(nlp, "国防部长官安圭伯表示，安长官强调", [("安圭伯", "PERSON"), ("安", "PERSON")]))
    assert ids(doc) == ["ahn-gyu-back", "ahn-gyu-back"]
    doc = linker(make_doc(nlp, "金正恩与金与正出席。金副部长讲话", [
        ("金正恩", "PERSON"), ("金与正", "PERSON"), ("金", "PERSON")]))
    assert ids(doc)[2] not in ids(doc)[:2]  # two people called 金: neither


def test_a_period_for_the_name_dot_is_the_dot(linker, nlp):
    doc = linker(make_doc(nlp, "发言人玛丽亚.扎哈罗娃表示", [("玛丽亚.扎哈罗娃", "PERSON")]))
    assert ids(doc) == ["maria-zakharova"]


def test_a_surname_after_a_country_and_a_title_is_the_kb_holder_of_that_title(linker, nlp):
    text = "美国众议院议长约翰逊表示。英国前首相约翰逊在伦敦演讲"
    doc = linker(make_doc(nlp, text, [("美国", "PLACE"), ("约翰逊", "PERSON"), ("英国", "PLACE"), ("约翰逊", "PERSON")]))
    assert [ids(doc)[1], ids(doc)[3]] == ["mike-johnson", "boris-johnson"]
    # The KB's Clinton of the US is a Secretary of State, not the president the text names.
    doc = linker(make_doc(nlp, "美国总统克林顿发表国情咨文", [("美国", "PLACE"), ("克林顿", "PERSON")]))
    assert ids(doc)[1].startswith("~person-")


def test_a_surname_alone_is_someone_of_its_own_document_only(linker, nlp):
    one = linker(make_doc(nlp, "金副部长发表谈话", [("金", "PERSON")]))
    two = linker(make_doc(nlp, "金书记会见代表团", [("金", "PERSON")]))
    assert ids(one)[0].startswith("~person-") and ids(one) != ids(two)


def test_a_japanese_surname_after_the_full_name_is_that_person(linker, nlp):
    doc = linker(make_doc(nlp, "首相石破茂表示，石破认为", [("石破茂", "PERSON"), ("石破", "PERSON")]))
    assert ids(doc) == ["shigeru-ishiba", "shigeru-ishiba"]
    # 林芳正's surname is 林: 林芳 is someone else.
    doc = linker(make_doc(nlp, "林芳正表示，林芳认为", [("林芳正", "PERSON"), ("林芳", "PERSON")]))
    assert ids(doc)[0] == "yoshimasa-hayashi" and ids(doc)[1].startswith("~person-")


def test_a_full_name_with_a_patronymic_is_the_kb_person_without_it(linker, nlp):
    doc = linker(make_doc(nlp, "安德烈·列莫维奇·别洛乌索夫视察部队，别洛乌索夫表示", [
        ("安德烈·列莫维奇·别洛乌索夫", "PERSON"), ("别洛乌索夫", "PERSON")]))
    assert ids(doc) == ["andrei-belousov", "andrei-belousov"]


def test_unit_short_form_follows_the_full_name(linker, nlp):
    text = "乌克兰第155独立机械化旅在波克罗夫斯克作战，第155旅随后撤出"
    doc = linker(make_doc(nlp, text, [("乌克兰第155独立机械化旅", "MILITARY_UNIT", {"number": 155, "echelon": "brigade", "branch": "mechanized", "country": "ukraine"}),
                                      ("波克罗夫斯克", "PLACE"),
                                      ("第155旅", "MILITARY_UNIT", {"number": 155, "echelon": "brigade"})]))
    assert ids(doc) == ["ua-155-mechanized-brigade", "pokrovsk", "ua-155-mechanized-brigade"]


def test_same_number_in_two_armies_gets_two_ids(linker, nlp):
    text = "乌克兰第47机械化旅与俄军第47坦克师交战"
    doc = linker(make_doc(nlp, text, [("乌克兰第47机械化旅", "MILITARY_UNIT", {"number": 47, "echelon": "brigade"}),
                                      ("俄军第47坦克师", "MILITARY_UNIT", {"number": 47, "echelon": "division"})]))
    assert ids(doc) == ["ua-47-mechanized-brigade", "ru-47-tank-division"]


def test_a_numbered_unit_is_not_the_kb_unit_of_a_country_the_text_never_names(linker, nlp):
    # The KB's only 7th division is Russia's; a story about Japan's 第7师团 is not about it.
    doc = linker(make_doc(nlp, "日本防卫省表示，第7师团参加了演习", [
        ("日本", "PLACE"), ("第7师团", "MILITARY_UNIT", {"number": 7, "echelon": "division"})]))
    assert ids(doc)[1].startswith("~military-unit-")
    doc = linker(make_doc(nlp, "俄罗斯国防部表示，第7师参加了演习", [
        ("俄罗斯", "PLACE"), ("第7师", "MILITARY_UNIT", {"number": 7, "echelon": "division"})]))
    assert ids(doc)[1] == "ru-7-air-assault-division"


def test_a_units_kb_alias_is_not_another_armys_unit_the_text_rules_out(linker, nlp):
    doc = linker(make_doc(nlp, "驻韩美军举行演习，第8集团军司令出席", [
        ("驻韩美军", "MILITARY_UNIT", {"country": "united-states"}),
        ("第8集团军", "MILITARY_UNIT", {"number": 8, "echelon": "army"})]))
    assert ids(doc)[1].startswith("~military-unit-")  # not Russia's 8th Combined Arms Army


def test_units_of_one_number_and_other_branches_are_other_clusters_and_airborne_is_air_assault(linker, nlp):
    doc = linker(make_doc(nlp, "美国陆军第1骑兵师和第1装甲师", [
        ("美国陆军第1骑兵师", "MILITARY_UNIT", {"number": 1, "echelon": "division", "branch": "cavalry",
                                         "country": "united-states"}),
        ("第1装甲师", "MILITARY_UNIT", {"number": 1, "echelon": "division", "branch": "armored"})]))
    assert ids(doc)[0] != ids(doc)[1]
    doc = linker(make_doc(nlp, "俄军第76近卫空降突击师", [("俄军第76近卫空降突击师", "MILITARY_UNIT", {
        "number": 76, "echelon": "division", "branch": "air-assault", "country": "russia"})]))
    assert ids(doc) == ["ru-76-air-assault-division"]


def test_unknown_numbered_unit_short_form_shares_a_cluster(linker, nlp):
    doc = linker(make_doc(nlp, "第777独立突击营抵达，该营和第777营", [
        ("第777独立突击营", "MILITARY_UNIT", {"number": 777, "echelon": "battalion"}),
        ("第777营", "MILITARY_UNIT", {"number": 777, "echelon": "battalion"})]))
    assert ids(doc)[0] == ids(doc)[1] and ids(doc)[0].startswith("~military-unit-")


def test_bare_name_is_the_region_in_a_front_context_and_the_city_otherwise(linker, nlp):
    doc = linker(make_doc(nlp, "苏梅前线吃紧；苏梅市遭袭", [("苏梅", "PLACE"), ("苏梅市", "PLACE")]))
    assert ids(doc) == ["sumy-oblast", "sumy"]
    doc = linker(make_doc(nlp, "士兵在库尔斯克参战，被派往别尔哥罗德", [("库尔斯克", "PLACE"), ("别尔哥罗德", "PLACE")]))
    assert ids(doc) == ["kursk-oblast", "belgorod-oblast"]
    doc = linker(make_doc(nlp, "他出生在库尔斯克", [("库尔斯克", "PLACE")]))
    assert ids(doc) == ["kursk"]
    # A war word after 的 or 参与, a verb of holding before, 该州 or its territory later in the sentence.
    for text in ("乌军在库尔斯克的攻势停滞", "朝鲜军队在库尔斯克参与作战", "乌军将坚守库尔斯克",
                 "俄军在库尔斯克发动攻势，乌军在该州北部坚守", "俄军已控制库尔斯克约60%的领土"):
        assert ids(linker(make_doc(nlp, text, [("库尔斯克", "PLACE")]))) == ["kursk-oblast"], text
    for text in ("库尔斯克的居民走上街头", "库尔斯克遭到袭击，该市市长表示"):
        assert ids(linker(make_doc(nlp, text, [("库尔斯克", "PLACE")]))) == ["kursk"], text


def test_a_capital_stays_the_city_where_the_story_names_its_region_and_the_city_after_shoufu(linker, nlp):
    doc = linker(make_doc(nlp, "基辅州停电。俄军袭击基辅", [("基辅州", "PLACE"), ("基辅", "PLACE")]))
    assert ids(doc) == ["kyiv-oblast", "kyiv"]
    doc = linker(make_doc(nlp, "库尔斯克州的战斗继续。乌军在库尔斯克推进", [("库尔斯克州", "PLACE"), ("库尔斯克", "PLACE")]))
    assert ids(doc) == ["kursk-oblast", "kursk-oblast"]  # no capital: the region the story names
    doc = linker(make_doc(nlp, "库尔斯克州首府库尔斯克", [("库尔斯克州", "PLACE"), ("库尔斯克", "PLACE")]))
    assert ids(doc) == ["kursk-oblast", "kursk"]


def test_a_bare_peninsula_is_the_one_the_story_named_else_the_documents(linker, nlp):
    doc = linker(make_doc(nlp, "朝鲜半岛局势紧张。缓和半岛局势", [("朝鲜半岛", "PLACE"), ("半岛", "PLACE")]))
    assert ids(doc) == ["korean-peninsula", "korean-peninsula"]
    doc = linker(make_doc(nlp, "缓和半岛局势", [("半岛", "PLACE")]))
    assert doc.ents[0]._.attrs["link_method"] == "document"


def test_an_arab_rulers_first_name_after_his_title_beats_a_namesake_named_before(linker, nlp):
    text = "卡塔尔首相穆罕默德·本·阿卜杜勒拉赫曼·阿勒萨尼说。沙特王储穆罕默德致电"
    doc = linker(make_doc(nlp, text, [("卡塔尔", "PLACE"), ("穆罕默德·本·阿卜杜勒拉赫曼·阿勒萨尼", "PERSON"),
                                      ("沙特", "PLACE"), ("穆罕默德", "PERSON")]))
    assert ids(doc)[1] == "mohammed-bin-abdulrahman-al-thani" and ids(doc)[3] == "mohammed-bin-salman"


def test_a_surname_after_the_joint_chiefs_chairman_is_the_kb_chairman(linker, nlp):
    for text in ("美国参谋长联席会议主席凯恩表示", "美國參謀首長聯席會議主席凱恩表示"):
        doc = linker(make_doc(nlp, text, [(text[:2], "PLACE"), (text[-4:-2], "PERSON")]))
        assert ids(doc)[-1] == "dan-caine", text


def test_bare_names_in_a_list_of_regions_are_regions(linker, nlp):
    doc = linker(make_doc(nlp, "扎波罗热、赫尔松两州", [("扎波罗热", "PLACE"), ("赫尔松", "PLACE")]))
    assert ids(doc) == ["zaporizhzhia-oblast", "kherson-oblast"]


def test_suffix_variants_of_a_region_share_its_id(linker, nlp):
    doc = linker(make_doc(nlp, "别尔哥罗德州和别尔哥罗德地区", [("别尔哥罗德州", "PLACE"), ("别尔哥罗德地区", "PLACE")]))
    assert ids(doc) == ["belgorod-oblast", "belgorod-oblast"]


def test_a_gloss_the_model_mislabelled_takes_the_label_of_the_name_it_glosses(linker, nlp):
    doc = linker(make_doc(nlp, "佩斯科夫（Dmitry Peskov）表示", [("佩斯科夫", "PERSON"), ("Dmitry Peskov", "ORG")]))
    assert [(e.label_, e.kb_id_) for e in doc.ents] == [("PERSON", "dmitry-peskov")] * 2
    # With the person's rank between the name and the gloss.
    text = "指挥官兰德里亚尼里纳上校（Michael Randrianirina）表示"
    doc = linker(make_doc(nlp, text, [("兰德里亚尼里纳", "PERSON"), ("Michael Randrianirina", "ORG")]))
    assert [e.label_ for e in doc.ents] == ["PERSON"] * 2 and doc.ents[0].kb_id_ == doc.ents[1].kb_id_
    # A KB person's name glossing a model span of another label makes that span the person.
    doc = linker(make_doc(nlp, "负责人南加（Corneille Nangaa）称", [("南加", "ORG"), ("Corneille Nangaa", "PERSON")]))
    assert [(e.label_, e.kb_id_) for e in doc.ents] == [("PERSON", "corneille-nangaa")] * 2
    # After a title only a personal name glosses the person: not a credit or a platform.
    for credit in ("AP Photo", "Kremlin", "Truth Social"):
        doc = linker(make_doc(nlp, f"拜登总统（{credit}）表示", [("拜登", "PERSON"), (credit, "ORG")]))
        assert doc.ents[1].kb_id_ != "joe-biden", credit
    # Not a gloss of a place before an office: 美国总统（Donald Trump）.
    doc = linker(make_doc(nlp, "美国总统（Donald Trump）表示", [("美国", "PLACE"), ("Donald Trump", "PERSON")]))
    assert [e.label_ for e in doc.ents] == ["PLACE", "PERSON"]


def test_bare_ministry_takes_the_country_in_context(linker, nlp):
    doc = linker(make_doc(nlp, "韩国国防部长表示，国防部将回应", [("韩国", "PLACE"), ("国防部", "ORG")]))
    assert ids(doc) == ["south-korea", "ministry-of-national-defense-of-south-korea"]


def test_bare_ministry_before_its_office_holder_takes_the_holders_country(linker, nlp):
    doc = linker(make_doc(nlp, "外交部发言人毛宁表示", [("外交部", "ORG"), ("毛宁", "PERSON")]))
    assert ids(doc) == ["ministry-of-foreign-affairs-of-china", "mao-ning"]
    doc = linker(make_doc(nlp, "国防部长奥斯汀宣布", [("国防部", "ORG"), ("奥斯汀", "PERSON")]))
    assert ids(doc)[0] == "us-department-of-defense"
    # A clause between them: the person is not the holder (with no country before it, a mainland
    # text's bare 国防部 is China's).
    doc = linker(make_doc(nlp, "国防部称，奥斯汀宣布", [("国防部", "ORG"), ("奥斯汀", "PERSON")]))
    assert ids(doc)[0] == "ministry-of-national-defense-of-china"


def test_bare_body_of_a_holder_whose_country_the_kb_lacks_it_for_is_not_another_countrys(linker, nlp):
    # The KB has China's 海警局, not the Philippines': Tarriela speaks for the latter.
    text = "中国海警船在黄岩岛附近对菲方船只使用水炮。海警局发言人塔里埃拉称，一艘船受损。"
    doc = linker(make_doc(nlp, text, [("中国海警", "ORG"), ("黄岩岛", "PLACE"), ("菲方", "PLACE"),
                                      ("海警局", "ORG"), ("塔里埃拉", "PERSON")]))
    assert ids(doc)[3] != "china-coast-guard" and doc.ents[3]._.attrs["country"] == "philippines"
    text = "中国海警局新闻发言人刘德军表示，菲方船只非法闯入黄岩岛邻近海域。海警局依法采取管控措施。"
    doc = linker(make_doc(nlp, text, [("中国海警局", "ORG"), ("刘德军", "PERSON"), ("菲方", "PLACE"),
                                      ("黄岩岛", "PLACE"), ("海警局", "ORG")]))
    assert ids(doc)[4] == "china-coast-guard"


def test_a_force_of_a_country_the_rules_read_is_that_countrys(linker, nlp):
    # A short form and a service (印空军) is the KB's service of that country and branch.
    doc = linker(make_doc(nlp, "印空军否认", [("印空军", "MILITARY_UNIT", {"country": "india", "branch": "air-force"})]))
    assert ids(doc) == ["indian-air-force"]
    doc = linker(make_doc(nlp, "巴军方称", [("巴军方", "MILITARY_UNIT", {"country": "pakistan"})]))
    assert ids(doc) == ["pakistan-armed-forces"]
    # A state's National Guard is its own unit, not the US National Guard as a whole.
    doc = linker(make_doc(nlp, "得克萨斯州国民警卫队进驻", [("得克萨斯州国民警卫队", "MILITARY_UNIT",
                                                     {"branch": "national-guard", "country": "united-states"})]))
    assert ids(doc)[0].startswith("~")
    # 巴军 is also Pakistan's short name in the KB, but in a story about Brazil it is Brazil's forces.
    doc = linker(make_doc(nlp, "巴西总统表示，巴军将参与维和", [("巴西", "PLACE"), ("巴军", "MILITARY_UNIT", {"country": "brazil"})]))
    assert ids(doc)[1].startswith("~") and doc.ents[1]._.attrs["country"] == "brazil"
    doc = linker(make_doc(nlp, "巴基斯坦总理表示，巴军将回应", [("巴基斯坦", "PLACE"), ("巴军", "MILITARY_UNIT", {"country": "pakistan"})]))
    assert ids(doc)[1] == "pakistan-armed-forces"
    # A country the KB has no forces of: that country's own, never the 伊 of Iran the KB knows.
    doc = linker(make_doc(nlp, "伊拉克总理表示，伊军已控制边境", [("伊拉克", "PLACE"), ("伊军", "MILITARY_UNIT", {"country": "iraq"})]))
    assert ids(doc)[1].startswith("~") and doc.ents[1]._.attrs["country"] == "iraq"
    # Of a country's several forces, the one its name + 军方 names (not the IRGC).
    doc = linker(make_doc(nlp, "伊军方称", [("伊军方", "MILITARY_UNIT", {"country": "iran"})]))
    assert ids(doc) == ["iranian-armed-forces"]
    # A force named otherwise is not the state's (the Russian Volunteer Corps fights Russia).
    doc = linker(make_doc(nlp, "俄罗斯志愿军袭击了别尔哥罗德州", [("俄罗斯志愿军", "MILITARY_UNIT", {"country": "russia"})]))
    assert ids(doc)[0].startswith("~")


def test_a_gloss_written_again_is_the_entity_it_glossed(linker, nlp):
    text = "精英部队行政和技术人员及服务军团（CAPSAT）宣布接管。CAPSAT指挥官表示"
    doc = linker(make_doc(nlp, text, [("行政和技术人员及服务军团", "MILITARY_UNIT", {"echelon": "corps"}),
                                      ("CAPSAT", "ORG"), ("CAPSAT", "ORG")]))
    assert len({e.kb_id_ for e in doc.ents}) == 1 and {e.label_ for e in doc.ents} == {"MILITARY_UNIT"}


def test_a_bare_body_nothing_before_it_settles_is_the_one_its_document_links_later(linker, nlp):
    text = "外交部副部长召见日本驻华大使\n外交部副部长孙卫东召见日本大使"
    doc = linker(make_doc(nlp, text, [("外交部", "ORG"), ("日本", "PLACE"), ("华", "PLACE"), ("外交部", "ORG"),
                                      ("孙卫东", "PERSON")]))
    assert ids(doc)[0] == ids(doc)[3] == "ministry-of-foreign-affairs-of-china"
    assert doc.ents[0]._.attrs["canonical_name"] == "中国外交部"
    # Only the press's own state's: a mainland headline's 国防部 is not the Pentagon a later 国防部 is.
    text = "国防部：坚决反击挑衅。美国国防部长赫格塞思表示，国防部将推进军售"
    doc = linker(make_doc(nlp, text, [("国防部", "ORG"), ("美国", "PLACE"), ("国防部", "ORG"), ("赫格塞思", "PERSON"),
                                      ("国防部", "ORG")]))
    assert ids(doc)[0] != "us-department-of-defense" and ids(doc)[4] == "us-department-of-defense"


def test_a_body_written_without_the_country_its_sentence_names_is_that_countrys(linker, nlp):
    text = "乌克兰武装部队总司令瑟尔斯基表示，国防部情报总局特种部队也已增援"
    doc = linker(make_doc(nlp, text, [("乌克兰武装部队", "MILITARY_UNIT", {"country": "ukraine"}),
                                      ("瑟尔斯基", "PERSON"), ("国防部情报总局", "ORG")]))
    assert ids(doc)[2] == "hur"
    # Several countries' ministers stay no one's.
    doc = linker(make_doc(nlp, "韩美两国国防部长在首尔举行会谈", [("韩", "PLACE"), ("美", "PLACE"), ("国防部", "ORG"),
                                                           ("首尔", "PLACE")]))
    assert ids(doc)[2].startswith("~")


def test_a_unit_named_in_quotes_is_only_the_kb_unit_of_that_name(linker, nlp):
    doc = linker(make_doc(nlp, "第3“快速反应”旅完成演训", [("第3“快速反应”旅", "MILITARY_UNIT", {"echelon": "brigade", "number": 3})]))
    assert ids(doc)[0].startswith("~")
    text = "第155“基辅的安娜”独立机械化旅正在作战"
    doc = linker(make_doc(nlp, text, [("第155“基辅的安娜”独立机械化旅", "MILITARY_UNIT",
                                      {"echelon": "brigade", "number": 155, "branch": "mechanized"})]))
    assert ids(doc) == ["ua-155-mechanized-brigade"]
    # A name the KB lacks, with the unit's arm written: that unit.
    doc = linker(make_doc(nlp, "第47“魔法师”独立机械化旅击退俄军", [("第47“魔法师”独立机械化旅", "MILITARY_UNIT",
                                                          {"echelon": "brigade", "number": 47, "branch": "mechanized"})]))
    assert ids(doc) == ["ua-47-mechanized-brigade"]


def test_a_unit_the_kb_lacks_carries_the_country_its_name_states(linker, nlp):
    doc = linker(make_doc(nlp, "波兰作战司令部表示", [("波兰作战司令部", "MILITARY_UNIT", {"echelon": "command"})]))
    assert ids(doc)[0].startswith("~") and doc.ents[0]._.attrs["country"] == "poland"


def test_country_plus_army_word_links_to_national_forces(linker, nlp):
    doc = linker(make_doc(nlp, "白俄罗斯军方", [("白俄罗斯军方", "MILITARY_UNIT")]))
    assert ids(doc) == ["belarusian-armed-forces"]


def test_named_formation_after_its_country_links_to_the_formation(linker, nlp):
    doc = linker(make_doc(nlp, "乌克兰亚速营和俄罗斯黑海舰队", [
        ("乌克兰亚速营", "MILITARY_UNIT", {"country": "ukraine"}), ("俄罗斯黑海舰队", "MILITARY_UNIT", {"country": "russia"})]))
    assert ids(doc) == ["azov-brigade", "black-sea-fleet"]


def test_organisation_after_a_country_variant_is_that_countrys_body(linker, nlp):
    doc = linker(make_doc(nlp, "南韓國家情報院和南韩国防部", [("南韓國家情報院", "ORG"), ("南韩国防部", "ORG")]))
    assert ids(doc) == ["nis", "ministry-of-national-defense-of-south-korea"]
    assert {e._.attrs["link_method"] for e in doc.ents} == {"country"}


def test_a_short_form_before_a_body_is_tried_after_the_full_name(linker, nlp):
    # 德国防部 is 德 + 国防部 (Germany's ministry), not 德国 + 防部.
    doc = linker(make_doc(nlp, "德国防部发言人", [("德国防部", "ORG")]))
    assert ids(doc) == ["german-ministry-of-defence"] and doc.ents[0]._.attrs["link_method"] == "country"


def test_a_unit_after_its_countrys_armed_forces_is_that_countrys_unit(linker, nlp):
    text = "俄军“北方”集团军群和乌军“霍尔季察”作战战略集群交战"
    doc = linker(make_doc(nlp, text, [("俄军“北方”集团军群", "MILITARY_UNIT", {"echelon": "group-of-forces"}),
                                      ("乌军“霍尔季察”作战战略集群", "MILITARY_UNIT", {"echelon": "group-of-forces"})]))
    assert ids(doc) == ["russia-group-of-forces-north", "ukraine-osg-khortytsia"]
    assert {e._.attrs["link_method"] for e in doc.ents} == {"country"}
    # A name the KB writes only in quotes (“北方”集群), after the force.
    doc = linker(make_doc(nlp, "俄军“北方”集群推进", [("俄军“北方”集群", "MILITARY_UNIT", {"echelon": "group-of-forces"})]))
    assert ids(doc) == ["russia-group-of-forces-north"]
    # Corner quotes read as the curly ones (俄軍「西方」集群).
    doc = linker(make_doc(nlp, "俄軍「西方」集群推進", [("俄軍「西方」集群", "MILITARY_UNIT", {"echelon": "group-of-forces"})]))
    assert ids(doc) == ["russia-group-of-forces-west"]


def test_a_unit_coordinated_with_another_has_its_country(linker, nlp):
    # Russia's 98th Airborne Division is the KB's only 98th division; Israel's is not it.
    div = {"echelon": "division"}
    doc = linker(make_doc(nlp, "以军第36师和第98师在加沙作战", [
        ("以军第36师", "MILITARY_UNIT", {**div, "number": 36, "country": "israel"}),
        ("第98师", "MILITARY_UNIT", {**div, "number": 98}), ("加沙", "PLACE")]))
    assert ids(doc)[1].startswith("~")
    doc = linker(make_doc(nlp, "以军第36师、第162师和第98师在加沙作战", [
        ("以军第36师", "MILITARY_UNIT", {**div, "number": 36, "country": "israel"}),
        ("第162师", "MILITARY_UNIT", {**div, "number": 162}), ("第98师", "MILITARY_UNIT", {**div, "number": 98})]))
    assert ids(doc)[2].startswith("~")  # the country passes along the coordination
    doc = linker(make_doc(nlp, "俄军第76空降师和第98师参战", [
        ("俄军第76空降师", "MILITARY_UNIT", {**div, "number": 76}), ("第98师", "MILITARY_UNIT", {**div, "number": 98})]))
    assert ids(doc) == ["ru-76-air-assault-division", "ru-98-airborne-division"]
    # Coordinated with a unit of an army the KB lacks: not another country's KB unit of that number.
    doc = linker(make_doc(nlp, "美国表示支持停火。叙利亚国防部表示，第40师和第82师已撤离", [
        ("美国", "PLACE"), ("叙利亚", "PLACE"), ("第40师", "MILITARY_UNIT", {**div, "number": 40}),
        ("第82师", "MILITARY_UNIT", {**div, "number": 82})]))
    assert ids(doc)[3].startswith("~")
    # With the KB unit's country in context, the unit is the KB's (美国国防部宣布，第10山地师和第82空降师).
    doc = linker(make_doc(nlp, "美国国防部宣布，第10山地师和第82空降师将轮换部署", [
        ("美国国防部", "ORG"), ("第10山地师", "MILITARY_UNIT", {**div, "number": 10}),
        ("第82空降师", "MILITARY_UNIT", {**div, "number": 82, "branch": "airborne"})]))
    assert ids(doc)[2] == "us-82-airborne-division"


def test_a_service_without_its_country_is_that_branch_of_the_country_in_context(linker, nlp):
    doc = linker(make_doc(nlp, "美国国防部表示，海军将增派舰艇", [("美国国防部", "ORG"), ("海军", "MILITARY_UNIT", {"branch": "navy"})]))
    assert ids(doc) == ["us-department-of-defense", "us-navy"] and doc.ents[1]._.attrs["link_method"] == "context"
    # An armed force named before it outweighs a place named since (访美 is a visit).
    doc = linker(make_doc(nlp, "韩国陆军代表团访美后，空军也举行演习", [
        ("韩国陆军", "MILITARY_UNIT"), ("美", "PLACE"), ("空军", "MILITARY_UNIT", {"branch": "air-force"})]))
    assert ids(doc) == ["rok-army", "united-states", "rok-air-force"]
    doc = linker(make_doc(nlp, "他说海军是伟大的军种", [("海军", "MILITARY_UNIT", {"branch": "navy"})]))
    assert ids(doc)[0].startswith("~military-unit-")  # no country: a cluster
    # A country whose service the KB lacks: that country's, never one id for every country's army.
    nepal = linker(make_doc(nlp, "尼泊尔军队表示，陆军将维持秩序", [("尼泊尔军队", "MILITARY_UNIT", {"country": "nepal"}),
                                                           ("陆军", "MILITARY_UNIT", {"branch": "army"})]))
    eritrea = linker(make_doc(nlp, "厄立特里亚军队表示，陆军已集结", [("厄立特里亚军队", "MILITARY_UNIT", {"country": "eritrea"}),
                                                             ("陆军", "MILITARY_UNIT", {"branch": "army"})]))
    assert ids(nepal)[1] != ids(eritrea)[1] and nepal.ents[1]._.attrs["country"] == "nepal"
    # In a state's own press, its own service before a place of another named in passing.
    text = "韩联社首尔1月13日电 国会通过关于“平壤无人机”事件的法案。陆军无人机作战司令部前司令官被拘"
    doc = linker(make_doc(nlp, text, [("韩联社", "ORG"), ("首尔", "PLACE"), ("平壤", "PLACE"),
                                      ("陆军", "MILITARY_UNIT", {"branch": "army"})]))
    assert ids(doc)[3] == "rok-army"
    # Several countries' services are none of them.
    for text, mentions in (("美日韩三国海军举行演习", [("美", "PLACE"), ("日", "PLACE"), ("韩", "PLACE")]),
                           ("美国和韩国两国海军举行演习", [("美国", "PLACE"), ("韩国", "PLACE")])):
        doc = linker(make_doc(nlp, text, [*mentions, ("海军", "MILITARY_UNIT", {"branch": "navy"})]))
        assert ids(doc)[-1].startswith("~military-unit-"), text


def test_a_direction_is_no_spelling_variant(linker, nlp):
    # No 北部军区 in the KB: its own cluster, not the Southern or Eastern district.
    doc = linker(make_doc(nlp, "俄罗斯北部军区", [("俄罗斯北部军区", "MILITARY_UNIT", {"country": "russia"})]))
    assert ids(doc)[0].startswith("~")


def test_fuzzy_variant_is_linked_with_its_method(linker, nlp):
    doc = linker(make_doc(nlp, "斯托尔滕堡表示", [("斯托尔滕堡", "PERSON")]))
    assert ids(doc) == ["jens-stoltenberg"] and doc.ents[0]._.attrs["link_method"] == "fuzzy"


def test_cluster_ids_are_stable_across_documents(linker, nlp):
    first = linker(make_doc(nlp, "马尔科沃村遭炮击", [("马尔科沃村", "PLACE")]))
    second = linker(make_doc(nlp, "记者抵达马尔科沃村", [("马尔科沃村", "PLACE")]))
    assert ids(first) == ids(second) and ids(first)[0].startswith("~place-")


def test_non_linkable_entities_are_left_alone(linker, nlp):
    doc = linker(make_doc(nlp, "约5000名", [("约5000名", "NUMBER", {"value": 5000})]))
    assert doc.ents[0].kb_id_ == "" and "link_method" not in doc.ents[0]._.attrs


def test_round_trip_through_bytes_disk_and_pickle(linker, nlp, tmp_path):
    linker.to_disk(tmp_path / "linker")
    copies = [AliasLinker(nlp, kb=linker.kb).from_bytes(linker.to_bytes()),
              AliasLinker(nlp, kb=linker.kb).from_disk(tmp_path / "linker"), pickle.loads(pickle.dumps(linker))]
    for copy in copies:
        doc = copy(make_doc(nlp, "苏梅前线", [("苏梅", "PLACE")]))
        assert ids(doc) == ["sumy-oblast"]


def test_latin_name_in_brackets_takes_the_id_of_the_name_it_glosses(linker, nlp):
    doc = linker(make_doc(nlp, "别尔哥罗德州（Belgorod）", [("别尔哥罗德州", "PLACE"), ("Belgorod", "PLACE")]))
    assert ids(doc) == ["belgorod-oblast", "belgorod-oblast"]
    # Latin letters with diacritics are a gloss too, whatever label the model gave them.
    doc = linker(make_doc(nlp, "埃爾多安（Recep Tayyip Erdoğan）", [("埃爾多安", "PERSON"), ("Recep Tayyip Erdoğan", "ORG")]))
    assert ids(doc) == ["recep-tayyip-erdogan", "recep-tayyip-erdogan"] and doc.ents[1].label_ == "PERSON"
    # A KB warship the KB writes only with its type (杜鲁门号航母), in quotes with 号 alone.
    doc = linker(make_doc(nlp, "“杜鲁门”号抵达", [("“杜鲁门”号", "MILITARY_UNIT", {"echelon": "ship"})]))
    assert ids(doc) == ["uss-harry-s-truman"]
    # A ship's name in quotes, 号, then its gloss: one id for both.
    doc = linker(make_doc(nlp, "“魔法海洋”号（Magic Seas）", [("魔法海洋", "ORG"), ("Magic Seas", "ORG")]))
    assert ids(doc)[0] == ids(doc)[1]


def test_saved_pipeline_links_the_same_after_spacy_load(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("new-village\t新村庄\tPLACE\tvillage\tukraine\n", encoding="utf-8")
    nlp = spacy.blank("zh")
    nlp.add_pipe("newsnlp_gazetteer", name="gazetteer", config={"kb_extra": [str(extra)]})
    nlp.add_pipe("newsnlp_resolver", name="resolver")
    nlp.add_pipe("newsnlp_linker", name="linker", config={"kb_extra": [str(extra)]})
    text = "俄军炮击新村庄和赫尔松州"
    before = [(e.text, e.kb_id_) for e in nlp(text).ents]
    nlp.to_disk(tmp_path / "pipeline")
    extra.unlink()
    reloaded = spacy.load(tmp_path / "pipeline")
    assert [(e.text, e.kb_id_) for e in reloaded(text).ents] == before
    assert ("新村庄", "new-village") in before


def test_coordinated_units_are_not_linked_to_their_first_member(linker, nlp):
    attrs = {"echelon": "army", "members": ["第5集团军", "第29集团军", "第35集团军"]}
    doc = linker(make_doc(nlp, "第5、29、35集团军", [("第5、29、35集团军", "MILITARY_UNIT", attrs)]))
    assert ids(doc)[0].startswith("~military-unit-") and doc.ents[0]._.attrs["members"] == attrs["members"]


def test_first_name_of_a_list_ending_in_a_region_count_is_the_region():
    import newsnlp

    nlp = newsnlp.load()
    doc = nlp("俄军加强了对哈尔科夫、苏梅和切尔尼戈夫三州的攻势。")
    ids = {e.text: e.kb_id_ for e in doc.ents if e.label_ == "PLACE"}
    assert ids["哈尔科夫"] == "kharkiv-oblast"
    assert ids["苏梅"] == "sumy-oblast"
    assert ids["切尔尼戈夫"] == "chernihiv-oblast"


def test_a_one_character_short_form_is_the_country_written_before_that_begins_with_it(linker, nlp):
    # The KB gives no 芬 or 巴: 芬兰 and 巴基斯坦 say which country they are here.
    doc = linker(make_doc(nlp, "芬兰总理说，俄军仍在芬东部边境", [("芬兰", "PLACE"), ("俄军", "MILITARY_UNIT"), ("芬", "PLACE")]))
    assert ids(doc)[2] == "finland" and doc.ents[2]._.attrs["link_method"] == "short-form"
    doc = linker(make_doc(nlp, "巴基斯坦称，巴防长", [("巴基斯坦", "PLACE"), ("巴", "PLACE")]))
    assert ids(doc)[1] == "pakistan"
    # Beside another short form too, where no other country's name begins with it (芬俄边境).
    assert ids(linker(make_doc(nlp, "芬兰加入北约后，芬俄边境关闭", [("芬兰", "PLACE"), ("芬", "PLACE")])))[-1] == "finland"
    # No guess: two countries begin with it (巴基斯坦, 巴勒斯坦); none was written out (a city's
    # country does not count); a pair of short forms where others begin so (美苏 the US and the
    # Soviet Union, 中阿 China and the Arab states).
    cases = [("巴基斯坦和巴勒斯坦，巴方", [("巴基斯坦", "PLACE"), ("巴勒斯坦", "PLACE"), ("巴", "PLACE")]),
             ("在维也纳，芬南部", [("维也纳", "PLACE"), ("芬", "PLACE")]),
             ("苏丹。美苏冷战", [("苏丹", "PLACE"), ("苏", "PLACE")]),
             ("阿联酋外长访华，中阿双方", [("阿联酋", "PLACE"), ("阿", "PLACE")])]
    # A pair the press reads one way wins over the country written before (巴以 is Palestine, not Brazil).
    assert ids(linker(make_doc(nlp, "巴西总统呼吁巴以双方停火", [("巴西", "PLACE"), ("巴", "PLACE")])))[-1] == "palestine"
    for text, mentions in cases:
        assert ids(linker(make_doc(nlp, text, mentions)))[-1].startswith("~"), text
    # A headline's short form before the body writes the country out.
    doc = linker(make_doc(nlp, "巴方称击落6架\n印度与巴基斯坦冲突", [("巴", "PLACE"), ("印度", "PLACE"), ("巴基斯坦", "PLACE")]))
    assert ids(doc)[0] == "pakistan"


def test_a_short_form_two_countries_share_is_the_one_named_last(linker, nlp):
    # 伊 is Iran's in the KB; after 伊拉克 it is Iraq's, after 伊朗 again Iran's, and Iran's where neither is named.
    doc = linker(make_doc(nlp, "土军在伊拉克北部设立据点，不会撤回驻伊部队", [("伊拉克", "PLACE"), ("伊", "PLACE")]))
    assert ids(doc)[-1] == "iraq" and doc.ents[-1]._.attrs["link_method"] == "short-form"
    doc = linker(make_doc(nlp, "伊拉克和伊朗都表示，美伊关系", [("伊拉克", "PLACE"), ("伊朗", "PLACE"), ("伊", "PLACE")]))
    assert ids(doc)[-1] == "iran"
    assert ids(linker(make_doc(nlp, "美伊关系紧张", [("伊", "PLACE")])))[-1] == "iran"


def test_australias_short_form_is_macau_after_hong_kongs(linker, nlp):
    doc = linker(make_doc(nlp, "港澳台同胞，中澳关系", [("港", "PLACE"), ("澳", "PLACE"), ("台", "PLACE"), ("中", "PLACE"), ("澳", "PLACE")]))
    assert ids(doc) == ["hong-kong", "macau", "taiwan", "china", "australia"]


def test_ba_and_li_beside_yi_are_palestine_and_lebanon_and_ba_beside_yin_pakistan(linker, nlp):
    doc = linker(make_doc(nlp, "巴以冲突，以巴和谈，以黎停火，印巴边境", [
        ("巴", "PLACE"), ("以", "PLACE"), ("以", "PLACE"), ("巴", "PLACE"), ("黎", "PLACE"), ("印", "PLACE"), ("巴", "PLACE")]))
    assert ids(doc) == ["palestine", "israel", "israel", "palestine", "lebanon", "india", "pakistan"]
    # In a set phrase: 巴控克什米尔 is Pakistan-administered Kashmir; a bare 巴控区 is not read so.
    assert ids(linker(make_doc(nlp, "巴控克什米尔", [("巴", "PLACE")]))) == ["pakistan"]
    assert ids(linker(make_doc(nlp, "西岸巴控区", [("巴", "PLACE")]))) != ["pakistan"]


def test_a_bare_body_of_several_countries_is_none_of_them(linker, nlp):
    doc = linker(make_doc(nlp, "美国和韩国两国国防部长会晤", [("美国", "PLACE"), ("韩国", "PLACE"), ("国防部", "ORG")]))
    assert ids(doc)[:2] == ["united-states", "south-korea"] and ids(doc)[2].startswith("~")
    doc = linker(make_doc(nlp, "美国国防部长", [("美国", "PLACE"), ("国防部", "ORG")]))
    assert ids(doc)[1] == "us-department-of-defense"


def test_a_unit_named_in_quotes_links_to_the_kb_name_without_them(linker, nlp):
    doc = linker(make_doc(nlp, "“艾哈迈德”特种部队", [("“艾哈迈德”特种部队", "MILITARY_UNIT")]))
    assert ids(doc) == ["akhmat"]
    doc = linker(make_doc(nlp, "俄罗斯“瓦格纳”部队", [("俄罗斯“瓦格纳”部队", "MILITARY_UNIT")]))
    assert ids(doc) == ["wagner-group"]  # only the quoted name is a KB unit


def test_a_region_short_form_beside_a_country_short_form_is_no_pair(linker, nlp):
    # 欧 is Europe's, a region's: 匈 beside it is still the country written out before.
    doc = linker(make_doc(nlp, "匈牙利外长称，匈欧分歧加大", [("匈牙利", "PLACE"), ("匈", "PLACE"), ("欧", "PLACE")]))
    assert ids(doc) == ["hungary", "hungary", "europe"]
    doc = linker(make_doc(nlp, "港、澳地区", [("港", "PLACE"), ("澳", "PLACE")]))
    assert ids(doc) == ["hong-kong", "macau"]


def test_a_ministry_the_kb_lacks_shares_one_cluster_written_whole_or_after_its_country(linker, nlp):
    doc = linker(make_doc(nlp, "布隆迪国防部长说，布隆迪国防部，卢旺达国防部长，国防部",
                          [("布隆迪", "PLACE"), ("国防部", "ORG"), ("布隆迪国防部", "ORG"),
                           ("卢旺达", "PLACE"), ("国防部", "ORG"), ("国防部", "ORG")]))
    burundi, whole, rwanda, bare = ids(doc)[1], ids(doc)[2], ids(doc)[4], ids(doc)[5]
    assert burundi.startswith("~") and burundi == whole
    assert burundi != rwanda  # another country's ministry
    assert bare == rwanda  # a bare one is the ministry the document named last


def test_a_bare_body_is_the_one_named_in_full_before_it(linker, nlp):
    doc = linker(make_doc(nlp, "美国国防部宣布援助乌克兰。国防部发言人称", [
        ("美国国防部", "ORG"), ("乌克兰", "PLACE"), ("国防部", "ORG")]))
    assert ids(doc)[-1] == "us-department-of-defense"  # not Ukraine's, the country named last
    # Of two bodies named before, the one of the country in context (here the US, by its minister).
    doc = linker(make_doc(nlp, "美国国防部长赫格塞思会见乌克兰国防部长乌梅罗夫。赫格塞思表示，国防部将继续支持", [
        ("美国", "PLACE"), ("国防部", "ORG"), ("赫格塞思", "PERSON"), ("乌克兰", "PLACE"), ("国防部", "ORG"),
        ("乌梅罗夫", "PERSON"), ("赫格塞思", "PERSON"), ("国防部", "ORG")]))
    assert ids(doc)[-1] == "us-department-of-defense"
    doc = linker(make_doc(nlp, "美国国会参议院通过法案。参议院表示", [("美国国会参议院", "ORG"), ("参议院", "ORG")]))
    assert ids(doc)[0] == ids(doc)[1]
    # A country named earlier in the sentence is stronger than the body named in an earlier one, and
    # where the KB lacks its body, the bare one is no known body.
    doc = linker(make_doc(nlp, "俄罗斯国防部称，乌军受挫。乌克兰方面表示，国防部正在核实", [
        ("俄罗斯国防部", "ORG"), ("乌军", "MILITARY_UNIT"), ("乌克兰", "PLACE"), ("国防部", "ORG")]))
    assert ids(doc)[-1] == "ministry-of-defence-of-ukraine"
    doc = linker(make_doc(nlp, "美国国会参议院通过法案。泰国议会选举后，参议院将选举新总理", [
        ("美国国会参议院", "ORG"), ("泰国议会", "ORG"), ("参议院", "ORG")]))
    assert ids(doc)[-1].startswith("~")
    # No country in the text: words only Taiwan's press writes of its side say whose body it is.
    doc = linker(make_doc(nlp, "國防部今天表示，共機12架次", [("國防部", "ORG")]))
    assert ids(doc) == ["taiwan-defense-department"]
    # The office holder still tells whose body it is (毛宁 speaks for China's ministry).
    doc = linker(make_doc(nlp, "俄罗斯外交部发表声明。外交部发言人毛宁表示", [
        ("俄罗斯外交部", "ORG"), ("外交部", "ORG"), ("毛宁", "PERSON")]))
    assert ids(doc)[1] == "ministry-of-foreign-affairs-of-china"


def test_groups_named_after_one_kb_ship_share_a_cluster(linker, nlp):
    group = {"echelon": "naval-group"}
    doc = linker(make_doc(nlp, "辽宁舰编队，辽宁号航母编队，遼寧號航艦編隊，山东舰编队",
                          [("辽宁舰编队", "MILITARY_UNIT", group), ("辽宁号航母编队", "MILITARY_UNIT", group),
                           ("遼寧號航艦編隊", "MILITARY_UNIT", group), ("山东舰编队", "MILITARY_UNIT", group)]))
    liaoning = set(ids(doc)[:3])
    assert len(liaoning) == 1 and liaoning.pop().startswith("~") and ids(doc)[3] not in ids(doc)[:3]


def test_a_bare_body_after_two_countries_written_together_is_neither_countrys(linker, nlp):
    doc = linker(make_doc(nlp, "美韩国防部长", [("美", "PLACE"), ("韩", "PLACE"), ("国防部", "ORG")]))
    assert ids(doc)[:2] == ["united-states", "south-korea"] and ids(doc)[2].startswith("~")


def test_a_city_of_another_country_than_the_one_written_before_it_is_not_linked(linker, nlp):
    doc = linker(make_doc(nlp, "英国纽卡斯尔，澳大利亚纽卡斯尔", [("英国", "PLACE"), ("纽卡斯尔", "PLACE"),
                                                     ("澳大利亚", "PLACE"), ("纽卡斯尔", "PLACE")]))
    assert ids(doc)[1].startswith("~") and ids(doc)[3] == "newcastle"


def test_a_town_and_a_village_of_one_name_keep_two_clusters(linker, nlp):
    doc = linker(make_doc(nlp, "王庄镇王庄村", [("王庄镇", "PLACE"), ("王庄村", "PLACE")]))
    assert ids(doc)[0] != ids(doc)[1]


def test_a_kb_entity_carries_its_canonical_name(linker, nlp):
    doc = linker(make_doc(nlp, "美韩军演", [("美", "PLACE"), ("韩", "PLACE")]))
    assert [e._.attrs.get("canonical_name") for e in doc.ents] == ["美国", "韩国"]


def test_donghai_in_a_story_on_the_koreas_is_the_sea_of_japan(linker, nlp):
    doc = linker(make_doc(nlp, "朝鲜向东海发射导弹，中国海警在东海巡航", [
        ("朝鲜", "PLACE"), ("东海", "PLACE"), ("中国海警", "ORG"), ("东海", "PLACE")]))
    assert [ids(doc)[1], ids(doc)[3]] == ["sea-of-japan", "east-china-sea"]


def test_a_unit_named_by_its_kb_name_gets_the_kbs_attributes(linker, nlp):
    doc = linker(make_doc(nlp, "暴风军团参战", [("暴风军团", "MILITARY_UNIT")]))
    attrs = doc.ents[0]._.attrs
    assert (attrs["echelon"], attrs["number"], attrs["country"]) == ("corps", 11, "north-korea")


def test_the_region_cues_read_traditional_script(linker, nlp):
    doc = linker(make_doc(nlp, "北韓軍在庫爾斯克作戰", [("北韓軍", "MILITARY_UNIT"), ("庫爾斯克", "PLACE")]))
    assert ids(doc)[1] == "kursk-oblast"


@pytest.mark.parametrize("text, body, expected", [
    ("关于伊朗核问题，外交部发言人表示，中方主张对话", "外交部", "ministry-of-foreign-affairs-of-china"),
    # The topic is not the body's country; a mainland text naming no other country is China's.
    ("在被问及美国对台军售时，国防部新闻发言人表示反对", "国防部", "ministry-of-national-defense-of-china"),
    ("芬兰、瑞典和立陶宛五国国防部长会晤", "国防部", None),               # several countries' ministers
])
def test_a_bare_body_and_the_countries_a_chinese_briefing_speaks_of(linker, nlp, text, body, expected):
    countries = [(c, "PLACE") for c in ("伊朗", "美国", "芬兰", "瑞典", "立陶宛") if c in text]
    mentions = sorted(countries + [(body, "ORG")], key=lambda m: text.index(m[0]))
    doc = linker(make_doc(nlp, text, mentions))
    found = next(e for e in doc.ents if e.text == body)
    if expected:
        assert found.kb_id_ == expected
    else:
        assert found.kb_id_.startswith("~org-") and found._.attrs["link_method"] == "document"


def test_bare_bodies_of_two_countries_the_kb_lacks_are_two_entities(linker, nlp):
    japan = linker(make_doc(nlp, "日本众议院选举", [("日本", "PLACE"), ("众议院", "ORG")]))
    poland = linker(make_doc(nlp, "波兰众议院通过法案", [("波兰", "PLACE"), ("众议院", "ORG")]))
    assert ids(japan)[1] != ids(poland)[1]


def test_a_bare_body_in_a_mainland_text_that_names_no_country_is_chinas(linker, nlp):
    doc = linker(make_doc(nlp, "党中央、国务院十分关心灾区", [("国务院", "ORG")]))
    assert ids(doc) == ["state-council-of-china"]
    doc = linker(make_doc(nlp, "國務院表示", [("國務院", "ORG")]))  # traditional script: not the mainland's press
    assert ids(doc) != ["state-council-of-china"]


@pytest.mark.parametrize("text, mentions, body, expected", [
    ("乌克兰国防部长乌梅罗夫表示，国防部将加强与中方的沟通", [("乌克兰", "PLACE"), ("国防部", "ORG")], 1,
     "ministry-of-defence-of-ukraine"),                          # 中方 later does not beat the sentence's country
    ("国防部当天称，俄军击退了乌军", [("国防部", "ORG"), ("俄军", "MILITARY_UNIT"), ("乌军", "MILITARY_UNIT")], 0,
     None),                                                      # a foreign army after it: no mainland default
    ("就在美国宣布制裁之际，财政部表示", [("美国", "PLACE"), ("财政部", "ORG")], 1, "us-treasury"),  # 就在 fronts no topic
    # Simplified script: not Taiwan's; an unnamed spokesperson's briefing is China's.
    ("台湾当局宣布新措施。外交部发言人表示反对", [("台湾", "PLACE"), ("外交部", "ORG")], 1,
     "ministry-of-foreign-affairs-of-china"),
    ("日本首相发表涉台言论。外交部发言人表示强烈不满", [("日本", "PLACE"), ("外交部", "ORG")], 1,
     "ministry-of-foreign-affairs-of-china"),
    # Simplified script, a country in context without a body of this name: China's (Japan's is 外务省).
    ("日本首相发表涉台言论。外交部表示强烈不满", [("日本", "PLACE"), ("外交部", "ORG")], 1,
     "ministry-of-foreign-affairs-of-china"),
    ("解放军在台湾周边举行演习。国防部表示，演习是严厉惩戒", [("解放军", "MILITARY_UNIT"), ("台湾", "PLACE"),
                                                            ("国防部", "ORG")], 2, "ministry-of-national-defense-of-china"),
    ("日本首相發表涉台言論。外交部表示強烈不滿", [("日本", "PLACE"), ("外交部", "ORG")], 1, None),  # traditional script
    # Other states' bodies the KB lacks stay theirs (Thailand's spokesman), and so after several states.
    ("泰国和柬埔寨边境爆发冲突。国防部发言人苏拉森表示", [("泰国", "PLACE"), ("柬埔寨", "PLACE"), ("国防部", "ORG")], 2, None),
    ("印度总理莫迪访问日本。外交部发言人贾斯瓦尔表示", [("印度", "PLACE"), ("日本", "PLACE"), ("外交部", "ORG")], 2, None),
])
def test_bare_bodies_after_the_second_review(linker, nlp, text, mentions, body, expected):
    found = linker(make_doc(nlp, text, mentions)).ents[body]
    if expected:
        assert found.kb_id_ == expected
    else:
        assert found.kb_id_.startswith("~org-")


def test_a_surname_before_another_form_of_the_office_of_the_full_name(linker, nlp):
    doc = linker(make_doc(nlp, "外交部长王毅会见。王外长表示", [("王毅", "PERSON"), ("王", "PERSON")]))
    assert ids(doc) == ["wang-yi", "wang-yi"]
    doc = linker(make_doc(nlp, "外长王毅会见。王大使表示", [("王毅", "PERSON"), ("王", "PERSON")]))
    assert ids(doc)[1] != "wang-yi"


def test_a_bare_foreign_intelligence_service_is_that_of_the_country_in_context(linker, nlp):
    doc = linker(make_doc(nlp, "俄罗斯总统会见对外情报局局长", [("俄罗斯", "PLACE"), ("对外情报局", "ORG")]))
    assert ids(doc) == ["russia", "svr"]
    doc = linker(make_doc(nlp, "乌克兰总统任命对外情报局局长", [("乌克兰", "PLACE"), ("对外情报局", "ORG")]))
    assert ids(doc) == ["ukraine", "foreign-intelligence-service-of-ukraine"]


def test_a_bare_body_in_taiwans_press_is_taiwans_though_the_pla_was_named_before(linker, nlp):
    text = "中共東部戰區今天宣布演習。國防部今晚表示，偵獲共機76架次。"
    doc = linker(make_doc(nlp, text, [("中共", "ORG"), ("東部戰區", "MILITARY_UNIT"), ("國防部", "ORG")]))
    assert ids(doc)[2] == "taiwan-defense-department"
    # A body named in full before still decides (美國國防部 … 國防部估計 is the Pentagon).
    text = "美國國防部發布中國軍力報告。報告指出共軍擴張。國防部估計"
    doc = linker(make_doc(nlp, text, [("美國國防部", "ORG"), ("共軍", "MILITARY_UNIT"), ("國防部", "ORG")]))
    assert ids(doc)[2] == "us-department-of-defense"
    # The mainland's ministry named before is not: Taiwan's press never writes it bare.
    text = "大陸國防部發言人表示。國防部統計，共機擾台1000架次"
    doc = linker(make_doc(nlp, text, [("大陸國防部", "ORG"), ("國防部", "ORG")]))
    assert ids(doc) == ["ministry-of-national-defense-of-china", "taiwan-defense-department"]
    # The PLA in the same headline is no country named: 共軍…演習 國防部：偵獲共機 is Taiwan's.
    text = "共軍演習第2天 國防部：偵獲共機130架次"
    doc = linker(make_doc(nlp, text, [("共軍", "MILITARY_UNIT"), ("國防部", "ORG")]))
    assert ids(doc)[1] == "taiwan-defense-department"
    # A country in the body's own sentence still decides (美國國防部長 … is the Pentagon's).
    doc = linker(make_doc(nlp, "偵獲共機。美國總統表示，國防部將出售武器", [("美國", "PLACE"), ("國防部", "ORG")]))
    assert ids(doc)[1] == "us-department-of-defense"


def test_a_bare_body_in_yonhaps_copy_is_south_koreas(linker, nlp):
    text = "韩联社首尔1月5日电 李在明与中国国家主席习近平会谈。国防部当天表示"
    doc = linker(make_doc(nlp, text, [("韩联社", "ORG"), ("李在明", "PERSON"), ("中国", "PLACE"), ("习近平", "PERSON"),
                                      ("国防部", "ORG")]))
    assert ids(doc)[-1] == "ministry-of-national-defense-of-south-korea"
    # A body named in full before still decides (中国外交部 … 外交部).
    text = "韩联社首尔1月5日电 中国外交部表示支持。外交部还表示"
    doc = linker(make_doc(nlp, text, [("韩联社", "ORG"), ("中国外交部", "ORG"), ("外交部", "ORG")]))
    assert ids(doc)[-1] == "ministry-of-foreign-affairs-of-china"
    # Zaobao's lead-in (联合早报讯): Singapore's.
    text = "联合早报讯 新加坡与马来西亚签署协议。外交部发言人说"
    doc = linker(make_doc(nlp, text, [("联合早报", "ORG"), ("新加坡", "PLACE"), ("马来西亚", "PLACE"), ("外交部", "ORG")]))
    assert ids(doc)[-1] == "ministry-of-foreign-affairs-of-singapore"


def test_a_person_of_another_country_does_not_override_the_body_named_in_full(linker, nlp):
    text = "美国财政部宣布制裁。鉴于普京拒绝结束战争，财政部决定制裁"
    doc = linker(make_doc(nlp, text, [("美国财政部", "ORG"), ("普京", "PERSON"), ("财政部", "ORG")]))
    assert ids(doc) == ["us-treasury", "vladimir-putin", "us-treasury"]
    # Without a body named before, the person's country is the context (普京表示，国防部…).
    doc = linker(make_doc(nlp, "普京表示，国防部将", [("普京", "PERSON"), ("国防部", "ORG")]))
    assert ids(doc)[1] == "ministry-of-defence-of-russia"


def test_a_name_linked_by_its_context_keeps_its_id_where_written_again_without_it(linker, nlp):
    text = "叙利亚过渡总统沙拉访问白宫。法国希望沙拉政府保障权利"
    doc = linker(make_doc(nlp, text, [("叙利亚", "PLACE"), ("沙拉", "PERSON"), ("沙拉", "PERSON")]))
    assert ids(doc)[1] == ids(doc)[2] == "ahmed-al-sharaa"


def test_a_name_in_a_headline_takes_the_kb_id_its_context_gives_it_later(linker, nlp):
    text = "沙拉政府加入反恐联盟。叙利亚过渡总统沙拉表示"
    doc = linker(make_doc(nlp, text, [("沙拉", "PERSON"), ("叙利亚", "PLACE"), ("沙拉", "PERSON")]))
    assert ids(doc)[0] == ids(doc)[2] == "ahmed-al-sharaa"


def test_a_gloss_that_names_a_kb_person_links_the_name_before_it_too(linker, nlp):
    doc = linker(make_doc(nlp, "参议员威克（Roger Wicker）表示", [("威克", "PERSON"), ("Roger Wicker", "PERSON")]))
    assert ids(doc) == ["roger-wicker", "roger-wicker"]
    assert doc.ents[0]._.attrs["canonical_name"] == "罗杰·威克"


def test_a_gloss_naming_another_bearer_of_the_surname_relinks_the_name(linker, nlp):
    doc = linker(make_doc(nlp, "沃洛申（Vladyslav Voloshyn）说", [("沃洛申", "PERSON"), ("Vladyslav Voloshyn", "PERSON")]))
    assert ids(doc)[0] == ids(doc)[1] != "nazar-voloshyn"  # someone the KB lacks
    doc = linker(make_doc(nlp, "约翰逊（Boris Johnson）说", [("约翰逊", "PERSON"), ("Boris Johnson", "PERSON")]))
    assert ids(doc) == ["boris-johnson"] * 2  # the KB's other bearer
    doc = linker(make_doc(nlp, "普京（Wladimir Putin）说", [("普京", "PERSON"), ("Wladimir Putin", "PERSON")]))
    assert ids(doc) == ["vladimir-putin"] * 2  # a variant spelling of the first name


def test_a_gloss_that_is_a_kb_persons_english_name_links_both(linker, nlp):
    # The short form 卡米什 is no KB name; the English name is, whatever its accents and case
    # (the model's label on Latin letters is a guess: it takes the person's).
    for gloss in ("Władysław Kosiniak-Kamysz", "wladyslaw kosiniak-kamysz"):
        doc = linker(make_doc(nlp, f"波兰国防部长卡米什（{gloss}）表示", [("卡米什", "PERSON"), (gloss, "ORG")]))
        assert [(e.label_, e.kb_id_) for e in doc.ents] == [("PERSON", "wladyslaw-kosiniak-kamysz")] * 2, gloss
    # A namesake stays another bearer: the title's country is not the KB person's, or the name
    # before already named that person and was read as someone else.
    for name in ("佩德罗·桑切斯", "桑切斯"):
        doc = linker(make_doc(nlp, f"哥伦比亚国防部长{name}（Pedro Sánchez）表示",
                              [("哥伦比亚", "PLACE"), (name, "PERSON"), ("Pedro Sánchez", "PERSON")]))
        assert ids(doc)[1] == ids(doc)[2] != "pedro-sanchez", name


def test_a_short_form_in_brackets_after_a_name_is_that_entity(linker, nlp):
    doc = linker(make_doc(nlp, "韩国联合参谋本部（联参）表示", [("韩国联合参谋本部", "MILITARY_UNIT"), ("联参", "PERSON")]))
    assert ids(doc) == ["rok-jcs", "rok-jcs"] and doc.ents[1].label_ == "MILITARY_UNIT"
    # A piece of the name written whole is no short form of it (联合国安理会（联合国）: the parent).
    doc = linker(make_doc(nlp, "联合国安理会（联合国）", [("联合国安理会", "ORG"), ("联合国", "ORG")]))
    assert ids(doc) == ["un-security-council", "united-nations"]
    # A description in brackets is no short form of the name (普京（俄罗斯总统）).
    doc = linker(make_doc(nlp, "普京（俄罗斯总统）表示", [("普京", "PERSON"), ("俄罗斯", "PLACE")]))
    assert ids(doc) == ["vladimir-putin", "russia"]


def test_a_numbered_company_is_no_army_of_that_number(linker, nlp):
    doc = linker(make_doc(nlp, "第5连队官兵冒雪巡逻", [("第5连队", "MILITARY_UNIT", {"number": 5, "echelon": "company"})]))
    assert ids(doc)[0].startswith("~")


def test_a_kb_unit_written_in_full_is_no_short_form_of_another_armys_unit(linker, nlp):
    div = {"echelon": "division", "number": 36}
    doc = linker(make_doc(nlp, "叙利亚政府军第36师进入苏韦达。以色列国防军第36师集结", [
        ("叙利亚", "PLACE"), ("第36师", "MILITARY_UNIT", div),
        ("以色列国防军第36师", "MILITARY_UNIT", {**div, "country": "israel"})]))
    assert ids(doc)[2] == "idf-36-division" and ids(doc)[1] != ids(doc)[2]


def test_a_states_name_without_its_suffix_needs_its_country_named(linker, nlp):
    doc = linker(make_doc(nlp, "维多利亚瀑布游客人数创新高", [("维多利亚", "PLACE")]))
    assert ids(doc)[0].startswith("~")
    doc = linker(make_doc(nlp, "澳大利亚维多利亚发生山火", [("澳大利亚", "PLACE"), ("维多利亚", "PLACE")]))
    assert ids(doc)[1] == "victoria-australia"



@pytest.mark.parametrize("text, mentions, expected", [
    # A state's forces named without the state: those of the country named last.
    ("苏丹主权委员会主席、武装部队总司令布尔汉", [("苏丹", "PLACE"), ("武装部队", "MILITARY_UNIT")],
     ["sudan", "sudanese-armed-forces"]),
    # A KB unit written after its country's name and service.
    ("该潜艇隶属俄罗斯海军北方舰队", [("俄罗斯海军北方舰队", "MILITARY_UNIT", {"echelon": "fleet", "country": "russia"})],
     ["northern-fleet"]),
    ("该潜艇隶属俄海军北方舰队", [("俄海军北方舰队", "MILITARY_UNIT", {"echelon": "fleet", "country": "russia"})],
     ["northern-fleet"]),
    # A body whatever its term.
    ("朝鲜劳动党第八届中央委员会全体会议", [("朝鲜劳动党第八届中央委员会", "ORG")], ["wpk-central-committee"]),
])
def test_forces_units_and_bodies_written_with_more_than_their_kb_name(linker, nlp, text, mentions, expected):
    assert ids(linker(make_doc(nlp, text, mentions))) == expected


def test_a_group_named_after_a_quoted_ship_is_the_group_written_either_way(linker, nlp):
    text = "山東艦編隊南海訓練。「山東艦」航母編隊在南海開展訓練"
    group = {"echelon": "naval-group"}
    doc = linker(make_doc(nlp, text, [("山東艦編隊", "MILITARY_UNIT", group), ("「山東艦」航母編隊", "MILITARY_UNIT", group)]))
    assert ids(doc)[0] == ids(doc)[1] != "shandong-carrier"


def test_in_taiwans_press_a_short_form_names_no_bare_bodys_country(linker, nlp):
    text = "國軍持續戰備。顧立雄坦言，對美軍購案尚未交運，國防部已多次向美方表達關切"
    doc = linker(make_doc(nlp, text, [("國軍", "MILITARY_UNIT"), ("美", "PLACE"), ("國防部", "ORG"), ("美方", "PLACE")]))
    assert ids(doc)[2] == "taiwan-defense-department"
    text = "國軍持續戰備。美國國防部表示，國防部將審查軍售"  # the full name does
    doc = linker(make_doc(nlp, text, [("國軍", "MILITARY_UNIT"), ("美國國防部", "ORG"), ("國防部", "ORG")]))
    assert ids(doc)[2] == "us-department-of-defense"


def test_a_bare_body_is_that_of_the_country_whose_longer_name_held_it(linker, nlp):
    text = "美国国会参议院否决了限制对委内瑞拉动武的决议，议员说政府未向国会说明依据"
    doc = linker(make_doc(nlp, text, [("美国国会参议院", "ORG"), ("委内瑞拉", "PLACE"), ("国会", "ORG")]))
    assert ids(doc) == ["us-senate", "venezuela", "us-congress"]


def test_the_forces_of_a_country_the_kb_lacks_have_one_id_whatever_word_names_them(linker, nlp):
    text = "尼泊尔军方发言人表示，尼泊尔军队已部署，尼泊尔国防军将继续"
    force = {"country": "nepal"}
    doc = linker(make_doc(nlp, text, [("尼泊尔军方", "MILITARY_UNIT", force), ("尼泊尔军队", "MILITARY_UNIT", force),
                                      ("尼泊尔国防军", "MILITARY_UNIT", force)]))
    assert len(set(ids(doc))) == 1 and ids(doc)[0].startswith("~")


def test_a_bare_body_after_a_countrys_person_whose_country_was_written_before(linker, nlp):
    text = "美國國會正在審議對台軍售案。日本首相高市早苗本月初在國會答辯"
    doc = linker(make_doc(nlp, text, [("美國國會", "ORG"), ("台", "PLACE"), ("日本", "PLACE"), ("高市早苗", "PERSON"),
                                      ("國會", "ORG")]))
    assert ids(doc)[-1] == "national-diet-of-japan"


def test_a_kb_units_name_without_its_country_after_the_full_name(linker, nlp):
    text = "美国中央司令部称拦截了3枚导弹。中央司令部称，商船轻微受损"
    doc = linker(make_doc(nlp, text, [("美国中央司令部", "MILITARY_UNIT"), ("中央司令部", "MILITARY_UNIT", {"echelon": "command"})]))
    assert ids(doc) == ["us-central-command", "us-central-command"]


def test_a_state_body_the_kb_lacks_is_one_entity_written_whole_or_after_its_country(linker, nlp):
    whole = linker(make_doc(nlp, "白宫表示将向美国最高法院提出上诉", [("白宫", "ORG"), ("美国最高法院", "ORG")]))
    cut = linker(make_doc(nlp, "美国政府表示，最高法院将审理此案", [("美国", "PLACE"), ("最高法院", "ORG")]))
    assert ids(whole)[1] == ids(cut)[1] and ids(cut)[1].startswith("~")


def test_a_kb_persons_namesake_titled_by_another_country_is_another_person(linker, nlp):
    doc = linker(make_doc(nlp, "哥伦比亚国防部长佩德罗·桑切斯表示", [("哥伦比亚", "PLACE"), ("佩德罗·桑切斯", "PERSON")]))
    assert ids(doc)[1] != "pedro-sanchez" and ids(doc)[1].startswith("~")
    doc = linker(make_doc(nlp, "西班牙首相佩德罗·桑切斯表示", [("西班牙", "PLACE"), ("佩德罗·桑切斯", "PERSON")]))
    assert ids(doc)[1] == "pedro-sanchez"
    doc = linker(make_doc(nlp, "美国总统特朗普与北约秘书长吕特通话", [("美国", "PLACE"), ("特朗普", "PERSON"), ("北约", "ORG"),
                                                             ("吕特", "PERSON")]))
    assert ids(doc)[-1] == "mark-rutte"  # NATO's title, not the United States'


@pytest.mark.parametrize("text, country, name, expected", [
    ("阿联酋总统穆罕默德会见了阿利耶夫", "阿联酋", "穆罕默德", "mohamed-bin-zayed"),   # a ruler by his first name
    ("沙特王储穆罕默德表示", "沙特", "穆罕默德", "mohammed-bin-salman"),
])
def test_an_arab_ruler_named_by_first_name_after_country_and_title(linker, nlp, text, country, name, expected):
    assert ids(linker(make_doc(nlp, text, [(country, "PLACE"), (name, "PERSON")])))[1] == expected


def test_a_services_numbered_unit_is_of_the_country_its_sentence_names(linker, nlp):
    text = "据塞尔维亚国防部透露，陆军第三旅已进入戒备"
    doc = linker(make_doc(nlp, text, [("塞尔维亚国防部", "ORG"), ("陆军第三旅", "MILITARY_UNIT", {"echelon": "brigade", "number": 3})]))
    assert doc.ents[1]._.attrs["country"] == "serbia"


def test_two_names_before_a_front_are_both_regions(linker, nlp):
    doc = linker(make_doc(nlp, "俄军在哈尔科夫和苏梅方向发动进攻", [("哈尔科夫", "PLACE"), ("苏梅", "PLACE")]))
    assert ids(doc) == ["kharkiv-oblast", "sumy-oblast"]


def test_an_outlets_credit_names_no_country_for_several_states_ministers(linker, nlp):
    text = "（德国之音中文网）北约成员国国防部长在布鲁塞尔举行会议"
    doc = linker(make_doc(nlp, text, [("德国之音中文网", "ORG"), ("北约", "ORG"), ("国防部", "ORG")]))
    assert ids(doc)[2] != "german-ministry-of-defence" and doc.ents[2]._.attrs["link_method"] == "document"


def test_a_bare_body_after_another_sentences_longer_name_and_this_sentences_country(linker, nlp):
    text = "美国国会众议院通过法案。泰国总理阿努廷宣布解散国会"
    doc = linker(make_doc(nlp, text, [("美国国会众议院", "ORG"), ("泰国", "PLACE"), ("阿努廷", "PERSON"), ("国会", "ORG")]))
    assert ids(doc)[-1] != "us-congress"


def test_an_enemys_service_unit_after_a_force_takes_no_country_of_the_sentence(linker, nlp):
    text = "俄罗斯国防部称，俄军击退了陆军第41机械化旅的进攻"
    unit = {"echelon": "brigade", "number": 41, "branch": "mechanized"}
    doc = linker(make_doc(nlp, text, [("俄罗斯国防部", "ORG"), ("俄军", "MILITARY_UNIT"), ("陆军第41机械化旅", "MILITARY_UNIT", unit)]))
    assert doc.ents[2]._.attrs.get("country") != "russia"


def test_a_yonhap_mention_beside_a_tv_station_is_no_dateline(linker, nlp):
    text = "國防部今天表示，共機12架次擾台。韓聯社與KBS電視台報導此事"
    doc = linker(make_doc(nlp, text, [("國防部", "ORG"), ("韓聯社", "ORG")]))
    assert ids(doc)[0] == "taiwan-defense-department"


def test_the_party_centre_is_the_ruling_party_of_the_country_in_context(linker, nlp):
    doc = linker(make_doc(nlp, "朝鲜召开首次党中央全会", [("朝鲜", "PLACE"), ("党中央", "ORG")]))
    assert ids(doc)[-1] == "wpk-central-committee"
    assert ids(linker(make_doc(nlp, "党中央、国务院高度重视", [("党中央", "ORG")])))[-1] == "cpc-central-committee"
    # Of the countries named, only a party-state has one (韩国 has none).
    doc = linker(make_doc(nlp, "据韩联社报道，朝鲜将韩国定为敌对国家后召开党中央全会",
                          [("韩联社", "ORG"), ("朝鲜", "PLACE"), ("韩国", "PLACE"), ("党中央", "ORG")]))
    assert ids(doc)[-1] == "wpk-central-committee"
