"""Deciding members' suggestions in the admin: the accept page filled in from the suggestion,
accepting as a new entry or into the entry that already has the link, declining with a
reason the member reads (one or several at once), what a decided suggestion shows, the
list of waiting suggestions, and that members' email addresses never appear."""

from datetime import timedelta

from django.utils import timezone

from audit.models import AuditEntry
from notifications.models import Notification
from resources import services
from resources.models import (
    Resource,
    ResourceAuditAction,
    ResourceNotificationKind,
    ResourceSuggestion,
)
from tests.forum.moderation.admin_actions import confirm, messages_of
from tests.resources.admin_pages import RESOURCES, SUGGESTIONS, accept_data, action_names, listed


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
