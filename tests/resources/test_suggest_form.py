"""Sending a suggestion at /resources/suggest/: a good one is saved and waits for a moderator,
addresses are tidied (https:// added), links that cannot be taken are refused with a clear
reason (not a web address, already in the directory or suggested, on our own server or a
private network), and the form never loses what the member typed."""

import pytest

from resources import services
from resources.models import ResourceSuggestion, SuggestionStatus
from tests.resources.suggest_page import GOOD, URL, form_values, suggest, suggestions_shown

NOT_A_WEB_ADDRESS = "Enter a web address that starts with http:// or https://."
MDA = "Muscular Dystrophy Association (MDA)"


# A good suggestion -------------------------------------------------------------------------------


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


# Refused links -----------------------------------------------------------------------------------


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


# Never lost --------------------------------------------------------------------------------------


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
