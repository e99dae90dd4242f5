"""Behind the reverse proxy every request comes from the proxy's address; the limits per address
must still count each visitor, by the header the proxy sets, and never by one a client makes up
when there is no proxy."""

import pytest
from django.test import Client

from tests.api.conftest import API

PROXY = "127.0.0.1"


def _categories(client: Client, visitor: str):
    return client.get(f"{API}/categories/", headers={"X-Real-IP": visitor}, REMOTE_ADDR=PROXY)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"


def test_behind_the_proxy_each_visitor_has_their_own_api_allowance(
    behind_proxy, throttle_policy, db
):
    client = Client()
    for _ in range(3):
        assert _categories(client, "203.0.113.7").status_code == 200

    assert _categories(client, "203.0.113.7").status_code == 429
    assert _categories(client, "198.51.100.20").status_code == 200


def test_without_a_proxy_a_made_up_header_does_not_escape_the_limit(throttle_policy, db):
    client = Client()
    for n in range(3):
        assert _categories(client, f"203.0.113.{n}").status_code == 200

    assert _categories(client, "203.0.113.99").status_code == 429


def test_a_header_that_is_not_an_address_counts_the_connection(behind_proxy, throttle_policy, db):
    client = Client()
    for n in range(3):
        assert _categories(client, f"not-an-address-{n}").status_code == 200

    assert _categories(client, "still-not-one").status_code == 429


def test_behind_the_proxy_wrong_passwords_from_one_visitor_do_not_lock_out_another(
    behind_proxy, make_member
):
    members = [make_member(f"member_{n}") for n in range(11)]
    client = Client()

    def log_in(member, visitor):
        return client.post(
            "/_allauth/app/v1/auth/login",
            {"email": member.email, "password": "wrong-password-again"},
            content_type="application/json",
            headers={"X-Real-IP": visitor},
            REMOTE_ADDR=PROXY,
        )

    # allauth allows 10 failed sign-ins a minute from one address, whichever the accounts.
    for member in members[:10]:
        assert log_in(member, "203.0.113.7").status_code == 400
    assert log_in(members[10], "203.0.113.7").status_code == 429

    answer = log_in(members[10], "198.51.100.20")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["code"] == "email_password_mismatch"


def test_the_header_is_believed_only_from_the_proxy(behind_proxy, throttle_policy, db):
    client = Client()

    def ask(visitor):
        return client.get(
            f"{API}/categories/", headers={"X-Real-IP": visitor}, REMOTE_ADDR="192.0.2.44"
        )

    for n in range(3):
        assert ask(f"203.0.113.{n}").status_code == 200

    assert ask("203.0.113.99").status_code == 429
