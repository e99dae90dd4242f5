"""Narrowing the resource directory at /resources/: filtering by region (worldwide entries
included), kind and topic, searching word by word, the plain GET form and bookmarkable
filter links that need no JavaScript, and bad filter values answered with a clear 400,
never a 500."""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from resources.models import Resource, ResourceKind

pytestmark = pytest.mark.django_db

URL = "/resources/"


def names(page) -> list[str]:
    """The entries on the page, in the order they are shown."""
    return page.texts_of("resource-name")


def published_names(**lookups) -> set[str]:
    return set(
        Resource.objects.filter(is_published=True, **lookups)
        .distinct()
        .values_list("name", flat=True)
    )


def filter_link(page, label: str, param: str) -> dict:
    """The quick-filter link with this label in the group for `param` (the links of a group
    either set `param` or, for the chosen one, clear it)."""
    [link] = [
        link
        for link in page.links_within("filter-links")
        if link["text"].split(" (chosen")[0] == label
        and (param in query_of(link["href"]) or "(chosen" in link["text"])
    ]
    return link


def query_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def current_links(page) -> list[str]:
    return [attrs["href"] for tag, attrs in page.tags if tag == "a" and "aria-current" in attrs]


@pytest.fixture
def regional(make_resource):
    """A charity for each region, worldwide included, on the carers topic."""
    return {
        region: make_resource(
            f"{region.title()} Only Charity", regions=(region,), topics=("carers",)
        )
        for region in ("uk", "us", "eu", "global")
    }


# Filters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["uk", "us", "eu", "global"])
def test_region_filter_lists_exactly_the_entries_serving_it_or_worldwide(
    client, page_of, regional, region
):
    response = client.get(URL, {"region": region})

    assert response.status_code == 200
    listed = names(page_of(response))
    assert len(listed) == len(set(listed))
    assert set(listed) == published_names(regions__slug__in=[region, "global"])


def test_region_filter_includes_worldwide_entries_but_not_other_regions(client, page_of, regional):
    listed = names(page_of(client.get(URL, {"region": "eu"})))

    assert "Eu Only Charity" in listed
    assert "Global Only Charity" in listed
    assert "Uk Only Charity" not in listed
    assert "Us Only Charity" not in listed
    assert "Samaritans" not in listed  # a UK helpline


@pytest.mark.parametrize("kind", ResourceKind.values)
def test_kind_filter_lists_exactly_the_entries_of_that_kind(client, page_of, make_resource, kind):
    make_resource(f"Our {kind} entry", kind=kind)

    page = page_of(client.get(URL, {"kind": kind}))

    assert set(names(page)) == published_names(kind=kind)
    assert [i for i in page.ids if i.startswith("kind-")] == [f"kind-{kind}"]


@pytest.mark.parametrize(
    "topic", ["diagnosis", "treatment", "daily-living", "carers", "research", "mental-health"]
)
def test_topic_filter_lists_exactly_the_entries_on_that_topic(client, page_of, topic):
    listed = names(page_of(client.get(URL, {"topic": topic})))

    assert listed
    assert set(listed) == published_names(topics__slug=topic)


def test_topic_filter_leaves_out_entries_on_other_topics(client, page_of, make_resource):
    make_resource("Carers Corner", topics=("carers",))
    make_resource("Infusion Facts", topics=("treatment",))

    listed = names(page_of(client.get(URL, {"topic": "carers"})))

    assert "Carers Corner" in listed
    assert "Infusion Facts" not in listed
    assert "NHS: Peripheral neuropathy" not in listed


def test_filters_combine(client, page_of, make_resource):
    make_resource("Carers UK Charity", kind="charity", regions=("uk",), topics=("carers",))
    make_resource("Carers World Charity", kind="charity", regions=("global",), topics=("carers",))
    make_resource("Carers US Charity", kind="charity", regions=("us",), topics=("carers",))
    make_resource("Infusions UK Charity", kind="charity", regions=("uk",), topics=("treatment",))
    make_resource("Carers UK Service", kind="government", regions=("uk",), topics=("carers",))

    listed = names(page_of(client.get(URL, {"region": "uk", "kind": "charity", "topic": "carers"})))

    assert "Carers UK Charity" in listed
    assert "Carers World Charity" in listed
    assert "Carers US Charity" not in listed
    assert "Infusions UK Charity" not in listed
    assert "Carers UK Service" not in listed
    assert set(listed) == published_names(
        regions__slug__in=["uk", "global"], kind="charity", topics__slug="carers"
    )


