"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def import_settings(expression: str, **env: str) -> subprocess.CompletedProcess:
    """Import config.settings in a fresh interpreter with exactly `env` set (none of the
    machine's own settings variables), and print `expression` of it (`s` is the module)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SITE_", "ALLOWED_HOSTS", "PORT"))
    }
    return subprocess.run(
        [sys.executable, "-c", f"import config.settings as s; print({expression})"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def load_settings(**env: str) -> subprocess.CompletedProcess:
    return import_settings(
        "s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
        "s.DATABASES['default'].get('OPTIONS', {}).get('transaction_mode'), s.ALLOWED_HOSTS",
        **env,
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
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        MFA_SECRET_KEY=FERNET_KEY,
        SITE_URL="https://mmn.example.org",
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


FERNET_KEY = "bW1uLWNvbW11bml0eS10ZXN0LWtleS0zMi1ieXRlcyE="  # 32 bytes, url-safe base64

PRODUCTION = {
    "MFA_SECRET_KEY": FERNET_KEY,
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "mmn.example.org",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://mmn.example.org",
}


def test_production_refuses_debug_pages():
    result = load_settings(**{**PRODUCTION, "DJANGO_DEBUG": "1"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG cannot be on" in result.stderr


@pytest.mark.parametrize("backend", ["console", "locmem"])
def test_production_refuses_to_write_sign_in_emails_to_the_logs(backend):
    env = {**PRODUCTION, "EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend"}
    result = load_settings(**env)
    assert result.returncode != 0
    assert "Set EMAIL_BACKEND to a real backend" in result.stderr


def test_production_refuses_to_start_without_a_key_for_two_factor_secrets():
    result = load_settings(**{**PRODUCTION, "MFA_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "MFA_SECRET_KEY is required" in result.stderr


def test_a_malformed_key_for_two_factor_secrets_is_refused_at_start():
    result = load_settings(**{**PRODUCTION, "MFA_SECRET_KEY": "not-a-key"})
    assert result.returncode != 0
    assert "MFA_SECRET_KEY must be" in result.stderr


def test_sqlite_connections_run_in_wal_mode(tmp_path):
    script = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('PRAGMA journal_mode'); "
        "print(cursor.fetchone()[0])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'wal.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"


def _setting(expression: str, **env: str) -> str:
    result = import_settings(expression, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_refuses_to_start_with_a_cache_each_worker_keeps_to_itself():
    env = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    result = load_settings(**env)
    assert result.returncode != 0
    assert "Production needs a cache shared by every worker" in result.stderr
    assert "REDIS_URL" in result.stderr


def test_production_may_choose_the_database_as_its_shared_cache():
    env = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    assert (
        _setting("s.CACHES['default']['BACKEND']", **env, DATABASE_CACHE="1")
        == "django.core.cache.backends.db.DatabaseCache"
    )


def test_production_refuses_to_start_without_its_public_address():
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = load_settings(**env)
    assert result.returncode != 0
    assert "SITE_URL is required" in result.stderr


def test_in_development_links_in_emails_follow_the_port_make_run_serves_on():
    assert _setting("s.SITE_URL", PORT="8123") == "http://127.0.0.1:8123"
    assert _setting("s.SITE_URL") == "http://127.0.0.1:8000"


def test_postgresql_gives_up_on_a_silent_server_and_a_long_statement():
    options = _setting(
        "s.DATABASES['default']['OPTIONS']", DATABASE_URL="postgres://postgres@127.0.0.1/mmn"
    )
    assert "'connect_timeout': 5" in options
    assert "-c statement_timeout=5s" in options


@pytest.mark.parametrize(("asked", "threshold"), [(None, "5"), ("0", "None"), ("1", "5")])
def test_postgresql_prepares_repeated_statements_unless_told_not_to(asked, threshold):
    """Off for a connection pooler that cannot keep prepared statements."""
    env = {"DATABASE_URL": "postgres://postgres@127.0.0.1/mmn"}
    if asked is not None:
        env["DATABASE_PREPARED_STATEMENTS"] = asked
    options = "s.DATABASES['default']['OPTIONS']"
    found = _setting(f"{options}['prepare_threshold'], {options}['server_side_binding']", **env)
    assert found == f"{threshold} {threshold != 'None'}"


def test_redis_gives_up_on_a_silent_server():
    options = _setting("s.CACHES['default']['OPTIONS']", REDIS_URL="redis://127.0.0.1:6379/0")
    assert options == "{'socket_connect_timeout': 3, 'socket_timeout': 3}"


def test_the_page_caches_are_off_with_the_database_cache():
    """Their versions would be rows every forum write locks, and their pages would push the
    sign-in limits out of a cache that culls a third of its keys when full."""
    env = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    with_database_cache = {**env, "DATABASE_CACHE": "1", "PAGE_CACHE_SECONDS": "60"}

    assert _setting("s.PAGE_CACHE_SECONDS", **with_database_cache) == "0"
    assert _setting("s.PAGE_CACHE_SECONDS", **PRODUCTION) == "60"


def test_a_sqlite_site_never_loads_the_postgresql_driver(tmp_path):
    """A page and an API list served on SQLite leave psycopg unloaded: 10 MB of a worker."""
    script = (
        "import sys, django; django.setup(); from django.test import Client; "
        "client = Client(HTTP_HOST='localhost'); "
        "assert client.get('/').status_code == 200; "
        "assert client.get('/api/v1/categories/').status_code == 200; "
        "print(sorted(name for name in sys.modules if name.startswith('psycopg')))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    database = tmp_path / "site.sqlite3"
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    for arguments in (["manage.py", "migrate", "-v0"], ["-c", script]):
        result = subprocess.run(
            [sys.executable, *arguments],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
