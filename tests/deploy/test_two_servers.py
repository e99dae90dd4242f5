"""The production profile in deploy/, run on loopback: two app servers behind the proxy.

A fresh PostgreSQL database, `migrate` and `collectstatic`, two gunicorn servers started with
deploy/gunicorn.conf.py and DJANGO_ENV=production, and Caddy with deploy/Caddyfile (its site name
and upstream swapped for the test's, and its own internal certificate authority for HTTPS). Every
request goes through the proxy, and each one is matched to the server that answered it by the line
it adds to that server's access log, so the test knows which server took what without any help
from the app.

Run it with `.venv/bin/python -m pytest -m deploy tests/deploy -q`. Without Caddy, the PostgreSQL
client programs or a reachable PostgreSQL and Redis it is skipped, unless REQUIRE_DEPLOY=1 (CI)
makes that a failure.
"""

import json
import os
import re
import secrets
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
from cryptography.fernet import Fernet

pytestmark = pytest.mark.deploy

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


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    tools = require_tools()
    tmp = tmp_path_factory.mktemp("deploy")
    logs = tmp / "logs"
    logs.mkdir()
    name = f"mmn_deploy_{secrets.token_hex(4)}"
    prefix = f"mmn-deploy-{secrets.token_hex(4)}"
    pg_args = ["-h", POSTGRES["host"], "-p", POSTGRES["port"], "-U", POSTGRES["user"]]
    cache = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_timeout=3)
    processes = Processes()
    database_created = False
    try:
        subprocess.run([tools["createdb"], *pg_args, name], check=True, timeout=30)
        database_created = True
        ports = {key: free_port() for key in ("a", "b", "https", "http", "admin", "closed_smtp")}
        assert len(set(ports.values())) == len(ports), "two free ports were the same"
        url = f"https://127.0.0.1:{ports['https']}"

        example = read_env_example()
        overrides = {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "MFA_SECRET_KEY": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": url,
            "SITE_URL": url,
            "DATABASE_URL": (
                f"postgres://{POSTGRES['user']}@{POSTGRES['host']}:{POSTGRES['port']}/{name}"
            ),
            "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
            "CACHE_KEY_PREFIX": prefix,
            # Nothing here sends mail in the request (emails go through the worker's queue): a
            # port nobody listens on makes any attempt fail loudly instead of going anywhere.
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(ports["closed_smtp"]),
            "EMAIL_USE_TLS": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "STATIC_ROOT": str(tmp / "static"),
            "GUNICORN_WORKERS": "2",
            "MODERATION_PREMODERATE_FIRST": "0",
        }
        missing = sorted(set(overrides) - set(example) - TEST_ONLY_VARIABLES)
        assert not missing, f"deploy/env.example does not list {missing}"
        assert example["DJANGO_ENV"] == "production"
        # Only what systemd would give the service (deploy/systemd/mmn-web.service): the
        # environment file, and no variable of the shell that runs pytest.
        env = {
            "PATH": os.environ["PATH"],
            "LANG": "C.UTF-8",
            "HOME": str(tmp),
            **example,
            **overrides,
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }

        run([str(PYTHON), "manage.py", "migrate", "--noinput"], env=env)
        run([str(PYTHON), "manage.py", "collectstatic", "--noinput"], env=env)
        people = {
            role: {
                "email": f"{role.replace('_', '-')}@example.org",
                "password": secrets.token_urlsafe(16),
                "display_name": display_name,
            }
            for role, display_name in (
                ("moderator", "jane_volunteer"),
                ("poster", "rosa_hands"),
                ("locked_out", "owen_forgetful"),
            )
        }
        script = f"PEOPLE = {json.dumps(json.dumps(people))}\n{SETUP_SCRIPT}"
        setup = run([str(PYTHON), "manage.py", "shell", "-c", script], env=env)
        thread_path = json.loads(setup.strip().splitlines()[-1])["thread_path"]
        # Setting up counted the moderator's post in Redis; the servers start from nothing.
        for key in cache.scan_iter(match=f"{prefix}:*"):
            cache.delete(key)

        access_logs = {}
        for server in ("a", "b"):
            bind = f"127.0.0.1:{ports[server]}"
            processes.start(
                f"gunicorn-{server}",
                [str(GUNICORN), "--config", str(DEPLOY / "gunicorn.conf.py")],
                env={**env, "GUNICORN_BIND": bind},
                logs=logs,
            )
            access_logs[server] = logs / f"gunicorn-{server}.out.log"
        # Every answer an app server gives adds a line to its access log, the probes' too:
        # count them, so that the test's own requests start once those lines are all written.
        answered = 0
        for server, (_, process) in zip(("a", "b"), processes.started, strict=True):
            errors = logs / f"gunicorn-{server}.err.log"

            def healthy(port=ports[server], process=process, errors=errors) -> bool:
                nonlocal answered
                response = _probe(port, process, errors)
                answered += 1
                return response.status_code == 200 and response.json()["status"] == "ok"

            wait_for(f"gunicorn {server} to answer /healthz", healthy)

        caddyfile = tmp / "Caddyfile"
        caddyfile.write_text(
            render_caddyfile(
                https_port=ports["https"],
                http_port=ports["http"],
                admin_port=ports["admin"],
                upstreams=[f"127.0.0.1:{ports['a']}", f"127.0.0.1:{ports['b']}"],
            )
        )
        caddy_env = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp),
            "XDG_DATA_HOME": str(tmp / "caddy-data"),
            "XDG_CONFIG_HOME": str(tmp / "caddy-config"),
        }
        caddy = processes.start(
            "caddy",
            [tools["caddy"], "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
            env=caddy_env,
            logs=logs,
        )
        ca_file = tmp / "caddy-data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
        wait_for("Caddy's certificate authority", lambda: _alive(caddy, logs) and ca_file.exists())
        site = Site(
            url=url,
            http_url=f"http://127.0.0.1:{ports['http']}",
            ca_file=ca_file,
            access_logs=access_logs,
            people=people,
            thread_path=thread_path,
        )
        with site.client() as client:

            def proxied() -> bool:
                nonlocal answered
                _alive(caddy, logs)
                response = client.get("/healthz")
                # 502 and 503 are Caddy's own answers, when it cannot reach an app server yet.
                answered += response.status_code not in {502, 503}
                return response.status_code == 200

            wait_for("the proxy to answer /healthz over HTTPS", proxied)
        wait_for(
            "the access lines of the probes",
            lambda: sum(len(lines) for lines in site.access_lines().values()) == answered,
            timeout=5,
        )
        yield site
    finally:
        try:
            processes.stop_all()
        finally:
            try:
                for key in cache.scan_iter(match=f"{prefix}:*"):
                    cache.delete(key)
            finally:
                if database_created:
                    subprocess.run(
                        [tools["dropdb"], *pg_args, "--force", name], check=True, timeout=30
                    )


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
    # production settings answer with a redirect to HTTPS.
    return httpx.get(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"},
        timeout=5,
    )


@pytest.fixture(scope="module")
def poster(site: Site):
    """A client with the poster signed in through allauth's form (through the proxy)."""
    person = site.people["poster"]
    with site.client() as client:
        token = site.csrf_token(client, "/accounts/login/")
        signed_in = site.sign_in(client, person["email"], person["password"], token)
        assert signed_in.response.status_code == 302, signed_in.response.text[:2000]
        assert signed_in.response.headers["location"] == "/"
        yield client


def test_production_settings_behind_the_proxy(site: Site, poster: httpx.Client):
    """HTTPS as the proxy sets it up and the production settings expect: http:// is redirected,
    the app trusts the proxy's X-Forwarded-Proto (secure cookies, HSTS, no redirect loop) and
    sees the Host the browser asked for (ALLOWED_HOSTS, the CSRF origin check of the sign-in)."""
    with httpx.Client(follow_redirects=False, timeout=10) as plain:
        insecure = plain.get(f"{site.http_url}/settings/")
    assert insecure.status_code in {301, 308}
    assert insecure.headers["location"].startswith("https://127.0.0.1")
    with site.client() as client:
        home = site.request(client, "GET", "/")
        assert home.response.status_code == 200
        assert "max-age=31536000" in home.response.headers["strict-transport-security"]
        # The static files the page links to are served (by whitenoise, from STATIC_ROOT).
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home.response.text)
        assert stylesheet, "the home page links no hashed stylesheet"
        css = site.request(client, "GET", stylesheet[1]).response
        assert css.status_code == 200 and "immutable" in css.headers["cache-control"]
    cookies = [c for c in poster.cookies.jar if c.name in {"sessionid", "csrftoken"}]
    assert {c.name for c in cookies} == {"sessionid", "csrftoken"}
    assert all(c.secure for c in cookies), "cookies must be marked Secure in production"


