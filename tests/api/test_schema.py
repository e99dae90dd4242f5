"""The OpenAPI document tells the whole truth: it validates, lists every endpoint with its errors
in the one error shape (with examples), its documentation pages load nothing from elsewhere, and
schemathesis, calling every operation in process, finds no server error and no answer the
document does not describe."""

import itertools
import re
from io import StringIO
from pathlib import Path

import pytest
import schemathesis
import yaml
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import URLPattern, reverse
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.api import urls as api_urls
from forum import services
from forum.models import NotificationKind
from notifications.models import Notification
from resources.models import Resource
from tests.api.conftest import API, session_token
from tests.conftest import Page

# -- The document ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document(django_db_blocker) -> dict:
    """The schema as `manage.py spectacular` writes it."""
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("spectacular", "--format", "openapi-json", stdout=out)
    return yaml.safe_load(out.getvalue())


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_schema_validates_without_a_warning(tmp_path: Path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert target.read_text().startswith("openapi: 3.")


def _schema_path(pattern: URLPattern) -> str:
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
    return f"{API}/{path}".replace("{pk}", "{id}")


DOCUMENTATION = {"schema", "docs", "redoc"}


def test_every_endpoint_is_in_the_schema(document):
    endpoints = {
        _schema_path(pattern)
        for pattern in api_urls.urlpatterns
        if pattern.name not in DOCUMENTATION
    }
    assert endpoints == set(document["paths"])
    for path, item in document["paths"].items():
        view = next(p for p in api_urls.urlpatterns if _schema_path(p) == path).callback.view_class
        served = {method for method in view.http_method_names if hasattr(view, method)}
        documented = set(item) - {"parameters"}
        assert documented == served - {"options", "head"}, path


def test_every_operation_has_an_id_a_summary_or_description_and_a_success(document):
    ids = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(ids) == len(set(ids))
    for path, method, operation in operations(document):
        assert operation.get("summary") or operation.get("description") or method == "get", (
            path,
            method,
        )
        assert any(status.startswith("2") for status in operation["responses"]), (path, method)


def _expected_errors(path: str, method: str, operation: dict) -> set[str]:
    errors = {"400", "401", "429"}
    if "{" in path:
        errors.add("404")
    if method in {"post", "put", "patch", "delete"}:
        errors.add("403")
    if "requestBody" in operation:
        errors |= {"413", "415"}
    return errors


def test_every_operation_documents_its_errors_in_the_error_shape_with_examples(document):
    error_schema = document["components"]["schemas"]["Error"]
    assert error_schema["required"] == ["error"]
    detail = document["components"]["schemas"]["ErrorDetail"]
    assert set(detail["required"]) == {"code", "message", "fields"}
    for path, method, operation in operations(document):
        errors = {
            status: body for status, body in operation["responses"].items() if status[0] == "4"
        }
        assert _expected_errors(path, method, operation) <= set(errors), (
            path,
            method,
            sorted(errors),
        )
        for status, response in errors.items():
            media = response["content"]["application/json"]
            assert media["schema"] == {"$ref": "#/components/schemas/Error"}, (path, method)
            examples = list(media["examples"].values())
            assert examples, (path, method, status)
            for example in examples:
                assert set(example["value"]["error"]) == {"code", "message", "fields"}
        if "429" in errors:
            assert "Retry-After" in errors["429"]["headers"]


def test_every_read_documents_its_etag_and_304(document):
    for path, method, operation in operations(document):
        if method == "get":
            assert "ETag" in operation["responses"]["200"]["headers"], path
            assert "304" in operation["responses"], path


def test_every_request_body_is_documented_as_json_only(document):
    bodies = {
        (path.removeprefix(API), method)
        for path, method, operation in operations(document)
        if "requestBody" in operation
    }
    assert ("/me/", "delete") in bodies  # what becomes of the member's comments
    assert {(p, m) for p, m in bodies if m in {"post", "patch"}} == {
        (path.removeprefix(API), method)
        for path, method, operation in operations(document)
        if method in {"post", "patch"} and not path.endswith(("/read/", "/follow/"))
    }
    for path, method, operation in operations(document):
        if "requestBody" in operation:
            assert set(operation["requestBody"]["content"]) == {"application/json"}, (path, method)


def _request_schema(document: dict, operation_id: str) -> dict:
    operation = next(op for _, _, op in operations(document) if op["operationId"] == operation_id)
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]]


