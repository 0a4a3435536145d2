"""Uploaded media for readers: renditions and page PDFs, only of what the requester may see.

Every file name is looked up first: a rendition of an unpublished photo or page, or the PDF of
a page in an unpublished issue, answers 404 like a file that does not exist (staff see their
previews). Names are unguessable as well (articles.upload_checks.unguessable_name), but a name that
once leaked, or a file withdrawn after publication, must still not be served.

Who sends the bytes: with MEDIA_ACCEL_REDIRECT set (production, README), nginx, told by an
`X-Accel-Redirect` header to its internal location; otherwise (development, tests) Django
streams the file itself. originals/ is never served here: staff open originals in the admin
(publishing.admin_site).
"""

import mimetypes
import posixpath
import re
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.urls import re_path
from django.views.decorators.http import require_safe

from articles.models import Page, Rendition

# How long browsers and shared caches may keep a published file. Short enough that a file
# withdrawn with its article is gone from caches within a day.
PUBLIC_MEDIA_SECONDS = 24 * 3600
PUBLIC_FOLDERS = ("renditions", "pages")


def media_is_visible(user, name: str) -> bool:
    """Whether `user` may see the stored file `name` (a rendition or a page PDF)."""
    if name.startswith("renditions/"):
        return Rendition.objects.for_reader(user).filter(file=name).exists()
    if name.startswith("pages/"):
        return Page.objects.for_reader(user).filter(pdf=name).exists()
    return False


@require_safe
def serve_media(request, folder, path):
    """/media/renditions/… and /media/pages/…: the file if the requester may see it, else 404."""
    name = f"{folder}/{path}"
    if posixpath.normpath(name) != name or "\x00" in name:
        raise Http404
    public = media_is_visible(AnonymousUser(), name)
    if not public and not (request.user.is_staff and media_is_visible(request.user, name)):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    else:
        if not default_storage.exists(name):
            raise Http404
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    if public:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MEDIA_SECONDS}"
    else:  # a staff member's preview: never into a shared cache
        response["Cache-Control"] = "private, no-store"
    return response


def public_media_urlpatterns():
    """/media/renditions/… and /media/pages/… (with the configured MEDIA_URL)."""
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    folders = "|".join(PUBLIC_FOLDERS)
    return [re_path(rf"^{prefix}(?P<folder>{folders})/(?P<path>.+)$", serve_media)]
