"""Restoring an earlier version from the admin's history, with real commits.

The other admin tests run inside one transaction that is rolled back, which hides what only a
committed transaction shows (locks taken outside any transaction, deferred constraints, work
queued for after the commit). These commit, on SQLite and on PostgreSQL, for every model whose
admin keeps a history.
"""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, Issue, Page, Person, Photo, Place, Tag
from indicators.models import Observation
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    ObservationFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    TagFactory,
)
from tests.production.test_admin_safety import restore

pytestmark = pytest.mark.django_db(transaction=True)

# For each model with a history in the admin: how to make one, and a change to undo.
CASES = {
    Article: (ArticleFactory, "headline", "最初的标题", "改坏了的标题"),
    Issue: (IssueFactory, "number", 10076, 10077),
    Page: (PageFactory, "name", "要闻", "改错的版名"),
    Photo: (PhotoFactory, "caption", "原来的图片说明", "改错的说明"),
    Person: (PersonFactory, "name", "原来的名字", "改错的名字"),
    Tag: (TagFactory, "name", "脱贫攻坚", "改错的话题"),
    Place: (PlaceFactory, "name", "临县", "改错的地点"),
    Observation: (ObservationFactory, "value", Decimal("100"), Decimal("999")),
}


def test_every_model_with_a_history_in_the_admin_is_covered():
    with_history = {
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin)
    }
    assert with_history == set(CASES)


def editor_with_every_content_permission():
    """An editor as the 编辑 group makes one (not a superuser). The group itself is data of a
    migration, which the flush after each committing test removes; permissions come back."""
    user = User.objects.create_user("restorer", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["articles", "indicators"])
    )
    return user


@pytest.mark.parametrize("model", list(CASES), ids=lambda model: model.__name__)
def test_an_editor_restores_an_earlier_version(client, model):
    make, field, original_value, later_value = CASES[model]
    obj = make(**{field: original_value})
    original = obj.history.earliest()
    setattr(obj, field, later_value)
    obj.save()
    client.force_login(editor_with_every_content_permission())

    response = restore(client, obj, original)

    assert response.status_code == 302, response.content.decode()[:2000]
    obj.refresh_from_db()
    assert getattr(obj, field) == original_value
    assert obj.history.count() == 3  # made, changed, restored
    assert obj.history.first().history_user.username == "restorer"
