"""Thread tools and member tools in the admin: lock, pin, move; suspend and lift a suspension."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import services as account_services
from accounts.models import AccountAuditAction, AccountNotificationKind, User
from audit.models import AuditEntry
from forum import services
from forum.models import AuditAction, Category, Thread
from notifications.models import Notification
from tests.forum.moderation.admin_actions import confirm, confirmation_page, messages_of

THREADS = "/admin/forum/thread/"
MEMBERS = "/admin/accounts/user/"


# -- Threads ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "field", "before", "after", "audited"),
    [
        ("lock_selected", "is_locked", False, True, AuditAction.LOCK),
        ("unlock_selected", "is_locked", True, False, AuditAction.UNLOCK),
        ("pin_selected", "is_pinned", False, True, AuditAction.PIN),
        ("unpin_selected", "is_pinned", True, False, AuditAction.UNPIN),
    ],
)
def test_moderator_locks_unlocks_pins_and_unpins_threads(
    moderator_client, moderator, thread, action, field, before, after, audited
):
    Thread.objects.filter(pk=thread.pk).update(**{field: before})

    response = confirm(moderator_client, THREADS, action, [thread], reason="Keeping it tidy.")

    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    thread.refresh_from_db()
    assert getattr(thread, field) is after
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_type, entry.target_id, entry.reason) == (
        moderator,
        audited,
        "thread",
        str(thread.pk),
        "Keeping it tidy.",
    )


def test_locking_needs_no_reason_and_a_locked_thread_takes_no_replies(
    moderator_client, thread, other_member
):
    response = confirm(moderator_client, THREADS, "lock_selected", [thread])

    assert messages_of(response) == ["Locked 1 thread."]
    with pytest.raises(PermissionDenied, match="locked"):
        services.comment_create(author=other_member, thread=thread, body="One more thing.")


def test_moderator_moves_a_thread_to_another_category_with_a_reason(
    moderator_client, moderator, thread, page_of
):
    symptoms = Category.objects.get(slug="symptoms")
    page = page_of(confirmation_page(moderator_client, THREADS, "move_selected", [thread]))
    assert ("select", {"name": "category", "required": "", "id": "id_category"}) in page.tags

    response = confirm(
        moderator_client,
        THREADS,
        "move_selected",
        [thread],
        category=symptoms.pk,
        reason="It is about symptoms.",
    )

    assert messages_of(response) == ["Moved 1 thread."]
    thread.refresh_from_db()
    assert thread.category == symptoms
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (moderator, AuditAction.MOVE)
    assert entry.reason == (
        "From Treatment (IVIg, steroids, therapy) to Symptoms. It is about symptoms."
    )


def test_moving_without_a_category_is_refused_and_changes_nothing(
    moderator_client, thread, page_of
):
    response = confirm(moderator_client, THREADS, "move_selected", [thread], category="")

    assert response.status_code == 200
    assert "This field is required." in page_of(response).text
    thread.refresh_from_db()
    assert thread.category.slug == "treatment"
    assert not AuditEntry.objects.exists()


def test_thread_page_in_the_admin_is_read_only_so_changes_go_through_the_tools(
    moderator_client, thread
):
    url = f"{THREADS}{thread.pk}/change/"
    html = moderator_client.get(url).content.decode()

    for field in ("title", "category", "is_locked", "is_pinned"):
        assert f'name="{field}"' not in html
    response = moderator_client.post(url, {"title": "Renamed", "is_locked": "on"})
    assert response.status_code == 403
    thread.refresh_from_db()
    assert (thread.title, thread.is_locked) == ("How often are your IVIg infusions?", False)


# -- Members ------------------------------------------------------------------------------------


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_suspension_page_asks_for_a_date_and_a_reason(moderator_client, member, page_of):
    page = page_of(confirmation_page(moderator_client, MEMBERS, "suspend_selected", [member]))

    assert "Suspend these members?" in page.text
    assert "hannah_mmn" in page.text
    assert ("input", {"type": "date", "name": "until", "required": "", "id": "id_until"}) in [
        (tag, {k: v for k, v in attrs.items() if k != "aria-describedby"})
        for tag, attrs in page.tags
    ]
    assert any(tag == "textarea" and attrs["name"] == "reason" for tag, attrs in page.tags)


def test_moderator_suspends_a_member_until_a_date_with_a_reason(
    moderator_client, moderator, member, thread, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(
            moderator_client,
            MEMBERS,
            "suspend_selected",
            [member],
            until=in_days(7),
            reason="Repeated personal attacks.",
        )

    assert messages_of(response) == ["Suspended 1 member."]
    member.refresh_from_db()
    until = timezone.localtime(member.suspended_until)
    assert until.date().isoformat() == in_days(7)
    assert (until.hour, until.minute) == (23, 59), "the whole of the chosen day"
    assert member.suspension_reason == "Repeated personal attacks."
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_type, entry.target_id, entry.reason) == (
        moderator,
        AccountAuditAction.SUSPEND,
        "user",
        str(member.pk),
        "Repeated personal attacks.",
    )
    notice = Notification.objects.get(recipient=member)
    assert notice.kind == AccountNotificationKind.SUSPENDED
    assert [mail.to for mail in mailoutbox] == [[member.email]]
    assert "Repeated personal attacks." in mailoutbox[0].body
    with pytest.raises(PermissionDenied, match="suspended"):
        services.comment_create(author=member, thread=thread, body="Can I still post?")


def test_suspending_until_a_past_date_is_refused_and_changes_nothing(
    moderator_client, member, page_of
):
    response = confirm(
        moderator_client,
        MEMBERS,
        "suspend_selected",
        [member],
        until=in_days(-1),
        reason="Too late.",
    )

    assert response.status_code == 200
    assert "That date has passed: a suspension must end today or later." in page_of(response).text
    member.refresh_from_db()
    assert member.suspended_until is None
    assert not AuditEntry.objects.exists()
    assert not Notification.objects.exists()


def test_suspending_without_a_reason_is_refused(moderator_client, member, page_of):
    response = confirm(
        moderator_client, MEMBERS, "suspend_selected", [member], until=in_days(3), reason=""
    )

    assert "Please give a reason: it is kept in the audit log." in page_of(response).text
    member.refresh_from_db()
    assert member.suspended_until is None


def test_staff_cannot_be_suspended_and_the_refusal_is_shown(moderator_client, member, make_member):
    colleague = make_member("pat_volunteer", is_staff=True)

    response = confirm(
        moderator_client,
        MEMBERS,
        "suspend_selected",
        [member, colleague],
        until=in_days(2),
        reason="Cooling off.",
    )

    assert messages_of(response) == [
        "pat_volunteer: Moderators and staff cannot be suspended here.",
        "Suspended 1 member.",
    ]
    assert User.objects.get(pk=colleague.pk).suspended_until is None
    assert User.objects.get(pk=member.pk).suspended_until is not None


def test_moderator_lifts_a_suspension(moderator_client, moderator, member):
    account_services.member_suspend(
        moderator=moderator,
        member=member,
        until=timezone.now() + timedelta(days=5),
        reason="Spam.",
    )

    response = confirm(
        moderator_client, MEMBERS, "unsuspend_selected", [member], reason="Apologised."
    )

    assert messages_of(response) == ["Lifted the suspension of 1 member."]
    member.refresh_from_db()
    assert (member.suspended_until, member.suspension_reason) == (None, "")
    entry = AuditEntry.objects.get(action=AccountAuditAction.UNSUSPEND)
    assert (entry.actor, entry.reason) == (moderator, "Apologised.")


def test_member_list_filters_suspended_members(moderator_client, moderator, member, other_member):
    account_services.member_suspend(
        moderator=moderator, member=member, until=timezone.now() + timedelta(days=1), reason="x"
    )

    response = moderator_client.get(MEMBERS, {"suspended": "yes"})

    assert list(response.context["cl"].result_list) == [member]


def test_suspension_is_read_only_on_a_members_page_even_for_superusers(admin_client, member):
    html = admin_client.get(f"{MEMBERS}{member.pk}/change/").content.decode()

    assert 'name="display_name"' in html
    assert 'name="suspended_until' not in html
    assert 'name="suspension_reason"' not in html
