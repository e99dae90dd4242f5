"""/resources/suggest/: a signed-in member proposes an organisation or link, is told clearly why a
link cannot be taken, never loses what they typed, and sees what became of their suggestions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from resources import services
from resources.models import (
    Region,
    Resource,
    ResourceKind,
    ResourceSuggestion,
    SuggestionStatus,
    Topic,
)

URL = "/resources/suggest/"
NOT_A_WEB_ADDRESS = "Enter a web address that starts with http:// or https://."
MDA = "Muscular Dystrophy Association (MDA)"

GOOD = {
    "name": "Hand Therapy Circle",
    "url": "https://hand-therapy.example.org/",
    "note": "Occupational therapists who showed me grip aids.",
}


def suggest(member, **fields) -> ResourceSuggestion:
    return services.suggestion_create(member=member, **{**GOOD, **fields})


def form_values(page) -> dict[str, str]:
    """What the form shows in each field."""
    values = {
        attrs["name"]: attrs.get("value", "")
        for tag, attrs in page.tags
        if tag == "input" and attrs.get("name") in ("name", "url")
    }
    if "id_note" in page.ids:
        values["note"] = page.text_of("id_note")
    return values


def suggestions_shown(page) -> list[str]:
    return page.texts_of("suggestion")


def suspend(member) -> None:
    member.suspended_until = timezone.now() + timedelta(days=7)
    member.suspension_reason = "Repeated advertising."
    member.save()


# Who may suggest ------------------------------------------------------------------------------


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


# A good suggestion -----------------------------------------------------------------------------


def test_a_good_suggestion_is_saved_and_listed_as_waiting(signed_in, page_of, member):
    response = signed_in.post(URL, GOOD)

    suggestion = ResourceSuggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{URL}#suggestion-{suggestion.pk}"
    assert suggestion.suggested_by == member
    assert suggestion.status == SuggestionStatus.WAITING
    assert (suggestion.name, suggestion.url, suggestion.note) == (
        GOOD["name"],
        GOOD["url"],
        GOOD["note"],
    )

    page = page_of(signed_in.get(response["Location"]))
    assert "Thank you for suggesting \u201cHand Therapy Circle\u201d" in page.text
    [shown] = suggestions_shown(page)
    assert shown.startswith("Hand Therapy Circle https://hand-therapy.example.org/")
    assert "Waiting A moderator will look at it soon." in shown
    assert f"suggestion-{suggestion.pk}" in page.ids


def test_a_waiting_suggestion_is_not_yet_in_the_directory(signed_in, page_of):
    signed_in.post(URL, GOOD)

    page = page_of(signed_in.get("/resources/", {"q": "hand therapy"}))

    assert page.texts_of("resource-name") == []


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("www.example-support.org/mmn", "https://www.example-support.org/mmn"),
        ("example-support.org", "https://example-support.org"),
        ("  example-support.org/groups  ", "https://example-support.org/groups"),
    ],
)
def test_an_address_without_its_scheme_is_taken_as_https(signed_in, page_of, typed, saved):
    response = signed_in.post(URL, {**GOOD, "url": typed})

    assert response.status_code == 302
    assert ResourceSuggestion.objects.get().url == saved
    assert saved in suggestions_shown(page_of(signed_in.get(URL)))[0]


def test_an_http_address_is_kept_as_typed(signed_in):
    signed_in.post(URL, {**GOOD, "url": "http://old-site.example.org/mmn"})

    assert ResourceSuggestion.objects.get().url == "http://old-site.example.org/mmn"


def test_another_page_of_a_site_in_the_directory_can_be_suggested(signed_in):
    response = signed_in.post(URL, {**GOOD, "url": "https://www.mda.org/disease/mmn"})

    assert response.status_code == 302
    assert ResourceSuggestion.objects.get().url == "https://www.mda.org/disease/mmn"


# Refused links ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "ftp://files.example.org/mmn.pdf",
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "mailto:help@example.org",
        "file:///etc/passwd",
        "not a web address",
    ],
)
def test_a_link_that_is_not_a_web_address_gets_a_clear_error(
    signed_in, page_of, assert_no_active_content, typed
):
    response = signed_in.post(URL, {**GOOD, "url": typed})

    assert response.status_code == 400
    page = page_of(response)
    assert page.text_of("id_url_error") == NOT_A_WEB_ADDRESS
    assert form_values(page) == {**GOOD, "url": typed}
    assert not ResourceSuggestion.objects.exists()
    assert_no_active_content(response.content.decode())


@pytest.mark.parametrize(
    "typed",
    [
        "data:text/html,<script>alert(1)</script>",
        "example.org:abc/page",
        "https://example.org:99999/",
        "http://[::1/",
    ],
    ids=["data-url", "port-not-a-number", "port-out-of-range", "broken-ipv6"],
)
def test_an_address_that_cannot_be_read_gets_the_clear_error_never_a_500(signed_in, page_of, typed):
    response = signed_in.post(URL, {**GOOD, "url": typed})

    assert response.status_code == 400
    page = page_of(response)
    assert page.text_of("id_url_error") == NOT_A_WEB_ADDRESS
    assert form_values(page) == {**GOOD, "url": typed}
    assert not ResourceSuggestion.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        "https://www.mda.org/",
        "http://www.MDA.org",
        "mda.org",
        "https://mda.org/#donate",
        "HTTPS://WWW.MDA.ORG:443/",
    ],
)
def test_a_link_the_directory_has_gets_an_error_naming_the_entry(signed_in, page_of, typed):
    response = signed_in.post(URL, {**GOOD, "url": typed})

    assert response.status_code == 400
    page = page_of(response)
    assert (
        page.text_of("id_url_error") == f"The directory already has this link: \u201c{MDA}\u201d."
    )
    assert form_values(page) == {**GOOD, "url": typed}
    assert not ResourceSuggestion.objects.exists()


def test_a_link_of_an_unpublished_entry_is_refused_without_naming_it(
    signed_in, page_of, make_resource
):
    make_resource(
        "Draft Entry Under Review",
        url="https://draft-entry.example.org/",
        is_published=False,
        slug="draft-entry",
    )

    response = signed_in.post(URL, {**GOOD, "url": "http://www.draft-entry.example.org"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Moderators already know this link" in page_of(response).text_of("id_url_error")
    assert "Draft Entry Under Review" not in html
    assert "/resources/draft-entry/" not in html
    assert not ResourceSuggestion.objects.exists()


def test_suggesting_a_waiting_link_again_says_you_already_did(signed_in, page_of, member):
    suggest(member, url="https://www.ataxia-help.example.org/")

    response = signed_in.post(
        URL, {**GOOD, "name": "Ataxia Help again", "url": "ataxia-help.example.org"}
    )

    assert response.status_code == 400
    page = page_of(response)
    assert page.text_of("id_url_error") == (
        "You have already suggested this link; a moderator will look at it soon."
    )
    assert form_values(page)["url"] == "ataxia-help.example.org"
    assert ResourceSuggestion.objects.count() == 1


def test_a_link_another_member_suggested_says_so_without_saying_who(
    signed_in, page_of, other_member
):
    suggest(
        other_member,
        name="Dave's private find",
        url="https://www.ataxia-help.example.org/",
        note="My neighbour runs it.",
    )

    response = signed_in.post(URL, {**GOOD, "url": "HTTP://ataxia-help.example.org/"})

    assert response.status_code == 400
    html = response.content.decode()
    assert page_of(response).text_of("id_url_error") == (
        "Another member has already suggested this link; a moderator will look at it soon."
    )
    for secret in ("carer_dave", "Dave&#x27;s private find", "neighbour", "Dave's private find"):
        assert secret not in html
    assert ResourceSuggestion.objects.count() == 1


def test_a_declined_link_may_be_suggested_again(signed_in, member, moderator):
    first = suggest(member)
    services.suggestion_decline(moderator=moderator, suggestion=first, reason="Site was down.")

    response = signed_in.post(URL, GOOD)

    assert response.status_code == 302
    assert ResourceSuggestion.objects.filter(status=SuggestionStatus.WAITING).count() == 1


# Limits -----------------------------------------------------------------------------------------


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


# What became of it ------------------------------------------------------------------------------


def test_a_declined_suggestion_shows_the_moderators_reason(signed_in, page_of, member, moderator):
    suggestion = suggest(member)
    services.suggestion_decline(
        moderator=moderator, suggestion=suggestion, reason="It sells unproven supplements."
    )

    [shown] = suggestions_shown(page_of(signed_in.get(URL)))

    assert "Declined The moderator's reason: It sells unproven supplements." in shown
    assert "Waiting" not in shown


def accept(member, moderator, **fields) -> Resource:
    suggestion = suggest(member, **fields)
    return services.suggestion_accept(
        moderator=moderator,
        suggestion=suggestion,
        resource=Resource(
            name="Hand Therapy Circle (UK)",
            slug="hand-therapy-circle",
            url=suggestion.url,
            kind=ResourceKind.CHARITY,
            description="Occupational therapists sharing grip aids.",
        ),
        regions=[Region.objects.get(slug="uk")],
        topics=[Topic.objects.get(slug="daily-living")],
    )


def test_an_accepted_suggestion_links_to_its_entry(signed_in, page_of, member, moderator):
    accept(member, moderator)

    page = page_of(signed_in.get(URL))

    [shown] = suggestions_shown(page)
    assert "Added It is in the directory: Hand Therapy Circle (UK)" in shown
    links = {link["text"]: link["href"] for link in page.links}
    assert links["Hand Therapy Circle (UK)"] == "/resources/hand-therapy-circle/"
    assert signed_in.get("/resources/hand-therapy-circle/").status_code == 200


def test_an_accepted_entry_later_unpublished_is_not_linked(signed_in, page_of, member, moderator):
    resource = accept(member, moderator)
    services.resource_set_published(actor=moderator, resource=resource, published=False)

    response = signed_in.get(URL)

    [shown] = suggestions_shown(page_of(response))
    assert "A moderator added it to the directory." in shown
    assert "/resources/hand-therapy-circle/" not in response.content.decode()


def test_suggestions_are_listed_newest_first(signed_in, page_of, member):
    suggest(member, name="First Group", url="https://first.example.org/")
    suggest(member, name="Second Group", url="https://second.example.org/")

    shown = suggestions_shown(page_of(signed_in.get(URL)))

    assert [text.split(" https://")[0] for text in shown] == ["Second Group", "First Group"]


def test_a_member_never_sees_another_members_suggestions(
    signed_in, page_of, other_member, moderator
):
    waiting = suggest(other_member, name="Dave's Waiting Find", url="https://a.example.org/")
    declined = suggest(other_member, name="Dave's Declined Find", url="https://b.example.org/")
    services.suggestion_decline(moderator=moderator, suggestion=declined, reason="Off topic.")

    response = signed_in.get(URL)

    html = response.content.decode()
    assert suggestions_shown(page_of(response)) == []
    assert "You have not suggested anything yet." in page_of(response).text
    assert "Find" not in html
    assert f"suggestion-{waiting.pk}" not in html


# Never lost, never leaked -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"note": ""},
        {"url": ""},
        {"name": "N" * 201},
        {"url": "gopher://old.example.org/"},
        {"url": "http://www.MDA.org"},
    ],
    ids=["no-name", "no-note", "no-url", "long-name", "bad-scheme", "in-directory"],
)
def test_the_form_keeps_what_was_typed_after_any_error(signed_in, page_of, changes):
    typed = {
        "name": "Café <Grip> Club",
        "url": "https://grip-club.example.org/?a=1&b=2",
        "note": 'Line one.\nLine two with "quotes" & <angle brackets>.',
        **changes,
    }

    response = signed_in.post(URL, typed)

    assert response.status_code == 400
    kept = form_values(page_of(response))
    assert kept["name"] == typed["name"]
    assert kept["url"] == typed["url"]
    assert kept["note"].split() == typed["note"].split()
    assert not ResourceSuggestion.objects.exists()


def test_errors_ask_for_each_missing_field(signed_in, page_of):
    response = signed_in.post(URL, {"name": "", "url": "", "note": ""})

    assert response.status_code == 400
    page = page_of(response)
    assert page.text_of("id_name_error") == "Please give the name of the organisation or page."
    assert page.text_of("id_url_error") == "Please give the web address."
    assert page.text_of("id_note_error") == "Please say in a sentence why it is useful."


def test_a_suggestion_is_shown_as_text_never_as_markup(signed_in, member, assert_no_active_content):
    suggest(
        member,
        name="<script>alert(1)</script>",
        note='<img src=x onerror="alert(1)">',
        url="https://markup.example.org/?q=<b>",
    )

    response = signed_in.get(URL)

    assert response.status_code == 200
    assert_no_active_content(response.content.decode())


def test_no_email_address_ever_appears_on_the_page(
    signed_in, member, other_member, moderator, page_of
):
    accept(member, moderator, name="Accepted one", url="https://accepted.example.org/")
    declined = suggest(member, name="Declined one", url="https://declined.example.org/")
    services.suggestion_decline(moderator=moderator, suggestion=declined, reason="Off topic.")
    suggest(other_member, name="Dave's", url="https://daves.example.org/")

    pages = [
        signed_in.get(URL),
        signed_in.post(URL, {**GOOD, "url": "daves.example.org"}),
        signed_in.post(URL, {**GOOD, "url": "accepted.example.org"}),
    ]

    for response in pages:
        html = response.content.decode()
        for person in (member, other_member, moderator):
            assert person.email not in html
        assert "@" not in page_of(response).text


@pytest.mark.parametrize(
    "typed",
    [
        "http://localhost:8000/admin/",
        "http://127.0.0.1/",
        "http://[::1]:80/",
        "http://10.0.0.5/intranet",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org:0/",
        "https://example.org\\@evil.example/",
    ],
    ids=["localhost", "loopback", "ipv6-loopback", "private", "link-local", "port-0", "backslash"],
)
def test_an_address_on_our_own_server_or_private_network_is_refused(signed_in, page_of, typed):
    """The link checker requests every published link from our server: it must never be
    pointed at the server itself or the network behind it."""
    response = signed_in.post(URL, {**GOOD, "url": typed})

    assert response.status_code == 400
    assert page_of(response).text_of("id_url_error") == NOT_A_WEB_ADDRESS
    assert not ResourceSuggestion.objects.exists()
