"""The pages of moderation, in a real browser: axe finds nothing wrong, every control is a big
enough target, and a member can flag a comment with the keyboard alone."""

import pytest
from playwright.sync_api import Page, expect

from forum import services
from forum.models import Comment, CommentStatus, Flag, FlagReason, NotificationKind
from forum.moderation import decisions, flags
from notifications import services as notification_services
from tests.e2e.helpers import CONTROLS, assert_accessible, describe, tab_to

pytestmark = pytest.mark.usefixtures("moderators_group")

MIN_TARGET = 44
IN_RUNNING_TEXT = "el => el.tagName === 'A' && el.closest('.comment-body p') !== null"


@pytest.fixture
def published(conversation, other_member, moderator):
    """`conversation` with its reply published: the reply's four links hold it for review."""
    reply = conversation.comments.get(author=other_member)
    if reply.status == CommentStatus.PENDING:
        decisions.comment_approve(moderator=moderator, comment=reply)
    return conversation


@pytest.fixture
def moderated(published, member, other_member, moderator, make_member):
    """`conversation` as `member` sees it after moderation: their own held reply (awaiting review),
    their rejected reply (with the reason and a way to appeal), another reply hidden by flags,
    and notifications, one of them the crisis-support message."""
    conversation = published
    held = services.comment_create(
        author=member, thread=conversation, body="Waiting for a moderator.", honeypot="robot"
    )
    rejected = services.comment_create(
        author=member, thread=conversation, body="Try the clinic on King Street."
    )
    decisions.comment_reject(
        moderator=moderator, comment=rejected, reason="Please do not advertise clinics."
    )
    flagged = services.comment_create(
        author=other_member, thread=conversation, body="Something others found unkind."
    )
    for number in range(3):
        flags.flag_create(
            reporter=make_member(f"reader{number}"), comment=flagged, reason=FlagReason.HARASSMENT
        )
    notification_services.notify(
        recipient=member,
        kind=NotificationKind.CRISIS_SUPPORT,
        fixed_text="Support is available.",
        url=conversation.get_absolute_url(),
    )
    reply = conversation.comments.get(author=other_member, body__startswith="The [OT leaflet")
    return {"thread": conversation, "held": held, "rejected": rejected, "reply": reply}


PAGES = {
    "thread-with-held-rejected-and-hidden-comments": "{thread}",
    "flag": "/comments/{reply}/flag/",
    "appeal": "/comments/{rejected}/appeal/",
    "notifications": "/notifications/",
}


def _url(site: str, path: str, moderated: dict) -> str:
    return site + path.format(
        thread=moderated["thread"].get_absolute_url(),
        reply=moderated["reply"].pk,
        rejected=moderated["rejected"].pk,
    )


def assert_big_targets(page: Page) -> None:
    offenders = []
    for control in page.locator(CONTROLS).all():
        if not control.is_visible() or control.evaluate(IN_RUNNING_TEXT):
            continue
        box = control.bounding_box()
        if box["width"] < MIN_TARGET or box["height"] < MIN_TARGET:
            offenders.append(f"{describe(control)}: {box['width']:.1f} x {box['height']:.1f}")
    assert not offenders, f"targets smaller than {MIN_TARGET}px on {page.url}:\n" + "\n".join(
        offenders
    )


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES)
def test_moderation_page_is_accessible_with_big_targets(
    page: Page, site, sign_in, member, moderated, path
):
    sign_in(page.context, member)

    response = page.goto(_url(site, path, moderated))

    assert response.status == 200
    expect(page.get_by_role("heading", name="Support is available")).to_be_visible()
    assert_accessible(page)
    assert_big_targets(page)


def test_thread_shows_the_author_what_moderation_did(page: Page, site, sign_in, member, moderated):
    sign_in(page.context, member)
    page.goto(_url(site, "{thread}", moderated))

    held = page.locator(f"#comment-{moderated['held'].pk}")
    expect(held).to_contain_text("Awaiting review")
    rejected = page.locator(f"#comment-{moderated['rejected'].pk}")
    expect(rejected).to_contain_text("Reason: Please do not advertise clinics.")
    expect(rejected.get_by_role("link", name="Appeal this decision")).to_be_visible()
    expect(page.get_by_text("Comment hidden while a moderator reviews it.")).to_be_visible()


def test_personal_data_warning_is_accessible_and_its_box_is_big_enough(
    page: Page, site, sign_in, member, conversation
):
    sign_in(page.context, member)
    page.goto(site + conversation.get_absolute_url())
    page.get_by_label("Your reply").fill("Ring me on +44 7700 900123 after six.")
    page.get_by_role("button", name="Post reply").click()

    expect(page.locator("#id_body_error")).to_contain_text("This looks like it contains a phone")
    box = page.get_by_label("Post it anyway")
    expect(box).to_be_visible()
    expect(box).not_to_be_checked()
    expect(page.get_by_label("Your reply")).to_have_value("Ring me on +44 7700 900123 after six.")
    assert_accessible(page)
    assert_big_targets(page)

    box.check()
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("status")).to_contain_text("Your reply is posted.")
    assert Comment.objects.get(body__startswith="Ring me").personal_data_confirmed


def test_flag_form_sent_without_a_reason_is_accessible(
    page: Page, site, sign_in, member, moderated
):
    sign_in(page.context, member)
    page.goto(_url(site, "/comments/{reply}/flag/", moderated))

    page.get_by_label("Anything else a moderator should know?").fill("It reads like an advert.")
    page.get_by_role("button", name="Send to the moderators").click()

    expect(page.locator(".field-invalid .errorlist")).to_contain_text("Please choose a reason.")
    expect(page.get_by_label("Anything else a moderator should know?")).to_have_value(
        "It reads like an advert."
    )
    assert_accessible(page)


def test_member_flags_a_comment_by_keyboard_alone(
    page: Page, site, sign_in, member, other_member, published
):
    sign_in(page.context, member)
    page.goto(site + published.get_absolute_url())
    reply = page.locator("article.comment", has_text="OT leaflet on grip aids")

    tab_to(page, reply.get_by_role("link", name="Flag the comment by carer_dave"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Flag a comment for the moderators")
    assert_accessible(page)
    spam = page.get_by_role("radio", name="Spam", exact=False)
    tab_to(page, spam)
    # Arrow keys move through a radio group and choose as they go: Spam, then Harassment.
    page.keyboard.press("ArrowDown")
    harassment = page.get_by_role("radio", name="Harassment or abuse", exact=False)
    expect(harassment).to_be_checked()
    tab_to(page, page.get_by_label("Anything else a moderator should know?"))
    page.keyboard.type("Mocks another member's diagnosis.")
    tab_to(page, page.get_by_role("button", name="Send to the moderators"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Thank you for flagging this comment.")
    expect(reply).to_contain_text("You flagged this comment")
    expect(reply.get_by_role("link", name="Flag the comment by carer_dave")).to_have_count(0)
    assert_accessible(page)
    flag = Flag.objects.get()
    assert (flag.reporter, flag.comment.author, flag.reason, flag.note) == (
        member,
        other_member,
        FlagReason.HARASSMENT,
        "Mocks another member's diagnosis.",
    )
