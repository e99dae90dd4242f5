"""The Content-Security-Policy in a real browser: the pages members, moderators and developers use
break none of its rules, and the scripts that matter still run under it.

Chromium fires a `securitypolicyviolation` event for everything the policy refuses: an inline
script or style, a style attribute, an on... handler, a data: image, a script from elsewhere.
A script added before any of the page's own collects them into window.__cspViolations; the
console's "Refused to ..." lines are kept as well, for a refusal no event reports.
"""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import ConsoleMessage, Page, Response, expect

from forum import services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("moderators_group")

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    where: `${event.sourceFile || "the page"}:${event.lineNumber}`,
    sample: event.sample,
  });
}, true);
"""
# Those since the last reading. Violations are reported in a task of their own: wait a moment.
READ_VIOLATIONS = """() => new Promise(done => setTimeout(
  () => done(window.__cspViolations.splice(0)), 200
))"""
# Redoc shows Redocly's logo from their server. The policy keeps that request from leaving the
# browser, as it should (every byte of a page from our own server); Redoc then hides the image.
REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@pytest.fixture
def refusals(page: Page) -> list[str]:
    """The console's "Refused to ..." lines, page after page (see assert_no_violations)."""
    lines: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            lines.append(f"{page.url}: {message.text}")

    page.add_init_script(COLLECT_VIOLATIONS)
    page.on("console", keep)
    return lines


def assert_enforced(response: Response) -> None:
    headers = response.headers
    assert "content-security-policy" in headers, f"no policy on {response.url}"
    assert "content-security-policy-report-only" not in headers, response.url


def assert_no_violations(page: Page, refusals: list[str], *, except_for: str = "") -> None:
    """Nothing on the page as it is now broke the policy, but for the one refusal of
    `except_for` when given (which must then have happened). Clears the console lines."""
    violations = page.evaluate(READ_VIOLATIONS)
    lines, refusals[:] = list(refusals), []
    if except_for:
        assert [v["blocked"] for v in violations].count(except_for) == 1, violations
        violations = [v for v in violations if v["blocked"] != except_for]
        lines = [line for line in lines if except_for not in line]
    found = [
        f"{page.url}: {v['directive']} refused {v['blocked'] or '?'} ({v['where']}) {v['sample']}"
        for v in violations
    ] + lines
    assert not found, "the Content-Security-Policy refused:\n" + "\n".join(found)


@pytest.fixture
def held_reply(conversation, other_member):
    """A reply waiting in the review queue (the honeypot filled in holds it)."""
    return services.comment_create(
        author=other_member, thread=conversation, body="Cheap grip aids here!", honeypot="robot"
    )


# -- Members' pages --------------------------------------------------------------------------------

SIGNED_OUT_PAGES = {
    "home": ("/", "Welcome to the MMN Community"),
    "category": ("/c/treatment/", "Treatment"),
    "thread": ("{thread}", "Grip aids that actually help"),
    "sign-in": ("/accounts/login/", "Sign in"),
    "sign-up": ("/accounts/signup/", "Sign up"),
    "search": ("/search/?q=grip", "Search"),
    "resources": ("/resources/", "Resource directory"),
    "resource": ("/resources/ninds-mmn/", "Multifocal Motor Neuropathy"),
    "profile": ("/u/hannah_mmn/", "hannah_mmn"),
    "guidelines": ("/guidelines/", "guidelines"),
    "not-found": ("/c/no-such-category/", "not found"),
}


@pytest.mark.parametrize(("path", "heading"), SIGNED_OUT_PAGES.values(), ids=SIGNED_OUT_PAGES)
def test_signed_out_page_breaks_no_rule_of_the_policy(
    page: Page, refusals, site, conversation, path, heading
):
    response = page.goto(site + path.format(thread=conversation.get_absolute_url()))

    assert_enforced(response)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading, ignore_case=True)
    assert_no_violations(page, refusals)


