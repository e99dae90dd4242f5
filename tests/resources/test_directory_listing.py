"""The resource directory at /resources/ as a list: entries grouped under their kind's heading
in name order, what each entry's card shows (description, regions, topics, when its link
was checked), unpublished entries never listed for anyone, and a query count that does not
grow with the number of entries."""

import itertools
import re
from datetime import UTC, datetime

import pytest

from resources.models import LinkStatus, Resource, ResourceKind
from tests.conftest import Page

pytestmark = pytest.mark.django_db

URL = "/resources/"
DIRECTORY_BUDGET = 8

_numbers = itertools.count(1)


def names(page) -> list[str]:
    """The entries on the page, in the order they are shown."""
    return page.texts_of("resource-name")


def card(page, name: str) -> str:
    [text] = [text for text in page.texts_of("resource-card") if text.startswith(name)]
    return text


def groups_of(response) -> dict[str, list[str]]:
    """The entries under each kind's heading: {kind: [names]}."""
    html = response.content.decode()
    sections = re.findall(
        r'<section class="resource-group" aria-labelledby="kind-([a-z-]+)">(.*?)</section>',
        html,
        flags=re.DOTALL,
    )
    return {kind: Page(body).texts_of("resource-name") for kind, body in sections}


def current_links(page) -> list[str]:
    return [attrs["href"] for tag, attrs in page.tags if tag == "a" and "aria-current" in attrs]


# Grouping ----------------------------------------------------------------------------------------


def test_groups_follow_the_kinds_order_with_helplines_first(client, page_of, make_resource):
    make_resource("Neuropathy Trials Register", kind=ResourceKind.RESEARCH)

    page = page_of(client.get(URL))

    group_ids = [i for i in page.ids if i.startswith("kind-")]
    assert group_ids == [
        "kind-helpline",
        "kind-charity",
        "kind-government",
        "kind-clinical-info",
        "kind-research",
    ]
    assert [page.text_of(i) for i in group_ids] == [
        "Helplines",
        "Charities and support groups",
        "Government and health services",
        "Clinical information",
        "Research",
    ]


def test_each_entry_sits_under_its_own_kind(client):
    groups = groups_of(client.get(URL))

    listed = {name: kind for kind, names in groups.items() for name in names}
    assert listed == {r.name: r.kind for r in Resource.objects.filter(is_published=True)}


def test_a_kind_with_no_entries_has_no_heading(client, page_of):
    assert not Resource.objects.filter(kind=ResourceKind.RESEARCH).exists()

    page = page_of(client.get(URL))

    assert "kind-research" not in page.ids


def test_entries_within_a_group_are_in_name_order_ignoring_case(client, page_of, make_resource):
    for name in ("Gamma Group", "beta Trust", "Alpha Aid"):
        make_resource(name, description="Zebrafinch support group.")

    page = page_of(client.get(URL, {"q": "zebrafinch"}))

    assert names(page) == ["Alpha Aid", "beta Trust", "Gamma Group"]


def test_header_links_to_the_directory_and_marks_it_current(client, page_of):
    page = page_of(client.get(URL))

    [nav_link] = [link for link in page.links if link["text"] == "Resources"]
    assert nav_link["href"] == URL
    assert URL in current_links(page)


# What each entry shows ---------------------------------------------------------------------------


def test_an_entry_shows_its_description_regions_and_topics(client, page_of, make_resource):
    make_resource(
        "Hand Therapy Circle",
        regions=("uk", "global"),
        topics=("treatment", "carers"),
        url="https://hand-therapy.example.org/",
        description="Occupational therapists sharing grip aids.",
    )

    page = page_of(client.get(URL))

    text = card(page, "Hand Therapy Circle")
    assert "Occupational therapists sharing grip aids." in text
    assert "For: UK, Worldwide" in text
    assert "Topics: Treatment and IVIg, Carers" in text
    hrefs = {link["href"] for link in page.links if link["text"].startswith("Go to the website")}
    assert "https://hand-therapy.example.org/" in hrefs


