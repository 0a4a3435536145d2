"""Production mode refuses unsafe values and passes Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    # a clean production-like environment: browser tests set DJANGO_ALLOW_ASYNC_UNSAFE
    unset = {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
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
