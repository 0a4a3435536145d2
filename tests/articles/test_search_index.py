"""What the index stores for an article (articles/search/indexing.py, postgres.py).

Pure functions, no database: these run the same on SQLite and PostgreSQL test runs.
"""

from articles.search import indexing, parse_query, postgres

BACKEND = postgres.PostgresBackend()


def test_body_positions_follow_the_headline_with_a_gap():
    row = indexing.build_row(7, ["", "消费扶贫", ""], ["李巧兰", "五和居"])
    assert row.headline == [(1, []), (2, ["消费", "费扶", "扶贫", "贫"]), (7, [])]
    assert row.body == [(7, ["李巧", "巧兰", "兰"]), (11, ["五和", "和居", "居"])]
    assert {"消费", "扶贫", "五和居"} <= row.words


def parsed(literal: str) -> list[tuple[str, str]]:
    return [tuple(part.strip("'").split("':")) for part in literal.split(" ")]


def test_postgres_values_sorted_lexemes_weighted_headline_and_separate_words():
    row = indexing.build_row(1, ["", "扶贫扶贫", ""], ["扶贫"])
    (vector, headline, words, trigrams, fourgrams), clipped = BACKEND.index_values(row)
    assert not clipped
    assert trigrams == "'扶贫扶' '贫扶贫'"  # three-character windows, no positions
    assert fourgrams == "'扶贫扶贫'"
    assert parsed(vector) == [("扶贫", "2A,4A,7"), ("贫", "5A,8"), ("贫扶", "3A")]
    assert parsed(headline) == [("扶贫", "2A,4A"), ("贫", "5A"), ("贫扶", "3A")]
    assert words == "'扶贫'"  # whole words only in their own column, never in the vector
    lexemes = [lexeme for lexeme, _ in parsed(vector)]
    assert lexemes == sorted(lexemes)


def test_postgres_values_flag_articles_beyond_tsvector_limits():
    over_positions = indexing.build_row(1, ["长文"], ["甲乙丙丁" * 4200])
    over_lexeme = indexing.build_row(2, ["长文"], ["甲乙，" * 300])
    normal = indexing.build_row(3, ["短文"], ["甲乙，" * 200])
    assert BACKEND.index_values(over_positions)[1]
    assert BACKEND.index_values(over_lexeme)[1]
    assert not BACKEND.index_values(normal)[1]
    vector = BACKEND.index_values(over_lexeme)[0][0]
    assert max(len(places.split(",")) for _, places in parsed(vector)) == 256


def test_ngrams_are_the_three_and_four_character_substrings_of_each_run_and_field():
    row = indexing.build_row(1, ["", "吕梁市", ""], ["产业兴旺，5G网络", "市产"])
    _, _, _, trigrams, fourgrams = BACKEND.index_values(row)[0]
    # nothing across the comma, the script change or the field boundary (市 + 产 in two fields)
    assert trigrams == "'业兴旺' '产业兴' '吕梁市'"  # sorted by code point
    assert fourgrams == "'产业兴旺'"
    tokens = ["吕梁", "梁市", "市产", "产业"]
    assert postgres.chained_ngrams(tokens, 3) == ["吕梁市", "梁市产", "市产业"]
    assert postgres.chained_ngrams(tokens, 4) == ["吕梁市产", "梁市产业"]
    assert postgres.chained_ngrams(["5g", "网络", "络"], 3) == []  # no chain: no n-gram


def test_estimates_take_a_long_term_by_its_rarest_fourgram(monkeypatch):
    """The planner multiplies a term's n-gram frequencies as if independent; the rarest alone
    estimates a long common word far better (see postgres._body_condition)."""
    frequencies = {"fourgrams": {"梁市产业": 0.01, "贫困人口": 0.133}, "trigrams": {}}
    monkeypatch.setattr(postgres, "ngram_frequencies", lambda: frequencies)
    query = parse_query("吕梁市产业 贫困人口")  # 吕梁市产 has no statistics: rarer than any
    estimate = BACKEND.match(query, long_documents=False, reading="estimate")
    assert "ts_match_vq" not in estimate.sql
    # each term in either script (繁简), by its rarest four-gram
    assert estimate.params == ["('吕梁市产') | ('呂梁市產')", "('贫困人口') | ('貧困人口')"]
    counted = BACKEND.match(query, long_documents=False, reading="count")
    # the five characters are re-checked; a four-character term is its one four-gram
    assert counted.params == [
        "(('吕梁' <-> '梁市' <-> '市产' <-> '产业') | ('呂梁' <-> '梁市' <-> '市產' <-> '產業'))",
        "('吕梁市产' & '梁市产业') | ('呂梁市產' & '梁市產業')",
        "('贫困人口') | ('貧困人口')",
    ]
    assert counted.sql.count("ts_match_vq") == 1 and '"fourgrams" @@' in counted.sql
