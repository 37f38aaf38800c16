"""The full default pipeline on news sentences of the domain: the mentions each must hold (span,
label, kb_id) and the wrong readings it must not make. Each case is a rule or KB fact that
the components' own tests check in isolation; here they must also survive the model, the
gazetteer and the resolver together."""
from __future__ import annotations

import pytest


def mentions(nlp, text):
    return {(e.text, e.label_, e.kb_id_) for e in nlp(text).ents}


@pytest.mark.parametrize("text, present, absent", [
    # A transliterated name holding another person's short form (拉米 is David Lammy).
    ("伊朗伊斯兰革命卫队司令萨拉米警告称，伊朗将作出回应。",
     {("萨拉米", "PERSON", "hossein-salami"), ("伊朗伊斯兰革命卫队", "MILITARY_UNIT", "islamic-revolutionary-guard-corps")},
     {("拉米", "PERSON", "david-lammy")}),
    # Names in a byline are separated by single spaces.
    ("新华社莫斯科11月21日电（记者 李奥 刘洋）俄罗斯总统普京21日发表电视讲话。",
     {("李奥", "PERSON"), ("刘洋", "PERSON"), ("普京", "PERSON", "vladimir-putin"), ("11月21日", "DATE", "")}, set()),
    # 约 ending 北约 is no qualifier of the number after it.
    ("北约32个成员国的国防部长将于下月在布鲁塞尔开会。",
     {("北约", "ORG", "nato"), ("32个", "NUMBER", ""), ("布鲁塞尔", "PLACE", "brussels")}, {("约32个", "NUMBER", "")}),
    # A service before a rank is part of a title.
    ("东部战区新闻发言人李熹海军大校表示，战区组织了演习。", {("李熹", "PERSON")}, {("海军", "MILITARY_UNIT")}),
    # A grouping of forces named in quotes, with its force.
    ("俄国防部称，俄军“北方”集团军群解放了库尔斯克州的一个村庄。",
     {("俄国防部", "ORG", "ministry-of-defence-of-russia"),
      ("俄军“北方”集团军群", "MILITARY_UNIT", "russia-group-of-forces-north"),
      ("库尔斯克州", "PLACE", "kursk-oblast")}, set()),
    # Spokespeople of the ministries in the news.
    ("韩国国防部发言人全夏圭说，五角大楼新闻秘书帕特·赖德也证实了这一消息。",
     {("全夏圭", "PERSON", "jeon-ha-kyu"), ("帕特·赖德", "PERSON", "pat-ryder")}, {("夏圭", "PERSON")}),
    # A short KB name is no part of a longer name or word (斯托尔滕堡 is Stoltenberg, 赖德胜 a
    # Chinese name, 四季希望 no name at all).
    ("北约前秘书长斯托尔滕堡和北京师范大学教授赖德胜在四季希望小学出席了活动。",
     {("斯托尔滕堡", "PERSON", "jens-stoltenberg"), ("赖德胜", "PERSON")},
     {("赖德", "PERSON"), ("季希", "PERSON"), ("斯托尔", "PERSON")}),
    # A Latin name in brackets after a name is a mention of the same entity.
    ("以色列国防军（IDF）表示，已击毙真主党一名高级指挥官。",
     {("以色列国防军", "MILITARY_UNIT", "israel-defense-forces"), ("IDF", "MILITARY_UNIT", "israel-defense-forces")},
     set()),
    # A fuzzy place link needs a close spelling.
    ("据印度媒体报道，马德拉斯市当天举行集会。", {("马德拉斯市", "PLACE")}, {("马德拉斯市", "PLACE", "madrid")}),
    # The modal 会 after a country.
    ("他说美国会继续支持乌克兰。", {("美国", "PLACE", "united-states"), ("乌克兰", "PLACE", "ukraine")},
     {("美国会", "ORG", "us-congress")}),
    # A bare parliament takes the country in context, as a bare ministry does.
    ("韩国总统尹锡悦宣布紧急戒严，随后国会投票要求解除。", {("国会", "ORG", "national-assembly-of-south-korea")}, set()),
    ("日本首相石破茂在国会发表施政演说。", {("国会", "ORG", "national-diet-of-japan")}, set()),
    # A bare service takes the country in context.
    ("美国国防部表示，海军将向中东增派两艘驱逐舰。",
     {("美国国防部", "ORG", "us-department-of-defense"), ("海军", "MILITARY_UNIT", "us-navy")}, set()),
    # Taiwan's own bodies and people, in its script; a bare ministry after a Taiwan dateline is Taiwan's.
    ("中央社記者台北25日電 國防部今天表示，立法院將審查國防預算，賴清德與陸委會主委邱垂正出席。",
     {("國防部", "ORG", "taiwan-defense-department"), ("立法院", "ORG", "legislative-yuan"),
      ("賴清德", "PERSON", "lai-ching-te"), ("陸委會", "ORG", "mainland-affairs-council"),
      ("邱垂正", "PERSON", "chiu-chui-cheng")}, set()),
    # A longer KB name holds a country's name (韩国瑜 is a person, not South Korea).
    ("台湾立法机构负责人韩国瑜当天会见了来访的美国议员。", {("韩国瑜", "PERSON", "han-kuo-yu")},
     {("韩国", "PLACE", "south-korea")}),
    # Coast guards and the features of the East and South China Seas; a Chinese given name that
    # is also a short KB name (德军) stays in the person's name.
    ("中国海警局新闻发言人刘德军表示，中国海警舰艇编队在钓鱼岛领海内巡航，菲律宾船只曾闯入仁爱礁附近海域。",
     {("中国海警局", "ORG", "china-coast-guard"), ("刘德军", "PERSON"), ("钓鱼岛", "PLACE", "diaoyu-islands"),
      ("仁爱礁", "PLACE", "second-thomas-shoal")}, {("德军", "MILITARY_UNIT", "bundeswehr")}),
    # A unit joined to another by 和 belongs to that one's army, not to the KB's only 98th division.
    ("以军第36师和第98师在加沙城周边展开地面行动。",
     {("以军第36师", "MILITARY_UNIT"), ("第98师", "MILITARY_UNIT"), ("加沙城", "PLACE", "gaza-city")},
     {("第98师", "MILITARY_UNIT", "ru-98-airborne-division")}),
    # Two names joined by a preposition are two names; 今日 is a date in a Hong Kong report.
    ("哈马斯政治局成员今日在多哈对半岛电视台表示，将继续谈判。",
     {("今日", "DATE", ""), ("多哈", "PLACE", "doha"), ("半岛电视台", "ORG", "al-jazeera")},
     {("多哈对半岛电视台", "ORG")}),
    # Taiwan spellings link to the same entities.
    ("據美聯社報導，烏克蘭總統澤倫斯基表示，烏軍仍在巴赫姆特以西作戰。",
     {("美聯社", "ORG", "ap"), ("澤倫斯基", "PERSON", "volodymyr-zelensky"), ("烏軍", "MILITARY_UNIT", "ukrainian-armed-forces"),
      ("巴赫姆特", "PLACE", "bakhmut")}, set()),
    # SCHEMA: country + 政府 is the country alone.
    ("乌克兰政府和俄罗斯政府都发表了声明。", {("乌克兰", "PLACE", "ukraine"), ("俄罗斯", "PLACE", "russia")},
     {("乌克兰政府", "ORG"), ("俄罗斯政府", "ORG")}),
    # A date with 晚些时候 stays whole; a quoted warship after its type.
    ("当地时间11月25日晚些时候，第7舰队旗舰“蓝岭”号抵达横须贺。",
     {("11月25日晚些时候", "DATE", ""), ("“蓝岭”号", "MILITARY_UNIT")}, set()),
    # A ministry inside a minister's title: the country stays a place (SCHEMA: [俄罗斯][国防部]长).
    ("韩国国防部长官安圭伯与俄国防部长别洛乌索夫通电话。",
     {("韩国", "PLACE", "south-korea"), ("国防部", "ORG", "ministry-of-national-defense-of-south-korea"),
      ("安圭伯", "PERSON", "ahn-gyu-back"), ("俄", "PLACE", "russia"), ("别洛乌索夫", "PERSON", "andrei-belousov")},
     {("韩国国防部", "ORG"), ("俄国防部", "ORG")}),
    # A region's ministers are several countries': the region stays a place, the body is no one's.
    ("北欧国防部长会议在奥斯陆举行，欧洲国家国防部长也出席。",
     {("北欧", "PLACE", "northern-europe"), ("欧洲", "PLACE", "europe"), ("国防部", "ORG")},
     {("北欧国防部", "ORG"), ("欧洲国家国防部", "ORG")}),
    # 中 before a minister's title is China though 中国 is a word; a pair's ministry is no one's.
    ("美中国防部长在新加坡会晤，中国防部长董军表示欢迎。",
     {("美", "PLACE", "united-states"), ("中", "PLACE", "china"), ("国防部", "ORG", "ministry-of-national-defense-of-china"),
      ("董军", "PERSON", "dong-jun")},
     {("美中国防部", "ORG"), ("中国防部", "ORG")}),
    # A namesake city is linked by the country in its context.
    ("以军空袭了黎巴嫩北部城市的黎波里，近百名平民丧生。",
     {("的黎波里", "PLACE", "tripoli-lebanon"), ("近百名", "NUMBER", "")}, set()),
    ("利比亚首都的黎波里爆发冲突。", {("的黎波里", "PLACE", "tripoli")}, set()),
    # Taiwan's cities; 军售 is arms sales, not the forces' name; a title is no part of the name.
    ("國軍在高雄外海進行實彈演習，美國對台軍售總額創新高。",
     {("高雄", "PLACE", "kaohsiung"), ("台", "PLACE", "taiwan")}, {("台軍", "MILITARY_UNIT")}),
    ("约旦国王阿卜杜拉二世会见了布林肯。",
     {("约旦", "PLACE", "jordan"), ("阿卜杜拉二世", "PERSON", "abdullah-ii")}, {("约旦国王阿卜杜拉二世", "PERSON")}),
    # A bare body is the one named in full before it, not the country named last.
    ("美国国防部宣布向乌克兰提供新援助。国防部发言人称，援助包括防空导弹。",
     {("美国国防部", "ORG", "us-department-of-defense"), ("国防部", "ORG", "us-department-of-defense")},
     {("国防部", "ORG", "ministry-of-defence-of-ukraine")}),
    # Villages the KB lacks after a verb of taking a place, and the same village with and without 村.
    ("俄军攻占了乌斯彭尼夫卡村和新格罗季夫卡。乌斯彭尼夫卡位于波克罗夫斯克以南。",
     {("乌斯彭尼夫卡村", "PLACE"), ("新格罗季夫卡", "PLACE"), ("乌斯彭尼夫卡", "PLACE")},
     {("新格罗季夫卡", "PERSON"), ("乌斯彭尼夫卡", "PERSON")}),
    # A country, a descriptor and a KB organisation; a half in a duration.
    ("朝鲜官媒朝中社报道，会谈持续了约一个半小时。",
     {("朝鲜", "PLACE", "north-korea"), ("朝中社", "ORG", "kcna"), ("约一个半小时", "NUMBER", "")},
     {("朝鲜官媒朝中社", "ORG")}),
    # A person named like a GeoNames city, read as a person by 在 … 看来 and by a verb after a day.
    ("在桑托斯看来，和平协议来之不易。桑托斯9日说，谈判将继续。",
     {("桑托斯", "PERSON")}, {("桑托斯", "PLACE")}),
])
def test_news_sentence(nlp, text, present, absent):
    found = mentions(nlp, text)
    spans = {m[:2] for m in found}
    for want in present:
        assert (want in found) if len(want) == 3 else (want in spans), (want, sorted(found))
    for wrong in absent:
        assert (wrong not in found) if len(wrong) == 3 else (wrong not in spans), (wrong, sorted(found))