def test_signed_in_on_both_servers(site: Site, poster: httpx.Client):
    """One sign-in, and every page after it is a signed-in page, whichever server serves it."""
    with site.client() as visitor:
        anonymous = site.request(visitor, "GET", "/settings/")
    # The control: the settings page sends a visitor who is not signed in to the sign-in page.
    assert anonymous.response.status_code == 302
    assert anonymous.response.headers["location"].startswith("/accounts/login/")

    served = [site.request(poster, "GET", "/settings/") for _ in range(SIGNED_IN_REQUESTS)]
    for each in served:
        assert each.response.status_code == 200, each.line
        assert site.people["poster"]["display_name"] in each.response.text
    by_server = {name: [s.line for s in served if s.server == name] for name in site.servers()}
    assert all(by_server.values()), f"one server served every signed-in page: {by_server}"
    for name, lines in by_server.items():
        assert all('"GET /settings/ HTTP/1.1" 200 ' in line for line in lines), (name, lines)


def test_sign_in_limit_is_shared(site: Site):
    """Wrong passwords for one account, taken in turn by both servers: after allauth's 5 the
    account is refused, even the right password, though neither server alone saw 5."""
    person = site.people["locked_out"]
    with site.client() as client:
        token = site.csrf_token(client, "/accounts/login/")
        attempts = []
        for number in range(LOGIN_FAILURES_ALLOWED):
            attempt = site.sign_in(client, person["email"], f"wrong-{number}", token)
            assert attempt.response.status_code == 200, attempt.line
            assert WRONG_PASSWORD_ERROR in attempt.response.text
            attempts.append(attempt)
        last = site.sign_in(client, person["email"], person["password"], token)
        assert TOO_MANY_FAILURES_ERROR in last.response.text, (
            f"the right password after {LOGIN_FAILURES_ALLOWED} wrong ones was not refused "
            f"({last.response.status_code} from {last.server}): the count is not shared"
        )
        assert last.response.status_code == 200
        assert site.request(client, "GET", "/settings/").response.status_code == 302

    failures = {name: sum(a.server == name for a in attempts) for name in site.servers()}
    assert all(failures.values()), f"one server took every wrong password: {failures}"
    # Counted per server, the one that refused could not have refused yet.
    assert failures[last.server] < LOGIN_FAILURES_ALLOWED, failures


