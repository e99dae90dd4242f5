"""The two-server production profile on loopback that the deploy tests drive.

deploy/'s settings, gunicorn.conf.py, Caddyfile and env.example, run for real: what the fixtures
in tests/deploy/conftest.py need to start it (a fresh PostgreSQL database, two gunicorn servers,
Caddy in front of them) and what tests/deploy/test_two_servers.py needs to talk to it
(Site.request, which matches every answer to the app server that gave it by the line it adds to
that server's access log).
"""

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"

POSTGRES = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# Not 1, which the CI suite's tests empty (FLUSHDB) while they run, nor 0, a real site's default.
REDIS_DB = 2

# allauth's default: 5 wrong passwords in 5 minutes per account (ACCOUNT_RATE_LIMITS).
LOGIN_FAILURES_ALLOWED = 5
# MODERATION_NEW_MEMBER_PER_MINUTE: a member with fewer than 5 approved comments posts 3 a minute.
POSTS_PER_MINUTE = 3
# Caddyfile: bodies declared bigger than 288 KiB are refused by the proxy.
PROXY_BODY_LIMIT = 288 * 1024

SIGNED_IN_REQUESTS = 10
REPLY_WORDS = ("one", "two", "three", "four")
STOP_TIMEOUT = 15
START_TIMEOUT = 30

# What an access line of deploy/gunicorn.conf.py's format says about a request.
ACCESS_LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) ')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

WRONG_PASSWORD_ERROR = "The email address and/or password you specified are not correct."
TOO_MANY_FAILURES_ERROR = "Too many failed login attempts. Try again later."
POSTING_LIMIT_ERROR = f"You have posted {POSTS_PER_MINUTE} times this minute"

# Everything the test gives the servers is what deploy/env.example asks an operator for, except
# these three: its own static folder (STATIC_ROOT, so it neither writes into the working tree nor
# serves files an earlier run collected), fewer workers on a small CI machine, and no
# pre-moderation, so the new member's replies are published at once.
TEST_ONLY_VARIABLES = {"STATIC_ROOT", "GUNICORN_WORKERS", "MODERATION_PREMODERATE_FIRST"}


def skip_or_fail(reason: str) -> None:
    if os.environ.get("REQUIRE_DEPLOY") == "1":
        pytest.fail(f"{reason} (REQUIRE_DEPLOY=1 makes this a failure, not a skip)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, check, timeout: float = START_TIMEOUT, interval: float = 0.1):
    """Call `check` until it returns something true, for at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
        except (OSError, httpx.HTTPError) as error:
            last_error, result = error, None
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"Gave up after {timeout:g} s waiting for {what} (last: {last_error})")


def read_env_example() -> dict[str, str]:
    """deploy/env.example as systemd's EnvironmentFile reads it (KEY=value, optional quotes)."""
    values = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        values[key.strip()] = value
    return values


def render_caddyfile(*, https_port: int, http_port: int, admin_port: int, upstreams: list[str]):
    """deploy/Caddyfile with the test's addresses: the site on 127.0.0.1 (a certificate from
    Caddy's own authority, since no public one can be had for it), both app servers as the
    upstreams, and every port one of the test's, so nothing on the machine is disturbed."""
    text = (DEPLOY / "Caddyfile").read_text()
    replacements = {
        # The global options block: the test's ports, no ACME, no change to the system's trust.
        "\n{\n": (
            f"\n{{\n\tadmin 127.0.0.1:{admin_port}\n\thttp_port {http_port}\n"
            f"\thttps_port {https_port}\n\tlocal_certs\n\tskip_install_trust\n"
        ),
        "\nforum.example.org {\n": "\n127.0.0.1 {\n",
        "\treverse_proxy 127.0.0.1:8000 {\n": f"\treverse_proxy {' '.join(upstreams)} {{\n",
    }
    for old, new in replacements.items():
        assert text.count(old) == 1, f"deploy/Caddyfile no longer has {old.strip()!r} once"
        text = text.replace(old, new)
    return text


SETUP_SCRIPT = """
import json
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from accounts.models import User
from forum import services
from forum.models import Category

def member(email, password, display_name, **fields):
    user = User.objects.create_user(
        email=email, password=password, display_name=display_name,
        terms_version=settings.TERMS_VERSION,
        health_data_consent_version=settings.HEALTH_DATA_CONSENT_VERSION, **fields,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user

people = json.loads(PEOPLE)
moderator = member(**people["moderator"], is_staff=True)
moderator.groups.add(Group.objects.get(name="Moderators"))
member(**people["poster"])
member(**people["locked_out"])
thread = services.thread_create(
    author=moderator,
    category=Category.objects.get(slug="living-with-mmn"),
    title="Tips for gripping cutlery",
    body="What helps you hold a fork or a knife on a weak day?",
)
print(json.dumps({"thread_path": thread.get_absolute_url()}))
"""


@dataclass
class Served:
    response: httpx.Response
    server: str
    line: str


@dataclass
class Site:
    """The running stack: the proxy's address, the app servers' access logs, the accounts."""

    url: str
    http_url: str
    ca_file: Path
    access_logs: dict[str, Path]
    people: dict[str, dict[str, str]]
    thread_path: str

    def client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url,
            verify=ssl.create_default_context(cafile=str(self.ca_file)),
            follow_redirects=False,
            timeout=20,
        )

    def access_lines(self) -> dict[str, list[str]]:
        return {
            name: [line for line in path.read_text().splitlines() if ACCESS_LINE.search(line)]
            for name, path in self.access_logs.items()
        }

    def request(self, client: httpx.Client, method: str, path: str, **kwargs) -> Served:
        """One request through the proxy, and the app server that answered it: the one whose
        access log gained a line for it. Exactly one line must appear, in one log."""
        before = {name: len(lines) for name, lines in self.access_lines().items()}
        if method == "POST":
            # What a browser sends with a form: Django checks the origin of secure requests.
            headers = kwargs.setdefault("headers", {})
            headers.update({"Origin": self.url, "Referer": self.url + path})
        response = client.request(method, path, **kwargs)

        def new_lines():
            grown = {
                name: lines[before[name] :]
                for name, lines in self.access_lines().items()
                if len(lines) > before[name]
            }
            return grown or None

        # Gunicorn writes the line just after it sends the answer.
        grown = wait_for(f"an access log line for {method} {path}", new_lines, timeout=5)
        lines = [(name, line) for name, found in grown.items() for line in found]
        assert len(lines) == 1, f"{method} {path} added {lines}, not one line in one log"
        server, line = lines[0]
        entry = ACCESS_LINE.search(line)
        assert (entry["method"], entry["path"], int(entry["status"])) == (
            method,
            path.split("?")[0],
            response.status_code,
        ), f"{server}'s log line {line!r} is not the answer to {method} {path}"
        return Served(response, server, line)

    def csrf_token(self, client: httpx.Client, path: str) -> str:
        page = self.request(client, "GET", path).response
        assert page.status_code == 200, f"GET {path}: {page.status_code}"
        match = CSRF_FIELD.search(page.text)
        assert match, f"no CSRF token in the form at {path}"
        return match[1]

    def sign_in(self, client: httpx.Client, email: str, password: str, token: str) -> Served:
        return self.request(
            client,
            "POST",
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        )

    def servers(self) -> list[str]:
        return sorted(self.access_logs)


