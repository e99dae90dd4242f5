"""Beside a thread, up to three published resources on the topics its category shows, the ones
serving the reader's own region first."""

import itertools

import pytest

from forum.models import Category
from resources.models import Resource, ResourceKind

THREAD_BUDGET = 12  # the thread page's budget in tests/forum/test_query_budgets.py

_numbers = itertools.count(1)


def sidebar(page) -> list[Resource]:
    """The entries listed beside the thread, in order."""
    slugs = [
        link["href"].removeprefix("/resources/").strip("/")
        for link in page.links_within("related-resources")
        if link["href"].startswith("/resources/") and link["href"] != "/resources/"
    ]
    by_slug = Resource.objects.prefetch_related("regions", "topics").in_bulk(
        slugs, field_name="slug"
    )
    return [by_slug[slug] for slug in slugs]


def topics_of(resource: Resource) -> set[str]:
    return {topic.slug for topic in resource.topics.all()}


def regions_of(resource: Resource) -> set[str]:
    return {region.slug for region in resource.regions.all()}


@pytest.fixture
def carers_thread(make_thread, member):
    return make_thread(
        member,
        title="Caring for my husband",
        body="How do you find time for yourself?",
        in_category=Category.objects.get(slug="carers-and-family"),
    )


def test_a_treatment_thread_shows_treatment_resources(signed_in, page_of, thread):
    page = page_of(signed_in.get(thread.get_absolute_url()))

    listed = sidebar(page)
    assert listed
    assert all("treatment" in topics_of(resource) for resource in listed)
    assert page.text_of("related-resources-heading") == (
        "Helpful resources on Treatment (IVIg, steroids, therapy)"
    )


def test_a_resource_on_the_threads_topic_is_offered(signed_in, page_of, thread, make_resource):
    make_resource(
        "Aaa IVIg Infusion Guide",
        slug="ivig-guide",
        kind=ResourceKind.GOVERNMENT,
        regions=("uk",),
        topics=("treatment",),
        description="How IVIg is given in hospital and at home.",
    )

    page = page_of(signed_in.get(thread.get_absolute_url()))

    assert sidebar(page)[0].name == "Aaa IVIg Infusion Guide"
    [text] = page.texts_of("related-resources")
    assert "Aaa IVIg Infusion Guide : How IVIg is given in hospital and at home." in text


def test_a_carers_thread_shows_carers_resources(signed_in, page_of, carers_thread, make_resource):
    make_resource(
        "Aaa Carers Allowance Guide",
        kind=ResourceKind.GOVERNMENT,
        regions=("uk",),
        topics=("carers",),
    )
    make_resource(
        "Aaa Infusion Facts", kind=ResourceKind.GOVERNMENT, regions=("uk",), topics=("treatment",)
    )

    page = page_of(signed_in.get(carers_thread.get_absolute_url()))

    listed = sidebar(page)
    assert listed[0].name == "Aaa Carers Allowance Guide"
    assert all(topics_of(resource) & {"carers", "mental-health"} for resource in listed)
    assert "Aaa Infusion Facts" not in page.text
    assert page.text_of("related-resources-heading") == "Helpful resources on Carers & family"


def test_a_treatment_thread_never_shows_a_carers_only_resource(
    signed_in, page_of, thread, make_resource
):
    make_resource(
        "Aaa Carers Only", kind=ResourceKind.GOVERNMENT, regions=("uk",), topics=("carers",)
    )

    page = page_of(signed_in.get(thread.get_absolute_url()))

    assert "Aaa Carers Only" not in page.text


@pytest.mark.parametrize("extra", [0, 10])
def test_never_more_than_three_resources(signed_in, page_of, thread, make_resource, extra):
    for number in range(extra):
        make_resource(f"Extra IVIg page {number}", topics=("treatment",))

    listed = sidebar(page_of(signed_in.get(thread.get_absolute_url())))

    assert len(listed) == 3


def test_an_unpublished_resource_is_never_shown(signed_in, page_of, thread, make_resource):
    make_resource(
        "Aaa Draft IVIg Page",
        slug="draft-ivig",
        kind=ResourceKind.GOVERNMENT,
        regions=("uk",),
        topics=("treatment",),
        is_published=False,
    )

    response = signed_in.get(thread.get_absolute_url())

    assert all(resource.is_published for resource in sidebar(page_of(response)))
    assert "Aaa Draft IVIg Page" not in response.content.decode()
    assert "/resources/draft-ivig/" not in response.content.decode()


