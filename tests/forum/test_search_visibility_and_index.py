"""Who finds what with search at /search/, and that its index keeps up: held, hidden and
rejected words are found only by their author and the moderators, removed comments and
members-only threads never by visitors, and edits, approvals, erasures, deletions and
moves show in the results at once, the SQLite index and its triggers staying whole."""

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.services import member_erase
from forum import search, services
from forum.models import Category, CommentStatus, Thread, ThreadVisibility
from forum.moderation import decisions
from tests.forum.search_pages import URL, comment_url, found


@pytest.fixture
def as_viewer(client, member, other_member, moderator):
    """A client signed in as the named viewer ("visitor" stays signed out)."""

    def sign_in(name: str):
        viewers = {"visitor": None, "author": member, "other": other_member, "mod": moderator}
        if viewers[name] is not None:
            client.force_login(viewers[name])
        return client

    return sign_in


@pytest.fixture
def held(settings):
    """From now on, every new comment waits for a moderator."""

    def hold_new_comments() -> None:
        settings.MODERATION_PREMODERATE_FIRST = 10_000

    return hold_new_comments


# Who finds what ----------------------------------------------------------------------------------


VIEWERS = ["visitor", "other", "author", "mod"]


def _reply_in_status(status, *, member, other_member, moderator, make_thread, make_reply, held):
    thread = make_thread(other_member, title="Evenings", body="How are yours?")
    if status in (CommentStatus.PENDING, CommentStatus.REJECTED):
        held()
    reply = make_reply(member, thread, "Private words about plasmapheresis.")
    if status == CommentStatus.HIDDEN:
        decisions.comment_hide(moderator=moderator, comment=reply, reason="Off topic.")
    if status == CommentStatus.REJECTED:
        decisions.comment_reject(moderator=moderator, comment=reply, reason="Off topic.")
    reply.refresh_from_db()
    assert reply.status == status
    return reply


@pytest.mark.parametrize(
    ("status", "who_finds_it"),
    [
        (CommentStatus.PUBLISHED, {"visitor", "other", "author", "mod"}),
        (CommentStatus.PENDING, {"author", "mod"}),
        (CommentStatus.HIDDEN, {"author", "mod"}),
        (CommentStatus.REJECTED, {"author", "mod"}),
    ],
)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_held_hidden_and_rejected_words_are_found_only_by_their_author_and_moderators(
    as_viewer,
    member,
    other_member,
    moderator,
    make_thread,
    make_reply,
    held,
    status,
    who_finds_it,
    viewer,
):
    reply = _reply_in_status(
        status,
        member=member,
        other_member=other_member,
        moderator=moderator,
        make_thread=make_thread,
        make_reply=make_reply,
        held=held,
    )

    links = found(as_viewer(viewer), "plasmapheresis")

    assert links == ([comment_url(reply)] if viewer in who_finds_it else [])


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_removed_comment_is_found_by_nobody(
    as_viewer, member, other_member, make_thread, make_reply, viewer
):
    thread = make_thread(other_member, title="Evenings", body="How are yours?")
    reply = make_reply(member, thread, "Words I took back about plasmapheresis.")
    services.comment_delete(actor=member, comment=reply)

    assert found(as_viewer(viewer), "plasmapheresis") == []


def test_a_moderator_sees_which_results_others_cannot(
    client, member, other_member, moderator, make_thread, make_reply, held, page_of
):
    _reply_in_status(
        CommentStatus.PENDING,
        member=member,
        other_member=other_member,
        moderator=moderator,
        make_thread=make_thread,
        make_reply=make_reply,
        held=held,
    )
    client.force_login(moderator)

    page = page_of(client.get(URL, {"q": "plasmapheresis"}))

    assert "Awaiting review" in page.text_of("main")


@pytest.mark.parametrize(
    ("viewer", "finds_it"), [("visitor", False), ("other", False), ("author", True), ("mod", True)]
)
def test_a_thread_waiting_for_review_is_found_only_by_its_author_and_moderators(
    as_viewer, member, make_thread, held, viewer, finds_it
):
    held()
    thread = make_thread(member, title="Plasmapheresis questions", body="Has anyone had it?")

    links = found(as_viewer(viewer), "plasmapheresis")

    assert (thread.get_absolute_url() in links) is finds_it
    assert (len(links) > 0) is finds_it  # neither its title nor its opening post


@pytest.mark.parametrize(("viewer", "finds_it"), [("visitor", False), ("other", True)])
def test_a_members_only_thread_is_never_found_by_visitors(
    as_viewer, member, make_reply, category, viewer, finds_it
):
    thread = services.thread_create(
        author=member,
        category=category,
        title="Plasmapheresis, members only",
        body="Just between us: plasmapheresis did nothing for me.",
        visibility=ThreadVisibility.MEMBERS,
    )
    make_reply(member, thread, "And more about plasmapheresis.")

    links = found(as_viewer(viewer), "plasmapheresis")

    assert len(links) == (3 if finds_it else 0)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_replies_in_a_thread_taken_down_are_found_by_moderators_only(
    as_viewer, member, moderator, make_member, make_thread, make_reply, viewer
):
    thread = make_thread(make_member("starter"), title="Evenings", body="How are yours?")
    make_reply(member, thread, "Plasmapheresis helped my evenings.")
    opening = thread.comments.get(is_opening=True)
    decisions.comment_reject(moderator=moderator, comment=opening, reason="Off topic.")

    links = found(as_viewer(viewer), "plasmapheresis")

    assert len(links) == (1 if viewer == "mod" else 0)


