"""The front page and a category's thread list, with its keyset pages."""

import base64
import json
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from forum import services
from forum.models import Category, Thread, ThreadStatus, ThreadVisibility
from forum.moderation import decisions


def titles(page) -> list[str]:
    """The thread titles a category page lists, in order."""
    return [link["text"] for link in page.links_within("thread-title")]


def card(page, category_name: str) -> str:
    """The text of one category's card on the front page."""
    [text] = [text for text in page.texts_of("category-card") if text.startswith(category_name)]
    return text


@pytest.fixture
def five_threads(member, make_thread, settings):
    """Threads 0..4, newest activity first, two to a page."""
    settings.FORUM_THREADS_PER_PAGE = 2
    now = timezone.now()
    for number in range(5):
        thread = make_thread(member, title=f"Thread number {number}")
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=now - timedelta(hours=number))


def test_home_lists_every_category_in_order_with_its_description(client, page_of, db):
    response = client.get("/")

    assert response.status_code == 200
    page = page_of(response)
    categories = list(Category.objects.order_by("position"))
    assert len(categories) == 8
    assert [text.split(" ")[0] for text in page.texts_of("category-card")] == [
        category.name.split(" ")[0] for category in categories
    ]
    for category in categories:
        assert category.description in card(page, category.name)
        assert {"href": f"/c/{category.slug}/", "text": category.name}.items() <= next(
            link for link in page.links if link["href"] == f"/c/{category.slug}/"
        ).items()


def test_home_shows_the_medical_disclaimer(client, page_of, db):
    page = page_of(client.get("/"))

    assert "This is peer support, not medical advice." in page.text


def test_home_counts_threads_and_comments_and_names_the_latest(
    client, page_of, member, other_member, make_thread, make_reply
):
    first = make_thread(member, title="First thread about IVIg")
    make_reply(other_member, first)
    make_reply(member, first)
    newest = make_thread(other_member, title="Newest thread about SCIg")

    page = page_of(client.get("/"))

    treatment = card(page, "Treatment (IVIg, steroids, therapy)")
    assert "2 threads · 4 comments" in treatment
    assert "Latest: Newest thread about SCIg" in treatment
    assert "First thread about IVIg" not in treatment
    assert any(link["href"] == newest.get_absolute_url() for link in page.links)
    assert "0 threads · 0 comments · No threads yet" in card(page, "Symptoms")


def test_home_counts_leave_out_hidden_threads(client, page_of, member, moderator, make_thread):
    make_thread(member, title="A visible thread")
    hidden = make_thread(member, title="A thread moderators hid")
    decisions.comment_reject(
        moderator=moderator, comment=hidden.comments.get(), reason="Selling a cure."
    )
    assert Thread.objects.get(pk=hidden.pk).status == ThreadStatus.HIDDEN

    page = page_of(client.get("/"))

    assert "1 thread · 1 comment · Latest: A visible thread" in card(page, "Treatment")
    assert "A thread moderators hid" not in page.text


def test_category_page_lists_pinned_threads_first_then_latest_activity(
    client, page_of, member, other_member, make_thread, make_reply
):
    now = timezone.now()
    pinned = make_thread(member, title="Old but pinned")
    quiet = make_thread(member, title="Quiet thread")
    busy = make_thread(member, title="Busy thread")
    fresh = make_thread(member, title="Freshly started")
    Thread.objects.filter(pk=pinned.pk).update(
        is_pinned=True, last_activity_at=now - timedelta(days=30)
    )
    Thread.objects.filter(pk=quiet.pk).update(last_activity_at=now - timedelta(days=3))
    Thread.objects.filter(pk=busy.pk).update(last_activity_at=now - timedelta(days=2))
    Thread.objects.filter(pk=fresh.pk).update(last_activity_at=now - timedelta(days=1))
    make_reply(other_member, busy)  # activity now: to the top of the unpinned ones

    response = client.get("/c/treatment/")

    assert response.status_code == 200
    page = page_of(response)
    assert titles(page) == ["Old but pinned", "Busy thread", "Freshly started", "Quiet thread"]
    rows = page.texts_of("thread-row")
    assert "Pinned" in rows[0]
    assert "Pinned" not in rows[1]
    assert "2 comments" in rows[1]


