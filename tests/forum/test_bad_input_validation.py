"""Posting what the forum cannot take gets a clear message or status, and nothing is saved,
not even in part: bad titles and bodies for new threads, replies and edits (with what was
typed kept to correct), addresses of things that do not exist (404) and the wrong HTTP
method (405)."""

import pytest

from forum.models import Comment, Thread

NEW_THREAD = "/c/treatment/new/"


def errors_on(page) -> str:
    return " ".join(page.texts_of("errorlist"))


# Bad titles and bodies ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("", "A body.", "Please give the thread a title."),
        ("      ", "A body.", "Please give the thread a title."),
        ("IVIg", "A body.", "Please give the thread a title of at least 5 characters."),
        ("x" * 151, "A body.", "Ensure this value has at most 150 characters (it has 151)."),
        ("A perfectly good title", "", "Please write something before posting."),
        ("A perfectly good title", " \n\t \r\n ", "Please write something before posting."),
        (
            "A perfectly good title",
            "x" * 20_001,
            "Ensure this value has at most 20000 characters (it has 20001).",
        ),
        ("", "", "Please give the thread a title."),
    ],
    ids=[
        "empty title",
        "blank title",
        "short title",
        "long title",
        "empty body",
        "blank body",
        "long body",
        "both empty",
    ],
)
def test_new_thread_with_bad_title_or_body_is_refused_and_saves_nothing(
    signed_in, page_of, forum_state, title, body, message
):
    before = forum_state()

    response = signed_in.post(NEW_THREAD, {"title": title, "body": body})

    assert response.status_code == 400
    page = page_of(response)
    assert message in errors_on(page)
    assert forum_state() == before
    [textarea] = [attrs for tag, attrs in page.tags if tag == "textarea"]
    assert textarea["name"] == "body", "the form comes back to be corrected"


def test_new_thread_keeps_what_was_typed_when_refused(signed_in):
    response = signed_in.post(NEW_THREAD, {"title": "IVIg", "body": "My long careful story."})

    html = response.content.decode()
    assert 'value="IVIg"' in html
    assert "My long careful story." in html


def test_new_thread_with_a_valid_title_but_empty_body_creates_neither(signed_in, forum_state):
    before = forum_state()

    signed_in.post(NEW_THREAD, {"title": "A question about IVIg", "body": "   "})

    assert forum_state() == before
    assert not Thread.objects.exists()
    assert not Comment.objects.exists()


def test_new_thread_post_without_any_fields_says_what_is_missing(signed_in, page_of, forum_state):
    before = forum_state()

    response = signed_in.post(NEW_THREAD, {})

    assert response.status_code == 400
    errors = errors_on(page_of(response))
    assert "Please give the thread a title." in errors
    assert "Please write something before posting." in errors
    assert forum_state() == before


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Please write something before posting."),
        ("  \n  ", "Please write something before posting."),
        ("\x01\x02\x03", "Please write something before posting."),
        ("x" * 20_001, "Ensure this value has at most 20000 characters (it has 20001)."),
        ("![a photo](https://example.org/p.jpg)", "Nothing in this would show on the page."),
        ("[note]: https://example.org", "Nothing in this would show on the page."),
    ],
    ids=["empty", "blank", "control characters", "long", "only an image", "only a link label"],
)
def test_bad_reply_is_refused_and_saves_nothing(
    signed_in, page_of, forum_state, other_member, make_thread, body, message
):
    thread = make_thread(other_member)
    before = forum_state()

    response = signed_in.post(thread.get_absolute_url() + "reply/", {"body": body})

    assert response.status_code == 400
    assert message in errors_on(page_of(response))
    assert forum_state() == before


def test_reply_post_without_any_fields_says_what_is_missing(
    signed_in, page_of, forum_state, other_member, make_thread
):
    thread = make_thread(other_member)
    before = forum_state()

    response = signed_in.post(thread.get_absolute_url() + "reply/", {})

    assert response.status_code == 400
    assert "Please write something before posting." in errors_on(page_of(response))
    assert forum_state() == before


@pytest.mark.parametrize("body", ["", "   ", "x" * 20_001], ids=["empty", "blank", "long"])
def test_bad_edit_is_refused_and_keeps_the_comment_as_it_was(
    signed_in, page_of, forum_state, member, thread, body
):
    opening = thread.comments.get()
    before = forum_state()

    response = signed_in.post(f"/comments/{opening.pk}/edit/", {"body": body})

    assert response.status_code == 400
    assert errors_on(page_of(response))
    assert forum_state() == before


# Things that do not exist, methods that do not apply ---------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/c/no-such-category/",
        "/c/no-such-category/new/",
        "/t/987654/no-such-thread/",
        "/t/987654/no-such-thread/reply/",
        "/comments/987654/edit/",
        "/comments/987654/delete/",
        "/u/no_such_member/",
    ],
)
def test_unknown_things_are_404_for_a_member(signed_in, page_of, url):
    response = signed_in.get(url)

    assert response.status_code == 404
    assert "We could not find that page." in page_of(response).text


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/c/no-such-category/new/", {"title": "A fine title", "body": "A fine body."}),
        ("/t/987654/no-such-thread/reply/", {"body": "A fine body."}),
        ("/comments/987654/edit/", {"body": "A fine body."}),
        ("/comments/987654/delete/", {}),
    ],
)
def test_posting_to_unknown_things_is_404_and_saves_nothing(
    signed_in, forum_state, thread, url, data
):
    before = forum_state()

    assert signed_in.post(url, data).status_code == 404
    assert forum_state() == before


def test_wrong_http_method_is_refused(signed_in, thread):
    opening = thread.comments.get()

    assert signed_in.put(f"/comments/{opening.pk}/edit/").status_code == 405
    assert signed_in.delete(f"/comments/{opening.pk}/delete/").status_code == 405
