"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env: str) -> subprocess.CompletedProcess:
    """Import config.settings in a fresh interpreter with exactly `env` set, and print a few."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    clean.pop("ALLOWED_HOSTS", None)
    script = (
        "import config.settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
        "s.DATABASES['default'].get('OPTIONS', {}).get('transaction_mode'), s.ALLOWED_HOSTS)"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_development_defaults_to_sqlite_in_wal_with_immediate_transactions_and_debug_off():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    debug, engine, cache, mode, hosts = result.stdout.split(" ", 4)
    assert debug == "False"
    assert engine == "django.db.backends.sqlite3"
    assert cache == "django.core.cache.backends.locmem.LocMemCache"
    assert mode == "IMMEDIATE"


def test_debug_only_when_asked():
    assert load_settings(DJANGO_DEBUG="1").stdout.startswith("True ")


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DJANGO_ENV="production", ALLOWED_HOSTS="mmn.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_settings(DJANGO_ENV="production", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is required" in result.stderr


def test_production_starts_when_configured_and_reads_database_and_redis_urls():
    result = load_settings(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="mmn.example.org,www.mmn.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/mmn",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql" in result.stdout
    assert "RedisCache" in result.stdout
    assert "['mmn.example.org', 'www.mmn.example.org']" in result.stdout


@pytest.mark.parametrize("value", ["staging", "prod"])
def test_unknown_environment_name_is_refused(value):
    result = load_settings(DJANGO_ENV=value)
    assert result.returncode != 0
    assert "DJANGO_ENV must be" in result.stderr
