"""Media through Django's storage API only: the same uploads and renditions work on S3.

Runs against moto's S3 server on a local port, with the storage settings built from the same
environment variables production sets (MEDIA_STORAGE=s3 …) by the settings' own media_storage().
Skips without moto[server] unless CI sets NEWSROOM_REQUIRE_S3=1.
"""

import os
import socket

import boto3
import pytest
from django.core.files.base import ContentFile

from newsroom.settings import media_storage
from tests.conftest import require_or_skip
from tests.factories import PhotoFactory, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3_endpoint():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        require_or_skip("NEWSROOM_REQUIRE_S3", "moto[server] is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def test_photo_and_renditions_live_in_the_bucket(settings, s3_endpoint, monkeypatch):
    production_like = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "newsroom-media",
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    for name, value in production_like.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(os.environ)}
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket="newsroom-media")
    photo = PhotoFactory(image=ContentFile(png_bytes(200, 150), name="s3.png"))

    keys = {item["Key"] for item in s3.list_objects_v2(Bucket="newsroom-media")["Contents"]}
    assert photo.image.name in keys and photo.image.name.startswith("originals/")
    assert {r.file.name for r in photo.renditions.all()} <= keys
    assert len(photo.renditions.all()) == 2  # one size (200 px), WebP and JPEG
    assert photo.picture["src"].startswith(f"{s3_endpoint}/newsroom-media/renditions/")
    served = s3.get_object(Bucket="newsroom-media", Key=photo.rendition("medium", "webp").file.name)
    assert served["Body"].read(12)[8:12] == b"WEBP"
