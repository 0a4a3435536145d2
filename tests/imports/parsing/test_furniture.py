"""The masthead, the running header, the footer, jump lines and advertisement marks."""

from imports.parsing.furniture import Footer, Masthead, is_ad_text, read_jump, split_jump_tail


def test_masthead_lines():
    masthead = Masthead()
    for line in [
        "吕梁日报社出版 刊号 CN14-0028 邮发代号 21-28",
        "中共吕梁市委机关报",
        "2020年9月",
        "星期二",
        "农历庚子年七月廿八",
        "第10076期 今日4版",
    ]:
        assert masthead.read(line), line
    assert (masthead.publication, masthead.year, masthead.month, masthead.day) == (
        "吕梁日报",
        2020,
        9,
        None,
    )
    assert (masthead.weekday, masthead.lunar, masthead.number, masthead.page_count) == (
        1,
        "庚子年七月廿八",
        10076,
        4,
    )


def test_running_header_of_an_inner_page():
    header = Masthead()
    assert header.read("吕梁日报 2021年3月10日 星期三")
    assert header.read("第02版:综合新闻")
    assert (header.publication, header.day, header.page_number, header.page_name) == (
        "吕梁日报",
        10,
        2,
        "综合新闻",
    )


def test_a_date_inside_a_sentence_is_not_the_masthead():
    masthead = Masthead()
    masthead.read("2020年9月14日,市委常委会召开会议,研究部署有关工作")
    assert masthead.year is None


def test_footer_with_several_names_per_role():
    footer = Footer()
    assert footer.read(
        "要闻部邮箱:yaowen@example.cn 要闻部主办 本版组版: 王磊 责编:刘洋 陈静 校对:赵敏"
    )
    assert (footer.department, footer.email) == ("要闻部", "yaowen@example.cn")
    assert footer.credits == {"组版": ["王磊"], "责编": ["刘洋", "陈静"], "校对": ["赵敏"]}


def test_footer_label_variants():
    footer = Footer()
    assert footer.read("本版组版:秦晓梅 贺强 责任编辑:曹旭 校对:张艳")
    assert footer.credits == {"组版": ["秦晓梅", "贺强"], "责编": ["曹旭"], "校对": ["张艳"]}


def test_jumps():
    assert read_jump("下转第2版") == ("下转", 2)
    assert read_jump("(上接第1版)") == ("上接", 1)
    assert read_jump("转第七版") == ("转", 7)
    assert read_jump("第2版 综合新闻") is None
    assert split_jump_tail("让群众出行更方便。(下转第2版)") == ("让群众出行更方便。", ("下转", 2))


def test_advertising_copy():
    assert is_ad_text("咨询电话:0358-8888666")
    assert is_ad_text("全场 家电 八折 起")
    assert not is_ad_text("规上工业增加值增长8.5%")


def test_footer_labels_without_colons():
    footer = Footer()
    assert footer.read("责任编辑 曹旭 校对 张艳")
    assert footer.credits == {"责编": ["曹旭"], "校对": ["张艳"]}
