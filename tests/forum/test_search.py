"""Search: /search/?q= over thread titles and comment bodies, ranked, with the matched words
marked; held, hidden and rejected words found only by their author and the moderators."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection

from accounts.services import member_erase
from forum import search, services
from forum.models import Category, Comment, CommentStatus, Thread, ThreadVisibility
from forum.moderation import decisions
from tests.conftest import Page

URL = "/search/"
# Signed in: the session, the user and the header's notifications; then the ranked matches and
# one fetch each of the threads and the comments among them.
SEARCH_BUDGET = 6

_names = itertools.count(1)


def result_links(page) -> list[str]:
    return [link["href"] for link in page.links_within("search-hit-title")]


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


@pytest.fixture
def other_conversations(make_thread, moderator):
    """Threads about other things. Ranking weighs how rare a word is, as any forum's is: a word
    in half of all posts tells nothing (bm25 scores it zero), so tests of ranking need these."""
    for topic in ("Blue badge forms", "Kitchen gadgets", "Sleep positions", "Train travel"):
        make_thread(moderator, title=topic, body=f"What helps you with {topic.lower()}?")


# Finding, ranking and marking -------------------------------------------------------------------


def test_a_comment_is_found_by_its_words_and_links_to_its_lasting_address(
    client, page_of, member, other_member, make_thread, make_reply
):
    thread = make_thread(member, title="Mornings are the hardest part")
    reply = make_reply(other_member, thread, "My grip is weakest the week before an infusion.")

    page = page_of(client.get(URL, {"q": "grip"}))

    assert result_links(page) == [comment_url(reply)]
    [snippet] = page.texts_of("search-snippet")
    assert "My grip is weakest" in snippet
    assert "Mornings are the hardest part" in page.text_of("main")
    assert "Reply in Treatment" in page.text
    assert "carer_dave" in page.text


def test_matched_words_are_marked_in_the_snippet_and_the_title(
    client, member, other_member, make_thread, make_reply
):
    thread = make_thread(member, title="Grip strength exercises")
    make_reply(other_member, thread, "Squeezing putty helped my grip a little.")

    html = client.get(URL, {"q": "grip"}).content.decode()

    assert "<mark>Grip</mark> strength exercises" in html
    assert "helped my <mark>grip</mark> a little" in html


def test_a_thread_is_found_by_its_title_and_links_to_the_thread(client, member, make_thread):
    thread = make_thread(member, title="Cramps at night after IVIg", body="Anyone else?")

    assert found(client, "cramps") == [thread.get_absolute_url()]


def test_other_forms_of_a_word_are_found(client, member, make_thread):
    make_thread(member, title="Side effects", body="The infusions leave me tired for a day.")

    assert len(found(client, "infusion")) == 1
    assert len(found(client, "infused")) == 1


def test_the_last_word_may_be_just_its_start(client, member, make_thread):
    make_thread(member, title="Side effects", body="The neurologist changed my dose.")

    assert len(found(client, "neurol")) == 1
    assert found(client, "neurol changed") == []  # only the last word is a prefix


def test_every_word_must_appear(client, member, make_thread):
    make_thread(member, title="Winter", body="Cold hands make my grip worse.")
    make_thread(member, title="Summer", body="Heat makes my fatigue worse.")

    assert len(found(client, "worse")) == 2
    assert len(found(client, "grip worse")) == 1
    assert found(client, "grip fatigue") == []


def test_common_words_in_a_query_are_ignored(client, member, make_thread):
    make_thread(member, title="Travel", body="Flying with an infusion pump.")

    assert len(found(client, "the infusion and the pump")) == 1


def test_a_comment_about_the_word_ranks_above_one_that_mentions_it_in_passing(
    client, member, other_member, make_thread, make_reply, other_conversations
):
    thread = make_thread(member, title="Our week", body="Nothing much to report this week.")
    passing = make_reply(
        other_member,
        thread,
        "We went to the coast, saw my sister, fixed the fence, planted potatoes, walked the dog "
        "twice a day, cooked for the neighbours and, on Friday, I felt some fatigue.",
    )
    about = make_reply(other_member, thread, "Fatigue, fatigue, fatigue. The fatigue is awful.")

    assert found(client, "fatigue") == [comment_url(about), comment_url(passing)]


def test_a_title_match_ranks_above_the_same_word_in_a_comment(
    client, member, other_member, make_thread, make_reply, other_conversations
):
    about = make_thread(member, title="Fatigue after IVIg", body="How long does yours last?")
    elsewhere = make_thread(other_member, title="Our week", body="Gardening.")
    reply = make_reply(member, elsewhere, "Gardening and some fatigue.")

    assert found(client, "fatigue") == [about.get_absolute_url(), comment_url(reply)]


def test_a_very_common_word_ranks_its_newest_matches(
    client, monkeypatch, member, make_thread, make_reply
):
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 2)
    thread = make_thread(member, title="Evenings", body="How are yours?")
    oldest = make_reply(member, thread, "Fatigue, fatigue, fatigue: the best match, but old.")
    older = make_reply(member, thread, "Some fatigue today.")
    newer = make_reply(member, thread, "Fatigue and a walk.")

    links = found(client, "fatigue")

    assert comment_url(oldest) not in links
    assert set(links) == {comment_url(older), comment_url(newer)}


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


def test_results_come_a_page_at_a_time_with_a_link_to_more(
    client, page_of, member, make_thread, make_reply
):
    thread = make_thread(member, title="Tips for grip", body="Share yours.")
    for number in range(search.PAGE_SIZE + 3):
        make_reply(member, thread, f"Tip {number}: warm water before using the grip trainer.")

    first = page_of(client.get(URL, {"q": "trainer"}))
    second = page_of(client.get(first.link("next")))

    assert len(result_links(first)) == search.PAGE_SIZE
    assert len(result_links(second)) == 3
    assert not set(result_links(first)) & set(result_links(second))
    assert second.link("next") is None
    assert client.get(second.link("prev")).status_code == 200


def test_a_page_past_the_last_result_says_there_are_no_more(client, member, make_thread):
    make_thread(member, title="Tips for grip", body="Warm water helps.")

    response = client.get(URL, {"q": "warm", "page": "3"})

    assert response.status_code == 200
    assert "no more results" in _page(response).text


# Not named "page": that is pytest-playwright's fixture, and would make these browser tests.
@pytest.mark.parametrize(
    "page_number", ["0", "-1", "abc", "1.5", "11", "99999999999999999999", "\u0663"]
)
def test_a_page_number_no_link_would_have_is_a_clear_400(client, db, page_number):
    response = client.get(URL, {"q": "grip", "page": page_number})

    assert response.status_code == 400
    assert "page of results does not exist" in _page(response).text


# What the member typed -------------------------------------------------------------------------


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


# Who finds what ------------------------------------------------------------------------------

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


# The index keeps up with every change ---------------------------------------------------------


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


# The selector, for the API ---------------------------------------------------------------------


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


def test_the_selector_ranks_and_marks(member, other_member, make_thread, make_reply):
    thread = make_thread(member, title="IVIg infusions", body="Every three weeks for me.")
    reply = make_reply(other_member, thread, "My infusion <b>day</b> is Tuesday.")

    results = search.search(viewer=AnonymousUser(), query="infusion")

    assert [(hit.kind, hit.url) for hit in results.hits] == [
        ("thread", thread.get_absolute_url()),
        ("comment", comment_url(reply)),
    ]
    assert results.hits[0].title_html == "IVIg <mark>infusions</mark>"
    # What the member typed, shown as typed: never as markup.
    assert (
        results.hits[1].snippet_html
        == "My <mark>infusion</mark> &lt;b&gt;day&lt;/b&gt; is Tuesday."
    )
    assert results.hits[0].score > results.hits[1].score
    assert not results.has_next


# The page ------------------------------------------------------------------------------------


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


@pytest.fixture
def author(make_member):
    return lambda: make_member(f"searcher{next(_names)}", role="carer", region="uk")


def _matching_replies(count: int, author) -> None:
    """`count` replies about cramps, each in its own thread, category and author's name."""
    categories = list(Category.objects.all())
    for number in range(count):
        thread = services.thread_create(
            author=author(),
            category=categories[number % len(categories)],
            title=f"Thread number {number}",
            body="Nothing to see.",
        )
        services.comment_create(author=author(), thread=thread, body="Cramps again today.")


