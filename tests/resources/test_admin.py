"""Curating the directory in the admin: entries (add, edit, publish, unpublish, broken links),
members' suggestions (accept, decline), topics and regions, and what the admin index says."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from forum.models import Category
from notifications.models import Notification
from resources import services
from resources.models import (
    LinkStatus,
    Region,
    Resource,
    ResourceAuditAction,
    ResourceNotificationKind,
    ResourceSuggestion,
    Topic,
)
from tests.forum.moderation.admin_actions import confirm, messages_of

RESOURCES = "/admin/resources/resource/"
SUGGESTIONS = "/admin/resources/resourcesuggestion/"


def pks(model, *slugs: str) -> list[int]:
    return list(model.objects.filter(slug__in=slugs).values_list("pk", flat=True))


def entry_data(**fields) -> dict:
    """What a moderator types into an entry's form."""
    return {
        "name": "Leeds MMN peer group",
        "slug": "leeds-mmn-peer-group",
        "url": "https://leeds-mmn.example.org/",
        "kind": "charity",
        "regions": pks(Region, "uk"),
        "topics": pks(Topic, "treatment", "daily-living"),
        "description": "Monthly meetups for people with MMN in Yorkshire.",
        "is_published": "on",
        **fields,
    }


def edit_data(resource: Resource, **fields) -> dict:
    """The change form as it stands for `resource` (its slug and status are read-only)."""
    return {
        "name": resource.name,
        "url": resource.url,
        "kind": resource.kind,
        "regions": [region.pk for region in resource.regions.all()],
        "topics": [topic.pk for topic in resource.topics.all()],
        "description": resource.description,
        **fields,
    }


def listed(response) -> list:
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def action_names(response) -> list[str]:
    return [name for name, _ in response.context["action_form"].fields["action"].choices if name]


# -- Entries --------------------------------------------------------------------------------------


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


def test_moderator_adds_an_entry_through_the_service_and_it_is_audited(moderator_client, moderator):
    response = moderator_client.post(f"{RESOURCES}add/", entry_data())

    assert response.status_code == 302
    resource = Resource.objects.get(slug="leeds-mmn-peer-group")
    assert resource.url_key == "leeds-mmn.example.org"
    assert resource.is_published
    assert {region.slug for region in resource.regions.all()} == {"uk"}
    assert {topic.slug for topic in resource.topics.all()} == {"treatment", "daily-living"}
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (
        moderator,
        ResourceAuditAction.RESOURCE_ADD,
        str(resource.pk),
    )
    assert Resource.objects.filter(is_published=True, pk=resource.pk).exists()


def test_moderator_edits_an_entry_and_the_audit_names_what_changed(
    moderator_client, moderator, make_resource
):
    resource = make_resource("Leeds group", description="Old words.")

    response = moderator_client.post(
        f"{RESOURCES}{resource.pk}/change/",
        edit_data(resource, description="Meets on the first Monday of each month."),
    )

    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.description == "Meets on the first Monday of each month."
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.reason) == (
        moderator,
        ResourceAuditAction.RESOURCE_EDIT,
        "Changed: description",
    )


def test_adding_a_link_already_in_the_directory_is_a_form_error(moderator_client, page_of):
    mda = Resource.objects.get(url_key="mda.org")
    before = Resource.objects.count()

    response = moderator_client.post(
        f"{RESOURCES}add/", entry_data(name="MDA", slug="mda-again", url="http://www.mda.org")
    )

    assert response.status_code == 200
    assert f"This link is already in the directory as \u201c{mda.name}\u201d." in (
        page_of(response).text
    )
    assert Resource.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_a_refusal_from_the_service_shows_on_the_form_and_saves_nothing(
    moderator_client, make_resource, monkeypatch, page_of
):
    resource = make_resource("Leeds group", description="Old words.")

    def refuse(**kwargs):
        raise ValidationError({"url": "Another moderator has just saved this link."})

    monkeypatch.setattr(services, "resource_save", refuse)
    response = moderator_client.post(
        f"{RESOURCES}{resource.pk}/change/", edit_data(resource, description="New words.")
    )

    assert response.status_code == 200
    assert "Another moderator has just saved this link." in page_of(response).text
    resource.refresh_from_db()
    assert resource.description == "Old words."


