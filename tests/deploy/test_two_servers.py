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

import re
import time

import httpx
import pytest

from tests.deploy.harness import (
    LOGIN_FAILURES_ALLOWED,
    POSTING_LIMIT_ERROR,
    POSTS_PER_MINUTE,
    PROXY_BODY_LIMIT,
    REPLY_WORDS,
    SIGNED_IN_REQUESTS,
    TOO_MANY_FAILURES_ERROR,
    WRONG_PASSWORD_ERROR,
    Site,
)

pytestmark = pytest.mark.deploy


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
