"""Shared fixtures: fast settings, users in the two editorial groups, and the seed pages."""

import contextlib
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection


def _seeds_dir() -> Path:
    """The real seed pages: $NEWSROOM_SEEDS_DIR, else shared/seeds beside the checkout, else the
    workplace's copy (CI may clone elsewhere, e.g. under /tmp)."""
    if os.environ.get("NEWSROOM_SEEDS_DIR"):
        return Path(os.environ["NEWSROOM_SEEDS_DIR"])
    candidates = [
        Path(__file__).resolve().parent.parent.parent / "shared" / "seeds",
        Path("/work/shared/seeds"),
    ]
    return next((path for path in candidates if path.is_dir()), candidates[0])


SEEDS_DIR = _seeds_dir()


@pytest.fixture(autouse=True)
def fast_settings(settings, tmp_path):
    """Fast hashing, an isolated cache and a throw-away media folder for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # Read the public pages' content version from the (cleared) cache on every request, so no
    # test sees a version another test left in this process (see publishing/caching.py).
    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 0
    # background jobs run at once, inside the test (one test drives the database backend)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Every test ends in the default language (Chinese): a request in English leaves English
    active in the thread (LocaleMiddleware activates it and nothing turns it off), and a later
    test calling a validator directly would get English messages."""
    yield
    from django.utils import translation

    translation.deactivate()


def _member(username: str, group: str | None, **extra) -> User:
    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    """A member of 编辑: may do everything, including publishing."""
    return _member("editor", "编辑")


@pytest.fixture
def reporter(db):
    """A member of 记者: writes drafts, may not publish."""
    return _member("reporter", "记者")


@pytest.fixture
def seed_texts():
    """The OCR text of the real seed pages, keyed by file name."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed pages not found at {SEEDS_DIR}")
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))}


def require_or_skip(flag: str, reason: str):
    """Skip when an optional dependency is missing, unless CI set `flag` to make it required."""
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason} (required because {flag}=1)")
    pytest.skip(reason)


@pytest.fixture
def archive(db):
    """Issue 10076 as printed with two pages, plus a draft, a scheduled item and a draft issue."""
    from tests.articles.archive_data import build_archive

    return build_archive()


@contextlib.contextmanager
def _as_if_committed():
    yield
    waiting, connection.run_on_commit = connection.run_on_commit, []
    for _savepoints, callback, _robust in waiting:
        callback()


@pytest.fixture
def committed():
    """`with committed():` — the writes in the block, then what their commit would run.

    A test runs inside one transaction that never commits, and the page cache's content version
    moves only after a commit (publishing.caching.content_changed), once per transaction: a test
    that edits and then reads a cached page says where its commit would be. Tests with real
    commits: tests/articles/test_caching_commits.py.
    """
    return _as_if_committed
