"""PostgreSQL search: a `fourgrams` column with its own GIN index (see articles/search/postgres.py).

Existing rows get their four-grams from their bigram vectors, in SQL: bigrams at positions p,
p + 1 and p + 2, each starting with the last character of the one before, make the four-gram at
p, which is what postgres.chained_ngrams(tokens, 4) makes of an article's tokens when it is
indexed. SQLite's FTS5 table does not change.
"""

from django.db import migrations

from ._postgres import ngram_column, on_postgresql

FILL = """
UPDATE articles_searchdocument SET fourgrams = coalesce((
    SELECT array_to_tsvector(array_agg(DISTINCT
        first.lexeme || right(second.lexeme, 1) || right(third.lexeme, 1)))
    FROM (SELECT lexeme, unnest(positions) AS at FROM unnest(vector)) AS first
    JOIN (SELECT lexeme, unnest(positions) AS at FROM unnest(vector)) AS second
        ON second.at = first.at + 1
    JOIN (SELECT lexeme, unnest(positions) AS at FROM unnest(vector)) AS third
        ON third.at = first.at + 2
    WHERE length(first.lexeme) = 2 AND length(second.lexeme) = 2 AND length(third.lexeme) = 2
        AND right(first.lexeme, 1) = left(second.lexeme, 1)
        AND right(second.lexeme, 1) = left(third.lexeme, 1)
), ''::tsvector)
"""
FORWARD, BACKWARD = ngram_column("fourgrams", FILL)


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_search_trigrams")]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
