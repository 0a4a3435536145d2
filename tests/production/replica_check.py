"""Run inside a Django process whose DATABASE_URL / DATABASE_REPLICA_URL point at real clusters.

Called by test_replica.py in a subprocess, because the database settings are fixed at start-up.
Prints "ok" when every routing rule holds; raises AssertionError otherwise.
"""

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from tests.factories import ArticleFactory  # noqa: E402
from tests.production.pg_cluster import wait_until  # noqa: E402


def in_recovery(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


assert in_recovery("replica") is True, "the replica alias must be the standby"
assert in_recovery("default") is False, "the default alias must be the primary"

# writes go to the primary (a standby would refuse them) and stream to the replica
article = ArticleFactory(headline="复制测试稿件")
from articles.models import Article  # noqa: E402

assert wait_until(lambda: Article.objects.using("replica").filter(pk=article.pk).exists())


def queries(request):
    """(queries on the replica, queries on the primary, response) of one request."""
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = request()
    return len(on_replica), len(on_primary), response


def replica_only(request):
    on_replica, on_primary, response = queries(request)
    assert response.status_code == 200, response.status_code
    assert on_replica > 0 and on_primary == 0, (on_replica, on_primary)
    return response


def primary_only(request, status=200):
    on_replica, on_primary, response = queries(request)
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert on_replica == 0 and on_primary > 0, (on_replica, on_primary)
    return response


# anonymous readers of the site and of the API are served from the replica only
page = replica_only(lambda: Client().get(article.get_absolute_url()))
assert "复制测试稿件" in page.content.decode()
replica_only(lambda: Client().get(f"/api/v1/articles/{article.pk}/"))

# an editor in the admin reads from the primary only (read-your-writes)
editor = User.objects.create_user("replica-editor", is_staff=True, is_superuser=True)
client = Client()
client.force_login(editor)
primary_only(lambda: client.get(f"/admin/articles/article/{article.pk}/change/"))

# a service token reads and writes on the primary only: it may be reading its own write
service = User.objects.create_user("replica-service", is_superuser=True)
token = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=service).key}"}
primary_only(lambda: Client().get(f"/api/v1/articles/{article.pk}/", **token))
created = primary_only(
    lambda: Client().post(
        "/api/v1/articles/",
        {"issue": article.issue_id, "page": article.page_id, "headline": "复制测试草稿"},
        content_type="application/json",
        **token,
    ),
    status=201,
)
assert Article.objects.using("default").filter(pk=created.json()["id"]).exists()

print("ok")