def test_matches_a_viewer_may_not_find_never_crowd_out_those_they_may(
    client, monkeypatch, member, other_member, make_thread, make_reply, held
):
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 2)
    thread = make_thread(other_member, title="Evenings", body="How are yours?")
    published = make_reply(other_member, thread, "Plasmapheresis on Monday.")
    held()
    for _ in range(3):
        make_reply(member, thread, "Buy plasmapheresis here, cheap!")

    assert found(client, "plasmapheresis") == [comment_url(published)]


# The index keeps up with every change ------------------------------------------------------------


def test_an_edited_comment_is_found_by_its_new_words_not_its_old(
    client, member, make_thread, make_reply
):
    thread = make_thread(member, title="Evenings", body="How are yours?")
    reply = make_reply(member, thread, "My plasmapheresis was on Monday.")

    services.comment_edit(actor=member, comment=reply, body="My infusion was on Monday.")

    assert found(client, "plasmapheresis") == []
    assert found(client, "infusion") == [comment_url(reply)]


def test_an_approved_comment_is_found_by_everyone(
    client, member, other_member, moderator, make_thread, make_reply, held
):
    thread = make_thread(other_member, title="Evenings", body="How are yours?")
    held()
    reply = make_reply(member, thread, "Plasmapheresis on Monday.")
    assert found(client, "plasmapheresis") == []

    decisions.comment_approve(moderator=moderator, comment=reply)

    assert found(client, "plasmapheresis") == [comment_url(reply)]


def test_an_erased_members_words_and_titles_are_not_found(
    client, member, other_member, make_thread, make_reply
):
    started = make_thread(member, title="Plasmapheresis diary", body="Day one of plasmapheresis.")
    make_reply(other_member, started, "Good luck with it!")
    elsewhere = make_thread(other_member, title="Evenings", body="How are yours?")
    make_reply(member, elsewhere, "Mine involve plasmapheresis.")

    member_erase(member=member, keep_comments=False)

    assert found(client, "plasmapheresis") == []
    assert len(found(client, "luck")) == 1  # others' replies in the thread are still found


def test_a_deleted_thread_leaves_nothing_behind(client, member, make_thread, make_reply):
    thread = make_thread(member, title="Plasmapheresis diary", body="Day one of plasmapheresis.")
    make_reply(member, thread, "Day two of plasmapheresis.")
    keep = make_thread(member, title="Infusion diary", body="Day one of plasmapheresis too.")

    Thread.objects.filter(pk=thread.pk).delete()  # as the admin's delete does

    assert found(client, "plasmapheresis") == [comment_url(keep.comments.get())]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index only")
def test_the_sqlite_index_matches_the_tables_after_every_kind_of_change(
    member, other_member, moderator, make_thread, make_reply
):
    thread = make_thread(member, title="Plasmapheresis diary", body="Day one.")
    reply = make_reply(other_member, thread, "Day two.")
    services.comment_edit(actor=other_member, comment=reply, body="Day two, edited.")
    decisions.comment_hide(moderator=moderator, comment=reply, reason="Off topic.")
    gone = make_thread(other_member, title="Deleted soon", body="Bye.")
    Thread.objects.filter(pk=gone.pk).delete()
    member_erase(member=member, keep_comments=False)

    # An external-content index that drifts from its table returns wrong rows, then corrupts.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO forum_comment_fts(forum_comment_fts, rank) VALUES ('integrity-check', 1)"
        )
        cursor.execute(
            "INSERT INTO forum_thread_fts(forum_thread_fts, rank) VALUES ('integrity-check', 1)"
        )


def test_a_moved_thread_is_found_in_its_new_category(
    client, member, moderator, make_thread, page_of
):
    thread = make_thread(member, title="Plasmapheresis questions", body="Has anyone had it?")
    symptoms = Category.objects.get(slug="symptoms")

    decisions.thread_move(moderator=moderator, thread=thread, category=symptoms, reason="Topic.")

    assert f"Thread title in {symptoms.name}" in page_of(client.get(URL, {"q": "questions"})).text


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers only")
def test_search_triggers_a_table_rebuild_dropped_come_back_at_the_next_migrate(member, make_thread):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER forum_comment_fts_insert")
    thread = make_thread(member, title="Lost trigger", body="Oxygen concentrator advice")
    assert not search.search(viewer=member, query="concentrator").hits

    call_command("migrate", verbosity=0)

    found = search.search(viewer=member, query="concentrator").hits
    assert [hit.thread.pk for hit in found] == [thread.pk]
