"""python manage.py load_regions — create the catalogue's regions that are missing (idempotent)."""

from django.core.management.base import BaseCommand

from indicators import services


class Command(BaseCommand):
    help = "载入内置地区目录（全国、各省区市、山西省各市县区）中缺少的地区；可重复运行。"

    def handle(self, *args, **options):
        created = services.load_catalogue_regions()
        self.stdout.write(f"新建 {created} 个地区。")
