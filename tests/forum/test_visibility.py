"""What the forum's reads hand to each viewer: the API and the pages build on these."""

from django.contrib.auth.models import AnonymousUser

from forum import selectors
from forum.moderation import decisions


def test_a_hidden_comments_words_reach_only_its_author_and_moderators(
    member, other_member, moderator, make_thread, make_reply
):
    thread = make_thread(other_member)
    reply = make_reply(member, thread, "Something a moderator had to take down.")
    decisions.comment_hide(moderator=moderator, comment=reply, reason="Off topic.")

    def words_seen_by(viewer) -> str:
        page = selectors.thread_comments(thread=thread, viewer=viewer, cursor=None, size=20)
        [seen] = [comment for comment in page.items if comment.pk == reply.pk]
        return seen.body + seen.body_html

    assert words_seen_by(other_member) == ""
    assert words_seen_by(AnonymousUser()) == ""
    assert "take down" in words_seen_by(member)
    assert "take down" in words_seen_by(moderator)