def test_link_check_results_and_publication_cannot_be_changed_on_the_form(
    moderator_client, make_resource
):
    resource = make_resource(link_status=LinkStatus.BROKEN, link_status_code=404)
    url = f"{RESOURCES}{resource.pk}/change/"
    html = moderator_client.get(url).content.decode()

    for field in ("link_status", "link_status_code", "last_verified_at", "is_published", "slug"):
        assert f'name="{field}"' not in html
    response = moderator_client.post(url, edit_data(resource, link_status="ok", is_published=""))

    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.link_status, resource.is_published) == (LinkStatus.BROKEN, True)


def test_moderator_unpublishes_an_entry_with_a_reason_and_publishes_it_again(
    moderator_client, moderator, make_resource
):
    resource = make_resource("Leeds group")

    response = confirm(
        moderator_client, RESOURCES, "unpublish_selected", [resource], reason="Group closed."
    )

    assert messages_of(response) == ["Unpublished 1 entry."]
    assert not Resource.objects.filter(is_published=True, pk=resource.pk).exists()
    assert Resource.objects.filter(pk=resource.pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.reason) == (
        moderator,
        ResourceAuditAction.RESOURCE_UNPUBLISH,
        "Group closed.",
    )

    response = confirm(moderator_client, RESOURCES, "publish_selected", [resource])

    assert messages_of(response) == ["Published 1 entry."]
    assert Resource.objects.filter(is_published=True, pk=resource.pk).exists()
    assert AuditEntry.objects.latest("pk").action == ResourceAuditAction.RESOURCE_PUBLISH


def test_moderator_cannot_delete_entries(moderator_client, make_resource):
    resource = make_resource()

    assert action_names(moderator_client.get(RESOURCES)) == [
        "publish_selected",
        "unpublish_selected",
        "check_links_now",
    ]
    assert (
        moderator_client.post(f"{RESOURCES}{resource.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    moderator_client.post(
        RESOURCES, {"action": "delete_selected", "_selected_action": [resource.pk], "post": "yes"}
    )
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_nobody_deletes_an_entry_not_even_a_superuser(admin_client, make_resource):
    resource = make_resource("Kept for ever")

    assert "delete_selected" not in action_names(admin_client.get(RESOURCES))
    assert (
        admin_client.post(f"{RESOURCES}{resource.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_a_failed_link_stands_out_in_the_list_and_has_a_filter_of_its_own(
    moderator_client, make_resource, page_of
):
    checked = timezone.now() - timedelta(hours=3)
    broken = make_resource(
        "Broken group",
        link_status=LinkStatus.BROKEN,
        link_status_code=404,
        link_detail="Not Found",
        link_checked_at=checked,
    )
    timed_out = make_resource(
        "Slow group", link_status=LinkStatus.TIMED_OUT, link_checked_at=checked
    )
    make_resource("Working group", link_status=LinkStatus.OK, link_checked_at=checked)

    page = page_of(moderator_client.get(RESOURCES, {"q": "group"}))

    assert "Needs attention: Broken (HTTP 404): Not Found, checked 3 hours ago" in page.text
    assert "Needs attention: Timed out, checked 3 hours ago" in page.text
    assert "Working, checked 3 hours ago" in page.text
    assert page.text.count("Needs attention:") == 2
    needing_attention = listed(moderator_client.get(RESOURCES, {"attention": "yes"}))
    assert needing_attention == [broken, timed_out]


def test_entry_list_runs_a_fixed_number_of_queries(
    moderator_client, make_resource, django_assert_max_num_queries
):
    for _ in range(20):
        make_resource()

    with django_assert_max_num_queries(12):
        assert moderator_client.get(RESOURCES).status_code == 200


# -- Suggestions ----------------------------------------------------------------------------------


@pytest.fixture
def suggest(member):
    def make(
        name: str = "Leeds MMN peer group",
        url: str = "https://leeds-mmn.example.org/",
        by=None,
    ) -> ResourceSuggestion:
        return services.suggestion_create(
            member=by or member, name=name, url=url, note="They meet monthly; very welcoming."
        )

    return make


@pytest.fixture
def suggestion(suggest) -> ResourceSuggestion:
    return suggest()


def accept_data(**fields) -> dict:
    return {"existing": "", **entry_data(), **fields}


def test_suggestion_page_offers_accept_and_decline_while_it_waits(
    moderator_client, suggestion, page_of
):
    page = page_of(moderator_client.get(f"{SUGGESTIONS}{suggestion.pk}/change/"))

    offered = {link["text"]: link["href"] for link in page.links_within("decide-buttons")}
    assert offered == {
        "Accept into the directory\u2026": f"{SUGGESTIONS}{suggestion.pk}/accept/",
        "Decline\u2026": f"{SUGGESTIONS}{suggestion.pk}/decline/",
    }
    assert "They meet monthly; very welcoming." in page.text
    assert "hannah_mmn" in page.text


def test_accept_page_is_filled_in_from_the_suggestion_but_the_description_is_the_moderators(
    moderator_client, suggestion
):
    response = moderator_client.get(f"{SUGGESTIONS}{suggestion.pk}/accept/")

    assert response.context["form"].initial == {
        "name": "Leeds MMN peer group",
        "slug": "leeds-mmn-peer-group",
        "url": "https://leeds-mmn.example.org/",
    }
    assert "They meet monthly; very welcoming." in response.content.decode(), "the note is shown"


def test_accepting_a_suggestion_adds_a_published_entry_and_thanks_the_member(
    moderator_client, moderator, member, suggestion
):
    response = moderator_client.post(f"{SUGGESTIONS}{suggestion.pk}/accept/", accept_data())

    resource = Resource.objects.get(slug="leeds-mmn-peer-group")
    assert response.status_code == 302
    assert response["Location"] == f"{RESOURCES}{resource.pk}/change/"
    assert resource.is_published
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.resource, suggestion.decided_by) == (
        "accepted",
        resource,
        moderator,
    )
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        ResourceAuditAction.RESOURCE_ADD,
        ResourceAuditAction.SUGGESTION_ACCEPT,
    }
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == ResourceNotificationKind.SUGGESTION_ACCEPTED
    assert notification.url == resource.get_absolute_url()


