"""Media through Django's storage API only: the same uploads and renditions work on S3.

Runs against moto's S3 server on a local port, configured exactly as production would be
(MEDIA_STORAGE=s3 picks storages.backends.s3.S3Storage).
"""

import socket

import boto3
import pytest
from django.core.files.base import ContentFile

from tests.factories import PhotoFactory, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3_endpoint():
    moto_server = pytest.importorskip("moto.server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def test_photo_and_renditions_live_in_the_bucket(settings, s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket="newsroom-media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "newsroom-media",
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "querystring_auth": False,
            },
        },
    }
    photo = PhotoFactory(image=ContentFile(png_bytes(200, 150), name="s3.png"))

    keys = {item["Key"] for item in s3.list_objects_v2(Bucket="newsroom-media")["Contents"]}
    assert photo.image.name in keys and photo.image.name.startswith("originals/")
    assert {r.file.name for r in photo.renditions.all()} <= keys
    assert len(photo.renditions.all()) == 6
    assert photo.picture["src"].startswith(f"{s3_endpoint}/newsroom-media/renditions/")
    served = s3.get_object(Bucket="newsroom-media", Key=photo.rendition("medium", "webp").file.name)
    assert served["Body"].read(12)[8:12] == b"WEBP"
