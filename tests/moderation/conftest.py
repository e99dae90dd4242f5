"""What the moderation tests share: a thread members can reply in at once, and its reply page."""

import pytest

from forum.models import Thread


def reply_url(thread: Thread) -> str:
    return thread.get_absolute_url() + "reply/"


@pytest.fixture
def open_thread(make_thread, moderator) -> Thread:
    """A published thread (a moderator's posts are never held)."""
    return make_thread(moderator, title="Infusion day tips", body="What helps on the day?")