def test_a_filter_with_no_matches_says_so(client, page_of):
    response = client.get(URL, {"kind": "research"})

    assert response.status_code == 200
    page = page_of(response)
    assert names(page) == []
    assert "No resources match your search." in page.text


# Search ------------------------------------------------------------------------------------------


@pytest.fixture
def infusion_entries(make_resource):
    make_resource("Infusion Nurse Network", description="Home infusion nurses across Wales.")
    make_resource("Infusion Diary", description="An app to log infusions and side effects.")
    make_resource("Wales Carers Circle", description="Carers meeting monthly.", topics=("carers",))


def test_search_finds_entries_with_every_word(client, page_of, infusion_entries):
    page = page_of(client.get(URL, {"q": "infusion wales"}))

    assert names(page) == ["Infusion Nurse Network"]
    assert "1 resource matches your search." in page.text


def test_search_ignores_case_and_word_order(client, page_of, infusion_entries):
    page = page_of(client.get(URL, {"q": "WALES   Infusion"}))

    assert names(page) == ["Infusion Nurse Network"]


def test_search_with_one_word_finds_it_in_name_or_description(client, page_of, infusion_entries):
    page = page_of(client.get(URL, {"q": "infusion"}))

    assert set(names(page)) == {"Infusion Nurse Network", "Infusion Diary"}
    assert "2 resources match your search." in page.text


def test_search_finds_a_word_of_the_web_address(client, page_of):
    page = page_of(client.get(URL, {"q": "gaincharity"}))

    assert names(page) == ["GAIN (Guillain-Barré & Associated Inflammatory Neuropathies)"]


def test_search_and_filters_combine(client, page_of, make_resource):
    make_resource("Pacing Guide UK", regions=("uk",), description="Pacing your energy.")
    make_resource("Pacing Guide US", regions=("us",), description="Pacing your energy.")

    page = page_of(client.get(URL, {"q": "pacing", "region": "us"}))

    assert names(page) == ["Pacing Guide US"]


def test_search_for_nothing_known_says_so_and_offers_to_clear(client, page_of):
    response = client.get(URL, {"q": "xylophone"})

    assert response.status_code == 200
    page = page_of(response)
    assert names(page) == []
    assert "No resources match your search. Try fewer words" in page.text
    assert any(link["href"] == URL and "clear" in link["text"] for link in page.links)


def test_search_characters_are_plain_text_not_patterns(client, page_of, make_resource):
    make_resource("Percent Club", description="Helped 100% of members.")
    make_resource("Other Club", description="Helped many members.")

    page = page_of(client.get(URL, {"q": "100%"}))

    assert names(page) == ["Percent Club"]


# Links and the form: no JavaScript, bookmarkable -------------------------------------------------


def test_the_form_is_a_get_form_to_the_directory(client, page_of):
    page = page_of(client.get(URL))

    [form] = [attrs for tag, attrs in page.tags if tag == "form" and attrs.get("role") == "search"]
    assert form["method"] == "get"
    assert form["action"] == URL
    fields = {attrs.get("name") for tag, attrs in page.tags if tag in ("input", "select")}
    assert {"q", "region", "kind", "topic"} <= fields
    assert "<script" not in client.get(URL).content.decode().lower()


def test_the_form_shows_the_search_and_filters_chosen(client, page_of):
    page = page_of(client.get(URL, {"q": "ivig", "region": "uk", "kind": "charity"}))

    inputs = {
        attrs["name"]: attrs for tag, attrs in page.tags if tag == "input" and "name" in attrs
    }
    assert inputs["q"]["value"] == "ivig"
    selected = [
        attrs["value"] for tag, attrs in page.tags if tag == "option" and "selected" in attrs
    ]
    assert "uk" in selected
    assert "charity" in selected


