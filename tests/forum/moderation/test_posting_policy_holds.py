"""What the posting policy holds for a moderator, with the live site's thresholds, and what the
author then sees: a filled-in honeypot, more than 2 links from a member not yet trusted, or the same
text again holds a reply, a new thread or an edit (held with the reason, never dropped); a new
member's first 2 comments and their threads wait for a moderator, seen only by their author and
counted nowhere until approved; moderators are never held."""

import pytest

from forum.models import Comment, CommentStatus, Thread
from forum.moderation import decisions, policy
from tests.forum.moderation.conftest import reply_url

pytestmark = pytest.mark.usefixtures("moderation_policy")

THREE_LINKS = (
    "Useful reading: https://example.org/ivig and https://example.org/grip "
    "and https://example.org/fatigue"
)


def messages_on(page) -> list[str]:
    return page.texts_of("message")


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
    assert comment.hold_codes == [policy.HoldCode.HONEYPOT]
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
    assert comment.hold_codes == [policy.HoldCode.LINKS]
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
    assert again.hold_codes == [policy.HoldCode.DUPLICATE]


def test_an_edit_that_adds_three_links_holds_the_comment_again(
    signed_in, page_of, established, open_thread
):
    comment = Comment.objects.filter(author=established).first()
    assert comment.status == CommentStatus.PUBLISHED

    response = signed_in.post(f"/comments/{comment.pk}/edit/", {"body": THREE_LINKS}, follow=True)

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert comment.hold_codes == [policy.HoldCode.LINKS]
    assert comment.body == THREE_LINKS
    assert "awaiting review" in messages_on(page_of(response))[0]
    open_thread.refresh_from_db()
    assert open_thread.comment_count == 2, "the opening and the other approved reply"


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
    assert comment.hold_codes == [policy.HoldCode.PREMODERATION]
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

    decisions.comment_approve(moderator=moderator, comment=comment)

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
        decisions.comment_approve(moderator=moderator, comment=comment)

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

    decisions.comment_approve(moderator=moderator, comment=opening)

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
    assert opening.hold_codes == [policy.HoldCode.HONEYPOT]
    page = page_of(response)
    assert "This thread is awaiting review." in page.text
    assert "Best prices." in page.text_of(f"comment-{opening.pk}")
