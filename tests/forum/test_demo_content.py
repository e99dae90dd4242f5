import io
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AuditEntry
from forum import services
from forum.demo_content import MEMBERS, MODERATOR_EMAIL, THREADS
from forum.models import (
    AuditAction,
    Category,
    Comment,
    CommentStatus,
    SpamCheck,
    Thread,
    ThreadStatus,
)
from notifications.models import Notification
from tests.conftest import totp_code_for
from tests.forum.moderation.fake_akismet import fake_akismet

CATEGORY_SLUGS = {
    "introductions",
    "diagnosis",
    "symptoms",
    "treatment",
    "living-with-mmn",
    "carers-and-family",
    "research-and-news",
    "support-and-resources",
}
DEMO_EMAILS = [member.email for member in MEMBERS]
PASSWORD_LINE = re.compile(
    r"^Demo moderator: moderator@example\.org / (\S+) \(shown once; sign in at /admin/\)$",
    re.MULTILINE,
)
NINDS_URL = "https://www.ninds.nih.gov/health-information/disorders/multifocal-motor-neuropathy"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Each load hashes thirteen passwords; the production hasher would make every test slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _live_policy(moderation_policy):
    """`make run` loads the demo under the live moderation policy (pre-moderation of each
    member's first comments, new members' rate limits, duplicate and burst checks), so every
    test here does too, rather than under the relaxed policy most tests use."""


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(db) -> str:
    return load()


def _database_counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "threads": Thread.objects.count(),
        "comments": Comment.objects.count(),
        "audit entries": AuditEntry.objects.count(),
        "notifications": Notification.objects.count(),
    }


def test_the_live_policy_is_in_force_here(settings):
    assert settings.MODERATION_PREMODERATE_FIRST == 2
    assert settings.MODERATION_NEW_MEMBER_PER_MINUTE == 3
    assert settings.MODERATION_BURST_PER_10_MINUTES == 8
    assert settings.MODERATION_DUPLICATE_WINDOW_DAYS == 30


def test_every_demo_post_is_published_under_the_live_policy(loaded):
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.PUBLISHED}
    assert set(Thread.objects.values_list("status", flat=True)) == {ThreadStatus.PUBLISHED}
    assert not Comment.objects.exclude(hold_codes=[]).exists()
    assert not Comment.objects.exclude(held_reason="").exists()


def test_the_demo_moderator_approved_each_members_first_comments_and_nothing_else(loaded, settings):
    moderator = User.objects.get(email=MODERATOR_EMAIL)
    entries = AuditEntry.objects.all()
    assert set(entries.values_list("actor", "action", "reason")) == {
        (moderator.pk, AuditAction.APPROVE, "Demo content")
    }
    first_comments = set()
    for member in User.objects.filter(email__in=DEMO_EMAILS):
        ids = member.comments.order_by("id").values_list("id", flat=True)
        first_comments |= {str(pk) for pk in ids[: settings.MODERATION_PREMODERATE_FIRST]}
    assert set(entries.values_list("target_id", flat=True)) == first_comments
    assert entries.count() == len(first_comments)
    assert set(Comment.objects.filter(reviewed_by=moderator).values_list("id", flat=True)) == {
        int(pk) for pk in first_comments
    }


def test_a_demo_post_the_policy_holds_for_anything_else_stops_the_load(db, settings):
    # As if a demo reply carried more links than the policy lets a new member post.
    settings.MODERATION_UNTRUSTED_MAX_LINKS = 0

    with pytest.raises(CommandError, match="was held: More than 2 links"):
        load()

    assert set(_database_counts().values()) == {0}


def test_the_demo_moderator_must_be_able_to_moderate(db):
    load("--if-empty")
    Thread.objects.all().delete()
    User.objects.filter(email__in=DEMO_EMAILS).delete()
    User.objects.filter(email=MODERATOR_EMAIL).update(is_staff=False)
    before = _database_counts()

    with pytest.raises(CommandError, match="cannot approve the demo posts"):
        load()

    assert _database_counts() == before


def test_demo_posts_are_never_sent_to_the_spam_service(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    with fake_akismet(settings, monkeypatch) as akismet_service:
        with django_capture_on_commit_callbacks(execute=True):
            load()

    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.PUBLISHED}
    assert set(Comment.objects.values_list("spam_check", flat=True)) == {SpamCheck.NOT_NEEDED}
    assert akismet_service.comment_checks == []


