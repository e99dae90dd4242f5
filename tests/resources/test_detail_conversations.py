"""The conversations an entry's page at /resources/<slug>/ lists: threads that mention it (by
its address, its directory page or its name) and threads in the categories of its topics,
never counting words members cannot read nor threads they may not see, and a query count
that does not grow with the number of mentions."""

import itertools
import re

import pytest
from django.utils import timezone

from forum import services
from forum.models import Category, Comment, CommentStatus, Thread, ThreadStatus
from forum.moderation import decisions
from forum.services.locks import refresh_thread
from tests.conftest import Page
from tests.resources.detail_page import PATH, SLUG

# A moderator costs one more: whether their authenticator app lets them see unpublished entries.
DETAIL_BUDGET = 10

_numbers = itertools.count(1)


def threads_in(response, heading_id: str) -> list[str]:
    """Titles of the threads listed in the section with this heading ("mentioning-heading" or
    "related-heading"); [] when the page has no such section."""
    match = re.search(
        rf'<section aria-labelledby="{heading_id}">(.*?)</section>',
        response.content.decode(),
        flags=re.DOTALL,
    )
    if match is None:
        return []
    return [link["text"] for link in Page(match[1]).links if link["href"].startswith("/t/")]


def mentioning(response) -> list[str]:
    return threads_in(response, "mentioning-heading")


def related(response) -> list[str]:
    return threads_in(response, "related-heading")


# Threads that mention it -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mention",
    [
        "https://www.infusion-helpers.example.org/guide/",
        "http://infusion-helpers.example.org/guide",
        "see infusion-helpers.example.org/guide for the rota",
        "WWW.Infusion-Helpers.example.org/guide",
        f"I found it on {PATH}",
        f"https://mmn.example/resources/{SLUG}/",
        "Infusion Helpers Network",
        "the infusion helpers network were lovely",
    ],
    ids=[
        "full-address",
        "http-no-www",
        "no-scheme",
        "upper-case",
        "directory-path",
        "directory-address",
        "full-name",
        "name-lower-case",
    ],
)
def test_a_thread_whose_reply_mentions_the_entry_is_listed(
    client, resource, make_thread, make_reply, member, other_member, mention
):
    thread = make_thread(other_member, title="Company on infusion day")
    make_reply(member, thread, f"Try this: {mention}")

    assert mentioning(client.get(PATH)) == ["Company on infusion day"]


def test_a_thread_whose_opening_mentions_the_entry_is_listed(client, resource, make_thread, member):
    make_thread(member, title="Volunteers at the ward", body="Infusion Helpers Network came today.")

    assert mentioning(client.get(PATH)) == ["Volunteers at the ward"]


@pytest.mark.parametrize(
    "body",
    [
        "Nothing to do with it.",
        "Infusion helpers were kind.",  # not the full name
        "infusion-helpers.example.org/rota",  # another page of the site
        "/resources/infusion-helpers-two/",  # another entry's page
    ],
)
def test_a_thread_that_does_not_mention_the_entry_is_not_listed(
    client, page_of, resource, make_thread, member, body
):
    make_thread(member, title="Something else", body=body)

    response = client.get(PATH)

    assert mentioning(response) == []
    assert "No conversation mentions it yet." in page_of(response).text


def test_mentioning_threads_come_latest_activity_first(
    client, resource, make_thread, make_reply, member, other_member
):
    older = make_thread(member, title="Older thread", body="Infusion Helpers Network!")
    newer = make_thread(member, title="Newer thread", body="Infusion Helpers Network?")
    Thread.objects.filter(pk=older.pk).update(last_activity_at=timezone.now())
    Thread.objects.filter(pk=newer.pk).update(
        last_activity_at=timezone.now() - timezone.timedelta(days=1)
    )

    assert mentioning(client.get(PATH)) == ["Older thread", "Newer thread"]