def test_accepting_updates_the_unpublished_entry_that_has_the_same_link(
    moderator_client, suggestion, make_resource
):
    # Added by a moderator, unpublished, after the member had suggested it.
    resource = make_resource(
        "Leeds group", url="http://www.leeds-mmn.example.org", is_published=False
    )
    before = Resource.objects.count()
    page = moderator_client.get(f"{SUGGESTIONS}{suggestion.pk}/accept/")
    assert page.context["form"].initial["existing"] == resource

    response = moderator_client.post(
        f"{SUGGESTIONS}{suggestion.pk}/accept/",
        accept_data(existing=resource.pk, name="Leeds MMN peer group", slug=""),
    )

    assert response.status_code == 302
    assert Resource.objects.count() == before
    resource.refresh_from_db()
    assert (resource.name, resource.url, resource.is_published) == (
        "Leeds MMN peer group",
        "https://leeds-mmn.example.org/",
        True,
    )
    assert resource.slug.startswith("test-resource-")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.resource) == ("accepted", resource)


def test_accepting_as_a_new_entry_a_link_the_directory_has_is_a_form_error(
    moderator_client, suggestion, make_resource, page_of
):
    resource = make_resource("Leeds group", url="https://leeds-mmn.example.org")

    response = moderator_client.post(f"{SUGGESTIONS}{suggestion.pk}/accept/", accept_data())

    assert response.status_code == 200
    assert f"already in the directory as \u201c{resource.name}\u201d" in page_of(response).text
    suggestion.refresh_from_db()
    assert suggestion.status == "waiting"
    assert not AuditEntry.objects.exists()


def test_accepting_a_suggestion_another_moderator_declined_changes_nothing(
    moderator_client, second_moderator, member, suggestion, page_of
):
    services.suggestion_decline(
        moderator=second_moderator, suggestion=suggestion, reason="We list national groups only."
    )
    before = Resource.objects.count()

    response = moderator_client.post(f"{SUGGESTIONS}{suggestion.pk}/accept/", accept_data())

    assert response.status_code == 200
    assert "This suggestion has already been decided (Declined)." in page_of(response).text
    assert Resource.objects.count() == before
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("declined", second_moderator)
    assert not AuditEntry.objects.filter(action=ResourceAuditAction.SUGGESTION_ACCEPT).exists()
    assert Notification.objects.filter(recipient=member).count() == 1


def test_declining_asks_for_a_reason_the_member_will_read(
    moderator_client, member, suggestion, page_of
):
    response = moderator_client.post(f"{SUGGESTIONS}{suggestion.pk}/decline/", {"reason": " "})

    assert response.status_code == 200
    assert "Please give a reason" in page_of(response).text
    suggestion.refresh_from_db()
    assert suggestion.status == "waiting"
    assert not Notification.objects.filter(recipient=member).exists()


