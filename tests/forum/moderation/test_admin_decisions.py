"""Deciding on comments and appeals in the admin: bulk actions confirmed with a reason, each
through its service, so each leaves an audit entry and tells the member."""

import pytest

from audit.models import AuditEntry
from forum import services
from forum.models import (
    Appeal,
    AppealOutcome,
    AuditAction,
    Comment,
    CommentStatus,
    FlagReason,
    FlagResolution,
    NotificationKind,
)
from forum.moderation import appeals, decisions, flags
from notifications.models import Notification
from notifications.services import email_notifications_set
from tests.forum.moderation.admin_actions import confirm, confirmation_page, messages_of

QUEUE = "/admin/forum/reviewitem/"
COMMENTS = "/admin/forum/comment/"
APPEALS = "/admin/forum/appeal/"


@pytest.fixture
def open_thread(make_thread, moderator):
    return make_thread(moderator, title="Managing fatigue after infusions", body="What helps?")


@pytest.fixture
def held(moderation_policy, make_member, open_thread) -> list[Comment]:
    """Two newcomers' first replies, held for review by pre-moderation."""
    return [
        services.comment_create(
            author=make_member(name), thread=open_thread, body=f"Hello from {name}."
        )
        for name in ("newcomer_liz", "newcomer_max")
    ]


def statuses(comments) -> list[str]:
    return [Comment.objects.get(pk=comment.pk).status for comment in comments]


def test_reject_asks_for_a_reason_on_a_page_listing_the_comments(moderator_client, held, page_of):
    response = confirmation_page(moderator_client, QUEUE, "reject_selected", held)

    assert response.status_code == 200
    page = page_of(response)
    assert "Reject these comments?" in page.text
    assert f"Comment {held[0].pk} by newcomer_liz (awaiting review)" in page.text
    assert f"Comment {held[1].pk} by newcomer_max (awaiting review)" in page.text
    assert (
        "textarea",
        {
            "name": "reason",
            "cols": "60",
            "rows": "4",
            "maxlength": "500",
            "required": "",
            "aria-describedby": "id_reason_helptext",
            "id": "id_reason",
        },
    ) in page.tags
    assert statuses(held) == ["pending", "pending"], "nothing happens before confirming"


