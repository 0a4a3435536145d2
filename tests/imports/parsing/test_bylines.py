"""Leads, bylines, photo credits, source lines and signatures in the forms OCR gives them."""

import datetime

import pytest

from imports.parsing.bylines import (
    is_salutation,
    parse_credits,
    read_byline,
    read_lead,
    read_photo_credit,
    read_signature,
    read_source,
    split_names,
    split_photo_tail,
)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("马龙 臧媛慧", ["马龙", "臧媛慧"]),
        ("胡 健 乔 栋", ["胡健", "乔栋"]),  # a layout that spaces out the characters
        ("李 雅 萍", ["李雅萍"]),
        ("刘 建军", ["刘建军"]),  # a name broken at the end of a line
        ("胡浩、王思北", ["胡浩", "王思北"]),
        ("王丽李强", ["王丽", "李强"]),  # two names OCR ran together
        ("欧阳春华", ["欧阳春华"]),
    ],
)
def test_names(text, names):
    assert split_names(text) == (names, [])


def test_words_that_are_not_names_are_reported():
    assert split_names("文章") == ([], ["文章"])
    assert parse_credits("记者 张三 2020年").problems == ["2020年"]


@pytest.mark.parametrize(
    ("text", "reporters", "correspondents"),
    [
        ("记者 李雅萍 通讯员 王一 张二", ["李雅萍"], ["王一", "张二"]),
        ("记者付永文", ["付永文"], []),
        ("本报记者 郝静、冯伟 通讯员 田亮", ["郝静", "冯伟"], ["田亮"]),
        ("通讯员 曹宇 李娜", [], ["曹宇", "李娜"]),
    ],
)
def test_credits(text, reporters, correspondents):
    credits = parse_credits(text)
    assert credits.names.get("记者", []) == reporters
    assert credits.names.get("通讯员", []) == correspondents


def test_paper_before_the_role_is_the_affiliation():
    credits = parse_credits("人民日报记者 胡 健 乔 栋")
    assert credits.affiliation == "人民日报" and credits.names == {"记者": ["胡健", "乔栋"]}


@pytest.mark.parametrize(
    "text",
    [
        "本报讯(记者 李雅萍)9月14日, 市委书记主持召开会议",
        "本报讯（记者 李雅萍）9月14日，市委书记主持召开会议",
        "本报讯 (记者 李雅萍) 9月14日,市委书记主持召开会议",
        "本报讯【记者 李雅萍】9月14日,市委书记主持召开会议",
        "本报讯 记者 李雅萍 报道:9月14日,市委书记主持召开会议",
        "●本报讯(记者 李雅萍)9月14日,市委书记主持召开会议",
    ],
)
def test_own_lead_in_its_variants(text):
    lead = read_lead(text)
    assert (lead.label, lead.origin_hint, lead.place) == ("本报讯", "own", None)
    assert lead.credits.names == {"记者": ["李雅萍"]}
    assert lead.month_day == (9, 14)
    assert lead.rest.replace(" ", "").startswith("9月14日")


def test_wire_lead():
    lead = read_lead("新华社北京9月14日电(记者 胡浩、王思北)教育部14日发布通知")
    assert (lead.origin_hint, lead.agency, lead.place, lead.month_day) == (
        "wire",
        "新华社",
        "北京",
        (9, 14),
    )
    assert lead.credits.names == {"记者": ["胡浩", "王思北"]}
    assert lead.rest == "教育部14日发布通知"


@pytest.mark.parametrize(
    ("text", "agency", "place"),
    [
        ("据新华社北京9月14日电 记者从农业农村部获悉", "新华社", "北京"),
        ("据新华社电 国家统计局发布数据", "新华社", None),
        ("中新社上海11月5日电(记者 陈静)进博会开幕", "中新社", "上海"),
    ],
)
def test_wire_lead_variants(text, agency, place):
    lead = read_lead(text)
    assert (lead.origin_hint, lead.agency, lead.place) == ("wire", agency, place)


def test_own_lead_with_place_and_date():
    lead = read_lead("本报北京6月20日讯(记者 王明)记者从有关部门获悉")
    assert (lead.place, lead.month_day, lead.origin_hint) == ("北京", (6, 20), "own")