def test_a_recount_of_any_demo_thread_changes_nothing(loaded):
    before = list(Thread.objects.order_by("pk").values())
    for thread in Thread.objects.all():
        services.refresh_thread(thread.pk)
    assert list(Thread.objects.order_by("pk").values()) == before


def test_a_new_reply_to_a_demo_thread_goes_through_the_live_policy(loaded, make_member):
    thread = Thread.objects.order_by("pk").first()
    reply = services.comment_create(author=make_member(), thread=thread, body="Hello, all.")
    assert reply.status == CommentStatus.PENDING
    assert reply.hold_codes == ["premoderation"]


def test_every_category_gets_at_least_two_threads(loaded):
    categories = Category.objects.annotate(total=Count("threads"))
    assert {category.slug for category in categories} >= CATEGORY_SLUGS
    for category in categories.filter(slug__in=CATEGORY_SLUGS):
        assert category.total >= 2, category.slug


def test_a_dozen_members_with_exactly_one_clinician_and_a_mix_of_roles_and_regions(loaded):
    members = User.objects.filter(email__in=DEMO_EMAILS)
    assert members.count() >= 12
    assert members.filter(role=Role.CLINICIAN).count() == 1
    assert members.filter(role=Role.PERSON_WITH_MMN).count() >= 3
    assert members.filter(role=Role.CARER).count() >= 3
    assert set(members.values_list("region", flat=True)) >= {"uk", "us", "eu", "other"}
    assert all(member.bio for member in members)


def test_demo_members_are_signed_up_with_consent_and_a_verified_email(loaded):
    for member in User.objects.filter(email__in=DEMO_EMAILS):
        assert member.terms_version == django_settings.TERMS_VERSION
        assert member.health_data_consent_version == django_settings.HEALTH_DATA_CONSENT_VERSION
        assert member.terms_accepted_at is not None and member.health_data_consent_at is not None
        assert member.has_usable_password()
        assert not member.is_staff
        assert EmailAddress.objects.filter(
            user=member, email=member.email, verified=True, primary=True
        ).exists()


def test_demo_moderator_is_staff_in_the_moderators_group_and_not_a_superuser(loaded):
    moderator = User.objects.get(email=MODERATOR_EMAIL)
    assert moderator.display_name == "kath_volunteer"
    assert moderator.is_staff
    assert not moderator.is_superuser
    assert moderator.groups.filter(name="Moderators").exists()
    assert EmailAddress.objects.filter(user=moderator, verified=True, primary=True).exists()


def test_demo_moderator_signs_in_with_the_printed_password_and_sets_up_two_factor(
    client, loaded, django_capture_on_commit_callbacks
):
    password = PASSWORD_LINE.search(loaded).group(1)
    assert "asks you to set up an authenticator app, at /accounts/2fa/totp/activate/" in loaded
    response = client.post("/accounts/login/", {"login": MODERATOR_EMAIL, "password": password})
    assert response.status_code == 302

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/")

    activate = "/accounts/2fa/totp/activate/"
    client.post(
        f"/accounts/reauthenticate/?next={activate}", {"password": password, "next": activate}
    )
    client.get(activate)
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(activate, {"code": totp_code_for(secret)})
    assert client.get("/admin/").status_code == 200


def test_moderator_password_is_printed_once_and_not_on_the_next_run(db):
    first = load()
    second = load()
    assert len(PASSWORD_LINE.findall(first)) == 1
    password = PASSWORD_LINE.search(first).group(1)
    assert password not in second
    assert "Demo moderator:" not in second
    assert "python manage.py changepassword moderator@example.org" in second


def test_running_twice_adds_nothing(loaded):
    before = _database_counts()
    output = load()
    assert _database_counts() == before
    assert "already loaded" in output


def test_if_empty_does_nothing_when_a_thread_exists(make_member, make_thread):
    make_thread(make_member("early_bird"))
    before = _database_counts()
    output = load("--if-empty")
    assert _database_counts() == before
    assert not User.objects.filter(email=MODERATOR_EMAIL).exists()
    assert len(output.strip().splitlines()) == 1


