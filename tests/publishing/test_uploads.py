"""Kept uploads: signed tokens, kept under originals/staging, purged after a day."""

import time

import pytest
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from publishing import uploads

pytestmark = pytest.mark.django_db


def test_a_staged_file_comes_back_from_its_token():
    token, stored = uploads.stage(SimpleUploadedFile("扫描.png", b"\x89PNG data"))
    assert stored.startswith("originals/staging/")
    kept = uploads.kept_upload(token)
    assert kept.read() == b"\x89PNG data" and kept.name == "扫描.png"


@pytest.mark.parametrize(
    "payload",
    [{"name": "originals/photos/someone-else.jpg", "filename": "x.jpg"}, {"name": "x"}],
)
def test_a_token_naming_anything_else_is_refused(payload):
    token = signing.dumps(payload, salt=uploads.TOKEN_SALT)
    assert uploads.kept_upload(token) is None
    assert uploads.kept_upload("not-a-token") is None


def test_staged_files_older_than_a_day_are_purged(monkeypatch):
    token, stored = uploads.stage(SimpleUploadedFile("old.png", b"old"))
    later = time.time() + uploads.KEPT_SECONDS + 60
    monkeypatch.setattr(time, "time", lambda: later)
    uploads.stage(SimpleUploadedFile("new.png", b"new"))
    assert not default_storage.exists(stored)
    assert uploads.kept_upload(token) is None