def test_category_page_shows_author_and_comment_count(client, page_of, member, make_thread):
    make_thread(member, title="Does anyone drive with hand controls?")

    page = page_of(client.get("/c/treatment/"))

    [row] = page.texts_of("thread-row")
    assert "Started by hannah_mmn · 1 comment · last activity" in row
    assert any(link["href"] == "/u/hannah_mmn/" for link in page.links_within("thread-row"))


def test_empty_category_invites_the_first_thread(client, page_of, db):
    page = page_of(client.get("/c/symptoms/"))

    assert "No threads yet. Be the first to start one." in page.text


def test_category_page_offers_a_visitor_sign_in_and_a_member_a_new_thread(
    client, page_of, member, category
):
    visitor = page_of(client.get("/c/treatment/"))
    assert "Sign in to start a thread." in visitor.text
    assert "/c/treatment/new/" not in [link["href"] for link in visitor.links]

    client.force_login(member)
    signed_in = page_of(client.get("/c/treatment/"))
    assert {"href": "/c/treatment/new/", "text": "Start a new thread"}.items() <= next(
        link for link in signed_in.links if link["href"] == "/c/treatment/new/"
    ).items()


def test_category_pages_walk_every_thread_once_in_order(client, page_of, five_threads):
    seen, url = [], "/c/treatment/"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        page = page_of(response)
        seen.append(titles(page))
        url = "/c/treatment/" + page.link("next") if page.link("next") else None

    assert seen == [
        ["Thread number 0", "Thread number 1"],
        ["Thread number 2", "Thread number 3"],
        ["Thread number 4"],
    ]


def test_category_previous_page_link_goes_back(client, page_of, five_threads):
    first = page_of(client.get("/c/treatment/"))
    second = page_of(client.get("/c/treatment/" + first.link("next")))
    third = page_of(client.get("/c/treatment/" + second.link("next")))

    back = page_of(client.get("/c/treatment/" + third.link("prev")))

    assert first.link("prev") is None
    assert third.link("next") is None
    assert titles(back) == ["Thread number 2", "Thread number 3"]
    assert back.link("prev") and back.link("next")


def test_new_thread_does_not_shift_a_page_already_linked(
    client, page_of, member, make_thread, five_threads
):
    next_link = page_of(client.get("/c/treatment/")).link("next")

    make_thread(member, title="Posted while reading page one")

    assert titles(page_of(client.get("/c/treatment/" + next_link))) == [
        "Thread number 2",
        "Thread number 3",
    ]


# Cursors are signed (core/pagination.py): these are made as the site makes them, so each tests
# what a cursor says, not only that a hand-made one is refused.
CURSOR_SIGNER = signing.Signer(salt="core.pagination.cursor", sep=".")


def encode(payload) -> str:
    return signed(base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("="))


def signed(payload: str) -> str:
    return CURSOR_SIGNER.sign(payload)


