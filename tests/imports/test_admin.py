"""导入版面 in the admin: upload or paste, follow the background reading, review every field beside
the source, confirm to save drafts; errors next to their fields and nothing saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from articles.models import Article, Issue, Page, Status
from imports.models import ImportJob
from tests.factories import IssueFactory, PublicationFactory
from tests.imports import typeset

SEED_FRONT = "000_59828c7503c07820.txt"
ADD = "/admin/imports/importjob/add/"


def form_data(page_form, formset) -> dict:
    """What the browser posts back for the review page as rendered (nothing changed)."""
    data = {}
    for form in [page_form, *formset.forms]:
        for field in form:
            value = field.value()
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value
    management = formset.management_form
    for field in management:
        data[field.html_name] = field.value()
    return data


@pytest.fixture
def paper(db):
    return PublicationFactory()


@pytest.fixture
def pasted(client, editor, paper, seed_texts):
    """The seed front page pasted and read (the test backend runs the task at once)."""
    client.force_login(editor)
    response = client.post(ADD, {"text": seed_texts[SEED_FRONT]})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/{job.pk}/status/")
    return job


def test_pasted_page_is_read_and_shown_for_review(client, pasted):
    assert pasted.state == ImportJob.State.READY
    status = client.get(f"/admin/imports/importjob/{pasted.pk}/status/")
    assert status.url.endswith(f"/{pasted.pk}/review/")
    review = client.get(status.url)
    body = review.content.decode()
    assert review.status_code == 200
    assert 'value="市委常委会召开会议"' in body  # an editable headline
    assert "报头日期缺少日" in body  # the warnings listed
    assert "吕梁日报社出版" in body  # the source text beside the forms
    assert len(review.context["formset"].forms) == 6
    assert not Issue.objects.exists()  # nothing saved before the editor confirms


def test_confirming_saves_drafts_with_the_editors_changes(client, pasted):
    url = f"/admin/imports/importjob/{pasted.pk}/review/"
    review = client.get(url)
    data = form_data(review.context["page_form"], review.context["formset"])
    data["articles-0-headline"] = "市委常委会召开会议（改）"
    data["articles-4-DELETE"] = "on"
    response = client.post(url, data)
    page = Page.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/page/{page.pk}/change/")
    headlines = list(page.articles.order_by("position").values_list("headline", flat=True))
    assert len(headlines) == 5 and headlines[0] == "市委常委会召开会议（改）"
    assert not Article.objects.exclude(status=Status.DRAFT).exists()
    pasted.refresh_from_db()
    assert pasted.state == ImportJob.State.SAVED and pasted.page == page


def test_errors_are_shown_next_to_their_fields_and_nothing_is_saved(client, pasted):
    url = f"/admin/imports/importjob/{pasted.pk}/review/"
    review = client.get(url)
    data = form_data(review.context["page_form"], review.context["formset"])
    data["articles-1-headline"] = ""
    data["articles-3-source_publication"] = ""  # a reprint without its paper
    data["email"] = "not an address"
    response = client.post(url, data)
    assert response.status_code == 200
    formset = response.context["formset"]
    assert "headline" in formset.forms[1].errors
    assert "source_publication" in formset.forms[3].errors
    assert "email" in response.context["page_form"].errors
    assert not Issue.objects.exists() and not Article.objects.exists()


def test_a_refusal_of_the_service_is_shown_and_nothing_is_saved(client, pasted, paper):
    IssueFactory(publication=paper, date=datetime.date(2020, 9, 15), number=10076)  # published
    url = f"/admin/imports/importjob/{pasted.pk}/review/"
    review = client.get(url)
    response = client.post(url, form_data(review.context["page_form"], review.context["formset"]))
    assert response.status_code == 200
    assert "这一期已经发布" in response.content.decode()
    assert not Page.objects.exists() and not Article.objects.exists()


def test_a_different_issue_number_is_an_error_on_its_field(client, pasted, paper):
    IssueFactory(
        publication=paper, date=datetime.date(2020, 9, 15), number=10070, status=Status.DRAFT
    )
    url = f"/admin/imports/importjob/{pasted.pk}/review/"
    review = client.get(url)
    response = client.post(url, form_data(review.context["page_form"], review.context["formset"]))
    assert "number" in response.context["page_form"].errors
    assert not Page.objects.exists()


def test_an_unreadable_file_fails_with_its_reason(client, editor, paper):
    client.force_login(editor)
    upload = SimpleUploadedFile("page.txt", "版面文字".encode("gbk"))
    client.post(ADD, {"file": upload})
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED and "UTF-8" in job.error
    status = client.get(f"/admin/imports/importjob/{job.pk}/status/")
    assert "UTF-8" in status.content.decode()
    assert client.get(f"/admin/imports/importjob/{job.pk}/progress/").json()["state"] == "failed"
    assert not Issue.objects.exists()


def test_the_upload_needs_a_file_or_text(client, editor, paper):
    client.force_login(editor)
    response = client.post(ADD, {})
    assert response.status_code == 200 and "二者选一" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_pdf_is_shown_with_its_page_image_and_regions(client, editor, paper):
    client.force_login(editor)
    upload = SimpleUploadedFile("第1版.pdf", typeset.pdf_bytes(typeset.front_page()))
    client.post(ADD, {"file": upload})
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.READY and job.image
    review = client.get(f"/admin/imports/importjob/{job.pk}/review/")
    body = review.content.decode()
    assert f"/originals/{job.image.name}" in body and 'class="import-region"' in body
    image = client.get(f"/admin/originals/{job.image.name}")
    assert image.status_code == 200
    response = client.post(
        f"/admin/imports/importjob/{job.pk}/review/",
        form_data(review.context["page_form"], review.context["formset"]),
    )
    assert response.status_code == 302
    page = Page.objects.get()
    assert page.pdf and page.image and page.source_kind == "pdf"


def test_readers_never_see_the_admin_import(client, paper):
    assert client.get(ADD).status_code == 302  # to the log-in page


def test_a_reporter_without_write_rights_cannot_import(client, db, paper):
    from django.contrib.auth.models import User

    clerk = User.objects.create_user("clerk", password="pw-for-tests-only", is_staff=True)
    client.force_login(clerk)
    assert client.get(ADD).status_code == 403


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in production
def test_the_database_backend_queues_the_job_until_a_worker_runs_it(client, paper, settings):
    from django.contrib.auth.models import User

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    # a superuser: groups made by migrations are gone after another test's flush
    client.force_login(User.objects.create_superuser("chief", password="pw-for-tests-only"))
    client.post(ADD, {"text": "吕梁日报 2021年3月10日 星期三\n第02版:综合新闻\n\n标题\n\n正文。\n"})
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.QUEUED and job.task_id
    status = client.get(f"/admin/imports/importjob/{job.pk}/status/")
    assert 'http-equiv="refresh"' in status.content.decode()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY and job.progress == 1.0
