"""Database routing: public reads may go to a streaming replica, everything else to the primary.

The replica alias exists only when DATABASE_REPLICA_URL is set; without it every query goes to
"default". Within a request PrimaryDatabaseMiddleware pins reads to the primary for editors and
writes; outside requests (commands, migrations) reads stay on the primary too, because a command
that reads what it just wrote must not hit a lagging copy.
"""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_use_primary: contextvars.ContextVar[bool] = contextvars.ContextVar("use_primary", default=True)


@contextlib.contextmanager
def pinned_to_primary(pinned: bool = True):
    """Within the block, reads go to the primary when `pinned`, else to the replica if any."""
    token = _use_primary.set(pinned)
    try:
        yield
    finally:
        _use_primary.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA in settings.DATABASES and not _use_primary.get():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # both aliases hold the same data
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
