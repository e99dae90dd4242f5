"""No list endpoint of the API runs a number of queries that grows with what it returns.

Each test measures an endpoint returning a few items and the same endpoint returning many (each
item with its own author, the usual source of a query per row), at a small and a large page
size, signed in and as a visitor, and asserts every measure is the same and within the budget.
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from forum.models import Category, Comment, CommentStatus, Flag, FlagReason, NotificationKind
from notifications.models import Notification
from resources.models import (
    Region,
    Resource,
    ResourceKind,
    ResourceSuggestion,
    SuggestionStatus,
    Topic,
    url_key,
)
from tests.api.conftest import Api, session_token

FEW, MANY = 3, 30
SMALL_PAGE, LARGE_PAGE = 5, 50

# Queries a call may make: signing in from the session token (3), the moderator check (1, for a
# moderator), the category a filter names (1), and the list itself with what it prefetches.
# The viewer is chosen at run time (request.getfixturevalue), so say outright that these use
# the database: pytest-django must not order them after the tests that empty it.
pytestmark = pytest.mark.django_db

BUDGETS = {
    "categories": 5,
    # A moderator costs one more: whether an authenticator app lets them see held words.
    "threads": 7,
    # q asks forum.search first: the ranked match, and the threads of the comments it found.
    "threads_searched": 9,
    # The comments, then their reactions (counts and the viewer's own) in one query for all.
    "thread_comments": 8,
    "notifications": 4,
    "resources": 9,
    "resource_suggestions": 4,
}

_numbers = itertools.count(1)


@pytest.fixture
def author(make_member):
    """A new member each call: every item has its own author."""
    return lambda: make_member(f"author{next(_numbers)}", role="carer", region="eu")


@pytest.fixture(params=["visitor", "member", "moderator"])
def viewer(request, member, moderator) -> Api:
    """Every endpoint open to visitors is measured signed out, as a member and as a moderator
    (who sees held comments too)."""
    if request.param == "visitor":
        return Api()
    return Api(session_token(member if request.param == "member" else moderator))


@pytest.fixture
def measure(django_assert_max_num_queries):
    def run(api: Api, path: str, budget: int, **params) -> tuple[int, int]:
        """(queries, items) of one call, after a first call that warms any cache."""
        assert api.get(path, params).status == 200
        with (
            django_assert_max_num_queries(budget),
            CaptureQueriesContext(connection) as queries,
        ):
            answer = api.get(path, params)
        assert answer.status == 200, answer
        items = answer.json["results"] if isinstance(answer.json, dict) else answer.json
        return len(queries.captured_queries), len(items)

    return run


def assert_flat(counts: list[tuple[int, int]]) -> None:
    """Every measure costs the same number of queries, though each showed a different number of
    items."""
    queries = {count for count, _ in counts}
    assert len(queries) == 1, counts
    assert len({items for _, items in counts}) > 1, counts


# -- Categories ------------------------------------------------------------------------------------


def add_categories_up_to(total: int) -> None:
    for number in range(Category.objects.count(), total):
        Category.objects.create(name=f"Extra category {number}", slug=f"extra-{number}")


def test_categories_cost_the_same_for_few_and_many(viewer, measure):
    add_categories_up_to(Category.objects.count() + FEW)
    few = measure(viewer, "categories/", BUDGETS["categories"])
    add_categories_up_to(Category.objects.count() + MANY)
    many = measure(viewer, "categories/", BUDGETS["categories"])
    assert_flat([few, many])


# -- Threads ---------------------------------------------------------------------------------------


def add_threads(author, count: int) -> None:
    categories = list(Category.objects.filter(moderators_only_posting=False))
    for number in range(count):
        services.thread_create(
            author=author(),
            category=categories[number % len(categories)],
            title=f"Thread number {number}",
            body=f"Opening words of thread {number}.",
        )


@pytest.mark.parametrize("query", [{}, {"category": "treatment"}, {"q": "thread"}])
def test_threads_cost_the_same_for_few_and_many_at_any_page_size(viewer, measure, author, query):
    budget = BUDGETS["threads_searched" if "q" in query else "threads"]
    add_threads(author, FEW)
    counts = [
        measure(viewer, "threads/", budget, page_size=size, **query)
        for size in (SMALL_PAGE, LARGE_PAGE)
    ]
    add_threads(author, MANY)
    counts += [
        measure(viewer, "threads/", budget, page_size=size, **query)
        for size in (SMALL_PAGE, LARGE_PAGE)
    ]
    assert_flat(counts)


def test_a_later_page_of_threads_costs_what_the_first_does(viewer, measure, author):
    add_threads(author, MANY)
    first = viewer.get("threads/", {"page_size": SMALL_PAGE}).json
    later = first["next"].split("?", 1)[1]
    assert measure(viewer, f"threads/?{later}", BUDGETS["threads"]) == measure(
        viewer, "threads/", BUDGETS["threads"], page_size=SMALL_PAGE
    )


# -- A thread's comments ---------------------------------------------------------------------------


def add_replies(author, thread, count: int, member) -> None:
    """Replies by new authors, some flagged by `member` (the viewer's own flags are marked) and
    some held (only moderators see those)."""
    for number in range(count):
        reply = services.comment_create(author=author(), thread=thread, body=f"Reply {number}.")
        if number % 3 == 0:
            Flag.objects.create(comment=reply, reporter=member, reason=FlagReason.SPAM)
        if number % 3 == 1:
            Comment.objects.filter(pk=reply.pk).update(
                status=CommentStatus.PENDING, held_reason="One of the member's first comments."
            )
    # One of the member's own, which they may edit and delete.
    services.comment_create(author=member, thread=thread, body=f"My own reply, {count}.")


def test_a_threads_comments_cost_the_same_for_few_and_many_at_any_page_size(
    viewer, measure, author, make_thread, member
):
    thread = make_thread(author(), title="Grip after IVIg", body="How long did it take?")
    path = f"threads/{thread.pk}/comments/"
    add_replies(author, thread, FEW, member)
    counts = [
        measure(viewer, path, BUDGETS["thread_comments"], page_size=size)
        for size in (SMALL_PAGE, LARGE_PAGE)
    ]
    add_replies(author, thread, MANY, member)
    counts += [
        measure(viewer, path, BUDGETS["thread_comments"], page_size=size)
        for size in (SMALL_PAGE, LARGE_PAGE)
    ]
    assert_flat(counts)


# -- Notifications (members only) ------------------------------------------------------------------


def add_notifications(member, count: int) -> None:
    Notification.objects.bulk_create(
        Notification(
            recipient=member,
            kind=NotificationKind.REPLY,
            fixed_text=f"Reply number {number}.",
            url="/",
        )
        for number in range(count)
    )


def test_notifications_cost_the_same_for_few_and_many_at_any_page_size(member, measure):
    api = Api(session_token(member))
    add_notifications(member, FEW)
    counts = [
        measure(api, "notifications/", BUDGETS["notifications"], page_size=size)
        for size in (SMALL_PAGE, LARGE_PAGE)
    ]
    add_notifications(member, MANY)
    counts += [
        measure(api, "notifications/", BUDGETS["notifications"], page_size=size)
        for size in (SMALL_PAGE, LARGE_PAGE)
    ]
    assert_flat(counts)


# -- The resource directory ------------------------------------------------------------------------


def add_resources(count: int) -> None:
    regions, topics = list(Region.objects.all()), list(Topic.objects.all())
    kinds = ResourceKind.values
    for _ in range(count):
        number = next(_numbers)
        url = f"https://budget-{number}.example.org/"
        resource = Resource.objects.create(
            name=f"Budget resource {number}",
            slug=f"budget-resource-{number}",
            url=url,
            url_key=url_key(url),
            kind=kinds[number % len(kinds)],
            description="Support for people living with MMN.",
            is_published=True,
        )
        resource.regions.set(regions[: 1 + number % len(regions)])
        resource.topics.set(topics[: 1 + number % len(topics)])


@pytest.mark.parametrize("query", [{}, {"region": "uk"}, {"topic": "treatment", "q": "support"}])
def test_resources_cost_the_same_for_few_and_many(viewer, measure, query):
    add_resources(FEW)
    few = measure(viewer, "resources/", BUDGETS["resources"], **query)
    add_resources(MANY)
    many = measure(viewer, "resources/", BUDGETS["resources"], **query)
    assert_flat([few, many])


def add_suggestions(member, count: int) -> None:
    for number in range(count):
        accepted = number % 2 == 0
        url = f"https://suggestion-{next(_numbers)}.example.org/"
        ResourceSuggestion.objects.create(
            suggested_by=member,
            name=f"Suggestion {number}",
            url=url,
            url_key=url_key(url),
            note="Helpful for carers.",
            status=SuggestionStatus.ACCEPTED if accepted else SuggestionStatus.WAITING,
            resource=Resource.objects.filter(is_published=True).first() if accepted else None,
        )


def test_a_members_suggestions_cost_the_same_for_few_and_many(member, measure):
    api = Api(session_token(member))
    add_suggestions(member, FEW)
    few = measure(api, "resource-suggestions/", BUDGETS["resource_suggestions"])
    add_suggestions(member, MANY)
    many = measure(api, "resource-suggestions/", BUDGETS["resource_suggestions"])
    assert_flat([few, many])
