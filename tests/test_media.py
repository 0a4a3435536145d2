"""Media for readers: renditions and page PDFs of what the requester may see, never originals.

Names cannot be guessed, and a name that is known still answers 404 while its photo or page is
not published (issue 15). In production nginx sends the file (X-Accel-Redirect); in
development Django streams it.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Status
from tests.articles.test_images import with_gps
from tests.factories import ArticleFactory, IssueFactory, PageFactory, PhotoFactory

pytestmark = pytest.mark.django_db

TOKEN = r"[A-Za-z0-9_-]{22}"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def published():
    """A published photo (with its GPS-tagged original) and a published page with a PDF."""
    photo = PhotoFactory(image=ContentFile(with_gps(), name="gps.jpg"))
    page = PageFactory()
    page.pdf.save("page-1.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return photo, page


@pytest.fixture
def hidden():
    """A photo of a draft article and a page (with a PDF) of an issue scheduled for tomorrow."""
    draft = ArticleFactory(status=Status.DRAFT, published_at=None)
    photo = PhotoFactory(article=draft)
    tomorrow = timezone.now() + timezone.timedelta(days=1)
    page = PageFactory(issue=IssueFactory(published_at=tomorrow))
    page.pdf.save("page-1.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return photo, page


def test_published_renditions_and_pdfs_are_served_and_cacheable(client, published):
    photo, page = published
    for url in (photo.rendition("thumbnail").file.url, page.pdf.url):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("public, max-age=")
        assert _body(response)
    assert client.get(page.pdf.url)["Content-Type"] == "application/pdf"


def test_files_of_hidden_work_answer_404_to_readers(client, hidden):
    photo, page = hidden
    urls = [rendition.file.url for rendition in photo.renditions.all()] + [page.pdf.url]
    for url in urls:
        assert client.get(url).status_code == 404


def test_staff_see_their_previews_privately(client, hidden, editor):
    photo, page = hidden
    client.force_login(editor)
    for url in (photo.rendition("thumbnail").file.url, page.pdf.url):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"


def test_a_withdrawn_articles_photo_is_gone(client, published, editor):
    photo, _page = published
    url = photo.rendition("medium").file.url
    assert client.get(url).status_code == 200
    photo.article.status = Status.DRAFT
    photo.article.save()
    assert client.get(url).status_code == 404


def test_names_cannot_be_guessed_from_ids_or_upload_names(published):
    photo, page = published
    assert re.fullmatch(rf"originals/photos/\d{{4}}/\d{{2}}/{TOKEN}/gps\.jpg", photo.image.name)
    assert re.fullmatch(rf"pages/pdf/\d{{4}}/\d{{2}}/{TOKEN}/page-1\.pdf", page.pdf.name)
    for rendition in photo.renditions.all():
        assert re.fullmatch(rf"renditions/photos/{TOKEN}/\w+\.(jpeg|webp)", rendition.file.name)
        assert f"/{photo.pk}/" not in rendition.file.name
    free_number = max(page.issue.pages.values_list("number", flat=True)) + 1
    same_name = PageFactory(issue=page.issue, number=free_number)
    same_name.pdf.save("page-1.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    assert same_name.pdf.name != page.pdf.name


def test_production_hands_the_file_to_nginx(client, published, hidden, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/internal-media/"
    photo, page = published
    response = client.get(page.pdf.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/internal-media/{page.pdf.name}"
    assert response["Content-Type"] == "application/pdf" and response.content == b""
    rendition = photo.rendition("thumbnail")
    assert client.get(rendition.file.url)["X-Accel-Redirect"].endswith(rendition.file.name)
    hidden_photo, _hidden_page = hidden
    refused = client.get(hidden_photo.rendition("thumbnail").file.url)
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


def test_originals_are_never_served_here(client, published):
    photo, _page = published
    original = photo.image.url
    assert original.startswith("/media/originals/")
    assert client.get(original).status_code == 404
    # nor by climbing out of a public folder
    climb = original.replace("/media/", "/media/renditions/../")
    assert client.get(climb).status_code in (400, 404)


def test_old_pdf_names_can_be_hidden_once(client):
    """Archives from before unguessable names: one command moves their page PDFs."""
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    page = PageFactory()
    old = default_storage.save("pages/pdf/2020/09/old-page.pdf", ContentFile(b"%PDF-1.4\n"))
    type(page).objects.filter(pk=page.pk).update(pdf=old)
    call_command("hide_page_pdf_names", verbosity=0)
    page.refresh_from_db()
    assert re.fullmatch(rf"pages/pdf/2020/09/{TOKEN}/old-page\.pdf", page.pdf.name)
    assert not default_storage.exists(old)
    assert _body(client.get(page.pdf.url)) == b"%PDF-1.4\n"
    hidden_name = page.pdf.name
    call_command("hide_page_pdf_names", verbosity=0)  # a second run changes nothing
    page.refresh_from_db()
    assert page.pdf.name == hidden_name
