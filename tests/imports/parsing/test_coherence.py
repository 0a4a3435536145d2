"""The join test: running text joins across its line breaks, interleaved columns do not."""

from imports.parsing.coherence import Coherence
from imports.parsing.text import compact, compact_headline, ends_sentence

COLUMN_A = (
    "连日来,兴县在黄河沿岸的荒山荒坡上开展植树造林,一棵棵油松、侧柏整齐排列,昔日光秃秃的山梁"
    "披上了绿装。近年来,兴县把生态建设作为头等大事来抓,累计完成造林四十余万亩,森林覆盖率明显"
    "提高。当地还组织群众成立造林合作社,让参与造林的农户既能挣到工钱,又能在后期管护中获得收入。"
)
COLUMN_B = (
    "时下正值红枣成熟季节,临县的枣林里处处是一派繁忙景象,枣农们正忙着采摘、晾晒和分拣。今年"
    "当地红枣长势良好,挂果率高,加上前期采取了防裂果措施,优质果比例明显提高。在一家红枣加工企"
    "业,生产线开足马力,红枣被加工成枣片、枣粉和枣酒等产品,销往全国各地,吸纳了不少村民就业。"
)


def _lines(text, width=15):
    return [text[i : i + width] for i in range(0, len(text), width)]


def test_running_text_joins_and_interleaved_columns_do_not():
    a, b = _lines(COLUMN_A), _lines(COLUMN_B)
    interleaved = [line for pair in zip(a, b, strict=False) for line in pair]
    coherence = Coherence("\n".join(a + b))
    running = list(zip(a, a[1:], strict=False)) + list(zip(b, b[1:], strict=False))
    mixed = list(zip(interleaved, interleaved[1:], strict=False))
    assert not coherence.looks_interleaved(running)
    assert coherence.looks_interleaved(mixed)
    running_llr, _, _ = coherence.interleaving_evidence(running)
    mixed_llr, _, _ = coherence.interleaving_evidence(mixed)
    assert running_llr < 0 < mixed_llr


def test_a_word_broken_by_a_line_joins():
    coherence = Coherence("")
    assert coherence.joins("要高度重视和加强计划生", "育工作") is True
    assert coherence.joins("发展提供坚强组织保证。", "会议指出") is None  # after a full stop


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
    from imports.parsing.text import clean

    assert clean("\ufeff> 吕梁日报　　2020年9月15日\t星期二 ") == "吕梁日报 2020年9月15日 星期二"
    assert clean("第１０版") == "第10版"
