"""Backing up the site's database into one file, and putting such a file back: the logic behind
`manage.py backup` and `manage.py restore` (core/management/commands/), which only parse
arguments, ask for confirmation and print.

SQLite is copied with SQLite's online backup API through Django's own connection: the copy is one
consistent moment while a site in WAL mode keeps serving, and a restore copies into the live file,
so running servers see the restored data on their next connection. PostgreSQL is dumped with
`pg_dump --format=custom` and put back by psql, from `pg_restore`'s SQL, in a single transaction
that first empties the schema. The connection
details come from settings.DATABASES["default"]; a password travels in PGPASSWORD, never in the
arguments, which any user of the machine can read in the process list.
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

Report = Callable[[str], None]

# A restore is refused for a file that is not a backup of this site: one whose migrations never
# created the forum's tables (another program's database, another Django project's dump).
SITE_APP = "forum"
SITE_TABLE = "forum_thread"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, or that failed; the message says why and what
    to do, in words for the volunteer running it."""


@dataclass(frozen=True)
class Engine:
    vendor: str  # Django's connection.vendor
    label: str
    suffix: str
    magic: bytes  # how a backup of this engine starts


SQLITE = Engine("sqlite", "SQLite", ".sqlite3", b"SQLite format 3\x00")
POSTGRESQL = Engine("postgresql", "PostgreSQL", ".pgdump", b"PGDMP")
ENGINES = (SQLITE, POSTGRESQL)


@dataclass(frozen=True)
class Backup:
    """A backup file checked by `check_backup`: it exists, is of this site's engine, and reads."""

    path: Path
    engine: Engine
    size: int
    modified: datetime


def site_database() -> BaseDatabaseWrapper:
    """Django's connection to the database the site runs on (settings.DATABASES["default"])."""
    return connections[DEFAULT_DB_ALIAS]


def engine_of(connection: BaseDatabaseWrapper) -> Engine:
    """The engine of `connection`, or BackupError for one these commands cannot back up."""
    for engine in ENGINES:
        if connection.vendor == engine.vendor:
            return engine
    raise BackupError(
        f"Backups work for SQLite and PostgreSQL; this site's database is "
        f"{connection.display_name} ({connection.settings_dict['ENGINE']}). Use that database's "
        "own backup tools."
    )


def describe_database(connection: BaseDatabaseWrapper) -> str:
    """The database in words a volunteer recognises: which file, or which server and name."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            return "the in-memory SQLite database"
        return f"the SQLite database {name}"
    host = connection.settings_dict.get("HOST") or "the local socket"
    port = connection.settings_dict.get("PORT")
    where = f"{host}:{port}" if port else host
    return f'the {connection.display_name} database "{name}" on {where}'


def format_size(size: int) -> str:
    """A file size as people read it: "812 bytes", "42.3 KB", "1.2 MB" (powers of 1,000)."""
    if size < 1_000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1e3:.1f} KB"
    if size < 1_000_000_000:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e9:.1f} GB"


def backup_destination(output: str | None, engine: Engine, now: datetime) -> Path:
    """Where a backup goes: `output` when it names a file; a timestamped name saying the engine
    (mmn-sqlite-20261202-031500.sqlite3) inside `output` when it is a folder, or inside the
    project's backups/ folder when no output is given."""
    name = f"mmn-{engine.vendor}-{timezone.localtime(now):%Y%m%d-%H%M%S}{engine.suffix}"
    if output is None:
        return Path(settings.BASE_DIR) / "backups" / name
    path = Path(output).expanduser()
    if path.is_dir() or output.endswith(("/", os.sep)):
        return path / name
    return path


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int


def create_backup(*, output: str | None = None, report: Report) -> BackupResult:
    """Write a backup of the site's database to `output` (see `backup_destination`).

    Guarantees: the file appears under its final name only once it is complete and has been read
    back (SQLite's quick_check, or pg_restore listing its contents), so a file with a backup's
    name is a whole backup; on any failure nothing is left behind, neither under that name nor
    under the temporary one. An existing file is never overwritten. The file is readable by its
    owner only: it holds members' email addresses and health posts. Raises BackupError."""
    connection = site_database()
    engine = engine_of(connection)
    pg_dump = _postgresql_tool("pg_dump") if engine is POSTGRESQL else None
    destination = backup_destination(output, engine, timezone.now())
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose another name with --output.")
    temporary = _temporary_file_beside(destination)
    try:
        _refuse_inside_transaction(connection, "back up")
        report(f"Backing up {describe_database(connection)} into {destination.parent}")
        started = time.monotonic()
        if engine is SQLITE:
            _copy_sqlite(connection, temporary)
        else:
            _run_postgresql_tool(
                pg_dump,
                [
                    "--format=custom",
                    f"--file={temporary}",
                    f"--dbname={connection.settings_dict['NAME']}",
                ],
                connection.settings_dict,
                failure="pg_dump could not back up the database",
            )
        report(f"Copied in {time.monotonic() - started:.2f} s")
        _verify(temporary, engine)
        report("Checked the copy: it reads back whole")
        _sync_to_disk(temporary)
        os.replace(temporary, destination)
    except BaseException as error:
        _remove_with_sidecars(temporary)
        if isinstance(error, OSError):
            raise BackupError(f"Could not write the backup {destination}: {error}.") from error
        raise
    return BackupResult(path=destination, size=destination.stat().st_size)


