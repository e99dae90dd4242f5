"""/settings/: a member's own profile, email choice, their data as JSON, and closing the account."""

import json

import pytest
from django.utils import timezone

from accounts.models import User
from forum.models import Comment, CommentStatus
from tests.conftest import PASSWORD

SETTINGS = "/settings/"
DELETE = "/settings/delete/"


def profile_data(member, **changes) -> dict:
    return {
        "display_name": member.display_name,
        "role": member.role,
        "region": member.region,
        "bio": member.bio,
        **changes,
    }


def fresh(member) -> User:
    return User.objects.get(pk=member.pk)


# -- The page ------------------------------------------------------------------------------------


def test_settings_need_signing_in(client, db):
    response = client.get(SETTINGS)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_settings_page_has_a_heading_for_each_section_and_shows_the_members_own_email(
    signed_in, member, page_of
):
    response = signed_in.get(SETTINGS)

    assert response.status_code == 200
    page = page_of(response)
    headings = [
        page.text_of(f"{name}-heading")
        for name in (
            "profile",
            "sign-in",
            "two-factor",
            "email-notifications",
            "your-data",
            "delete-account",
        )
    ]
    assert headings == [
        "Your profile",
        "Email address and password",
        "Two-factor authentication",
        "Email notifications",
        "Your data",
        "Delete your account",
    ]
    assert member.email in page.text_of("sign-in")
    assert "no-store" in response["Cache-Control"], "a page with the email is never cached"


def test_settings_link_to_two_factor_email_change_and_the_delete_page(signed_in, page_of):
    links = {link["text"]: link["href"] for link in page_of(signed_in.get(SETTINGS)).links}

    assert links["Two-factor authentication"] == "/accounts/2fa/"
    assert links["Change your email address"] == "/accounts/email/"
    assert links["Change your password"] == "/accounts/password/change/"
    assert links["Delete your account"] == DELETE


def test_header_links_to_settings_and_marks_it_current_there(signed_in, page_of):
    [link] = [link for link in page_of(signed_in.get("/")).links if link["text"] == "Settings"]
    assert link["href"] == SETTINGS

    page = page_of(signed_in.get(SETTINGS))
    assert ("a", {"href": SETTINGS, "aria-current": "page"}) in page.tags


def test_every_control_on_the_settings_pages_has_a_label(signed_in, page_of):
    for url in (SETTINGS, DELETE):
        page = page_of(signed_in.get(url))
        labelled = {attrs.get("for") for tag, attrs in page.tags if tag == "label"}
        controls = [
            attrs
            for tag, attrs in page.tags
            if tag in {"input", "select", "textarea"} and attrs.get("type") != "hidden"
        ]
        assert controls, url
        for attrs in controls:
            assert attrs.get("id") in labelled, (url, attrs)


# -- Profile -------------------------------------------------------------------------------------


def test_member_changes_their_profile_and_sees_it_on_their_public_page(signed_in, member, page_of):
    response = signed_in.post(
        SETTINGS,
        profile_data(
            member, display_name="hannah_k", role="carer", region="eu", bio="Grip aids fan."
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == "/settings/#profile"
    member = fresh(member)
    assert (member.display_name, member.role, member.region, member.bio) == (
        "hannah_k",
        "carer",
        "eu",
        "Grip aids fan.",
    )
    page = page_of(signed_in.get("/u/hannah_k/"))
    assert "Grip aids fan." in page.text
    assert "Your profile is saved." in page.text


def test_a_name_taken_in_another_case_is_refused_and_what_was_typed_is_kept(
    signed_in, member, other_member, page_of
):
    response = signed_in.post(
        SETTINGS, profile_data(member, display_name="CARER_DAVE", bio="My new words.")
    )

    assert response.status_code == 400
    page = page_of(response)
    assert "That display name is taken. Please choose another." in page.text
    assert "My new words." in page.text
    assert ("input", {"value": "CARER_DAVE"}) in [
        (tag, {"value": attrs.get("value")}) for tag, attrs in page.tags if tag == "input"
    ]
    assert fresh(member).display_name == "hannah_mmn"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Moderator_Jo", "reserved"),
        ("jo smith", "no spaces"),
        ("jo", "3 to 30 characters"),
    ],
)
def test_display_names_follow_the_sign_up_rules(signed_in, member, page_of, name, message):
    response = signed_in.post(SETTINGS, profile_data(member, display_name=name))

    assert response.status_code == 400
    assert message in page_of(response).text
    assert fresh(member).display_name == "hannah_mmn"


def test_member_may_change_the_case_of_their_own_name(signed_in, member):
    response = signed_in.post(SETTINGS, profile_data(member, display_name="Hannah_MMN"))

    assert response.status_code == 302
    assert fresh(member).display_name == "Hannah_MMN"


def test_a_bio_longer_than_allowed_is_refused_and_kept(signed_in, member, page_of):
    response = signed_in.post(SETTINGS, profile_data(member, bio="x" * 1001))

    assert response.status_code == 400
    assert "at most 1000 characters" in page_of(response).text
    assert fresh(member).bio == ""


# -- Email notifications -------------------------------------------------------------------------


@pytest.mark.parametrize("choice", ["immediately", "daily", "never"])
def test_member_chooses_how_notifications_are_emailed(signed_in, member, page_of, choice):
    response = signed_in.post("/settings/email/", {"email_notifications": choice})

    assert response.status_code == 302
    assert response["Location"] == "/settings/#email-notifications"
    assert fresh(member).email_notifications == choice
    page = page_of(signed_in.get(SETTINGS))
    [checked] = [
        attrs["value"]
        for tag, attrs in page.tags
        if tag == "input" and attrs.get("name") == "email_notifications" and "checked" in attrs
    ]
    assert checked == choice


