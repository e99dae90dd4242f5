"""Following threads: who may follow, and who hears of a reply, once, when it is first published.

Followers are told after the commit, so every post that should notify runs inside
django_capture_on_commit_callbacks(execute=True), as it would in a real request.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import services as account_services
from forum import selectors, services
from forum.models import Comment, CommentStatus, Follow, NotificationKind, SpamCheck
from forum.moderation import decisions, spam
from forum.services import publication
from notifications.models import Notification


def replies_heard_by(member) -> list[Notification]:
    return list(Notification.objects.filter(recipient=member, kind=NotificationKind.REPLY))


@pytest.fixture
def reply_after_commit(django_capture_on_commit_callbacks):
    """Reply through the service, and run what waits for the commit (the followers' notice)."""

    def reply(author, thread, body: str = "Same here, every three weeks.") -> Comment:
        with django_capture_on_commit_callbacks(execute=True):
            return services.comment_create(author=author, thread=thread, body=body)

    return reply


# -- Following and unfollowing ---------------------------------------------------------------------


def test_member_follows_the_thread_they_start(member, thread):
    assert selectors.is_following(member=member, thread=thread)


def test_member_follows_a_thread_they_reply_to(member, other_member, thread, make_reply):
    assert not selectors.is_following(member=other_member, thread=thread)

    make_reply(other_member, thread)

    assert selectors.is_following(member=other_member, thread=thread)


def test_following_twice_keeps_one_follow_and_unfollowing_twice_is_harmless(other_member, thread):
    first = services.thread_follow(member=other_member, thread=thread)
    second = services.thread_follow(member=other_member, thread=thread)

    assert first.pk == second.pk
    assert Follow.objects.filter(member=other_member, thread=thread).count() == 1
    assert services.thread_unfollow(member=other_member, thread=thread) is True
    assert services.thread_unfollow(member=other_member, thread=thread) is False
    assert not selectors.is_following(member=other_member, thread=thread)


def test_visitor_cannot_follow_and_is_told_to_sign_in(thread):
    with pytest.raises(PermissionDenied, match="Please sign in to follow a thread."):
        services.thread_follow(member=AnonymousUser(), thread=thread)

    assert not selectors.is_following(member=AnonymousUser(), thread=thread)
    assert not Follow.objects.exclude(member=thread.author).exists()


def test_closed_account_cannot_follow(make_member, thread):
    closed = make_member("gone_away", is_active=False)

    with pytest.raises(PermissionDenied, match="This account is closed."):
        services.thread_follow(member=closed, thread=thread)


def test_member_cannot_follow_a_thread_they_cannot_see(member, other_member, thread, moderator):
    opening = thread.comments.get(is_opening=True)
    decisions.comment_reject(moderator=moderator, comment=opening, reason="Advertising.")

    with pytest.raises(PermissionDenied, match="You can only follow a thread you can see."):
        services.thread_follow(member=other_member, thread=thread)

    assert not selectors.is_following(member=other_member, thread=thread)
    assert selectors.is_following(member=member, thread=thread), "its author still can"


def test_suspended_member_may_still_follow_because_following_is_reading(
    make_member, thread, moderator
):
    suspended = make_member("resting_reader")
    account_services.member_suspend(
        moderator=moderator,
        member=suspended,
        until=timezone.now() + timedelta(days=3),
        reason="Cooling off.",
    )

    services.thread_follow(member=suspended, thread=thread)

    assert selectors.is_following(member=suspended, thread=thread)


def test_follower_reads_of_a_new_reply_on_their_notifications_page(
    member, other_member, thread, reply_after_commit, signed_in, page_of
):
    reply = reply_after_commit(other_member, thread, "Every four weeks for me.")

    page = page_of(signed_in.get("/notifications/"))

    assert page.texts_of("notification-message") == [
        f"carer_dave replied in \u201c{thread.title}\u201d"
    ]
    assert "New reply in a thread you follow" in page.text
    [link] = [link["href"] for link in page.links_within("notification")]
    assert link == f"/comments/{reply.pk}/"
    response = signed_in.get(link)
    assert response.status_code == 302
    assert response["Location"].endswith(f"{thread.get_absolute_url()}#comment-{reply.pk}")


def test_author_is_not_told_of_their_own_reply(
    member, other_member, thread, make_member, reply_after_commit
):
    reader = make_member("quiet_reader")
    services.thread_follow(member=reader, thread=thread)
    reply_after_commit(other_member, thread)

    reply_after_commit(member, thread, "Thanks, that helps.")

    assert [n.text for n in replies_heard_by(member)] == [
        f"carer_dave replied in \u201c{thread.title}\u201d"
    ]
    assert replies_heard_by(other_member)[0].text.startswith("hannah_mmn replied in")
    assert len(replies_heard_by(reader)) == 2


def test_starting_a_thread_notifies_nobody(member, make_thread, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(member)

    assert not Notification.objects.exists()


def test_member_who_unfollowed_hears_nothing(
    member, other_member, thread, make_member, reply_after_commit
):
    reader = make_member("quiet_reader")
    services.thread_follow(member=reader, thread=thread)
    services.thread_unfollow(member=reader, thread=thread)

    reply_after_commit(other_member, thread)

    assert replies_heard_by(reader) == []
    assert len(replies_heard_by(member)) == 1


def test_followers_of_a_thread_taken_out_of_view_hear_nothing(
    member, other_member, thread, moderator, reply_after_commit
):
    services.thread_follow(member=other_member, thread=thread)
    opening = thread.comments.get(is_opening=True)
    decisions.comment_reject(moderator=moderator, comment=opening, reason="Advertising.")

    reply_after_commit(member, thread, "Can anyone still see this?")

    assert replies_heard_by(other_member) == []


def test_held_reply_tells_nobody_until_a_moderator_approves_it_and_then_once(
    moderation_policy,
    member,
    make_member,
    make_thread,
    moderator,
    second_moderator,
    reply_after_commit,
    django_capture_on_commit_callbacks,
):
    thread = make_thread(moderator)
    services.thread_follow(member=member, thread=thread)
    newcomer = make_member("new_here")

    reply = reply_after_commit(newcomer, thread, "Hello, I was diagnosed last month.")

    assert reply.status == CommentStatus.PENDING
    assert replies_heard_by(member) == []
    with django_capture_on_commit_callbacks(execute=True):
        decisions.comment_approve(moderator=second_moderator, comment=reply)
    [heard] = replies_heard_by(member)
    assert heard.text == f"new_here replied in \u201c{thread.title}\u201d"
    assert heard.url == f"/comments/{reply.pk}/"
    # The thread's author (a moderator) follows it too, and hears of it like anyone.
    assert len(replies_heard_by(moderator)) == 1
    assert replies_heard_by(newcomer) == []


def test_rejected_reply_never_tells_anyone(
    moderation_policy,
    member,
    make_member,
    make_thread,
    moderator,
    reply_after_commit,
    django_capture_on_commit_callbacks,
):
    thread = make_thread(moderator)
    services.thread_follow(member=member, thread=thread)
    reply = reply_after_commit(make_member("new_here"), thread, "Buy my supplements.")

    with django_capture_on_commit_callbacks(execute=True):
        decisions.comment_reject(moderator=moderator, comment=reply, reason="Advertising.")

    assert not Notification.objects.filter(kind=NotificationKind.REPLY).exists()


def test_edits_reapprovals_and_restores_never_tell_followers_twice(
    member,
    other_member,
    thread,
    moderator,
    make_member,
    reply_after_commit,
    django_capture_on_commit_callbacks,
):
    reply = reply_after_commit(other_member, thread, "Gloves help with cold hands.")
    assert len(replies_heard_by(member)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        reply = services.comment_edit(actor=other_member, comment=reply, body="Gloves help!")
        decisions.comment_approve(moderator=moderator, comment=reply)
        decisions.comment_hide(moderator=moderator, comment=reply, reason="Checking a claim.")
        decisions.comment_restore(moderator=moderator, comment=reply)

    assert Comment.objects.get(pk=reply.pk).status == CommentStatus.PUBLISHED
    assert len(replies_heard_by(member)) == 1


def test_edit_that_publishes_a_held_reply_tells_followers_once(
    member, other_member, thread, reply_after_commit, django_capture_on_commit_callbacks
):
    reply = reply_after_commit(other_member, thread, "First draft.")
    Comment.objects.filter(pk=reply.pk).update(status=CommentStatus.PENDING, published_at=None)
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_edit(
            actor=other_member, comment=Comment.objects.get(pk=reply.pk), body="Second draft."
        )

    assert len(replies_heard_by(member)) == 1


def test_reply_released_by_the_spam_service_tells_followers_once(
    member, other_member, thread, settings, django_capture_on_commit_callbacks
):
    settings.AKISMET_API_KEY = "test-key"
    # Posted without running the commit hooks: the check waits, as if the service were slow.
    reply = services.comment_create(author=other_member, thread=thread, body="Pacing helps me.")
    assert reply.spam_check == SpamCheck.WAITING
    assert replies_heard_by(member) == []

    with django_capture_on_commit_callbacks(execute=True):
        spam.apply_spam_verdict(comment_id=reply.pk, verdict="ham")
    with django_capture_on_commit_callbacks(execute=True):
        spam.apply_spam_verdict(comment_id=reply.pk, verdict="ham")

    assert len(replies_heard_by(member)) == 1


def test_announcing_a_reply_costs_the_same_queries_for_two_followers_or_twenty(
    member, other_member, make_thread, make_member, make_reply
):
    def reply_with_followers(count: int) -> Comment:
        thread = make_thread(member, title=f"A thread with {count} more followers")
        for _ in range(count):
            services.thread_follow(member=make_member(), thread=thread)
        return make_reply(other_member, thread)

    def announced(reply: Comment) -> tuple[int, int]:
        """(queries, replies heard) of announcing the published reply, as its commit does."""
        with CaptureQueriesContext(connection) as queries:
            publication.published_comment_announce(comment_id=reply.pk)
        heard = Notification.objects.filter(
            kind=NotificationKind.REPLY, url__endswith=f"/{reply.pk}/"
        )
        return len(queries), heard.count()

    few, many = reply_with_followers(1), reply_with_followers(19)

    # The thread's author and the new followers hear of it: 2 and 20, at the same cost (the
    # reply, its followers, one insert; no mention to look up).
    (few_cost, few_heard), (many_cost, many_heard) = announced(few), announced(many)
    assert (few_heard, many_heard) == (2, 20)
    assert few_cost == many_cost == 3, (few_cost, many_cost)


# -- On the thread page --------------------------------------------------------------------------


def test_a_member_follows_and_unfollows_from_the_thread_page(client, page_of, other_member, thread):
    client.force_login(other_member)
    url = f"{thread.get_absolute_url()}follow/"
    assert "Follow this thread" in page_of(client.get(thread.get_absolute_url())).text

    response = client.post(url, {"follow": "1"}, follow=True)

    assert Follow.objects.filter(member=other_member, thread=thread).exists()
    assert "Stop following" in page_of(response).text
    client.post(url, {"follow": "1"})  # a second press changes nothing
    assert Follow.objects.filter(member=other_member, thread=thread).count() == 1

    response = client.post(url, {"follow": "0"}, follow=True)

    assert not Follow.objects.filter(member=other_member, thread=thread).exists()
    assert "Follow this thread" in page_of(response).text


def test_a_visitor_is_offered_no_follow_button_and_cannot_follow(client, page_of, thread):
    assert "Follow this thread" not in page_of(client.get(thread.get_absolute_url())).text

    response = client.post(f"{thread.get_absolute_url()}follow/", {"follow": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Follow.objects.exclude(member=thread.author).exists()
