"""What OCR does to spaces, punctuation and digits, undone."""

from imports.parsing.text import clean, compact, compact_headline, ends_sentence


def test_spaces_from_line_breaks_are_removed():
    assert compact("区里召开防汛调 度会和安全生 产推进会") == "区里召开防汛调度会和安全生产推进会"
    assert compact("临县45 岁的脱贫户") == "临县45岁的脱贫户"
    assert compact('先点选"sky",然后选择 "tree"') == '先点选"sky",然后选择"tree"'
    assert compact("2004 2000米") == "2004 2000米"


def test_headline_space_kept_between_two_phrases_only():
    assert compact_headline("乐享消费 美好生活") == "乐享消费 美好生活"
    assert compact_headline('2021年全市读书节暨"书香满 城"系列活动开幕') == (
        '2021年全市读书节暨"书香满城"系列活动开幕'
    )


def test_sentence_ends():
    assert ends_sentence('正缺人手呢!"') and ends_sentence("会议还研究了其他事项。")
    assert not ends_sentence("全面带动市区基础教育和职业")


def test_clean_line():
    assert clean("\ufeff> 吕梁日报　　2020年9月15日\t星期二 ") == "吕梁日报 2020年9月15日 星期二"
    assert clean("第１０版") == "第10版"
