"""PostgreSQL search: a `trigrams` column with its own GIN index (see articles/search/postgres.py).

Existing rows get their trigrams from their bigram vectors, in SQL: the bigram at position p
followed at p + 1 by a bigram that starts with its second character make the trigram at p,
which is what postgres.chained_trigrams() makes of an article's tokens when it is indexed.
SQLite's FTS5 table does not change.
"""

from django.db import migrations

from ._postgres import on_postgresql

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
FORWARD = [
    "ALTER TABLE articles_searchdocument "
    "ADD COLUMN trigrams tsvector NOT NULL DEFAULT ''::tsvector",
    FILL,
    "CREATE INDEX searchdoc_trigrams ON articles_searchdocument USING gin (trigrams)",
    # Why 1,000: see "statistics" in articles/search/postgres.py.
    "ALTER TABLE articles_searchdocument ALTER COLUMN trigrams SET STATISTICS 1000",
]
BACKWARD = [
    "DROP INDEX searchdoc_trigrams",
    "ALTER TABLE articles_searchdocument DROP COLUMN trigrams",
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_search_storage")]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
