"""What the member types into search at /search/: an empty search is a friendly prompt; too
long, only punctuation, only common words or a page number no link would have is a clear
error; query syntax is never passed through; what was typed and what members wrote come
back escaped; and the labelled GET form, on the search page and in every page's header."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forum import search
from forum.models import Comment
from tests.forum.search_pages import URL, _page

# What the member typed ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_is_a_friendly_prompt(client, db, page_of, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert "Type a word or two" in page_of(response).text
    assert "form-errors" not in response.content.decode()


def test_the_page_without_a_query_is_the_prompt(client, db, page_of):
    response = client.get(URL)

    assert response.status_code == 200
    assert "Type a word or two" in page_of(response).text


def test_a_query_over_100_characters_is_a_clear_form_error(client, db, page_of):
    response = client.get(URL, {"q": "grip " * 30})

    assert response.status_code == 400
    page = page_of(response)
    assert "up to 100 characters" in page.text_of("search-q-error")
    [field] = [
        attrs for tag, attrs in page.tags if tag == "input" and attrs.get("id") == "search-q"
    ]
    assert field["value"] == "grip " * 30  # kept, to shorten rather than retype
    assert field["aria-invalid"] == "true"


@pytest.mark.parametrize("query", ["!!!", "...", "?", "***", "\u2014", "_"])
def test_only_punctuation_is_a_clear_form_error(client, db, page_of, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == 400
    assert "at least one word" in page_of(response).text_of("search-q-error")


def test_only_common_words_is_a_clear_form_error(client, db, page_of):
    response = client.get(URL, {"q": "the and of it"})

    assert response.status_code == 400
    assert "too common" in page_of(response).text_of("search-q-error")


# Not named "page": that is pytest-playwright's fixture, and would make these browser tests.
@pytest.mark.parametrize(
    "page_number", ["0", "-1", "abc", "1.5", "11", "99999999999999999999", "\u0663"]
)
def test_a_page_number_no_link_would_have_is_a_clear_400(client, db, page_number):
    response = client.get(URL, {"q": "grip", "page": page_number})

    assert response.status_code == 400
    assert "page of results does not exist" in _page(response).text


def test_nothing_found_says_what_to_try(client, member, make_thread, page_of):
    make_thread(member)

    response = client.get(URL, {"q": "plasmapheresis"})

    assert response.status_code == 200
    text = page_of(response).text
    assert "Nothing found for \u201cplasmapheresis\u201d" in text
    assert "Use fewer words" in text


@pytest.mark.parametrize(
    "query",
    [
        'grip"',
        '"grip',
        "grip OR cramps",
        "grip AND NOT cramps",
        "NEAR(grip cramps)",
        "grip*",
        "*",
        "-grip",
        "body:grip",
        "forum_comment_fts:grip",
        "{body}: grip",
        "grip & cramps | !fatigue",
        "grip:*",
        "'grip'",
        "grip <-> cramps",
        "\\",
        "(",
        "^grip",
        "grip\x00cramps",
        "%s %(x)s ?",
        "'; DROP TABLE forum_comment; --",
    ],
)
def test_query_syntax_is_never_passed_through(client, member, make_thread, query):
    make_thread(member, title="Grip and cramps", body="Grip, cramps and fatigue.")

    response = client.get(URL, {"q": query})

    assert response.status_code in (200, 400)
    assert Comment.objects.count() == 1


def test_search_text_is_shown_back_escaped(client, db, assert_no_active_content):
    response = client.get(URL, {"q": '"><script>alert(1)</script><mark>'})

    assert response.status_code == 200
    assert_no_active_content(response.content.decode())
    assert "&lt;script&gt;" in response.content.decode()
    assert "<mark>" not in response.content.decode()


def test_snippets_escape_what_members_wrote(client, member, make_thread, assert_no_active_content):
    make_thread(
        member,
        title="Odd text <b>here</b>",
        body="I typed <script>alert('grip')</script> and <img src=x onerror=alert(1)> grip.",
    )

    html = client.get(URL, {"q": "grip"}).content.decode()

    assert_no_active_content(html)
    assert "&lt;script&gt;" in html
    assert "<b>" not in html


# The selector, for the API -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", search.SearchQueryError.EMPTY),
        ("x" * 101, search.SearchQueryError.TOO_LONG),
        ("?!", search.SearchQueryError.NO_WORDS),
        ("the of and", search.SearchQueryError.NO_WORDS),
        (" ".join(f"word{n}" for n in range(11)), search.SearchQueryError.TOO_MANY_WORDS),
    ],
)
def test_the_selector_says_why_a_query_cannot_be_searched(db, query, code):
    with pytest.raises(search.SearchQueryError) as error:
        search.search(viewer=AnonymousUser(), query=query)

    assert error.value.code == code
    assert error.value.message


# The page ----------------------------------------------------------------------------------------


def test_the_search_page_is_a_labelled_get_form_kept_out_of_search_engines(client, db, page_of):
    page = page_of(client.get(URL, {"q": "grip"}))

    [form] = [attrs for tag, attrs in page.tags if tag == "form" and attrs.get("role") == "search"]
    assert form["method"] == "get"
    assert form["action"] == URL
    [label] = [
        attrs for tag, attrs in page.tags if tag == "label" and attrs.get("for") == "search-q"
    ]
    assert ("meta", {"name": "robots", "content": "noindex"}) in page.tags


def test_every_page_has_a_labelled_search_form_in_its_header(client, db, page_of):
    page = page_of(client.get("/"))

    [form] = [attrs for tag, attrs in page.tags if tag == "form" and attrs.get("action") == URL]
    assert form["method"] == "get"
    assert ("label", {"for": "site-search-q", "class": "visually-hidden"}) in page.tags
    assert ("input", {"type": "search", "name": "q", "id": "site-search-q"}) in page.tags
