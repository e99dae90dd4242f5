"""What erasure does with what a member wrote: kept comments read "Former member" and lose their
earlier versions, removed comments leave placeholders and their threads lose their titles (in the
audit log and in others' notifications too), flags they raised stay with the anonymised account,
their notifications, follows, suggestions and waiting appeals go, decided appeals stay, and their
authenticator app goes."""

from audit.models import AuditEntry
from forum.models import (
    Appeal,
    AppealOutcome,
    AuditAction,
    Comment,
    CommentRevision,
    CommentStatus,
    Flag,
    FlagResolution,
    Follow,
    Thread,
)
from forum.moderation import appeals, decisions
from notifications.models import Notification
from resources.models import ResourceSuggestion
from tests.accounts.conftest import erase, former


def texts_of(member) -> list[str]:
    """The words of a member's notifications, as they read them."""
    return [notification.text for notification in Notification.objects.filter(recipient=member)]


# -- Erasure: comments, and what goes or stays -----------------------------------------------------


def test_kept_comments_read_former_member_on_the_thread_page(
    client, page_of, member, other_member, history
):
    own_thread = history["own_thread"]

    erase(member, keep_comments=True)

    page = page_of(client.get(own_thread.get_absolute_url()))
    opening = own_thread.comments.get(is_opening=True)
    assert page.text_of(f"comment-{opening.pk}").startswith(f"{former(member)} Other")
    assert "A foam tube on my pen." in page.text_of(f"comment-{opening.pk}")
    assert f"started by {former(member)}" in page.texts_of("page-heading")[0]
    assert "hannah_mmn" not in page.text
    assert "Dave's private thoughts on pens." in page.text
    # A closed account has no profile page: its name is not a link to a 404.
    linked = {link["text"] for link in page.links}
    assert former(member) not in linked
    assert other_member.display_name in linked


def test_kept_comments_lose_their_earlier_versions(member, history):
    assert CommentRevision.objects.filter(comment__author=member).exists()

    erase(member, keep_comments=True)

    assert not CommentRevision.objects.filter(comment__author=member).exists()
    assert Comment.objects.get(pk=history["reply"].pk).body == "I rest after each infusion."


def test_removed_comments_leave_placeholders_and_their_threads_lose_their_titles(
    client, page_of, member, other_member, history
):
    own_thread, their_thread = history["own_thread"], history["their_thread"]
    old_address = own_thread.get_absolute_url()
    assert Thread.objects.get(pk=their_thread.pk).comment_count == 2

    erase(member, keep_comments=False)

    response = client.get(old_address)
    assert response.status_code == 301, "the old address still leads to the thread"
    page = page_of(client.get(response["Location"]))
    opening = own_thread.comments.get(is_opening=True)
    assert page.texts_of("page-heading")[0].startswith("Removed by its author")
    assert page.text_of(f"comment-{opening.pk}") == "Comment removed by its author."
    assert "Dave's private thoughts on pens." in page.text, "replies by others stay"
    assert "Grip aids" not in page.text
    assert "foam tube" not in page.text
    their_page = page_of(client.get(their_thread.get_absolute_url()))
    reply = history["reply"]
    assert their_page.text_of(f"comment-{reply.pk}") == "Comment removed by its author."
    assert "infusion" not in their_page.text
    assert Thread.objects.get(pk=their_thread.pk).comment_count == 1
    wiped = Comment.objects.filter(author=member)
    assert set(wiped.values_list("status", flat=True)) == {CommentStatus.REMOVED}
    assert set(wiped.values_list("body", "body_html")) == {("", "")}
    assert not CommentRevision.objects.filter(comment__author=member).exists()


def test_audit_log_no_longer_names_a_removed_thread(member, moderator, history):
    decisions.thread_set(moderator=moderator, thread=history["own_thread"], action=AuditAction.LOCK)

    erase(member, keep_comments=False)

    entry = AuditEntry.objects.get(action=AuditAction.LOCK)
    assert entry.target_label == "Removed by its author"


def test_flags_they_raised_stay_signed_by_the_anonymised_account(member, history):
    erase(member, keep_comments=False)

    flag = Flag.objects.get(pk=history["flag"].pk)
    assert flag.reporter_id == member.pk
    assert flag.resolution == FlagResolution.OPEN
    assert str(flag.reporter) == former(member)


def test_their_notifications_follows_suggestions_and_waiting_appeals_go(member, history):
    assert Notification.objects.filter(recipient=member).exists()

    erase(member, keep_comments=True)

    assert not Notification.objects.filter(recipient=member).exists()
    assert not Follow.objects.filter(member=member).exists()
    assert not ResourceSuggestion.objects.filter(pk=history["suggestion"].pk).exists()
    assert not Appeal.objects.filter(pk=history["appeal"].pk).exists()


def test_a_decided_appeal_stays_as_a_moderation_record(member, history, second_moderator):
    appeals.appeal_decide(
        moderator=second_moderator,
        appeal=history["appeal"],
        overturn=False,
        reason="It names a clinician.",
    )

    erase(member, keep_comments=True)

    assert Appeal.objects.get(pk=history["appeal"].pk).outcome == AppealOutcome.UPHELD


def test_erasure_removes_the_members_authenticator_app_and_recovery_codes(member):
    from allauth.mfa.models import Authenticator

    from tests.conftest import add_totp

    add_totp(member)

    erase(member, keep_comments=True)

    assert not Authenticator.objects.filter(user=member).exists()


def test_a_removed_threads_title_leaves_the_notifications_of_others(
    member, other_member, make_thread, make_reply, django_capture_on_commit_callbacks
):
    started = make_thread(member, title="My neurologist at St Elsewhere", body="Long story.")
    make_reply(other_member, started, "Following along.")
    with django_capture_on_commit_callbacks(execute=True):
        make_reply(member, started, "Thanks for reading.")
    assert any("St Elsewhere" in text for text in texts_of(other_member))

    erase(member, keep_comments=False)

    assert not any("St Elsewhere" in n.text for n in Notification.objects.all())
