"""The search page at /search/ as the tests in test_search_*.py read it: its address, the
addresses of the results a query finds, and a comment's lasting address."""

from forum.models import Comment
from tests.conftest import Page

URL = "/search/"


def found(client, query: str) -> list[str]:
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return [
        link["href"]
        for link in _page(response).links_within("search-hit-title")
        if link["href"] is not None
    ]


def _page(response) -> Page:
    return Page(response.content.decode())


def comment_url(comment: Comment) -> str:
    return f"/comments/{comment.pk}/"
