"""manage.py recheck_spam, which asks the spam service (a fake Akismet, through the real client
library) again about comments held waiting for it: it leaves comments younger than a minute to their
own check, counts each outcome and keeps failures held, asks nothing more while the service is down,
stops with a plain message when the key is refused or missing, and never overrides a moderator's
decision, a comment its author deleted, or text the author has since edited.

Members post through the web forms; the check runs as a task after the commit (the immediate
backend here, as in development), so each post is wrapped in django_capture_on_commit_callbacks.
"""

from datetime import timedelta

import pytest
from django.core.management import CommandError

from forum.models import Comment, CommentStatus, SpamCheck, Thread
from forum.moderation import decisions, spam
from tests.forum.moderation.conftest import MEMBER_IP, SPAM_REASON, recheck


@pytest.fixture
def open_thread(moderator, make_thread) -> Thread:
    """A moderator's thread: published at once and never sent to the spam service."""
    return make_thread(moderator)


# -- manage.py recheck_spam ------------------------------------------------------------------


def test_recheck_spam_leaves_comments_younger_than_a_minute_to_their_own_check(
    akismet_service, no_premoderation, open_thread, member, post_reply
):
    akismet_service.answer = "error"
    comment = post_reply(member, open_thread, "Is it normal to feel tired after IVIg?")
    akismet_service.answer = "ham"
    asked = len(akismet_service.comment_checks)

    out, _ = recheck()

    assert "Checked 0 comments" in out
    assert len(akismet_service.comment_checks) == asked
    Comment.objects.filter(pk=comment.pk).update(
        created_at=comment.created_at - timedelta(seconds=61)
    )
    out, _ = recheck()
    assert "Checked 1 comments" in out
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PUBLISHED


def test_recheck_spam_counts_each_outcome_and_keeps_failures_held(
    akismet_service, no_premoderation, open_thread, make_member, post_reply
):
    akismet_service.answer = "error"
    spam = post_reply(make_member(), open_thread, "Visit my shop for supplements")
    ham = post_reply(make_member(), open_thread, "My neurologist suggested a splint")
    failing = post_reply(make_member(), open_thread, "Anyone in Leeds?")
    akismet_service.answer = "ham"
    akismet_service.answers_by_text = {"shop": "spam", "Leeds": "error"}

    out, err = recheck("--older-than", "0")

    assert "Checked 3 comments" in out
    assert "1 spam (held for a moderator), 1 not spam, 1 still failing" in out
    assert "did not answer for 1 comments" in err
    spam.refresh_from_db(), ham.refresh_from_db(), failing.refresh_from_db()
    assert (spam.status, spam.held_reason) == (CommentStatus.PENDING, SPAM_REASON)
    assert ham.status == CommentStatus.PUBLISHED
    assert (failing.status, failing.spam_check) == (CommentStatus.PENDING, SpamCheck.WAITING)
    assert failing.spam_check_ip == MEMBER_IP


def test_recheck_spam_asks_nothing_more_while_the_service_is_down(
    akismet_service, no_premoderation, open_thread, make_member, post_reply
):
    akismet_service.answer = "error"
    held = [post_reply(make_member(), open_thread, f"Question {n}") for n in range(3)]
    asked = len(akismet_service.comment_checks)

    out, err = recheck("--older-than", "0")

    assert "Checked 3 comments" in out and "3 still failing" in out
    assert "did not answer for 3 comments" in err
    assert len(akismet_service.comment_checks) == asked, "one verify-key request, no more"
    for comment in held:
        comment.refresh_from_db()
        assert (comment.status, comment.spam_check) == (CommentStatus.PENDING, SpamCheck.WAITING)


def test_recheck_spam_stops_with_a_plain_message_when_akismet_refuses_the_key(
    akismet_service, no_premoderation, open_thread, member, post_reply
):
    akismet_service.answer = "error"
    comment = post_reply(member, open_thread, "Good morning all")
    akismet_service.answer = "ham"
    akismet_service.key_valid = False

    with pytest.raises(CommandError, match="does not accept AKISMET_API_KEY"):
        recheck("--older-than", "0")

    comment.refresh_from_db()
    assert (comment.status, comment.spam_check) == (CommentStatus.PENDING, SpamCheck.WAITING)


def test_recheck_spam_without_a_key_says_that_comments_wait(
    akismet_service, no_premoderation, open_thread, member, post_reply, settings
):
    akismet_service.answer = "error"
    post_reply(member, open_thread, "Good evening all")
    settings.AKISMET_API_KEY = ""

    with pytest.raises(CommandError, match="1 comments wait for the spam service"):
        recheck("--older-than", "0")


def test_recheck_spam_with_nothing_waiting_asks_nothing(db, akismet_service):
    out, err = recheck("--older-than", "0")

    assert "Checked 0 comments" in out and err == ""
    assert akismet_service.requests == []


def test_a_moderators_decision_is_never_overridden_by_a_later_spam_verdict(
    akismet_service, no_premoderation, open_thread, member, moderator, post_reply
):
    akismet_service.answer = "error"
    comment = post_reply(member, open_thread, "A reply the moderator reads first")
    decisions.comment_approve(moderator=moderator, comment=comment, reason="Looks fine")
    akismet_service.answer = "spam"

    out, _ = recheck("--older-than", "0")

    assert "Checked 0 comments" in out
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.spam_check == SpamCheck.NOT_NEEDED
    assert comment.spam_check_ip is None
    assert comment.hold_codes == [] and comment.held_reason == ""


def test_a_comment_its_author_deletes_while_waiting_is_not_sent_again(
    akismet_service, no_premoderation, open_thread, member, post_reply, client
):
    akismet_service.answer = "error"
    comment = post_reply(member, open_thread, "Posted in the wrong thread, sorry")
    asked = len(akismet_service.comment_checks)
    client.force_login(member)
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 302
    akismet_service.answer = "ham"

    out, _ = recheck("--older-than", "0")

    assert "Checked 0 comments" in out
    assert len(akismet_service.comment_checks) == asked
    assert Comment.objects.get(pk=comment.pk).spam_check_ip is None


def test_a_verdict_about_text_the_author_has_since_edited_is_ignored(
    akismet_service, no_premoderation, open_thread, member, post_reply, client
):
    """Akismet answers about the first text after the author has edited it: the answer must not
    release the new text, which its own check (queued by the edit) decides."""
    akismet_service.answer = "error"
    comment = post_reply(member, open_thread, "First version")
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Second version, now spam"})
    assert response.status_code == 302

    spam.apply_spam_verdict(comment_id=comment.pk, verdict="ham", checked_body="First version")

    comment.refresh_from_db()
    assert (comment.status, comment.spam_check) == (CommentStatus.PENDING, SpamCheck.WAITING)
