import pytest

from newsnlp.components.dates import find_dates


def only(text, published=None):
    found = [(text[m.start:m.end], m.attrs) for m in find_dates(text, published)]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, value", [
    ("2025 年 12 月 12 日", "2025-12-12"), ("2025年12月12日", "2025-12-12"), ("2024 年 8 月", "2024-08"),
    ("2024 年", "2024"), ("2025 年 5 月底", "2025-05"), ("二〇二四年八月", "2024-08"),
    ("2025-12-14", "2025-12-14"), ("1998年1月", "1998-01"),
    ("民國113年12月3日", "2024-12-03"), ("民国三十八年", "1949"),  # Taiwan's calendar: year 1 is 1912
])
def test_absolute_dates_to_the_precision_written(text, value):
    assert only(f"于{text}签署") == (text, {"value": value})


def test_week_number():
    assert only("2025年第35周")[1] == {"value": "2025-W35"}


def test_period_is_one_span():
    assert only("2024年12月10日至19日举行") == ("2024年12月10日至19日", {"value": "2024-12-10/2024-12-19"})


def test_period_without_year_resolves_against_publication():
    span, attrs = only("12月10日至19日", "2024-12-20")
    assert attrs == {"value": "2024-12-10/2024-12-19", "relative": True}


def test_time_stamp_after_a_date_is_inside():
    assert only("19日上午8时许", "2024-12-20") == ("19日上午8时许", {"value": "2024-12-19T08:00", "relative": True})
    assert only("2024年12月19日晚上8时30分")[1] == {"value": "2024-12-19T20:30"}
    # 起 after the clock time is "from", not part of another word (停火自27日凌晨4时起生效).
    assert only("停火自27日凌晨4时起生效", "2024-11-26") == ("27日凌晨4时", {"value": "2024-11-27T04:00", "relative": True})
    assert only("28日一时起意", "2024-11-26")[0] == "28日"  # 一时起意: on a whim, no clock time


@pytest.mark.parametrize("text", ["下午3点", "8时30分", "晚上8时"])
def test_clock_time_alone_is_not_a_date(text):
    assert find_dates(text) == []


@pytest.mark.parametrize("text, value", [
    ("今年8月", "2024-08"), ("今年 8 月", "2024-08"), ("8月初", "2024-08"), ("上周", "2024-W50"),
    ("当天", "2024-12-20"), ("去年年底", "2023"), ("周二", "2024-12-17"), ("上周三", "2024-12-11"),
    ("12月22日", "2024-12-22"), ("今年稍早", "2024"), ("昨天", "2024-12-19"), ("十二月十二日", "2024-12-12"),
    ("今日", "2024-12-20"), ("明日", "2024-12-21"), ("今年前三季度", "2024-01/2024-09"), ("今年前9个月", "2024-01/2024-09"),
    ("去年第四季度", "2023-10/2023-12"), ("去年上半年", "2023-01/2023-06"),
    ("今年秋季", "2024"), ("明年春天", "2025"),
])
def test_relative_dates_resolve_against_publication(text, value):
    assert only(text, "2024-12-20") == (text, {"value": value, "relative": True})


@pytest.mark.parametrize("text", ["今年8月", "8 月初", "上周", "12月22日", "周二"])
def test_relative_dates_without_publication_have_no_value(text):
    assert only(text) == (text, {"relative": True})


def test_month_without_year_takes_the_nearest_year():
    assert only("12月5日", "2025-01-10")[1]["value"] == "2024-12-05"


def test_that_day_refers_to_the_date_written_before():
    found = find_dates("2025年12月12日举行仪式，当天上午金正恩讲话，次日返回。")
    assert [m.attrs.get("value") for m in found] == ["2025-12-12", "2025-12-12", "2025-12-13"]


@pytest.mark.parametrize("text, date", [
    ("据韩联社11月20日报道", "11月20日"), ("上月20日报道称", "上月20日"), ("自2025年1月1日起施行", "2025年1月1日"),
    ("须于3月5日前完成", "3月5日"), ("他于20日报道", "20日"),
])
def test_a_day_after_a_month_is_a_date_whatever_word_goes_on_from_it(text, date):
    assert only(text)[0] == date


def test_today_must_begin_a_word():
    # 如今 + 日本 and 昆明 + 日前: the characters belong to other words.
    for text in ("如今日本经济低迷", "昆明日前发生地震", "当今日本", "注明日期"):
        assert find_dates(text) == []
    assert [(m.start, m.end) for m in find_dates("截至今日")] == [(2, 4)]
    # With the tokenizer's word starts, a word that begins elsewhere is no date either.
    assert [(m.start, m.end) for m in find_dates("国防部今日表示", word_starts={0, 3, 5})] == [(3, 5)]
    assert find_dates("国防部今日表示", word_starts={0, 4, 5}) == []


@pytest.mark.parametrize("text", ["为期120天", "四个月后", "每周一", "第3日", "人民日报", "目前尚不清楚", "当时展示了",
                                  "3日前他说", "支付了20日元", "20日军撤出", "据今日俄罗斯电视台报道", "《今日美国》报",
                                  "以“今日香港”为主题", "《明日之后》", "光明日报", "时至今日", "他声明日前"])
def test_not_dates(text):
    assert find_dates(text) == []


