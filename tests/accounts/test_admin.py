"""Members in the admin: superusers manage sign-in details, moderators never see an email."""

import pytest

from accounts.models import User


def test_superuser_sees_members_with_their_email(admin_client, member):
    response = admin_client.get(f"/admin/accounts/user/{member.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert member.email in html
    assert "Health data consent version" in html


def test_superuser_searches_members_by_email(admin_client, member, other_member):
    response = admin_client.get("/admin/accounts/user/", {"q": "hannah_mmn@example"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [member]


def test_superuser_filters_members_by_role(admin_client, member, other_member):
    response = admin_client.get("/admin/accounts/user/", {"role__exact": "carer"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [other_member]


def test_moderator_sees_the_member_list_by_display_name(moderator_client, member, other_member):
    response = moderator_client.get("/admin/accounts/user/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "hannah_mmn" in html
    assert "carer_dave" in html
    assert "@example.org" not in html


def test_moderator_sees_a_members_page_without_their_email(moderator_client, member):
    response = moderator_client.get(f"/admin/accounts/user/{member.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "hannah_mmn" in html
    assert "Person with MMN" in html
    assert member.email not in html
    assert "@example.org" not in html, "not even the moderator's own address in the header"


def test_moderator_cannot_change_a_member(moderator_client, member):
    response = moderator_client.get(f"/admin/accounts/user/{member.pk}/change/")

    assert 'name="display_name"' not in response.content.decode(), "a read-only view"
    response = moderator_client.post(
        f"/admin/accounts/user/{member.pk}/change/", {"display_name": "renamed", "role": "mmn"}
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.display_name == "hannah_mmn"


def test_moderator_search_does_not_match_email_addresses(moderator_client, member):
    by_email = moderator_client.get("/admin/accounts/user/", {"q": "hannah_mmn@example.org"})
    by_name = moderator_client.get("/admin/accounts/user/", {"q": "hannah"})

    assert list(by_email.context["cl"].result_list) == []
    assert list(by_name.context["cl"].result_list) == [member]


@pytest.mark.parametrize("lookup", ["email__startswith", "email", "email__icontains"])
def test_moderator_cannot_probe_email_addresses_through_changelist_filters(
    moderator_client, member, lookup
):
    response = moderator_client.get("/admin/accounts/user/", {lookup: "hannah"})

    assert response.status_code == 400
    assert "hannah" not in response.content.decode()


def test_moderator_cannot_add_members(moderator_client):
    assert moderator_client.get("/admin/accounts/user/add/").status_code == 403


def test_superuser_admin_change_cannot_reuse_a_taken_name_in_full_width(admin_client, member):
    other = User.objects.create_user(email="x@example.org", password=None, display_name="xavier")
    data = {
        "email": other.email,
        "display_name": "\uff48\uff41\uff4e\uff4e\uff41\uff48_\uff4d\uff4d\uff4e",
        "role": "mmn",
        "region": "",
        "bio": "",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }

    response = admin_client.post(f"/admin/accounts/user/{other.pk}/change/", data)

    assert response.status_code == 200
    assert "That display name is taken. Please choose another." in response.content.decode()
    other.refresh_from_db()
    assert other.display_name == "xavier"