def test_each_email_choice_says_what_it_means(signed_in, page_of):
    text = page_of(signed_in.get(SETTINGS)).text_of("email-notifications")

    assert "At once: one email for each notification, as it happens" in text
    assert "A daily digest: at most one email a day listing what is new" in text
    assert "Never: no notification emails" in text
    assert "we email you at once if a moderator suspends your account" in text


def test_an_unknown_email_choice_is_refused(signed_in, member):
    response = signed_in.post("/settings/email/", {"email_notifications": "hourly"})

    assert response.status_code == 400
    assert fresh(member).email_notifications == "daily"


# -- Your data -----------------------------------------------------------------------------------


def test_member_downloads_everything_as_a_json_attachment_never_cached(
    signed_in, member, make_thread
):
    make_thread(member, title="Grip aids that work for me", body="A foam tube on my pen.")

    response = signed_in.post("/settings/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (f'attachment; filename="mmn-community-{today}.json"')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == member.email
    assert [thread["title"] for thread in data["threads"]] == ["Grip aids that work for me"]


def test_export_is_a_post_from_the_signed_in_member_only(client, signed_in):
    assert signed_in.get("/settings/export/").status_code == 405
    client.logout()
    response = client.post("/settings/export/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# -- Deleting the account ------------------------------------------------------------------------


def test_delete_page_explains_the_choice_and_asks_for_the_password(signed_in, page_of):
    response = signed_in.get(DELETE)

    assert response.status_code == 200
    page = page_of(response)
    assert "Keep them:" in page.text
    assert "Remove them:" in page.text
    assert "I understand this cannot be undone" in page.text
    names = {attrs.get("name") for tag, attrs in page.tags if tag == "input"}
    assert {"comments", "understood", "password"} <= names


def test_member_deletes_their_account_keeping_comments_and_is_signed_out_with_a_goodbye(
    signed_in, member, thread, page_of, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            DELETE, {"comments": "keep", "understood": "on", "password": PASSWORD}
        )

    assert response.status_code == 302
    assert response["Location"] == "/settings/deleted/"
    member = fresh(member)
    assert not member.is_active
    assert member.display_name == f"Former member {member.pk}"
    opening = Comment.objects.get(thread=thread, is_opening=True)
    assert (opening.status, opening.body) == (
        CommentStatus.PUBLISHED,
        "Mine are every three weeks.",
    )
    goodbye = signed_in.get(response["Location"])
    assert "Your account is deleted" in page_of(goodbye).text
    assert "Sign in" in page_of(goodbye).text, "signed out"
    assert signed_in.get(SETTINGS).status_code == 302


def test_member_deletes_their_account_removing_comments(signed_in, member, thread):
    response = signed_in.post(
        DELETE, {"comments": "remove", "understood": "on", "password": PASSWORD}
    )

    assert response.status_code == 302
    opening = Comment.objects.get(thread=thread, is_opening=True)
    assert (opening.status, opening.body) == (CommentStatus.REMOVED, "")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"comments": "keep", "password": PASSWORD}, "Please tick the box"),
        ({"understood": "on", "password": PASSWORD}, "Please choose what happens"),
        ({"comments": "keep", "understood": "on", "password": "wrong"}, "not your password"),
        ({"comments": "keep", "understood": "on"}, "This field is required."),
    ],
)
def test_nothing_is_deleted_without_the_choice_the_tick_and_the_password(
    signed_in, member, page_of, data, error
):
    response = signed_in.post(DELETE, data)

    assert response.status_code == 400
    assert error in page_of(response).text
    assert fresh(member).is_active


def test_wrong_passwords_lock_the_delete_form_for_a_while(signed_in, member, page_of):
    wrong = {"comments": "keep", "understood": "on", "password": "not-it"}
    for _ in range(5):
        signed_in.post(DELETE, wrong)

    response = signed_in.post(DELETE, {**wrong, "password": PASSWORD})

    assert response.status_code == 400
    assert "Too many wrong passwords" in page_of(response).text
    assert fresh(member).is_active


def test_a_member_who_signs_in_by_code_types_their_display_name_instead(
    client, make_member, page_of
):
    coder = make_member("code_only")
    coder.set_unusable_password()
    coder.save()
    client.force_login(coder)

    page = page_of(client.get(DELETE))
    names = {attrs.get("name") for tag, attrs in page.tags if tag == "input"}
    assert "password" not in names
    assert "Type your display name" in page.text

    refused = client.post(DELETE, {"comments": "keep", "understood": "on", "display_name": "x"})
    assert refused.status_code == 400
    assert fresh(coder).is_active

    response = client.post(
        DELETE, {"comments": "keep", "understood": "on", "display_name": "CODE_ONLY"}
    )
    assert response.status_code == 302
    assert not fresh(coder).is_active


def test_the_last_superuser_is_told_why_they_cannot_delete_their_account(
    client, admin_user, page_of
):
    client.force_login(admin_user)

    response = client.post(DELETE, {"comments": "keep", "understood": "on", "password": PASSWORD})

    assert response.status_code == 403
    assert "The last superuser cannot delete their account." in page_of(response).text
    assert fresh(admin_user).is_active


def test_goodbye_page_needs_no_account(client, db, page_of):
    response = client.get("/settings/deleted/")

    assert response.status_code == 200
    assert "Your account is deleted" in page_of(response).text
