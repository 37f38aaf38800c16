import pytest

from newsnlp.components.numbers import find_numbers


def only(text):
    found = [(text[m.start:m.end], m.attrs) for m in find_numbers(text)]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, span, value, unit", [
    ("有九名韩国人", "九名", 9, "名"),
    ("一百名士兵", "一百名", 100, "名"),
    ("达 1.5 万人", "1.5 万人", 15000, "人"),
    ("共3.6萬輛", "3.6萬輛", 36000, "輛"),
    ("发动1萬6000次", "1萬6000次", 16000, "次"),
    ("两千名军人", "两千名", 2000, "名"),
    ("击落1,430架", "1,430架", 1430, "架"),
    ("为期 120 天的任务", "120 天", 120, "天"),
    ("四个月后返回", "四个月", 4, "个月"),
    ("一百零五人", "一百零五人", 105, "人"),
    ("出动军机32架次", "32架次", 32, "架次"),
    ("共艦9艘次", "9艘次", 9, "艘次"),
    ("以13票赞成通过", "13票", 13, "票"),
    ("0票反对", "0票", 0, "票"),            # a count of none is a count
])
def test_counts_with_measure_words(text, span, value, unit):
    got_span, attrs = only(text)
    assert got_span == span and attrs["value"] == value and attrs["unit"] == unit


def test_fraction_is_its_decimal():
    assert only("其中三分之一为阵亡人员") == ("三分之一", {"value": 0.3333})


@pytest.mark.parametrize("text, span, value", [("增长百分之一点五", "百分之一点五", 1.5), ("下降12%", "12%", 12),
                                              ("增长３７．１％", "３７．１％", 37.1)])
def test_percentages(text, span, value):
    assert only(text) == (span, {"value": value, "unit": "%"})


@pytest.mark.parametrize("text, span, low, high", [
    ("12-15名", "12-15名", 12, 15), ("300-500枚", "300-500枚", 300, 500),
    ("30万至50万枚", "30万至50万枚", 300000, 500000), ("约15万至19万", "约15万至19万", 150000, 190000),
    ("30至50万枚", "30至50万枚", 300000, 500000),
])
def test_ranges_have_min_and_max(text, span, low, high):
    got_span, attrs = only(text)
    assert got_span == span
    assert (attrs["min"], attrs["max"], attrs["qualifier"]) == (low, high, "range")
    assert "value" not in attrs


def test_neighbouring_digits_are_a_rough_range():
    assert only("两三个")[1] == {"min": 2, "max": 3, "unit": "个", "qualifier": "range", "approx": True}


@pytest.mark.parametrize("text, span, qualifier", [
    ("约5000名朝鲜人", "约5000名", "about"), ("超过 3 万名", "超过 3 万名", "over"),
    ("近400人", "近400人", "under"), ("超 5000 人", "超 5000 人", "over"),
    ("逾200架", "逾200架", "over"), ("二十余名", "二十余名", "over"), ("100多人", "100多人", "over"),
    ("5000名左右", "5000名左右", "about"), ("300人上下", "300人上下", "about"),
    ("俄军损失约1520名士兵", "约1520名", "about"),  # 损失约: 失约 is no word here
    # A bare 百/千/万 with a qualifier is a count (not a word, as in 百家争鸣).
    ("近百名平民", "近百名", "under"), ("逾百名士兵", "逾百名", "over"), ("千余名士兵", "千余名", "over"),
    ("百余人受伤", "百余人", "over"), ("近萬名居民", "近萬名", "under"), ("约百人", "约百人", "about"),
])
def test_qualifier_next_to_the_number_is_inside(text, span, qualifier):
    got_span, attrs = only(text)
    assert got_span == span and attrs["qualifier"] == qualifier and attrs["approx"] is True


@pytest.mark.parametrize("text, span", [
    ("北约32个成员国", "32个"), ("纽约3名警察", "3名"), ("签约3年", "3年"), ("条约5项条款", "5项"),
])
def test_yue_ending_a_word_is_no_qualifier(text, span):
    got_span, attrs = only(text)
    assert got_span == span and "qualifier" not in attrs


