"""Make the IIIF tiles of page scans that have none (a new scan gets them when it is saved)."""

from django.core.management.base import BaseCommand

from articles import iiif
from articles.models import Page


class Command(BaseCommand):
    help = "为还没有 IIIF 切片的版面图生成切片（--force 重新生成全部）"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="重新生成已有的切片")
        parser.add_argument("--page", type=int, action="append", help="只处理这个版面（id）")

    def handle(self, *args, force=False, page=None, **options):
        pages = Page.objects.exclude(image="").order_by("pk").only("pk", "image")
        if page:
            pages = pages.filter(pk__in=page)
        made = 0
        for each in pages.iterator(chunk_size=200):
            if iiif.make_tiles(each, force=force):
                made += 1
                self.stdout.write(f"{each.pk}: {iiif.tile_folder(each)}")
        self.stdout.write(self.style.SUCCESS(f"made tiles for {made} page(s)"))
