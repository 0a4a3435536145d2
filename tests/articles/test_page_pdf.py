"""A page's PDF: checked by its bytes, not its name, before anything is saved; then offered for
download on the page view and in the API."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.articles.test_images import stored_files
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload_in_the_admin(client, page, data: bytes):
    """Post the page's admin form with `data` as its PDF (named page-1.pdf whatever it holds)."""
    form = {
        "issue": page.issue.pk,
        "number": page.number,
        "name": page.name,
        "department": page.department,
        "department_email": "",
        "pdf": SimpleUploadedFile("page-1.pdf", data),
        "page_credits-TOTAL_FORMS": 0,
        "page_credits-INITIAL_FORMS": 0,
    }
    return client.post(reverse("admin:articles_page_change", args=[page.pk]), form)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"<html>not a pdf</html>", "不是 PDF 文件"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "不是 PDF 文件"),
        (PDF + bytes(2000), "文件太大"),
    ],
    ids=["html", "png", "too-large"],
)
def test_admin_refuses_a_file_that_is_not_a_small_enough_pdf_and_saves_nothing(
    client, editor, settings, data, reason
):
    settings.PDF_MAX_BYTES = 1000
    page = PageFactory()
    client.force_login(editor)
    response = upload_in_the_admin(client, page, data)
    assert response.status_code == 200
    assert reason in response.content.decode()
    page.refresh_from_db()
    assert not page.pdf and stored_files(settings) == []


def test_admin_accepts_a_real_pdf(client, editor):
    page = PageFactory()
    client.force_login(editor)
    response = upload_in_the_admin(client, page, PDF)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.pdf.name.startswith("pages/pdf/") and page.pdf.read() == PDF


def test_the_check_is_the_models_so_every_writer_gets_it():
    page = PageFactory.build(pdf=ContentFile(b"GIF89a", name="page.pdf"))
    with pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["issue"])
    assert "不是 PDF 文件" in error.value.message_dict["pdf"][0]


def test_the_pdf_is_offered_on_the_page_view_and_in_the_api(client):
    page = PageFactory()
    page.pdf.save("page-1.pdf", ContentFile(PDF))
    html = client.get(page.get_absolute_url()).content.decode()
    assert f'<a href="{page.pdf.url}" type="application/pdf" download>下载本版 PDF</a>' in html
    body = client.get(f"/api/v1/pages/{page.pk}/").json()
    assert body["pdf_url"] == f"http://testserver{page.pdf.url}"


def test_a_page_without_a_pdf_offers_none(client):
    page = PageFactory()
    assert "下载本版 PDF" not in client.get(page.get_absolute_url()).content.decode()
    assert client.get(f"/api/v1/pages/{page.pk}/").json()["pdf_url"] is None
