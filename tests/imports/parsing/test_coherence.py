"""The join test: running text joins across its line breaks, interleaved columns do not."""

from imports.parsing.coherence import Coherence

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