def test_an_entry_shows_when_its_link_was_last_checked(client, page_of, make_resource):
    make_resource(
        "Checked Charity",
        link_status=LinkStatus.OK,
        link_checked_at=datetime(2025, 3, 3, 9, tzinfo=UTC),
        last_verified_at=datetime(2025, 3, 3, 9, tzinfo=UTC),
    )
    make_resource("Unchecked Charity")

    page = page_of(client.get(URL))

    assert "Link checked 3 Mar 2025" in card(page, "Checked Charity")
    assert "Link not checked yet" in card(page, "Unchecked Charity")
    assert "did not work" not in card(page, "Checked Charity")


@pytest.mark.parametrize("status", [LinkStatus.BROKEN, LinkStatus.TIMED_OUT])
def test_an_entry_whose_link_failed_says_it_did_not_work(client, page_of, make_resource, status):
    make_resource(
        "Failing Charity",
        link_status=status,
        link_checked_at=datetime(2025, 4, 10, 9, tzinfo=UTC),
        last_verified_at=datetime(2025, 1, 5, 9, tzinfo=UTC),
    )

    text = card(page_of(client.get(URL)), "Failing Charity")

    assert "The link did not work when we checked it on 10 Apr 2025" in text
    assert "(it last worked on 5 Jan 2025" in text
    assert "Link checked" not in text


def test_an_entry_is_shown_as_text_never_as_markup(client, make_resource, assert_no_active_content):
    make_resource(
        "<script>alert(1)</script>", description='<img src=x onerror="alert(1)"> Helpful.'
    )

    response = client.get(URL)

    assert_no_active_content(response.content.decode())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()


# Unpublished entries -----------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["anonymous", "member", "moderator"])
def test_an_unpublished_entry_is_never_listed(
    client, page_of, make_resource, member, moderator, viewer
):
    make_resource(
        "Secret Draft Entry", is_published=False, description="Draftword entry.", slug="draft"
    )
    if viewer != "anonymous":
        client.force_login(member if viewer == "member" else moderator)

    everything = client.get(URL).content.decode()
    searched = page_of(client.get(URL, {"q": "draftword"}))

    assert "Secret Draft Entry" not in everything
    assert "/resources/draft/" not in everything
    assert names(searched) == []


def test_the_count_leaves_out_unpublished_entries(client, page_of, make_resource):
    make_resource("Shown Entry", description="Countword.")
    make_resource("Draft Entry", description="Countword.", is_published=False)

    page = page_of(client.get(URL, {"q": "countword"}))

    assert "1 resource matches your search." in page.text


# Query budget ------------------------------------------------------------------------------------


REGION_SETS = [("uk",), ("us", "global"), ("eu",), ("uk", "us", "eu"), ("global",)]
TOPIC_SETS = [("treatment",), ("carers", "mental-health"), ("diagnosis", "research"), ()]


def add_entries(make_resource, count: int) -> None:
    for number in range(count):
        make_resource(
            f"Budget entry {next(_numbers)}",
            kind=ResourceKind.values[number % len(ResourceKind.values)],
            regions=REGION_SETS[number % len(REGION_SETS)],
            topics=TOPIC_SETS[number % len(TOPIC_SETS)],
        )


@pytest.mark.parametrize("signed_in_as", ["visitor", "member"])
@pytest.mark.parametrize(
    "params",
    [{}, {"region": "uk", "topic": "treatment", "q": "budget entry"}],
    ids=["all", "filtered"],
)
def test_directory_queries_stay_within_budget_whatever_the_number_of_entries(
    client, member, make_resource, page_of, django_assert_max_num_queries, signed_in_as, params
):
    if signed_in_as == "member":
        client.force_login(member)

    def measure() -> tuple[int, list[str]]:
        with django_assert_max_num_queries(DIRECTORY_BUDGET) as queries:
            response = client.get(URL, params)
        assert response.status_code == 200
        return len(queries.captured_queries), names(page_of(response))

    add_entries(make_resource, 5)
    few, few_names = measure()
    add_entries(make_resource, 45)
    many, many_names = measure()

    assert len(many_names) > len(few_names)
    assert many == few
