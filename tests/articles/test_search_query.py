"""How a reader's query becomes terms and tokens (articles/search/query.py, tokens.py)."""

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