class Processes:
    """Every process the test starts, each in its own process group, stopped in reverse order."""

    def __init__(self) -> None:
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], *, env: dict, logs: Path) -> subprocess.Popen:
        with (
            (logs / f"{name}.out.log").open("wb") as out,
            (logs / f"{name}.err.log").open("wb") as err,
        ):
            process = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdout=out, stderr=err, start_new_session=True
            )
        self.started.append((name, process))
        return process

    def stop_all(self) -> None:
        """SIGTERM to each group whose leader still runs (gunicorn then stops its workers),
        SIGKILL to any that has not stopped after STOP_TIMEOUT seconds."""
        running = [process for _, process in reversed(self.started) if process.poll() is None]
        for process in running:
            self._signal(process, signal.SIGTERM)
        for process in running:
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._signal(process, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT)

    @staticmethod
    def _signal(process: subprocess.Popen, signum: int) -> None:
        try:
            os.killpg(process.pid, signum)
        except ProcessLookupError:  # it stopped between the check and the signal
            pass


def run(argv: list[str], *, env: dict, timeout: float = 120) -> str:
    result = subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{' '.join(argv)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def require_tools() -> dict[str, str]:
    """The programs the test runs, by their full paths; skip (or fail) when one is missing."""
    tools = {}
    for program in ("caddy", "createdb", "dropdb", "pg_isready"):
        tools[program] = shutil.which(program) or ""
        if not tools[program]:
            skip_or_fail(
                f"The deploy test needs `{program}` on PATH "
                "(apt-get install caddy postgresql-client)."
            )
    if not GUNICORN.exists():
        skip_or_fail(f"The deploy test needs gunicorn in the virtualenv ({GUNICORN}).")
    try:
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_timeout=3).ping()
    except redis.RedisError as error:
        skip_or_fail(f"The deploy test needs Redis on {REDIS_HOST}:{REDIS_PORT}: {error}")
    ready = subprocess.run(
        [tools["pg_isready"], "-q", "-h", POSTGRES["host"], "-p", POSTGRES["port"]], check=False
    )
    if ready.returncode != 0:
        skip_or_fail(f"The deploy test needs PostgreSQL on {POSTGRES['host']}:{POSTGRES['port']}.")
    return tools


def _alive(process: subprocess.Popen, logs: Path) -> bool:
    if process.poll() is not None:
        errors = "\n".join(path.read_text()[-3000:] for path in sorted(logs.glob("caddy.*.log")))
        raise AssertionError(f"Caddy stopped (exit {process.returncode}):\n{errors}")
    return True


def _probe(port: int, process: subprocess.Popen, errors: Path) -> httpx.Response:
    if process.poll() is not None:
        raise AssertionError(
            f"gunicorn on port {port} stopped (exit {process.returncode}):\n"
            f"{errors.read_text()[-3000:]}"
        )
    # Straight to the app server, as the proxy would ask: without X-Forwarded-Proto the
    # production settings answer with a redirect to HTTPS. A probe waits as long as a start may
    # take: one given up on while a worker is still loading Django (6 s on a busy 2-CPU machine)
    # is answered and logged all the same, and the count of access lines would be off by one.
    return httpx.get(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"},
        timeout=START_TIMEOUT,
    )
