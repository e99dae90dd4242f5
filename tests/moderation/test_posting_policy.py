"""The posting policy as a member meets it on the web, with the live site's thresholds: a new
member's first 2 comments wait for a moderator, new members post at most 3 times a minute, more
than 2 links or the same text again is held, contact details need a confirmation, and suspended
members read but do not post. Nothing a member typed is ever lost."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from forum import moderation, services
from forum.models import Comment, CommentStatus, Thread
from tests.moderation.conftest import reply_url

pytestmark = pytest.mark.usefixtures("moderation_policy")

THREE_LINKS = (
    "Useful reading: https://example.org/ivig and https://example.org/grip "
    "and https://example.org/fatigue"
)


@pytest.fixture
def established(member, moderator, open_thread):
    """`member` after a moderator approved their first 2 comments: past pre-moderation, but not
    yet trusted (5 approved comments), so the spam signals still apply."""
    for number in range(2):
        comment = services.comment_create(
            author=member, thread=open_thread, body=f"An earlier reply, number {number}."
        )
        services.comment_approve(moderator=moderator, comment=comment)
    return member


def textarea_text(page, name: str = "body") -> str:
    """What the form gives back to the member in its textarea."""
    return page.text_of(f"id_{name}")


def messages_on(page) -> list[str]:
    return page.texts_of("message")


# -- Suspension ------------------------------------------------------------------------------------


@pytest.fixture
def suspended(member):
    member.suspended_until = timezone.now() + timedelta(days=12)
    member.save()
    return member


def end_date(member) -> str:
    until = timezone.localtime(member.suspended_until)
    return f"{until.day} {until:%B %Y}"


@pytest.mark.parametrize("action", ["new thread", "reply", "edit"])
def test_suspended_member_is_told_until_when_and_keeps_their_text_and_nothing_is_saved(
    client, page_of, forum_state, member, open_thread, action
):
    own = services.comment_create(author=member, thread=open_thread, body="Written before.")
    member.suspended_until = timezone.now() + timedelta(days=12)
    member.save()
    client.force_login(member)
    url, data = {
        "new thread": ("/c/treatment/new/", {"title": "My new question", "body": "Words typed."}),
        "reply": (reply_url(open_thread), {"body": "Words typed."}),
        "edit": (f"/comments/{own.pk}/edit/", {"body": "Words typed."}),
    }[action]
    before = forum_state()

    response = client.post(url, data)

    assert response.status_code == 403
    page = page_of(response)
    assert f"Your account is suspended until {end_date(member)}." in page.text
    assert "You can still read the forum." in page.text
    assert textarea_text(page) == "Words typed."
    assert forum_state() == before


@pytest.mark.parametrize("url", ["/c/treatment/new/", "reply"])
def test_suspended_member_opening_a_posting_form_reads_why_instead(
    signed_in, page_of, suspended, open_thread, url
):
    url = reply_url(open_thread) if url == "reply" else url

    response = signed_in.get(url)

    assert response.status_code == 403
    assert f"Your account is suspended until {end_date(suspended)}." in page_of(response).text


# -- Rate limits ----------------------------------------------------------------------------------

# 30 seconds into a minute: the windows follow the wall clock, so the test holds it still.
NOW = 1_800_000_030.0


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setattr(moderation, "time", SimpleNamespace(time=lambda: NOW))


@pytest.mark.parametrize("action", ["reply", "new thread", "edit"])
def test_fourth_post_in_a_minute_answers_429_with_when_to_try_again_and_keeps_the_text(
    signed_in,
    page_of,
    forum_state,
    member,
    open_thread,
    frozen_clock,
    django_capture_on_commit_callbacks,
    action,
):
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in.post(reply_url(open_thread), {"body": f"Reply {number}."})
        assert response.status_code == 302
    own = Comment.objects.filter(author=member).first()
    url, data = {
        "reply": (reply_url(open_thread), {"body": "One more thought."}),
        "new thread": (
            "/c/treatment/new/",
            {"title": "A new question", "body": "One more thought."},
        ),
        "edit": (f"/comments/{own.pk}/edit/", {"body": "One more thought."}),
    }[action]
    before = forum_state()

    response = signed_in.post(url, data)

    assert response.status_code == 429
    assert response["Retry-After"] == "31"
    page = page_of(response)
    assert "You have posted 3 times this minute" in page.text
    assert "Please try again in 31 seconds. Your text has not been lost." in page.text
    assert textarea_text(page) == "One more thought."
    assert forum_state() == before


def test_the_limit_lifts_when_the_minute_is_over(
    signed_in, member, open_thread, monkeypatch, django_capture_on_commit_callbacks
):
    clock = SimpleNamespace(time=lambda: NOW)
    monkeypatch.setattr(moderation, "time", clock)
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            signed_in.post(reply_url(open_thread), {"body": f"Reply {number}."})
    assert signed_in.post(reply_url(open_thread), {"body": "Too soon."}).status_code == 429

    clock.time = lambda: NOW + 31
    response = signed_in.post(reply_url(open_thread), {"body": "Now it is fine."})

    assert response.status_code == 302
    assert Comment.objects.filter(author=member, body="Now it is fine.").exists()


# -- Spam signals: held with the reason, never dropped --------------------------------------------


def test_filled_in_honeypot_holds_the_reply_and_its_author_sees_it_awaiting_review(
    signed_in, page_of, established, open_thread
):
    response = signed_in.post(
        reply_url(open_thread),
        {"body": "Cheap pills here.", "website": "http://spam.example"},
        follow=True,
    )

    comment = Comment.objects.get(body="Cheap pills here.")
    assert comment.status == CommentStatus.PENDING
    assert comment.hold_codes == [moderation.HoldCode.HONEYPOT]
    page = page_of(response)
    assert "awaiting review" in messages_on(page)[0]
    assert "Awaiting review" in page.text_of(f"comment-{comment.pk}")
    assert "Cheap pills here." in page.text_of(f"comment-{comment.pk}")


def test_more_than_two_links_from_an_untrusted_member_hold_the_reply(
    signed_in, page_of, established, open_thread
):
    response = signed_in.post(reply_url(open_thread), {"body": THREE_LINKS}, follow=True)

    comment = Comment.objects.get(body=THREE_LINKS)
    assert comment.status == CommentStatus.PENDING
    assert comment.hold_codes == [moderation.HoldCode.LINKS]
    assert "More than 2 links" in comment.held_reason
    assert "Awaiting review" in page_of(response).text_of(f"comment-{comment.pk}")


def test_two_links_from_an_untrusted_member_are_published(signed_in, established, open_thread):
    body = "See https://example.org/ivig and https://example.org/grip"

    signed_in.post(reply_url(open_thread), {"body": body})

    assert Comment.objects.get(body=body).status == CommentStatus.PUBLISHED


def test_the_same_text_posted_again_is_held(signed_in, established, open_thread):
    response = signed_in.post(reply_url(open_thread), {"body": "An earlier reply, number 0."})

    assert response.status_code == 302
    [first, again] = Comment.objects.filter(body="An earlier reply, number 0.").order_by("pk")
    assert first.status == CommentStatus.PUBLISHED
    assert again.status == CommentStatus.PENDING
    assert again.hold_codes == [moderation.HoldCode.DUPLICATE]


def test_an_edit_that_adds_three_links_holds_the_comment_again(
    signed_in, page_of, established, open_thread
):
    comment = Comment.objects.filter(author=established).first()
    assert comment.status == CommentStatus.PUBLISHED

    response = signed_in.post(f"/comments/{comment.pk}/edit/", {"body": THREE_LINKS}, follow=True)

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert comment.hold_codes == [moderation.HoldCode.LINKS]
    assert comment.body == THREE_LINKS
    assert "awaiting review" in messages_on(page_of(response))[0]
    open_thread.refresh_from_db()
    assert open_thread.comment_count == 2, "the opening and the other approved reply"


# -- Personal data: a warning, and a box to post it anyway -------------------------------------


CONTACT_DETAILS = {
    "email": ("Write to me at hannah.h@example.org any time.", "an email address"),
    "phone": ("Ring me on +44 7700 900123 after six.", "a phone number"),
}


def confirmation_box(page) -> dict | None:
    boxes = [
        attrs
        for tag, attrs in page.tags
        if tag == "input" and attrs.get("name") == "confirm_personal_data"
    ]
    return boxes[0] if boxes else None


@pytest.mark.parametrize(("body", "found"), CONTACT_DETAILS.values(), ids=CONTACT_DETAILS)
@pytest.mark.parametrize("action", ["reply", "new thread", "edit"])
def test_contact_details_bring_the_form_back_with_a_warning_and_a_post_it_anyway_box(
    signed_in, page_of, forum_state, established, open_thread, body, found, action
):
    own = Comment.objects.filter(author=established).first()
    url, data = {
        "reply": (reply_url(open_thread), {"body": body}),
        "new thread": ("/c/treatment/new/", {"title": "Anyone nearby?", "body": body}),
        "edit": (f"/comments/{own.pk}/edit/", {"body": body}),
    }[action]
    before = forum_state()

    response = signed_in.post(url, data)

    assert response.status_code == 400
    page = page_of(response)
    assert f"This looks like it contains {found}." in page.text
    assert "Everyone who reads the forum could see it." in page.text
    box = confirmation_box(page)
    assert box is not None and box["type"] == "checkbox"
    assert "Post it anyway: I understand everyone can read it." in page.text
    assert textarea_text(page) == body
    assert forum_state() == before


def test_before_any_warning_the_confirmation_is_not_offered(signed_in, page_of, open_thread):
    page = page_of(signed_in.get(open_thread.get_absolute_url()))

    assert confirmation_box(page)["type"] == "hidden"
    assert "Post it anyway" not in page.text


@pytest.mark.parametrize(("body", "found"), CONTACT_DETAILS.values(), ids=CONTACT_DETAILS)
def test_ticking_post_it_anyway_saves_the_reply_marked_for_moderators(
    signed_in, established, open_thread, body, found
):
    response = signed_in.post(reply_url(open_thread), {"body": body, "confirm_personal_data": "on"})

    assert response.status_code == 302
    comment = Comment.objects.get(body=body)
    assert comment.personal_data_confirmed is True
    assert comment.status == CommentStatus.PUBLISHED


def test_ticking_post_it_anyway_starts_the_thread(signed_in, established):
    body = CONTACT_DETAILS["phone"][0]

    response = signed_in.post(
        "/c/treatment/new/",
        {"title": "Anyone near Leeds?", "body": body, "confirm_personal_data": "on"},
    )

    assert response.status_code == 302
    assert Thread.objects.get(title="Anyone near Leeds?").comments.get().personal_data_confirmed


def test_warning_and_confirmation_label_are_tied_to_the_box(
    signed_in, page_of, established, open_thread
):
    page = page_of(signed_in.post(reply_url(open_thread), {"body": CONTACT_DETAILS["email"][0]}))

    labels = [attrs for tag, attrs in page.tags if tag == "label"]
    assert {"for": "id_confirm_personal_data"} in labels
    assert "Post it anyway: I understand everyone can read it." in page.text


# -- Pre-moderation: a new member's first comments wait for a moderator ----------------------------


def category_card(page, name: str = "Treatment") -> str:
    return next(text for text in page.texts_of("category-card") if text.startswith(name))


def test_new_members_first_reply_is_held_and_only_its_author_sees_it(
    client, page_of, member, other_member, open_thread
):
    client.force_login(member)
    response = client.post(reply_url(open_thread), {"body": "My very first words here."})
    comment = Comment.objects.get(body="My very first words here.")
    assert comment.status == CommentStatus.PENDING
    assert comment.hold_codes == [moderation.HoldCode.PREMODERATION]
    assert response["Location"].endswith(f"#comment-{comment.pk}")

    own_view = page_of(client.get(open_thread.get_absolute_url()))
    assert "My very first words here." in own_view.text_of(f"comment-{comment.pk}")
    assert "Awaiting review" in own_view.text_of(f"comment-{comment.pk}")
    assert "only you and the moderators can see it" in own_view.text_of(f"comment-{comment.pk}")

    client.force_login(other_member)
    others_view = page_of(client.get(open_thread.get_absolute_url()))
    client.logout()
    visitors_view = page_of(client.get(open_thread.get_absolute_url()))
    for page in (others_view, visitors_view):
        assert f"comment-{comment.pk}" not in page.ids
        assert "My very first words here." not in page.text


def test_held_reply_counts_nowhere_until_a_moderator_approves_it(
    client, page_of, member, moderator, open_thread
):
    quiet_since = Thread.objects.get(pk=open_thread.pk).last_activity_at
    client.force_login(member)
    client.post(reply_url(open_thread), {"body": "Held for now."})
    comment = Comment.objects.get(body="Held for now.")
    client.logout()

    home = page_of(client.get("/"))
    assert "1 thread · 1 comment · Latest: Infusion day tips" in category_card(home)
    listing = page_of(client.get("/c/treatment/"))
    assert "1 comment" in listing.texts_of("thread-row")[0]
    assert Thread.objects.get(pk=open_thread.pk).last_activity_at == quiet_since

    services.comment_approve(moderator=moderator, comment=comment)

    home = page_of(client.get("/"))
    assert "1 thread · 2 comments" in category_card(home)
    assert "2 comments" in page_of(client.get("/c/treatment/")).texts_of("thread-row")[0]
    assert Thread.objects.get(pk=open_thread.pk).last_activity_at > quiet_since
    thread_page = page_of(client.get(open_thread.get_absolute_url()))
    assert "Held for now." in thread_page.text_of(f"comment-{comment.pk}")


def test_new_members_first_two_comments_are_held_and_the_third_is_not(
    signed_in, member, moderator, open_thread
):
    for number in range(2):
        signed_in.post(reply_url(open_thread), {"body": f"Early reply {number}."})
    held = list(Comment.objects.filter(author=member).order_by("pk"))
    assert [c.status for c in held] == [CommentStatus.PENDING] * 2
    for comment in held:
        services.comment_approve(moderator=moderator, comment=comment)

    signed_in.post(reply_url(open_thread), {"body": "Now I am known here."})

    assert Comment.objects.get(body="Now I am known here.").status == CommentStatus.PUBLISHED


def test_new_members_thread_is_held_visible_to_its_author_only(
    client, page_of, member, other_member, moderator, open_thread
):
    client.force_login(member)
    response = client.post(
        "/c/treatment/new/", {"title": "Hello from a newcomer", "body": "Just diagnosed."}
    )
    thread = Thread.objects.get(title="Hello from a newcomer")
    assert response["Location"] == thread.get_absolute_url()

    own = page_of(client.get(thread.get_absolute_url(), follow=True))
    assert "This thread is awaiting review." in own.text
    opening = thread.comments.get()
    assert "Awaiting review" in own.text_of(f"comment-{opening.pk}")
    own_listing = page_of(client.get("/c/treatment/"))
    assert "Hello from a newcomer Awaiting review" in " ".join(own_listing.texts_of("thread-title"))

    for viewer in (other_member, None):
        if viewer:
            client.force_login(viewer)
        else:
            client.logout()
        assert client.get(thread.get_absolute_url()).status_code == 404
        listing = page_of(client.get("/c/treatment/"))
        assert "Hello from a newcomer" not in listing.text
        home = page_of(client.get("/"))
        assert "1 thread · 1 comment · Latest: Infusion day tips" in category_card(home)

    services.comment_approve(moderator=moderator, comment=opening)

    assert client.get(thread.get_absolute_url()).status_code == 200
    home = page_of(client.get("/"))
    assert "2 threads · 2 comments · Latest: Hello from a newcomer" in category_card(home)


def test_moderators_are_never_held(client, moderator, open_thread):
    client.force_login(moderator)

    client.post(reply_url(open_thread), {"body": THREE_LINKS})

    assert Comment.objects.get(body=THREE_LINKS).status == CommentStatus.PUBLISHED


def test_filled_in_honeypot_holds_a_new_thread_and_its_author_lands_on_it(
    signed_in, page_of, established
):
    response = signed_in.post(
        "/c/treatment/new/",
        {"title": "Buy cheap IVIg", "body": "Best prices.", "website": "http://spam.example"},
        follow=True,
    )

    thread = Thread.objects.get(title="Buy cheap IVIg")
    opening = thread.comments.get()
    assert opening.hold_codes == [moderation.HoldCode.HONEYPOT]
    page = page_of(response)
    assert "This thread is awaiting review." in page.text
    assert "Best prices." in page.text_of(f"comment-{opening.pk}")
