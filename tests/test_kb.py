from __future__ import annotations

import json
import pickle

import pytest

from newsnlp.candidates import normalize_alias
from newsnlp.errors import ConfigError
from newsnlp.kb import Entity, KnowledgeBase, default_kb_files, load_default_kb
from newsnlp.schema import LINKABLE_LABELS


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_default_kb()


def test_every_shipped_kb_file_has_unique_ids_and_valid_records():
    seen: set[str] = set()
    for path in default_kb_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            entity = Entity.from_dict(record)
            assert entity.label in LINKABLE_LABELS
            assert entity.id not in seen, f"{entity.id} appears twice ({path.name})"
            assert entity.id == entity.id.lower() and " " not in entity.id
            seen.add(entity.id)
    assert len(seen) >= 1000


def test_shipped_kb_references_and_aliases_are_consistent(kb):
    for entity in kb:
        for ref in (entity.country, entity.parent):
            assert not ref or ref in kb, f"{entity.id} refers to unknown {ref}"
    # An alias shared by entities of different labels would make the gazetteer guess the label.
    for key, ids in kb.alias_index().items():
        labels = {kb.get(i).label for i in ids}
        assert len(labels) == 1 or labels <= {"ORG", "MILITARY_UNIT"}, (key, ids)


def test_shipped_person_names_hold_no_title(kb):
    # SCHEMA: a PERSON span is the name alone (金正恩, not 金正恩同志 or 普京总统), so an alias
    # with a title would make the gazetteer propose a wrong span.
    titles = ("同志", "总统", "主席", "总理", "首相", "部长", "将军", "先生", "女士", "委员长", "总书记")
    for entity in kb:
        if entity.label == "PERSON":
            for name in (entity.name, *entity.aliases):
                assert not name.endswith(titles) and not name.startswith(titles), (entity.id, name)


def test_no_shipped_name_is_a_country_and_a_word_schema_tags_as_the_country_alone(kb):
    # SCHEMA: country + 政府 / 当局 / 情报部门 / 部队 / 士兵 is the country alone, as PLACE.
    words = ("政府", "当局", "情报部门", "部队", "士兵")
    countries = {normalize_alias(n) for e in kb if e.type == "country" for n in (e.name, *e.aliases)}
    for entity in kb:
        for name in (entity.name, *entity.aliases):
            key = normalize_alias(name)
            for word in words:
                assert not (key.endswith(word) and key[: -len(word)] in countries), (entity.id, name)


def test_traditional_and_simplified_spellings_share_one_key(kb):
    assert kb.candidates(normalize_alias("哈爾科夫州")) == ["kharkiv-oblast"]
    assert kb.candidates(normalize_alias("哈尔科夫州")) == ["kharkiv-oblast"]


def test_taiwans_spellings_of_world_cities_share_their_city(kb):
    assert kb.candidates(normalize_alias("伊斯坦堡")) == ["istanbul"]
    assert kb.candidates(normalize_alias("奈洛比")) == ["nairobi"]
    assert kb.candidates(normalize_alias("雪梨")) == []  # also a pear


def test_city_and_oblast_are_distinct_entities(kb):
    assert kb.candidates(normalize_alias("赫尔松州")) == ["kherson-oblast"]
    assert kb.candidates(normalize_alias("赫尔松")) == ["kherson"]
    assert "kherson-oblast" in kb.stem_candidates(normalize_alias("赫尔松"))


def test_generic_ministry_name_resolves_by_country(kb):
    by_country = kb.generic(normalize_alias("国防部"))
    assert by_country["ukraine"] == "ministry-of-defence-of-ukraine"
    assert by_country["china"] == "ministry-of-national-defense-of-china"


def test_shipped_kb_has_the_ministries_news_cites_with_country_and_bare_name(kb):
    # id -> (country, canonical name, generic bare name)
    expected = {
        "us-department-of-homeland-security": ("united-states", "美国国土安全部", "国土安全部"),
        "us-department-of-commerce": ("united-states", "美国商务部", "商务部"),
        "ministry-of-emergency-situations-of-russia": ("russia", "俄罗斯紧急情况部", "紧急情况部"),
        "ministry-of-internal-affairs-of-ukraine": ("ukraine", "乌克兰内务部", "内务部"),
        "ministry-of-commerce-of-china": ("china", "中国商务部", "商务部"),
        "ministry-of-trade-industry-and-energy-of-south-korea": ("south-korea", "韩国产业通商资源部", "产业通商资源部"),
        "japan-ministry-of-economy-trade-and-industry": ("japan", "日本经济产业省", "经济产业省"),
        "ministry-of-defence-of-pakistan": ("pakistan", "巴基斯坦国防部", "国防部"),
    }
    for entity_id, (country, name, generic) in expected.items():
        entity = kb.get(entity_id)
        assert entity is not None and entity.label == "ORG", entity_id
        assert (entity.country, entity.name, entity.generic) == (country, name, generic), entity_id
        assert kb.generic(normalize_alias(generic))[country] == entity_id
    # The bare name goes by the country: 商务部 is each country's own.
    by_country = kb.generic(normalize_alias("商务部"))
    assert by_country["united-states"] == "us-department-of-commerce"
    assert by_country["china"] == "ministry-of-commerce-of-china"
    # A bare name is no alias of one country's ministry.
    assert kb.candidates(normalize_alias("商务部")) == []
    assert kb.candidates(normalize_alias("俄紧急情况部")) == ["ministry-of-emergency-situations-of-russia"]