@pytest.mark.parametrize("text, span", [
    ("当地时间11月25日晚些时候", "11月25日晚些时候"), ("本周早些时候", "本周早些时候"), ("今年早前", "今年早前"),
    ("25日晚，俄军发动袭击", "25日晚"),
])
def test_earlier_or_later_that_day_is_inside_the_date(text, span):
    assert only(text)[0] == span


def test_a_season_after_a_year_keeps_the_years_precision():
    assert only("2025年秋季征兵") == ("2025年秋季", {"value": "2025"})
    # Not a festival, not the name of an event, and only after a year.
    for text, date in [("2024年春节期间", "2024年"), ("2026年冬季奥运会将在米兰举行", "2026年"),
                       ("2025年夏季达沃斯论坛", "2025年"), ("2022年2月4日冬季奥运会开幕", "2022年2月4日"),
                       ("今天冬季风暴袭击了美国", "今天"), ("3月春季攻势", "3月")]:
        assert only(text)[0] == date, text


def test_a_number_after_a_streets_name_is_a_house_number():
    assert find_dates("首相在唐宁街10号会见了他，长安街2号，忠孝東路5段10號") == []
    # Dates after a street's or a railway's name stay dates.
    for text, date in [("全国铁路5月1日发送旅客", "5月1日"), ("华尔街2025年表现强劲", "2025年"),
                       ("华尔街3日收盘", "3日")]:
        assert only(text)[0] == date, text
    assert only("他20日在大街上说")[0] == "20日"
    assert only("据新华社报道20日举行")[0] == "20日"  # 报道 is no road


@pytest.mark.parametrize("text, span, value", [
    ("上世纪90年代以来，两国关系经历了起伏", "上世纪90年代", "1990/1999"),
    ("20世纪50年代末，中苏关系破裂", "20世纪50年代末", "1950/1959"),
    ("1990年代的台湾", "1990年代", "1990/1999"),
    ("他在80年代初参军", "80年代初", "1980/1989"),
    ("三十年代的上海", "三十年代", "1930/1939"),
    ("19世紀60年代", "19世紀60年代", "1860/1869"),
    ("县委在五六十年代盖的平房里办公", "五六十年代", "1950/1969"),
    ("从上个世纪70年代到90年代，他一直在古巴", "上个世纪70年代到90年代", "1970/1999"),
])
def test_a_decade_is_a_period_of_ten_years(text, span, value):
    assert only(text) == (span, {"value": value})


def test_a_year_before_other_words_with_dai_is_no_decade():
    assert only("2020年代表团抵达")[0] == "2020年"
    assert only("2020年代理总统宣誓就职")[0] == "2020年"
    assert only("1980年代价格飞涨") == ("1980年代", {"value": "1980/1989"})
    assert only("70年代中国利用针刺麻醉")[0] == "70年代"  # 中 begins 中国, not "mid-decade"
    assert only("1990年代中，互联网兴起")[0] == "1990年代中"
    assert only("上世纪80年代中至90年代初") == ("上世纪80年代中至90年代初", {"value": "1980/1999"})
    # Only 代表, 代理, 代替, 代言 make the year's 年 end there.
    assert only("1990年代工业快速发展")[0] == "1990年代" and only("八十年代理想主义盛行")[0] == "八十年代"
    # Nor where 代's next characters are a word of their own.
    for text in ("1980年代理论界争论激烈", "1990年代表现强劲", "1990年代言情小说风靡"):
        assert only(text)[0].endswith("年代"), text
    assert find_dates("年代久远的建筑") == [] and find_dates("10年代") == []


@pytest.mark.parametrize("text, span, value", [
    ("三天前，乌军撤出该镇", "三天前", "2025-05-29"),
    ("两周前俄军发动进攻", "两周前", "2025-W20"),  # the week of 18 May
    ("他三个月之前曾访问平壤", "三个月之前", "2025-03"),
    ("半年前双方签署协议", "半年前", "2024-12"),
    ("5年前，他曾担任国防部长", "5年前", "2020"),
    ("两年以前的冲突", "两年以前", "2023"),
    ("一年前的今天，朝鲜宣布", "一年前的今天", "2024-06-01"),  # that day a year back, to the day
    # A vague count has no value.
    ("几年前，两国关系紧张", "几年前", None), ("一年多前，战事爆发", "一年多前", None), ("数日前", "数日前", None),
])
def test_a_count_back_from_publication_is_a_date_at_its_units_precision(text, span, value):
    found, attrs = only(text, "2025-06-01")
    assert (found, attrs.get("value"), attrs["relative"]) == (span, value, True)
    assert only(text) == (span, {"relative": True})  # without a publication date, no value


@pytest.mark.parametrize("text", [
    "他将前往莫斯科", "每两周前往边境", "第三天前线告急", "十年前后变化巨大", "须在5日前提交",
])
def test_no_count_back_where_qian_begins_another_word_or_the_count_is_no_count(text):
    assert not [m for m in find_dates(text, "2025-06-01") if "前" in text[m.start:m.end]]


