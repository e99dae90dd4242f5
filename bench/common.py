"""What the benchmarks share: they fill a database of their own, never the site's."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def refuse_unless_bench(url: str) -> None:
    import dj_database_url

    name = str(dj_database_url.parse(url)["NAME"])
    if "bench" not in Path(name).name:
        sys.exit(f"Refusing to fill {name!r}: the benchmark database's name must contain 'bench'.")


def prepare_database(url: str, *, fresh: bool) -> None:
    """Create the PostgreSQL database if missing (or empty either kind, with --fresh)."""
    import dj_database_url

    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{config['NAME']}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    ) as admin:
        name = sql.Identifier(config["NAME"])
        if fresh:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(name))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The demo content notifies members; nobody needs those emails on the terminal.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    import django

    django.setup()
