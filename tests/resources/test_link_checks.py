"""`manage.py check_resource_links`, against an HTTP server the tests start on 127.0.0.1.

The curated entries from the data migration point at real sites: every test unpublishes them,
and a guard fails any test whose check would leave this machine.
"""

import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from resources import linkcheck, services
from resources.models import LinkStatus, Resource

# Long enough that a --timeout 0.5 gives up on it, short enough that nothing waits for it.
SLOW_SECONDS = 2.0
ANSWERS = {"/ok": 200, "/forbidden": 403, "/missing": 404, "/error": 500}


class _Server(ThreadingHTTPServer):
    """Counts the requests it is answering at once, and the most it has answered at once."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0

    def handle_error(self, request, client_address) -> None:
        """A client that gave up on /slow leaves a broken pipe behind: expected, not news."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.in_flight += 1
            self.server.most_in_flight = max(self.server.most_in_flight, self.server.in_flight)
        try:
            self._answer()
        finally:
            with self.server.lock:
                self.server.in_flight -= 1

    def _answer(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/moved":
            self._send(301, location="/ok")
        elif url.path == "/slow":
            time.sleep(float(parse_qs(url.query).get("seconds", [SLOW_SECONDS])[0]))
            self._send(200)
        else:
            self._send(ANSWERS.get(url.path, 404))

    def _send(self, code: int, *, location: str = "") -> None:
        body = f"<p>{code}</p>".encode()
        self.send_response(code)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server()
    # A short poll so that shutdown() does not wait out the default half second.
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def base_url(server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


@pytest.fixture
def refused_url() -> str:
    """An address nothing listens on: a port the system just handed out, closed again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture(autouse=True)
def _only_this_tests_links(db, monkeypatch):
    """Unpublish the curated entries (they point at the internet), and fail a check that would
    reach beyond 127.0.0.1 anyway, before it makes any request."""
    Resource.objects.update(is_published=False)
    check_links = linkcheck.check_links

    def local_only(targets, **options):
        outside = [url for _, url in targets if urlsplit(url).hostname != "127.0.0.1"]
        assert not outside, f"The test would reach the internet: {outside}"
        return check_links(targets, **options)

    monkeypatch.setattr(linkcheck, "check_links", local_only)


def run(*args: str) -> str:
    out = StringIO()
    call_command("check_resource_links", *args, stdout=out)
    return out.getvalue()


def refreshed(*resources: Resource) -> list[Resource]:
    for resource in resources:
        resource.refresh_from_db()
    return list(resources)


def test_each_link_is_recorded_with_what_it_answered(make_resource, base_url, refused_url):
    ok = make_resource("Ok", url=f"{base_url}/ok", slug="ok")
    moved = make_resource("Moved", url=f"{base_url}/moved", slug="moved")
    forbidden = make_resource("Forbidden", url=f"{base_url}/forbidden", slug="forbidden")
    missing = make_resource("Missing", url=f"{base_url}/missing", slug="missing")
    error = make_resource("Error", url=f"{base_url}/error", slug="error")
    refused = make_resource("Refused", url=refused_url, slug="refused")
    before = timezone.now()

    run("--timeout", "3")

    ok, moved, forbidden, missing, error, refused = refreshed(
        ok, moved, forbidden, missing, error, refused
    )
    assert (ok.link_status, ok.link_status_code, ok.link_final_url) == (LinkStatus.OK, 200, "")
    assert (moved.link_status, moved.link_status_code) == (LinkStatus.REDIRECTED, 200)
    assert moved.link_final_url == f"{base_url}/ok"
    assert moved.link_detail == f"moved to {base_url}/ok"
    assert (forbidden.link_status, forbidden.link_status_code) == (LinkStatus.TURNED_AWAY, 403)
    assert forbidden.link_detail.startswith("403 Forbidden (the site may turn away automated")
    assert (missing.link_status, missing.link_status_code) == (LinkStatus.BROKEN, 404)
    assert missing.link_detail == "404 Not Found"
    assert (error.link_status, error.link_status_code) == (LinkStatus.BROKEN, 500)
    assert error.link_detail == "500 Internal Server Error"
    assert (refused.link_status, refused.link_status_code) == (LinkStatus.BROKEN, None)
    assert refused.link_detail == "connection refused"
    for resource in (ok, moved, forbidden, missing, error, refused):
        assert resource.link_checked_at >= before
    assert ok.last_verified_at >= before
    assert moved.last_verified_at >= before
    for resource in (forbidden, missing, error, refused):
        assert resource.last_verified_at is None


def test_a_slow_link_times_out(make_resource, base_url):
    slow = make_resource("Slow", url=f"{base_url}/slow", slug="slow")

    output = run("--timeout", "0.5")

    slow.refresh_from_db()
    assert slow.link_status == LinkStatus.TIMED_OUT
    assert slow.link_status_code is None
    assert slow.link_detail == "no answer within 0.5 s"
    assert slow.last_verified_at is None
    assert "timed out" in output
    assert "no answer within 0.5 s" in output


def test_a_broken_link_stays_published_and_keeps_when_it_last_worked(make_resource, base_url):
    missing = make_resource("Missing", url=f"{base_url}/missing", slug="missing")
    last_worked = timezone.now() - timedelta(days=30)
    Resource.objects.filter(pk=missing.pk).update(last_verified_at=last_worked)

    run()

    missing = Resource.objects.get(pk=missing.pk)
    assert missing.is_published
    assert missing.link_status == LinkStatus.BROKEN
    assert missing.last_verified_at == last_worked


def test_output_shows_progress_and_a_summary_with_the_counts(make_resource, base_url):
    make_resource("A ok", url=f"{base_url}/ok", slug="a-ok")
    make_resource("B moved", url=f"{base_url}/moved", slug="b-moved")
    make_resource("C missing", url=f"{base_url}/missing", slug="c-missing")
    make_resource("D error", url=f"{base_url}/error", slug="d-error")
    make_resource("E slow", url=f"{base_url}/slow", slug="e-slow")

    output = run("--timeout", "0.5")

    assert sorted(re.findall(r"^\[(\d)/5\] ", output, flags=re.MULTILINE)) == list("12345")
    for line in [
        r"ok +200  a-ok",
        r"redirected +200  b-moved  \(moved to http://127\.0\.0\.1:\d+/ok\)",
        r"broken +404  c-missing  \(404 Not Found\)",
        r"broken +500  d-error  \(500 Internal Server Error\)",
        r"timed out +-  e-slow  \(no answer within 0\.5 s\)",
    ]:
        assert re.search(rf"^\[\d/5\] {line}$", output, flags=re.MULTILINE), line
    summary = output.split("Checked 5 links", 1)[1]
    for label, count in [("ok", 1), ("redirected", 1), ("broken", 2), ("timed out", 1)]:
        assert re.search(rf"^  {label} +{count}$", summary, flags=re.MULTILINE), label
    assert re.search(r"^  total +5$", summary, flags=re.MULTILINE)
    assert "Need attention (3):" in summary
    assert re.search(r"^  c-missing +404 Not Found$", summary, flags=re.MULTILINE)
    assert re.search(r"^  e-slow +no answer within 0.5 s$", summary, flags=re.MULTILINE)
    assert "They stay published; moderators see them in the admin under Link status." in summary


def test_unpublished_resources_are_not_checked(make_resource, base_url):
    published = make_resource("Published", url=f"{base_url}/ok", slug="published")
    hidden = make_resource("Hidden", url=f"{base_url}/missing", slug="hidden", is_published=False)

    output = run()

    published, hidden = refreshed(published, hidden)
    assert published.link_status == LinkStatus.OK
    assert hidden.link_status == LinkStatus.UNCHECKED
    assert hidden.link_checked_at is None
    assert "hidden" not in output
    assert "Checked 1 link in" in output


def test_slug_checks_only_the_entries_named(make_resource, base_url):
    first = make_resource("First", url=f"{base_url}/ok", slug="first")
    second = make_resource("Second", url=f"{base_url}/ok?n=2", slug="second")
    third = make_resource("Third", url=f"{base_url}/ok?n=3", slug="third")

    run("--slug", "first", "--slug", "third")

    first, second, third = refreshed(first, second, third)
    assert [first.link_status, second.link_status, third.link_status] == [
        LinkStatus.OK,
        LinkStatus.UNCHECKED,
        LinkStatus.OK,
    ]


def test_links_are_checked_at_the_same_time(make_resource, server, base_url):
    resources = [
        make_resource(url=f"{base_url}/slow?seconds=0.3&n={n}", slug=f"slow-{n}") for n in range(4)
    ]

    run("--concurrency", "4", "--timeout", "3")

    assert {resource.link_status for resource in refreshed(*resources)} == {LinkStatus.OK}
    assert server.most_in_flight >= 2


def test_concurrency_caps_the_requests_in_flight(make_resource, server, base_url):
    resources = [
        make_resource(url=f"{base_url}/slow?seconds=0.1&n={n}", slug=f"slow-{n}") for n in range(4)
    ]

    run("--concurrency", "2", "--timeout", "3")

    assert {resource.link_status for resource in refreshed(*resources)} == {LinkStatus.OK}
    assert server.most_in_flight <= 2


def test_nothing_published_says_so(db):
    assert run() == "No published resources to check.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--concurrency", "0"], "--concurrency must be at least 1, not 0."),
        (["--timeout", "0"], "--timeout must be a number of seconds above 0, not 0."),
        (
            ["--slug", "known", "--slug", "no-such-entry"],
            "No published resource has the slug: no-such-entry.",
        ),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(make_resource, base_url, args, message):
    known = make_resource("Known", url=f"{base_url}/ok", slug="known")

    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)

    known.refresh_from_db()
    assert known.link_status == LinkStatus.UNCHECKED


def test_a_moderator_checks_chosen_links_again_from_the_admin(
    moderator_client, make_resource, base_url
):
    fixed = make_resource("Fixed", url=f"{base_url}/ok", slug="fixed", link_status="broken")
    still = make_resource("Still missing", url=f"{base_url}/missing", slug="still-missing")

    response = moderator_client.post(
        "/admin/resources/resource/",
        {"action": "check_links_now", "_selected_action": [fixed.pk, still.pk]},
        follow=True,
    )

    fixed, still = refreshed(fixed, still)
    assert fixed.link_status == LinkStatus.OK and fixed.last_verified_at is not None
    assert still.link_status == LinkStatus.BROKEN
    said = [str(message) for message in response.context["messages"]]
    assert "Fixed: Working" in said
    assert "Still missing: Broken (404 Not Found)" in said


def test_a_check_of_a_link_a_moderator_has_since_changed_is_not_recorded(make_resource, base_url):
    resource = make_resource("Moved on", url=f"{base_url}/missing", slug="moved-on")
    check = linkcheck.check_links([(resource.pk, resource.url)])[0][1]
    Resource.objects.filter(pk=resource.pk).update(url=f"{base_url}/ok")

    services.link_check_record(resource_id=resource.pk, url=f"{base_url}/missing", check=check)

    resource.refresh_from_db()
    assert resource.link_status == LinkStatus.UNCHECKED
