"""python manage.py generate_renditions [--force] — make the served sizes of every image where
any is missing (no row, or a row whose file is gone); --force remakes all and re-measures
photos, upright."""

from itertools import chain

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.models import Page, Photo
from articles.renditions import PAGE_SPECS, PHOTO_SPECS, make_renditions
from publishing.atomic_files import atomic_with_files


def remeasure(photo: Photo):
    """Store a photo's upright size: photos uploaded before sizes were measured upright hold the
    stored pixels' (a sideways phone photo recorded 60×40, served 40×60). An update, not a
    save: a measurement is no editorial change and makes no history version."""
    size = (photo.image.width, photo.image.height)
    if size != (photo.width, photo.height):
        Photo.objects.filter(pk=photo.pk).update(width=size[0], height=size[1])


class Command(BaseCommand):
    help = "为所有新闻图片和版面图生成缺少的各尺寸图；--force 全部重新生成。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="重新生成已有的尺寸图，并重新测量图片的宽高"
        )

    def handle(self, *args, force=False, **options):
        photos = Photo.objects.exclude(image="").prefetch_related("renditions")
        pages = Page.objects.exclude(image="").prefetch_related("renditions")
        total = photos.count() + pages.count()
        made = 0
        for owner in tqdm(
            chain(photos, pages),
            total=total,
            desc="renditions",
            unit="image",
            disable=options["verbosity"] == 0,
        ):
            specs = PAGE_SPECS if isinstance(owner, Page) else PHOTO_SPECS
            before = {r.pk for r in owner.renditions.all()}
            with atomic_with_files():
                rows = make_renditions(owner, owner.image, specs, force=force, verify=True)
            made += any(r.pk not in before for r in rows)
            if force and isinstance(owner, Photo):
                remeasure(owner)
        self.stdout.write(f"已检查 {total} 张图片，其中 {made} 张生成了新的尺寸图。")
