"""A member's privacy rights: take everything they gave us away as JSON, or close the account and
erase what identifies them, keeping their comments anonymised or removing them."""

import json
from datetime import datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.utils import timezone

from accounts import services as account_services
from accounts.models import AccountAuditAction, User
from accounts.validators import display_name_key
from audit.models import AuditEntry
from forum import services
from forum.models import (
    Appeal,
    AppealOutcome,
    AuditAction,
    Comment,
    CommentRevision,
    CommentStatus,
    Flag,
    FlagReason,
    FlagResolution,
    Follow,
    Notification,
    NotificationKind,
    Thread,
)
from resources import services as resource_services
from resources.models import ResourceSuggestion
from tests.accounts.test_signup import SIGNUP_URL, signup_data
from tests.conftest import PASSWORD


def former(member) -> str:
    return f"Former member {member.pk}"


def erase(member, *, keep_comments: bool, capture=None) -> None:
    """Erase, running what waits for the commit (ending sessions) when `capture` is given."""
    if capture is None:
        account_services.member_erase(member=member, keep_comments=keep_comments)
        return
    with capture(execute=True):
        account_services.member_erase(member=member, keep_comments=keep_comments)


@pytest.fixture
def history(member, other_member, moderator, second_moderator, make_thread, make_reply):
    """Something of every kind that hannah_mmn has given us, and things others did around her."""
    own_thread = make_thread(
        member, title="Grip aids that work for me", body="A foam tube on my pen."
    )
    their_thread = make_thread(other_member, title="Carers: how do you cope?", body="Tired.")
    reply = make_reply(member, their_thread, "I rest after every infusion.")
    services.comment_edit(actor=member, comment=reply, body="I rest after each infusion.")
    answer = make_reply(other_member, own_thread, "Dave's private thoughts on pens.")
    flag = services.flag_create(
        reporter=member, comment=answer, reason=FlagReason.OTHER, note="Looks off-topic to me."
    )
    # Others act on her comments: their flags and who raised them are not hers to take away.
    services.flag_create(
        reporter=other_member, comment=reply, reason=FlagReason.SPAM, note="Dave's secret note."
    )
    rejected = make_reply(member, their_thread, "My neurologist is Dr Example at St Elsewhere.")
    services.comment_reject(moderator=moderator, comment=rejected, reason="Names a clinician.")
    appeal = services.appeal_create(author=member, comment=rejected, note="It was a compliment.")
    services.thread_follow(member=member, thread=their_thread)
    suggestion = resource_services.suggestion_create(
        member=member,
        name="Grip aids shop",
        url="https://grip-aids.example.org/",
        note="Cheap foam tubes.",
    )
    return {
        "own_thread": own_thread,
        "their_thread": their_thread,
        "reply": reply,
        "answer": answer,
        "flag": flag,
        "rejected": rejected,
        "appeal": appeal,
        "suggestion": suggestion,
    }


# -- Export ----------------------------------------------------------------------------------------


def test_export_holds_everything_the_member_gave_as_json(member, history, settings):
    exported = account_services.member_export(member=member)

    assert json.loads(json.dumps(exported)) == exported, "plain JSON values only"
    assert exported["format"] == 1
    assert datetime.fromisoformat(exported["exported_at"])
    profile = exported["profile"]
    assert profile["email"] == "hannah_mmn@example.org"
    assert profile["email_addresses"] == [
        {"email": "hannah_mmn@example.org", "verified": True, "primary": True}
    ]
    assert (profile["display_name"], profile["role"], profile["region"]) == (
        "hannah_mmn",
        "mmn",
        "uk",
    )
    assert datetime.fromisoformat(profile["date_joined"]) == member.date_joined
    assert set(profile["consents"]) == {
        "terms_version",
        "terms_accepted_at",
        "health_data_consent_version",
        "health_data_consent_at",
    }

    own_thread = history["own_thread"]
    assert exported["threads"] == [
        {
            "id": own_thread.pk,
            "title": "Grip aids that work for me",
            "category": own_thread.category.name,
            "created_at": own_thread.created_at.isoformat(),
            "status": "published",
        }
    ]
    bodies = [comment["body"] for comment in exported["comments"]]
    assert bodies == [
        "A foam tube on my pen.",
        "I rest after each infusion.",
        "My neurologist is Dr Example at St Elsewhere.",
    ]
    edited = exported["comments"][1]
    assert edited["thread"] == {
        "id": history["their_thread"].pk,
        "title": "Carers: how do you cope?",
    }
    assert edited["edited_at"] is not None
    assert [revision["body"] for revision in edited["revisions"]] == [
        "I rest after every infusion."
    ]
    assert exported["comments"][2]["status"] == "rejected"

    assert exported["flags"] == [
        {
            "comment_id": history["answer"].pk,
            "reason": "other",
            "note": "Looks off-topic to me.",
            "created_at": history["flag"].created_at.isoformat(),
            "resolution": "open",
        }
    ]
    [appeal] = exported["appeals"]
    assert (appeal["comment_id"], appeal["note"], appeal["outcome"]) == (
        history["rejected"].pk,
        "It was a compliment.",
        "waiting",
    )
    assert [follow["thread"]["title"] for follow in exported["follows"]] == [
        "Grip aids that work for me",
        "Carers: how do you cope?",
    ]
    assert {n["kind"] for n in exported["notifications"]} == {"comment_rejected"}
    [suggestion] = exported["resource_suggestions"]
    assert suggestion["name"] == "Grip aids shop"
    assert suggestion["url"] == "https://grip-aids.example.org/"
    assert suggestion["status"] == "waiting"


