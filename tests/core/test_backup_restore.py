"""`manage.py restore`: it brings back exactly what was backed up and drops what was posted after,
or refuses and changes nothing: for a missing file, a file that is not a backup, a database of
another site, a backup of the other engine, a damaged backup, a restore that fails halfway, or a
"no" when it asks first. Every test runs on the configured database: SQLite by default,
PostgreSQL with DATABASE_URL. Backing up needs committed data and no open transaction, hence
transaction=True."""

import os
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import CommandError
from django.db import connection
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from audit.models import AuditEntry
from forum.models import AuditAction, Comment, Thread
from forum.moderation import decisions
from tests.conftest import Page
from tests.core.backup_commands import ENGINE, committed, on_postgresql, run

OTHER_ENGINE = {"sqlite": "postgresql", "postgresql": "sqlite"}

# A word only the backed-up reply holds (Dycem: a non-slip mat that helps a weak grip), and one
# only a reply posted after the backup holds.
BACKED_UP_WORD = "Dycem"
LATER_WORD = "Velcro"


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


# Files it refuses --------------------------------------------------------------------------------


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


# Nothing changes unless it all does --------------------------------------------------------------


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


# It asks first -----------------------------------------------------------------------------------


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
