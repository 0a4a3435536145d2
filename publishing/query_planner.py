"""The statistics SQLite's query planner chooses indexes by.

Without them SQLite guesses that an equality on any index is selective, and for the pages of an
issue it walked the index on `status` (published or draft: two values) and read every published
article to find the few on those pages: 6 ms a query at 3,400 articles of printed length,
0.03 ms with statistics. PostgreSQL's autovacuum keeps its own statistics; SQLite gathers them
only when told to (ANALYZE), so migrate and load_demo tell it.
"""

from django.db import connections

# Rows ANALYZE samples per index: approximate statistics, in bounded time on any size of archive.
ANALYSIS_LIMIT = 1000


def refresh_statistics(using: str = "default") -> None:
    """ANALYZE an SQLite database (bounded by ANALYSIS_LIMIT); nothing on other databases."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")


def refresh_statistics_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver: a deploy's migrate refreshes what the archive has grown into."""
    refresh_statistics(using)
