"""Project-level guarantees: migrations match the models, settings refuse unsafe values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_makemigrations_finds_nothing_to_do():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def run_settings(**env):
    """Import the settings in a fresh interpreter with the given environment."""
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import newsroom.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_without_secret_key_refuses_to_start():
    result = run_settings(DEBUG="0", ALLOWED_HOSTS="archive.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = run_settings(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_time_zone_and_language(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