@pytest.mark.parametrize("text, span, value", [
    ("朝鲜士兵11月20日抵达，两天后投入战斗", "两天后", "2025-11-22"),  # from the date written before it
    ("乌军11月19日发动进攻，一周后撤出该镇", "一周后", "2025-W48"),  # the week of 26 November
    ("他3天前抵达，两天之后离开", "两天之后", "2025-11-24"),  # 3天前 is the 22nd
    ("伊朗将在三天后举行选举", "三天后", "2025-11-28"),  # to come: from publication
    ("两天后，他离开了", "两天后", None),  # no date written before it, and past: no value
    ("11月20日抵达。\n两天后，他离开了", "两天后", None),  # nor one of another paragraph
])
def test_a_count_of_days_or_weeks_after_is_a_date_from_the_date_written_before(text, span, value):
    found = [m for m in find_dates(text, "2025-11-25") if text[m.start:m.end] == span]
    assert [(m.attrs.get("value"), m.attrs["relative"]) for m in found] == [(value, True)]


@pytest.mark.parametrize("text", ["第三天后方告急", "每两周后续跟进", "两周后方补给线", "这三天后果严重"])
def test_no_count_after_where_hou_begins_another_word_or_the_count_is_no_count(text):
    assert not [m for m in find_dates(text, "2025-11-25") if "后" in text[m.start:m.end]]


def test_jiri_is_this_very_day_and_not_the_ji_of_another_word():
    assert only("东部战区宣布，即日起展开演习", "2025-03-30") == ("即日", {"value": "2025-03-30", "relative": True})
    text = "4月1日宣布，自即日起生效"  # the day written before it, as 当天
    assert [(text[m.start:m.end], m.attrs["value"]) for m in find_dates(text, "2025-03-30")] == [
        ("4月1日", "2025-04-01"), ("即日", "2025-04-01")]
    for text in ("他立即日夜兼程赶回", "美方随即日前表示", "中方立即日方"):
        assert find_dates(text, "2025-03-30") == [], text


def test_next_day_opening_a_clause_is_a_date_whatever_follows():
    text = "20日会谈，次日俄方表态"
    assert [(text[m.start:m.end], m.attrs["value"]) for m in find_dates(text, "2025-11-26")] == [
        ("20日", "2025-11-20"), ("次日", "2025-11-21")]
    assert find_dates("首次日韩首脑会谈", "2025-11-26") == []


@pytest.mark.parametrize("text, published, day, value", [
    ("5月7日，印度发动打击。10日，双方宣布停火。", "2025-08-19", "10日", "2025-05-10"),
    ("7月24日，两国爆发交火。冲突持续五天后，双方于28日达成停火。", "2025-12-09", "28日", "2025-07-28"),
    ("5月7日，印巴爆发冲突。他将于20日赴喀布尔。", "2025-08-19", "20日", "2025-08-20"),  # to come
    ("5月7日，印度发动打击。巴方18日表示。", "2025-08-19", "18日", "2025-08-18"),  # the news of the last days
])
def test_a_day_alone_in_a_paragraph_of_another_month_goes_on_from_it(text, published, day, value):
    assert [m.attrs["value"] for m in find_dates(text, published) if text[m.start:m.end] == day] == [value]


def test_a_day_alone_whose_clause_says_it_happened_is_not_ahead():
    assert only("以军10日空袭了黎巴嫩南部", "2025-11-30")[1]["value"] == "2025-11-10"
    assert only("会谈将于10日举行", "2025-11-30")[1]["value"] == "2025-12-10"


def test_the_same_evening_and_the_evening_before_count_from_the_date_written():
    text = "机场22日晚间关闭。奥斯陆机场同晚也暂停起降"
    assert [(text[m.start:m.end], m.attrs["value"]) for m in find_dates(text, "2025-09-24")][-1] == ("同晚", "2025-09-22")
    text = "国防部10日回应称，俄军前一晚发动了打击"
    assert [(text[m.start:m.end], m.attrs["value"]) for m in find_dates(text, "2025-09-13")][-1] == ("前一晚", "2025-09-09")
    assert find_dates("提前一晚到达", "2025-09-13") == [] and find_dates("他同晚宴宾客交谈", "2025-09-13") == []


def test_taiwans_bracketed_days_keep_their_time_and_make_one_period():
    text = "自昨（1）日上午6時至今（2）日上午6時，偵獲共機"
    assert only(text, "2025-04-02") == ("昨（1）日上午6時至今（2）日上午6時",
                                       {"relative": True, "value": "2025-04-01T06:00/2025-04-02T06:00"})
    assert only("昨（1）日晚間8時許", "2025-04-02")[1]["value"] == "2025-04-01T20:00"


def test_a_weekday_with_its_date_in_brackets_takes_that_date():
    text = "快速支援部队于本周日（10月26日）攻入法希尔"
    assert [m.attrs["value"] for m in find_dates(text, "2025-10-29")] == ["2025-10-26", "2025-10-26"]


def test_a_year_before_qian_is_before_that_year():
    assert only("2022年前完成部署", "2025-06-01") == ("2022年", {"value": "2022"})


def test_a_day_count_before_zhanzheng_is_a_wars_name():
    assert find_dates("所谓的“12日战争”结束后") == []



@pytest.mark.parametrize("text, published, span, attrs", [
    ("今年1-9月，油气收入下降", "2025-11-26", "今年1-9月", {"value": "2025-01/2025-09", "relative": True}),
    ("2025年1至6月", None, "2025年1至6月", {"value": "2025-01/2025-06"}),
    ("去年1-10月", "2025-11-26", "去年1-10月", {"value": "2024-01/2024-10", "relative": True}),
    # Without a year: a period already past (1-5月 read in November, 1-12月 read in January).
    ("1—5月出口增长", "2025-11-26", "1—5月", {"value": "2025-01/2025-05", "relative": True}),
    ("1-12月累计", "2026-01-10", "1-12月", {"value": "2025-01/2025-12", "relative": True}),
])
def test_a_range_of_months_is_one_period(text, published, span, attrs):
    assert only(text, published) == (span, attrs)


