"""python manage.py hide_page_pdf_names — give page PDFs stored before issue 15 unguessable names.

Renditions get theirs from `generate_renditions --force`, which makes them again under random
folders. Both are needed once on an archive whose files were uploaded with guessable names.
"""

import re

from django.core.management.base import BaseCommand

from articles.models import Page
from articles.upload_checks import unguessable_name
from publishing.caching import content_changed

# what unguessable_name() puts before the file's own name
HIDDEN = re.compile(r"/[A-Za-z0-9_-]{22}/[^/]+$")


class Command(BaseCommand):
    help = "把旧的版面 PDF 移到不可猜测的文件名下（每个文件一个随机目录）。"

    def handle(self, *args, **options):
        moved = 0
        for page in Page.objects.exclude(pdf="").only("pk", "pdf").iterator():
            old = page.pdf.name
            if HIDDEN.search(old):
                continue
            storage = page.pdf.storage
            with storage.open(old, "rb") as source:
                new = storage.save(unguessable_name(old), source)
            # an update, not a save: a file's storage name is no editorial change (no history
            # version); one content-version bump follows for all of them
            Page.objects.filter(pk=page.pk).update(pdf=new)
            storage.delete(old)
            moved += 1
        if moved:
            content_changed()  # cached pages link the old names
        self.stdout.write(f"moved {moved} page PDFs")
