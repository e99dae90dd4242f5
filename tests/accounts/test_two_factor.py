"""Two-factor authentication for members (allauth.mfa): an authenticator app, set up from
/accounts/2fa/, asked for at every sign-in, with recovery codes for a lost phone; the same steps in
the mobile client's headless API."""

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

from tests.api.conftest import Api
from tests.conftest import PASSWORD, add_totp, totp_code, totp_code_for

AUTH = "/_allauth/app/v1/auth"
INDEX = "/accounts/2fa/"
ACTIVATE = "/accounts/2fa/totp/activate/"
DEACTIVATE = "/accounts/2fa/totp/deactivate/"
CODES = "/accounts/2fa/recovery-codes/"
SECOND_STEP = "/accounts/2fa/authenticate/"
WRONG_CODE = "That code did not work."


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def sign_in_with_password(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def confirm_password(client, next_url: str) -> None:
    """allauth asks for the password again before two-factor settings change."""
    response = client.post(
        f"/accounts/reauthenticate/?next={next_url}", {"password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == next_url


def set_up_app(client, user, capture) -> str:
    """Sign in, confirm the password, scan (read the key), type the code: the app's secret."""
    sign_in_with_password(client, user)
    confirm_password(client, ACTIVATE)
    assert client.get(ACTIVATE).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    with capture(execute=True):
        response = client.post(ACTIVATE, {"code": totp_code_for(secret)})
    assert response.status_code == 302
    return secret


def unlabelled_controls(page) -> list[dict]:
    """Every visible form control without a <label for> naming it."""
    labelled = {attrs.get("for") for tag, attrs in page.tags if tag == "label"}
    return [
        attrs
        for tag, attrs in page.tags
        if tag in {"input", "select", "textarea"}
        and attrs.get("type") not in {"hidden", "submit"}
        and attrs.get("id") not in labelled
    ]


# -- Setting it up --------------------------------------------------------------------------------


def test_two_factor_page_sits_in_the_site_layout_and_offers_the_app(signed_in, page_of):
    response = signed_in.get(INDEX)

    assert response.status_code == 200
    page = page_of(response)
    assert "Skip to main content" in page.text
    assert page.text_of("mfa-app") == "Authenticator app"
    assert "Off. Signing in takes your password" in page.text
    assert {"href": ACTIVATE, "text": "Set up an authenticator app"} in [
        {"href": link["href"], "text": link["text"]} for link in page.links
    ]
    account_nav = [link["href"] for link in page.links if link["href"] == INDEX]
    assert account_nav, "the account pages link to two-factor authentication"


def test_setting_up_asks_for_the_password_first(client, member):
    sign_in_with_password(client, member)

    response = client.get(ACTIVATE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_setup_page_shows_the_key_as_text_and_a_link_for_the_app_on_the_same_phone(
    client, member, page_of
):
    sign_in_with_password(client, member)
    confirm_password(client, ACTIVATE)

    page = page_of(client.get(ACTIVATE))

    secret = client.session[SECRET_SESSION_KEY]
    shown = page.text_of("totp-key")
    assert shown.replace(" ", "") == secret
    assert all(len(group) == 4 for group in shown.split()), "groups of four, easier to copy"
    # The QR code is allauth's SVG itself, in the page: a data: image would need img-src data:.
    at = next(i for i, (_, attrs) in enumerate(page.tags) if "totp-qr" in attrs.get("class", ""))
    (_, qr_code), (inside, _) = page.tags[at], page.tags[at + 1]
    assert inside == "svg"
    assert qr_code["role"] == "img"
    assert "QR code" in qr_code["aria-label"]
    app_links = [link["href"] for link in page.links if link["href"].startswith("otpauth://")]
    assert app_links == [
        f"otpauth://totp/hannah_mmn%40example.org?secret={secret}&issuer=MMN%20Community"
    ]
    code_input = next(attrs for tag, attrs in page.tags if attrs.get("name") == "code")
    assert code_input["inputmode"] == "numeric"
    assert code_input["autocomplete"] == "one-time-code"
    assert unlabelled_controls(page) == []


def test_wrong_code_while_setting_up_is_refused_with_a_clear_message(client, member, page_of):
    sign_in_with_password(client, member)
    confirm_password(client, ACTIVATE)
    client.get(ACTIVATE)
    secret = client.session[SECRET_SESSION_KEY]
    wrong = "000000" if totp_code_for(secret) != "000000" else "111111"

    response = client.post(ACTIVATE, {"code": wrong})

    assert response.status_code == 200
    page = page_of(response)
    assert WRONG_CODE in page.text
    assert client.session[SECRET_SESSION_KEY] == secret, "the same key, nothing to scan again"
    assert not Authenticator.objects.filter(user=member).exists()


def test_member_sets_up_the_app_and_is_shown_recovery_codes(
    client, member, page_of, django_capture_on_commit_callbacks
):
    set_up_app(client, member, django_capture_on_commit_callbacks)

    types = set(Authenticator.objects.filter(user=member).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    page = page_of(client.get(CODES))
    codes = [code for code in page.text.split() if code.isdigit() and len(code) == 8]
    assert len(codes) == 10
    assert "<script" not in client.get(CODES).content.decode()
    assert "On. Signing in asks for a code" in page_of(client.get(INDEX)).text


# -- Signing in with it ---------------------------------------------------------------------------


@pytest.fixture
def member_with_app(member):
    add_totp(member)
    return member


def test_signing_in_with_a_password_then_asks_for_the_code(client, member_with_app, page_of):
    response = sign_in_with_password(client, member_with_app)

    assert response.status_code == 302
    assert response["Location"] == SECOND_STEP
    assert not is_signed_in(client)
    page = page_of(client.get(SECOND_STEP))
    assert "Type the code from your authenticator app" in page.text
    assert unlabelled_controls(page) == []

    response = client.post(SECOND_STEP, {"code": totp_code(member_with_app)})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == member_with_app.pk


def test_wrong_code_at_sign_in_is_refused_with_a_clear_message(client, member_with_app, page_of):
    sign_in_with_password(client, member_with_app)
    right = totp_code(member_with_app)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(SECOND_STEP, {"code": wrong})

    assert response.status_code == 200
    page = page_of(response)
    assert WRONG_CODE in page.text
    assert "type the one your authenticator app shows now" in page.text
    assert not is_signed_in(client)


def test_a_code_typed_slowly_still_works_for_one_step_more(client, member_with_app):
    """MFA_TOTP_TOLERANCE = 1: the code that was showing 30 seconds ago is still accepted."""
    sign_in_with_password(client, member_with_app)

    response = client.post(SECOND_STEP, {"code": totp_code(member_with_app, steps_from_now=-1)})

    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_code_from_two_steps_ago_is_refused(client, member_with_app):
    sign_in_with_password(client, member_with_app)

    response = client.post(SECOND_STEP, {"code": totp_code(member_with_app, steps_from_now=-2)})

    assert response.status_code == 200
    assert not is_signed_in(client)


def test_each_code_signs_in_once(client, member_with_app):
    code = totp_code(member_with_app)
    sign_in_with_password(client, member_with_app)
    client.post(SECOND_STEP, {"code": code})
    client.post("/accounts/logout/")

    sign_in_with_password(client, member_with_app)
    response = client.post(SECOND_STEP, {"code": code})

    assert response.status_code == 200
    assert not is_signed_in(client)


def test_each_recovery_code_signs_in_once(
    client, member, page_of, django_capture_on_commit_callbacks
):
    set_up_app(client, member, django_capture_on_commit_callbacks)
    first, second = (
        Authenticator.objects.get(user=member, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()[:2]
    )
    client.post("/accounts/logout/")

    sign_in_with_password(client, member)
    assert client.post(SECOND_STEP, {"code": first}).status_code == 302
    assert is_signed_in(client)
    client.post("/accounts/logout/")

    sign_in_with_password(client, member)
    again = client.post(SECOND_STEP, {"code": first})
    assert again.status_code == 200
    assert WRONG_CODE in page_of(again).text
    assert not is_signed_in(client)
    assert client.post(SECOND_STEP, {"code": f"{second[:4]} {second[4:]}"}).status_code == 302
    assert is_signed_in(client)


# -- Turning it off -------------------------------------------------------------------------------


def test_member_turns_the_app_off_and_signs_in_with_the_password_alone(
    client, member, page_of, django_capture_on_commit_callbacks
):
    set_up_app(client, member, django_capture_on_commit_callbacks)
    page = page_of(client.get(DEACTIVATE))
    assert "Turn off two-factor authentication?" in page.text
    assert "admin stays closed" not in page.text, "that warning is for moderators"

    response = client.post(DEACTIVATE)

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=member).exists()
    client.post("/accounts/logout/")
    response = sign_in_with_password(client, member)
    assert response["Location"] == "/"
    assert is_signed_in(client)


def test_a_moderator_cannot_turn_the_app_off(client, moderator):
    client.force_login(moderator)

    client.post(DEACTIVATE)

    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()


def test_the_apps_secret_is_stored_encrypted(member_with_app):
    raw = Authenticator.objects.get(user=member_with_app, type=Authenticator.Type.TOTP).data[
        "secret"
    ]

    secret = get_adapter().decrypt(raw)
    assert raw.startswith("gAAAAA"), "a Fernet token, not the base32 secret itself"
    assert secret not in raw
    assert len(totp_code(member_with_app)) == 6, "and it still gives codes"


# -- The mobile client ----------------------------------------------------------------------------


def test_headless_sign_in_asks_for_the_code_as_a_second_step(member_with_app):
    app = Api()

    answer = app.post(f"{AUTH}/login", {"email": member_with_app.email, "password": PASSWORD})

    assert answer.status == 401
    flows = {flow["id"]: flow for flow in answer.json["data"]["flows"]}
    assert flows["mfa_authenticate"]["is_pending"] is True
    assert flows["mfa_authenticate"]["types"] == ["totp"]
    app.token = answer.json["meta"]["session_token"]
    assert app.get("me/").status == 401, "not signed in before the code"

    wrong = f"{(int(totp_code(member_with_app)) + 1) % 1_000_000:06d}"
    refused = app.post(f"{AUTH}/2fa/authenticate", {"code": wrong})
    assert refused.status == 400
    assert WRONG_CODE in refused.json["errors"][0]["message"]

    answer = app.post(f"{AUTH}/2fa/authenticate", {"code": totp_code(member_with_app)})

    assert answer.status == 200
    assert answer.json["meta"]["is_authenticated"] is True
    app.token = answer.json["meta"]["session_token"]
    assert app.get("me/").status == 200


def test_headless_sign_in_without_the_app_needs_no_second_step(member):
    answer = Api().post(f"{AUTH}/login", {"email": member.email, "password": PASSWORD})

    assert answer.status == 200
    assert answer.json["meta"]["is_authenticated"] is True


def test_mobile_client_sets_up_the_app_after_confirming_the_password(
    member, django_capture_on_commit_callbacks
):
    answer = Api().post(f"{AUTH}/login", {"email": member.email, "password": PASSWORD})
    app = Api(answer.json["meta"]["session_token"])
    totp = "/_allauth/app/v1/account/authenticators/totp"

    offered = app.get(totp)
    assert offered.status == 404, "not active yet: the answer carries a new secret"
    secret = offered.json["meta"]["secret"]
    assert offered.json["meta"]["totp_url"].startswith("otpauth://totp/")
    assert app.post(totp, {"code": totp_code_for(secret)}).status == 401, "password first"
    assert app.post(f"{AUTH}/reauthenticate", {"password": PASSWORD}).status == 200

    with django_capture_on_commit_callbacks(execute=True):
        answer = app.post(totp, {"code": totp_code_for(secret)})

    assert answer.status == 200
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).exists()
    again = Api().post(f"{AUTH}/login", {"email": member.email, "password": PASSWORD})
    assert again.status == 401
    assert "mfa_authenticate" in {flow["id"] for flow in again.json["data"]["flows"]}