@pytest.mark.parametrize("text, published, found", [
    ("黎巴嫩內閣要求軍隊在年底前制定計劃", "2025-09-05", [("年底", "2025")]),
    ("月底前完成撤军", "2025-09-05", [("月底", "2025-09")]),
    ("停摆将使第四季度实际GDP增速下降", "2025-09-05", [("第四季度", "2025-10/2025-12")]),   # a quarter alone
    ("去年增加值225亿元，到年底，外资银行已有22家", "2025-09-05", [("去年", "2024"), ("年底", "2024")]),  # the year written
    ("大年初一, 学年末, 周末", "2025-09-05", []),
    ("五千年底蕴, 百年初心, 青年初创, 童年初期, 蜜月初期, 元月初, 腊月底", "2025-09-05", []),  # other words
    ("这座建于1998年的大桥预计年底前完成维修", "2025-09-05", [("1998年", "1998"), ("年底", "2025")]),  # a thing's date
])
def test_the_end_or_start_of_a_year_or_month_written_alone(text, published, found):
    assert [(text[m.start:m.end], m.attrs.get("value")) for m in find_dates(text, published)] == found


def test_a_period_to_a_time_of_today_is_one_period():
    text = "自昨日上午6時至今日上午6時，偵獲共機30架次"
    assert only(text, "2025-12-30") == ("昨日上午6時至今日上午6時", {"value": "2025-12-29T06:00/2025-12-30T06:00",
                                                                "relative": True})
    assert find_dates("时至今日，局势仍然紧张", "2025-12-30") == []  # "to this day"
    # The tokenizer reads 至今 ("so far") there: 今日 begins no word, and is a date all the same.
    starts = set(range(len(text))) - {text.index("今日")}
    assert [text[m.start:m.end] for m in find_dates(text, "2025-12-30", starts)] == ["昨日上午6時至今日上午6時"]


@pytest.mark.parametrize("text, published, found", [
    ("全国学校27日起停课两周", "2025-10-26", [("27日", "2025-10-27")]),          # 起 after a day is "from"
    ("國家安全局今（5）日公布報告，國防部昨（4）日表示", "2026-01-05",
     [("今（5）日", "2026-01-05"), ("昨（4）日", "2026-01-04")]),                  # Taiwan's bracketed day
    ("國軍將於明（2026）年舉行演習", "2025-12-15", [("明（2026）年", "2026")]),       # and bracketed year
    ("长和最初希望在4月2日前签署协议，但交易已被推迟", "2025-07-28", [("4月2日", "2025-04-02")]),  # a past plan
    ("特朗普此前威胁从11月1日起加征关税的计划已不再考虑", "2025-10-27", [("11月1日", "2025-11-01")]),  # 已 is the plan's
    ("俄罗斯国防部21日早间通报", "2025-11-21", [("21日早间", "2025-11-21")]),
    ("仅本月前三周就运送了援助", "2025-10-21", [("本月前三周", "2025-10")]),          # a month's first weeks
    ("满负荷运转后年产量将达到35万枚，该国此后年均增长3%", "2025-11-13", []),    # 后 + 年产量, 此后 + 年均
    ("后年将举行大选", "2025-11-13", [("后年", "2027")]),
])
def test_days_from_taiwans_brackets_and_words_around_hounian(text, published, found):
    assert [(text[m.start:m.end], m.attrs.get("value")) for m in find_dates(text, published)] == found


def test_an_ordinal_before_a_month_range_makes_no_range():
    assert only("第1-9月")[0] == "9月"


@pytest.mark.parametrize("text, published, value", [
    ("上诉法院定于7月31日举行口头辩论", "2025-08-02", "2025-07-31"),  # a schedule of days ago
    ("会谈定于12月28日举行", "2025-01-03", "2024-12-28"),
    ("会议将于8月举行", "2025-08-02", "2025-08"),                      # this month
    ("会议将于7月10日举行", "2025-08-02", "2026-07-10"),                # weeks past: next year's
    ("解放军3月底举行了演习", "2026-01-05", "2025-03"),                  # its clause says it happened
    ("解放军3月底举行演习期间，船只激增了三成", "2026-01-05", "2025-03"),  # … or the clause it is the time of
    ("解放军3月底举行演习期间，美军将派舰观摩", "2026-01-05", "2026-03"),
    ("2月的冬奥会门票已售罄", "2025-12-20", "2026-02"),                  # … not another event's past word
    ("6月1日起税率将提高至25%", "2026-01-18", "2026-06-01"),            # 起 … 将: from a day to come
    ("自11月1日起该国将暂停发放签证", "2025-12-20", "2025-11-01"),       # … but weeks back: last month's rule
    ("11月5日起草的法案将提交议会表决", "2025-12-20", "2025-11-05"),     # 起草 ("draft") is no 起
    ("10月1日起实施的新规将被修订", "2025-12-20", "2025-10-01"),         # the 将 of another clause
])
def test_a_date_said_to_come_that_has_just_passed_is_this_years(text, published, value):
    assert [m.attrs["value"] for m in find_dates(text, published)] == [value]


