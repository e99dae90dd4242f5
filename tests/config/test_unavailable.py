"""When the database or the cache stops answering, members get a page that says so within
seconds (503, with Retry-After), the app gets the API's error shape, `/healthz` names the part
that failed, and nothing is half-written."""

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from forum.models import Comment

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter with the environment the test chooses: each address is asked at
# once, from its own thread, as a proxy would send them; prints status, seconds and body.
ASK = """
import json, sys, threading, time
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client

results = {}

def ask(path):
    started = time.monotonic()
    response = Client(raise_request_exception=False).get(path)
    results[path] = {
        "status": response.status_code,
        "seconds": round(time.monotonic() - started, 2),
        "retry_after": response.get("Retry-After"),
        "type": response.get("Content-Type"),
        "body": response.content.decode(),
    }

threads = [threading.Thread(target=ask, args=(path,)) for path in sys.argv[1:]]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(results))
"""


class SilentServer:
    """A TCP server on loopback that accepts every connection and never says a word: a database
    or a Redis that has hung."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self):
        self.socket.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


def ask(paths: list[str], **env: str) -> dict:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    result = subprocess.run(
        [sys.executable, "-c", ASK, *paths],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_database_that_never_answers_gives_503_pages_within_ten_seconds(silent_server):
    answers = ask(
        ["/healthz", "/", "/c/treatment/", "/api/v1/categories/"],
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{silent_server.port}/mmn",
    )

    for path, answer in answers.items():
        assert answer["status"] == 503, (path, answer)
        # One connection attempt of 5 s (DATABASE_CONNECT_TIMEOUT), not two: the 503 page is
        # made without asking the database again (no session, no member, no header counts).
        assert answer["seconds"] < 8, (path, answer)
        assert answer["retry_after"] == "30"
    assert json.loads(answers["/healthz"]["body"]) == {
        "status": "error",
        "database": "unavailable",
        "cache": "ok",
    }
    assert "The forum is unavailable for a moment" in answers["/"]["body"]
    assert "your words are kept in this browser" in answers["/c/treatment/"]["body"]
    assert json.loads(answers["/api/v1/categories/"]["body"])["error"]["code"] == "unavailable"


def test_a_cache_that_never_answers_is_named_by_the_health_check(silent_server, tmp_path):
    answers = ask(
        ["/healthz"],
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        REDIS_URL=f"redis://127.0.0.1:{silent_server.port}/0",
    )

    answer = answers["/healthz"]
    assert answer["status"] == 503
    assert answer["seconds"] < 10
    assert json.loads(answer["body"]) == {
        "status": "error",
        "database": "ok",
        "cache": "unavailable",
    }


sqlite_only = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "sqlite").split(":")[0] != "sqlite",
    reason="read-only and full are SQLite's own failures",
)


@sqlite_only
def test_a_read_only_database_answers_a_reply_with_a_503_page_and_saves_nothing(
    signed_in, thread, forum_state
):
    before = forum_state()
    signed_in.raise_request_exception = False  # answer as the site does, not with the error
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON")
    try:
        response = signed_in.post(thread.get_absolute_url() + "reply/", {"body": "Same here."})
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")

    assert response.status_code == 503
    assert "The forum is unavailable for a moment" in response.content.decode()
    assert forum_state() == before


@sqlite_only
def test_a_full_database_answers_a_reply_with_a_503_page_and_saves_nothing(
    signed_in, thread, forum_state
):
    before = forum_state()
    signed_in.raise_request_exception = False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA max_page_count")
        limit = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
    try:
        body = "Every four weeks, five days in a row. " * 400  # needs pages the file cannot grow
        response = signed_in.post(thread.get_absolute_url() + "reply/", {"body": body})
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {limit}")

    assert response.status_code == 503
    assert forum_state() == before
    assert not Comment.objects.filter(body__startswith="Every four weeks, five days").exists()