@pytest.mark.parametrize("text, span", [
    ("马尼拉以北约250公里", "约250公里"), ("首尔东北约50公里", "约50公里"), ("花莲西北約20公里", "約20公里"),
])
def test_yue_after_a_directions_bei_is_about(text, span):
    got_span, attrs = only(text)
    assert got_span == span and attrs["qualifier"] == "about"
    # Not before a count: 以北约32个成员国 is 以 + NATO's 32.
    assert only("美国以北约32个成员国的名义发表声明") == ("32个", {"value": 32, "unit": "个"})


def test_qualifier_separated_by_you_stays_outside():
    span, attrs = only("照片中约有一百名士兵")
    assert span == "一百名"
    assert attrs == {"value": 100, "unit": "名", "qualifier": "about", "approx": True, "counted": "士兵"}


@pytest.mark.parametrize("text, span", [("数千名军人", "数千名"), ("上百名", "上百名"), ("数十万人", "数十万人"),
                                        ("十几名", "十几名"), ("发射了数枚导弹", "数枚"), ("数个月后", "数个月"),
                                        ("其他几名技师", "几名"), ("数以万计的平民", "数以万计"),
                                        ("数以千计的无人机", "数以千计")])
def test_vague_amounts_have_no_value(text, span):
    got_span, attrs = only(text)
    assert got_span == span and attrs["qualifier"] == "vague" and "value" not in attrs


@pytest.mark.parametrize("text, counted", [("约5000名朝鲜人前往", "朝鲜人"), ("一百名士兵", "士兵"),
                                           ("300辆坦克", "坦克"), ("40名乌克兰士兵", "乌克兰士兵"),
                                           ("1名以色列人质的遗体", "以色列人质")])  # not 以色列人 of 人质
def test_counted_noun_after_the_measure_word(text, counted):
    assert only(text)[1]["counted"] == counted


@pytest.mark.parametrize("text", ["第528团", "2024 年", "二〇二四年", "12月12日", "电话010-12345678",
                                  "最近", "进一步", "百家争鸣", "统一零售价", "31135部队", "一名俄军士兵",
                                  "F-16战机", "528", "多数人支持", "千人计划", "万人空巷", "最近百姓", "零部件出口", "零件", "少数人", "无数次", "这几天", "前几年", "几个企业"])
