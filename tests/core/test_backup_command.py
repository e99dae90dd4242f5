"""`manage.py backup`: a backup the volunteer can trust, whole or no file at all. It goes to the
backups folder named for the engine and the time, readable by its owner only; it never overwrites
a file nor leaves a half-written one behind; it refuses a folder it cannot write to; it keeps the
PostgreSQL password out of pg_dump's arguments; and, like restore, it refuses a database engine
it does not support. Every test runs on the configured database: SQLite by default, PostgreSQL
with DATABASE_URL. Backing up needs committed data and no open transaction, hence
transaction=True."""

import os
import re
import sqlite3
import stat
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.db import connection

from tests.core.backup_commands import ENGINE, committed, on_postgresql, run


@committed
def test_backup_goes_to_the_backups_folder_named_for_the_engine_and_time(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    engine = ENGINE[connection.vendor]

    output = run("backup")

    [backup] = (tmp_path / "backups").iterdir()
    assert re.fullmatch(rf"mmn-{connection.vendor}-\d{{8}}-\d{{6}}\{engine.suffix}", backup.name)
    assert backup.read_bytes().startswith(engine.magic)
    last_line = output.splitlines()[-1]
    assert last_line.startswith(f"Backup written: {backup} (")
    assert re.search(r"\(\d+(\.\d)? (bytes|KB|MB)\)$", last_line)
    # It holds every member's email address and health posts: for its owner's eyes only.
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


@committed
def test_a_finished_backup_leaves_no_temporary_file_beside_it(tmp_path):
    run("backup", output=str(tmp_path / "nightly.backup"))

    assert [path.name for path in tmp_path.iterdir()] == ["nightly.backup"]


@pytest.mark.django_db
def test_backup_never_overwrites_an_existing_file(tmp_path):
    existing = tmp_path / "yesterday.backup"
    existing.write_bytes(b"yesterday's backup")

    with pytest.raises(CommandError, match="already exists"):
        run("backup", output=str(existing))

    assert existing.read_bytes() == b"yesterday's backup"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "output",
    [
        pytest.param("notes.txt/", id="a file where the folder should be"),
        pytest.param("notes.txt/backups/", id="a folder that cannot be made"),
    ],
)
def test_backup_refuses_a_folder_it_cannot_write_to(tmp_path, output):
    (tmp_path / "notes.txt").write_text("not a folder")

    with pytest.raises(CommandError, match=r"Cannot write a backup in .*notes\.txt"):
        run("backup", output=f"{tmp_path}/{output}")

    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


@pytest.fixture
def failing_copy(monkeypatch, tmp_path):
    """The copy fails halfway, as when the disk fills up: SQLite runs out of room after a few
    pages; pg_dump writes the start of an archive, then loses its connection."""
    if connection.vendor == "sqlite":
        real_connect = sqlite3.connect

        def connect_to_a_small_disk(path, *args, **kwargs):
            database = real_connect(path, *args, **kwargs)
            if str(path).endswith(".part"):
                database.execute("PRAGMA max_page_count = 3")
            return database

        monkeypatch.setattr(sqlite3, "connect", connect_to_a_small_disk)
        return "database or disk is full"
    fake_pg_dump(
        monkeypatch,
        tmp_path,
        "for arg; do case $arg in --file=*) out=${arg#--file=};; esac; done\n"
        'printf "PGDMP half an archive" > "$out"\n'
        'echo "pg_dump: error: connection to server lost" >&2\n'
        "exit 1\n",
    )
    return "pg_dump: error: connection to server lost"


def fake_pg_dump(monkeypatch, tmp_path, script: str) -> None:
    """Put a pg_dump of our own, running the shell `script`, first on PATH."""
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    tool = folder / "pg_dump"
    tool.write_text(f"#!/bin/sh\n{script}")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


@committed
def test_a_failed_backup_leaves_no_file_behind(failing_copy, tmp_path):
    folder = tmp_path / "backups"

    with pytest.raises(CommandError, match=re.escape(failing_copy)):
        run("backup", output=f"{folder}/")

    assert list(folder.iterdir()) == []


@on_postgresql
@committed
def test_backup_gives_pg_dump_the_password_in_its_environment_not_its_arguments(
    monkeypatch, tmp_path
):
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "grip-aid-kitchen-42")
    seen = tmp_path / "seen"
    fake_pg_dump(
        monkeypatch,
        tmp_path,
        f'echo "$@" > {seen}.arguments\necho "$PGPASSWORD" > {seen}.password\nexit 1\n',
    )

    with pytest.raises(CommandError):
        run("backup", output=f"{tmp_path}/")

    assert "grip-aid-kitchen-42" not in Path(f"{seen}.arguments").read_text()
    assert connection.settings_dict["NAME"] in Path(f"{seen}.arguments").read_text()
    assert Path(f"{seen}.password").read_text().strip() == "grip-aid-kitchen-42"


@on_postgresql
@pytest.mark.django_db
def test_backup_says_so_when_pg_dump_is_not_installed(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(CommandError, match="pg_dump was not found"):
        run("backup", output=f"{tmp_path}/")

    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["backup", "restore"])
def test_an_unsupported_database_engine_is_refused(monkeypatch, tmp_path, command):
    monkeypatch.setattr(connection, "vendor", "mysql")
    monkeypatch.setattr(connection, "display_name", "MySQL")
    arguments, options = {
        "backup": ([], {"output": f"{tmp_path}/"}),
        "restore": ([str(tmp_path / "any.backup")], {"interactive": False}),
    }[command]

    with pytest.raises(CommandError, match="Backups work for SQLite and PostgreSQL; .* MySQL"):
        run(command, *arguments, **options)

    assert list(tmp_path.iterdir()) == []
