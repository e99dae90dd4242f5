"""What the spam service's (Akismet's) verdict does to a post, through the real client library
against a fake Akismet: spam is held with its reason for its author alone, a pass publishes (unless
pre-moderation still holds it), a discard is held and never dropped, and a failing, slow or refused
service holds the post waiting without losing it until a recheck answers. What Akismet is sent (the
member's address and text, never their email, erased after the verdict), edits and new threads
checked again, and moderators' posts never sent.

Members post through the web forms; the check runs as a task after the commit (the immediate
backend here, as in development), so each post is wrapped in django_capture_on_commit_callbacks.
"""

import time

import pytest

from forum.models import Comment, CommentStatus, SpamCheck, Thread, ThreadStatus
from tests.forum.moderation.conftest import MEMBER_IP, SPAM_REASON, recheck

WAITING_REASON = "Waiting for the spam service; it will be checked again."
PREMODERATION_REASON = "One of the member's first comments."


@pytest.fixture
def open_thread(moderator, make_thread) -> Thread:
    """A moderator's thread: published at once and never sent to the spam service."""
    return make_thread(moderator)


def comment_ids_shown(client, page_of, thread: Thread) -> set[str]:
    page = page_of(client.get(thread.get_absolute_url()))
    return {element_id for element_id in page.ids if element_id.startswith("comment-")}


def test_comment_the_spam_service_calls_spam_is_held_with_its_reason_for_its_author_alone(
    akismet_service,
    no_premoderation,
    open_thread,
    member,
    other_member,
    post_reply,
    client,
    page_of,
):
    akismet_service.answer = "spam"
    before = Thread.objects.values("comment_count", "last_activity_at").get(pk=open_thread.pk)

    comment = post_reply(member, open_thread, "Cheap immunoglobulin, no prescription needed!")

    assert comment.status == CommentStatus.PENDING
    assert comment.spam_check == SpamCheck.SPAM
    assert comment.hold_codes == ["spam_service"]
    assert comment.held_reason == SPAM_REASON
    assert (
        Thread.objects.values("comment_count", "last_activity_at").get(pk=open_thread.pk) == before
    )
    client.force_login(member)
    page = page_of(client.get(open_thread.get_absolute_url()))
    assert "Awaiting review" in page.text_of(f"comment-{comment.pk}")
    assert "Cheap immunoglobulin" in page.text_of(f"comment-{comment.pk}")
    for viewer in (other_member, None):
        client.logout()
        if viewer:
            client.force_login(viewer)
        response = client.get(open_thread.get_absolute_url())
        assert f"comment-{comment.pk}" not in page_of(response).ids
        assert "Cheap immunoglobulin" not in response.content.decode()


def test_comment_the_spam_service_passes_is_published_for_everyone(
    akismet_service,
    no_premoderation,
    open_thread,
    member,
    other_member,
    post_reply,
    client,
    page_of,
):
    akismet_service.answer = "ham"

    comment = post_reply(member, open_thread, "My grip came back a week after the infusion.")

    assert comment.status == CommentStatus.PUBLISHED
    assert comment.spam_check == SpamCheck.PASSED
    assert comment.hold_codes == [] and comment.held_reason == ""
    open_thread.refresh_from_db()
    assert open_thread.comment_count == 2
    client.force_login(other_member)
    assert f"comment-{comment.pk}" in comment_ids_shown(client, page_of, open_thread)
    client.logout()
    assert f"comment-{comment.pk}" in comment_ids_shown(client, page_of, open_thread)


def test_comment_the_spam_service_passes_still_waits_for_premoderation(
    akismet_service, open_thread, member, post_reply
):
    akismet_service.answer = "ham"

    comment = post_reply(member, open_thread, "Hello, I was diagnosed last month.")

    assert comment.status == CommentStatus.PENDING
    assert comment.spam_check == SpamCheck.PASSED
    assert comment.hold_codes == ["premoderation"]
    assert comment.held_reason == PREMODERATION_REASON
    open_thread.refresh_from_db()
    assert open_thread.comment_count == 1


def test_discard_answer_holds_the_comment_as_spam_and_never_drops_it(
    akismet_service, no_premoderation, open_thread, member, post_reply
):
    akismet_service.answer = "discard"

    comment = post_reply(member, open_thread, "BUY NOW www.example.com/pills")

    assert Comment.objects.filter(pk=comment.pk, body="BUY NOW www.example.com/pills").exists()
    assert comment.status == CommentStatus.PENDING
    assert comment.spam_check == SpamCheck.SPAM
    assert comment.held_reason == SPAM_REASON


@pytest.mark.parametrize("answer", ["error", "slow", "invalid"])
def test_comment_is_held_waiting_when_the_spam_service_fails(
    akismet_service,
    no_premoderation,
    open_thread,
    member,
    other_member,
    post_reply,
    client,
    page_of,
    answer,
):
    """An HTTP 500, an answer slower than AKISMET_TIMEOUT, or a refused key: held, not lost."""
    akismet_service.answer = answer

    started = time.monotonic()
    comment = post_reply(member, open_thread, "Does anyone else get cramp in the evenings?")
    elapsed = time.monotonic() - started

    assert akismet_service.comment_checks, "the service was asked"
    assert comment.status == CommentStatus.PENDING
    assert comment.spam_check == SpamCheck.WAITING
    assert comment.hold_codes == ["spam_check"]
    assert comment.held_reason == WAITING_REASON
    assert comment.spam_check_ip == MEMBER_IP, "kept for the next try"
    open_thread.refresh_from_db()
    assert open_thread.comment_count == 1
    client.force_login(other_member)
    assert f"comment-{comment.pk}" not in comment_ids_shown(client, page_of, open_thread)
    # A slow service costs the member AKISMET_TIMEOUT, not the service's own delay.
    assert elapsed < akismet_service.slow_seconds