def test_a_filter_link_keeps_the_other_filters_and_the_search(client, page_of):
    page = page_of(client.get(URL, {"region": "uk", "q": "ivig"}))

    carers = filter_link(page, "Carers", "topic")
    assert query_of(carers["href"]) == {"region": ["uk"], "q": ["ivig"], "topic": ["carers"]}
    charity = filter_link(page, "Charity or support group", "kind")
    assert query_of(charity["href"]) == {"region": ["uk"], "q": ["ivig"], "kind": ["charity"]}


def test_a_filter_link_replaces_the_same_filters_other_choice(client, page_of):
    page = page_of(client.get(URL, {"region": "uk", "topic": "carers"}))

    us = filter_link(page, "US", "region")

    assert query_of(us["href"]) == {"region": ["us"], "topic": ["carers"]}


def test_the_chosen_link_is_marked_and_clears_itself(client, page_of):
    page = page_of(client.get(URL, {"region": "uk", "q": "ivig"}))

    [chosen] = [link for link in page.links_within("filter-links") if "(chosen" in link["text"]]
    assert chosen["text"].startswith("UK")
    assert chosen["href"] in current_links(page)
    assert query_of(chosen["href"]) == {"q": ["ivig"]}


def test_the_only_chosen_link_leads_back_to_the_whole_directory(client, page_of):
    page = page_of(client.get(URL, {"kind": "helpline"}))

    [chosen] = [link for link in page.links_within("filter-links") if "(chosen" in link["text"]]
    whole = page_of(client.get(urljoin(URL, chosen["href"])))

    assert query_of(chosen["href"]) == {}
    assert len(names(whole)) == Resource.objects.filter(is_published=True).count()


def test_following_filter_links_narrows_the_list_like_the_form(client, page_of, regional):
    start = page_of(client.get(URL))
    step = page_of(client.get(urljoin(URL, filter_link(start, "EU", "region")["href"])))
    end_response = client.get(urljoin(URL, filter_link(step, "Carers", "topic")["href"]))

    assert end_response.status_code == 200
    assert set(names(page_of(end_response))) == set(
        names(page_of(client.get(URL, {"region": "eu", "topic": "carers"})))
    )
    assert "Eu Only Charity" in names(page_of(end_response))
    assert "Us Only Charity" not in names(page_of(end_response))


# Bad filter values: a clear 400, never a 500 -----------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "mars"}, "Choose a region from the list."),
        ({"kind": "x"}, "Choose a kind from the list."),
        ({"topic": "astrology"}, "Choose a topic from the list."),
        ({"q": "a" * 101}, "Please search with fewer words (up to 100 characters)."),
        ({"q": "one two three four five six seven eight nine"}, "Please search with up to 8 words"),
        ({"region": "uk", "kind": "x"}, "Choose a kind from the list."),
    ],
    ids=["region", "kind", "topic", "long-query", "many-words", "one-bad-of-two"],
)
def test_a_bad_filter_value_answers_400_with_a_clear_message(client, page_of, params, message):
    response = client.get(URL, params)

    assert response.status_code == 400
    page = page_of(response)
    assert message in page.text
    assert any(link["href"] == URL for link in page.links if "Clear" in link["text"])


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "region=%00",
        "q=%FF%FE",
        "region=uk&region=mars",
        "kind[]=charity",
        "q=" + "%20" * 500,
    ],
    ids=["nul-query", "nul-region", "bad-utf8", "two-regions", "bracket-name", "many-spaces"],
)
def test_odd_query_strings_never_cause_a_server_error(client, query):
    response = client.get(f"{URL}?{query}")

    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "q", ["a" * 100, "one two three four five six seven eight"], ids=["100-chars", "8-words"]
)
def test_a_search_at_the_limits_is_accepted(client, q):
    assert client.get(URL, {"q": q}).status_code == 200


def test_a_search_is_shown_back_as_text_never_as_markup(client, assert_no_active_content):
    response = client.get(URL, {"q": '"><script>alert(1)</script>'})

    assert response.status_code == 200
    assert_no_active_content(response.content.decode())


def test_quick_links_do_not_carry_a_bad_value_forward(client, page_of):
    response = client.get("/resources/", {"region": "mars", "topic": "carers"})

    assert response.status_code == 400
    link = filter_link(page_of(response), "Helpline", "kind")
    assert query_of(link["href"]) == {"kind": ["helpline"], "topic": ["carers"]}