def test_shipped_kb_has_named_warships_with_their_hao_and_jian_forms(kb):
    # SCHEMA: a named warship is a MILITARY_UNIT with echelon "ship" (辽宁舰, “林肯”号航母).
    expected = {
        "liaoning-carrier": ("china", ["辽宁舰", "辽宁号", "辽宁号航母", "遼寧號航艦"]),
        "fujian-carrier": ("china", ["福建舰", "福建号航空母舰"]),
        "uss-nimitz": ("united-states", ["尼米兹号", "尼米兹号航空母舰", "尼米茲號"]),
        "uss-abraham-lincoln": ("united-states", ["林肯号", "林肯号航母", "亚伯拉罕·林肯号航空母舰"]),
        "uss-ronald-reagan": ("united-states", ["里根号", "雷根號航艦"]),
        "moskva-cruiser": ("russia", ["莫斯科号巡洋舰", "莫斯科号导弹巡洋舰"]),
        "charles-de-gaulle-carrier": ("france", ["戴高乐号航母"]),
    }
    for entity_id, (country, names) in expected.items():
        entity = kb.get(entity_id)
        assert entity is not None and entity.label == "MILITARY_UNIT" and entity.type == "ship", entity_id
        assert entity.country == country and entity.attrs.get("echelon") == "ship", entity_id
        for name in names:
            assert kb.candidates(normalize_alias(name)) == [entity_id], name
    # The bare place or person a ship is named after is no alias of the ship.
    assert kb.candidates(normalize_alias("辽宁")) == ["liaoning"]
    for name in ("山东", "福建", "莫斯科", "林肯", "里根", "华盛顿", "罗斯福", "戴高乐", "出云"):
        assert not any(kb.get(i).type == "ship" for i in kb.candidates(normalize_alias(name))), name
    # 华盛顿号召 and 莫斯科号召 are a city calling on someone: no ship without its type.
    assert kb.candidates(normalize_alias("华盛顿号")) == []
    assert kb.candidates(normalize_alias("莫斯科号")) == []