SIGNED_IN_PAGES = {
    "home": ("/", "Welcome to the MMN Community"),
    "category": ("/c/treatment/", "Treatment"),
    "new-thread": ("/c/treatment/new/", "Start a thread"),
    "settings": ("/settings/", "Settings"),
    "email-address": ("/accounts/email/", "Email address"),
    "two-factor": ("/accounts/2fa/", "Two-factor authentication"),
    "search": ("/search/?q=foam", "Search"),
    "resources": ("/resources/", "Resource directory"),
    "suggest-a-resource": ("/resources/suggest/", "Suggest"),
    "notifications": ("/notifications/", "Notifications"),
}


@pytest.mark.parametrize(("path", "heading"), SIGNED_IN_PAGES.values(), ids=SIGNED_IN_PAGES)
def test_signed_in_page_breaks_no_rule_of_the_policy(
    page: Page, refusals, site, sign_in, member, path, heading
):
    sign_in(page.context, member)

    response = page.goto(site + path)

    assert_enforced(response)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading, ignore_case=True)
    assert_no_violations(page, refusals)


def test_drafts_are_saved_on_a_thread_under_the_policy(
    page: Page, refusals, site, sign_in, member, conversation
):
    sign_in(page.context, member)
    response = page.goto(site + conversation.get_absolute_url())
    assert_enforced(response)

    page.get_by_label("Your reply").fill("Foam tubing on the fork handle works for me.")

    expect(page.locator(".draft-status")).to_contain_text("Draft saved")
    keys = page.evaluate("() => Object.keys(localStorage)")
    assert any(key.startswith("mmn-draft:") for key in keys), keys
    assert_no_violations(page, refusals)


def test_pending_email_change_page_breaks_no_rule_and_hides_its_form(
    page: Page, refusals, site, sign_in, member
):
    """allauth's page has a hidden form for the pending address's buttons: hidden without a
    style attribute, which the policy would refuse (and so show the form)."""
    EmailAddress.objects.create(user=member, email="new-address@example.org", verified=False)
    sign_in(page.context, member)

    page.goto(site + "/accounts/email/")

    expect(page.get_by_role("button", name="Re-send Verification")).to_be_visible()
    expect(page.locator("#pending-email")).to_be_hidden()
    assert_no_violations(page, refusals)


def test_authenticator_app_setup_shows_its_qr_code_under_the_policy(
    page: Page, refusals, site, sign_in, member
):
    sign_in(page.context, member)
    page.goto(site + "/accounts/2fa/totp/activate/")
    assert_no_violations(page, refusals)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    qr = page.get_by_role("img", name="QR code for adding MMN Community")
    expect(qr).to_be_visible()
    box = qr.locator("svg").bounding_box()
    assert box["width"] > 200 and box["height"] > 200, box
    assert_no_violations(page, refusals)


# -- The admin, as a moderator with two-factor authentication -------------------------------------

ADMIN_PAGES = {
    "index": ("/admin/", "Site administration"),
    "review-queue": ("/admin/forum/reviewitem/", "review"),
    "comments": ("/admin/forum/comment/", "comment"),
    "comment": ("/admin/forum/comment/{held}/change/", "comment"),
    "threads": ("/admin/forum/thread/", "thread"),
    "members": ("/admin/accounts/user/", "user"),
    "resources": ("/admin/resources/resource/", "resource"),
    "suggestions": ("/admin/resources/resourcesuggestion/", "suggestion"),
    "audit-log": ("/admin/audit/auditentry/", "audit"),
}


@pytest.mark.parametrize(("path", "heading"), ADMIN_PAGES.values(), ids=ADMIN_PAGES)
def test_admin_page_breaks_no_rule_of_the_policy(
    page: Page, refusals, site, sign_in, moderator, held_reply, path, heading
):
    sign_in(page.context, moderator)

    response = page.goto(site + path.format(held=held_reply.pk))

    assert response.status == 200
    assert_enforced(response)
    expect(page.locator("#content h1, #content h2").first).to_contain_text(
        heading, ignore_case=True
    )
    assert_no_violations(page, refusals)


