"""What search at /search/?q= finds and in what order: thread titles and comment bodies found
by their words (other forms of a word, the last word as a prefix, every word required),
ranked by relevance with the matched words marked, a page of results at a time, the
selector the API uses, and a query count that does not grow with the results."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from forum import search, services
from forum.models import Category
from tests.forum.search_pages import URL, _page, comment_url, found

# Signed in: the session, the user and the header's notifications; then the ranked matches and
# one fetch each of the threads and the comments among them.
SEARCH_BUDGET = 6

_names = itertools.count(1)


def result_links(page) -> list[str]:
    return [link["href"] for link in page.links_within("search-hit-title")]


@pytest.fixture
def other_conversations(make_thread, moderator):
    """Threads about other things. Ranking weighs how rare a word is, as any forum's is: a word
    in half of all posts tells nothing (bm25 scores it zero), so tests of ranking need these."""
    for topic in ("Blue badge forms", "Kitchen gadgets", "Sleep positions", "Train travel"):
        make_thread(moderator, title=topic, body=f"What helps you with {topic.lower()}?")


# Finding, ranking and marking --------------------------------------------------------------------


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


# The selector, for the API -----------------------------------------------------------------------


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


# Query budget ------------------------------------------------------------------------------------


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
