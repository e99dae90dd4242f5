"""Signing in and out, a sign-in code by email, password reset and the email page (allauth)."""

import re

from tests.conftest import PASSWORD


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def emailed_code(message) -> str:
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)


def test_member_signs_in_with_email_and_password(client, member):
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == member.pk
    home = client.get("/").content.decode()
    assert "Sign out" in home
    assert "hannah_mmn" in home


def test_email_is_matched_without_regard_to_case_at_sign_in(client, member):
    response = client.post(
        "/accounts/login/", {"login": member.email.upper(), "password": PASSWORD}
    )

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk


def test_wrong_password_is_refused_without_signing_in(client, member):
    response = client.post("/accounts/login/", {"login": member.email, "password": "not-it-at-all"})

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert not is_signed_in(client)


def test_login_page_offers_a_sign_in_code(client, db):
    html = client.get("/accounts/login/").content.decode()

    assert 'href="/accounts/login/code/"' in html


def test_emailed_sign_in_code_signs_the_member_in(client, member, mailoutbox):
    response = client.post("/accounts/login/code/", {"email": member.email})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/confirm/"
    assert not is_signed_in(client)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert "Sign-In Code" in mailoutbox[0].subject

    response = client.post("/accounts/login/code/confirm/", {"code": emailed_code(mailoutbox[0])})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk


def test_wrong_sign_in_code_does_not_sign_in(client, member, mailoutbox):
    client.post("/accounts/login/code/", {"email": member.email})
    real = emailed_code(mailoutbox[0])
    wrong = "AAAA-AAAA" if real != "AAAA-AAAA" else "BBBB-BBBB"

    response = client.post("/accounts/login/code/confirm/", {"code": wrong})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not is_signed_in(client)


def test_logout_needs_a_post(signed_in):
    page = signed_in.get("/accounts/logout/")

    assert page.status_code == 200
    assert "Are you sure you want to sign out?" in page.content.decode()
    assert is_signed_in(signed_in)

    response = signed_in.post("/accounts/logout/")

    assert response.status_code == 302
    assert not is_signed_in(signed_in)
    assert "Sign out" not in signed_in.get("/").content.decode()


def test_password_reset_emails_a_code_that_sets_a_new_password(client, member, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": member.email})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/confirm/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    code = emailed_code(mailoutbox[0])

    response = client.post("/accounts/password/reset/confirm/", {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/complete/"
    new_password = "weaker-grip-stronger-will-7"
    response = client.post(
        response["Location"], {"password1": new_password, "password2": new_password}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new_password)


def test_a_wrong_password_reset_code_changes_nothing(client, member, mailoutbox):
    client.post("/accounts/password/reset/", {"email": member.email})

    response = client.post("/accounts/password/reset/confirm/", {"code": "AAAA-AAAA"})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_email_page_is_reachable_signed_in(signed_in, member):
    response = signed_in.get("/accounts/email/")

    assert response.status_code == 200
    assert member.email in response.content.decode(), "members see their own address here"


def test_email_page_asks_a_visitor_to_sign_in(client, db):
    response = client.get("/accounts/email/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/email/")
