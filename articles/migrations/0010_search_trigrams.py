"""PostgreSQL search: a `trigrams` column with its own GIN index (see articles/search/postgres.py).

Existing rows get their trigrams from their bigram vectors, in SQL: the bigram at position p
followed at p + 1 by a bigram that starts with its second character make the trigram at p,
which is what postgres.chained_ngrams(tokens, 3) makes of an article's tokens when it is indexed.
SQLite's FTS5 table does not change.
"""

from django.db import migrations

from ._postgres import ngram_column, on_postgresql

FILL = """
UPDATE articles_searchdocument SET trigrams = coalesce((
    SELECT array_to_tsvector(array_agg(DISTINCT first.lexeme || right(second.lexeme, 1)))
    FROM (SELECT lexeme, unnest(positions) AS at FROM unnest(vector)) AS first
    JOIN (SELECT lexeme, unnest(positions) AS at FROM unnest(vector)) AS second
        ON second.at = first.at + 1
    WHERE length(first.lexeme) = 2 AND length(second.lexeme) = 2
        AND right(first.lexeme, 1) = left(second.lexeme, 1)
), ''::tsvector)
"""
FORWARD, BACKWARD = ngram_column("trigrams", FILL)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_search_storage")]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
