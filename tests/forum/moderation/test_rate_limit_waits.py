"""A member refused by several posting limits at once is told the longest wait, and a trusted
member posts within the looser limit."""

from types import SimpleNamespace

import pytest

from core.errors import RateLimited
from forum import services
from forum.moderation import decisions, policy
from tests.forum.moderation.conftest import reply_url

NOW = 1_800_000_030.0  # 30 seconds into a minute, about 16 hours before the day's window ends


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setattr(policy, "time", SimpleNamespace(time=lambda: NOW))


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
    policy.record_post(member)

    with pytest.raises(RateLimited) as refused:
        policy.check_rate_limit(member)

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
        decisions.comment_approve(moderator=moderator, comment=comment)
    assert policy.is_trusted(member)

    for number in range(5):  # past the new member's 3 a minute
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in.post(reply_url(open_thread), {"body": f"Trusted reply {number}."})
        assert response.status_code == 302
    response = signed_in.post(reply_url(open_thread), {"body": "The sixth this minute."})

    assert response.status_code == 429
    assert "You have posted 5 times this minute" in response.content.decode()
