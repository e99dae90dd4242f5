"""Closing an account: erasure wipes what identifies the member and frees their address and name to
join again, takes a moderator's staff rights, is refused to the last superuser, to a closed account
and to a visitor, leaves an audit entry that names nothing erased, and ends every browser session
and app session token the member had."""

from datetime import timedelta

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
from notifications.models import Notification
from tests.accounts.conftest import erase, former
from tests.accounts.test_signup import SIGNUP_URL, signup_data
from tests.conftest import PASSWORD

# -- Erasure: the account --------------------------------------------------------------------------


def test_erasure_wipes_the_account_and_frees_the_address(member, moderator, settings):
    account_services.member_suspend(
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
    account_services.member_suspend(
        moderator=moderator,
        member=member,
        until=timezone.now() + timedelta(days=1),
        reason="Cooling off.",
    )
    # A reply of hers that others heard of, and an admin edit of her account.
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(author=member, thread=history["their_thread"], body="Me too.")
    assert any(
        n.text.startswith("hannah_mmn replied in")
        for n in Notification.objects.filter(recipient=other_member)
    )
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
    assert any(
        n.text.startswith(f"{former(member)} replied in")
        for n in Notification.objects.filter(recipient=other_member)
    )


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