def test_dangtian_refers_to_the_date_before_it_not_to_one_quoted():
    text = "当地时间7月10日，俄方要求乌军“撤回到2025年3月2日之前的位置”。乌方当天拒绝了这一要求。"
    values = {text[m.start:m.end]: m.attrs.get("value") for m in find_dates(text, "2025-07-11")}
    assert values["当天"] == "2025-07-10"
    # Nor to the end a term is extended to: the publication date.
    text = "联黎部队的任期延长至2026年12月31日。五方停火监督机制会议当天在纳古拉举行。"
    values = {text[m.start:m.end]: m.attrs.get("value") for m in find_dates(text, "2025-11-27")}
    assert values["当天"] == "2025-11-27"


@pytest.mark.parametrize("text, published, span, value", [
    # A day after the date last written falls in its month (not in the publication's).
    ("今年4月26日，俄方宣布收复。两天后，朝中社28日发表书面立场。", "2025-06-17", "28日", "2025-04-28"),
    ("5月30日双方会谈。朝中社16日报道", "2025-06-17", "16日", "2025-06-16"),  # before it: publication's month
    # 当天 takes a period's end, and not a date that opens a "since" clause.
    ("2024年10月8日至13日，朝鲜派兵。韩国国防部当天表示", "2024-11-20", "当天", "2024-10-13"),
    ("自2024年8月6日乌军入侵以来，战事持续。普京当天表示祝贺。", "2025-04-26", "当天", "2025-04-26"),
    ("11月12日，特朗普签署法案，结束自10月1日开始、持续43天的停摆。当天，众议院通过法案", "2025-11-13", "当天", "2025-11-12"),
    # Nor one a since-clause without 自 or a distance opens.
    ("朝鲜22日发射导弹。这是5月8日以来首次发射。高市早苗当天表示", "2025-10-23", "当天", "2025-10-22"),
    ("朝鲜今天发射导弹，距离去年11月7日发射约两个月。魏圣洛当天主持会议", "2026-01-05", "当天", "2026-01-05"),
    # A countdown's date is one (距离 a date to come), and so is a date before a former office holder.
    ("距离11月5日大选只剩3天。当天选民将投票", "2025-11-02", "当天", "2025-11-05"),
    ("2月1日前国务卿布林肯访问北京。当天他会见了王毅", "2025-03-20", "当天", "2025-02-01"),
    # Nor a deadline; a date someone set out on is one.
    ("交易须在11月21日前完成。特朗普当天表示", "2025-11-25", "当天", "2025-11-25"),
    ("他11月21日前往北京。特朗普当天表示", "2025-11-25", "当天", "2025-11-21"),
    # Nor a date the story has moved on from: a later month, or the end of its month, written since.
    ("10月26日，两国签署协议。泰国上月暂停执行该协议。\n莫哈末哈山当天表示", "2025-12-10", "当天", "2025-12-10"),
    ("规模将超过5月16日商定的规模。截至今年5月底，已有4552人回国。\n费丹主持了当天的谈判", "2025-06-02", "当天", "2025-06-02"),
    # A month to come is no such move, nor is the year of the date itself.
    ("10月26日，两国签署协议，将于明年1月生效。当天特朗普表示", "2025-12-10", "当天", "2025-10-26"),
    ("10月26日，两国签署今年第二份协议。当天特朗普表示", "2025-12-10", "当天", "2025-10-26"),
    # Nor a plan for later this month or the next, nor the end of the anchor's month unless tallied up to.
    ("12月3日，美方宣布加征关税，计划于本月底生效。当天，中方表示反对", "2025-12-20", "当天", "2025-12-03"),
    ("11月3日，特朗普表示，12月将对中国商品加征关税。当天，美股下跌", "2025-12-20", "当天", "2025-11-03"),
    ("12月10日，国会通过法案。该法案本月底生效。当天，总统表示欢迎", "2025-12-20", "当天", "2025-12-10"),
])
def test_a_bare_day_and_dangtian_take_the_right_anchor(text, published, span, value):
    values = {text[m.start:m.end]: m.attrs.get("value") for m in find_dates(text, published)}
    assert values[span] == value


@pytest.mark.parametrize("text, published, span, value", [
    # The publication's month where that is not after publication, a background date whatever.
    ("新华社基辅5月29日电 泽连斯基29日表示。今年4月26日，俄方宣布。泽连斯基29日的讲话", "2025-05-30", "29日", "2025-05-29"),
    ("去年12月10日，他访问。他28日还说", "2025-05-30", "28日", "2025-05-28"),
    # 从 that opens no since-clause starts an event: 当天 is that day.
    ("俄军从2月24日凌晨开始发动进攻。当天，普京发表讲话", "2025-05-30", "当天", "2025-02-24"),
    # Months to come.
    ("气象部门预计，7-8月将迎来降雨高峰", "2025-05-30", "7-8月", "2025-07/2025-08"),
])
def test_anchors_do_not_overreach(text, published, span, value):
    found = [m.attrs.get("value") for m in find_dates(text, published) if text[m.start:m.end] == span]
    assert found[-1] == value


def test_same_year_is_the_year_of_the_date_written_before_at_any_precision():
    text = "2022年2月，俄罗斯发起特别军事行动。同年9月，俄宣布动员。"
    assert [m.attrs.get("value") for m in find_dates(text, "2025-06-24")] == ["2022-02", "2022-09"]


