"""Article lists with and without their pages' import sources (Page.source_text, source_boxes).

    .venv/bin/python benchmarks/page_sources.py [--articles 20] [--repeat 200] [--rounds 4]
        [--database-url postgres://postgres@127.0.0.1:5432/newsroom_bench_sources]

Builds a throw-away archive (SQLite in a temporary folder unless --database-url names a
PostgreSQL database, which is dropped and re-created) whose pages were imported from the real
seed pages (../shared/seeds: their text and one line box per line), with one article on each
page, and times reading the article list two ways, alternately: as the site and the API read it
(Article.with_listing_data() and selectors.api_articles(), which leave the sources out) and the
same querysets with the sources loaded (defer(None)). Prints milliseconds per list read (median
of each round) and the ratio.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = ROOT.parent / "shared" / "seeds"


def build(count: int) -> None:
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article, Issue, Page, Publication, Status

    call_command("migrate", verbosity=0)
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    paper = Publication.objects.create(name="吕梁日报", slug="paper", is_own=True)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    published = {"status": Status.PUBLISHED, "published_at": yesterday}
    for number in range(count):
        issue = Issue.objects.create(
            publication=paper,
            date=datetime.date(2021, 1, 1) + datetime.timedelta(days=number),
            number=10_000 + number,
            page_count=1,
            **published,
        )
        text = texts[number % len(texts)]
        lines = text.splitlines()
        page = Page.objects.create(
            issue=issue,
            number=1,
            name="要闻",
            source_kind="text",
            source_text=text,
            source_boxes=[[0.05, i / len(lines), 0.9, 0.8 / len(lines)] for i in range(len(lines))],
        )
        Article.objects.create(
            issue=issue, page=page, headline=f"第{number}条", body="正文。" * 400, **published
        )


def timed(queryset, count: int, repeat: int) -> float:
    values = []
    for _ in range(repeat):
        start = time.perf_counter()
        list(queryset[:count])
        values.append((time.perf_counter() - start) * 1000)
    return statistics.median(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="page-sources-")
    url = args.database_url or f"sqlite:///{folder}/archive.sqlite3"
    if url.startswith("postgres"):
        import psycopg2

        server, name = url.rsplit("/", 1)
        admin = psycopg2.connect(f"{server}/postgres")
        admin.autocommit = True
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        admin.close()
    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="newsroom.settings", MEDIA_ROOT=folder
    )
    import django

    django.setup()
    from articles import selectors
    from articles.models import Article

    build(args.articles)
    cases = {
        "site list (with_listing_data)": Article.objects.published().with_listing_data(),
        "API list (api_articles)": selectors.api_articles(),
    }
    size = sum(len(path.read_text(encoding="utf-8")) for path in SEEDS.glob("*.txt"))
    print(f"{args.articles} articles on pages imported from {len(list(SEEDS.glob('*.txt')))}")
    print(f"seed pages ({size:,} characters in all), {args.repeat} reads a round, ms a list read")
    for name, queryset in cases.items():
        lean, full = [], []
        for _ in range(args.rounds):
            full.append(timed(queryset.defer(None), args.articles, args.repeat))
            lean.append(timed(queryset, args.articles, args.repeat))
        print(
            f"{name}: with sources {' '.join(f'{v:.2f}' for v in full)}; "
            f"without {' '.join(f'{v:.2f}' for v in lean)}; "
            f"ratio {statistics.median(lean) / statistics.median(full):.2f}"
        )


if __name__ == "__main__":
    main()
