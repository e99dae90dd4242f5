"""The deploy test runs its own servers and reaches them over HTTP: nothing in this process uses
Django's cache or database, so the suite's autouse fixtures that touch them are switched off."""

import json
import os
import secrets
import subprocess

import pytest
import redis
from cryptography.fernet import Fernet

from tests.deploy.harness import (
    DEPLOY,
    GUNICORN,
    POSTGRES,
    PYTHON,
    REDIS_DB,
    REDIS_HOST,
    REDIS_PORT,
    SETUP_SCRIPT,
    TEST_ONLY_VARIABLES,
    Processes,
    Site,
    _alive,
    _probe,
    free_port,
    read_env_example,
    render_caddyfile,
    require_tools,
    run,
    wait_for,
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Overrides tests/conftest.py's, which clears this process's cache around each test: with
    REDIS_URL set in the shell that runs pytest (as .ci/run sets it for the suite), that clear
    is a FLUSHDB of somebody else's Redis database. The servers' keys are removed by the test
    itself, by their own prefix."""
    yield


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
