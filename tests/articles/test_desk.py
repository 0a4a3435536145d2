"""The page desk (articles/desk.py, PageAdmin.desk_view): a printed page entered and corrected on
one screen, saved in one transaction or not at all, with every error next to its field."""

import datetime

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.desk import PageDesk, desk_page
from articles.models import Article, ArticleCredit, Page, PageCredit, Person, Photo, Status, Tag
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    PublicationFactory,
    TagFactory,
    png_bytes,
)

pytestmark = pytest.mark.django_db


def desk_data(page, **changes) -> dict:
    """What the desk of `page` submits when saved untouched (every field as shown), with
    `changes` on top: the POST an editor's browser sends."""
    page = desk_page(Page.objects.all()).get(pk=page.pk)
    desk = PageDesk(page=page, user=AnonymousUser())
    data = {}

    def add(form):
        for bound in form:
            if isinstance(bound.field, forms.FileField):
                continue
            value = bound.value()
            if isinstance(bound.field, forms.BooleanField):
                if value:
                    data[bound.html_name] = "on"
                continue
            data[bound.html_name] = "" if value is None else str(value)

    add(desk.items.management_form)
    add(desk.page_form)
    for form in desk.items.forms:
        add(form)
        add(form.photos.management_form)
        for photo in form.photos.forms:
            add(photo)
    data.update(changes)
    return data


def desk_url(page):
    return reverse("admin:articles_page_desk", args=[page.pk])


def draft_page(**extra):
    return PageFactory(issue=IssueFactory(status=Status.DRAFT, published_at=None), **extra)


def upload(name="photo.png", size=(40, 30)):
    return SimpleUploadedFile(name, png_bytes(*size), content_type="image/png")
