"""`manage.py backup` and `manage.py restore`: a backup the volunteer can trust (whole, or no file
at all), and a restore that brings back exactly what was backed up, or refuses and changes
nothing. Every test runs on the configured database: SQLite by default, PostgreSQL with
DATABASE_URL. Backing up needs committed data and no open transaction, hence transaction=True."""

import io
import os
import re
import sqlite3
import stat
import subprocess
from collections.abc import Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from audit.models import AuditEntry
from forum.models import AuditAction, Comment, Thread
from forum.moderation import decisions
from tests.conftest import Page

ENGINE = {
    "sqlite": SimpleNamespace(suffix=".sqlite3", magic=b"SQLite format 3\x00"),
    "postgresql": SimpleNamespace(suffix=".pgdump", magic=b"PGDMP"),
}
OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}
# A word only the backed-up reply holds (Dycem: a non-slip mat that helps a weak grip), and one
# only a reply posted after the backup holds.
BACKED_UP_WORD = "Dycem"
LATER_WORD = "Velcro"

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


def forum_state() -> dict:
    """Every member, thread, comment and audit entry, as plain values."""
    return {
        "members": list(User.objects.order_by("pk").values()),
        "threads": list(Thread.objects.order_by("pk").values()),
        "comments": list(Comment.objects.order_by("pk").values()),
        "audit": list(AuditEntry.objects.order_by("pk").values()),
    }


@pytest.fixture
def community(make_member, make_moderator, make_thread, make_reply):
    """A small forum written as the site writes it: members post, a moderator acts."""
    member = make_member("hannah_mmn", role="mmn", region="uk")
    carer = make_member("carer_dave", role="carer", region="us")
    moderator = make_moderator("jane_volunteer")
    thread = make_thread(
        member, title="Kitchen tips for weak hands", body="What helps you open jars?"
    )
    reply = make_reply(
        carer, thread, body=f"A {BACKED_UP_WORD} mat under the jar stops it turning."
    )
    other = make_thread(carer, title="IVIg every three weeks", body="How do you plan around it?")
    unkind = make_reply(member, other, body="This reply will be hidden by a moderator.")
    decisions.thread_set(
        moderator=moderator, thread=thread, action=AuditAction.PIN, reason="Useful"
    )
    decisions.comment_hide(moderator=moderator, comment=unkind, reason="Off topic")
    account_services.member_suspend(
        moderator=moderator, member=carer, until=timezone.now() + timedelta(days=1), reason="Test"
    )
    return SimpleNamespace(member=member, moderator=moderator, thread=thread, reply=reply)


@pytest.fixture
def backup_file(tmp_path) -> Callable[[], Path]:
    """backup_file(): back up the database as it is now, through the command; the file's path."""

    def make() -> Path:
        folder = tmp_path / "made"
        run("backup", output=f"{folder}/")
        [path] = folder.iterdir()
        return path

    return make


@committed
def test_restore_brings_back_the_backup_and_drops_what_was_posted_after(
    community, backup_file, make_member, make_thread, make_reply, client
):
    """A journey: post, back up, post more, restore, then read the site."""
    backed_up = forum_state()
    backup = backup_file()
    newcomer = make_member("late_joiner")
    late_thread = make_thread(newcomer, title="Posted after the backup", body="Lost on restore.")
    late_reply = make_reply(newcomer, community.thread, body=f"{LATER_WORD} straps help me.")
    decisions.thread_set(
        moderator=community.moderator, thread=community.thread, action=AuditAction.LOCK
    )
    cache.set("rate-limit-counted-after-the-backup", 1)
    assert forum_state() != backed_up
    assert search_hits(client, LATER_WORD) == [f"/comments/{late_reply.pk}/"]

    output = run("restore", str(backup), interactive=False)

    assert forum_state() == backed_up
    assert len(backed_up["audit"]) == 3
    assert not User.objects.filter(pk=newcomer.pk).exists()
    assert not Thread.objects.filter(pk=late_thread.pk).exists()
    assert not Comment.objects.filter(pk=late_reply.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.LOCK).exists()
    assert cache.get("rate-limit-counted-after-the-backup") is None
    assert "Cleared the cache" in output
    assert output.splitlines()[-1] == "Restore complete."

    assert client.get("/").status_code == 200
    thread_page = client.get(community.thread.get_absolute_url())
    assert thread_page.status_code == 200
    assert BACKED_UP_WORD in Page(thread_page.content.decode()).text
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["database"] == "ok"
    assert search_hits(client, BACKED_UP_WORD) == [f"/comments/{community.reply.pk}/"]
    assert search_hits(client, LATER_WORD) == []


def search_hits(client, word: str) -> list[str]:
    response = client.get("/search/", {"q": word.lower()})
    assert response.status_code == 200
    return [
        link["href"] for link in Page(response.content.decode()).links_within("search-hit-title")
    ]


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


