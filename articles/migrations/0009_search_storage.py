"""PostgreSQL search columns: whole words in their own column, token vectors stored in the row.

Why (measured, see articles/search/postgres.py and benchmarks/README.md): a vector kept in
TOAST costs a TOAST index lookup and several chunk reads each time a phrase is re-checked or a
candidate is ranked; STORAGE MAIN keeps vectors up to about 8 kB in the table row itself.
The rjieba words are only read to rank a few hundred candidates, so they move out of the indexed
vector (a smaller GIN index, a smaller vector to re-check) into `words`, which may stay in TOAST.

Existing rows are rewritten in SQL here; SQLite's FTS5 table does not change.
"""

from django.db import migrations

from ._postgres import on_postgresql

FORWARD = [
    "ALTER TABLE articles_searchdocument ADD COLUMN words tsvector NOT NULL DEFAULT ''::tsvector",
    "ALTER TABLE articles_searchdocument ALTER COLUMN vector SET STORAGE MAIN, "
    "ALTER COLUMN headline_vector SET STORAGE MAIN",
    # Words were position-less lexemes prefixed with "=" inside `vector`.
    "UPDATE articles_searchdocument SET "
    "words = array_to_tsvector(ARRAY(SELECT substr(lexeme, 2) FROM unnest(vector) "
    "WHERE lexeme LIKE '=%')), "
    "vector = ts_delete(vector, ARRAY(SELECT lexeme FROM unnest(vector) WHERE lexeme LIKE '=%'))",
]
BACKWARD = [
    "UPDATE articles_searchdocument SET vector = vector || "
    "array_to_tsvector(ARRAY(SELECT '=' || lexeme FROM unnest(words)))",
    "ALTER TABLE articles_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED, "
    "ALTER COLUMN headline_vector SET STORAGE EXTENDED",
    "ALTER TABLE articles_searchdocument DROP COLUMN words",
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_region_permissions_for_groups")]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
