"""What a member sees of their own suggestions at /resources/suggest/: waiting, declined with
the moderator's reason, or added with a link to the entry (while it is published), newest
first; never another member's suggestions, never markup, never an email address."""

from resources import services
from resources.models import Region, Resource, ResourceKind, Topic
from tests.resources.suggest_page import GOOD, URL, suggest, suggestions_shown

# What became of it -------------------------------------------------------------------------------


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


# Never leaked ------------------------------------------------------------------------------------


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