def test_user_jsonl_adds_entities_and_merges_aliases(tmp_path):
    extra = tmp_path / "mine.jsonl"
    extra.write_text(
        json.dumps({"id": "novyi-komar", "label": "PLACE", "name": "新科马尔", "type": "village",
                    "country": "ukraine"}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "odesa", "aliases": ["奥得萨"]}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    kb = load_default_kb(extra=[extra])
    assert kb.candidates(normalize_alias("新科马尔")) == ["novyi-komar"]
    assert kb.candidates(normalize_alias("奥得萨")) == ["odesa"]


def test_user_tsv_adds_aliases_and_entities(tmp_path):
    extra = tmp_path / "mine.tsv"
    extra.write_text("odesa\t奥德薩港\nmy-brigade\t第999独立旅|九九九旅\tMILITARY_UNIT\tformation\tukraine\n",
                     encoding="utf-8")
    kb = load_default_kb(extra=[extra])
    assert kb.candidates(normalize_alias("奥德薩港")) == ["odesa"]
    assert kb.get("my-brigade").country == "ukraine"


def test_extension_that_changes_a_label_is_refused():
    kb = KnowledgeBase([Entity("x", "PLACE", "某地")])
    with pytest.raises(ConfigError):
        kb.add(Entity("x", "PERSON", "某人"))


def test_kb_round_trips_through_bytes_disk_and_pickle(tmp_path):
    kb = KnowledgeBase([Entity("x", "PLACE", "某地", aliases=["某處"], attrs={"a": 1})])
    for copy in (KnowledgeBase.from_bytes(kb.to_bytes()), pickle.loads(pickle.dumps(kb))):
        assert copy.to_records() == kb.to_records()
    kb.to_disk(tmp_path / "kb")
    assert KnowledgeBase.from_disk(tmp_path / "kb").candidates(normalize_alias("某處")) == ["x"]


def test_large_world_cities_come_from_geonames_without_people_or_east_asian_towns(kb):
    miami = kb.get(kb.candidates(normalize_alias("迈阿密"))[0])
    assert (miami.id, miami.label, miami.country) == ("miami", "PLACE", "united-states")
    assert kb.candidates(normalize_alias("邁阿密")) == ["miami"]  # its traditional form
    assert kb.candidates(normalize_alias("格拉斯哥")) == ["glasgow"]
    # A city known already keeps its one entity (CLDR's 拉各斯 is GeoNames' 拉哥斯).
    assert kb.candidates(normalize_alias("拉哥斯")) == ["lagos"]
    # Names better known as people's, and two-character names, do not come from GeoNames.
    assert kb.candidates(normalize_alias("哥伦布")) == [] and kb.candidates(normalize_alias("泗水")) == []
    # A name that several cities bear is none of them (巴伦西亚: Spain and Venezuela).
    assert kb.candidates(normalize_alias("巴伦西亚")) == []
    # The gazetteer ranks these cities below the model: they say where they come from.
    assert miami.attrs == {"source": "geonames"}


def test_no_two_people_in_the_kb_share_a_name(kb):
    names: dict[str, str] = {}
    for entity in kb:
        if entity.label == "PERSON":
            for name in [entity.name, *entity.aliases]:
                assert names.setdefault(name, entity.id) == entity.id, (name, names[name], entity.id)


def test_shipped_kb_has_taiwans_cities_and_counties_and_both_tripolis(kb):
    for name, entity_id in [("高雄", "kaohsiung"), ("台中", "taichung"), ("花莲县", "hualien-county"),
                            ("澎湖", "penghu-county"), ("台海", "taiwan-strait"), ("台东", "taitung-county"),
                            ("帕纳塔格礁", "scarborough-shoal"), ("板门店共同警备区", "joint-security-area"),
                            ("元山葛麻海岸旅游区", "wonsan-kalma"), ("中共海警局", "china-coast-guard")]:
        assert entity_id in kb.candidates(name), name
    assert {"tripoli", "tripoli-lebanon"} <= set(kb.candidates("的黎波里"))


def test_shipped_kb_tells_apart_the_korean_and_chinese_military_commissions_and_has_the_fed(kb):
    assert kb.candidates("朝鲜劳动党中央军事委员会") == ["wpk-central-military-commission"]
    assert kb.candidates("中央军事委员会") == ["central-military-commission"]
    assert kb.candidates("美联储") == kb.candidates(normalize_alias("聯準會")) == ["federal-reserve"]
    # Taiwan's transliterations of people in the news.
    assert kb.candidates("李威特") == ["karoline-leavitt"]


def test_shipped_kb_has_the_middle_easts_sites_and_the_central_banks(kb):
    assert kb.candidates("马里卜") == ["marib"] and kb.candidates("马里") == ["mali"]
    assert kb.candidates("原子能机构") == ["iaea"]
    assert kb.candidates("俄央行") == kb.candidates("俄罗斯中央银行") == ["bank-of-russia"]
    assert kb.candidates("布什尔核电站") == ["bushehr-nuclear-plant"]


@pytest.mark.parametrize("name, entity_id", [
    ("马杜洛", "nicolas-maduro"), ("夏拉", "ahmed-al-sharaa"), ("塔巴塔巴伊", "haytham-ali-tabatabai"),
    ("委国", "venezuela"), ("叙民主力量", "syrian-democratic-forces"), ("叙利亚国家军队", "syrian-armed-forces"),
    ("乌军无人机部队", "ukrainian-unmanned-systems-forces"), ("南方防卫部队", "ukraine-defence-forces-of-the-south"),
    ("法国外籍军团", "french-foreign-legion"), ("俄远程航空兵", "russian-long-range-aviation"),
    ("美国陆军欧洲和非洲司令部", "us-army-europe-and-africa"), ("参谋首长联席会议", "us-joint-chiefs-of-staff"),
    ("别拉亚基地", "belaya-air-base"), ("恰巴哈尔港", "chabahar-port"), ("大陆国防部", "ministry-of-national-defense-of-china"),
    ("COGAT", "cogat"), ("YouGov", "yougov"), ("朝鲜人民军陆军", "kpa-ground-force"), ("台湾陆军", "taiwan-army"),
    ("查曼", "chaman"), ("库尔德斯坦地区", "kurdistan-region"), ("杜哈", "doha"), ("海湾", "persian-gulf"),
    ("北大西洋理事会", "north-atlantic-council"), ("辐射、化学和生物防护部队", "russian-nbc-protection-troops"),
    ("基里洛夫", "igor-kirillov"), ("萨尔瓦罗夫", "fanil-sarvarov"), ("军委", "central-military-commission"),
    ("中共军委", "central-military-commission"), ("中共中央委员会", "cpc-central-committee"), ("拉美", "latin-america"),
    ("南沙", "spratly-islands"), ("武警部队", "peoples-armed-police"), ("中共海军", "pla-navy"), ("FARC", "farc"),
    ("越南人民海军", "vietnam-peoples-navy"), ("越南海警", "vietnam-coast-guard"), ("乃堆拉", "nathu-la"),
    ("毕生礁", "pearson-reef"), ("驻香港部队", "pla-hong-kong-garrison"), ("莫斯卡利科娃", "tatiana-moskalkova"),
])
def test_shipped_kb_has_the_names_of_this_wars_stories(kb, name, entity_id):
    assert entity_id in kb.candidates(normalize_alias(name)), name
