"""What OCR does to spaces, punctuation and digits, undone."""

from imports.parsing.text import clean, compact, compact_headline, ends_sentence


def test_spaces_from_line_breaks_are_removed():
    assert compact("市委常委会会 议和中心组 学习会议") == "市委常委会会议和中心组学习会议"
    assert compact("临县45 岁的脱贫户") == "临县45岁的脱贫户"
    assert compact('先点选"sky",然后选择 "tree"') == '先点选"sky",然后选择"tree"'
    assert compact("2004 2000米") == "2004 2000米"


def test_headline_space_kept_between_two_phrases_only():
    assert compact_headline("乐享消费 美好生活") == "乐享消费 美好生活"
    assert compact_headline('2020年全国消费促进月暨"晋情来 消费"活动启动') == (
        '2020年全国消费促进月暨"晋情来消费"活动启动'
    )


def test_sentence_ends():
    assert ends_sentence('正缺人手呢!"') and ends_sentence("会议还研究了其他事项。")
    assert not ends_sentence("全面带动市区基础教育和职业")


def test_clean_line():
    assert clean("\ufeff> 吕梁日报　　2020年9月15日\t星期二 ") == "吕梁日报 2020年9月15日 星期二"
    assert clean("第１０版") == "第10版"
