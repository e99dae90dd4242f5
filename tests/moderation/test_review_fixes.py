"""Fixes from review: crisis alerts keep moderators' addresses private from each other, the admin
refuses filters that would reveal members' IP or email addresses, a member refused by several
rate limits is told the longest wait, and dates and doses are not taken for phone numbers."""

from types import SimpleNamespace

import pytest

from core.errors import RateLimited
from forum import moderation, services
from forum.models import Comment, FlagReason, Thread

NOW = 1_800_000_030.0  # 30 seconds into a minute, about 16 hours before the day's window ends


def reply_url(thread: Thread) -> str:
    return thread.get_absolute_url() + "reply/"


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setattr(moderation, "time", SimpleNamespace(time=lambda: NOW))


@pytest.fixture
def open_thread(make_thread, moderator) -> Thread:
    """A published thread (a moderator's posts are never held)."""
    return make_thread(moderator, title="Infusion day tips", body="What helps on the day?")


# -- 1. Crisis alerts: one email per moderator -----------------------------------------------------


def test_crisis_flag_emails_each_moderator_separately_so_none_sees_the_others_address(
    signed_in,
    other_member,
    thread,
    make_reply,
    moderator,
    second_moderator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    reply = make_reply(other_member, thread, "I can't see the point of carrying on.")

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            f"/comments/{reply.pk}/flag/", {"reason": FlagReason.CRISIS, "note": "Worried."}
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 2
    for email in mailoutbox:
        assert len(email.recipients()) == 1
        assert email.cc == [] and email.bcc == []
        assert "crisis" in email.subject.lower()
        assert f"#comment-{reply.pk}" in email.body
    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        [moderator.email, second_moderator.email]
    )


# -- 2. Admin filters that would reveal IP or email addresses --------------------------------------

PRIVATE_LOOKUPS = [
    "/admin/forum/comment/?spam_check_ip__startswith=10.",
    "/admin/forum/reviewitem/?spam_check_ip__startswith=10.",
    "/admin/forum/comment/?spam_check_ip=10.0.0.1",
    "/admin/forum/comment/?author__email__startswith=h",
    "/admin/forum/reviewitem/?author__email__startswith=h",
    "/admin/forum/reviewitem/?flags__reporter__email__startswith=h",
    "/admin/forum/flag/?reporter__email__startswith=h",
    "/admin/forum/flag/?comment__spam_check_ip__startswith=10.",
    "/admin/forum/thread/?author__email__startswith=h",
    "/admin/forum/appeal/?comment__author__email__startswith=h",
    "/admin/audit/auditentry/?actor__email__startswith=h",
    "/admin/accounts/user/?email__startswith=h",
]


@pytest.mark.parametrize("url", PRIVATE_LOOKUPS)
def test_moderator_cannot_filter_the_admin_by_ip_or_email_address(client, moderator, thread, url):
    Comment.objects.filter(thread=thread).update(spam_check_ip="10.0.0.1")
    client.force_login(moderator)

    response = client.get(url)

    assert response.status_code == 400


def test_superuser_may_still_filter_comments_by_ip_address(client, admin_user, thread):
    Comment.objects.filter(thread=thread).update(spam_check_ip="10.0.0.1")
    client.force_login(admin_user)

    response = client.get("/admin/forum/comment/?spam_check_ip__startswith=10.")

    assert response.status_code == 200


def test_moderator_may_still_use_the_ordinary_filters(client, moderator, thread):
    client.force_login(moderator)

    assert client.get("/admin/forum/comment/?status__exact=published").status_code == 200
    assert client.get("/admin/forum/reviewitem/?status__exact=pending").status_code == 200


# -- 3. Rate limits: the longest wait among the windows used up ------------------------------------


def test_member_over_both_minute_and_day_limits_is_told_the_day_wait_in_hours(
    moderation_policy,
    signed_in,
    open_thread,
    frozen_clock,
    django_capture_on_commit_callbacks,
):
    moderation_policy.MODERATION_NEW_MEMBER_PER_MINUTE = 2
    moderation_policy.MODERATION_NEW_MEMBER_PER_DAY = 2
    for number in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in.post(reply_url(open_thread), {"body": f"Reply {number}."})
        assert response.status_code == 302

    response = signed_in.post(reply_url(open_thread), {"body": "And one more."})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 3600
    text = response.content.decode()
    assert "You have posted 2 times this day" in text
    assert "Please try again in 16 hours." in text


def test_the_longest_wait_is_also_what_rate_limited_carries(
    moderation_policy, member, frozen_clock
):
    moderation_policy.MODERATION_NEW_MEMBER_PER_MINUTE = 1
    moderation_policy.MODERATION_NEW_MEMBER_PER_DAY = 1
    moderation.record_post(member)

    with pytest.raises(RateLimited) as refused:
        moderation.check_rate_limit(member)

    assert refused.value.retry_after == 57_571  # to the end of the day's window, not the minute's


def test_trusted_member_posts_within_the_looser_trusted_limit(
    moderation_policy,
    member,
    moderator,
    signed_in,
    open_thread,
    frozen_clock,
    django_capture_on_commit_callbacks,
):
    moderation_policy.MODERATION_TRUSTED_AFTER_APPROVED = 2
    moderation_policy.MODERATION_NEW_MEMBER_PER_MINUTE = 3
    moderation_policy.MODERATION_TRUSTED_PER_MINUTE = 5
    for number in range(2):
        comment = services.comment_create(
            author=member, thread=open_thread, body=f"An earlier reply, number {number}."
        )
        services.comment_approve(moderator=moderator, comment=comment)
    assert moderation.is_trusted(member)

    for number in range(5):  # past the new member's 3 a minute
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in.post(reply_url(open_thread), {"body": f"Trusted reply {number}."})
        assert response.status_code == 302
    response = signed_in.post(reply_url(open_thread), {"body": "The sixth this minute."})

    assert response.status_code == 429
    assert "You have posted 5 times this minute" in response.content.decode()


# -- 4. Phone numbers, not dates or doses ----------------------------------------------------------

PHONE_NUMBERS = [
    "+44 7700 900123",
    "07700 900123",
    "(555) 123-4567",
    "555-123-4567",
    "020 7946 0958",
    "+1 555 123 4567",
    "555.123.4567",
    "07700900123",
]

NOT_PHONE_NUMBERS = [
    "2021-04-15",
    "15/04/2021",
    "2000-2400 mg",
    "0.4 g/kg over 5 days",
    "2 g/kg over 5 days, every 21 days",
    "IVIg 2000-2400 mg on 2021-04-15",
    "from 2021-04-15 to 2021-05-01",
    "on 15/04/2021 and 03/05/2021",
    "35 g every 3 weeks since 2019",
    "CMAP 4.2 mV, conduction block 55%",
]


@pytest.mark.parametrize("text", PHONE_NUMBERS)
def test_phone_numbers_are_found(text):
    assert moderation.personal_data_found(f"Call me on {text} after six.") == ["a phone number"]


@pytest.mark.parametrize("text", NOT_PHONE_NUMBERS)
def test_dates_and_doses_are_not_taken_for_phone_numbers(text):
    assert moderation.personal_data_found(f"My infusion: {text}.") == []


def test_reply_with_a_dose_and_a_date_is_posted_without_a_personal_data_warning(
    signed_in, member, open_thread
):
    body = "IVIg 2000-2400 mg on 2021-04-15, and my grip improved within a week."

    response = signed_in.post(reply_url(open_thread), {"body": body})

    assert response.status_code == 302
    comment = Comment.objects.get(author=member, body=body)
    assert comment.personal_data_confirmed is False
