"""Replies that arrive together are all kept, and the thread's count agrees with them."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from forum.models import Comment, CommentStatus, Thread

WRITERS = 6


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
    start = threading.Barrier(WRITERS)
    statuses: list[int] = []

    def reply(member) -> None:
        client = Client()
        client.force_login(member)
        start.wait()
        try:
            response = client.post(thread.get_absolute_url() + "reply/", {"body": "Me too!"})
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=reply, args=(member,)) for member in members]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert statuses == [302] * WRITERS
    published = Comment.objects.filter(thread=thread, status=CommentStatus.PUBLISHED).count()
    assert published == WRITERS + 1
    assert Thread.objects.get(pk=thread.pk).comment_count == published