def test_a_bare_day_after_a_full_date_in_its_sentence_is_in_that_month():
    # A retrospective article: the 24th is the day after the written 23 June 2023, not this June's.
    text = "2023年6月23日晚，瓦格纳集团发动兵变，24日晚普里戈任宣布撤军。次日，他离开俄罗斯。"
    assert [m.attrs.get("value") for m in find_dates(text, "2025-06-24")] == ["2023-06-23", "2023-06-24", "2023-06-25"]
    # A dateline's bare earlier day is still read in the publication's month.
    text = "新华社莫斯科6月24日电 俄总统普京23日表示。"
    assert [m.attrs.get("value") for m in find_dates(text, "2025-06-24")] == ["2025-06-24", "2025-06-23"]


@pytest.mark.parametrize("text, values", [
    ("2022年2月宣战后，次年2月俄军撤退。", ["2022-02", "2023-02"]),
    ("2022年2月，俄方行动。同月24日，俄军越境。", ["2022-02", "2022-02-24"]),
    ("2024年12月阿萨德倒台。当月，叛军进城。", ["2024-12", "2024-12"]),
    ("2024年8月6日乌军越境，第二天俄方宣布紧急状态。", ["2024-08-06", "2024-08-07"]),
    ("2024年8月6日乌军越境，前一天已有异动。", ["2024-08-06", "2024-08-05"]),
    ("2024年8月，次月乌军推进。", ["2024-08", "2024-09"]),
])
def test_words_that_count_from_the_date_written_before(text, values):
    assert [m.attrs.get("value") for m in find_dates(text, "2025-06-24")] == values


@pytest.mark.parametrize("text, span, value", [
    ("6月19-20日，峰会举行", "6月19-20日", "2025-06-19/2025-06-20"),
    ("7月3至5日", "7月3至5日", "2025-07-03/2025-07-05"),
    ("会议于19-20日举行", "19-20日", "2025-06-19/2025-06-20"),
    ("2022至2024年间", "2022至2024年", "2022/2024"),
    ("本月28-30日举行", "本月28-30日", "2025-06-28/2025-06-30"),
    ("12月10日至1月5日", "12月10日至1月5日", "2024-12-10/2025-01-05"),   # over the new year
])
def test_a_period_with_its_unit_written_once_is_one_span(text, span, value):
    published = "2025-01-05" if "1月5日" in text else "2025-06-24"
    found = [(text[m.start:m.end], m.attrs.get("value")) for m in find_dates(text, published)]
    assert found == [(span, value)]


@pytest.mark.parametrize("text, value", [
    ("23日夜间，俄军发动袭击", "2025-06-23"), ("当晚8时，袭击开始", "2025-06-24T20:00"),
    ("20日下午3点半", "2025-06-20T15:30"),
])
def test_times_of_day(text, value):
    assert [m.attrs.get("value") for m in find_dates(text, "2025-06-24")] == [value]


@pytest.mark.parametrize("text", ["扎波罗热核电站2号机组停堆", "地铁4号线", "1号公路", "日夜兼程", "一时半会", "十月革命", "五月风暴",
                                  "派遣「巡护7号」前往", "海警2901号舰驶离", "首次日韩首脑会谈", "与“七月宪章”公投"])
def test_numbered_things_and_words_are_no_dates(text):
    assert find_dates(text, "2025-06-24") == []


@pytest.mark.parametrize("text, found", [
    ("从今年9月起义务教育免费", [("今年9月", "2025-09")]),
    ("塔里木油田第二天然气处理厂", []), ("他提前一天抵达", []), ("泰国空军连续第二天出动战机", []),
    ("今晚0时起生效", [("今晚0时", "2025-06-24T00:00")]), ("发布会将于25号线上举行", [("25号", "2025-06-25")]),
    ("他次年退休", [("次年", None)]),
])
def test_the_new_words_keep_to_their_own_readings(text, found):
    assert [(text[m.start:m.end], m.attrs.get("value")) for m in find_dates(text, "2025-06-24")] == found