def test_if_empty_loads_into_an_empty_forum(db):
    output = load("--if-empty")
    assert Thread.objects.count() == len(THREADS)
    assert PASSWORD_LINE.search(output)


def test_summary_reports_what_was_loaded(loaded):
    summary = re.search(r"(\d+) members, (\d+) threads, (\d+) comments", loaded)
    assert summary is not None
    members, threads, comments = (int(number) for number in summary.groups())
    assert members == User.objects.filter(email__in=DEMO_EMAILS).count()
    assert threads == Thread.objects.count()
    assert comments == Comment.objects.count()
    assert "demo members share no password; use the moderator account or sign up" in (
        loaded.lower()
    )


def test_thread_counts_and_last_activity_agree_with_published_comments(loaded):
    for thread in Thread.objects.all():
        published = thread.comments.filter(status=CommentStatus.PUBLISHED)
        assert thread.comment_count == published.count() == thread.comments.count()
        assert thread.last_activity_at == published.aggregate(latest=Max("created_at"))["latest"]
        assert thread.last_activity_at == published.aggregate(latest=Max("published_at"))["latest"]


def test_every_thread_has_one_to_five_replies_from_other_members(loaded):
    for thread in Thread.objects.all():
        opening, *replies = thread.comments.order_by("id")
        assert opening.author_id == thread.author_id
        assert 1 <= len(replies) <= 5, thread.title
        assert all(reply.author_id != thread.author_id for reply in replies), thread.title


def test_posts_are_spread_over_past_weeks_in_reading_order(loaded):
    now = timezone.now()
    span = Thread.objects.aggregate(first=Min("created_at"), last=Max("last_activity_at"))
    assert span["last"] - span["first"] > timedelta(weeks=4)
    assert span["last"] < now
    for thread in Thread.objects.all():
        times = list(thread.comments.order_by("id").values_list("created_at", flat=True))
        assert times[0] == thread.created_at
        assert times == sorted(times)
    for member in User.objects.filter(email__in=DEMO_EMAILS):
        first_post = Comment.objects.filter(author=member).aggregate(first=Min("created_at"))
        assert first_post["first"] is None or member.date_joined < first_post["first"]


def test_load_is_all_or_nothing(db, monkeypatch):
    real_comment_create = services.comment_create
    calls = []

    def fail_on_the_tenth_reply(**kwargs):
        calls.append(kwargs)
        if len(calls) == 10:
            raise RuntimeError("database went away")
        return real_comment_create(**kwargs)

    monkeypatch.setattr(services, "comment_create", fail_on_the_tenth_reply)
    with pytest.raises(RuntimeError):
        load()
    assert set(_database_counts().values()) == {0}


def test_refuses_to_load_when_a_demo_display_name_is_taken(make_member):
    make_member(MEMBERS[0].display_name, email="someone.else@example.com")
    with pytest.raises(CommandError, match=MEMBERS[0].display_name):
        load()
    assert Thread.objects.count() == 0
    assert not User.objects.filter(email=MODERATOR_EMAIL).exists()


def test_home_page_shows_category_counts(client, loaded):
    html = client.get("/").content.decode()
    assert re.search(r"\b[1-9]\d* threads\b", html)
    assert re.search(r"\b[1-9]\d* comments\b", html)


def test_research_thread_links_to_a_public_source(client, loaded):
    thread = Thread.objects.get(
        category__slug="research-and-news", comments__body__contains=NINDS_URL
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'href="{NINDS_URL}"' in html


def test_no_member_email_address_appears_on_public_pages(client, loaded):
    urls = ["/"]
    urls += [category.get_absolute_url() for category in Category.objects.all()]
    urls += [thread.get_absolute_url() for thread in Thread.objects.all()]
    urls += [member.get_absolute_url() for member in User.objects.all()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "@example.org" not in html, url
        assert "Awaiting review" not in html, url
        assert "Demo content" not in html, url


def test_demo_members_see_every_post_published(client, loaded):
    for member in User.objects.filter(email__in=DEMO_EMAILS):
        client.force_login(member)
        for thread in Thread.objects.filter(comments__author=member).distinct():
            assert "Awaiting review" not in client.get(thread.get_absolute_url()).content.decode()
