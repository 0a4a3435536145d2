"""The editors' admin site: named after the archive, originals for staff only, and choices that
say which page, issue or person is meant."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import (
    IssueFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db


def test_the_header_names_the_archive(client, editor):
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "吕梁日报数字报 · 编辑部" in html
    assert "Django" not in html


class TestOriginals:
    def test_staff_open_an_original_from_the_admin(self, client, editor):
        photo = PhotoFactory()
        client.force_login(editor)
        change = client.get(reverse("admin:articles_photo_change", args=[photo.pk]))
        link = reverse("admin:original", args=[photo.image.name])
        assert f'href="{link}"' in change.content.decode()
        response = client.get(link)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    def test_never_for_the_public(self, client, django_user_model):
        photo = PhotoFactory()
        link = reverse("admin:original", args=[photo.image.name])
        assert "/login/" in client.get(link)["Location"]
        client.force_login(django_user_model.objects.create_user("reader", password="x"))
        assert "/login/" in client.get(link)["Location"]

    @pytest.mark.parametrize(
        "name",
        [
            "renditions/../originals/x.png",
            "originals/../../etc/passwd",
            "pages/pdf/2020/09/page.pdf",
            "originals/photos/none.png",
        ],
    )
    def test_only_what_lies_under_originals(self, client, editor, name):
        client.force_login(editor)
        assert client.get(reverse("admin:original", args=[name])).status_code == 404

    def test_anything_but_an_image_or_pdf_is_downloaded_not_shown(self, client, editor, settings):
        from django.core.files.storage import default_storage

        default_storage.save("originals/notes/page.html", ContentFile(b"<script>alert(1)</script>"))
        client.force_login(editor)
        response = client.get(reverse("admin:original", args=["originals/notes/page.html"]))
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment")


class TestPickers:
    def autocomplete(self, client, **params):
        return client.get(reverse("admin:autocomplete"), {"app_label": "articles", **params})

    def test_a_page_is_named_with_its_issue(self, client, editor):
        page = PageFactory(number=1, name="要闻", issue=IssueFactory(number=10076))
        client.force_login(editor)
        response = self.autocomplete(
            client, model_name="photo", field_name="page", term="要闻"
        ).json()
        label = f"{page.issue.date:%Y-%m-%d} 第10076期 第1版 要闻"
        assert {"id": str(page.pk), "text": label, "token": "第1版 要闻"} in response["results"]

    def test_namesakes_are_told_apart(self, client, editor):
        paper = PublicationFactory()
        PersonFactory(name="马龙", disambiguation="本报记者", affiliation=paper)
        PersonFactory(name="马龙", disambiguation="通讯员")
        client.force_login(editor)
        response = self.autocomplete(
            client, model_name="articlecredit", field_name="person", term="马龙"
        ).json()
        assert sorted(result["text"] for result in response["results"]) == [
            "马龙（本报记者） · 吕梁日报",
            "马龙（通讯员）",
        ]

    def test_an_article_offers_only_the_pages_of_its_issue(self, client, editor):
        from tests.factories import ArticleFactory

        article = ArticleFactory()
        PageFactory(issue=article.issue, number=article.page.number % 8 + 1, name="综合")
        elsewhere = PageFactory(name="别的期次")
        client.force_login(editor)
        form = client.get(reverse("admin:articles_article_change", args=[article.pk]))
        choices = [label for _value, label in form.context["adminform"].form.fields["page"].choices]
        assert len(choices) == 3  # "---------" and the two pages of this issue
        assert all(str(article.issue.number) in label for label in choices[1:])
        assert not any(str(elsewhere.issue.number) in label for label in choices)
