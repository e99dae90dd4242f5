"""Who may suggest a resource at /resources/suggest/ and how many at once: visitors are sent
to sign in, members are invited from the directory, five waiting suggestions are the most
one member may have, and a suspended member sees their suggestions but cannot send more."""

from datetime import timedelta

import pytest
from django.utils import timezone

from resources import services
from resources.models import ResourceSuggestion
from tests.resources.suggest_page import GOOD, URL, form_values, suggest, suggestions_shown


def suspend(member) -> None:
    member.suspended_until = timezone.now() + timedelta(days=7)
    member.suspension_reason = "Repeated advertising."
    member.save()


# Who may suggest ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_visitor_is_sent_to_sign_in(client, db, method):
    response = client.get(URL) if method == "get" else client.post(URL, GOOD)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"
    assert not ResourceSuggestion.objects.exists()


def test_a_member_sees_the_form_and_no_suggestions_yet(signed_in, page_of):
    response = signed_in.get(URL)

    assert response.status_code == 200
    page = page_of(response)
    assert form_values(page) == {"name": "", "url": "", "note": ""}
    assert "You have not suggested anything yet." in page.text


def test_the_directory_invites_members_to_suggest(client, signed_in, page_of):
    links = {link["text"]: link["href"] for link in page_of(signed_in.get("/resources/")).links}

    assert links["Suggest a resource"] == URL


# Limits ------------------------------------------------------------------------------------------


def fill_waiting(member, count: int = 5) -> list[ResourceSuggestion]:
    return [
        suggest(member, name=f"Group {n}", url=f"https://group-{n}.example.org/")
        for n in range(count)
    ]


def test_a_member_with_five_waiting_is_asked_to_wait(signed_in, page_of, member):
    fill_waiting(member)

    response = signed_in.post(URL, GOOD)

    assert response.status_code == 400
    page = page_of(response)
    assert "You have 5 suggestions waiting for a moderator." in page.text
    assert form_values(page) == GOOD
    assert not ResourceSuggestion.objects.filter(name=GOOD["name"]).exists()
    assert len(suggestions_shown(page)) == 5


def test_four_waiting_still_allows_a_fifth(signed_in, member):
    fill_waiting(member, 4)

    assert signed_in.post(URL, GOOD).status_code == 302
    assert ResourceSuggestion.objects.filter(suggested_by=member).count() == 5


def test_a_decided_suggestion_frees_a_place(signed_in, member, moderator):
    waiting = fill_waiting(member)
    services.suggestion_decline(moderator=moderator, suggestion=waiting[0], reason="Duplicate.")

    assert signed_in.post(URL, GOOD).status_code == 302


def test_one_members_waiting_suggestions_do_not_limit_another(client, member, other_member):
    fill_waiting(member)
    client.force_login(other_member)

    assert client.post(URL, GOOD).status_code == 302


def test_a_suspended_member_sees_their_suggestions_but_no_form(client, page_of, member, moderator):
    earlier = suggest(member, name="Earlier Group")
    services.suggestion_decline(moderator=moderator, suggestion=earlier, reason="Not about MMN.")
    suspend(member)
    client.force_login(member)

    response = client.get(URL)

    assert response.status_code == 200
    page = page_of(response)
    assert "Your account is suspended until" in page.text
    assert "Earlier Group" in suggestions_shown(page)[0]
    assert "Not about MMN." in suggestions_shown(page)[0]
    assert "id_note" not in page.ids
    assert "Send the suggestion" not in page.text


def test_a_suspended_member_cannot_send_and_keeps_their_text(client, page_of, member):
    suspend(member)
    client.force_login(member)

    response = client.post(URL, GOOD)

    assert response.status_code == 403
    page = page_of(response)
    assert "Your account is suspended until" in page.text
    assert form_values(page) == GOOD
    assert not ResourceSuggestion.objects.exists()