@pytest.mark.parametrize("text, published, values", [
    # A weekday alone: the last one up to four days back, else the next; the next where its clause
    # says it will come (a future word right before it, a future verb or a deadline right after it).
    ("以色列总理周日在内阁会议上表示，以色列将继续作战", "2025-11-18", ["2025-11-16"]),
    ("会议将于周日举行", "2025-11-18", ["2025-11-23"]),
    ("周日将举行会谈", "2025-11-18", ["2025-11-23"]),
    ("本周日", "2025-11-18", ["2025-11-23"]),
    ("周一表示", "2025-11-18", ["2025-11-17"]),
    # A month without its year: the last one, or the next when at most three months ahead or said to come.
    ("與4月的演習相比", "2025-12-30", ["2025-04"]),
    ("交易须在11月21日前结束", "2025-10-23", ["2025-11-21"]),
    ("该工程预计12月将竣工", "2025-01-05", ["2025-12"]),
    ("12月，朝军首次参战", "2025-06-24", ["2024-12"]),
    ("2月举行大选", "2025-01-05", ["2025-02"]),
    # 同日, future words, clock times and periods of weekdays.
    ("王毅同日本外相举行会谈", "2025-11-18", []),                 # 同 + 日本: with Japan, no date
    ("中方同日方举行磋商", "2025-11-18", []),
    ("同日，美方宣布", "2025-11-18", ["2025-11-18"]),
    ("普京定于周五召开会议", "2025-11-04", ["2025-11-07"]),         # 定于, 预定 say it will come
    ("如果到8月底仍未达成协议", "2025-05-12", ["2025-08"]),          # so does a condition
    ("周日上午7时50分许发生地震", "2026-01-06", ["2026-01-04T07:50"]),  # a weekday keeps its clock time
    ("週三深夜至週四凌晨", "2025-11-20", ["2025-11-19/2025-11-20"]),  # a period of weekdays
    ("周五到下周一", "2025-11-20", ["2025-11-21/2025-11-24"]),
    ("北约峰会周三在海牙开幕", "2025-06-24", ["2025-06-25"]),
    ("以军少将周日表示", "2025-06-24", ["2025-06-22"]),             # 少将 is a rank, not "will"
    ("伊朗须在周五前作出答复", "2025-06-24", ["2025-06-27"]),
    ("双方将于周一举行会谈", "2025-06-25", ["2025-06-30"]),
    ("警方周五将嫌疑人抓获", "2025-06-24", ["2025-06-20"]),          # 将 as 把: no future
    # A month alone: 将 as 把, a general, a plan of the past or a draft are no future words.
    ("警方于3月将嫌疑人抓获", "2025-06-24", ["2025-03"]),
    ("巴基斯坦将军5月访问了华盛顿", "2025-06-24", ["2025-05"]),
    ("原计划5月开通", "2025-06-24", ["2025-05"]),
    ("此前预计4月公布", "2025-06-24", ["2025-04"]),
    ("9月3日的阅兵式备受关注", "2025-06-24", ["2025-09-03"]),        # three months ahead: coming
    ("同日本地时间下午", "2025-06-24", ["2025-06-24"]),
])
def test_undated_weekdays_months_and_same_day_words(text, published, values):
    assert [m.attrs.get("value") for m in find_dates(text, published)] == values


def test_a_month_joined_to_a_date_takes_its_year():
    found = find_dates("這是繼去年5月和10月的演習之後", "2025-04-02")
    assert [m.attrs.get("value") for m in found] == ["2024-05", "2024-10"]


def test_a_month_joined_after_december_is_the_next_years():
    found = find_dates("去年12月和1月", "2025-06-24")
    assert [m.attrs.get("value") for m in found] == ["2024-12", "2025-01"]


def test_a_weekday_whose_clause_says_it_has_happened_is_the_last_one():
    found = find_dates("伊朗周三深夜至周四凌晨向以色列发射了多枚导弹", "2025-06-24")
    assert [m.attrs.get("value") for m in found] == ["2025-06-18/2025-06-19"]
    # A past word in a month's clause may be another event's: next February's games.
    assert [m.attrs.get("value") for m in find_dates("2月的冬奥会门票已售罄", "2025-12-20")] == ["2026-02"]


@pytest.mark.parametrize("text, span, attrs", [
    ("2026年度預算案", "2026年度", {"value": "2026"}),
    ("较本年度增加", "本年度", {"value": "2025", "relative": True}),
    ("2027财年预算", "2027财年", {"value": "2027", "fiscal": True}),
    ("2023～2027财年计划", "2023～2027财年", {"value": "2023/2027", "fiscal": True}),
    ("2025-26财年", "2025-26财年", {"value": "2025/2026", "fiscal": True}),
    ("本财年赤字", "本财年", {"relative": True, "fiscal": True}),  # whose fiscal year: no value
])
def test_a_budgets_year_is_a_date(text, span, attrs):
    [found] = find_dates(text, "2025-12-20")
    assert (text[found.start:found.end], found.attrs) == (span, attrs)


def test_an_annual_report_is_no_date():
    assert find_dates("年度报告显示", "2025-12-20") == []


@pytest.mark.parametrize("text, expected", [
    ("北約國家今冬將向烏克蘭提供援助", [("今冬", "2025")]), ("去冬今春以来", [("去冬", "2024"), ("今春", "2025")]),
    ("明春将举行", [("明春", "2026")]),
    ("如今春节临近", []), ("至今冬季", []), ("纷纷脱去冬装", []), ("冬去春来", []),  # words around them
    ("总统去春川视察", []), ("去冬宫参观", []), ("黎明春耕", []),                   # 去 "go to", 黎明
])
def test_a_season_of_this_last_or_next_year(text, expected):
    assert [(text[m.start:m.end], m.attrs["value"]) for m in find_dates(text, "2025-12-20")] == expected


@pytest.mark.parametrize("text, expected", [
    ("2024年中菲在南海共发生15起对峙", ("2024年", "2024")), ("2025年中美关系", ("2025年", "2025")),
    ("预计今年年中美国经济将放缓", ("今年年中", "2025")),  # mid-year, then 美国 written out
    ("今年年中美联储开始降息", ("今年年中", "2025")), ("2024年年中俄军发动攻势", ("2024年年中", "2024")),
])
def test_a_year_before_two_countries_is_no_mid_year(text, expected):
    assert [(text[m.start:m.end], m.attrs["value"]) for m in find_dates(text, "2025-06-01")] == [expected]


@pytest.mark.parametrize("text, expected", [("今年度假旅游人数大幅增长", [("今年", "2025")]),
                                            ("在2024年度过了艰难的一年后", [("2024年", "2024")])])
def test_a_years_du_that_begins_another_word_is_no_budget_year(text, expected):
    assert [(text[m.start:m.end], m.attrs["value"]) for m in find_dates(text, "2025-06-01")] == expected


