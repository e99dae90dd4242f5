"""Addresses and forms no browser of ours sends: a NUL byte anywhere in the address, more fields
than any form has. Each is a clear 4xx page (or the API's error shape), never a 500, and never
reaches the database (PostgreSQL refuses NUL in a query)."""

import pytest


@pytest.mark.parametrize(
    "path",
    ["/u/%00/", "/c/%00/", "/c/treatment%00/", "/t/1/%00/", "/resources/%00/", "/static/%00.css"],
)
def test_a_nul_byte_in_the_path_is_page_not_found(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/search/?q=%00", "/c/treatment/?after=%00", "/resources/?region=uk%00", "/?x=a+%00+b"],
)
def test_a_nul_byte_in_the_query_is_a_bad_request(client, db, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()


def test_a_nul_byte_in_an_api_address_answers_in_the_api_s_shape(client, db):
    response = client.get("/api/v1/threads/", {"category": "treatment\x00"})

    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid",
        "message": "A NUL character is not allowed here.",
        "fields": {"category": ["A NUL character is not allowed here."]},
    }


def test_a_nul_byte_in_a_post_s_address_saves_nothing(signed_in, thread, forum_state):
    before = forum_state()

    response = signed_in.post(thread.get_absolute_url() + "reply/?x=%00", {"body": "Hello all."})

    assert response.status_code == 400
    assert forum_state() == before


def test_a_form_with_more_fields_than_django_reads_is_a_bad_request(client, db, settings):
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    response = client.post("/accounts/login/", {"login": "a@example.org", **fields})

    assert response.status_code == 400


def test_an_address_with_more_query_fields_than_django_reads_is_a_bad_request(client, db, settings):
    query = "&".join(f"f{n}=x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = client.get(f"/search/?q=ivig&{query}")

    assert response.status_code == 400


def test_a_cookie_carrying_a_nul_is_ignored(client, db):
    # Django decodes octal escapes in cookies: this session key reaches the server with a NUL.
    client.cookies["sessionid"] = "abcdefgh\x00"

    response = client.get("/notifications/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_mobile_sign_in_gets_its_own_error_shape_for_a_nul(client, db):
    response = client.get("/_allauth/app/v1/config%00")

    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "errors": [{"message": "There is no such address.", "code": "not_found"}],
    }
