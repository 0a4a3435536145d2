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

# an anonymous reader's page is read from the replica only
with (
    CaptureQueriesContext(connections["replica"]) as on_replica,
    CaptureQueriesContext(connections["default"]) as on_primary,
):
    response = Client().get(article.get_absolute_url())
assert response.status_code == 200, response.status_code
assert "复制测试稿件" in response.content.decode()
assert len(on_replica) > 0 and len(on_primary) == 0, (len(on_replica), len(on_primary))

# an editor in the admin reads from the primary only (read-your-writes)
editor = User.objects.create_user("replica-editor", is_staff=True, is_superuser=True)
client = Client()
client.force_login(editor)
with (
    CaptureQueriesContext(connections["replica"]) as on_replica,
    CaptureQueriesContext(connections["default"]) as on_primary,
):
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
assert response.status_code == 200, response.status_code
assert len(on_replica) == 0 and len(on_primary) > 0, (len(on_replica), len(on_primary))

print("ok")
