"""Versions: every save counts up from the stored row; a stale write names who, when, what."""

import pytest

from indicators.models import ObservationStatus
from publishing.versions import StaleVersionError, ensure_version
from tests.factories import ArticleFactory, ObservationFactory, PageFactory

pytestmark = pytest.mark.django_db


def test_every_save_is_a_new_version_even_of_some_fields():
    observation = ObservationFactory(status=ObservationStatus.PROPOSED)
    assert observation.version == 1
    observation.status = ObservationStatus.ACCEPTED
    observation.save(update_fields=["status"])
    observation.refresh_from_db()
    assert observation.version == 2


def test_an_old_copy_saved_again_still_counts_up():
    page = PageFactory()
    old = type(page).objects.get(pk=page.pk)
    page.save()
    old.save()  # e.g. a version restored from the history
    old.refresh_from_db()
    assert old.version == 3


def test_a_stale_version_says_who_when_and_what_changed(editor):
    article = ArticleFactory(headline="原标题", subheadline="")
    article._history_user = editor
    article.headline, article.subheadline = "新标题", "新副题"
    article.save()
    with pytest.raises(StaleVersionError) as stale:
        ensure_version(obj=article, expected=1)
    error = stale.value
    assert "稿件“新标题”已被 editor 于" in error.messages[0]
    assert "第 1 版，现在是第 2 版" in error.messages[0]
    assert sorted(error.changes()) == [("主题", "原标题", "新标题"), ("副题", "—", "新副题")]


def test_the_current_version_passes():
    page = PageFactory()
    ensure_version(obj=page, expected=page.version)
