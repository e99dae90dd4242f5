"""Drafts for tired hands, in a real browser: what a member types survives a reload or a lost
connection, is cleared once the post went through, and never shows up for another member."""

import pytest
from playwright.sync_api import Page, expect

from forum.models import Comment, Thread, ThreadVisibility
from tests.e2e.helpers import assert_accessible

REPLY = "Cold hands are worse for me in the morning; gloves with grip dots help."
TITLE = "Telling work about infusion days"
BODY = "How much did you tell your manager, and when?"

DRAFT_KEYS = "() => Object.keys(localStorage).filter(key => key.startsWith('mmn-draft:'))"


@pytest.fixture
def signed_in_page(page: Page, sign_in, member) -> Page:
    sign_in(page.context, member)
    return page


def status(page: Page):
    return page.locator(".draft-status")


def test_a_reply_survives_a_reload_and_is_gone_once_posted(
    signed_in_page: Page, site, conversation
):
    page = signed_in_page
    url = site + conversation.get_absolute_url()
    page.goto(url)
    box = page.get_by_label("Your reply")
    box.click()
    page.keyboard.type(REPLY)
    expect(status(page)).to_contain_text("Draft saved")
    expect(page.get_by_role("button", name="Discard draft")).to_be_visible()
    assert_accessible(page)

    page.reload()

    expect(box).to_have_value(REPLY)
    expect(status(page)).to_contain_text("is back")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("status")).to_contain_text("Your reply is posted.")
    assert Comment.objects.filter(body=REPLY).exists()
    expect(box).to_have_value("")
    assert page.evaluate(DRAFT_KEYS) == []

    page.goto(url)
    expect(box).to_have_value("")


def test_a_new_threads_title_body_and_choice_survive_a_reload_and_clear_once_posted(
    signed_in_page: Page, site
):
    page = signed_in_page
    page.goto(site + "/c/treatment/new/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Your message").fill(BODY)
    page.get_by_role("radio", name="Members only", exact=False).check()
    expect(status(page)).to_contain_text("Draft saved")
    assert_accessible(page)

    page.reload()

    expect(page.get_by_label("Title")).to_have_value(TITLE)
    expect(page.get_by_label("Your message")).to_have_value(BODY)
    expect(page.get_by_role("radio", name="Members only", exact=False)).to_be_checked()
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert Thread.objects.get(title=TITLE).visibility == ThreadVisibility.MEMBERS

    page.goto(site + "/c/treatment/new/")
    expect(page.get_by_label("Title")).to_have_value("")
    expect(page.get_by_label("Your message")).to_have_value("")
    expect(page.get_by_role("radio", name="Everyone", exact=False)).to_be_checked()
    assert page.evaluate(DRAFT_KEYS) == []


def test_a_reply_sent_while_the_connection_is_lost_is_still_there_afterwards(
    signed_in_page: Page, site, conversation
):
    page = signed_in_page
    url = site + conversation.get_absolute_url()
    page.goto(url)
    page.get_by_label("Your reply").fill(REPLY)
    expect(status(page)).to_contain_text("Draft saved")

    page.context.set_offline(True)
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state()
    page.context.set_offline(False)
    page.goto(url)

    expect(page.get_by_label("Your reply")).to_have_value(REPLY)
    assert not Comment.objects.filter(body=REPLY).exists()


def test_a_post_sent_back_with_a_mistake_keeps_the_text_the_server_returned(
    signed_in_page: Page, site
):
    page = signed_in_page
    page.goto(site + "/c/treatment/new/")
    page.get_by_label("Title").fill("IVIg")  # too short
    page.get_by_label("Your message").fill(BODY)
    page.get_by_role("button", name="Post thread").click()

    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.get_by_label("Your message")).to_have_value(BODY)
    page.get_by_label("Title").fill(TITLE)
    expect(status(page)).to_contain_text("Draft saved")
    assert_accessible(page)

    page.goto(site + "/c/treatment/new/")  # afresh, as after closing the tab
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    expect(page.get_by_label("Your message")).to_have_value(BODY)


def test_an_edit_in_progress_comes_back_and_can_be_discarded_and_brought_back(
    signed_in_page: Page, site, conversation
):
    page = signed_in_page
    opening = conversation.comments.get(is_opening=True)
    url = f"{site}/comments/{opening.pk}/edit/"
    page.goto(url)
    body = page.get_by_label("Your comment")
    body.fill("I use a foam tube on my pen, and on my toothbrush.")
    expect(status(page)).to_contain_text("Draft saved")

    page.reload()
    expect(body).to_have_value("I use a foam tube on my pen, and on my toothbrush.")

    discard = page.get_by_role("button", name="Discard draft")
    discard.click()
    expect(body).to_have_value(opening.body)
    expect(status(page)).to_have_text("Draft discarded.")
    page.get_by_role("button", name="Bring the draft back").click()
    expect(body).to_have_value("I use a foam tube on my pen, and on my toothbrush.")
    page.get_by_role("button", name="Discard draft").click()
    page.reload()
    expect(body).to_have_value(opening.body)


def test_another_member_on_the_same_browser_never_sees_the_draft(
    page: Page, site, sign_in, member, other_member, conversation
):
    url = site + conversation.get_absolute_url()
    sign_in(page.context, member)
    page.goto(url)
    page.get_by_label("Your reply").fill(REPLY)
    expect(status(page)).to_contain_text("Draft saved")

    page.context.clear_cookies()
    sign_in(page.context, other_member)
    page.goto(url)

    expect(page.get_by_role("navigation", name="Main")).to_contain_text("carer_dave")
    expect(page.get_by_label("Your reply")).to_have_value("")


def test_without_javascript_there_is_no_discard_button_and_posting_works(
    new_context, site, sign_in, member, conversation
):
    context = new_context(java_script_enabled=False)
    sign_in(context, member)
    page = context.new_page()
    page.goto(site + conversation.get_absolute_url())

    expect(page.get_by_role("button", name="Discard draft")).to_have_count(0)
    page.get_by_label("Your reply").fill(REPLY)
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("status")).to_contain_text("Your reply is posted.")