def test_a_thread_mentioning_it_twice_is_listed_once(
    client, resource, make_thread, make_reply, member, other_member
):
    thread = make_thread(member, title="Twice", body="Infusion Helpers Network")
    make_reply(other_member, thread, "infusion-helpers.example.org/guide")

    assert mentioning(client.get(PATH)) == ["Twice"]


def hold(comment: Comment, moderator) -> None:
    """Put a published reply back in the review queue, as the policy does with a held edit."""
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.PENDING, published_at=None)
    refresh_thread(comment.thread_id)


def hide(comment: Comment, moderator) -> None:
    decisions.comment_hide(moderator=moderator, comment=comment, reason="Off topic.")


def reject(comment: Comment, moderator) -> None:
    decisions.comment_reject(moderator=moderator, comment=comment, reason="Advertising.")


@pytest.mark.parametrize("take_down", [hold, hide, reject], ids=["held", "hidden", "rejected"])
@pytest.mark.parametrize("viewer", ["anonymous", "other", "member"])
def test_a_comment_members_cannot_read_never_counts_as_a_mention(
    as_viewer,
    resource,
    make_thread,
    make_reply,
    member,
    other_member,
    moderator,
    take_down,
    viewer,
):
    thread = make_thread(other_member, title="Quiet thread", body="How was your week?")
    reply = make_reply(member, thread, "Bluebottle secret: Infusion Helpers Network")
    take_down(reply, moderator)
    assert Thread.objects.get(pk=thread.pk).status == ThreadStatus.PUBLISHED

    response = as_viewer(viewer).get(PATH)

    assert response.status_code == 200
    assert mentioning(response) == []
    assert "Quiet thread" not in response.content.decode()
    assert "Bluebottle" not in response.content.decode()


def test_a_thread_counts_again_once_its_comment_is_restored(
    client, resource, make_thread, make_reply, member, other_member, moderator
):
    thread = make_thread(other_member, title="Restored thread", body="How was your week?")
    reply = make_reply(member, thread, "Infusion Helpers Network")
    hide(reply, moderator)
    decisions.comment_restore(moderator=moderator, comment=reply)

    assert mentioning(client.get(PATH)) == ["Restored thread"]


def test_an_edit_that_removes_the_mention_stops_it_counting(
    client, resource, make_thread, make_reply, member, other_member
):
    thread = make_thread(other_member, title="Edited thread", body="How was your week?")
    reply = make_reply(member, thread, "Infusion Helpers Network")
    services.comment_edit(actor=member, comment=reply, body="Never mind.")

    assert mentioning(client.get(PATH)) == []


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_a_thread_taken_down_is_never_listed_even_with_published_mentions(
    as_viewer, resource, make_thread, make_reply, member, other_member, moderator, viewer
):
    """Its opening comment was rejected, so the thread is hidden; the replies stay published."""
    thread = make_thread(other_member, title="Taken down thread", body="Buy my cure.")
    make_reply(member, thread, "Infusion Helpers Network is better than this.")
    opening = thread.comments.get(is_opening=True)
    reject(opening, moderator)
    assert Thread.objects.get(pk=thread.pk).status == ThreadStatus.HIDDEN

    response = as_viewer(viewer).get(PATH)

    assert mentioning(response) == []
    assert "Taken down thread" not in response.content.decode()


def test_a_moderator_sees_a_hidden_thread_that_mentions_it(
    moderator_client, resource, make_thread, make_reply, member, other_member, moderator
):
    thread = make_thread(other_member, title="Taken down thread", body="Buy my cure.")
    make_reply(member, thread, "Infusion Helpers Network is better than this.")
    reject(thread.comments.get(is_opening=True), moderator)

    assert mentioning(moderator_client.get(PATH)) == ["Taken down thread"]