def test_export_leaves_out_other_members_words_addresses_and_flags(member, other_member, history):
    dumped = json.dumps(account_services.member_export(member=member))

    assert other_member.email not in dumped
    assert "Dave's private thoughts on pens." not in dumped, "others' replies in her thread"
    assert "Dave's secret note." not in dumped, "who flagged her comment is private"
    assert "spam" not in dumped
    assert "jane_volunteer" not in dumped


def test_export_costs_the_same_queries_however_much_the_member_wrote(
    make_member, other_member, make_thread, make_reply, django_assert_num_queries
):
    def member_with(count: int) -> User:
        writer = make_member()
        target = make_thread(other_member, title=f"Thread for {writer.display_name}")
        for number in range(count):
            thread = make_thread(writer, title=f"My question number {number}")
            reply = make_reply(writer, target, f"Reply number {number}")
            services.comment_edit(actor=writer, comment=reply, body=f"Reply number {number}!")
            other_reply = make_reply(other_member, thread, f"Answer number {number}")
            services.flag_create(reporter=writer, comment=other_reply, reason=FlagReason.OTHER)
            services.reaction_add(member=writer, comment=other_reply, kind="helpful")
            services.notify(recipient=writer, kind=NotificationKind.REPLY, message="Hello")
            resource_services.suggestion_create(
                member=writer,
                name=f"Helpful site {number}",
                url=f"https://help-{writer.pk}-{number}.example.org/",
                note="Useful.",
            )
        return writer

    small, large = member_with(1), member_with(4)

    with django_assert_num_queries(10):
        small_export = account_services.member_export(member=small)
    with django_assert_num_queries(10):
        large_export = account_services.member_export(member=large)
    assert len(small_export["comments"]) == 2
    assert len(large_export["comments"]) == 8
    assert len(large_export["reactions"]) == 4
    assert len(large_export["comments"][1]["revisions"]) == 1
    assert len(large_export["flags"]) == len(large_export["resource_suggestions"]) == 4


def test_visitor_has_nothing_to_export(db):
    with pytest.raises(PermissionDenied, match="Please sign in"):
        account_services.member_export(member=AnonymousUser())


# -- Erasure: the account --------------------------------------------------------------------------


def test_erasure_wipes_the_account_and_frees_the_address(member, moderator, settings):
    services.member_suspend(
        moderator=moderator,
        member=member,
        until=timezone.now() + timedelta(days=2),
        reason="Cooling off.",
    )
    User.objects.filter(pk=member.pk).update(bio="I live near Leeds with my two cats.")

    erase(member, keep_comments=True)

    erased = User.objects.get(pk=member.pk)
    assert erased.email == f"erased-{member.pk}@erased.invalid"
    assert erased.display_name == former(member)
    assert erased.display_name_key == display_name_key(former(member))
    assert (erased.bio, erased.role, erased.region) == ("", "other", "")
    assert erased.suspended_until is None
    assert erased.suspension_reason == ""
    assert erased.terms_version == erased.health_data_consent_version == ""
    assert erased.terms_accepted_at is erased.health_data_consent_at is None
    assert not erased.has_usable_password()
    assert not erased.is_active
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not EmailAddress.objects.filter(email__iexact="hannah_mmn@example.org").exists()


