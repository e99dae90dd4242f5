"""No page runs a number of queries that grows with what it shows.

Each test measures a page showing a few items and the same page showing many, with a different
author for every item (the usual source of a query per row), and asserts both stay within the
page's budget and cost exactly the same.
"""

import itertools

import pytest

from forum import services
from forum.models import Category, Comment, CommentStatus, Thread

HOME_BUDGET = 8
CATEGORY_BUDGET = 10
THREAD_BUDGET = 12
PROFILE_BUDGET = 6

_names = itertools.count(1)


@pytest.fixture(params=["visitor", "member"])
def viewer(request, client, member):
    """Every page is measured signed out and signed in."""
    if request.param == "member":
        client.force_login(member)
    return client


@pytest.fixture(autouse=True)
def _drawn_from_the_database(settings):
    """A budget is what a page costs when nothing is cached yet (core.pagecache off): a page
    served from the caches only ever costs less."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def author(make_member):
    """A new member each call: every item on a page has its own author."""
    return lambda: make_member(f"author{next(_names)}", role="carer", region="eu")


@pytest.fixture
def measure(django_assert_max_num_queries):
    def run(client, url: str, budget: int):
        with django_assert_max_num_queries(budget) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries.captured_queries), response

    return run


def add_categories_up_to(total: int) -> None:
    for number in range(Category.objects.count(), total):
        Category.objects.create(name=f"Extra category {number}", slug=f"extra-{number}")


def add_threads(author, count: int, *, spread: bool) -> None:
    categories = (
        list(Category.objects.all()) if spread else [Category.objects.get(slug="treatment")]
    )
    for number in range(count):
        thread = services.thread_create(
            author=author(),
            category=categories[number % len(categories)],
            title=f"Thread about pacing {next(_names)}",
            body="How do you pace your days?",
        )
        services.comment_create(author=author(), thread=thread, body="Little and often.")


def test_home_page_queries_stay_within_budget_and_flat(viewer, author, measure, page_of):
    add_threads(author, 5, spread=True)
    few, _ = measure(viewer, "/", HOME_BUDGET)

    add_categories_up_to(50)
    add_threads(author, 45, spread=True)
    many, response = measure(viewer, "/", HOME_BUDGET)

    assert len(page_of(response).texts_of("category-card")) == 50
    assert many == few


def test_category_page_queries_stay_within_budget_and_flat(
    viewer, author, measure, page_of, settings
):
    settings.FORUM_THREADS_PER_PAGE = 50
    add_threads(author, 5, spread=False)
    Thread.objects.filter(pk=Thread.objects.first().pk).update(is_pinned=True, is_locked=True)
    few, _ = measure(viewer, "/c/treatment/", CATEGORY_BUDGET)

    add_threads(author, 45, spread=False)
    many, response = measure(viewer, "/c/treatment/", CATEGORY_BUDGET)

    assert len(page_of(response).texts_of("thread-row")) == 50
    assert many == few


def test_later_category_page_costs_what_the_first_does(viewer, author, measure, page_of, settings):
    settings.FORUM_THREADS_PER_PAGE = 5
    add_threads(author, 12, spread=False)
    first, response = measure(viewer, "/c/treatment/", CATEGORY_BUDGET)
    second_url = "/c/treatment/" + page_of(response).link("next")

    second, response = measure(viewer, second_url, CATEGORY_BUDGET)

    assert len(page_of(response).texts_of("thread-row")) == 5
    assert second == first


@pytest.fixture
def busy_thread(member, other_member):
    thread = services.thread_create(
        author=member,
        category=Category.objects.get(slug="treatment"),
        title="Infusion day routines",
        body="What do you bring to an infusion?",
    )
    services.comment_create(author=member, thread=thread, body="My own reply, editable by me.")
    return thread


def add_comments(author, thread: Thread, count: int) -> None:
    for number in range(count):
        comment = services.comment_create(author=author(), thread=thread, body=f"Reply {number}")
        if number % 3 == 0:
            services.comment_edit(actor=comment.author, comment=comment, body=f"Edited {number}")
        if number % 7 == 1:
            services.comment_delete(actor=comment.author, comment=comment)
        if number % 11 == 2:
            Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.HIDDEN)


def test_thread_page_queries_stay_within_budget_and_flat(
    viewer, author, measure, page_of, settings, busy_thread
):
    settings.FORUM_COMMENTS_PER_PAGE = 50
    add_comments(author, busy_thread, 3)  # with the opening and own reply: 5 comments
    url = busy_thread.get_absolute_url()
    few, response = measure(viewer, url, THREAD_BUDGET)
    assert len(page_of(response).texts_of("comment")) == 5

    add_comments(author, busy_thread, 45)
    many, response = measure(viewer, url, THREAD_BUDGET)

    assert len(page_of(response).texts_of("comment")) == 50
    assert many == few


def test_later_thread_page_costs_what_the_first_does(
    viewer, author, measure, page_of, settings, busy_thread
):
    settings.FORUM_COMMENTS_PER_PAGE = 5
    add_comments(author, busy_thread, 12)
    url = busy_thread.get_absolute_url()
    first, response = measure(viewer, url, THREAD_BUDGET)

    second, _ = measure(viewer, url + page_of(response).link("next"), THREAD_BUDGET)

    assert second == first


def test_profile_page_queries_stay_within_budget_and_flat(viewer, measure, page_of, member):
    categories = list(Category.objects.all())

    def start_threads(count: int) -> None:
        for number in range(count):
            services.thread_create(
                author=member,
                category=categories[number % len(categories)],
                title=f"My thread number {next(_names)}",
                body="Something I wanted to ask.",
            )

    start_threads(5)
    few, _ = measure(viewer, "/u/hannah_mmn/", PROFILE_BUDGET)

    start_threads(10)
    many, response = measure(viewer, "/u/hannah_mmn/", PROFILE_BUDGET)

    assert len(page_of(response).texts_of("thread-row")) == 10, "the ten most recent"
    assert many == few