def test_declining_with_a_reason_tells_the_member_why(
    moderator_client, moderator, member, suggestion
):
    response = moderator_client.post(
        f"{SUGGESTIONS}{suggestion.pk}/decline/", {"reason": "We list national groups only."}
    )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decision_reason) == (
        "declined",
        "We list national groups only.",
    )
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == ResourceNotificationKind.SUGGESTION_DECLINED
    assert "We list national groups only." in notification.text
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.reason) == (
        moderator,
        ResourceAuditAction.SUGGESTION_DECLINE,
        "We list national groups only.",
    )


def test_moderator_declines_several_suggestions_at_once_with_a_reason(
    moderator_client, suggest, other_member, page_of
):
    first = suggest()
    second = suggest("Shop", "https://shop.example.org/", by=other_member)

    refused = confirm(moderator_client, SUGGESTIONS, "decline_selected", [first, second])
    assert "Please give a reason" in page_of(refused).text
    assert ResourceSuggestion.objects.filter(status="waiting").count() == 2

    response = confirm(
        moderator_client, SUGGESTIONS, "decline_selected", [first, second], reason="Not for MMN."
    )

    assert messages_of(response) == ["Declined 2 suggestions."]
    assert set(ResourceSuggestion.objects.values_list("status", flat=True)) == {"declined"}
    assert (
        Notification.objects.filter(kind=ResourceNotificationKind.SUGGESTION_DECLINED).count() == 2
    )


def test_a_decided_suggestion_shows_the_decision_and_offers_no_buttons(
    moderator_client, second_moderator, suggestion, page_of
):
    services.suggestion_decline(
        moderator=second_moderator, suggestion=suggestion, reason="We list national groups only."
    )

    page = page_of(moderator_client.get(f"{SUGGESTIONS}{suggestion.pk}/change/"))

    assert "Declined by tom_volunteer on" in page.text
    assert "\u201cWe list national groups only.\u201d" in page.text
    assert page.links_within("decide-buttons") == []
    response = moderator_client.get(f"{SUGGESTIONS}{suggestion.pk}/decline/", follow=True)
    assert response.redirect_chain == [(f"{SUGGESTIONS}{suggestion.pk}/change/", 302)]
    assert messages_of(response) == ["This suggestion has already been decided (Declined)."]


def test_an_accepted_suggestion_links_to_its_entry(moderator_client, suggestion, page_of):
    moderator_client.post(f"{SUGGESTIONS}{suggestion.pk}/accept/", accept_data())
    resource = Resource.objects.get(slug="leeds-mmn-peer-group")

    page = page_of(moderator_client.get(f"{SUGGESTIONS}{suggestion.pk}/change/"))

    assert "Added to the directory by jane_volunteer on" in page.text
    assert {"href": f"{RESOURCES}{resource.pk}/change/", "text": resource.name} in [
        {"href": link["href"], "text": link["text"]} for link in page.links
    ]


def test_suggestions_list_shows_the_waiting_ones_oldest_first(
    moderator_client, moderator, suggest, other_member, make_member, page_of
):
    newer = suggest()
    older = suggest("Older", "https://older.example.org/", by=other_member)
    ResourceSuggestion.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    decided = suggest("Decided", "https://decided.example.org/", by=make_member("ruth_mmn"))
    services.suggestion_decline(moderator=moderator, suggestion=decided, reason="Duplicate.")

    response = moderator_client.get(SUGGESTIONS)

    assert [s.pk for s in listed(response)] == [older.pk, newer.pk]
    assert [s.pk for s in listed(moderator_client.get(SUGGESTIONS, {"status": "all"}))] == [
        older.pk,
        newer.pk,
        decided.pk,
    ]
    opened = [link for link in page_of(response).links if link["href"] == newer.url]
    assert [link["rel"] for link in opened] == ["noopener noreferrer"]
    assert newer.url in page_of(response).text