@pytest.mark.django_db
def test_restore_refuses_a_missing_file(member, tmp_path):
    with pytest.raises(CommandError, match="There is no backup file at .*missing.backup"):
        run("restore", str(tmp_path / "missing.backup"), interactive=False)

    assert User.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"display_name,email\nhannah_mmn,hannah@example.org\n", id="a CSV export"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_backup(member, tmp_path, content):
    path = tmp_path / "members.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError, match="is not a backup made by `manage.py backup`"):
        run("restore", str(path), interactive=False)

    assert User.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_restore_refuses_a_database_file_of_another_site(member, tmp_path):
    path = tmp_path / "other-site.backup"
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(path)) as other:
            other.execute("CREATE TABLE recipes (name TEXT)")
    else:
        # The server's own "postgres" database: a real archive, with none of our tables.
        pg_dump(connection.settings_dict, "postgres", path)

    with pytest.raises(CommandError, match="not a backup of this site: it has no forum tables"):
        run("restore", str(path), interactive=False)

    assert User.objects.filter(pk=member.pk).exists()


def pg_dump(settings_dict: dict, database: str, path: Path) -> None:
    arguments = ["pg_dump", "--format=custom", f"--file={path}", f"--dbname={database}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments.append(f"{option}={settings_dict[key]}")
    password = {"PGPASSWORD": settings_dict["PASSWORD"]} if settings_dict["PASSWORD"] else {}
    subprocess.run(arguments, check=True, env={**os.environ, **password})


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_the_other_engine(member, tmp_path):
    other = OTHER_ENGINE[connection.vendor]
    path = tmp_path / f"mmn-{other}-20261201-031500{ENGINE[other].suffix}"
    path.write_bytes(ENGINE[other].magic + b"\x00" * 200)

    with pytest.raises(CommandError, match="is a .* backup, but this site runs on"):
        run("restore", str(path), interactive=False)

    assert User.objects.filter(pk=member.pk).exists()


@committed
def test_a_damaged_backup_leaves_the_live_data_as_it_was(community, backup_file, make_member):
    backup = backup_file()
    make_member("late_joiner")
    live = forum_state()
    # Cut short by a copy that stopped early. SQLite's header then promises pages that are not
    # there (half of them: the last few bytes of a page are often unused, and cutting only those
    # damages nothing). A pg_dump archive keeps its table of contents at the start, so with its
    # last bytes cut pg_restore fails at the missing data, before the live database is touched.
    whole = backup.read_bytes()
    backup.write_bytes(whole[: len(whole) // 2] if connection.vendor == "sqlite" else whole[:-64])
    expected = "damaged"

    with pytest.raises(CommandError, match=expected):
        run("restore", str(backup), interactive=False)

    assert forum_state() == live


@on_postgresql
@committed
def test_a_restore_that_fails_halfway_is_rolled_back_whole(
    community, backup_file, make_member, monkeypatch
):
    backup = backup_file()
    make_member("late_joiner")
    live = forum_state()
    # The schema is emptied, then the restore fails: one transaction, so nothing of it stays.
    monkeypatch.setattr(
        "core.backup._EMPTY_THE_SCHEMA", "DROP SCHEMA public CASCADE;\nSELECT 1 / 0;\n"
    )

    with pytest.raises(CommandError, match="rolled back: the live database is as it was"):
        run("restore", str(backup), interactive=False)

    assert forum_state() == live


@on_postgresql
@committed
def test_restoring_a_backup_older_than_the_tables_drops_the_newer_ones(community, backup_file):
    backup = backup_file()
    # As a later migration would: a new table that points at one the backup restores.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE forum_bookmark (id serial PRIMARY KEY, "
            "thread_id bigint NOT NULL REFERENCES forum_thread (id))"
        )
        cursor.execute("INSERT INTO forum_bookmark (thread_id) SELECT id FROM forum_thread")

    run("restore", str(backup), interactive=False)

    assert "forum_bookmark" not in connection.introspection.table_names()
    assert forum_state()["threads"]


@committed
def test_restore_asks_first_and_answering_no_changes_nothing(
    community, backup_file, make_member, monkeypatch
):
    backup = backup_file()
    make_member("late_joiner")
    live = forum_state()
    questions = []
    monkeypatch.setattr("builtins.input", lambda question: questions.append(question) or "no")

    with pytest.raises(CommandError, match="Restore cancelled; the database was not changed"):
        run("restore", str(backup))

    assert forum_state() == live
    [question] = questions
    database = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else "SQLite"
    assert database in question
    assert "Type 'yes'" in question


@committed
def test_restore_goes_ahead_when_the_answer_is_yes(
    community, backup_file, make_member, monkeypatch
):
    backup = backup_file()
    newcomer = make_member("late_joiner")
    monkeypatch.setattr("builtins.input", lambda question: "yes")

    run("restore", str(backup))

    assert not User.objects.filter(pk=newcomer.pk).exists()
    assert User.objects.filter(pk=community.member.pk).exists()
