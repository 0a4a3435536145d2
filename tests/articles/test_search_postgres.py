"""PostgreSQL specifics of the search index: storage, the 0009 migration, session settings.

Skipped on SQLite: CI runs them in its PostgreSQL pass (DATABASE_URL pointing at PostgreSQL).
"""

import importlib

import pytest
from django.db import connection

from articles.models import SearchDocument
from articles.search import engine, parse_query, postgres
from tests.factories import ArticleFactory

BACKEND = postgres.PostgresBackend()

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass")


def _attributes(field: str, columns) -> dict:
    """pg_attribute's `field` for these columns of the search table, by column."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT attname, {field} FROM pg_attribute "
            "WHERE attrelid = 'articles_searchdocument'::regclass AND attname = ANY(%s)",
            [list(columns)],
        )
        return dict(cursor.fetchall())


def test_vectors_are_stored_in_the_row_and_words_apart():
    assert _attributes("attstorage", postgres.COLUMNS) == {
        "vector": "m",
        "headline_vector": "m",
        "words": "x",
        "trigrams": "x",
        "fourgrams": "x",
    }


def test_ngram_statistics_are_detailed_enough_to_see_rare_terms_as_rare():
    expected = {"trigrams": 1000, "fourgrams": 1000}
    assert _attributes("attstattarget", postgres.NGRAMS) == expected


def test_ngram_frequencies_come_from_the_statistics_of_the_last_analyse(monkeypatch):
    for n in range(10):
        ArticleFactory(headline="贫困人口" if n < 8 else "吕梁市")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_searchdocument")
    # read again now, and let the next test read its own statistics
    monkeypatch.setitem(postgres._frequencies, "read_at", None)
    monkeypatch.setitem(postgres._frequencies, "values", {})
    frequencies = postgres.ngram_frequencies()
    assert frequencies["trigrams"]["贫困人"] == pytest.approx(0.8)
    assert frequencies["fourgrams"]["贫困人口"] == pytest.approx(0.8)
    assert postgres.rarest_ngram("trigrams", ["贫困人", "吕梁市", "梁市产"]) == "梁市产"  # unseen
    assert postgres.rarest_ngram("trigrams", ["贫困人", "吕梁市"]) == "吕梁市"


def test_index_keeps_words_out_of_the_searched_vector():
    article = ArticleFactory(headline="消费扶贫", body="标注员")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vector::text, words::text FROM articles_searchdocument WHERE article_id = %s",
            [article.pk],
        )
        vector, words = cursor.fetchone()
    assert "'=" not in vector and "'消费':" in vector
    assert {"'消费'", "'扶贫'", "'标注'"} <= set(words.split(" "))


def test_migration_0009_moves_words_out_of_existing_vectors():
    article = ArticleFactory(headline="消费扶贫")
    migration = importlib.import_module("articles.migrations.0009_search_storage")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_searchdocument SET words = '', "
            "vector = '''消费'':1 ''费扶'':2 ''=消费'' ''=扶贫''' WHERE article_id = %s",
            [article.pk],
        )
        cursor.execute(migration.FORWARD[-1])
        cursor.execute(
            "SELECT vector::text, words::text FROM articles_searchdocument WHERE article_id = %s",
            [article.pk],
        )
        assert cursor.fetchone() == ("'消费':1 '费扶':2", "'扶贫' '消费'")
    assert SearchDocument.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    "migration, column, present, absent",
    [
        ("0010_search_trigrams", "trigrams", "'梁市产'", "'扶贫产'"),
        ("0011_search_fourgrams", "fourgrams", "'梁市产业'", "'扶贫产业'"),
    ],
)
def test_migrations_give_existing_rows_the_ngrams_indexing_gives(
    migration, column, present, absent
):
    article = ArticleFactory(headline="吕梁市产业兴旺", body="消费扶贫，5G网络；产业")
    module = importlib.import_module(f"articles.migrations.{migration}")
    with connection.cursor() as cursor:
        select = f"SELECT {column}::text FROM articles_searchdocument WHERE article_id = %s"
        cursor.execute(select, [article.pk])
        indexed = cursor.fetchone()[0]
        cursor.execute(f"UPDATE articles_searchdocument SET {column} = ''")
        cursor.execute(module.FILL)
        cursor.execute(select, [article.pk])
        assert cursor.fetchone()[0] == indexed
    assert present in indexed and absent not in indexed


def _plan(text: str, *, newest: int = 0, **options) -> str:
    """EXPLAIN of the matches (the `newest` of them, newest first, when given), no seq scans."""
    query = parse_query(text)
    condition = BACKEND.match(query, long_documents=False, **options)
    matches = engine.documents_for().order_by().filter(condition)
    if newest:
        matches = engine._newest(matches)[:newest]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return matches.explain()


@pytest.mark.parametrize(
    "text, index, rechecked",
    [
        ("吕梁市产业", "searchdoc_fourgrams", True),  # four-grams find candidates, positions decide
        ("市产业兴", "searchdoc_fourgrams", False),  # one four-gram is the whole answer
        ("吕梁市", "searchdoc_trigrams", False),  # one trigram is the whole answer
        ("产业", "searchdoc_vector", False),  # one bigram is the whole answer
    ],
)
def test_terms_are_looked_up_by_their_longest_ngrams_and_rechecked_in_the_row_if_longer(
    text, index, rechecked
):
    ArticleFactory(headline="吕梁市产业兴旺")
    plan = _plan(text)
    indexes = ("searchdoc_fourgrams", "searchdoc_trigrams", "searchdoc_vector")
    assert [name for name in indexes if name in plan] == [index]
    assert ("ts_match_vq" in plan) == rechecked


def test_terms_of_both_kinds_are_all_checked():
    ArticleFactory(headline="吕梁市产业兴旺")
    plan = _plan("吕梁市 产业 市产业兴")
    # each term in either script (繁简), still by its own index
    assert "trigrams @@ '''吕梁市'' | ''呂梁市'''" in plan
    assert "vector @@ '''产业'' | ''產業'''" in plan
    assert "fourgrams @@ '''市产业兴'' | ''市產業興'''" in plan


def test_the_newest_matches_are_read_down_the_date_index_never_by_a_search_index():
    """Reading a sample of the newest matches must not turn into a bitmap of every match."""
    ArticleFactory(headline="吕梁市产业兴旺")
    for text in ["吕梁市产业", "产业"]:
        plan = _plan(text, newest=10, reading="newest")
        assert "searchdoc_" not in plan and "grams" not in plan, plan
        assert "articles_searchdocument_date" in plan


@pytest.mark.django_db(transaction=True)
def test_a_search_runs_without_jit_with_in_memory_page_costs_and_room_for_bitmaps():
    """The settings hold for the search's own transaction only (autocommit, as in production)."""
    with BACKEND.session():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('jit'), current_setting('random_page_cost'), "
                "current_setting('work_mem')"
            )
            assert cursor.fetchone() == ("off", "1.1", "32MB")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('random_page_cost'), current_setting('work_mem')")
        assert cursor.fetchone() == ("4", "4MB")