def test_suggestion_pages_never_show_the_members_email(
    moderator_client, member, suggestion, second_moderator
):
    other = services.suggestion_create(
        member=member, name="Another", url="https://another.example.org/", note="Useful."
    )
    services.suggestion_decline(moderator=second_moderator, suggestion=other, reason="No.")

    for url in (
        SUGGESTIONS,
        f"{SUGGESTIONS}?status=all",
        f"{SUGGESTIONS}{suggestion.pk}/change/",
        f"{SUGGESTIONS}{suggestion.pk}/accept/",
        f"{SUGGESTIONS}{suggestion.pk}/decline/",
        f"{SUGGESTIONS}{other.pk}/change/",
    ):
        response = moderator_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert member.email not in html, url
        assert "hannah_mmn" in html, url
    filtered = moderator_client.get(SUGGESTIONS, {"suggested_by__email__startswith": "h"})
    assert filtered.status_code == 400


def test_moderator_cannot_add_or_delete_suggestions(moderator_client, suggestion):
    assert moderator_client.get(f"{SUGGESTIONS}add/").status_code == 403
    assert (
        moderator_client.post(f"{SUGGESTIONS}{suggestion.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert action_names(moderator_client.get(SUGGESTIONS)) == ["decline_selected"]
    assert ResourceSuggestion.objects.filter(pk=suggestion.pk).exists()


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


def test_suggestions_list_runs_a_fixed_number_of_queries(
    moderator_client, make_member, django_assert_max_num_queries
):
    for number in range(10):
        services.suggestion_create(
            member=make_member(),
            name=f"Group {number}",
            url=f"https://group-{number}.example.org/",
            note="Helpful.",
        )

    with django_assert_max_num_queries(10):
        assert moderator_client.get(SUGGESTIONS).status_code == 200


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


# -- What a cold review found ---------------------------------------------------------------------


def test_accepting_into_an_existing_entry_offers_its_curated_link_not_the_members_spelling(
    moderator_client, suggest, make_resource
):
    suggestion = suggest("MDA", "http://mda-test.example.org")
    # A moderator added the entry, with its https address, after the member suggested it.
    curated = make_resource("MDA test", url="https://www.mda-test.example.org/")

    form = moderator_client.get(f"{SUGGESTIONS}{suggestion.pk}/accept/").context["form"]

    assert form.initial["existing"] == curated
    assert form.initial["url"] == "https://www.mda-test.example.org/"


def test_accepting_into_an_unpublished_entry_is_audited_as_publishing_it(
    moderator_client, moderator, suggestion, make_resource
):
    resource = make_resource("Leeds group", url=suggestion.url, is_published=False)

    moderator_client.post(
        f"{SUGGESTIONS}{suggestion.pk}/accept/", accept_data(existing=resource.pk, slug="")
    )

    actions = set(AuditEntry.objects.filter(actor=moderator).values_list("action", "target_type"))
    assert (ResourceAuditAction.RESOURCE_PUBLISH, "resource") in actions
    assert (ResourceAuditAction.SUGGESTION_ACCEPT, "resourcesuggestion") in actions


def test_changing_which_categories_show_a_topic_is_audited(moderator_client, moderator):
    topic = Topic.objects.get(slug="carers")
    symptoms = Category.objects.get(slug="symptoms")

    moderator_client.post(
        f"/admin/resources/topic/{topic.pk}/change/", {"categories": [symptoms.pk]}
    )

    entry = AuditEntry.objects.get(actor=moderator, action=ResourceAuditAction.TOPIC_EDIT)
    assert entry.target_label == "Carers"
    assert entry.reason == "Shown beside threads in: Symptoms"


def test_a_new_link_forgets_the_old_links_check(moderator_client, make_resource):
    checked = timezone.now() - timedelta(days=2)
    resource = make_resource(
        "Moving group",
        url="https://old.example.org/",
        link_status=LinkStatus.OK,
        link_status_code=200,
        link_checked_at=checked,
        last_verified_at=checked,
    )

    moderator_client.post(
        f"{RESOURCES}{resource.pk}/change/", edit_data(resource, url="https://new.example.org/")
    )

    resource.refresh_from_db()
    assert resource.url == "https://new.example.org/"
    assert (resource.link_status, resource.last_verified_at, resource.link_checked_at) == (
        LinkStatus.UNCHECKED,
        None,
        None,
    )


def test_an_unpublished_entry_with_a_failed_link_leaves_the_admin_index_count(
    moderator_client, make_resource, page_of
):
    make_resource("Gone group", link_status=LinkStatus.BROKEN, is_published=False)

    box = page_of(moderator_client.get("/admin/")).texts_of("moderation-waiting")

    assert not any("failed" in text for text in box)
    assert listed(moderator_client.get(RESOURCES, {"attention": "yes"})) == []