def pending_thread(author, category: Category, title: str, body: str) -> Thread:
    """A thread whose opening comment is waiting for a moderator, so only its author sees it."""
    thread = services.thread_create(author=author, category=category, title=title, body=body)
    thread.comments.update(status=CommentStatus.PENDING, published_at=None)
    thread = refresh_thread(thread.pk)
    assert thread.status == ThreadStatus.PENDING
    return thread


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_another_members_pending_thread_is_never_listed(
    as_viewer, make_resource, other_member, viewer
):
    make_resource("Carers Circle", slug="carers-circle", topics=("carers",))
    pending_thread(
        other_member,
        Category.objects.get(slug="carers-and-family"),
        "Pending carers thread",
        "Carers Circle helped us.",
    )

    response = as_viewer(viewer).get("/resources/carers-circle/")

    assert response.status_code == 200
    assert "Pending carers thread" not in response.content.decode()


# Threads on its topics ---------------------------------------------------------------------------


@pytest.fixture
def carers_entry(make_resource):
    return make_resource("Carers Circle", slug="carers-circle", topics=("carers",))


def test_threads_in_the_categories_of_its_topics_are_listed(
    client, carers_entry, make_thread, member
):
    make_thread(
        member,
        title="Looking after my dad",
        in_category=Category.objects.get(slug="carers-and-family"),
    )
    make_thread(
        member,
        title="Where to find support",
        in_category=Category.objects.get(slug="support-and-resources"),
    )
    make_thread(member, title="IVIg every three weeks")  # treatment: not a carers category

    response = client.get("/resources/carers-circle/")

    assert set(related(response)) == {"Looking after my dad", "Where to find support"}
    assert mentioning(response) == []


def test_a_thread_that_mentions_it_is_not_listed_twice(client, carers_entry, make_thread, member):
    make_thread(
        member,
        title="Carers Circle recommendation",
        body="Carers Circle is lovely.",
        in_category=Category.objects.get(slug="carers-and-family"),
    )

    response = client.get("/resources/carers-circle/")

    assert mentioning(response) == ["Carers Circle recommendation"]
    assert related(response) == []


def test_an_entry_on_no_shown_topic_has_no_topic_section(
    client, page_of, resource, make_thread, member
):
    make_thread(member, title="IVIg every three weeks")

    response = client.get(PATH)

    assert related(response) == []
    assert "related-heading" not in page_of(response).ids


# Query budget ------------------------------------------------------------------------------------


def add_mentioning_threads(make_member, count: int) -> None:
    carers = Category.objects.get(slug="carers-and-family")
    for _ in range(count):
        number = next(_numbers)
        author = make_member(f"writer{number}", role="carer", region="eu")
        thread = services.thread_create(
            author=author,
            category=carers,
            title=f"Mentioning thread {number}",
            body=f"I asked Infusion Helpers Network ({number}).",
        )
        replier = make_member(f"replier{number}", role="mmn", region="us")
        services.comment_create(author=replier, thread=thread, body="Thanks for the tip.")
        services.thread_create(
            author=replier, category=carers, title=f"Topic thread {number}", body="Hello."
        )


@pytest.mark.parametrize("viewer", ["anonymous", "member", "mod"])
def test_detail_queries_stay_within_budget_whatever_the_number_of_mentions(
    as_viewer, make_resource, make_member, page_of, django_assert_max_num_queries, viewer
):
    make_resource(
        "Infusion Helpers Network",
        slug=SLUG,
        regions=("uk", "us", "global"),
        topics=("carers", "treatment", "mental-health"),
    )
    client = as_viewer(viewer)

    def measure() -> tuple[int, int]:
        with django_assert_max_num_queries(DETAIL_BUDGET) as queries:
            response = client.get(PATH)
        assert response.status_code == 200
        return len(queries.captured_queries), len(mentioning(response))

    add_mentioning_threads(make_member, 3)
    few, few_listed = measure()
    add_mentioning_threads(make_member, 27)
    many, many_listed = measure()

    assert few_listed == 3
    assert many_listed > few_listed
    assert many == few
