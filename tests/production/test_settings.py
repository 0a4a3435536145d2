"""Production mode refuses unsafe values and passes Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def clean_environment(**env) -> dict:
    """This environment without the settings a test may have set (browser tests set
    DJANGO_ALLOW_ASYNC_UNSAFE), plus `env`."""
    unset = {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return environment


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "archive.example.org",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}


def test_check_deploy_is_clean_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_short_or_insecure_secret_key_is_refused():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": "django-insecure-" + "x" * 60})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_wildcard_host_is_refused():
    result = manage("check", **{**PRODUCTION, "ALLOWED_HOSTS": "*"})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_a_malformed_proxy_header_is_refused():
    result = manage("check", **{**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"})
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER" in result.stderr


@pytest.mark.parametrize(
    "switch", [{"SECURE_SSL_REDIRECT": "0"}, {"SECURE_COOKIES": "0"}, {"SECURE_HSTS_SECONDS": "0"}]
)
def test_plain_http_in_production_needs_saying_so(switch):
    refused = manage("check", **{**PRODUCTION, **switch})
    assert refused.returncode != 0
    assert next(iter(switch)) in refused.stderr and "ALLOW_PLAIN_HTTP" in refused.stderr
    meant = manage("check", **{**PRODUCTION, **switch, "ALLOW_PLAIN_HTTP": "1"})
    assert meant.returncode == 0, meant.stderr


def test_production_services_come_from_the_environment():
    """Persistent, health-checked PostgreSQL connections and the shared Redis cache."""
    shown = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], "
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])",
        **PRODUCTION,
        DATABASE_URL="postgres://newsroom@db1:5432/newsroom",
        CONN_MAX_AGE="60",
        REDIS_URL="redis://cache1:6379/0",
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.postgresql",
        "60",
        "True",
        "newsroom.cache.FailSoftRedisCache",
        "redis://cache1:6379/0",
    ]


def test_collectstatic_builds_compressed_hashed_files(tmp_path):
    result = manage("collectstatic", "--noinput", "-v0", STATIC_ROOT=str(tmp_path), **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("admin/css/base.*.css.gz")), "hashed and compressed CSS expected"


def test_admin_path_is_configurable():
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))"
    )
    environment = {
        **os.environ,
        "ADMIN_URL": "desk-7f3a/",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.stdout.strip() == "/desk-7f3a/"


@pytest.mark.parametrize("declared", ["not-an-address", "10.0.0.0/33", "0.0.0.0/0"])
def test_a_malformed_or_catch_all_trusted_proxy_is_refused_at_start_up(declared):
    """Trusting every address would let any client choose the address it is counted under."""
    result = manage("check", **PRODUCTION, TRUSTED_PROXIES=f"127.0.0.1,{declared}")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr


def test_the_wsgi_application_leaves_what_it_loaded_out_of_full_collections():
    """gunicorn imports newsroom.wsgi in each worker: what start-up loaded (Django, the apps,
    their modules) is frozen, so a full collection walks only what requests made and stalls a
    request for far less (benchmarks/gc_pauses.py); the collector itself stays on."""
    code = "import gc, newsroom.wsgi; print(gc.get_freeze_count(), gc.isenabled())"
    environment = clean_environment(**PRODUCTION, DJANGO_SETTINGS_MODULE="newsroom.settings")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    frozen, enabled = result.stdout.split()
    assert int(frozen) > 50_000
    assert enabled == "True"