@pytest.mark.parametrize(
    ("operation_id", "required"),
    [
        ("threads_create", {"category", "title", "body"}),
        ("threads_comments_create", {"body"}),
        ("comments_update", {"body"}),
        ("comments_flags_create", {"reason"}),
        ("resource_suggestions_create", {"name", "url", "note"}),
        ("me_update", set()),
        ("me_destroy", {"comments"}),
    ],
)
def test_request_bodies_say_which_fields_are_required_and_that_no_other_is_taken(
    document, operation_id, required
):
    body = _request_schema(document, operation_id)
    assert set(body.get("required", [])) == required
    assert body["additionalProperties"] is False


def test_every_paged_list_documents_its_cursor_and_page_size_bounds(document):
    for path in ["/threads/", "/threads/{id}/comments/", "/notifications/"]:
        parameters = {p["name"]: p for p in document["paths"][f"{API}{path}"]["get"]["parameters"]}
        assert parameters["cursor"]["schema"]["type"] == "string"
        size = parameters["page_size"]["schema"]
        assert (size["type"], size["minimum"], size["maximum"]) == ("integer", 1, 100), path


def test_reads_open_to_visitors_say_so_in_their_security(document):
    """Anonymous reads are documented as such ({} among the security requirements)."""
    open_reads = [
        "/categories/",
        "/threads/",
        "/threads/{id}/",
        "/threads/{id}/comments/",
        "/comments/{id}/",
        "/resources/",
    ]
    for path in open_reads:
        assert {} in document["paths"][f"{API}{path}"]["get"]["security"], path
    for path in ["/me/", "/notifications/", "/resource-suggestions/"]:
        assert {} not in document["paths"][f"{API}{path}"]["get"]["security"], path


def test_the_schema_links_allauths_specification(document):
    assert "/_allauth/openapi.html" in document["info"]["description"]


# -- The documentation pages -----------------------------------------------------------------------

_REMOTE = re.compile(r"(?:https?:)?//[^\s\"'<>)]+", re.IGNORECASE)


# Swagger UI's init script, which its page (SpectacularSwaggerSplitView) serves as a file for the
# Content-Security-Policy, not inline.
SWAGGER_INIT_SCRIPT = "/api/v1/docs/?script="


def _assert_served_locally(client, html: str) -> str:
    """Every script, stylesheet, font and image of the page is one of our own static files (or
    Swagger UI's init script). Returns the page with the init script, if any."""
    page = Page(html)
    assets = [attrs["src"] for tag, attrs in page.tags if tag == "script" and "src" in attrs]
    assets += [attrs["href"] for tag, attrs in page.tags if tag == "link" and "href" in attrs]
    assert assets, "the page loads nothing"
    for asset in assets:
        assert asset.startswith("/static/") or asset == SWAGGER_INIT_SCRIPT, asset
        response = client.get(asset)
        assert response.status_code == 200, asset
        if asset == SWAGGER_INIT_SCRIPT:
            html += response.content.decode()
        if asset.endswith(".css"):
            css = b"".join(response.streaming_content).decode()
            for url in re.findall(r"url\(([^)]*)\)", css) + re.findall(r"@import\s+([^;]+)", css):
                assert not _REMOTE.match(url.strip("'\" ")), (asset, url)
    code = html.replace('"http://www.w3.org/2000/svg"', "")
    for match in _REMOTE.finditer(code):
        pytest.fail(f"the page refers to {match.group()}")
    return html


