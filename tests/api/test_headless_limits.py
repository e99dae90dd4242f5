"""The mobile sign-in's limit on wrong passwords answers as every other limit of the API does:
429 with Retry-After, in allauth's headless shape that the app reads for its other errors."""

from django.test import Client

from tests.conftest import PASSWORD

LOGIN = "/_allauth/app/v1/auth/login"


def _log_in(client: Client, email: str, password: str):
    return client.post(
        LOGIN, {"email": email, "password": password}, content_type="application/json"
    )


def test_the_sixth_wrong_password_for_an_account_is_429_with_retry_after(member, settings):
    client = Client()
    for _ in range(5):
        wrong = _log_in(client, member.email, "not-my-password-at-all")
        assert wrong.status_code == 400
        assert wrong.json()["errors"][0]["code"] == "email_password_mismatch"

    limited = _log_in(client, member.email, PASSWORD)

    assert limited.status_code == 429
    assert limited["Retry-After"] == str(settings.LOGIN_FAILED_WINDOW_SECONDS) == "300"
    body = limited.json()
    assert body["status"] == 429
    assert [error["code"] for error in body["errors"]] == ["too_many_login_attempts"]


def test_other_sign_in_errors_keep_their_400(member):
    answer = _log_in(Client(), member.email, "not-my-password-at-all")

    assert answer.status_code == 400
    assert not answer.has_header("Retry-After")


def test_a_right_password_before_the_limit_signs_in(member):
    client = Client()
    for _ in range(4):
        _log_in(client, member.email, "not-my-password-at-all")

    answer = _log_in(client, member.email, PASSWORD)

    assert answer.status_code == 200
    assert answer.json()["meta"]["is_authenticated"] is True