def test_recheck_spam_publishes_a_held_comment_once_the_service_answers(
    akismet_service, no_premoderation, open_thread, member, post_reply
):
    akismet_service.answer = "error"
    comment = post_reply(member, open_thread, "Has anyone tried hand therapy?")
    akismet_service.answer = "ham"

    out, err = recheck("--older-than", "0")

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.spam_check == SpamCheck.PASSED
    assert "Checked 1 comments" in out
    assert "0 spam (held for a moderator), 1 not spam, 0 still failing" in out
    assert err == ""
    open_thread.refresh_from_db()
    assert open_thread.comment_count == 2


@pytest.mark.parametrize("failure", ["error", "slow"])
def test_nothing_is_lost_while_the_spam_service_fails(
    akismet_service, no_premoderation, open_thread, make_member, post_reply, failure
):
    akismet_service.answer = failure
    # Four new members, none over the new-member limit of 3 posts a minute.
    authors = [make_member() for _ in range(4)]
    bodies = [f"Post {number}: my infusion day went fine." for number in range(10)]

    for number, body in enumerate(bodies):
        post_reply(authors[number % 4], open_thread, body)

    comments = Comment.objects.filter(thread=open_thread, is_opening=False)
    assert sorted(comments.values_list("body", flat=True)) == sorted(bodies)
    assert set(comments.values_list("status", "spam_check")) == {
        (CommentStatus.PENDING, SpamCheck.WAITING)
    }
    open_thread.refresh_from_db()
    assert open_thread.comment_count == 1

    akismet_service.answer = "ham"
    out, _ = recheck("--older-than", "0")

    assert "Checked 10 comments" in out and "10 not spam" in out
    assert set(comments.values_list("status", flat=True)) == {CommentStatus.PUBLISHED}
    open_thread.refresh_from_db()
    assert open_thread.comment_count == 11


def test_akismet_is_sent_the_members_address_and_text_which_is_erased_after_its_verdict(
    akismet_service, no_premoderation, open_thread, member, post_reply
):
    akismet_service.answer = "error"
    comment = post_reply(member, open_thread, "Thank you all for the advice.", ip="198.51.100.23")
    assert Comment.objects.get(pk=comment.pk).spam_check_ip == "198.51.100.23"

    akismet_service.answer = "ham"
    recheck("--older-than", "0")

    sent = akismet_service.comment_checks[-1]
    assert sent["user_ip"] == "198.51.100.23"
    assert sent["comment_content"] == "Thank you all for the advice."
    assert sent["comment_type"] == "forum-post"
    assert sent["comment_author"] == member.display_name
    assert sent["api_key"] == "test-key"
    assert sent["blog"] == "https://mmn.example.org"
    assert sent["permalink"] == f"https://mmn.example.org{open_thread.get_absolute_url()}"
    assert member.email not in sent.values(), "the member's email address is never sent"
    comment.refresh_from_db()
    assert comment.spam_check == SpamCheck.PASSED
    assert comment.spam_check_ip is None


def test_an_edit_is_checked_again_and_held_when_the_spam_service_calls_it_spam(
    akismet_service,
    no_premoderation,
    open_thread,
    member,
    post_reply,
    client,
    django_capture_on_commit_callbacks,
):
    comment = post_reply(member, open_thread, "Infusions help me a lot.")
    assert comment.status == CommentStatus.PUBLISHED
    akismet_service.answer = "spam"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/comments/{comment.pk}/edit/",
            {"body": "Infusions help me a lot. Buy them cheap at pills.example"},
            REMOTE_ADDR=MEMBER_IP,
        )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert comment.held_reason == SPAM_REASON
    assert akismet_service.comment_checks[-1]["recheck_reason"] == "edit"
    open_thread.refresh_from_db()
    assert open_thread.comment_count == 1


def test_a_new_thread_is_checked_with_its_title_and_hidden_while_spam(
    akismet_service,
    no_premoderation,
    member,
    other_member,
    client,
    django_capture_on_commit_callbacks,
):
    akismet_service.answers_by_text = {"Miracle cure": "spam"}
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/c/treatment/new/",
            {"title": "Miracle cure for MMN", "body": "Message me for the details."},
            REMOTE_ADDR=MEMBER_IP,
        )

    assert response.status_code == 302
    thread = Thread.objects.get(title="Miracle cure for MMN")
    assert thread.status == ThreadStatus.PENDING
    assert akismet_service.comment_checks[-1]["comment_content"].startswith("Miracle cure")
    client.force_login(other_member)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Miracle cure" not in client.get("/c/treatment/").content.decode()


def test_moderators_posts_are_not_sent_to_the_spam_service(
    akismet_service, open_thread, moderator, post_reply
):
    comment = post_reply(moderator, open_thread, "A reminder to be kind to each other.")

    assert comment.status == CommentStatus.PUBLISHED
    assert comment.spam_check == SpamCheck.NOT_NEEDED
    assert akismet_service.comment_checks == []
