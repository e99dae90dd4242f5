"""Running `manage.py backup` and `manage.py restore` as the tests in test_backup_*.py do:
what each engine's backup file looks like, and the markers for PostgreSQL-only tests and
for tests that need committed data."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection

ENGINE = {
    "sqlite": SimpleNamespace(suffix=".sqlite3", magic=b"SQLite format 3\x00"),
    "postgresql": SimpleNamespace(suffix=".pgdump", magic=b"PGDMP"),
}

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump runs only for a PostgreSQL site"
)

# Backing up and restoring read and replace committed data; the categories, which the
# migrations create and a transactional test's flush removes, are put back for each test.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run(command: str, *args: str, **options) -> str:
    """What `manage.py <command>` prints; CommandError when it refuses."""
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()
