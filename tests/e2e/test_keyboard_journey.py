"""A member with weak hands joins and posts using the keyboard alone: no mouse, no typed URLs."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, focused, tab_to

PASSWORD = "slow-hands-steady-heart-7"
EMAILED_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", re.MULTILINE)


def _heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _is_focused(page: Page, selector: str) -> bool:
    return page.evaluate(f"document.activeElement === document.querySelector({selector!r})")


def test_member_signs_up_posts_and_edits_by_keyboard_alone(page: Page, site, mailoutbox):
    page.goto(site + "/")
    _heading(page, "Welcome to the MMN Community")
    assert_accessible(page)

    # The first Tab stop skips the navigation, straight to the page's content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    assert _is_focused(page, "main"), f"the skip link left the focus on {focused(page)}"

    tab_to(page, page.get_by_role("main").get_by_role("link", name="Join the community"))
    page.keyboard.press("Enter")
    _heading(page, "Sign Up")
    assert_accessible(page)

    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type("grace.h@example.org")
    tab_to(page, page.get_by_label("Display name"))
    page.keyboard.type("Grace_H")
    tab_to(page, page.get_by_label("Password:", exact=True))
    page.keyboard.type(PASSWORD)
    tab_to(page, page.get_by_label("Password (again)"))
    page.keyboard.type(PASSWORD)
    role = page.get_by_label("I am")
    tab_to(page, role)
    page.keyboard.press("ArrowDown")
    expect(role).to_have_value("carer")
    region = page.get_by_label("Where I live")
    tab_to(page, region)
    page.keyboard.press("ArrowDown")
    expect(region).to_have_value("uk")
    for box in (
        page.get_by_label("I agree to the community guidelines"),
        page.get_by_label("I consent to this community holding it", exact=False),
    ):
        tab_to(page, box)
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Sign Up"))
    page.keyboard.press("Enter")

    _heading(page, "Enter Email Verification Code")
    assert_accessible(page)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["grace.h@example.org"]
    code = EMAILED_CODE.search(mailoutbox[0].body)
    assert code, f"no verification code in the email:\n{mailoutbox[0].body}"

    expect(page.get_by_role("main")).to_contain_text("grace.h@example.org")
    code_field = page.get_by_label("Code")
    tab_to(page, code_field)
    page.keyboard.type(code.group(0))
    tab_to(page, page.get_by_role("button", name="Confirm"))
    page.keyboard.press("Space")

    # Confirming signs the new member in.
    _heading(page, "Welcome to the MMN Community")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Grace_H")).to_be_visible()
    expect(navigation.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)

    tab_to(page, page.get_by_role("link", name="Living with MMN"))
    page.keyboard.press("Enter")
    _heading(page, "Living with MMN")
    expect(page.get_by_text("No threads yet")).to_be_visible()
    assert_accessible(page)

    tab_to(page, page.get_by_role("link", name="Start a new thread"))
    page.keyboard.press("Enter")
    _heading(page, "Start a thread in Living with MMN")
    assert_accessible(page)
    title = page.get_by_label("Title")
    tab_to(page, title)
    page.keyboard.type("Opening jars")
    tab_to(page, page.get_by_label("Your message"))
    page.keyboard.type("What helps you open jars?")
    page.keyboard.press("Enter")
    page.keyboard.type("My grip gives out by the evening.")
    # Back up to the title to add to it, as a member fixing a line they typed too quickly.
    tab_to(page, title, backwards=True)
    page.keyboard.press("End")
    page.keyboard.type(" with weak hands")
    expect(title).to_have_value("Opening jars with weak hands")
    tab_to(page, page.get_by_role("button", name="Post thread"))
    page.keyboard.press("Enter")

    _heading(page, "Opening jars with weak hands")
    expect(page.get_by_role("status")).to_contain_text("Your thread is posted.")
    opening = page.locator("article.comment").first
    expect(opening).to_contain_text("What helps you open jars?")
    expect(opening).to_contain_text("My grip gives out by the evening.")
    assert_accessible(page)

    tab_to(page, page.get_by_label("Your reply"))
    page.keyboard.type("A rubber jar gripper and a tap on the lid with a spoon.")
    tab_to(page, page.get_by_role("button", name="Post reply"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Your reply is posted.")
    reply = page.locator("article.comment", has_text="A rubber jar gripper")
    expect(reply).to_contain_text("Grace_H")
    expect(reply.locator(".edited")).to_have_count(0)
    assert_accessible(page)

    tab_to(page, reply.get_by_role("link", name="Edit your comment"))
    page.keyboard.press("Enter")
    _heading(page, "Edit your comment")
    assert_accessible(page)
    body = page.get_by_label("Your comment")
    tab_to(page, body)
    expect(body).to_have_value("A rubber jar gripper and a tap on the lid with a spoon.")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("A rubber jar gripper, and an electric opener for the stubborn ones.")
    tab_to(page, page.get_by_role("button", name="Save changes"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Your comment is updated.")
    reply = page.locator("article.comment", has_text="an electric opener for the stubborn ones")
    expect(reply.locator(".edited")).to_contain_text("edited")
    expect(page.get_by_text("a tap on the lid with a spoon")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize(
    "path", ["/", "/c/treatment/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"]
)
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page, site, path):
    page.goto(site + path)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert _is_focused(page, "main"), f"the skip link left the focus on {focused(page)}"
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
        f"after the skip link, Tab went to {focused(page)}"
    )
