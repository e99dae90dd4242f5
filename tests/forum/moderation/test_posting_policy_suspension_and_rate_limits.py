"""The posting policy's limits on who posts and how often, as a member meets them on the web with
the live site's thresholds: a suspended member is told until when, reads but does not post, and
keeps their text; a new member's fourth post in a minute answers 429 with when to try again, keeps
the text, and the limit lifts when the minute is over. Nothing is saved while refused."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from forum import services
from forum.models import Comment
from forum.moderation import policy
from tests.forum.moderation.conftest import reply_url, textarea_text

pytestmark = pytest.mark.usefixtures("moderation_policy")


# -- Suspension ------------------------------------------------------------------------------------


@pytest.fixture
def suspended(member):
    member.suspended_until = timezone.now() + timedelta(days=12)
    member.save()
    return member


def end_date(member) -> str:
    until = timezone.localtime(member.suspended_until)
    return f"{until.day} {until:%B %Y}"


@pytest.mark.parametrize("action", ["new thread", "reply", "edit"])
def test_suspended_member_is_told_until_when_and_keeps_their_text_and_nothing_is_saved(
    client, page_of, forum_state, member, open_thread, action
):
    own = services.comment_create(author=member, thread=open_thread, body="Written before.")
    member.suspended_until = timezone.now() + timedelta(days=12)
    member.save()
    client.force_login(member)
    url, data = {
        "new thread": ("/c/treatment/new/", {"title": "My new question", "body": "Words typed."}),
        "reply": (reply_url(open_thread), {"body": "Words typed."}),
        "edit": (f"/comments/{own.pk}/edit/", {"body": "Words typed."}),
    }[action]
    before = forum_state()

    response = client.post(url, data)

    assert response.status_code == 403
    page = page_of(response)
    assert f"Your account is suspended until {end_date(member)}." in page.text
    assert "You can still read the forum." in page.text
    assert textarea_text(page) == "Words typed."
    assert forum_state() == before


@pytest.mark.parametrize("url", ["/c/treatment/new/", "reply"])
def test_suspended_member_opening_a_posting_form_reads_why_instead(
    signed_in, page_of, suspended, open_thread, url
):
    url = reply_url(open_thread) if url == "reply" else url

    response = signed_in.get(url)

    assert response.status_code == 403
    assert f"Your account is suspended until {end_date(suspended)}." in page_of(response).text


# -- Rate limits ----------------------------------------------------------------------------------

# 30 seconds into a minute: the windows follow the wall clock, so the test holds it still.
NOW = 1_800_000_030.0


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setattr(policy, "time", SimpleNamespace(time=lambda: NOW))


@pytest.mark.parametrize("action", ["reply", "new thread", "edit"])
def test_fourth_post_in_a_minute_answers_429_with_when_to_try_again_and_keeps_the_text(
    signed_in,
    page_of,
    forum_state,
    member,
    open_thread,
    frozen_clock,
    django_capture_on_commit_callbacks,
    action,
):
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in.post(reply_url(open_thread), {"body": f"Reply {number}."})
        assert response.status_code == 302
    own = Comment.objects.filter(author=member).first()
    url, data = {
        "reply": (reply_url(open_thread), {"body": "One more thought."}),
        "new thread": (
            "/c/treatment/new/",
            {"title": "A new question", "body": "One more thought."},
        ),
        "edit": (f"/comments/{own.pk}/edit/", {"body": "One more thought."}),
    }[action]
    before = forum_state()

    response = signed_in.post(url, data)

    assert response.status_code == 429
    assert response["Retry-After"] == "31"
    page = page_of(response)
    assert "You have posted 3 times this minute" in page.text
    assert "Please try again in 31 seconds. Your text has not been lost." in page.text
    assert textarea_text(page) == "One more thought."
    assert forum_state() == before


def test_the_limit_lifts_when_the_minute_is_over(
    signed_in, member, open_thread, monkeypatch, django_capture_on_commit_callbacks
):
    clock = SimpleNamespace(time=lambda: NOW)
    monkeypatch.setattr(policy, "time", clock)
    for number in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            signed_in.post(reply_url(open_thread), {"body": f"Reply {number}."})
    assert signed_in.post(reply_url(open_thread), {"body": "Too soon."}).status_code == 429

    clock.time = lambda: NOW + 31
    response = signed_in.post(reply_url(open_thread), {"body": "Now it is fine."})

    assert response.status_code == 302
    assert Comment.objects.filter(author=member, body="Now it is fine.").exists()
