"""Who may do what in the admin: the Moderators group's exact permissions, the read-only audit log
and flags, and what the admin index tells moderators is waiting."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from audit.models import AuditEntry
from forum import services
from forum.models import AuditAction, Comment, FlagReason, Thread
from forum.moderation import appeals, decisions, flags
from tests.conftest import MODERATOR_PERMISSIONS

AUDIT = "/admin/audit/auditentry/"


def test_moderators_group_has_exactly_the_permissions_its_tools_need(db):
    group = Group.objects.get(name="Moderators")

    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }

    assert granted == MODERATOR_PERMISSIONS


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/forum/reviewitem/",
        "/admin/forum/comment/",
        "/admin/forum/thread/",
        "/admin/forum/flag/",
        "/admin/forum/appeal/",
        "/admin/audit/auditentry/",
        "/admin/forum/category/",
        "/admin/accounts/user/",
    ],
)
def test_moderator_opens_every_tool(moderator_client, url):
    assert moderator_client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/admin/forum/reviewitem/",
            ["approve_selected", "reject_selected", "hide_selected", "restore_selected"],
        ),
        (
            "/admin/forum/comment/",
            ["approve_selected", "reject_selected", "hide_selected", "restore_selected"],
        ),
        (
            "/admin/forum/thread/",
            ["lock_selected", "unlock_selected", "pin_selected", "unpin_selected", "move_selected"],
        ),
        ("/admin/forum/appeal/", ["uphold_selected", "overturn_selected"]),
        ("/admin/accounts/user/", ["suspend_selected", "unsuspend_selected"]),
    ],
)
def test_moderator_is_offered_the_tools_and_no_delete(moderator_client, url, expected):
    form = moderator_client.get(url).context["action_form"]

    assert [name for name, _ in form.fields["action"].choices if name] == expected


def test_moderator_cannot_see_or_change_a_members_email_password_or_permissions(
    moderator_client, member
):
    url = f"/admin/accounts/user/{member.pk}/change/"
    html = moderator_client.get(url).content.decode()

    for field in ("email", "password", "is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in html
    assert member.email not in html
    response = moderator_client.post(
        url, {"email": "taken-over@example.org", "display_name": "hannah_mmn", "is_staff": "on"}
    )
    assert response.status_code == 403
    password_url = f"/admin/accounts/user/{member.pk}/password/"
    assert moderator_client.get(password_url).status_code == 403
    member.refresh_from_db()
    assert (member.email, member.is_staff) == ("hannah_mmn@example.org", False)


def test_moderator_cannot_make_themselves_a_superuser_or_join_groups(moderator_client, moderator):
    url = f"/admin/accounts/user/{moderator.pk}/change/"

    response = moderator_client.post(
        url, {"display_name": moderator.display_name, "is_superuser": "on", "groups": ["1"]}
    )

    assert response.status_code == 403
    moderator.refresh_from_db()
    assert not moderator.is_superuser
    assert list(moderator.groups.values_list("name", flat=True)) == ["Moderators"]
    assert moderator_client.get("/admin/auth/group/").status_code == 403


def test_moderator_cannot_delete_members_or_comments(moderator_client, member, thread):
    comment = thread.comments.get()

    for url in (
        f"/admin/accounts/user/{member.pk}/delete/",
        f"/admin/forum/comment/{comment.pk}/delete/",
        f"/admin/forum/reviewitem/{comment.pk}/delete/",
        f"/admin/forum/thread/{thread.pk}/delete/",
    ):
        assert moderator_client.post(url, {"post": "yes"}).status_code == 403, url
    response = moderator_client.post(
        "/admin/forum/comment/",
        {"action": "delete_selected", "_selected_action": [comment.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert User.objects.filter(pk=member.pk).exists()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_superuser_cannot_delete_comments_directly_either(admin_client, thread):
    comment = thread.comments.get()

    response = admin_client.post(f"/admin/forum/comment/{comment.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Thread.objects.get(pk=thread.pk).comment_count == 1


# -- The audit log ------------------------------------------------------------------------------


@pytest.fixture
def audit_log(moderator, make_member, member, thread):
    """Three entries by two moderators: a lock, a suspension and a hidden comment."""
    colleague = make_member("ola_volunteer", is_staff=True)
    colleague.groups.add(Group.objects.get(name="Moderators"))
    decisions.thread_set(
        moderator=moderator, thread=thread, action=AuditAction.LOCK, reason="Heated"
    )
    account_services.member_suspend(
        moderator=colleague,
        member=member,
        until=timezone.now() + timedelta(days=2),
        reason="Spam links",
    )
    decisions.comment_hide(
        moderator=moderator, comment=thread.comments.get(), reason="Personal details"
    )
    return AuditEntry.objects.all()


def entries_in(response) -> list[str]:
    assert response.status_code == 200
    return [entry.reason for entry in response.context["cl"].result_list]


def test_audit_log_lists_who_did_what_to_what_why_and_when(moderator_client, audit_log, page_of):
    text = page_of(moderator_client.get(AUDIT)).text

    assert "jane_volunteer Locked a thread thread" in text
    assert "ola_volunteer Suspended a member user" in text
    assert "Spam links" in text
    assert entries_in(moderator_client.get(AUDIT)) == ["Personal details", "Spam links", "Heated"]


def test_audit_log_filters_by_moderator_action_and_date(moderator_client, moderator, audit_log):
    today = timezone.now()

    assert entries_in(moderator_client.get(AUDIT, {"actor__id__exact": moderator.pk})) == [
        "Personal details",
        "Heated",
    ]
    assert entries_in(moderator_client.get(AUDIT, {"action__exact": "suspend"})) == ["Spam links"]
    on_the_day = {
        "created_at__year": today.year,
        "created_at__month": today.month,
        "created_at__day": today.day,
    }
    assert len(entries_in(moderator_client.get(AUDIT, on_the_day))) == 3
    assert entries_in(moderator_client.get(AUDIT, {"created_at__year": today.year - 1})) == []


def test_audit_log_filter_offers_the_moderators_who_acted(moderator_client, audit_log, page_of):
    page = page_of(moderator_client.get(AUDIT))

    offered = {link["text"] for link in page.links if "actor__id__exact" in (link["href"] or "")}
    assert offered == {"jane_volunteer", "ola_volunteer"}


def test_audit_log_searches_target_labels_and_reasons(moderator_client, audit_log):
    assert entries_in(moderator_client.get(AUDIT, {"q": "spam links"})) == ["Spam links"]
    assert entries_in(moderator_client.get(AUDIT, {"q": "hannah_mmn"})) == ["Spam links"]


@pytest.mark.parametrize("user", ["moderator", "admin_user"])
def test_nobody_adds_changes_or_deletes_audit_entries(client, request, audit_log, user):
    client.force_login(request.getfixturevalue(user))
    entry = audit_log.first()

    assert client.get(f"{AUDIT}add/").status_code == 403
    assert client.post(f"{AUDIT}{entry.pk}/change/", {"reason": "Rewritten"}).status_code == 403
    assert client.post(f"{AUDIT}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    page = client.get(f"{AUDIT}{entry.pk}/change/")
    assert page.status_code == 200
    assert 'name="reason"' not in page.content.decode()
    assert "delete_selected" not in page.content.decode()
    entry.refresh_from_db()
    assert entry.reason == "Personal details"
    assert AuditEntry.objects.count() == 3


# -- Flags ----------------------------------------------------------------------------------------


def test_flags_list_read_only_with_filters_by_reason_and_resolution(
    moderator_client, moderator, member, other_member, thread
):
    comment = thread.comments.get()
    flags.flag_create(reporter=other_member, comment=comment, reason=FlagReason.SPAM, note="Ad")
    reply = services.comment_create(author=other_member, thread=thread, body="Please be careful.")
    crisis = flags.flag_create(reporter=member, comment=reply, reason=FlagReason.CRISIS)
    decisions.comment_approve(moderator=moderator, comment=reply)

    def listed(**query) -> list:
        return list(moderator_client.get("/admin/forum/flag/", query).context["cl"].result_list)

    assert len(listed()) == 2
    assert [flag.reason for flag in listed(reason__exact="spam")] == ["spam"]
    assert listed(resolution__exact="dismissed") == [crisis]
    assert moderator_client.get("/admin/forum/flag/add/").status_code == 403
    assert moderator_client.post(f"/admin/forum/flag/{crisis.pk}/delete/").status_code == 403
    html = moderator_client.get(f"/admin/forum/flag/{crisis.pk}/change/").content.decode()
    assert 'name="resolution"' not in html


# -- The admin index ------------------------------------------------------------------------------


def test_admin_index_tells_moderators_how_much_waits_and_for_how_long(
    moderation_policy, moderator_client, moderator, make_member, other_member, make_thread, page_of
):
    thread = make_thread(moderator)
    for name in ("newcomer_quin", "newcomer_rose"):
        services.comment_create(author=make_member(name), thread=thread, body=f"I am {name}.")
    oldest = Comment.objects.filter(author__display_name="newcomer_quin").get()
    Comment.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(hours=3))
    reply = services.comment_create(author=other_member, thread=thread, body="Too short.")
    reply = decisions.comment_approve(moderator=moderator, comment=reply)
    reply = decisions.comment_reject(moderator=moderator, comment=reply, reason="Off topic.")
    appeals.appeal_create(author=other_member, comment=reply, note="It was on topic.")

    page = page_of(moderator_client.get("/admin/"))

    assert page.text_of("moderation-waiting") == (
        "Waiting for moderators "
        "3 items waiting in the review queue, the oldest for 3 hours "
        "1 appeal waiting for a decision"
    )
    hrefs = [
        link["href"] for link in page.links if link["text"].startswith(("3 items", "1 appeal"))
    ]
    assert hrefs == ["/admin/forum/reviewitem/", "/admin/forum/appeal/"]


def test_admin_index_says_when_nothing_is_waiting(moderator_client, page_of):
    page = page_of(moderator_client.get("/admin/"))

    assert page.text_of("moderation-waiting") == (
        "Waiting for moderators Nothing is waiting in the review queue No appeals waiting"
    )


def test_admin_index_shows_no_queue_to_staff_outside_the_moderators_group(client, make_member):
    client.force_login(make_member("sam_backoffice", is_staff=True))

    page = client.get("/admin/")

    assert page.status_code == 200
    assert 'id="moderation-waiting"' not in page.content.decode()
