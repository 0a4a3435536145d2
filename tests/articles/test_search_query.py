"""How a reader's query becomes terms and tokens (articles/search/query.py, tokens.py)."""

import unicodedata

import pytest

from articles.search import QueryError, parse_query
from articles.search import tokens as tk


def tokens_of(text: str) -> list[tuple[tuple[str, ...], bool]]:
    return [(term.tokens, term.prefix_last) for term in parse_query(text).terms]


def test_article_text_gets_one_token_per_character_and_a_gap_between_fields():
    assert tk.positioned_tokens(["中国人民", "5G网络"]) == [
        ("中国", 1),
        ("国人", 2),
        ("人民", 3),
        ("民", 4),
        ("5g", 6),
        ("网络", 7),
        ("络", 8),
    ]


def test_normalize_is_nfkc_and_lower_case_for_every_character():
    """The fast path (decomposing the BMP characters NFKC changes first) gives NFKC exactly."""
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        assert tk.normalize(char) == unicodedata.normalize("NFKC", char).lower(), hex(code)
    samples = ["ｶﾞ", "e\u0301", "한국어", "Ａ\u0301", "ﾊﾟﾝ，５Ｇ网络。", "\u1100\u1161\u11a8", "𝐀𝟏"]
    for text in samples:
        assert tk.normalize(text) == unicodedata.normalize("NFKC", text).lower(), text


def test_fold_keeps_one_character_for_one():
    """Highlighting finds matches in fold(text) and marks the same offsets in the text."""

    def slow(text):
        return "".join((unicodedata.normalize("NFKC", c) or c)[:1] for c in text).lower()

    everything = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)
    assert tk.fold(everything) == slow(everything)
    for text in ["ＡＢ１，消费", "abc", "𝐀𝟏ｶﾞ", "e\u0301ﬁ"]:
        assert tk.fold(text) == slow(text), text


def test_field_tokens_are_the_run_tokens_of_each_run():
    text = "２０２０年，5G网络覆盖全城；吕梁市x"
    expected = [token for run in tk.runs(text) for token in tk.run_tokens(run)]
    assert (
        tk.field_tokens(text)
        == expected
        == [
            "2020",
            "年",
            "5g",
            "网络",
            "络覆",
            "覆盖",
            "盖全",
            "全城",
            "城",
            "吕梁",
            "梁市",
            "市",
            "x",
        ]
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("消费扶贫", [(("消费", "费扶", "扶贫"), False)]),
        ("消费 扶贫", [(("消费",), False), (("扶贫",), False)]),
        ('"中国 人民"', [(("中国", "国", "人民"), False)]),
        ("2020年", [(("2020", "年"), True)]),
        ("ＧＤＰ", [(("gdp",), False)]),
        ("消费&扶贫|!:*()", [(("消费", "费", "扶贫"), False)]),
        ("消费扶贫 消费扶贫", [(("消费", "费扶", "扶贫"), False)]),
    ],
)
def test_queries_become_phrases_of_index_tokens(text, expected):
    assert tokens_of(text) == expected


def test_operators_never_survive_into_tokens():
    for text in ["' OR 1=1; DROP TABLE x; -- 扶贫*", 'NEAR(a b) "c" {x}:扶贫^']:
        for term in parse_query(text).terms:
            assert all(token.isalnum() for token in term.tokens)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "请输入"),
        ("扶", "两个"),
        ("扶 贫", "两个"),
        ("！？", "没有可以检索"),
        ("一二三四五六七八九十" * 11, "太长"),
        ("甲乙 丙丁 戊己 庚辛 壬癸 子丑 寅卯 辰巳 午未", "最多"),
    ],
)
def test_refusals_say_why(text, message):
    with pytest.raises(QueryError, match=message):
        parse_query(text)


def test_terms_carry_their_spelling_in_the_other_script():
    traditional, simplified, latin = parse_query("經濟發展 消费 GDP").terms
    assert [v.text for v in traditional.variants] == ["经济发展"]
    assert [v.text for v in simplified.variants] == ["消費"]
    assert latin.variants == ()
    assert traditional.spellings[0] is traditional