def test_moderator_rejects_held_comments_in_bulk_with_audit_notification_and_email(
    moderator_client,
    moderator,
    held,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    for comment in held:  # asked for email at once (the default is a daily digest)
        email_notifications_set(member=comment.author, choice="immediately")
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(
            moderator_client, QUEUE, "reject_selected", held, reason="Advertising a clinic."
        )

    assert response.status_code == 200
    assert messages_of(response) == ["Rejected 2 comments."]
    assert statuses(held) == ["rejected", "rejected"]
    entries = AuditEntry.objects.order_by("target_id")
    assert [(e.actor, e.action, e.target_type, e.target_id, e.reason) for e in entries] == [
        (moderator, AuditAction.REJECT, "comment", str(c.pk), "Advertising a clinic.")
        for c in sorted(held, key=lambda comment: str(comment.pk))
    ]
    for comment in held:
        notice = Notification.objects.get(recipient=comment.author)
        assert notice.kind == NotificationKind.COMMENT_REJECTED
        assert "Reason: Advertising a clinic." in notice.text
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(c.author.email for c in held)
    assert all(mail.subject == "[MMN Community] Your comment was rejected" for mail in mailoutbox)
    assert all("Advertising a clinic." in mail.body for mail in mailoutbox)


def test_rejecting_without_a_reason_is_refused_and_changes_nothing(
    moderator_client, held, mailoutbox, django_capture_on_commit_callbacks, page_of
):
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(moderator_client, QUEUE, "reject_selected", held, reason="   ")

    assert response.status_code == 200
    assert "Please give a reason: it is kept in the audit log." in page_of(response).text
    assert statuses(held) == ["pending", "pending"]
    assert not AuditEntry.objects.exists()
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_hiding_needs_a_reason_too(moderator_client, held, page_of):
    response = confirm(moderator_client, QUEUE, "hide_selected", held)

    assert "Please give a reason: it is kept in the audit log." in page_of(response).text
    assert statuses(held) == ["pending", "pending"]


def test_a_reason_longer_than_a_comment_can_keep_is_refused(moderator_client, held, page_of):
    response = confirm(moderator_client, QUEUE, "reject_selected", held, reason="x" * 501)

    assert "Ensure this value has at most 500 characters" in page_of(response).text
    assert statuses(held) == ["pending", "pending"]


def test_approving_held_comments_publishes_them_and_counts_towards_trust(
    moderator_client,
    moderator,
    make_member,
    open_thread,
    moderation_policy,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    author = make_member("newcomer_ned")
    first_two = [
        services.comment_create(author=author, thread=open_thread, body=f"Post {n}.")
        for n in (1, 2)
    ]
    assert statuses(first_two) == ["pending", "pending"]

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(moderator_client, QUEUE, "approve_selected", first_two)

    assert messages_of(response) == ["Approved 2 comments."]
    assert statuses(first_two) == ["published", "published"]
    assert [(e.actor, e.action, e.reason) for e in AuditEntry.objects.all()] == [
        (moderator, AuditAction.APPROVE, ""),
        (moderator, AuditAction.APPROVE, ""),
    ]
    notices = Notification.objects.filter(recipient=author)
    assert [n.kind for n in notices] == [NotificationKind.COMMENT_APPROVED] * 2
    assert mailoutbox == [], "approval is told on the site only"
    third = services.comment_create(author=author, thread=open_thread, body="Post 3.")
    assert third.status == CommentStatus.PUBLISHED, "two approved comments: no longer held"


def test_approving_a_flagged_comment_keeps_it_and_dismisses_its_flags(
    moderator_client, moderator, member, other_member, open_thread
):
    comment = services.comment_create(author=other_member, thread=open_thread, body="IVIg info.")
    flag = flags.flag_create(reporter=member, comment=comment, reason=FlagReason.OTHER)

    response = confirm(
        moderator_client, QUEUE, "approve_selected", [comment], reason="Accurate information."
    )

    assert messages_of(response) == ["Approved 1 comment."]
    flag.refresh_from_db()
    assert flag.resolution == FlagResolution.DISMISSED
    assert AuditEntry.objects.get().reason == "Accurate information."
    assert moderator_client.get(QUEUE).context["cl"].result_count == 0


def test_hiding_a_flagged_comment_upholds_its_flags_and_tells_the_author_by_email(
    moderator_client,
    moderator,
    member,
    other_member,
    open_thread,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    email_notifications_set(member=other_member, choice="immediately")  # the default is daily
    comment = services.comment_create(author=other_member, thread=open_thread, body="Rude words.")
    flag = flags.flag_create(reporter=member, comment=comment, reason=FlagReason.HARASSMENT)

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(
            moderator_client, QUEUE, "hide_selected", [comment], reason="Please be kind."
        )

    assert messages_of(response) == ["Hid 1 comment."]
    assert statuses([comment]) == ["hidden"]
    flag.refresh_from_db()
    assert flag.resolution == FlagResolution.UPHELD
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id, entry.reason) == (
        moderator,
        AuditAction.HIDE,
        str(comment.pk),
        "Please be kind.",
    )
    notice = Notification.objects.get(recipient=other_member)
    assert notice.kind == NotificationKind.COMMENT_HIDDEN
    assert [mail.to for mail in mailoutbox] == [[other_member.email]]
    assert "Please be kind." in mailoutbox[0].body


def test_moderator_restores_a_hidden_comment_from_the_comment_list(
    moderator_client, moderator, other_member, open_thread
):
    comment = services.comment_create(author=other_member, thread=open_thread, body="Fine words.")
    decisions.comment_hide(moderator=moderator, comment=comment, reason="Checking a claim.")

    response = confirm(
        moderator_client, COMMENTS, "restore_selected", [comment], reason="Claim checked."
    )

    assert messages_of(response) == ["Restored 1 comment."]
    assert statuses([comment]) == ["published"]
    entry = AuditEntry.objects.filter(action=AuditAction.RESTORE).get()
    assert (entry.actor, entry.reason) == (moderator, "Claim checked.")
    assert Notification.objects.filter(
        recipient=other_member, kind=NotificationKind.COMMENT_RESTORED
    ).exists()


def test_bulk_action_reports_what_succeeded_and_each_refusal_with_its_reason(
    moderator_client, moderator, held
):
    already = decisions.comment_reject(moderator=moderator, comment=held[0], reason="Spam.")

    response = confirm(
        moderator_client, COMMENTS, "reject_selected", [already, held[1]], reason="Off topic."
    )

    assert response.status_code == 200
    assert messages_of(response) == [
        f"Comment {already.pk} by newcomer_liz (rejected by a moderator): "
        "This comment is rejected by a moderator, so it cannot be rejected.",
        "Rejected 1 comment.",
    ]
    assert AuditEntry.objects.filter(reason="Off topic.").count() == 1
    assert Comment.objects.get(pk=already.pk).held_reason == "Spam."


def test_comment_decided_by_another_moderator_meanwhile_is_reported_not_lost(
    moderator_client, make_member, held
):
    second_moderator = make_member("kate_volunteer", is_staff=True, is_superuser=True)
    assert confirmation_page(moderator_client, QUEUE, "reject_selected", held).status_code == 200
    decisions.comment_reject(moderator=second_moderator, comment=held[0], reason="Spam.")

    response = confirm(moderator_client, QUEUE, "reject_selected", held, reason="Off topic.")

    assert messages_of(response) == [
        f"Comment {held[0].pk} by newcomer_liz (rejected by a moderator): "
        "This comment is rejected by a moderator, so it cannot be rejected.",
        "Rejected 1 comment.",
    ]
    assert [Comment.objects.get(pk=c.pk).held_reason for c in held] == ["Spam.", "Off topic."]


def test_restoring_a_comment_that_is_not_hidden_changes_nothing_and_says_why(
    moderator_client, held
):
    response = confirm(moderator_client, QUEUE, "restore_selected", held[:1])

    assert messages_of(response) == [
        f"Comment {held[0].pk} by newcomer_liz (awaiting review): "
        "Only a hidden or rejected comment can be restored.",
        "Nothing was changed.",
    ]
    assert not AuditEntry.objects.exists()


# -- Appeals ------------------------------------------------------------------------------------


@pytest.fixture
def appeal(moderator, other_member, open_thread) -> Appeal:
    comment = services.comment_create(author=other_member, thread=open_thread, body="My dose.")
    comment = decisions.comment_reject(
        moderator=moderator, comment=comment, reason="Dosage advice is for clinicians."
    )
    return appeals.appeal_create(
        author=other_member, comment=comment, note="I only said what my own dose is."
    )


def test_appeals_list_shows_waiting_appeals_with_the_decision_and_the_members_note(
    client, second_moderator, appeal, page_of
):
    client.force_login(second_moderator)

    response = client.get(APPEALS)

    assert list(response.context["cl"].result_list) == [appeal]
    text = page_of(response).text
    assert "My dose." in text
    assert "Rejected by a moderator" in text
    assert "jane_volunteer : Dosage advice is for clinicians." in text
    assert "I only said what my own dose is." in text


def test_decided_appeals_leave_the_default_list(client, second_moderator, appeal):
    client.force_login(second_moderator)
    appeals.appeal_decide(
        moderator=second_moderator, appeal=appeal, overturn=False, reason="Stands."
    )

    assert list(client.get(APPEALS).context["cl"].result_list) == []
    assert list(client.get(APPEALS, {"outcome": "all"}).context["cl"].result_list) == [appeal]


def test_another_moderator_overturns_an_appeal_and_the_member_is_told(
    client, second_moderator, appeal, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    email_notifications_set(member=other_member, choice="immediately")  # the default is daily
    client.force_login(second_moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(
            client, APPEALS, "overturn_selected", [appeal], reason="Sharing your own dose is fine."
        )

    assert messages_of(response) == ["Decided 1 appeal."]
    appeal.refresh_from_db()
    assert (appeal.outcome, appeal.decided_by) == (AppealOutcome.OVERTURNED, second_moderator)
    assert statuses([appeal.comment]) == ["published"]
    entry = AuditEntry.objects.get(action=AuditAction.APPEAL_OVERTURN)
    assert (entry.actor, entry.reason) == (second_moderator, "Sharing your own dose is fine.")
    assert Notification.objects.filter(
        recipient=other_member, kind=NotificationKind.APPEAL_DECIDED
    ).exists()
    assert [mail.to for mail in mailoutbox] == [[other_member.email]]


def test_another_moderator_upholds_an_appeal(client, second_moderator, appeal):
    client.force_login(second_moderator)

    response = confirm(client, APPEALS, "uphold_selected", [appeal], reason="Still advice.")

    assert messages_of(response) == ["Decided 1 appeal."]
    appeal.refresh_from_db()
    assert appeal.outcome == AppealOutcome.UPHELD
    assert statuses([appeal.comment]) == ["rejected"]
    assert AuditEntry.objects.filter(
        action=AuditAction.APPEAL_UPHOLD, actor=second_moderator
    ).exists()


def test_the_moderator_who_acted_cannot_decide_the_appeal(moderator_client, appeal):
    response = confirm(
        moderator_client, APPEALS, "overturn_selected", [appeal], reason="I changed my mind."
    )

    assert response.status_code == 200
    assert messages_of(response) == [
        f"Appeal by carer_dave on comment {appeal.comment_id}: You made the decision under "
        "appeal; another moderator must decide the appeal.",
        "Nothing was changed.",
    ]
    appeal.refresh_from_db()
    assert appeal.outcome == AppealOutcome.WAITING
    assert statuses([appeal.comment]) == ["rejected"]
    assert not AuditEntry.objects.filter(action=AuditAction.APPEAL_OVERTURN).exists()


def test_deciding_an_appeal_needs_a_reason(client, second_moderator, appeal, page_of):
    client.force_login(second_moderator)

    response = confirm(client, APPEALS, "uphold_selected", [appeal], reason="")

    assert "Please give a reason: it is kept in the audit log." in page_of(response).text
    appeal.refresh_from_db()
    assert appeal.outcome == AppealOutcome.WAITING
