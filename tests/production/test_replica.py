"""Public reads go to a real streaming replica; writes and the admin stay on the primary."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import require_or_skip
from tests.production import pg_cluster

ROOT = Path(__file__).resolve().parents[2]


def test_router_against_a_real_streaming_replica():
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass")
    reason = pg_cluster.available()
    if reason:
        require_or_skip("NEWSROOM_REQUIRE_POSTGRES", reason)
    with pg_cluster.primary_and_replica() as (primary, replica):
        primary.psql("CREATE DATABASE newsroom")
        assert pg_cluster.wait_until(
            lambda: replica.psql("SELECT 1 FROM pg_database WHERE datname='newsroom'") == "1"
        )
        environment = {
            **os.environ,
            "DATABASE_URL": primary.url("newsroom"),
            "DATABASE_REPLICA_URL": replica.url("newsroom"),
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        }
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert migrate.returncode == 0, migrate.stderr
        check = subprocess.run(
            [sys.executable, "-m", "tests.production.replica_check"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert check.returncode == 0, check.stderr[-3000:]
        assert check.stdout.strip().endswith("ok")