def check_backup(path: str | Path) -> Backup:
    """The backup at `path`, checked before anything is replaced: it exists, it is a backup of
    this site (a SQLite database or a pg_dump custom archive holding the forum's tables), of
    the engine the site runs on, and it reads back whole. Raises BackupError saying which check
    failed. Changes nothing."""
    engine = engine_of(site_database())
    path = Path(path).expanduser()
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    with path.open("rb") as file:
        header = file.read(len(SQLITE.magic))
    kind = next((candidate for candidate in ENGINES if header.startswith(candidate.magic)), None)
    if kind is None:
        raise BackupError(
            f"{path} is not a backup made by `manage.py backup`: it is neither a SQLite database "
            "nor a pg_dump custom-format file."
        )
    if kind is not engine:
        raise BackupError(
            f"{path} is a {kind.label} backup, but this site runs on {engine.label}. Restore it "
            f"on a site whose DATABASE_URL points at {kind.label}."
        )
    _verify(path, engine)
    stat = path.stat()
    modified = timezone.localtime(datetime.fromtimestamp(stat.st_mtime, tz=UTC))
    return Backup(path=path, engine=engine, size=stat.st_size, modified=modified)


def restore_backup(backup: Backup, *, report: Report) -> None:
    """Replace everything in the site's database with `backup` (from `check_backup`), then
    clear the cache.

    Guarantees: all or nothing. SQLite's backup API copies the whole file in one write
    transaction or raises, leaving the live database as it was; on PostgreSQL the schema is
    emptied and the backup replayed in a single transaction that is rolled back on the first
    error. Sessions and rate limits counted since
    the backup are in the cache; it is cleared only after the data is back. Raises BackupError
    (the live data untouched) when the restore fails."""
    connection = site_database()
    _refuse_inside_transaction(connection, "restore")
    report(f"Restoring {backup.path} into {describe_database(connection)}")
    started = time.monotonic()
    if backup.engine is SQLITE:
        _restore_sqlite(connection, backup.path)
    else:
        _restore_postgresql(connection, backup.path)
    report(f"Restored in {time.monotonic() - started:.2f} s")
    for cache in caches.all():
        cache.clear()
    report(
        "Cleared the cache: sessions and rate limits recorded since the backup are gone; "
        "members who signed in since then sign in again"
    )
    if any(isinstance(cache, LocMemCache) for cache in caches.all()):
        report(
            "The cache is in each server's memory (REDIS_URL is not set): restart the site's "
            "servers so they forget theirs too"
        )
    report(_schema_status(connection))


# Run first, in the restore's own transaction: the schema is emptied whole, so tables that a
# newer version of the code added (which the backup knows nothing of, and which may point at
# the backup's tables) go too, and the backup comes back exactly as it was made.
_EMPTY_THE_SCHEMA = "DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"


def _restore_postgresql(connection: BaseDatabaseWrapper, source: Path) -> None:
    """pg_restore turns the archive into SQL; psql runs it after emptying the schema, all in one
    transaction that is rolled back on the first error."""
    script = _run_postgresql_tool(
        _postgresql_tool("pg_restore"),
        # Onto a new server the roles of the old one may not exist: the tables take this site's
        # user as owner, and no grant of the old server is replayed.
        ["--no-owner", "--no-privileges", "--file=-", str(source)],
        {},
        failure=f"{source} is damaged and cannot be used",
    )
    # Django's own connection would hold locks that dropping the tables waits for.
    connection.close()
    _run_postgresql_tool(
        _postgresql_tool("psql"),
        [
            "--no-psqlrc",
            "--quiet",
            "--set=ON_ERROR_STOP=1",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
        ],
        connection.settings_dict,
        failure=(
            "The backup could not be restored. It ran in one transaction, which was rolled "
            "back: the live database is as it was"
        ),
        stdin=_EMPTY_THE_SCHEMA + script,
    )


def _refuse_inside_transaction(connection: BaseDatabaseWrapper, doing: str) -> None:
    # SQLite's backup API waits forever for a write transaction held by its own connection, and
    # a PostgreSQL restore closes Django's connection, which would end one half done.
    if connection.in_atomic_block:
        raise BackupError(f"Cannot {doing} inside a database transaction; run the command alone.")


