"""The site asks for no JavaScript: a member with it switched off signs in and replies.

axe-core cannot run here (it waits on timers, which never fire with JavaScript off); the same
pages are checked with it in test_accessibility.py.
"""

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_member_signs_in_and_replies_with_javascript_switched_off(
    new_context, site, member, conversation
):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + conversation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Grip aids that actually help")

    page.get_by_role("link", name="Sign in to reply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()

    # Back on the thread, signed in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Grip aids that actually help")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.get_by_label("Your reply").fill("Plain HTML forms work fine for me.")
    page.get_by_role("button", name="Post reply").click()

    expect(page.get_by_role("status")).to_contain_text("Your reply is posted.")
    reply = page.locator("article.comment", has_text="Plain HTML forms work fine for me.")
    expect(reply).to_contain_text(member.display_name)


def test_member_sends_support_and_takes_it_back_with_javascript_switched_off(
    new_context, site, sign_in, member, conversation
):
    """The reaction buttons share the page's one form (its CSRF token) and say their comment and
    kind in their own address."""
    context = new_context(java_script_enabled=False)
    sign_in(context, member)
    page = context.new_page()
    page.goto(site + conversation.get_absolute_url())
    reply = page.locator("article.comment", has_text="OT leaflet on grip aids")

    reply.get_by_role("button", name="Sending support · 0").click()

    reply = page.locator("article.comment", has_text="OT leaflet on grip aids")
    pressed = reply.get_by_role("button", name="Sending support · 1")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    pressed.click()
    expect(
        page.locator("article.comment", has_text="OT leaflet on grip aids").get_by_role(
            "button", name="Sending support · 0"
        )
    ).to_have_attribute("aria-pressed", "false")
