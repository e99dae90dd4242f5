"""Curating directory entries in the admin: adding and editing them through the service (and
the audit of both), links already in the directory, publishing and unpublishing with a
reason, that nobody deletes an entry, and how failed link checks show in the list."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from resources import services
from resources.models import LinkStatus, Resource, ResourceAuditAction
from tests.forum.moderation.admin_actions import confirm, messages_of
from tests.resources.admin_pages import RESOURCES, action_names, entry_data, listed


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