@pytest.mark.parametrize("signed_in", [False, True])
def test_search_costs_the_same_queries_for_a_few_results_as_for_a_full_page(
    client, member, author, django_assert_max_num_queries, signed_in
):
    if signed_in:
        client.force_login(member)

    def measure() -> tuple[int, int]:
        with django_assert_max_num_queries(SEARCH_BUDGET) as queries:
            response = client.get(URL, {"q": "cramps"})
        assert response.status_code == 200
        return len(queries.captured_queries), len(result_links(_page(response)))

    # A thread found by its title ranks first, so both pages show threads and comments.
    services.thread_create(
        author=author(),
        category=Category.objects.get(slug="symptoms"),
        title="Cramps at night",
        body="Nothing to see.",
    )
    _matching_replies(3, author)
    few, shown = measure()
    assert shown == 4
    _matching_replies(search.PAGE_SIZE, author)
    many, shown = measure()
    assert shown == search.PAGE_SIZE

    assert few == many


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers only")
def test_search_triggers_a_table_rebuild_dropped_come_back_at_the_next_migrate(member, make_thread):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER forum_comment_fts_insert")
    thread = make_thread(member, title="Lost trigger", body="Oxygen concentrator advice")
    assert not search.search(viewer=member, query="concentrator").hits

    call_command("migrate", verbosity=0)

    found = search.search(viewer=member, query="concentrator").hits
    assert [hit.thread.pk for hit in found] == [thread.pk]
