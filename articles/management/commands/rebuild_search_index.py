"""python manage.py rebuild_search_index — (re)index every article, with a progress bar."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.models import Article, SearchDocument
from articles.search import index_articles, remove_articles


class Command(BaseCommand):
    help = "重建全文检索索引（全部稿件，含草稿；读者只能检索到已发布的稿件）。"

    def handle(self, *args, **options):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        orphans = SearchDocument.objects.exclude(article_id__in=ids).values_list("pk", flat=True)
        remove_articles(list(orphans))
        with tqdm(total=len(ids), unit="篇", disable=options["verbosity"] == 0) as progress:
            index_articles(ids, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"已为 {len(ids)} 篇稿件重建检索索引。"))
