"""Joining: allauth's sign-up page with our details, consent and display-name rules."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from tests.conftest import PASSWORD

SIGNUP_URL = "/accounts/signup/"


def signup_data(**overrides) -> dict:
    data = {
        "email": "sam@example.org",
        "display_name": "sam_k",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "role": "carer",
        "region": "uk",
        "accept_terms": "on",
        "consent_health_data": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def emailed_code(message) -> str:
    """The short code allauth emails (e.g. "BKLR-XCXV"), on a line of its own: easier to type
    on a phone than a link is to open on the right device."""
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE).group(1)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def signed_up(client, db, mailoutbox):
    """A full sign-up, left unverified: the member has only the email in their inbox."""
    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 302
    return User.objects.get(email="sam@example.org")


def test_signup_page_asks_for_details_and_both_consents(client, db):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for field in ["email", "display_name", "password1", "password2", "role", "region"]:
        assert f'name="{field}"' in html
    assert 'name="accept_terms"' in html
    assert 'name="consent_health_data"' in html
    assert "I agree to the community guidelines." in html


def test_signup_sends_a_verification_email(client, db, mailoutbox):
    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["sam@example.org"]
    assert message.subject.startswith("[MMN Community] ")
    assert "Hello from the MMN Community" in message.body
    assert emailed_code(message)
    page = client.get(response["Location"]).content.decode()
    assert "Enter Email Verification Code" in page
    assert 'autocomplete="one-time-code"' in page


def test_new_member_is_not_signed_in_until_the_email_is_verified(client, signed_up):
    assert not is_signed_in(client)
    assert not EmailAddress.objects.get(user=signed_up).verified
    home = client.get("/").content.decode()
    assert "Sign out" not in home
    assert "sam_k" not in home


def test_unverified_member_cannot_sign_in_with_the_password(client, signed_up):
    response = client.post("/accounts/login/", {"login": "sam@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not is_signed_in(client)
    assert "Sign out" not in client.get("/").content.decode()


def test_entering_the_emailed_code_signs_the_member_in(client, signed_up, mailoutbox):
    code = emailed_code(mailoutbox[0])
    assert not is_signed_in(client)

    response = client.post("/accounts/confirm-email/", {"code": code})

    assert response.status_code == 302
    assert is_signed_in(client)
    assert int(client.session["_auth_user_id"]) == signed_up.pk
    assert EmailAddress.objects.get(user=signed_up).verified
    home = client.get(response["Location"]).content.decode()
    assert "Sign out" in home
    assert "sam_k" in home


def test_a_wrong_code_leaves_the_member_unverified_and_signed_out(client, signed_up):
    response = client.post("/accounts/confirm-email/", {"code": "AAAA-AAAA"})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not is_signed_in(client)
    assert not EmailAddress.objects.get(user=signed_up).verified


def test_signup_records_details_and_the_consented_versions(client, signed_up, settings):
    before = timezone.now()

    signed_up.refresh_from_db()

    assert signed_up.display_name == "sam_k"
    assert signed_up.role == "carer"
    assert signed_up.region == "uk"
    assert signed_up.terms_version == settings.TERMS_VERSION
    assert signed_up.health_data_consent_version == settings.HEALTH_DATA_CONSENT_VERSION
    assert signed_up.terms_accepted_at is not None
    assert signed_up.health_data_consent_at is not None
    assert signed_up.terms_accepted_at <= before
    assert (before - signed_up.health_data_consent_at).total_seconds() < 60


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("accept_terms", "Please agree to the community guidelines to join."),
        (
            "consent_health_data",
            "We can only hold health-related posts with your explicit consent.",
        ),
    ],
)
def test_signup_without_a_consent_box_is_refused_with_its_reason(
    client, db, mailoutbox, missing, message
):
    response = client.post(SIGNUP_URL, signup_data(**{missing: None}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert mailoutbox == []


TAKEN = "That display name is taken. Please choose another."
RESERVED = (
    "That display name is reserved, or sounds like a role on the site. Please choose another."
)
MIXED = "Please use letters from one alphabet in your display name."
LENGTH = "Display names are 3 to 30 characters long."
CHARACTERS = "Use letters and numbers, with dots, dashes or underscores between them"


def test_accented_names_differing_only_in_case_are_the_same_name(client, make_member):
    make_member("\u00c9mile_k", email="emile@example.org")

    response = client.post(SIGNUP_URL, signup_data(display_name="\u00e9MILE_K"))

    assert response.status_code == 200
    assert "That display name is taken. Please choose another." in response.content.decode()
    assert not User.objects.filter(display_name="\u00e9MILE_K").exists()


@pytest.mark.parametrize(
    ("display_name", "message"),
    [
        ("hannah_mmn", TAKEN),
        ("Hannah_MMN", TAKEN),
        ("HANNAH_mmn", TAKEN),
        ("\uff48\uff41\uff4e\uff4e\uff41\uff48_\uff4d\uff4d\uff4e", TAKEN),  # full-width letters
        ("admin", RESERVED),
        ("Moderator", RESERVED),
        ("s.t.a.f.f", RESERVED),
        ("Former-Member", RESERVED),
        ("Former-member-12", RESERVED),
        ("former_member_7", RESERVED),
        ("mmn_community", RESERVED),
        ("No.Reply", RESERVED),
        ("\uff41\uff44\uff4d\uff49\uff4e", RESERVED),  # full-width "admin"
        ("Moderator_Jane", RESERVED),
        ("MMN.Admin", RESERVED),
        ("Official-Support", RESERVED),
        ("AdminJane", RESERVED),
        ("jane.the.moderator", RESERVED),
        ("\u0430dmin", MIXED),  # a Cyrillic "а" in front of Latin letters
        ("jo", LENGTH),
        ("  jo  ", LENGTH),
        ("j" * 31, "Ensure this value has at most 30 characters (it has 31)."),
        ("jo carer", CHARACTERS),
        ("jo!carer", CHARACTERS),
        ("_jocarer", CHARACTERS),
        ("jocarer.", CHARACTERS),
        ("jo@example.org", CHARACTERS),
        ("<script>alert(1)</script>", CHARACTERS),
        ('"><img src=x onerror=alert(1)>', CHARACTERS),
    ],
)
def test_unusable_display_name_is_refused_with_a_clear_error_and_nothing_saved(
    client, member, mailoutbox, display_name, message
):
    response = client.post(SIGNUP_URL, signup_data(display_name=display_name))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(User.objects.all()) == [member]
    assert not EmailAddress.objects.filter(email="sam@example.org").exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "display_name", ["jane_volunteer", "formerly_sam", "Sam.K", "jo-carer", "IVIg4me"]
)
def test_display_name_with_a_reserved_word_inside_it_is_accepted(
    client, db, mailoutbox, display_name
):
    response = client.post(SIGNUP_URL, signup_data(display_name=display_name))

    assert response.status_code == 302
    assert User.objects.get(email="sam@example.org").display_name == display_name


def test_full_width_display_name_is_saved_in_its_plain_form(client, db, mailoutbox):
    response = client.post(SIGNUP_URL, signup_data(display_name="\uff33\uff41\uff4d.\uff2b"))

    assert response.status_code == 302
    assert User.objects.get(email="sam@example.org").display_name == "Sam.K"


def test_display_names_of_other_scripts_are_welcome(client, db, mailoutbox):
    response = client.post(SIGNUP_URL, signup_data(display_name="Jürgen-Ødegård"))

    assert response.status_code == 302
    assert User.objects.get(email="sam@example.org").display_name == "Jürgen-Ødegård"


def test_signup_with_an_email_already_registered_creates_no_second_account(
    client, member, mailoutbox
):
    response = client.post(SIGNUP_URL, signup_data(email=member.email.upper()))

    # allauth does not say whether the address is registered (no account enumeration)...
    assert response.status_code == 302
    assert list(User.objects.all()) == [member]
    # ...but tells the owner of the address by email.
    assert [message.to for message in mailoutbox] == [[member.email]]
