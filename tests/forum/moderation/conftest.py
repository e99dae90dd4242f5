"""What the moderation tests share: a thread members can reply in at once, and its reply page; a
fake spam service and a reply posted through the web form with its spam check; a member past
pre-moderation; and what the posting forms give back."""

import io

import pytest
from django.core.management import call_command

from forum import services
from forum.models import Comment, Thread
from forum.moderation import decisions
from tests.forum.moderation.fake_akismet import fake_akismet


def reply_url(thread: Thread) -> str:
    return thread.get_absolute_url() + "reply/"


@pytest.fixture
def open_thread(make_thread, moderator) -> Thread:
    """A published thread (a moderator's posts are never held)."""
    return make_thread(moderator, title="Infusion day tips", body="What helps on the day?")


# -- The spam service ------------------------------------------------------------------------------


SPAM_REASON = "The spam service (Akismet) says it looks like spam."
MEMBER_IP = "203.0.113.7"


@pytest.fixture
def akismet_service(moderation_policy, monkeypatch):
    with fake_akismet(moderation_policy, monkeypatch) as service:
        yield service


@pytest.fixture
def no_premoderation(moderation_policy):
    """Pre-moderation off, so what is held is held by the spam checks alone."""
    moderation_policy.MODERATION_PREMODERATE_FIRST = 0


@pytest.fixture
def post_reply(client, django_capture_on_commit_callbacks):
    """Reply through the web form as `author`, letting the spam check run after the commit."""

    def post(author, thread: Thread, body: str, ip: str = MEMBER_IP) -> Comment:
        client.force_login(author)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"{thread.get_absolute_url()}reply/", {"body": body}, REMOTE_ADDR=ip
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        return Comment.objects.filter(author=author).latest("pk")

    return post


def recheck(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("recheck_spam", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# -- The posting policy ----------------------------------------------------------------------------


@pytest.fixture
def established(member, moderator, open_thread):
    """`member` after a moderator approved their first 2 comments: past pre-moderation, but not
    yet trusted (5 approved comments), so the spam signals still apply."""
    for number in range(2):
        comment = services.comment_create(
            author=member, thread=open_thread, body=f"An earlier reply, number {number}."
        )
        decisions.comment_approve(moderator=moderator, comment=comment)
    return member


def textarea_text(page, name: str = "body") -> str:
    """What the form gives back to the member in its textarea."""
    return page.text_of(f"id_{name}")
