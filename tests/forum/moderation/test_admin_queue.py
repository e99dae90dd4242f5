"""The review queue in the admin: what waits, in what order, with what a moderator needs to decide,
in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from forum.models import Comment, CommentStatus, FlagReason
from forum.moderation import appeals, decisions, flags

QUEUE = "/admin/forum/reviewitem/"


@pytest.fixture
def open_thread(make_thread, moderator):
    """A thread a moderator started (moderators are never held), for members to reply in."""
    return make_thread(moderator, title="Grip aids that actually help", body="Share yours.")


def queue_of(response) -> list[Comment]:
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_queue_lists_held_flagged_and_marked_comments_oldest_first(
    moderation_policy, moderator_client, moderator, make_member, open_thread, member
):
    held = services.comment_create(
        author=make_member("newcomer_ann"), thread=open_thread, body="Hello, I'm new."
    )
    published = services.comment_create(author=moderator, thread=open_thread, body="Welcome!")
    flags.flag_create(
        reporter=member, comment=published, reason=FlagReason.OTHER, note="Seems off-topic."
    )
    contact = services.comment_create(
        author=moderator,
        thread=open_thread,
        body="Ring the clinic on 0161 496 0000.",
        personal_data_confirmed=True,
    )
    services.comment_create(author=moderator, thread=open_thread, body="Nothing to see here.")

    items = queue_of(moderator_client.get(QUEUE))

    assert [item.pk for item in items] == [held.pk, published.pk, contact.pk]


def test_queue_shows_reasons_flags_notes_link_in_context_and_author_history(
    moderation_policy, moderator_client, moderator, make_member, open_thread, page_of
):
    author = make_member("newcomer_bob")
    first = services.comment_create(author=author, thread=open_thread, body="My first words.")
    decisions.comment_approve(moderator=moderator, comment=first)
    flagged = services.comment_create(author=author, thread=open_thread, body="Buy cheap IVIg!")
    flagged = decisions.comment_approve(moderator=moderator, comment=flagged)
    flags.flag_create(
        reporter=make_member("reader_cat"),
        comment=flagged,
        reason=FlagReason.PROMOTION,
        note="Selling infusions.",
    )
    flags.flag_create(reporter=make_member("reader_dan"), comment=flagged, reason="spam")
    held = services.comment_create(
        author=make_member("newcomer_eve"), thread=open_thread, body="Hi"
    )

    page = page_of(moderator_client.get(QUEUE))

    text = page.text
    assert "One of the member's first comments." in text
    assert "2 flags" in text
    assert "Selling or promoting treatments (by reader_cat): \u201cSelling infusions.\u201d" in text
    assert "Spam (by reader_dan)" in text
    assert "newcomer_bob 2 published, 0 rejected, 0 hidden, 2 flags received" in text
    assert "newcomer_eve 0 published, 0 rejected, 0 hidden, 0 flags received" in text
    in_context = {link["href"] for link in page.links if link["text"] == open_thread.title}
    assert in_context == {f"/comments/{flagged.pk}/", f"/comments/{held.pk}/"}
    assert all("target" not in attrs for tag, attrs in page.tags if tag == "a"), "same tab"


def test_queue_leaves_out_decided_and_removed_comments(
    moderation_policy, moderator_client, moderator, make_member, open_thread
):
    author = make_member("newcomer_fay")
    approved = services.comment_create(author=author, thread=open_thread, body="One.")
    rejected = services.comment_create(author=author, thread=open_thread, body="Two.")
    decisions.comment_approve(moderator=moderator, comment=approved)
    decisions.comment_reject(moderator=moderator, comment=rejected, reason="Off topic.")
    removed = services.comment_create(
        author=make_member("newcomer_gus"), thread=open_thread, body="Oops."
    )
    services.comment_delete(actor=removed.author, comment=removed)

    assert queue_of(moderator_client.get(QUEUE)) == []


def test_queue_filters_by_why_it_waits_and_by_flag_reason(
    moderation_policy, moderator_client, moderator, make_member, member, open_thread
):
    held = services.comment_create(author=make_member("newcomer_hal"), thread=open_thread, body="A")
    flagged = services.comment_create(author=moderator, thread=open_thread, body="B")
    flags.flag_create(reporter=member, comment=flagged, reason=FlagReason.HARASSMENT)

    def ids(**query) -> list[int]:
        return [item.pk for item in queue_of(moderator_client.get(QUEUE, query))]

    assert ids(waiting="held") == [held.pk]
    assert ids(waiting="flagged") == [flagged.pk]
    assert ids(status__exact="pending") == [held.pk]
    assert ids(hold="premoderation") == [held.pk]
    assert ids(hold="links") == []
    assert ids(flag="harassment") == [flagged.pk]
    assert ids(flag="spam") == []


def test_queue_filters_suspected_spam(
    moderation_policy, moderator_client, make_member, open_thread
):
    links = "See https://a.example https://b.example https://c.example"
    spammy = services.comment_create(
        author=make_member("newcomer_ida"), thread=open_thread, body=links
    )
    services.comment_create(author=make_member("newcomer_jon"), thread=open_thread, body="Hi all")

    found = queue_of(moderator_client.get(QUEUE, {"waiting": "spam"}))

    assert [item.pk for item in found] == [spammy.pk]


def test_queue_items_cannot_be_edited_added_or_deleted(
    moderation_policy, moderator_client, make_member, open_thread
):
    held = services.comment_create(
        author=make_member("newcomer_kim"), thread=open_thread, body="Hi"
    )

    page = moderator_client.get(f"{QUEUE}{held.pk}/change/")
    assert page.status_code == 200
    assert 'name="body"' not in page.content.decode()
    assert moderator_client.post(f"{QUEUE}{held.pk}/change/", {"body": "x"}).status_code == 403
    assert moderator_client.get(f"{QUEUE}add/").status_code == 403
    assert moderator_client.post(f"{QUEUE}{held.pk}/delete/", {"post": "yes"}).status_code == 403
    held.refresh_from_db()
    assert (held.body, held.status) == ("Hi", CommentStatus.PENDING)


def _fill_queue(count: int, *, moderator, thread, make_member) -> None:
    """`count` items of every kind: held replies, and approved replies that members flagged."""
    reporter = make_member()
    for number in range(count):
        author = make_member()
        comment = services.comment_create(author=author, thread=thread, body=f"Reply {number}")
        if number % 3 == 0:
            comment = decisions.comment_approve(moderator=moderator, comment=comment)
            flags.flag_create(
                reporter=reporter, comment=comment, reason=FlagReason.SPAM, note="Looks odd."
            )


def _queries_to_list_the_queue(client, expected_items: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert len(queue_of(response)) == expected_items
    return len(queries)


def test_queue_runs_the_same_number_of_queries_for_3_and_30_items(
    moderation_policy, client, moderator, make_member, open_thread, make_thread
):
    client.force_login(moderator)
    _fill_queue(3, moderator=moderator, thread=open_thread, make_member=make_member)
    few = _queries_to_list_the_queue(client, 3)

    other_thread = make_thread(moderator, title="Second thread for the queue", body="Go on.")
    _fill_queue(27, moderator=moderator, thread=other_thread, make_member=make_member)
    many = _queries_to_list_the_queue(client, 30)

    assert few == many
    assert many <= 10, "session, user, permissions, two counts, the items, their flags"


PAYLOAD = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
)
ADMIN_SCRIPTS = ("/static/admin/", "/admin/jsi18n/")


def test_members_words_are_inert_in_the_queue_its_confirmation_and_the_appeals(
    client, moderator, make_member, make_thread, assert_no_active_content
):
    author, reporter = make_member("writer_una"), make_member("reporter_vic")
    thread = make_thread(moderator, title=f"Title {PAYLOAD}"[:150], body="Opening.")
    comment = services.comment_create(author=author, thread=thread, body=PAYLOAD)
    flags.flag_create(reporter=reporter, comment=comment, reason="other", note=PAYLOAD)
    admin_user = make_member("owner_wyn", is_staff=True, is_superuser=True)
    rejected = services.comment_create(author=author, thread=thread, body="Second.")
    rejected = decisions.comment_reject(moderator=admin_user, comment=rejected, reason=PAYLOAD)
    appeals.appeal_create(author=author, comment=rejected, note=PAYLOAD)
    client.force_login(moderator)

    pages = [
        client.get(QUEUE),
        client.post(
            QUEUE, {"action": "hide_selected", "_selected_action": [comment.pk], "index": "0"}
        ),
        client.get("/admin/forum/appeal/"),
        client.get("/admin/forum/flag/"),
        client.get("/admin/audit/auditentry/"),
        client.get("/admin/"),
    ]

    for response in pages:
        assert response.status_code == 200
        assert_no_active_content(response.content.decode(), trusted_scripts=ADMIN_SCRIPTS)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0].content.decode(), "shown as text"