def test_not_numbers(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize("text, span, unit", [("过去一年里", "一年", "年"), ("会谈持续了一个小时", "一个小时", "个小时"),
                                              ("一个月内", "一个月", "个月"), ("停火一周", "一周", "周")])
def test_one_period_of_time_is_a_duration_though_one_count_is_an_article(text, span, unit):
    assert only(text) == (span, {"value": 1, "unit": unit})


@pytest.mark.parametrize("text", ["一年一度的阅兵", "一年四季", "一周年纪念", "每周一次", "一架飞机"])
def test_one_in_set_phrases_and_before_a_count_is_no_number(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize("text, span, attrs", [
    ("会议持续约1小时40分钟", "约1小时40分钟", {"value": 100, "unit": "分钟", "qualifier": "about", "approx": True}),
    ("服刑2年3个月", "2年3个月", {"value": 27, "unit": "个月"}),
    ("倒计时1分钟30秒", "1分钟30秒", {"value": 90, "unit": "秒"}),
])
def test_a_duration_in_two_units_is_one_number_in_the_smaller(text, span, attrs):
    assert only(text) == (span, attrs)
    assert len(find_numbers("从3小时缩短到40分钟")) == 2  # two durations, not one


def test_no_rewriting_of_running_text():
    text = "两三个统一零售价"
    found = find_numbers(text)
    assert [text[m.start:m.end] for m in found] == ["两三个"]


def test_a_bare_multiplier_with_a_qualifier_has_its_value():
    assert only("近千名朝鲜士兵")[1]["value"] == 1000
    assert only("万余人撤离")[1]["value"] == 10000


@pytest.mark.parametrize("text, span, value, unit", [
    ("会谈持续了约一个半小时", "约一个半小时", 1.5, "小时"), ("长达两个半月", "两个半月", 2.5, "个月"),
    ("一年半以后", "一年半", 1.5, "年"), ("三天半", "三天半", 3.5, "天"), ("一個半月", "一個半月", 1.5, "個月"),
])
def test_a_half_after_the_unit_or_between_ge_and_the_unit_adds_a_half(text, span, value, unit):
    got_span, attrs = only(text)
    assert (got_span, attrs["value"], attrs["unit"]) == (span, value, unit)


def test_he_before_yue_and_a_number_is_and():
    text = "93枚导弹和约200架无人机"  # not 和约, a peace treaty
    found = {text[m.start:m.end]: m.attrs for m in find_numbers(text)}
    assert found["约200架"]["qualifier"] == "about"
    # Before years it is the treaty's: 和约 + 30年来.
    assert only("两国签订和约30年来") == ("30年", {"value": 30, "unit": "年"})


@pytest.mark.parametrize("text, span", [("过去三年半岛局势紧张", "三年"), ("过去10年半导体产业", "10年"),
                                        ("最近五年半数以上", "五年")])
def test_a_half_that_begins_a_word_is_no_half(text, span):
    assert only(text)[0] == span


def test_cheng_is_tenths_unless_it_begins_a_word():
    text = "下降逾五成，近三成船只改道，两成航线停运"
    assert [(text[m.start:m.end], m.attrs["value"], m.attrs["unit"]) for m in find_numbers(text)] == [
        ("逾五成", 5, "成"), ("近三成", 3, "成"), ("两成", 2, "成")]
    assert find_numbers("一成不变") == find_numbers("三成员国") == find_numbers("统一成为目标") == []
    assert find_numbers("美方对华301条款措施") == []  # Section 301, a name
    # After a qualifier, 成为 is tenths and "are": 近九成 为因纽特人.
    assert [(m.attrs["value"], m.attrs["qualifier"]) for m in find_numbers("近九成为因纽特人")] == [(9, "under")]


def test_lai_approximates_only_before_a_measure_word():
    text = "三分之一来自农村，十来名士兵"
    assert [text[m.start:m.end] for m in find_numbers(text)] == ["三分之一", "十来名"]


@pytest.mark.parametrize("text, unit, approx", [
    ("约100亿兹罗提", "兹罗提", True), ("50亿比索", "比索", False), ("约合14亿美元", "美元", True),
    ("146亿丹麦克朗", "丹麦克朗", False),  # a currency named with its country
])
def test_currencies_of_the_region_and_converted_amounts(text, unit, approx):
    span, attrs = only(f"波兰将投入{text}用于国防")
    assert span == text and attrs["unit"] == unit and bool(attrs.get("approx")) == approx


@pytest.mark.parametrize("text, span, value, unit", [
    ("30余万人流离失所", "30余万人", 300000, "人"),        # 余/多 between the numeral and 万/亿
    ("援助1000多亿美元", "1000多亿美元", 100000000000, "美元"),
    ("30餘萬人", "30餘萬人", 300000, "人"),
    ("增长百分之5.4", "百分之5.4", 5.4, "%"),              # Arabic digits after 百分之
    ("装机100万千瓦", "100万千瓦", 1000000, "千瓦"),        # 千 of 千瓦 is the unit's
    ("330千伏输电线路", "330千伏", 330, "千伏"),
    ("預算達9.04兆日圓", "9.04兆日圓", 9040000000000, "日圓"),  # 兆: 10**12
    ("約1兆1000億日圓", "約1兆1000億日圓", 1100000000000, "日圓"),
    ("装机容量100兆瓦", "100兆瓦", 100, "兆瓦"),                # 兆 of 兆瓦 is the unit's
    ("市值1900兆韓元", "1900兆韓元", 1900 * 10**12, "韓元"),
    ("黃岩島以東約10.5浬處", "約10.5浬", 10.5, "浬"),          # Taiwan's nautical mile
    ("下降2个百分点", "2个百分点", 2, "个百分点"),
    ("投入3億台幣", "3億台幣", 300000000, "台幣"),          # not 台, the measure word for machines
    ("气温零下30摄氏度", "零下30摄氏度", -30, "摄氏度"),
    ("夜间气温降至零下12度", "零下12度", -12, "度"),          # 度 after digits: degrees
    ("机身转了180度", "180度", 180, "度"),
    ("发动机推力达1970千牛", "1970千牛", 1970, "千牛"),       # 千 of 千牛 is the unit's
    ("飞行速度达10马赫", "10马赫", 10, "马赫"),
])
def test_amounts_with_a_qualifier_inside_units_of_measure_and_signs(text, span, value, unit):
    found, attrs = only(text)
    assert (found, attrs["value"], attrs["unit"]) == (span, value, unit)


@pytest.mark.parametrize("text, span", [("國防特別預算1.25兆 賴清德：守護台灣", "1.25兆"), ("特別預算規模達1.25兆，為歷年之最", "1.25兆")])
def test_trillions_alone_in_traditional_script(text, span):
    assert only(text) == (span, {"value": 1_250_000_000_000})
    assert only("總裝機容量達到100兆瓦的電廠") == ("100兆瓦", {"value": 100, "unit": "兆瓦"})  # a unit
    assert find_numbers("香港寬頻推出1000兆光纖服務") == []  # no money in the sentence: megabits


@pytest.mark.parametrize("text", ["以防万一", "万一局势失控", "十万火急", "千万不要轻敌", "三级警报", "亿万富翁", "实施二次打击",
                                  "家庭宽带提速至1000兆", "乌军一度攻入该镇", "双方再度交火"])
def test_numerals_that_are_words_are_no_numbers(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize("text, span, low, high, unit", [
    ("增长30-40%", "30-40%", 30, 40, "%"), ("征收17.7%至39.2%的关税", "17.7%至39.2%", 17.7, 39.2, "%"),
    ("百分之二十至三十", "百分之二十至三十", 20, 30, "%"), ("五成至六成", "五成至六成", 5, 6, "成"),
])
def test_a_range_of_percentages_or_tenths_is_one_span(text, span, low, high, unit):
    found, attrs = only(text)
    assert (found, attrs["min"], attrs["max"], attrs["unit"], attrs["qualifier"]) == (span, low, high, unit, "range")


def test_a_tail_duo_that_begins_a_word_is_no_qualifier():
    assert only("240毫米多管火箭炮") == ("240毫米", {"value": 240, "unit": "毫米"})
    assert only("一年多来")[1]["qualifier"] == "over"


def test_a_qualifier_after_latin_letters_and_a_whole_amount_of_a_decimal():
    assert only("GDP约1780亿美元")[0] == "约1780亿美元"
    assert only("人口1.1亿人")[1]["value"] == 110000000 and isinstance(only("人口1.1亿人")[1]["value"], int)


@pytest.mark.parametrize("text, span, value", [("控制了约1/5的领土", "约1/5", 0.2), ("3/4的选票", "3/4", 0.75)])
def test_a_share_written_with_a_slash(text, span, value):
    assert only(text)[0] == span and only(text)[1]["value"] == value


@pytest.mark.parametrize("text", ["2025/6/24", "24/7服务", "5/3的"])
def test_dates_and_codes_with_slashes_are_no_shares(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize("text, span, value, unit", [
    ("停摆已持续两个多月", "两个多月", 2, "个月"), ("谈判持续了三个多小时", "三个多小时", 3, "小时"),
])
def test_more_than_a_count_of_months_or_hours(text, span, value, unit):
    assert only(text) == (span, {"value": value, "unit": unit, "qualifier": "over", "approx": True})


def test_seats_are_counted():
    assert only("行动与团结党赢得55席") == ("55席", {"value": 55, "unit": "席"})
    assert find_numbers("他是三席位之一，占有一席之地") == []


def test_a_currency_between_the_qualifier_and_the_number_keeps_the_qualifier():
    assert only("总金额约人民币3500亿元") == ("3500亿元", {"value": 350_000_000_000, "unit": "元", "qualifier": "about",
                                                  "approx": True})



@pytest.mark.parametrize("text", ["特工007人气很高", "区号0571人工服务"])
def test_numbers_with_a_leading_zero_are_codes(text):
    assert find_numbers(text) == []


def test_several_months_is_a_vague_count_and_a_months_name_no_count():
    assert only("还将持续数月")[0] == "数月"
    assert find_numbers("数月份以来") == [] and find_numbers("3月份") == []


@pytest.mark.parametrize("text, span, value", [
    ("較去年同期增加約一成五", "約一成五", 1.5),   # a digit after 成 counts its tenths
    ("增长两成三", "两成三", 2.3),
    ("国防预算占GDP3.32%", "3.32%", 3.32),        # a share written against GDP
])
def test_tenths_of_a_cheng_and_a_share_of_gdp(text, span, value):
    got, attrs = only(text)
    assert got == span and attrs["value"] == value


def test_a_percentage_after_a_models_letter_is_none():
    assert find_numbers("F-16%") == [] and find_numbers("G7%") == []


def test_tickets_are_counted_by_the_sheet():
    assert only("已有约54万张赴日机票被取消") == ("约54万张", {"value": 540000, "unit": "张", "qualifier": "about",
                                                      "approx": True})
    assert find_numbers("局势紧张") == [] and find_numbers("一张照片") == []


@pytest.mark.parametrize("text, span, counted", [
    ("摧毁3座弹药库", "3座", "弹药库"),                   # the longer noun, not 弹药
    ("解放了两个居民点", "两个", "居民点"),
])
def test_longer_counted_nouns(text, span, counted):
    got, attrs = only(text)
    assert got == span and attrs["counted"] == counted


@pytest.mark.parametrize("text, span, low, high", [
    ("相距约20公里至40公里", "约20公里至40公里", 20, 40),   # the unit at both ends
    ("3名到5名士兵", "3名到5名", 3, 5),
])
def test_a_range_with_its_unit_at_both_ends(text, span, low, high):
    got, attrs = only(text)
    assert got == span and (attrs["min"], attrs["max"], attrs["qualifier"]) == (low, high, "range")


@pytest.mark.parametrize("text, span, value", [
    ("近两成三甲医院参与", "近两成", 2),        # 三甲医院: the digit is the next word's
    ("约三成五星级酒店满员", "约三成", 3),
])
def test_a_digit_after_cheng_that_begins_the_next_word(text, span, value):
    got, attrs = only(text)
    assert got == span and attrs["value"] == value


def test_a_counts_shu_before_a_months_word_is_no_several_months():
    assert find_numbers("A股新开户数月环比下降") == []
    assert only("冲突已持续数月")[0] == "数月"


def test_the_yi_that_ends_a_word_before_a_count_is_no_digit():
    # 唯一 + 一艘: one ship (the article "a", not proposed), not eleven.
    assert find_numbers("这是唯一一艘航母") == [] and find_numbers("唯一一名记者到场") == []
    assert only("派出十一艘军舰")[1]["value"] == 11


@pytest.mark.parametrize("text, span, attrs", [
    ("绍伊古在半个月内两次访问平壤", "半个月", {"value": 0.5, "unit": "个月"}),
    ("距离上次演习只有半年左右", "半年左右", {"value": 0.5, "unit": "年", "approx": True, "qualifier": "about"}),
])
def test_half_a_unit_of_time_alone_is_a_duration(text, span, attrs):
    assert [(text[m.start:m.end], m.attrs) for m in find_numbers(text) if "半" in text[m.start:m.end]] == [(span, attrs)]
    for other in ("上半年经济增长", "大半年过去了", "公布半年报"):
        assert find_numbers(other) == [], other


def test_salutes_and_birds_are_counted_and_a_triad_is_no_count():
    assert only("80响礼炮响彻云霄") == ("80响", {"value": 80, "unit": "响"})
    assert only("8万羽和平鸽展翅飞翔") == ("8万羽", {"value": 80000, "unit": "羽"})
    assert find_numbers("首次以“三位一体”方式亮相") == []
