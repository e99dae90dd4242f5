"""The curation pages as a whole: who may open them (moderators and admins, never members),
the topic pages (which forum categories show a topic, and the audit of that change), the
read-only regions, and the admin index's counts of waiting suggestions and failed links."""

import pytest

from audit.models import AuditEntry
from forum.models import Category
from resources.models import LinkStatus, Region, ResourceAuditAction, Topic
from tests.resources.admin_pages import RESOURCES, SUGGESTIONS, accept_data, listed

# -- Who may curate -------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["moderator", "admin_user"])
def test_curators_open_every_curation_page(client, request, user, make_resource, suggestion):
    client.force_login(request.getfixturevalue(user))
    resource = make_resource()
    topic = Topic.objects.get(slug="treatment")

    for url in (
        RESOURCES,
        f"{RESOURCES}add/",
        f"{RESOURCES}{resource.pk}/change/",
        SUGGESTIONS,
        f"{SUGGESTIONS}{suggestion.pk}/change/",
        f"{SUGGESTIONS}{suggestion.pk}/accept/",
        f"{SUGGESTIONS}{suggestion.pk}/decline/",
        "/admin/resources/topic/",
        f"/admin/resources/topic/{topic.pk}/change/",
        "/admin/resources/region/",
    ):
        assert client.get(url).status_code == 200, url


def test_members_cannot_reach_the_curation_pages(signed_in, suggestion, make_resource):
    resource = make_resource()

    for url in (
        RESOURCES,
        f"{RESOURCES}{resource.pk}/change/",
        SUGGESTIONS,
        f"{SUGGESTIONS}{suggestion.pk}/accept/",
        f"{SUGGESTIONS}{suggestion.pk}/decline/",
    ):
        response = signed_in.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    signed_in.post(f"{SUGGESTIONS}{suggestion.pk}/accept/", accept_data())
    signed_in.post(f"{SUGGESTIONS}{suggestion.pk}/decline/", {"reason": "Mine now."})
    suggestion.refresh_from_db()
    assert suggestion.status == "waiting"


# -- Topics and regions ---------------------------------------------------------------------------


def test_moderator_chooses_which_categories_show_a_topic_and_nothing_else(moderator_client):
    topic = Topic.objects.get(slug="daily-living")
    symptoms = Category.objects.get(slug="symptoms")

    response = moderator_client.post(
        f"/admin/resources/topic/{topic.pk}/change/",
        {"name": "Renamed", "slug": "renamed", "categories": [symptoms.pk]},
    )

    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.slug) == ("Daily living and aids", "daily-living")
    assert list(topic.categories.all()) == [symptoms]


def test_changing_which_categories_show_a_topic_is_audited(moderator_client, moderator):
    topic = Topic.objects.get(slug="carers")
    symptoms = Category.objects.get(slug="symptoms")

    moderator_client.post(
        f"/admin/resources/topic/{topic.pk}/change/", {"categories": [symptoms.pk]}
    )

    entry = AuditEntry.objects.get(actor=moderator, action=ResourceAuditAction.TOPIC_EDIT)
    assert entry.target_label == "Carers"
    assert entry.reason == "Shown beside threads in: Symptoms"


def test_regions_are_read_only(moderator_client):
    region = Region.objects.get(slug="uk")

    assert moderator_client.get("/admin/resources/region/").status_code == 200
    response = moderator_client.post(
        f"/admin/resources/region/{region.pk}/change/", {"name": "Britain", "slug": "gb"}
    )
    assert response.status_code == 403
    region.refresh_from_db()
    assert region.slug == "uk"


# -- The admin index ------------------------------------------------------------------------------


def test_admin_index_counts_waiting_suggestions_and_failed_links(
    moderator_client, suggest, other_member, make_resource, page_of
):
    waiting = [suggest(), suggest("Other", "https://other.example.org/", by=other_member)]
    broken = make_resource("Broken group", link_status=LinkStatus.BROKEN)
    make_resource("Working group", link_status=LinkStatus.OK)

    page = page_of(moderator_client.get("/admin/"))

    box = page.text_of("moderation-waiting")
    assert "2 suggestions waiting for a decision" in box
    assert "1 link failed its last check" in box
    hrefs = {
        link["text"]: link["href"]
        for link in page.links
        if link["text"].startswith(("2 suggestions", "1 link"))
    }
    assert hrefs == {
        "2 suggestions waiting for a decision": f"{SUGGESTIONS}?status=waiting",
        "1 link failed its last check": f"{RESOURCES}?attention=yes",
    }
    suggested = listed(moderator_client.get(hrefs["2 suggestions waiting for a decision"]))
    assert {s.pk for s in suggested} == {s.pk for s in waiting}
    assert listed(moderator_client.get(hrefs["1 link failed its last check"])) == [broken]


def test_an_unpublished_entry_with_a_failed_link_leaves_the_admin_index_count(
    moderator_client, make_resource, page_of
):
    make_resource("Gone group", link_status=LinkStatus.BROKEN, is_published=False)

    box = page_of(moderator_client.get("/admin/")).texts_of("moderation-waiting")

    assert not any("failed" in text for text in box)
    assert listed(moderator_client.get(RESOURCES, {"attention": "yes"})) == []
