"""Every answer carries the site's Content-Security-Policy, enforced: pages, errors, the API and
the health check alike. The API documentation pages get only the additions they need, none of
them 'unsafe-inline'. (tests/e2e/test_content_security_policy.py shows the pages work under it.)"""

import pytest
from django.test import Client
from django.urls import reverse

# The whole policy, as a member, a moderator or the mobile app receives it.
SITE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The empty <style> Redoc's styled-components fill through the CSSOM, and the perfect-scrollbar
# stylesheet its bundle writes (config/api/urls.py).
REDOC_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
]


def policy_of(response) -> dict[str, list[str]]:
    """The enforced policy of a response, directive by directive."""
    assert "Content-Security-Policy-Report-Only" not in response, "report-only is not enough"
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} given twice"
        directives[name] = sources
    return directives


def assert_site_policy(response) -> None:
    policy = policy_of(response)
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive], directive
        assert "'unsafe-eval'" not in policy[directive], directive
    assert policy == SITE_POLICY


def test_member_page_carries_the_site_policy(signed_in, thread):
    response = signed_in.get(thread.get_absolute_url())

    assert response.status_code == 200
    assert_site_policy(response)


# What a visitor or the app asks, and the status each answers with: pages, allauth's pages, the
# API, errors of both, the admin's sign-in redirect, the health check, an address refused before
# any view, and a static file.
ANSWERS = {
    "allauth-page": ("/accounts/login/", 200),
    "api-answer": ("/api/v1/categories/", 200),
    "missing-page": ("/c/no-such-category/", 404),
    "api-not-found": ("/api/v1/threads/999999/", 404),
    "admin-sign-in-redirect": ("/admin/", 302),
    "health-check": ("/healthz", 200),
    "refused-before-any-view": ("/search/?q=grip%00", 400),
    "static-file": ("/static/js/drafts.js", 200),
}


@pytest.mark.parametrize(("url", "status"), ANSWERS.values(), ids=ANSWERS)
def test_every_kind_of_answer_carries_the_site_policy(client, db, url, status):
    response = client.get(url)

    assert response.status_code == status
    assert_site_policy(response)


def test_refused_form_without_csrf_token_carries_the_site_policy(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "a@example.org"})

    assert response.status_code == 403
    assert_site_policy(response)


def test_static_file_carries_the_site_policy(client, db):
    response = client.get("/static/js/drafts.js")

    assert response.status_code == 200
    assert_site_policy(response)


def test_an_admin_page_carries_the_site_policy(moderator_client):
    response = moderator_client.get(reverse("admin:forum_reviewitem_changelist"))

    assert response.status_code == 200
    assert_site_policy(response)


def test_swagger_ui_may_also_show_data_images(client, db):
    page = client.get(reverse("api:docs"))
    script = client.get(reverse("api:docs") + "?script=")

    assert page.status_code == script.status_code == 200
    assert script["Content-Type"] == "application/javascript"
    for response in (page, script):
        assert policy_of(response) == {**SITE_POLICY, "img-src": ["'self'", "data:"]}


@pytest.mark.parametrize("url", ["/api/v1/docs/redoc/", "/_allauth/openapi.html"])
def test_redoc_pages_may_also_have_its_two_styles_a_worker_and_data_images(client, db, url):
    response = client.get(url)

    assert response.status_code == 200
    assert policy_of(response) == {
        **SITE_POLICY,
        "style-src": ["'self'", *REDOC_STYLE_HASHES],
        "img-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
    }