WHEN = "2026-01-01T00:00:00+00:00"
GARBLED_CURSORS = [
    pytest.param("not-a-cursor", id="not base64 json"),
    pytest.param("%%%", id="not base64"),
    pytest.param("eyJh", id="cut short"),
    pytest.param(encode({"after": 1}), id="an object"),
    pytest.param(encode(["sideways", [False, WHEN, 1]]), id="unknown direction"),
    pytest.param(encode(["after", [False, WHEN]]), id="a key missing"),
    pytest.param(encode(["after", [None, None, None]]), id="nulls"),
    pytest.param(encode(["after", ["maybe", WHEN, 1]]), id="not a boolean"),
    pytest.param(encode(["after", [False, "yesterday", 1]]), id="not a time"),
    pytest.param(encode(["after", [False, "2026-01-01T00:00:00", 1]]), id="time without offset"),
    pytest.param(encode(["after", [False, "0001-01-01T00:00:00+14:00", 1]]), id="before year 1"),
    pytest.param(encode(["after", [False, "9999-12-31T23:59:59-14:00", 1]]), id="after 9999"),
    pytest.param(encode(["after", [False, WHEN, "one"]]), id="id not a number"),
    pytest.param(encode(["after", [False, WHEN, [1]]]), id="id a list"),
    pytest.param(
        signed(
            base64.urlsafe_b64encode(f'["after", [false, "{WHEN}", Infinity]]'.encode()).decode()
        ),
        id="id infinite",
    ),
    pytest.param(
        signed(base64.urlsafe_b64encode(b"[" * 5000).decode()), id="nested past recursion"
    ),
    pytest.param(encode(["after", [False, WHEN, 1]]) + "A" * 400, id="far too long"),
]


@pytest.mark.parametrize("cursor", GARBLED_CURSORS)
def test_garbled_category_cursor_is_a_400_page_that_explains(
    client, page_of, member, make_thread, cursor
):
    make_thread(member)

    response = client.get("/c/treatment/", {"cursor": cursor})

    assert response.status_code == 400
    page = page_of(response)
    assert "That page link is not valid. Go back to the first page." in page.text
    assert "/" in [link["href"] for link in page.links]


def test_only_the_sites_own_cursors_open_a_page(client, page_of, member, make_thread, settings):
    """A cursor is signed: the same cursor unsigned, or with its signature changed, is refused,
    so visitors cannot make up new addresses for the same page (core.pagecache keeps pages by
    address)."""
    settings.FORUM_THREADS_PER_PAGE = 2
    for number in range(1, 4):
        make_thread(member, title=f"Thread number {number}")
    next_link = page_of(client.get("/c/treatment/")).link("next")
    cursor = next_link.split("cursor=", 1)[1]
    payload, signature = cursor.split(".")

    assert client.get("/c/treatment/", {"cursor": cursor}).status_code == 200
    for made_up in (payload, f"{payload}.{signature[::-1]}", f"{payload}A.{signature}"):
        assert client.get("/c/treatment/", {"cursor": made_up}).status_code == 400


def test_cursor_past_the_end_says_there_are_no_more_threads(client, page_of, member, make_thread):
    make_thread(member)

    long_ago = encode(["after", [False, "2000-01-01T00:00:00+00:00", 1]])

    response = client.get("/c/treatment/", {"cursor": long_ago})

    assert response.status_code == 200
    assert "There are no more threads here." in page_of(response).text


def test_unknown_category_is_404(client, page_of, db):
    response = client.get("/c/no-such-category/")

    assert response.status_code == 404
    assert "We could not find that page." in page_of(response).text


def test_a_moved_thread_takes_its_numbers_to_its_new_category_on_the_home_page(
    signed_in, page_of, member, moderator, make_thread, make_reply
):
    moved = make_thread(member, title="Splints for the night")
    make_reply(member, moved, "Mine is a soft one.")
    symptoms = Category.objects.get(slug="symptoms")

    decisions.thread_move(moderator=moderator, thread=moved, category=symptoms, reason="Fits")

    for viewer in (Client(), signed_in):
        page = page_of(viewer.get("/"))
        assert "0 threads · 0 comments · No threads yet" in card(page, "Treatment")
        assert "1 thread · 2 comments · Latest: Splints for the night" in card(page, "Symptoms")


def test_a_members_only_thread_counts_for_members_and_not_for_visitors(
    signed_in, page_of, member, category
):
    services.thread_create(
        author=member,
        category=category,
        title="Between members",
        body="Only for us.",
        visibility=ThreadVisibility.MEMBERS,
    )

    assert "0 threads · 0 comments" in card(page_of(Client().get("/")), "Treatment")
    members_see = card(page_of(signed_in.get("/")), "Treatment")
    assert "1 thread · 1 comment · Latest: Between members" in members_see
