"""axe-core finds nothing wrong on the pages members use, signed out, signed in and mid-mistake."""

import pytest
from django.template.loader import render_to_string
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, add_totp
from tests.e2e.helpers import assert_accessible

SIGNED_OUT_PAGES = {
    "home": ("/", 200),
    "category": ("/c/treatment/", 200),
    "thread": ("{thread}", 200),
    "profile": ("/u/hannah_mmn/", 200),
    "sign-in": ("/accounts/login/", 200),
    "sign-in-code": ("/accounts/login/code/", 200),
    "password-reset": ("/accounts/password/reset/", 200),
    "sign-up": ("/accounts/signup/", 200),
    "not-found": ("/c/no-such-category/", 404),
    "search-results": ("/search/?q=grip", 200),
    "search-refused": ("/search/?q=%21%21%21", 400),
}

SIGNED_IN_PAGES = {
    "home": "/",
    "thread": "{thread}",
    "profile": "/u/hannah_mmn/",
    "email-management": "/accounts/email/",
    "password-change": "/accounts/password/change/",
    "new-thread": "/c/treatment/new/",
    "edit-comment": "/comments/{opening}/edit/",
    "delete-comment": "/comments/{opening}/delete/",
    "notifications": "/notifications/",
    "settings": "/settings/",
    "delete-account": "/settings/delete/",
    "search": "/search/?q=foam",
    "two-factor": "/accounts/2fa/",
    # Setting up an authenticator app starts by asking for the password again.
    "two-factor-confirm-password": "/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/",
}

# A form sent empty: (signed in?, where it is, its button, an error the member should read).
EMPTY_FORMS = {
    "new-thread": (True, "/c/treatment/new/", "Post thread", "Please give the thread a title."),
    "reply": (True, "{thread}", "Post reply", "Please write something before posting."),
    "sign-up": (False, "/accounts/signup/", "Sign Up", "This field is required."),
    "sign-in": (False, "/accounts/login/", "Sign In", "This field is required."),
}


def _path(template: str, thread) -> str:
    return template.format(thread=thread.get_absolute_url(), opening=thread.comments.first().pk)


@pytest.mark.parametrize(("path", "status"), SIGNED_OUT_PAGES.values(), ids=SIGNED_OUT_PAGES)
def test_signed_out_page_has_no_accessibility_violations(
    page: Page, site, conversation, path, status
):
    response = page.goto(site + _path(path, conversation))
    assert response.status == status
    assert_accessible(page)


@pytest.mark.parametrize("path", SIGNED_IN_PAGES.values(), ids=SIGNED_IN_PAGES)
def test_signed_in_page_has_no_accessibility_violations(
    page: Page, site, sign_in, member, conversation, path
):
    sign_in(page.context, member)
    response = page.goto(site + _path(path, conversation))
    assert response.status == 200
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("signed_in", "path", "button", "error"), EMPTY_FORMS.values(), ids=EMPTY_FORMS
)
def test_form_showing_validation_errors_has_no_accessibility_violations(
    page: Page, site, sign_in, member, conversation, signed_in, path, button, error
):
    if signed_in:
        sign_in(page.context, member)
    page.goto(site + _path(path, conversation))
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_text(error).first).to_be_visible()
    assert_accessible(page)


def test_authenticator_app_setup_has_no_accessibility_violations(page: Page, site, sign_in, member):
    """The setup page, reached as a member reaches it: password again, then the QR code and key,
    then again with a wrong code's error showing."""
    sign_in(page.context, member)
    page.goto(site + "/accounts/2fa/totp/activate/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    expect(page.locator("#totp-key")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_text("That code did not work.").first).to_be_visible()
    assert_accessible(page)


def test_sign_in_code_step_has_no_accessibility_violations(page: Page, site, member):
    add_totp(member)
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(
        page.get_by_role("heading", name="Type the code from your authenticator app")
    ).to_be_visible()
    assert_accessible(page)


def test_the_unavailable_page_is_accessible_and_fits_a_small_phone(page: Page):
    """The 503 page is made without the database, so without the site's layout: it must still
    read well on its own, at 320 px, with its one link reachable by keyboard."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.set_content(render_to_string("503.html"))

    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Try the forum's front page again")