@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_the_api_documentation_pages_use_only_our_own_static_files(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    code = _assert_served_locally(client, response.content.decode())
    assert reverse("api:schema") in code


def test_allauths_specification_page_uses_only_our_own_static_files(client, db):
    response = client.get("/_allauth/openapi.html")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/_allauth/openapi.json" in html
    _assert_served_locally(client, html)


@pytest.mark.parametrize("url", ["/_allauth/openapi.json", "/_allauth/openapi.yaml"])
def test_allauths_specification_is_served(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    assert spec["openapi"].startswith("3.")
    assert "/_allauth/app/v1/auth/login" in spec["paths"]


# -- schemathesis: every operation, called in process ----------------------------------------------

api = schemathesis.pytest.from_fixture("api_schema")

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(db):
    """The schema, loaded through the app itself. Each in-process call would otherwise fire
    close_old_connections, which on PostgreSQL ends the test's transaction."""
    from config.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(reverse("api:schema"), application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def world(make_member, make_thread, make_reply):
    """A published thread with a reply, so reads and writes meet real objects."""
    author = make_member("thread_author")
    thread = make_thread(author, title="Grip after IVIg", body="How long did it take?")
    reply = make_reply(make_member("reply_author"), thread, "About three weeks for me.")
    resource = Resource.objects.filter(is_published=True).order_by("pk").first()
    return {"thread": thread, "reply": reply, "resource": resource}


@pytest.fixture
def caller(make_member, world):
    """A new signed-in member for each example, with the object of their own the example's path
    names (a comment, a notification): an example that closes the account (DELETE /me/) leaves
    the next one unharmed. Returns the path prefixes' real objects and the member's token."""

    def make(case) -> tuple[dict, str]:
        member = make_member()
        ids = {
            "/threads/": world["thread"].pk,
            "/comments/{id}/flags/": world["reply"].pk,
            "/categories/": "treatment",
            "/resources/": world["resource"].slug,
        }
        if case.path.startswith(f"{API}/comments/{{id}}/") and "flags" not in case.path:
            own = services.comment_create(author=member, thread=world["thread"], body="Mine too.")
            ids["/comments/"] = own.pk
        if case.path.startswith(f"{API}/notifications/{{id}}/"):
            ids["/notifications/"] = Notification.objects.create(
                recipient=member, kind=NotificationKind.REPLY, fixed_text="A reply.", url="/"
            ).pk
        return ids, session_token(member)

    return make


_suggestions = itertools.count(1)


def _aim_at_real_objects(case, ids: dict) -> None:
    """Point well-formed path parameters at real objects the caller may act on, and give a
    well-formed new thread a real category and a suggestion a real web address, so examples
    reach the services. Badly formed ones are left alone: they must get their 4xx."""
    path = case.path.removeprefix(API)
    meta = case.meta
    positive_path = meta is None or not meta.is_negative_at(ParameterLocation.PATH)
    positive_body = meta is None or not meta.is_negative_at(ParameterLocation.BODY)
    target = next((value for prefix, value in ids.items() if path.startswith(prefix)), None)
    if positive_path and target is not None:
        for name in case.path_parameters:
            case.path_parameters[name] = target
    if positive_body and isinstance(case.body, dict):
        if path == "/threads/" and "category" in case.body:
            case.body["category"] = "treatment"
        if path == "/resource-suggestions/" and "url" in case.body:
            case.body["url"] = f"https://suggested-{next(_suggestions)}.example.org/"


@api.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_operation_errors_or_breaks_the_schema(case, caller):
    ids, token = caller(case)
    _aim_at_real_objects(case, ids)
    case.call_and_validate(headers={"X-Session-Token": token}, checks=CHECKS)


@api.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_operation_errors_or_breaks_the_schema_for_a_visitor(case, world):
    _aim_at_real_objects(case, {"/threads/": world["thread"].pk, "/comments/": world["reply"].pk})
    case.call_and_validate(checks=CHECKS)
