"""What the export and erasure tests share: a member's history of every kind, and erasing them."""

import pytest

from accounts import services as account_services
from forum import services
from forum.models import FlagReason
from forum.moderation import appeals, decisions, flags
from resources import services as resource_services


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
    flag = flags.flag_create(
        reporter=member, comment=answer, reason=FlagReason.OTHER, note="Looks off-topic to me."
    )
    # Others act on her comments: their flags and who raised them are not hers to take away.
    flags.flag_create(
        reporter=other_member, comment=reply, reason=FlagReason.SPAM, note="Dave's secret note."
    )
    rejected = make_reply(member, their_thread, "My neurologist is Dr Example at St Elsewhere.")
    decisions.comment_reject(moderator=moderator, comment=rejected, reason="Names a clinician.")
    appeal = appeals.appeal_create(author=member, comment=rejected, note="It was a compliment.")
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