@pytest.mark.parametrize("text, published, found", [
    # 同一天 takes the date before it, as 同日 does.
    ("美军15日实施打击。同一天，美国海军航母抵达。", "2026-11-16", [("15日", "2026-11-15"), ("同一天", "2026-11-15")]),
    ("两个景点可以放在同一天游玩", "2026-11-16", []),  # inside a clause: "on one day"
    # The 本 of 日本 is no "this week".
    ("中国航母在日本周边活动日趋频繁", "2026-11-03", []),
    ("確保日本周邊安全", "2026-11-03", []),  # nor 周 of 周边 after a verb
    ("日本周四宣布新的制裁措施", "2026-11-05", [("周四", "2026-11-05")]),
    # A day still to come is no 当天 of what the story reports as done …
    ("各地将在25日继续停电。泽连斯基当天呼吁加快交付", "2026-11-24", [("25日", "2026-11-25"), ("当天", "2026-11-24")]),
    # … but the day written before it that has come.
    ("7月31日，特朗普签署行政令，新税率将于8月7日生效。白宫同日宣布", "2025-08-02",
     [("7月31日", "2025-07-31"), ("8月7日", "2025-08-07"), ("同日", "2025-07-31")]),
    # … unless that clause says it will come too.
    ("会谈将于25日举行。双方当天将签署协议", "2026-11-24", [("25日", "2026-11-25"), ("当天", "2026-11-25")]),
    # Taiwan's 昨（19）日 is the day a later 当天 refers to.
    ("海警局昨（19）日表示，船只当天闯入", "2026-11-20", [("昨（19）日", "2026-11-19"), ("当天", "2026-11-19")]),
    ("國防部昨（17）日表示將舉行演習。此前一天，海巡署也發布消息", "2026-11-18",
     [("昨（17）日", "2026-11-17"), ("前一天", "2026-11-16")]),
])
def test_same_day_words_and_the_day_they_take(text, published, found):
    assert [(text[m.start:m.end], m.attrs.get("value")) for m in find_dates(text, published)] == found


@pytest.mark.parametrize("text, published, found", [
    # A later day of a past year's date in one paragraph is of that year …
    ("去年5月7日，印度发起空袭，两国于5月10日宣布停火", "2026-10-28", [("去年5月7日", "2025-05-07"), ("5月10日", "2025-05-10")]),
    ("2024年3月1日开始，3月5日结束", "2026-10-28", [("2024年3月1日", "2024-03-01"), ("3月5日", "2024-03-05")]),
    ("去年6月13日，以色列空袭伊朗。美国于6月22日空袭福尔多", "2026-11-24",
     [("去年6月13日", "2025-06-13"), ("6月22日", "2025-06-22")]),
    # … not an earlier one, nor one after another year is written, nor one in the next paragraph.
    ("2024年12月1日开始，3月5日结束", "2026-10-28", [("2024年12月1日", "2024-12-01"), ("3月5日", "2026-03-05")]),
    ("去年5月7日印度发起空袭。今年3月双方会谈。5月10日再谈", "2026-10-28",
     [("去年5月7日", "2025-05-07"), ("今年3月", "2026-03"), ("5月10日", "2026-05-10")]),
    ("去年5月7日印度发起空袭。\n5月10日双方会谈", "2026-10-28", [("去年5月7日", "2025-05-07"), ("5月10日", "2026-05-10")]),
])
def test_a_month_and_day_after_a_past_years_date_in_its_paragraph(text, published, found):
    assert [(text[m.start:m.end], m.attrs.get("value")) for m in find_dates(text, published)] == found


def test_taiwans_budget_year_by_the_roc_calendar():
    text = "民國116年度國防總預算達9495億元"
    assert [(text[m.start:m.end], m.attrs.get("value")) for m in find_dates(text, "2026-11-20")] == [("民國116年度", "2027")]


def test_qianri_is_the_day_before_yesterday_but_not_inside_other_words():
    text = "國安處前日（14日）在葵涌拘捕兩名男子"
    assert [(text[m.start:m.end], m.attrs.get("value")) for m in find_dates(text, "2026-12-16")][0] == ("前日", "2026-12-14")
    assert find_dates("目前日本方面表示", "2026-12-16") == []


@pytest.mark.parametrize("text, published, found", [
    # A day of the last weeks in a later sentence is news of this year, whatever the paragraph told before.
    ("2020年1月3日，美军击杀苏莱曼尼。阿拉格奇11月4日在纪念活动上表示", "2025-11-05",
     [("2020年1月3日", "2020-01-03"), ("11月4日", "2025-11-04")]),
    # 当天 of a day to come that its clause does not report as done or said is that day.
    ("选举定于12月20日举行。当天投票时间为早上7时至晚上7时", "2025-12-10", [("12月20日", "2025-12-20"), ("当天", "2025-12-20")]),
    # 已 in the clause a clause of time frames is "already", ahead of the event.
    ("3月两会召开之际，代表们已陆续抵京", "2025-02-25", [("3月", "2025-03")]),
    # 投票日 + 本周日: the 本 of a word ending in 日 is "this".
    ("大选投票日本周日举行", "2025-11-10", [("本周日", "2025-11-16")]),
])
def test_the_reviews_cases_of_years_same_days_clauses_and_weeks(text, published, found):
    assert [(text[m.start:m.end], m.attrs.get("value")) for m in find_dates(text, published)] == found