def test_erased_member_can_no_longer_sign_in(client, member):
    erase(member, keep_comments=True)

    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_same_email_and_name_can_join_again_through_the_sign_up_page(client, member, mailoutbox):
    erase(member, keep_comments=True)

    response = client.post(
        SIGNUP_URL, signup_data(email="hannah_mmn@example.org", display_name="hannah_mmn")
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    newcomer = User.objects.get(email="hannah_mmn@example.org")
    assert newcomer.pk != member.pk
    assert newcomer.display_name == "hannah_mmn"
    assert [message.to for message in mailoutbox] == [["hannah_mmn@example.org"]]


def test_moderator_may_erase_and_loses_staff_rights(moderator):
    erase(moderator, keep_comments=True)

    erased = User.objects.get(pk=moderator.pk)
    assert not erased.is_staff
    assert not erased.is_superuser
    assert not erased.groups.exists()


def test_last_superuser_cannot_erase_their_account(admin_user):
    with pytest.raises(PermissionDenied, match="The last superuser cannot delete their account"):
        erase(admin_user, keep_comments=True)

    assert User.objects.get(pk=admin_user.pk).is_active


def test_superuser_may_erase_while_another_remains(admin_user, make_member):
    make_member("second_owner", is_staff=True, is_superuser=True)

    erase(admin_user, keep_comments=True)

    assert not User.objects.get(pk=admin_user.pk).is_superuser


def test_erasing_a_closed_account_is_refused_and_changes_nothing(member):
    erase(member, keep_comments=True)
    before = model_to_dict(User.objects.get(pk=member.pk))
    entries = AuditEntry.objects.count()

    with pytest.raises(PermissionDenied, match="This account is already closed"):
        erase(User.objects.get(pk=member.pk), keep_comments=False)

    assert model_to_dict(User.objects.get(pk=member.pk)) == before
    assert AuditEntry.objects.count() == entries


def test_visitor_cannot_erase_anything(db):
    with pytest.raises(PermissionDenied, match="Please sign in"):
        erase(AnonymousUser(), keep_comments=True)


def test_audit_entry_says_it_happened_and_not_what_was_erased(member):
    erase(member, keep_comments=False)

    entry = AuditEntry.objects.get(action=AccountAuditAction.ERASE)
    assert entry.actor_id == member.pk
    assert (entry.target_type, entry.target_id) == ("user", str(member.pk))
    assert entry.target_label == former(member)
    assert entry.reason == "comments removed"
    assert entry.get_action_display() == "Erased an account"


def test_old_name_and_email_survive_in_no_record(
    member, other_member, moderator, history, admin_user, django_capture_on_commit_callbacks
):
    services.member_suspend(
        moderator=moderator,
        member=member,
        until=timezone.now() + timedelta(days=1),
        reason="Cooling off.",
    )
    # A reply of hers that others heard of, and an admin edit of her account.
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(author=member, thread=history["their_thread"], body="Me too.")
    assert Notification.objects.filter(
        recipient=other_member, message__startswith="hannah_mmn replied in"
    ).exists()
    LogEntry.objects.log_actions(
        user_id=admin_user.pk, queryset=[member], action_flag=CHANGE, change_message="[]"
    )

    erase(member, keep_comments=True)

    records = [
        *AuditEntry.objects.values(),
        *Notification.objects.values(),
        *LogEntry.objects.values(),
        User.objects.filter(pk=member.pk).values().get(),
    ]
    for record in records:
        text = " ".join(str(value) for value in record.values()).casefold()
        assert "hannah_mmn" not in text, record
    assert Notification.objects.filter(
        recipient=other_member, message__startswith=f"{former(member)} replied in"
    ).exists()


# -- Erasure: sessions and tokens ------------------------------------------------------------------


@pytest.mark.parametrize(
    "engine", ["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"]
)
def test_signed_in_browser_is_signed_out_and_its_session_deleted(
    client, member, settings, engine, django_capture_on_commit_callbacks
):
    settings.SESSION_ENGINE = engine
    client.force_login(member)
    assert client.get("/notifications/").status_code == 200
    session_key = client.session.session_key

    erase(member, keep_comments=True, capture=django_capture_on_commit_callbacks)

    assert not Session.objects.filter(session_key=session_key).exists()
    assert not client.session.exists(session_key), "gone from the cache too"
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_session_left_behind_no_longer_authenticates(client, member):
    client.force_login(member)
    # Erased without running the commit hook: the session row is still there...
    erase(member, keep_comments=True)
    assert Session.objects.exists()

    # ...but the account is closed, so the request is anonymous...
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    # ...and even were it reopened, the changed password hash ends that session.
    User.objects.filter(pk=member.pk).update(is_active=True)
    assert client.get("/notifications/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_app_session_token_stops_working(client, member, django_capture_on_commit_callbacks):
    login = client.post(
        "/_allauth/app/v1/auth/login",
        {"email": member.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert login.status_code == 200, login.content
    token = login.json()["meta"]["session_token"]
    app = {"HTTP_X_SESSION_TOKEN": token}
    assert client.get("/_allauth/app/v1/auth/session", **app).status_code == 200

    erase(member, keep_comments=True, capture=django_capture_on_commit_callbacks)

    assert client.get("/_allauth/app/v1/auth/session", **app).status_code in {401, 410}


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
    services.thread_set(moderator=moderator, thread=history["own_thread"], action=AuditAction.LOCK)

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
    services.appeal_decide(
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
    assert Notification.objects.filter(
        recipient=other_member, message__contains="St Elsewhere"
    ).exists()

    erase(member, keep_comments=False)

    assert not Notification.objects.filter(message__contains="St Elsewhere").exists()
