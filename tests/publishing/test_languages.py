"""The Chinese admin speaks Chinese on every page an editor can reach, the third-party screens
(accounts, django-simple-history, django-axes) included; English pages of it are checked in
tests/articles/test_i18n.py."""

import html
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.hashers import make_password
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from tests.factories import ArticleFactory, ObservationFactory, PhotoFactory

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"[A-Za-z][A-Za-z'’ ,.:;()-]*[A-Za-z.:)]")
# What may stay in Latin letters: abbreviations and formats, and Django's own names for the
# link tables of its permissions (shown when a group is deleted).
ALLOWED = {
    *"CN CSV GET POST HTTP ID IP JPEG PDF PDF: PNG TIFF WebP LDAP Control Command Mac".split(),
    "x y",
    "ALTO XML",  # the library standard's name, beside PDF and JPEG
    "UTF",  # UTF-8
    "Group",
    "Group-permission",
    "permissions object",
}
# Content of the test data, not of the admin: names, codes, file names, token keys.
CONTENT = re.compile(
    r"^(boss|gdp|indicator|ua|admin|login|unknown|originals|photos|photo\.png|[a-f0-9]{1,4})$"
    r"|^thumbnail|^[A-Za-z0-9]{2}$"
)


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|template|svg)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def admin_pages(obj_for):
    yield reverse("admin:index")
    yield reverse("admin:password_change")
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse("admin:app_list", args=[opts.app_label])
        yield reverse(f"{prefix}_changelist")
        yield reverse(f"{prefix}_add")
        obj = obj_for(model)
        if obj is not None:
            for view in ("change", "history", "delete"):
                yield reverse(f"{prefix}_{view}", args=[obj.pk])
            try:
                version = obj.history.earliest()
                yield reverse(f"{prefix}_simple_history", args=[obj.pk, version.pk])
            except (AttributeError, NoReverseMatch):
                pass


def test_no_english_is_left_in_the_chinese_admin(client, django_user_model):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    article = ArticleFactory()
    PhotoFactory(article=article)
    ObservationFactory(article=article)
    article.headline = "改过的标题"
    article.save()
    request = {
        "username": "记者甲",
        "ip_address": "10.0.0.1",
        "user_agent": "浏览器",
        "path_info": "/",
    }
    AccessAttempt.objects.create(**request, failures_since_start=2, get_data="", post_data="")
    AccessLog.objects.create(**request)
    AccessFailureLog.objects.create(**request)
    # a fixed salt: the user page shows the hash's first six hex digits, and a random one's
    # run of five letters a–f ("fadfec") read as English about one run in eighty
    boss = django_user_model.objects.create(
        username="boss",
        is_staff=True,
        is_superuser=True,
        password=make_password("a-long-password", salt="0123456789012345678901"),
    )
    # digits only: a random key's run of five letters a–f ("fdddb") read as English one run in four
    Token.objects.create(user=boss, key="1234567890" * 4)
    client.force_login(boss)
    pages = [
        *admin_pages(lambda model: model._default_manager.first()),
        reverse("admin:articles_page_desk", args=[article.page_id]),
        reverse("admin:articles_issue_publish", args=[article.issue_id]),
    ]
    english = {}
    for url in dict.fromkeys(pages):
        response = client.get(url)
        if response.status_code == 403:  # e.g. adding a log-in record: nobody may
            continue
        assert response.status_code == 200, url
        # the random folder of an uploaded file's name (articles.upload_checks.unguessable_name)
        shown = re.sub(r"/[\w-]{22}/", "/", visible_text(response.content.decode()))
        for words in ENGLISH.findall(shown):
            if words not in ALLOWED and not CONTENT.match(words):
                english.setdefault(words, url)
    assert english == {}


def test_every_model_and_field_of_the_admins_packages_has_a_chinese_name():
    """Catches a new field or model of django-axes (or of Django's accounts) with no
    translation in locale/zh_Hans/LC_MESSAGES/django.po."""
    untranslated = []
    with translation.override("zh-hans"):
        for app_label in ("axes", "auth", "authtoken"):  # the packages with models in the admin
            config = apps.get_app_config(app_label)
            for model in config.get_models():
                names = [model._meta.verbose_name, model._meta.verbose_name_plural]
                names += [
                    field.verbose_name
                    for field in model._meta.get_fields()
                    if hasattr(field, "verbose_name")
                ]
                untranslated += [
                    f"{app_label}.{name}"
                    for name in map(str, names)
                    if ENGLISH.fullmatch(name) and name not in ALLOWED
                ]
    assert untranslated == []


def test_the_chinese_catalogue_is_compiled():
    from tests.articles.test_i18n import read_po

    folder = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"
    import gettext

    for domain in ("django", "djangojs"):
        entries = [e for e in read_po(folder / f"{domain}.po") if e["msgid"]]
        with (folder / f"{domain}.mo").open("rb") as file:
            catalog = gettext.GNUTranslations(file)._catalog
        for entry in entries:
            key = entry["msgid"] if entry["msgid_plural"] is None else (entry["msgid"], 0)
            assert catalog.get(key) == entry["msgstr"][0], entry["msgid"]
