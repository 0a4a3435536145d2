"""Uploaded media served by Django itself: only in development (DEBUG) and browser tests.

Production serves the same two folders from nginx (README) and never originals/, where uploads
keep their GPS positions and full-size scans; this module keeps development to the same rule.
"""

import re
from pathlib import Path

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

PUBLIC_FOLDERS = ("renditions", "pages")


def serve_public_media(request, folder, path):
    """A file under MEDIA_ROOT/<folder>/; the folder is the document root, so a path such as
    renditions/../originals/x cannot climb out of it."""
    return serve(request, path, document_root=Path(settings.MEDIA_ROOT) / folder)


def public_media_urlpatterns():
    """/media/renditions/… and /media/pages/… (with the configured MEDIA_URL)."""
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    folders = "|".join(PUBLIC_FOLDERS)
    return [re_path(rf"^{prefix}(?P<folder>{folders})/(?P<path>.*)$", serve_public_media)]
