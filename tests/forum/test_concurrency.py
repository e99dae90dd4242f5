"""Replies that arrive together are all kept, and the thread's and category's counts agree
with them."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from forum.models import Category, Comment, CommentStatus, Thread

WRITERS = 6


def reply_together(pairs) -> list[int]:
    """Each (member, thread) pair posts a reply at the same moment; the answers' statuses."""
    start = threading.Barrier(len(pairs))
    statuses: list[int] = []

    def reply(member, thread) -> None:
        client = Client()
        client.force_login(member)
        start.wait()
        try:
            response = client.post(thread.get_absolute_url() + "reply/", {"body": "Me too!"})
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=reply, args=pair) for pair in pairs]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_replies_lose_neither_a_comment_nor_a_count(make_member, make_thread):
    if connection.vendor == "sqlite":
        pytest.skip(
            "the in-memory SQLite test database cannot take two writers at once; "
            "run with DATABASE_URL set to PostgreSQL"
        )
    author = make_member("thread_starter")
    thread = make_thread(author)
    members = [make_member(f"replier{number}") for number in range(WRITERS)]

    statuses = reply_together([(member, thread) for member in members])

    assert statuses == [302] * WRITERS
    published = Comment.objects.filter(thread=thread, status=CommentStatus.PUBLISHED).count()
    assert published == WRITERS + 1
    assert Thread.objects.get(pk=thread.pk).comment_count == published


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_replies_in_one_category_keep_its_home_page_numbers_exact(
    make_member, make_thread
):
    """Each writer replies in a thread of its own, all in one category: the category's numbers
    (kept for the home page) are recounted under its row lock, so none is lost."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "the in-memory SQLite test database cannot take two writers at once; "
            "run with DATABASE_URL set to PostgreSQL"
        )
    author = make_member("thread_starter")
    threads = [make_thread(author, title=f"Thread number {n}") for n in range(WRITERS)]
    members = [make_member(f"replier{number}") for number in range(WRITERS)]

    statuses = reply_together(list(zip(members, threads, strict=True)))

    assert statuses == [302] * WRITERS
    category = Category.objects.get(pk=threads[0].category_id)
    published = Comment.objects.filter(
        thread__category=category, status=CommentStatus.PUBLISHED
    ).count()
    assert published == 2 * WRITERS
    assert (category.member_thread_count, category.member_comment_count) == (WRITERS, published)
    assert (category.visitor_thread_count, category.visitor_comment_count) == (WRITERS, published)