def test_admin_action_checkboxes_work_under_the_policy(
    page: Page, refusals, site, sign_in, moderator, held_reply
):
    """Django's actions.js counts the rows chosen and offers the action: it ran."""
    sign_in(page.context, moderator)
    page.goto(site + "/admin/forum/reviewitem/")

    page.locator("input.action-select").first.check()

    expect(page.locator(".action-counter")).to_contain_text("1 of 1 selected")
    expect(page.locator("tr.selected")).to_have_count(1)
    assert_no_violations(page, refusals)
    page.get_by_role("combobox", name="Action").select_option(label="Approve selected comments")
    page.get_by_role("button", name="Go", exact=True).click()

    expect(page.get_by_role("heading", name="Approve these comments?")).to_be_visible()
    assert_no_violations(page, refusals)


def test_admin_add_form_fills_in_the_slug_under_the_policy(
    page: Page, refusals, site, sign_in, moderator
):
    """Django's prepopulate.js, started from data attributes, makes the slug from the name."""
    sign_in(page.context, moderator)
    page.goto(site + "/admin/resources/resource/add/")

    page.get_by_label("Name").press_sequentially("Hand Therapy Guide")

    expect(page.get_by_label("Slug")).to_have_value("hand-therapy-guide")
    assert_no_violations(page, refusals)


def test_admin_two_box_chooser_is_built_under_the_policy(
    page: Page, refusals, site, sign_in, admin_user, member
):
    """Django's SelectFilter2.js turns a superuser's group and permission lists into two boxes
    with buttons between them."""
    sign_in(page.context, admin_user)
    page.goto(site + f"/admin/accounts/user/{member.pk}/change/")

    expect(page.locator("#id_user_permissions_filter")).to_be_visible()
    expect(page.get_by_role("button", name="Choose all user permissions")).to_be_visible()
    assert_no_violations(page, refusals)


# -- The API documentation ------------------------------------------------------------------------


def test_swagger_ui_renders_the_operations_under_the_policy(page: Page, refusals, site):
    response = page.goto(site + "/api/v1/docs/")

    assert_enforced(response)
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/threads/").first).to_be_visible()
    assert_no_violations(page, refusals)
    # "Try it out" calls the API from the page (connect-src 'self').
    operation = page.locator("#operations-categories-categories_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status")).to_have_text(
        "200"
    )
    assert_no_violations(page, refusals)


def test_redoc_renders_the_api_and_searches_it_under_the_policy(page: Page, refusals, site):
    response = page.goto(site + "/api/v1/docs/redoc/")

    assert_enforced(response)
    expect(page.get_by_role("heading", name="MMN Community API", level=1)).to_be_visible()
    expect(page.get_by_text("/api/v1/threads/").first).to_be_attached()
    # Its run-time styles apply: the side menu has its width.
    expect(page.locator(".menu-content")).to_have_css("width", "260px")
    assert_no_violations(page, refusals, except_for=REDOCLY_LOGO)
    # Redoc searches in a Worker of its own (worker-src blob:).
    page.get_by_placeholder("Search...").fill("follow")
    expect(page.get_by_role("menuitem", name="Follow a thread")).to_be_visible()
    assert_no_violations(page, refusals)


def test_allauth_specification_renders_under_the_policy(page: Page, refusals, site):
    response = page.goto(site + "/_allauth/openapi.html")

    assert_enforced(response)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    expect(page.get_by_text("/_allauth/app/v1/auth/login").first).to_be_attached()
    expect(page.locator(".menu-content")).to_have_css("width", "260px")
    assert_no_violations(page, refusals, except_for=REDOCLY_LOGO)


# -- The collector itself -------------------------------------------------------------------------


def test_an_inline_script_is_refused_and_reported(page: Page, refusals, site):
    """What the tests above rely on: the policy is enforced (the script does not run) and the
    refusal reaches window.__cspViolations."""
    page.goto(site + "/")

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__ranInline = true;";
            document.body.append(script);
            document.body.insertAdjacentHTML(
                "beforeend",
                '<p style="color: red">styled</p><button onclick="window.__ranHandler = true">'
            );
        }"""
    )
    page.locator("button[onclick]").click()

    assert page.evaluate("() => [window.__ranInline, window.__ranHandler]") == [None, None]
    violations = page.evaluate(READ_VIOLATIONS)
    directives = {violation["directive"] for violation in violations}
    assert directives == {"script-src-elem", "script-src-attr", "style-src-attr"}, violations
