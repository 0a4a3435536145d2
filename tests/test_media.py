"""Media served by Django in development (DEBUG): renditions and page PDFs, never originals/."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.urls import clear_url_caches

import newsroom.urls
from tests.articles.test_images import with_gps
from tests.factories import PageFactory, PhotoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_urls(settings):
    """newsroom.urls as `runserver` loads it with DEBUG on (its media routes exist only then)."""
    settings.DEBUG = True
    importlib.reload(newsroom.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(newsroom.urls)
    clear_url_caches()


def test_debug_serves_renditions_and_page_pdfs_but_not_originals(client, debug_urls):
    photo = PhotoFactory(image=ContentFile(with_gps(), name="gps.jpg"))
    page = PageFactory()
    page.pdf.save("page-1.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    assert client.get(photo.rendition("thumbnail").file.url).status_code == 200
    assert client.get(page.pdf.url).status_code == 200

    original = photo.image.url
    assert original.startswith("/media/originals/")
    assert client.get(original).status_code == 404
    # nor by climbing out of a public folder
    climb = original.replace("/media/", "/media/renditions/../")
    assert client.get(climb).status_code in (400, 404)


def test_without_debug_django_serves_no_media(client):
    photo = PhotoFactory()
    assert client.get(photo.rendition("thumbnail").file.url).status_code == 404