def test_posting_limit_is_shared_and_replies_are_seen_through_the_other_server(
    site: Site, poster: httpx.Client
):
    """A new member's 4th reply in a minute is refused, whichever server takes it; each reply
    posted through one server is then on the thread page served by the other, to a visitor."""
    reply_path = f"{site.thread_path}reply/"
    token = site.csrf_token(poster, reply_path)
    # The limit counts per clock minute: start early in one, so the four replies share it.
    seconds_left = 60 - time.time() % 60
    if seconds_left < 15:
        time.sleep(seconds_left + 0.5)
    minute = int(time.time() // 60)
    bodies = [f"Reply {word} from the deploy test: a chunky handle helps." for word in REPLY_WORDS]
    posts = [
        site.request(poster, "POST", reply_path, data={"csrfmiddlewaretoken": token, "body": body})
        for body in bodies
    ]
    assert int(time.time() // 60) == minute, "the replies spanned two minutes; run it again"

    accepted, refused = posts[:POSTS_PER_MINUTE], posts[POSTS_PER_MINUTE]
    for post in accepted:
        assert post.response.status_code == 302, (post.line, post.response.text[:2000])
    assert refused.response.status_code == 429, (
        f"reply {POSTS_PER_MINUTE + 1} in a minute was answered {refused.response.status_code} "
        f"by {refused.server}: the posting limit is not shared"
    )
    assert POSTING_LIMIT_ERROR in refused.response.text
    assert int(refused.response.headers["retry-after"]) > 0
    taken = {name: sum(p.server == name for p in accepted) for name in site.servers()}
    assert all(taken.values()), f"one server took every accepted reply: {taken}"
    assert taken[refused.server] < POSTS_PER_MINUTE, taken

    published = bodies[:POSTS_PER_MINUTE]
    with site.client() as visitor:
        # The proxy takes turns, so two pages come from both servers; a few more are allowed
        # in case another client's request fell between.
        pages = [site.request(visitor, "GET", site.thread_path) for _ in range(2)]
        while {page.server for page in pages} != set(site.servers()) and len(pages) < 6:
            pages.append(site.request(visitor, "GET", site.thread_path))
    for page in pages:
        assert page.response.status_code == 200, page.line
        for body in published:
            assert body in page.response.text, f"{page.server} does not show {body!r}"
        assert bodies[POSTS_PER_MINUTE] not in page.response.text
    for post, body in zip(accepted, published, strict=True):
        assert any(page.server != post.server for page in pages), (post.server, body)


def test_proxy_refuses_a_body_over_its_limit(site: Site, poster: httpx.Client):
    """The proxy answers 413 to a body over 288 KiB, and no app server sees the request."""
    before = {name: path.read_text() for name, path in site.access_logs.items()}
    response = poster.post(
        "/api/v1/threads/",
        content=b"x" * (PROXY_BODY_LIMIT + 1),
        headers={"Content-Type": "application/json", "Origin": site.url},
    )
    assert response.status_code == 413
    # The proxy answered before passing anything on: a request that reached an app server
    # would be in its access log by now (the same logs show every other request here).
    probe = site.request(poster, "GET", "/healthz")
    assert probe.response.status_code == 200
    for name, path in site.access_logs.items():
        added = path.read_text()[len(before[name]) :]
        assert "/api/v1/threads/" not in added, f"{name} saw the oversized request: {added}"