def _temporary_file_beside(destination: Path) -> Path:
    """An empty file, private to its owner, in the destination's folder (so the final rename is
    atomic: same file system), named so nobody takes it for a finished backup."""
    folder = destination.parent
    if folder.exists() and not folder.is_dir():
        raise BackupError(f"Cannot write a backup in {folder}: it is a file, not a folder.")
    try:
        # Owner only: the backups hold every member's email address and posts.
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{destination.name}.", suffix=".part")
    except OSError as error:
        raise BackupError(
            f"Cannot write a backup in {folder}: {error.strerror or error}. Choose a folder this "
            "user can write to with --output."
        ) from error
    os.close(handle)
    return Path(name)


def _remove_with_sidecars(path: Path) -> None:
    # SQLite keeps a rollback journal beside a file while it writes.
    for suffix in ("", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _sync_to_disk(path: Path) -> None:
    # Renamed after a crash or power cut, an unsynced file can be a whole name over missing data.
    with path.open("rb") as file:
        os.fsync(file.fileno())


def _copy_sqlite(connection: BaseDatabaseWrapper, destination: Path) -> None:
    connection.ensure_connection()
    try:
        with closing(sqlite3.connect(destination)) as copy:
            connection.connection.backup(copy)
            # The copy inherits WAL mode from a live database; a backup is one standalone file.
            copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not back up the database: {error}.") from error


def _restore_sqlite(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Copy the backup into a scratch file first and check every page of that copy; only a
    copy that reads back whole is copied over the live database. SQLite's backup API writes the
    destination as it reads the source, so a damaged source read straight into the live
    database could leave it half-overwritten."""
    connection.ensure_connection()
    try:
        with (
            tempfile.TemporaryDirectory(prefix="mmn-restore-") as scratch,
            closing(sqlite3.connect(Path(scratch) / "staged.sqlite3")) as staged,
        ):
            with closing(sqlite3.connect(_read_only_uri(source), uri=True)) as backup:
                backup.backup(staged)
            [verdict] = staged.execute("PRAGMA integrity_check(1)").fetchone()
            if verdict != "ok":
                raise BackupError(
                    f"{source} is damaged and cannot be used: {verdict}. The live database is "
                    "as it was."
                )
            staged.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(
            f"SQLite could not restore the backup ({error}); the live database is as it was."
        ) from error


def _read_only_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def _verify(path: Path, engine: Engine) -> None:
    """BackupError unless the file at `path` reads back whole and holds this site's tables."""
    if engine is SQLITE:
        try:
            with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as database:
                [verdict] = database.execute("PRAGMA quick_check(1)").fetchone()
                has_site = verdict == "ok" and _has_site_migrations(database)
        except sqlite3.Error as error:
            raise BackupError(f"{path} is damaged and cannot be used: {error}.") from error
        if verdict != "ok":
            raise BackupError(f"{path} is damaged and cannot be used: {verdict}.")
    else:
        listing = _run_postgresql_tool(
            _postgresql_tool("pg_restore"),
            ["--list", str(path)],
            {},
            failure=f"{path} is damaged and cannot be used",
        )
        has_site = re.search(rf"^\d+; \d+ \d+ TABLE \S+ {SITE_TABLE} ", listing, re.M) is not None
    if not has_site:
        raise BackupError(
            f"{path} is a {engine.label} database file, but not a backup of this site: it has "
            "no forum tables."
        )


def _has_site_migrations(database: sqlite3.Connection) -> bool:
    tables = database.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'")
    if tables.fetchone() is None:
        return False
    applied = database.execute("SELECT 1 FROM django_migrations WHERE app = ?", [SITE_APP])
    return applied.fetchone() is not None


def _postgresql_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install the PostgreSQL client tools of the server's "
            "version (on Debian: apt-get install postgresql-client)."
        )
    return path


def _run_postgresql_tool(
    tool: str,
    arguments: list[str],
    database: Mapping[str, Any],
    *,
    failure: str,
    stdin: str | None = None,
) -> str:
    """Run pg_dump, pg_restore or psql against `database` (a settings.DATABASES entry; empty
    for a command that reads only a file), with `stdin` as its input; its standard output, or
    BackupError with its stderr."""
    command = [tool, "--no-password", *_connection_arguments(database), *arguments]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = sslmode
    # A list of arguments, never a shell: nothing in them is interpreted.
    result = subprocess.run(  # noqa: S603
        command, env=environment, input=stdin, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        details = result.stderr.strip() or f"it exited with status {result.returncode}"
        raise BackupError(f"{failure}:\n{details}")
    return result.stdout


def _connection_arguments(database: Mapping[str, Any]) -> list[str]:
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            arguments.append(f"{option}={database[key]}")
    return arguments


def _schema_status(connection: BaseDatabaseWrapper) -> str:
    """Whether the restored tables match this code's migrations, and what to run if not."""
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    unknown = set(executor.loader.applied_migrations) - set(executor.loader.graph.nodes)
    if unknown:
        return (
            f"Warning: the backup was made by a newer version of the site ({len(unknown)} "
            "migrations this code does not know). Run that version of the code with it."
        )
    if pending:
        return (
            f"The backup is older than this code: run `manage.py migrate` now to apply "
            f"{len(pending)} migrations."
        )
    return "The restored tables match this code's migrations"