def test_a_reporter_byline_is_not_a_lead():
    assert read_lead("本报记者 张三 通讯员 李四") is None
    assert read_lead("记者从市统计局获悉,全市经济稳中有进") is None


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("《人民日报》(2020年9月14日第10版)", ("人民日报", datetime.date(2020, 9, 14), 10)),
        ("《山西日报》2021年9月27日", ("山西日报", datetime.date(2021, 9, 27), None)),
        ("(来源:《人民日报》2021年6月21日第7版)", ("人民日报", datetime.date(2021, 6, 21), 7)),
        ("——摘自《经济日报》", ("经济日报", None, None)),
        ("原载2021年6月18日《山西日报》第5版", ("山西日报", datetime.date(2021, 6, 18), 5)),
        ("（来源：山西日报）", ("山西日报", None, None)),
    ],
)
def test_source_lines(line, source):
    found = read_source(line)
    assert (found.publication, found.date, found.page) == source


def test_a_sentence_naming_a_book_is_not_a_source():
    assert read_source("学习了《习近平谈治国理政》(第三卷)第六部分的内容。") is None
    assert read_source("《人民日报》") is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("肖继旺 薛晋军 摄", ["肖继旺", "薛晋军"]),
        ("(本报记者 任晓峰 摄)", ["任晓峰"]),
        ("通讯员 梁文博 摄", ["梁文博"]),
        ("新华社记者 赵磊 摄", ["赵磊"]),
        ("摄影:李四", ["李四"]),
        ("图/王鹏", ["王鹏"]),
    ],
)
def test_photo_credits(line, names):
    assert read_photo_credit(line).names == {"摄影": names}


def test_wire_photographer_keeps_the_agency():
    assert read_photo_credit("新华社记者 赵磊 摄").affiliation == "新华社"


def test_caption_ending_in_its_credit():
    caption, credits = split_photo_tail("游人渐多。(本报记者 任晓峰 摄)")
    assert caption == "游人渐多。" and credits.names == {"摄影": ["任晓峰"]}
    assert split_photo_tail("会议由张三主持。")[1] is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("□ 人民日报记者 胡 健 乔 栋", {"记者": ["胡健", "乔栋"]}),
        ("本报记者 刘芳芳 通讯员 韩晓雯", {"记者": ["刘芳芳"], "通讯员": ["韩晓雯"]}),
        ("文/王海燕", {"作者": ["王海燕"]}),
        ("□ 张晓明", {"作者": ["张晓明"]}),
        ("文/图 本报记者 刘洋", {"记者": ["刘洋"], "摄影": ["刘洋"]}),
        ("◎ 本报评论员", {"作者": []}),
    ],
)
def test_bylines(line, names):
    assert read_byline(line).names == names


def test_headlines_are_not_bylines():
    assert read_byline("本报评论员文章") is None
    assert read_byline("市委常委会召开会议") is None
    assert read_byline("张三") is None  # a name alone, without a bullet, is not enough


@pytest.mark.parametrize(
    ("line", "signatory", "signed_on"),
    [
        ("吕梁市全民阅读活动组委会 2021年4月", "吕梁市全民阅读活动组委会", "2021-04"),
        ("中共吕梁市委组织部 2021年7月10日", "中共吕梁市委组织部", "2021-07-10"),
        ("二〇二一年七月十二日", None, "2021-07-12"),
        ("2021年7月12日", None, "2021-07-12"),
    ],
)
def test_signatures(line, signatory, signed_on):
    signature = read_signature(line)
    assert (signature.signatory, signature.signed_on) == (signatory, signed_on)


def test_a_slogan_is_not_a_signature():
    assert read_signature("凝心聚力抓落实 乘势而上开新局") is None


def test_salutation():
    assert is_salutation("全县广大干部职工和居民朋友们:")
    assert not is_salutation("会议指出,要认真学习有关精神。")


def test_byline_in_brackets_under_an_item():
    assert read_byline("(记者 张三 通讯员 李四)").names == {"记者": ["张三"], "通讯员": ["李四"]}


def test_agency_photo_without_a_name():
    credits = read_photo_credit("(新华社发)")
    assert credits.affiliation == "新华社" and credits.names == {"摄影": []}


def test_source_line_saying_reprinted_from():
    assert read_source("转载自《山西日报》").publication == "山西日报"