def test_with_every_matching_resource_unpublished_there_is_no_sidebar(signed_in, page_of, thread):
    Resource.objects.filter(topics__slug="treatment").update(is_published=False)

    page = page_of(signed_in.get(thread.get_absolute_url()))

    assert "related-resources-heading" not in page.ids
    assert sidebar(page) == []


def test_a_category_with_no_topics_has_no_sidebar(client, page_of, make_thread, member):
    off_topic = Category.objects.create(name="Off topic", slug="off-topic")
    thread = make_thread(member, title="Favourite biscuits", in_category=off_topic)

    page = page_of(client.get(thread.get_absolute_url()))

    assert "related-resources-heading" not in page.ids


def test_helplines_are_not_offered_beside_threads(signed_in, page_of, carers_thread):
    """Samaritans and 988 are on the mental-health topic that carers' threads show; helplines
    have their own place in the crisis-support message."""
    listed = sidebar(page_of(signed_in.get(carers_thread.get_absolute_url())))

    assert all(resource.kind != ResourceKind.HELPLINE for resource in listed)


@pytest.fixture
def regional_treatment_pages(make_resource):
    """A research page for each region: research is offered last, and "Zzz" sorts last, so only
    the reader's region can bring one to the top."""
    for region in ("uk", "us", "eu"):
        make_resource(
            f"Zzz {region.upper()} Trials",
            kind=ResourceKind.RESEARCH,
            regions=(region,),
            topics=("treatment",),
        )


@pytest.mark.parametrize("region", ["uk", "us", "eu"])
def test_resources_serving_the_members_region_come_first(
    client, page_of, thread, make_member, regional_treatment_pages, region
):
    reader = make_member(f"reader_{region}", role="mmn", region=region)
    client.force_login(reader)

    listed = sidebar(page_of(client.get(thread.get_absolute_url())))

    serves = [region in regions_of(resource) for resource in listed]
    assert serves[0]
    assert serves == sorted(serves, reverse=True)


def test_a_member_in_the_eu_sees_the_eu_page_first(
    client, page_of, thread, make_member, regional_treatment_pages
):
    client.force_login(make_member("reader_eu", role="mmn", region="eu"))

    listed = sidebar(page_of(client.get(thread.get_absolute_url())))

    assert listed[0].name == "Zzz EU Trials"


def test_members_in_different_regions_see_different_resources(
    client, page_of, thread, make_member, regional_treatment_pages
):
    def seen_by(region: str) -> list[str]:
        client.force_login(make_member(f"reader_{region}_{next(_numbers)}", region=region))
        return [
            resource.name for resource in sidebar(page_of(client.get(thread.get_absolute_url())))
        ]

    uk, us = seen_by("uk"), seen_by("us")

    assert uk != us
    assert "Zzz US Trials" not in uk
    assert "Zzz UK Trials" not in us


def test_a_visitor_sees_resources_too(client, page_of, thread):
    listed = sidebar(page_of(client.get(thread.get_absolute_url())))

    assert len(listed) == 3
    assert all("treatment" in topics_of(resource) for resource in listed)


# Query budget -----------------------------------------------------------------------------------


REGION_SETS = [("uk",), ("us", "global"), ("eu",), ("uk", "us", "eu"), ("global",)]
KINDS = [ResourceKind.CHARITY, ResourceKind.GOVERNMENT, ResourceKind.CLINICAL_INFO]


def add_treatment_resources(make_resource, count: int) -> None:
    for number in range(count):
        make_resource(
            f"Budget IVIg page {next(_numbers)}",
            kind=KINDS[number % len(KINDS)],
            regions=REGION_SETS[number % len(REGION_SETS)],
            topics=("treatment", "carers") if number % 2 else ("treatment",),
        )


@pytest.mark.parametrize("signed_in_as", ["visitor", "member"])
def test_thread_page_queries_stay_within_budget_whatever_the_number_of_resources(
    client,
    member,
    thread,
    make_resource,
    page_of,
    django_assert_max_num_queries,
    signed_in_as,
):
    if signed_in_as == "member":
        client.force_login(member)
    url = thread.get_absolute_url()

    def measure() -> int:
        with django_assert_max_num_queries(THREAD_BUDGET) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(sidebar(page_of(response))) == 3
        return len(queries.captured_queries)

    add_treatment_resources(make_resource, 5)
    few = measure()
    add_treatment_resources(make_resource, 45)
    many = measure()

    assert many == few
